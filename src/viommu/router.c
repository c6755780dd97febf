// SPDX-License-Identifier: MIT
/*
 * The router of one physical SMMU: its fault callback knows a pSID, not a
 * domain. Ranges of pSIDs map to (domain, backend index) in one sorted
 * array. Its lock is a leaf: the domain is entered after it is released,
 * so the router never nests inside a domain lock or a vSMMU lock.
 */
#include "vsmmu/env.h"
#include "vsmmu/viommu.h"
#include "internal.h"

struct viommu_route_ {
	uint32_t psid;
	uint32_t count;
	struct viommu_dom *d;
	unsigned int idx;
};

struct viommu_router {
	const struct viommu_host_ops *ops;
	void *host_ctx;
	void *lock;
	/* Protected by the router lock. */
	struct viommu_route_ *r;
	size_t n, cap;
	uint64_t unknown;
};

static void rt_lock(const struct viommu_router *r)
{
	if (r->ops->lock)
		r->ops->lock(r->host_ctx, r->lock);
}

static void rt_unlock(const struct viommu_router *r)
{
	if (r->ops->unlock)
		r->ops->unlock(r->host_ctx, r->lock);
}

int viommu_router_create(const struct viommu_host_ops *ops, void *host_ctx,
			 void *lock, struct viommu_router **out)
{
	struct viommu_router *r;

	if (!ops || !out || !ops->alloc || !ops->free ||
	    !ops->lock != !ops->unlock)
		return -VSMMU_ERR_INVAL;
	r = ops->alloc(host_ctx, sizeof(*r));
	if (!r)
		return -VSMMU_ERR_NOMEM;
	r->ops = ops;
	r->host_ctx = host_ctx;
	r->lock = lock;
	*out = r;
	return 0;
}

void viommu_router_destroy(struct viommu_router *r)
{
	if (!r)
		return;
	if (r->cap)
		r->ops->free(r->host_ctx, r->r, r->cap * sizeof(*r->r));
	r->ops->free(r->host_ctx, r, sizeof(*r));
}

/* Number of routes whose first pSID is <= psid. */
static size_t rt_upper(const struct viommu_router *r, uint64_t psid)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->r[mid].psid <= psid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int viommu_router_add(struct viommu_router *r, uint32_t psid_first,
		      uint32_t count, struct viommu_dom *d,
		      unsigned int psmmu_idx)
{
	struct viommu_route_ *nr;
	size_t u, cap;
	int err = 0;

	if (!r || !d || !count ||
	    (uint64_t)psid_first + count > (1ull << 32))
		return -VSMMU_ERR_INVAL;
	rt_lock(r);
	u = rt_upper(r, (uint64_t)psid_first + count - 1);
	if (u > 0 && (uint64_t)r->r[u - 1].psid + r->r[u - 1].count >
		     psid_first) {
		err = -VSMMU_ERR_EXIST;
		goto out;
	}
	if (r->n == r->cap) {
		cap = r->cap ? r->cap * 2 : 4;
		nr = r->ops->alloc(r->host_ctx, cap * sizeof(*nr));
		if (!nr) {
			err = -VSMMU_ERR_NOMEM;
			goto out;
		}
		if (r->n)
			vsmmu_memcpy(nr, r->r, r->n * sizeof(*nr));
		if (r->cap)
			r->ops->free(r->host_ctx, r->r, r->cap * sizeof(*nr));
		r->r = nr;
		r->cap = cap;
	}
	for (size_t i = r->n; i > u; i--)
		r->r[i] = r->r[i - 1];
	r->r[u].psid = psid_first;
	r->r[u].count = count;
	r->r[u].d = d;
	r->r[u].idx = psmmu_idx;
	r->n++;
out:
	rt_unlock(r);
	return err;
}

int viommu_router_del_dom(struct viommu_router *r, const struct viommu_dom *d)
{
	size_t i, j;
	int removed;

	if (!r || !d)
		return -VSMMU_ERR_INVAL;
	rt_lock(r);
	for (i = j = 0; i < r->n; i++)
		if (r->r[i].d != d)
			r->r[j++] = r->r[i];
	removed = (int)(r->n - j);
	r->n = j;
	rt_unlock(r);
	return removed;
}

int viommu_router_event(struct viommu_router *r, uint32_t psid,
			const uint64_t rec[4])
{
	struct viommu_dom *d = NULL;
	unsigned int idx = 0;
	size_t u;

	if (!r || !rec)
		return -VSMMU_ERR_INVAL;
	rt_lock(r);
	u = rt_upper(r, psid);
	if (u > 0 && psid - r->r[u - 1].psid < r->r[u - 1].count) {
		d = r->r[u - 1].d;
		idx = r->r[u - 1].idx;
	}
	if (!d)
		r->unknown++;
	rt_unlock(r);
	if (!d)
		return -VSMMU_ERR_NOENT;
	return viommu_route_event(d, idx, psid, rec);
}

uint64_t viommu_router_unknown(const struct viommu_router *r)
{
	uint64_t n;

	rt_lock(r);
	n = r->unknown;
	rt_unlock(r);
	return n;
}
