// SPDX-License-Identifier: MIT
/*
 * Register access, bounded polls, DMA-memory helpers, the log and the lock:
 * the only file that calls the host's MMIO and lock callbacks.
 */
#include "vsmmu/env.h"
#include "vsmmu/psmmu.h"
#include "internal.h"

void psmmu_lock_(struct psmmu *p)
{
	if (p->ops->lock)
		p->ops->lock(p->ctx);
}

void psmmu_unlock_(struct psmmu *p)
{
	if (p->ops->unlock)
		p->ops->unlock(p->ctx);
}

void psmmu_log_(const struct psmmu *p, enum vsmmu_log_level lvl,
		const char *msg)
{
	if (p->ops->log)
		p->ops->log(p->ctx, lvl, msg);
}

int psmmu_rd32_(struct psmmu *p, uint32_t off, uint32_t *val)
{
	int err;

	*val = 0;
	err = p->ops->read32(p->ctx, off, val);
	if (err) {
		psmmu_logf_(p, VSMMU_LOG_ERR,
			    "psmmu: MMIO read of 0x%x failed (%d)", off, err);
		return err < 0 ? err : -VSMMU_ERR_IO;
	}
	return 0;
}

int psmmu_wr32_(struct psmmu *p, uint32_t off, uint32_t val)
{
	int err = p->ops->write32(p->ctx, off, val);

	if (err) {
		psmmu_logf_(p, VSMMU_LOG_ERR,
			    "psmmu: MMIO write of 0x%x failed (%d)", off, err);
		return err < 0 ? err : -VSMMU_ERR_IO;
	}
	return 0;
}

/*
 * A 64-bit register may be written as two 32-bit halves (IHI 0070 §6.2);
 * the ones we write are only written while their enable is off, so the
 * order of the halves does not matter to the SMMU.
 */
int psmmu_wr64_(struct psmmu *p, uint32_t off, uint64_t val)
{
	int err;

	if (p->ops->write64) {
		err = p->ops->write64(p->ctx, off, val);
		if (err) {
			psmmu_logf_(p, VSMMU_LOG_ERR,
				    "psmmu: MMIO write64 of 0x%x failed (%d)",
				    off, err);
			return err < 0 ? err : -VSMMU_ERR_IO;
		}
		return 0;
	}
	err = psmmu_wr32_(p, off, (uint32_t)val);
	if (!err)
		err = psmmu_wr32_(p, off + 4u, (uint32_t)(val >> 32));
	return err;
}

void psmmu_delay_(struct psmmu *p)
{
	if (p->ops->delay_us)
		p->ops->delay_us(p->ctx, p->cfg.poll_delay_us);
}

int psmmu_poll_(struct psmmu *p, uint32_t off, uint32_t mask, uint32_t want)
{
	uint32_t v = 0;
	unsigned int n;
	int err;

	for (n = 0; n < p->cfg.poll_max; n++) {
		err = psmmu_rd32_(p, off, &v);
		if (err)
			return err;
		if ((v & mask) == want)
			return 0;
		psmmu_delay_(p);
	}
	p->stats.timeouts++;
	psmmu_logf_(p, VSMMU_LOG_ERR,
		    "psmmu: timeout polling 0x%x: 0x%x, want 0x%x under 0x%x",
		    off, v, want, mask);
	return -VSMMU_ERR_TIMEOUT;
}

/*
 * CR0 and IRQ_CTRL: software must wait for the ACK register to show the
 * value before writing a different one (IHI 0070 §6.3.10, facts §2.6).
 */
int psmmu_write_ack_(struct psmmu *p, uint32_t off, uint32_t ack_off,
		     uint32_t val)
{
	int err = psmmu_wr32_(p, off, val);

	if (err)
		return err;
	return psmmu_poll_(p, ack_off, 0xffffffffu, val);
}

void psmmu_dma_to_dev_(struct psmmu *p, const struct psmmu_dma *d,
		       size_t off, size_t len)
{
	if (p->ops->dma_sync && len)
		p->ops->dma_sync(p->ctx, d, off, len, true);
}

void psmmu_dma_from_dev_(struct psmmu *p, const struct psmmu_dma *d,
			 size_t off, size_t len)
{
	if (p->ops->dma_sync && len)
		p->ops->dma_sync(p->ctx, d, off, len, false);
}

/*
 * The SMMU reads an STE or a queue entry with at least 64-bit single-copy
 * atomicity (facts §8.7), so each dword must be stored in one access: an
 * aligned volatile 64-bit store is one STR on AArch64. Ordering against
 * the SMMU comes from the MMIO write that follows (writel semantics) and
 * from dma_sync.
 */
void psmmu_store64_(uint64_t *w, uint64_t v)
{
	*(volatile uint64_t *)w = vsmmu_cpu_to_le64(v);
}

uint64_t psmmu_load64_(const uint64_t *w)
{
	return vsmmu_le64_to_cpu(*(const volatile uint64_t *)w);
}
