/* SPDX-License-Identifier: MIT */
/*
 * Internals of the emulated SMMUv3 (src/vsmmu). Names end in '_'.
 *
 * Lock order: vsmmu lock (cfg.lock), then the viommu domain lock (taken
 * inside viommu_* calls), then backend locks. Every field of struct vsmmu
 * is protected by the vsmmu lock, except cmdq_cons, which is written under
 * the lock with a release store and read without it (acquire), so a vCPU
 * polling CMDQ_CONS never waits behind a command run (STYLE.md, Xen vITS
 * CREADR).
 *
 * A function that takes a struct vsmmu_locked must be called with the
 * lock held; the type makes the requirement visible at every call site.
 */
#ifndef VSMMU_SRC_VSMMU_INTERNAL_H
#define VSMMU_SRC_VSMMU_INTERNAL_H

#include "vsmmu/env.h"
#include "vsmmu/base.h"
#include "vsmmu/arch.h"
#include "vsmmu/pgtable.h"
#include "vsmmu/viommu.h"
#include "vsmmu/vsmmu.h"

#define VSMMU_DEF_BUDGET 64u
#define VSMMU_DEF_SID_BITS 16u
#define VSMMU_DEF_TLB 64u

/* Register bits we implement (everything else is RES0 / RAZ). */
#define VSMMU_CR0_IMPL (SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN | SMMU_CR0_CMDQEN)
#define VSMMU_IRQ_CTRL_IMPL \
	(SMMU_IRQ_CTRL_GERROR_IRQEN | SMMU_IRQ_CTRL_EVENTQ_IRQEN)
#define VSMMU_GERROR_IMPL \
	(SMMU_GERROR_CMDQ_ERR | SMMU_GERROR_EVENTQ_ABT_ERR | \
	 SMMU_GERROR_MSI_CMDQ_ABT_ERR | SMMU_GERROR_MSI_EVENTQ_ABT_ERR | \
	 SMMU_GERROR_MSI_GERROR_ABT_ERR)
#define VSMMU_CR2_IMPL (SMMU_CR2_RECINVSID | SMMU_CR2_PTM)
#define VSMMU_GBPA_FIELDS \
	(SMMU_GBPA_MEMATTR | SMMU_GBPA_MTCFG | SMMU_GBPA_ALLOCCFG | \
	 SMMU_GBPA_SHCFG | SMMU_GBPA_PRIVCFG | SMMU_GBPA_INSTCFG | \
	 SMMU_GBPA_ABORT)

/* One cached software translation (translate.c). */
struct vsmmu_tlb_ent_ {
	bool valid;
	bool ssv;
	bool bypass;		/* no stage-1 entry: no ASID */
	uint8_t size_log2;
	uint8_t perm;
	uint16_t asid;
	uint32_t vsid, ssid;
	uint64_t in_base, out_base;
};

/* An MSI source's configuration (IRQ_CFG0/1/2, facts §2.13). */
struct vsmmu_msi_cfg_ {
	uint64_t addr;		/* CFG0, ADDR field only */
	uint32_t data;		/* CFG1 */
	uint32_t attr;		/* CFG2: SH and MemAttr */
};

/*
 * The StreamID scan of a CFGI_STE_RANGE / CFGI_ALL (per command, resumable)
 * and of the global re-derivation after an SMMUEN or GBPA change. It walks
 * the mapped vSIDs of [next, end) (viommu_vsid_next), never every SID.
 */
struct vsmmu_scan_ {
	bool active;
	uint64_t next;		/* next vSID to look at */
	uint64_t end;		/* one past the last */
};

struct vsmmu {
	const struct vsmmu_host_ops *host;
	void *hctx;
	struct viommu_dom *vd;
	struct vsmmu_cfg cfg;

	/* ID registers as the guest sees them (regs.c builds them). */
	uint32_t idr[6], iidr, aidr;

	uint32_t cr0;		/* CR0ACK reads the same: updates are instant */
	uint32_t cr1, cr2, gbpa;
	uint32_t irq_ctrl;	/* IRQ_CTRLACK reads the same */
	uint32_t gerror, gerrorn;
	struct vsmmu_msi_cfg_ gerror_msi, eventq_msi;

	uint64_t strtab_base;	/* RA and ADDR as written */
	uint32_t strtab_cfg;	/* FMT, SPLIT, LOG2SIZE as written */

	uint64_t cmdq_base;	/* LOG2SIZE clamped to IDR1.CMDQS */
	uint32_t cmdq_prod;	/* WR as written (20 bits) */
	uint32_t cmdq_cons;	/* RD | ERR; atomic, see above */

	uint64_t eventq_base;	/* LOG2SIZE clamped to IDR1.EVENTQS */
	uint32_t eventq_prod;	/* WR | OVFLG */
	uint32_t eventq_cons;	/* RD | OVACKFLG */

	/* Command run state (cmdq.c). */
	struct vsmmu_scan_ cfgi;	/* the CFGI range at CONS, if any */
	struct viommu_inv inv;
	bool inv_open;

	/* Re-derivation of every mapped vSID (SMMUEN / GBPA change). */
	struct vsmmu_scan_ rescan;

	/* Software translation cache. */
	struct vsmmu_tlb_ent_ *tlb;
	unsigned int ntlb, tlb_next;
	/*
	 * Valid entries. Without emulated devices it stays 0 and a guest
	 * TLBI or CFGI skips the scan of the cache (vsmmu-bench row 2: the
	 * scan was a seventh of the cost of a forwarded command).
	 */
	unsigned int tlb_live;

	struct vsmmu_counters cnt;
};

