// SPDX-License-Identifier: MIT
/*
 * src/vsmmu/core.c: creation and its refusals, kick/resume, counters, and
 * several threads hammering one vSMMU (the per-vSMMU lock, CMDQ_CONS read
 * without it): no lost command, no lost or duplicated event record.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <cmocka.h>

#include "fakes/vsmmu_fake_host.h"

static void test_create_refusals(void **state)
{
	struct vsmmu_host_ops ops;
	struct vsmmu *v = (struct vsmmu *)1;
	struct vfx f;

	(void)state;
	vfx_init(&f, 1 << 20);
	vfx_map(&f, 0x40, 5);
	ops = f.ops;
	assert_int_equal(vsmmu_create(NULL, &ops, &f, f.d, &v),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(vsmmu_create(&f.cfg, NULL, &f, f.d, &v),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(vsmmu_create(&f.cfg, &ops, &f, NULL, &v),
			 -VSMMU_ERR_INVAL);
	ops.gpa_read = NULL;
	assert_int_equal(vsmmu_create(&f.cfg, &ops, &f, f.d, &v),
			 -VSMMU_ERR_INVAL);
	ops = f.ops;
	ops.lock_ops.unlock = NULL;
	assert_int_equal(vsmmu_create(&f.cfg, &ops, &f, f.d, &v),
			 -VSMMU_ERR_INVAL);
	ops = f.ops;
	f.cfg.sid_bits = 33;
	assert_int_equal(vsmmu_create(&f.cfg, &ops, &f, f.d, &v),
			 -VSMMU_ERR_INVAL);
	f.cfg.sid_bits = 0;
	f.cfg.cmdq_log2_max = 20;
	assert_int_equal(vsmmu_create(&f.cfg, &ops, &f, f.d, &v),
			 -VSMMU_ERR_INVAL);
	f.cfg.cmdq_log2_max = 0;
	/* A physical SMMU without stage 1 gets no vSMMU. */
	{
		struct vfx g;

		int r;

		vfx_init(&g, 1 << 20);
		g.mock.idr[0] &= ~(uint32_t)SMMU_IDR0_S1P;
		/* The framework may refuse such a backend already. */
		r = viommu_add_backend(g.d, &viommu_mock_ops, &g.mock, &g.bidx);
		assert_true(r == 0 || r == -VSMMU_ERR_NOTSUPP);
		g.have_backend = 1;
		assert_int_equal(vsmmu_create(&g.cfg, &g.ops, &g, g.d, &g.v),
				 r ? -VSMMU_ERR_NOENT : -VSMMU_ERR_NOTSUPP);
		g.v = NULL;
		vfx_fini(&g);
	}
	/*
	 * Hardware that forces stalls (STALL_MODEL = 0b10) without
	 * cfg.stall: the guest would be told 0b01, write CDs with S = 0,
	 * and every one would be ILLEGAL on the physical SMMU (facts §4.4).
	 */
	{
		struct vfx g;

		vfx_init(&g, 1 << 20);
		g.mock.idr[0] = (uint32_t)smmu_field_set(SMMU_IDR0_STALL_MODEL,
			g.mock.idr[0], SMMU_IDR0_STALL_MODEL_FORCE);
		vfx_map(&g, 0x40, 5);
		assert_int_equal(vsmmu_create(&g.cfg, &g.ops, &g, g.d, &g.v),
				 -VSMMU_ERR_NOTSUPP);
		assert_null(g.v);
		g.cfg.stall = true;
		vfx_create(&g);
		assert_int_equal(smmu_field_get(SMMU_IDR0_STALL_MODEL,
						vfx_rd32(&g, SMMU_IDR0)),
				 SMMU_IDR0_STALL_MODEL_FORCE);
		vfx_fini(&g);
	}
	/*
	 * sid_bits must cover every vSID already mapped (vsmmu.h): a vSID
	 * the guest cannot name would keep whatever the host left on its
	 * pSID, out of the guest's and the vSMMU's reach.
	 */
	{
		struct vfx g;

		vfx_init(&g, 1 << 20);
		vfx_map(&g, 0x40, 0x1000);
		g.cfg.sid_bits = 12;
		assert_int_equal(vsmmu_create(&g.cfg, &g.ops, &g, g.d, &g.v),
				 -VSMMU_ERR_INVAL);
		assert_null(g.v);
		g.cfg.sid_bits = 13;
		vfx_create(&g);
		vfx_fini(&g);
	}
	/* Nothing of the refused attempts reached the backend. */
	assert_int_equal(f.mock.ncalls, 0);
	vfx_create(&f);
	vsmmu_destroy(NULL);
	assert_int_equal(vsmmu_resume(NULL), -VSMMU_ERR_INVAL);
	assert_int_equal(vsmmu_mmio_write(NULL, 0, 4, 0), -VSMMU_ERR_INVAL);
	vfx_fini(&f);
}

