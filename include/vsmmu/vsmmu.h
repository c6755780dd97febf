/* SPDX-License-Identifier: MIT */
/*
 * vsmmu/vsmmu.h - the emulated SMMUv3 a guest sees (stage 1 only).
 *
 * A hypervisor's trap handler calls vsmmu_mmio_read/write for every access
 * to the guest's 128 KiB SMMUv3 window (page 0 and page 1). The vSMMU keeps
 * the register file, consumes the guest's command queue from guest memory,
 * reads the guest's stream table, hands canonical stage-1 configurations and
 * invalidations to the vIOMMU framework (vsmmu/viommu.h), writes the guest's
 * event queue and raises the guest's interrupts. It translates for emulated
 * devices in software (vsmmu_translate).
 *
 * Everything the vSMMU does to the world goes through struct vsmmu_host_ops,
 * one table per domain: guest memory by guest physical address, wired IRQ
 * lines, MSI writes, SEV, a lock, log, allocation. It never touches guest
 * memory any other way.
 *
 * Error convention (vsmmu/base.h): 0 success, -VSMMU_ERR_* failure of the
 * embedder or its environment. A guest's mistake is never a failed call; it
 * becomes architectural state (CMDQ_CONS.ERR, GERROR, an event record) and
 * the entry point returns 0 (or VSMMU_PENDING).
 *
 * Locking: every entry point except vsmmu_create/vsmmu_destroy takes the
 * per-vSMMU lock (cfg.lock through host->lock_ops). Host callbacks are
 * called with that lock held: they must not call back into the same vSMMU.
 * The vIOMMU framework is called with the lock held too (lock order: vSMMU
 * lock, then the framework's locks), so the framework must not hold its own
 * locks while calling vsmmu_deliver_event. A read of CMDQ_CONS takes no
 * lock: the value is published atomically after every finished command, so
 * a vCPU polling it never waits behind a command run.
 */
#ifndef VSMMU_VSMMU_H
#define VSMMU_VSMMU_H

#include "vsmmu/env.h"
#include "vsmmu/base.h"
#include "vsmmu/arch.h"
#include "vsmmu/pgtable.h"

struct viommu_dom;   /* vsmmu/viommu.h */
struct vsmmu;        /* opaque, one per guest vSMMU */

/*
 * Returned (positive) by vsmmu_mmio_write and vsmmu_resume when bounded work
 * is left over: the host must call vsmmu_resume later (from any context that
 * may take the vSMMU lock). host->kick, if set, is also called once per
 * call that leaves work pending.
 */
#define VSMMU_PENDING 1

/* Wired interrupt lines (facts §8.1, §9). */
enum vsmmu_irq_line {
	VSMMU_IRQ_EVENTQ,
	VSMMU_IRQ_PRIQ,		/* never raised: no PRI queue */
	VSMMU_IRQ_GERROR,
	VSMMU_IRQ_CMDQ_SYNC,
	VSMMU_IRQ_COMBINED,	/* every source, with cfg.irq_combined */
};

/* Sentinel SubstreamID for vsmmu_translate: the transaction has no SSID. */
#define VSMMU_SSID_NONE 0xffffffffu

struct vsmmu_host_ops {
	/*
	 * Guest memory by guest physical address (IPA). Both may fail and
	 * return -VSMMU_ERR_*: a failure becomes the architecture's abort
	 * (CERROR_ABT, F_STE_FETCH, EVENTQ_ABT_ERR, ...). Bytes are copied as
	 * memory holds them (structures are little-endian). Guest RAM only:
	 * the guest chooses these addresses (a CMD_SYNC's MSIAddress too), so
	 * an address that is emulated MMIO must fail rather than dispatch to
	 * a device model, least of all this vSMMU's own window, whose lock
	 * the caller holds. A read may span several structures (up to 15
	 * command-queue entries, 240 bytes, at once) and cross a page
	 * boundary; it must then succeed or fail as a whole.
	 */
	int (*gpa_read)(void *ctx, uint64_t gpa, void *buf, size_t len);
	int (*gpa_write)(void *ctx, uint64_t gpa, const void *buf, size_t len);
	/*
	 * Set a wired line's level. Interrupts are edges (facts §8.1): the
	 * vSMMU pulses a line by calling irq_set(line, true) then
	 * irq_set(line, false). NULL: no wired interrupts.
	 */
	void (*irq_set)(void *ctx, enum vsmmu_irq_line line, bool level);
	/*
	 * A 32-bit MSI write of data to guest physical address addr. Return
	 * 0 when delivered as an interrupt; -VSMMU_ERR_NOENT when addr is not
	 * an interrupt doorbell, in which case the vSMMU writes data to guest
	 * memory at addr with gpa_write (Linux's MSI-polled CMD_SYNC targets
	 * its own queue slot in RAM); any other error aborts the MSI
	 * (GERROR.MSI_*_ABT_ERR). NULL: IDR0.MSI is not advertised.
	 */
	int (*msi_write)(void *ctx, uint64_t addr, uint32_t data);
	/* Send a wake-up event to the guest's PEs. NULL: IDR0.SEV = 0. */
	void (*sev)(void *ctx);
	/* Work is pending: schedule vsmmu_resume. May be NULL. */
	void (*kick)(void *ctx);
	/* One line of log, no newline. May be NULL. */
	vsmmu_log_fn log;
	/* Required: the vSMMU's own memory. */
	struct vsmmu_alloc_ops mem;
	/* The per-vSMMU lock (handle cfg.lock). NULL callbacks: the host
	 * serialises every call itself. */
	struct vsmmu_lock_ops lock_ops;
};

