// SPDX-License-Identifier: MIT
/*
 * Concurrency on one vSMMU, meant for ThreadSanitizer (make check-tsan)
 * and run in the ASan build too: vCPU threads issue MMIO - batches of
 * TLBIs with a CMD_SYNC, CONS polling without the guest's lock, register
 * rewrites, vsmmu_resume when a trap left work pending - while a physical
 * event thread routes stage-1 faults through viommu_route_event and a
 * guest vCPU drains the event queue.
 *
 * Checked after the threads join:
 *  - no lost command: CONS == PROD, the vSMMU counted every command, and
 *    every TLBI reached the backend exactly once (each carries a unique
 *    (ASID, address));
 *  - no lost event: events routed successfully = records the guest read
 *    + records the vSMMU counted as overflowed (no rate limit here; the
 *    framework returns BUSY otherwise, and nothing else failed).
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "vsmmu/arch.h"
#include "fakes/vsmmu_fake_host.h"

#define NVCPU	 3u
#define BATCHES	 400u
#define PER	 7u		/* TLBIs per batch, then a CMD_SYNC */
#define NEVENTS	 3000u
#define PSID	 0x100u

struct rig {
	struct vfx f;
	pthread_mutex_t glock;		/* the guest driver's queue lock */
	pthread_mutex_t vlock;		/* the framework's domain lock */
	atomic_int events_done;
	atomic_uint routed, route_err;
	unsigned int consumed, bad_records;
};

struct vcpu {
	struct rig *r;
	unsigned int id;
};

static uint32_t rd(struct rig *r, uint32_t off)
{
	uint64_t v = 0;

	assert_int_equal(vsmmu_mmio_read(r->f.v, off, 4, &v), 0);
	return (uint32_t)v;
}

static void wr(struct rig *r, uint32_t off, uint32_t val)
{
	int ret = vsmmu_mmio_write(r->f.v, off, 4, val);

	assert_true(ret == 0 || ret == VSMMU_PENDING);
}

static uint32_t q_used(uint32_t prod, uint32_t cons, unsigned int log2n)
{
	uint32_t m = (2u << log2n) - 1u;

	return (prod - cons) & m;
}

static void *vcpu_main(void *arg)
{
	struct vcpu *c = arg;
	struct rig *r = c->r;
	unsigned int b, i, log2n = r->f.cmdq_log2;
	uint32_t mask = (2u << log2n) - 1u, cons;
	struct smmu_cmd cmd;
	uint64_t w[2];

	for (b = 0; b < BATCHES; b++) {
		pthread_mutex_lock(&r->glock);
		/* room for the batch: poll CONS, finish pending work */
		for (;;) {
			cons = rd(r, SMMU_CMDQ_CONS) & mask;
			assert_int_equal(rd(r, SMMU_GERROR) &
					 SMMU_GERROR_CMDQ_ERR, 0);
			if ((1u << log2n) - q_used(r->f.prod, cons, log2n) >=
			    PER + 1u)
				break;
			vsmmu_resume(r->f.v);
		}
		for (i = 0; i < PER; i++) {
			memset(&cmd, 0, sizeof(cmd));
			cmd.op = SMMU_CMD_TLBI_NH_VA;
			cmd.asid = (uint16_t)(c->id + 1u);
			cmd.addr = ((uint64_t)b * PER + i) << 12;
			cmd.leaf = true;
			assert_int_equal(smmu_cmd_encode(&cmd, w), 0);
			vfx_cmd_raw(&r->f, w[0], w[1]);
		}
		memset(&cmd, 0, sizeof(cmd));
		cmd.op = SMMU_CMD_SYNC;
		cmd.cs = SMMU_SYNC_CS_NONE;
		assert_int_equal(smmu_cmd_encode(&cmd, w), 0);
		vfx_cmd_raw(&r->f, w[0], w[1]);
		wr(r, SMMU_CMDQ_PROD, r->f.prod);
		pthread_mutex_unlock(&r->glock);
		/* lock-free CONS polls and register rewrites meanwhile */
		for (i = 0; i < 4; i++)
			(void)rd(r, SMMU_CMDQ_CONS);
		wr(r, SMMU_GERRORN, rd(r, SMMU_GERROR));
		wr(r, SMMU_IRQ_CTRL, rd(r, SMMU_IRQ_CTRL));
		if (b % 8 == 0)
			vsmmu_resume(r->f.v);
	}
	return NULL;
}

