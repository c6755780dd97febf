// SPDX-License-Identifier: MIT
/*
 * Tests of src/viommu/vsid.c: vSID allocation against the host's
 * access-control hooks, lookups both ways, attach.
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

struct fx {
	struct th_host h;
	struct viommu_mock m[2];
	unsigned int idx[2];
	struct viommu_dom *d;
};

static struct fx *fx_new(const struct viommu_cfg *cfg)
{
	struct fx *f = test_calloc(1, sizeof(*f));

	th_init(&f->h);
	f->d = th_dom(&f->h, cfg);
	for (unsigned int i = 0; i < 2; i++) {
		viommu_mock_init(&f->m[i], (uint16_t)(10 + i));
		assert_int_equal(viommu_add_backend(f->d, &viommu_mock_ops,
						    &f->m[i], &f->idx[i]), 0);
		assert_int_equal(f->idx[i], i);
	}
	return f;
}

static void fx_free(struct fx *f)
{
	viommu_dom_destroy(f->d);
	assert_int_equal(f->h.live_bytes, 0);
	assert_false(f->h.recursion);
	for (unsigned int i = 0; i < 2; i++)
		viommu_mock_fini(&f->m[i]);
	test_free(f);
}

static void test_range_alloc(void **state)
{
	struct fx *f = fx_new(NULL);
	uint32_t v, p;
	unsigned int idx;

	(void)state;
	/* a device with 3 SIDs, then a PCI RID range of 256 */
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x100, 3, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x8000, 256, &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(viommu_vsid_count(f->d), 259);
	for (uint32_t i = 0; i < 256; i++) {
		assert_int_equal(viommu_vsid_lookup(f->d, 3 + i, &idx, &p), 0);
		assert_int_equal(idx, 0);
		assert_int_equal(p, 0x8000 + i);
		assert_int_equal(viommu_psid_lookup(f->d, 0, 0x8000 + i, &v), 0);
		assert_int_equal(v, 3 + i);
	}
	assert_int_equal(viommu_vsid_lookup(f->d, 2, NULL, &p), 0);
	assert_int_equal(p, 0x102);
	assert_int_equal(viommu_vsid_lookup(f->d, 259, &idx, &p),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(viommu_psid_lookup(f->d, 0, 0x103, &v),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(viommu_psid_lookup(f->d, 1, 0x100, &v),
			 -VSMMU_ERR_NOENT);
	/* the same pSID twice on one SMMU */
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x102, 1, &v),
			 -VSMMU_ERR_EXIST);
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x7fff, 2, &v),
			 -VSMMU_ERR_EXIST);
	/* bad arguments */
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x1, 0, &v),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0xffffffffu, 2, &v),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(viommu_vsid_alloc(f->d, 2, 0x1, 1, &v),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(viommu_vsid_count(f->d), 259);
	fx_free(f);
}

static void test_same_psid_two_smmus(void **state)
{
	struct fx *f = fx_new(NULL);
	uint32_t v0, v1, p;
	unsigned int idx;

	(void)state;
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x42, 1, &v0), 0);
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 0x42, 1, &v1), 0);
	assert_int_not_equal(v0, v1);
	assert_int_equal(viommu_vsid_lookup(f->d, v0, &idx, &p), 0);
	assert_int_equal(idx, 0);
	assert_int_equal(p, 0x42);
	assert_int_equal(viommu_vsid_lookup(f->d, v1, &idx, &p), 0);
	assert_int_equal(idx, 1);
	assert_int_equal(p, 0x42);
	assert_int_equal(viommu_psid_lookup(f->d, 0, 0x42, &p), 0);
	assert_int_equal(p, v0);
	assert_int_equal(viommu_psid_lookup(f->d, 1, 0x42, &p), 0);
	assert_int_equal(p, v1);
	/* attach reaches the SMMU that owns the vSID only */
	assert_int_equal(viommu_attach_abort(f->d, v1), 0);
	assert_int_equal(viommu_mock_count(&f->m[0], VMOCK_SET_ABORT), 0);
	assert_int_equal(viommu_mock_ste(&f->m[1], 0x42, NULL),
			 VMOCK_STE_ABORT);
	fx_free(f);
}

