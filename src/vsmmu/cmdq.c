/* SPDX-License-Identifier: MIT */
/*
 * The command queue consumer (IHI 0070 §4, §7.1; facts §5, §8.2-8.4).
 *
 * Commands run on a CMDQ_PROD write, on CR0.CMDQEN becoming 1 and on the
 * GERRORN write that acknowledges CMDQ_ERR, at most cfg.cmd_budget units of
 * work per call; the rest continues in vsmmu_resume. Commands are read
 * from guest memory in chunks (up to PROD, the end of the queue and the
 * budget) rather than one host call each; CONS still advances only over
 * finished commands and is published (release store) after each, so a
 * vCPU polling CMDQ_CONS sees progress without the lock.
 *
 * A command the architecture calls illegal here (unknown or reserved
 * opcode, reserved field, an opcode for a feature we do not advertise,
 * CMD_SYNC with CS = 0b11) stops the queue with CONS.ERR = CERROR_ILL and
 * GERROR.CMDQ_ERR; an unreadable command with CERROR_ABT. CONS stays on the
 * bad command until the guest acknowledges through GERRORN, exactly as the
 * hardware does; nothing is retried on its own.
 *
 * Invalidations are batched per call: viommu_inv_begin before the first,
 * viommu_inv_commit before any CMD_SYNC completes and at the end of the
 * call, so a run of TLBIs followed by one CMD_SYNC costs one physical
 * batch and one sync per physical SMMU.
 */
#include "vsmmu/env.h"
#include "vsmmu/vsmmu.h"
#include "internal.h"

/* exec results besides SMMU_CERROR_*: the command is not finished yet. */
#define VSMMU_CMD_MORE_ 0x100u

bool vsmmu_cmdq_runnable_(const struct vsmmu *v)
{
	unsigned int log2n = vsmmu_q_log2_(v->cmdq_base);
	struct smmu_qpos prod, cons;

	if (!(v->cr0 & SMMU_CR0_CMDQEN) ||
	    (smmu_gerror_active(v->gerror, v->gerrorn) & SMMU_GERROR_CMDQ_ERR))
		return false;
	prod = smmu_qpos_unpack(v->cmdq_prod, log2n);
	cons = smmu_qpos_unpack(v->cmdq_cons, log2n);
	/* Inconsistent PROD/CONS (facts §8.4): treated as nothing to do. */
	return !smmu_q_is_empty(prod, cons) &&
	       smmu_q_consistent(prod, cons, log2n);
}

static void vsmmu_inv_flush_(struct vsmmu_locked vl)
{
	struct vsmmu *v = vl.v;

	if (!v->inv_open)
		return;
	v->inv_open = false;
	VSMMU_CNT(v, inv_commits);
	vsmmu_backend_ret_(vl, viommu_inv_commit(v->vd, &v->inv),
			   "inv_commit", 0);
}

/*
 * Forward one guest invalidation in its queue form (w: the words c was
 * decoded from): viommu patches VMID or StreamID into the words, so the
 * command is not encoded again on the way to the physical queue.
 */
static inline void vsmmu_inv_fwd_(struct vsmmu_locked vl,
				  const struct smmu_cmd *c,
				  const uint64_t w[2])
{
	struct vsmmu *v = vl.v;
	int ret;

	if (!v->inv_open) {
		viommu_inv_begin(v->vd, &v->inv);
		v->inv_open = true;
	}
	ret = viommu_inv_add_words(v->vd, &v->inv, w);
	if (ret == 0)
		VSMMU_CNT(v, inv_cmds);
	/* -NOENT: an emulated vSID, nothing physical to invalidate. The
	 * command's name is looked up only for a failure's log line: this
	 * runs for every forwarded command (vsmmu-bench row 2). */
	if (ret < 0)
		vsmmu_backend_ret_(vl, ret, smmu_cmd_name(c->op), c->sid);
}

