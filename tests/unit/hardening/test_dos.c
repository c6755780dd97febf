// SPDX-License-Identifier: MIT
/*
 * Denial-of-service bounds of the vSMMU, on the direct stack (vsmmu ->
 * viommu -> recording mock backend, tests/fakes), with every host
 * callback counted per trap:
 *
 *  - a guest that fills a 2^19-entry command queue and rings the doorbell
 *    gets at most cmd_budget commands run per vsmmu_mmio_write or
 *    vsmmu_resume, and a bounded number of host calls per trap; the
 *    whole queue completes through vsmmu_resume;
 *  - a guest spinning on GERRORN writes, or toggling CR0.SMMUEN with many
 *    vSIDs mapped, makes the host do a bounded amount of work per trap;
 *  - a device storming stage-1 faults gets exactly the token bucket's
 *    worth of events into the guest, the rest counted as dropped.
 *
 * A second domain's events during a storm: tests/e2e/test_nested.c
 * (test_storm) already shows they arrive; not repeated here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vsmmu/arch.h"
#include "fakes/vsmmu_fake_host.h"

#define BUDGET 32u

struct dos {
	struct vfx f;
	unsigned long host_calls;	/* every vSMMU host callback */
	unsigned long reads;
};

static struct vsmmu_host_ops base_ops;

static int d_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct dos *x = ctx;

	x->host_calls++;
	x->reads++;
	return base_ops.gpa_read(&x->f, gpa, buf, len);
}

static int d_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	struct dos *x = ctx;

	x->host_calls++;
	return base_ops.gpa_write(&x->f, gpa, buf, len);
}

static int d_msi(void *ctx, uint64_t addr, uint32_t data)
{
	struct dos *x = ctx;

	x->host_calls++;
	return base_ops.msi_write(&x->f, addr, data);
}

static void d_irq(void *ctx, enum vsmmu_irq_line line, bool level)
{
	struct dos *x = ctx;

	x->host_calls++;
	base_ops.irq_set(&x->f, line, level);
}

static void d_sev(void *ctx)
{
	struct dos *x = ctx;

	x->host_calls++;
	base_ops.sev(&x->f);
}

static void d_kick(void *ctx)
{
	((struct dos *)ctx)->host_calls++;
}

static void d_log(void *ctx, enum vsmmu_log_level lvl, const char *msg)
{
	(void)lvl;
	(void)msg;
	((struct dos *)ctx)->host_calls++;
}

static void *d_alloc(void *ctx, size_t size)
{
	((struct dos *)ctx)->host_calls++;
	return calloc(1, size);
}

static void d_free(void *ctx, void *p, size_t size)
{
	(void)size;
	((struct dos *)ctx)->host_calls++;
	free(p);
}

static void d_lock(void *ctx, void *lock)
{
	(void)ctx;
	pthread_mutex_lock(lock);
}

static void d_unlock(void *ctx, void *lock)
{
	(void)ctx;
	pthread_mutex_unlock(lock);
}

static const struct vsmmu_host_ops d_ops = {
	.gpa_read = d_read,
	.gpa_write = d_write,
	.irq_set = d_irq,
	.msi_write = d_msi,
	.sev = d_sev,
	.kick = d_kick,
	.log = d_log,
	.mem = { .alloc = d_alloc, .free = d_free },
	.lock_ops = { .lock = d_lock, .unlock = d_unlock },
};

static void dos_create(struct dos *x)
{
	x->f.cfg.cmd_budget = BUDGET;
	x->f.cfg.log_level = VSMMU_LOG_WARN;
	assert_int_equal(vsmmu_create(&x->f.cfg, &d_ops, x, x->f.d, &x->f.v),
			 0);
}

static void dos_init(struct dos *x, size_t mem)
{
	memset(x, 0, sizeof(*x));
	vfx_init(&x->f, mem);
	x->f.quiet = 1;
	base_ops = x->f.ops;
}

/*
 * The guest's reset, without Linux's CFGI_ALL (its range is budgeted and
 * would need resumes the poll of vfx_linux_reset does not make).
 */