static void test_ownership_refused(void **state)
{
	struct fx *f = fx_new(NULL);
	uint32_t v = 0xdead;
	size_t bytes;

	(void)state;
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x10, 4, &v), 0);
	bytes = viommu_map_bytes(f->d);
	/* one pSID of the range belongs to another domain */
	f->h.deny_psid_lo = 0x22;
	f->h.deny_psid_hi = 0x23;
	v = 0xdead;
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x20, 8, &v),
			 -VSMMU_ERR_PERM);
	assert_int_equal(v, 0xdead);
	assert_int_equal(viommu_psid_lookup(f->d, 0, 0x20, &v),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(viommu_vsid_count(f->d), 4);
	assert_int_equal(viommu_map_bytes(f->d), bytes);
	assert_true(f->h.nlogs > 0);
	assert_non_null(strstr(f->h.last_log, "0x22"));
	assert_int_equal(viommu_vsid_map(f->d, 0, 0x22, 100), -VSMMU_ERR_PERM);
	/* the device is on SMMU 1 only: sid_owned tells the SMMUs apart */
	f->h.deny_psid_hi = 0;
	f->h.deny_bctx = &f->m[0];
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x30, 1, &v),
			 -VSMMU_ERR_PERM);
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 0x30, 1, &v), 0);
	assert_int_equal(v, 4);
	/* the allocation itself refused */
	f->h.deny_bctx = NULL;
	f->h.deny_alloc = true;
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x40, 1, &v),
			 -VSMMU_ERR_PERM);
	assert_int_equal(viommu_vsid_count(f->d), 5);
	/* the hook saw every allocation call, every pSID */
	assert_true(f->h.acl_calls[VIOMMU_ACL_VSID_ALLOC] >= 6);
	assert_true(f->h.acl_calls[VIOMMU_ACL_MAP_SID] >= 4 + 3 + 1);
	/* nothing reached the hardware on a refusal */
	assert_int_equal(f->m[0].ncalls, 0);
	fx_free(f);
}

static void test_full_map_no_spin(void **state)
{
	struct viommu_cfg cfg;
	struct fx *f;
	uint32_t v;

	(void)state;
	th_default_cfg(&cfg);
	cfg.max_vsids = 8;
	f = fx_new(&cfg);
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0, 8, &v), 0);
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 0, 1, &v),
			 -VSMMU_ERR_FULL);
	assert_int_equal(viommu_vsid_free(f->d, 3, 1), 0);
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 0, 2, &v),
			 -VSMMU_ERR_FULL);
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 0, 1, &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(viommu_vsid_map(f->d, 1, 5, 8), -VSMMU_ERR_RANGE);
	fx_free(f);

	/* The Xen bug: a 16-bit index could never reach 65536. A map that
	 * holds all 2^16 vSIDs answers FULL at once. */
	f = fx_new(NULL);
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0, 65535, &v), 0);
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 7, 1, &v), 0);
	assert_int_equal(v, 65535);
	assert_int_equal(viommu_vsid_count(f->d), 65536);
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 8, 1, &v),
			 -VSMMU_ERR_FULL);
	fx_free(f);

	/* all 2^32 vSIDs: the limit arithmetic is 64-bit */
	th_default_cfg(&cfg);
	cfg.max_vsids = 1ull << 32;
	f = fx_new(&cfg);
	assert_int_equal(viommu_vsid_map(f->d, 0, 1, 0xffffffffu), 0);
	assert_int_equal(viommu_vsid_lookup(f->d, 0xffffffffu, NULL, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(viommu_vsid_map(f->d, 0, 2, 0xfffffffeu), 0);
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 0, 2, &v), 0);
	assert_int_equal(v, 0);
	fx_free(f);
}

