// SPDX-License-Identifier: MIT
/*
 * STE construction and the write order of psmmu_ste_commit_: at every
 * CFGI_STE + CMD_SYNC the live STE must mean the old or the new
 * configuration over the bits that configuration uses, or be V=0 when no
 * hitless order exists; re-issued configs replace, and leaving nested
 * really drops stage 1. Runs on the scripted fake SMMU.
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

#define SID 0x42u

struct rec {
	uint64_t snap[16][SMMU_STE_DWORDS];
	unsigned int n;
};

struct fx {
	struct pf_host h;
	struct pf_smmu s;
	struct psmmu_cfg cfg;
	struct psmmu *p;
	struct psmmu_domain *a, *b;
	struct rec rec;
};

static void hook(void *arg, uint32_t sid, const uint64_t live[8])
{
	struct rec *r = arg;

	assert_int_equal(sid, SID);
	assert_true(r->n < 16);
	memcpy(r->snap[r->n++], live, SMMU_STE_BYTES);
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct psmmu_s2_cfg s2 = { .granule_log2 = 12, .tsz = 24, .sl0 = 1,
				   .ps_bits = 48, .ir = 1, .orgn = 1, .sh = 3 };
	uint32_t sid = SID;

	pf_host_init(&f->h, 0x80000000ull, 32ull << 20);
	pf_smmu_init(&f->s, &f->h.mem);
	pf_host_use_fake(&f->h, &f->s);
	f->cfg.poll_max = 50;
	assert_int_equal(psmmu_probe(&f->h.ops, &f->h, &f->cfg, &f->p, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), 0);
	assert_int_equal(psmmu_dev_add(f->p, 1, &sid, 1), 0);
	s2.vttb = smmu_pa(0x81000000ull);
	assert_int_equal(psmmu_domain_create(f->p, &s2, &f->a), 0);
	s2.vttb = smmu_pa(0x82000000ull);
	assert_int_equal(psmmu_domain_create(f->p, &s2, &f->b), 0);
	psmmu_test_set_ste_hook_(f->p, hook, &f->rec);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	psmmu_destroy(f->p);
	assert_int_equal(f->h.host_bytes, 0);
	pf_host_fini(&f->h);
	free(f);
	return 0;
}

static void live_ste(struct fx *f, uint64_t out[8])
{
	const uint64_t *w = psmmu_strtab_ste_(f->p, SID, NULL, NULL);
	unsigned int i;

	assert_non_null(w);
	for (i = 0; i < 8; i++)
		out[i] = vsmmu_le64_to_cpu(w[i]);
}

/* x means ref: equal on every bit ref's configuration uses. */
static bool means(const uint64_t x[8], const uint64_t ref[8])
{
	uint64_t used[8];
	unsigned int i;

	psmmu_ste_used_(ref, used);
	for (i = 0; i < 8; i++)
		if ((x[i] ^ ref[i]) & used[i])
			return false;
	return true;
}

enum kind { HITLESS, BREAK };

/*
 * Run one update and check every intermediate state; returns the syncs
 * it took.
 */
static unsigned int check_update(struct fx *f, int (*fn)(struct fx *),
				 enum kind kind, unsigned int want_syncs)
{
	uint64_t old[8], new_[8];
	unsigned int i, breaks = 0, ops0 = f->s.nops, cfgi = 0;

	live_ste(f, old);
	f->rec.n = 0;
	assert_int_equal(fn(f), 0);
	live_ste(f, new_);
	assert_true(f->rec.n >= 1);
	for (i = 0; i < f->rec.n; i++) {
		const uint64_t *s = f->rec.snap[i];

		if (means(s, old) || means(s, new_))
			continue;
		/* the only other state allowed: broken (V=0) */
		assert_int_equal(kind, BREAK);
		assert_int_equal(s[0] & SMMU_STE0_V, 0);
		breaks++;
	}
	/* V=0 with the old dwords, then V=0 with the new ones */
	if (kind == BREAK)
		assert_int_equal(breaks, 2);
	/* the last state is exactly the target */
	assert_memory_equal(f->rec.snap[f->rec.n - 1], new_, 64);
	/* one CFGI_STE (leaf) per sync, for this SID */
	for (i = ops0; i < f->s.nops; i++) {
		if (f->s.ops[i] != SMMU_CMD_CFGI_STE)
			continue;
		assert_int_equal(smmu_field_get(SMMU_CMD0_SID, f->s.cmd0[i]),
				 SID);
		cfgi++;
	}
	assert_int_equal(cfgi, f->rec.n);
	if (want_syncs)
		assert_int_equal(f->rec.n, want_syncs);
	return f->rec.n;
}

