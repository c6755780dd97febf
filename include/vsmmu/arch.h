/* SPDX-License-Identifier: MIT */
/*
 * vsmmu/arch.h - the Arm SMMUv3 architecture as data (IHI 0070).
 *
 * Register offsets and fields, the layouts of STEs, CDs, L1 descriptors,
 * commands and event records, and queue index arithmetic. Everything here is
 * a pure function or a constant; no state. Fields are written as
 * SMMU_GENMASK(hi, lo), copied from the facts sheet
 * (shared/spec/SMMUV3-FACTS.md), with their named values indented under
 * them, and are read and written only through smmu_field_get() and
 * smmu_field_prep().
 *
 * Naming: register fields SMMU_<REG>_<FIELD>; structure fields
 * SMMU_<STRUCT><dword>_<FIELD> (SMMU_STE0_CFG is STE dword 0, Config).
 */
#ifndef VSMMU_ARCH_H
#define VSMMU_ARCH_H

#include "vsmmu/env.h"
#include "vsmmu/base.h"

/* ---- Field helpers ------------------------------------------------------ */

#define SMMU_GENMASK(hi, lo) ((~0ull >> (63 - (hi))) & (~0ull << (lo)))
#define SMMU_BIT(n) (1ull << (n))

static inline uint64_t smmu_field_get(uint64_t m, uint64_t v)
{
	return (v & m) / (m & -m);
}

static inline uint64_t smmu_field_prep(uint64_t m, uint64_t x)
{
	return (x * (m & -m)) & m;
}

/* Replace field m of v by x. */
static inline uint64_t smmu_field_set(uint64_t m, uint64_t v, uint64_t x)
{
	return (v & ~m) | smmu_field_prep(m, x);
}

/* ---- MMIO: page 0 (IHI 0070 §6.2, facts §1.1) -------------------------- */

#define SMMU_MMIO_SIZE 0x20000u      /* page 0 + page 1 */
#define SMMU_PAGE1 0x10000u

#define SMMU_IDR0 0x0000u
#define  SMMU_IDR0_S2P SMMU_GENMASK(0, 0)
#define  SMMU_IDR0_S1P SMMU_GENMASK(1, 1)
#define  SMMU_IDR0_TTF SMMU_GENMASK(3, 2)
#define   SMMU_IDR0_TTF_AA32 1u
#define   SMMU_IDR0_TTF_AA64 2u
#define   SMMU_IDR0_TTF_BOTH 3u
#define  SMMU_IDR0_COHACC SMMU_GENMASK(4, 4)
#define  SMMU_IDR0_BTM SMMU_GENMASK(5, 5)
#define  SMMU_IDR0_HTTU SMMU_GENMASK(7, 6)
#define   SMMU_IDR0_HTTU_NONE 0u
#define   SMMU_IDR0_HTTU_AF 1u
#define   SMMU_IDR0_HTTU_AF_DIRTY 2u
#define   SMMU_IDR0_HTTU_HAFT 3u
#define  SMMU_IDR0_DORMHINT SMMU_GENMASK(8, 8)
#define  SMMU_IDR0_HYP SMMU_GENMASK(9, 9)
#define  SMMU_IDR0_ATS SMMU_GENMASK(10, 10)
#define  SMMU_IDR0_NS1ATS SMMU_GENMASK(11, 11)
#define  SMMU_IDR0_ASID16 SMMU_GENMASK(12, 12)
#define  SMMU_IDR0_MSI SMMU_GENMASK(13, 13)
#define  SMMU_IDR0_SEV SMMU_GENMASK(14, 14)
#define  SMMU_IDR0_ATOS SMMU_GENMASK(15, 15)
#define  SMMU_IDR0_PRI SMMU_GENMASK(16, 16)
#define  SMMU_IDR0_VMW SMMU_GENMASK(17, 17)
#define  SMMU_IDR0_VMID16 SMMU_GENMASK(18, 18)
#define  SMMU_IDR0_CD2L SMMU_GENMASK(19, 19)
#define  SMMU_IDR0_VATOS SMMU_GENMASK(20, 20)
#define  SMMU_IDR0_TTENDIAN SMMU_GENMASK(22, 21)
#define   SMMU_IDR0_TTENDIAN_MIXED 0u
#define   SMMU_IDR0_TTENDIAN_LE 2u
#define   SMMU_IDR0_TTENDIAN_BE 3u
#define  SMMU_IDR0_ATSRECERR SMMU_GENMASK(23, 23)
#define  SMMU_IDR0_STALL_MODEL SMMU_GENMASK(25, 24)
#define   SMMU_IDR0_STALL_MODEL_BOTH 0u
#define   SMMU_IDR0_STALL_MODEL_NOSTALL 1u
#define   SMMU_IDR0_STALL_MODEL_FORCE 2u
#define  SMMU_IDR0_TERM_MODEL SMMU_GENMASK(26, 26)
#define  SMMU_IDR0_ST_LEVEL SMMU_GENMASK(28, 27)
#define   SMMU_IDR0_ST_LEVEL_LINEAR 0u
#define   SMMU_IDR0_ST_LEVEL_2LVL 1u
#define  SMMU_IDR0_RME_IMPL SMMU_GENMASK(30, 30)

#define SMMU_IDR1 0x0004u
#define  SMMU_IDR1_SIDSIZE SMMU_GENMASK(5, 0)
#define  SMMU_IDR1_SSIDSIZE SMMU_GENMASK(10, 6)
#define  SMMU_IDR1_PRIQS SMMU_GENMASK(15, 11)
#define  SMMU_IDR1_EVENTQS SMMU_GENMASK(20, 16)
#define  SMMU_IDR1_CMDQS SMMU_GENMASK(25, 21)
#define  SMMU_IDR1_ATTR_PERMS_OVR SMMU_GENMASK(26, 26)
#define  SMMU_IDR1_ATTR_TYPES_OVR SMMU_GENMASK(27, 27)
#define  SMMU_IDR1_REL SMMU_GENMASK(28, 28)
#define  SMMU_IDR1_QUEUES_PRESET SMMU_GENMASK(29, 29)
#define  SMMU_IDR1_TABLES_PRESET SMMU_GENMASK(30, 30)
#define  SMMU_IDR1_ECMDQ SMMU_GENMASK(31, 31)

#define SMMU_IDR2 0x0008u
#define  SMMU_IDR2_BA_VATOS SMMU_GENMASK(9, 0)

#define SMMU_IDR3 0x000Cu
#define  SMMU_IDR3_HAD SMMU_GENMASK(2, 2)
#define  SMMU_IDR3_PBHA SMMU_GENMASK(3, 3)
#define  SMMU_IDR3_XNX SMMU_GENMASK(4, 4)
#define  SMMU_IDR3_PPS SMMU_GENMASK(5, 5)
#define  SMMU_IDR3_MPAM SMMU_GENMASK(7, 7)
#define  SMMU_IDR3_FWB SMMU_GENMASK(8, 8)
#define  SMMU_IDR3_STT SMMU_GENMASK(9, 9)
#define  SMMU_IDR3_RIL SMMU_GENMASK(10, 10)
#define  SMMU_IDR3_BBML SMMU_GENMASK(12, 11)
#define  SMMU_IDR3_E0PD SMMU_GENMASK(13, 13)
#define  SMMU_IDR3_PTWNNC SMMU_GENMASK(14, 14)
#define  SMMU_IDR3_DPT SMMU_GENMASK(15, 15)
#define  SMMU_IDR3_PASIDTT SMMU_GENMASK(16, 16)
#define  SMMU_IDR3_EPAN SMMU_GENMASK(17, 17)
#define  SMMU_IDR3_S1PI SMMU_GENMASK(18, 18)
#define  SMMU_IDR3_S2PI SMMU_GENMASK(19, 19)
#define  SMMU_IDR3_S2PO SMMU_GENMASK(20, 20)
#define  SMMU_IDR3_THE SMMU_GENMASK(21, 21)
#define  SMMU_IDR3_MTEPERM SMMU_GENMASK(22, 22)
#define  SMMU_IDR3_AIE SMMU_GENMASK(23, 23)

