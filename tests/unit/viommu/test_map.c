// SPDX-License-Identifier: MIT
/*
 * Tests of src/viommu/map.c: the two sorted range arrays, their memory
 * bound, and removal that splits and trims.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vsmmu/viommu.h"
#include "viommu/internal.h"
#include "fakes/viommu_mock_backend.h"
#include "test_host.h"

/* Both arrays sorted, disjoint, and describing the same set. */
static void check_invariants(const struct viommu_dom *d)
{
	const struct viommu_map_ *m = &d->map;
	uint64_t total = 0;

	assert_true(m->n <= m->cap);
	for (size_t i = 0; i < m->n; i++) {
		const struct viommu_ent_ *v = &m->byv[i], *p = &m->byp[i];

		assert_true(v->count > 0);
		total += v->count;
		if (i) {
			const struct viommu_ent_ *pv = &m->byv[i - 1];
			const struct viommu_ent_ *pp = &m->byp[i - 1];

			assert_true((uint64_t)pv->vsid + pv->count <= v->vsid);
			assert_true(pp->idx < p->idx ||
				    (pp->idx == p->idx &&
				     (uint64_t)pp->psid + pp->count <= p->psid));
		}
		assert_int_equal(viommu_map_find_p_(m, v->idx, v->psid) >= 0, 1);
		assert_int_equal(viommu_map_find_v_(m, p->vsid) >= 0, 1);
	}
	assert_int_equal(total, m->nvsids);
}

static void test_memory_per_vsid(void **state)
{
	struct th_host h;
	struct viommu_mock mk;
	struct viommu_dom *d;
	unsigned int idx;
	uint32_t v;

	(void)state;
	th_init(&h);
	d = th_dom(&h, NULL);
	viommu_mock_init(&mk, 1);
	assert_int_equal(viommu_add_backend(d, &viommu_mock_ops, &mk, &idx), 0);
	assert_int_equal(viommu_map_bytes(d), 0);
	/* the worst case: every vSID its own range (pSIDs not contiguous) */
	for (uint32_t i = 1; i <= 5000; i++) {
		assert_int_equal(viommu_vsid_alloc(d, idx, 2 * i, 1, &v), 0);
		assert_true(viommu_map_bytes(d) <= 64u * i);
	}
	check_invariants(d);
	/* the map's memory is all the host gave beyond the domain itself */
	assert_true(h.live_bytes - viommu_map_bytes(d) < 4096);
	/* a PCI RID range of 65536 SIDs is one entry */
	viommu_dom_destroy(d);
	assert_int_equal(h.live_bytes, 0);
	d = th_dom(&h, NULL);
	assert_int_equal(viommu_add_backend(d, &viommu_mock_ops, &mk, &idx), 0);
	assert_int_equal(viommu_vsid_alloc(d, idx, 0, 65535, &v), 0);
	assert_true(viommu_map_bytes(d) <= 64);
	viommu_dom_destroy(d);
	assert_int_equal(h.live_bytes, 0);
	viommu_mock_fini(&mk);
}