/* CFGI_STE / CFGI_STE_RANGE / CFGI_ALL: set up the scan of the range. */
static void vsmmu_cfgi_setup_(struct vsmmu *v, const struct smmu_cmd *c)
{
	uint64_t space = 1ull << vsmmu_sid_bits_(v);
	uint64_t first, n;

	if (c->op == SMMU_CMD_CFGI_STE) {
		first = c->sid;
		n = 1;
	} else if (c->range == SMMU_CFGI_RANGE_ALL) {
		first = 0;
		n = space;
	} else {
		/* 2^(Range+1) SIDs, aligned down (facts §5.3, App. B). */
		n = 1ull << (c->range + 1u);
		first = (uint64_t)c->sid & ~(n - 1u);
	}
	v->cfgi.active = true;
	v->cfgi.next = first;
	v->cfgi.end = first < space ? VSMMU_MIN(first + n, space) : first;
	if (c->op == SMMU_CMD_CFGI_STE || c->range != SMMU_CFGI_RANGE_ALL) {
		uint64_t s;

		for (s = first; s < v->cfgi.end && s - first < 64; s++)
			vsmmu_tlb_inv_sid_(v, (uint32_t)s);
		if (v->cfgi.end - first > 64)
			vsmmu_tlb_inv_all_(v);
	} else {
		vsmmu_tlb_inv_all_(v);
	}
}

static unsigned int vsmmu_cfgi_(struct vsmmu_locked vl,
				const struct smmu_cmd *c, unsigned int *budget)
{
	struct vsmmu *v = vl.v;

	if (!v->cfgi.active)
		vsmmu_cfgi_setup_(v, c);
	/*
	 * While SMMUEN = 0 GBPA governs every stream and the stream table
	 * is read when SMMUEN becomes 1; nothing to re-derive now.
	 */
	if (!(v->cr0 & SMMU_CR0_SMMUEN)) {
		v->cfgi.active = false;
		return SMMU_CERROR_NONE;
	}
	if (!vsmmu_scan_step_(vl, &v->cfgi, budget, true))
		return VSMMU_CMD_MORE_;
	return SMMU_CERROR_NONE;
}

/*
 * CMD_SYNC (facts §8.2): everything before it has reached the hardware
 * (the batch is committed); CONS moves past it before the completion
 * signal, which the caller sends through *sig.
 */
static unsigned int vsmmu_sync_(struct vsmmu_locked vl)
{
	vsmmu_inv_flush_(vl);
	VSMMU_CNT(vl.v, syncs);
	return SMMU_CERROR_NONE;
}

static void vsmmu_sync_signal_(struct vsmmu_locked vl, const struct smmu_cmd *c)
{
	struct vsmmu *v = vl.v;

	switch (c->cs) {
	case SMMU_SYNC_CS_IRQ:
		if ((v->idr[0] & SMMU_IDR0_MSI) && c->msiaddr) {
			vsmmu_msi_(vl, c->msiaddr, c->msidata,
				   SMMU_GERROR_MSI_CMDQ_ABT_ERR);
			return;
		}
		vsmmu_irq_pulse_(vl, VSMMU_IRQ_CMDQ_SYNC);
		return;
	case SMMU_SYNC_CS_SEV:
		/* Without IDR0.SEV, SIG_SEV is SIG_NONE (facts §5.3). */
		if (v->host->sev)
			v->host->sev(v->hctx);
		return;
	default:
		return;
	}
}

/*
 * RES0 fields that depend on what the guest was told (IHI 0070 §4.1.5: an
 * implementation may check RES0 fields; smmu_cmd_decode checks the fixed
 * ones, this the feature-dependent ones): without IDR3.RIL the range and
 * level-hint fields of TLBI_NH_VA/VAA (facts §5.4), without IDR0.ASID16
 * ASID[15:8] (facts §4.2). Without IDR5.DS (never advertised) SCALE is
 * 24:20, and a 16K range TLBI with TTL = 0b01 and NUM = SCALE = 0 is the
 * reserved TTL-only encoding (IHI 0070 §4.4.1.1; smmu_cmd_decode leaves
 * both to the caller). Forwarded, such a command would be widened to a
 * whole ASID/VMID flush on an SMMU without RIL, or be a physical
 * CERROR_ILL.
 */
