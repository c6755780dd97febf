// SPDX-License-Identifier: MIT
/*
 * Domains: guest RAM and stage 2, device assignment, the vIOMMU instance
 * with its psmmu-nested backends, the vSMMU and the trap of its window,
 * the guest tree, and teardown.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "vsmmu/base.h"
#include "hyp.h"
#include "regnames.h"

/* ---- Guest memory through stage 2 ---- */

static int hyp_pgt_read(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	struct sim_domain *d = ctx;

	return sim_mem_read(d->host->mem, pa.v, buf, len);
}

static int hyp_pgt_write(void *ctx, smmu_pa_t pa, const void *buf, size_t len)
{
	struct sim_domain *d = ctx;

	return sim_mem_write(d->host->mem, pa.v, buf, len);
}

static int hyp_pgt_alloc(void *ctx, size_t size, smmu_pa_t *pa)
{
	struct sim_domain *d = ctx;
	uint64_t a;

	if (sim_host_alloc(d->host, size, size, &a))
		return -VSMMU_ERR_NOMEM;
	*pa = smmu_pa(a);
	return 0;
}

static void hyp_pgt_free(void *ctx, smmu_pa_t pa, size_t size)
{
	struct sim_domain *d = ctx;

	sim_host_free(d->host, pa.v, size);
}

int sim_domain_ipa_to_pa(struct sim_domain *d, uint64_t ipa, uint64_t *pa)
{
	struct pgt_mem mem = {hyp_pgt_read, hyp_pgt_write, d};
	struct pgt_access acc = {PGT_ACC_READ, true};
	struct pgt_result r;
	int ret;

	if (!d->s2_ready)
		return -VSMMU_ERR_STATE;
	ret = pgt_walk_s2(&d->s2cfg, &mem, smmu_ipa(ipa), acc, &r);
	if (ret)
		return ret;
	*pa = r.out;
	return 0;
}

static int hyp_gpa_access(struct sim_domain *d, uint64_t ipa, void *buf,
			  const void *wbuf, size_t len)
{
	while (len) {
		size_t n =
			(size_t)VSMMU_MIN((uint64_t)len, 4096 - (ipa & 4095));
		uint64_t pa;
		int ret = sim_domain_ipa_to_pa(d, ipa, &pa);

		if (ret) {
			d->gpa_faults++;
			return ret;
		}
		ret = buf ? sim_mem_read(d->host->mem, pa, buf, n)
			  : sim_mem_write(d->host->mem, pa, wbuf, n);
		if (ret)
			return ret;
		ipa += n;
		len -= n;
		if (buf)
			buf = (uint8_t *)buf + n;
		else
			wbuf = (const uint8_t *)wbuf + n;
	}
	return 0;
}

int sim_domain_gpa_read(struct sim_domain *d, uint64_t ipa, void *buf,
			size_t len)
{
	return hyp_gpa_access(d, ipa, buf, NULL, len);
}

int sim_domain_gpa_write(struct sim_domain *d, uint64_t ipa, const void *buf,
			 size_t len)
{
	return hyp_gpa_access(d, ipa, NULL, buf, len);
}

static int hyp_bus_read(void *ctx, uint64_t a, void *buf, size_t len)
{
	return sim_domain_gpa_read(ctx, a, buf, len);
}

static int hyp_bus_write(void *ctx, uint64_t a, const void *buf, size_t len)
{
	return sim_domain_gpa_write(ctx, a, buf, len);
}

/* ---- vSMMU host services ---- */

/* ---- vSMMU host services (ctx: the instance) ---- */

static int hv_gpa_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct sim_vinst *v = ctx;

	return sim_domain_gpa_read(v->dom, gpa, buf, len);
}

static int hv_gpa_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	struct sim_vinst *v = ctx;

	return sim_domain_gpa_write(v->dom, gpa, buf, len);
}

static void hv_irq_set(void *ctx, enum vsmmu_irq_line line, bool level)
{
	struct sim_vinst *v = ctx;

	if ((unsigned int)line < SIM_VSMMU_LINES && v->gline[line] >= 0)
		sim_bus_set_level(v->dom->gbus, (unsigned int)v->gline[line],
				  level);
}

static int hv_msi_write(void *ctx, uint64_t addr, uint32_t data)
{
	struct sim_vinst *v = ctx;
	struct sim_bus *b = v->dom->gbus;
	unsigned int i;

	/* Only a doorbell of the guest's bus is an interrupt. */
	for (i = 0; i < sim_bus_nlines(b); i++) {
		const struct sim_irq_stat *st = sim_bus_line_stat(b, i);

		if (st->is_msi && st->doorbell == addr)
			return sim_bus_msi(b, addr, data);
	}
	return -VSMMU_ERR_NOENT;
}

