// SPDX-License-Identifier: MIT
/*
 * src/model/regs.c - the register file of the SMMUv3 model (IHI 0070 §6,
 * facts §1-2).
 *
 * Dispatch is on access size first, then on offset, as one flat switch.
 * Updates complete at once (CR0ACK = CR0, IRQ_CTRLACK = IRQ_CTRL,
 * GBPA.Update reads 0), or, with cfg.deferred_acks, in smmu_model_step;
 * the guards of facts §8.6 test the enable OR its ACK. Undefined offsets and accesses of
 * the wrong width read as zero and ignore writes. Page 1 holds only the
 * EVENTQ/PRIQ PROD and CONS registers; its other offsets are RES0 (one of
 * the two choices facts §1.2 allows), and the optional page-0 aliases at
 * 0xA8/0xAC/0xC8/0xCC are RAZ/WI (facts §1.1).
 */
#include "vsmmu/env.h"
#include "vsmmu/model.h"
#include "internal.h"

#define SMMU_MODEL_GERROR_IMPL_                                              \
	(SMMU_GERROR_CMDQ_ERR | SMMU_GERROR_EVENTQ_ABT_ERR |                 \
	 SMMU_GERROR_PRIQ_ABT_ERR | SMMU_GERROR_MSI_CMDQ_ABT_ERR |           \
	 SMMU_GERROR_MSI_EVENTQ_ABT_ERR | SMMU_GERROR_MSI_PRIQ_ABT_ERR |     \
	 SMMU_GERROR_MSI_GERROR_ABT_ERR | SMMU_GERROR_SFM_ERR)

#define SMMU_MODEL_QIDX_ SMMU_Q_IDX_WRP

static bool has_(const struct smmu_model *m, uint64_t idr0_bit)
{
	return (m->cfg.idr[0] & idr0_bit) != 0;
}

/* Width of a page-0 register as this implementation defines it; 0: none. */
static unsigned int smmu_model_reg_width_(const struct smmu_model *m,
					  uint32_t off)
{
	bool msi = has_(m, SMMU_IDR0_MSI), pri = has_(m, SMMU_IDR0_PRI);

	switch (off) {
	case SMMU_IDR0: case SMMU_IDR1: case SMMU_IDR2: case SMMU_IDR3:
	case SMMU_IDR4: case SMMU_IDR5: case SMMU_IIDR: case SMMU_AIDR:
	case SMMU_CR0: case SMMU_CR0ACK: case SMMU_CR1: case SMMU_CR2:
	case SMMU_STATUSR: case SMMU_GBPA: case SMMU_IRQ_CTRL:
	case SMMU_IRQ_CTRLACK: case SMMU_GERROR: case SMMU_GERRORN:
	case SMMU_STRTAB_BASE_CFG: case SMMU_CMDQ_PROD: case SMMU_CMDQ_CONS:
	case SMMU_PIDR4: case SMMU_PIDR0: case SMMU_PIDR1: case SMMU_PIDR2:
	case SMMU_PIDR3: case SMMU_CIDR0: case SMMU_CIDR1: case SMMU_CIDR2:
	case SMMU_CIDR3: case 0xFD4: case 0xFD8: case 0xFDC:
		return 4;
	case SMMU_STRTAB_BASE: case SMMU_CMDQ_BASE: case SMMU_EVENTQ_BASE:
		return 8;
	case SMMU_GERROR_IRQ_CFG1: case SMMU_GERROR_IRQ_CFG2:
	case SMMU_EVENTQ_IRQ_CFG1: case SMMU_EVENTQ_IRQ_CFG2:
		return msi ? 4 : 0;
	case SMMU_GERROR_IRQ_CFG0: case SMMU_EVENTQ_IRQ_CFG0:
		return msi ? 8 : 0;
	case SMMU_PRIQ_BASE:
		return pri ? 8 : 0;
	case SMMU_PRIQ_IRQ_CFG0:
		return pri && msi ? 8 : 0;
	case SMMU_PRIQ_IRQ_CFG1: case SMMU_PRIQ_IRQ_CFG2:
		return pri && msi ? 4 : 0;
	case SMMU_EVENTQ_PROD: case SMMU_EVENTQ_CONS:
		return 4;
	case SMMU_PRIQ_PROD: case SMMU_PRIQ_CONS:
		return pri ? 4 : 0;
	default:
		return 0;
	}
}

