// SPDX-License-Identifier: MIT
/*
 * Global errors (IHI 0070 §6.3.19-20, facts §2.12, §8.3): an error is
 * active while GERROR and GERRORN differ in its bit. Handle each active
 * bit, then acknowledge by writing GERRORN = GERROR.
 */
#include "vsmmu/env.h"
#include "vsmmu/psmmu.h"
#include "internal.h"

static const struct {
	uint32_t bit;
	const char *name;
} gerror_names_[] = {
	{ (uint32_t)SMMU_GERROR_EVENTQ_ABT_ERR,
	  "EVENTQ_ABT_ERR: event queue write aborted, events lost" },
	{ (uint32_t)SMMU_GERROR_PRIQ_ABT_ERR, "PRIQ_ABT_ERR" },
	{ (uint32_t)SMMU_GERROR_MSI_CMDQ_ABT_ERR,
	  "MSI_CMDQ_ABT_ERR: CMD_SYNC MSI aborted" },
	{ (uint32_t)SMMU_GERROR_MSI_EVENTQ_ABT_ERR, "MSI_EVENTQ_ABT_ERR" },
	{ (uint32_t)SMMU_GERROR_MSI_PRIQ_ABT_ERR, "MSI_PRIQ_ABT_ERR" },
	{ (uint32_t)SMMU_GERROR_MSI_GERROR_ABT_ERR, "MSI_GERROR_ABT_ERR" },
	{ (uint32_t)SMMU_GERROR_CMDQP_ERR, "CMDQP_ERR" },
	{ (uint32_t)SMMU_GERROR_DPT_ERR, "DPT_ERR" },
};

static int gerror_handle_locked_(struct psmmu *p)
{
	uint32_t ge, gen, active, found;
	unsigned int i;
	int err;

	err = psmmu_rd32_(p, SMMU_GERROR, &ge);
	if (!err)
		err = psmmu_rd32_(p, SMMU_GERRORN, &gen);
	if (err)
		return err;
	active = smmu_gerror_active(ge, gen);
	found = active;
	if (!active)
		return 0;

	/*
	 * CMDQ_ERR: fix the queue so it can go on; acknowledged there. With
	 * the queue off there is nothing to fix: acknowledge it below.
	 */
	if ((active & SMMU_GERROR_CMDQ_ERR) && p->cmdq_on) {
		err = psmmu_cmdq_recover_(p);
		if (err)
			return err;
		active &= ~(uint32_t)SMMU_GERROR_CMDQ_ERR;
	} else if (active & SMMU_GERROR_CMDQ_ERR) {
		p->stats.gerrors++;
		psmmu_log_(p, VSMMU_LOG_ERR,
			   "psmmu: GERROR CMDQ_ERR with the queue off");
	}
	/* SFM_ERR: the SMMU stopped serving; only a reset brings it back */
	if (active & SMMU_GERROR_SFM_ERR) {
		p->failed = true;
		p->stats.gerrors++;
		psmmu_log_(p, VSMMU_LOG_ERR,
			   "psmmu: GERROR SFM_ERR: service failure mode, reset needed");
	}
	for (i = 0; i < VSMMU_ARRAY_SIZE(gerror_names_); i++) {
		if (!(active & gerror_names_[i].bit))
			continue;
		p->stats.gerrors++;
		psmmu_logf_(p, VSMMU_LOG_ERR, "psmmu: GERROR %s",
			    gerror_names_[i].name);
	}
	/* acknowledge the remaining bits we saw active, and only those */
	err = psmmu_rd32_(p, SMMU_GERRORN, &gen);
	if (err)
		return err;
	if (active) {
		err = psmmu_wr32_(p, SMMU_GERRORN,
				  (gen & ~active) | (ge & active));
		if (err)
			return err;
	}
	return (int)found;
}

int psmmu_handle_gerror(struct psmmu *p)
{
	int ret;

	if (!p)
		return -VSMMU_ERR_INVAL;
	psmmu_lock_(p);
	ret = gerror_handle_locked_(p);
	psmmu_unlock_(p);
	return ret;
}
