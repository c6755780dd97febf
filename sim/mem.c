// SPDX-License-Identifier: MIT
/*
 * Sparse memory: an open-addressing hash table from page number to a
 * zero-filled 4 KiB page, grown when it is half full. Reads of absent
 * pages copy zeros without allocating, so probing the whole address space
 * costs nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "vsmmu/base.h"
#include "mem.h"

#define SIM_MEM_MAX_HOLES 16u
#define SIM_MEM_EMPTY	  UINT64_MAX /* no page number is all ones */

struct sim_mem_slot {
	uint64_t pfn;
	uint8_t *page;
};

struct sim_mem {
	uint64_t limit; /* last valid address */
	struct sim_mem_slot *slots;
	size_t nslots; /* power of two */
	size_t used;
	struct {
		uint64_t base, last;
	} holes[SIM_MEM_MAX_HOLES];
	unsigned int nholes;
	struct {
		uint64_t base, size;
		uint8_t *buf;
	} backed[SIM_MEM_MAX_HOLES];
	unsigned int nbacked;
	uint64_t faults;
	sim_mem_watch_fn watch;
	void *watch_ctx;
};

static size_t sim_mem_hash(uint64_t pfn, size_t nslots)
{
	/* Fibonacci hashing spreads consecutive pages over the table. */
	return (size_t)((pfn * 0x9E3779B97F4A7C15ull) >> 20) & (nslots - 1);
}

static struct sim_mem_slot *sim_mem_find(struct sim_mem *m, uint64_t pfn)
{
	size_t i = sim_mem_hash(pfn, m->nslots);

	for (;;) {
		struct sim_mem_slot *s = &m->slots[i];

		if (s->pfn == pfn || s->pfn == SIM_MEM_EMPTY)
			return s;
		i = (i + 1) & (m->nslots - 1);
	}
}

static int sim_mem_grow(struct sim_mem *m)
{
	struct sim_mem_slot *old = m->slots;
	size_t oldn = m->nslots, i;

	m->nslots = oldn * 2;
	m->slots = malloc(m->nslots * sizeof(*m->slots));
	if (!m->slots) {
		m->slots = old;
		m->nslots = oldn;
		return -VSMMU_ERR_NOMEM;
	}
	for (i = 0; i < m->nslots; i++)
		m->slots[i].pfn = SIM_MEM_EMPTY;
	for (i = 0; i < oldn; i++)
		if (old[i].pfn != SIM_MEM_EMPTY)
			*sim_mem_find(m, old[i].pfn) = old[i];
	free(old);
	return 0;
}

int sim_mem_create(unsigned int addr_bits, struct sim_mem **out)
{
	struct sim_mem *m;
	size_t i;

	if (!out || addr_bits == 0 || addr_bits > 64)
		return -VSMMU_ERR_INVAL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -VSMMU_ERR_NOMEM;
	m->limit = addr_bits == 64 ? UINT64_MAX : (1ull << addr_bits) - 1;
	m->nslots = 1024;
	m->slots = malloc(m->nslots * sizeof(*m->slots));
	if (!m->slots) {
		free(m);
		return -VSMMU_ERR_NOMEM;
	}
	for (i = 0; i < m->nslots; i++)
		m->slots[i].pfn = SIM_MEM_EMPTY;
	*out = m;
	return 0;
}

void sim_mem_destroy(struct sim_mem *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nslots; i++)
		if (m->slots[i].pfn != SIM_MEM_EMPTY)
			free(m->slots[i].page);
	free(m->slots);
	free(m);
}

int sim_mem_add_hole(struct sim_mem *m, uint64_t base, uint64_t size)
{
	if (!m || size == 0 || m->nholes == SIM_MEM_MAX_HOLES)
		return -VSMMU_ERR_INVAL;
	if (base + (size - 1) < base)
		return -VSMMU_ERR_RANGE;
	m->holes[m->nholes].base = base;
	m->holes[m->nholes].last = base + (size - 1);
	m->nholes++;
	return 0;
}

int sim_mem_add_backed(struct sim_mem *m, uint64_t base, uint64_t size,
		       void *buf)
{
	if (!m || !buf || !size || m->nbacked == SIM_MEM_MAX_HOLES ||
	    ((base | size) & (SIM_PAGE_SIZE - 1)) ||
	    !smmu_range_ok(base, size - 1, m->limit))
		return -VSMMU_ERR_INVAL;
	m->backed[m->nbacked].base = base;
	m->backed[m->nbacked].size = size;
	m->backed[m->nbacked].buf = buf;
	m->nbacked++;
	return 0;
}

/* The storage of a page inside a backed region, or NULL. */
static uint8_t *sim_mem_backed_page(struct sim_mem *m, uint64_t pfn)
{
	uint64_t pa = pfn << SIM_PAGE_SHIFT;
	unsigned int i;

	for (i = 0; i < m->nbacked; i++)
		if (pa >= m->backed[i].base &&
		    pa - m->backed[i].base < m->backed[i].size)
			return m->backed[i].buf + (pa - m->backed[i].base);
	return NULL;
}

/* Whether [pa, pa + len) is inside the space and misses every hole. */
static bool sim_mem_ok(struct sim_mem *m, uint64_t pa, size_t len)
{
	uint64_t last;
	unsigned int i;

	if (len == 0)
		return pa <= m->limit;
	if (!smmu_range_ok(pa, len - 1, m->limit))
		return false;
	last = pa + (len - 1);
	for (i = 0; i < m->nholes; i++)
		if (pa <= m->holes[i].last && last >= m->holes[i].base)
			return false;
	return true;
}

