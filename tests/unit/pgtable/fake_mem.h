/* SPDX-License-Identifier: MIT */
/*
 * A sparse fake physical memory for the pgtable tests: 4 KiB frames
 * created on first write (reads of untouched memory return zeros), a
 * window of addresses whose reads or writes fail, read/write counters,
 * and a bump allocator for the builder that can be told to fail.
 */
#ifndef PGT_TEST_FAKE_MEM_H
#define PGT_TEST_FAKE_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vsmmu/pgtable.h"

#define FMEM_FRAMES 16384u
#define FMEM_ALLOCS 8192u

struct fmem {
	struct {
		uint64_t pa;		/* frame address + 1 (0 = empty) */
		uint8_t *data;
	} frame[FMEM_FRAMES];
	uint64_t rd_fail_lo, rd_fail_hi;	/* reads in [lo, hi) fail */
	uint64_t wr_fail_lo, wr_fail_hi;	/* writes in [lo, hi) fail */
	unsigned int reads, writes;
	/* allocator */
	uint64_t next;
	int allocs_left;		/* < 0: unlimited */
	struct {
		uint64_t pa, size;
	} live[FMEM_ALLOCS];
	unsigned int nlive, bad_frees;
};

void fmem_init(struct fmem *m, uint64_t alloc_base);
void fmem_fini(struct fmem *m);
uint64_t fmem_rd64(struct fmem *m, uint64_t pa);
void fmem_wr64(struct fmem *m, uint64_t pa, uint64_t v);
struct pgt_mem fmem_mem(struct fmem *m);
struct pgt_alloc_ops fmem_alloc(struct fmem *m);

#endif
