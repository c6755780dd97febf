// SPDX-License-Identifier: MIT
/*
 * Physical events back to the guest. Only stage-1 events are the guest's
 * (DESIGN.md: stage-2 faults stay with the hypervisor); the record gets
 * the vSID in place of the pSID (a Xen mistake was to copy the physical
 * StreamID), loses the bits that describe the host, and passes a
 * per-domain token bucket so a fault storm from one guest cannot starve
 * the others. What is dropped is counted.
 */
#include "vsmmu/env.h"
#include "vsmmu/viommu.h"
#include "internal.h"

/*
 * The events a guest's own stage-1 configuration can cause (the set
 * Linux's iommufd forwards, facts Appendix A): bad STE fields the guest
 * supplied, a disabled substream or stream, a bad CD, and the stage-1
 * translation faults. A translation fault with S2 = 1 is the
 * hypervisor's.
 */
bool viommu_smmuv3_event_is_guest_(const uint64_t rec[4])
{
	unsigned int id = (unsigned int)smmu_field_get(SMMU_EVT0_ID, rec[0]);

	switch (id) {
	case SMMU_EVT_C_BAD_STE:
	case SMMU_EVT_F_STREAM_DISABLED:
	case SMMU_EVT_C_BAD_SUBSTREAMID:
	case SMMU_EVT_C_BAD_CD:
		return true;
	case SMMU_EVT_F_TRANSLATION:
	case SMMU_EVT_F_ADDR_SIZE:
	case SMMU_EVT_F_ACCESS:
	case SMMU_EVT_F_PERMISSION:
		return smmu_field_get(SMMU_EVT1_S2, rec[1]) == 0;
	default:
		return false;
	}
}

/*
 * vSID in; IMPLEMENTATION DEFINED bits of dword 1 out (they describe the
 * physical implementation); dword 3 out for the stage-1 faults: its IPA
 * field is defined only for stage-2 faults (facts §6.3) and would
 * otherwise carry whatever the hardware left there.
 */
void viommu_smmuv3_event_rewrite_(uint64_t rec[4], uint32_t vsid)
{
	unsigned int id = (unsigned int)smmu_field_get(SMMU_EVT0_ID, rec[0]);

	rec[0] = smmu_field_set(SMMU_EVT0_SID, rec[0], vsid);
	rec[1] &= ~SMMU_EVT1_IMPDEF;
	if (smmu_evt_is_translation_fault((uint8_t)id))
		rec[3] = 0;
}

/* Refill from the host clock (lock held). */
static void rl_refill_clock(struct viommu_dom *d)
{
	struct viommu_rl_ *rl = &d->rl;
	uint64_t now = d->ops->now_ns(d->host_ctx), elapsed, full_ns, n;

	if (!rl->clock_started) {
		rl->clock_started = true;
		rl->last_ns = now;
		return;
	}
	elapsed = now > rl->last_ns ? now - rl->last_ns : 0; /* never back */
	rl->last_ns = now;
	/* Time beyond a full bucket buys nothing; capping it first keeps
	 * the sum below from overflowing. */
	full_ns = (uint64_t)d->cfg.evt_burst * rl->ns_per_token;
	if (elapsed >= full_ns || rl->frac_ns + elapsed >= full_ns) {
		rl->tokens = d->cfg.evt_burst;
		rl->frac_ns = 0;
		return;
	}
	rl->frac_ns += elapsed;
	n = rl->frac_ns / rl->ns_per_token;
	rl->frac_ns -= n * rl->ns_per_token;
	rl->tokens = VSMMU_MIN(rl->tokens + n, (uint64_t)d->cfg.evt_burst);
}

/* Take a token; false when the bucket is empty (lock held). */
static bool rl_take(struct viommu_dom *d)
{
	if (!d->cfg.evt_burst)
		return true;
	if (d->ops->now_ns)
		rl_refill_clock(d);
	if (!d->rl.tokens)
		return false;
	d->rl.tokens--;
	return true;
}

void viommu_tick(struct viommu_dom *d)
{
	if (!d || !d->cfg.evt_burst)
		return;
	viommu_lock_(d);
	d->rl.tokens = VSMMU_MIN(d->rl.tokens + d->cfg.evt_rate,
				 (uint64_t)d->cfg.evt_burst);
	viommu_unlock_(d);
}

static bool is_pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

int viommu_route_event(struct viommu_dom *d, unsigned int psmmu_idx,
		       uint32_t psid, const uint64_t rec[4])
{
	const struct viommu_emul_ops *emul;
	uint64_t out[4], n;
	uint32_t vsid;
	void *ectx;
	long i;
	int err;

	if (!d || !rec)
		return -VSMMU_ERR_INVAL;
	viommu_lock_(d);
	if (!d->type->event_is_guest(rec)) {
		d->stats.evt_not_guest++;
		viommu_unlock_(d);
		return -VSMMU_ERR_NOTSUPP;
	}
	i = viommu_map_find_p_(&d->map, psmmu_idx, psid);
	if (i < 0) {
		/* A pSID of no device of this domain: never delivered.
		 * Logged at 1, 2, 4, 8, ... so a storm cannot flood the
		 * log. */
		n = ++d->stats.evt_unknown_sid;
		viommu_unlock_(d);
		if (is_pow2(n))
			VIOMMU_LOG_(d, VSMMU_LOG_WARN,
				    "dom %u: event 0x%x for unmapped pSID 0x%x on SMMU %u dropped (%llu so far)",
				    d->domid,
				    (unsigned int)(rec[0] & 0xff), psid,
				    psmmu_idx, (unsigned long long)n);
		return -VSMMU_ERR_NOENT;
	}
	vsid = d->map.byp[i].vsid + (psid - d->map.byp[i].psid);
	emul = d->emul;
	ectx = d->ectx;
	if (!emul) {
		d->stats.evt_no_emul++;
		viommu_unlock_(d);
		return -VSMMU_ERR_STATE;
	}
	if (!rl_take(d)) {
		d->stats.evt_rate_dropped++;
		viommu_unlock_(d);
		return -VSMMU_ERR_BUSY;
	}
	d->stats.evt_delivered++;
	viommu_unlock_(d);

	vsmmu_memcpy(out, rec, sizeof(out));
	d->type->event_rewrite(out, vsid);
	/* No viommu lock held: the vSMMU takes its own (lock order). */
	err = emul->deliver_event(ectx, out);
	if (err) {
		/* Counted as delivered above, optimistically, to keep the
		 * lock out of deliver_event; correct it. */
		viommu_lock_(d);
		d->stats.evt_delivered--;
		d->stats.evt_emul_err++;
		viommu_unlock_(d);
	}
	return err;
}
