// SPDX-License-Identifier: MIT
/*
 * Stream table, STEs and CDs.
 *
 * STE updates are hitless: the SMMU may read the eight dwords of an STE in
 * any order (facts §8.7), so an update is split into rounds, each followed
 * by CFGI_STE + CMD_SYNC, such that at every sync the live entry means
 * either the old or the new configuration over the bits each one uses:
 *  1. write the dwords (or bits) the old configuration does not use;
 *  2. if one dword is still "critical" (its used bits differ), write it;
 *     if several are, first make the STE invalid (V = 0) instead;
 *  3. write whatever is left.
 * Installing a stage-1 STE over an abort STE is thus two rounds (dw1.. then
 * dw0); a change that touches two critical dwords takes three.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static unsigned int gsmmu_ste_index_bits(const struct gsmmu *s)
{
	return (s->feat & GSMMU_FEAT_2LVL_STRTAB) ? GSMMU_STRTAB_SPLIT
						  : s->strtab_log2;
}

void gsmmu_ste_abort_(uint64_t ste[8])
{
	memset(ste, 0, 8 * sizeof(uint64_t));
	ste[0] = SMMU_STE0_V |
		 smmu_field_prep(SMMU_STE0_CFG, SMMU_STE_CFG_ABORT);
}

void gsmmu_ste_bypass_(uint64_t ste[8])
{
	memset(ste, 0, 8 * sizeof(uint64_t));
	ste[0] = SMMU_STE0_V |
		 smmu_field_prep(SMMU_STE0_CFG, SMMU_STE_CFG_BYPASS);
	ste[1] = smmu_field_prep(SMMU_STE1_SHCFG, SMMU_STE_SHCFG_INCOMING);
}

static void gsmmu_ste_default(const struct gsmmu *s, uint64_t ste[8])
{
	if (s->cfg.bypass_default)
		gsmmu_ste_bypass_(ste);
	else
		gsmmu_ste_abort_(ste);
}

/* Fill n STEs at addr with the default entry. */
static int gsmmu_ste_fill(struct gsmmu *s, uint64_t addr, uint64_t n)
{
	uint64_t ste[8], i;
	unsigned int j;

	gsmmu_ste_default(s, ste);
	for (i = 0; i < n; i++)
		for (j = 0; j < 8; j++)
			if (ste[j] &&
			    gsmmu_mem_wr64_(s, addr + i * 64 + j * 8, ste[j]))
				return -VSMMU_ERR_GMEM;
	return 0;
}

int gsmmu_strtab_init_(struct gsmmu *s)
{
	int ret;

	if (s->feat & GSMMU_FEAT_2LVL_STRTAB) {
		unsigned int l1_log2 = VSMMU_MIN(
			GSMMU_L1_MAX_LOG2, s->sid_bits - GSMMU_STRTAB_SPLIT);

		s->strtab_log2 = l1_log2 + GSMMU_STRTAB_SPLIT;
		s->nl1 = 1u << l1_log2;
		s->strtab_bytes = (size_t)s->nl1 * SMMU_L1STD_BYTES;
		if (s->strtab_bytes < 64)
			s->strtab_bytes = 64;
		s->l2 = calloc(s->nl1, sizeof(*s->l2));
		if (!s->l2)
			return -VSMMU_ERR_NOMEM;
		/* L1 descriptors stay zero (Span 0, invalid) until used. */
		ret = s->ops.alloc(s->ops.ctx, s->strtab_bytes, &s->strtab);
	} else {
		s->strtab_log2 = s->sid_bits;
		s->strtab_bytes = (size_t)SMMU_STE_BYTES << s->sid_bits;
		ret = s->ops.alloc(s->ops.ctx, s->strtab_bytes, &s->strtab);
		if (!ret)
			ret = gsmmu_ste_fill(s, s->strtab, 1ull << s->sid_bits);
	}
	if (ret)
		return gsmmu_fail_(s, ret, "no memory for the stream table");
	return 0;
}

void gsmmu_strtab_free_(struct gsmmu *s)
{
	unsigned int i;

	if (s->l2) {
		for (i = 0; i < s->nl1; i++)
			if (s->l2[i])
				s->ops.free(s->ops.ctx, s->l2[i],
					    SMMU_STE_BYTES
						    << GSMMU_STRTAB_SPLIT);
		free(s->l2);
		s->l2 = NULL;
	}
	if (s->strtab)
		s->ops.free(s->ops.ctx, s->strtab, s->strtab_bytes);
	s->strtab = 0;
}

