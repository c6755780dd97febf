/* SPDX-License-Identifier: MIT */
/*
 * Lifecycle, lock, log, guest-memory access and the public entry points
 * that are not register accesses.
 */
#include "vsmmu/env.h"
#include "vsmmu/vsmmu.h"
#include "internal.h"

struct vsmmu_locked vsmmu_lock_(struct vsmmu *v)
{
	if (v->host->lock_ops.lock)
		v->host->lock_ops.lock(v->hctx, v->cfg.lock);
	return (struct vsmmu_locked){ v };
}

void vsmmu_unlock_(struct vsmmu_locked vl)
{
	struct vsmmu *v = vl.v;

	if (v->host->lock_ops.unlock)
		v->host->lock_ops.unlock(v->hctx, v->cfg.lock);
}

bool vsmmu_log_on_(const struct vsmmu *v, enum vsmmu_log_level lvl)
{
	return v->host->log && lvl <= v->cfg.log_level;
}

void vsmmu_log_msg_(const struct vsmmu *v, enum vsmmu_log_level lvl,
		    const char *msg)
{
	if (v->host->log)
		v->host->log(v->hctx, lvl, msg);
}

unsigned int vsmmu_sid_bits_(const struct vsmmu *v)
{
	return (unsigned int)smmu_field_get(SMMU_IDR1_SIDSIZE, v->idr[1]);
}

/*
 * Every guest structure is an array of little-endian 64-bit words (facts
 * §0). One call to the host per structure; a failure is the architecture's
 * external abort for whatever was being fetched.
 */
int vsmmu_read_words_(struct vsmmu_locked vl, uint64_t gpa, uint64_t *w,
		      unsigned int n)
{
	struct vsmmu *v = vl.v;
	unsigned int i;

	if (v->host->gpa_read(v->hctx, gpa, w, (size_t)n * 8u) != 0)
		return -VSMMU_ERR_GMEM;
	for (i = 0; i < n; i++)
		w[i] = vsmmu_le64_to_cpu(w[i]);
	return 0;
}

int vsmmu_write_words_(struct vsmmu_locked vl, uint64_t gpa,
		       const uint64_t *w, unsigned int n)
{
	struct vsmmu *v = vl.v;
	uint64_t le[SMMU_STE_DWORDS];
	unsigned int i;

	if (n > SMMU_STE_DWORDS)
		return -VSMMU_ERR_INTERNAL;
	for (i = 0; i < n; i++)
		le[i] = vsmmu_cpu_to_le64(w[i]);
	if (v->host->gpa_write(v->hctx, gpa, le, (size_t)n * 8u) != 0)
		return -VSMMU_ERR_GMEM;
	return 0;
}

int vsmmu_backend_ret_(struct vsmmu_locked vl, int ret, const char *what,
		       uint32_t vsid)
{
	if (ret < 0 && ret != -VSMMU_ERR_NOENT) {
		VSMMU_CNT(vl.v, backend_errors);
		vsmmu_log_(vl.v, VSMMU_LOG_WARN, "%s (vSID %u) failed: %s",
			   what, vsid, vsmmu_strerror(ret));
	}
	return ret;
}

static int vsmmu_emul_deliver_(void *ectx, const uint64_t rec[4])
{
	return vsmmu_deliver_event((struct vsmmu *)ectx, rec);
}

static const struct viommu_emul_ops vsmmu_emul_ops_ = {
	.deliver_event = vsmmu_emul_deliver_,
};

static int vsmmu_cfg_check_(const struct vsmmu_cfg *c)
{
	if (c->sid_bits > 32 || c->cmdq_log2_max > SMMU_Q_MAX_LOG2 ||
	    c->evtq_log2_max > SMMU_Q_MAX_LOG2 || c->tlb_entries > 4096)
		return -VSMMU_ERR_INVAL;
	return 0;
}

