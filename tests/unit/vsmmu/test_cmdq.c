// SPDX-License-Identifier: MIT
/*
 * src/vsmmu/cmdq.c: the command queue consumer. CFGI rounds, batched TLBIs,
 * CMD_SYNC completion (SEV, wired, MSI polling), every CERROR path, the
 * budget and vsmmu_resume.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "fakes/vsmmu_fake_host.h"

#define PSID 0x40u
#define VSID 5u

static void ste_s1(uint64_t w[8], uint64_t ctxptr, unsigned int cdmax)
{
	struct smmu_ste s;

	memset(&s, 0, sizeof(s));
	s.v = true;
	s.config = SMMU_STE_CFG_S1;
	s.s1ctxptr = ctxptr;
	s.s1cdmax = (uint8_t)cdmax;
	s.s1fmt = cdmax ? SMMU_STE_S1FMT_64K_L2 : 0;
	s.s1dss = cdmax ? SMMU_STE_S1DSS_SSID0 : 0;
	s.s1cir = s.s1cor = SMMU_CACHE_WB;
	s.s1csh = SMMU_SH_ISH;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
}

static void setup(struct vfx *f, unsigned int budget)
{
	struct vfx_layout lay;

	vfx_init(f, 4 << 20);
	vfx_map(f, PSID, VSID);
	f->cfg.cmd_budget = budget;
	vfx_create(f);
	vfx_default_layout(&lay);
	vfx_linux_reset(f, &lay);
	viommu_mock_clear(&f->mock);
}

static uint32_t cons_rd(struct vfx *f)
{
	return vfx_rd32(f, SMMU_CMDQ_CONS) & (uint32_t)SMMU_Q_IDX_WRP;
}

/*
 * Linux's hitless STE update: each CFGI round re-reads the STE and the
 * backend gets the configuration the STE means at that moment.
 */
static void test_hitless_ste_rounds(void **state)
{
	const struct viommu_mock_call *c;
	struct psmmu_s1_cfg s1;
	uint64_t w[8], cur[8];
	struct vfx f;

	(void)state;
	setup(&f, 0);
	/* Round 0: V = 0 (zeroed table): abort. */
	vfx_cfgi_ste(&f, VSID);
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_ABORT);

	/* Target: S1 with a 2-level CD table. */
	ste_s1(w, 0x300000, 10);
	memset(cur, 0, sizeof(cur));
	/* Round 1: dword 1 first (unused while V = 0). */
	cur[1] = w[1];
	vfx_ste_write(&f, VSID, cur);
	vfx_cfgi_ste(&f, VSID);
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_SET_ABORT), 2);
	/* Round 2: dword 0 makes it live. */
	cur[0] = w[0];
	vfx_ste_write(&f, VSID, cur);
	vfx_cfgi_ste(&f, VSID);
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, &s1), VMOCK_STE_S1);
	assert_int_equal(s1.s1ctxptr, 0x300000);
	assert_int_equal(s1.s1cdmax, 10);
	assert_int_equal(s1.s1fmt, SMMU_STE_S1FMT_64K_L2);
	assert_int_equal(s1.s1dss, SMMU_STE_S1DSS_SSID0);
	assert_int_equal(s1.s1cir, SMMU_CACHE_WB);
	assert_int_equal(s1.s1csh, SMMU_SH_ISH);
	assert_false(s1.s1stalld);
	assert_int_equal(s1.eats, 0);

	/* Round 3: a new CD table pointer, re-derived again. */
	ste_s1(w, 0x340000, 10);
	vfx_ste_write(&f, VSID, w);
	vfx_cfgi_ste(&f, VSID);
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INSTALL_S1), 2);
	c = viommu_mock_nth(&f.mock, VMOCK_INSTALL_S1, 1);
	assert_non_null(c);
	assert_int_equal(c->psid, PSID);
	assert_int_equal(c->s1.s1ctxptr, 0x340000);

	/* The same config re-issued: an ordinary replace, no error. */
	vfx_cfgi_ste(&f, VSID);
	vfx_cfgi_ste(&f, VSID);
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INSTALL_S1), 4);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR), 0);

	/* Bypass after S1 really drops S1; then abort. */
	memset(w, 0, sizeof(w));
	w[0] = SMMU_STE0_V | smmu_field_prep(SMMU_STE0_CFG,
					     SMMU_STE_CFG_BYPASS);
	vfx_ste_write(&f, VSID, w);
	vfx_cfgi_ste(&f, VSID);
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL),
			 VMOCK_STE_BYPASS);
	w[0] = SMMU_STE0_V;
	vfx_ste_write(&f, VSID, w);
	vfx_cfgi_ste(&f, VSID);
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_ABORT);
	assert_int_equal(cons_rd(&f), f.prod);
	vfx_fini(&f);
}

/* CFGI_STE_RANGE covers 2^(Range+1) SIDs aligned down; CFGI_ALL all. */
static void test_cfgi_range(void **state)
{
	struct smmu_cmd c;
	uint64_t w[8];
	struct vfx f;

	(void)state;
	vfx_init(&f, 4 << 20);
	vfx_map(&f, 0x40, 4);
	vfx_map(&f, 0x41, 7);
	vfx_map(&f, 0x42, 8);
	vfx_create(&f);
	{
		struct vfx_layout lay;

		vfx_default_layout(&lay);
		vfx_linux_reset(&f, &lay);
	}
	ste_s1(w, 0x300000, 0);
	vfx_ste_write(&f, 4, w);
	vfx_ste_write(&f, 7, w);
	vfx_ste_write(&f, 8, w);
	viommu_mock_clear(&f.mock);
	/* Range 1: SIDs 4..7 (sid 5 aligned down). */
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_CFGI_STE_RANGE;
	c.sid = 5;
	c.range = 1;
	vfx_cmd(&f, &c);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_ste(&f.mock, 0x40, NULL), VMOCK_STE_S1);
	assert_int_equal(viommu_mock_ste(&f.mock, 0x41, NULL), VMOCK_STE_S1);
	assert_int_equal(viommu_mock_ste(&f.mock, 0x42, NULL), VMOCK_STE_UNSET);
	c.range = SMMU_CFGI_RANGE_ALL;
	c.sid = 0;
	vfx_cmd(&f, &c);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_ste(&f.mock, 0x42, NULL), VMOCK_STE_S1);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INSTALL_S1), 5);
	/* An unmapped (emulated) vSID never reaches the backend. */
	vfx_cfgi_ste(&f, 100);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INSTALL_S1), 5);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_SET_ABORT), 0);
	assert_int_equal(cons_rd(&f), f.prod);
	vfx_fini(&f);
}

