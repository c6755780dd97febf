// SPDX-License-Identifier: MIT
/*
 * The reference guest driver on the hardware model, bare metal: the
 * driver's memory is physical memory and there is no stage 2. Probe,
 * reset, map, device DMA through the model, unmap, and a fault on an
 * unmapped IOVA that reaches the driver through the event queue.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vsmmu/base.h"
#include "baremetal.h"
#include "guest/internal.h"

/* A SID in the second L2 table; linear tables of 2^6 use a small one. */
static uint32_t dev_sid;

struct fixture {
	struct sim_bm bm;
	struct sim_dma dev;
};

static int setup_common(void **state, const struct smmu_model_config *mc,
			bool msi, const struct gsmmu_config *dc)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	dev_sid = mc ? 0x25u : 0x105u;
	assert_int_equal(sim_bm_init(&f.bm, mc, msi), 0);
	f.bm.quiet = !getenv("SIM_VERBOSE");
	assert_int_equal(sim_bm_boot(&f.bm, dc), 0);
	sim_dma_init(&f.dev, "dev0", f.bm.hw.model, dev_sid);
	*state = &f;
	return 0;
}

static int setup(void **state)
{
	return setup_common(state, NULL, false, NULL);
}

static int setup_msi(void **state)
{
	return setup_common(state, NULL, true, NULL);
}

static int setup_sev(void **state)
{
	struct gsmmu_config dc;

	memset(&dc, 0, sizeof(dc));
	dc.no_msi_sync = true;
	return setup_common(state, NULL, false, &dc);
}

static int setup_linear(void **state)
{
	struct smmu_model_config mc;

	smmu_model_config_default(&mc);
	mc.idr[0] = (uint32_t)smmu_field_set(SMMU_IDR0_ST_LEVEL, mc.idr[0],
					     SMMU_IDR0_ST_LEVEL_LINEAR);
	mc.idr[1] = (uint32_t)smmu_field_set(SMMU_IDR1_SIDSIZE, mc.idr[1], 6);
	mc.idr[1] = (uint32_t)smmu_field_set(SMMU_IDR1_SSIDSIZE, mc.idr[1], 0);
	return setup_common(state, &mc, false, NULL);
}

/* Commands and ACKs complete only when time passes (driver polls). */
static int setup_deferred(void **state)
{
	struct smmu_model_config mc;

	smmu_model_config_default(&mc);
	mc.deferred = true;
	mc.deferred_acks = true;
	return setup_common(state, &mc, false, NULL);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	sim_bm_fini(&f->bm);
	return 0;
}

static uint64_t rd32(struct fixture *f, uint32_t off)
{
	uint64_t v;

	assert_int_equal(smmu_model_mmio_read(f->bm.hw.model, off, 4, &v), 0);
	return v;
}

/* Probe and reset leave the SMMU translating with both queues on. */
static void test_reset_state(void **state)
{
	struct fixture *f = *state;
	uint32_t want = SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN | SMMU_CR0_CMDQEN;

	assert_int_equal(rd32(f, SMMU_CR0), want);
	assert_int_equal(rd32(f, SMMU_CR0ACK), want);
	assert_int_equal(rd32(f, SMMU_IRQ_CTRLACK),
			 SMMU_IRQ_CTRL_EVENTQ_IRQEN |
				 SMMU_IRQ_CTRL_GERROR_IRQEN);
	assert_true(f->bm.drv.enabled);
	/* The initial invalidation ran: CFGI_ALL, NSNH_ALL, syncs. */
	assert_true(f->bm.drv.st.cmds_by_op[SMMU_CMD_CFGI_STE_RANGE] >= 1);
	assert_true(f->bm.drv.st.cmds_by_op[SMMU_CMD_TLBI_NSNH_ALL] >= 1);
	assert_true(f->bm.drv.st.cmds_by_op[SMMU_CMD_SYNC] >= 2);
	assert_int_equal(f->bm.drv.st.sync_timeouts, 0);
	/* CONS caught up with PROD, no error. */
	assert_int_equal(rd32(f, SMMU_CMDQ_CONS), rd32(f, SMMU_CMDQ_PROD));
}

