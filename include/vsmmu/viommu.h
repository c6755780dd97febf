/* SPDX-License-Identifier: MIT */
/*
 * vsmmu/viommu.h - the vIOMMU framework: one instance per guest domain
 * between an emulated IOMMU (the vSMMU) and the physical side.
 *
 * What it keeps per domain:
 *  - the emulated IOMMU's type and configuration (viommu = "smmuv3");
 *  - up to VIOMMU_MAX_BACKENDS backends, one per physical SMMU that holds
 *    devices of the domain (struct viommu_backend_ops);
 *  - the vSID map: vSID <-> (backend index, pSID). pSIDs repeat across
 *    physical SMMUs, so the physical key is the pair. Both directions are
 *    sorted arrays of ranges: O(log n) lookups, memory proportional to
 *    what is mapped (at most 64 bytes per mapped vSID, usually far less
 *    because a PCI RID range is one entry);
 *  - the event rate limiter and counters.
 *
 * What it does: intersects the backends' ID registers, installs a guest's
 * stage-1 config (or abort, or stage-2-only "bypass") on the right
 * physical SMMU for a vSID, forwards guest invalidations precisely (VMID
 * forced, vSID -> pSID, only to the SMMUs that need them, one physical
 * batch and one sync per SMMU per guest batch), and routes physical
 * stage-1 faults back to the guest with the vSID in place of the pSID.
 *
 * Return convention (vsmmu/base.h): 0 on success, -VSMMU_ERR_* otherwise.
 *
 * Locking. Each domain has one host lock (viommu_cfg.lock, taken through
 * viommu_host_ops.lock/unlock); every entry point that reads or changes
 * the domain takes it for its duration. Lock order:
 *
 *     vSMMU locks  ->  viommu domain lock  ->  backend (psmmu) locks
 *     viommu router lock (a leaf: released before the domain is entered)
 *
 * Backend ops and the host callbacks (alloc, free, log, access_check,
 * sid_owned, now_ns) are called with the domain lock held, so they must
 * not call back into the same domain. deliver_event (emulated IOMMU) is called
 * with no viommu lock held, so the vSMMU may take its own locks in it.
 * The host must not destroy a domain while another call on it (in
 * particular viommu_route_event from a fault handler) may be running, and
 * must remove a domain's router entries before destroying it.
 */
#ifndef VSMMU_VIOMMU_H
#define VSMMU_VIOMMU_H

#include "vsmmu/env.h"
#include "vsmmu/base.h"
#include "vsmmu/arch.h"
#include "vsmmu/psmmu.h"

struct viommu_dom;
struct viommu_router;

/* Most physical SMMUs (backends) behind one domain. */
#define VIOMMU_MAX_BACKENDS 32u

/* ---- Types and configuration ------------------------------------------- */

enum viommu_type {
	VIOMMU_TYPE_NONE,	/* no vIOMMU: devices keep stage 2 only */
	VIOMMU_TYPE_SMMUV3,	/* an emulated Arm SMMUv3 (stage 1) */
};

/* "none", "smmuv3", or "unknown" for a value outside the enum. */
const char *viommu_type_name(enum viommu_type t);

/*
 * What a vSID's pSID becomes when the guest loses it (vsid_free, domain
 * destruction): the hypervisor's stage 2 alone, or abort. Never the guest's
 * stage 1.
 */
enum viommu_restore {
	VIOMMU_RESTORE_BYPASS,	/* set_bypass: stage-2 only */
	VIOMMU_RESTORE_ABORT,	/* set_abort */
};

#define VIOMMU_DEFAULT_MAX_VSIDS 65536u

