// SPDX-License-Identifier: MIT
/*
 * Domains and the DMA API.
 *
 * A domain is an ASID and a stage-1 table tree (TTB0, 48-bit IOVAs). Unmap
 * invalidates in one of two modes, as Linux's iommu.strict:
 *  - strict: every unmap is followed by TLBI_NH_VA over the range (range
 *    commands when IDR3.RIL) and CMD_SYNC before it returns, and the IOVA
 *    is free again at once;
 *  - lazy: the range is queued and its IOVA held; once lazy_batch ranges
 *    wait (or on gsmmu_flush) one batch invalidates them all - TLBI_NH_VA
 *    commands when few pages wait, else one TLBI_NH_ASID - with a single
 *    CMD_SYNC, then the IOVAs are released.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int gsmmu_pgt_read(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	struct gsmmu *s = ctx;

	return s->ops.mem_read(s->ops.ctx, pa.v, buf, len);
}

static int gsmmu_pgt_write(void *ctx, smmu_pa_t pa, const void *buf, size_t len)
{
	struct gsmmu *s = ctx;

	return s->ops.mem_write(s->ops.ctx, pa.v, buf, len);
}

static int gsmmu_pgt_alloc(void *ctx, size_t size, smmu_pa_t *pa)
{
	struct gsmmu *s = ctx;
	uint64_t a;
	int ret = s->ops.alloc(s->ops.ctx, size, &a);

	if (ret)
		return -VSMMU_ERR_NOMEM;
	*pa = smmu_pa(a);
	return 0;
}

static void gsmmu_pgt_free(void *ctx, smmu_pa_t pa, size_t size)
{
	struct gsmmu *s = ctx;

	s->ops.free(s->ops.ctx, pa.v, size);
}

static int gsmmu_asid_alloc(struct gsmmu *s, uint16_t *asid)
{
	unsigned int max = (s->feat & GSMMU_FEAT_ASID16) ? 65536 : 256, a;

	/* ASID 0 is left alone, as Linux keeps it for the kernel. */
	for (a = 1; a < max; a++) {
		if (!(s->asid_map[a / 8] & (1u << (a % 8)))) {
			s->asid_map[a / 8] |= (uint8_t)(1u << (a % 8));
			*asid = (uint16_t)a;
			return 0;
		}
	}
	return -VSMMU_ERR_FULL;
}

int gsmmu_domain_alloc(struct gsmmu *s, bool strict, struct gsmmu_domain **out)
{
	struct gsmmu_domain *d;
	struct pgt_table_cfg tc;
	struct pgt_mem mem;
	struct pgt_alloc_ops ao;
	int ret;

	d = calloc(1, sizeof(*d));
	if (!d)
		return -VSMMU_ERR_NOMEM;
	d->smmu = s;
	d->strict = strict;
	ret = gsmmu_asid_alloc(s, &d->asid);
	if (ret) {
		free(d);
		return gsmmu_fail_(s, ret, "no free ASID");
	}
	memset(&tc, 0, sizeof(tc));
	tc.fmt = PGT_FMT_S1;
	tc.granule = s->granule;
	tc.tsz = (uint8_t)(64 - s->ias_bits);
	tc.oas = (uint8_t)s->oas_bits;
	mem.read = gsmmu_pgt_read;
	mem.write = gsmmu_pgt_write;
	mem.ctx = s;
	ao.alloc = gsmmu_pgt_alloc;
	ao.free = gsmmu_pgt_free;
	ao.ctx = s;
	ret = pgt_table_init(&d->pgt, &tc, &mem, &ao);
	if (!ret)
		ret = sim_palloc_init(&d->iova, GSMMU_IOVA_BASE,
				      GSMMU_IOVA_SIZE, 1ull << 21);
	if (ret) {
		s->asid_map[d->asid / 8] &= (uint8_t) ~(1u << (d->asid % 8));
		free(d);
		return gsmmu_fail_(s, ret, "cannot create a stage-1 table");
	}
	*out = d;
	return 0;
}

