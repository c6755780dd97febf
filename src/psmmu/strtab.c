// SPDX-License-Identifier: MIT
/*
 * The stream table (IHI 0070 §3.3, facts §3.1-3.2): linear when SIDSIZE
 * is small, else 2-level with SPLIT from the configuration and L2 tables
 * allocated when a SID in their span is first registered.
 *
 * Unused StreamIDs: every STE the driver allocates starts as V=1,
 * Config=abort, which terminates traffic without an event; a SID whose L2
 * table was never allocated has an L1 descriptor with Span=0 and is
 * reported as C_BAD_STREAMID (CR2.RECINVSID is set), which is what we want
 * for a device nobody registered.
 */
#include "vsmmu/env.h"
#include "vsmmu/psmmu.h"
#include "internal.h"

/* An abort STE: V=1, Config=0b000, everything else 0 (facts §3.3). */
static void strtab_fill_abort_(void *va, size_t n_ste)
{
	uint64_t *w = va;
	size_t i;

	vsmmu_memset(va, 0, n_ste * SMMU_STE_BYTES);
	for (i = 0; i < n_ste; i++)
		psmmu_store64_(&w[i * SMMU_STE_DWORDS],
			       smmu_field_prep(SMMU_STE0_V, 1));
}

int psmmu_strtab_alloc_(struct psmmu *p)
{
	struct psmmu_strtab_ *st = &p->st;
	unsigned int sidsize = p->feat.sid_bits;
	size_t size, align;
	int err;

	if (sidsize <= p->cfg.linear_max_log2 ||
	    !(p->feat.mask & PSMMU_FEAT_2LVL_STRTAB)) {
		st->two_level = false;
		st->log2size = (uint8_t)VSMMU_MIN(sidsize,
						  p->cfg.linear_max_log2);
		size = (size_t)SMMU_STE_BYTES << st->log2size;
		/* linear base aligned to the table size (facts §3.1) */
		align = size;
	} else {
		st->two_level = true;
		st->split = p->cfg.strtab_split;
		st->log2size = (uint8_t)VSMMU_MIN(sidsize,
				(unsigned int)st->split + p->cfg.l1_max_log2);
		st->n_l1 = st->log2size > st->split ?
			   1u << (st->log2size - st->split) : 1u;
		size = (size_t)st->n_l1 * SMMU_L1STD_BYTES;
		/* L1 base aligned to MAX(64, L1 size) (facts §3.1) */
		align = VSMMU_MAX(size, (size_t)64);
		st->l2 = p->ops->alloc(p->ctx, st->n_l1 * sizeof(*st->l2));
		if (!st->l2)
			return -VSMMU_ERR_NOMEM;
		vsmmu_memset(st->l2, 0, st->n_l1 * sizeof(*st->l2));
	}
	err = p->ops->dma_alloc(p->ctx, size, align, &st->base);
	if (err || !st->base.va) {
		psmmu_strtab_free_(p);
		return err ? err : -VSMMU_ERR_NOMEM;
	}
	if (st->two_level)
		vsmmu_memset(st->base.va, 0, size); /* Span 0: invalid */
	else
		strtab_fill_abort_(st->base.va, (size_t)1 << st->log2size);
	psmmu_dma_to_dev_(p, &st->base, 0, size);
	psmmu_logf_(p, VSMMU_LOG_INFO,
		    "psmmu: %s stream table, %u SID bits%s",
		    st->two_level ? "2-level" : "linear", st->log2size,
		    st->two_level ? " (L2 tables on demand)" : "");
	return 0;
}

void psmmu_strtab_free_(struct psmmu *p)
{
	struct psmmu_strtab_ *st = &p->st;
	uint32_t i;

	if (st->l2) {
		for (i = 0; i < st->n_l1; i++)
			if (st->l2[i].va)
				p->ops->dma_free(p->ctx, &st->l2[i]);
		p->ops->free(p->ctx, st->l2, st->n_l1 * sizeof(*st->l2));
		st->l2 = NULL;
	}
	if (st->base.va)
		p->ops->dma_free(p->ctx, &st->base);
	vsmmu_memset(&st->base, 0, sizeof(st->base));
}

