// SPDX-License-Identifier: MIT
/*
 * Tests of src/arch/cmd.c against facts §5: a hand-assembled vector per
 * opcode, every single bit of every opcode (defined, ignored or RES0),
 * every reserved opcode, every reserved field value, encode range checks
 * and random round trips.
 */
#include "arch_test.h"

struct op_layout {
	uint8_t op;
	uint64_t f0, f1;     /* field bits, dw0 (without the opcode) and dw1 */
	uint64_t ign0, ign1; /* bits accepted but not decoded (unconfirmed) */
	bool range;          /* TG != 0 with NUM = SCALE = TTL = 0 is ILL */
};

/*
 * facts §5.2-5.4, by hand. dw0: SSec 0x400, SSV 0x800, SSID 0xFFFFF000,
 * SID 0xFFFFFFFF00000000, VMID 0x0000FFFF00000000, ASID
 * 0xFFFF000000000000, NUM 0x1F000, SCALE 0x3F00000 (25:20 with DS),
 * Global 0x200, Ac/Ab and CS 0x3000, MSH 0xC00000, MSIAttr 0xF000000.
 * dw1 of the VA TLBIs: Leaf 1, TTL128 0x80, TTL 0x300, TG 0xC00,
 * VA 0xFFFFFFFFFFFFF000 (IPA 0x00FFFFFFFFFFF000).
 */
static const struct op_layout layouts[] = {
	{ 0x01, 0xFFFFFFFFFFFFFC00ull, 0, 0, 0, false },
	{ 0x02, 0xFFFFFFFFFFFFFC00ull, 0xFFFFFFFFFFFFF01Full,
	  0, 0x0000000000000FE0ull, false },
	{ 0x03, 0xFFFFFFFF00000400ull, 0x1ull, 0, 0, false },
	{ 0x04, 0xFFFFFFFF00000400ull, 0x1Full, 0, 0, false },
	{ 0x05, 0xFFFFFFFFFFFFF400ull, 0x1ull, 0, 0, false },
	{ 0x06, 0xFFFFFFFF00000400ull, 0, 0, 0, false },
	{ 0x07, 0x0000FFFF00000400ull, 0, 0, 0, false },
	{ 0x10, 0x0000FFFF00000000ull, 0, 0, 0, false },
	{ 0x11, 0xFFFFFFFF00000000ull, 0, 0, 0, false },
	{ 0x12, 0xFFFFFFFF03F1F000ull, 0xFFFFFFFFFFFFFF81ull, 0, 0, true },
	{ 0x13, 0x0000FFFF03F1F000ull, 0xFFFFFFFFFFFFFF81ull, 0, 0, true },
	{ 0x18, 0, 0, 0, 0, false },
	/* EL3_VA: assumed fields decoded, every other bit ignored */
	{ 0x1A, 0x0000000003F1F000ull, 0xFFFFFFFFFFFFFF81ull,
	  0xFFFFFFFFFC0E0F00ull, 0x000000000000007Eull, false },
	{ 0x20, 0, 0, 0, 0, false },
	{ 0x21, 0xFFFF000000000000ull, 0, 0, 0, false },
	{ 0x22, 0xFFFF000003F1F000ull, 0xFFFFFFFFFFFFFF81ull, 0, 0, true },
	{ 0x23, 0x0000000003F1F000ull, 0xFFFFFFFFFFFFFF81ull, 0, 0, true },
	{ 0x28, 0x0000FFFF00000000ull, 0, 0, 0, false },
	{ 0x2A, 0x0000FFFF03F1F000ull, 0x00FFFFFFFFFFFF81ull, 0, 0, true },
	{ 0x30, 0, 0, 0, 0, false },
	{ 0x40, 0xFFFFFFFFFFFFFA00ull, 0xFFFFFFFFFFFFF03Full, 0, 0, false },
	{ 0x41, 0xFFFFFFFFFFFFF800ull, 0x00000000000031FFull, 0, 0, false },
	{ 0x44, 0xFFFFFFFF00003400ull, 0x000000000000FFFFull, 0, 0, false },
	{ 0x45, 0xFFFFFFFF00000400ull, 0, 0, 0, false },
	{ 0x46, 0xFFFFFFFF0FC03000ull, 0x00FFFFFFFFFFFFFCull, 0, 0, false },
};

