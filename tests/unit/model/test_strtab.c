// SPDX-License-Identifier: MIT
/*
 * Tests of src/model/strtab.c (and the configuration cache of tlb.c):
 * stream-table walks, STE and CD checks and every configuration event with
 * its fields (facts §3, §4, §6.1-6.4), GBPA, Config abort/bypass.
 */
#include "helpers.h"

#define NOSS SMMU_MODEL_NO_SSID

/* Translate and expect a recorded configuration event. */
static struct tev expect_evt(struct mh *h, uint32_t sid, uint32_t ssid,
			     unsigned int id)
{
	struct smmu_model_result r;

	assert_int_equal(xl(h, sid, ssid, VA0, 0, &r), -VSMMU_ERR_FAULT);
	assert_int_equal(r.outcome, SMMU_MODEL_ABORT);
	assert_int_equal(r.evt.id, id);
	assert_true(r.recorded);
	assert_int_equal(mh_evt_count(h), 1);
	return pop1(h);
}

static void expect_ok(struct mh *h, uint32_t sid, uint32_t ssid,
		      uint64_t addr, uint64_t pa)
{
	struct smmu_model_result r;

	assert_int_equal(xl(h, sid, ssid, addr, 0, &r), 0);
	assert_int_equal(r.outcome, SMMU_MODEL_OK);
	assert_int_equal(r.pa, pa);
	assert_int_equal(mh_evt_count(h), 0);
}

static void test_s1_ok_linear_and_2lvl(void **state)
{
	struct fx f;

	(void)state;
	for (int two = 0; two < 2; two++) {
		fx_init(&f, NULL, two);
		put_words(&f.h, MH_CD, f.cd, 8);
		mh_ste_put(&f.h, 3, f.ste);
		mh_ste_put(&f.h, 0x1234 & (two ? 0xffff : 0xff), f.ste);
		expect_ok(&f.h, 3, NOSS, VA0 + 0x123, MH_DATA + 0x123);
		expect_ok(&f.h, 0x1234 & (two ? 0xffff : 0xff), NOSS,
			  VA0 + 0x1008, MH_DATA + 0x1008);
		fx_fini(&f);
	}
}

static void test_bad_streamid(void **state)
{
	struct smmu_model_result r;
	struct tev e;
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);		/* 2^8 STEs */
	e = expect_evt(&f.h, 256, NOSS, EVT_C_BAD_STREAMID);
	assert_int_equal(e.sid, 256);
	assert_int_equal(e.ssv, 0);
	e = expect_evt(&f.h, 0x80000000u, 5, EVT_C_BAD_STREAMID);
	assert_int_equal(e.sid, 0x80000000u);
	assert_int_equal(e.ssv, 1);
	assert_int_equal(e.ssid, 5);
	/* Without CR2.RECINVSID: aborted, not recorded. */
	mh_wr32(&f.h, R_CR0, CR0_CMDQEN | CR0_EVENTQEN);
	mh_wr32(&f.h, R_CR2, 0);
	mh_wr32(&f.h, R_CR0, CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN);
	assert_int_equal(xl(&f.h, 256, NOSS, VA0, 0, &r), -VSMMU_ERR_FAULT);
	assert_int_equal(r.outcome, SMMU_MODEL_ABORT);
	assert_int_equal(r.evt.id, EVT_C_BAD_STREAMID);
	assert_false(r.recorded);
	assert_int_equal(mh_evt_count(&f.h), 0);
	fx_fini(&f);
}

static void test_bad_streamid_2lvl(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f, NULL, true);		/* 2^16, SPLIT 8 */
	/* L1 descriptor with Span = 0: the whole range is invalid. */
	expect_evt(&f.h, 0x0305, NOSS, EVT_C_BAD_STREAMID);
	/* Span = 2: an L2 array of 2 STEs; SID low part 3 is beyond it. */
	mmem_put64(&f.h.mem, MH_STRTAB + 4 * 8, 0x00500000ull | 2);
	mmem_put64(&f.h.mem, 0x00500000ull + 64, f.ste[0]);
	put_words(&f.h, 0x00500000ull + 64, f.ste, 8);
	put_words(&f.h, MH_CD, f.cd, 8);
	expect_ok(&f.h, 0x0401, NOSS, VA0, MH_DATA);
	expect_evt(&f.h, 0x0403, NOSS, EVT_C_BAD_STREAMID);
	/* Span above SPLIT + 1 is invalid. */
	mmem_put64(&f.h.mem, MH_STRTAB + 5 * 8, 0x00600000ull | 10);
	expect_evt(&f.h, 0x0500, NOSS, EVT_C_BAD_STREAMID);
	/* Beyond 2^LOG2SIZE. */
	expect_evt(&f.h, 0x10000, NOSS, EVT_C_BAD_STREAMID);
	fx_fini(&f);
}

/*
 * SPLIT comes from STRTAB_BASE_CFG, not a constant: with SPLIT = 6 an L1
 * descriptor covers 64 SIDs; with SPLIT = 10, 1024. Unsupported values
 * behave as 6 (facts §2.14). The base is aligned as facts §3.1 says.
 */
