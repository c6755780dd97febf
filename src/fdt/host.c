// SPDX-License-Identifier: MIT
/*
 * The host-tree reader: the physical SMMUv3 nodes (facts §9), and which
 * StreamIDs each device ("iommus") and each PCI host bridge ("iommu-map",
 * "iommu-map-mask") routes to them.
 *
 * The tree is untrusted input: every length is checked against the number
 * of cells it must hold before a cell is read, and every phandle is
 * resolved through libfdt before it is followed.
 */
#include "vsmmu/env.h"
#include "vsmmu/fdt.h"
#include "internal.h"

static int vfdt_read_reg_(const void *fdt, int off, struct vfdt_psmmu *s,
			  struct vfdt_err_ *e)
{
	int bus, ac, sc, len, rc;
	const void *p;
	uint64_t end;

	bus = fdt_parent_offset(fdt, off);
	if (bus < 0)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s: an SMMU cannot be the root",
				  s->path);
	rc = vfdt_bus_cells_(fdt, bus, &ac, &sc, e);
	if (rc)
		return rc;
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return VFDT_FAIL_(e, -VSMMU_ERR_NOTSUPP,
				  "node %s property reg: parent has %d address "
				  "and %d size cells; 1 or 2 supported",
				  s->path, ac, sc);
	p = fdt_getprop(fdt, off, "reg", &len);
	if (!p)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property reg: missing (required by "
				  "arm,smmu-v3)",
				  s->path);
	/* The binding allows exactly one region. */
	if (len != (ac + sc) * 4)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property reg: length %d, expected "
				  "one region of %d cells",
				  s->path, len, ac + sc);
	s->base = vfdt_cells64_(p, 0, ac);
	s->size = vfdt_cells64_(p, (size_t)ac, sc);
	if (s->size == 0 || vsmmu_add_overflow(s->base, s->size - 1, &end))
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property reg: region 0x%llx+0x%llx "
				  "is empty or wraps",
				  s->path, (unsigned long long)s->base,
				  (unsigned long long)s->size);
	rc = vfdt_translate_(fdt, bus, &s->base, e);
	if (rc)
		return rc;
	if (vsmmu_add_overflow(s->base, s->size - 1, &end))
		return VFDT_FAIL_(
			e, -VSMMU_ERR_BADFDT,
			"node %s property reg: translated region wraps",
			s->path);
	return 0;
}

static int vfdt_read_irqs_(const void *fdt, int off, struct vfdt_psmmu *s,
			   struct vfdt_err_ *e)
{
	const void *p;
	int len, parent, rc, nnames;
	uint32_t cells, i, j;
	size_t ncells;

	p = fdt_getprop(fdt, off, "interrupts", &len);
	if (!p) {
		if (fdt_getprop(fdt, off, "interrupts-extended", &len))
			return VFDT_FAIL_(
				e, -VSMMU_ERR_NOTSUPP,
				"node %s property interrupts-extended: not "
				"supported, use interrupts",
				s->path);
		return 0; /* optional in the binding: MSIs only */
	}
	rc = vfdt_irq_parent_(fdt, off, &parent, &cells, e);
	if (rc == -VSMMU_ERR_NOENT)
		return VFDT_FAIL_(
			e, -VSMMU_ERR_BADFDT,
			"node %s property interrupts: no interrupt parent",
			s->path);
	if (rc)
		return rc;
	if (len <= 0 || len % (int)(4 * cells))
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property interrupts: length %d is "
				  "not a whole number of %u-cell specifiers",
				  s->path, len, cells);
	ncells = (size_t)len / 4;
	if (ncells / cells > VFDT_IRQ_MAX)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property interrupts: %zu "
				  "specifiers, the binding allows 1 to %u",
				  s->path, ncells / cells, VFDT_IRQ_MAX);
	s->irq_parent = fdt_get_phandle(fdt, parent);
	s->nirqs = (uint32_t)(ncells / cells);
	for (i = 0; i < s->nirqs; i++) {
		s->irqs[i].ncells = cells;
		for (j = 0; j < cells; j++)
			s->irqs[i].cells[j] =
				vfdt_cell_(p, (size_t)i * cells + j);
	}

	nnames = fdt_stringlist_count(fdt, off, "interrupt-names");
	if (nnames == -FDT_ERR_NOTFOUND)
		return 0;
	if (nnames < 0 || (uint32_t)nnames != s->nirqs)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property interrupt-names: %d names "
				  "for %u interrupts",
				  s->path, nnames, s->nirqs);
	for (i = 0; i < s->nirqs; i++) {
		const char *n = fdt_stringlist_get(fdt, off, "interrupt-names",
						   (int)i, &len);

		if (!n || !vfdt_strlcpy_(s->irqs[i].name, n, VFDT_IRQ_NAME_MAX))
			return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
					  "node %s property interrupt-names: "
					  "name %u is malformed or too long",
					  s->path, i);
	}
	return 0;
}

