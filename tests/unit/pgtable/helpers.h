/* SPDX-License-Identifier: MIT */
/*
 * Descriptor spellings for hand-built tables, written from facts §7.2-7.4
 * (not from src/pgtable/internal.h, so the tests do not check the code
 * against itself).
 */
#ifndef PGT_TEST_HELPERS_H
#define PGT_TEST_HELPERS_H

#include <stdint.h>

#define D_TABLE(pa) ((uint64_t)(pa) | 3u)		/* levels 0-2 */
#define D_PAGE(pa) ((uint64_t)(pa) | 3u | D_AF)		/* level 3 */
#define D_BLOCK(pa) ((uint64_t)(pa) | 1u | D_AF)	/* levels 1-2 */
#define D_AF (1ull << 10)
#define D_NG (1ull << 11)
#define D_AP1 (1ull << 6)		/* stage 1: EL0 access */
#define D_AP2 (1ull << 7)		/* stage 1: read-only */
#define D_PXN (1ull << 53)
#define D_UXN (1ull << 54)
#define D_ATTRIDX(n) ((uint64_t)(n) << 2)
#define D_SH(n) ((uint64_t)(n) << 8)
#define D_S2R (1ull << 6)		/* S2AP[0] */
#define D_S2W (1ull << 7)		/* S2AP[1] */
#define D_S2XN1 (1ull << 54)
#define D_S2XN0 (1ull << 53)
#define D_MEMATTR(n) ((uint64_t)(n) << 2)
#define T_PXN (1ull << 59)
#define T_UXN (1ull << 60)
#define T_NOEL0 (1ull << 61)
#define T_RO (1ull << 62)

#define ACC(t, p) ((struct pgt_access){ .type = (t), .priv = (p) })
#define PRD ACC(PGT_ACC_READ, true)
#define PWR ACC(PGT_ACC_WRITE, true)
#define PEX ACC(PGT_ACC_EXEC, true)
#define URD ACC(PGT_ACC_READ, false)
#define UWR ACC(PGT_ACC_WRITE, false)
#define UEX ACC(PGT_ACC_EXEC, false)

#endif
