/* SPDX-License-Identifier: MIT */
/*
 * The guest's stream table: finding an STE (linear or 2-level, IHI 0070
 * §3.3, facts §3.1-3.2), canonicalising it to the stage-1 configuration
 * the framework installs (DESIGN.md "Guest STEs are canonicalised", facts
 * §3.3-3.4, §3.8), and re-deriving the backend state of vSIDs.
 *
 * Events at CFGI time. The architecture records configuration errors when
 * a transaction uses the STE. A passthrough device's transactions never
 * reach us (the physical SMMU sees the nested STE we build), so we record
 * them when the guest's CFGI makes us read the STE: C_BAD_STREAMID (if
 * CR2.RECINVSID) for a StreamID outside the table or its L1 span,
 * F_STE_FETCH for an unreadable STE, C_BAD_STE for an ILLEGAL STE. An STE
 * with V = 0 is the normal "no translation" state Linux writes while it
 * builds an entry, so a CFGI of it aborts the stream without an event (the
 * event would belong to traffic, not to the invalidation). Reserved
 * Config values 0b001-0b011 abort without an event, as Config 0b000 does.
 */
#include "vsmmu/env.h"
#include "vsmmu/vsmmu.h"
#include "internal.h"

static void vsmmu_evt_sid_(struct smmu_evt *ev, uint8_t id, uint32_t sid)
{
	vsmmu_memset(ev, 0, sizeof(*ev));
	ev->id = id;
	ev->sid = sid;
}

/* Effective LOG2SIZE: MIN(LOG2SIZE, IDR1.SIDSIZE) (facts §2.14). */
static unsigned int vsmmu_strtab_log2_(const struct vsmmu *v)
{
	unsigned int l = (unsigned int)smmu_field_get(
		SMMU_STRTAB_BASE_CFG_LOG2SIZE, v->strtab_cfg);

	return VSMMU_MIN(l, vsmmu_sid_bits_(v));
}

/* Align an address down to 2^bits, bits possibly >= 64. */
static uint64_t vsmmu_align_down_(uint64_t a, unsigned int bits)
{
	return bits >= 64 ? 0 : a & ~((1ull << bits) - 1);
}

/*
 * The table comes into use (SMMUEN 0 -> 1): say so when its base is not
 * aligned as facts §3.1 requires; the low bits are then ignored, as the
 * architecture says, by vsmmu_ste_fetch_.
 */
void vsmmu_strtab_check_(const struct vsmmu *v)
{
	unsigned int raw_log2 = (unsigned int)smmu_field_get(
		SMMU_STRTAB_BASE_CFG_LOG2SIZE, v->strtab_cfg);
	uint64_t base = v->strtab_base & SMMU_STRTAB_BASE_ADDR;
	unsigned int bits = raw_log2 + 6;

	if (smmu_field_get(SMMU_STRTAB_BASE_CFG_FMT, v->strtab_cfg) ==
	    SMMU_STRTAB_FMT_2LVL) {
		unsigned int split = (unsigned int)smmu_field_get(
			SMMU_STRTAB_BASE_CFG_SPLIT, v->strtab_cfg);

		if (split != 6 && split != 8 && split != 10)
			split = 6;
		bits = VSMMU_MAX(6u, (raw_log2 > split ? raw_log2 - split : 0) +
				 3u);
	}
	if (vsmmu_align_down_(base, bits) != base)
		vsmmu_log_(v, VSMMU_LOG_GUEST, "STRTAB_BASE 0x%llx not aligned "
			   "to 2^%u: low bits ignored",
			   (unsigned long long)base, bits);
}

