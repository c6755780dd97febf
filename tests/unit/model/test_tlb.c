// SPDX-License-Identifier: MIT
/*
 * Tests of src/model/tlb.c: TLB tagging and the exact scope of every TLBI
 * (facts §5.4-5.5). Scope is observed through stale translations: a page
 * is unmapped from the tables without invalidation, so a stream still
 * translates iff its TLB entry survived the command.
 */
#include "helpers.h"

#define NOSS SMMU_MODEL_NO_SSID

static bool cached(struct mh *h, uint32_t sid, uint64_t va)
{
	struct smmu_model_result r;
	int err = xl(h, sid, NOSS, va, 0, &r);

	while (mh_evt_count(h))
		pop1(h);
	return err == 0;
}

/*
 * SIDs 1..4, stage 1 only over one shared tree (VA0.. 8 pages, nG):
 * SID 1: VMID 1 ASID 1; SID 2: VMID 1 ASID 2; SID 3: VMID 2 ASID 1;
 * SID 4: VMID 1 ASID 1 but a global mapping at VA0 + 0x10000.
 */
static void tlb_fixture(struct fx *f, const struct smmu_model_config *c)
{
	static const unsigned int vmid[5] = { 0, 1, 1, 2, 1 };
	static const unsigned int asid[5] = { 0, 1, 2, 1, 1 };
	struct pgt_prot p = { 0 };

	fx_init(f, c, false);
	p.flags = RWU | PGT_PROT_NG;
	assert_int_equal(pgt_map(&f->s1, VA0 + 0x8000, MH_DATA + 0x8000,
				 0x8000, &p), 0);
	p.flags = RWU;
	assert_int_equal(pgt_map(&f->s1, VA0 + 0x10000, MH_DATA, 0x1000, &p),
			 0);
	for (unsigned int s = 1; s <= 4; s++) {
		uint64_t ste[8], cd[8];

		memcpy(cd, f->cd, sizeof(cd));
		mh_bits(cd, 63, 48, asid[s]);
		put_words(&f->h, MH_CD + 64 * s, cd, 8);
		memcpy(ste, f->ste, sizeof(ste));
		ste_s1(ste, MH_CD + 64 * s, 0, 0, 0);
		mh_bits(ste, 143, 128, vmid[s]);
		mh_ste_put(&f->h, s, ste);
	}
}

/* Fill the TLB for all four SIDs over pages, then unmap the tables. */
static void fill_and_unmap(struct fx *f)
{
	for (unsigned int s = 1; s <= 4; s++) {
		for (unsigned int pg = 0; pg < 8; pg++)
			assert_true(cached(&f->h, s, VA0 + 0x8000 + 0x1000 * pg));
		assert_true(cached(&f->h, s, VA0 + 0x10000));
	}
	assert_int_equal(pgt_unmap(&f->s1, VA0 + 0x8000, 0x9000), 0);
	/* Without invalidation the TLB still answers. */
	for (unsigned int s = 1; s <= 4; s++)
		assert_true(cached(&f->h, s, VA0 + 0x8000));
}

static void test_hits_and_misses(void **state)
{
	struct smmu_model_counters c;
	struct fx f;

	(void)state;
	tlb_fixture(&f, NULL);
	smmu_model_counters_reset(f.h.m);
	assert_true(cached(&f.h, 1, VA0 + 0x8000));
	assert_true(cached(&f.h, 1, VA0 + 0x8008));
	assert_true(cached(&f.h, 1, VA0 + 0x8ff8));
	assert_int_equal(smmu_model_counters_get(f.h.m, &c), 0);
	assert_int_equal(c.translations, 3);
	assert_int_equal(c.tlb_misses, 1);
	assert_int_equal(c.tlb_hits, 2);
	assert_int_equal(c.walks, 1);
	assert_int_equal(c.walk_reads, 3);	/* 39-bit VA: levels 1-3 */
	assert_int_equal(c.cfg_misses, 1);
	assert_int_equal(c.cfg_hits, 2);
	/* The same ASID and VMID in another stream shares the entry. */
	assert_true(cached(&f.h, 4, VA0 + 0x8000));
	assert_int_equal(smmu_model_counters_get(f.h.m, &c), 0);
	assert_int_equal(c.tlb_hits, 3);
	/* Another ASID does not. */
	assert_true(cached(&f.h, 2, VA0 + 0x8000));
	assert_int_equal(smmu_model_counters_get(f.h.m, &c), 0);
	assert_int_equal(c.tlb_misses, 2);
	fx_fini(&f);
}

