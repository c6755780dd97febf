// SPDX-License-Identifier: MIT
/*
 * The guest's ID registers when one vSMMU spans several physical SMMUs:
 * what every one of them can do (DESIGN.md: "intersection when one vSMMU
 * spans several ... never hard-coded"). Each field is merged by its
 * meaning (IHI 0070 §6.3.1-6.3.6, facts §2.1-2.5):
 *  - a feature bit: AND (NS1ATS, a "not supported" bit: OR);
 *  - a size or a level (SIDSIZE, SSIDSIZE, queue sizes, OAS, VAX, HTTU,
 *    ST_LEVEL, STALL_MAX, AIDR): the minimum;
 *  - an enumeration of allowed modes (TTF, TTENDIAN, STALL_MODEL): the
 *    intersection of the sets of modes; an empty set makes the backends
 *    incompatible (viommu_add_backend refuses such a backend, and one
 *    without stage 1 or stage 2, which cannot nest);
 *  - TERM_MODEL (1 = stricter): OR; BBML and IIDR: kept when all agree,
 *    else 0.
 * Fields that describe the physical programming model, not a capability
 * the guest could use, are cleared: VMID16 and VMW (the guest has no
 * stage 2 of its own), TABLES_PRESET, QUEUES_PRESET, REL, VATOS with IDR2,
 * IDR4 (IMPLEMENTATION DEFINED). RES0 bits are cleared.
 */
#include "vsmmu/env.h"
#include "vsmmu/viommu.h"
#include "internal.h"

/* IDR0 bits merged by AND. */
#define IDR0_AND_BITS (SMMU_IDR0_S2P | SMMU_IDR0_S1P | SMMU_IDR0_COHACC |  \
	SMMU_IDR0_BTM | SMMU_IDR0_DORMHINT | SMMU_IDR0_HYP | SMMU_IDR0_ATS | \
	SMMU_IDR0_ASID16 | SMMU_IDR0_MSI | SMMU_IDR0_SEV | SMMU_IDR0_ATOS |  \
	SMMU_IDR0_PRI | SMMU_IDR0_CD2L | SMMU_IDR0_ATSRECERR |               \
	SMMU_IDR0_RME_IMPL)
#define IDR1_AND_BITS (SMMU_IDR1_ATTR_PERMS_OVR | SMMU_IDR1_ATTR_TYPES_OVR | \
	SMMU_IDR1_ECMDQ)
#define IDR3_AND_BITS (SMMU_IDR3_HAD | SMMU_IDR3_PBHA | SMMU_IDR3_XNX |    \
	SMMU_IDR3_PPS | SMMU_IDR3_MPAM | SMMU_IDR3_FWB | SMMU_IDR3_STT |     \
	SMMU_IDR3_RIL | SMMU_IDR3_E0PD | SMMU_IDR3_PTWNNC | SMMU_IDR3_DPT |  \
	SMMU_IDR3_PASIDTT | SMMU_IDR3_EPAN | SMMU_IDR3_S1PI |                \
	SMMU_IDR3_S2PI | SMMU_IDR3_S2PO | SMMU_IDR3_THE |                    \
	SMMU_IDR3_MTEPERM | SMMU_IDR3_AIE)
#define IDR5_AND_BITS (SMMU_IDR5_GRAN4K | SMMU_IDR5_GRAN16K |              \
	SMMU_IDR5_GRAN64K | SMMU_IDR5_DS | SMMU_IDR5_D128)

/*
 * Sets of modes. TTENDIAN: 00 mixed = {LE, BE}, 10 = {LE}, 11 = {BE}, 01
 * reserved = {}. STALL_MODEL: 00 = {terminate, stall}, 01 = {terminate},
 * 10 = {stall}, 11 reserved = {}. TTF is already a set (bit 0 AArch32,
 * bit 1 AArch64).
 */
static unsigned int endian_set(unsigned int enc)
{
	static const unsigned char set[4] = { 3, 0, 1, 2 };

	return set[enc & 3];
}

static unsigned int endian_enc(unsigned int set)
{
	static const unsigned char enc[4] = { 1, 2, 3, 0 };

	return enc[set & 3];
}

static unsigned int stall_set(unsigned int enc)
{
	static const unsigned char set[4] = { 3, 1, 2, 0 };

	return set[enc & 3];
}

