// SPDX-License-Identifier: MIT
/*
 * src/model/strtab.c - stream table and context descriptor fetch and
 * validation (IHI 0070 §3.3-3.4, §5; facts §3, §4, §6.4).
 *
 * smmu_model_cfg_fetch_ turns (SID, SSID) into a configuration, or into the
 * configuration event the architecture asks for, in the priority order of
 * facts §6.4: C_BAD_STREAMID, F_STE_FETCH, C_BAD_STE, C_BAD_SUBSTREAMID,
 * F_STREAM_DISABLED, stage-2 faults on the CD address (CLASS = CD),
 * F_CD_FETCH, C_BAD_CD. Each STE or CD is read once, into local words, and
 * checked there: later changes in memory cannot change what was checked.
 */
#include "vsmmu/env.h"
#include "vsmmu/model.h"
#include "internal.h"

static bool has0_(const struct smmu_model *m, uint64_t bit)
{
	return (m->cfg.idr[0] & bit) != 0;
}

static int smmu_model_cfg_evt_(struct smmu_model_fault_ *f, uint8_t id,
			       bool record)
{
	f->evt.id = id;
	f->record = record;
	f->razwi = false;
	return -VSMMU_ERR_FAULT;
}

static int smmu_model_fetch_evt_(struct smmu_model_fault_ *f, uint8_t id,
				 uint64_t pa)
{
	f->evt.fetch_addr = pa & SMMU_EVT3_FETCHADDR;
	return smmu_model_cfg_evt_(f, id, true);
}

static int smmu_model_read_words_(struct smmu_model *m, uint64_t pa,
				  uint64_t *w, unsigned int n)
{
	unsigned int i;
	int err;

	err = m->ops.mem_read(m->ops.ctx, smmu_pa(pa), w, (size_t)n * 8u);
	if (err)
		return err;
	for (i = 0; i < n; i++)
		w[i] = vsmmu_le64_to_cpu(w[i]);
	return 0;
}

/* Low n bits clear; n may reach 64. */
static uint64_t smmu_model_align_(uint64_t a, unsigned int n)
{
	return n >= 64 ? 0 : a & ~((1ull << n) - 1);
}

/* ---- Stream table (facts §3.1-3.2) -------------------------------------- */

static int smmu_model_ste_fetch_(struct smmu_model *m, uint32_t sid,
				 uint64_t ste[SMMU_STE_DWORDS],
				 struct smmu_model_fault_ *f)
{
	unsigned int log2size, eff, split, span;
	uint64_t base, pa, l1, l2ptr, low;
	bool rec = (m->cr2 & SMMU_CR2_RECINVSID) != 0;

	log2size = (unsigned int)smmu_field_get(SMMU_STRTAB_BASE_CFG_LOG2SIZE,
						m->strtab_cfg);
	eff = VSMMU_MIN(log2size, smmu_model_idr_(m, 1, SMMU_IDR1_SIDSIZE));
	if (eff < 32 && (sid >> eff))
		return smmu_model_cfg_evt_(f, SMMU_EVT_C_BAD_STREAMID, rec);
	base = m->strtab_base & SMMU_STRTAB_BASE_ADDR;

