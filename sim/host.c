// SPDX-License-Identifier: MIT
/*
 * The physical platform: memory, bus, SMMU models and the psmmu driver
 * on each, routers, DMA masters.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libfdt.h>

#include "vsmmu/base.h"
#include "host.h"
#include "hyp.h"

void sim_say(struct sim_host *h, const char *fmt, ...)
{
	FILE *f = h->opt.out ? h->opt.out : stdout;
	va_list ap;

	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

/* ---- Loading trees ---- */

static int sim_read_file(const char *path, void **blob, size_t *size)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 65536, n = 0;
	uint8_t *b;

	if (!f)
		return -VSMMU_ERR_NOENT;
	b = malloc(cap);
	while (b) {
		size_t r = fread(b + n, 1, cap - n, f);

		n += r;
		if (n < cap)
			break;
		cap *= 2;
		b = realloc(b, cap);
	}
	fclose(f);
	if (!b)
		return -VSMMU_ERR_NOMEM;
	*blob = b;
	*size = n;
	return 0;
}

/* Run dtc on a source file and collect the blob from its stdout. */
static int sim_dtc(const char *path, void **blob, size_t *size, char *err,
		   size_t errlen)
{
	int fd[2], status;
	size_t cap = 65536, n = 0;
	uint8_t *b;
	pid_t pid;

	if (pipe(fd))
		return -VSMMU_ERR_IO;
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -VSMMU_ERR_IO;
	}
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execlp("dtc", "dtc", "-q", "-I", "dts", "-O", "dtb", path,
		       (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	b = malloc(cap);
	for (;;) {
		ssize_t r;

		if (!b)
			break;
		if (n == cap) {
			cap *= 2;
			b = realloc(b, cap);
			continue;
		}
		r = read(fd[0], b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd[0]);
	waitpid(pid, &status, 0);
	if (!b)
		return -VSMMU_ERR_NOMEM;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || n == 0) {
		free(b);
		snprintf(err, errlen, "%s: dtc failed (%s)", path,
			 WIFEXITED(status) && WEXITSTATUS(status) == 127
				 ? "dtc not installed: apt-get install "
				   "device-tree-compiler"
				 : "syntax error?");
		return -VSMMU_ERR_BADFDT;
	}
	*blob = b;
	*size = n;
	return 0;
}

int sim_load_fdt(const char *path, void **blob, size_t *size, char *err,
		 size_t errlen)
{
	size_t len = strlen(path);
	int ret;

	if (len > 4 && !strcmp(path + len - 4, ".dts"))
		ret = sim_dtc(path, blob, size, err, errlen);
	else
		ret = sim_read_file(path, blob, size);
	if (ret == -VSMMU_ERR_NOENT)
		snprintf(err, errlen, "%s: cannot open", path);
	if (ret)
		return ret;
	if (fdt_check_full(*blob, *size)) {
		free(*blob);
		*blob = NULL;
		snprintf(err, errlen, "%s: not a valid device tree blob", path);
		return -VSMMU_ERR_BADFDT;
	}
	return 0;
}

/* First memory node of the tree (root address/size cells). */
static void sim_host_ram(struct sim_host *h)
{
	int node, len, ac, sc;
	const fdt32_t *reg;

	h->ram_base = 0x80000000ull;
	h->ram_size = 0x80000000ull;
	ac = fdt_address_cells(h->fdt, 0);
	sc = fdt_size_cells(h->fdt, 0);
	node = fdt_node_offset_by_prop_value(h->fdt, -1, "device_type",
					     "memory", sizeof("memory"));
	if (node < 0 || ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return;
	reg = fdt_getprop(h->fdt, node, "reg", &len);
	if (!reg || len < (ac + sc) * 4)
		return;
	h->ram_base = fdt32_to_cpu(reg[0]);
	if (ac == 2)
		h->ram_base = (h->ram_base << 32) | fdt32_to_cpu(reg[1]);
	h->ram_size = fdt32_to_cpu(reg[ac]);
	if (sc == 2)
		h->ram_size = (h->ram_size << 32) | fdt32_to_cpu(reg[ac + 1]);
}

int sim_host_alloc(struct sim_host *h, uint64_t size, uint64_t align,
		   uint64_t *pa)
{
	int ret = sim_palloc_alloc(&h->ram, size, align, pa);

	/* Freed memory may hold old tables: hand it out zeroed. */
	return ret ? ret : sim_mem_zero(h->mem, *pa, size);
}

void sim_host_free(struct sim_host *h, uint64_t pa, uint64_t size)
{
	sim_palloc_free(&h->ram, pa, size);
}

/* ---- psmmu host services ---- */

static int hp_read32(void *ctx, uint32_t off, uint32_t *val)
{
	struct sim_psmmu *sp = ctx;
	uint64_t v;
	int ret = sim_bus_read(sp->host->bus, sp->hw.base + off, 4, &v);

	*val = (uint32_t)v;
	return ret ? -VSMMU_ERR_IO : 0;
}

static int hp_write32(void *ctx, uint32_t off, uint32_t val)
{
	struct sim_psmmu *sp = ctx;

	return sim_bus_write(sp->host->bus, sp->hw.base + off, 4, val)
		       ? -VSMMU_ERR_IO
		       : 0;
}

static int hp_read64(void *ctx, uint32_t off, uint64_t *val)
{
	struct sim_psmmu *sp = ctx;

	return sim_bus_read(sp->host->bus, sp->hw.base + off, 8, val)
		       ? -VSMMU_ERR_IO
		       : 0;
}

static int hp_write64(void *ctx, uint32_t off, uint64_t val)
{
	struct sim_psmmu *sp = ctx;

	return sim_bus_write(sp->host->bus, sp->hw.base + off, 8, val)
		       ? -VSMMU_ERR_IO
		       : 0;
}

static int hp_dma_alloc(void *ctx, size_t size, size_t align,
			struct psmmu_dma *out)
{
	struct sim_psmmu *sp = ctx;
	struct sim_host *h = sp->host;
	uint64_t pa;

	if (sim_palloc_alloc(&h->pool, size, align, &pa))
		return -VSMMU_ERR_NOMEM;
	out->pa = smmu_pa(pa);
	out->va = h->pool_buf + (pa - h->pool_base);
	out->size = size;
	memset(out->va, 0, size);
	return 0;
}

static void hp_dma_free(void *ctx, const struct psmmu_dma *d)
{
	struct sim_psmmu *sp = ctx;

	sim_palloc_free(&sp->host->pool, d->pa.v, d->size);
}

static void *hp_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return calloc(1, size);
}

static void hp_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

static void hp_log(void *ctx, enum vsmmu_log_level lvl, const char *msg)
{
	struct sim_psmmu *sp = ctx;

	if (sp->host->opt.verbose || lvl <= VSMMU_LOG_WARN)
		sim_say(sp->host, "  [psmmu%u] %s", sp->idx, msg);
}

static void hp_s1_fault(void *ctx, struct psmmu *p, uint32_t sid,
			const struct smmu_evt *evt, const uint64_t raw[4])
{
	struct sim_psmmu *sp = ctx;
	int ret;

	(void)p;
	(void)evt;
	ret = viommu_router_event(sp->router, sid, raw);
	if (ret)
		sp->s1_unrouted++;
	else
		sp->s1_routed++;
}

static void hp_other_event(void *ctx, struct psmmu *p,
			   const struct smmu_evt *evt, const uint64_t raw[4])
{
	struct sim_psmmu *sp = ctx;
	struct sim_dev *d;
	unsigned int i;

	(void)p;
	(void)raw;
	sp->other_events++;
	if (evt->s2)
		sp->s2_faults++;
	/* The hypervisor keeps it; note it against the device. */
	for (i = 0; i < sp->host->ndev; i++) {
		d = &sp->host->dev[i];
		if (d->smmu == sp->idx && d->psid == evt->sid)
			d->faults_seen++;
	}
	if (sp->host->opt.verbose)
		sim_say(sp->host, "  [hyp] smmu%u kept %s sid %#x addr %#llx%s",
			sp->idx, smmu_evt_name(evt->id), evt->sid,
			(unsigned long long)evt->input_addr,
			evt->s2 ? " (stage 2)" : "");
}

static const struct psmmu_host_ops sim_psmmu_ops = {
	.read32 = hp_read32,
	.write32 = hp_write32,
	.read64 = hp_read64,
	.write64 = hp_write64,
	.dma_alloc = hp_dma_alloc,
	.dma_free = hp_dma_free,
	.alloc = hp_alloc,
	.free = hp_free,
	.log = hp_log,
	.s1_fault = hp_s1_fault,
	.other_event = hp_other_event,
};

/* ---- Router host services ---- */

static void *hv_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return calloc(1, size);
}

