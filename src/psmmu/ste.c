// SPDX-License-Identifier: MIT
/*
 * STEs: compute the target first (pure functions), then commit it to the
 * live entry in an order that keeps the entry meaningful at every step.
 *
 * The SMMU may read the eight dwords of an STE in any order, but each
 * dword with single-copy atomicity (IHI 0070 §3.21.3, facts §8.7). An
 * update is hitless when, after each dword written, the entry still means
 * either the old or the new configuration over the bits the SMMU
 * interprets for that configuration (the "used" bits). The commit below:
 *   1. writes every bit the old configuration ignores to its new value;
 *   2. if at most one dword still differs on bits the new configuration
 *      uses, writes that dword (the switch), then the rest;
 *   3. otherwise breaks the entry (V=0), writes dwords 1-7, then dword 0.
 * Each step ends with CFGI_STE + CMD_SYNC so the SMMU forgets any cached
 * copy before the next step.
 */
#include "vsmmu/env.h"
#include "vsmmu/psmmu.h"
#include "internal.h"

/* Stage-1 fields of dword 1, interpreted only when stage 1 is on. */
#define STE1_S1_BITS (SMMU_STE1_S1DSS | SMMU_STE1_S1CIR | SMMU_STE1_S1COR | \
		      SMMU_STE1_S1CSH | SMMU_STE1_S1STALLD)
#define STE0_S1_BITS (SMMU_STE0_S1FMT | SMMU_STE0_S1CTXPTR | \
		      SMMU_STE0_S1CDMAX)

void psmmu_ste_make_abort_(uint64_t t[SMMU_STE_DWORDS])
{
	vsmmu_memset(t, 0, SMMU_STE_BYTES);
	t[0] = smmu_field_prep(SMMU_STE0_V, 1) |
	       smmu_field_prep(SMMU_STE0_CFG, SMMU_STE_CFG_ABORT);
}

void psmmu_ste_make_s2_(const struct psmmu *p, const struct psmmu_domain *d,
			uint64_t t[SMMU_STE_DWORDS])
{
	(void)p;
	vsmmu_memset(t, 0, SMMU_STE_BYTES);
	t[0] = smmu_field_prep(SMMU_STE0_V, 1) |
	       smmu_field_prep(SMMU_STE0_CFG, SMMU_STE_CFG_S2);
	t[1] = d->ste1;
	t[2] = d->ste2;
	t[3] = d->ste3;
}

void psmmu_ste_make_nested_(const struct psmmu *p,
			    const struct psmmu_domain *d,
			    const struct psmmu_s1_cfg *s1,
			    uint64_t t[SMMU_STE_DWORDS])
{
	psmmu_ste_make_s2_(p, d, t);
	t[0] = smmu_field_prep(SMMU_STE0_V, 1) |
	       smmu_field_prep(SMMU_STE0_CFG, SMMU_STE_CFG_NESTED) |
	       smmu_field_prep(SMMU_STE0_S1FMT, s1->s1fmt) |
	       smmu_field_prep(SMMU_STE0_S1CTXPTR, s1->s1ctxptr >> 6) |
	       smmu_field_prep(SMMU_STE0_S1CDMAX, s1->s1cdmax);
	/* MEV is in d->ste1 already: similar faults may be merged */
	t[1] |= smmu_field_prep(SMMU_STE1_S1DSS, s1->s1dss) |
		smmu_field_prep(SMMU_STE1_S1CIR, s1->s1cir) |
		smmu_field_prep(SMMU_STE1_S1COR, s1->s1cor) |
		smmu_field_prep(SMMU_STE1_S1CSH, s1->s1csh) |
		smmu_field_prep(SMMU_STE1_S1STALLD, s1->s1stalld) |
		smmu_field_prep(SMMU_STE1_EATS, s1->eats);
}

/*
 * What the SMMU interprets (IHI 0070 §5.2, facts §3.3): V alone when V=0;
 * V and Config for abort and the reserved values; dword 1 for any
 * Config that lets traffic through (its S1 fields only with stage 1),
 * dwords 2-3 with stage 2. Dwords 4-7 are zero in every STE we build.
 */
void psmmu_ste_used_(const uint64_t s[SMMU_STE_DWORDS],
		     uint64_t used[SMMU_STE_DWORDS])
{
	unsigned int cfg = (unsigned int)smmu_field_get(SMMU_STE0_CFG, s[0]);
	bool s1 = cfg == SMMU_STE_CFG_S1 || cfg == SMMU_STE_CFG_NESTED;
	bool s2 = cfg == SMMU_STE_CFG_S2 || cfg == SMMU_STE_CFG_NESTED;

	vsmmu_memset(used, 0, SMMU_STE_BYTES);
	used[0] = SMMU_STE0_V;
	if (!(s[0] & SMMU_STE0_V))
		return;
	used[0] |= SMMU_STE0_CFG;
	if (cfg < SMMU_STE_CFG_BYPASS)
		return;
	if (s1)
		used[0] |= STE0_S1_BITS;
	used[1] = ~0ull;
	if (!s1)
		used[1] &= ~STE1_S1_BITS;
	if (s2) {
		used[2] = ~0ull;
		used[3] = ~0ull;
	}
}

