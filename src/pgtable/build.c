// SPDX-License-Identifier: MIT
/*
 * The table builder: a tree's geometry, its table pages, descriptor I/O,
 * leaf attributes and the walker configuration it produces. Editing the
 * mappings is in map.c.
 */
#include "vsmmu/env.h"
#include "vsmmu/pgtable.h"
#include "internal.h"

void pgt_table_geom_(const struct pgt_table *t, struct pgt_geom_ *geo)
{
	geo->g = t->cfg.granule;
	geo->isz = 64u - t->cfg.tsz;
	geo->start = t->start_level;
	geo->sbits = geo->isz - pgt_shift_(geo->g, geo->start);
	geo->oa = t->cfg.oas;
}

unsigned int pgt_table_bits_(const struct pgt_table *t, unsigned int level)
{
	struct pgt_geom_ geo;

	pgt_table_geom_(t, &geo);
	return level == geo.start ? geo.sbits : pgt_stride_(geo.g);
}

uint64_t pgt_table_bytes_(const struct pgt_table *t, unsigned int level)
{
	uint64_t b = 8ull << pgt_table_bits_(t, level);

	/* Start tables smaller than 64 bytes are still 64-byte aligned. */
	return b < 64u ? 64u : b;
}

int pgt_rd_(const struct pgt_table *t, uint64_t pa, uint64_t *desc)
{
	uint64_t raw = 0;
	int err = t->mem.read(t->mem.ctx, smmu_pa(pa), &raw, sizeof(raw));

	if (err)
		return err < 0 ? err : -VSMMU_ERR_IO;
	*desc = vsmmu_le64_to_cpu(raw);
	return 0;
}

int pgt_wr_(const struct pgt_table *t, uint64_t pa, uint64_t desc)
{
	uint64_t raw = vsmmu_cpu_to_le64(desc);
	int err = t->mem.write(t->mem.ctx, smmu_pa(pa), &raw, sizeof(raw));

	return err ? (err < 0 ? err : -VSMMU_ERR_IO) : 0;
}

int pgt_tbl_alloc_(struct pgt_table *t, unsigned int level, uint64_t *pa)
{
	uint64_t bytes = pgt_table_bytes_(t, level);
	smmu_pa_t p = smmu_pa(0);
	int err;

	err = t->ops.alloc(t->ops.ctx, (size_t)bytes, &p);
	if (err)
		return -VSMMU_ERR_NOMEM;
	/* A table must be aligned to its size and reachable by OA bits. */
	if ((p.v & (bytes - 1u)) || (p.v >> t->cfg.oas)) {
		t->ops.free(t->ops.ctx, p, (size_t)bytes);
		return -VSMMU_ERR_NOMEM;
	}
	t->ntables++;
	*pa = p.v;
	return 0;
}

void pgt_tbl_free_(struct pgt_table *t, unsigned int level, uint64_t pa)
{
	t->ops.free(t->ops.ctx, smmu_pa(pa),
		    (size_t)pgt_table_bytes_(t, level));
	t->ntables--;
}

/*
 * Leaf attributes for a protection (facts §7.3, §7.4). Stage 1: AP[2] =
 * not writable, AP[1] = EL0 too; PXN unless executable, UXN unless
 * executable by EL0 as well. Reads cannot be withheld at stage 1. Stage 2:
 * S2AP from R and W, XN[1] unless executable.
 */
int pgt_leaf_attrs_(const struct pgt_table *t, const struct pgt_prot *prot,
		    uint64_t *attrs)
{
	unsigned int fl = prot->flags;
	uint64_t a = 0;

	if (prot->sh > 3u)
		return -VSMMU_ERR_INVAL;
	a |= pgt_prep_(PGT_L_SH, prot->sh);
	if (!(fl & PGT_PROT_NOAF))
		a |= PGT_L_AF;
	if (t->cfg.fmt == PGT_FMT_S1) {
		if (prot->attr > 7u)
			return -VSMMU_ERR_INVAL;
		a |= pgt_prep_(PGT_S1_ATTRIDX, prot->attr);
		if (!(fl & PGT_PROT_W))
			a |= PGT_S1_AP2;
		if (fl & PGT_PROT_UNPRIV)
			a |= PGT_S1_AP1;
		if (fl & PGT_PROT_NG)
			a |= PGT_S1_NG;
		if (!(fl & PGT_PROT_X))
			a |= PGT_S1_PXN;
		if (!(fl & PGT_PROT_X) || !(fl & PGT_PROT_UNPRIV))
			a |= PGT_S1_UXN;
	} else {
		if (prot->attr > 15u)
			return -VSMMU_ERR_INVAL;
		a |= pgt_prep_(PGT_S2_MEMATTR, prot->attr);
		if (fl & PGT_PROT_R)
			a |= PGT_S2_AP_R;
		if (fl & PGT_PROT_W)
			a |= PGT_S2_AP_W;
		if (!(fl & PGT_PROT_X))
			a |= PGT_S2_XN1;
	}
	*attrs = a;
	return 0;
}

/*
 * Stage-2 automatic SL0: the legal start level with the fewest levels,
 * i.e. the deepest one whose start tables (at most 16 concatenated, facts
 * §7.5) still cover the input size.
 */
