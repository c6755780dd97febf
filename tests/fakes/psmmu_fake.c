// SPDX-License-Identifier: MIT
/* Hosts for the psmmu driver in tests; see psmmu_fake.h. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakes/psmmu_fake.h"

/* ---- Flat memory ---------------------------------------------------------- */

void pf_mem_init(struct pf_mem *m, uint64_t base, uint64_t size)
{
	memset(m, 0, sizeof(*m));
	m->buf = calloc(1, size);
	if (!m->buf)
		abort();
	m->base = base;
	m->size = size;
	m->next = base;
}

void pf_mem_fini(struct pf_mem *m)
{
	free(m->buf);
	m->buf = NULL;
}

static bool pf_mem_in(const struct pf_mem *m, uint64_t pa, size_t len)
{
	return pa >= m->base && smmu_range_ok(pa - m->base, len, m->size);
}

int pf_mem_read(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	struct pf_mem *m = ctx;

	if (!pf_mem_in(m, pa.v, len))
		return -VSMMU_ERR_IO;
	memcpy(buf, m->buf + (pa.v - m->base), len);
	return 0;
}

int pf_mem_write(void *ctx, smmu_pa_t pa, const void *buf, size_t len)
{
	struct pf_mem *m = ctx;

	if (!pf_mem_in(m, pa.v, len))
		return -VSMMU_ERR_IO;
	memcpy(m->buf + (pa.v - m->base), buf, len);
	return 0;
}

uint64_t pf_mem_alloc(struct pf_mem *m, uint64_t size, uint64_t align)
{
	uint64_t pa;

	if (!align)
		align = 8;
	pa = (m->next + align - 1) & ~(align - 1);
	if (!pf_mem_in(m, pa, size)) {
		fprintf(stderr, "pf_mem: out of memory\n");
		abort();
	}
	m->next = pa + size;
	memset(m->buf + (pa - m->base), 0, size);
	m->allocs++;
	return pa;
}

void *pf_mem_va(struct pf_mem *m, uint64_t pa)
{
	if (!pf_mem_in(m, pa, 1))
		return NULL;
	return m->buf + (pa - m->base);
}

uint64_t pf_mem_get64(struct pf_mem *m, uint64_t pa)
{
	uint64_t v = 0;

	pf_mem_read(m, smmu_pa(pa), &v, 8);
	return vsmmu_le64_to_cpu(v);
}

void pf_mem_put64(struct pf_mem *m, uint64_t pa, uint64_t v)
{
	v = vsmmu_cpu_to_le64(v);
	pf_mem_write(m, smmu_pa(pa), &v, 8);
}

static int pf_pgt_alloc_fn(void *ctx, size_t size, smmu_pa_t *pa)
{
	*pa = smmu_pa(pf_mem_alloc(ctx, size, size));
	return 0;
}

static void pf_pgt_free_fn(void *ctx, smmu_pa_t pa, size_t size)
{
	(void)ctx;
	(void)pa;
	(void)size;
}

struct pgt_mem pf_pgt_mem(struct pf_mem *m)
{
	struct pgt_mem r = { pf_mem_read, pf_mem_write, m };

	return r;
}

struct pgt_alloc_ops pf_pgt_alloc(struct pf_mem *m)
{
	struct pgt_alloc_ops r = { pf_pgt_alloc_fn, pf_pgt_free_fn, m };

	return r;
}

/* ---- Scripted SMMU ------------------------------------------------------------ */