static struct psmmu_s1_cfg s1_x = { .s1ctxptr = 0x40000000ull, .s1cir = 1,
				    .s1cor = 1, .s1csh = 3 };
static struct psmmu_s1_cfg s1_x2 = { .s1ctxptr = 0x40010000ull, .s1cir = 1,
				     .s1cor = 1, .s1csh = 3 };
static struct psmmu_s1_cfg s1_y = { .s1ctxptr = 0x40020000ull, .s1cdmax = 4,
				    .s1fmt = 0, .s1dss = 2, .s1cir = 2 };

static int do_s2_a(struct fx *f) { return psmmu_attach_s2(f->p, SID, f->a); }
static int do_s2_b(struct fx *f) { return psmmu_attach_s2(f->p, SID, f->b); }
static int do_abort(struct fx *f) { return psmmu_attach_abort(f->p, SID); }
static int do_detach(struct fx *f) { return psmmu_detach(f->p, SID); }
static int do_nest_a_x(struct fx *f)
{
	return psmmu_attach_nested(f->p, SID, f->a, &s1_x);
}
static int do_nest_a_x2(struct fx *f)
{
	return psmmu_attach_nested(f->p, SID, f->a, &s1_x2);
}
static int do_nest_a_y(struct fx *f)
{
	return psmmu_attach_nested(f->p, SID, f->a, &s1_y);
}
static int do_nest_b_y(struct fx *f)
{
	return psmmu_attach_nested(f->p, SID, f->b, &s1_y);
}

static void test_used_bits(void **state)
{
	uint64_t t[8], u[8];
	struct fx *f = *state;

	(void)state;
	psmmu_ste_make_abort_(t);
	assert_int_equal(t[0], 1);
	psmmu_ste_used_(t, u);
	assert_int_equal(u[0], SMMU_STE0_V | SMMU_STE0_CFG);
	assert_int_equal(u[1] | u[2] | u[3], 0);

	t[0] = 0;	/* V=0: only V matters */
	psmmu_ste_used_(t, u);
	assert_int_equal(u[0], SMMU_STE0_V);

	psmmu_ste_make_s2_(f->p, f->a, t);
	psmmu_ste_used_(t, u);
	assert_false(u[0] & SMMU_STE0_S1CTXPTR);
	assert_false(u[1] & SMMU_STE1_S1CIR);
	assert_true(u[1] & SMMU_STE1_MEV);
	assert_int_equal(u[2], ~0ull);
	assert_int_equal(u[3], ~0ull);

	psmmu_ste_make_nested_(f->p, f->a, &s1_y, t);
	psmmu_ste_used_(t, u);
	assert_true(u[0] & SMMU_STE0_S1CTXPTR);
	assert_true(u[1] & SMMU_STE1_S1DSS);
}

static void test_nested_ste_fields(void **state)
{
	struct fx *f = *state;
	struct smmu_ste d;
	uint64_t t[8];

	psmmu_ste_make_nested_(f->p, f->b, &s1_y, t);
	smmu_ste_decode(t, &d);
	assert_true(d.v);
	assert_int_equal(d.config, SMMU_STE_CFG_NESTED);
	assert_int_equal(d.s1ctxptr, s1_y.s1ctxptr);
	assert_int_equal(d.s1cdmax, 4);
	assert_int_equal(d.s1dss, 2);
	assert_int_equal(d.s1cir, 2);
	assert_true(d.mev);
	assert_int_equal(d.s2vmid, psmmu_domain_vmid(f->b));
	assert_int_equal(d.s2t0sz, 24);
	assert_int_equal(d.s2sl0, 1);
	assert_int_equal(d.s2tg, SMMU_STE_S2TG_4K);
	assert_int_equal(d.s2ps, SMMU_OAS_48);
	assert_true(d.s2aa64);
	assert_true(d.s2r);
	assert_false(d.s2s);		/* no stall forcing */
	assert_int_equal(d.s2ir0, 1);
	assert_int_equal(d.s2sh0, 3);
	assert_int_equal(d.s2ttb, 0x82000000ull);
	assert_int_equal(d.eats, 0);
	assert_false(d.s1stalld);
	assert_int_equal(d.strw, 0);
	assert_int_not_equal(psmmu_domain_vmid(f->a), psmmu_domain_vmid(f->b));
	assert_int_not_equal(psmmu_domain_vmid(f->a), 0);
}