static void test_2lvl_split(void **state)
{
	static const unsigned int splits[] = { 6, 10, 7 };
	struct fx f;

	(void)state;
	for (unsigned int k = 0; k < 3; k++) {
		unsigned int split = splits[k], eff = split == 7 ? 6 : split;
		uint32_t sid = 0x1234 & 0xffff;
		uint64_t l2 = 0x00800000ull;

		fx_init(&f, NULL, false);
		put_words(&f.h, MH_CD, f.cd, 8);
		mh_wr32(&f.h, R_CR0, CR0_CMDQEN | CR0_EVENTQEN);
		/* A base with low garbage: bits [5:0] are RES0/ignored. */
		mh_wr64(&f.h, R_STRTAB_BASE, MH_STRTAB | 0x3f);
		mh_wr32(&f.h, R_STRTAB_BASE_CFG, 16 | (split << 6) | (1u << 16));
		mh_wr32(&f.h, R_CR0, CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN);
		/* L1 index = SID >> SPLIT, Span = SPLIT + 1. */
		mmem_put64(&f.h.mem, MH_STRTAB + 8ull * (sid >> eff),
			   l2 | (eff + 1));
		put_words(&f.h, l2 + 64ull * (sid & ((1u << eff) - 1)),
			  f.ste, 8);
		expect_ok(&f.h, sid, NOSS, VA0, MH_DATA);
		/* The neighbouring L1 entry is empty (Span 0). */
		expect_evt(&f.h, sid + (1u << eff), NOSS, EVT_C_BAD_STREAMID);
		fx_fini(&f);
	}
}

/* A linear table uses LOG2SIZE for both range and alignment. */
static void test_linear_align(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	put_words(&f.h, MH_CD, f.cd, 8);
	mh_wr32(&f.h, R_CR0, CR0_CMDQEN | CR0_EVENTQEN);
	/* 2^4 STEs = 1 KiB: ADDR[9:0] ignored (facts §3.1). */
	mh_wr64(&f.h, R_STRTAB_BASE, MH_STRTAB + 0x3c0);
	mh_wr32(&f.h, R_STRTAB_BASE_CFG, 4);
	mh_wr32(&f.h, R_CR0, CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN);
	mh_ste_put(&f.h, 3, f.ste);		/* at MH_STRTAB + 3 * 64 */
	expect_ok(&f.h, 3, NOSS, VA0, MH_DATA);
	expect_evt(&f.h, 16, NOSS, EVT_C_BAD_STREAMID);
	fx_fini(&f);
}

static void test_ste_fetch_abort(void **state)
{
	struct tev e;
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	mmem_fail(&f.h.mem, MH_STRTAB + 9 * 64, MH_STRTAB + 9 * 64 + 63,
		  true, false);
	e = expect_evt(&f.h, 9, NOSS, EVT_F_STE_FETCH);
	assert_int_equal(e.sid, 9);
	assert_int_equal(e.fetch, MH_STRTAB + 9 * 64);
	fx_fini(&f);

	fx_init(&f, NULL, true);
	mmem_fail(&f.h.mem, MH_STRTAB + 2 * 8, MH_STRTAB + 2 * 8 + 7, true,
		  false);
	e = expect_evt(&f.h, 0x0207, NOSS, EVT_F_STE_FETCH);
	assert_int_equal(e.fetch, MH_STRTAB + 2 * 8);	/* the L1STD */
	fx_fini(&f);
}

struct ste_case {
	unsigned int hi, lo;
	uint64_t v;
};

static void test_bad_ste(void **state)
{
	/* Each breaks one rule of facts §3.8 in a valid nested STE. */
	static const struct ste_case cases[] = {
		{ 0, 0, 0 },		/* V = 0 */
		{ 63, 59, 21 },		/* S1CDMax > SSIDSIZE (20) */
		{ 175, 174, 3 },	/* S2TG reserved */
		{ 165, 160, 10 },	/* S2T0SZ below the minimum */
		{ 165, 160, 40 },	/* S2T0SZ above 39 without STT */
		{ 179, 179, 0 },	/* S2AA64 = 0: no AArch32 tables */
		{ 180, 180, 1 },	/* S2ENDI: big-endian not supported */
		{ 185, 185, 1 },	/* S2S with STALL_MODEL = 01 */
		{ 184, 184, 1 },	/* S2HA without HTTU */
		{ 183, 183, 1 },	/* S2HD without HTTU */
		{ 91, 91, 1 },		/* S1STALLD with STALL_MODEL != 00 */
		{ 167, 166, 3 },	/* S2SL0 reserved for 4 KiB */
		{ 247, 196, 1ull << 46 }, /* S2TTB beyond the 48-bit PS */
	};
	struct pgt_table s2;
	struct pgt_s2_cfg s2c;
	struct pgt_mem mem;
	struct pgt_alloc_ops al;
	uint64_t ste[8];
	struct tev e;
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	tree_init(&f.h, &s2, true, &mem, &al);
	assert_int_equal(pgt_table_s2_cfg(&s2, &s2c), 0);
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ste_init(ste, 7);
		ste_s1(ste, MH_CD, 0, 0, 0);
		ste_s2(ste, 1, &s2c, true);
		mh_bits(ste, cases[i].hi, cases[i].lo, cases[i].v);
		mh_ste_put(&f.h, 20 + i, ste);
		e = expect_evt(&f.h, 20 + i, NOSS, EVT_C_BAD_STE);
		assert_int_equal(e.sid, 20 + i);
	}
	/* STRW = 0b01 and 0b11 on a Non-secure stage-1-only STE. */
	for (unsigned int strw = 1; strw <= 3; strw += 2) {
		memcpy(ste, f.ste, sizeof(ste));
		mh_bits(ste, 95, 94, strw);
		mh_ste_put(&f.h, 40 + strw, ste);
		expect_evt(&f.h, 40 + strw, NOSS, EVT_C_BAD_STE);
	}
	fx_fini(&f);
}

