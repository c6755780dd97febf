/* SPDX-License-Identifier: MIT */
/*
 * tests/fakes/psmmu_fake.h - hosts for the psmmu driver in tests.
 *
 * pf_mem: a flat fake physical memory. DMA buffers handed to the driver
 * are slices of one host buffer, so the driver's CPU pointer and the
 * SMMU's physical address name the same bytes.
 * pf_smmu: a small scripted SMMUv3 register file for probe and reset
 * tests (ACKs follow at once or never, GBPA updates complete, commands
 * are "consumed" on PROD writes and logged, CMD_SYNC MSIs are written,
 * one opcode can be made to fail with CERROR_ILL). Not a model: it does
 * no translation.
 * pf_host: the psmmu_host_ops over either of them, or over the SMMUv3
 * model (psmmu_model_glue.h), recording logs, faults and events.
 */
#ifndef TESTS_FAKES_PSMMU_FAKE_H
#define TESTS_FAKES_PSMMU_FAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vsmmu/base.h"
#include "vsmmu/arch.h"
#include "vsmmu/pgtable.h"
#include "vsmmu/psmmu.h"

/* ---- Flat memory ---------------------------------------------------------- */

struct pf_mem {
	uint8_t *buf;
	uint64_t base, size, next;
	unsigned int allocs;
};

void pf_mem_init(struct pf_mem *m, uint64_t base, uint64_t size);
void pf_mem_fini(struct pf_mem *m);
int pf_mem_read(void *ctx, smmu_pa_t pa, void *buf, size_t len);
int pf_mem_write(void *ctx, smmu_pa_t pa, const void *buf, size_t len);
/* Zeroed, aligned; aborts the test on exhaustion. */
uint64_t pf_mem_alloc(struct pf_mem *m, uint64_t size, uint64_t align);
void *pf_mem_va(struct pf_mem *m, uint64_t pa);
uint64_t pf_mem_get64(struct pf_mem *m, uint64_t pa);
void pf_mem_put64(struct pf_mem *m, uint64_t pa, uint64_t v);
struct pgt_mem pf_pgt_mem(struct pf_mem *m);
struct pgt_alloc_ops pf_pgt_alloc(struct pf_mem *m);

/* ---- Scripted SMMU ---------------------------------------------------------- */

#define PF_WLOG 1024u

struct pf_smmu {
	uint32_t regs[SMMU_MMIO_SIZE / 4];
	struct pf_mem *mem;
	bool ack_stuck;		/* CR0ACK / IRQ_CTRLACK never follow */
	bool gbpa_stuck;	/* GBPA.Update never clears */
	bool cmdq_hold;		/* commands are never consumed */
	bool msi_abort;		/* CMD_SYNC MSIs abort (MSI_CMDQ_ABT_ERR) */
	int ill_op;		/* opcode answered with CERROR_ILL, or -1 */
	int abt_op;		/* opcode whose fetch aborts (CERROR_ABT) ... */
	unsigned int abt_left;	/* ... this many more times */
	int fail_read_off;	/* read32 of this offset fails, or -1 */
	/* every register write, in order */
	uint32_t woff[PF_WLOG], wval[PF_WLOG];
	unsigned int nw;
	/* every command consumed, in order */
	uint8_t ops[PF_WLOG];
	uint64_t cmd0[PF_WLOG], cmd1[PF_WLOG];
	unsigned int nops;
};

/* ID registers like the model's default (MMU-700-like, no errata IIDR). */
void pf_smmu_init(struct pf_smmu *s, struct pf_mem *mem);
int pf_smmu_read(void *dev, uint32_t off, unsigned int size, uint64_t *val);
int pf_smmu_write(void *dev, uint32_t off, unsigned int size, uint64_t val);
/* Index of the first logged write to off at or after `from`, or -1. */
int pf_smmu_find_write(const struct pf_smmu *s, uint32_t off,
		       unsigned int from);

/* ---- Host --------------------------------------------------------------------- */

#define PF_REC 256u

struct pf_fault {
	uint32_t sid;
	struct smmu_evt evt;
	uint64_t raw[4];
};

struct pf_host {
	struct pf_mem mem;
	int (*mmio_read)(void *dev, uint32_t off, unsigned int size,
			 uint64_t *val);
	int (*mmio_write)(void *dev, uint32_t off, unsigned int size,
			  uint64_t val);
	void *dev;
	struct psmmu_host_ops ops;
	/* log: the last PF_REC lines */
	char log[PF_REC][160];
	unsigned int nlog;
	struct pf_fault s1[PF_REC];
	unsigned int ns1;
	struct pf_fault other[PF_REC];
	unsigned int nother;
	unsigned int delays;
	void (*on_delay)(struct pf_host *h);	/* e.g. step a model */
	void *priv;
	int lock_depth;
	unsigned int locks;
	long host_bytes;		/* ordinary memory outstanding */
	unsigned int dma_live;		/* DMA buffers outstanding */
	unsigned int dma_calls;		/* dma_alloc calls so far */
	unsigned int dma_fail_at;	/* > 0: that call fails (NOMEM) */
	/*
	 * Non-coherent DMA: the driver writes a CPU copy of its buffers,
	 * and only dma_sync moves bytes between it and memory (what the
	 * SMMU sees), so a missing clean or invalidate shows.
	 */
	uint8_t *cpu;
	unsigned int syncs_to_dev, syncs_from_dev;
	/* Threaded tests: real mutexes (pthread_mutex_t *) and the owner. */
	void *mutex, *cb_mutex;
	const void *owner;
};

/* A host over mem of size bytes at base; the MMIO backend set later. */
void pf_host_init(struct pf_host *h, uint64_t base, uint64_t size);
/* MMIO backend; use64 also provides read64/write64 to the driver. */
void pf_host_set_mmio(struct pf_host *h,
		      int (*rd)(void *, uint32_t, unsigned int, uint64_t *),
		      int (*wr)(void *, uint32_t, unsigned int, uint64_t),
		      void *dev, bool use64);
/* The scripted SMMU, with 32-bit accesses only (64-bit composed). */
void pf_host_use_fake(struct pf_host *h, struct pf_smmu *s);
void pf_host_fini(struct pf_host *h);
/* Use real mutexes for ops->lock and the recorders (threaded tests). */
void pf_host_set_threaded(struct pf_host *h);
/* Switch to non-coherent DMA (before the driver allocates anything). */
void pf_host_set_noncoherent(struct pf_host *h);
/* Whether some log line contains s. */
bool pf_host_logged(const struct pf_host *h, const char *s);

#endif /* TESTS_FAKES_PSMMU_FAKE_H */