struct vsmmu_cfg {
	void *lock;		/* handle passed to host->lock_ops */
	/*
	 * Commands (and vSIDs re-derived by a CFGI range) processed per
	 * call before the rest is left to vsmmu_resume. 0: 64.
	 */
	unsigned int cmd_budget;
	/* IDR1.SIDSIZE of the guest: vSIDs are 0 .. 2^sid_bits - 1.
	 * 0: 16. At most 32. */
	unsigned int sid_bits;
	/* log2 of the largest command / event queue (IDR1.CMDQS/EVENTQS).
	 * 0: 19 (the architectural maximum). */
	unsigned int cmdq_log2_max;
	unsigned int evtq_log2_max;
	/* Software translation cache entries for emulated devices. 0: 64. */
	unsigned int tlb_entries;
	/* All sources share the VSMMU_IRQ_COMBINED line. */
	bool irq_combined;
	/* Advertise ATS (IDR0.ATS, STE.EATS, CMD_ATC_INV forwarded) when the
	 * physical SMMUs have it: only if the backend handles ATC_INV. */
	bool ats;
	/*
	 * Advertise the physical SMMUs' stall model (IDR0.STALL_MODEL 0b00 or
	 * 0b10, IDR5.STALL_MAX; STE.S1STALLD; CMD_RESUME / CMD_STALL_TERM
	 * forwarded) when they stall: only if the backend forwards those
	 * commands. Otherwise STALL_MODEL = 0b01 (no stall).
	 */
	bool stall;
	/* GBPA.ABORT at reset (facts §2.10: IMPLEMENTATION DEFINED). */
	bool gbpa_abort;
	/* IIDR the guest sees (0: VSMMU_IIDR_DEFAULT). */
	uint32_t iidr;
	/* Least severe level passed to host->log (VSMMU_LOG_*). */
	enum vsmmu_log_level log_level;
};

/*
 * Our IIDR: Implementer 0 (not Arm's 0x43B), ProductID 0, so a guest
 * driver matches none of the MMU-600/700 errata (Linux keys them on Arm's
 * implementer code and those ProductIDs, facts §1.3).
 */
#define VSMMU_IIDR_DEFAULT 0x00000000u

/* Counters; monotonic, read with vsmmu_get_counters. */
struct vsmmu_counters {
	uint64_t mmio_reads, mmio_writes;
	uint64_t bad_accesses;		/* size/alignment refused (RAZ/WI) */
	uint64_t ignored_writes;	/* guarded register, source enabled */
	uint64_t cmds;			/* commands completed */
	uint64_t cmd_errors;		/* CERROR_* reported */
	uint64_t cfgi_ste;		/* StreamIDs re-derived */
	uint64_t attach_s1, attach_abort, attach_bypass;
	uint64_t inv_cmds;		/* commands viommu_inv_add_words took */
	uint64_t inv_commits;		/* viommu_inv_commit calls */
	uint64_t syncs;
	uint64_t events;		/* records written to the guest queue */
	uint64_t events_overflow;	/* discarded: the queue was full */
	uint64_t events_discarded;	/* discarded: disabled or aborted */
	uint64_t irqs;			/* wired pulses */
	uint64_t msis;			/* MSI writes issued */
	uint64_t gerrors;		/* GERROR bits raised */
	uint64_t backend_errors;	/* framework calls that failed */
	uint64_t resumes;		/* calls that left work pending */
	uint64_t tlb_hits, tlb_misses, xlate_faults;
};

