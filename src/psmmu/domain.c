// SPDX-License-Identifier: MIT
/*
 * Stage-2 domains: a VMID each and the stage-2 half of every STE that
 * uses the domain (STE dwords 2-3, facts §3.5-3.6), checked once here so
 * that no STE the driver writes is ILLEGAL (facts §3.8).
 */
#include "vsmmu/env.h"
#include "vsmmu/psmmu.h"
#include "internal.h"

int psmmu_vmid_map_alloc_(struct psmmu *p)
{
	size_t bytes;

	p->n_vmids = 1u << p->feat.vmid_bits;
	bytes = (p->n_vmids / 64u) * sizeof(uint64_t);
	p->vmid_map = p->ops->alloc(p->ctx, bytes);
	if (!p->vmid_map)
		return -VSMMU_ERR_NOMEM;
	vsmmu_memset(p->vmid_map, 0, bytes);
	p->vmid_map[0] = 1;	/* VMID 0 is never handed out */
	return 0;
}

void psmmu_vmid_map_free_(struct psmmu *p)
{
	if (p->vmid_map)
		p->ops->free(p->ctx, p->vmid_map,
			     (p->n_vmids / 64u) * sizeof(uint64_t));
	p->vmid_map = NULL;
}

/* First free VMID: at most n_vmids / 64 words scanned. */
static int vmid_alloc_(struct psmmu *p, uint16_t *vmid)
{
	uint32_t w;
	unsigned int b;

	for (w = 0; w < p->n_vmids / 64u; w++) {
		if (p->vmid_map[w] == ~0ull)
			continue;
		b = vsmmu_ctz64(~p->vmid_map[w]);
		p->vmid_map[w] |= 1ull << b;
		*vmid = (uint16_t)(w * 64u + b);
		return 0;
	}
	return -VSMMU_ERR_FULL;
}

static void vmid_free_(struct psmmu *p, uint16_t vmid)
{
	p->vmid_map[vmid / 64u] &= ~(1ull << (vmid % 64u));
}

static bool s2_gran_ok_(const struct psmmu *p, unsigned int g, uint8_t *tg)
{
	switch (g) {
	case 12:
		*tg = SMMU_STE_S2TG_4K;
		return p->feat.mask & PSMMU_FEAT_GRAN4K;
	case 14:
		*tg = SMMU_STE_S2TG_16K;
		return p->feat.mask & PSMMU_FEAT_GRAN16K;
	case 16:
		*tg = SMMU_STE_S2TG_64K;
		return p->feat.mask & PSMMU_FEAT_GRAN64K;
	}
	return false;
}

/*
 * The stage-2 rules of facts §3.8 and §7.5: S2T0SZ within [MAX(16,
 * 64 - IAS), 39 or 48/47 with STT], SL0 not reserved, the start level
 * resolving between 1 bit and 16 concatenated tables, S2PS no wider than
 * the OAS, S2TTB below 2^PS and aligned to the start table(s).
 */
static int s2_check_(const struct psmmu *p, const struct psmmu_s2_cfg *c,
		     uint8_t *tg, uint8_t *ps)
{
	unsigned int g = c->granule_log2, s = g - 3u, ias, min_tsz, max_tsz;
	unsigned int base_level, level, resolved, n;
	uint64_t align;

	if (g != 12 && g != 14 && g != 16)
		return -VSMMU_ERR_INVAL;
	if (!s2_gran_ok_(p, g, tg))
		return -VSMMU_ERR_NOTSUPP;
	if (c->ps_bits < 32 || c->ps_bits > p->feat.oas_bits ||
	    c->ps_bits > 48)
		return -VSMMU_ERR_INVAL;
	*ps = (uint8_t)smmu_oas_encode(c->ps_bits);
	if (smmu_oas_bits(*ps) != c->ps_bits)
		return -VSMMU_ERR_INVAL;

	ias = VSMMU_MIN((unsigned int)p->feat.ias_bits, 48u);
	min_tsz = 64u - ias;
	if (min_tsz < 16)
		min_tsz = 16;
	max_tsz = 39;
	if (p->feat.mask & PSMMU_FEAT_STT)
		max_tsz = g == 16 ? 47u : 48u;
	if (c->tsz < min_tsz || c->tsz > max_tsz)
		return -VSMMU_ERR_INVAL;

	/* start level = base - SL0; base 2 for 4K, 3 for 16K/64K */
	base_level = g == 12 ? 2u : 3u;
	if (c->sl0 > 2 || c->sl0 > base_level)
		return -VSMMU_ERR_INVAL;
	level = base_level - c->sl0;
	if (g == 16 && level == 0)
		return -VSMMU_ERR_INVAL;
	ias = 64u - c->tsz;
	resolved = g + (3u - level) * s;	/* bits below the start level */
	if (ias <= resolved)
		return -VSMMU_ERR_INVAL;
	n = ias - resolved;		/* bits the start level takes */
	if (n > s + 4u)				/* more than 16 tables */
		return -VSMMU_ERR_INVAL;

	align = VSMMU_MAX(8ull << n, 64ull);
	if (c->vttb.v & (align - 1u))
		return -VSMMU_ERR_INVAL;
	if (c->vttb.v >> c->ps_bits)
		return -VSMMU_ERR_INVAL;
	if (c->ir > 3 || c->orgn > 3 || c->sh > 3)
		return -VSMMU_ERR_INVAL;
	return 0;
}