static const struct op_layout *layout_of(unsigned int op)
{
	size_t i;

	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (layouts[i].op == op)
			return &layouts[i];
	return NULL;
}

static void zero_cmd(struct smmu_cmd *c, uint8_t op)
{
	memset(c, 0, sizeof(*c));
	c->op = op;
}

/* c encodes to exactly (w0, w1) and (w0, w1) decodes back to c. */
static void check_vec(const struct smmu_cmd *c, uint64_t w0, uint64_t w1)
{
	uint64_t w[2], in[2] = { w0, w1 };
	struct smmu_cmd d;

	assert_int_equal(smmu_cmd_encode(c, w), 0);
	if (w[0] != w0 || w[1] != w1)
		fail_msg("%s: 0x%016llx 0x%016llx, want 0x%016llx 0x%016llx",
			 smmu_cmd_name(c->op), (unsigned long long)w[0],
			 (unsigned long long)w[1], (unsigned long long)w0,
			 (unsigned long long)w1);
	assert_int_equal(smmu_cmd_decode(in, &d), 0);
	assert_memory_equal(&d, c, sizeof(d));
}

static void test_cmd_vectors(void **state)
{
	struct smmu_cmd c;

	(void)state;
	/*
	 * CMD_SYNC as Linux issues it for MSI completion: CS = SIG_IRQ (01),
	 * MSH = ISH (11), MSIAttr = 0xF, MSIData = 0x1234,
	 * MSIAddress = 0x8_0000_1000.
	 * dw0 = 0x1234<<32 | 0xF<<24 | 3<<22 | 1<<12 | 0x46
	 *     = 0x00001234_00000000 + 0x0F000000 + 0x00C00000 + 0x1000 + 0x46
	 *     = 0x000012340FC01046
	 * dw1 = 0x0000000800001000
	 */
	zero_cmd(&c, SMMU_CMD_SYNC);
	c.cs = SMMU_SYNC_CS_IRQ;
	c.msh = SMMU_SH_ISH;
	c.msiattr = 0xF;
	c.msidata = 0x1234;
	c.msiaddr = 0x800001000ull;
	check_vec(&c, 0x000012340FC01046ull, 0x0000000800001000ull);
	/* CMD_SYNC CS = SIG_SEV: dw0 = 2<<12 | 0x46 = 0x2046 */
	zero_cmd(&c, SMMU_CMD_SYNC);
	c.cs = SMMU_SYNC_CS_SEV;
	check_vec(&c, 0x2046ull, 0);
	/* CFGI_STE SID 0x1234, Leaf: dw0 = 0x1234<<32 | 3, dw1 = 1 */
	zero_cmd(&c, SMMU_CMD_CFGI_STE);
	c.sid = 0x1234;
	c.leaf = true;
	check_vec(&c, 0x0000123400000003ull, 1);
	/* CFGI_ALL = CFGI_STE_RANGE with Range 31: dw0 = 4, dw1 = 0x1F */
	zero_cmd(&c, SMMU_CMD_CFGI_STE_RANGE);
	c.range = SMMU_CFGI_RANGE_ALL;
	check_vec(&c, 0x4ull, 0x1Full);
	/* CFGI_CD SID 0x42, SSID 0xABCDE, Leaf: 0x42<<32 | 0xABCDE<<12 | 5 */
	zero_cmd(&c, SMMU_CMD_CFGI_CD);
	c.sid = 0x42;
	c.ssid = 0xABCDE;
	c.leaf = true;
	check_vec(&c, 0x00000042ABCDE005ull, 1);
	/* CFGI_CD_ALL SID 7 */
	zero_cmd(&c, SMMU_CMD_CFGI_CD_ALL);
	c.sid = 7;
	check_vec(&c, 0x0000000700000006ull, 0);
	/* CFGI_VMS_PIDM VMID 0x99, SSec */
	zero_cmd(&c, SMMU_CMD_CFGI_VMS_PIDM);
	c.vmid = 0x99;
	c.ssec = true;
	check_vec(&c, 0x0000009900000407ull, 0);
	/* PREFETCH_CONFIG SID 0x10, SSV, SSID 3: 0x10<<32 | 3<<12 | 1<<11 | 1 */
	zero_cmd(&c, SMMU_CMD_PREFETCH_CONFIG);
	c.sid = 0x10;
	c.ssv = true;
	c.ssid = 3;
	check_vec(&c, 0x0000001000003801ull, 0);
	/* PREFETCH_ADDR SID 1, Size 4, Addr 0x1234_5000 */
	zero_cmd(&c, SMMU_CMD_PREFETCH_ADDR);
	c.sid = 1;
	c.size = 4;
	c.addr = 0x12345000ull;
	check_vec(&c, 0x0000000100000002ull, 0x12345004ull);
	/* TLBI_NH_ALL VMID 3 */
	zero_cmd(&c, SMMU_CMD_TLBI_NH_ALL);
	c.vmid = 3;
	check_vec(&c, 0x0000000300000010ull, 0);
	/* TLBI_NH_ASID VMID 3 ASID 0x55 */
	zero_cmd(&c, SMMU_CMD_TLBI_NH_ASID);
	c.vmid = 3;
	c.asid = 0x55;
	check_vec(&c, 0x0055000300000011ull, 0);
	/*
	 * TLBI_NH_VA as Linux's range invalidation: VMID 1, ASID 2, NUM 3,
	 * SCALE 5, TG 4K (01), TTL 3, Leaf, VA 0xFFFF_8000_1234_5000.
	 * dw0 = 2<<48 | 1<<32 | 5<<20 | 3<<12 | 0x12 = 0x0002000100503012
	 * dw1 = VA | 1<<10 | 3<<8 | 1 = 0xFFFF800012345701
	 */
	zero_cmd(&c, SMMU_CMD_TLBI_NH_VA);
	c.vmid = 1;
	c.asid = 2;
	c.num = 3;
	c.scale = 5;
	c.tg = SMMU_CMD_TG_4K;
	c.ttl = 3;
	c.leaf = true;
	c.addr = 0xFFFF800012345000ull;
	check_vec(&c, 0x0002000100503012ull, 0xFFFF800012345701ull);
	/* the same with TTL128 (dw1 bit 7) and SCALE 33 (bit 25, DS) */
	c.ttl128 = true;
	c.scale = 33;
	check_vec(&c, 0x0002000102103012ull, 0xFFFF800012345781ull);
	/* TLBI_NH_VAA VMID 1, VA 0x4000, no range */
	zero_cmd(&c, SMMU_CMD_TLBI_NH_VAA);
	c.vmid = 1;
	c.addr = 0x4000;
	check_vec(&c, 0x0000000100000013ull, 0x4000ull);
	/* TLBI_EL3_ALL, TLBI_EL3_VA (assumed layout), TLBI_EL2_ALL */
	zero_cmd(&c, SMMU_CMD_TLBI_EL3_ALL);
	check_vec(&c, 0x18ull, 0);
	zero_cmd(&c, SMMU_CMD_TLBI_EL3_VA);
	c.addr = 0x1000;
	c.leaf = true;
	check_vec(&c, 0x1Aull, 0x1001ull);
	zero_cmd(&c, SMMU_CMD_TLBI_EL2_ALL);
	check_vec(&c, 0x20ull, 0);
	/* TLBI_EL2_ASID ASID 0x77; TLBI_EL2_VA ASID 0x77 VA 0x2000 Leaf */
	zero_cmd(&c, SMMU_CMD_TLBI_EL2_ASID);
	c.asid = 0x77;
	check_vec(&c, 0x0077000000000021ull, 0);
	zero_cmd(&c, SMMU_CMD_TLBI_EL2_VA);
	c.asid = 0x77;
	c.addr = 0x2000;
	c.leaf = true;
	check_vec(&c, 0x0077000000000022ull, 0x2001ull);
	zero_cmd(&c, SMMU_CMD_TLBI_EL2_VAA);
	c.addr = 0x3000;
	check_vec(&c, 0x23ull, 0x3000ull);
	/* TLBI_S12_VMALL VMID 0x1FF */
	zero_cmd(&c, SMMU_CMD_TLBI_S12_VMALL);
	c.vmid = 0x1FF;
	check_vec(&c, 0x000001FF00000028ull, 0);
	/*
	 * TLBI_S2_IPA VMID 4, NUM 1, TG 64K (11), TTL 2,
	 * IPA 0x00FF_FFFF_FFFF_F000 (top of 56 bits):
	 * dw0 = 4<<32 | 1<<12 | 0x2A = 0x000000040000102A
	 * dw1 = IPA | 3<<10 | 2<<8 = 0x00FFFFFFFFFFFE00
	 */
	zero_cmd(&c, SMMU_CMD_TLBI_S2_IPA);
	c.vmid = 4;
	c.num = 1;
	c.tg = SMMU_CMD_TG_64K;
	c.ttl = 2;
	c.addr = 0x00FFFFFFFFFFF000ull;
	check_vec(&c, 0x000000040000102Aull, 0x00FFFFFFFFFFFE00ull);
	/* TLBI_NSNH_ALL */
	zero_cmd(&c, SMMU_CMD_TLBI_NSNH_ALL);
	check_vec(&c, 0x30ull, 0);
	/*
	 * ATC_INV SID 0x100, SSV, SSID 5, Global, Size 52 (everything):
	 * dw0 = 0x100<<32 | 5<<12 | 1<<11 | 1<<9 | 0x40 = 0x0000010000005A40
	 */
	zero_cmd(&c, SMMU_CMD_ATC_INV);
	c.sid = 0x100;
	c.ssv = true;
	c.ssid = 5;
	c.global = true;
	c.size = 52;
	check_vec(&c, 0x0000010000005A40ull, 52);
	/*
	 * PRI_RESP SID 0x20, SSV, SSID 9, PRGIndex 0x1FF, Resp Success (10):
	 * dw0 = 0x20<<32 | 9<<12 | 1<<11 | 0x41 = 0x0000002000009841
	 * dw1 = 2<<12 | 0x1FF = 0x21FF
	 */
	zero_cmd(&c, SMMU_CMD_PRI_RESP);
	c.sid = 0x20;
	c.ssv = true;
	c.ssid = 9;
	c.prgidx = 0x1FF;
	c.resp = 2;
	check_vec(&c, 0x0000002000009841ull, 0x21FFull);
	/* RESUME SID 0x30, retry (Ac = 1), STAG 0xBEEF */
	zero_cmd(&c, SMMU_CMD_RESUME);
	c.sid = 0x30;
	c.action = SMMU_RESUME_RETRY;
	c.stag = 0xBEEF;
	check_vec(&c, 0x0000003000001044ull, 0xBEEFull);
	/* RESUME abort (Ab = 1, Ac = 0): bit 13 */
	c.action = SMMU_RESUME_ABORT;
	check_vec(&c, 0x0000003000002044ull, 0xBEEFull);
	/* STALL_TERM SID 0x31 */
	zero_cmd(&c, SMMU_CMD_STALL_TERM);
	c.sid = 0x31;
	check_vec(&c, 0x0000003100000045ull, 0);
}