/* TLBIs are forwarded precisely and batched: one commit per PROD write. */
static void test_batched_tlbi(void **state)
{
	const struct viommu_mock_call *c;
	struct smmu_cmd cmd;
	struct vfx f;
	unsigned int i;

	(void)state;
	setup(&f, 0);
	for (i = 0; i < 8; i++) {
		memset(&cmd, 0, sizeof(cmd));
		cmd.op = SMMU_CMD_TLBI_NH_VA;
		cmd.asid = 3;
		cmd.addr = 0x10000ull + i * 0x1000;
		cmd.leaf = true;
		cmd.tg = SMMU_CMD_TG_4K;
		cmd.ttl = 3;
		cmd.num = 1;
		vfx_cmd(&f, &cmd);
	}
	memset(&cmd, 0, sizeof(cmd));
	cmd.op = SMMU_CMD_TLBI_NH_ASID;
	cmd.asid = 3;
	vfx_cmd(&f, &cmd);
	memset(&cmd, 0, sizeof(cmd));
	cmd.op = SMMU_CMD_CFGI_CD;
	cmd.sid = VSID;
	cmd.ssid = 2;
	cmd.leaf = true;
	vfx_cmd(&f, &cmd);
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	vfx_cmd_publish(&f);

	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_COMMIT), 1);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_ADD), 10);
	c = viommu_mock_nth(&f.mock, VMOCK_INV_ADD, 3);
	assert_int_equal(c->cmd.op, SMMU_CMD_TLBI_NH_VA);
	assert_int_equal(c->cmd.asid, 3);
	assert_int_equal(c->cmd.vmid, 7);	/* forced by viommu */
	assert_int_equal(c->cmd.addr, 0x13000);
	assert_int_equal(c->cmd.num, 1);
	assert_int_equal(c->cmd.ttl, 3);
	assert_true(c->cmd.leaf);
	c = viommu_mock_nth(&f.mock, VMOCK_INV_ADD, 9);
	assert_int_equal(c->cmd.op, SMMU_CMD_CFGI_CD);
	assert_int_equal(c->cmd.sid, PSID);	/* vSID -> pSID */
	assert_int_equal(c->cmd.ssid, 2);
	/* Every command of the run is in the one batch. */
	for (i = 1; i < 10; i++)
		assert_int_equal(viommu_mock_nth(&f.mock, VMOCK_INV_ADD,
						 i)->batch,
				 viommu_mock_nth(&f.mock, VMOCK_INV_ADD,
						 0)->batch);
	assert_int_equal(f.sevs, 1 + 1);	/* reset's sync + this one */

	/* Without a CMD_SYNC the batch is still committed at the end. */
	memset(&cmd, 0, sizeof(cmd));
	cmd.op = SMMU_CMD_TLBI_NSNH_ALL;
	vfx_cmd(&f, &cmd);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_COMMIT), 2);
	c = viommu_mock_nth(&f.mock, VMOCK_INV_ADD, 10);
	assert_int_equal(c->cmd.op, SMMU_CMD_TLBI_NH_ALL);
	assert_int_equal(c->cmd.vmid, 7);

	/* Two syncs in one run: one commit before each completes. */
	cmd.op = SMMU_CMD_TLBI_NH_ALL;
	vfx_cmd(&f, &cmd);
	vfx_sync(&f, SMMU_SYNC_CS_NONE, 0, 0);
	vfx_cmd(&f, &cmd);
	vfx_sync(&f, SMMU_SYNC_CS_NONE, 0, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_COMMIT), 4);
	/* Prefetches are no-ops. */
	memset(&cmd, 0, sizeof(cmd));
	cmd.op = SMMU_CMD_PREFETCH_CONFIG;
	cmd.sid = VSID;
	vfx_cmd(&f, &cmd);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_COMMIT), 4);
	assert_int_equal(cons_rd(&f), f.prod);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR), 0);
	vfx_fini(&f);
}

static uint32_t g_cons_at_msi;
static struct vsmmu *g_v;

static int msi_spy(void *ctx, uint64_t addr, uint32_t data)
{
	uint64_t cons = 0;

	(void)ctx;
	(void)addr;
	(void)data;
	/* CMDQ_CONS is readable without the lock we hold right now. */
	assert_int_equal(vsmmu_mmio_read(g_v, SMMU_CMDQ_CONS, 4, &cons), 0);
	g_cons_at_msi = (uint32_t)cons;
	return -VSMMU_ERR_NOENT;
}

