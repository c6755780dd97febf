// SPDX-License-Identifier: MIT
/*
 * Guest invalidations, forwarded precisely (DESIGN.md): the VMID of every
 * TLBI is forced to the domain's VMID on each physical SMMU, vSIDs become
 * pSIDs, a TLBI goes only to the SMMUs that hold devices of the domain and
 * to each once, and one guest batch (one CMDQ_PROD write) becomes one
 * physical batch with one CMD_SYNC per touched SMMU. Nothing is widened
 * into a whole-domain flush: a guest TLBI by VA stays a TLBI by VA.
 *
 * The stall commands (CMD_RESUME, CMD_STALL_TERM) take the same vSID ->
 * pSID path, so stalled stage-1 faults forwarded to the guest can be
 * answered.
 *
 * Commands are built field by field from the decoded guest command, so
 * nothing the guest put in a field the opcode does not define reaches the
 * hardware (it was RES0 and checked by smmu_cmd_decode anyway).
 */
#include "vsmmu/env.h"
#include "vsmmu/viommu.h"
#include "internal.h"

void viommu_inv_begin(struct viommu_dom *d, struct viommu_inv *b)
{
	(void)d;
	b->touched = 0;
	b->ncmds = 0;
}

static bool be_has_ril(const struct viommu_backend_ *be)
{
	return (be->idrs.idr[3] & SMMU_IDR3_RIL) != 0;
}

/*
 * The physical form of a stage-1 TLBI for one backend. A range TLBI
 * (TG != 0) needs IDR3.RIL (IHI 0070 §4.4.1); the intersection hides RIL
 * from the guest when one SMMU lacks it, but a guest may send one anyway.
 * Without RIL a TG/TTL hint that covers one page (NUM = SCALE = 0) is
 * dropped, which keeps the command exact; a real range becomes the
 * narrowest command that still covers it (the ASID, or the VMID's stage 1
 * for NH_VAA), never one page, which would leave stale entries.
 */
static void tlbi_for(const struct viommu_backend_ *be,
		     const struct smmu_cmd *g, struct smmu_cmd *p)
{
	vsmmu_memset(p, 0, sizeof(*p));
	p->vmid = be->ops->vmid(be->bctx);
	switch (g->op) {
	case SMMU_CMD_TLBI_NSNH_ALL:
	case SMMU_CMD_TLBI_NH_ALL:
		/* Non-secure non-Hyp "everything" is, for a guest, all of
		 * its own stage 1: the VMID's NH_ALL. */
		p->op = SMMU_CMD_TLBI_NH_ALL;
		return;
	case SMMU_CMD_TLBI_NH_ASID:
		p->op = SMMU_CMD_TLBI_NH_ASID;
		p->asid = g->asid;
		return;
	default:
		break;
	}
	/* NH_VA, NH_VAA */
	p->op = g->op;
	p->asid = g->op == SMMU_CMD_TLBI_NH_VA ? g->asid : 0;
	p->leaf = g->leaf;
	p->addr = g->addr;
	p->num = g->num;
	p->scale = g->scale;
	p->tg = g->tg;
	p->ttl = g->ttl;
	p->ttl128 = g->ttl128;
	if (!p->tg || be_has_ril(be))
		return;
	if (!p->num && !p->scale) {
		p->tg = 0;
		p->ttl = 0;
		p->ttl128 = false;
		return;
	}
	p->addr = 0;
	p->leaf = false;
	p->num = p->scale = p->tg = p->ttl = 0;
	p->ttl128 = false;
	p->op = g->op == SMMU_CMD_TLBI_NH_VA ? SMMU_CMD_TLBI_NH_ASID :
					       SMMU_CMD_TLBI_NH_ALL;
}

