// SPDX-License-Identifier: MIT
/*
 * Probe and reset: read the ID registers once into a feature mask, then
 * bring the SMMU up in the order the facts sheet gives for Linux (§8.6).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

void gsmmu_log_(struct gsmmu *s, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	if (!s->ops.log)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s->ops.log(s->ops.ctx, buf);
}

int gsmmu_fail_(struct gsmmu *s, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
	gsmmu_log_(s, "error: %s (%s)", s->err, vsmmu_strerror(err));
	return err;
}

uint32_t gsmmu_rd32_(struct gsmmu *s, uint32_t off)
{
	uint64_t v = 0;

	s->st.mmio_reads++;
	if (s->ops.mmio_read(s->ops.ctx, off, 4, &v))
		return 0;
	return (uint32_t)v;
}

uint64_t gsmmu_rd64_(struct gsmmu *s, uint32_t off)
{
	uint64_t v = 0;

	s->st.mmio_reads++;
	if (s->ops.mmio_read(s->ops.ctx, off, 8, &v))
		return 0;
	return v;
}

void gsmmu_wr32_(struct gsmmu *s, uint32_t off, uint32_t v)
{
	s->st.mmio_writes++;
	s->ops.mmio_write(s->ops.ctx, off, 4, v);
}

void gsmmu_wr64_(struct gsmmu *s, uint32_t off, uint64_t v)
{
	s->st.mmio_writes++;
	s->ops.mmio_write(s->ops.ctx, off, 8, v);
}

void gsmmu_relax_(struct gsmmu *s)
{
	s->st.polls++;
	if (s->ops.relax)
		s->ops.relax(s->ops.ctx);
}

int gsmmu_poll32_(struct gsmmu *s, uint32_t off, uint32_t mask, uint32_t want)
{
	unsigned int n;

	for (n = 0; n < s->cfg.poll_max; n++) {
		if ((gsmmu_rd32_(s, off) & mask) == want)
			return 0;
		gsmmu_relax_(s);
	}
	return -VSMMU_ERR_TIMEOUT;
}

int gsmmu_mem_wr64_(struct gsmmu *s, uint64_t addr, uint64_t v)
{
	uint64_t le = vsmmu_cpu_to_le64(v);

	return s->ops.mem_write(s->ops.ctx, addr, &le, sizeof(le));
}

int gsmmu_mem_rd64_(struct gsmmu *s, uint64_t addr, uint64_t *v)
{
	uint64_t le;
	int ret = s->ops.mem_read(s->ops.ctx, addr, &le, sizeof(le));

	*v = ret ? 0 : vsmmu_le64_to_cpu(le);
	return ret;
}

int gsmmu_write_cr0_(struct gsmmu *s, uint32_t v)
{
	gsmmu_wr32_(s, SMMU_CR0, v);
	if (gsmmu_poll32_(s, SMMU_CR0ACK, 0xffffffffu, v))
		return gsmmu_fail_(s, -VSMMU_ERR_TIMEOUT,
				   "CR0ACK did not reach %#x", v);
	return 0;
}

static int gsmmu_write_irq_ctrl(struct gsmmu *s, uint32_t v)
{
	gsmmu_wr32_(s, SMMU_IRQ_CTRL, v);
	if (gsmmu_poll32_(s, SMMU_IRQ_CTRLACK, 0xffffffffu, v))
		return gsmmu_fail_(s, -VSMMU_ERR_TIMEOUT,
				   "IRQ_CTRLACK did not reach %#x", v);
	return 0;
}

/* The GBPA update protocol: write with Update=1, wait for it to clear. */
static int gsmmu_gbpa_set(struct gsmmu *s, uint32_t set, uint32_t clr)
{
	uint32_t v;

	if (gsmmu_poll32_(s, SMMU_GBPA, SMMU_GBPA_UPDATE, 0))
		return gsmmu_fail_(s, -VSMMU_ERR_TIMEOUT, "GBPA busy");
	v = (gsmmu_rd32_(s, SMMU_GBPA) & ~clr) | set;
	gsmmu_wr32_(s, SMMU_GBPA, v | SMMU_GBPA_UPDATE);
	if (gsmmu_poll32_(s, SMMU_GBPA, SMMU_GBPA_UPDATE, 0))
		return gsmmu_fail_(s, -VSMMU_ERR_TIMEOUT,
				   "GBPA update did not complete");
	return 0;
}

