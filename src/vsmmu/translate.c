/* SPDX-License-Identifier: MIT */
/*
 * Software translation for emulated devices (a vSID the framework has no
 * physical StreamID for): the guest's STE, CD and stage-1 tables, read from
 * guest memory, with the checks and events of IHI 0070 §3, §5.4-5.5 and
 * §7.3 in the priority order of facts §6.4. The output is an IPA; the
 * hypervisor's stage 2 is the host's business.
 *
 * A small cache (struct vsmmu_tlb_ent_) holds whole translations, STE and
 * CD included; it is invalidated by the same CFGI_* and TLBI_* commands
 * that invalidate the hardware's caches, and completely by any change of
 * SMMUEN or GBPA. Invalidation is conservative: an entry is dropped when it
 * might be covered.
 *
 * Not emulated: stalls (a software walk terminates; with cfg.stall a CD
 * with S = 1 records its faults with Stall = 0), hardware access-flag/dirty
 * updates (CD.HA/HD ignored: AF = 0
 * faults unless AFFD), AArch32 tables (IDR0.TTF says AArch64 only). A
 * terminated transaction is reported as -VSMMU_ERR_FAULT whatever CD.A
 * says; the emulated device model decides what the device sees.
 */
#include "vsmmu/env.h"
#include "vsmmu/vsmmu.h"
#include "internal.h"

/* ---- Cache ------------------------------------------------------------- */

void vsmmu_tlb_inv_all_(struct vsmmu *v)
{
	unsigned int i;

	for (i = 0; v->tlb_live && i < v->ntlb; i++)
		v->tlb[i].valid = false;
	v->tlb_live = 0;
}

/* Drop one entry, keeping the count of valid ones. */
static void vsmmu_tlb_drop_(struct vsmmu *v, struct vsmmu_tlb_ent_ *e)
{
	if (e->valid) {
		e->valid = false;
		v->tlb_live--;
	}
}

void vsmmu_tlb_inv_sid_(struct vsmmu *v, uint32_t vsid)
{
	unsigned int i;

	for (i = 0; v->tlb_live && i < v->ntlb; i++)
		if (v->tlb[i].vsid == vsid)
			vsmmu_tlb_drop_(v, &v->tlb[i]);
}

/* The address range a TLBI_NH_VA/VAA covers (facts §5.4); len 0 = all. */
static void vsmmu_tlbi_range_(const struct smmu_cmd *c, uint64_t *lo,
			      uint64_t *len)
{
	unsigned int gshift, scale;

	*lo = c->addr;
	if (c->tg == SMMU_CMD_TG_ANY) {
		*len = 1;
		return;
	}
	gshift = 12u + 2u * (c->tg - 1u);
	scale = VSMMU_MIN((unsigned int)c->scale, 39u);
	if (scale + gshift >= 58u) {
		*len = 0;
		return;
	}
	*len = ((uint64_t)c->num + 1u) << (scale + gshift);
}

void vsmmu_tlb_inv_cmd_(struct vsmmu *v, const struct smmu_cmd *c)
{
	uint64_t lo = 0, len = 0;
	unsigned int i;

	if (!v->tlb_live)
		return;
	if (c->op == SMMU_CMD_TLBI_NH_VA || c->op == SMMU_CMD_TLBI_NH_VAA)
		vsmmu_tlbi_range_(c, &lo, &len);
	for (i = 0; v->tlb_live && i < v->ntlb; i++) {
		struct vsmmu_tlb_ent_ *e = &v->tlb[i];
		uint64_t e_last, last;

		if (!e->valid || e->bypass)
			continue;
		switch (c->op) {
		case SMMU_CMD_TLBI_NH_ASID:
			if (e->asid != c->asid)
				continue;
			break;
		case SMMU_CMD_TLBI_NH_VA:
		case SMMU_CMD_TLBI_NH_VAA:
			/*
			 * Global entries are not told apart from ASID ones,
			 * so NH_VA drops the range for every ASID.
			 */
			if (len == 0)
				break;
			/*
			 * Inclusive ends: an entry or a range at the top of
			 * the address space must not wrap to 0 and escape.
			 */
			e_last = e->in_base + ((1ull << e->size_log2) - 1u);
			if (vsmmu_add_overflow(lo, len - 1u, &last))
				last = ~0ull;
			if (lo > e_last || last < e->in_base)
				continue;
			break;
		default:	/* NH_ALL, NSNH_ALL */
			break;
		}
		vsmmu_tlb_drop_(v, e);
	}
}

