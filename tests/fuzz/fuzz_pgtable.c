// SPDX-License-Identifier: MIT
/*
 * Differential fuzzing of the pgtable walker (stage 1, stage 2, nested)
 * against a deliberately simple reference walk written here, from the
 * facts sheet §7 and the contract of vsmmu/pgtable.h, sharing no code
 * with src/pgtable.
 *
 * Memory is a pure function of the physical address, derived from the
 * input: a few explicit descriptors at chosen addresses, then a pool of
 * descriptors picked by a hash of the address for everything else, and
 * some addresses that fail (a hole above 1 TiB and one chosen region).
 * Descriptors are built from the input either raw or shaped (a table
 * pointing at one of a few table bases, a block or page with a chosen
 * output address), so walks go deep.
 *
 * Checked for every access, through the public API only:
 *  - return code, fault type, stage, level, class, IPA (stage 2), fetch
 *    address and callback error (walk external abort), the access flags;
 *  - on success: output, IPA, leaf size, levels, stage-1 and stage-2
 *    attributes, and the permission bits the reference defines;
 *  - the exact sequence of descriptor addresses read (so no read ever
 *    leaves what the configuration and the tables name), each an aligned
 *    8-byte read, and their number within the bound the header documents;
 *  - pgt_*_cfg_check: accepting means the walk never returns anything but
 *    success or a fault, and it agrees with the reference's legality test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vsmmu/pgtable.h"

#ifdef FZ_STATS
#include <stdio.h>
/* -DFZ_STATS: count the outcomes the comparison reached, per mode. */
static unsigned long fz_stat[3][8], fz_stat_lvl[3][4];
static void fz_stats_print(void)
{
	for (int m = 0; m < 3; m++)
		fprintf(stderr, "mode %d: ok %lu trans %lu asz %lu acc %lu "
			"perm %lu eabt %lu other %lu | leaf L0-3 %lu %lu %lu "
			"%lu\n",
			m, fz_stat[m][0], fz_stat[m][1], fz_stat[m][2],
			fz_stat[m][3], fz_stat[m][4], fz_stat[m][5],
			fz_stat[m][6], fz_stat_lvl[m][0], fz_stat_lvl[m][1],
			fz_stat_lvl[m][2], fz_stat_lvl[m][3]);
}
#define FZ_STAT(m, ret, r) do {						\
	static int once_;						\
	if (!once_++)							\
		atexit(fz_stats_print);					\
	fz_stat[m][(ret) == 0 ? 0 : (ret) == -VSMMU_ERR_FAULT ?		\
		    (unsigned int)(r)->fault.type : 6]++;		\
	if ((ret) == 0)							\
		fz_stat_lvl[m][(r)->level & 3]++;			\
} while (0)
#else
#define FZ_STAT(m, ret, r) do { } while (0)
#endif

#define FZ_MAX_READS 64u
#define FZ_POOL 32u
#define FZ_EXPLICIT 24u
#define FZ_ACCESSES 12u

/* An invariant: name it on stderr, then abort (libFuzzer keeps the input). */
#define check(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: invariant failed: %s\n", \
				__FILE__, __LINE__, #cond);		\
			abort();					\
		}							\
	} while (0)

/* ---- Input --------------------------------------------------------------- */

struct fz_in {
	const uint8_t *p;
	size_t n;
};

static uint8_t fz_u8(struct fz_in *in)
{
	uint8_t v;

	if (!in->n)
		return 0;
	v = *in->p++;
	in->n--;
	return v;
}

static uint64_t fz_u64(struct fz_in *in)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < 8; i++)
		v |= (uint64_t)fz_u8(in) << (8 * i);
	return v;
}

/* ---- Fake physical memory ------------------------------------------------ */

/*
 * Addresses tables point at, all 64 KiB aligned so they suit every
 * granule; some lie above small IPS/PS values, some in the failing hole.
 */
static const uint64_t fz_bases[16] = {
	0x0ull, 0x10000ull, 0x20000ull, 0x30000ull,
	0x40000ull, 0x80000ull, 0x100000ull, 0x1000000ull,
	0x80000000ull, 0x100000000ull, 0x1000000000ull, 0x10000000000ull,
	0x40000000000ull, 0x100000000000ull, 0xffffffff0000ull, 0x7ffff0000ull,
};

struct fz_ent {
	uint64_t pa;
	uint64_t val;
};

struct fz_mem {
	struct fz_ent ex[FZ_EXPLICIT];
	unsigned int nex;
	uint64_t pool[FZ_POOL];
	unsigned int npool;
	bool fail_hole;		/* PAs at or above 2^40 fail */
	bool fail_region;	/* the 64 KiB region at fail_base fails */
	uint64_t fail_base;
	/* reads made by the walker under test */
	uint64_t log[FZ_MAX_READS];
	unsigned int nlog;
	unsigned int nreads;
	bool bad_call;
};

#define FZ_EIO (-VSMMU_ERR_IO)

static bool fz_fails(const struct fz_mem *m, uint64_t pa)
{
	if (m->fail_hole && pa >= (1ull << 40))
		return true;
	return m->fail_region && pa >= m->fail_base &&
	       pa - m->fail_base < 0x10000u;
}