struct vsmmu_locked {
	struct vsmmu *v;
};

/* Counters change only under the lock (and are read under it). */
#define VSMMU_CNT(v, field) ((v)->cnt.field++)

/* core.c */
struct vsmmu_locked vsmmu_lock_(struct vsmmu *v);
void vsmmu_unlock_(struct vsmmu_locked vl);
bool vsmmu_log_on_(const struct vsmmu *v, enum vsmmu_log_level lvl);
void vsmmu_log_msg_(const struct vsmmu *v, enum vsmmu_log_level lvl,
		    const char *msg);
/* Format into a stack buffer and log (the core has no vsnprintf). */
#define vsmmu_log_(v, lvl, ...)                                          \
	do {                                                             \
		if (vsmmu_log_on_((v), (lvl))) {                         \
			char vsmmu_lb_[160];                             \
			vsmmu_snprintf(vsmmu_lb_, sizeof(vsmmu_lb_),     \
				       __VA_ARGS__);                     \
			vsmmu_log_msg_((v), (lvl), vsmmu_lb_);           \
		}                                                        \
	} while (0)
/* Guest memory, little-endian 64-bit words; -VSMMU_ERR_GMEM on failure. */
int vsmmu_read_words_(struct vsmmu_locked vl, uint64_t gpa, uint64_t *w,
		      unsigned int n);
int vsmmu_write_words_(struct vsmmu_locked vl, uint64_t gpa,
		       const uint64_t *w, unsigned int n);
/* The backend call's result, logged and counted when it failed. */
int vsmmu_backend_ret_(struct vsmmu_locked vl, int ret, const char *what,
		       uint32_t vsid);
/* Log2 of the number of vSIDs (IDR1.SIDSIZE). */
unsigned int vsmmu_sid_bits_(const struct vsmmu *v);

/* regs.c */
void vsmmu_build_idrs_(struct vsmmu *v, const uint32_t pidr[6],
		       uint32_t piidr, uint32_t paidr);
unsigned int vsmmu_q_log2_(uint64_t base);
uint64_t vsmmu_q_addr_(uint64_t base, unsigned int entry_bytes);

/* irq.c */
void vsmmu_gerror_raise_(struct vsmmu_locked vl, uint32_t bits);
void vsmmu_irq_pulse_(struct vsmmu_locked vl, enum vsmmu_irq_line line);
/*
 * A 32-bit MSI write; on abort raises abt_bit in GERROR (0: none) and
 * returns the error.
 */
int vsmmu_msi_(struct vsmmu_locked vl, uint64_t addr, uint32_t data,
	       uint32_t abt_bit);
void vsmmu_evtq_irq_(struct vsmmu_locked vl);

/* evtq.c */
void vsmmu_evtq_push_(struct vsmmu_locked vl, const uint64_t rec[4]);
void vsmmu_evt_record_(struct vsmmu_locked vl, const struct smmu_evt *e);

/* strtab.c */
enum vsmmu_ste_kind_ {
	VSMMU_STE_ABORT_,	/* abort, no event */
	VSMMU_STE_BAD_,		/* abort and C_BAD_STE */
	VSMMU_STE_BYPASS_,
	VSMMU_STE_S1_,
};

/*
 * Fetch the guest STE of sid. Returns 0, or -VSMMU_ERR_FAULT with *ev
 * filled (C_BAD_STREAMID or F_STE_FETCH).
 */
int vsmmu_ste_fetch_(struct vsmmu_locked vl, uint32_t sid,
		     uint64_t ste[SMMU_STE_DWORDS], struct smmu_evt *ev);
void vsmmu_strtab_check_(const struct vsmmu *v);
/* Canonicalise a guest STE (DESIGN.md: only the stage-1 fields). */
enum vsmmu_ste_kind_ vsmmu_ste_canon_(const struct vsmmu *v,
				      const uint64_t ste[SMMU_STE_DWORDS],
				      struct psmmu_s1_cfg *s1);
/*
 * Re-derive the backend configuration of a mapped vSID from GBPA (SMMUEN=0)
 * or the guest's STE, recording the events the CFGI calls for when
 * record is set. Returns the framework's result.
 */
int vsmmu_ste_apply_(struct vsmmu_locked vl, uint32_t vsid, bool record);
void vsmmu_rescan_start_(struct vsmmu_locked vl);
/*
 * Advance a scan by at most *budget units (one per mapped vSID re-derived).
 * Returns true when the scan is finished.
 */
bool vsmmu_scan_step_(struct vsmmu_locked vl, struct vsmmu_scan_ *s,
		      unsigned int *budget, bool record);

/* cmdq.c */
bool vsmmu_cmdq_runnable_(const struct vsmmu *v);
/* Run commands within the budget; VSMMU_PENDING when work is left. */
int vsmmu_cmdq_run_(struct vsmmu_locked vl);
int vsmmu_work_(struct vsmmu_locked vl);

/* translate.c */
void vsmmu_tlb_inv_all_(struct vsmmu *v);
void vsmmu_tlb_inv_sid_(struct vsmmu *v, uint32_t vsid);
void vsmmu_tlb_inv_cmd_(struct vsmmu *v, const struct smmu_cmd *c);

/* regs.c: MMIO handlers, lock held. */
int vsmmu_read_(struct vsmmu_locked vl, uint32_t off, unsigned int size,
		uint64_t *val);
int vsmmu_write_(struct vsmmu_locked vl, uint32_t off, unsigned int size,
		 uint64_t val);

#endif /* VSMMU_SRC_VSMMU_INTERNAL_H */
