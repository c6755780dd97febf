// SPDX-License-Identifier: MIT
/*
 * Tests of src/viommu/dom.c: creation and its checks, backends, and a
 * teardown that never leaves a guest stage 1 live.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vsmmu/viommu.h"
#include "fakes/viommu_mock_backend.h"
#include "test_host.h"

static void test_create_checks(void **state)
{
	struct th_host h;
	struct viommu_cfg cfg;
	struct viommu_host_ops ops = th_ops;
	struct viommu_dom *d = NULL;

	(void)state;
	th_init(&h);
	th_default_cfg(&cfg);
	assert_int_equal(viommu_dom_create(NULL, &th_ops, &h, 1, &d),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(viommu_dom_create(&cfg, NULL, &h, 1, &d),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(viommu_dom_create(&cfg, &th_ops, &h, 1, NULL),
			 -VSMMU_ERR_INVAL);
	ops.access_check = NULL;	/* no default-allow */
	assert_int_equal(viommu_dom_create(&cfg, &ops, &h, 1, &d),
			 -VSMMU_ERR_INVAL);
	ops = th_ops;
	ops.unlock = NULL;
	assert_int_equal(viommu_dom_create(&cfg, &ops, &h, 1, &d),
			 -VSMMU_ERR_INVAL);
	cfg.max_vsids = (1ull << 32) + 1;
	assert_int_equal(viommu_dom_create(&cfg, &th_ops, &h, 1, &d),
			 -VSMMU_ERR_INVAL);
	th_default_cfg(&cfg);
	cfg.evt_burst = 4;		/* a bucket that never refills */
	assert_int_equal(viommu_dom_create(&cfg, &th_ops, &h, 1, &d),
			 -VSMMU_ERR_INVAL);
	th_default_cfg(&cfg);
	cfg.restore = (enum viommu_restore)5;
	assert_int_equal(viommu_dom_create(&cfg, &th_ops, &h, 1, &d),
			 -VSMMU_ERR_INVAL);
	th_default_cfg(&cfg);
	cfg.type = VIOMMU_TYPE_NONE;
	assert_int_equal(viommu_dom_create(&cfg, &th_ops, &h, 1, &d),
			 -VSMMU_ERR_NOTSUPP);
	cfg.type = (enum viommu_type)9;
	assert_int_equal(viommu_dom_create(&cfg, &th_ops, &h, 1, &d),
			 -VSMMU_ERR_NOTSUPP);
	assert_null(d);
	assert_int_equal(h.live_bytes, 0);

	/* the access-control hook refuses: nothing allocated */
	th_default_cfg(&cfg);
	h.deny_create = true;
	assert_int_equal(viommu_dom_create(&cfg, &th_ops, &h, 7, &d),
			 -VSMMU_ERR_PERM);
	assert_null(d);
	assert_int_equal(h.acl_calls[VIOMMU_ACL_CREATE], 1);
	assert_int_equal(h.live_bytes, 0);
	h.deny_create = false;

	/* the allocator fails */
	h.fail_alloc_at = 1;
	assert_int_equal(viommu_dom_create(&cfg, &th_ops, &h, 7, &d),
			 -VSMMU_ERR_NOMEM);
	assert_null(d);

	assert_int_equal(viommu_dom_create(&cfg, &th_ops, &h, 7, &d), 0);
	assert_int_equal(viommu_dom_type(d), VIOMMU_TYPE_SMMUV3);
	assert_int_equal(viommu_dom_id(d), 7);
	viommu_dom_destroy(d);
	viommu_dom_destroy(NULL);
	assert_int_equal(h.live_bytes, 0);
}

static void test_no_lock_ops(void **state)
{
	struct th_host h;
	struct viommu_cfg cfg;
	struct viommu_host_ops ops = th_ops;
	struct viommu_mock m;
	struct viommu_dom *d;
	unsigned int idx;
	uint32_t v;

	(void)state;
	th_init(&h);
	th_default_cfg(&cfg);
	ops.lock = NULL;
	ops.unlock = NULL;
	ops.log = NULL;
	ops.sid_owned = NULL;
	assert_int_equal(viommu_dom_create(&cfg, &ops, &h, 1, &d), 0);
	viommu_mock_init(&m, 3);
	assert_int_equal(viommu_add_backend(d, &viommu_mock_ops, &m, &idx), 0);
	assert_int_equal(viommu_vsid_alloc(d, idx, 5, 2, &v), 0);
	viommu_dom_destroy(d);
	assert_int_equal(h.locks, 0);
	assert_int_equal(h.live_bytes, 0);
	viommu_mock_fini(&m);
}