int sim_mem_read(struct sim_mem *m, uint64_t pa, void *buf, size_t len)
{
	uint8_t *out = buf;

	if (!m || (!buf && len))
		return -VSMMU_ERR_INVAL;
	if (!sim_mem_ok(m, pa, len)) {
		m->faults++;
		return -VSMMU_ERR_RANGE;
	}
	if (m->watch)
		m->watch(m->watch_ctx, pa, len, false);
	while (len) {
		uint64_t off = pa & (SIM_PAGE_SIZE - 1);
		size_t n =
			(size_t)VSMMU_MIN((uint64_t)len, SIM_PAGE_SIZE - off);
		uint8_t *bp = sim_mem_backed_page(m, pa >> SIM_PAGE_SHIFT);
		struct sim_mem_slot *s;

		if (bp) {
			memcpy(out, bp + off, n);
		} else {
			s = sim_mem_find(m, pa >> SIM_PAGE_SHIFT);
			if (s->pfn == SIM_MEM_EMPTY)
				memset(out, 0, n);
			else
				memcpy(out, s->page + off, n);
		}
		out += n;
		pa += n;
		len -= n;
	}
	return 0;
}

int sim_mem_write(struct sim_mem *m, uint64_t pa, const void *buf, size_t len)
{
	const uint8_t *in = buf;

	if (!m || (!buf && len))
		return -VSMMU_ERR_INVAL;
	if (!sim_mem_ok(m, pa, len)) {
		m->faults++;
		return -VSMMU_ERR_RANGE;
	}
	if (m->watch)
		m->watch(m->watch_ctx, pa, len, true);
	while (len) {
		uint64_t off = pa & (SIM_PAGE_SIZE - 1);
		size_t n =
			(size_t)VSMMU_MIN((uint64_t)len, SIM_PAGE_SIZE - off);
		uint64_t pfn = pa >> SIM_PAGE_SHIFT;
		uint8_t *bp = sim_mem_backed_page(m, pfn);
		struct sim_mem_slot *s;

		if (bp) {
			memcpy(bp + off, in, n);
			in += n;
			pa += n;
			len -= n;
			continue;
		}
		s = sim_mem_find(m, pfn);
		if (s->pfn == SIM_MEM_EMPTY) {
			uint8_t *page;

			if ((m->used + 1) * 2 > m->nslots) {
				if (sim_mem_grow(m))
					return -VSMMU_ERR_NOMEM;
				s = sim_mem_find(m, pfn);
			}
			page = calloc(1, SIM_PAGE_SIZE);
			if (!page)
				return -VSMMU_ERR_NOMEM;
			s->pfn = pfn;
			s->page = page;
			m->used++;
		}
		memcpy(s->page + off, in, n);
		in += n;
		pa += n;
		len -= n;
	}
	return 0;
}

int sim_mem_zero(struct sim_mem *m, uint64_t pa, uint64_t len)
{
	if (!m)
		return -VSMMU_ERR_INVAL;
	if (len && !sim_mem_ok(m, pa, len))
		return -VSMMU_ERR_RANGE;
	while (len) {
		uint64_t off = pa & (SIM_PAGE_SIZE - 1);
		uint64_t n = VSMMU_MIN(len, SIM_PAGE_SIZE - off);
		uint8_t *bp = sim_mem_backed_page(m, pa >> SIM_PAGE_SHIFT);

		if (bp) {
			memset(bp + off, 0, n);
		} else {
			struct sim_mem_slot *s =
				sim_mem_find(m, pa >> SIM_PAGE_SHIFT);

			if (s->pfn != SIM_MEM_EMPTY)
				memset(s->page + off, 0, n);
		}
		pa += n;
		len -= n;
	}
	return 0;
}

int sim_mem_read64(struct sim_mem *m, uint64_t pa, uint64_t *v)
{
	uint64_t x;
	int ret = sim_mem_read(m, pa, &x, sizeof(x));

	*v = ret ? 0 : vsmmu_le64_to_cpu(x);
	return ret;
}

int sim_mem_write64(struct sim_mem *m, uint64_t pa, uint64_t v)
{
	uint64_t x = vsmmu_cpu_to_le64(v);

	return sim_mem_write(m, pa, &x, sizeof(x));
}

int sim_mem_read32(struct sim_mem *m, uint64_t pa, uint32_t *v)
{
	uint32_t x;
	int ret = sim_mem_read(m, pa, &x, sizeof(x));

	*v = ret ? 0 : vsmmu_le32_to_cpu(x);
	return ret;
}

int sim_mem_write32(struct sim_mem *m, uint64_t pa, uint32_t v)
{
	uint32_t x = vsmmu_cpu_to_le32(v);

	return sim_mem_write(m, pa, &x, sizeof(x));
}

uint64_t sim_mem_pages(const struct sim_mem *m)
{
	return m ? m->used : 0;
}

uint64_t sim_mem_faults(const struct sim_mem *m)
{
	return m ? m->faults : 0;
}

void sim_mem_set_watch(struct sim_mem *m, sim_mem_watch_fn fn, void *ctx)
{
	m->watch = fn;
	m->watch_ctx = ctx;
}
