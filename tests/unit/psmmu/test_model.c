// SPDX-License-Identifier: MIT
/*
 * psmmu against the SMMUv3 hardware model: device DMA through stage 2 and
 * nested configurations built with the pgtable builder, invalidation
 * visibility, VMID isolation, fault routing, long batches that wrap the
 * command queue, CERROR_ILL recovery, bounded timeouts with a deferred
 * model, event-queue overflow, both CMD_SYNC completion modes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fakes/psmmu_model_glue.h"
#include "psmmu/internal.h"

#define SID_A 0x0103u	/* domain A, nested */
#define SID_A2 0x0104u	/* domain A, stage 2 only */
#define SID_B 0x2201u	/* domain B */
#define ASID 5u
#define VA 0x10000000ull
#define VA_IPA 0x40010000ull	/* where VA points first */
#define VA_IPA2 0x40020000ull	/* and after the remap */

struct world {
	struct pm_rig r;
	struct pgt_table s2[2];
	struct psmmu_domain *dom[2];
	uint64_t ram_b;		/* PA of domain B's guest RAM */
	struct pgt_table s1;
	uint64_t cd_ipa;
	struct psmmu_s1_cfg s1cfg;
};

static const struct pgt_prot s2_prot = { PGT_PROT_R | PGT_PROT_W, 0xF, 3 };
/* nG: stage-1 entries are tagged with the CD's ASID */
static const struct pgt_prot s1_prot = {
	PGT_PROT_R | PGT_PROT_W | PGT_PROT_UNPRIV | PGT_PROT_NG, 0, 3 };

/* A stage 2 mapping guest IPA [PM_GUEST_IPA, +8 MiB) to ram_pa. */
static void make_domain(struct world *w, unsigned int i, uint64_t ram_pa)
{
	struct pgt_table_cfg tc = { .fmt = PGT_FMT_S2, .granule = PGT_GRAN_4K,
				    .tsz = 24, .oas = 48, .sl0 = PGT_SL0_AUTO };
	struct pgt_mem mem = pf_pgt_mem(&w->r.h.mem);
	struct pgt_alloc_ops al = pf_pgt_alloc(&w->r.h.mem);
	struct pgt_s2_cfg c;
	struct psmmu_s2_cfg s2;

	assert_int_equal(pgt_table_init(&w->s2[i], &tc, &mem, &al), 0);
	assert_int_equal(pgt_map(&w->s2[i], PM_GUEST_IPA, ram_pa, PM_GUEST_SIZE,
				 &s2_prot), 0);
	assert_int_equal(pgt_table_s2_cfg(&w->s2[i], &c), 0);
	memset(&s2, 0, sizeof(s2));
	s2.vttb = c.vttb;
	s2.granule_log2 = (uint8_t)c.granule;
	s2.tsz = c.tsz;
	s2.sl0 = c.sl0;
	s2.ps_bits = c.ps;
	s2.ir = 1;
	s2.orgn = 1;
	s2.sh = 3;
	assert_int_equal(psmmu_domain_create(w->r.p, &s2, &w->dom[i]), 0);
}

/* The guest's CD and stage-1 table in its RAM (addressed by IPA). */
static void write_cd(struct world *w, uint64_t cd_ipa, uint16_t asid,
		     uint64_t ttb0, bool valid)
{
	struct smmu_cd cd;
	uint64_t d[8];
	unsigned int i;

	memset(&cd, 0, sizeof(cd));
	cd.t0sz = 25;
	cd.tg0 = SMMU_CD_TG0_4K;
	cd.ir0 = 1;
	cd.or0 = 1;
	cd.sh0 = 3;
	cd.epd1 = true;
	cd.v = valid;
	cd.ips = (uint8_t)smmu_oas_encode(40);
	cd.aa64 = true;
	cd.r = true;
	cd.a = true;
	cd.asid = asid;
	cd.ttb0 = ttb0;
	cd.mair = 0xFF;
	assert_int_equal(smmu_cd_encode(&cd, d), 0);
	for (i = 0; i < 8; i++)
		d[i] = vsmmu_cpu_to_le64(d[i]);
	memcpy(pm_guest_va(&w->r, cd_ipa), d, sizeof(d));
}

static void make_guest_s1(struct world *w)
{
	struct pgt_table_cfg tc = { .fmt = PGT_FMT_S1, .granule = PGT_GRAN_4K,
				    .tsz = 25, .oas = 40 };
	struct pgt_mem mem = pm_guest_mem(&w->r);
	struct pgt_alloc_ops al = pm_guest_alloc(&w->r);

	assert_int_equal(pgt_table_init(&w->s1, &tc, &mem, &al), 0);
	assert_int_equal(pgt_map(&w->s1, VA, VA_IPA, 0x1000, &s1_prot), 0);
	w->cd_ipa = pm_guest_alloc_ipa(&w->r, 64, 64);
	write_cd(w, w->cd_ipa, ASID, w->s1.root.v, true);
	memset(&w->s1cfg, 0, sizeof(w->s1cfg));
	w->s1cfg.s1ctxptr = w->cd_ipa;
	w->s1cfg.s1cir = 1;
	w->s1cfg.s1cor = 1;
	w->s1cfg.s1csh = 3;
}