static void hv_sev(void *ctx)
{
	(void)ctx;
}

static void hv_kick(void *ctx)
{
	struct sim_vinst *v = ctx;

	v->resume_pending = true;
}

static void hv_log(void *ctx, enum vsmmu_log_level lvl, const char *msg)
{
	struct sim_vinst *v = ctx;

	if (v->dom->host->opt.verbose || lvl <= VSMMU_LOG_WARN)
		sim_say(v->dom->host, "  [vsmmu %s] %s", v->name, msg);
}

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

/* ---- viommu host services (ctx: the domain) ---- */

static int hv_access(void *ctx, enum viommu_acl_op op, uint32_t domid,
		     uint32_t arg)
{
	struct sim_domain *d = ctx;

	(void)op;
	(void)arg;
	return domid == d->domid ? 0 : -VSMMU_ERR_PERM;
}

/* A pSID may go to a guest only when its device is assigned there. */
static int hv_sid_owned(void *ctx, uint32_t domid, void *bctx, uint32_t psid)
{
	struct sim_domain *d = ctx;
	unsigned int smmu, i;

	for (smmu = 0; smmu < SIM_MAX_PSMMU; smmu++)
		if (bctx == &d->be[smmu])
			break;
	if (smmu == SIM_MAX_PSMMU)
		return -VSMMU_ERR_PERM;
	for (i = 0; i < d->host->ndev; i++) {
		struct sim_dev *dev = &d->host->dev[i];

		if (dev->smmu == smmu && dev->owner == (int)domid &&
		    dev->psid == psid)
			return 0;
	}
	/* PCI: every RID of an assigned bridge's range is the guest's. */
	for (i = 0; i < d->host->ht.nsids; i++) {
		const struct vfdt_sids *s = &d->host->ht.sids[i];
		struct sim_dev *dev;

		if (s->smmu != smmu || psid < s->sid_base ||
		    psid - s->sid_base >= s->count)
			continue;
		dev = sim_host_dev(d->host, s->path, smmu, s->sid_base);
		if (dev && dev->owner == (int)domid)
			return 0;
	}
	return -VSMMU_ERR_PERM;
}

static void hv_vlog(void *ctx, enum vsmmu_log_level lvl, const char *msg)
{
	struct sim_domain *d = ctx;

	if (d->host->opt.verbose || lvl <= VSMMU_LOG_WARN)
		sim_say(d->host, "  [viommu %s] %s", d->name, msg);
}

static const struct viommu_host_ops sim_viommu_ops = {
	.alloc = hv_alloc,
	.free = hv_free,
	.log = hv_vlog,
	.access_check = hv_access,
	.sid_owned = hv_sid_owned,
};

/* ---- The trapped windows ---- */

static void hyp_trace(struct sim_vinst *v, bool write, uint64_t off,
		      unsigned int size, uint64_t val, int ret)
{
	if (!v->dom->host->opt.trace)
		return;
	sim_say(v->dom->host, "  trap %-8s %c %-16s +0x%05llx/%u %s %#llx%s",
		v->name, write ? 'W' : 'R', sim_reg_name((uint32_t)off),
		(unsigned long long)off, size, write ? "<-" : "->",
		(unsigned long long)val,
		ret == VSMMU_PENDING ? " (pending)" : "");
}

static int hyp_trap_read(void *ctx, uint64_t off, unsigned int size,
			 uint64_t *val)
{
	struct sim_vinst *v = ctx;
	int ret;

	v->traps_read++;
	ret = vsmmu_mmio_read(v->vs, (uint32_t)off, size, val);
	hyp_trace(v, false, off, size, *val, ret);
	return ret;
}

static int hyp_trap_write(void *ctx, uint64_t off, unsigned int size,
			  uint64_t val)
{
	struct sim_vinst *v = ctx;
	int ret;

	v->traps_write++;
	ret = vsmmu_mmio_write(v->vs, (uint32_t)off, size, val);
	hyp_trace(v, true, off, size, val, ret);
	if (ret == VSMMU_PENDING) {
		/* The trap returns; the rest runs when the host resumes. */
		v->resume_pending = true;
		ret = 0;
	}
	return ret;
}

void sim_domain_run(struct sim_domain *d)
{
	unsigned int i;

	for (i = 0; i < d->nvi; i++) {
		struct sim_vinst *v = &d->vi[i];

		/* One step of simulated time refills the event budget. */
		if (v->vd && d->host->opt.evt_burst)
			viommu_tick(v->vd);
		if (v->vs && v->resume_pending) {
			v->resume_pending = false;
			v->resumes++;
			if (vsmmu_resume(v->vs) == VSMMU_PENDING)
				v->resume_pending = true;
		}
	}
	if (d->gbus)
		sim_bus_deliver(d->gbus, 4);
}

