/* SPDX-License-Identifier: MIT */
/*
 * vsmmu/pgtable.h - VMSAv8-64 translation tables as an SMMUv3 uses them:
 * a walker (stage 1, stage 2, nested) and a builder.
 *
 * The walker is a pure function over a const configuration: it reads
 * descriptors through a callback that takes a physical address and may
 * fail, does no allocation and performs at most the architectural number
 * of reads. The builder creates and edits tables through allocation and
 * write callbacks and hands back the configuration the walker consumes.
 *
 * Scope: VMSAv8-64 only; 4 KB, 16 KB and 64 KB granules; input and output
 * addresses up to 48 bits. 52-bit addressing (CD.DS / STE.S2DS, a 52-bit
 * IPS or PS) is refused with -VSMMU_ERR_NOTSUPP. No hardware update of the
 * access flag or dirty state (DBM is ignored, AF=0 faults unless AFFD).
 *
 * Field names follow the CD (facts §4.2/4.3) and STE (facts §3.5/3.6) so
 * a decoder can fill these structures one field at a time; the encodings
 * that differ between CD and STE (TG0 vs TG1 vs S2TG, IPS/PS codes) are
 * decoded by the caller into enum pgt_granule and a bit count.
 *
 * Return convention (vsmmu/base.h): 0 on success, -VSMMU_ERR_* otherwise.
 * A walk that ends in an architectural fault returns -VSMMU_ERR_FAULT and
 * describes the fault in the result.
 */
#ifndef VSMMU_PGTABLE_H
#define VSMMU_PGTABLE_H

#include "vsmmu/env.h"
#include "vsmmu/base.h"

/* ---- Memory access ------------------------------------------------------
 *
 * Descriptors are little-endian 64-bit words (facts §0). read copies len
 * bytes at physical address pa into buf, exactly as memory holds them (the
 * walker does the byte swap); write does the reverse. Both return 0 or a
 * negative -VSMMU_ERR_* code. The walker only calls read, always with
 * len = 8 and pa 8-byte aligned. write may be NULL for a walk.
 */
struct pgt_mem {
	int (*read)(void *ctx, smmu_pa_t pa, void *buf, size_t len);
	int (*write)(void *ctx, smmu_pa_t pa, const void *buf, size_t len);
	void *ctx;
};

/* Translation granule; the value is log2 of the granule size. */
enum pgt_granule {
	PGT_GRAN_4K = 12,
	PGT_GRAN_16K = 14,
	PGT_GRAN_64K = 16,
};

/* Largest input and output address size supported (bits). */
#define PGT_MAX_IA_BITS 48u
#define PGT_MAX_OA_BITS 48u
/* Levels are 0..3; a walk never has more than four levels per stage. */
#define PGT_MAX_LEVELS 4u
/* Most tables concatenated at the stage-2 start level (facts §7.5). */
#define PGT_MAX_CONCAT 16u

/* ---- Stage-1 configuration (from a CD, facts §4.2/4.3) ------------------ */

/* One translation range: TTB0 (tt[0]) or TTB1 (tt[1]). */
struct pgt_s1_tt {
	uint64_t ttb;		/* table base: PA, or IPA when nested */
	enum pgt_granule granule; /* decoded TG0 / TG1 */
	uint8_t tsz;		/* T0SZ / T1SZ: input size = 64 - tsz */
	bool epd;		/* EPDx: no walk through this range */
	bool tbi;		/* TBIx: top byte ignored */
	bool had;		/* HADx: APTable/PXNTable/UXNTable ignored */
};