static int vfdt_read_msi_(const void *fdt, int off, struct vfdt_psmmu *s,
			  struct vfdt_err_ *e)
{
	const void *p;
	int len, t, rc;
	uint32_t cells = 0, i;

	p = fdt_getprop(fdt, off, "msi-parent", &len);
	if (!p)
		return 0;
	if (len < 4 || len % 4)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property msi-parent: length %d is "
				  "not a phandle and its cells",
				  s->path, len);
	t = vfdt_phandle_node_(fdt, off, "msi-parent", vfdt_cell_(p, 0), e);
	if (t < 0)
		return t;
	rc = vfdt_get_u32_(fdt, t, "#msi-cells", &cells, e);
	if (rc && rc != -VSMMU_ERR_NOENT)
		return rc;
	if (cells > VFDT_MSI_CELLS_MAX || (uint32_t)len != 4 * (1 + cells))
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property msi-parent: length %d, "
				  "expected one phandle and %u cells",
				  s->path, len, cells);
	for (i = 0; i <= cells; i++)
		s->msi_parent[i] = vfdt_cell_(p, i);
	s->msi_parent_ncells = 1 + cells;
	return 0;
}

static int vfdt_read_smmu_(const void *fdt, int off, struct vfdt_psmmu *s,
			   struct vfdt_err_ *e)
{
	int rc;
	uint32_t cells;

	vsmmu_memset(s, 0, sizeof(*s));
	if (fdt_get_path(fdt, off, s->path, (int)sizeof(s->path)) < 0)
		return VFDT_FAIL_(
			e, -VSMMU_ERR_BADFDT,
			"SMMU node at offset %d: path longer than %u bytes",
			off, VFDT_PATH_MAX - 1);
	rc = vfdt_get_u32_(fdt, off, "#iommu-cells", &cells, e);
	if (rc == -VSMMU_ERR_NOENT)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property #iommu-cells: missing "
				  "(arm,smmu-v3 requires 1)",
				  s->path);
	if (rc)
		return rc;
	if (cells != 1)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property #iommu-cells: %u, "
				  "arm,smmu-v3 requires 1 (the StreamID)",
				  s->path, cells);
	s->phandle = fdt_get_phandle(fdt, off);
	if (s->phandle == 0xffffffffu)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property phandle: bad phandle 0x%x",
				  s->path, s->phandle);
	rc = vfdt_read_reg_(fdt, off, s, e);
	if (rc == 0)
		rc = vfdt_read_irqs_(fdt, off, s, e);
	if (rc == 0)
		rc = vfdt_read_msi_(fdt, off, s, e);
	s->dma_coherent = fdt_getprop(fdt, off, "dma-coherent", NULL) != NULL;
	return rc;
}

static int vfdt_add_sids_(struct vfdt_host *h, const char *path,
			  const struct vfdt_sids *tmpl, struct vfdt_err_ *e)
{
	struct vfdt_sids *s;

	if (h->nsids >= h->sids_max)
		return VFDT_FAIL_(
			e, -VSMMU_ERR_NOSPACE,
			"node %s: more than %zu SID ranges in the host tree",
			path, h->sids_max);
	s = &h->sids[h->nsids++];
	*s = *tmpl;
	vsmmu_memcpy(s->path, path, sizeof(s->path));
	return 0;
}

/*
 * The target of one IOMMU specifier: the node, its #iommu-cells, and the
 * index of our SMMU it is (-1 for another IOMMU, or a disabled SMMUv3).
 */