	if (smmu_model_idr_(m, 0, SMMU_IDR0_ST_LEVEL) !=
		    SMMU_IDR0_ST_LEVEL_2LVL ||
	    smmu_field_get(SMMU_STRTAB_BASE_CFG_FMT, m->strtab_cfg) !=
		    SMMU_STRTAB_FMT_2LVL) {
		/* Linear: aligned to its literal size (facts §3.1). */
		base = smmu_model_align_(base, log2size + 6);
		if (vsmmu_add_overflow(base, (uint64_t)sid * SMMU_STE_BYTES,
				       &pa))
			return smmu_model_fetch_evt_(f, SMMU_EVT_F_STE_FETCH,
						     base);
	} else {
		split = (unsigned int)smmu_field_get(SMMU_STRTAB_BASE_CFG_SPLIT,
						     m->strtab_cfg);
		if (split != 6 && split != 8 && split != 10)
			split = 6;	/* others behave as 6 (facts §2.14) */
		/* L1 table aligned to MAX(64 bytes, its size). */
		base = smmu_model_align_(base,
			log2size > split ?
				VSMMU_MAX(6u, log2size - split + 3) : 6u);
		pa = base + (uint64_t)(split < 32 ? sid >> split : 0) *
			    SMMU_L1STD_BYTES;
		m->cnt.ste_fetches++;
		if (smmu_model_read_words_(m, pa, &l1, 1))
			return smmu_model_fetch_evt_(f, SMMU_EVT_F_STE_FETCH,
						     pa);
		span = (unsigned int)smmu_field_get(SMMU_L1STD_SPAN, l1);
		low = sid & ((1ull << split) - 1);
		/* Span 0, reserved, beyond SPLIT + 1, or SID beyond it. */
		if (span == 0 || span > 11 || span > split + 1 ||
		    (low >> (span - 1)))
			return smmu_model_cfg_evt_(f, SMMU_EVT_C_BAD_STREAMID,
						   rec);
		l2ptr = smmu_model_align_(l1 & SMMU_L1STD_L2PTR, span + 5);
		pa = l2ptr + low * SMMU_STE_BYTES;
	}
	m->cnt.ste_fetches++;
	if (smmu_model_read_words_(m, pa, ste, SMMU_STE_DWORDS))
		return smmu_model_fetch_evt_(f, SMMU_EVT_F_STE_FETCH, pa);
	return 0;
}

/* IAS (facts §3.8 note): OAS for AArch64 tables, at least 40 with AArch32. */
unsigned int smmu_model_ias_(const struct smmu_model *m)
{
	unsigned int ias = m->oas_bits;

	if ((smmu_model_idr_(m, 0, SMMU_IDR0_TTF) & SMMU_IDR0_TTF_AA32) &&
	    ias < 40)
		ias = 40;
	return ias;
}

static bool smmu_model_gran_ok_(const struct smmu_model *m,
				enum pgt_granule g)
{
	uint32_t i5 = m->cfg.idr[5];

	switch (g) {
	case PGT_GRAN_4K: return (i5 & SMMU_IDR5_GRAN4K) != 0;
	case PGT_GRAN_16K: return (i5 & SMMU_IDR5_GRAN16K) != 0;
	case PGT_GRAN_64K: return (i5 & SMMU_IDR5_GRAN64K) != 0;
	}
	return false;
}

/*
 * S2T0SZ limits (facts §3.8, §7.5): at most 39, or 48 (4K/16K) / 47 (64K)
 * with IDR3.STT; at least MAX(16, 64 - IAS). (A CD's TxSZ bounds a VA and
 * has no IAS term: see smmu_model_cd_parse_.)
 */
static void smmu_model_tsz_limits_(const struct smmu_model *m,
				   enum pgt_granule g, uint8_t *lo, uint8_t *hi)
{
	unsigned int ias = smmu_model_ias_(m);

	*hi = 39;
	if (m->cfg.idr[3] & SMMU_IDR3_STT)
		*hi = g == PGT_GRAN_64K ? 47 : 48;
	*lo = (uint8_t)VSMMU_MAX(16u, 64u - VSMMU_MIN(ias, 48u));
}

/* STE validity for stage 2 (facts §3.8) and the walker's configuration. */
static bool smmu_model_ste_s2_(struct smmu_model *m, const uint64_t *w,
			       struct smmu_model_cfg_ *c)
{
	uint64_t w2 = w[2], w3 = w[3];
	unsigned int tg = (unsigned int)smmu_field_get(SMMU_STE2_S2TG, w2);
	unsigned int ps = (unsigned int)smmu_field_get(SMMU_STE2_S2PS, w2);
	struct pgt_s2_cfg *s = &c->s2c;

