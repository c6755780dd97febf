// SPDX-License-Identifier: MIT
/*
 * The summary: per device (DMA and checks), per vSMMU (traps, guest
 * commands by opcode, what was forwarded, events), per physical SMMU
 * (commands the hypervisor issued, events, translations).
 */
#include <string.h>

#include "vsmmu-sim.h"

static const char *human(uint64_t b, char *buf, size_t n)
{
	if (b >= (10ull << 20))
		snprintf(buf, n, "%.1f MiB", (double)b / (1 << 20));
	else if (b >= (10ull << 10))
		snprintf(buf, n, "%.1f KiB", (double)b / (1 << 10));
	else
		snprintf(buf, n, "%llu B", (unsigned long long)b);
	return buf;
}

static const char *short_cmd(uint8_t op)
{
	const char *n = smmu_cmd_name(op);

	return strncmp(n, "CMD_", 4) ? n : n + 4;
}

static void text_devices(FILE *f, struct sim_host *h)
{
	char b1[32], b2[32];
	unsigned int i;

	fprintf(f, "\nDevices\n");
	fprintf(f, "  %-8s %-22s %-5s %-7s %-7s %8s %12s %12s %6s %6s\n",
		"domain", "device", "smmu", "pSID", "vSID", "DMA ops", "bytes",
		"verified", "faults", "bad");
	for (i = 0; i < h->ndev; i++) {
		struct sim_dev *d = &h->dev[i];
		const char *dom = "-";
		char vs[16] = "-";
		unsigned int k;

		for (k = 0; k < h->ndoms; k++)
			if ((int)h->doms[k]->domid == d->owner)
				dom = h->doms[k]->name;
		if (d->has_vsid)
			snprintf(vs, sizeof(vs), "0x%04x", d->vsid);
		fprintf(f,
			"  %-8s %-22s %-5u 0x%-5x %-7s %8llu %12s %12s %6llu "
			"%6llu\n",
			dom, d->name, d->smmu, d->psid, vs,
			(unsigned long long)(d->dma.st.reads +
					     d->dma.st.writes),
			human(d->dma.st.bytes_read + d->dma.st.bytes_written,
			      b1, sizeof(b1)),
			human(d->verified_bytes, b2, sizeof(b2)),
			(unsigned long long)d->faults_seen,
			(unsigned long long)d->mismatches);
	}
}

static void text_ops(FILE *f, const char *label, const uint64_t *by_op)
{
	unsigned int op, n = 0;

	fprintf(f, "    %-20s", label);
	for (op = 0; op < 256; op++) {
		if (!by_op[op])
			continue;
		if (n && n % 4 == 0)
			fprintf(f, "\n    %-20s", "");
		fprintf(f, " %s %llu", short_cmd((uint8_t)op),
			(unsigned long long)by_op[op]);
		n++;
	}
	fprintf(f, "%s\n", n ? "" : " -");
}

/*
 * Physical commands issued while the domain ran: a hardware-domain vSMMU
 * owns its own SMMU's; a guest's one vSMMU spans them all.
 */
static uint64_t vinst_phys(const struct sim_vinst *v, bool syncs)
{
	const struct sim_domain *d = v->dom;
	const uint64_t *a = syncs ? d->phys_syncs : d->phys_cmds;
	uint64_t n = 0;
	unsigned int k;

	if (d->hwdom)
		return a[v->idx];
	for (k = 0; k < SIM_MAX_PSMMU; k++)
		n += a[k];
	return n;
}

static void text_vinst(FILE *f, struct sim_vinst *v)
{
	struct vsmmu_counters vc;
	struct viommu_stats vst;
	const struct gsmmu_stats *gs = &v->gos.drv.st;

	vsmmu_get_counters(v->vs, &vc);
	viommu_get_stats(v->vd, &vst);
	fprintf(f, "  %s: vSMMU at %#llx\n", v->name,
		(unsigned long long)v->base);
	fprintf(f, "    %-20s %llu reads, %llu writes, %llu resumes\n", "traps",
		(unsigned long long)v->traps_read,
		(unsigned long long)v->traps_write,
		(unsigned long long)v->resumes);
	text_ops(f, "guest commands", gs->cmds_by_op);
	fprintf(f,
		"    %-20s %llu commands, %llu PROD writes, %llu syncs, "
		"%llu STE rounds\n",
		"guest driver", (unsigned long long)gs->cmds,
		(unsigned long long)gs->batches, (unsigned long long)gs->syncs,
		(unsigned long long)gs->ste_rounds);
	fprintf(f,
		"    %-20s %llu done, %llu errors, %llu STEs re-derived "
		"(S1 %llu, abort %llu, bypass %llu)\n",
		"vSMMU commands", (unsigned long long)vc.cmds,
		(unsigned long long)vc.cmd_errors,
		(unsigned long long)vc.cfgi_ste,
		(unsigned long long)vc.attach_s1,
		(unsigned long long)vc.attach_abort,
		(unsigned long long)vc.attach_bypass);
	fprintf(f, "    %-20s %llu physical commands in %llu batches\n",
		"forwarded", (unsigned long long)vst.inv_cmds,
		(unsigned long long)vst.inv_commits);
	fprintf(f,
		"    %-20s %llu commands, %llu syncs (STE installs, "
		"forwarded invalidations)\n",
		"physical side", (unsigned long long)vinst_phys(v, false),
		(unsigned long long)vinst_phys(v, true));
	fprintf(f,
		"    %-20s %llu forwarded, %llu written to the guest "
		"queue, %llu seen by the guest driver\n",
		"events", (unsigned long long)vst.evt_delivered,
		(unsigned long long)vc.events, (unsigned long long)gs->events);
	fprintf(f,
		"    %-20s %llu wired pulses, %llu MSIs sent; %llu taken by "
		"the guest, %llu overflows, %llu GERRORs\n",
		"interrupts", (unsigned long long)vc.irqs,
		(unsigned long long)vc.msis,
		(unsigned long long)v->gos.irqs_taken,
		(unsigned long long)gs->overflows,
		(unsigned long long)gs->gerrors);
}

