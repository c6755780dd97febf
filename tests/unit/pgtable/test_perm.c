// SPDX-License-Identifier: MIT
/*
 * Tests of src/pgtable/perm.c through the walker: the stage-1 AP / PXN /
 * UXN / APTable / PXNTable / UXNTable / HAD / WXN / PAN matrix and the
 * stage-2 S2AP / XN / XNX matrix. Each expected permission set is worked
 * out by hand from facts §7.2-7.4 and the Arm ARM rules quoted per row.
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

#define PR PGT_PERM_PR
#define PW PGT_PERM_PW
#define PX PGT_PERM_PX
#define UR PGT_PERM_UR
#define UW PGT_PERM_UW
#define UX PGT_PERM_UX

struct s1_row {
	const char *what;
	uint64_t leaf;		/* AP / XN bits of the L2 block */
	uint64_t table;		/* hierarchical bits of the L1 entry */
	bool wxn, pan, had;
	unsigned int perm;	/* expected grant */
};

static const struct s1_row s1_rows[] = {
	/* AP[2:1] = 00: EL1 RW, EL0 none; EL0 may still execute (UXN=0) */
	{ "AP00", 0, 0, false, false, false, PR | PW | PX | UX },
	/* 01: RW for both; EL0-writable means PXN (Arm ARM) */
	{ "AP01", D_AP1, 0, false, false, false, PR | PW | UR | UW | UX },
	{ "AP10", D_AP2, 0, false, false, false, PR | PX | UX },
	{ "AP11", D_AP2 | D_AP1, 0, false, false, false, PR | UR | PX | UX },
	{ "AP11 PXN", D_AP2 | D_AP1 | D_PXN, 0, false, false, false,
	  PR | UR | UX },
	{ "AP11 UXN", D_AP2 | D_AP1 | D_UXN, 0, false, false, false,
	  PR | UR | PX },
	{ "AP11 PXN UXN", D_AP2 | D_AP1 | D_PXN | D_UXN, 0, false, false,
	  false, PR | UR },
	/* WXN: writable at a level means not executable at that level */
	{ "AP00 WXN", 0, 0, true, false, false, PR | PW | UX },
	{ "AP10 WXN", D_AP2, 0, true, false, false, PR | PX | UX },
	{ "AP01 WXN", D_AP1, 0, true, false, false, PR | PW | UR | UW },
	/* PAN: no privileged data access to EL0-accessible pages */
	{ "AP11 PAN", D_AP2 | D_AP1, 0, false, true, false, UR | PX | UX },
	{ "AP01 PAN", D_AP1, 0, false, true, false, UR | UW | UX },
	{ "AP00 PAN", 0, 0, false, true, false, PR | PW | PX | UX },
	/* APTable[1]: read-only below; then nothing EL0-writable: PX ok */
	{ "AP01 APTable RO", D_AP1, T_RO, false, false, false,
	  PR | UR | PX | UX },
	/* APTable[0]: no EL0 data access below */
	{ "AP01 APTable NOEL0", D_AP1, T_NOEL0, false, false, false,
	  PR | PW | PX | UX },
	{ "AP01 APTable both", D_AP1, T_RO | T_NOEL0, false, false, false,
	  PR | PX | UX },
	{ "AP11 PXNTable", D_AP2 | D_AP1, T_PXN, false, false, false,
	  PR | UR | UX },
	{ "AP11 UXNTable", D_AP2 | D_AP1, T_UXN, false, false, false,
	  PR | UR | PX },
	/* HAD: every hierarchical bit ignored */
	{ "AP01 HAD", D_AP1, T_RO | T_NOEL0 | T_PXN | T_UXN, false, false,
	  true, PR | PW | UR | UW | UX },
	/* APTable NOEL0 removes EL0 access, so PAN has nothing to act on */
	{ "AP11 NOEL0 PAN", D_AP2 | D_AP1, T_NOEL0, false, true, false,
	  PR | PX | UX },
};

static const struct pgt_access accs[6] = {
	ACC(PGT_ACC_READ, true), ACC(PGT_ACC_WRITE, true),
	ACC(PGT_ACC_EXEC, true), ACC(PGT_ACC_READ, false),
	ACC(PGT_ACC_WRITE, false), ACC(PGT_ACC_EXEC, false),
};
static const unsigned int acc_bit[6] = { PR, PW, PX, UR, UW, UX };

