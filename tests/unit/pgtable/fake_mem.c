// SPDX-License-Identifier: MIT
/* The fake physical memory of the pgtable tests (see fake_mem.h). */
#include <stdlib.h>
#include <string.h>

#include "fake_mem.h"

static uint8_t *fmem_frame(struct fmem *m, uint64_t pa, bool create)
{
	uint64_t f = pa >> 12;
	unsigned int i, h = (unsigned int)((f * 0x9e3779b97f4a7c15ull) >> 50);

	for (i = 0; i < FMEM_FRAMES; i++) {
		unsigned int s = (h + i) % FMEM_FRAMES;

		if (m->frame[s].pa == f + 1)
			return m->frame[s].data;
		if (!m->frame[s].pa) {
			if (!create)
				return NULL;
			m->frame[s].pa = f + 1;
			m->frame[s].data = calloc(1, 4096);
			return m->frame[s].data;
		}
	}
	abort();	/* test memory exhausted: a test bug */
}

void fmem_init(struct fmem *m, uint64_t alloc_base)
{
	memset(m, 0, sizeof(*m));
	m->next = alloc_base;
	m->allocs_left = -1;
}

void fmem_fini(struct fmem *m)
{
	for (unsigned int i = 0; i < FMEM_FRAMES; i++)
		free(m->frame[i].data);
	memset(m->frame, 0, sizeof(m->frame));
}

uint64_t fmem_rd64(struct fmem *m, uint64_t pa)
{
	uint8_t *f = fmem_frame(m, pa, false);
	uint64_t v = 0;

	if (f)
		memcpy(&v, f + (pa & 4095), 8);
	return v;
}

void fmem_wr64(struct fmem *m, uint64_t pa, uint64_t v)
{
	memcpy(fmem_frame(m, pa, true) + (pa & 4095), &v, 8);
}

static int fmem_read(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	struct fmem *m = ctx;

	m->reads++;
	if (len != 8 || (pa.v & 7))
		return -VSMMU_ERR_INTERNAL;
	if (pa.v >= m->rd_fail_lo && pa.v < m->rd_fail_hi)
		return -VSMMU_ERR_IO;
	{
		uint64_t v = fmem_rd64(m, pa.v);

		memcpy(buf, &v, 8);
	}
	return 0;
}

static int fmem_write(void *ctx, smmu_pa_t pa, const void *buf, size_t len)
{
	struct fmem *m = ctx;
	uint64_t v;

	m->writes++;
	if (len != 8 || (pa.v & 7))
		return -VSMMU_ERR_INTERNAL;
	if (pa.v >= m->wr_fail_lo && pa.v < m->wr_fail_hi)
		return -VSMMU_ERR_IO;
	memcpy(&v, buf, 8);
	fmem_wr64(m, pa.v, v);
	return 0;
}

static int fmem_alloc_cb(void *ctx, size_t size, smmu_pa_t *pa)
{
	struct fmem *m = ctx;
	uint64_t p;

	if (m->allocs_left == 0 || m->nlive == FMEM_ALLOCS)
		return -VSMMU_ERR_NOMEM;
	if (m->allocs_left > 0)
		m->allocs_left--;
	p = (m->next + size - 1) & ~((uint64_t)size - 1);
	m->next = p + size;
	/* really zeroed, even if the frames were used before */
	for (uint64_t o = 0; o < size; o += 8)
		if (fmem_rd64(m, p + o))
			fmem_wr64(m, p + o, 0);
	m->live[m->nlive].pa = p;
	m->live[m->nlive].size = size;
	m->nlive++;
	*pa = smmu_pa(p);
	return 0;
}

static void fmem_free_cb(void *ctx, smmu_pa_t pa, size_t size)
{
	struct fmem *m = ctx;

	for (unsigned int i = 0; i < m->nlive; i++) {
		if (m->live[i].pa == pa.v && m->live[i].size == size) {
			m->live[i] = m->live[--m->nlive];
			/* poison, so a use after free shows up in walks */
			for (uint64_t o = 0; o < size; o += 8)
				fmem_wr64(m, pa.v + o, 0xdeadull << 48 | 3);
			return;
		}
	}
	m->bad_frees++;
}

struct pgt_mem fmem_mem(struct fmem *m)
{
	return (struct pgt_mem){ .read = fmem_read, .write = fmem_write,
				 .ctx = m };
}

struct pgt_alloc_ops fmem_alloc(struct fmem *m)
{
	return (struct pgt_alloc_ops){ .alloc = fmem_alloc_cb,
				       .free = fmem_free_cb, .ctx = m };
}
