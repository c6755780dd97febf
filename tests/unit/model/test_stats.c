// SPDX-License-Identifier: MIT
/* Tests of src/model/stats.c: the counters as a line of text. */
#include "helpers.h"

static void test_format(void **state)
{
	struct smmu_model_counters c;
	char buf[2048], small[16];
	int n;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.translations = 12;
	c.tlb_hits = 7;
	c.irqs[SMMU_MODEL_IRQ_GERROR] = 3;
	c.cmds_by_op[0x46] = 5;
	c.cmds_by_op[0x12] = 2;
	n = smmu_model_counters_format(&c, buf, sizeof(buf));
	assert_int_equal(n, (int)strlen(buf));
	assert_non_null(strstr(buf, "translations=12 "));
	assert_non_null(strstr(buf, " tlb_hits=7 "));
	assert_non_null(strstr(buf, " irq_gerror=3 "));
	assert_non_null(strstr(buf, " CMD_TLBI_NH_VA=2"));
	assert_non_null(strstr(buf, " CMD_SYNC=5"));
	assert_null(strstr(buf, "CMD_CFGI_STE="));	/* never seen */
	/* Truncation keeps the NUL and reports the full length. */
	assert_int_equal(smmu_model_counters_format(&c, small, sizeof(small)),
			 n);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_int_equal(strncmp(small, buf, sizeof(small) - 1), 0);
	assert_int_equal(smmu_model_counters_format(&c, NULL, 0), n);
	assert_int_equal(smmu_model_counters_format(NULL, buf, 4),
			 -VSMMU_ERR_INVAL);
}

/* A live model: the line reflects what happened. */
static void test_live(void **state)
{
	struct smmu_model_counters c;
	char buf[2048];
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	mh_setup(&h, false, 0, 0);
	mh_sync(&h);
	mh_sync(&h);
	assert_int_equal(smmu_model_counters_get(h.m, &c), 0);
	smmu_model_counters_format(&c, buf, sizeof(buf));
	assert_non_null(strstr(buf, " cmds=2 "));
	assert_non_null(strstr(buf, " CMD_SYNC=2"));
	mh_fini(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