static int pgt_auto_sl0_(enum pgt_granule g, unsigned int tsz,
			 unsigned int *sl0)
{
	struct pgt_geom_ geo;
	unsigned int s;

	for (s = 0; s <= 2u; s++) {
		if (!pgt_s2_geom_(g, tsz, s, &geo)) {
			*sl0 = s;
			return 0;
		}
	}
	return -VSMMU_ERR_INVAL;
}

int pgt_table_init(struct pgt_table *t, const struct pgt_table_cfg *c,
		   const struct pgt_mem *mem, const struct pgt_alloc_ops *ops)
{
	struct pgt_geom_ geo;
	unsigned int min, max, sl0 = 0;
	uint64_t root;
	int ret;

	if (!t || !c || !mem || !mem->read || !mem->write || !ops ||
	    !ops->alloc || !ops->free)
		return -VSMMU_ERR_INVAL;
	vsmmu_memset(t, 0, sizeof(*t));
	if (c->fmt != PGT_FMT_S1 && c->fmt != PGT_FMT_S2)
		return -VSMMU_ERR_INVAL;
	if (!pgt_gran_ok_(c->granule))
		return -VSMMU_ERR_INVAL;
	if (c->oas > PGT_MAX_OA_BITS || c->tsz < 64u - PGT_MAX_IA_BITS)
		return -VSMMU_ERR_NOTSUPP;
	pgt_tsz_limits_(c->granule, 0, 48, &min, &max);
	if (c->oas < 32u || c->tsz > max || (c->fmt == PGT_FMT_S2 && c->ttb1))
		return -VSMMU_ERR_INVAL;
	t->cfg = *c;
	t->mem = *mem;
	t->ops = *ops;
	if (c->fmt == PGT_FMT_S1) {
		t->start_level =
			(uint8_t)pgt_s1_start_level(c->granule, c->tsz);
	} else {
		if (c->sl0 == PGT_SL0_AUTO) {
			ret = pgt_auto_sl0_(c->granule, c->tsz, &sl0);
			if (ret)
				return ret;
		} else {
			sl0 = c->sl0;
		}
		ret = pgt_s2_geom_(c->granule, c->tsz, sl0, &geo);
		if (ret)
			return ret;
		t->sl0 = (uint8_t)sl0;
		t->start_level = (uint8_t)geo.start;
		t->cfg.sl0 = (uint8_t)sl0;
	}
	pgt_table_geom_(t, &geo);
	t->nconcat = (uint8_t)(geo.sbits > pgt_stride_(geo.g) ?
			       1u << (geo.sbits - pgt_stride_(geo.g)) : 1u);
	ret = pgt_tbl_alloc_(t, geo.start, &root);
	if (ret)
		return ret;
	t->root = smmu_pa(root);
	return 0;
}

/* Free the subtree of the table at pa (level), then the table itself. */
void pgt_free_tree_(struct pgt_table *t, uint64_t pa, unsigned int level)
{
	uint64_t i, n = 1ull << pgt_table_bits_(t, level), desc;

	for (i = 0; level < 3u && i < n; i++) {
		if (pgt_rd_(t, pa + i * 8u, &desc))
			continue;
		if ((desc & PGT_D_VALID) && (desc & PGT_D_TYPE))
			pgt_free_tree_(t, desc & PGT_GENMASK_(PGT_D_OA_TOP,
							       t->cfg.granule),
				       level + 1u);
	}
	pgt_tbl_free_(t, level, pa);
}

void pgt_table_destroy(struct pgt_table *t)
{
	if (!t || !t->ops.free || !t->ntables)
		return;
	pgt_free_tree_(t, t->root.v, t->start_level);
	t->root = smmu_pa(0);
}

int pgt_table_s1_cfg(const struct pgt_table *t, struct pgt_s1_cfg *c)
{
	struct pgt_s1_tt *tt;

	if (!t || !c || t->cfg.fmt != PGT_FMT_S1)
		return -VSMMU_ERR_INVAL;
	tt = &c->tt[t->cfg.ttb1 ? 1 : 0];
	vsmmu_memset(tt, 0, sizeof(*tt));
	tt->ttb = t->root.v;
	tt->granule = t->cfg.granule;
	tt->tsz = t->cfg.tsz;
	c->ips = t->cfg.oas;
	/* A tree built with small tables needs the STT limit to walk. */
	if (t->cfg.tsz > 39u && c->tsz_max < t->cfg.tsz)
		c->tsz_max = t->cfg.tsz;
	return 0;
}

int pgt_table_s2_cfg(const struct pgt_table *t, struct pgt_s2_cfg *c)
{
	if (!t || !c || t->cfg.fmt != PGT_FMT_S2)
		return -VSMMU_ERR_INVAL;
	vsmmu_memset(c, 0, sizeof(*c));
	c->vttb = t->root;
	c->granule = t->cfg.granule;
	c->tsz = t->cfg.tsz;
	c->sl0 = t->sl0;
	c->ps = t->cfg.oas;
	if (t->cfg.tsz > 39u)
		c->tsz_max = t->cfg.tsz;
	return 0;
}
