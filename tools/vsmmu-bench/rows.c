// SPDX-License-Identifier: MIT
/*
 * The eight rows: run the sections, turn their numbers into table lines,
 * and judge each against its target. Wall time is the median of the runs
 * with its spread; instruction counts come from callgrind (icount.c) and
 * exclude the SMMU model's own execution.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define ROW_BATCH 63.0	/* guest TLBIs per PROD write in rows 2 and 6 */

struct meas {
	struct bench_run m;
	struct bench_stat st;
	double ic;		/* instructions per operation, or < 0 */
	double ic_all;		/* the same with the guest's, or < 0 */
	int ret;
};

static unsigned int row_fails;

/* Instructions per operation of a callgrind child, or -1. */
static double meas_ic(const struct bench_opts *o, const char *name)
{
	uint64_t ops = 0;
	int64_t total = bench_ic_measure(o->self, name, &ops, o->quick);

	if (total >= 0 && ops)
		return (double)total / (double)ops;
	fprintf(stderr, "vsmmu-bench: callgrind run of %s failed\n", name);
	return -1;
}

/* want_ic: 1 the hypervisor's instructions, 2 also guest + hypervisor. */
static void meas(const struct bench_opts *o, const char *name, int want_ic,
		 struct meas *x)
{
	const struct bench_sec *s = bench_sec_find(name);
	char all[80];

	memset(x, 0, sizeof(*x));
	x->ic = -1;
	x->ic_all = -1;
	x->m.quick = o->quick;
	x->ret = s ? s->fn(&x->m, name) : -VSMMU_ERR_NOENT;
	if (x->ret) {
		fprintf(stderr, "vsmmu-bench: section %s failed: %s\n", name,
			vsmmu_strerror(x->ret));
		row_fails++;
		return;
	}
	bench_stat_of(x->m.ns, x->m.nns, &x->st);
	if (!want_ic || !o->icount)
		return;
	x->ic = meas_ic(o, name);
	if (want_ic < 2)
		return;
	snprintf(all, sizeof(all), "%s%s", BENCH_IC_ALL, name);
	x->ic_all = meas_ic(o, all);
}

/* "123 ns ±4%" (the median and half the min-max range). */
static const char *t_ns(const struct meas *x, char *buf, size_t n)
{
	if (x->ret)
		snprintf(buf, n, "failed");
	else
		snprintf(buf, n, x->st.med < 100 ? "%.1f ns ±%.0f%%" :
			 "%.0f ns ±%.0f%%", x->st.med,
			 bench_stat_spread(&x->st));
	return buf;
}

static const char *t_ic(double ic, double div, char *buf, size_t n)
{
	if (ic < 0)
		snprintf(buf, n, "– instr");
	else
		snprintf(buf, n, "%.0f instr", ic / div);
	return buf;
}

static enum bench_verdict le(double v, double lim)
{
	if (v < 0)
		return BENCH_UNMEASURED;
	return v <= lim ? BENCH_MET : BENCH_MISSED;
}

static double mrate(const struct meas *x)
{
	return x->st.med > 0 ? 1e9 / x->st.med : 0;
}

/* ---- 1. Registers ---------------------------------------------------------- */

static void row_regs(const struct bench_opts *o)
{
	static const struct { const char *sec, *what; } r[] = {
		{ "reg_read", "vSMMU register read (IDR0, locked path)" },
		{ "reg_read_cons", "vSMMU register read (CMDQ_CONS, lock-free)" },
		{ "reg_write", "vSMMU register write (EVENTQ_CONS)" },
	};
	char a[48], b[48];
	unsigned int i;
	struct meas x;

	for (i = 0; i < VSMMU_ARRAY_SIZE(r); i++) {
		meas(o, r[i].sec, 1, &x);
		bench_line(1, r[i].what, "≤ 150 instr", le(x.ic, 150),
			   !x.ret, "%s, %s per access", t_ic(x.ic, 1, a, 48),
			   t_ns(&x, b, 48));
	}
}

