/* SPDX-License-Identifier: MIT */
/*
 * sim/baremetal.h - the guest driver running directly on a hardware
 * model: its "guest memory" is physical memory and there is no stage 2.
 * The first end-to-end configuration, and the reference the nested runs
 * are compared with.
 */
#ifndef SIM_BAREMETAL_H
#define SIM_BAREMETAL_H

#include "bus.h"
#include "dma.h"
#include "hwsmmu.h"
#include "mem.h"
#include "palloc.h"
#include "guest/gsmmu.h"

#define SIM_BM_RAM_BASE	  0x80000000ull
#define SIM_BM_RAM_SIZE	  0x10000000ull /* 256 MiB */
#define SIM_BM_SMMU_BASE  0x09050000ull
#define SIM_BM_DOORBELL	  0x08090040ull /* an ITS-like MSI doorbell */
#define SIM_BM_MAX_EVENTS 512u

struct sim_bm {
	struct sim_mem *mem;
	struct sim_bus *bus;
	struct sim_palloc ram;
	struct sim_hwsmmu hw;
	struct gsmmu drv;
	int doorbell_line;
	/* Events the driver reported, in order. */
	struct smmu_evt events[SIM_BM_MAX_EVENTS];
	unsigned int nevents;
	bool quiet;
	bool no_irq_in_relax;  /* relax does not deliver interrupts */
	bool no_step_in_relax; /* relax does not let the model run */
	/*
	 * Called before each CMDQ_PROD write reaches the SMMU: the moment
	 * the driver's table writes so far become visible to it, so a test
	 * can check the live STE or CD means the old or the new setting.
	 */
	void (*prod_hook)(void *ctx);
	void *prod_hook_ctx;
};

/*
 * Build memory, bus and the model (cfg NULL: default identity). use_msi
 * sends the event-queue and GERROR interrupts as MSIs to the doorbell.
 */
int sim_bm_init(struct sim_bm *bm, const struct smmu_model_config *cfg,
		bool use_msi);
/* Probe and reset the driver with dcfg (NULL: defaults). */
int sim_bm_boot(struct sim_bm *bm, const struct gsmmu_config *dcfg);
void sim_bm_fini(struct sim_bm *bm);

/* Deliver pending interrupts to the driver. */
unsigned int sim_bm_irqs(struct sim_bm *bm);

/* The gsmmu_ops of a driver on this platform (for re-probing). */
void sim_bm_ops(struct sim_bm *bm, struct gsmmu_ops *ops);

#endif /* SIM_BAREMETAL_H */
