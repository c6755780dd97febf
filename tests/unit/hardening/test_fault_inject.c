// SPDX-License-Identifier: MIT
/*
 * Fault injection over a scripted guest session on the direct stack
 * (vsmmu -> viommu -> recording mock backend, tests/fakes): create the
 * domain, map a device, create the vSMMU, Linux's reset, a stage-1 STE
 * and CFGI_STE, a batch of TLBIs with an MSI-signalled CMD_SYNC, a routed
 * stage-1 fault, a GERROR acknowledgement, a second reset, teardown.
 *
 * Every failable host callback is a "site": guest memory read, guest
 * memory write, MSI write, vSMMU allocation, framework allocation, and
 * every counted backend call (install, abort, bypass, inv add, commit,
 * sync; the mock's own injection). The session first runs with no
 * injection and counts the calls per site; then, for every site and every
 * N from 1 to that count, it runs again with the N-th call of that site
 * failing. For each run:
 *
 *  - no crash, no sanitizer report (ASan + UBSan build);
 *  - the failure is visible: an error code returned to the caller, or
 *    architectural state (GERROR bit, CERROR, event discarded, backend
 *    error counted) - unless it struck during teardown, whose calls
 *    return nothing (then only "releases everything" is asked);
 *  - afterwards a clean session (no injection) on the same host passes:
 *    commands complete, the STE reaches the backend, the event reaches
 *    the guest;
 *  - everything allocated is freed (counted here, and LeakSanitizer at
 *    exit: ctest runs this test with ASAN_OPTIONS=detect_leaks=1).
 *
 * The session makes a few hundred calls in all, so every N is run (no
 * sampling). The lock callbacks return void and cannot fail.
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
#include "fakes/host_std.h"

enum fi_site {
	FI_GPA_READ,
	FI_GPA_WRITE,
	FI_MSI,
	FI_VS_ALLOC,
	FI_VI_ALLOC,
	FI_BACKEND,
	FI_NSITES
};

static const char *const fi_names[FI_NSITES] = {
	"gpa_read", "gpa_write", "msi_write", "vsmmu alloc", "viommu alloc",
	"backend",
};

#define FI_PSID 0x100u
#define FI_VSID 5u
#define FI_CD	0x300000ull
#define FI_MSI_GPA 0x220000ull

struct fi {
	struct vfx f;			/* memory, lock, mock, guest shadow */
	unsigned long calls[FI_NSITES];
	int site;			/* FI_NSITES: no injection */
	unsigned long fail_at;
	int fired;
	int in_teardown, fired_in_teardown;
	long live;			/* allocations not yet freed */
	/* what the session saw */
	int errors;			/* error codes returned to us */
	int arch_errors;		/* architectural error state */
	int guest_faults;		/* F_TRANSLATION records read */
	uint64_t fail_gpa;		/* the failed read's address */
	int reread;			/* ...read again, successfully */
	uint32_t evt_cons;		/* the guest's shadow EVENTQ_CONS */
};

static int fi_hit(struct fi *x, int site)
{
	x->calls[site]++;
	if (x->site == site && x->calls[site] == x->fail_at) {
		x->fired = 1;
		x->fired_in_teardown = x->in_teardown;
		return 1;
	}
	return 0;
}

/* The vSMMU's host callbacks, over the fake host's own. */
static struct vsmmu_host_ops base_ops;

static int fi_gpa_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct fi *x = ctx;

	if (fi_hit(x, FI_GPA_READ)) {
		x->fail_gpa = gpa;
		return -VSMMU_ERR_FAULT;
	}
	/* The same guest data read again after the failure: retried. */
	if (x->fired && x->site == FI_GPA_READ && x->fail_gpa >= gpa &&
	    x->fail_gpa < gpa + len)
		x->reread = 1;
	return base_ops.gpa_read(&x->f, gpa, buf, len);
}

static int fi_gpa_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	struct fi *x = ctx;

	if (fi_hit(x, FI_GPA_WRITE))
		return -VSMMU_ERR_FAULT;
	return base_ops.gpa_write(&x->f, gpa, buf, len);
}

static int fi_msi(void *ctx, uint64_t addr, uint32_t data)
{
	struct fi *x = ctx;

	if (fi_hit(x, FI_MSI))
		return -VSMMU_ERR_FAULT;
	return base_ops.msi_write(&x->f, addr, data);
}

