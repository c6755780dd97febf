// SPDX-License-Identifier: MIT
/*
 * Tests of src/viommu/idr.c: the guest's ID registers as the intersection
 * of the physical SMMUs' capabilities.
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

static uint64_t fget(uint64_t m, uint32_t v)
{
	return smmu_field_get(m, v);
}

static uint32_t fset(uint64_t m, uint32_t v, uint64_t x)
{
	return (uint32_t)smmu_field_set(m, v, x);
}

struct fx {
	struct th_host h;
	struct viommu_mock m[4];
	struct viommu_dom *d;
};

static struct fx *fx_new(void)
{
	struct fx *f = test_calloc(1, sizeof(*f));

	th_init(&f->h);
	f->d = th_dom(&f->h, NULL);
	for (unsigned int i = 0; i < 4; i++)
		viommu_mock_init(&f->m[i], (uint16_t)(i + 1));
	return f;
}

static void fx_free(struct fx *f)
{
	viommu_dom_destroy(f->d);
	for (unsigned int i = 0; i < 4; i++)
		viommu_mock_fini(&f->m[i]);
	assert_int_equal(f->h.live_bytes, 0);
	test_free(f);
}

static int add(struct fx *f, unsigned int i)
{
	unsigned int idx;

	return viommu_add_backend(f->d, &viommu_mock_ops, &f->m[i], &idx);
}

static void test_single(void **state)
{
	struct fx *f = fx_new();
	uint32_t idr[6], iidr, aidr;

	(void)state;
	assert_int_equal(viommu_get_idrs(f->d, idr, &iidr, &aidr),
			 -VSMMU_ERR_NOENT);
	f->m[0].idr[2] = 0x3ff;			/* BA_VATOS */
	f->m[0].idr[4] = 0xabcd;		/* IMPDEF */
	f->m[0].idr[0] |= (uint32_t)(SMMU_IDR0_VMW | SMMU_IDR0_VATOS |
				     SMMU_BIT(31) | SMMU_BIT(29));
	f->m[0].idr[1] |= (uint32_t)(SMMU_IDR1_TABLES_PRESET |
				     SMMU_IDR1_QUEUES_PRESET | SMMU_IDR1_REL);
	f->m[0].idr[3] |= 0x3u | (uint32_t)SMMU_BIT(6);	/* RES0 bits */
	assert_int_equal(add(f, 0), 0);
	assert_int_equal(viommu_get_idrs(f->d, idr, &iidr, &aidr), 0);
	/* the physical registers pass, minus what is not the guest's */
	assert_int_equal(idr[0], f->m[0].idr[0] & ~(uint32_t)(SMMU_IDR0_VMID16 |
			 SMMU_IDR0_VMW | SMMU_IDR0_VATOS | SMMU_BIT(31) |
			 SMMU_BIT(29)));
	assert_int_equal(idr[1], f->m[0].idr[1] &
			 ~(uint32_t)(SMMU_IDR1_TABLES_PRESET |
				     SMMU_IDR1_QUEUES_PRESET | SMMU_IDR1_REL));
	assert_int_equal(idr[2], 0);
	assert_int_equal(idr[3], f->m[0].idr[3] & ~(0x3u | (uint32_t)SMMU_BIT(6)));
	assert_int_equal(idr[4], 0);
	assert_int_equal(idr[5], f->m[0].idr[5]);
	assert_int_equal(iidr, f->m[0].iidr);
	assert_int_equal(aidr, 0x02);
	assert_true(fget(SMMU_IDR0_ASID16, idr[0]));
	assert_int_equal(fget(SMMU_IDR0_TTF, idr[0]), SMMU_IDR0_TTF_AA64);
	fx_free(f);
}

