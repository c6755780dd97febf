// SPDX-License-Identifier: MIT
/*
 * Tests of src/pgtable/nested.c: stage 1 over stage 2 with tables written
 * by hand, then with both stages made by the builder. Faults while
 * translating a stage-1 table address (CLASS TT) and the output IPA
 * (CLASS IN), priorities, permission intersection, leaf size and the
 * (n + 1)(m + 1) - 1 read count.
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

static void w(uint64_t pa, uint64_t d)
{
	fmem_wr64(&M, pa, d);
}

/*
 * Stage 2: 4K, 40-bit IPA, SL0 = 1: two L1 tables at 0x400000.
 *   IPA [0, 2 MiB) -> PA 0x1000000 + IPA, read-only 4K pages:
 *     L1[0] -> L2 0x402000, L2[0] -> L3 0x403000, L3[i] -> 0x1000000+i*4K
 *   IPA 0x4000_0000 -> PA 0x7000_0000, RW page:
 *     L1[1] -> L2 0x404000, L2[0] -> L3 0x405000, L3[0]
 * Stage 1: 4K, 39-bit (start L1), TTB IPA 0x10000; tables at IPAs
 * 0x10000 (L1), 0x11000 (L2), 0x12000 (L3), i.e. PAs 0x1010000...
 * VA = 3 GiB + 5 * 2 MiB + 7 * 4 KiB + 0x89 -> L1[3], L2[5], L3[7]
 * -> IPA 0x4000_0089 -> PA 0x7000_0089.
 */
#define VA ((3ull << 30) | (5ull << 21) | (7ull << 12) | 0x89)
#define S1_L1_DESC_IPA (0x10000 + 3 * 8)
#define S1_L2_DESC_IPA (0x11000 + 5 * 8)
#define S1_L3_DESC_IPA (0x12000 + 7 * 8)

static struct pgt_s1_cfg s1;
static struct pgt_s2_cfg s2;

static int setup(void **state)
{
	(void)state;
	fmem_init(&M, 0x10000000);
	mem = fmem_mem(&M);
	s2 = (struct pgt_s2_cfg){ .vttb = smmu_pa(0x400000),
				  .granule = PGT_GRAN_4K, .tsz = 24, .sl0 = 1,
				  .ps = 48 };
	w(0x400000, D_TABLE(0x402000));
	w(0x402000, D_TABLE(0x403000));
	for (uint64_t i = 0; i < 512; i++)
		w(0x403000 + i * 8, D_PAGE(0x1000000 + i * 0x1000) | D_S2R);
	w(0x400008, D_TABLE(0x404000));
	w(0x404000, D_TABLE(0x405000));
	w(0x405000, D_PAGE(0x70000000) | D_S2R | D_S2W);

	s1 = (struct pgt_s1_cfg){ .ips = 40 };
	s1.tt[0] = (struct pgt_s1_tt){ .ttb = 0x10000,
				       .granule = PGT_GRAN_4K, .tsz = 25 };
	s1.tt[1].epd = true;
	w(0x1000000 + S1_L1_DESC_IPA, D_TABLE(0x11000));
	w(0x1000000 + S1_L2_DESC_IPA, D_TABLE(0x12000));
	w(0x1000000 + S1_L3_DESC_IPA, D_PAGE(0x40000000) | D_ATTRIDX(1));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fmem_fini(&M);
	return 0;
}

static void expect_fault(int ret, const struct pgt_result *r,
			 enum pgt_fault_type type, unsigned int stage,
			 unsigned int level, enum pgt_fault_class cls)
{
	assert_int_equal(ret, -VSMMU_ERR_FAULT);
	assert_int_equal(r->fault.type, type);
	assert_int_equal(r->fault.stage, stage);
	assert_int_equal(r->fault.level, level);
	assert_int_equal(r->fault.cls, cls);
}

static void test_nested_ok(void **state)
{
	struct pgt_result r;

	(void)state;
	assert_int_equal(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PWR, &r),
			 0);
	assert_int_equal(r.out, 0x70000089);
	assert_int_equal(r.ipa, 0x40000089);
	assert_int_equal(r.size_log2, 12);
	assert_int_equal(r.level, 3);
	assert_int_equal(r.s2_level, 3);
	assert_int_equal(r.attr_idx, 1);
	/* 3 stage-1 levels over 3 stage-2 levels: (3 + 1)(3 + 1) - 1 */
	assert_int_equal(r.reads, 15);
	assert_int_equal(M.reads, 15);
	/* S1 AP=00 (PR PW PX UX) and S2 RW: the stage-1 set */
	assert_int_equal(r.perm, PGT_PERM_PR | PGT_PERM_PW | PGT_PERM_PX |
				 PGT_PERM_UX);
}