static int gsmmu_tlbi_asid(struct gsmmu_domain *d, struct gsmmu_batch *b)
{
	struct smmu_cmd c;

	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_ASID;
	c.asid = d->asid;
	return gsmmu_batch_add_(d->smmu, b, &c);
}

/*
 * TLBI_NH_VA commands for [iova, iova + size). With RIL each command
 * covers (NUM + 1) * 2^SCALE granules (facts §5.4); a single page uses
 * the non-range form, because TG != 0 with NUM = SCALE = TTL = 0 is
 * reserved and the leaf level of a block mapping is not known here.
 */
static int gsmmu_tlbi_range(struct gsmmu_domain *d, struct gsmmu_batch *b,
			    uint64_t iova, uint64_t size)
{
	struct gsmmu *s = d->smmu;
	unsigned int g = s->granule;
	uint64_t pages = size >> g;
	struct smmu_cmd c;
	int ret;

	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_VA;
	c.asid = d->asid;
	c.leaf = true;
	if (!(s->feat & GSMMU_FEAT_RANGE_INV)) {
		if (pages > GSMMU_TLBI_MAX_OPS)
			return gsmmu_tlbi_asid(d, b);
		for (; pages; pages--, iova += 1ull << g) {
			c.addr = iova;
			ret = gsmmu_batch_add_(s, b, &c);
			if (ret)
				return ret;
		}
		return 0;
	}
	while (pages) {
		unsigned int scale = vsmmu_ctz64(pages);
		/* pages >> scale is odd, so num is 1..31 (NUM + 1). */
		uint64_t num = (pages >> scale) & 31u;

		c.addr = iova;
		if (num == 1 && scale == 0) {
			c.tg = SMMU_CMD_TG_ANY;
			c.num = c.scale = 0;
		} else {
			c.tg = g == PGT_GRAN_4K	   ? SMMU_CMD_TG_4K
			       : g == PGT_GRAN_16K ? SMMU_CMD_TG_16K
						   : SMMU_CMD_TG_64K;
			c.num = (uint8_t)(num - 1);
			c.scale = (uint8_t)scale;
		}
		ret = gsmmu_batch_add_(s, b, &c);
		if (ret)
			return ret;
		iova += (num << scale) << g;
		pages -= num << scale;
	}
	return 0;
}

/* Invalidate and release everything the lazy queue holds. */
int gsmmu_flush(struct gsmmu_domain *d)
{
	struct gsmmu *s = d->smmu;
	struct gsmmu_batch b;
	uint64_t pages = 0;
	unsigned int i;
	int ret = 0;

	if (!d->nlazy)
		return 0;
	gsmmu_batch_init_(&b);
	for (i = 0; i < d->nlazy; i++)
		pages += d->lazy[i].size >> s->granule;
	if (pages > GSMMU_BATCH_MAX)
		ret = gsmmu_tlbi_asid(d, &b);
	for (i = 0; !ret && pages <= GSMMU_BATCH_MAX && i < d->nlazy; i++)
		ret = gsmmu_tlbi_range(d, &b, d->lazy[i].iova, d->lazy[i].size);
	if (!ret)
		ret = gsmmu_batch_sync_(s, &b);
	if (ret)
		return ret;
	s->st.lazy_flushes++;
	for (i = 0; i < d->nlazy; i++)
		sim_palloc_free(&d->iova, d->lazy[i].iova, d->lazy[i].size);
	d->nlazy = 0;
	return 0;
}

