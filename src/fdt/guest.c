// SPDX-License-Identifier: MIT
/*
 * The guest tree: the vSMMU node (facts §9) and the passthrough fragment
 * pointed at it.
 *
 * Order of work, so that a failure leaves the domain untouched: plan the
 * vSID ranges from dtdev, build the whole output and check every fragment
 * reference against the plan, and only then ask for vSIDs and write them
 * in place.
 */
#include "vsmmu/env.h"
#include "vsmmu/fdt.h"
#include "internal.h"

/* Plan one host SID range of an assigned device. */
static int vfdt_plan_(struct vfdt_vsid_map *map, const struct vfdt_sids *s,
		      struct vfdt_err_ *e)
{
	size_t i;
	struct vfdt_vsid_ent *m;

	for (i = 0; i < map->n; i++) {
		m = &map->ents[i];
		if (m->smmu != s->smmu)
			continue;
		/* The same StreamIDs twice (an alias): one vSID range. */
		if (m->psid == s->sid_base && m->count == s->count)
			return 0;
		if (s->sid_base <= m->psid + (m->count - 1) &&
		    m->psid <= s->sid_base + (s->count - 1))
			return VFDT_FAIL_(
				e, -VSMMU_ERR_BADFDT,
				"node %s: SIDs 0x%x..0x%x overlap those of %s",
				s->path, s->sid_base,
				s->sid_base + (s->count - 1), m->path);
	}
	if (map->n >= map->max)
		return VFDT_FAIL_(e, -VSMMU_ERR_NOSPACE,
				  "vSID map: more than %zu ranges", map->max);
	m = &map->ents[map->n++];
	vsmmu_memcpy(m->path, s->path, sizeof(m->path));
	m->smmu = s->smmu;
	m->psid = s->sid_base;
	m->count = s->count;
	m->vsid = 0;
	return 0;
}

static int vfdt_plan_dtdev_(const struct vfdt_guest_in *in,
			    struct vfdt_vsid_map *map, struct vfdt_err_ *e)
{
	const struct vfdt_host *h = in->host;
	const struct vfdt_domain_cfg *cfg = in->cfg;
	unsigned int i;
	size_t k;
	int off, rc;