static void test_bad_ste_identity(void **state)
{
	struct smmu_model_config c;
	uint64_t ste[8];
	struct fx f;

	(void)state;
	/* Stage 2 only, no VMID16, no CD2L, no Hyp. */
	smmu_model_config_default(&c);
	c.idr[0] &= ~((1u << 1) | (1u << 18) | (1u << 19) | (1u << 9));
	fx_init(&f, &c, false);
	expect_evt(&f.h, 1, NOSS, EVT_C_BAD_STE);	/* fx STE: Config S1 */
	mh_ste_put(&f.h, 1, f.ste);
	expect_evt(&f.h, 1, NOSS, EVT_C_BAD_STE);
	ste_init(ste, 7);				/* nested, no S1P */
	mh_ste_put(&f.h, 2, ste);
	expect_evt(&f.h, 2, NOSS, EVT_C_BAD_STE);
	ste_init(ste, 6);
	mh_bits(ste, 143, 128, 0x100);			/* VMID[15:8] */
	mh_ste_put(&f.h, 3, ste);
	expect_evt(&f.h, 3, NOSS, EVT_C_BAD_STE);
	fx_fini(&f);

	smmu_model_config_default(&c);
	c.idr[0] &= ~((1u << 19) | (1u << 9));		/* no CD2L, no Hyp */
	fx_init(&f, &c, false);
	memcpy(ste, f.ste, sizeof(ste));
	ste_s1(ste, MH_CD, 4, 1, 2);			/* S1Fmt 01 */
	mh_ste_put(&f.h, 4, ste);
	expect_evt(&f.h, 4, 1, EVT_C_BAD_STE);
	memcpy(ste, f.ste, sizeof(ste));
	mh_bits(ste, 95, 94, 2);			/* STRW EL2, no Hyp */
	mh_ste_put(&f.h, 5, ste);
	expect_evt(&f.h, 5, NOSS, EVT_C_BAD_STE);
	fx_fini(&f);
}

/*
 * IDR1.SSIDSIZE = 0: STE.S1CDMax, S1Fmt and S1DSS are IGNORED (IHI 0070
 * §5.2), so S1ContextPtr points at one CD whatever S1CDMax holds; the STE
 * is not ILLEGAL. A transaction with a SubstreamID is C_BAD_SUBSTREAMID.
 */
static void test_ssidsize0_ignores_s1cdmax(void **state)
{
	struct smmu_model_config c;
	uint64_t ste[8];
	struct tev e;
	struct fx f;

	(void)state;
	smmu_model_config_default(&c);
	c.idr[1] &= ~(0x1Fu << 6);			/* SSIDSIZE = 0 */
	fx_init(&f, &c, false);
	put_words(&f.h, MH_CD, f.cd, 8);
	memcpy(ste, f.ste, sizeof(ste));
	ste_s1(ste, MH_CD, 3, 1, 0);	/* S1CDMax 3, S1Fmt 01, S1DSS 00 */
	mh_ste_put(&f.h, 1, ste);
	expect_ok(&f.h, 1, NOSS, VA0 + 0x10, MH_DATA + 0x10);
	e = expect_evt(&f.h, 1, 0, EVT_C_BAD_SUBSTREAMID);
	assert_int_equal(e.ssid, 0);
	fx_fini(&f);
}

/*
 * Without IDR3.HAD, CD.HAD0/HAD1 are IGNORED (IHI 0070 §5.4; facts §4.4
 * does not list them as ILLEGAL): a CD with HAD0 = 1 (abs bit 65) and
 * HAD1 = 1 (abs bit 129) translates instead of giving C_BAD_CD.
 */
