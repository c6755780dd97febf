// SPDX-License-Identifier: MIT
/*
 * The passthrough-fragment rewriter. A fragment (Xen's partial device
 * tree: nodes under /passthrough) describes assigned devices with the
 * host's IOMMU specifiers: iommus = <host-smmu-phandle pSID> and, for a
 * PCI host bridge, iommu-map = <rid-base host-smmu-phandle pSID length>.
 * In the guest those must name the vSMMU and the domain's vSIDs.
 *
 * The host SMMUv3's #iommu-cells is 1 (facts §9), so an iommus entry is
 * two cells and an iommu-map entry four; the rewrite keeps every length,
 * so it is done in place and cannot run out of space.
 */
#include "vsmmu/env.h"
#include "vsmmu/fdt.h"
#include "internal.h"

/*
 * The map entry holding pSIDs psid .. psid + count - 1 of smmu, owned by
 * the device at path (any device when path is NULL).
 */
static const struct vfdt_vsid_ent *
vfdt_map_find_(const struct vfdt_vsid_map *map, unsigned int smmu,
	       uint32_t psid, uint32_t count, const char *path)
{
	size_t i;

	for (i = 0; i < map->n; i++) {
		const struct vfdt_vsid_ent *m = &map->ents[i];

		if (m->smmu != smmu || psid < m->psid ||
		    psid - m->psid >= m->count ||
		    count > m->count - (psid - m->psid))
			continue;
		if (path && !vfdt_streq_(path, m->path))
			continue;
		return m;
	}
	return NULL;
}

static int vfdt_set_cell_(void *gt, int off, const char *name, size_t idx,
			  uint32_t val, struct vfdt_err_ *e)
{
	fdt32_t be = cpu_to_fdt32(val);
	int rc;

	rc = fdt_setprop_inplace_namelen_partial(gt, off, name,
						 (int)vfdt_strnlen_(name, 64),
						 (uint32_t)(idx * 4), &be, 4);
	return rc ? vfdt_out_err_(rc, name, e) : 0;
}

/* The node's xen,path (the host device it stands for), or NULL. */
static const char *vfdt_xen_path_(const void *gt, int off)
{
	const char *s;
	int len;

	s = fdt_getprop(gt, off, "xen,path", &len);
	if (!s || len <= 0 || s[len - 1] != '\0')
		return NULL;
	return s;
}

/*
 * Resolve one (host phandle, pSID, count) reference of node off: the map
 * entry, or an error that says what is wrong with it.
 */
static int vfdt_resolve_(const void *gt, int off, const char *prop, size_t k,
			 const struct vfdt_host *h,
			 const struct vfdt_vsid_map *map, uint32_t ph,
			 uint32_t psid, uint32_t count,
			 const struct vfdt_vsid_ent **out, struct vfdt_err_ *e)
{
	const char *xp = vfdt_xen_path_(gt, off);
	int smmu = vfdt_host_smmu_by_phandle(h, ph);
	char path[VFDT_PATH_MAX];

	if (smmu < 0)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property %s: entry %zu: phandle "
				  "0x%x is not an SMMUv3 of the host tree",
				  vfdt_path_(gt, off, path, sizeof(path)), prop,
				  k, ph);
	*out = vfdt_map_find_(map, (unsigned int)smmu, psid, count, xp);
	if (!*out)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADCFG,
				  "node %s property %s: entry %zu: pSID "
				  "0x%x..0x%x of %s does not belong to %s%s",
				  vfdt_path_(gt, off, path, sizeof(path)), prop,
				  k, psid, psid + (count - 1),
				  h->smmus[smmu].path,
				  xp ? xp : "a device of dtdev",
				  xp ? " (xen,path) in dtdev" : "");
	return 0;
}

static int vfdt_pt_iommus_(void *gt, int off, const struct vfdt_host *h,
			   const struct vfdt_vsid_map *map, uint32_t vph,
			   bool commit, struct vfdt_err_ *e)
{
	const void *p;
	const struct vfdt_vsid_ent *m;
	int len, rc;
	size_t i, n;
	char path[VFDT_PATH_MAX];

	p = fdt_getprop(gt, off, "iommus", &len);
	if (!p)
		return 0;
	if (len <= 0 || len % 8)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property iommus: length %d is not a "
				  "whole number of <phandle StreamID> pairs",
				  vfdt_path_(gt, off, path, sizeof(path)), len);
	n = (size_t)len / 8;
	for (i = 0; i < n; i++) {
		p = fdt_getprop(gt, off, "iommus", &len);
		if (!p)
			return vfdt_out_err_(len, "iommus", e);
		rc = vfdt_resolve_(gt, off, "iommus", i, h, map,
				   vfdt_cell_(p, 2 * i),
				   vfdt_cell_(p, 2 * i + 1), 1, &m, e);
		if (rc)
			return rc;
		if (!commit)
			continue;
		rc = vfdt_set_cell_(gt, off, "iommus", 2 * i, vph, e);
		if (rc == 0)
			rc = vfdt_set_cell_(
				gt, off, "iommus", 2 * i + 1,
				m->vsid + (vfdt_cell_(p, 2 * i + 1) - m->psid),
				e);
		if (rc)
			return rc;
	}
	return 0;
}

