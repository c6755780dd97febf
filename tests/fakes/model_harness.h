/* SPDX-License-Identifier: MIT */
/*
 * tests/fakes/model_harness.h - a host for the SMMUv3 model in tests: fake
 * memory, recorded interrupts/MSIs/SEVs, register access, a driver-like
 * setup (stream table, queues, enables) and command/event helpers.
 *
 * STEs, CDs and commands are built by the tests with absolute bit
 * positions copied from the facts sheet, never with the arch encoders.
 */
#ifndef TESTS_FAKES_MODEL_HARNESS_H
#define TESTS_FAKES_MODEL_HARNESS_H

#include "fakes/model_mem.h"
#include "vsmmu/model.h"

/* Fixed layout of the fake physical memory. */
#define MH_STRTAB 0x00100000ull
#define MH_L2STRTAB 0x00180000ull	/* 2-level: L2 tables, 16 KiB each */
#define MH_CMDQ 0x00200000ull
#define MH_EVTQ 0x00300000ull
#define MH_CD 0x00400000ull
#define MH_POOL 0x01000000ull		/* page-table allocator */
#define MH_DATA 0x40000000ull

struct mh;
typedef void (*mh_irq_hook)(struct mh *h, enum smmu_model_irq line);

struct mh {
	struct smmu_model *m;
	struct mmem mem;
	struct smmu_model_config cfg;
	unsigned int irqs[SMMU_MODEL_IRQ_NR];
	unsigned int sevs;
	struct { uint64_t addr; uint32_t data; } msi[64];
	unsigned int nmsi;
	bool msi_fail;		/* MSI callback fails */
	mh_irq_hook on_irq;
	void *priv;
	unsigned int locks, unlocks;
	int lock_depth;
	/* what mh_setup programmed */
	bool two_level;
	unsigned int st_log2, split;
	unsigned int cmdq_log2, evtq_log2;
};

/* Create with cfg (NULL: smmu_model_config_default). msi_to_mem: MSIs
 * through the default 32-bit memory write instead of the callback. */
void mh_init(struct mh *h, const struct smmu_model_config *cfg,
	     bool msi_to_mem);
void mh_fini(struct mh *h);

uint32_t mh_rd32(struct mh *h, uint32_t off);
uint64_t mh_rd64(struct mh *h, uint32_t off);
void mh_wr32(struct mh *h, uint32_t off, uint32_t v);
void mh_wr64(struct mh *h, uint32_t off, uint64_t v);

/*
 * Program like a driver: CR1/CR2 (RECINVSID), a linear (2^8) or 2-level
 * (2^16, SPLIT 8) stream table, CMDQ (2^cmdq_log2) and EVENTQ
 * (2^evtq_log2) with PROD = CONS = 0, then CMDQEN, EVENTQEN, SMMUEN.
 * cmdq_log2/evtq_log2 of 0 mean 8 and 4.
 */
void mh_setup(struct mh *h, bool two_level, unsigned int cmdq_log2,
	      unsigned int evtq_log2);

/* Write the STE of sid (allocating the L2 table in 2-level mode). */
void mh_ste_put(struct mh *h, uint32_t sid, const uint64_t ste[8]);
uint64_t mh_ste_addr(struct mh *h, uint32_t sid);

/* Append a command at PROD and write CMDQ_PROD. */
void mh_cmd(struct mh *h, uint64_t w0, uint64_t w1);
/* Convenience: CMD_SYNC with CS = 0 (opcode 0x46). */
void mh_sync(struct mh *h);

/* Events between CONS and PROD; pop one (false when empty). */
unsigned int mh_evt_count(struct mh *h);
bool mh_evt_pop(struct mh *h, uint64_t ev[4]);

/* Set bits [hi:lo] (absolute over an array of 64-bit words) to v. */
void mh_bits(uint64_t *w, unsigned int hi, unsigned int lo, uint64_t v);
uint64_t mh_getbits(const uint64_t *w, unsigned int hi, unsigned int lo);

#endif /* TESTS_FAKES_MODEL_HARNESS_H */
