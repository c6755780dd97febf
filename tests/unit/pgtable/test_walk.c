// SPDX-License-Identifier: MIT
/*
 * Tests of the single-stage walks (src/pgtable/walk.c, s1.c, s2.c) over
 * tables written by hand into a fake memory: every fault at every level,
 * blocks per granule and level, VA range selection, concatenated stage-2
 * start tables, external aborts and read counts. Table addresses and
 * indexes are worked out by hand in the comments.
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

static int setup(void **state)
{
	(void)state;
	fmem_init(&M, 0x10000000);
	mem = fmem_mem(&M);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fmem_fini(&M);
	return 0;
}

static void w(uint64_t pa, uint64_t d)
{
	fmem_wr64(&M, pa, d);
}

/* 4K, 48-bit TTB0 at 0x100000, nothing else. */
static struct pgt_s1_cfg s1_4k48(void)
{
	struct pgt_s1_cfg c = { .ips = 48 };

	c.tt[0] = (struct pgt_s1_tt){ .ttb = 0x100000,
				      .granule = PGT_GRAN_4K, .tsz = 16 };
	c.tt[1].epd = true;
	return c;
}

/*
 * VA 0x0000_0080_8060_4567: L0 index 1 (bit 39), L1 index 2 (bit 31),
 * L2 index 3 (bits 22:21 = 11), L3 index 4 (bit 14), offset 0x567.
 */
#define VA1 ((1ull << 39) | (2ull << 30) | (3ull << 21) | (4ull << 12) | 0x567)

/* The four-level chain for VA1: tables at 0x100000..0x103000. */
static void chain_4k(void)
{
	w(0x100000 + 1 * 8, D_TABLE(0x101000));
	w(0x101000 + 2 * 8, D_TABLE(0x102000));
	w(0x102000 + 3 * 8, D_TABLE(0x103000));
}

static void expect_fault(int ret, const struct pgt_result *r,
			 enum pgt_fault_type type, unsigned int stage,
			 unsigned int level)
{
	assert_int_equal(ret, -VSMMU_ERR_FAULT);
	assert_int_equal(r->fault.type, type);
	assert_int_equal(r->fault.stage, stage);
	assert_int_equal(r->fault.level, level);
}

static void test_s1_page(void **state)
{
	struct pgt_s1_cfg c = s1_4k48();
	struct pgt_result r;

	(void)state;
	chain_4k();
	w(0x103000 + 4 * 8, D_PAGE(0x80000000) | D_ATTRIDX(5) | D_SH(3) | D_NG);
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), 0);
	assert_int_equal(r.out, 0x80000567);
	assert_int_equal(r.in, VA1);
	assert_int_equal(r.size_log2, 12);
	assert_int_equal(r.level, 3);
	assert_int_equal(r.reads, 4);
	assert_int_equal(M.reads, 4);
	assert_int_equal(r.attr_idx, 5);
	assert_int_equal(r.sh, 3);
	assert_true(r.ng);
	assert_int_equal(r.fault.type, PGT_FAULT_NONE);
	/*
	 * AP=00, PXN=UXN=0: privileged RW and execute; EL0 has no data
	 * access but may execute (Arm ARM: UXN alone controls EL0 fetch).
	 */
	assert_int_equal(r.perm, PGT_PERM_PR | PGT_PERM_PW | PGT_PERM_PX |
				 PGT_PERM_UX);
	assert_int_equal(pgt_result_in_base(&r), VA1 & ~0xfffull);
	assert_int_equal(pgt_result_out_base(&r), 0x80000000);
	/* a global page */
	w(0x103000 + 4 * 8, D_PAGE(0x80000000));
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), 0);
	assert_false(r.ng);
	assert_int_equal(r.attr_idx, 0);
}

static void test_s1_blocks(void **state)
{
	struct pgt_s1_cfg c = s1_4k48();
	struct pgt_result r;

	(void)state;
	chain_4k();
	/* L2 block: 2 MiB; out = base + VA[20:0] = 0x4020_0000 + 0x4567 */
	w(0x102000 + 3 * 8, D_BLOCK(0x40200000));
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), 0);
	assert_int_equal(r.out, 0x40204567);
	assert_int_equal(r.size_log2, 21);
	assert_int_equal(r.level, 2);
	assert_int_equal(r.reads, 3);
	/* L1 block: 1 GiB; VA[29:0] = 0x0060_4567 */
	w(0x101000 + 2 * 8, D_BLOCK(0x80000000));
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), 0);
	assert_int_equal(r.out, 0x80604567);
	assert_int_equal(r.size_log2, 30);
	assert_int_equal(r.level, 1);
	assert_int_equal(r.reads, 2);
	/* RES0 bits of a block below its size are ignored, not OA */
	w(0x101000 + 2 * 8, D_BLOCK(0x80000000 | 0x200000));
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), 0);
	assert_int_equal(r.out, 0x80604567);
	/* no L0 block with a 4K granule (without DS) */
	w(0x100000 + 1 * 8, D_BLOCK(0));
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 1, 0);
	assert_int_equal(r.reads, 1);
}