int gsmmu_domain_free(struct gsmmu_domain *d)
{
	struct gsmmu *s;
	int ret;

	if (!d)
		return 0;
	s = d->smmu;
	if (d->nmasters)
		return gsmmu_fail_(s, -VSMMU_ERR_BUSY, "domain still attached");
	ret = gsmmu_flush(d);
	if (!ret && s->enabled) {
		struct smmu_cmd c;

		/* The ASID may be reused: nothing of it may stay cached. */
		memset(&c, 0, sizeof(c));
		c.op = SMMU_CMD_TLBI_NH_ASID;
		c.asid = d->asid;
		ret = gsmmu_cmd_sync_(s, &c);
	}
	pgt_table_destroy(&d->pgt);
	sim_palloc_fini(&d->iova);
	s->asid_map[d->asid / 8] &= (uint8_t) ~(1u << (d->asid % 8));
	free(d);
	return ret;
}

static void gsmmu_master_unbind(struct gsmmu_master *m)
{
	if (m->dom) {
		m->dom->nmasters--;
		m->dom = NULL;
	}
}

int gsmmu_attach(struct gsmmu_domain *d, uint32_t sid)
{
	struct gsmmu *s = d->smmu;
	struct gsmmu_master *m = gsmmu_master_get_(s, sid, true);
	uint64_t ste[8];
	int ret;

	if (!m)
		return gsmmu_fail_(s, -VSMMU_ERR_FULL, "cannot track SID %u",
				   sid);
	ret = gsmmu_cd_install_(s, m, d);
	if (ret)
		return ret;
	gsmmu_ste_s1_(s, m, ste);
	ret = gsmmu_ste_write_(s, m, ste);
	if (ret)
		return gsmmu_fail_(s, ret, "STE update of SID %u failed", sid);
	if (m->dom != d) {
		gsmmu_master_unbind(m);
		m->dom = d;
		d->nmasters++;
	}
	gsmmu_log_(s, "attach: SID %u -> ASID %u", sid, d->asid);
	return 0;
}

static int gsmmu_set_plain(struct gsmmu *s, uint32_t sid, bool bypass)
{
	struct gsmmu_master *m = gsmmu_master_get_(s, sid, true);
	uint64_t ste[8];
	int ret;

	if (!m)
		return gsmmu_fail_(s, -VSMMU_ERR_FULL, "cannot track SID %u",
				   sid);
	if (bypass)
		gsmmu_ste_bypass_(ste);
	else
		gsmmu_ste_abort_(ste);
	ret = gsmmu_ste_write_(s, m, ste);
	if (ret)
		return ret;
	gsmmu_master_unbind(m);
	gsmmu_log_(s, "SID %u -> %s", sid, bypass ? "bypass" : "abort");
	return 0;
}

int gsmmu_set_abort(struct gsmmu *s, uint32_t sid)
{
	return gsmmu_set_plain(s, sid, false);
}

int gsmmu_set_bypass(struct gsmmu *s, uint32_t sid)
{
	return gsmmu_set_plain(s, sid, true);
}

int gsmmu_map(struct gsmmu_domain *d, uint64_t iova, uint64_t addr,
	      uint64_t size, bool write)
{
	struct pgt_prot prot;
	int ret;

	memset(&prot, 0, sizeof(prot));
	/* Devices issue unprivileged, non-global accesses, as Linux maps. */
	prot.flags = PGT_PROT_R | PGT_PROT_UNPRIV | PGT_PROT_NG |
		     (write ? PGT_PROT_W : 0);
	prot.attr = 1; /* MAIR index 1: Normal write-back */
	prot.sh = SMMU_SH_ISH;
	ret = pgt_map(&d->pgt, iova, addr, size, &prot);
	if (ret)
		return gsmmu_fail_(d->smmu, ret, "map %#llx+%#llx failed",
				   (unsigned long long)iova,
				   (unsigned long long)size);
	d->smmu->st.maps++;
	d->smmu->st.map_bytes += size;
	d->mapped_bytes += size;
	return 0;
}

