// SPDX-License-Identifier: MIT
/*
 * src/model/stats.c - the model's counters as one line of text, for the
 * tools and the benchmark reports (no libc: vsmmu_snprintf).
 */
#include "vsmmu/env.h"
#include "vsmmu/model.h"
#include "internal.h"

/* Append to buf at *len, keeping the snprintf convention. */
static void smmu_model_put_(char *buf, size_t n, size_t *len,
			    const char *name, uint64_t v)
{
	size_t off = *len < n ? *len : n;
	int w;

	w = vsmmu_snprintf(n ? buf + off : NULL, n - off, "%s%s=%llu",
			   *len ? " " : "", name, (unsigned long long)v);
	if (w > 0)
		*len += (size_t)w;
}

int smmu_model_counters_format(const struct smmu_model_counters *c,
			       char *buf, size_t n)
{
	static const char *const irq[SMMU_MODEL_IRQ_NR] = {
		"irq_eventq", "irq_priq", "irq_cmdq_sync", "irq_gerror",
	};
	size_t len = 0;
	unsigned int i;

	if (!c || (!buf && n))
		return -VSMMU_ERR_INVAL;
	if (n)
		buf[0] = '\0';
	smmu_model_put_(buf, n, &len, "translations", c->translations);
	smmu_model_put_(buf, n, &len, "cfg_hits", c->cfg_hits);
	smmu_model_put_(buf, n, &len, "cfg_misses", c->cfg_misses);
	smmu_model_put_(buf, n, &len, "tlb_hits", c->tlb_hits);
	smmu_model_put_(buf, n, &len, "tlb_misses", c->tlb_misses);
	smmu_model_put_(buf, n, &len, "walks", c->walks);
	smmu_model_put_(buf, n, &len, "walk_reads", c->walk_reads);
	smmu_model_put_(buf, n, &len, "ste_fetches", c->ste_fetches);
	smmu_model_put_(buf, n, &len, "cd_fetches", c->cd_fetches);
	smmu_model_put_(buf, n, &len, "faults", c->faults);
	smmu_model_put_(buf, n, &len, "cmds", c->cmds);
	smmu_model_put_(buf, n, &len, "cmd_errors", c->cmd_errors);
	smmu_model_put_(buf, n, &len, "events_written", c->events_written);
	smmu_model_put_(buf, n, &len, "events_dropped", c->events_dropped);
	smmu_model_put_(buf, n, &len, "events_discarded",
			c->events_discarded);
	smmu_model_put_(buf, n, &len, "overflows", c->overflows);
	smmu_model_put_(buf, n, &len, "msis", c->msis);
	smmu_model_put_(buf, n, &len, "msi_errors", c->msi_errors);
	for (i = 0; i < SMMU_MODEL_IRQ_NR; i++)
		smmu_model_put_(buf, n, &len, irq[i], c->irqs[i]);
	smmu_model_put_(buf, n, &len, "sevs", c->sevs);
	smmu_model_put_(buf, n, &len, "tlb_invalidated", c->tlb_invalidated);
	smmu_model_put_(buf, n, &len, "cfg_invalidated", c->cfg_invalidated);
	smmu_model_put_(buf, n, &len, "bad_accesses", c->bad_accesses);
	smmu_model_put_(buf, n, &len, "dma_bytes", c->dma_bytes);
	for (i = 0; i < 256; i++)
		if (c->cmds_by_op[i])
			smmu_model_put_(buf, n, &len, smmu_cmd_name((uint8_t)i),
					c->cmds_by_op[i]);
	return len > 0x7fffffff ? 0x7fffffff : (int)len;
}
