// SPDX-License-Identifier: MIT
/*
 * Invalidation helpers (IHI 0070 §4.4-4.5, facts §5.3-5.5): each builds
 * the commands for one need; the psmmu_inv_* forms submit them as one
 * batch with one sync, the psmmu_batch_inv_* forms append to the caller's
 * batch. Never widened to a whole-domain flush unless the range is larger
 * than inv_max_pages without range invalidation.
 */
#include "vsmmu/env.h"
#include "vsmmu/psmmu.h"
#include "internal.h"

static bool inv_gran_ok_(unsigned int g)
{
	return g == 12 || g == 14 || g == 16;
}

/* TLBI TG field: (log2(granule) - 10) / 2 (facts §5.4). */
static uint8_t inv_tg_(unsigned int g)
{
	return (uint8_t)((g - 10u) / 2u);
}

/*
 * Pages in [addr, addr + size) with 2^g pages: the range rounded out to
 * whole pages. 0 for size 0; -VSMMU_ERR_RANGE if it wraps.
 */
static int inv_pages_(uint64_t addr, uint64_t size, unsigned int g,
		      uint64_t *first, uint64_t *pages)
{
	uint64_t end;

	*pages = 0;
	*first = addr & ~((1ull << g) - 1u);
	if (!size)
		return 0;
	if (vsmmu_add_overflow(addr, size - 1u, &end))
		return -VSMMU_ERR_RANGE;
	*pages = ((end >> g) - (*first >> g)) + 1u;
	return 0;
}

/*
 * Whether a range is better invalidated wholesale: more than
 * inv_max_pages single commands without RIL, or (with RIL) so many pages
 * that the range commands would run past SCALE = 31 (2^36 pages).
 */
static bool inv_too_wide_(const struct psmmu *p, uint64_t pages)
{
	if (p->feat.mask & PSMMU_FEAT_RIL)
		return pages >= (1ull << 36);
	return pages > p->cfg.inv_max_pages;
}

/*
 * Cover `pages` pages from `addr` with range commands: each covers
 * (NUM + 1) * 2^SCALE pages (facts §5.4), NUM 0..31, SCALE 0..31. Taking
 * SCALE as the lowest set bit of what is left and NUM from the five bits
 * from there clears those bits, so below 2^36 pages the loop runs at most
 * 8 times (the guard is only a backstop). A single page goes as a plain
 * command (TG = 0): NUM = SCALE = TTL = 0 with TG != 0 is reserved.
 */
static int inv_range_(struct psmmu_batch *b, struct smmu_cmd *c,
		      uint64_t addr, uint64_t pages, unsigned int g)
{
	unsigned int scale, guard;
	uint64_t num;
	int err;

	for (guard = 0; pages && guard < 128; guard++) {
		scale = vsmmu_ctz64(pages);
		if (scale > 31)
			scale = 31;
		num = (pages >> scale) & 31u;
		if (!num)
			num = VSMMU_MIN(pages >> scale, 32ull);
		if (num == 1 && scale == 0) {
			c->tg = SMMU_CMD_TG_ANY;
			c->num = 0;
			c->scale = 0;
		} else {
			c->tg = inv_tg_(g);
			c->num = (uint8_t)(num - 1u);
			c->scale = (uint8_t)scale;
		}
		c->addr = addr;
		err = psmmu_batch_add(b, c);
		if (err)
			return err;
		addr += (num << scale) << g;
		pages -= num << scale;
	}
	return pages ? -VSMMU_ERR_INTERNAL : 0;
}

int psmmu_batch_inv_asid(struct psmmu_batch *b, const struct psmmu_domain *dom,
			 uint16_t asid)
{
	struct smmu_cmd c = { .op = SMMU_CMD_TLBI_NH_ASID };

	if (!b || !dom)
		return -VSMMU_ERR_INVAL;
	c.vmid = dom->vmid;
	c.asid = asid;
	return psmmu_batch_add(b, &c);
}

int psmmu_batch_inv_va(struct psmmu_batch *b, const struct psmmu_domain *dom,
		       uint16_t asid, uint64_t iova, uint64_t size,
		       unsigned int granule_log2, bool leaf)
{
	struct smmu_cmd c = { .op = SMMU_CMD_TLBI_NH_VA };
	uint64_t first, pages, i;
	int err;

	if (!b || !b->p || !dom || !inv_gran_ok_(granule_log2))
		return -VSMMU_ERR_INVAL;
	err = inv_pages_(iova, size, granule_log2, &first, &pages);
	if (err || !pages)
		return err;
	c.vmid = dom->vmid;
	c.asid = asid;
	c.leaf = leaf;
	if (inv_too_wide_(b->p, pages))
		return psmmu_batch_inv_asid(b, dom, asid);
	if (b->p->feat.mask & PSMMU_FEAT_RIL)
		return inv_range_(b, &c, first, pages, granule_log2);
	for (i = 0; i < pages; i++) {
		c.addr = first + (i << granule_log2);
		err = psmmu_batch_add(b, &c);
		if (err)
			return err;
	}
	return 0;
}

int psmmu_batch_inv_vmid_s1(struct psmmu_batch *b,
			    const struct psmmu_domain *dom)
{
	struct smmu_cmd c = { .op = SMMU_CMD_TLBI_NH_ALL };

	if (!b || !dom)
		return -VSMMU_ERR_INVAL;
	c.vmid = dom->vmid;
	return psmmu_batch_add(b, &c);
}

