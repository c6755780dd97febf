// SPDX-License-Identifier: MIT
/*
 * Row 7: the model as a translation engine. A TLB hit, and a nested 4K
 * walk on a miss, whose descriptor reads are compared with the
 * architectural minimum: each of the n stage-1 levels needs a stage-2
 * walk of m reads for its table's IPA plus its own read, and the output
 * IPA a last stage-2 walk: n(m + 1) + m = (n + 1)(m + 1) - 1.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define SEC_HIT_PAGES 64u	/* well inside the TLB */
#define SEC_MISS_PAGES 4096u	/* 8x the model's 512-entry TLB */
#define SEC_MAP_IOVA 0x100000000ull

/*
 * xlate_hit / xlate_miss. One operation is one translation of device 0.
 * v[0]: TLB miss ratio; v[1]: descriptor reads per walk; v[2]: the
 * minimum (n + 1)(m + 1) - 1; v[3]: n; v[4]: m.
 */
int bench_sec_xlate(struct bench_run *m, const char *name)
{
	struct bench_rig *r = calloc(1, sizeof(*r));
	bool miss = !strcmp(name, "xlate_miss");
	unsigned int pages = miss ? SEC_MISS_PAGES : SEC_HIT_PAGES;
	struct smmu_model_counters c0, c1;
	struct gsmmu_domain *d = NULL;
	struct pgt_s1_cfg s1;
	uint64_t addr = 0;
	unsigned int run, i, k;
	int ret;

	if (!r)
		return -VSMMU_ERR_NOMEM;
	ret = bench_rig_init(r, NULL);
	if (!ret)
		ret = bench_rig_attach(r, 0, true, &d);
	if (!ret)
		ret = r->drv.ops.alloc(r->drv.ops.ctx, 4096ull * pages, &addr);
	/* Page by page: 4K leaves in stage 1 (stage 2 has only 4K ones). */
	for (k = 0; !ret && k < pages; k++)
		ret = gsmmu_map(d, SEC_MAP_IOVA + ((uint64_t)k << 12),
				addr + ((uint64_t)k << 12), 4096, false);
	for (k = 0; !ret && k < pages; k++)
		ret = bench_translate(r, BENCH_DEV_PSID0,
				      SEC_MAP_IOVA + ((uint64_t)k << 12));
	bench_shape(m, miss ? 16 : 1000, 1, 1);
	smmu_model_counters_get(r->model, &c0);
	for (run = 0; !ret && run < m->runs; run++) {
		bench_begin(m);
		for (i = 0; !ret && i < m->iters; i++) {
			for (k = 0; !ret && k < pages; k++)
				ret = bench_translate(r, BENCH_DEV_PSID0,
					SEC_MAP_IOVA + ((uint64_t)k << 12));
		}
		bench_end_n(m, (uint64_t)m->iters * pages);
		bench_run_done(m, (uint64_t)m->iters * pages);
	}
	smmu_model_counters_get(r->model, &c1);
	memset(&s1, 0, sizeof(s1));
	if (!ret)
		ret = pgt_table_s1_cfg(&d->pgt, &s1);
	if (!ret && c1.translations > c0.translations) {
		unsigned int n = pgt_s1_levels(&s1.tt[0]);
		unsigned int lm = pgt_s2_levels(&r->s2cfg);

		m->v[0] = (double)(c1.tlb_misses - c0.tlb_misses) /
			  (double)(c1.translations - c0.translations);
		m->v[1] = c1.walks > c0.walks ?
			  (double)(c1.walk_reads - c0.walk_reads) /
			  (double)(c1.walks - c0.walks) : 0;
		m->v[2] = (double)((n + 1) * (lm + 1) - 1);
		m->v[3] = n;
		m->v[4] = lm;
	}
	bench_rig_fini(r);
	free(r);
	return ret;
}