struct pgt_s1_cfg {
	struct pgt_s1_tt tt[2];	/* [0] = TTB0 (VA[55]=0), [1] = TTB1 */
	uint8_t ips;		/* output address bits, capped to OAS */
	bool affd;		/* AF=0 does not fault */
	bool wxn;		/* writable implies execute-never */
	bool pan;		/* no privileged data access to EL0 pages */
	bool ds;		/* 52-bit (DS=1): refused, -VSMMU_ERR_NOTSUPP */
	/*
	 * Input sizes the implementation accepts (facts §4.2): TxSZ must lie
	 * in [tsz_min, tsz_max]. Zero means the VMSAv8-64 defaults without
	 * small tables, 16 and 39. IDR3.STT allows tsz_max up to 48 (4K,
	 * 16K) or 47 (64K).
	 */
	uint8_t tsz_min, tsz_max;
};

/* ---- Stage-2 configuration (from an STE, facts §3.5/3.6/7.5) ------------ */

struct pgt_s2_cfg {
	smmu_pa_t vttb;		/* S2TTB: always a PA */
	enum pgt_granule granule; /* decoded S2TG */
	uint8_t tsz;		/* S2T0SZ: IPA size = 64 - tsz */
	uint8_t sl0;		/* S2SL0 as in VTCR_EL2 (facts §7.5) */
	uint8_t ps;		/* output bits: MIN(S2PS, OAS) decoded */
	bool affd;		/* S2AFFD */
	bool xnx;		/* honour XN[0] (bit 53) as well (IDR3.XNX) */
	bool ds;		/* S2DS: refused, -VSMMU_ERR_NOTSUPP */
	uint8_t tsz_min, tsz_max; /* as pgt_s1_cfg; 0 = 16 and 39 */
	/*
	 * S2PTW: a nested walk whose stage-1 table lands in stage-2 Device
	 * memory (MemAttr[3:2] = 00) takes a stage-2 permission fault,
	 * CLASS_TT (facts §3.5). For CD fetches the caller checks
	 * pgt_result.s2_memattr itself.
	 */
	bool ptw;
};

/*
 * Check a configuration before use, so the caller can report the
 * architecture's configuration error (C_BAD_CD for stage 1, C_BAD_STE for
 * stage 2; facts §4.4, §3.8) instead of faulting every transaction.
 * Returns 0, -VSMMU_ERR_INVAL (TxSZ out of range, unknown granule, IPS/PS
 * below 32 bits, stage 2: reserved SL0, a start level that resolves
 * nothing, more than 16 concatenated tables, TTB above IPS/PS) or
 * -VSMMU_ERR_NOTSUPP (DS / 52-bit). For stage 1 a range with EPD set is
 * not checked. A configuration that fails the check still walks: the
 * walk reports a translation fault (or -VSMMU_ERR_NOTSUPP for 52-bit).
 */
int pgt_s1_cfg_check(const struct pgt_s1_cfg *c);
int pgt_s2_cfg_check(const struct pgt_s2_cfg *c);

/*
 * Start level and number of concatenated start tables of a stage-2
 * configuration (facts §7.5); -VSMMU_ERR_INVAL when pgt_s2_cfg_check
 * would refuse it for that reason.
 */
int pgt_s2_start(const struct pgt_s2_cfg *c, unsigned int *level,
		 unsigned int *nconcat);

/* Stage-1 start level for a granule and TxSZ (facts §7.1). */
unsigned int pgt_s1_start_level(enum pgt_granule g, unsigned int tsz);

/*
 * Levels, hence descriptor reads, of a walk that ends in a page: 4 minus
 * the start level. A benchmark compares pgt_result.reads with n (stage 1),
 * m (stage 2) or (n + 1) * (m + 1) - 1 (nested). 0 for an unknown granule
 * or (stage 2) an SL0 without a legal start level; the TxSZ range is not
 * checked here.
 */
unsigned int pgt_s1_levels(const struct pgt_s1_tt *tt);
unsigned int pgt_s2_levels(const struct pgt_s2_cfg *c);

/* ---- Access, permissions, faults ---------------------------------------- */

enum pgt_acc_type {
	PGT_ACC_READ,
	PGT_ACC_WRITE,
	PGT_ACC_EXEC,		/* instruction fetch (InD=1) */
};

