// SPDX-License-Identifier: MIT
/*
 * vsmmu-dt: the domain builder's device-tree step.
 *
 *   vsmmu-dt HOST --domain CFG [--passthrough PT] [-o OUT] [--dts]
 *   vsmmu-dt HOST --hwdom [-o OUT] [--dts]
 *
 * HOST and PT are .dtb files, or .dts sources compiled with dtc. The vSID
 * map it made is printed on stdout; OUT is written to a temporary file in
 * the same folder and renamed, so it is either complete or absent.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libfdt.h>

#include "vsmmu/base.h"
#include "vsmmu/fdt.h"
#include "vsmmu-dt.h"

#define VDT_MAX_SMMUS 32
#define VDT_MAX_SIDS  4096
#define VDT_MAX_MAP   4096
#define VDT_FILE_MAX  (64u << 20)  /* larger inputs are refused */
#define VDT_OUT_MAX   (256u << 20) /* the output buffer stops growing */

struct vdt_buf {
	void *p;
	size_t len;
};

static const char *prog = "vsmmu-dt";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s HOST.dtb|HOST.dts --domain CFG [--passthrough "
		"PT.dtb|PT.dts]\n"
		"                [-o OUT.dtb] [--dts] [-q]\n"
		"       %s HOST.dtb|HOST.dts --hwdom [--hide SMMU]... [-o "
		"OUT.dtb] [--dts] [-q]\n"
		"\n"
		"  --domain CFG       xl.cfg of the guest (viommu, dtdev, "
		"vsmmu_base, vsmmu_irq, ...)\n"
		"  --passthrough PT   the guest's passthrough fragment "
		"(partial device tree)\n"
		"  --hwdom            build the hardware domain's tree (vSID = "
		"pSID)\n"
		"  --hide SMMU        (--hwdom) give the SMMU at this path no "
		"vSMMU: remove it\n"
		"                     and every reference to it (e.g. it "
		"cannot nest)\n"
		"  -o OUT             write the resulting blob (atomically: "
		"temp file + rename)\n"
		"  --dts              print the resulting tree as DTS on "
		"stdout\n"
		"  -q                 do not print the vSID map\n",
		prog, prog);
}

static int read_fd(int fd, struct vdt_buf *b, const char *name)
{
	size_t cap = 1 << 16;
	ssize_t n;

	b->len = 0;
	b->p = malloc(cap);
	if (!b->p)
		return -1;
	for (;;) {
		if (b->len == cap) {
			void *q;

			if (cap >= VDT_FILE_MAX) {
				fprintf(stderr,
					"%s: %s: larger than %u bytes\n", prog,
					name, VDT_FILE_MAX);
				return -1;
			}
			cap *= 2;
			q = realloc(b->p, cap);
			if (!q)
				return -1;
			b->p = q;
		}
		n = read(fd, (char *)b->p + b->len, cap - b->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, name,
				strerror(errno));
			return -1;
		}
		if (n == 0)
			return 0;
		b->len += (size_t)n;
	}
}

/* Compile a .dts with dtc, reading the blob from a pipe. */
static int run_dtc(const char *path, struct vdt_buf *b)
{
	int pfd[2], st, rc;
	pid_t pid;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execlp("dtc", "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "-",
		       path, (char *)NULL);
		fprintf(stderr, "%s: cannot run dtc: %s\n", prog,
			strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	rc = read_fd(pfd[0], b, path);
	close(pfd[0]);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "%s: %s: dtc failed\n", prog, path);
		return -1;
	}
	return rc;
}

static int load_tree(const char *path, struct vdt_buf *b)
{
	size_t n = strlen(path);
	int fd, rc;

	if (n > 4 && !strcmp(path + n - 4, ".dts"))
		return run_dtc(path, b);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return -1;
	}
	rc = read_fd(fd, b, path);
	close(fd);
	return rc;
}