static void test_mismatched(void **state)
{
	struct fx *f = fx_new();
	uint32_t idr[6], iidr, aidr;

	(void)state;
	/* SMMU 1: no 16K granule, 12-bit SIDs, no ASID16, mixed endian */
	f->m[1].idr[5] &= ~(uint32_t)SMMU_IDR5_GRAN16K;
	f->m[1].idr[1] = fset(SMMU_IDR1_SIDSIZE, f->m[1].idr[1], 12);
	f->m[1].idr[0] &= ~(uint32_t)SMMU_IDR0_ASID16;
	f->m[1].idr[0] = fset(SMMU_IDR0_TTENDIAN, f->m[1].idr[0],
			      SMMU_IDR0_TTENDIAN_MIXED);
	f->m[1].iidr = 0x12345678;
	/* SMMU 2: OAS 40, SSIDSIZE 8, both TTFs, HTTU AF, v3.1 */
	f->m[2].idr[5] = fset(SMMU_IDR5_OAS, f->m[2].idr[5], SMMU_OAS_40);
	f->m[2].idr[1] = fset(SMMU_IDR1_SSIDSIZE, f->m[2].idr[1], 8);
	f->m[2].idr[0] = fset(SMMU_IDR0_TTF, f->m[2].idr[0],
			      SMMU_IDR0_TTF_BOTH);
	f->m[2].idr[0] = fset(SMMU_IDR0_HTTU, f->m[2].idr[0],
			      SMMU_IDR0_HTTU_AF);
	f->m[2].aidr = 0x01;
	/* SMMU 3: no RIL, TERM_MODEL, NS1ATS, CD2L off */
	f->m[3].idr[3] &= ~(uint32_t)SMMU_IDR3_RIL;
	f->m[3].idr[0] |= (uint32_t)(SMMU_IDR0_TERM_MODEL | SMMU_IDR0_NS1ATS);
	f->m[3].idr[0] &= ~(uint32_t)SMMU_IDR0_CD2L;
	for (unsigned int i = 0; i < 4; i++)
		f->m[i].idr[0] = fset(SMMU_IDR0_HTTU, f->m[i].idr[0],
				      i == 2 ? SMMU_IDR0_HTTU_AF :
					       SMMU_IDR0_HTTU_AF_DIRTY);
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(add(f, i), 0);
	assert_int_equal(viommu_get_idrs(f->d, idr, &iidr, &aidr), 0);

	assert_false(idr[5] & SMMU_IDR5_GRAN16K);
	assert_true(idr[5] & SMMU_IDR5_GRAN4K);
	assert_true(idr[5] & SMMU_IDR5_GRAN64K);
	assert_int_equal(fget(SMMU_IDR5_OAS, idr[5]), SMMU_OAS_40);
	assert_false(idr[3] & SMMU_IDR3_RIL);
	assert_true(idr[3] & SMMU_IDR3_HAD);
	assert_int_equal(fget(SMMU_IDR1_SIDSIZE, idr[1]), 12);
	assert_int_equal(fget(SMMU_IDR1_SSIDSIZE, idr[1]), 8);
	assert_int_equal(fget(SMMU_IDR1_CMDQS, idr[1]), 19);
	assert_false(idr[0] & SMMU_IDR0_ASID16);
	assert_false(idr[0] & SMMU_IDR0_CD2L);
	assert_false(idr[0] & SMMU_IDR0_VMID16);
	assert_true(idr[0] & SMMU_IDR0_TERM_MODEL);	/* stricter wins */
	assert_true(idr[0] & SMMU_IDR0_NS1ATS);		/* "not" bit: OR */
	assert_true(idr[0] & SMMU_IDR0_S1P);
	assert_true(idr[0] & SMMU_IDR0_COHACC);
	assert_int_equal(fget(SMMU_IDR0_TTF, idr[0]), SMMU_IDR0_TTF_AA64);
	assert_int_equal(fget(SMMU_IDR0_TTENDIAN, idr[0]),
			 SMMU_IDR0_TTENDIAN_LE);
	assert_int_equal(fget(SMMU_IDR0_HTTU, idr[0]), SMMU_IDR0_HTTU_AF);
	assert_int_equal(fget(SMMU_IDR0_STALL_MODEL, idr[0]),
			 SMMU_IDR0_STALL_MODEL_NOSTALL);
	assert_int_equal(fget(SMMU_IDR0_ST_LEVEL, idr[0]),
			 SMMU_IDR0_ST_LEVEL_2LVL);
	assert_int_equal(iidr, 0);	/* implementations differ */
	assert_int_equal(aidr, 0x01);
	fx_free(f);
}

static void test_modes(void **state)
{
	struct fx *f = fx_new();
	uint32_t idr[6], iidr, aidr;

	(void)state;
	/* mixed + mixed stays mixed; stall both + both stays both; BBML
	 * equal is kept */
	for (unsigned int i = 0; i < 2; i++) {
		f->m[i].idr[0] = fset(SMMU_IDR0_TTENDIAN, f->m[i].idr[0],
				      SMMU_IDR0_TTENDIAN_MIXED);
		f->m[i].idr[0] = fset(SMMU_IDR0_STALL_MODEL, f->m[i].idr[0],
				      SMMU_IDR0_STALL_MODEL_BOTH);
		f->m[i].idr[3] = fset(SMMU_IDR3_BBML, f->m[i].idr[3], 2);
		f->m[i].idr[5] = fset(SMMU_IDR5_STALL_MAX, f->m[i].idr[5],
				      i ? 40 : 100);
	}
	f->m[1].idr[0] = fset(SMMU_IDR0_ST_LEVEL, f->m[1].idr[0], 0);
	assert_int_equal(add(f, 0), 0);
	assert_int_equal(add(f, 1), 0);
	assert_int_equal(viommu_get_idrs(f->d, idr, &iidr, &aidr), 0);
	assert_int_equal(fget(SMMU_IDR0_TTENDIAN, idr[0]),
			 SMMU_IDR0_TTENDIAN_MIXED);
	assert_int_equal(fget(SMMU_IDR0_STALL_MODEL, idr[0]),
			 SMMU_IDR0_STALL_MODEL_BOTH);
	assert_int_equal(fget(SMMU_IDR3_BBML, idr[3]), 2);
	assert_int_equal(fget(SMMU_IDR5_STALL_MAX, idr[5]), 40);
	assert_int_equal(fget(SMMU_IDR0_ST_LEVEL, idr[0]), 0);
	fx_free(f);

	/* BBML1 with BBML2: neither promise holds for both */
	f = fx_new();
	f->m[0].idr[3] = fset(SMMU_IDR3_BBML, f->m[0].idr[3], 1);
	f->m[1].idr[3] = fset(SMMU_IDR3_BBML, f->m[1].idr[3], 2);
	f->m[1].idr[0] = fset(SMMU_IDR0_STALL_MODEL, f->m[1].idr[0],
			      SMMU_IDR0_STALL_MODEL_BOTH);
	assert_int_equal(add(f, 0), 0);
	assert_int_equal(add(f, 1), 0);
	assert_int_equal(viommu_get_idrs(f->d, idr, &iidr, &aidr), 0);
	assert_int_equal(fget(SMMU_IDR3_BBML, idr[3]), 0);
	assert_int_equal(fget(SMMU_IDR0_STALL_MODEL, idr[0]),
			 SMMU_IDR0_STALL_MODEL_NOSTALL);
	fx_free(f);
}

