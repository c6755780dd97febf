// SPDX-License-Identifier: MIT
/*
 * Editing a builder tree: map, unmap, protect.
 *
 * Order of writes: a new table is filled completely before the
 * descriptor that links it is written, so a walker running at any moment
 * sees either the old or the new translation (no break-before-make is
 * needed for a split, which keeps every translation as it was; TLBs are
 * the caller's business). Blocks straddling the ends of an unmap or
 * protect range are split before anything is removed or changed, so
 * -VSMMU_ERR_NOMEM there leaves every mapping in place.
 */
#include "vsmmu/env.h"
#include "vsmmu/pgtable.h"
#include "internal.h"

static uint64_t pgt_oa_mask_(unsigned int shift)
{
	return PGT_GENMASK_(PGT_D_OA_TOP, shift);
}

/*
 * The tree's input offset of iova, after checking that [iova, iova + size)
 * lies in the range the tree translates and is granule aligned. A TTB1
 * tree takes upper VAs whose bits above the input size are all ones.
 */
static int pgt_in_(const struct pgt_table *t, uint64_t iova, uint64_t size,
		   uint64_t *in)
{
	unsigned int isz = 64u - t->cfg.tsz;
	uint64_t span = 1ull << isz, gmask = (1ull << t->cfg.granule) - 1u;

	if (t->cfg.ttb1) {
		if ((iova >> isz) != (~0ull >> isz))
			return -VSMMU_ERR_RANGE;
		iova &= span - 1u;
	}
	if ((iova | size) & gmask)
		return -VSMMU_ERR_INVAL;
	if (!size || !smmu_range_ok(iova, size, span))
		return -VSMMU_ERR_RANGE;
	*in = iova;
	return 0;
}

/* Index of in at level, within a table of that level. */
static uint64_t pgt_idx_(const struct pgt_table *t, uint64_t in,
			 unsigned int level)
{
	unsigned int bits = pgt_table_bits_(t, level);

	return (in >> pgt_shift_(t->cfg.granule, level)) &
	       ((1ull << bits) - 1u);
}

/* The largest leaf level whose size divides both addresses and fits. */
static unsigned int pgt_pick_level_(const struct pgt_table *t, uint64_t in,
				    uint64_t oa, uint64_t left)
{
	unsigned int g = t->cfg.granule, level;

	for (level = t->start_level; level < 3u; level++) {
		uint64_t sz = 1ull << pgt_shift_(g, level);

		if (pgt_block_ok_(g, level) && !((in | oa) & (sz - 1u)) &&
		    left >= sz)
			return level;
	}
	return 3;
}

/* Link a new, empty table below the entry at ea. */
static int pgt_link_new_(struct pgt_table *t, uint64_t ea,
			 unsigned int level, uint64_t *next)
{
	uint64_t nt;
	int ret;

	ret = pgt_tbl_alloc_(t, level + 1u, &nt);
	if (ret)
		return ret;
	ret = pgt_wr_(t, ea, nt | PGT_D_VALID | PGT_D_TYPE);
	if (ret) {
		pgt_tbl_free_(t, level + 1u, nt);
		return ret;
	}
	*next = nt;
	return 0;
}

/*
 * Install one leaf at `target`, creating tables on the way down. If the
 * leaf cannot be written, the tables this call linked are unlinked and
 * freed again, deepest first, so a failed map leaves no empty table that
 * a later block mapping would collide with.
 */
static int pgt_install_(struct pgt_table *t, uint64_t in, uint64_t oa,
			unsigned int target, uint64_t attrs)
{
	uint64_t table = t->root.v, ea, desc;
	uint64_t link[PGT_MAX_LEVELS], made_tbl[PGT_MAX_LEVELS];
	unsigned int level, made = 0;
	int ret = -VSMMU_ERR_INTERNAL;

	for (level = t->start_level; level <= target; level++) {
		ea = table + pgt_idx_(t, in, level) * 8u;
		ret = pgt_rd_(t, ea, &desc);
		if (ret)
			break;
		if (level == target) {
			if (desc & PGT_D_VALID)
				ret = -VSMMU_ERR_EXIST;
			else
				ret = pgt_wr_(t, ea,
					      pgt_mk_leaf_(oa, attrs, level));
			break;
		}
		if (!(desc & PGT_D_VALID)) {
			ret = pgt_link_new_(t, ea, level, &table);
			if (ret)
				break;
			link[made] = ea;
			made_tbl[made++] = table;
		} else if (desc & PGT_D_TYPE) {
			table = desc & pgt_oa_mask_(t->cfg.granule);
		} else {
			ret = -VSMMU_ERR_EXIST;	/* inside a block */
			break;
		}
	}
	/*
	 * New tables form a chain ending at the level the loop stopped at:
	 * unlink and free them from there upwards.
	 */
	while (ret && made) {
		made--;
		if (pgt_wr_(t, link[made], 0))
			break;	/* cannot unlink: destroy frees it */
		pgt_tbl_free_(t, level, made_tbl[made]);
		level--;
	}
	return ret;
}