static void fi_irq(void *ctx, enum vsmmu_irq_line line, bool level)
{
	base_ops.irq_set(&((struct fi *)ctx)->f, line, level);
}

static void fi_sev(void *ctx)
{
	base_ops.sev(&((struct fi *)ctx)->f);
}

static void fi_log(void *ctx, enum vsmmu_log_level lvl, const char *msg)
{
	(void)ctx;
	(void)lvl;
	(void)msg;
}

static void *fi_alloc_site(struct fi *x, int site, size_t size)
{
	void *p;

	if (fi_hit(x, site))
		return NULL;
	p = calloc(1, size);
	if (p)
		x->live++;
	return p;
}

static void *fi_vs_alloc(void *ctx, size_t size)
{
	return fi_alloc_site(ctx, FI_VS_ALLOC, size);
}

static void *fi_vi_alloc(void *ctx, size_t size)
{
	return fi_alloc_site(ctx, FI_VI_ALLOC, size);
}

static void fi_free(void *ctx, void *p, size_t size)
{
	struct fi *x = ctx;

	(void)size;
	if (p)
		x->live--;
	free(p);
}

static const struct vsmmu_host_ops fi_vs_ops = {
	.gpa_read = fi_gpa_read,
	.gpa_write = fi_gpa_write,
	.irq_set = fi_irq,
	.msi_write = fi_msi,
	.sev = fi_sev,
	.log = fi_log,
	.mem = { .alloc = fi_vs_alloc, .free = fi_free },
	.lock_ops = { .lock = host_std_lock, .unlock = host_std_unlock },
};

static const struct viommu_host_ops fi_vi_ops = {
	.alloc = fi_vi_alloc,
	.free = fi_free,
	.access_check = host_std_acl_allow,
};

/* The mock backend counts its own calls; mirror them into the site. */
static void fi_arm_backend(struct fi *x)
{
	x->f.mock.counted = 0;
	x->f.mock.fail_at = 0;
	x->f.mock.fail_err = -VSMMU_ERR_IO;
	if (x->site == FI_BACKEND && !x->fired &&
	    x->fail_at > x->calls[FI_BACKEND])
		x->f.mock.fail_at = x->fail_at - x->calls[FI_BACKEND];
}

static void fi_collect_backend(struct fi *x)
{
	unsigned long n = x->f.mock.counted;

	if (x->site == FI_BACKEND && !x->fired &&
	    x->fail_at > x->calls[FI_BACKEND] &&
	    x->fail_at <= x->calls[FI_BACKEND] + n) {
		x->fired = 1;
		x->fired_in_teardown = x->in_teardown;
	}
	x->calls[FI_BACKEND] += n;
	x->f.mock.counted = 0;
	x->f.mock.fail_at = 0;
}

/* --- the guest, tolerant: it records errors, never asserts --- */

static void g_wr(struct fi *x, uint32_t off, unsigned int size, uint64_t val)
{
	int ret = vsmmu_mmio_write(x->f.v, off, size, val);

	if (ret && ret != VSMMU_PENDING)
		x->errors++;
}

static uint32_t g_rd(struct fi *x, uint32_t off)
{
	uint64_t v = 0;

	if (vsmmu_mmio_read(x->f.v, off, 4, &v))
		x->errors++;
	return (uint32_t)v;
}

/* Finish pending work as a host would; bounded. */
static void g_drain(struct fi *x)
{
	unsigned int i;

	for (i = 0; i < 64; i++)
		if (vsmmu_resume(x->f.v) != VSMMU_PENDING)
			break;
}

static void g_cmd(struct fi *x, const struct smmu_cmd *c)
{
	uint64_t w[2];

	assert_int_equal(smmu_cmd_encode(c, w), 0);
	vfx_cmd_raw(&x->f, w[0], w[1]);
}

static void g_publish(struct fi *x)
{
	g_wr(x, SMMU_CMDQ_PROD, 4, x->f.prod);
	g_drain(x);
}

/* The guest looks at GERROR and acknowledges what it finds (CMDQ_ERR:
 * skip the bad command, as Linux does after logging it). */