static void test_had_ignored_without_idr3_had(void **state)
{
	struct smmu_model_config c;
	struct fx f;

	(void)state;
	smmu_model_config_default(&c);
	c.idr[3] &= ~(1u << 2);				/* no IDR3.HAD */
	fx_init(&f, &c, false);
	mh_bits(f.cd, 65, 65, 1);			/* HAD0 */
	mh_bits(f.cd, 129, 129, 1);			/* HAD1 */
	put_words(&f.h, MH_CD, f.cd, 8);
	mh_ste_put(&f.h, 1, f.ste);
	expect_ok(&f.h, 1, NOSS, VA0 + 0x20, MH_DATA + 0x20);
	fx_fini(&f);
}

/*
 * An EL2 (E2H = 0) StreamWorld: STE.S2VMID and CD.ASID are IGNORED, so
 * their bits [15:8] are not ILLEGAL without VMID16/ASID16, and CD.EPD0 is
 * IGNORED with an effective value of 0 (IHI 0070 §5.2 S2VMID, §5.4 ASID,
 * EPD0). Such an STE/CD translates through TTB0.
 */
static void test_el2_world_ignored_fields(void **state)
{
	struct smmu_model_config c;
	uint64_t ste[8];
	struct fx f;

	(void)state;
	smmu_model_config_default(&c);
	c.idr[0] &= ~((1u << 12) | (1u << 18));		/* no ASID16, VMID16 */
	fx_init(&f, &c, false);
	cd_init(f.cd, &f.s1c, 0x100, true, true);	/* ASID[15:8] != 0 */
	mh_bits(f.cd, 14, 14, 1);			/* EPD0 */
	put_words(&f.h, MH_CD, f.cd, 8);
	memcpy(ste, f.ste, sizeof(ste));
	mh_bits(ste, 95, 94, 2);			/* STRW = EL2 */
	mh_bits(ste, 143, 128, 0x100);			/* S2VMID[15:8] */
	mh_ste_put(&f.h, 1, ste);
	expect_ok(&f.h, 1, NOSS, VA0 + 0x30, MH_DATA + 0x30);
	/* The same STE as NS-EL1 is ILLEGAL (VMID[15:8] without VMID16). */
	mh_bits(ste, 95, 94, 0);
	mh_ste_put(&f.h, 2, ste);
	expect_evt(&f.h, 2, NOSS, EVT_C_BAD_STE);
	fx_fini(&f);
}

/*
 * A linear CD table is aligned to its size: S1ContextPtr[S1CDMax+5:6] are
 * RES0, and the SMMU treats them as zero or fetches some CD of the table,
 * never one past it (IHI 0070 §5.2 S1Fmt). S1CDMax = 1 (two CDs, 128
 * bytes) with S1ContextPtr = table + 64: SSID 1 must not read table + 128.
 */
static void test_cd_table_ptr_res0_bits(void **state)
{
	struct smmu_model_result r;
	uint64_t ste[8];
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	put_words(&f.h, MH_CD + 64, f.cd, 8);		/* CD 1 */
	memcpy(ste, f.ste, sizeof(ste));
	ste_s1(ste, MH_CD + 64, 1, 0, 0);		/* bit 6 set: RES0 */
	mh_ste_put(&f.h, 1, ste);
	f.h.mem.logging = true;
	(void)xl(&f.h, 1, 1, VA0, 0, &r);
	assert_false(mmem_read_logged(&f.h.mem, MH_CD + 128, MH_CD + 191));
	assert_int_equal(r.outcome, SMMU_MODEL_OK);
	assert_int_equal(r.pa, MH_DATA);
	fx_fini(&f);
}

static void test_config_abort_silent(void **state)
{
	struct smmu_model_result r;
	uint64_t ste[8];
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	/* Config 000 abort and reserved 001-011: abort, no event. */
	for (unsigned int cfg = 0; cfg < 4; cfg++) {
		ste_init(ste, cfg);
		mh_ste_put(&f.h, 10 + cfg, ste);
		assert_int_equal(xl(&f.h, 10 + cfg, NOSS, VA0, 0, &r),
				 -VSMMU_ERR_FAULT);
		assert_int_equal(r.outcome, SMMU_MODEL_ABORT);
		assert_int_equal(r.evt.id, 0);
		assert_false(r.recorded);
	}
	assert_int_equal(mh_evt_count(&f.h), 0);
	fx_fini(&f);
}

static void test_bypass(void **state)
{
	struct tev e;
	uint64_t ste[8];
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	ste_init(ste, 4);
	mh_ste_put(&f.h, 6, ste);
	expect_ok(&f.h, 6, NOSS, 0x0000FFFFFFFFF123ull, 0x0000FFFFFFFFF123ull);
	/* Above OAS (48 bits): F_ADDR_SIZE, stage 1 (facts §7.7). */
	{
		struct smmu_model_result r;

		assert_int_equal(xl(&f.h, 6, NOSS, 1ull << 48,
				    SMMU_MODEL_ACC_WRITE, &r),
				 -VSMMU_ERR_FAULT);
		e = pop1(&f.h);
		assert_int_equal(e.id, EVT_F_ADDR_SIZE);
		assert_int_equal(e.s2, 0);
		assert_int_equal(e.input, 1ull << 48);
		assert_int_equal(e.rnw, 0);
	}
	fx_fini(&f);
}