static void test_no_tlb(void **state)
{
	struct smmu_model_config cfg;
	struct smmu_model_counters c;
	struct fx f;

	(void)state;
	smmu_model_config_default(&cfg);
	cfg.tlb_entries = 0;
	cfg.cfg_cache_entries = 0;
	tlb_fixture(&f, &cfg);
	assert_true(cached(&f.h, 1, VA0 + 0x8000));
	assert_int_equal(pgt_unmap(&f.s1, VA0 + 0x8000, 0x1000), 0);
	assert_false(cached(&f.h, 1, VA0 + 0x8000));	/* walks again */
	assert_int_equal(smmu_model_counters_get(f.h.m, &c), 0);
	assert_int_equal(c.tlb_hits, 0);
	assert_int_equal(c.cfg_hits, 0);
	fx_fini(&f);
}

static void test_nh_va(void **state)
{
	struct fx f;

	(void)state;
	tlb_fixture(&f, NULL);
	fill_and_unmap(&f);
	/* NH_VA VMID 1 ASID 1 VA0+0x8000 (no range, Leaf). */
	mh_cmd(&f.h, cmd_vmid_asid(0x12, 1, 1), (VA0 + 0x8000) | 1);
	mh_sync(&f.h);
	assert_false(cached(&f.h, 1, VA0 + 0x8000));
	assert_true(cached(&f.h, 1, VA0 + 0x9000));	/* other page */
	assert_true(cached(&f.h, 2, VA0 + 0x8000));	/* other ASID */
	assert_true(cached(&f.h, 3, VA0 + 0x8000));	/* other VMID */
	/* SID 4 shares (VMID 1, ASID 1): its entry was the same one. */
	assert_false(cached(&f.h, 4, VA0 + 0x8000));
	/* Global entries go with NH_VA of any ASID in the VMID. */
	assert_int_equal(pgt_unmap(&f.s1, VA0 + 0x10000, 0x1000), 0);
	assert_true(cached(&f.h, 1, VA0 + 0x10000));
	mh_cmd(&f.h, cmd_vmid_asid(0x12, 1, 77), VA0 + 0x10000);
	assert_false(cached(&f.h, 1, VA0 + 0x10000));
	assert_true(cached(&f.h, 3, VA0 + 0x10000));	/* VMID 2 */
	fx_fini(&f);
}

static void test_nh_asid(void **state)
{
	struct fx f;

	(void)state;
	tlb_fixture(&f, NULL);
	fill_and_unmap(&f);
	assert_int_equal(pgt_unmap(&f.s1, VA0 + 0x10000, 0x1000), 0);
	mh_cmd(&f.h, cmd_vmid_asid(0x11, 1, 1), 0);
	assert_false(cached(&f.h, 1, VA0 + 0x8000));
	assert_false(cached(&f.h, 1, VA0 + 0xF000));
	assert_true(cached(&f.h, 2, VA0 + 0x8000));	/* ASID 2 */
	assert_true(cached(&f.h, 3, VA0 + 0x8000));	/* VMID 2 */
	/* Global entries are not ASID-tagged: kept. */
	assert_true(cached(&f.h, 1, VA0 + 0x10000));
	fx_fini(&f);
}