/*
 * CoreSight ID registers (facts §1.4), derived from IIDR so PART equals
 * the ProductID and the designer is the JEP106 code of the implementer.
 */
static uint32_t smmu_model_idreg_(const struct smmu_model *m, uint32_t off)
{
	uint32_t part = (uint32_t)smmu_field_get(SMMU_IIDR_PRODUCTID, m->cfg.iidr);
	uint32_t impl = (uint32_t)smmu_field_get(SMMU_IIDR_IMPLEMENTER, m->cfg.iidr);
	uint32_t des = impl & 0x7f, cont = (impl >> 8) & 0xf;
	uint32_t rev = (uint32_t)smmu_field_get(SMMU_IIDR_VARIANT, m->cfg.iidr);

	switch (off) {
	case SMMU_PIDR4: return cont;
	case SMMU_PIDR0: return part & 0xff;
	case SMMU_PIDR1: return ((des & 0xf) << 4) | ((part >> 8) & 0xf);
	case SMMU_PIDR2: return ((rev & 0xf) << 4) | 0x8 | ((des >> 4) & 0x7);
	case SMMU_PIDR3:
		return (uint32_t)smmu_field_get(SMMU_IIDR_REVISION,
						m->cfg.iidr) << 4;
	case SMMU_CIDR0: return 0x0D;
	case SMMU_CIDR1: return 0xF0;
	case SMMU_CIDR2: return 0x05;
	case SMMU_CIDR3: return 0xB1;
	default: return 0;
	}
}

/* Page-0 offset of a register and whether the access is well formed. */
static bool smmu_model_decode_(const struct smmu_model *m, uint32_t off,
			       unsigned int size, uint32_t *reg)
{
	if (off >= SMMU_PAGE1) {
		/* Page 1: EVENTQ/PRIQ PROD and CONS only, 32-bit. */
		if (size != 4 || (off & 3) ||
		    smmu_model_reg_width_(m, off) != 4)
			return false;
		*reg = off;
		return true;
	}
	if (off == SMMU_EVENTQ_PROD_P0 || off == SMMU_EVENTQ_CONS_P0 ||
	    off == SMMU_PRIQ_PROD_P0 || off == SMMU_PRIQ_CONS_P0)
		return false;
	if (size == 4 && !(off & 3) &&
	    smmu_model_reg_width_(m, off) == 4) {
		*reg = off;
		return true;
	}
	if (smmu_model_reg_width_(m, off & ~7u) == 8 &&
	    ((size == 8 && !(off & 7)) || (size == 4 && !(off & 3)))) {
		*reg = off & ~7u;
		return true;
	}
	return false;
}

/* Undefined offsets are RAZ/WI silently; known ones of the wrong size count. */
static void smmu_model_bad_access_(struct smmu_model *m, uint32_t off,
				   unsigned int size)
{
	uint32_t base = off >= SMMU_PAGE1 ? off : off & ~7u;

	if (smmu_model_reg_width_(m, off & ~3u) ||
	    smmu_model_reg_width_(m, base)) {
		m->cnt.bad_accesses++;
		SMMU_MODEL_LOG_(m, VSMMU_LOG_GUEST,
				"model: %u-byte access to 0x%x ignored",
				size, off);
	}
}