struct viommu_cfg {
	enum viommu_type type;
	/*
	 * vSIDs are 0 .. max_vsids - 1; 0 means VIOMMU_DEFAULT_MAX_VSIDS.
	 * At most 2^32.
	 */
	uint64_t max_vsids;
	/*
	 * Hardware-domain mode: viommu_vsid_alloc places every range at
	 * vSID = pSID (one domain instance per physical SMMU then mirrors
	 * the host's StreamIDs; docs/viommu.md).
	 */
	bool identity;
	enum viommu_restore restore;
	/*
	 * Event rate limit, a token bucket per domain. evt_burst = 0: no
	 * limit. Otherwise the bucket holds at most evt_burst tokens and
	 * starts full; each delivered event takes one. Refill: evt_rate
	 * tokens per second of viommu_host_ops.now_ns when the host gives a
	 * clock, else evt_rate tokens per viommu_tick() call.
	 */
	uint32_t evt_burst;
	uint32_t evt_rate;
	/* The host's lock for this domain, passed to lock/unlock; may be
	 * NULL when the host serialises all calls itself. */
	void *lock;
};

/*
 * Parse an xl.cfg-style line: `viommu = "smmuv3"` or `viommu = "none"`
 * (spaces around '=' optional, single or double quotes, a trailing
 * `# comment` allowed). len bytes of line are read; no NUL needed.
 * Returns 0 and *out, -VSMMU_ERR_NOENT (the line is not a viommu line:
 * blank, comment, another key), -VSMMU_ERR_BADCFG (a viommu line with a
 * malformed or unknown value), -VSMMU_ERR_INVAL (NULL argument).
 */
int viommu_parse_domain_cfg_line(const char *line, size_t len,
				 enum viommu_type *out);

/*
 * Parse a hypervisor command-line option `viommu=smmuv3` / `viommu=none`
 * (also accepted: the bare value "smmuv3" / "none"). Returns 0 and *out,
 * -VSMMU_ERR_NOENT (another option), -VSMMU_ERR_BADCFG (unknown or empty
 * value), -VSMMU_ERR_INVAL (NULL argument).
 */
int viommu_parse_boot_option(const char *opt, size_t len,
			     enum viommu_type *out);

/* ---- Host services ------------------------------------------------------ */

/* What the access-control hook is asked (XSM-like). */
enum viommu_acl_op {
	VIOMMU_ACL_CREATE,	/* arg: enum viommu_type */
	VIOMMU_ACL_ADD_BACKEND,	/* arg: the backend index it would get */
	VIOMMU_ACL_VSID_ALLOC,	/* arg: number of vSIDs; once per call of
				 * viommu_vsid_alloc / viommu_vsid_map */
	VIOMMU_ACL_MAP_SID,	/* arg: a pSID; once per pSID mapped */
};

struct viommu_host_ops {
	/* struct vsmmu_alloc_ops shape: zeroed, 16-byte aligned, or NULL.
	 * Required. */
	void *(*alloc)(void *ctx, size_t size);
	void (*free)(void *ctx, void *ptr, size_t size);
	/* struct vsmmu_lock_ops shape; both NULL: no locking. */
	void (*lock)(void *ctx, void *lock);
	void (*unlock)(void *ctx, void *lock);
	/* Optional log, one line without newline. */
	vsmmu_log_fn log;
	/*
	 * Required. 0 = allowed, anything else refuses the operation, which
	 * then returns -VSMMU_ERR_PERM and changes nothing.
	 */
	int (*access_check)(void *ctx, enum viommu_acl_op op, uint32_t domid,
			    uint32_t arg);
	/*
	 * Optional: is the device behind (bctx, psid) assigned to domid?
	 * 0 = yes. bctx names the physical SMMU (pSIDs repeat across SMMUs,
	 * so access_check's MAP_SID alone cannot tell them apart). Asked
	 * for every pSID mapped, after access_check(VIOMMU_ACL_MAP_SID).
	 */
	int (*sid_owned)(void *ctx, uint32_t domid, void *bctx, uint32_t psid);
	/*
	 * Optional monotonic clock in nanoseconds for the rate limiter;
	 * NULL: the host calls viommu_tick() instead.
	 */
	uint64_t (*now_ns)(void *ctx);
};

/* ---- Backends ------------------------------------------------------------ */

/*
 * One physical SMMU behind the domain. bctx is the backend's own context
 * (for the psmmu backend: the SMMU and the domain's stage-2 domain on it).
 * Every op except get_idr and vmid returns 0 or -VSMMU_ERR_*; viommu
 * passes the error up unchanged.
 */
