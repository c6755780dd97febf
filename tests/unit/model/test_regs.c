// SPDX-License-Identifier: MIT
/*
 * Tests of src/model/regs.c and model.c: identity, register side effects,
 * guarded registers, RAZ/WI, access sizes (facts §1, §2, §8.6).
 */
#include "helpers.h"

static void test_identity(void **state)
{
	struct smmu_model_config c;
	struct mh h;

	(void)state;
	smmu_model_config_default(&c);
	/* A small part: S2 only, linear stream table, 6-bit SIDs, no MSI. */
	c.idr[0] = 0x1u /* S2P */ | (2u << 2) /* TTF AA64 */ |
		   (1u << 24) /* STALL_MODEL 01 */ | (2u << 21) /* LE */;
	c.idr[1] = 6u | (3u << 16) | (5u << 21);	/* SIDSIZE 6, EVENTQS 3, CMDQS 5 */
	c.idr[3] = 0;
	c.idr[5] = 0x10u | 2u;		/* GRAN4K, OAS 40 */
	c.iidr = 0x4830043Bu;		/* MMU-600 r0p0 */
	c.aidr = 0x01;
	mh_init(&h, &c, false);
	assert_int_equal(mh_rd32(&h, R_IDR0), c.idr[0]);
	assert_int_equal(mh_rd32(&h, R_IDR1), c.idr[1]);
	assert_int_equal(mh_rd32(&h, R_IDR5), c.idr[5]);
	assert_int_equal(mh_rd32(&h, R_IIDR), 0x4830043Bu);
	assert_int_equal(mh_rd32(&h, R_AIDR), 0x01);
	/* ID registers are read-only. */
	mh_wr32(&h, R_IDR0, 0xffffffffu);
	assert_int_equal(mh_rd32(&h, R_IDR0), c.idr[0]);
	/* CoreSight block (facts §1.4): PART = ProductID 0x483, Arm
	 * designer 0x3B with continuation 4, JEDEC bit set. */
	assert_int_equal(mh_rd32(&h, 0xFE0), 0x83);
	assert_int_equal(mh_rd32(&h, 0xFE4), 0xB4);
	assert_int_equal(mh_rd32(&h, 0xFE8) & 0xF, 0xB);
	assert_int_equal(mh_rd32(&h, 0xFD0), 0x04);
	assert_int_equal(mh_rd32(&h, 0xFF0), 0x0D);
	assert_int_equal(mh_rd32(&h, 0xFF4), 0xF0);
	assert_int_equal(mh_rd32(&h, 0xFF8), 0x05);
	assert_int_equal(mh_rd32(&h, 0xFFC), 0xB1);
	/* MSI registers are absent without IDR0.MSI: RAZ/WI. */
	mh_wr64(&h, R_GERROR_IRQ_CFG0, 0x1000);
	assert_int_equal(mh_rd64(&h, R_GERROR_IRQ_CFG0), 0);
	mh_fini(&h);
}

static void test_default_identity(void **state)
{
	struct smmu_model_config c;
	uint32_t i0, i1;

	(void)state;
	smmu_model_config_default(&c);
	i0 = c.idr[0];
	i1 = c.idr[1];
	assert_int_equal(i0 & 3u, 3u);			/* S1P, S2P */
	assert_int_equal((i0 >> 2) & 3u, 2u);		/* TTF AArch64 */
	assert_int_equal((i0 >> 27) & 3u, 1u);		/* ST_LEVEL 2-level */
	assert_int_equal((i0 >> 24) & 3u, 1u);		/* no stall */
	assert_true(i0 & (1u << 9));			/* Hyp */
	assert_true(i0 & (1u << 12));			/* ASID16 */
	assert_true(i0 & (1u << 13));			/* MSI */
	assert_true(i0 & (1u << 14));			/* SEV */
	assert_true(i0 & (1u << 18));			/* VMID16 */
	assert_true(i0 & (1u << 19));			/* CD2L */
	assert_int_equal(i1 & 0x3f, 16);		/* SIDSIZE */
	assert_int_equal((i1 >> 6) & 0x1f, 20);		/* SSIDSIZE */
	assert_true(c.idr[3] & (1u << 10));		/* RIL */
	assert_int_equal(c.idr[5] & 7u, 5u);		/* OAS 48 */
	assert_int_equal(c.iidr >> 20, 0x487);
	assert_int_equal(c.iidr & 0xfff, 0x43B);
}