static bool vsmmu_tlbi_res0_ok_(const struct vsmmu *v,
				const struct smmu_cmd *c)
{
	if (!(v->idr[0] & SMMU_IDR0_ASID16) && (c->asid >> 8))
		return false;
	if (!(v->idr[3] & SMMU_IDR3_RIL) &&
	    (c->tg || c->ttl || c->num || c->scale || c->ttl128))
		return false;
	if (!(v->idr[5] & SMMU_IDR5_DS) &&
	    (c->scale > 31u ||
	     (c->tg == SMMU_CMD_TG_16K && c->ttl == 1u && !c->num &&
	      !c->scale)))
		return false;
	return true;
}

static unsigned int vsmmu_exec_(struct vsmmu_locked vl,
				const struct smmu_cmd *c, const uint64_t w[2],
				unsigned int *budget)
{
	struct vsmmu *v = vl.v;

	/* Non-secure queue: SSec = 1 is illegal (facts §5.2). */
	if (c->ssec)
		return SMMU_CERROR_ILL;
	switch (c->op) {
	case SMMU_CMD_PREFETCH_CONFIG:
	case SMMU_CMD_PREFETCH_ADDR:
		return SMMU_CERROR_NONE;	/* hints */
	case SMMU_CMD_CFGI_STE:
	case SMMU_CMD_CFGI_STE_RANGE:
		return vsmmu_cfgi_(vl, c, budget);
	case SMMU_CMD_CFGI_CD:
	case SMMU_CMD_CFGI_CD_ALL:
		vsmmu_tlb_inv_sid_(v, c->sid);
		vsmmu_inv_fwd_(vl, c, w);
		return SMMU_CERROR_NONE;
	case SMMU_CMD_TLBI_NH_ALL:
	case SMMU_CMD_TLBI_NH_ASID:
	case SMMU_CMD_TLBI_NH_VA:
	case SMMU_CMD_TLBI_NH_VAA:
	case SMMU_CMD_TLBI_NSNH_ALL:
		if (!vsmmu_tlbi_res0_ok_(v, c))
			return SMMU_CERROR_ILL;
		vsmmu_tlb_inv_cmd_(v, c);
		vsmmu_inv_fwd_(vl, c, w);
		return SMMU_CERROR_NONE;
	case SMMU_CMD_ATC_INV:
		if (!(v->idr[0] & SMMU_IDR0_ATS))
			return SMMU_CERROR_ILL;
		vsmmu_inv_fwd_(vl, c, w);
		return SMMU_CERROR_NONE;
	case SMMU_CMD_RESUME:
	case SMMU_CMD_STALL_TERM:
		/*
		 * Only passthrough devices stall (on the physical SMMU); a
		 * RESUME for an emulated vSID matches no stalled transaction
		 * and is ignored, as for a wrong STAG (IHI 0070 §4.6.2).
		 */
		if (smmu_field_get(SMMU_IDR0_STALL_MODEL, v->idr[0]) ==
		    SMMU_IDR0_STALL_MODEL_NOSTALL)
			return SMMU_CERROR_ILL;
		vsmmu_inv_fwd_(vl, c, w);
		return SMMU_CERROR_NONE;
	case SMMU_CMD_SYNC:
		return vsmmu_sync_(vl);
	default:
		/*
		 * CFGI_VMS_PIDM (no MPAM), TLBI_EL2_* (no Hyp), TLBI_S12_VMALL
		 * and TLBI_S2_IPA (no S2P), EL3 and Secure commands, PRI_RESP
		 * (no PRI).
		 */
		return SMMU_CERROR_ILL;
	}
}