static uint64_t fz_content(const struct fz_mem *m, uint64_t pa)
{
	uint64_t h;

	for (unsigned int i = 0; i < m->nex; i++)
		if (m->ex[i].pa == pa)
			return m->ex[i].val;
	if (!m->npool)
		return 0;
	h = ((pa >> 3) * 0x9e3779b97f4a7c15ull) >> 40;
	return m->pool[h % m->npool];
}

static int fz_read(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	struct fz_mem *m = ctx;
	uint64_t v;
	uint8_t *b = buf;

	if (len != 8 || (pa.v & 7u))
		m->bad_call = true;
	if (m->nlog < FZ_MAX_READS)
		m->log[m->nlog++] = pa.v;
	m->nreads++;
	if (len != 8)
		return FZ_EIO;
	if (fz_fails(m, pa.v))
		return FZ_EIO;
	v = fz_content(m, pa.v);
	/* little-endian in memory, whatever the host */
	for (unsigned int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	return 0;
}

/*
 * A descriptor from the input: one control byte and 64 raw bits.
 * mode 0: raw; 1: table at a base; 2: block/page at a base; 3: leaf with
 * a raw address.
 */
static uint64_t fz_desc(struct fz_in *in)
{
	uint8_t c = fz_u8(in);
	uint64_t raw = fz_u64(in);
	uint64_t base = fz_bases[(c >> 2) & 15u];
	uint64_t attrs = raw & 0xfff8000000000ffcull;
	uint64_t type = (c & 0x40) ? 3u : 1u;

	switch (c & 3u) {
	case 0:
		return raw;
	case 1:
		return base | (raw & 0xf80000000000fffcull) | 3u;
	case 2:
		return base | attrs | type;
	default:
		return (raw & ~3ull) | type;
	}
}

/* ---- The reference walk ---------------------------------------------------
 *
 * Facts §7.1: granule g (log2 bytes), 8-byte descriptors, so a level
 * resolves g - 3 bits; level L resolves input bits from
 * g + (3 - L)(g - 3) upwards. §7.2: bit 0 clear is invalid; 0b01 is a
 * block where blocks exist (4K: L1, L2; 16K and 64K: L2) and a
 * translation fault elsewhere; 0b11 is a table at L0-2 and a page at L3.
 * Table and leaf addresses are desc[47:lowest resolved bit].
 */

struct ref_res {
	int ret;
	/* fault */
	enum pgt_fault_type type;
	unsigned int stage, level;
	enum pgt_fault_class cls;
	uint64_t fipa, fetch_pa;
	/* success */
	uint64_t out, ipa;
	unsigned int size_log2, level1, level2;
	unsigned int perm;		/* granted bits */
	unsigned int known;		/* the bits the reference defines */
	uint64_t d1, d2;		/* stage-1 and stage-2 leaves */
	/* reads */
	uint64_t log[FZ_MAX_READS];
	unsigned int nlog;
};

struct ref_leaf {
	uint64_t oa, desc;
	unsigned int level, size_log2;
	bool ap_noel0, ap_ro, pxnt, uxnt;	/* collected from tables */
};

/* One stage's shape. */
struct ref_geo {
	unsigned int g, isz, start, first_bits, oa_bits;
	uint64_t table;
};

static unsigned int ref_lsb(unsigned int g, unsigned int level)
{
	unsigned int s = g + (3u - level) * (g - 3u);

	return s;
}

static bool ref_gran(unsigned int g)
{
	return g == 12 || g == 14 || g == 16;
}

static bool ref_block_level(unsigned int g, unsigned int level)
{
	if (g == 12)
		return level == 1 || level == 2;
	return level == 2;
}

static uint64_t ref_bits(uint64_t v, unsigned int hi, unsigned int lo)
{
	uint64_t m = (hi >= 63 ? ~0ull : ((1ull << (hi + 1)) - 1)) &
		     ~((1ull << lo) - 1);

	return v & m;
}

static bool ref_above(uint64_t a, unsigned int bits)
{
	return bits < 64 && (a >> bits) != 0;
}

/* TxSZ limits (vsmmu/pgtable.h): 16..39 unless the configuration says. */
static void ref_tsz_range(unsigned int g, unsigned int lo, unsigned int hi,
			  unsigned int *min, unsigned int *max)
{
	unsigned int top = g == 16 ? 47 : 48;

	*min = lo == 0 ? 16 : (lo < 16 ? 16 : lo);
	*max = hi == 0 ? 39 : (hi > top ? top : hi);
}

static void ref_fault(struct ref_res *r, enum pgt_fault_type t,
		      unsigned int stage, unsigned int level,
		      enum pgt_fault_class cls)
{
	r->ret = -VSMMU_ERR_FAULT;
	r->type = t;
	r->stage = stage;
	r->level = level;
	r->cls = cls;
}

/* A plain read through the reference's own log. */
static int ref_rd(struct ref_res *r, const struct fz_mem *m, uint64_t pa,
		  uint64_t *v)
{
	if (r->nlog < FZ_MAX_READS)
		r->log[r->nlog] = pa;
	r->nlog++;
	if (fz_fails(m, pa))
		return -1;
	*v = fz_content(m, pa);
	return 0;
}

/* Stage-2 geometry (facts §7.5); false when SL0/TxSZ give no legal walk. */
static bool ref_s2_geo(const struct pgt_s2_cfg *c, struct ref_geo *geo)
{
	unsigned int min, max, level, lsb, stride;

	if (!ref_gran(c->granule))
		return false;
	ref_tsz_range(c->granule, c->tsz_min, c->tsz_max, &min, &max);
	if (c->tsz < min || c->tsz > max)
		return false;
	if (c->sl0 > 2)
		return false;	/* SL0 = 3 needs TTST or DS: refused */
	stride = c->granule - 3u;
	level = (c->granule == 12 ? 2u : 3u) - c->sl0;
	geo->g = c->granule;
	geo->isz = 64u - c->tsz;
	lsb = ref_lsb(geo->g, level);
	if (geo->isz <= lsb)
		return false;	/* the start level resolves nothing */
	if (geo->isz - lsb > stride + 4u)
		return false;	/* more than 16 concatenated tables */
	geo->start = level;
	geo->first_bits = geo->isz - lsb;
	geo->oa_bits = c->ps;
	return true;
}

/* Start-table alignment: 8 bytes per entry, at least 64 bytes. */
static uint64_t ref_align(const struct ref_geo *geo, uint64_t ttb)
{
	uint64_t bytes = 8ull << geo->first_bits;

	if (bytes < 64)
		bytes = 64;
	return ttb & ~(bytes - 1);
}

struct ref_walker;
typedef int (*ref_fetch_fn)(struct ref_walker *w, uint64_t addr, uint64_t *v,
			    struct ref_res *r);

struct ref_walker {
	const struct fz_mem *m;
	const struct pgt_s2_cfg *s2;	/* nested: translates table IPAs */
	ref_fetch_fn fetch;
};

/*
 * Walk one stage. Returns 0 with *lf, or nonzero with the fault in r
 * (a failed read is F_WALK_EABT at this stage and level; class TT for
 * stage 1, IN for stage 2; the nested fetch may report its own fault).
 */
static int ref_stage(struct ref_walker *w, const struct ref_geo *geo,
		     uint64_t in, unsigned int stage, bool use_tbl_attrs,
		     struct ref_leaf *lf, struct ref_res *r)
{
	uint64_t table = geo->table;
	unsigned int level = geo->start;
	unsigned int nbits = geo->first_bits;

	memset(lf, 0, sizeof(*lf));
	for (;;) {
		unsigned int lsb = ref_lsb(geo->g, level);
		uint64_t idx = (in >> lsb) & ((1ull << nbits) - 1);
		uint64_t d = 0;
		int err;

		err = w->fetch(w, table + 8 * idx, &d, r);
		if (err > 0) {
			/* our own read failed */
			ref_fault(r, PGT_FAULT_WALK_EABT, stage, level,
				  stage == 1 ? PGT_CLASS_TT : PGT_CLASS_IN);
			return 1;
		}
		if (err < 0)
			return 1;	/* nested stage-2 fault, already set */
		if ((d & 1) == 0) {
			ref_fault(r, PGT_FAULT_TRANSLATION, stage, level,
				  PGT_CLASS_IN);
			return 1;
		}
		if ((d & 2) == 0 || level == 3) {
			/* block (or reserved 0b01 at level 3) or page */
			if ((d & 2) == 0 &&
			    (level == 3 || !ref_block_level(geo->g, level))) {
				ref_fault(r, PGT_FAULT_TRANSLATION, stage,
					  level, PGT_CLASS_IN);
				return 1;
			}
			lf->oa = ref_bits(d, 47, lsb);
			if (ref_above(lf->oa, geo->oa_bits)) {
				ref_fault(r, PGT_FAULT_ADDR_SIZE, stage, level,
					  PGT_CLASS_IN);
				return 1;
			}
			lf->oa |= in & ((1ull << lsb) - 1);
			lf->desc = d;
			lf->level = level;
			lf->size_log2 = lsb;
			return 0;
		}
		table = ref_bits(d, 47, geo->g);
		if (ref_above(table, geo->oa_bits)) {
			ref_fault(r, PGT_FAULT_ADDR_SIZE, stage, level,
				  PGT_CLASS_IN);
			return 1;
		}
		if (use_tbl_attrs) {
			lf->pxnt |= (d >> 59) & 1;
			lf->uxnt |= (d >> 60) & 1;
			lf->ap_noel0 |= (d >> 61) & 1;
			lf->ap_ro |= (d >> 62) & 1;
		}
		level++;
		nbits = geo->g - 3u;
	}
}

/* Plain fetch: 1 (and fetch_pa set) when the read fails. */
static int ref_fetch_pa(struct ref_walker *w, uint64_t addr, uint64_t *v,
			struct ref_res *r)
{
	if (ref_rd(r, w->m, addr, v)) {
		r->fetch_pa = addr;
		return 1;
	}
	return 0;
}

/* Stage-2 permissions (facts §7.4), all known. */
static unsigned int ref_s2_perm(const struct pgt_s2_cfg *c, uint64_t d)
{
	unsigned int p = 0;
	bool xn1 = (d >> 54) & 1, xn0 = c->xnx && ((d >> 53) & 1);

	if (d & (1ull << 6))
		p |= PGT_PERM_PR | PGT_PERM_UR;
	if (d & (1ull << 7))
		p |= PGT_PERM_PW | PGT_PERM_UW;
	if (!xn1 && !xn0)
		p |= PGT_PERM_PX | PGT_PERM_UX;
	else if (!xn1 && xn0)
		p |= PGT_PERM_UX;	/* 01: not at EL1 */
	else if (xn1 && xn0)
		p |= PGT_PERM_PX;	/* 11: not at EL0 */
	return p;
}

static unsigned int ref_acc_bit(struct pgt_access a)
{
	unsigned int b = a.type == PGT_ACC_READ ? PGT_PERM_PR :
			 a.type == PGT_ACC_WRITE ? PGT_PERM_PW : PGT_PERM_PX;

	return a.priv ? b : b << 3;
}

/*
 * Stage 2 of one IPA. Faults: translation at level 0 for an unusable
 * configuration or an IPA beyond the input size; address size at level
 * 0 for S2TTB beyond PS; then the walk; then AF, then permission.
 * fault.ipa is always the IPA translated.
 */
static int ref_s2(const struct fz_mem *m, const struct pgt_s2_cfg *c,
		  uint64_t ipa, struct pgt_access acc, struct ref_leaf *lf,
		  unsigned int *perm, struct ref_res *r)
{
	struct ref_walker w = { .m = m, .fetch = ref_fetch_pa };
	struct ref_geo geo;

	r->fipa = ipa;
	if (!ref_s2_geo(c, &geo) || ref_above(ipa, 64u - c->tsz)) {
		ref_fault(r, PGT_FAULT_TRANSLATION, 2, 0, PGT_CLASS_IN);
		return 1;
	}
	if (ref_above(c->vttb.v, c->ps)) {
		ref_fault(r, PGT_FAULT_ADDR_SIZE, 2, 0, PGT_CLASS_IN);
		return 1;
	}
	geo.table = ref_align(&geo, c->vttb.v);
	if (ref_stage(&w, &geo, ipa, 2, false, lf, r))
		return 1;
	if (!((lf->desc >> 10) & 1) && !c->affd) {
		ref_fault(r, PGT_FAULT_ACCESS, 2, lf->level, PGT_CLASS_IN);
		return 1;
	}
	*perm = ref_s2_perm(c, lf->desc);
	if (!(*perm & ref_acc_bit(acc))) {
		ref_fault(r, PGT_FAULT_PERMISSION, 2, lf->level, PGT_CLASS_IN);
		return 1;
	}
	return 0;
}

/*
 * Nested fetch: the descriptor's IPA through stage 2 as a privileged
 * read; S2PTW turns a table in Device memory (MemAttr[3:2] = 00) into a
 * stage-2 permission fault. Faults there are stage 2, class TT, with the
 * descriptor's IPA. Returns -1 for such a fault, 1 for a failed read of
 * the descriptor itself.
 */
static int ref_fetch_nested(struct ref_walker *w, uint64_t addr, uint64_t *v,
			    struct ref_res *r)
{
	const struct pgt_access rd = { .type = PGT_ACC_READ, .priv = true };
	struct ref_leaf lf;
	unsigned int p;

	if (ref_s2(w->m, w->s2, addr, rd, &lf, &p, r)) {
		r->cls = PGT_CLASS_TT;
		r->fipa = addr;
		return -1;
	}
	if (w->s2->ptw && ((lf.desc >> 4) & 3) == 0) {
		ref_fault(r, PGT_FAULT_PERMISSION, 2, lf.level, PGT_CLASS_TT);
		r->fipa = addr;
		return -1;
	}
	return ref_fetch_pa(w, lf.oa, v, r);
}

/*
 * Stage-1 permissions, two privilege levels (facts §7.3, §7.2 for the
 * table bits). Data: privileged reads always; AP[2] (or APTable[1])
 * removes writes; AP[1] (unless APTable[0]) gives EL0 the same data
 * access. PAN removes privileged data access to pages EL0 can access.
 * Execute: PXN/UXN (or PXNTable/UXNTable) forbid it. Only where the facts
 * state it exactly is a bit "known":
 *  - privileged execute of a page EL0 can write is left open;
 *  - unprivileged execute of a page EL0 cannot read is left open;
 *  - with WXN, a page writable at one level only leaves the other
 *    level's execute open; a page writable at a level is XN there.
 */
static void ref_s1_perm(const struct pgt_s1_cfg *c, const struct ref_leaf *lf,
			unsigned int *perm, unsigned int *known)
{
	uint64_t d = lf->desc;
	bool ro = ((d >> 7) & 1) || lf->ap_ro;
	bool el0 = ((d >> 6) & 1) && !lf->ap_noel0;
	bool pxn = ((d >> 53) & 1) || lf->pxnt;
	bool uxn = ((d >> 54) & 1) || lf->uxnt;
	bool pr = true, pw = !ro, ur = el0, uw = el0 && !ro;
	unsigned int p = 0, k = PGT_PERM_ALL;

	if (c->pan && el0)
		pr = pw = false;
	if (pr)
		p |= PGT_PERM_PR;
	if (pw)
		p |= PGT_PERM_PW;
	if (ur)
		p |= PGT_PERM_UR;
	if (uw)
		p |= PGT_PERM_UW;
	/* privileged execute */
	if (pxn)
		;
	else if (uw)
		k &= ~PGT_PERM_PX;
	else if (c->wxn && !ro)
		;			/* writable at EL1: XN at EL1 */
	else
		p |= PGT_PERM_PX;
	/* unprivileged execute */
	if (uxn)
		;
	else if (c->wxn && uw)
		;			/* writable at EL0: XN at EL0 */
	else if (!el0 || (c->wxn && !ro))
		k &= ~PGT_PERM_UX;
	else
		p |= PGT_PERM_UX;
	*perm = p;
	*known = k;
}

/*
 * Stage 1 (alone or nested). Order, per the header and facts §6.4/§7.7:
 * 52-bit refused; range selection by VA[55] (top bit 55 with TBI, else
 * 63; all bits from it down to the input size must equal VA[55]); EPD,
 * then TxSZ limits, then the VA range: translation fault at level 0;
 * TTB beyond IPS: address size fault at level 0; the walk; AF; then
 * permission. *open is set when the permission of the access is one
 * the reference leaves open; `allow_open` decides it.
 */
static int ref_s1(struct ref_walker *w, const struct pgt_s1_cfg *c,
		  uint64_t va, struct pgt_access acc, bool allow_open,
		  struct ref_leaf *lf, unsigned int *perm, unsigned int *known,
		  bool *open, struct ref_res *r)
{
	const struct pgt_s1_tt *tt;
	struct ref_geo geo;
	unsigned int sel = (va >> 55) & 1, top, min, max, b;
	unsigned int start;

	tt = &c->tt[sel];
	top = tt->tbi ? 55 : 63;
	if (tt->epd) {
		ref_fault(r, PGT_FAULT_TRANSLATION, 1, 0, PGT_CLASS_IN);
		return 1;
	}
	ref_tsz_range(tt->granule, c->tsz_min, c->tsz_max, &min, &max);
	if (tt->tsz < min || tt->tsz > max) {
		ref_fault(r, PGT_FAULT_TRANSLATION, 1, 0, PGT_CLASS_IN);
		return 1;
	}
	geo.g = tt->granule;
	geo.isz = 64u - tt->tsz;
	for (b = geo.isz; b <= top; b++) {
		if (((va >> b) & 1) != sel) {
			ref_fault(r, PGT_FAULT_TRANSLATION, 1, 0, PGT_CLASS_IN);
			return 1;
		}
	}
	/* facts §7.1: start = 4 - floor((isz - 4) / stride) */
	start = 4u - (geo.isz - 4u) / (geo.g - 3u);
	geo.start = start;
	geo.first_bits = geo.isz - ref_lsb(geo.g, start);
	geo.oa_bits = c->ips;
	if (ref_above(tt->ttb, c->ips)) {
		ref_fault(r, PGT_FAULT_ADDR_SIZE, 1, 0, PGT_CLASS_IN);
		return 1;
	}
	geo.table = ref_align(&geo, tt->ttb);
	if (ref_stage(w, &geo, va, 1, !tt->had, lf, r))
		return 1;
	if (!((lf->desc >> 10) & 1) && !c->affd) {
		ref_fault(r, PGT_FAULT_ACCESS, 1, lf->level, PGT_CLASS_IN);
		return 1;
	}
	ref_s1_perm(c, lf, perm, known);
	*open = !(*known & ref_acc_bit(acc));
	if (*open ? !allow_open : !(*perm & ref_acc_bit(acc))) {
		ref_fault(r, PGT_FAULT_PERMISSION, 1, lf->level, PGT_CLASS_IN);
		return 1;
	}
	return 0;
}

enum fz_mode { FZ_S1, FZ_S2, FZ_NESTED };

static void ref_walk(enum fz_mode mode, const struct pgt_s1_cfg *s1,
		     const struct pgt_s2_cfg *s2, const struct fz_mem *m,
		     uint64_t in, struct pgt_access acc, bool allow_open,
		     bool *open, struct ref_res *r)
{
	struct ref_walker w = { .m = m, .s2 = s2 };
	struct ref_leaf l1, l2;
	unsigned int p1 = 0, k1 = 0, p2 = 0;

	memset(r, 0, sizeof(*r));
	*open = false;
	if (mode == FZ_S2) {
		if (ref_s2(m, s2, in, acc, &l2, &p2, r))
			return;
		r->out = l2.oa;
		r->ipa = in;
		r->size_log2 = l2.size_log2;
		r->level1 = l2.level;
		r->level2 = l2.level;
		r->perm = p2;
		r->known = PGT_PERM_ALL;
		r->d2 = l2.desc;
		return;
	}
	w.fetch = mode == FZ_S1 ? ref_fetch_pa : ref_fetch_nested;
	if (ref_s1(&w, s1, in, acc, allow_open, &l1, &p1, &k1, open, r))
		return;
	r->out = l1.oa;
	r->ipa = l1.oa;
	r->size_log2 = l1.size_log2;
	r->level1 = l1.level;
	r->perm = p1;
	r->known = k1;
	r->d1 = l1.desc;
	if (mode == FZ_S1)
		return;
	r->fipa = 0;
	if (ref_s2(m, s2, l1.oa, acc, &l2, &p2, r))
		return;
	r->out = l2.oa;
	r->level2 = l2.level;
	if (l2.size_log2 < r->size_log2)
		r->size_log2 = l2.size_log2;
	/* the intersection; a right stage 2 denies is known to be absent */
	r->perm = p1 & p2;
	r->known = k1 | (PGT_PERM_ALL & ~p2);
	r->d2 = l2.desc;
}

/* ---- Legality, as the header describes pgt_*_cfg_check ------------------ */

static bool ref_s1_legal(const struct pgt_s1_cfg *c)
{
	unsigned int min, max;

	if (c->ds || c->ips > 48 || c->ips < 32)
		return false;
	for (unsigned int i = 0; i < 2; i++) {
		const struct pgt_s1_tt *tt = &c->tt[i];

		if (tt->epd)
			continue;
		if (!ref_gran(tt->granule))
			return false;
		ref_tsz_range(tt->granule, c->tsz_min, c->tsz_max, &min, &max);
		if (tt->tsz < min || tt->tsz > max)
			return false;
		if (ref_above(tt->ttb, c->ips))
			return false;
	}
	return true;
}

static bool ref_s2_legal(const struct pgt_s2_cfg *c)
{
	struct ref_geo geo;

	if (c->ds || c->ps > 48 || c->ps < 32)
		return false;
	if (!ref_s2_geo(c, &geo))
		return false;
	return !ref_above(c->vttb.v, c->ps);
}

/* ---- Configurations from the input -------------------------------------- */

static const uint8_t fz_oa_bits[8] = { 32, 36, 40, 42, 44, 48, 48, 40 };

static enum pgt_granule fz_gran(uint8_t b, bool wild)
{
	static const enum pgt_granule g[3] = {
		PGT_GRAN_4K, PGT_GRAN_16K, PGT_GRAN_64K,
	};

	if (wild && b >= 0xfc)
		return (enum pgt_granule)(b & 0x1f);
	return g[b % 3];
}

static uint8_t fz_tsz(uint8_t b, bool wild)
{
	if (wild && b >= 0xf0)
		return b & 0x3f;
	return (uint8_t)(16 + b % 33);
}

static uint64_t fz_addr(struct fz_in *in)
{
	uint8_t c = fz_u8(in);
	uint64_t a = fz_bases[c & 15u];

	/* sometimes low garbage (ignored below the start table size) */
	if (c & 0x10)
		a |= fz_u64(in) & 0xfff8u;
	if ((c & 0xe0) == 0xe0)
		a = fz_u64(in);
	return a;
}

static void fz_s1_cfg(struct fz_in *in, struct pgt_s1_cfg *c, bool wild,
		      bool simple)
{
	memset(c, 0, sizeof(*c));
	for (unsigned int i = 0; i < 2; i++) {
		struct pgt_s1_tt *tt = &c->tt[i];
		uint8_t f = fz_u8(in);

		tt->granule = fz_gran(fz_u8(in), wild);
		tt->tsz = fz_tsz(fz_u8(in), wild);
		tt->ttb = fz_addr(in);
		/* EPD rarely, so most walks run */
		tt->epd = (f & 7) == 7;
		tt->tbi = f & 8;
		tt->had = simple || (f & 16);
	}
	{
		uint8_t f = fz_u8(in);
		uint8_t l = fz_u8(in);

		c->ips = fz_oa_bits[f & 7];
		c->affd = f & 8;
		c->wxn = !simple && (f & 16);
		c->pan = !simple && (f & 32);
		if (wild && (f & 0xc0) == 0xc0) {
			c->ips = l & 0x3f;
			c->ds = l & 0x40;
		}
		if (f & 0x40) {
			c->tsz_min = fz_u8(in) & 0x1f;
			c->tsz_max = fz_u8(in) & 0x3f;
		}
	}
}

static void fz_s2_cfg(struct fz_in *in, struct pgt_s2_cfg *c, bool wild)
{
	uint8_t f = fz_u8(in);
	uint8_t l = fz_u8(in);

	memset(c, 0, sizeof(*c));
	c->granule = fz_gran(fz_u8(in), wild);
	c->tsz = fz_tsz(fz_u8(in), wild);
	c->sl0 = l & 3;
	c->vttb = smmu_pa(fz_addr(in));
	c->ps = fz_oa_bits[(l >> 2) & 7];
	c->affd = f & 1;
	c->xnx = f & 2;
	c->ptw = f & 4;
	if (wild && (f & 0xc0) == 0xc0) {
		c->ps = fz_u8(in) & 0x3f;
		c->ds = f & 8;
	}
	if (f & 0x10) {
		c->tsz_min = fz_u8(in) & 0x1f;
		c->tsz_max = fz_u8(in) & 0x3f;
	}
}

static uint64_t fz_va(struct fz_in *in, uint8_t c, unsigned int isz)
{
	uint64_t va = fz_u64(in);

	if (c & 4) {
		/* inside the input size, in the lower or upper range */
		if (isz < 64)
			va &= (1ull << isz) - 1;
		if ((c & 8) && isz < 64)
			va |= ~0ull << isz;
		if (c & 16)
			va ^= (uint64_t)fz_u8(in) << 56;	/* top byte */
	}
	return va;
}

/* ---- Comparison ---------------------------------------------------------- */

static bool fz_same_fault(const struct pgt_result *r, const struct ref_res *e)
{
	if (r->fault.type != e->type || r->fault.stage != e->stage ||
	    r->fault.level != e->level || r->fault.cls != e->cls)
		return false;
	if (e->stage == 2 && r->fault.ipa.v != e->fipa)
		return false;
	if (e->type == PGT_FAULT_WALK_EABT &&
	    (r->fault.fetch_pa.v != e->fetch_pa ||
	     r->fault.fetch_err != FZ_EIO))
		return false;
	return true;
}

static bool fz_same(enum fz_mode mode, int ret, const struct pgt_result *r,
		    const struct fz_mem *m, const struct ref_res *e)
{
	if (ret != e->ret)
		return false;
	if (m->nreads != e->nlog)
		return false;
	for (unsigned int i = 0; i < m->nlog && i < e->nlog; i++)
		if (m->log[i] != e->log[i])
			return false;
	if (ret == -VSMMU_ERR_FAULT)
		return fz_same_fault(r, e);
	if (ret)
		return true;
	if (r->out != e->out || r->ipa != e->ipa ||
	    r->size_log2 != e->size_log2 || r->level != e->level1)
		return false;
	if ((r->perm ^ e->perm) & e->known)
		return false;
	if (mode != FZ_S2) {
		if (r->attr_idx != ((e->d1 >> 2) & 7) ||
		    r->sh != ((e->d1 >> 8) & 3) ||
		    r->ng != (bool)((e->d1 >> 11) & 1))
			return false;
	}
	if (mode != FZ_S1) {
		if (r->s2_level != e->level2 ||
		    r->s2_memattr != ((e->d2 >> 2) & 15) ||
		    r->s2_sh != ((e->d2 >> 8) & 3))
			return false;
	}
	if (mode == FZ_S2 && r->sh != r->s2_sh)
		return false;
	return true;
}

/* Levels of the deeper of the two ranges (4 when one is unusable). */
static unsigned int fz_levels_s1(const struct pgt_s1_cfg *c)
{
	unsigned int n = 0, min, max;

	for (unsigned int i = 0; i < 2; i++) {
		const struct pgt_s1_tt *tt = &c->tt[i];
		unsigned int isz, start;

		if (!ref_gran(tt->granule))
			return 4;
		ref_tsz_range(tt->granule, c->tsz_min, c->tsz_max, &min, &max);
		if (tt->tsz < min || tt->tsz > max)
			continue;	/* never walked */
		isz = 64u - tt->tsz;
		start = 4u - (isz - 4u) / (tt->granule - 3u);
		if (4u - start > n)
			n = 4u - start;
	}
	return n;
}

static unsigned int fz_levels_s2(const struct pgt_s2_cfg *c)
{
	struct ref_geo geo;

	if (!ref_s2_geo(c, &geo))
		return 0;
	return 4u - geo.start;
}

static void fz_one(enum fz_mode mode, const struct pgt_s1_cfg *s1,
		   const struct pgt_s2_cfg *s2, struct fz_mem *m, uint64_t in,
		   struct pgt_access acc, bool ok1, bool ok2, bool wild)
{
	struct pgt_result r;
	struct ref_res e;
	unsigned int n, mm, bound;
	bool open;
	int ret;

	m->nlog = 0;
	m->nreads = 0;
	m->bad_call = false;
	memset(&r, 0xa5, sizeof(r));
	switch (mode) {
	case FZ_S1:
		ret = pgt_walk_s1(s1, &(struct pgt_mem){ .read = fz_read,
			.ctx = m }, smmu_va(in), acc, &r);
		break;
	case FZ_S2:
		ret = pgt_walk_s2(s2, &(struct pgt_mem){ .read = fz_read,
			.ctx = m }, smmu_ipa(in), acc, &r);
		break;
	default:
		ret = pgt_walk_nested(s1, s2, &(struct pgt_mem){
			.read = fz_read, .ctx = m }, smmu_va(in), acc, &r);
		break;
	}
	check(!m->bad_call);
	check(r.reads == m->nreads);
	check(ret == 0 || ret == -VSMMU_ERR_FAULT || ret == -VSMMU_ERR_INVAL ||
	      ret == -VSMMU_ERR_NOTSUPP);

	/* Read bound of the header: n, m, or (n + 1)(m + 1) - 1. */
	n = fz_levels_s1(s1);
	mm = fz_levels_s2(s2);
	bound = mode == FZ_S1 ? n : mode == FZ_S2 ? mm : (n + 1) * (mm + 1) - 1;
	check(m->nreads <= bound);
	check(m->nreads <= 24);

	/* A configuration the checks accept walks to success or a fault. */
	if ((mode == FZ_S2 || ok1) && (mode == FZ_S1 || ok2))
		check(ret == 0 || ret == -VSMMU_ERR_FAULT);
	if (ret == 0) {
		check(r.in == in);
		check(r.fault.type == PGT_FAULT_NONE);
		check(pgt_perm_allows(r.perm, acc));
		check(r.size_log2 >= 12 && r.size_log2 < 48);
		check(((r.out ^ in) & ((1ull << r.size_log2) - 1)) == 0);
	} else if (ret == -VSMMU_ERR_FAULT) {
		check(r.fault.type != PGT_FAULT_NONE);
		check(r.fault.stage == 1 || r.fault.stage == 2);
		check(r.fault.level <= 3);
		check(r.fault.write == (acc.type == PGT_ACC_WRITE));
		check(r.fault.exec == (acc.type == PGT_ACC_EXEC));
		check(r.fault.priv == acc.priv);
	}
	/* The reference covers legal granules and 48-bit configurations. */
	if (wild && (ret == -VSMMU_ERR_INVAL || ret == -VSMMU_ERR_NOTSUPP))
		return;
	if (mode != FZ_S2 && (s1->ds || s1->ips > 48 ||
			      !ref_gran(s1->tt[(in >> 55) & 1].granule)))
		return;
	if (mode != FZ_S1 && (s2->ds || s2->ps > 48 || !ref_gran(s2->granule)))
		return;

	FZ_STAT(mode, ret, &r);
	ref_walk(mode, s1, s2, m, in, acc, true, &open, &e);
	if (fz_same(mode, ret, &r, m, &e))
		return;
	if (open) {
		/* the reference leaves this permission open: try the other */
		ref_walk(mode, s1, s2, m, in, acc, false, &open, &e);
		if (fz_same(mode, ret, &r, m, &e))
			return;
	}
	fprintf(stderr, "walker and reference differ: mode %d in %#llx "
		"ret %d/%d "
		"fault %d/%d stage %u/%u level %u/%u cls %d/%d reads %u/%u "
		"out %#llx/%#llx perm %#x/%#x known %#x\n", mode,
		(unsigned long long)in, ret, e.ret, r.fault.type, e.type,
		r.fault.stage, e.stage, r.fault.level, e.level, r.fault.cls,
		e.cls, m->nreads, e.nlog, (unsigned long long)r.out,
		(unsigned long long)e.out, r.perm, e.perm, e.known);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size };
	static struct fz_mem m;
	struct pgt_s1_cfg s1;
	struct pgt_s2_cfg s2;
	enum fz_mode mode;
	uint8_t hdr, f, nex, npool, nacc;
	bool wild, simple, ok1, ok2;

	hdr = fz_u8(&in);
	mode = (enum fz_mode)((hdr & 3) % 3);
	/* invalid granules, 52-bit, raw TxSZ */
	wild = (hdr & 0x0c) == 0x0c;
	simple = hdr & 0x10;		/* HAD = 1, no PAN, no WXN */
	fz_s1_cfg(&in, &s1, wild, simple);
	fz_s2_cfg(&in, &s2, wild);

	memset(&m, 0, sizeof(m));
	f = fz_u8(&in);
	m.fail_hole = f & 1;
	m.fail_region = f & 2;
	m.fail_base = fz_bases[(f >> 2) & 15u];
	nex = fz_u8(&in) % (FZ_EXPLICIT + 1);
	npool = fz_u8(&in) % (FZ_POOL + 1);
	nacc = 1 + fz_u8(&in) % FZ_ACCESSES;
	for (unsigned int i = 0; i < nex; i++) {
		uint8_t k = fz_u8(&in);
		uint16_t idx = (uint16_t)(fz_u8(&in) | fz_u8(&in) << 8);

		m.ex[i].pa = fz_bases[k & 15u] + 8ull * (idx & 0x1fffu);
		m.ex[i].val = fz_desc(&in);
	}
	m.nex = nex;
	for (unsigned int i = 0; i < npool; i++)
		m.pool[i] = fz_desc(&in);
	m.npool = npool;

	ok1 = pgt_s1_cfg_check(&s1) == 0;
	ok2 = pgt_s2_cfg_check(&s2) == 0;
	check(ok1 == ref_s1_legal(&s1));
	check(ok2 == ref_s2_legal(&s2));
	if (ok2) {
		unsigned int lvl = 9, nc = 0;
		struct ref_geo geo;

		check(pgt_s2_start(&s2, &lvl, &nc) == 0);
		check(ref_s2_geo(&s2, &geo));
		check(lvl == geo.start);
		check(nc == (geo.first_bits > s2.granule - 3u ?
			     1u << (geo.first_bits - (s2.granule - 3u)) : 1u));
		check(nc >= 1 && nc <= PGT_MAX_CONCAT);
	}

	for (unsigned int i = 0; i < nacc; i++) {
		uint8_t c = fz_u8(&in);
		struct pgt_access acc = {
			.type = (enum pgt_acc_type)((c & 3) % 3),
			.priv = c & 0x80,
		};
		unsigned int isz;
		uint64_t va;

		if (mode == FZ_S2)
			isz = 64u - s2.tsz;
		else
			isz = 64u - s1.tt[(c >> 3) & 1].tsz;
		va = fz_va(&in, c, isz > 64 ? 64 : isz);
		fz_one(mode, &s1, &s2, &m, va, acc, ok1, ok2, wild);
	}
	return 0;
}
