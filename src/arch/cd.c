// SPDX-License-Identifier: MIT
/*
 * Context descriptors and level-1 CD descriptors (IHI 0070 §5.3-5.4,
 * facts §4.1-4.3), as tables of fields.
 *
 * The CD packs its TCR-like fields in its own order (facts §4.3 pitfall),
 * so every position below comes from the CD tables, never from TCR_EL1.
 * The bits left out are the RES0 bits of the facts sheet: dw1 57:56,
 * dw2 57:56, dw5 63:56, dw6 63:48 and dw7 63:48.
 */
#include "vsmmu/env.h"
#include "vsmmu/arch.h"
#include "internal.h"

#define V_(dw, m, f) SMMU_FV_(struct smmu_cd, dw, m, f)
#define A_(dw, m, f) SMMU_FA_(struct smmu_cd, dw, m, f)

static const struct smmu_fdesc_ smmu_cd_fields_[] = {
	/* dw0 (facts §4.2): every bit is a field */
	V_(0, SMMU_CD0_T0SZ, t0sz),
	V_(0, SMMU_CD0_TG0, tg0),
	V_(0, SMMU_CD0_IR0, ir0),
	V_(0, SMMU_CD0_OR0, or0),
	V_(0, SMMU_CD0_SH0, sh0),
	V_(0, SMMU_CD0_EPD0, epd0),
	V_(0, SMMU_CD0_ENDI, endi),
	V_(0, SMMU_CD0_T1SZ, t1sz),
	V_(0, SMMU_CD0_TG1, tg1),
	V_(0, SMMU_CD0_IR1, ir1),
	V_(0, SMMU_CD0_OR1, or1),
	V_(0, SMMU_CD0_SH1, sh1),
	V_(0, SMMU_CD0_EPD1, epd1),
	V_(0, SMMU_CD0_V, v),
	V_(0, SMMU_CD0_IPS, ips),
	V_(0, SMMU_CD0_AFFD, affd),
	V_(0, SMMU_CD0_WXN, wxn),
	V_(0, SMMU_CD0_UWXN, uwxn),
	V_(0, SMMU_CD0_TBI0, tbi0),
	V_(0, SMMU_CD0_TBI1, tbi1),
	V_(0, SMMU_CD0_PAN, pan),
	V_(0, SMMU_CD0_AA64, aa64),
	V_(0, SMMU_CD0_HD, hd),
	V_(0, SMMU_CD0_HA, ha),
	V_(0, SMMU_CD0_S, s),
	V_(0, SMMU_CD0_R, r),
	V_(0, SMMU_CD0_A, a),
	V_(0, SMMU_CD0_ASET, aset),
	V_(0, SMMU_CD0_ASID, asid),
	/* dw1 (facts §4.3) */
	V_(1, SMMU_CD1_NSCFG0, nscfg0),
	V_(1, SMMU_CD1_HAD0, had0),
	V_(1, SMMU_CD1_E0PD0, e0pd0),
	V_(1, SMMU_CD1_HAFT, haft),
	A_(1, SMMU_CD1_TTB0, ttb0),
	V_(1, SMMU_CD1_PNCH, pnch),
	V_(1, SMMU_CD1_EPAN, epan),
	V_(1, SMMU_CD1_HWU0, hwu0),
	/* dw2 */
	V_(2, SMMU_CD2_NSCFG1, nscfg1),
	V_(2, SMMU_CD2_HAD1, had1),
	V_(2, SMMU_CD2_E0PD1, e0pd1),
	V_(2, SMMU_CD2_AIE, aie),
	A_(2, SMMU_CD2_TTB1, ttb1),
	V_(2, SMMU_CD2_DS, ds),
	V_(2, SMMU_CD2_PIE, pie),
	V_(2, SMMU_CD2_HWU1, hwu1),
	/* dw3-7 */
	V_(3, SMMU_CD3_MAIR, mair),
	V_(4, SMMU_CD4_AMAIR, amair),
	V_(5, SMMU_CD5_IMPDEF, impdef5),
	V_(5, SMMU_CD5_PARTID, partid),
	V_(5, SMMU_CD5_PMG, pmg),
	V_(6, SMMU_CD6_PIIU, piiu),
	V_(7, SMMU_CD7_PIIP, piip),
};

#undef V_
#undef A_

bool smmu_cd_decode(const uint64_t w[SMMU_CD_DWORDS], struct smmu_cd *cd)
{
	return smmu_tab_decode_(smmu_cd_fields_,
				VSMMU_ARRAY_SIZE(smmu_cd_fields_), w,
				SMMU_CD_DWORDS, cd, sizeof(*cd));
}

int smmu_cd_encode(const struct smmu_cd *cd, uint64_t w[SMMU_CD_DWORDS])
{
	return smmu_tab_encode_(smmu_cd_fields_,
				VSMMU_ARRAY_SIZE(smmu_cd_fields_), cd, w,
				SMMU_CD_DWORDS);
}

/* L1CD (facts §4.1): V 0, L2Ptr 55:12; 11:1 and 63:56 RES0. */
static const struct smmu_fdesc_ smmu_l1cd_fields_[] = {
	SMMU_FV_(struct smmu_l1cd, 0, SMMU_L1CD_V, v),
	SMMU_FA_(struct smmu_l1cd, 0, SMMU_L1CD_L2PTR, l2ptr),
};

bool smmu_l1cd_decode(uint64_t w, struct smmu_l1cd *d)
{
	return smmu_tab_decode_(smmu_l1cd_fields_,
				VSMMU_ARRAY_SIZE(smmu_l1cd_fields_), &w, 1,
				d, sizeof(*d));
}

int smmu_l1cd_encode(const struct smmu_l1cd *d, uint64_t *w)
{
	return smmu_tab_encode_(smmu_l1cd_fields_,
				VSMMU_ARRAY_SIZE(smmu_l1cd_fields_), d, w, 1);
}