int smmu_model_reg_read_(struct smmu_model *m, uint32_t off,
			 unsigned int size, uint64_t *val)
{
	uint64_t v = 0;
	uint32_t reg;

	*val = 0;
	if (!smmu_model_decode_(m, off, size, &reg)) {
		smmu_model_bad_access_(m, off, size);
		return 0;
	}
	switch (reg) {
	case SMMU_IDR0: case SMMU_IDR1: case SMMU_IDR2: case SMMU_IDR3:
	case SMMU_IDR4: case SMMU_IDR5:
		v = m->cfg.idr[reg / 4];
		break;
	case SMMU_IIDR: v = m->cfg.iidr; break;
	case SMMU_AIDR: v = m->cfg.aidr; break;
	case SMMU_CR0: v = m->cr0; break;
	case SMMU_CR0ACK: v = m->cr0ack; break;
	case SMMU_CR1: v = m->cr1; break;
	case SMMU_CR2: v = m->cr2; break;
	case SMMU_GBPA: v = m->gbpa; break;
	case SMMU_IRQ_CTRL: v = m->irq_ctrl; break;
	case SMMU_IRQ_CTRLACK: v = m->irq_ctrlack; break;
	case SMMU_GERROR: v = m->gerror; break;
	case SMMU_GERRORN: v = m->gerrorn; break;
	case SMMU_GERROR_IRQ_CFG0:
		v = m->irqcfg[SMMU_MODEL_SRC_GERROR_].addr; break;
	case SMMU_GERROR_IRQ_CFG1:
		v = m->irqcfg[SMMU_MODEL_SRC_GERROR_].data; break;
	case SMMU_GERROR_IRQ_CFG2:
		v = m->irqcfg[SMMU_MODEL_SRC_GERROR_].attr; break;
	case SMMU_EVENTQ_IRQ_CFG0:
		v = m->irqcfg[SMMU_MODEL_SRC_EVENTQ_].addr; break;
	case SMMU_EVENTQ_IRQ_CFG1:
		v = m->irqcfg[SMMU_MODEL_SRC_EVENTQ_].data; break;
	case SMMU_EVENTQ_IRQ_CFG2:
		v = m->irqcfg[SMMU_MODEL_SRC_EVENTQ_].attr; break;
	case SMMU_PRIQ_IRQ_CFG0:
		v = m->irqcfg[SMMU_MODEL_SRC_PRIQ_].addr; break;
	case SMMU_PRIQ_IRQ_CFG1:
		v = m->irqcfg[SMMU_MODEL_SRC_PRIQ_].data; break;
	case SMMU_PRIQ_IRQ_CFG2:
		v = m->irqcfg[SMMU_MODEL_SRC_PRIQ_].attr; break;
	case SMMU_STRTAB_BASE: v = m->strtab_base; break;
	case SMMU_STRTAB_BASE_CFG: v = m->strtab_cfg; break;
	case SMMU_CMDQ_BASE: v = m->cmdq.base; break;
	case SMMU_CMDQ_PROD: v = m->cmdq.prod; break;
	case SMMU_CMDQ_CONS: v = m->cmdq.cons; break;
	case SMMU_EVENTQ_BASE: v = m->evtq.base; break;
	case SMMU_EVENTQ_PROD: v = m->evtq.prod; break;
	case SMMU_EVENTQ_CONS: v = m->evtq.cons; break;
	case SMMU_PRIQ_BASE: v = m->priq.base; break;
	case SMMU_PRIQ_PROD: v = m->priq.prod; break;
	case SMMU_PRIQ_CONS: v = m->priq.cons; break;
	default:
		if (reg >= SMMU_PIDR4 && reg <= SMMU_CIDR3)
			v = smmu_model_idreg_(m, reg);
		break;
	}
	if (smmu_model_reg_width_(m, reg) == 8)
		v = smmu_reg64_extract(v, off, size);
	*val = v;
	return 0;
}

static void smmu_model_ignored_(struct smmu_model *m, const char *what)
{
	SMMU_MODEL_LOG_(m, VSMMU_LOG_GUEST,
			"model: write to %s ignored while its enable is set",
			what);
}

static uint32_t smmu_model_cr0_mask_(const struct smmu_model *m)
{
	uint32_t mask = (uint32_t)(SMMU_CR0_SMMUEN | SMMU_CR0_EVENTQEN |
				   SMMU_CR0_CMDQEN);

	if (has_(m, SMMU_IDR0_PRI))
		mask |= (uint32_t)SMMU_CR0_PRIQEN;
	if (has_(m, SMMU_IDR0_ATS))
		mask |= (uint32_t)SMMU_CR0_ATSCHK;
	if (has_(m, SMMU_IDR0_VMW))
		mask |= (uint32_t)SMMU_CR0_VMW;
	return mask;
}

/*
 * A guarded register is writable only while its enable and the enable's
 * ACK are both 0 (facts §1.1 RW*); with immediate updates they are equal.
 */
