/* SPDX-License-Identifier: MIT */
/*
 * hyp - a minimal aarch64 EL2 hypervisor that embeds libvsmmu.
 *
 * One guest at EL1 in hardware-domain mode on QEMU's virt machine: the
 * guest gets the machine's devices 1:1 through stage 2, except the
 * physical SMMUv3's window, which traps to the vSMMU at the same address
 * (vSID = pSID). The hypervisor owns the physical SMMU through psmmu and
 * shares its stage-2 tables with the CPU (VTTBR_EL2).
 */
#ifndef HYP_H
#define HYP_H

#include "vsmmu/env.h"
#include "vsmmu/base.h"

/* ---- Platform (QEMU virt; checked against the DTB where it matters) ---- */

#define HYP_RAM_BASE	0x40000000ull
#define HYP_SIZE	0x02000000ull	/* hypervisor: first 32 MiB of RAM */
#define GUEST_RAM_BASE	(HYP_RAM_BASE + HYP_SIZE)
#define GUEST_DTB	0x4f000000ull	/* prepared DTB (-device loader) */
#define GUEST_KERNEL	GUEST_RAM_BASE	/* Image (-device loader) */

/* A page of hypervisor memory the DMA test aims at (never in stage 2). */
#define HYP_CANARY_PA	0x41f00000ull
#define HYP_CANARY	0x6879702d63616e61ull	/* "hyp-cana" */

/* ---- Registers saved on a trap (start.S) ------------------------------- */

struct hyp_regs {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;
};

#define read_sysreg(r) ({ uint64_t v_; \
	__asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define write_sysreg(r, v) \
	__asm__ volatile("msr " #r ", %0" :: "r"((uint64_t)(v)))
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(o) __asm__ volatile("dsb " #o ::: "memory")

static inline uint32_t mmio_rd32(uint64_t pa)
{
	return *(volatile uint32_t *)(uintptr_t)pa;
}

static inline void mmio_wr32(uint64_t pa, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)pa = v;
}

/* ---- Locks: test-and-set spinlocks (EL2 runs with interrupts masked) -- */

struct hyp_lock {
	uint32_t v;
};

static inline void hyp_lock(struct hyp_lock *l)
{
	while (__atomic_exchange_n(&l->v, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->v, __ATOMIC_RELAXED))
			;
}

static inline void hyp_unlock(struct hyp_lock *l)
{
	__atomic_store_n(&l->v, 0, __ATOMIC_RELEASE);
}

/* ---- CPUs ---------------------------------------------------------------- */

#define HYP_MAX_CPUS	4
#define HYP_STACK_SIZE	0x4000

/* CPU index from MPIDR_EL1.Aff0 (QEMU virt numbers CPUs 0..n-1 there). */
static inline unsigned int hyp_cpu_id(void)
{
	return (unsigned int)(read_sysreg(mpidr_el1) & 0xff);
}

/* ---- console.c ---------------------------------------------------------- */

void uart_init(uint64_t base);
/* One whole line, "hyp: " + text + newline, under the console lock. */
void uart_line(const char *text);

/* One log line of the hypervisor. */
#define hlog(...) do { \
	char hlog_b_[240]; \
	vsmmu_snprintf(hlog_b_, sizeof(hlog_b_), __VA_ARGS__); \
	uart_line(hlog_b_); \
} while (0)

void hyp_panic(const char *why) __attribute__((noreturn));
void hyp_log_cb(void *ctx, enum vsmmu_log_level lvl, const char *msg);

/* ---- mm.c --------------------------------------------------------------- */

void heap_init(uint64_t start, uint64_t end);
void *heap_alloc(size_t size, size_t align);
void heap_free(void *p, size_t size);
void *hyp_zalloc(void *ctx, size_t size);
void hyp_free(void *ctx, void *p, size_t size);

void el2_mmu_init(void);		/* build the EL2 tables (once) */
void el2_mmu_enable(void);	/* turn the MMU on (each CPU) */

struct s2_layout {
	uint64_t ram_base, ram_end;	/* guest RAM (1:1) */
	uint64_t smmu_base, smmu_size;	/* the trapping window */
	uint64_t dev_end;		/* devices: [0, dev_end) 1:1 */
};
/* Build the guest's stage 2 and load VTTBR/VTCR; returns the root PA. */
int s2_init(const struct s2_layout *l);
void s2_enable(void);		/* VTCR_EL2/VTTBR_EL2 (each CPU) */
uint64_t s2_root(void);

#define S2_TSZ		25u	/* 39-bit IPA */
#define S2_SL0		1u	/* start at level 1 */
#define S2_PS_BITS	40u
#define GUEST_VMID	1u

/* ---- fdt.c: a tiny flattened-device-tree reader and in-place editor ---- */

bool dt_valid(const void *fdt);
uint32_t dt_size(const void *fdt);
/* Property of the first node whose name starts with node (before '@'),
 * or whose "compatible" contains compat when node is NULL. */
const void *dt_prop(const void *fdt, const char *node, const char *compat,
		    const char *prop, uint32_t *len);
/* Index of want in a property's string list, or -1. */
int dt_string_index(const char *list, uint32_t len, const char *want);
static inline uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}
static inline uint64_t be64(const void *p)
{
	return (uint64_t)be32(p) << 32 | be32((const uint8_t *)p + 4);
}
static inline void put_be32(void *p, uint32_t v)
{
	uint8_t *b = p;

	b[0] = (uint8_t)(v >> 24); b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8); b[3] = (uint8_t)v;
}

/* ---- smmu.c ------------------------------------------------------------- */

struct hyp_smmu_cfg {
	uint64_t base;			/* physical = guest window */
	uint32_t spi[4];		/* eventq, priq, cmdq-sync, gerror */
	uint64_t gicd;
	uint32_t nsids;			/* pSIDs = vSIDs 0 .. nsids - 1 */
	uint64_t ram_base, ram_end;	/* guest RAM for host services */
};
int hyp_smmu_init(const struct hyp_smmu_cfg *c);
/* Called on every trap: physical events, pending vSMMU work. */
void hyp_smmu_poll(void);
/* A guest access to the vSMMU window. */
int hyp_smmu_mmio(uint32_t off, unsigned int size, bool write, uint64_t *val);
void hyp_canary_check(const char *when);

/* The physical SMMU's window, which is also the guest's vSMMU window. */
extern uint64_t hyp_smmu_base, hyp_smmu_size;

/* ---- trap.c ------------------------------------------------------------- */

void hyp_trap(struct hyp_regs *r, uint64_t kind);
void hyp_enter_guest(uint64_t entry, uint64_t x0) __attribute__((noreturn));

/* ---- psci.c: the guest's PSCI calls (SMC, trapped by HCR_EL2.TSC) ------ */

void hyp_psci(struct hyp_regs *r);
/* start.S: where a secondary CPU started by hyp_psci begins, at EL2. */
void hyp_secondary_entry(void);
/* main.c: EL1 state of a CPU before its first ERET. */
void el1_setup(void);

#endif /* HYP_H */
