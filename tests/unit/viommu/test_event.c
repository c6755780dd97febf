// SPDX-License-Identifier: MIT
/*
 * Tests of src/viommu/event.c: physical events to the right domain and
 * vSID, stage-2 events kept, unknown pSIDs counted, the rate limit.
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

static void make_evt(uint64_t rec[4], uint8_t id, uint32_t sid, bool s2)
{
	struct smmu_evt e;

	memset(&e, 0, sizeof(e));
	e.id = id;
	e.sid = sid;
	e.ssv = true;
	e.ssid = 0x21;
	e.s2 = s2;
	e.rnw = true;
	e.class_ = SMMU_EVT_CLASS_TT;
	e.impdef = 0xbeef;
	e.input_addr = 0xdead000;
	e.ipa = 0x5000;
	memset(rec, 0, 4 * sizeof(*rec));
	assert_int_equal(smmu_evt_encode(&e, rec), 0);
}

struct fx {
	struct th_host h;
	struct viommu_mock m[2];
	struct viommu_dom *d;
	struct th_emul emul;
	uint32_t v0, v1;
};

static struct fx *fx_new(const struct viommu_cfg *cfg, bool clock)
{
	struct fx *f = test_calloc(1, sizeof(*f));
	struct viommu_cfg def;
	unsigned int idx;

	th_init(&f->h);
	if (!cfg) {
		th_default_cfg(&def);
		cfg = &def;
	}
	assert_int_equal(viommu_dom_create(cfg, clock ? &th_ops_clock :
						   &th_ops, &f->h, 3, &f->d), 0);
	for (unsigned int i = 0; i < 2; i++) {
		viommu_mock_init(&f->m[i], (uint16_t)(i + 1));
		assert_int_equal(viommu_add_backend(f->d, &viommu_mock_ops,
						    &f->m[i], &idx), 0);
	}
	/* the same pSID 0x77 on both SMMUs, two different vSIDs */
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x70, 8, &f->v0), 0);
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 0x77, 1, &f->v1), 0);
	f->emul.h = &f->h;
	viommu_set_emul(f->d, &th_emul_ops, &f->emul);
	return f;
}

static void fx_free(struct fx *f)
{
	viommu_dom_destroy(f->d);
	for (unsigned int i = 0; i < 2; i++)
		viommu_mock_fini(&f->m[i]);
	assert_int_equal(f->h.live_bytes, 0);
	assert_false(f->h.recursion);
	test_free(f);
}

static void test_route_to_vsid(void **state)
{
	struct fx *f = fx_new(NULL, false);
	struct smmu_evt e;
	struct viommu_stats st;
	uint64_t rec[4];

	(void)state;
	make_evt(rec, SMMU_EVT_F_TRANSLATION, 0x77, false);
	assert_int_equal(viommu_route_event(f->d, 1, 0x77, rec), 0);
	assert_int_equal(f->emul.n, 1);
	assert_false(f->emul.locked_during);
	assert_int_equal(smmu_evt_decode(f->emul.last, &e), 0);
	assert_int_equal(e.id, SMMU_EVT_F_TRANSLATION);
	assert_int_equal(e.sid, f->v1);		/* never the physical SID */
	assert_int_equal(e.ssid, 0x21);
	assert_true(e.ssv);
	assert_true(e.rnw);
	assert_int_equal(e.input_addr, 0xdead000);
	assert_int_equal(e.impdef, 0);		/* host detail removed */
	assert_int_equal(e.ipa, 0);
	/* the same pSID on the other SMMU is another vSID */
	assert_int_equal(viommu_route_event(f->d, 0, 0x77, rec), 0);
	assert_int_equal(smmu_evt_decode(f->emul.last, &e), 0);
	assert_int_equal(e.sid, f->v0 + 7);
	/* the caller's record is not modified */
	assert_int_equal(smmu_field_get(SMMU_EVT0_SID, rec[0]), 0x77);
	/* other guest events */
	make_evt(rec, SMMU_EVT_C_BAD_CD, 0x70, false);
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec), 0);
	assert_int_equal(smmu_field_get(SMMU_EVT0_SID, f->emul.last[0]),
			 f->v0);
	make_evt(rec, SMMU_EVT_C_BAD_STE, 0x71, false);
	assert_int_equal(viommu_route_event(f->d, 0, 0x71, rec), 0);
	make_evt(rec, SMMU_EVT_F_PERMISSION, 0x72, false);
	assert_int_equal(viommu_route_event(f->d, 0, 0x72, rec), 0);
	viommu_get_stats(f->d, &st);
	assert_int_equal(st.evt_delivered, 5);
	fx_free(f);
}

