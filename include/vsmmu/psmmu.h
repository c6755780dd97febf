/* SPDX-License-Identifier: MIT */
/*
 * vsmmu/psmmu.h - the driver a hypervisor runs on each physical SMMUv3.
 *
 * The driver owns stage 2 and the hardware: it probes the ID registers
 * once, resets and enables the SMMU (IHI 0070 §6.3, facts §8.6), keeps a
 * stream table with one STE per registered StreamID, allocates a VMID per
 * stage-2 domain, installs nested STEs (Config = 0b111) that combine a
 * guest's stage-1 fields with the hypervisor's stage 2, submits commands
 * in batches ending in one CMD_SYNC, drains the event queue and handles
 * GERROR.
 *
 * It touches the hardware only through the MMIO accessors and the
 * DMA-memory callbacks of struct psmmu_host_ops, so the same code drives a
 * real SMMU, QEMU's SMMUv3 or the software model (vsmmu/model.h).
 *
 * Return convention (vsmmu/base.h): 0 on success, -VSMMU_ERR_* otherwise;
 * a positive value where a function says so. Every poll of the hardware is
 * bounded by psmmu_cfg.poll_max and ends in -VSMMU_ERR_TIMEOUT.
 *
 * Locking: every public function takes the host lock (ops->lock) for its
 * whole duration, except the fault callbacks, which run with the lock
 * released so they may call back into the driver. psmmu_destroy must not
 * race with anything.
 */
#ifndef VSMMU_PSMMU_H
#define VSMMU_PSMMU_H

#include "vsmmu/env.h"
#include "vsmmu/base.h"
#include "vsmmu/arch.h"

struct psmmu;
struct psmmu_domain;

/* ---- Host services ------------------------------------------------------ */

/*
 * A buffer of DMA memory: the CPU writes it through va, the SMMU reads it
 * at pa. The driver only writes through va; tables and queues are
 * little-endian in memory (the driver does the byte swap).
 */
struct psmmu_dma {
	void *va;
	smmu_pa_t pa;
	size_t size;
};

struct psmmu_host_ops {
	/*
	 * MMIO by byte offset in the SMMU's 128 KiB window (page 1 at
	 * +0x10000). Required: read32, write32. read64/write64 may be NULL,
	 * in which case a 64-bit register is accessed as two 32-bit halves,
	 * low half first. A write must be ordered after the CPU's earlier
	 * writes to DMA memory (the semantics of Linux's writel). Return 0
	 * or -VSMMU_ERR_IO (passed up as is).
	 */
	int (*read32)(void *ctx, uint32_t off, uint32_t *val);
	int (*write32)(void *ctx, uint32_t off, uint32_t val);
	int (*read64)(void *ctx, uint32_t off, uint64_t *val);
	int (*write64)(void *ctx, uint32_t off, uint64_t val);

	/*
	 * DMA memory for the stream table, the queues and the sync word.
	 * Required. Zeroed, size bytes at a PA aligned to align (a power of
	 * two). Return 0 or -VSMMU_ERR_NOMEM.
	 */
	int (*dma_alloc)(void *ctx, size_t size, size_t align,
			 struct psmmu_dma *out);
	void (*dma_free)(void *ctx, const struct psmmu_dma *d);
	/*
	 * Cache maintenance for a non-coherent SMMU (IDR0.COHACC = 0, or
	 * the system says so): to_device = true cleans [off, off + len) so
	 * the SMMU sees the CPU's writes; false invalidates it before the
	 * CPU reads what the SMMU wrote. NULL for coherent systems.
	 */
	void (*dma_sync)(void *ctx, const struct psmmu_dma *d, size_t off,
			 size_t len, bool to_device);

	/*
	 * Ordinary memory for the driver's own state (struct psmmu, the SID
	 * index, domains, the VMID bitmap). Required. Zeroed, or NULL.
	 */
	void *(*alloc)(void *ctx, size_t size);
	void (*free)(void *ctx, void *ptr, size_t size);

