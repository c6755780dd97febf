// SPDX-License-Identifier: MIT
/*
 * Register map facts that are functions rather than constants: the width of
 * the register at an offset (IHI 0070 §6.2, facts §1.1-1.2) and the 3-bit
 * address-size encoding shared by IDR5.OAS, CD.IPS and STE.S2PS (facts
 * §2.4).
 */
#include "vsmmu/env.h"
#include "vsmmu/arch.h"
#include "internal.h"

static unsigned int smmu_page0_width_(uint32_t off)
{
	switch (off) {
	/* 64-bit registers (facts §1.1) */
	case SMMU_S2PII:
	case SMMU_GERROR_IRQ_CFG0:
	case SMMU_STRTAB_BASE:
	case SMMU_CMDQ_BASE:
	case SMMU_EVENTQ_BASE:
	case SMMU_EVENTQ_IRQ_CFG0:
	case SMMU_PRIQ_BASE:
	case SMMU_PRIQ_IRQ_CFG0:
	case SMMU_GATOS_SID:
	case SMMU_GATOS_ADDR:
	case SMMU_GATOS_PAR:
		return 8;
	/* 32-bit registers */
	case SMMU_IDR0:
	case SMMU_IDR1:
	case SMMU_IDR2:
	case SMMU_IDR3:
	case SMMU_IDR4:
	case SMMU_IDR5:
	case SMMU_IIDR:
	case SMMU_AIDR:
	case SMMU_CR0:
	case SMMU_CR0ACK:
	case SMMU_CR1:
	case SMMU_CR2:
	case SMMU_STATUSR:
	case SMMU_GBPA:
	case SMMU_AGBPA:
	case SMMU_IRQ_CTRL:
	case SMMU_IRQ_CTRLACK:
	case SMMU_GERROR:
	case SMMU_GERRORN:
	case SMMU_GERROR_IRQ_CFG1:
	case SMMU_GERROR_IRQ_CFG2:
	case SMMU_STRTAB_BASE_CFG:
	case SMMU_CMDQ_PROD:
	case SMMU_CMDQ_CONS:
	/* optional page-0 aliases of the page-1 index registers (§1.1) */
	case SMMU_EVENTQ_PROD_P0:
	case SMMU_EVENTQ_CONS_P0:
	case SMMU_EVENTQ_IRQ_CFG1:
	case SMMU_EVENTQ_IRQ_CFG2:
	case SMMU_PRIQ_PROD_P0:
	case SMMU_PRIQ_CONS_P0:
	case SMMU_PRIQ_IRQ_CFG1:
	case SMMU_PRIQ_IRQ_CFG2:
	case SMMU_GATOS_CTRL:
	case SMMU_MPAMIDR:
	case SMMU_GMPAM:
	case SMMU_GBPMPAM:
	case SMMU_VATOS_SEL:
	case SMMU_IDR6:
	case SMMU_PIDR4:
	case SMMU_PIDR5:
	case SMMU_PIDR6:
	case SMMU_PIDR7:
	case SMMU_PIDR0:
	case SMMU_PIDR1:
	case SMMU_PIDR2:
	case SMMU_PIDR3:
	case SMMU_CIDR0:
	case SMMU_CIDR1:
	case SMMU_CIDR2:
	case SMMU_CIDR3:
		return 4;
	default:
		/*
		 * Undefined offsets, the IMPLEMENTATION DEFINED ranges, the
		 * DPT and ECMDQ blocks (layouts not in the facts sheet) and
		 * the Secure bank, which is RAZ/WI to Non-secure accesses.
		 */
		return 0;
	}
}

unsigned int smmu_reg_width(uint32_t off)
{
	if (off & 3u)
		return 0;
	if (off < SMMU_PAGE1) {
		/* the upper half of a 64-bit register (IHI 0070 §6.2) */
		if ((off & 4u) && smmu_page0_width_(off & ~7u) == 8)
			return 8;
		return smmu_page0_width_(off);
	}
	/*
	 * Page 1 (facts §1.2): only the event and PRI queue index registers.
	 * Its other offsets are CONSTRAINED UNPREDICTABLE (RES0 or an alias
	 * of page 0); we choose RES0.
	 */
	switch (off) {
	case SMMU_EVENTQ_PROD:
	case SMMU_EVENTQ_CONS:
	case SMMU_PRIQ_PROD:
	case SMMU_PRIQ_CONS:
		return 4;
	default:
		return 0;
	}
}

/* IDR5.OAS encodings 0..7 in address bits (facts §2.4). */
static const uint8_t smmu_oas_table_[8] = { 32, 36, 40, 42, 44, 48, 52, 56 };

unsigned int smmu_oas_bits(unsigned int enc)
{
	if (enc >= VSMMU_ARRAY_SIZE(smmu_oas_table_))
		return 0;
	return smmu_oas_table_[enc];
}

unsigned int smmu_oas_encode(unsigned int bits)
{
	unsigned int enc;

	for (enc = VSMMU_ARRAY_SIZE(smmu_oas_table_) - 1; enc > 0; enc--)
		if (smmu_oas_table_[enc] <= bits)
			return enc;
	return 0;
}