/* Every bit of every opcode: defined/ignored bits decode, others are ILL. */
static void test_cmd_bits(void **state)
{
	size_t i;
	unsigned int dw, bit;

	(void)state;
	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		const struct op_layout *l = &layouts[i];
		/* NUM = 1 keeps a lone TG bit away from the reserved case */
		uint64_t base0 = l->op | (l->range ? 1ull << 12 : 0);

		for (dw = 0; dw < 2; dw++) {
			for (bit = dw ? 0 : 8; bit < 64; bit++) {
				uint64_t in[2] = { base0, 0 };
				uint64_t ok = dw ? l->f1 | l->ign1 :
					      l->f0 | l->ign0;
				struct smmu_cmd c;
				int want, rc;

				in[dw] |= 1ull << bit;
				want = (ok >> bit) & 1 ? 0 : -VSMMU_ERR_ILL;
				rc = smmu_cmd_decode(in, &c);
				if (rc != want)
					fail_msg("%s dw%u bit %u: %d, want %d",
						 smmu_cmd_name(l->op), dw, bit,
						 rc, want);
				assert_int_equal(c.op, l->op);
			}
		}
	}
}

/* Every opcode 0x00..0xFF not in facts §5.1's list for us is ILL. */
static void test_cmd_reserved_opcodes(void **state)
{
	unsigned int op;
	int n = 0;

	(void)state;
	for (op = 0; op < 256; op++) {
		uint64_t in[2] = { op, 0 }, out[2] = { 1, 1 };
		struct smmu_cmd c;

		if (layout_of(op)) {
			assert_int_equal(smmu_cmd_decode(in, &c), 0);
			assert_string_not_equal(smmu_cmd_name((uint8_t)op),
						"CMD_RESERVED");
			n++;
			continue;
		}
		assert_int_equal(smmu_cmd_decode(in, &c), -VSMMU_ERR_ILL);
		assert_int_equal(c.op, op);
		assert_string_equal(smmu_cmd_name((uint8_t)op), "CMD_RESERVED");
		zero_cmd(&c, (uint8_t)op);
		assert_int_equal(smmu_cmd_encode(&c, out), -VSMMU_ERR_ILL);
		assert_true(out[0] == 0 && out[1] == 0);
		/* the opcode byte alone decides: high bits do not rescue it */
		in[0] = op | 0xFFFFFFFFFFFFFF00ull;
		in[1] = ~0ull;
		assert_int_equal(smmu_cmd_decode(in, &c), -VSMMU_ERR_ILL);
	}
	assert_int_equal(n, 25);
	assert_string_equal(smmu_cmd_name(0x12), "CMD_TLBI_NH_VA");
	assert_string_equal(smmu_cmd_name(0x46), "CMD_SYNC");
	assert_string_equal(smmu_cmd_name(0x04), "CMD_CFGI_STE_RANGE");
}

