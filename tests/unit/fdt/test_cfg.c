// SPDX-License-Identifier: MIT
/* Tests of src/fdt/cfg.c: the xl.cfg subset, its defaults and its errors. */
#include "vfdt_test.h"

static int parse(const char *text, struct vfdt_domain_cfg *c, char *err,
		 size_t errlen)
{
	vfdt_cfg_init(c);
	return vfdt_cfg_parse(text, strlen(text), c, err, errlen);
}

static void test_defaults(void **state)
{
	struct vfdt_domain_cfg c;
	char err[128];

	(void)state;
	assert_int_equal(parse("", &c, err, sizeof(err)), 0);
	assert_false(c.viommu);
	assert_int_equal(c.vsmmu_base, VFDT_VSMMU_BASE_DEFAULT);
	assert_int_equal(c.vsmmu_base, 0x04040000);
	assert_int_equal(c.irq_mode, VFDT_IRQ_COMBINED);
	assert_int_equal(c.irq[0], VFDT_VSMMU_IRQ_DEFAULT);
	assert_false(c.irq_fixed);
	assert_int_equal(c.phandle, VFDT_VSMMU_PHANDLE_DEFAULT);
	assert_int_equal(c.gic_phandle, VFDT_GIC_PHANDLE_DEFAULT);
	assert_true(c.dma_coherent);
	assert_int_equal(c.ndtdev, 0);
}

static void test_full(void **state)
{
	static const char text[] = "# a guest\n"
				   "name = \"guest1\"\n"
				   "memory = 512; vcpus = 2\n"
				   "disk = [ 'phy:/dev/vg/g1,xvda,w',\n"
				   "         'file:/x.img,xvdb,r' ]\n"
				   "viommu = 'smmuv3'   # the emulated SMMUv3\n"
				   "dtdev = [\n"
				   "\t\"/soc/dma@e7300000\",  # first\n"
				   "\t\"/soc/dma@e7310000\",\n"
				   "]\n"
				   "vsmmu_base = \"0x08000000\"\n"
				   "vsmmu_irq = [ 100, 0x65 ]\n"
				   "vsmmu_phandle = 0x4000\n"
				   "gic_phandle = 1\n"
				   "vsmmu_coherent = 0\n";
	struct vfdt_domain_cfg c;
	char err[128];

	(void)state;
	assert_int_equal(parse(text, &c, err, sizeof(err)), 0);
	assert_true(c.viommu);
	assert_int_equal(c.ndtdev, 2);
	assert_string_equal(c.dtdev[0], "/soc/dma@e7300000");
	assert_string_equal(c.dtdev[1], "/soc/dma@e7310000");
	assert_int_equal(c.vsmmu_base, 0x08000000);
	assert_true(c.irq_fixed);
	assert_int_equal(c.irq_mode, VFDT_IRQ_SEPARATE);
	assert_int_equal(c.irq[0], 100);
	assert_int_equal(c.irq[1], 101);
	assert_int_equal(c.phandle, 0x4000);
	assert_int_equal(c.gic_phandle, 1);
	assert_false(c.dma_coherent);
}

static void test_modes(void **state)
{
	struct vfdt_domain_cfg c;
	char err[128];

	(void)state;
	assert_int_equal(parse("viommu = \"none\"\n", &c, err, sizeof(err)), 0);
	assert_false(c.viommu);
	assert_int_equal(parse("vsmmu_irq = 40", &c, err, sizeof(err)), 0);
	assert_int_equal(c.irq_mode, VFDT_IRQ_COMBINED);
	assert_int_equal(c.irq[0], 40);
	assert_true(c.irq_fixed);
	/* separate lines without vsmmu_irq: the default and the next one */
	assert_int_equal(
		parse("vsmmu_irq_mode = \"separate\"", &c, err, sizeof(err)),
		0);
	assert_int_equal(c.irq_mode, VFDT_IRQ_SEPARATE);
	assert_false(c.irq_fixed);
	assert_int_equal(c.irq[1], c.irq[0] + 1);
	assert_int_equal(
		parse("vsmmu_irq_mode = 'separate'\nvsmmu_irq = [50,60]", &c,
		      err, sizeof(err)),
		0);
	assert_int_equal(parse("vsmmu_irq_mode = 'combined'\nvsmmu_irq = [50]",
			       &c, err, sizeof(err)),
			 0);
	/* the text need not be NUL-terminated: only len bytes are read */
	vfdt_cfg_init(&c);
	assert_int_equal(vfdt_cfg_parse("viommu = \"smmuv3\"XYZ", 17, &c, err,
					sizeof(err)),
			 0);
	assert_true(c.viommu);
}

