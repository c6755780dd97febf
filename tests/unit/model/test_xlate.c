// SPDX-License-Identifier: MIT
/*
 * Tests of src/model/xlate.c and the DMA entry points: stage-1, stage-2
 * and nested translation, every translation fault with its record fields
 * (facts §6.2-6.4, §7.7), CD.R / CD.A / STE.S2R, RAZ/WI, and isolation
 * (a stage-2 fault reads nothing stage 2 does not map).
 */
#include "helpers.h"

#define NOSS SMMU_MODEL_NO_SSID
#define ACC_W SMMU_MODEL_ACC_WRITE
#define ACC_X SMMU_MODEL_ACC_EXEC
#define ACC_P SMMU_MODEL_ACC_PRIV

static struct tev expect_fault(struct mh *h, uint32_t sid, uint32_t ssid,
			       uint64_t addr, unsigned int acc,
			       unsigned int id)
{
	struct smmu_model_result r;

	assert_int_equal(xl(h, sid, ssid, addr, acc, &r), -VSMMU_ERR_FAULT);
	assert_int_equal(r.outcome, SMMU_MODEL_ABORT);
	assert_int_equal(r.evt.id, id);
	assert_true(r.recorded);
	assert_int_equal(mh_evt_count(h), 1);
	return pop1(h);
}

static void s1_fixture(struct fx *f)
{
	fx_init(f, NULL, false);
	put_words(&f->h, MH_CD, f->cd, 8);
	mh_ste_put(&f->h, 1, f->ste);
}

static void test_s1_translation_fault_fields(void **state)
{
	uint64_t ste[8];
	struct tev e;
	struct fx f;

	(void)state;
	s1_fixture(&f);
	e = expect_fault(&f.h, 1, NOSS, VA0 + 0x10008, 0, EVT_F_TRANSLATION);
	assert_int_equal(e.sid, 1);
	assert_int_equal(e.ssv, 0);
	assert_int_equal(e.input, VA0 + 0x10008);
	assert_int_equal(e.rnw, 1);
	assert_int_equal(e.ind, 0);
	assert_int_equal(e.pnu, 0);
	assert_int_equal(e.s2, 0);
	/* Write, privileged, with an SSID. */
	memcpy(ste, f.ste, sizeof(ste));
	ste_s1(ste, MH_CD, 1, 0, 0);
	mh_ste_put(&f.h, 2, ste);
	put_words(&f.h, MH_CD + 64, f.cd, 8);
	e = expect_fault(&f.h, 2, 1, 0x7000000, ACC_W | ACC_P,
			 EVT_F_TRANSLATION);
	assert_int_equal(e.sid, 2);
	assert_int_equal(e.ssv, 1);
	assert_int_equal(e.ssid, 1);
	assert_int_equal(e.rnw, 0);
	assert_int_equal(e.pnu, 1);
	assert_int_equal(e.input, 0x7000000);
	/* A cached VA with a non-canonical top byte (TBI = 0) still
	 * faults: the TLB does not ignore bits [63:56]. */
	{
		struct smmu_model_result r;

		assert_int_equal(xl(&f.h, 1, NOSS, VA0, 0, &r), 0);
		assert_int_equal(xl(&f.h, 1, NOSS, VA0, 0, &r), 0);
	}
	e = expect_fault(&f.h, 1, NOSS, VA0 | (0x5Aull << 56), 0,
			 EVT_F_TRANSLATION);
	assert_int_equal(e.input, VA0 | (0x5Aull << 56));
	/* VA beyond T0SZ (39 bits). */
	e = expect_fault(&f.h, 1, NOSS, 1ull << 40, 0, EVT_F_TRANSLATION);
	assert_int_equal(e.input, 1ull << 40);
	fx_fini(&f);
}