static void hyp_relax(void *ctx)
{
	struct sim_domain *d = ctx;

	sim_run(d->host);
}

/* ---- Configuration ---- */

static char *hyp_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)n + 1);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	if (b)
		b[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return b;
}

/*
 * The keys the fdt layer leaves to the toolstack: name, memory (MiB) and
 * device_tree (the passthrough fragment).
 */
static void hyp_cfg_extra(const char *text, char *name, size_t nlen,
			  uint64_t *mem_mb, char *dt, size_t dlen)
{
	const char *p = text;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		char line[512], key[64], val[256];

		snprintf(line, sizeof(line), "%.*s", (int)VSMMU_MIN(l, 511), p);
		if (sscanf(line, " %63[a-z_] = \"%255[^\"]\"", key, val) == 2 ||
		    sscanf(line, " %63[a-z_] = %255[0-9xa-fA-F]", key, val) ==
			    2) {
			if (!strcmp(key, "name"))
				snprintf(name, nlen, "%.48s", val);
			else if (!strcmp(key, "memory"))
				*mem_mb = strtoull(val, NULL, 0);
			else if (!strcmp(key, "device_tree"))
				snprintf(dt, dlen, "%.200s", val);
		}
		p += l;
		if (*p)
			p++;
	}
}

/* The fragment next to the config: X.dtb as named, else X.dts. */
static int hyp_load_pt(const char *cfg_path, const char *dt, void **blob,
		       size_t *size, char *err, size_t errlen)
{
	char path[1024], dir[512];
	const char *slash = strrchr(cfg_path, '/');
	size_t l;
	FILE *f;

	*blob = NULL;
	*size = 0;
	if (!*dt)
		return 0;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - cfg_path) : 1,
		 slash ? cfg_path : ".");
	if (dt[0] == '/')
		snprintf(path, sizeof(path), "%s", dt);
	else
		snprintf(path, sizeof(path), "%s/%s", dir, dt);
	f = fopen(path, "rb");
	if (f) {
		fclose(f);
		return sim_load_fdt(path, blob, size, err, errlen);
	}
	l = strlen(path);
	if (l > 4 && !strcmp(path + l - 4, ".dtb")) {
		path[l - 1] = 's';
		f = fopen(path, "rb");
		if (f) {
			fclose(f);
			return sim_load_fdt(path, blob, size, err, errlen);
		}
	}
	/* No fragment: the guest tree has the vSMMU node only. */
	return 0;
}

/* ---- Building a domain ---- */

static int hyp_stage2(struct sim_domain *d, char *err, size_t errlen)
{
	struct pgt_table_cfg tc;
	struct pgt_mem mem = {hyp_pgt_read, hyp_pgt_write, d};
	struct pgt_alloc_ops ao = {hyp_pgt_alloc, hyp_pgt_free, d};
	struct pgt_prot prot;
	int ret;

	ret = sim_host_alloc(d->host, d->ram_size, 0, &d->ram_pa);
	if (ret) {
		snprintf(err, errlen, "%s: no host RAM for %llu MiB", d->name,
			 (unsigned long long)(d->ram_size >> 20));
		return ret;
	}
	memset(&tc, 0, sizeof(tc));
	tc.fmt = PGT_FMT_S2;
	tc.granule = PGT_GRAN_4K;
	tc.tsz = 64 - SIM_GUEST_IPA_BITS;
	tc.oas = 48;
	tc.sl0 = PGT_SL0_AUTO;
	ret = pgt_table_init(&d->s2, &tc, &mem, &ao);
	if (ret) {
		snprintf(err, errlen, "%s: stage-2 table: %s", d->name,
			 vsmmu_strerror(ret));
		sim_host_free(d->host, d->ram_pa, d->ram_size);
		d->ram_pa = 0;
		return ret;
	}
	memset(&prot, 0, sizeof(prot));
	prot.flags = PGT_PROT_R | PGT_PROT_W;
	prot.attr = 0xf; /* Normal write-back */
	prot.sh = 3;
	ret = pgt_map(&d->s2, d->ram_ipa, d->ram_pa, d->ram_size, &prot);
	if (!ret)
		ret = pgt_table_s2_cfg(&d->s2, &d->s2cfg);
	if (ret) {
		snprintf(err, errlen, "%s: stage-2 map: %s", d->name,
			 vsmmu_strerror(ret));
		return ret;
	}
	d->s2_ready = true;
	return 0;
}

