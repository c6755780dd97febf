// SPDX-License-Identifier: MIT
/*
 * Stage-2 translation: IPA -> PA through the tables an STE names (facts
 * §3.5/3.6, §7.4, §7.5; Arm ARM D8.2 for the start level and concatenated
 * start tables).
 */
#include "vsmmu/env.h"
#include "vsmmu/pgtable.h"
#include "internal.h"

/* What no walk can use: an unknown granule, or 52-bit addressing. */
static int pgt_s2_usable_(const struct pgt_s2_cfg *c)
{
	if (c->ds || c->ps > PGT_MAX_OA_BITS)
		return -VSMMU_ERR_NOTSUPP;
	if (!pgt_gran_ok_(c->granule))
		return -VSMMU_ERR_INVAL;
	return 0;
}

static int pgt_s2_fault_(struct pgt_result *r, enum pgt_fault_type type,
			 unsigned int level, uint64_t ipa)
{
	pgt_fault_(r, type, 2, level);
	r->fault.ipa = smmu_ipa(ipa);
	return -VSMMU_ERR_FAULT;
}

int pgt_s2_translate_(const struct pgt_s2_cfg *c, const struct pgt_mem *mem,
		      uint64_t ipa, struct pgt_access acc,
		      struct pgt_leaf_ *leaf, unsigned int *perm,
		      struct pgt_result *r)
{
	struct pgt_fetch_ f = { .fetch = pgt_fetch_pa_, .mem = mem };
	struct pgt_geom_ geo;
	unsigned int min, max;
	uint64_t base;
	int ret;

	ret = pgt_s2_usable_(c);
	if (ret)
		return ret;
	/*
	 * A configuration pgt_s2_cfg_check() refuses still walks: every
	 * access takes a translation fault (the caller should have raised
	 * C_BAD_STE instead).
	 */
	pgt_tsz_limits_(c->granule, c->tsz_min, c->tsz_max, &min, &max);
	if (c->tsz < min || c->tsz > max ||
	    pgt_s2_geom_(c->granule, c->tsz, c->sl0, &geo))
		return pgt_s2_fault_(r, PGT_FAULT_TRANSLATION, 0, ipa);
	/* IPA >= 2^(64 - S2T0SZ): translation fault (facts §7.7). */
	if (ipa >> geo.isz)
		return pgt_s2_fault_(r, PGT_FAULT_TRANSLATION, 0, ipa);
	geo.oa = c->ps;
	if (c->vttb.v >> c->ps)
		return pgt_s2_fault_(r, PGT_FAULT_ADDR_SIZE, 0, ipa);
	/* S2TTB bits below the start tables' alignment read as 0 (§3.6). */
	base = c->vttb.v & ~(pgt_start_bytes_(&geo) - 1u);

	ret = pgt_walk_stage_(&geo, &f, base, ipa, 2, true, leaf, r);
	if (ret) {
		r->fault.ipa = smmu_ipa(ipa);
		return ret;
	}
	if (!(leaf->desc & PGT_L_AF) && !c->affd)
		return pgt_s2_fault_(r, PGT_FAULT_ACCESS, leaf->level, ipa);
	*perm = pgt_s2_perm_(c, leaf->desc);
	if (!pgt_perm_allows(*perm, acc))
		return pgt_s2_fault_(r, PGT_FAULT_PERMISSION, leaf->level, ipa);
	return 0;
}

int pgt_walk_s2(const struct pgt_s2_cfg *c, const struct pgt_mem *mem,
		smmu_ipa_t ipa, struct pgt_access acc, struct pgt_result *r)
{
	struct pgt_leaf_ leaf;
	unsigned int perm = 0;
	int ret;

	if (!r)
		return -VSMMU_ERR_INVAL;
	pgt_result_init_(r, ipa.v, acc);
	if (!c || !mem || !mem->read)
		return -VSMMU_ERR_INVAL;
	ret = pgt_s2_translate_(c, mem, ipa.v, acc, &leaf, &perm, r);
	if (ret)
		return ret;
	r->out = leaf.oa;
	r->ipa = ipa.v;
	r->size_log2 = (uint8_t)leaf.size_log2;
	r->level = (uint8_t)leaf.level;
	r->s2_level = (uint8_t)leaf.level;
	r->perm = (uint8_t)perm;
	r->s2_memattr = (uint8_t)pgt_get_(PGT_S2_MEMATTR, leaf.desc);
	r->s2_sh = (uint8_t)pgt_get_(PGT_L_SH, leaf.desc);
	r->sh = r->s2_sh;
	return 0;
}
