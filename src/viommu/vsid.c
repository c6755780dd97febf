// SPDX-License-Identifier: MIT
/*
 * vSID allocation and lookup. A pSID enters a domain's map only after the
 * host agreed twice: once for the allocation (VIOMMU_ACL_VSID_ALLOC) and
 * once per pSID that the device behind it is assigned to the domain
 * (VIOMMU_ACL_MAP_SID, sid_owned). A refusal changes nothing.
 */
#include "vsmmu/env.h"
#include "vsmmu/viommu.h"
#include "internal.h"

/* Ask the host about every pSID of the range (lock held). */
static int check_psids(struct viommu_dom *d, struct viommu_backend_ *be,
		       uint32_t psid_first, uint32_t count)
{
	const struct viommu_host_ops *o = d->ops;

	if (o->access_check(d->host_ctx, VIOMMU_ACL_VSID_ALLOC, d->domid,
			    count))
		return -VSMMU_ERR_PERM;
	for (uint64_t i = 0; i < count; i++) {
		uint32_t psid = (uint32_t)(psid_first + i);

		if (o->access_check(d->host_ctx, VIOMMU_ACL_MAP_SID, d->domid,
				    psid) ||
		    (o->sid_owned &&
		     o->sid_owned(d->host_ctx, d->domid, be->bctx, psid))) {
			VIOMMU_LOG_(d, VSMMU_LOG_WARN,
				    "dom %u: pSID 0x%x is not assigned to it",
				    d->domid, psid);
			return -VSMMU_ERR_PERM;
		}
	}
	return 0;
}

/*
 * The common path of alloc and map. want_vsid < 0: choose (identity mode:
 * vSID = pSID; else the lowest free range).
 */
static int vsid_add(struct viommu_dom *d, unsigned int idx,
		    uint32_t psid_first, uint32_t count, int64_t want_vsid,
		    uint32_t *vsid_out)
{
	struct viommu_backend_ *be;
	struct viommu_ent_ e;
	uint32_t vsid;
	int err;

	if (!count || (uint64_t)psid_first + count > (1ull << 32))
		return -VSMMU_ERR_INVAL;
	viommu_lock_(d);
	be = viommu_be_(d, idx);
	if (!be) {
		err = -VSMMU_ERR_NOENT;
		goto out;
	}
	if (viommu_map_p_busy_(&d->map, idx, psid_first, count)) {
		err = -VSMMU_ERR_EXIST;
		goto out;
	}
	if (want_vsid < 0 && d->cfg.identity)
		want_vsid = psid_first;
	if (want_vsid >= 0) {
		if ((uint64_t)want_vsid >= d->max_vsids ||
		    d->max_vsids - (uint64_t)want_vsid < count) {
			err = -VSMMU_ERR_RANGE;
			goto out;
		}
		if (viommu_map_v_busy_(&d->map, (uint64_t)want_vsid, count)) {
			err = -VSMMU_ERR_EXIST;
			goto out;
		}
		vsid = (uint32_t)want_vsid;
	} else {
		err = viommu_map_find_free_(&d->map, d->max_vsids, count,
					    &vsid);
		if (err)
			goto out;
	}
	err = check_psids(d, be, psid_first, count);
	if (err)
		goto out;
	e.vsid = vsid;
	e.psid = psid_first;
	e.count = count;
	e.idx = (uint16_t)idx;
	e.pad_ = 0;
	err = viommu_map_insert_(d, &e);
	if (!err && vsid_out)
		*vsid_out = vsid;
out:
	viommu_unlock_(d);
	return err;
}

int viommu_vsid_alloc(struct viommu_dom *d, unsigned int psmmu_idx,
		      uint32_t psid_first, uint32_t count,
		      uint32_t *vsid_first)
{
	if (!d || !vsid_first)
		return -VSMMU_ERR_INVAL;
	return vsid_add(d, psmmu_idx, psid_first, count, -1, vsid_first);
}

int viommu_vsid_map(struct viommu_dom *d, unsigned int psmmu_idx,
		    uint32_t psid, uint32_t vsid)
{
	if (!d)
		return -VSMMU_ERR_INVAL;
	return vsid_add(d, psmmu_idx, psid, 1, (int64_t)vsid, NULL);
}

int viommu_vsid_free(struct viommu_dom *d, uint32_t vsid_first,
		     uint32_t count)
{
	int err;

	if (!d || !count)
		return -VSMMU_ERR_INVAL;
	viommu_lock_(d);
	err = viommu_map_remove_(d, vsid_first, count);
	viommu_unlock_(d);
	return err;
}

