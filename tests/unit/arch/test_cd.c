// SPDX-License-Identifier: MIT
/*
 * Tests of src/arch/cd.c: CD and L1CD codecs against the facts sheet
 * (§4.1-4.3). Each field is set alone to its maximum and the encoded
 * dword is compared with a mask written out by hand; max + 1 must be
 * refused; random defined words must round-trip; every RES0 bit must be
 * reported.
 */
#include "arch_test.h"

/* RES0 bits of the CD, per dword, from facts §4.2-4.3 by hand. */
static const uint64_t cd_res0[8] = {
	0,                       /* dw0: every bit is a field */
	0x0300000000000000ull,   /* dw1 57:56 */
	0x0300000000000000ull,   /* dw2 57:56 */
	0,                       /* dw3 MAIR */
	0,                       /* dw4 AMAIR */
	0xFF00000000000000ull,   /* dw5 63:56 */
	0xFFFF000000000000ull,   /* dw6 63:48 */
	0xFFFF000000000000ull,   /* dw7 63:48 */
};

static uint64_t seen[8];

static void zero_cd(struct smmu_cd *c)
{
	memset(c, 0, sizeof(*c));
}

static void check_one(const struct smmu_cd *c, unsigned int dw,
		      uint64_t word, const char *name)
{
	uint64_t w[8];
	struct smmu_cd d;
	unsigned int i;

	if (smmu_cd_encode(c, w) != 0)
		fail_msg("%s: encode failed", name);
	for (i = 0; i < 8; i++) {
		uint64_t want = i == dw ? word : 0;

		if (w[i] != want)
			fail_msg("%s: dw%u = 0x%016llx, want 0x%016llx", name,
				 i, (unsigned long long)w[i],
				 (unsigned long long)want);
	}
	if (smmu_cd_decode(w, &d))
		fail_msg("%s: decode reported RES0", name);
	if (memcmp(&d, c, sizeof(d)) != 0)
		fail_msg("%s: decode(encode(x)) != x", name);
}

