// SPDX-License-Identifier: MIT
/*
 * The table-driven field codec: one place that moves bits between a
 * structure's dwords and a decoded C struct (the per-field helpers are
 * inline in internal.h).
 */
#include "vsmmu/env.h"
#include "vsmmu/arch.h"
#include "internal.h"

bool smmu_tab_decode_(const struct smmu_fdesc_ *t, size_t n,
		      const uint64_t *w, size_t nw, void *obj, size_t objsz)
{
	uint64_t used[SMMU_STE_DWORDS] = { 0 };
	bool res0 = false;
	size_t i;

	vsmmu_memset(obj, 0, objsz);
	for (i = 0; i < n; i++) {
		smmu_fget_(&t[i], w, obj);
		used[t[i].dw] |= t[i].mask;
	}
	for (i = 0; i < nw && i < SMMU_STE_DWORDS; i++)
		if (w[i] & ~used[i])
			res0 = true;
	return res0;
}

int smmu_tab_encode_(const struct smmu_fdesc_ *t, size_t n,
		     const void *obj, uint64_t *w, size_t nw)
{
	int rc = 0;
	size_t i;

	for (i = 0; i < nw; i++)
		w[i] = 0;
	for (i = 0; i < n; i++)
		if (!smmu_fput_(&t[i], obj, w))
			rc = -VSMMU_ERR_RANGE;
	return rc;
}
