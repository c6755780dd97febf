// SPDX-License-Identifier: MIT
/*
 * psmmu probe and reset against the scripted fake SMMU: refusals, errata
 * gating, the feature set, the order of the reset sequence, bounded ACK
 * and sync polls.
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

	pf_host_init(&f->h, 0x80000000ull, 32ull << 20);
	pf_smmu_init(&f->s, &f->h.mem);
	pf_host_use_fake(&f->h, &f->s);
	f->cfg.poll_max = 50;
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	if (f->p)
		psmmu_destroy(f->p);
	assert_int_equal(f->h.host_bytes, 0);
	assert_int_equal(f->h.dma_live, 0);
	pf_host_fini(&f->h);
	free(f);
	return 0;
}

static int fx_probe(struct fx *f, enum psmmu_refusal *why)
{
	return psmmu_probe(&f->h.ops, &f->h, &f->cfg, &f->p, why);
}

static void set_field(struct fx *f, uint32_t off, uint64_t mask, uint64_t v)
{
	f->s.regs[off / 4] = (uint32_t)smmu_field_set(mask, f->s.regs[off / 4], v);
}

static void test_probe_default(void **state)
{
	struct fx *f = *state;
	const struct psmmu_features *ft;
	enum psmmu_refusal why = PSMMU_REFUSE_IO;

	assert_int_equal(fx_probe(f, &why), 0);
	assert_int_equal(why, PSMMU_REFUSE_NONE);
	ft = psmmu_get_features(f->p);
	assert_true(psmmu_can_nest(f->p));
	assert_true(ft->mask & PSMMU_FEAT_S1);
	assert_true(ft->mask & PSMMU_FEAT_S2);
	assert_true(ft->mask & PSMMU_FEAT_2LVL_STRTAB);
	assert_true(ft->mask & PSMMU_FEAT_RIL);
	assert_true(ft->mask & PSMMU_FEAT_MSI);
	assert_false(ft->mask & PSMMU_FEAT_STALLS);
	assert_int_equal(ft->sid_bits, 16);
	assert_int_equal(ft->ssid_bits, 20);
	assert_int_equal(ft->oas_bits, 48);
	assert_int_equal(ft->vmid_bits, 16);
	assert_int_equal(ft->asid_bits, 16);
	/* raw values are kept as read, for the vIOMMU's intersection */
	assert_int_equal(ft->idr[0], f->s.regs[0]);
	assert_int_equal(ft->idr[1], f->s.regs[1]);
	assert_int_equal(ft->idr[5], f->s.regs[5]);
	assert_int_equal(ft->iidr, f->s.regs[SMMU_IIDR / 4]);
	assert_int_equal(ft->aidr, 2);
	/* probe writes nothing */
	assert_int_equal(f->s.nw, 0);
}

struct refusal_case {
	const char *name;
	uint32_t off;
	uint64_t mask, val;
	enum psmmu_refusal why;
};

