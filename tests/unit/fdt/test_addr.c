// SPDX-License-Identifier: MIT
/* Tests of src/fdt/addr.c: cells, translation, and the vSMMU window. */
#include "vfdt_test.h"
#include "fdt/internal.h"

#define W    0x20000ull
#define BASE 0x04040000ull
#define DMA  "/passthrough/dma@e7300000"

static int vt_window(void *fdt, char *err, size_t n)
{
	struct vfdt_err_ e = {err, n};

	err[0] = '\0';
	return vfdt_window_user_(fdt, BASE, W, &e);
}

static void vt_reg(void *fdt, uint64_t a, uint64_t s)
{
	vt_set_cells(fdt, DMA, "reg", 4, (uint32_t)(a >> 32), (uint32_t)a,
		     (uint32_t)(s >> 32), (uint32_t)s);
}

static void test_window(void **state)
{
	size_t len;
	void *pt = vt_load("basic-pt.dtb", &len);
	char err[256];

	(void)state;
	assert_int_equal(vt_window(pt, err, sizeof(err)), 0);
	vt_reg(pt, BASE - 0x1000, 0x1000); /* ends just below */
	assert_int_equal(vt_window(pt, err, sizeof(err)), 0);
	vt_reg(pt, BASE + W, 0x1000); /* starts just above */
	assert_int_equal(vt_window(pt, err, sizeof(err)), 0);
	vt_reg(pt, BASE - 0x1000, 0x1001); /* its last byte */
	assert_int_equal(vt_window(pt, err, sizeof(err)), -VSMMU_ERR_EXIST);
	vt_err_has(err, DMA);
	vt_reg(pt, BASE + W - 1, 0x1000); /* our last byte */
	assert_int_equal(vt_window(pt, err, sizeof(err)), -VSMMU_ERR_EXIST);
	vt_reg(pt, BASE + 0x10000, 0x1000); /* inside */
	assert_int_equal(vt_window(pt, err, sizeof(err)), -VSMMU_ERR_EXIST);
	vt_reg(pt, 0, 0xffffffffffffffffull); /* around, no wrap */
	assert_int_equal(vt_window(pt, err, sizeof(err)), -VSMMU_ERR_EXIST);
	vt_reg(pt, 0xffffffffffff0000ull, 0x10000); /* at the top */
	assert_int_equal(vt_window(pt, err, sizeof(err)), 0);
	vt_reg(pt, BASE, 0); /* empty */
	assert_int_equal(vt_window(pt, err, sizeof(err)), 0);
	/* a second region of the node counts too */
	vt_set_cells(pt, DMA, "reg", 8, 0, 0xe7300000, 0, 0x1000, 0, BASE, 0,
		     4);
	assert_int_equal(vt_window(pt, err, sizeof(err)), -VSMMU_ERR_EXIST);
	/* a bus that moves its children's addresses */
	vt_set_cells(pt, "/passthrough", "ranges", 6, 0, 0, 0, 0x04000000, 0,
		     0x100000);
	vt_set_cells(pt, DMA, "reg", 4, 0, 0x40000, 0, 0x1000);
	assert_int_equal(vt_window(pt, err, sizeof(err)), -VSMMU_ERR_EXIST);
	vt_set_cells(pt, DMA, "reg", 4, 0, 0x80000, 0, 0x1000);
	assert_int_equal(vt_window(pt, err, sizeof(err)), 0);
	/* children of a bus with three address cells are not CPU addresses */
	vt_set_cells(pt, "/passthrough", "#address-cells", 1, 3);
	vt_set_cells(pt, DMA, "reg", 5, 0, 0, BASE, 0, 0x1000);
	assert_int_equal(vt_window(pt, err, sizeof(err)), 0);
	/* a reg cut short */
	vt_set_cells(pt, "/passthrough", "#address-cells", 1, 2);
	vt_set_cells(pt, "/passthrough", "ranges", 0);
	vt_set_cells(pt, DMA, "reg", 3, 0, BASE, 0);
	assert_int_equal(vt_window(pt, err, sizeof(err)), -VSMMU_ERR_BADFDT);
	vt_err_has(err, DMA " property reg: length 12");
	free(pt);
}

static void test_cells(void **state)
{
	static const uint8_t v[12] = {0, 0, 0,	  1,	0x80, 0,
				      0, 2, 0xff, 0xff, 0xff, 0xff};

	(void)state;
	/* big-endian, at any alignment */
	assert_int_equal(vfdt_cells64_(v, 0, 1), 1);
	assert_int_equal(vfdt_cells64_(v, 0, 2), 0x180000002ull);
	assert_int_equal(vfdt_cells64_(v, 1, 2), 0x80000002ffffffffull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