struct pgt_access {
	enum pgt_acc_type type;
	bool priv;		/* PnU: privileged */
};

/* Permission bits granted, per privilege (struct pgt_result.perm). */
#define PGT_PERM_PR (1u << 0)	/* privileged read */
#define PGT_PERM_PW (1u << 1)	/* privileged write */
#define PGT_PERM_PX (1u << 2)	/* privileged execute */
#define PGT_PERM_UR (1u << 3)	/* unprivileged read */
#define PGT_PERM_UW (1u << 4)	/* unprivileged write */
#define PGT_PERM_UX (1u << 5)	/* unprivileged execute */
#define PGT_PERM_ALL 0x3fu

enum pgt_fault_type {
	PGT_FAULT_NONE,
	PGT_FAULT_TRANSLATION,	/* F_TRANSLATION (0x10) */
	PGT_FAULT_ADDR_SIZE,	/* F_ADDR_SIZE (0x11) */
	PGT_FAULT_ACCESS,	/* F_ACCESS (0x12) */
	PGT_FAULT_PERMISSION,	/* F_PERMISSION (0x13) */
	PGT_FAULT_WALK_EABT,	/* F_WALK_EABT (0x0B) */
};

/* Event record CLASS values (facts §6.2, dw1[41:40]). */
enum pgt_fault_class {
	PGT_CLASS_CD = 0,	/* not set here: the caller's CD fetch */
	PGT_CLASS_TT = 1,	/* translating a stage-1 table address */
	PGT_CLASS_IN = 2,	/* translating the input or output IPA */
};

struct pgt_fault {
	enum pgt_fault_type type;
	uint8_t stage;		/* 1 or 2 */
	uint8_t level;		/* level of the faulting descriptor; 0 for
				 * an input out of range or EPD */
	enum pgt_fault_class cls;
	smmu_ipa_t ipa;		/* stage-2 faults: the IPA translated
				 * (CLASS_TT: the stage-1 descriptor's IPA) */
	smmu_pa_t fetch_pa;	/* WALK_EABT: the descriptor address */
	int fetch_err;		/* WALK_EABT: the read callback's error */
	bool write;		/* the access, for PnU/InD/RnW */
	bool exec;
	bool priv;
};

/*
 * Result of a walk. On success out is the output address (a PA, or an
 * IPA for a stage-1-only walk) and the translation covers the naturally
 * aligned 2^size_log2 bytes around in and out, so a TLB can cache
 * (in_page, out_page, perm, attributes). On -VSMMU_ERR_FAULT only fault
 * and reads are meaningful.
 */
struct pgt_result {
	uint64_t in;		/* input address as given (VA or IPA) */
	uint64_t out;		/* output address */
	uint64_t ipa;		/* nested: the intermediate address */
	uint8_t size_log2;	/* leaf size (nested: the smaller one) */
	uint8_t level;		/* leaf level (nested: of stage 1) */
	uint8_t s2_level;	/* nested: leaf level of the final stage 2 */
	uint8_t perm;		/* PGT_PERM_*; nested: the intersection */
	/* stage-1 leaf attributes (facts §7.3) */
	uint8_t attr_idx;	/* AttrIndx[2:0] */
	uint8_t sh;		/* SH[1:0] of the S1 leaf (S2 walk: S2's) */
	bool ng;		/* nG */
	/* stage-2 leaf attributes (facts §7.4) */
	uint8_t s2_memattr;	/* MemAttr[3:0] */
	uint8_t s2_sh;		/* SH[1:0] of the stage-2 leaf */
	unsigned int reads;	/* descriptor reads performed */
	struct pgt_fault fault;	/* type NONE on success */
};

/* Page-aligned input and output of a successful result. */
static inline uint64_t pgt_result_in_base(const struct pgt_result *r)
{
	return r->in & ~((1ull << r->size_log2) - 1);
}

static inline uint64_t pgt_result_out_base(const struct pgt_result *r)
{
	return r->out & ~((1ull << r->size_log2) - 1);
}