static void test_nh_vaa_and_all(void **state)
{
	struct fx f;

	(void)state;
	tlb_fixture(&f, NULL);
	fill_and_unmap(&f);
	mh_cmd(&f.h, cmd_vmid_asid(0x13, 1, 0), VA0 + 0x9000);	/* NH_VAA */
	assert_false(cached(&f.h, 1, VA0 + 0x9000));
	assert_false(cached(&f.h, 2, VA0 + 0x9000));
	assert_true(cached(&f.h, 3, VA0 + 0x9000));
	assert_true(cached(&f.h, 1, VA0 + 0x8000));
	/* Isolation: NH_ALL for VMID 1 leaves VMID 2 alone. */
	mh_cmd(&f.h, cmd_vmid_asid(0x10, 1, 0), 0);
	assert_false(cached(&f.h, 1, VA0 + 0x8000));
	assert_false(cached(&f.h, 2, VA0 + 0xA000));
	assert_true(cached(&f.h, 3, VA0 + 0x8000));
	assert_true(cached(&f.h, 3, VA0 + 0xF000));
	/* NSNH_ALL: everything. */
	mh_cmd(&f.h, cmd0(0x30), 0);
	assert_false(cached(&f.h, 3, VA0 + 0x8000));
	fx_fini(&f);
}

static void test_s12_vmall(void **state)
{
	struct fx f;

	(void)state;
	tlb_fixture(&f, NULL);
	fill_and_unmap(&f);
	mh_cmd(&f.h, cmd_vmid_asid(0x28, 2, 0), 0);
	assert_false(cached(&f.h, 3, VA0 + 0x8000));
	assert_true(cached(&f.h, 1, VA0 + 0x8000));
	assert_true(cached(&f.h, 2, VA0 + 0x8000));
	fx_fini(&f);
}

/* Range: (NUM + 1) * 2^SCALE granules from the address (facts §5.4). */
static void test_range(void **state)
{
	struct fx f;

	(void)state;
	tlb_fixture(&f, NULL);
	fill_and_unmap(&f);
	/* NUM 1, SCALE 1, TG 4K, TTL 3: 4 pages from VA0 + 0xA000. */
	mh_cmd(&f.h, cmd_vmid_asid(0x12, 1, 1) | (1ull << 12) | (1ull << 20),
	       (VA0 + 0xA000) | (1ull << 10) | (3ull << 8) | 1);
	for (unsigned int pg = 0; pg < 8; pg++) {
		bool in = pg >= 2 && pg < 6;

		assert_int_equal(cached(&f.h, 1, VA0 + 0x8000 + 0x1000 * pg),
				 !in);
		assert_true(cached(&f.h, 2, VA0 + 0x8000 + 0x1000 * pg));
	}
	/* NH_VAA range, NUM 0 SCALE 0 TG 4K TTL 3 = one page. */
	mh_cmd(&f.h, cmd_vmid_asid(0x13, 1, 0),
	       (VA0 + 0x8000) | (1ull << 10) | (3ull << 8));
	assert_false(cached(&f.h, 2, VA0 + 0x8000));
	assert_true(cached(&f.h, 2, VA0 + 0x9000));
	fx_fini(&f);
}

/* Without stage 2 the VMID of NH_* is not matched (facts §5.5). */
static void test_no_s2_vmid_ignored(void **state)
{
	struct smmu_model_config cfg;
	struct fx f;

	(void)state;
	smmu_model_config_default(&cfg);
	cfg.idr[0] &= ~1u;				/* no S2P */
	tlb_fixture(&f, &cfg);
	fill_and_unmap(&f);
	mh_cmd(&f.h, cmd_vmid_asid(0x11, 9, 1), 0);	/* any VMID */
	assert_false(cached(&f.h, 1, VA0 + 0x8000));
	assert_false(cached(&f.h, 3, VA0 + 0x8000));	/* same ASID */
	assert_true(cached(&f.h, 2, VA0 + 0x8000));
	fx_fini(&f);
}

