// SPDX-License-Identifier: MIT
/*
 * The vIOMMU framework behind struct vfdt_vsid_ops: a guest's vSIDs come
 * from its domain's allocator (viommu_vsid_alloc); the hardware domain's
 * from one identity-mode domain per physical SMMU, so that pSIDs that
 * repeat across SMMUs stay apart.
 */
#include "vsmmu/env.h"
#include "vsmmu/viommu.h"
#include "vsmmu/fdt.h"
#include "internal.h"

static int vfdt_viommu_alloc_(void *ctx, unsigned int smmu, uint32_t psid,
			      uint32_t count, uint32_t *vsid_first)
{
	struct vfdt_viommu *v = ctx;

	if (!v->dom || smmu >= VFDT_VIOMMU_MAX)
		return -VSMMU_ERR_NOENT;
	return viommu_vsid_alloc(v->dom, v->backend[smmu], psid, count,
				 vsid_first);
}

static int vfdt_viommu_identity_(void *ctx, unsigned int smmu, uint32_t psid,
				 uint32_t count)
{
	struct vfdt_viommu *v = ctx;
	uint32_t vsid;
	int rc;

	if (smmu >= VFDT_VIOMMU_MAX || !v->hwdom[smmu])
		return -VSMMU_ERR_NOENT;
	rc = viommu_vsid_alloc(v->hwdom[smmu], v->backend[smmu], psid, count,
			       &vsid);
	if (rc)
		return rc;
	/* A domain not created in identity mode would break vSID = pSID. */
	if (vsid != psid) {
		(void)viommu_vsid_free(v->hwdom[smmu], vsid, count);
		return -VSMMU_ERR_STATE;
	}
	return 0;
}

static void vfdt_viommu_release_(void *ctx, unsigned int smmu, uint32_t vsid,
				 uint32_t count)
{
	struct vfdt_viommu *v = ctx;
	struct viommu_dom *d;

	if (smmu >= VFDT_VIOMMU_MAX)
		return;
	/* A guest build uses dom; a hardware-domain build, hwdom[smmu]. */
	d = v->hwdom[smmu] ? v->hwdom[smmu] : v->dom;
	if (d)
		(void)viommu_vsid_free(d, vsid, count);
}

void vfdt_viommu_ops(struct vfdt_viommu *v, struct vfdt_vsid_ops *ops)
{
	if (!ops)
		return;
	ops->ctx = v;
	ops->alloc = vfdt_viommu_alloc_;
	ops->identity = vfdt_viommu_identity_;
	ops->release = vfdt_viommu_release_;
}
