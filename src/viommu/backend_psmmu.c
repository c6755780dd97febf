// SPDX-License-Identifier: MIT
/*
 * The psmmu-nested backend: struct viommu_backend_ops over one physical
 * SMMU driven by the psmmu driver and the domain's stage-2 domain on it.
 * The guest's stage 1 becomes a nested STE (psmmu_attach_nested), "bypass"
 * is the hypervisor's stage 2 alone (psmmu_attach_s2), and a guest batch
 * of invalidations is one psmmu batch submitted with one CMD_SYNC.
 *
 * All ops run under the viommu domain lock, which serialises the batch
 * kept here; the psmmu driver takes its own lock inside each call.
 */
#include "vsmmu/env.h"
#include "vsmmu/viommu.h"
#include "internal.h"

static int pb_install_s1(void *bctx, uint32_t psid,
			 const struct psmmu_s1_cfg *s1)
{
	struct viommu_psmmu_backend *b = bctx;

	return psmmu_attach_nested(b->p, psid, b->dom, s1);
}

static int pb_set_abort(void *bctx, uint32_t psid)
{
	struct viommu_psmmu_backend *b = bctx;

	return psmmu_attach_abort(b->p, psid);
}

static int pb_set_bypass(void *bctx, uint32_t psid)
{
	struct viommu_psmmu_backend *b = bctx;

	return psmmu_attach_s2(b->p, psid, b->dom);
}

static int pb_inv_add(void *bctx, const struct smmu_cmd *pcmd)
{
	struct viommu_psmmu_backend *b = bctx;

	if (!b->batch_open) {
		psmmu_batch_init(b->p, &b->batch);
		b->batch_open = true;
	}
	return psmmu_batch_add(&b->batch, pcmd);
}

static int pb_inv_add_words(void *bctx, const uint64_t pcmd[2])
{
	struct viommu_psmmu_backend *b = bctx;

	if (!b->batch_open) {
		psmmu_batch_init(b->p, &b->batch);
		b->batch_open = true;
	}
	return psmmu_batch_add_words(&b->batch, pcmd);
}

static int pb_inv_commit(void *bctx)
{
	struct viommu_psmmu_backend *b = bctx;

	if (!b->batch_open)
		psmmu_batch_init(b->p, &b->batch);
	b->batch_open = false;
	return psmmu_batch_submit(&b->batch);
}

static int pb_sync(void *bctx)
{
	struct viommu_psmmu_backend *b = bctx;

	/* A batch in progress is submitted with the sync: it was the
	 * caller's to submit before anything later could rely on it. */
	return pb_inv_commit(b);
}

static void pb_get_idr(void *bctx, uint32_t idr[6], uint32_t *iidr,
		       uint32_t *aidr)
{
	struct viommu_psmmu_backend *b = bctx;
	const struct psmmu_features *f = psmmu_get_features(b->p);

	vsmmu_memcpy(idr, f->idr, sizeof(f->idr));
	*iidr = f->iidr;
	*aidr = f->aidr;
}

static uint16_t pb_vmid(void *bctx)
{
	struct viommu_psmmu_backend *b = bctx;

	return psmmu_domain_vmid(b->dom);
}

const struct viommu_backend_ops viommu_psmmu_backend_ops = {
	.install_s1 = pb_install_s1,
	.set_abort = pb_set_abort,
	.set_bypass = pb_set_bypass,
	.inv_add = pb_inv_add,
	.inv_add_words = pb_inv_add_words,
	.inv_commit = pb_inv_commit,
	.sync = pb_sync,
	.get_idr = pb_get_idr,
	.vmid = pb_vmid,
};

int viommu_psmmu_backend_init(struct viommu_psmmu_backend *b, struct psmmu *p,
			      struct psmmu_domain *dom)
{
	if (!b || !p || !dom)
		return -VSMMU_ERR_INVAL;
	/* DESIGN.md: an SMMU without nesting, or with nesting errata the
	 * host did not override, gets no vSMMU. */
	if (!psmmu_can_nest(p))
		return -VSMMU_ERR_NOTSUPP;
	vsmmu_memset(b, 0, sizeof(*b));
	b->p = p;
	b->dom = dom;
	return 0;
}
