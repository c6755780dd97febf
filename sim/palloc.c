// SPDX-License-Identifier: MIT
/*
 * First fit over a sorted array of free extents. The simulator allocates
 * a few thousand ranges at most, so a linear scan is the simple choice;
 * merging on free keeps the array short.
 */
#include <stdlib.h>
#include <string.h>

#include "vsmmu/base.h"
#include "palloc.h"

#define SIM_PALLOC_GRAN 4096ull

static uint64_t sim_round_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint64_t sim_pow2_up(uint64_t v)
{
	uint64_t p = 1;

	while (p < v && p)
		p <<= 1;
	return p;
}

int sim_palloc_init(struct sim_palloc *p, uint64_t base, uint64_t size,
		    uint64_t max_align)
{
	memset(p, 0, sizeof(*p));
	if (size < SIM_PALLOC_GRAN || (base & (SIM_PALLOC_GRAN - 1)))
		return -VSMMU_ERR_INVAL;
	p->cap = 16;
	p->free = malloc(p->cap * sizeof(*p->free));
	if (!p->free)
		return -VSMMU_ERR_NOMEM;
	p->base = base;
	p->size = size & ~(SIM_PALLOC_GRAN - 1);
	p->max_align = max_align ? max_align : SIM_PALLOC_GRAN;
	p->free[0].base = base;
	p->free[0].size = p->size;
	p->nfree = 1;
	return 0;
}

void sim_palloc_fini(struct sim_palloc *p)
{
	free(p->free);
	memset(p, 0, sizeof(*p));
}

static int sim_palloc_insert(struct sim_palloc *p, size_t at, uint64_t base,
			     uint64_t size)
{
	if (p->nfree == p->cap) {
		struct sim_palloc_ext *n;

		n = realloc(p->free, p->cap * 2 * sizeof(*n));
		if (!n)
			return -VSMMU_ERR_NOMEM;
		p->free = n;
		p->cap *= 2;
	}
	memmove(&p->free[at + 1], &p->free[at],
		(p->nfree - at) * sizeof(*p->free));
	p->free[at].base = base;
	p->free[at].size = size;
	p->nfree++;
	return 0;
}

int sim_palloc_alloc(struct sim_palloc *p, uint64_t size, uint64_t align,
		     uint64_t *addr)
{
	uint64_t a;
	size_t i;

	if (!p || !addr || size == 0 || size > p->size)
		return -VSMMU_ERR_INVAL;
	size = sim_round_up(size, SIM_PALLOC_GRAN);
	a = VSMMU_MIN(sim_pow2_up(size), p->max_align);
	if (align > a)
		a = sim_pow2_up(align);
	if (a < SIM_PALLOC_GRAN)
		a = SIM_PALLOC_GRAN;
	for (i = 0; i < p->nfree; i++) {
		struct sim_palloc_ext *e = &p->free[i];
		uint64_t s = sim_round_up(e->base, a);
		uint64_t head, tail;

		if (s < e->base || s - e->base >= e->size ||
		    e->size - (s - e->base) < size)
			continue;
		head = s - e->base;
		tail = e->size - head - size;
		if (head && tail) {
			/* Split in three: keep the head, add the tail. */
			if (sim_palloc_insert(p, i + 1, s + size, tail))
				return -VSMMU_ERR_NOMEM;
			p->free[i].size = head;
		} else if (head) {
			e->size = head;
		} else if (tail) {
			e->base = s + size;
			e->size = tail;
		} else {
			memmove(&p->free[i], &p->free[i + 1],
				(p->nfree - i - 1) * sizeof(*p->free));
			p->nfree--;
		}
		p->in_use += size;
		if (p->in_use > p->peak)
			p->peak = p->in_use;
		*addr = s;
		return 0;
	}
	return -VSMMU_ERR_NOMEM;
}

int sim_palloc_free(struct sim_palloc *p, uint64_t addr, uint64_t size)
{
	size_t i;

	if (!p || size == 0)
		return -VSMMU_ERR_INVAL;
	size = sim_round_up(size, SIM_PALLOC_GRAN);
	if (addr < p->base || addr - p->base > p->size - size)
		return -VSMMU_ERR_RANGE;
	for (i = 0; i < p->nfree && p->free[i].base < addr; i++)
		;
	/* Refuse a double free: the range must not overlap a free one. */
	if (i > 0 && p->free[i - 1].base + p->free[i - 1].size > addr)
		return -VSMMU_ERR_INVAL;
	if (i < p->nfree && addr + size > p->free[i].base)
		return -VSMMU_ERR_INVAL;
	p->in_use -= size;
	if (i > 0 && p->free[i - 1].base + p->free[i - 1].size == addr) {
		p->free[i - 1].size += size;
		if (i < p->nfree && addr + size == p->free[i].base) {
			p->free[i - 1].size += p->free[i].size;
			memmove(&p->free[i], &p->free[i + 1],
				(p->nfree - i - 1) * sizeof(*p->free));
			p->nfree--;
		}
		return 0;
	}
	if (i < p->nfree && addr + size == p->free[i].base) {
		p->free[i].base = addr;
		p->free[i].size += size;
		return 0;
	}
	if (sim_palloc_insert(p, i, addr, size)) {
		p->in_use += size;
		return -VSMMU_ERR_NOMEM;
	}
	return 0;
}