/* Linux's MSI-polled CMD_SYNC: MSIData lands in the sync's own slot. */
static void test_sync_msi_polling(void **state)
{
	struct vfx f;
	uint64_t slot;

	(void)state;
	setup(&f, 0);
	slot = f.cmdq + (uint64_t)(f.prod & 0xff) * 16;
	vfx_sync(&f, SMMU_SYNC_CS_IRQ, ~0ull, 0);
	assert_int_not_equal(vfx_mem_r32(&f, slot), 0);
	vfx_cmd_publish(&f);
	assert_int_equal(vfx_mem_r32(&f, slot), 0);
	assert_int_equal(f.nmsi, 0);
	assert_int_equal(f.edges[VSMMU_IRQ_CMDQ_SYNC], 0);

	/* To a doorbell: an MSI. */
	vfx_sync(&f, SMMU_SYNC_CS_IRQ, VFX_DOORBELL + 0x40, 0x1234);
	vfx_cmd_publish(&f);
	assert_int_equal(f.nmsi, 1);
	assert_int_equal(f.msi[0].addr, VFX_DOORBELL + 0x40);
	assert_int_equal(f.msi[0].data, 0x1234);

	/* MSIAddress 0: the wired cmd-sync line. */
	vfx_sync(&f, SMMU_SYNC_CS_IRQ, 0, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(f.edges[VSMMU_IRQ_CMDQ_SYNC], 1);
	assert_int_equal(f.level[VSMMU_IRQ_CMDQ_SYNC], 0);

	/* CS = NONE signals nothing; SEV only sends SEV. */
	vfx_sync(&f, SMMU_SYNC_CS_NONE, VFX_DOORBELL, 1);
	vfx_cmd_publish(&f);
	assert_int_equal(f.nmsi, 1);
	f.sevs = 0;
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(f.sevs, 1);

	/* The completion is never observable before CONS moved past. */
	g_v = f.v;
	f.ops.msi_write = msi_spy;
	vfx_sync(&f, SMMU_SYNC_CS_IRQ, ~0ull, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(g_cons_at_msi & SMMU_Q_IDX_WRP, f.prod);
	f.ops.msi_write = NULL;
	vfx_fini(&f);
}

/* An aborted CMD_SYNC MSI raises GERROR.MSI_CMDQ_ABT_ERR. */
static void test_sync_msi_abort(void **state)
{
	struct vfx f;

	(void)state;
	setup(&f, 0);
	f.msi_fail = -VSMMU_ERR_IO;
	vfx_sync(&f, SMMU_SYNC_CS_IRQ, VFX_DOORBELL, 1);
	vfx_cmd_publish(&f);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR),
			 SMMU_GERROR_MSI_CMDQ_ABT_ERR);
	/* The sync itself completed. */
	assert_int_equal(cons_rd(&f), f.prod);
	/* A guest-RAM target that fails to write aborts too. */
	f.msi_fail = 0;
	vfx_wr32(&f, SMMU_GERRORN, vfx_rd32(&f, SMMU_GERROR));
	f.wfail_lo = 0x3000;
	f.wfail_hi = 0x3004;
	vfx_sync(&f, SMMU_SYNC_CS_IRQ, 0x3000, 1);
	vfx_cmd_publish(&f);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR) ^
			 vfx_rd32(&f, SMMU_GERRORN),
			 SMMU_GERROR_MSI_CMDQ_ABT_ERR);
	vfx_fini(&f);
}

/*
 * One illegal command: CONS stays on it with ERR set, GERROR.CMDQ_ERR
 * active, nothing after it runs until GERRORN acknowledges.
 */
static void check_ill(uint64_t w0, uint64_t w1, unsigned int want)
{
	struct smmu_cmd tl;
	uint32_t bad_cons, ge, cons;
	struct vfx f;

	setup(&f, 0);
	memset(&tl, 0, sizeof(tl));
	tl.op = SMMU_CMD_TLBI_NH_ALL;
	vfx_cmd(&f, &tl);
	bad_cons = f.prod;
	vfx_cmd_raw(&f, w0, w1);
	vfx_cmd(&f, &tl);
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	f.sevs = 0;
	vfx_cmd_publish(&f);

	cons = vfx_rd32(&f, SMMU_CMDQ_CONS);
	assert_int_equal(cons & SMMU_Q_IDX_WRP, bad_cons);
	assert_int_equal(smmu_field_get(SMMU_CMDQ_CONS_ERR, cons), want);
	ge = vfx_rd32(&f, SMMU_GERROR);
	assert_int_equal(ge ^ vfx_rd32(&f, SMMU_GERRORN), SMMU_GERROR_CMDQ_ERR);
	assert_int_equal(f.edges[VSMMU_IRQ_GERROR], 1);
	/* The command before it completed and its batch was committed. */
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_ADD), 1);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_COMMIT), 1);
	assert_int_equal(f.sevs, 0);
	/* Another PROD write does not restart the queue. */
	vfx_cmd_publish(&f);
	assert_int_equal(vfx_rd32(&f, SMMU_CMDQ_CONS) & SMMU_Q_IDX_WRP,
			 bad_cons);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_ADD), 1);

	/* Linux's recovery: overwrite the slot with a CMD_SYNC, ack. */
	{
		uint32_t p = f.prod;
		struct smmu_cmd s;
		uint64_t w[2];

		memset(&s, 0, sizeof(s));
		s.op = SMMU_CMD_SYNC;
		assert_int_equal(smmu_cmd_encode(&s, w), 0);
		vfx_mem_w64(&f, f.cmdq + (uint64_t)(bad_cons & 0xff) * 16, w[0]);
		vfx_mem_w64(&f, f.cmdq + (uint64_t)(bad_cons & 0xff) * 16 + 8,
			    w[1]);
		vfx_wr32(&f, SMMU_GERRORN, ge);
		assert_int_equal(vfx_rd32(&f, SMMU_CMDQ_CONS), p);
	}
	assert_int_equal(f.sevs, 1);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_ADD), 2);
	vfx_fini(&f);
}

static uint64_t op(unsigned int o)
{
	return (uint64_t)o;
}