static void test_not_guest_events(void **state)
{
	struct fx *f = fx_new(NULL, false);
	struct viommu_stats st;
	uint64_t rec[4];

	(void)state;
	/* stage-2 faults stay with the hypervisor */
	make_evt(rec, SMMU_EVT_F_TRANSLATION, 0x70, true);
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec),
			 -VSMMU_ERR_NOTSUPP);
	make_evt(rec, SMMU_EVT_F_PERMISSION, 0x70, true);
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec),
			 -VSMMU_ERR_NOTSUPP);
	make_evt(rec, SMMU_EVT_F_WALK_EABT, 0x70, false);
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec),
			 -VSMMU_ERR_NOTSUPP);
	make_evt(rec, SMMU_EVT_F_CD_FETCH, 0x70, false);
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec),
			 -VSMMU_ERR_NOTSUPP);
	assert_int_equal(f->emul.n, 0);
	viommu_get_stats(f->d, &st);
	assert_int_equal(st.evt_not_guest, 4);
	fx_free(f);
}

static void test_unknown_psid(void **state)
{
	struct fx *f = fx_new(NULL, false);
	struct viommu_stats st;
	uint64_t rec[4];
	unsigned long logs;

	(void)state;
	make_evt(rec, SMMU_EVT_F_TRANSLATION, 0x78, false);
	logs = f->h.nlogs;
	assert_int_equal(viommu_route_event(f->d, 1, 0x78, rec),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(f->h.nlogs, logs + 1);
	assert_non_null(strstr(f->h.last_log, "0x78"));
	/* an unknown backend index too */
	assert_int_equal(viommu_route_event(f->d, 9, 0x70, rec),
			 -VSMMU_ERR_NOENT);
	for (int i = 0; i < 98; i++)
		assert_int_equal(viommu_route_event(f->d, 1, 0x78, rec),
				 -VSMMU_ERR_NOENT);
	assert_int_equal(f->emul.n, 0);
	viommu_get_stats(f->d, &st);
	assert_int_equal(st.evt_unknown_sid, 100);
	/* logged at 1, 2, 4, ... 64: 7 lines for 100 events */
	assert_int_equal(f->h.nlogs, logs + 7);
	/* a freed vSID's pSID is unknown again */
	assert_int_equal(viommu_vsid_free(f->d, f->v1, 1), 0);
	make_evt(rec, SMMU_EVT_F_TRANSLATION, 0x77, false);
	assert_int_equal(viommu_route_event(f->d, 1, 0x77, rec),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(f->emul.n, 0);
	fx_free(f);
}

static void test_no_emul_and_emul_error(void **state)
{
	struct fx *f = fx_new(NULL, false);
	struct viommu_stats st;
	uint64_t rec[4];

	(void)state;
	make_evt(rec, SMMU_EVT_F_ACCESS, 0x70, false);
	viommu_set_emul(f->d, NULL, NULL);
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec),
			 -VSMMU_ERR_STATE);
	viommu_set_emul(f->d, &th_emul_ops, &f->emul);
	f->emul.fail = -VSMMU_ERR_GMEM;
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec),
			 -VSMMU_ERR_GMEM);
	f->emul.fail = 0;
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec), 0);
	viommu_get_stats(f->d, &st);
	assert_int_equal(st.evt_no_emul, 1);
	assert_int_equal(st.evt_emul_err, 1);
	assert_int_equal(st.evt_delivered, 1);
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, NULL),
			 -VSMMU_ERR_INVAL);
	fx_free(f);
}

static void test_rate_limit_tick(void **state)
{
	struct viommu_cfg cfg;
	struct fx *f;
	struct viommu_stats st;
	uint64_t rec[4];
	int ok = 0, busy = 0;

	(void)state;
	th_default_cfg(&cfg);
	cfg.evt_burst = 4;
	cfg.evt_rate = 2;
	f = fx_new(&cfg, false);
	make_evt(rec, SMMU_EVT_F_TRANSLATION, 0x70, false);
	for (int i = 0; i < 10; i++) {
		int err = viommu_route_event(f->d, 0, 0x70, rec);

		if (!err)
			ok++;
		else if (err == -VSMMU_ERR_BUSY)
			busy++;
	}
	assert_int_equal(ok, 4);		/* the burst */
	assert_int_equal(busy, 6);
	viommu_tick(f->d);			/* +2 */
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec), 0);
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec), 0);
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec),
			 -VSMMU_ERR_BUSY);
	for (int i = 0; i < 10; i++)
		viommu_tick(f->d);		/* capped at the burst */
	for (int i = 0; i < 4; i++)
		assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec), 0);
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec),
			 -VSMMU_ERR_BUSY);
	viommu_get_stats(f->d, &st);
	assert_int_equal(st.evt_delivered, 10);
	assert_int_equal(st.evt_rate_dropped, 8);
	assert_int_equal(f->emul.n, 10);
	/* unknown pSIDs and stage-2 faults do not spend tokens */
	viommu_tick(f->d);
	make_evt(rec, SMMU_EVT_F_TRANSLATION, 0x1, false);
	assert_int_equal(viommu_route_event(f->d, 0, 0x1, rec),
			 -VSMMU_ERR_NOENT);
	make_evt(rec, SMMU_EVT_F_TRANSLATION, 0x70, true);
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec),
			 -VSMMU_ERR_NOTSUPP);
	make_evt(rec, SMMU_EVT_F_TRANSLATION, 0x70, false);
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec), 0);
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec), 0);
	assert_int_equal(viommu_route_event(f->d, 0, 0x70, rec),
			 -VSMMU_ERR_BUSY);
	fx_free(f);
}

