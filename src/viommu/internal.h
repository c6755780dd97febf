/* SPDX-License-Identifier: MIT */
/*
 * src/viommu/internal.h - the framework's internals (names end in '_').
 *
 * Lock order (vsmmu/viommu.h): vSMMU locks -> domain lock (dom->cfg.lock)
 * -> backend locks. The router lock is a leaf. Every field of struct
 * viommu_dom below "protected by the domain lock" is read and written only
 * between viommu_lock_() and viommu_unlock_(). The counters are plain
 * fields under the same lock: no atomics, which a freestanding aarch64
 * build would turn into calls to libgcc's outline helpers.
 */
#ifndef VIOMMU_INTERNAL_H
#define VIOMMU_INTERNAL_H

#include "vsmmu/env.h"
#include "vsmmu/base.h"
#include "vsmmu/arch.h"
#include "vsmmu/psmmu.h"
#include "vsmmu/viommu.h"

/* ---- vIOMMU types ------------------------------------------------------- */

/* The guest-visible ID registers, raw. */
struct viommu_idrs_ {
	uint32_t idr[6];
	uint32_t iidr, aidr;
};

/*
 * What a vIOMMU type contributes to the framework. The framework itself
 * knows nothing of SMMUv3 registers or event records; it asks the type.
 */
struct viommu_type_ops_ {
	enum viommu_type type;
	const char *name;
	/* The first backend's registers, as the guest may see them. */
	void (*idr_init)(struct viommu_idrs_ *acc,
			 const struct viommu_idrs_ *in);
	/* acc = acc intersected with in. */
	void (*idr_merge)(struct viommu_idrs_ *acc,
			  const struct viommu_idrs_ *in);
	/* false when acc has no usable format left (no common TTF, ...). */
	bool (*idr_usable)(const struct viommu_idrs_ *acc);
	/*
	 * Decide whether a physical event record belongs to the guest and
	 * rewrite it for the guest (vSID in, host-only bits out).
	 */
	bool (*event_is_guest)(const uint64_t rec[4]);
	void (*event_rewrite)(uint64_t rec[4], uint32_t vsid);
};

/* NULL for NONE and unknown types. */
const struct viommu_type_ops_ *viommu_type_ops_(enum viommu_type t);

/* SMMUv3 specifics (idr.c, event.c). */
void viommu_smmuv3_idr_init_(struct viommu_idrs_ *acc,
			     const struct viommu_idrs_ *in);
void viommu_smmuv3_idr_merge_(struct viommu_idrs_ *acc,
			      const struct viommu_idrs_ *in);
bool viommu_smmuv3_idr_usable_(const struct viommu_idrs_ *acc);
bool viommu_smmuv3_event_is_guest_(const uint64_t rec[4]);
void viommu_smmuv3_event_rewrite_(uint64_t rec[4], uint32_t vsid);

/* ---- The vSID map ---------------------------------------------------------
 *
 * A mapped range: vSIDs vsid .. vsid + count - 1 are pSIDs psid .. of
 * backend idx. The same entries are kept twice, sorted by vSID (byv) and
 * by (idx, pSID) (byp); ranges never overlap in either key. 16 bytes per
 * entry, two copies, capacity at most twice the entries: at most 64 bytes
 * per range, and a range holds at least one vSID.
 */
struct viommu_ent_ {
	uint32_t vsid;
	uint32_t psid;
	uint32_t count;
	uint16_t idx;
	uint16_t pad_;
};

struct viommu_map_ {
	struct viommu_ent_ *byv;
	struct viommu_ent_ *byp;
	size_t n, cap;
	uint64_t nvsids;
};

/* Index of the entry holding vsid, or -1. */
long viommu_map_find_v_(const struct viommu_map_ *m, uint32_t vsid);
/* Index of the first entry holding a vSID >= vsid, or -1. */
long viommu_map_next_v_(const struct viommu_map_ *m, uint32_t vsid);
/* Index (in byp) of the entry holding (idx, psid), or -1. */
long viommu_map_find_p_(const struct viommu_map_ *m, unsigned int idx,
			uint32_t psid);
