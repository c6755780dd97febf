// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>

#include "vsmmu/base.h"
#include "baremetal.h"

static int bm_mem_read(void *ctx, uint64_t a, void *buf, size_t len)
{
	return sim_mem_read(ctx, a, buf, len);
}

static int bm_mem_write(void *ctx, uint64_t a, const void *buf, size_t len)
{
	return sim_mem_write(ctx, a, buf, len);
}

static int bm_drv_read(void *ctx, uint64_t a, void *buf, size_t len)
{
	struct sim_bm *bm = ctx;

	return sim_mem_read(bm->mem, a, buf, len);
}

static int bm_drv_write(void *ctx, uint64_t a, const void *buf, size_t len)
{
	struct sim_bm *bm = ctx;

	return sim_mem_write(bm->mem, a, buf, len);
}

static int bm_mmio_read(void *ctx, uint32_t off, unsigned int size,
			uint64_t *val)
{
	struct sim_bm *bm = ctx;

	return sim_bus_read(bm->bus, bm->hw.base + off, size, val);
}

static int bm_mmio_write(void *ctx, uint32_t off, unsigned int size,
			 uint64_t val)
{
	struct sim_bm *bm = ctx;

	if (off == SMMU_CMDQ_PROD && bm->prod_hook)
		bm->prod_hook(bm->prod_hook_ctx);
	return sim_bus_write(bm->bus, bm->hw.base + off, size, val);
}

static int bm_alloc(void *ctx, size_t size, uint64_t *addr)
{
	struct sim_bm *bm = ctx;
	int ret = sim_palloc_alloc(&bm->ram, size, 0, addr);

	/* Freed memory may hold old tables: hand it out zeroed. */
	return ret ? ret : sim_mem_zero(bm->mem, *addr, size);
}

static void bm_free(void *ctx, uint64_t addr, size_t size)
{
	struct sim_bm *bm = ctx;

	sim_palloc_free(&bm->ram, addr, size);
}

static void bm_relax(void *ctx)
{
	struct sim_bm *bm = ctx;

	/*
	 * Time passes: a deferred model completes ACKs and runs commands
	 * here (an immediate one has nothing left to do).
	 */
	if (!bm->no_step_in_relax)
		smmu_model_step(bm->hw.model, 64);
	if (!bm->no_irq_in_relax)
		sim_bus_deliver(bm->bus, 4);
}

static void bm_event(void *ctx, const struct smmu_evt *e)
{
	struct sim_bm *bm = ctx;

	if (bm->nevents < SIM_BM_MAX_EVENTS)
		bm->events[bm->nevents++] = *e;
}

static void bm_log(void *ctx, const char *msg)
{
	struct sim_bm *bm = ctx;

	if (!bm->quiet)
		fprintf(stderr, "  [guest] %s\n", msg);
}

void sim_bm_ops(struct sim_bm *bm, struct gsmmu_ops *ops)
{
	memset(ops, 0, sizeof(*ops));
	ops->mmio_read = bm_mmio_read;
	ops->mmio_write = bm_mmio_write;
	ops->mem_read = bm_drv_read;
	ops->mem_write = bm_drv_write;
	ops->alloc = bm_alloc;
	ops->free = bm_free;
	ops->relax = bm_relax;
	ops->event = bm_event;
	ops->log = bm_log;
	ops->ctx = bm;
}

static void bm_irq_evtq(void *ctx, unsigned int line)
{
	struct sim_bm *bm = ctx;

	(void)line;
	gsmmu_evtq_irq(&bm->drv);
}

static void bm_irq_gerror(void *ctx, unsigned int line)
{
	struct sim_bm *bm = ctx;

	(void)line;
	gsmmu_gerror_irq(&bm->drv);
}

static void bm_irq_msi(void *ctx, unsigned int line)
{
	struct sim_bm *bm = ctx;

	/*
	 * Both sources share one doorbell; two MSIs taken as one edge would
	 * lose a payload, so look at both sources (each handler only acts
	 * on what is pending).
	 */
	(void)line;
	gsmmu_combined_irq(&bm->drv);
}

int sim_bm_init(struct sim_bm *bm, const struct smmu_model_config *cfg,
		bool use_msi)
{
	struct sim_mem_ops mops;
	int ret;

	memset(bm, 0, sizeof(*bm));
	bm->doorbell_line = -1;
	ret = sim_mem_create(48, &bm->mem);
	if (ret)
		return ret;
	ret = sim_palloc_init(&bm->ram, SIM_BM_RAM_BASE, SIM_BM_RAM_SIZE,
			      1ull << 21);
	if (ret)
		return ret;
	mops.read = bm_mem_read;
	mops.write = bm_mem_write;
	mops.ctx = bm->mem;
	ret = sim_bus_create("host", &mops, &bm->bus);
	if (ret)
		return ret;
	ret = sim_hwsmmu_init(&bm->hw, "smmu0", bm->bus, bm->mem,
			      SIM_BM_SMMU_BASE, cfg);
	if (ret)
		return ret;
	sim_bus_set_handler(bm->bus,
			    (unsigned int)bm->hw.line[SMMU_MODEL_IRQ_EVENTQ],
			    bm_irq_evtq, bm);
	sim_bus_set_handler(bm->bus,
			    (unsigned int)bm->hw.line[SMMU_MODEL_IRQ_GERROR],
			    bm_irq_gerror, bm);
	if (use_msi) {
		bm->doorbell_line = sim_bus_add_doorbell(
			bm->bus, "its.doorbell", SIM_BM_DOORBELL);
		if (bm->doorbell_line < 0)
			return bm->doorbell_line;
		sim_bus_set_handler(bm->bus, (unsigned int)bm->doorbell_line,
				    bm_irq_msi, bm);
	}
	return 0;
}

int sim_bm_boot(struct sim_bm *bm, const struct gsmmu_config *dcfg)
{
	struct gsmmu_config c;
	struct gsmmu_ops ops;
	int ret;

	memset(&c, 0, sizeof(c));
	if (dcfg)
		c = *dcfg;
	if (bm->doorbell_line >= 0 && !c.msi_doorbell) {
		c.msi_doorbell = SIM_BM_DOORBELL;
		c.evtq_msi_data = 0;
		c.gerror_msi_data = 1;
	}
	sim_bm_ops(bm, &ops);
	ret = gsmmu_probe(&bm->drv, &ops, &c);
	if (ret)
		return ret;
	return gsmmu_reset(&bm->drv);
}

unsigned int sim_bm_irqs(struct sim_bm *bm)
{
	return sim_bus_deliver(bm->bus, 8);
}

void sim_bm_fini(struct sim_bm *bm)
{
	gsmmu_remove(&bm->drv);
	sim_hwsmmu_fini(&bm->hw);
	sim_bus_destroy(bm->bus);
	sim_palloc_fini(&bm->ram);
	sim_mem_destroy(bm->mem);
}
