// SPDX-License-Identifier: MIT
/*
 * Reset and enable (IHI 0070 §6.3.9-6.3.12, facts §8.6), one small step
 * per function in the order the architecture wants: stop traffic, disable,
 * program attributes, stream table, command queue, invalidate everything
 * the SMMU may have cached, event queue, interrupts, enable. Every ACK is
 * a bounded poll.
 */
#include "vsmmu/env.h"
#include "vsmmu/psmmu.h"
#include "internal.h"

/*
 * If translation was on, abort incoming traffic before turning it off, so
 * nothing bypasses while the tables are rebuilt: GBPA with Update=1 in
 * one write, then wait for Update to clear (facts §2.10).
 */
static int reset_stop_(struct psmmu *p)
{
	uint32_t cr0, gbpa;
	int err;

	err = psmmu_rd32_(p, SMMU_CR0, &cr0);
	if (err)
		return err;
	if (cr0 & SMMU_CR0_SMMUEN) {
		err = psmmu_poll_(p, SMMU_GBPA, (uint32_t)SMMU_GBPA_UPDATE, 0);
		if (!err)
			err = psmmu_rd32_(p, SMMU_GBPA, &gbpa);
		if (!err)
			err = psmmu_wr32_(p, SMMU_GBPA,
					  gbpa | (uint32_t)SMMU_GBPA_ABORT |
					  (uint32_t)SMMU_GBPA_UPDATE);
		if (!err)
			err = psmmu_poll_(p, SMMU_GBPA,
					  (uint32_t)SMMU_GBPA_UPDATE, 0);
		if (err)
			return err;
	}
	p->cmdq_on = false;
	err = psmmu_write_ack_(p, SMMU_CR0, SMMU_CR0ACK, 0);
	if (err)
		return err;
	p->failed = false;	/* a reset is what clears SFM_ERR */
	/* interrupts off before their configuration is rewritten */
	return psmmu_write_ack_(p, SMMU_IRQ_CTRL, SMMU_IRQ_CTRLACK, 0);
}

/* Errors left active by whoever ran the SMMU before: log, acknowledge. */
static int reset_clear_gerror_(struct psmmu *p)
{
	uint32_t ge, gen;
	int err;

	err = psmmu_rd32_(p, SMMU_GERROR, &ge);
	if (!err)
		err = psmmu_rd32_(p, SMMU_GERRORN, &gen);
	if (err || !smmu_gerror_active(ge, gen))
		return err;
	psmmu_logf_(p, VSMMU_LOG_WARN,
		    "psmmu: GERROR 0x%x active at reset; acknowledged",
		    smmu_gerror_active(ge, gen));
	return psmmu_wr32_(p, SMMU_GERRORN, ge);
}

/*
 * CR1: structures are cacheable and inner-shareable when the SMMU's
 * accesses are coherent; otherwise non-cacheable and the host's dma_sync
 * does the maintenance. CR2: record invalid StreamIDs, private TLB
 * maintenance where broadcast TLBI exists, E2H if the host asks.
 */
static int reset_attrs_(struct psmmu *p)
{
	uint32_t cache = SMMU_CACHE_NC, sh = SMMU_SH_OSH;
	int err;

	if (p->feat.mask & PSMMU_FEAT_COHACC) {
		cache = SMMU_CACHE_WB;
		sh = SMMU_SH_ISH;
	}
	p->cr1 = (uint32_t)(smmu_field_prep(SMMU_CR1_QUEUE_IC, cache) |
			    smmu_field_prep(SMMU_CR1_QUEUE_OC, cache) |
			    smmu_field_prep(SMMU_CR1_QUEUE_SH, sh) |
			    smmu_field_prep(SMMU_CR1_TABLE_IC, cache) |
			    smmu_field_prep(SMMU_CR1_TABLE_OC, cache) |
			    smmu_field_prep(SMMU_CR1_TABLE_SH, sh));
	p->cr2 = (uint32_t)SMMU_CR2_RECINVSID;
	if (p->feat.mask & PSMMU_FEAT_BTM)
		p->cr2 |= (uint32_t)SMMU_CR2_PTM;
	if (p->cfg.e2h && (p->feat.mask & PSMMU_FEAT_HYP))
		p->cr2 |= (uint32_t)SMMU_CR2_E2H;
	err = psmmu_wr32_(p, SMMU_CR1, p->cr1);
	if (!err)
		err = psmmu_wr32_(p, SMMU_CR2, p->cr2);
	return err;
}