int gsmmu_probe(struct gsmmu *s, const struct gsmmu_ops *ops,
		const struct gsmmu_config *cfg)
{
	uint32_t idr0, idr1, idr3, idr5;
	unsigned int i, v;

	memset(s, 0, sizeof(*s));
	if (!ops || !ops->mmio_read || !ops->mmio_write || !ops->mem_read ||
	    !ops->mem_write || !ops->alloc || !ops->free)
		return -VSMMU_ERR_INVAL;
	s->ops = *ops;
	if (cfg)
		s->cfg = *cfg;
	if (!s->cfg.poll_max)
		s->cfg.poll_max = 10000;
	if (!s->cfg.cmdq_log2_max)
		s->cfg.cmdq_log2_max = 8;
	if (!s->cfg.evtq_log2_max)
		s->cfg.evtq_log2_max = 7;
	if (!s->cfg.lazy_batch || s->cfg.lazy_batch > GSMMU_LAZY_MAX)
		s->cfg.lazy_batch = 32;

	for (i = 0; i < 6; i++)
		s->idr[i] = gsmmu_rd32_(s, SMMU_IDR0 + 4 * i);
	s->iidr = gsmmu_rd32_(s, SMMU_IIDR);
	s->aidr = gsmmu_rd32_(s, SMMU_AIDR);
	idr0 = s->idr[0];
	idr1 = s->idr[1];
	idr3 = s->idr[3];
	idr5 = s->idr[5];

	/* IDR0 */
	if (smmu_field_get(SMMU_IDR0_ST_LEVEL, idr0) == SMMU_IDR0_ST_LEVEL_2LVL)
		s->feat |= GSMMU_FEAT_2LVL_STRTAB;
	v = (unsigned int)smmu_field_get(SMMU_IDR0_TTENDIAN, idr0);
	if (v != SMMU_IDR0_TTENDIAN_MIXED && v != SMMU_IDR0_TTENDIAN_LE)
		return gsmmu_fail_(s, -VSMMU_ERR_NOTSUPP,
				   "no little-endian table walks (TTENDIAN %u)",
				   v);
	if (idr0 & SMMU_IDR0_MSI)
		s->feat |= GSMMU_FEAT_MSI;
	if (idr0 & SMMU_IDR0_SEV)
		s->feat |= GSMMU_FEAT_SEV;
	if (idr0 & SMMU_IDR0_COHACC)
		s->feat |= GSMMU_FEAT_COHERENT;
	if (idr0 & SMMU_IDR0_HYP)
		s->feat |= GSMMU_FEAT_HYP;
	if (idr0 & SMMU_IDR0_ASID16)
		s->feat |= GSMMU_FEAT_ASID16;
	if (idr0 & SMMU_IDR0_CD2L)
		s->feat |= GSMMU_FEAT_CD2L;
	if (!(idr0 & SMMU_IDR0_S1P))
		return gsmmu_fail_(s, -VSMMU_ERR_NOTSUPP,
				   "no stage-1 translation (IDR0.S1P = 0)");
	v = (unsigned int)smmu_field_get(SMMU_IDR0_TTF, idr0);
	if (!(v & SMMU_IDR0_TTF_AA64))
		return gsmmu_fail_(s, -VSMMU_ERR_NOTSUPP,
				   "no AArch64 table format (TTF %u)", v);
	v = (unsigned int)smmu_field_get(SMMU_IDR0_STALL_MODEL, idr0);
	if (v == SMMU_IDR0_STALL_MODEL_FORCE)
		return gsmmu_fail_(s, -VSMMU_ERR_NOTSUPP,
				   "stall-only SMMU: devices cannot stall");
	/* MSI-polled CMD_SYNC needs coherent queue accesses. */
	if ((s->feat & GSMMU_FEAT_MSI) && (s->feat & GSMMU_FEAT_COHERENT) &&
	    !s->cfg.no_msi_sync)
		s->feat |= GSMMU_FEAT_MSI_SYNC;

	/* IDR1 */
	if (idr1 & (SMMU_IDR1_TABLES_PRESET | SMMU_IDR1_QUEUES_PRESET))
		return gsmmu_fail_(s, -VSMMU_ERR_NOTSUPP,
				   "preset tables or queues are not supported");
	v = (unsigned int)smmu_field_get(SMMU_IDR1_CMDQS, idr1);
	if (v <= 6) /* a batch plus its sync must fit */
		return gsmmu_fail_(s, -VSMMU_ERR_NOTSUPP,
				   "command queue of 2^%u entries is too small",
				   v);
	s->cmdq.log2 = VSMMU_MIN(v, s->cfg.cmdq_log2_max);
	v = (unsigned int)smmu_field_get(SMMU_IDR1_EVENTQS, idr1);
	s->evtq.log2 = VSMMU_MIN(v, s->cfg.evtq_log2_max);
	s->ssid_bits = (unsigned int)smmu_field_get(SMMU_IDR1_SSIDSIZE, idr1);
	s->sid_bits = (unsigned int)smmu_field_get(SMMU_IDR1_SIDSIZE, idr1);
	if (s->sid_bits > 32)
		return gsmmu_fail_(s, -VSMMU_ERR_NOTSUPP,
				   "SIDSIZE %u out of range", s->sid_bits);
	/* A 2-level table only pays when there is more than one L2. */
	if (s->sid_bits <= GSMMU_STRTAB_SPLIT)
		s->feat &= ~GSMMU_FEAT_2LVL_STRTAB;
	if (s->sid_bits >= 7 && !(s->feat & GSMMU_FEAT_2LVL_STRTAB))
		gsmmu_log_(s, "warning: SIDSIZE %u without 2-level tables",
			   s->sid_bits);

	/* IDR3 */
	if (idr3 & SMMU_IDR3_RIL)
		s->feat |= GSMMU_FEAT_RANGE_INV;

	/* IDR5: the page size follows the CPU's (4K) when offered. */
	if (idr5 & SMMU_IDR5_GRAN4K)
		s->granule = PGT_GRAN_4K;
	else if (idr5 & SMMU_IDR5_GRAN16K)
		s->granule = PGT_GRAN_16K;
	else if (idr5 & SMMU_IDR5_GRAN64K)
		s->granule = PGT_GRAN_64K;
	else
		return gsmmu_fail_(s, -VSMMU_ERR_NOTSUPP, "no granule");
	v = (unsigned int)smmu_field_get(SMMU_IDR5_OAS, idr5);
	s->oas_bits = smmu_oas_bits(v);
	if (!s->oas_bits)
		return gsmmu_fail_(s, -VSMMU_ERR_NOTSUPP, "bad OAS %u", v);
	if (s->oas_bits > PGT_MAX_OA_BITS)
		s->oas_bits = PGT_MAX_OA_BITS;
	s->ias_bits = 48; /* the CPU's VA size: IOVAs share it */

	gsmmu_log_(s,
		   "probe: idr0 %#x idr1 %#x idr3 %#x idr5 %#x iidr %#x "
		   "aidr %#x: sid %u ssid %u oas %u gran %uK cmdq 2^%u "
		   "evtq 2^%u%s%s%s",
		   idr0, idr1, idr3, idr5, s->iidr, s->aidr, s->sid_bits,
		   s->ssid_bits, s->oas_bits, (1u << s->granule) >> 10,
		   s->cmdq.log2, s->evtq.log2,
		   s->feat & GSMMU_FEAT_2LVL_STRTAB ? " 2lvl" : " linear",
		   s->feat & GSMMU_FEAT_MSI_SYNC ? " msi-sync" : " sev-sync",
		   s->feat & GSMMU_FEAT_RANGE_INV ? " ril" : "");
	return 0;
}

