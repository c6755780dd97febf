/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the model's tests: STE, CD, command and event layouts with
 * absolute bit positions copied from shared/spec/SMMUV3-FACTS.md (§3.3-3.6,
 * §4.2-4.3, §5.2-5.4, §6.2), so a wrong field mask in arch.h or in the
 * model fails a test instead of agreeing with itself.
 */
#ifndef TESTS_UNIT_MODEL_HELPERS_H
#define TESTS_UNIT_MODEL_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fakes/model_harness.h"
#include "vsmmu/pgtable.h"

/* ---- registers (facts §1.1, §1.2) ---- */
#define R_IDR0 0x00u
#define R_IDR1 0x04u
#define R_IDR3 0x0Cu
#define R_IDR5 0x14u
#define R_IIDR 0x18u
#define R_AIDR 0x1Cu
#define R_CR0 0x20u
#define R_CR0ACK 0x24u
#define R_CR1 0x28u
#define R_CR2 0x2Cu
#define R_STATUSR 0x40u
#define R_GBPA 0x44u
#define R_IRQ_CTRL 0x50u
#define R_IRQ_CTRLACK 0x54u
#define R_GERROR 0x60u
#define R_GERRORN 0x64u
#define R_GERROR_IRQ_CFG0 0x68u
#define R_GERROR_IRQ_CFG1 0x70u
#define R_GERROR_IRQ_CFG2 0x74u
#define R_STRTAB_BASE 0x80u
#define R_STRTAB_BASE_CFG 0x88u
#define R_CMDQ_BASE 0x90u
#define R_CMDQ_PROD 0x98u
#define R_CMDQ_CONS 0x9Cu
#define R_EVENTQ_BASE 0xA0u
#define R_EVENTQ_IRQ_CFG0 0xB0u
#define R_EVENTQ_IRQ_CFG1 0xB8u
#define R_EVENTQ_IRQ_CFG2 0xBCu
#define R_PRIQ_BASE 0xC0u
#define R_PRIQ_IRQ_CFG0 0xD0u
#define R_EVENTQ_PROD 0x100A8u
#define R_EVENTQ_CONS 0x100ACu
#define R_PRIQ_PROD 0x100C8u
#define R_PRIQ_CONS 0x100CCu

#define CR0_SMMUEN 0x1u
#define CR0_PRIQEN 0x2u
#define CR0_EVENTQEN 0x4u
#define CR0_CMDQEN 0x8u
#define GERR_CMDQ 0x1u
#define GERR_EVTQ_ABT 0x4u
#define GERR_MSI_CMDQ_ABT 0x10u

/* ---- events (facts §6.1, §6.2) ---- */
#define EVT_C_BAD_STREAMID 0x02
#define EVT_F_STE_FETCH 0x03
#define EVT_C_BAD_STE 0x04
#define EVT_F_STREAM_DISABLED 0x06
#define EVT_C_BAD_SUBSTREAMID 0x08
#define EVT_F_CD_FETCH 0x09
#define EVT_C_BAD_CD 0x0A
#define EVT_F_WALK_EABT 0x0B
#define EVT_F_TRANSLATION 0x10
#define EVT_F_ADDR_SIZE 0x11
#define EVT_F_ACCESS 0x12
#define EVT_F_PERMISSION 0x13

struct tev {
	unsigned int id, ssv, ssid, sid;
	unsigned int pnu, ind, rnw, s2, cls;
	uint64_t input, ipa, fetch;
};

static inline struct tev tev_parse(const uint64_t e[4])
{
	struct tev t;

	t.id = (unsigned int)mh_getbits(e, 7, 0);
	t.ssv = (unsigned int)mh_getbits(e, 11, 11);
	t.ssid = (unsigned int)mh_getbits(e, 31, 12);
	t.sid = (unsigned int)mh_getbits(e, 63, 32);
	t.pnu = (unsigned int)mh_getbits(e, 64 + 33, 64 + 33);
	t.ind = (unsigned int)mh_getbits(e, 64 + 34, 64 + 34);
	t.rnw = (unsigned int)mh_getbits(e, 64 + 35, 64 + 35);
	t.s2 = (unsigned int)mh_getbits(e, 64 + 39, 64 + 39);
	t.cls = (unsigned int)mh_getbits(e, 64 + 41, 64 + 40);
	t.input = e[2];
	t.ipa = mh_getbits(e, 192 + 55, 192 + 12) << 12;
	t.fetch = mh_getbits(e, 192 + 55, 192 + 3) << 3;
	return t;
}

/* Pop exactly one event and parse it. */
static inline struct tev pop1(struct mh *h)
{
	uint64_t e[4];

	assert_true(mh_evt_pop(h, e));
	return tev_parse(e);
}

/* ---- STE (facts §3.3-3.6) ---- */
static inline void ste_init(uint64_t s[8], unsigned int config)
{
	memset(s, 0, 64);
	mh_bits(s, 0, 0, 1);		/* V */
	mh_bits(s, 3, 1, config);	/* Config */
}

/* Stage-1 fields: CD pointer, S1CDMax, S1Fmt, S1DSS. */
static inline void ste_s1(uint64_t s[8], uint64_t cdptr, unsigned int cdmax,
			  unsigned int fmt, unsigned int dss)
{
	mh_bits(s, 5, 4, fmt);
	mh_bits(s, 55, 6, cdptr >> 6);
	mh_bits(s, 63, 59, cdmax);
	mh_bits(s, 65, 64, dss);
}

