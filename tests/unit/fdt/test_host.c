// SPDX-License-Identifier: MIT
/*
 * Tests of src/fdt/host.c: the host-tree reader on the example platforms,
 * and every malformed input it must refuse with a message naming the node
 * and the property.
 */
#include "vfdt_test.h"

#define BASIC_SMMU "/soc/iommu@2b400000"
#define BASIC_DMA0 "/soc/dma@e7300000"

static void test_basic(void **state)
{
	struct vt_host t;
	size_t len;
	void *fdt = vt_load("basic-host.dtb", &len);
	char err[256];
	const struct vfdt_psmmu *s;
	int its;

	(void)state;
	assert_int_equal(vt_host_read(fdt, len, &t, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(t.h.nsmmus, 1);
	s = &t.smmus[0];
	assert_int_equal(s->index, 0);
	assert_string_equal(s->path, BASIC_SMMU);
	assert_int_equal(s->base, 0x2b400000);
	assert_int_equal(s->size, 0x20000);
	assert_int_equal(s->phandle, 0x100);
	assert_true(s->dma_coherent);
	assert_int_equal(s->nirqs, 4);
	assert_int_equal(s->irqs[0].ncells, 3);
	assert_int_equal(s->irqs[0].cells[0], 0);
	assert_int_equal(s->irqs[0].cells[1], 74);
	assert_int_equal(s->irqs[0].cells[2], 1);
	assert_int_equal(s->irqs[3].cells[1], 79);
	assert_string_equal(s->irqs[0].name, "eventq");
	assert_string_equal(s->irqs[1].name, "gerror");
	assert_string_equal(s->irqs[2].name, "priq");
	assert_string_equal(s->irqs[3].name, "cmdq-sync");
	assert_int_equal(
		s->irq_parent,
		fdt_get_phandle(
			fdt, vt_node(fdt, "/interrupt-controller@2f000000")));
	its = vt_node(fdt,
		      "/interrupt-controller@2f000000/msi-controller@2f020000");
	assert_int_equal(s->msi_parent_ncells, 2);
	assert_int_equal(s->msi_parent[0], fdt_get_phandle(fdt, its));
	assert_int_equal(s->msi_parent[1], 0x10000);

	assert_int_equal(t.h.nsids, 3);
	assert_string_equal(t.sids[0].path, BASIC_DMA0);
	assert_int_equal(t.sids[0].kind, VFDT_SID_IOMMUS);
	assert_int_equal(t.sids[0].smmu, 0);
	assert_int_equal(t.sids[0].sid_base, 0x10);
	assert_int_equal(t.sids[0].count, 1);
	assert_string_equal(t.sids[1].path, "/soc/dma@e7310000");
	assert_int_equal(t.sids[1].sid_base, 0x11);
	assert_string_equal(t.sids[2].path, "/soc/pcie@40000000");
	assert_int_equal(t.sids[2].kind, VFDT_SID_IOMMU_MAP);
	assert_int_equal(t.sids[2].rid_base, 0);
	assert_int_equal(t.sids[2].sid_base, 0x100);
	assert_int_equal(t.sids[2].count, 0x100);
	assert_int_equal(t.sids[2].rid_mask, 0xffff);

	assert_int_equal(vfdt_host_smmu_by_phandle(&t.h, 0x100), 0);
	assert_int_equal(vfdt_host_smmu_by_phandle(&t.h, 0x101),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(vfdt_host_smmu_by_phandle(&t.h, 0), -VSMMU_ERR_NOENT);
	free(fdt);
}

/* Two SMMUs whose devices use the same pSIDs: told apart by SMMU index. */
static void test_two_smmus(void **state)
{
	struct vt_host t;
	size_t len;
	void *fdt = vt_load("two-smmus-host.dtb", &len);

	(void)state;
	assert_int_equal(vt_host_read(fdt, len, &t, NULL, 0), 0);
	assert_int_equal(t.h.nsmmus, 2);
	assert_string_equal(t.smmus[1].path, "/soc/iommu@2b500000");
	assert_int_equal(t.smmus[1].index, 1);
	assert_int_equal(t.smmus[1].phandle, 0x101);
	assert_false(t.smmus[1].dma_coherent);
	assert_int_equal(t.smmus[1].msi_parent_ncells, 0);
	assert_int_equal(t.smmus[1].nirqs, 1);
	assert_string_equal(t.smmus[1].irqs[0].name, "combined");
	assert_int_equal(t.smmus[0].nirqs, 2);

	assert_int_equal(t.h.nsids, 5);
	assert_int_equal(t.sids[0].smmu, 0);
	assert_int_equal(t.sids[0].sid_base, 0x10);
	assert_int_equal(t.sids[2].smmu, 1);
	assert_int_equal(t.sids[2].sid_base, 0x10);
	/* one device, two iommus entries, in property order */
	assert_string_equal(t.sids[3].path, "/soc/dma@e7410000");
	assert_string_equal(t.sids[4].path, "/soc/dma@e7410000");
	assert_int_equal(t.sids[3].sid_base, 0x11);
	assert_int_equal(t.sids[4].sid_base, 0x12);
	free(fdt);
}

/* reg goes through the parents' ranges; iommu-map identity of 64Ki RIDs. */
static void test_ranges(void **state)
{
	struct vt_host t;
	size_t len;
	void *fdt = vt_load("hwdom-host.dtb", &len);

	(void)state;
	assert_int_equal(vt_host_read(fdt, len, &t, NULL, 0), 0);
	assert_int_equal(t.h.nsmmus, 2);
	assert_string_equal(t.smmus[1].path, "/iobus/iommu@0");
	assert_int_equal(t.smmus[1].base, 0x30000000);
	assert_int_equal(t.h.nsids, 3);
	assert_int_equal(t.sids[2].kind, VFDT_SID_IOMMU_MAP);
	assert_int_equal(t.sids[2].smmu, 1);
	assert_int_equal(t.sids[2].count, 0x10000);
	assert_int_equal(t.sids[2].rid_mask, 0xffffffff);

	/* an address outside every range is an error */
	vt_set_cells(fdt, "/iobus/iommu@0", "reg", 4, 0x1, 0x0, 0x0, 0x20000);
	char err[256];

	assert_int_equal(
		vt_host_read(fdt, fdt_totalsize(fdt), &t, err, sizeof(err)),
		-VSMMU_ERR_BADFDT);
	vt_err_has(err, "/iobus");
	vt_err_has(err, "ranges");
	vt_set_cells(fdt, "/iobus/iommu@0", "reg", 4, 0x0, 0x0, 0x0, 0x20000);
	/* a ranges cut short */
	vt_set_cells(fdt, "/iobus", "ranges", 5, 0, 0, 0, 0x30000000, 0);
	assert_int_equal(
		vt_host_read(fdt, fdt_totalsize(fdt), &t, err, sizeof(err)),
		-VSMMU_ERR_BADFDT);
	vt_err_has(err, "/iobus property ranges: length 20");
	/* a translation that wraps past 2^64 */
	vt_set_cells(fdt, "/iobus", "ranges", 6, 0, 0, 0xffffffff, 0xffff0000,
		     0, 0x10000000);
	vt_set_cells(fdt, "/iobus/iommu@0", "reg", 4, 0x0, 0x20000, 0x0,
		     0x20000);
	assert_int_equal(
		vt_host_read(fdt, fdt_totalsize(fdt), &t, err, sizeof(err)),
		-VSMMU_ERR_BADFDT);
	/* no ranges at all: the addresses are taken as they are */
	assert_int_equal(fdt_delprop(fdt, vt_node(fdt, "/iobus"), "ranges"), 0);
	assert_int_equal(
		vt_host_read(fdt, fdt_totalsize(fdt), &t, err, sizeof(err)), 0);
	assert_int_equal(t.smmus[1].base, 0x20000);
	/* three address cells (a PCI-like bus) are not supported */
	vt_set_cells(fdt, "/iobus", "#address-cells", 1, 3);
	assert_int_equal(
		vt_host_read(fdt, fdt_totalsize(fdt), &t, err, sizeof(err)),
		-VSMMU_ERR_NOTSUPP);
	vt_err_has(err, "/iobus/iommu@0 property reg");
	free(fdt);
}

/* Run the reader on a modified basic host; expect code and the names. */
static void vt_expect(void *fdt, int code, const char *n1, const char *n2)
{
	struct vt_host t;
	char err[512];

	memset(err, 'x', sizeof(err));
	assert_int_equal(
		vt_host_read(fdt, fdt_totalsize(fdt), &t, err, sizeof(err)),
		code);
	assert_non_null(memchr(err, '\0', sizeof(err)));
	if (n1)
		vt_err_has(err, n1);
	if (n2)
		vt_err_has(err, n2);
}

static void test_bad_phandle(void **state)
{
	size_t len;
	void *fdt = vt_load("basic-host.dtb", &len);

	(void)state;
	vt_set_cells(fdt, BASIC_DMA0, "iommus", 2, 0x999, 0x10);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_DMA0, "iommus");
	vt_expect(fdt, -VSMMU_ERR_BADFDT, "0x999", "names no node");
	vt_set_cells(fdt, BASIC_DMA0, "iommus", 2, 0, 0x10);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_DMA0, "bad phandle");
	vt_set_cells(fdt, BASIC_DMA0, "iommus", 2, 0xffffffff, 0x10);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_DMA0, "bad phandle");
	/* a phandle naming a node that is not an IOMMU */
	vt_set_cells(
		fdt, BASIC_DMA0, "iommus", 2,
		fdt_get_phandle(fdt,
				vt_node(fdt, "/interrupt-controller@2f000000")),
		0x10);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_DMA0, "#iommu-cells");
	free(fdt);
}

