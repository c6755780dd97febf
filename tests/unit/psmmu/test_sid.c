// SPDX-License-Identifier: MIT
/*
 * The SID index and the stream table behind it: add, find, duplicates,
 * ranges, removal, many SIDs in random order, lazily allocated L2 tables.
 * Runs on the scripted fake SMMU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fakes/psmmu_fake.h"
#include "psmmu/internal.h"

struct fx {
	struct pf_host h;
	struct pf_smmu s;
	struct psmmu_cfg cfg;
	struct psmmu *p;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	pf_host_init(&f->h, 0x80000000ull, 64ull << 20);
	pf_smmu_init(&f->s, &f->h.mem);
	pf_host_use_fake(&f->h, &f->s);
	f->cfg.poll_max = 50;
	assert_int_equal(psmmu_probe(&f->h.ops, &f->h, &f->cfg, &f->p, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), 0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	psmmu_destroy(f->p);
	assert_int_equal(f->h.host_bytes, 0);
	assert_int_equal(f->h.dma_live, 0);
	pf_host_fini(&f->h);
	free(f);
	return 0;
}

static void test_add_find(void **state)
{
	struct fx *f = *state;
	uint32_t a[] = { 0x10, 0x11, 0x200 }, b[] = { 0x12 };
	uint64_t dev = 0;

	assert_int_equal(psmmu_dev_add(f->p, 0xA, a, 3), 0);
	assert_int_equal(psmmu_dev_add(f->p, 0xB, b, 1), 0);
	assert_int_equal(psmmu_dev_find_by_sid(f->p, 0x11, &dev), 0);
	assert_int_equal(dev, 0xA);
	assert_int_equal(psmmu_dev_find_by_sid(f->p, 0x200, &dev), 0);
	assert_int_equal(dev, 0xA);
	assert_int_equal(psmmu_dev_find_by_sid(f->p, 0x12, &dev), 0);
	assert_int_equal(dev, 0xB);
	assert_int_equal(psmmu_dev_find_by_sid(f->p, 0x13, &dev),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(psmmu_dev_find_by_sid(f->p, 0x12, NULL), 0);
}

static void test_duplicates(void **state)
{
	struct fx *f = *state;
	uint32_t a[] = { 0x10, 0x11 };
	uint32_t again[] = { 0x20, 0x11 };	/* 0x11 taken */
	uint32_t twice[] = { 0x30, 0x31, 0x30 };
	uint64_t dev;

	assert_int_equal(psmmu_dev_add(f->p, 1, a, 2), 0);
	assert_int_equal(psmmu_dev_add(f->p, 2, again, 2), -VSMMU_ERR_EXIST);
	/* all or nothing: 0x20 was not registered */
	assert_int_equal(psmmu_dev_find_by_sid(f->p, 0x20, &dev),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(psmmu_dev_add(f->p, 3, twice, 3), -VSMMU_ERR_EXIST);
	assert_int_equal(psmmu_dev_find_by_sid(f->p, 0x31, &dev),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(psmmu_dev_add(f->p, 1, a, 1), -VSMMU_ERR_EXIST);
	assert_int_equal(psmmu_dev_find_by_sid(f->p, 0x10, &dev), 0);
	assert_int_equal(dev, 1);
	assert_true(pf_host_logged(&f->h, "not added"));
}

static void test_bad_args(void **state)
{
	struct fx *f = *state;
	uint32_t big = 0x10000;	/* SIDSIZE 16 */
	uint32_t ok = 1;

	assert_int_equal(psmmu_dev_add(f->p, 1, &big, 1), -VSMMU_ERR_RANGE);
	assert_int_equal(psmmu_dev_add(f->p, 1, &ok, 0), -VSMMU_ERR_INVAL);
	assert_int_equal(psmmu_dev_add(f->p, 1, NULL, 1), -VSMMU_ERR_INVAL);
	assert_int_equal(psmmu_dev_remove(f->p, 77), -VSMMU_ERR_NOENT);
	assert_int_equal(psmmu_attach_abort(f->p, 5), -VSMMU_ERR_NOENT);
}

static void test_many_random(void **state)
{
	struct fx *f = *state;
	enum { N = 3000 };
	static uint32_t sids[N];
	uint32_t x = 12345, s;
	uint64_t dev;
	unsigned int i, j, n = 0;

	/* distinct pseudo-random SIDs below 2^16, added in random order */
	while (n < N) {
		x = x * 1103515245u + 12345u;
		s = (x >> 8) & 0xffffu;
		for (j = 0; j < n && sids[j] != s; j++)
			;
		if (j == n)
			sids[n++] = s;
	}
	for (i = 0; i < N; i += 3)
		assert_int_equal(psmmu_dev_add(f->p, i, &sids[i],
					       i + 3 <= N ? 3 : N - i), 0);
	for (i = 0; i < N; i++) {
		assert_int_equal(psmmu_dev_find_by_sid(f->p, sids[i], &dev), 0);
		assert_int_equal(dev, i - i % 3);
	}
	/* the index is sorted */
	for (i = 1; i < f->p->n_sids; i++)
		assert_true(f->p->sids[i - 1].sid < f->p->sids[i].sid);
	assert_int_equal(f->p->n_sids, N);
	/* absent SIDs are not found */
	for (s = 0; s < 0x10000; s += 97) {
		for (j = 0; j < N && sids[j] != s; j++)
			;
		assert_int_equal(psmmu_dev_find_by_sid(f->p, s, &dev) == 0,
				 j < N);
	}
}

static void test_lazy_l2(void **state)
{
	struct fx *f = *state;
	const struct psmmu_strtab_ *st = &f->p->st;
	uint32_t sid = 0x1234, sid2 = 0x12ff, sid3 = 0x1300;
	unsigned int allocs, i, ops0;
	const uint64_t *l1 = st->base.va;
	uint64_t d;

	assert_true(st->two_level);
	assert_int_equal(st->split, 8);
	assert_int_equal(st->n_l1, 256);
	for (i = 0; i < st->n_l1; i++)
		assert_int_equal(l1[i], 0);	/* Span 0: nothing yet */

	ops0 = f->s.nops;
	assert_int_equal(psmmu_dev_add(f->p, 1, &sid, 1), 0);
	d = vsmmu_le64_to_cpu(l1[0x12]);
	assert_int_equal(smmu_field_get(SMMU_L1STD_SPAN, d), 9);
	/* L2 aligned to its 16 KiB size, every STE abort */
	assert_int_equal((d & SMMU_L1STD_L2PTR) & 0x3fff, 0);
	for (i = 0; i < 256; i++)
		assert_int_equal(pf_mem_get64(&f->h.mem,
			(d & SMMU_L1STD_L2PTR) + i * 64u), 1);
	for (i = 0; i < st->n_l1; i++)
		if (i != 0x12)
			assert_int_equal(l1[i], 0);
	/* the new L1 descriptor was invalidated (CFGI_STE Leaf=0) */
	assert_int_equal(f->s.ops[ops0], SMMU_CMD_CFGI_STE);
	assert_int_equal(smmu_field_get(SMMU_CMD0_SID, f->s.cmd0[ops0]), sid);

	/* same L2: no new table; the next L2: one more */
	allocs = f->h.mem.allocs;
	assert_int_equal(psmmu_dev_add(f->p, 2, &sid2, 1), 0);
	assert_int_equal(f->h.mem.allocs, allocs);
	assert_int_equal(psmmu_dev_add(f->p, 3, &sid3, 1), 0);
	assert_int_equal(f->h.mem.allocs, allocs + 1);
	assert_int_not_equal(l1[0x13], 0);
}

static void test_remove(void **state)
{
	struct fx *f = *state;
	struct psmmu_s2_cfg s2 = { .vttb = { 0x81000000ull }, .granule_log2 = 12,
				   .tsz = 24, .sl0 = 1, .ps_bits = 48 };
	uint32_t a[] = { 0x40, 0x41 }, b[] = { 0x42 };
	struct psmmu_domain *d;
	const uint64_t *ste;
	uint64_t dev;

	assert_int_equal(psmmu_dev_add(f->p, 1, a, 2), 0);
	assert_int_equal(psmmu_dev_add(f->p, 2, b, 1), 0);
	assert_int_equal(psmmu_domain_create(f->p, &s2, &d), 0);
	assert_int_equal(psmmu_attach_s2(f->p, 0x40, d), 0);
	assert_int_equal(psmmu_attach_s2(f->p, 0x41, d), 0);
	assert_int_equal(psmmu_attach_s2(f->p, 0x42, d), 0);
	assert_int_equal(psmmu_domain_destroy(f->p, d), -VSMMU_ERR_BUSY);
	assert_int_equal(psmmu_dev_remove(f->p, 1), 0);
	assert_int_equal(psmmu_dev_find_by_sid(f->p, 0x40, &dev),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(psmmu_dev_find_by_sid(f->p, 0x42, &dev), 0);
	ste = psmmu_strtab_ste_(f->p, 0x41, NULL, NULL);
	assert_int_equal(vsmmu_le64_to_cpu(ste[0]), 1);	/* abort */
	assert_int_equal(vsmmu_le64_to_cpu(ste[2]), 0);
	assert_int_equal(psmmu_domain_destroy(f->p, d), -VSMMU_ERR_BUSY);
	assert_int_equal(psmmu_dev_remove(f->p, 2), 0);
	assert_int_equal(psmmu_domain_destroy(f->p, d), 0);
	/* the SIDs can be registered again */
	assert_int_equal(psmmu_dev_add(f->p, 3, a, 2), 0);
}

static void test_before_reset(void **state)
{
	struct fx *f = *state;
	struct psmmu *q;
	uint32_t sid = 1;

	assert_int_equal(psmmu_probe(&f->h.ops, &f->h, &f->cfg, &q, NULL), 0);
	assert_int_equal(psmmu_dev_add(q, 1, &sid, 1), -VSMMU_ERR_STATE);
	assert_int_equal(psmmu_poll_events(q, 0), -VSMMU_ERR_STATE);
	psmmu_destroy(q);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_add_find),
		T(test_duplicates),
		T(test_bad_args),
		T(test_many_random),
		T(test_lazy_l2),
		T(test_remove),
		T(test_before_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
