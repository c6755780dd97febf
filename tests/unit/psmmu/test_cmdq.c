// SPDX-License-Identifier: MIT
/*
 * Command batches, invalidation encodings, GERROR handling and event
 * routing, on the scripted fake SMMU (which logs every command it
 * consumes, so the exact commands can be checked).
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

#define NSID 0x30u	/* attached nested */
#define SSID 0x31u	/* attached stage 2 */

struct fx {
	struct pf_host h;
	struct pf_smmu s;
	struct psmmu_cfg cfg;
	struct psmmu *p;
	struct psmmu_domain *d;
	unsigned int ops0;
};

static int fx_open(struct fx *f)
{
	struct psmmu_s2_cfg s2 = { .vttb = { 0x81000000ull }, .granule_log2 = 12,
				   .tsz = 24, .sl0 = 1, .ps_bits = 48 };
	struct psmmu_s1_cfg s1 = { .s1ctxptr = 0x40000000ull };
	uint32_t sids[] = { NSID, SSID };

	assert_int_equal(psmmu_probe(&f->h.ops, &f->h, &f->cfg, &f->p, NULL), 0);
	assert_int_equal(psmmu_reset(f->p), 0);
	assert_int_equal(psmmu_domain_create(f->p, &s2, &f->d), 0);
	assert_int_equal(psmmu_dev_add(f->p, 1, sids, 2), 0);
	assert_int_equal(psmmu_attach_nested(f->p, NSID, f->d, &s1), 0);
	assert_int_equal(psmmu_attach_s2(f->p, SSID, f->d), 0);
	f->ops0 = f->s.nops;
	return 0;
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	pf_host_init(&f->h, 0x80000000ull, 32ull << 20);
	pf_smmu_init(&f->s, &f->h.mem);
	pf_host_use_fake(&f->h, &f->s);
	f->cfg.poll_max = 50;
	fx_open(f);
	*state = f;
	return 0;
}

