// SPDX-License-Identifier: MIT
/*
 * Tests of src/viommu/router.c: one physical SMMU's faults to the domain
 * that owns each pSID.
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

static void fault(uint64_t rec[4], uint32_t sid)
{
	struct smmu_evt e;

	memset(&e, 0, sizeof(e));
	e.id = SMMU_EVT_F_PERMISSION;
	e.sid = sid;
	e.input_addr = 0x1000;
	assert_int_equal(smmu_evt_encode(&e, rec), 0);
}

static void test_router(void **state)
{
	struct th_host h, hr;
	struct viommu_mock m1, m2;
	struct viommu_dom *d1, *d2;
	struct viommu_router *r;
	struct th_emul e1 = { 0 }, e2 = { 0 };
	unsigned int i1, i2;
	uint32_t v1, v2;
	uint64_t rec[4];

	(void)state;
	th_init(&h);
	th_init(&hr);
	e1.h = e2.h = &h;
	d1 = th_dom(&h, NULL);
	d2 = th_dom(&h, NULL);
	/* one physical SMMU shared by two domains: two backends over it */
	viommu_mock_init(&m1, 1);
	viommu_mock_init(&m2, 2);
	assert_int_equal(viommu_add_backend(d1, &viommu_mock_ops, &m1, &i1), 0);
	assert_int_equal(viommu_add_backend(d2, &viommu_mock_ops, &m2, &i2), 0);
	assert_int_equal(viommu_vsid_alloc(d1, i1, 0x100, 16, &v1), 0);
	assert_int_equal(viommu_vsid_alloc(d2, i2, 0x200, 1, &v2), 0);
	viommu_set_emul(d1, &th_emul_ops, &e1);
	viommu_set_emul(d2, &th_emul_ops, &e2);

	assert_int_equal(viommu_router_create(&th_ops, &hr, NULL, &r), 0);
	assert_int_equal(viommu_router_add(r, 0x100, 16, d1, i1), 0);
	assert_int_equal(viommu_router_add(r, 0x200, 1, d2, i2), 0);
	assert_int_equal(viommu_router_add(r, 0x10f, 2, d2, i2),
			 -VSMMU_ERR_EXIST);
	assert_int_equal(viommu_router_add(r, 0xf0, 0x11, d2, i2),
			 -VSMMU_ERR_EXIST);
	assert_int_equal(viommu_router_add(r, 0x1, 0, d2, i2),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(viommu_router_add(r, 0xffffffffu, 2, d2, i2),
			 -VSMMU_ERR_INVAL);
	for (uint32_t p = 0x300; p < 0x308; p++)	/* grow the array */
		assert_int_equal(viommu_router_add(r, p, 1, d2, i2), 0);

	fault(rec, 0x10a);
	assert_int_equal(viommu_router_event(r, 0x10a, rec), 0);
	assert_int_equal(e1.n, 1);
	assert_int_equal(e2.n, 0);
	assert_int_equal(smmu_field_get(SMMU_EVT0_SID, e1.last[0]), v1 + 10);
	fault(rec, 0x200);
	assert_int_equal(viommu_router_event(r, 0x200, rec), 0);
	assert_int_equal(e2.n, 1);
	assert_int_equal(smmu_field_get(SMMU_EVT0_SID, e2.last[0]), v2);
	assert_false(e1.locked_during || e2.locked_during);
	assert_false(hr.recursion || h.recursion);

	/* no route: counted, not delivered */
	fault(rec, 0x110);
	assert_int_equal(viommu_router_event(r, 0x110, rec), -VSMMU_ERR_NOENT);
	assert_int_equal(viommu_router_unknown(r), 1);
	/* routed but not (or no longer) mapped in the domain */
	fault(rec, 0x300);
	assert_int_equal(viommu_router_event(r, 0x300, rec), -VSMMU_ERR_NOENT);
	assert_int_equal(e1.n + e2.n, 2);

	/* the domain leaves the router before it is destroyed */
	assert_int_equal(viommu_router_del_dom(r, d2), 9);
	assert_int_equal(viommu_router_event(r, 0x200, rec), -VSMMU_ERR_NOENT);
	assert_int_equal(viommu_router_unknown(r), 2);
	viommu_dom_destroy(d2);
	assert_int_equal(viommu_router_event(r, 0x105, rec), 0);
	assert_int_equal(e1.n, 2);
	assert_int_equal(viommu_router_del_dom(r, d1), 1);
	viommu_dom_destroy(d1);
	viommu_router_destroy(r);
	assert_int_equal(h.live_bytes, 0);
	assert_int_equal(hr.live_bytes, 0);
	viommu_mock_fini(&m1);
	viommu_mock_fini(&m2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_router),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