/* True when any vSID of [vsid, vsid + count) is mapped. */
bool viommu_map_v_busy_(const struct viommu_map_ *m, uint64_t vsid,
			uint64_t count);
/* True when any pSID of [psid, psid + count) of idx is mapped. */
bool viommu_map_p_busy_(const struct viommu_map_ *m, unsigned int idx,
			uint64_t psid, uint64_t count);
/* Lowest free range of count vSIDs below limit: 0 and *vsid, or
 * -VSMMU_ERR_FULL. O(entries), never more. */
int viommu_map_find_free_(const struct viommu_map_ *m, uint64_t limit,
			  uint64_t count, uint32_t *vsid);

/* ---- Backends and the domain --------------------------------------------- */

struct viommu_backend_ {
	const struct viommu_backend_ops *ops;
	void *bctx;
	uint64_t nmapped;		/* vSIDs mapped to this backend */
	struct viommu_idrs_ idrs;	/* read once at viommu_add_backend */
};

/* Token bucket (viommu_cfg.evt_burst / evt_rate). */
struct viommu_rl_ {
	uint64_t tokens;
	uint64_t ns_per_token;		/* with a host clock */
	uint64_t frac_ns;		/* time not yet turned into tokens */
	uint64_t last_ns;
	bool clock_started;
};

struct viommu_dom {
	/* Fixed at creation. */
	struct viommu_cfg cfg;
	const struct viommu_host_ops *ops;
	void *host_ctx;
	uint32_t domid;
	uint64_t max_vsids;
	const struct viommu_type_ops_ *type;

	/* Protected by the domain lock. */
	unsigned int nbackends;
	struct viommu_backend_ be[VIOMMU_MAX_BACKENDS];
	struct viommu_map_ map;
	bool idrs_published;
	struct viommu_idrs_ published;
	const struct viommu_emul_ops *emul;
	void *ectx;
	struct viommu_rl_ rl;
	struct viommu_stats stats;
};

static inline void viommu_lock_(const struct viommu_dom *d)
{
	if (d->ops->lock)
		d->ops->lock(d->host_ctx, d->cfg.lock);
}

static inline void viommu_unlock_(const struct viommu_dom *d)
{
	if (d->ops->unlock)
		d->ops->unlock(d->host_ctx, d->cfg.lock);
}

#define VIOMMU_LOG_(d, lvl, ...)                                            \
	do {                                                                \
		if ((d)->ops->log) {                                        \
			char m_[160];                                       \
			vsmmu_snprintf(m_, sizeof(m_), __VA_ARGS__);        \
			(d)->ops->log((d)->host_ctx, (lvl), m_);            \
		}                                                           \
	} while (0)

/* The backend that owns idx, or NULL (lock held). */
static inline struct viommu_backend_ *viommu_be_(struct viommu_dom *d,
						 unsigned int idx)
{
	return idx < d->nbackends ? &d->be[idx] : NULL;
}

/*
 * Put one pSID back to cfg.restore (abort when bypass fails): the guest's
 * stage 1 must never stay live on a pSID the guest lost. Lock held.
 */
int viommu_restore_psid_(struct viommu_dom *d, struct viommu_backend_ *be,
			 uint32_t psid);

/* Map changes (map.c), lock held. */
int viommu_map_insert_(struct viommu_dom *d, const struct viommu_ent_ *e);
int viommu_map_remove_(struct viommu_dom *d, uint64_t vsid, uint64_t count);
void viommu_map_release_(struct viommu_dom *d);

/* Merge of every backend's registers, lock held; false when unusable. */
bool viommu_idrs_compute_(const struct viommu_dom *d,
			  struct viommu_idrs_ *out);

#endif /* VIOMMU_INTERNAL_H */
