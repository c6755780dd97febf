/* SPDX-License-Identifier: MIT */
/*
 * sim/guest/internal.h - helpers shared by the guest driver's files.
 * Names end in '_' as the project's internal headers do.
 */
#ifndef SIM_GSMMU_INTERNAL_H
#define SIM_GSMMU_INTERNAL_H

#include "vsmmu/base.h"
#include "gsmmu.h"

/* Linux's choices, restated from the facts sheet (§3.1, §8). */
#define GSMMU_STRTAB_SPLIT 8u	/* 256 STEs = 16 KiB per L2 table */
#define GSMMU_L1_MAX_LOG2  17u	/* at most 2^17 L1 descriptors */
#define GSMMU_BATCH_MAX	   64u	/* commands per PROD write */
#define GSMMU_CD_MAX_LOG2  4u	/* CDs per linear CD table */
#define GSMMU_TLBI_MAX_OPS 512u /* beyond: invalidate the ASID */

void gsmmu_log_(struct gsmmu *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Record why a call failed (kept in s->err) and log it. */
int gsmmu_fail_(struct gsmmu *s, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

uint32_t gsmmu_rd32_(struct gsmmu *s, uint32_t off);
uint64_t gsmmu_rd64_(struct gsmmu *s, uint32_t off);
void gsmmu_wr32_(struct gsmmu *s, uint32_t off, uint32_t v);
void gsmmu_wr64_(struct gsmmu *s, uint32_t off, uint64_t v);

/* Poll until (reg & mask) == want; -VSMMU_ERR_TIMEOUT after poll_max. */
int gsmmu_poll32_(struct gsmmu *s, uint32_t off, uint32_t mask, uint32_t want);
/* One polling iteration: count it and let the machine run. */
void gsmmu_relax_(struct gsmmu *s);

int gsmmu_mem_wr64_(struct gsmmu *s, uint64_t addr, uint64_t v);
int gsmmu_mem_rd64_(struct gsmmu *s, uint64_t addr, uint64_t *v);

/* Write CR0 and wait for CR0ACK to match. */
int gsmmu_write_cr0_(struct gsmmu *s, uint32_t v);

/* ---- command queue (cmdq.c) ---- */
struct gsmmu_batch {
	uint64_t cmd[GSMMU_BATCH_MAX][2];
	unsigned int n;
};

void gsmmu_batch_init_(struct gsmmu_batch *b);
/* Add a command; a full batch is submitted first (without a sync). */
int gsmmu_batch_add_(struct gsmmu *s, struct gsmmu_batch *b,
		     const struct smmu_cmd *c);
/* Submit the batch followed by CMD_SYNC and wait for it. */
int gsmmu_batch_sync_(struct gsmmu *s, struct gsmmu_batch *b);
/* One command + CMD_SYNC. */
int gsmmu_cmd_sync_(struct gsmmu *s, const struct smmu_cmd *c);
int gsmmu_cmdq_init_(struct gsmmu *s);
void gsmmu_cmdq_skip_err_(struct gsmmu *s);

/* ---- stream table and CDs (strtab.c) ---- */
int gsmmu_strtab_init_(struct gsmmu *s);
void gsmmu_strtab_free_(struct gsmmu *s);
struct gsmmu_master *gsmmu_master_get_(struct gsmmu *s, uint32_t sid,
				       bool create);
int gsmmu_ste_write_(struct gsmmu *s, struct gsmmu_master *m,
		     const uint64_t target[8]);
void gsmmu_ste_abort_(uint64_t ste[8]);
void gsmmu_ste_bypass_(uint64_t ste[8]);
int gsmmu_cd_install_(struct gsmmu *s, struct gsmmu_master *m,
		      struct gsmmu_domain *d);
void gsmmu_cd_free_(struct gsmmu *s, struct gsmmu_master *m);
void gsmmu_ste_s1_(struct gsmmu *s, const struct gsmmu_master *m,
		   uint64_t ste[8]);

/* ---- event queue (evtq.c) ---- */
int gsmmu_evtq_init_(struct gsmmu *s);

#endif /* SIM_GSMMU_INTERNAL_H */
