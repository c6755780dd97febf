// SPDX-License-Identifier: MIT
/*
 * Tests of src/fdt/guest.c: the guest tree, checked property by property,
 * the vSID plan and its commit order, and the errors of a guest build.
 */
#include "vfdt_test.h"

#define VSMMU	"/iommu@4040000"
#define PT_DMA0 "/passthrough/dma@e7300000"

struct vt_guest {
	struct vt_host host;
	void *host_fdt;
	size_t host_len;
	void *pt;
	size_t pt_len;
	size_t pt_cut; /* pass only this many bytes of pt, if set */
	struct vfdt_domain_cfg cfg;
	struct vt_alloc alloc;
	struct vfdt_vsid_ops ops;
	struct vfdt_vsid_ent ents[VT_MAP];
	struct vfdt_guest_out res;
	uint8_t out[VT_BUF] __attribute__((aligned(8)));
	char err[512];
};

static struct vt_guest *vt_guest_new(const char *host, const char *pt,
				     const char *cfg)
{
	struct vt_guest *g = calloc(1, sizeof(*g));

	assert_non_null(g);
	g->host_fdt = vt_load(host, &g->host_len);
	assert_int_equal(
		vt_host_read(g->host_fdt, g->host_len, &g->host, NULL, 0), 0);
	if (pt)
		g->pt = vt_load(pt, &g->pt_len);
	vfdt_cfg_init(&g->cfg);
	assert_int_equal(vfdt_cfg_parse(cfg, strlen(cfg), &g->cfg, g->err,
					sizeof(g->err)),
			 0);
	g->ops = vt_ops(&g->alloc);
	return g;
}

static int vt_build(struct vt_guest *g, int outsize)
{
	struct vfdt_guest_in in = {
		.host_fdt = g->host_fdt,
		.host_size = g->host_len,
		.host = &g->host.h,
		.cfg = &g->cfg,
		.pt_fdt = g->pt,
		.pt_size = g->pt_cut ? g->pt_cut
			   : g->pt   ? fdt_totalsize(g->pt)
				     : 0,
		.ops = &g->ops,
	};

	g->res.map = (struct vfdt_vsid_map){g->ents, VT_MAP, 0};
	memset(g->err, 'x', sizeof(g->err));
	g->err[sizeof(g->err) - 1] = '\0';
	return vfdt_guest_build(&in, g->out, outsize ? outsize : VT_BUF,
				&g->res, g->err, sizeof(g->err));
}

static void vt_guest_free(struct vt_guest *g)
{
	free(g->host_fdt);
	free(g->pt);
	free(g);
}

/* The vSMMU node of examples/basic, every property. */
static void test_basic(void **state)
{
	char *text = vt_example_text("basic/guest.cfg");
	struct vt_guest *g =
		vt_guest_new("basic-host.dtb", "basic-pt.dtb", text);
	const void *o = g->out;

	(void)state;
	free(text);
	assert_int_equal(vt_build(g, 0), 0);
	assert_int_equal(fdt_check_full(o, fdt_totalsize(o)), 0);
	vt_bytes(o, VSMMU, "compatible", "arm,smmu-v3", 12);
	vt_cells(o, VSMMU, "reg", 4, 0, 0x04040000, 0, 0x20000);
	vt_cells(o, VSMMU, "#iommu-cells", 1, 1);
	vt_cells(o, VSMMU, "interrupt-parent", 1, 65000);
	vt_cells(o, VSMMU, "interrupts", 3, 0, 44, 1); /* INTID 76, edge */
	vt_bytes(o, VSMMU, "interrupt-names", "combined", 9);
	assert_true(vt_has(o, VSMMU, "dma-coherent"));
	vt_cells(o, VSMMU, "phandle", 1, 65001);
	assert_int_equal(fdt_node_offset_by_phandle(o, 65001),
			 vt_node(o, VSMMU));
	/* the passthrough node now names the vSMMU and vSID 0 */
	vt_cells(o, PT_DMA0, "iommus", 2, 65001, 0);
	vt_cells(o, PT_DMA0, "interrupts", 3, 0, 100, 4);
	/* the rest of the fragment is kept as it was */
	vt_cells(o, PT_DMA0, "reg", 4, 0, 0xe7300000, 0, 0x1000);
	vt_cells(o, "/", "#address-cells", 1, 2);

	assert_int_equal(g->res.map.n, 1);
	assert_string_equal(g->ents[0].path, "/soc/dma@e7300000");
	assert_int_equal(g->ents[0].smmu, 0);
	assert_int_equal(g->ents[0].psid, 0x10);
	assert_int_equal(g->ents[0].vsid, 0);
	assert_int_equal(g->ents[0].count, 1);
	assert_int_equal(g->res.nirqs, 1);
	assert_int_equal(g->res.irq[0], 76);
	assert_int_equal(g->alloc.calls, 1);
	assert_int_equal(g->alloc.log[0].psid, 0x10);
	vt_guest_free(g);
}

