// SPDX-License-Identifier: MIT
/* src/vsmmu/regs.c: ID registers, access rules, guards, page 1, GBPA. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "fakes/vsmmu_fake_host.h"

#define CR0_ALL ((uint32_t)(SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN | \
			    SMMU_CR0_CMDQEN))

static void test_linux_reset(void **state)
{
	struct vfx_layout lay;
	struct vfx f;
	uint32_t idr0, idr1, iidr;

	(void)state;
	vfx_init(&f, 4 << 20);
	vfx_create(&f);
	vfx_default_layout(&lay);
	vfx_linux_reset(&f, &lay);
	assert_int_equal(vfx_rd32(&f, SMMU_CR0), CR0_ALL);
	assert_int_equal(vfx_rd32(&f, SMMU_CR0ACK), CR0_ALL);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR), 0);

	idr0 = vfx_rd32(&f, SMMU_IDR0);
	assert_true(idr0 & SMMU_IDR0_S1P);
	assert_false(idr0 & SMMU_IDR0_S2P);
	assert_false(idr0 & SMMU_IDR0_HYP);
	assert_false(idr0 & SMMU_IDR0_BTM);
	assert_false(idr0 & SMMU_IDR0_PRI);
	assert_false(idr0 & SMMU_IDR0_ATS);
	assert_false(idr0 & SMMU_IDR0_VMID16);
	assert_true(idr0 & SMMU_IDR0_MSI);
	assert_true(idr0 & SMMU_IDR0_SEV);
	assert_true(idr0 & SMMU_IDR0_COHACC);
	assert_true(idr0 & SMMU_IDR0_CD2L);
	assert_true(idr0 & SMMU_IDR0_ASID16);
	assert_int_equal(smmu_field_get(SMMU_IDR0_ST_LEVEL, idr0),
			 SMMU_IDR0_ST_LEVEL_2LVL);
	assert_int_equal(smmu_field_get(SMMU_IDR0_STALL_MODEL, idr0),
			 SMMU_IDR0_STALL_MODEL_NOSTALL);
	assert_int_equal(smmu_field_get(SMMU_IDR0_TTF, idr0),
			 SMMU_IDR0_TTF_AA64);
	idr1 = vfx_rd32(&f, SMMU_IDR1);
	assert_int_equal(smmu_field_get(SMMU_IDR1_SIDSIZE, idr1), 16);
	assert_int_equal(smmu_field_get(SMMU_IDR1_SSIDSIZE, idr1), 20);
	assert_int_equal(smmu_field_get(SMMU_IDR1_CMDQS, idr1), 19);
	assert_int_equal(smmu_field_get(SMMU_IDR1_EVENTQS, idr1), 19);
	assert_int_equal(smmu_field_get(SMMU_IDR1_PRIQS, idr1), 0);
	/* No errata workaround applies: not Arm's MMU-600/700. */
	iidr = vfx_rd32(&f, SMMU_IIDR);
	assert_int_not_equal(smmu_field_get(SMMU_IIDR_IMPLEMENTER, iidr),
			     SMMU_IIDR_IMPLEMENTER_ARM);
	assert_int_not_equal(smmu_field_get(SMMU_IIDR_PRODUCTID, iidr),
			     SMMU_IIDR_PRODUCTID_MMU700);
	assert_int_equal(vfx_rd32(&f, SMMU_AIDR), 2);
	assert_false(vfx_rd32(&f, SMMU_IDR3) & SMMU_IDR3_XNX);
	assert_true(vfx_rd32(&f, SMMU_IDR3) & SMMU_IDR3_RIL);
	vfx_fini(&f);
}

