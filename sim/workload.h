/* SPDX-License-Identifier: MIT */
/*
 * sim/workload.h - what the simulator does with a booted domain: DMA on
 * every passthrough device, with every byte checked against both stages,
 * then the fault path.
 */
#ifndef SIM_WORKLOAD_H
#define SIM_WORKLOAD_H

#include "hyp.h"

struct sim_wl_opts {
	bool lazy;	     /* the guest driver's lazy invalidation */
	unsigned int rounds; /* buffer rounds per device; 0: 1 */
	bool no_fault;	     /* skip the fault demonstration */
};

/*
 * Boot the guest OS's SMMU driver on every vSMMU of the domain. Returns
 * 0 or the first driver's error.
 */
int sim_domain_boot(struct sim_domain *d);

/*
 * Run the workload on every device of the domain. Returns the number of
 * failed checks (0 = all bytes verified and every fault arrived where it
 * should), or a negative error.
 */
int sim_workload_run(struct sim_domain *d, const struct sim_wl_opts *o);

/*
 * Check a transfer of len bytes the device made at iova of the guest's
 * stage-1 domain gd: walk stage 1 and stage 2 independently of the SMMU
 * and compare physical memory with the pattern (seed, offset 0). Returns
 * the number of bytes that differ, or a negative error.
 */
long sim_verify_nested(struct sim_domain *d, struct gsmmu_domain *gd,
		       uint64_t iova, uint64_t ipa, size_t len, uint32_t seed);

/*
 * Run the machine until the guest driver of v has reported more than
 * have events, at most rounds times. Returns the count reached.
 */
unsigned int sim_wait_guest_events(struct sim_vinst *v, unsigned int have,
				   unsigned int rounds);

#endif /* SIM_WORKLOAD_H */
