// SPDX-License-Identifier: MIT
/*
 * src/model/model.c - creation, the locked entry points and counters of
 * the SMMUv3 hardware model.
 *
 * Each entry point takes the host lock, does its work, then releases the
 * lock and only then pulses the wired lines and sends SEV, so an interrupt
 * handler may call straight back into the model (and so no interrupt is
 * observable before the state that caused it, IHI 0070 §3.18).
 */
#include "vsmmu/env.h"
#include "vsmmu/model.h"
#include "internal.h"

void smmu_model_config_default(struct smmu_model_config *c)
{
	if (!c)
		return;
	vsmmu_memset(c, 0, sizeof(*c));
	c->idr[0] = (uint32_t)(SMMU_IDR0_S2P | SMMU_IDR0_S1P |
		smmu_field_prep(SMMU_IDR0_TTF, SMMU_IDR0_TTF_AA64) |
		SMMU_IDR0_COHACC | SMMU_IDR0_HYP | SMMU_IDR0_ASID16 |
		SMMU_IDR0_MSI | SMMU_IDR0_SEV | SMMU_IDR0_VMID16 |
		SMMU_IDR0_CD2L |
		smmu_field_prep(SMMU_IDR0_TTENDIAN, SMMU_IDR0_TTENDIAN_LE) |
		smmu_field_prep(SMMU_IDR0_STALL_MODEL,
				SMMU_IDR0_STALL_MODEL_NOSTALL) |
		smmu_field_prep(SMMU_IDR0_ST_LEVEL, SMMU_IDR0_ST_LEVEL_2LVL));
	c->idr[1] = (uint32_t)(smmu_field_prep(SMMU_IDR1_SIDSIZE, 16) |
		smmu_field_prep(SMMU_IDR1_SSIDSIZE, 20) |
		smmu_field_prep(SMMU_IDR1_EVENTQS, 19) |
		smmu_field_prep(SMMU_IDR1_CMDQS, 19));
	c->idr[3] = (uint32_t)(SMMU_IDR3_HAD | SMMU_IDR3_XNX | SMMU_IDR3_RIL |
		smmu_field_prep(SMMU_IDR3_BBML, 2));
	c->idr[5] = (uint32_t)(smmu_field_prep(SMMU_IDR5_OAS, SMMU_OAS_48) |
		SMMU_IDR5_GRAN4K | SMMU_IDR5_GRAN16K | SMMU_IDR5_GRAN64K);
	c->iidr = (uint32_t)(smmu_field_prep(SMMU_IIDR_PRODUCTID,
					     SMMU_IIDR_PRODUCTID_MMU700) |
		smmu_field_prep(SMMU_IIDR_IMPLEMENTER,
				SMMU_IIDR_IMPLEMENTER_ARM));
	c->aidr = 0x02;		/* SMMUv3.2 */
	c->cfg_cache_entries = 64;
	c->tlb_entries = 512;
}

unsigned int smmu_model_oas_bits_(unsigned int enc)
{
	static const uint8_t bits[8] = { 32, 36, 40, 42, 44, 48, 52, 56 };

	return enc < 8 ? bits[enc] : 0;
}

static int smmu_model_pgt_read_(void *ctx, smmu_pa_t pa, void *buf,
				size_t len)
{
	struct smmu_model *m = ctx;

	return m->ops.mem_read(m->ops.ctx, pa, buf, len);
}

