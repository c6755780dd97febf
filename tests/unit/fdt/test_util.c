// SPDX-License-Identifier: MIT
/* Tests of src/fdt/util.c: the shared checks and helpers. */
#include "vfdt_test.h"
#include "fdt/internal.h"

static void test_strings(void **state)
{
	char b[8];

	(void)state;
	assert_int_equal(vfdt_strnlen_("abc", 8), 3);
	assert_int_equal(vfdt_strnlen_("abcdef", 4), 4);
	assert_true(vfdt_streq_("", ""));
	assert_true(vfdt_streq_("/soc", "/soc"));
	assert_false(vfdt_streq_("/soc", "/so"));
	assert_false(vfdt_streq_("/so", "/soc"));
	assert_true(vfdt_strlcpy_(b, "1234567", sizeof(b)));
	assert_string_equal(b, "1234567");
	assert_false(vfdt_strlcpy_(b, "12345678", sizeof(b)));
	assert_string_equal(b, "");
	assert_false(vfdt_strlcpy_(b, "x", 0));
}

/* A chain of n nested nodes under the root, written with the SW API. */
static void vt_chain(void *buf, int size, int n)
{
	int i;

	assert_int_equal(fdt_create(buf, size), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(fdt_begin_node(buf, "n"), 0);
	for (i = 0; i <= n; i++)
		assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
}

static void test_depth_limit(void **state)
{
	static uint64_t buf[1024];
	char err[128];
	struct vfdt_err_ e = {err, sizeof(err)};

	(void)state;
	/* the root is depth 1: VFDT_MAX_DEPTH levels in all are accepted */
	vt_chain(buf, sizeof(buf), VFDT_MAX_DEPTH - 1);
	assert_int_equal(vfdt_check_blob_(buf, fdt_totalsize(buf), "t", &e), 0);
	vt_chain(buf, sizeof(buf), VFDT_MAX_DEPTH);
	assert_int_equal(vfdt_check_blob_(buf, fdt_totalsize(buf), "t", &e),
			 -VSMMU_ERR_BADFDT);
	vt_err_has(err, "t: node /n/n");
	assert_int_equal(vfdt_check_blob_(buf, (size_t)INT32_MAX + 1, "t", &e),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(vfdt_check_blob_(NULL, 100, "t", &e),
			 -VSMMU_ERR_INVAL);
}

static void test_props(void **state)
{
	size_t len;
	void *fdt = vt_load("basic-host.dtb", &len);
	char err[256];
	struct vfdt_err_ e = {err, sizeof(err)};
	uint32_t v, cells;
	int smmu, gic, parent;

	(void)state;
	smmu = vt_node(fdt, "/soc/iommu@2b400000");
	gic = vt_node(fdt, "/interrupt-controller@2f000000");
	assert_int_equal(vfdt_get_u32_(fdt, smmu, "#iommu-cells", &v, &e), 0);
	assert_int_equal(v, 1);
	assert_int_equal(vfdt_get_u32_(fdt, smmu, "nothing", &v, &e),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(vfdt_get_u32_(fdt, smmu, "reg", &v, &e),
			 -VSMMU_ERR_BADFDT);
	vt_err_has(err, "/soc/iommu@2b400000 property reg: length 16");

	assert_int_equal(vfdt_phandle_node_(fdt, smmu, "x", 0x100, &e), smmu);
	assert_int_equal(vfdt_phandle_node_(fdt, smmu, "x", 0, &e),
			 -VSMMU_ERR_BADFDT);
	assert_int_equal(vfdt_phandle_node_(fdt, smmu, "x", 0x7777, &e),
			 -VSMMU_ERR_BADFDT);
	vt_err_has(err, "property x: phandle 0x7777 names no node");

	/* interrupt parent: inherited from the root's interrupt-parent */
	assert_int_equal(vfdt_irq_parent_(fdt, smmu, &parent, &cells, &e), 0);
	smmu = vt_node(fdt, "/soc/iommu@2b400000");
	gic = vt_node(fdt, "/interrupt-controller@2f000000");
	assert_int_equal(parent, gic);
	assert_int_equal(cells, 3);
	/* no interrupt-parent anywhere: none */
	assert_int_equal(fdt_open_into(fdt, fdt, VT_BUF), 0);
	assert_int_equal(fdt_delprop(fdt, 0, "interrupt-parent"), 0);
	smmu = vt_node(fdt, "/soc/iommu@2b400000");
	assert_int_equal(vfdt_irq_parent_(fdt, smmu, &parent, &cells, &e),
			 -VSMMU_ERR_NOENT);
	vt_set_cells(
		fdt, "/", "interrupt-parent", 1,
		fdt_get_phandle(
			fdt, vt_node(fdt, "/interrupt-controller@2f000000")));
	vt_set_cells(fdt, "/interrupt-controller@2f000000", "#interrupt-cells",
		     1, 5);
	smmu = vt_node(fdt, "/soc/iommu@2b400000");
	assert_int_equal(vfdt_irq_parent_(fdt, smmu, &parent, &cells, &e),
			 -VSMMU_ERR_BADFDT);
	vt_err_has(err, "#interrupt-cells: 5");

	/* status */
	assert_true(vfdt_node_okay_(fdt, smmu));
	vt_set(fdt, "/soc/iommu@2b400000", "status", "ok", 3);
	assert_true(vfdt_node_okay_(fdt, vt_node(fdt, "/soc/iommu@2b400000")));
	vt_set(fdt, "/soc/iommu@2b400000", "status", "disabled", 9);
	assert_false(vfdt_node_okay_(fdt, vt_node(fdt, "/soc/iommu@2b400000")));
	vt_set(fdt, "/soc/iommu@2b400000", "status", "okay", 4); /* no NUL */
	assert_false(vfdt_node_okay_(fdt, vt_node(fdt, "/soc/iommu@2b400000")));
	assert_true(vfdt_is_smmuv3_(fdt, vt_node(fdt, "/soc/iommu@2b400000")));
	assert_false(vfdt_is_smmuv3_(fdt, vt_node(fdt, "/soc/dma@e7300000")));
	(void)gic;
	free(fdt);
}

static void test_messages(void **state)
{
	char err[64], p[32];
	struct vfdt_err_ e = {err, sizeof(err)};
	struct vfdt_err_ none = {NULL, 0};
	size_t len;
	void *fdt = vt_load("basic-host.dtb", &len);

	(void)state;
	assert_int_equal(vfdt_out_err_(-FDT_ERR_NOSPACE, "x", &e),
			 -VSMMU_ERR_NOSPACE);
	vt_err_has(err, "too small");
	assert_int_equal(vfdt_out_err_(-FDT_ERR_BADSTRUCTURE, "x", &e),
			 -VSMMU_ERR_INTERNAL);
	assert_int_equal(vfdt_out_err_(-FDT_ERR_NOSPACE, "x", &none),
			 -VSMMU_ERR_NOSPACE);
	/* paths that do not fit become a placeholder, never garbage */
	assert_string_equal(vfdt_path_(fdt, vt_node(fdt, "/soc"), p, sizeof(p)),
			    "/soc");
	vfdt_path_(fdt, vt_node(fdt, "/soc/iommu@2b400000"), p, 8);
	assert_non_null(memchr(p, '\0', 8));
	free(fdt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_props),
		cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