static void test_find_free_and_busy(void **state)
{
	struct th_host h;
	struct viommu_mock mk;
	struct viommu_dom *d;
	unsigned int idx;
	uint32_t v;

	(void)state;
	th_init(&h);
	d = th_dom(&h, NULL);
	viommu_mock_init(&mk, 1);
	assert_int_equal(viommu_add_backend(d, &viommu_mock_ops, &mk, &idx), 0);
	assert_int_equal(viommu_vsid_map(d, idx, 100, 10), 0);
	assert_int_equal(viommu_vsid_map(d, idx, 101, 12), 0);
	assert_true(viommu_map_v_busy_(&d->map, 10, 1));
	assert_true(viommu_map_v_busy_(&d->map, 0, 11));
	assert_false(viommu_map_v_busy_(&d->map, 0, 10));
	assert_false(viommu_map_v_busy_(&d->map, 11, 1));
	assert_true(viommu_map_v_busy_(&d->map, 11, 2));
	assert_false(viommu_map_v_busy_(&d->map, 13, 1000));
	assert_true(viommu_map_p_busy_(&d->map, idx, 90, 11));
	assert_false(viommu_map_p_busy_(&d->map, idx, 90, 10));
	assert_false(viommu_map_p_busy_(&d->map, idx + 1, 100, 2));
	assert_int_equal(viommu_map_find_free_(&d->map, 65536, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(viommu_map_find_free_(&d->map, 65536, 11, &v), 0);
	assert_int_equal(v, 13);
	assert_int_equal(viommu_map_find_free_(&d->map, 13, 1, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(viommu_map_find_free_(&d->map, 23, 11, &v),
			 -VSMMU_ERR_FULL);
	assert_int_equal(viommu_map_find_free_(&d->map, 24, 11, &v), 0);
	assert_int_equal(v, 13);
	check_invariants(d);
	viommu_dom_destroy(d);
	viommu_mock_fini(&mk);
	assert_int_equal(h.live_bytes, 0);
}

/* A pseudo-random mix of allocations and frees against a reference
 * bitmap; the invariants hold after every step. */
static void test_random_against_reference(void **state)
{
	enum { N = 512 };
	static int16_t ref[N];		/* vSID -> pSID, -1 unmapped */
	struct th_host h;
	struct viommu_mock mk;
	struct viommu_dom *d;
	struct viommu_cfg cfg;
	unsigned int idx;
	uint32_t seed = 12345, v, p;

	(void)state;
	th_init(&h);
	th_default_cfg(&cfg);
	cfg.max_vsids = N;
	d = th_dom(&h, &cfg);
	viommu_mock_init(&mk, 1);
	assert_int_equal(viommu_add_backend(d, &viommu_mock_ops, &mk, &idx), 0);
	for (int i = 0; i < N; i++)
		ref[i] = -1;
	for (int step = 0; step < 3000; step++) {
		uint32_t r, cnt;

		seed = seed * 1103515245u + 12345u;
		r = seed >> 8;
		cnt = 1 + (r % 7);
		if (r & 1) {
			uint32_t ps = (r >> 4) % (4 * N);
			bool pbusy = false;
			int err = viommu_vsid_alloc(d, idx, ps, cnt, &v);

			for (int i = 0; i < N; i++)
				if (ref[i] >= 0 && (uint32_t)ref[i] >= ps &&
				    (uint32_t)ref[i] < ps + cnt)
					pbusy = true;
			if (pbusy) {
				assert_int_equal(err, -VSMMU_ERR_EXIST);
				continue;
			}
			if (err) {
				assert_int_equal(err, -VSMMU_ERR_FULL);
				continue;
			}
			for (uint32_t i = 0; i < cnt; i++) {
				assert_int_equal(ref[v + i], -1);
				ref[v + i] = (int16_t)(ps + i);
			}
			/* the lowest fit */
			for (uint32_t s = 0; s < v; s++) {
				uint32_t k = 0;

				while (k < cnt && s + k < N && ref[s + k] == -1)
					k++;
				assert_true(k < cnt);
			}
		} else {
			uint32_t vs = (r >> 4) % N;
			bool any = false;
			int err;

			if (vs + cnt > N)
				cnt = N - vs;
			err = viommu_vsid_free(d, vs, cnt);
			for (uint32_t i = 0; i < cnt; i++) {
				if (ref[vs + i] >= 0)
					any = true;
				ref[vs + i] = -1;
			}
			assert_int_equal(err, any ? 0 : -VSMMU_ERR_NOENT);
		}
		check_invariants(d);
	}
	for (uint32_t i = 0; i < N; i++) {
		int err = viommu_vsid_lookup(d, i, NULL, &p);

		if (ref[i] < 0) {
			assert_int_equal(err, -VSMMU_ERR_NOENT);
		} else {
			assert_int_equal(err, 0);
			assert_int_equal(p, (uint32_t)ref[i]);
			assert_int_equal(viommu_psid_lookup(d, idx, p, &v), 0);
			assert_int_equal(v, i);
		}
	}
	viommu_dom_destroy(d);
	viommu_mock_fini(&mk);
	assert_int_equal(h.live_bytes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory_per_vsid),
		cmocka_unit_test(test_find_free_and_busy),
		cmocka_unit_test(test_random_against_reference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
