/* SPDX-License-Identifier: MIT */
/*
 * vsmmu/base.h - what every layer shares: error codes, address types, the
 * log levels and the few host-service shapes all layers use.
 *
 * Error convention (as libfdt): 0 is success, a negative -VSMMU_ERR_* is a
 * failure, a positive value is a count or an index where a function says so.
 * Error codes are for the embedder. A guest's mistake is never a failed call:
 * it becomes architectural state (CMDQ_CONS.ERR, GERROR, an event record) and
 * the MMIO entry point returns 0.
 */
#ifndef VSMMU_BASE_H
#define VSMMU_BASE_H

#include "vsmmu/env.h"

/* ---- Error codes (returned negated) ------------------------------------ */

/* informative */
#define VSMMU_ERR_NOENT 1     /* no such object: SID, vSID, device, node */
#define VSMMU_ERR_EXIST 2     /* already exists: SID registered twice, ... */
#define VSMMU_ERR_FULL 3      /* a table or map has no free slot */
#define VSMMU_ERR_FAULT 4     /* a translation faulted; details in a result */
#define VSMMU_ERR_BUSY 5      /* resource in use; retry later */
/* bad parameter from the embedder */
#define VSMMU_ERR_INVAL 6     /* a parameter is out of its domain */
#define VSMMU_ERR_RANGE 7     /* an index or address range is out of bounds */
#define VSMMU_ERR_NOTSUPP 8   /* the hardware or configuration lacks this */
#define VSMMU_ERR_STATE 9     /* the object is not in a state for this call */
#define VSMMU_ERR_PERM 10     /* the host's access-control hook refused */
#define VSMMU_ERR_NOSPACE 11  /* a caller-supplied buffer is too small */
/* bad data */
#define VSMMU_ERR_ILL 12      /* a malformed architectural structure */
#define VSMMU_ERR_BADFDT 13   /* a malformed device tree */
#define VSMMU_ERR_BADCFG 14   /* a malformed domain configuration */
/* the environment failed */
#define VSMMU_ERR_NOMEM 15    /* the allocation callback failed */
#define VSMMU_ERR_GMEM 16     /* a guest-memory callback failed */
#define VSMMU_ERR_IO 17       /* an MMIO or DMA-memory callback failed */
#define VSMMU_ERR_TIMEOUT 18  /* a bounded poll of the hardware expired */
#define VSMMU_ERR_HW 19       /* the hardware reported an error */
/* our own bug: never caused by guest input */
#define VSMMU_ERR_INTERNAL 20
#define VSMMU_ERR_MAX 20

/* Name of an error code, positive or negated; never NULL. */
const char *vsmmu_strerror(int err);

/* ---- Address types ------------------------------------------------------
 *
 * A walk handles input addresses, IPAs and PAs at once; making them
 * distinct types lets the compiler reject an IPA passed as a PA.
 */
typedef struct { uint64_t v; } smmu_va_t;   /* stage-1 input (IOVA) */
typedef struct { uint64_t v; } smmu_ipa_t;  /* intermediate physical */
typedef struct { uint64_t v; } smmu_pa_t;   /* physical */

static inline smmu_va_t smmu_va(uint64_t v) { return (smmu_va_t){ v }; }
static inline smmu_ipa_t smmu_ipa(uint64_t v) { return (smmu_ipa_t){ v }; }
static inline smmu_pa_t smmu_pa(uint64_t v) { return (smmu_pa_t){ v }; }

/*
 * True when [base, base + len) lies inside [0, limit]; never computes
 * base + len, so it cannot wrap.
 */
static inline bool smmu_range_ok(uint64_t base, uint64_t len, uint64_t limit)
{
	return len <= limit && base <= limit - len;
}

/* ---- Logging ------------------------------------------------------------ */

enum vsmmu_log_level {
	VSMMU_LOG_ERR,    /* our environment failed; the embedder must act */
	VSMMU_LOG_WARN,   /* something was refused or lost */
	VSMMU_LOG_GUEST,  /* the guest did something the architecture forbids */
	VSMMU_LOG_UNIMP,  /* the guest used something we do not implement */
	VSMMU_LOG_INFO,
	VSMMU_LOG_DEBUG,  /* per trap / per command trace */
};

/* The log callback every layer takes: one line, no trailing newline. */
typedef void (*vsmmu_log_fn)(void *ctx, enum vsmmu_log_level lvl,
			     const char *msg);

/*
 * A small formatter for log lines (the core has no libc): %d %i %u %x %X %s
 * %c %p %%, the length modifiers l, ll, z, a field width and the 0 and -
 * flags. Always NUL-terminates when n > 0; returns the length it would have
 * written (as snprintf).
 */
int vsmmu_snprintf(char *buf, size_t n, const char *fmt, ...) VSMMU_PRINTF(3, 4);

/* ---- Memory ------------------------------------------------------------- */

/*
 * Allocation callbacks. The core never allocates otherwise. alloc returns
 * zeroed memory aligned to at least 16 bytes, or NULL.
 */
struct vsmmu_alloc_ops {
	void *(*alloc)(void *ctx, size_t size);
	void (*free)(void *ctx, void *ptr, size_t size);
};

/* ---- Locks -------------------------------------------------------------- */

/*
 * A host lock: the core calls lock/unlock with the opaque handle it was
 * given. NULL callbacks mean the embedder serialises callers itself.
 */
struct vsmmu_lock_ops {
	void (*lock)(void *ctx, void *lock);
	void (*unlock)(void *ctx, void *lock);
};

#endif /* VSMMU_BASE_H */
