// SPDX-License-Identifier: MIT
/*
 * Tests of src/model/cmdq.c: consumption, CMD_SYNC completion (MSI, IRQ,
 * SEV), CERROR_ILL/ABT and resume after GERRORN, implementation checks,
 * deferred mode and budgets, queue wrap (facts §5, §7.1, §8.2-8.4).
 */
#include "helpers.h"

#define OP_SYNC 0x46u

static void *t_alloc(void *ctx, size_t n)
{
	(void)ctx;
	return calloc(1, n);
}

static void t_free(void *ctx, void *p, size_t n)
{
	(void)ctx;
	(void)n;
	free(p);
}

static uint64_t sync0(unsigned int cs, uint32_t data)
{
	return OP_SYNC | (uint64_t)cs << 12 | (uint64_t)3 << 22 |
	       (uint64_t)0xF << 24 | (uint64_t)data << 32;
}

static uint32_t cons_rd(struct mh *h)
{
	return mh_rd32(h, R_CMDQ_CONS) & 0xFFFFFu;
}

static uint32_t cons_err(struct mh *h)
{
	return (mh_rd32(h, R_CMDQ_CONS) >> 24) & 0x7F;
}

static bool cmdq_err_active(struct mh *h)
{
	return ((mh_rd32(h, R_GERROR) ^ mh_rd32(h, R_GERRORN)) & GERR_CMDQ) != 0;
}

static void ack_gerror(struct mh *h)
{
	mh_wr32(h, R_GERRORN, mh_rd32(h, R_GERROR));
}

static void test_sync_none_irq_sev(void **state)
{
	struct smmu_model_counters c;
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	mh_setup(&h, false, 0, 0);
	mh_cmd(&h, sync0(0, 0), 0);
	assert_int_equal(cons_rd(&h), 1);
	assert_int_equal(h.nmsi, 0);
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_CMDQ_SYNC], 0);
	assert_int_equal(h.sevs, 0);
	/* CS = SIG_IRQ with an MSI address: MSI of MSIData, and a pulse. */
	mh_cmd(&h, sync0(1, 0xabcd1234u), 0x0000123456789ABCull & ~3ull);
	assert_int_equal(cons_rd(&h), 2);
	assert_int_equal(h.nmsi, 1);
	assert_int_equal(h.msi[0].addr, 0x0000123456789ABCull & ~3ull);
	assert_int_equal(h.msi[0].data, 0xabcd1234u);
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_CMDQ_SYNC], 1);
	/* SIG_IRQ without an address: the wired pulse only. */
	mh_cmd(&h, sync0(1, 5), 0);
	assert_int_equal(h.nmsi, 1);
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_CMDQ_SYNC], 2);
	/* SIG_SEV */
	mh_cmd(&h, sync0(2, 0), 0);
	assert_int_equal(h.sevs, 1);
	assert_int_equal(cons_rd(&h), 4);
	assert_false(cmdq_err_active(&h));
	assert_int_equal(smmu_model_counters_get(h.m, &c), 0);
	assert_int_equal(c.cmds, 4);
	assert_int_equal(c.cmds_by_op[OP_SYNC], 4);
	assert_int_equal(c.sevs, 1);
	assert_int_equal(c.msis, 1);
	mh_fini(&h);
}

static void test_sync_sev_unsupported(void **state)
{
	struct smmu_model_config cfg;
	struct mh h;

	(void)state;
	smmu_model_config_default(&cfg);
	cfg.idr[0] &= ~((1u << 14) | (1u << 13));	/* no SEV, no MSI */
	mh_init(&h, &cfg, false);
	mh_setup(&h, false, 0, 0);
	mh_cmd(&h, sync0(2, 0), 0);			/* as SIG_NONE */
	mh_cmd(&h, sync0(1, 9), 0x1000);		/* wired only */
	assert_int_equal(cons_rd(&h), 2);
	assert_int_equal(h.sevs, 0);
	assert_int_equal(h.nmsi, 0);
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_CMDQ_SYNC], 1);
	mh_fini(&h);
}

