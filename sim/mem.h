/* SPDX-License-Identifier: MIT */
/*
 * sim/mem.h - sparse physical memory of the simulated platform.
 *
 * The address space is as large as the platform says (up to 64 bits), but
 * only pages that have been written hold storage: a read of memory never
 * written returns zeros, as DRAM cleared at boot would. "Holes" are ranges
 * where any access fails, to model addresses with nothing behind them (an
 * external abort for the SMMU model, a failed guest-memory read for the
 * vSMMU).
 */
#ifndef SIM_MEM_H
#define SIM_MEM_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define SIM_PAGE_SHIFT 12u
#define SIM_PAGE_SIZE  (1ull << SIM_PAGE_SHIFT)

struct sim_mem;

/*
 * Create memory that answers addresses below 2^addr_bits (1..64). Returns
 * 0 or -VSMMU_ERR_INVAL / -VSMMU_ERR_NOMEM.
 */
int sim_mem_create(unsigned int addr_bits, struct sim_mem **out);
void sim_mem_destroy(struct sim_mem *m);

/* Make [base, base + size) fail every access. At most 16 holes. */
int sim_mem_add_hole(struct sim_mem *m, uint64_t base, uint64_t size);

/*
 * Copy len bytes; 0, or -VSMMU_ERR_RANGE when any byte lies outside the
 * address space or in a hole (nothing is copied then), -VSMMU_ERR_NOMEM.
 */
int sim_mem_read(struct sim_mem *m, uint64_t pa, void *buf, size_t len);
int sim_mem_write(struct sim_mem *m, uint64_t pa, const void *buf, size_t len);

/*
 * Make [pa, pa + len) read as zero without backing pages that were never
 * written (they already read as zero). Same errors as sim_mem_write.
 */
int sim_mem_zero(struct sim_mem *m, uint64_t pa, uint64_t len);

/* Little-endian helpers over the same checks. */
int sim_mem_read64(struct sim_mem *m, uint64_t pa, uint64_t *v);
int sim_mem_write64(struct sim_mem *m, uint64_t pa, uint64_t v);
int sim_mem_read32(struct sim_mem *m, uint64_t pa, uint32_t *v);
int sim_mem_write32(struct sim_mem *m, uint64_t pa, uint32_t v);

/*
 * Back [base, base + size) (page aligned) with the caller's contiguous
 * buffer instead of sparse pages, so a driver that writes its tables
 * through a CPU pointer (psmmu's DMA memory) and the SMMU model that
 * reads them by address see the same bytes. At most 16 regions; the
 * buffer must outlive the memory.
 */
int sim_mem_add_backed(struct sim_mem *m, uint64_t base, uint64_t size,
		       void *buf);

/* Statistics: pages backed by storage, and accesses refused. */
uint64_t sim_mem_pages(const struct sim_mem *m);
uint64_t sim_mem_faults(const struct sim_mem *m);

/*
 * A read or write hook called for every successful access (before the
 * copy), so a test can prove that an address was never touched. NULL
 * removes it.
 */
typedef void (*sim_mem_watch_fn)(void *ctx, uint64_t pa, size_t len,
				 bool write);
void sim_mem_set_watch(struct sim_mem *m, sim_mem_watch_fn fn, void *ctx);

#endif /* SIM_MEM_H */