	/*
	 * Called between two attempts of every poll (ACKs, GBPA update,
	 * CMD_SYNC, queue space) with psmmu_cfg.poll_delay_us; may sleep,
	 * yield or do nothing. May be NULL. The host lock is held.
	 */
	void (*delay_us)(void *ctx, unsigned int us);

	/* Optional log, one line without newline. */
	vsmmu_log_fn log;

	/* Optional lock around every entry point (see Locking above). */
	void (*lock)(void *ctx);
	void (*unlock)(void *ctx);

	/*
	 * A stage-1 fault of a StreamID attached nested (psmmu_attach_nested):
	 * a translation fault (F_TRANSLATION, F_ADDR_SIZE, F_ACCESS,
	 * F_PERMISSION) with S2 = 0, or C_BAD_CD, C_BAD_SUBSTREAMID,
	 * F_STREAM_DISABLED. raw is the record as the SMMU wrote it (CPU
	 * byte order); the vIOMMU rewrites the StreamID and forwards it to
	 * the guest. Called without the lock. May be NULL.
	 */
	void (*s1_fault)(void *ctx, struct psmmu *p, uint32_t sid,
			 const struct smmu_evt *evt, const uint64_t raw[4]);
	/*
	 * Every other event (stage-2 faults, configuration errors, events
	 * of StreamIDs not attached nested). The driver logs them too.
	 * Called without the lock. May be NULL.
	 */
	void (*other_event)(void *ctx, struct psmmu *p,
			    const struct smmu_evt *evt, const uint64_t raw[4]);
};

/* ---- Configuration ------------------------------------------------------ */

enum psmmu_irq_mode {
	PSMMU_IRQ_NONE,		/* IRQ_CTRL = 0: the host polls */
	PSMMU_IRQ_WIRED,	/* wired lines: *_IRQ_CFG0 = 0, IRQEN set */
	PSMMU_IRQ_MSI,		/* MSIs as given below (needs IDR0.MSI) */
};

struct psmmu_msi {
	uint64_t addr;		/* doorbell PA, 4-byte aligned; 0 = none */
	uint32_t data;
	uint8_t memattr;	/* IRQ_CFG2.MemAttr; 0 means 0x1 Device-nGnRE */
	uint8_t sh;		/* IRQ_CFG2.SH */
};

enum psmmu_sync_mode {
	/* MSI write-back when IDR0.COHACC and IDR0.MSI, else poll CONS */
	PSMMU_SYNC_AUTO,
	/* CS = SIG_NONE and poll CMDQ_CONS */
	PSMMU_SYNC_POLL_CONS,
	/*
	 * CS = SIG_IRQ with the MSI aimed at the CMD_SYNC's own queue
	 * slot, MSIData = 0; poll that word (facts §8.2). Needs MSI and
	 * COHACC, else psmmu_reset fails with -VSMMU_ERR_NOTSUPP.
	 */
	PSMMU_SYNC_MSI,
};

/* Every field may be 0 for its default. */
struct psmmu_cfg {
	unsigned int poll_max;		/* attempts per poll; 0: 100000 */
	unsigned int poll_delay_us;	/* passed to delay_us; 0: 1 */
	/* Allow nesting on parts with known nesting errata (by IIDR). */
	bool allow_nesting_errata;
	unsigned int evtq_budget;	/* psmmu_poll_events(p, 0); 0: 64 */
	/* 2-level stream table: SPLIT 6, 8 or 10; 0: 8 (16 KiB L2s). */
	uint8_t strtab_split;
	/*
	 * A linear stream table is used when IDR1.SIDSIZE <= this (or the
	 * SMMU has no 2-level support, then capped to it); 0: 8.
	 */
	uint8_t linear_max_log2;
	/* Most L1 descriptors of a 2-level table (log2); 0: 16. */
	uint8_t l1_max_log2;
	/* Queue sizes wanted (log2 entries), capped by IDR1; 0: 8 and 7. */
	uint8_t cmdq_log2, evtq_log2;
	enum psmmu_sync_mode sync_mode;
	enum psmmu_irq_mode irq_mode;
	struct psmmu_msi evtq_msi, gerror_msi;
	/* CR2.E2H: the hypervisor uses EL2-E2H contexts (IDR0.Hyp). */
	bool e2h;
	/*
	 * VA/IPA invalidation without IDR3.RIL: at most this many
	 * per-page commands, above it one wider invalidation; 0: 32.
	 */
	unsigned int inv_max_pages;
};

