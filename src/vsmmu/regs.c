/* SPDX-License-Identifier: MIT */
/*
 * The register file (IHI 0070 §6.3, facts §1-2): ID registers, size-then-
 * offset dispatch, the write guards, and the side effects of writes.
 *
 * Access rules (facts §1, DESIGN.md): 32-bit registers take aligned 32-bit
 * accesses only; 64-bit registers take an aligned 64-bit access or a
 * 32-bit access to either half. Anything else, and every undefined offset,
 * reads as zero and ignores writes. Page 1 holds EVENTQ_PROD/CONS (and the
 * PRI queue's, which we do not implement); its other offsets are RES0 (the
 * architecture's other permitted choice, an alias of page 0, is not taken).
 * Page 0's optional aliases of EVENTQ_PROD/CONS (0xA8/0xAC) are implemented,
 * decoded to the same registers as the page-1 offsets.
 */
#include "vsmmu/env.h"
#include "vsmmu/vsmmu.h"
#include "internal.h"

#define VSMMU_Q_BASE_FIELDS \
	(SMMU_Q_BASE_RWA | SMMU_Q_BASE_ADDR | SMMU_Q_BASE_LOG2SIZE)
#define VSMMU_STRTAB_CFG_FIELDS \
	(SMMU_STRTAB_BASE_CFG_FMT | SMMU_STRTAB_BASE_CFG_SPLIT | \
	 SMMU_STRTAB_BASE_CFG_LOG2SIZE)
#define VSMMU_IRQ_CFG2_FIELDS (SMMU_IRQ_CFG2_SH | SMMU_IRQ_CFG2_MEMATTR)

/* ---- ID registers ------------------------------------------------------ */

/*
 * The physical intersection (viommu_get_idrs), reduced to what this vSMMU
 * implements: a stage-1-only SMMU (S2P = 0 so no nested/stage-2 STE can be
 * asked for, no Hyp, no BTM, no PRI; ATS and stall only when the host
 * says the backend forwards their commands), AArch64 little-endian tables
 * (the software walker for emulated devices does no other), 2-level
 * stream tables (walked by us), queues sized by the configuration, MSI and
 * SEV when the host can deliver them. COHACC = 1: our "table walks" are
 * CPU accesses.
 */
