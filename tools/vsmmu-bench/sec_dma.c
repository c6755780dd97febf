// SPDX-License-Identifier: MIT
/*
 * Rows 4 and 5: the guest's DMA API through the vSMMU, and what a
 * forwarding policy does to the other devices of the same guest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define SEC_B_PAGES 64u		/* device 1's working set (row 5) */

/*
 * Without a vIOMMU the guest's DMA API is the direct one: the DMA address
 * is the guest physical address and unmap has nothing to do. noinline so
 * the call is still made and timed.
 */
static __attribute__((noinline)) uint64_t sec_direct_map(uint64_t addr)
{
	__asm__ volatile("" : : "r"(addr) : "memory");
	return addr;
}

static __attribute__((noinline)) void sec_direct_unmap(uint64_t iova)
{
	__asm__ volatile("" : : "r"(iova) : "memory");
}

static int sec_dma_direct(struct bench_run *m, bool unmap)
{
	unsigned int run, i;
	uint64_t iova = 0;

	bench_shape(m, 1000000, 1000, 1000);
	for (run = 0; run < m->runs; run++) {
		bench_begin(m);
		for (i = 0; i < m->iters; i++) {
			if (unmap)
				sec_direct_unmap(iova + i);
			else
				iova = sec_direct_map(BENCH_RAM_IPA + 4096);
		}
		bench_end_n(m, m->iters);
		bench_run_done(m, m->iters);
	}
	return 0;
}

/*
 * Row 4. Names: [nat_|direct_]dma_map, ..._unmap_strict,
 * ..._unmap_lazy. nat_: the same driver on the model without a
 * hypervisor; direct_: the guest without a vIOMMU. One operation maps
 * (or unmaps) one 4 KiB buffer of device 0. v[0]: traps (native: MMIO
 * accesses) per operation; v[1]: physical commands per operation;
 * v[2]: physical CMD_SYNCs per operation.
 */
int bench_sec_dma(struct bench_run *m, const char *name)
{
	struct bench_rig_opts o = { 0 };
	struct bench_rig *r;
	struct gsmmu_domain *d = NULL;
	struct smmu_model_counters c0, c1;
	bool unmap = strstr(name, "unmap") != NULL;
	bool lazy = strstr(name, "lazy") != NULL;
	uint64_t addr = 0, iova = 0, traps = 0, nops = 0;
	unsigned int run, i;
	int ret;

	if (!strncmp(name, "direct_", 7))
		return sec_dma_direct(m, unmap);
	r = calloc(1, sizeof(*r));
	if (!r)
		return -VSMMU_ERR_NOMEM;
	o.native = !strncmp(name, "nat_", 4);
	o.lazy = lazy;
	ret = bench_rig_init(r, &o);
	if (!ret)
		ret = bench_rig_attach(r, 0, !lazy, &d);
	if (!ret)
		ret = r->drv.ops.alloc(r->drv.ops.ctx, 4096, &addr);
	bench_shape(m, 3000, 64, 64);
	smmu_model_counters_get(r->model, &c0);
	for (run = 0; !ret && run < m->runs; run++) {
		for (i = 0; !ret && i < m->iters; i++) {
			uint64_t t0, t1;

			t0 = r->traps_r + r->traps_w;
			if (!unmap)
				bench_begin(m);
			ret = gsmmu_dma_map(d, addr, 4096, true, &iova);
			if (!unmap)
				bench_end(m);
			t1 = r->traps_r + r->traps_w;
			if (unmap)
				bench_begin(m);
			if (!ret)
				ret = gsmmu_dma_unmap(d, iova, 4096);
			if (unmap)
				bench_end(m);
			traps += unmap ? r->traps_r + r->traps_w - t1 : t1 - t0;
		}
		nops += m->iters;	/* counters: warm-up included */
		bench_run_done(m, m->iters);
	}
	smmu_model_counters_get(r->model, &c1);
	if (!ret && nops) {
		uint64_t syncs = c1.cmds_by_op[SMMU_CMD_SYNC] -
				 c0.cmds_by_op[SMMU_CMD_SYNC];

		m->v[0] = (double)traps / (double)nops;
		m->v[1] = unmap ? (double)(c1.cmds - c0.cmds) / (double)nops : 0;
		m->v[2] = unmap ? (double)syncs / (double)nops : 0;
	}
	if (ret && r->drv.err[0] && !m->ic)
		fprintf(stderr, "vsmmu-bench: %s: %s\n", name, r->drv.err);
	bench_rig_fini(r);
	free(r);
	return ret;
}