static void test_cmd_reserved_values(void **state)
{
	static const uint8_t range_ops[] = { 0x12, 0x13, 0x22, 0x23, 0x2A };
	uint64_t in[2];
	struct smmu_cmd c;
	size_t i;
	unsigned int tg;

	(void)state;
	/* CMD_SYNC CS = 0b11 */
	in[0] = 0x3046;
	in[1] = 0;
	assert_int_equal(smmu_cmd_decode(in, &c), -VSMMU_ERR_ILL);
	in[0] = 0x1046;
	assert_int_equal(smmu_cmd_decode(in, &c), 0);
	/* PRI_RESP Resp = 0b11 */
	in[0] = 0x41;
	in[1] = 0x3000;
	assert_int_equal(smmu_cmd_decode(in, &c), -VSMMU_ERR_ILL);
	in[1] = 0x1000;
	assert_int_equal(smmu_cmd_decode(in, &c), 0);
	assert_int_equal(c.resp, 1);
	/* range TLBIs: TG != 0 with NUM = SCALE = TTL = 0 */
	for (i = 0; i < sizeof(range_ops); i++) {
		for (tg = 0; tg < 4; tg++) {
			int want = tg ? -VSMMU_ERR_ILL : 0;

			in[0] = range_ops[i];
			in[1] = (uint64_t)tg << 10 | 0x1;   /* Leaf alone */
			assert_int_equal(smmu_cmd_decode(in, &c), want);
			in[1] |= 0x80;   /* TTL128 does not count */
			assert_int_equal(smmu_cmd_decode(in, &c), want);
			in[1] = (uint64_t)tg << 10 | 1u << 8;   /* TTL 1 */
			assert_int_equal(smmu_cmd_decode(in, &c), 0);
			in[0] = range_ops[i] | 1ull << 20;   /* SCALE 1 */
			in[1] = (uint64_t)tg << 10;
			assert_int_equal(smmu_cmd_decode(in, &c), 0);
			in[0] = range_ops[i] | 1ull << 12;   /* NUM 1 */
			assert_int_equal(smmu_cmd_decode(in, &c), 0);
		}
	}
	/* TLBI_EL3_VA: its layout is unconfirmed, nothing is rejected */
	in[0] = 0x1A;
	in[1] = 1u << 10;
	assert_int_equal(smmu_cmd_decode(in, &c), 0);
	in[0] = ~0ull << 8 | 0x1A;
	in[1] = ~0ull;
	assert_int_equal(smmu_cmd_decode(in, &c), 0);
	/* encode builds the malformed commands the decoder rejects */
	zero_cmd(&c, SMMU_CMD_SYNC);
	c.cs = 3;
	assert_int_equal(smmu_cmd_encode(&c, in), 0);
	assert_true(in[0] == 0x3046 && in[1] == 0);
}

