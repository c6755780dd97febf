// SPDX-License-Identifier: MIT
/*
 * Concurrent callers on one domain, with a real mutex as the host lock and
 * a "vSMMU lock" taken both around viommu calls (vSMMU -> viommu, as the
 * command queue does) and inside deliver_event. If viommu delivered events
 * under its own lock, the two orders would deadlock here. Fixed iteration
 * counts, no timing. Worth running under -DVSMMU_TSAN=ON as well.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vsmmu/viommu.h"
#include "fakes/host_std.h"
#include "fakes/viommu_mock_backend.h"

#define ITERS 5000
#define NMAPPERS 3

static pthread_mutex_t emul_lock = PTHREAD_MUTEX_INITIALIZER;

static const struct viommu_host_ops c_ops = {
	.alloc = host_std_alloc,
	.free = host_std_free,
	.lock = host_std_lock,
	.unlock = host_std_unlock,
	.access_check = host_std_acl_allow,
};

struct shared {
	struct viommu_dom *d;
	unsigned int idx[2];
	unsigned long delivered;	/* under emul_lock */
};

static int c_deliver(void *ectx, const uint64_t rec[4])
{
	struct shared *s = ectx;

	(void)rec;
	pthread_mutex_lock(&emul_lock);
	s->delivered++;
	pthread_mutex_unlock(&emul_lock);
	return 0;
}

static const struct viommu_emul_ops c_emul = { .deliver_event = c_deliver };

struct worker {
	struct shared *s;
	unsigned int id;
};

/* Maps and frees its own pSIDs; checks lookups of what it mapped. */
static void *mapper(void *arg)
{
	struct worker *w = arg;
	struct viommu_dom *d = w->s->d;
	uint32_t base = 0x1000 * (w->id + 1);

	for (unsigned int i = 0; i < ITERS; i++) {
		unsigned int be = w->s->idx[i & 1];
		uint32_t ps = base + (i % 64) * 4, v, p;
		unsigned int got;

		if (viommu_vsid_alloc(d, be, ps, 3, &v))
			return (void *)1;
		if (viommu_vsid_lookup(d, v + 2, &got, &p) || got != be ||
		    p != ps + 2)
			return (void *)2;
		if (viommu_psid_lookup(d, be, ps + 1, &p) || p != v + 1)
			return (void *)3;
		/* the vSMMU's path: its lock, then viommu */
		pthread_mutex_lock(&emul_lock);
		if (viommu_attach_bypass(d, v))
			p = 0xffffffffu;
		pthread_mutex_unlock(&emul_lock);
		if (p == 0xffffffffu)
			return (void *)4;
		if (viommu_vsid_free(d, v, 3))
			return (void *)5;
	}
	return NULL;
}

/* Guest batches under the "vSMMU lock". */
static void *invalidator(void *arg)
{
	struct worker *w = arg;
	struct smmu_cmd c = { .op = SMMU_CMD_TLBI_NH_ASID, .asid = 1 };
	struct viommu_inv b;

	for (unsigned int i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&emul_lock);
		viommu_inv_begin(w->s->d, &b);
		(void)viommu_inv_add(w->s->d, &b, &c);
		(void)viommu_inv_commit(w->s->d, &b);
		pthread_mutex_unlock(&emul_lock);
	}
	return NULL;
}

/* Physical faults for a pSID mapped for the whole run. */
static void *faulter(void *arg)
{
	struct worker *w = arg;
	uint64_t rec[4] = { 0 };

	rec[0] = smmu_field_prep(SMMU_EVT0_ID, SMMU_EVT_F_TRANSLATION) |
		 smmu_field_prep(SMMU_EVT0_SID, 0x10);
	for (unsigned int i = 0; i < ITERS; i++)
		if (viommu_route_event(w->s->d, w->s->idx[0], 0x10, rec))
			return (void *)6;
	return NULL;
}

static void test_concurrent_callers(void **state)
{
	pthread_mutex_t dom_lock = PTHREAD_MUTEX_INITIALIZER;
	struct viommu_cfg cfg = { .type = VIOMMU_TYPE_SMMUV3,
				  .lock = &dom_lock };
	struct viommu_mock m[2];
	struct shared s = { 0 };
	struct worker w[NMAPPERS + 2];
	pthread_t t[NMAPPERS + 2];
	uint32_t v;

	(void)state;
	assert_int_equal(viommu_dom_create(&cfg, &c_ops, NULL, 1, &s.d), 0);
	for (unsigned int i = 0; i < 2; i++) {
		viommu_mock_init(&m[i], (uint16_t)(i + 1));
		assert_int_equal(viommu_add_backend(s.d, &viommu_mock_ops,
						    &m[i], &s.idx[i]), 0);
	}
	assert_int_equal(viommu_vsid_alloc(s.d, s.idx[0], 0x10, 1, &v), 0);
	viommu_set_emul(s.d, &c_emul, &s);
	for (unsigned int i = 0; i < NMAPPERS + 2; i++) {
		w[i].s = &s;
		w[i].id = i;
		assert_int_equal(pthread_create(&t[i], NULL,
				 i < NMAPPERS ? mapper :
				 i == NMAPPERS ? invalidator : faulter,
				 &w[i]), 0);
	}
	for (unsigned int i = 0; i < NMAPPERS + 2; i++) {
		void *ret;

		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_null(ret);
	}
	assert_int_equal(s.delivered, ITERS);
	assert_int_equal(viommu_vsid_count(s.d), 1);
	/* every TLBI reached only SMMUs with devices, so SMMU 0 (holding
	 * vSID 0 throughout) got one per batch */
	assert_int_equal(viommu_mock_count(&m[0], VMOCK_INV_COMMIT) >= ITERS,
			 1);
	viommu_dom_destroy(s.d);
	for (unsigned int i = 0; i < 2; i++)
		viommu_mock_fini(&m[i]);
	pthread_mutex_destroy(&dom_lock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent_callers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
