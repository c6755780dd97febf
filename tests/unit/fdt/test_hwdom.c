// SPDX-License-Identifier: MIT
/*
 * Tests of src/fdt/hwdom.c: one vSMMU per physical SMMU at the host
 * address, host interrupts and phandles, vSID = pSID, iommus kept.
 */
#include "vfdt_test.h"

#define SMMU0 "/soc/iommu@2b400000"
#define SMMU1 "/iobus/iommu@0"

struct vt_hw {
	struct vt_host host;
	void *fdt;
	size_t len;
	struct vt_alloc alloc;
	struct vfdt_vsid_ops ops;
	struct vfdt_vsid_ent ents[VT_MAP];
	struct vfdt_vsid_map map;
	uint8_t out[VT_BUF] __attribute__((aligned(8)));
	char err[512];
};

static struct vt_hw *vt_hw_new(const char *host)
{
	struct vt_hw *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->fdt = vt_load(host, &t->len);
	t->ops = vt_ops(&t->alloc);
	return t;
}

static int vt_hw_build(struct vt_hw *t, int outsize)
{
	t->len = fdt_totalsize(t->fdt);
	assert_int_equal(vt_host_read(t->fdt, t->len, &t->host, NULL, 0), 0);
	t->map = (struct vfdt_vsid_map){t->ents, VT_MAP, 0};
	t->alloc.calls = 0;
	return vfdt_hwdom_build(t->fdt, t->len, &t->host.h, &t->ops, t->out,
				outsize ? outsize : VT_BUF, &t->map, t->err,
				sizeof(t->err));
}

static void vt_call_is(const struct vt_call *c, unsigned int smmu,
		       uint32_t psid, uint32_t count)
{
	assert_true(c->identity);
	assert_int_equal(c->smmu, smmu);
	assert_int_equal(c->psid, psid);
	assert_int_equal(c->count, count);
}

static void test_hwdom(void **state)
{
	struct vt_hw *t = vt_hw_new("hwdom-host.dtb");
	const void *o = t->out;
	static const char names[] = "eventq\0gerror";
	unsigned int i;

	(void)state;
	assert_int_equal(vt_hw_build(t, 0), 0);
	assert_int_equal(fdt_check_full(o, fdt_totalsize(o)), 0);
	/* the SMMU nodes stay where they were, as they were */
	vt_bytes(o, SMMU0, "compatible", "arm,smmu-v3", 12);
	vt_cells(o, SMMU0, "reg", 4, 0, 0x2b400000, 0, 0x20000);
	vt_cells(o, SMMU0, "interrupts", 6, 0, 74, 1, 0, 75, 1);
	vt_bytes(o, SMMU0, "interrupt-names", names, sizeof(names));
	vt_cells(o, SMMU0, "#iommu-cells", 1, 1);
	vt_cells(o, SMMU0, "phandle", 1, 0x100);
	assert_true(vt_has(o, SMMU0, "dma-coherent"));
	assert_false(vt_has(o, SMMU0, "msi-parent"));
	vt_cells(o, SMMU1, "reg", 4, 0, 0, 0, 0x20000);
	vt_cells(o, SMMU1, "interrupts", 3, 0, 84, 1);
	vt_bytes(o, SMMU1, "interrupt-names", "combined", 9);
	vt_cells(o, SMMU1, "phandle", 1, 0x101);
	vt_cells(o, "/iobus", "ranges", 6, 0, 0, 0, 0x30000000, 0, 0x10000000);
	/* iommus and iommu-map unchanged: vSID = pSID */
	vt_cells(o, "/soc/dma@e7300000", "iommus", 2, 0x100, 0x10);
	vt_cells(o, "/soc/dma@e7310000", "iommus", 2, 0x100, 0x11);
	vt_cells(o, "/pcie@40000000", "iommu-map", 4, 0, 0x101, 0, 0x10000);
	/* the rest of the host tree is there */
	assert_true(fdt_path_offset(o, "/memory@80000000") >= 0);
	assert_true(fdt_path_offset(o, "/interrupt-controller@2f000000") >= 0);

	assert_int_equal(t->alloc.calls, 3);
	vt_call_is(&t->alloc.log[0], 1, 0, 0x10000);
	vt_call_is(&t->alloc.log[1], 0, 0x10, 1);
	vt_call_is(&t->alloc.log[2], 0, 0x11, 1);
	assert_int_equal(t->map.n, 3);
	for (i = 0; i < t->map.n; i++)
		assert_int_equal(t->ents[i].vsid, t->ents[i].psid);
	assert_string_equal(t->ents[0].path, "/pcie@40000000");
	free(t->fdt);
	free(t);
}

