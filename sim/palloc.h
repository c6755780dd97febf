/* SPDX-License-Identifier: MIT */
/*
 * sim/palloc.h - a first-fit allocator of address ranges.
 *
 * The platform uses one per memory region: the hypervisor's physical
 * memory (stage-2 tables, SMMU queues, guest RAM carve-outs), each guest's
 * RAM (the guest driver's tables and DMA buffers) and each guest domain's
 * IOVA space. Ranges are aligned to their size rounded up to a power of
 * two (at most max_align), as the SMMU's tables and queues require.
 */
#ifndef SIM_PALLOC_H
#define SIM_PALLOC_H

#include <stddef.h>
#include <stdint.h>

struct sim_palloc_ext {
	uint64_t base, size;
};

struct sim_palloc {
	struct sim_palloc_ext *free; /* sorted, merged free extents */
	size_t nfree, cap;
	uint64_t base, size;
	uint64_t max_align;
	uint64_t in_use; /* bytes allocated */
	uint64_t peak;
};

/* Manage [base, base + size); min granule 4 KiB. */
int sim_palloc_init(struct sim_palloc *p, uint64_t base, uint64_t size,
		    uint64_t max_align);
void sim_palloc_fini(struct sim_palloc *p);

/*
 * Allocate size bytes (rounded up to 4 KiB) aligned to MIN(max_align,
 * size rounded up to a power of two), or to align when it is larger.
 * Returns 0 and *addr, -VSMMU_ERR_NOMEM, -VSMMU_ERR_INVAL.
 */
int sim_palloc_alloc(struct sim_palloc *p, uint64_t size, uint64_t align,
		     uint64_t *addr);
/* Return a range (size as given to alloc). */
int sim_palloc_free(struct sim_palloc *p, uint64_t addr, uint64_t size);

#endif /* SIM_PALLOC_H */
