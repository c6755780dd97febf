// SPDX-License-Identifier: MIT
/*
 * Checks and small helpers every file of the fdt layer shares: blob
 * validation, one-cell properties, phandles, interrupt parents, messages.
 */
#include "vsmmu/env.h"
#include "vsmmu/fdt.h"
#include "internal.h"

/* The interrupt-parent chain of a node is at most this long. */
#define VFDT_IRQ_CHAIN_MAX_ (2 * VFDT_MAX_DEPTH)

size_t vfdt_strnlen_(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

bool vfdt_streq_(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

bool vfdt_strlcpy_(char *dst, const char *src, size_t size)
{
	size_t n;

	if (!size)
		return false;
	n = vfdt_strnlen_(src, size);
	if (n == size) {
		dst[0] = '\0';
		return false;
	}
	vsmmu_memcpy(dst, src, n + 1);
	return true;
}

const char *vfdt_path_(const void *fdt, int off, char *buf, size_t len)
{
	if (len > (size_t)INT32_MAX)
		len = INT32_MAX;
	if (fdt_get_path(fdt, off, buf, (int)len) < 0)
		vsmmu_snprintf(buf, len, "<node at offset %d>", off);
	return buf;
}

int vfdt_check_blob_(const void *fdt, size_t size, const char *what,
		     struct vfdt_err_ *e)
{
	int off, depth = 0, rc;

	if (!fdt)
		return VFDT_FAIL_(e, -VSMMU_ERR_INVAL, "%s: no blob", what);
	/*
	 * libfdt offsets are ints; a blob it cannot address is not one we
	 * can read either.
	 */
	if (size > (size_t)INT32_MAX)
		return VFDT_FAIL_(e, -VSMMU_ERR_INVAL,
				  "%s: %zu bytes is too large", what, size);
	/*
	 * Only the current format (version 17, dtc's output since 2007):
	 * earlier versions have no size_dt_struct, and libfdt 1.6's
	 * fdt_check_full then walks the structure block without a bound.
	 */
	if (size < sizeof(struct fdt_header) || fdt_magic(fdt) != FDT_MAGIC)
		return VFDT_FAIL_(
			e, -VSMMU_ERR_BADFDT,
			"%s: not a valid device tree blob (no header)", what);
	if (fdt_version(fdt) < 17)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "%s: not a valid device tree blob (version "
				  "%u, 17 required)",
				  what, (unsigned int)fdt_version(fdt));
	rc = fdt_check_full(fdt, size);
	if (rc < 0)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "%s: not a valid device tree blob (%s)", what,
				  fdt_strerror(rc));
	/*
	 * fdt_check_full accepts any nesting; every walk of ours (paths,
	 * interrupt parents, ranges) is bounded by this depth instead.
	 */
	for (off = fdt_next_node(fdt, -1, &depth); off >= 0;
	     off = fdt_next_node(fdt, off, &depth)) {
		if (depth > VFDT_MAX_DEPTH) {
			char p[VFDT_PATH_MAX];

			return VFDT_FAIL_(
				e, -VSMMU_ERR_BADFDT,
				"%s: node %s is nested deeper than %d levels",
				what, vfdt_path_(fdt, off, p, sizeof(p)),
				VFDT_MAX_DEPTH);
		}
	}
	if (off != -FDT_ERR_NOTFOUND)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT, "%s: %s", what,
				  fdt_strerror(off));
	return 0;
}

int vfdt_get_u32_(const void *fdt, int off, const char *name, uint32_t *v,
		  struct vfdt_err_ *e)
{
	const void *p;
	int len;
	char path[VFDT_PATH_MAX];

	p = fdt_getprop(fdt, off, name, &len);
	if (!p) {
		if (len == -FDT_ERR_NOTFOUND)
			return -VSMMU_ERR_NOENT;
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property %s: %s",
				  vfdt_path_(fdt, off, path, sizeof(path)),
				  name, fdt_strerror(len));
	}
	if (len != 4)
		return VFDT_FAIL_(
			e, -VSMMU_ERR_BADFDT,
			"node %s property %s: length %d, expected one cell (4)",
			vfdt_path_(fdt, off, path, sizeof(path)), name, len);
	*v = vfdt_cell_(p, 0);
	return 0;
}

