// SPDX-License-Identifier: MIT
/*
 * Several threads drive one psmmu on the model at once, with real mutexes
 * as the host lock: attaches, invalidations, batches, event draining and
 * GERROR handling interleave, devices keep translating. Checks that every
 * entry point takes the lock (the host aborts on a nested or foreign
 * unlock, and on a fault callback made with the lock held) and that the
 * results stay right. No timing: each thread does a fixed amount of work.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fakes/psmmu_model_glue.h"
#include "psmmu/internal.h"

#define NTHREADS 4
#define ROUNDS 60
#define VA 0x10000000ull
#define ASID 7u

struct shared {
	struct pm_rig r;
	struct pgt_table s2, s1;
	struct psmmu_domain *dom;
	struct psmmu_s1_cfg s1cfg;
	int failures;
};

struct worker {
	struct shared *s;
	unsigned int id;
	uint32_t sid;
	int err;		/* first failure: line number */
};

static const struct pgt_prot s2_prot = { PGT_PROT_R | PGT_PROT_W, 0xF, 3 };
static const struct pgt_prot s1_prot = {
	PGT_PROT_R | PGT_PROT_W | PGT_PROT_UNPRIV | PGT_PROT_NG, 0, 3 };

static void shared_init(struct shared *s)
{
	struct pgt_table_cfg t2 = { .fmt = PGT_FMT_S2, .granule = PGT_GRAN_4K,
				    .tsz = 24, .oas = 48, .sl0 = PGT_SL0_AUTO };
	struct pgt_table_cfg t1 = { .fmt = PGT_FMT_S1, .granule = PGT_GRAN_4K,
				    .tsz = 25, .oas = 40 };
	struct pgt_mem hm = pf_pgt_mem(&s->r.h.mem), gm;
	struct pgt_alloc_ops ha = pf_pgt_alloc(&s->r.h.mem), ga;
	struct pgt_s2_cfg c;
	struct psmmu_s2_cfg s2 = { .ir = 1, .orgn = 1, .sh = 3 };
	struct smmu_cd cd;
	uint64_t d[8], cd_ipa;
	unsigned int i;

	assert_int_equal(pm_rig_init_opts(&s->r, NULL, NULL, false, true), 0);
	assert_int_equal(pgt_table_init(&s->s2, &t2, &hm, &ha), 0);
	assert_int_equal(pgt_map(&s->s2, PM_GUEST_IPA, s->r.guest_pa,
				 PM_GUEST_SIZE, &s2_prot), 0);
	assert_int_equal(pgt_table_s2_cfg(&s->s2, &c), 0);
	s2.vttb = c.vttb;
	s2.granule_log2 = (uint8_t)c.granule;
	s2.tsz = c.tsz;
	s2.sl0 = c.sl0;
	s2.ps_bits = c.ps;
	assert_int_equal(psmmu_domain_create(s->r.p, &s2, &s->dom), 0);

	gm = pm_guest_mem(&s->r);
	ga = pm_guest_alloc(&s->r);
	assert_int_equal(pgt_table_init(&s->s1, &t1, &gm, &ga), 0);
	/* VA + i pages -> IPA page i of guest RAM, which holds i */
	for (i = 0; i < NTHREADS; i++) {
		assert_int_equal(pgt_map(&s->s1, VA + i * 0x1000ull,
					 PM_GUEST_IPA + i * 0x1000ull, 0x1000,
					 &s1_prot), 0);
		*(uint32_t *)pm_guest_va(&s->r, PM_GUEST_IPA + i * 0x1000ull) =
			0xC0DE0000u + i;
	}
	memset(&cd, 0, sizeof(cd));
	cd.t0sz = 25;
	cd.ir0 = cd.or0 = 1;
	cd.sh0 = 3;
	cd.epd1 = cd.v = cd.aa64 = cd.r = cd.a = true;
	cd.ips = (uint8_t)smmu_oas_encode(40);
	cd.asid = ASID;
	cd.ttb0 = s->s1.root.v;
	cd.mair = 0xFF;
	assert_int_equal(smmu_cd_encode(&cd, d), 0);
	cd_ipa = pm_guest_alloc_ipa(&s->r, 64, 64);
	for (i = 0; i < 8; i++)
		d[i] = vsmmu_cpu_to_le64(d[i]);
	memcpy(pm_guest_va(&s->r, cd_ipa), d, sizeof(d));
	memset(&s->s1cfg, 0, sizeof(s->s1cfg));
	s->s1cfg.s1ctxptr = cd_ipa;
	s->s1cfg.s1cir = s->s1cfg.s1cor = 1;
	s->s1cfg.s1csh = 3;
}