static void test_kick_and_counters(void **state)
{
	struct vsmmu_counters cnt;
	struct vfx_layout lay;
	struct smmu_cmd c;
	unsigned int i;
	struct vfx f;

	(void)state;
	vfx_init(&f, 4 << 20);
	f.cfg.cmd_budget = 4;
	vfx_create(&f);
	vfx_default_layout(&lay);
	vfx_linux_reset(&f, &lay);
	vsmmu_get_counters(f.v, &cnt);
	assert_int_equal(cnt.cmds, 3);
	assert_int_equal(cnt.syncs, 1);
	f.kicks = 0;
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_ALL;
	for (i = 0; i < 10; i++)
		vfx_cmd(&f, &c);
	assert_int_equal(vfx_cmd_publish(&f), VSMMU_PENDING);
	assert_int_equal(f.kicks, 1);
	assert_int_equal(vfx_drain(&f, 10), 2);
	assert_int_equal(f.kicks, 2);
	vsmmu_get_counters(f.v, &cnt);
	assert_int_equal(cnt.cmds, 13);
	assert_int_equal(cnt.inv_cmds, 11);
	assert_int_equal(cnt.inv_commits, 4);
	assert_int_equal(cnt.resumes, 2);
	vsmmu_get_counters(NULL, &cnt);
	vfx_fini(&f);
}

/* ---- Threads ---------------------------------------------------------- */

#define NCMDS 3000u
#define NEVTS 1500u	/* per event thread */

struct ham {
	struct vfx *f;
	atomic_int stop;
	atomic_int bad;
	unsigned int id;
};

static void *producer(void *arg)
{
	struct ham *h = arg;
	struct vfx *f = h->f;
	uint32_t size = 1u << f->cmdq_log2;
	unsigned int i;

	for (i = 0; i < NCMDS; i++) {
		struct smmu_cmd c;
		uint64_t w[2];
		uint64_t cons;

		/* Wait for space, polling CONS as Linux does. */
		for (;;) {
			if (vsmmu_mmio_read(f->v, SMMU_CMDQ_CONS, 4, &cons))
				h->bad = 1;
			if (((f->prod - (uint32_t)cons) &
			     (2 * size - 1)) < size)
				break;
			sched_yield();
		}
		memset(&c, 0, sizeof(c));
		c.op = (i % 8 == 7) ? SMMU_CMD_SYNC : SMMU_CMD_TLBI_NH_ASID;
		c.cs = SMMU_SYNC_CS_SEV;
		c.asid = (uint16_t)i;
		if (smmu_cmd_encode(&c, w))
			h->bad = 1;
		memcpy(f->mem + f->cmdq + (uint64_t)(f->prod & (size - 1)) * 16,
		       w, 16);
		f->prod = (f->prod + 1) & (2 * size - 1);
		if (i % 3 == 2 || i == NCMDS - 1) {
			int r = vsmmu_mmio_write(f->v, SMMU_CMDQ_PROD, 4,
						 f->prod);

			if (r != 0 && r != VSMMU_PENDING)
				h->bad = 1;
		}
	}
	return NULL;
}

static void *resumer(void *arg)
{
	struct ham *h = arg;

	while (!h->stop)
		if (vsmmu_resume(h->f->v) < 0)
			h->bad = 1;
	return NULL;
}

static void *eventer(void *arg)
{
	struct ham *h = arg;
	unsigned int i;

	for (i = 0; i < NEVTS; i++) {
		uint64_t rec[4] = { SMMU_EVT_F_TRANSLATION |
				    ((uint64_t)h->id << 32), 0,
				    ((uint64_t)h->id << 32) | i, 0 };

		if (vsmmu_deliver_event(h->f->v, rec))
			h->bad = 1;
	}
	return NULL;
}