static void test_s1_matrix(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(s1_rows) / sizeof(s1_rows[0]); i++) {
		const struct s1_row *row = &s1_rows[i];
		/* 4K, 39-bit: start L1; VA 0x1000 uses entry 0 twice */
		struct pgt_s1_cfg c = { .ips = 48, .wxn = row->wxn,
					.pan = row->pan };

		c.tt[0] = (struct pgt_s1_tt){ .ttb = 0x100000,
					      .granule = PGT_GRAN_4K,
					      .tsz = 25, .had = row->had };
		c.tt[1].epd = true;
		fmem_init(&M, 0x10000000);
		mem = fmem_mem(&M);
		fmem_wr64(&M, 0x100000, D_TABLE(0x101000) | row->table);
		fmem_wr64(&M, 0x101000, D_BLOCK(0x40000000) | row->leaf);
		for (unsigned int a = 0; a < 6; a++) {
			struct pgt_result r;
			int ret = pgt_walk_s1(&c, &mem, smmu_va(0x1000),
					      accs[a], &r);
			bool want = row->perm & acc_bit[a];

			if (want && ret)
				fail_msg("%s: access %u refused (%d)",
					 row->what, a, ret);
			if (!want && (ret != -VSMMU_ERR_FAULT ||
				      r.fault.type != PGT_FAULT_PERMISSION ||
				      r.fault.level != 2 || r.fault.stage != 1))
				fail_msg("%s: access %u allowed or wrong fault",
					 row->what, a);
			if (!ret && r.perm != row->perm)
				fail_msg("%s: perm %#x, want %#x", row->what,
					 r.perm, row->perm);
		}
		fmem_fini(&M);
	}
}

struct s2_row {
	const char *what;
	uint64_t leaf;
	bool xnx;
	unsigned int perm;
};

static const struct s2_row s2_rows[] = {
	/* S2AP = 00: no data access; execution is XN's alone (Arm ARM) */
	{ "S2AP00", 0, false, PX | UX },
	{ "S2AP01 RO", D_S2R, false, PR | UR | PX | UX },
	{ "S2AP10 WO", D_S2W, false, PW | UW | PX | UX },
	{ "S2AP11", D_S2R | D_S2W, false, PR | PW | PX | UR | UW | UX },
	{ "XN[1]", D_S2R | D_S2W | D_S2XN1, false, PR | PW | UR | UW },
	/* without XNX, bit 53 means nothing */
	{ "XN[0] no XNX", D_S2R | D_S2W | D_S2XN0, false,
	  PR | PW | PX | UR | UW | UX },
	/* with XNX: 01 not at EL1, 10 nowhere, 11 not at EL0 (facts §7.4) */
	{ "XN=01", D_S2R | D_S2W | D_S2XN0, true, PR | PW | UR | UW | UX },
	{ "XN=10", D_S2R | D_S2W | D_S2XN1, true, PR | PW | UR | UW },
	{ "XN=11", D_S2R | D_S2W | D_S2XN1 | D_S2XN0, true,
	  PR | PW | UR | UW | PX },
};

static void test_s2_matrix(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(s2_rows) / sizeof(s2_rows[0]); i++) {
		const struct s2_row *row = &s2_rows[i];
		/* 4K, 30-bit IPA from L2 (SL0 = 0): one read */
		struct pgt_s2_cfg c = { .vttb = smmu_pa(0x100000),
					.granule = PGT_GRAN_4K, .tsz = 34,
					.sl0 = 0, .ps = 48, .xnx = row->xnx };

		fmem_init(&M, 0x10000000);
		mem = fmem_mem(&M);
		fmem_wr64(&M, 0x100000, D_BLOCK(0x40000000) | row->leaf);
		for (unsigned int a = 0; a < 6; a++) {
			struct pgt_result r;
			int ret = pgt_walk_s2(&c, &mem, smmu_ipa(0x1000),
					      accs[a], &r);
			bool want = row->perm & acc_bit[a];

			if (want && ret)
				fail_msg("%s: access %u refused (%d)",
					 row->what, a, ret);
			if (!want && (ret != -VSMMU_ERR_FAULT ||
				      r.fault.type != PGT_FAULT_PERMISSION ||
				      r.fault.stage != 2 ||
				      r.fault.ipa.v != 0x1000))
				fail_msg("%s: access %u allowed or wrong fault",
					 row->what, a);
			if (!ret && r.perm != row->perm)
				fail_msg("%s: perm %#x, want %#x", row->what,
					 r.perm, row->perm);
		}
		fmem_fini(&M);
	}
}

static void test_perm_allows(void **state)
{
	(void)state;
	assert_true(pgt_perm_allows(PR, PRD));
	assert_false(pgt_perm_allows(PR, URD));
	assert_true(pgt_perm_allows(UW, UWR));
	assert_false(pgt_perm_allows(PW | UR, UWR));
	assert_true(pgt_perm_allows(UX, UEX));
	assert_false(pgt_perm_allows(UX, PEX));
	assert_false(pgt_perm_allows(0, PRD));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s1_matrix),
		cmocka_unit_test(test_s2_matrix),
		cmocka_unit_test(test_perm_allows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
