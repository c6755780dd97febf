// SPDX-License-Identifier: MIT
/*
 * Event queue records (IHI 0070 §7.3, facts §6.1-6.3): one table of the
 * fields any record has, and one row per event ID naming the fields that
 * ID carries. Each ID encodes exactly its own fields: C_BAD_SUBSTREAMID
 * has an SSID but no SSV, F_STREAM_DISABLED and F_TRANSL_FORBIDDEN only
 * the StreamID in dword 0, fetch faults a FetchAddr [55:3] and
 * translation faults an IPA [55:12] in dword 3.
 */
#include "vsmmu/env.h"
#include "vsmmu/arch.h"
#include "internal.h"

enum {
	EF_SSV, EF_SSID, EF_SID, EF_REASON, EF_REASON32, EF_STALL, EF_PNU,
	EF_IND, EF_RNW, EF_NSIPA, EF_S2, EF_CLASS, EF_TTRNW, EF_IMPDEF,
	EF_INPUT, EF_INPUT_PAGE, EF_IPA, EF_FETCH,
	EF_ATS_SPAN, EF_PRIV, EF_EXEC, EF_WRITE, EF_READ,
	EF_UX, EF_UW, EF_UR, EF_PX, EF_PW, EF_PR, EF_PR_SPAN,
	EF_COUNT_
};

#define V_(dw, m, f) SMMU_FV_(struct smmu_evt, dw, m, f)
#define A_(dw, m, f) SMMU_FA_(struct smmu_evt, dw, m, f)

static const struct smmu_fdesc_ smmu_evt_fields_[EF_COUNT_] = {
	[EF_SSV] = V_(0, SMMU_EVT0_SSV, ssv),
	[EF_SSID] = V_(0, SMMU_EVT0_SSID, ssid),
	[EF_SID] = V_(0, SMMU_EVT0_SID, sid),
	[EF_REASON] = V_(1, SMMU_EVT1_STAG, reason),   /* STAG or Reason */
	[EF_REASON32] = V_(1, SMMU_EVT1_REASON32, reason),
	[EF_STALL] = V_(1, SMMU_EVT1_STALL, stall),
	[EF_PNU] = V_(1, SMMU_EVT1_PNU, pnu),
	[EF_IND] = V_(1, SMMU_EVT1_IND, ind),
	[EF_RNW] = V_(1, SMMU_EVT1_RNW, rnw),
	[EF_NSIPA] = V_(1, SMMU_EVT1_NSIPA, nsipa),
	[EF_S2] = V_(1, SMMU_EVT1_S2, s2),
	[EF_CLASS] = V_(1, SMMU_EVT1_CLASS, class_),
	[EF_TTRNW] = V_(1, SMMU_EVT1_TTRNW, ttrnw),
	[EF_IMPDEF] = V_(1, SMMU_EVT1_IMPDEF, impdef),
	[EF_INPUT] = A_(2, SMMU_EVT2_INPUTADDR, input_addr),
	[EF_INPUT_PAGE] = A_(2, SMMU_EVT2_INPUTADDR_PAGE, input_addr),
	[EF_IPA] = A_(3, SMMU_EVT3_IPA, ipa),
	[EF_FETCH] = A_(3, SMMU_EVT3_FETCHADDR, fetch_addr),
	[EF_ATS_SPAN] = V_(1, SMMU_EVT1_ATS_SPAN, span),
	[EF_PRIV] = V_(1, SMMU_EVT1_ATS_PRIV, priv),
	[EF_EXEC] = V_(1, SMMU_EVT1_ATS_EXEC, exec),
	[EF_WRITE] = V_(1, SMMU_EVT1_ATS_WRITE, write),
	[EF_READ] = V_(1, SMMU_EVT1_ATS_READ, read),
	[EF_UX] = V_(1, SMMU_EVT1_PR_UX, ux),
	[EF_UW] = V_(1, SMMU_EVT1_PR_UW, uw),
	[EF_UR] = V_(1, SMMU_EVT1_PR_UR, ur),
	[EF_PX] = V_(1, SMMU_EVT1_PR_PX, px),
	[EF_PW] = V_(1, SMMU_EVT1_PR_PW, pw),
	[EF_PR] = V_(1, SMMU_EVT1_PR_PR, pr),
	[EF_PR_SPAN] = V_(1, SMMU_EVT1_PR_SPAN, span),
};

#undef V_
#undef A_

#define B_(f) (1u << (f))
#define STREAM_ (B_(EF_SSV) | B_(EF_SSID) | B_(EF_SID))
#define ACCESS_ (B_(EF_PNU) | B_(EF_IND) | B_(EF_RNW))
/* translation faults 0x10-0x13 (facts §6.3) */
#define XLATE_ (STREAM_ | B_(EF_REASON) | B_(EF_STALL) | ACCESS_ | \
		B_(EF_NSIPA) | B_(EF_S2) | B_(EF_CLASS) | B_(EF_IMPDEF) | \
		B_(EF_INPUT) | B_(EF_IPA))
#define FETCH_ (STREAM_ | B_(EF_REASON) | B_(EF_FETCH))

struct smmu_evt_desc_ {
	uint8_t id;
	uint32_t fields;   /* B_(EF_*) */
	const char *name;
};

