// SPDX-License-Identifier: MIT
/*
 * Tests of src/arch/evt.c against facts §6.1-6.3: a hand-assembled vector
 * per event family, the exact field set of each ID (random round trips
 * masked by hand-written per-ID masks), names, unknown IDs and encode
 * range checks.
 */
#include "arch_test.h"

struct evt_layout {
	uint8_t id;
	const char *name;
	uint64_t m[4];   /* defined bits of dw0 (without the ID) .. dw3 */
};

/*
 * Per-ID field bits from facts §6.2/6.3, by hand. dw0: SSV 0x800, SSID
 * 0xFFFFF000, SID 0xFFFFFFFF00000000. dw1: Reason/STAG 0xFFFF, Stall
 * 0x80000000, PnU/InD/RnW 0xE00000000, NSIPA 0x4000000000, S2
 * 0x8000000000, CLASS 0x30000000000, TTRnW 0x100000000000, IMPDEF
 * 0xFFFF000000000000. dw3: IPA 0x00FFFFFFFFFFF000, FetchAddr
 * 0x00FFFFFFFFFFFFF8.
 */
#define STREAM 0xFFFFFFFFFFFFF800ull
#define FETCH 0x00FFFFFFFFFFFFF8ull
#define IPA 0x00FFFFFFFFFFF000ull
#define PAGE 0xFFFFFFFFFFFFF000ull
#define ALL 0xFFFFFFFFFFFFFFFFull
static const struct evt_layout layouts[] = {
	{ 0x01, "F_UUT", { STREAM, 0x0000000E0000FFFFull, ALL, 0 } },
	{ 0x02, "C_BAD_STREAMID", { STREAM, 0, 0, 0 } },
	{ 0x03, "F_STE_FETCH", { STREAM, 0xFFFFull, 0, FETCH } },
	{ 0x04, "C_BAD_STE", { STREAM, 0, 0, 0 } },
	{ 0x05, "F_BAD_ATS_TREQ", { STREAM, 0xF000000Full, PAGE, 0 } },
	{ 0x06, "F_STREAM_DISABLED", { 0xFFFFFFFF00000000ull, 0, 0, 0 } },
	{ 0x07, "F_TRANSL_FORBIDDEN",
	  { 0xFFFFFFFF00000000ull, 0x800000000ull, ALL, 0 } },
	{ 0x08, "C_BAD_SUBSTREAMID", { 0xFFFFFFFFFFFFF000ull, 0, 0, 0 } },
	{ 0x09, "F_CD_FETCH", { STREAM, 0xFFFFull, 0, FETCH } },
	{ 0x0A, "C_BAD_CD", { STREAM, 0, 0, 0 } },
	{ 0x0B, "F_WALK_EABT", { STREAM, 0x000003CE0000FFFFull, ALL, FETCH } },
	{ 0x10, "F_TRANSLATION", { STREAM, 0xFFFF03CE8000FFFFull, ALL, IPA } },
	{ 0x11, "F_ADDR_SIZE", { STREAM, 0xFFFF03CE8000FFFFull, ALL, IPA } },
	{ 0x12, "F_ACCESS", { STREAM, 0xFFFF03CE8000FFFFull, ALL, IPA } },
	{ 0x13, "F_PERMISSION", { STREAM, 0xFFFF13CE8000FFFFull, ALL, IPA } },
	{ 0x20, "F_TLB_CONFLICT", { STREAM, 0x000000CEFFFFFFFFull, ALL, IPA } },
	{ 0x21, "F_CFG_CONFLICT", { STREAM, 0xFFFFFFFFull, 0, 0 } },
	{ 0x24, "E_PAGE_REQUEST", { STREAM, 0x000FF0EE00000000ull, PAGE, 0 } },
	{ 0x25, "F_VMS_FETCH", { STREAM, 0xFFFFull, 0, FETCH } },
};

static const struct evt_layout *layout_of(unsigned int id)
{
	size_t i;

	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (layouts[i].id == id)
			return &layouts[i];
	return NULL;
}

static void zero_evt(struct smmu_evt *e, uint8_t id)
{
	memset(e, 0, sizeof(*e));
	e->id = id;
}

