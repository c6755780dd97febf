// SPDX-License-Identifier: MIT
/*
 * Tests of src/fdt/irq.c: the vSMMU's SPIs never collide with a
 * passthrough node's or an assigned device's interrupt. A fixed vsmmu_irq
 * that is used is refused naming the user; a default one moves.
 */
#include "vfdt_test.h"
#include "fdt/internal.h"

#define PT_DMA0 "/passthrough/dma@e7300000"

struct vt_irq {
	void *host, *pt;
	size_t host_len, pt_len;
	struct vfdt_domain_cfg cfg;
	uint32_t irq[2];
	unsigned int n;
	char err[512];
};

static struct vt_irq *vt_irq_new(const char *cfg)
{
	struct vt_irq *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->host = vt_load("basic-host.dtb", &t->host_len);
	t->pt = vt_load("basic-pt.dtb", &t->pt_len);
	vfdt_cfg_init(&t->cfg);
	assert_int_equal(vfdt_cfg_parse(cfg, strlen(cfg), &t->cfg, t->err,
					sizeof(t->err)),
			 0);
	return t;
}

static int vt_choose(struct vt_irq *t)
{
	struct vfdt_err_ e = {t->err, sizeof(t->err)};

	t->err[0] = '\0';
	t->n = 0;
	return vfdt_irq_choose_(t->pt, t->host, &t->cfg, t->irq, &t->n, &e);
}

static void vt_irq_free(struct vt_irq *t)
{
	free(t->host);
	free(t->pt);
	free(t);
}

static void test_default_free(void **state)
{
	struct vt_irq *t = vt_irq_new(
		"viommu = 'smmuv3'\ndtdev = [ '/soc/dma@e7300000' ]\n");

	(void)state;
	assert_int_equal(vt_choose(t), 0);
	assert_int_equal(t->n, 1);
	assert_int_equal(t->irq[0], VFDT_VSMMU_IRQ_DEFAULT);
	vt_irq_free(t);
}

/* A default line that a fragment node uses moves to the next free SPI. */
static void test_default_moves(void **state)
{
	struct vt_irq *t = vt_irq_new("viommu = 'smmuv3'\n");

	(void)state;
	vt_set_cells(t->pt, PT_DMA0, "interrupts", 3, 0, 44, 4); /* INTID 76 */
	assert_int_equal(vt_choose(t), 0);
	assert_int_equal(t->irq[0], 77);
	vt_set_cells(t->pt, PT_DMA0, "interrupts", 6, 0, 44, 4, 0, 45, 4);
	assert_int_equal(vt_choose(t), 0);
	assert_int_equal(t->irq[0], 78);
	/* PPIs (type 1) are not SPIs: no collision */
	vt_set_cells(t->pt, PT_DMA0, "interrupts", 3, 1, 44, 4);
	assert_int_equal(vt_choose(t), 0);
	assert_int_equal(t->irq[0], 76);
	/* two lines: both skip what is used, and differ */
	t->cfg.irq_mode = VFDT_IRQ_SEPARATE;
	vt_set_cells(t->pt, PT_DMA0, "interrupts", 6, 0, 45, 4, 0, 47, 4);
	assert_int_equal(vt_choose(t), 0);
	assert_int_equal(t->n, 2);
	assert_int_equal(t->irq[0], 76);
	assert_int_equal(t->irq[1], 78);
	vt_irq_free(t);
}

/* A default line that an assigned device uses moves too. */
static void test_default_moves_host(void **state)
{
	struct vt_irq *t = vt_irq_new(
		"viommu = 'smmuv3'\ndtdev = [ '/soc/dma@e7310000' ]\n");

	(void)state;
	t->cfg.irq[0] = 133; /* dma@e7310000: SPI 101 */
	assert_int_equal(vt_choose(t), 0);
	assert_int_equal(t->irq[0], 134);
	vt_irq_free(t);
}