static void test_probe_refusals(void **state)
{
	static const struct refusal_case cases[] = {
		{ "AArch32 tables only", SMMU_IDR0, SMMU_IDR0_TTF,
		  SMMU_IDR0_TTF_AA32, PSMMU_REFUSE_NO_AA64 },
		{ "TTF reserved", SMMU_IDR0, SMMU_IDR0_TTF, 0,
		  PSMMU_REFUSE_NO_AA64 },
		{ "big-endian only", SMMU_IDR0, SMMU_IDR0_TTENDIAN,
		  SMMU_IDR0_TTENDIAN_BE, PSMMU_REFUSE_BIG_ENDIAN },
		{ "no stage 2", SMMU_IDR0, SMMU_IDR0_S2P, 0,
		  PSMMU_REFUSE_NO_S2 },
		{ "tiny command queue", SMMU_IDR1, SMMU_IDR1_CMDQS, 3,
		  PSMMU_REFUSE_QUEUES_SMALL },
		{ "one-entry event queue", SMMU_IDR1, SMMU_IDR1_EVENTQS, 0,
		  PSMMU_REFUSE_QUEUES_SMALL },
		{ "tables preset", SMMU_IDR1, SMMU_IDR1_TABLES_PRESET, 1,
		  PSMMU_REFUSE_PRESET },
		{ "queues preset", SMMU_IDR1, SMMU_IDR1_QUEUES_PRESET, 1,
		  PSMMU_REFUSE_PRESET },
		{ "no granule", SMMU_IDR5,
		  SMMU_IDR5_GRAN4K | SMMU_IDR5_GRAN16K | SMMU_IDR5_GRAN64K, 0,
		  PSMMU_REFUSE_BAD_ID },
		{ "ST_LEVEL reserved", SMMU_IDR0, SMMU_IDR0_ST_LEVEL, 2,
		  PSMMU_REFUSE_BAD_ID },
		{ "SIDSIZE 33", SMMU_IDR1, SMMU_IDR1_SIDSIZE, 33,
		  PSMMU_REFUSE_BAD_ID },
	};
	struct fx *f = *state;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct refusal_case *c = &cases[i];
		uint32_t saved = f->s.regs[c->off / 4];
		enum psmmu_refusal why = PSMMU_REFUSE_NONE;

		print_message("refusal: %s\n", c->name);
		f->h.nlog = 0;
		set_field(f, c->off, c->mask, c->val);
		assert_int_equal(fx_probe(f, &why), -VSMMU_ERR_NOTSUPP);
		assert_null(f->p);
		assert_int_equal(why, c->why);
		/* one clear log line naming the reason */
		assert_true(pf_host_logged(&f->h, psmmu_refusal_name(c->why)));
		assert_int_equal(f->h.host_bytes, 0);
		f->s.regs[c->off / 4] = saved;
	}
	/* and the unmodified part is accepted again */
	assert_int_equal(fx_probe(f, NULL), 0);
}

static void test_probe_io_and_args(void **state)
{
	struct fx *f = *state;
	enum psmmu_refusal why;
	struct psmmu_host_ops bad;

	f->s.fail_read_off = SMMU_IDR1;
	assert_int_equal(fx_probe(f, &why), -VSMMU_ERR_IO);
	assert_int_equal(why, PSMMU_REFUSE_IO);
	f->s.fail_read_off = -1;

	bad = f->h.ops;
	bad.dma_alloc = NULL;
	assert_int_equal(psmmu_probe(&bad, &f->h, NULL, &f->p, NULL),
			 -VSMMU_ERR_INVAL);
	f->cfg.strtab_split = 7;
	assert_int_equal(fx_probe(f, NULL), -VSMMU_ERR_INVAL);
	assert_int_equal(f->h.host_bytes, 0);
}

struct errata_case {
	uint32_t iidr;
	bool allow;
	bool nest;
	bool opt;
};

static void test_probe_errata(void **state)
{
	static const struct errata_case cases[] = {
		/* MMU-600 r0p0, r1p2: errata */
		{ 0x4830043Bu, false, false, true },
		{ 0x4831243Bu, false, false, true },
		/* MMU-600 r2p0 and later: fine */
		{ 0x4832043Bu, false, true, false },
		{ 0x4833143Bu, false, true, false },
		/* MMU-700, any revision */
		{ 0x4870043Bu, false, false, true },
		{ 0x4874343Bu, false, false, true },
		/* the host may override */
		{ 0x4870043Bu, true, true, true },
		{ 0x4830043Bu, true, true, true },
		/* the same product IDs from another implementer */
		{ 0x48700123u, false, true, false },
	};
	struct fx *f = *state;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct errata_case *c = &cases[i];

		f->s.regs[SMMU_IIDR / 4] = c->iidr;
		f->cfg.allow_nesting_errata = c->allow;
		assert_int_equal(fx_probe(f, NULL), 0);
		assert_int_equal(psmmu_can_nest(f->p), c->nest);
		assert_int_equal(!!(psmmu_get_features(f->p)->options &
				    PSMMU_OPT_NESTING_ERRATA), c->opt);
		psmmu_destroy(f->p);
		f->p = NULL;
	}
	/* no stage 1: no nesting, but a usable stage-2 SMMU */
	f->s.regs[SMMU_IIDR / 4] = 0x4890043Bu;
	f->s.regs[0] &= ~(uint32_t)SMMU_IDR0_S1P;
	assert_int_equal(fx_probe(f, NULL), 0);
	assert_false(psmmu_can_nest(f->p));
}

