// SPDX-License-Identifier: MIT
/*
 * The guest OS: RAM allocator, interrupt binding, driver boot.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vsmmu/base.h"
#include "gos.h"

int sim_gos_alloc(struct sim_gos *g, uint64_t size, uint64_t *ipa)
{
	static const uint8_t zero[4096];
	uint64_t off;
	int ret;

	ret = sim_palloc_alloc(&g->ram, size, 0, ipa);
	if (ret)
		return ret;
	for (off = 0; off < size; off += sizeof(zero)) {
		ret = sim_bus_mem_write(g->bus, *ipa + off, zero,
					VSMMU_MIN(sizeof(zero), size - off));
		if (ret)
			return ret;
	}
	return 0;
}

void sim_gos_free(struct sim_gos *g, uint64_t ipa, uint64_t size)
{
	sim_palloc_free(&g->ram, ipa, size);
}

/* ---- the driver's machine ---- */

static int gos_mmio_read(void *ctx, uint32_t off, unsigned int size,
			 uint64_t *val)
{
	struct sim_gos *g = ctx;

	return sim_bus_read(g->bus, g->node.base + off, size, val);
}

static int gos_mmio_write(void *ctx, uint32_t off, unsigned int size,
			  uint64_t val)
{
	struct sim_gos *g = ctx;

	return sim_bus_write(g->bus, g->node.base + off, size, val);
}

static int gos_mem_read(void *ctx, uint64_t a, void *buf, size_t len)
{
	struct sim_gos *g = ctx;

	return sim_bus_mem_read(g->bus, a, buf, len);
}

static int gos_mem_write(void *ctx, uint64_t a, const void *buf, size_t len)
{
	struct sim_gos *g = ctx;

	return sim_bus_mem_write(g->bus, a, buf, len);
}

static int gos_alloc(void *ctx, size_t size, uint64_t *addr)
{
	return sim_gos_alloc(ctx, size, addr);
}

static void gos_free(void *ctx, uint64_t addr, size_t size)
{
	sim_gos_free(ctx, addr, size);
}

static void gos_relax(void *ctx)
{
	struct sim_gos *g = ctx;

	if (g->relax)
		g->relax(g->relax_ctx);
}

static void gos_event(void *ctx, const struct smmu_evt *e)
{
	struct sim_gos *g = ctx;

	if (g->nevents < SIM_GOS_MAX_EVENTS)
		g->events[g->nevents++] = *e;
}

static void gos_log(void *ctx, const char *msg)
{
	struct sim_gos *g = ctx;

	if (g->verbose)
		fprintf(g->log ? g->log : stdout, "  [%s] %s\n", g->name, msg);
}

/* ---- interrupts ---- */

static void gos_irq_evtq(void *ctx, unsigned int line)
{
	struct sim_gos *g = ctx;

	(void)line;
	g->irqs_taken++;
	if (g->drv_up)
		gsmmu_evtq_irq(&g->drv);
}

static void gos_irq_gerror(void *ctx, unsigned int line)
{
	struct sim_gos *g = ctx;

	(void)line;
	g->irqs_taken++;
	if (g->drv_up)
		gsmmu_gerror_irq(&g->drv);
}

static void gos_irq_combined(void *ctx, unsigned int line)
{
	struct sim_gos *g = ctx;

	(void)line;
	g->irqs_taken++;
	if (g->drv_up)
		gsmmu_combined_irq(&g->drv);
}

int sim_gos_init(struct sim_gos *g, const char *name, struct sim_bus *bus,
		 uint64_t ram_base, uint64_t ram_size, const void *fdt,
		 size_t fdt_size, unsigned int smmu_index,
		 void (*relax)(void *), void *ctx, char *err, size_t errlen)
{
	int ret;

	memset(g, 0, sizeof(*g));
	g->name = name;
	g->bus = bus;
	g->ram_base = ram_base;
	g->ram_size = ram_size;
	g->relax = relax;
	g->relax_ctx = ctx;
	ret = sim_palloc_init(&g->ram, ram_base, ram_size, 1ull << 21);
	if (ret)
		return ret;
	return sim_gos_read_tree(g, fdt, fdt_size, smmu_index, err, errlen);
}

/* Bind each interrupt of the node to its handler, by name. */
static void gos_bind_irqs(struct sim_gos *g)
{
	unsigned int i;
	char lname[32];

	for (i = 0; i < g->node.nirqs; i++) {
		const char *n = g->node.irq_name[i];
		sim_irq_fn fn = NULL;
		int line;

		if (!strcmp(n, "combined") || (!*n && g->node.nirqs == 1))
			fn = gos_irq_combined;
		else if (!strcmp(n, "eventq"))
			fn = gos_irq_evtq;
		else if (!strcmp(n, "gerror"))
			fn = gos_irq_gerror;
		if (!fn)
			continue; /* priq, cmdq-sync: Linux polls */
		snprintf(lname, sizeof(lname), "intid:%u", g->node.intid[i]);
		line = sim_bus_find_line(g->bus, lname);
		if (line >= 0)
			sim_bus_set_handler(g->bus, (unsigned int)line, fn, g);
	}
}

int sim_gos_boot(struct sim_gos *g, const struct gsmmu_config *dcfg)
{
	struct gsmmu_ops ops;
	int ret;

	if (!g->node.present)
		return -VSMMU_ERR_NOENT;
	memset(&ops, 0, sizeof(ops));
	ops.mmio_read = gos_mmio_read;
	ops.mmio_write = gos_mmio_write;
	ops.mem_read = gos_mem_read;
	ops.mem_write = gos_mem_write;
	ops.alloc = gos_alloc;
	ops.free = gos_free;
	ops.relax = gos_relax;
	ops.event = gos_event;
	ops.log = gos_log;
	ops.ctx = g;
	/* Like Linux: MSIs when the driver has a doorbell, else the lines. */
	if (!dcfg || !dcfg->msi_doorbell) {
		gos_bind_irqs(g);
	} else {
		/*
		 * MSIs: one doorbell for both sources; a coalesced pair of
		 * writes would lose a payload, so the handler looks at both.
		 */
		int line = sim_bus_find_line(g->bus, "its");

		if (line >= 0)
			sim_bus_set_handler(g->bus, (unsigned int)line,
					    gos_irq_combined, g);
	}
	ret = gsmmu_probe(&g->drv, &ops, dcfg);
	if (ret)
		return ret;
	g->drv_up = true;
	ret = gsmmu_reset(&g->drv);
	if (ret)
		g->drv_up = false;
	return ret;
}

void sim_gos_shutdown(struct sim_gos *g)
{
	if (!g->drv_up)
		return;
	gsmmu_remove(&g->drv);
	g->drv_up = false;
}

void sim_gos_fini(struct sim_gos *g)
{
	sim_gos_shutdown(g);
	if (g->ram.free)
		sim_palloc_fini(&g->ram);
}
