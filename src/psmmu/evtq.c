// SPDX-License-Identifier: MIT
/*
 * The event queue (IHI 0070 §7.2-7.4, facts §6, §8.5): drain a bounded
 * number of records per call, acknowledge an overflow, and route each
 * record: stage-1 faults of nested StreamIDs to the vIOMMU (ops->s1_fault),
 * everything else to the log and ops->other_event.
 *
 * Records are copied out under the lock and the callbacks run after it is
 * released, so a callback may call back into the driver.
 */
#include "vsmmu/env.h"
#include "vsmmu/psmmu.h"
#include "internal.h"

/* Records copied per round (on the stack). */
#define EVTQ_CHUNK 16u

struct evtq_rec_ {
	uint64_t raw[SMMU_EVT_DWORDS];
	struct smmu_evt evt;
	bool decoded;
	bool s1;		/* goes to ops->s1_fault */
};

int psmmu_evtq_alloc_(struct psmmu *p)
{
	struct psmmu_queue_ *q = &p->evtq;
	size_t size;
	int err;

	q->log2 = VSMMU_MIN(p->cfg.evtq_log2, p->feat.evtq_log2_max);
	size = (size_t)SMMU_EVT_BYTES << q->log2;
	err = p->ops->dma_alloc(p->ctx, size, VSMMU_MAX(size, (size_t)32),
				&q->mem);
	if (err || !q->mem.va) {
		vsmmu_memset(&q->mem, 0, sizeof(q->mem));
		return err ? err : -VSMMU_ERR_NOMEM;
	}
	return 0;
}

/*
 * Faults that belong to the guest's stage 1 when the SID is nested (the
 * set Linux's iommufd forwards, facts Appendix A, minus C_BAD_STE: our
 * STEs are the hypervisor's). A translation fault counts only with S2=0;
 * a stage-2 fault, even one met while walking stage 1, is ours.
 */
static bool evtq_is_s1_(const struct smmu_evt *e)
{
	switch (e->id) {
	case SMMU_EVT_F_STREAM_DISABLED:
	case SMMU_EVT_C_BAD_SUBSTREAMID:
	case SMMU_EVT_C_BAD_CD:
		return true;
	default:
		return smmu_evt_is_translation_fault(e->id) && !e->s2;
	}
}

static void evtq_route_(struct psmmu *p, struct evtq_rec_ *r)
{
	const struct psmmu_sid_ *s;

	r->decoded = smmu_evt_decode(r->raw, &r->evt) == 0;
	r->s1 = false;
	if (!r->decoded)
		return;
	s = psmmu_sid_find_(p, r->evt.sid);
	r->s1 = s && s->mode == PSMMU_MODE_NESTED_ && evtq_is_s1_(&r->evt);
}

static void evtq_deliver_(struct psmmu *p, struct evtq_rec_ *r)
{
	const struct smmu_evt *e = &r->evt;

	if (!r->decoded) {
		psmmu_logf_(p, VSMMU_LOG_WARN,
			    "psmmu: undecodable event 0x%llx 0x%llx",
			    (unsigned long long)r->raw[0],
			    (unsigned long long)r->raw[1]);
		return;
	}
	if (r->s1 && p->ops->s1_fault) {
		p->ops->s1_fault(p->ctx, p, e->sid, e, r->raw);
		return;
	}
	psmmu_logf_(p, r->s1 ? VSMMU_LOG_INFO : VSMMU_LOG_WARN,
		    "psmmu: event %s SID 0x%x%s addr 0x%llx IPA 0x%llx%s",
		    smmu_evt_name(e->id), e->sid, e->s2 ? " (stage 2)" : "",
		    (unsigned long long)e->input_addr,
		    (unsigned long long)e->ipa, e->rnw ? " read" : " write");
	if (!r->s1 && p->ops->other_event)
		p->ops->other_event(p->ctx, p, e, r->raw);
}

/*
 * One round under the lock: note an overflow, copy up to max records out,
 * move CONS (carrying OVACKFLG = OVFLG, which acknowledges the overflow,
 * facts §8.5). *count is the number copied.
 */
static int evtq_collect_(struct psmmu *p, struct evtq_rec_ *recs,
			 unsigned int max, unsigned int *count)
{
	struct psmmu_queue_ *q = &p->evtq;
	struct smmu_qpos prod;
	const uint64_t *src;
	unsigned int n = 0, i;
	uint32_t v;
	bool ovf;
	int err;

	*count = 0;
	err = psmmu_rd32_(p, SMMU_EVENTQ_PROD, &v);
	if (err)
		return err;
	prod = smmu_qpos_unpack(v & (uint32_t)SMMU_Q_IDX_WRP, q->log2);
	ovf = (v & SMMU_Q_OVF) != 0;
	if (ovf != q->ovack) {
		p->stats.evtq_overflows++;
		psmmu_log_(p, VSMMU_LOG_WARN,
			   "psmmu: event queue overflow: events were lost");
		q->ovack = ovf;
	}
	if (!smmu_q_consistent(prod, q->cons, q->log2)) {
		/* the SMMU never does this; do not trust such a PROD */
		psmmu_logf_(p, VSMMU_LOG_ERR,
			    "psmmu: inconsistent EVENTQ_PROD 0x%x", v);
		return -VSMMU_ERR_HW;
	}
	while (n < max && !smmu_q_is_empty(prod, q->cons)) {
		psmmu_dma_from_dev_(p, &q->mem,
				    (size_t)q->cons.idx * SMMU_EVT_BYTES,
				    SMMU_EVT_BYTES);
		src = (const uint64_t *)q->mem.va +
		      (size_t)q->cons.idx * SMMU_EVT_DWORDS;
		for (i = 0; i < SMMU_EVT_DWORDS; i++)
			recs[n].raw[i] = psmmu_load64_(&src[i]);
		evtq_route_(p, &recs[n]);
		q->cons = smmu_qpos_next(q->cons, q->log2);
		n++;
	}
	p->stats.events += n;
	for (i = 0; i < n; i++)
		if (recs[i].s1)
			p->stats.s1_faults++;
	*count = n;
	return psmmu_wr32_(p, SMMU_EVENTQ_CONS,
			   smmu_qpos_pack(q->cons, q->log2) |
			   (q->ovack ? (uint32_t)SMMU_Q_OVF : 0u));
}

int psmmu_poll_events(struct psmmu *p, unsigned int budget)
{
	struct evtq_rec_ recs[EVTQ_CHUNK];
	unsigned int done = 0, n, i;
	int err;

	if (!p)
		return -VSMMU_ERR_INVAL;
	if (!budget)
		budget = p->cfg.evtq_budget;
	while (done < budget) {
		psmmu_lock_(p);
		if (!p->tables_ready)
			err = -VSMMU_ERR_STATE;
		else
			err = evtq_collect_(p, recs,
					    VSMMU_MIN(EVTQ_CHUNK, budget - done),
					    &n);
		psmmu_unlock_(p);
		if (err)
			return err;
		for (i = 0; i < n; i++)
			evtq_deliver_(p, &recs[i]);
		done += n;
		if (n == 0)
			break;
	}
	return (int)done;
}