static void test_add_backend(void **state)
{
	struct th_host h;
	struct viommu_mock m[VIOMMU_MAX_BACKENDS + 1];
	struct viommu_backend_ops bad = viommu_mock_ops;
	struct viommu_dom *d;
	unsigned int idx = 99;

	(void)state;
	th_init(&h);
	d = th_dom(&h, NULL);
	for (unsigned int i = 0; i <= VIOMMU_MAX_BACKENDS; i++)
		viommu_mock_init(&m[i], (uint16_t)i);
	bad.inv_commit = NULL;
	assert_int_equal(viommu_add_backend(d, &bad, &m[0], &idx),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(viommu_add_backend(d, NULL, &m[0], &idx),
			 -VSMMU_ERR_INVAL);
	h.deny_backend = true;
	assert_int_equal(viommu_add_backend(d, &viommu_mock_ops, &m[0], &idx),
			 -VSMMU_ERR_PERM);
	assert_int_equal(idx, 99);
	h.deny_backend = false;
	for (unsigned int i = 0; i < VIOMMU_MAX_BACKENDS; i++) {
		assert_int_equal(viommu_add_backend(d, &viommu_mock_ops, &m[i],
						    &idx), 0);
		assert_int_equal(idx, i);
	}
	assert_int_equal(viommu_add_backend(d, &viommu_mock_ops, &m[3], &idx),
			 -VSMMU_ERR_EXIST);
	assert_int_equal(viommu_add_backend(d, &viommu_mock_ops,
					    &m[VIOMMU_MAX_BACKENDS], &idx),
			 -VSMMU_ERR_FULL);
	viommu_dom_destroy(d);
	for (unsigned int i = 0; i <= VIOMMU_MAX_BACKENDS; i++)
		viommu_mock_fini(&m[i]);
	assert_int_equal(h.live_bytes, 0);
}

static void run_teardown(enum viommu_restore mode)
{
	struct th_host h;
	struct viommu_cfg cfg;
	struct viommu_mock m[3];
	struct viommu_dom *d;
	struct psmmu_s1_cfg s1 = { .s1ctxptr = 0x1000, .s1fmt = 0 };
	enum viommu_mock_ste want = mode == VIOMMU_RESTORE_BYPASS ?
				    VMOCK_STE_BYPASS : VMOCK_STE_ABORT;
	unsigned int idx[3];
	uint32_t v;

	th_init(&h);
	th_default_cfg(&cfg);
	cfg.restore = mode;
	d = th_dom(&h, &cfg);
	for (unsigned int i = 0; i < 3; i++) {
		viommu_mock_init(&m[i], (uint16_t)(20 + i));
		assert_int_equal(viommu_add_backend(d, &viommu_mock_ops, &m[i],
						    &idx[i]), 0);
	}
	/* devices on SMMUs 0 and 1, guest stage 1 on several, none on 2 */
	assert_int_equal(viommu_vsid_alloc(d, 0, 0x10, 4, &v), 0);
	assert_int_equal(viommu_vsid_alloc(d, 1, 0x10, 2, &v), 0);
	assert_int_equal(viommu_vsid_map(d, 1, 0x99, 100), 0);
	for (uint32_t i = 0; i < 6; i++)
		assert_int_equal(viommu_attach_s1(d, i, &s1), 0);
	assert_int_equal(viommu_attach_s1(d, 100, &s1), 0);
	viommu_dom_destroy(d);
	assert_int_equal(h.live_bytes, 0);
	assert_false(h.recursion);
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(viommu_mock_ste(&m[0], 0x10 + i, NULL), want);
	for (uint32_t i = 0; i < 2; i++)
		assert_int_equal(viommu_mock_ste(&m[1], 0x10 + i, NULL), want);
	assert_int_equal(viommu_mock_ste(&m[1], 0x99, NULL), want);
	/* the SMMUs that held the domain drop its stage-1 TLB entries */
	for (unsigned int i = 0; i < 2; i++) {
		const struct viommu_mock_call *c =
			viommu_mock_nth(&m[i], VMOCK_INV_ADD, 0);

		assert_non_null(c);
		assert_int_equal(c->cmd.op, SMMU_CMD_TLBI_NH_ALL);
		assert_int_equal(c->cmd.vmid, 20 + i);
		assert_int_equal(viommu_mock_count(&m[i], VMOCK_INV_COMMIT), 1);
	}
	/* the SMMU without devices was not touched at all */
	assert_int_equal(m[2].ncalls, 0);
	for (unsigned int i = 0; i < 3; i++)
		viommu_mock_fini(&m[i]);
}

static void test_teardown_bypass(void **state)
{
	(void)state;
	run_teardown(VIOMMU_RESTORE_BYPASS);
}

static void test_teardown_abort(void **state)
{
	(void)state;
	run_teardown(VIOMMU_RESTORE_ABORT);
}

/* When the stage-2-only STE cannot be written, abort is the fallback:
 * never the guest's stage 1. */
static void test_teardown_fallback(void **state)
{
	struct th_host h;
	struct viommu_mock m;
	struct viommu_dom *d;
	struct psmmu_s1_cfg s1 = { .s1ctxptr = 0x1000 };
	unsigned int idx;
	uint32_t v;

	(void)state;
	th_init(&h);
	d = th_dom(&h, NULL);
	viommu_mock_init(&m, 1);
	assert_int_equal(viommu_add_backend(d, &viommu_mock_ops, &m, &idx), 0);
	assert_int_equal(viommu_vsid_alloc(d, idx, 0x40, 3, &v), 0);
	for (uint32_t i = 0; i < 3; i++)
		assert_int_equal(viommu_attach_s1(d, v + i, &s1), 0);
	/* the second restore call (set_bypass of 0x41) fails */
	viommu_mock_fail_call(&m, 2, -VSMMU_ERR_TIMEOUT);
	assert_int_equal(viommu_vsid_free(d, v, 3), -VSMMU_ERR_TIMEOUT);
	assert_int_equal(viommu_mock_ste(&m, 0x40, NULL), VMOCK_STE_BYPASS);
	assert_int_equal(viommu_mock_ste(&m, 0x41, NULL), VMOCK_STE_ABORT);
	assert_int_equal(viommu_mock_ste(&m, 0x42, NULL), VMOCK_STE_BYPASS);
	assert_int_equal(viommu_vsid_count(d), 0);
	assert_true(h.nlogs > 0);
	viommu_dom_destroy(d);
	viommu_mock_fini(&m);
	assert_int_equal(h.live_bytes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_checks),
		cmocka_unit_test(test_no_lock_ops),
		cmocka_unit_test(test_add_backend),
		cmocka_unit_test(test_teardown_bypass),
		cmocka_unit_test(test_teardown_abort),
		cmocka_unit_test(test_teardown_fallback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