#define SMMU_IDR4 0x0010u

#define SMMU_IDR5 0x0014u
#define  SMMU_IDR5_OAS SMMU_GENMASK(2, 0)
#define   SMMU_OAS_32 0u
#define   SMMU_OAS_36 1u
#define   SMMU_OAS_40 2u
#define   SMMU_OAS_42 3u
#define   SMMU_OAS_44 4u
#define   SMMU_OAS_48 5u
#define   SMMU_OAS_52 6u
#define   SMMU_OAS_56 7u
#define  SMMU_IDR5_GRAN4K SMMU_GENMASK(4, 4)
#define  SMMU_IDR5_GRAN16K SMMU_GENMASK(5, 5)
#define  SMMU_IDR5_GRAN64K SMMU_GENMASK(6, 6)
#define  SMMU_IDR5_DS SMMU_GENMASK(7, 7)
#define  SMMU_IDR5_D128 SMMU_GENMASK(8, 8)
#define  SMMU_IDR5_VAX SMMU_GENMASK(11, 10)
#define   SMMU_IDR5_VAX_48 0u
#define   SMMU_IDR5_VAX_52 1u
#define   SMMU_IDR5_VAX_56 2u
#define  SMMU_IDR5_STALL_MAX SMMU_GENMASK(31, 16)

#define SMMU_IIDR 0x0018u
#define  SMMU_IIDR_IMPLEMENTER SMMU_GENMASK(11, 0)
#define   SMMU_IIDR_IMPLEMENTER_ARM 0x43Bu
#define  SMMU_IIDR_REVISION SMMU_GENMASK(15, 12)
#define  SMMU_IIDR_VARIANT SMMU_GENMASK(19, 16)
#define  SMMU_IIDR_PRODUCTID SMMU_GENMASK(31, 20)
#define   SMMU_IIDR_PRODUCTID_MMU600 0x483u
#define   SMMU_IIDR_PRODUCTID_MMU700 0x487u

#define SMMU_AIDR 0x001Cu
#define  SMMU_AIDR_MINOR SMMU_GENMASK(3, 0)
#define  SMMU_AIDR_MAJOR SMMU_GENMASK(7, 4)

#define SMMU_CR0 0x0020u
#define  SMMU_CR0_SMMUEN SMMU_GENMASK(0, 0)
#define  SMMU_CR0_PRIQEN SMMU_GENMASK(1, 1)
#define  SMMU_CR0_EVENTQEN SMMU_GENMASK(2, 2)
#define  SMMU_CR0_CMDQEN SMMU_GENMASK(3, 3)
#define  SMMU_CR0_ATSCHK SMMU_GENMASK(4, 4)
#define  SMMU_CR0_VMW SMMU_GENMASK(8, 6)
#define  SMMU_CR0_DPT_WALK_EN SMMU_GENMASK(10, 10)
#define SMMU_CR0ACK 0x0024u

#define SMMU_CR1 0x0028u
#define  SMMU_CR1_QUEUE_IC SMMU_GENMASK(1, 0)
#define  SMMU_CR1_QUEUE_OC SMMU_GENMASK(3, 2)
#define  SMMU_CR1_QUEUE_SH SMMU_GENMASK(5, 4)
#define  SMMU_CR1_TABLE_IC SMMU_GENMASK(7, 6)
#define  SMMU_CR1_TABLE_OC SMMU_GENMASK(9, 8)
#define  SMMU_CR1_TABLE_SH SMMU_GENMASK(11, 10)
#define   SMMU_CACHE_NC 0u
#define   SMMU_CACHE_WB 1u
#define   SMMU_CACHE_WT 2u
#define   SMMU_SH_NSH 0u
#define   SMMU_SH_OSH 2u
#define   SMMU_SH_ISH 3u

#define SMMU_CR2 0x002Cu
#define  SMMU_CR2_E2H SMMU_GENMASK(0, 0)
#define  SMMU_CR2_RECINVSID SMMU_GENMASK(1, 1)
#define  SMMU_CR2_PTM SMMU_GENMASK(2, 2)
#define  SMMU_CR2_REC_CFG_ATS SMMU_GENMASK(3, 3)

#define SMMU_S2PII 0x0030u   /* 64-bit, optional (facts §1.1) */

#define SMMU_STATUSR 0x0040u
#define  SMMU_STATUSR_DORMANT SMMU_GENMASK(0, 0)

#define SMMU_GBPA 0x0044u
#define  SMMU_GBPA_MEMATTR SMMU_GENMASK(3, 0)
#define  SMMU_GBPA_MTCFG SMMU_GENMASK(4, 4)
#define  SMMU_GBPA_ALLOCCFG SMMU_GENMASK(11, 8)
#define  SMMU_GBPA_SHCFG SMMU_GENMASK(13, 12)
#define   SMMU_GBPA_SHCFG_INCOMING 1u
#define  SMMU_GBPA_PRIVCFG SMMU_GENMASK(17, 16)
#define  SMMU_GBPA_INSTCFG SMMU_GENMASK(19, 18)
#define  SMMU_GBPA_ABORT SMMU_GENMASK(20, 20)
#define  SMMU_GBPA_UPDATE SMMU_GENMASK(31, 31)

#define SMMU_AGBPA 0x0048u

#define SMMU_IRQ_CTRL 0x0050u
#define  SMMU_IRQ_CTRL_GERROR_IRQEN SMMU_GENMASK(0, 0)
#define  SMMU_IRQ_CTRL_PRIQ_IRQEN SMMU_GENMASK(1, 1)
#define  SMMU_IRQ_CTRL_EVENTQ_IRQEN SMMU_GENMASK(2, 2)
#define SMMU_IRQ_CTRLACK 0x0054u

#define SMMU_GERROR 0x0060u
#define  SMMU_GERROR_CMDQ_ERR SMMU_GENMASK(0, 0)
#define  SMMU_GERROR_EVENTQ_ABT_ERR SMMU_GENMASK(2, 2)
#define  SMMU_GERROR_PRIQ_ABT_ERR SMMU_GENMASK(3, 3)
#define  SMMU_GERROR_MSI_CMDQ_ABT_ERR SMMU_GENMASK(4, 4)
#define  SMMU_GERROR_MSI_EVENTQ_ABT_ERR SMMU_GENMASK(5, 5)
#define  SMMU_GERROR_MSI_PRIQ_ABT_ERR SMMU_GENMASK(6, 6)
#define  SMMU_GERROR_MSI_GERROR_ABT_ERR SMMU_GENMASK(7, 7)
#define  SMMU_GERROR_SFM_ERR SMMU_GENMASK(8, 8)
#define  SMMU_GERROR_CMDQP_ERR SMMU_GENMASK(9, 9)
#define  SMMU_GERROR_DPT_ERR SMMU_GENMASK(10, 10)
#define SMMU_GERRORN 0x0064u