static void g_gerror(struct fi *x)
{
	uint32_t ge = g_rd(x, SMMU_GERROR), gn = g_rd(x, SMMU_GERRORN);

	if (!(ge ^ gn))
		return;
	x->arch_errors++;
	g_wr(x, SMMU_GERRORN, 4, ge);
}

/* The guest reads its event queue: the routed fault, or error records
 * (F_STE_FETCH, C_BAD_STE, ...) that an injected failure produced. */
static void g_events(struct fi *x)
{
	uint32_t prod = g_rd(x, SMMU_EVENTQ_PROD);
	uint32_t mask = (1u << x->f.evtq_log2) - 1u;
	uint32_t wrp = (2u << x->f.evtq_log2) - 1u;
	struct smmu_evt e;

	if (prod & SMMU_Q_OVF)
		x->arch_errors++;
	prod &= wrp;
	while (x->evt_cons != prod) {
		vfx_evt(&x->f, x->evt_cons & mask, &e);
		if (e.id == SMMU_EVT_F_TRANSLATION)
			x->guest_faults++;
		else
			x->arch_errors++;
		x->evt_cons = (x->evt_cons + 1u) & wrp;
	}
	g_wr(x, SMMU_EVENTQ_CONS, 4, x->evt_cons);
}

static void g_sync(struct fi *x, unsigned int cs, uint64_t msi)
{
	struct smmu_cmd c;

	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_SYNC;
	c.cs = (uint8_t)cs;
	c.msiaddr = msi;
	c.msidata = 0x5a5a;
	c.msh = SMMU_SH_ISH;
	c.msiattr = 0xf;
	g_cmd(x, &c);
}

static void g_reset(struct fi *x)
{
	struct vfx_layout lay;
	struct smmu_cmd c;
	uint32_t cr0;

	vfx_default_layout(&lay);
	g_wr(x, SMMU_CR0, 4, 0);
	g_wr(x, SMMU_STRTAB_BASE, 8, SMMU_STRTAB_BASE_RA | lay.strtab);
	g_wr(x, SMMU_STRTAB_BASE_CFG, 4,
	     smmu_field_prep(SMMU_STRTAB_BASE_CFG_LOG2SIZE, lay.st_log2));
	x->f.strtab = lay.strtab;
	g_wr(x, SMMU_CMDQ_BASE, 8, SMMU_Q_BASE_RWA | lay.cmdq | lay.cmdq_log2);
	g_wr(x, SMMU_CMDQ_PROD, 4, 0);
	g_wr(x, SMMU_CMDQ_CONS, 4, 0);
	x->f.cmdq = lay.cmdq;
	x->f.cmdq_log2 = lay.cmdq_log2;
	x->f.prod = 0;
	cr0 = (uint32_t)SMMU_CR0_CMDQEN;
	g_wr(x, SMMU_CR0, 4, cr0);
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_CFGI_STE_RANGE;
	c.range = SMMU_CFGI_RANGE_ALL;
	g_cmd(x, &c);
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NSNH_ALL;
	g_cmd(x, &c);
	g_sync(x, SMMU_SYNC_CS_SEV, 0);
	g_publish(x);
	g_gerror(x);
	g_wr(x, SMMU_EVENTQ_BASE, 8, SMMU_Q_BASE_RWA | lay.evtq |
	     lay.evtq_log2);
	g_wr(x, SMMU_EVENTQ_PROD, 4, 0);
	g_wr(x, SMMU_EVENTQ_CONS, 4, 0);
	x->evt_cons = 0;
	x->f.evtq = lay.evtq;
	x->f.evtq_log2 = lay.evtq_log2;
	cr0 |= (uint32_t)SMMU_CR0_EVENTQEN;
	g_wr(x, SMMU_CR0, 4, cr0);
	g_wr(x, SMMU_IRQ_CTRL, 4, 0);
	g_wr(x, SMMU_GERROR_IRQ_CFG0, 8, VFX_DOORBELL);
	g_wr(x, SMMU_GERROR_IRQ_CFG1, 4, 0x11);
	g_wr(x, SMMU_EVENTQ_IRQ_CFG0, 8, VFX_DOORBELL + 4);
	g_wr(x, SMMU_EVENTQ_IRQ_CFG1, 4, 0x22);
	g_wr(x, SMMU_IRQ_CTRL, 4, SMMU_IRQ_CTRL_GERROR_IRQEN |
	     SMMU_IRQ_CTRL_EVENTQ_IRQEN);
	cr0 |= (uint32_t)SMMU_CR0_SMMUEN;
	g_wr(x, SMMU_CR0, 4, cr0);
}

