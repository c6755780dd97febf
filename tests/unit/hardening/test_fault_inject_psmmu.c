// SPDX-License-Identifier: MIT
/*
 * Fault injection, physical side: the psmmu driver on the SMMUv3 model
 * (tests/fakes/psmmu_model_glue), the session a hypervisor runs for a
 * nested guest: probe, reset, a device, a stage-2 domain, a nested STE,
 * TLBIs one by one and in a batch, event and GERROR polling, abort,
 * detach, domain and device removal, a second reset, destroy.
 *
 * Sites: MMIO reads (32 and 64 bit), MMIO writes, DMA allocation,
 * ordinary allocation. Counted first with no injection; then for every
 * site and every N up to its count the N-th call fails. For each run: no
 * crash or sanitizer report; the failure reaches the caller as an error
 * code (or, in destroy and the best-effort teardown calls, nothing);
 * every byte and DMA buffer is released; and a clean session on the same
 * model afterwards passes (the driver's reset recovers the hardware from
 * whatever state the failed session left). ctest runs it with
 * ASAN_OPTIONS=detect_leaks=1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vsmmu/pgtable.h"
#include "fakes/psmmu_model_glue.h"

#define SID 0x0103u

enum ps_site { PS_READ, PS_WRITE, PS_DMA, PS_ALLOC, PS_NSITES };

static const char *const ps_names[PS_NSITES] = {
	"mmio read", "mmio write", "dma_alloc", "alloc",
};

/* r.h first: the host callbacks' ctx (&r.h) is also the struct. */
struct ps {
	struct pm_rig r;
	struct psmmu_host_ops base, ops;
	unsigned long calls[PS_NSITES];
	int site;
	unsigned long fail_at;
	int fired, errors;
	struct pgt_table s2;
	struct psmmu_s2_cfg s2cfg;
	struct psmmu_s1_cfg s1cfg;
};

static int ps_hit(struct ps *x, int site)
{
	x->calls[site]++;
	if (x->site == site && x->calls[site] == x->fail_at) {
		x->fired = 1;
		return 1;
	}
	return 0;
}

static int ps_read32(void *ctx, uint32_t off, uint32_t *val)
{
	struct ps *x = ctx;

	if (ps_hit(x, PS_READ))
		return -VSMMU_ERR_IO;
	return x->base.read32(ctx, off, val);
}

static int ps_read64(void *ctx, uint32_t off, uint64_t *val)
{
	struct ps *x = ctx;

	if (ps_hit(x, PS_READ))
		return -VSMMU_ERR_IO;
	return x->base.read64(ctx, off, val);
}

static int ps_write32(void *ctx, uint32_t off, uint32_t val)
{
	struct ps *x = ctx;

	if (ps_hit(x, PS_WRITE))
		return -VSMMU_ERR_IO;
	return x->base.write32(ctx, off, val);
}

static int ps_write64(void *ctx, uint32_t off, uint64_t val)
{
	struct ps *x = ctx;

	if (ps_hit(x, PS_WRITE))
		return -VSMMU_ERR_IO;
	return x->base.write64(ctx, off, val);
}

static int ps_dma_alloc(void *ctx, size_t size, size_t align,
			struct psmmu_dma *out)
{
	struct ps *x = ctx;

	if (ps_hit(x, PS_DMA))
		return -VSMMU_ERR_NOMEM;
	return x->base.dma_alloc(ctx, size, align, out);
}

static void *ps_alloc(void *ctx, size_t size)
{
	struct ps *x = ctx;

	if (ps_hit(x, PS_ALLOC))
		return NULL;
	return x->base.alloc(ctx, size);
}

static void ps_try(struct ps *x, int ret)
{
	if (ret)
		x->errors++;
}

/* One session; x->errors counts the calls that failed. */
static void ps_session(struct ps *x)
{
	struct psmmu *p = NULL;
	struct psmmu_domain *dom = NULL;
	struct psmmu_batch b;
	uint32_t sid = SID;
	int ret;

	ret = psmmu_probe(&x->ops, &x->r.h, &x->r.cfg, &p, NULL);
	if (ret) {
		x->errors++;
		assert_null(p);
		return;
	}
	ret = psmmu_reset(p);
	if (ret) {
		x->errors++;
		goto out;
	}
	ret = psmmu_dev_add(p, 1, &sid, 1);
	if (ret) {
		x->errors++;
		goto out;
	}
	ret = psmmu_domain_create(p, &x->s2cfg, &dom);
	if (ret) {
		x->errors++;
		dom = NULL;
		goto dev;
	}
	ps_try(x, psmmu_attach_nested(p, SID, dom, &x->s1cfg));
	ps_try(x, psmmu_inv_va(p, dom, 5, 0x10000000ull, 0x1000, 12, true));
	ps_try(x, psmmu_inv_asid(p, dom, 5));
	psmmu_batch_init(p, &b);
	ps_try(x, psmmu_batch_inv_va(&b, dom, 5, 0x10001000ull, 0x1000, 12,
					 true));
	ps_try(x, psmmu_batch_inv_cd(&b, SID, 0, true));
	ps_try(x, psmmu_batch_inv_vmid_s1(&b, dom));
	ps_try(x, psmmu_batch_submit(&b));
	ret = psmmu_poll_events(p, 16);
	if (ret < 0)
		x->errors++;
	ret = psmmu_handle_gerror(p);
	if (ret < 0)
		x->errors++;
	ps_try(x, psmmu_attach_abort(p, SID));
	ps_try(x, psmmu_detach(p, SID));
	ps_try(x, psmmu_domain_destroy(p, dom));
dev:
	ps_try(x, psmmu_dev_remove(p, 1));
	/* the hypervisor resets the SMMU again and goes on */
	ps_try(x, psmmu_reset(p));
out:
	psmmu_destroy(p);
}