/* The Linux MSI-polling trick: the MSI overwrites the sync's own slot. */
static void test_sync_msi_to_memory(void **state)
{
	struct mh h;
	uint64_t slot = MH_CMDQ + 16 * 0;

	(void)state;
	mh_init(&h, NULL, true);
	mh_setup(&h, false, 0, 0);
	mh_cmd(&h, sync0(1, 0), slot);
	assert_int_equal(mmem_get32(&h.mem, slot), 0);
	assert_int_equal(cons_rd(&h), 1);
	/* Data other than zero lands as a 32-bit little-endian word. */
	mh_cmd(&h, sync0(1, 0x11223344u), MH_DATA);
	assert_int_equal(mmem_get32(&h.mem, MH_DATA), 0x11223344u);
	assert_int_equal(mmem_get32(&h.mem, MH_DATA + 4), 0);
	mh_fini(&h);
}

static uint32_t seen_cons;

static void hook_read_cons(struct mh *h, enum smmu_model_irq line)
{
	if (line == SMMU_MODEL_IRQ_CMDQ_SYNC)
		seen_cons = cons_rd(h);	/* re-enters the model: allowed */
}

/* The completion signal is never observable before CONS passed it. */
static void test_sync_irq_after_cons(void **state)
{
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	mh_setup(&h, false, 0, 0);
	h.on_irq = hook_read_cons;
	seen_cons = 0;
	mh_cmd(&h, sync0(1, 0), 0);
	assert_int_equal(seen_cons, 1);
	mh_fini(&h);
}

static void test_sync_msi_abort(void **state)
{
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	mh_setup(&h, false, 0, 0);
	h.msi_fail = true;
	mh_cmd(&h, sync0(1, 1), 0x8000);
	assert_int_equal(cons_rd(&h), 1);		/* completes anyway */
	assert_int_equal(mh_rd32(&h, R_GERROR) ^ mh_rd32(&h, R_GERRORN),
			 GERR_MSI_CMDQ_ABT);
	mh_fini(&h);
}

/* An illegal command stops the queue until GERRORN acknowledges it. */
static void test_cerror_ill_and_resume(void **state)
{
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	mh_setup(&h, false, 0, 0);
	mh_wr32(&h, R_IRQ_CTRL, 0x1);		/* GERROR_IRQEN */
	mh_sync(&h);
	mh_cmd(&h, 0x08, 0);			/* reserved opcode */
	mh_sync(&h);
	assert_int_equal(cons_rd(&h), 1);	/* stays on the bad one */
	assert_int_equal(cons_err(&h), 1);	/* CERROR_ILL */
	assert_true(cmdq_err_active(&h));
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_GERROR], 1);
	/* More PROD writes do nothing while the error is active. */
	mh_sync(&h);
	assert_int_equal(cons_rd(&h), 1);
	/* Second error cannot happen while active: no new interrupt. */
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_GERROR], 1);
	/* Fix the slot (Linux writes a CMD_SYNC there) and acknowledge. */
	mmem_put64(&h.mem, MH_CMDQ + 16, sync0(0, 0));
	ack_gerror(&h);
	assert_false(cmdq_err_active(&h));
	assert_int_equal(cons_rd(&h), 4);	/* resumed from CONS */
	mh_fini(&h);
}

static void test_cerror_abt_and_resume(void **state)
{
	struct smmu_model_counters c;
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	mh_setup(&h, false, 0, 0);
	mmem_fail(&h.mem, MH_CMDQ + 32, MH_CMDQ + 47, true, false);
	mh_sync(&h);
	mh_sync(&h);
	mh_sync(&h);
	assert_int_equal(cons_rd(&h), 2);
	assert_int_equal(cons_err(&h), 2);	/* CERROR_ABT */
	assert_true(cmdq_err_active(&h));
	/* Acknowledging while memory still fails: fails again, no spin. */
	ack_gerror(&h);
	assert_int_equal(cons_rd(&h), 2);
	assert_true(cmdq_err_active(&h));
	mmem_fail_clear(&h.mem);
	ack_gerror(&h);
	assert_int_equal(cons_rd(&h), 3);
	assert_int_equal(smmu_model_counters_get(h.m, &c), 0);
	assert_int_equal(c.cmd_errors, 2);
	mh_fini(&h);
}