int psmmu_domain_create(struct psmmu *p, const struct psmmu_s2_cfg *cfg,
			struct psmmu_domain **dom)
{
	struct psmmu_domain *d;
	uint8_t tg = 0, ps = 0;
	uint16_t vmid;
	int err;

	if (!p || !cfg || !dom)
		return -VSMMU_ERR_INVAL;
	*dom = NULL;
	err = s2_check_(p, cfg, &tg, &ps);
	if (err)
		return err;
	d = p->ops->alloc(p->ctx, sizeof(*d));
	if (!d)
		return -VSMMU_ERR_NOMEM;
	vsmmu_memset(d, 0, sizeof(*d));

	psmmu_lock_(p);
	err = vmid_alloc_(p, &vmid);
	if (err) {
		psmmu_unlock_(p);
		p->ops->free(p->ctx, d, sizeof(*d));
		return err;
	}
	d->p = p;
	d->vmid = vmid;
	d->cfg = *cfg;
	d->ias_bits = (uint8_t)(64u - cfg->tsz);
	/*
	 * dword 1: MEV (merge similar faults), SHCFG = incoming where the
	 * SMMU implements the override (RES0 otherwise, facts §3.4).
	 */
	d->ste1 = smmu_field_prep(SMMU_STE1_MEV, 1);
	if (p->feat.mask & PSMMU_FEAT_ATTR_TYPES_OVR)
		d->ste1 |= smmu_field_prep(SMMU_STE1_SHCFG,
					   SMMU_STE_SHCFG_INCOMING);
	/*
	 * dword 2: S2R so stage-2 faults are recorded for the hypervisor;
	 * S2PTW so a stage-1 walk into Device memory faults; S2S only
	 * where the SMMU forces stalls (facts §3.8).
	 */
	d->ste2 = smmu_field_prep(SMMU_STE2_S2VMID, vmid) |
		  smmu_field_prep(SMMU_STE2_S2T0SZ, cfg->tsz) |
		  smmu_field_prep(SMMU_STE2_S2SL0, cfg->sl0) |
		  smmu_field_prep(SMMU_STE2_S2IR0, cfg->ir) |
		  smmu_field_prep(SMMU_STE2_S2OR0, cfg->orgn) |
		  smmu_field_prep(SMMU_STE2_S2SH0, cfg->sh) |
		  smmu_field_prep(SMMU_STE2_S2TG, tg) |
		  smmu_field_prep(SMMU_STE2_S2PS, ps) |
		  smmu_field_prep(SMMU_STE2_S2AA64, 1) |
		  smmu_field_prep(SMMU_STE2_S2AFFD, cfg->affd) |
		  smmu_field_prep(SMMU_STE2_S2PTW, 1) |
		  smmu_field_prep(SMMU_STE2_S2R, 1) |
		  smmu_field_prep(SMMU_STE2_S2S,
				  !!(p->feat.mask & PSMMU_FEAT_STALL_FORCE));
	d->ste3 = smmu_field_prep(SMMU_STE3_S2TTB, cfg->vttb.v >> 4);
	d->next = p->domains;
	p->domains = d;
	psmmu_unlock_(p);
	*dom = d;
	return 0;
}

int psmmu_domain_destroy(struct psmmu *p, struct psmmu_domain *dom)
{
	struct psmmu_domain **pp;
	struct psmmu_batch b;
	struct smmu_cmd c = { .op = SMMU_CMD_TLBI_S12_VMALL };
	int err = 0;

	if (!p || !dom || dom->p != p)
		return -VSMMU_ERR_INVAL;
	psmmu_lock_(p);
	if (dom->users) {
		psmmu_unlock_(p);
		return -VSMMU_ERR_BUSY;
	}
	/* nothing may stay cached under a VMID we hand out again */
	if (p->cmdq_on && !p->failed) {
		c.vmid = dom->vmid;
		psmmu_batch_init_locked_(p, &b);
		err = psmmu_batch_add(&b, &c);
		if (!err)
			err = psmmu_batch_submit_locked_(&b);
		if (err) {
			psmmu_unlock_(p);
			return err;
		}
	}
	for (pp = &p->domains; *pp; pp = &(*pp)->next) {
		if (*pp == dom) {
			*pp = dom->next;
			break;
		}
	}
	vmid_free_(p, dom->vmid);
	psmmu_unlock_(p);
	p->ops->free(p->ctx, dom, sizeof(*dom));
	return 0;
}

uint16_t psmmu_domain_vmid(const struct psmmu_domain *dom)
{
	return dom->vmid;
}