static int hyp_assign(struct sim_domain *d, char *err, size_t errlen)
{
	struct sim_host *h = d->host;
	unsigned int i, k;
	bool found;

	if (d->hwdom) {
		/* Every device of the host belongs to the hardware domain. */
		for (i = 0; i < h->ndev; i++) {
			if (h->dev[i].owner >= 0)
				continue;
			h->dev[i].owner = (int)d->domid;
			d->devs[d->ndevs++] = i;
		}
		return 0;
	}
	for (k = 0; k < d->cfg.ndtdev; k++) {
		found = false;
		for (i = 0; i < h->ndev; i++) {
			struct sim_dev *dev = &h->dev[i];

			if (strcmp(dev->path, d->cfg.dtdev[k]))
				continue;
			found = true;
			if (dev->owner >= 0) {
				snprintf(err, errlen,
					 "%s: %s already assigned to "
					 "domain %d",
					 d->name, dev->path, dev->owner);
				return -VSMMU_ERR_BUSY;
			}
			if (d->ndevs == SIM_MAX_DEVS)
				return -VSMMU_ERR_FULL;
			dev->owner = (int)d->domid;
			d->devs[d->ndevs++] = i;
		}
		if (!found)
			sim_say(h,
				"%s: %s has no StreamID: assigned without DMA "
				"master",
				d->name, d->cfg.dtdev[k]);
	}
	return 0;
}

static int hyp_physical(struct sim_domain *d, char *err, size_t errlen)
{
	struct sim_host *h = d->host;
	struct psmmu_s2_cfg s2c;
	unsigned int i, k;
	bool need[SIM_MAX_PSMMU] = {false};
	int ret;

	memset(&s2c, 0, sizeof(s2c));
	s2c.vttb = d->s2cfg.vttb;
	s2c.granule_log2 = (uint8_t)d->s2cfg.granule;
	s2c.tsz = d->s2cfg.tsz;
	s2c.sl0 = d->s2cfg.sl0;
	s2c.ps_bits = d->s2cfg.ps;
	s2c.ir = 1;
	s2c.orgn = 1;
	s2c.sh = 3;
	for (k = 0; k < d->ndevs; k++)
		need[h->dev[d->devs[k]].smmu] = true;
	/* The hardware domain gets a vSMMU for every SMMU, used or not. */
	for (i = 0; d->hwdom && i < h->nsmmu; i++)
		need[i] = true;
	for (i = 0; i < h->nsmmu; i++) {
		if (!need[i])
			continue;
		ret = psmmu_domain_create(h->smmu[i].p, &s2c, &d->pdom[i]);
		if (ret) {
			snprintf(err, errlen, "%s: smmu%u stage-2 domain: %s",
				 d->name, i, vsmmu_strerror(ret));
			return ret;
		}
		sim_say(h, "%s: smmu%u: stage 2 at %#llx, VMID %u", d->name, i,
			(unsigned long long)s2c.vttb.v,
			psmmu_domain_vmid(d->pdom[i]));
	}
	return 0;
}

static int hyp_viommu_dom(struct sim_domain *d, bool identity,
			  struct viommu_dom **out, char *err, size_t errlen)
{
	struct viommu_cfg vc;
	int ret;

	memset(&vc, 0, sizeof(vc));
	vc.type = VIOMMU_TYPE_SMMUV3;
	vc.restore = VIOMMU_RESTORE_ABORT;
	vc.identity = identity;
	vc.evt_burst = d->host->opt.evt_burst;
	vc.evt_rate = d->host->opt.evt_burst
			      ? VSMMU_MAX(d->host->opt.evt_rate, 1u)
			      : 0;
	ret = viommu_dom_create(&vc, &sim_viommu_ops, d, d->domid, out);
	if (ret)
		snprintf(err, errlen, "%s: viommu: %s", d->name,
			 vsmmu_strerror(ret));
	return ret;
}

/*
 * A guest: one viommu instance over every SMMU that holds its devices.
 * The hardware domain: one identity-mode instance per SMMU.
 */
static int hyp_viommu(struct sim_domain *d, char *err, size_t errlen)
{
	struct sim_host *h = d->host;
	unsigned int i;
	int ret;

	if (!d->hwdom) {
		ret = hyp_viommu_dom(d, false, &d->vi[0].vd, err, errlen);
		if (ret)
			return ret;
	}
	for (i = 0; i < h->nsmmu; i++) {
		struct viommu_dom *vd;

		if (!d->pdom[i])
			continue;
		if (d->hwdom) {
			ret = hyp_viommu_dom(d, true, &d->vi[i].vd, err,
					     errlen);
			if (ret)
				return ret;
		}
		vd = d->vi[d->hwdom ? i : 0].vd;
		ret = viommu_psmmu_backend_init(&d->be[i], h->smmu[i].p,
						d->pdom[i]);
		if (!ret)
			ret = viommu_add_backend(vd, &viommu_psmmu_backend_ops,
						 &d->be[i], &d->be_idx[i]);
		if (ret == -VSMMU_ERR_NOTSUPP &&
		    !psmmu_can_nest(h->smmu[i].p)) {
			snprintf(err, errlen,
				 "%s: smmu%u cannot run nested STEs "
				 "(IIDR %#x): no vSMMU over it",
				 d->name, i,
				 psmmu_get_features(h->smmu[i].p)->iidr);
			return ret;
		}
		if (ret) {
			snprintf(err, errlen, "%s: smmu%u backend: %s", d->name,
				 i, vsmmu_strerror(ret));
			return ret;
		}
		d->be_dom[i] = vd;
	}
	return 0;
}