struct viommu_backend_ops {
	/* Nested STE for psid: the guest's stage 1 over our stage 2. */
	int (*install_s1)(void *bctx, uint32_t psid,
			  const struct psmmu_s1_cfg *s1);
	int (*set_abort)(void *bctx, uint32_t psid);
	/* Stage 2 only: what the guest calls bypass. */
	int (*set_bypass)(void *bctx, uint32_t psid);
	/* Append one physical command (VMID forced, pSID) to the batch. */
	int (*inv_add)(void *bctx, const struct smmu_cmd *pcmd);
	/*
	 * Optional: inv_add for the command in its queue form (two dwords,
	 * CPU order, accepted by smmu_cmd_check). viommu uses it when set,
	 * so a forwarded guest command is never decoded and encoded again
	 * (the psmmu-nested backend: psmmu_batch_add_words); when NULL,
	 * viommu decodes the words and calls inv_add.
	 */
	int (*inv_add_words)(void *bctx, const uint64_t pcmd[2]);
	/* Submit the accumulated batch with one sync. */
	int (*inv_commit)(void *bctx);
	int (*sync)(void *bctx);
	/* Raw IDR0..IDR5, IIDR, AIDR of the physical SMMU. */
	void (*get_idr)(void *bctx, uint32_t idr[6], uint32_t *iidr,
			uint32_t *aidr);
	/* The VMID of the domain's stage 2 on this SMMU. */
	uint16_t (*vmid)(void *bctx);
};

/* ---- The emulated IOMMU ------------------------------------------------- */

struct viommu_emul_ops {
	/*
	 * One event record (four dwords, CPU order) carrying the vSID.
	 * Called with no viommu lock held. Return 0, or an error that is
	 * counted (viommu_stats.evt_emul_err) and passed up.
	 */
	int (*deliver_event)(void *ectx, const uint64_t rec[4]);
};

/* ---- Domain lifecycle ---------------------------------------------------- */

/*
 * Create a domain's vIOMMU instance. The access-control hook is asked
 * (VIOMMU_ACL_CREATE) first. ops and *cfg are copied where needed; ops
 * must outlive the domain. Returns 0 and *out, -VSMMU_ERR_INVAL (NULL
 * argument, missing alloc/free/access_check, lock without unlock,
 * max_vsids above 2^32, evt_burst without evt_rate), -VSMMU_ERR_NOTSUPP
 * (type NONE or unknown), -VSMMU_ERR_PERM, -VSMMU_ERR_NOMEM.
 */
int viommu_dom_create(const struct viommu_cfg *cfg,
		      const struct viommu_host_ops *ops, void *host_ctx,
		      uint32_t domid, struct viommu_dom **out);

/*
 * Put every mapped pSID back to stage-2 only or abort (cfg.restore; if
 * that call fails, abort is tried), so no guest stage 1 stays live, then
 * free everything. d may be NULL.
 */
void viommu_dom_destroy(struct viommu_dom *d);

enum viommu_type viommu_dom_type(const struct viommu_dom *d);
uint32_t viommu_dom_id(const struct viommu_dom *d);

/*
 * Add a physical SMMU. The access-control hook is asked
 * (VIOMMU_ACL_ADD_BACKEND). Once the guest's ID registers were read
 * (viommu_get_idrs), a backend that would shrink them is refused with
 * -VSMMU_ERR_NOTSUPP: a running guest's driver cannot lose a feature.
 * Returns 0 and *psmmu_idx, -VSMMU_ERR_INVAL (NULL or missing op),
 * -VSMMU_ERR_EXIST (the same bctx twice), -VSMMU_ERR_FULL (more than
 * VIOMMU_MAX_BACKENDS), -VSMMU_ERR_PERM, -VSMMU_ERR_NOTSUPP.
 */
int viommu_add_backend(struct viommu_dom *d,
		       const struct viommu_backend_ops *ops, void *bctx,
		       unsigned int *psmmu_idx);

/* Register the emulated IOMMU; ops = NULL unregisters it (events are then
 * counted as evt_no_emul and dropped). */