static void text_vsmmus(FILE *f, struct sim_host *h)
{
	unsigned int i, k;

	fprintf(f, "\nvSMMUs\n");
	for (i = 0; i < h->ndoms; i++) {
		struct sim_domain *d = h->doms[i];

		if (!d->vi[0].vs) {
			fprintf(f,
				"  %s: no vIOMMU (devices on stage 2 only)\n",
				d->name);
			continue;
		}
		for (k = 0; k < d->nvi; k++)
			if (d->vi[k].vs)
				text_vinst(f, &d->vi[k]);
	}
}

static void text_psmmus(FILE *f, struct sim_host *h)
{
	unsigned int i;

	fprintf(f, "\nPhysical SMMUs\n");
	for (i = 0; i < h->nsmmu; i++) {
		struct sim_psmmu *sp = &h->smmu[i];
		struct psmmu_stats ps;
		struct smmu_model_counters mc;

		psmmu_get_stats(sp->p, &ps);
		smmu_model_counters_get(sp->hw.model, &mc);
		fprintf(f, "  smmu%u at %#llx\n", i,
			(unsigned long long)sp->hw.base);
		text_ops(f, "commands run", mc.cmds_by_op);
		fprintf(f,
			"    %-20s %llu commands, %llu batches, %llu syncs, "
			"%llu STE dwords\n",
			"psmmu driver", (unsigned long long)ps.cmds,
			(unsigned long long)ps.batches,
			(unsigned long long)ps.syncs,
			(unsigned long long)ps.ste_writes);
		fprintf(f,
			"    %-20s %llu records: %llu stage-1 routed to "
			"guests, "
			"%llu unrouted, %llu kept (%llu stage 2)\n",
			"events", (unsigned long long)ps.events,
			(unsigned long long)sp->s1_routed,
			(unsigned long long)sp->s1_unrouted,
			(unsigned long long)sp->other_events,
			(unsigned long long)sp->s2_faults);
		fprintf(f,
			"    %-20s %llu translations, TLB %llu hits / %llu "
			"misses, %llu walks, %llu faults\n",
			"model", (unsigned long long)mc.translations,
			(unsigned long long)mc.tlb_hits,
			(unsigned long long)mc.tlb_misses,
			(unsigned long long)mc.walks,
			(unsigned long long)mc.faults);
	}
}

void vsim_report_text(FILE *f, struct sim_host *h, int fails)
{
	text_devices(f, h);
	text_vsmmus(f, h);
	text_psmmus(f, h);
	fprintf(f, "\nResult: %s\n", fails ? "FAIL" : "PASS");
	if (fails)
		fprintf(f, "  %d check%s failed\n", fails,
			fails == 1 ? "" : "s");
}

/* ---- JSON ---- */

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void json_ops(FILE *f, const uint64_t *by_op)
{
	unsigned int op, n = 0;

	fputc('{', f);
	for (op = 0; op < 256; op++) {
		if (!by_op[op])
			continue;
		fprintf(f, "%s\"%s\":%llu", n++ ? "," : "",
			short_cmd((uint8_t)op), (unsigned long long)by_op[op]);
	}
	fputc('}', f);
}

#define JU(name, v) fprintf(f, "\"%s\":%llu", name, (unsigned long long)(v))