void pf_smmu_init(struct pf_smmu *s, struct pf_mem *mem)
{
	memset(s, 0, sizeof(*s));
	s->mem = mem;
	s->ill_op = -1;
	s->abt_op = -1;
	s->fail_read_off = -1;
	/* S1P S2P TTF=AA64 COHACC Hyp ASID16 MSI VMID16 CD2L TTENDIAN=LE
	 * STALL_MODEL=01 ST_LEVEL=2lvl */
	s->regs[SMMU_IDR0 / 4] = (uint32_t)(SMMU_IDR0_S1P | SMMU_IDR0_S2P |
		smmu_field_prep(SMMU_IDR0_TTF, SMMU_IDR0_TTF_AA64) |
		SMMU_IDR0_COHACC | SMMU_IDR0_HYP | SMMU_IDR0_ASID16 |
		SMMU_IDR0_MSI | SMMU_IDR0_VMID16 | SMMU_IDR0_CD2L |
		smmu_field_prep(SMMU_IDR0_TTENDIAN, SMMU_IDR0_TTENDIAN_LE) |
		smmu_field_prep(SMMU_IDR0_STALL_MODEL,
				SMMU_IDR0_STALL_MODEL_NOSTALL) |
		smmu_field_prep(SMMU_IDR0_ST_LEVEL, SMMU_IDR0_ST_LEVEL_2LVL));
	s->regs[SMMU_IDR1 / 4] = (uint32_t)(
		smmu_field_prep(SMMU_IDR1_SIDSIZE, 16) |
		smmu_field_prep(SMMU_IDR1_SSIDSIZE, 20) |
		smmu_field_prep(SMMU_IDR1_EVENTQS, 19) |
		smmu_field_prep(SMMU_IDR1_CMDQS, 19));
	s->regs[SMMU_IDR3 / 4] = (uint32_t)SMMU_IDR3_RIL;
	s->regs[SMMU_IDR5 / 4] = (uint32_t)(SMMU_IDR5_GRAN4K |
		SMMU_IDR5_GRAN16K | SMMU_IDR5_GRAN64K |
		smmu_field_prep(SMMU_IDR5_OAS, SMMU_OAS_48));
	/* Arm, a product with no known nesting errata */
	s->regs[SMMU_IIDR / 4] = 0x4890043Bu;
	s->regs[SMMU_AIDR / 4] = 2;
	s->regs[SMMU_GBPA / 4] = 0x1000;
}

static uint64_t pf_reg64(const struct pf_smmu *s, uint32_t off)
{
	return s->regs[off / 4] | ((uint64_t)s->regs[off / 4 + 1] << 32);
}

/* Consume commands from CONS to PROD unless held or stopped by an error. */
static void pf_smmu_consume(struct pf_smmu *s)
{
	uint64_t base = pf_reg64(s, SMMU_CMDQ_BASE);
	unsigned int log2 = (unsigned int)(base & 0x1f);
	uint64_t qpa = base & SMMU_Q_BASE_ADDR;
	uint32_t mask = (2u << log2) - 1u;	/* index + wrap */
	uint32_t prod, cons;
	uint64_t w0, w1;
	unsigned int guard;

	if (s->cmdq_hold || !(s->regs[SMMU_CR0 / 4] & SMMU_CR0_CMDQEN))
		return;
	if ((s->regs[SMMU_GERROR / 4] ^ s->regs[SMMU_GERRORN / 4]) &
	    SMMU_GERROR_CMDQ_ERR)
		return;
	prod = s->regs[SMMU_CMDQ_PROD / 4] & mask;
	cons = s->regs[SMMU_CMDQ_CONS / 4] & mask;
	for (guard = 0; cons != prod && guard < (1u << 20); guard++) {
		uint64_t slot = qpa + (uint64_t)(cons & ((1u << log2) - 1u)) * 16u;

		w0 = pf_mem_get64(s->mem, slot);
		w1 = pf_mem_get64(s->mem, slot + 8);
		if (s->abt_op >= 0 && (w0 & 0xff) == (uint64_t)s->abt_op &&
		    s->abt_left) {
			s->abt_left--;
			s->regs[SMMU_CMDQ_CONS / 4] = cons |
				(SMMU_CERROR_ABT << 24);
			s->regs[SMMU_GERROR / 4] ^= (uint32_t)SMMU_GERROR_CMDQ_ERR;
			return;
		}
		if (s->ill_op >= 0 && (w0 & 0xff) == (uint64_t)s->ill_op) {
			s->regs[SMMU_CMDQ_CONS / 4] = cons |
				(SMMU_CERROR_ILL << 24);
			s->regs[SMMU_GERROR / 4] ^= (uint32_t)SMMU_GERROR_CMDQ_ERR;
			return;
		}
		if (s->nops < PF_WLOG) {
			s->ops[s->nops] = (uint8_t)w0;
			s->cmd0[s->nops] = w0;
			s->cmd1[s->nops] = w1;
			s->nops++;
		}
		if ((w0 & 0xff) == SMMU_CMD_SYNC &&
		    smmu_field_get(SMMU_CMD0_SYNC_CS, w0) == SMMU_SYNC_CS_IRQ &&
		    s->msi_abort) {
			uint32_t *ge = &s->regs[SMMU_GERROR / 4];

			*ge = smmu_gerror_raise(*ge, s->regs[SMMU_GERRORN / 4],
				(uint32_t)SMMU_GERROR_MSI_CMDQ_ABT_ERR);
		} else if ((w0 & 0xff) == SMMU_CMD_SYNC &&
		    smmu_field_get(SMMU_CMD0_SYNC_CS, w0) == SMMU_SYNC_CS_IRQ) {
			uint32_t d = vsmmu_cpu_to_le32(
				(uint32_t)smmu_field_get(SMMU_CMD0_SYNC_MSIDATA, w0));

			pf_mem_write(s->mem, smmu_pa(w1 & SMMU_CMD1_MSIADDR),
				     &d, 4);
		}
		cons = (cons + 1u) & mask;
		s->regs[SMMU_CMDQ_CONS / 4] = cons;
	}
}