static struct vsmmu_tlb_ent_ *vsmmu_tlb_find_(struct vsmmu *v, uint32_t vsid,
					      uint32_t ssid, bool ssv,
					      uint64_t iova)
{
	unsigned int i;

	for (i = 0; i < v->ntlb; i++) {
		struct vsmmu_tlb_ent_ *e = &v->tlb[i];

		if (e->valid && e->vsid == vsid && e->ssv == ssv &&
		    (!ssv || e->ssid == ssid) &&
		    (iova >> e->size_log2) == (e->in_base >> e->size_log2))
			return e;
	}
	return NULL;
}

static void vsmmu_tlb_fill_(struct vsmmu *v, const struct vsmmu_tlb_ent_ *n)
{
	if (!v->tlb[v->tlb_next].valid && n->valid)
		v->tlb_live++;
	v->tlb[v->tlb_next] = *n;
	v->tlb_next = (v->tlb_next + 1u) % v->ntlb;
}

/* ---- Walk -------------------------------------------------------------- */

static int vsmmu_pgt_read_(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	struct vsmmu *v = ctx;

	return v->host->gpa_read(v->hctx, pa.v, buf, len) ? -VSMMU_ERR_GMEM :
								0;
}

struct vsmmu_xreq_ {
	uint32_t vsid, ssid;
	bool ssv;
	uint64_t iova;
	struct pgt_access acc;
};

static void vsmmu_xevt_(struct smmu_evt *e, const struct vsmmu_xreq_ *q,
			uint8_t id)
{
	vsmmu_memset(e, 0, sizeof(*e));
	e->id = id;
	e->sid = q->vsid;
	e->ssv = q->ssv;
	e->ssid = q->ssv ? q->ssid : 0;
}

static int vsmmu_fault_(struct vsmmu_locked vl, const struct vsmmu_xreq_ *q,
			uint8_t id, uint64_t fetch_addr)
{
	struct smmu_evt e;

	vsmmu_xevt_(&e, q, id);
	if (id == SMMU_EVT_C_BAD_SUBSTREAMID)
		e.ssv = false;	/* carries the SSID without SSV (§6.3) */
	e.fetch_addr = fetch_addr & SMMU_EVT3_FETCHADDR;
	if (id == SMMU_EVT_F_STREAM_DISABLED) {
		e.ssv = false;
		e.ssid = 0;
	}
	VSMMU_CNT(vl.v, xlate_faults);
	vsmmu_evt_record_(vl, &e);
	return -VSMMU_ERR_FAULT;
}

/* Fetch the CD for q->ssid (or CD 0) under a canonical STE (facts §4.1). */
static int vsmmu_cd_fetch_(struct vsmmu_locked vl, const struct vsmmu_xreq_ *q,
			   const struct psmmu_s1_cfg *s1, uint32_t ssid,
			   uint64_t cd[SMMU_CD_DWORDS])
{
	uint64_t base = s1->s1ctxptr, addr, off;

	if (s1->s1cdmax && s1->s1fmt != SMMU_STE_S1FMT_LINEAR) {
		unsigned int l2bits = s1->s1fmt == SMMU_STE_S1FMT_4K_L2 ? 6u :
									   10u;
		struct smmu_l1cd d;
		uint64_t l1;

		off = (uint64_t)(ssid >> l2bits) * SMMU_L1CD_BYTES;
		if (vsmmu_add_overflow(base, off, &addr) ||
		    vsmmu_read_words_(vl, addr, &l1, 1) != 0)
			return vsmmu_fault_(vl, q, SMMU_EVT_F_CD_FETCH, addr);
		smmu_l1cd_decode(l1, &d);
		if (!d.v)
			return vsmmu_fault_(vl, q, SMMU_EVT_C_BAD_SUBSTREAMID,
					    0);
		base = d.l2ptr;
		ssid &= (1u << l2bits) - 1u;
	}
	off = (uint64_t)ssid * SMMU_CD_BYTES;
	if (vsmmu_add_overflow(base, off, &addr) ||
	    vsmmu_read_words_(vl, addr, cd, SMMU_CD_DWORDS) != 0)
		return vsmmu_fault_(vl, q, SMMU_EVT_F_CD_FETCH, addr);
	return 0;
}

