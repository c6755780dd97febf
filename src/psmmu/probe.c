// SPDX-License-Identifier: MIT
/*
 * Probe: read the ID registers once (IHI 0070 §6.3.1-6.3.8, facts §2.1-2.5)
 * into struct psmmu_features, refuse what the driver cannot drive, and
 * identify nesting errata by IIDR. No later code reads an ID register.
 * Also the small accessors of the probed state, and psmmu_destroy.
 */
#include "vsmmu/env.h"
#include "vsmmu/psmmu.h"
#include "internal.h"

const char *psmmu_refusal_name(enum psmmu_refusal r)
{
	switch (r) {
	case PSMMU_REFUSE_NONE:
		return "none";
	case PSMMU_REFUSE_NO_AA64:
		return "no VMSAv8-64 table format (IDR0.TTF)";
	case PSMMU_REFUSE_BIG_ENDIAN:
		return "big-endian table walks only (IDR0.TTENDIAN)";
	case PSMMU_REFUSE_NO_S2:
		return "no stage 2 (IDR0.S2P)";
	case PSMMU_REFUSE_QUEUES_SMALL:
		return "command or event queue too small (IDR1)";
	case PSMMU_REFUSE_PRESET:
		return "preset tables or queues (IDR1.TABLES/QUEUES_PRESET)";
	case PSMMU_REFUSE_BAD_ID:
		return "reserved ID register encoding";
	case PSMMU_REFUSE_IO:
		return "ID registers unreadable";
	}
	return "unknown";
}

/* Fill in the defaults of every zero field and check the others. */
static int probe_cfg_(struct psmmu_cfg *c)
{
	if (!c->poll_max)
		c->poll_max = PSMMU_DEF_POLL_MAX;
	if (!c->poll_delay_us)
		c->poll_delay_us = PSMMU_DEF_POLL_DELAY_US;
	if (!c->evtq_budget)
		c->evtq_budget = PSMMU_DEF_EVTQ_BUDGET;
	if (!c->strtab_split)
		c->strtab_split = PSMMU_DEF_SPLIT;
	/* STRTAB_BASE_CFG.SPLIT: 6, 8 or 10 (facts §2.14) */
	if (c->strtab_split != 6 && c->strtab_split != 8 &&
	    c->strtab_split != 10)
		return -VSMMU_ERR_INVAL;
	if (!c->linear_max_log2)
		c->linear_max_log2 = PSMMU_DEF_LINEAR_MAX;
	if (c->linear_max_log2 > 20)
		return -VSMMU_ERR_INVAL;
	if (!c->l1_max_log2)
		c->l1_max_log2 = PSMMU_DEF_L1_MAX;
	if (c->l1_max_log2 > 20)
		return -VSMMU_ERR_INVAL;
	if (!c->cmdq_log2)
		c->cmdq_log2 = PSMMU_DEF_CMDQ_LOG2;
	if (!c->evtq_log2)
		c->evtq_log2 = PSMMU_DEF_EVTQ_LOG2;
	if (c->cmdq_log2 > SMMU_Q_MAX_LOG2 || c->evtq_log2 > SMMU_Q_MAX_LOG2)
		return -VSMMU_ERR_INVAL;
	if (!c->inv_max_pages)
		c->inv_max_pages = PSMMU_DEF_INV_MAX_PAGES;
	if (c->sync_mode > PSMMU_SYNC_MSI || c->irq_mode > PSMMU_IRQ_MSI)
		return -VSMMU_ERR_INVAL;
	return 0;
}

static uint64_t bit_if_(bool cond, uint64_t bit)
{
	return cond ? bit : 0;
}

/*
 * Arm MMU-600 before r2p0 and MMU-700 have errata that break nested
 * translation (the errata Linux matches by IIDR ProductID, facts §1.3).
 */
static bool probe_nesting_errata_(uint32_t iidr)
{
	uint32_t impl = (uint32_t)smmu_field_get(SMMU_IIDR_IMPLEMENTER, iidr);
	uint32_t prod = (uint32_t)smmu_field_get(SMMU_IIDR_PRODUCTID, iidr);
	uint32_t var = (uint32_t)smmu_field_get(SMMU_IIDR_VARIANT, iidr);

	if (impl != SMMU_IIDR_IMPLEMENTER_ARM)
		return false;
	if (prod == SMMU_IIDR_PRODUCTID_MMU600 && var < 2)
		return true;
	return prod == SMMU_IIDR_PRODUCTID_MMU700;
}