static uint32_t smmu_model_en_(const struct smmu_model *m)
{
	return m->cr0 | m->cr0ack;
}

void smmu_model_acks_complete_(struct smmu_model *m, bool kick)
{
	uint32_t old = m->cr0ack;

	m->cr0ack = m->cr0;
	m->irq_ctrlack = m->irq_ctrl;
	m->gbpa &= ~(uint32_t)SMMU_GBPA_UPDATE;
	/* A queue that becomes enabled consumes what is already there. */
	if (kick && !(old & SMMU_CR0_CMDQEN) && (m->cr0ack & SMMU_CR0_CMDQEN))
		smmu_model_cmdq_kick_(m);
}

static void smmu_model_write_cr0_(struct smmu_model *m, uint32_t v)
{
	m->cr0 = v & smmu_model_cr0_mask_(m);
	if (!m->cfg.deferred_acks)
		smmu_model_acks_complete_(m, true);
}

static void smmu_model_write_cr1_(struct smmu_model *m, uint32_t v)
{
	uint32_t tbl = (uint32_t)(SMMU_CR1_TABLE_IC | SMMU_CR1_TABLE_OC |
				  SMMU_CR1_TABLE_SH);
	uint32_t q = (uint32_t)(SMMU_CR1_QUEUE_IC | SMMU_CR1_QUEUE_OC |
				SMMU_CR1_QUEUE_SH);
	uint32_t qen = (uint32_t)(SMMU_CR0_CMDQEN | SMMU_CR0_EVENTQEN |
				  SMMU_CR0_PRIQEN);

	/* Table fields guarded by SMMUEN, queue fields by every queue
	 * enable (facts §2.7). */
	if (smmu_model_en_(m) & SMMU_CR0_SMMUEN)
		smmu_model_ignored_(m, "CR1.TABLE_*");
	else
		m->cr1 = (m->cr1 & ~tbl) | (v & tbl);
	if (smmu_model_en_(m) & qen)
		smmu_model_ignored_(m, "CR1.QUEUE_*");
	else
		m->cr1 = (m->cr1 & ~q) | (v & q);
}

static void smmu_model_write_gerrorn_(struct smmu_model *m, uint32_t v)
{
	uint32_t was = smmu_gerror_active(m->gerror, m->gerrorn);

	m->gerrorn = v & SMMU_MODEL_GERROR_IMPL_;
	/* Acknowledging CMDQ_ERR restarts consumption at CONS (S 7.1). */
	if ((was & SMMU_GERROR_CMDQ_ERR) &&
	    !(smmu_gerror_active(m->gerror, m->gerrorn) & SMMU_GERROR_CMDQ_ERR))
		smmu_model_cmdq_kick_(m);
}

static void smmu_model_write_irqcfg_(struct smmu_model *m, unsigned int src,
				     uint32_t reg, uint32_t off,
				     unsigned int size, uint64_t val)
{
	static const uint32_t en[SMMU_MODEL_SRC_NR_] = {
		(uint32_t)SMMU_IRQ_CTRL_GERROR_IRQEN,
		(uint32_t)SMMU_IRQ_CTRL_EVENTQ_IRQEN,
		(uint32_t)SMMU_IRQ_CTRL_PRIQ_IRQEN,
	};
	struct smmu_model_irqcfg_ *c = &m->irqcfg[src];
	uint32_t attr = (uint32_t)(SMMU_IRQ_CFG2_SH | SMMU_IRQ_CFG2_MEMATTR);

	if ((m->irq_ctrl | m->irq_ctrlack) & en[src]) {
		smmu_model_ignored_(m, "*_IRQ_CFG");
		return;
	}
	if (reg == SMMU_GERROR_IRQ_CFG0 || reg == SMMU_EVENTQ_IRQ_CFG0 ||
	    reg == SMMU_PRIQ_IRQ_CFG0) {
		c->addr = smmu_reg64_merge(c->addr, off, size, val) &
			  SMMU_IRQ_CFG0_ADDR;
	} else if (reg == SMMU_GERROR_IRQ_CFG1 || reg == SMMU_EVENTQ_IRQ_CFG1 ||
		   reg == SMMU_PRIQ_IRQ_CFG1) {
		c->data = (uint32_t)val;
	} else {
		if (src == SMMU_MODEL_SRC_PRIQ_)
			attr |= (uint32_t)SMMU_IRQ_CFG2_LO;
		c->attr = (uint32_t)val & attr;
	}
}