static void *t_alloc(void *ctx, size_t n) { (void)ctx; return calloc(1, n); }
static void t_free(void *ctx, void *p, size_t n) { (void)ctx; (void)n; free(p); }

static void test_create_refuses(void **state)
{
	struct smmu_model_config c;
	struct smmu_model_ops ops = { 0 };
	struct smmu_model *m = (void *)1;

	(void)state;
	ops.mem_read = mmem_read;
	ops.mem_write = mmem_write;
	ops.alloc.alloc = t_alloc;
	ops.alloc.free = t_free;
	smmu_model_config_default(&c);
	c.idr[0] &= ~(3u << 24);		/* STALL_MODEL 00: stalls */
	assert_int_equal(smmu_model_create(&c, &ops, &m), -VSMMU_ERR_INVAL);
	assert_null(m);
	smmu_model_config_default(&c);
	c.idr[0] = (c.idr[0] & ~(3u << 2)) | (1u << 2);	/* AArch32 only */
	assert_int_equal(smmu_model_create(&c, &ops, &m), -VSMMU_ERR_INVAL);
	smmu_model_config_default(&c);
	c.idr[0] &= ~(3u << 27);	/* linear only with 16-bit SIDs */
	assert_int_equal(smmu_model_create(&c, &ops, &m), -VSMMU_ERR_INVAL);
	smmu_model_config_default(&c);
	ops.mem_read = NULL;
	assert_int_equal(smmu_model_create(&c, &ops, &m), -VSMMU_ERR_INVAL);
	ops.mem_read = mmem_read;
	assert_int_equal(smmu_model_create(&c, &ops, &m), 0);
	smmu_model_destroy(m);
}

static void test_cr0_ack(void **state)
{
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	assert_int_equal(mh_rd32(&h, R_CR0), 0);
	assert_int_equal(mh_rd32(&h, R_CR0ACK), 0);
	/* PRIQEN (no PRI), ATSCHK (no ATS), VMW (no VMW), RES0: dropped. */
	mh_wr32(&h, R_CR0, 0xffffffffu);
	assert_int_equal(mh_rd32(&h, R_CR0), 0xDu);
	assert_int_equal(mh_rd32(&h, R_CR0ACK), 0xDu);
	mh_wr32(&h, R_CR0, CR0_CMDQEN);
	assert_int_equal(mh_rd32(&h, R_CR0ACK), CR0_CMDQEN);
	/* CR0ACK is read-only. */
	mh_wr32(&h, R_CR0ACK, 0xF);
	assert_int_equal(mh_rd32(&h, R_CR0ACK), CR0_CMDQEN);
	mh_fini(&h);
}

static void test_gbpa(void **state)
{
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	/* Reset: Update 0, SHCFG = use incoming (01), ABORT 0. */
	assert_int_equal(mh_rd32(&h, R_GBPA), 0x1000u);
	/* Without Update the write is ignored (facts §2.10). */
	mh_wr32(&h, R_GBPA, 1u << 20);
	assert_int_equal(mh_rd32(&h, R_GBPA), 0x1000u);
	/* With Update: applied, Update reads back 0; RES0 bits dropped. */
	mh_wr32(&h, R_GBPA, (1u << 31) | (1u << 20) | (3u << 12) | (1u << 25));
	assert_int_equal(mh_rd32(&h, R_GBPA), (1u << 20) | (3u << 12));
	mh_fini(&h);
}

static void test_irq_ctrl_ack(void **state)
{
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	mh_wr32(&h, R_IRQ_CTRL, 0x7);	/* PRIQ_IRQEN absent without PRI */
	assert_int_equal(mh_rd32(&h, R_IRQ_CTRL), 0x5);
	assert_int_equal(mh_rd32(&h, R_IRQ_CTRLACK), 0x5);
	mh_wr32(&h, R_IRQ_CTRL, 0);
	assert_int_equal(mh_rd32(&h, R_IRQ_CTRLACK), 0);
	mh_fini(&h);
}

static void test_gerror_readonly(void **state)
{
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	mh_wr32(&h, R_GERROR, 0x1FD);
	assert_int_equal(mh_rd32(&h, R_GERROR), 0);
	/* GERRORN holds what software wrote (implemented bits only). */
	mh_wr32(&h, R_GERRORN, 0x1);
	assert_int_equal(mh_rd32(&h, R_GERRORN), 0x1);
	mh_wr32(&h, R_GERRORN, 0x0);
	mh_fini(&h);
}