int pf_smmu_read(void *dev, uint32_t off, unsigned int size, uint64_t *val)
{
	struct pf_smmu *s = dev;

	*val = 0;
	if (off >= SMMU_MMIO_SIZE || (off & 3u) || (size != 4 && size != 8))
		return -VSMMU_ERR_RANGE;
	if (s->fail_read_off >= 0 && off == (uint32_t)s->fail_read_off)
		return -VSMMU_ERR_IO;
	*val = s->regs[off / 4];
	if (size == 8)
		*val |= (uint64_t)s->regs[off / 4 + 1] << 32;
	return 0;
}

static void pf_smmu_write32(struct pf_smmu *s, uint32_t off, uint32_t v)
{
	if (s->nw < PF_WLOG) {
		s->woff[s->nw] = off;
		s->wval[s->nw] = v;
		s->nw++;
	}
	switch (off) {
	case SMMU_IDR0: case SMMU_IDR1: case SMMU_IDR2: case SMMU_IDR3:
	case SMMU_IDR4: case SMMU_IDR5: case SMMU_IIDR: case SMMU_AIDR:
	case SMMU_CR0ACK: case SMMU_IRQ_CTRLACK: case SMMU_GERROR:
		return;
	case SMMU_CR0:
		s->regs[off / 4] = v;
		if (!s->ack_stuck)
			s->regs[SMMU_CR0ACK / 4] = v;
		pf_smmu_consume(s);
		return;
	case SMMU_IRQ_CTRL:
		s->regs[off / 4] = v;
		if (!s->ack_stuck)
			s->regs[SMMU_IRQ_CTRLACK / 4] = v;
		return;
	case SMMU_GBPA:
		if (v & SMMU_GBPA_UPDATE)
			s->regs[off / 4] = s->gbpa_stuck ? v :
				   v & ~(uint32_t)SMMU_GBPA_UPDATE;
		return;
	case SMMU_GERRORN:
		s->regs[off / 4] = v;
		pf_smmu_consume(s);
		return;
	case SMMU_CMDQ_PROD:
		s->regs[off / 4] = v;
		pf_smmu_consume(s);
		return;
	default:
		s->regs[off / 4] = v;
	}
}

int pf_smmu_write(void *dev, uint32_t off, unsigned int size, uint64_t val)
{
	struct pf_smmu *s = dev;

	if (off >= SMMU_MMIO_SIZE || (off & 3u) || (size != 4 && size != 8))
		return -VSMMU_ERR_RANGE;
	pf_smmu_write32(s, off, (uint32_t)val);
	if (size == 8)
		pf_smmu_write32(s, off + 4, (uint32_t)(val >> 32));
	return 0;
}

int pf_smmu_find_write(const struct pf_smmu *s, uint32_t off,
		       unsigned int from)
{
	unsigned int i;

	for (i = from; i < s->nw; i++)
		if (s->woff[i] == off)
			return (int)i;
	return -1;
}

/* ---- Host ----------------------------------------------------------------------- */

static void h_cb_lock(struct pf_host *h, bool lock);

