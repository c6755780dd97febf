// SPDX-License-Identifier: MIT
/* A host for the SMMUv3 model in tests (see model_harness.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakes/model_harness.h"

/* Register offsets, from the facts sheet §1.1/1.2 (not from arch.h). */
#define R_CR0 0x20u
#define R_CR1 0x28u
#define R_CR2 0x2Cu
#define R_STRTAB_BASE 0x80u
#define R_STRTAB_BASE_CFG 0x88u
#define R_CMDQ_BASE 0x90u
#define R_CMDQ_PROD 0x98u
#define R_CMDQ_CONS 0x9Cu
#define R_EVENTQ_BASE 0xA0u
#define R_EVENTQ_PROD 0x100A8u
#define R_EVENTQ_CONS 0x100ACu

void mh_bits(uint64_t *w, unsigned int hi, unsigned int lo, uint64_t v)
{
	for (unsigned int b = lo; b <= hi; b++) {
		uint64_t bit = 1ull << (b % 64);

		if ((v >> (b - lo)) & 1)
			w[b / 64] |= bit;
		else
			w[b / 64] &= ~bit;
	}
}

uint64_t mh_getbits(const uint64_t *w, unsigned int hi, unsigned int lo)
{
	uint64_t v = 0;

	for (unsigned int b = hi + 1; b-- > lo;)
		v = (v << 1) | ((w[b / 64] >> (b % 64)) & 1);
	return v;
}

static void mh_irq(void *ctx, enum smmu_model_irq line)
{
	struct mh *h = ctx;

	h->irqs[line]++;
	if (h->on_irq)
		h->on_irq(h, line);
}

static int mh_msi(void *ctx, uint64_t addr, uint32_t data)
{
	struct mh *h = ctx;

	if (h->msi_fail)
		return -VSMMU_ERR_IO;
	if (h->nmsi < 64) {
		h->msi[h->nmsi].addr = addr;
		h->msi[h->nmsi].data = data;
	}
	h->nmsi++;
	return 0;
}

static void mh_sev(void *ctx)
{
	((struct mh *)ctx)->sevs++;
}

static int mh_mem_read(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	return mmem_read(&((struct mh *)ctx)->mem, pa, buf, len);
}

static int mh_mem_write(void *ctx, smmu_pa_t pa, const void *buf, size_t len)
{
	return mmem_write(&((struct mh *)ctx)->mem, pa, buf, len);
}

static void *mh_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return calloc(1, size);
}

static void mh_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

static void mh_lock(void *ctx, void *lock)
{
	struct mh *h = ctx;

	(void)lock;
	h->locks++;
	h->lock_depth++;
	if (h->lock_depth != 1)
		abort();	/* the model re-entered itself under its lock */
}

static void mh_unlock(void *ctx, void *lock)
{
	struct mh *h = ctx;

	(void)lock;
	h->unlocks++;
	h->lock_depth--;
}

void mh_init(struct mh *h, const struct smmu_model_config *cfg,
	     bool msi_to_mem)
{
	struct smmu_model_ops ops = { 0 };

	memset(h, 0, sizeof(*h));
	mmem_init(&h->mem, MH_POOL);
	if (cfg)
		h->cfg = *cfg;
	else
		smmu_model_config_default(&h->cfg);
	ops.mem_read = mh_mem_read;
	ops.mem_write = mh_mem_write;
	ops.irq = mh_irq;
	ops.msi = msi_to_mem ? NULL : mh_msi;
	ops.sev = mh_sev;
	ops.alloc.alloc = mh_alloc;
	ops.alloc.free = mh_free;
	ops.lock.lock = mh_lock;
	ops.lock.unlock = mh_unlock;
	ops.ctx = h;
	if (smmu_model_create(&h->cfg, &ops, &h->m) != 0) {
		fprintf(stderr, "mh_init: smmu_model_create failed\n");
		abort();
	}
}

void mh_fini(struct mh *h)
{
	smmu_model_destroy(h->m);
	mmem_fini(&h->mem);
}

uint32_t mh_rd32(struct mh *h, uint32_t off)
{
	uint64_t v = 0xdeadbeef;

	if (smmu_model_mmio_read(h->m, off, 4, &v))
		abort();
	return (uint32_t)v;
}

uint64_t mh_rd64(struct mh *h, uint32_t off)
{
	uint64_t v = 0xdeadbeef;

	if (smmu_model_mmio_read(h->m, off, 8, &v))
		abort();
	return v;
}

void mh_wr32(struct mh *h, uint32_t off, uint32_t v)
{
	if (smmu_model_mmio_write(h->m, off, 4, v))
		abort();
}