static void test_s1_invalid_each_level(void **state)
{
	struct pgt_s1_cfg c = s1_4k48();
	struct pgt_result r;

	(void)state;
	/* nothing: L0 entry invalid */
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PWR, &r), &r,
		     PGT_FAULT_TRANSLATION, 1, 0);
	assert_int_equal(r.fault.cls, PGT_CLASS_IN);
	assert_true(r.fault.write);
	assert_false(r.fault.exec);
	assert_true(r.fault.priv);
	assert_int_equal(r.reads, 1);
	w(0x100000 + 1 * 8, D_TABLE(0x101000));
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 1, 1);
	assert_int_equal(r.reads, 2);
	/* bit 0 clear but other bits set: still invalid */
	w(0x101000 + 2 * 8, 0x102000 | 2);
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 1, 1);
	w(0x101000 + 2 * 8, D_TABLE(0x102000));
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), UEX, &r), &r,
		     PGT_FAULT_TRANSLATION, 1, 2);
	assert_true(r.fault.exec);
	assert_false(r.fault.priv);
	w(0x102000 + 3 * 8, D_TABLE(0x103000));
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 1, 3);
	assert_int_equal(r.reads, 4);
	/* 0b01 at level 3 is reserved: invalid */
	w(0x103000 + 4 * 8, D_BLOCK(0x80000000));
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 1, 3);
	w(0x103000 + 4 * 8, D_PAGE(0x80000000));
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), 0);
}

static void test_s1_addr_size(void **state)
{
	struct pgt_s1_cfg c = s1_4k48();
	struct pgt_result r;

	(void)state;
	c.ips = 40;
	chain_4k();
	/* L1 table descriptor pointing at bit 40: address size at L1 */
	w(0x101000 + 2 * 8, D_TABLE(1ull << 40));
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
		     PGT_FAULT_ADDR_SIZE, 1, 1);
	w(0x101000 + 2 * 8, D_TABLE(0x102000));
	/* page output at bit 40 */
	w(0x103000 + 4 * 8, D_PAGE((1ull << 40) | 0x1000));
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
		     PGT_FAULT_ADDR_SIZE, 1, 3);
	/* just below the limit is fine */
	w(0x103000 + 4 * 8, D_PAGE((1ull << 40) - 0x1000));
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), 0);
	assert_int_equal(r.out, (1ull << 40) - 0x1000 + 0x567);
	/* L2 block beyond IPS; AF clear too: address size wins (§6.4) */
	w(0x102000 + 3 * 8, (D_BLOCK(1ull << 45)) & ~D_AF);
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
		     PGT_FAULT_ADDR_SIZE, 1, 2);
	/* TTB beyond IPS used anyway (cfg_check says C_BAD_CD) */
	c.tt[0].ttb = 1ull << 41;
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
		     PGT_FAULT_ADDR_SIZE, 1, 0);
	assert_int_equal(r.reads, 0);
}

static void test_s1_access_flag(void **state)
{
	struct pgt_s1_cfg c = s1_4k48();
	struct pgt_result r;

	(void)state;
	chain_4k();
	/* AF=0 and read-only: a write reports AF first (§6.4) */
	w(0x103000 + 4 * 8, (D_PAGE(0x80000000) | D_AP2) & ~D_AF);
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PWR, &r), &r,
		     PGT_FAULT_ACCESS, 1, 3);
	c.affd = true;
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PWR, &r), &r,
		     PGT_FAULT_PERMISSION, 1, 3);
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), 0);
	c.affd = false;
	w(0x102000 + 3 * 8, D_BLOCK(0x40200000) & ~D_AF);
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
		     PGT_FAULT_ACCESS, 1, 2);
	w(0x101000 + 2 * 8, D_BLOCK(0x40000000) & ~D_AF);
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
		     PGT_FAULT_ACCESS, 1, 1);
}

