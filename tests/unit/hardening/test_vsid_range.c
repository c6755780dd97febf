// SPDX-License-Identifier: MIT
/*
 * Hardening regression (found by tests/fuzz/fuzz_vsmmu.c): a vSID the
 * guest cannot name (at or above 2^IDR1.SIDSIZE) must not exist in a
 * vSMMU's domain. The fuzzer saw a physical stage-1 event of such a vSID
 * reach the guest's event queue with a StreamID beyond the guest's
 * SIDSIZE; since 93f2cf6 vsmmu_create refuses the configuration, and a
 * vSID mapped later beyond SIDSIZE has its events dropped and counted.
 *
 *   input: tests/fuzz/corpus/vsmmu (setup maps vSIDs below 2^SIDSIZE now)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fakes/vsmmu_fake_host.h"

/* sid_bits = 4: vSIDs 0..15. A vSID of 200 is beyond the guest's reach. */
static void test_create_refuses_unnameable_vsid(void **state)
{
	struct vfx f;
	struct vsmmu *v = NULL;

	(void)state;
	vfx_init(&f, 1u << 20);
	vfx_map(&f, 0x4f4f, 200);
	f.cfg.sid_bits = 4;
	assert_int_equal(vsmmu_create(&f.cfg, &f.ops, &f, f.d, &v),
			 -VSMMU_ERR_INVAL);
	assert_null(v);
	vfx_fini(&f);
}

/* The boundary: the last nameable vSID is accepted, the next refused. */
static void test_create_boundary(void **state)
{
	struct vfx f;
	struct vsmmu *v = NULL;

	(void)state;
	vfx_init(&f, 1u << 20);
	vfx_map(&f, 0x100, 15);
	f.cfg.sid_bits = 4;
	assert_int_equal(vsmmu_create(&f.cfg, &f.ops, &f, f.d, &v), 0);
	assert_non_null(v);
	vsmmu_destroy(v);
	vfx_map(&f, 0x101, 16);
	v = NULL;
	assert_int_equal(vsmmu_create(&f.cfg, &f.ops, &f, f.d, &v),
			 -VSMMU_ERR_INVAL);
	assert_null(v);
	vfx_fini(&f);
}

/* A routed stage-1 event of a nameable vSID carries that vSID. */
static void test_event_carries_vsid(void **state)
{
	struct vfx f;
	struct vfx_layout lay;
	struct smmu_evt e;
	uint64_t rec[4];

	(void)state;
	vfx_init(&f, 4u << 20);
	vfx_map(&f, 0x4f4f, 9);
	f.cfg.sid_bits = 4;
	vfx_create(&f);
	vfx_default_layout(&lay);
	lay.st_log2 = 4;
	vfx_linux_reset(&f, &lay);
	memset(&e, 0, sizeof(e));
	e.id = SMMU_EVT_F_TRANSLATION;
	e.sid = 0x4f4f;
	e.input_addr = 0x1000;
	assert_int_equal(smmu_evt_encode(&e, rec), 0);
	assert_int_equal(viommu_route_event(f.d, f.bidx, 0x4f4f, rec), 0);
	vfx_evt(&f, 0, &e);
	assert_int_equal(e.id, SMMU_EVT_F_TRANSLATION);
	assert_int_equal(e.sid, 9);
	vfx_fini(&f);
}

/*
 * A vSID mapped after vsmmu_create, beyond the guest's SIDSIZE (the
 * embedder's mistake): its physical events never reach the guest's queue
 * with a StreamID the guest cannot name; they are dropped and counted.
 */
static void test_late_unnameable_vsid_event_dropped(void **state)
{
	struct vfx f;
	struct vfx_layout lay;
	struct vsmmu_counters c;
	struct smmu_evt e;
	uint64_t rec[4];

	(void)state;
	vfx_init(&f, 4u << 20);
	vfx_map(&f, 0x4f4f, 9);
	f.cfg.sid_bits = 4;
	vfx_create(&f);
	vfx_default_layout(&lay);
	lay.st_log2 = 4;
	vfx_linux_reset(&f, &lay);
	vfx_map(&f, 0x5050, 200);
	memset(&e, 0, sizeof(e));
	e.id = SMMU_EVT_F_TRANSLATION;
	e.sid = 0x5050;
	e.input_addr = 0x2000;
	assert_int_equal(smmu_evt_encode(&e, rec), 0);
	assert_int_not_equal(viommu_route_event(f.d, f.bidx, 0x5050, rec), 0);
	/* nothing was written: EVENTQ_PROD (page 1) still equals CONS */
	assert_int_equal(vfx_rd32(&f, SMMU_EVENTQ_PROD) & SMMU_Q_IDX_WRP, 0);
	vsmmu_get_counters(f.v, &c);
	assert_int_equal(c.events, 0);
	assert_int_equal(c.events_discarded, 1);
	/* a nameable vSID still gets through afterwards */
	e.sid = 0x4f4f;
	assert_int_equal(smmu_evt_encode(&e, rec), 0);
	assert_int_equal(viommu_route_event(f.d, f.bidx, 0x4f4f, rec), 0);
	vfx_evt(&f, 0, &e);
	assert_int_equal(e.sid, 9);
	vfx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_refuses_unnameable_vsid),
		cmocka_unit_test(test_create_boundary),
		cmocka_unit_test(test_event_carries_vsid),
		cmocka_unit_test(test_late_unnameable_vsid_event_dropped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
