/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the arch unit tests: the cmocka includes and a
 * fixed-seed xorshift64 generator, so random vectors are the same on every
 * platform and never depend on libc's rand().
 */
#ifndef VSMMU_TEST_ARCH_H
#define VSMMU_TEST_ARCH_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vsmmu/arch.h"

static inline uint64_t xs64(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

#define XS_SEED 0x9E3779B97F4A7C15ull
#define N_RANDOM 20000

#endif /* VSMMU_TEST_ARCH_H */