/* MSI configuration, one triple per source (facts §2.13). */
#define SMMU_GERROR_IRQ_CFG0 0x0068u
#define SMMU_GERROR_IRQ_CFG1 0x0070u
#define SMMU_GERROR_IRQ_CFG2 0x0074u
#define SMMU_EVENTQ_IRQ_CFG0 0x00B0u
#define SMMU_EVENTQ_IRQ_CFG1 0x00B8u
#define SMMU_EVENTQ_IRQ_CFG2 0x00BCu
#define SMMU_PRIQ_IRQ_CFG0 0x00D0u
#define SMMU_PRIQ_IRQ_CFG1 0x00D8u
#define SMMU_PRIQ_IRQ_CFG2 0x00DCu
#define  SMMU_IRQ_CFG0_ADDR SMMU_GENMASK(55, 2)
#define  SMMU_IRQ_CFG2_MEMATTR SMMU_GENMASK(3, 0)
#define  SMMU_IRQ_CFG2_SH SMMU_GENMASK(5, 4)
#define  SMMU_IRQ_CFG2_LO SMMU_GENMASK(31, 31)   /* PRIQ only */

#define SMMU_STRTAB_BASE 0x0080u
#define  SMMU_STRTAB_BASE_ADDR SMMU_GENMASK(55, 6)
#define  SMMU_STRTAB_BASE_RA SMMU_GENMASK(62, 62)
#define SMMU_STRTAB_BASE_CFG 0x0088u
#define  SMMU_STRTAB_BASE_CFG_LOG2SIZE SMMU_GENMASK(5, 0)
#define  SMMU_STRTAB_BASE_CFG_SPLIT SMMU_GENMASK(10, 6)
#define  SMMU_STRTAB_BASE_CFG_FMT SMMU_GENMASK(17, 16)
#define   SMMU_STRTAB_FMT_LINEAR 0u
#define   SMMU_STRTAB_FMT_2LVL 1u

#define SMMU_CMDQ_BASE 0x0090u
#define SMMU_CMDQ_PROD 0x0098u
#define SMMU_CMDQ_CONS 0x009Cu
#define SMMU_EVENTQ_BASE 0x00A0u
#define SMMU_EVENTQ_PROD_P0 0x00A8u   /* optional page-0 alias */
#define SMMU_EVENTQ_CONS_P0 0x00ACu   /* optional page-0 alias */
#define SMMU_PRIQ_BASE 0x00C0u
#define SMMU_PRIQ_PROD_P0 0x00C8u
#define SMMU_PRIQ_CONS_P0 0x00CCu

/* Queue base registers (facts §2.15). */
#define  SMMU_Q_BASE_LOG2SIZE SMMU_GENMASK(4, 0)
#define  SMMU_Q_BASE_ADDR SMMU_GENMASK(55, 5)
#define  SMMU_Q_BASE_RWA SMMU_GENMASK(62, 62)  /* RA (CMDQ) / WA (EVENTQ, PRIQ) */

/* Queue index registers (facts §2.16): 19 index bits + wrap, flags. */
#define  SMMU_Q_IDX_WRP SMMU_GENMASK(19, 0)   /* index and wrap together */
#define  SMMU_Q_OVF SMMU_GENMASK(31, 31)      /* EVENTQ/PRIQ PROD.OVFLG, CONS.OVACKFLG */
#define  SMMU_CMDQ_CONS_ERR SMMU_GENMASK(30, 24)
#define   SMMU_CERROR_NONE 0x00u
#define   SMMU_CERROR_ILL 0x01u
#define   SMMU_CERROR_ABT 0x02u
#define   SMMU_CERROR_ATC_INV_SYNC 0x03u

#define SMMU_Q_MAX_LOG2 19u
#define SMMU_CMD_BYTES 16u
#define SMMU_EVT_BYTES 32u
#define SMMU_PRI_BYTES 16u

/* Page 1 (facts §1.2). */
#define SMMU_EVENTQ_PROD (SMMU_PAGE1 + 0x00A8u)
#define SMMU_EVENTQ_CONS (SMMU_PAGE1 + 0x00ACu)
#define SMMU_PRIQ_PROD (SMMU_PAGE1 + 0x00C8u)
#define SMMU_PRIQ_CONS (SMMU_PAGE1 + 0x00CCu)

#define SMMU_GATOS_CTRL 0x0100u
#define SMMU_GATOS_SID 0x0108u    /* 64-bit */
#define SMMU_GATOS_ADDR 0x0110u   /* 64-bit */
#define SMMU_GATOS_PAR 0x0118u    /* 64-bit */
#define SMMU_MPAMIDR 0x0130u
#define SMMU_GMPAM 0x0138u
#define SMMU_GBPMPAM 0x013Cu
#define SMMU_VATOS_SEL 0x0180u
#define SMMU_IDR6 0x0190u

/* CoreSight ID block (facts §1.4). */
#define SMMU_PIDR4 0x0FD0u
#define SMMU_PIDR5 0x0FD4u
#define SMMU_PIDR6 0x0FD8u
#define SMMU_PIDR7 0x0FDCu
#define SMMU_PIDR0 0x0FE0u
#define SMMU_PIDR1 0x0FE4u
#define SMMU_PIDR2 0x0FE8u
#define SMMU_PIDR3 0x0FECu
#define SMMU_CIDR0 0x0FF0u
#define SMMU_CIDR1 0x0FF4u
#define SMMU_CIDR2 0x0FF8u
#define SMMU_CIDR3 0x0FFCu

/*
 * Width in bytes of the register that holds the 4-byte-aligned offset off
 * of the 128 KiB window: 8 for a 64-bit register (at its base and at
 * base + 4, its upper half: the register is at off & ~7), 4 for a 32-bit
 * one, 0 for an offset that is not 4-byte aligned or where the facts sheet
 * (§1.1, §1.2) defines no Non-secure register (RES0 / RAZ-WI). Page 1 has
 * only EVENTQ_PROD/CONS and PRIQ_PROD/CONS; the optional page-0 aliases at
 * 0xA8..0xCC count as 32-bit. The Secure bank (0x8000..) is 0: it is
 * RAZ/WI to Non-secure accesses.
 */
unsigned int smmu_reg_width(uint32_t off);

/*
 * One pair of helpers for partial accesses to 64-bit registers: a 32-bit
 * access at off (off & 4 selects the half) or a 64-bit access.
 */
static inline uint64_t smmu_reg64_merge(uint64_t old, uint32_t off,
					unsigned int size, uint64_t val)
{
	unsigned int sh = (off & 4u) * 8u;
	uint64_t m = size == 8 ? ~0ull : 0xffffffffull << sh;

	return (old & ~m) | ((val << sh) & m);
}

static inline uint64_t smmu_reg64_extract(uint64_t reg, uint32_t off,
					  unsigned int size)
{
	if (size == 8)
		return reg;
	return (reg >> ((off & 4u) * 8u)) & 0xffffffffull;
}

/*
 * GERROR toggle protocol (facts §8.3): raising an error flips only the bits
 * that are not already active (GERROR[x] != GERRORN[x]).
 */
static inline uint32_t smmu_gerror_raise(uint32_t ge, uint32_t gen,
					 uint32_t bits)
{
	return ge ^ (bits & ~(ge ^ gen));
}

static inline uint32_t smmu_gerror_active(uint32_t ge, uint32_t gen)
{
	return ge ^ gen;
}

/* IDR5.OAS / CD.IPS / STE.S2PS encodings <-> address bits (facts §2.4). */
unsigned int smmu_oas_bits(unsigned int enc);       /* 0 for no encoding */
/* Largest encoding whose size is <= bits; 0 (32 bits) when bits < 32. */
unsigned int smmu_oas_encode(unsigned int bits);