/* The ID registers follow the physical SMMUs' intersection. */
static void test_idr_from_backend(void **state)
{
	struct vfx f;
	uint32_t idr0, idr5;

	(void)state;
	vfx_init(&f, 1 << 20);
	f.mock.idr[0] &= ~(uint32_t)(SMMU_IDR0_ASID16 | SMMU_IDR0_CD2L);
	f.mock.idr[1] = (uint32_t)smmu_field_set(SMMU_IDR1_SSIDSIZE,
						 f.mock.idr[1], 5);
	f.mock.idr[3] &= ~(uint32_t)SMMU_IDR3_RIL;
	f.mock.idr[5] &= ~(uint32_t)SMMU_IDR5_GRAN16K;
	f.mock.idr[5] = (uint32_t)smmu_field_set(SMMU_IDR5_OAS, f.mock.idr[5],
						 SMMU_OAS_40);
	f.ops.sev = NULL;
	f.ops.msi_write = NULL;
	f.cfg.sid_bits = 12;
	vfx_create(&f);
	idr0 = vfx_rd32(&f, SMMU_IDR0);
	assert_false(idr0 & SMMU_IDR0_ASID16);
	assert_false(idr0 & SMMU_IDR0_CD2L);
	assert_false(idr0 & SMMU_IDR0_MSI);
	assert_false(idr0 & SMMU_IDR0_SEV);
	assert_int_equal(smmu_field_get(SMMU_IDR1_SSIDSIZE,
					vfx_rd32(&f, SMMU_IDR1)), 5);
	assert_int_equal(smmu_field_get(SMMU_IDR1_SIDSIZE,
					vfx_rd32(&f, SMMU_IDR1)), 12);
	idr5 = vfx_rd32(&f, SMMU_IDR5);
	assert_false(idr5 & SMMU_IDR5_GRAN16K);
	assert_true(idr5 & SMMU_IDR5_GRAN4K);
	assert_int_equal(smmu_field_get(SMMU_IDR5_OAS, idr5), SMMU_OAS_40);
	assert_false(vfx_rd32(&f, SMMU_IDR3) & SMMU_IDR3_RIL);
	/* No v3.2 claim without RIL. */
	assert_int_equal(vfx_rd32(&f, SMMU_AIDR), 1);
	/* Without MSI the IRQ_CFG registers are RAZ/WI. */
	vfx_wr64(&f, SMMU_EVENTQ_IRQ_CFG0, 0x1000);
	assert_int_equal(vfx_rd64(&f, SMMU_EVENTQ_IRQ_CFG0), 0);
	vfx_fini(&f);
}