static void test_quirks_dropped(void **state)
{
	struct vt_hw *t = vt_hw_new("hwdom-host.dtb");

	(void)state;
	vt_set(t->fdt, SMMU1, "hisilicon,broken-prefetch-cmd", NULL, 0);
	vt_set(t->fdt, SMMU1, "cavium,cn9900-broken-page1-regspace", NULL, 0);
	assert_int_equal(vt_hw_build(t, 0), 0);
	assert_false(vt_has(t->out, SMMU1, "hisilicon,broken-prefetch-cmd"));
	assert_false(
		vt_has(t->out, SMMU1, "cavium,cn9900-broken-page1-regspace"));
	free(t->fdt);
	free(t);
}

/* Same pSIDs behind two SMMUs: one identity map on each. */
static void test_two_smmus(void **state)
{
	struct vt_hw *t = vt_hw_new("two-smmus-host.dtb");

	(void)state;
	assert_int_equal(vt_hw_build(t, 0), 0);
	assert_int_equal(t->alloc.calls, 5);
	vt_call_is(&t->alloc.log[0], 0, 0x10, 1);
	vt_call_is(&t->alloc.log[2], 1, 0x10, 1);
	free(t->fdt);
	free(t);
}

static void test_overlaps(void **state)
{
	struct vt_hw *t = vt_hw_new("hwdom-host.dtb");

	(void)state;
	/* a device SID inside the bridge's identity range: mapped once */
	vt_set_cells(t->fdt, "/soc/dma@e7300000", "iommus", 2, 0x101, 0x5);
	assert_int_equal(vt_hw_build(t, 0), 0);
	assert_int_equal(t->alloc.calls, 2);
	/* two bridge ranges that partly overlap */
	vt_set_cells(t->fdt, "/pcie@40000000", "iommu-map", 8, 0, 0x101, 0,
		     0x10, 0x100, 0x101, 0x8, 0x10);
	assert_int_equal(vt_hw_build(t, 0), -VSMMU_ERR_BADFDT);
	vt_err_has(t->err, "/pcie@40000000");
	vt_err_has(t->err, "overlap");
	assert_int_equal(t->alloc.calls, 0);
	free(t->fdt);
	free(t);
}

static void test_errors(void **state)
{
	struct vt_hw *t = vt_hw_new("hwdom-host.dtb");
	int size;

	(void)state;
	/* an output that does not fit: nothing mapped */
	for (size = 256; size < VT_BUF; size *= 2) {
		int rc = vt_hw_build(t, size);

		if (rc == 0)
			break;
		assert_int_equal(rc, -VSMMU_ERR_NOSPACE);
		assert_int_equal(t->alloc.calls, 0);
	}
	assert_true(size < VT_BUF);
	/* the identity call's error, with the device */
	t->alloc.fail_at = 2;
	assert_int_equal(vt_hw_build(t, 0), -VSMMU_ERR_EXIST);
	vt_err_has(t->err, "/soc/dma@e7300000");
	assert_int_equal(t->alloc.nrel, 1); /* the bridge's range, undone */
	assert_int_equal(t->alloc.rel[0].smmu, 1);
	assert_int_equal(t->alloc.rel[0].psid, 0);
	assert_int_equal(t->alloc.rel[0].count, 0x10000);
	assert_int_equal(t->map.n, 0);
	t->alloc.fail_at = 0;
	/* a map too small */
	t->map = (struct vfdt_vsid_map){t->ents, 2, 0};
	assert_int_equal(vfdt_hwdom_build(t->fdt, t->len, &t->host.h, &t->ops,
					  t->out, VT_BUF, &t->map, t->err,
					  sizeof(t->err)),
			 -VSMMU_ERR_NOSPACE);
	assert_int_equal(vfdt_hwdom_build(t->fdt, t->len, &t->host.h, NULL,
					  t->out, VT_BUF, &t->map, NULL, 0),
			 -VSMMU_ERR_INVAL);
	/* a truncated host tree */
	assert_int_equal(vfdt_hwdom_build(t->fdt, 100, &t->host.h, &t->ops,
					  t->out, VT_BUF, &t->map, t->err,
					  sizeof(t->err)),
			 -VSMMU_ERR_BADFDT);
	free(t->fdt);
	free(t);
}