/* facts §6.3, one row per ID */
static const struct smmu_evt_desc_ smmu_evts_[] = {
	{ SMMU_EVT_F_UUT, STREAM_ | B_(EF_REASON) | ACCESS_ | B_(EF_INPUT),
	  "F_UUT" },
	{ SMMU_EVT_C_BAD_STREAMID, STREAM_, "C_BAD_STREAMID" },
	{ SMMU_EVT_F_STE_FETCH, FETCH_, "F_STE_FETCH" },
	{ SMMU_EVT_C_BAD_STE, STREAM_, "C_BAD_STE" },
	{ SMMU_EVT_F_BAD_ATS_TREQ,
	  STREAM_ | B_(EF_ATS_SPAN) | B_(EF_PRIV) | B_(EF_EXEC) |
	  B_(EF_WRITE) | B_(EF_READ) | B_(EF_INPUT_PAGE), "F_BAD_ATS_TREQ" },
	/* dw0 31:8 RES0: no SSV, no SSID */
	{ SMMU_EVT_F_STREAM_DISABLED, B_(EF_SID), "F_STREAM_DISABLED" },
	{ SMMU_EVT_F_TRANSL_FORBIDDEN, B_(EF_SID) | B_(EF_RNW) | B_(EF_INPUT),
	  "F_TRANSL_FORBIDDEN" },
	/* an SSID but no SSV: bits 11:8 RES0 (facts §6.2) */
	{ SMMU_EVT_C_BAD_SUBSTREAMID, B_(EF_SID) | B_(EF_SSID),
	  "C_BAD_SUBSTREAMID" },
	{ SMMU_EVT_F_CD_FETCH, FETCH_, "F_CD_FETCH" },
	{ SMMU_EVT_C_BAD_CD, STREAM_, "C_BAD_CD" },
	{ SMMU_EVT_F_WALK_EABT,
	  FETCH_ | ACCESS_ | B_(EF_NSIPA) | B_(EF_S2) | B_(EF_CLASS) |
	  B_(EF_INPUT), "F_WALK_EABT" },
	{ SMMU_EVT_F_TRANSLATION, XLATE_, "F_TRANSLATION" },
	{ SMMU_EVT_F_ADDR_SIZE, XLATE_, "F_ADDR_SIZE" },
	{ SMMU_EVT_F_ACCESS, XLATE_, "F_ACCESS" },
	{ SMMU_EVT_F_PERMISSION, XLATE_ | B_(EF_TTRNW), "F_PERMISSION" },
	{ SMMU_EVT_F_TLB_CONFLICT,
	  STREAM_ | B_(EF_REASON32) | ACCESS_ | B_(EF_NSIPA) | B_(EF_S2) |
	  B_(EF_INPUT) | B_(EF_IPA), "F_TLB_CONFLICT" },
	{ SMMU_EVT_F_CFG_CONFLICT, STREAM_ | B_(EF_REASON32),
	  "F_CFG_CONFLICT" },
	{ SMMU_EVT_E_PAGE_REQUEST,
	  STREAM_ | B_(EF_UX) | B_(EF_UW) | B_(EF_UR) | B_(EF_PX) |
	  B_(EF_PW) | B_(EF_PR) | B_(EF_PR_SPAN) | B_(EF_INPUT_PAGE),
	  "E_PAGE_REQUEST" },
	{ SMMU_EVT_F_VMS_FETCH, FETCH_, "F_VMS_FETCH" },
};

static const struct smmu_evt_desc_ *smmu_evt_find_(uint8_t id)
{
	size_t i;

	for (i = 0; i < VSMMU_ARRAY_SIZE(smmu_evts_); i++)
		if (smmu_evts_[i].id == id)
			return &smmu_evts_[i];
	return NULL;
}

const char *smmu_evt_name(uint8_t id)
{
	const struct smmu_evt_desc_ *d = smmu_evt_find_(id);

	if (d)
		return d->name;
	if (id >= 0xE0u && id <= 0xEFu)   /* facts §6.1 */
		return "EVT_IMPDEF";
	return "EVT_RESERVED";
}

int smmu_evt_encode(const struct smmu_evt *e, uint64_t out[SMMU_EVT_DWORDS])
{
	const struct smmu_evt_desc_ *d = smmu_evt_find_(e->id);
	uint32_t fields = d ? d->fields : STREAM_;
	unsigned int f;
	int rc = 0;

	vsmmu_memset(out, 0, SMMU_EVT_DWORDS * sizeof(out[0]));
	out[0] = smmu_field_prep(SMMU_EVT0_ID, e->id);
	for (f = 0; f < EF_COUNT_; f++)
		if ((fields & B_(f)) &&
		    !smmu_fput_(&smmu_evt_fields_[f], e, out))
			rc = -VSMMU_ERR_RANGE;
	return d ? rc : -VSMMU_ERR_ILL;
}

int smmu_evt_decode(const uint64_t in[SMMU_EVT_DWORDS], struct smmu_evt *e)
{
	const struct smmu_evt_desc_ *d;
	unsigned int f;

	vsmmu_memset(e, 0, sizeof(*e));
	e->id = (uint8_t)smmu_field_get(SMMU_EVT0_ID, in[0]);
	d = smmu_evt_find_(e->id);
	for (f = 0; f < EF_COUNT_; f++)
		if ((d ? d->fields : STREAM_) & B_(f))
			smmu_fget_(&smmu_evt_fields_[f], in, e);
	return d ? 0 : -VSMMU_ERR_ILL;
}