static struct gsmmu_domain *attach(struct fixture *f, bool strict)
{
	struct gsmmu_domain *d;

	assert_int_equal(gsmmu_domain_alloc(&f->bm.drv, strict, &d), 0);
	assert_int_equal(gsmmu_attach(d, dev_sid), 0);
	return d;
}

static void detach_free(struct fixture *f, struct gsmmu_domain *d)
{
	assert_int_equal(gsmmu_set_abort(&f->bm.drv, dev_sid), 0);
	assert_int_equal(gsmmu_domain_free(d), 0);
}

/* Install: hitless, two rounds over an abort STE; the STE reads back. */
static void test_attach_rounds(void **state)
{
	struct fixture *f = *state;
	struct gsmmu_domain *d;
	uint64_t rounds = f->bm.drv.st.ste_rounds, ste[8];
	struct smmu_ste s;

	d = attach(f, true);
	assert_int_equal(f->bm.drv.st.ste_rounds - rounds, 2);
	assert_int_equal(gsmmu_read_ste(&f->bm.drv, dev_sid, ste), 0);
	smmu_ste_decode(ste, &s);
	assert_true(s.v);
	assert_int_equal(s.config, SMMU_STE_CFG_S1);
	rounds = f->bm.drv.st.ste_rounds;
	detach_free(f, d);
	assert_int_equal(f->bm.drv.st.ste_rounds - rounds, 2);
	assert_int_equal(gsmmu_read_ste(&f->bm.drv, dev_sid, ste), 0);
	smmu_ste_decode(ste, &s);
	assert_int_equal(s.config, SMMU_STE_CFG_ABORT);
	assert_int_equal(ste[1], 0);
}

/* Map, DMA both ways through the model, check physical memory. */
static void test_map_dma(void **state)
{
	struct fixture *f = *state;
	struct gsmmu_domain *d = attach(f, true);
	uint8_t buf[3 * 4096 + 100], back[sizeof(buf)], phys[sizeof(buf)];
	uint64_t iova, pa;

	assert_int_equal(gsmmu_dma_alloc(d, sizeof(buf), &iova, &pa), 0);
	assert_int_not_equal(iova, pa);
	sim_pattern(buf, sizeof(buf), 7, 0);
	assert_int_equal(sim_dma_write(&f->dev, iova, buf, sizeof(buf)), 0);
	/* Every byte sits where the stage-1 table says: at pa. */
	assert_int_equal(sim_mem_read(f->bm.mem, pa, phys, sizeof(phys)), 0);
	assert_int_equal(sim_pattern_diff(phys, sizeof(phys), 7, 0), 0);
	memset(back, 0, sizeof(back));
	assert_int_equal(sim_dma_read(&f->dev, iova, back, sizeof(back)), 0);
	assert_memory_equal(back, buf, sizeof(buf));
	assert_int_equal(f->dev.st.faults, 0);
	assert_int_equal(f->bm.nevents, 0);

	assert_int_equal(gsmmu_dma_free(d, iova, pa, sizeof(buf)), 0);
	detach_free(f, d);
}

/* Counts accesses to one watched range of physical memory. */
static uint64_t watch_base, watch_hits;

static void watch_fn(void *ctx, uint64_t pa, size_t len, bool write)
{
	(void)ctx;
	(void)write;
	if (pa < watch_base + 4096 && pa + len > watch_base)
		watch_hits++;
}

