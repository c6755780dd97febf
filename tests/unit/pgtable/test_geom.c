// SPDX-License-Identifier: MIT
/*
 * Tests of src/pgtable/geom.c: start levels, stage-2 SL0 and concatenation,
 * and the configuration checks behind C_BAD_CD / C_BAD_STE. Expected
 * values are worked out by hand from facts §7.1 and §7.5.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vsmmu/pgtable.h"

static void test_s1_start_level(void **state)
{
	static const struct {
		enum pgt_granule g;
		unsigned int tsz, level;
	} v[] = {
		/* facts §7.1 examples */
		{ PGT_GRAN_4K, 16, 0 },		/* 48-bit */
		{ PGT_GRAN_4K, 25, 1 },		/* 39-bit: [38:30] */
		{ PGT_GRAN_64K, 16, 1 },	/* 48-bit: [47:42] */
		{ PGT_GRAN_64K, 22, 2 },	/* 42-bit: [41:29] */
		{ PGT_GRAN_16K, 17, 1 },	/* 47-bit: [46:36] */
		/* edges */
		{ PGT_GRAN_4K, 24, 0 },		/* 40-bit: bit 39, L0 */
		{ PGT_GRAN_4K, 34, 2 },		/* 30-bit: [29:21] */
		{ PGT_GRAN_4K, 33, 1 },		/* 31-bit: bit 30, L1 */
		{ PGT_GRAN_4K, 39, 2 },		/* 25-bit */
		{ PGT_GRAN_4K, 43, 3 },		/* 21-bit (STT) */
		{ PGT_GRAN_16K, 16, 0 },	/* bit 47 alone at L0 */
		{ PGT_GRAN_16K, 28, 2 },	/* 36-bit: [35:25] */
		{ PGT_GRAN_16K, 29, 2 },
		{ PGT_GRAN_16K, 39, 3 },	/* 25-bit: [24:14] */
		{ PGT_GRAN_64K, 23, 2 },	/* 41-bit */
		{ PGT_GRAN_64K, 34, 2 },	/* 30-bit: bit 29 is L2 */
		{ PGT_GRAN_64K, 35, 3 },	/* 29-bit: [28:16] suffices */
		{ PGT_GRAN_64K, 36, 3 },	/* 28-bit: [27:16] */
		{ PGT_GRAN_64K, 39, 3 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		unsigned int got = pgt_s1_start_level(v[i].g, v[i].tsz);

		if (got != v[i].level)
			fail_msg("granule %d tsz %u: level %u, want %u",
				 v[i].g, v[i].tsz, got, v[i].level);
	}
}

