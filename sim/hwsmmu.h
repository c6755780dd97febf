/* SPDX-License-Identifier: MIT */
/*
 * sim/hwsmmu.h - a physical SMMUv3 of the platform: the hardware model
 * wired to the bus (its 128 KiB MMIO window, its four wired lines, its
 * MSIs) and to physical memory.
 */
#ifndef SIM_HWSMMU_H
#define SIM_HWSMMU_H

#include "vsmmu/model.h"
#include "bus.h"
#include "mem.h"

struct sim_hwsmmu {
	char name[32];
	struct smmu_model *model;
	struct sim_bus *bus;
	struct sim_mem *mem;
	uint64_t base;
	int line[SMMU_MODEL_IRQ_NR]; /* bus lines, per model output */
	uint64_t sevs;
};

/*
 * Create the model with cfg (NULL: smmu_model_config_default), map it at
 * base and add lines "<name>.eventq", ".priq", ".cmdq-sync", ".gerror".
 */
int sim_hwsmmu_init(struct sim_hwsmmu *h, const char *name, struct sim_bus *bus,
		    struct sim_mem *mem, uint64_t base,
		    const struct smmu_model_config *cfg);
void sim_hwsmmu_fini(struct sim_hwsmmu *h);

/* The model's physical-memory accessors, for a bus over sim_mem. */
int sim_hwsmmu_mem_read(void *mem, uint64_t addr, void *buf, size_t len);
int sim_hwsmmu_mem_write(void *mem, uint64_t addr, const void *buf, size_t len);

#endif /* SIM_HWSMMU_H */
