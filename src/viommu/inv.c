// SPDX-License-Identifier: MIT
/*
 * Guest invalidations, forwarded precisely (DESIGN.md): the VMID of every
 * TLBI is forced to the domain's VMID on each physical SMMU, vSIDs become
 * pSIDs, a TLBI goes only to the SMMUs that hold devices of the domain and
 * to each once, and one guest batch (one CMDQ_PROD write) becomes one
 * physical batch with one CMD_SYNC per touched SMMU. Nothing is widened
 * into a whole-domain flush: a guest TLBI by VA stays a TLBI by VA.
 *
 * The stall commands (CMD_RESUME, CMD_STALL_TERM) take the same vSID ->
 * pSID path, so stalled stage-1 faults forwarded to the guest can be
 * answered.
 *
 * Commands travel in their queue form: the guest's two dwords, checked
 * with smmu_cmd_check (so every bit the opcode does not define is zero and
 * no reserved value passes), get the domain's VMID or the pSID patched in,
 * and go to the backend as words. Nothing the guest put outside the
 * opcode's fields reaches the hardware, and no command is decoded and
 * encoded again on the way (docs/bench.md, row 2).
 */
#include "vsmmu/env.h"
#include "vsmmu/viommu.h"
#include "internal.h"

void viommu_inv_begin(struct viommu_dom *d, struct viommu_inv *b)
{
	(void)d;
	b->touched = 0;
	b->ncmds = 0;
}

static bool be_has_ril(const struct viommu_backend_ *be)
{
	return (be->idrs.idr[3] & SMMU_IDR3_RIL) != 0;
}

/*
 * The physical form of a stage-1 TLBI for one backend, built on the
 * guest's words: the VMID field is replaced by the domain's VMID on that
 * SMMU and everything else the opcode defines is kept (smmu_cmd_check has
 * made every other bit zero). A range TLBI (TG != 0) needs IDR3.RIL
 * (IHI 0070 §4.4.1); the intersection hides RIL from the guest when one
 * SMMU lacks it, but a guest may send one anyway. Without RIL a TG/TTL
 * hint that covers one page (NUM = SCALE = 0) is dropped, which keeps the
 * command exact; a real range becomes the narrowest command that still
 * covers it (the ASID, or the VMID's stage 1 for NH_VAA), never one page,
 * which would leave stale entries.
 */
static void tlbi_for(const struct viommu_backend_ *be, uint8_t op,
		     const uint64_t g[2], uint64_t p[2])
{
	uint16_t vmid = be->ops->vmid(be->bctx);

	switch (op) {
	case SMMU_CMD_TLBI_NSNH_ALL:
	case SMMU_CMD_TLBI_NH_ALL:
		/* Non-secure non-Hyp "everything" is, for a guest, all of
		 * its own stage 1: the VMID's NH_ALL. */
		p[0] = smmu_field_prep(SMMU_CMD0_OP, SMMU_CMD_TLBI_NH_ALL) |
		       smmu_field_prep(SMMU_CMD0_VMID, vmid);
		p[1] = 0;
		return;
	default:
		break;
	}
	/* NH_ASID, NH_VA, NH_VAA */
	p[0] = smmu_field_set(SMMU_CMD0_VMID, g[0], vmid);
	p[1] = g[1];
	if (!(g[1] & SMMU_CMD1_TG) || be_has_ril(be))
		return;
	if (!(g[0] & (SMMU_CMD0_NUM | SMMU_CMD0_SCALE))) {
		p[1] &= ~(SMMU_CMD1_TG | SMMU_CMD1_TTL | SMMU_CMD1_TTL128);
		return;
	}
	/*
	 * A real range: NH_VA becomes NH_ASID of its ASID, NH_VAA becomes
	 * NH_ALL (its ASID field is RES0, so there is none to keep).
	 */
	p[0] = smmu_field_set(SMMU_CMD0_OP,
			      p[0] & (SMMU_CMD0_VMID | SMMU_CMD0_ASID),
			      op == SMMU_CMD_TLBI_NH_VA ?
			      SMMU_CMD_TLBI_NH_ASID : SMMU_CMD_TLBI_NH_ALL);
	p[1] = 0;
}

/*
 * Hand one physical command to a backend: as words when it takes them
 * (nothing decoded or encoded again), else decoded for inv_add. The words
 * were built from checked guest words, so the decode cannot refuse them.
 */
static inline int add_one(struct viommu_dom *d, struct viommu_inv *b,
			  unsigned int idx, const uint64_t p[2])
{
	struct viommu_backend_ *be = &d->be[idx];
	int err;

	if (be->ops->inv_add_words) {
		err = be->ops->inv_add_words(be->bctx, p);
	} else {
		struct smmu_cmd c;

		err = smmu_cmd_decode(p, &c);
		if (!err)
			err = be->ops->inv_add(be->bctx, &c);
	}
	/* Even a failed add may have queued part of a batch (a psmmu
	 * automatic flush): commit this backend in any case. */
	b->touched |= 1u << idx;
	if (!err) {
		b->ncmds++;
		d->stats.inv_cmds++;
	}
	return err;
}