static unsigned int stall_enc(unsigned int set)
{
	static const unsigned char enc[4] = { 3, 1, 2, 0 };

	return enc[set & 3];
}

static unsigned int field_u(uint64_t mask, uint32_t v)
{
	return (unsigned int)smmu_field_get(mask, v);
}

static uint32_t field_min(uint64_t mask, uint32_t a, uint32_t b)
{
	uint64_t x = smmu_field_get(mask, a), y = smmu_field_get(mask, b);

	return (uint32_t)smmu_field_prep(mask, VSMMU_MIN(x, y));
}

/* ST_LEVEL and VAX have reserved encodings: treat them as the lowest. */
static uint32_t clamp_field(uint64_t mask, uint32_t v, uint64_t max)
{
	if (smmu_field_get(mask, v) > max)
		return (uint32_t)smmu_field_set(mask, v, 0);
	return v;
}

void viommu_smmuv3_idr_init_(struct viommu_idrs_ *acc,
			     const struct viommu_idrs_ *in)
{
	uint32_t i0 = in->idr[0], i1 = in->idr[1], i3 = in->idr[3];
	uint32_t i5 = in->idr[5];

	i0 = clamp_field(SMMU_IDR0_ST_LEVEL, i0, SMMU_IDR0_ST_LEVEL_2LVL);
	i0 &= (uint32_t)(IDR0_AND_BITS | SMMU_IDR0_NS1ATS | SMMU_IDR0_TTF |
			 SMMU_IDR0_HTTU | SMMU_IDR0_TTENDIAN |
			 SMMU_IDR0_STALL_MODEL | SMMU_IDR0_TERM_MODEL |
			 SMMU_IDR0_ST_LEVEL);
	i1 &= (uint32_t)(IDR1_AND_BITS | SMMU_IDR1_SIDSIZE |
			 SMMU_IDR1_SSIDSIZE | SMMU_IDR1_PRIQS |
			 SMMU_IDR1_EVENTQS | SMMU_IDR1_CMDQS);
	i3 &= (uint32_t)(IDR3_AND_BITS | SMMU_IDR3_BBML);
	i5 = clamp_field(SMMU_IDR5_VAX, i5, SMMU_IDR5_VAX_56);
	i5 &= (uint32_t)(IDR5_AND_BITS | SMMU_IDR5_OAS | SMMU_IDR5_VAX |
			 SMMU_IDR5_STALL_MAX);
	vsmmu_memset(acc, 0, sizeof(*acc));
	acc->idr[0] = i0;
	acc->idr[1] = i1;
	acc->idr[3] = i3;
	acc->idr[5] = i5;
	acc->iidr = in->iidr;
	acc->aidr = in->aidr & (uint32_t)(SMMU_AIDR_MAJOR | SMMU_AIDR_MINOR);
}