static int vfdt_iommu_target_(const void *fdt, int off, const char *prop,
			      const struct vfdt_host *h, uint32_t ph,
			      uint32_t *cells, int *smmu, struct vfdt_err_ *e)
{
	int t, rc;
	char path[VFDT_PATH_MAX], tp[VFDT_PATH_MAX];

	t = vfdt_phandle_node_(fdt, off, prop, ph, e);
	if (t < 0)
		return t;
	rc = vfdt_get_u32_(fdt, t, "#iommu-cells", cells, e);
	if (rc == -VSMMU_ERR_NOENT)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property %s: phandle 0x%x names %s, "
				  "which has no #iommu-cells",
				  vfdt_path_(fdt, off, path, sizeof(path)),
				  prop, ph, vfdt_path_(fdt, t, tp, sizeof(tp)));
	if (rc)
		return rc;
	*smmu = -1;
	if (vfdt_is_smmuv3_(fdt, t)) {
		if (*cells != 1)
			return VFDT_FAIL_(
				e, -VSMMU_ERR_BADFDT,
				"node %s property %s: %s has #iommu-cells = "
				"%u, arm,smmu-v3 requires 1",
				vfdt_path_(fdt, off, path, sizeof(path)), prop,
				vfdt_path_(fdt, t, tp, sizeof(tp)), *cells);
		rc = vfdt_host_smmu_by_phandle(h, ph);
		*smmu = rc >= 0 ? rc : -1;
	}
	return 0;
}

static int vfdt_read_iommus_(const void *fdt, int off, const char *path,
			     struct vfdt_host *h, struct vfdt_err_ *e)
{
	const void *p;
	int len, rc, smmu;
	size_t n, i, k;
	uint32_t cells;
	struct vfdt_sids t = {
		.kind = VFDT_SID_IOMMUS, .count = 1, .rid_mask = 0xffffffffu};

	p = fdt_getprop(fdt, off, "iommus", &len);
	if (!p)
		return len == -FDT_ERR_NOTFOUND
			       ? 0
			       : VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
					    "node %s property iommus: %s", path,
					    fdt_strerror(len));
	if (len == 0 || len % 4)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property iommus: length %d is not a "
				  "whole number of cells",
				  path, len);
	n = (size_t)len / 4;
	/* Each pass consumes a phandle and its cells: at most n passes. */
	for (i = 0, k = 0; i < n; k++) {
		rc = vfdt_iommu_target_(fdt, off, "iommus", h, vfdt_cell_(p, i),
					&cells, &smmu, e);
		if (rc)
			return rc;
		if (cells > n - i - 1)
			return VFDT_FAIL_(
				e, -VSMMU_ERR_BADFDT,
				"node %s property iommus: entry %zu is "
				"truncated (needs %u cells after the phandle)",
				path, k, cells);
		if (smmu >= 0) {
			t.smmu = (unsigned int)smmu;
			t.sid_base = vfdt_cell_(p, i + 1);
			rc = vfdt_add_sids_(h, path, &t, e);
			if (rc)
				return rc;
		}
		i += 1 + (size_t)cells;
	}
	return 0;
}

static int vfdt_read_iommu_map_(const void *fdt, int off, const char *path,
				struct vfdt_host *h, struct vfdt_err_ *e)
{
	const void *p;
	int len, rc, smmu;
	size_t n, i, k;
	uint32_t cells, mask = 0xffffffffu, last;
	struct vfdt_sids t = {.kind = VFDT_SID_IOMMU_MAP};

	p = fdt_getprop(fdt, off, "iommu-map", &len);
	if (!p)
		return len == -FDT_ERR_NOTFOUND
			       ? 0
			       : VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
					    "node %s property iommu-map: %s",
					    path, fdt_strerror(len));
	if (len == 0 || len % 4)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property iommu-map: length %d is "
				  "not a whole number of cells",
				  path, len);
	rc = vfdt_get_u32_(fdt, off, "iommu-map-mask", &mask, e);
	if (rc && rc != -VSMMU_ERR_NOENT)
		return rc;
	t.rid_mask = mask;
	n = (size_t)len / 4;
	/* (rid-base, phandle, specifier, length); PCI IOMMU binding. */
	for (i = 0, k = 0; i < n; k++) {
		if (n - i < 3)
			return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
					  "node %s property iommu-map: entry "
					  "%zu is truncated",
					  path, k);
		rc = vfdt_iommu_target_(fdt, off, "iommu-map", h,
					vfdt_cell_(p, i + 1), &cells, &smmu, e);
		if (rc)
			return rc;
		if (cells > n - i - 3)
			return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
					  "node %s property iommu-map: entry "
					  "%zu is truncated (needs rid-base, "
					  "phandle, %u cells, length)",
					  path, k, cells);
		t.rid_base = vfdt_cell_(p, i);
		t.count = vfdt_cell_(p, i + 2 + cells);
		if (smmu >= 0) {
			t.smmu = (unsigned int)smmu;
			t.sid_base = vfdt_cell_(p, i + 2);
			if (t.count == 0 ||
			    vsmmu_add_overflow(t.sid_base, t.count - 1,
					       &last) ||
			    vsmmu_add_overflow(t.rid_base, t.count - 1, &last))
				return VFDT_FAIL_(
					e, -VSMMU_ERR_BADFDT,
					"node %s property iommu-map: entry %zu "
					"has length %u (empty or wraps)",
					path, k, t.count);
			rc = vfdt_add_sids_(h, path, &t, e);
			if (rc)
				return rc;
		}
		i += 3 + (size_t)cells;
	}
	return 0;
}

