// SPDX-License-Identifier: MIT
/*
 * Traps from the guest. Stage-2 data aborts in the SMMU window are decoded
 * from the syndrome (ESR_EL2.ISV/SAS/SSE/SRT/SF/WnR) and the faulting IPA
 * (HPFAR_EL2.FIPA and FAR_EL2[11:0]) and handed to the vSMMU; everything
 * else the guest should never cause is logged. Each trap also polls the
 * physical SMMU (events, GERROR) and continues the vSMMU's pending work.
 */
#include "hyp.h"

#define ESR_EC(esr)	((uint32_t)((esr) >> 26) & 0x3f)
#define EC_HVC64	0x16
#define EC_SMC64	0x17
#define EC_DABT_LOW	0x24
#define ESR_ISV		(1u << 24)
#define ESR_SAS(esr)	(((esr) >> 22) & 3)
#define ESR_SSE		(1u << 21)
#define ESR_SRT(esr)	(((esr) >> 16) & 0x1f)
#define ESR_SF		(1u << 15)
#define ESR_WNR		(1u << 6)

static unsigned int stray_logged;

static void dabt(struct hyp_regs *r, uint64_t esr)
{
	uint64_t ipa = ((read_sysreg(hpfar_el2) >> 4) << 12) |
		       (read_sysreg(far_el2) & 0xfff);
	unsigned int size = 1u << ESR_SAS(esr), srt = ESR_SRT(esr);
	bool write = esr & ESR_WNR;
	uint64_t val = 0;

	if (!(esr & ESR_ISV)) {
		hlog("guest: data abort without syndrome at ipa %llx, "
		     "pc %llx: skipped", (unsigned long long)ipa,
		     (unsigned long long)r->elr);
		r->elr += 4;
		return;
	}
	if (write)
		val = srt == 31 ? 0 : r->x[srt];
	if (size < 8)
		val &= (1ull << (8 * size)) - 1;

	if (ipa >= hyp_smmu_base && ipa - hyp_smmu_base < hyp_smmu_size) {
		int err = hyp_smmu_mmio((uint32_t)(ipa - hyp_smmu_base), size,
					write, &val);

		if (err < 0)
			hlog("vsmmu mmio %s %llx: %s", write ? "write" : "read",
			     (unsigned long long)ipa, vsmmu_strerror(err));
	} else if (stray_logged++ < 16) {
		/* Outside stage 2 (hypervisor memory): RAZ/WI. */
		hlog("guest: %s of unmapped ipa %llx at pc %llx ignored",
		     write ? "write" : "read", (unsigned long long)ipa,
		     (unsigned long long)r->elr);
	}

	if (!write && srt != 31) {
		if ((esr & ESR_SSE) && size < 8 &&
		    (val & (1ull << (8 * size - 1))))
			val |= ~0ull << (8 * size);
		if (!(esr & ESR_SF))
			val &= 0xffffffffull;
		r->x[srt] = val;
	}
	r->elr += 4;
}

void hyp_trap(struct hyp_regs *r, uint64_t kind)
{
	uint64_t esr = read_sysreg(esr_el2);

	if (kind != 8) {
		hlog("unexpected exception (vector %llu) esr %llx elr %llx "
		     "far %llx", (unsigned long long)kind,
		     (unsigned long long)esr, (unsigned long long)r->elr,
		     (unsigned long long)read_sysreg(far_el2));
		hyp_panic("unexpected exception");
	}
	switch (ESR_EC(esr)) {
	case EC_DABT_LOW:
		dabt(r, esr);
		break;
	case EC_SMC64:
		/* Trapped before it ran (HCR_EL2.TSC): return past it. */
		r->elr += 4;
		hyp_psci(r);
		break;
	case EC_HVC64:
		/* No hypercalls: PSCI goes to QEMU through SMC. */
		r->x[0] = (uint64_t)-1;	/* NOT_SUPPORTED */
		break;
	default:
		hlog("guest: unhandled trap EC 0x%x esr %llx at pc %llx",
		     ESR_EC(esr), (unsigned long long)esr,
		     (unsigned long long)r->elr);
		hyp_panic("unhandled guest trap");
	}
	hyp_smmu_poll();
}