static void test_bad_substreamid(void **state)
{
	uint64_t ste[8], l1;
	struct tev e;
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	put_words(&f.h, MH_CD, f.cd, 8);
	/* S1CDMax = 0: any SSID is bad. */
	mh_ste_put(&f.h, 1, f.ste);
	e = expect_evt(&f.h, 1, 0, EVT_C_BAD_SUBSTREAMID);
	assert_int_equal(e.sid, 1);
	/* SSID >= 2^S1CDMax. */
	memcpy(ste, f.ste, sizeof(ste));
	ste_s1(ste, MH_CD, 2, 0, 0);
	mh_ste_put(&f.h, 2, ste);
	e = expect_evt(&f.h, 2, 4, EVT_C_BAD_SUBSTREAMID);
	assert_int_equal(e.ssid, 4);
	assert_int_equal(e.ssv, 0);	/* SSID without SSV (facts §6.3) */
	/* Stage 1 off (bypass) with an SSID. */
	ste_init(ste, 4);
	mh_ste_put(&f.h, 3, ste);
	expect_evt(&f.h, 3, 0, EVT_C_BAD_SUBSTREAMID);
	/* 2-level CD table whose L1CD has V = 0. */
	memcpy(ste, f.ste, sizeof(ste));
	ste_s1(ste, MH_CD + 0x10000, 8, 1, 0);
	mh_ste_put(&f.h, 4, ste);
	expect_evt(&f.h, 4, 0x45, EVT_C_BAD_SUBSTREAMID);
	/* ... and with V = 1 it works: L1 index 1, L2 index 5. */
	l1 = (MH_CD + 0x20000) | 1;
	mmem_put64(&f.h.mem, MH_CD + 0x10000 + 8, l1);
	put_words(&f.h, MH_CD + 0x20000 + 5 * 64, f.cd, 8);
	expect_ok(&f.h, 4, 0x45, VA0, MH_DATA);
	fx_fini(&f);
}

static void test_cd_2lvl_64k(void **state)
{
	uint64_t ste[8];
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	memcpy(ste, f.ste, sizeof(ste));
	ste_s1(ste, MH_CD, 12, 2, 0);		/* S1Fmt 10: 1024 per L2 */
	mh_ste_put(&f.h, 4, ste);
	/* SSID 1030 = L1 index 1, L2 index 6. */
	mmem_put64(&f.h.mem, MH_CD + 8, (MH_CD + 0x40000) | 1);
	put_words(&f.h, MH_CD + 0x40000 + 6 * 64, f.cd, 8);
	expect_ok(&f.h, 4, 1030, VA0 + 8, MH_DATA + 8);
	/* Linear table: SSID 3 is CD 3. */
	ste_s1(ste, MH_CD + 0x80000, 2, 0, 0);
	mh_ste_put(&f.h, 5, ste);
	put_words(&f.h, MH_CD + 0x80000 + 3 * 64, f.cd, 8);
	expect_ok(&f.h, 5, 3, VA0, MH_DATA);
	expect_evt(&f.h, 5, 2, EVT_C_BAD_CD);		/* CD 2 empty */
	fx_fini(&f);
}

static void test_stream_disabled(void **state)
{
	uint64_t ste[8];
	struct tev e;
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	put_words(&f.h, MH_CD, f.cd, 8);
	put_words(&f.h, MH_CD + 64, f.cd, 8);
	/* S1CDMax = 1, S1DSS = 00: traffic without SSID is terminated. */
	memcpy(ste, f.ste, sizeof(ste));
	ste_s1(ste, MH_CD, 1, 0, 0);
	mh_ste_put(&f.h, 1, ste);
	e = expect_evt(&f.h, 1, NOSS, EVT_F_STREAM_DISABLED);
	assert_int_equal(e.sid, 1);
	assert_int_equal(e.ssv, 0);
	expect_ok(&f.h, 1, 1, VA0, MH_DATA);
	/* S1DSS = 10: no-SSID traffic uses CD 0; SSID 0 is terminated. */
	ste_s1(ste, MH_CD, 1, 0, 2);
	mh_ste_put(&f.h, 2, ste);
	expect_ok(&f.h, 2, NOSS, VA0, MH_DATA);
	expect_evt(&f.h, 2, 0, EVT_F_STREAM_DISABLED);
	/* S1DSS = 01: stage 1 bypassed for no-SSID traffic. */
	ste_s1(ste, MH_CD, 1, 0, 1);
	mh_ste_put(&f.h, 3, ste);
	expect_ok(&f.h, 3, NOSS, 0x123456789ull, 0x123456789ull);
	expect_ok(&f.h, 3, 1, VA0, MH_DATA);
	/* S1DSS = 11 is reserved, behaves as 00. */
	ste_s1(ste, MH_CD, 1, 0, 3);
	mh_ste_put(&f.h, 4, ste);
	expect_evt(&f.h, 4, NOSS, EVT_F_STREAM_DISABLED);
	fx_fini(&f);
}