/* ---- Queue arithmetic (facts §8.4) --------------------------------------
 *
 * A PROD or CONS value holds log2n index bits and the wrap bit at bit
 * log2n. These helpers are the only places where indexes are compared or
 * advanced; every one keeps the wrap bit.
 */
struct smmu_qpos {
	uint32_t idx;
	bool wrap;
};

static inline struct smmu_qpos smmu_qpos_unpack(uint32_t reg,
						unsigned int log2n)
{
	struct smmu_qpos p;

	p.idx = reg & ((1u << log2n) - 1u);
	p.wrap = (reg >> log2n) & 1u;
	return p;
}

static inline uint32_t smmu_qpos_pack(struct smmu_qpos p, unsigned int log2n)
{
	return p.idx | ((uint32_t)p.wrap << log2n);
}

static inline bool smmu_q_is_empty(struct smmu_qpos prod, struct smmu_qpos cons)
{
	return prod.idx == cons.idx && prod.wrap == cons.wrap;
}

static inline bool smmu_q_is_full(struct smmu_qpos prod, struct smmu_qpos cons)
{
	return prod.idx == cons.idx && prod.wrap != cons.wrap;
}

/* Entries between cons and prod (0 .. 2^log2n). */
static inline uint32_t smmu_q_used(struct smmu_qpos prod, struct smmu_qpos cons,
				   unsigned int log2n)
{
	if (prod.wrap == cons.wrap)
		return prod.idx - cons.idx;
	return (1u << log2n) - cons.idx + prod.idx;
}

static inline uint32_t smmu_q_space(struct smmu_qpos prod,
				    struct smmu_qpos cons, unsigned int log2n)
{
	return (1u << log2n) - smmu_q_used(prod, cons, log2n);
}

/*
 * A PROD/CONS pair is consistent when the entries between them do not
 * exceed the queue (facts §8.4: other states are CONSTRAINED UNPREDICTABLE).
 */
static inline bool smmu_q_consistent(struct smmu_qpos prod,
				     struct smmu_qpos cons, unsigned int log2n)
{
	uint32_t size = 1u << log2n;

	if (prod.idx >= size || cons.idx >= size)
		return false;
	if (prod.wrap == cons.wrap)
		return prod.idx >= cons.idx;
	return prod.idx <= cons.idx;
}

/* Advance by n (n <= 2^log2n); the wrap bit toggles on passing the end. */
static inline struct smmu_qpos smmu_qpos_add(struct smmu_qpos p, uint32_t n,
					     unsigned int log2n)
{
	uint32_t size = 1u << log2n;
	uint32_t i = p.idx + n;

	if (i >= size) {
		i -= size;
		p.wrap = !p.wrap;
	}
	p.idx = i;
	return p;
}

static inline struct smmu_qpos smmu_qpos_next(struct smmu_qpos p,
					      unsigned int log2n)
{
	return smmu_qpos_add(p, 1, log2n);
}

/*
 * smmu_qpos_next on the packed form (smmu_qpos_pack): the wrap bit sits
 * just above the index, so it is the carry out of the index and one add
 * and one mask advance both. For a consumer that publishes the packed
 * value after every entry.
 */
static inline uint32_t smmu_qpos_packed_next(uint32_t packed,
					     unsigned int log2n)
{
	return (packed + 1u) & ((2u << log2n) - 1u);
}

/* ---- Stream table (facts §3) ------------------------------------------- */

#define SMMU_STE_DWORDS 8u
#define SMMU_STE_BYTES 64u
#define SMMU_L1STD_BYTES 8u

/* L1 stream-table descriptor (facts §3.2). */
#define SMMU_L1STD_SPAN SMMU_GENMASK(4, 0)
#define SMMU_L1STD_L2PTR SMMU_GENMASK(55, 6)

/* STE dword 0 */
#define SMMU_STE0_V SMMU_GENMASK(0, 0)
#define SMMU_STE0_CFG SMMU_GENMASK(3, 1)
#define  SMMU_STE_CFG_ABORT 0u
#define  SMMU_STE_CFG_BYPASS 4u
#define  SMMU_STE_CFG_S1 5u
#define  SMMU_STE_CFG_S2 6u
#define  SMMU_STE_CFG_NESTED 7u
#define SMMU_STE0_S1FMT SMMU_GENMASK(5, 4)
#define  SMMU_STE_S1FMT_LINEAR 0u
#define  SMMU_STE_S1FMT_4K_L2 1u
#define  SMMU_STE_S1FMT_64K_L2 2u
#define SMMU_STE0_S1CTXPTR SMMU_GENMASK(55, 6)
#define SMMU_STE0_S1CDMAX SMMU_GENMASK(63, 59)
/* STE dword 1 */
#define SMMU_STE1_S1DSS SMMU_GENMASK(1, 0)
#define  SMMU_STE_S1DSS_TERMINATE 0u
#define  SMMU_STE_S1DSS_BYPASS 1u
#define  SMMU_STE_S1DSS_SSID0 2u
#define SMMU_STE1_S1CIR SMMU_GENMASK(3, 2)
#define SMMU_STE1_S1COR SMMU_GENMASK(5, 4)
#define SMMU_STE1_S1CSH SMMU_GENMASK(7, 6)
#define SMMU_STE1_S2HWU SMMU_GENMASK(11, 8)   /* S2HWU59..62 */
#define SMMU_STE1_DRE SMMU_GENMASK(12, 12)
#define SMMU_STE1_CONT SMMU_GENMASK(16, 13)
#define SMMU_STE1_DCP SMMU_GENMASK(17, 17)
#define SMMU_STE1_PPAR SMMU_GENMASK(18, 18)
#define SMMU_STE1_MEV SMMU_GENMASK(19, 19)
#define SMMU_STE1_SW_RESERVED SMMU_GENMASK(23, 20)
#define SMMU_STE1_S1PIE SMMU_GENMASK(24, 24)
#define SMMU_STE1_S2FWB SMMU_GENMASK(25, 25)
#define SMMU_STE1_S1MPAM SMMU_GENMASK(26, 26)
#define SMMU_STE1_S1STALLD SMMU_GENMASK(27, 27)
#define SMMU_STE1_EATS SMMU_GENMASK(29, 28)
#define SMMU_STE1_STRW SMMU_GENMASK(31, 30)
#define  SMMU_STE_STRW_NSEL1 0u
#define  SMMU_STE_STRW_EL2 2u
#define SMMU_STE1_MEMATTR SMMU_GENMASK(35, 32)
#define SMMU_STE1_MTCFG SMMU_GENMASK(36, 36)
#define SMMU_STE1_ALLOCCFG SMMU_GENMASK(40, 37)
#define SMMU_STE1_SHCFG SMMU_GENMASK(45, 44)
#define  SMMU_STE_SHCFG_INCOMING 1u
#define SMMU_STE1_NSCFG SMMU_GENMASK(47, 46)
#define SMMU_STE1_PRIVCFG SMMU_GENMASK(49, 48)
#define SMMU_STE1_INSTCFG SMMU_GENMASK(51, 50)
#define SMMU_STE1_IMPDEF SMMU_GENMASK(63, 52)
/* STE dword 2 */
#define SMMU_STE2_S2VMID SMMU_GENMASK(15, 0)
#define SMMU_STE2_IMPDEF SMMU_GENMASK(31, 16)
#define SMMU_STE2_S2T0SZ SMMU_GENMASK(37, 32)
#define SMMU_STE2_S2SL0 SMMU_GENMASK(39, 38)
#define SMMU_STE2_S2IR0 SMMU_GENMASK(41, 40)
#define SMMU_STE2_S2OR0 SMMU_GENMASK(43, 42)
#define SMMU_STE2_S2SH0 SMMU_GENMASK(45, 44)
#define SMMU_STE2_S2TG SMMU_GENMASK(47, 46)
#define  SMMU_STE_S2TG_4K 0u
#define  SMMU_STE_S2TG_64K 1u
#define  SMMU_STE_S2TG_16K 2u
#define SMMU_STE2_S2PS SMMU_GENMASK(50, 48)
#define SMMU_STE2_S2AA64 SMMU_GENMASK(51, 51)
#define SMMU_STE2_S2ENDI SMMU_GENMASK(52, 52)
#define SMMU_STE2_S2AFFD SMMU_GENMASK(53, 53)
#define SMMU_STE2_S2PTW SMMU_GENMASK(54, 54)
#define SMMU_STE2_S2HD SMMU_GENMASK(55, 55)
#define SMMU_STE2_S2HA SMMU_GENMASK(56, 56)
#define SMMU_STE2_S2S SMMU_GENMASK(57, 57)
#define SMMU_STE2_S2R SMMU_GENMASK(58, 58)
#define SMMU_STE2_S2HAFT SMMU_GENMASK(59, 59)
#define SMMU_STE2_S2PIE SMMU_GENMASK(60, 60)
#define SMMU_STE2_S2POE SMMU_GENMASK(61, 61)
#define SMMU_STE2_DPT_VMATCH SMMU_GENMASK(63, 62)
/* STE dword 3 */
#define SMMU_STE3_S2NSW SMMU_GENMASK(0, 0)
#define SMMU_STE3_S2NSA SMMU_GENMASK(1, 1)
#define SMMU_STE3_S2SL0_2 SMMU_GENMASK(2, 2)
#define SMMU_STE3_S2DS SMMU_GENMASK(3, 3)
#define SMMU_STE3_S2TTB SMMU_GENMASK(55, 4)
#define SMMU_STE3_S2SKL SMMU_GENMASK(62, 61)
/* STE dword 4 */
#define SMMU_STE4_IMPDEF SMMU_GENMASK(15, 0)
#define SMMU_STE4_PARTID SMMU_GENMASK(31, 16)
#define SMMU_STE4_S_S2T0SZ SMMU_GENMASK(37, 32)
#define SMMU_STE4_S_S2SL0 SMMU_GENMASK(39, 38)
#define SMMU_STE4_S_S2TG SMMU_GENMASK(47, 46)
#define SMMU_STE4_MECID SMMU_GENMASK(63, 48)
/* STE dword 5 */
#define SMMU_STE5_PMG SMMU_GENMASK(7, 0)
#define SMMU_STE5_MPAM_NS SMMU_GENMASK(8, 8)
#define SMMU_STE5_ASSUREDONLY SMMU_GENMASK(9, 9)
#define SMMU_STE5_TL0 SMMU_GENMASK(10, 10)
#define SMMU_STE5_TL1 SMMU_GENMASK(11, 11)
#define SMMU_STE5_VMSPTR SMMU_GENMASK(55, 12)
/* STE dword 6 */
#define SMMU_STE6_S2SW SMMU_GENMASK(0, 0)
#define SMMU_STE6_S2SA SMMU_GENMASK(1, 1)
#define SMMU_STE6_S_S2SL0_2 SMMU_GENMASK(2, 2)
#define SMMU_STE6_S_S2TTB SMMU_GENMASK(55, 4)
#define SMMU_STE6_S_S2SKL SMMU_GENMASK(62, 61)
/* STE dword 7: S2POI<p> at [4p+3:4p], p = 0..15 */
#define SMMU_STE7_S2POI SMMU_GENMASK(63, 0)

