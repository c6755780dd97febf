// SPDX-License-Identifier: MIT
#include <stddef.h>

#include "vsmmu/arch.h"
#include "regnames.h"

struct sim_reg {
	uint32_t off;
	const char *name;
	const char *hi; /* name of the upper half of a 64-bit one */
};

static const struct sim_reg sim_regs[] = {
	{SMMU_IDR0, "IDR0", NULL},
	{SMMU_IDR1, "IDR1", NULL},
	{SMMU_IDR2, "IDR2", NULL},
	{SMMU_IDR3, "IDR3", NULL},
	{SMMU_IDR4, "IDR4", NULL},
	{SMMU_IDR5, "IDR5", NULL},
	{SMMU_IIDR, "IIDR", NULL},
	{SMMU_AIDR, "AIDR", NULL},
	{SMMU_CR0, "CR0", NULL},
	{SMMU_CR0ACK, "CR0ACK", NULL},
	{SMMU_CR1, "CR1", NULL},
	{SMMU_CR2, "CR2", NULL},
	{SMMU_STATUSR, "STATUSR", NULL},
	{SMMU_GBPA, "GBPA", NULL},
	{SMMU_IRQ_CTRL, "IRQ_CTRL", NULL},
	{SMMU_IRQ_CTRLACK, "IRQ_CTRLACK", NULL},
	{SMMU_GERROR, "GERROR", NULL},
	{SMMU_GERRORN, "GERRORN", NULL},
	{SMMU_GERROR_IRQ_CFG0, "GERROR_IRQ_CFG0", "GERROR_IRQ_CFG0+4"},
	{SMMU_GERROR_IRQ_CFG1, "GERROR_IRQ_CFG1", NULL},
	{SMMU_GERROR_IRQ_CFG2, "GERROR_IRQ_CFG2", NULL},
	{SMMU_STRTAB_BASE, "STRTAB_BASE", "STRTAB_BASE+4"},
	{SMMU_STRTAB_BASE_CFG, "STRTAB_BASE_CFG", NULL},
	{SMMU_CMDQ_BASE, "CMDQ_BASE", "CMDQ_BASE+4"},
	{SMMU_CMDQ_PROD, "CMDQ_PROD", NULL},
	{SMMU_CMDQ_CONS, "CMDQ_CONS", NULL},
	{SMMU_EVENTQ_BASE, "EVENTQ_BASE", "EVENTQ_BASE+4"},
	{SMMU_EVENTQ_IRQ_CFG0, "EVENTQ_IRQ_CFG0", "EVENTQ_IRQ_CFG0+4"},
	{SMMU_EVENTQ_IRQ_CFG1, "EVENTQ_IRQ_CFG1", NULL},
	{SMMU_EVENTQ_IRQ_CFG2, "EVENTQ_IRQ_CFG2", NULL},
	{SMMU_EVENTQ_PROD, "EVENTQ_PROD", NULL},
	{SMMU_EVENTQ_CONS, "EVENTQ_CONS", NULL},
};

const char *sim_reg_name(uint32_t off)
{
	size_t i;

	for (i = 0; i < sizeof(sim_regs) / sizeof(sim_regs[0]); i++) {
		if (sim_regs[i].off == off)
			return sim_regs[i].name;
		if (sim_regs[i].hi && sim_regs[i].off + 4 == off)
			return sim_regs[i].hi;
	}
	return "reg?";
}