int viommu_vsid_lookup(const struct viommu_dom *d, uint32_t vsid,
		       unsigned int *psmmu_idx, uint32_t *psid)
{
	long i;

	if (!d)
		return -VSMMU_ERR_INVAL;
	viommu_lock_(d);
	i = viommu_map_find_v_(&d->map, vsid);
	if (i >= 0) {
		const struct viommu_ent_ *e = &d->map.byv[i];

		if (psmmu_idx)
			*psmmu_idx = e->idx;
		if (psid)
			*psid = e->psid + (vsid - e->vsid);
	}
	viommu_unlock_(d);
	return i >= 0 ? 0 : -VSMMU_ERR_NOENT;
}

int viommu_psid_lookup(const struct viommu_dom *d, unsigned int psmmu_idx,
		       uint32_t psid, uint32_t *vsid)
{
	long i;

	if (!d)
		return -VSMMU_ERR_INVAL;
	viommu_lock_(d);
	i = viommu_map_find_p_(&d->map, psmmu_idx, psid);
	if (i >= 0 && vsid) {
		const struct viommu_ent_ *e = &d->map.byp[i];

		*vsid = e->vsid + (psid - e->psid);
	}
	viommu_unlock_(d);
	return i >= 0 ? 0 : -VSMMU_ERR_NOENT;
}

int viommu_vsid_next(const struct viommu_dom *d, uint32_t from,
		     uint32_t *vsid)
{
	long i;
	int err = -VSMMU_ERR_NOENT;

	if (!d || !vsid)
		return -VSMMU_ERR_INVAL;
	viommu_lock_(d);
	i = viommu_map_next_v_(&d->map, from);
	if (i >= 0) {
		const struct viommu_ent_ *e = &d->map.byv[i];

		*vsid = e->vsid > from ? e->vsid : from;
		err = 0;
	}
	viommu_unlock_(d);
	return err;
}

uint64_t viommu_vsid_count(const struct viommu_dom *d)
{
	uint64_t n;

	if (!d)
		return 0;
	viommu_lock_(d);
	n = d->map.nvsids;
	viommu_unlock_(d);
	return n;
}

size_t viommu_map_bytes(const struct viommu_dom *d)
{
	size_t n;

	if (!d)
		return 0;
	viommu_lock_(d);
	n = 2 * d->map.cap * sizeof(struct viommu_ent_);
	viommu_unlock_(d);
	return n;
}

/* ---- Attach (CFGI_STE handling in the vSMMU) ----------------------------- */

enum attach_kind { ATTACH_S1, ATTACH_ABORT, ATTACH_BYPASS };

static int attach(struct viommu_dom *d, uint32_t vsid, enum attach_kind k,
		  const struct psmmu_s1_cfg *s1)
{
	struct psmmu_s1_cfg s1c;
	struct viommu_backend_ *be;
	uint32_t psid;
	long i;
	int err;

	if (!d)
		return -VSMMU_ERR_INVAL;
	viommu_lock_(d);
	i = viommu_map_find_v_(&d->map, vsid);
	if (i < 0) {
		viommu_unlock_(d);
		return -VSMMU_ERR_NOENT;
	}
	be = &d->be[d->map.byv[i].idx];
	psid = d->map.byv[i].psid + (vsid - d->map.byv[i].vsid);
	switch (k) {
	case ATTACH_S1:
		/*
		 * STE.S1STALLD is legal only where STALL_MODEL = 0b00 (facts
		 * §3.8); elsewhere CD.S = 1 is ILLEGAL already (0b01) or
		 * stalls are forced (0b10): drop it there.
		 */
		s1c = *s1;
		if (smmu_field_get(SMMU_IDR0_STALL_MODEL, be->idrs.idr[0]) !=
		    SMMU_IDR0_STALL_MODEL_BOTH)
			s1c.s1stalld = false;
		err = be->ops->install_s1(be->bctx, psid, &s1c);
		break;
	case ATTACH_ABORT:
		err = be->ops->set_abort(be->bctx, psid);
		break;
	default:
		err = be->ops->set_bypass(be->bctx, psid);
		break;
	}
	viommu_unlock_(d);
	return err;
}

int viommu_attach_s1(struct viommu_dom *d, uint32_t vsid,
		     const struct psmmu_s1_cfg *s1)
{
	if (!s1)
		return -VSMMU_ERR_INVAL;
	return attach(d, vsid, ATTACH_S1, s1);
}

int viommu_attach_abort(struct viommu_dom *d, uint32_t vsid)
{
	return attach(d, vsid, ATTACH_ABORT, NULL);
}

int viommu_attach_bypass(struct viommu_dom *d, uint32_t vsid)
{
	return attach(d, vsid, ATTACH_BYPASS, NULL);
}