/* ---- Probe, reset, destroy ---------------------------------------------- */

/* Why psmmu_probe refused an SMMU (also logged). */
enum psmmu_refusal {
	PSMMU_REFUSE_NONE,
	PSMMU_REFUSE_NO_AA64,		/* IDR0.TTF lacks VMSAv8-64 */
	PSMMU_REFUSE_BIG_ENDIAN,	/* IDR0.TTENDIAN = big-endian only */
	PSMMU_REFUSE_NO_S2,		/* IDR0.S2P = 0 */
	PSMMU_REFUSE_QUEUES_SMALL,	/* IDR1.CMDQS or EVENTQS too small */
	PSMMU_REFUSE_PRESET,		/* IDR1.TABLES_PRESET/QUEUES_PRESET */
	PSMMU_REFUSE_BAD_ID,		/* reserved encodings (ST_LEVEL, OAS,
					 * no granule) */
	PSMMU_REFUSE_IO,		/* an ID register could not be read */
};

const char *psmmu_refusal_name(enum psmmu_refusal r);

/*
 * Read the ID registers once and build the feature set; allocate the
 * driver's state (no DMA memory yet, nothing written to the SMMU).
 * Returns 0 and *out, -VSMMU_ERR_INVAL (NULL argument, missing required
 * callback, bad cfg value), -VSMMU_ERR_NOTSUPP (refused: *why, when why is
 * not NULL, says why), -VSMMU_ERR_IO, -VSMMU_ERR_NOMEM.
 */
int psmmu_probe(const struct psmmu_host_ops *ops, void *ctx,
		const struct psmmu_cfg *cfg, struct psmmu **out,
		enum psmmu_refusal *why);

/*
 * The full reset and enable sequence (facts §8.6): GBPA.ABORT (Update
 * protocol) when SMMUEN was set, CR0 = 0, CR1, CR2, stream table (all
 * STEs abort), command queue, CFGI_ALL + TLBI_EL2_ALL (Hyp) +
 * TLBI_NSNH_ALL + CMD_SYNC, event queue, interrupts, SMMUEN. Allocates
 * the tables and queues on the first call; a later call reprograms the
 * SMMU with the same tables (STEs of registered SIDs are kept).
 * Returns 0, -VSMMU_ERR_TIMEOUT (an ACK or the sync did not come),
 * -VSMMU_ERR_NOTSUPP (cfg asks for MSIs the SMMU lacks), -VSMMU_ERR_NOMEM,
 * -VSMMU_ERR_IO, -VSMMU_ERR_HW (the initial commands failed).
 */
int psmmu_reset(struct psmmu *p);

/*
 * Disable the SMMU (GBPA.ABORT, CR0 = 0; best effort) and free every
 * table, queue, domain and the state. p is then unusable.
 */
void psmmu_destroy(struct psmmu *p);

/* ---- Features ----------------------------------------------------------- */