/* Each bad config: the code, the line, and what is wrong. */
static void bad(const char *text, const char *line, const char *what)
{
	struct vfdt_domain_cfg c;
	char err[256];

	memset(err, 'x', sizeof(err));
	assert_int_equal(parse(text, &c, err, sizeof(err)), -VSMMU_ERR_BADCFG);
	assert_non_null(memchr(err, '\0', sizeof(err)));
	vt_err_has(err, line);
	vt_err_has(err, what);
}

static void test_errors(void **state)
{
	(void)state;
	bad("name = 'x'\nmemory = 1\nviommu = \"smmuv2\"\n",
	    "line 3:", "viommu");
	bad("viommu = smmuv3\n", "line 1:", "expected a string");
	bad("viommu = [ 'smmuv3' ]\n", "line 1:", "viommu");
	bad("\n\nname = \"abc\n", "line 3:", "unterminated string");
	bad("name \"x\"\n", "line 1:", "expected '='");
	bad("= 3\n", "line 1:", "expected KEY");
	bad("dtdev = [ \"/a\",\n \"/b\"\n\n", "line 1:", "not closed");
	bad("dtdev = [ \"/a\" \"/b\" ]", "line 1:", "expected ',' or ']'");
	bad("memory = 512 1024\n", "line 1:", "unexpected text");
	bad("memory = 99999999999999999999999\n", "line 1:", "too large");
	bad("memory = 12abc\n", "line 1:", "malformed number");
	bad("\ndtdev = [ \"soc/dma\" ]\n", "line 2:", "absolute node path");
	bad("dtdev = \"/soc/dma\"\n", "line 1:", "list of paths");
	bad("dtdev = [ \"/a\", \"/b\", \"/a\" ]\n", "line 1:", "listed twice");
	bad("viommu = 'none'\n#\nviommu = 'smmuv3'\n",
	    "line 3:", "set twice (first on line 1)");
	bad("vsmmu_base = 0x4041000\n", "line 1:", "128 KiB");
	bad("vsmmu_base = 'abc'\n", "line 1:", "expected a number");
	bad("vsmmu_base = [ 1 ]\n", "line 1:", "not a list");
	bad("vsmmu_irq = 31\n", "line 1:", "SPI INTID");
	bad("vsmmu_irq = 1020\n", "line 1:", "SPI INTID");
	bad("vsmmu_irq = [ 40, 41, 42 ]\n", "line 1:", "one INTID");
	bad("vsmmu_irq = [ 40, 40 ]\n", "line 1:", "must differ");
	bad("vsmmu_irq = [ 40 ]\nvsmmu_irq_mode = \"separate\"\n",
	    "line 2:", "does not match");
	bad("vsmmu_irq_mode = \"both\"\n", "line 1:", "combined");
	bad("vsmmu_phandle = 0\n", "line 1:", "not a phandle");
	bad("gic_phandle = 0xffffffff\n", "line 1:", "not a phandle");
	bad("vsmmu_coherent = 2\n", "line 1:", "0 or 1");
	bad("kernel = ", "line 1:", "value missing");
	bad("a = 'x\\\n'", "line 1:", "unterminated");
}

static void test_dtdev_limit(void **state)
{
	char text[4096], *p = text;
	unsigned int i;

	(void)state;
	p += sprintf(p, "dtdev = [\n");
	for (i = 0; i <= VFDT_DTDEV_MAX; i++)
		p += sprintf(p, "  \"/soc/dev@%u\",\n", i);
	sprintf(p, "]\n");
	bad(text, "line 1:", "at most 32");

	/* a path as long as VFDT_PATH_MAX does not fit with its NUL */
	p = text;
	p += sprintf(p, "dtdev = [ \"/");
	memset(p, 'a', VFDT_PATH_MAX - 1);
	p += VFDT_PATH_MAX - 1;
	sprintf(p, "\" ]\n");
	bad(text, "line 1:", "at most 255 bytes");
}

static void test_args(void **state)
{
	struct vfdt_domain_cfg c;

	(void)state;
	assert_int_equal(vfdt_cfg_parse("x=1", 3, NULL, NULL, 0),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(vfdt_cfg_parse(NULL, 3, &c, NULL, 0),
			 -VSMMU_ERR_INVAL);
	vfdt_cfg_init(&c);
	assert_int_equal(vfdt_cfg_parse(NULL, 0, &c, NULL, 0), 0);
	vfdt_cfg_init(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_dtdev_limit),
		cmocka_unit_test(test_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