static void hv_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

static int hv_access(void *ctx, enum viommu_acl_op op, uint32_t domid,
		     uint32_t arg)
{
	(void)ctx;
	(void)op;
	(void)domid;
	(void)arg;
	return 0;
}

const struct viommu_host_ops sim_router_ops = {
	.alloc = hv_alloc,
	.free = hv_free,
	.access_check = hv_access,
};

/* ---- Interrupts of the physical SMMUs ---- */

static void sim_irq_eventq(void *ctx, unsigned int line)
{
	struct sim_psmmu *sp = ctx;
	int n, rounds;

	(void)line;
	/* Drain in budgets; a storm cannot keep us here forever. */
	for (rounds = 0; rounds < 64; rounds++) {
		n = psmmu_poll_events(sp->p, 0);
		if (n <= 0)
			break;
	}
}

static void sim_irq_gerror(void *ctx, unsigned int line)
{
	struct sim_psmmu *sp = ctx;

	(void)line;
	psmmu_handle_gerror(sp->p);
}

/* ---- Devices ---- */

static const char *sim_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int sim_add_dev(struct sim_host *h, const struct vfdt_sids *s,
		       uint32_t off, bool pci)
{
	struct sim_dev *d;
	char name[64];

	if (h->ndev == SIM_MAX_DEVS)
		return -VSMMU_ERR_FULL;
	d = &h->dev[h->ndev++];
	memset(d, 0, sizeof(*d));
	snprintf(d->path, sizeof(d->path), "%s", s->path);
	d->smmu = s->smmu;
	d->psid = s->sid_base + off;
	d->pci = pci;
	d->owner = -1;
	if (pci) {
		d->rid = s->rid_base + off;
		snprintf(name, sizeof(name), "%.40s/%02x:%02x.%u",
			 sim_basename(s->path), d->rid >> 8, (d->rid >> 3) & 31,
			 d->rid & 7);
	} else {
		snprintf(name, sizeof(name), "%.60s", sim_basename(s->path));
	}
	snprintf(d->name, sizeof(d->name), "%.60s", name);
	sim_dma_init(&d->dma, d->name, h->smmu[d->smmu].hw.model, d->psid);
	return 0;
}