static void put_guest(struct world *w, uint64_t ipa, const char *s)
{
	strcpy(pm_guest_va(&w->r, ipa), s);
}

static struct world *world_new_ex(const struct smmu_model_config *mc,
				  const struct psmmu_cfg *cfg, bool noncoherent)
{
	struct world *w = calloc(1, sizeof(*w));
	uint32_t a[] = { SID_A, SID_A2 }, b[] = { SID_B };

	assert_int_equal(pm_rig_init_nc(&w->r, mc, cfg, noncoherent), 0);
	make_domain(w, 0, w->r.guest_pa);
	w->ram_b = pf_mem_alloc(&w->r.h.mem, PM_GUEST_SIZE, 2u << 20);
	make_domain(w, 1, w->ram_b);
	make_guest_s1(w);
	assert_int_equal(psmmu_dev_add(w->r.p, 1, a, 2), 0);
	assert_int_equal(psmmu_dev_add(w->r.p, 2, b, 1), 0);
	return w;
}

static struct world *world_new(const struct smmu_model_config *mc,
			       const struct psmmu_cfg *cfg)
{
	return world_new_ex(mc, cfg, false);
}

static int setup(void **state)
{
	*state = world_new(NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	pm_rig_fini(&w->r);
	free(w);
	return 0;
}

static int dma_rd(struct world *w, uint32_t sid, uint64_t addr, char *buf,
		  size_t n, struct smmu_model_result *res)
{
	struct smmu_model_result tmp;

	memset(buf, 0, n);
	return smmu_model_dma_read(w->r.m, sid, SMMU_MODEL_NO_SSID, addr, buf,
				   n, 0, res ? res : &tmp);
}

static void test_dma_stage2(void **state)
{
	struct world *w = *state;
	struct smmu_model_result res;
	char buf[32];

	put_guest(w, 0x40003000, "stage two");
	/* registered but not attached: abort, silently */
	assert_int_equal(dma_rd(w, SID_A2, 0x40003000, buf, 16, &res),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(res.evt.id, 0);
	assert_int_equal(psmmu_attach_s2(w->r.p, SID_A2, w->dom[0]), 0);
	assert_int_equal(dma_rd(w, SID_A2, 0x40003000, buf, 16, NULL), 0);
	assert_string_equal(buf, "stage two");
	/* detach drops it again */
	assert_int_equal(psmmu_detach(w->r.p, SID_A2), 0);
	assert_int_equal(dma_rd(w, SID_A2, 0x40003000, buf, 16, NULL),
			 -VSMMU_ERR_FAULT);
}

static void test_dma_nested(void **state)
{
	struct world *w = *state;
	char buf[32];

	put_guest(w, VA_IPA + 0x10, "through both");
	assert_int_equal(psmmu_attach_nested(w->r.p, SID_A, w->dom[0],
					     &w->s1cfg), 0);
	assert_int_equal(dma_rd(w, SID_A, VA + 0x10, buf, 16, NULL), 0);
	assert_string_equal(buf, "through both");
	/* back to stage 2 only: the VA is now an IPA outside guest RAM */
	assert_int_equal(psmmu_attach_s2(w->r.p, SID_A, w->dom[0]), 0);
	assert_int_equal(dma_rd(w, SID_A, VA + 0x10, buf, 16, NULL),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(dma_rd(w, SID_A, VA_IPA + 0x10, buf, 16, NULL), 0);
	assert_string_equal(buf, "through both");
	assert_int_equal(psmmu_poll_events(w->r.p, 0), 1);
	assert_int_equal(w->r.h.ns1, 0);
}

static void test_s1_change_after_invalidation(void **state)
{
	struct world *w = *state;
	char buf[16];

	put_guest(w, VA_IPA, "old");
	put_guest(w, VA_IPA2, "new");
	assert_int_equal(psmmu_attach_nested(w->r.p, SID_A, w->dom[0],
					     &w->s1cfg), 0);
	assert_int_equal(dma_rd(w, SID_A, VA, buf, 4, NULL), 0);
	assert_string_equal(buf, "old");
	/* the guest remaps VA; the TLB still holds the old entry */
	assert_int_equal(pgt_unmap(&w->s1, VA, 0x1000), 0);
	assert_int_equal(pgt_map(&w->s1, VA, VA_IPA2, 0x1000, &s1_prot), 0);
	assert_int_equal(dma_rd(w, SID_A, VA, buf, 4, NULL), 0);
	assert_string_equal(buf, "old");
	/* an invalidation of another ASID changes nothing */
	assert_int_equal(psmmu_inv_asid(w->r.p, w->dom[0], ASID + 1), 0);
	assert_int_equal(dma_rd(w, SID_A, VA, buf, 4, NULL), 0);
	assert_string_equal(buf, "old");
	/* nor does the same ASID in the other VMID */
	assert_int_equal(psmmu_inv_va(w->r.p, w->dom[1], ASID, VA, 0x1000, 12,
				      true), 0);
	assert_int_equal(dma_rd(w, SID_A, VA, buf, 4, NULL), 0);
	assert_string_equal(buf, "old");
	/* the right VA invalidation does */
	assert_int_equal(psmmu_inv_va(w->r.p, w->dom[0], ASID, VA, 0x1000, 12,
				      true), 0);
	assert_int_equal(dma_rd(w, SID_A, VA, buf, 4, NULL), 0);
	assert_string_equal(buf, "new");
}

static void test_cd_change_after_cfgi_cd(void **state)
{
	struct world *w = *state;
	struct pgt_table s1b;
	struct pgt_table_cfg tc = { .fmt = PGT_FMT_S1, .granule = PGT_GRAN_4K,
				    .tsz = 25, .oas = 40 };
	struct pgt_mem mem = pm_guest_mem(&w->r);
	struct pgt_alloc_ops al = pm_guest_alloc(&w->r);
	char buf[16];

	put_guest(w, VA_IPA, "cd one");
	put_guest(w, VA_IPA2, "cd two");
	assert_int_equal(psmmu_attach_nested(w->r.p, SID_A, w->dom[0],
					     &w->s1cfg), 0);
	assert_int_equal(dma_rd(w, SID_A, VA, buf, 8, NULL), 0);
	assert_string_equal(buf, "cd one");
	/* a second table, installed by rewriting the CD in place */
	assert_int_equal(pgt_table_init(&s1b, &tc, &mem, &al), 0);
	assert_int_equal(pgt_map(&s1b, VA, VA_IPA2, 0x1000, &s1_prot), 0);
	write_cd(w, w->cd_ipa, ASID + 1, s1b.root.v, true);
	assert_int_equal(dma_rd(w, SID_A, VA, buf, 8, NULL), 0);
	assert_string_equal(buf, "cd one");
	assert_int_equal(psmmu_inv_cd(w->r.p, SID_A, 0, true), 0);
	assert_int_equal(dma_rd(w, SID_A, VA, buf, 8, NULL), 0);
	assert_string_equal(buf, "cd two");
	/* CFGI_CD_ALL and re-issuing the STE are accepted as well */
	assert_int_equal(psmmu_inv_cd_all(w->r.p, SID_A), 0);
	assert_int_equal(psmmu_attach_nested(w->r.p, SID_A, w->dom[0],
					     &w->s1cfg), 0);
	assert_int_equal(dma_rd(w, SID_A, VA, buf, 8, NULL), 0);
	assert_string_equal(buf, "cd two");
}

static void test_domains_isolated(void **state)
{
	struct world *w = *state;
	char buf[16];

	put_guest(w, 0x40005000, "domain A");
	strcpy(pf_mem_va(&w->r.h.mem, w->ram_b + 0x5000), "domain B");
	assert_int_not_equal(psmmu_domain_vmid(w->dom[0]),
			     psmmu_domain_vmid(w->dom[1]));
	assert_int_equal(psmmu_attach_s2(w->r.p, SID_A2, w->dom[0]), 0);
	assert_int_equal(psmmu_attach_s2(w->r.p, SID_B, w->dom[1]), 0);
	assert_int_equal(dma_rd(w, SID_A2, 0x40005000, buf, 9, NULL), 0);
	assert_string_equal(buf, "domain A");
	assert_int_equal(dma_rd(w, SID_B, 0x40005000, buf, 9, NULL), 0);
	assert_string_equal(buf, "domain B");
	/* A's hypervisor unmaps the page: after its invalidation A faults,
	 * B (same IPA, other VMID) still translates */
	assert_int_equal(pgt_unmap(&w->s2[0], 0x40005000, 0x1000), 0);
	assert_int_equal(psmmu_inv_ipa(w->r.p, w->dom[0], 0x40005000, 0x1000,
				       12, true), 0);
	assert_int_equal(dma_rd(w, SID_A2, 0x40005000, buf, 9, NULL),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(dma_rd(w, SID_B, 0x40005000, buf, 9, NULL), 0);
	assert_string_equal(buf, "domain B");
	/* an IPA outside B's stage 2 faults rather than reach A's RAM */
	assert_int_equal(dma_rd(w, SID_B, 0x60000000, buf, 4, NULL),
			 -VSMMU_ERR_FAULT);
}

/*
 * The write order seen by the hardware: at every CFGI_STE + CMD_SYNC of an
 * update, a transaction translates as under the old STE or the new one,
 * or (only when the update had to break the entry) aborts.
 */
struct xl_check {
	struct world *w;
	uint64_t addr;
	uint64_t pa_old, pa_new;	/* 0: that configuration aborts */
	bool may_break;
	unsigned int calls, olds, news, aborts;
};

static void xl_hook(void *arg, uint32_t sid, const uint64_t live[8])
{
	struct xl_check *x = arg;
	struct smmu_model_result r;
	int err;

	(void)live;
	x->calls++;
	err = smmu_model_translate(x->w->r.m, sid, SMMU_MODEL_NO_SSID, x->addr,
				   0, &r);
	if (!err) {
		assert_true(r.pa == x->pa_old || r.pa == x->pa_new);
		x->olds += r.pa == x->pa_old;
		x->news += r.pa == x->pa_new;
	} else {
		assert_true(x->pa_old == 0 || x->pa_new == 0 || x->may_break);
		x->aborts++;
	}
}

static void xl_step(struct world *w, struct xl_check *x, uint64_t pa_new,
		    bool may_break, int (*fn)(struct world *))
{
	x->pa_old = x->pa_new;
	x->pa_new = pa_new;
	x->may_break = may_break;
	x->calls = x->olds = x->news = x->aborts = 0;
	assert_int_equal(fn(w), 0);
	assert_true(x->calls >= 1);
	/* the last sync shows the new configuration */
	if (pa_new)
		assert_true(x->news >= 1);
	(void)psmmu_poll_events(w->r.p, 0);
}

static int xl_s2_a(struct world *w)
{
	return psmmu_attach_s2(w->r.p, SID_A, w->dom[0]);
}

static int xl_s2_b(struct world *w)
{
	return psmmu_attach_s2(w->r.p, SID_A, w->dom[1]);
}

static int xl_nested_a(struct world *w)
{
	return psmmu_attach_nested(w->r.p, SID_A, w->dom[0], &w->s1cfg);
}

static int xl_abort(struct world *w)
{
	return psmmu_attach_abort(w->r.p, SID_A);
}

static void test_ste_updates_seen_by_hardware(void **state)
{
	struct world *w = *state;
	struct xl_check x = { .w = w, .addr = 0x40010000ull };
	uint64_t pa_s2 = w->r.guest_pa + 0x10000;
	uint64_t pa_nest = w->r.guest_pa + 0x20000;

	/* the same address: an IPA under stage 2 alone, a VA when nested */
	assert_int_equal(pgt_map(&w->s1, 0x40010000ull, 0x40020000ull, 0x1000,
				 &s1_prot), 0);
	psmmu_test_set_ste_hook_(w->r.p, xl_hook, &x);
	x.pa_new = 0;
	xl_step(w, &x, pa_s2, false, xl_s2_a);
	xl_step(w, &x, pa_nest, false, xl_nested_a);
	assert_int_equal(x.aborts, 0);
	xl_step(w, &x, pa_s2, false, xl_s2_a);
	assert_int_equal(x.aborts, 0);
	xl_step(w, &x, pa_nest, false, xl_nested_a);
	xl_step(w, &x, 0, false, xl_abort);
	xl_step(w, &x, pa_s2, false, xl_s2_a);
	/* another domain: dwords 2 and 3 change, the entry breaks once */
	xl_step(w, &x, w->ram_b + 0x10000, true, xl_s2_b);
	assert_true(x.aborts >= 1);
	xl_step(w, &x, 0, false, xl_abort);
	psmmu_test_set_ste_hook_(w->r.p, NULL, NULL);
}

static void test_unregistered_sid(void **state)
{
	struct world *w = *state;
	struct smmu_model_result res;
	char buf[4];

	/* no L2 table behind it: C_BAD_STREAMID, reported to the host */
	assert_int_equal(dma_rd(w, 0x7777, 0x1000, buf, 4, &res),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(res.evt.id, SMMU_EVT_C_BAD_STREAMID);
	assert_int_equal(psmmu_poll_events(w->r.p, 0), 1);
	assert_int_equal(w->r.h.nother, 1);
	assert_int_equal(w->r.h.other[0].evt.id, SMMU_EVT_C_BAD_STREAMID);
	assert_int_equal(w->r.h.ns1, 0);
}

static void test_s1_fault_reaches_callback(void **state)
{
	struct world *w = *state;
	struct smmu_model_result res;
	char buf[8];

	assert_int_equal(psmmu_attach_nested(w->r.p, SID_A, w->dom[0],
					     &w->s1cfg), 0);
	assert_int_equal(dma_rd(w, SID_A, 0x20000000, buf, 4, &res),
			 -VSMMU_ERR_FAULT);
	assert_true(res.recorded);
	assert_int_equal(psmmu_poll_events(w->r.p, 0), 1);
	assert_int_equal(w->r.h.ns1, 1);
	assert_int_equal(w->r.h.nother, 0);
	assert_int_equal(w->r.h.s1[0].sid, SID_A);
	assert_int_equal(w->r.h.s1[0].evt.id, SMMU_EVT_F_TRANSLATION);
	assert_false(w->r.h.s1[0].evt.s2);
	assert_int_equal(w->r.h.s1[0].evt.input_addr, 0x20000000);
	assert_int_equal(smmu_field_get(SMMU_EVT0_SID, w->r.h.s1[0].raw[0]),
			 SID_A);
	/* an invalid CD is the guest's too */
	write_cd(w, w->cd_ipa, ASID, w->s1.root.v, false);
	assert_int_equal(psmmu_inv_cd(w->r.p, SID_A, 0, true), 0);
	assert_int_equal(dma_rd(w, SID_A, VA, buf, 4, &res), -VSMMU_ERR_FAULT);
	assert_int_equal(psmmu_poll_events(w->r.p, 0), 1);
	assert_int_equal(w->r.h.ns1, 2);
	assert_int_equal(w->r.h.s1[1].evt.id, SMMU_EVT_C_BAD_CD);
	struct psmmu_stats st;
	psmmu_get_stats(w->r.p, &st);
	assert_int_equal(st.s1_faults, 2);
	assert_int_equal(st.events, 2);
}

static void test_s2_fault_not_forwarded(void **state)
{
	struct world *w = *state;
	char buf[8];

	/* nested: stage 1 maps VA to an IPA stage 2 does not map */
	assert_int_equal(pgt_map(&w->s1, 0x30000000, 0x70000000, 0x1000,
				 &s1_prot), 0);
	assert_int_equal(psmmu_attach_nested(w->r.p, SID_A, w->dom[0],
					     &w->s1cfg), 0);
	assert_int_equal(dma_rd(w, SID_A, 0x30000000, buf, 4, NULL),
			 -VSMMU_ERR_FAULT);
	/* stage-2 only device, unmapped IPA */
	assert_int_equal(psmmu_attach_s2(w->r.p, SID_B, w->dom[1]), 0);
	assert_int_equal(dma_rd(w, SID_B, 0x60000000, buf, 4, NULL),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(psmmu_poll_events(w->r.p, 0), 2);
	assert_int_equal(w->r.h.ns1, 0);
	assert_int_equal(w->r.h.nother, 2);
	assert_int_equal(w->r.h.other[0].sid, SID_A);
	assert_true(w->r.h.other[0].evt.s2);
	assert_int_equal(w->r.h.other[0].evt.ipa, 0x70000000);
	assert_int_equal(w->r.h.other[1].sid, SID_B);
	assert_true(pf_host_logged(&w->r.h, "(stage 2)"));
}

static void test_long_batch_wraps(void **state)
{
	struct psmmu_cfg cfg = { .cmdq_log2 = 4 };
	struct world *w = world_new(NULL, &cfg);
	struct smmu_model_counters mc;
	struct psmmu_batch b;
	struct psmmu_stats st0, st;
	struct smmu_cmd c = { .op = SMMU_CMD_TLBI_NH_ASID };
	unsigned int i;

	(void)state;
	assert_int_equal(w->r.p->cmdq.log2, 4);
	smmu_model_counters_reset(w->r.m);
	psmmu_get_stats(w->r.p, &st0);
	psmmu_batch_init(w->r.p, &b);
	c.vmid = psmmu_domain_vmid(w->dom[0]);
	for (i = 0; i < 300; i++) {
		c.asid = (uint16_t)i;
		assert_int_equal(psmmu_batch_add(&b, &c), 0);
	}
	assert_int_equal(psmmu_batch_submit(&b), 0);
	assert_int_equal(smmu_model_counters_get(w->r.m, &mc), 0);
	assert_int_equal(mc.cmds_by_op[SMMU_CMD_TLBI_NH_ASID], 300);
	assert_int_equal(mc.cmds_by_op[SMMU_CMD_SYNC], 1);
	assert_int_equal(mc.cmd_errors, 0);
	psmmu_get_stats(w->r.p, &st);
	assert_int_equal(st.cmds - st0.cmds, 301);
	assert_int_equal(st.syncs - st0.syncs, 1);
	assert_int_equal(st.batches - st0.batches, 1);
	pm_rig_fini(&w->r);
	free(w);
}

static void test_long_batch_deferred(void **state)
{
	struct smmu_model_config mc;
	struct psmmu_cfg cfg = { .cmdq_log2 = 4, .poll_max = 2000 };
	struct smmu_model_counters k;
	struct world *w;
	struct psmmu_batch b;
	unsigned int i;

	(void)state;
	smmu_model_config_default(&mc);
	mc.iidr = 0x4890043Bu;
	mc.deferred = true;
	/*
	 * The model consumes only when the driver waits (3 commands per
	 * delay): the first reset, with nobody stepping, times out; then
	 * the budget is set and the reset redone.
	 */
	w = calloc(1, sizeof(*w));
	assert_int_equal(pm_rig_init(&w->r, &mc, &cfg), -VSMMU_ERR_TIMEOUT);
	w->r.step_budget = 3;
	assert_int_equal(psmmu_reset(w->r.p), 0);
	make_domain(w, 0, w->r.guest_pa);
	smmu_model_counters_reset(w->r.m);
	psmmu_batch_init(w->r.p, &b);
	for (i = 0; i < 100; i++)
		assert_int_equal(psmmu_batch_inv_va(&b, w->dom[0], (uint16_t)i,
						    VA, 0x1000, 12, true), 0);
	assert_int_equal(psmmu_batch_submit(&b), 0);
	assert_int_equal(smmu_model_counters_get(w->r.m, &k), 0);
	assert_int_equal(k.cmds_by_op[SMMU_CMD_TLBI_NH_VA], 100);
	assert_int_equal(k.cmds_by_op[SMMU_CMD_SYNC], 1);
	assert_true(w->r.h.delays > 30);	/* it really waited for space */
	pm_rig_fini(&w->r);
	free(w);
}

static void test_cerror_ill_recovery(void **state)
{
	struct world *w = *state;
	struct smmu_model_counters k;
	struct psmmu_batch b;
	struct psmmu_stats st;
	struct smmu_cmd asid = { .op = SMMU_CMD_TLBI_NH_ASID };
	struct smmu_cmd atc = { .op = SMMU_CMD_ATC_INV };	/* no ATS */

	smmu_model_counters_reset(w->r.m);
	asid.vmid = psmmu_domain_vmid(w->dom[0]);
	atc.sid = SID_A;
	psmmu_batch_init(w->r.p, &b);
	asid.asid = 1;
	assert_int_equal(psmmu_batch_add(&b, &asid), 0);
	assert_int_equal(psmmu_batch_add(&b, &atc), 0);
	asid.asid = 2;
	assert_int_equal(psmmu_batch_add(&b, &asid), 0);
	assert_int_equal(psmmu_batch_submit(&b), -VSMMU_ERR_HW);
	assert_int_equal(smmu_model_counters_get(w->r.m, &k), 0);
	/* the commands around the bad one ran, and the sync completed */
	assert_int_equal(k.cmds_by_op[SMMU_CMD_TLBI_NH_ASID], 2);
	assert_int_equal(k.cmd_errors, 1);
	psmmu_get_stats(w->r.p, &st);
	assert_int_equal(st.cmd_errors, 1);
	assert_true(pf_host_logged(&w->r.h, "command error 1"));
	/* acknowledged: nothing left active, the queue works */
	assert_int_equal(psmmu_handle_gerror(w->r.p), 0);
	assert_int_equal(psmmu_inv_asid(w->r.p, w->dom[0], 3), 0);
	/* the driver refuses to queue a CMD_SYNC of its own */
	struct smmu_cmd sync = { .op = SMMU_CMD_SYNC };
	psmmu_batch_init(w->r.p, &b);
	assert_int_equal(psmmu_batch_add(&b, &sync), -VSMMU_ERR_ILL);
}

static void test_timeout_deferred_model(void **state)
{
	struct smmu_model_config mc;
	struct psmmu_cfg cfg = { .poll_max = 200 };
	struct world *w = calloc(1, sizeof(*w));
	struct psmmu_stats st;

	(void)state;
	smmu_model_config_default(&mc);
	mc.iidr = 0x4890043Bu;
	mc.deferred = true;
	/* never stepped: the reset's sync cannot complete */
	assert_int_equal(pm_rig_init(&w->r, &mc, &cfg), -VSMMU_ERR_TIMEOUT);
	assert_int_equal(w->r.h.delays, 200);
	w->r.step_budget = 16;
	assert_int_equal(psmmu_reset(w->r.p), 0);
	make_domain(w, 0, w->r.guest_pa);
	/* stop stepping: an invalidation times out, bounded */
	w->r.step_budget = 0;
	w->r.h.delays = 0;
	assert_int_equal(psmmu_inv_asid(w->r.p, w->dom[0], 1),
			 -VSMMU_ERR_TIMEOUT);
	assert_int_equal(w->r.h.delays, 200);
	psmmu_get_stats(w->r.p, &st);
	assert_true(st.timeouts >= 2);
	/* once the hardware moves again, the next batch completes */
	w->r.step_budget = 16;
	assert_int_equal(psmmu_inv_asid(w->r.p, w->dom[0], 2), 0);
	pm_rig_fini(&w->r);
	free(w);
}

static void test_evtq_overflow(void **state)
{
	struct psmmu_cfg cfg = { .evtq_log2 = 1 };
	struct world *w = world_new(NULL, &cfg);
	struct psmmu_stats st;
	char buf[4];
	unsigned int i;

	(void)state;
	assert_int_equal(psmmu_attach_s2(w->r.p, SID_B, w->dom[1]), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(dma_rd(w, SID_B, 0x60000000 + i * 0x1000ull,
					buf, 4, NULL), -VSMMU_ERR_FAULT);
	assert_int_equal(psmmu_poll_events(w->r.p, 0), 2);
	psmmu_get_stats(w->r.p, &st);
	assert_int_equal(st.evtq_overflows, 1);
	assert_true(pf_host_logged(&w->r.h, "overflow"));
	/* acknowledged: recording goes on, no second overflow reported */
	assert_int_equal(dma_rd(w, SID_B, 0x61000000, buf, 4, NULL),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(psmmu_poll_events(w->r.p, 0), 1);
	psmmu_get_stats(w->r.p, &st);
	assert_int_equal(st.evtq_overflows, 1);
	assert_int_equal(st.events, 3);
	/* the budget bounds one call */
	for (i = 0; i < 2; i++)
		dma_rd(w, SID_B, 0x62000000 + i * 0x1000ull, buf, 4, NULL);
	assert_int_equal(psmmu_poll_events(w->r.p, 1), 1);
	assert_int_equal(psmmu_poll_events(w->r.p, 1), 1);
	assert_int_equal(psmmu_poll_events(w->r.p, 1), 0);
	pm_rig_fini(&w->r);
	free(w);
}

static void run_nested_dma(struct world *w)
{
	char buf[16];

	put_guest(w, VA_IPA, "sync mode");
	assert_int_equal(psmmu_attach_nested(w->r.p, SID_A, w->dom[0],
					     &w->s1cfg), 0);
	assert_int_equal(dma_rd(w, SID_A, VA, buf, 10, NULL), 0);
	assert_string_equal(buf, "sync mode");
}

static void test_sync_modes(void **state)
{
	struct psmmu_cfg poll = { .sync_mode = PSMMU_SYNC_POLL_CONS };
	struct world *w = *state, *w2;
	struct smmu_model_counters k;

	/* default: COHACC + MSI, so the sync writes back into its slot */
	assert_true(w->r.p->sync_msi);
	run_nested_dma(w);
	assert_int_equal(smmu_model_counters_get(w->r.m, &k), 0);
	assert_true(k.msis > 0);

	w2 = world_new(NULL, &poll);
	assert_false(w2->r.p->sync_msi);
	run_nested_dma(w2);
	assert_int_equal(smmu_model_counters_get(w2->r.m, &k), 0);
	assert_int_equal(k.msis, 0);
	pm_rig_fini(&w2->r);
	free(w2);
}

static void test_model_errata_default(void **state)
{
	struct smmu_model_config mc;
	struct pm_rig *r = calloc(1, sizeof(*r));

	(void)state;
	/* the model's default identity is an MMU-700 */
	smmu_model_config_default(&mc);
	assert_int_equal(pm_rig_init(r, &mc, NULL), 0);
	assert_false(psmmu_can_nest(r->p));
	pm_rig_fini(r);
	memset(r, 0, sizeof(*r));
	struct psmmu_cfg cfg = { .allow_nesting_errata = true };
	assert_int_equal(pm_rig_init(r, &mc, &cfg), 0);
	assert_true(psmmu_can_nest(r->p));
	assert_true(pf_host_logged(&r->h, "nesting allowed by the host"));
	pm_rig_fini(r);
	free(r);
}

static void test_linear_table_model(void **state)
{
	struct smmu_model_config mc;
	struct world *w = calloc(1, sizeof(*w));
	uint32_t sid = 63;
	char buf[8];

	(void)state;
	smmu_model_config_default(&mc);
	mc.iidr = 0x4890043Bu;
	mc.idr[1] = (uint32_t)smmu_field_set(SMMU_IDR1_SIDSIZE, mc.idr[1], 6);
	assert_int_equal(pm_rig_init(&w->r, &mc, NULL), 0);
	assert_false(w->r.p->st.two_level);
	make_domain(w, 0, w->r.guest_pa);
	assert_int_equal(psmmu_dev_add(w->r.p, 9, &sid, 1), 0);
	assert_int_equal(psmmu_attach_s2(w->r.p, sid, w->dom[0]), 0);
	put_guest(w, 0x40000100, "linear");
	assert_int_equal(dma_rd(w, sid, 0x40000100, buf, 7, NULL), 0);
	assert_string_equal(buf, "linear");
	pm_rig_fini(&w->r);
	free(w);
}

/*
 * Non-coherent DMA: the model sees only what the driver cleaned, and the
 * driver sees only what it invalidated, so every missing dma_sync fails.
 */
static void test_noncoherent(void **state)
{
	struct smmu_model_config mc;
	struct world *w;
	struct psmmu_batch b;
	struct smmu_cmd atc = { .op = SMMU_CMD_ATC_INV };
	char buf[16];

	(void)state;
	smmu_model_config_default(&mc);
	mc.iidr = 0x4890043Bu;
	mc.idr[0] &= ~(uint32_t)SMMU_IDR0_COHACC;
	w = world_new_ex(&mc, NULL, true);
	assert_false(w->r.p->sync_msi);		/* no COHACC: poll CONS */
	assert_int_equal(w->r.p->cr1, 0x0820);	/* NC, OSH */
	put_guest(w, VA_IPA, "old");
	put_guest(w, VA_IPA2, "new");
	assert_int_equal(psmmu_attach_nested(w->r.p, SID_A, w->dom[0],
					     &w->s1cfg), 0);
	assert_int_equal(dma_rd(w, SID_A, VA, buf, 4, NULL), 0);
	assert_string_equal(buf, "old");
	assert_int_equal(pgt_unmap(&w->s1, VA, 0x1000), 0);
	assert_int_equal(pgt_map(&w->s1, VA, VA_IPA2, 0x1000, &s1_prot), 0);
	assert_int_equal(psmmu_inv_va(w->r.p, w->dom[0], ASID, VA, 0x1000, 12,
				      true), 0);
	assert_int_equal(dma_rd(w, SID_A, VA, buf, 4, NULL), 0);
	assert_string_equal(buf, "new");
	/* events are read after an invalidate */
	assert_int_equal(dma_rd(w, SID_A, 0x20000000, buf, 4, NULL),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(psmmu_poll_events(w->r.p, 0), 1);
	assert_int_equal(w->r.h.ns1, 1);
	assert_int_equal(w->r.h.s1[0].evt.input_addr, 0x20000000);
	/* the CERROR_ILL replacement is cleaned too */
	atc.sid = SID_A;
	psmmu_batch_init(w->r.p, &b);
	assert_int_equal(psmmu_batch_add(&b, &atc), 0);
	assert_int_equal(psmmu_batch_submit(&b), -VSMMU_ERR_HW);
	assert_int_equal(psmmu_inv_asid(w->r.p, w->dom[0], ASID), 0);
	/* SIDs registered late get their L2 tables cleaned */
	uint32_t sid = 0x5511;
	assert_int_equal(psmmu_dev_add(w->r.p, 7, &sid, 1), 0);
	assert_int_equal(psmmu_attach_s2(w->r.p, sid, w->dom[0]), 0);
	assert_int_equal(dma_rd(w, sid, VA_IPA, buf, 4, NULL), 0);
	assert_string_equal(buf, "old");
	assert_true(w->r.h.syncs_to_dev > 10);
	assert_true(w->r.h.syncs_from_dev >= 1);
	pm_rig_fini(&w->r);
	free(w);
}

static void test_split_honoured(void **state)
{
	static const uint8_t splits[] = { 6, 8, 10 };
	unsigned int i;
	char buf[8];

	(void)state;
	for (i = 0; i < 3; i++) {
		struct psmmu_cfg cfg = { .strtab_split = splits[i] };
		struct world *w = world_new(NULL, &cfg);
		uint64_t l1;

		assert_int_equal(w->r.p->st.split, splits[i]);
		assert_int_equal(w->r.p->st.n_l1, 1u << (16 - splits[i]));
		/* SID_B's L1 descriptor: Span = SPLIT + 1 */
		l1 = vsmmu_le64_to_cpu(((const uint64_t *)w->r.p->st.base.va)
				       [SID_B >> splits[i]]);
		assert_int_equal(smmu_field_get(SMMU_L1STD_SPAN, l1),
				 splits[i] + 1u);
		assert_int_equal(psmmu_attach_s2(w->r.p, SID_B, w->dom[1]), 0);
		strcpy(pf_mem_va(&w->r.h.mem, w->ram_b + 0x7000), "split");
		assert_int_equal(dma_rd(w, SID_B, 0x40007000, buf, 6, NULL), 0);
		assert_string_equal(buf, "split");
		pm_rig_fini(&w->r);
		free(w);
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_dma_stage2),
		T(test_dma_nested),
		T(test_s1_change_after_invalidation),
		T(test_cd_change_after_cfgi_cd),
		T(test_domains_isolated),
		T(test_ste_updates_seen_by_hardware),
		T(test_unregistered_sid),
		T(test_s1_fault_reaches_callback),
		T(test_s2_fault_not_forwarded),
		cmocka_unit_test(test_long_batch_wraps),
		cmocka_unit_test(test_long_batch_deferred),
		T(test_cerror_ill_recovery),
		cmocka_unit_test(test_timeout_deferred_model),
		cmocka_unit_test(test_evtq_overflow),
		T(test_sync_modes),
		cmocka_unit_test(test_model_errata_default),
		cmocka_unit_test(test_linear_table_model),
		cmocka_unit_test(test_split_honoured),
		cmocka_unit_test(test_noncoherent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