/* One command per test: expected CERROR on the default identity. */
static void expect_cerr(struct mh *h, uint64_t w0, uint64_t w1,
			unsigned int cerr)
{
	uint32_t before = cons_rd(h);

	mh_cmd(h, w0, w1);
	if (cerr) {
		assert_true(cmdq_err_active(h));
		assert_int_equal(cons_err(h), cerr);
		assert_int_equal(cons_rd(h), before);
		/* Replace with a CMD_SYNC and resume. */
		mmem_put64(&h->mem, MH_CMDQ + 16ull * (before & 0xFF),
			   sync0(0, 0));
		mmem_put64(&h->mem, MH_CMDQ + 16ull * (before & 0xFF) + 8, 0);
		ack_gerror(h);
	}
	assert_false(cmdq_err_active(h));
	assert_int_equal(cons_rd(h), (before + 1) & 0x1FF);
}

static void test_command_checks_default(void **state)
{
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	mh_setup(&h, false, 0, 0);
	/* Accepted on an S1+S2+Hyp part. */
	expect_cerr(&h, cmd_sid(0x01, 5), 0, 0);		/* PREFETCH_CONFIG */
	expect_cerr(&h, cmd_sid(0x03, 5), 1, 0);		/* CFGI_STE leaf */
	expect_cerr(&h, cmd_sid(0x04, 5), 31, 0);		/* CFGI_ALL */
	expect_cerr(&h, cmd_sid(0x05, 5) | (3ull << 12), 1, 0); /* CFGI_CD */
	expect_cerr(&h, cmd_sid(0x06, 5), 0, 0);		/* CFGI_CD_ALL */
	expect_cerr(&h, cmd_vmid_asid(0x10, 1, 0), 0, 0);	/* NH_ALL */
	expect_cerr(&h, cmd_vmid_asid(0x11, 1, 2), 0, 0);	/* NH_ASID */
	expect_cerr(&h, cmd_vmid_asid(0x12, 1, 2), 0x1000, 0);	/* NH_VA */
	expect_cerr(&h, cmd_vmid_asid(0x13, 1, 0), 0x1000, 0);	/* NH_VAA */
	expect_cerr(&h, cmd0(0x20), 0, 0);			/* EL2_ALL */
	expect_cerr(&h, cmd_vmid_asid(0x21, 0, 3), 0, 0);	/* EL2_ASID */
	expect_cerr(&h, cmd_vmid_asid(0x28, 1, 0), 0, 0);	/* S12_VMALL */
	expect_cerr(&h, cmd_vmid_asid(0x2A, 1, 0), 0x5000, 0);	/* S2_IPA */
	expect_cerr(&h, cmd0(0x30), 0, 0);			/* NSNH_ALL */
	/* Range NH_VA: NUM 3, SCALE 1, TG 4K, TTL 3. */
	expect_cerr(&h, cmd_vmid_asid(0x12, 1, 2) | (3ull << 12) | (1ull << 20),
		    0x10000 | (1ull << 10) | (3ull << 8), 0);
	/* Refused here: CERROR_ILL (facts §5.1). */
	expect_cerr(&h, cmd_sid(0x07, 0), 0, 1);	/* VMS_PIDM, no MPAM */
	expect_cerr(&h, cmd0(0x18), 0, 1);		/* TLBI_EL3_ALL */
	expect_cerr(&h, cmd0(0x1A), 0, 1);		/* TLBI_EL3_VA */
	expect_cerr(&h, cmd_sid(0x40, 1), 0, 1);	/* ATC_INV, no ATS */
	expect_cerr(&h, cmd_sid(0x41, 1), 0, 1);	/* PRI_RESP, no PRI */
	expect_cerr(&h, cmd_sid(0x44, 1), 0, 1);	/* RESUME, no stall */
	expect_cerr(&h, cmd_sid(0x45, 1), 0, 1);	/* STALL_TERM */
	expect_cerr(&h, cmd_sid(0x03, 1) | (1u << 10), 0, 1); /* SSec */
	expect_cerr(&h, sync0(3, 0), 0, 1);		/* CS = 0b11 */
	expect_cerr(&h, cmd0(0x00), 0, 1);
	expect_cerr(&h, cmd0(0x50), 0, 1);		/* Secure */
	/* TG != 0 with NUM = SCALE = TTL = 0 is reserved (facts §5.4). */
	expect_cerr(&h, cmd_vmid_asid(0x12, 1, 2), 0x1000 | (1ull << 10), 1);
	mh_fini(&h);
}

