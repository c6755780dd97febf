/* SPDX-License-Identifier: MIT */
/*
 * vsmmu/model.h - a software Arm SMMUv3 (IHI 0070) driven only through its
 * register interface.
 *
 * The model is the hardware of the tests, the demos and the benchmarks: a
 * driver programs it through smmu_model_mmio_read/write over the 128 KiB
 * window (page 0 and page 1), and it reads stream tables, context
 * descriptors, translation tables and commands, and writes event records
 * and MSIs, through the host's physical-memory callbacks. Devices reach it
 * through smmu_model_dma_read/write (translate, then copy) or
 * smmu_model_translate (translate only).
 *
 * What it implements (docs/model.md has the details and the limits):
 * configurable ID registers; the register side effects (CR0/CR0ACK, GBPA
 * update, IRQ_CTRL/ACK, GERROR/GERRORN toggles, guarded registers);
 * linear and 2-level stream tables; linear and 2-level CD tables; stage 1,
 * stage 2 and nested translation with a configuration cache and a TLB
 * tagged as the architecture allows; every command of IHI 0070 §4 that a
 * Non-secure queue may carry; the event queue with overflow; wired
 * interrupts, MSIs and SEV. No stalls (IDR0.STALL_MODEL must be 0b01), no
 * PRI requests, no ATS, no hardware access/dirty-flag updates, VMSAv8-64
 * little-endian tables only.
 *
 * Concurrency: every entry point takes the host lock when one is given.
 * Memory, MSI and log callbacks run with that lock held and must not call
 * back into the model; irq and sev callbacks run after the lock is
 * released, at the end of the entry point that raised them, and may.
 * Pulses of one line raised within one entry point are delivered once
 * (the architecture lets interrupts coalesce, IHI 0070 §3.18).
 */
#ifndef VSMMU_MODEL_H
#define VSMMU_MODEL_H

#include "vsmmu/env.h"
#include "vsmmu/base.h"
#include "vsmmu/arch.h"
#include "vsmmu/pgtable.h"

/* ---- Identity ----------------------------------------------------------- */

/*
 * The creator chooses the ID registers, so one model can play many parts.
 * The model honours what they advertise: a feature not advertised is
 * refused the way the architecture says (CERROR_ILL, C_BAD_STE, RAZ/WI
 * registers).
 */
struct smmu_model_config {
	uint32_t idr[6];	/* IDR0..IDR5 (IDR2, IDR4: returned as given) */
	uint32_t iidr;
	uint32_t aidr;
	/* Caches: 0 disables the cache (every access fetches and walks). */
	unsigned int cfg_cache_entries;	/* cached STE+CD configurations */
	unsigned int tlb_entries;	/* cached translations */
	/*
	 * false: commands run on the CMDQ_PROD write (and on the GERRORN
	 * write or CR0.CMDQEN write that lets the queue resume).
	 * true: commands run only in smmu_model_step(), so a driver's
	 * bounded polling and its timeouts can be tested.
	 */
	bool deferred;
	/*
	 * Most commands one CMDQ_PROD write consumes in immediate mode;
	 * 0 means the whole queue. Any left over wait for the next PROD
	 * write or smmu_model_step().
	 */
	unsigned int cmd_budget;
	/*
	 * false: register updates complete at once (CR0ACK = CR0,
	 * IRQ_CTRLACK = IRQ_CTRL, GBPA.Update reads 0 after the write).
	 * true: they complete only in smmu_model_step(), so a driver's
	 * ACK polling and its timeout can be tested. The model acts on the
	 * acknowledged values; the guards test enable OR ACK (facts §1.1).
	 */
	bool deferred_acks;
};

/*
 * A default identity like an Arm MMU-700 used for nesting: stage 1 and 2,
 * AArch64 little-endian tables, 2-level stream tables, 2-level CDs,
 * 16-bit SIDs, 20-bit SSIDs, 16-bit ASIDs and VMIDs, Hyp, MSI, SEV,
 * COHACC, RIL, HAD, XNX, 4K/16K/64K granules, 48-bit OAS, no stall
 * (STALL_MODEL=01), no ATS/PRI/MPAM, IIDR Arm/0x487, AIDR v3.2; caches of
 * 64 configurations and 512 translations; immediate commands.
 */
void smmu_model_config_default(struct smmu_model_config *c);

/* ---- Host services ------------------------------------------------------ */

