/* SPDX-License-Identifier: MIT */
/*
 * A libfdt environment without libc, for freestanding_check.sh only: it
 * proves that src/fdt needs nothing from libfdt_env.h beyond the fdt
 * integer types and byte swaps (an embedder without libc supplies such a
 * header of its own). Little-endian targets.
 */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INT_MAX __INT_MAX__
#define INT32_MAX __INT32_MAX__

typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

#define fdt16_to_cpu(x) __builtin_bswap16(x)
#define cpu_to_fdt16(x) __builtin_bswap16(x)
#define fdt32_to_cpu(x) __builtin_bswap32(x)
#define cpu_to_fdt32(x) __builtin_bswap32(x)
#define fdt64_to_cpu(x) __builtin_bswap64(x)
#define cpu_to_fdt64(x) __builtin_bswap64(x)

#endif