static void *registers(void *arg)
{
	struct ham *h = arg;
	unsigned int n = 0;
	uint64_t v;

	while (!h->stop) {
		if (vsmmu_mmio_read(h->f->v, SMMU_IDR0, 4, &v) || !v)
			h->bad = 1;
		if (vsmmu_mmio_read(h->f->v, SMMU_GERROR, 4, &v) || v)
			h->bad = 1;
		vsmmu_mmio_write(h->f->v, SMMU_IRQ_CTRL, 4,
				 (n++ & 1) ? 0 : SMMU_IRQ_CTRL_EVENTQ_IRQEN);
		vsmmu_mmio_write(h->f->v, SMMU_STRTAB_BASE, 8, 0x700000);
		vsmmu_mmio_read(h->f->v, SMMU_EVENTQ_PROD, 4, &v);
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct ham hp, hr, he1, he2, hg;
	pthread_t tp, tr, te1, te2, tg;
	struct vsmmu_counters cnt;
	struct vfx_layout lay;
	unsigned int i;
	uint8_t *seen;
	struct vfx f;

	(void)state;
	vfx_init(&f, 4 << 20);
	vfx_map(&f, 0x40, 5);	/* TLBIs reach a backend with devices */
	f.cfg.cmd_budget = 16;
	vfx_create(&f);
	vfx_default_layout(&lay);
	lay.cmdq_log2 = 6;
	lay.evtq_log2 = 12;	/* 4096 records: room for both threads */
	lay.evtq = 0x240000;
	vfx_linux_reset(&f, &lay);
	viommu_mock_clear(&f.mock);
	f.sevs = 0;

	memset(&hp, 0, sizeof(hp));
	hp.f = &f;
	memcpy(&hr, &hp, sizeof(hp));
	memcpy(&he1, &hp, sizeof(hp));
	he1.id = 1;
	memcpy(&he2, &hp, sizeof(hp));
	he2.id = 2;
	memcpy(&hg, &hp, sizeof(hp));
	assert_int_equal(pthread_create(&tr, NULL, resumer, &hr), 0);
	assert_int_equal(pthread_create(&tg, NULL, registers, &hg), 0);
	assert_int_equal(pthread_create(&tp, NULL, producer, &hp), 0);
	assert_int_equal(pthread_create(&te1, NULL, eventer, &he1), 0);
	assert_int_equal(pthread_create(&te2, NULL, eventer, &he2), 0);
	pthread_join(tp, NULL);
	pthread_join(te1, NULL);
	pthread_join(te2, NULL);
	/* Let the resumer finish the queue. */
	for (i = 0; i < 100000; i++) {
		uint64_t cons;

		assert_int_equal(vsmmu_mmio_read(f.v, SMMU_CMDQ_CONS, 4,
						 &cons), 0);
		if ((uint32_t)cons == f.prod)
			break;
		sched_yield();
	}
	hr.stop = 1;
	hg.stop = 1;
	pthread_join(tr, NULL);
	pthread_join(tg, NULL);
	assert_false(hp.bad || hr.bad || he1.bad || he2.bad || hg.bad);

	assert_int_equal(vfx_rd32(&f, SMMU_CMDQ_CONS), f.prod);
	vsmmu_get_counters(f.v, &cnt);
	assert_int_equal(cnt.cmds, 3 + NCMDS);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_INV_ADD),
			 NCMDS - NCMDS / 8);
	assert_int_equal(f.sevs, NCMDS / 8);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR), 0);
	/* The stream table base stayed frozen (SMMUEN = 1). */
	assert_int_equal(vfx_rd64(&f, SMMU_STRTAB_BASE),
			 SMMU_STRTAB_BASE_RA | lay.strtab);

	/* Every record exactly once. */
	assert_int_equal(cnt.events, 2 * NEVTS);
	assert_int_equal(vfx_rd32(&f, SMMU_EVENTQ_PROD), 2 * NEVTS);
	seen = calloc(2, NEVTS);
	assert_non_null(seen);
	for (i = 0; i < 2 * NEVTS; i++) {
		uint64_t a = vfx_mem_r64(&f, f.evtq + (uint64_t)i * 32 + 16);
		unsigned int id = (unsigned int)(a >> 32), n = a & 0xffffffff;

		assert_true(id == 1 || id == 2);
		assert_true(n < NEVTS);
		assert_int_equal(seen[(id - 1) * NEVTS + n], 0);
		seen[(id - 1) * NEVTS + n] = 1;
	}
	free(seen);
	vfx_fini(&f);
}