void viommu_set_emul(struct viommu_dom *d, const struct viommu_emul_ops *ops,
		     void *ectx);

/* ---- The vSID map -------------------------------------------------------- */

/*
 * Map count contiguous pSIDs psid_first.. of backend psmmu_idx (a device's
 * StreamIDs or a PCI RID range) to count contiguous free vSIDs, the lowest
 * such range (identity mode: vSID = pSID). The host is asked once
 * (VIOMMU_ACL_VSID_ALLOC, count) and then for every pSID (MAP_SID, and
 * sid_owned when given); any refusal changes nothing. Returns 0 and
 * *vsid_first, -VSMMU_ERR_INVAL (count 0, NULL, pSID range wraps),
 * -VSMMU_ERR_NOENT (no such backend), -VSMMU_ERR_EXIST (a pSID of the
 * range is mapped already; identity: a vSID is taken), -VSMMU_ERR_FULL (no
 * free vSID range that large), -VSMMU_ERR_PERM, -VSMMU_ERR_NOMEM.
 */
int viommu_vsid_alloc(struct viommu_dom *d, unsigned int psmmu_idx,
		      uint32_t psid_first, uint32_t count,
		      uint32_t *vsid_first);

/*
 * Map one pSID at a chosen vSID (identity mappings, fixed layouts). Same
 * checks and errors as viommu_vsid_alloc; -VSMMU_ERR_RANGE for a vSID at
 * or above max_vsids, -VSMMU_ERR_EXIST when the vSID is taken.
 */
int viommu_vsid_map(struct viommu_dom *d, unsigned int psmmu_idx,
		    uint32_t psid, uint32_t vsid);

/*
 * Unmap vSIDs vsid_first .. vsid_first + count - 1 (mapped ones; holes are
 * skipped; a range may be cut out of the middle of an allocation). Each
 * unmapped pSID is first put back to cfg.restore. Returns 0,
 * -VSMMU_ERR_NOENT (none of them mapped), -VSMMU_ERR_INVAL, -VSMMU_ERR_NOMEM
 * (a split needed memory; nothing changed), or the first backend error
 * (the vSIDs are unmapped all the same).
 */
int viommu_vsid_free(struct viommu_dom *d, uint32_t vsid_first,
		     uint32_t count);

/* O(log n). 0 and the pair, or -VSMMU_ERR_NOENT. Out pointers may be
 * NULL. */
int viommu_vsid_lookup(const struct viommu_dom *d, uint32_t vsid,
		       unsigned int *psmmu_idx, uint32_t *psid);
int viommu_psid_lookup(const struct viommu_dom *d, unsigned int psmmu_idx,
		       uint32_t psid, uint32_t *vsid);

/*
 * The lowest mapped vSID >= from, O(log n): walks the map without probing
 * every vSID (CFGI_ALL / CFGI_STE_RANGE over a sparse map). 0 and *vsid,
 * or -VSMMU_ERR_NOENT when none is mapped at or above from.
 */
int viommu_vsid_next(const struct viommu_dom *d, uint32_t from,
		     uint32_t *vsid);

/* Number of mapped vSIDs, and the bytes the map holds (for limits). */
uint64_t viommu_vsid_count(const struct viommu_dom *d);
size_t viommu_map_bytes(const struct viommu_dom *d);

/* ---- Guest ID registers -------------------------------------------------- */

/*
 * The intersection of the backends' capabilities, as raw IDR0..IDR5, IIDR,
 * AIDR values (docs/viommu.md lists the rule for each field). The vSMMU
 * then adjusts what it implements itself. After this call, backends that
 * would shrink the result are refused. Returns 0, -VSMMU_ERR_NOENT (no
 * backend yet), -VSMMU_ERR_NOTSUPP (no common translation-table format or
 * endianness).
 */
int viommu_get_idrs(const struct viommu_dom *d, uint32_t idr[6],
		    uint32_t *iidr, uint32_t *aidr);

/* ---- Configuration from the vSMMU (CFGI_STE handling) -------------------- */

