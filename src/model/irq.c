// SPDX-License-Identifier: MIT
/*
 * src/model/irq.c - global errors, interrupts and the event queue of the
 * SMMUv3 model (IHI 0070 §3.18, §7.2, §7.4; facts §8.1, §8.3, §8.5).
 *
 * Order is the point: a record is written and PROD advanced, or GERROR
 * toggled, before the interrupt that announces it; MSIs are issued here
 * (memory writes, in order) and wired pulses are collected and delivered
 * when the entry point returns.
 */
#include "vsmmu/env.h"
#include "vsmmu/model.h"
#include "internal.h"

unsigned int smmu_model_q_log2_(uint64_t base, unsigned int max_log2)
{
	unsigned int l = (unsigned int)smmu_field_get(SMMU_Q_BASE_LOG2SIZE,
						      base);

	return l < max_log2 ? l : max_log2;
}

/* The base is aligned to MAX(queue bytes, 32) (facts §2.15). */
uint64_t smmu_model_q_addr_(uint64_t base, unsigned int log2n,
			    unsigned int entry_bytes)
{
	uint64_t bytes = (uint64_t)entry_bytes << log2n;

	if (bytes < 32)
		bytes = 32;
	return base & SMMU_Q_BASE_ADDR & ~(bytes - 1);
}

void smmu_model_pulse_(struct smmu_model *m, enum smmu_model_irq line)
{
	m->irq_pending |= 1u << line;
	m->cnt.irqs[line]++;
}

int smmu_model_msi_(struct smmu_model *m, uint64_t addr, uint32_t data)
{
	uint32_t le = vsmmu_cpu_to_le32(data);
	int err;

	m->cnt.msis++;
	if (m->ops.msi)
		err = m->ops.msi(m->ops.ctx, addr, data);
	else
		err = m->ops.mem_write(m->ops.ctx, smmu_pa(addr), &le,
				       sizeof(le));
	if (err)
		m->cnt.msi_errors++;
	return err;
}

/*
 * Signal an enabled source: an MSI when MSIs are implemented and CFG0.ADDR
 * is not zero, and a pulse of the wired line (facts §8.1: an enabled wired
 * output pulses regardless of ADDR).
 */
static void smmu_model_signal_(struct smmu_model *m, unsigned int src)
{
	static const uint8_t line[SMMU_MODEL_SRC_NR_] = {
		SMMU_MODEL_IRQ_GERROR, SMMU_MODEL_IRQ_EVENTQ,
		SMMU_MODEL_IRQ_PRIQ,
	};
	static const uint32_t abt[SMMU_MODEL_SRC_NR_] = {
		(uint32_t)SMMU_GERROR_MSI_GERROR_ABT_ERR,
		(uint32_t)SMMU_GERROR_MSI_EVENTQ_ABT_ERR,
		(uint32_t)SMMU_GERROR_MSI_PRIQ_ABT_ERR,
	};
	const struct smmu_model_irqcfg_ *c = &m->irqcfg[src];

	if ((m->cfg.idr[0] & SMMU_IDR0_MSI) && c->addr) {
		if (smmu_model_msi_(m, c->addr, c->data))
			smmu_model_gerror_raise_(m, abt[src]);
	}
	smmu_model_pulse_(m, (enum smmu_model_irq)line[src]);
}

/*
 * Toggle the bits that are not already active; interrupt only when one
 * became active (facts §8.3). A failing GERROR MSI raises
 * MSI_GERROR_ABT_ERR once: the second time it is already active, so the
 * recursion ends.
 */
void smmu_model_gerror_raise_(struct smmu_model *m, uint32_t bits)
{
	uint32_t old = m->gerror;

	m->gerror = smmu_gerror_raise(old, m->gerrorn, bits);
	if (m->gerror == old)
		return;
	SMMU_MODEL_LOG_(m, VSMMU_LOG_INFO, "model: GERROR 0x%x -> 0x%x",
			old, m->gerror);
	if (m->irq_ctrlack & SMMU_IRQ_CTRL_GERROR_IRQEN)
		smmu_model_signal_(m, SMMU_MODEL_SRC_GERROR_);
}

bool smmu_model_evt_record_(struct smmu_model *m, const struct smmu_evt *e)
{
	unsigned int log2n;
	struct smmu_qpos prod, cons;
	uint64_t w[SMMU_EVT_DWORDS], pa;
	uint32_t ovf;
	bool was_empty;
	unsigned int i;

	/* Not writable: disabled or EVENTQ_ABT_ERR pending. No overflow. */
	if (!(m->cr0ack & SMMU_CR0_EVENTQEN) ||
	    (smmu_gerror_active(m->gerror, m->gerrorn) &
	     SMMU_GERROR_EVENTQ_ABT_ERR)) {
		m->cnt.events_discarded++;
		return false;
	}
	log2n = smmu_model_q_log2_(m->evtq.base,
				   smmu_model_idr_(m, 1, SMMU_IDR1_EVENTQS));
	prod = smmu_qpos_unpack(m->evtq.prod, log2n);
	cons = smmu_qpos_unpack(m->evtq.cons, log2n);
	ovf = m->evtq.prod & (uint32_t)SMMU_Q_OVF;
	/*
	 * Full, or an inconsistent PROD/CONS pair (which facts §8.4 lets us
	 * treat as full): discard and signal overflow, unless one is already
	 * pending (OVFLG != OVACKFLG) (facts §8.5).
	 */
	if (smmu_q_is_full(prod, cons) ||
	    !smmu_q_consistent(prod, cons, log2n)) {
		if (ovf == (m->evtq.cons & (uint32_t)SMMU_Q_OVF)) {
			m->evtq.prod ^= (uint32_t)SMMU_Q_OVF;
			m->cnt.overflows++;
		}
		m->cnt.events_dropped++;
		return false;
	}
	if (smmu_evt_encode(e, w) < 0) {
		m->cnt.events_discarded++;
		return false;
	}
	for (i = 0; i < SMMU_EVT_DWORDS; i++)
		w[i] = vsmmu_cpu_to_le64(w[i]);
	pa = smmu_model_q_addr_(m->evtq.base, log2n, SMMU_EVT_BYTES) +
	     (uint64_t)prod.idx * SMMU_EVT_BYTES;
	if (m->ops.mem_write(m->ops.ctx, smmu_pa(pa), w, sizeof(w))) {
		m->cnt.events_discarded++;
		smmu_model_gerror_raise_(m, (uint32_t)SMMU_GERROR_EVENTQ_ABT_ERR);
		return false;
	}
	was_empty = smmu_q_is_empty(prod, cons);
	prod = smmu_qpos_next(prod, log2n);
	m->evtq.prod = smmu_qpos_pack(prod, log2n) | ovf;
	m->cnt.events_written++;
	/* The record and PROD are visible; now the interrupt. */
	if (was_empty && (m->irq_ctrlack & SMMU_IRQ_CTRL_EVENTQ_IRQEN))
		smmu_model_signal_(m, SMMU_MODEL_SRC_EVENTQ_);
	return true;
}
