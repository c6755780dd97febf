/* SPDX-License-Identifier: MIT */
/*
 * tests/fakes/model_mem.h - a sparse fake physical memory for the SMMUv3
 * model's tests: 4 KiB pages created on first write (unwritten memory reads
 * as zero), address ranges whose reads or writes fail (external aborts),
 * a log of the reads, and a bump allocator for the pgtable builder.
 */
#ifndef TESTS_FAKES_MODEL_MEM_H
#define TESTS_FAKES_MODEL_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vsmmu/base.h"
#include "vsmmu/pgtable.h"

#define MMEM_SLOTS 4096u	/* pages held (open addressing) */
#define MMEM_BAD 8u		/* failing ranges */
#define MMEM_LOG 4096u		/* reads remembered */

struct mmem_range {
	uint64_t lo, hi;	/* inclusive */
	bool rd, wr;
};

struct mmem {
	uint64_t key[MMEM_SLOTS];	/* page number + 1; 0 = free */
	uint8_t *page[MMEM_SLOTS];
	struct mmem_range bad[MMEM_BAD];
	unsigned int nbad;
	uint64_t next;			/* bump allocator */
	uint64_t reads, writes;
	uint64_t log[MMEM_LOG];		/* PAs of the last reads */
	unsigned int nlog;
	bool logging;
};

void mmem_init(struct mmem *m, uint64_t alloc_base);
void mmem_fini(struct mmem *m);

/* Callbacks in the shape both pgtable and the model take (ctx = mmem). */
int mmem_read(void *ctx, smmu_pa_t pa, void *buf, size_t len);
int mmem_write(void *ctx, smmu_pa_t pa, const void *buf, size_t len);

/* Direct access for tests (never fail). */
void mmem_put(struct mmem *m, uint64_t pa, const void *buf, size_t len);
void mmem_get(struct mmem *m, uint64_t pa, void *buf, size_t len);
void mmem_put64(struct mmem *m, uint64_t pa, uint64_t v);   /* little-endian */
uint64_t mmem_get64(struct mmem *m, uint64_t pa);
uint32_t mmem_get32(struct mmem *m, uint64_t pa);

/* Make reads and/or writes of [lo, hi] fail. */
void mmem_fail(struct mmem *m, uint64_t lo, uint64_t hi, bool rd, bool wr);
void mmem_fail_clear(struct mmem *m);

/* Whether any logged read touched [lo, hi]. */
bool mmem_read_logged(const struct mmem *m, uint64_t lo, uint64_t hi);

/* pgtable builder glue: memory and an aligned bump allocator. */
struct pgt_mem mmem_pgt_mem(struct mmem *m);
struct pgt_alloc_ops mmem_pgt_alloc(struct mmem *m);
/* Allocate size bytes aligned to align (zeroed). */
uint64_t mmem_alloc(struct mmem *m, uint64_t size, uint64_t align);

#endif /* TESTS_FAKES_MODEL_MEM_H */