static void test_cd_fetch_abort(void **state)
{
	uint64_t ste[8];
	struct tev e;
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	mh_ste_put(&f.h, 1, f.ste);
	mmem_fail(&f.h.mem, MH_CD, MH_CD + 63, true, false);
	e = expect_evt(&f.h, 1, NOSS, EVT_F_CD_FETCH);
	assert_int_equal(e.sid, 1);
	assert_int_equal(e.fetch, MH_CD);
	/* L1CD fetch abort: FetchAddr is the L1CD. */
	memcpy(ste, f.ste, sizeof(ste));
	ste_s1(ste, MH_CD + 0x1000, 8, 1, 0);
	mh_ste_put(&f.h, 2, ste);
	mmem_fail(&f.h.mem, MH_CD + 0x1000 + 16, MH_CD + 0x1000 + 23, true,
		  false);
	e = expect_evt(&f.h, 2, 0x80, EVT_F_CD_FETCH);
	assert_int_equal(e.fetch, MH_CD + 0x1000 + 16);
	assert_int_equal(e.ssid, 0x80);
	fx_fini(&f);
}

static void test_bad_cd(void **state)
{
	/* Each breaks one rule of facts §4.4 in a valid CD. */
	static const struct ste_case cases[] = {
		{ 31, 31, 0 },		/* V = 0 */
		{ 7, 6, 3 },		/* TG0 reserved */
		{ 5, 0, 10 },		/* T0SZ below 16 */
		{ 5, 0, 40 },		/* T0SZ above 39 without STT */
		{ 41, 41, 0 },		/* AA64 = 0 */
		{ 15, 15, 1 },		/* ENDI: big-endian */
		{ 43, 43, 1 },		/* HA without HTTU */
		{ 42, 42, 1 },		/* HD without HTTU */
		{ 44, 44, 1 },		/* S with STALL_MODEL = 01 */
		{ 128 + 58, 128 + 58, 1 }, /* DS: 52-bit */
		{ 64 + 55, 64 + 52, 1 },	/* TTB0 beyond the 48-bit IPS */
		{ 30, 30, 0 },		/* EPD1 = 0 with TG1 = 00 reserved */
	};
	uint64_t cd[8];
	struct tev e;
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t ste[8];

		memcpy(cd, f.cd, sizeof(cd));
		mh_bits(cd, cases[i].hi, cases[i].lo, cases[i].v);
		put_words(&f.h, MH_CD + 64ull * (i + 1), cd, 8);
		memcpy(ste, f.ste, sizeof(ste));
		ste_s1(ste, MH_CD + 64ull * (i + 1), 0, 0, 0);
		mh_ste_put(&f.h, 30 + i, ste);
		e = expect_evt(&f.h, 30 + i, NOSS, EVT_C_BAD_CD);
		assert_int_equal(e.sid, 30 + i);
	}
	/* IPS = 32 bits with a TTB0 above 4 GiB. */
	memcpy(cd, f.cd, sizeof(cd));
	mh_bits(cd, 34, 32, 0);
	mh_bits(cd, 64 + 55, 64 + 4, 0x100000000ull >> 4);
	put_words(&f.h, MH_CD, cd, 8);
	mh_ste_put(&f.h, 60, f.ste);
	expect_evt(&f.h, 60, NOSS, EVT_C_BAD_CD);
	fx_fini(&f);
}

static void test_bad_cd_identity(void **state)
{
	struct smmu_model_config c;
	uint64_t cd[8];
	struct fx f;

	(void)state;
	smmu_model_config_default(&c);
	c.idr[0] |= 1u << 26;			/* TERM_MODEL = 1 */
	c.idr[0] &= ~(1u << 12);		/* no ASID16 */
	c.idr[5] &= ~(1u << 6);			/* no 64 KiB granule */
	fx_init(&f, &c, false);
	mh_ste_put(&f.h, 1, f.ste);
	memcpy(cd, f.cd, sizeof(cd));
	mh_bits(cd, 46, 46, 0);			/* A = 0 */
	put_words(&f.h, MH_CD, cd, 8);
	expect_evt(&f.h, 1, NOSS, EVT_C_BAD_CD);
	memcpy(cd, f.cd, sizeof(cd));
	mh_bits(cd, 63, 48, 0x100);		/* ASID[15:8] */
	put_words(&f.h, MH_CD, cd, 8);
	expect_evt(&f.h, 1, NOSS, EVT_C_BAD_CD);
	memcpy(cd, f.cd, sizeof(cd));
	mh_bits(cd, 7, 6, 1);			/* TG0 64 KiB */
	put_words(&f.h, MH_CD, cd, 8);
	expect_evt(&f.h, 1, NOSS, EVT_C_BAD_CD);
	put_words(&f.h, MH_CD, f.cd, 8);
	expect_ok(&f.h, 1, NOSS, VA0, MH_DATA);
	fx_fini(&f);
}