void vsim_report_json(FILE *f, struct sim_host *h, int fails)
{
	unsigned int i;

	fprintf(f, "{\"devices\":[");
	for (i = 0; i < h->ndev; i++) {
		struct sim_dev *d = &h->dev[i];

		fprintf(f, "%s{\"name\":", i ? "," : "");
		json_str(f, d->name);
		fprintf(f, ",\"path\":");
		json_str(f, d->path);
		fprintf(f, ",\"owner\":%d,", d->owner);
		JU("smmu", d->smmu);
		fputc(',', f);
		JU("psid", d->psid);
		fputc(',', f);
		if (d->has_vsid) {
			JU("vsid", d->vsid);
			fputc(',', f);
		}
		JU("dma_reads", d->dma.st.reads);
		fputc(',', f);
		JU("dma_writes", d->dma.st.writes);
		fputc(',', f);
		JU("bytes_read", d->dma.st.bytes_read);
		fputc(',', f);
		JU("bytes_written", d->dma.st.bytes_written);
		fputc(',', f);
		JU("verified_bytes", d->verified_bytes);
		fputc(',', f);
		JU("mismatches", d->mismatches);
		fputc(',', f);
		JU("faults", d->faults_seen);
		fputc('}', f);
	}
	fprintf(f, "],\"domains\":[");
	for (i = 0; i < h->ndoms; i++) {
		struct sim_domain *d = h->doms[i];
		unsigned int k, n = 0;

		fprintf(f, "%s{\"name\":", i ? "," : "");
		json_str(f, d->name);
		fprintf(f,
			",\"domid\":%u,\"hwdom\":%s,\"viommu\":%s,"
			"\"vsmmus\":[",
			d->domid, d->hwdom ? "true" : "false",
			d->vi[0].vs ? "true" : "false");
		for (k = 0; k < d->nvi; k++) {
			struct sim_vinst *v = &d->vi[k];
			const struct gsmmu_stats *gs = &v->gos.drv.st;
			struct vsmmu_counters vc;
			struct viommu_stats vst;

			if (!v->vs)
				continue;
			vsmmu_get_counters(v->vs, &vc);
			viommu_get_stats(v->vd, &vst);
			fprintf(f, "%s{\"name\":", n++ ? "," : "");
			json_str(f, v->name);
			fputc(',', f);
			JU("base", v->base);
			fputc(',', f);
			JU("traps_read", v->traps_read);
			fputc(',', f);
			JU("traps_write", v->traps_write);
			fputc(',', f);
			JU("resumes", v->resumes);
			fputc(',', f);
			fprintf(f, "\"guest_cmds_by_op\":");
			json_ops(f, gs->cmds_by_op);
			fputc(',', f);
			JU("guest_cmds", gs->cmds);
			fputc(',', f);
			JU("guest_syncs", gs->syncs);
			fputc(',', f);
			JU("ste_rounds", gs->ste_rounds);
			fputc(',', f);
			JU("vsmmu_cmds", vc.cmds);
			fputc(',', f);
			JU("cmd_errors", vc.cmd_errors);
			fputc(',', f);
			JU("cfgi_ste", vc.cfgi_ste);
			fputc(',', f);
			JU("phys_cmds_forwarded", vst.inv_cmds);
			fputc(',', f);
			JU("phys_batches", vst.inv_commits);
			fputc(',', f);
			JU("phys_cmds_issued", vinst_phys(v, false));
			fputc(',', f);
			JU("phys_syncs_issued", vinst_phys(v, true));
			fputc(',', f);
			JU("events_forwarded", vst.evt_delivered);
			fputc(',', f);
			JU("events_written", vc.events);
			fputc(',', f);
			JU("guest_events", gs->events);
			fputc(',', f);
			JU("vsmmu_irqs", vc.irqs);
			fputc(',', f);
			JU("vsmmu_msis", vc.msis);
			fputc(',', f);
			JU("guest_irqs", v->gos.irqs_taken);
			fputc('}', f);
		}
		fprintf(f, "]}");
	}
	fprintf(f, "],\"smmus\":[");
	for (i = 0; i < h->nsmmu; i++) {
		struct sim_psmmu *sp = &h->smmu[i];
		struct psmmu_stats ps;
		struct smmu_model_counters mc;

		psmmu_get_stats(sp->p, &ps);
		smmu_model_counters_get(sp->hw.model, &mc);
		fprintf(f, "%s{", i ? "," : "");
		JU("index", i);
		fputc(',', f);
		JU("base", sp->hw.base);
		fputc(',', f);
		fprintf(f, "\"cmds_by_op\":");
		json_ops(f, mc.cmds_by_op);
		fputc(',', f);
		JU("psmmu_cmds", ps.cmds);
		fputc(',', f);
		JU("psmmu_syncs", ps.syncs);
		fputc(',', f);
		JU("events", ps.events);
		fputc(',', f);
		JU("s1_routed", sp->s1_routed);
		fputc(',', f);
		JU("kept", sp->other_events);
		fputc(',', f);
		JU("s2_faults", sp->s2_faults);
		fputc(',', f);
		JU("translations", mc.translations);
		fputc(',', f);
		JU("tlb_hits", mc.tlb_hits);
		fputc(',', f);
		JU("tlb_misses", mc.tlb_misses);
		fputc('}', f);
	}
	fprintf(f, "],\"failed_checks\":%d,\"result\":\"%s\"}\n", fails,
		fails ? "fail" : "pass");
}