/* No fragment: an empty tree with the vSMMU; vSIDs still allocated. */
static void test_no_fragment(void **state)
{
	struct vt_guest *g =
		vt_guest_new("basic-host.dtb", NULL,
			     "viommu = \"smmuv3\"\ndtdev = [ "
			     "\"/soc/dma@e7310000\", \"/soc/pcie@40000000\" ]\n"
			     "vsmmu_base = 0x10000000\nvsmmu_coherent = "
			     "0\nvsmmu_phandle = 0x77\n");
	const void *o = g->out;

	(void)state;
	g->alloc.next = 5;
	assert_int_equal(vt_build(g, 0), 0);
	vt_cells(o, "/", "#address-cells", 1, 2);
	vt_cells(o, "/", "#size-cells", 1, 2);
	vt_cells(o, "/iommu@10000000", "reg", 4, 0, 0x10000000, 0, 0x20000);
	vt_cells(o, "/iommu@10000000", "phandle", 1, 0x77);
	assert_false(vt_has(o, "/iommu@10000000", "dma-coherent"));
	assert_int_equal(g->res.map.n, 2);
	assert_int_equal(g->ents[0].vsid, 5);
	assert_int_equal(g->ents[1].psid, 0x100);
	assert_int_equal(g->ents[1].count, 0x100);
	assert_int_equal(g->ents[1].vsid, 6);
	vt_guest_free(g);
}

/* Same pSID behind two SMMUs: two vSIDs, each node gets its own. */
static void test_two_smmus(void **state)
{
	char *text = vt_example_text("two-smmus/guest.cfg");
	struct vt_guest *g;
	const void *o;

	(void)state;
	g = vt_guest_new("two-smmus-host.dtb", "two-smmus-pt.dtb", text);
	free(text);
	o = g->out;
	assert_int_equal(vt_build(g, 0), 0);
	assert_int_equal(g->res.map.n, 4);
	assert_int_equal(g->alloc.log[0].smmu, 0);
	assert_int_equal(g->alloc.log[0].psid, 0x10);
	assert_int_equal(g->alloc.log[1].smmu, 1);
	assert_int_equal(g->alloc.log[1].psid, 0x10);
	vt_cells(o, "/passthrough/dma@e7300000", "iommus", 2, 65001, 0);
	vt_cells(o, "/passthrough/dma@e7400000", "iommus", 2, 65001, 1);
	vt_cells(o, "/passthrough/dma@e7410000", "iommus", 4, 65001, 2, 65001,
		 3);
	vt_guest_free(g);
}

/* PCI: iommu-map rewritten, mask kept; named lines eventq + gerror. */
static void test_pci_and_named_irqs(void **state)
{
	struct vt_guest *g = vt_guest_new(
		"two-guests-host.dtb", "two-guests-pt1.dtb",
		"viommu = \"smmuv3\"\nvsmmu_irq = [ 80, 81 ]\n"
		"dtdev = [ \"/soc/dma@e7300000\", \"/soc/pcie@40000000\" ]\n");
	const void *o = g->out;
	static const char names[] = "eventq\0gerror";

	(void)state;
	assert_int_equal(vt_build(g, 0), 0);
	vt_cells(o, "/passthrough/pcie@40000000", "iommu-map", 4, 0, 65001, 1,
		 0x100);
	vt_cells(o, "/passthrough/pcie@40000000", "iommu-map-mask", 1, 0xffff);
	vt_cells(o, PT_DMA0, "iommus", 2, 65001, 0);
	vt_cells(o, VSMMU, "interrupts", 6, 0, 48, 1, 0, 49, 1);
	vt_bytes(o, VSMMU, "interrupt-names", names, sizeof(names));
	assert_int_equal(g->res.nirqs, 2);
	assert_int_equal(g->res.irq[1], 81);
	vt_guest_free(g);
}