static void test_bad_iommu_cells(void **state)
{
	size_t len;
	void *fdt = vt_load("basic-host.dtb", &len);

	(void)state;
	vt_set_cells(fdt, BASIC_SMMU, "#iommu-cells", 1, 2);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_SMMU, "#iommu-cells");
	vt_set_cells(fdt, BASIC_SMMU, "#iommu-cells", 2, 1, 1);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_SMMU, "#iommu-cells");
	assert_int_equal(
		fdt_delprop(fdt, vt_node(fdt, BASIC_SMMU), "#iommu-cells"), 0);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_SMMU, "missing");
	free(fdt);
}

static void test_odd_lengths(void **state)
{
	static const uint8_t five[] = {0, 0, 1, 0, 0};
	size_t len;
	void *fdt = vt_load("basic-host.dtb", &len);

	(void)state;
	vt_set(fdt, BASIC_DMA0, "iommus", five, sizeof(five));
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_DMA0, "iommus: length 5");
	vt_set(fdt, BASIC_DMA0, "iommus", NULL, 0);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_DMA0, "iommus: length 0");
	/* a phandle without its StreamID, then one entry and a half */
	vt_set_cells(fdt, BASIC_DMA0, "iommus", 1, 0x100);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_DMA0, "entry 0 is truncated");
	vt_set_cells(fdt, BASIC_DMA0, "iommus", 3, 0x100, 0x10, 0x100);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_DMA0, "entry 1 is truncated");
	vt_set_cells(fdt, BASIC_DMA0, "iommus", 4, 0x100, 0x10, 0x100, 0x12);
	vt_expect(fdt, 0, NULL, NULL);

	vt_set_cells(fdt, "/soc/pcie@40000000", "iommu-map", 3, 0, 0x100,
		     0x100);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, "/soc/pcie@40000000",
		  "iommu-map: entry 0 is truncated");
	vt_set_cells(fdt, "/soc/pcie@40000000", "iommu-map", 2, 0, 0x100);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, "/soc/pcie@40000000", "truncated");
	vt_set(fdt, "/soc/pcie@40000000", "iommu-map", five, sizeof(five));
	vt_expect(fdt, -VSMMU_ERR_BADFDT, "/soc/pcie@40000000",
		  "iommu-map: length 5");
	vt_set_cells(fdt, "/soc/pcie@40000000", "iommu-map", 4, 0, 0x100, 0x100,
		     0);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, "/soc/pcie@40000000", "length 0");
	vt_set_cells(fdt, "/soc/pcie@40000000", "iommu-map", 4, 0, 0x100,
		     0xffffff00, 0x200);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, "/soc/pcie@40000000", "wraps");
	vt_set_cells(fdt, "/soc/pcie@40000000", "iommu-map", 4, 0, 0x100, 0x100,
		     0x100);
	vt_set_cells(fdt, "/soc/pcie@40000000", "iommu-map-mask", 2, 0xffff, 0);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, "/soc/pcie@40000000",
		  "iommu-map-mask");
	free(fdt);
}