/* The same without IDR3.RIL. */
static int fx_setup_noril(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	pf_host_init(&f->h, 0x80000000ull, 32ull << 20);
	pf_smmu_init(&f->s, &f->h.mem);
	f->s.regs[SMMU_IDR3 / 4] = 0;
	pf_host_use_fake(&f->h, &f->s);
	f->cfg.poll_max = 50;
	fx_open(f);
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

/* Decode the i-th command consumed since ops0. */
static struct smmu_cmd cmd_at(struct fx *f, unsigned int i)
{
	uint64_t w[2] = { f->s.cmd0[f->ops0 + i], f->s.cmd1[f->ops0 + i] };
	struct smmu_cmd c;

	assert_true(f->ops0 + i < f->s.nops);
	assert_int_equal(smmu_cmd_decode(w, &c), 0);
	return c;
}

static unsigned int ncmds(struct fx *f)
{
	return f->s.nops - f->ops0;
}

/*
 * Check that the TLBI commands since ops0 (all of opcode op, then one
 * sync) cover exactly [first, first + pages) pages, in order.
 */
static void check_tiling(struct fx *f, uint8_t op, uint64_t first,
			 uint64_t pages)
{
	unsigned int i, n = ncmds(f);
	uint64_t at = first, covered = 0, span;
	struct smmu_cmd c;

	assert_true(n >= 2);
	for (i = 0; i + 1 < n; i++) {
		c = cmd_at(f, i);
		assert_int_equal(c.op, op);
		assert_int_equal(c.vmid, psmmu_domain_vmid(f->d));
		assert_int_equal(c.addr, at);
		if (c.tg == SMMU_CMD_TG_ANY) {
			span = 1;
		} else {
			assert_int_equal(c.tg, SMMU_CMD_TG_4K);
			span = ((uint64_t)c.num + 1) << c.scale;
		}
		at += span << 12;
		covered += span;
	}
	assert_int_equal(cmd_at(f, n - 1).op, SMMU_CMD_SYNC);
	assert_int_equal(covered, pages);
}

static void test_range_inv_ril(void **state)
{
	static const uint64_t sizes[] = { 1, 2, 7, 31, 32, 33, 100, 4099,
					  (1u << 20) + 5 };
	struct fx *f = *state;
	unsigned int i;
	struct smmu_cmd c;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		f->ops0 = f->s.nops;
		assert_int_equal(psmmu_inv_va(f->p, f->d, 9, 0x10000000ull,
					      sizes[i] << 12, 12, true), 0);
		check_tiling(f, SMMU_CMD_TLBI_NH_VA, 0x10000000ull, sizes[i]);
		c = cmd_at(f, 0);
		assert_int_equal(c.asid, 9);
		assert_true(c.leaf);
		/* never more than a handful of commands */
		assert_true(ncmds(f) <= 9);
	}
	/* 7 pages: one command, NUM 6, SCALE 0 */
	f->ops0 = f->s.nops;
	assert_int_equal(psmmu_inv_va(f->p, f->d, 9, 0x10000000ull, 7 << 12,
				      12, false), 0);
	assert_int_equal(ncmds(f), 2);
	c = cmd_at(f, 0);
	assert_int_equal(c.num, 6);
	assert_int_equal(c.scale, 0);
	assert_false(c.leaf);
	/* an unaligned range covers every page it touches */
	f->ops0 = f->s.nops;
	assert_int_equal(psmmu_inv_va(f->p, f->d, 9, 0x10000800ull, 0x1000,
				      12, true), 0);
	check_tiling(f, SMMU_CMD_TLBI_NH_VA, 0x10000000ull, 2);
	/* stage 2 with RIL: ranges, then NH_ALL for the combined entries */
	f->ops0 = f->s.nops;
	assert_int_equal(psmmu_inv_ipa(f->p, f->d, 0x40000000ull, 64 << 12, 12,
				       true), 0);
	assert_int_equal(ncmds(f), 3);
	c = cmd_at(f, 0);
	assert_int_equal(c.op, SMMU_CMD_TLBI_S2_IPA);
	assert_int_equal(((uint64_t)c.num + 1) << c.scale, 64);
	assert_int_equal(cmd_at(f, 1).op, SMMU_CMD_TLBI_NH_ALL);
	/* size 0: nothing but the sync */
	f->ops0 = f->s.nops;
	assert_int_equal(psmmu_inv_va(f->p, f->d, 9, 0x10000000ull, 0, 12,
				      true), 0);
	assert_int_equal(ncmds(f), 1);
	/* a range that wraps the address space is refused */
	assert_int_equal(psmmu_inv_va(f->p, f->d, 9, ~0ull - 0xfff, 0x2000,
				      12, true), -VSMMU_ERR_RANGE);
	assert_int_equal(psmmu_inv_va(f->p, f->d, 9, 0, 0x1000, 13, true),
			 -VSMMU_ERR_INVAL);
}