void vsmmu_build_idrs_(struct vsmmu *v, const uint32_t p[6], uint32_t piidr,
		       uint32_t paidr)
{
	uint32_t idr0 = 0, idr1 = 0, idr3 = 0, idr5 = 0;
	unsigned int endian, minor, stall;

	(void)piidr;
	idr0 |= SMMU_IDR0_S1P | SMMU_IDR0_COHACC;
	idr0 |= (uint32_t)smmu_field_prep(SMMU_IDR0_TTF, SMMU_IDR0_TTF_AA64);
	endian = (unsigned int)smmu_field_get(SMMU_IDR0_TTENDIAN, p[0]);
	if (endian == SMMU_IDR0_TTENDIAN_MIXED)
		endian = SMMU_IDR0_TTENDIAN_LE;
	idr0 |= (uint32_t)smmu_field_prep(SMMU_IDR0_TTENDIAN, endian);
	idr0 |= p[0] & (SMMU_IDR0_ASID16 | SMMU_IDR0_CD2L | SMMU_IDR0_HTTU |
			SMMU_IDR0_TERM_MODEL);
	if (v->cfg.ats)
		idr0 |= p[0] & SMMU_IDR0_ATS;
	if (v->host->msi_write)
		idr0 |= SMMU_IDR0_MSI;
	if (v->host->sev)
		idr0 |= SMMU_IDR0_SEV;
	stall = (unsigned int)smmu_field_get(SMMU_IDR0_STALL_MODEL, p[0]);
	if (!v->cfg.stall || (stall != SMMU_IDR0_STALL_MODEL_BOTH &&
			      stall != SMMU_IDR0_STALL_MODEL_FORCE))
		stall = SMMU_IDR0_STALL_MODEL_NOSTALL;
	idr0 |= (uint32_t)smmu_field_prep(SMMU_IDR0_STALL_MODEL, stall);
	idr0 |= (uint32_t)smmu_field_prep(SMMU_IDR0_ST_LEVEL,
					  SMMU_IDR0_ST_LEVEL_2LVL);

	idr1 |= (uint32_t)smmu_field_prep(SMMU_IDR1_SIDSIZE, v->cfg.sid_bits);
	idr1 |= p[1] & SMMU_IDR1_SSIDSIZE;
	idr1 |= (uint32_t)smmu_field_prep(SMMU_IDR1_CMDQS,
					  v->cfg.cmdq_log2_max);
	idr1 |= (uint32_t)smmu_field_prep(SMMU_IDR1_EVENTQS,
					  v->cfg.evtq_log2_max);

	idr3 |= p[3] & (SMMU_IDR3_RIL | SMMU_IDR3_BBML | SMMU_IDR3_STT |
			SMMU_IDR3_HAD);

	/* The walker stops at 48-bit input and output addresses. */
	idr5 |= p[5] & (SMMU_IDR5_GRAN4K | SMMU_IDR5_GRAN16K |
			SMMU_IDR5_GRAN64K);
	idr5 |= (uint32_t)smmu_field_prep(SMMU_IDR5_OAS,
		VSMMU_MIN(smmu_field_get(SMMU_IDR5_OAS, p[5]), SMMU_OAS_48));
	idr5 |= (uint32_t)smmu_field_prep(SMMU_IDR5_VAX, SMMU_IDR5_VAX_48);
	if (stall != SMMU_IDR0_STALL_MODEL_NOSTALL)
		idr5 |= p[5] & SMMU_IDR5_STALL_MAX;

	v->idr[0] = idr0;
	v->idr[1] = idr1;
	v->idr[2] = 0;
	v->idr[3] = idr3;
	v->idr[4] = 0;
	v->idr[5] = idr5;
	v->iidr = v->cfg.iidr;
	/*
	 * We implement the v3.2 rules (guarded writes ignored, GBPA writes
	 * without Update ignored); claim no more than the hardware, and no
	 * v3.2 without RIL (mandatory from v3.2, facts §2.3).
	 */
	minor = (unsigned int)smmu_field_get(SMMU_AIDR_MINOR, paidr);
	minor = VSMMU_MIN(minor, 2u);
	if (minor >= 2 && !(idr3 & SMMU_IDR3_RIL))
		minor = 1;
	v->aidr = (uint32_t)smmu_field_prep(SMMU_AIDR_MINOR, minor);
}

/* ---- Queue base helpers ------------------------------------------------ */

unsigned int vsmmu_q_log2_(uint64_t base)
{
	return (unsigned int)smmu_field_get(SMMU_Q_BASE_LOG2SIZE, base);
}

/*
 * The effective base: ADDR with the bits below MAX(queue bytes, 32) treated
 * as zero (facts §2.15).
 */
uint64_t vsmmu_q_addr_(uint64_t base, unsigned int entry_bytes)
{
	uint64_t bytes = (uint64_t)entry_bytes << vsmmu_q_log2_(base);

	if (bytes < 32)
		bytes = 32;
	return (base & SMMU_Q_BASE_ADDR) & ~(bytes - 1);
}

/* Clamp LOG2SIZE to the queue's own limit; keep RA/WA and ADDR. */
static uint64_t vsmmu_q_base_sanitize_(uint64_t val, unsigned int max_log2)
{
	uint64_t base = val & VSMMU_Q_BASE_FIELDS;
	unsigned int l = vsmmu_q_log2_(base);

	if (l > max_log2)
		base = smmu_field_set(SMMU_Q_BASE_LOG2SIZE, base, max_log2);
	return base;
}

static void vsmmu_q_align_check_(struct vsmmu *v, const char *name,
				 uint64_t base, unsigned int entry_bytes)
{
	if ((base & SMMU_Q_BASE_ADDR) != vsmmu_q_addr_(base, entry_bytes))
		vsmmu_log_(v, VSMMU_LOG_GUEST,
			   "%s 0x%llx not aligned to its size: low bits "
			   "ignored",
			   name, (unsigned long long)(base & SMMU_Q_BASE_ADDR));
}

/* Index mask for a PROD/CONS value: log2 index bits plus the wrap bit. */
static uint32_t vsmmu_q_wrp_mask_(uint64_t base)
{
	return (2u << vsmmu_q_log2_(base)) - 1u;
}

/* ---- Reads ------------------------------------------------------------- */