/* A DMA to an unmapped IOVA faults and the driver sees the event. */
static void test_fault_unmapped(void **state)
{
	struct fixture *f = *state;
	struct gsmmu_domain *d = attach(f, true);
	uint64_t iova, pa;
	uint8_t b[64];

	assert_int_equal(gsmmu_dma_alloc(d, 4096, &iova, &pa), 0);
	assert_int_equal(gsmmu_dma_free(d, iova, pa, 4096), 0);
	memset(b, 0xa5, sizeof(b));
	/* The page the IOVA used to reach is never touched again. */
	watch_base = pa;
	watch_hits = 0;
	sim_mem_set_watch(f->bm.mem, watch_fn, NULL);
	assert_int_equal(sim_dma_write(&f->dev, iova + 0x40, b, sizeof(b)),
			 -VSMMU_ERR_FAULT);
	sim_mem_set_watch(f->bm.mem, NULL, NULL);
	assert_int_equal(watch_hits, 0);
	assert_true(sim_bm_irqs(&f->bm) >= 1);
	assert_int_equal(f->bm.nevents, 1);
	assert_int_equal(f->bm.events[0].id, SMMU_EVT_F_TRANSLATION);
	assert_int_equal(f->bm.events[0].sid, dev_sid);
	assert_int_equal(f->bm.events[0].input_addr, iova + 0x40);
	assert_false(f->bm.events[0].rnw);
	assert_false(f->bm.events[0].s2);
	/* The driver consumed the record: CONS caught up with PROD. */
	assert_int_equal(rd32(f, SMMU_EVENTQ_CONS) & SMMU_Q_IDX_WRP,
			 rd32(f, SMMU_EVENTQ_PROD) & SMMU_Q_IDX_WRP);
	detach_free(f, d);
}

/* A StreamID nobody attached aborts (C_BAD_STE is not raised: Config
 * abort is silent) and never touches memory. */
static void test_unattached_aborts(void **state)
{
	struct fixture *f = *state;
	uint8_t b[16] = {0};

	sim_dma_init(&f->dev, "stray", f->bm.hw.model, 0x42);
	assert_int_not_equal(sim_dma_read(&f->dev, 0x1000, b, sizeof(b)), 0);
	sim_bm_irqs(&f->bm);
	/* No L2 table exists for 0x42: C_BAD_STREAMID under RECINVSID. */
	assert_int_equal(f->bm.nevents, 1);
	assert_int_equal(f->bm.events[0].id, SMMU_EVT_C_BAD_STREAMID);
	assert_int_equal(f->bm.events[0].sid, 0x42);
}