static bool vsmmu_tg0_(unsigned int tg, enum pgt_granule *g)
{
	switch (tg) {
	case SMMU_CD_TG0_4K: *g = PGT_GRAN_4K; return true;
	case SMMU_CD_TG0_16K: *g = PGT_GRAN_16K; return true;
	case SMMU_CD_TG0_64K: *g = PGT_GRAN_64K; return true;
	default: return false;
	}
}

static bool vsmmu_tg1_(unsigned int tg, enum pgt_granule *g)
{
	switch (tg) {
	case SMMU_CD_TG1_4K: *g = PGT_GRAN_4K; return true;
	case SMMU_CD_TG1_16K: *g = PGT_GRAN_16K; return true;
	case SMMU_CD_TG1_64K: *g = PGT_GRAN_64K; return true;
	default: return false;
	}
}

static bool vsmmu_gran_ok_(const struct vsmmu *v, enum pgt_granule g)
{
	uint32_t bit = g == PGT_GRAN_4K ? SMMU_IDR5_GRAN4K :
		       g == PGT_GRAN_16K ? SMMU_IDR5_GRAN16K :
					   SMMU_IDR5_GRAN64K;

	return (v->idr[5] & bit) != 0;
}

/*
 * A CD's stage-1 configuration, or false when the CD is ILLEGAL (C_BAD_CD,
 * facts §4.4).
 */
static bool vsmmu_cd_cfg_(const struct vsmmu *v, const struct smmu_cd *cd,
			  bool s1stalld, struct pgt_s1_cfg *c)
{
	unsigned int oas = smmu_oas_bits((unsigned int)smmu_field_get(
		SMMU_IDR5_OAS, v->idr[5]));
	unsigned int ips = smmu_oas_bits(cd->ips);

	vsmmu_memset(c, 0, sizeof(*c));
	unsigned int stall = (unsigned int)smmu_field_get(
		SMMU_IDR0_STALL_MODEL, v->idr[0]);

	if (!cd->v || !cd->aa64)
		return false;
	/* CD.S against the stall model (facts §4.4). */
	if ((cd->s && stall == SMMU_IDR0_STALL_MODEL_NOSTALL) ||
	    (!cd->s && stall == SMMU_IDR0_STALL_MODEL_FORCE) ||
	    (cd->s && s1stalld))
		return false;
	if (cd->endi)		/* IDR0.TTENDIAN: little-endian only */
		return false;
	if (!(v->idr[0] & SMMU_IDR0_ASID16) && (cd->asid >> 8))
		return false;
	if (!cd->a && (v->idr[0] & SMMU_IDR0_TERM_MODEL))
		return false;
	c->tt[0].epd = cd->epd0;
	c->tt[1].epd = cd->epd1;
	if (!cd->epd0 && (!vsmmu_tg0_(cd->tg0, &c->tt[0].granule) ||
			  !vsmmu_gran_ok_(v, c->tt[0].granule)))
		return false;
	if (!cd->epd1 && (!vsmmu_tg1_(cd->tg1, &c->tt[1].granule) ||
			  !vsmmu_gran_ok_(v, c->tt[1].granule)))
		return false;
	if (cd->epd0)
		c->tt[0].granule = PGT_GRAN_4K;
	if (cd->epd1)
		c->tt[1].granule = PGT_GRAN_4K;
	c->tt[0].ttb = cd->ttb0;
	c->tt[0].tsz = cd->t0sz;
	c->tt[0].tbi = cd->tbi0;
	c->tt[0].had = cd->had0 && (v->idr[3] & SMMU_IDR3_HAD);
	c->tt[1].ttb = cd->ttb1;
	c->tt[1].tsz = cd->t1sz;
	c->tt[1].tbi = cd->tbi1;
	c->tt[1].had = cd->had1 && (v->idr[3] & SMMU_IDR3_HAD);
	/* IPS is capped to OAS (facts §4.2). */
	c->ips = (uint8_t)(ips && ips < oas ? ips : oas);
	c->affd = cd->affd;
	c->wxn = cd->wxn;
	c->pan = cd->pan;
	c->ds = cd->ds;
	if (v->idr[3] & SMMU_IDR3_STT)
		c->tsz_max = 48;
	return pgt_s1_cfg_check(c) == 0;
}