static void test_cerror_ill(void **state)
{
	(void)state;
	/* Reserved opcodes. */
	check_ill(0x00, 0, SMMU_CERROR_ILL);
	check_ill(0x08, 0, SMMU_CERROR_ILL);
	check_ill(0x47, 0, SMMU_CERROR_ILL);
	check_ill(0xff, 0, SMMU_CERROR_ILL);
	/* Opcodes for features the guest is not given. */
	check_ill(op(SMMU_CMD_CFGI_VMS_PIDM), 0, SMMU_CERROR_ILL);
	check_ill(op(SMMU_CMD_TLBI_EL2_ALL), 0, SMMU_CERROR_ILL);
	check_ill(op(SMMU_CMD_TLBI_EL2_ASID), 0, SMMU_CERROR_ILL);
	check_ill(op(SMMU_CMD_TLBI_EL3_ALL), 0, SMMU_CERROR_ILL);
	check_ill(op(SMMU_CMD_TLBI_S12_VMALL), 0, SMMU_CERROR_ILL);
	check_ill(op(SMMU_CMD_TLBI_S2_IPA), 0x1000, SMMU_CERROR_ILL);
	check_ill(op(SMMU_CMD_ATC_INV) | ((uint64_t)VSID << 32), 0,
		  SMMU_CERROR_ILL);
	check_ill(op(SMMU_CMD_PRI_RESP) | ((uint64_t)VSID << 32), 0,
		  SMMU_CERROR_ILL);
	check_ill(op(SMMU_CMD_RESUME) | ((uint64_t)VSID << 32), 0,
		  SMMU_CERROR_ILL);
	check_ill(op(SMMU_CMD_STALL_TERM) | ((uint64_t)VSID << 32), 0,
		  SMMU_CERROR_ILL);
	/* CMD_SYNC with CS = 0b11. */
	check_ill(op(SMMU_CMD_SYNC) | smmu_field_prep(SMMU_CMD0_SYNC_CS, 3),
		  0, SMMU_CERROR_ILL);
	/* A reserved (RES0) field set. */
	check_ill(op(SMMU_CMD_TLBI_NSNH_ALL) | (1ull << 40), 0,
		  SMMU_CERROR_ILL);
	/* SSec = 1 on the Non-secure queue. */
	check_ill(op(SMMU_CMD_CFGI_STE) | SMMU_CMD0_SSEC |
		  ((uint64_t)VSID << 32), 1, SMMU_CERROR_ILL);
}

/*
 * Issue c alone; return CMDQ_CONS.ERR, then recover as Linux does
 * (overwrite the slot with a CMD_SYNC, acknowledge).
 */
static unsigned int one_cmd_err(struct vfx *f, const struct smmu_cmd *c)
{
	uint32_t slot = f->prod, ge;
	unsigned int err;
	struct smmu_cmd s;
	uint64_t w[2];

	vfx_cmd(f, c);
	vfx_cmd_publish(f);
	err = (unsigned int)smmu_field_get(SMMU_CMDQ_CONS_ERR,
					   vfx_rd32(f, SMMU_CMDQ_CONS));
	ge = vfx_rd32(f, SMMU_GERROR);
	if (ge ^ vfx_rd32(f, SMMU_GERRORN)) {
		memset(&s, 0, sizeof(s));
		s.op = SMMU_CMD_SYNC;
		assert_int_equal(smmu_cmd_encode(&s, w), 0);
		vfx_mem_w64(f, f->cmdq + (uint64_t)(slot & 0xff) * 16, w[0]);
		vfx_mem_w64(f, f->cmdq + (uint64_t)(slot & 0xff) * 16 + 8,
			    w[1]);
		vfx_wr32(f, SMMU_GERRORN, ge);
	}
	assert_int_equal(cons_rd(f), f->prod);
	return err;
}

/*
 * Fields the guest's ID registers make RES0 are checked like every other
 * RES0 field (IHI 0070 §4.1.5): without IDR3.RIL the range and level-hint
 * fields of TLBI_NH_VA/VAA (facts §5.4), without IDR0.ASID16 ASID[15:8].
 * Such a command is CERROR_ILL on the guest's queue and never reaches the
 * physical SMMU (where it would be widened to a whole-ASID/VMID flush, or
 * be the physical queue's CERROR_ILL).
 */
static void test_res0_by_feature(void **state)
{
	struct vfx_layout lay;
	struct smmu_cmd c;
	struct vfx f;

	(void)state;
	vfx_init(&f, 4 << 20);
	f.mock.idr[3] &= ~(uint32_t)SMMU_IDR3_RIL;
	f.mock.idr[0] &= ~(uint32_t)SMMU_IDR0_ASID16;
	vfx_map(&f, PSID, VSID);
	vfx_create(&f);
	vfx_default_layout(&lay);
	vfx_linux_reset(&f, &lay);
	viommu_mock_clear(&f.mock);
	assert_false(vfx_rd32(&f, SMMU_IDR3) & SMMU_IDR3_RIL);
	assert_false(vfx_rd32(&f, SMMU_IDR0) & SMMU_IDR0_ASID16);

	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_VA;
	c.asid = 3;
	c.addr = 0x40000;
	c.tg = 1;
	c.num = 7;
	assert_int_equal(one_cmd_err(&f, &c), SMMU_CERROR_ILL);
	c.op = SMMU_CMD_TLBI_NH_VAA;
	assert_int_equal(one_cmd_err(&f, &c), SMMU_CERROR_ILL);
	/* A level hint alone needs RIL too. */
	c.num = 0;
	c.ttl = 3;
	assert_int_equal(one_cmd_err(&f, &c), SMMU_CERROR_ILL);
	c.op = SMMU_CMD_TLBI_NH_ASID;
	c.tg = c.ttl = 0;
	c.addr = 0;
	c.asid = 0x100;
	assert_int_equal(one_cmd_err(&f, &c), SMMU_CERROR_ILL);
	c.op = SMMU_CMD_TLBI_NH_VA;
	c.addr = 0x40000;
	assert_int_equal(one_cmd_err(&f, &c), SMMU_CERROR_ILL);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_ADD), 0);
	/* The same commands within the advertised features pass. */
	c.asid = 0xff;
	assert_int_equal(one_cmd_err(&f, &c), SMMU_CERROR_NONE);
	c.op = SMMU_CMD_TLBI_NH_ASID;
	c.addr = 0;
	assert_int_equal(one_cmd_err(&f, &c), SMMU_CERROR_NONE);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_ADD), 2);
	assert_int_equal(viommu_mock_nth(&f.mock, VMOCK_INV_ADD, 0)->cmd.tg,
			 0);
	vfx_fini(&f);
}