void mh_wr64(struct mh *h, uint32_t off, uint64_t v)
{
	if (smmu_model_mmio_write(h->m, off, 8, v))
		abort();
}

void mh_setup(struct mh *h, bool two_level, unsigned int cmdq_log2,
	      unsigned int evtq_log2)
{
	h->two_level = two_level;
	h->cmdq_log2 = cmdq_log2 ? cmdq_log2 : 8;
	h->evtq_log2 = evtq_log2 ? evtq_log2 : 4;
	h->st_log2 = two_level ? 16 : 8;
	h->split = 8;
	/* CR1: queues and tables ISH WB; CR2: RECINVSID (bit 1). */
	mh_wr32(h, R_CR1, 0xD75);
	mh_wr32(h, R_CR2, 1u << 1);
	mh_wr64(h, R_STRTAB_BASE, MH_STRTAB);
	/* LOG2SIZE [5:0], SPLIT [10:6], FMT [17:16] */
	mh_wr32(h, R_STRTAB_BASE_CFG, h->st_log2 | (h->split << 6) |
				      ((two_level ? 1u : 0u) << 16));
	mh_wr64(h, R_CMDQ_BASE, MH_CMDQ | h->cmdq_log2);
	mh_wr32(h, R_CMDQ_PROD, 0);
	mh_wr32(h, R_CMDQ_CONS, 0);
	mh_wr64(h, R_EVENTQ_BASE, MH_EVTQ | h->evtq_log2);
	mh_wr32(h, R_EVENTQ_PROD, 0);
	mh_wr32(h, R_EVENTQ_CONS, 0);
	mh_wr32(h, R_CR0, (1u << 3) | (1u << 2));	/* CMDQEN, EVENTQEN */
	mh_wr32(h, R_CR0, (1u << 3) | (1u << 2) | 1u);	/* + SMMUEN */
}

uint64_t mh_ste_addr(struct mh *h, uint32_t sid)
{
	uint64_t l1, l2;

	if (!h->two_level)
		return MH_STRTAB + (uint64_t)sid * 64;
	l1 = MH_STRTAB + (uint64_t)(sid >> h->split) * 8;
	l2 = MH_L2STRTAB + (uint64_t)(sid >> h->split) * (64ull << h->split);
	/* L1STD: Span [4:0] = SPLIT + 1, L2Ptr [55:6] */
	if (!mmem_get64(&h->mem, l1))
		mmem_put64(&h->mem, l1, l2 | (h->split + 1));
	return l2 + (uint64_t)(sid & ((1u << h->split) - 1)) * 64;
}

void mh_ste_put(struct mh *h, uint32_t sid, const uint64_t ste[8])
{
	uint64_t a = mh_ste_addr(h, sid);

	for (int i = 0; i < 8; i++)
		mmem_put64(&h->mem, a + 8 * i, ste[i]);
}

void mh_cmd(struct mh *h, uint64_t w0, uint64_t w1)
{
	uint32_t prod = mh_rd32(h, R_CMDQ_PROD);
	uint32_t mask = (2u << h->cmdq_log2) - 1;	/* index + wrap */
	uint64_t slot = MH_CMDQ + (uint64_t)(prod & ((1u << h->cmdq_log2) - 1)) * 16;

	mmem_put64(&h->mem, slot, w0);
	mmem_put64(&h->mem, slot + 8, w1);
	mh_wr32(h, R_CMDQ_PROD, (prod + 1) & mask);
}

void mh_sync(struct mh *h)
{
	mh_cmd(h, 0x46, 0);
}

unsigned int mh_evt_count(struct mh *h)
{
	uint32_t p = mh_rd32(h, R_EVENTQ_PROD), c = mh_rd32(h, R_EVENTQ_CONS);
	uint32_t n = 1u << h->evtq_log2, m = (2u << h->evtq_log2) - 1;

	return ((p & m) - (c & m)) & m & ((n << 1) - 1);
}

bool mh_evt_pop(struct mh *h, uint64_t ev[4])
{
	uint32_t p = mh_rd32(h, R_EVENTQ_PROD), c = mh_rd32(h, R_EVENTQ_CONS);
	uint32_t m = (2u << h->evtq_log2) - 1;
	uint64_t slot;

	if ((p & m) == (c & m))
		return false;
	slot = MH_EVTQ + (uint64_t)(c & ((1u << h->evtq_log2) - 1)) * 32;
	for (int i = 0; i < 4; i++)
		ev[i] = mmem_get64(&h->mem, slot + 8 * i);
	/* Advance RD with its wrap; acknowledge any overflow (bit 31). */
	c = ((c & m) + 1) & m;
	mh_wr32(h, R_EVENTQ_CONS, c | (p & 0x80000000u));
	return true;
}