static void test_access_sizes(void **state)
{
	struct vfx f;
	uint64_t v;

	(void)state;
	vfx_init(&f, 1 << 20);
	vfx_create(&f);
	/* 64-bit access to a 32-bit register: RAZ/WI, not an error. */
	v = 0x1234;
	assert_int_equal(vsmmu_mmio_read(f.v, SMMU_IDR0, 8, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(vsmmu_mmio_write(f.v, SMMU_CR0, 8, 0xd), 0);
	assert_int_equal(vfx_rd32(&f, SMMU_CR0ACK), 0);
	/* Sizes other than 4 and 8, and unaligned accesses. */
	v = 0x1234;
	assert_int_equal(vsmmu_mmio_read(f.v, SMMU_IDR0, 2, &v), 0);
	assert_int_equal(v, 0);
	v = 0x1234;
	assert_int_equal(vsmmu_mmio_read(f.v, SMMU_IDR0 + 1, 4, &v), 0);
	assert_int_equal(v, 0);
	v = 0x1234;
	assert_int_equal(vsmmu_mmio_read(f.v, SMMU_STRTAB_BASE + 4, 8, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(vsmmu_mmio_write(f.v, SMMU_CR0, 1, 0xd), 0);
	assert_int_equal(vfx_rd32(&f, SMMU_CR0), 0);
	/* Outside the window: the trap handler's bug. */
	v = 0x1234;
	assert_int_equal(vsmmu_mmio_read(f.v, SMMU_MMIO_SIZE, 4, &v),
			 -VSMMU_ERR_RANGE);
	assert_int_equal(v, 0);
	assert_int_equal(vsmmu_mmio_write(f.v, SMMU_MMIO_SIZE + 8, 4, 0),
			 -VSMMU_ERR_RANGE);
	assert_int_equal(vsmmu_mmio_read(f.v, 0, 4, NULL), -VSMMU_ERR_INVAL);

	/* 64-bit registers: one 64-bit access or either 32-bit half. */
	vfx_wr32(&f, SMMU_STRTAB_BASE, 0x12345640);
	vfx_wr32(&f, SMMU_STRTAB_BASE + 4, 0x40000012);
	assert_int_equal(vfx_rd64(&f, SMMU_STRTAB_BASE),
			 0x4000001212345640ull);
	assert_int_equal(vfx_rd32(&f, SMMU_STRTAB_BASE + 4), 0x40000012);
	assert_int_equal(vfx_rd32(&f, SMMU_STRTAB_BASE), 0x12345640);
	/* RES0 bits are dropped. */
	vfx_wr64(&f, SMMU_STRTAB_BASE, ~0ull);
	assert_int_equal(vfx_rd64(&f, SMMU_STRTAB_BASE),
			 SMMU_STRTAB_BASE_RA | SMMU_STRTAB_BASE_ADDR);

	/* Undefined offsets and read-only registers: RAZ/WI. */
	vfx_wr32(&f, 0x0f00, 0xffffffff);
	assert_int_equal(vfx_rd32(&f, 0x0f00), 0);
	vfx_wr32(&f, SMMU_IDR0, 0);
	assert_int_not_equal(vfx_rd32(&f, SMMU_IDR0), 0);
	vfx_wr32(&f, SMMU_GERROR, 0xffffffff);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR), 0);
	vfx_wr32(&f, SMMU_CR0ACK, 0xd);
	assert_int_equal(vfx_rd32(&f, SMMU_CR0ACK), 0);
	assert_int_equal(vfx_rd32(&f, SMMU_STATUSR), 0);
	/* PRIQ is not implemented. */
	vfx_wr64(&f, SMMU_PRIQ_BASE, 0x10000);
	assert_int_equal(vfx_rd64(&f, SMMU_PRIQ_BASE), 0);
	vfx_fini(&f);
}

static void test_cr0_ack_masked(void **state)
{
	struct vfx f;

	(void)state;
	vfx_init(&f, 1 << 20);
	vfx_create(&f);
	vfx_wr32(&f, SMMU_CR0, 0xffffffff);
	/* ACK reflects at once, masked to what is implemented. */
	assert_int_equal(vfx_rd32(&f, SMMU_CR0ACK), CR0_ALL);
	assert_int_equal(vfx_rd32(&f, SMMU_CR0), CR0_ALL);
	vfx_wr32(&f, SMMU_IRQ_CTRL, 0xffffffff);
	assert_int_equal(vfx_rd32(&f, SMMU_IRQ_CTRLACK),
			 SMMU_IRQ_CTRL_GERROR_IRQEN |
			 SMMU_IRQ_CTRL_EVENTQ_IRQEN);
	vfx_fini(&f);
}

static void test_guarded_registers(void **state)
{
	struct vfx_layout lay;
	struct vfx f;
	uint64_t base;

	(void)state;
	vfx_init(&f, 4 << 20);
	vfx_create(&f);
	vfx_default_layout(&lay);
	vfx_linux_reset(&f, &lay);

	/* SMMUEN = 1: stream table registers and CR2 frozen. */
	base = vfx_rd64(&f, SMMU_STRTAB_BASE);
	vfx_wr64(&f, SMMU_STRTAB_BASE, 0x300000);
	vfx_wr32(&f, SMMU_STRTAB_BASE + 4, 0x1);
	assert_int_equal(vfx_rd64(&f, SMMU_STRTAB_BASE), base);
	vfx_wr32(&f, SMMU_STRTAB_BASE_CFG, 3);
	assert_int_equal(vfx_rd32(&f, SMMU_STRTAB_BASE_CFG), 8);
	vfx_wr32(&f, SMMU_CR2, 0);
	assert_int_equal(vfx_rd32(&f, SMMU_CR2),
			 SMMU_CR2_PTM | SMMU_CR2_RECINVSID);

	/* CMDQEN = 1: CMDQ_BASE and CMDQ_CONS frozen, PROD writable. */
	base = vfx_rd64(&f, SMMU_CMDQ_BASE);
	vfx_wr64(&f, SMMU_CMDQ_BASE, 0x300000 | 4);
	assert_int_equal(vfx_rd64(&f, SMMU_CMDQ_BASE), base);
	vfx_wr32(&f, SMMU_CMDQ_CONS, 0x17);
	assert_int_equal(vfx_rd32(&f, SMMU_CMDQ_CONS), f.prod);

	/* EVENTQEN = 1: EVENTQ_BASE and EVENTQ_PROD frozen, CONS not. */
	base = vfx_rd64(&f, SMMU_EVENTQ_BASE);
	vfx_wr64(&f, SMMU_EVENTQ_BASE, 0x300000 | 4);
	assert_int_equal(vfx_rd64(&f, SMMU_EVENTQ_BASE), base);
	vfx_wr32(&f, SMMU_EVENTQ_PROD, 5);
	assert_int_equal(vfx_rd32(&f, SMMU_EVENTQ_PROD), 0);
	vfx_wr32(&f, SMMU_EVENTQ_CONS, (uint32_t)SMMU_Q_OVF);
	assert_int_equal(vfx_rd32(&f, SMMU_EVENTQ_CONS), SMMU_Q_OVF);
	vfx_wr32(&f, SMMU_EVENTQ_CONS, 0);

	/* IRQ_CFG frozen while the source is enabled. */
	vfx_wr64(&f, SMMU_EVENTQ_IRQ_CFG0, 0x9000);
	vfx_wr32(&f, SMMU_EVENTQ_IRQ_CFG1, 0x99);
	assert_int_equal(vfx_rd64(&f, SMMU_EVENTQ_IRQ_CFG0), 0);
	assert_int_equal(vfx_rd32(&f, SMMU_EVENTQ_IRQ_CFG1), 0x22);
	vfx_wr32(&f, SMMU_IRQ_CTRL, SMMU_IRQ_CTRL_GERROR_IRQEN);
	vfx_wr64(&f, SMMU_EVENTQ_IRQ_CFG0, 0x9003);
	assert_int_equal(vfx_rd64(&f, SMMU_EVENTQ_IRQ_CFG0), 0x9000);
	vfx_wr64(&f, SMMU_GERROR_IRQ_CFG0, 0x9000);
	assert_int_equal(vfx_rd64(&f, SMMU_GERROR_IRQ_CFG0), 0);

	/* After disabling, everything is writable again. */
	vfx_wr32(&f, SMMU_CR0, 0);
	vfx_wr64(&f, SMMU_STRTAB_BASE, 0x300000);
	assert_int_equal(vfx_rd64(&f, SMMU_STRTAB_BASE), 0x300000);
	vfx_wr32(&f, SMMU_CMDQ_CONS, 0x3);
	assert_int_equal(vfx_rd32(&f, SMMU_CMDQ_CONS), 0x3);
	vfx_wr32(&f, SMMU_EVENTQ_PROD, 5);
	assert_int_equal(vfx_rd32(&f, SMMU_EVENTQ_PROD), 5);
	assert_true(f.guest_logs > 0);
	vfx_fini(&f);
}

/* EVENTQ_BASE's clamp uses EVENTQS and never touches the command queue. */
static void test_queue_size_clamps(void **state)
{
	struct vfx f;

	(void)state;
	vfx_init(&f, 1 << 20);
	f.cfg.cmdq_log2_max = 10;
	f.cfg.evtq_log2_max = 6;
	vfx_create(&f);
	assert_int_equal(smmu_field_get(SMMU_IDR1_CMDQS,
					vfx_rd32(&f, SMMU_IDR1)), 10);
	assert_int_equal(smmu_field_get(SMMU_IDR1_EVENTQS,
					vfx_rd32(&f, SMMU_IDR1)), 6);
	vfx_wr64(&f, SMMU_CMDQ_BASE, 0x100000 | 19);
	assert_int_equal(vfx_rd64(&f, SMMU_CMDQ_BASE), 0x100000 | 10);
	vfx_wr64(&f, SMMU_EVENTQ_BASE, 0x200000 | 19);
	assert_int_equal(vfx_rd64(&f, SMMU_EVENTQ_BASE), 0x200000 | 6);
	assert_int_equal(vfx_rd64(&f, SMMU_CMDQ_BASE), 0x100000 | 10);
	vfx_wr64(&f, SMMU_EVENTQ_BASE, 0x200000 | 3);
	assert_int_equal(vfx_rd64(&f, SMMU_EVENTQ_BASE), 0x200000 | 3);
	assert_int_equal(vfx_rd64(&f, SMMU_CMDQ_BASE), 0x100000 | 10);
	/* A misaligned base is accepted and logged; low bits ignored. */
	f.guest_logs = 0;
	vfx_wr64(&f, SMMU_CMDQ_BASE, 0x100020 | 8);
	assert_int_equal(vfx_rd64(&f, SMMU_CMDQ_BASE), 0x100020 | 8);
	assert_int_equal(f.guest_logs, 1);
	vfx_fini(&f);
}

/*
 * CMDQ_CONS index bits above the wrap bit read as zero (facts §2.16), also
 * after CMDQ_BASE shrank the queue: CMDQ_CONS is read without the lock, so
 * the stored value itself must follow the new size, as PROD's read does.
 */
static void test_cmdq_cons_follows_size(void **state)
{
	struct vfx f;

	(void)state;
	vfx_init(&f, 1 << 20);
	vfx_create(&f);
	vfx_wr64(&f, SMMU_CMDQ_BASE, 0x100000 | 8);
	vfx_wr32(&f, SMMU_CMDQ_PROD, 0x1ff);
	vfx_wr32(&f, SMMU_CMDQ_CONS, 0x1fe);
	assert_int_equal(vfx_rd32(&f, SMMU_CMDQ_PROD), 0x1ff);
	assert_int_equal(vfx_rd32(&f, SMMU_CMDQ_CONS), 0x1fe);
	vfx_wr64(&f, SMMU_CMDQ_BASE, 0x100000 | 2);
	assert_int_equal(vfx_rd32(&f, SMMU_CMDQ_PROD), 0x7);
	assert_int_equal(vfx_rd32(&f, SMMU_CMDQ_CONS), 0x6);
	/* A 32-bit write of either half re-applies the size too. */
	vfx_wr64(&f, SMMU_CMDQ_BASE, 0x100000 | 8);
	vfx_wr32(&f, SMMU_CMDQ_CONS, 0x1fe);
	vfx_wr32(&f, SMMU_CMDQ_BASE, 0x100000 | 1);
	assert_int_equal(vfx_rd32(&f, SMMU_CMDQ_CONS), 0x2);
	vfx_fini(&f);
}

/* Page 1 decodes with page-1 offsets; page 0 0xA8/0xAC alias them. */
static void test_page1(void **state)
{
	struct vfx f;

	(void)state;
	vfx_init(&f, 1 << 20);
	vfx_create(&f);
	vfx_wr64(&f, SMMU_EVENTQ_BASE, 0x200000 | 5);
	vfx_wr32(&f, SMMU_EVENTQ_PROD, 0x13);
	vfx_wr32(&f, SMMU_EVENTQ_CONS, 0x80000011);
	assert_int_equal(vfx_rd32(&f, SMMU_EVENTQ_PROD), 0x13);
	assert_int_equal(vfx_rd32(&f, SMMU_EVENTQ_CONS), 0x80000011);
	assert_int_equal(vfx_rd32(&f, SMMU_EVENTQ_PROD_P0), 0x13);
	assert_int_equal(vfx_rd32(&f, SMMU_EVENTQ_CONS_P0), 0x80000011);
	vfx_wr32(&f, SMMU_EVENTQ_CONS_P0, 0x12);
	assert_int_equal(vfx_rd32(&f, SMMU_EVENTQ_CONS), 0x12);
	/* Index bits above the wrap bit (QS = 5) read as zero. */
	vfx_wr32(&f, SMMU_EVENTQ_PROD, 0x7fff13);
	assert_int_equal(vfx_rd32(&f, SMMU_EVENTQ_PROD), 0x13);
	vfx_wr32(&f, SMMU_EVENTQ_PROD, 0x13);
	/* Other page-1 offsets are RES0: no alias of page 0. */
	assert_int_equal(vfx_rd32(&f, SMMU_PAGE1 + SMMU_IDR0), 0);
	vfx_wr32(&f, SMMU_PAGE1 + SMMU_CR0, 0xd);
	assert_int_equal(vfx_rd32(&f, SMMU_CR0), 0);
	vfx_wr64(&f, SMMU_PAGE1 + SMMU_EVENTQ_BASE, 0x300000);
	assert_int_equal(vfx_rd64(&f, SMMU_EVENTQ_BASE), 0x200000 | 5);
	assert_int_equal(vfx_rd64(&f, SMMU_PAGE1 + SMMU_EVENTQ_BASE), 0);
	/* Page-1 PROD/CONS are 32-bit registers. */
	assert_int_equal(vfx_rd64(&f, SMMU_EVENTQ_PROD), 0);
	vfx_fini(&f);
}

/* GBPA: Update protocol; SMMUEN = 0 abort/bypass reaches the backend. */
static void test_gbpa(void **state)
{
	struct vfx f;

	(void)state;
	vfx_init(&f, 1 << 20);
	vfx_map(&f, 0x40, 3);
	vfx_map(&f, 0x41, 9);
	vfx_create(&f);
	/* Reset: bypass, pushed to every mapped vSID. */
	assert_int_equal(viommu_mock_ste(&f.mock, 0x40, NULL), VMOCK_STE_BYPASS);
	assert_int_equal(viommu_mock_ste(&f.mock, 0x41, NULL), VMOCK_STE_BYPASS);
	assert_false(vfx_rd32(&f, SMMU_GBPA) & SMMU_GBPA_ABORT);

	/* Without Update: ignored. */
	vfx_wr32(&f, SMMU_GBPA, (uint32_t)SMMU_GBPA_ABORT);
	assert_false(vfx_rd32(&f, SMMU_GBPA) & SMMU_GBPA_ABORT);
	assert_int_equal(viommu_mock_ste(&f.mock, 0x40, NULL), VMOCK_STE_BYPASS);

	vfx_wr32(&f, SMMU_GBPA, (uint32_t)(SMMU_GBPA_UPDATE | SMMU_GBPA_ABORT));
	/* Update completes at once. */
	assert_int_equal(vfx_rd32(&f, SMMU_GBPA), SMMU_GBPA_ABORT);
	assert_int_equal(viommu_mock_ste(&f.mock, 0x40, NULL), VMOCK_STE_ABORT);
	assert_int_equal(viommu_mock_ste(&f.mock, 0x41, NULL), VMOCK_STE_ABORT);

	vfx_wr32(&f, SMMU_GBPA, (uint32_t)SMMU_GBPA_UPDATE);
	assert_int_equal(viommu_mock_ste(&f.mock, 0x40, NULL), VMOCK_STE_BYPASS);
	vfx_fini(&f);
}

static void test_gbpa_abort_at_reset(void **state)
{
	struct vfx f;

	(void)state;
	vfx_init(&f, 1 << 20);
	vfx_map(&f, 0x40, 3);
	f.cfg.gbpa_abort = true;
	vfx_create(&f);
	assert_int_equal(viommu_mock_ste(&f.mock, 0x40, NULL), VMOCK_STE_ABORT);
	assert_true(vfx_rd32(&f, SMMU_GBPA) & SMMU_GBPA_ABORT);
	vfx_fini(&f);
}

static void test_cr1_guards(void **state)
{
	struct vfx f;

	(void)state;
	vfx_init(&f, 1 << 20);
	vfx_create(&f);
	vfx_wr32(&f, SMMU_CR1, 0xfff);
	assert_int_equal(vfx_rd32(&f, SMMU_CR1), 0xfff);
	vfx_wr32(&f, SMMU_CR0, (uint32_t)SMMU_CR0_CMDQEN);
	/* Queue fields frozen, table fields still writable. */
	vfx_wr32(&f, SMMU_CR1, 0);
	assert_int_equal(vfx_rd32(&f, SMMU_CR1), 0x3f);
	vfx_wr32(&f, SMMU_CR0, CR0_ALL);
	vfx_wr32(&f, SMMU_CR1, 0xfff);
	assert_int_equal(vfx_rd32(&f, SMMU_CR1), 0x3f);
	vfx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux_reset),
		cmocka_unit_test(test_idr_from_backend),
		cmocka_unit_test(test_access_sizes),
		cmocka_unit_test(test_cr0_ack_masked),
		cmocka_unit_test(test_guarded_registers),
		cmocka_unit_test(test_queue_size_clamps),
		cmocka_unit_test(test_cmdq_cons_follows_size),
		cmocka_unit_test(test_page1),
		cmocka_unit_test(test_gbpa),
		cmocka_unit_test(test_gbpa_abort_at_reset),
		cmocka_unit_test(test_cr1_guards),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