int vsmmu_create(const struct vsmmu_cfg *cfg, const struct vsmmu_host_ops *host,
		 void *host_ctx, struct viommu_dom *vd, struct vsmmu **out)
{
	uint32_t pidr[6], piidr = 0, paidr = 0;
	struct vsmmu *v;
	size_t tlb_bytes;
	int ret;

	if (!cfg || !host || !vd || !out || !host->gpa_read ||
	    !host->gpa_write || !host->mem.alloc || !host->mem.free)
		return -VSMMU_ERR_INVAL;
	if (!host->lock_ops.lock != !host->lock_ops.unlock)
		return -VSMMU_ERR_INVAL;
	ret = vsmmu_cfg_check_(cfg);
	if (ret)
		return ret;
	*out = NULL;
	/*
	 * IDR1.SIDSIZE must cover every vSID mapped so far: one the guest
	 * cannot name would keep whatever the host left on its pSID, out of
	 * reach of the guest's STEs and of the GBPA reset below.
	 */
	{
		unsigned int bits = cfg->sid_bits ? cfg->sid_bits :
						    VSMMU_DEF_SID_BITS;
		uint32_t beyond;

		if (bits < 32 &&
		    viommu_vsid_next(vd, 1u << bits, &beyond) == 0)
			return -VSMMU_ERR_INVAL;
	}

	ret = viommu_get_idrs(vd, pidr, &piidr, &paidr);
	if (ret)
		return ret;
	/* The guest owns stage 1 on AArch64 tables; nothing else works. */
	if (!(pidr[0] & SMMU_IDR0_S1P) ||
	    !(smmu_field_get(SMMU_IDR0_TTF, pidr[0]) & SMMU_IDR0_TTF_AA64))
		return -VSMMU_ERR_NOTSUPP;
	/*
	 * Forced stalls (STALL_MODEL = 0b10) need the guest told so
	 * (cfg.stall): told 0b01, it writes CDs with S = 0, each ILLEGAL on
	 * such an SMMU (facts §4.4), and no device would ever translate.
	 */
	if (smmu_field_get(SMMU_IDR0_STALL_MODEL, pidr[0]) ==
	    SMMU_IDR0_STALL_MODEL_FORCE && !cfg->stall)
		return -VSMMU_ERR_NOTSUPP;

	v = host->mem.alloc(host_ctx, sizeof(*v));
	if (!v)
		return -VSMMU_ERR_NOMEM;
	vsmmu_memset(v, 0, sizeof(*v));
	v->host = host;
	v->hctx = host_ctx;
	v->vd = vd;
	v->cfg = *cfg;
	if (!v->cfg.cmd_budget)
		v->cfg.cmd_budget = VSMMU_DEF_BUDGET;
	if (!v->cfg.sid_bits)
		v->cfg.sid_bits = VSMMU_DEF_SID_BITS;
	if (!v->cfg.cmdq_log2_max)
		v->cfg.cmdq_log2_max = SMMU_Q_MAX_LOG2;
	if (!v->cfg.evtq_log2_max)
		v->cfg.evtq_log2_max = SMMU_Q_MAX_LOG2;
	if (!v->cfg.tlb_entries)
		v->cfg.tlb_entries = VSMMU_DEF_TLB;
	if (!v->cfg.iidr)
		v->cfg.iidr = VSMMU_IIDR_DEFAULT;

	tlb_bytes = (size_t)v->cfg.tlb_entries * sizeof(v->tlb[0]);
	v->tlb = host->mem.alloc(host_ctx, tlb_bytes);
	if (!v->tlb) {
		host->mem.free(host_ctx, v, sizeof(*v));
		return -VSMMU_ERR_NOMEM;
	}
	vsmmu_memset(v->tlb, 0, tlb_bytes);
	v->ntlb = v->cfg.tlb_entries;

	vsmmu_build_idrs_(v, pidr, piidr, paidr);
	/* Reset values (facts §1.1): everything 0 but GBPA's IMPDEF ABORT. */
	v->gbpa = (uint32_t)smmu_field_prep(SMMU_GBPA_SHCFG,
					    SMMU_GBPA_SHCFG_INCOMING);
	if (cfg->gbpa_abort)
		v->gbpa |= SMMU_GBPA_ABORT;

	viommu_set_emul(vd, &vsmmu_emul_ops_, v);

	/*
	 * Every vSID mapped so far gets the SMMUEN = 0 configuration now
	 * (the scan walks the framework's map, one step per mapped vSID).
	 */
	{
		struct vsmmu_locked vl = vsmmu_lock_(v);
		unsigned int budget = ~0u;

		vsmmu_rescan_start_(vl);
		vsmmu_scan_step_(vl, &v->rescan, &budget, false);
		v->rescan.active = false;
		vsmmu_unlock_(vl);
	}
	*out = v;
	return 0;
}

void vsmmu_destroy(struct vsmmu *v)
{
	const struct vsmmu_host_ops *host;
	void *ctx;

	if (!v)
		return;
	viommu_set_emul(v->vd, NULL, NULL);
	host = v->host;
	ctx = v->hctx;
	host->mem.free(ctx, v->tlb, (size_t)v->ntlb * sizeof(v->tlb[0]));
	host->mem.free(ctx, v, sizeof(*v));
}

/*
 * All deferred work, within one budget: the global re-derivation first
 * (it reflects a CR0/GBPA write that came before any later command), then
 * the command queue.
 */
int vsmmu_work_(struct vsmmu_locked vl)
{
	struct vsmmu *v = vl.v;
	unsigned int budget = v->cfg.cmd_budget;

	if (v->rescan.active) {
		vsmmu_scan_step_(vl, &v->rescan, &budget, false);
		if (v->rescan.active)
			return VSMMU_PENDING;
	}
	return vsmmu_cmdq_run_(vl);
}

