// SPDX-License-Identifier: MIT
/*
 * Attaching StreamIDs: stage 2 only, nested (guest stage 1 over the
 * domain's stage 2, IHI 0070 §3.3.2 Config = 0b111), abort. Each computes
 * the target STE and hands it to psmmu_ste_commit_ (ste.c).
 */
#include "vsmmu/env.h"
#include "vsmmu/psmmu.h"
#include "internal.h"

static int attach_commit_(struct psmmu *p, struct psmmu_sid_ *e,
			  const uint64_t t[SMMU_STE_DWORDS],
			  struct psmmu_domain *dom, uint8_t mode)
{
	int err = psmmu_ste_commit_(p, e->sid, t);

	if (err) {
		psmmu_logf_(p, VSMMU_LOG_ERR,
			    "psmmu: STE update of SID 0x%x failed: %s",
			    e->sid, vsmmu_strerror(err));
		return err;
	}
	if (dom)
		dom->users++;
	if (e->dom)
		e->dom->users--;
	e->dom = dom;
	e->mode = mode;
	return 0;
}

int psmmu_attach_s2(struct psmmu *p, uint32_t sid, struct psmmu_domain *dom)
{
	uint64_t t[SMMU_STE_DWORDS];
	struct psmmu_sid_ *e;
	int err;

	if (!p || !dom || dom->p != p)
		return -VSMMU_ERR_INVAL;
	psmmu_lock_(p);
	e = psmmu_sid_find_(p, sid);
	if (!e) {
		err = -VSMMU_ERR_NOENT;
	} else if (p->failed) {
		err = -VSMMU_ERR_HW;
	} else {
		psmmu_ste_make_s2_(p, dom, t);
		err = attach_commit_(p, e, t, dom, PSMMU_MODE_S2_);
	}
	psmmu_unlock_(p);
	return err;
}

/*
 * The vSMMU already refused what the guest may not ask for (DESIGN.md);
 * here the values are checked against the encodings and this SMMU, so an
 * embedder's mistake cannot build an ILLEGAL STE (facts §3.8).
 */
static int attach_s1_check_(const struct psmmu *p,
			    const struct psmmu_domain *dom,
			    const struct psmmu_s1_cfg *s1)
{
	uint64_t m = p->feat.mask;

	if (!psmmu_can_nest(p))
		return -VSMMU_ERR_NOTSUPP;
	if (s1->s1fmt > SMMU_STE_S1FMT_64K_L2 ||
	    s1->s1dss > SMMU_STE_S1DSS_SSID0 || s1->s1cir > 3 ||
	    s1->s1cor > 3 || s1->s1csh > 3 || s1->eats > 1 ||
	    s1->s1cdmax > p->feat.ssid_bits || (s1->s1ctxptr & 63u))
		return -VSMMU_ERR_INVAL;
	if (s1->s1fmt != SMMU_STE_S1FMT_LINEAR && s1->s1cdmax &&
	    !(m & PSMMU_FEAT_2LVL_CDTAB))
		return -VSMMU_ERR_NOTSUPP;
	if (s1->s1stalld && !(m & PSMMU_FEAT_STALLS))
		return -VSMMU_ERR_NOTSUPP;
	if (s1->eats && !(m & PSMMU_FEAT_ATS))
		return -VSMMU_ERR_NOTSUPP;
	if (dom->ias_bits < 64 && (s1->s1ctxptr >> dom->ias_bits))
		return -VSMMU_ERR_RANGE;
	return 0;
}

int psmmu_attach_nested(struct psmmu *p, uint32_t sid,
			struct psmmu_domain *dom,
			const struct psmmu_s1_cfg *s1)
{
	uint64_t t[SMMU_STE_DWORDS];
	struct psmmu_sid_ *e;
	int err;

	if (!p || !dom || !s1 || dom->p != p)
		return -VSMMU_ERR_INVAL;
	psmmu_lock_(p);
	e = psmmu_sid_find_(p, sid);
	if (!e)
		err = -VSMMU_ERR_NOENT;
	else if (p->failed)
		err = -VSMMU_ERR_HW;
	else
		err = attach_s1_check_(p, dom, s1);
	if (!err) {
		psmmu_ste_make_nested_(p, dom, s1, t);
		err = attach_commit_(p, e, t, dom, PSMMU_MODE_NESTED_);
	}
	psmmu_unlock_(p);
	return err;
}

int psmmu_attach_abort(struct psmmu *p, uint32_t sid)
{
	struct psmmu_sid_ *e;
	int err;

	if (!p)
		return -VSMMU_ERR_INVAL;
	psmmu_lock_(p);
	e = psmmu_sid_find_(p, sid);
	if (!e)
		err = -VSMMU_ERR_NOENT;
	else if (p->failed)
		err = -VSMMU_ERR_HW;
	else
		err = psmmu_sid_set_abort_(p, e);
	psmmu_unlock_(p);
	return err;
}

/* An unused SID is an abort STE, so detaching is the same update. */
int psmmu_detach(struct psmmu *p, uint32_t sid)
{
	return psmmu_attach_abort(p, sid);
}