static void test_range_inv_noril(void **state)
{
	struct fx *f = *state;
	struct smmu_cmd c;
	unsigned int i;

	assert_false(psmmu_get_features(f->p)->mask & PSMMU_FEAT_RIL);
	assert_int_equal(psmmu_inv_va(f->p, f->d, 3, 0x10000000ull, 7 << 12,
				      12, true), 0);
	assert_int_equal(ncmds(f), 8);
	for (i = 0; i < 7; i++) {
		c = cmd_at(f, i);
		assert_int_equal(c.op, SMMU_CMD_TLBI_NH_VA);
		assert_int_equal(c.tg, 0);
		assert_int_equal(c.num, 0);
		assert_int_equal(c.addr, 0x10000000ull + i * 0x1000ull);
	}
	/* more than inv_max_pages (32): one ASID invalidation */
	f->ops0 = f->s.nops;
	assert_int_equal(psmmu_inv_va(f->p, f->d, 3, 0x10000000ull, 33 << 12,
				      12, true), 0);
	assert_int_equal(ncmds(f), 2);
	c = cmd_at(f, 0);
	assert_int_equal(c.op, SMMU_CMD_TLBI_NH_ASID);
	assert_int_equal(c.asid, 3);
	/* 64K pages */
	f->ops0 = f->s.nops;
	assert_int_equal(psmmu_inv_va(f->p, f->d, 3, 0x10000000ull, 0x20000,
				      16, true), 0);
	assert_int_equal(ncmds(f), 3);
	assert_int_equal(cmd_at(f, 1).addr, 0x10010000ull);
	/* stage 2: per page, then NH_ALL; too many: S12_VMALL alone */
	f->ops0 = f->s.nops;
	assert_int_equal(psmmu_inv_ipa(f->p, f->d, 0x40000000ull, 3 << 12, 12,
				       true), 0);
	assert_int_equal(ncmds(f), 5);
	assert_int_equal(cmd_at(f, 2).op, SMMU_CMD_TLBI_S2_IPA);
	assert_int_equal(cmd_at(f, 2).addr, 0x40002000ull);
	assert_int_equal(cmd_at(f, 3).op, SMMU_CMD_TLBI_NH_ALL);
	f->ops0 = f->s.nops;
	assert_int_equal(psmmu_inv_ipa(f->p, f->d, 0x40000000ull, 1 << 30, 12,
				       true), 0);
	assert_int_equal(ncmds(f), 2);
	assert_int_equal(cmd_at(f, 0).op, SMMU_CMD_TLBI_S12_VMALL);
}

static void test_simple_invalidations(void **state)
{
	struct fx *f = *state;
	struct smmu_cmd c;
	uint16_t vmid = psmmu_domain_vmid(f->d);

	assert_int_equal(psmmu_inv_asid(f->p, f->d, 77), 0);
	assert_int_equal(psmmu_inv_vmid_s1(f->p, f->d), 0);
	assert_int_equal(psmmu_inv_vmid(f->p, f->d), 0);
	assert_int_equal(psmmu_inv_cd(f->p, NSID, 0x123, true), 0);
	assert_int_equal(psmmu_inv_cd_all(f->p, NSID), 0);
	assert_int_equal(ncmds(f), 10);	/* five commands, five syncs */
	c = cmd_at(f, 0);
	assert_int_equal(c.op, SMMU_CMD_TLBI_NH_ASID);
	assert_int_equal(c.asid, 77);
	assert_int_equal(c.vmid, vmid);
	c = cmd_at(f, 2);
	assert_int_equal(c.op, SMMU_CMD_TLBI_NH_ALL);
	assert_int_equal(c.vmid, vmid);
	c = cmd_at(f, 4);
	assert_int_equal(c.op, SMMU_CMD_TLBI_S12_VMALL);
	assert_int_equal(c.vmid, vmid);
	c = cmd_at(f, 6);
	assert_int_equal(c.op, SMMU_CMD_CFGI_CD);
	assert_int_equal(c.sid, NSID);
	assert_int_equal(c.ssid, 0x123);
	assert_true(c.leaf);
	c = cmd_at(f, 8);
	assert_int_equal(c.op, SMMU_CMD_CFGI_CD_ALL);
	assert_int_equal(c.sid, NSID);
	/* MSI completion: each sync writes back into its own slot */
	c = cmd_at(f, 9);
	assert_int_equal(c.cs, SMMU_SYNC_CS_IRQ);
	assert_int_equal(c.msidata, 0);
	assert_true(c.msiaddr >= f->p->cmdq.mem.pa.v &&
		    c.msiaddr < f->p->cmdq.mem.pa.v + f->p->cmdq.mem.size);
}