/*
 * A decoded STE: every field of the facts sheet (§3.3-3.7). Addresses are
 * kept as byte addresses with their low (implicit zero) bits clear.
 */
struct smmu_ste {
	/* dw0 */
	bool v;
	uint8_t config;
	uint8_t s1fmt;
	uint64_t s1ctxptr;
	uint8_t s1cdmax;
	/* dw1 */
	uint8_t s1dss, s1cir, s1cor, s1csh;
	uint8_t s2hwu;          /* bit n = S2HWU(59 + n) */
	bool dre;
	uint8_t cont;
	bool dcp, ppar, mev;
	uint8_t sw_reserved;
	bool s1pie, s2fwb, s1mpam, s1stalld;
	uint8_t eats, strw;
	uint8_t memattr;
	bool mtcfg;
	uint8_t alloccfg, shcfg, nscfg, privcfg, instcfg;
	uint16_t impdef1;
	/* dw2 */
	uint16_t s2vmid;
	uint16_t impdef2;
	uint8_t s2t0sz, s2sl0, s2ir0, s2or0, s2sh0, s2tg, s2ps;
	bool s2aa64, s2endi, s2affd, s2ptw, s2hd, s2ha, s2s, s2r;
	bool s2haft, s2pie, s2poe;
	uint8_t dpt_vmatch;
	/* dw3 */
	bool s2nsw, s2nsa, s2sl0_2, s2ds;
	uint64_t s2ttb;
	uint8_t s2skl;
	/* dw4 */
	uint16_t impdef4;
	uint16_t partid;
	uint8_t s_s2t0sz, s_s2sl0, s_s2tg;
	uint16_t mecid;
	/* dw5 */
	uint8_t pmg;
	bool mpam_ns, assuredonly, tl0, tl1;
	uint64_t vmsptr;
	/* dw6 */
	bool s2sw, s2sa, s_s2sl0_2;
	uint64_t s_s2ttb;
	uint8_t s_s2skl;
	/* dw7 */
	uint64_t s2poi;
};

/*
 * Decode/encode. decode never fails: every bit pattern has a decoding; it
 * returns true when a RES0 bit was set. encode drops values that do not fit
 * their field and returns -VSMMU_ERR_RANGE in that case (the words are still
 * written with the fitting bits).
 */
bool smmu_ste_decode(const uint64_t w[SMMU_STE_DWORDS], struct smmu_ste *ste);
int smmu_ste_encode(const struct smmu_ste *ste, uint64_t w[SMMU_STE_DWORDS]);

struct smmu_l1std {
	uint8_t span;
	uint64_t l2ptr;
};

bool smmu_l1std_decode(uint64_t w, struct smmu_l1std *d);
int smmu_l1std_encode(const struct smmu_l1std *d, uint64_t *w);

/* ---- Context descriptors (facts §4) ------------------------------------ */

#define SMMU_CD_DWORDS 8u
#define SMMU_CD_BYTES 64u
#define SMMU_L1CD_BYTES 8u

#define SMMU_L1CD_V SMMU_GENMASK(0, 0)
#define SMMU_L1CD_L2PTR SMMU_GENMASK(55, 12)