#define PSMMU_FEAT_S1		(1ull << 0)	/* IDR0.S1P */
#define PSMMU_FEAT_S2		(1ull << 1)	/* IDR0.S2P */
#define PSMMU_FEAT_NESTING	(1ull << 2)	/* S1P && S2P, no errata */
#define PSMMU_FEAT_2LVL_STRTAB	(1ull << 3)	/* IDR0.ST_LEVEL = 01 */
#define PSMMU_FEAT_2LVL_CDTAB	(1ull << 4)	/* IDR0.CD2L */
#define PSMMU_FEAT_COHACC	(1ull << 5)
#define PSMMU_FEAT_MSI		(1ull << 6)
#define PSMMU_FEAT_SEV		(1ull << 7)
#define PSMMU_FEAT_HYP		(1ull << 8)
#define PSMMU_FEAT_ATS		(1ull << 9)
#define PSMMU_FEAT_PRI		(1ull << 10)
#define PSMMU_FEAT_ASID16	(1ull << 11)
#define PSMMU_FEAT_VMID16	(1ull << 12)
#define PSMMU_FEAT_STALLS	(1ull << 13)	/* STALL_MODEL = 00 */
#define PSMMU_FEAT_STALL_FORCE	(1ull << 14)	/* STALL_MODEL = 10 */
#define PSMMU_FEAT_TT_LE	(1ull << 15)	/* little-endian walks */
#define PSMMU_FEAT_BTM		(1ull << 16)
#define PSMMU_FEAT_RIL		(1ull << 17)	/* IDR3.RIL */
#define PSMMU_FEAT_STT		(1ull << 18)
#define PSMMU_FEAT_FWB		(1ull << 19)
#define PSMMU_FEAT_XNX		(1ull << 20)
#define PSMMU_FEAT_HAD		(1ull << 21)
#define PSMMU_FEAT_GRAN4K	(1ull << 22)
#define PSMMU_FEAT_GRAN16K	(1ull << 23)
#define PSMMU_FEAT_GRAN64K	(1ull << 24)
#define PSMMU_FEAT_ATTR_TYPES_OVR (1ull << 25)
#define PSMMU_FEAT_TERM_MODEL	(1ull << 26)	/* CD.A must be 1 */
#define PSMMU_FEAT_HTTU_AF	(1ull << 27)
#define PSMMU_FEAT_HTTU_DIRTY	(1ull << 28)

/* Quirks found by IIDR (psmmu_features.options). */
#define PSMMU_OPT_NESTING_ERRATA (1u << 0)	/* MMU-600 < r2, MMU-700 */

/*
 * What probe found. Raw registers are kept unmodified so the vIOMMU can
 * intersect them across SMMUs; the decoded sizes are in bits.
 */
struct psmmu_features {
	uint64_t mask;			/* PSMMU_FEAT_* */
	uint32_t options;		/* PSMMU_OPT_* */
	uint32_t idr[6];		/* IDR0..IDR5 */
	uint32_t iidr, aidr;
	uint8_t sid_bits, ssid_bits;	/* IDR1.SIDSIZE, SSIDSIZE */
	uint8_t asid_bits, vmid_bits;	/* 8 or 16 */
	uint8_t oas_bits;		/* decoded IDR5.OAS */
	uint8_t ias_bits;		/* stage-2 input size (facts §3.8) */
	uint8_t cmdq_log2_max, evtq_log2_max;
};

/* The features; valid for the life of p. */
const struct psmmu_features *psmmu_get_features(const struct psmmu *p);

/* True when the SMMU can run nested STEs (S1P, S2P, no errata or the
 * host's override). */
bool psmmu_can_nest(const struct psmmu *p);

/* ---- Devices and StreamIDs ---------------------------------------------- */

/*
 * Register a device with its StreamIDs (n >= 1). All or nothing. On a
 * 2-level stream table this allocates the L2 tables the SIDs need. Every
 * new SID starts as abort. Returns 0, -VSMMU_ERR_EXIST (a SID already
 * registered, or listed twice), -VSMMU_ERR_RANGE (a SID beyond the stream
 * table), -VSMMU_ERR_INVAL, -VSMMU_ERR_NOMEM, or a command error.
 */
int psmmu_dev_add(struct psmmu *p, uint64_t dev_id, const uint32_t *sids,
		  unsigned int n);

