/* SPDX-License-Identifier: MIT */
/*
 * sim/host.h - the physical platform built from a host device tree:
 * sparse physical memory, the host bus, one SMMU model per "arm,smmu-v3"
 * node with the hypervisor's psmmu driver on it and a vIOMMU router for
 * its faults, and one DMA master per StreamID that a device ("iommus") or
 * a PCI function ("iommu-map") uses.
 */
#ifndef SIM_HOST_H
#define SIM_HOST_H

#include <stdio.h>

#include "vsmmu/fdt.h"
#include "vsmmu/psmmu.h"
#include "vsmmu/viommu.h"
#include "bus.h"
#include "dma.h"
#include "hwsmmu.h"
#include "mem.h"
#include "palloc.h"

#define SIM_MAX_PSMMU	      8u
#define SIM_MAX_DEVS	      64u
#define SIM_MAX_SIDS	      64u
#define SIM_DMA_POOL_SIZE     (32ull << 20) /* the hypervisor's DMA memory */
#define SIM_PCI_FUNCS	      2u	  /* masters made per iommu-map tuple */
#define SIM_SMMU_IIDR_DEFAULT 0x4832043bu /* Arm MMU-600 r2p0 */

struct sim_host;

struct sim_psmmu {
	struct sim_host *host;
	unsigned int idx;
	struct sim_hwsmmu hw;
	struct psmmu *p;
	struct viommu_router *router;
	/* events the hypervisor kept or could not route */
	uint64_t s1_routed, s1_unrouted, other_events, s2_faults;
};

/* A DMA master: one StreamID of a host device. */
struct sim_dev {
	char path[VFDT_PATH_MAX]; /* the host node */
	char name[64];		  /* short label for tables */
	unsigned int smmu;
	uint32_t psid;
	uint32_t rid; /* PCI: the requester ID */
	bool pci;
	struct sim_dma dma;
	int owner; /* domid, or -1 */
	bool has_vsid;
	uint32_t vsid;
	/* what the workload checked */
	uint64_t verified_bytes, mismatches, faults_seen;
};

struct sim_host_opts {
	bool trace;   /* per-trap log */
	bool verbose; /* driver logs */
	/* Commands a vSMMU runs per trap before asking for a resume;
	 * 0: the vSMMU's default (64). */
	unsigned int vsmmu_budget;
	/*
	 * Guests take their vSMMU's event-queue and GERROR interrupts as
	 * MSIs to an ITS-like doorbell on their bus (the vSMMU's MSI path)
	 * instead of the wired lines of their tree.
	 */
	bool guest_msi;
	/*
	 * Per-domain event rate limit (viommu token bucket): at most
	 * evt_burst events queued at once, evt_rate more per sim_run step.
	 * 0: no limit.
	 */
	unsigned int evt_burst, evt_rate;
	/*
	 * IIDR of the SMMU models; 0: Arm MMU-600 r2p0, a part psmmu nests
	 * on (MMU-700 and earlier MMU-600 have nesting errata, and psmmu
	 * gives them no vSMMU).
	 */
	uint32_t smmu_iidr;
	FILE *out; /* progress and logs; NULL: stdout */
};

struct sim_host {
	struct sim_host_opts opt;
	struct sim_mem *mem;
	struct sim_bus *bus;
	uint64_t ram_base, ram_size;
	struct sim_palloc ram; /* physical RAM for domains, tables */
	uint64_t pool_base;    /* psmmu DMA memory (CPU-visible) */
	uint8_t *pool_buf;
	struct sim_palloc pool;
	void *fdt; /* the host tree blob */
	size_t fdt_size;
	struct vfdt_host ht;
	struct vfdt_psmmu ht_smmus[SIM_MAX_PSMMU];
	struct vfdt_sids ht_sids[SIM_MAX_SIDS];
	struct sim_psmmu smmu[SIM_MAX_PSMMU];
	unsigned int nsmmu;
	struct sim_dev dev[SIM_MAX_DEVS];
	unsigned int ndev;
	struct sim_domain *doms[16];
	unsigned int ndoms;
	int depth; /* sim_run re-entry guard */
};

/*
 * Load a tree (.dtb, or .dts compiled with dtc) into a malloc'd blob.
 * Returns 0, or -VSMMU_ERR_NOENT / -VSMMU_ERR_BADFDT with a message.
 */
int sim_load_fdt(const char *path, void **blob, size_t *size, char *err,
		 size_t errlen);

/* Build the platform from the host tree at path. */
int sim_host_init(struct sim_host *h, const char *dts_path,
		  const struct sim_host_opts *opt, char *err, size_t errlen);
void sim_host_fini(struct sim_host *h);

/*
 * Let the machine run once: physical interrupts (psmmu event and GERROR
 * handling, which routes stage-1 faults to guests), pending vSMMU work,
 * then guest interrupts. Bounded; safe to call from a polling loop.
 */
void sim_run(struct sim_host *h);

/* The device with this path and StreamID, or NULL. */
struct sim_dev *sim_host_dev(struct sim_host *h, const char *path,
			     unsigned int smmu, uint32_t psid);

/* Zeroed physical memory for the hypervisor (stage-2 tables, RAM). */
int sim_host_alloc(struct sim_host *h, uint64_t size, uint64_t align,
		   uint64_t *pa);
void sim_host_free(struct sim_host *h, uint64_t pa, uint64_t size);

/* Print one line of progress (prefixed), to opt.out. */
void sim_say(struct sim_host *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* SIM_HOST_H */