/*
 * Whether a permission set allows an access (the check the walker makes,
 * for a TLB hit).
 */
static inline bool pgt_perm_allows(unsigned int perm, struct pgt_access a)
{
	unsigned int bit;

	bit = a.type == PGT_ACC_WRITE ? PGT_PERM_PW :
	      a.type == PGT_ACC_EXEC ? PGT_PERM_PX : PGT_PERM_PR;
	if (!a.priv)
		bit <<= 3;
	return (perm & bit) != 0;
}

/* ---- Walks --------------------------------------------------------------
 *
 * Each returns 0 (r describes the translation), -VSMMU_ERR_FAULT (r->fault
 * describes it), -VSMMU_ERR_NOTSUPP (52-bit configuration) or
 * -VSMMU_ERR_INVAL (NULL argument, unknown granule). r->reads is valid in
 * every case.
 *
 * Read bound: one read per level; a nested walk of an n-level stage 1 over
 * an m-level stage 2 reads at most (n + 1) * (m + 1) - 1 descriptors
 * (24 for 4 + 4 levels).
 */
int pgt_walk_s1(const struct pgt_s1_cfg *c, const struct pgt_mem *mem,
		smmu_va_t va, struct pgt_access acc, struct pgt_result *r);
int pgt_walk_s2(const struct pgt_s2_cfg *c, const struct pgt_mem *mem,
		smmu_ipa_t ipa, struct pgt_access acc, struct pgt_result *r);
/*
 * Stage 1 over stage 2: TTBx and every next-level table address are IPAs
 * translated through stage 2 before the read (a fault there is stage 2,
 * CLASS_TT, ipa = the descriptor's IPA), then the output IPA is translated
 * (CLASS_IN). Priority as facts §6.4.
 */
int pgt_walk_nested(const struct pgt_s1_cfg *s1, const struct pgt_s2_cfg *s2,
		    const struct pgt_mem *mem, smmu_va_t va,
		    struct pgt_access acc, struct pgt_result *r);

/* ---- Builder -------------------------------------------------------------
 *
 * A struct pgt_table holds one table tree: a stage-1 range (TTB0 or TTB1)
 * or a stage-2 table (with concatenated start tables). Table pages come
 * from alloc (zeroed memory at a PA aligned to size; returns 0 or
 * -VSMMU_ERR_NOMEM) and go back through free. Descriptors are read and
 * written through mem.
 *
 * The tree stays a valid table at every step: a new table is filled
 * before the descriptor that links it is written, and a failed call
 * leaves the mappings as they were. The builder does not invalidate TLBs:
 * that is the caller's job after unmap and protect.
 */
struct pgt_alloc_ops {
	int (*alloc)(void *ctx, size_t size, smmu_pa_t *pa);
	void (*free)(void *ctx, smmu_pa_t pa, size_t size);
	void *ctx;
};

enum pgt_fmt {
	PGT_FMT_S1,		/* stage-1 leaves (AP, PXN/UXN, AttrIndx) */
	PGT_FMT_S2,		/* stage-2 descriptors (S2AP, XN, MemAttr) */
};

/* Pass as pgt_table_cfg.sl0 to let the builder choose (see below). */
#define PGT_SL0_AUTO 0xffu

struct pgt_table_cfg {
	enum pgt_fmt fmt;
	enum pgt_granule granule;
	uint8_t tsz;		/* input size = 64 - tsz */
	uint8_t oas;		/* output address bits (IPS / PS) */
	bool ttb1;		/* stage 1: a TTB1 tree (upper VAs) */
	/*
	 * Stage 2: SL0 (VTCR encoding) or PGT_SL0_AUTO, which picks the
	 * legal SL0 with the fewest levels, concatenating up to 16 start
	 * tables (e.g. 4K, 40-bit IPA: level 1 with 2 tables).
	 */
	uint8_t sl0;
};

