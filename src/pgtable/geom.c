// SPDX-License-Identifier: MIT
/*
 * Granule geometry, start levels and the configuration checks that let a
 * caller report C_BAD_CD / C_BAD_STE (facts §4.4, §3.8, §7.1, §7.5).
 */
#include "vsmmu/env.h"
#include "vsmmu/pgtable.h"
#include "internal.h"

/*
 * TxSZ limits without 52-bit addressing: at least 16 (48-bit input); at
 * most 39 unless the implementation has small translation tables
 * (IDR3.STT), which allows 48 for 4K/16K and 47 for 64K (facts §4.2, §7.5).
 */
void pgt_tsz_limits_(enum pgt_granule g, uint8_t lo, uint8_t hi,
		     unsigned int *min, unsigned int *max)
{
	unsigned int top = g == PGT_GRAN_64K ? 47u : 48u;

	*min = lo ? VSMMU_MAX(lo, 64u - PGT_MAX_IA_BITS) : 16u;
	*max = hi ? VSMMU_MIN(hi, top) : 39u;
}

/*
 * Stage-1 start level (facts §7.1): 4 - floor((inputsize - 4) / stride),
 * which is the Arm ARM rule written without the grain size. Clamped to
 * 0..3 so that a TxSZ the caller did not check cannot produce a level the
 * walker would index with.
 */
unsigned int pgt_s1_start_level(enum pgt_granule g, unsigned int tsz)
{
	unsigned int isz, steps;

	if (!pgt_gran_ok_(g))
		return 0;
	isz = tsz < 64u - PGT_MAX_IA_BITS ? PGT_MAX_IA_BITS : 64u - tsz;
	if (isz < 4u + pgt_stride_(g))
		return 3;
	steps = (isz - 4u) / pgt_stride_(g);
	return steps >= 4u ? 0 : 4u - steps;
}

/*
 * Stage-2 start level from SL0 (facts §7.5): level = base - SL0 with base 2
 * for 4K and 3 for 16K/64K. SL0 = 3 is level 3 for 4K only with FEAT_TTST
 * and level 0 for 16K only with DS; neither is implemented, so both are
 * reserved here. The start level must resolve at least one bit and at
 * most a stride plus four (16 concatenated tables).
 */
int pgt_s2_geom_(enum pgt_granule g, unsigned int tsz, unsigned int sl0,
		 struct pgt_geom_ *geo)
{
	unsigned int base, level, shift, isz;

	if (!pgt_gran_ok_(g) || sl0 > 2u || tsz > 63u)
		return -VSMMU_ERR_INVAL;
	base = g == PGT_GRAN_4K ? 2u : 3u;
	level = base - sl0;
	isz = 64u - tsz;
	shift = pgt_shift_(g, level);
	if (isz <= shift || isz - shift > pgt_stride_(g) + 4u)
		return -VSMMU_ERR_INVAL;
	geo->g = g;
	geo->isz = isz;
	geo->start = level;
	geo->sbits = isz - shift;
	return 0;
}

int pgt_s2_start(const struct pgt_s2_cfg *c, unsigned int *level,
		 unsigned int *nconcat)
{
	struct pgt_geom_ geo;
	unsigned int st;
	int ret;

	if (!c)
		return -VSMMU_ERR_INVAL;
	ret = pgt_s2_geom_(c->granule, c->tsz, c->sl0, &geo);
	if (ret)
		return ret;
	st = pgt_stride_(geo.g);
	if (level)
		*level = geo.start;
	if (nconcat)
		*nconcat = geo.sbits > st ? 1u << (geo.sbits - st) : 1u;
	return 0;
}

unsigned int pgt_s1_levels(const struct pgt_s1_tt *tt)
{
	if (!tt || !pgt_gran_ok_(tt->granule))
		return 0;
	return 4u - pgt_s1_start_level(tt->granule, tt->tsz);
}

unsigned int pgt_s2_levels(const struct pgt_s2_cfg *c)
{
	unsigned int level;

	if (pgt_s2_start(c, &level, NULL))
		return 0;
	return 4u - level;
}

/* IPS / PS: 32 to 48 bits; 52 and above are refused (no DS / LPA). */
static int pgt_oa_check_(unsigned int oa)
{
	if (oa > PGT_MAX_OA_BITS)
		return -VSMMU_ERR_NOTSUPP;
	if (oa < 32u)
		return -VSMMU_ERR_INVAL;
	return 0;
}

int pgt_s1_cfg_check(const struct pgt_s1_cfg *c)
{
	unsigned int i, min, max;
	int ret;

	if (!c)
		return -VSMMU_ERR_INVAL;
	if (c->ds)
		return -VSMMU_ERR_NOTSUPP;
	ret = pgt_oa_check_(c->ips);
	if (ret)
		return ret;
	for (i = 0; i < 2u; i++) {
		const struct pgt_s1_tt *tt = &c->tt[i];

		/* An EPD range is never walked: its other fields are unused. */
		if (tt->epd)
			continue;
		if (!pgt_gran_ok_(tt->granule))
			return -VSMMU_ERR_INVAL;
		pgt_tsz_limits_(tt->granule, c->tsz_min, c->tsz_max,
				&min, &max);
		if (tt->tsz < min || tt->tsz > max)
			return -VSMMU_ERR_INVAL;
		/* TTBx beyond the effective IPS is ILLEGAL (facts §4.3). */
		if (tt->ttb >> c->ips)
			return -VSMMU_ERR_INVAL;
	}
	return 0;
}

int pgt_s2_cfg_check(const struct pgt_s2_cfg *c)
{
	struct pgt_geom_ geo;
	unsigned int min, max;
	int ret;

	if (!c)
		return -VSMMU_ERR_INVAL;
	if (c->ds)
		return -VSMMU_ERR_NOTSUPP;
	ret = pgt_oa_check_(c->ps);
	if (ret)
		return ret;
	if (!pgt_gran_ok_(c->granule))
		return -VSMMU_ERR_INVAL;
	pgt_tsz_limits_(c->granule, c->tsz_min, c->tsz_max, &min, &max);
	if (c->tsz < min || c->tsz > max)
		return -VSMMU_ERR_INVAL;
	ret = pgt_s2_geom_(c->granule, c->tsz, c->sl0, &geo);
	if (ret)
		return ret;
	/* S2TTB outside the effective S2PS is ILLEGAL (facts §3.6). */
	if (c->vttb.v >> c->ps)
		return -VSMMU_ERR_INVAL;
	return 0;
}