#define CHECK(w, cond)                                  \
	do {                                            \
		if (!(cond) && !(w)->err)               \
			(w)->err = __LINE__;            \
	} while (0)

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct shared *s = w->s;
	struct smmu_model_result res;
	struct psmmu_batch b;
	struct smmu_cmd c = { .op = SMMU_CMD_TLBI_NH_ASID };
	uint32_t v;
	unsigned int n, i;

	for (n = 0; n < ROUNDS && !w->err; n++) {
		/* nested: VA page id reads the word id wrote */
		CHECK(w, psmmu_attach_nested(s->r.p, w->sid, s->dom,
					     &s->s1cfg) == 0);
		v = 0;
		CHECK(w, smmu_model_dma_read(s->r.m, w->sid, SMMU_MODEL_NO_SSID,
					     VA + w->id * 0x1000ull, &v, 4, 0,
					     &res) == 0);
		CHECK(w, v == 0xC0DE0000u + w->id);
		CHECK(w, psmmu_inv_va(s->r.p, s->dom, ASID,
				      VA + w->id * 0x1000ull, 0x1000, 12,
				      true) == 0);
		/* a stage-1 fault of our own, drained by whoever polls */
		(void)smmu_model_dma_read(s->r.m, w->sid, SMMU_MODEL_NO_SSID,
					  0x30000000ull, &v, 4, 0, &res);
		/* stage 2 only: the IPA reads the same word */
		CHECK(w, psmmu_attach_s2(s->r.p, w->sid, s->dom) == 0);
		v = 0;
		CHECK(w, smmu_model_dma_read(s->r.m, w->sid, SMMU_MODEL_NO_SSID,
					     PM_GUEST_IPA + w->id * 0x1000ull,
					     &v, 4, 0, &res) == 0);
		CHECK(w, v == 0xC0DE0000u + w->id);
		/* a batch longer than PSMMU_BATCH_MAX, flushed in pieces */
		psmmu_batch_init(s->r.p, &b);
		c.vmid = psmmu_domain_vmid(s->dom);
		for (i = 0; i < 100; i++) {
			c.asid = (uint16_t)(w->id * 100 + i);
			CHECK(w, psmmu_batch_add(&b, &c) == 0);
		}
		CHECK(w, psmmu_batch_submit(&b) == 0);
		CHECK(w, psmmu_poll_events(s->r.p, 8) >= 0);
		CHECK(w, psmmu_handle_gerror(s->r.p) == 0);
		CHECK(w, psmmu_detach(s->r.p, w->sid) == 0);
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct shared *s = calloc(1, sizeof(*s));
	struct worker w[NTHREADS];
	pthread_t t[NTHREADS];
	struct psmmu_stats st;
	unsigned int i;
	int n;

	(void)state;
	shared_init(s);
	for (i = 0; i < NTHREADS; i++) {
		w[i].s = s;
		w[i].id = i;
		w[i].sid = 0x100u + i * 0x100u;	/* one L2 table each */
		w[i].err = 0;
		assert_int_equal(psmmu_dev_add(s->r.p, i, &w[i].sid, 1), 0);
	}
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker_main, &w[i]),
				 0);
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (i = 0; i < NTHREADS; i++) {
		if (w[i].err)
			print_error("thread %u failed at line %d\n", i, w[i].err);
		assert_int_equal(w[i].err, 0);
	}
	/* drain what is left: every stage-1 fault went to the callback */
	do {
		n = psmmu_poll_events(s->r.p, 0);
		assert_true(n >= 0);
	} while (n > 0);
	psmmu_get_stats(s->r.p, &st);
	assert_int_equal(st.cmd_errors, 0);
	assert_int_equal(st.timeouts, 0);
	assert_int_equal(st.s1_faults, s->r.h.ns1);
	/*
	 * A fault read after its SID was detached is no longer a guest's:
	 * it goes to other_event. Either way every record went somewhere.
	 */
	assert_int_equal(s->r.h.ns1 + s->r.h.nother, st.events);
	assert_true(st.events > 0);
	for (i = 0; i < s->r.h.ns1 && i < PF_REC; i++)
		assert_int_equal(s->r.h.s1[i].sid & 0xff, 0);
	assert_int_equal(s->r.h.lock_depth, 0);
	assert_int_equal(psmmu_domain_destroy(s->r.p, s->dom), 0);
	pm_rig_fini(&s->r);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
