// SPDX-License-Identifier: MIT
/*
 * The vSID map: two sorted arrays of ranges, one keyed by vSID and one by
 * (backend index, pSID), because pSIDs repeat across physical SMMUs
 * (DESIGN.md). Lookups are binary searches; an insert or a removal moves
 * entries (memmove), bounded by the number of ranges. The arrays grow by
 * doubling through the host's allocator, so memory follows what is mapped,
 * never a table per possible StreamID.
 *
 * Every loop here is bounded by the number of entries; none counts vSIDs,
 * so a full map is an answer (-VSMMU_ERR_FULL), not a spin.
 */
#include "vsmmu/env.h"
#include "vsmmu/viommu.h"
#include "internal.h"

static uint64_t ent_vend(const struct viommu_ent_ *e)
{
	return (uint64_t)e->vsid + e->count;
}

static uint64_t ent_pend(const struct viommu_ent_ *e)
{
	return (uint64_t)e->psid + e->count;
}

/* (idx, psid) as one ordered key. */
static uint64_t pkey(unsigned int idx, uint64_t psid)
{
	return ((uint64_t)idx << 32) | psid;
}

/* Number of entries of byv whose first vSID is <= vsid. */
static size_t upper_v(const struct viommu_map_ *m, uint64_t vsid)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->byv[mid].vsid <= vsid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Number of entries of byp whose first (idx, pSID) is <= key. */
static size_t upper_p(const struct viommu_map_ *m, uint64_t key)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pkey(m->byp[mid].idx, m->byp[mid].psid) <= key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long viommu_map_find_v_(const struct viommu_map_ *m, uint32_t vsid)
{
	size_t u = upper_v(m, vsid);

	if (u == 0 || vsid >= ent_vend(&m->byv[u - 1]))
		return -1;
	return (long)(u - 1);
}

long viommu_map_next_v_(const struct viommu_map_ *m, uint32_t vsid)
{
	size_t u = upper_v(m, vsid);

	if (u > 0 && vsid < ent_vend(&m->byv[u - 1]))
		return (long)(u - 1);
	return u < m->n ? (long)u : -1;
}

long viommu_map_find_p_(const struct viommu_map_ *m, unsigned int idx,
			uint32_t psid)
{
	size_t u = upper_p(m, pkey(idx, psid));
	const struct viommu_ent_ *e;

	if (u == 0)
		return -1;
	e = &m->byp[u - 1];
	if (e->idx != idx || psid >= ent_pend(e))
		return -1;
	return (long)(u - 1);
}

bool viommu_map_v_busy_(const struct viommu_map_ *m, uint64_t vsid,
			uint64_t count)
{
	/* The last range starting before the end is the only candidate
	 * that can overlap; earlier ones end before it starts. */
	size_t u = upper_v(m, vsid + count - 1);

	return u > 0 && ent_vend(&m->byv[u - 1]) > vsid;
}

bool viommu_map_p_busy_(const struct viommu_map_ *m, unsigned int idx,
			uint64_t psid, uint64_t count)
{
	size_t u = upper_p(m, pkey(idx, psid + count - 1));
	const struct viommu_ent_ *e;

	if (u == 0)
		return false;
	e = &m->byp[u - 1];
	return e->idx == idx && ent_pend(e) > psid;
}

int viommu_map_find_free_(const struct viommu_map_ *m, uint64_t limit,
			  uint64_t count, uint32_t *vsid)
{
	uint64_t cursor = 0;

	for (size_t i = 0; i < m->n; i++) {
		const struct viommu_ent_ *e = &m->byv[i];

		if (e->vsid >= cursor && e->vsid - cursor >= count)
			break;
		cursor = ent_vend(e);
	}
	if (cursor > limit || limit - cursor < count)
		return -VSMMU_ERR_FULL;
	*vsid = (uint32_t)cursor;
	return 0;
}

/* Room for one more entry; on failure nothing changed. */
static int map_reserve(struct viommu_dom *d, size_t want)
{
	struct viommu_map_ *m = &d->map;
	struct viommu_ent_ *nv, *np;
	size_t cap, bytes;

	if (want <= m->cap)
		return 0;
	/* Start at 2 and double: capacity stays below twice the entries
	 * (the 64-bytes-per-vSID bound of the header). */
	cap = m->cap ? m->cap * 2 : 2;
	if (vsmmu_mul_overflow(cap, sizeof(*nv), &bytes))
		return -VSMMU_ERR_NOMEM;
	nv = d->ops->alloc(d->host_ctx, bytes);
	if (!nv)
		return -VSMMU_ERR_NOMEM;
	np = d->ops->alloc(d->host_ctx, bytes);
	if (!np) {
		d->ops->free(d->host_ctx, nv, bytes);
		return -VSMMU_ERR_NOMEM;
	}
	if (m->n) {
		vsmmu_memcpy(nv, m->byv, m->n * sizeof(*nv));
		vsmmu_memcpy(np, m->byp, m->n * sizeof(*np));
	}
	viommu_map_release_(d);
	m->byv = nv;
	m->byp = np;
	m->cap = cap;
	return 0;
}