/* Register each host device with its SMMU's driver, and make masters. */
static int sim_host_devices(struct sim_host *h, char *err, size_t errlen)
{
	size_t i, j;
	int ret;

	for (i = 0; i < h->ht.nsids; i++) {
		const struct vfdt_sids *s = &h->ht.sids[i];
		uint32_t *sids, n = 0, k, total = 0;
		bool seen = false;

		/* One psmmu device per (path, SMMU): gather its SIDs. */
		for (j = 0; j < i; j++)
			if (h->ht.sids[j].smmu == s->smmu &&
			    !strcmp(h->ht.sids[j].path, s->path))
				seen = true;
		if (seen)
			continue;
		for (j = i; j < h->ht.nsids; j++)
			if (h->ht.sids[j].smmu == s->smmu &&
			    !strcmp(h->ht.sids[j].path, s->path))
				total += VSMMU_MIN(h->ht.sids[j].count,
						   1u << 16);
		sids = calloc(total ? total : 1, sizeof(*sids));
		if (!sids)
			return -VSMMU_ERR_NOMEM;
		for (j = i; j < h->ht.nsids; j++) {
			const struct vfdt_sids *t = &h->ht.sids[j];

			if (t->smmu != s->smmu || strcmp(t->path, s->path))
				continue;
			/* A host bridge's whole range: every RID can DMA. */
			for (k = 0; k < t->count && n < total; k++)
				sids[n++] = t->sid_base + k;
			if (t->kind == VFDT_SID_IOMMU_MAP) {
				for (k = 0;
				     k < SIM_PCI_FUNCS && k * 8 < t->count;
				     k++) {
					ret = sim_add_dev(h, t, k * 8, true);
					if (ret) {
						free(sids);
						return ret;
					}
				}
			} else {
				ret = sim_add_dev(h, t, 0, false);
				if (ret) {
					free(sids);
					return ret;
				}
			}
		}
		/*
		 * The driver caps the SIDs of one device; a host bridge's
		 * range goes in as several (one per 1024 RIDs).
		 */
		for (k = 0, ret = 0; !ret && k < n; k += 1024)
			ret = psmmu_dev_add(h->smmu[s->smmu].p,
					    ((uint64_t)i << 32) | k, sids + k,
					    VSMMU_MIN(n - k, 1024u));
		free(sids);
		if (ret) {
			snprintf(err, errlen, "%s: psmmu_dev_add: %s", s->path,
				 vsmmu_strerror(ret));
			return ret;
		}
	}
	return 0;
}

