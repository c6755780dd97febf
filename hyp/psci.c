// SPDX-License-Identifier: MIT
/*
 * PSCI for the guest. HCR_EL2.TSC traps its SMCs here. CPU_ON is the one
 * call we cannot pass through as it is: QEMU would start the new CPU at
 * EL1 with nothing behind it. Instead we start it at hyp_secondary_entry
 * (EL2), give it the EL2 MMU, stage 2 and EL1 state every CPU has, and
 * ERET to the guest's entry point with the guest's context ID. Every
 * other call (and SMCCC's) is forwarded to QEMU's PSCI with its results.
 */
#include "hyp.h"

#define PSCI_CPU_ON_32		0x84000003u
#define PSCI_CPU_ON_64		0xc4000003u
#define PSCI_INVALID_PARAMS	((uint64_t)-2)
#define PSCI_ALREADY_ON		((uint64_t)-4)
#define PSCI_ON_PENDING		((uint64_t)-5)

struct hyp_cpu {
	uint64_t entry;		/* the guest's entry point */
	uint64_t ctx;		/* the guest's context ID (its x0) */
	uint32_t starting;	/* a CPU_ON is in flight */
};

static struct hyp_cpu hyp_cpus[HYP_MAX_CPUS];
uint8_t hyp_stacks[HYP_MAX_CPUS][HYP_STACK_SIZE] __attribute__((aligned(16)));

struct smc_res {
	uint64_t a0, a1, a2, a3;
};

static struct smc_res smc(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (struct smc_res){ x0, x1, x2, x3 };
}

static uint64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	unsigned int id = (unsigned int)(mpidr & 0xff);
	struct hyp_cpu *c;
	struct smc_res res;

	if (id == 0 || id >= HYP_MAX_CPUS || (mpidr & ~0xffull))
		return PSCI_INVALID_PARAMS;
	c = &hyp_cpus[id];
	if (__atomic_exchange_n(&c->starting, 1, __ATOMIC_ACQUIRE))
		return PSCI_ON_PENDING;
	c->entry = entry;
	c->ctx = ctx;
	dsb(sy);	/* the new CPU reads these with its MMU on */
	res = smc(PSCI_CPU_ON_64, mpidr,
		  (uint64_t)(uintptr_t)hyp_secondary_entry, id);
	if (res.a0 != 0)
		__atomic_store_n(&c->starting, 0, __ATOMIC_RELEASE);
	hlog("PSCI CPU_ON of CPU %u at %llx: %lld", id,
	     (unsigned long long)entry, (long long)res.a0);
	return res.a0;
}

void hyp_psci(struct hyp_regs *r)
{
	uint32_t fn = (uint32_t)r->x[0];
	struct smc_res res;

	if (fn == PSCI_CPU_ON_64 || fn == PSCI_CPU_ON_32) {
		uint64_t mask = fn == PSCI_CPU_ON_32 ? 0xffffffffull : ~0ull;

		r->x[0] = psci_cpu_on(r->x[1] & mask, r->x[2] & mask,
				      r->x[3] & mask);
		return;
	}
	res = smc(r->x[0], r->x[1], r->x[2], r->x[3]);
	r->x[0] = res.a0;
	r->x[1] = res.a1;
	r->x[2] = res.a2;
	r->x[3] = res.a3;
}

void hyp_secondary_main(uint64_t id);
void hyp_secondary_main(uint64_t id)
{
	struct hyp_cpu *c = &hyp_cpus[id];
	uint64_t entry, ctx;

	el2_mmu_enable();
	s2_enable();
	__asm__ volatile("tlbi vmalle1; dsb nsh; isb" ::: "memory");
	entry = c->entry;
	ctx = c->ctx;
	__atomic_store_n(&c->starting, 0, __ATOMIC_RELEASE);
	el1_setup();
	hlog("CPU %llu at EL2: entering the guest at EL1, %llx",
	     (unsigned long long)id, (unsigned long long)entry);
	hyp_enter_guest(entry, ctx);
}