	switch (tg) {
	case SMMU_STE_S2TG_4K: s->granule = PGT_GRAN_4K; break;
	case SMMU_STE_S2TG_64K: s->granule = PGT_GRAN_64K; break;
	case SMMU_STE_S2TG_16K: s->granule = PGT_GRAN_16K; break;
	default: return false;
	}
	if (!smmu_model_gran_ok_(m, s->granule))
		return false;
	/* AArch64 little-endian tables only (TTF, TTENDIAN). */
	if (!(w2 & SMMU_STE2_S2AA64) || (w2 & SMMU_STE2_S2ENDI))
		return false;
	/* No HTTU: S2HA/S2HD illegal; no stall: S2S illegal. */
	if (w2 & (SMMU_STE2_S2HA | SMMU_STE2_S2HD | SMMU_STE2_S2S))
		return false;
	if ((w3 & (SMMU_STE3_S2DS | SMMU_STE3_S2SL0_2)))
		return false;
	s->vttb = smmu_pa(w3 & SMMU_STE3_S2TTB);
	s->tsz = (uint8_t)smmu_field_get(SMMU_STE2_S2T0SZ, w2);
	s->sl0 = (uint8_t)smmu_field_get(SMMU_STE2_S2SL0, w2);
	s->ps = (uint8_t)VSMMU_MIN(smmu_model_oas_bits_(ps), m->oas_bits);
	s->affd = (w2 & SMMU_STE2_S2AFFD) != 0;
	s->xnx = (m->cfg.idr[3] & SMMU_IDR3_XNX) != 0;
	s->ds = false;
	smmu_model_tsz_limits_(m, s->granule, &s->tsz_min, &s->tsz_max);
	if (pgt_s2_cfg_check(s))
		return false;
	c->s2r = (w2 & SMMU_STE2_S2R) != 0;
	return true;
}

/* ---- Context descriptors (facts §4) ------------------------------------ */

/*
 * Read an address the STE or an L1CD gives: an IPA through stage 2 when
 * stage 2 is on (facts §4.4), reported with CLASS = CD.
 */
static int smmu_model_cd_read_(struct smmu_model *m,
			       const struct smmu_model_cfg_ *c, uint64_t addr,
			       uint64_t *w, unsigned int n,
			       struct smmu_model_fault_ *f)
{
	uint64_t pa = addr;

	if (c->s2) {
		struct pgt_access acc = { PGT_ACC_READ, true };
		struct pgt_result r;
		int err;

		m->cnt.walks++;
		err = pgt_walk_s2(&c->s2c, &m->pmem, smmu_ipa(addr), acc, &r);
		m->cnt.walk_reads += r.reads;
		if (err == -VSMMU_ERR_FAULT) {
			static const uint8_t ids[] = {
				[PGT_FAULT_TRANSLATION] = SMMU_EVT_F_TRANSLATION,
				[PGT_FAULT_ADDR_SIZE] = SMMU_EVT_F_ADDR_SIZE,
				[PGT_FAULT_ACCESS] = SMMU_EVT_F_ACCESS,
				[PGT_FAULT_PERMISSION] = SMMU_EVT_F_PERMISSION,
				[PGT_FAULT_WALK_EABT] = SMMU_EVT_F_WALK_EABT,
			};
			uint8_t id = (unsigned int)r.fault.type <
					     VSMMU_ARRAY_SIZE(ids) ?
				     ids[r.fault.type] : SMMU_EVT_F_TRANSLATION;

			f->evt.s2 = true;
			f->evt.class_ = SMMU_EVT_CLASS_CD;
			f->evt.ipa = addr & SMMU_EVT3_IPA;
			if (id == SMMU_EVT_F_WALK_EABT)
				f->evt.fetch_addr = r.fault.fetch_pa.v &
						    SMMU_EVT3_FETCHADDR;
			/* Translation faults obey STE.S2R; stage 2
			 * always aborts (facts §4.4). */
			return smmu_model_cfg_evt_(
				f, id, id == SMMU_EVT_F_WALK_EABT || c->s2r);
		}
		if (err)
			return smmu_model_cfg_evt_(f, SMMU_EVT_C_BAD_STE, true);
		pa = r.out;
	}
	m->cnt.cd_fetches++;
	if (smmu_model_read_words_(m, pa, w, n))
		return smmu_model_fetch_evt_(f, SMMU_EVT_F_CD_FETCH, pa);
	return 0;
}

static bool smmu_model_cd_tt_(const struct smmu_model *m, struct pgt_s1_tt *t,
			      unsigned int tg, bool tg1, uint8_t tsz,
			      uint64_t ttb, bool epd, bool tbi, bool had)
{
	t->ttb = ttb;
	t->tsz = tsz;
	t->epd = epd;
	t->tbi = tbi;
	t->had = had;
	if (!tg1)
		t->granule = tg == SMMU_CD_TG0_4K ? PGT_GRAN_4K :
			     tg == SMMU_CD_TG0_64K ? PGT_GRAN_64K :
			     tg == SMMU_CD_TG0_16K ? PGT_GRAN_16K : 0;
	else
		t->granule = tg == SMMU_CD_TG1_4K ? PGT_GRAN_4K :
			     tg == SMMU_CD_TG1_64K ? PGT_GRAN_64K :
			     tg == SMMU_CD_TG1_16K ? PGT_GRAN_16K : 0;
	/* A range that is not walked needs no valid granule. */
	if (epd) {
		if (!t->granule)
			t->granule = PGT_GRAN_4K;
		return true;
	}
	return t->granule && smmu_model_gran_ok_(m, t->granule);
}

