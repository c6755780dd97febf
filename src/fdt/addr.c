// SPDX-License-Identifier: MIT
/*
 * Addresses in a tree: reg and ranges values, bus cell counts, translation
 * of a bus address to a CPU address, and whether a window is free.
 * Values of more than two cells (PCI buses) are not CPU addresses here.
 */
#include "vsmmu/env.h"
#include "vsmmu/fdt.h"
#include "internal.h"

uint64_t vfdt_cells64_(const void *p, size_t i, int n)
{
	uint64_t v = vfdt_cell_(p, i);

	if (n == 2)
		v = (v << 32) | vfdt_cell_(p, i + 1);
	return v;
}

int vfdt_bus_cells_(const void *fdt, int bus, int *ac, int *sc,
		    struct vfdt_err_ *e)
{
	char path[VFDT_PATH_MAX];

	*ac = fdt_address_cells(fdt, bus);
	*sc = fdt_size_cells(fdt, bus);
	if (*ac < 0 || *sc < 0)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s: bad #address-cells or #size-cells",
				  vfdt_path_(fdt, bus, path, sizeof(path)));
	return 0;
}

/*
 * Map *addr through one non-empty "ranges" of bus (children use ac address
 * cells, the parent pac, sizes sc): 0, or BADFDT when no entry holds it.
 */
static int vfdt_range_map_(const void *fdt, int bus, const void *r, int len,
			   int ac, int pac, int sc, uint64_t *addr,
			   struct vfdt_err_ *e)
{
	size_t ent = (size_t)(ac + pac + sc), cells = (size_t)len / 4, i;
	uint64_t c, p, s;
	char path[VFDT_PATH_MAX];

	if (len % 4 || cells % ent)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property ranges: length %d is not a "
				  "whole number of (%d+%d+%d)-cell entries",
				  vfdt_path_(fdt, bus, path, sizeof(path)), len,
				  ac, pac, sc);
	for (i = 0; i < cells; i += ent) {
		c = vfdt_cells64_(r, i, ac);
		p = vfdt_cells64_(r, i + (size_t)ac, pac);
		s = vfdt_cells64_(r, i + (size_t)(ac + pac), sc);
		if (*addr < c || *addr - c >= s)
			continue;
		if (vsmmu_add_overflow(p, *addr - c, addr))
			break;
		return 0;
	}
	return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
			  "node %s property ranges: address 0x%llx is outside "
			  "every range",
			  vfdt_path_(fdt, bus, path, sizeof(path)),
			  (unsigned long long)*addr);
}

/*
 * Translate a bus address of bus's children to a CPU address through the
 * "ranges" of bus and its ancestors. An empty ranges is the identity. An
 * absent one is taken as the identity too: the devicetree specification
 * calls such a bus not memory-mapped, but host trees that put an SMMU
 * under a plain container node mean its addresses as they are.
 */
int vfdt_translate_(const void *fdt, int bus, uint64_t *addr,
		    struct vfdt_err_ *e)
{
	int n, parent, ac, sc, pac, psc, len, rc;
	const void *r;
	char path[VFDT_PATH_MAX];

	for (n = 0; n <= VFDT_MAX_DEPTH; n++) {
		parent = fdt_parent_offset(fdt, bus);
		if (parent < 0)
			return 0; /* bus is the root: CPU addresses */
		r = fdt_getprop(fdt, bus, "ranges", &len);
		if (!r || len == 0) {
			bus = parent;
			continue;
		}
		rc = vfdt_bus_cells_(fdt, bus, &ac, &sc, e);
		if (rc == 0)
			rc = vfdt_bus_cells_(fdt, parent, &pac, &psc, e);
		if (rc)
			return rc;
		if (ac < 1 || ac > 2 || pac < 1 || pac > 2 || sc < 1 || sc > 2)
			return VFDT_FAIL_(
				e, -VSMMU_ERR_NOTSUPP,
				"node %s property ranges: only 1 or 2 address "
				"and size cells are supported",
				vfdt_path_(fdt, bus, path, sizeof(path)));
		rc = vfdt_range_map_(fdt, bus, r, len, ac, pac, sc, addr, e);
		if (rc)
			return rc;
		bus = parent;
	}
	return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT, "ranges nested too deep");
}

int vfdt_window_user_(const void *fdt, uint64_t base, uint64_t size,
		      struct vfdt_err_ *e)
{
	struct vfdt_err_ quiet = {NULL, 0};
	int off, depth = 0, bus, ac, sc, len;
	const void *r;
	uint64_t a, s, last = base + (size - 1);
	size_t i, ent;
	char path[VFDT_PATH_MAX];

	for (off = fdt_next_node(fdt, -1, &depth); off >= 0;
	     off = fdt_next_node(fdt, off, &depth)) {
		r = fdt_getprop(fdt, off, "reg", &len);
		bus = fdt_parent_offset(fdt, off);
		/* What is not a CPU address is not in the way. */
		if (!r || bus < 0 ||
		    vfdt_bus_cells_(fdt, bus, &ac, &sc, &quiet) || ac < 1 ||
		    ac > 2 || sc < 1 || sc > 2)
			continue;
		ent = (size_t)(ac + sc);
		if (len <= 0 || len % 4 || ((size_t)len / 4) % ent)
			return VFDT_FAIL_(
				e, -VSMMU_ERR_BADFDT,
				"node %s property reg: length %d is not a "
				"whole number of (%d+%d)-cell regions",
				vfdt_path_(fdt, off, path, sizeof(path)), len,
				ac, sc);
		for (i = 0; i < (size_t)len / 4; i += ent) {
			a = vfdt_cells64_(r, i, ac);
			s = vfdt_cells64_(r, i + (size_t)ac, sc);
			if (!s || vfdt_translate_(fdt, bus, &a, &quiet))
				continue;
			/* [a, a + s) meets [base, last]; a + s is never formed
			 */
			if ((a <= base && base - a < s) ||
			    (a > base && a <= last))
				return VFDT_FAIL_(
					e, -VSMMU_ERR_EXIST,
					"vsmmu_base: the vSMMU window "
					"0x%llx..0x%llx overlaps reg of %s",
					(unsigned long long)base,
					(unsigned long long)last,
					vfdt_path_(fdt, off, path,
						   sizeof(path)));
		}
	}
	return 0;
}