static void test_command_checks_identity(void **state)
{
	struct smmu_model_config cfg;
	struct mh h;

	(void)state;
	/* Stage 1 only, no Hyp, no RIL. */
	smmu_model_config_default(&cfg);
	cfg.idr[0] &= ~(1u | (1u << 9));
	cfg.idr[3] &= ~(1u << 10);
	mh_init(&h, &cfg, false);
	mh_setup(&h, false, 0, 0);
	expect_cerr(&h, cmd0(0x20), 0, 1);			/* EL2_ALL */
	expect_cerr(&h, cmd_vmid_asid(0x28, 1, 0), 0, 1);	/* S12_VMALL */
	expect_cerr(&h, cmd_vmid_asid(0x2A, 1, 0), 0x5000, 1);	/* S2_IPA */
	expect_cerr(&h, cmd0(0x30), 0, 0);			/* NSNH_ALL */
	/* Range fields without RIL. */
	expect_cerr(&h, cmd_vmid_asid(0x12, 0, 2) | (3ull << 12),
		    0x10000 | (1ull << 10) | (3ull << 8), 1);
	expect_cerr(&h, cmd_vmid_asid(0x12, 0, 2), 0x10000, 0);
	mh_fini(&h);

	/* Stage 2 only: stage-1 commands are illegal. */
	smmu_model_config_default(&cfg);
	cfg.idr[0] &= ~2u;
	mh_init(&h, &cfg, false);
	mh_setup(&h, false, 0, 0);
	expect_cerr(&h, cmd_sid(0x05, 1), 0, 1);		/* CFGI_CD */
	expect_cerr(&h, cmd_sid(0x06, 1), 0, 1);		/* CFGI_CD_ALL */
	expect_cerr(&h, cmd_vmid_asid(0x10, 1, 0), 0, 1);	/* NH_ALL */
	expect_cerr(&h, cmd_vmid_asid(0x28, 1, 0), 0, 0);	/* S12_VMALL */
	mh_fini(&h);
}

/*
 * Range fields that depend on IDR5.DS (IHI 0070 §4.4.1.1, facts §5.4),
 * on the default identity (RIL, no DS): SCALE is 5 bits, so bit 25 (dw0)
 * is RES0 and CERROR_ILL; TTL = 0b01 with a 16K TG counts as TTL = 0b00,
 * so with NUM = SCALE = 0 it is the reserved single-granule form.
 */
static void test_range_checks_without_ds(void **state)
{
	const uint64_t tg16k_ttl1 = 0x40000 | (2ull << 10) | (1ull << 8);
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	mh_setup(&h, false, 0, 0);
	/* NH_VA, TG 16K, TTL 01, NUM = SCALE = 0: reserved. */
	expect_cerr(&h, cmd_vmid_asid(0x12, 1, 2), tg16k_ttl1, 1);
	/* ... the same with NUM = 1 is a 2-granule range. */
	expect_cerr(&h, cmd_vmid_asid(0x12, 1, 2) | (1ull << 12), tg16k_ttl1,
		    0);
	/* S2_IPA likewise. */
	expect_cerr(&h, cmd_vmid_asid(0x2A, 1, 0), tg16k_ttl1, 1);
	/* TG 4K and 64K keep TTL 01 (level 1). */
	expect_cerr(&h, cmd_vmid_asid(0x12, 1, 2),
		    0x40000000 | (1ull << 10) | (1ull << 8), 0);
	/* SCALE 31 is fine, SCALE 32 (bit 25) is RES0 without DS. */
	expect_cerr(&h, cmd_vmid_asid(0x13, 1, 0) | (31ull << 20),
		    0x10000 | (1ull << 10), 0);
	expect_cerr(&h, cmd_vmid_asid(0x13, 1, 0) | (32ull << 20),
		    0x10000 | (1ull << 10), 1);
	mh_fini(&h);
}