static void test_el2(void **state)
{
	uint64_t ste[8];
	struct fx f;

	(void)state;
	tlb_fixture(&f, NULL);
	memcpy(ste, f.ste, sizeof(ste));
	ste_s1(ste, MH_CD + 64, 0, 0, 0);
	mh_bits(ste, 95, 94, 2);			/* STRW = EL2 */
	mh_ste_put(&f.h, 5, ste);
	assert_true(cached(&f.h, 5, VA0 + 0x8000));
	assert_true(cached(&f.h, 1, VA0 + 0x8000));
	assert_int_equal(pgt_unmap(&f.s1, VA0 + 0x8000, 0x1000), 0);
	/* NH_ALL / NSNH_ALL do not touch EL2 entries. */
	mh_cmd(&f.h, cmd0(0x30), 0);
	assert_false(cached(&f.h, 1, VA0 + 0x8000));
	assert_true(cached(&f.h, 5, VA0 + 0x8000));
	/* Without E2H, EL2 has no ASIDs: EL2_ASID matches nothing. */
	mh_cmd(&f.h, cmd_vmid_asid(0x21, 0, 1), 0);
	assert_true(cached(&f.h, 5, VA0 + 0x8000));
	mh_cmd(&f.h, cmd0(0x23), VA0 + 0x8000);		/* EL2_VAA */
	assert_false(cached(&f.h, 5, VA0 + 0x8000));
	assert_true(cached(&f.h, 5, VA0 + 0x9000));
	mh_cmd(&f.h, cmd0(0x20), 0);			/* EL2_ALL */
	assert_int_equal(pgt_unmap(&f.s1, VA0 + 0x9000, 0x1000), 0);
	assert_false(cached(&f.h, 5, VA0 + 0x9000));
	fx_fini(&f);
}

/* EL2-E2H (CR2.E2H = 1): EL2 entries are ASID-tagged. */
static void test_el2_e2h(void **state)
{
	uint64_t ste[8];
	struct fx f;

	(void)state;
	tlb_fixture(&f, NULL);
	mh_wr32(&f.h, R_CR0, CR0_CMDQEN | CR0_EVENTQEN);
	mh_wr32(&f.h, R_CR2, 0x3);			/* E2H | RECINVSID */
	assert_int_equal(mh_rd32(&f.h, R_CR2), 0x3);
	mh_wr32(&f.h, R_CR0, CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN);
	memcpy(ste, f.ste, sizeof(ste));
	ste_s1(ste, MH_CD + 64, 0, 0, 0);		/* ASID 1 */
	mh_bits(ste, 95, 94, 2);
	mh_ste_put(&f.h, 5, ste);
	ste_s1(ste, MH_CD + 128, 0, 0, 0);		/* ASID 2 */
	mh_ste_put(&f.h, 6, ste);
	for (unsigned int s = 5; s <= 6; s++) {
		assert_true(cached(&f.h, s, VA0 + 0x8000));	/* nG */
		assert_true(cached(&f.h, s, VA0 + 0x10000));	/* global */
	}
	assert_int_equal(pgt_unmap(&f.s1, VA0 + 0x8000, 0x1000), 0);
	assert_int_equal(pgt_unmap(&f.s1, VA0 + 0x10000, 0x1000), 0);
	mh_cmd(&f.h, cmd_vmid_asid(0x21, 0, 1), 0);	/* EL2_ASID 1 */
	assert_false(cached(&f.h, 5, VA0 + 0x8000));
	assert_true(cached(&f.h, 6, VA0 + 0x8000));
	assert_true(cached(&f.h, 5, VA0 + 0x10000));	/* global kept */
	/* EL2_VA ASID 1: ASID 1 and global entries of the VA. */
	mh_cmd(&f.h, cmd_vmid_asid(0x22, 0, 1), VA0 + 0x10000);
	assert_false(cached(&f.h, 6, VA0 + 0x10000));
	assert_true(cached(&f.h, 6, VA0 + 0x8000));
	fx_fini(&f);
}