static int h_read32(void *ctx, uint32_t off, uint32_t *val)
{
	struct pf_host *h = ctx;
	uint64_t v = 0;
	int err = h->mmio_read(h->dev, off, 4, &v);

	*val = (uint32_t)v;
	return err;
}

static int h_write32(void *ctx, uint32_t off, uint32_t val)
{
	struct pf_host *h = ctx;

	return h->mmio_write(h->dev, off, 4, val);
}

static int h_read64(void *ctx, uint32_t off, uint64_t *val)
{
	struct pf_host *h = ctx;

	return h->mmio_read(h->dev, off, 8, val);
}

static int h_write64(void *ctx, uint32_t off, uint64_t val)
{
	struct pf_host *h = ctx;

	return h->mmio_write(h->dev, off, 8, val);
}

static int h_dma_alloc(void *ctx, size_t size, size_t align,
		       struct psmmu_dma *out)
{
	struct pf_host *h = ctx;
	uint64_t pa;

	if (++h->dma_calls == h->dma_fail_at)
		return -VSMMU_ERR_NOMEM;
	pa = pf_mem_alloc(&h->mem, size, align);

	out->pa = smmu_pa(pa);
	out->va = pf_mem_va(&h->mem, pa);
	if (h->cpu) {
		out->va = h->cpu + (pa - h->mem.base);
		memset(out->va, 0, size);
	}
	out->size = size;
	h->dma_live++;
	return 0;
}

static void h_dma_free(void *ctx, const struct psmmu_dma *d)
{
	struct pf_host *h = ctx;

	(void)d;
	h->dma_live--;
}

static void h_dma_sync(void *ctx, const struct psmmu_dma *d, size_t off,
		       size_t len, bool to_device)
{
	struct pf_host *h = ctx;
	uint8_t *mem = (uint8_t *)pf_mem_va(&h->mem, d->pa.v) + off;
	uint8_t *cpu = (uint8_t *)d->va + off;

	if (off > d->size || len > d->size - off) {
		fprintf(stderr, "psmmu: dma_sync outside the buffer\n");
		abort();
	}
	if (to_device) {
		memcpy(mem, cpu, len);
		h->syncs_to_dev++;
	} else {
		memcpy(cpu, mem, len);
		h->syncs_from_dev++;
	}
}

static void *h_alloc(void *ctx, size_t size)
{
	struct pf_host *h = ctx;

	__atomic_add_fetch(&h->host_bytes, (long)size, __ATOMIC_RELAXED);
	return calloc(1, size);
}

static void h_free(void *ctx, void *ptr, size_t size)
{
	struct pf_host *h = ctx;

	__atomic_sub_fetch(&h->host_bytes, (long)size, __ATOMIC_RELAXED);
	free(ptr);
}

static void h_delay(void *ctx, unsigned int us)
{
	struct pf_host *h = ctx;

	(void)us;
	h->delays++;
	if (h->on_delay)
		h->on_delay(h);
}

static void h_log(void *ctx, enum vsmmu_log_level lvl, const char *msg)
{
	struct pf_host *h = ctx;

	(void)lvl;
	h_cb_lock(h, true);
	snprintf(h->log[h->nlog % PF_REC], sizeof(h->log[0]), "%s", msg);
	h->nlog++;
	h_cb_lock(h, false);
	if (getenv("PSMMU_TEST_LOG"))
		fprintf(stderr, "[%d] %s\n", (int)lvl, msg);
}

/* A per-thread address identifies the lock owner. */
static _Thread_local int pf_thread_tag;

static void h_lock(void *ctx)
{
	struct pf_host *h = ctx;

	if (h->mutex)
		pthread_mutex_lock(h->mutex);
	if (h->lock_depth != 0) {
		fprintf(stderr, "psmmu: lock taken twice\n");
		abort();
	}
	h->lock_depth++;
	h->locks++;
	__atomic_store_n(&h->owner, &pf_thread_tag, __ATOMIC_RELAXED);
}

static void h_unlock(void *ctx)
{
	struct pf_host *h = ctx;

	if (h->lock_depth != 1 ||
	    __atomic_load_n(&h->owner, __ATOMIC_RELAXED) != &pf_thread_tag) {
		fprintf(stderr, "psmmu: unlock without lock\n");
		abort();
	}
	h->lock_depth--;
	__atomic_store_n(&h->owner, NULL, __ATOMIC_RELAXED);
	if (h->mutex)
		pthread_mutex_unlock(h->mutex);
}