/*
 * Replace the block at ea (level) by a table of next-level leaves with
 * the same output and attributes. The new table is complete before it is
 * linked (see the top of this file).
 */
static int pgt_split_(struct pgt_table *t, uint64_t ea, uint64_t desc,
		      unsigned int level, uint64_t *next)
{
	unsigned int g = t->cfg.granule, cs = pgt_shift_(g, level + 1u);
	uint64_t oa = desc & pgt_oa_mask_(pgt_shift_(g, level));
	uint64_t attrs = desc & ~pgt_oa_mask_(g) & ~(PGT_D_VALID | PGT_D_TYPE);
	uint64_t nt, i, n = 1ull << pgt_stride_(g);
	int ret;

	ret = pgt_tbl_alloc_(t, level + 1u, &nt);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		ret = pgt_wr_(t, nt + i * 8u,
			      pgt_mk_leaf_(oa + (i << cs), attrs, level + 1u));
		if (ret)
			goto fail;
	}
	ret = pgt_wr_(t, ea, nt | PGT_D_VALID | PGT_D_TYPE);
	if (ret)
		goto fail;
	*next = nt;
	return 0;
fail:
	pgt_tbl_free_(t, level + 1u, nt);
	return ret;
}

/* Make sure no block leaf straddles the input address `at`. */
static int pgt_split_at_(struct pgt_table *t, uint64_t at)
{
	uint64_t table = t->root.v, ea, desc;
	unsigned int level;
	int ret;

	for (level = t->start_level; level <= 3u; level++) {
		uint64_t sz = 1ull << pgt_shift_(t->cfg.granule, level);

		/* at is a boundary of every leaf at this level and below */
		if (!(at & (sz - 1u)))
			return 0;
		ea = table + pgt_idx_(t, at, level) * 8u;
		ret = pgt_rd_(t, ea, &desc);
		if (ret)
			return ret;
		if (!(desc & PGT_D_VALID))
			return 0;
		if (level < 3u && (desc & PGT_D_TYPE)) {
			table = desc & pgt_oa_mask_(t->cfg.granule);
			continue;
		}
		if (level == 3u)
			return -VSMMU_ERR_INTERNAL; /* at is granule aligned */
		ret = pgt_split_(t, ea, desc, level, &table);
		if (ret)
			return ret;
	}
	return 0;
}

/* Whether every entry of the table at pa (level) is invalid. */
static int pgt_is_empty_(const struct pgt_table *t, uint64_t pa,
			 unsigned int level, bool *empty)
{
	uint64_t i, n = 1ull << pgt_table_bits_(t, level), desc;
	int ret;

	for (i = 0; i < n; i++) {
		ret = pgt_rd_(t, pa + i * 8u, &desc);
		if (ret)
			return ret;
		if (desc & PGT_D_VALID) {
			*empty = false;
			return 0;
		}
	}
	*empty = true;
	return 0;
}

/*
 * Unmap (attrs == NULL) or re-protect every leaf in [lo, hi) of the table
 * at pa, which covers input addresses from tbase. The ends were split
 * first, so every leaf met lies wholly inside or outside the range.
 * *emptied: this table lost entries and has none left (never for the
 * start table, which lives as long as the tree).
 */