static void test_fixed_clash(void **state)
{
	struct vt_irq *t = vt_irq_new(
		"viommu = 'smmuv3'\ndtdev = [ '/soc/dma@e7300000' ]\n"
		"vsmmu_irq = 132\n");

	(void)state;
	/* used by the fragment node (its SPI 100) */
	assert_int_equal(vt_choose(t), -VSMMU_ERR_EXIST);
	vt_err_has(t->err, "vsmmu_irq 132");
	vt_err_has(t->err, "passthrough node " PT_DMA0);
	/* the fragment moved away: still used by the assigned host device */
	vt_set_cells(t->pt, PT_DMA0, "interrupts", 3, 0, 20, 4);
	assert_int_equal(vt_choose(t), -VSMMU_ERR_EXIST);
	vt_err_has(t->err, "assigned device /soc/dma@e7300000");
	/* a host device that is not assigned does not count */
	t->cfg.irq[0] = 133;
	assert_int_equal(vt_choose(t), 0);
	assert_int_equal(t->irq[0], 133);
	/* the second of two fixed lines */
	t->cfg.irq_mode = VFDT_IRQ_SEPARATE;
	t->cfg.irq[0] = 90;
	t->cfg.irq[1] = 52; /* fragment SPI 20 */
	assert_int_equal(vt_choose(t), -VSMMU_ERR_EXIST);
	vt_err_has(t->err, "vsmmu_irq 52");
	vt_irq_free(t);
}

static void test_no_free_spi(void **state)
{
	struct vt_irq *t = vt_irq_new("viommu = 'smmuv3'\n");
	uint32_t n = VFDT_SPI_LAST - 76 + 1, i;
	fdt32_t *c = calloc(n * 3, sizeof(*c));

	(void)state;
	assert_non_null(c);
	for (i = 0; i < n; i++) {
		c[3 * i] = cpu_to_fdt32(0);
		c[3 * i + 1] = cpu_to_fdt32(76 - 32 + i);
		c[3 * i + 2] = cpu_to_fdt32(4);
	}
	vt_set(t->pt, PT_DMA0, "interrupts", c, (int)(n * 12));
	assert_int_equal(vt_choose(t), -VSMMU_ERR_FULL);
	vt_err_has(t->err, "no free SPI");
	free(c);
	vt_irq_free(t);
}

static void test_bad_specifiers(void **state)
{
	struct vt_irq *t = vt_irq_new(
		"viommu = 'smmuv3'\ndtdev = [ '/soc/dma@e7300000' ]\n");

	(void)state;
	vt_set_cells(t->pt, PT_DMA0, "interrupts", 2, 0, 44);
	assert_int_equal(vt_choose(t), -VSMMU_ERR_BADFDT);
	vt_err_has(t->err, PT_DMA0);
	vt_err_has(t->err, "3-cell");
	vt_set_cells(t->pt, PT_DMA0, "interrupts", 3, 0, 44, 4);
	/* a fragment node under a controller of the fragment that is not a
	 * GIC (two cells) is not in the SPI space */
	assert_int_equal(fdt_open_into(t->pt, t->pt, VT_BUF), 0);
	int gpio = fdt_add_subnode(t->pt, vt_node(t->pt, "/passthrough"),
				   "gpio@0");

	assert_true(gpio >= 0);
	assert_int_equal(fdt_setprop_u32(t->pt, gpio, "#interrupt-cells", 2),
			 0);
	assert_int_equal(fdt_setprop_u32(t->pt, gpio, "phandle", 0x55), 0);
	vt_set_cells(t->pt, PT_DMA0, "interrupt-parent", 1, 0x55);
	vt_set_cells(t->pt, PT_DMA0, "interrupts", 2, 44, 4);
	assert_int_equal(vt_choose(t), 0);
	assert_int_equal(t->irq[0], 76);
	/* ... a three-cell one is */
	vt_set_cells(t->pt, "/passthrough/gpio@0", "#interrupt-cells", 1, 3);
	vt_set_cells(t->pt, PT_DMA0, "interrupts", 3, 0, 44, 4);
	assert_int_equal(vt_choose(t), 0);
	assert_int_equal(t->irq[0], 77);
	vt_set_cells(t->pt, PT_DMA0, "interrupt-parent", 1, 65000);
	/* a host device whose interrupt parent is not a GIC is skipped */
	vt_set_cells(t->host, "/interrupt-controller@2f000000",
		     "#interrupt-cells", 1, 2);
	assert_int_equal(vt_choose(t), 0);
	/* out-of-range configuration values are refused */
	t->cfg.irq[0] = 20;
	assert_int_equal(vt_choose(t), -VSMMU_ERR_BADCFG);
	vt_irq_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_free),
		cmocka_unit_test(test_default_moves),
		cmocka_unit_test(test_default_moves_host),
		cmocka_unit_test(test_fixed_clash),
		cmocka_unit_test(test_no_free_spi),
		cmocka_unit_test(test_bad_specifiers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