/* Each piece once; a reset that failed half-way resumes where it was. */
static int reset_alloc_(struct psmmu *p)
{
	int err = 0;

	if (p->tables_ready)
		return 0;
	if (!p->st.base.va)
		err = psmmu_strtab_alloc_(p);
	if (!err && !p->cmdq.mem.va)
		err = psmmu_cmdq_alloc_(p);
	if (!err && !p->evtq.mem.va)
		err = psmmu_evtq_alloc_(p);
	if (err)
		return err;
	p->tables_ready = true;
	return 0;
}

static uint64_t reset_qbase_(const struct psmmu_queue_ *q)
{
	return smmu_field_prep(SMMU_Q_BASE_ADDR, q->mem.pa.v >> 5) |
	       smmu_field_prep(SMMU_Q_BASE_LOG2SIZE, q->log2) |
	       SMMU_Q_BASE_RWA;
}

/* Base first, then PROD = CONS = 0, then the enable (facts §2.15, §8.5). */
static int reset_cmdq_(struct psmmu *p)
{
	struct psmmu_batch b;
	struct smmu_cmd c;
	int err;

	err = psmmu_wr64_(p, SMMU_CMDQ_BASE, reset_qbase_(&p->cmdq));
	if (!err)
		err = psmmu_wr32_(p, SMMU_CMDQ_PROD, 0);
	if (!err)
		err = psmmu_wr32_(p, SMMU_CMDQ_CONS, 0);
	if (err)
		return err;
	p->cmdq.prod = smmu_qpos_unpack(0, p->cmdq.log2);
	p->cmdq.cons = p->cmdq.prod;
	err = psmmu_write_ack_(p, SMMU_CR0, SMMU_CR0ACK,
			       (uint32_t)SMMU_CR0_CMDQEN);
	if (err)
		return err;
	p->cmdq_on = true;

	/* forget every cached STE/CD, then every TLB entry (facts §8.7) */
	psmmu_batch_init_locked_(p, &b);
	vsmmu_memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_CFGI_STE_RANGE;
	c.range = SMMU_CFGI_RANGE_ALL;
	err = psmmu_batch_add(&b, &c);
	if (!err && (p->feat.mask & PSMMU_FEAT_HYP)) {
		vsmmu_memset(&c, 0, sizeof(c));
		c.op = SMMU_CMD_TLBI_EL2_ALL;
		err = psmmu_batch_add(&b, &c);
	}
	if (!err) {
		vsmmu_memset(&c, 0, sizeof(c));
		c.op = SMMU_CMD_TLBI_NSNH_ALL;
		err = psmmu_batch_add(&b, &c);
	}
	if (!err)
		err = psmmu_batch_submit_locked_(&b);
	return err;
}

static int reset_evtq_(struct psmmu *p)
{
	int err;

	err = psmmu_wr64_(p, SMMU_EVENTQ_BASE, reset_qbase_(&p->evtq));
	if (!err)
		err = psmmu_wr32_(p, SMMU_EVENTQ_PROD, 0);
	if (!err)
		err = psmmu_wr32_(p, SMMU_EVENTQ_CONS, 0);
	if (err)
		return err;
	p->evtq.prod = smmu_qpos_unpack(0, p->evtq.log2);
	p->evtq.cons = p->evtq.prod;
	p->evtq.ovack = false;
	return psmmu_write_ack_(p, SMMU_CR0, SMMU_CR0ACK,
				(uint32_t)(SMMU_CR0_CMDQEN | SMMU_CR0_EVENTQEN));
}

static int reset_msi_(struct psmmu *p, uint32_t cfg0, uint32_t cfg1,
		      uint32_t cfg2, const struct psmmu_msi *m)
{
	uint8_t attr = m->memattr ? m->memattr : 0x1;	/* Device-nGnRE */
	int err;

	err = psmmu_wr64_(p, cfg0, m->addr & SMMU_IRQ_CFG0_ADDR);
	if (!err)
		err = psmmu_wr32_(p, cfg1, m->data);
	if (!err)
		err = psmmu_wr32_(p, cfg2, (uint32_t)(
			smmu_field_prep(SMMU_IRQ_CFG2_MEMATTR, attr) |
			smmu_field_prep(SMMU_IRQ_CFG2_SH, m->sh)));
	return err;
}