static int vsmmu_walk_fault_(struct vsmmu_locked vl,
			     const struct vsmmu_xreq_ *q,
			     const struct smmu_cd *cd,
			     const struct pgt_result *r)
{
	static const uint8_t ids[] = {
		[PGT_FAULT_TRANSLATION] = SMMU_EVT_F_TRANSLATION,
		[PGT_FAULT_ADDR_SIZE] = SMMU_EVT_F_ADDR_SIZE,
		[PGT_FAULT_ACCESS] = SMMU_EVT_F_ACCESS,
		[PGT_FAULT_PERMISSION] = SMMU_EVT_F_PERMISSION,
		[PGT_FAULT_WALK_EABT] = SMMU_EVT_F_WALK_EABT,
	};
	const struct pgt_fault *f = &r->fault;
	struct smmu_evt e;
	uint8_t id;

	VSMMU_CNT(vl.v, xlate_faults);
	if ((unsigned int)f->type >= VSMMU_ARRAY_SIZE(ids) ||
	    !ids[f->type])
		return -VSMMU_ERR_FAULT;
	id = ids[f->type];
	/*
	 * Only translation faults obey CD.R; CD.S = 1 records too (facts
	 * §6.1, §4.4 ARS). A software walk never stalls: the record says
	 * Stall = 0 and the transaction is terminated.
	 */
	if (smmu_evt_is_translation_fault(id) && !cd->r && !cd->s)
		return -VSMMU_ERR_FAULT;
	vsmmu_xevt_(&e, q, id);
	e.pnu = q->acc.priv;
	e.ind = q->acc.type == PGT_ACC_EXEC;
	e.rnw = q->acc.type != PGT_ACC_WRITE;
	e.class_ = (uint8_t)f->cls;
	e.input_addr = q->iova;
	if (id == SMMU_EVT_F_WALK_EABT)
		e.fetch_addr = f->fetch_pa.v & SMMU_EVT3_FETCHADDR;
	vsmmu_evt_record_(vl, &e);
	return -VSMMU_ERR_FAULT;
}

static int vsmmu_translate_locked_(struct vsmmu_locked vl,
				   const struct vsmmu_xreq_ *q,
				   struct vsmmu_xlate *out)
{
	struct vsmmu *v = vl.v;
	struct vsmmu_tlb_ent_ *hit, n;
	uint64_t w[SMMU_STE_DWORDS], cdw[SMMU_CD_DWORDS];
	const struct pgt_mem mem = { vsmmu_pgt_read_, NULL, v };
	struct psmmu_s1_cfg s1;
	struct pgt_s1_cfg c;
	struct pgt_result r;
	struct smmu_evt ev;
	struct smmu_cd cd;
	uint32_t ssid;
	int ret;

	if (!(v->cr0 & SMMU_CR0_SMMUEN)) {
		/* GBPA: abort without an event, or bypass (facts §2.10). */
		if (v->gbpa & SMMU_GBPA_ABORT)
			return -VSMMU_ERR_FAULT;
		out->ipa = q->iova;
		out->size_log2 = 12;
		out->perm = PGT_PERM_ALL;
		out->bypass = true;
		return 0;
	}
	hit = vsmmu_tlb_find_(v, q->vsid, q->ssid, q->ssv, q->iova);
	if (hit && (hit->bypass || pgt_perm_allows(hit->perm, q->acc))) {
		VSMMU_CNT(v, tlb_hits);
		out->ipa = hit->out_base |
			   (q->iova & ((1ull << hit->size_log2) - 1u));
		out->size_log2 = hit->size_log2;
		out->perm = hit->perm;
		out->bypass = hit->bypass;
		return 0;
	}
	VSMMU_CNT(v, tlb_misses);