/*
 * Detach and forget every SID of a device (their STEs become abort).
 * Returns 0, -VSMMU_ERR_NOENT or a command error.
 */
int psmmu_dev_remove(struct psmmu *p, uint64_t dev_id);

/* O(log n). Returns 0 and *dev_id (may be NULL), or -VSMMU_ERR_NOENT. */
int psmmu_dev_find_by_sid(struct psmmu *p, uint32_t sid, uint64_t *dev_id);

/* ---- Stage-2 domains ----------------------------------------------------- */

/*
 * The hypervisor's stage 2 (STE dwords 2-3), as the pgtable layer
 * describes it (struct pgt_s2_cfg: vttb, granule, tsz, sl0, ps).
 */
struct psmmu_s2_cfg {
	smmu_pa_t vttb;		/* S2TTB */
	uint8_t granule_log2;	/* 12, 14 or 16 (enum pgt_granule) */
	uint8_t tsz;		/* S2T0SZ */
	uint8_t sl0;		/* S2SL0 (VTCR_EL2 encoding) */
	uint8_t ps_bits;	/* output size in bits; encoded as S2PS */
	uint8_t ir, orgn, sh;	/* S2IR0, S2OR0, S2SH0 (walk attributes) */
	bool affd;		/* S2AFFD */
};

/*
 * Allocate a VMID (VMID 0 is never used) and record the stage 2.
 * Returns 0 and *dom, -VSMMU_ERR_INVAL (granule, tsz, sl0 or ps not
 * usable, vttb misaligned or above ps), -VSMMU_ERR_NOTSUPP (granule not
 * implemented), -VSMMU_ERR_FULL (no VMID), -VSMMU_ERR_NOMEM.
 */
int psmmu_domain_create(struct psmmu *p, const struct psmmu_s2_cfg *cfg,
			struct psmmu_domain **dom);

/*
 * Invalidate the VMID (S12_VMALL) and free it. -VSMMU_ERR_BUSY while a
 * SID is still attached to the domain.
 */
int psmmu_domain_destroy(struct psmmu *p, struct psmmu_domain *dom);

uint16_t psmmu_domain_vmid(const struct psmmu_domain *dom);

/* ---- Attaching StreamIDs ------------------------------------------------- */

/*
 * The canonical guest stage-1 configuration: the only STE fields a guest
 * may set (DESIGN.md), already validated by the vSMMU against this
 * SMMU's features. Encodings are the STE's (facts §3.3/3.4). s1ctxptr is
 * an IPA of the domain's stage 2.
 */
struct psmmu_s1_cfg {
	uint64_t s1ctxptr;
	uint8_t s1fmt, s1cdmax, s1dss, s1cir, s1cor, s1csh;
	bool s1stalld;
	uint8_t eats;
};

/*
 * Each replaces the SID's current configuration. The target STE is
 * computed first and then written so that the live STE always means the
 * old or the new configuration, or (only when no such order exists)
 * V = 0 in between; each step is followed by CFGI_STE + CMD_SYNC.
 *
 * attach_s2: Config = 0b110 (stage 2 only: "bypass" as the guest sees it).
 * attach_nested: Config = 0b111, guest stage-1 fields + the domain's
 *   stage 2, MEV = 1. -VSMMU_ERR_NOTSUPP when !psmmu_can_nest, or
 *   S1STALLD/EATS/2-level CDs the SMMU lacks; -VSMMU_ERR_INVAL for values
 *   outside their encodings (S1CDMax above SSIDSIZE, reserved S1Fmt/
 *   S1DSS, misaligned s1ctxptr); -VSMMU_ERR_RANGE for s1ctxptr outside
 *   the domain's IPA space.
 * attach_abort: Config = abort; stage 1 and 2 are dropped.
 * detach: the same STE as abort (an unused SID aborts silently).
 *
 * All return 0, -VSMMU_ERR_NOENT (SID not registered), or a command error
 * (-VSMMU_ERR_TIMEOUT, -VSMMU_ERR_HW, -VSMMU_ERR_IO).
 */