/*
 * Create a vSMMU for the domain vd. Reads the physical capabilities with
 * viommu_get_idrs, builds the guest's ID registers, registers itself with
 * viommu_set_emul (physical stage-1 faults arrive through
 * vsmmu_deliver_event), and puts every mapped vSID into the reset state
 * (SMMUEN = 0: GBPA abort or bypass). host and cfg must outlive the vSMMU
 * (host is kept by pointer; cfg is copied). Returns 0, -VSMMU_ERR_INVAL
 * (NULL argument, missing gpa_read/gpa_write/alloc, bad cfg value, a
 * vSID already mapped at or above 2^sid_bits),
 * -VSMMU_ERR_NOTSUPP (the physical SMMUs lack stage 1 or AArch64 tables,
 * or force stalls, STALL_MODEL = 0b10, without cfg.stall),
 * -VSMMU_ERR_NOMEM, or the framework's error.
 */
int vsmmu_create(const struct vsmmu_cfg *cfg, const struct vsmmu_host_ops *host,
		 void *host_ctx, struct viommu_dom *vd, struct vsmmu **out);

/*
 * Unregister from the framework and free. v may be NULL. No other call on
 * v (nor a framework event delivery to it) may be running or follow.
 */
void vsmmu_destroy(struct vsmmu *v);

/*
 * MMIO access at offset (0 .. 0x1ffff) of the window, size 4 or 8 bytes.
 * A guest access the architecture does not define (wrong size for the
 * register, unaligned, undefined offset) reads as zero and ignores the
 * write: it returns 0. Returns -VSMMU_ERR_INVAL for a NULL argument and
 * -VSMMU_ERR_RANGE for an offset outside the window (the trap handler's
 * bug). *val is zeroed first. vsmmu_mmio_write returns VSMMU_PENDING when
 * the work it started (commands, or the re-derivation of every vSID after
 * an SMMUEN or GBPA change) stopped at the budget.
 */
int vsmmu_mmio_read(struct vsmmu *v, uint32_t offset, unsigned int size,
		    uint64_t *val);
int vsmmu_mmio_write(struct vsmmu *v, uint32_t offset, unsigned int size,
		     uint64_t val);

/* Continue bounded work: 0 when done, VSMMU_PENDING when more is left. */
int vsmmu_resume(struct vsmmu *v);

/*
 * Queue an event record (four little-endian-order words, as
 * smmu_evt_encode produces them) carrying the guest's vSID. Called by the
 * framework through viommu_emul_ops.deliver_event. Full queue: OVFLG as
 * the architecture says and 0 is returned (the record is counted as
 * discarded). A record whose StreamID is at or above 2^IDR1.SIDSIZE (a vSID
 * mapped after vsmmu_create beyond cfg.sid_bits: the embedder's mistake)
 * is dropped, counted in events_discarded and logged. Returns 0,
 * -VSMMU_ERR_RANGE (dropped) or -VSMMU_ERR_INVAL.
 */
int vsmmu_deliver_event(struct vsmmu *v, const uint64_t rec[4]);

/* A software translation for an emulated device. */
struct vsmmu_xlate {
	uint64_t ipa;		/* output: guest physical address */
	uint8_t size_log2;	/* the translation covers 2^size_log2 bytes */
	uint8_t perm;		/* PGT_PERM_*; all for a bypass */
	bool bypass;		/* stage 1 bypassed (STE, S1DSS or GBPA) */
};

/*
 * Translate iova for the device vsid (SubstreamID ssid or VSMMU_SSID_NONE)
 * through the guest's STE, CD and stage-1 tables in guest memory, with a
 * small cache invalidated by the guest's CFGI_* and TLBI_* commands.
 * Returns 0 (out filled), -VSMMU_ERR_FAULT (the transaction is terminated;
 * the event the architecture calls for has been written to the guest's
 * event queue), -VSMMU_ERR_INVAL or -VSMMU_ERR_RANGE (vsid beyond
 * IDR1.SIDSIZE, an embedder bug).
 */
int vsmmu_translate(struct vsmmu *v, uint32_t vsid, uint32_t ssid,
		    uint64_t iova, struct pgt_access acc,
		    struct vsmmu_xlate *out);

/*
 * Re-derive the backend configuration of one vSID from the current guest
 * state (STE or GBPA); call after mapping a vSID into the domain after
 * vsmmu_create. Returns 0, -VSMMU_ERR_NOENT (not mapped) or the
 * framework's error.
 */
int vsmmu_sync_vsid(struct vsmmu *v, uint32_t vsid);

void vsmmu_get_counters(const struct vsmmu *v, struct vsmmu_counters *out);

#endif /* VSMMU_VSMMU_H */