static void dos_reset(struct dos *x, const struct vfx_layout *lay)
{
	uint32_t cr0 = (uint32_t)(SMMU_CR0_CMDQEN | SMMU_CR0_EVENTQEN);

	vfx_wr32(&x->f, SMMU_CR0, 0);
	vfx_wr64(&x->f, SMMU_STRTAB_BASE, SMMU_STRTAB_BASE_RA | lay->strtab);
	vfx_wr32(&x->f, SMMU_STRTAB_BASE_CFG, (uint32_t)smmu_field_prep(
			 SMMU_STRTAB_BASE_CFG_LOG2SIZE, lay->st_log2));
	x->f.strtab = lay->strtab;
	vfx_wr64(&x->f, SMMU_CMDQ_BASE, SMMU_Q_BASE_RWA | lay->cmdq |
		 lay->cmdq_log2);
	vfx_wr32(&x->f, SMMU_CMDQ_PROD, 0);
	vfx_wr32(&x->f, SMMU_CMDQ_CONS, 0);
	x->f.cmdq = lay->cmdq;
	x->f.cmdq_log2 = lay->cmdq_log2;
	x->f.prod = 0;
	vfx_wr64(&x->f, SMMU_EVENTQ_BASE, SMMU_Q_BASE_RWA | lay->evtq |
		 lay->evtq_log2);
	vfx_wr32(&x->f, SMMU_EVENTQ_PROD, 0);
	vfx_wr32(&x->f, SMMU_EVENTQ_CONS, 0);
	x->f.evtq = lay->evtq;
	x->f.evtq_log2 = lay->evtq_log2;
	vfx_wr32(&x->f, SMMU_CR0, cr0);
	vfx_wr32(&x->f, SMMU_CR0, cr0 | (uint32_t)SMMU_CR0_SMMUEN);
	vfx_drain(&x->f, 100000);
	assert_int_equal(vfx_rd32(&x->f, SMMU_CR0ACK),
			 cr0 | (uint32_t)SMMU_CR0_SMMUEN);
}

static uint64_t cmds_done(struct dos *x)
{
	struct vsmmu_counters c;

	vsmmu_get_counters(x->f.v, &c);
	return c.cmds;
}

/* 2^19 commands, one doorbell: budget per call, all done by resume. */
static void test_full_cmdq(void **state)
{
	struct dos x;
	struct vfx_layout lay;
	struct smmu_cmd c;
	uint64_t w[2], before, done, maxrun = 0, calls = 0, max_host = 0;
	uint32_t n = 1u << 19, i;
	unsigned long h0;
	int ret;

	(void)state;
	dos_init(&x, 16u << 20);
	vfx_map(&x.f, 0x100, 1);
	dos_create(&x);
	vfx_default_layout(&lay);
	lay.cmdq = 0x800000;		/* 8 MiB: 2^19 commands, aligned */
	lay.cmdq_log2 = 19;
	dos_reset(&x, &lay);
	/* Mostly TLBI_NH_ASID (forwarded), a CMD_SYNC every 4096. */
	for (i = 0; i < n; i++) {
		memset(&c, 0, sizeof(c));
		if ((i & 4095u) == 4095u) {
			c.op = SMMU_CMD_SYNC;
			c.cs = SMMU_SYNC_CS_NONE;
		} else {
			c.op = SMMU_CMD_TLBI_NH_ASID;
			c.asid = (uint16_t)(i & 0xff);
		}
		assert_int_equal(smmu_cmd_encode(&c, w), 0);
		vfx_cmd_raw(&x.f, w[0], w[1]);
	}
	/* PROD has wrapped onto CONS with the other wrap bit: full. */
	before = cmds_done(&x);
	h0 = x.host_calls;
	ret = vsmmu_mmio_write(x.f.v, SMMU_CMDQ_PROD, 4, x.f.prod);
	assert_int_equal(ret, VSMMU_PENDING);
	for (;;) {
		done = cmds_done(&x) - before;
		before += done;
		calls++;
		if (done > maxrun)
			maxrun = done;
		if (x.host_calls - h0 > max_host)
			max_host = x.host_calls - h0;
		assert_true(done <= BUDGET);
		if (ret != VSMMU_PENDING)
			break;
		h0 = x.host_calls;
		ret = vsmmu_resume(x.f.v);
		assert_true(ret == 0 || ret == VSMMU_PENDING);
	}
	assert_int_equal(vfx_rd32(&x.f, SMMU_CMDQ_CONS) &
			 (uint32_t)SMMU_Q_IDX_WRP, x.f.prod);
	assert_int_equal(vfx_rd32(&x.f, SMMU_GERROR), 0);
	printf("dos: 2^19 commands in %llu calls, at most %llu commands and "
	       "%llu host calls per call (budget %u)\n",
	       (unsigned long long)calls, (unsigned long long)maxrun,
	       (unsigned long long)max_host, BUDGET);
	assert_int_equal(calls, (n + BUDGET - 1) / BUDGET);
	/* a read of each chunk, a log line, a kick: a handful per call */
	assert_true(max_host <= 16);
	vfx_fini(&x.f);
}