static void test_gbpa(void **state)
{
	struct smmu_model_result r;
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	mh_wr32(&f.h, R_CR0, CR0_CMDQEN | CR0_EVENTQEN);	/* SMMUEN = 0 */
	f.h.mem.logging = true;
	/* GBPA bypass: input = output, no table read. */
	assert_int_equal(xl(&f.h, 1, NOSS, 0x1234567, 0, &r), 0);
	assert_int_equal(r.pa, 0x1234567);
	assert_int_equal(f.h.mem.nlog, 0);
	/* Above OAS: aborted, no event. */
	assert_int_equal(xl(&f.h, 1, NOSS, 1ull << 50, 0, &r),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(r.evt.id, 0);
	/* GBPA.ABORT: everything aborts, silently. */
	mh_wr32(&f.h, R_GBPA, (1u << 31) | (1u << 20));
	assert_int_equal(xl(&f.h, 1, NOSS, 0x1000, 0, &r), -VSMMU_ERR_FAULT);
	assert_int_equal(r.outcome, SMMU_MODEL_ABORT);
	assert_int_equal(r.evt.id, 0);
	assert_int_equal(mh_evt_count(&f.h), 0);
	/* GBPA does not apply once SMMUEN = 1 (facts §2.10). */
	put_words(&f.h, MH_CD, f.cd, 8);
	mh_ste_put(&f.h, 1, f.ste);
	mh_wr32(&f.h, R_CR0, CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN);
	expect_ok(&f.h, 1, NOSS, VA0, MH_DATA);
	fx_fini(&f);
}

/* The configuration cache: kept until CFGI_* (facts §8.7). */
static void test_cfg_cache(void **state)
{
	uint64_t ste[8], abort_ste[8];
	struct smmu_model_counters c;
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	ste_init(ste, 4);
	ste_init(abort_ste, 0);
	for (uint32_t sid = 0; sid < 12; sid++)
		mh_ste_put(&f.h, sid, ste);
	for (uint32_t sid = 0; sid < 12; sid++)
		expect_ok(&f.h, sid, NOSS, 0x5000, 0x5000);
	for (uint32_t sid = 0; sid < 12; sid++)
		mh_ste_put(&f.h, sid, abort_ste);
	/* Still cached. */
	expect_ok(&f.h, 5, NOSS, 0x5000, 0x5000);
	/* CFGI_STE 5: only SID 5 re-reads. */
	mh_cmd(&f.h, cmd_sid(0x03, 5), 1);
	mh_sync(&f.h);
	{
		struct smmu_model_result r;

		assert_int_equal(xl(&f.h, 5, NOSS, 0, 0, &r), -VSMMU_ERR_FAULT);
	}
	expect_ok(&f.h, 4, NOSS, 0x5000, 0x5000);
	/* CFGI_STE_RANGE, Range 1: 4 SIDs aligned down: 8..11 from 9. */
	mh_cmd(&f.h, cmd_sid(0x04, 9), 1);
	{
		struct smmu_model_result r;

		for (uint32_t sid = 8; sid < 12; sid++)
			assert_int_equal(xl(&f.h, sid, NOSS, 0, 0, &r),
					 -VSMMU_ERR_FAULT);
	}
	expect_ok(&f.h, 7, NOSS, 0x5000, 0x5000);
	/* CFGI_ALL */
	mh_cmd(&f.h, cmd_sid(0x04, 0), 31);
	{
		struct smmu_model_result r;

		assert_int_equal(xl(&f.h, 0, NOSS, 0, 0, &r), -VSMMU_ERR_FAULT);
	}
	assert_int_equal(smmu_model_counters_get(f.h.m, &c), 0);
	assert_true(c.cfg_hits >= 3);
	fx_fini(&f);
}

static void test_cfgi_cd_scope(void **state)
{
	uint64_t ste[8], bad[8];
	struct smmu_model_result r;
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	memcpy(ste, f.ste, sizeof(ste));
	ste_s1(ste, MH_CD, 2, 0, 0);
	mh_ste_put(&f.h, 1, ste);
	for (int i = 0; i < 4; i++)
		put_words(&f.h, MH_CD + 64 * i, f.cd, 8);
	expect_ok(&f.h, 1, 1, VA0, MH_DATA);
	expect_ok(&f.h, 1, 2, VA0, MH_DATA);
	memset(bad, 0, sizeof(bad));
	put_words(&f.h, MH_CD + 64, bad, 8);
	put_words(&f.h, MH_CD + 128, bad, 8);
	/* CFGI_CD SSID 1 (dw0 SSID 31:12): only that CD is re-read. */
	mh_cmd(&f.h, cmd_sid(0x05, 1) | (1ull << 12), 1);
	assert_int_equal(xl(&f.h, 1, 1, VA0, 0, &r), -VSMMU_ERR_FAULT);
	assert_int_equal(r.evt.id, EVT_C_BAD_CD);
	pop1(&f.h);
	expect_ok(&f.h, 1, 2, VA0, MH_DATA);
	/* CFGI_CD of another SID does nothing here. */
	mh_cmd(&f.h, cmd_sid(0x05, 2) | (2ull << 12), 1);
	expect_ok(&f.h, 1, 2, VA0, MH_DATA);
	/* CFGI_CD_ALL */
	mh_cmd(&f.h, cmd_sid(0x06, 1), 0);
	assert_int_equal(xl(&f.h, 1, 2, VA0, 0, &r), -VSMMU_ERR_FAULT);
	assert_int_equal(r.evt.id, EVT_C_BAD_CD);
	fx_fini(&f);
}

/*
 * Nested: S1ContextPtr is an IPA. The CD is fetched through stage 2; a
 * stage-2 fault there is CLASS = CD with the CD's IPA (facts §4.4), and
 * nothing is read at the untranslated address.
 */
static void test_nested_cd_fetch(void **state)
{
	const uint64_t cd_ipa = 0x70000000ull, cd_pa = MH_CD + 0x3000;
	struct pgt_table s2;
	struct pgt_s2_cfg s2c;
	struct pgt_mem mem;
	struct pgt_alloc_ops al;
	struct smmu_model_result r;
	uint64_t ste[8];
	struct tev e;
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	tree_init(&f.h, &s2, true, &mem, &al);
	/* S2 maps the CD page and identity-maps the S1 tables and data. */
	tree_map(&s2, cd_ipa, cd_pa & ~0xfffull, 0x1000, PGT_PROT_R);
	tree_map(&s2, MH_POOL, MH_POOL, 0x100000, RW);
	tree_map(&s2, MH_DATA, MH_DATA, 0x10000, RW);
	assert_int_equal(pgt_table_s2_cfg(&s2, &s2c), 0);
	put_words(&f.h, cd_pa, f.cd, 8);
	ste_init(ste, 7);
	ste_s1(ste, cd_ipa, 0, 0, 0);
	ste_s2(ste, 3, &s2c, true);
	mh_ste_put(&f.h, 1, ste);
	expect_ok(&f.h, 1, NOSS, VA0 + 4, MH_DATA + 4);

	/* CD IPA not mapped at stage 2. */
	ste_s1(ste, cd_ipa + 0x10000, 0, 0, 0);
	mh_ste_put(&f.h, 2, ste);
	f.h.mem.logging = true;
	e = expect_evt(&f.h, 2, NOSS, EVT_F_TRANSLATION);
	assert_int_equal(e.s2, 1);
	assert_int_equal(e.cls, 0);			/* CLASS = CD */
	assert_int_equal(e.ipa, cd_ipa + 0x10000);
	assert_int_equal(e.sid, 2);
	assert_false(mmem_read_logged(&f.h.mem, cd_ipa + 0x10000,
				      cd_ipa + 0x10000 + 63));
	/* S2R = 0: still aborts, nothing recorded. */
	mh_bits(ste, 186, 186, 0);
	mh_ste_put(&f.h, 3, ste);
	assert_int_equal(xl(&f.h, 3, NOSS, VA0, 0, &r), -VSMMU_ERR_FAULT);
	assert_int_equal(r.outcome, SMMU_MODEL_ABORT);
	assert_int_equal(r.evt.id, EVT_F_TRANSLATION);
	assert_false(r.recorded);
	assert_int_equal(mh_evt_count(&f.h), 0);
	/* CD read through stage 2 fails in memory: F_CD_FETCH at the PA
	 * (after CFGI_STE: the configuration of SID 1 is cached). */
	mh_cmd(&f.h, cmd_sid(0x03, 1), 1);
	mmem_fail(&f.h.mem, cd_pa, cd_pa + 63, true, false);
	e = expect_evt(&f.h, 1, NOSS, EVT_F_CD_FETCH);
	assert_int_equal(e.fetch, cd_pa);
	fx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s1_ok_linear_and_2lvl),
		cmocka_unit_test(test_bad_streamid),
		cmocka_unit_test(test_bad_streamid_2lvl),
		cmocka_unit_test(test_2lvl_split),
		cmocka_unit_test(test_linear_align),
		cmocka_unit_test(test_ste_fetch_abort),
		cmocka_unit_test(test_bad_ste),
		cmocka_unit_test(test_bad_ste_identity),
		cmocka_unit_test(test_ssidsize0_ignores_s1cdmax),
		cmocka_unit_test(test_had_ignored_without_idr3_had),
		cmocka_unit_test(test_el2_world_ignored_fields),
		cmocka_unit_test(test_cd_table_ptr_res0_bits),
		cmocka_unit_test(test_config_abort_silent),
		cmocka_unit_test(test_bypass),
		cmocka_unit_test(test_bad_substreamid),
		cmocka_unit_test(test_cd_2lvl_64k),
		cmocka_unit_test(test_stream_disabled),
		cmocka_unit_test(test_cd_fetch_abort),
		cmocka_unit_test(test_bad_cd),
		cmocka_unit_test(test_bad_cd_identity),
		cmocka_unit_test(test_gbpa),
		cmocka_unit_test(test_cfg_cache),
		cmocka_unit_test(test_cfgi_cd_scope),
		cmocka_unit_test(test_nested_cd_fetch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