int vfdt_phandle_node_(const void *fdt, int off, const char *prop, uint32_t ph,
		       struct vfdt_err_ *e)
{
	int t;
	char path[VFDT_PATH_MAX];

	/* 0 and ~0 are never phandles (devicetree specification, §2.3.3). */
	if (ph == 0 || ph == 0xffffffffu)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property %s: bad phandle 0x%x",
				  vfdt_path_(fdt, off, path, sizeof(path)),
				  prop, ph);
	t = fdt_node_offset_by_phandle(fdt, ph);
	if (t < 0)
		return VFDT_FAIL_(
			e, -VSMMU_ERR_BADFDT,
			"node %s property %s: phandle 0x%x names no node",
			vfdt_path_(fdt, off, path, sizeof(path)), prop, ph);
	return t;
}

bool vfdt_node_okay_(const void *fdt, int off)
{
	const char *s;
	int len;

	s = fdt_getprop(fdt, off, "status", &len);
	if (!s)
		return true;
	/* The value must be a NUL-terminated string inside the property. */
	if (len <= 0 || s[len - 1] != '\0')
		return false;
	return vfdt_streq_(s, "okay") || vfdt_streq_(s, "ok");
}

bool vfdt_is_smmuv3_(const void *fdt, int off)
{
	return fdt_node_check_compatible(fdt, off, VFDT_SMMUV3_COMPAT_) == 0;
}

int vfdt_irq_parent_(const void *fdt, int off, int *parent, uint32_t *cells,
		     struct vfdt_err_ *e)
{
	int cur = off, next, n, rc;
	uint32_t ph, c;
	char path[VFDT_PATH_MAX];

	/*
	 * The interrupt parent is the node named by interrupt-parent, else
	 * the tree parent; it is followed until a node has #interrupt-cells
	 * (devicetree specification, §2.4). The chain is bounded so that
	 * interrupt-parent properties that point at each other end.
	 */
	for (n = 0; n < VFDT_IRQ_CHAIN_MAX_; n++) {
		rc = vfdt_get_u32_(fdt, cur, "interrupt-parent", &ph, e);
		if (rc == 0) {
			next = vfdt_phandle_node_(fdt, cur, "interrupt-parent",
						  ph, e);
			if (next < 0)
				return next;
		} else if (rc == -VSMMU_ERR_NOENT) {
			next = fdt_parent_offset(fdt, cur);
			if (next < 0)
				return -VSMMU_ERR_NOENT;
		} else {
			return rc;
		}
		rc = vfdt_get_u32_(fdt, next, "#interrupt-cells", &c, e);
		if (rc == 0) {
			if (c == 0 || c > VFDT_IRQ_CELLS_MAX)
				return VFDT_FAIL_(
					e, -VSMMU_ERR_BADFDT,
					"node %s property #interrupt-cells: %u "
					"is not in 1..%u",
					vfdt_path_(fdt, next, path,
						   sizeof(path)),
					c, VFDT_IRQ_CELLS_MAX);
			*parent = next;
			*cells = c;
			return 0;
		}
		if (rc != -VSMMU_ERR_NOENT)
			return rc;
		cur = next;
	}
	return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
			  "node %s property interrupt-parent: the chain of "
			  "interrupt parents loops",
			  vfdt_path_(fdt, off, path, sizeof(path)));
}

int vfdt_out_err_(int fdterr, const char *what, struct vfdt_err_ *e)
{
	if (fdterr == -FDT_ERR_NOSPACE)
		return VFDT_FAIL_(e, -VSMMU_ERR_NOSPACE,
				  "output buffer too small (%s)", what);
	return VFDT_FAIL_(e, -VSMMU_ERR_INTERNAL, "%s: libfdt: %s", what,
			  fdt_strerror(fdterr));
}

void vfdt_release_(const struct vfdt_vsid_ops *ops,
		   const struct vfdt_vsid_map *map, size_t n)
{
	/* In reverse, so that an allocator sees the exact undo order. */
	while (ops->release && n--)
		ops->release(ops->ctx, map->ents[n].smmu, map->ents[n].vsid,
			     map->ents[n].count);
}
