// SPDX-License-Identifier: MIT
/*
 * Tests of src/arch/ste.c: STE and L1STD codecs against the facts sheet
 * (§3.2-3.7). Each field is set alone to its maximum and the encoded
 * dword is compared with a mask written out by hand from the tables;
 * max + 1 must be refused; random defined words must round-trip; every
 * single RES0 bit must be reported.
 */
#include "arch_test.h"

/* RES0 bits of the STE, per dword, from facts §3.3-3.7 by hand. */
static const uint64_t ste_res0[8] = {
	0x0700000000000000ull,   /* dw0 58:56 */
	0x00000E0000000000ull,   /* dw1 43:41 */
	0,                       /* dw2: every bit is a field */
	0x9F00000000000000ull,   /* dw3 63, 60:56 */
	0x00003F0000000000ull,   /* dw4 45:40 */
	0xFF00000000000000ull,   /* dw5 63:56 */
	0x9F00000000000008ull,   /* dw6 63, 60:56, 3 */
	0,                       /* dw7: S2POI0..15 */
};

static uint64_t seen[8];   /* OR of every field mask tested below */

static void zero_ste(struct smmu_ste *s)
{
	memset(s, 0, sizeof(*s));
}

/* s has exactly one field set; it must encode to word in dword dw only. */
static void check_one(const struct smmu_ste *s, unsigned int dw,
		      uint64_t word, const char *name)
{
	uint64_t w[8];
	struct smmu_ste d;
	unsigned int i;

	if (smmu_ste_encode(s, w) != 0)
		fail_msg("%s: encode failed", name);
	for (i = 0; i < 8; i++) {
		uint64_t want = i == dw ? word : 0;

		if (w[i] != want)
			fail_msg("%s: dw%u = 0x%016llx, want 0x%016llx", name,
				 i, (unsigned long long)w[i],
				 (unsigned long long)want);
	}
	if (smmu_ste_decode(w, &d))
		fail_msg("%s: decode reported RES0", name);
	if (memcmp(&d, s, sizeof(d)) != 0)
		fail_msg("%s: decode(encode(x)) != x", name);
}

/*
 * FIELD(f, max, dw, word): f = max encodes to word (hand-written);
 * f = 0 encodes to all-zero; f = max + 1, when the member can hold it,
 * is refused with -VSMMU_ERR_RANGE.
 */