/*
 * Replace the physical configuration of vsid's pSID: nested with the
 * guest's stage 1, abort, or stage 2 only. s1->s1stalld reaches only a
 * backend whose STALL_MODEL is 0b00 (the only one where STE.S1STALLD is
 * legal); it is cleared for the others. Returns 0, -VSMMU_ERR_NOENT
 * (vSID not mapped), -VSMMU_ERR_INVAL, or the backend's error.
 */
int viommu_attach_s1(struct viommu_dom *d, uint32_t vsid,
		     const struct psmmu_s1_cfg *s1);
int viommu_attach_abort(struct viommu_dom *d, uint32_t vsid);
int viommu_attach_bypass(struct viommu_dom *d, uint32_t vsid);

/* ---- Invalidations ------------------------------------------------------- */

/*
 * One batch per guest CMDQ_PROD write, caller-allocated. Only one batch
 * per domain may be open at a time (the vSMMU's command-queue lock gives
 * that); every viommu_inv_begin must be followed by viommu_inv_commit,
 * also on error paths, so the backends' batches are submitted.
 */
struct viommu_inv {
	uint32_t touched;	/* bit i: backend i got a command */
	unsigned int ncmds;	/* physical commands added */
};

void viommu_inv_begin(struct viommu_dom *d, struct viommu_inv *b);

/*
 * Translate and append one guest command:
 *  - TLBI_NH_ALL / NH_ASID / NH_VA / NH_VAA: the VMID is forced to the
 *    domain's VMID on each backend holding devices of the domain, once
 *    each; the guest's VMID field is ignored. A range TLBI (TG != 0) goes
 *    to an SMMU without IDR3.RIL as NH_ASID (NH_VA) or NH_ALL (NH_VAA) of
 *    the domain's VMID, never as a single page;
 *  - TLBI_NSNH_ALL: TLBI_NH_ALL of the domain's VMID on those backends;
 *  - CFGI_CD / CFGI_CD_ALL / ATC_INV, and the stall answers CMD_RESUME /
 *    CMD_STALL_TERM: vSID -> pSID, to that pSID's backend only.
 * Returns 0, -VSMMU_ERR_NOENT (vSID not mapped: nothing added),
 * -VSMMU_ERR_INVAL (an opcode viommu does not forward: CFGI_STE* are
 * handled by the vSMMU through viommu_attach_*, CMD_SYNC by
 * viommu_inv_commit), -VSMMU_ERR_RANGE (a value does not fit its field),
 * -VSMMU_ERR_ILL (a reserved value, e.g. a range TLBI with TG != 0 and
 * NUM = SCALE = TTL = 0: it would be CERROR_ILL on the SMMU), or the
 * backend's error.
 */
int viommu_inv_add(struct viommu_dom *d, struct viommu_inv *b,
		   const struct smmu_cmd *guest_cmd);

/*
 * viommu_inv_add for a guest command in its queue form: the two dwords as
 * the guest wrote them (CPU order), which is what the vSMMU forwards. The
 * physical command is the guest's words with the VMID (TLBIs) or the
 * StreamID (the rest) replaced, so the forward path decodes and encodes
 * nothing. Same translation and errors as viommu_inv_add, which is this
 * after smmu_cmd_encode; besides, -VSMMU_ERR_ILL for words that
 * smmu_cmd_check refuses (a RES0 bit, a reserved value), which never
 * reach a backend.
 */
int viommu_inv_add_words(struct viommu_dom *d, struct viommu_inv *b,
			 const uint64_t guest_cmd[2]);

/*
 * Submit: inv_commit on each touched backend (one physical batch and one
 * sync each). All touched backends are committed even if one fails; the
 * first error is returned. b is empty afterwards.
 */
int viommu_inv_commit(struct viommu_dom *d, struct viommu_inv *b);

/* A sync on every backend holding devices of the domain. */
int viommu_sync(struct viommu_dom *d);

/* ---- Events -------------------------------------------------------------- */

