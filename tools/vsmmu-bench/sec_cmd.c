// SPDX-License-Identifier: MIT
/*
 * Rows 1, 2, 3, 6 and the TLBI half of row 8: register accesses, the
 * command path of a guest batch, a hitless STE update, and a guest
 * TLBI_NH_ASID as the domain grows. Each operation is one thing a guest
 * does; what it costs the hypervisor is every trap it takes.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define SEC_BATCH 63u	/* guest commands per CMDQ_PROD write, + a sync */

/* Commands of the model, by opcode, since the last call. */
struct sec_hw {
	struct smmu_model_counters c;
};

static void sec_hw_mark(struct bench_rig *r, struct sec_hw *h)
{
	smmu_model_counters_get(r->model, &h->c);
}

static uint64_t sec_hw_ops(struct bench_rig *r, const struct sec_hw *h,
			   int op)
{
	struct smmu_model_counters now;

	smmu_model_counters_get(r->model, &now);
	if (op < 0)
		return now.cmds - h->c.cmds;
	return now.cmds_by_op[op] - h->c.cmds_by_op[op];
}

/* ---- Row 1: one register access ---------------------------------------- */

/*
 * reg_read: IDR0 (the locked path); reg_read_cons: CMDQ_CONS (what a
 * guest polls, published without the lock); reg_write: EVENTQ_CONS with
 * its current value (the write a guest makes after each event).
 */
int bench_sec_reg(struct bench_run *m, const char *name)
{
	struct bench_rig *r = calloc(1, sizeof(*r));
	bool wr = !strcmp(name, "reg_write");
	uint32_t off = !strcmp(name, "reg_read_cons") ? SMMU_CMDQ_CONS :
		       wr ? SMMU_EVENTQ_CONS : SMMU_IDR0;
	unsigned int run, i;
	uint64_t v = 0;
	int ret;

	if (!r)
		return -VSMMU_ERR_NOMEM;
	ret = bench_rig_init(r, NULL);
	if (!ret && wr)
		ret = bench_trap_read(r, off, 4, &v);
	bench_shape(m, 200000, 2000, 2000);
	for (run = 0; !ret && run < m->runs; run++) {
		bench_begin(m);
		for (i = 0; i < m->iters; i++) {
			if (wr)
				bench_trap_write(r, off, 4, v);
			else
				bench_trap_read(r, off, 4, &v);
		}
		bench_end_n(m, m->iters);
		bench_run_done(m, m->iters);
	}
	m->v[0] = 1;		/* traps per access */
	bench_rig_fini(r);
	free(r);
	return ret;
}

/* ---- Rows 2 and 6: a guest batch of 63 TLBI_NH_VA + CMD_SYNC ------------ */

/*
 * cmdq_precise / cmdq_unbatched (the forwarding policy). One operation is
 * one PROD write. v[0]: physical TLBI_NH_VA per guest TLBI; v[1]: physical
 * CMD_SYNCs per PROD write; v[2]: physical commands per PROD write; v[3]:
 * traps per PROD write.
 */
int bench_sec_cmdq(struct bench_run *m, const char *name)
{
	struct bench_rig_opts o = { 0 };
	struct bench_rig *r = calloc(1, sizeof(*r));
	struct smmu_cmd cmds[SEC_BATCH];
	struct gsmmu_domain *d = NULL;
	struct sec_hw hw;
	unsigned int run, i, k;
	uint64_t traps, nops = 0;
	int ret;

	if (!r)
		return -VSMMU_ERR_NOMEM;
	o.pol = strstr(name, "unbatched") ? BENCH_FWD_UNBATCHED :
		BENCH_FWD_PRECISE;
	ret = bench_rig_init(r, &o);
	if (!ret)
		ret = bench_rig_attach(r, 0, true, &d);
	memset(cmds, 0, sizeof(cmds));
	for (k = 0; !ret && k < SEC_BATCH; k++) {
		cmds[k].op = SMMU_CMD_TLBI_NH_VA;
		cmds[k].asid = d->asid;
		cmds[k].leaf = true;
		cmds[k].addr = GSMMU_IOVA_BASE + ((uint64_t)k << 12);
	}
	bench_shape(m, 400, 20, 20);
	sec_hw_mark(r, &hw);
	traps = r->traps_r + r->traps_w;
	for (run = 0; !ret && run < m->runs; run++) {
		for (i = 0; !ret && i < m->iters; i++) {
			bench_begin(m);
			ret = bench_guest_cmds(r, cmds, SEC_BATCH, true);
			bench_end(m);
		}
		nops += m->iters;	/* counters: warm-up included */
		bench_run_done(m, m->iters);
	}
	if (!ret && nops) {
		m->v[0] = (double)sec_hw_ops(r, &hw, SMMU_CMD_TLBI_NH_VA) /
			  (double)(nops * SEC_BATCH);
		m->v[1] = (double)sec_hw_ops(r, &hw, SMMU_CMD_SYNC) /
			  (double)nops;
		m->v[2] = (double)sec_hw_ops(r, &hw, -1) / (double)nops;
		m->v[3] = (double)(r->traps_r + r->traps_w - traps) /
			  (double)nops;
	}
	bench_rig_fini(r);
	free(r);
	return ret;
}