/* Address of the STE of sid, or 0 when its L2 table does not exist. */
static uint64_t gsmmu_ste_addr(struct gsmmu *s, uint32_t sid)
{
	if (s->feat & GSMMU_FEAT_2LVL_STRTAB) {
		uint32_t l1 = sid >> GSMMU_STRTAB_SPLIT;

		if (!s->l2[l1])
			return 0;
		return s->l2[l1] +
		       (uint64_t)(sid & ((1u << GSMMU_STRTAB_SPLIT) - 1)) *
			       SMMU_STE_BYTES;
	}
	return s->strtab + (uint64_t)sid * SMMU_STE_BYTES;
}

int gsmmu_read_ste(struct gsmmu *s, uint32_t sid, uint64_t ste[8])
{
	uint64_t a = gsmmu_ste_addr(s, sid);
	unsigned int i;

	memset(ste, 0, 8 * sizeof(uint64_t));
	if (!a)
		return -VSMMU_ERR_NOENT;
	for (i = 0; i < 8; i++)
		if (gsmmu_mem_rd64_(s, a + 8 * i, &ste[i]))
			return -VSMMU_ERR_GMEM;
	return 0;
}

/* The L2 table of sid's span, made on first use as Linux does at probe
 * of the master. Returns 1 when it was just created. */
static int gsmmu_l2_get(struct gsmmu *s, uint32_t sid)
{
	uint32_t l1 = sid >> GSMMU_STRTAB_SPLIT;
	size_t bytes = SMMU_STE_BYTES << GSMMU_STRTAB_SPLIT;
	struct smmu_l1std d;
	uint64_t w;
	int ret;

	if (!(s->feat & GSMMU_FEAT_2LVL_STRTAB) || s->l2[l1])
		return 0;
	ret = s->ops.alloc(s->ops.ctx, bytes, &s->l2[l1]);
	if (ret)
		return gsmmu_fail_(s, ret, "no memory for an L2 stream table");
	ret = gsmmu_ste_fill(s, s->l2[l1], 1u << GSMMU_STRTAB_SPLIT);
	if (ret)
		return ret;
	d.span = GSMMU_STRTAB_SPLIT + 1;
	d.l2ptr = s->l2[l1];
	smmu_l1std_encode(&d, &w);
	if (gsmmu_mem_wr64_(s, s->strtab + (uint64_t)l1 * SMMU_L1STD_BYTES, w))
		return -VSMMU_ERR_GMEM;
	return 1;
}

struct gsmmu_master *gsmmu_master_get_(struct gsmmu *s, uint32_t sid,
				       bool create)
{
	struct gsmmu_master *free_slot = NULL;
	unsigned int i;
	int ret;

	if (s->sid_bits < 32 && sid >= (1ull << s->sid_bits)) {
		gsmmu_fail_(s, -VSMMU_ERR_RANGE, "SID %u beyond SIDSIZE %u",
			    sid, s->sid_bits);
		return NULL;
	}
	if (sid >> gsmmu_ste_index_bits(s) >= VSMMU_MAX(s->nl1, 1u) &&
	    (s->feat & GSMMU_FEAT_2LVL_STRTAB)) {
		gsmmu_fail_(s, -VSMMU_ERR_RANGE, "SID %u beyond the table",
			    sid);
		return NULL;
	}
	for (i = 0; i < GSMMU_MAX_MASTERS; i++) {
		if (s->masters[i].used && s->masters[i].sid == sid)
			return &s->masters[i];
		if (!s->masters[i].used && !free_slot)
			free_slot = &s->masters[i];
	}
	if (!create || !free_slot)
		return NULL;
	ret = gsmmu_l2_get(s, sid);
	if (ret < 0)
		return NULL;
	if (ret == 1) {
		/* A new L1 descriptor: invalidate it with Leaf = 0. */
		struct smmu_cmd c;

		memset(&c, 0, sizeof(c));
		c.op = SMMU_CMD_CFGI_STE;
		c.sid = sid;
		c.leaf = false;
		if (gsmmu_cmd_sync_(s, &c))
			return NULL;
	}
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->used = true;
	free_slot->sid = sid;
	return free_slot;
}