static void test_nested_tt_faults(void **state)
{
	struct pgt_result r;

	(void)state;
	/* the stage-1 L2 table page (IPA 0x11000) unmapped at stage 2 */
	w(0x403000 + 0x11 * 8, 0);
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_TRANSLATION, 2, 3, PGT_CLASS_TT);
	assert_int_equal(r.fault.ipa.v, S1_L2_DESC_IPA);
	assert_int_equal(r.reads, 4 + 3);
	/* the TTB page itself */
	w(0x403000 + 0x10 * 8, 0);
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_TRANSLATION, 2, 3, PGT_CLASS_TT);
	assert_int_equal(r.fault.ipa.v, S1_L1_DESC_IPA);
	assert_int_equal(r.reads, 3);
	/* an S2 L2 entry missing: fault at S2 level 2 */
	w(0x402000, 0);
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_TRANSLATION, 2, 2, PGT_CLASS_TT);
	assert_int_equal(r.fault.ipa.v, S1_L1_DESC_IPA);
}

static void test_nested_tt_perm_af(void **state)
{
	struct pgt_result r;

	(void)state;
	/* S1 L3 table page write-only at stage 2: the walk cannot read */
	w(0x403000 + 0x12 * 8, D_PAGE(0x1012000) | D_S2W);
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_PERMISSION, 2, 3, PGT_CLASS_TT);
	assert_int_equal(r.fault.ipa.v, S1_L3_DESC_IPA);
	/* the fault still describes the device's access */
	assert_false(r.fault.write);
	/* AF clear on it */
	w(0x403000 + 0x12 * 8, (D_PAGE(0x1012000) | D_S2R) & ~D_AF);
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PWR, &r),
		     &r, PGT_FAULT_ACCESS, 2, 3, PGT_CLASS_TT);
	assert_true(r.fault.write);
	/* ...unless S2AFFD */
	s2.affd = true;
	assert_int_equal(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PWR,
					 &r), 0);
	/*
	 * S2PTW: the stage-1 tables sit in MemAttr 0 (Device-nGnRnE, all
	 * the setup wrote); the first table fetch faults. Normal memory
	 * (0xf) for the TTB page moves the fault to the L2 table.
	 */
	s2.ptw = true;
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_PERMISSION, 2, 3, PGT_CLASS_TT);
	assert_int_equal(r.fault.ipa.v, S1_L1_DESC_IPA);
	w(0x403000 + 0x10 * 8, D_PAGE(0x1010000) | D_S2R | D_MEMATTR(0xf));
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_PERMISSION, 2, 3, PGT_CLASS_TT);
	assert_int_equal(r.fault.ipa.v, S1_L2_DESC_IPA);
	/* the data access itself may target Device memory */
	w(0x403000 + 0x11 * 8, D_PAGE(0x1011000) | D_S2R | D_MEMATTR(0x5));
	w(0x403000 + 0x12 * 8, D_PAGE(0x1012000) | D_S2R | D_MEMATTR(0xf));
	assert_int_equal(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD,
					 &r), 0);
	assert_int_equal(r.s2_memattr, 0);
}

static void test_nested_in_faults(void **state)
{
	struct pgt_result r;

	(void)state;
	/* output IPA unmapped */
	w(0x405000, 0);
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_TRANSLATION, 2, 3, PGT_CLASS_IN);
	assert_int_equal(r.fault.ipa.v, 0x40000089);
	assert_int_equal(r.reads, 15);
	/* output IPA beyond the 40-bit stage-2 input: level 0 */
	w(0x1000000 + S1_L3_DESC_IPA, D_PAGE(0x10000000000ull));
	s1.ips = 48;
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_TRANSLATION, 2, 0, PGT_CLASS_IN);
	assert_int_equal(r.fault.ipa.v, 0x10000000089ull);
	/* ...and beyond IPS first: stage-1 address size */
	s1.ips = 40;
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_ADDR_SIZE, 1, 3, PGT_CLASS_IN);
}

