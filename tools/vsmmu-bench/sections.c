// SPDX-License-Identifier: MIT
/* The sections by name: how the callgrind child finds what to run. */
#include <string.h>

#include "bench.h"

const struct bench_sec bench_secs[] = {
	{ "reg_read", bench_sec_reg },
	{ "reg_read_cons", bench_sec_reg },
	{ "reg_write", bench_sec_reg },
	{ "cmdq_precise", bench_sec_cmdq },
	{ "cmdq_unbatched", bench_sec_cmdq },
	{ "cfgi_ste", bench_sec_cfgi },
	{ "dma_map", bench_sec_dma },
	{ "dma_unmap_strict", bench_sec_dma },
	{ "dma_unmap_lazy", bench_sec_dma },
	{ "nat_dma_map", bench_sec_dma },
	{ "nat_dma_unmap_strict", bench_sec_dma },
	{ "nat_dma_unmap_lazy", bench_sec_dma },
	{ "direct_dma_map", bench_sec_dma },
	{ "direct_dma_unmap_strict", bench_sec_dma },
	{ "direct_dma_unmap_lazy", bench_sec_dma },
	{ "fwd_precise", bench_sec_fwd },
	{ "fwd_flushall", bench_sec_fwd },
	{ "xlate_hit", bench_sec_xlate },
	{ "xlate_miss", bench_sec_xlate },
	{ "tlbi_asid_1", bench_sec_tlbi_scale },
	{ "tlbi_asid_16", bench_sec_tlbi_scale },
	{ "tlbi_asid_64", bench_sec_tlbi_scale },
	{ "tlbi_asid_256", bench_sec_tlbi_scale },
	{ NULL, NULL },
};

const struct bench_sec *bench_sec_find(const char *name)
{
	const struct bench_sec *s;

	for (s = bench_secs; s->name; s++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}