/* Wired lines or MSIs, as the host said (facts §2.13, §8.1). */
static int reset_irqs_(struct psmmu *p)
{
	uint32_t en = (uint32_t)(SMMU_IRQ_CTRL_GERROR_IRQEN |
				 SMMU_IRQ_CTRL_EVENTQ_IRQEN);
	int err = 0;

	if (p->cfg.irq_mode == PSMMU_IRQ_MSI) {
		err = reset_msi_(p, SMMU_GERROR_IRQ_CFG0, SMMU_GERROR_IRQ_CFG1,
				 SMMU_GERROR_IRQ_CFG2, &p->cfg.gerror_msi);
		if (!err)
			err = reset_msi_(p, SMMU_EVENTQ_IRQ_CFG0,
					 SMMU_EVENTQ_IRQ_CFG1,
					 SMMU_EVENTQ_IRQ_CFG2,
					 &p->cfg.evtq_msi);
	} else if (p->feat.mask & PSMMU_FEAT_MSI) {
		/* CFG0 = 0: no MSI, the wired line (if any) fires */
		err = psmmu_wr64_(p, SMMU_GERROR_IRQ_CFG0, 0);
		if (!err)
			err = psmmu_wr64_(p, SMMU_EVENTQ_IRQ_CFG0, 0);
	}
	if (err || p->cfg.irq_mode == PSMMU_IRQ_NONE)
		return err;
	return psmmu_write_ack_(p, SMMU_IRQ_CTRL, SMMU_IRQ_CTRLACK, en);
}

static int reset_check_modes_(struct psmmu *p)
{
	bool msi = p->feat.mask & PSMMU_FEAT_MSI;
	bool coh = p->feat.mask & PSMMU_FEAT_COHACC;

	if (p->cfg.irq_mode == PSMMU_IRQ_MSI && !msi)
		return -VSMMU_ERR_NOTSUPP;
	switch (p->cfg.sync_mode) {
	case PSMMU_SYNC_AUTO:
		p->sync_msi = msi && coh;
		break;
	case PSMMU_SYNC_POLL_CONS:
		p->sync_msi = false;
		break;
	case PSMMU_SYNC_MSI:
		if (!msi || !coh)
			return -VSMMU_ERR_NOTSUPP;
		p->sync_msi = true;
		break;
	}
	return 0;
}

static int reset_locked_(struct psmmu *p)
{
	int err;

	err = reset_check_modes_(p);
	if (!err)
		err = reset_stop_(p);
	if (!err)
		err = reset_clear_gerror_(p);
	if (!err)
		err = reset_attrs_(p);
	if (!err)
		err = reset_alloc_(p);
	if (!err)
		err = psmmu_wr64_(p, SMMU_STRTAB_BASE,
				  psmmu_strtab_base_reg_(p));
	if (!err)
		err = psmmu_wr32_(p, SMMU_STRTAB_BASE_CFG,
				  psmmu_strtab_cfg_reg_(p));
	if (!err)
		err = reset_cmdq_(p);
	if (!err)
		err = reset_evtq_(p);
	if (!err)
		err = reset_irqs_(p);
	if (!err)
		err = psmmu_write_ack_(p, SMMU_CR0, SMMU_CR0ACK,
				       (uint32_t)(SMMU_CR0_CMDQEN |
						  SMMU_CR0_EVENTQEN |
						  SMMU_CR0_SMMUEN));
	if (!err)
		p->failed = false;
	return err;
}

int psmmu_reset(struct psmmu *p)
{
	int err;

	if (!p)
		return -VSMMU_ERR_INVAL;
	psmmu_lock_(p);
	err = reset_locked_(p);
	psmmu_unlock_(p);
	if (err)
		psmmu_logf_(p, VSMMU_LOG_ERR, "psmmu: reset failed: %s",
			    vsmmu_strerror(err));
	else
		psmmu_log_(p, VSMMU_LOG_INFO, "psmmu: SMMU enabled");
	return err;
}