	for (i = 0; i < cfg->ndtdev; i++) {
		off = fdt_path_offset(in->host_fdt, cfg->dtdev[i]);
		if (off < 0)
			return VFDT_FAIL_(
				e, -VSMMU_ERR_NOENT,
				"dtdev %s: no such node in the host tree",
				cfg->dtdev[i]);
		if (vfdt_host_smmu_by_path_(h, cfg->dtdev[i]) >= 0)
			return VFDT_FAIL_(e, -VSMMU_ERR_BADCFG,
					  "dtdev %s: an SMMU cannot be "
					  "assigned to a guest",
					  cfg->dtdev[i]);
		if (!cfg->viommu)
			continue;
		for (k = 0; k < h->nsids; k++) {
			if (!vfdt_streq_(h->sids[k].path, cfg->dtdev[i]))
				continue;
			if (h->sids[k].smmu >= h->nsmmus || !h->sids[k].count)
				return VFDT_FAIL_(e, -VSMMU_ERR_INVAL,
						  "host: SID range %zu is not "
						  "one vfdt_host_read made",
						  k);
			rc = vfdt_plan_(map, &h->sids[k], e);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* Open the fragment (or an empty tree) into out. */
static int vfdt_open_out_(const struct vfdt_guest_in *in, void *out,
			  int outsize, struct vfdt_err_ *e)
{
	int rc;

	if (in->pt_fdt) {
		rc = vfdt_check_blob_(in->pt_fdt, in->pt_size,
				      "passthrough fragment", e);
		if (rc)
			return rc;
		rc = fdt_open_into(in->pt_fdt, out, outsize);
		return rc ? vfdt_out_err_(rc, "passthrough fragment", e) : 0;
	}
	rc = fdt_create_empty_tree(out, outsize);
	/* Xen's guests use 64-bit addresses and sizes at the root. */
	if (rc == 0)
		rc = fdt_setprop_u32(out, 0, "#address-cells", 2);
	if (rc == 0)
		rc = fdt_setprop_u32(out, 0, "#size-cells", 2);
	return rc ? vfdt_out_err_(rc, "empty guest tree", e) : 0;
}

/* The vSMMU node at the root of the guest tree. */
static int vfdt_add_vsmmu_(void *gt, const struct vfdt_domain_cfg *cfg,
			   const uint32_t irq[2], unsigned int nirqs,
			   struct vfdt_err_ *e)
{
	/* eventq + gerror is the shortest legal prefix of the binding's
	 * eventq, gerror, priq, cmdq-sync (facts §9): no PRI is offered and
	 * CMD_SYNC completion is signalled by MSI or polled. */
	static const char names_sep[] = "eventq\0gerror";
	static const char names_comb[] = "combined";
	fdt32_t spec[6];
	char name[32];
	unsigned int k;
	int off, rc;

	if (fdt_node_offset_by_phandle(gt, cfg->phandle) >= 0)
		return VFDT_FAIL_(e, -VSMMU_ERR_EXIST,
				  "vsmmu_phandle 0x%x is already used in the "
				  "passthrough fragment",
				  cfg->phandle);
	vsmmu_snprintf(name, sizeof(name), "iommu@%llx",
		       (unsigned long long)cfg->vsmmu_base);
	off = fdt_add_subnode(gt, 0, name);
	if (off == -FDT_ERR_EXISTS)
		return VFDT_FAIL_(e, -VSMMU_ERR_EXIST,
				  "guest tree: node /%s already exists", name);
	if (off < 0)
		return vfdt_out_err_(off, "vSMMU node", e);
	for (k = 0; k < nirqs; k++) {
		spec[3 * k] = cpu_to_fdt32(VFDT_GIC_SPI_);
		spec[3 * k + 1] = cpu_to_fdt32(irq[k] - VFDT_SPI_FIRST);
		/* The binding's example uses edge-rising SPIs (facts §9). */
		spec[3 * k + 2] = cpu_to_fdt32(VFDT_GIC_EDGE_RISING_);
	}
	/*
	 * libfdt puts a new property first in its node: write them in
	 * reverse so that the node reads compatible, reg, ... phandle.
	 */
	rc = fdt_setprop_u32(gt, off, "phandle", cfg->phandle);
	if (rc == 0 && cfg->dma_coherent)
		rc = fdt_setprop_empty(gt, off, "dma-coherent");
	if (rc == 0) {
		if (nirqs == 2)
			rc = fdt_setprop(gt, off, "interrupt-names", names_sep,
					 sizeof(names_sep));
		else
			rc = fdt_setprop(gt, off, "interrupt-names", names_comb,
					 sizeof(names_comb));
	}
	if (rc == 0)
		rc = fdt_setprop(gt, off, "interrupts", spec,
				 (int)(nirqs * 3 * sizeof(fdt32_t)));
	if (rc == 0)
		rc = fdt_setprop_u32(gt, off, "interrupt-parent",
				     cfg->gic_phandle);
	if (rc == 0)
		rc = fdt_setprop_u32(gt, off, "#iommu-cells", 1);
	if (rc == 0) {
		rc = fdt_appendprop_addrrange(gt, 0, off, "reg",
					      cfg->vsmmu_base, VFDT_VSMMU_SIZE);
		if (rc == -FDT_ERR_BADVALUE || rc == -FDT_ERR_BADNCELLS)
			return VFDT_FAIL_(e, -VSMMU_ERR_BADCFG,
					  "vsmmu_base 0x%llx does not fit the "
					  "root's #address-cells/#size-cells",
					  (unsigned long long)cfg->vsmmu_base);
	}
	if (rc == 0)
		/* fdt_setprop_string would call strlen: the core has no libc */
		rc = fdt_setprop(gt, off, "compatible", VFDT_SMMUV3_COMPAT_,
				 sizeof(VFDT_SMMUV3_COMPAT_));
	return rc ? vfdt_out_err_(rc, "vSMMU node", e) : 0;
}

static int vfdt_check_cfg_(const struct vfdt_domain_cfg *cfg,
			   struct vfdt_err_ *e)
{
	unsigned int i;

	if (cfg->ndtdev > VFDT_DTDEV_MAX)
		return VFDT_FAIL_(e, -VSMMU_ERR_INVAL,
				  "config: ndtdev too large");
	for (i = 0; i < cfg->ndtdev; i++)
		if (cfg->dtdev[i][0] != '/' ||
		    vfdt_strnlen_(cfg->dtdev[i], VFDT_PATH_MAX) ==
			    VFDT_PATH_MAX)
			return VFDT_FAIL_(e, -VSMMU_ERR_BADCFG,
					  "dtdev %u: not an absolute path of "
					  "at most %u bytes",
					  i, VFDT_PATH_MAX - 1);
	if (!cfg->viommu)
		return 0;
	if (cfg->vsmmu_base % VFDT_VSMMU_SIZE ||
	    cfg->vsmmu_base > UINT64_MAX - VFDT_VSMMU_SIZE + 1)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADCFG,
				  "vsmmu_base 0x%llx is not 128 KiB aligned",
				  (unsigned long long)cfg->vsmmu_base);
	if (cfg->phandle == 0 || cfg->phandle == 0xffffffffu ||
	    cfg->gic_phandle == 0 || cfg->gic_phandle == 0xffffffffu)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADCFG,
				  "vsmmu_phandle / gic_phandle: 0 and "
				  "0xffffffff are not phandles");
	if (cfg->phandle == cfg->gic_phandle)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADCFG,
				  "vsmmu_phandle equals gic_phandle (0x%x)",
				  cfg->phandle);
	return 0;
}

