// SPDX-License-Identifier: MIT
/*
 * Stream table entries and level-1 stream table descriptors
 * (IHI 0070 §5.1-5.2, facts §3.2-3.7), as tables of fields.
 *
 * Every field the facts sheet names is here, including the Secure, MPAM,
 * RME and permission-indirection ones: a decoder that drops a field cannot
 * tell a guest's RES0 violation from a field it does not know. The bits
 * left out of the tables are exactly the RES0 bits of the facts sheet:
 * dw0 58:56, dw1 43:41, dw3 60:56 and 63, dw4 45:40, dw5 63:56, dw6 3,
 * 60:56 and 63.
 */
#include "vsmmu/env.h"
#include "vsmmu/arch.h"
#include "internal.h"

#define V_(dw, m, f) SMMU_FV_(struct smmu_ste, dw, m, f)
#define A_(dw, m, f) SMMU_FA_(struct smmu_ste, dw, m, f)

static const struct smmu_fdesc_ smmu_ste_fields_[] = {
	/* dw0 (facts §3.3) */
	V_(0, SMMU_STE0_V, v),
	V_(0, SMMU_STE0_CFG, config),
	V_(0, SMMU_STE0_S1FMT, s1fmt),
	A_(0, SMMU_STE0_S1CTXPTR, s1ctxptr),
	V_(0, SMMU_STE0_S1CDMAX, s1cdmax),
	/* dw1 (facts §3.4) */
	V_(1, SMMU_STE1_S1DSS, s1dss),
	V_(1, SMMU_STE1_S1CIR, s1cir),
	V_(1, SMMU_STE1_S1COR, s1cor),
	V_(1, SMMU_STE1_S1CSH, s1csh),
	V_(1, SMMU_STE1_S2HWU, s2hwu),
	V_(1, SMMU_STE1_DRE, dre),
	V_(1, SMMU_STE1_CONT, cont),
	V_(1, SMMU_STE1_DCP, dcp),
	V_(1, SMMU_STE1_PPAR, ppar),
	V_(1, SMMU_STE1_MEV, mev),
	V_(1, SMMU_STE1_SW_RESERVED, sw_reserved),
	V_(1, SMMU_STE1_S1PIE, s1pie),
	V_(1, SMMU_STE1_S2FWB, s2fwb),
	V_(1, SMMU_STE1_S1MPAM, s1mpam),
	V_(1, SMMU_STE1_S1STALLD, s1stalld),
	V_(1, SMMU_STE1_EATS, eats),
	V_(1, SMMU_STE1_STRW, strw),
	V_(1, SMMU_STE1_MEMATTR, memattr),
	V_(1, SMMU_STE1_MTCFG, mtcfg),
	V_(1, SMMU_STE1_ALLOCCFG, alloccfg),
	V_(1, SMMU_STE1_SHCFG, shcfg),
	V_(1, SMMU_STE1_NSCFG, nscfg),
	V_(1, SMMU_STE1_PRIVCFG, privcfg),
	V_(1, SMMU_STE1_INSTCFG, instcfg),
	V_(1, SMMU_STE1_IMPDEF, impdef1),
	/* dw2 (facts §3.5): every bit is a field */
	V_(2, SMMU_STE2_S2VMID, s2vmid),
	V_(2, SMMU_STE2_IMPDEF, impdef2),
	V_(2, SMMU_STE2_S2T0SZ, s2t0sz),
	V_(2, SMMU_STE2_S2SL0, s2sl0),
	V_(2, SMMU_STE2_S2IR0, s2ir0),
	V_(2, SMMU_STE2_S2OR0, s2or0),
	V_(2, SMMU_STE2_S2SH0, s2sh0),
	V_(2, SMMU_STE2_S2TG, s2tg),
	V_(2, SMMU_STE2_S2PS, s2ps),
	V_(2, SMMU_STE2_S2AA64, s2aa64),
	V_(2, SMMU_STE2_S2ENDI, s2endi),
	V_(2, SMMU_STE2_S2AFFD, s2affd),
	V_(2, SMMU_STE2_S2PTW, s2ptw),
	V_(2, SMMU_STE2_S2HD, s2hd),
	V_(2, SMMU_STE2_S2HA, s2ha),
	V_(2, SMMU_STE2_S2S, s2s),
	V_(2, SMMU_STE2_S2R, s2r),
	V_(2, SMMU_STE2_S2HAFT, s2haft),
	V_(2, SMMU_STE2_S2PIE, s2pie),
	V_(2, SMMU_STE2_S2POE, s2poe),
	V_(2, SMMU_STE2_DPT_VMATCH, dpt_vmatch),
	/* dw3 (facts §3.6) */
	V_(3, SMMU_STE3_S2NSW, s2nsw),
	V_(3, SMMU_STE3_S2NSA, s2nsa),
	V_(3, SMMU_STE3_S2SL0_2, s2sl0_2),
	V_(3, SMMU_STE3_S2DS, s2ds),
	A_(3, SMMU_STE3_S2TTB, s2ttb),
	V_(3, SMMU_STE3_S2SKL, s2skl),
	/* dw4-7 (facts §3.7) */
	V_(4, SMMU_STE4_IMPDEF, impdef4),
	V_(4, SMMU_STE4_PARTID, partid),
	V_(4, SMMU_STE4_S_S2T0SZ, s_s2t0sz),
	V_(4, SMMU_STE4_S_S2SL0, s_s2sl0),
	V_(4, SMMU_STE4_S_S2TG, s_s2tg),
	V_(4, SMMU_STE4_MECID, mecid),
	V_(5, SMMU_STE5_PMG, pmg),
	V_(5, SMMU_STE5_MPAM_NS, mpam_ns),
	V_(5, SMMU_STE5_ASSUREDONLY, assuredonly),
	V_(5, SMMU_STE5_TL0, tl0),
	V_(5, SMMU_STE5_TL1, tl1),
	A_(5, SMMU_STE5_VMSPTR, vmsptr),
	V_(6, SMMU_STE6_S2SW, s2sw),
	V_(6, SMMU_STE6_S2SA, s2sa),
	V_(6, SMMU_STE6_S_S2SL0_2, s_s2sl0_2),
	A_(6, SMMU_STE6_S_S2TTB, s_s2ttb),
	V_(6, SMMU_STE6_S_S2SKL, s_s2skl),
	V_(7, SMMU_STE7_S2POI, s2poi),
};