static int vsmmu_bad_access_(struct vsmmu *v, uint32_t off, unsigned int size,
			     bool write)
{
	VSMMU_CNT(v, bad_accesses);
	vsmmu_log_(v, VSMMU_LOG_GUEST, "%u-byte %s at 0x%x: RAZ/WI", size,
		   write ? "write" : "read", off);
	return 0;
}

static int vsmmu_ignored_(struct vsmmu *v, uint32_t off, const char *why)
{
	VSMMU_CNT(v, ignored_writes);
	vsmmu_log_(v, VSMMU_LOG_GUEST, "write to 0x%x ignored: %s", off, why);
	return 0;
}

/* 64-bit registers, by the offset of their low half; 0 if none. */
static bool vsmmu_is_reg64_(uint32_t reg)
{
	switch (reg) {
	case SMMU_GERROR_IRQ_CFG0:
	case SMMU_STRTAB_BASE:
	case SMMU_CMDQ_BASE:
	case SMMU_EVENTQ_BASE:
	case SMMU_EVENTQ_IRQ_CFG0:
		return true;
	default:
		return false;
	}
}

static bool vsmmu_msi_on_(const struct vsmmu *v)
{
	return (v->idr[0] & SMMU_IDR0_MSI) != 0;
}

static uint64_t vsmmu_read64_reg_(struct vsmmu *v, uint32_t reg)
{
	switch (reg) {
	case SMMU_GERROR_IRQ_CFG0:
		return vsmmu_msi_on_(v) ? v->gerror_msi.addr : 0;
	case SMMU_EVENTQ_IRQ_CFG0:
		return vsmmu_msi_on_(v) ? v->eventq_msi.addr : 0;
	case SMMU_STRTAB_BASE:
		return v->strtab_base;
	case SMMU_CMDQ_BASE:
		return v->cmdq_base;
	case SMMU_EVENTQ_BASE:
		return v->eventq_base;
	default:
		return 0;
	}
}

static uint32_t vsmmu_read32_reg_(struct vsmmu *v, uint32_t off)
{
	switch (off) {
	case SMMU_IDR0:
	case SMMU_IDR1:
	case SMMU_IDR2:
	case SMMU_IDR3:
	case SMMU_IDR4:
	case SMMU_IDR5:
		return v->idr[off / 4u];
	case SMMU_IIDR:
		return v->iidr;
	case SMMU_AIDR:
		return v->aidr;
	case SMMU_CR0:
	case SMMU_CR0ACK:
		return v->cr0;
	case SMMU_CR1:
		return v->cr1;
	case SMMU_CR2:
		return v->cr2;
	case SMMU_GBPA:
		return v->gbpa;	/* Update reads 0: updates are instant */
	case SMMU_IRQ_CTRL:
	case SMMU_IRQ_CTRLACK:
		return v->irq_ctrl;
	case SMMU_GERROR:
		return v->gerror;
	case SMMU_GERRORN:
		return v->gerrorn;
	case SMMU_GERROR_IRQ_CFG1:
		return vsmmu_msi_on_(v) ? v->gerror_msi.data : 0;
	case SMMU_GERROR_IRQ_CFG2:
		return vsmmu_msi_on_(v) ? v->gerror_msi.attr : 0;
	case SMMU_EVENTQ_IRQ_CFG1:
		return vsmmu_msi_on_(v) ? v->eventq_msi.data : 0;
	case SMMU_EVENTQ_IRQ_CFG2:
		return vsmmu_msi_on_(v) ? v->eventq_msi.attr : 0;
	case SMMU_STRTAB_BASE_CFG:
		return v->strtab_cfg;
	case SMMU_CMDQ_PROD:
		return v->cmdq_prod & vsmmu_q_wrp_mask_(v->cmdq_base);
	case SMMU_CMDQ_CONS:
		return vsmmu_load_acquire32(&v->cmdq_cons);
	case SMMU_EVENTQ_PROD:
	case SMMU_EVENTQ_PROD_P0:
		/* Index bits above the wrap bit read as zero (facts §2.16). */
		return v->eventq_prod & ((uint32_t)SMMU_Q_OVF |
					 vsmmu_q_wrp_mask_(v->eventq_base));
	case SMMU_EVENTQ_CONS:
	case SMMU_EVENTQ_CONS_P0:
		return v->eventq_cons & ((uint32_t)SMMU_Q_OVF |
					 vsmmu_q_wrp_mask_(v->eventq_base));
	default:
		return 0;	/* STATUSR, undefined and unimplemented: RAZ */
	}
}