/* ---- Row 3: CFGI_STE, Linux's hitless update, to the physical STE ------- */

/*
 * One operation: the guest driver attaches device 0 to its domain from
 * abort (a new CD-table STE written in CFGI_STE + CMD_SYNC rounds), until
 * the nested STE is live on the physical SMMU. v[0]: guest rounds per
 * attach; v[1]: traps per attach; v[2]: physical CFGI_STE per attach;
 * v[3]: physical STE dwords written per attach.
 */
int bench_sec_cfgi(struct bench_run *m, const char *name)
{
	struct bench_rig *r = calloc(1, sizeof(*r));
	struct gsmmu_domain *d = NULL;
	struct psmmu_stats ps0, ps1;
	struct sec_hw hw;
	uint64_t rounds = 0, traps = 0, cfgi = 0, dwords = 0, nops = 0, t, g;
	unsigned int run, i;
	int ret;

	(void)name;
	if (!r)
		return -VSMMU_ERR_NOMEM;
	ret = bench_rig_init(r, NULL);
	if (!ret)
		ret = bench_rig_domain(r, true, &d);
	bench_shape(m, 300, 20, 20);
	for (run = 0; !ret && run < m->runs; run++) {
		for (i = 0; !ret && i < m->iters; i++) {
			ret = gsmmu_set_abort(&r->drv, r->vsid[0]);
			if (ret)
				break;
			/* Count what the attach alone does. */
			t = r->traps_r + r->traps_w;
			g = r->drv.st.ste_rounds;
			sec_hw_mark(r, &hw);
			psmmu_get_stats(r->p, &ps0);
			bench_begin(m);
			ret = gsmmu_attach(d, r->vsid[0]);
			bench_end(m);
			psmmu_get_stats(r->p, &ps1);
			cfgi += sec_hw_ops(r, &hw, SMMU_CMD_CFGI_STE);
			dwords += ps1.ste_writes - ps0.ste_writes;
			traps += r->traps_r + r->traps_w - t;
			rounds += r->drv.st.ste_rounds - g;
		}
		nops += m->iters;
		bench_run_done(m, m->iters);
	}
	if (!ret && nops) {
		m->v[0] = (double)rounds / (double)nops;
		m->v[1] = (double)traps / (double)nops;
		m->v[2] = (double)cfgi / (double)nops;
		m->v[3] = (double)dwords / (double)nops;
	}
	bench_rig_fini(r);
	free(r);
	return ret;
}

/* ---- Row 8: a guest TLBI_NH_ASID with 1 .. 256 devices in the domain ---- */

/*
 * tlbi_asid_<n>: device 0 is attached by the guest; n - 1 more StreamIDs
 * are registered, mapped and attached nested to the same stage-1 context
 * through the framework (the guest driver tracks at most 64 masters).
 * One operation: TLBI_NH_ASID + CMD_SYNC in one PROD write. v[0]:
 * physical commands per PROD write (sync included); v[1]: physical
 * CMD_SYNCs per PROD write.
 */
int bench_sec_tlbi_scale(struct bench_run *m, const char *name)
{
	struct bench_rig *r = calloc(1, sizeof(*r));
	unsigned long n = strtoul(name + strlen("tlbi_asid_"), NULL, 10);
	struct gsmmu_domain *d = NULL;
	struct psmmu_s1_cfg s1;
	struct smmu_cmd c;
	struct sec_hw hw;
	unsigned int run, i, k;
	uint64_t nops = 0;
	uint32_t vsid;
	int ret;

	if (!r)
		return -VSMMU_ERR_NOMEM;
	ret = bench_rig_init(r, NULL);
	if (!ret)
		ret = bench_rig_attach(r, 0, true, &d);
	memset(&s1, 0, sizeof(s1));
	for (k = 0; !ret && k < GSMMU_MAX_MASTERS; k++) {
		if (r->drv.masters[k].used &&
		    r->drv.masters[k].sid == r->vsid[0])
			s1.s1ctxptr = r->drv.masters[k].cd_table;
	}
	s1.s1cir = 1;
	s1.s1cor = 1;
	s1.s1csh = 3;
	for (k = 1; !ret && k < n; k++) {
		ret = bench_rig_add_sid(r, 0x1000 + k, &vsid);
		if (!ret)
			ret = viommu_attach_s1(r->vd, vsid, &s1);
	}
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_ASID;
	c.asid = d ? d->asid : 0;
	bench_shape(m, 2000, 50, 50);
	sec_hw_mark(r, &hw);
	for (run = 0; !ret && run < m->runs; run++) {
		for (i = 0; !ret && i < m->iters; i++) {
			bench_begin(m);
			ret = bench_guest_cmds(r, &c, 1, true);
			bench_end(m);
		}
		nops += m->iters;	/* counters: warm-up included */
		bench_run_done(m, m->iters);
	}
	if (!ret && nops) {
		m->v[0] = (double)sec_hw_ops(r, &hw, -1) / (double)nops;
		m->v[1] = (double)sec_hw_ops(r, &hw, SMMU_CMD_SYNC) /
			  (double)nops;
	}
	bench_rig_fini(r);
	free(r);
	return ret;
}