/* Identities the model cannot play are refused rather than half-played. */
static bool smmu_model_config_ok_(const struct smmu_model_config *c)
{
	uint32_t i0 = c->idr[0], i1 = c->idr[1], i5 = c->idr[5];

	if (smmu_field_get(SMMU_IDR0_STALL_MODEL, i0) !=
	    SMMU_IDR0_STALL_MODEL_NOSTALL)
		return false;
	if (!(smmu_field_get(SMMU_IDR0_TTF, i0) & SMMU_IDR0_TTF_AA64))
		return false;
	/* Only little-endian walks: TTENDIAN must be LE or mixed. */
	if (smmu_field_get(SMMU_IDR0_TTENDIAN, i0) == SMMU_IDR0_TTENDIAN_BE ||
	    smmu_field_get(SMMU_IDR0_TTENDIAN, i0) == 1)
		return false;
	/* No hardware AF/dirty update in the walker. */
	if (smmu_field_get(SMMU_IDR0_HTTU, i0))
		return false;
	if (!(i0 & (SMMU_IDR0_S1P | SMMU_IDR0_S2P)))
		return false;
	if (!(i5 & (SMMU_IDR5_GRAN4K | SMMU_IDR5_GRAN16K | SMMU_IDR5_GRAN64K)))
		return false;
	if (smmu_field_get(SMMU_IDR1_SIDSIZE, i1) > 32 ||
	    smmu_field_get(SMMU_IDR1_SSIDSIZE, i1) > 20 ||
	    smmu_field_get(SMMU_IDR1_CMDQS, i1) > SMMU_Q_MAX_LOG2 ||
	    smmu_field_get(SMMU_IDR1_EVENTQS, i1) > SMMU_Q_MAX_LOG2 ||
	    smmu_field_get(SMMU_IDR1_PRIQS, i1) > SMMU_Q_MAX_LOG2)
		return false;
	/* SIDSIZE >= 7 requires the 2-level stream table (facts §2.2). */
	if (smmu_field_get(SMMU_IDR1_SIDSIZE, i1) >= 7 &&
	    smmu_field_get(SMMU_IDR0_ST_LEVEL, i0) != SMMU_IDR0_ST_LEVEL_2LVL)
		return false;
	/* 52/56-bit output is beyond the walker (pgtable.h). */
	if (smmu_field_get(SMMU_IDR5_OAS, i5) > SMMU_OAS_48)
		return false;
	return true;
}

static void smmu_model_free_all_(struct smmu_model *m)
{
	struct vsmmu_alloc_ops a = m->ops.alloc;
	void *ctx = m->ops.ctx;

	if (m->cfgc)
		a.free(ctx, m->cfgc, sizeof(*m->cfgc) * m->ncfg);
	if (m->tlb)
		a.free(ctx, m->tlb, sizeof(*m->tlb) * m->ntlb);
	a.free(ctx, m, sizeof(*m));
}

int smmu_model_create(const struct smmu_model_config *cfg,
		      const struct smmu_model_ops *ops,
		      struct smmu_model **out)
{
	struct smmu_model *m;
	size_t sz;

	if (!cfg || !ops || !out || !ops->mem_read || !ops->mem_write ||
	    !ops->alloc.alloc || !ops->alloc.free)
		return -VSMMU_ERR_INVAL;
	*out = NULL;
	if (!smmu_model_config_ok_(cfg))
		return -VSMMU_ERR_INVAL;
	if (cfg->cfg_cache_entries > (1u << 20) ||
	    cfg->tlb_entries > (1u << 20))
		return -VSMMU_ERR_INVAL;

	m = ops->alloc.alloc(ops->ctx, sizeof(*m));
	if (!m)
		return -VSMMU_ERR_NOMEM;
	vsmmu_memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	m->ops = *ops;
	m->ncfg = cfg->cfg_cache_entries;
	m->ntlb = cfg->tlb_entries;
	if (m->ncfg) {
		sz = sizeof(*m->cfgc) * m->ncfg;
		m->cfgc = ops->alloc.alloc(ops->ctx, sz);
		if (!m->cfgc)
			goto nomem;
		vsmmu_memset(m->cfgc, 0, sz);
	}
	if (m->ntlb) {
		sz = sizeof(*m->tlb) * m->ntlb;
		m->tlb = ops->alloc.alloc(ops->ctx, sz);
		if (!m->tlb)
			goto nomem;
		vsmmu_memset(m->tlb, 0, sz);
		/* Set-associative, 8 ways (fewer for a tiny TLB). */
		m->tlb_ways = m->ntlb < 8 ? m->ntlb : 8;
		m->tlb_sets = m->ntlb / m->tlb_ways;
	}
	m->pmem.read = smmu_model_pgt_read_;
	m->pmem.write = NULL;
	m->pmem.ctx = m;
	m->oas_bits = smmu_model_oas_bits_(
		smmu_model_idr_(m, 5, SMMU_IDR5_OAS));
	/* Reset: enables 0, GBPA bypass with incoming shareability. */
	m->gbpa = (uint32_t)smmu_field_prep(SMMU_GBPA_SHCFG,
					    SMMU_GBPA_SHCFG_INCOMING);
	*out = m;
	return 0;
nomem:
	smmu_model_free_all_(m);
	return -VSMMU_ERR_NOMEM;
}

