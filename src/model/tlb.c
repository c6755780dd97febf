// SPDX-License-Identifier: MIT
/*
 * src/model/tlb.c - the configuration cache and the TLB of the SMMUv3
 * model (IHI 0070 §3.17, §4.3-4.4; facts §5.5, §8.7).
 *
 * Configuration entries are keyed by (SID, SSID) and remember which CD
 * they used, so CFGI_CD drops exactly those. TLB entries carry the tags the
 * architecture gives them: regime (NS-EL1, EL2, stage 2 only), VMID (when
 * stage 2 is implemented), ASID for non-global entries of regimes that
 * have ASIDs, and the input range [in, in + 2^size_log2). A lookup
 * compares the whole 64-bit input, so a non-canonical VA (or, with TBI,
 * another top byte) misses and is walked (and faults) as it must;
 * invalidations compare bits [55:0], the part a TLBI address carries, so
 * they drop every top-byte variant.
 *
 * The configuration cache is a small array searched linearly. The TLB is
 * set-associative so large TLBs stay cheap for benchmarks: an entry lives
 * in the set chosen by its VMID and its input page number at its own size,
 * and a lookup probes one set per entry size seen so far (a handful: 4K,
 * 2M, 1G, ...). Invalidation scans every entry; commands are rarer than
 * translations. Replacement is round-robin.
 */
#include "vsmmu/env.h"
#include "vsmmu/model.h"
#include "internal.h"

#define SMMU_MODEL_VA_MASK_ SMMU_GENMASK(55, 0)

const struct smmu_model_cfg_ *smmu_model_cfgc_lookup_(struct smmu_model *m,
						      uint32_t sid,
						      uint32_t ssid)
{
	unsigned int i;

	for (i = 0; i < m->ncfg; i++) {
		const struct smmu_model_cfg_ *c = &m->cfgc[i];

		if (c->valid && c->sid == sid && c->ssid == ssid)
			return c;
	}
	return NULL;
}

void smmu_model_cfgc_insert_(struct smmu_model *m,
			     const struct smmu_model_cfg_ *c)
{
	unsigned int i, slot;

	if (!m->ncfg)
		return;
	slot = m->cfg_next;
	for (i = 0; i < m->ncfg; i++) {
		if (!m->cfgc[i].valid) {
			slot = i;
			break;
		}
	}
	if (slot == m->cfg_next)
		m->cfg_next = (m->cfg_next + 1) % m->ncfg;
	m->cfgc[slot] = *c;
	m->cfgc[slot].valid = true;
}

void smmu_model_cfgc_inval_(struct smmu_model *m, uint64_t lo, uint64_t hi,
			    bool cd_only, uint32_t ssid)
{
	unsigned int i;

	for (i = 0; i < m->ncfg; i++) {
		struct smmu_model_cfg_ *c = &m->cfgc[i];

		if (!c->valid || c->sid < lo || c->sid > hi)
			continue;
		if (cd_only && (!c->has_cd || c->cd_idx != ssid))
			continue;
		c->valid = false;
		m->cnt.cfg_invalidated++;
	}
}

static uint8_t smmu_model_tlb_kind_(const struct smmu_model_cfg_ *c)
{
	if (!c->s1)
		return SMMU_MODEL_TLB_S2_;
	return c->el2 ? SMMU_MODEL_TLB_EL2_ : SMMU_MODEL_TLB_NH_;
}

/* Does entry e translate addr for configuration c? */
static bool smmu_model_tlb_hit_(const struct smmu_model_tlbe_ *e,
				const struct smmu_model_cfg_ *c, uint8_t kind,
				uint64_t addr)
{
	uint64_t mask;

	if (e->kind != kind || e->nested != (c->s1 && c->s2))
		return false;
	if (kind != SMMU_MODEL_TLB_EL2_ && e->vmid != c->vmid)
		return false;
	if (!e->global && e->asid != c->asid)
		return false;
	mask = ~((1ull << e->size_log2) - 1);
	return ((addr ^ e->in) & mask) == 0;
}

static unsigned int smmu_model_tlb_set_(const struct smmu_model *m,
					uint64_t addr, unsigned int size_log2,
					uint16_t vmid)
{
	uint64_t pn = (addr & SMMU_MODEL_VA_MASK_) >> size_log2;
	uint64_t h = (pn ^ ((uint64_t)vmid << 44) ^ size_log2) *
		     0x9E3779B97F4A7C15ull;

	return (unsigned int)((h >> 32) % m->tlb_sets);
}