/* Decode the raw registers into f; returns the refusal, if any. */
static enum psmmu_refusal probe_decode_(struct psmmu_features *f)
{
	uint32_t i0 = f->idr[0], i1 = f->idr[1], i3 = f->idr[3], i5 = f->idr[5];
	uint32_t ttf = (uint32_t)smmu_field_get(SMMU_IDR0_TTF, i0);
	uint32_t end = (uint32_t)smmu_field_get(SMMU_IDR0_TTENDIAN, i0);
	uint32_t stall = (uint32_t)smmu_field_get(SMMU_IDR0_STALL_MODEL, i0);
	uint32_t stl = (uint32_t)smmu_field_get(SMMU_IDR0_ST_LEVEL, i0);
	uint32_t httu = (uint32_t)smmu_field_get(SMMU_IDR0_HTTU, i0);
	uint64_t m = 0;

	m |= bit_if_(i0 & SMMU_IDR0_S1P, PSMMU_FEAT_S1);
	m |= bit_if_(i0 & SMMU_IDR0_S2P, PSMMU_FEAT_S2);
	m |= bit_if_(stl == SMMU_IDR0_ST_LEVEL_2LVL, PSMMU_FEAT_2LVL_STRTAB);
	m |= bit_if_(i0 & SMMU_IDR0_CD2L, PSMMU_FEAT_2LVL_CDTAB);
	m |= bit_if_(i0 & SMMU_IDR0_COHACC, PSMMU_FEAT_COHACC);
	m |= bit_if_(i0 & SMMU_IDR0_MSI, PSMMU_FEAT_MSI);
	m |= bit_if_(i0 & SMMU_IDR0_SEV, PSMMU_FEAT_SEV);
	m |= bit_if_(i0 & SMMU_IDR0_HYP, PSMMU_FEAT_HYP);
	m |= bit_if_(i0 & SMMU_IDR0_ATS, PSMMU_FEAT_ATS);
	m |= bit_if_(i0 & SMMU_IDR0_PRI, PSMMU_FEAT_PRI);
	m |= bit_if_(i0 & SMMU_IDR0_ASID16, PSMMU_FEAT_ASID16);
	m |= bit_if_(i0 & SMMU_IDR0_VMID16, PSMMU_FEAT_VMID16);
	m |= bit_if_(i0 & SMMU_IDR0_BTM, PSMMU_FEAT_BTM);
	m |= bit_if_(i0 & SMMU_IDR0_TERM_MODEL, PSMMU_FEAT_TERM_MODEL);
	m |= bit_if_(stall == SMMU_IDR0_STALL_MODEL_BOTH, PSMMU_FEAT_STALLS);
	m |= bit_if_(stall == SMMU_IDR0_STALL_MODEL_FORCE,
		     PSMMU_FEAT_STALL_FORCE);
	m |= bit_if_(end == SMMU_IDR0_TTENDIAN_MIXED ||
		     end == SMMU_IDR0_TTENDIAN_LE, PSMMU_FEAT_TT_LE);
	m |= bit_if_(httu != SMMU_IDR0_HTTU_NONE, PSMMU_FEAT_HTTU_AF);
	m |= bit_if_(httu >= SMMU_IDR0_HTTU_AF_DIRTY, PSMMU_FEAT_HTTU_DIRTY);
	m |= bit_if_(i1 & SMMU_IDR1_ATTR_TYPES_OVR, PSMMU_FEAT_ATTR_TYPES_OVR);
	m |= bit_if_(i3 & SMMU_IDR3_RIL, PSMMU_FEAT_RIL);
	m |= bit_if_(i3 & SMMU_IDR3_STT, PSMMU_FEAT_STT);
	m |= bit_if_(i3 & SMMU_IDR3_FWB, PSMMU_FEAT_FWB);
	m |= bit_if_(i3 & SMMU_IDR3_XNX, PSMMU_FEAT_XNX);
	m |= bit_if_(i3 & SMMU_IDR3_HAD, PSMMU_FEAT_HAD);
	m |= bit_if_(i5 & SMMU_IDR5_GRAN4K, PSMMU_FEAT_GRAN4K);
	m |= bit_if_(i5 & SMMU_IDR5_GRAN16K, PSMMU_FEAT_GRAN16K);
	m |= bit_if_(i5 & SMMU_IDR5_GRAN64K, PSMMU_FEAT_GRAN64K);
	f->mask = m;