int vsmmu_read_(struct vsmmu_locked vl, uint32_t off, unsigned int size,
		uint64_t *val)
{
	struct vsmmu *v = vl.v;
	uint32_t reg = off & ~7u;

	*val = 0;
	if ((size != 4 && size != 8) || (off & (size - 1u)))
		return vsmmu_bad_access_(v, off, size, false);
	/* Page 1: only the event queue's PROD/CONS exist. */
	if (off >= SMMU_PAGE1 && off != SMMU_EVENTQ_PROD &&
	    off != SMMU_EVENTQ_CONS)
		return 0;
	if (off < SMMU_PAGE1 && vsmmu_is_reg64_(reg)) {
		*val = smmu_reg64_extract(vsmmu_read64_reg_(v, reg), off,
					  size);
		return 0;
	}
	if (size != 4)
		return vsmmu_bad_access_(v, off, size, false);
	*val = vsmmu_read32_reg_(v, off);
	return 0;
}

/* ---- Writes ------------------------------------------------------------ */

static int vsmmu_write_cr0_(struct vsmmu_locked vl, uint32_t val)
{
	struct vsmmu *v = vl.v;
	uint32_t old = v->cr0, now = val & VSMMU_CR0_IMPL;
	uint32_t changed = old ^ now;

	if (v->idr[0] & SMMU_IDR0_ATS)
		now |= val & SMMU_CR0_ATSCHK;
	if (val & ~(VSMMU_CR0_IMPL | SMMU_CR0_ATSCHK))
		vsmmu_log_(v, VSMMU_LOG_UNIMP, "CR0 0x%x: unimplemented bits "
			   "ignored", val);
	/* CR0ACK reflects the write at once: nothing to wait for. */
	v->cr0 = now;
	if (changed & SMMU_CR0_CMDQEN)
		v->cfgi.active = false;
	if (changed & SMMU_CR0_SMMUEN) {
		/* Stream table in or out of use: every vSID re-derived. */
		if (now & SMMU_CR0_SMMUEN)
			vsmmu_strtab_check_(v);
		vsmmu_tlb_inv_all_(v);
		vsmmu_rescan_start_(vl);
	}
	return vsmmu_work_(vl);
}

static int vsmmu_write_gbpa_(struct vsmmu_locked vl, uint32_t val)
{
	struct vsmmu *v = vl.v;
	uint32_t old = v->gbpa;

	/*
	 * v3.2 rule (facts §2.10): only a write with Update = 1 takes
	 * effect; it completes at once, so Update always reads 0.
	 */
	if (!(val & SMMU_GBPA_UPDATE))
		return vsmmu_ignored_(v, SMMU_GBPA, "GBPA without Update");
	v->gbpa = val & VSMMU_GBPA_FIELDS;
	if (((old ^ v->gbpa) & SMMU_GBPA_ABORT) &&
	    !(v->cr0 & SMMU_CR0_SMMUEN)) {
		vsmmu_tlb_inv_all_(v);
		vsmmu_rescan_start_(vl);
		return vsmmu_work_(vl);
	}
	return 0;
}

static int vsmmu_write_gerrorn_(struct vsmmu_locked vl, uint32_t val)
{
	struct vsmmu *v = vl.v;
	uint32_t was = smmu_gerror_active(v->gerror, v->gerrorn);

	v->gerrorn = val & VSMMU_GERROR_IMPL;
	if ((was & SMMU_GERROR_CMDQ_ERR) &&
	    !(smmu_gerror_active(v->gerror, v->gerrorn) &
	      SMMU_GERROR_CMDQ_ERR)) {
		/*
		 * Acknowledged: processing restarts from CONS.RD without a
		 * PROD write (facts §8.3); ERR is only meaningful while
		 * CMDQ_ERR is active.
		 */
		uint32_t cons = v->cmdq_cons & ~(uint32_t)SMMU_CMDQ_CONS_ERR;

		vsmmu_store_release32(&v->cmdq_cons, cons);
		return vsmmu_work_(vl);
	}
	return 0;
}