static void test_guarded(void **state)
{
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	mh_setup(&h, false, 0, 0);
	/* SMMUEN=1: STRTAB_BASE/_CFG and CR2 are read-only (facts §8.6). */
	mh_wr64(&h, R_STRTAB_BASE, 0x12340000ull);
	assert_int_equal(mh_rd64(&h, R_STRTAB_BASE), MH_STRTAB);
	mh_wr32(&h, R_STRTAB_BASE_CFG, 3);
	assert_int_equal(mh_rd32(&h, R_STRTAB_BASE_CFG), 8 | (8 << 6));
	mh_wr32(&h, R_CR2, 0);
	assert_int_equal(mh_rd32(&h, R_CR2), 2);
	mh_wr32(&h, R_CR1, 0);
	assert_int_equal(mh_rd32(&h, R_CR1), 0xD75);
	/* CMDQEN=1: CMDQ_BASE and CMDQ_CONS frozen; PROD writable. */
	mh_wr64(&h, R_CMDQ_BASE, 0x5550000ull | 4);
	assert_int_equal(mh_rd64(&h, R_CMDQ_BASE), MH_CMDQ | 8);
	mh_wr32(&h, R_CMDQ_CONS, 5);
	assert_int_equal(mh_rd32(&h, R_CMDQ_CONS), 0);
	/* EVENTQEN=1: EVENTQ_BASE and EVENTQ_PROD frozen; CONS writable. */
	mh_wr64(&h, R_EVENTQ_BASE, 0x6660000ull | 2);
	assert_int_equal(mh_rd64(&h, R_EVENTQ_BASE), MH_EVTQ | 4);
	mh_wr32(&h, R_EVENTQ_PROD, 3);
	assert_int_equal(mh_rd32(&h, R_EVENTQ_PROD), 0);
	mh_wr32(&h, R_EVENTQ_CONS, 0x80000000u);
	assert_int_equal(mh_rd32(&h, R_EVENTQ_CONS), 0x80000000u);
	mh_wr32(&h, R_EVENTQ_CONS, 0);
	/* IRQ_CFG frozen while the source's IRQEN is set. */
	mh_wr64(&h, R_EVENTQ_IRQ_CFG0, 0x8000);
	mh_wr32(&h, R_IRQ_CTRL, 0x4);
	mh_wr64(&h, R_EVENTQ_IRQ_CFG0, 0x9000);
	mh_wr32(&h, R_EVENTQ_IRQ_CFG1, 7);
	assert_int_equal(mh_rd64(&h, R_EVENTQ_IRQ_CFG0), 0x8000);
	assert_int_equal(mh_rd32(&h, R_EVENTQ_IRQ_CFG1), 0);
	/* ... but GERROR's are still writable (its IRQEN is clear). */
	mh_wr64(&h, R_GERROR_IRQ_CFG0, 0xA000 | 0x3);	/* [1:0] RES0 */
	assert_int_equal(mh_rd64(&h, R_GERROR_IRQ_CFG0), 0xA000);
	mh_wr32(&h, R_GERROR_IRQ_CFG2, 0xFFFFFFFFu);	/* SH | MemAttr */
	assert_int_equal(mh_rd32(&h, R_GERROR_IRQ_CFG2), 0x3F);
	/* Disable everything: writable again. */
	mh_wr32(&h, R_CR0, 0);
	mh_wr64(&h, R_STRTAB_BASE, 0x12340000ull | 0xFull | (1ull << 62));
	assert_int_equal(mh_rd64(&h, R_STRTAB_BASE),
			 0x12340000ull | (1ull << 62));	/* [5:0] RES0 */
	mh_wr32(&h, R_CMDQ_CONS, 5);
	assert_int_equal(mh_rd32(&h, R_CMDQ_CONS), 5);
	mh_wr32(&h, R_EVENTQ_PROD, 3);
	assert_int_equal(mh_rd32(&h, R_EVENTQ_PROD), 3);
	mh_fini(&h);
}