int vsmmu_ste_fetch_(struct vsmmu_locked vl, uint32_t sid,
		     uint64_t ste[SMMU_STE_DWORDS], struct smmu_evt *ev)
{
	struct vsmmu *v = vl.v;
	unsigned int log2 = vsmmu_strtab_log2_(v);
	unsigned int raw_log2 = (unsigned int)smmu_field_get(
		SMMU_STRTAB_BASE_CFG_LOG2SIZE, v->strtab_cfg);
	uint64_t base = v->strtab_base & SMMU_STRTAB_BASE_ADDR;
	uint64_t addr, off;

	if (log2 < 32 && sid >= (1ull << log2)) {
		vsmmu_evt_sid_(ev, SMMU_EVT_C_BAD_STREAMID, sid);
		return -VSMMU_ERR_FAULT;
	}
	/*
	 * FMT follows the guest's STRTAB_BASE_CFG (values other than 2-level
	 * behave as linear, facts §2.14), never a constant.
	 */
	if (smmu_field_get(SMMU_STRTAB_BASE_CFG_FMT, v->strtab_cfg) ==
	    SMMU_STRTAB_FMT_2LVL) {
		unsigned int split = (unsigned int)smmu_field_get(
			SMMU_STRTAB_BASE_CFG_SPLIT, v->strtab_cfg);
		unsigned int l1bits, span;
		uint64_t l1d, l1addr;
		struct smmu_l1std d;
		uint32_t lo;

		/* The guest's SPLIT: 6, 8 or 10; others behave as 6. */
		if (split != 6 && split != 8 && split != 10)
			split = 6;
		/* L1 table: MAX(1, 2^(LOG2SIZE - SPLIT)) descriptors,
		 * aligned to MAX(64 bytes, its size) (facts §3.1). */
		l1bits = raw_log2 > split ? raw_log2 - split : 0;
		l1addr = vsmmu_align_down_(base, VSMMU_MAX(6u, l1bits + 3u));
		off = (uint64_t)(sid >> split) * SMMU_L1STD_BYTES;
		if (vsmmu_add_overflow(l1addr, off, &addr))
			goto fetch_fault;
		if (vsmmu_read_words_(vl, addr, &l1d, 1) != 0)
			goto fetch_fault;
		smmu_l1std_decode(l1d, &d);
		span = d.span;
		lo = sid & ((1u << split) - 1u);
		/*
		 * Span 0 is invalid, 12-31 reserved (as 0), and a span beyond
		 * SPLIT + 1 is invalid: all C_BAD_STREAMID (facts §3.2).
		 */
		if (span == 0 || span > 11 || span > split + 1 ||
		    lo >= (1u << (span - 1))) {
			vsmmu_evt_sid_(ev, SMMU_EVT_C_BAD_STREAMID, sid);
			return -VSMMU_ERR_FAULT;
		}
		/* L2 array aligned to its size, 2^(Span-1) STEs. */
		base = vsmmu_align_down_(d.l2ptr, span - 1 + 6);
		off = (uint64_t)lo * SMMU_STE_BYTES;
	} else {
		/* Linear: aligned to the table size using the literal
		 * LOG2SIZE, not the capped one (facts §3.1). */
		base = vsmmu_align_down_(base, raw_log2 + 6);
		off = (uint64_t)sid * SMMU_STE_BYTES;
	}
	if (vsmmu_add_overflow(base, off, &addr))
		goto fetch_fault;
	if (vsmmu_read_words_(vl, addr, ste, SMMU_STE_DWORDS) != 0)
		goto fetch_fault;
	return 0;

fetch_fault:
	vsmmu_evt_sid_(ev, SMMU_EVT_F_STE_FETCH, sid);
	ev->fetch_addr = addr & SMMU_EVT3_FETCHADDR;
	return -VSMMU_ERR_FAULT;
}

enum vsmmu_ste_kind_ vsmmu_ste_canon_(const struct vsmmu *v,
				      const uint64_t w[SMMU_STE_DWORDS],
				      struct psmmu_s1_cfg *s1)
{
	unsigned int ssidsize = (unsigned int)smmu_field_get(
		SMMU_IDR1_SSIDSIZE, v->idr[1]);
	struct smmu_ste ste;

