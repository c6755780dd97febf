/* SPDX-License-Identifier: MIT */
/*
 * sim/guest/gsmmu.h - a reference guest SMMUv3 driver.
 *
 * It behaves like Linux's arm-smmu-v3 driver as seen from the SMMU: the
 * same probe checks, the same reset order (facts §8.6), a 2-level stream
 * table with SPLIT = 8 when SIDSIZE allows it, one CD per device, stage-1
 * tables built with the pgtable builder, hitless STE updates in CFGI_STE +
 * CMD_SYNC rounds, batches of up to 64 commands per CMDQ_PROD write,
 * CMD_SYNC completion by MSI polling when IDR0.MSI and COHACC, else SEV
 * plus CONS polling, event and GERROR handling, and a DMA API with strict
 * and lazy invalidation. It is written from the architecture, not from
 * Linux's source.
 *
 * The driver only sees an abstract machine: a register window, its own
 * memory (physical memory on bare metal, IPA space in a guest), a page
 * allocator and a "relax" hook that lets time pass while it polls. Every
 * poll is bounded.
 */
#ifndef SIM_GSMMU_H
#define SIM_GSMMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vsmmu/arch.h"
#include "vsmmu/pgtable.h"
#include "../palloc.h"

struct gsmmu_ops {
	/* The SMMU's 128 KiB window; off as in the architecture. */
	int (*mmio_read)(void *ctx, uint32_t off, unsigned int size,
			 uint64_t *val);
	int (*mmio_write)(void *ctx, uint32_t off, unsigned int size,
			  uint64_t val);
	/* The driver's memory (what it calls physical). */
	int (*mem_read)(void *ctx, uint64_t addr, void *buf, size_t len);
	int (*mem_write)(void *ctx, uint64_t addr, const void *buf, size_t len);
	/* Zeroed, DMA-coherent memory aligned to its size (power of two). */
	int (*alloc)(void *ctx, size_t size, uint64_t *addr);
	void (*free)(void *ctx, uint64_t addr, size_t size);
	/* One polling iteration went by: let the machine run. May be NULL. */
	void (*relax)(void *ctx);
	/* A decoded event record from the event queue. May be NULL. */
	void (*event)(void *ctx, const struct smmu_evt *evt);
	/* One log line, no newline. May be NULL. */
	void (*log)(void *ctx, const char *msg);
	void *ctx;
};

struct gsmmu_config {
	unsigned int poll_max;	    /* polls before a timeout; 0: 10000 */
	unsigned int cmdq_log2_max; /* 0: 8 (256 commands) */
	unsigned int evtq_log2_max; /* 0: 7 (128 events) */
	/*
	 * MSIs for the event queue and GERROR, when IDR0.MSI: the doorbell
	 * address and payloads. 0 = use the wired lines (CFG0 = 0).
	 */
	uint64_t msi_doorbell;
	uint32_t evtq_msi_data, gerror_msi_data;
	bool no_msi_sync;	 /* force CS=SEV + CONS polling */
	bool lazy;		 /* default invalidation mode */
	bool bypass_default;	 /* unattached STEs bypass (else abort) */
	unsigned int lazy_batch; /* unmaps queued before a flush; 0: 32 */
};

/* Features found at probe (as Linux's feature mask). */
#define GSMMU_FEAT_2LVL_STRTAB (1u << 0)
#define GSMMU_FEAT_MSI	       (1u << 1)
#define GSMMU_FEAT_SEV	       (1u << 2)
#define GSMMU_FEAT_COHERENT    (1u << 3)
#define GSMMU_FEAT_HYP	       (1u << 4)
#define GSMMU_FEAT_RANGE_INV   (1u << 5)
#define GSMMU_FEAT_ASID16      (1u << 6)
#define GSMMU_FEAT_CD2L	       (1u << 7)
#define GSMMU_FEAT_MSI_SYNC    (1u << 8) /* MSI-polled CMD_SYNC in use */

struct gsmmu_stats {
	uint64_t mmio_reads, mmio_writes;
	uint64_t cmds, cmds_by_op[256];
	uint64_t batches; /* CMDQ_PROD writes */
	uint64_t syncs, sync_timeouts;
	uint64_t polls;
	uint64_t ste_writes, ste_rounds; /* dwords written, sync rounds */
	uint64_t events, evt_by_id[256];
	uint64_t overflows, gerrors, cmdq_errors;
	uint64_t irqs;
	uint64_t maps, unmaps, map_bytes;
	uint64_t lazy_flushes;
};