static int pgt_edit_(struct pgt_table *t, uint64_t pa, unsigned int level,
		     uint64_t tbase, uint64_t lo, uint64_t hi,
		     const uint64_t *attrs, bool *emptied)
{
	unsigned int g = t->cfg.granule, shift = pgt_shift_(g, level);
	uint64_t n = 1ull << pgt_table_bits_(t, level);
	uint64_t i, first, last, desc;
	bool cleared = false;
	int ret;

	*emptied = false;
	first = lo > tbase ? (lo - tbase) >> shift : 0;
	last = (hi - 1u - tbase) >> shift;
	if (last >= n)
		last = n - 1u;
	for (i = first; i <= last; i++) {
		uint64_t ea = pa + i * 8u, eb = tbase + (i << shift);
		uint64_t ee = eb + (1ull << shift);
		bool inside = eb >= lo && ee <= hi;

		ret = pgt_rd_(t, ea, &desc);
		if (ret)
			return ret;
		if (!(desc & PGT_D_VALID))
			continue;
		if (level < 3u && (desc & PGT_D_TYPE)) {
			uint64_t child = desc & pgt_oa_mask_(g);
			bool gone;

			if (!attrs && inside) {
				/* the whole subtree goes: unlink, then free */
				ret = pgt_wr_(t, ea, 0);
				if (ret)
					return ret;
				pgt_free_tree_(t, child, level + 1u);
				cleared = true;
				continue;
			}
			ret = pgt_edit_(t, child, level + 1u, eb, lo, hi,
					attrs, &gone);
			if (ret)
				return ret;
			if (gone) {
				ret = pgt_wr_(t, ea, 0);
				if (ret)
					return ret;
				pgt_tbl_free_(t, level + 1u, child);
				cleared = true;
			}
			continue;
		}
		if (!inside)
			return -VSMMU_ERR_INTERNAL; /* not split: a bug */
		if (attrs)
			ret = pgt_wr_(t, ea, pgt_mk_leaf_(desc &
							  pgt_oa_mask_(shift),
							  *attrs, level));
		else
			ret = pgt_wr_(t, ea, 0);
		if (ret)
			return ret;
		if (!attrs)
			cleared = true;
	}
	if (cleared && level != t->start_level)
		return pgt_is_empty_(t, pa, level, emptied);
	return 0;
}

static int pgt_edit_range_(struct pgt_table *t, uint64_t in, uint64_t size,
			   const uint64_t *attrs)
{
	bool gone;
	int ret;

	ret = pgt_split_at_(t, in);
	if (!ret)
		ret = pgt_split_at_(t, in + size);
	if (ret)
		return ret;
	return pgt_edit_(t, t->root.v, t->start_level, 0, in, in + size,
			 attrs, &gone);
}

int pgt_map(struct pgt_table *t, uint64_t iova, uint64_t pa, uint64_t size,
	    const struct pgt_prot *prot)
{
	uint64_t in, attrs, done = 0;
	int ret;

	if (!t || !prot || !t->ntables)
		return -VSMMU_ERR_INVAL;
	ret = pgt_in_(t, iova, size, &in);
	if (ret)
		return ret;
	if (pa & ((1ull << t->cfg.granule) - 1u))
		return -VSMMU_ERR_INVAL;
	if (!smmu_range_ok(pa, size, 1ull << t->cfg.oas))
		return -VSMMU_ERR_RANGE;
	ret = pgt_leaf_attrs_(t, prot, &attrs);
	if (ret)
		return ret;
	while (done < size) {
		unsigned int level = pgt_pick_level_(t, in + done, pa + done,
						     size - done);

		ret = pgt_install_(t, in + done, pa + done, level, attrs);
		if (ret) {
			/* undo: only our own whole leaves, no split needed */
			if (done)
				pgt_edit_range_(t, in, done, NULL);
			return ret;
		}
		done += 1ull << pgt_shift_(t->cfg.granule, level);
	}
	return 0;
}

int pgt_unmap(struct pgt_table *t, uint64_t iova, uint64_t size)
{
	uint64_t in;
	int ret;

	if (!t || !t->ntables)
		return -VSMMU_ERR_INVAL;
	ret = pgt_in_(t, iova, size, &in);
	if (ret)
		return ret;
	return pgt_edit_range_(t, in, size, NULL);
}

int pgt_protect(struct pgt_table *t, uint64_t iova, uint64_t size,
		const struct pgt_prot *prot)
{
	uint64_t in, attrs;
	int ret;

	if (!t || !prot || !t->ntables)
		return -VSMMU_ERR_INVAL;
	ret = pgt_in_(t, iova, size, &in);
	if (ret)
		return ret;
	ret = pgt_leaf_attrs_(t, prot, &attrs);
	if (ret)
		return ret;
	return pgt_edit_range_(t, in, size, &attrs);
}