/* viommu = "none": no vSMMU node, no IOMMU properties, no allocation. */
static void test_none(void **state)
{
	struct vt_guest *g = vt_guest_new(
		"two-guests-host.dtb", "two-guests-pt1.dtb",
		"viommu = \"none\"\ndtdev = [ \"/soc/dma@e7300000\", "
		"\"/soc/pcie@40000000\" ]\n");
	const void *o = g->out;
	int off, depth = 0;

	(void)state;
	assert_int_equal(vt_build(g, 0), 0);
	assert_true(fdt_path_offset(o, VSMMU) < 0);
	assert_true(fdt_node_offset_by_compatible(o, -1, "arm,smmu-v3") < 0);
	for (off = fdt_next_node(o, -1, &depth); off >= 0;
	     off = fdt_next_node(o, off, &depth)) {
		assert_null(fdt_getprop(o, off, "iommus", NULL));
		assert_null(fdt_getprop(o, off, "iommu-map", NULL));
		assert_null(fdt_getprop(o, off, "iommu-map-mask", NULL));
	}
	vt_cells(o, PT_DMA0, "interrupts", 3, 0, 100, 4);
	assert_int_equal(g->alloc.calls, 0);
	assert_int_equal(g->res.map.n, 0);
	assert_int_equal(g->res.nirqs, 0);
	vt_guest_free(g);
}

/* A fragment entry for a device not in dtdev: refused before allocating. */
static void test_not_assigned(void **state)
{
	struct vt_guest *g = vt_guest_new(
		"basic-host.dtb", "basic-pt.dtb",
		"viommu = \"smmuv3\"\ndtdev = [ \"/soc/dma@e7310000\" ]\n");

	(void)state;
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_BADCFG);
	vt_err_has(g->err, PT_DMA0);
	vt_err_has(g->err, "iommus");
	vt_err_has(g->err, "pSID 0x10");
	assert_int_equal(g->alloc.calls, 0);

	/* xen,path names the device the node stands for: it must match */
	vt_set(g->pt, PT_DMA0, "xen,path", "/soc/dma@e7310000", 18);
	vt_set_cells(g->pt, PT_DMA0, "iommus", 2, 0x100, 0x11);
	assert_int_equal(vt_build(g, 0), 0);
	vt_set_cells(g->pt, PT_DMA0, "iommus", 2, 0x100, 0x10);
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_BADCFG);
	g->cfg.ndtdev = 2;
	strcpy(g->cfg.dtdev[1], "/soc/dma@e7300000");
	g->alloc.calls = 0;
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_BADCFG);
	vt_err_has(g->err, "xen,path");
	assert_int_equal(g->alloc.calls, 0);
	vt_guest_free(g);
}

static void test_fragment_errors(void **state)
{
	struct vt_guest *g = vt_guest_new(
		"basic-host.dtb", "basic-pt.dtb",
		"viommu = \"smmuv3\"\ndtdev = [ \"/soc/dma@e7300000\" ]\n");

	(void)state;
	/* a phandle that is no SMMU of the host */
	vt_set_cells(g->pt, PT_DMA0, "iommus", 2, 0x555, 0x10);
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_BADFDT);
	vt_err_has(g->err, "0x555");
	vt_err_has(g->err, PT_DMA0);
	/* odd length */
	vt_set_cells(g->pt, PT_DMA0, "iommus", 3, 0x100, 0x10, 0x100);
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_BADFDT);
	vt_err_has(g->err, "iommus: length 12");
	vt_set_cells(g->pt, PT_DMA0, "iommus", 2, 0x100, 0x10);
	/* the vSMMU's phandle is taken by a fragment node */
	vt_set_cells(g->pt, "/passthrough", "phandle", 1, 65001);
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_EXIST);
	vt_err_has(g->err, "vsmmu_phandle");
	assert_int_equal(g->alloc.calls, 0);
	assert_int_equal(
		fdt_delprop(g->pt, vt_node(g->pt, "/passthrough"), "phandle"),
		0);
	/* the vSMMU node name is taken */
	assert_int_equal(fdt_open_into(g->pt, g->pt, VT_BUF), 0);
	assert_int_equal(fdt_add_subnode(g->pt, 0, "iommu@4040000") >= 0, 1);
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_EXIST);
	vt_err_has(g->err, "iommu@4040000");
	assert_int_equal(fdt_del_node(g->pt, vt_node(g->pt, VSMMU)), 0);
	/* the vSMMU window on a passthrough device's MMIO */
	vt_set_cells(g->pt, PT_DMA0, "reg", 4, 0, 0x04041000, 0, 0x1000);
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_EXIST);
	vt_err_has(g->err, "overlaps reg of " PT_DMA0);
	assert_int_equal(g->alloc.calls, 0);
	g->cfg.vsmmu_base = 0x08000000;
	assert_int_equal(vt_build(g, 0), 0);
	vt_cells(g->out, "/iommu@8000000", "reg", 4, 0, 0x08000000, 0, 0x20000);
	g->cfg.vsmmu_base = 0x04040000;
	vt_set_cells(g->pt, PT_DMA0, "reg", 4, 0, 0xe7300000, 0, 0x1000);
	/* a truncated fragment */
	assert_int_equal(fdt_pack(g->pt), 0);
	g->pt_cut = fdt_totalsize(g->pt) - 8;
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_BADFDT);
	vt_err_has(g->err, "passthrough fragment");
	g->pt_cut = 0;
	assert_int_equal(vt_build(g, 0), 0);
	vt_guest_free(g);
}