int psmmu_attach_s2(struct psmmu *p, uint32_t sid, struct psmmu_domain *dom);
int psmmu_attach_nested(struct psmmu *p, uint32_t sid,
			struct psmmu_domain *dom,
			const struct psmmu_s1_cfg *s1);
int psmmu_attach_abort(struct psmmu *p, uint32_t sid);
int psmmu_detach(struct psmmu *p, uint32_t sid);

/* ---- Commands ------------------------------------------------------------- */

#define PSMMU_BATCH_MAX 64u

/*
 * A batch of encoded commands, on the caller's stack. psmmu_batch_add
 * writes a full batch into the queue without a sync and starts over, so a
 * batch of any length ends in exactly one CMD_SYNC at psmmu_batch_submit.
 */
struct psmmu_batch {
	struct psmmu *p;
	unsigned int n;
	bool flushed;		/* some commands already went to the queue */
	bool locked;		/* internal: the driver's own batch, lock held */
	int err;		/* first error of an automatic flush */
	uint64_t cmds[PSMMU_BATCH_MAX][2];
};

void psmmu_batch_init(struct psmmu *p, struct psmmu_batch *b);

/*
 * Encode and append one command. Returns 0, -VSMMU_ERR_ILL (opcode not
 * encodable or CMD_SYNC: the driver adds the sync), -VSMMU_ERR_RANGE
 * (a value does not fit), or the error of an automatic flush.
 */
int psmmu_batch_add(struct psmmu_batch *b, const struct smmu_cmd *c);

/*
 * Append one command already in its queue form (two dwords, CPU order),
 * e.g. a guest's command with VMID and StreamID replaced: nothing is
 * encoded again. The caller vouches for the words as psmmu_batch_add's
 * caller does for the values: they must be what smmu_cmd_check accepts
 * (viommu_inv_add_words checks every guest command before it patches
 * it). Returns 0, -VSMMU_ERR_ILL (CMD_SYNC: the driver adds the sync), or
 * the error of an automatic flush.
 */
int psmmu_batch_add_words(struct psmmu_batch *b, const uint64_t cmd[2]);

/*
 * Write the batch (and what is left of it) into the command queue,
 * waiting (bounded) for space as the queue wraps, append one CMD_SYNC and
 * wait for it. A command the SMMU refuses (GERROR.CMDQ_ERR, CONS.ERR) is
 * replaced by a CMD_SYNC (CERROR_ILL) or retried (CERROR_ABT,
 * CERROR_ATC_INV_SYNC), acknowledged, logged and counted; the queue goes
 * on and the call returns -VSMMU_ERR_HW. Returns 0, -VSMMU_ERR_HW,
 * -VSMMU_ERR_TIMEOUT, -VSMMU_ERR_IO, or an earlier flush error. An empty
 * batch still issues the sync. The batch is empty afterwards.
 */
int psmmu_batch_submit(struct psmmu_batch *b);

/* ---- Invalidation ---------------------------------------------------------
 *
 * Each psmmu_inv_* is one batch with one sync; each psmmu_batch_inv_*
 * appends the same commands to a caller's batch (so the vIOMMU can forward
 * a whole guest batch as one physical batch).
 */

/* TLBI_NH_ASID(VMID, ASID). */
int psmmu_inv_asid(struct psmmu *p, const struct psmmu_domain *dom,
		   uint16_t asid);
int psmmu_batch_inv_asid(struct psmmu_batch *b, const struct psmmu_domain *dom,
			 uint16_t asid);

/*
 * Stage-1 VAs [iova, iova + size) of ASID in the domain, with pages of
 * 2^granule_log2 bytes (12, 14, 16): range commands when IDR3.RIL, else
 * TLBI_NH_VA per page up to inv_max_pages, else TLBI_NH_ASID. leaf: only
 * last-level entries changed. size 0 does nothing.
 */