static void test_rate_limit_clock(void **state)
{
	struct viommu_cfg cfg;
	struct fx *f;
	struct viommu_stats st;
	uint64_t rec[4];

	(void)state;
	th_default_cfg(&cfg);
	cfg.evt_burst = 3;
	cfg.evt_rate = 1000;			/* one per millisecond */
	f = fx_new(&cfg, true);
	make_evt(rec, SMMU_EVT_F_TRANSLATION, 0x75, false);
	f->h.now = 5000000000ull;
	for (int i = 0; i < 3; i++)
		assert_int_equal(viommu_route_event(f->d, 0, 0x75, rec), 0);
	assert_int_equal(viommu_route_event(f->d, 0, 0x75, rec),
			 -VSMMU_ERR_BUSY);
	f->h.now += 999999;			/* not yet a millisecond */
	assert_int_equal(viommu_route_event(f->d, 0, 0x75, rec),
			 -VSMMU_ERR_BUSY);
	f->h.now += 1;
	assert_int_equal(viommu_route_event(f->d, 0, 0x75, rec), 0);
	assert_int_equal(viommu_route_event(f->d, 0, 0x75, rec),
			 -VSMMU_ERR_BUSY);
	f->h.now += 2500000;			/* 2.5 tokens */
	assert_int_equal(viommu_route_event(f->d, 0, 0x75, rec), 0);
	assert_int_equal(viommu_route_event(f->d, 0, 0x75, rec), 0);
	assert_int_equal(viommu_route_event(f->d, 0, 0x75, rec),
			 -VSMMU_ERR_BUSY);
	f->h.now += 500000;			/* the half left over */
	assert_int_equal(viommu_route_event(f->d, 0, 0x75, rec), 0);
	/* a long pause refills the burst only */
	f->h.now += 3600ull * 1000000000ull;
	for (int i = 0; i < 3; i++)
		assert_int_equal(viommu_route_event(f->d, 0, 0x75, rec), 0);
	assert_int_equal(viommu_route_event(f->d, 0, 0x75, rec),
			 -VSMMU_ERR_BUSY);
	/* a clock that goes back refills nothing */
	f->h.now -= 10000000;
	assert_int_equal(viommu_route_event(f->d, 0, 0x75, rec),
			 -VSMMU_ERR_BUSY);
	viommu_get_stats(f->d, &st);
	assert_int_equal(st.evt_delivered, 3 + 1 + 2 + 1 + 3);
	assert_int_equal(st.evt_rate_dropped, 6);
	fx_free(f);
}

/* A storm from one domain does not eat another domain's budget. */
static void test_rate_limit_per_domain(void **state)
{
	struct viommu_cfg cfg;
	struct fx *a, *b;
	uint64_t rec[4];

	(void)state;
	th_default_cfg(&cfg);
	cfg.evt_burst = 2;
	cfg.evt_rate = 1;
	a = fx_new(&cfg, false);
	b = fx_new(&cfg, false);
	make_evt(rec, SMMU_EVT_F_TRANSLATION, 0x70, false);
	for (int i = 0; i < 50; i++)
		(void)viommu_route_event(a->d, 0, 0x70, rec);
	assert_int_equal(a->emul.n, 2);
	assert_int_equal(viommu_route_event(b->d, 0, 0x70, rec), 0);
	assert_int_equal(viommu_route_event(b->d, 0, 0x70, rec), 0);
	assert_int_equal(b->emul.n, 2);
	fx_free(a);
	fx_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_to_vsid),
		cmocka_unit_test(test_not_guest_events),
		cmocka_unit_test(test_unknown_psid),
		cmocka_unit_test(test_no_emul_and_emul_error),
		cmocka_unit_test(test_rate_limit_tick),
		cmocka_unit_test(test_rate_limit_clock),
		cmocka_unit_test(test_rate_limit_per_domain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