/*
 * The guest never has IDR5.DS: SCALE[5] is RES0 (facts §5.4: SCALE is
 * 24:20 without DS), and a 16K range TLBI with TTL = 0b01 and NUM = SCALE
 * = 0 is the reserved "no range, no hint" encoding (TTL 0b01 at 16K needs
 * DS; IHI 0070 §4.4.1.1). Both are CERROR_ILL.
 */
static void test_tlbi_without_ds(void **state)
{
	struct smmu_cmd c;
	struct vfx f;

	(void)state;
	setup(&f, 0);
	assert_true(vfx_rd32(&f, SMMU_IDR3) & SMMU_IDR3_RIL);
	assert_false(vfx_rd32(&f, SMMU_IDR5) & SMMU_IDR5_DS);
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_VA;
	c.asid = 3;
	c.addr = 0x40000;
	c.tg = SMMU_CMD_TG_4K;
	c.scale = 32;
	assert_int_equal(one_cmd_err(&f, &c), SMMU_CERROR_ILL);
	c.tg = SMMU_CMD_TG_16K;
	c.scale = 0;
	c.ttl = 1;
	assert_int_equal(one_cmd_err(&f, &c), SMMU_CERROR_ILL);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_ADD), 0);
	/* Within the encoding: forwarded. */
	c.ttl = 2;
	assert_int_equal(one_cmd_err(&f, &c), SMMU_CERROR_NONE);
	c.tg = SMMU_CMD_TG_4K;
	c.ttl = 0;
	c.scale = 31;
	assert_int_equal(one_cmd_err(&f, &c), SMMU_CERROR_NONE);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_ADD), 2);
	vfx_fini(&f);
}

/*
 * A failed guest read of a command is CERROR_ABT: CONS stays, the queue
 * stops, and nothing reads the slot again until the guest acknowledges.
 */
static void test_cerror_abt_no_loop(void **state)
{
	unsigned int reads;
	uint32_t bad, ge;
	struct vfx f;

	(void)state;
	setup(&f, 0);
	bad = f.prod;
	f.rfail_lo = f.cmdq + (uint64_t)(bad & 0xff) * 16;
	f.rfail_hi = f.rfail_lo + 16;
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	f.sevs = 0;
	f.gmem_reads = 0;
	vfx_cmd_publish(&f);
	reads = f.gmem_reads;
	assert_int_equal(reads, 1);
	assert_int_equal(vfx_rd32(&f, SMMU_CMDQ_CONS),
			 bad | smmu_field_prep(SMMU_CMDQ_CONS_ERR,
					       SMMU_CERROR_ABT));
	ge = vfx_rd32(&f, SMMU_GERROR);
	assert_true(ge & SMMU_GERROR_CMDQ_ERR);
	/* Resume and further PROD writes do not retry. */
	assert_int_equal(vsmmu_resume(f.v), 0);
	vfx_cmd_publish(&f);
	assert_int_equal(f.gmem_reads, reads);
	assert_int_equal(f.sevs, 0);
	/* Fixed memory and an ack: the queue retries and completes. */
	f.rfail_hi = 0;
	vfx_wr32(&f, SMMU_GERRORN, ge);
	assert_int_equal(vfx_rd32(&f, SMMU_CMDQ_CONS), f.prod);
	assert_int_equal(f.sevs, 2);
	vfx_fini(&f);
}

/*
 * Commands are read in chunks (one host call for the command at CONS, one
 * for those after it). An unreadable entry inside a chunk does not stop
 * the commands before it: they run and CONS stops on the bad one with
 * CERROR_ABT, as if each had been read alone.
 */
static void test_cmd_chunk_reads(void **state)
{
	struct smmu_cmd c;
	uint32_t bad = 0, ge;
	unsigned int i;
	struct vfx f;

	(void)state;
	setup(&f, 0);
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_ASID;
	for (c.asid = 1; c.asid <= 10; c.asid++)
		vfx_cmd(&f, &c);
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	f.gmem_reads = 0;
	f.sevs = 0;
	vfx_cmd_publish(&f);
	assert_int_equal(cons_rd(&f), f.prod);
	assert_int_equal(f.gmem_reads, 2);
	assert_int_equal(f.sevs, 1);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_ADD), 10);

	viommu_mock_clear(&f.mock);
	for (i = 0; i < 5; i++) {
		c.asid = (uint16_t)(20 + i);
		if (i == 3)
			bad = f.prod;
		vfx_cmd(&f, &c);
	}
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	f.rfail_lo = f.cmdq + (uint64_t)(bad & 0xff) * 16;
	f.rfail_hi = f.rfail_lo + 16;
	f.sevs = 0;
	vfx_cmd_publish(&f);
	assert_int_equal(vfx_rd32(&f, SMMU_CMDQ_CONS),
			 bad | smmu_field_prep(SMMU_CMDQ_CONS_ERR,
					       SMMU_CERROR_ABT));
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_ADD), 3);
	assert_int_equal(f.sevs, 0);
	ge = vfx_rd32(&f, SMMU_GERROR);
	assert_true(ge & SMMU_GERROR_CMDQ_ERR);
	f.rfail_hi = 0;
	vfx_wr32(&f, SMMU_GERRORN, ge);
	assert_int_equal(cons_rd(&f), f.prod);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_ADD), 5);
	assert_int_equal(f.sevs, 1);
	vfx_fini(&f);
}