static void test_bad_smmu_props(void **state)
{
	size_t len;
	void *fdt = vt_load("basic-host.dtb", &len);

	(void)state;
	/* the binding's reg is exactly one region */
	vt_set_cells(fdt, BASIC_SMMU, "reg", 8, 0, 0x2b400000, 0, 0x20000, 0,
		     0x2b600000, 0, 0x20000);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_SMMU, "reg");
	vt_set_cells(fdt, BASIC_SMMU, "reg", 4, 0xffffffff, 0xffff0000, 0,
		     0x20000);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_SMMU, "wraps");
	vt_set_cells(fdt, BASIC_SMMU, "reg", 4, 0, 0x2b400000, 0, 0x20000);
	vt_expect(fdt, 0, NULL, NULL);
	/* 4 interrupts of 3 cells plus one stray cell */
	vt_set_cells(fdt, BASIC_SMMU, "interrupts", 4, 0, 74, 1, 0);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_SMMU, "interrupts");
	/* five specifiers: the binding allows at most four */
	vt_set_cells(fdt, BASIC_SMMU, "interrupts", 15, 0, 1, 1, 0, 2, 1, 0, 3,
		     1, 0, 4, 1, 0, 5, 1);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_SMMU, "1 to 4");
	vt_set_cells(fdt, BASIC_SMMU, "interrupts", 3, 0, 74, 1);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_SMMU, "interrupt-names");
	vt_set(fdt, BASIC_SMMU, "interrupt-names", "combined", 9);
	vt_expect(fdt, 0, NULL, NULL);
	vt_set(fdt, BASIC_SMMU, "interrupt-names", "combined", 8); /* no NUL */
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_SMMU, "interrupt-names");
	vt_set(fdt, BASIC_SMMU, "interrupt-names", "combined", 9);
	/* msi-parent with a cell too many for the ITS's #msi-cells */
	vt_set_cells(fdt, BASIC_SMMU, "msi-parent", 3,
		     fdt_get_phandle(
			     fdt, vt_node(fdt, "/interrupt-controller@2f000000/"
					       "msi-controller@2f020000")),
		     1, 2);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_SMMU, "msi-parent");
	vt_set_cells(fdt, BASIC_SMMU, "msi-parent", 2, 0x4242, 1);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_SMMU, "msi-parent");
	free(fdt);
}