static void vsmmu_cmdq_error_(struct vsmmu_locked vl, unsigned int cerr,
			      uint64_t gpa, const uint64_t raw[2])
{
	struct vsmmu *v = vl.v;
	uint32_t cons = v->cmdq_cons & ~(uint32_t)SMMU_CMDQ_CONS_ERR;

	VSMMU_CNT(v, cmd_errors);
	vsmmu_log_(v, VSMMU_LOG_GUEST, "command at 0x%llx (0x%llx 0x%llx): %s",
		   (unsigned long long)gpa, (unsigned long long)raw[0],
		   (unsigned long long)raw[1],
		   cerr == SMMU_CERROR_ABT ? "CERROR_ABT" : "CERROR_ILL");
	cons |= (uint32_t)smmu_field_prep(SMMU_CMDQ_CONS_ERR, cerr);
	vsmmu_store_release32(&v->cmdq_cons, cons);
	v->cfgi.active = false;
	vsmmu_gerror_raise_(vl, SMMU_GERROR_CMDQ_ERR);
}

/*
 * Entries read from guest memory per host call. The entries from CONS up
 * to PROD have been handed to the SMMU and software must not change them
 * until CONS passes them (IHI 0070 §3.5, §4.1), so reading ahead of CONS is
 * what hardware may do as well; it turns one host call per command into
 * one per chunk. 16 entries are 256 bytes of stack.
 */
#define VSMMU_CMD_CHUNK_ 16u

/*
 * Whether the rest of a chunk read before this command may still run:
 * true for the commands that neither write guest memory (CMD_SYNC's MSI,
 * the event records of a CFGI_STE scan) nor leave work pending, so the
 * entries read ahead cannot have been changed by running them. After any
 * other command the queue is read again from CONS.
 */
static bool vsmmu_cmd_chunk_goes_on_(uint8_t op)
{
	/* bit n: opcode n; all of them but ATC_INV are below 64 */
	const uint64_t quiet = 1ull << SMMU_CMD_PREFETCH_CONFIG |
			       1ull << SMMU_CMD_PREFETCH_ADDR |
			       1ull << SMMU_CMD_CFGI_CD |
			       1ull << SMMU_CMD_CFGI_CD_ALL |
			       1ull << SMMU_CMD_TLBI_NH_ALL |
			       1ull << SMMU_CMD_TLBI_NH_ASID |
			       1ull << SMMU_CMD_TLBI_NH_VA |
			       1ull << SMMU_CMD_TLBI_NH_VAA |
			       1ull << SMMU_CMD_TLBI_NSNH_ALL;

	if (op >= 64)
		return op == SMMU_CMD_ATC_INV;
	return (quiet >> op) & 1u;
}

/*
 * Read up to *n commands from cons (no further than PROD and the end of
 * the queue: the caller's *n). The command at cons is read on its own,
 * the ones after it in one more host call; when those cannot be read,
 * *n becomes 1 and they are read again, each first in its own chunk, so
 * the commands before an unreadable entry still run, CERROR_ABT names the
 * right one and a failing entry is read exactly once. Returns 0 with
 * *n >= 1, or -VSMMU_ERR_GMEM / -VSMMU_ERR_RANGE for the command at cons
 * (*gpa is its address).
 */