static int gsmmu_irq_setup(struct gsmmu *s)
{
	uint32_t irqen =
		SMMU_IRQ_CTRL_EVENTQ_IRQEN | SMMU_IRQ_CTRL_GERROR_IRQEN;
	int ret;

	ret = gsmmu_write_irq_ctrl(s, 0);
	if (ret)
		return ret;
	if (s->feat & GSMMU_FEAT_MSI) {
		uint64_t db = s->cfg.msi_doorbell;

		/* CFG0 = 0 selects the wired line (Linux does this too). */
		gsmmu_wr64_(s, SMMU_EVENTQ_IRQ_CFG0, db);
		gsmmu_wr32_(s, SMMU_EVENTQ_IRQ_CFG1, s->cfg.evtq_msi_data);
		gsmmu_wr32_(s, SMMU_EVENTQ_IRQ_CFG2, 0x1); /* Device-nGnRE */
		gsmmu_wr64_(s, SMMU_GERROR_IRQ_CFG0, db);
		gsmmu_wr32_(s, SMMU_GERROR_IRQ_CFG1, s->cfg.gerror_msi_data);
		gsmmu_wr32_(s, SMMU_GERROR_IRQ_CFG2, 0x1);
	}
	return gsmmu_write_irq_ctrl(s, irqen);
}