static void test_one_batch_one_sync(void **state)
{
	struct fx *f = *state;
	struct psmmu_batch b;
	struct psmmu_stats st0, st;
	struct smmu_cmd c = { .op = SMMU_CMD_TLBI_NH_ASID };
	unsigned int i, syncs = 0;

	psmmu_get_stats(f->p, &st0);
	psmmu_batch_init(f->p, &b);
	for (i = 0; i < 150; i++) {
		c.asid = (uint16_t)i;
		assert_int_equal(psmmu_batch_add(&b, &c), 0);
	}
	/* the vIOMMU's forms append to the same batch */
	assert_int_equal(psmmu_batch_inv_va(&b, f->d, 1, 0x1000, 0x3000, 12,
					    true), 0);
	assert_int_equal(psmmu_batch_inv_cd(&b, NSID, 0, true), 0);
	assert_int_equal(psmmu_batch_inv_vmid_s1(&b, f->d), 0);
	assert_int_equal(psmmu_batch_submit(&b), 0);
	assert_int_equal(ncmds(f), 154);
	for (i = 0; i < ncmds(f); i++)
		syncs += cmd_at(f, i).op == SMMU_CMD_SYNC;
	assert_int_equal(syncs, 1);
	assert_int_equal(cmd_at(f, 149).asid, 149);
	assert_int_equal(cmd_at(f, 153).op, SMMU_CMD_SYNC);
	psmmu_get_stats(f->p, &st);
	assert_int_equal(st.batches - st0.batches, 1);
	assert_int_equal(st.cmds - st0.cmds, 154);
	/* an empty batch still syncs */
	psmmu_batch_init(f->p, &b);
	assert_int_equal(psmmu_batch_submit(&b), 0);
	assert_int_equal(cmd_at(f, 154).op, SMMU_CMD_SYNC);
	/* encoder refusals reach the caller */
	c.op = 0x08;	/* reserved */
	assert_int_equal(psmmu_batch_add(&b, &c), -VSMMU_ERR_ILL);
}

/*
 * psmmu_batch_add_words: the words go to the queue exactly as given, in
 * the same batch as encoded commands (more than PSMMU_BATCH_MAX of them
 * still end in one sync); the sync stays the driver's.
 */
static void test_batch_add_words(void **state)
{
	struct fx *f = *state;
	struct smmu_cmd c = { .op = SMMU_CMD_TLBI_NH_ASID, .asid = 9 };
	uint64_t w[2] = { 0x0003001200001012ull, 0x7000ull | 1u << 10 | 1u };
	struct psmmu_batch b;
	unsigned int i, n0 = f->s.nops;

	psmmu_batch_init(f->p, &b);
	for (i = 0; i < PSMMU_BATCH_MAX + 5; i++)
		assert_int_equal(psmmu_batch_add_words(&b, w), 0);
	assert_int_equal(psmmu_batch_add(&b, &c), 0);
	w[0] = SMMU_CMD_SYNC;
	w[1] = 0;
	assert_int_equal(psmmu_batch_add_words(&b, w), -VSMMU_ERR_ILL);
	assert_int_equal(psmmu_batch_submit(&b), 0);
	assert_int_equal(f->s.nops - n0, PSMMU_BATCH_MAX + 7);
	for (i = 0; i < PSMMU_BATCH_MAX + 5; i++) {
		assert_true(f->s.cmd0[n0 + i] == 0x0003001200001012ull);
		assert_true(f->s.cmd1[n0 + i] == (0x7000ull | 1u << 10 | 1u));
	}
	assert_int_equal(f->s.ops[n0 + i], SMMU_CMD_TLBI_NH_ASID);
	assert_int_equal(f->s.ops[n0 + i + 1], SMMU_CMD_SYNC);
	assert_int_equal(psmmu_batch_add_words(NULL, w), -VSMMU_ERR_INVAL);
}