static void test_cmd_encode_range(void **state)
{
	struct smmu_cmd c;
	uint64_t w[2];

	(void)state;
	zero_cmd(&c, SMMU_CMD_CFGI_CD);
	c.ssid = 0x100000;   /* 21 bits */
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	c.ssid = 0xFFFFF;
	c.sid = 0xFFFFFFFF;
	assert_int_equal(smmu_cmd_encode(&c, w), 0);
	assert_true(w[0] == 0xFFFFFFFFFFFFF005ull);
	zero_cmd(&c, SMMU_CMD_CFGI_STE_RANGE);
	c.range = 32;
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	zero_cmd(&c, SMMU_CMD_TLBI_NH_VA);
	c.num = 32;
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	c.num = 31;
	c.scale = 64;
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	c.scale = 63;
	c.tg = 4;
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	c.tg = 3;
	c.ttl = 4;
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	c.ttl = 3;
	c.addr = 0x1800;   /* bit 11 below the VA field */
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	assert_true(w[1] == (0x1000ull | 3u << 10 | 3u << 8));
	c.addr = 0xFFFFFFFFFFFFF000ull;
	assert_int_equal(smmu_cmd_encode(&c, w), 0);
	assert_true(w[0] == 0x0000000003F1F012ull);
	zero_cmd(&c, SMMU_CMD_TLBI_S2_IPA);
	c.addr = 1ull << 56;   /* IPA stops at bit 55 */
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	assert_true(w[1] == 0);
	zero_cmd(&c, SMMU_CMD_PREFETCH_ADDR);
	c.size = 32;
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	zero_cmd(&c, SMMU_CMD_ATC_INV);
	c.size = 63;
	assert_int_equal(smmu_cmd_encode(&c, w), 0);
	c.size = 64;
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	zero_cmd(&c, SMMU_CMD_PRI_RESP);
	c.prgidx = 0x200;
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	c.prgidx = 0;
	c.resp = 4;
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	zero_cmd(&c, SMMU_CMD_RESUME);
	c.action = 4;
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	zero_cmd(&c, SMMU_CMD_SYNC);
	c.cs = 4;
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	c.cs = 0;
	c.msh = 4;
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	c.msh = 0;
	c.msiattr = 16;
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	c.msiattr = 0;
	c.msiaddr = 0x1002;   /* MSI address bits 1:0 must be clear */
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	assert_true(w[1] == 0x1000);
	c.msiaddr = 0x0100000000000000ull;   /* above bit 55 */
	assert_int_equal(smmu_cmd_encode(&c, w), -VSMMU_ERR_RANGE);
	/* fields the opcode does not have are ignored, not encoded */
	zero_cmd(&c, SMMU_CMD_CFGI_STE);
	c.vmid = 0xFFFF;
	c.asid = 0xFFFF;
	c.ssid = 0xFFFFFFFF;
	c.addr = 0x1234;
	assert_int_equal(smmu_cmd_encode(&c, w), 0);
	assert_true(w[0] == 3 && w[1] == 0);
}

