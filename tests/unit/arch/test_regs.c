// SPDX-License-Identifier: MIT
/*
 * Tests of src/arch/regs.c and the register helpers of vsmmu/arch.h:
 * register widths (facts §1.1-1.2), OAS encodings (§2.4), register field
 * masks, GERROR toggles (§8.3) and 64-bit register halves (§1).
 * Every expectation is written out by hand from the facts sheet.
 */
#include "arch_test.h"

struct width_case {
	uint32_t off;
	unsigned int width;
};

/* facts §1.1 / §1.2, row by row */
static const struct width_case widths[] = {
	{ 0x000, 4 }, { 0x004, 4 }, { 0x008, 4 }, { 0x00C, 4 }, { 0x010, 4 },
	{ 0x014, 4 }, { 0x018, 4 }, { 0x01C, 4 }, { 0x020, 4 }, { 0x024, 4 },
	{ 0x028, 4 }, { 0x02C, 4 }, { 0x030, 8 }, { 0x034, 8 }, { 0x038, 0 },
	{ 0x03C, 0 }, { 0x040, 4 }, { 0x044, 4 }, { 0x048, 4 }, { 0x04C, 0 },
	{ 0x050, 4 }, { 0x054, 4 }, { 0x058, 0 }, { 0x05C, 0 }, { 0x060, 4 },
	{ 0x064, 4 }, { 0x068, 8 }, { 0x06C, 8 }, { 0x070, 4 }, { 0x074, 4 },
	{ 0x078, 0 }, { 0x07C, 0 }, { 0x080, 8 }, { 0x084, 8 }, { 0x088, 4 },
	{ 0x08C, 0 }, { 0x090, 8 }, { 0x094, 8 }, { 0x098, 4 }, { 0x09C, 4 },
	{ 0x0A0, 8 }, { 0x0A4, 8 }, { 0x0A8, 4 }, { 0x0AC, 4 }, { 0x0B0, 8 },
	{ 0x0B4, 8 }, { 0x0B8, 4 }, { 0x0BC, 4 }, { 0x0C0, 8 }, { 0x0C4, 8 },
	{ 0x0C8, 4 }, { 0x0CC, 4 }, { 0x0D0, 8 }, { 0x0D4, 8 }, { 0x0D8, 4 },
	{ 0x0DC, 4 }, { 0x0E0, 0 }, { 0x0FC, 0 }, { 0x100, 4 }, { 0x104, 0 },
	{ 0x108, 8 }, { 0x10C, 8 }, { 0x110, 8 }, { 0x114, 8 }, { 0x118, 8 },
	{ 0x11C, 8 }, { 0x120, 0 }, { 0x130, 4 }, { 0x134, 0 }, { 0x138, 4 },
	{ 0x13C, 4 }, { 0x180, 4 }, { 0x184, 0 }, { 0x190, 4 }, { 0x194, 0 },
	{ 0xE00, 0 }, { 0xFCC, 0 }, { 0xFD0, 4 }, { 0xFD4, 4 }, { 0xFD8, 4 },
	{ 0xFDC, 4 }, { 0xFE0, 4 }, { 0xFE4, 4 }, { 0xFE8, 4 }, { 0xFEC, 4 },
	{ 0xFF0, 4 }, { 0xFF4, 4 }, { 0xFF8, 4 }, { 0xFFC, 4 }, { 0x1000, 0 },
	{ 0x8000, 0 }, { 0x8020, 0 }, { 0xFFFC, 0 },
	/* page 1 */
	{ 0x10000, 0 }, { 0x10020, 0 }, { 0x10098, 0 }, { 0x100A0, 0 },
	{ 0x100A8, 4 }, { 0x100AC, 4 }, { 0x100B0, 0 }, { 0x100C8, 4 },
	{ 0x100CC, 4 }, { 0x100D0, 0 }, { 0x1FFFC, 0 },
	/* beyond the window, unaligned */
	{ 0x20000, 0 }, { 0x200A8, 0 }, { 0xFFFFFFFC, 0 }, { 0x001, 0 },
	{ 0x022, 0 }, { 0x081, 0 }, { 0x100A9, 0 },
};

