/* SPDX-License-Identifier: MIT */
/*
 * vsmmu/env.h - the environment of the freestanding core.
 *
 * This is the only header of the core that names compiler builtins, byte
 * order, copies, overflow checks and atomics. Every other file of src/
 * reaches them through the vsmmu_* names below, so an embedder whose
 * compiler or runtime differs supplies its own version by defining
 * VSMMU_ENV_HEADER to a header of its own.
 *
 * Only the C11 freestanding headers are included: no libc.
 */
#ifndef VSMMU_ENV_H
#define VSMMU_ENV_H

#ifdef VSMMU_ENV_HEADER
#include VSMMU_ENV_HEADER
#else

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Copies and fills. GCC and clang may turn these into calls to memcpy and
 * memset, which a freestanding environment must provide (GCC's rule for
 * -ffreestanding); the aarch64 check of `make check` allows exactly the
 * four functions GCC requires and nothing else.
 */
#define vsmmu_memcpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define vsmmu_memset(d, c, n) __builtin_memset((d), (c), (n))
#define vsmmu_memcmp(a, b, n) __builtin_memcmp((a), (b), (n))

/* Overflow-checked arithmetic: true when the result did not fit. */
#define vsmmu_add_overflow(a, b, r) __builtin_add_overflow((a), (b), (r))
#define vsmmu_sub_overflow(a, b, r) __builtin_sub_overflow((a), (b), (r))
#define vsmmu_mul_overflow(a, b, r) __builtin_mul_overflow((a), (b), (r))

/* Bit scans; the argument must not be zero. */
#define vsmmu_ctz64(x) ((unsigned int)__builtin_ctzll(x))
#define vsmmu_clz64(x) ((unsigned int)__builtin_clzll(x))
#define vsmmu_popcount64(x) ((unsigned int)__builtin_popcountll(x))

/* Atomics for values published without a lock (CMDQ_CONS, counters). */
#define vsmmu_load_acquire32(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define vsmmu_store_release32(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define vsmmu_load_relaxed64(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define vsmmu_add_relaxed64(p, v) \
	((void)__atomic_fetch_add((p), (v), __ATOMIC_RELAXED))

/* Byte order: architectural structures are little-endian 64-bit words. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define vsmmu_le64_to_cpu(x) __builtin_bswap64(x)
#define vsmmu_cpu_to_le64(x) __builtin_bswap64(x)
#define vsmmu_le32_to_cpu(x) __builtin_bswap32(x)
#define vsmmu_cpu_to_le32(x) __builtin_bswap32(x)
#else
#define vsmmu_le64_to_cpu(x) ((uint64_t)(x))
#define vsmmu_cpu_to_le64(x) ((uint64_t)(x))
#define vsmmu_le32_to_cpu(x) ((uint32_t)(x))
#define vsmmu_cpu_to_le32(x) ((uint32_t)(x))
#endif

#define vsmmu_likely(x) __builtin_expect(!!(x), 1)
#define vsmmu_unlikely(x) __builtin_expect(!!(x), 0)

#define VSMMU_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define VSMMU_MIN(a, b) ((a) < (b) ? (a) : (b))
#define VSMMU_MAX(a, b) ((a) > (b) ? (a) : (b))

/* printf-style checking for the log callbacks. */
#define VSMMU_PRINTF(f, a) __attribute__((format(printf, f, a)))

#endif /* VSMMU_ENV_HEADER */
#endif /* VSMMU_ENV_H */