/* CD.TBI0: the top byte is ignored; a TLBI by VA drops every variant. */
static void test_tbi(void **state)
{
	struct smmu_model_result r;
	uint64_t cd[8];
	struct fx f;

	(void)state;
	s1_fixture(&f);
	memcpy(cd, f.cd, sizeof(cd));
	mh_bits(cd, 38, 38, 1);				/* TBI0 */
	put_words(&f.h, MH_CD, cd, 8);
	assert_int_equal(xl(&f.h, 1, NOSS, VA0 | (0x5Aull << 56) | 8, 0, &r),
			 0);
	assert_int_equal(r.pa, MH_DATA + 8);
	assert_int_equal(xl(&f.h, 1, NOSS, VA0 | 8, 0, &r), 0);
	assert_int_equal(pgt_unmap(&f.s1, VA0, 0x1000), 0);
	assert_int_equal(xl(&f.h, 1, NOSS, VA0 | (0x5Aull << 56), 0, &r), 0);
	mh_cmd(&f.h, cmd_vmid_asid(0x12, 0, 1), VA0);	/* NH_VA ASID 1 */
	assert_int_equal(xl(&f.h, 1, NOSS, VA0 | (0x5Aull << 56), 0, &r),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(xl(&f.h, 1, NOSS, VA0, 0, &r), -VSMMU_ERR_FAULT);
	fx_fini(&f);
}

static void test_s1_permission_access(void **state)
{
	struct pgt_prot p = { 0 };
	struct smmu_model_result r;
	uint64_t cd[8];
	struct tev e;
	struct fx f;

	(void)state;
	s1_fixture(&f);
	/* VA0+0x4000: read-only, unprivileged allowed, not executable. */
	p.flags = PGT_PROT_R | PGT_PROT_UNPRIV;
	assert_int_equal(pgt_map(&f.s1, VA0 + 0x4000, MH_DATA + 0x4000,
				 0x1000, &p), 0);
	/* VA0+0x5000: privileged-only RW. */
	p.flags = PGT_PROT_R | PGT_PROT_W;
	assert_int_equal(pgt_map(&f.s1, VA0 + 0x5000, MH_DATA + 0x5000,
				 0x1000, &p), 0);
	/* VA0+0x6000: access flag clear. */
	p.flags = RWU | PGT_PROT_NOAF;
	assert_int_equal(pgt_map(&f.s1, VA0 + 0x6000, MH_DATA + 0x6000,
				 0x1000, &p), 0);
	assert_int_equal(xl(&f.h, 1, NOSS, VA0 + 0x4010, 0, &r), 0);
	assert_int_equal(r.pa, MH_DATA + 0x4010);
	e = expect_fault(&f.h, 1, NOSS, VA0 + 0x4010, ACC_W, EVT_F_PERMISSION);
	assert_int_equal(e.rnw, 0);
	assert_int_equal(e.s2, 0);
	assert_int_equal(e.input, VA0 + 0x4010);
	e = expect_fault(&f.h, 1, NOSS, VA0 + 0x4010, ACC_X, EVT_F_PERMISSION);
	assert_int_equal(e.ind, 1);
	assert_int_equal(e.rnw, 1);
	e = expect_fault(&f.h, 1, NOSS, VA0 + 0x5000, 0, EVT_F_PERMISSION);
	assert_int_equal(e.pnu, 0);
	assert_int_equal(xl(&f.h, 1, NOSS, VA0 + 0x5000, ACC_P | ACC_W, &r), 0);
	e = expect_fault(&f.h, 1, NOSS, VA0 + 0x6000, 0, EVT_F_ACCESS);
	assert_int_equal(e.input, VA0 + 0x6000);
	/* CD.AFFD = 1: the access flag does not fault. */
	memcpy(cd, f.cd, sizeof(cd));
	mh_bits(cd, 35, 35, 1);
	put_words(&f.h, MH_CD, cd, 8);
	mh_cmd(&f.h, cmd_sid(0x05, 1), 1);		/* CFGI_CD */
	assert_int_equal(xl(&f.h, 1, NOSS, VA0 + 0x6000, 0, &r), 0);
	fx_fini(&f);
}

static void test_s1_addr_size_and_eabt(void **state)
{
	struct pgt_prot p = { 0 };
	uint64_t cd[8];
	struct tev e;
	struct fx f;

	(void)state;
	s1_fixture(&f);
	/* Output above a 32-bit IPS: F_ADDR_SIZE. */
	p.flags = RWU;
	assert_int_equal(pgt_map(&f.s1, VA0 + 0x8000, 0x100000000ull, 0x1000,
				 &p), 0);
	memcpy(cd, f.cd, sizeof(cd));
	mh_bits(cd, 34, 32, 0);				/* IPS 32 bits */
	put_words(&f.h, MH_CD, cd, 8);
	e = expect_fault(&f.h, 1, NOSS, VA0 + 0x8000, 0, EVT_F_ADDR_SIZE);
	assert_int_equal(e.s2, 0);
	assert_int_equal(e.input, VA0 + 0x8000);
	/* External abort on the root table read: F_WALK_EABT with the
	 * descriptor's address (VA bits [38:30] = 0: entry 0). */
	mmem_fail(&f.h.mem, f.s1c.tt[0].ttb, f.s1c.tt[0].ttb + 0xfff, true,
		  false);
	e = expect_fault(&f.h, 2 - 1, NOSS, VA0, 0, EVT_F_WALK_EABT);
	assert_int_equal(e.fetch, f.s1c.tt[0].ttb);
	assert_int_equal(e.input, VA0);
	assert_int_equal(e.s2, 0);
	fx_fini(&f);
}

static void test_cd_r_and_a(void **state)
{
	struct smmu_model_result r;
	uint8_t buf[16];
	uint64_t cd[8];
	struct fx f;

	(void)state;
	s1_fixture(&f);
	/* R = 0, A = 1: abort, nothing recorded. */
	memcpy(cd, f.cd, sizeof(cd));
	mh_bits(cd, 45, 45, 0);
	put_words(&f.h, MH_CD, cd, 8);
	assert_int_equal(xl(&f.h, 1, NOSS, 0x9000000, 0, &r), -VSMMU_ERR_FAULT);
	assert_int_equal(r.outcome, SMMU_MODEL_ABORT);
	assert_int_equal(r.evt.id, EVT_F_TRANSLATION);
	assert_false(r.recorded);
	assert_int_equal(mh_evt_count(&f.h), 0);
	/* R = 1, A = 0: RAZ/WI and recorded. */
	mh_bits(cd, 45, 45, 1);
	mh_bits(cd, 46, 46, 0);
	put_words(&f.h, MH_CD, cd, 8);
	mh_cmd(&f.h, cmd_sid(0x06, 1), 0);		/* CFGI_CD_ALL */
	memset(buf, 0xAA, sizeof(buf));
	assert_int_equal(smmu_model_dma_read(f.h.m, 1, NOSS, 0x9000000, buf,
					     sizeof(buf), 0, &r), 0);
	assert_int_equal(r.outcome, SMMU_MODEL_RAZWI);
	assert_int_equal(r.done, sizeof(buf));
	for (unsigned int i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(mh_evt_count(&f.h), 1);
	assert_int_equal(pop1(&f.h).id, EVT_F_TRANSLATION);
	/* A RAZ/WI write changes nothing; a mapped page still works. */
	mmem_put64(&f.h.mem, MH_DATA, 0x1111);
	assert_int_equal(smmu_model_dma_write(f.h.m, 1, NOSS, 0x9000000, buf,
					      8, 0, &r), 0);
	assert_int_equal(r.outcome, SMMU_MODEL_RAZWI);
	assert_int_equal(mmem_get64(&f.h.mem, MH_DATA), 0x1111);
	pop1(&f.h);
	/* Stage-1 faults other than translation faults still abort:
	 * F_WALK_EABT ignores A and R. */
	mmem_fail(&f.h.mem, f.s1c.tt[0].ttb, f.s1c.tt[0].ttb + 7, true, false);
	mh_bits(cd, 45, 45, 0);
	put_words(&f.h, MH_CD, cd, 8);
	mh_cmd(&f.h, cmd_sid(0x06, 1), 0);
	mh_cmd(&f.h, cmd0(0x30), 0);			/* TLBI_NSNH_ALL */
	assert_int_equal(xl(&f.h, 1, NOSS, VA0, 0, &r), -VSMMU_ERR_FAULT);
	assert_int_equal(r.outcome, SMMU_MODEL_ABORT);
	assert_true(r.recorded);
	assert_int_equal(pop1(&f.h).id, EVT_F_WALK_EABT);
	fx_fini(&f);
}

static void test_dma(void **state)
{
	struct smmu_model_result r;
	uint8_t in[32], out[32];
	struct smmu_model_counters c;
	struct fx f;

	(void)state;
	s1_fixture(&f);
	for (unsigned int i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 7 + 1);
	/* Crosses the page at VA0 + 0x1000. */
	assert_int_equal(smmu_model_dma_write(f.h.m, 1, NOSS, VA0 + 0xff0, in,
					      sizeof(in), 0, &r), 0);
	assert_int_equal(r.done, sizeof(in));
	mmem_get(&f.h.mem, MH_DATA + 0xff0, out, sizeof(out));
	assert_memory_equal(in, out, sizeof(in));
	memset(out, 0, sizeof(out));
	assert_int_equal(smmu_model_dma_read(f.h.m, 1, NOSS, VA0 + 0xff0, out,
					     sizeof(out), 0, &r), 0);
	assert_memory_equal(in, out, sizeof(in));
	/* Runs off the mapping (16 KiB): aborts after the mapped part. */
	assert_int_equal(smmu_model_dma_read(f.h.m, 1, NOSS, VA0 + 0x3ff8, out,
					     16, 0, &r), -VSMMU_ERR_FAULT);
	assert_int_equal(r.done, 8);
	assert_int_equal(r.outcome, SMMU_MODEL_ABORT);
	assert_int_equal(r.evt.id, EVT_F_TRANSLATION);
	assert_int_equal(pop1(&f.h).input, VA0 + 0x4000);
	/* The data access itself fails in memory: -VSMMU_ERR_IO. */
	mmem_fail(&f.h.mem, MH_DATA + 0x2000, MH_DATA + 0x2fff, true, false);
	assert_int_equal(smmu_model_dma_read(f.h.m, 1, NOSS, VA0 + 0x1ff0, out,
					     32, 0, &r), -VSMMU_ERR_IO);
	assert_int_equal(r.done, 16);
	assert_int_equal(smmu_model_counters_get(f.h.m, &c), 0);
	assert_int_equal(c.dma_bytes, 32 + 32 + 8 + 16);
	/* Bad arguments. */
	assert_int_equal(smmu_model_dma_read(f.h.m, 1, 1u << 20, VA0, out, 4,
					     0, &r), -VSMMU_ERR_INVAL);
	assert_int_equal(smmu_model_dma_read(f.h.m, 1, NOSS, ~0ull - 2, out,
					     8, 0, &r), -VSMMU_ERR_RANGE);
	fx_fini(&f);
}

/* ---- stage 2 ---------------------------------------------------------- */

static void test_s2_only(void **state)
{
	struct pgt_table s2;
	struct pgt_s2_cfg s2c;
	struct pgt_mem mem;
	struct pgt_alloc_ops al;
	struct pgt_prot p = { 0 };
	struct smmu_model_result r;
	uint64_t ste[8];
	struct tev e;
	struct fx f;

	(void)state;
	fx_init(&f, NULL, false);
	tree_init(&f.h, &s2, true, &mem, &al);
	tree_map(&s2, 0x80000000ull, MH_DATA, 0x200000, RW);	/* a block */
	p.flags = PGT_PROT_R;
	p.attr = 0xF;
	assert_int_equal(pgt_map(&s2, 0x90000000ull, MH_DATA, 0x1000, &p), 0);
	assert_int_equal(pgt_table_s2_cfg(&s2, &s2c), 0);
	ste_init(ste, 6);
	ste_s2(ste, 7, &s2c, true);
	mh_ste_put(&f.h, 1, ste);
	assert_int_equal(xl(&f.h, 1, NOSS, 0x80123456ull, ACC_W, &r), 0);
	assert_int_equal(r.pa, MH_DATA + 0x123456);
	assert_int_equal(r.size_log2, 21);
	/* Unmapped IPA: stage 2, CLASS = IN, IPA = the input. */
	e = expect_fault(&f.h, 1, NOSS, 0xA0000010ull, 0, EVT_F_TRANSLATION);
	assert_int_equal(e.s2, 1);
	assert_int_equal(e.cls, 2);
	assert_int_equal(e.ipa, 0xA0000000ull);
	assert_int_equal(e.input, 0xA0000010ull);
	e = expect_fault(&f.h, 1, NOSS, 0x90000000ull, ACC_W, EVT_F_PERMISSION);
	assert_int_equal(e.s2, 1);
	assert_int_equal(e.rnw, 0);
	/* IPA above the 39-bit input size. */
	e = expect_fault(&f.h, 1, NOSS, 1ull << 40, 0, EVT_F_TRANSLATION);
	assert_int_equal(e.s2, 1);
	/* S2R = 0: aborts, not recorded. */
	mh_bits(ste, 186, 186, 0);
	mh_ste_put(&f.h, 2, ste);
	assert_int_equal(xl(&f.h, 2, NOSS, 0xA0000000ull, 0, &r),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(r.outcome, SMMU_MODEL_ABORT);
	assert_false(r.recorded);
	assert_int_equal(mh_evt_count(&f.h), 0);
	/* SSV traffic on a stage-2-only STE. */
	assert_int_equal(xl(&f.h, 1, 0, 0x80000000ull, 0, &r),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(r.evt.id, EVT_C_BAD_SUBSTREAMID);
	pop1(&f.h);
	fx_fini(&f);
}

/* ---- nested ------------------------------------------------------------
 * Stage-1 tables live at IPAs [IPA_T, ...) backed by PAs [PA_T, ...); the
 * builder sees IPAs through this little translating memory.
 */
#define IPA_T 0x90000000ull
#define PA_T 0x02000000ull
#define IPA_D 0xA0000000ull

struct ipamem {
	struct mmem *m;
	uint64_t next;
};

static int ipa_rd(void *ctx, smmu_pa_t a, void *b, size_t l)
{
	struct ipamem *im = ctx;

	return mmem_read(im->m, smmu_pa(a.v - IPA_T + PA_T), b, l);
}

static int ipa_wr(void *ctx, smmu_pa_t a, const void *b, size_t l)
{
	struct ipamem *im = ctx;

	return mmem_write(im->m, smmu_pa(a.v - IPA_T + PA_T), b, l);
}

static int ipa_alloc(void *ctx, size_t size, smmu_pa_t *pa)
{
	struct ipamem *im = ctx;

	im->next = (im->next + size - 1) & ~((uint64_t)size - 1);
	*pa = smmu_pa(im->next);
	im->next += size;
	return 0;
}

static void ipa_free(void *ctx, smmu_pa_t pa, size_t size)
{
	(void)ctx;
	(void)pa;
	(void)size;
}

struct nfx {
	struct fx f;
	struct ipamem im;
	struct pgt_table s1, s2;
	struct pgt_s1_cfg s1c;
	struct pgt_s2_cfg s2c;
};

static void nested_init(struct nfx *n, bool s2r)
{
	struct pgt_table_cfg tc = { 0 };
	struct pgt_mem im, pm;
	struct pgt_alloc_ops ia, pa;
	uint64_t ste[8];

	fx_init(&n->f, NULL, false);
	n->im.m = &n->f.h.mem;
	n->im.next = IPA_T;
	im = (struct pgt_mem){ .read = ipa_rd, .write = ipa_wr, .ctx = &n->im };
	ia = (struct pgt_alloc_ops){ .alloc = ipa_alloc, .free = ipa_free,
				     .ctx = &n->im };
	tc.fmt = PGT_FMT_S1;
	tc.granule = PGT_GRAN_4K;
	tc.tsz = 25;
	tc.oas = 48;
	assert_int_equal(pgt_table_init(&n->s1, &tc, &im, &ia), 0);
	tree_map(&n->s1, VA0, IPA_D, 0x4000, RWU);
	tree_map(&n->s1, VA0 + 0x4000, IPA_D + 0x100000, 0x1000, RWU);
	assert_int_equal(pgt_table_s1_cfg(&n->s1, &n->s1c), 0);

	tree_init(&n->f.h, &n->s2, true, &pm, &pa);
	tree_map(&n->s2, IPA_T, PA_T, 0x10000, RW);	/* S1 tables */
	tree_map(&n->s2, IPA_D, MH_DATA, 0x4000, RW);	/* data */
	tree_map(&n->s2, 0x70000000ull, MH_CD, 0x1000, PGT_PROT_R);
	assert_int_equal(pgt_table_s2_cfg(&n->s2, &n->s2c), 0);

	cd_init(n->f.cd, &n->s1c, 9, true, true);
	put_words(&n->f.h, MH_CD, n->f.cd, 8);
	ste_init(ste, 7);
	ste_s1(ste, 0x70000000ull, 0, 0, 0);
	ste_s2(ste, 5, &n->s2c, s2r);
	mh_ste_put(&n->f.h, 1, ste);
}

static void test_nested_ok(void **state)
{
	struct smmu_model_result r;
	struct nfx n;

	(void)state;
	nested_init(&n, true);
	assert_int_equal(xl(&n.f.h, 1, NOSS, VA0 + 0x2345, ACC_W, &r), 0);
	assert_int_equal(r.pa, MH_DATA + 0x2345);
	assert_int_equal(mh_evt_count(&n.f.h), 0);
	fx_fini(&n.f);
}

static void test_nested_s2_fault_on_walk(void **state)
{
	struct smmu_model_result r;
	struct tev e;
	struct nfx n;

	(void)state;
	nested_init(&n, true);
	/* The S1 root table's IPA is no longer mapped at stage 2. */
	assert_int_equal(pgt_unmap(&n.s2, n.s1c.tt[0].ttb & ~0xfffull, 0x1000),
			 0);
	n.f.h.mem.logging = true;
	e = expect_fault(&n.f.h, 1, NOSS, VA0, 0, EVT_F_TRANSLATION);
	assert_int_equal(e.s2, 1);
	assert_int_equal(e.cls, 1);			/* CLASS = TT */
	assert_int_equal(e.ipa, n.s1c.tt[0].ttb & ~0xfffull);
	assert_int_equal(e.input, VA0);
	/* Isolation: nothing read at the table's backing PA, nor at the
	 * IPA taken as a PA. */
	assert_false(mmem_read_logged(&n.f.h.mem, PA_T + (n.s1c.tt[0].ttb -
							  IPA_T),
				      PA_T + (n.s1c.tt[0].ttb - IPA_T) + 0xfff));
	assert_false(mmem_read_logged(&n.f.h.mem, n.s1c.tt[0].ttb,
				      n.s1c.tt[0].ttb + 0xfff));
	/* The fault is stage 2: CD.R = 1 does not matter, S2R does. */
	fx_fini(&n.f);
	nested_init(&n, false);
	assert_int_equal(pgt_unmap(&n.s2, n.s1c.tt[0].ttb & ~0xfffull, 0x1000),
			 0);
	assert_int_equal(xl(&n.f.h, 1, NOSS, VA0, 0, &r), -VSMMU_ERR_FAULT);
	assert_false(r.recorded);
	assert_true(r.evt.s2);
	assert_int_equal(mh_evt_count(&n.f.h), 0);
	fx_fini(&n.f);
}

static void test_nested_s2_fault_on_output(void **state)
{
	struct smmu_model_result r;
	struct tev e;
	struct nfx n;

	(void)state;
	nested_init(&n, true);
	/* VA0+0x4000 -> IPA_D+1 MiB, which stage 2 does not map. */
	n.f.h.mem.logging = true;
	e = expect_fault(&n.f.h, 1, NOSS, VA0 + 0x4010, ACC_W,
			 EVT_F_TRANSLATION);
	assert_int_equal(e.s2, 1);
	assert_int_equal(e.cls, 2);			/* CLASS = IN */
	assert_int_equal(e.ipa, IPA_D + 0x100000);
	assert_int_equal(e.input, VA0 + 0x4010);
	assert_int_equal(e.rnw, 0);
	assert_false(mmem_read_logged(&n.f.h.mem, IPA_D + 0x100000,
				      IPA_D + 0x100fff));
	/* A stage-1 fault in a nested stream is S2 = 0. */
	e = expect_fault(&n.f.h, 1, NOSS, VA0 + 0x8000, 0, EVT_F_TRANSLATION);
	assert_int_equal(e.s2, 0);
	/* Stage-2 permission on the output: read-only CD page is not
	 * data, so make the data page read-only instead. */
	{
		struct pgt_prot p = { 0 };

		p.flags = PGT_PROT_R;
		p.attr = 0xF;
		assert_int_equal(pgt_protect(&n.s2, IPA_D, 0x1000, &p), 0);
	}
	e = expect_fault(&n.f.h, 1, NOSS, VA0 + 8, ACC_W, EVT_F_PERMISSION);
	assert_int_equal(e.s2, 1);
	assert_int_equal(e.cls, 2);
	assert_int_equal(e.ipa, IPA_D);
	assert_int_equal(xl(&n.f.h, 1, NOSS, VA0 + 8, 0, &r), 0);
	fx_fini(&n.f);
}

/*
 * A stage-2 permission fault met by the stage-1 table walk: F_PERMISSION
 * with S2 = 1, CLASS = TT, IPA = the descriptor's IPA, and TTRnW = 1 (dw1
 * bit 44, abs bit 108) because a descriptor read caused it (IHI 0070
 * §7.3.16, facts §6.2-6.3). The model never writes descriptors (no HTTU).
 */
static void test_nested_s2_perm_on_walk_ttrnw(void **state)
{
	struct pgt_prot p = { 0 };
	uint64_t ev[4];
	struct smmu_model_result r;
	struct tev e;
	struct nfx n;

	(void)state;
	nested_init(&n, true);
	/* The S1 tables' IPA range becomes write-only at stage 2. */
	p.flags = PGT_PROT_W;
	p.attr = 0xF;
	assert_int_equal(pgt_protect(&n.s2, IPA_T, 0x10000, &p), 0);
	assert_int_equal(xl(&n.f.h, 1, NOSS, VA0 + 0x10, 0, &r),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(r.evt.id, EVT_F_PERMISSION);
	assert_true(r.recorded);
	assert_int_equal(mh_evt_count(&n.f.h), 1);
	assert_true(mh_evt_pop(&n.f.h, ev));
	e = tev_parse(ev);
	assert_int_equal(e.id, EVT_F_PERMISSION);
	assert_int_equal(e.s2, 1);
	assert_int_equal(e.cls, 1);			/* CLASS = TT */
	assert_int_equal(e.ipa, n.s1c.tt[0].ttb & ~0xfffull);
	assert_int_equal(e.input, VA0 + 0x10);
	assert_int_equal(e.rnw, 1);
	assert_int_equal(mh_getbits(ev, 64 + 44, 64 + 44), 1);	/* TTRnW */
	fx_fini(&n.f);
}

/*
 * Stage 1 bypassed in front of stage 2 checks the input against IAS, not
 * OAS (facts §7.7, §3.8 note): with AArch32 tables also supported IAS =
 * MAX(40, OAS), so with OAS = 36 an IPA of 2^37 goes to stage 2 (here:
 * unmapped, a stage-2 F_TRANSLATION of CLASS IN), and only 2^40 and above
 * is a stage-1 F_ADDR_SIZE (S2 = 0, CLASS IN).
 */
static void test_s1_bypass_ias_not_oas(void **state)
{
	struct smmu_model_config c;
	struct pgt_table s2;
	struct pgt_s2_cfg s2c;
	struct pgt_mem mem;
	struct pgt_alloc_ops al;
	uint64_t ste[8];
	struct tev e;
	struct fx f;

	(void)state;
	smmu_model_config_default(&c);
	c.idr[0] |= 3u << 2;			/* TTF = AArch32 + AArch64 */
	c.idr[5] = (c.idr[5] & ~7u) | 1u;	/* OAS = 36 bits */
	fx_init(&f, &c, false);
	tree_init(&f.h, &s2, true, &mem, &al);	/* 39-bit IPA */
	tree_map(&s2, 0x80000000ull, MH_DATA, 0x1000, RW);
	assert_int_equal(pgt_table_s2_cfg(&s2, &s2c), 0);
	ste_init(ste, 6);
	ste_s2(ste, 7, &s2c, true);
	mh_ste_put(&f.h, 1, ste);
	e = expect_fault(&f.h, 1, NOSS, 1ull << 37, 0, EVT_F_TRANSLATION);
	assert_int_equal(e.s2, 1);
	assert_int_equal(e.cls, 2);
	assert_int_equal(e.ipa, 1ull << 37);
	e = expect_fault(&f.h, 1, NOSS, 1ull << 40, 0, EVT_F_ADDR_SIZE);
	assert_int_equal(e.s2, 0);
	assert_int_equal(e.cls, 2);
	assert_int_equal(e.input, 1ull << 40);
	fx_fini(&f);
}

/*
 * CD.T0SZ bounds the VA, not the PA: its minimum is 16 (48-bit VA) on any
 * OAS (facts §4.2: VMSAv8-64 range 16..39), so a CD with T0SZ = 16 on an
 * SMMU with a 40-bit OAS is valid and translates (not C_BAD_CD).
 */
static void test_cd_t0sz16_with_oas40(void **state)
{
	struct smmu_model_config c;
	struct pgt_table_cfg tc = { 0 };
	struct pgt_table s1;
	struct pgt_s1_cfg s1c;
	struct pgt_mem mem;
	struct pgt_alloc_ops al;
	struct smmu_model_result r;
	struct fx f;
	const uint64_t va = 0x0000800000010000ull;	/* bit 47 set */

	(void)state;
	smmu_model_config_default(&c);
	c.idr[5] = (c.idr[5] & ~7u) | 2u;	/* OAS = 40 bits */
	fx_init(&f, &c, false);
	tc.fmt = PGT_FMT_S1;
	tc.granule = PGT_GRAN_4K;
	tc.tsz = 16;
	tc.oas = 40;
	tc.sl0 = PGT_SL0_AUTO;
	mem = mmem_pgt_mem(&f.h.mem);
	al = mmem_pgt_alloc(&f.h.mem);
	assert_int_equal(pgt_table_init(&s1, &tc, &mem, &al), 0);
	tree_map(&s1, va, MH_DATA, 0x1000, RWU);
	assert_int_equal(pgt_table_s1_cfg(&s1, &s1c), 0);
	cd_init(f.cd, &s1c, 1, true, true);
	assert_int_equal(mh_getbits(f.cd, 5, 0), 16);
	put_words(&f.h, MH_CD, f.cd, 8);
	mh_ste_put(&f.h, 1, f.ste);
	assert_int_equal(xl(&f.h, 1, NOSS, va + 0x123, 0, &r), 0);
	assert_int_equal(r.pa, MH_DATA + 0x123);
	assert_int_equal(mh_evt_count(&f.h), 0);
	fx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s1_translation_fault_fields),
		cmocka_unit_test(test_tbi),
		cmocka_unit_test(test_s1_permission_access),
		cmocka_unit_test(test_s1_addr_size_and_eabt),
		cmocka_unit_test(test_cd_r_and_a),
		cmocka_unit_test(test_dma),
		cmocka_unit_test(test_s2_only),
		cmocka_unit_test(test_nested_ok),
		cmocka_unit_test(test_nested_s2_fault_on_walk),
		cmocka_unit_test(test_nested_s2_fault_on_output),
		cmocka_unit_test(test_nested_s2_perm_on_walk_ttrnw),
		cmocka_unit_test(test_s1_bypass_ias_not_oas),
		cmocka_unit_test(test_cd_t0sz16_with_oas40),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
