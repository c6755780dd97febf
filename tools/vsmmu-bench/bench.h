/* SPDX-License-Identifier: MIT */
/*
 * tools/vsmmu-bench/bench.h - what the parts of vsmmu-bench share.
 *
 * The tool builds the whole nested stack on the host (rig.c): physical
 * memory, the SMMUv3 model with the psmmu driver on it, a stage-2 domain,
 * a viommu domain whose backend can switch forwarding policy (policy.c),
 * the vSMMU, and the reference guest driver (sim/guest) booted on it.
 * Each row of the table (rows.h) runs its workload on such a rig, once
 * natively for wall time and once under callgrind (icount.c) for the
 * instructions the hypervisor side executes.
 */
#ifndef VSMMU_BENCH_H
#define VSMMU_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vsmmu/model.h"
#include "vsmmu/psmmu.h"
#include "vsmmu/viommu.h"
#include "vsmmu/vsmmu.h"
#include "guest/gsmmu.h"
#include "palloc.h"

/* ---- Forwarding policy (policy.c) ---------------------------------------- */

enum bench_policy {
	BENCH_FWD_PRECISE,	/* the library: one batch, one sync per PROD */
	BENCH_FWD_FLUSH_ALL,	/* every guest TLBI -> TLBI_S12_VMALL (Xen) */
	BENCH_FWD_UNBATCHED,	/* one physical batch + sync per command */
};

/*
 * A viommu backend that wraps the psmmu-nested backend and changes only
 * how invalidations are forwarded: the comparison policies of rows 5 and
 * 6 sit exactly where the library's own forwarding sits.
 */
struct bench_fwd {
	struct viommu_psmmu_backend be;
	enum bench_policy pol;
};

extern const struct viommu_backend_ops bench_fwd_ops;

/* ---- The rig (rig.c) ----------------------------------------------------- */

#define BENCH_PHYS_BASE 0x80000000ull
#define BENCH_PHYS_SIZE (512ull << 20)
#define BENCH_RAM_IPA 0x40000000ull
#define BENCH_RAM_SIZE (128ull << 20)
#define BENCH_IPA_BITS 40u
#define BENCH_DEV_PSID0 0x10u	/* the guest's two devices: 0x10, 0x11 */

struct bench_rig_opts {
	enum bench_policy pol;
	bool lazy;		/* the guest driver's default invalidation */
	bool no_guest;		/* stop before the guest driver boots */
	/*
	 * The guest driver straight on the model, no hypervisor: the
	 * native reference of row 4 (its "traps" are MMIO accesses).
	 */
	bool native;
	unsigned int tlb_entries;	/* model TLB; 0: the model default */
};

struct bench_rig {
	struct bench_rig_opts o;
	/* physical memory, flat */
	uint8_t *mem;
	struct sim_palloc phys;
	/* hardware and the hypervisor's driver */
	struct smmu_model *model;
	struct psmmu *p;
	struct psmmu_domain *pdom;
	struct pgt_table s2;
	struct pgt_s2_cfg s2cfg;
	uint64_t ram_pa;
	uint64_t ram_ipa;	/* where guest RAM starts (native: = ram_pa) */
	/* the framework and the vSMMU */
	struct viommu_dom *vd;
	struct bench_fwd fwd;
	unsigned int be_idx;
	struct vsmmu *vs;
	struct vsmmu_cfg vcfg;
	struct vsmmu_host_ops vops;
	size_t vsmmu_bytes;	/* live bytes the vSMMU allocated */
	/* the guest: its RAM allocator and its SMMUv3 driver */
	struct sim_palloc gram;
	struct gsmmu drv;
	uint32_t vsid[2];	/* vSIDs of pSIDs 0x10 and 0x11 */
	struct gsmmu_domain *doms[4];	/* freed by bench_rig_fini */
	unsigned int ndoms;
	/* trapped accesses of the guest to the vSMMU window */
	uint64_t traps_r, traps_w;
};

