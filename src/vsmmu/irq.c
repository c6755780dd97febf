/* SPDX-License-Identifier: MIT */
/*
 * Interrupts, MSIs and GERROR (IHI 0070 §3.18, facts §8.1, §8.3).
 *
 * Every interrupt is an edge fired by a new condition: the event queue
 * going from empty to non-empty, a GERROR bit becoming active, a CMD_SYNC
 * with CS = SIG_IRQ completing. Enabling a source raises nothing for a
 * condition already pending. The data an interrupt announces (PROD,
 * GERROR, CONS) is updated before the interrupt is sent, and a guest
 * reading it takes the vSMMU lock we hold while sending, so it can never
 * see the interrupt before its data.
 *
 * An enabled source sends an MSI when IDR0.MSI and its CFG0.ADDR != 0, and
 * pulses its wired line regardless (facts §8.1); a guest that uses MSIs
 * does not request the wired lines, so their pulses go nowhere.
 */
#include "vsmmu/env.h"
#include "vsmmu/vsmmu.h"
#include "internal.h"

void vsmmu_irq_pulse_(struct vsmmu_locked vl, enum vsmmu_irq_line line)
{
	struct vsmmu *v = vl.v;

	if (!v->host->irq_set)
		return;
	if (v->cfg.irq_combined)
		line = VSMMU_IRQ_COMBINED;
	VSMMU_CNT(v, irqs);
	v->host->irq_set(v->hctx, line, true);
	v->host->irq_set(v->hctx, line, false);
}

/*
 * The host delivers the MSI, or says the address is not an interrupt
 * doorbell (-VSMMU_ERR_NOENT): then it is an ordinary 32-bit write to guest
 * memory, which is what Linux's MSI-polled CMD_SYNC relies on (facts §8.2).
 */
int vsmmu_msi_(struct vsmmu_locked vl, uint64_t addr, uint32_t data,
	       uint32_t abt_bit)
{
	struct vsmmu *v = vl.v;
	uint32_t le = vsmmu_cpu_to_le32(data);
	int ret;

	VSMMU_CNT(v, msis);
	ret = v->host->msi_write ? v->host->msi_write(v->hctx, addr, data) :
				   -VSMMU_ERR_NOENT;
	if (ret == -VSMMU_ERR_NOENT)
		ret = v->host->gpa_write(v->hctx, addr, &le, sizeof(le)) ?
		      -VSMMU_ERR_GMEM : 0;
	if (ret && abt_bit) {
		vsmmu_log_(v, VSMMU_LOG_GUEST, "MSI to 0x%llx aborted",
			   (unsigned long long)addr);
		vsmmu_gerror_raise_(vl, abt_bit);
	}
	return ret;
}

void vsmmu_gerror_raise_(struct vsmmu_locked vl, uint32_t bits)
{
	struct vsmmu *v = vl.v;
	uint32_t old = v->gerror;
	uint32_t fresh;

	v->gerror = smmu_gerror_raise(v->gerror, v->gerrorn, bits);
	fresh = old ^ v->gerror;
	if (!fresh)
		return;		/* already active: no new condition */
	VSMMU_CNT(v, gerrors);
	if (!(v->irq_ctrl & SMMU_IRQ_CTRL_GERROR_IRQEN))
		return;
	if ((v->idr[0] & SMMU_IDR0_MSI) && v->gerror_msi.addr) {
		/*
		 * A failed GERROR MSI raises MSI_GERROR_ABT_ERR, whose own
		 * interrupt is this same MSI: record it without recursing.
		 */
		if (vsmmu_msi_(vl, v->gerror_msi.addr, v->gerror_msi.data, 0))
			v->gerror = smmu_gerror_raise(v->gerror, v->gerrorn,
					SMMU_GERROR_MSI_GERROR_ABT_ERR);
	}
	vsmmu_irq_pulse_(vl, VSMMU_IRQ_GERROR);
}

void vsmmu_evtq_irq_(struct vsmmu_locked vl)
{
	struct vsmmu *v = vl.v;

	if (!(v->irq_ctrl & SMMU_IRQ_CTRL_EVENTQ_IRQEN))
		return;
	if ((v->idr[0] & SMMU_IDR0_MSI) && v->eventq_msi.addr)
		vsmmu_msi_(vl, v->eventq_msi.addr, v->eventq_msi.data,
			   SMMU_GERROR_MSI_EVENTQ_ABT_ERR);
	vsmmu_irq_pulse_(vl, VSMMU_IRQ_EVENTQ);
}