static void h_cb_lock(struct pf_host *h, bool lock)
{
	if (!h->cb_mutex)
		return;
	if (lock)
		pthread_mutex_lock(h->cb_mutex);
	else
		pthread_mutex_unlock(h->cb_mutex);
}

static void h_s1_fault(void *ctx, struct psmmu *p, uint32_t sid,
		       const struct smmu_evt *evt, const uint64_t raw[4])
{
	struct pf_host *h = ctx;
	struct pf_fault *f;

	(void)p;
	if (__atomic_load_n(&h->owner, __ATOMIC_RELAXED) == &pf_thread_tag) {
		fprintf(stderr, "psmmu: s1_fault called with the lock held\n");
		abort();
	}
	h_cb_lock(h, true);
	f = &h->s1[h->ns1 % PF_REC];
	f->sid = sid;
	f->evt = *evt;
	memcpy(f->raw, raw, sizeof(f->raw));
	h->ns1++;
	h_cb_lock(h, false);
}

static void h_other(void *ctx, struct psmmu *p, const struct smmu_evt *evt,
		    const uint64_t raw[4])
{
	struct pf_host *h = ctx;
	struct pf_fault *f;

	(void)p;
	h_cb_lock(h, true);
	f = &h->other[h->nother % PF_REC];
	f->sid = evt->sid;
	f->evt = *evt;
	memcpy(f->raw, raw, sizeof(f->raw));
	h->nother++;
	h_cb_lock(h, false);
}

void pf_host_init(struct pf_host *h, uint64_t base, uint64_t size)
{
	memset(h, 0, sizeof(*h));
	pf_mem_init(&h->mem, base, size);
	h->ops.read32 = h_read32;
	h->ops.write32 = h_write32;
	h->ops.dma_alloc = h_dma_alloc;
	h->ops.dma_free = h_dma_free;
	h->ops.alloc = h_alloc;
	h->ops.free = h_free;
	h->ops.delay_us = h_delay;
	h->ops.log = h_log;
	h->ops.lock = h_lock;
	h->ops.unlock = h_unlock;
	h->ops.s1_fault = h_s1_fault;
	h->ops.other_event = h_other;
}

void pf_host_set_mmio(struct pf_host *h,
		      int (*rd)(void *, uint32_t, unsigned int, uint64_t *),
		      int (*wr)(void *, uint32_t, unsigned int, uint64_t),
		      void *dev, bool use64)
{
	h->mmio_read = rd;
	h->mmio_write = wr;
	h->dev = dev;
	h->ops.read64 = use64 ? h_read64 : NULL;
	h->ops.write64 = use64 ? h_write64 : NULL;
}

void pf_host_use_fake(struct pf_host *h, struct pf_smmu *s)
{
	pf_host_set_mmio(h, pf_smmu_read, pf_smmu_write, s, false);
}

void pf_host_set_threaded(struct pf_host *h)
{
	pthread_mutex_t *m = calloc(2, sizeof(*m));

	if (!m || pthread_mutex_init(&m[0], NULL) ||
	    pthread_mutex_init(&m[1], NULL))
		abort();
	h->mutex = &m[0];
	h->cb_mutex = &m[1];
}

void pf_host_set_noncoherent(struct pf_host *h)
{
	h->cpu = calloc(1, h->mem.size);
	if (!h->cpu)
		abort();
	h->ops.dma_sync = h_dma_sync;
}

void pf_host_fini(struct pf_host *h)
{
	free(h->cpu);
	h->cpu = NULL;
	if (h->mutex) {
		pthread_mutex_destroy(h->mutex);
		pthread_mutex_destroy(h->cb_mutex);
		free(h->mutex);		/* both, one allocation */
		h->mutex = h->cb_mutex = NULL;
	}
	pf_mem_fini(&h->mem);
}

bool pf_host_logged(const struct pf_host *h, const char *s)
{
	unsigned int i, n = h->nlog < PF_REC ? h->nlog : PF_REC;

	for (i = 0; i < n; i++)
		if (strstr(h->log[i], s))
			return true;
	return false;
}