int vfdt_host_smmu_by_phandle(const struct vfdt_host *h, uint32_t phandle)
{
	size_t i;

	if (!h || phandle == 0)
		return -VSMMU_ERR_NOENT;
	for (i = 0; i < h->nsmmus; i++)
		if (h->smmus[i].phandle == phandle)
			return (int)i;
	return -VSMMU_ERR_NOENT;
}

int vfdt_host_smmu_by_path_(const struct vfdt_host *h, const char *path)
{
	size_t i;

	for (i = 0; i < h->nsmmus; i++)
		if (vfdt_streq_(h->smmus[i].path, path))
			return (int)i;
	return -VSMMU_ERR_NOENT;
}

int vfdt_host_read(const void *fdt, size_t size, struct vfdt_host *h, char *err,
		   size_t errlen)
{
	struct vfdt_err_ e = {err, errlen};
	int off, depth = 0, rc;
	char path[VFDT_PATH_MAX];

	if (err && errlen)
		err[0] = '\0';
	if (!h || (h->smmus_max && !h->smmus) || (h->sids_max && !h->sids))
		return VFDT_FAIL_(&e, -VSMMU_ERR_INVAL, "host: bad arguments");
	h->nsmmus = 0;
	h->nsids = 0;
	rc = vfdt_check_blob_(fdt, size, "host tree", &e);
	if (rc)
		return rc;

	/* The SMMUs first, so that phandles in iommus can be resolved. */
	for (off = fdt_node_offset_by_compatible(fdt, -1, VFDT_SMMUV3_COMPAT_);
	     off >= 0; off = fdt_node_offset_by_compatible(
			       fdt, off, VFDT_SMMUV3_COMPAT_)) {
		if (!vfdt_node_okay_(fdt, off))
			continue;
		if (h->nsmmus >= h->smmus_max)
			return VFDT_FAIL_(
				&e, -VSMMU_ERR_NOSPACE,
				"host tree: more than %zu SMMUv3 nodes",
				h->smmus_max);
		rc = vfdt_read_smmu_(fdt, off, &h->smmus[h->nsmmus], &e);
		if (rc)
			return rc;
		h->smmus[h->nsmmus].index = (unsigned int)h->nsmmus;
		/* Earlier SMMUs only: nsmmus does not count this one yet. */
		if (vfdt_host_smmu_by_phandle(h, h->smmus[h->nsmmus].phandle) >=
		    0)
			return VFDT_FAIL_(
				&e, -VSMMU_ERR_BADFDT,
				"node %s property phandle: 0x%x is used twice",
				h->smmus[h->nsmmus].path,
				h->smmus[h->nsmmus].phandle);
		h->nsmmus++;
	}
	if (off != -FDT_ERR_NOTFOUND)
		return VFDT_FAIL_(&e, -VSMMU_ERR_BADFDT, "host tree: %s",
				  fdt_strerror(off));

	for (off = fdt_next_node(fdt, -1, &depth); off >= 0;
	     off = fdt_next_node(fdt, off, &depth)) {
		/* Disabled devices are not used, so they own no StreamIDs. */
		if (!vfdt_node_okay_(fdt, off))
			continue;
		if (!fdt_getprop(fdt, off, "iommus", NULL) &&
		    !fdt_getprop(fdt, off, "iommu-map", NULL))
			continue;
		if (fdt_get_path(fdt, off, path, (int)sizeof(path)) < 0)
			return VFDT_FAIL_(
				&e, -VSMMU_ERR_BADFDT,
				"node at offset %d: path longer than %u bytes",
				off, VFDT_PATH_MAX - 1);
		rc = vfdt_read_iommus_(fdt, off, path, h, &e);
		if (rc == 0)
			rc = vfdt_read_iommu_map_(fdt, off, path, h, &e);
		if (rc)
			return rc;
	}
	if (off != -FDT_ERR_NOTFOUND)
		return VFDT_FAIL_(&e, -VSMMU_ERR_BADFDT, "host tree: %s",
				  fdt_strerror(off));
	return 0;
}
