// SPDX-License-Identifier: MIT
/*
 * vsmmu-sim: build the platform a host device tree describes, start one
 * domain per config, boot each guest's SMMUv3 driver on its vSMMU, run
 * DMA on every passthrough device with every byte checked against both
 * stages, show the fault path, and print a summary.
 *
 * Exit status: 0 all checks passed, 1 a check failed, 2 bad usage or a
 * platform that could not be built.
 */
#include <stdlib.h>
#include <string.h>

#include "vsmmu-sim.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vsmmu-sim [options] HOST.dts|HOST.dtb DOMAIN.cfg "
		"[DOMAIN.cfg...]\n"
		"       vsmmu-sim [options] --hwdom HOST.dts|HOST.dtb\n"
		"\n"
		"Simulates the host platform of HOST (its SMMUv3s run as "
		"models\n"
		"under the hypervisor's psmmu driver), starts one domain per\n"
		"config (xl.cfg subset: viommu, dtdev, memory, device_tree,\n"
		"vsmmu_*), boots a Linux-like SMMUv3 driver in each guest with "
		"a\n"
		"vSMMU, runs DMA on every passthrough device and shows a "
		"fault\n"
		"travelling from the physical SMMU to the guest.\n"
		"\n"
		"options:\n"
		"  --json          summary as JSON on stdout (progress on "
		"stderr)\n"
		"  --trace         log every trapped vSMMU register access\n"
		"  --verbose       log the drivers and the vSMMU\n"
		"  --lazy          guest unmaps in lazy mode (default: "
		"strict)\n"
		"  --rounds N      buffer rounds per device (default 1)\n"
		"  --budget N      vSMMU commands per trap before a resume\n"
		"                  (default 64; 1 exercises the resume path)\n"
		"  --no-fault      skip the fault demonstration\n"
		"  --evt-limit B[,R] per-domain event rate limit: bursts of "
		"B,\n"
		"                  R more per simulation step (default: none)\n"
		"  --smmu-iidr X   IIDR of the physical SMMU models (default\n"
		"                  0x4832043b, Arm MMU-600 r2p0)\n"
		"  --guest-msi     guests take the vSMMU's interrupts as MSIs "
		"to\n"
		"                  their ITS doorbell (default: wired lines)\n"
		"  --hwdom[=MiB]   run the hardware domain instead of guests: "
		"every\n"
		"                  device, one vSMMU per SMMU at its host "
		"address,\n"
		"                  vSID = pSID (no DOMAIN.cfg then)\n"
		"  -h, --help      this text\n");
}

static void phys_snapshot(struct sim_host *h, struct psmmu_stats *st)
{
	unsigned int k;

	for (k = 0; k < h->nsmmu; k++)
		psmmu_get_stats(h->smmu[k].p, &st[k]);
}

static void phys_account(struct sim_host *h, const struct psmmu_stats *st,
			 struct sim_domain *d)
{
	struct psmmu_stats now;
	unsigned int k;

	for (k = 0; k < h->nsmmu; k++) {
		psmmu_get_stats(h->smmu[k].p, &now);
		d->phys_cmds[k] += now.cmds - st[k].cmds;
		d->phys_syncs[k] += now.syncs - st[k].syncs;
	}
}