/* CD dword 0 */
#define SMMU_CD0_T0SZ SMMU_GENMASK(5, 0)
#define SMMU_CD0_TG0 SMMU_GENMASK(7, 6)
#define  SMMU_CD_TG0_4K 0u
#define  SMMU_CD_TG0_64K 1u
#define  SMMU_CD_TG0_16K 2u
#define SMMU_CD0_IR0 SMMU_GENMASK(9, 8)
#define SMMU_CD0_OR0 SMMU_GENMASK(11, 10)
#define SMMU_CD0_SH0 SMMU_GENMASK(13, 12)
#define SMMU_CD0_EPD0 SMMU_GENMASK(14, 14)
#define SMMU_CD0_ENDI SMMU_GENMASK(15, 15)
#define SMMU_CD0_T1SZ SMMU_GENMASK(21, 16)
#define SMMU_CD0_TG1 SMMU_GENMASK(23, 22)
#define  SMMU_CD_TG1_16K 1u
#define  SMMU_CD_TG1_4K 2u
#define  SMMU_CD_TG1_64K 3u
#define SMMU_CD0_IR1 SMMU_GENMASK(25, 24)
#define SMMU_CD0_OR1 SMMU_GENMASK(27, 26)
#define SMMU_CD0_SH1 SMMU_GENMASK(29, 28)
#define SMMU_CD0_EPD1 SMMU_GENMASK(30, 30)
#define SMMU_CD0_V SMMU_GENMASK(31, 31)
#define SMMU_CD0_IPS SMMU_GENMASK(34, 32)
#define SMMU_CD0_AFFD SMMU_GENMASK(35, 35)
#define SMMU_CD0_WXN SMMU_GENMASK(36, 36)
#define SMMU_CD0_UWXN SMMU_GENMASK(37, 37)
#define SMMU_CD0_TBI0 SMMU_GENMASK(38, 38)
#define SMMU_CD0_TBI1 SMMU_GENMASK(39, 39)
#define SMMU_CD0_PAN SMMU_GENMASK(40, 40)
#define SMMU_CD0_AA64 SMMU_GENMASK(41, 41)
#define SMMU_CD0_HD SMMU_GENMASK(42, 42)
#define SMMU_CD0_HA SMMU_GENMASK(43, 43)
#define SMMU_CD0_S SMMU_GENMASK(44, 44)
#define SMMU_CD0_R SMMU_GENMASK(45, 45)
#define SMMU_CD0_A SMMU_GENMASK(46, 46)
#define SMMU_CD0_ASET SMMU_GENMASK(47, 47)
#define SMMU_CD0_ASID SMMU_GENMASK(63, 48)
/* CD dword 1 */
#define SMMU_CD1_NSCFG0 SMMU_GENMASK(0, 0)
#define SMMU_CD1_HAD0 SMMU_GENMASK(1, 1)
#define SMMU_CD1_E0PD0 SMMU_GENMASK(2, 2)
#define SMMU_CD1_HAFT SMMU_GENMASK(3, 3)
#define SMMU_CD1_TTB0 SMMU_GENMASK(55, 4)
#define SMMU_CD1_PNCH SMMU_GENMASK(58, 58)
#define SMMU_CD1_EPAN SMMU_GENMASK(59, 59)
#define SMMU_CD1_HWU0 SMMU_GENMASK(63, 60)   /* HWU059..HWU062 */
/* CD dword 2 */
#define SMMU_CD2_NSCFG1 SMMU_GENMASK(0, 0)
#define SMMU_CD2_HAD1 SMMU_GENMASK(1, 1)
#define SMMU_CD2_E0PD1 SMMU_GENMASK(2, 2)
#define SMMU_CD2_AIE SMMU_GENMASK(3, 3)
#define SMMU_CD2_TTB1 SMMU_GENMASK(55, 4)
#define SMMU_CD2_DS SMMU_GENMASK(58, 58)
#define SMMU_CD2_PIE SMMU_GENMASK(59, 59)
#define SMMU_CD2_HWU1 SMMU_GENMASK(63, 60)   /* HWU159..HWU162 */
/* CD dwords 3-7 */
#define SMMU_CD3_MAIR SMMU_GENMASK(63, 0)
#define SMMU_CD4_AMAIR SMMU_GENMASK(63, 0)
#define SMMU_CD5_IMPDEF SMMU_GENMASK(31, 0)
#define SMMU_CD5_PARTID SMMU_GENMASK(47, 32)
#define SMMU_CD5_PMG SMMU_GENMASK(55, 48)
#define SMMU_CD6_PIIU SMMU_GENMASK(47, 0)
#define SMMU_CD7_PIIP SMMU_GENMASK(47, 0)

/* A decoded CD: every field of the facts sheet (§4.2-4.3). */
struct smmu_cd {
	/* dw0 */
	uint8_t t0sz, tg0, ir0, or0, sh0;
	bool epd0, endi;
	uint8_t t1sz, tg1, ir1, or1, sh1;
	bool epd1, v;
	uint8_t ips;
	bool affd, wxn, uwxn, tbi0, tbi1, pan, aa64, hd, ha, s, r, a, aset;
	uint16_t asid;
	/* dw1 */
	bool nscfg0, had0, e0pd0, haft;
	uint64_t ttb0;
	bool pnch, epan;
	uint8_t hwu0;
	/* dw2 */
	bool nscfg1, had1, e0pd1, aie;
	uint64_t ttb1;
	bool ds, pie;
	uint8_t hwu1;
	/* dw3-7 */
	uint64_t mair;
	uint64_t amair;
	uint32_t impdef5;
	uint16_t partid;
	uint8_t pmg;
	uint64_t piiu, piip;
};

bool smmu_cd_decode(const uint64_t w[SMMU_CD_DWORDS], struct smmu_cd *cd);
int smmu_cd_encode(const struct smmu_cd *cd, uint64_t w[SMMU_CD_DWORDS]);

struct smmu_l1cd {
	bool v;
	uint64_t l2ptr;
};

bool smmu_l1cd_decode(uint64_t w, struct smmu_l1cd *d);
int smmu_l1cd_encode(const struct smmu_l1cd *d, uint64_t *w);

/* ---- Commands (facts §5) ----------------------------------------------- */

#define SMMU_CMD_PREFETCH_CONFIG 0x01u
#define SMMU_CMD_PREFETCH_ADDR 0x02u
#define SMMU_CMD_CFGI_STE 0x03u
#define SMMU_CMD_CFGI_STE_RANGE 0x04u   /* Range 31 = CFGI_ALL */
#define SMMU_CMD_CFGI_CD 0x05u
#define SMMU_CMD_CFGI_CD_ALL 0x06u
#define SMMU_CMD_CFGI_VMS_PIDM 0x07u
#define SMMU_CMD_TLBI_NH_ALL 0x10u
#define SMMU_CMD_TLBI_NH_ASID 0x11u
#define SMMU_CMD_TLBI_NH_VA 0x12u
#define SMMU_CMD_TLBI_NH_VAA 0x13u
#define SMMU_CMD_TLBI_EL3_ALL 0x18u
#define SMMU_CMD_TLBI_EL3_VA 0x1Au
#define SMMU_CMD_TLBI_EL2_ALL 0x20u
#define SMMU_CMD_TLBI_EL2_ASID 0x21u
#define SMMU_CMD_TLBI_EL2_VA 0x22u
#define SMMU_CMD_TLBI_EL2_VAA 0x23u
#define SMMU_CMD_TLBI_S12_VMALL 0x28u
#define SMMU_CMD_TLBI_S2_IPA 0x2Au
#define SMMU_CMD_TLBI_NSNH_ALL 0x30u
#define SMMU_CMD_ATC_INV 0x40u
#define SMMU_CMD_PRI_RESP 0x41u
#define SMMU_CMD_RESUME 0x44u
#define SMMU_CMD_STALL_TERM 0x45u
#define SMMU_CMD_SYNC 0x46u

#define SMMU_CFGI_RANGE_ALL 31u