static void test_cerror_on_fake(void **state)
{
	struct fx *f = *state;
	struct psmmu_stats st;
	uint32_t ge, gen;

	f->s.ill_op = SMMU_CMD_TLBI_NH_ASID;
	assert_int_equal(psmmu_inv_asid(f->p, f->d, 1), -VSMMU_ERR_HW);
	/* the bad command became a CMD_SYNC, then the real sync ran */
	assert_int_equal(ncmds(f), 2);
	assert_int_equal(cmd_at(f, 0).op, SMMU_CMD_SYNC);
	assert_int_equal(cmd_at(f, 0).cs, SMMU_SYNC_CS_NONE);
	ge = f->s.regs[SMMU_GERROR / 4];
	gen = f->s.regs[SMMU_GERRORN / 4];
	assert_int_equal(ge ^ gen, 0);
	psmmu_get_stats(f->p, &st);
	assert_int_equal(st.cmd_errors, 1);
	f->s.ill_op = -1;
	assert_int_equal(psmmu_inv_asid(f->p, f->d, 1), 0);
}

static void test_gerror_bits(void **state)
{
	struct fx *f = *state;
	struct psmmu_stats st;
	uint32_t bits = (uint32_t)(SMMU_GERROR_EVENTQ_ABT_ERR |
				   SMMU_GERROR_MSI_CMDQ_ABT_ERR);
	struct psmmu_s1_cfg s1 = { .s1ctxptr = 0x40000000ull };

	assert_int_equal(psmmu_handle_gerror(f->p), 0);
	f->s.regs[SMMU_GERROR / 4] ^= bits;
	assert_int_equal(psmmu_handle_gerror(f->p), (int)bits);
	assert_int_equal(f->s.regs[SMMU_GERROR / 4],
			 f->s.regs[SMMU_GERRORN / 4]);
	assert_true(pf_host_logged(&f->h, "EVENTQ_ABT_ERR"));
	assert_true(pf_host_logged(&f->h, "MSI_CMDQ_ABT_ERR"));
	psmmu_get_stats(f->p, &st);
	assert_int_equal(st.gerrors, 2);
	assert_int_equal(psmmu_handle_gerror(f->p), 0);
	/* an acknowledged bit raised again is active again */
	f->s.regs[SMMU_GERROR / 4] ^= (uint32_t)SMMU_GERROR_EVENTQ_ABT_ERR;
	assert_int_equal(psmmu_handle_gerror(f->p),
			 (int)SMMU_GERROR_EVENTQ_ABT_ERR);

	/* SFM: everything refuses until a reset */
	f->s.regs[SMMU_GERROR / 4] ^= (uint32_t)SMMU_GERROR_SFM_ERR;
	assert_int_equal(psmmu_handle_gerror(f->p), (int)SMMU_GERROR_SFM_ERR);
	assert_true(pf_host_logged(&f->h, "SFM_ERR"));
	assert_int_equal(psmmu_inv_asid(f->p, f->d, 1), -VSMMU_ERR_HW);
	assert_int_equal(psmmu_attach_nested(f->p, NSID, f->d, &s1),
			 -VSMMU_ERR_HW);
	assert_int_equal(psmmu_reset(f->p), 0);
	assert_int_equal(psmmu_inv_asid(f->p, f->d, 1), 0);
	assert_int_equal(psmmu_attach_nested(f->p, NSID, f->d, &s1), 0);

	/* a CMDQ_ERR found outside a submit is recovered too */
	f->s.regs[SMMU_CMDQ_CONS / 4] |= SMMU_CERROR_ILL << 24;
	f->s.regs[SMMU_GERROR / 4] ^= (uint32_t)SMMU_GERROR_CMDQ_ERR;
	assert_int_equal(psmmu_handle_gerror(f->p),
			 (int)SMMU_GERROR_CMDQ_ERR);
	assert_int_equal(f->s.regs[SMMU_GERROR / 4],
			 f->s.regs[SMMU_GERRORN / 4]);
}