	f->sid_bits = (uint8_t)smmu_field_get(SMMU_IDR1_SIDSIZE, i1);
	f->ssid_bits = (uint8_t)smmu_field_get(SMMU_IDR1_SSIDSIZE, i1);
	f->cmdq_log2_max = (uint8_t)smmu_field_get(SMMU_IDR1_CMDQS, i1);
	f->evtq_log2_max = (uint8_t)smmu_field_get(SMMU_IDR1_EVENTQS, i1);
	f->asid_bits = (m & PSMMU_FEAT_ASID16) ? 16 : 8;
	f->vmid_bits = (m & PSMMU_FEAT_VMID16) ? 16 : 8;
	f->oas_bits = (uint8_t)smmu_oas_bits(
		(unsigned int)smmu_field_get(SMMU_IDR5_OAS, i5));
	/* IAS = MAX(40 if AArch32 tables, OAS if AArch64) (facts §3.8) */
	f->ias_bits = f->oas_bits;
	if ((ttf & SMMU_IDR0_TTF_AA32) && f->ias_bits < 40)
		f->ias_bits = 40;

	if (i1 & (SMMU_IDR1_TABLES_PRESET | SMMU_IDR1_QUEUES_PRESET))
		return PSMMU_REFUSE_PRESET;
	if (!(ttf & SMMU_IDR0_TTF_AA64))
		return PSMMU_REFUSE_NO_AA64;
	if (end == SMMU_IDR0_TTENDIAN_BE)
		return PSMMU_REFUSE_BIG_ENDIAN;
	if (!(m & PSMMU_FEAT_S2))
		return PSMMU_REFUSE_NO_S2;
	if (f->cmdq_log2_max < PSMMU_MIN_CMDQ_LOG2 ||
	    f->evtq_log2_max < PSMMU_MIN_EVTQ_LOG2)
		return PSMMU_REFUSE_QUEUES_SMALL;
	/* reserved encodings: TTENDIAN 01, ST_LEVEL 1x, sizes past the max */
	if (end == 1 || stl > SMMU_IDR0_ST_LEVEL_2LVL || f->sid_bits > 32 ||
	    f->ssid_bits > 20 || f->oas_bits == 0 ||
	    f->cmdq_log2_max > SMMU_Q_MAX_LOG2 ||
	    f->evtq_log2_max > SMMU_Q_MAX_LOG2 ||
	    !(m & (PSMMU_FEAT_GRAN4K | PSMMU_FEAT_GRAN16K |
		   PSMMU_FEAT_GRAN64K)))
		return PSMMU_REFUSE_BAD_ID;

	if ((m & PSMMU_FEAT_S1) && (m & PSMMU_FEAT_S2))
		f->mask |= PSMMU_FEAT_NESTING;
	if (probe_nesting_errata_(f->iidr))
		f->options |= PSMMU_OPT_NESTING_ERRATA;
	return PSMMU_REFUSE_NONE;
}

static int probe_read_ids_(struct psmmu *p)
{
	static const uint32_t offs[6] = { SMMU_IDR0, SMMU_IDR1, SMMU_IDR2,
					  SMMU_IDR3, SMMU_IDR4, SMMU_IDR5 };
	unsigned int i;
	int err;

	for (i = 0; i < 6; i++) {
		err = psmmu_rd32_(p, offs[i], &p->feat.idr[i]);
		if (err)
			return err;
	}
	err = psmmu_rd32_(p, SMMU_IIDR, &p->feat.iidr);
	if (!err)
		err = psmmu_rd32_(p, SMMU_AIDR, &p->feat.aidr);
	return err;
}

int psmmu_probe(const struct psmmu_host_ops *ops, void *ctx,
		const struct psmmu_cfg *cfg, struct psmmu **out,
		enum psmmu_refusal *why)
{
	struct psmmu_cfg c;
	struct psmmu *p;
	enum psmmu_refusal r;
	int err;

	if (why)
		*why = PSMMU_REFUSE_NONE;
	if (!ops || !out || !ops->read32 || !ops->write32 || !ops->alloc ||
	    !ops->free || !ops->dma_alloc || !ops->dma_free)
		return -VSMMU_ERR_INVAL;
	*out = NULL;
	if (cfg)
		c = *cfg;
	else
		vsmmu_memset(&c, 0, sizeof(c));
	err = probe_cfg_(&c);
	if (err)
		return err;