/*
 * A queue base below its required alignment (facts §2.15: MAX(queue
 * bytes, 32)) is used with the low address bits treated as zero: commands
 * are read from, and events written to, the aligned address.
 */
static void test_misaligned_queue_bases(void **state)
{
	uint32_t cons, ev_slot;
	uint64_t rec[4] = { SMMU_EVT_F_TRANSLATION |
			    ((uint64_t)VSID << 32), 0, 0x5000, 0 };
	struct vfx f;

	(void)state;
	setup(&f, 0);
	/* The command queue, 4 KiB, based 0x20 bytes past its alignment. */
	cons = cons_rd(&f);
	vfx_wr32(&f, SMMU_CR0, (uint32_t)(SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN));
	vfx_wr64(&f, SMMU_CMDQ_BASE, (f.cmdq + 0x20) | f.cmdq_log2);
	vfx_wr32(&f, SMMU_CMDQ_CONS, cons);
	vfx_wr32(&f, SMMU_CR0, (uint32_t)(SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN |
					  SMMU_CR0_CMDQEN));
	/* The slots the guest fills are at the aligned base (f.cmdq). */
	memset(f.mem + f.cmdq + (cons & 0xff) * 16u, 0, 64);
	f.sevs = 0;
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR), 0);
	assert_int_equal(cons_rd(&f), f.prod);
	assert_int_equal(f.sevs, 1);

	/* The event queue, 4 KiB, based 0x40 bytes past its alignment. */
	ev_slot = vfx_rd32(&f, SMMU_EVENTQ_PROD) & 0x7f;
	vfx_wr32(&f, SMMU_CR0, (uint32_t)(SMMU_CR0_SMMUEN | SMMU_CR0_CMDQEN));
	vfx_wr64(&f, SMMU_EVENTQ_BASE, (f.evtq + 0x40) | f.evtq_log2);
	vfx_wr32(&f, SMMU_CR0, (uint32_t)(SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN |
					  SMMU_CR0_CMDQEN));
	assert_int_equal(vsmmu_deliver_event(f.v, rec), 0);
	assert_int_equal(vfx_mem_r64(&f, f.evtq + ev_slot * 32u + 16), 0x5000);
	vfx_fini(&f);
}

/* CMDQEN = 0 holds the queue; enabling it processes what is pending. */
static void test_cmdqen_gates(void **state)
{
	struct vfx f;

	(void)state;
	setup(&f, 0);
	vfx_wr32(&f, SMMU_CR0, (uint32_t)(SMMU_CR0_SMMUEN |
					  SMMU_CR0_EVENTQEN));
	f.sevs = 0;
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(f.sevs, 0);
	assert_int_not_equal(vfx_rd32(&f, SMMU_CMDQ_CONS), f.prod);
	vfx_wr32(&f, SMMU_CR0, (uint32_t)(SMMU_CR0_SMMUEN |
					  SMMU_CR0_EVENTQEN |
					  SMMU_CR0_CMDQEN));
	assert_int_equal(f.sevs, 1);
	assert_int_equal(vfx_rd32(&f, SMMU_CMDQ_CONS), f.prod);
	vfx_fini(&f);
}

/*
 * A full 2^19-entry queue with a budget of 64: every call does at most 64
 * commands, CONS only moves over finished ones, the host is kicked, and
 * each call's invalidations make exactly one batch.
 */
static void test_budget_resume_big_queue(void **state)
{
	const unsigned int log2n = 19, n = 1u << log2n, budget = 64;
	struct vfx_layout lay;
	struct smmu_cmd c;
	uint32_t last, now;
	unsigned int i, calls = 0;
	struct vfx f;
	int ret;

	(void)state;
	vfx_init(&f, 20 << 20);
	vfx_map(&f, PSID, VSID);
	f.cfg.cmd_budget = budget;
	vfx_create(&f);
	vfx_default_layout(&lay);
	lay.cmdq = 0x800000;		/* 8 MiB, aligned to its size */
	lay.cmdq_log2 = log2n;
	lay.evtq = 0x300000;
	vfx_linux_reset(&f, &lay);
	assert_int_equal(vfx_rd64(&f, SMMU_CMDQ_BASE) & SMMU_Q_BASE_LOG2SIZE,
			 log2n);
	viommu_mock_clear(&f.mock);
	f.kicks = 0;

	/* Fill the queue completely: PROD = CONS with the wrap toggled. */
	memset(&c, 0, sizeof(c));
	for (i = 0; i < n; i++) {
		c.op = (i % 4 == 3) ? SMMU_CMD_SYNC : SMMU_CMD_TLBI_NH_ASID;
		c.asid = (uint16_t)i;
		vfx_cmd(&f, &c);
	}
	last = cons_rd(&f);
	assert_int_equal(f.prod ^ last, n);	/* full */
	ret = vfx_cmd_publish(&f);
	assert_int_equal(ret, VSMMU_PENDING);
	assert_int_equal(f.kicks, 1);
	now = cons_rd(&f);
	assert_int_equal((now - last) & (2 * n - 1), budget);
	last = now;
	for (;;) {
		ret = vsmmu_resume(f.v);
		calls++;
		now = cons_rd(&f);
		assert_true(((now - last) & (2 * n - 1)) <= budget);
		assert_true(now != last);
		last = now;
		if (ret == 0)
			break;
		assert_int_equal(ret, VSMMU_PENDING);
		assert_true(calls < n);
	}
	assert_int_equal(calls, n / budget - 1);
	assert_int_equal(now, f.prod);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_ADD),
			 n / 4 * 3);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_COMMIT), n / 4);
	assert_int_equal(f.sevs, 1);	/* only the reset's CS=SEV sync */
	assert_int_equal(f.kicks, n / budget - 1);
	assert_int_equal(vsmmu_resume(f.v), 0);
	vfx_fini(&f);
}

