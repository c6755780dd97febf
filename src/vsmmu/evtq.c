/* SPDX-License-Identifier: MIT */
/*
 * The guest's event queue (IHI 0070 §7.2, §7.4; facts §8.5).
 *
 * The queue is writable when EVENTQEN = 1, it is not full and no
 * EVENTQ_ABT_ERR is active. A record that finds it full is discarded and
 * overflow is signalled by toggling EVENTQ_PROD.OVFLG, only when no
 * overflow is pending already (OVFLG == CONS.OVACKFLG); a full queue is
 * never an abort (QEMU's mistake, facts Appendix B). Records discarded
 * while the queue is disabled or aborted are not an overflow. We never
 * stall, so no record waits for space.
 */
#include "vsmmu/env.h"
#include "vsmmu/vsmmu.h"
#include "internal.h"

void vsmmu_evtq_push_(struct vsmmu_locked vl, const uint64_t rec[4])
{
	struct vsmmu *v = vl.v;
	unsigned int log2n = vsmmu_q_log2_(v->eventq_base);
	struct smmu_qpos prod, cons;
	uint64_t off, gpa;
	bool was_empty;

	if (!(v->cr0 & SMMU_CR0_EVENTQEN) ||
	    (smmu_gerror_active(v->gerror, v->gerrorn) &
	     SMMU_GERROR_EVENTQ_ABT_ERR)) {
		VSMMU_CNT(v, events_discarded);
		return;
	}
	prod = smmu_qpos_unpack(v->eventq_prod, log2n);
	cons = smmu_qpos_unpack(v->eventq_cons, log2n);
	/*
	 * A PROD/CONS pair that holds more than the queue is CONSTRAINED
	 * UNPREDICTABLE (facts §8.4); we treat it as full.
	 */
	if (smmu_q_is_full(prod, cons) ||
	    !smmu_q_consistent(prod, cons, log2n)) {
		if ((v->eventq_prod & SMMU_Q_OVF) ==
		    (v->eventq_cons & SMMU_Q_OVF))
			v->eventq_prod ^= (uint32_t)SMMU_Q_OVF;
		VSMMU_CNT(v, events_overflow);
		return;
	}
	/* idx < 2^19 and 32-byte records: cannot overflow, checked anyway. */
	if (vsmmu_mul_overflow((uint64_t)prod.idx, (uint64_t)SMMU_EVT_BYTES,
			       &off) ||
	    vsmmu_add_overflow(vsmmu_q_addr_(v->eventq_base, SMMU_EVT_BYTES),
			       off, &gpa) ||
	    vsmmu_write_words_(vl, gpa, rec, SMMU_EVT_DWORDS) != 0) {
		vsmmu_log_(v, VSMMU_LOG_GUEST, "event queue write aborted");
		VSMMU_CNT(v, events_discarded);
		vsmmu_gerror_raise_(vl, SMMU_GERROR_EVENTQ_ABT_ERR);
		return;
	}
	was_empty = smmu_q_is_empty(prod, cons);
	prod = smmu_qpos_next(prod, log2n);
	v->eventq_prod = (v->eventq_prod & (uint32_t)SMMU_Q_OVF) |
			 smmu_qpos_pack(prod, log2n);
	VSMMU_CNT(v, events);
	if (was_empty)
		vsmmu_evtq_irq_(vl);
}

void vsmmu_evt_record_(struct vsmmu_locked vl, const struct smmu_evt *e)
{
	uint64_t rec[SMMU_EVT_DWORDS];

	if (smmu_evt_encode(e, rec) < 0) {
		vsmmu_log_(vl.v, VSMMU_LOG_ERR, "event 0x%x: encode failed",
			   e->id);
		return;
	}
	vsmmu_evtq_push_(vl, rec);
}