const struct smmu_model_tlbe_ *
smmu_model_tlb_lookup_(struct smmu_model *m, const struct smmu_model_cfg_ *c,
		       uint64_t addr)
{
	uint8_t kind = smmu_model_tlb_kind_(c);
	uint16_t vmid = kind == SMMU_MODEL_TLB_EL2_ ? 0 : c->vmid;
	uint64_t sizes = m->tlb_sizes;

	if (!m->tlb_sets)
		return NULL;
	/* At most 64 sizes, each one set of tlb_ways entries. */
	while (sizes) {
		unsigned int s = vsmmu_ctz64(sizes), i;
		struct smmu_model_tlbe_ *set;

		sizes &= sizes - 1;
		set = &m->tlb[(size_t)smmu_model_tlb_set_(m, addr, s, vmid) *
			      m->tlb_ways];
		for (i = 0; i < m->tlb_ways; i++)
			if (set[i].size_log2 == s &&
			    smmu_model_tlb_hit_(&set[i], c, kind, addr))
				return &set[i];
	}
	return NULL;
}

void smmu_model_tlb_insert_(struct smmu_model *m,
			    const struct smmu_model_cfg_ *c,
			    const struct pgt_result *r)
{
	struct smmu_model_tlbe_ e, *set;
	unsigned int i, slot;

	if (!m->tlb_sets || r->size_log2 < 12 || r->size_log2 > 55)
		return;
	vsmmu_memset(&e, 0, sizeof(e));
	e.kind = smmu_model_tlb_kind_(c);
	e.nested = c->s1 && c->s2;
	e.vmid = e.kind == SMMU_MODEL_TLB_EL2_ ? 0 : c->vmid;
	/* Stage-2-only and ASID-less regimes: nothing is ASID-tagged. */
	e.global = !c->s1 || !c->asid_tagged || !r->ng;
	e.asid = e.global ? 0 : c->asid;
	e.size_log2 = r->size_log2;
	e.perm = r->perm;
	e.in = pgt_result_in_base(r);
	e.out = pgt_result_out_base(r);

	set = &m->tlb[(size_t)smmu_model_tlb_set_(m, e.in, e.size_log2,
						  e.vmid) * m->tlb_ways];
	/* Replace an entry of the set that already covers this address,
	 * else a free way, else the next victim. */
	slot = m->tlb_ways;
	for (i = 0; i < m->tlb_ways; i++) {
		if (smmu_model_tlb_hit_(&set[i], c, e.kind, r->in)) {
			slot = i;
			break;
		}
	}
	for (i = 0; slot == m->tlb_ways && i < m->tlb_ways; i++)
		if (!set[i].kind)
			slot = i;
	if (slot == m->tlb_ways) {
		slot = m->tlb_next;
		m->tlb_next = (m->tlb_next + 1) % m->tlb_ways;
	}
	set[slot] = e;
	m->tlb_sizes |= 1ull << e.size_log2;
}

static bool smmu_model_tlbi_match_(const struct smmu_model_tlbe_ *e,
				   const struct smmu_model_tlbi_ *t)
{
	uint64_t lo, hi;

	if (!e->kind)
		return false;
	if (t->kind ? e->kind != t->kind : e->kind == SMMU_MODEL_TLB_EL2_)
		return false;
	if (t->match_vmid && e->vmid != t->vmid)
		return false;
	if (t->match_asid && (e->global || e->asid != t->asid))
		return false;
	if (t->asid_or_global && !e->global && e->asid != t->asid)
		return false;
	if (t->match_addr) {
		lo = e->in & SMMU_MODEL_VA_MASK_;
		hi = lo + ((1ull << e->size_log2) - 1);
		if (hi < t->lo || lo > t->hi)
			return false;
	}
	return true;
}

void smmu_model_tlb_inval_(struct smmu_model *m,
			   const struct smmu_model_tlbi_ *t)
{
	unsigned int i;

	for (i = 0; i < m->ntlb; i++) {
		if (smmu_model_tlbi_match_(&m->tlb[i], t)) {
			m->tlb[i].kind = 0;
			m->cnt.tlb_invalidated++;
		}
	}
}