struct gsmmu_queue {
	uint64_t base; /* memory address of entry 0 */
	unsigned int log2;
	unsigned int ent_bytes;
	uint32_t prod, cons; /* shadow values, index + wrap */
};

/* A StreamID in use: its STE and, when attached, its CD table. */
struct gsmmu_master {
	uint32_t sid;
	bool used;
	uint64_t cd_table; /* 0: none */
	size_t cd_bytes;
	struct gsmmu_domain *dom;
};

#define GSMMU_MAX_MASTERS 64u
#define GSMMU_LAZY_MAX	  64u

struct gsmmu;

struct gsmmu_domain {
	struct gsmmu *smmu;
	uint16_t asid;
	bool strict;
	struct pgt_table pgt;
	struct sim_palloc iova;
	unsigned int nmasters;
	/* Lazy mode: unmapped ranges whose TLB entries are not yet gone. */
	struct {
		uint64_t iova, size;
	} lazy[GSMMU_LAZY_MAX];
	unsigned int nlazy;
	uint64_t mapped_bytes;
};

struct gsmmu {
	struct gsmmu_ops ops;
	struct gsmmu_config cfg;
	uint32_t idr[6], iidr, aidr;
	unsigned int feat;
	unsigned int sid_bits, ssid_bits, oas_bits, ias_bits;
	enum pgt_granule granule;
	/* stream table */
	uint64_t strtab; /* linear table or L1 table */
	size_t strtab_bytes;
	unsigned int strtab_log2; /* LOG2SIZE */
	uint64_t *l2;		  /* 2-level: L2 table per L1 entry, 0 */
	unsigned int nl1;
	struct gsmmu_queue cmdq, evtq;
	struct gsmmu_master masters[GSMMU_MAX_MASTERS];
	uint8_t asid_map[65536 / 8];
	bool enabled;
	int in_irq;
	struct gsmmu_stats st;
	char err[128]; /* the last failure, for the caller */
};

/* Read the ID registers and decide the features (no register writes). */
int gsmmu_probe(struct gsmmu *s, const struct gsmmu_ops *ops,
		const struct gsmmu_config *cfg);
/* Allocate queues and stream table, then the reset sequence; SMMUEN=1. */
int gsmmu_reset(struct gsmmu *s);
/* Disable the SMMU (CR0 = 0, acked) and free everything. */
void gsmmu_remove(struct gsmmu *s);

/* Interrupt handlers: event queue, GERROR, or both ("combined"). */
void gsmmu_evtq_irq(struct gsmmu *s);
void gsmmu_gerror_irq(struct gsmmu *s);
void gsmmu_combined_irq(struct gsmmu *s);

/* Domains: an ASID and a stage-1 table. */
int gsmmu_domain_alloc(struct gsmmu *s, bool strict, struct gsmmu_domain **out);
/* Flushes, then frees; devices must be detached first. */
int gsmmu_domain_free(struct gsmmu_domain *d);

/* Point a StreamID at a domain (S1 STE), or at abort / bypass. */
int gsmmu_attach(struct gsmmu_domain *d, uint32_t sid);
int gsmmu_set_abort(struct gsmmu *s, uint32_t sid);
int gsmmu_set_bypass(struct gsmmu *s, uint32_t sid);

/* IOMMU API: map and unmap fixed ranges (granule multiples). */
int gsmmu_map(struct gsmmu_domain *d, uint64_t iova, uint64_t addr,
	      uint64_t size, bool write);
int gsmmu_unmap(struct gsmmu_domain *d, uint64_t iova, uint64_t size);

/* DMA API: IOVA allocation on top of map/unmap. */
int gsmmu_dma_map(struct gsmmu_domain *d, uint64_t addr, uint64_t size,
		  bool write, uint64_t *iova);
int gsmmu_dma_unmap(struct gsmmu_domain *d, uint64_t iova, uint64_t size);
int gsmmu_dma_alloc(struct gsmmu_domain *d, uint64_t size, uint64_t *iova,
		    uint64_t *addr);
int gsmmu_dma_free(struct gsmmu_domain *d, uint64_t iova, uint64_t addr,
		   uint64_t size);
/* Lazy mode: invalidate what is queued now. */
int gsmmu_flush(struct gsmmu_domain *d);

/* The guest STE of sid as memory holds it (tests). */
int gsmmu_read_ste(struct gsmmu *s, uint32_t sid, uint64_t ste[8]);
/* The IOVA window every domain allocates from. */
#define GSMMU_IOVA_BASE 0x40000000ull
#define GSMMU_IOVA_SIZE 0x40000000ull

#endif /* SIM_GSMMU_H */