static int vsmmu_after_(struct vsmmu *v, int ret)
{
	if (ret == VSMMU_PENDING) {
		if (v->host->kick)
			v->host->kick(v->hctx);
	}
	return ret;
}

int vsmmu_resume(struct vsmmu *v)
{
	struct vsmmu_locked vl;
	int ret;

	if (!v)
		return -VSMMU_ERR_INVAL;
	vl = vsmmu_lock_(v);
	ret = vsmmu_work_(vl);
	if (ret == VSMMU_PENDING)
		VSMMU_CNT(v, resumes);
	vsmmu_unlock_(vl);
	return vsmmu_after_(v, ret);
}

int vsmmu_mmio_read(struct vsmmu *v, uint32_t offset, unsigned int size,
		    uint64_t *val)
{
	struct vsmmu_locked vl;
	int ret;

	if (!val)
		return -VSMMU_ERR_INVAL;
	*val = 0;	/* nothing stale leaks through a forgotten path */
	if (!v)
		return -VSMMU_ERR_INVAL;
	if (offset >= SMMU_MMIO_SIZE)
		return -VSMMU_ERR_RANGE;
	/*
	 * CMDQ_CONS is published atomically after every finished command: a
	 * vCPU polling it takes no lock (STYLE.md §5.6).
	 */
	if (offset == SMMU_CMDQ_CONS && size == 4) {
		*val = vsmmu_load_acquire32(&v->cmdq_cons);
		return 0;
	}
	vl = vsmmu_lock_(v);
	VSMMU_CNT(v, mmio_reads);
	ret = vsmmu_read_(vl, offset, size, val);
	vsmmu_unlock_(vl);
	return ret;
}

int vsmmu_mmio_write(struct vsmmu *v, uint32_t offset, unsigned int size,
		     uint64_t val)
{
	struct vsmmu_locked vl;
	int ret;

	if (!v)
		return -VSMMU_ERR_INVAL;
	if (offset >= SMMU_MMIO_SIZE)
		return -VSMMU_ERR_RANGE;
	vl = vsmmu_lock_(v);
	VSMMU_CNT(v, mmio_writes);
	ret = vsmmu_write_(vl, offset, size, val);
	if (ret == VSMMU_PENDING)
		VSMMU_CNT(v, resumes);
	vsmmu_unlock_(vl);
	return vsmmu_after_(v, ret);
}

int vsmmu_deliver_event(struct vsmmu *v, const uint64_t rec[4])
{
	struct vsmmu_locked vl;
	uint64_t sid;
	unsigned int bits;

	if (!v || !rec)
		return -VSMMU_ERR_INVAL;
	vl = vsmmu_lock_(v);
	/*
	 * A record whose StreamID the guest cannot name (at or above
	 * 2^IDR1.SIDSIZE) is the embedder's mapping error, not the guest's:
	 * vsmmu_create refuses such vSIDs, but one mapped later would still
	 * arrive here. Drop it, count it and tell the host.
	 */
	sid = smmu_field_get(SMMU_EVT0_SID, rec[0]);
	bits = vsmmu_sid_bits_(v);
	if (bits < 32 && sid >= (1ull << bits)) {
		VSMMU_CNT(v, events_discarded);
		vsmmu_log_(v, VSMMU_LOG_WARN,
			   "event for vSID %llu beyond SIDSIZE %u: dropped",
			   (unsigned long long)sid, bits);
		vsmmu_unlock_(vl);
		return -VSMMU_ERR_RANGE;
	}
	vsmmu_evtq_push_(vl, rec);
	vsmmu_unlock_(vl);
	return 0;
}

int vsmmu_sync_vsid(struct vsmmu *v, uint32_t vsid)
{
	struct vsmmu_locked vl;
	int ret;

	if (!v)
		return -VSMMU_ERR_INVAL;
	if (viommu_vsid_lookup(v->vd, vsid, NULL, NULL) != 0)
		return -VSMMU_ERR_NOENT;
	vl = vsmmu_lock_(v);
	vsmmu_tlb_inv_sid_(v, vsid);
	ret = vsmmu_ste_apply_(vl, vsid, false);
	vsmmu_unlock_(vl);
	return ret < 0 ? ret : 0;
}

void vsmmu_get_counters(const struct vsmmu *v, struct vsmmu_counters *out)
{
	struct vsmmu_locked vl;

	if (!v || !out)
		return;
	/* The lock is state of the host, not of *v: casting const away
	 * only lets us pass the handle. */
	vl = vsmmu_lock_((struct vsmmu *)v);
	*out = v->cnt;
	vsmmu_unlock_(vl);
}