int psmmu_batch_inv_vmid(struct psmmu_batch *b, const struct psmmu_domain *dom)
{
	struct smmu_cmd c = { .op = SMMU_CMD_TLBI_S12_VMALL };

	if (!b || !dom)
		return -VSMMU_ERR_INVAL;
	c.vmid = dom->vmid;
	return psmmu_batch_add(b, &c);
}

int psmmu_batch_inv_ipa(struct psmmu_batch *b, const struct psmmu_domain *dom,
			uint64_t ipa, uint64_t size, unsigned int granule_log2,
			bool leaf)
{
	struct smmu_cmd c = { .op = SMMU_CMD_TLBI_S2_IPA };
	uint64_t first, pages, i;
	int err;

	if (!b || !b->p || !dom || !inv_gran_ok_(granule_log2))
		return -VSMMU_ERR_INVAL;
	err = inv_pages_(ipa, size, granule_log2, &first, &pages);
	if (err || !pages)
		return err;
	c.vmid = dom->vmid;
	c.leaf = leaf;
	if (inv_too_wide_(b->p, pages)) {
		/* S12_VMALL covers the combined entries as well */
		return psmmu_batch_inv_vmid(b, dom);
	} else if (b->p->feat.mask & PSMMU_FEAT_RIL) {
		err = inv_range_(b, &c, first, pages, granule_log2);
	} else {
		for (i = 0; i < pages && !err; i++) {
			c.addr = first + (i << granule_log2);
			err = psmmu_batch_add(b, &c);
		}
	}
	if (err)
		return err;
	/* S2_IPA leaves combined S1+S2 entries (facts Appendix B) */
	return psmmu_batch_inv_vmid_s1(b, dom);
}

int psmmu_batch_inv_cd(struct psmmu_batch *b, uint32_t sid, uint32_t ssid,
		       bool leaf)
{
	struct smmu_cmd c = { .op = SMMU_CMD_CFGI_CD };

	if (!b)
		return -VSMMU_ERR_INVAL;
	c.sid = sid;
	c.ssid = ssid;
	c.leaf = leaf;
	return psmmu_batch_add(b, &c);
}

int psmmu_batch_inv_cd_all(struct psmmu_batch *b, uint32_t sid)
{
	struct smmu_cmd c = { .op = SMMU_CMD_CFGI_CD_ALL };

	if (!b)
		return -VSMMU_ERR_INVAL;
	c.sid = sid;
	return psmmu_batch_add(b, &c);
}

/* ---- One batch, one sync ------------------------------------------------ */

static int inv_finish_(struct psmmu_batch *b, int err)
{
	if (err)
		return err;
	return psmmu_batch_submit(b);
}

int psmmu_inv_asid(struct psmmu *p, const struct psmmu_domain *dom,
		   uint16_t asid)
{
	struct psmmu_batch b;

	if (!p)
		return -VSMMU_ERR_INVAL;
	psmmu_batch_init(p, &b);
	return inv_finish_(&b, psmmu_batch_inv_asid(&b, dom, asid));
}

int psmmu_inv_va(struct psmmu *p, const struct psmmu_domain *dom,
		 uint16_t asid, uint64_t iova, uint64_t size,
		 unsigned int granule_log2, bool leaf)
{
	struct psmmu_batch b;

	if (!p)
		return -VSMMU_ERR_INVAL;
	psmmu_batch_init(p, &b);
	return inv_finish_(&b, psmmu_batch_inv_va(&b, dom, asid, iova, size,
						  granule_log2, leaf));
}

int psmmu_inv_vmid_s1(struct psmmu *p, const struct psmmu_domain *dom)
{
	struct psmmu_batch b;

	if (!p)
		return -VSMMU_ERR_INVAL;
	psmmu_batch_init(p, &b);
	return inv_finish_(&b, psmmu_batch_inv_vmid_s1(&b, dom));
}

int psmmu_inv_vmid(struct psmmu *p, const struct psmmu_domain *dom)
{
	struct psmmu_batch b;

	if (!p)
		return -VSMMU_ERR_INVAL;
	psmmu_batch_init(p, &b);
	return inv_finish_(&b, psmmu_batch_inv_vmid(&b, dom));
}

int psmmu_inv_ipa(struct psmmu *p, const struct psmmu_domain *dom,
		  uint64_t ipa, uint64_t size, unsigned int granule_log2,
		  bool leaf)
{
	struct psmmu_batch b;

	if (!p)
		return -VSMMU_ERR_INVAL;
	psmmu_batch_init(p, &b);
	return inv_finish_(&b, psmmu_batch_inv_ipa(&b, dom, ipa, size,
						   granule_log2, leaf));
}

int psmmu_inv_cd(struct psmmu *p, uint32_t sid, uint32_t ssid, bool leaf)
{
	struct psmmu_batch b;

	if (!p)
		return -VSMMU_ERR_INVAL;
	psmmu_batch_init(p, &b);
	return inv_finish_(&b, psmmu_batch_inv_cd(&b, sid, ssid, leaf));
}

int psmmu_inv_cd_all(struct psmmu *p, uint32_t sid)
{
	struct psmmu_batch b;

	if (!p)
		return -VSMMU_ERR_INVAL;
	psmmu_batch_init(p, &b);
	return inv_finish_(&b, psmmu_batch_inv_cd_all(&b, sid));
}
