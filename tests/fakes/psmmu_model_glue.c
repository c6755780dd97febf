// SPDX-License-Identifier: MIT
/* The psmmu driver on the SMMUv3 model; see psmmu_model_glue.h. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fakes/psmmu_model_glue.h"

static int g_rd(void *dev, uint32_t off, unsigned int size, uint64_t *val)
{
	return smmu_model_mmio_read(dev, off, size, val);
}

static int g_wr(void *dev, uint32_t off, unsigned int size, uint64_t val)
{
	return smmu_model_mmio_write(dev, off, size, val);
}

static void *g_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return calloc(1, size);
}

static void g_free(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	(void)size;
	free(ptr);
}

/* The driver polls; let a deferred model make progress meanwhile. */
static void g_delay(struct pf_host *h)
{
	struct pm_rig *r = h->priv;

	if (r->step_budget)
		smmu_model_step(r->m, r->step_budget);
}

int pm_rig_init(struct pm_rig *r, const struct smmu_model_config *mcfg,
		const struct psmmu_cfg *cfg)
{
	return pm_rig_init_nc(r, mcfg, cfg, false);
}

int pm_rig_init_nc(struct pm_rig *r, const struct smmu_model_config *mcfg,
		   const struct psmmu_cfg *cfg, bool noncoherent)
{
	return pm_rig_init_opts(r, mcfg, cfg, noncoherent, false);
}

static void g_mlock(void *ctx, void *lock)
{
	(void)ctx;
	pthread_mutex_lock(lock);
}

static void g_munlock(void *ctx, void *lock)
{
	(void)ctx;
	pthread_mutex_unlock(lock);
}

int pm_rig_init_opts(struct pm_rig *r, const struct smmu_model_config *mcfg,
		     const struct psmmu_cfg *cfg, bool noncoherent,
		     bool threaded)
{
	struct smmu_model_ops ops;

	memset(r, 0, sizeof(*r));
	pf_host_init(&r->h, 0x80000000ull, 64ull << 20);
	if (noncoherent)
		pf_host_set_noncoherent(&r->h);
	if (threaded)
		pf_host_set_threaded(&r->h);
	r->h.priv = r;
	r->h.on_delay = g_delay;
	if (mcfg) {
		r->mcfg = *mcfg;
	} else {
		smmu_model_config_default(&r->mcfg);
		r->mcfg.iidr = 0x4890043Bu;	/* Arm, no nesting errata */
	}
	memset(&ops, 0, sizeof(ops));
	ops.mem_read = pf_mem_read;
	ops.mem_write = pf_mem_write;
	ops.alloc.alloc = g_alloc;
	ops.alloc.free = g_free;
	ops.ctx = &r->h.mem;
	if (threaded) {
		r->model_mutex = calloc(1, sizeof(pthread_mutex_t));
		if (!r->model_mutex ||
		    pthread_mutex_init(r->model_mutex, NULL))
			abort();
		ops.lock.lock = g_mlock;
		ops.lock.unlock = g_munlock;
		ops.lock_handle = r->model_mutex;
	}
	if (smmu_model_create(&r->mcfg, &ops, &r->m))
		abort();
	pf_host_set_mmio(&r->h, g_rd, g_wr, r->m, true);
	if (cfg)
		r->cfg = *cfg;
	if (!r->cfg.poll_max)
		r->cfg.poll_max = 1000;
	r->guest_pa = pf_mem_alloc(&r->h.mem, PM_GUEST_SIZE, 2u << 20);
	r->guest_next = PM_GUEST_IPA + PM_GUEST_SIZE / 2;
	if (psmmu_probe(&r->h.ops, &r->h, &r->cfg, &r->p, NULL))
		abort();
	return psmmu_reset(r->p);
}

void pm_rig_fini(struct pm_rig *r)
{
	if (r->p)
		psmmu_destroy(r->p);
	smmu_model_destroy(r->m);
	if (r->model_mutex) {
		pthread_mutex_destroy(r->model_mutex);
		free(r->model_mutex);
	}
	pf_host_fini(&r->h);
}

void *pm_guest_va(struct pm_rig *r, uint64_t ipa)
{
	if (ipa < PM_GUEST_IPA || ipa - PM_GUEST_IPA >= PM_GUEST_SIZE)
		return NULL;
	return pf_mem_va(&r->h.mem, r->guest_pa + (ipa - PM_GUEST_IPA));
}

static int gm_read(void *ctx, smmu_pa_t ipa, void *buf, size_t len)
{
	struct pm_rig *r = ctx;
	void *va = pm_guest_va(r, ipa.v);

	if (!va || !pm_guest_va(r, ipa.v + len - 1))
		return -VSMMU_ERR_IO;
	memcpy(buf, va, len);
	return 0;
}

static int gm_write(void *ctx, smmu_pa_t ipa, const void *buf, size_t len)
{
	struct pm_rig *r = ctx;
	void *va = pm_guest_va(r, ipa.v);

	if (!va || !pm_guest_va(r, ipa.v + len - 1))
		return -VSMMU_ERR_IO;
	memcpy(va, buf, len);
	return 0;
}

uint64_t pm_guest_alloc_ipa(struct pm_rig *r, uint64_t size, uint64_t align)
{
	uint64_t ipa = (r->guest_next + align - 1) & ~(align - 1);

	if (ipa + size > PM_GUEST_IPA + PM_GUEST_SIZE)
		abort();
	r->guest_next = ipa + size;
	memset(pm_guest_va(r, ipa), 0, size);
	return ipa;
}

static int ga_alloc(void *ctx, size_t size, smmu_pa_t *pa)
{
	*pa = smmu_pa(pm_guest_alloc_ipa(ctx, size, size));
	return 0;
}

static void ga_free(void *ctx, smmu_pa_t pa, size_t size)
{
	(void)ctx;
	(void)pa;
	(void)size;
}

struct pgt_mem pm_guest_mem(struct pm_rig *r)
{
	struct pgt_mem m = { gm_read, gm_write, r };

	return m;
}

struct pgt_alloc_ops pm_guest_alloc(struct pm_rig *r)
{
	struct pgt_alloc_ops a = { ga_alloc, ga_free, r };

	return a;
}
