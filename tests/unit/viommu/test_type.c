// SPDX-License-Identifier: MIT
/* Tests of src/viommu/type.c: type names, xl.cfg lines, boot options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vsmmu/viommu.h"
#include "viommu/internal.h"

static int cfg_line(const char *s, enum viommu_type *t)
{
	return viommu_parse_domain_cfg_line(s, strlen(s), t);
}

static int boot(const char *s, enum viommu_type *t)
{
	return viommu_parse_boot_option(s, strlen(s), t);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(viommu_type_name(VIOMMU_TYPE_NONE), "none");
	assert_string_equal(viommu_type_name(VIOMMU_TYPE_SMMUV3), "smmuv3");
	assert_string_equal(viommu_type_name((enum viommu_type)7), "unknown");
	assert_null(viommu_type_ops_(VIOMMU_TYPE_NONE));
	assert_non_null(viommu_type_ops_(VIOMMU_TYPE_SMMUV3));
	assert_string_equal(viommu_type_ops_(VIOMMU_TYPE_SMMUV3)->name,
			    "smmuv3");
}

static void test_cfg_line_good(void **state)
{
	enum viommu_type t = (enum viommu_type)99;

	(void)state;
	assert_int_equal(cfg_line("viommu = \"smmuv3\"", &t), 0);
	assert_int_equal(t, VIOMMU_TYPE_SMMUV3);
	assert_int_equal(cfg_line("viommu=\"none\"", &t), 0);
	assert_int_equal(t, VIOMMU_TYPE_NONE);
	assert_int_equal(cfg_line("  viommu\t=  'smmuv3'  # a comment", &t), 0);
	assert_int_equal(t, VIOMMU_TYPE_SMMUV3);
	assert_int_equal(cfg_line("viommu = \"none\";\n", &t), 0);
	assert_int_equal(t, VIOMMU_TYPE_NONE);
	/* len bounds the input: the rest of the buffer is not read */
	assert_int_equal(viommu_parse_domain_cfg_line(
				 "viommu=\"smmuv3\"GARBAGE", 15, &t), 0);
	assert_int_equal(t, VIOMMU_TYPE_SMMUV3);
}

static void test_cfg_line_other(void **state)
{
	enum viommu_type t = VIOMMU_TYPE_SMMUV3;

	(void)state;
	assert_int_equal(cfg_line("", &t), -VSMMU_ERR_NOENT);
	assert_int_equal(cfg_line("   ", &t), -VSMMU_ERR_NOENT);
	assert_int_equal(cfg_line("# viommu = \"smmuv3\"", &t),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(cfg_line("memory = 512", &t), -VSMMU_ERR_NOENT);
	assert_int_equal(cfg_line("viommux = \"smmuv3\"", &t),
			 -VSMMU_ERR_NOENT);
	/* untouched on anything but success */
	assert_int_equal(t, VIOMMU_TYPE_SMMUV3);
}

static void test_cfg_line_bad(void **state)
{
	static const char *const bad[] = {
		"viommu",			/* no '=' */
		"viommu smmuv3",
		"viommu = smmuv3",		/* unquoted */
		"viommu = \"smmuv3",		/* no closing quote */
		"viommu = \"smmuv3'",		/* mismatched quotes */
		"viommu = \"\"",		/* empty */
		"viommu = \"smmuv2\"",		/* unknown */
		"viommu = \"SMMUV3\"",		/* case matters */
		"viommu = \"smmuv3 \"",		/* spaces inside */
		"viommu = \"smmuv3\" x",	/* trailing garbage */
		"viommu = \"smmuv3\" \"none\"",
	};
	enum viommu_type t = VIOMMU_TYPE_NONE;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(cfg_line(bad[i], &t), -VSMMU_ERR_BADCFG);
		assert_int_equal(t, VIOMMU_TYPE_NONE);
	}
	/* a NUL ends the input even when len is larger */
	assert_int_equal(viommu_parse_domain_cfg_line("viommu = \"smm\0uv3\"",
						      19, &t),
			 -VSMMU_ERR_BADCFG);
	assert_int_equal(viommu_parse_domain_cfg_line(NULL, 3, &t),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(viommu_parse_domain_cfg_line("x", 1, NULL),
			 -VSMMU_ERR_INVAL);
}

static void test_boot_option(void **state)
{
	enum viommu_type t = (enum viommu_type)99;

	(void)state;
	assert_int_equal(boot("viommu=smmuv3", &t), 0);
	assert_int_equal(t, VIOMMU_TYPE_SMMUV3);
	assert_int_equal(boot("viommu=none", &t), 0);
	assert_int_equal(t, VIOMMU_TYPE_NONE);
	assert_int_equal(boot("smmuv3", &t), 0);
	assert_int_equal(t, VIOMMU_TYPE_SMMUV3);
	assert_int_equal(boot(" viommu=smmuv3 ", &t), 0);
	assert_int_equal(t, VIOMMU_TYPE_SMMUV3);

	t = VIOMMU_TYPE_NONE;
	assert_int_equal(boot("iommu=on", &t), -VSMMU_ERR_NOENT);
	assert_int_equal(boot("quiet", &t), -VSMMU_ERR_NOENT);
	assert_int_equal(boot("", &t), -VSMMU_ERR_NOENT);
	assert_int_equal(boot("viommu=", &t), -VSMMU_ERR_BADCFG);
	assert_int_equal(boot("viommu", &t), -VSMMU_ERR_BADCFG);
	assert_int_equal(boot("viommu=smmuv4", &t), -VSMMU_ERR_BADCFG);
	assert_int_equal(boot("viommu=smmuv3,x", &t), -VSMMU_ERR_BADCFG);
	assert_int_equal(boot("viommu=smmuv3 x", &t), -VSMMU_ERR_BADCFG);
	assert_int_equal(boot("viommu=\"smmuv3\"", &t), -VSMMU_ERR_BADCFG);
	assert_int_equal(t, VIOMMU_TYPE_NONE);
	assert_int_equal(viommu_parse_boot_option(NULL, 0, &t),
			 -VSMMU_ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_cfg_line_good),
		cmocka_unit_test(test_cfg_line_other),
		cmocka_unit_test(test_cfg_line_bad),
		cmocka_unit_test(test_boot_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