void viommu_smmuv3_idr_merge_(struct viommu_idrs_ *acc,
			      const struct viommu_idrs_ *in)
{
	struct viommu_idrs_ b;
	uint32_t a0 = acc->idr[0], b0, v;

	/* Sanitise the newcomer the same way first. */
	viommu_smmuv3_idr_init_(&b, in);
	b0 = b.idr[0];

	v = (a0 & b0 & (uint32_t)IDR0_AND_BITS) |
	    ((a0 | b0) & (uint32_t)(SMMU_IDR0_NS1ATS | SMMU_IDR0_TERM_MODEL));
	v |= (uint32_t)smmu_field_prep(SMMU_IDR0_TTF,
				       smmu_field_get(SMMU_IDR0_TTF, a0) &
				       smmu_field_get(SMMU_IDR0_TTF, b0));
	v |= (uint32_t)smmu_field_prep(SMMU_IDR0_TTENDIAN, endian_enc(
		endian_set(field_u(SMMU_IDR0_TTENDIAN, a0)) &
		endian_set(field_u(SMMU_IDR0_TTENDIAN, b0))));
	v |= (uint32_t)smmu_field_prep(SMMU_IDR0_STALL_MODEL, stall_enc(
		stall_set(field_u(SMMU_IDR0_STALL_MODEL, a0)) &
		stall_set(field_u(SMMU_IDR0_STALL_MODEL, b0))));
	v |= field_min(SMMU_IDR0_HTTU, a0, b0);
	v |= field_min(SMMU_IDR0_ST_LEVEL, a0, b0);
	acc->idr[0] = v;

	acc->idr[1] = (acc->idr[1] & b.idr[1] & (uint32_t)IDR1_AND_BITS) |
		      field_min(SMMU_IDR1_SIDSIZE, acc->idr[1], b.idr[1]) |
		      field_min(SMMU_IDR1_SSIDSIZE, acc->idr[1], b.idr[1]) |
		      field_min(SMMU_IDR1_PRIQS, acc->idr[1], b.idr[1]) |
		      field_min(SMMU_IDR1_EVENTQS, acc->idr[1], b.idr[1]) |
		      field_min(SMMU_IDR1_CMDQS, acc->idr[1], b.idr[1]);

	v = acc->idr[3] & b.idr[3] & (uint32_t)IDR3_AND_BITS;
	/* BBML levels 1 and 2 promise different things (§3.21.1): keep a
	 * level only when every SMMU has the same one. */
	if (smmu_field_get(SMMU_IDR3_BBML, acc->idr[3]) ==
	    smmu_field_get(SMMU_IDR3_BBML, b.idr[3]))
		v |= acc->idr[3] & (uint32_t)SMMU_IDR3_BBML;
	acc->idr[3] = v;

	acc->idr[5] = (acc->idr[5] & b.idr[5] & (uint32_t)IDR5_AND_BITS) |
		      field_min(SMMU_IDR5_OAS, acc->idr[5], b.idr[5]) |
		      field_min(SMMU_IDR5_VAX, acc->idr[5], b.idr[5]) |
		      field_min(SMMU_IDR5_STALL_MAX, acc->idr[5], b.idr[5]);

	if (acc->iidr != b.iidr)
		acc->iidr = 0;
	acc->aidr = VSMMU_MIN(acc->aidr, b.aidr);
}

bool viommu_smmuv3_idr_usable_(const struct viommu_idrs_ *acc)
{
	uint32_t i0 = acc->idr[0];

	/* Nesting needs both stages on every SMMU (DESIGN.md: an SMMU
	 * without nesting gets no vSMMU). */
	return (i0 & SMMU_IDR0_S1P) && (i0 & SMMU_IDR0_S2P) &&
	       field_u(SMMU_IDR0_TTF, i0) != 0 &&
	       endian_set(field_u(SMMU_IDR0_TTENDIAN, i0)) != 0 &&
	       stall_set(field_u(SMMU_IDR0_STALL_MODEL, i0)) != 0 &&
	       (acc->idr[5] & (uint32_t)(SMMU_IDR5_GRAN4K | SMMU_IDR5_GRAN16K |
					 SMMU_IDR5_GRAN64K)) != 0;
}

bool viommu_idrs_compute_(const struct viommu_dom *d,
			  struct viommu_idrs_ *out)
{
	if (!d->nbackends)
		return false;
	d->type->idr_init(out, &d->be[0].idrs);
	for (unsigned int i = 1; i < d->nbackends; i++)
		d->type->idr_merge(out, &d->be[i].idrs);
	return d->type->idr_usable(out);
}

int viommu_get_idrs(const struct viommu_dom *d, uint32_t idr[6],
		    uint32_t *iidr, uint32_t *aidr)
{
	struct viommu_idrs_ r;
	struct viommu_dom *w;
	bool ok;

	if (!d || !idr || !iidr || !aidr)
		return -VSMMU_ERR_INVAL;
	viommu_lock_(d);
	if (!d->nbackends) {
		viommu_unlock_(d);
		return -VSMMU_ERR_NOENT;
	}
	ok = viommu_idrs_compute_(d, &r);
	if (ok) {
		/*
		 * Remember what the guest was shown, so later backends cannot
		 * take a feature away from a running driver. The domain is
		 * never a const object (viommu_dom_create allocates it); only
		 * this entry point's view of it is.
		 */
		w = (struct viommu_dom *)d;
		w->idrs_published = true;
		w->published = r;
	}
	viommu_unlock_(d);
	if (!ok)
		return -VSMMU_ERR_NOTSUPP;
	vsmmu_memcpy(idr, r.idr, sizeof(r.idr));
	*iidr = r.iidr;
	*aidr = r.aidr;
	return 0;
}
