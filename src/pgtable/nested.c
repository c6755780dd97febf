// SPDX-License-Identifier: MIT
/*
 * Nested translation: stage 1 whose table addresses and output are IPAs,
 * each translated through stage 2 (IHI 0070 §3.4; facts §6.4, §7.7).
 *
 * Reads: each of the n stage-1 levels costs an m-level stage-2 walk plus
 * the descriptor itself, and the output IPA one more stage-2 walk:
 * n(m + 1) + m = (n + 1)(m + 1) - 1, 24 for four levels each.
 */
#include "vsmmu/env.h"
#include "vsmmu/pgtable.h"
#include "internal.h"

/*
 * Nested fetch: the stage-1 descriptor address is an IPA. Translate it
 * through stage 2 as a privileged data read (the SMMU's own accesses,
 * IHI 0070 §13.1.2); a fault there is a stage-2 fault of CLASS TT whose
 * IPA is the descriptor's (facts §6.2, §6.4).
 */
static int pgt_fetch_nested_(const struct pgt_fetch_ *f, uint64_t addr,
			     uint64_t *desc, struct pgt_result *r)
{
	const struct pgt_access rd = { .type = PGT_ACC_READ, .priv = true };
	struct pgt_leaf_ leaf;
	unsigned int perm;
	int ret;

	ret = pgt_s2_translate_(f->s2, f->mem, addr, rd, &leaf, &perm, r);
	/*
	 * STE.S2PTW: a stage-1 table in stage-2 Device memory (MemAttr[3:2]
	 * = 00, facts §7.6) is a stage-2 permission fault.
	 */
	if (!ret && f->s2->ptw &&
	    !(pgt_get_(PGT_S2_MEMATTR, leaf.desc) & 0xcu))
		ret = pgt_fault_(r, PGT_FAULT_PERMISSION, 2, leaf.level);
	if (ret) {
		if (ret == -VSMMU_ERR_FAULT) {
			r->fault.cls = PGT_CLASS_TT;
			r->fault.ipa = smmu_ipa(addr);
		}
		return ret;
	}
	return pgt_fetch_pa_(f, leaf.oa, desc, r);
}

int pgt_walk_nested(const struct pgt_s1_cfg *s1, const struct pgt_s2_cfg *s2,
		    const struct pgt_mem *mem, smmu_va_t va,
		    struct pgt_access acc, struct pgt_result *r)
{
	struct pgt_fetch_ f = {
		.fetch = pgt_fetch_nested_, .mem = mem, .s2 = s2,
	};
	struct pgt_leaf_ l1, l2;
	unsigned int p1 = 0, p2 = 0;
	int ret;

	if (!r)
		return -VSMMU_ERR_INVAL;
	pgt_result_init_(r, va.v, acc);
	if (!s1 || !s2 || !mem || !mem->read)
		return -VSMMU_ERR_INVAL;
	ret = pgt_s1_translate_(s1, &f, va.v, acc, &l1, &p1, r);
	if (ret)
		return ret;
	/* The output IPA through stage 2: CLASS IN (facts §6.4). */
	ret = pgt_s2_translate_(s2, mem, l1.oa, acc, &l2, &p2, r);
	if (ret)
		return ret;
	pgt_s1_result_(r, &l1, p1 & p2);
	r->out = l2.oa;
	r->s2_level = (uint8_t)l2.level;
	if (l2.size_log2 < l1.size_log2)
		r->size_log2 = (uint8_t)l2.size_log2;
	r->s2_memattr = (uint8_t)pgt_get_(PGT_S2_MEMATTR, l2.desc);
	r->s2_sh = (uint8_t)pgt_get_(PGT_L_SH, l2.desc);
	return 0;
}