static void ps_init(struct ps *x)
{
	struct pgt_table_cfg tc = { .fmt = PGT_FMT_S2, .granule = PGT_GRAN_4K,
				    .tsz = 24, .oas = 48,
				    .sl0 = PGT_SL0_AUTO };
	static const struct pgt_prot prot = {
		PGT_PROT_R | PGT_PROT_W, 0xF, 3 };
	struct pgt_mem mem;
	struct pgt_alloc_ops al;
	struct pgt_s2_cfg c;

	memset(x, 0, sizeof(*x));
	assert_int_equal(pm_rig_init(&x->r, NULL, NULL), 0);
	/* the rig's own driver is not used: each session probes its own */
	psmmu_destroy(x->r.p);
	x->r.p = NULL;
	mem = pf_pgt_mem(&x->r.h.mem);
	al = pf_pgt_alloc(&x->r.h.mem);
	assert_int_equal(pgt_table_init(&x->s2, &tc, &mem, &al), 0);
	assert_int_equal(pgt_map(&x->s2, PM_GUEST_IPA, x->r.guest_pa,
				 PM_GUEST_SIZE, &prot), 0);
	assert_int_equal(pgt_table_s2_cfg(&x->s2, &c), 0);
	x->s2cfg.vttb = c.vttb;
	x->s2cfg.granule_log2 = (uint8_t)c.granule;
	x->s2cfg.tsz = c.tsz;
	x->s2cfg.sl0 = c.sl0;
	x->s2cfg.ps_bits = c.ps;
	x->s2cfg.ir = 1;
	x->s2cfg.orgn = 1;
	x->s2cfg.sh = 3;
	x->s1cfg.s1ctxptr = pm_guest_alloc_ipa(&x->r, 64, 64);
	x->s1cfg.s1cir = 1;
	x->s1cfg.s1cor = 1;
	x->s1cfg.s1csh = 3;
	x->base = x->r.h.ops;
	x->ops = x->base;
	x->ops.read32 = ps_read32;
	x->ops.write32 = ps_write32;
	x->ops.read64 = x->base.read64 ? ps_read64 : NULL;
	x->ops.write64 = x->base.write64 ? ps_write64 : NULL;
	x->ops.dma_alloc = ps_dma_alloc;
	x->ops.alloc = ps_alloc;
	x->site = PS_NSITES;
}

static void ps_run(struct ps *x, int site, unsigned long n)
{
	long bytes = x->r.h.host_bytes;
	unsigned int dma = x->r.h.dma_live;

	x->site = site;
	x->fail_at = n;
	x->fired = 0;
	x->errors = 0;
	memset(x->calls, 0, sizeof(x->calls));
	ps_session(x);
	if (x->r.h.host_bytes != bytes || x->r.h.dma_live != dma)
		fail_msg("%s call %lu: %ld bytes, %d DMA buffers not released",
			 site < PS_NSITES ? ps_names[site] : "none", n,
			 x->r.h.host_bytes - bytes,
			 (int)x->r.h.dma_live - (int)dma);
}

static void test_psmmu_every_call_fails_once(void **state)
{
	struct ps *x = calloc(1, sizeof(*x));
	unsigned long count[PS_NSITES], n, total = 0, sessions = 0;
	unsigned long unseen = 0;
	int s;

	(void)state;
	assert_non_null(x);
	ps_init(x);
	ps_run(x, PS_NSITES, 0);
	assert_int_equal(x->errors, 0);
	memcpy(count, x->calls, sizeof(count));
	for (s = 0; s < PS_NSITES; s++)
		printf("fault_inject_psmmu: site %-10s %lu calls per "
		       "session\n", ps_names[s], count[s]);
	for (s = 0; s < PS_NSITES; s++) {
		for (n = 1; n <= count[s]; n++) {
			ps_run(x, s, n);
			sessions++;
			if (x->fired) {
				total++;
				if (!x->errors)
					unseen++;
			}
			ps_run(x, PS_NSITES, 0);
			sessions++;
			if (x->errors)
				fail_msg("clean session after %s call %lu: "
					 "%d errors", ps_names[s], n,
					 x->errors);
		}
	}
	printf("fault_inject_psmmu: %lu faults injected, %lu sessions, %lu "
	       "absorbed without an error code (teardown, best effort)\n",
	       total, sessions, unseen);
	assert_true(total > 0);
	pgt_table_destroy(&x->s2);
	pm_rig_fini(&x->r);
	free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_psmmu_every_call_fails_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
