// SPDX-License-Identifier: MIT
/*
 * A domain's vIOMMU instance: creation (asked of the host's access-control
 * hook), its backends, the emulated IOMMU that receives its events, and a
 * teardown that never leaves a guest stage 1 live on the hardware.
 */
#include "vsmmu/env.h"
#include "vsmmu/viommu.h"
#include "internal.h"

int viommu_dom_create(const struct viommu_cfg *cfg,
		      const struct viommu_host_ops *ops, void *host_ctx,
		      uint32_t domid, struct viommu_dom **out)
{
	const struct viommu_type_ops_ *type;
	struct viommu_dom *d;
	uint64_t max;
	int err;

	if (!cfg || !ops || !out || !ops->alloc || !ops->free ||
	    !ops->access_check || !ops->lock != !ops->unlock)
		return -VSMMU_ERR_INVAL;
	max = cfg->max_vsids ? cfg->max_vsids : VIOMMU_DEFAULT_MAX_VSIDS;
	if (max > (1ull << 32) ||
	    (cfg->restore != VIOMMU_RESTORE_BYPASS &&
	     cfg->restore != VIOMMU_RESTORE_ABORT) ||
	    (cfg->evt_burst && !cfg->evt_rate))
		return -VSMMU_ERR_INVAL;
	type = viommu_type_ops_(cfg->type);
	if (!type)
		return -VSMMU_ERR_NOTSUPP;
	err = ops->access_check(host_ctx, VIOMMU_ACL_CREATE, domid,
				(uint32_t)cfg->type);
	if (err)
		return -VSMMU_ERR_PERM;
	d = ops->alloc(host_ctx, sizeof(*d));
	if (!d)
		return -VSMMU_ERR_NOMEM;
	d->cfg = *cfg;
	d->ops = ops;
	d->host_ctx = host_ctx;
	d->domid = domid;
	d->max_vsids = max;
	d->type = type;
	d->rl.tokens = cfg->evt_burst;
	if (cfg->evt_rate)
		d->rl.ns_per_token = VSMMU_MAX(1000000000ull / cfg->evt_rate,
					       1ull);
	*out = d;
	return 0;
}

int viommu_restore_psid_(struct viommu_dom *d, struct viommu_backend_ *be,
			 uint32_t psid)
{
	int err;

	if (d->cfg.restore == VIOMMU_RESTORE_BYPASS) {
		err = be->ops->set_bypass(be->bctx, psid);
		if (!err)
			return 0;
		VIOMMU_LOG_(d, VSMMU_LOG_ERR,
			    "dom %u: pSID 0x%x back to stage 2 failed (%d), aborting it",
			    d->domid, psid, err);
		/* Abort is still better than the guest's stage 1. */
		if (!be->ops->set_abort(be->bctx, psid))
			return err;
	} else {
		err = be->ops->set_abort(be->bctx, psid);
		if (!err)
			return 0;
	}
	VIOMMU_LOG_(d, VSMMU_LOG_ERR,
		    "dom %u: pSID 0x%x could not be restored (%d)",
		    d->domid, psid, err);
	return err;
}

void viommu_dom_destroy(struct viommu_dom *d)
{
	if (!d)
		return;
	viommu_lock_(d);
	/* Unmapping every vSID restores every pSID the guest held. */
	if (d->map.n)
		(void)viommu_map_remove_(d, 0, d->max_vsids);
	viommu_map_release_(d);
	d->emul = NULL;
	viommu_unlock_(d);
	d->ops->free(d->host_ctx, d, sizeof(*d));
}

enum viommu_type viommu_dom_type(const struct viommu_dom *d)
{
	return d->cfg.type;
}

uint32_t viommu_dom_id(const struct viommu_dom *d)
{
	return d->domid;
}

int viommu_add_backend(struct viommu_dom *d,
		       const struct viommu_backend_ops *ops, void *bctx,
		       unsigned int *psmmu_idx)
{
	struct viommu_backend_ *be;
	struct viommu_idrs_ idrs, merged;
	unsigned int i;
	int err = 0;

	if (!d || !ops || !psmmu_idx || !ops->install_s1 || !ops->set_abort ||
	    !ops->set_bypass || !ops->inv_add || !ops->inv_commit ||
	    !ops->sync || !ops->get_idr || !ops->vmid)
		return -VSMMU_ERR_INVAL;
	ops->get_idr(bctx, idrs.idr, &idrs.iidr, &idrs.aidr);

	viommu_lock_(d);
	for (i = 0; i < d->nbackends; i++)
		if (d->be[i].bctx == bctx && d->be[i].ops == ops)
			err = -VSMMU_ERR_EXIST;
	if (!err && d->nbackends == VIOMMU_MAX_BACKENDS)
		err = -VSMMU_ERR_FULL;
	if (!err && d->ops->access_check(d->host_ctx, VIOMMU_ACL_ADD_BACKEND,
					 d->domid, d->nbackends))
		err = -VSMMU_ERR_PERM;
	if (!err) {
		if (d->nbackends) {
			(void)viommu_idrs_compute_(d, &merged);
			d->type->idr_merge(&merged, &idrs);
		} else {
			d->type->idr_init(&merged, &idrs);
		}
		/* An SMMU with no format in common with the others cannot
		 * sit behind the same vSMMU. */
		if (!d->type->idr_usable(&merged))
			err = -VSMMU_ERR_NOTSUPP;
		/* A running guest cannot lose what it was shown. */
		else if (d->idrs_published &&
			 vsmmu_memcmp(&merged, &d->published, sizeof(merged)))
			err = -VSMMU_ERR_NOTSUPP;
	}
	if (err) {
		viommu_unlock_(d);
		return err;
	}
	be = &d->be[d->nbackends];
	be->ops = ops;
	be->bctx = bctx;
	be->nmapped = 0;
	be->idrs = idrs;
	*psmmu_idx = d->nbackends++;
	viommu_unlock_(d);
	return 0;
}

void viommu_set_emul(struct viommu_dom *d, const struct viommu_emul_ops *ops,
		     void *ectx)
{
	if (!d)
		return;
	viommu_lock_(d);
	d->emul = ops && ops->deliver_event ? ops : NULL;
	d->ectx = d->emul ? ectx : NULL;
	viommu_unlock_(d);
}

void viommu_get_stats(const struct viommu_dom *d, struct viommu_stats *out)
{
	if (!d) {
		vsmmu_memset(out, 0, sizeof(*out));
		return;
	}
	viommu_lock_(d);
	*out = d->stats;
	viommu_unlock_(d);
}