/* CD validity (facts §4.4) and the walker's configuration. */
static bool smmu_model_cd_parse_(struct smmu_model *m, const uint64_t *w,
				 struct smmu_model_cfg_ *c)
{
	uint64_t w0 = w[0];
	struct pgt_s1_cfg *s = &c->s1c;
	unsigned int ips;
	bool el2only;

	if (!(w0 & SMMU_CD0_V))
		return false;
	if (!(w0 & SMMU_CD0_AA64) || (w0 & SMMU_CD0_ENDI))
		return false;
	if (w0 & (SMMU_CD0_HA | SMMU_CD0_HD))	/* no HTTU */
		return false;
	/* CD.S needs stall support (STALL_MODEL = 01 here); this also
	 * covers S = 1 under STE.S1STALLD. */
	if (w0 & SMMU_CD0_S)
		return false;
	if (!(w0 & SMMU_CD0_A) && (m->cfg.idr[0] & SMMU_IDR0_TERM_MODEL))
		return false;
	/*
	 * An EL2 (E2H = 0) StreamWorld has no ASIDs and one VA range: ASID
	 * is IGNORED, EPD0/EPD1 too (effective 0), and there is no TTB1
	 * (IHI 0070 §5.4 ASID, EPD0, T1SZ).
	 */
	el2only = c->el2 && !c->asid_tagged;
	c->asid = (uint16_t)smmu_field_get(SMMU_CD0_ASID, w0);
	if ((c->asid >> 8) && !has0_(m, SMMU_IDR0_ASID16) && !el2only)
		return false;
	if (w[2] & SMMU_CD2_DS)
		return false;
	if (!smmu_model_cd_tt_(m, &s->tt[0],
			       (unsigned int)smmu_field_get(SMMU_CD0_TG0, w0),
			       false, (uint8_t)smmu_field_get(SMMU_CD0_T0SZ, w0),
			       w[1] & SMMU_CD1_TTB0,
			       (w0 & SMMU_CD0_EPD0) != 0 && !el2only,
			       (w0 & SMMU_CD0_TBI0) != 0,
			       (w[1] & SMMU_CD1_HAD0) != 0))
		return false;
	if (!smmu_model_cd_tt_(m, &s->tt[1],
			       (unsigned int)smmu_field_get(SMMU_CD0_TG1, w0),
			       true, (uint8_t)smmu_field_get(SMMU_CD0_T1SZ, w0),
			       w[2] & SMMU_CD2_TTB1,
			       (w0 & SMMU_CD0_EPD1) != 0 || el2only,
			       (w0 & SMMU_CD0_TBI1) != 0,
			       (w[2] & SMMU_CD2_HAD1) != 0))
		return false;
	/* Without IDR3.HAD, HAD0/HAD1 are IGNORED (IHI 0070 §5.4). */
	if (!(m->cfg.idr[3] & SMMU_IDR3_HAD)) {
		s->tt[0].had = false;
		s->tt[1].had = false;
	}
	ips = smmu_model_oas_bits_((unsigned int)smmu_field_get(SMMU_CD0_IPS,
								w0));
	s->ips = (uint8_t)VSMMU_MIN(ips, m->oas_bits);
	s->affd = (w0 & SMMU_CD0_AFFD) != 0;
	s->wxn = (w0 & SMMU_CD0_WXN) != 0;
	s->pan = (w0 & SMMU_CD0_PAN) != 0;
	s->ds = false;
	/*
	 * TxSZ bounds the VA, not the output address: at least 16 whatever
	 * the OAS, at most 39, or 48 with IDR3.STT (facts §4.2); the walker
	 * lowers the maximum to 47 for a 64K range on its own.
	 */
	s->tsz_min = 16;
	s->tsz_max = (m->cfg.idr[3] & SMMU_IDR3_STT) ? 48 : 39;
	if (pgt_s1_cfg_check(s))
		return false;
	c->cd_r = (w0 & SMMU_CD0_R) != 0;
	c->cd_a = (w0 & SMMU_CD0_A) != 0;
	return true;
}