/* Random words masked to each opcode's fields round-trip exactly. */
static void test_cmd_random(void **state)
{
	uint64_t seed = XS_SEED ^ 0xC3D, in[2], out[2];
	struct smmu_cmd c;
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		const struct op_layout *l = &layouts[i];

		for (n = 0; n < N_RANDOM / 10; n++) {
			in[0] = (xs64(&seed) & l->f0) | l->op;
			in[1] = xs64(&seed) & l->f1;
			if (l->op == SMMU_CMD_SYNC &&
			    ((in[0] >> 12) & 3) == 3)
				in[0] &= ~(1ull << 13);
			if (l->op == SMMU_CMD_PRI_RESP &&
			    ((in[1] >> 12) & 3) == 3)
				in[1] &= ~(1ull << 13);
			if (l->range && (in[1] & 0xC00) &&
			    !(in[0] & 0x3F1F000) && !(in[1] & 0x300))
				in[0] |= 1ull << 12;
			assert_int_equal(smmu_cmd_decode(in, &c), 0);
			assert_int_equal(smmu_cmd_encode(&c, out), 0);
			assert_true(out[0] == in[0] && out[1] == in[1]);
			/* ignored bits are accepted and dropped */
			if (l->ign0 | l->ign1) {
				uint64_t g[2] = { in[0] | l->ign0,
						  in[1] | l->ign1 };

				assert_int_equal(smmu_cmd_decode(g, &c), 0);
				assert_int_equal(smmu_cmd_encode(&c, out), 0);
				assert_true(out[0] == in[0] &&
					    out[1] == in[1]);
			}
		}
	}
}