static void test_reg_width(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		if (smmu_reg_width(widths[i].off) != widths[i].width)
			fail_msg("offset 0x%x: width %u, want %u", widths[i].off,
				 smmu_reg_width(widths[i].off), widths[i].width);
	}
}

/* Every 4-aligned page-0 offset not listed in facts §1.1 is 0. */
static void test_reg_width_undefined(void **state)
{
	unsigned int n = 0;
	uint32_t off;

	(void)state;
	for (off = 0; off < 0x20000; off += 4)
		if (smmu_reg_width(off))
			n++;
	/*
	 * Hand count: 32-bit registers IDR0..CR2 (12), STATUSR, GBPA, AGBPA,
	 * IRQ_CTRL, IRQ_CTRLACK, GERROR, GERRORN (7), three CFG1/CFG2 pairs
	 * (6), STRTAB_BASE_CFG, CMDQ_PROD, CMDQ_CONS (3), four page-0
	 * aliases (4), GATOS_CTRL, MPAMIDR, GMPAM, GBPMPAM, VATOS_SEL,
	 * IDR6 (6), ID_REGS (12) = 50 words; 64-bit registers S2PII,
	 * GERROR/EVENTQ/PRIQ_IRQ_CFG0, STRTAB/CMDQ/EVENTQ/PRIQ_BASE,
	 * GATOS_SID/ADDR/PAR = 11 registers = 22 words; page 1: 4.
	 */
	assert_int_equal(n, 50 + 22 + 4);
}

static void test_reg_offsets(void **state)
{
	(void)state;
	/* facts §1.1 / §1.2 */
	assert_int_equal(SMMU_CR0, 0x20);
	assert_int_equal(SMMU_GERROR_IRQ_CFG0, 0x68);
	assert_int_equal(SMMU_STRTAB_BASE_CFG, 0x88);
	assert_int_equal(SMMU_CMDQ_CONS, 0x9C);
	assert_int_equal(SMMU_EVENTQ_PROD, 0x100A8);
	assert_int_equal(SMMU_EVENTQ_CONS, 0x100AC);
	assert_int_equal(SMMU_PRIQ_PROD, 0x100C8);
	assert_int_equal(SMMU_PRIQ_CONS, 0x100CC);
	assert_int_equal(SMMU_PRIQ_IRQ_CFG2, 0xDC);
	assert_int_equal(SMMU_IDR6, 0x190);
	assert_int_equal(SMMU_CIDR3, 0xFFC);
}