static int write_atomic(const char *path, const void *blob, size_t len)
{
	size_t n = strlen(path) + 16, done = 0;
	char *tmp = malloc(n);
	int fd;

	if (!tmp)
		return -1;
	snprintf(tmp, n, "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	while (done < len) {
		ssize_t w = write(fd, (const char *)blob + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (done != len || fchmod(fd, 0644) || fsync(fd) || close(fd) ||
	    rename(tmp, path)) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

static void print_smmus(const struct vfdt_host *h)
{
	size_t i;
	uint32_t k;

	printf("host: %zu SMMUv3%s\n", h->nsmmus, h->nsmmus ? ":" : "");
	for (i = 0; i < h->nsmmus; i++) {
		const struct vfdt_psmmu *s = &h->smmus[i];

		printf("  smmu%zu %s at 0x%llx+0x%llx, phandle 0x%x%s, irqs", i,
		       s->path, (unsigned long long)s->base,
		       (unsigned long long)s->size, s->phandle,
		       s->dma_coherent ? ", coherent" : "");
		for (k = 0; k < s->nirqs; k++) {
			const struct vfdt_irq *q = &s->irqs[k];

			printf("%s %s%s", k ? "," : "", q->name,
			       q->name[0] ? ":" : "");
			/* GIC specifiers: <type number flags>, SPI = type 0 */
			if (q->ncells == 3 && q->cells[0] == 0)
				printf("INTID %u", q->cells[1] + 32);
			else
				printf("<%u cells>", q->ncells);
		}
		printf("%s%s\n", s->nirqs ? "" : " none",
		       s->hidden ? " (hidden: no vSMMU)" : "");
	}
}

static void print_map(const struct vfdt_host *h, const struct vfdt_vsid_map *m,
		      bool hwdom)
{
	size_t i;

	printf("%s vSID map (%zu range%s):\n",
	       hwdom ? "hardware-domain" : "guest", m->n, m->n == 1 ? "" : "s");
	for (i = 0; i < m->n; i++) {
		const struct vfdt_vsid_ent *e = &m->ents[i];

		printf("  vSID 0x%x", e->vsid);
		if (e->count > 1)
			printf("-0x%x", e->vsid + (e->count - 1));
		printf(" <- %s pSID 0x%x", h->smmus[e->smmu].path, e->psid);
		if (e->count > 1)
			printf("-0x%x", e->psid + (e->count - 1));
		printf("  %s\n", e->path);
	}
}

int main(int argc, char **argv)
{
	const char *host_path = NULL, *cfg_path = NULL, *pt_path = NULL;
	const char *out_path = NULL;
	const char *hide[VDT_MAX_SMMUS];
	unsigned int nhide = 0, j;
	bool hwdom = false, dts = false, quiet = false;
	struct vdt_buf host = {0}, pt = {0}, cfgtext = {0};
	static struct vfdt_psmmu smmus[VDT_MAX_SMMUS];
	static struct vfdt_sids sids[VDT_MAX_SIDS];
	static struct vfdt_vsid_ent ents[VDT_MAX_MAP];
	struct vfdt_host h = {smmus, VDT_MAX_SMMUS, 0, sids, VDT_MAX_SIDS, 0};
	static struct vfdt_domain_cfg cfg;
	struct vfdt_vsid_ops ops;
	struct vdt_domains *doms = NULL;
	struct vfdt_guest_out res = {.map = {ents, VDT_MAX_MAP, 0}};
	char err[512];
	void *out = NULL;
	size_t outsize;
	int i, rc, ret = 1;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--domain") && i + 1 < argc) {
			cfg_path = argv[++i];
		} else if (!strcmp(a, "--passthrough") && i + 1 < argc) {
			pt_path = argv[++i];
		} else if (!strcmp(a, "-o") && i + 1 < argc) {
			out_path = argv[++i];
		} else if (!strcmp(a, "--hide") && i + 1 < argc &&
			   nhide < VDT_MAX_SMMUS) {
			hide[nhide++] = argv[++i];
		} else if (!strcmp(a, "--hwdom")) {
			hwdom = true;
		} else if (!strcmp(a, "--dts")) {
			dts = true;
		} else if (!strcmp(a, "-q")) {
			quiet = true;
		} else if (a[0] != '-' && !host_path) {
			host_path = a;
		} else {
			fprintf(stderr, "%s: unexpected argument '%s'\n", prog,
				a);
			usage(stderr);
			return 2;
		}
	}
	if (!host_path || hwdom == !!cfg_path || (hwdom && pt_path) ||
	    (nhide && !hwdom)) {
		usage(stderr);
		return 2;
	}

	if (load_tree(host_path, &host))
		goto done;
	rc = vfdt_host_read(host.p, host.len, &h, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "%s: %s: %s\n", prog, host_path, err);
		goto done;
	}
	for (j = 0; j < nhide; j++) {
		size_t k;

		for (k = 0; k < h.nsmmus; k++)
			if (!strcmp(h.smmus[k].path, hide[j]))
				break;
		if (k == h.nsmmus) {
			fprintf(stderr, "%s: --hide %s: not an SMMUv3 of %s\n",
				prog, hide[j], host_path);
			goto done;
		}
		h.smmus[k].hidden = true;
	}
	vfdt_cfg_init(&cfg);
	if (cfg_path) {
		int fd = open(cfg_path, O_RDONLY);

		if (fd < 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, cfg_path,
				strerror(errno));
			goto done;
		}
		rc = read_fd(fd, &cfgtext, cfg_path);
		close(fd);
		if (rc)
			goto done;
		rc = vfdt_cfg_parse(cfgtext.p, cfgtext.len, &cfg, err,
				    sizeof(err));
		if (rc) {
			fprintf(stderr, "%s: %s: %s\n", prog, cfg_path, err);
			goto done;
		}
	}
	if (pt_path && load_tree(pt_path, &pt))
		goto done;
	if (hwdom || cfg.viommu) {
		rc = vdt_domains_create(&h, hwdom, &doms, &ops);
		if (rc) {
			fprintf(stderr, "%s: creating the vIOMMU domain: %s\n",
				prog, vsmmu_strerror(rc));
			goto done;
		}
	}

	/*
	 * Nothing is allocated before the output fits (the builders compute
	 * first), so a larger buffer can simply be tried again.
	 */
	for (outsize = host.len + pt.len + 4096;; outsize *= 2) {
		free(out);
		out = malloc(outsize);
		if (!out) {
			fprintf(stderr, "%s: out of memory\n", prog);
			goto done;
		}
		if (hwdom) {
			rc = vfdt_hwdom_build(host.p, host.len, &h, &ops, out,
					      (int)outsize, &res.map, err,
					      sizeof(err));
		} else {
			struct vfdt_guest_in in = {
				.host_fdt = host.p,
				.host_size = host.len,
				.host = &h,
				.cfg = &cfg,
				.pt_fdt = pt.p,
				.pt_size = pt.len,
				.ops = doms ? &ops : NULL,
			};

			rc = vfdt_guest_build(&in, out, (int)outsize, &res, err,
					      sizeof(err));
		}
		/* NOSPACE from an array (the map) ends here too, with its
		 * own message. */
		if (rc != -VSMMU_ERR_NOSPACE || outsize >= VDT_OUT_MAX)
			break;
	}
	if (rc) {
		fprintf(stderr, "%s: %s\n", prog, err);
		goto done;
	}
	if (!quiet) {
		print_smmus(&h);
		if (hwdom || cfg.viommu)
			print_map(&h, &res.map, hwdom);
		if (!hwdom && cfg.viommu && res.nirqs == 2)
			printf("vSMMU at 0x%llx, phandle 0x%x, INTIDs %u "
			       "(eventq) and %u (gerror)\n",
			       (unsigned long long)cfg.vsmmu_base, cfg.phandle,
			       res.irq[0], res.irq[1]);
		else if (!hwdom && cfg.viommu)
			printf("vSMMU at 0x%llx, phandle 0x%x, INTID %u "
			       "(combined)\n",
			       (unsigned long long)cfg.vsmmu_base, cfg.phandle,
			       res.irq[0]);
		if (!hwdom && !cfg.viommu)
			printf("viommu = \"none\": no vSMMU, iommus removed\n");
	}
	if (out_path && write_atomic(out_path, out, fdt_totalsize(out)))
		goto done;
	if (dts)
		vdt_print_dts(stdout, out);
	ret = 0;
done:
	vdt_domains_destroy(doms);
	free(out);
	free(host.p);
	free(pt.p);
	free(cfgtext.p);
	return ret;
}