static void check_vec(const struct smmu_evt *e, uint64_t w0, uint64_t w1,
		      uint64_t w2, uint64_t w3)
{
	uint64_t w[4], in[4] = { w0, w1, w2, w3 };
	struct smmu_evt d;
	int i;

	assert_int_equal(smmu_evt_encode(e, w), 0);
	for (i = 0; i < 4; i++)
		if (w[i] != in[i])
			fail_msg("%s dw%d: 0x%016llx, want 0x%016llx",
				 smmu_evt_name(e->id), i,
				 (unsigned long long)w[i],
				 (unsigned long long)in[i]);
	assert_int_equal(smmu_evt_decode(in, &d), 0);
	assert_memory_equal(&d, e, sizeof(d));
}

static void test_evt_vectors(void **state)
{
	struct smmu_evt e;
	uint64_t w[4];

	(void)state;
	/*
	 * F_TRANSLATION: SID 0x10, SSV, SSID 1, STAG 0x55, Stall, PnU, RnW,
	 * CLASS IN (10), InputAddr 0xFFFF_0000_1234_5678, IPA 0x8000_0000.
	 * dw0 = 0x10<<32 | 1<<12 | 1<<11 | 0x10 = 0x0000001000001810
	 * dw1 = 2<<40 | 1<<35 | 1<<33 | 1<<31 | 0x55 = 0x0000020A80000055
	 */
	zero_evt(&e, SMMU_EVT_F_TRANSLATION);
	e.sid = 0x10;
	e.ssv = true;
	e.ssid = 1;
	e.reason = 0x55;
	e.stall = true;
	e.pnu = true;
	e.rnw = true;
	e.class_ = SMMU_EVT_CLASS_IN;
	e.input_addr = 0xFFFF000012345678ull;
	e.ipa = 0x80000000ull;
	check_vec(&e, 0x0000001000001810ull, 0x0000020A80000055ull,
		  0xFFFF000012345678ull, 0x80000000ull);
	/*
	 * F_PERMISSION at stage 2 while walking stage 1: SID 1, S2, CLASS TT
	 * (01), TTRnW, IPA 0x4000_0000, InputAddr 0x1000, IMPDEF 0xAB.
	 * dw1 = 0xAB<<48 | 1<<44 | 1<<40 | 1<<39 = 0x00AB118000000000
	 */
	zero_evt(&e, SMMU_EVT_F_PERMISSION);
	e.sid = 1;
	e.s2 = true;
	e.class_ = SMMU_EVT_CLASS_TT;
	e.ttrnw = true;
	e.impdef = 0xAB;
	e.ipa = 0x40000000ull;
	e.input_addr = 0x1000;
	check_vec(&e, 0x0000000100000013ull, 0x00AB118000000000ull, 0x1000,
		  0x40000000ull);
	/* C_BAD_SUBSTREAMID SID 5, SSID 0xFFFFF: no SSV even if asked */
	zero_evt(&e, SMMU_EVT_C_BAD_SUBSTREAMID);
	e.sid = 5;
	e.ssid = 0xFFFFF;
	check_vec(&e, 0x00000005FFFFF008ull, 0, 0, 0);
	e.ssv = true;
	assert_int_equal(smmu_evt_encode(&e, w), 0);
	assert_true(w[0] == 0x00000005FFFFF008ull);
	/* F_STREAM_DISABLED has only the SID: SSV/SSID are not encoded */
	zero_evt(&e, SMMU_EVT_F_STREAM_DISABLED);
	e.sid = 7;
	check_vec(&e, 0x0000000700000006ull, 0, 0, 0);
	e.ssv = true;
	e.ssid = 0x1234;
	e.input_addr = 0x5000;
	assert_int_equal(smmu_evt_encode(&e, w), 0);
	assert_true(w[0] == 0x0000000700000006ull && w[1] == 0 &&
		    w[2] == 0 && w[3] == 0);
	/* F_STE_FETCH SID 9: FetchAddr 0x8_0000_0240 in dw3 55:3 */
	zero_evt(&e, SMMU_EVT_F_STE_FETCH);
	e.sid = 9;
	e.fetch_addr = 0x800000240ull;
	check_vec(&e, 0x0000000900000003ull, 0, 0, 0x800000240ull);
	/* F_CD_FETCH SID 3, Reason 0x12, FetchAddr 0x8_0000_0048 (dw3) */
	zero_evt(&e, SMMU_EVT_F_CD_FETCH);
	e.sid = 3;
	e.reason = 0x12;
	e.fetch_addr = 0x800000048ull;
	check_vec(&e, 0x0000000300000009ull, 0x12, 0, 0x800000048ull);
	/*
	 * F_WALK_EABT SID 1, Reason 1, S2, CLASS TT, InputAddr 0x2000,
	 * FetchAddr 0x9000_0008: dw1 = 1<<40 | 1<<39 | 1 = 0x0000018000000001
	 */
	zero_evt(&e, SMMU_EVT_F_WALK_EABT);
	e.sid = 1;
	e.reason = 1;
	e.s2 = true;
	e.class_ = SMMU_EVT_CLASS_TT;
	e.input_addr = 0x2000;
	e.fetch_addr = 0x90000008ull;
	check_vec(&e, 0x000000010000000Bull, 0x0000018000000001ull, 0x2000,
		  0x90000008ull);
	/* F_BAD_ATS_TREQ SID 2, Span 3, Read, Write, InputAddr 0x1000_0000 */
	zero_evt(&e, SMMU_EVT_F_BAD_ATS_TREQ);
	e.sid = 2;
	e.span = 3;
	e.read = true;
	e.write = true;
	e.input_addr = 0x10000000ull;
	check_vec(&e, 0x0000000200000005ull, 0xC0000003ull, 0x10000000ull, 0);
	/* F_TRANSL_FORBIDDEN SID 0xFFFFFFFF, RnW, InputAddr 0x123 */
	zero_evt(&e, SMMU_EVT_F_TRANSL_FORBIDDEN);
	e.sid = 0xFFFFFFFF;
	e.rnw = true;
	e.input_addr = 0x123;
	check_vec(&e, 0xFFFFFFFF00000007ull, 0x800000000ull, 0x123, 0);
	/*
	 * E_PAGE_REQUEST SID 4, SSV, SSID 2, uR, uW, pR, Span 0x10,
	 * InputAddr 0xABC000:
	 * dw0 = 4<<32 | 2<<12 | 1<<11 | 0x24 = 0x0000000400002824
	 * dw1 = 0x10<<44 | 1<<39 | 1<<35 | 1<<34 = 0x0001008C00000000
	 */
	zero_evt(&e, SMMU_EVT_E_PAGE_REQUEST);
	e.sid = 4;
	e.ssv = true;
	e.ssid = 2;
	e.ur = true;
	e.uw = true;
	e.pr = true;
	e.span = 0x10;
	e.input_addr = 0xABC000ull;
	check_vec(&e, 0x0000000400002824ull, 0x0001008C00000000ull,
		  0xABC000ull, 0);
	/* F_TLB_CONFLICT: 32-bit Reason, bit 31 is not Stall */
	zero_evt(&e, SMMU_EVT_F_TLB_CONFLICT);
	e.reason = 0xDEADBEEF;
	e.ind = true;
	check_vec(&e, 0x20, 0x00000004DEADBEEFull, 0, 0);
	/* C_BAD_STE SID 0x77, SSV, SSID 0x10 */
	zero_evt(&e, SMMU_EVT_C_BAD_STE);
	e.sid = 0x77;
	e.ssv = true;
	e.ssid = 0x10;
	check_vec(&e, 0x0000007700010804ull, 0, 0, 0);
}

