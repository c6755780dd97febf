// SPDX-License-Identifier: MIT
/*
 * Tests of src/viommu/backend_psmmu.c: the framework over the real psmmu
 * driver, on the scripted fake SMMU of tests/fakes/psmmu_fake.h. What is
 * checked is what the hardware sees: the live STE of each pSID and the
 * commands consumed from the physical queue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vsmmu/viommu.h"
#include "fakes/psmmu_fake.h"
#include "psmmu/internal.h"
#include "test_host.h"

struct fx {
	struct pf_host ph;
	struct pf_smmu s;
	struct psmmu_cfg cfg;
	struct psmmu *p;
	struct psmmu_domain *s2;
	struct viommu_psmmu_backend b;
	struct th_host h;
	struct viommu_dom *d;
	unsigned int idx;
};

static const uint32_t sids[] = { 0x40, 0x41, 0x42 };

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct psmmu_s2_cfg s2 = { .granule_log2 = 12, .tsz = 24, .sl0 = 1,
				   .ps_bits = 48, .ir = 1, .orgn = 1, .sh = 3 };

	pf_host_init(&f->ph, 0x80000000ull, 32ull << 20);
	pf_smmu_init(&f->s, &f->ph.mem);
	pf_host_use_fake(&f->ph, &f->s);
	f->cfg.poll_max = 50;
	assert_int_equal(psmmu_probe(&f->ph.ops, &f->ph, &f->cfg, &f->p, NULL),
			 0);
	assert_int_equal(psmmu_reset(f->p), 0);
	assert_int_equal(psmmu_dev_add(f->p, 1, sids, 3), 0);
	s2.vttb = smmu_pa(0x81000000ull);
	assert_int_equal(psmmu_domain_create(f->p, &s2, &f->s2), 0);
	assert_int_equal(viommu_psmmu_backend_init(&f->b, f->p, f->s2), 0);
	th_init(&f->h);
	f->d = th_dom(&f->h, NULL);
	assert_int_equal(viommu_add_backend(f->d, &viommu_psmmu_backend_ops,
					    &f->b, &f->idx), 0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	int err;

	viommu_dom_destroy(f->d);
	assert_int_equal(f->h.live_bytes, 0);
	/* pSIDs restored to stage 2 still use the domain (BUSY); the
	 * driver frees it with itself either way */
	err = psmmu_domain_destroy(f->p, f->s2);
	assert_true(err == 0 || err == -VSMMU_ERR_BUSY);
	psmmu_destroy(f->p);
	pf_host_fini(&f->ph);
	free(f);
	return 0;
}

static unsigned int ste_cfg(struct fx *f, uint32_t sid, uint64_t *w0,
			    uint64_t *w2)
{
	const uint64_t *w = psmmu_strtab_ste_(f->p, sid, NULL, NULL);
	uint64_t d0;

	assert_non_null(w);
	d0 = vsmmu_le64_to_cpu(w[0]);
	if (w0)
		*w0 = d0;
	if (w2)
		*w2 = vsmmu_le64_to_cpu(w[2]);
	assert_true(d0 & SMMU_STE0_V);
	return (unsigned int)smmu_field_get(SMMU_STE0_CFG, d0);
}