static void test_errata_refuses_nested_attach(void **state)
{
	struct fx *f = *state;
	struct psmmu_s2_cfg s2 = { .vttb = { 0x80100000ull },
				   .granule_log2 = 12, .tsz = 24, .sl0 = 1,
				   .ps_bits = 48 };
	struct psmmu_s1_cfg s1 = { .s1ctxptr = 0x1000 };
	struct psmmu_domain *d;
	uint32_t sid = 5;

	f->s.regs[SMMU_IIDR / 4] = 0x4870043Bu;	/* MMU-700 */
	assert_int_equal(fx_probe(f, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), 0);
	assert_int_equal(psmmu_dev_add(f->p, 1, &sid, 1), 0);
	assert_int_equal(psmmu_domain_create(f->p, &s2, &d), 0);
	assert_int_equal(psmmu_attach_nested(f->p, sid, d, &s1),
			 -VSMMU_ERR_NOTSUPP);
	/* stage 2 alone still works */
	assert_int_equal(psmmu_attach_s2(f->p, sid, d), 0);
	assert_int_equal(psmmu_detach(f->p, sid), 0);
	assert_int_equal(psmmu_domain_destroy(f->p, d), 0);
}

/* The commands consumed, as opcodes. */
static bool ops_are(const struct pf_smmu *s, unsigned int from,
		    const uint8_t *want, unsigned int n)
{
	unsigned int i;

	if (s->nops < from + n)
		return false;
	for (i = 0; i < n; i++)
		if (s->ops[from + i] != want[i])
			return false;
	return true;
}