/*
 * Fetch CD number idx through the STE's S1Fmt (facts §3.3, §4.1); cdmax is
 * the effective S1CDMax.
 */
static int smmu_model_cd_fetch_(struct smmu_model *m, const uint64_t *ste,
				unsigned int cdmax, struct smmu_model_cfg_ *c,
				uint32_t idx, uint64_t cd[SMMU_CD_DWORDS],
				struct smmu_model_fault_ *f)
{
	uint64_t ptr = ste[0] & SMMU_STE0_S1CTXPTR, l1, addr;
	unsigned int fmt = (unsigned int)smmu_field_get(SMMU_STE0_S1FMT,
							ste[0]);
	unsigned int sh;
	int err;

	/*
	 * The CD table, or the L1CD table (at least 64 bytes), is aligned to
	 * its size; S1ContextPtr bits below that are RES0 and we treat them
	 * as zero, one of the two behaviours IHI 0070 §5.2 (S1Fmt) allows,
	 * so no index reaches past the table.
	 */
	if (cdmax && (fmt == SMMU_STE_S1FMT_4K_L2 ||
		      fmt == SMMU_STE_S1FMT_64K_L2)) {
		sh = fmt == SMMU_STE_S1FMT_4K_L2 ? 6 : 10;
		ptr = smmu_model_align_(ptr, cdmax > sh ? cdmax - sh + 3 : 6);
	} else if (cdmax) {
		ptr = smmu_model_align_(ptr, cdmax + 6);
	}
	if (cdmax == 0 || fmt == SMMU_STE_S1FMT_LINEAR || fmt == 3) {
		addr = ptr + (uint64_t)idx * SMMU_CD_BYTES;
	} else {
		sh = fmt == SMMU_STE_S1FMT_4K_L2 ? 6 : 10;
		err = smmu_model_cd_read_(m, c,
					  ptr + (uint64_t)(idx >> sh) *
						SMMU_L1CD_BYTES,
					  &l1, 1, f);
		if (err)
			return err;
		if (!(l1 & SMMU_L1CD_V))
			return smmu_model_cfg_evt_(
				f, SMMU_EVT_C_BAD_SUBSTREAMID, true);
		addr = (l1 & SMMU_L1CD_L2PTR) +
		       (uint64_t)(idx & ((1u << sh) - 1)) * SMMU_CD_BYTES;
	}
	c->has_cd = true;
	c->cd_idx = idx;
	return smmu_model_cd_read_(m, c, addr, cd, SMMU_CD_DWORDS, f);
}

int smmu_model_cfg_fetch_(struct smmu_model *m, uint32_t sid, uint32_t ssid,
			  struct smmu_model_cfg_ *c,
			  struct smmu_model_fault_ *f)
{
	uint64_t ste[SMMU_STE_DWORDS], cd[SMMU_CD_DWORDS];
	unsigned int config, cdmax, dss, strw;
	bool ssv = ssid != SMMU_MODEL_NO_SSID;
	uint32_t idx = 0;
	int err;

	vsmmu_memset(c, 0, sizeof(*c));
	c->sid = sid;
	c->ssid = ssid;
	err = smmu_model_ste_fetch_(m, sid, ste, f);
	if (err)
		return err;
	if (!(ste[0] & SMMU_STE0_V))
		return smmu_model_cfg_evt_(f, SMMU_EVT_C_BAD_STE, true);
	config = (unsigned int)smmu_field_get(SMMU_STE0_CFG, ste[0]);
	/* Abort, and reserved 001-011: terminate without an event. */
	if (!(config & 4))
		return smmu_model_cfg_evt_(f, 0, false);
	c->s1 = (config & 1) != 0;
	c->s2 = (config & 2) != 0;
	if ((c->s1 && !has0_(m, SMMU_IDR0_S1P)) ||
	    (c->s2 && !has0_(m, SMMU_IDR0_S2P)))
		return smmu_model_cfg_evt_(f, SMMU_EVT_C_BAD_STE, true);