void smmu_model_destroy(struct smmu_model *m)
{
	if (m)
		smmu_model_free_all_(m);
}

static void smmu_model_enter_(struct smmu_model *m)
{
	if (m->ops.lock.lock)
		m->ops.lock.lock(m->ops.ctx, m->ops.lock_handle);
}

static void smmu_model_exit_(struct smmu_model *m)
{
	uint32_t pend = m->irq_pending;
	bool sev = m->sev_pending;
	unsigned int i;

	m->irq_pending = 0;
	m->sev_pending = false;
	if (m->ops.lock.unlock)
		m->ops.lock.unlock(m->ops.ctx, m->ops.lock_handle);
	for (i = 0; i < SMMU_MODEL_IRQ_NR; i++)
		if ((pend & (1u << i)) && m->ops.irq)
			m->ops.irq(m->ops.ctx, (enum smmu_model_irq)i);
	if (sev && m->ops.sev)
		m->ops.sev(m->ops.ctx);
}

int smmu_model_mmio_read(struct smmu_model *m, uint32_t off,
			 unsigned int size, uint64_t *val)
{
	int ret;

	if (val)
		*val = 0;
	if (!m || !val)
		return -VSMMU_ERR_INVAL;
	if (off >= SMMU_MMIO_SIZE)
		return -VSMMU_ERR_RANGE;
	smmu_model_enter_(m);
	ret = smmu_model_reg_read_(m, off, size, val);
	smmu_model_exit_(m);
	return ret;
}

int smmu_model_mmio_write(struct smmu_model *m, uint32_t off,
			  unsigned int size, uint64_t val)
{
	if (!m)
		return -VSMMU_ERR_INVAL;
	if (off >= SMMU_MMIO_SIZE)
		return -VSMMU_ERR_RANGE;
	smmu_model_enter_(m);
	smmu_model_reg_write_(m, off, size, val);
	smmu_model_exit_(m);
	return 0;
}

int smmu_model_step(struct smmu_model *m, unsigned int budget)
{
	int n;

	if (!m)
		return -VSMMU_ERR_INVAL;
	smmu_model_enter_(m);
	smmu_model_acks_complete_(m, false);
	n = smmu_model_cmdq_run_(m, budget);
	smmu_model_exit_(m);
	return n;
}

static void smmu_model_result_init_(struct smmu_model_result *r)
{
	vsmmu_memset(r, 0, sizeof(*r));
	r->outcome = SMMU_MODEL_OK;
}

int smmu_model_translate(struct smmu_model *m, uint32_t sid, uint32_t ssid,
			 uint64_t addr, unsigned int acc,
			 struct smmu_model_result *r)
{
	int ret;

	if (!m || !r)
		return -VSMMU_ERR_INVAL;
	smmu_model_result_init_(r);
	if (ssid != SMMU_MODEL_NO_SSID && ssid >= (1u << 20))
		return -VSMMU_ERR_INVAL;
	smmu_model_enter_(m);
	ret = smmu_model_xlate_(m, sid, ssid, addr, acc, r);
	smmu_model_exit_(m);
	return ret;
}

/*
 * Copy [addr, addr + len) translation unit by translation unit. A unit
 * never spans more than its translation, so each copy is one host call.
 */
static int smmu_model_dma_(struct smmu_model *m, uint32_t sid, uint32_t ssid,
			   uint64_t addr, uint8_t *rbuf, const uint8_t *wbuf,
			   size_t len, unsigned int acc,
			   struct smmu_model_result *r)
{
	struct smmu_model_result one;
	uint64_t end, cur;
	size_t done = 0;
	int ret = 0;