/* ---- 2 and 6. The command path, batched and unbatched --------------------- */

static void row_cmdq(const struct bench_opts *o)
{
	struct meas p, u;
	char a[48], b[48], c[48];
	double ratio;

	meas(o, "cmdq_precise", 1, &p);
	bench_line(2, "guest batch: 63 TLBI_NH_VA + CMD_SYNC per CMDQ_PROD "
		   "write, vsmmu → viommu → psmmu (model excluded)",
		   "≤ 400 instr / guest cmd", le(p.ic, 400 * ROW_BATCH), !p.ret,
		   "%s per guest command (%s per PROD write; %.1f traps)",
		   t_ic(p.ic, ROW_BATCH, a, 48), t_ic(p.ic, 1, b, 48), p.m.v[3]);
	bench_line(2, "physical commands per guest TLBI", "1 per pSMMU",
		   p.ret ? BENCH_UNMEASURED :
		   p.m.v[0] <= 1.0 ? BENCH_MET : BENCH_MISSED, !p.ret,
		   "%.2f", p.m.v[0]);
	bench_line(2, "physical CMD_SYNCs per PROD write", "≤ 1 per pSMMU",
		   p.ret ? BENCH_UNMEASURED :
		   p.m.v[1] <= 1.0 ? BENCH_MET : BENCH_MISSED, !p.ret,
		   "%.2f", p.m.v[1]);
	bench_line(2, "time per PROD write, model included", NULL, BENCH_INFO,
		   !p.ret, "%s (%.0f ns per guest command)", t_ns(&p, a, 48),
		   p.st.med / ROW_BATCH);

	meas(o, "cmdq_unbatched", 1, &u);
	ratio = p.st.med > 0 ? u.st.med / p.st.med : 0;
	bench_line(6, "batched (one physical batch per PROD write)", NULL,
		   BENCH_INFO, !p.ret,
		   "%.0f physical cmds, %.0f CMD_SYNC, %s, %s per PROD write",
		   p.m.v[2], p.m.v[1], t_ns(&p, a, 48), t_ic(p.ic, 1, b, 48));
	bench_line(6, "unbatched (one physical batch + sync per command)",
		   NULL, BENCH_INFO, !u.ret,
		   "%.0f physical cmds, %.0f CMD_SYNC, %s, %s per PROD write",
		   u.m.v[2], u.m.v[1], t_ns(&u, b, 48), t_ic(u.ic, 1, c, 48));
	bench_line(6, "unbatched / batched, time per PROD write", NULL,
		   BENCH_INFO, !p.ret && !u.ret, "%.1f× (instructions %s)",
		   ratio, p.ic > 0 && u.ic > 0 ?
		   (snprintf(c, 48, "%.1f×", u.ic / p.ic), c) : "–");
}

/* ---- 3. CFGI_STE ------------------------------------------------------------ */

static void row_cfgi(const struct bench_opts *o)
{
	char a[48], b[48];
	struct meas x;

	meas(o, "cfgi_ste", 1, &x);
	bench_line(3, "guest STE abort → stage 1 (Linux's hitless rounds of "
		   "CFGI_STE + CMD_SYNC) to physical nested STE live", NULL,
		   BENCH_INFO, !x.ret,
		   "%s, %s per update (%.0f rounds, %.0f traps, %.0f "
		   "physical CFGI_STE, %.0f STE dwords written)",
		   t_ic(x.ic, 1, a, 48), t_ns(&x, b, 48), x.m.v[0], x.m.v[1],
		   x.m.v[2], x.m.v[3]);
}

/* ---- 4. The guest's DMA API ----------------------------------------------- */