/* Stage-2 entries: TLBI_S2_IPA by VMID and IPA; S12_VMALL. */
static void test_s2_ipa(void **state)
{
	struct pgt_table s2;
	struct pgt_s2_cfg s2c;
	struct pgt_mem mem;
	struct pgt_alloc_ops al;
	uint64_t ste[8];
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	tree_init(&f.h, &s2, true, &mem, &al);
	tree_map(&s2, 0x80000000ull, MH_DATA, 0x4000, RW);
	assert_int_equal(pgt_table_s2_cfg(&s2, &s2c), 0);
	ste_init(ste, 6);
	ste_s2(ste, 1, &s2c, true);
	mh_ste_put(&f.h, 1, ste);
	ste_s2(ste, 2, &s2c, true);
	mh_ste_put(&f.h, 2, ste);
	for (unsigned int s = 1; s <= 2; s++)
		for (unsigned int pg = 0; pg < 4; pg++)
			assert_true(cached(&f.h, s, 0x80000000ull + 0x1000 * pg));
	assert_int_equal(pgt_unmap(&s2, 0x80000000ull, 0x4000), 0);
	/* NH_ALL does not drop stage-2 entries. */
	mh_cmd(&f.h, cmd_vmid_asid(0x10, 1, 0), 0);
	assert_true(cached(&f.h, 1, 0x80000000ull));
	/* S2_IPA VMID 1, IPA page 1. */
	mh_cmd(&f.h, cmd_vmid_asid(0x2A, 1, 0), 0x80001000ull | 1);
	assert_false(cached(&f.h, 1, 0x80001000ull));
	assert_true(cached(&f.h, 1, 0x80000000ull));
	assert_true(cached(&f.h, 2, 0x80001000ull));
	/* S2_IPA range: NUM 1 SCALE 0 TG 4K: 2 pages from page 2. */
	mh_cmd(&f.h, cmd_vmid_asid(0x2A, 2, 0) | (1ull << 12),
	       0x80002000ull | (1ull << 10) | (3ull << 8));
	assert_false(cached(&f.h, 2, 0x80002000ull));
	assert_false(cached(&f.h, 2, 0x80003000ull));
	assert_true(cached(&f.h, 2, 0x80000000ull));
	/* S12_VMALL VMID 2. */
	mh_cmd(&f.h, cmd_vmid_asid(0x28, 2, 0), 0);
	assert_false(cached(&f.h, 2, 0x80000000ull));
	assert_true(cached(&f.h, 1, 0x80000000ull));
	fx_fini(&f);
}

/*
 * Nested: combined entries are stage-1 entries of the VMID. TLBI_S2_IPA
 * alone leaves them (facts §5.5, Appendix B); NH_ALL drops them.
 */
static void test_nested_combined(void **state)
{
	struct pgt_table s2;
	struct pgt_s2_cfg s2c;
	struct pgt_mem mem;
	struct pgt_alloc_ops al;
	uint64_t ste[8];
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	tree_init(&f.h, &s2, true, &mem, &al);
	tree_map(&s2, MH_POOL, MH_POOL, 0x100000, RW);	/* S1 tables */
	tree_map(&s2, MH_CD, MH_CD, 0x1000, PGT_PROT_R);
	tree_map(&s2, MH_DATA, MH_DATA, 0x4000, RW);
	assert_int_equal(pgt_table_s2_cfg(&s2, &s2c), 0);
	put_words(&f.h, MH_CD, f.cd, 8);
	ste_init(ste, 7);
	ste_s1(ste, MH_CD, 0, 0, 0);
	ste_s2(ste, 3, &s2c, true);
	mh_ste_put(&f.h, 1, ste);
	assert_true(cached(&f.h, 1, VA0));
	assert_int_equal(pgt_unmap(&s2, MH_DATA, 0x1000), 0);
	mh_cmd(&f.h, cmd_vmid_asid(0x2A, 3, 0), MH_DATA);
	assert_true(cached(&f.h, 1, VA0));
	mh_cmd(&f.h, cmd_vmid_asid(0x10, 4, 0), 0);	/* other VMID */
	assert_true(cached(&f.h, 1, VA0));
	mh_cmd(&f.h, cmd_vmid_asid(0x10, 3, 0), 0);
	assert_false(cached(&f.h, 1, VA0));
	fx_fini(&f);
}