static void test_config_errors(void **state)
{
	struct vt_guest *g =
		vt_guest_new("basic-host.dtb", "basic-pt.dtb",
			     "viommu = \"smmuv3\"\ndtdev = [ "
			     "\"/soc/dma@e7300000\", \"/soc/nothing@0\" ]\n");

	(void)state;
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_NOENT);
	vt_err_has(g->err, "/soc/nothing@0");
	g->cfg.ndtdev = 1;
	strcpy(g->cfg.dtdev[0], "/soc/iommu@2b400000");
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_BADCFG);
	vt_err_has(g->err, "SMMU cannot be assigned");
	strcpy(g->cfg.dtdev[0], "/soc/dma@e7300000");
	/* a base that needs 64 bits under a root with 1 address cell */
	g->cfg.vsmmu_base = 0x100000000ull;
	vt_set_cells(g->pt, "/", "#address-cells", 1, 1);
	vt_set_cells(g->pt, "/", "#size-cells", 1, 1);
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_BADCFG);
	vt_err_has(g->err, "#address-cells");
	g->cfg.vsmmu_base = 0x4040000;
	assert_int_equal(vt_build(g, 0), 0);
	vt_cells(g->out, VSMMU, "reg", 2, 0x4040000, 0x20000);
	g->cfg.vsmmu_base = 0x4041000;
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_BADCFG);
	g->cfg.vsmmu_base = 0x4040000;
	g->cfg.phandle = g->cfg.gic_phandle;
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_BADCFG);
	g->cfg.phandle = 65001;
	/* a config filled in by hand: paths are checked too */
	memset(g->cfg.dtdev[0], 'a', VFDT_PATH_MAX);
	g->cfg.dtdev[0][0] = '/';
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_BADCFG);
	vt_err_has(g->err, "dtdev 0");
	strcpy(g->cfg.dtdev[0], "soc/dma@e7300000");
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_BADCFG);
	vt_guest_free(g);
}

/* Too small an output: NOSPACE and nothing allocated; then it fits. */
static void test_nospace(void **state)
{
	struct vt_guest *g = vt_guest_new(
		"basic-host.dtb", "basic-pt.dtb",
		"viommu = \"smmuv3\"\ndtdev = [ \"/soc/dma@e7300000\" ]\n");
	int size;

	(void)state;
	for (size = 64; size < 2048; size += 64) {
		int rc = vt_build(g, size);

		if (rc == 0)
			break;
		assert_int_equal(rc, -VSMMU_ERR_NOSPACE);
		assert_int_equal(g->alloc.calls, 0);
	}
	assert_true(size < 2048);
	assert_int_equal(g->alloc.calls, 1);
	/* the map too */
	g->alloc.calls = 0;
	{
		struct vfdt_guest_in in = {
			.host_fdt = g->host_fdt,
			.host_size = g->host_len,
			.host = &g->host.h,
			.cfg = &g->cfg,
			.pt_fdt = g->pt,
			.pt_size = g->pt_len,
			.ops = &g->ops,
		};

		g->res.map = (struct vfdt_vsid_map){g->ents, 0, 0};
		assert_int_equal(vfdt_guest_build(&in, g->out, VT_BUF, &g->res,
						  g->err, sizeof(g->err)),
				 -VSMMU_ERR_NOSPACE);
		vt_err_has(g->err, "vSID map");
		in.ops = NULL;
		assert_int_equal(
			vfdt_guest_build(&in, g->out, VT_BUF, &g->res, NULL, 0),
			-VSMMU_ERR_INVAL);
		assert_int_equal(vfdt_guest_build(NULL, g->out, VT_BUF, &g->res,
						  NULL, 0),
				 -VSMMU_ERR_INVAL);
	}
	assert_int_equal(g->alloc.calls, 0);
	vt_guest_free(g);
}