/*
 * A physical event of (psmmu_idx, psid). Only stage-1 events are the
 * guest's: C_BAD_STE, F_STREAM_DISABLED, C_BAD_SUBSTREAMID, C_BAD_CD, and
 * F_TRANSLATION .. F_PERMISSION with S2 = 0. The StreamID becomes the
 * vSID; IMPLEMENTATION DEFINED bits and the stage-2 IPA are cleared.
 * Returns 0 (delivered), -VSMMU_ERR_NOENT (pSID not mapped: counted,
 * logged, not delivered), -VSMMU_ERR_NOTSUPP (not a guest event: stays
 * with the hypervisor), -VSMMU_ERR_BUSY (rate limit: counted and dropped),
 * -VSMMU_ERR_STATE (no emulated IOMMU registered), or deliver_event's
 * error.
 */
int viommu_route_event(struct viommu_dom *d, unsigned int psmmu_idx,
		       uint32_t psid, const uint64_t rec[4]);

/* Refill the rate limiter by cfg.evt_rate tokens (hosts without now_ns). */
void viommu_tick(struct viommu_dom *d);

struct viommu_stats {
	uint64_t evt_delivered;
	uint64_t evt_rate_dropped;	/* dropped by the rate limit */
	uint64_t evt_unknown_sid;	/* pSID not mapped in the domain */
	uint64_t evt_not_guest;		/* not a stage-1 event */
	uint64_t evt_no_emul;		/* no emulated IOMMU registered */
	uint64_t evt_emul_err;		/* deliver_event failed */
	uint64_t inv_cmds;		/* physical commands forwarded */
	uint64_t inv_commits;		/* backend batches submitted */
};

void viommu_get_stats(const struct viommu_dom *d, struct viommu_stats *out);

/* ---- The router: physical SMMU -> domains -------------------------------- */

/*
 * One router per physical SMMU, for its fault callback (psmmu_host_ops
 * .s1_fault): it maps ranges of that SMMU's pSIDs to (domain, backend
 * index). The router has its own host lock, a leaf: viommu_router_event
 * finds the domain under it, releases it, then calls viommu_route_event.
 */
int viommu_router_create(const struct viommu_host_ops *ops, void *host_ctx,
			 void *lock, struct viommu_router **out);
void viommu_router_destroy(struct viommu_router *r);

/*
 * Route pSIDs psid_first .. + count - 1 to (d, psmmu_idx). Returns 0,
 * -VSMMU_ERR_INVAL, -VSMMU_ERR_EXIST (overlaps a routed range),
 * -VSMMU_ERR_NOMEM.
 */
int viommu_router_add(struct viommu_router *r, uint32_t psid_first,
		      uint32_t count, struct viommu_dom *d,
		      unsigned int psmmu_idx);

/* Remove every route of domain d (before viommu_dom_destroy). Returns the
 * number of ranges removed. */
int viommu_router_del_dom(struct viommu_router *r, const struct viommu_dom *d);

/*
 * Hand a physical event to the owning domain (viommu_route_event).
 * Returns its result, or -VSMMU_ERR_NOENT (no domain routes that pSID:
 * counted in viommu_router_unknown).
 */
int viommu_router_event(struct viommu_router *r, uint32_t psid,
			const uint64_t rec[4]);
uint64_t viommu_router_unknown(const struct viommu_router *r);

/* ---- The psmmu-nested backend -------------------------------------------- */

/*
 * A backend over the physical driver: one per (physical SMMU, domain).
 * Caller-allocated; initialise with viommu_psmmu_backend_init and pass
 * (&viommu_psmmu_backend_ops, b) to viommu_add_backend. The batch lives
 * here, so one guest batch becomes one psmmu batch with one CMD_SYNC.
 */
struct viommu_psmmu_backend {
	struct psmmu *p;
	struct psmmu_domain *dom;
	bool batch_open;
	struct psmmu_batch batch;
};

extern const struct viommu_backend_ops viommu_psmmu_backend_ops;

/*
 * Returns 0, -VSMMU_ERR_INVAL (NULL), -VSMMU_ERR_NOTSUPP (the SMMU cannot
 * nest: psmmu_can_nest).
 */
int viommu_psmmu_backend_init(struct viommu_psmmu_backend *b, struct psmmu *p,
			      struct psmmu_domain *dom);

#endif /* VSMMU_VIOMMU_H */