	vsmmu_memset(s1, 0, sizeof(*s1));
	/* RES0 bits set are not ILLEGAL; decode never fails. */
	(void)smmu_ste_decode(w, &ste);
	if (!ste.v)
		return VSMMU_STE_ABORT_;
	switch (ste.config) {
	case SMMU_STE_CFG_ABORT:
	case 1:
	case 2:
	case 3:
		/* 0b000 abort; 0b001-0b011 reserved, behave as abort. */
		return VSMMU_STE_ABORT_;
	case SMMU_STE_CFG_BYPASS:
		return VSMMU_STE_BYPASS_;
	case SMMU_STE_CFG_S1:
		break;
	default:
		/* 0b11x asks for stage 2: we advertise S2P = 0. */
		return VSMMU_STE_BAD_;
	}
	/* Stage 1 (facts §3.8). */
	if (ste.s1cdmax > ssidsize)
		return VSMMU_STE_BAD_;
	/* NS-EL1 only: no Hyp, and STRW 0bx1 is ILLEGAL on an NS STE. */
	if (ste.strw != SMMU_STE_STRW_NSEL1)
		return VSMMU_STE_BAD_;
	if (ste.s1stalld &&
	    smmu_field_get(SMMU_IDR0_STALL_MODEL, v->idr[0]) !=
	    SMMU_IDR0_STALL_MODEL_BOTH)
		return VSMMU_STE_BAD_;
	s1->s1ctxptr = ste.s1ctxptr;
	s1->s1cdmax = ste.s1cdmax;
	if (ste.s1cdmax) {
		/* S1Fmt and S1DSS mean something only with substreams. */
		s1->s1fmt = ste.s1fmt == 3 ? SMMU_STE_S1FMT_LINEAR : ste.s1fmt;
		if (s1->s1fmt != SMMU_STE_S1FMT_LINEAR &&
		    !(v->idr[0] & SMMU_IDR0_CD2L))
			return VSMMU_STE_BAD_;
		s1->s1dss = ste.s1dss == 3 ? SMMU_STE_S1DSS_TERMINATE :
			    ste.s1dss;
	}
	s1->s1cir = ste.s1cir;
	s1->s1cor = ste.s1cor;
	s1->s1csh = ste.s1csh;
	/*
	 * A guest told STALL_MODEL = 0b01 may not stall: its CD.S = 1 is
	 * ILLEGAL (facts §4.4). Say so to the physical SMMU, which may well
	 * stall (S1STALLD = 1 makes CD.S = 1 its C_BAD_CD too), rather than
	 * leave stalls the guest cannot answer (CMD_RESUME is CERROR_ILL for
	 * it). The framework drops the bit on SMMUs where it is not legal.
	 */
	s1->s1stalld = ste.s1stalld ||
		       smmu_field_get(SMMU_IDR0_STALL_MODEL, v->idr[0]) ==
		       SMMU_IDR0_STALL_MODEL_NOSTALL;
	if (v->idr[0] & SMMU_IDR0_ATS) {
		/* Full ATS only: split-stage needs S2, 0b11 needs DPT. */
		if (ste.eats > 1)
			return VSMMU_STE_BAD_;
		s1->eats = ste.eats;
	}
	return VSMMU_STE_S1_;
}

static int vsmmu_attach_abort_(struct vsmmu_locked vl, uint32_t vsid)
{
	VSMMU_CNT(vl.v, attach_abort);
	return vsmmu_backend_ret_(vl, viommu_attach_abort(vl.v->vd, vsid),
				  "attach_abort", vsid);
}

/*
 * The backend refused the new configuration (stage 1 or bypass): the
 * previous one must not stay live, since the guest replaced it (DESIGN.md:
 * "a re-issued config replaces the old one; bypass/abort after S1 really
 * drops the S1 config"). Abort is the safe state; the first error is
 * returned.
 */