int gsmmu_unmap(struct gsmmu_domain *d, uint64_t iova, uint64_t size)
{
	struct gsmmu *s = d->smmu;
	struct gsmmu_batch b;
	int ret;

	ret = pgt_unmap(&d->pgt, iova, size);
	if (ret)
		return gsmmu_fail_(s, ret, "unmap %#llx+%#llx failed",
				   (unsigned long long)iova,
				   (unsigned long long)size);
	s->st.unmaps++;
	d->mapped_bytes -= VSMMU_MIN(size, d->mapped_bytes);
	gsmmu_batch_init_(&b);
	ret = gsmmu_tlbi_range(d, &b, iova, size);
	return ret ? ret : gsmmu_batch_sync_(s, &b);
}

static uint64_t gsmmu_round(const struct gsmmu_domain *d, uint64_t size)
{
	uint64_t g = 1ull << d->smmu->granule;

	return (size + g - 1) & ~(g - 1);
}

int gsmmu_dma_map(struct gsmmu_domain *d, uint64_t addr, uint64_t size,
		  bool write, uint64_t *iova)
{
	uint64_t g = 1ull << d->smmu->granule, off = addr & (g - 1), a;
	uint64_t len = gsmmu_round(d, size + off);
	int ret;

	ret = sim_palloc_alloc(&d->iova, len, 0, &a);
	if (ret && d->nlazy) {
		/* IOVA space held by lazy unmaps: flush and retry. */
		ret = gsmmu_flush(d);
		if (!ret)
			ret = sim_palloc_alloc(&d->iova, len, 0, &a);
	}
	if (ret)
		return gsmmu_fail_(d->smmu, ret, "IOVA space exhausted");
	ret = gsmmu_map(d, a, addr - off, len, write);
	if (ret) {
		sim_palloc_free(&d->iova, a, len);
		return ret;
	}
	*iova = a + off;
	return 0;
}

int gsmmu_dma_unmap(struct gsmmu_domain *d, uint64_t iova, uint64_t size)
{
	struct gsmmu *s = d->smmu;
	uint64_t g = 1ull << s->granule, off = iova & (g - 1);
	uint64_t len = gsmmu_round(d, size + off);
	int ret;

	iova -= off;
	if (d->strict) {
		ret = gsmmu_unmap(d, iova, len);
		if (!ret)
			sim_palloc_free(&d->iova, iova, len);
		return ret;
	}
	ret = pgt_unmap(&d->pgt, iova, len);
	if (ret)
		return gsmmu_fail_(s, ret, "unmap failed");
	s->st.unmaps++;
	d->mapped_bytes -= VSMMU_MIN(len, d->mapped_bytes);
	d->lazy[d->nlazy].iova = iova;
	d->lazy[d->nlazy].size = len;
	d->nlazy++;
	if (d->nlazy >= s->cfg.lazy_batch)
		return gsmmu_flush(d);
	return 0;
}

int gsmmu_dma_alloc(struct gsmmu_domain *d, uint64_t size, uint64_t *iova,
		    uint64_t *addr)
{
	struct gsmmu *s = d->smmu;
	uint64_t len = gsmmu_round(d, size);
	int ret;

	ret = s->ops.alloc(s->ops.ctx, len, addr);
	if (ret)
		return gsmmu_fail_(s, ret, "no memory for a DMA buffer");
	ret = gsmmu_dma_map(d, *addr, len, true, iova);
	if (ret)
		s->ops.free(s->ops.ctx, *addr, len);
	return ret;
}

int gsmmu_dma_free(struct gsmmu_domain *d, uint64_t iova, uint64_t addr,
		   uint64_t size)
{
	struct gsmmu *s = d->smmu;
	uint64_t len = gsmmu_round(d, size);
	int ret = gsmmu_dma_unmap(d, iova, len);

	/* Lazy: the buffer must not be reused while the IOTLB may hold it. */
	if (!ret && !d->strict)
		ret = gsmmu_flush(d);
	if (!ret)
		s->ops.free(s->ops.ctx, addr, len);
	return ret;
}