int vfdt_guest_build(const struct vfdt_guest_in *in, void *out, int outsize,
		     struct vfdt_guest_out *res, char *err, size_t errlen)
{
	struct vfdt_err_ e = {err, errlen};
	const struct vfdt_domain_cfg *cfg;
	size_t i;
	int rc;

	if (err && errlen)
		err[0] = '\0';
	if (!in || !in->host || !in->cfg || !in->host_fdt || !out || !res ||
	    (res->map.max && !res->map.ents) ||
	    (in->cfg->viommu && (!in->ops || !in->ops->alloc)))
		return VFDT_FAIL_(&e, -VSMMU_ERR_INVAL, "guest: bad arguments");
	cfg = in->cfg;
	res->map.n = 0;
	res->nirqs = 0;
	rc = vfdt_check_cfg_(cfg, &e);
	if (rc == 0)
		rc = vfdt_check_blob_(in->host_fdt, in->host_size, "host tree",
				      &e);
	if (rc == 0)
		rc = vfdt_plan_dtdev_(in, &res->map, &e);
	if (rc == 0)
		rc = vfdt_open_out_(in, out, outsize, &e);
	if (rc)
		return rc;

	if (!cfg->viommu) {
		rc = vfdt_pt_strip_(out, &e);
		if (rc == 0) {
			rc = fdt_pack(out);
			if (rc)
				rc = vfdt_out_err_(rc, "pack", &e);
		}
		return rc;
	}

	rc = vfdt_pt_rewrite_(out, in->host, &res->map, cfg->phandle, false,
			      &e);
	/* The window must not lie over a passthrough device's MMIO. */
	if (rc == 0)
		rc = vfdt_window_user_(out, cfg->vsmmu_base, VFDT_VSMMU_SIZE,
				       &e);
	if (rc == 0)
		rc = vfdt_irq_choose_(out, in->host_fdt, cfg, res->irq,
				      &res->nirqs, &e);
	if (rc == 0)
		rc = vfdt_add_vsmmu_(out, cfg, res->irq, res->nirqs, &e);
	if (rc)
		return rc;

	/* Commit: the tree is complete and every reference resolves. */
	for (i = 0; i < res->map.n; i++) {
		struct vfdt_vsid_ent *m = &res->map.ents[i];

		rc = in->ops->alloc(in->ops->ctx, m->smmu, m->psid, m->count,
				    &m->vsid);
		if (rc) {
			rc = VFDT_FAIL_(&e, rc < 0 ? rc : -VSMMU_ERR_INTERNAL,
					"dtdev %s: allocating %u vSID(s) for "
					"pSID 0x%x failed: %s",
					m->path, m->count, m->psid,
					vsmmu_strerror(rc));
			vfdt_release_(in->ops, &res->map, i);
			res->map.n = 0;
			return rc;
		}
	}
	rc = vfdt_pt_rewrite_(out, in->host, &res->map, cfg->phandle, true, &e);
	if (rc == 0) {
		rc = fdt_pack(out);
		if (rc)
			rc = vfdt_out_err_(rc, "pack", &e);
	}
	return rc;
}
