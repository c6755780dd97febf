// SPDX-License-Identifier: MIT
/*
 * Tests of src/pgtable/build.c: tree creation per format and granule, the
 * start table size and alignment, automatic SL0, the configuration handed
 * to the walker, descriptor encodings of leaf attributes (checked bit by
 * bit against facts §7.3/7.4), destroy, and failures of the callbacks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vsmmu/pgtable.h"
#include "fake_mem.h"
#include "helpers.h"

static struct fmem M;
static struct pgt_mem mem;
static struct pgt_alloc_ops ops;

static int setup(void **state)
{
	(void)state;
	fmem_init(&M, 0x100000);
	mem = fmem_mem(&M);
	ops = fmem_alloc(&M);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fmem_fini(&M);
	return 0;
}

static void test_init_s1(void **state)
{
	struct pgt_table_cfg c = { .fmt = PGT_FMT_S1, .granule = PGT_GRAN_4K,
				   .tsz = 16, .oas = 40 };
	struct pgt_s1_cfg k = { 0 };
	struct pgt_table t;
	struct pgt_result r;

	(void)state;
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), 0);
	assert_int_equal(M.nlive, 1);
	assert_int_equal(M.live[0].size, 4096);
	assert_int_equal(t.root.v, M.live[0].pa);
	assert_int_equal(t.start_level, 0);
	assert_int_equal(t.ntables, 1);
	k.tsz_min = 16;		/* left alone by pgt_table_s1_cfg */
	assert_int_equal(pgt_table_s1_cfg(&t, &k), 0);
	assert_int_equal(k.tt[0].ttb, t.root.v);
	assert_int_equal(k.tt[0].granule, PGT_GRAN_4K);
	assert_int_equal(k.tt[0].tsz, 16);
	assert_false(k.tt[0].epd);
	assert_int_equal(k.ips, 40);
	assert_int_equal(k.tsz_min, 16);
	k.tt[1].epd = true;
	assert_int_equal(pgt_s1_cfg_check(&k), 0);
	/* empty tree: level-0 translation fault */
	assert_int_equal(pgt_walk_s1(&k, &mem, smmu_va(0x1000), PRD, &r),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(r.fault.level, 0);
	assert_int_equal(pgt_table_s2_cfg(&t, &(struct pgt_s2_cfg){ 0 }),
			 -VSMMU_ERR_INVAL);
	pgt_table_destroy(&t);
	assert_int_equal(M.nlive, 0);
	assert_int_equal(M.bad_frees, 0);
	/* 16K, 48-bit: a 2-entry start table, allocated as 64 bytes */
	c.granule = PGT_GRAN_16K;
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), 0);
	assert_int_equal(M.live[0].size, 64);
	assert_int_equal(t.root.v & 63, 0);
	pgt_table_destroy(&t);
	/* 64K, 42-bit: start level 2, 8192 entries (facts §7.1) */
	c.granule = PGT_GRAN_64K;
	c.tsz = 22;
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), 0);
	assert_int_equal(t.start_level, 2);
	assert_int_equal(M.live[0].size, 65536);
	assert_int_equal(t.root.v & 0xffff, 0);
	pgt_table_destroy(&t);
	assert_int_equal(M.nlive, 0);
}

static void test_init_s2_sl0(void **state)
{
	static const struct {
		enum pgt_granule g;
		unsigned int tsz, sl0, nconcat, level;
		uint64_t bytes;
	} v[] = {
		{ PGT_GRAN_4K, 24, 1, 2, 1, 8192 },	/* facts §7.5 */
		{ PGT_GRAN_4K, 16, 2, 1, 0, 4096 },
		{ PGT_GRAN_4K, 34, 0, 1, 2, 4096 },
		{ PGT_GRAN_4K, 28, 1, 1, 1, 512 },	/* 6 bits at L1 */
		{ PGT_GRAN_4K, 22, 1, 8, 1, 32768 },	/* 12 bits at L1 */
		{ PGT_GRAN_4K, 30, 0, 16, 2, 65536 },	/* 13 bits at L2 */
		{ PGT_GRAN_64K, 16, 2, 1, 1, 512 },	/* 6 bits at L1 */
		{ PGT_GRAN_64K, 20, 1, 4, 2, 262144 }, /* 15 bits, L2 */
		{ PGT_GRAN_16K, 16, 2, 2, 1, 32768 },	/* 12 bits at L1 */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct pgt_table_cfg c = { .fmt = PGT_FMT_S2, .granule = v[i].g,
					   .tsz = v[i].tsz, .oas = 48,
					   .sl0 = PGT_SL0_AUTO };
		struct pgt_s2_cfg k;
		struct pgt_table t;

		assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), 0);
		if (t.sl0 != v[i].sl0 || t.nconcat != v[i].nconcat ||
		    t.start_level != v[i].level)
			fail_msg("row %zu: sl0 %u x%u L%u", i, t.sl0,
				 t.nconcat, t.start_level);
		assert_int_equal(M.live[0].size, v[i].bytes);
		assert_int_equal(t.root.v % v[i].bytes, 0);
		assert_int_equal(pgt_table_s2_cfg(&t, &k), 0);
		assert_int_equal(k.vttb.v, t.root.v);
		assert_int_equal(k.sl0, v[i].sl0);
		assert_int_equal(k.tsz, v[i].tsz);
		assert_int_equal(k.granule, v[i].g);
		assert_int_equal(k.ps, 48);
		assert_int_equal(pgt_s2_cfg_check(&k), 0);
		pgt_table_destroy(&t);
		assert_int_equal(M.nlive, 0);
	}
}