/* A CFGI_ALL over many mapped vSIDs spreads across calls by budget. */
static void test_cfgi_all_budget(void **state)
{
	struct vfx_layout lay;
	struct smmu_cmd c;
	uint64_t w[8];
	unsigned int i, calls;
	uint32_t start;
	struct vfx f;
	size_t before;

	(void)state;
	vfx_init(&f, 4 << 20);
	for (i = 0; i < 40; i++)
		vfx_map(&f, 0x100 + i, 10 + i);
	f.cfg.cmd_budget = 8;
	vfx_create(&f);
	vfx_default_layout(&lay);
	vfx_linux_reset(&f, &lay);
	/* SMMUEN = 1 re-derives 40 vSIDs: more than one budget. */
	assert_true(vfx_drain(&f, 10) > 1);
	ste_s1(w, 0x300000, 0);
	for (i = 0; i < 40; i++)
		vfx_ste_write(&f, 10 + i, w);
	viommu_mock_clear(&f.mock);
	start = cons_rd(&f);
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_CFGI_STE_RANGE;
	c.range = SMMU_CFGI_RANGE_ALL;
	vfx_cmd(&f, &c);
	vfx_sync(&f, SMMU_SYNC_CS_SEV, 0, 0);
	f.sevs = 0;
	assert_int_equal(vfx_cmd_publish(&f), VSMMU_PENDING);
	/* The CFGI is not finished: CONS still on it. */
	assert_int_equal(cons_rd(&f), start);
	assert_true(viommu_mock_count(&f.mock, VMOCK_INSTALL_S1) <= 8);
	calls = 0;
	for (;;) {
		int ret;

		before = viommu_mock_count(&f.mock, VMOCK_INSTALL_S1);
		ret = vsmmu_resume(f.v);
		calls++;
		assert_true(viommu_mock_count(&f.mock, VMOCK_INSTALL_S1) -
			    before <= 8);
		if (ret == 0)
			break;
		/* CONS moves past the CFGI only once it has finished. */
		if (viommu_mock_count(&f.mock, VMOCK_INSTALL_S1) < 40)
			assert_int_equal(cons_rd(&f), start);
		assert_true(calls < 100);
	}
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INSTALL_S1), 40);
	assert_int_equal(cons_rd(&f), f.prod);
	assert_int_equal(f.sevs, 1);
	vfx_fini(&f);
}

/*
 * A wide CFGI_STE_RANGE over a sparse map costs work per mapped vSID, not
 * per StreamID of the range: one guest command naming 2^31 StreamIDs
 * (Range = 30, SIDSIZE = 32) must not make the host look up every one
 * of them across thousands of resumes.
 */
static void test_cfgi_wide_range_sparse(void **state)
{
	struct vfx_layout lay;
	struct smmu_cmd c;
	uint64_t w[8];
	struct vfx f;

	(void)state;
	vfx_init(&f, 8 << 20);
	vfx_map(&f, PSID, VSID);
	vfx_map(&f, PSID + 1, 0xff00);
	f.cfg.sid_bits = 32;
	vfx_create(&f);
	vfx_default_layout(&lay);
	lay.st_log2 = 16;
	lay.strtab = 0;		/* 4 MiB linear table at GPA 0 */
	lay.cmdq = 0x500000;
	lay.evtq = 0x510000;
	vfx_linux_reset(&f, &lay);
	vfx_drain(&f, 4);
	ste_s1(w, 0x300000, 0);
	vfx_ste_write(&f, VSID, w);
	vfx_ste_write(&f, 0xff00, w);
	viommu_mock_clear(&f.mock);
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_CFGI_STE_RANGE;
	c.range = 30;
	vfx_cmd(&f, &c);
	vfx_sync(&f, SMMU_SYNC_CS_NONE, 0, 0);
	if (vfx_cmd_publish(&f) == VSMMU_PENDING)
		vfx_drain(&f, 4);
	assert_int_equal(cons_rd(&f), f.prod);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_S1);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID + 1, NULL),
			 VMOCK_STE_S1);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INSTALL_S1), 2);
	vfx_fini(&f);
}

