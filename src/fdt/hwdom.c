// SPDX-License-Identifier: MIT
/*
 * The hardware domain's tree. The hardware domain sees the host's SMMUs
 * where they are, but each one is now a vSMMU in front of the physical
 * one: same reg, interrupts and phandle, and vSID = pSID, so every
 * "iommus" and "iommu-map" of the host stays true as it is.
 */
#include "vsmmu/env.h"
#include "vsmmu/fdt.h"
#include "internal.h"

/*
 * Properties of a physical SMMU node that the emulation does not offer:
 * the vSMMU signals through its wired lines (its MSIs would need a
 * DeviceID at the hardware domain's ITS), and it has none of the quirks
 * (facts §9).
 */
static const char *const vfdt_hw_drop_[] = {
	"msi-parent",
	"hisilicon,broken-prefetch-cmd",
	"cavium,cn9900-broken-page1-regspace",
};

static int vfdt_hw_plan_(struct vfdt_vsid_map *map, const struct vfdt_sids *s,
			 size_t nsmmus, struct vfdt_err_ *e)
{
	size_t i;
	struct vfdt_vsid_ent *m;

	if (s->smmu >= nsmmus || !s->count)
		return VFDT_FAIL_(e, -VSMMU_ERR_INVAL,
				  "host: SID range of %s is not one vfdt_host_read made",
				  s->path);
	for (i = 0; i < map->n; i++) {
		m = &map->ents[i];
		if (m->smmu != s->smmu ||
		    s->sid_base > m->psid + (m->count - 1) ||
		    m->psid > s->sid_base + (s->count - 1))
			continue;
		/* Identity needs each pSID once; a covered range is done. */
		if (s->sid_base >= m->psid &&
		    s->sid_base + (s->count - 1) <= m->psid + (m->count - 1))
			return 0;
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s: SIDs 0x%x..0x%x partly overlap those of %s",
				  s->path, s->sid_base, s->sid_base + (s->count - 1),
				  m->path);
	}
	if (map->n >= map->max)
		return VFDT_FAIL_(e, -VSMMU_ERR_NOSPACE,
				  "vSID map: more than %zu ranges", map->max);
	m = &map->ents[map->n++];
	vsmmu_memcpy(m->path, s->path, sizeof(m->path));
	m->smmu = s->smmu;
	m->psid = s->sid_base;
	m->vsid = s->sid_base;
	m->count = s->count;
	return 0;
}

int vfdt_hwdom_build(const void *host_fdt, size_t host_size,
		     const struct vfdt_host *h,
		     const struct vfdt_vsid_ops *ops, void *out, int outsize,
		     struct vfdt_vsid_map *map, char *err, size_t errlen)
{
	struct vfdt_err_ e = { err, errlen };
	size_t i, k;
	int off, rc;

	if (err && errlen)
		err[0] = '\0';
	if (!h || !ops || !ops->identity || !out || !map ||
	    (map->max && !map->ents))
		return VFDT_FAIL_(&e, -VSMMU_ERR_INVAL, "hwdom: bad arguments");
	map->n = 0;
	rc = vfdt_check_blob_(host_fdt, host_size, "host tree", &e);
	if (rc)
		return rc;
	/* Plan the larger ranges first so that covered ones fold into them. */
	for (i = 0; i < h->nsids; i++) {
		if (h->sids[i].kind != VFDT_SID_IOMMU_MAP)
			continue;
		rc = vfdt_hw_plan_(map, &h->sids[i], h->nsmmus, &e);
		if (rc)
			return rc;
	}
	for (i = 0; i < h->nsids; i++) {
		if (h->sids[i].kind != VFDT_SID_IOMMUS)
			continue;
		rc = vfdt_hw_plan_(map, &h->sids[i], h->nsmmus, &e);
		if (rc)
			return rc;
	}

	rc = fdt_open_into(host_fdt, out, outsize);
	if (rc)
		return vfdt_out_err_(rc, "hardware-domain tree", &e);
	for (i = 0; i < h->nsmmus; i++) {
		/* By path: each deletion moves the offsets after it. */
		off = fdt_path_offset(out, h->smmus[i].path);
		if (off < 0)
			return VFDT_FAIL_(&e, -VSMMU_ERR_INVAL,
					  "hwdom: %s is not in this host tree",
					  h->smmus[i].path);
		for (k = 0; k < VSMMU_ARRAY_SIZE(vfdt_hw_drop_); k++) {
			rc = fdt_delprop(out, off, vfdt_hw_drop_[k]);
			if (rc && rc != -FDT_ERR_NOTFOUND)
				return vfdt_out_err_(rc, vfdt_hw_drop_[k], &e);
		}
	}
	rc = fdt_pack(out);
	if (rc)
		return vfdt_out_err_(rc, "pack", &e);

	/* Commit. */
	for (i = 0; i < map->n; i++) {
		struct vfdt_vsid_ent *m = &map->ents[i];

		rc = ops->identity(ops->ctx, m->smmu, m->psid, m->count);
		if (rc)
			return VFDT_FAIL_(&e, rc < 0 ? rc : -VSMMU_ERR_INTERNAL,
					  "%s: identity map of pSID 0x%x (+%u) on %s failed: %s",
					  m->path, m->psid, m->count,
					  h->smmus[m->smmu].path, vsmmu_strerror(rc));
	}
	return 0;
}