static void test_sync_msi_abort(void **state)
{
	struct fx *f = *state;

	/* the write-back never comes: the driver falls back to CONS */
	f->s.msi_abort = true;
	assert_int_equal(psmmu_inv_asid(f->p, f->d, 1), 0);
	assert_int_equal(psmmu_inv_asid(f->p, f->d, 2), 0);
	assert_int_equal(psmmu_handle_gerror(f->p),
			 (int)SMMU_GERROR_MSI_CMDQ_ABT_ERR);
	assert_true(pf_host_logged(&f->h, "MSI_CMDQ_ABT_ERR"));
	f->s.msi_abort = false;
	assert_int_equal(psmmu_inv_asid(f->p, f->d, 3), 0);
	assert_int_equal(psmmu_handle_gerror(f->p), 0);
}

/*
 * The fetch of our own CMD_SYNC keeps aborting (CERROR_ABT): after the
 * retries the driver replaces it with a CMD_SYNC that signals nothing, so
 * the MSI write-back it polls for will never come; it must then watch
 * CONS (facts §8.2: CONS passing the sync is completion) instead of
 * timing out, and report the error.
 */
static void test_sync_abt_replaced(void **state)
{
	struct fx *f = *state;
	struct psmmu_stats st;

	f->s.abt_op = SMMU_CMD_SYNC;
	f->s.abt_left = 4;	/* three retries, then the skip */
	assert_int_equal(psmmu_inv_asid(f->p, f->d, 1), -VSMMU_ERR_HW);
	assert_int_equal(f->s.abt_left, 0);
	psmmu_get_stats(f->p, &st);
	assert_int_equal(st.timeouts, 0);
	assert_int_equal(st.cmd_errors, 4);
	/* the replacement was consumed: CONS reached PROD */
	assert_int_equal(f->s.regs[SMMU_CMDQ_CONS / 4] & 0xFFFFFu,
			 f->s.regs[SMMU_CMDQ_PROD / 4] & 0xFFFFFu);
	f->s.abt_op = -1;
	assert_int_equal(psmmu_inv_asid(f->p, f->d, 2), 0);
}

/* Put an event record into the queue the way the SMMU would. */
static void push_event(struct fx *f, const struct smmu_evt *e)
{
	struct psmmu_queue_ *q = &f->p->evtq;
	uint32_t prod = f->s.regs[SMMU_EVENTQ_PROD / 4];
	uint32_t mask = (2u << q->log2) - 1u;
	uint32_t idx = prod & ((1u << q->log2) - 1u);
	uint64_t w[4];
	unsigned int i;

	assert_int_equal(smmu_evt_encode(e, w), 0);
	for (i = 0; i < 4; i++)
		pf_mem_put64(&f->h.mem, q->mem.pa.v + idx * 32u + i * 8u, w[i]);
	f->s.regs[SMMU_EVENTQ_PROD / 4] = (prod & ~mask) | ((prod + 1) & mask);
}

