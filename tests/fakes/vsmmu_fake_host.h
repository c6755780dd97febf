/* SPDX-License-Identifier: MIT */
/*
 * A fake host and guest for the vSMMU tests (hosted test code): flat guest
 * memory with failure injection, recorded IRQ edges, MSIs, SEVs and kicks,
 * a pthread lock, and the vIOMMU framework over the recording mock backend
 * (tests/fakes/viommu_mock_backend.h). Helpers act like a guest driver:
 * MMIO accesses and guest memory only.
 *
 *	struct vfx f;
 *	vfx_init(&f, 16 << 20);		// 16 MiB of guest RAM at GPA 0
 *	f.mock.idr[0] &= ...;		// optional: the physical IDRs
 *	vfx_map(&f, 0x100, 5);		// pSID 0x100 -> vSID 5
 *	vfx_create(&f);			// the vSMMU (f.cfg may be tweaked first)
 *	vfx_linux_reset(&f, &lay);	// Linux's probe and reset sequence
 *	...
 *	vfx_fini(&f);
 */
#ifndef VSMMU_FAKE_HOST_H
#define VSMMU_FAKE_HOST_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "vsmmu/vsmmu.h"
#include "vsmmu/viommu.h"
#include "fakes/viommu_mock_backend.h"

/* MSI addresses at or above this are interrupt doorbells, not RAM. */
#define VFX_DOORBELL 0x80000000ull
#define VFX_MAX_MSI 256u

struct vfx_msi {
	uint64_t addr;
	uint32_t data;
};

struct vfx {
	uint8_t *mem;
	size_t mem_size;
	/* Accesses touching [lo, hi) fail (hi = 0: never). */
	uint64_t rfail_lo, rfail_hi, wfail_lo, wfail_hi;
	int msi_fail;			/* msi_write returns this (0: ok) */
	unsigned int edges[VSMMU_IRQ_COMBINED + 1];
	int level[VSMMU_IRQ_COMBINED + 1];
	unsigned int sevs, kicks, gmem_reads;
	struct vfx_msi msi[VFX_MAX_MSI];
	unsigned int nmsi;
	unsigned int guest_logs;
	int quiet;			/* do not print logs */
	pthread_mutex_t lock;

	struct viommu_dom *d;
	struct viommu_mock mock;
	unsigned int bidx;
	int have_backend;

	struct vsmmu_host_ops ops;
	struct vsmmu_cfg cfg;
	struct vsmmu *v;

	/* Guest driver state (vfx_linux_reset). */
	uint64_t strtab, cmdq, evtq;
	unsigned int cmdq_log2, evtq_log2;
	uint32_t prod;			/* shadow CMDQ_PROD */
};

/* The guest's table/queue layout for vfx_linux_reset. */
struct vfx_layout {
	uint64_t strtab;		/* linear table or L1 table */
	unsigned int st_log2;		/* STRTAB_BASE_CFG.LOG2SIZE */
	int two_level;
	unsigned int split;
	uint64_t cmdq;
	unsigned int cmdq_log2;
	uint64_t evtq;
	unsigned int evtq_log2;
	int use_msi;			/* program IRQ_CFG0 = doorbells */
};

void vfx_init(struct vfx *f, size_t mem_size);
void vfx_map(struct vfx *f, uint32_t psid, uint32_t vsid);
void vfx_create(struct vfx *f);
void vfx_fini(struct vfx *f);

uint32_t vfx_rd32(struct vfx *f, uint32_t off);
uint64_t vfx_rd64(struct vfx *f, uint32_t off);
int vfx_wr32(struct vfx *f, uint32_t off, uint32_t val);
int vfx_wr64(struct vfx *f, uint32_t off, uint64_t val);

void vfx_mem_w64(struct vfx *f, uint64_t gpa, uint64_t val);
uint64_t vfx_mem_r64(struct vfx *f, uint64_t gpa);
uint32_t vfx_mem_r32(struct vfx *f, uint64_t gpa);

/* Linux's reset: CR0 = 0, CR1/CR2, tables, queues, CFGI_ALL + TLBI +
 * SYNC, IRQs, SMMUEN. Each enable is followed by polling its ACK. */
void vfx_linux_reset(struct vfx *f, const struct vfx_layout *lay);
void vfx_default_layout(struct vfx_layout *lay);

/* Write a guest STE (linear table at f->strtab). */
void vfx_ste_write(struct vfx *f, uint32_t sid, const uint64_t w[8]);
/* Queue one command (not published); vfx_cmd_publish writes CMDQ_PROD. */
void vfx_cmd(struct vfx *f, const struct smmu_cmd *c);
void vfx_cmd_raw(struct vfx *f, uint64_t w0, uint64_t w1);
int vfx_cmd_publish(struct vfx *f);
/* Shorthands that queue a command. */
void vfx_cfgi_ste(struct vfx *f, uint32_t sid);
void vfx_sync(struct vfx *f, unsigned int cs, uint64_t msiaddr,
	      uint32_t msidata);
/* Run vsmmu_resume until nothing is pending (at most max calls); returns
 * the number of calls. */
unsigned int vfx_drain(struct vfx *f, unsigned int max);

/* Read event record n (0-based slot) from the guest's event queue. */
void vfx_evt(struct vfx *f, unsigned int slot, struct smmu_evt *e);

#endif /* VSMMU_FAKE_HOST_H */