static void test_nested_eabt(void **state)
{
	struct pgt_result r;

	(void)state;
	/*
	 * S2 L3 table unreadable: translating IPA 0x10018 reads S2 L3 entry
	 * 0x10 at 0x403080: stage 2, CLASS TT, fetch address and IPA.
	 */
	M.rd_fail_lo = 0x403000;
	M.rd_fail_hi = 0x404000;
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_WALK_EABT, 2, 3, PGT_CLASS_TT);
	assert_int_equal(r.fault.fetch_pa.v, 0x403080);
	assert_int_equal(r.fault.ipa.v, S1_L1_DESC_IPA);
	/* the stage-1 L2 descriptor's own read fails: stage 1 */
	M.rd_fail_lo = 0x1011000;
	M.rd_fail_hi = 0x1012000;
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_WALK_EABT, 1, 2, PGT_CLASS_TT);
	assert_int_equal(r.fault.fetch_pa.v, 0x1000000 + S1_L2_DESC_IPA);
	/* the final stage-2 walk: CLASS IN */
	M.rd_fail_lo = 0x405000;
	M.rd_fail_hi = 0x406000;
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_WALK_EABT, 2, 3, PGT_CLASS_IN);
	assert_int_equal(r.fault.fetch_pa.v, 0x405000);
	assert_int_equal(r.fault.ipa.v, 0x40000089);
}

static void test_nested_perm_and_priority(void **state)
{
	struct pgt_result r;

	(void)state;
	/* S2 output read-only: write faults at stage 2, CLASS IN */
	w(0x405000, D_PAGE(0x70000000) | D_S2R);
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PWR, &r),
		     &r, PGT_FAULT_PERMISSION, 2, 3, PGT_CLASS_IN);
	assert_int_equal(r.fault.ipa.v, 0x40000089);
	assert_int_equal(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
			 0);
	/* intersection: S1 {PR PW PX UX} and S2 {PR UR PX UX} */
	assert_int_equal(r.perm, PGT_PERM_PR | PGT_PERM_PX | PGT_PERM_UX);
	/* S1 read-only and S2 output unmapped: S1 permission comes first */
	w(0x405000, 0);
	w(0x1000000 + S1_L3_DESC_IPA, D_PAGE(0x40000000) | D_AP2);
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PWR, &r),
		     &r, PGT_FAULT_PERMISSION, 1, 3, PGT_CLASS_IN);
	/* S1 AF clear: stage-1 access flag before anything of stage 2 */
	w(0x1000000 + S1_L3_DESC_IPA, D_PAGE(0x40000000) & ~D_AF);
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_ACCESS, 1, 3, PGT_CLASS_IN);
	/* S1 invalid: stage-1 translation at level 3 */
	w(0x1000000 + S1_L3_DESC_IPA, 0);
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_TRANSLATION, 1, 3, PGT_CLASS_IN);
}

static void test_nested_leaf_size(void **state)
{
	struct pgt_result r;

	(void)state;
	/* S1 2 MiB block at IPA 0x4000_0000 over S2 4K pages: 4K */
	w(0x1000000 + S1_L2_DESC_IPA, D_BLOCK(0x40000000));
	/* VA[20:0] = 0x7089: IPA 0x4000_7089 is not mapped at stage 2 yet */
	expect_fault(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
		     &r, PGT_FAULT_TRANSLATION, 2, 3, PGT_CLASS_IN);
	assert_int_equal(r.fault.ipa.v, 0x40007089);
	w(0x405000 + 7 * 8, D_PAGE(0x70007000) | D_S2R);
	assert_int_equal(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
			 0);
	assert_int_equal(r.out, 0x70007089);
	assert_int_equal(r.size_log2, 12);
	assert_int_equal(r.level, 2);
	/* S2 1 GiB block for IPA 0x4000_0000: now the S1 2 MiB block counts */
	w(0x400008, D_BLOCK(0x80000000) | D_S2R);
	assert_int_equal(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
			 0);
	assert_int_equal(r.out, 0x80007089);
	assert_int_equal(r.size_log2, 21);
	assert_int_equal(r.s2_level, 1);
	assert_int_equal(pgt_result_in_base(&r), VA & ~0x1fffffull);
	assert_int_equal(pgt_result_out_base(&r), 0x80000000);
	/* S1 4K page over the S2 1 GiB block: 4K */
	w(0x1000000 + S1_L2_DESC_IPA, D_TABLE(0x12000));
	assert_int_equal(pgt_walk_nested(&s1, &s2, &mem, smmu_va(VA), PRD, &r),
			 0);
	assert_int_equal(r.out, 0x80000089);
	assert_int_equal(r.size_log2, 12);
}