static void test_reset_order(void **state)
{
	static const uint8_t init_cmds[] = { SMMU_CMD_CFGI_STE_RANGE,
					     SMMU_CMD_TLBI_EL2_ALL,
					     SMMU_CMD_TLBI_NSNH_ALL,
					     SMMU_CMD_SYNC };
	struct fx *f = *state;
	struct pf_smmu *s = &f->s;
	int cr0_off, cr1, cr2, stb, stc, cqb, cq_en, eqb, eq_en, irq, en, gbpa;
	unsigned int i;

	/* found enabled: GBPA.ABORT must go first */
	s->regs[SMMU_CR0 / 4] = 1;
	s->regs[SMMU_CR0ACK / 4] = 1;
	assert_int_equal(fx_probe(f, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), 0);

	gbpa = pf_smmu_find_write(s, SMMU_GBPA, 0);
	cr0_off = pf_smmu_find_write(s, SMMU_CR0, 0);
	assert_true(gbpa >= 0 && cr0_off > gbpa);
	assert_true(s->wval[gbpa] & SMMU_GBPA_ABORT);
	assert_true(s->wval[gbpa] & SMMU_GBPA_UPDATE);
	assert_int_equal(s->wval[cr0_off], 0);
	cr1 = pf_smmu_find_write(s, SMMU_CR1, 0);
	cr2 = pf_smmu_find_write(s, SMMU_CR2, 0);
	stb = pf_smmu_find_write(s, SMMU_STRTAB_BASE, 0);
	stc = pf_smmu_find_write(s, SMMU_STRTAB_BASE_CFG, 0);
	cqb = pf_smmu_find_write(s, SMMU_CMDQ_BASE, 0);
	cq_en = pf_smmu_find_write(s, SMMU_CR0, (unsigned int)cr0_off + 1);
	eqb = pf_smmu_find_write(s, SMMU_EVENTQ_BASE, 0);
	eq_en = pf_smmu_find_write(s, SMMU_CR0, (unsigned int)cq_en + 1);
	irq = pf_smmu_find_write(s, SMMU_IRQ_CTRL, (unsigned int)eq_en);
	en = pf_smmu_find_write(s, SMMU_CR0, (unsigned int)eq_en + 1);
	assert_true(cr0_off < cr1 && cr1 < stb && cr2 < stb);
	assert_true(stb < stc && stc < cqb && cqb < cq_en);
	assert_int_equal(s->wval[cq_en], SMMU_CR0_CMDQEN);
	assert_true(cq_en < eqb && eqb < eq_en);
	assert_int_equal(s->wval[eq_en], SMMU_CR0_CMDQEN | SMMU_CR0_EVENTQEN);
	assert_int_equal(irq, -1);	/* irq_mode NONE: IRQs left off */
	assert_true(en > eq_en);
	assert_int_equal(s->wval[en], SMMU_CR0_CMDQEN | SMMU_CR0_EVENTQEN |
			 SMMU_CR0_SMMUEN);
	assert_int_equal(pf_smmu_find_write(s, SMMU_CR0, (unsigned int)en + 1),
			 -1);
	/* CR2: RECINVSID, no PTM without BTM */
	assert_int_equal(s->wval[cr2], SMMU_CR2_RECINVSID);
	/* CR1: coherent, so WB/ISH everywhere */
	assert_int_equal(s->wval[cr1], 0xD75);
	/* CFGI_ALL, TLBI_EL2_ALL (Hyp), TLBI_NSNH_ALL, then one sync */
	assert_true(ops_are(s, 0, init_cmds, 4));
	assert_int_equal(smmu_field_get(SMMU_CMD1_RANGE,
					pf_mem_get64(&f->h.mem,
						     f->p->cmdq.mem.pa.v + 8)),
			 SMMU_CFGI_RANGE_ALL);
	/* PROD and CONS zeroed after the base and before the enable */
	i = (unsigned int)pf_smmu_find_write(s, SMMU_CMDQ_PROD, 0);
	assert_true((int)i > cqb && (int)i < cq_en && s->wval[i] == 0);
	i = (unsigned int)pf_smmu_find_write(s, SMMU_EVENTQ_PROD, 0);
	assert_true((int)i > eqb && (int)i < eq_en && s->wval[i] == 0);
	/* 2-level stream table, SPLIT 8, 16 SID bits */
	assert_int_equal(s->wval[stc], (1u << 16) | (8u << 6) | 16u);
}

static void test_reset_no_gbpa_when_disabled(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_probe(f, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), 0);
	assert_int_equal(pf_smmu_find_write(&f->s, SMMU_GBPA, 0), -1);
	/* reset twice: the same tables, no new DMA memory */
	unsigned int allocs = f->h.mem.allocs;
	assert_int_equal(psmmu_reset(f->p), 0);
	assert_int_equal(f->h.mem.allocs, allocs);
}

static void test_reset_linear_table(void **state)
{
	struct fx *f = *state;
	uint64_t base;
	unsigned int i;
	int stc;

	set_field(f, SMMU_IDR1, SMMU_IDR1_SIDSIZE, 6);
	set_field(f, SMMU_IDR0, SMMU_IDR0_ST_LEVEL, 0);
	assert_int_equal(fx_probe(f, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), 0);
	stc = pf_smmu_find_write(&f->s, SMMU_STRTAB_BASE_CFG, 0);
	assert_int_equal(f->s.wval[stc], 6);
	base = f->s.regs[SMMU_STRTAB_BASE / 4] |
	       ((uint64_t)f->s.regs[SMMU_STRTAB_BASE / 4 + 1] << 32);
	base &= SMMU_STRTAB_BASE_ADDR;
	/* linear table aligned to its size, every STE V=1 Config=abort */
	assert_int_equal(base & ((64u << 6) - 1), 0);
	for (i = 0; i < 64; i++) {
		assert_int_equal(pf_mem_get64(&f->h.mem, base + i * 64u), 1);
		assert_int_equal(pf_mem_get64(&f->h.mem, base + i * 64u + 8), 0);
	}
}