/* interrupt-parent properties that point at each other must end. */
static void test_irq_parent_loop(void **state)
{
	size_t len;
	void *fdt = vt_load("basic-host.dtb", &len);
	int a, b;

	(void)state;
	assert_int_equal(fdt_open_into(fdt, fdt, VT_BUF), 0);
	a = fdt_add_subnode(fdt, 0, "loop-a");
	assert_true(a >= 0);
	assert_int_equal(fdt_setprop_u32(fdt, a, "phandle", 0x4001), 0);
	assert_int_equal(fdt_setprop_u32(fdt, a, "interrupt-parent", 0x4002),
			 0);
	b = fdt_add_subnode(fdt, 0, "loop-b");
	assert_true(b >= 0);
	assert_int_equal(fdt_setprop_u32(fdt, b, "phandle", 0x4002), 0);
	assert_int_equal(fdt_setprop_u32(fdt, b, "interrupt-parent", 0x4001),
			 0);
	vt_set_cells(fdt, BASIC_SMMU, "interrupt-parent", 1, 0x4001);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_SMMU, "loops");
	/* and one that names itself */
	vt_set_cells(fdt, "/loop-a", "interrupt-parent", 1, 0x4001);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, BASIC_SMMU, "loops");
	free(fdt);
}

static void test_truncated_blob(void **state)
{
	size_t len;
	void *fdt = vt_load("basic-host.dtb", &len);
	struct vt_host t;
	char err[256];

	(void)state;
	assert_int_equal(vt_host_read(fdt, len - 8, &t, err, sizeof(err)),
			 -VSMMU_ERR_BADFDT);
	vt_err_has(err, "host tree");
	assert_int_equal(vt_host_read(fdt, 16, &t, err, sizeof(err)),
			 -VSMMU_ERR_BADFDT);
	assert_int_equal(vt_host_read(fdt, 0, &t, err, sizeof(err)),
			 -VSMMU_ERR_BADFDT);
	/* versions before 17 have no structure-block size: refused */
	fdt_set_version(fdt, 16);
	assert_int_equal(vt_host_read(fdt, len, &t, err, sizeof(err)),
			 -VSMMU_ERR_BADFDT);
	vt_err_has(err, "version 16");
	fdt_set_version(fdt, 17);
	((uint8_t *)fdt)[0] ^= 0xff; /* magic */
	assert_int_equal(vt_host_read(fdt, len, &t, err, sizeof(err)),
			 -VSMMU_ERR_BADFDT);
	((uint8_t *)fdt)[0] ^= 0xff;
	/* a structure block that claims more than the blob holds */
	fdt_set_size_dt_struct(fdt, fdt_size_dt_struct(fdt) + 4096);
	assert_int_equal(vt_host_read(fdt, len, &t, err, sizeof(err)),
			 -VSMMU_ERR_BADFDT);
	assert_int_equal(vt_host_read(NULL, len, &t, err, sizeof(err)),
			 -VSMMU_ERR_INVAL);
	free(fdt);
}

