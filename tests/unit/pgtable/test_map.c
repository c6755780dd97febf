// SPDX-License-Identifier: MIT
/*
 * Tests of src/pgtable/map.c: map with the largest blocks alignment
 * allows (per granule), refusals, roll-back on failure, unmap with block
 * splitting and freeing of empty tables, protect, TTB1 trees, and a
 * long pseudo-random sequence checked page by page against a shadow map.
 * Results are read back with the walker.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "vsmmu/pgtable.h"
#include "fake_mem.h"
#include "helpers.h"

static struct fmem M;
static struct pgt_mem mem;
static struct pgt_alloc_ops ops;

static const struct pgt_prot RW = { .flags = PGT_PROT_R | PGT_PROT_W };
static const struct pgt_prot RO = { .flags = PGT_PROT_R };

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

static void s1_init(struct pgt_table *t, enum pgt_granule g, unsigned tsz,
		    struct pgt_s1_cfg *k)
{
	struct pgt_table_cfg c = { .fmt = PGT_FMT_S1, .granule = g,
				   .tsz = (uint8_t)tsz, .oas = 48 };

	assert_int_equal(pgt_table_init(t, &c, &mem, &ops), 0);
	*k = (struct pgt_s1_cfg){ 0 };
	assert_int_equal(pgt_table_s1_cfg(t, k), 0);
	k->tt[1].epd = true;
}

/* Walk in; return the fault type (0 = mapped) and fill out/size. */
static int probe(const struct pgt_s1_cfg *k, uint64_t in,
		 struct pgt_access a, uint64_t *out, unsigned int *size)
{
	struct pgt_result r;
	int ret = pgt_walk_s1(k, &mem, smmu_va(in), a, &r);

	if (ret && ret != -VSMMU_ERR_FAULT)
		fail_msg("walk %#llx: %d", (unsigned long long)in, ret);
	if (ret)
		return (int)r.fault.type;
	if (out)
		*out = r.out;
	if (size)
		*size = r.size_log2;
	return 0;
}

static void test_block_choice(void **state)
{
	/* granule, block size of the largest block, its level */
	static const struct {
		enum pgt_granule g;
		uint64_t big, mid;
	} v[] = {
		{ PGT_GRAN_4K, 1ull << 30, 1ull << 21 },
		{ PGT_GRAN_16K, 1ull << 25, 1ull << 25 },
		{ PGT_GRAN_64K, 1ull << 29, 1ull << 29 },
	};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		uint64_t gsz = 1ull << v[i].g, out;
		struct pgt_s1_cfg k;
		struct pgt_table t;
		unsigned int sz = 0;

		s1_init(&t, v[i].g, 16, &k);
		/* one largest block, aligned at both ends */
		assert_int_equal(pgt_map(&t, 4 * v[i].big, 8 * v[i].big,
					 v[i].big, &RW), 0);
		assert_int_equal(probe(&k, 4 * v[i].big + gsz + 8, PRD, &out,
				       &sz), 0);
		assert_int_equal(out, 8 * v[i].big + gsz + 8);
		assert_int_equal(1ull << sz, v[i].big);
		/* a granule-aligned but not block-aligned PA: pages only */
		assert_int_equal(pgt_map(&t, 2 * v[i].big, 16 * v[i].big + gsz,
					 v[i].mid, &RW), 0);
		assert_int_equal(probe(&k, 2 * v[i].big, PRD, &out, &sz), 0);
		assert_int_equal(out, 16 * v[i].big + gsz);
		assert_int_equal(sz, v[i].g);
		assert_int_equal(probe(&k, 2 * v[i].big + v[i].mid - gsz, PRD,
				       &out, &sz), 0);
		assert_int_equal(out, 16 * v[i].big + v[i].mid);
		/* the page after the range is not mapped */
		assert_int_equal(probe(&k, 2 * v[i].big + v[i].mid, PRD, NULL,
				       NULL), PGT_FAULT_TRANSLATION);
		/* mid block + one page: a block then a page */
		assert_int_equal(pgt_map(&t, 6 * v[i].big, 6 * v[i].big,
					 v[i].mid + gsz, &RW), 0);
		assert_int_equal(probe(&k, 6 * v[i].big, PRD, NULL, &sz), 0);
		assert_int_equal(1ull << sz, v[i].mid);
		assert_int_equal(probe(&k, 6 * v[i].big + v[i].mid, PRD, NULL,
				       &sz), 0);
		assert_int_equal(sz, v[i].g);
		pgt_table_destroy(&t);
		assert_int_equal(M.nlive, 0);
	}
}

