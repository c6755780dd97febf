// SPDX-License-Identifier: MIT
/*
 * The vIOMMU domains vsmmu-dt allocates vSIDs from. A real toolstack asks
 * the hypervisor; the tool runs the framework itself: host ops over
 * malloc, and per physical SMMU a backend that only answers what adding a
 * backend needs (ID registers that can nest) and accepts everything else.
 */
#include <stdlib.h>

#include "vsmmu/arch.h"
#include "vsmmu/viommu.h"
#include "vsmmu-dt.h"

struct vdt_domains {
	struct vfdt_viommu v;
	int bctx[VFDT_VIOMMU_MAX]; /* distinct addresses name backends */
};

static void *vdt_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return calloc(1, size);
}

static void vdt_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

static int vdt_allow(void *ctx, enum viommu_acl_op op, uint32_t domid,
		     uint32_t arg)
{
	(void)ctx;
	(void)op;
	(void)domid;
	(void)arg;
	return 0;
}

static int vdt_be_s1(void *b, uint32_t psid, const struct psmmu_s1_cfg *s1)
{
	(void)b;
	(void)psid;
	(void)s1;
	return 0;
}

static int vdt_be_sid(void *b, uint32_t psid)
{
	(void)b;
	(void)psid;
	return 0;
}

static int vdt_be_inv(void *b, const struct smmu_cmd *c)
{
	(void)b;
	(void)c;
	return 0;
}

static int vdt_be_none(void *b)
{
	(void)b;
	return 0;
}

static void vdt_be_idr(void *b, uint32_t idr[6], uint32_t *iidr, uint32_t *aidr)
{
	(void)b;
	for (int i = 0; i < 6; i++)
		idr[i] = 0;
	idr[0] = (uint32_t)(SMMU_IDR0_S1P | SMMU_IDR0_S2P |
			    smmu_field_prep(SMMU_IDR0_TTF, SMMU_IDR0_TTF_AA64));
	idr[5] = (uint32_t)SMMU_IDR5_GRAN4K;
	*iidr = 0;
	*aidr = 0;
}

static uint16_t vdt_be_vmid(void *b)
{
	(void)b;
	return 1;
}

static const struct viommu_host_ops vdt_host_ops = {
	.alloc = vdt_alloc,
	.free = vdt_free,
	.access_check = vdt_allow,
};

static const struct viommu_backend_ops vdt_be_ops = {
	.install_s1 = vdt_be_s1,
	.set_abort = vdt_be_sid,
	.set_bypass = vdt_be_sid,
	.inv_add = vdt_be_inv,
	.inv_commit = vdt_be_none,
	.sync = vdt_be_none,
	.get_idr = vdt_be_idr,
	.vmid = vdt_be_vmid,
};

static int vdt_dom_new(struct vdt_domains *d, bool identity,
		       struct viommu_dom **out)
{
	struct viommu_cfg cfg = {.type = VIOMMU_TYPE_SMMUV3,
				 .identity = identity};

	return viommu_dom_create(&cfg, &vdt_host_ops, d, identity ? 0 : 1, out);
}

int vdt_domains_create(const struct vfdt_host *h, bool hwdom,
		       struct vdt_domains **out, struct vfdt_vsid_ops *ops)
{
	struct vdt_domains *d;
	size_t i;
	int rc = 0;

	if (h->nsmmus > VFDT_VIOMMU_MAX)
		return -VSMMU_ERR_FULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -VSMMU_ERR_NOMEM;
	if (!hwdom)
		rc = vdt_dom_new(d, false, &d->v.dom);
	for (i = 0; rc == 0 && i < h->nsmmus; i++) {
		/* hwdom: one identity domain per SMMU, so pSIDs may repeat. */
		struct viommu_dom **dom = hwdom ? &d->v.hwdom[i] : &d->v.dom;

		if (hwdom && h->smmus[i].hidden)
			continue;
		if (hwdom)
			rc = vdt_dom_new(d, true, dom);
		if (rc == 0)
			rc = viommu_add_backend(*dom, &vdt_be_ops, &d->bctx[i],
						&d->v.backend[i]);
	}
	if (rc) {
		vdt_domains_destroy(d);
		return rc;
	}
	vfdt_viommu_ops(&d->v, ops);
	*out = d;
	return 0;
}

void vdt_domains_destroy(struct vdt_domains *d)
{
	if (!d)
		return;
	viommu_dom_destroy(d->v.dom);
	for (size_t i = 0; i < VFDT_VIOMMU_MAX; i++)
		viommu_dom_destroy(d->v.hwdom[i]);
	free(d);
}
