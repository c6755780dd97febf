// SPDX-License-Identifier: MIT
/*
 * The StreamID index: registered SIDs in an array sorted by SID, so a
 * lookup (every event record, every attach) is a binary search. Devices
 * own one or more SIDs; a SID belongs to one device.
 */
#include "vsmmu/env.h"
#include "vsmmu/psmmu.h"
#include "internal.h"

/* Index of the first entry with sid >= key (n_sids when none). */
static unsigned int sid_lower_bound_(const struct psmmu *p, uint32_t key)
{
	unsigned int lo = 0, hi = p->n_sids, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (p->sids[mid].sid < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct psmmu_sid_ *psmmu_sid_find_(const struct psmmu *p, uint32_t sid)
{
	unsigned int i = sid_lower_bound_(p, sid);

	if (i < p->n_sids && p->sids[i].sid == sid)
		return &p->sids[i];
	return NULL;
}

void psmmu_sid_free_all_(struct psmmu *p)
{
	if (p->sids)
		p->ops->free(p->ctx, p->sids,
			     p->cap_sids * sizeof(*p->sids));
	p->sids = NULL;
	p->n_sids = 0;
	p->cap_sids = 0;
}

/* Room for `more` entries; doubling keeps insertions amortised. */
static int sid_reserve_(struct psmmu *p, unsigned int more)
{
	struct psmmu_sid_ *n;
	unsigned int need, cap;

	if (vsmmu_add_overflow(p->n_sids, more, &need))
		return -VSMMU_ERR_NOMEM;
	if (need <= p->cap_sids)
		return 0;
	cap = p->cap_sids ? p->cap_sids : 16u;
	while (cap < need) {
		if (vsmmu_mul_overflow(cap, 2u, &cap))
			return -VSMMU_ERR_NOMEM;
	}
	n = p->ops->alloc(p->ctx, (size_t)cap * sizeof(*n));
	if (!n)
		return -VSMMU_ERR_NOMEM;
	if (p->n_sids)
		vsmmu_memcpy(n, p->sids, p->n_sids * sizeof(*n));
	if (p->sids)
		p->ops->free(p->ctx, p->sids, p->cap_sids * sizeof(*n));
	p->sids = n;
	p->cap_sids = cap;
	return 0;
}

static void sid_insert_(struct psmmu *p, uint32_t sid, uint64_t dev_id)
{
	unsigned int i = sid_lower_bound_(p, sid), j;

	for (j = p->n_sids; j > i; j--)
		p->sids[j] = p->sids[j - 1];
	vsmmu_memset(&p->sids[i], 0, sizeof(p->sids[i]));
	p->sids[i].sid = sid;
	p->sids[i].dev_id = dev_id;
	p->sids[i].mode = PSMMU_MODE_ABORT_;
	p->n_sids++;
}

static void sid_remove_at_(struct psmmu *p, unsigned int i)
{
	for (; i + 1 < p->n_sids; i++)
		p->sids[i] = p->sids[i + 1];
	p->n_sids--;
}

int psmmu_dev_add(struct psmmu *p, uint64_t dev_id, const uint32_t *sids,
		  unsigned int n)
{
	unsigned int i, j;
	int err = 0;

	if (!p || !sids || !n || n > PSMMU_DEV_MAX_SIDS)
		return -VSMMU_ERR_INVAL;
	psmmu_lock_(p);
	/* validate everything first: all or nothing */
	for (i = 0; i < n && !err; i++) {
		if (!p->tables_ready)
			err = -VSMMU_ERR_STATE;
		else if (!psmmu_strtab_sid_ok_(p, sids[i]))
			err = -VSMMU_ERR_RANGE;
		else if (psmmu_sid_find_(p, sids[i]))
			err = -VSMMU_ERR_EXIST;
		for (j = 0; j < i && !err; j++)
			if (sids[j] == sids[i])
				err = -VSMMU_ERR_EXIST;
	}
	if (!err)
		err = sid_reserve_(p, n);
	/* an L2 allocated here is harmless if a later step fails */
	for (i = 0; i < n && !err; i++)
		err = psmmu_strtab_ensure_(p, sids[i]);
	if (!err) {
		for (i = 0; i < n; i++)
			sid_insert_(p, sids[i], dev_id);
	} else {
		psmmu_logf_(p, VSMMU_LOG_WARN,
			    "psmmu: device 0x%llx not added: %s",
			    (unsigned long long)dev_id, vsmmu_strerror(err));
	}
	psmmu_unlock_(p);
	return err;
}

/*
 * An aborted SID and a detached one are the same STE (V=1, Config=abort:
 * no event), so detach, abort and removal all come here.
 */
int psmmu_sid_set_abort_(struct psmmu *p, struct psmmu_sid_ *e)
{
	uint64_t t[SMMU_STE_DWORDS];
	int err;

	psmmu_ste_make_abort_(t);
	err = psmmu_ste_commit_(p, e->sid, t);
	if (err)
		return err;
	if (e->dom)
		e->dom->users--;
	e->dom = NULL;
	e->mode = PSMMU_MODE_ABORT_;
	return 0;
}

int psmmu_dev_remove(struct psmmu *p, uint64_t dev_id)
{
	unsigned int i;
	bool found = false;
	int err = 0;

	if (!p)
		return -VSMMU_ERR_INVAL;
	psmmu_lock_(p);
	for (i = 0; i < p->n_sids && !err;) {
		if (p->sids[i].dev_id != dev_id) {
			i++;
			continue;
		}
		found = true;
		err = psmmu_sid_set_abort_(p, &p->sids[i]);
		if (!err)
			sid_remove_at_(p, i);
	}
	psmmu_unlock_(p);
	if (!err && !found)
		return -VSMMU_ERR_NOENT;
	return err;
}

int psmmu_dev_find_by_sid(struct psmmu *p, uint32_t sid, uint64_t *dev_id)
{
	const struct psmmu_sid_ *e;
	int err = -VSMMU_ERR_NOENT;

	if (!p)
		return -VSMMU_ERR_INVAL;
	psmmu_lock_(p);
	e = psmmu_sid_find_(p, sid);
	if (e) {
		if (dev_id)
			*dev_id = e->dev_id;
		err = 0;
	}
	psmmu_unlock_(p);
	return err;
}
