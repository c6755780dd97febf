/* SPDX-License-Identifier: MIT */
/*
 * tests/fakes/psmmu_model_glue.h - the psmmu driver on the SMMUv3 model:
 * the model's MMIO behind the driver's accessors, one flat memory shared
 * by the driver's DMA buffers, the model's fetches and the page tables,
 * and a "guest RAM" window for stage-1 structures addressed by IPA.
 */
#ifndef TESTS_FAKES_PSMMU_MODEL_GLUE_H
#define TESTS_FAKES_PSMMU_MODEL_GLUE_H

#include "fakes/psmmu_fake.h"
#include "vsmmu/model.h"

/* Guest RAM: IPA [PM_GUEST_IPA, + PM_GUEST_SIZE) in every test domain. */
#define PM_GUEST_IPA 0x40000000ull
#define PM_GUEST_SIZE (8ull << 20)

struct pm_rig {
	struct pf_host h;
	struct smmu_model *m;
	struct smmu_model_config mcfg;
	struct psmmu_cfg cfg;
	struct psmmu *p;
	unsigned int step_budget;	/* > 0: delay_us steps the model */
	uint64_t guest_pa;		/* PA of guest RAM */
	uint64_t guest_next;		/* bump allocator (IPA) for tables */
	void *model_mutex;		/* threaded: the model's lock */
};

/*
 * Create the model (mcfg NULL: default identity but an IIDR without
 * nesting errata) and probe + reset the driver with cfg (NULL: defaults).
 * Returns psmmu_reset's result.
 */
int pm_rig_init(struct pm_rig *r, const struct smmu_model_config *mcfg,
		const struct psmmu_cfg *cfg);
/*
 * The same with non-coherent DMA for the driver (pf_host_set_noncoherent)
 * and/or real mutexes for the driver and the model (threaded tests).
 */
int pm_rig_init_nc(struct pm_rig *r, const struct smmu_model_config *mcfg,
		   const struct psmmu_cfg *cfg, bool noncoherent);
int pm_rig_init_opts(struct pm_rig *r, const struct smmu_model_config *mcfg,
		     const struct psmmu_cfg *cfg, bool noncoherent,
		     bool threaded);
void pm_rig_fini(struct pm_rig *r);

/* Guest memory by IPA (tables the guest builds), as pgtable callbacks. */
struct pgt_mem pm_guest_mem(struct pm_rig *r);
struct pgt_alloc_ops pm_guest_alloc(struct pm_rig *r);
uint64_t pm_guest_alloc_ipa(struct pm_rig *r, uint64_t size, uint64_t align);
void *pm_guest_va(struct pm_rig *r, uint64_t ipa);

#endif /* TESTS_FAKES_PSMMU_MODEL_GLUE_H */