static void vsmmu_write_msi_cfg_(struct vsmmu *v, struct vsmmu_msi_cfg_ *m,
				 uint32_t irqen, uint32_t off,
				 unsigned int size, uint64_t val)
{
	uint32_t reg = off & ~7u;

	if (!vsmmu_msi_on_(v))
		return;
	if (v->irq_ctrl & irqen) {
		vsmmu_ignored_(v, off, "IRQ_CFG while its IRQ is enabled");
		return;
	}
	if (reg == SMMU_GERROR_IRQ_CFG0 || reg == SMMU_EVENTQ_IRQ_CFG0) {
		m->addr = smmu_reg64_merge(m->addr, off, size, val) &
			  SMMU_IRQ_CFG0_ADDR;
		return;
	}
	if (off == SMMU_GERROR_IRQ_CFG1 || off == SMMU_EVENTQ_IRQ_CFG1)
		m->data = (uint32_t)val;
	else
		m->attr = (uint32_t)val & VSMMU_IRQ_CFG2_FIELDS;
}

static int vsmmu_write64_reg_(struct vsmmu_locked vl, uint32_t off,
			      unsigned int size, uint64_t val)
{
	struct vsmmu *v = vl.v;
	uint32_t reg = off & ~7u;
	uint64_t nv;

	switch (reg) {
	case SMMU_GERROR_IRQ_CFG0:
		vsmmu_write_msi_cfg_(v, &v->gerror_msi,
				     SMMU_IRQ_CTRL_GERROR_IRQEN, off, size,
				     val);
		return 0;
	case SMMU_EVENTQ_IRQ_CFG0:
		vsmmu_write_msi_cfg_(v, &v->eventq_msi,
				     SMMU_IRQ_CTRL_EVENTQ_IRQEN, off, size,
				     val);
		return 0;
	case SMMU_STRTAB_BASE:
		if (v->cr0 & SMMU_CR0_SMMUEN)
			return vsmmu_ignored_(v, off, "SMMUEN=1");
		nv = smmu_reg64_merge(v->strtab_base, off, size, val);
		v->strtab_base = nv & (SMMU_STRTAB_BASE_RA |
				       SMMU_STRTAB_BASE_ADDR);
		return 0;
	case SMMU_CMDQ_BASE:
		if (v->cr0 & SMMU_CR0_CMDQEN)
			return vsmmu_ignored_(v, off, "CMDQEN=1");
		nv = smmu_reg64_merge(v->cmdq_base, off, size, val);
		v->cmdq_base = vsmmu_q_base_sanitize_(nv, v->cfg.cmdq_log2_max);
		vsmmu_q_align_check_(v, "CMDQ_BASE", v->cmdq_base,
				     SMMU_CMD_BYTES);
		/*
		 * CONS index bits above the new wrap bit read as zero (facts
		 * §2.16). CMDQ_CONS is read without the lock, so the stored
		 * value follows the size here rather than at the read.
		 */
		vsmmu_store_release32(&v->cmdq_cons, v->cmdq_cons &
				      ((uint32_t)SMMU_CMDQ_CONS_ERR |
				       vsmmu_q_wrp_mask_(v->cmdq_base)));
		v->cfgi.active = false;
		return 0;
	case SMMU_EVENTQ_BASE:
		if (v->cr0 & SMMU_CR0_EVENTQEN)
			return vsmmu_ignored_(v, off, "EVENTQEN=1");
		nv = smmu_reg64_merge(v->eventq_base, off, size, val);
		/* Its own limit, EVENTQS: never the command queue's. */
		v->eventq_base = vsmmu_q_base_sanitize_(nv,
							v->cfg.evtq_log2_max);
		vsmmu_q_align_check_(v, "EVENTQ_BASE", v->eventq_base,
				     SMMU_EVT_BYTES);
		return 0;
	default:
		return 0;
	}
}