static void test_init_errors(void **state)
{
	struct pgt_table_cfg c = { .fmt = PGT_FMT_S2, .granule = PGT_GRAN_4K,
				   .tsz = 24, .oas = 48, .sl0 = 0 };
	struct pgt_table t;

	(void)state;
	/* explicit SL0 that would need 2^10 tables */
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), -VSMMU_ERR_INVAL);
	c.sl0 = 1;
	c.oas = 52;
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops),
			 -VSMMU_ERR_NOTSUPP);
	c.oas = 48;
	c.tsz = 12;
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops),
			 -VSMMU_ERR_NOTSUPP);
	c.tsz = 24;
	c.ttb1 = true;
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), -VSMMU_ERR_INVAL);
	c.ttb1 = false;
	c.granule = (enum pgt_granule)15;
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), -VSMMU_ERR_INVAL);
	c.granule = PGT_GRAN_4K;
	c.fmt = (enum pgt_fmt)7;
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), -VSMMU_ERR_INVAL);
	c.fmt = PGT_FMT_S2;
	M.allocs_left = 0;
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), -VSMMU_ERR_NOMEM);
	M.allocs_left = -1;
	assert_int_equal(pgt_table_init(&t, &c, NULL, &ops), -VSMMU_ERR_INVAL);
	assert_int_equal(pgt_table_init(&t, &c, &mem, NULL), -VSMMU_ERR_INVAL);
	assert_int_equal(M.nlive, 0);
}

/* Follow a built tree by hand (4K): the descriptor for in at level. */
static uint64_t raw_desc(uint64_t root, unsigned int start, uint64_t in,
			 unsigned int level)
{
	static const unsigned int shift[4] = { 39, 30, 21, 12 };
	uint64_t table = root, d = 0;

	for (unsigned int l = start; l <= level; l++) {
		d = fmem_rd64(&M, table + ((in >> shift[l]) & 511) * 8);
		table = d & 0x0000fffffffff000ull;
	}
	return d;
}