/* Common dword-0 fields (facts §5.2). */
#define SMMU_CMD0_OP SMMU_GENMASK(7, 0)
#define SMMU_CMD0_SSEC SMMU_GENMASK(10, 10)
#define SMMU_CMD0_SSV SMMU_GENMASK(11, 11)
#define SMMU_CMD0_SSID SMMU_GENMASK(31, 12)
#define SMMU_CMD0_SID SMMU_GENMASK(63, 32)
/* TLBI dword 0 (facts §5.3-5.4) */
#define SMMU_CMD0_NUM SMMU_GENMASK(16, 12)
/* SCALE is 24:20, or 25:20 with IDR5.DS (facts §5.4); bit 25 is decoded,
 * and a caller without DS treats scale > 31 as CERROR_ILL. */
#define SMMU_CMD0_SCALE SMMU_GENMASK(25, 20)
#define SMMU_CMD0_VMID SMMU_GENMASK(47, 32)
#define SMMU_CMD0_ASID SMMU_GENMASK(63, 48)
/* ATC_INV */
#define SMMU_CMD0_GLOBAL SMMU_GENMASK(9, 9)
/* RESUME: Ac 12, Ab 13 (a 2-bit action as Linux writes it) */
#define SMMU_CMD0_RESUME_ACTION SMMU_GENMASK(13, 12)
#define  SMMU_RESUME_TERM 0u
#define  SMMU_RESUME_RETRY 1u
#define  SMMU_RESUME_ABORT 2u
/* 3 (Ac = 1, Ab = 1) also retries: Ab is ignored when Ac = 1 (facts §5.3) */
/* CMD_SYNC dword 0 */
#define SMMU_CMD0_SYNC_CS SMMU_GENMASK(13, 12)
#define  SMMU_SYNC_CS_NONE 0u
#define  SMMU_SYNC_CS_IRQ 1u
#define  SMMU_SYNC_CS_SEV 2u
#define SMMU_CMD0_SYNC_MSH SMMU_GENMASK(23, 22)
#define SMMU_CMD0_SYNC_MSIATTR SMMU_GENMASK(27, 24)
#define SMMU_CMD0_SYNC_MSIDATA SMMU_GENMASK(63, 32)

/* dword 1 */
#define SMMU_CMD1_LEAF SMMU_GENMASK(0, 0)
#define SMMU_CMD1_RANGE SMMU_GENMASK(4, 0)      /* CFGI_STE_RANGE */
#define SMMU_CMD1_PREFETCH_SIZE SMMU_GENMASK(4, 0)
#define SMMU_CMD1_TTL128 SMMU_GENMASK(7, 7)
#define SMMU_CMD1_TTL SMMU_GENMASK(9, 8)
#define SMMU_CMD1_TG SMMU_GENMASK(11, 10)
#define  SMMU_CMD_TG_ANY 0u
#define  SMMU_CMD_TG_4K 1u
#define  SMMU_CMD_TG_16K 2u
#define  SMMU_CMD_TG_64K 3u
#define SMMU_CMD1_VA SMMU_GENMASK(63, 12)
#define SMMU_CMD1_IPA SMMU_GENMASK(55, 12)
#define SMMU_CMD1_ATC_SIZE SMMU_GENMASK(5, 0)
#define SMMU_CMD1_ATC_ADDR SMMU_GENMASK(63, 12)
#define SMMU_CMD1_PRGIDX SMMU_GENMASK(8, 0)
#define SMMU_CMD1_PRI_RESP SMMU_GENMASK(13, 12)
#define SMMU_CMD1_STAG SMMU_GENMASK(15, 0)
#define SMMU_CMD1_MSIADDR SMMU_GENMASK(55, 2)

/*
 * A decoded command. One flat struct for every opcode: only the fields the
 * opcode defines are meaningful (the others are zero after decode and
 * ignored by encode). Addresses are byte addresses (VA/IPA with bits 11:0
 * clear, MSI address with bits 1:0 clear).
 */
struct smmu_cmd {
	uint8_t op;
	bool ssec;        /* CFGI_*, PREFETCH_*, RESUME, STALL_TERM */
	bool ssv;         /* PREFETCH_*, ATC_INV, PRI_RESP */
	uint32_t ssid;    /* PREFETCH_*, CFGI_CD, ATC_INV, PRI_RESP */
	uint32_t sid;     /* PREFETCH, CFGI, ATC_INV, PRI_RESP, RESUME, STALL_TERM */
	bool leaf;        /* CFGI_STE, CFGI_CD, TLBI_*_VA*, TLBI_S2_IPA */
	uint8_t range;    /* CFGI_STE_RANGE */
	uint16_t vmid;    /* TLBI_NH_*, TLBI_S12_VMALL, TLBI_S2_IPA, CFGI_VMS_PIDM */
	uint16_t asid;    /* TLBI_NH_ASID, TLBI_NH_VA, TLBI_EL2_ASID, TLBI_EL2_VA */
	uint8_t num, scale, tg, ttl;   /* range TLBIs */
	bool ttl128;
	uint64_t addr;    /* VA, IPA, prefetch or ATC address */
	uint8_t size;     /* PREFETCH_ADDR, ATC_INV */
	bool global;      /* ATC_INV */
	uint16_t stag;    /* RESUME */
	uint8_t action;   /* RESUME: SMMU_RESUME_* */
	uint16_t prgidx;  /* PRI_RESP */
	uint8_t resp;     /* PRI_RESP */
	uint8_t cs, msh, msiattr;   /* CMD_SYNC */
	uint32_t msidata;
	uint64_t msiaddr;
};

/*
 * Decode a 16-byte command. Returns 0, or -VSMMU_ERR_ILL for a reserved or
 * unknown opcode, a reserved field value (CMD_SYNC CS=0b11, PRI_RESP
 * Resp=0b11, a range TLBI with TG != 0 and NUM = SCALE = TTL = 0) or a
 * non-zero RES0 bit (IHI 0070 §4.1.5 lets an implementation check them;
 * we do, so a hostile guest gets CERROR_ILL instead of a silent guess).
 * RES0 means a bit the facts sheet gives no field for that opcode; bits
 * whose position the facts sheet leaves unconfirmed (PREFETCH_ADDR Stride
 * and NS, everything but the assumed fields of TLBI_EL3_VA) are ignored.
 * Whether the opcode is usable on a given implementation (S2P, Hyp, ATS,
 * MPAM, IDR5.DS for scale > 31, SSec = 1 on a Non-secure queue) is for the
 * caller to decide, as is the one DS-dependent reserved case: without
 * IDR5.DS, a range TLBI with TG = 16K, TTL = 0b01 and NUM = SCALE = 0 is
 * CERROR_ILL (TTL 0b01 then counts as 0b00; IHI 0070 §4.4.1.1).
 * On -VSMMU_ERR_ILL, c->op still holds the opcode.
 */
int smmu_cmd_decode(const uint64_t in[2], struct smmu_cmd *c);

/*
 * 0 when smmu_cmd_decode would accept in[], else -VSMMU_ERR_ILL: the same
 * rules, without building the struct. For code that forwards a command in
 * its queue form with a few fields replaced (viommu_inv_add_words,
 * psmmu_batch_add_words).
 */
int smmu_cmd_check(const uint64_t in[2]);

/* Encode; -VSMMU_ERR_ILL for an unknown opcode (out is zeroed),
 * -VSMMU_ERR_RANGE when a value does not fit its field (out is still
 * written with the fitting bits). Encode does not judge field values: it
 * builds the malformed commands (CS = 0b11, ...) the decoder rejects, so
 * tests can feed them to a consumer. */
int smmu_cmd_encode(const struct smmu_cmd *c, uint64_t out[2]);

/* Name of an opcode ("CMD_TLBI_NH_VA"), or "CMD_RESERVED". */
const char *smmu_cmd_name(uint8_t op);