uint64_t psmmu_strtab_base_reg_(const struct psmmu *p)
{
	return smmu_field_prep(SMMU_STRTAB_BASE_ADDR, p->st.base.pa.v >> 6) |
	       SMMU_STRTAB_BASE_RA;
}

uint32_t psmmu_strtab_cfg_reg_(const struct psmmu *p)
{
	uint64_t v = smmu_field_prep(SMMU_STRTAB_BASE_CFG_LOG2SIZE,
				     p->st.log2size);

	if (p->st.two_level)
		v |= smmu_field_prep(SMMU_STRTAB_BASE_CFG_FMT,
				     SMMU_STRTAB_FMT_2LVL) |
		     smmu_field_prep(SMMU_STRTAB_BASE_CFG_SPLIT, p->st.split);
	return (uint32_t)v;
}

bool psmmu_strtab_sid_ok_(const struct psmmu *p, uint32_t sid)
{
	return p->st.log2size >= 32 || sid < (1ull << p->st.log2size);
}

int psmmu_strtab_ensure_(struct psmmu *p, uint32_t sid)
{
	struct psmmu_strtab_ *st = &p->st;
	struct psmmu_batch b;
	struct psmmu_dma *l2;
	uint32_t i;
	size_t size;
	uint64_t desc;
	int err;

	if (!p->tables_ready)
		return -VSMMU_ERR_STATE;
	if (!psmmu_strtab_sid_ok_(p, sid))
		return -VSMMU_ERR_RANGE;
	if (!st->two_level)
		return 0;
	i = sid >> st->split;
	l2 = &st->l2[i];
	if (l2->va)
		return 0;

	/* an L2 holds 2^SPLIT STEs and is aligned to its size (facts §3.2) */
	size = (size_t)SMMU_STE_BYTES << st->split;
	err = p->ops->dma_alloc(p->ctx, size, size, l2);
	if (err || !l2->va) {
		vsmmu_memset(l2, 0, sizeof(*l2));
		return err ? err : -VSMMU_ERR_NOMEM;
	}
	strtab_fill_abort_(l2->va, (size_t)1 << st->split);
	psmmu_dma_to_dev_(p, l2, 0, size);

	/* fill the table before the descriptor that links it is written */
	desc = smmu_field_prep(SMMU_L1STD_SPAN, st->split + 1u) |
	       smmu_field_prep(SMMU_L1STD_L2PTR, l2->pa.v >> 6);
	psmmu_store64_((uint64_t *)st->base.va + i, desc);
	psmmu_dma_to_dev_(p, &st->base, i * SMMU_L1STD_BYTES,
			  SMMU_L1STD_BYTES);
	if (!p->cmdq_on)
		return 0;
	/* CFGI_STE with Leaf=0 also drops a cached L1STD (facts §8.7) */
	psmmu_batch_init_locked_(p, &b);
	err = psmmu_batch_cfgi_ste_(&b, sid, false);
	if (!err)
		err = psmmu_batch_submit_locked_(&b);
	return err;
}

uint64_t *psmmu_strtab_ste_(struct psmmu *p, uint32_t sid,
			    const struct psmmu_dma **dma, size_t *off)
{
	struct psmmu_strtab_ *st = &p->st;
	struct psmmu_dma *d;
	size_t o;

	if (!p->tables_ready || !psmmu_strtab_sid_ok_(p, sid))
		return NULL;
	if (st->two_level) {
		d = &st->l2[sid >> st->split];
		o = (size_t)(sid & ((1u << st->split) - 1u)) * SMMU_STE_BYTES;
	} else {
		d = &st->base;
		o = (size_t)sid * SMMU_STE_BYTES;
	}
	if (!d->va)
		return NULL;
	if (dma)
		*dma = d;
	if (off)
		*off = o;
	return (uint64_t *)((uint8_t *)d->va + o);
}