static void test_event_routing(void **state)
{
	struct fx *f = *state;
	struct smmu_evt e;
	uint32_t cons;

	memset(&e, 0, sizeof(e));
	e.id = SMMU_EVT_F_TRANSLATION;
	e.sid = NSID;
	e.input_addr = 0x1234000;
	push_event(f, &e);			/* S1 fault, nested: guest */
	e.s2 = true;
	e.ipa = 0x40000000;
	push_event(f, &e);			/* S2 fault, nested: ours */
	e.s2 = false;
	e.sid = SSID;
	push_event(f, &e);			/* not nested: ours */
	memset(&e, 0, sizeof(e));
	e.id = SMMU_EVT_C_BAD_CD;
	e.sid = NSID;
	push_event(f, &e);			/* guest */
	e.id = SMMU_EVT_C_BAD_STE;
	push_event(f, &e);			/* our STE: ours */
	e.id = SMMU_EVT_F_TRANSLATION;
	e.sid = 0x999;
	push_event(f, &e);			/* unknown SID */

	assert_int_equal(psmmu_poll_events(f->p, 0), 6);
	assert_int_equal(f->h.ns1, 2);
	assert_int_equal(f->h.s1[0].sid, NSID);
	assert_int_equal(f->h.s1[0].evt.input_addr, 0x1234000);
	assert_int_equal(f->h.s1[1].evt.id, SMMU_EVT_C_BAD_CD);
	assert_int_equal(f->h.nother, 4);
	assert_true(f->h.other[0].evt.s2);
	assert_int_equal(f->h.other[2].evt.id, SMMU_EVT_C_BAD_STE);
	cons = f->s.regs[SMMU_EVENTQ_CONS / 4];
	assert_int_equal(cons, f->s.regs[SMMU_EVENTQ_PROD / 4]);
	assert_int_equal(psmmu_poll_events(f->p, 0), 0);

	/* overflow: OVFLG toggled by the SMMU, acknowledged in CONS */
	f->s.regs[SMMU_EVENTQ_PROD / 4] ^= (uint32_t)SMMU_Q_OVF;
	assert_int_equal(psmmu_poll_events(f->p, 0), 0);
	assert_true(f->s.regs[SMMU_EVENTQ_CONS / 4] & SMMU_Q_OVF);
	struct psmmu_stats st;
	psmmu_get_stats(f->p, &st);
	assert_int_equal(st.evtq_overflows, 1);
	assert_int_equal(psmmu_poll_events(f->p, 0), 0);
	psmmu_get_stats(f->p, &st);
	assert_int_equal(st.evtq_overflows, 1);

	/* a PROD the SMMU could not have written is not trusted */
	f->s.regs[SMMU_EVENTQ_PROD / 4] = (f->s.regs[SMMU_EVENTQ_CONS / 4] ^
					  (1u << f->p->evtq.log2)) + 1;
	assert_int_equal(psmmu_poll_events(f->p, 0), -VSMMU_ERR_HW);
}

/*
 * Event records are hardware data: random words (any ID, reserved bits
 * set, registered and unknown SIDs) are consumed and routed, never
 * trusted.
 */
static void test_random_events(void **state)
{
	struct fx *f = *state;
	struct psmmu_queue_ *q = &f->p->evtq;
	uint64_t x = 0x9e3779b97f4a7c15ull, w;
	unsigned int round, i, j, total = 0;
	uint32_t prod;
	int n;

	for (round = 0; round < 8; round++) {
		prod = f->s.regs[SMMU_EVENTQ_PROD / 4];
		for (i = 0; i < 100; i++) {
			uint32_t idx = (prod + i) & ((1u << q->log2) - 1u);

			for (j = 0; j < 4; j++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				w = x;
				/* half of them name a SID we know */
				if (j == 0 && (x & 1))
					w = (w & 0xffffffffull) |
					    ((uint64_t)(x & 2 ? NSID : SSID)
					     << 32);
				pf_mem_put64(&f->h.mem, q->mem.pa.v +
					     idx * 32u + j * 8u, w);
			}
		}
		f->s.regs[SMMU_EVENTQ_PROD / 4] =
			(prod + 100) & ((2u << q->log2) - 1u);
		do {
			n = psmmu_poll_events(f->p, 64);
			assert_true(n >= 0 && n <= 64);
			total += (unsigned int)n;
		} while (n > 0);
	}
	assert_int_equal(total, 800);
	assert_int_equal(f->s.regs[SMMU_EVENTQ_CONS / 4] &
			 ((2u << q->log2) - 1u),
			 f->s.regs[SMMU_EVENTQ_PROD / 4]);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_range_inv_ril),
		cmocka_unit_test_setup_teardown(test_range_inv_noril,
						fx_setup_noril, fx_teardown),
		T(test_simple_invalidations),
		T(test_one_batch_one_sync),
		T(test_batch_add_words),
		T(test_cerror_on_fake),
		T(test_gerror_bits),
		T(test_sync_msi_abort),
		T(test_sync_abt_replaced),
		T(test_event_routing),
		T(test_random_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