struct pgt_table {			/* contents private to pgtable */
	struct pgt_table_cfg cfg;
	struct pgt_mem mem;
	struct pgt_alloc_ops ops;
	smmu_pa_t root;
	uint8_t start_level;
	uint8_t nconcat;		/* stage 2: start tables */
	uint8_t sl0;			/* stage 2: resolved SL0 */
	unsigned int ntables;		/* tables currently allocated */
};

/* Mapping attributes. */
#define PGT_PROT_R (1u << 0)	/* read (stage 1 always allows reads) */
#define PGT_PROT_W (1u << 1)	/* write */
#define PGT_PROT_X (1u << 2)	/* execute */
#define PGT_PROT_UNPRIV (1u << 3) /* stage 1: unprivileged access too */
#define PGT_PROT_NG (1u << 4)	/* stage 1: not global (nG) */
#define PGT_PROT_NOAF (1u << 5)	/* leave AF clear (tests of F_ACCESS) */

struct pgt_prot {
	unsigned int flags;	/* PGT_PROT_* */
	uint8_t attr;		/* S1: AttrIndx 0..7; S2: MemAttr */
	uint8_t sh;		/* SH[1:0] */
};

/*
 * Create an empty tree (allocates the start table or tables). Returns 0,
 * -VSMMU_ERR_INVAL (bad size, granule, SL0, fmt), -VSMMU_ERR_NOTSUPP
 * (above 48 bits) or -VSMMU_ERR_NOMEM.
 */
int pgt_table_init(struct pgt_table *t, const struct pgt_table_cfg *c,
		   const struct pgt_mem *mem, const struct pgt_alloc_ops *ops);

/* Free every table of the tree through ops.free; t is then unusable. */
void pgt_table_destroy(struct pgt_table *t);

/*
 * Map [iova, iova + size) to [pa, pa + size) using the largest blocks the
 * alignment of iova and pa allows. iova, pa and size must be multiples of
 * the granule and in range. Returns 0, -VSMMU_ERR_INVAL, -VSMMU_ERR_RANGE,
 * -VSMMU_ERR_EXIST (part of the range is mapped; nothing changed),
 * -VSMMU_ERR_NOMEM or a write error (the part mapped so far is undone).
 * For a TTB1 tree iova is the full upper VA (top bits set).
 */
int pgt_map(struct pgt_table *t, uint64_t iova, uint64_t pa, uint64_t size,
	    const struct pgt_prot *prot);

/*
 * Unmap [iova, iova + size). Blocks that straddle an end of the range are
 * split into next-level tables first (so it can return -VSMMU_ERR_NOMEM,
 * with nothing unmapped); holes are skipped; tables left empty are freed
 * (never the start table). Returns 0, -VSMMU_ERR_INVAL, -VSMMU_ERR_RANGE,
 * -VSMMU_ERR_NOMEM or a read/write callback error (after a write error
 * part of the range may be unmapped; the tree is still well formed).
 */
int pgt_unmap(struct pgt_table *t, uint64_t iova, uint64_t size);

/*
 * Replace the attributes of every mapping in [iova, iova + size), splitting
 * straddling blocks as unmap does; holes are skipped.
 */
int pgt_protect(struct pgt_table *t, uint64_t iova, uint64_t size,
		const struct pgt_prot *prot);

/*
 * The walker's configuration for this tree. s1: fills c->tt[0] or
 * c->tt[1] (as cfg.ttb1) with the root, granule and tsz (EPD, TBI, HAD
 * false) and sets c->ips = oas; other fields are left alone. s2: fills
 * the whole *c. Returns -VSMMU_ERR_INVAL for the wrong format.
 */
int pgt_table_s1_cfg(const struct pgt_table *t, struct pgt_s1_cfg *c);
int pgt_table_s2_cfg(const struct pgt_table *t, struct pgt_s2_cfg *c);

#endif /* VSMMU_PGTABLE_H */
