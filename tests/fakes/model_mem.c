// SPDX-License-Identifier: MIT
/* A sparse fake physical memory for the SMMUv3 model's tests. */
#include <stdlib.h>
#include <string.h>

#include "fakes/model_mem.h"

void mmem_init(struct mmem *m, uint64_t alloc_base)
{
	memset(m, 0, sizeof(*m));
	m->next = alloc_base;
}

void mmem_fini(struct mmem *m)
{
	for (unsigned int i = 0; i < MMEM_SLOTS; i++)
		free(m->page[i]);
	memset(m, 0, sizeof(*m));
}

static uint8_t *mmem_page(struct mmem *m, uint64_t pn, bool create)
{
	unsigned int h = (unsigned int)((pn * 0x9E3779B97F4A7C15ull) >> 52) %
			 MMEM_SLOTS;

	for (unsigned int n = 0; n < MMEM_SLOTS; n++, h = (h + 1) % MMEM_SLOTS) {
		if (m->key[h] == pn + 1)
			return m->page[h];
		if (!m->key[h]) {
			if (!create)
				return NULL;
			m->key[h] = pn + 1;
			m->page[h] = calloc(1, 4096);
			if (!m->page[h])
				abort();
			return m->page[h];
		}
	}
	abort();	/* the test needs more pages */
}

void mmem_put(struct mmem *m, uint64_t pa, const void *buf, size_t len)
{
	const uint8_t *b = buf;

	while (len) {
		size_t n = 4096 - (pa & 4095);

		if (n > len)
			n = len;
		memcpy(mmem_page(m, pa >> 12, true) + (pa & 4095), b, n);
		pa += n;
		b += n;
		len -= n;
	}
}

void mmem_get(struct mmem *m, uint64_t pa, void *buf, size_t len)
{
	uint8_t *b = buf;

	while (len) {
		size_t n = 4096 - (pa & 4095);
		uint8_t *p;

		if (n > len)
			n = len;
		p = mmem_page(m, pa >> 12, false);
		if (p)
			memcpy(b, p + (pa & 4095), n);
		else
			memset(b, 0, n);
		pa += n;
		b += n;
		len -= n;
	}
}

void mmem_put64(struct mmem *m, uint64_t pa, uint64_t v)
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	mmem_put(m, pa, b, 8);
}

uint64_t mmem_get64(struct mmem *m, uint64_t pa)
{
	uint8_t b[8];
	uint64_t v = 0;

	mmem_get(m, pa, b, 8);
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | b[i];
	return v;
}

uint32_t mmem_get32(struct mmem *m, uint64_t pa)
{
	uint8_t b[4];

	mmem_get(m, pa, b, 4);
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static bool mmem_bad(const struct mmem *m, uint64_t pa, size_t len, bool wr)
{
	uint64_t end = pa + (len ? len - 1 : 0);

	for (unsigned int i = 0; i < m->nbad; i++) {
		const struct mmem_range *r = &m->bad[i];

		if ((wr ? r->wr : r->rd) && !(end < r->lo || pa > r->hi))
			return true;
	}
	return false;
}

int mmem_read(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	struct mmem *m = ctx;

	m->reads++;
	if (m->logging && m->nlog < MMEM_LOG)
		m->log[m->nlog++] = pa.v;
	if (mmem_bad(m, pa.v, len, false))
		return -VSMMU_ERR_IO;
	mmem_get(m, pa.v, buf, len);
	return 0;
}

int mmem_write(void *ctx, smmu_pa_t pa, const void *buf, size_t len)
{
	struct mmem *m = ctx;

	m->writes++;
	if (mmem_bad(m, pa.v, len, true))
		return -VSMMU_ERR_IO;
	mmem_put(m, pa.v, buf, len);
	return 0;
}

void mmem_fail(struct mmem *m, uint64_t lo, uint64_t hi, bool rd, bool wr)
{
	if (m->nbad < MMEM_BAD)
		m->bad[m->nbad++] = (struct mmem_range){ lo, hi, rd, wr };
}

void mmem_fail_clear(struct mmem *m)
{
	m->nbad = 0;
}

bool mmem_read_logged(const struct mmem *m, uint64_t lo, uint64_t hi)
{
	for (unsigned int i = 0; i < m->nlog; i++)
		if (m->log[i] >= lo && m->log[i] <= hi)
			return true;
	return false;
}

uint64_t mmem_alloc(struct mmem *m, uint64_t size, uint64_t align)
{
	uint64_t pa = (m->next + align - 1) & ~(align - 1);

	m->next = pa + size;
	return pa;
}

static int mmem_alloc_cb(void *ctx, size_t size, smmu_pa_t *pa)
{
	struct mmem *m = ctx;

	*pa = smmu_pa(mmem_alloc(m, size, size));
	/* Fresh pages must read as zero even if reused: clear them. */
	for (size_t off = 0; off < size; off += 8)
		mmem_put64(m, pa->v + off, 0);
	return 0;
}

static void mmem_free_cb(void *ctx, smmu_pa_t pa, size_t size)
{
	(void)ctx;
	(void)pa;
	(void)size;
}

struct pgt_mem mmem_pgt_mem(struct mmem *m)
{
	return (struct pgt_mem){ .read = mmem_read, .write = mmem_write,
				 .ctx = m };
}

struct pgt_alloc_ops mmem_pgt_alloc(struct mmem *m)
{
	return (struct pgt_alloc_ops){ .alloc = mmem_alloc_cb,
				       .free = mmem_free_cb, .ctx = m };
}