static void row_dma(const struct bench_opts *o)
{
	static const struct { const char *op, *what; } r[] = {
		{ "dma_map", "dma_map 4 KiB" },
		{ "dma_unmap_strict", "dma_unmap 4 KiB, strict" },
		{ "dma_unmap_lazy", "dma_unmap 4 KiB, lazy (flush per 32)" },
	};
	char name[64], a[48], b[48], c[48], d[48], e[48], f[48], g[48];
	struct meas v, nat, dir;
	unsigned int i;

	for (i = 0; i < VSMMU_ARRAY_SIZE(r); i++) {
		meas(o, r[i].op, 2, &v);
		snprintf(name, sizeof(name), "nat_%s", r[i].op);
		meas(o, name, 2, &nat);
		snprintf(name, sizeof(name), "direct_%s", r[i].op);
		meas(o, name, 2, &dir);
		bench_line(4, r[i].what, NULL, BENCH_INFO,
			   !v.ret && !nat.ret && !dir.ret,
			   "vIOMMU: %s, %.2f traps, %s (%s in the "
			   "hypervisor); no vIOMMU (dma-direct): %s, 0 traps, "
			   "%s; native SMMU (no hypervisor): %s, %.2f MMIO, %s",
			   t_ns(&v, a, 48), v.m.v[0], t_ic(v.ic_all, 1, e, 48),
			   t_ic(v.ic, 1, d, 48), t_ns(&dir, b, 48),
			   t_ic(dir.ic_all, 1, f, 48), t_ns(&nat, c, 48),
			   nat.m.v[0], t_ic(nat.ic_all, 1, g, 48));
		if (v.ic_all > 0 && nat.ic_all > 0 && dir.ic_all > 0)
			bench_line(4, "… as ratios of instructions", NULL,
				   BENCH_INFO, true, "vIOMMU / no vIOMMU "
				   "%.0f×; vIOMMU / native %.2f×",
				   v.ic_all / dir.ic_all,
				   v.ic_all / nat.ic_all);
	}
}

/* ---- 5. Precise against flush-all --------------------------------------- */

static void row_fwd(const struct bench_opts *o)
{
	struct meas p, f;
	double ratio;

	meas(o, "fwd_precise", 0, &p);
	meas(o, "fwd_flushall", 0, &f);
	ratio = mrate(&f) > 0 ? mrate(&p) / mrate(&f) : 0;
	bench_line(5, "device 1 translations/s while device 0 unmaps "
		   "(strict) in a loop: precise forwarding", NULL, BENCH_INFO,
		   !p.ret, "%.2f M/s (TLB miss %.0f%%, %.0f physical cmds per "
		   "unmap)", mrate(&p) / 1e6, p.m.v[0] * 100, p.m.v[1]);
	bench_line(5, "the same with flush-all (every guest TLBI → "
		   "TLBI_S12_VMALL, as the Xen series)", NULL, BENCH_INFO,
		   !f.ret, "%.2f M/s (TLB miss %.0f%%, %.0f physical cmds per "
		   "unmap)", mrate(&f) / 1e6, f.m.v[0] * 100, f.m.v[1]);
	bench_line(5, "precise / flush-all", "≥ 5×",
		   p.ret || f.ret ? BENCH_UNMEASURED :
		   ratio >= 5 ? BENCH_MET : BENCH_MISSED, !p.ret && !f.ret,
		   "%.1f×", ratio);
}

/* ---- 7. Model translation ------------------------------------------------ */

static void row_xlate(const struct bench_opts *o)
{
	struct meas h, m;

	meas(o, "xlate_hit", 0, &h);
	meas(o, "xlate_miss", 0, &m);
	bench_line(7, "model: TLB hit", NULL, BENCH_INFO, !h.ret,
		   "%.2f M translations/s (%.1f ns; miss ratio %.0f%%)",
		   mrate(&h) / 1e6, h.st.med, h.m.v[0] * 100);
	bench_line(7, "model: nested 4K walk (TLB miss)", NULL, BENCH_INFO,
		   !m.ret, "%.2f M translations/s (%.0f ns ±%.0f%%; miss "
		   "ratio %.0f%%)", mrate(&m) / 1e6, m.st.med,
		   bench_stat_spread(&m.st), m.m.v[0] * 100);
	bench_line(7, "memory reads per walk vs (n+1)(m+1)-1",
		   "= minimum", m.ret ? BENCH_UNMEASURED :
		   m.m.v[1] <= m.m.v[2] + 1e-9 ? BENCH_MET : BENCH_MISSED,
		   !m.ret, "%.2f reads, minimum %.0f (S1 %.0f levels, S2 %.0f)",
		   m.m.v[1], m.m.v[2], m.m.v[3], m.m.v[4]);
}