/* An SMMU the hardware domain gets no vSMMU for: gone with its references. */
static void test_hidden(void **state)
{
	struct vt_hw *t = vt_hw_new("hwdom-host.dtb");
	const void *o = t->out;

	(void)state;
	/* a device behind both SMMUs */
	vt_set_cells(t->fdt, "/soc/dma@e7300000", "iommus", 4, 0x101, 0x20,
		     0x100, 0x10);
	t->len = fdt_totalsize(t->fdt);
	assert_int_equal(vt_host_read(t->fdt, t->len, &t->host, NULL, 0), 0);
	t->host.smmus[1].hidden = true;
	t->map = (struct vfdt_vsid_map){t->ents, VT_MAP, 0};
	assert_int_equal(vfdt_hwdom_build(t->fdt, t->len, &t->host.h, &t->ops,
					  t->out, VT_BUF, &t->map, t->err,
					  sizeof(t->err)),
			 0);
	assert_int_equal(fdt_check_full(o, fdt_totalsize(o)), 0);
	assert_true(fdt_path_offset(o, SMMU1) < 0);
	assert_true(fdt_path_offset(o, "/iobus") >= 0);
	vt_cells(o, "/soc/dma@e7300000", "iommus", 2, 0x100, 0x10);
	assert_false(vt_has(o, "/pcie@40000000", "iommu-map"));
	assert_false(vt_has(o, "/pcie@40000000", "iommu-map-mask"));
	assert_false(vt_has(o, "/soc/dma@e7300000", "vsmmu,rebuild"));
	vt_cells(o, "/pcie@40000000", "bus-range", 2, 0, 0xff);
	/* only the visible SMMU's SIDs are mapped */
	assert_int_equal(t->alloc.calls, 2);
	vt_call_is(&t->alloc.log[0], 0, 0x10, 1);
	vt_call_is(&t->alloc.log[1], 0, 0x11, 1);

	/* the other one hidden: iommus that named only it are removed */
	t->host.smmus[1].hidden = false;
	t->host.smmus[0].hidden = true;
	t->map = (struct vfdt_vsid_map){t->ents, VT_MAP, 0};
	t->alloc.calls = 0;
	assert_int_equal(vfdt_hwdom_build(t->fdt, t->len, &t->host.h, &t->ops,
					  t->out, VT_BUF, &t->map, t->err,
					  sizeof(t->err)),
			 0);
	assert_true(fdt_path_offset(o, SMMU0) < 0);
	vt_cells(o, "/soc/dma@e7300000", "iommus", 2, 0x101, 0x20);
	assert_false(vt_has(o, "/soc/dma@e7310000", "iommus"));
	vt_cells(o, "/pcie@40000000", "iommu-map", 4, 0, 0x101, 0, 0x10000);
	vt_cells(o, SMMU1, "phandle", 1, 0x101);
	assert_int_equal(t->alloc.calls, 1); /* 0x20 is inside 0..0xffff */
	vt_call_is(&t->alloc.log[0], 1, 0, 0x10000);

	/* the output too small for the rebuild: NOSPACE, nothing mapped */
	t->alloc.calls = 0;
	for (int size = 1024; size < VT_BUF; size += 64) {
		int rc = vfdt_hwdom_build(t->fdt, t->len, &t->host.h, &t->ops,
					  t->out, size, &t->map, t->err,
					  sizeof(t->err));

		if (rc == 0)
			break;
		assert_int_equal(rc, -VSMMU_ERR_NOSPACE);
		assert_int_equal(t->alloc.calls, 0);
	}
	free(t->fdt);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hwdom),
		cmocka_unit_test(test_quirks_dropped),
		cmocka_unit_test(test_two_smmus),
		cmocka_unit_test(test_overlaps),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_hidden),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
