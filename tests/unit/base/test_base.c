// SPDX-License-Identifier: MIT
/* Tests of src/base: error names, the log formatter, range checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vsmmu/base.h"

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(vsmmu_strerror(0), "success");
	assert_string_equal(vsmmu_strerror(-VSMMU_ERR_GMEM),
			    "guest memory access failed");
	assert_string_equal(vsmmu_strerror(VSMMU_ERR_GMEM),
			    "guest memory access failed");
	assert_string_equal(vsmmu_strerror(-1000), "unknown error");
	for (int e = 0; e <= VSMMU_ERR_MAX; e++) {
		assert_non_null(vsmmu_strerror(-e));
		assert_string_not_equal(vsmmu_strerror(-e), "unknown error");
	}
}

static void test_fmt(void **state)
{
	char b[64];

	(void)state;
	assert_int_equal(vsmmu_snprintf(b, sizeof(b), "sid %u err %d", 7u, -3), 12);
	assert_string_equal(b, "sid 7 err -3");
	vsmmu_snprintf(b, sizeof(b), "%08x|%llx|%5s|%-3d|", 0xabcu,
		       0x123456789abcdefull, "ab", 4);
	assert_string_equal(b, "00000abc|123456789abcdef|   ab|4  |");
	vsmmu_snprintf(b, sizeof(b), "%zu %lu %c%%", (size_t)42, 9ul, 'z');
	assert_string_equal(b, "42 9 z%");
	vsmmu_snprintf(b, sizeof(b), "%lld", (long long)INT64_MIN);
	assert_string_equal(b, "-9223372036854775808");
	/* truncation keeps the NUL and reports the full length */
	assert_int_equal(vsmmu_snprintf(b, 4, "abcdef"), 6);
	assert_string_equal(b, "abc");
	assert_int_equal(vsmmu_snprintf(NULL, 0, "%s", "xyz"), 3);
}

static void test_range_ok(void **state)
{
	(void)state;
	assert_true(smmu_range_ok(0, 16, 16));
	assert_false(smmu_range_ok(1, 16, 16));
	assert_false(smmu_range_ok(UINT64_MAX, 2, UINT64_MAX));
	assert_true(smmu_range_ok(UINT64_MAX - 1, 1, UINT64_MAX));
	assert_false(smmu_range_ok(0, 17, 16));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_fmt),
		cmocka_unit_test(test_range_ok),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