static void test_s2_start(void **state)
{
	static const struct {
		enum pgt_granule g;
		unsigned int tsz, sl0;
		int ret;
		unsigned int level, nconcat;
	} v[] = {
		/* facts §7.5 example: 40-bit IPA from L1, 2 tables */
		{ PGT_GRAN_4K, 24, 1, 0, 1, 2 },
		{ PGT_GRAN_4K, 16, 2, 0, 0, 1 },
		{ PGT_GRAN_4K, 28, 1, 0, 1, 1 },	/* 36-bit: 6 bits */
		{ PGT_GRAN_4K, 21, 1, 0, 1, 16 },	/* 43-bit: 13 bits */
		{ PGT_GRAN_4K, 20, 1, -VSMMU_ERR_INVAL },	/* 32 tables */
		{ PGT_GRAN_4K, 16, 1, -VSMMU_ERR_INVAL },
		{ PGT_GRAN_4K, 24, 0, -VSMMU_ERR_INVAL }, /* L2: 19 bits */
		{ PGT_GRAN_4K, 25, 2, -VSMMU_ERR_INVAL }, /* L0: 0 bits */
		{ PGT_GRAN_4K, 34, 0, 0, 2, 1 },	/* 30-bit from L2 */
		{ PGT_GRAN_4K, 24, 3, -VSMMU_ERR_INVAL },	/* reserved */
		{ PGT_GRAN_16K, 16, 2, 0, 1, 2 },	/* 12 bits at L1 */
		{ PGT_GRAN_16K, 17, 2, 0, 1, 1 },
		{ PGT_GRAN_16K, 16, 3, -VSMMU_ERR_INVAL },	/* DS only */
		{ PGT_GRAN_16K, 28, 1, 0, 2, 1 },	/* 36-bit from L2 */
		{ PGT_GRAN_16K, 25, 1, 0, 2, 8 },	/* 39-bit: 14 bits */
		{ PGT_GRAN_16K, 24, 1, 0, 2, 16 },	/* 40-bit: 15 bits */
		{ PGT_GRAN_16K, 23, 1, -VSMMU_ERR_INVAL },
		{ PGT_GRAN_64K, 16, 2, 0, 1, 1 },
		{ PGT_GRAN_64K, 22, 1, 0, 2, 1 },
		{ PGT_GRAN_64K, 20, 1, 0, 2, 4 },	/* 44-bit: 15 bits */
		{ PGT_GRAN_64K, 18, 1, 0, 2, 16 },	/* 46-bit: 17 bits */
		{ PGT_GRAN_64K, 17, 1, -VSMMU_ERR_INVAL },
		{ PGT_GRAN_64K, 39, 0, 0, 3, 1 },	/* 25-bit from L3 */
		{ PGT_GRAN_64K, 16, 3, -VSMMU_ERR_INVAL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct pgt_s2_cfg c = { .granule = v[i].g, .tsz = v[i].tsz,
					.sl0 = v[i].sl0, .ps = 48 };
		unsigned int level = 99, n = 99;
		int ret = pgt_s2_start(&c, &level, &n);

		if (ret != v[i].ret)
			fail_msg("row %zu: ret %d, want %d", i, ret, v[i].ret);
		if (!ret && (level != v[i].level || n != v[i].nconcat))
			fail_msg("row %zu: level %u x%u, want %u x%u", i,
				 level, n, v[i].level, v[i].nconcat);
	}
}

static struct pgt_s1_cfg good_s1(void)
{
	struct pgt_s1_cfg c = { .ips = 48 };

	c.tt[0] = (struct pgt_s1_tt){ .ttb = 0x10000, .granule = PGT_GRAN_4K,
				      .tsz = 16 };
	c.tt[1] = (struct pgt_s1_tt){ .ttb = 0x20000, .granule = PGT_GRAN_64K,
				      .tsz = 25 };
	return c;
}

static void test_s1_cfg_check(void **state)
{
	struct pgt_s1_cfg c;

	(void)state;
	c = good_s1();
	assert_int_equal(pgt_s1_cfg_check(&c), 0);
	c.tt[0].tsz = 15;
	assert_int_equal(pgt_s1_cfg_check(&c), -VSMMU_ERR_INVAL);
	c.tt[0].tsz = 40;
	assert_int_equal(pgt_s1_cfg_check(&c), -VSMMU_ERR_INVAL);
	c.tsz_max = 48;		/* IDR3.STT */
	assert_int_equal(pgt_s1_cfg_check(&c), 0);
	c.tt[1].tsz = 48;	/* 64K: at most 47 even with STT */
	assert_int_equal(pgt_s1_cfg_check(&c), -VSMMU_ERR_INVAL);
	c.tt[1].epd = true;	/* an unused range is not checked */
	assert_int_equal(pgt_s1_cfg_check(&c), 0);
	c = good_s1();
	c.tt[1].tsz = 12;	/* 52-bit VA is not offered */
	assert_int_equal(pgt_s1_cfg_check(&c), -VSMMU_ERR_INVAL);
	c = good_s1();
	c.tt[0].granule = (enum pgt_granule)13;
	assert_int_equal(pgt_s1_cfg_check(&c), -VSMMU_ERR_INVAL);
	c = good_s1();
	c.ips = 40;
	c.tt[0].ttb = 1ull << 40;	/* TTB beyond IPS: C_BAD_CD */
	assert_int_equal(pgt_s1_cfg_check(&c), -VSMMU_ERR_INVAL);
	c.tt[0].ttb = (1ull << 40) - 4096;
	assert_int_equal(pgt_s1_cfg_check(&c), 0);
	c.ips = 31;
	assert_int_equal(pgt_s1_cfg_check(&c), -VSMMU_ERR_INVAL);
	/* 52-bit is refused clearly */
	c = good_s1();
	c.ds = true;
	assert_int_equal(pgt_s1_cfg_check(&c), -VSMMU_ERR_NOTSUPP);
	c = good_s1();
	c.ips = 52;
	assert_int_equal(pgt_s1_cfg_check(&c), -VSMMU_ERR_NOTSUPP);
	assert_int_equal(pgt_s1_cfg_check(NULL), -VSMMU_ERR_INVAL);
}

static void test_s2_cfg_check(void **state)
{
	struct pgt_s2_cfg c = { .vttb = smmu_pa(0x40000),
				.granule = PGT_GRAN_4K,
				.tsz = 24, .sl0 = 1, .ps = 40 };
	struct pgt_s2_cfg d;

	(void)state;
	assert_int_equal(pgt_s2_cfg_check(&c), 0);
	d = c;
	d.sl0 = 0;		/* 19 bits at L2: 64 Ki tables */
	assert_int_equal(pgt_s2_cfg_check(&d), -VSMMU_ERR_INVAL);
	d = c;
	d.tsz = 20;		/* 32 tables at L1 */
	assert_int_equal(pgt_s2_cfg_check(&d), -VSMMU_ERR_INVAL);
	d = c;
	d.sl0 = 3;
	assert_int_equal(pgt_s2_cfg_check(&d), -VSMMU_ERR_INVAL);
	d = c;
	d.tsz = 40;
	assert_int_equal(pgt_s2_cfg_check(&d), -VSMMU_ERR_INVAL);
	d = c;
	d.vttb = smmu_pa(1ull << 40);	/* beyond PS: C_BAD_STE */
	assert_int_equal(pgt_s2_cfg_check(&d), -VSMMU_ERR_INVAL);
	d = c;
	d.granule = (enum pgt_granule)0;
	assert_int_equal(pgt_s2_cfg_check(&d), -VSMMU_ERR_INVAL);
	d = c;
	d.ds = true;
	assert_int_equal(pgt_s2_cfg_check(&d), -VSMMU_ERR_NOTSUPP);
	d = c;
	d.ps = 52;
	assert_int_equal(pgt_s2_cfg_check(&d), -VSMMU_ERR_NOTSUPP);
	assert_int_equal(pgt_s2_cfg_check(NULL), -VSMMU_ERR_INVAL);
}

static void test_levels(void **state)
{
	struct pgt_s1_tt tt = { .granule = PGT_GRAN_4K, .tsz = 16 };
	struct pgt_s2_cfg c = { .granule = PGT_GRAN_4K, .tsz = 24, .sl0 = 1,
				.ps = 48 };

	(void)state;
	assert_int_equal(pgt_s1_levels(&tt), 4);
	tt.tsz = 25;
	assert_int_equal(pgt_s1_levels(&tt), 3);
	tt.granule = PGT_GRAN_64K;	/* 39-bit, 64K: [38:29] + [28:16] */
	assert_int_equal(pgt_s1_levels(&tt), 2);
	tt.granule = (enum pgt_granule)0;
	assert_int_equal(pgt_s1_levels(&tt), 0);
	assert_int_equal(pgt_s1_levels(NULL), 0);
	assert_int_equal(pgt_s2_levels(&c), 3);	/* L1 with 2 tables */
	c.sl0 = 2;			/* L0: 40 - 39 = 1 bit, legal */
	assert_int_equal(pgt_s2_levels(&c), 4);
	c.sl0 = 0;			/* L2: 19 bits, illegal */
	assert_int_equal(pgt_s2_levels(&c), 0);
	c = (struct pgt_s2_cfg){ .granule = PGT_GRAN_16K, .tsz = 16,
				 .sl0 = 2 };
	assert_int_equal(pgt_s2_levels(&c), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s1_start_level),
		cmocka_unit_test(test_s2_start),
		cmocka_unit_test(test_s1_cfg_check),
		cmocka_unit_test(test_s2_cfg_check),
		cmocka_unit_test(test_levels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
