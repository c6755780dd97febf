/* SPDX-License-Identifier: MIT */
/*
 * src/pgtable/internal.h - descriptor layout, granule geometry and the
 * stage walk shared by the files of the pgtable layer. Names end in '_'.
 */
#ifndef VSMMU_PGTABLE_INTERNAL_H
#define VSMMU_PGTABLE_INTERNAL_H

#include "vsmmu/env.h"
#include "vsmmu/base.h"
#include "vsmmu/pgtable.h"

#define PGT_GENMASK_(hi, lo) ((~0ull >> (63 - (hi))) & (~0ull << (lo)))
#define PGT_BIT_(n) (1ull << (n))

/*
 * VMSAv8-64 descriptor bits (facts §7.2-7.4; Arm ARM D8.3). Bits [1:0]:
 * x0 invalid, 01 block (levels 0-2) or reserved (level 3), 11 table
 * (levels 0-2) or page (level 3).
 */
#define PGT_D_VALID PGT_BIT_(0)
#define PGT_D_TYPE PGT_BIT_(1)		/* 1: table or page */
#define PGT_D_OA_TOP 47u		/* 48-bit output addresses */

/* Table descriptors, stage 1 only (facts §7.2). */
#define PGT_T_PXNTABLE PGT_BIT_(59)
#define PGT_T_UXNTABLE PGT_BIT_(60)
#define PGT_T_AP_NOEL0 PGT_BIT_(61)	/* APTable[0]: no EL0 access below */
#define PGT_T_AP_RO PGT_BIT_(62)	/* APTable[1]: no writes below */

/* Stage-1 leaves (facts §7.3). */
#define PGT_S1_ATTRIDX PGT_GENMASK_(4, 2)
#define PGT_S1_AP1 PGT_BIT_(6)		/* EL0 access allowed */
#define PGT_S1_AP2 PGT_BIT_(7)		/* read-only */
#define PGT_L_SH PGT_GENMASK_(9, 8)	/* both stages */
#define PGT_L_AF PGT_BIT_(10)		/* both stages */
#define PGT_S1_NG PGT_BIT_(11)
#define PGT_S1_PXN PGT_BIT_(53)
#define PGT_S1_UXN PGT_BIT_(54)

/* Stage-2 leaves (facts §7.4). */
#define PGT_S2_MEMATTR PGT_GENMASK_(5, 2)
#define PGT_S2_AP_R PGT_BIT_(6)
#define PGT_S2_AP_W PGT_BIT_(7)
#define PGT_S2_XN0 PGT_BIT_(53)		/* only with IDR3.XNX */
#define PGT_S2_XN1 PGT_BIT_(54)

static inline uint64_t pgt_get_(uint64_t mask, uint64_t v)
{
	return (v & mask) / (mask & -mask);
}

static inline uint64_t pgt_prep_(uint64_t mask, uint64_t x)
{
	return (x * (mask & -mask)) & mask;
}

/* ---- Geometry (facts §7.1) ---------------------------------------------- */

static inline bool pgt_gran_ok_(enum pgt_granule g)
{
	return g == PGT_GRAN_4K || g == PGT_GRAN_16K || g == PGT_GRAN_64K;
}

/* Bits resolved by one full table: 8-byte descriptors in a granule. */
static inline unsigned int pgt_stride_(unsigned int g)
{
	return g - 3u;
}

/* Lowest input bit a level resolves; also log2 of its leaf size. */
static inline unsigned int pgt_shift_(unsigned int g, unsigned int level)
{
	return g + (3u - level) * pgt_stride_(g);
}

/*
 * Levels where a block descriptor is allowed without 52-bit addressing:
 * 4K at levels 1 and 2, 16K and 64K at level 2 (facts §7.1, Arm ARM
 * D8.3.1). Elsewhere a block encoding is a translation fault.
 */
static inline bool pgt_block_ok_(unsigned int g, unsigned int level)
{
	return level == 2u || (g == PGT_GRAN_4K && level == 1u);
}

/*
 * The shape of one stage's walk: granule, input size, start level, and
 * how many input bits the start level resolves (more than a stride when
 * stage-2 start tables are concatenated).
 */
struct pgt_geom_ {
	unsigned int g;		/* granule log2 */
	unsigned int isz;	/* input address bits */
	unsigned int start;	/* start level */
	unsigned int sbits;	/* bits resolved at the start level */
	unsigned int oa;	/* output address bits (IPS/PS) */
};

/* Bytes of the start table(s): 8 per entry, at least 64 (Arm ARM). */
static inline uint64_t pgt_start_bytes_(const struct pgt_geom_ *geo)
{
	uint64_t b = 8ull << geo->sbits;

	return b < 64u ? 64u : b;
}

/* Effective TxSZ limits from a configuration (0 = default). */
void pgt_tsz_limits_(enum pgt_granule g, uint8_t lo, uint8_t hi,
		     unsigned int *min, unsigned int *max);

/* Stage-2 start level and bits from SL0; -VSMMU_ERR_INVAL when illegal. */
int pgt_s2_geom_(enum pgt_granule g, unsigned int tsz, unsigned int sl0,
		 struct pgt_geom_ *geo);

