/* SPDX-License-Identifier: MIT */
/*
 * src/model/internal.h - the state of the SMMUv3 hardware model and the
 * helpers its files share. Names end in '_'. Every helper here is called
 * with the host lock held (the public entry points in model.c take it).
 */
#ifndef VSMMU_MODEL_INTERNAL_H
#define VSMMU_MODEL_INTERNAL_H

#include "vsmmu/env.h"
#include "vsmmu/base.h"
#include "vsmmu/arch.h"
#include "vsmmu/pgtable.h"
#include "vsmmu/model.h"

/* Interrupt sources with an IRQ_CFG triple (facts §2.13). */
enum smmu_model_src_ {
	SMMU_MODEL_SRC_GERROR_,
	SMMU_MODEL_SRC_EVENTQ_,
	SMMU_MODEL_SRC_PRIQ_,
	SMMU_MODEL_SRC_NR_,
};

struct smmu_model_irqcfg_ {
	uint64_t addr;		/* CFG0, ADDR bits only */
	uint32_t data;		/* CFG1 */
	uint32_t attr;		/* CFG2 */
};

struct smmu_model_queue_ {
	uint64_t base;		/* *_BASE as written (RES0 bits clear) */
	uint32_t prod;		/* PROD register: WR (+ OVFLG) */
	uint32_t cons;		/* CONS register: RD (+ ERR / OVACKFLG) */
};

/* What an STE (and CD) make of one (SID, SSID): the cached config. */
struct smmu_model_cfg_ {
	bool valid;
	uint32_t sid;
	uint32_t ssid;		/* as requested; SMMU_MODEL_NO_SSID */
	bool has_cd;		/* a CD was fetched ... */
	uint32_t cd_idx;	/* ... at this index (for CFGI_CD) */
	bool s1, s2;		/* stages in use for this traffic */
	bool el2;		/* stage 1 is an EL2 regime (STRW) */
	bool asid_tagged;	/* regime has ASIDs (NS-EL1, EL2-E2H) */
	uint16_t vmid;		/* TLB tag; 0 when IDR0.S2P = 0 */
	uint16_t asid;
	bool s2r;		/* STE.S2R */
	bool cd_r, cd_a;	/* CD.R, CD.A */
	struct pgt_s1_cfg s1c;
	struct pgt_s2_cfg s2c;
};

/* TLB entry kinds (translation regimes, IHI 0070 §3.17 / facts §5.5). */
enum smmu_model_tlb_kind_ {
	SMMU_MODEL_TLB_NH_ = 1,	/* NS-EL1 stage 1, alone or with stage 2 */
	SMMU_MODEL_TLB_EL2_,	/* EL2 / EL2-E2H stage 1 */
	SMMU_MODEL_TLB_S2_,	/* stage 2 only */
};

struct smmu_model_tlbe_ {
	uint8_t kind;		/* 0 = free */
	bool nested;		/* combined stage 1 + stage 2 */
	bool global;		/* not ASID-tagged */
	uint8_t size_log2;
	uint8_t perm;		/* PGT_PERM_* */
	uint16_t vmid, asid;
	uint64_t in;		/* input page (64-bit, low bits clear) */
	uint64_t out;		/* output page */
};

/* A terminated transaction: the event and how it ends. */
struct smmu_model_fault_ {
	struct smmu_evt evt;	/* id = 0: terminated without an event */
	bool record;		/* try to write the record */
	bool razwi;		/* RAZ/WI instead of abort */
};

struct smmu_model {
	struct smmu_model_config cfg;
	struct smmu_model_ops ops;
	struct pgt_mem pmem;	/* walker's view of memory */
	unsigned int oas_bits;

	/* registers (ACKs complete at once, so CR0ACK = CR0, ...) */
	uint32_t cr0, cr1, cr2, gbpa, irq_ctrl, gerror, gerrorn;
	uint32_t cr0ack, irq_ctrlack;	/* = cr0, irq_ctrl unless deferred */
	struct smmu_model_irqcfg_ irqcfg[SMMU_MODEL_SRC_NR_];
	uint64_t strtab_base;
	uint32_t strtab_cfg;
	struct smmu_model_queue_ cmdq, evtq, priq;

	/* caches */
	struct smmu_model_cfg_ *cfgc;
	unsigned int ncfg, cfg_next;
	struct smmu_model_tlbe_ *tlb;	/* tlb_sets x tlb_ways */
	unsigned int ntlb, tlb_next;
	unsigned int tlb_sets, tlb_ways;
	uint64_t tlb_sizes;		/* bit n: an entry of 2^n was cached */

	/* interrupts raised during this entry, delivered after unlock */
	uint32_t irq_pending;	/* bit per enum smmu_model_irq */
	bool sev_pending;
	bool in_cmdq;		/* command consumer running */
	bool kick_pending;	/* a kick arrived while it was running */

