// SPDX-License-Identifier: MIT
/*
 * The table-driven field codec: one place that moves bits between a
 * structure's dwords and a decoded C struct.
 */
#include "vsmmu/env.h"
#include "vsmmu/arch.h"
#include "internal.h"

void smmu_fget_(const struct smmu_fdesc_ *f, const uint64_t *w, void *obj)
{
	char *p = (char *)obj + f->off;
	uint64_t x = f->kind == SMMU_FK_ADDR_ ? w[f->dw] & f->mask :
		     smmu_field_get(f->mask, w[f->dw]);

	switch (f->kind) {
	case SMMU_FK_BOOL_:
		*(bool *)p = x != 0;
		break;
	case SMMU_FK_U8_:
		*(uint8_t *)p = (uint8_t)x;
		break;
	case SMMU_FK_U16_:
		*(uint16_t *)p = (uint16_t)x;
		break;
	case SMMU_FK_U32_:
		*(uint32_t *)p = (uint32_t)x;
		break;
	default:
		*(uint64_t *)p = x;
		break;
	}
}

bool smmu_fput_(const struct smmu_fdesc_ *f, const void *obj, uint64_t *w)
{
	const char *p = (const char *)obj + f->off;
	uint64_t x;

	switch (f->kind) {
	case SMMU_FK_BOOL_:
		x = *(const bool *)p ? 1u : 0u;
		break;
	case SMMU_FK_U8_:
		x = *(const uint8_t *)p;
		break;
	case SMMU_FK_U16_:
		x = *(const uint16_t *)p;
		break;
	case SMMU_FK_U32_:
		x = *(const uint32_t *)p;
		break;
	case SMMU_FK_U64_:
		x = *(const uint64_t *)p;
		break;
	default:
		x = *(const uint64_t *)p;
		w[f->dw] |= x & f->mask;
		return (x & ~f->mask) == 0;
	}
	w[f->dw] |= smmu_field_prep(f->mask, x);
	/* the field's maximum is its mask shifted down to bit 0 */
	return x <= smmu_field_get(f->mask, f->mask);
}

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