/* ---- Event records (facts §6) ------------------------------------------ */

#define SMMU_EVT_DWORDS 4u

#define SMMU_EVT_F_UUT 0x01u
#define SMMU_EVT_C_BAD_STREAMID 0x02u
#define SMMU_EVT_F_STE_FETCH 0x03u
#define SMMU_EVT_C_BAD_STE 0x04u
#define SMMU_EVT_F_BAD_ATS_TREQ 0x05u
#define SMMU_EVT_F_STREAM_DISABLED 0x06u
#define SMMU_EVT_F_TRANSL_FORBIDDEN 0x07u
#define SMMU_EVT_C_BAD_SUBSTREAMID 0x08u
#define SMMU_EVT_F_CD_FETCH 0x09u
#define SMMU_EVT_C_BAD_CD 0x0Au
#define SMMU_EVT_F_WALK_EABT 0x0Bu
#define SMMU_EVT_F_TRANSLATION 0x10u
#define SMMU_EVT_F_ADDR_SIZE 0x11u
#define SMMU_EVT_F_ACCESS 0x12u
#define SMMU_EVT_F_PERMISSION 0x13u
#define SMMU_EVT_F_TLB_CONFLICT 0x20u
#define SMMU_EVT_F_CFG_CONFLICT 0x21u
#define SMMU_EVT_E_PAGE_REQUEST 0x24u
#define SMMU_EVT_F_VMS_FETCH 0x25u

#define SMMU_EVT0_ID SMMU_GENMASK(7, 0)
#define SMMU_EVT0_SSV SMMU_GENMASK(11, 11)
#define SMMU_EVT0_SSID SMMU_GENMASK(31, 12)
#define SMMU_EVT0_SID SMMU_GENMASK(63, 32)
#define SMMU_EVT1_STAG SMMU_GENMASK(15, 0)     /* also Reason (16 bits) */
#define SMMU_EVT1_REASON32 SMMU_GENMASK(31, 0) /* F_TLB/CFG_CONFLICT */
#define SMMU_EVT1_STALL SMMU_GENMASK(31, 31)
#define SMMU_EVT1_PNU SMMU_GENMASK(33, 33)
#define SMMU_EVT1_IND SMMU_GENMASK(34, 34)
#define SMMU_EVT1_RNW SMMU_GENMASK(35, 35)
#define SMMU_EVT1_NSIPA SMMU_GENMASK(38, 38)
#define SMMU_EVT1_S2 SMMU_GENMASK(39, 39)
#define SMMU_EVT1_CLASS SMMU_GENMASK(41, 40)
#define  SMMU_EVT_CLASS_CD 0u
#define  SMMU_EVT_CLASS_TT 1u
#define  SMMU_EVT_CLASS_IN 2u
#define SMMU_EVT1_TTRNW SMMU_GENMASK(44, 44)
#define SMMU_EVT1_IMPDEF SMMU_GENMASK(63, 48)
/* F_BAD_ATS_TREQ dword 1 */
#define SMMU_EVT1_ATS_SPAN SMMU_GENMASK(3, 0)
#define SMMU_EVT1_ATS_PRIV SMMU_GENMASK(28, 28)
#define SMMU_EVT1_ATS_EXEC SMMU_GENMASK(29, 29)
#define SMMU_EVT1_ATS_WRITE SMMU_GENMASK(30, 30)
#define SMMU_EVT1_ATS_READ SMMU_GENMASK(31, 31)
/* E_PAGE_REQUEST dword 1 */
#define SMMU_EVT1_PR_UX SMMU_GENMASK(33, 33)
#define SMMU_EVT1_PR_UW SMMU_GENMASK(34, 34)
#define SMMU_EVT1_PR_UR SMMU_GENMASK(35, 35)
#define SMMU_EVT1_PR_PX SMMU_GENMASK(37, 37)
#define SMMU_EVT1_PR_PW SMMU_GENMASK(38, 38)
#define SMMU_EVT1_PR_PR SMMU_GENMASK(39, 39)
#define SMMU_EVT1_PR_SPAN SMMU_GENMASK(51, 44)
#define SMMU_EVT2_INPUTADDR SMMU_GENMASK(63, 0)
#define SMMU_EVT2_INPUTADDR_PAGE SMMU_GENMASK(63, 12)
#define SMMU_EVT3_IPA SMMU_GENMASK(55, 12)
#define SMMU_EVT3_FETCHADDR SMMU_GENMASK(55, 3)

/*
 * A decoded event record. Only the fields the event ID defines (facts §6.3)
 * are encoded; the others are zero after decode.
 */
struct smmu_evt {
	uint8_t id;
	bool ssv;
	uint32_t ssid;
	uint32_t sid;
	uint32_t reason;   /* STAG or Reason (16 bits), or 32-bit Reason */
	bool stall, pnu, ind, rnw, nsipa, s2, ttrnw;
	uint8_t class_;    /* SMMU_EVT_CLASS_* */
	uint16_t impdef;
	uint64_t input_addr;
	uint64_t ipa;        /* dw3 IPA (S2 faults) */
	uint64_t fetch_addr; /* dw3 FetchAddr (fetch faults, F_WALK_EABT) */
	/* F_BAD_ATS_TREQ and E_PAGE_REQUEST */
	uint8_t span;
	bool priv, exec, write, read;
	bool ux, uw, ur, px, pw, pr;
};

/*
 * Encode: -VSMMU_ERR_ILL for an unknown ID (only the common dword-0 fields
 * are written), -VSMMU_ERR_RANGE when a value does not fit its field (the
 * fitting bits are still written); fields the ID does not define are
 * ignored. Decode: 0, or -VSMMU_ERR_ILL for an unknown ID with the common
 * dword-0 fields (id, ssv, ssid, sid) still filled. Records are written by
 * the SMMU, not a guest, so decode ignores bits the ID does not define
 * (a newer revision may define them) instead of rejecting the record.
 */
int smmu_evt_encode(const struct smmu_evt *e, uint64_t out[SMMU_EVT_DWORDS]);
int smmu_evt_decode(const uint64_t in[SMMU_EVT_DWORDS], struct smmu_evt *e);
/* Name of an event ID ("F_TRANSLATION"), "EVT_IMPDEF" for 0xE0..0xEF,
 * or "EVT_RESERVED". */
const char *smmu_evt_name(uint8_t id);

/* PRI queue entry, 16 bytes (facts §6.5; positions from one source). */
#define SMMU_PRI0_SID SMMU_GENMASK(31, 0)
#define SMMU_PRI0_SSID SMMU_GENMASK(51, 32)
#define SMMU_PRI0_PRIV SMMU_GENMASK(58, 58)
#define SMMU_PRI0_EXEC SMMU_GENMASK(59, 59)
#define SMMU_PRI0_READ SMMU_GENMASK(60, 60)
#define SMMU_PRI0_WRITE SMMU_GENMASK(61, 61)
#define SMMU_PRI0_LAST SMMU_GENMASK(62, 62)
#define SMMU_PRI0_SSV SMMU_GENMASK(63, 63)
#define SMMU_PRI1_PRGIDX SMMU_GENMASK(8, 0)
#define SMMU_PRI1_ADDR SMMU_GENMASK(63, 12)

/* True for the four translation faults that obey CD.R / STE.S2R (§6.1). */
static inline bool smmu_evt_is_translation_fault(uint8_t id)
{
	return id >= SMMU_EVT_F_TRANSLATION && id <= SMMU_EVT_F_PERMISSION;
}

#endif /* VSMMU_ARCH_H */