/* Record the vSID map, tell the masters their vSIDs, route faults. */
static int hyp_map_done(struct sim_domain *d, char *err, size_t errlen)
{
	struct sim_host *h = d->host;
	unsigned int k;
	size_t i;
	int ret;

	for (i = 0; i < d->nmap; i++) {
		const struct vfdt_vsid_ent *e = &d->map[i];

		for (k = 0; k < d->ndevs; k++) {
			struct sim_dev *dev = &h->dev[d->devs[k]];

			if (dev->smmu == e->smmu && dev->psid >= e->psid &&
			    dev->psid - e->psid < e->count) {
				dev->has_vsid = true;
				dev->vsid = e->vsid + (dev->psid - e->psid);
			}
		}
		ret = viommu_router_add(h->smmu[e->smmu].router, e->psid,
					e->count, d->be_dom[e->smmu],
					d->be_idx[e->smmu]);
		if (ret) {
			snprintf(err, errlen, "%s: router: %s", d->name,
				 vsmmu_strerror(ret));
			return ret;
		}
		sim_say(h, "%s: %s smmu%u pSID %#x..%#x -> vSID %#x", d->name,
			e->path, e->smmu, e->psid, e->psid + e->count - 1,
			e->vsid);
	}
	return 0;
}

static void hyp_vsid_ops(struct sim_domain *d, struct vfdt_viommu *vv,
			 struct vfdt_vsid_ops *ops)
{
	unsigned int k;

	memset(vv, 0, sizeof(*vv));
	vv->dom = d->hwdom ? NULL : d->vi[0].vd;
	for (k = 0; k < SIM_MAX_PSMMU; k++) {
		vv->backend[k] = d->be_idx[k];
		if (d->hwdom)
			vv->hwdom[k] = d->vi[k].vd;
	}
	vfdt_viommu_ops(vv, ops);
}

static int hyp_guest_tree(struct sim_domain *d, const char *dt, char *err,
			  size_t errlen)
{
	struct sim_host *h = d->host;
	struct vfdt_viommu vv;
	struct vfdt_vsid_ops ops;
	struct vfdt_guest_in in;
	struct vfdt_guest_out out;
	void *pt = NULL;
	size_t pt_size = 0;
	int ret;

	ret = hyp_load_pt(d->cfg_path, dt, &pt, &pt_size, err, errlen);
	if (ret)
		return ret;
	hyp_vsid_ops(d, &vv, &ops);
	memset(&in, 0, sizeof(in));
	in.host_fdt = h->fdt;
	in.host_size = h->fdt_size;
	in.host = &h->ht;
	in.cfg = &d->cfg;
	in.pt_fdt = pt;
	in.pt_size = pt_size;
	in.ops = d->cfg.viommu ? &ops : NULL;
	memset(&out, 0, sizeof(out));
	out.map.ents = d->map;
	out.map.max = SIM_DOM_MAX_DEVS;
	ret = vfdt_guest_build(&in, d->gfdt, (int)sizeof(d->gfdt), &out, err,
			       errlen);
	free(pt);
	if (ret)
		return ret;
	d->gfdt_size = fdt_totalsize(d->gfdt);
	d->nmap = out.map.n;
	d->vi[0].base = d->cfg.vsmmu_base;
	d->vi[0].nirqs = out.nirqs;
	d->vi[0].irq[0] = out.irq[0];
	d->vi[0].irq[1] = out.irq[1];
	d->vi[0].vcfg.irq_combined = d->cfg.irq_mode == VFDT_IRQ_COMBINED;
	return hyp_map_done(d, err, errlen);
}