/* Bits of each dword the SMMU uses for the configuration in ste. */
static void gsmmu_ste_used(const uint64_t ste[8], uint64_t used[8])
{
	unsigned int cfg;

	memset(used, 0, 8 * sizeof(uint64_t));
	used[0] = SMMU_STE0_V;
	if (!(ste[0] & SMMU_STE0_V))
		return;
	used[0] |= SMMU_STE0_CFG;
	cfg = (unsigned int)smmu_field_get(SMMU_STE0_CFG, ste[0]);
	if (cfg == SMMU_STE_CFG_BYPASS) {
		used[1] = SMMU_STE1_SHCFG | SMMU_STE1_MEMATTR |
			  SMMU_STE1_MTCFG | SMMU_STE1_ALLOCCFG |
			  SMMU_STE1_PRIVCFG | SMMU_STE1_INSTCFG |
			  SMMU_STE1_NSCFG;
		return;
	}
	if (!(cfg & 4u))
		return; /* abort and the reserved values */
	if (cfg & 1u) {
		used[0] |= SMMU_STE0_S1FMT | SMMU_STE0_S1CTXPTR |
			   SMMU_STE0_S1CDMAX;
		used[1] |= SMMU_STE1_S1DSS | SMMU_STE1_S1CIR | SMMU_STE1_S1COR |
			   SMMU_STE1_S1CSH | SMMU_STE1_S1STALLD |
			   SMMU_STE1_EATS | SMMU_STE1_STRW;
		/*
		 * SHCFG only shapes traffic that bypasses stage 1: with
		 * S1DSS = bypass. Leaving it out otherwise is what lets
		 * S1 <-> bypass be hitless (SHCFG changes while unused).
		 */
		if (smmu_field_get(SMMU_STE1_S1DSS, ste[1]) ==
		    SMMU_STE_S1DSS_BYPASS)
			used[1] |= SMMU_STE1_SHCFG;
		used[2] |= SMMU_STE2_S2VMID; /* tags S1-only translations */
	}
	if (cfg & 2u) {
		used[1] = ~0ull;
		used[2] = ~0ull;
		used[3] = ~0ull;
	}
}

static int gsmmu_ste_sync(struct gsmmu *s, uint32_t sid)
{
	struct smmu_cmd c;

	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_CFGI_STE;
	c.sid = sid;
	c.leaf = true;
	s->st.ste_rounds++;
	return gsmmu_cmd_sync_(s, &c);
}

/* Write dwords [first, first + n) of want that differ; sync if any did. */
static int gsmmu_ste_set(struct gsmmu *s, uint32_t sid, uint64_t addr,
			 uint64_t live[8], const uint64_t want[8],
			 unsigned int first, unsigned int n)
{
	bool changed = false;
	unsigned int i;

	for (i = first; i < first + n; i++) {
		if (live[i] == want[i])
			continue;
		if (gsmmu_mem_wr64_(s, addr + 8 * i, want[i]))
			return -VSMMU_ERR_GMEM;
		live[i] = want[i];
		s->st.ste_writes++;
		changed = true;
	}
	return changed ? gsmmu_ste_sync(s, sid) : 0;
}

int gsmmu_ste_write_(struct gsmmu *s, struct gsmmu_master *m,
		     const uint64_t target[8])
{
	uint64_t live[8], cur_used[8], tgt_used[8], step[8];
	uint64_t addr = gsmmu_ste_addr(s, m->sid);
	unsigned int i, ncrit = 0, crit = 0;
	int ret;

	if (!addr)
		return -VSMMU_ERR_NOENT;
	ret = gsmmu_read_ste(s, m->sid, live);
	if (ret)
		return ret;
	gsmmu_ste_used(live, cur_used);
	gsmmu_ste_used(target, tgt_used);
	for (i = 0; i < 8; i++) {
		step[i] = (live[i] & cur_used[i]) | (target[i] & ~cur_used[i]);
		if ((step[i] & tgt_used[i]) != target[i]) {
			ncrit++;
			crit = i;
		}
	}
	if (ncrit > 1) {
		/* No hitless path: break the entry (V = 0), then rebuild. */
		memcpy(step, live, sizeof(step));
		step[0] &= ~SMMU_STE0_V;
		ret = gsmmu_ste_set(s, m->sid, addr, live, step, 0, 1);
		if (!ret)
			ret = gsmmu_ste_set(s, m->sid, addr, live, target, 1,
					    7);
		if (!ret)
			ret = gsmmu_ste_set(s, m->sid, addr, live, target, 0,
					    1);
		return ret;
	}
	if (ncrit == 1) {
		ret = gsmmu_ste_set(s, m->sid, addr, live, step, 0, 8);
		if (!ret)
			ret = gsmmu_ste_set(s, m->sid, addr, live, target, crit,
					    1);
	}
	if (!ret)
		ret = gsmmu_ste_set(s, m->sid, addr, live, target, 0, 8);
	return ret;
}

/* ---- Context descriptors ---- */

/* Linux's MAIR: 0 Normal NC, 1 Normal WB RW-allocate, 2 Device-nGnRE. */
#define GSMMU_MAIR	  0x0000000000004ff44ull
#define GSMMU_MAIR_IDX_WB 1u

static unsigned int gsmmu_cd_log2(const struct gsmmu *s)
{
	return VSMMU_MIN(s->ssid_bits, GSMMU_CD_MAX_LOG2);
}

void gsmmu_cd_free_(struct gsmmu *s, struct gsmmu_master *m)
{
	if (m->cd_table)
		s->ops.free(s->ops.ctx, m->cd_table, m->cd_bytes);
	m->cd_table = 0;
}

