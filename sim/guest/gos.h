/* SPDX-License-Identifier: MIT */
/*
 * sim/guest/gos.h - the guest operating system of a simulated domain, as
 * much of one as the SMMU needs: a page allocator over its RAM, a reader
 * of its device tree (the vSMMU node, its interrupts, the "iommus" and
 * "iommu-map" of its devices), interrupt handlers bound to the lines the
 * tree names, and the guest SMMUv3 driver probed from that node.
 *
 * It sees only its own bus: MMIO to the vSMMU window traps to the
 * hypervisor, memory accesses are IPAs.
 */
#ifndef SIM_GOS_H
#define SIM_GOS_H

#include <stdio.h>

#include "../bus.h"
#include "../palloc.h"
#include "gsmmu.h"

#define SIM_GOS_MAX_MASTERS 32u
#define SIM_GOS_MAX_EVENTS  256u

/* A device of the guest tree that sits behind the vSMMU. */
struct sim_gos_master {
	char path[256];
	uint32_t vsid;
	uint32_t count; /* iommu-map: RIDs of the tuple */
	bool pci;
	uint32_t rid_base;
};

/* What the guest tree says about the vSMMU. */
struct sim_gos_smmu_node {
	bool present;
	char path[256];
	uint64_t base, size;
	uint32_t phandle;
	unsigned int nirqs;
	uint32_t intid[4];
	char irq_name[4][16];
};

struct sim_gos {
	const char *name;
	struct sim_bus *bus;
	uint64_t ram_base, ram_size;
	struct sim_palloc ram;
	void (*relax)(void *ctx);
	void *relax_ctx;
	bool verbose;
	FILE *log;
	struct sim_gos_smmu_node node;
	struct sim_gos_master masters[SIM_GOS_MAX_MASTERS];
	unsigned int nmasters;
	struct gsmmu drv;
	bool drv_up;
	struct smmu_evt events[SIM_GOS_MAX_EVENTS];
	unsigned int nevents;
	uint64_t irqs_taken;
};

/*
 * Parse the guest tree (no driver yet): the index-th "arm,smmu-v3" node
 * (a hardware domain has several) and the devices behind it.
 * -VSMMU_ERR_BADFDT on garbage.
 */
int sim_gos_read_tree(struct sim_gos *g, const void *fdt, size_t size,
		      unsigned int index, char *err, size_t errlen);

/*
 * Set up the OS: RAM allocator, tree. relax lets the machine run while
 * the driver polls.
 */
int sim_gos_init(struct sim_gos *g, const char *name, struct sim_bus *bus,
		 uint64_t ram_base, uint64_t ram_size, const void *fdt,
		 size_t fdt_size, unsigned int smmu_index,
		 void (*relax)(void *), void *ctx, char *err, size_t errlen);
/*
 * Probe and reset the SMMU driver on the vSMMU node (dcfg may be NULL),
 * binding its interrupt handlers to the lines the node names.
 * -VSMMU_ERR_NOENT when the tree has no SMMU.
 */
int sim_gos_boot(struct sim_gos *g, const struct gsmmu_config *dcfg);
/* Remove the driver (CR0 = 0) and forget it; the OS stays. */
void sim_gos_shutdown(struct sim_gos *g);
void sim_gos_fini(struct sim_gos *g);

/* The driver's memory callbacks, also the OS's own RAM accessors. */
int sim_gos_alloc(struct sim_gos *g, uint64_t size, uint64_t *ipa);
void sim_gos_free(struct sim_gos *g, uint64_t ipa, uint64_t size);

#endif /* SIM_GOS_H */