/* Build the stack (and boot the guest driver unless o->no_guest). */
int bench_rig_init(struct bench_rig *r, const struct bench_rig_opts *o);
void bench_rig_fini(struct bench_rig *r);

/* The guest's trapped MMIO (counted, and collected by callgrind). */
int bench_trap_read(struct bench_rig *r, uint32_t off, unsigned int size,
		    uint64_t *val);
int bench_trap_write(struct bench_rig *r, uint32_t off, unsigned int size,
		     uint64_t val);

/* Guest memory by IPA. */
int bench_gpa_read(struct bench_rig *r, uint64_t ipa, void *buf, size_t n);
int bench_gpa_write(struct bench_rig *r, uint64_t ipa, const void *buf,
		    size_t n);

/*
 * Register pSID with the physical driver and map it into the domain;
 * *vsid is the vSID it got.
 */
int bench_rig_add_sid(struct bench_rig *r, uint32_t psid, uint32_t *vsid);

/*
 * Write n raw commands (a CMD_SYNC with CS = NONE appended when sync) to
 * the guest's command queue, publish CMDQ_PROD with one trapped write
 * and read CMDQ_CONS until the vSMMU consumed them, as a guest would.
 */
int bench_guest_cmds(struct bench_rig *r, const struct smmu_cmd *cmds,
		     unsigned int n, bool sync);

/* A guest stage-1 domain, freed with the rig. */
int bench_rig_domain(struct bench_rig *r, bool strict,
		     struct gsmmu_domain **out);
/* A guest stage-1 domain (strict or lazy) with device idx (0, 1) in it. */
int bench_rig_attach(struct bench_rig *r, unsigned int idx, bool strict,
		     struct gsmmu_domain **out);

/* One translation by the physical SMMU, as a device of pSID would ask. */
int bench_translate(struct bench_rig *r, uint32_t psid, uint64_t iova);

/* ---- Instruction counts (icount.c) -------------------------------------- */

/*
 * Collection is on only while the hypervisor side runs (a trap into the
 * vSMMU, or a call the row names), and off again while the SMMU model
 * runs: the model is the hardware, not our cost.
 */
void bench_ic_arm(bool on);		/* the row's measured section */
/* The same, collecting the guest's work too (still not the model's). */
void bench_ic_arm_all(bool on);
bool bench_ic_hyp_enter(void);		/* returns the previous state */
void bench_ic_hyp_leave(bool prev);
bool bench_ic_model_enter(void);
void bench_ic_model_leave(bool prev);
bool bench_ic_under_valgrind(void);

/*
 * Run this binary again under callgrind in child mode for section name
 * and return its instruction count, or -1 (no valgrind, or it failed).
 * *ops gets the number of operations the child reported.
 */
int64_t bench_ic_measure(const char *self, const char *name, uint64_t *ops,
			 bool quick);
/* Prefix of a child section name: collect guest and hypervisor alike. */
#define BENCH_IC_ALL "all:"

/* ---- Timing (stat.c) ------------------------------------------------------ */

uint64_t bench_now_ns(void);

struct bench_stat {
	double med, min, max;	/* of the runs */
	double q1, q3;		/* quartiles */
	unsigned int n;
};

void bench_stat_of(double *v, unsigned int n, struct bench_stat *s);
/* Spread as +-% of the median: half the interquartile range. */
double bench_stat_spread(const struct bench_stat *s);

/* ---- Sections (sec_*.c) ----------------------------------------------------
 *
 * A section builds its rig, then repeats one operation iters times per
 * run. Natively (ic = false) it times each run; under callgrind (ic =
 * true, one run) it arms collection around the operation instead. The
 * section also reports what the table needs besides time in v[] (each
 * section says what its slots hold).
 */
#define BENCH_RUNS_MAX 16u
#define BENCH_V_MAX 8u

/*
 * Run 0 is a warm-up (first-touch page faults, first allocations of the
 * tables an operation reuses): neither timed nor collected.
 */
