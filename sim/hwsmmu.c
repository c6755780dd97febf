// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hwsmmu.h"

static const char *const sim_hw_line_names[SMMU_MODEL_IRQ_NR] = {
	[SMMU_MODEL_IRQ_EVENTQ] = "eventq",
	[SMMU_MODEL_IRQ_PRIQ] = "priq",
	[SMMU_MODEL_IRQ_CMDQ_SYNC] = "cmdq-sync",
	[SMMU_MODEL_IRQ_GERROR] = "gerror",
};

int sim_hwsmmu_mem_read(void *mem, uint64_t addr, void *buf, size_t len)
{
	return sim_mem_read(mem, addr, buf, len);
}

int sim_hwsmmu_mem_write(void *mem, uint64_t addr, const void *buf, size_t len)
{
	return sim_mem_write(mem, addr, buf, len);
}

static int sim_hw_mem_read(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	struct sim_hwsmmu *h = ctx;

	return sim_mem_read(h->mem, pa.v, buf, len);
}

static int sim_hw_mem_write(void *ctx, smmu_pa_t pa, const void *buf,
			    size_t len)
{
	struct sim_hwsmmu *h = ctx;

	return sim_mem_write(h->mem, pa.v, buf, len);
}

static void sim_hw_irq(void *ctx, enum smmu_model_irq line)
{
	struct sim_hwsmmu *h = ctx;

	if ((unsigned int)line < SMMU_MODEL_IRQ_NR && h->line[line] >= 0)
		sim_bus_pulse(h->bus, (unsigned int)h->line[line]);
}

static int sim_hw_msi(void *ctx, uint64_t addr, uint32_t data)
{
	struct sim_hwsmmu *h = ctx;

	return sim_bus_msi(h->bus, addr, data);
}

static void sim_hw_sev(void *ctx)
{
	struct sim_hwsmmu *h = ctx;

	h->sevs++;
}

static void *sim_hw_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return calloc(1, size);
}

static void sim_hw_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

static int sim_hw_mmio_read(void *ctx, uint64_t off, unsigned int size,
			    uint64_t *val)
{
	struct sim_hwsmmu *h = ctx;

	return smmu_model_mmio_read(h->model, (uint32_t)off, size, val);
}

static int sim_hw_mmio_write(void *ctx, uint64_t off, unsigned int size,
			     uint64_t val)
{
	struct sim_hwsmmu *h = ctx;

	return smmu_model_mmio_write(h->model, (uint32_t)off, size, val);
}

int sim_hwsmmu_init(struct sim_hwsmmu *h, const char *name, struct sim_bus *bus,
		    struct sim_mem *mem, uint64_t base,
		    const struct smmu_model_config *cfg)
{
	struct smmu_model_config def;
	struct smmu_model_ops ops;
	struct sim_mmio_ops mops;
	char lname[SIM_NAME_LEN];
	unsigned int i;
	int ret;

	memset(h, 0, sizeof(*h));
	snprintf(h->name, sizeof(h->name), "%s", name);
	h->bus = bus;
	h->mem = mem;
	h->base = base;
	if (!cfg) {
		smmu_model_config_default(&def);
		cfg = &def;
	}
	memset(&ops, 0, sizeof(ops));
	ops.mem_read = sim_hw_mem_read;
	ops.mem_write = sim_hw_mem_write;
	ops.irq = sim_hw_irq;
	ops.msi = sim_hw_msi;
	ops.sev = sim_hw_sev;
	ops.alloc.alloc = sim_hw_alloc;
	ops.alloc.free = sim_hw_free;
	ops.ctx = h;
	ret = smmu_model_create(cfg, &ops, &h->model);
	if (ret)
		return ret;
	for (i = 0; i < SMMU_MODEL_IRQ_NR; i++) {
		snprintf(lname, sizeof(lname), "%s.%s", name,
			 sim_hw_line_names[i]);
		h->line[i] = sim_bus_add_line(bus, lname);
	}
	mops.read = sim_hw_mmio_read;
	mops.write = sim_hw_mmio_write;
	mops.ctx = h;
	ret = sim_bus_add_mmio(bus, name, base, SMMU_MMIO_SIZE, &mops);
	if (ret) {
		smmu_model_destroy(h->model);
		h->model = NULL;
	}
	return ret;
}

void sim_hwsmmu_fini(struct sim_hwsmmu *h)
{
	if (h->model)
		smmu_model_destroy(h->model);
	h->model = NULL;
}