static void test_deferred(void **state)
{
	struct smmu_model_config cfg;
	struct mh h;

	(void)state;
	smmu_model_config_default(&cfg);
	cfg.deferred = true;
	mh_init(&h, &cfg, false);
	mh_setup(&h, false, 0, 0);
	for (int i = 0; i < 5; i++)
		mh_sync(&h);
	assert_int_equal(cons_rd(&h), 0);	/* nothing until step */
	assert_int_equal(smmu_model_step(h.m, 2), 2);
	assert_int_equal(cons_rd(&h), 2);
	assert_int_equal(smmu_model_step(h.m, 0), 0);
	assert_int_equal(smmu_model_step(h.m, 100), 3);
	assert_int_equal(cons_rd(&h), 5);
	assert_int_equal(smmu_model_step(h.m, 100), 0);	/* empty */
	/* An error in deferred mode: resume waits for the next step. */
	mh_cmd(&h, cmd0(0x09), 0);
	mh_sync(&h);
	assert_int_equal(smmu_model_step(h.m, 10), 0);
	assert_true(cmdq_err_active(&h));
	mmem_put64(&h.mem, MH_CMDQ + 16 * 5, sync0(0, 0));
	ack_gerror(&h);
	assert_int_equal(cons_rd(&h), 5);
	assert_int_equal(smmu_model_step(h.m, 10), 2);
	assert_int_equal(cons_rd(&h), 7);
	/* Disabled queue: step does nothing. */
	mh_sync(&h);
	mh_wr32(&h, R_CR0, CR0_SMMUEN | CR0_EVENTQEN);
	assert_int_equal(smmu_model_step(h.m, 10), 0);
	assert_int_equal(smmu_model_step(NULL, 1), -VSMMU_ERR_INVAL);
	mh_fini(&h);
}

static void test_budget_and_enable(void **state)
{
	struct smmu_model_config cfg;
	struct mh h;

	(void)state;
	smmu_model_config_default(&cfg);
	cfg.cmd_budget = 2;
	mh_init(&h, &cfg, false);
	mh_setup(&h, false, 0, 0);
	/* Queue commands with CMDQEN clear: nothing runs. */
	mh_wr32(&h, R_CR0, CR0_SMMUEN | CR0_EVENTQEN);
	for (int i = 0; i < 5; i++)
		mh_sync(&h);
	assert_int_equal(cons_rd(&h), 0);
	/* Enabling consumes, within the budget. */
	mh_wr32(&h, R_CR0, CR0_SMMUEN | CR0_EVENTQEN | CR0_CMDQEN);
	assert_int_equal(cons_rd(&h), 2);
	mh_sync(&h);
	assert_int_equal(cons_rd(&h), 4);
	assert_int_equal(smmu_model_step(h.m, 10), 2);
	assert_int_equal(cons_rd(&h), 6);
	mh_fini(&h);
}

static void test_wrap(void **state)
{
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	mh_setup(&h, false, 2, 0);		/* 4 commands */
	for (int i = 1; i <= 11; i++) {
		mh_sync(&h);
		/* index in [1:0], wrap at bit 2 (facts §2.16) */
		assert_int_equal(cons_rd(&h), (uint32_t)i & 7u);
		assert_int_equal(cons_rd(&h), mh_rd32(&h, R_CMDQ_PROD));
	}
	/* A PROD value that would make the queue hold 5 of 4 entries is
	 * inconsistent: nothing is consumed. */
	mh_wr32(&h, R_CMDQ_PROD, (cons_rd(&h) + 5) & 7u);
	assert_int_equal(cons_rd(&h), 11 & 7u);
	mh_fini(&h);
}

/* CMDQ_BASE: its LOG2SIZE is capped at IDR1.CMDQS, base aligned. */
static void test_base_cap(void **state)
{
	struct smmu_model_config cfg;
	struct mh h;

	(void)state;
	smmu_model_config_default(&cfg);
	cfg.idr[1] = (cfg.idr[1] & ~(0x1Fu << 21)) | (1u << 21); /* CMDQS 1 */
	mh_init(&h, &cfg, false);
	mh_setup(&h, false, 5, 0);	/* asks for 32, gets 2 entries */
	/* PROD index 1 with wrap 0; slot 1 at base + 16 */
	mmem_put64(&h.mem, MH_CMDQ + 16, sync0(0, 0));
	mmem_put64(&h.mem, MH_CMDQ, sync0(0, 0));
	mh_wr32(&h, R_CMDQ_PROD, 1);
	assert_int_equal(cons_rd(&h), 1);
	mh_wr32(&h, R_CMDQ_PROD, 2);		/* index 0, wrap 1 */
	assert_int_equal(cons_rd(&h), 2);
	mh_wr32(&h, R_CMDQ_PROD, 3);
	assert_int_equal(cons_rd(&h), 3);
	mh_fini(&h);
}