/*
 * Row 5. fwd_precise / fwd_flushall: device 0 maps and unmaps (strict)
 * one page in a loop; between two unmaps device 1 makes one DMA
 * translation on each page of its 64-page working set. One operation is
 * one translation of device 1 (only those are timed). v[0]: device 1's
 * TLB miss ratio; v[1]: physical commands per unmap of device 0.
 */
int bench_sec_fwd(struct bench_run *m, const char *name)
{
	struct bench_rig_opts o = { 0 };
	struct bench_rig *r = calloc(1, sizeof(*r));
	struct gsmmu_domain *d0 = NULL, *d1 = NULL;
	struct smmu_model_counters c0, c1, cb0, cb1;
	uint64_t addr0 = 0, addr1 = 0, iova0 = 0, iova1 = 0, xl = 0, miss = 0;
	uint64_t unmaps = 0;
	unsigned int run, i, k;
	int ret;

	if (!r)
		return -VSMMU_ERR_NOMEM;
	o.pol = strstr(name, "flushall") ? BENCH_FWD_FLUSH_ALL :
		BENCH_FWD_PRECISE;
	ret = bench_rig_init(r, &o);
	if (!ret)
		ret = bench_rig_attach(r, 0, true, &d0);
	if (!ret)
		ret = bench_rig_attach(r, 1, true, &d1);
	if (!ret)
		ret = r->drv.ops.alloc(r->drv.ops.ctx, 4096, &addr0);
	if (!ret)
		ret = gsmmu_dma_alloc(d1, SEC_B_PAGES * 4096ull, &iova1, &addr1);
	for (k = 0; !ret && k < SEC_B_PAGES; k++)
		ret = bench_translate(r, BENCH_DEV_PSID0 + 1,
				      iova1 + ((uint64_t)k << 12));
	bench_shape(m, 300, 20, 10);
	smmu_model_counters_get(r->model, &c0);
	c1 = c0;
	for (run = 0; !ret && run < m->runs; run++) {
		for (i = 0; !ret && i < m->iters; i++) {
			ret = gsmmu_dma_map(d0, addr0, 4096, true, &iova0);
			if (!ret)
				ret = gsmmu_dma_unmap(d0, iova0, 4096);
			unmaps++;
			smmu_model_counters_get(r->model, &cb0);
			bench_begin(m);
			for (k = 0; !ret && k < SEC_B_PAGES; k++)
				ret = bench_translate(r, BENCH_DEV_PSID0 + 1,
						iova1 + ((uint64_t)k << 12));
			bench_end_n(m, SEC_B_PAGES);
			smmu_model_counters_get(r->model, &cb1);
			xl += cb1.translations - cb0.translations;
			miss += cb1.tlb_misses - cb0.tlb_misses;
		}
		bench_run_done(m, (uint64_t)m->iters * SEC_B_PAGES);
	}
	smmu_model_counters_get(r->model, &c1);
	if (!ret && xl) {
		m->v[0] = (double)miss / (double)xl;
		/* Commands of the unmaps: all but the translations' none. */
		m->v[1] = (double)(c1.cmds - c0.cmds) / (double)unmaps;
	}
	bench_rig_fini(r);
	free(r);
	return ret;
}