static void test_s1_walk_eabt(void **state)
{
	/* the descriptor address read at each level for VA1 */
	static const uint64_t fetch[4] = { 0x100008, 0x101010, 0x102018,
					   0x103020 };
	struct pgt_s1_cfg c = s1_4k48();
	struct pgt_result r;

	(void)state;
	chain_4k();
	w(0x103000 + 4 * 8, D_PAGE(0x80000000));
	for (unsigned int l = 0; l < 4; l++) {
		M.rd_fail_lo = fetch[l] & ~0xfffull;
		M.rd_fail_hi = M.rd_fail_lo + 0x1000;
		expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
			     PGT_FAULT_WALK_EABT, 1, l);
		assert_int_equal(r.fault.fetch_pa.v, fetch[l]);
		assert_int_equal(r.fault.fetch_err, -VSMMU_ERR_IO);
		assert_int_equal(r.fault.cls, PGT_CLASS_TT);
		assert_int_equal(r.reads, l + 1);
	}
}

static void test_s1_va_ranges(void **state)
{
	struct pgt_s1_cfg c = s1_4k48();
	struct pgt_result r;
	uint64_t va;

	(void)state;
	chain_4k();
	w(0x103000 + 4 * 8, D_PAGE(0x80000000));
	/* bit 48 set, not all top bits: outside both ranges */
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1 | (1ull << 48)),
				 PRD, &r), &r, PGT_FAULT_TRANSLATION, 1, 0);
	assert_int_equal(r.reads, 0);
	/* a tag in the top byte needs TBI0 */
	va = VA1 | (0xa5ull << 56);
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(va), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 1, 0);
	c.tt[0].tbi = true;
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(va), PRD, &r), 0);
	assert_int_equal(r.out, 0x80000567);
	assert_int_equal(r.in, va);	/* reported unstripped */
	/* TTB0 with EPD0: translation fault without a read */
	c.tt[0].epd = true;
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 1, 0);
	assert_int_equal(r.reads, 0);

	/*
	 * TTB1, 4K, 39-bit (T1SZ = 25, start L1) at 0x200000. VA
	 * 0xffff_ff80_4000_1000: VA[38:30] = 1, so L1 index 1; an L1
	 * block at 0xc000_0000 gives 0xc000_1000.
	 */
	c = s1_4k48();
	c.tt[1] = (struct pgt_s1_tt){ .ttb = 0x200000,
				      .granule = PGT_GRAN_4K, .tsz = 25 };
	w(0x200000 + 1 * 8, D_BLOCK(0xc0000000));
	va = 0xffffff8040001000ull;
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(va), PRD, &r), 0);
	assert_int_equal(r.out, 0xc0001000);
	assert_int_equal(r.reads, 1);
	/* bit 39 clear: below the TTB1 range */
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(va & ~(1ull << 39)), PRD,
				 &r), &r, PGT_FAULT_TRANSLATION, 1, 0);
	/* top byte tag on TTB1 needs TBI1 (bit 55 still selects TTB1) */
	va = 0x12ffff8040001000ull;
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(va), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 1, 0);
	c.tt[1].tbi = true;
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(va), PRD, &r), 0);
	assert_int_equal(r.out, 0xc0001000);
	/* EPD1 */
	c.tt[1].epd = true;
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(va), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 1, 0);
	/*
	 * TBI0 only, VA[55] = 1, VA[63] = 0: bit 63 decides (TBI1 off), so
	 * it is a TTB0 address whose bits above 48 are not zero.
	 */
	c = s1_4k48();
	c.tt[0].tbi = true;
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1 | (1ull << 55)), PRD,
				 &r), &r, PGT_FAULT_TRANSLATION, 1, 0);
}

static void test_s1_bad_config_walk(void **state)
{
	struct pgt_s1_cfg c = s1_4k48();
	struct pgt_result r;

	(void)state;
	chain_4k();
	w(0x103000 + 4 * 8, D_PAGE(0x80000000));
	c.tt[0].tsz = 12;	/* below 16: C_BAD_CD, walks fault */
	assert_int_equal(pgt_s1_cfg_check(&c), -VSMMU_ERR_INVAL);
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 1, 0);
	assert_int_equal(r.reads, 0);
	c.tt[0].tsz = 40;
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(0x1000), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 1, 0);
	/* 52-bit: refused, not walked */
	c = s1_4k48();
	c.ds = true;
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r),
			 -VSMMU_ERR_NOTSUPP);
	assert_int_equal(r.reads, 0);
	c = s1_4k48();
	c.ips = 52;
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r),
			 -VSMMU_ERR_NOTSUPP);
	/* bad arguments */
	c = s1_4k48();
	assert_int_equal(pgt_walk_s1(NULL, &mem, smmu_va(VA1), PRD, &r),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(pgt_walk_s1(&c, NULL, smmu_va(VA1), PRD, &r),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, NULL),
			 -VSMMU_ERR_INVAL);
	c.tt[0].granule = (enum pgt_granule)13;
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r),
			 -VSMMU_ERR_INVAL);
}