/* CFGI_CD for the master's CD 0, and a sync. */
static int gsmmu_cd_sync(struct gsmmu *s, struct gsmmu_master *m)
{
	struct smmu_cmd c;

	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_CFGI_CD;
	c.sid = m->sid;
	c.ssid = 0;
	c.leaf = true;
	return gsmmu_cmd_sync_(s, &c);
}

int gsmmu_cd_install_(struct gsmmu *s, struct gsmmu_master *m,
		      struct gsmmu_domain *d)
{
	struct pgt_s1_cfg s1;
	struct smmu_cd cd;
	uint64_t w[SMMU_CD_DWORDS], old[SMMU_CD_DWORDS];
	unsigned int i;
	int ret;

	if (!m->cd_table) {
		m->cd_bytes = (size_t)SMMU_CD_BYTES << gsmmu_cd_log2(s);
		ret = s->ops.alloc(s->ops.ctx, m->cd_bytes, &m->cd_table);
		if (ret)
			return gsmmu_fail_(s, ret, "no memory for a CD table");
	}
	memset(&s1, 0, sizeof(s1));
	pgt_table_s1_cfg(&d->pgt, &s1);
	memset(&cd, 0, sizeof(cd));
	cd.t0sz = s1.tt[0].tsz;
	cd.tg0 = s->granule == PGT_GRAN_4K    ? SMMU_CD_TG0_4K
		 : s->granule == PGT_GRAN_16K ? SMMU_CD_TG0_16K
					      : SMMU_CD_TG0_64K;
	cd.ir0 = SMMU_CACHE_WB;
	cd.or0 = SMMU_CACHE_WB;
	cd.sh0 = SMMU_SH_ISH;
	cd.epd1 = true;
	cd.v = true;
	cd.ips = (uint8_t)smmu_oas_encode(s->oas_bits);
	cd.aa64 = true;
	cd.r = true;
	cd.a = true;
	cd.aset = true; /* private ASIDs: no broadcast TLBI */
	cd.asid = d->asid;
	cd.ttb0 = s1.tt[0].ttb;
	cd.mair = GSMMU_MAIR;
	ret = smmu_cd_encode(&cd, w);
	if (ret)
		return gsmmu_fail_(s, ret, "cannot encode the CD");
	for (i = 0; i < SMMU_CD_DWORDS; i++)
		if (gsmmu_mem_rd64_(s, m->cd_table + 8 * i, &old[i]))
			return -VSMMU_ERR_GMEM;
	if ((old[0] & SMMU_CD0_V) && memcmp(old, w, sizeof(old)) != 0) {
		/*
		 * A live CD moving to another domain changes its table base
		 * (dword 1) and ASID (dword 0) together; no order of 64-bit
		 * writes keeps it meaning one domain or the other, so break
		 * it first (V = 0) and make the SMMU forget it (facts §8.7).
		 */
		if (gsmmu_mem_wr64_(s, m->cd_table, old[0] & ~SMMU_CD0_V))
			return -VSMMU_ERR_GMEM;
		ret = gsmmu_cd_sync(s, m);
		if (ret)
			return ret;
	}
	/* Everything but dword 0 first, so V arrives last. */
	for (i = 1; i < SMMU_CD_DWORDS; i++)
		if (gsmmu_mem_wr64_(s, m->cd_table + 8 * i, w[i]))
			return -VSMMU_ERR_GMEM;
	if (gsmmu_mem_wr64_(s, m->cd_table, w[0]))
		return -VSMMU_ERR_GMEM;
	return gsmmu_cd_sync(s, m);
}

void gsmmu_ste_s1_(struct gsmmu *s, const struct gsmmu_master *m,
		   uint64_t ste[8])
{
	unsigned int cdmax = m->cd_bytes > SMMU_CD_BYTES ? gsmmu_cd_log2(s) : 0;

	memset(ste, 0, 8 * sizeof(uint64_t));
	ste[0] = SMMU_STE0_V | smmu_field_prep(SMMU_STE0_CFG, SMMU_STE_CFG_S1) |
		 smmu_field_prep(SMMU_STE0_S1FMT, SMMU_STE_S1FMT_LINEAR) |
		 (m->cd_table & SMMU_STE0_S1CTXPTR) |
		 smmu_field_prep(SMMU_STE0_S1CDMAX, cdmax);
	ste[1] = smmu_field_prep(SMMU_STE1_S1DSS,
				 cdmax ? SMMU_STE_S1DSS_SSID0 : 0) |
		 smmu_field_prep(SMMU_STE1_S1CIR, SMMU_CACHE_WB) |
		 smmu_field_prep(SMMU_STE1_S1COR, SMMU_CACHE_WB) |
		 smmu_field_prep(SMMU_STE1_S1CSH, SMMU_SH_ISH) |
		 smmu_field_prep(SMMU_STE1_STRW, SMMU_STE_STRW_NSEL1);
}