static int vsmmu_cmd_fetch_(struct vsmmu_locked vl, uint64_t qaddr,
			    struct smmu_qpos cons,
			    uint64_t raw[VSMMU_CMD_CHUNK_ * 2], unsigned int *n,
			    uint64_t *gpa)
{
	uint64_t off;
	int err;

	*gpa = qaddr;
	raw[0] = 0;
	raw[1] = 0;
	if (vsmmu_mul_overflow((uint64_t)cons.idx, (uint64_t)SMMU_CMD_BYTES,
			       &off) ||
	    vsmmu_add_overflow(qaddr, off, gpa))
		return -VSMMU_ERR_RANGE;
	err = vsmmu_read_words_(vl, *gpa, raw, 2);
	if (err)
		return err;
	/* A 56-bit queue base (Q_BASE_ADDR) plus 2^19 entries cannot wrap. */
	if (*n > 1 && vsmmu_read_words_(vl, *gpa + SMMU_CMD_BYTES, raw + 2,
					(*n - 1u) * 2u) != 0)
		*n = 1;
	return 0;
}

/*
 * Run one chunk of commands from CONS. Returns false when the loop must
 * stop (an error, the budget spent inside a CFGI range), true when the
 * caller may read the next chunk.
 */
static bool vsmmu_cmdq_chunk_(struct vsmmu_locked vl, uint64_t qaddr,
			      unsigned int log2n, unsigned int *budget)
{
	struct vsmmu *v = vl.v;
	struct smmu_qpos prod = smmu_qpos_unpack(v->cmdq_prod, log2n);
	struct smmu_qpos cons = smmu_qpos_unpack(v->cmdq_cons, log2n);
	uint32_t cons_reg = smmu_qpos_pack(cons, log2n);   /* RD|WR, no ERR */
	uint64_t raw[VSMMU_CMD_CHUNK_ * 2], gpa;
	unsigned int n, i;

	/* runnable_ checked PROD/CONS consistent and not empty */
	n = VSMMU_MIN(smmu_q_used(prod, cons, log2n), (1u << log2n) - cons.idx);
	n = VSMMU_MIN(n, VSMMU_MIN(*budget, VSMMU_CMD_CHUNK_));
	if (vsmmu_cmd_fetch_(vl, qaddr, cons, raw, &n, &gpa) != 0) {
		vsmmu_cmdq_error_(vl, SMMU_CERROR_ABT, gpa, raw);
		return false;
	}
	for (i = 0; i < n; i++, gpa += SMMU_CMD_BYTES) {
		const uint64_t *w = &raw[i * 2u];
		struct smmu_cmd c;
		unsigned int cerr;

		if (smmu_cmd_decode(w, &c) != 0) {
			vsmmu_cmdq_error_(vl, SMMU_CERROR_ILL, gpa, w);
			return false;
		}
		cerr = vsmmu_exec_(vl, &c, w, budget);
		/* MORE: the budget ran out inside a CFGI range */
		if (cerr == VSMMU_CMD_MORE_)
			return false;
		if (cerr != SMMU_CERROR_NONE) {
			vsmmu_cmdq_error_(vl, cerr, gpa, w);
			return false;
		}
		cons_reg = smmu_qpos_packed_next(cons_reg, log2n);
		vsmmu_store_release32(&v->cmdq_cons, cons_reg);
		VSMMU_CNT(v, cmds);
		if (*budget)
			(*budget)--;
		/* The completion signal comes after CONS moved past it. */
		if (c.op == SMMU_CMD_SYNC)
			vsmmu_sync_signal_(vl, &c);
		if (!vsmmu_cmd_chunk_goes_on_(c.op))
			break;
	}
	return true;
}

int vsmmu_cmdq_run_(struct vsmmu_locked vl)
{
	struct vsmmu *v = vl.v;
	unsigned int budget = v->cfg.cmd_budget;
	unsigned int log2n = vsmmu_q_log2_(v->cmdq_base);
	uint64_t qaddr = vsmmu_q_addr_(v->cmdq_base, SMMU_CMD_BYTES);
	int pending;

	while (budget > 0 && vsmmu_cmdq_runnable_(v))
		if (!vsmmu_cmdq_chunk_(vl, qaddr, log2n, &budget))
			break;
	vsmmu_inv_flush_(vl);
	pending = vsmmu_cmdq_runnable_(v);
	return pending ? VSMMU_PENDING : 0;
}