#define FIELD(f, max, dw, word) do {					\
	struct smmu_cd s_;						\
	uint64_t w_[8], n_;						\
	zero_cd(&s_);							\
	check_one(&s_, dw, 0, #f " = 0");				\
	s_.f = (max);							\
	check_one(&s_, dw, (word), #f " = max");			\
	seen[dw] |= (word);						\
	n_ = (uint64_t)(max) + 1;					\
	s_.f = n_;		/* truncated if the member is full */	\
	if (n_ != 0 && (uint64_t)s_.f == n_)				\
		assert_int_equal(smmu_cd_encode(&s_, w_),		\
				 -VSMMU_ERR_RANGE);			\
} while (0)

#define FLAG(f, dw, word) do {						\
	struct smmu_cd s_;						\
	zero_cd(&s_);							\
	s_.f = true;							\
	check_one(&s_, dw, (word), #f);					\
	seen[dw] |= (word);						\
} while (0)

#define ADDR(f, dw, mask) do {						\
	struct smmu_cd s_;						\
	uint64_t w_[8];							\
	uint64_t lo_ = (mask) & -(mask);				\
	zero_cd(&s_);							\
	s_.f = (mask);							\
	check_one(&s_, dw, (mask), #f " = all");			\
	seen[dw] |= (mask);						\
	s_.f = (mask) | (lo_ >> 1);					\
	assert_int_equal(smmu_cd_encode(&s_, w_), -VSMMU_ERR_RANGE);	\
	assert_true(w_[dw] == (mask));					\
	s_.f = lo_ | (1ull << 56);					\
	assert_int_equal(smmu_cd_encode(&s_, w_), -VSMMU_ERR_RANGE);	\
	assert_true(w_[dw] == lo_);					\
} while (0)

static void test_cd_fields(void **state)
{
	unsigned int i;

	(void)state;
	memset(seen, 0, sizeof(seen));
	/* dw0, facts §4.2 */
	FIELD(t0sz, 63, 0, 0x3Full);
	FIELD(tg0, 3, 0, 0xC0ull);
	FIELD(ir0, 3, 0, 0x300ull);
	FIELD(or0, 3, 0, 0xC00ull);
	FIELD(sh0, 3, 0, 0x3000ull);
	FLAG(epd0, 0, 0x4000ull);
	FLAG(endi, 0, 0x8000ull);
	FIELD(t1sz, 63, 0, 0x3F0000ull);
	FIELD(tg1, 3, 0, 0xC00000ull);
	FIELD(ir1, 3, 0, 0x3000000ull);
	FIELD(or1, 3, 0, 0xC000000ull);
	FIELD(sh1, 3, 0, 0x30000000ull);
	FLAG(epd1, 0, 0x40000000ull);
	FLAG(v, 0, 0x80000000ull);
	FIELD(ips, 7, 0, 0x700000000ull);
	FLAG(affd, 0, 0x800000000ull);
	FLAG(wxn, 0, 0x1000000000ull);
	FLAG(uwxn, 0, 0x2000000000ull);
	FLAG(tbi0, 0, 0x4000000000ull);
	FLAG(tbi1, 0, 0x8000000000ull);
	FLAG(pan, 0, 0x10000000000ull);
	FLAG(aa64, 0, 0x20000000000ull);
	FLAG(hd, 0, 0x40000000000ull);
	FLAG(ha, 0, 0x80000000000ull);
	FLAG(s, 0, 0x100000000000ull);
	FLAG(r, 0, 0x200000000000ull);
	FLAG(a, 0, 0x400000000000ull);
	FLAG(aset, 0, 0x800000000000ull);
	FIELD(asid, 0xFFFF, 0, 0xFFFF000000000000ull);
	/* dw1, facts §4.3 */
	FLAG(nscfg0, 1, 0x1ull);
	FLAG(had0, 1, 0x2ull);
	FLAG(e0pd0, 1, 0x4ull);
	FLAG(haft, 1, 0x8ull);
	ADDR(ttb0, 1, 0x00FFFFFFFFFFFFF0ull);
	FLAG(pnch, 1, 0x0400000000000000ull);
	FLAG(epan, 1, 0x0800000000000000ull);
	FIELD(hwu0, 15, 1, 0xF000000000000000ull);
	/* dw2 */
	FLAG(nscfg1, 2, 0x1ull);
	FLAG(had1, 2, 0x2ull);
	FLAG(e0pd1, 2, 0x4ull);
	FLAG(aie, 2, 0x8ull);
	ADDR(ttb1, 2, 0x00FFFFFFFFFFFFF0ull);
	FLAG(ds, 2, 0x0400000000000000ull);
	FLAG(pie, 2, 0x0800000000000000ull);
	FIELD(hwu1, 15, 2, 0xF000000000000000ull);
	/* dw3-7 */
	FIELD(mair, 0xFFFFFFFFFFFFFFFFull, 3, 0xFFFFFFFFFFFFFFFFull);
	FIELD(amair, 0xFFFFFFFFFFFFFFFFull, 4, 0xFFFFFFFFFFFFFFFFull);
	FIELD(impdef5, 0xFFFFFFFFull, 5, 0xFFFFFFFFull);
	FIELD(partid, 0xFFFF, 5, 0xFFFF00000000ull);
	FIELD(pmg, 0xFF, 5, 0x00FF000000000000ull);
	FIELD(piiu, 0xFFFFFFFFFFFFull, 6, 0x0000FFFFFFFFFFFFull);
	FIELD(piip, 0xFFFFFFFFFFFFull, 7, 0x0000FFFFFFFFFFFFull);

	for (i = 0; i < 8; i++)
		assert_true((seen[i] | cd_res0[i]) == ~0ull &&
			    (seen[i] & cd_res0[i]) == 0);
}

static void test_cd_vectors(void **state)
{
	struct smmu_cd c;
	uint64_t w[8];

	(void)state;
	/*
	 * A Linux-style stage-1 CD: T0SZ 16 (48-bit VA), TG0 4K, IR0 = OR0 =
	 * WB (01), SH0 ISH (11), EPD1, V, IPS 48 bits (101), AA64, R, A,
	 * ASID 0x1234; TTB0 0x8_1234_5000; MAIR 0x0000000000F4FF44.
	 * dw0 low 32 = 0x10 | 1<<8 | 1<<10 | 3<<12 | 1<<30 | 1<<31
	 *            = 0xC0003510
	 * dw0 high  = 5<<32 | 1<<41 | 1<<45 | 1<<46 | 0x1234<<48
	 *            = 0x1234620500000000
	 */
	zero_cd(&c);
	c.t0sz = 16;
	c.tg0 = SMMU_CD_TG0_4K;
	c.ir0 = 1;
	c.or0 = 1;
	c.sh0 = 3;
	c.epd1 = true;
	c.v = true;
	c.ips = SMMU_OAS_48;
	c.aa64 = true;
	c.r = true;
	c.a = true;
	c.asid = 0x1234;
	c.ttb0 = 0x812345000ull;
	c.mair = 0xF4FF44ull;
	assert_int_equal(smmu_cd_encode(&c, w), 0);
	assert_true(w[0] == 0x12346205C0003510ull);
	assert_true(w[1] == 0x812345000ull);
	assert_true(w[2] == 0);
	assert_true(w[3] == 0xF4FF44ull);
	/* TG1 has its own encoding (facts §4.2): 4K is 0b10 at 23:22 */
	zero_cd(&c);
	c.tg1 = SMMU_CD_TG1_4K;
	assert_int_equal(smmu_cd_encode(&c, w), 0);
	assert_true(w[0] == 0x800000ull);
	/* ASID 0xABCD alone: dw0 63:48 */
	zero_cd(&c);
	c.asid = 0xABCD;
	assert_int_equal(smmu_cd_encode(&c, w), 0);
	assert_true(w[0] == 0xABCD000000000000ull);
}

static void test_cd_res0_bits(void **state)
{
	struct smmu_cd c;
	uint64_t w[8], e[8];
	unsigned int bit;

	(void)state;
	for (bit = 0; bit < 512; bit++) {
		bool res0 = (cd_res0[bit / 64] >> (bit % 64)) & 1;

		memset(w, 0, sizeof(w));
		w[bit / 64] = 1ull << (bit % 64);
		if (smmu_cd_decode(w, &c) != res0)
			fail_msg("bit %u: RES0 report wrong", bit);
		assert_int_equal(smmu_cd_encode(&c, e), 0);
		w[bit / 64] &= ~cd_res0[bit / 64];
		assert_memory_equal(e, w, sizeof(w));
	}
}

static void test_cd_random(void **state)
{
	uint64_t seed = XS_SEED ^ 0xCD, w[8], e[8], m[8];
	struct smmu_cd c;
	bool any;
	int n, i;

	(void)state;
	for (n = 0; n < N_RANDOM; n++) {
		any = false;
		for (i = 0; i < 8; i++) {
			w[i] = xs64(&seed);
			m[i] = w[i] & ~cd_res0[i];
			any |= (w[i] & cd_res0[i]) != 0;
		}
		assert_false(smmu_cd_decode(m, &c));
		assert_int_equal(smmu_cd_encode(&c, e), 0);
		assert_memory_equal(e, m, sizeof(m));
		assert_int_equal(smmu_cd_decode(w, &c), any);
		assert_int_equal(smmu_cd_encode(&c, e), 0);
		assert_memory_equal(e, m, sizeof(m));
	}
}

static void test_l1cd(void **state)
{
	struct smmu_l1cd d;
	uint64_t w;
	unsigned int bit;

	(void)state;
	d.v = true;
	d.l2ptr = 0x880010000ull;
	assert_int_equal(smmu_l1cd_encode(&d, &w), 0);
	assert_true(w == 0x880010001ull);
	assert_false(smmu_l1cd_decode(w, &d));
	assert_true(d.v);
	assert_true(d.l2ptr == 0x880010000ull);
	/* L2Ptr 55:12 */
	d.v = false;
	d.l2ptr = 0x00FFFFFFFFFFF000ull;
	assert_int_equal(smmu_l1cd_encode(&d, &w), 0);
	assert_true(w == 0x00FFFFFFFFFFF000ull);
	d.l2ptr = 0x1800;   /* bit 11 is RES0 */
	assert_int_equal(smmu_l1cd_encode(&d, &w), -VSMMU_ERR_RANGE);
	assert_true(w == 0x1000);
	d.l2ptr = 0x0100000000001000ull;
	assert_int_equal(smmu_l1cd_encode(&d, &w), -VSMMU_ERR_RANGE);
	assert_true(w == 0x1000);
	/* RES0: 11:1 and 63:56 */
	for (bit = 0; bit < 64; bit++) {
		bool res0 = (bit >= 1 && bit <= 11) || bit >= 56;

		assert_int_equal(smmu_l1cd_decode(1ull << bit, &d), res0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cd_fields),
		cmocka_unit_test(test_cd_vectors),
		cmocka_unit_test(test_cd_res0_bits),
		cmocka_unit_test(test_cd_random),
		cmocka_unit_test(test_l1cd),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