/* The allocator's error is passed up with the device it was for. */
static void test_alloc_fails(void **state)
{
	struct vt_guest *g =
		vt_guest_new("two-smmus-host.dtb", "two-smmus-pt.dtb",
			     "viommu = 'smmuv3'\n"
			     "dtdev = [ '/soc/dma@e7300000', "
			     "'/soc/dma@e7400000', '/soc/dma@e7410000' ]\n");

	(void)state;
	g->alloc.next = 9;
	g->alloc.fail_at = 3;
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_FULL);
	vt_err_has(g->err, "/soc/dma@e7410000");
	assert_int_equal(g->alloc.calls, 3);
	/* the two ranges allocated before are given back, last first */
	assert_int_equal(g->alloc.nrel, 2);
	assert_int_equal(g->alloc.rel[0].smmu, 1);
	assert_int_equal(g->alloc.rel[0].psid, 10);
	assert_int_equal(g->alloc.rel[1].smmu, 0);
	assert_int_equal(g->alloc.rel[1].psid, 9);
	assert_int_equal(g->alloc.rel[1].count, 1);
	assert_int_equal(g->res.map.n, 0);
	/* without release, nothing is given back (and nothing crashes) */
	g->ops.release = NULL;
	g->alloc = (struct vt_alloc){.fail_at = 2};
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_FULL);
	assert_int_equal(g->alloc.nrel, 0);
	vt_guest_free(g);
}

/* The same device listed twice in iommus gets one vSID. */
static void test_alias(void **state)
{
	struct vt_guest *g = vt_guest_new(
		"basic-host.dtb", "basic-pt.dtb",
		"viommu = 'smmuv3'\ndtdev = [ '/soc/dma@e7300000' ]\n");

	(void)state;
	vt_set_cells(g->host_fdt, "/soc/dma@e7300000", "iommus", 4, 0x100, 0x10,
		     0x100, 0x10);
	g->host_len = fdt_totalsize(g->host_fdt);
	assert_int_equal(
		vt_host_read(g->host_fdt, g->host_len, &g->host, NULL, 0), 0);
	assert_int_equal(vt_build(g, 0), 0);
	assert_int_equal(g->res.map.n, 1);
	/* two devices claiming overlapping SIDs are refused */
	vt_set_cells(g->host_fdt, "/soc/dma@e7310000", "iommus", 2, 0x100,
		     0x10);
	assert_int_equal(
		vt_host_read(g->host_fdt, g->host_len, &g->host, NULL, 0), 0);
	g->cfg.ndtdev = 2;
	strcpy(g->cfg.dtdev[1], "/soc/dma@e7310000");
	assert_int_equal(vt_build(g, 0), 0); /* identical range: shared */
	vt_set_cells(g->host_fdt, "/soc/pcie@40000000", "iommu-map", 4, 0,
		     0x100, 0x8, 0x10);
	assert_int_equal(
		vt_host_read(g->host_fdt, g->host_len, &g->host, NULL, 0), 0);
	strcpy(g->cfg.dtdev[1], "/soc/pcie@40000000");
	assert_int_equal(vt_build(g, 0), -VSMMU_ERR_BADFDT);
	vt_err_has(g->err, "overlap");
	vt_guest_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_no_fragment),
		cmocka_unit_test(test_two_smmus),
		cmocka_unit_test(test_pci_and_named_irqs),
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_not_assigned),
		cmocka_unit_test(test_fragment_errors),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_nospace),
		cmocka_unit_test(test_alloc_fails),
		cmocka_unit_test(test_alias),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