struct bench_run {
	bool ic;
	bool ic_all;			/* count the guest's instructions too */
	bool quick;
	unsigned int runs, iters;	/* runs include the warm-up */
	double ns[BENCH_RUNS_MAX];	/* per operation, per timed run */
	unsigned int nns;		/* timed runs recorded */
	uint64_t ops;			/* operations measured in all */
	double v[BENCH_V_MAX];
	unsigned int cur;		/* internal: the run in progress */
	uint64_t t0, acc;		/* internal: the run's clock */
};

/* Runs and iterations: natively, under callgrind, and in --quick. */
static inline void bench_shape(struct bench_run *m, unsigned int full_iters,
			       unsigned int ic_iters, unsigned int quick_iters)
{
	m->runs = 1 + (m->ic ? 1 : m->quick ? 3 : 9);
	m->iters = m->ic ? ic_iters : m->quick ? quick_iters : full_iters;
}

static inline bool bench_warm(const struct bench_run *m)
{
	return m->cur == 0;
}

static inline void bench_begin(struct bench_run *m)
{
	if (m->ic) {
		if (!bench_warm(m) && m->ic_all)
			bench_ic_arm_all(true);
		else if (!bench_warm(m))
			bench_ic_arm(true);
	} else {
		m->t0 = bench_now_ns();
	}
}

/* End of a measured stretch of n operations. */
static inline void bench_end_n(struct bench_run *m, uint64_t n)
{
	if (m->ic)
		bench_ic_arm(false);
	else
		m->acc += bench_now_ns() - m->t0;
	if (!bench_warm(m))
		m->ops += n;
}

static inline void bench_end(struct bench_run *m)
{
	bench_end_n(m, 1);
}

/* Close a run of n operations: its time per operation. */
static inline void bench_run_done(struct bench_run *m, uint64_t n)
{
	if (!bench_warm(m) && m->nns < BENCH_RUNS_MAX && n)
		m->ns[m->nns++] = (double)m->acc / (double)n;
	m->acc = 0;
	m->cur++;
}

struct bench_sec {
	const char *name;
	int (*fn)(struct bench_run *m, const char *name);
};

/* Every section, NULL-terminated; found by name in child mode. */
extern const struct bench_sec bench_secs[];
const struct bench_sec *bench_sec_find(const char *name);

/* The sections. */
int bench_sec_reg(struct bench_run *m, const char *name);
int bench_sec_cmdq(struct bench_run *m, const char *name);
int bench_sec_cfgi(struct bench_run *m, const char *name);
int bench_sec_dma(struct bench_run *m, const char *name);
int bench_sec_fwd(struct bench_run *m, const char *name);
int bench_sec_xlate(struct bench_run *m, const char *name);
int bench_sec_tlbi_scale(struct bench_run *m, const char *name);
/* Row 8's memory: no timing, computed directly. */
int bench_mem_per_vsid(uint32_t n, bool contiguous, size_t *map_bytes,
		       size_t *vsmmu_bytes);

/* ---- The rows (rows.c) --------------------------------------------------- */

struct bench_opts {
	bool quick;		/* the smoke run: few iterations, no callgrind */
	bool icount;		/* instruction counts with callgrind */
	const char *self;	/* this binary, for the callgrind child */
};

/* Run every row; returns the number of sections that failed. */
unsigned int bench_rows(const struct bench_opts *o);

/* ---- The table (table.c) ------------------------------------------------ */

enum bench_verdict {
	BENCH_INFO,		/* a measurement without a target */
	BENCH_MET,
	BENCH_MISSED,
	BENCH_UNMEASURED,	/* the target's number could not be taken */
};

/*
 * Add a line to the table of row (1..8). number: the value holds at least
 * one measured number (what the --quick smoke run checks for each row).
 */
void bench_line(unsigned int row, const char *what, const char *target,
		enum bench_verdict v, bool number, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Markdown table of every line. */
void bench_table_print(FILE *f);
/* Rows 1..nrows that have no line with a number (0: all have one). */
unsigned int bench_table_missing(unsigned int nrows);

#endif /* VSMMU_BENCH_H */