#undef V_
#undef A_

bool smmu_ste_decode(const uint64_t w[SMMU_STE_DWORDS], struct smmu_ste *ste)
{
	return smmu_tab_decode_(smmu_ste_fields_,
				VSMMU_ARRAY_SIZE(smmu_ste_fields_), w,
				SMMU_STE_DWORDS, ste, sizeof(*ste));
}

int smmu_ste_encode(const struct smmu_ste *ste, uint64_t w[SMMU_STE_DWORDS])
{
	return smmu_tab_encode_(smmu_ste_fields_,
				VSMMU_ARRAY_SIZE(smmu_ste_fields_), ste, w,
				SMMU_STE_DWORDS);
}

/* L1STD (facts §3.2): Span 4:0, L2Ptr 55:6; bit 5 and 63:56 RES0. */
static const struct smmu_fdesc_ smmu_l1std_fields_[] = {
	SMMU_FV_(struct smmu_l1std, 0, SMMU_L1STD_SPAN, span),
	SMMU_FA_(struct smmu_l1std, 0, SMMU_L1STD_L2PTR, l2ptr),
};

bool smmu_l1std_decode(uint64_t w, struct smmu_l1std *d)
{
	return smmu_tab_decode_(smmu_l1std_fields_,
				VSMMU_ARRAY_SIZE(smmu_l1std_fields_), &w, 1,
				d, sizeof(*d));
}

int smmu_l1std_encode(const struct smmu_l1std *d, uint64_t *w)
{
	return smmu_tab_encode_(smmu_l1std_fields_,
				VSMMU_ARRAY_SIZE(smmu_l1std_fields_), d, w, 1);
}
