/* SPDX-License-Identifier: MIT */
/*
 * psmmu internals: the driver's state and the helpers its files share.
 * Names end in '_'. Only src/psmmu and its unit tests include this file.
 *
 * Lock order: there is one lock, the host's (ops->lock). Every public
 * entry point takes it; every function declared here expects it held,
 * unless its comment says otherwise. The fault callbacks run without it.
 */
#ifndef PSMMU_INTERNAL_H
#define PSMMU_INTERNAL_H

#include "vsmmu/env.h"
#include "vsmmu/base.h"
#include "vsmmu/arch.h"
#include "vsmmu/psmmu.h"

/* Defaults of struct psmmu_cfg (see psmmu.h). */
#define PSMMU_DEF_POLL_MAX 100000u
#define PSMMU_DEF_POLL_DELAY_US 1u
#define PSMMU_DEF_EVTQ_BUDGET 64u
#define PSMMU_DEF_SPLIT 8u
#define PSMMU_DEF_LINEAR_MAX 8u
#define PSMMU_DEF_L1_MAX 16u
#define PSMMU_DEF_CMDQ_LOG2 8u
#define PSMMU_DEF_EVTQ_LOG2 7u
#define PSMMU_DEF_INV_MAX_PAGES 32u

/*
 * Smallest queues the driver accepts from IDR1: a command queue must hold
 * a CFGI, its sync and room to make progress while the SMMU consumes, so
 * 16 entries; the event queue at least 2.
 */
#define PSMMU_MIN_CMDQ_LOG2 4u
#define PSMMU_MIN_EVTQ_LOG2 1u

/* Largest dev_add list (bounds the duplicate check). */
#define PSMMU_DEV_MAX_SIDS 4096u

/* How a registered StreamID is configured. */
enum psmmu_mode_ {
	PSMMU_MODE_ABORT_,	/* also "detached" */
	PSMMU_MODE_S2_,
	PSMMU_MODE_NESTED_,
};

/* One registered StreamID; the index keeps them sorted by sid. */
struct psmmu_sid_ {
	uint32_t sid;
	uint8_t mode;			/* enum psmmu_mode_ */
	uint64_t dev_id;
	struct psmmu_domain *dom;	/* S2 and NESTED */
};

struct psmmu_domain {
	struct psmmu *p;
	struct psmmu_domain *next;	/* p->domains list */
	uint16_t vmid;
	unsigned int users;		/* SIDs attached (S2 or nested) */
	uint8_t ias_bits;		/* 64 - tsz */
	struct psmmu_s2_cfg cfg;
	uint64_t ste1;			/* dw1 bits the domain owns */
	uint64_t ste2, ste3;		/* stage-2 dwords of every STE */
};

struct psmmu_queue_ {
	struct psmmu_dma mem;
	unsigned int log2;
	struct smmu_qpos prod, cons;	/* software copies */
	bool ovack;			/* evtq: OVACKFLG last written */
};

struct psmmu_strtab_ {
	bool two_level;
	uint8_t log2size;		/* STRTAB_BASE_CFG.LOG2SIZE */
	uint8_t split;			/* 2-level: SPLIT */
	uint32_t n_l1;			/* 2-level: L1 descriptors */
	struct psmmu_dma base;		/* linear table or L1 table */
	struct psmmu_dma *l2;		/* 2-level: n_l1 entries, va NULL if
					 * the L2 is not allocated */
};

/* Test hook: called after each CFGI_STE + CMD_SYNC of an STE update. */
typedef void (*psmmu_ste_hook_fn_)(void *arg, uint32_t sid,
				   const uint64_t live[SMMU_STE_DWORDS]);

struct psmmu {
	const struct psmmu_host_ops *ops;
	void *ctx;
	struct psmmu_cfg cfg;		/* with defaults filled in */
	struct psmmu_features feat;
	uint32_t cr1, cr2;

	bool tables_ready;		/* DMA memory allocated */
	bool cmdq_on;			/* commands may be issued */
	bool failed;			/* SFM_ERR: needs psmmu_reset */
	bool sync_msi;			/* CMD_SYNC completes by MSI */

	struct psmmu_strtab_ st;
	struct psmmu_queue_ cmdq, evtq;
	int cmd_err;			/* a CERROR in this submit */
	unsigned int abt_retries;	/* CERROR_ABT retries of this submit */

	/* SID index: sorted by sid; protects: all fields. */
	struct psmmu_sid_ *sids;
	unsigned int n_sids, cap_sids;

	struct psmmu_domain *domains;	/* every live domain */
	/* VMID allocator: bit v set = VMID v in use. */
	uint64_t *vmid_map;
	uint32_t n_vmids;

	struct psmmu_stats stats;

	psmmu_ste_hook_fn_ ste_hook;
	void *ste_hook_arg;
};

/* ---- regs.c: MMIO, polls, log, lock ------------------------------------- */

void psmmu_lock_(struct psmmu *p);
void psmmu_unlock_(struct psmmu *p);

void psmmu_log_(const struct psmmu *p, enum vsmmu_log_level lvl,
		const char *msg);
/* Format into a stack buffer and log (the core has no vsnprintf). */
#define psmmu_logf_(p, lvl, ...)                                        \
	do {                                                            \
		char psmmu_lb_[160];                                    \
		vsmmu_snprintf(psmmu_lb_, sizeof(psmmu_lb_), __VA_ARGS__); \
		psmmu_log_((p), (lvl), psmmu_lb_);                      \
	} while (0)

