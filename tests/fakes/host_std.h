/* SPDX-License-Identifier: MIT */
/*
 * Host-service callbacks over libc and pthreads, for tests that need a
 * plain host: zeroed allocation, pthread mutexes as the library's locks,
 * and an access-control hook that allows everything. Header-only so any
 * test can use it without a library of its own.
 */
#ifndef VSMMU_TESTS_HOST_STD_H
#define VSMMU_TESTS_HOST_STD_H

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "vsmmu/viommu.h"

static inline void *host_std_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return calloc(1, size);
}

static inline void host_std_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

/* lock is a pthread_mutex_t *. */
static inline void host_std_lock(void *ctx, void *lock)
{
	(void)ctx;
	pthread_mutex_lock(lock);
}

static inline void host_std_unlock(void *ctx, void *lock)
{
	(void)ctx;
	pthread_mutex_unlock(lock);
}

static inline int host_std_acl_allow(void *ctx, enum viommu_acl_op op,
				     uint32_t domid, uint32_t arg)
{
	(void)ctx;
	(void)op;
	(void)domid;
	(void)arg;
	return 0;
}

#endif /* VSMMU_TESTS_HOST_STD_H */