void viommu_map_release_(struct viommu_dom *d)
{
	struct viommu_map_ *m = &d->map;

	if (m->cap) {
		d->ops->free(d->host_ctx, m->byv, m->cap * sizeof(*m->byv));
		d->ops->free(d->host_ctx, m->byp, m->cap * sizeof(*m->byp));
	}
	m->byv = m->byp = NULL;
	m->cap = 0;
}

static void arr_insert(struct viommu_ent_ *a, size_t n, size_t at,
		       const struct viommu_ent_ *e)
{
	for (size_t i = n; i > at; i--)
		a[i] = a[i - 1];
	a[at] = *e;
}

static void arr_delete(struct viommu_ent_ *a, size_t n, size_t at)
{
	for (size_t i = at; i + 1 < n; i++)
		a[i] = a[i + 1];
}

/* Caller checked that neither key range is busy and capacity exists. */
static void map_put(struct viommu_dom *d, const struct viommu_ent_ *e)
{
	struct viommu_map_ *m = &d->map;

	arr_insert(m->byv, m->n, upper_v(m, e->vsid), e);
	arr_insert(m->byp, m->n, upper_p(m, pkey(e->idx, e->psid)), e);
	m->n++;
	m->nvsids += e->count;
	d->be[e->idx].nmapped += e->count;
}

/* Remove the entry at byv[vi]. */
static void map_take(struct viommu_dom *d, size_t vi)
{
	struct viommu_map_ *m = &d->map;
	struct viommu_ent_ e = m->byv[vi];
	size_t pi = upper_p(m, pkey(e.idx, e.psid)) - 1;

	arr_delete(m->byv, m->n, vi);
	arr_delete(m->byp, m->n, pi);
	m->n--;
	m->nvsids -= e.count;
	d->be[e.idx].nmapped -= e.count;
}

int viommu_map_insert_(struct viommu_dom *d, const struct viommu_ent_ *e)
{
	int err = map_reserve(d, d->map.n + 1);

	if (err)
		return err;
	map_put(d, e);
	return 0;
}

/*
 * Unmap [vsid, vsid + count). A range strictly inside one entry splits it
 * in two, which needs one more slot: reserved first, so a failure changes
 * nothing. Each pSID that leaves the map is restored before it does.
 */
int viommu_map_remove_(struct viommu_dom *d, uint64_t vsid, uint64_t count)
{
	struct viommu_map_ *m = &d->map;
	uint64_t end = vsid + count;
	size_t i;
	int first_err = 0;
	bool any = false;
	uint64_t touched = 0;

	i = upper_v(m, vsid);
	if (i > 0 && ent_vend(&m->byv[i - 1]) > vsid)
		i--;
	if (i < m->n && m->byv[i].vsid < vsid && ent_vend(&m->byv[i]) > end) {
		int err = map_reserve(d, m->n + 1);

		if (err)
			return err;
	}
	/* byv[i] is the first entry that may overlap; entries only shrink
	 * or disappear behind i, so i stays valid. */
	while (i < m->n && m->byv[i].vsid < end) {
		struct viommu_ent_ e = m->byv[i];
		uint64_t lo = VSMMU_MAX(vsid, (uint64_t)e.vsid);
		uint64_t hi = VSMMU_MIN(end, ent_vend(&e));
		struct viommu_backend_ *be = &d->be[e.idx];

		any = true;
		touched |= 1ull << e.idx;
		for (uint64_t v = lo; v < hi; v++) {
			int err = viommu_restore_psid_(d, be,
					(uint32_t)(e.psid + (v - e.vsid)));

			if (err && !first_err)
				first_err = err;
		}
		map_take(d, i);
		if (e.vsid < lo) {
			struct viommu_ent_ left = e;

			left.count = (uint32_t)(lo - e.vsid);
			map_put(d, &left);
			i++;
		}
		if (hi < ent_vend(&e)) {
			struct viommu_ent_ right = e;

			right.vsid = (uint32_t)hi;
			right.psid = (uint32_t)(e.psid + (hi - e.vsid));
			right.count = (uint32_t)(ent_vend(&e) - hi);
			map_put(d, &right);
			i++;
		}
	}
	if (!any)
		return -VSMMU_ERR_NOENT;
	/*
	 * An SMMU that no longer holds any device of the domain gets no
	 * more guest TLBIs (inv.c), so drop what it may still cache for
	 * the domain's VMID now: a device assigned there later must not
	 * hit entries the guest can no longer invalidate.
	 */
	for (unsigned int k = 0; k < d->nbackends; k++) {
		struct viommu_backend_ *be = &d->be[k];
		struct smmu_cmd c;
		int err, cerr;

		if (!(touched & (1ull << k)) || be->nmapped)
			continue;
		vsmmu_memset(&c, 0, sizeof(c));
		c.op = SMMU_CMD_TLBI_NH_ALL;
		c.vmid = be->ops->vmid(be->bctx);
		err = be->ops->inv_add(be->bctx, &c);
		/* Commit even after a failed add: the batch must not stay
		 * half-built in the backend. */
		cerr = be->ops->inv_commit(be->bctx);
		if (!err)
			err = cerr;
		if (err && !first_err)
			first_err = err;
	}
	return first_err;
}