static void test_free_reuse(void **state)
{
	struct fx *f = fx_new(NULL);
	uint32_t v, p;

	(void)state;
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x100, 4, &v), 0);
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x200, 4, &v), 0);
	assert_int_equal(v, 4);
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 0x300, 4, &v), 0);
	assert_int_equal(v, 8);
	/* free the middle device: its pSIDs go back to stage 2 */
	assert_int_equal(viommu_vsid_free(f->d, 4, 4), 0);
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(viommu_mock_ste(&f->m[0], 0x200 + i, NULL),
				 VMOCK_STE_BYPASS);
	assert_int_equal(viommu_vsid_lookup(f->d, 5, NULL, NULL),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(viommu_psid_lookup(f->d, 0, 0x200, NULL),
			 -VSMMU_ERR_NOENT);
	/* freeing again: nothing there */
	assert_int_equal(viommu_vsid_free(f->d, 4, 4), -VSMMU_ERR_NOENT);
	/* the hole is reused, and the pSIDs may be mapped again */
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x200, 2, &v), 0);
	assert_int_equal(v, 4);
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 0x400, 3, &v), 0);
	assert_int_equal(v, 12);	/* 6..7 is too small */
	/* cut one vSID out of the middle of a range (hot-unplug of one
	 * PCI function): the range splits in two */
	assert_int_equal(viommu_vsid_free(f->d, 9, 1), 0);
	assert_int_equal(viommu_mock_ste(&f->m[1], 0x301, NULL),
			 VMOCK_STE_BYPASS);
	assert_int_equal(viommu_vsid_lookup(f->d, 8, NULL, &p), 0);
	assert_int_equal(p, 0x300);
	assert_int_equal(viommu_vsid_lookup(f->d, 10, NULL, &p), 0);
	assert_int_equal(p, 0x302);
	assert_int_equal(viommu_psid_lookup(f->d, 1, 0x303, &v), 0);
	assert_int_equal(v, 11);
	assert_int_equal(viommu_vsid_lookup(f->d, 9, NULL, &p),
			 -VSMMU_ERR_NOENT);
	/* a free across several ranges and holes trims both ends */
	assert_int_equal(viommu_vsid_free(f->d, 2, 9), 0);
	assert_int_equal(viommu_vsid_lookup(f->d, 1, NULL, &p), 0);
	assert_int_equal(p, 0x101);
	assert_int_equal(viommu_vsid_lookup(f->d, 11, NULL, &p), 0);
	assert_int_equal(p, 0x303);
	assert_int_equal(viommu_vsid_count(f->d), 2 + 1 + 3);
	assert_int_equal(viommu_vsid_free(f->d, 0, 0), -VSMMU_ERR_INVAL);
	fx_free(f);
}

static void test_split_needs_memory(void **state)
{
	struct fx *f = fx_new(NULL);
	uint32_t v;

	(void)state;
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x100, 4, &v), 0);
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x200, 4, &v), 0);
	/* the map is at capacity 2: a split must grow it; fail that */
	f->h.allocs = 0;
	f->h.fail_alloc_at = 1;
	assert_int_equal(viommu_vsid_free(f->d, 1, 2), -VSMMU_ERR_NOMEM);
	assert_int_equal(viommu_vsid_count(f->d), 8);
	assert_int_equal(f->m[0].ncalls, 0);	/* nothing restored */
	assert_int_equal(viommu_vsid_free(f->d, 1, 2), 0);
	assert_int_equal(viommu_vsid_count(f->d), 6);
	/* three ranges in a capacity of 4: fill it, then an allocation
	 * that cannot grow the map changes nothing */
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 0x0, 1, &v), 0);
	f->h.allocs = 0;
	f->h.fail_alloc_at = 1;
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 0x1, 1, &v),
			 -VSMMU_ERR_NOMEM);
	assert_int_equal(viommu_vsid_count(f->d), 7);
	assert_int_equal(viommu_psid_lookup(f->d, 1, 0x1, NULL),
			 -VSMMU_ERR_NOENT);
	fx_free(f);
}