/* Register field masks, each written out from facts §2 by hand. */
static void test_reg_fields(void **state)
{
	(void)state;
	assert_int_equal(SMMU_IDR0_S2P, 0x1);
	assert_int_equal(SMMU_IDR0_TTF, 0xC);
	assert_int_equal(SMMU_IDR0_HTTU, 0xC0);
	assert_int_equal(SMMU_IDR0_HYP, 0x200);
	assert_int_equal(SMMU_IDR0_ASID16, 0x1000);
	assert_int_equal(SMMU_IDR0_MSI, 0x2000);
	assert_int_equal(SMMU_IDR0_SEV, 0x4000);
	assert_int_equal(SMMU_IDR0_PRI, 0x10000);
	assert_int_equal(SMMU_IDR0_VMID16, 0x40000);
	assert_int_equal(SMMU_IDR0_CD2L, 0x80000);
	assert_int_equal(SMMU_IDR0_TTENDIAN, 0x600000);
	assert_int_equal(SMMU_IDR0_STALL_MODEL, 0x3000000);
	assert_int_equal(SMMU_IDR0_TERM_MODEL, 0x4000000);
	assert_int_equal(SMMU_IDR0_ST_LEVEL, 0x18000000);
	assert_int_equal(SMMU_IDR0_RME_IMPL, 0x40000000);
	assert_int_equal(SMMU_IDR1_SIDSIZE, 0x3F);
	assert_int_equal(SMMU_IDR1_SSIDSIZE, 0x7C0);
	assert_int_equal(SMMU_IDR1_PRIQS, 0xF800);
	assert_int_equal(SMMU_IDR1_EVENTQS, 0x1F0000);
	assert_int_equal(SMMU_IDR1_CMDQS, 0x3E00000);
	assert_int_equal(SMMU_IDR1_TABLES_PRESET, 0x40000000);
	assert_int_equal(SMMU_IDR1_ECMDQ, 0x80000000u);
	assert_int_equal(SMMU_IDR3_HAD, 0x4);
	assert_int_equal(SMMU_IDR3_RIL, 0x400);
	assert_int_equal(SMMU_IDR3_BBML, 0x1800);
	assert_int_equal(SMMU_IDR3_AIE, 0x800000);
	assert_int_equal(SMMU_IDR5_OAS, 0x7);
	assert_int_equal(SMMU_IDR5_GRAN4K, 0x10);
	assert_int_equal(SMMU_IDR5_GRAN64K, 0x40);
	assert_int_equal(SMMU_IDR5_VAX, 0xC00);
	assert_int_equal(SMMU_IDR5_STALL_MAX, 0xFFFF0000u);
	assert_int_equal(SMMU_IIDR_PRODUCTID, 0xFFF00000u);
	assert_int_equal(SMMU_IIDR_IMPLEMENTER, 0xFFF);
	assert_int_equal(SMMU_AIDR_MAJOR, 0xF0);
	assert_int_equal(SMMU_CR0_CMDQEN, 0x8);
	assert_int_equal(SMMU_CR0_ATSCHK, 0x10);
	assert_int_equal(SMMU_CR0_VMW, 0x1C0);
	assert_int_equal(SMMU_CR0_DPT_WALK_EN, 0x400);
	assert_int_equal(SMMU_CR1_TABLE_SH, 0xC00);
	assert_int_equal(SMMU_CR1_QUEUE_OC, 0xC);
	assert_int_equal(SMMU_CR2_PTM, 0x4);
	assert_int_equal(SMMU_CR2_REC_CFG_ATS, 0x8);
	assert_int_equal(SMMU_GBPA_SHCFG, 0x3000);
	assert_int_equal(SMMU_GBPA_ALLOCCFG, 0xF00);
	assert_int_equal(SMMU_GBPA_INSTCFG, 0xC0000);
	assert_int_equal(SMMU_GBPA_ABORT, 0x100000);
	assert_int_equal(SMMU_GBPA_UPDATE, 0x80000000u);
	assert_int_equal(SMMU_IRQ_CTRL_EVENTQ_IRQEN, 0x4);
	assert_int_equal(SMMU_GERROR_EVENTQ_ABT_ERR, 0x4);
	assert_int_equal(SMMU_GERROR_SFM_ERR, 0x100);
	assert_int_equal(SMMU_GERROR_DPT_ERR, 0x400);
	assert_true(SMMU_IRQ_CFG0_ADDR == 0x00FFFFFFFFFFFFFCull);
	assert_int_equal(SMMU_IRQ_CFG2_SH, 0x30);
	assert_int_equal(SMMU_IRQ_CFG2_LO, 0x80000000u);
	assert_true(SMMU_STRTAB_BASE_ADDR == 0x00FFFFFFFFFFFFC0ull);
	assert_true(SMMU_STRTAB_BASE_RA == 0x4000000000000000ull);
	assert_int_equal(SMMU_STRTAB_BASE_CFG_SPLIT, 0x7C0);
	assert_int_equal(SMMU_STRTAB_BASE_CFG_FMT, 0x30000);
	assert_true(SMMU_Q_BASE_ADDR == 0x00FFFFFFFFFFFFE0ull);
	assert_int_equal(SMMU_Q_BASE_LOG2SIZE, 0x1F);
	assert_int_equal(SMMU_Q_IDX_WRP, 0xFFFFF);
	assert_int_equal(SMMU_CMDQ_CONS_ERR, 0x7F000000);
	assert_int_equal(SMMU_Q_OVF, 0x80000000u);
	/* PRI queue entry, facts §6.5 */
	assert_true(SMMU_PRI0_SSID == 0x000FFFFF00000000ull);
	assert_true(SMMU_PRI0_LAST == (1ull << 62));
	assert_true(SMMU_PRI1_ADDR == 0xFFFFFFFFFFFFF000ull);
}