/* Each ID carries exactly its fields: random words, masked by hand. */
static void test_evt_random(void **state)
{
	uint64_t seed = XS_SEED ^ 0xE7, in[4], m[4], out[4];
	struct smmu_evt e;
	size_t i;
	int n, k;

	(void)state;
	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		const struct evt_layout *l = &layouts[i];

		for (n = 0; n < N_RANDOM / 10; n++) {
			for (k = 0; k < 4; k++) {
				in[k] = xs64(&seed);
				m[k] = in[k] & l->m[k];
			}
			in[0] = (in[0] & ~0xFFull) | l->id;
			m[0] |= l->id;
			/* exact round trip of the defined bits */
			assert_int_equal(smmu_evt_decode(m, &e), 0);
			assert_int_equal(smmu_evt_encode(&e, out), 0);
			assert_memory_equal(out, m, sizeof(m));
			/* other bits are ignored by decode */
			assert_int_equal(smmu_evt_decode(in, &e), 0);
			assert_int_equal(smmu_evt_encode(&e, out), 0);
			assert_memory_equal(out, m, sizeof(m));
		}
	}
}

static void test_evt_ids(void **state)
{
	unsigned int id;
	int known = 0;

	(void)state;
	for (id = 0; id < 256; id++) {
		const struct evt_layout *l = layout_of(id);
		uint64_t in[4] = { 0xABCDE000FFFFF800ull | id, ~0ull, ~0ull,
				   ~0ull };
		struct smmu_evt e;

		if (l) {
			known++;
			assert_string_equal(smmu_evt_name((uint8_t)id),
					    l->name);
			assert_int_equal(smmu_evt_decode(in, &e), 0);
			continue;
		}
		assert_string_equal(smmu_evt_name((uint8_t)id),
				    id >= 0xE0 && id <= 0xEF ? "EVT_IMPDEF" :
				    "EVT_RESERVED");
		/* unknown: ILL, but the common dw0 fields are filled */
		assert_int_equal(smmu_evt_decode(in, &e), -VSMMU_ERR_ILL);
		assert_int_equal(e.id, id);
		assert_true(e.ssv);
		assert_int_equal(e.ssid, 0xFFFFF);
		assert_int_equal(e.sid, 0xABCDE000u);
		assert_int_equal(e.reason, 0);
		assert_true(e.input_addr == 0 && e.ipa == 0 &&
			    e.fetch_addr == 0);
		/* encode: ILL, common dw0 written, nothing else */
		e.input_addr = 0x1000;
		assert_int_equal(smmu_evt_encode(&e, in), -VSMMU_ERR_ILL);
		assert_true(in[0] == (0xABCDE000FFFFF800ull | id));
		assert_true(in[1] == 0 && in[2] == 0 && in[3] == 0);
	}
	assert_int_equal(known, 19);
	assert_true(smmu_evt_is_translation_fault(0x10));
	assert_true(smmu_evt_is_translation_fault(0x13));
	assert_false(smmu_evt_is_translation_fault(0x0B));
	assert_false(smmu_evt_is_translation_fault(0x20));
}