/* A permission miss on a cached entry walks again and faults. */
static void test_perm_on_hit(void **state)
{
	struct pgt_prot p = { 0 };
	struct smmu_model_result r;
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	p.flags = PGT_PROT_R | PGT_PROT_UNPRIV;
	assert_int_equal(pgt_map(&f.s1, VA0 + 0x20000, MH_DATA, 0x1000, &p), 0);
	put_words(&f.h, MH_CD, f.cd, 8);
	mh_ste_put(&f.h, 1, f.ste);
	assert_int_equal(xl(&f.h, 1, NOSS, VA0 + 0x20000, 0, &r), 0);
	assert_int_equal(xl(&f.h, 1, NOSS, VA0 + 0x20000, SMMU_MODEL_ACC_WRITE,
			    &r), -VSMMU_ERR_FAULT);
	assert_int_equal(r.evt.id, EVT_F_PERMISSION);
	fx_fini(&f);
}

/* Capacity: a large TLB holds a working set; a tiny one evicts but
 * stays correct; blocks and pages coexist. */
static void test_capacity(void **state)
{
	static const unsigned int sizes[] = { 4096, 3 };
	struct smmu_model_config cfg;
	struct smmu_model_counters c;
	struct pgt_prot p = { 0 };
	struct fx f;

	(void)state;
	for (unsigned int k = 0; k < 2; k++) {
		smmu_model_config_default(&cfg);
		cfg.tlb_entries = sizes[k];
		fx_init(&f, &cfg, false);
		p.flags = RWU | PGT_PROT_NG;
		/* 64 pages at 8 MiB, and a 2 MiB block at 16 MiB. */
		assert_int_equal(pgt_map(&f.s1, 0x800000, MH_DATA, 0x40000, &p),
				 0);
		assert_int_equal(pgt_map(&f.s1, 0x1000000, 0x200000, 0x200000,
					 &p), 0);
		put_words(&f.h, MH_CD, f.cd, 8);
		mh_ste_put(&f.h, 1, f.ste);
		for (int pass = 0; pass < 2; pass++) {
			for (uint64_t i = 0; i < 64; i++) {
				struct smmu_model_result r;

				assert_int_equal(xl(&f.h, 1, NOSS, 0x800000 +
						    i * 0x1000 + 8, 0, &r), 0);
				assert_int_equal(r.pa, MH_DATA + i * 0x1000 + 8);
				assert_int_equal(xl(&f.h, 1, NOSS, 0x1000000 +
						    i * 0x8000, 0, &r), 0);
				assert_int_equal(r.pa, 0x200000 + i * 0x8000);
				assert_int_equal(r.size_log2, 21);
			}
		}
		assert_int_equal(smmu_model_counters_get(f.h.m, &c), 0);
		if (k == 0) {
			/* 64 pages + 1 block walked once each. */
			assert_int_equal(c.tlb_misses, 65);
			assert_int_equal(c.tlb_hits, 256 - 65);
			/* A cold start for benchmarks: everything walks
			 * and fetches again. */
			smmu_model_caches_flush(f.h.m);
			smmu_model_counters_reset(f.h.m);
			assert_true(cached(&f.h, 1, 0x800000));
			assert_true(cached(&f.h, 1, 0x800000));
			assert_int_equal(smmu_model_counters_get(f.h.m, &c), 0);
			assert_int_equal(c.tlb_misses, 1);
			assert_int_equal(c.cfg_misses, 1);
			assert_int_equal(c.tlb_hits, 1);
		} else {
			assert_true(c.tlb_misses > 65);
		}
		fx_fini(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hits_and_misses),
		cmocka_unit_test(test_no_tlb),
		cmocka_unit_test(test_nh_va),
		cmocka_unit_test(test_nh_asid),
		cmocka_unit_test(test_nh_vaa_and_all),
		cmocka_unit_test(test_s12_vmall),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_no_s2_vmid_ignored),
		cmocka_unit_test(test_el2),
		cmocka_unit_test(test_el2_e2h),
		cmocka_unit_test(test_s2_ipa),
		cmocka_unit_test(test_nested_combined),
		cmocka_unit_test(test_perm_on_hit),
		cmocka_unit_test(test_capacity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