int main(int argc, char **argv)
{
	struct sim_host_opts ho;
	struct sim_wl_opts wo;
	static struct sim_host host;
	const char *cfgs[16];
	const char *dts = NULL;
	unsigned int ncfg = 0, i;
	bool json = false, hwdom = false;
	uint64_t hwdom_mb = 0;
	char err[512] = "";
	int ret, fails = 0;

	memset(&ho, 0, sizeof(ho));
	memset(&wo, 0, sizeof(wo));
	for (i = 1; i < (unsigned int)argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "--trace")) {
			ho.trace = true;
		} else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
			ho.verbose = true;
		} else if (!strcmp(a, "--lazy")) {
			wo.lazy = true;
		} else if (!strncmp(a, "--hwdom", 7) &&
			   (a[7] == 0 || a[7] == '=')) {
			hwdom = true;
			if (a[7] == '=')
				hwdom_mb = strtoull(a + 8, NULL, 0);
		} else if (!strcmp(a, "--evt-limit") &&
			   i + 1 < (unsigned int)argc) {
			char *end;

			ho.evt_burst =
				(unsigned int)strtoul(argv[++i], &end, 0);
			ho.evt_rate = *end == ',' ? (unsigned int)strtoul(
							    end + 1, NULL, 0)
						  : ho.evt_burst;
		} else if (!strcmp(a, "--smmu-iidr") &&
			   i + 1 < (unsigned int)argc) {
			ho.smmu_iidr = (uint32_t)strtoul(argv[++i], NULL, 0);
		} else if (!strcmp(a, "--guest-msi")) {
			ho.guest_msi = true;
		} else if (!strcmp(a, "--no-fault")) {
			wo.no_fault = true;
		} else if (!strcmp(a, "--budget") &&
			   i + 1 < (unsigned int)argc) {
			ho.vsmmu_budget =
				(unsigned int)strtoul(argv[++i], NULL, 0);
		} else if (!strcmp(a, "--rounds") &&
			   i + 1 < (unsigned int)argc) {
			wo.rounds = (unsigned int)strtoul(argv[++i], NULL, 0);
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (a[0] == '-') {
			fprintf(stderr, "vsmmu-sim: unknown option %s\n", a);
			usage(stderr);
			return 2;
		} else if (!dts) {
			dts = a;
		} else if (ncfg < 16) {
			cfgs[ncfg++] = a;
		} else {
			fprintf(stderr, "vsmmu-sim: at most 16 domains\n");
			return 2;
		}
	}
	if (!dts || (!ncfg && !hwdom) || (ncfg && hwdom)) {
		usage(stderr);
		return 2;
	}
	/* JSON owns stdout; progress goes to stderr then. Line buffering
	 * keeps progress and error messages in order. */
	ho.out = json ? stderr : stdout;
	setvbuf(stdout, NULL, _IOLBF, 0);

	ret = sim_host_init(&host, dts, &ho, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "vsmmu-sim: %s (%s)\n", err,
			vsmmu_strerror(ret));
		sim_host_fini(&host);
		return 2;
	}
	if (hwdom) {
		struct sim_domain *d;

		ret = sim_hwdom_create(&host, hwdom_mb, &d, err, sizeof(err));
		if (ret) {
			fprintf(stderr, "vsmmu-sim: %s (%s)\n", err,
				vsmmu_strerror(ret));
			sim_host_fini(&host);
			return 2;
		}
	}
	for (i = 0; i < ncfg; i++) {
		struct sim_domain *d;

		ret = sim_domain_create(&host, cfgs[i], &d, err, sizeof(err));
		if (ret) {
			fprintf(stderr, "vsmmu-sim: %s (%s)\n", err,
				vsmmu_strerror(ret));
			sim_host_fini(&host);
			return 2;
		}
	}
	for (i = 0; i < host.ndoms; i++) {
		struct psmmu_stats before[SIM_MAX_PSMMU];

		/* Domains run one after the other: the deltas are theirs. */
		phys_snapshot(&host, before);
		ret = sim_domain_boot(host.doms[i]);
		if (!ret)
			ret = sim_workload_run(host.doms[i], &wo);
		phys_account(&host, before, host.doms[i]);
		if (ret < 0) {
			fprintf(stderr, "vsmmu-sim: %s: %s\n",
				host.doms[i]->name, vsmmu_strerror(ret));
			fails++;
		} else {
			fails += ret;
		}
	}
	if (json)
		vsim_report_json(stdout, &host, fails);
	else
		vsim_report_text(stdout, &host, fails);
	sim_host_fini(&host);
	return fails ? 1 : 0;
}