static void test_identity_and_map(void **state)
{
	struct viommu_cfg cfg;
	struct fx *f;
	uint32_t v;

	(void)state;
	th_default_cfg(&cfg);
	cfg.identity = true;
	f = fx_new(&cfg);
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x1234, 16, &v), 0);
	assert_int_equal(v, 0x1234);
	/* identity: a second SMMU with the same pSID cannot share it */
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 0x1234, 1, &v),
			 -VSMMU_ERR_EXIST);
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x10000, 1, &v),
			 -VSMMU_ERR_RANGE);
	fx_free(f);

	f = fx_new(NULL);
	assert_int_equal(viommu_vsid_map(f->d, 1, 0x77, 5), 0);
	assert_int_equal(viommu_vsid_map(f->d, 0, 0x78, 5), -VSMMU_ERR_EXIST);
	assert_int_equal(viommu_vsid_map(f->d, 1, 0x77, 6), -VSMMU_ERR_EXIST);
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x1, 8, &v), 0);
	assert_int_equal(v, 6);		/* 0..4 too small, 5 taken */
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x9, 5, &v), 0);
	assert_int_equal(v, 0);
	fx_free(f);
}

static void test_attach(void **state)
{
	struct fx *f = fx_new(NULL);
	struct psmmu_s1_cfg s1 = { .s1ctxptr = 0x80000000, .s1fmt = 1,
				   .s1cdmax = 4, .s1cir = 1, .s1cor = 1,
				   .s1csh = 3 }, got;
	uint32_t v;
	size_t n;

	(void)state;
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 0x500, 2, &v), 0);
	assert_int_equal(viommu_attach_s1(f->d, v + 1, &s1), 0);
	assert_int_equal(viommu_mock_ste(&f->m[1], 0x501, &got), VMOCK_STE_S1);
	assert_memory_equal(&got, &s1, sizeof(s1));
	/* re-issued config replaces the old one */
	s1.s1ctxptr = 0x90000000;
	assert_int_equal(viommu_attach_s1(f->d, v + 1, &s1), 0);
	assert_int_equal(viommu_mock_ste(&f->m[1], 0x501, &got), VMOCK_STE_S1);
	assert_int_equal(got.s1ctxptr, 0x90000000);
	assert_int_equal(viommu_attach_bypass(f->d, v + 1), 0);
	assert_int_equal(viommu_mock_ste(&f->m[1], 0x501, NULL),
			 VMOCK_STE_BYPASS);
	assert_int_equal(viommu_attach_abort(f->d, v), 0);
	assert_int_equal(viommu_mock_ste(&f->m[1], 0x500, NULL),
			 VMOCK_STE_ABORT);
	/* unknown vSID: nothing reaches the hardware */
	n = f->m[1].ncalls;
	assert_int_equal(viommu_attach_s1(f->d, 99, &s1), -VSMMU_ERR_NOENT);
	assert_int_equal(viommu_attach_abort(f->d, 99), -VSMMU_ERR_NOENT);
	assert_int_equal(viommu_attach_bypass(f->d, 99), -VSMMU_ERR_NOENT);
	assert_int_equal(viommu_attach_s1(f->d, v, NULL), -VSMMU_ERR_INVAL);
	assert_int_equal(f->m[1].ncalls, n);
	/* a backend error is passed up */
	viommu_mock_fail_call(&f->m[1], 1, -VSMMU_ERR_TIMEOUT);
	assert_int_equal(viommu_attach_s1(f->d, v, &s1), -VSMMU_ERR_TIMEOUT);
	assert_int_equal(viommu_mock_ste(&f->m[1], 0x500, NULL),
			 VMOCK_STE_ABORT);
	fx_free(f);
}