static void test_attach_and_teardown(void **state)
{
	struct fx *f = *state;
	struct psmmu_s1_cfg s1 = { .s1ctxptr = 0x40001000ull, .s1fmt = 0,
				   .s1cdmax = 0, .s1cir = 1, .s1cor = 1,
				   .s1csh = 3 };
	uint64_t w0, w2;
	uint32_t v;

	assert_int_equal(viommu_vsid_alloc(f->d, f->idx, 0x40, 3, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(viommu_attach_s1(f->d, 1, &s1), 0);
	assert_int_equal(ste_cfg(f, 0x41, &w0, &w2), 7);	/* nested */
	assert_int_equal(smmu_field_get(SMMU_STE0_S1CTXPTR, w0) << 6,
			 0x40001000ull);
	assert_int_equal(smmu_field_get(SMMU_STE2_S2VMID, w2),
			 psmmu_domain_vmid(f->s2));
	assert_int_equal(viommu_attach_bypass(f->d, 2), 0);
	assert_int_equal(ste_cfg(f, 0x42, NULL, NULL), 6);	/* S2 only */
	assert_int_equal(viommu_attach_abort(f->d, 0), 0);
	assert_int_equal(ste_cfg(f, 0x40, NULL, NULL), 0);	/* abort */
	/* teardown: the guest's stage 1 is gone, stage 2 remains */
	assert_int_equal(viommu_vsid_free(f->d, 0, 3), 0);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(ste_cfg(f, sids[i], NULL, NULL), 6);
}

static void test_inv_one_batch(void **state)
{
	struct fx *f = *state;
	struct smmu_cmd g[] = {
		{ .op = SMMU_CMD_TLBI_NSNH_ALL },
		{ .op = SMMU_CMD_TLBI_NH_VA, .asid = 3, .addr = 0x5000,
		  .leaf = true },
		{ .op = SMMU_CMD_CFGI_CD, .sid = 1, .ssid = 0, .leaf = true },
	};
	static const uint8_t want[] = { SMMU_CMD_TLBI_NH_ALL,
					SMMU_CMD_TLBI_NH_VA, SMMU_CMD_CFGI_CD,
					SMMU_CMD_SYNC };
	struct viommu_inv b;
	unsigned int n0;
	uint32_t v;

	assert_int_equal(viommu_vsid_alloc(f->d, f->idx, 0x40, 3, &v), 0);
	n0 = f->s.nops;
	viommu_inv_begin(f->d, &b);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(viommu_inv_add(f->d, &b, &g[i]), 0);
	/* nothing reaches the queue before the commit */
	assert_int_equal(f->s.nops, n0);
	assert_int_equal(viommu_inv_commit(f->d, &b), 0);
	assert_int_equal(f->s.nops - n0, 4);
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(f->s.ops[n0 + i], want[i]);
	/* VMID forced; vSID 1 became pSID 0x41 */
	assert_int_equal(smmu_field_get(SMMU_CMD0_VMID, f->s.cmd0[n0]),
			 psmmu_domain_vmid(f->s2));
	assert_int_equal(smmu_field_get(SMMU_CMD0_VMID, f->s.cmd0[n0 + 1]),
			 psmmu_domain_vmid(f->s2));
	assert_int_equal(smmu_field_get(SMMU_CMD0_ASID, f->s.cmd0[n0 + 1]), 3);
	assert_int_equal(smmu_field_get(SMMU_CMD0_SID, f->s.cmd0[n0 + 2]),
			 0x41);
	/* a sync alone */
	n0 = f->s.nops;
	assert_int_equal(viommu_sync(f->d), 0);
	assert_int_equal(f->s.nops - n0, 1);
	assert_int_equal(f->s.ops[n0], SMMU_CMD_SYNC);
	assert_int_equal(viommu_vsid_free(f->d, 0, 3), 0);
}

static void test_idrs_from_probe(void **state)
{
	struct fx *f = *state;
	const struct psmmu_features *ft = psmmu_get_features(f->p);
	uint32_t idr[6], iidr, aidr;

	assert_int_equal(viommu_get_idrs(f->d, idr, &iidr, &aidr), 0);
	assert_int_equal(idr[5], ft->idr[5] & 0xffff0fffu);
	assert_int_equal(idr[1] & SMMU_IDR1_SIDSIZE,
			 ft->idr[1] & SMMU_IDR1_SIDSIZE);
	assert_int_equal(iidr, ft->iidr);
	assert_int_equal(aidr, ft->aidr);
}

static void test_init_checks(void **state)
{
	struct fx *f = *state;
	struct viommu_psmmu_backend b;

	assert_int_equal(viommu_psmmu_backend_init(NULL, f->p, f->s2),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(viommu_psmmu_backend_init(&b, NULL, f->s2),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(viommu_psmmu_backend_init(&b, f->p, NULL),
			 -VSMMU_ERR_INVAL);
}

/* An SMMU with nesting errata (MMU-600 r0p0) gets no backend. */
static void test_no_nesting(void **state)
{
	struct pf_host ph;
	struct pf_smmu s;
	struct psmmu_cfg cfg = { .poll_max = 50 };
	struct psmmu *p;
	struct psmmu_domain *dom;
	struct psmmu_s2_cfg s2 = { .granule_log2 = 12, .tsz = 24, .sl0 = 1,
				   .ps_bits = 48, .ir = 1, .orgn = 1, .sh = 3,
				   .vttb = { 0x81000000ull } };
	struct viommu_psmmu_backend b;

	(void)state;
	pf_host_init(&ph, 0x80000000ull, 32ull << 20);
	pf_smmu_init(&s, &ph.mem);
	s.regs[SMMU_IIDR / 4] = (uint32_t)(smmu_field_prep(SMMU_IIDR_PRODUCTID,
					SMMU_IIDR_PRODUCTID_MMU600) |
		smmu_field_prep(SMMU_IIDR_IMPLEMENTER, SMMU_IIDR_IMPLEMENTER_ARM));
	pf_host_use_fake(&ph, &s);
	assert_int_equal(psmmu_probe(&ph.ops, &ph, &cfg, &p, NULL), 0);
	assert_int_equal(psmmu_reset(p), 0);
	assert_false(psmmu_can_nest(p));
	assert_int_equal(psmmu_domain_create(p, &s2, &dom), 0);
	assert_int_equal(viommu_psmmu_backend_init(&b, p, dom),
			 -VSMMU_ERR_NOTSUPP);
	psmmu_destroy(p);
	pf_host_fini(&ph);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_attach_and_teardown,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_inv_one_batch, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_idrs_from_probe, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_init_checks, fx_setup,
						fx_teardown),
		cmocka_unit_test(test_no_nesting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