int psmmu_inv_va(struct psmmu *p, const struct psmmu_domain *dom,
		 uint16_t asid, uint64_t iova, uint64_t size,
		 unsigned int granule_log2, bool leaf);
int psmmu_batch_inv_va(struct psmmu_batch *b, const struct psmmu_domain *dom,
		       uint16_t asid, uint64_t iova, uint64_t size,
		       unsigned int granule_log2, bool leaf);

/* All stage-1 entries of the VMID (TLBI_NH_ALL). */
int psmmu_inv_vmid_s1(struct psmmu *p, const struct psmmu_domain *dom);
int psmmu_batch_inv_vmid_s1(struct psmmu_batch *b,
			    const struct psmmu_domain *dom);

/* Every entry of the VMID, both stages (TLBI_S12_VMALL). */
int psmmu_inv_vmid(struct psmmu *p, const struct psmmu_domain *dom);
int psmmu_batch_inv_vmid(struct psmmu_batch *b, const struct psmmu_domain *dom);

/*
 * Stage-2 IPAs [ipa, ipa + size) after the hypervisor changed its tables:
 * TLBI_S2_IPA per page (range commands with RIL; above inv_max_pages one
 * S12_VMALL) followed by TLBI_NH_ALL, because S2_IPA does not remove
 * combined stage-1+2 entries (facts Appendix B).
 */
int psmmu_inv_ipa(struct psmmu *p, const struct psmmu_domain *dom,
		  uint64_t ipa, uint64_t size, unsigned int granule_log2,
		  bool leaf);
int psmmu_batch_inv_ipa(struct psmmu_batch *b, const struct psmmu_domain *dom,
			uint64_t ipa, uint64_t size, unsigned int granule_log2,
			bool leaf);

/* CFGI_CD(SID, SSID, leaf) and CFGI_CD_ALL(SID). */
int psmmu_inv_cd(struct psmmu *p, uint32_t sid, uint32_t ssid, bool leaf);
int psmmu_batch_inv_cd(struct psmmu_batch *b, uint32_t sid, uint32_t ssid,
		       bool leaf);
int psmmu_inv_cd_all(struct psmmu *p, uint32_t sid);
int psmmu_batch_inv_cd_all(struct psmmu_batch *b, uint32_t sid);

/* ---- Events and errors ---------------------------------------------------- */

/*
 * Drain at most budget records (0: cfg.evtq_budget) from the event queue,
 * acknowledge an overflow (EVENTQ_PROD.OVFLG != CONS.OVACKFLG: logged and
 * counted), route each record (ops->s1_fault or ops->other_event, and the
 * log). Returns the number of records consumed, or -VSMMU_ERR_IO.
 */
int psmmu_poll_events(struct psmmu *p, unsigned int budget);

/*
 * Handle every active GERROR bit (GERROR ^ GERRORN) and acknowledge them.
 * CMDQ_ERR is recovered as psmmu_batch_submit does; SFM_ERR marks the
 * SMMU failed (commands then return -VSMMU_ERR_HW until psmmu_reset).
 * Returns the active bits found (>= 0) or -VSMMU_ERR_IO.
 */
int psmmu_handle_gerror(struct psmmu *p);

struct psmmu_stats {
	uint64_t cmds;		/* commands written (syncs included) */
	uint64_t batches;	/* psmmu_batch_submit calls */
	uint64_t syncs;		/* CMD_SYNCs completed */
	uint64_t events;	/* event records consumed */
	uint64_t s1_faults;	/* of them, passed to ops->s1_fault */
	uint64_t evtq_overflows;
	uint64_t cmd_errors;	/* CERROR_* recovered */
	uint64_t gerrors;	/* GERROR bits handled */
	uint64_t timeouts;	/* polls that expired */
	uint64_t ste_writes;	/* STE dwords written */
};

void psmmu_get_stats(struct psmmu *p, struct psmmu_stats *out);

#endif /* VSMMU_PSMMU_H */