/* cfg.stall: the physical stall model, S1STALLD, RESUME forwarded. */
static void test_stall_opt_in(void **state)
{
	const struct viommu_mock_call *mc;
	struct vfx_layout lay;
	struct psmmu_s1_cfg s1;
	struct smmu_ste st;
	struct smmu_cmd c;
	uint64_t w[8];
	struct vfx f;

	(void)state;
	vfx_init(&f, 4 << 20);
	f.mock.idr[0] = (uint32_t)smmu_field_set(SMMU_IDR0_STALL_MODEL,
						 f.mock.idr[0],
						 SMMU_IDR0_STALL_MODEL_BOTH);
	f.mock.idr[5] |= (uint32_t)smmu_field_prep(SMMU_IDR5_STALL_MAX, 32);
	vfx_map(&f, PSID, VSID);
	f.cfg.stall = true;
	vfx_create(&f);
	assert_int_equal(smmu_field_get(SMMU_IDR0_STALL_MODEL,
					vfx_rd32(&f, SMMU_IDR0)),
			 SMMU_IDR0_STALL_MODEL_BOTH);
	assert_int_equal(smmu_field_get(SMMU_IDR5_STALL_MAX,
					vfx_rd32(&f, SMMU_IDR5)), 32);
	vfx_default_layout(&lay);
	vfx_linux_reset(&f, &lay);
	viommu_mock_clear(&f.mock);

	/* S1STALLD is now a legal STE field, passed on. */
	memset(&st, 0, sizeof(st));
	st.v = true;
	st.config = SMMU_STE_CFG_S1;
	st.s1ctxptr = 0x300000;
	st.s1stalld = true;
	assert_int_equal(smmu_ste_encode(&st, w), 0);
	vfx_ste_write(&f, VSID, w);
	vfx_cfgi_ste(&f, VSID);
	/* RESUME / STALL_TERM reach the backend with the pSID. */
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_RESUME;
	c.sid = VSID;
	c.stag = 0x1234;
	c.action = SMMU_RESUME_RETRY;
	vfx_cmd(&f, &c);
	c.sid = 77;		/* emulated: nothing stalls there */
	vfx_cmd(&f, &c);
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_STALL_TERM;
	c.sid = VSID;
	vfx_cmd(&f, &c);
	vfx_sync(&f, SMMU_SYNC_CS_NONE, 0, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, &s1), VMOCK_STE_S1);
	assert_true(s1.s1stalld);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_ADD), 2);
	mc = viommu_mock_nth(&f.mock, VMOCK_INV_ADD, 0);
	assert_int_equal(mc->cmd.op, SMMU_CMD_RESUME);
	assert_int_equal(mc->cmd.sid, PSID);
	assert_int_equal(mc->cmd.stag, 0x1234);
	assert_int_equal(mc->cmd.action, SMMU_RESUME_RETRY);
	mc = viommu_mock_nth(&f.mock, VMOCK_INV_ADD, 1);
	assert_int_equal(mc->cmd.op, SMMU_CMD_STALL_TERM);
	assert_int_equal(mc->cmd.sid, PSID);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR), 0);
	assert_int_equal(cons_rd(&f), f.prod);
	vfx_fini(&f);

	/* Hardware without stall: the option changes nothing. */
	vfx_init(&f, 1 << 20);
	f.cfg.stall = true;
	vfx_create(&f);
	assert_int_equal(smmu_field_get(SMMU_IDR0_STALL_MODEL,
					vfx_rd32(&f, SMMU_IDR0)),
			 SMMU_IDR0_STALL_MODEL_NOSTALL);
	assert_int_equal(smmu_field_get(SMMU_IDR5_STALL_MAX,
					vfx_rd32(&f, SMMU_IDR5)), 0);
	vfx_fini(&f);
}

/* cfg.ats: ATS advertised, ATC_INV forwarded, EATS taken. */
static void test_ats_opt_in(void **state)
{
	const struct viommu_mock_call *mc;
	struct vfx_layout lay;
	struct psmmu_s1_cfg s1;
	struct smmu_ste st;
	struct smmu_cmd c;
	uint64_t w[8];
	struct vfx f;

	(void)state;
	vfx_init(&f, 4 << 20);
	f.mock.idr[0] |= (uint32_t)SMMU_IDR0_ATS;
	vfx_map(&f, PSID, VSID);
	f.cfg.ats = true;
	vfx_create(&f);
	assert_true(vfx_rd32(&f, SMMU_IDR0) & SMMU_IDR0_ATS);
	vfx_default_layout(&lay);
	vfx_linux_reset(&f, &lay);
	viommu_mock_clear(&f.mock);
	memset(&st, 0, sizeof(st));
	st.v = true;
	st.config = SMMU_STE_CFG_S1;
	st.s1ctxptr = 0x300000;
	st.eats = 1;
	assert_int_equal(smmu_ste_encode(&st, w), 0);
	vfx_ste_write(&f, VSID, w);
	vfx_cfgi_ste(&f, VSID);
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_ATC_INV;
	c.sid = VSID;
	c.addr = 0x10000;
	c.size = 2;
	vfx_cmd(&f, &c);
	vfx_sync(&f, SMMU_SYNC_CS_NONE, 0, 0);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, &s1), VMOCK_STE_S1);
	assert_int_equal(s1.eats, 1);
	mc = viommu_mock_nth(&f.mock, VMOCK_INV_ADD, 0);
	assert_non_null(mc);
	assert_int_equal(mc->cmd.op, SMMU_CMD_ATC_INV);
	assert_int_equal(mc->cmd.sid, PSID);
	assert_int_equal(mc->cmd.addr, 0x10000);
	/* Split-stage ATS (EATS = 0b10) needs stage 2: ILLEGAL. */
	st.eats = 2;
	assert_int_equal(smmu_ste_encode(&st, w), 0);
	vfx_ste_write(&f, VSID, w);
	vfx_cfgi_ste(&f, VSID);
	vfx_cmd_publish(&f);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_ABORT);
	vfx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hitless_ste_rounds),
		cmocka_unit_test(test_cfgi_range),
		cmocka_unit_test(test_batched_tlbi),
		cmocka_unit_test(test_sync_msi_polling),
		cmocka_unit_test(test_sync_msi_abort),
		cmocka_unit_test(test_cerror_ill),
		cmocka_unit_test(test_res0_by_feature),
		cmocka_unit_test(test_tlbi_without_ds),
		cmocka_unit_test(test_cerror_abt_no_loop),
		cmocka_unit_test(test_cmd_chunk_reads),
		cmocka_unit_test(test_cmdqen_gates),
		cmocka_unit_test(test_misaligned_queue_bases),
		cmocka_unit_test(test_budget_resume_big_queue),
		cmocka_unit_test(test_cfgi_all_budget),
		cmocka_unit_test(test_cfgi_wide_range_sparse),
		cmocka_unit_test(test_stall_opt_in),
		cmocka_unit_test(test_ats_opt_in),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