int psmmu_rd32_(struct psmmu *p, uint32_t off, uint32_t *val);
int psmmu_wr32_(struct psmmu *p, uint32_t off, uint32_t val);
int psmmu_wr64_(struct psmmu *p, uint32_t off, uint64_t val);
void psmmu_delay_(struct psmmu *p);

/*
 * Poll off until (value & mask) == want, at most cfg.poll_max attempts.
 * Returns 0, -VSMMU_ERR_TIMEOUT or -VSMMU_ERR_IO.
 */
int psmmu_poll_(struct psmmu *p, uint32_t off, uint32_t mask, uint32_t want);

/* Write CR0 (or IRQ_CTRL) and wait for its ACK register to match. */
int psmmu_write_ack_(struct psmmu *p, uint32_t off, uint32_t ack_off,
		     uint32_t val);

/* DMA helpers: make CPU writes visible / SMMU writes visible. */
void psmmu_dma_to_dev_(struct psmmu *p, const struct psmmu_dma *d,
		       size_t off, size_t len);
void psmmu_dma_from_dev_(struct psmmu *p, const struct psmmu_dma *d,
			 size_t off, size_t len);
/* Single-copy atomic 64-bit store/load of a little-endian word. */
void psmmu_store64_(uint64_t *w, uint64_t v);
uint64_t psmmu_load64_(const uint64_t *w);

/* ---- strtab.c: the stream table ----------------------------------------- */

/* Allocate the table for the probed SIDSIZE; every STE is abort. */
int psmmu_strtab_alloc_(struct psmmu *p);
void psmmu_strtab_free_(struct psmmu *p);
/* STRTAB_BASE and STRTAB_BASE_CFG values. */
uint64_t psmmu_strtab_base_reg_(const struct psmmu *p);
uint32_t psmmu_strtab_cfg_reg_(const struct psmmu *p);
/* True when sid fits the table. */
bool psmmu_strtab_sid_ok_(const struct psmmu *p, uint32_t sid);
/*
 * Make sure the STE of sid exists (2-level: allocate and link its L2,
 * invalidating the L1 descriptor). Returns 0, -VSMMU_ERR_RANGE,
 * -VSMMU_ERR_NOMEM or a command error.
 */
int psmmu_strtab_ensure_(struct psmmu *p, uint32_t sid);
/* The live STE of sid, or NULL; *dma and *off locate it for dma_sync. */
uint64_t *psmmu_strtab_ste_(struct psmmu *p, uint32_t sid,
			    const struct psmmu_dma **dma, size_t *off);

/* ---- ste.c: computing and committing STEs ------------------------------- */

/* Pure: build a target STE (CPU byte order, 8 dwords). */
void psmmu_ste_make_abort_(uint64_t t[SMMU_STE_DWORDS]);
void psmmu_ste_make_s2_(const struct psmmu *p, const struct psmmu_domain *d,
			uint64_t t[SMMU_STE_DWORDS]);
void psmmu_ste_make_nested_(const struct psmmu *p,
			    const struct psmmu_domain *d,
			    const struct psmmu_s1_cfg *s1,
			    uint64_t t[SMMU_STE_DWORDS]);
/* Bits of each dword the SMMU interprets for this STE's Config. */
void psmmu_ste_used_(const uint64_t s[SMMU_STE_DWORDS],
		     uint64_t used[SMMU_STE_DWORDS]);
/*
 * Replace the live STE of sid by t (CPU byte order) in an order that
 * keeps it meaning the old or the new configuration at every sync, with a
 * V=0 step only when no such order exists; CFGI_STE + CMD_SYNC after each
 * step. Returns 0 or a command error.
 */
int psmmu_ste_commit_(struct psmmu *p, uint32_t sid,
		      const uint64_t t[SMMU_STE_DWORDS]);
/* Install the test hook (tests only). */
void psmmu_test_set_ste_hook_(struct psmmu *p, psmmu_ste_hook_fn_ fn,
			      void *arg);

/* ---- sid.c: the SID index ----------------------------------------------- */

/* Binary search: the entry of sid or NULL. */
struct psmmu_sid_ *psmmu_sid_find_(const struct psmmu *p, uint32_t sid);
void psmmu_sid_free_all_(struct psmmu *p);
/* Set the SID's STE to abort and drop its domain reference. */
int psmmu_sid_set_abort_(struct psmmu *p, struct psmmu_sid_ *e);

/* ---- cmdq.c: the command queue ------------------------------------------ */

int psmmu_cmdq_alloc_(struct psmmu *p);
/* Batch helpers for the driver's own batches (lock held). */
void psmmu_batch_init_locked_(struct psmmu *p, struct psmmu_batch *b);
int psmmu_batch_submit_locked_(struct psmmu_batch *b);
/* Add a command given by fields (cheap wrapper of psmmu_batch_add). */
int psmmu_batch_cfgi_ste_(struct psmmu_batch *b, uint32_t sid, bool leaf);
/* Recover GERROR.CMDQ_ERR: fix the queue, acknowledge. */
int psmmu_cmdq_recover_(struct psmmu *p);

/* ---- evtq.c -------------------------------------------------------------- */

int psmmu_evtq_alloc_(struct psmmu *p);

/* ---- domain.c ------------------------------------------------------------ */

int psmmu_vmid_map_alloc_(struct psmmu *p);
void psmmu_vmid_map_free_(struct psmmu *p);

#endif /* PSMMU_INTERNAL_H */