	if (vsmmu_ste_fetch_(vl, q->vsid, w, &ev) != 0) {
		VSMMU_CNT(v, xlate_faults);
		if (ev.id != SMMU_EVT_C_BAD_STREAMID ||
		    (v->cr2 & SMMU_CR2_RECINVSID))
			vsmmu_evt_record_(vl, &ev);
		return -VSMMU_ERR_FAULT;
	}
	vsmmu_memset(&n, 0, sizeof(n));
	n.valid = true;
	n.vsid = q->vsid;
	n.ssv = q->ssv;
	n.ssid = q->ssid;
	switch (vsmmu_ste_canon_(v, w, &s1)) {
	case VSMMU_STE_ABORT_:
		/* V = 0 records C_BAD_STE; Config abort/reserved does not. */
		if (!(w[0] & SMMU_STE0_V))
			return vsmmu_fault_(vl, q, SMMU_EVT_C_BAD_STE, 0);
		VSMMU_CNT(v, xlate_faults);
		return -VSMMU_ERR_FAULT;
	case VSMMU_STE_BAD_:
		return vsmmu_fault_(vl, q, SMMU_EVT_C_BAD_STE, 0);
	case VSMMU_STE_BYPASS_:
		if (q->ssv)	/* SSID with stage 1 off (facts §6.1) */
			return vsmmu_fault_(vl, q, SMMU_EVT_C_BAD_SUBSTREAMID,
					    0);
		goto bypass;
	case VSMMU_STE_S1_:
	default:
		break;
	}
	/* Substreams (facts §3.3-3.4, §4.4). */
	if (q->ssv) {
		if (!s1.s1cdmax || q->ssid >= (1u << s1.s1cdmax))
			return vsmmu_fault_(vl, q, SMMU_EVT_C_BAD_SUBSTREAMID,
					    0);
		ssid = q->ssid;
	} else if (s1.s1cdmax) {
		if (s1.s1dss == SMMU_STE_S1DSS_BYPASS)
			goto bypass;
		if (s1.s1dss != SMMU_STE_S1DSS_SSID0)
			return vsmmu_fault_(vl, q, SMMU_EVT_F_STREAM_DISABLED,
					    0);
		ssid = 0;
	} else {
		ssid = 0;
	}
	if (q->ssv && q->ssid == 0 && s1.s1dss == SMMU_STE_S1DSS_SSID0)
		return vsmmu_fault_(vl, q, SMMU_EVT_F_STREAM_DISABLED, 0);
	ret = vsmmu_cd_fetch_(vl, q, &s1, ssid, cdw);
	if (ret)
		return ret;
	(void)smmu_cd_decode(cdw, &cd);
	if (!vsmmu_cd_cfg_(v, &cd, s1.s1stalld, &c))
		return vsmmu_fault_(vl, q, SMMU_EVT_C_BAD_CD, 0);
	ret = pgt_walk_s1(&c, &mem, smmu_va(q->iova), q->acc, &r);
	if (ret == -VSMMU_ERR_FAULT)
		return vsmmu_walk_fault_(vl, q, &cd, &r);
	if (ret == -VSMMU_ERR_NOTSUPP || ret == -VSMMU_ERR_INVAL)
		return vsmmu_fault_(vl, q, SMMU_EVT_C_BAD_CD, 0);
	if (ret)
		return ret;
	n.asid = cd.asid;
	n.size_log2 = r.size_log2;
	n.perm = r.perm;
	n.in_base = pgt_result_in_base(&r);
	n.out_base = pgt_result_out_base(&r);
	vsmmu_tlb_fill_(v, &n);
	out->ipa = r.out;
	out->size_log2 = r.size_log2;
	out->perm = r.perm;
	out->bypass = false;
	return 0;

bypass:
	n.bypass = true;
	n.size_log2 = 12;
	n.perm = PGT_PERM_ALL;
	n.in_base = q->iova & ~0xfffull;
	n.out_base = n.in_base;
	vsmmu_tlb_fill_(v, &n);
	out->ipa = q->iova;
	out->size_log2 = 12;
	out->perm = PGT_PERM_ALL;
	out->bypass = true;
	return 0;
}

int vsmmu_translate(struct vsmmu *v, uint32_t vsid, uint32_t ssid,
		    uint64_t iova, struct pgt_access acc,
		    struct vsmmu_xlate *out)
{
	struct vsmmu_xreq_ q;
	struct vsmmu_locked vl;
	int ret;

	if (!v || !out)
		return -VSMMU_ERR_INVAL;
	vsmmu_memset(out, 0, sizeof(*out));
	if (vsmmu_sid_bits_(v) < 32 && vsid >= (1ull << vsmmu_sid_bits_(v)))
		return -VSMMU_ERR_RANGE;
	q.vsid = vsid;
	q.ssv = ssid != VSMMU_SSID_NONE;
	q.ssid = q.ssv ? ssid : 0;
	q.iova = iova;
	q.acc = acc;
	vl = vsmmu_lock_(v);
	ret = vsmmu_translate_locked_(vl, &q, out);
	vsmmu_unlock_(vl);
	return ret;
}