static int sim_host_smmu(struct sim_host *h, unsigned int i, char *err,
			 size_t errlen)
{
	struct sim_psmmu *sp = &h->smmu[i];
	struct smmu_model_config mc;
	struct psmmu_cfg pc;
	enum psmmu_refusal why = PSMMU_REFUSE_NONE;
	char name[16];
	int ret;

	sp->host = h;
	sp->idx = i;
	snprintf(name, sizeof(name), "smmu%u", i);
	smmu_model_config_default(&mc);
	mc.iidr = h->opt.smmu_iidr ? h->opt.smmu_iidr : SIM_SMMU_IIDR_DEFAULT;
	ret = sim_hwsmmu_init(&sp->hw, name, h->bus, h->mem,
			      h->ht.smmus[i].base, &mc);
	if (ret) {
		snprintf(err, errlen, "%s: SMMU model: %s", h->ht.smmus[i].path,
			 vsmmu_strerror(ret));
		return ret;
	}
	sim_bus_set_handler(h->bus,
			    (unsigned int)sp->hw.line[SMMU_MODEL_IRQ_EVENTQ],
			    sim_irq_eventq, sp);
	sim_bus_set_handler(h->bus,
			    (unsigned int)sp->hw.line[SMMU_MODEL_IRQ_GERROR],
			    sim_irq_gerror, sp);
	memset(&pc, 0, sizeof(pc));
	pc.irq_mode = PSMMU_IRQ_WIRED;
	pc.poll_max = 1000;
	ret = psmmu_probe(&sim_psmmu_ops, sp, &pc, &sp->p, &why);
	if (!ret)
		ret = psmmu_reset(sp->p);
	if (ret) {
		snprintf(err, errlen, "%s: psmmu: %s (%s)", h->ht.smmus[i].path,
			 vsmmu_strerror(ret), psmmu_refusal_name(why));
		return ret;
	}
	ret = viommu_router_create(&sim_router_ops, sp, NULL, &sp->router);
	if (ret)
		snprintf(err, errlen, "router: %s", vsmmu_strerror(ret));
	return ret;
}

static int sim_mem_rd(void *ctx, uint64_t a, void *b, size_t n)
{
	return sim_mem_read(ctx, a, b, n);
}

static int sim_mem_wr(void *ctx, uint64_t a, const void *b, size_t n)
{
	return sim_mem_write(ctx, a, b, n);
}