static int vsmmu_write32_reg_(struct vsmmu_locked vl, uint32_t off,
			      uint32_t val)
{
	struct vsmmu *v = vl.v;

	switch (off) {
	case SMMU_CR0:
		return vsmmu_write_cr0_(vl, val);
	case SMMU_CR1: {
		/*
		 * Table fields are guarded by SMMUEN, queue fields by all
		 * queue enables (facts §2.7).
		 */
		uint32_t tbl = SMMU_CR1_TABLE_IC | SMMU_CR1_TABLE_OC |
			       SMMU_CR1_TABLE_SH;
		uint32_t q = SMMU_CR1_QUEUE_IC | SMMU_CR1_QUEUE_OC |
			     SMMU_CR1_QUEUE_SH;
		uint32_t m = 0;

		if (!(v->cr0 & SMMU_CR0_SMMUEN))
			m |= tbl;
		if (!(v->cr0 & (SMMU_CR0_CMDQEN | SMMU_CR0_EVENTQEN)))
			m |= q;
		if (m != (tbl | q))
			vsmmu_ignored_(v, off, "CR1 field guarded by enable");
		v->cr1 = (v->cr1 & ~m) | (val & m);
		return 0;
	}
	case SMMU_CR2:
		if (v->cr0 & SMMU_CR0_SMMUEN)
			return vsmmu_ignored_(v, off, "SMMUEN=1");
		v->cr2 = val & VSMMU_CR2_IMPL;
		return 0;
	case SMMU_GBPA:
		return vsmmu_write_gbpa_(vl, val);
	case SMMU_IRQ_CTRL:
		/*
		 * Enabling a source whose condition is already pending raises
		 * nothing: interrupts come from new conditions only.
		 */
		v->irq_ctrl = val & VSMMU_IRQ_CTRL_IMPL;
		return 0;
	case SMMU_GERRORN:
		return vsmmu_write_gerrorn_(vl, val);
	case SMMU_GERROR_IRQ_CFG1:
	case SMMU_GERROR_IRQ_CFG2:
		vsmmu_write_msi_cfg_(v, &v->gerror_msi,
				     SMMU_IRQ_CTRL_GERROR_IRQEN, off, 4, val);
		return 0;
	case SMMU_EVENTQ_IRQ_CFG1:
	case SMMU_EVENTQ_IRQ_CFG2:
		vsmmu_write_msi_cfg_(v, &v->eventq_msi,
				     SMMU_IRQ_CTRL_EVENTQ_IRQEN, off, 4, val);
		return 0;
	case SMMU_STRTAB_BASE_CFG:
		if (v->cr0 & SMMU_CR0_SMMUEN)
			return vsmmu_ignored_(v, off, "SMMUEN=1");
		v->strtab_cfg = val & VSMMU_STRTAB_CFG_FIELDS;
		return 0;
	case SMMU_CMDQ_PROD:
		v->cmdq_prod = val & SMMU_Q_IDX_WRP;
		return vsmmu_work_(vl);
	case SMMU_CMDQ_CONS:
		if (v->cr0 & SMMU_CR0_CMDQEN)
			return vsmmu_ignored_(v, off, "CMDQEN=1");
		vsmmu_store_release32(&v->cmdq_cons,
				      val & vsmmu_q_wrp_mask_(v->cmdq_base));
		v->cfgi.active = false;
		return 0;
	case SMMU_EVENTQ_PROD:
	case SMMU_EVENTQ_PROD_P0:
		if (v->cr0 & SMMU_CR0_EVENTQEN)
			return vsmmu_ignored_(v, off, "EVENTQEN=1");
		v->eventq_prod = val & (uint32_t)(SMMU_Q_IDX_WRP | SMMU_Q_OVF);
		return 0;
	case SMMU_EVENTQ_CONS:
	case SMMU_EVENTQ_CONS_P0:
		/* Always writable: it is how the guest consumes events. */
		v->eventq_cons = val & (uint32_t)(SMMU_Q_IDX_WRP | SMMU_Q_OVF);
		return 0;
	default:
		return 0;	/* read-only, undefined or unimplemented: WI */
	}
}

int vsmmu_write_(struct vsmmu_locked vl, uint32_t off, unsigned int size,
		 uint64_t val)
{
	struct vsmmu *v = vl.v;
	uint32_t reg = off & ~7u;

	if ((size != 4 && size != 8) || (off & (size - 1u)))
		return vsmmu_bad_access_(v, off, size, true);
	if (off >= SMMU_PAGE1 && off != SMMU_EVENTQ_PROD &&
	    off != SMMU_EVENTQ_CONS)
		return 0;
	if (off < SMMU_PAGE1 && vsmmu_is_reg64_(reg))
		return vsmmu_write64_reg_(vl, off, size, val);
	if (size != 4)
		return vsmmu_bad_access_(v, off, size, true);
	return vsmmu_write32_reg_(vl, off, (uint32_t)val);
}