static void smmu_model_write_qbase_(struct smmu_model *m,
				    struct smmu_model_queue_ *q, uint64_t en,
				    const char *name, uint32_t off,
				    unsigned int size, uint64_t val)
{
	if ((smmu_model_en_(m) & en) ||
	    (m->cfg.idr[1] & SMMU_IDR1_QUEUES_PRESET)) {
		smmu_model_ignored_(m, name);
		return;
	}
	q->base = smmu_reg64_merge(q->base, off, size, val) &
		  (SMMU_Q_BASE_RWA | SMMU_Q_BASE_ADDR | SMMU_Q_BASE_LOG2SIZE);
}

void smmu_model_reg_write_(struct smmu_model *m, uint32_t off,
			   unsigned int size, uint64_t val)
{
	uint32_t reg, v32 = (uint32_t)val;

	if (!smmu_model_decode_(m, off, size, &reg)) {
		smmu_model_bad_access_(m, off, size);
		return;
	}
	switch (reg) {
	case SMMU_CR0:
		smmu_model_write_cr0_(m, v32);
		break;
	case SMMU_CR1:
		smmu_model_write_cr1_(m, v32);
		break;
	case SMMU_CR2: {
		uint32_t mask = (uint32_t)SMMU_CR2_RECINVSID;

		if (has_(m, SMMU_IDR0_HYP))
			mask |= (uint32_t)SMMU_CR2_E2H;
		if (has_(m, SMMU_IDR0_BTM))
			mask |= (uint32_t)SMMU_CR2_PTM;
		if (smmu_model_en_(m) & SMMU_CR0_SMMUEN)
			smmu_model_ignored_(m, "CR2");
		else
			m->cr2 = v32 & mask;
		break;
	}
	case SMMU_GBPA:
		/*
		 * Only a write with Update = 1 takes effect, and none while
		 * an update is pending; Update reads 1 until the update
		 * completes (at once, or in step with deferred_acks)
		 * (facts §2.10).
		 */
		if (!(v32 & SMMU_GBPA_UPDATE) ||
		    (m->gbpa & SMMU_GBPA_UPDATE)) {
			SMMU_MODEL_LOG_(m, VSMMU_LOG_GUEST,
					"model: GBPA write ignored");
			break;
		}
		m->gbpa = v32 & (uint32_t)(SMMU_GBPA_MEMATTR | SMMU_GBPA_MTCFG |
			SMMU_GBPA_ALLOCCFG | SMMU_GBPA_SHCFG | SMMU_GBPA_PRIVCFG |
			SMMU_GBPA_INSTCFG | SMMU_GBPA_ABORT | SMMU_GBPA_UPDATE);
		if (!m->cfg.deferred_acks)
			smmu_model_acks_complete_(m, true);
		break;
	case SMMU_IRQ_CTRL: {
		uint32_t mask = (uint32_t)(SMMU_IRQ_CTRL_GERROR_IRQEN |
					   SMMU_IRQ_CTRL_EVENTQ_IRQEN);

		if (has_(m, SMMU_IDR0_PRI))
			mask |= (uint32_t)SMMU_IRQ_CTRL_PRIQ_IRQEN;
		/* Enabling never fires for an old condition (facts §8.1). */
		m->irq_ctrl = v32 & mask;
		if (!m->cfg.deferred_acks)
			smmu_model_acks_complete_(m, true);
		break;
	}
	case SMMU_GERRORN:
		smmu_model_write_gerrorn_(m, v32);
		break;
	case SMMU_GERROR_IRQ_CFG0: case SMMU_GERROR_IRQ_CFG1:
	case SMMU_GERROR_IRQ_CFG2:
		smmu_model_write_irqcfg_(m, SMMU_MODEL_SRC_GERROR_, reg, off,
					 size, val);
		break;
	case SMMU_EVENTQ_IRQ_CFG0: case SMMU_EVENTQ_IRQ_CFG1:
	case SMMU_EVENTQ_IRQ_CFG2:
		smmu_model_write_irqcfg_(m, SMMU_MODEL_SRC_EVENTQ_, reg, off,
					 size, val);
		break;
	case SMMU_PRIQ_IRQ_CFG0: case SMMU_PRIQ_IRQ_CFG1:
	case SMMU_PRIQ_IRQ_CFG2:
		smmu_model_write_irqcfg_(m, SMMU_MODEL_SRC_PRIQ_, reg, off,
					 size, val);
		break;
	case SMMU_STRTAB_BASE:
		if ((smmu_model_en_(m) & SMMU_CR0_SMMUEN) ||
		    (m->cfg.idr[1] & SMMU_IDR1_TABLES_PRESET)) {
			smmu_model_ignored_(m, "STRTAB_BASE");
			break;
		}
		m->strtab_base = smmu_reg64_merge(m->strtab_base, off, size,
						  val) &
				 (SMMU_STRTAB_BASE_RA | SMMU_STRTAB_BASE_ADDR);
		break;
	case SMMU_STRTAB_BASE_CFG: {
		uint32_t mask = (uint32_t)(SMMU_STRTAB_BASE_CFG_LOG2SIZE |
					   SMMU_STRTAB_BASE_CFG_SPLIT);

		if ((smmu_model_en_(m) & SMMU_CR0_SMMUEN) ||
		    (m->cfg.idr[1] & SMMU_IDR1_TABLES_PRESET)) {
			smmu_model_ignored_(m, "STRTAB_BASE_CFG");
			break;
		}
		/* FMT is RES0 without 2-level support (facts §2.14). */
		if (smmu_model_idr_(m, 0, SMMU_IDR0_ST_LEVEL))
			mask |= (uint32_t)SMMU_STRTAB_BASE_CFG_FMT;
		m->strtab_cfg = v32 & mask;
		break;
	}
	case SMMU_CMDQ_BASE:
		smmu_model_write_qbase_(m, &m->cmdq, SMMU_CR0_CMDQEN,
					"CMDQ_BASE", off, size, val);
		break;
	case SMMU_CMDQ_PROD:
		m->cmdq.prod = v32 & (uint32_t)SMMU_MODEL_QIDX_;
		smmu_model_cmdq_kick_(m);
		break;
	case SMMU_CMDQ_CONS:
		if (smmu_model_en_(m) & SMMU_CR0_CMDQEN) {
			smmu_model_ignored_(m, "CMDQ_CONS");
			break;
		}
		m->cmdq.cons = (m->cmdq.cons & ~(uint32_t)SMMU_MODEL_QIDX_) |
			       (v32 & (uint32_t)SMMU_MODEL_QIDX_);
		break;
	case SMMU_EVENTQ_BASE:
		smmu_model_write_qbase_(m, &m->evtq, SMMU_CR0_EVENTQEN,
					"EVENTQ_BASE", off, size, val);
		break;
	case SMMU_EVENTQ_PROD:
		if (smmu_model_en_(m) & SMMU_CR0_EVENTQEN) {
			smmu_model_ignored_(m, "EVENTQ_PROD");
			break;
		}
		m->evtq.prod = v32 & (uint32_t)(SMMU_MODEL_QIDX_ | SMMU_Q_OVF);
		break;
	case SMMU_EVENTQ_CONS:
		m->evtq.cons = v32 & (uint32_t)(SMMU_MODEL_QIDX_ | SMMU_Q_OVF);
		break;
	case SMMU_PRIQ_BASE:
		smmu_model_write_qbase_(m, &m->priq, SMMU_CR0_PRIQEN,
					"PRIQ_BASE", off, size, val);
		break;
	case SMMU_PRIQ_PROD:
		if (smmu_model_en_(m) & SMMU_CR0_PRIQEN) {
			smmu_model_ignored_(m, "PRIQ_PROD");
			break;
		}
		m->priq.prod = v32 & (uint32_t)(SMMU_MODEL_QIDX_ | SMMU_Q_OVF);
		break;
	case SMMU_PRIQ_CONS:
		m->priq.cons = v32 & (uint32_t)(SMMU_MODEL_QIDX_ | SMMU_Q_OVF);
		break;
	default:
		/* ID registers, ACKs, GERROR, STATUSR: read-only. */
		break;
	}
}