/* Wired interrupt lines (facts §8.1); outputs are pulses (edges). */
enum smmu_model_irq {
	SMMU_MODEL_IRQ_EVENTQ,
	SMMU_MODEL_IRQ_PRIQ,
	SMMU_MODEL_IRQ_CMDQ_SYNC,
	SMMU_MODEL_IRQ_GERROR,
	SMMU_MODEL_IRQ_NR,
};

struct smmu_model_ops {
	/*
	 * Physical memory: copy len bytes at pa. Return 0 or a negative
	 * -VSMMU_ERR_*; a failure is an external abort for the model
	 * (F_STE_FETCH, F_CD_FETCH, F_WALK_EABT, CERROR_ABT,
	 * EVENTQ_ABT_ERR, ...). Required.
	 */
	int (*mem_read)(void *ctx, smmu_pa_t pa, void *buf, size_t len);
	int (*mem_write)(void *ctx, smmu_pa_t pa, const void *buf, size_t len);
	/* Pulse of a wired line (may be NULL). */
	void (*irq)(void *ctx, enum smmu_model_irq line);
	/*
	 * MSI delivery: a 32-bit write of data to addr. NULL means a
	 * little-endian 32-bit mem_write. A failure raises the source's
	 * GERROR.MSI_*_ABT_ERR.
	 */
	int (*msi)(void *ctx, uint64_t addr, uint32_t data);
	/* Send a WFE wake-up event (IDR0.SEV; may be NULL). */
	void (*sev)(void *ctx);
	/* Optional log: one line, no newline. */
	vsmmu_log_fn log;
	/* Required: the model's state, its caches. */
	struct vsmmu_alloc_ops alloc;
	/* Optional lock around every entry point. */
	struct vsmmu_lock_ops lock;
	void *lock_handle;
	void *ctx;		/* passed to every callback */
};

struct smmu_model;

/*
 * Create a model in its reset state (all enables 0, GBPA = ABORT=0
 * SHCFG=incoming, queues and tables unset). Returns 0 and *out, or
 * -VSMMU_ERR_INVAL (NULL argument, missing required callback, an identity
 * the model cannot play: STALL_MODEL other than 01, TTF without AArch64,
 * no granule, SIDSIZE > 32, SSIDSIZE > 20, queue sizes > 19) or
 * -VSMMU_ERR_NOMEM.
 */
int smmu_model_create(const struct smmu_model_config *cfg,
		      const struct smmu_model_ops *ops,
		      struct smmu_model **out);
void smmu_model_destroy(struct smmu_model *m);

/* ---- MMIO ----------------------------------------------------------------
 *
 * off is the offset in the 128 KiB window (SMMU_MMIO_SIZE), size 4 or 8.
 * Register rules (IHI 0070 §6.2): 32-bit registers take aligned 32-bit
 * accesses; 64-bit registers take an aligned 64-bit access or a 32-bit
 * access to either half. Any other access, and every undefined offset,
 * reads as zero and ignores writes (counted in bad_accesses or not at
 * all). Both return 0, or -VSMMU_ERR_INVAL for a NULL pointer and
 * -VSMMU_ERR_RANGE for off outside the window; *val is always written.
 */
int smmu_model_mmio_read(struct smmu_model *m, uint32_t off,
			 unsigned int size, uint64_t *val);
int smmu_model_mmio_write(struct smmu_model *m, uint32_t off,
			  unsigned int size, uint64_t val);

/*
 * Deferred mode: complete pending register updates (deferred_acks), then
 * consume at most budget commands (a CMD_SYNC counts as one). Also usable
 * in immediate mode. Returns the number of commands consumed (CONS
 * advanced past them), 0 when the queue is disabled, empty or stopped by
 * GERROR.CMDQ_ERR, or -VSMMU_ERR_INVAL.
 */
int smmu_model_step(struct smmu_model *m, unsigned int budget);

/* ---- Device side -------------------------------------------------------- */

#define SMMU_MODEL_NO_SSID 0xffffffffu	/* transaction without SubstreamID */

/* Access flags; a read unless WRITE or EXEC. */
#define SMMU_MODEL_ACC_WRITE (1u << 0)
#define SMMU_MODEL_ACC_EXEC (1u << 1)	/* instruction fetch (a read) */
#define SMMU_MODEL_ACC_PRIV (1u << 2)	/* privileged (PnU = 1) */

enum smmu_model_outcome {
	SMMU_MODEL_OK,		/* translated (or bypassed) */
	SMMU_MODEL_RAZWI,	/* terminated: reads as zero, writes ignored
				 * (a stage-1 fault with CD.A = 0) */
	SMMU_MODEL_ABORT,	/* terminated with an abort */
};

