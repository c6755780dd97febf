// SPDX-License-Identifier: MIT
/*
 * The guest's device-tree reader: the guest finds its SMMU and the
 * StreamIDs of its devices the way Linux does, from "arm,smmu-v3",
 * "iommus" (phandle + one cell) and "iommu-map" (rid-base, phandle,
 * sid-base, length).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "vsmmu/base.h"
#include "gos.h"

static uint64_t gdt_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

/*
 * Translate a bus address of node's children up to the root, through
 * each ancestor's "ranges" (an empty or missing ranges is 1:1, as the
 * guest builders write them). Bounded by the tree depth.
 */
static int gdt_translate(const void *fdt, int bus, uint64_t *addr)
{
	int depth;

	for (depth = 0; bus > 0 && depth < 32; depth++) {
		int parent = fdt_parent_offset(fdt, bus), len, i, stride;
		int ca = fdt_address_cells(fdt, bus);
		int pa = fdt_address_cells(fdt, parent);
		int sc = fdt_size_cells(fdt, bus);
		const fdt32_t *r;
		bool hit = false;

		if (parent < 0)
			return 0;
		r = fdt_getprop(fdt, bus, "ranges", &len);
		if (!r || len == 0 || ca < 1 || ca > 2 || pa < 1 || pa > 2 ||
		    sc < 1 || sc > 2) {
			bus = parent;
			continue;
		}
		stride = ca + pa + sc;
		for (i = 0; i + stride <= len / 4; i += stride) {
			uint64_t child = gdt_cells(r + i, ca);
			uint64_t up = gdt_cells(r + i + ca, pa);
			uint64_t size = gdt_cells(r + i + ca + pa, sc);

			if (*addr >= child && *addr - child < size) {
				*addr = up + (*addr - child);
				hit = true;
				break;
			}
		}
		if (!hit)
			return -VSMMU_ERR_BADFDT;
		bus = parent;
	}
	return 0;
}

static int gdt_smmu(struct sim_gos *g, const void *fdt, int node, char *err,
		    size_t errlen)
{
	struct sim_gos_smmu_node *s = &g->node;
	int parent = fdt_parent_offset(fdt, node), len, ac, sc, ic, i;
	const fdt32_t *reg, *irqs;

	s->present = true;
	fdt_get_path(fdt, node, s->path, sizeof(s->path));
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2 ||
	    len < (ac + sc) * 4) {
		snprintf(err, errlen, "%s: bad reg", s->path);
		return -VSMMU_ERR_BADFDT;
	}
	s->base = gdt_cells(reg, ac);
	s->size = gdt_cells(reg + ac, sc);
	if (gdt_translate(fdt, parent, &s->base)) {
		snprintf(err, errlen, "%s: reg outside its bus's ranges",
			 s->path);
		return -VSMMU_ERR_BADFDT;
	}
	s->phandle = fdt_get_phandle(fdt, node);
	/* GIC specifiers: <type number flags>, SPI n = INTID 32 + n. */
	ic = 3;
	irqs = fdt_getprop(fdt, node, "interrupts", &len);
	s->nirqs = irqs ? (unsigned int)VSMMU_MIN(len / (ic * 4), 4) : 0;
	for (i = 0; i < (int)s->nirqs; i++) {
		uint32_t type = fdt32_to_cpu(irqs[i * ic]);
		uint32_t num = fdt32_to_cpu(irqs[i * ic + 1]);
		const char *name;

		s->intid[i] = type == 0 ? 32 + num : 16 + num;
		name = fdt_stringlist_get(fdt, node, "interrupt-names", i,
					  NULL);
		snprintf(s->irq_name[i], sizeof(s->irq_name[i]), "%s",
			 name ? name : "");
	}
	return 0;
}

static void gdt_add(struct sim_gos *g, const char *path, uint32_t vsid,
		    uint32_t count, bool pci, uint32_t rid)
{
	struct sim_gos_master *m;

	if (g->nmasters == SIM_GOS_MAX_MASTERS)
		return;
	m = &g->masters[g->nmasters++];
	snprintf(m->path, sizeof(m->path), "%s", path);
	m->vsid = vsid;
	m->count = count;
	m->pci = pci;
	m->rid_base = rid;
}

int sim_gos_read_tree(struct sim_gos *g, const void *fdt, size_t size,
		      unsigned int index, char *err, size_t errlen)
{
	unsigned int n;
	int node, len, i, ret;
	char path[256];

	memset(&g->node, 0, sizeof(g->node));
	g->nmasters = 0;
	if (fdt_check_full(fdt, size)) {
		snprintf(err, errlen, "guest tree: not a valid blob");
		return -VSMMU_ERR_BADFDT;
	}
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,smmu-v3");
	for (n = 0; n < index && node >= 0; n++)
		node = fdt_node_offset_by_compatible(fdt, node, "arm,smmu-v3");
	if (node >= 0) {
		ret = gdt_smmu(g, fdt, node, err, errlen);
		if (ret)
			return ret;
	}
	if (!g->node.present)
		return 0;
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		const fdt32_t *p;

		fdt_get_path(fdt, node, path, sizeof(path));
		p = fdt_getprop(fdt, node, "iommus", &len);
		for (i = 0; p && i + 2 <= len / 4; i += 2)
			if (fdt32_to_cpu(p[i]) == g->node.phandle)
				gdt_add(g, path, fdt32_to_cpu(p[i + 1]), 1,
					false, 0);
		p = fdt_getprop(fdt, node, "iommu-map", &len);
		for (i = 0; p && i + 4 <= len / 4; i += 4)
			if (fdt32_to_cpu(p[i + 1]) == g->node.phandle)
				gdt_add(g, path, fdt32_to_cpu(p[i + 2]),
					fdt32_to_cpu(p[i + 3]), true,
					fdt32_to_cpu(p[i]));
	}
	return 0;
}