static void test_reset_msi_irqs(void **state)
{
	struct fx *f = *state;
	int i;

	f->cfg.irq_mode = PSMMU_IRQ_MSI;
	f->cfg.evtq_msi.addr = 0x8f000040ull;
	f->cfg.evtq_msi.data = 0x55;
	f->cfg.gerror_msi.addr = 0x8f000080ull;
	f->cfg.gerror_msi.data = 0x66;
	assert_int_equal(fx_probe(f, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), 0);
	assert_int_equal(f->s.regs[SMMU_EVENTQ_IRQ_CFG0 / 4], 0x8f000040u);
	assert_int_equal(f->s.regs[SMMU_EVENTQ_IRQ_CFG1 / 4], 0x55);
	assert_int_equal(f->s.regs[SMMU_GERROR_IRQ_CFG0 / 4], 0x8f000080u);
	assert_int_equal(f->s.regs[SMMU_GERROR_IRQ_CFG1 / 4], 0x66);
	assert_int_equal(f->s.regs[SMMU_EVENTQ_IRQ_CFG2 / 4] & 0xf, 1);
	/* configured while disabled, enabled afterwards */
	i = pf_smmu_find_write(&f->s, SMMU_IRQ_CTRL, 0);
	assert_int_equal(f->s.wval[i], 0);
	i = pf_smmu_find_write(&f->s, SMMU_IRQ_CTRL, (unsigned int)i + 1);
	assert_true(i > pf_smmu_find_write(&f->s, SMMU_EVENTQ_IRQ_CFG1, 0));
	assert_int_equal(f->s.wval[i], SMMU_IRQ_CTRL_GERROR_IRQEN |
			 SMMU_IRQ_CTRL_EVENTQ_IRQEN);
	psmmu_destroy(f->p);
	f->p = NULL;

	/* MSIs asked of an SMMU without them */
	f->s.regs[0] &= ~(uint32_t)SMMU_IDR0_MSI;
	assert_int_equal(fx_probe(f, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), -VSMMU_ERR_NOTSUPP);
}

static void test_reset_wired_irqs(void **state)
{
	struct fx *f = *state;
	int i;

	f->cfg.irq_mode = PSMMU_IRQ_WIRED;
	f->s.regs[SMMU_EVENTQ_IRQ_CFG0 / 4] = 0x1234;
	assert_int_equal(fx_probe(f, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), 0);
	assert_int_equal(f->s.regs[SMMU_EVENTQ_IRQ_CFG0 / 4], 0);
	i = pf_smmu_find_write(&f->s, SMMU_IRQ_CTRL, 1);
	assert_true(i >= 0);
	assert_int_equal(f->s.regs[SMMU_IRQ_CTRLACK / 4],
			 SMMU_IRQ_CTRL_GERROR_IRQEN | SMMU_IRQ_CTRL_EVENTQ_IRQEN);
}

static void test_reset_ack_timeout(void **state)
{
	struct fx *f = *state;

	f->s.ack_stuck = true;
	f->s.regs[SMMU_CR0ACK / 4] = 1;		/* never follows CR0 = 0 */
	assert_int_equal(fx_probe(f, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), -VSMMU_ERR_TIMEOUT);
	/* exactly poll_max attempts, a delay between them */
	assert_int_equal(f->h.delays, 50);
	struct psmmu_stats st;
	psmmu_get_stats(f->p, &st);
	assert_int_equal(st.timeouts, 1);
	assert_true(pf_host_logged(&f->h, "timeout"));
}

