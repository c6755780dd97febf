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

/* A property is rebuilt under this name, then moved back (see below). */
#define VFDT_HW_TMP_ "vsmmu,rebuild"

static bool vfdt_hw_hidden_(const struct vfdt_host *h, uint32_t ph)
{
	int i = vfdt_host_smmu_by_phandle(h, ph);

	return i >= 0 && h->smmus[i].hidden;
}

/*
 * Entry k of an iommus (map false) or iommu-map (map true) value of n
 * cells starting at cell i: its length in cells and the IOMMU phandle.
 * The tree passed vfdt_host_read, but every bound is checked again.
 */
static int vfdt_hw_entry_(const void *fdt, const void *p, size_t n, size_t i,
			  bool map, size_t *span, uint32_t *ph)
{
	size_t fixed = map ? 3 : 1;
	uint32_t cells;
	int t;

	if (n - i < fixed)
		return -VSMMU_ERR_BADFDT;
	*ph = vfdt_cell_(p, i + (map ? 1 : 0));
	t = fdt_node_offset_by_phandle(fdt, *ph);
	if (t < 0 || vfdt_get_u32_(fdt, t, "#iommu-cells", &cells,
				   &(struct vfdt_err_){NULL, 0}))
		return -VSMMU_ERR_BADFDT;
	if (cells > n - i - fixed)
		return -VSMMU_ERR_BADFDT;
	*span = fixed + cells;
	return 0;
}

/* Copy cells [i, i + count) of property name to the end of property to. */
static int vfdt_hw_append_(void *fdt, int node, const char *name,
			   const char *to, size_t i, size_t count)
{
	const void *p;
	size_t k;
	int len, rc;

	for (k = 0; k < count; k++) {
		/* Appending moves what follows: fetch the source again. */
		p = fdt_getprop(fdt, node, name, &len);
		if (!p || (size_t)len / 4 <= i + k)
			return -VSMMU_ERR_INTERNAL;
		rc = fdt_appendprop_u32(fdt, node, to, vfdt_cell_(p, i + k));
		if (rc)
			return rc == -FDT_ERR_NOSPACE ? -VSMMU_ERR_NOSPACE
						      : -VSMMU_ERR_INTERNAL;
	}
	return 0;
}

static int vfdt_hw_fail_(int rc, const char *name, struct vfdt_err_ *e)
{
	if (rc == -VSMMU_ERR_NOSPACE)
		return VFDT_FAIL_(e, rc, "output buffer too small (%s)", name);
	return VFDT_FAIL_(e, rc, "rebuilding %s failed", name);
}

/*
 * Drop the entries of property name of node that name a hidden SMMU.
 * libfdt cannot shorten a property in place, and the core may not
 * allocate: the kept entries are appended to a temporary property, the
 * original is deleted, and the kept cells are appended back under the
 * original name. An empty result removes the property (and, for
 * iommu-map, its iommu-map-mask).
 */
static int vfdt_hw_filter_(void *fdt, int node, const char *name, bool map,
			   const struct vfdt_host *h, struct vfdt_err_ *e)
{
	const void *p;
	size_t n, i, span, kept = 0;
	uint32_t ph;
	int len, rc;
	bool any = false;
	char path[VFDT_PATH_MAX];

	p = fdt_getprop(fdt, node, name, &len);
	if (!p || len <= 0 || len % 4)
		return 0;
	n = (size_t)len / 4;
	for (i = 0; i < n; i += span) {
		if (vfdt_hw_entry_(fdt, p, n, i, map, &span, &ph))
			return VFDT_FAIL_(
				e, -VSMMU_ERR_BADFDT,
				"node %s property %s: malformed entry at cell "
				"%zu",
				vfdt_path_(fdt, node, path, sizeof(path)), name,
				i);
		any |= vfdt_hw_hidden_(h, ph);
	}
	if (!any)
		return 0;
	if (fdt_getprop(fdt, node, VFDT_HW_TMP_, NULL))
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s: property %s is reserved for vsmmu",
				  vfdt_path_(fdt, node, path, sizeof(path)),
				  VFDT_HW_TMP_);
	for (i = 0; i < n; i += span) {
		p = fdt_getprop(fdt, node, name, &len);
		if (!p || vfdt_hw_entry_(fdt, p, n, i, map, &span, &ph))
			return VFDT_FAIL_(e, -VSMMU_ERR_INTERNAL, "%s moved",
					  name);
		if (vfdt_hw_hidden_(h, ph))
			continue;
		rc = vfdt_hw_append_(fdt, node, name, VFDT_HW_TMP_, i, span);
		if (rc)
			return vfdt_hw_fail_(rc, name, e);
		kept += span;
	}
	rc = fdt_delprop(fdt, node, name);
	if (rc)
		return vfdt_out_err_(rc, name, e);
	if (kept) {
		rc = vfdt_hw_append_(fdt, node, VFDT_HW_TMP_, name, 0, kept);
		if (rc)
			return vfdt_hw_fail_(rc, name, e);
		rc = fdt_delprop(fdt, node, VFDT_HW_TMP_);
	} else if (map) {
		rc = fdt_delprop(fdt, node, "iommu-map-mask");
		if (rc == -FDT_ERR_NOTFOUND)
			rc = 0;
	}
	return rc ? vfdt_out_err_(rc, name, e) : 0;
}