/*
 * A hostile guest: random register writes over random guest memory
 * (commands, STEs, CDs, tables all garbage). Every call returns 0 or
 * VSMMU_PENDING, nothing crashes, and each call's work stays bounded.
 */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void test_random_guest(void **state)
{
	static const uint32_t offs[] = {
		SMMU_CR0, SMMU_CR1, SMMU_CR2, SMMU_GBPA, SMMU_IRQ_CTRL,
		SMMU_GERRORN, SMMU_GERROR_IRQ_CFG0, SMMU_GERROR_IRQ_CFG1,
		SMMU_STRTAB_BASE, SMMU_STRTAB_BASE + 4, SMMU_STRTAB_BASE_CFG,
		SMMU_CMDQ_BASE, SMMU_CMDQ_PROD, SMMU_CMDQ_CONS,
		SMMU_EVENTQ_BASE, SMMU_EVENTQ_PROD, SMMU_EVENTQ_CONS,
		SMMU_EVENTQ_IRQ_CFG0, SMMU_EVENTQ_PROD_P0, 0x0f00, 0x10020,
	};
	uint64_t seed = 0x9e3779b97f4a7c15ull, val;
	struct vsmmu_xlate o;
	unsigned int i;
	struct vfx f;

	(void)state;
	vfx_init(&f, 1 << 20);
	for (i = 0; i < 16; i++)
		vfx_map(&f, 0x40 + i, i * 3);
	f.cfg.cmd_budget = 32;
	f.cfg.sid_bits = 12;
	vfx_create(&f);
	/* Half the 16-byte slots hold a valid command, half garbage. */
	for (i = 0; i < (1u << 20) / 16; i++) {
		static const uint8_t ops[] = {
			SMMU_CMD_CFGI_STE, SMMU_CMD_CFGI_STE_RANGE,
			SMMU_CMD_CFGI_CD, SMMU_CMD_TLBI_NH_ASID,
			SMMU_CMD_TLBI_NH_ALL, SMMU_CMD_SYNC,
			SMMU_CMD_TLBI_NSNH_ALL, SMMU_CMD_PREFETCH_CONFIG,
		};
		uint64_t r = rnd(&seed), w[2] = { rnd(&seed), rnd(&seed) };
		struct smmu_cmd c;

		if (r & 1) {
			memset(&c, 0, sizeof(c));
			c.op = ops[(r >> 1) % sizeof(ops)];
			c.sid = (uint32_t)(r >> 8) & 0x3f;
			c.range = (uint8_t)((r >> 20) % 6);
			c.asid = (uint16_t)(r >> 24);
			c.cs = (uint8_t)((r >> 40) % 3);
			c.msiaddr = (r >> 42) & 0xffffc;
			assert_int_equal(smmu_cmd_encode(&c, w), 0);
		}
		vfx_mem_w64(&f, (uint64_t)i * 16, w[0]);
		vfx_mem_w64(&f, (uint64_t)i * 16 + 8, w[1]);
	}
	for (i = 0; i < 40000; i++) {
		uint64_t r = rnd(&seed);
		uint32_t off = offs[r % VSMMU_ARRAY_SIZE(offs)];
		unsigned int size = (r >> 8) & 1 ? 8 : 4;
		int ret;

		val = rnd(&seed);
		/* Bias toward small addresses inside guest memory. */
		if ((r >> 9) & 1)
			val &= 0xfffff | (0xffull << 56) | 0x1f;
		if ((r >> 10) & 3)
			ret = vsmmu_mmio_write(f.v, off, size, val);
		else
			ret = vsmmu_mmio_read(f.v, off, size, &val);
		assert_true(ret == 0 || ret == VSMMU_PENDING);
		if ((r >> 12) % 16 == 0) {
			ret = vsmmu_resume(f.v);
			assert_true(ret == 0 || ret == VSMMU_PENDING);
		}
		if ((r >> 16) % 8 == 0) {
			struct pgt_access a = { PGT_ACC_READ, false };

			ret = vsmmu_translate(f.v, (uint32_t)(r >> 20) & 0xfff,
					      (r >> 40) & 1 ?
					      (uint32_t)(r >> 41) & 0xff :
					      VSMMU_SSID_NONE,
					      rnd(&seed) & 0xffffffffffull, a, &o);
			assert_true(ret == 0 || ret == -VSMMU_ERR_FAULT);
		}
		if ((r >> 24) % 64 == 0) {
			uint64_t rec[4] = { rnd(&seed), rnd(&seed), 0, 0 };

			/* a StreamID beyond SIDSIZE is dropped (RANGE) */
			ret = vsmmu_deliver_event(f.v, rec);
			assert_true(ret == 0 || ret == -VSMMU_ERR_RANGE);
		}
		if ((r >> 30) % 512 == 0)	/* fresh garbage */
			vfx_mem_w64(&f, rnd(&seed) & 0xffff8, rnd(&seed));
	}
	{
		struct vsmmu_counters c;

		vsmmu_get_counters(f.v, &c);
		print_message("random guest: %llu cmds, %llu cerrors, %llu "
			      "events, %llu attaches, %llu walks, %llu "
			      "ignored\n", (unsigned long long)c.cmds,
			      (unsigned long long)c.cmd_errors,
			      (unsigned long long)c.events,
			      (unsigned long long)(c.attach_s1 + c.attach_abort +
						   c.attach_bypass),
			      (unsigned long long)c.tlb_misses,
			      (unsigned long long)c.ignored_writes);
		/* The run exercised the interesting paths. */
		assert_true(c.cmd_errors > 0);
		assert_true(c.cmds > 0);
		assert_true(c.attach_abort > 0);
		assert_true(c.tlb_misses > 0);
	}
	vfx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_refusals),
		cmocka_unit_test(test_kick_and_counters),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_random_guest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