static int vfdt_pt_iommu_map_(void *gt, int off, const struct vfdt_host *h,
			      const struct vfdt_vsid_map *map, uint32_t vph,
			      bool commit, struct vfdt_err_ *e)
{
	const void *p;
	const struct vfdt_vsid_ent *m;
	int len, rc;
	size_t i, n;
	uint32_t rid, psid, cnt, last;
	char path[VFDT_PATH_MAX];

	p = fdt_getprop(gt, off, "iommu-map", &len);
	if (!p)
		return 0;
	if (len <= 0 || len % 16)
		return VFDT_FAIL_(
			e, -VSMMU_ERR_BADFDT,
			"node %s property iommu-map: length %d is not a whole "
			"number of <rid-base phandle sid-base length> entries",
			vfdt_path_(gt, off, path, sizeof(path)), len);
	n = (size_t)len / 16;
	for (i = 0; i < n; i++) {
		p = fdt_getprop(gt, off, "iommu-map", &len);
		if (!p)
			return vfdt_out_err_(len, "iommu-map", e);
		rid = vfdt_cell_(p, 4 * i);
		psid = vfdt_cell_(p, 4 * i + 2);
		cnt = vfdt_cell_(p, 4 * i + 3);
		if (cnt == 0 || vsmmu_add_overflow(rid, cnt - 1, &last) ||
		    vsmmu_add_overflow(psid, cnt - 1, &last))
			return VFDT_FAIL_(
				e, -VSMMU_ERR_BADFDT,
				"node %s property iommu-map: entry %zu has "
				"length %u (empty or wraps)",
				vfdt_path_(gt, off, path, sizeof(path)), i,
				cnt);
		rc = vfdt_resolve_(gt, off, "iommu-map", i, h, map,
				   vfdt_cell_(p, 4 * i + 1), psid, cnt, &m, e);
		if (rc)
			return rc;
		if (!commit)
			continue;
		rc = vfdt_set_cell_(gt, off, "iommu-map", 4 * i + 1, vph, e);
		if (rc == 0)
			rc = vfdt_set_cell_(gt, off, "iommu-map", 4 * i + 2,
					    m->vsid + (psid - m->psid), e);
		if (rc)
			return rc;
	}
	return 0;
}

int vfdt_pt_rewrite_(void *gt, const struct vfdt_host *h,
		     const struct vfdt_vsid_map *map, uint32_t vsmmu_phandle,
		     bool commit, struct vfdt_err_ *e)
{
	int off, depth = 0, rc;

	for (off = fdt_next_node(gt, -1, &depth); off >= 0;
	     off = fdt_next_node(gt, off, &depth)) {
		rc = vfdt_pt_iommus_(gt, off, h, map, vsmmu_phandle, commit, e);
		if (rc == 0)
			rc = vfdt_pt_iommu_map_(gt, off, h, map, vsmmu_phandle,
						commit, e);
		if (rc)
			return rc;
	}
	if (off != -FDT_ERR_NOTFOUND)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "passthrough fragment: %s",
				  fdt_strerror(off));
	return 0;
}

int vfdt_pt_strip_(void *gt, struct vfdt_err_ *e)
{
	static const char *const names[] = {"iommus", "iommu-map",
					    "iommu-map-mask"};
	int off, depth = 0, rc;
	size_t i;

	/*
	 * Deleting a property moves only what follows it, so the walk can go
	 * on from the node it is at.
	 */
	for (off = fdt_next_node(gt, -1, &depth); off >= 0;
	     off = fdt_next_node(gt, off, &depth)) {
		for (i = 0; i < VSMMU_ARRAY_SIZE(names); i++) {
			rc = fdt_delprop(gt, off, names[i]);
			if (rc && rc != -FDT_ERR_NOTFOUND)
				return vfdt_out_err_(rc, names[i], e);
		}
	}
	if (off != -FDT_ERR_NOTFOUND)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "passthrough fragment: %s",
				  fdt_strerror(off));
	return 0;
}
