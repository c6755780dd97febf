// SPDX-License-Identifier: MIT
/* The fake host of the viommu unit tests (see test_host.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_host.h"

static void *th_alloc(void *ctx, size_t size)
{
	struct th_host *h = ctx;
	void *p;

	if (h->fail_alloc_at && ++h->allocs == h->fail_alloc_at) {
		h->fail_alloc_at = 0;
		return NULL;
	}
	p = calloc(1, size);
	if (p)
		h->live_bytes += size;
	return p;
}

static void th_free(void *ctx, void *ptr, size_t size)
{
	struct th_host *h = ctx;

	if (!ptr)
		return;
	assert_true(h->live_bytes >= size);
	h->live_bytes -= size;
	free(ptr);
}

static void th_lock(void *ctx, void *lock)
{
	struct th_host *h = ctx;

	(void)lock;
	if (h->depth)
		h->recursion = true;
	h->depth++;
	h->locks++;
}

static void th_unlock(void *ctx, void *lock)
{
	struct th_host *h = ctx;

	(void)lock;
	assert_true(h->depth > 0);
	h->depth--;
}

static void th_log(void *ctx, enum vsmmu_log_level lvl, const char *msg)
{
	struct th_host *h = ctx;

	(void)lvl;
	h->nlogs++;
	snprintf(h->last_log, sizeof(h->last_log), "%s", msg);
}

static int th_acl(void *ctx, enum viommu_acl_op op, uint32_t domid,
		  uint32_t arg)
{
	struct th_host *h = ctx;

	(void)domid;
	if ((unsigned int)op < 4)
		h->acl_calls[op]++;
	switch (op) {
	case VIOMMU_ACL_CREATE:
		return h->deny_create ? -1 : 0;
	case VIOMMU_ACL_ADD_BACKEND:
		return h->deny_backend ? -1 : 0;
	case VIOMMU_ACL_VSID_ALLOC:
		return h->deny_alloc ? -1 : 0;
	case VIOMMU_ACL_MAP_SID:
		return arg >= h->deny_psid_lo && arg < h->deny_psid_hi ? -1 : 0;
	}
	return -1;
}

static int th_sid_owned(void *ctx, uint32_t domid, void *bctx, uint32_t psid)
{
	struct th_host *h = ctx;

	(void)domid;
	(void)psid;
	return h->deny_bctx && bctx == h->deny_bctx ? -1 : 0;
}

static uint64_t th_now(void *ctx)
{
	return ((struct th_host *)ctx)->now;
}

const struct viommu_host_ops th_ops = {
	.alloc = th_alloc,
	.free = th_free,
	.lock = th_lock,
	.unlock = th_unlock,
	.log = th_log,
	.access_check = th_acl,
	.sid_owned = th_sid_owned,
};

const struct viommu_host_ops th_ops_clock = {
	.alloc = th_alloc,
	.free = th_free,
	.lock = th_lock,
	.unlock = th_unlock,
	.log = th_log,
	.access_check = th_acl,
	.sid_owned = th_sid_owned,
	.now_ns = th_now,
};

void th_init(struct th_host *h)
{
	memset(h, 0, sizeof(*h));
}

void th_default_cfg(struct viommu_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->type = VIOMMU_TYPE_SMMUV3;
	cfg->restore = VIOMMU_RESTORE_BYPASS;
}

struct viommu_dom *th_dom(struct th_host *h, const struct viommu_cfg *cfg)
{
	struct viommu_cfg def;
	struct viommu_dom *d = NULL;

	if (!cfg) {
		th_default_cfg(&def);
		cfg = &def;
	}
	assert_int_equal(viommu_dom_create(cfg, &th_ops, h, 1, &d), 0);
	assert_non_null(d);
	return d;
}

static int th_deliver(void *ectx, const uint64_t rec[4])
{
	struct th_emul *e = ectx;

	if (e->h && e->h->depth)
		e->locked_during = true;
	if (e->fail)
		return e->fail;
	e->n++;
	memcpy(e->last, rec, sizeof(e->last));
	return 0;
}

const struct viommu_emul_ops th_emul_ops = {
	.deliver_event = th_deliver,
};