static void g_ste_s1(struct fi *x)
{
	struct smmu_ste s;
	uint64_t w[8];

	memset(&s, 0, sizeof(s));
	s.v = true;
	s.config = SMMU_STE_CFG_S1;
	s.s1ctxptr = FI_CD;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	vfx_ste_write(&x->f, FI_VSID, w);
}

static void g_tlbis(struct fi *x, unsigned int n)
{
	struct smmu_cmd c;
	unsigned int i;

	for (i = 0; i < n; i++) {
		memset(&c, 0, sizeof(c));
		c.op = SMMU_CMD_TLBI_NH_VA;
		c.asid = 1;
		c.addr = 0x10000 + (uint64_t)i * 0x1000;
		c.leaf = true;
		g_cmd(x, &c);
	}
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_ASID;
	c.asid = 1;
	g_cmd(x, &c);
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_CFGI_CD;
	c.sid = FI_VSID;
	c.leaf = true;
	g_cmd(x, &c);
	g_sync(x, SMMU_SYNC_CS_IRQ, FI_MSI_GPA);
	g_publish(x);
	g_gerror(x);
	g_events(x);
}

struct fi_result {
	struct vsmmu_counters c;
	int evt_ret;
	uint32_t cons, prod;
	enum viommu_mock_ste ste;
};

/*
 * The session. Creation failures end it early with the error code the
 * caller sees; everything created is torn down.
 */
static void fi_session(struct fi *x, struct fi_result *r)
{
	struct viommu_cfg vc;
	struct smmu_evt e;
	uint64_t rec[4];
	struct vsmmu_counters c0;
	int ret;

	memset(r, 0, sizeof(*r));
	r->evt_ret = 1;
	x->f.d = NULL;
	x->f.v = NULL;
	viommu_mock_clear(&x->f.mock);
	fi_arm_backend(x);
	memset(&vc, 0, sizeof(vc));
	vc.type = VIOMMU_TYPE_SMMUV3;
	ret = viommu_dom_create(&vc, &fi_vi_ops, x, 1, &x->f.d);
	if (ret) {
		x->errors++;
		goto out;
	}
	ret = viommu_add_backend(x->f.d, &viommu_mock_ops, &x->f.mock,
				 &x->f.bidx);
	if (!ret)
		ret = viommu_vsid_map(x->f.d, x->f.bidx, FI_PSID, FI_VSID);
	if (!ret)
		ret = vsmmu_create(&x->f.cfg, &fi_vs_ops, x, x->f.d, &x->f.v);
	if (ret) {
		x->errors++;
		goto out;
	}
	g_reset(x);
	/* a stage-1 STE, CFGI_STE, SYNC */
	g_ste_s1(x);
	vfx_cfgi_ste(&x->f, FI_VSID);
	g_sync(x, SMMU_SYNC_CS_NONE, 0);
	g_publish(x);
	g_gerror(x);
	g_events(x);
	r->ste = viommu_mock_ste(&x->f.mock, FI_PSID, NULL);
	/* two TLBI batches */
	g_tlbis(x, 6);
	g_tlbis(x, 3);
	r->cons = g_rd(x, SMMU_CMDQ_CONS) & (uint32_t)SMMU_Q_IDX_WRP;
	r->prod = x->f.prod;
	/* a physical stage-1 fault of the device */
	memset(&e, 0, sizeof(e));
	e.id = SMMU_EVT_F_TRANSLATION;
	e.sid = FI_PSID;
	e.input_addr = 0x1000;
	assert_int_equal(smmu_evt_encode(&e, rec), 0);
	r->evt_ret = viommu_route_event(x->f.d, x->f.bidx, FI_PSID, rec);
	if (r->evt_ret)
		x->errors++;
	g_events(x);
	g_gerror(x);
	/* the guest resets again and goes on */
	g_reset(x);
	g_ste_s1(x);
	vfx_cfgi_ste(&x->f, FI_VSID);
	g_sync(x, SMMU_SYNC_CS_NONE, 0);
	g_publish(x);
	g_gerror(x);
	g_events(x);
	vsmmu_get_counters(x->f.v, &r->c);
	memset(&c0, 0, sizeof(c0));
	if (r->c.cmd_errors || r->c.gerrors || r->c.backend_errors ||
	    r->c.events_discarded)
		x->arch_errors++;
out:
	fi_collect_backend(x);
	x->in_teardown = 1;
	fi_arm_backend(x);
	vsmmu_destroy(x->f.v);
	viommu_dom_destroy(x->f.d);
	fi_collect_backend(x);
	x->in_teardown = 0;
	x->f.v = NULL;
	x->f.d = NULL;
}