/* Stage-2 fields from a pgtable tree (4 KiB, AArch64, S2R = rec). */
static inline void ste_s2(uint64_t s[8], unsigned int vmid,
			  const struct pgt_s2_cfg *c, bool rec)
{
	unsigned int tg = c->granule == PGT_GRAN_4K ? 0 :
			  c->granule == PGT_GRAN_64K ? 1 : 2;

	mh_bits(s, 143, 128, vmid);
	mh_bits(s, 165, 160, c->tsz);
	mh_bits(s, 167, 166, c->sl0);
	mh_bits(s, 175, 174, tg);
	mh_bits(s, 178, 176, 5);	/* S2PS = 48 bits */
	mh_bits(s, 179, 179, 1);	/* S2AA64 */
	mh_bits(s, 186, 186, rec);	/* S2R */
	mh_bits(s, 247, 196, c->vttb.v >> 4);
}

/* ---- CD (facts §4.2-4.3) ---- */
static inline void cd_init(uint64_t d[8], const struct pgt_s1_cfg *c,
			   unsigned int asid, bool r, bool a)
{
	unsigned int tg = c->tt[0].granule == PGT_GRAN_4K ? 0 :
			  c->tt[0].granule == PGT_GRAN_64K ? 1 : 2;

	memset(d, 0, 64);
	mh_bits(d, 5, 0, c->tt[0].tsz);		/* T0SZ */
	mh_bits(d, 7, 6, tg);			/* TG0 */
	mh_bits(d, 30, 30, 1);			/* EPD1 */
	mh_bits(d, 31, 31, 1);			/* V */
	mh_bits(d, 34, 32, 5);			/* IPS 48 */
	mh_bits(d, 41, 41, 1);			/* AA64 */
	mh_bits(d, 45, 45, r);			/* R */
	mh_bits(d, 46, 46, a);			/* A */
	mh_bits(d, 63, 48, asid);		/* ASID */
	mh_bits(d, 64 + 55, 64 + 4, c->tt[0].ttb >> 4);	/* TTB0 */
	d[3] = 0xff;				/* MAIR Attr0 = WB */
}

static inline void put_words(struct mh *h, uint64_t pa, const uint64_t *w,
			     unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		mmem_put64(&h->mem, pa + 8 * i, w[i]);
}

/* ---- commands (facts §5.2-5.4) ---- */
static inline uint64_t cmd0(unsigned int op)
{
	return op;
}

static inline uint64_t cmd_sid(unsigned int op, uint32_t sid)
{
	return op | (uint64_t)sid << 32;
}

static inline uint64_t cmd_vmid_asid(unsigned int op, unsigned int vmid,
				     unsigned int asid)
{
	return op | (uint64_t)vmid << 32 | (uint64_t)asid << 48;
}

/* ---- translation tables through pgtable's builder ---- */

/* A stage-1 (TTB0, 4 KiB, 39-bit VA) or stage-2 (39-bit IPA) tree. */
static inline void tree_init(struct mh *h, struct pgt_table *t, bool s2,
			     struct pgt_mem *mem, struct pgt_alloc_ops *al)
{
	struct pgt_table_cfg tc = { 0 };

	tc.fmt = s2 ? PGT_FMT_S2 : PGT_FMT_S1;
	tc.granule = PGT_GRAN_4K;
	tc.tsz = 25;
	tc.oas = 48;
	tc.sl0 = PGT_SL0_AUTO;
	*mem = mmem_pgt_mem(&h->mem);
	*al = mmem_pgt_alloc(&h->mem);
	assert_int_equal(pgt_table_init(t, &tc, mem, al), 0);
}

static inline void tree_map(struct pgt_table *t, uint64_t va, uint64_t pa,
			    uint64_t size, unsigned int flags)
{
	struct pgt_prot p = { 0 };

	p.flags = flags;
	p.attr = t->cfg.fmt == PGT_FMT_S2 ? 0xF : 0;
	p.sh = 3;
	assert_int_equal(pgt_map(t, va, pa, size, &p), 0);
}

#define RW (PGT_PROT_R | PGT_PROT_W)
#define RWU (PGT_PROT_R | PGT_PROT_W | PGT_PROT_UNPRIV)

#endif /* TESTS_UNIT_MODEL_HELPERS_H */

/* ---- a common fixture: the harness plus one stage-1 tree ---- */
#define VA0 0x10000ull

struct fx {
	struct mh h;
	struct pgt_table s1;
	struct pgt_s1_cfg s1c;
	uint64_t ste[8], cd[8];
};

/* Stage-1 tree mapping VA0..+16 KiB to MH_DATA, a CD for it (ASID 1,
 * R = A = 1) and an STE (Config = S1, one CD at MH_CD). */
static inline void fx_init(struct fx *f, const struct smmu_model_config *c,
			   bool two_level)
{
	struct pgt_mem mem;
	struct pgt_alloc_ops al;

	memset(f, 0, sizeof(*f));
	mh_init(&f->h, c, false);
	mh_setup(&f->h, two_level, 0, 0);
	tree_init(&f->h, &f->s1, false, &mem, &al);
	tree_map(&f->s1, VA0, MH_DATA, 0x4000, RWU);
	assert_int_equal(pgt_table_s1_cfg(&f->s1, &f->s1c), 0);
	cd_init(f->cd, &f->s1c, 1, true, true);
	ste_init(f->ste, 5);
	ste_s1(f->ste, MH_CD, 0, 0, 0);
}

static inline void fx_fini(struct fx *f)
{
	mh_fini(&f->h);
}

static inline int xl(struct mh *h, uint32_t sid, uint32_t ssid,
		     uint64_t addr, unsigned int acc,
		     struct smmu_model_result *r)
{
	return smmu_model_translate(h->m, sid, ssid, addr, acc, r);
}