/* An IPA-space view of the fake memory: IPA x lives at PA x + OFF. */
#define OFF 0x20001000ull

static int ipa_read(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	struct pgt_mem *m = ctx;

	return m->read(m->ctx, smmu_pa(pa.v + OFF), buf, len);
}

static int ipa_write(void *ctx, smmu_pa_t pa, const void *buf, size_t len)
{
	struct pgt_mem *m = ctx;

	return m->write(m->ctx, smmu_pa(pa.v + OFF), buf, len);
}

/*
 * Both stages from the builder, four levels each (4K, 48-bit; S2 SL0 =
 * 2). Stage 2 maps IPA [0, 16 MiB) to PA + OFF with 4K pages (OFF is not
 * 2 MiB aligned, so no blocks); the guest's stage-1 tables are allocated
 * in IPA space and written through that mapping. A walk reads 4 x 5 + 4
 * = 24 descriptors.
 */
static void test_nested_built_24_reads(void **state)
{
	struct pgt_table_cfg c2 = { .fmt = PGT_FMT_S2, .granule = PGT_GRAN_4K,
				    .tsz = 16, .oas = 48, .sl0 = 2 };
	struct pgt_table_cfg c1 = { .fmt = PGT_FMT_S1, .granule = PGT_GRAN_4K,
				    .tsz = 16, .oas = 44 };
	struct pgt_prot rw = { .flags = PGT_PROT_R | PGT_PROT_W };
	struct pgt_alloc_ops a2 = fmem_alloc(&M);
	static struct fmem ipa_space;	/* only its allocator is used */
	struct pgt_alloc_ops a1;
	struct pgt_mem ipa_mem = { ipa_read, ipa_write, &mem };
	struct pgt_table t1, t2;
	struct pgt_s1_cfg k1 = { 0 };
	struct pgt_s2_cfg k2;
	struct pgt_result r;
	const uint64_t va = 0x123456789000ull;

	(void)state;
	fmem_init(&ipa_space, 0x100000);
	a1 = fmem_alloc(&ipa_space);
	/* stage-2 tables live far above OFF + 16 MiB */
	M.next = 0x40000000;
	assert_int_equal(pgt_table_init(&t2, &c2, &mem, &a2), 0);
	assert_int_equal(pgt_map(&t2, 0, OFF, 0x1000000, &rw), 0);
	assert_int_equal(pgt_table_init(&t1, &c1, &ipa_mem, &a1), 0);
	assert_int_equal(pgt_map(&t1, va, 0x800000, 0x1000, &rw), 0);
	assert_int_equal(pgt_table_s1_cfg(&t1, &k1), 0);
	k1.tt[1].epd = true;
	assert_int_equal(pgt_table_s2_cfg(&t2, &k2), 0);
	assert_int_equal(k2.sl0, 2);
	assert_int_equal(pgt_s1_cfg_check(&k1), 0);
	assert_int_equal(pgt_s2_cfg_check(&k2), 0);

	M.reads = 0;
	assert_int_equal(pgt_walk_nested(&k1, &k2, &mem, smmu_va(va + 0x123),
					 PWR, &r), 0);
	assert_int_equal(r.ipa, 0x800123);
	assert_int_equal(r.out, 0x800123 + OFF);
	assert_int_equal(r.reads, 24);
	assert_int_equal(M.reads, 24);
	pgt_table_destroy(&t1);
	pgt_table_destroy(&t2);
	assert_int_equal(ipa_space.nlive, 0);
	assert_int_equal(M.nlive, 0);
	assert_int_equal(M.bad_frees + ipa_space.bad_frees, 0);
	fmem_fini(&ipa_space);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nested_ok, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nested_tt_faults, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nested_tt_perm_af, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nested_in_faults, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nested_eabt, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nested_perm_and_priority,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_leaf_size, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nested_built_24_reads,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