static void test_reset_gbpa_timeout(void **state)
{
	struct fx *f = *state;

	f->s.gbpa_stuck = true;
	f->s.regs[SMMU_CR0 / 4] = 1;
	f->s.regs[SMMU_CR0ACK / 4] = 1;
	assert_int_equal(fx_probe(f, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), -VSMMU_ERR_TIMEOUT);
	assert_true(f->h.delays <= 50);
}

static void test_reset_sync_timeout(void **state)
{
	struct fx *f = *state;

	f->s.cmdq_hold = true;
	f->cfg.sync_mode = PSMMU_SYNC_POLL_CONS;
	assert_int_equal(fx_probe(f, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), -VSMMU_ERR_TIMEOUT);
	psmmu_destroy(f->p);
	f->p = NULL;
	/* the same with MSI completion */
	f->cfg.sync_mode = PSMMU_SYNC_MSI;
	f->h.delays = 0;
	assert_int_equal(fx_probe(f, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), -VSMMU_ERR_TIMEOUT);
	assert_int_equal(f->h.delays, 50);
}

static void test_reset_dma_failure(void **state)
{
	struct fx *f = *state;
	unsigned int at;

	/* each of the three DMA allocations of the first reset may fail */
	for (at = 1; at <= 3; at++) {
		f->h.dma_calls = 0;
		f->h.dma_fail_at = at;
		assert_int_equal(fx_probe(f, NULL), 0);
		assert_int_equal(psmmu_reset(f->p), -VSMMU_ERR_NOMEM);
		assert_int_equal(f->h.dma_live, at - 1);
		/* the next reset completes without leaking the first pieces */
		assert_int_equal(psmmu_reset(f->p), 0);
		assert_int_equal(f->h.dma_live, 3);
		psmmu_destroy(f->p);
		f->p = NULL;
		assert_int_equal(f->h.dma_live, 0);
	}
	/* an L2 table that cannot be allocated: dev_add fails cleanly */
	f->h.dma_fail_at = 0;
	assert_int_equal(fx_probe(f, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), 0);
	f->h.dma_calls = 0;
	f->h.dma_fail_at = 1;
	uint32_t sid = 0x4242;
	uint64_t dev;
	assert_int_equal(psmmu_dev_add(f->p, 1, &sid, 1), -VSMMU_ERR_NOMEM);
	assert_int_equal(psmmu_dev_find_by_sid(f->p, sid, &dev),
			 -VSMMU_ERR_NOENT);
	assert_int_equal(psmmu_dev_add(f->p, 1, &sid, 1), 0);
}

static void test_reset_64bit_accessors(void **state)
{
	struct fx *f = *state;

	pf_host_set_mmio(&f->h, pf_smmu_read, pf_smmu_write, &f->s, true);
	assert_int_equal(fx_probe(f, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), 0);
	assert_int_equal(f->s.regs[SMMU_CMDQ_BASE / 4 + 1] >> 30, 1); /* RA */
	assert_int_equal(f->s.regs[SMMU_CMDQ_BASE / 4] & 0x1f, 8);
	assert_int_equal(f->s.regs[SMMU_EVENTQ_BASE / 4] & 0x1f, 7);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_probe_default),
		T(test_probe_refusals),
		T(test_probe_io_and_args),
		T(test_probe_errata),
		T(test_errata_refuses_nested_attach),
		T(test_reset_order),
		T(test_reset_no_gbpa_when_disabled),
		T(test_reset_linear_table),
		T(test_reset_msi_irqs),
		T(test_reset_wired_irqs),
		T(test_reset_ack_timeout),
		T(test_reset_gbpa_timeout),
		T(test_reset_sync_timeout),
		T(test_reset_dma_failure),
		T(test_reset_64bit_accessors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