static int add_one(struct viommu_dom *d, struct viommu_inv *b,
		   unsigned int idx, const struct smmu_cmd *p)
{
	struct viommu_backend_ *be = &d->be[idx];
	int err = be->ops->inv_add(be->bctx, p);

	/* Even a failed add may have queued part of a batch (a psmmu
	 * automatic flush): commit this backend in any case. */
	b->touched |= 1u << idx;
	if (!err) {
		b->ncmds++;
		d->stats.inv_cmds++;
	}
	return err;
}

int viommu_inv_add(struct viommu_dom *d, struct viommu_inv *b,
		   const struct smmu_cmd *g)
{
	struct smmu_cmd p;
	int err = 0;
	long i;

	if (!d || !b || !g)
		return -VSMMU_ERR_INVAL;
	switch (g->op) {
	case SMMU_CMD_TLBI_NSNH_ALL:
	case SMMU_CMD_TLBI_NH_ALL:
	case SMMU_CMD_TLBI_NH_ASID:
	case SMMU_CMD_TLBI_NH_VA:
	case SMMU_CMD_TLBI_NH_VAA:
		viommu_lock_(d);
		for (unsigned int k = 0; k < d->nbackends; k++) {
			int e;

			/* Only SMMUs that hold devices of the domain can
			 * cache its stage-1 entries. */
			if (!d->be[k].nmapped)
				continue;
			tlbi_for(&d->be[k], g, &p);
			e = add_one(d, b, k, &p);
			if (e && !err)
				err = e;
		}
		viommu_unlock_(d);
		return err;
	case SMMU_CMD_CFGI_CD:
	case SMMU_CMD_CFGI_CD_ALL:
	case SMMU_CMD_ATC_INV:
	case SMMU_CMD_RESUME:
	case SMMU_CMD_STALL_TERM:
		break;
	default:
		return -VSMMU_ERR_INVAL;
	}

	viommu_lock_(d);
	i = viommu_map_find_v_(&d->map, g->sid);
	if (i < 0) {
		viommu_unlock_(d);
		return -VSMMU_ERR_NOENT;
	}
	vsmmu_memset(&p, 0, sizeof(p));
	p.op = g->op;
	p.sid = d->map.byv[i].psid + (g->sid - d->map.byv[i].vsid);
	switch (g->op) {
	case SMMU_CMD_CFGI_CD:
		p.ssid = g->ssid;
		p.leaf = g->leaf;
		break;
	case SMMU_CMD_ATC_INV:
		p.ssid = g->ssid;
		p.ssv = g->ssv;
		p.global = g->global;
		p.addr = g->addr;
		p.size = g->size;
		break;
	case SMMU_CMD_RESUME:
		/*
		 * A stalled transaction is named by (StreamID, STAG)
		 * (IHI 0070 §4.6.2): with the pSID substituted, a guest can
		 * only resume or terminate stalls of its own streams.
		 */
		p.stag = g->stag;
		p.action = g->action;
		break;
	default:
		break;
	}
	err = add_one(d, b, d->map.byv[i].idx, &p);
	viommu_unlock_(d);
	return err;
}

int viommu_inv_commit(struct viommu_dom *d, struct viommu_inv *b)
{
	int err = 0;

	if (!d || !b)
		return -VSMMU_ERR_INVAL;
	viommu_lock_(d);
	for (unsigned int k = 0; k < d->nbackends; k++) {
		int e;

		if (!(b->touched & (1u << k)))
			continue;
		e = d->be[k].ops->inv_commit(d->be[k].bctx);
		d->stats.inv_commits++;
		if (e && !err)
			err = e;
	}
	viommu_unlock_(d);
	b->touched = 0;
	b->ncmds = 0;
	return err;
}

int viommu_sync(struct viommu_dom *d)
{
	int err = 0;

	if (!d)
		return -VSMMU_ERR_INVAL;
	viommu_lock_(d);
	for (unsigned int k = 0; k < d->nbackends; k++) {
		int e;

		if (!d->be[k].nmapped)
			continue;
		e = d->be[k].ops->sync(d->be[k].bctx);
		if (e && !err)
			err = e;
	}
	viommu_unlock_(d);
	return err;
}