/* The guest commands viommu forwards (viommu.h). */
static bool inv_forwarded(uint8_t op)
{
	switch (op) {
	case SMMU_CMD_TLBI_NSNH_ALL:
	case SMMU_CMD_TLBI_NH_ALL:
	case SMMU_CMD_TLBI_NH_ASID:
	case SMMU_CMD_TLBI_NH_VA:
	case SMMU_CMD_TLBI_NH_VAA:
	case SMMU_CMD_CFGI_CD:
	case SMMU_CMD_CFGI_CD_ALL:
	case SMMU_CMD_ATC_INV:
	case SMMU_CMD_RESUME:
	case SMMU_CMD_STALL_TERM:
		return true;
	default:
		return false;
	}
}

int viommu_inv_add_words(struct viommu_dom *d, struct viommu_inv *b,
			 const uint64_t g[2])
{
	uint64_t p[2];
	uint32_t vsid, psid;
	uint8_t op;
	int err = 0;
	long i;

	if (!d || !b || !g)
		return -VSMMU_ERR_INVAL;
	op = (uint8_t)smmu_field_get(SMMU_CMD0_OP, g[0]);
	if (!inv_forwarded(op))
		return -VSMMU_ERR_INVAL;
	/* Every bit the opcode does not define is zero from here on. */
	if (smmu_cmd_check(g) != 0)
		return -VSMMU_ERR_ILL;
	switch (op) {
	case SMMU_CMD_TLBI_NSNH_ALL:
	case SMMU_CMD_TLBI_NH_ALL:
	case SMMU_CMD_TLBI_NH_ASID:
	case SMMU_CMD_TLBI_NH_VA:
	case SMMU_CMD_TLBI_NH_VAA:
		viommu_lock_(d);
		for (unsigned int k = 0; k < d->nbackends; k++) {
			int e;

			/* Only SMMUs that hold devices of the domain can
			 * cache its stage-1 entries. */
			if (!d->be[k].nmapped)
				continue;
			tlbi_for(&d->be[k], op, g, p);
			e = add_one(d, b, k, p);
			if (e && !err)
				err = e;
		}
		viommu_unlock_(d);
		return err;
	default:
		break;
	}

	vsid = (uint32_t)smmu_field_get(SMMU_CMD0_SID, g[0]);
	viommu_lock_(d);
	i = viommu_map_find_v_(&d->map, vsid);
	if (i < 0) {
		viommu_unlock_(d);
		return -VSMMU_ERR_NOENT;
	}
	/*
	 * CFGI_CD / CD_ALL, ATC_INV, RESUME, STALL_TERM: the guest's fields
	 * with the pSID in place of the vSID. SSec is cleared: the guest's
	 * queue is Non-secure, so it never names Secure streams (facts
	 * §5.2). A stalled transaction is named by (StreamID, STAG)
	 * (IHI 0070 §4.6.2): with the pSID substituted, a guest can only
	 * resume or terminate stalls of its own streams.
	 */
	psid = d->map.byv[i].psid + (vsid - d->map.byv[i].vsid);
	p[0] = smmu_field_set(SMMU_CMD0_SID, g[0] & ~SMMU_CMD0_SSEC, psid);
	p[1] = g[1];
	err = add_one(d, b, d->map.byv[i].idx, p);
	viommu_unlock_(d);
	return err;
}

int viommu_inv_add(struct viommu_dom *d, struct viommu_inv *b,
		   const struct smmu_cmd *g)
{
	uint64_t w[2];
	int err;

	if (!d || !b || !g || !inv_forwarded(g->op))
		return -VSMMU_ERR_INVAL;
	/* One translation, on the words: encode refuses values that do
	 * not fit their fields (-VSMMU_ERR_RANGE). */
	err = smmu_cmd_encode(g, w);
	if (err)
		return err;
	return viommu_inv_add_words(d, b, w);
}

int viommu_inv_commit(struct viommu_dom *d, struct viommu_inv *b)
{
	int err = 0;

	if (!d || !b)
		return -VSMMU_ERR_INVAL;
	viommu_lock_(d);
	for (unsigned int k = 0; k < d->nbackends; k++) {
		int e;

		if (!(b->touched & (1u << k)))
			continue;
		e = d->be[k].ops->inv_commit(d->be[k].bctx);
		d->stats.inv_commits++;
		if (e && !err)
			err = e;
	}
	viommu_unlock_(d);
	b->touched = 0;
	b->ncmds = 0;
	return err;
}

int viommu_sync(struct viommu_dom *d)
{
	int err = 0;

	if (!d)
		return -VSMMU_ERR_INVAL;
	viommu_lock_(d);
	for (unsigned int k = 0; k < d->nbackends; k++) {
		int e;

		if (!d->be[k].nmapped)
			continue;
		e = d->be[k].ops->sync(d->be[k].bctx);
		if (e && !err)
			err = e;
	}
	viommu_unlock_(d);
	return err;
}
