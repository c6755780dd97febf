// SPDX-License-Identifier: MIT
/*
 * Tests of src/fdt/passthrough.c: checking a fragment changes nothing,
 * committing rewrites in place, stripping removes every IOMMU property.
 */
#include "vfdt_test.h"
#include "fdt/internal.h"

#define PT_DMA0 "/passthrough/dma@e7300000"

struct vt_pt {
	struct vt_host host;
	void *pt;
	size_t len;
	struct vfdt_vsid_ent ents[4];
	struct vfdt_vsid_map map;
	char err[512];
	struct vfdt_err_ e;
};

static struct vt_pt *vt_pt_new(void)
{
	struct vt_pt *t = calloc(1, sizeof(*t));
	size_t hl;
	void *h;

	assert_non_null(t);
	h = vt_load("two-guests-host.dtb", &hl);
	assert_int_equal(vt_host_read(h, hl, &t->host, NULL, 0), 0);
	free(h);
	t->pt = vt_load("two-guests-pt1.dtb", &t->len);
	/* the plan: dma@e7300000 pSID 0x10 -> vSID 7, bridge 0x100.. -> 0x20..
	 */
	t->ents[0] = (struct vfdt_vsid_ent){"/soc/dma@e7300000", 0, 0x10, 7, 1};
	t->ents[1] = (struct vfdt_vsid_ent){"/soc/pcie@40000000", 0, 0x100,
					    0x20, 0x100};
	t->map = (struct vfdt_vsid_map){t->ents, 4, 2};
	t->e = (struct vfdt_err_){t->err, sizeof(t->err)};
	return t;
}

static void test_check_then_commit(void **state)
{
	struct vt_pt *t = vt_pt_new();
	void *copy = malloc(t->len);

	(void)state;
	assert_non_null(copy);
	memcpy(copy, t->pt, t->len);
	assert_int_equal(vfdt_pt_rewrite_(t->pt, &t->host.h, &t->map, 0x42,
					  false, &t->e),
			 0);
	assert_memory_equal(copy, t->pt, t->len);
	assert_int_equal(
		vfdt_pt_rewrite_(t->pt, &t->host.h, &t->map, 0x42, true, &t->e),
		0);
	assert_int_equal(fdt_totalsize(t->pt), t->len);
	vt_cells(t->pt, PT_DMA0, "iommus", 2, 0x42, 7);
	vt_cells(t->pt, "/passthrough/pcie@40000000", "iommu-map", 4, 0, 0x42,
		 0x20, 0x100);
	free(copy);
	free(t->pt);
	free(t);
}

/* A sub-range of an allocation maps to the matching sub-range of vSIDs. */
static void test_subrange(void **state)
{
	struct vt_pt *t = vt_pt_new();

	(void)state;
	vt_set_cells(t->pt, "/passthrough/pcie@40000000", "iommu-map", 8, 0x0,
		     0x100, 0x100, 0x8, 0x10, 0x100, 0x110, 0x8);
	assert_int_equal(
		vfdt_pt_rewrite_(t->pt, &t->host.h, &t->map, 0x42, true, &t->e),
		0);
	vt_cells(t->pt, "/passthrough/pcie@40000000", "iommu-map", 8, 0x0, 0x42,
		 0x20, 0x8, 0x10, 0x42, 0x30, 0x8);
	/* the committed tree names the vSMMU now, not a host SMMU */
	assert_int_equal(vfdt_pt_rewrite_(t->pt, &t->host.h, &t->map, 0x42,
					  false, &t->e),
			 -VSMMU_ERR_BADFDT);
	vt_err_has(t->err, "phandle 0x42 is not an SMMUv3 of the host tree");
	vt_set_cells(t->pt, "/passthrough/dma@e7300000", "iommus", 2, 0x100,
		     0x10);
	/* beyond the allocation */
	vt_set_cells(t->pt, "/passthrough/pcie@40000000", "iommu-map", 4, 0x0,
		     0x100, 0x1f0, 0x20);
	assert_int_equal(vfdt_pt_rewrite_(t->pt, &t->host.h, &t->map, 0x42,
					  false, &t->e),
			 -VSMMU_ERR_BADCFG);
	vt_err_has(t->err, "iommu-map: entry 0");
	vt_err_has(t->err, "0x1f0..0x20f");
	/* length 0, and lengths that wrap */
	vt_set_cells(t->pt, "/passthrough/pcie@40000000", "iommu-map", 4, 0,
		     0x100, 0x100, 0);
	assert_int_equal(vfdt_pt_rewrite_(t->pt, &t->host.h, &t->map, 0x42,
					  false, &t->e),
			 -VSMMU_ERR_BADFDT);
	vt_set_cells(t->pt, "/passthrough/pcie@40000000", "iommu-map", 4,
		     0xfffffff0, 0x100, 0x100, 0x20);
	assert_int_equal(vfdt_pt_rewrite_(t->pt, &t->host.h, &t->map, 0x42,
					  false, &t->e),
			 -VSMMU_ERR_BADFDT);
	vt_err_has(t->err, "wraps");
	vt_set_cells(t->pt, "/passthrough/pcie@40000000", "iommu-map", 3, 0,
		     0x100, 0x100);
	assert_int_equal(vfdt_pt_rewrite_(t->pt, &t->host.h, &t->map, 0x42,
					  false, &t->e),
			 -VSMMU_ERR_BADFDT);
	vt_err_has(t->err, "iommu-map: length 12");
	free(t->pt);
	free(t);
}

static void test_strip(void **state)
{
	struct vt_pt *t = vt_pt_new();
	int off, depth = 0;

	(void)state;
	assert_int_equal(fdt_open_into(t->pt, t->pt, VT_BUF), 0);
	assert_int_equal(vfdt_pt_strip_(t->pt, &t->e), 0);
	for (off = fdt_next_node(t->pt, -1, &depth); off >= 0;
	     off = fdt_next_node(t->pt, off, &depth)) {
		assert_null(fdt_getprop(t->pt, off, "iommus", NULL));
		assert_null(fdt_getprop(t->pt, off, "iommu-map", NULL));
		assert_null(fdt_getprop(t->pt, off, "iommu-map-mask", NULL));
	}
	/* everything else stays */
	vt_cells(t->pt, "/passthrough/pcie@40000000", "bus-range", 2, 0, 0xff);
	vt_cells(t->pt, PT_DMA0, "interrupts", 3, 0, 100, 4);
	free(t->pt);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_then_commit),
		cmocka_unit_test(test_subrange),
		cmocka_unit_test(test_strip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
