/* SPDX-License-Identifier: MIT */
/*
 * A fake host for the viommu unit tests: allocation with accounting and
 * failure injection, a lock that detects recursion, an access-control hook
 * with configurable refusals, a log that keeps the last line, a clock, and
 * an emulated IOMMU that records delivered events.
 */
#ifndef VIOMMU_TEST_HOST_H
#define VIOMMU_TEST_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vsmmu/viommu.h"

struct th_host {
	/* memory */
	size_t live_bytes;
	unsigned long allocs;
	unsigned long fail_alloc_at;	/* fail the n-th alloc from now; 0 */
	/* lock */
	int depth;
	unsigned long locks;
	bool recursion;			/* a lock was taken while held */
	/* access control */
	bool deny_create, deny_backend, deny_alloc;
	uint32_t deny_psid_lo, deny_psid_hi;	/* MAP_SID refused in [lo, hi) */
	void *deny_bctx;			/* sid_owned refuses this SMMU */
	unsigned long acl_calls[4];
	/* log */
	unsigned long nlogs;
	char last_log[256];
	/* clock */
	uint64_t now;
};

void th_init(struct th_host *h);
extern const struct viommu_host_ops th_ops;		/* no clock */
extern const struct viommu_host_ops th_ops_clock;	/* now_ns */

/* A domain with default configuration on h (asserts success). */
struct viommu_dom *th_dom(struct th_host *h, const struct viommu_cfg *cfg);
void th_default_cfg(struct viommu_cfg *cfg);

struct th_emul {
	struct th_host *h;
	unsigned long n;
	uint64_t last[4];
	int fail;			/* returned by deliver_event */
	bool locked_during;		/* a viommu lock was held during it */
};

extern const struct viommu_emul_ops th_emul_ops;

#endif /* VIOMMU_TEST_HOST_H */