static void test_map_refusals(void **state)
{
	struct pgt_s1_cfg k;
	struct pgt_table t;
	uint64_t out;

	(void)state;
	s1_init(&t, PGT_GRAN_4K, 25, &k);	/* 39-bit */
	assert_int_equal(pgt_map(&t, 0x1000, 0x5000, 0x1000, &RW), 0);
	/* already mapped: EXIST and the old mapping stays */
	assert_int_equal(pgt_map(&t, 0x1000, 0x9000, 0x1000, &RW),
			 -VSMMU_ERR_EXIST);
	assert_int_equal(probe(&k, 0x1000, PRD, &out, NULL), 0);
	assert_int_equal(out, 0x5000);
	/* overlap at the end: what was mapped first is undone */
	assert_int_equal(pgt_map(&t, 0x0, 0x20000, 0x2000, &RW),
			 -VSMMU_ERR_EXIST);
	assert_int_equal(probe(&k, 0x0, PRD, NULL, NULL),
			 PGT_FAULT_TRANSLATION);
	/* inside a block */
	assert_int_equal(pgt_map(&t, 0x40000000, 0x40000000, 0x40000000, &RW),
			 0);
	assert_int_equal(pgt_map(&t, 0x40001000, 0x1000, 0x1000, &RW),
			 -VSMMU_ERR_EXIST);
	/* alignment and range */
	assert_int_equal(pgt_map(&t, 0x10800, 0x5000, 0x1000, &RW),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(pgt_map(&t, 0x10000, 0x5800, 0x1000, &RW),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(pgt_map(&t, 0x10000, 0x5000, 0x800, &RW),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(pgt_map(&t, 0x10000, 0x5000, 0, &RW),
			 -VSMMU_ERR_RANGE);
	assert_int_equal(pgt_map(&t, (1ull << 39) - 0x1000, 0x5000, 0x2000,
				 &RW), -VSMMU_ERR_RANGE);
	assert_int_equal(pgt_map(&t, 0x10000, (1ull << 48) - 0x1000, 0x2000,
				 &RW), -VSMMU_ERR_RANGE);
	assert_int_equal(pgt_map(&t, 0x10000, 0x5000, 0x1000, NULL),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(pgt_unmap(&t, 0x10000, 0x800), -VSMMU_ERR_INVAL);
	assert_int_equal(pgt_unmap(&t, 1ull << 39, 0x1000), -VSMMU_ERR_RANGE);
	pgt_table_destroy(&t);
	assert_int_equal(M.nlive, 0);
	assert_int_equal(M.bad_frees, 0);
}

static void test_map_nomem_rollback(void **state)
{
	struct pgt_s1_cfg k;
	struct pgt_table t;

	(void)state;
	s1_init(&t, PGT_GRAN_4K, 16, &k);
	/*
	 * [2M - 8K, 2M + 8K) with a PA that rules out blocks: L1, L2 and
	 * the first L3 table are allocated, the second L3 table is not.
	 */
	M.allocs_left = 3;
	assert_int_equal(pgt_map(&t, 0x1fe000, 0x7000, 0x4000, &RW),
			 -VSMMU_ERR_NOMEM);
	M.allocs_left = -1;
	assert_int_equal(probe(&k, 0x1fe000, PRD, NULL, NULL),
			 PGT_FAULT_TRANSLATION);
	assert_int_equal(probe(&k, 0x1ff000, PRD, NULL, NULL),
			 PGT_FAULT_TRANSLATION);
	/* the same call now succeeds */
	assert_int_equal(pgt_map(&t, 0x1fe000, 0x7000, 0x4000, &RW), 0);
	assert_int_equal(probe(&k, 0x201000, PRD, NULL, NULL), 0);
	pgt_table_destroy(&t);
	assert_int_equal(M.nlive, 0);
	assert_int_equal(M.bad_frees, 0);
}

static void test_map_write_error(void **state)
{
	struct pgt_s1_cfg k;
	struct pgt_table t;

	(void)state;
	s1_init(&t, PGT_GRAN_4K, 16, &k);
	M.wr_fail_lo = t.root.v;
	M.wr_fail_hi = t.root.v + 0x1000;
	assert_int_equal(pgt_map(&t, 0x1000, 0x1000, 0x1000, &RW),
			 -VSMMU_ERR_IO);
	M.wr_fail_hi = 0;
	assert_int_equal(M.nlive, 1);	/* the table that could not link */
	assert_int_equal(t.ntables, 1);
	/*
	 * The leaf write fails after three tables were linked for it: they
	 * are unlinked and freed, so a 1 GiB block can go there next.
	 */
	M.wr_fail_lo = 0x5000000;
	M.wr_fail_hi = ~0ull;
	M.next = 0x5000000 - 0x2000;	/* L1, L2 below; L3 at 0x5000000 */
	assert_int_equal(pgt_map(&t, 0x1000, 0x1000, 0x1000, &RW),
			 -VSMMU_ERR_IO);
	assert_int_equal(t.ntables, 1);
	assert_int_equal(M.nlive, 1);
	M.wr_fail_hi = 0;
	assert_int_equal(pgt_map(&t, 0, 0x40000000, 0x40000000, &RW), 0);
	assert_int_equal(probe(&k, 0x1000, PRD, NULL, NULL), 0);
	pgt_table_destroy(&t);
	assert_int_equal(M.nlive, 0);
	assert_int_equal(M.bad_frees, 0);
}

static void test_unmap_and_free(void **state)
{
	struct pgt_s1_cfg k;
	struct pgt_table t;

	(void)state;
	s1_init(&t, PGT_GRAN_4K, 16, &k);
	assert_int_equal(pgt_map(&t, 0x7f0000000000ull, 0x1000, 0x3000, &RW),
			 0);
	assert_int_equal(t.ntables, 4);
	assert_int_equal(pgt_unmap(&t, 0x7f0000001000ull, 0x1000), 0);
	assert_int_equal(probe(&k, 0x7f0000001000ull, PRD, NULL, NULL),
			 PGT_FAULT_TRANSLATION);
	assert_int_equal(probe(&k, 0x7f0000002000ull, PRD, NULL, NULL), 0);
	assert_int_equal(t.ntables, 4);
	/* last pages gone: L3, L2 and L1 tables are freed */
	assert_int_equal(pgt_unmap(&t, 0x7f0000000000ull, 0x3000), 0);
	assert_int_equal(t.ntables, 1);
	assert_int_equal(M.nlive, 1);
	assert_int_equal(M.bad_frees, 0);
	/* unmapping a hole is fine */
	assert_int_equal(pgt_unmap(&t, 0x7f0000000000ull, 0x3000), 0);
	/* a whole subtree at once */
	assert_int_equal(pgt_map(&t, 0x8000000000ull, 0x1000, 0x5000, &RW),
			 0);
	assert_int_equal(pgt_unmap(&t, 0x8000000000ull, 0x8000000000ull), 0);
	assert_int_equal(t.ntables, 1);
	pgt_table_destroy(&t);
	assert_int_equal(M.nlive, 0);
	assert_int_equal(M.bad_frees, 0);
}

static void test_unmap_split(void **state)
{
	struct pgt_s1_cfg k;
	struct pgt_table t;
	struct pgt_result r;
	uint64_t out;
	unsigned int sz;

	(void)state;
	s1_init(&t, PGT_GRAN_4K, 16, &k);
	/* one 1 GiB block, non-global, read-only, AttrIndx 2 */
	assert_int_equal(pgt_map(&t, 0x40000000, 0x80000000, 0x40000000,
				 &(struct pgt_prot){ .flags = PGT_PROT_R |
							      PGT_PROT_NG,
						     .attr = 2, .sh = 3 }), 0);
	assert_int_equal(t.ntables, 2);
	/* splitting needs two tables: refuse with nothing unmapped */
	M.allocs_left = 1;
	assert_int_equal(pgt_unmap(&t, 0x40201000, 0x1000), -VSMMU_ERR_NOMEM);
	M.allocs_left = -1;
	assert_int_equal(probe(&k, 0x40201000, PRD, &out, &sz), 0);
	assert_int_equal(out, 0x80201000);
	/* now it works: 1G -> 512 x 2M -> 512 x 4K for the middle one */
	assert_int_equal(pgt_unmap(&t, 0x40201000, 0x1000), 0);
	assert_int_equal(probe(&k, 0x40201000, PRD, NULL, NULL),
			 PGT_FAULT_TRANSLATION);
	assert_int_equal(probe(&k, 0x40200000, PRD, &out, &sz), 0);
	assert_int_equal(out, 0x80200000);
	assert_int_equal(sz, 12);
	assert_int_equal(probe(&k, 0x40202fff, PRD, &out, &sz), 0);
	assert_int_equal(out, 0x80202fff);
	assert_int_equal(probe(&k, 0x40400000, PRD, &out, &sz), 0);
	assert_int_equal(out, 0x80400000);
	assert_int_equal(sz, 21);
	assert_int_equal(probe(&k, 0x7fffffff, PRD, &out, &sz), 0);
	assert_int_equal(out, 0xbfffffff);
	/* the split kept the attributes */
	assert_int_equal(pgt_walk_s1(&k, &mem, smmu_va(0x40200000), PRD, &r),
			 0);
	assert_true(r.ng);
	assert_int_equal(r.attr_idx, 2);
	assert_int_equal(r.sh, 3);
	assert_int_equal(probe(&k, 0x40200000, PWR, NULL, NULL),
			 PGT_FAULT_PERMISSION);
	assert_int_equal(t.ntables, 4);
	pgt_table_destroy(&t);
	assert_int_equal(M.nlive, 0);
	assert_int_equal(M.bad_frees, 0);
}

static void test_protect(void **state)
{
	struct pgt_s1_cfg k;
	struct pgt_table t;
	unsigned int sz;

	(void)state;
	s1_init(&t, PGT_GRAN_4K, 25, &k);
	assert_int_equal(pgt_map(&t, 0x200000, 0x600000, 0x400000, &RW), 0);
	assert_int_equal(probe(&k, 0x300000, PWR, NULL, NULL), 0);
	/* one page in the first block becomes read-only */
	assert_int_equal(pgt_protect(&t, 0x300000, 0x1000, &RO), 0);
	assert_int_equal(probe(&k, 0x300000, PWR, NULL, NULL),
			 PGT_FAULT_PERMISSION);
	assert_int_equal(probe(&k, 0x300000, PRD, NULL, &sz), 0);
	assert_int_equal(sz, 12);
	assert_int_equal(probe(&k, 0x301000, PWR, NULL, NULL), 0);
	assert_int_equal(probe(&k, 0x400000, PWR, NULL, &sz), 0);
	assert_int_equal(sz, 21);
	/* the whole range, EL0 too; holes are skipped */
	assert_int_equal(pgt_protect(&t, 0x0, 0x1000000,
				     &(struct pgt_prot){
					     .flags = PGT_PROT_R |
						      PGT_PROT_UNPRIV }), 0);
	assert_int_equal(probe(&k, 0x400000, PWR, NULL, NULL),
			 PGT_FAULT_PERMISSION);
	assert_int_equal(probe(&k, 0x5ff000, URD, NULL, NULL), 0);
	assert_int_equal(probe(&k, 0x301000, URD, NULL, NULL), 0);
	assert_int_equal(probe(&k, 0x100000, URD, NULL, NULL),
			 PGT_FAULT_TRANSLATION);
	/* protect can fail for memory too, changing nothing */
	M.allocs_left = 0;
	assert_int_equal(pgt_protect(&t, 0x401000, 0x1000, &RW),
			 -VSMMU_ERR_NOMEM);
	M.allocs_left = -1;
	assert_int_equal(probe(&k, 0x401000, PWR, NULL, NULL),
			 PGT_FAULT_PERMISSION);
	pgt_table_destroy(&t);
	assert_int_equal(M.nlive, 0);
}

static void test_ttb1_tree(void **state)
{
	struct pgt_table_cfg c = { .fmt = PGT_FMT_S1, .granule = PGT_GRAN_16K,
				   .tsz = 17, .oas = 48, .ttb1 = true };
	struct pgt_s1_cfg k = { .ips = 48 };
	struct pgt_result r;
	struct pgt_table t;
	const uint64_t va = 0xffff800002000000ull;	/* 47-bit upper */

	(void)state;
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), 0);
	k.tt[0].epd = true;
	assert_int_equal(pgt_table_s1_cfg(&t, &k), 0);
	assert_int_equal(k.tt[1].ttb, t.root.v);
	assert_int_equal(pgt_map(&t, va, 0x40000000, 0x2000000, &RW), 0);
	assert_int_equal(pgt_walk_s1(&k, &mem, smmu_va(va + 0x4321), PWR, &r),
			 0);
	assert_int_equal(r.out, 0x40004321);
	assert_int_equal(r.size_log2, 25);	/* 16K L2 block */
	/* a lower VA cannot go into a TTB1 tree */
	assert_int_equal(pgt_map(&t, 0x2000000, 0x40000000, 0x4000, &RW),
			 -VSMMU_ERR_RANGE);
	assert_int_equal(pgt_unmap(&t, va, 0x2000000), 0);
	assert_int_equal(pgt_walk_s1(&k, &mem, smmu_va(va), PRD, &r),
			 -VSMMU_ERR_FAULT);
	pgt_table_destroy(&t);
	assert_int_equal(M.nlive, 0);
}

static void test_s2_concat_tree(void **state)
{
	struct pgt_table_cfg c = { .fmt = PGT_FMT_S2, .granule = PGT_GRAN_4K,
				   .tsz = 24, .oas = 40,
				   .sl0 = PGT_SL0_AUTO };
	struct pgt_s2_cfg k;
	struct pgt_result r;
	struct pgt_table t;

	(void)state;
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), 0);
	assert_int_equal(pgt_table_s2_cfg(&t, &k), 0);
	/* both concatenated tables: IPA bit 39 picks the second */
	assert_int_equal(pgt_map(&t, 0x8000000000ull, 0x1000, 0x1000, &RW), 0);
	assert_int_equal(pgt_map(&t, 0x0, 0x2000, 0x1000, &RW), 0);
	/* the second mapping's L1 entry is 512 entries after the first's */
	assert_int_equal(fmem_rd64(&M, t.root.v) & 3, 3);
	assert_int_equal(fmem_rd64(&M, t.root.v + 512 * 8) & 3, 3);
	assert_int_equal(pgt_walk_s2(&k, &mem, smmu_ipa(0x8000000010ull), PWR,
				     &r), 0);
	assert_int_equal(r.out, 0x1010);
	assert_int_equal(r.reads, 3);
	assert_int_equal(pgt_walk_s2(&k, &mem, smmu_ipa(0x10), PRD, &r), 0);
	assert_int_equal(r.out, 0x2010);
	/* 1 GiB block at the start level */
	assert_int_equal(pgt_map(&t, 0x40000000, 0x40000000, 0x40000000, &RW),
			 0);
	assert_int_equal(pgt_walk_s2(&k, &mem, smmu_ipa(0x40000010), PRD, &r),
			 0);
	assert_int_equal(r.size_log2, 30);
	assert_int_equal(r.reads, 1);
	pgt_table_destroy(&t);
	assert_int_equal(M.nlive, 0);
	assert_int_equal(M.bad_frees, 0);
}