static void test_s1_ttb_alignment(void **state)
{
	struct pgt_s1_cfg c = s1_4k48();
	struct pgt_result r;

	(void)state;
	chain_4k();
	w(0x103000 + 4 * 8, D_PAGE(0x80000000));
	/* a 4 KiB start table: TTB bits [11:0] are ignored */
	c.tt[0].ttb = 0x100000 | 0xff0;
	assert_int_equal(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), 0);
	assert_int_equal(r.out, 0x80000567);
	/*
	 * 16K, 48-bit: the L0 table has two entries (VA[47]) but is 64-byte
	 * aligned, so TTB 0x300030 means 0x300000 and VA[47] = 1 reads
	 * 0x300008. Then L1 index VA[46:36] = 0 and an L1 block is not
	 * allowed with 16K: translation fault at level 1 after 2 reads.
	 */
	c.tt[0] = (struct pgt_s1_tt){ .ttb = 0x300030,
				      .granule = PGT_GRAN_16K, .tsz = 16 };
	w(0x300008, D_TABLE(0x304000));
	w(0x304000, D_BLOCK(0x1000000000ull));
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(1ull << 47), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 1, 1);
	assert_int_equal(r.reads, 2);
}

/*
 * Granule x level: the input bit ranges of facts §7.1, spelled out.
 * shift[l] is the lowest VA bit level l resolves, bits[l] how many.
 */
struct gran_row {
	enum pgt_granule g;
	unsigned int start;
	unsigned int shift[4];
	unsigned int bits[4];
	bool block[4];		/* block allowed at level (l < 3) */
};

static const struct gran_row gran_rows[] = {
	{ PGT_GRAN_4K, 0, { 39, 30, 21, 12 }, { 9, 9, 9, 9 },
	  { false, true, true, false } },
	{ PGT_GRAN_16K, 0, { 47, 36, 25, 14 }, { 1, 11, 11, 11 },
	  { false, false, true, false } },
	{ PGT_GRAN_64K, 1, { 0, 42, 29, 16 }, { 0, 6, 13, 13 },
	  { false, false, true, false } },
};

static void test_s1_granule_level_matrix(void **state)
{
	const uint64_t va = 0x0000a5a55a5a3cc8ull;

	(void)state;
	for (size_t gi = 0; gi < 3; gi++) {
		const struct gran_row *g = &gran_rows[gi];
		uint64_t gsz = 1ull << g->g;

		for (unsigned int leaf = g->start; leaf < 4; leaf++) {
			struct pgt_s1_cfg c = s1_4k48();
			uint64_t table = 0x1000000, oa, want;
			struct pgt_result r;
			int ret;

			fmem_fini(&M);
			c.tt[0].granule = g->g;
			c.tt[0].ttb = table;
			for (unsigned int l = g->start; l <= leaf; l++) {
				uint64_t idx = (va >> g->shift[l]) &
					       ((1ull << g->bits[l]) - 1);
				uint64_t ea = table + idx * 8;

				if (l == leaf) {
					/* a leaf at 1 TiB: aligned for all */
					oa = 1ull << 40;
					w(ea, l == 3 ? D_PAGE(oa) :
						       D_BLOCK(oa));
					break;
				}
				table += 16 * gsz;
				w(ea, D_TABLE(table));
			}
			ret = pgt_walk_s1(&c, &mem, smmu_va(va), PRD, &r);
			if (leaf < 3 && !g->block[leaf]) {
				expect_fault(ret, &r, PGT_FAULT_TRANSLATION, 1,
					     leaf);
			} else {
				want = (1ull << 40) |
				       (va & ((1ull << g->shift[leaf]) - 1));
				assert_int_equal(ret, 0);
				assert_int_equal(r.out, want);
				assert_int_equal(r.size_log2, g->shift[leaf]);
				assert_int_equal(r.level, leaf);
			}
			assert_int_equal(r.reads, leaf - g->start + 1);
		}
	}
}