#define FIELD(f, max, dw, word) do {					\
	struct smmu_ste s_;						\
	uint64_t w_[8], n_;						\
	zero_ste(&s_);							\
	check_one(&s_, dw, 0, #f " = 0");				\
	s_.f = (max);							\
	check_one(&s_, dw, (word), #f " = max");			\
	seen[dw] |= (word);						\
	n_ = (uint64_t)(max) + 1;					\
	s_.f = n_;		/* truncated if the member is full */	\
	if (n_ != 0 && (uint64_t)s_.f == n_)				\
		assert_int_equal(smmu_ste_encode(&s_, w_),		\
				 -VSMMU_ERR_RANGE);			\
} while (0)

/* FLAG(f, dw, word): a one-bit field held in a bool. */
#define FLAG(f, dw, word) do {						\
	struct smmu_ste s_;						\
	zero_ste(&s_);							\
	s_.f = true;							\
	check_one(&s_, dw, (word), #f);					\
	seen[dw] |= (word);						\
} while (0)

/* ADDR(f, dw, mask): an address field kept in place at mask. */
#define ADDR(f, dw, mask) do {						\
	struct smmu_ste s_;						\
	uint64_t w_[8];							\
	uint64_t lo_ = (mask) & -(mask);				\
	zero_ste(&s_);							\
	s_.f = (mask);							\
	check_one(&s_, dw, (mask), #f " = all");			\
	seen[dw] |= (mask);						\
	s_.f = (mask) | (lo_ >> 1);	/* below the field */		\
	assert_int_equal(smmu_ste_encode(&s_, w_), -VSMMU_ERR_RANGE);	\
	assert_true(w_[dw] == (mask));					\
	s_.f = lo_ | (1ull << 56);	/* above bit 55 */		\
	assert_int_equal(smmu_ste_encode(&s_, w_), -VSMMU_ERR_RANGE);	\
	assert_true(w_[dw] == lo_);					\
} while (0)

static void test_ste_fields(void **state)
{
	unsigned int i;

	(void)state;
	memset(seen, 0, sizeof(seen));
	/* dw0, facts §3.3 */
	FLAG(v, 0, 0x1ull);
	FIELD(config, 7, 0, 0xEull);
	FIELD(s1fmt, 3, 0, 0x30ull);
	ADDR(s1ctxptr, 0, 0x00FFFFFFFFFFFFC0ull);
	FIELD(s1cdmax, 31, 0, 0xF800000000000000ull);
	/* dw1, facts §3.4 */
	FIELD(s1dss, 3, 1, 0x3ull);
	FIELD(s1cir, 3, 1, 0xCull);
	FIELD(s1cor, 3, 1, 0x30ull);
	FIELD(s1csh, 3, 1, 0xC0ull);
	FIELD(s2hwu, 15, 1, 0xF00ull);
	FLAG(dre, 1, 0x1000ull);
	FIELD(cont, 15, 1, 0x1E000ull);
	FLAG(dcp, 1, 0x20000ull);
	FLAG(ppar, 1, 0x40000ull);
	FLAG(mev, 1, 0x80000ull);
	FIELD(sw_reserved, 15, 1, 0xF00000ull);
	FLAG(s1pie, 1, 0x1000000ull);
	FLAG(s2fwb, 1, 0x2000000ull);
	FLAG(s1mpam, 1, 0x4000000ull);
	FLAG(s1stalld, 1, 0x8000000ull);
	FIELD(eats, 3, 1, 0x30000000ull);
	FIELD(strw, 3, 1, 0xC0000000ull);
	FIELD(memattr, 15, 1, 0xF00000000ull);
	FLAG(mtcfg, 1, 0x1000000000ull);
	FIELD(alloccfg, 15, 1, 0x1E000000000ull);
	FIELD(shcfg, 3, 1, 0x300000000000ull);
	FIELD(nscfg, 3, 1, 0xC00000000000ull);
	FIELD(privcfg, 3, 1, 0x3000000000000ull);
	FIELD(instcfg, 3, 1, 0xC000000000000ull);
	FIELD(impdef1, 0xFFF, 1, 0xFFF0000000000000ull);
	/* dw2, facts §3.5 */
	FIELD(s2vmid, 0xFFFF, 2, 0xFFFFull);
	FIELD(impdef2, 0xFFFF, 2, 0xFFFF0000ull);
	FIELD(s2t0sz, 63, 2, 0x3F00000000ull);
	FIELD(s2sl0, 3, 2, 0xC000000000ull);
	FIELD(s2ir0, 3, 2, 0x30000000000ull);
	FIELD(s2or0, 3, 2, 0xC0000000000ull);
	FIELD(s2sh0, 3, 2, 0x300000000000ull);
	FIELD(s2tg, 3, 2, 0xC00000000000ull);
	FIELD(s2ps, 7, 2, 0x7000000000000ull);
	FLAG(s2aa64, 2, 0x8000000000000ull);
	FLAG(s2endi, 2, 0x10000000000000ull);
	FLAG(s2affd, 2, 0x20000000000000ull);
	FLAG(s2ptw, 2, 0x40000000000000ull);
	FLAG(s2hd, 2, 0x80000000000000ull);
	FLAG(s2ha, 2, 0x100000000000000ull);
	FLAG(s2s, 2, 0x200000000000000ull);
	FLAG(s2r, 2, 0x400000000000000ull);
	FLAG(s2haft, 2, 0x800000000000000ull);
	FLAG(s2pie, 2, 0x1000000000000000ull);
	FLAG(s2poe, 2, 0x2000000000000000ull);
	FIELD(dpt_vmatch, 3, 2, 0xC000000000000000ull);
	/* dw3, facts §3.6 */
	FLAG(s2nsw, 3, 0x1ull);
	FLAG(s2nsa, 3, 0x2ull);
	FLAG(s2sl0_2, 3, 0x4ull);
	FLAG(s2ds, 3, 0x8ull);
	ADDR(s2ttb, 3, 0x00FFFFFFFFFFFFF0ull);
	FIELD(s2skl, 3, 3, 0x6000000000000000ull);
	/* dw4-7, facts §3.7 */
	FIELD(impdef4, 0xFFFF, 4, 0xFFFFull);
	FIELD(partid, 0xFFFF, 4, 0xFFFF0000ull);
	FIELD(s_s2t0sz, 63, 4, 0x3F00000000ull);
	FIELD(s_s2sl0, 3, 4, 0xC000000000ull);
	FIELD(s_s2tg, 3, 4, 0xC00000000000ull);
	FIELD(mecid, 0xFFFF, 4, 0xFFFF000000000000ull);
	FIELD(pmg, 0xFF, 5, 0xFFull);
	FLAG(mpam_ns, 5, 0x100ull);
	FLAG(assuredonly, 5, 0x200ull);
	FLAG(tl0, 5, 0x400ull);
	FLAG(tl1, 5, 0x800ull);
	ADDR(vmsptr, 5, 0x00FFFFFFFFFFF000ull);
	FLAG(s2sw, 6, 0x1ull);
	FLAG(s2sa, 6, 0x2ull);
	FLAG(s_s2sl0_2, 6, 0x4ull);
	ADDR(s_s2ttb, 6, 0x00FFFFFFFFFFFFF0ull);
	FIELD(s_s2skl, 3, 6, 0x6000000000000000ull);
	FIELD(s2poi, 0xFFFFFFFFFFFFFFFFull, 7, 0xFFFFFFFFFFFFFFFFull);

	/* the fields above and the RES0 bits tile all 512 bits */
	for (i = 0; i < 8; i++)
		assert_true((seen[i] | ste_res0[i]) == ~0ull &&
			    (seen[i] & ste_res0[i]) == 0);
}

/* Hand-written vectors, in the words of facts §3. */
static void test_ste_vectors(void **state)
{
	struct smmu_ste s;
	uint64_t w[8];

	(void)state;
	/* only S2R = 1: dw2 bit 58 */
	zero_ste(&s);
	s.s2r = true;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	assert_true(w[2] == 1ull << 58);
	/* S2VMID 0xABCD: dw2 bits 15:0 */
	zero_ste(&s);
	s.s2vmid = 0xABCD;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	assert_true(w[2] == 0xABCDull);
	/* Config = S1 translate (0b101) at 3:1: dw0 = 0b1010 */
	zero_ste(&s);
	s.config = SMMU_STE_CFG_S1;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	assert_true(w[0] == 0xAull);
	/*
	 * A guest S1 STE: V=1, Config=0b101, S1Fmt=0b10 (64K L2),
	 * S1ContextPtr=0x8_0001_1000, S1CDMax=10, S1DSS=0b10, S1CIR=S1COR=01,
	 * S1CSH=11, MEV=1:
	 * dw0 = 10<<59 | 0x8_0001_1000 | 2<<4 | 5<<1 | 1
	 *     = 0x5000000000000000 | 0x800011000 | 0x20 | 0xA | 0x1
	 *     = 0x500000080001102B
	 * dw1 = 0x80000 | 3<<6 | 1<<4 | 1<<2 | 2 = 0x800D6
	 */
	zero_ste(&s);
	s.v = true;
	s.config = SMMU_STE_CFG_S1;
	s.s1fmt = SMMU_STE_S1FMT_64K_L2;
	s.s1ctxptr = 0x800011000ull;
	s.s1cdmax = 10;
	s.s1dss = SMMU_STE_S1DSS_SSID0;
	s.s1cir = 1;
	s.s1cor = 1;
	s.s1csh = 3;
	s.mev = true;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	assert_true(w[0] == 0x500000080001102Bull);
	assert_true(w[1] == 0x800D6ull);
	assert_true(w[2] == 0 && w[3] == 0);
	/*
	 * A stage-2 part: VMID 5, S2T0SZ 24 (40-bit IPA), SL0 1, IR0=OR0=1,
	 * SH0 3, TG 4K, PS 40 bits (2), AA64, PTW, R; S2TTB 0x8_4000_0000.
	 * dw2 = 1<<58 | 1<<54 | 1<<51 | 2<<48 | 3<<44 | 1<<42 | 1<<40 |
	 *       1<<38 | 24<<32 | 5
	 *     = 0x0400000000000000 + 0x0040000000000000 + 0x0008000000000000
	 *       + 0x0002000000000000 + 0x0000300000000000
	 *       + 0x0000040000000000 + 0x0000010000000000
	 *       + 0x0000004000000000 + 0x0000001800000000 + 5
	 *     = 0x044A355800000005
	 */
	zero_ste(&s);
	s.s2vmid = 5;
	s.s2t0sz = 24;
	s.s2sl0 = 1;
	s.s2ir0 = 1;
	s.s2or0 = 1;
	s.s2sh0 = 3;
	s.s2tg = SMMU_STE_S2TG_4K;
	s.s2ps = SMMU_OAS_40;
	s.s2aa64 = true;
	s.s2ptw = true;
	s.s2r = true;
	s.s2ttb = 0x840000000ull;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	assert_true(w[2] == 0x044A355800000005ull);
	assert_true(w[3] == 0x840000000ull);
}

static void test_ste_res0_bits(void **state)
{
	struct smmu_ste s;
	uint64_t w[8], e[8];
	unsigned int bit;

	(void)state;
	for (bit = 0; bit < 512; bit++) {
		bool res0 = (ste_res0[bit / 64] >> (bit % 64)) & 1;

		memset(w, 0, sizeof(w));
		w[bit / 64] = 1ull << (bit % 64);
		if (smmu_ste_decode(w, &s) != res0)
			fail_msg("bit %u: RES0 report wrong", bit);
		assert_int_equal(smmu_ste_encode(&s, e), 0);
		/* a RES0 bit is dropped, a field bit comes back */
		w[bit / 64] &= ~ste_res0[bit / 64];
		assert_memory_equal(e, w, sizeof(w));
	}
}

static void test_ste_random(void **state)
{
	uint64_t seed = XS_SEED, w[8], e[8], m[8];
	struct smmu_ste s;
	bool any;
	int n, i;

	(void)state;
	for (n = 0; n < N_RANDOM; n++) {
		any = false;
		for (i = 0; i < 8; i++) {
			w[i] = xs64(&seed);
			m[i] = w[i] & ~ste_res0[i];
			any |= (w[i] & ste_res0[i]) != 0;
		}
		/* masked to the defined bits: exact round trip */
		assert_false(smmu_ste_decode(m, &s));
		assert_int_equal(smmu_ste_encode(&s, e), 0);
		assert_memory_equal(e, m, sizeof(m));
		/* unmasked: RES0 reported, dropped on re-encode */
		assert_int_equal(smmu_ste_decode(w, &s), any);
		assert_int_equal(smmu_ste_encode(&s, e), 0);
		assert_memory_equal(e, m, sizeof(m));
	}
}

static void test_l1std(void **state)
{
	struct smmu_l1std d;
	uint64_t w;
	unsigned int bit;

	(void)state;
	/* Linux's SPLIT = 8: Span 9, L2 table at 0x8_0004_0000 */
	d.span = 9;
	d.l2ptr = 0x800040000ull;
	assert_int_equal(smmu_l1std_encode(&d, &w), 0);
	assert_true(w == 0x800040009ull);
	assert_false(smmu_l1std_decode(w, &d));
	assert_int_equal(d.span, 9);
	assert_true(d.l2ptr == 0x800040000ull);
	/* boundaries: Span 4:0, L2Ptr 55:6 */
	d.span = 31;
	d.l2ptr = 0x00FFFFFFFFFFFFC0ull;
	assert_int_equal(smmu_l1std_encode(&d, &w), 0);
	assert_true(w == 0x00FFFFFFFFFFFFDFull);
	d.span = 32;
	d.l2ptr = 0;
	assert_int_equal(smmu_l1std_encode(&d, &w), -VSMMU_ERR_RANGE);
	d.span = 0;
	d.l2ptr = 0x1020;   /* bit 5 is not part of L2Ptr */
	assert_int_equal(smmu_l1std_encode(&d, &w), -VSMMU_ERR_RANGE);
	assert_true(w == 0x1000);
	d.l2ptr = 1ull << 56;
	assert_int_equal(smmu_l1std_encode(&d, &w), -VSMMU_ERR_RANGE);
	assert_true(w == 0);
	/* RES0: bit 5 and 63:56 */
	for (bit = 0; bit < 64; bit++) {
		bool res0 = bit == 5 || bit >= 56;

		assert_int_equal(smmu_l1std_decode(1ull << bit, &d), res0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ste_fields),
		cmocka_unit_test(test_ste_vectors),
		cmocka_unit_test(test_ste_res0_bits),
		cmocka_unit_test(test_ste_random),
		cmocka_unit_test(test_l1std),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