/* ---- 8. Scale --------------------------------------------------------------- */

static void row_scale(const struct bench_opts *o)
{
	static const uint32_t ns[] = { 16, 4096, 65536 };
	static const char *const tl[] = { "tlbi_asid_1", "tlbi_asid_16",
					  "tlbi_asid_64", "tlbi_asid_256" };
	double lo = 0, hi = 0, tlo = 0, thi = 0;
	size_t mb, vb;
	char what[96], a[48], b[48];
	unsigned int i, k;
	struct meas x;
	bool ok = true;

	for (k = 0; k < 2; k++) {
		/* 65536 single devices take seconds under the sanitizers
		 * of `make check`: the smoke run stops at 4096. */
		for (i = 0; i < VSMMU_ARRAY_SIZE(ns) - (o->quick ? 1 : 0);
		     i++) {
			int ret = bench_mem_per_vsid(ns[i], k == 0, &mb, &vb);
			double per = (double)mb / ns[i];

			if (ret) {
				row_fails++;
				fprintf(stderr, "vsmmu-bench: memory with %u "
					"vSIDs: %s\n", ns[i],
					vsmmu_strerror(ret));
			}
			snprintf(what, sizeof(what), "memory, %u vSIDs mapped "
				 "(%s)", ns[i], k == 0 ? "one RID range" :
				 "single devices, worst case");
			bench_line(8, what, "map ≤ 64 B / vSID",
				   ret ? BENCH_UNMEASURED :
				   per <= 64 ? BENCH_MET : BENCH_MISSED, !ret,
				   "map %zu B (%.2f B / vSID) + vSMMU %zu B = "
				   "%.2f B / vSID", mb, per, vb,
				   (double)(mb + vb) / ns[i]);
		}
	}
	for (i = 0; i < VSMMU_ARRAY_SIZE(tl); i++) {
		meas(o, tl[i], 1, &x);
		ok &= !x.ret;
		snprintf(what, sizeof(what), "guest TLBI_NH_ASID + CMD_SYNC, "
			 "%s device%s in the domain", tl[i] + 10,
			 i ? "s" : "");
		bench_line(8, what, NULL, BENCH_INFO, !x.ret,
			   "%s, %s per PROD write; %.0f physical cmds",
			   t_ic(x.ic, 1, a, 48), t_ns(&x, b, 48), x.m.v[0]);
		if (!i || x.ic < lo)
			lo = x.ic;
		if (!i || x.ic > hi)
			hi = x.ic;
		if (!i || x.st.med < tlo)
			tlo = x.st.med;
		if (!i || x.st.med > thi)
			thi = x.st.med;
	}
	if (lo > 0)
		bench_line(8, "TLBI_NH_ASID cost, 256 devices against 1",
			   "flat within 10%", hi <= lo * 1.10 ? BENCH_MET :
			   BENCH_MISSED, ok, "instructions max/min %.3f; "
			   "time max/min %.2f", hi / lo, tlo > 0 ? thi / tlo : 0);
	else
		bench_line(8, "TLBI_NH_ASID cost, 256 devices against 1",
			   "flat within 10%", BENCH_UNMEASURED, ok && tlo > 0,
			   "time max/min %.2f (instructions not measured)",
			   tlo > 0 ? thi / tlo : 0);
}

unsigned int bench_rows(const struct bench_opts *o)
{
	row_fails = 0;
	row_regs(o);
	row_cmdq(o);
	row_cfgi(o);
	row_dma(o);
	row_fwd(o);
	row_xlate(o);
	row_scale(o);
	return row_fails;
}