static void fi_init(struct fi *x)
{
	memset(x, 0, sizeof(*x));
	vfx_init(&x->f, 4u << 20);
	/* the fake host's domain is not used: the session builds its own */
	viommu_dom_destroy(x->f.d);
	x->f.d = NULL;
	x->f.quiet = 1;
	base_ops = x->f.ops;
	x->site = FI_NSITES;
}

static void fi_fini(struct fi *x)
{
	vfx_fini(&x->f);	/* v and d are NULL: memory, lock, mock */
}

/* A clean session passes every check. */
static void fi_expect_clean(struct fi *x, const struct fi_result *r)
{
	assert_int_equal(x->errors, 0);
	assert_int_equal(x->arch_errors, 0);
	assert_int_equal(r->ste, VMOCK_STE_S1);
	assert_int_equal(r->cons, r->prod);
	assert_int_equal(r->evt_ret, 0);
	assert_int_equal(x->guest_faults, 1);
	assert_true(r->c.inv_cmds >= 11);
	assert_int_equal(x->live, 0);
}

static void fi_clean(struct fi *x, struct fi_result *r)
{
	x->site = FI_NSITES;
	x->fail_at = 0;
	x->errors = 0;
	x->arch_errors = 0;
	x->guest_faults = 0;
	memset(x->calls, 0, sizeof(x->calls));
	fi_session(x, r);
}

static void test_clean_session(void **state)
{
	struct fi x;
	struct fi_result r;
	int s;

	(void)state;
	fi_init(&x);
	fi_clean(&x, &r);
	fi_expect_clean(&x, &r);
	for (s = 0; s < FI_NSITES; s++) {
		printf("fault_inject: site %-12s %lu calls per session\n",
		       fi_names[s], x.calls[s]);
		assert_true(x.calls[s] > 0);
	}
	fi_fini(&x);
}

static void test_every_call_fails_once(void **state)
{
	struct fi x;
	struct fi_result r;
	unsigned long count[FI_NSITES], n, total = 0, silent = 0;
	unsigned long teardown = 0, sessions = 0, retried = 0;
	int s;

	(void)state;
	fi_init(&x);
	fi_clean(&x, &r);
	fi_expect_clean(&x, &r);
	memcpy(count, x.calls, sizeof(count));
	for (s = 0; s < FI_NSITES; s++) {
		for (n = 1; n <= count[s]; n++) {
			x.site = s;
			x.fail_at = n;
			x.fired = 0;
			x.fired_in_teardown = 0;
			x.errors = 0;
			x.arch_errors = 0;
			x.guest_faults = 0;
			x.reread = 0;
			memset(x.calls, 0, sizeof(x.calls));
			fi_session(&x, &r);
			sessions++;
			/* Released everything, failure or not. */
			if (x.live)
				fail_msg("%s call %lu: %ld allocations leaked",
					 fi_names[s], n, x.live);
			if (x.fired) {
				total++;
				if (x.fired_in_teardown)
					teardown++;
				else if (!x.errors && !x.arch_errors &&
					 x.reread)
					retried++;
				else if (!x.errors && !x.arch_errors) {
					silent++;
					printf("fault_inject: silent: %s call "
					       "%lu\n", fi_names[s], n);
				}
			}
			/* The host and a fresh guest carry on. */
			fi_clean(&x, &r);
			sessions++;
			fi_expect_clean(&x, &r);
		}
	}
	printf("fault_inject: %lu faults injected, %lu sessions, "
	       "%lu in teardown, %lu retried by the vSMMU, "
	       "%lu neither visible nor retried\n",
	       total, sessions, teardown, retried, silent);
	assert_true(total > 0);
	assert_int_equal(silent, 0);
	fi_fini(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_session),
		cmocka_unit_test(test_every_call_fails_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