struct smmu_model_result {
	enum smmu_model_outcome outcome; /* worst outcome of the pages */
	uint64_t pa;		/* translate: the output address */
	uint8_t size_log2;	/* translate: size of the translation unit */
	uint8_t perm;		/* translate: PGT_PERM_* granted (0: bypass) */
	/*
	 * The first fault: the event it raised (evt.id = 0 when the
	 * transaction was terminated silently: STE Config abort or
	 * reserved, GBPA.ABORT, a bypass above OAS with SMMUEN = 0) and
	 * whether the record reached the event queue.
	 */
	struct smmu_evt evt;
	bool recorded;
	size_t done;		/* dma: bytes transferred before an abort */
};

/*
 * Translate one access of the device (sid, ssid or SMMU_MODEL_NO_SSID) at
 * addr. Returns 0 (r->pa valid), -VSMMU_ERR_FAULT (terminated: r says how
 * and which event was raised) or -VSMMU_ERR_INVAL.
 */
int smmu_model_translate(struct smmu_model *m, uint32_t sid, uint32_t ssid,
			 uint64_t addr, unsigned int acc,
			 struct smmu_model_result *r);

/*
 * DMA through the SMMU: translate page by page (each translation unit
 * separately, events as they arise) and copy through mem_read/mem_write.
 * A RAZ/WI page reads as zeros or drops the write, and the copy goes on;
 * an abort stops it. Returns 0 (r->outcome OK or RAZWI), -VSMMU_ERR_FAULT
 * (aborted after r->done bytes), -VSMMU_ERR_IO (the memory callback failed
 * on the data itself, after r->done bytes), -VSMMU_ERR_RANGE (addr + len
 * wraps past 2^64; nothing is done) or -VSMMU_ERR_INVAL.
 */
int smmu_model_dma_read(struct smmu_model *m, uint32_t sid, uint32_t ssid,
			uint64_t addr, void *buf, size_t len, unsigned int acc,
			struct smmu_model_result *r);
int smmu_model_dma_write(struct smmu_model *m, uint32_t sid, uint32_t ssid,
			 uint64_t addr, const void *buf, size_t len,
			 unsigned int acc, struct smmu_model_result *r);

/* ---- Counters ------------------------------------------------------------ */

struct smmu_model_counters {
	uint64_t translations;	/* translation requests (one per page) */
	uint64_t cfg_hits, cfg_misses;
	uint64_t tlb_hits, tlb_misses;
	uint64_t walks;		/* table walks started */
	uint64_t walk_reads;	/* descriptor reads of those walks */
	uint64_t ste_fetches, cd_fetches;
	uint64_t faults;	/* terminated transactions */
	uint64_t cmds;		/* commands consumed */
	uint64_t cmds_by_op[256];
	uint64_t cmd_errors;	/* CERROR_* reported */
	uint64_t events_written;
	uint64_t events_dropped;	/* discarded: queue full (overflow) */
	uint64_t events_discarded;	/* discarded: queue off or aborted */
	uint64_t overflows;		/* OVFLG toggles */
	uint64_t msis;			/* MSI writes issued */
	uint64_t msi_errors;
	uint64_t irqs[SMMU_MODEL_IRQ_NR];	/* wired pulses raised
						 * (before coalescing) */
	uint64_t sevs;
	uint64_t tlb_invalidated;	/* TLB entries dropped by commands */
	uint64_t cfg_invalidated;	/* config entries dropped */
	uint64_t bad_accesses;		/* MMIO accesses of the wrong size */
	uint64_t dma_bytes;
};

/* Copy the counters (under the lock). */
int smmu_model_counters_get(struct smmu_model *m,
			    struct smmu_model_counters *out);
void smmu_model_counters_reset(struct smmu_model *m);

/*
 * Render the counters as one line of "name=value" pairs (the per-opcode
 * counts as "CMD_NAME=n" for the opcodes seen), for tools and benchmark
 * reports. Returns the length it would have written, as snprintf; always
 * NUL-terminates when n > 0.
 */
int smmu_model_counters_format(const struct smmu_model_counters *c,
			       char *buf, size_t n);

/*
 * Drop every cached configuration and translation, as CFGI_ALL,
 * TLBI_NSNH_ALL and TLBI_EL2_ALL would, without the command queue: a
 * benchmark's cold start. Counters are not touched.
 */
void smmu_model_caches_flush(struct smmu_model *m);

#endif /* VSMMU_MODEL_H */