/* ---- The walk of one stage ---------------------------------------------- */

/*
 * A decoded leaf: output address of the whole access, its size, level and
 * the raw descriptor plus the table-descriptor restrictions collected on
 * the way (stage 1 only, already cleared when HADx = 1).
 */
struct pgt_leaf_ {
	uint64_t oa;		/* output address for the input */
	uint64_t desc;
	uint64_t tbl;		/* PGT_T_* bits of the tables above */
	unsigned int level;
	unsigned int size_log2;
};

/*
 * How a stage reads a descriptor. A stage-1 walk under stage 2 passes a
 * fetch that translates the descriptor's IPA first. fetch returns 0, or
 * -VSMMU_ERR_FAULT with r->fault filled, and counts reads in r->reads.
 */
struct pgt_fetch_ {
	int (*fetch)(const struct pgt_fetch_ *f, uint64_t addr, uint64_t *desc,
		     struct pgt_result *r);
	const struct pgt_mem *mem;
	const struct pgt_s2_cfg *s2;	/* nested: stage 2 of table reads */
};

/* The plain fetch: addr is a PA; a failed read is F_WALK_EABT. */
int pgt_fetch_pa_(const struct pgt_fetch_ *f, uint64_t addr, uint64_t *desc,
		  struct pgt_result *r);

/*
 * Walk one stage from table base `base` for input `in`. Fills *leaf or
 * returns -VSMMU_ERR_FAULT with r->fault (type, level, stage, class IN)
 * set. had: ignore hierarchical attributes (always true for stage 2).
 */
int pgt_walk_stage_(const struct pgt_geom_ *geo, const struct pgt_fetch_ *f,
		    uint64_t base, uint64_t in, unsigned int stage, bool had,
		    struct pgt_leaf_ *leaf, struct pgt_result *r);

/* Record a fault in r (fetch_pa/ipa left for the caller); -VSMMU_ERR_FAULT. */
int pgt_fault_(struct pgt_result *r, enum pgt_fault_type type,
	       unsigned int stage, unsigned int level);

/* ---- Permissions and attributes (perm.c) ------------------------------- */

/* Granted PGT_PERM_* of a stage-1 leaf under the CD controls. */
unsigned int pgt_s1_perm_(const struct pgt_s1_cfg *c,
			  const struct pgt_leaf_ *l);
/* Granted PGT_PERM_* of a stage-2 leaf. */
unsigned int pgt_s2_perm_(const struct pgt_s2_cfg *c, uint64_t desc);

/*
 * The stage-1 (or stage-2) translation of `in` with AF and permission
 * checked, used by the entry points and by nested walks. On success fills
 * *leaf and *perm.
 */
int pgt_s1_translate_(const struct pgt_s1_cfg *c, const struct pgt_fetch_ *f,
		      uint64_t va, struct pgt_access acc,
		      struct pgt_leaf_ *leaf, unsigned int *perm,
		      struct pgt_result *r);
int pgt_s2_translate_(const struct pgt_s2_cfg *c, const struct pgt_mem *mem,
		      uint64_t ipa, struct pgt_access acc,
		      struct pgt_leaf_ *leaf, unsigned int *perm,
		      struct pgt_result *r);

/* Fill the stage-1 part of a successful result (s1.c). */
void pgt_s1_result_(struct pgt_result *r, const struct pgt_leaf_ *l,
		    unsigned int perm);

/* Reset a result before a walk. */
void pgt_result_init_(struct pgt_result *r, uint64_t in, struct pgt_access acc);

/* ---- Builder (build.c, map.c) ------------------------------------------- */

/* Geometry of a builder tree. */
void pgt_table_geom_(const struct pgt_table *t, struct pgt_geom_ *geo);
/* Bytes of a table at a level: the start table(s) or one granule. */
uint64_t pgt_table_bytes_(const struct pgt_table *t, unsigned int level);
/* Entries of a table at a level, as log2. */
unsigned int pgt_table_bits_(const struct pgt_table *t, unsigned int level);
/* Read / write one descriptor (little-endian in memory). */
int pgt_rd_(const struct pgt_table *t, uint64_t pa, uint64_t *desc);
int pgt_wr_(const struct pgt_table *t, uint64_t pa, uint64_t desc);
/* Allocate / free a zeroed table at a level (counts t->ntables). */
int pgt_tbl_alloc_(struct pgt_table *t, unsigned int level, uint64_t *pa);
void pgt_tbl_free_(struct pgt_table *t, unsigned int level, uint64_t pa);
/* Free the table at pa (level) and every table below it. */
void pgt_free_tree_(struct pgt_table *t, uint64_t pa, unsigned int level);
/* Attribute bits of a leaf for prot (no address, no type bits). */
int pgt_leaf_attrs_(const struct pgt_table *t, const struct pgt_prot *prot,
		    uint64_t *attrs);
/* Leaf descriptor: oa | attrs | the block or page type for level. */
static inline uint64_t pgt_mk_leaf_(uint64_t oa, uint64_t attrs,
				    unsigned int level)
{
	return oa | attrs | PGT_D_VALID | (level == 3u ? PGT_D_TYPE : 0u);
}

#endif /* VSMMU_PGTABLE_INTERNAL_H */