/* The hardware domain's tree: every SMMU node stays, vSID = pSID. */
static int hyp_hwdom_tree(struct sim_domain *d, char *err, size_t errlen)
{
	struct sim_host *h = d->host;
	struct vfdt_viommu vv;
	struct vfdt_vsid_ops ops;
	struct vfdt_vsid_map map;
	unsigned int i, k;
	int ret;

	hyp_vsid_ops(d, &vv, &ops);
	map.ents = d->map;
	map.max = SIM_DOM_MAX_DEVS;
	map.n = 0;
	ret = vfdt_hwdom_build(h->fdt, h->fdt_size, &h->ht, &ops, d->gfdt,
			       (int)sizeof(d->gfdt), &map, err, errlen);
	if (ret)
		return ret;
	d->gfdt_size = fdt_totalsize(d->gfdt);
	d->nmap = map.n;
	for (i = 0; i < h->nsmmu; i++) {
		const struct vfdt_psmmu *n = &h->ht.smmus[i];
		struct sim_vinst *v = &d->vi[i];

		v->base = n->base;
		v->nirqs = 0;
		v->vcfg.irq_combined = false;
		/* The host node's lines: GIC SPIs, named or combined. */
		for (k = 0; k < n->nirqs && k < VFDT_IRQ_MAX; k++) {
			const struct vfdt_irq *q = &n->irqs[k];
			uint32_t intid = q->ncells >= 2 && q->cells[0] == 0
						 ? 32 + q->cells[1]
						 : 16 + q->cells[1];

			if (!strcmp(q->name, "combined") ||
			    (!q->name[0] && n->nirqs == 1)) {
				v->vcfg.irq_combined = true;
				v->irq[0] = intid;
				v->nirqs = 1;
			} else if (!strcmp(q->name, "eventq")) {
				v->irq[0] = intid;
				v->nirqs = VSMMU_MAX(v->nirqs, 1u);
			} else if (!strcmp(q->name, "gerror")) {
				v->irq[1] = intid;
				v->nirqs = 2;
			}
		}
	}
	return hyp_map_done(d, err, errlen);
}

static int hyp_guest_bus(struct sim_domain *d, char *err, size_t errlen)
{
	struct sim_mem_ops mops = {hyp_bus_read, hyp_bus_write, d};
	char lname[32];
	unsigned int i, k;
	int ret, line[2];

	ret = sim_bus_create(d->name, &mops, &d->gbus);
	if (ret)
		return ret;
	if (d->host->opt.guest_msi &&
	    sim_bus_add_doorbell(d->gbus, "its", SIM_GUEST_DOORBELL) < 0)
		return -VSMMU_ERR_FULL;
	for (i = 0; i < d->nvi; i++) {
		struct sim_vinst *v = &d->vi[i];
		struct sim_mmio_ops tops = {hyp_trap_read, hyp_trap_write, v};

		if (!v->vs)
			continue;
		ret = sim_bus_add_mmio(d->gbus, v->name, v->base,
				       VFDT_VSMMU_SIZE, &tops);
		if (ret) {
			snprintf(err, errlen, "%s: vSMMU window at %#llx: %s",
				 v->name, (unsigned long long)v->base,
				 vsmmu_strerror(ret));
			return ret;
		}
		line[0] = line[1] = -1;
		for (k = 0; k < v->nirqs && k < 2; k++) {
			snprintf(lname, sizeof(lname), "intid:%u", v->irq[k]);
			line[k] = sim_bus_find_line(d->gbus, lname);
			if (line[k] < 0)
				line[k] = sim_bus_add_line(d->gbus, lname);
		}
		if (v->vcfg.irq_combined) {
			v->gline[VSMMU_IRQ_COMBINED] = line[0];
		} else {
			v->gline[VSMMU_IRQ_EVENTQ] = line[0];
			v->gline[VSMMU_IRQ_GERROR] = line[1];
		}
	}
	return 0;
}

static int hyp_vsmmu(struct sim_domain *d, struct sim_vinst *v, char *err,
		     size_t errlen)
{
	struct vsmmu_host_ops *o = &v->vops;
	bool combined = v->vcfg.irq_combined;
	int ret;

	memset(o, 0, sizeof(*o));
	o->gpa_read = hv_gpa_read;
	o->gpa_write = hv_gpa_write;
	o->irq_set = hv_irq_set;
	o->msi_write = hv_msi_write;
	o->sev = hv_sev;
	o->kick = hv_kick;
	o->log = hv_log;
	o->mem.alloc = hv_alloc;
	o->mem.free = hv_free;
	memset(&v->vcfg, 0, sizeof(v->vcfg));
	v->vcfg.sid_bits = 16;
	v->vcfg.cmd_budget = d->host->opt.vsmmu_budget;
	v->vcfg.irq_combined = combined;
	v->vcfg.log_level =
		d->host->opt.verbose ? VSMMU_LOG_DEBUG : VSMMU_LOG_WARN;
	ret = vsmmu_create(&v->vcfg, o, v, v->vd, &v->vs);
	if (ret)
		snprintf(err, errlen, "%s: vsmmu_create: %s", v->name,
			 vsmmu_strerror(ret));
	return ret;
}