/* The physical side: faults of the device, routed by the framework. */
static void *event_main(void *arg)
{
	struct rig *r = arg;
	struct timespec pause = { 0, 20000 };
	struct smmu_evt e;
	uint64_t rec[4];
	unsigned int i;

	memset(&e, 0, sizeof(e));
	e.id = SMMU_EVT_F_TRANSLATION;
	e.sid = PSID;
	for (i = 0; i < NEVENTS; i++) {
		e.input_addr = 0x1000ull * (i + 1u);
		assert_int_equal(smmu_evt_encode(&e, rec), 0);
		if (viommu_route_event(r->f.d, r->f.bidx, PSID, rec) == 0)
			atomic_fetch_add(&r->routed, 1);
		else
			atomic_fetch_add(&r->route_err, 1);
		/* a device faulting at a pace the guest mostly keeps up with */
		if (i % 4 == 0)
			nanosleep(&pause, NULL);
	}
	atomic_store(&r->events_done, 1);
	return NULL;
}

/*
 * The guest's event handler: read PROD (under the vSMMU lock inside the
 * MMIO read, which orders the records before it), the records, CONS.
 */
static void drain_events(struct rig *r)
{
	uint32_t log2n = r->f.evtq_log2, mask = (2u << log2n) - 1u;
	uint32_t prod = rd(r, SMMU_EVENTQ_PROD), cons;
	struct smmu_evt e;

	cons = rd(r, SMMU_EVENTQ_CONS) & mask;
	/* acknowledge an overflow: OVACKFLG follows OVFLG */
	cons |= prod & SMMU_Q_OVF;
	prod &= mask;
	while ((cons & mask) != prod) {
		vfx_evt(&r->f, cons & ((1u << log2n) - 1u), &e);
		if (e.id != SMMU_EVT_F_TRANSLATION || e.sid != 1)
			r->bad_records++;
		r->consumed++;
		cons = (((cons & mask) + 1u) & mask) | (cons & SMMU_Q_OVF);
	}
	wr(r, SMMU_EVENTQ_CONS, cons);
}

static void *evcons_main(void *arg)
{
	struct rig *r = arg;

	while (!atomic_load(&r->events_done))
		drain_events(r);
	drain_events(r);
	return NULL;
}

static void r_lock(void *ctx, void *l)
{
	(void)ctx;
	pthread_mutex_lock(l);
}

static void r_unlock(void *ctx, void *l)
{
	(void)ctx;
	pthread_mutex_unlock(l);
}

static void *r_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return calloc(1, size);
}

static void r_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

static int r_acl(void *ctx, enum viommu_acl_op op, uint32_t domid,
		 uint32_t arg)
{
	(void)ctx;
	(void)op;
	(void)domid;
	(void)arg;
	return 0;
}

static const struct viommu_host_ops r_vops = {
	.alloc = r_alloc,
	.free = r_free,
	.lock = r_lock,
	.unlock = r_unlock,
	.access_check = r_acl,
};