static void test_oas(void **state)
{
	static const unsigned int bits[8] = { 32, 36, 40, 42, 44, 48, 52, 56 };
	unsigned int e;

	(void)state;
	for (e = 0; e < 8; e++) {
		assert_int_equal(smmu_oas_bits(e), bits[e]);
		assert_int_equal(smmu_oas_encode(bits[e]), e);
	}
	assert_int_equal(smmu_oas_bits(8), 0);
	assert_int_equal(smmu_oas_bits(~0u), 0);
	/* largest encoding not above the size */
	assert_int_equal(smmu_oas_encode(47), 4);   /* 44 */
	assert_int_equal(smmu_oas_encode(41), 2);   /* 40 */
	assert_int_equal(smmu_oas_encode(64), 7);   /* 56 */
	assert_int_equal(smmu_oas_encode(~0u), 7);
	assert_int_equal(smmu_oas_encode(33), 0);
	assert_int_equal(smmu_oas_encode(0), 0);
}

static void test_gerror(void **state)
{
	(void)state;
	/* nothing active: raising toggles */
	assert_int_equal(smmu_gerror_raise(0x0, 0x0, 0x1), 0x1);
	assert_int_equal(smmu_gerror_active(0x1, 0x0), 0x1);
	/* already active (GERROR != GERRORN): no second toggle */
	assert_int_equal(smmu_gerror_raise(0x1, 0x0, 0x1), 0x1);
	/* acknowledged (GERRORN == GERROR = 1): raising toggles back to 0 */
	assert_int_equal(smmu_gerror_raise(0x1, 0x1, 0x1), 0x0);
	assert_int_equal(smmu_gerror_active(0x0, 0x1), 0x1);
	/* mixed: bit 0 active, bit 2 idle at 1, bit 8 idle at 0 */
	assert_int_equal(smmu_gerror_raise(0x5, 0x4, 0x105), 0x101);
	assert_int_equal(smmu_gerror_active(0x101, 0x4), 0x105);
	assert_int_equal(smmu_gerror_active(0x1FD, 0x1FD), 0);
}

static void test_reg64(void **state)
{
	uint64_t r = 0x1122334455667788ull;

	(void)state;
	/* low half: offset 0, 32-bit */
	assert_true(smmu_reg64_merge(r, 0x80, 4, 0xAABBCCDDull) ==
		    0x11223344AABBCCDDull);
	/* upper bits of a 32-bit value are dropped */
	assert_true(smmu_reg64_merge(r, 0x80, 4, 0xFFFFFFFFAABBCCDDull) ==
		    0x11223344AABBCCDDull);
	/* high half: offset + 4 */
	assert_true(smmu_reg64_merge(r, 0x84, 4, 0xAABBCCDDull) ==
		    0xAABBCCDD55667788ull);
	assert_true(smmu_reg64_merge(r, 0x10084, 4, 0x1FFFFFFFFull) ==
		    0xFFFFFFFF55667788ull);
	/* whole register */
	assert_true(smmu_reg64_merge(r, 0x80, 8, 0x0123456789ABCDEFull) ==
		    0x0123456789ABCDEFull);
	assert_true(smmu_reg64_extract(r, 0x80, 4) == 0x55667788ull);
	assert_true(smmu_reg64_extract(r, 0x84, 4) == 0x11223344ull);
	assert_true(smmu_reg64_extract(r, 0x80, 8) == r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reg_width),
		cmocka_unit_test(test_reg_width_undefined),
		cmocka_unit_test(test_reg_offsets),
		cmocka_unit_test(test_reg_fields),
		cmocka_unit_test(test_oas),
		cmocka_unit_test(test_gerror),
		cmocka_unit_test(test_reg64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