/* Host work per trap of a guest that spins on GERRORN / CR0. */
static void test_spin_bounded(void **state)
{
	struct dos x;
	struct vfx_layout lay;
	unsigned long h0, max_ge = 0, max_cr0 = 0, be0, max_be = 0;
	uint32_t cr0;
	unsigned int i, s;
	int ret;

	(void)state;
	dos_init(&x, 4u << 20);
	for (s = 0; s < 200; s++)
		vfx_map(&x.f, 0x1000 + s, s);
	dos_create(&x);
	vfx_default_layout(&lay);
	dos_reset(&x, &lay);
	/* a command error, so GERROR has something active */
	vfx_cmd_raw(&x.f, 0xff, 0);
	vfx_cmd_publish(&x.f);
	assert_true(vfx_rd32(&x.f, SMMU_GERROR) & SMMU_GERROR_CMDQ_ERR);
	for (i = 0; i < 10000; i++) {
		h0 = x.host_calls;
		ret = vsmmu_mmio_write(x.f.v, SMMU_GERRORN, 4, i);
		assert_true(ret == 0 || ret == VSMMU_PENDING);
		if (x.host_calls - h0 > max_ge)
			max_ge = x.host_calls - h0;
	}
	cr0 = vfx_rd32(&x.f, SMMU_CR0);
	for (i = 0; i < 2000; i++) {
		h0 = x.host_calls;
		be0 = x.f.mock.ncalls;
		ret = vsmmu_mmio_write(x.f.v, SMMU_CR0, 4,
				       i & 1 ? cr0 : cr0 & ~SMMU_CR0_SMMUEN);
		assert_true(ret == 0 || ret == VSMMU_PENDING);
		if (x.host_calls - h0 > max_cr0)
			max_cr0 = x.host_calls - h0;
		if (x.f.mock.ncalls - be0 > max_be)
			max_be = x.f.mock.ncalls - be0;
		if (i % 3 == 0)
			continue;	/* sometimes the host is late */
		h0 = x.host_calls;
		be0 = x.f.mock.ncalls;
		ret = vsmmu_resume(x.f.v);
		assert_true(ret == 0 || ret == VSMMU_PENDING);
		if (x.host_calls - h0 > max_cr0)
			max_cr0 = x.host_calls - h0;
		if (x.f.mock.ncalls - be0 > max_be)
			max_be = x.f.mock.ncalls - be0;
	}
	printf("dos: per trap, GERRORN spin: %lu host calls; CR0 toggles "
	       "with 200 vSIDs: %lu host calls, %lu backend calls (budget "
	       "%u)\n", max_ge, max_cr0, max_be, BUDGET);
	assert_true(max_ge <= 4);
	/* each vSID re-derived costs one STE read and one backend call */
	assert_true(max_cr0 <= 2 * BUDGET + 8);
	assert_true(max_be <= BUDGET + 2);
	vfx_drain(&x.f, 1000);
	vfx_fini(&x.f);
}

static void *v_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return calloc(1, size);
}

static void v_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

static int v_acl(void *ctx, enum viommu_acl_op op, uint32_t domid,
		 uint32_t arg)
{
	(void)ctx;
	(void)op;
	(void)domid;
	(void)arg;
	return 0;
}

static const struct viommu_host_ops v_ops = {
	.alloc = v_alloc,
	.free = v_free,
	.access_check = v_acl,
};

/* A storm: the bucket's burst, then evt_rate per tick, the rest dropped. */
static void test_storm_bucket(void **state)
{
	struct dos x;
	struct vfx_layout lay;
	struct viommu_cfg vc;
	struct viommu_stats st;
	struct smmu_evt e;
	uint64_t rec[4];
	unsigned int i, ok = 0, busy = 0, ticks = 0;
	uint32_t prod, cons = 0;
	int ret;

	(void)state;
	dos_init(&x, 4u << 20);
	viommu_dom_destroy(x.f.d);
	memset(&vc, 0, sizeof(vc));
	vc.type = VIOMMU_TYPE_SMMUV3;
	vc.evt_burst = 16;
	vc.evt_rate = 4;
	assert_int_equal(viommu_dom_create(&vc, &v_ops, &x, 1, &x.f.d), 0);
	vfx_map(&x.f, 0x100, 1);
	dos_create(&x);
	vfx_default_layout(&lay);
	dos_reset(&x, &lay);
	memset(&e, 0, sizeof(e));
	e.id = SMMU_EVT_F_TRANSLATION;
	e.sid = 0x100;
	for (i = 0; i < 10000; i++) {
		e.input_addr = 0x1000ull * i;
		assert_int_equal(smmu_evt_encode(&e, rec), 0);
		ret = viommu_route_event(x.f.d, x.f.bidx, 0x100, rec);
		if (ret == 0)
			ok++;
		else if (ret == -VSMMU_ERR_BUSY)
			busy++;
		else
			fail_msg("route_event: %d", ret);
		if (i % 100 == 99) {
			viommu_tick(x.f.d);
			ticks++;
			/* the guest keeps up with its queue */
			prod = vfx_rd32(&x.f, SMMU_EVENTQ_PROD) &
			       (uint32_t)SMMU_Q_IDX_WRP;
			cons = prod;
			vfx_wr32(&x.f, SMMU_EVENTQ_CONS, cons);
		}
	}
	viommu_get_stats(x.f.d, &st);
	printf("dos: storm of 10000 events, %u ticks: %u delivered, %u "
	       "dropped\n", ticks, ok, busy);
	assert_int_equal(ok, 16 + 4 * (ticks - 1));
	assert_int_equal(ok + busy, 10000);
	assert_int_equal(st.evt_delivered, ok);
	assert_int_equal(st.evt_rate_dropped, busy);
	vfx_fini(&x.f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_cmdq),
		cmocka_unit_test(test_spin_bounded),
		cmocka_unit_test(test_storm_bucket),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