static void test_vcpus_and_event_thread(void **state)
{
	struct rig *r;
	struct vcpu vc[NVCPU];
	struct viommu_cfg cfg;
	struct vfx_layout lay;
	struct vsmmu_counters cnt;
	pthread_t t[NVCPU + 2];
	unsigned int i, n, a, seen_bad = 0;
	uint64_t cmds0;
	uint8_t *seen;
	size_t k;

	(void)state;
	r = calloc(1, sizeof(*r));
	assert_non_null(r);
	vfx_init(&r->f, 4u << 20);
	r->f.quiet = 1;
	pthread_mutex_init(&r->glock, NULL);
	pthread_mutex_init(&r->vlock, NULL);
	/* a framework domain with its own lock (the fake host's has none) */
	viommu_dom_destroy(r->f.d);
	memset(&cfg, 0, sizeof(cfg));
	cfg.type = VIOMMU_TYPE_SMMUV3;
	cfg.lock = &r->vlock;
	assert_int_equal(viommu_dom_create(&cfg, &r_vops, r, 1, &r->f.d), 0);
	vfx_map(&r->f, PSID, 1);
	r->f.cfg.cmd_budget = 16;
	r->f.cfg.log_level = VSMMU_LOG_WARN;
	vfx_create(&r->f);
	vfx_default_layout(&lay);
	lay.evtq_log2 = 5;	/* small: overflows happen */
	vfx_linux_reset(&r->f, &lay);
	viommu_mock_clear(&r->f.mock);
	vsmmu_get_counters(r->f.v, &cnt);
	cmds0 = cnt.cmds;

	for (i = 0; i < NVCPU; i++) {
		vc[i].r = r;
		vc[i].id = i;
		assert_int_equal(pthread_create(&t[i], NULL, vcpu_main,
						&vc[i]), 0);
	}
	assert_int_equal(pthread_create(&t[NVCPU], NULL, event_main, r), 0);
	assert_int_equal(pthread_create(&t[NVCPU + 1], NULL, evcons_main, r),
			 0);
	for (i = 0; i < NVCPU + 2; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);

	vfx_drain(&r->f, 100000);
	/* no lost command */
	assert_int_equal(rd(r, SMMU_CMDQ_CONS) &
			 ((2u << r->f.cmdq_log2) - 1u), r->f.prod);
	assert_int_equal(rd(r, SMMU_GERROR) & SMMU_GERROR_CMDQ_ERR, 0);
	vsmmu_get_counters(r->f.v, &cnt);
	assert_int_equal(cnt.cmds - cmds0, NVCPU * BATCHES * (PER + 1u));
	n = NVCPU * BATCHES * PER;
	seen = calloc(n, 1);
	assert_non_null(seen);
	for (k = 0; k < viommu_mock_count(&r->f.mock, VMOCK_INV_ADD); k++) {
		const struct viommu_mock_call *mc =
			viommu_mock_nth(&r->f.mock, VMOCK_INV_ADD, k);

		a = (unsigned int)(mc->cmd.addr >> 12);
		if (mc->cmd.op != SMMU_CMD_TLBI_NH_VA || mc->cmd.asid < 1 ||
		    mc->cmd.asid > NVCPU || a >= BATCHES * PER) {
			seen_bad++;
			continue;
		}
		seen[(mc->cmd.asid - 1u) * BATCHES * PER + a]++;
	}
	assert_int_equal(seen_bad, 0);
	for (i = 0; i < n; i++)
		if (seen[i] != 1)
			fail_msg("TLBI %u reached the backend %u times", i,
				 seen[i]);
	free(seen);
	/* no lost event */
	assert_int_equal(r->bad_records, 0);
	assert_int_equal(atomic_load(&r->route_err), 0);
	assert_int_equal(atomic_load(&r->routed),
			 r->consumed + cnt.events_overflow);
	printf("threads: %u vCPUs, %u commands (%u TLBIs once each), "
	       "%llu counted; %u events routed = %u read + %llu "
	       "overflowed\n", NVCPU, NVCPU * BATCHES * (PER + 1u), n,
	       (unsigned long long)(cnt.cmds - cmds0), atomic_load(&r->routed),
	       r->consumed, (unsigned long long)cnt.events_overflow);
	vfx_fini(&r->f);
	pthread_mutex_destroy(&r->glock);
	pthread_mutex_destroy(&r->vlock);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vcpus_and_event_thread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
