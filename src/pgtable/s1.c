// SPDX-License-Identifier: MIT
/*
 * Stage-1 translation: VA -> output address through the tables a CD names
 * (facts §4.2/4.3, §7.1-7.3; Arm ARM D8.2 for range selection and TBI).
 */
#include "vsmmu/env.h"
#include "vsmmu/pgtable.h"
#include "internal.h"

static int pgt_s1_usable_(const struct pgt_s1_cfg *c)
{
	if (c->ds || c->ips > PGT_MAX_OA_BITS)
		return -VSMMU_ERR_NOTSUPP;
	return 0;
}

/*
 * Which range translates va (Arm ARM D8.2, "VA ranges"): the top bit that
 * counts is 55 when the range VA[55] points at ignores the top byte, 63
 * otherwise; that bit selects TTB0 (0) or TTB1 (1), and every bit from it
 * down to the input size must equal it, or the VA is out of range.
 */
static unsigned int pgt_s1_top_(const struct pgt_s1_cfg *c, uint64_t va)
{
	return c->tt[(va >> 55) & 1u].tbi ? 55u : 63u;
}

static bool pgt_s1_in_range_(uint64_t va, unsigned int top, unsigned int isz,
			     unsigned int half)
{
	uint64_t hi = (va & PGT_GENMASK_(top, 0)) >> isz;
	uint64_t ones = (1ull << (top + 1u - isz)) - 1u;

	return half ? hi == ones : hi == 0;
}

int pgt_s1_translate_(const struct pgt_s1_cfg *c, const struct pgt_fetch_ *f,
		      uint64_t va, struct pgt_access acc,
		      struct pgt_leaf_ *leaf, unsigned int *perm,
		      struct pgt_result *r)
{
	const struct pgt_s1_tt *tt;
	struct pgt_geom_ geo;
	unsigned int top, half, min, max;
	uint64_t base;
	int ret;

	ret = pgt_s1_usable_(c);
	if (ret)
		return ret;
	top = pgt_s1_top_(c, va);
	half = (unsigned int)(va >> top) & 1u;
	tt = &c->tt[half];
	/* EPDx = 1: a TLB miss in this range is a translation fault. */
	if (tt->epd)
		return pgt_fault_(r, PGT_FAULT_TRANSLATION, 1, 0);
	if (!pgt_gran_ok_(tt->granule))
		return -VSMMU_ERR_INVAL;
	/* TxSZ out of range is C_BAD_CD; used anyway, nothing translates. */
	pgt_tsz_limits_(tt->granule, c->tsz_min, c->tsz_max, &min, &max);
	if (tt->tsz < min || tt->tsz > max)
		return pgt_fault_(r, PGT_FAULT_TRANSLATION, 1, 0);
	geo.g = tt->granule;
	geo.isz = 64u - tt->tsz;
	if (!pgt_s1_in_range_(va, top, geo.isz, half))
		return pgt_fault_(r, PGT_FAULT_TRANSLATION, 1, 0);
	geo.start = pgt_s1_start_level(tt->granule, tt->tsz);
	geo.sbits = geo.isz - pgt_shift_(geo.g, geo.start);
	geo.oa = c->ips;
	if (tt->ttb >> c->ips)
		return pgt_fault_(r, PGT_FAULT_ADDR_SIZE, 1, 0);
	base = tt->ttb & ~(pgt_start_bytes_(&geo) - 1u);

	ret = pgt_walk_stage_(&geo, f, base, va, 1, tt->had, leaf, r);
	if (ret)
		return ret;
	/* Facts §6.4: AF before permission, both on the leaf. */
	if (!(leaf->desc & PGT_L_AF) && !c->affd)
		return pgt_fault_(r, PGT_FAULT_ACCESS, 1, leaf->level);
	*perm = pgt_s1_perm_(c, leaf);
	if (!pgt_perm_allows(*perm, acc))
		return pgt_fault_(r, PGT_FAULT_PERMISSION, 1, leaf->level);
	return 0;
}

void pgt_s1_result_(struct pgt_result *r, const struct pgt_leaf_ *l,
			   unsigned int perm)
{
	r->out = l->oa;
	r->ipa = l->oa;
	r->size_log2 = (uint8_t)l->size_log2;
	r->level = (uint8_t)l->level;
	r->perm = (uint8_t)perm;
	r->attr_idx = (uint8_t)pgt_get_(PGT_S1_ATTRIDX, l->desc);
	r->sh = (uint8_t)pgt_get_(PGT_L_SH, l->desc);
	r->ng = (l->desc & PGT_S1_NG) != 0;
}

int pgt_walk_s1(const struct pgt_s1_cfg *c, const struct pgt_mem *mem,
		smmu_va_t va, struct pgt_access acc, struct pgt_result *r)
{
	struct pgt_fetch_ f = { .fetch = pgt_fetch_pa_, .mem = mem };
	struct pgt_leaf_ leaf;
	unsigned int perm = 0;
	int ret;

	if (!r)
		return -VSMMU_ERR_INVAL;
	pgt_result_init_(r, va.v, acc);
	if (!c || !mem || !mem->read)
		return -VSMMU_ERR_INVAL;
	ret = pgt_s1_translate_(c, &f, va.v, acc, &leaf, &perm, r);
	if (ret)
		return ret;
	pgt_s1_result_(r, &leaf, perm);
	return 0;
}
