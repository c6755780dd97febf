/* SPDX-License-Identifier: MIT */
/*
 * src/arch/internal.h - the table-driven field codec behind the STE, CD
 * and event codecs (cmd.c generates its codec from X-macro lists).
 *
 * Each structure is described once as a table of fields: the dword, the
 * SMMU_GENMASK mask copied from the facts sheet, and the struct member it
 * maps to. The member's C type is taken from the struct with _Generic, so a
 * table entry cannot disagree with the struct about a member's width.
 */
#ifndef VSMMU_ARCH_INTERNAL_H
#define VSMMU_ARCH_INTERNAL_H

#include "vsmmu/env.h"
#include "vsmmu/arch.h"

enum smmu_fkind_ {
	SMMU_FK_BOOL_,
	SMMU_FK_U8_,
	SMMU_FK_U16_,
	SMMU_FK_U32_,
	SMMU_FK_U64_,
	SMMU_FK_ADDR_,  /* uint64_t kept in place: a byte address */
};

struct smmu_fdesc_ {
	uint64_t mask;   /* the field's bits in its dword */
	uint16_t off;    /* offsetof() the member */
	uint8_t dw;      /* dword index */
	uint8_t kind;    /* enum smmu_fkind_ */
};

#define SMMU_FKIND_(type, member) _Generic(((type *)0)->member, \
	bool: SMMU_FK_BOOL_, uint8_t: SMMU_FK_U8_, uint16_t: SMMU_FK_U16_, \
	uint32_t: SMMU_FK_U32_, uint64_t: SMMU_FK_U64_)

/* A value field: stored shifted down to bit 0 of the member. */
#define SMMU_FV_(type, dw, mask, member) \
	{ (mask), offsetof(type, member), (dw), SMMU_FKIND_(type, member) }
/* An address field: the member holds the byte address, bits in place. */
#define SMMU_FA_(type, dw, mask, member) \
	{ (mask), offsetof(type, member), (dw), SMMU_FK_ADDR_ }

/*
 * Read field f from w into obj. Inline, and shifting by the mask's lowest
 * bit rather than dividing by it (the masks here are table data, not
 * constants the compiler could fold). The command codec, which sits on
 * the hot path of the command queue, does not use these: cmd.c generates
 * a case per opcode with constant masks instead.
 */
static inline void smmu_fget_(const struct smmu_fdesc_ *f, const uint64_t *w,
			      void *obj)
{
	char *p = (char *)obj + f->off;
	uint64_t x = w[f->dw] & f->mask;

	if (f->kind != SMMU_FK_ADDR_)
		x >>= vsmmu_ctz64(f->mask);
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

/*
 * OR field f of obj into w; false when the member's value does not fit (a
 * value above the field's maximum, or an address with bits outside the
 * mask). The fitting bits are written either way.
 */
static inline bool smmu_fput_(const struct smmu_fdesc_ *f, const void *obj,
			      uint64_t *w)
{
	const char *p = (const char *)obj + f->off;
	unsigned int sh = vsmmu_ctz64(f->mask);
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
	w[f->dw] |= (x << sh) & f->mask;
	/* the field's maximum is its mask shifted down to bit 0 */
	return x <= f->mask >> sh;
}

/*
 * Whole-table codecs for structures whose every field is always present
 * (STE, CD, L1 descriptors). decode zeroes obj first and returns true when
 * w has a bit that no field covers (RES0); encode zeroes w first and
 * returns -VSMMU_ERR_RANGE when some field did not fit.
 */
bool smmu_tab_decode_(const struct smmu_fdesc_ *t, size_t n,
		      const uint64_t *w, size_t nw, void *obj, size_t objsz);
int smmu_tab_encode_(const struct smmu_fdesc_ *t, size_t n,
		     const void *obj, uint64_t *w, size_t nw);

#endif /* VSMMU_ARCH_INTERNAL_H */