	struct smmu_model_counters cnt;
};

/* Log one line when the host gave a log callback. */
#define SMMU_MODEL_LOG_(m, lvl, ...)                                        \
	do {                                                                \
		if ((m)->ops.log) {                                         \
			char lb_[160];                                      \
			vsmmu_snprintf(lb_, sizeof(lb_), __VA_ARGS__);      \
			(m)->ops.log((m)->ops.ctx, (lvl), lb_);             \
		}                                                           \
	} while (0)

static inline uint32_t smmu_model_idr_(const struct smmu_model *m,
				       unsigned int n, uint64_t field)
{
	return (uint32_t)smmu_field_get(field, m->cfg.idr[n]);
}

/* Address bits of an OAS/IPS/PS encoding (facts §2.4); 0 if none. */
unsigned int smmu_model_oas_bits_(unsigned int enc);

/* regs.c */
/*
 * Complete pending CR0 / IRQ_CTRL / GBPA updates (deferred_acks); kick:
 * consume commands if CMDQEN became acknowledged (immediate mode).
 */
void smmu_model_acks_complete_(struct smmu_model *m, bool kick);
int smmu_model_reg_read_(struct smmu_model *m, uint32_t off,
			 unsigned int size, uint64_t *val);
void smmu_model_reg_write_(struct smmu_model *m, uint32_t off,
			   unsigned int size, uint64_t val);

/* irq.c: GERROR, MSIs, wired lines, the event queue */
void smmu_model_gerror_raise_(struct smmu_model *m, uint32_t bits);
void smmu_model_pulse_(struct smmu_model *m, enum smmu_model_irq line);
int smmu_model_msi_(struct smmu_model *m, uint64_t addr, uint32_t data);
/* Queue an event record; true when it was written. */
bool smmu_model_evt_record_(struct smmu_model *m, const struct smmu_evt *e);
/* Effective queue size and base address (facts §2.15). */
unsigned int smmu_model_q_log2_(uint64_t base, unsigned int max_log2);
uint64_t smmu_model_q_addr_(uint64_t base, unsigned int log2n,
			    unsigned int entry_bytes);

/* cmdq.c */
int smmu_model_cmdq_run_(struct smmu_model *m, unsigned int budget);
/* Run as the configuration asks after PROD, GERRORN or CMDQEN changed. */
void smmu_model_cmdq_kick_(struct smmu_model *m);

/* strtab.c: STE and CD fetch and checks */
/* Input address size: MAX(40 if AArch32 tables, OAS) (facts §3.8 note). */
unsigned int smmu_model_ias_(const struct smmu_model *m);
int smmu_model_cfg_fetch_(struct smmu_model *m, uint32_t sid, uint32_t ssid,
			  struct smmu_model_cfg_ *c,
			  struct smmu_model_fault_ *f);

/* tlb.c: configuration cache and TLB */
const struct smmu_model_cfg_ *smmu_model_cfgc_lookup_(struct smmu_model *m,
						      uint32_t sid,
						      uint32_t ssid);
void smmu_model_cfgc_insert_(struct smmu_model *m,
			     const struct smmu_model_cfg_ *c);
/* Drop configs of SIDs [lo, hi]; cd_only: only those using CD ssid. */
void smmu_model_cfgc_inval_(struct smmu_model *m, uint64_t lo, uint64_t hi,
			    bool cd_only, uint32_t ssid);
const struct smmu_model_tlbe_ *
smmu_model_tlb_lookup_(struct smmu_model *m, const struct smmu_model_cfg_ *c,
		       uint64_t addr);
void smmu_model_tlb_insert_(struct smmu_model *m,
			    const struct smmu_model_cfg_ *c,
			    const struct pgt_result *r);

/* A TLB invalidation: which entries a command selects (facts §5.5). */
struct smmu_model_tlbi_ {
	uint8_t kind;		/* SMMU_MODEL_TLB_*; 0 = NH and S2 */
	bool match_vmid;
	uint16_t vmid;
	bool match_asid;	/* non-global entries of asid only */
	bool asid_or_global;	/* entries of asid and global ones */
	uint16_t asid;
	bool match_addr;
	uint64_t lo, hi;	/* inclusive, bits [55:0] */
};
void smmu_model_tlb_inval_(struct smmu_model *m,
			   const struct smmu_model_tlbi_ *t);

/* xlate.c */
int smmu_model_xlate_(struct smmu_model *m, uint32_t sid, uint32_t ssid,
		      uint64_t addr, unsigned int acc,
		      struct smmu_model_result *r);

#endif /* VSMMU_MODEL_INTERNAL_H */