static void test_raz_wi_and_sizes(void **state)
{
	struct smmu_model_counters cnt;
	uint64_t v;
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	/* Undefined offsets. */
	mh_wr32(&h, 0x30, 0xffffffffu);
	assert_int_equal(mh_rd32(&h, 0x30), 0);
	mh_wr32(&h, 0x1000, 0xffffffffu);
	assert_int_equal(mh_rd32(&h, 0x1000), 0);
	/* Optional page-0 aliases of EVENTQ_PROD/CONS: RAZ/WI here. */
	mh_wr32(&h, 0xAC, 0x5);
	assert_int_equal(mh_rd32(&h, 0xAC), 0);
	assert_int_equal(mh_rd32(&h, R_EVENTQ_CONS), 0);
	/* Page 1 carries only the queue index registers. */
	mh_wr32(&h, 0x10020, 0xf);
	assert_int_equal(mh_rd32(&h, 0x10020), 0);
	assert_int_equal(mh_rd32(&h, R_CR0), 0);
	mh_wr32(&h, R_EVENTQ_CONS, 0x3);
	assert_int_equal(mh_rd32(&h, R_EVENTQ_CONS), 0x3);
	/* PRIQ registers absent without PRI. */
	mh_wr64(&h, R_PRIQ_BASE, 0x10000);
	assert_int_equal(mh_rd64(&h, R_PRIQ_BASE), 0);
	mh_wr32(&h, R_PRIQ_CONS, 1);
	assert_int_equal(mh_rd32(&h, R_PRIQ_CONS), 0);

	/* 64-bit registers: 64-bit, or 32-bit halves. */
	mh_wr32(&h, R_CMDQ_BASE, 0x00345680u | 5);
	mh_wr32(&h, R_CMDQ_BASE + 4, 0x12);
	assert_int_equal(mh_rd64(&h, R_CMDQ_BASE), 0x1200345680ull | 5);
	assert_int_equal(mh_rd32(&h, R_CMDQ_BASE + 4), 0x12);
	assert_int_equal(mh_rd32(&h, R_CMDQ_BASE), 0x00345680u | 5);
	/* A 64-bit access at the upper half is not allowed. */
	v = 1;
	assert_int_equal(smmu_model_mmio_read(h.m, R_CMDQ_BASE + 4, 8, &v), 0);
	assert_int_equal(v, 0);
	/* 32-bit registers: 32-bit only. */
	mh_wr32(&h, R_CR2, 2);
	assert_int_equal(smmu_model_mmio_read(h.m, R_CR2, 8, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(smmu_model_mmio_write(h.m, R_CR2, 8, 0), 0);
	assert_int_equal(mh_rd32(&h, R_CR2), 2);
	assert_int_equal(smmu_model_mmio_write(h.m, R_CR2, 2, 0), 0);
	assert_int_equal(smmu_model_mmio_read(h.m, R_CR2 + 1, 4, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(mh_rd32(&h, R_CR2), 2);
	assert_int_equal(smmu_model_counters_get(h.m, &cnt), 0);
	assert_int_equal(cnt.bad_accesses, 5);
	/* Outside the window: an embedder error. */
	assert_int_equal(smmu_model_mmio_read(h.m, 0x20000, 4, &v),
			 -VSMMU_ERR_RANGE);
	assert_int_equal(smmu_model_mmio_write(h.m, 0x20000, 4, 0),
			 -VSMMU_ERR_RANGE);
	assert_int_equal(smmu_model_mmio_read(h.m, 0, 4, NULL), -VSMMU_ERR_INVAL);
	mh_fini(&h);
}

static void test_pri_present(void **state)
{
	struct smmu_model_config c;
	struct mh h;

	(void)state;
	smmu_model_config_default(&c);
	c.idr[0] |= 1u << 16;			/* PRI */
	c.idr[1] |= 8u << 11;			/* PRIQS 8 */
	mh_init(&h, &c, false);
	mh_wr64(&h, R_PRIQ_BASE, 0x20000 | 3);
	assert_int_equal(mh_rd64(&h, R_PRIQ_BASE), 0x20000 | 3);
	mh_wr32(&h, R_CR0, CR0_PRIQEN);
	assert_int_equal(mh_rd32(&h, R_CR0ACK), CR0_PRIQEN);
	mh_wr64(&h, R_PRIQ_BASE, 0x30000);		/* guarded */
	assert_int_equal(mh_rd64(&h, R_PRIQ_BASE), 0x20000 | 3);
	mh_wr32(&h, R_PRIQ_PROD, 1);			/* guarded */
	assert_int_equal(mh_rd32(&h, R_PRIQ_PROD), 0);
	mh_wr32(&h, R_PRIQ_CONS, 1);
	assert_int_equal(mh_rd32(&h, R_PRIQ_CONS), 1);
	mh_wr32(&h, R_IRQ_CTRL, 0x2);
	assert_int_equal(mh_rd32(&h, R_IRQ_CTRLACK), 0x2);
	mh_fini(&h);
}

static void test_lock_paired(void **state)
{
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	mh_setup(&h, false, 0, 0);
	mh_sync(&h);
	assert_true(h.locks > 0);
	assert_int_equal(h.locks, h.unlocks);
	assert_int_equal(h.lock_depth, 0);
	mh_fini(&h);
}

/* deferred_acks: updates complete only in smmu_model_step (facts §2.6). */
static void test_deferred_acks(void **state)
{
	struct smmu_model_config c;
	struct smmu_model_result r;
	struct mh h;

	(void)state;
	smmu_model_config_default(&c);
	c.deferred_acks = true;
	mh_init(&h, &c, false);
	mh_wr32(&h, R_CR0, CR0_CMDQEN);
	assert_int_equal(mh_rd32(&h, R_CR0), CR0_CMDQEN);
	assert_int_equal(mh_rd32(&h, R_CR0ACK), 0);
	/* Queue base guarded by enable OR ack: already frozen. */
	mh_wr64(&h, R_CMDQ_BASE, MH_CMDQ | 4);
	assert_int_equal(mh_rd64(&h, R_CMDQ_BASE), 0);
	assert_int_equal(smmu_model_step(h.m, 0), 0);
	assert_int_equal(mh_rd32(&h, R_CR0ACK), CR0_CMDQEN);
	/* Disable: still frozen until the ACK clears. */
	mh_wr32(&h, R_CR0, 0);
	mh_wr64(&h, R_CMDQ_BASE, MH_CMDQ | 4);
	assert_int_equal(mh_rd64(&h, R_CMDQ_BASE), 0);
	smmu_model_step(h.m, 0);
	mh_wr64(&h, R_CMDQ_BASE, MH_CMDQ | 4);
	assert_int_equal(mh_rd64(&h, R_CMDQ_BASE), MH_CMDQ | 4);
	/* Commands wait for CMDQEN to be acknowledged. */
	mmem_put64(&h.mem, MH_CMDQ, 0x46);
	mh_wr32(&h, R_CMDQ_PROD, 1);
	mh_wr32(&h, R_CR0, CR0_CMDQEN);
	assert_int_equal(mh_rd32(&h, R_CMDQ_CONS), 0);
	assert_int_equal(smmu_model_step(h.m, 10), 1);
	assert_int_equal(mh_rd32(&h, R_CMDQ_CONS), 1);
	/* GBPA: Update reads 1 until completion; writes then ignored. */
	mh_wr32(&h, R_GBPA, (1u << 31) | (1u << 20));
	assert_int_equal(mh_rd32(&h, R_GBPA), (1u << 31) | (1u << 20));
	mh_wr32(&h, R_GBPA, (1u << 31) | (1u << 12));
	assert_int_equal(mh_rd32(&h, R_GBPA), (1u << 31) | (1u << 20));
	smmu_model_step(h.m, 0);
	assert_int_equal(mh_rd32(&h, R_GBPA), 1u << 20);
	assert_int_equal(xl(&h, 0, SMMU_MODEL_NO_SSID, 0x1000, 0, &r),
			 -VSMMU_ERR_FAULT);
	/* IRQ_CTRL */
	mh_wr32(&h, R_IRQ_CTRL, 0x5);
	assert_int_equal(mh_rd32(&h, R_IRQ_CTRLACK), 0);
	smmu_model_step(h.m, 0);
	assert_int_equal(mh_rd32(&h, R_IRQ_CTRLACK), 0x5);
	/* The model acts on the acknowledged SMMUEN. */
	mh_wr32(&h, R_GBPA, 1u << 31);
	smmu_model_step(h.m, 0);
	mh_wr32(&h, R_CR0, CR0_CMDQEN | CR0_SMMUEN);
	assert_int_equal(xl(&h, 0, SMMU_MODEL_NO_SSID, 0x1000, 0, &r), 0);
	smmu_model_step(h.m, 0);
	assert_int_equal(xl(&h, 0, SMMU_MODEL_NO_SSID, 0x1000, 0, &r),
			 -VSMMU_ERR_FAULT);	/* no stream table: bad SID */
	mh_fini(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_default_identity),
		cmocka_unit_test(test_create_refuses),
		cmocka_unit_test(test_cr0_ack),
		cmocka_unit_test(test_gbpa),
		cmocka_unit_test(test_irq_ctrl_ack),
		cmocka_unit_test(test_gerror_readonly),
		cmocka_unit_test(test_guarded),
		cmocka_unit_test(test_raz_wi_and_sizes),
		cmocka_unit_test(test_pri_present),
		cmocka_unit_test(test_lock_paired),
		cmocka_unit_test(test_deferred_acks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