	if (vsmmu_add_overflow(addr, (uint64_t)len, &end))
		return -VSMMU_ERR_RANGE;
	(void)end;
	while (done < len) {
		uint64_t unit, chunk;
		int err;

		cur = addr + done;
		smmu_model_result_init_(&one);
		err = smmu_model_xlate_(m, sid, ssid, cur, acc, &one);
		if (err && err != -VSMMU_ERR_FAULT) {
			ret = err;
			break;
		}
		if (one.outcome != SMMU_MODEL_OK && r->evt.id == 0 &&
		    r->outcome == SMMU_MODEL_OK) {
			r->evt = one.evt;
			r->recorded = one.recorded;
		}
		if (one.outcome > r->outcome)
			r->outcome = one.outcome;
		if (one.outcome == SMMU_MODEL_ABORT) {
			ret = -VSMMU_ERR_FAULT;
			break;
		}
		unit = 1ull << (one.outcome == SMMU_MODEL_OK ?
				one.size_log2 : 12);
		chunk = unit - (cur & (unit - 1));
		if (chunk > len - done)
			chunk = len - done;
		if (one.outcome == SMMU_MODEL_RAZWI) {
			if (rbuf)
				vsmmu_memset(rbuf + done, 0, (size_t)chunk);
		} else {
			if (rbuf)
				err = m->ops.mem_read(m->ops.ctx,
						      smmu_pa(one.pa),
						      rbuf + done,
						      (size_t)chunk);
			else
				err = m->ops.mem_write(m->ops.ctx,
						       smmu_pa(one.pa),
						       wbuf + done,
						       (size_t)chunk);
			if (err) {
				ret = -VSMMU_ERR_IO;
				break;
			}
			m->cnt.dma_bytes += chunk;
		}
		done += (size_t)chunk;
	}
	r->done = done;
	return ret;
}

int smmu_model_dma_read(struct smmu_model *m, uint32_t sid, uint32_t ssid,
			uint64_t addr, void *buf, size_t len, unsigned int acc,
			struct smmu_model_result *r)
{
	int ret;

	if (!m || !r || (!buf && len))
		return -VSMMU_ERR_INVAL;
	smmu_model_result_init_(r);
	if ((ssid != SMMU_MODEL_NO_SSID && ssid >= (1u << 20)) ||
	    (acc & SMMU_MODEL_ACC_WRITE))
		return -VSMMU_ERR_INVAL;
	smmu_model_enter_(m);
	ret = smmu_model_dma_(m, sid, ssid, addr, buf, NULL, len, acc, r);
	smmu_model_exit_(m);
	return ret;
}

int smmu_model_dma_write(struct smmu_model *m, uint32_t sid, uint32_t ssid,
			 uint64_t addr, const void *buf, size_t len,
			 unsigned int acc, struct smmu_model_result *r)
{
	int ret;

	if (!m || !r || (!buf && len))
		return -VSMMU_ERR_INVAL;
	smmu_model_result_init_(r);
	if (ssid != SMMU_MODEL_NO_SSID && ssid >= (1u << 20))
		return -VSMMU_ERR_INVAL;
	/* A write is never an instruction fetch. */
	acc = (acc & ~SMMU_MODEL_ACC_EXEC) | SMMU_MODEL_ACC_WRITE;
	smmu_model_enter_(m);
	ret = smmu_model_dma_(m, sid, ssid, addr, NULL, buf, len, acc, r);
	smmu_model_exit_(m);
	return ret;
}

int smmu_model_counters_get(struct smmu_model *m,
			    struct smmu_model_counters *out)
{
	if (!m || !out)
		return -VSMMU_ERR_INVAL;
	smmu_model_enter_(m);
	*out = m->cnt;
	smmu_model_exit_(m);
	return 0;
}

void smmu_model_caches_flush(struct smmu_model *m)
{
	if (!m)
		return;
	smmu_model_enter_(m);
	if (m->cfgc)
		vsmmu_memset(m->cfgc, 0, sizeof(*m->cfgc) * m->ncfg);
	if (m->tlb)
		vsmmu_memset(m->tlb, 0, sizeof(*m->tlb) * m->ntlb);
	m->tlb_sizes = 0;
	smmu_model_exit_(m);
}

void smmu_model_counters_reset(struct smmu_model *m)
{
	if (!m)
		return;
	smmu_model_enter_(m);
	vsmmu_memset(&m->cnt, 0, sizeof(m->cnt));
	smmu_model_exit_(m);
}