/*
 * STE.S1STALLD is legal only on an SMMU with STALL_MODEL = 0b00 (facts
 * §3.4, §3.8): attach_s1 keeps it there and clears it on the others,
 * where CD.S = 1 is ILLEGAL anyway (0b01) or S1STALLD is (0b10). Two
 * SMMUs with 0b00 and 0b01 behind one domain.
 */
static void test_attach_s1stalld_per_smmu(void **state)
{
	struct psmmu_s1_cfg s1 = { .s1ctxptr = 0x80000000, .s1stalld = true },
			    got;
	struct viommu_mock m[2];
	struct viommu_dom *d;
	unsigned int idx[2];
	struct th_host h;
	uint32_t v;

	(void)state;
	th_init(&h);
	d = th_dom(&h, NULL);
	for (unsigned int i = 0; i < 2; i++) {
		viommu_mock_init(&m[i], (uint16_t)(10 + i));
		m[i].idr[0] = (uint32_t)smmu_field_set(SMMU_IDR0_STALL_MODEL,
			m[i].idr[0], i ? SMMU_IDR0_STALL_MODEL_NOSTALL :
					 SMMU_IDR0_STALL_MODEL_BOTH);
		assert_int_equal(viommu_add_backend(d, &viommu_mock_ops, &m[i],
						    &idx[i]), 0);
		assert_int_equal(viommu_vsid_alloc(d, idx[i], 0x40, 1, &v), 0);
		assert_int_equal(v, i);
	}
	assert_int_equal(viommu_attach_s1(d, 0, &s1), 0);
	assert_int_equal(viommu_mock_ste(&m[0], 0x40, &got), VMOCK_STE_S1);
	assert_true(got.s1stalld);
	assert_int_equal(viommu_attach_s1(d, 1, &s1), 0);
	assert_int_equal(viommu_mock_ste(&m[1], 0x40, &got), VMOCK_STE_S1);
	assert_false(got.s1stalld);
	assert_int_equal(got.s1ctxptr, 0x80000000);
	viommu_dom_destroy(d);
	assert_int_equal(h.live_bytes, 0);
	for (unsigned int i = 0; i < 2; i++)
		viommu_mock_fini(&m[i]);
}

static void test_next(void **state)
{
	struct fx *f = fx_new(NULL);
	uint32_t v;

	(void)state;
	assert_int_equal(viommu_vsid_next(f->d, 0, &v), -VSMMU_ERR_NOENT);
	assert_int_equal(viommu_vsid_map(f->d, 0, 1, 10), 0);
	assert_int_equal(viommu_vsid_map(f->d, 1, 1, 40000), 0);
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x100, 4, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(viommu_vsid_next(f->d, 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(viommu_vsid_next(f->d, 2, &v), 0);
	assert_int_equal(v, 2);		/* inside a range */
	assert_int_equal(viommu_vsid_next(f->d, 4, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(viommu_vsid_next(f->d, 11, &v), 0);
	assert_int_equal(v, 40000);
	assert_int_equal(viommu_vsid_next(f->d, 40001, &v), -VSMMU_ERR_NOENT);
	assert_int_equal(viommu_vsid_next(f->d, 0, NULL), -VSMMU_ERR_INVAL);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range_alloc),
		cmocka_unit_test(test_same_psid_two_smmus),
		cmocka_unit_test(test_ownership_refused),
		cmocka_unit_test(test_full_map_no_spin),
		cmocka_unit_test(test_free_reuse),
		cmocka_unit_test(test_split_needs_memory),
		cmocka_unit_test(test_identity_and_map),
		cmocka_unit_test(test_attach),
		cmocka_unit_test(test_attach_s1stalld_per_smmu),
		cmocka_unit_test(test_next),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