/*
 * Stage 2, 4K, 40-bit IPA (S2T0SZ = 24), SL0 = 1: level 1 with two
 * concatenated tables at 0x400000 (8 KiB, 8 KiB aligned; facts §7.5).
 * IPA 0x80_4020_3000: IPA[39:30] = 0x201, entry 513 at 0x401008.
 */
static struct pgt_s2_cfg s2_4k40(void)
{
	return (struct pgt_s2_cfg){ .vttb = smmu_pa(0x400000),
				    .granule = PGT_GRAN_4K, .tsz = 24,
				    .sl0 = 1, .ps = 48 };
}

#define IPA1 0x8040203000ull

static void test_s2_concat(void **state)
{
	struct pgt_s2_cfg c = s2_4k40();
	struct pgt_result r;

	(void)state;
	w(0x401008, D_BLOCK(0x140000000ull) | D_S2R | D_S2W | D_MEMATTR(0xf) |
		    D_SH(2));
	assert_int_equal(pgt_walk_s2(&c, &mem, smmu_ipa(IPA1), PWR, &r), 0);
	assert_int_equal(r.out, 0x140203000ull);
	assert_int_equal(r.size_log2, 30);
	assert_int_equal(r.level, 1);
	assert_int_equal(r.s2_level, 1);
	assert_int_equal(r.reads, 1);
	assert_int_equal(r.s2_memattr, 0xf);
	assert_int_equal(r.s2_sh, 2);
	assert_int_equal(r.perm, PGT_PERM_ALL);
	/* VTTB bits below the 8 KiB start tables are ignored */
	c.vttb = smmu_pa(0x401000);
	assert_int_equal(pgt_walk_s2(&c, &mem, smmu_ipa(IPA1), PRD, &r), 0);
	assert_int_equal(r.out, 0x140203000ull);
	/* entry 1 of the first table: IPA 0x4020_3000 reads 0x400008 */
	c = s2_4k40();
	expect_fault(pgt_walk_s2(&c, &mem, smmu_ipa(0x40203000), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 2, 1);
	w(0x400008, D_TABLE(0x402000));
	w(0x402000 + 1 * 8, D_TABLE(0x403000));
	w(0x403000 + 3 * 8, D_PAGE(0x9000) | D_S2R);
	assert_int_equal(pgt_walk_s2(&c, &mem, smmu_ipa(0x40203000), PRD, &r),
			 0);
	assert_int_equal(r.out, 0x9000);
	assert_int_equal(r.reads, 3);
	assert_int_equal(r.level, 3);
	/* 16 tables (43-bit from L1) at 128 KiB: IPA bit 42 -> entry 4096 */
	c.tsz = 21;
	c.vttb = smmu_pa(0x800000);
	w(0x800000 + 4096 * 8, D_BLOCK(0x40000000) | D_S2R);
	assert_int_equal(pgt_walk_s2(&c, &mem, smmu_ipa(1ull << 42), PRD, &r),
			 0);
	assert_int_equal(r.out, 0x40000000);
	/* 32 tables would be needed for 44 bits: every walk faults */
	c.tsz = 20;
	expect_fault(pgt_walk_s2(&c, &mem, smmu_ipa(0x1000), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 2, 0);
	assert_int_equal(r.reads, 0);
}

static void test_s2_faults(void **state)
{
	struct pgt_s2_cfg c = s2_4k40();
	struct pgt_result r;

	(void)state;
	/* IPA >= 2^40: translation fault, no read, IPA reported */
	expect_fault(pgt_walk_s2(&c, &mem, smmu_ipa(1ull << 40), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 2, 0);
	assert_int_equal(r.fault.ipa.v, 1ull << 40);
	assert_int_equal(r.fault.cls, PGT_CLASS_IN);
	assert_int_equal(r.reads, 0);
	/* invalid at L1, L2, L3 */
	expect_fault(pgt_walk_s2(&c, &mem, smmu_ipa(IPA1), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 2, 1);
	assert_int_equal(r.fault.ipa.v, IPA1);
	w(0x401008, D_TABLE(0x500000));
	expect_fault(pgt_walk_s2(&c, &mem, smmu_ipa(IPA1), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 2, 2);
	/* IPA1[29:21] = 1, [20:12] = 3 */
	w(0x500000 + 1 * 8, D_TABLE(0x501000));
	expect_fault(pgt_walk_s2(&c, &mem, smmu_ipa(IPA1), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 2, 3);
	assert_int_equal(r.reads, 3);
	/* AF clear */
	w(0x501000 + 3 * 8, (D_PAGE(0x7000) | D_S2R) & ~D_AF);
	expect_fault(pgt_walk_s2(&c, &mem, smmu_ipa(IPA1 + 0x10), PRD, &r),
		     &r, PGT_FAULT_ACCESS, 2, 3);
	assert_int_equal(r.fault.ipa.v, IPA1 + 0x10);
	c.affd = true;
	assert_int_equal(pgt_walk_s2(&c, &mem, smmu_ipa(IPA1 + 0x10), PRD,
				     &r), 0);
	assert_int_equal(r.out, 0x7010);
	/* read-only: write is a permission fault */
	expect_fault(pgt_walk_s2(&c, &mem, smmu_ipa(IPA1), PWR, &r), &r,
		     PGT_FAULT_PERMISSION, 2, 3);
	assert_true(r.fault.write);
	/* output beyond PS */
	c.ps = 40;
	w(0x501000 + 3 * 8, D_PAGE(1ull << 40) | D_S2R);
	expect_fault(pgt_walk_s2(&c, &mem, smmu_ipa(IPA1), PRD, &r), &r,
		     PGT_FAULT_ADDR_SIZE, 2, 3);
	w(0x401008, D_TABLE(1ull << 44));
	expect_fault(pgt_walk_s2(&c, &mem, smmu_ipa(IPA1), PRD, &r), &r,
		     PGT_FAULT_ADDR_SIZE, 2, 1);
	/* external abort on the L2 fetch: stage 2, class IN */
	w(0x401008, D_TABLE(0x500000));
	M.rd_fail_lo = 0x500000;
	M.rd_fail_hi = 0x501000;
	expect_fault(pgt_walk_s2(&c, &mem, smmu_ipa(IPA1), PRD, &r), &r,
		     PGT_FAULT_WALK_EABT, 2, 2);
	assert_int_equal(r.fault.fetch_pa.v, 0x500008);
	assert_int_equal(r.fault.cls, PGT_CLASS_IN);
	assert_int_equal(r.fault.ipa.v, IPA1);
	/* blocks: no L0 (not reachable here), L1 and L2 fine, not L3 */
	M.rd_fail_hi = 0;
	w(0x500000 + 1 * 8, D_BLOCK(0x600000) | D_S2R);
	assert_int_equal(pgt_walk_s2(&c, &mem, smmu_ipa(IPA1), PRD, &r), 0);
	assert_int_equal(r.out, 0x603000);
	assert_int_equal(r.size_log2, 21);
	/* 52-bit */
	c.ds = true;
	assert_int_equal(pgt_walk_s2(&c, &mem, smmu_ipa(IPA1), PRD, &r),
			 -VSMMU_ERR_NOTSUPP);
}

/*
 * Stage 2, 64K granule, 48-bit, SL0 = 2 (L1, 6 bits [47:42]). IPA
 * 0x8420_1234_5678: [47:42] = 0x21, [41:29] = 0x100, [28:16] = 0x1234,
 * offset 0x5678.
 */
static void test_s2_64k(void **state)
{
	struct pgt_s2_cfg c = { .vttb = smmu_pa(0x2000000),
				.granule = PGT_GRAN_64K, .tsz = 16, .sl0 = 2,
				.ps = 48 };
	struct pgt_result r;
	const uint64_t ipa = 0x842012345678ull;

	(void)state;
	w(0x2000000 + 0x21 * 8, D_TABLE(0x2010000));
	w(0x2010000 + 0x100 * 8, D_TABLE(0x2020000));
	w(0x2020000 + 0x1234 * 8, D_PAGE(0x30000000) | D_S2R | D_S2W);
	assert_int_equal(pgt_walk_s2(&c, &mem, smmu_ipa(ipa), PWR, &r), 0);
	assert_int_equal(r.out, 0x30005678);
	assert_int_equal(r.size_log2, 16);
	assert_int_equal(r.reads, 3);
	/* an L1 block is not allowed with 64K */
	w(0x2000000 + 0x21 * 8, D_BLOCK(0));
	expect_fault(pgt_walk_s2(&c, &mem, smmu_ipa(ipa), PRD, &r), &r,
		     PGT_FAULT_TRANSLATION, 2, 1);
	/* an L2 block (512 MiB): out = base + IPA[28:0] */
	w(0x2000000 + 0x21 * 8, D_TABLE(0x2010000));
	w(0x2010000 + 0x100 * 8, D_BLOCK(0x40000000) | D_S2R);
	assert_int_equal(pgt_walk_s2(&c, &mem, smmu_ipa(ipa), PRD, &r), 0);
	assert_int_equal(r.out, 0x40000000 + (ipa & 0x1fffffff));
	assert_int_equal(r.size_log2, 29);
}

static void test_read_bound(void **state)
{
	struct pgt_s1_cfg c = s1_4k48();
	struct pgt_result r;

	(void)state;
	/* a self-referencing table never makes the walk loop */
	w(0x100000 + 1 * 8, D_TABLE(0x100000));
	w(0x100000 + 2 * 8, D_TABLE(0x100000));
	w(0x100000 + 3 * 8, D_TABLE(0x100000));
	w(0x100000 + 4 * 8, D_TABLE(0x100000));
	expect_fault(pgt_walk_s1(&c, &mem, smmu_va(VA1), PRD, &r), &r,
		     PGT_FAULT_ACCESS, 1, 3);	/* page with AF clear... */
	assert_int_equal(r.reads, 4);
	assert_int_equal(M.reads, 4);
}

/*
 * Garbage tables: every descriptor random but pointing back into a 1 MiB
 * region, random configurations and inputs. Whatever the contents, a walk
 * ends with 0 or a fault (or NOTSUPP/INVAL for such configurations) after
 * at most the architectural number of reads; ASan/UBSan watch the rest.
 */
static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void test_garbage_tables(void **state)
{
	static const enum pgt_granule gs[3] = { PGT_GRAN_4K, PGT_GRAN_16K,
						PGT_GRAN_64K };
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned int ok = 0, reads = 0;

	(void)state;
	for (uint64_t a = 0x100000; a < 0x200000; a += 8) {
		uint64_t d = (rnd(&x) & 0xfff00000000ff3ffull) |
			     (0x100000 + (rnd(&x) & 0xff000));

		/* mostly valid, mostly accessed: garbage that goes deep */
		if (rnd(&x) % 8)
			d |= 1 | (1ull << 10);
		w(a, d);
	}
	for (int i = 0; i < 20000; i++) {
		struct pgt_s1_cfg c = { .ips = (uint8_t)(32 + rnd(&x) % 17),
					.wxn = rnd(&x) & 1, .pan = rnd(&x) & 1,
					.affd = rnd(&x) & 1 };
		struct pgt_s2_cfg c2 = {
			.vttb = smmu_pa(0x100000 + (rnd(&x) & 0xfffff)),
			.granule = gs[rnd(&x) % 3],
			.tsz = (uint8_t)(16 + rnd(&x) % 24),
			.sl0 = (uint8_t)(rnd(&x) % 3),
			.ps = (uint8_t)(32 + rnd(&x) % 17),
			.xnx = rnd(&x) & 1, .ptw = rnd(&x) & 1,
		};
		struct pgt_access acc = {
			.type = (enum pgt_acc_type)(rnd(&x) % 3),
			.priv = rnd(&x) & 1,
		};
		uint64_t in = rnd(&x);
		struct pgt_result r;
		int ret;

		for (int h = 0; h < 2; h++)
			c.tt[h] = (struct pgt_s1_tt){
				.ttb = 0x100000 + (rnd(&x) & 0xfffff),
				.granule = gs[rnd(&x) % 3],
				.tsz = (uint8_t)(16 + rnd(&x) % 24),
				.epd = !(rnd(&x) % 8), .tbi = rnd(&x) & 1,
				.had = rnd(&x) & 1,
			};
		if (rnd(&x) & 1)
			in &= (1ull << (64 - c.tt[0].tsz)) - 1;
		ret = pgt_walk_s1(&c, &mem, smmu_va(in), acc, &r);
		assert_true(ret == 0 || ret == -VSMMU_ERR_FAULT);
		assert_true(r.reads <= 4);
		ok += !ret;
		reads += r.reads;
		ret = pgt_walk_s2(&c2, &mem,
				  smmu_ipa(in & ((1ull << (64 - c2.tsz)) - 1)),
				  acc, &r);
		assert_true(ret == 0 || ret == -VSMMU_ERR_FAULT);
		assert_true(r.reads <= 4);
		ok += !ret;
		reads += r.reads;
		ret = pgt_walk_nested(&c, &c2, &mem, smmu_va(in), acc, &r);
		assert_true(ret == 0 || ret == -VSMMU_ERR_FAULT);
		assert_true(r.reads <= 24);
		if (!ret)
			assert_true(r.size_log2 >= 12 && r.size_log2 <= 30);
		ok += !ret;
		reads += r.reads;
	}
	/* the garbage must exercise the walker, not stop it at the door */
	print_message("garbage: %u translations, %u reads\n", ok, reads);
	assert_true(ok > 2000);
	assert_true(reads > 20000);
}

/*
 * Every fault kind at every level it can arise, stage 1 and stage 2, over
 * the VA1 chain (4K, 48-bit, start L0; the stage-2 view reads the same
 * tables with IPA = VA1). ent[l] is the descriptor address read at level
 * l, tbl[l] the table address level l's descriptor points to.
 */
static const uint64_t ent[4] = { 0x100008, 0x101010, 0x102018, 0x103020 };
static const uint64_t nxt[3] = { 0x101000, 0x102000, 0x103000 };

static int walk_stage(unsigned int stage, struct pgt_result *r)
{
	struct pgt_s1_cfg c1 = s1_4k48();
	struct pgt_s2_cfg c2 = { .vttb = smmu_pa(0x100000),
				 .granule = PGT_GRAN_4K, .tsz = 16, .sl0 = 2,
				 .ps = 40 };

	c1.ips = 40;
	if (stage == 1)
		return pgt_walk_s1(&c1, &mem, smmu_va(VA1), PWR, r);
	return pgt_walk_s2(&c2, &mem, smmu_ipa(VA1), PWR, r);
}

/* Tables down to level `leaf`, then a leaf with bits set / cleared. */
static void build_to(unsigned int leaf, uint64_t oa, uint64_t set,
		     uint64_t clear)
{
	fmem_fini(&M);
	for (unsigned int l = 0; l < leaf; l++)
		w(ent[l], D_TABLE(nxt[l]));
	w(ent[leaf], ((leaf == 3 ? D_PAGE(oa) : D_BLOCK(oa)) | set) & ~clear);
}

static void test_fault_level_matrix(void **state)
{
	/* leaf OAs aligned for their level: 1 GiB, 2 MiB, 4 KiB */
	static const uint64_t oa[4] = { 0, 0x40000000, 0x40000000,
					0x40000000 };
	struct pgt_result r;

	(void)state;
	for (unsigned int st = 1; st <= 2; st++) {
		/* read-only leaf for a write: AP[2] / no S2AP[1] */
		uint64_t ro = st == 1 ? D_AP2 : D_S2R;
		uint64_t rw = st == 1 ? 0 : D_S2R | D_S2W;

		for (unsigned int l = 1; l <= 3; l++) {
			build_to(l, oa[l], rw, 0);
			assert_int_equal(walk_stage(st, &r), 0);
			assert_int_equal(r.level, l);
			assert_int_equal(r.reads, l + 1);
			/* access flag */
			build_to(l, oa[l], rw, D_AF);
			expect_fault(walk_stage(st, &r), &r,
				     PGT_FAULT_ACCESS, st, l);
			/* permission */
			build_to(l, oa[l], ro, 0);
			expect_fault(walk_stage(st, &r), &r,
				     PGT_FAULT_PERMISSION, st, l);
			/* leaf output at bit 40 with a 40-bit OA */
			build_to(l, oa[l] | (1ull << 40), rw, 0);
			expect_fault(walk_stage(st, &r), &r,
				     PGT_FAULT_ADDR_SIZE, st, l);
		}
		for (unsigned int l = 0; l <= 3; l++) {
			/* invalid descriptor at l */
			build_to(3, 0x40000000, rw, 0);
			w(ent[l], 0);
			expect_fault(walk_stage(st, &r), &r,
				     PGT_FAULT_TRANSLATION, st, l);
			assert_int_equal(r.reads, l + 1);
			/* external abort fetching level l */
			build_to(3, 0x40000000, rw, 0);
			M.rd_fail_lo = ent[l];
			M.rd_fail_hi = ent[l] + 8;
			expect_fault(walk_stage(st, &r), &r,
				     PGT_FAULT_WALK_EABT, st, l);
			assert_int_equal(r.fault.fetch_pa.v, ent[l]);
			M.rd_fail_hi = 0;
			if (l == 3)
				break;
			/* next-level table address beyond the OA size */
			w(ent[l], D_TABLE(nxt[l] | (1ull << 41)));
			expect_fault(walk_stage(st, &r), &r,
				     PGT_FAULT_ADDR_SIZE, st, l);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_s1_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_s1_blocks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_s1_invalid_each_level,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_s1_addr_size, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_s1_access_flag, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_s1_walk_eabt, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_s1_va_ranges, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_s1_bad_config_walk, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_s1_ttb_alignment, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_s1_granule_level_matrix,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_s2_concat, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_s2_faults, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_s2_64k, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_bound, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_garbage_tables, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fault_level_matrix, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