/* Remove every reference to a hidden SMMU, then the SMMU nodes. */
static int vfdt_hw_hide_(void *fdt, const struct vfdt_host *h,
			 struct vfdt_err_ *e)
{
	int off, depth = 0, rc;
	size_t i;
	bool any = false;

	for (i = 0; i < h->nsmmus; i++)
		any |= h->smmus[i].hidden;
	if (!any)
		return 0;
	for (off = fdt_next_node(fdt, -1, &depth); off >= 0;
	     off = fdt_next_node(fdt, off, &depth)) {
		rc = vfdt_hw_filter_(fdt, off, "iommus", false, h, e);
		if (rc == 0)
			rc = vfdt_hw_filter_(fdt, off, "iommu-map", true, h, e);
		if (rc)
			return rc;
	}
	for (i = 0; i < h->nsmmus; i++) {
		if (!h->smmus[i].hidden)
			continue;
		off = fdt_path_offset(fdt, h->smmus[i].path);
		rc = off < 0 ? off : fdt_del_node(fdt, off);
		if (rc)
			return vfdt_out_err_(rc, h->smmus[i].path, e);
	}
	return 0;
}

static int vfdt_hw_plan_(struct vfdt_vsid_map *map, const struct vfdt_sids *s,
			 size_t nsmmus, struct vfdt_err_ *e)
{
	size_t i;
	struct vfdt_vsid_ent *m;

	if (s->smmu >= nsmmus || !s->count)
		return VFDT_FAIL_(
			e, -VSMMU_ERR_INVAL,
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
		return VFDT_FAIL_(
			e, -VSMMU_ERR_BADFDT,
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
		     const struct vfdt_host *h, const struct vfdt_vsid_ops *ops,
		     void *out, int outsize, struct vfdt_vsid_map *map,
		     char *err, size_t errlen)
{
	struct vfdt_err_ e = {err, errlen};
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
		if (h->sids[i].kind != VFDT_SID_IOMMU_MAP ||
		    (h->sids[i].smmu < h->nsmmus &&
		     h->smmus[h->sids[i].smmu].hidden))
			continue;
		rc = vfdt_hw_plan_(map, &h->sids[i], h->nsmmus, &e);
		if (rc)
			return rc;
	}
	for (i = 0; i < h->nsids; i++) {
		if (h->sids[i].kind != VFDT_SID_IOMMUS ||
		    (h->sids[i].smmu < h->nsmmus &&
		     h->smmus[h->sids[i].smmu].hidden))
			continue;
		rc = vfdt_hw_plan_(map, &h->sids[i], h->nsmmus, &e);
		if (rc)
			return rc;
	}

	rc = fdt_open_into(host_fdt, out, outsize);
	if (rc)
		return vfdt_out_err_(rc, "hardware-domain tree", &e);
	rc = vfdt_hw_hide_(out, h, &e);
	if (rc)
		return rc;
	for (i = 0; i < h->nsmmus; i++) {
		if (h->smmus[i].hidden)
			continue;
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
		if (rc) {
			rc = VFDT_FAIL_(&e, rc < 0 ? rc : -VSMMU_ERR_INTERNAL,
					"%s: identity map of pSID 0x%x (+%u) "
					"on %s failed: %s",
					m->path, m->psid, m->count,
					h->smmus[m->smmu].path,
					vsmmu_strerror(rc));
			vfdt_release_(ops, map, i);
			map->n = 0;
			return rc;
		}
	}
	return 0;
}