/* viommu = "none": the devices keep the hypervisor's stage 2 alone. */
static int hyp_attach_s2_only(struct sim_domain *d, char *err, size_t errlen)
{
	struct sim_host *h = d->host;
	unsigned int k;
	int ret;

	for (k = 0; k < d->ndevs; k++) {
		struct sim_dev *dev = &h->dev[d->devs[k]];

		ret = psmmu_attach_s2(h->smmu[dev->smmu].p, dev->psid,
				      d->pdom[dev->smmu]);
		if (ret) {
			snprintf(err, errlen, "%s: %s stage-2 attach: %s",
				 d->name, dev->name, vsmmu_strerror(ret));
			return ret;
		}
	}
	return 0;
}

/* The guest OS's part per vSMMU; the hardware domain splits its RAM. */
static int hyp_guest_os(struct sim_domain *d, char *err, size_t errlen)
{
	uint64_t slice = (d->ram_size / d->nvi) & ~((2ull << 20) - 1);
	unsigned int i;
	int ret;

	for (i = 0; i < d->nvi; i++) {
		struct sim_vinst *v = &d->vi[i];

		ret = sim_gos_init(&v->gos, v->name, d->gbus,
				   d->ram_ipa + i * slice, slice, d->gfdt,
				   d->gfdt_size, d->hwdom ? i : 0, hyp_relax, d,
				   err, errlen);
		if (ret)
			return ret;
		v->gos.verbose = d->host->opt.verbose;
		v->gos.log = d->host->opt.out;
	}
	return 0;
}

static struct sim_domain *hyp_domain_new(struct sim_host *h, uint32_t domid)
{
	struct sim_domain *d;
	unsigned int i, k;

	if (h->ndoms == VSMMU_ARRAY_SIZE(h->doms))
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->host = h;
	d->domid = domid;
	snprintf(d->name, sizeof(d->name), "dom%u", domid);
	for (i = 0; i < SIM_MAX_PSMMU; i++) {
		d->vi[i].dom = d;
		d->vi[i].idx = i;
		for (k = 0; k < SIM_VSMMU_LINES; k++)
			d->vi[i].gline[k] = -1;
	}
	d->nvi = 1;
	vfdt_cfg_init(&d->cfg);
	h->doms[h->ndoms++] = d;
	return d;
}

static void hyp_say_vsmmu(struct sim_domain *d, const struct sim_vinst *v)
{
	char irqs[64];

	if (v->nirqs > 1)
		snprintf(irqs, sizeof(irqs), "INTIDs %u (eventq), %u (gerror)",
			 v->irq[0], v->irq[1]);
	else
		snprintf(irqs, sizeof(irqs), "INTID %u (combined)", v->irq[0]);
	sim_say(d->host, "%s: vSMMU at %#llx, %s", v->name,
		(unsigned long long)v->base, irqs);
}

int sim_domain_create(struct sim_host *h, const char *cfg_path,
		      struct sim_domain **out, char *err, size_t errlen)
{
	struct sim_domain *d;
	char *text, dt[256] = "";
	uint64_t mem_mb = 128;
	size_t len;
	int ret;

	text = hyp_slurp(cfg_path, &len);
	if (!text) {
		snprintf(err, errlen, "%s: cannot open", cfg_path);
		return -VSMMU_ERR_NOENT;
	}
	d = hyp_domain_new(h, h->ndoms ? h->doms[h->ndoms - 1]->domid + 1 : 1);
	if (!d) {
		free(text);
		return -VSMMU_ERR_NOMEM;
	}
	snprintf(d->cfg_path, sizeof(d->cfg_path), "%s", cfg_path);
	ret = vfdt_cfg_parse(text, len, &d->cfg, err, errlen);
	if (!ret)
		hyp_cfg_extra(text, d->name, sizeof(d->name), &mem_mb, dt,
			      sizeof(dt));
	free(text);
	if (ret) {
		sim_domain_destroy(d);
		return ret;
	}
	snprintf(d->vi[0].name, sizeof(d->vi[0].name), "%s", d->name);
	d->ram_ipa = SIM_GUEST_RAM_IPA;
	d->ram_size = (mem_mb ? mem_mb : 128) << 20;
	sim_say(h, "%s: %s, %llu MiB at IPA %#llx, viommu \"%s\", %u dtdev",
		d->name, cfg_path, (unsigned long long)mem_mb,
		(unsigned long long)d->ram_ipa,
		d->cfg.viommu ? "smmuv3" : "none", d->cfg.ndtdev);