/*
 * A pseudo-random sequence of maps and unmaps over a 64 MiB stage-2 IPA
 * window (64K granule and 4K), compared after each step with a shadow
 * array of 4 KiB pages.
 */
#define WIN (64ull << 20)
#define NPG (WIN >> 12)

static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return *s >> 33;
}

static void random_run(enum pgt_granule g)
{
	struct pgt_table_cfg c = { .fmt = PGT_FMT_S2, .granule = g,
				   .tsz = 32, .oas = 40, .sl0 = PGT_SL0_AUTO };
	uint64_t *shadow = calloc(NPG, sizeof(uint64_t)), seed = 42 + g;
	uint64_t gsz = 1ull << g;
	struct pgt_s2_cfg k;
	struct pgt_table t;
	unsigned long big = 0;

	assert_non_null(shadow);
	assert_int_equal(pgt_table_init(&t, &c, &mem, &ops), 0);
	assert_int_equal(pgt_table_s2_cfg(&t, &k), 0);
	for (int step = 0; step < 300; step++) {
		/* up to three of the smallest blocks (2 MiB / 32 MiB) */
		uint64_t blk = 1ull << (g + 2 * (g - 3));
		uint64_t n = 1 + lcg(&seed) % (3 * blk / gsz); /* granules */
		uint64_t in = (lcg(&seed) % (WIN / gsz)) * gsz;
		uint64_t len = n * gsz, pa;
		bool busy = false;

		if (lcg(&seed) & 1)
			in &= ~(blk - 1);	/* a block-aligned start */
		/* a PA as aligned as the IPA half of the time */
		pa = in + (1ull << 35) + ((lcg(&seed) & 1) ? 0 : gsz);
		if (in + len > WIN)
			len = WIN - in;
		for (uint64_t p = in >> 12; p < (in + len) >> 12; p++)
			busy |= shadow[p] != 0;
		if (lcg(&seed) % 2) {
			int ret = pgt_map(&t, in, pa, len, &RW);

			assert_int_equal(ret, busy ? -VSMMU_ERR_EXIST : 0);
			for (uint64_t o = 0; !ret && o < len; o += 4096)
				shadow[(in + o) >> 12] = pa + o;
		} else {
			assert_int_equal(pgt_unmap(&t, in, len), 0);
			for (uint64_t o = 0; o < len; o += 4096)
				shadow[(in + o) >> 12] = 0;
		}
		if (step % 25 && step != 299)
			continue;
		for (uint64_t p = 0; p < NPG; p++) {
			struct pgt_result r;
			int ret = pgt_walk_s2(&k, &mem, smmu_ipa(p << 12), PRD,
					      &r);

			if (shadow[p] ? (ret || r.out != shadow[p]) : !ret)
				fail_msg("step %d page %#llx: %d %#llx", step,
					 (unsigned long long)p, ret,
					 (unsigned long long)r.out);
			big += !ret && r.size_log2 > g;
		}
	}
	/* blocks were made (and, by the unmaps, split) along the way */
	assert_true(g == PGT_GRAN_64K || big > 0);
	assert_int_equal(pgt_unmap(&t, 0, WIN), 0);
	assert_int_equal(t.ntables, 1);
	pgt_table_destroy(&t);
	assert_int_equal(M.nlive, 0);
	assert_int_equal(M.bad_frees, 0);
	free(shadow);
}

static void test_random_4k(void **state)
{
	(void)state;
	random_run(PGT_GRAN_4K);
}

static void test_random_16k(void **state)
{
	(void)state;
	random_run(PGT_GRAN_16K);
}

static void test_random_64k(void **state)
{
	(void)state;
	random_run(PGT_GRAN_64K);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_block_choice, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_map_refusals, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_map_nomem_rollback, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_map_write_error, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unmap_and_free, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unmap_split, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_protect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ttb1_tree, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_s2_concat_tree, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_random_4k, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_random_16k, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_random_64k, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
