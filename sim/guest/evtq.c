// SPDX-License-Identifier: MIT
/*
 * Interrupt side: drain the event queue and report each record, handle
 * GERROR by the toggle protocol (facts §8.3).
 */
#include <string.h>

#include "internal.h"

int gsmmu_evtq_init_(struct gsmmu *s)
{
	size_t bytes = (size_t)SMMU_EVT_BYTES << s->evtq.log2;
	int ret;

	ret = s->ops.alloc(s->ops.ctx, bytes, &s->evtq.base);
	if (ret)
		return gsmmu_fail_(s, ret, "no memory for the event queue");
	s->evtq.ent_bytes = SMMU_EVT_BYTES;
	return 0;
}

static void gsmmu_evt_report(struct gsmmu *s, const uint64_t raw[4])
{
	struct smmu_evt e;

	memset(&e, 0, sizeof(e));
	smmu_evt_decode(raw, &e); /* unknown IDs keep the common fields */
	s->st.events++;
	s->st.evt_by_id[e.id]++;
	gsmmu_log_(s, "event %s (%#x) sid %#x%s addr %#llx%s%s",
		   smmu_evt_name(e.id), e.id, e.sid, e.ssv ? " ssv" : "",
		   (unsigned long long)e.input_addr, e.rnw ? " read" : " write",
		   e.s2 ? " stage-2" : "");
	if (s->ops.event)
		s->ops.event(s->ops.ctx, &e);
}

void gsmmu_evtq_irq(struct gsmmu *s)
{
	unsigned int log2 = s->evtq.log2, n, max = 1u << log2;
	uint32_t prod_reg, cons;
	struct smmu_qpos p, c;

	s->st.irqs++;
	/* Bounded: at most two queue-fulls of records per interrupt. */
	for (n = 0; n < 2 * max;) {
		prod_reg = gsmmu_rd32_(s, SMMU_EVENTQ_PROD);
		p = smmu_qpos_unpack(prod_reg & SMMU_Q_IDX_WRP, log2);
		c = smmu_qpos_unpack(s->evtq.cons, log2);
		if (smmu_q_is_empty(p, c))
			break;
		while (!smmu_q_is_empty(p, c) && n < 2 * max) {
			uint64_t a =
				s->evtq.base + (uint64_t)c.idx * SMMU_EVT_BYTES;
			uint64_t raw[4];
			unsigned int i;

			for (i = 0; i < 4; i++)
				gsmmu_mem_rd64_(s, a + 8 * i, &raw[i]);
			gsmmu_evt_report(s, raw);
			c = smmu_qpos_next(c, log2);
			n++;
		}
		s->evtq.cons = smmu_qpos_pack(c, log2);
		/* Acknowledge an overflow by copying OVFLG into OVACKFLG. */
		cons = s->evtq.cons | (prod_reg & SMMU_Q_OVF);
		if ((prod_reg ^ s->evtq.prod) & SMMU_Q_OVF) {
			s->st.overflows++;
			gsmmu_log_(s, "event queue overflow: events lost");
		}
		s->evtq.prod = prod_reg & SMMU_Q_OVF;
		gsmmu_wr32_(s, SMMU_EVENTQ_CONS, cons);
	}
}

void gsmmu_gerror_irq(struct gsmmu *s)
{
	uint32_t ge = gsmmu_rd32_(s, SMMU_GERROR);
	uint32_t gen = gsmmu_rd32_(s, SMMU_GERRORN);
	uint32_t active = smmu_gerror_active(ge, gen);

	s->st.irqs++;
	if (!active)
		return;
	s->st.gerrors++;
	gsmmu_log_(s, "GERROR %#x active", active);
	if (active & SMMU_GERROR_SFM_ERR)
		gsmmu_log_(s, "service failure mode: reset needed");
	if (active & SMMU_GERROR_MSI_GERROR_ABT_ERR)
		gsmmu_log_(s, "GERROR MSI write aborted");
	if (active & SMMU_GERROR_MSI_EVENTQ_ABT_ERR)
		gsmmu_log_(s, "EVTQ MSI write aborted");
	if (active & SMMU_GERROR_MSI_CMDQ_ABT_ERR)
		gsmmu_log_(s, "CMD_SYNC MSI write aborted");
	if (active & SMMU_GERROR_EVENTQ_ABT_ERR)
		gsmmu_log_(s, "event queue access aborted");
	if (active & SMMU_GERROR_CMDQ_ERR)
		gsmmu_cmdq_skip_err_(s);
	gsmmu_wr32_(s, SMMU_GERRORN, ge);
}

void gsmmu_combined_irq(struct gsmmu *s)
{
	gsmmu_gerror_irq(s);
	gsmmu_evtq_irq(s);
}