static void test_transitions(void **state)
{
	struct fx *f = *state;
	uint64_t w[8];

	check_update(f, do_s2_a, HITLESS, 2);
	check_update(f, do_nest_a_x, HITLESS, 2);
	/* only S1ContextPtr changes: one dword, one sync */
	check_update(f, do_nest_a_x2, HITLESS, 1);
	/* dword 0 and the S1 fields of dword 1 both change: V=0 between */
	check_update(f, do_nest_a_y, BREAK, 3);
	/* nested -> stage 2: stage 1 really goes */
	check_update(f, do_s2_a, HITLESS, 2);
	live_ste(f, w);
	assert_int_equal(w[0] & (SMMU_STE0_S1CTXPTR | SMMU_STE0_S1CDMAX |
				 SMMU_STE0_S1FMT), 0);
	assert_int_equal(w[1] & (SMMU_STE1_S1DSS | SMMU_STE1_S1CIR |
				 SMMU_STE1_S1COR | SMMU_STE1_S1CSH), 0);
	/* a different stage 2: dwords 2 and 3 both change */
	check_update(f, do_s2_b, BREAK, 3);
	check_update(f, do_nest_b_y, HITLESS, 2);
	/* nested -> abort: one switch, then the rest cleaned */
	check_update(f, do_abort, HITLESS, 2);
	live_ste(f, w);
	assert_int_equal(w[0], 1);
	assert_int_equal(w[1] | w[2] | w[3], 0);
	/* abort -> nested directly */
	check_update(f, do_nest_a_y, HITLESS, 2);
	check_update(f, do_detach, HITLESS, 2);
}

static void test_reissue_same_config(void **state)
{
	struct fx *f = *state;

	check_update(f, do_nest_a_x, HITLESS, 2);
	/* nothing to write, but the SMMU must still re-read the STE */
	check_update(f, do_nest_a_x, HITLESS, 1);
	check_update(f, do_abort, HITLESS, 2);
	check_update(f, do_abort, HITLESS, 1);
}

static void test_domain_users(void **state)
{
	struct fx *f = *state;

	assert_int_equal(psmmu_attach_s2(f->p, SID, f->a), 0);
	assert_int_equal(psmmu_domain_destroy(f->p, f->a), -VSMMU_ERR_BUSY);
	/* re-attaching to another domain moves the reference */
	assert_int_equal(psmmu_attach_nested(f->p, SID, f->b, &s1_x), 0);
	assert_int_equal(psmmu_domain_destroy(f->p, f->b), -VSMMU_ERR_BUSY);
	assert_int_equal(psmmu_domain_destroy(f->p, f->a), 0);
	assert_int_equal(psmmu_detach(f->p, SID), 0);
	/* the VMID flush went out before the VMID was freed */
	assert_int_equal(psmmu_domain_destroy(f->p, f->b), 0);
	assert_int_equal(f->s.ops[f->s.nops - 2], SMMU_CMD_TLBI_S12_VMALL);
}