	/*
	 * The VMID tags stage-1-only NS-EL1 entries too (facts §3.5). For an
	 * EL2 StreamWorld (STRW, stage 1 alone) it is IGNORED, so its bits
	 * [15:8] are not checked there (IHI 0070 §5.2 S2VMID).
	 */
	strw = c->s1 && !c->s2 ?
	       (unsigned int)smmu_field_get(SMMU_STE1_STRW, ste[1]) :
	       SMMU_STE_STRW_NSEL1;
	if (has0_(m, SMMU_IDR0_S2P) && strw == SMMU_STE_STRW_NSEL1) {
		c->vmid = (uint16_t)smmu_field_get(SMMU_STE2_S2VMID, ste[2]);
		if ((c->vmid >> 8) && !has0_(m, SMMU_IDR0_VMID16))
			return smmu_model_cfg_evt_(f, SMMU_EVT_C_BAD_STE, true);
	}
	if (c->s2 && !smmu_model_ste_s2_(m, ste, c))
		return smmu_model_cfg_evt_(f, SMMU_EVT_C_BAD_STE, true);

	cdmax = (unsigned int)smmu_field_get(SMMU_STE0_S1CDMAX, ste[0]);
	/* Without substreams S1CDMax (so S1Fmt, S1DSS) is IGNORED: one CD
	 * (IHI 0070 §5.2 S1CDMax). */
	if (!smmu_model_idr_(m, 1, SMMU_IDR1_SSIDSIZE))
		cdmax = 0;
	dss = (unsigned int)smmu_field_get(SMMU_STE1_S1DSS, ste[1]);
	if (c->s1) {
		unsigned int fmt = (unsigned int)smmu_field_get(SMMU_STE0_S1FMT,
								ste[0]);

		if (cdmax > smmu_model_idr_(m, 1, SMMU_IDR1_SSIDSIZE))
			return smmu_model_cfg_evt_(f, SMMU_EVT_C_BAD_STE, true);
		if (cdmax && (fmt == 1 || fmt == 2) &&
		    !has0_(m, SMMU_IDR0_CD2L))
			return smmu_model_cfg_evt_(f, SMMU_EVT_C_BAD_STE, true);
		/* S1STALLD needs STALL_MODEL = 00, which we never are. */
		if (ste[1] & SMMU_STE1_S1STALLD)
			return smmu_model_cfg_evt_(f, SMMU_EVT_C_BAD_STE, true);
		c->asid_tagged = true;
		if (!c->s2) {
			if (strw & 1)
				return smmu_model_cfg_evt_(
					f, SMMU_EVT_C_BAD_STE, true);
			if (strw == SMMU_STE_STRW_EL2) {
				if (!has0_(m, SMMU_IDR0_HYP))
					return smmu_model_cfg_evt_(
						f, SMMU_EVT_C_BAD_STE, true);
				c->el2 = true;
				c->vmid = 0;
				c->asid_tagged =
					(m->cr2 & SMMU_CR2_E2H) != 0;
			}
		}
	}

	/* SubstreamIDs (facts §3.3-3.4, §4.4). */
	if (ssv && (!c->s1 || cdmax == 0 ||
		    (cdmax < 32 && (ssid >> cdmax))))
		return smmu_model_cfg_evt_(f, SMMU_EVT_C_BAD_SUBSTREAMID, true);
	if (!c->s1)
		return 0;
	if (ssv) {
		if (dss == SMMU_STE_S1DSS_SSID0 && ssid == 0)
			return smmu_model_cfg_evt_(
				f, SMMU_EVT_F_STREAM_DISABLED, true);
		idx = ssid;
	} else if (cdmax) {
		if (dss == SMMU_STE_S1DSS_BYPASS) {
			c->s1 = false;	/* stage 1 bypassed */
			return 0;
		}
		if (dss != SMMU_STE_S1DSS_SSID0)	/* 00 and reserved 11 */
			return smmu_model_cfg_evt_(
				f, SMMU_EVT_F_STREAM_DISABLED, true);
	}
	err = smmu_model_cd_fetch_(m, ste, cdmax, c, idx, cd, f);
	if (err)
		return err;
	if (!smmu_model_cd_parse_(m, cd, c))
		return smmu_model_cfg_evt_(f, SMMU_EVT_C_BAD_CD, true);
	if (c->el2 && !c->asid_tagged)
		c->asid = 0;
	return 0;
}