static void test_leaf_encoding(void **state)
{
	struct pgt_table_cfg c = { .fmt = PGT_FMT_S1, .granule = PGT_GRAN_4K,
				   .tsz = 25, .oas = 40 };
	struct pgt_prot p = { .flags = PGT_PROT_R | PGT_PROT_W |
				       PGT_PROT_UNPRIV | PGT_PROT_NG,
			      .attr = 3, .sh = 3 };
	struct pgt_table t;
	uint64_t d;

	(void)state;
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), 0);
	assert_int_equal(pgt_map(&t, 0x200000, 0x40000000, 0x200000, &p), 0);
	/* the L1 entry is a plain table descriptor */
	d = raw_desc(t.root.v, 1, 0x200000, 1);
	assert_int_equal(d & 0xfff0000000000fffull, 3);
	/*
	 * L2 block: OA | 0b01 | AttrIndx 3 (0xc) | AP[1] (0x40) | SH 3
	 * (0x300) | AF (0x400) | nG (0x800) | PXN | UXN (not executable).
	 */
	d = raw_desc(t.root.v, 1, 0x200000, 2);
	assert_int_equal(d, 0x40000000ull | 0x1 | 0xc | 0x40 | 0x300 | 0x400 |
			    0x800 | (1ull << 53) | (1ull << 54));
	/* read-only, executable by both: AP[2], no XN bits, no nG */
	p = (struct pgt_prot){ .flags = PGT_PROT_R | PGT_PROT_X |
					PGT_PROT_UNPRIV };
	assert_int_equal(pgt_map(&t, 0x1000, 0x5000, 0x1000, &p), 0);
	d = raw_desc(t.root.v, 1, 0x1000, 3);
	assert_int_equal(d, 0x5000ull | 0x3 | 0x40 | 0x80 | 0x400);
	/* privileged execute only: UXN set, PXN clear */
	p = (struct pgt_prot){ .flags = PGT_PROT_R | PGT_PROT_X };
	assert_int_equal(pgt_map(&t, 0x2000, 0x6000, 0x1000, &p), 0);
	d = raw_desc(t.root.v, 1, 0x2000, 3);
	assert_int_equal(d, 0x6000ull | 0x3 | 0x80 | 0x400 | (1ull << 54));
	/* access flag left clear on request */
	p = (struct pgt_prot){ .flags = PGT_PROT_R | PGT_PROT_NOAF };
	assert_int_equal(pgt_map(&t, 0x3000, 0x7000, 0x1000, &p), 0);
	d = raw_desc(t.root.v, 1, 0x3000, 3);
	assert_int_equal(d & 0x400, 0);
	/* attribute out of range */
	p.attr = 8;
	assert_int_equal(pgt_map(&t, 0x4000, 0x7000, 0x1000, &p),
			 -VSMMU_ERR_INVAL);
	pgt_table_destroy(&t);

	/* stage 2: MemAttr 0xf (0x3c), S2AP R (0x40), SH 2 (0x200), AF */
	c = (struct pgt_table_cfg){ .fmt = PGT_FMT_S2, .granule = PGT_GRAN_4K,
				    .tsz = 25, .oas = 40, .sl0 = 1 };
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), 0);
	p = (struct pgt_prot){ .flags = PGT_PROT_R | PGT_PROT_X, .attr = 0xf,
			       .sh = 2 };
	assert_int_equal(pgt_map(&t, 0x1000, 0x5000, 0x1000, &p), 0);
	d = raw_desc(t.root.v, 1, 0x1000, 3);
	assert_int_equal(d, 0x5000ull | 0x3 | 0x3c | 0x40 | 0x200 | 0x400);
	/* write-only, not executable: S2AP W (0x80), XN[1] */
	p = (struct pgt_prot){ .flags = PGT_PROT_W, .attr = 0x1 };
	assert_int_equal(pgt_map(&t, 0x2000, 0x6000, 0x1000, &p), 0);
	d = raw_desc(t.root.v, 1, 0x2000, 3);
	assert_int_equal(d, 0x6000ull | 0x3 | 0x4 | 0x80 | 0x400 |
			    (1ull << 54));
	p.attr = 16;
	assert_int_equal(pgt_map(&t, 0x3000, 0x6000, 0x1000, &p),
			 -VSMMU_ERR_INVAL);
	pgt_table_destroy(&t);
	assert_int_equal(M.nlive, 0);
	assert_int_equal(M.bad_frees, 0);
}

static void test_destroy_all(void **state)
{
	struct pgt_table_cfg c = { .fmt = PGT_FMT_S1, .granule = PGT_GRAN_4K,
				   .tsz = 16, .oas = 48 };
	struct pgt_prot p = { .flags = PGT_PROT_R };
	struct pgt_table t;

	(void)state;
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), 0);
	/* pages in four distinct L0 slots: 1 + 4 * 3 tables */
	for (uint64_t i = 0; i < 4; i++)
		assert_int_equal(pgt_map(&t, i << 39, 0x1000, 0x1000, &p), 0);
	assert_int_equal(t.ntables, 13);
	assert_int_equal(M.nlive, 13);
	pgt_table_destroy(&t);
	assert_int_equal(M.nlive, 0);
	assert_int_equal(M.bad_frees, 0);
	assert_int_equal(t.ntables, 0);
	/* a destroyed tree refuses work and a second destroy is harmless */
	assert_int_equal(pgt_map(&t, 0, 0x1000, 0x1000, &p), -VSMMU_ERR_INVAL);
	pgt_table_destroy(&t);
	assert_int_equal(M.bad_frees, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_s1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_init_s2_sl0, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_init_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_leaf_encoding, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_destroy_all, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