void psmmu_test_set_ste_hook_(struct psmmu *p, psmmu_ste_hook_fn_ fn,
			      void *arg)
{
	p->ste_hook = fn;
	p->ste_hook_arg = arg;
}

/*
 * Write the dwords in mask (bit i = dword i) and make the SMMU see them.
 * Nothing to write is a no-op unless force is set.
 */
static int ste_write_sync_(struct psmmu *p, uint32_t sid, uint64_t *live,
			   const struct psmmu_dma *dma, size_t off,
			   const uint64_t v[SMMU_STE_DWORDS], unsigned int mask,
			   bool force)
{
	struct psmmu_batch b;
	uint64_t now[SMMU_STE_DWORDS];
	unsigned int i;
	int err;

	if (!mask && !force)
		return 0;
	for (i = 0; i < SMMU_STE_DWORDS; i++) {
		if (mask & (1u << i)) {
			psmmu_store64_(&live[i], v[i]);
			p->stats.ste_writes++;
		}
	}
	psmmu_dma_to_dev_(p, dma, off, SMMU_STE_BYTES);
	if (p->cmdq_on) {
		psmmu_batch_init_locked_(p, &b);
		err = psmmu_batch_cfgi_ste_(&b, sid, true);
		if (!err)
			err = psmmu_batch_submit_locked_(&b);
		if (err)
			return err;
	}
	if (p->ste_hook) {
		for (i = 0; i < SMMU_STE_DWORDS; i++)
			now[i] = psmmu_load64_(&live[i]);
		p->ste_hook(p->ste_hook_arg, sid, now);
	}
	return 0;
}

int psmmu_ste_commit_(struct psmmu *p, uint32_t sid,
		      const uint64_t t[SMMU_STE_DWORDS])
{
	const struct psmmu_dma *dma = NULL;
	uint64_t cur[SMMU_STE_DWORDS], u_old[SMMU_STE_DWORDS];
	uint64_t u_new[SMMU_STE_DWORDS], step[SMMU_STE_DWORDS];
	unsigned int i, mask, crit, ncrit;
	bool written;
	size_t off = 0;
	uint64_t *live;
	int err;

	live = psmmu_strtab_ste_(p, sid, &dma, &off);
	if (!live)
		return -VSMMU_ERR_STATE;
	for (i = 0; i < SMMU_STE_DWORDS; i++)
		cur[i] = psmmu_load64_(&live[i]);
	psmmu_ste_used_(cur, u_old);
	psmmu_ste_used_(t, u_new);

	/* 1: bits the old configuration ignores take their new values */
	mask = 0;
	for (i = 0; i < SMMU_STE_DWORDS; i++) {
		step[i] = (cur[i] & u_old[i]) | (t[i] & ~u_old[i]);
		if (step[i] != cur[i])
			mask |= 1u << i;
	}
	err = ste_write_sync_(p, sid, live, dma, off, step, mask, false);
	if (err)
		return err;
	written = mask != 0;

	/* dwords that still differ on bits the new configuration uses */
	ncrit = 0;
	crit = 0;
	for (i = 0; i < SMMU_STE_DWORDS; i++) {
		if ((step[i] ^ t[i]) & u_new[i]) {
			ncrit++;
			crit = i;
		}
	}

	if (ncrit <= 1) {
		/* 2: the one switching dword, then whatever is left */
		if (ncrit && step[crit] != t[crit]) {
			err = ste_write_sync_(p, sid, live, dma, off, t,
					      1u << crit, false);
			if (err)
				return err;
			step[crit] = t[crit];
			written = true;
		}
		mask = 0;
		for (i = 0; i < SMMU_STE_DWORDS; i++)
			if (step[i] != t[i])
				mask |= 1u << i;
		/*
		 * An unchanged STE still gets its CFGI_STE: a re-issued
		 * config must make the SMMU re-read the STE and the CDs it
		 * cached through it (facts §8.7).
		 */
		return ste_write_sync_(p, sid, live, dma, off, t, mask,
				       !written);
	}

	/* 3: break before make */
	step[0] &= ~SMMU_STE0_V;
	err = ste_write_sync_(p, sid, live, dma, off, step, 1u, false);
	if (err)
		return err;
	mask = 0;
	for (i = 1; i < SMMU_STE_DWORDS; i++)
		if (step[i] != t[i])
			mask |= 1u << i;
	err = ste_write_sync_(p, sid, live, dma, off, t, mask, false);
	if (err)
		return err;
	return ste_write_sync_(p, sid, live, dma, off, t, 1u, false);
}