int sim_host_init(struct sim_host *h, const char *dts_path,
		  const struct sim_host_opts *opt, char *err, size_t errlen)
{
	struct sim_mem_ops mops;
	unsigned int i;
	int ret;

	memset(h, 0, sizeof(*h));
	if (opt)
		h->opt = *opt;
	ret = sim_load_fdt(dts_path, &h->fdt, &h->fdt_size, err, errlen);
	if (ret)
		return ret;
	h->ht.smmus = h->ht_smmus;
	h->ht.smmus_max = SIM_MAX_PSMMU;
	h->ht.sids = h->ht_sids;
	h->ht.sids_max = SIM_MAX_SIDS;
	ret = vfdt_host_read(h->fdt, h->fdt_size, &h->ht, err, errlen);
	if (ret)
		return ret;
	if (h->ht.nsmmus == 0) {
		snprintf(err, errlen, "%s: no arm,smmu-v3 node", dts_path);
		return -VSMMU_ERR_NOENT;
	}
	sim_host_ram(h);
	if (h->ram_size < (64ull << 20)) {
		snprintf(err, errlen, "%s: host RAM too small", dts_path);
		return -VSMMU_ERR_RANGE;
	}
	ret = sim_mem_create(48, &h->mem);
	if (ret)
		return ret;
	/* The top of RAM is the hypervisor's DMA pool, CPU-addressable. */
	h->pool_base = h->ram_base + h->ram_size - SIM_DMA_POOL_SIZE;
	h->pool_buf = aligned_alloc(4096, SIM_DMA_POOL_SIZE);
	if (!h->pool_buf)
		return -VSMMU_ERR_NOMEM;
	memset(h->pool_buf, 0, SIM_DMA_POOL_SIZE);
	ret = sim_mem_add_backed(h->mem, h->pool_base, SIM_DMA_POOL_SIZE,
				 h->pool_buf);
	if (!ret)
		ret = sim_palloc_init(&h->pool, h->pool_base, SIM_DMA_POOL_SIZE,
				      1ull << 20);
	if (!ret)
		ret = sim_palloc_init(&h->ram, h->ram_base,
				      h->ram_size - SIM_DMA_POOL_SIZE,
				      2ull << 20);
	if (ret)
		return ret;
	mops.read = sim_mem_rd;
	mops.write = sim_mem_wr;
	mops.ctx = h->mem;
	ret = sim_bus_create("host", &mops, &h->bus);
	if (ret)
		return ret;
	h->nsmmu = (unsigned int)VSMMU_MIN(h->ht.nsmmus, SIM_MAX_PSMMU);
	for (i = 0; i < h->nsmmu; i++) {
		ret = sim_host_smmu(h, i, err, errlen);
		if (ret)
			return ret;
		sim_say(h,
			"host: smmu%u at %#llx (%s): psmmu up, VMIDs %u-bit, "
			"%s stream table",
			i, (unsigned long long)h->ht.smmus[i].base,
			h->ht.smmus[i].path,
			psmmu_get_features(h->smmu[i].p)->vmid_bits,
			(psmmu_get_features(h->smmu[i].p)->mask &
			 PSMMU_FEAT_2LVL_STRTAB)
				? "2-level"
				: "linear");
	}
	ret = sim_host_devices(h, err, errlen);
	if (ret)
		return ret;
	for (i = 0; i < h->ndev; i++)
		sim_say(h, "host: device %-24s smmu%u pSID %#x", h->dev[i].name,
			h->dev[i].smmu, h->dev[i].psid);
	return 0;
}

void sim_host_fini(struct sim_host *h)
{
	unsigned int i;

	while (h->ndoms)
		sim_domain_destroy(h->doms[h->ndoms - 1]);
	for (i = 0; i < h->nsmmu; i++) {
		if (h->smmu[i].router)
			viommu_router_destroy(h->smmu[i].router);
		if (h->smmu[i].p)
			psmmu_destroy(h->smmu[i].p);
		sim_hwsmmu_fini(&h->smmu[i].hw);
	}
	if (h->bus)
		sim_bus_destroy(h->bus);
	if (h->pool.free)
		sim_palloc_fini(&h->pool);
	if (h->ram.free)
		sim_palloc_fini(&h->ram);
	sim_mem_destroy(h->mem);
	free(h->pool_buf);
	free(h->fdt);
	memset(h, 0, sizeof(*h));
}

struct sim_dev *sim_host_dev(struct sim_host *h, const char *path,
			     unsigned int smmu, uint32_t psid)
{
	unsigned int i;

	for (i = 0; i < h->ndev; i++)
		if (h->dev[i].smmu == smmu && h->dev[i].psid == psid &&
		    (!path || !strcmp(h->dev[i].path, path)))
			return &h->dev[i];
	return NULL;
}

void sim_run(struct sim_host *h)
{
	unsigned int i;

	/* A handler that polls would come back here: once is enough. */
	if (h->depth > 1)
		return;
	h->depth++;
	for (i = 0; i < h->nsmmu; i++)
		smmu_model_step(h->smmu[i].hw.model, 64);
	sim_bus_deliver(h->bus, 4);
	for (i = 0; i < h->ndoms; i++)
		sim_domain_run(h->doms[i]);
	h->depth--;
}
