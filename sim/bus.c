// SPDX-License-Identifier: MIT
/*
 * The bus is a short list of windows and lines; the simulator has a
 * handful of each, so lookups are linear.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vsmmu/base.h"
#include "bus.h"

struct sim_window {
	char name[SIM_NAME_LEN];
	uint64_t base, size;
	struct sim_mmio_ops ops;
};

struct sim_line {
	struct sim_irq_stat st;
	uint64_t pending;
	sim_irq_fn fn;
	void *ctx;
};

struct sim_bus {
	char name[SIM_NAME_LEN];
	struct sim_mem_ops mem;
	struct sim_window win[SIM_BUS_MAX_WINDOWS];
	unsigned int nwin;
	struct sim_line line[SIM_BUS_MAX_LINES];
	unsigned int nline;
	uint64_t mmio_count;
};

int sim_bus_create(const char *name, const struct sim_mem_ops *mem,
		   struct sim_bus **out)
{
	struct sim_bus *b;

	if (!mem || !mem->read || !mem->write || !out)
		return -VSMMU_ERR_INVAL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -VSMMU_ERR_NOMEM;
	snprintf(b->name, sizeof(b->name), "%s", name ? name : "bus");
	b->mem = *mem;
	*out = b;
	return 0;
}

void sim_bus_destroy(struct sim_bus *b)
{
	free(b);
}

static struct sim_window *sim_bus_win(struct sim_bus *b, uint64_t addr)
{
	unsigned int i;

	for (i = 0; i < b->nwin; i++)
		if (addr >= b->win[i].base &&
		    addr - b->win[i].base < b->win[i].size)
			return &b->win[i];
	return NULL;
}

int sim_bus_add_mmio(struct sim_bus *b, const char *name, uint64_t base,
		     uint64_t size, const struct sim_mmio_ops *ops)
{
	struct sim_window *w;
	unsigned int i;

	if (!b || !ops || size == 0 || base + (size - 1) < base)
		return -VSMMU_ERR_INVAL;
	if (b->nwin == SIM_BUS_MAX_WINDOWS)
		return -VSMMU_ERR_FULL;
	for (i = 0; i < b->nwin; i++)
		if (base <= b->win[i].base + (b->win[i].size - 1) &&
		    b->win[i].base <= base + (size - 1))
			return -VSMMU_ERR_EXIST;
	w = &b->win[b->nwin++];
	snprintf(w->name, sizeof(w->name), "%s", name ? name : "mmio");
	w->base = base;
	w->size = size;
	w->ops = *ops;
	return 0;
}

int sim_bus_read(struct sim_bus *b, uint64_t addr, unsigned int size,
		 uint64_t *val)
{
	struct sim_window *w = sim_bus_win(b, addr);

	*val = 0;
	if (w) {
		b->mmio_count++;
		return w->ops.read(w->ops.ctx, addr - w->base, size, val);
	}
	if (size != 4 && size != 8)
		return -VSMMU_ERR_INVAL;
	/* Memory is little-endian; the host is too (env.h swaps if not). */
	return b->mem.read(b->mem.ctx, addr, val, size);
}

int sim_bus_write(struct sim_bus *b, uint64_t addr, unsigned int size,
		  uint64_t val)
{
	struct sim_window *w = sim_bus_win(b, addr);

	if (w) {
		b->mmio_count++;
		return w->ops.write(w->ops.ctx, addr - w->base, size, val);
	}
	if (size != 4 && size != 8)
		return -VSMMU_ERR_INVAL;
	return b->mem.write(b->mem.ctx, addr, &val, size);
}

int sim_bus_mem_read(struct sim_bus *b, uint64_t addr, void *buf, size_t len)
{
	return b->mem.read(b->mem.ctx, addr, buf, len);
}

int sim_bus_mem_write(struct sim_bus *b, uint64_t addr, const void *buf,
		      size_t len)
{
	return b->mem.write(b->mem.ctx, addr, buf, len);
}

static int sim_bus_new_line(struct sim_bus *b, const char *name, bool msi,
			    uint64_t addr)
{
	struct sim_line *l;

	if (!b)
		return -VSMMU_ERR_INVAL;
	if (b->nline == SIM_BUS_MAX_LINES)
		return -VSMMU_ERR_FULL;
	l = &b->line[b->nline];
	memset(l, 0, sizeof(*l));
	snprintf(l->st.name, sizeof(l->st.name), "%s", name ? name : "irq");
	l->st.is_msi = msi;
	l->st.doorbell = addr;
	return (int)b->nline++;
}

int sim_bus_add_line(struct sim_bus *b, const char *name)
{
	return sim_bus_new_line(b, name, false, 0);
}

int sim_bus_add_doorbell(struct sim_bus *b, const char *name, uint64_t addr)
{
	return sim_bus_new_line(b, name, true, addr);
}

int sim_bus_find_line(const struct sim_bus *b, const char *name)
{
	unsigned int i;

	for (i = 0; i < b->nline; i++)
		if (!strcmp(b->line[i].st.name, name))
			return (int)i;
	return -VSMMU_ERR_NOENT;
}

int sim_bus_set_handler(struct sim_bus *b, unsigned int line, sim_irq_fn fn,
			void *ctx)
{
	if (!b || line >= b->nline)
		return -VSMMU_ERR_INVAL;
	b->line[line].fn = fn;
	b->line[line].ctx = ctx;
	return 0;
}

void sim_bus_pulse(struct sim_bus *b, unsigned int line)
{
	if (!b || line >= b->nline)
		return;
	b->line[line].st.count++;
	b->line[line].pending++;
}

void sim_bus_set_level(struct sim_bus *b, unsigned int line, bool level)
{
	if (!b || line >= b->nline)
		return;
	if (level && !b->line[line].st.level) {
		b->line[line].st.count++;
		b->line[line].pending++;
	}
	b->line[line].st.level = level;
}

int sim_bus_msi(struct sim_bus *b, uint64_t addr, uint32_t data)
{
	uint32_t le = vsmmu_cpu_to_le32(data);
	unsigned int i;

	for (i = 0; i < b->nline; i++) {
		struct sim_line *l = &b->line[i];

		if (l->st.is_msi && l->st.doorbell == addr) {
			l->st.count++;
			l->st.last_data = data;
			l->pending++;
			return 0;
		}
	}
	return b->mem.write(b->mem.ctx, addr, &le, sizeof(le));
}

bool sim_bus_pending(const struct sim_bus *b)
{
	unsigned int i;

	for (i = 0; i < b->nline; i++)
		if (b->line[i].pending && b->line[i].fn)
			return true;
	return false;
}

unsigned int sim_bus_deliver(struct sim_bus *b, unsigned int rounds)
{
	unsigned int n = 0, r, i;

	for (r = 0; r < rounds && sim_bus_pending(b); r++) {
		for (i = 0; i < b->nline; i++) {
			struct sim_line *l = &b->line[i];

			if (!l->pending || !l->fn)
				continue;
			/* Edges taken together are one interrupt, as a GIC
			 * coalesces a pending edge. */
			l->pending = 0;
			l->st.delivered++;
			l->fn(l->ctx, i);
			n++;
		}
	}
	return n;
}

const struct sim_irq_stat *sim_bus_line_stat(const struct sim_bus *b,
					     unsigned int line)
{
	return line < b->nline ? &b->line[line].st : NULL;
}

unsigned int sim_bus_nlines(const struct sim_bus *b)
{
	return b->nline;
}

const char *sim_bus_name(const struct sim_bus *b)
{
	return b->name;
}

uint64_t sim_bus_mmio_count(const struct sim_bus *b)
{
	return b->mmio_count;
}