static int vsmmu_attach_or_abort_(struct vsmmu_locked vl, uint32_t vsid,
				  int ret)
{
	if (ret >= 0 || ret == -VSMMU_ERR_NOENT)
		return ret;
	(void)vsmmu_attach_abort_(vl, vsid);
	return ret;
}

int vsmmu_ste_apply_(struct vsmmu_locked vl, uint32_t vsid, bool record)
{
	struct vsmmu *v = vl.v;
	uint64_t w[SMMU_STE_DWORDS];
	struct psmmu_s1_cfg s1;
	struct smmu_evt ev;

	if (!(v->cr0 & SMMU_CR0_SMMUEN)) {
		/* GBPA governs every stream while SMMUEN = 0. */
		if (v->gbpa & SMMU_GBPA_ABORT)
			return vsmmu_attach_abort_(vl, vsid);
		VSMMU_CNT(v, attach_bypass);
		return vsmmu_attach_or_abort_(vl, vsid, vsmmu_backend_ret_(vl,
					viommu_attach_bypass(v->vd, vsid),
					"attach_bypass", vsid));
	}
	VSMMU_CNT(v, cfgi_ste);
	if (vsmmu_ste_fetch_(vl, vsid, w, &ev) != 0) {
		if (record && (ev.id != SMMU_EVT_C_BAD_STREAMID ||
			       (v->cr2 & SMMU_CR2_RECINVSID)))
			vsmmu_evt_record_(vl, &ev);
		return vsmmu_attach_abort_(vl, vsid);
	}
	switch (vsmmu_ste_canon_(v, w, &s1)) {
	case VSMMU_STE_BYPASS_:
		VSMMU_CNT(v, attach_bypass);
		return vsmmu_attach_or_abort_(vl, vsid, vsmmu_backend_ret_(vl,
					viommu_attach_bypass(v->vd, vsid),
					"attach_bypass", vsid));
	case VSMMU_STE_S1_:
		VSMMU_CNT(v, attach_s1);
		return vsmmu_attach_or_abort_(vl, vsid, vsmmu_backend_ret_(vl,
					viommu_attach_s1(v->vd, vsid, &s1),
					"attach_s1", vsid));
	case VSMMU_STE_BAD_:
		vsmmu_log_(v, VSMMU_LOG_GUEST, "vSID %u: ILLEGAL STE "
			   "0x%llx 0x%llx", vsid, (unsigned long long)w[0],
			   (unsigned long long)w[1]);
		if (record) {
			vsmmu_evt_sid_(&ev, SMMU_EVT_C_BAD_STE, vsid);
			vsmmu_evt_record_(vl, &ev);
		}
		return vsmmu_attach_abort_(vl, vsid);
	case VSMMU_STE_ABORT_:
	default:
		return vsmmu_attach_abort_(vl, vsid);
	}
}

void vsmmu_rescan_start_(struct vsmmu_locked vl)
{
	struct vsmmu *v = vl.v;

	v->rescan.active = true;
	v->rescan.next = 0;
	v->rescan.end = 1ull << vsmmu_sid_bits_(v);
}

/*
 * Re-derive the mapped vSIDs of [next, end), one budget unit each. The
 * framework's map is walked (viommu_vsid_next, O(log n) per step), never
 * the StreamIDs themselves: a CFGI_STE_RANGE naming 2^31 StreamIDs costs
 * work per mapped vSID in it, not per StreamID the guest named.
 */
bool vsmmu_scan_step_(struct vsmmu_locked vl, struct vsmmu_scan_ *s,
		      unsigned int *budget, bool record)
{
	struct vsmmu *v = vl.v;
	uint32_t vsid;

	while (s->active) {
		if (s->next >= s->end ||
		    viommu_vsid_next(v->vd, (uint32_t)s->next, &vsid) != 0 ||
		    vsid >= s->end) {
			s->active = false;
			break;
		}
		if (*budget == 0)
			break;
		(*budget)--;
		vsmmu_ste_apply_(vl, vsid, record);
		s->next = (uint64_t)vsid + 1u;
	}
	return !s->active;
}