static void test_evt_encode_range(void **state)
{
	struct smmu_evt e;
	uint64_t w[4];

	(void)state;
	zero_evt(&e, SMMU_EVT_C_BAD_CD);
	e.ssid = 0x100000;
	assert_int_equal(smmu_evt_encode(&e, w), -VSMMU_ERR_RANGE);
	zero_evt(&e, SMMU_EVT_F_UUT);
	e.reason = 0x10000;
	assert_int_equal(smmu_evt_encode(&e, w), -VSMMU_ERR_RANGE);
	zero_evt(&e, SMMU_EVT_F_CFG_CONFLICT);
	e.reason = 0xFFFFFFFF;
	assert_int_equal(smmu_evt_encode(&e, w), 0);
	assert_true(w[1] == 0xFFFFFFFFull);
	zero_evt(&e, SMMU_EVT_F_CD_FETCH);
	e.fetch_addr = 0x1004;   /* FetchAddr is 55:3 */
	assert_int_equal(smmu_evt_encode(&e, w), -VSMMU_ERR_RANGE);
	assert_true(w[3] == 0x1000);
	e.fetch_addr = 0x0100000000000008ull;
	assert_int_equal(smmu_evt_encode(&e, w), -VSMMU_ERR_RANGE);
	assert_true(w[3] == 0x8);
	zero_evt(&e, SMMU_EVT_F_ACCESS);
	e.ipa = 0x1800;          /* IPA is 55:12 */
	assert_int_equal(smmu_evt_encode(&e, w), -VSMMU_ERR_RANGE);
	assert_true(w[3] == 0x1000);
	e.ipa = 0;
	e.class_ = 4;
	assert_int_equal(smmu_evt_encode(&e, w), -VSMMU_ERR_RANGE);
	e.class_ = 3;
	e.input_addr = ~0ull;    /* the full 64-bit input address */
	assert_int_equal(smmu_evt_encode(&e, w), 0);
	assert_true(w[2] == ~0ull);
	zero_evt(&e, SMMU_EVT_F_BAD_ATS_TREQ);
	e.input_addr = 0x1001;   /* InputAddr 63:12 here */
	assert_int_equal(smmu_evt_encode(&e, w), -VSMMU_ERR_RANGE);
	e.input_addr = 0;
	e.span = 16;
	assert_int_equal(smmu_evt_encode(&e, w), -VSMMU_ERR_RANGE);
	zero_evt(&e, SMMU_EVT_E_PAGE_REQUEST);
	e.span = 255;
	assert_int_equal(smmu_evt_encode(&e, w), 0);
	assert_true(w[1] == 0x000FF00000000000ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evt_vectors),
		cmocka_unit_test(test_evt_random),
		cmocka_unit_test(test_evt_ids),
		cmocka_unit_test(test_evt_encode_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