static void test_incompatible(void **state)
{
	struct fx *f = fx_new();
	uint32_t idr[6], iidr, aidr;

	(void)state;
	assert_int_equal(add(f, 0), 0);		/* little-endian only */
	f->m[1].idr[0] = fset(SMMU_IDR0_TTENDIAN, f->m[1].idr[0],
			      SMMU_IDR0_TTENDIAN_BE);
	assert_int_equal(add(f, 1), -VSMMU_ERR_NOTSUPP);
	f->m[2].idr[0] = fset(SMMU_IDR0_TTF, f->m[2].idr[0],
			      SMMU_IDR0_TTF_AA32);
	assert_int_equal(add(f, 2), -VSMMU_ERR_NOTSUPP);
	f->m[3].idr[5] &= ~(uint32_t)(SMMU_IDR5_GRAN4K | SMMU_IDR5_GRAN16K |
				      SMMU_IDR5_GRAN64K);
	assert_int_equal(add(f, 3), -VSMMU_ERR_NOTSUPP);
	/* an SMMU that cannot nest: one stage missing */
	f->m[1].idr[0] = f->m[0].idr[0] & ~(uint32_t)SMMU_IDR0_S2P;
	assert_int_equal(add(f, 1), -VSMMU_ERR_NOTSUPP);
	f->m[1].idr[0] = f->m[0].idr[0] & ~(uint32_t)SMMU_IDR0_S1P;
	assert_int_equal(add(f, 1), -VSMMU_ERR_NOTSUPP);
	/* nothing was added by the refusals */
	assert_int_equal(viommu_get_idrs(f->d, idr, &iidr, &aidr), 0);
	assert_int_equal(idr[5], f->m[0].idr[5]);
	fx_free(f);

	/* stall forced with no stall at all: nothing in common */
	f = fx_new();
	f->m[1].idr[0] = fset(SMMU_IDR0_STALL_MODEL, f->m[1].idr[0],
			      SMMU_IDR0_STALL_MODEL_FORCE);
	assert_int_equal(add(f, 0), 0);
	assert_int_equal(add(f, 1), -VSMMU_ERR_NOTSUPP);
	fx_free(f);
}

static void test_frozen_after_publish(void **state)
{
	struct fx *f = fx_new();
	uint32_t idr[6], idr2[6], iidr, aidr;
	unsigned int idx;

	(void)state;
	assert_int_equal(add(f, 0), 0);
	assert_int_equal(viommu_get_idrs(f->d, idr, &iidr, &aidr), 0);
	/* the guest has seen 16K: an SMMU without it would take it away */
	f->m[1].idr[5] &= ~(uint32_t)SMMU_IDR5_GRAN16K;
	assert_int_equal(add(f, 1), -VSMMU_ERR_NOTSUPP);
	/* an identical SMMU is fine; a more capable one too */
	assert_int_equal(add(f, 2), 0);
	f->m[3].idr[3] |= (uint32_t)SMMU_IDR3_STT;
	f->m[3].idr[1] = fset(SMMU_IDR1_SIDSIZE, f->m[3].idr[1], 20);
	assert_int_equal(viommu_add_backend(f->d, &viommu_mock_ops, &f->m[3],
					    &idx), 0);
	assert_int_equal(idx, 2);
	assert_int_equal(viommu_get_idrs(f->d, idr2, &iidr, &aidr), 0);
	assert_memory_equal(idr, idr2, sizeof(idr));
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_mismatched),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_incompatible),
		cmocka_unit_test(test_frozen_after_publish),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