int gsmmu_reset(struct gsmmu *s)
{
	uint32_t cr0, cr1;
	struct smmu_cmd c;
	struct gsmmu_batch b;
	int ret;

	/* 1: an SMMU left enabled first aborts incoming traffic, then stops. */
	cr0 = gsmmu_rd32_(s, SMMU_CR0);
	if (cr0 & SMMU_CR0_SMMUEN) {
		gsmmu_log_(s, "reset: SMMU enabled at probe, aborting traffic");
		ret = gsmmu_gbpa_set(s, SMMU_GBPA_ABORT, 0);
		if (ret)
			return ret;
	}
	ret = gsmmu_write_cr0_(s, 0);
	if (ret)
		return ret;

	/* Tables and queues first, so nothing half-built is ever enabled. */
	if (!s->cmdq.base) {
		ret = gsmmu_cmdq_init_(s);
		if (!ret)
			ret = gsmmu_evtq_init_(s);
		if (!ret)
			ret = gsmmu_strtab_init_(s);
		if (ret)
			return ret;
	}

	/* 2: inner-shareable write-back for tables and queues. */
	cr1 = (uint32_t)(smmu_field_prep(SMMU_CR1_TABLE_SH, SMMU_SH_ISH) |
			 smmu_field_prep(SMMU_CR1_TABLE_OC, SMMU_CACHE_WB) |
			 smmu_field_prep(SMMU_CR1_TABLE_IC, SMMU_CACHE_WB) |
			 smmu_field_prep(SMMU_CR1_QUEUE_SH, SMMU_SH_ISH) |
			 smmu_field_prep(SMMU_CR1_QUEUE_OC, SMMU_CACHE_WB) |
			 smmu_field_prep(SMMU_CR1_QUEUE_IC, SMMU_CACHE_WB));
	gsmmu_wr32_(s, SMMU_CR1, cr1);
	gsmmu_wr32_(s, SMMU_CR2, (uint32_t)(SMMU_CR2_PTM | SMMU_CR2_RECINVSID));

	/* 3: stream table. */
	gsmmu_wr64_(s, SMMU_STRTAB_BASE,
		    (s->strtab & SMMU_STRTAB_BASE_ADDR) | SMMU_STRTAB_BASE_RA);
	gsmmu_wr32_(
		s, SMMU_STRTAB_BASE_CFG,
		(uint32_t)(smmu_field_prep(SMMU_STRTAB_BASE_CFG_FMT,
					   (s->feat & GSMMU_FEAT_2LVL_STRTAB)
						   ? SMMU_STRTAB_FMT_2LVL
						   : SMMU_STRTAB_FMT_LINEAR) |
			   smmu_field_prep(SMMU_STRTAB_BASE_CFG_SPLIT,
					   (s->feat & GSMMU_FEAT_2LVL_STRTAB)
						   ? GSMMU_STRTAB_SPLIT
						   : 0) |
			   smmu_field_prep(SMMU_STRTAB_BASE_CFG_LOG2SIZE,
					   s->strtab_log2)));

	/* 4: command queue. */
	gsmmu_wr64_(
		s, SMMU_CMDQ_BASE,
		(s->cmdq.base & SMMU_Q_BASE_ADDR) | SMMU_Q_BASE_RWA |
			smmu_field_prep(SMMU_Q_BASE_LOG2SIZE, s->cmdq.log2));
	s->cmdq.prod = s->cmdq.cons = 0;
	gsmmu_wr32_(s, SMMU_CMDQ_PROD, 0);
	gsmmu_wr32_(s, SMMU_CMDQ_CONS, 0);
	cr0 = SMMU_CR0_CMDQEN;
	ret = gsmmu_write_cr0_(s, cr0);
	if (ret)
		return ret;

	/* 5: forget any cached configuration and translation. */
	gsmmu_batch_init_(&b);
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_CFGI_STE_RANGE;
	c.range = SMMU_CFGI_RANGE_ALL;
	ret = gsmmu_batch_add_(s, &b, &c);
	if (!ret)
		ret = gsmmu_batch_sync_(s, &b);
	if (!ret && (s->feat & GSMMU_FEAT_HYP)) {
		memset(&c, 0, sizeof(c));
		c.op = SMMU_CMD_TLBI_EL2_ALL;
		ret = gsmmu_batch_add_(s, &b, &c);
	}
	if (!ret) {
		memset(&c, 0, sizeof(c));
		c.op = SMMU_CMD_TLBI_NSNH_ALL;
		ret = gsmmu_batch_add_(s, &b, &c);
	}
	if (!ret)
		ret = gsmmu_batch_sync_(s, &b);
	if (ret)
		return gsmmu_fail_(s, ret, "initial invalidation failed");

	/* 6: event queue. */
	gsmmu_wr64_(
		s, SMMU_EVENTQ_BASE,
		(s->evtq.base & SMMU_Q_BASE_ADDR) | SMMU_Q_BASE_RWA |
			smmu_field_prep(SMMU_Q_BASE_LOG2SIZE, s->evtq.log2));
	s->evtq.prod = s->evtq.cons = 0;
	gsmmu_wr32_(s, SMMU_EVENTQ_PROD, 0);
	gsmmu_wr32_(s, SMMU_EVENTQ_CONS, 0);
	cr0 |= SMMU_CR0_EVENTQEN;
	ret = gsmmu_write_cr0_(s, cr0);
	if (ret)
		return ret;

	/* 8: interrupts. */
	ret = gsmmu_irq_setup(s);
	if (ret)
		return ret;

	/* 9: translate. */
	cr0 |= SMMU_CR0_SMMUEN;
	ret = gsmmu_write_cr0_(s, cr0);
	if (ret)
		return ret;
	s->enabled = true;
	gsmmu_log_(s, "reset: enabled (%s stream table, 2^%u SIDs)",
		   (s->feat & GSMMU_FEAT_2LVL_STRTAB) ? "2-level" : "linear",
		   s->strtab_log2);
	return 0;
}

void gsmmu_remove(struct gsmmu *s)
{
	unsigned int i;

	if (s->enabled) {
		gsmmu_write_irq_ctrl(s, 0);
		gsmmu_write_cr0_(s, 0);
		s->enabled = false;
	}
	for (i = 0; i < GSMMU_MAX_MASTERS; i++)
		if (s->masters[i].used)
			gsmmu_cd_free_(s, &s->masters[i]);
	gsmmu_strtab_free_(s);
	if (s->cmdq.base)
		s->ops.free(s->ops.ctx, s->cmdq.base,
			    (size_t)SMMU_CMD_BYTES << s->cmdq.log2);
	if (s->evtq.base)
		s->ops.free(s->ops.ctx, s->evtq.base,
			    (size_t)SMMU_EVT_BYTES << s->evtq.log2);
	s->cmdq.base = s->evtq.base = 0;
}
