// SPDX-License-Identifier: MIT
/*
 * Row 8, memory: what a vSMMU and its domain's vSID map hold with n
 * mapped vSIDs. Two shapes: one contiguous range (a PCI RID range, one
 * map entry) and n single devices whose pSIDs run backwards, so that no
 * two of them can share an entry (the worst case for the map).
 */
#include <stdlib.h>

#include "bench.h"

/* Above the physical SMMU's StreamIDs: the map only is measured here,
 * no device is registered with the physical driver. */
#define SEC_MEM_PSID 0x100000u

int bench_mem_per_vsid(uint32_t n, bool contiguous, size_t *map_bytes,
		       size_t *vsmmu_bytes)
{
	struct bench_rig_opts o = { 0 };
	struct bench_rig *r = calloc(1, sizeof(*r));
	uint32_t vsid, i, extra;
	int ret;

	if (!r)
		return -VSMMU_ERR_NOMEM;
	o.no_guest = true;
	ret = bench_rig_init(r, &o);
	/* The rig maps the guest's two devices already. */
	extra = n > 2 ? n - 2 : 0;
	if (!ret && extra && contiguous)
		ret = viommu_vsid_alloc(r->vd, r->be_idx, SEC_MEM_PSID, extra,
					&vsid);
	for (i = 0; !ret && !contiguous && i < extra; i++)
		ret = viommu_vsid_alloc(r->vd, r->be_idx,
					SEC_MEM_PSID + extra - 1 - i, 1, &vsid);
	if (!ret && viommu_vsid_count(r->vd) != (n > 2 ? n : 2))
		ret = -VSMMU_ERR_STATE;
	*map_bytes = ret ? 0 : viommu_map_bytes(r->vd);
	*vsmmu_bytes = ret ? 0 : r->vsmmu_bytes;
	bench_rig_fini(r);
	free(r);
	return ret;
}