/* A tree nested deeper than VFDT_MAX_DEPTH, written with the SW API. */
static void test_too_deep(void **state)
{
	static uint64_t buf[1024];
	struct vt_host t;
	char err[256];
	int i, depth = VFDT_MAX_DEPTH + 8;

	(void)state;
	assert_int_equal(fdt_create(buf, sizeof(buf)), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	for (i = 0; i < depth; i++)
		assert_int_equal(fdt_begin_node(buf, "n"), 0);
	for (i = 0; i < depth; i++)
		assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
	assert_int_equal(
		vt_host_read(buf, fdt_totalsize(buf), &t, err, sizeof(err)),
		-VSMMU_ERR_BADFDT);
	vt_err_has(err, "deeper");
}

static void test_nospace_and_args(void **state)
{
	size_t len;
	void *fdt = vt_load("two-smmus-host.dtb", &len);
	struct vfdt_psmmu s[2];
	struct vfdt_sids d[4];
	struct vfdt_host h = {s, 1, 0, d, 4, 0};
	char err[256];

	(void)state;
	assert_int_equal(vfdt_host_read(fdt, len, &h, err, sizeof(err)),
			 -VSMMU_ERR_NOSPACE);
	vt_err_has(err, "SMMUv3");
	h = (struct vfdt_host){s, 2, 0, d, 4, 0};
	assert_int_equal(vfdt_host_read(fdt, len, &h, err, sizeof(err)),
			 -VSMMU_ERR_NOSPACE);
	vt_err_has(err, "/soc/dma@e7410000");
	h = (struct vfdt_host){NULL, 2, 0, d, 4, 0};
	assert_int_equal(vfdt_host_read(fdt, len, &h, err, sizeof(err)),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(vfdt_host_read(fdt, len, NULL, NULL, 0),
			 -VSMMU_ERR_INVAL);
	free(fdt);
}

/* A disabled SMMU is not read, nor are the entries that point at it; an
 * entry for another kind of IOMMU is stepped over by its #iommu-cells. */
static void test_disabled_and_foreign(void **state)
{
	size_t len;
	void *fdt = vt_load("two-smmus-host.dtb", &len);
	struct vt_host t;
	int o;

	(void)state;
	vt_set(fdt, "/soc/iommu@2b500000", "status", "disabled", 9);
	assert_int_equal(vt_host_read(fdt, fdt_totalsize(fdt), &t, NULL, 0), 0);
	assert_int_equal(t.h.nsmmus, 1);
	assert_int_equal(t.h.nsids, 2);
	vt_set(fdt, "/soc/iommu@2b500000", "status", "okay", 5);

	assert_int_equal(fdt_open_into(fdt, fdt, VT_BUF), 0);
	o = fdt_add_subnode(fdt, vt_node(fdt, "/soc"), "iommu@2c000000");
	assert_true(o >= 0);
	assert_int_equal(
		fdt_setprop_string(fdt, o, "compatible", "vendor,other-iommu"),
		0);
	assert_int_equal(fdt_setprop_u32(fdt, o, "#iommu-cells", 2), 0);
	assert_int_equal(fdt_setprop_u32(fdt, o, "phandle", 0x300), 0);
	vt_set_cells(fdt, "/soc/dma@e7300000", "iommus", 5, 0x300, 7, 8, 0x100,
		     0x10);
	assert_int_equal(vt_host_read(fdt, fdt_totalsize(fdt), &t, NULL, 0), 0);
	assert_int_equal(t.h.nsids, 5);
	assert_string_equal(t.sids[0].path, "/soc/dma@e7300000");
	assert_int_equal(t.sids[0].sid_base, 0x10);
	/* the foreign IOMMU's cells still bound the entry */
	vt_set_cells(fdt, "/soc/dma@e7300000", "iommus", 4, 0x100, 0x10, 0x300,
		     7);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, "/soc/dma@e7300000",
		  "entry 1 is truncated");
	/* ... and are what the next phandle is read after */
	vt_set_cells(fdt, "/soc/dma@e7300000", "iommus", 4, 0x300, 7, 0x100,
		     0x10);
	vt_expect(fdt, -VSMMU_ERR_BADFDT, "/soc/dma@e7300000",
		  "phandle 0x10 names no node");
	free(fdt);
}

/* Bytes flipped and blobs cut all over a valid tree: an error or a result,
 * never a crash (the build runs with AddressSanitizer and UBSan). */
static void test_mutations(void **state)
{
	size_t len, i;
	uint8_t *orig = vt_load("basic-host.dtb", &len);
	uint8_t *b = malloc(len + 8);
	struct vt_host t;
	char err[128];
	unsigned int ok = 0;

	(void)state;
	assert_non_null(b);
	for (i = 0; i < 4 * len; i++) {
		size_t pos = (i * 7919u) % len;
		int rc;

		memcpy(b, orig, len);
		b[pos] ^= (uint8_t)(1u << (i % 8));
		if (i % 3 == 0)
			b[(pos * 31u + 5) % len] = (uint8_t)i;
		rc = vt_host_read(b, (i % 17 == 0) ? pos : len, &t, err,
				  sizeof(err));
		assert_true(rc == 0 || (rc < 0 && rc >= -VSMMU_ERR_MAX));
		assert_true(t.h.nsmmus <= VT_SMMUS && t.h.nsids <= VT_SIDS);
		ok += rc == 0;
	}
	/* Flips inside names and values often leave a valid tree. */
	assert_true(ok > 0);
	free(b);
	free(orig);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_two_smmus),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_bad_phandle),
		cmocka_unit_test(test_bad_iommu_cells),
		cmocka_unit_test(test_odd_lengths),
		cmocka_unit_test(test_bad_smmu_props),
		cmocka_unit_test(test_irq_parent_loop),
		cmocka_unit_test(test_truncated_blob),
		cmocka_unit_test(test_too_deep),
		cmocka_unit_test(test_nospace_and_args),
		cmocka_unit_test(test_disabled_and_foreign),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