/* Strict: each unmap sends TLBI_NH_VA + CMD_SYNC before returning. */
static void test_strict_unmap(void **state)
{
	struct fixture *f = *state;
	struct gsmmu_domain *d = attach(f, true);
	uint64_t iova[8], pa[8], va0, sy0;
	uint8_t b[8];
	unsigned int i;

	for (i = 0; i < 8; i++)
		assert_int_equal(gsmmu_dma_alloc(d, 4096, &iova[i], &pa[i]), 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(sim_dma_write(&f->dev, iova[i], "12345678", 8),
				 0);
	va0 = f->bm.drv.st.cmds_by_op[SMMU_CMD_TLBI_NH_VA];
	sy0 = f->bm.drv.st.cmds_by_op[SMMU_CMD_SYNC];
	for (i = 0; i < 8; i++) {
		assert_int_equal(gsmmu_dma_unmap(d, iova[i], 4096), 0);
		/* Gone at once: the TLB was invalidated before return. */
		assert_int_equal(sim_dma_read(&f->dev, iova[i], b, 8),
				 -VSMMU_ERR_FAULT);
	}
	assert_int_equal(f->bm.drv.st.cmds_by_op[SMMU_CMD_TLBI_NH_VA] - va0, 8);
	assert_int_equal(f->bm.drv.st.cmds_by_op[SMMU_CMD_SYNC] - sy0, 8);
	sim_bm_irqs(&f->bm);
	assert_int_equal(f->bm.nevents, 8);
	detach_free(f, d);
}

/* Lazy: unmaps are queued; one batch and one sync invalidate them. */
static void test_lazy_unmap(void **state)
{
	struct fixture *f = *state;
	struct gsmmu_domain *d = attach(f, false);
	uint64_t iova[8], pa[8], va0, sy0, as0;
	uint8_t b[8];
	unsigned int i;

	for (i = 0; i < 8; i++)
		assert_int_equal(gsmmu_dma_alloc(d, 4096, &iova[i], &pa[i]), 0);
	va0 = f->bm.drv.st.cmds_by_op[SMMU_CMD_TLBI_NH_VA];
	as0 = f->bm.drv.st.cmds_by_op[SMMU_CMD_TLBI_NH_ASID];
	sy0 = f->bm.drv.st.cmds_by_op[SMMU_CMD_SYNC];
	for (i = 0; i < 8; i++)
		assert_int_equal(gsmmu_dma_unmap(d, iova[i], 4096), 0);
	/* Nothing sent yet, the IOVAs are still held. */
	assert_int_equal(f->bm.drv.st.cmds_by_op[SMMU_CMD_TLBI_NH_VA], va0);
	assert_int_equal(f->bm.drv.st.cmds_by_op[SMMU_CMD_SYNC], sy0);
	assert_int_equal(d->nlazy, 8);
	assert_int_equal(gsmmu_flush(d), 0);
	assert_int_equal(f->bm.drv.st.cmds_by_op[SMMU_CMD_SYNC] - sy0, 1);
	assert_int_equal(
		f->bm.drv.st.cmds_by_op[SMMU_CMD_TLBI_NH_VA] - va0 +
			f->bm.drv.st.cmds_by_op[SMMU_CMD_TLBI_NH_ASID] - as0,
		8);
	assert_int_equal(d->nlazy, 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(sim_dma_read(&f->dev, iova[i], b, 8),
				 -VSMMU_ERR_FAULT);
	for (i = 0; i < 8; i++)
		sim_palloc_free(&f->bm.ram, pa[i], 4096);
	detach_free(f, d);
}

/* More faults than the event queue holds: OVFLG is set and acked. */
static void test_evtq_overflow(void **state)
{
	struct fixture *f = *state;
	struct gsmmu_domain *d = attach(f, true);
	unsigned int i, n = (1u << f->bm.drv.evtq.log2) + 20;
	uint8_t b[4];
	uint32_t prod;

	for (i = 0; i < n; i++)
		sim_dma_read(&f->dev, 0x7000000 + i * 0x1000ull, b, sizeof(b));
	prod = (uint32_t)rd32(f, SMMU_EVENTQ_PROD);
	assert_true(prod & SMMU_Q_OVF);
	sim_bm_irqs(&f->bm);
	assert_int_equal(f->bm.drv.st.overflows, 1);
	assert_int_equal(f->bm.nevents, 1u << f->bm.drv.evtq.log2);
	/* Acknowledged: OVACKFLG now equals OVFLG. */
	assert_int_equal(rd32(f, SMMU_EVENTQ_CONS) & SMMU_Q_OVF,
			 prod & SMMU_Q_OVF);
	/* Recording goes on after the ack. */
	sim_dma_read(&f->dev, 0x7000000, b, sizeof(b));
	sim_bm_irqs(&f->bm);
	assert_int_equal(f->bm.nevents, (1u << f->bm.drv.evtq.log2) + 1);
	detach_free(f, d);
}

/* Bypass and back to translation: 3 rounds when two dwords change. */
static void test_bypass_transitions(void **state)
{
	struct fixture *f = *state;
	struct gsmmu_domain *d;
	uint64_t rounds;
	uint8_t b[8];
	uint64_t pa, iova;

	assert_int_equal(gsmmu_set_bypass(&f->bm.drv, dev_sid), 0);
	/* Bypass: IOVA = PA. */
	assert_int_equal(sim_mem_write(f->bm.mem, 0x90000000ull, "bypass!", 8),
			 0);
	assert_int_equal(sim_dma_read(&f->dev, 0x90000000ull, b, 8), 0);
	assert_memory_equal(b, "bypass!", 8);
	assert_int_equal(gsmmu_domain_alloc(&f->bm.drv, true, &d), 0);
	rounds = f->bm.drv.st.ste_rounds;
	assert_int_equal(gsmmu_attach(d, dev_sid), 0);
	assert_int_equal(f->bm.drv.st.ste_rounds - rounds, 3);
	assert_int_equal(sim_dma_read(&f->dev, 0x90000000ull, b, 8),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(gsmmu_dma_alloc(d, 4096, &iova, &pa), 0);
	assert_int_equal(sim_dma_write(&f->dev, iova, "s1 data", 8), 0);
	assert_int_equal(sim_mem_read(f->bm.mem, pa, b, 8), 0);
	assert_memory_equal(b, "s1 data", 8);
	assert_int_equal(gsmmu_set_bypass(&f->bm.drv, dev_sid), 0);
	assert_int_equal(sim_dma_read(&f->dev, 0x90000000ull, b, 8), 0);
	assert_memory_equal(b, "bypass!", 8);
	assert_int_equal(gsmmu_domain_free(d), 0);
}

/* An illegal command stops the queue; the GERROR handler skips it. */
static void test_cmdq_error_recovery(void **state)
{
	struct fixture *f = *state;
	struct gsmmu_batch b;
	struct smmu_cmd c;
	uint64_t ge;

	gsmmu_batch_init_(&b);
	memset(&b, 0, sizeof(b));
	/* A reserved opcode, then a sync that must still complete. */
	b.cmd[0][0] = 0x0f;
	b.cmd[0][1] = 0;
	b.n = 1;
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_ASID;
	c.asid = 3;
	assert_int_equal(gsmmu_batch_add_(&f->bm.drv, &b, &c), 0);
	assert_int_equal(gsmmu_batch_sync_(&f->bm.drv, &b), 0);
	assert_int_equal(f->bm.drv.st.cmdq_errors, 1);
	assert_int_equal(f->bm.drv.st.gerrors, 1);
	ge = rd32(f, SMMU_GERROR) ^ rd32(f, SMMU_GERRORN);
	assert_int_equal(ge, 0);
}

/* Remove and probe again: the same SMMU comes back up from scratch. */
static void test_reprobe(void **state)
{
	struct fixture *f = *state;
	struct gsmmu_domain *d;
	struct gsmmu_ops ops;
	uint64_t iova, pa;
	uint8_t b[8];

	d = attach(f, true);
	assert_int_equal(gsmmu_dma_alloc(d, 4096, &iova, &pa), 0);
	assert_int_equal(sim_dma_write(&f->dev, iova, "before", 7), 0);
	/* The old driver goes away without cleaning up its domain's STE. */
	gsmmu_remove(&f->bm.drv);
	/* its tables were in RAM the platform reclaims */
	sim_palloc_fini(&d->iova);
	free(d);
	assert_int_equal(rd32(f, SMMU_CR0), 0);
	sim_bm_ops(&f->bm, &ops);
	assert_int_equal(gsmmu_probe(&f->bm.drv, &ops, NULL), 0);
	assert_int_equal(gsmmu_reset(&f->bm.drv), 0);
	/* The new stream table knows nothing of the old SID. */
	assert_int_not_equal(sim_dma_read(&f->dev, iova, b, 7), 0);
	d = attach(f, true);
	assert_int_equal(gsmmu_dma_alloc(d, 4096, &iova, &pa), 0);
	assert_int_equal(sim_dma_write(&f->dev, iova, "after!", 7), 0);
	assert_int_equal(sim_mem_read(f->bm.mem, pa, b, 7), 0);
	assert_memory_equal(b, "after!", 7);
	gsmmu_dma_free(d, iova, pa, 4096);
	detach_free(f, d);
}

/* An SMMU that never answers: every wait gives up, nothing hangs. */
static void test_timeouts(void **state)
{
	static struct sim_bm bm;
	struct smmu_model_config mc;
	struct gsmmu_config dc;
	struct smmu_cmd c;

	(void)state;
	smmu_model_config_default(&mc);
	mc.deferred = true;
	mc.deferred_acks = true;
	assert_int_equal(sim_bm_init(&bm, &mc, false), 0);
	bm.quiet = !getenv("SIM_VERBOSE");
	memset(&dc, 0, sizeof(dc));
	dc.poll_max = 50;
	/* CR0ACK never follows CR0. */
	bm.no_step_in_relax = true;
	assert_int_equal(sim_bm_boot(&bm, &dc), -VSMMU_ERR_TIMEOUT);
	assert_true(bm.drv.st.polls >= 50 && bm.drv.st.polls <= 60);
	gsmmu_remove(&bm.drv);
	/* Now it answers; then stops again in the middle of a sync. */
	bm.no_step_in_relax = false;
	assert_int_equal(sim_bm_boot(&bm, &dc), 0);
	bm.no_step_in_relax = true;
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_ALL;
	assert_int_equal(gsmmu_cmd_sync_(&bm.drv, &c), -VSMMU_ERR_TIMEOUT);
	assert_int_equal(bm.drv.st.sync_timeouts, 1);
	/* Once time passes again the queue drains and the driver goes on. */
	bm.no_step_in_relax = false;
	assert_int_equal(gsmmu_cmd_sync_(&bm.drv, &c), 0);
	sim_bm_fini(&bm);
}

/*
 * The write order of STE and CD updates: at every CMDQ_PROD write (each
 * CFGI + CMD_SYNC round) the live STE must mean the old or the new
 * configuration over the bits each one uses, and a valid CD must belong
 * wholly to one domain (its ASID with that domain's table). The used bits
 * are written out here from the facts sheet (§3.3-3.5), not taken from
 * the driver.
 */
struct order_check {
	struct fixture *f;
	uint64_t from[8], to[8];
	uint64_t cd_addr;
	struct gsmmu_domain *dom[2];
	unsigned int rounds, bad;
};

static void ste_used(const uint64_t ste[8], uint64_t used[8])
{
	unsigned int cfg = (unsigned int)smmu_field_get(SMMU_STE0_CFG, ste[0]);

	memset(used, 0, 8 * sizeof(uint64_t));
	used[0] = SMMU_STE0_V;
	if (!(ste[0] & SMMU_STE0_V))
		return;
	used[0] |= SMMU_STE0_CFG;
	if (cfg == SMMU_STE_CFG_BYPASS)
		used[1] = SMMU_STE1_SHCFG | SMMU_STE1_MTCFG |
			  SMMU_STE1_MEMATTR | SMMU_STE1_ALLOCCFG |
			  SMMU_STE1_PRIVCFG | SMMU_STE1_INSTCFG |
			  SMMU_STE1_NSCFG;
	if (cfg == SMMU_STE_CFG_S1) {
		used[0] |= SMMU_STE0_S1FMT | SMMU_STE0_S1CTXPTR |
			   SMMU_STE0_S1CDMAX;
		used[1] = SMMU_STE1_S1DSS | SMMU_STE1_S1CIR | SMMU_STE1_S1COR |
			  SMMU_STE1_S1CSH | SMMU_STE1_STRW | SMMU_STE1_EATS |
			  SMMU_STE1_S1STALLD;
		/* Traffic bypassing stage 1 (S1DSS = 01) takes SHCFG. */
		if (smmu_field_get(SMMU_STE1_S1DSS, ste[1]) ==
		    SMMU_STE_S1DSS_BYPASS)
			used[1] |= SMMU_STE1_SHCFG;
		used[2] = SMMU_STE2_S2VMID;
	}
}

static bool ste_means(const uint64_t live[8], const uint64_t cfg[8])
{
	uint64_t used[8];
	unsigned int i;

	ste_used(cfg, used);
	for (i = 0; i < 8; i++)
		if ((live[i] ^ cfg[i]) & used[i])
			return false;
	return true;
}

static bool cd_of(const struct smmu_cd *cd, struct gsmmu_domain *d)
{
	struct pgt_s1_cfg s1;

	memset(&s1, 0, sizeof(s1));
	pgt_table_s1_cfg(&d->pgt, &s1);
	return cd->asid == d->asid && cd->ttb0 == s1.tt[0].ttb;
}

static void order_hook(void *ctx)
{
	struct order_check *o = ctx;
	uint64_t live[8], w[8];
	struct smmu_cd cd;
	unsigned int i;

	o->rounds++;
	assert_int_equal(gsmmu_read_ste(&o->f->bm.drv, dev_sid, live), 0);
	if (!ste_means(live, o->from) && !ste_means(live, o->to))
		o->bad++;
	if (!o->cd_addr)
		return;
	for (i = 0; i < 8; i++)
		sim_mem_read64(o->f->bm.mem, o->cd_addr + 8 * i, &w[i]);
	smmu_cd_decode(w, &cd);
	if (cd.v && !cd_of(&cd, o->dom[0]) && !cd_of(&cd, o->dom[1]))
		o->bad++;
}

static void test_write_order(void **state)
{
	struct fixture *f = *state;
	struct order_check o;
	struct gsmmu_master *m;
	uint64_t ste[8];
	unsigned int step, total = 0;

	memset(&o, 0, sizeof(o));
	o.f = f;
	assert_int_equal(gsmmu_domain_alloc(&f->bm.drv, true, &o.dom[0]), 0);
	assert_int_equal(gsmmu_domain_alloc(&f->bm.drv, true, &o.dom[1]), 0);
	/* abort -> S1 a -> bypass -> abort -> S1 a -> S1 b -> bypass -> S1 a */
	for (step = 0; step < 7; step++) {
		static const int plan[7] = {0, 2, 1, 0, 3, 2, 0};
		int p = plan[step];

		m = gsmmu_master_get_(&f->bm.drv, dev_sid, true);
		assert_non_null(m);
		assert_int_equal(gsmmu_read_ste(&f->bm.drv, dev_sid, o.from),
				 0);
		o.cd_addr = m->cd_table;
		/* The target, built the way the architecture defines it. */
		if (p == 0 || p == 3) {
			if (!m->cd_table) {
				/* The first attach makes the CD table; the STE
				 * target needs its address. */
				assert_int_equal(
					gsmmu_attach(o.dom[0], dev_sid), 0);
				continue;
			}
			gsmmu_ste_s1_(&f->bm.drv, m, o.to);
		} else if (p == 1) {
			gsmmu_ste_abort_(o.to);
		} else {
			gsmmu_ste_bypass_(o.to);
		}
		o.rounds = 0;
		o.bad = 0;
		f->bm.prod_hook = order_hook;
		f->bm.prod_hook_ctx = &o;
		if (p == 0)
			assert_int_equal(gsmmu_attach(o.dom[0], dev_sid), 0);
		else if (p == 3)
			assert_int_equal(gsmmu_attach(o.dom[1], dev_sid), 0);
		else if (p == 1)
			assert_int_equal(gsmmu_set_abort(&f->bm.drv, dev_sid),
					 0);
		else
			assert_int_equal(gsmmu_set_bypass(&f->bm.drv, dev_sid),
					 0);
		f->bm.prod_hook = NULL;
		assert_int_equal(gsmmu_read_ste(&f->bm.drv, dev_sid, ste), 0);
		assert_true(ste_means(ste, o.to));
		assert_int_equal(o.bad, 0);
		assert_true(o.rounds >= 1);
		total += o.rounds;
	}
	assert_true(total >= 10);
	assert_int_equal(gsmmu_set_abort(&f->bm.drv, dev_sid), 0);
	assert_int_equal(gsmmu_domain_free(o.dom[0]), 0);
	assert_int_equal(gsmmu_domain_free(o.dom[1]), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reset_state, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_attach_rounds, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_map_dma, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_dma, setup_msi,
						teardown),
		cmocka_unit_test_setup_teardown(test_map_dma, setup_sev,
						teardown),
		cmocka_unit_test_setup_teardown(test_map_dma, setup_linear,
						teardown),
		cmocka_unit_test_setup_teardown(test_fault_unmapped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fault_unmapped, setup_msi,
						teardown),
		cmocka_unit_test_setup_teardown(test_fault_unmapped,
						setup_linear, teardown),
		cmocka_unit_test_setup_teardown(test_unattached_aborts, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_strict_unmap, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lazy_unmap, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_evtq_overflow, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bypass_transitions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cmdq_error_recovery, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reprobe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_dma, setup_deferred,
						teardown),
		cmocka_unit_test_setup_teardown(test_fault_unmapped,
						setup_deferred, teardown),
		cmocka_unit_test_setup_teardown(test_strict_unmap,
						setup_deferred, teardown),
		cmocka_unit_test_setup_teardown(test_lazy_unmap, setup_deferred,
						teardown),
		cmocka_unit_test_setup_teardown(test_bypass_transitions,
						setup_deferred, teardown),
		cmocka_unit_test(test_timeouts),
		cmocka_unit_test_setup_teardown(test_write_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_write_order, setup_linear,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