/*
 * smmu_cmd_check accepts exactly what smmu_cmd_decode accepts: every
 * opcode byte with random, sparse and field-only words, and every single
 * bit of every opcode.
 */
static void test_cmd_check(void **state)
{
	uint64_t seed = XS_SEED ^ 0xC4EC, in[2];
	unsigned int op, dw, bit;
	struct smmu_cmd c;
	int n;

	(void)state;
	for (op = 0; op < 256; op++) {
		const struct op_layout *l = layout_of(op);

		for (n = 0; n < N_RANDOM / 10; n++) {
			in[0] = xs64(&seed);
			in[1] = xs64(&seed);
			switch (n % 3) {
			case 0:		/* sparse: a few bits each */
				in[0] &= xs64(&seed) & xs64(&seed);
				in[1] &= xs64(&seed) & xs64(&seed);
				break;
			case 1:		/* only the opcode's fields */
				if (l) {
					in[0] &= l->f0;
					in[1] &= l->f1;
				}
				break;
			default:
				break;
			}
			in[0] = (in[0] & ~0xFFull) | op;
			assert_int_equal(smmu_cmd_check(in),
					 smmu_cmd_decode(in, &c));
		}
		for (dw = 0; dw < 2; dw++) {
			for (bit = dw ? 0 : 8; bit < 64; bit++) {
				in[0] = op;
				in[1] = 0;
				in[dw] |= 1ull << bit;
				assert_int_equal(smmu_cmd_check(in),
						 smmu_cmd_decode(in, &c));
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmd_vectors),
		cmocka_unit_test(test_cmd_bits),
		cmocka_unit_test(test_cmd_reserved_opcodes),
		cmocka_unit_test(test_cmd_reserved_values),
		cmocka_unit_test(test_cmd_encode_range),
		cmocka_unit_test(test_cmd_random),
		cmocka_unit_test(test_cmd_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