	ret = hyp_stage2(d, err, errlen);
	if (!ret)
		ret = hyp_assign(d, err, errlen);
	if (!ret)
		ret = hyp_physical(d, err, errlen);
	if (!ret && d->cfg.viommu)
		ret = hyp_viommu(d, err, errlen);
	if (!ret)
		ret = hyp_guest_tree(d, dt, err, errlen);
	if (!ret && d->cfg.viommu)
		ret = hyp_vsmmu(d, &d->vi[0], err, errlen);
	if (!ret && !d->cfg.viommu)
		ret = hyp_attach_s2_only(d, err, errlen);
	if (!ret)
		ret = hyp_guest_bus(d, err, errlen);
	if (!ret)
		ret = hyp_guest_os(d, err, errlen);
	if (ret) {
		sim_domain_destroy(d);
		return ret;
	}
	if (d->vi[0].vs)
		hyp_say_vsmmu(d, &d->vi[0]);
	*out = d;
	return 0;
}

int sim_hwdom_create(struct sim_host *h, uint64_t mem_mb,
		     struct sim_domain **out, char *err, size_t errlen)
{
	struct sim_domain *d;
	unsigned int i;
	int ret;

	if (h->ndoms) {
		snprintf(err, errlen, "the hardware domain comes first");
		return -VSMMU_ERR_STATE;
	}
	d = hyp_domain_new(h, 0);
	if (!d)
		return -VSMMU_ERR_NOMEM;
	d->hwdom = true;
	d->cfg.viommu = true;
	d->nvi = h->nsmmu;
	for (i = 0; i < d->nvi; i++)
		snprintf(d->vi[i].name, sizeof(d->vi[i].name), "dom0.smmu%u",
			 i);
	d->ram_size = (mem_mb ? mem_mb : 256) << 20;
	sim_say(h,
		"dom0: hardware domain, %llu MiB direct-mapped, every "
		"device, one vSMMU per SMMU (vSID = pSID)",
		(unsigned long long)(d->ram_size >> 20));
	ret = hyp_stage2(d, err, errlen);
	if (!ret)
		ret = hyp_assign(d, err, errlen);
	if (!ret)
		ret = hyp_physical(d, err, errlen);
	if (!ret)
		ret = hyp_viommu(d, err, errlen);
	if (!ret)
		ret = hyp_hwdom_tree(d, err, errlen);
	for (i = 0; !ret && i < d->nvi; i++)
		ret = hyp_vsmmu(d, &d->vi[i], err, errlen);
	if (!ret)
		ret = hyp_guest_bus(d, err, errlen);
	if (!ret)
		ret = hyp_guest_os(d, err, errlen);
	if (ret) {
		sim_domain_destroy(d);
		return ret;
	}
	for (i = 0; i < d->nvi; i++)
		hyp_say_vsmmu(d, &d->vi[i]);
	*out = d;
	return 0;
}

void sim_domain_destroy(struct sim_domain *d)
{
	struct sim_host *h;
	unsigned int i, k;

	if (!d)
		return;
	h = d->host;
	for (i = 0; i < SIM_MAX_PSMMU; i++) {
		struct sim_vinst *v = &d->vi[i];

		/* The guest dies with its domain; its driver is not asked. */
		if (v->gos.ram.free)
			sim_palloc_fini(&v->gos.ram);
		free(v->gos.drv.l2);
		v->gos.drv.l2 = NULL;
		for (k = 0; v->vd && k < h->nsmmu; k++)
			if (h->smmu[k].router)
				viommu_router_del_dom(h->smmu[k].router, v->vd);
		if (v->vs)
			vsmmu_destroy(v->vs);
		v->vs = NULL;
		/* Puts every mapped pSID back to abort: no stage 1 stays. */
		if (v->vd)
			viommu_dom_destroy(v->vd);
		v->vd = NULL;
	}
	for (k = 0; k < d->ndevs; k++) {
		struct sim_dev *dev = &h->dev[d->devs[k]];

		psmmu_detach(h->smmu[dev->smmu].p, dev->psid);
		dev->owner = -1;
		dev->has_vsid = false;
	}
	for (i = 0; i < SIM_MAX_PSMMU; i++)
		if (d->pdom[i])
			psmmu_domain_destroy(h->smmu[i].p, d->pdom[i]);
	if (d->s2_ready || d->s2.ntables)
		pgt_table_destroy(&d->s2);
	if (d->ram_pa)
		sim_host_free(h, d->ram_pa, d->ram_size);
	if (d->gbus)
		sim_bus_destroy(d->gbus);
	for (i = 0; i < h->ndoms; i++) {
		if (h->doms[i] != d)
			continue;
		memmove(&h->doms[i], &h->doms[i + 1],
			(h->ndoms - i - 1) * sizeof(h->doms[0]));
		h->ndoms--;
		break;
	}
	free(d);
}

struct sim_vinst *sim_domain_vinst_of(struct sim_domain *d,
				      const struct sim_dev *dev)
{
	if (dev->owner != (int)d->domid)
		return NULL;
	if (d->hwdom)
		return dev->smmu < d->nvi ? &d->vi[dev->smmu] : NULL;
	return &d->vi[0];
}