static void test_nested_checks(void **state)
{
	struct fx *f = *state;
	struct psmmu_s1_cfg c;

	c = s1_x;
	c.s1cdmax = 21;		/* above SSIDSIZE 20 */
	assert_int_equal(psmmu_attach_nested(f->p, SID, f->a, &c),
			 -VSMMU_ERR_INVAL);
	c = s1_x;
	c.s1fmt = 3;
	assert_int_equal(psmmu_attach_nested(f->p, SID, f->a, &c),
			 -VSMMU_ERR_INVAL);
	c = s1_x;
	c.s1dss = 3;
	assert_int_equal(psmmu_attach_nested(f->p, SID, f->a, &c),
			 -VSMMU_ERR_INVAL);
	c = s1_x;
	c.s1ctxptr |= 0x20;
	assert_int_equal(psmmu_attach_nested(f->p, SID, f->a, &c),
			 -VSMMU_ERR_INVAL);
	c = s1_x;
	c.s1stalld = true;	/* STALL_MODEL = 01 */
	assert_int_equal(psmmu_attach_nested(f->p, SID, f->a, &c),
			 -VSMMU_ERR_NOTSUPP);
	c = s1_x;
	c.eats = 1;		/* no ATS */
	assert_int_equal(psmmu_attach_nested(f->p, SID, f->a, &c),
			 -VSMMU_ERR_NOTSUPP);
	c = s1_x;
	c.s1ctxptr = 1ull << 40;	/* IPA space is 40 bits */
	assert_int_equal(psmmu_attach_nested(f->p, SID, f->a, &c),
			 -VSMMU_ERR_RANGE);
	assert_int_equal(psmmu_attach_nested(f->p, SID + 1, f->a, &s1_x),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(psmmu_attach_s2(f->p, SID + 1, f->a), -VSMMU_ERR_NOENT);
	/* nothing was written by the refused calls */
	assert_int_equal(f->rec.n, 0);
}

static void test_domain_checks(void **state)
{
	struct fx *f = *state;
	struct psmmu_s2_cfg ok = { .vttb = { 0x83000000ull }, .granule_log2 = 12,
				   .tsz = 24, .sl0 = 1, .ps_bits = 48 };
	struct psmmu_s2_cfg c;
	struct psmmu_domain *d;

	c = ok;
	assert_int_equal(psmmu_domain_create(f->p, &c, &d), 0);
	assert_int_equal(psmmu_domain_destroy(f->p, d), 0);
	c = ok;
	c.granule_log2 = 13;
	assert_int_equal(psmmu_domain_create(f->p, &c, &d), -VSMMU_ERR_INVAL);
	c = ok;
	c.tsz = 15;
	assert_int_equal(psmmu_domain_create(f->p, &c, &d), -VSMMU_ERR_INVAL);
	c = ok;
	c.tsz = 40;
	assert_int_equal(psmmu_domain_create(f->p, &c, &d), -VSMMU_ERR_INVAL);
	c = ok;
	c.sl0 = 3;
	assert_int_equal(psmmu_domain_create(f->p, &c, &d), -VSMMU_ERR_INVAL);
	/* 4K, 48-bit IPA from level 1 needs 512 tables: refused */
	c = ok;
	c.tsz = 16;
	c.sl0 = 1;
	assert_int_equal(psmmu_domain_create(f->p, &c, &d), -VSMMU_ERR_INVAL);
	/* 40-bit IPA from level 1: 2 concatenated tables, 8 KiB aligned */
	c = ok;
	c.vttb = smmu_pa(0x83001000ull);
	assert_int_equal(psmmu_domain_create(f->p, &c, &d), -VSMMU_ERR_INVAL);
	c = ok;
	c.ps_bits = 52;
	assert_int_equal(psmmu_domain_create(f->p, &c, &d), -VSMMU_ERR_INVAL);
	c = ok;
	c.ps_bits = 40;
	c.vttb = smmu_pa(1ull << 40);
	assert_int_equal(psmmu_domain_create(f->p, &c, &d), -VSMMU_ERR_INVAL);
}

static void test_vmid_exhaustion(void **state)
{
	struct fx *f = *state;
	struct psmmu_s2_cfg c = { .vttb = { 0x83000000ull }, .granule_log2 = 12,
				  .tsz = 24, .sl0 = 1, .ps_bits = 48 };
	struct psmmu_domain *d[256];
	unsigned int i, n = 0;
	int err = 0;

	/* 8-bit VMIDs: 255 usable (VMID 0 is never handed out), 2 taken */
	psmmu_destroy(f->p);
	f->s.regs[0] &= ~(uint32_t)SMMU_IDR0_VMID16;
	assert_int_equal(psmmu_probe(&f->h.ops, &f->h, &f->cfg, &f->p, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), 0);
	for (i = 0; i < 256 && !err; i++) {
		err = psmmu_domain_create(f->p, &c, &d[i]);
		if (!err) {
			assert_int_not_equal(psmmu_domain_vmid(d[i]), 0);
			assert_true(psmmu_domain_vmid(d[i]) < 256);
			n++;
		}
	}
	assert_int_equal(err, -VSMMU_ERR_FULL);
	assert_int_equal(n, 255);
	assert_int_equal(psmmu_domain_destroy(f->p, d[7]), 0);
	assert_int_equal(psmmu_domain_create(f->p, &c, &d[7]), 0);
	/* psmmu_destroy frees the domains still alive (checked in teardown) */
	f->a = f->b = NULL;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_used_bits),
		T(test_nested_ste_fields),
		T(test_transitions),
		T(test_reissue_same_config),
		T(test_domain_users),
		T(test_nested_checks),
		T(test_domain_checks),
		T(test_vmid_exhaustion),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