	p = ops->alloc(ctx, sizeof(*p));
	if (!p)
		return -VSMMU_ERR_NOMEM;
	vsmmu_memset(p, 0, sizeof(*p));
	p->ops = ops;
	p->ctx = ctx;
	p->cfg = c;

	err = probe_read_ids_(p);
	if (err) {
		r = PSMMU_REFUSE_IO;
		goto refuse;
	}
	r = probe_decode_(&p->feat);
	if (r != PSMMU_REFUSE_NONE) {
		err = -VSMMU_ERR_NOTSUPP;
		goto refuse;
	}
	if (p->feat.options & PSMMU_OPT_NESTING_ERRATA) {
		if (c.allow_nesting_errata) {
			psmmu_logf_(p, VSMMU_LOG_WARN,
				    "psmmu: IIDR 0x%08x has nesting errata; nesting allowed by the host",
				    p->feat.iidr);
		} else {
			p->feat.mask &= ~PSMMU_FEAT_NESTING;
			psmmu_logf_(p, VSMMU_LOG_WARN,
				    "psmmu: IIDR 0x%08x has nesting errata; nesting disabled",
				    p->feat.iidr);
		}
	}
	err = psmmu_vmid_map_alloc_(p);
	if (err) {
		ops->free(ctx, p, sizeof(*p));
		return err;
	}
	psmmu_logf_(p, VSMMU_LOG_INFO,
		    "psmmu: IDR0 0x%08x IDR1 0x%08x IIDR 0x%08x AIDR 0x%x: %u-bit SIDs, %u-bit OAS, nesting %s",
		    p->feat.idr[0], p->feat.idr[1], p->feat.iidr, p->feat.aidr,
		    p->feat.sid_bits, p->feat.oas_bits,
		    (p->feat.mask & PSMMU_FEAT_NESTING) ? "yes" : "no");
	*out = p;
	return 0;

refuse:
	if (why)
		*why = r;
	psmmu_logf_(p, VSMMU_LOG_ERR, "psmmu: refusing SMMU: %s",
		    psmmu_refusal_name(r));
	ops->free(ctx, p, sizeof(*p));
	return err;
}

const struct psmmu_features *psmmu_get_features(const struct psmmu *p)
{
	return &p->feat;
}

bool psmmu_can_nest(const struct psmmu *p)
{
	return (p->feat.mask & PSMMU_FEAT_NESTING) != 0;
}

void psmmu_get_stats(struct psmmu *p, struct psmmu_stats *out)
{
	psmmu_lock_(p);
	*out = p->stats;
	psmmu_unlock_(p);
}

/* Best effort: abort incoming traffic, then turn everything off. */
static void destroy_disable_(struct psmmu *p)
{
	uint32_t gbpa;

	if (psmmu_rd32_(p, SMMU_GBPA, &gbpa) == 0 &&
	    psmmu_wr32_(p, SMMU_GBPA, gbpa | (uint32_t)SMMU_GBPA_ABORT |
			(uint32_t)SMMU_GBPA_UPDATE) == 0)
		(void)psmmu_poll_(p, SMMU_GBPA, (uint32_t)SMMU_GBPA_UPDATE, 0);
	(void)psmmu_write_ack_(p, SMMU_IRQ_CTRL, SMMU_IRQ_CTRLACK, 0);
	(void)psmmu_write_ack_(p, SMMU_CR0, SMMU_CR0ACK, 0);
}

void psmmu_destroy(struct psmmu *p)
{
	struct psmmu_domain *d, *next;

	if (!p)
		return;
	if (p->tables_ready)
		destroy_disable_(p);
	p->cmdq_on = false;
	for (d = p->domains; d; d = next) {
		next = d->next;
		p->ops->free(p->ctx, d, sizeof(*d));
	}
	p->domains = NULL;
	psmmu_sid_free_all_(p);
	psmmu_strtab_free_(p);
	if (p->cmdq.mem.va)
		p->ops->dma_free(p->ctx, &p->cmdq.mem);
	if (p->evtq.mem.va)
		p->ops->dma_free(p->ctx, &p->evtq.mem);
	psmmu_vmid_map_free_(p);
	p->ops->free(p->ctx, p, sizeof(*p));
}