/*
 * A lockless host whose GERROR MSI handler recovers at once, from inside
 * the command consumer: the acknowledgement must not be lost.
 */
static struct mh *reenter_h;

static int reenter_msi(void *ctx, uint64_t addr, uint32_t data)
{
	struct mh *h = reenter_h;
	uint32_t cons;

	(void)ctx;
	(void)data;
	if (addr != 0x9000)
		return 0;
	cons = cons_rd(h);
	mmem_put64(&h->mem, MH_CMDQ + 16ull * (cons & 0xff), sync0(0, 0));
	ack_gerror(h);
	return 0;
}

static void test_reentrant_ack(void **state)
{
	struct smmu_model_ops ops = { 0 };
	struct smmu_model_config cfg;
	struct smmu_model *m;
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	/* Replace the model by a lockless one with the re-entering MSI. */
	smmu_model_destroy(h.m);
	smmu_model_config_default(&cfg);
	ops.mem_read = mmem_read;
	ops.mem_write = mmem_write;
	ops.msi = reenter_msi;
	ops.alloc.alloc = t_alloc;
	ops.alloc.free = t_free;
	ops.ctx = &h.mem;
	assert_int_equal(smmu_model_create(&cfg, &ops, &m), 0);
	h.m = m;
	reenter_h = &h;
	mh_setup(&h, false, 0, 0);
	mh_wr64(&h, R_GERROR_IRQ_CFG0, 0x9000);
	mh_wr32(&h, R_IRQ_CTRL, 0x1);
	mh_cmd(&h, 0x08, 0);			/* CERROR_ILL */
	/* Recovered within the same PROD write. */
	assert_false(cmdq_err_active(&h));
	assert_int_equal(cons_rd(&h), 1);
	mh_sync(&h);
	assert_int_equal(cons_rd(&h), 2);
	mh_fini(&h);
}

/* Queue bases are aligned to the queue size (facts §2.15): low address
 * bits of CMDQ_BASE and EVENTQ_BASE are ignored. */
static void test_base_alignment(void **state)
{
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	mh_setup(&h, false, 0, 0);
	mh_wr32(&h, R_CR0, 0);
	/* 2^8 commands = 4 KiB: ADDR[11:5] ignored. */
	mh_wr64(&h, R_CMDQ_BASE, (MH_CMDQ + 0x7e0) | 8);
	mh_wr32(&h, R_CMDQ_PROD, 0);
	mh_wr32(&h, R_CMDQ_CONS, 0);
	mh_wr32(&h, R_CR0, CR0_CMDQEN);
	mh_sync(&h);				/* written at MH_CMDQ */
	assert_int_equal(cons_rd(&h), 1);
	assert_false(cmdq_err_active(&h));
	/* 1 command = 16 bytes: aligned to 32 (the minimum). */
	mh_wr32(&h, R_CR0, 0);
	mmem_put64(&h.mem, MH_CMDQ + 0x40, sync0(0, 0));
	mh_wr64(&h, R_CMDQ_BASE, (MH_CMDQ + 0x50) | 0);
	mh_wr32(&h, R_CMDQ_PROD, 0);
	mh_wr32(&h, R_CMDQ_CONS, 0);
	mh_wr32(&h, R_CR0, CR0_CMDQEN);
	mh_wr32(&h, R_CMDQ_PROD, 1);		/* wrap bit of a 1-entry queue */
	assert_int_equal(cons_rd(&h), 1);
	assert_false(cmdq_err_active(&h));
	mh_fini(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sync_none_irq_sev),
		cmocka_unit_test(test_sync_sev_unsupported),
		cmocka_unit_test(test_sync_msi_to_memory),
		cmocka_unit_test(test_sync_irq_after_cons),
		cmocka_unit_test(test_sync_msi_abort),
		cmocka_unit_test(test_cerror_ill_and_resume),
		cmocka_unit_test(test_cerror_abt_and_resume),
		cmocka_unit_test(test_command_checks_default),
		cmocka_unit_test(test_command_checks_identity),
		cmocka_unit_test(test_range_checks_without_ds),
		cmocka_unit_test(test_deferred),
		cmocka_unit_test(test_budget_and_enable),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_base_cap),
		cmocka_unit_test(test_reentrant_ack),
		cmocka_unit_test(test_base_alignment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
