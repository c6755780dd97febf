// SPDX-License-Identifier: MIT
/*
 * The rig: the whole nested stack on the host, built straight on the
 * layers so that every row measures the same code a hypervisor runs.
 *
 *   guest driver (sim/guest) --trap--> vsmmu -> viommu -> bench_fwd
 *     -> psmmu-nested backend -> psmmu -> SMMUv3 model <- memory
 *
 * Physical memory is one flat buffer, so the host callbacks cost a bounds
 * check and a copy: what is measured is the library, not a simulator's
 * sparse memory. Guest RAM is mapped by stage 2 with 4 KiB pages (its PA
 * is offset by one page from a 2 MiB boundary, so no block fits), which
 * makes every nested walk the full 4K x 4K one.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bench.h"

/* ---- Physical memory ---------------------------------------------------- */

static void *rig_pa_ptr(struct bench_rig *r, uint64_t pa, size_t n)
{
	if (pa < BENCH_PHYS_BASE || n > BENCH_PHYS_SIZE ||
	    pa - BENCH_PHYS_BASE > BENCH_PHYS_SIZE - n)
		return NULL;
	return r->mem + (pa - BENCH_PHYS_BASE);
}

static int rig_pa_read(void *ctx, smmu_pa_t pa, void *buf, size_t n)
{
	void *p = rig_pa_ptr(ctx, pa.v, n);

	if (!p)
		return -VSMMU_ERR_RANGE;
	memcpy(buf, p, n);
	return 0;
}

static int rig_pa_write(void *ctx, smmu_pa_t pa, const void *buf, size_t n)
{
	void *p = rig_pa_ptr(ctx, pa.v, n);

	if (!p)
		return -VSMMU_ERR_RANGE;
	memcpy(p, buf, n);
	return 0;
}

/*
 * Zeroed physical memory. Small ranges (tables, queues) may be reused
 * after a free and are cleared; the one large range, guest RAM, is taken
 * once from the calloc'd buffer and is zero already, so it is not touched
 * (clearing it would fault in 128 MiB per rig).
 */
#define RIG_CLEAR_MAX (1u << 20)

static int rig_phys_alloc(struct bench_rig *r, size_t size, size_t align,
			  uint64_t *pa)
{
	int ret = sim_palloc_alloc(&r->phys, size, align, pa);

	if (!ret && size <= RIG_CLEAR_MAX)
		memset(rig_pa_ptr(r, *pa, size), 0, size);
	return ret;
}

static void *rig_calloc(void *ctx, size_t size)
{
	(void)ctx;
	return calloc(1, size);
}

static void rig_free(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	(void)size;
	free(ptr);
}

/* ---- The model and the physical driver ---------------------------------- */

static int rig_model_rd32(void *ctx, uint32_t off, uint32_t *val)
{
	struct bench_rig *r = ctx;
	bool prev = bench_ic_model_enter();
	uint64_t v;
	int ret = smmu_model_mmio_read(r->model, off, 4, &v);

	bench_ic_model_leave(prev);
	*val = (uint32_t)v;
	return ret;
}

static int rig_model_wr32(void *ctx, uint32_t off, uint32_t val)
{
	struct bench_rig *r = ctx;
	bool prev = bench_ic_model_enter();
	int ret = smmu_model_mmio_write(r->model, off, 4, val);

	bench_ic_model_leave(prev);
	return ret;
}

static int rig_model_rd64(void *ctx, uint32_t off, uint64_t *val)
{
	struct bench_rig *r = ctx;
	bool prev = bench_ic_model_enter();
	int ret = smmu_model_mmio_read(r->model, off, 8, val);

	bench_ic_model_leave(prev);
	return ret;
}

static int rig_model_wr64(void *ctx, uint32_t off, uint64_t val)
{
	struct bench_rig *r = ctx;
	bool prev = bench_ic_model_enter();
	int ret = smmu_model_mmio_write(r->model, off, 8, val);

	bench_ic_model_leave(prev);
	return ret;
}

static int rig_dma_alloc(void *ctx, size_t size, size_t align,
			 struct psmmu_dma *out)
{
	struct bench_rig *r = ctx;
	uint64_t pa;
	int ret = rig_phys_alloc(r, size, align, &pa);

	if (ret)
		return ret;
	out->va = rig_pa_ptr(r, pa, size);
	out->pa = smmu_pa(pa);
	out->size = size;
	return 0;
}

static void rig_dma_free(void *ctx, const struct psmmu_dma *d)
{
	struct bench_rig *r = ctx;

	sim_palloc_free(&r->phys, d->pa.v, d->size);
}

static const struct psmmu_host_ops rig_psmmu_ops = {
	.read32 = rig_model_rd32,
	.write32 = rig_model_wr32,
	.read64 = rig_model_rd64,
	.write64 = rig_model_wr64,
	.dma_alloc = rig_dma_alloc,
	.dma_free = rig_dma_free,
	.alloc = rig_calloc,
	.free = rig_free,
};

static int rig_model(struct bench_rig *r)
{
	struct smmu_model_config mc;
	struct smmu_model_ops mo;

	smmu_model_config_default(&mc);
	if (r->o.tlb_entries)
		mc.tlb_entries = r->o.tlb_entries;
	memset(&mo, 0, sizeof(mo));
	mo.mem_read = rig_pa_read;
	mo.mem_write = rig_pa_write;
	mo.alloc.alloc = rig_calloc;
	mo.alloc.free = rig_free;
	mo.ctx = r;
	return smmu_model_create(&mc, &mo, &r->model);
}

static int rig_psmmu(struct bench_rig *r)
{
	struct psmmu_cfg pc;
	int ret;

	memset(&pc, 0, sizeof(pc));
	pc.poll_max = 100000;
	pc.irq_mode = PSMMU_IRQ_NONE;
	/* The model plays an MMU-700, whose nesting errata are Linux's
	 * business on real parts; the model has none. */
	pc.allow_nesting_errata = true;
	ret = psmmu_probe(&rig_psmmu_ops, r, &pc, &r->p, NULL);
	return ret ? ret : psmmu_reset(r->p);
}

/* ---- Stage 2 ------------------------------------------------------------ */

static int rig_pgt_alloc(void *ctx, size_t size, smmu_pa_t *pa)
{
	uint64_t a;
	int ret = rig_phys_alloc(ctx, size, size, &a);

	if (!ret)
		*pa = smmu_pa(a);
	return ret;
}

static void rig_pgt_free(void *ctx, smmu_pa_t pa, size_t size)
{
	struct bench_rig *r = ctx;

	sim_palloc_free(&r->phys, pa.v, size);
}

static int rig_stage2(struct bench_rig *r)
{
	struct pgt_table_cfg tc;
	struct pgt_mem mem = { rig_pa_read, rig_pa_write, r };
	struct pgt_alloc_ops ao = { rig_pgt_alloc, rig_pgt_free, r };
	struct pgt_prot prot;
	struct psmmu_s2_cfg s2c;
	uint64_t pa;
	int ret;

	/* One page past a 2 MiB boundary: stage 2 can use no block. */
	ret = rig_phys_alloc(r, BENCH_RAM_SIZE + (2u << 20), 2u << 20, &pa);
	if (ret)
		return ret;
	r->ram_pa = pa + 4096;
	r->ram_ipa = BENCH_RAM_IPA;
	memset(&tc, 0, sizeof(tc));
	tc.fmt = PGT_FMT_S2;
	tc.granule = PGT_GRAN_4K;
	tc.tsz = 64 - BENCH_IPA_BITS;
	tc.oas = 48;
	tc.sl0 = PGT_SL0_AUTO;
	ret = pgt_table_init(&r->s2, &tc, &mem, &ao);
	if (ret)
		return ret;
	memset(&prot, 0, sizeof(prot));
	prot.flags = PGT_PROT_R | PGT_PROT_W;
	prot.attr = 0xf;		/* Normal write-back */
	prot.sh = 3;
	ret = pgt_map(&r->s2, BENCH_RAM_IPA, r->ram_pa, BENCH_RAM_SIZE, &prot);
	if (!ret)
		ret = pgt_table_s2_cfg(&r->s2, &r->s2cfg);
	if (ret)
		return ret;
	memset(&s2c, 0, sizeof(s2c));
	s2c.vttb = r->s2cfg.vttb;
	s2c.granule_log2 = (uint8_t)r->s2cfg.granule;
	s2c.tsz = r->s2cfg.tsz;
	s2c.sl0 = r->s2cfg.sl0;
	s2c.ps_bits = r->s2cfg.ps;
	s2c.ir = 1;
	s2c.orgn = 1;
	s2c.sh = 3;
	return psmmu_domain_create(r->p, &s2c, &r->pdom);
}

/* ---- The framework and the vSMMU ----------------------------------------- */

static int rig_acl(void *ctx, enum viommu_acl_op op, uint32_t domid,
		   uint32_t arg)
{
	(void)ctx;
	(void)op;
	(void)domid;
	(void)arg;
	return 0;
}

static const struct viommu_host_ops rig_viommu_ops = {
	.alloc = rig_calloc,
	.free = rig_free,
	.access_check = rig_acl,
};

static uint8_t *rig_gpa_ptr(struct bench_rig *r, uint64_t ipa, size_t n)
{
	if (ipa < r->ram_ipa || n > BENCH_RAM_SIZE ||
	    ipa - r->ram_ipa > BENCH_RAM_SIZE - n)
		return NULL;
	return r->mem + (r->ram_pa - BENCH_PHYS_BASE) + (ipa - r->ram_ipa);
}

int bench_gpa_read(struct bench_rig *r, uint64_t ipa, void *buf, size_t n)
{
	uint8_t *p = rig_gpa_ptr(r, ipa, n);

	if (!p)
		return -VSMMU_ERR_GMEM;
	memcpy(buf, p, n);
	return 0;
}

int bench_gpa_write(struct bench_rig *r, uint64_t ipa, const void *buf,
		    size_t n)
{
	uint8_t *p = rig_gpa_ptr(r, ipa, n);

	if (!p)
		return -VSMMU_ERR_GMEM;
	memcpy(p, buf, n);
	return 0;
}

static int rig_v_gpa_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	return bench_gpa_read(ctx, gpa, buf, len);
}

static int rig_v_gpa_write(void *ctx, uint64_t gpa, const void *buf,
			   size_t len)
{
	return bench_gpa_write(ctx, gpa, buf, len);
}

/* No interrupt doorbell: an MSI is a write to guest RAM (the guest's
 * MSI-polled CMD_SYNC aims at its own queue slot). */
static int rig_v_msi(void *ctx, uint64_t addr, uint32_t data)
{
	(void)ctx;
	(void)addr;
	(void)data;
	return -VSMMU_ERR_NOENT;
}

static void rig_v_sev(void *ctx)
{
	(void)ctx;
}

/* The vSMMU's own memory, counted for row 8. */
static void *rig_v_alloc(void *ctx, size_t size)
{
	struct bench_rig *r = ctx;
	void *p = calloc(1, size);

	if (p)
		r->vsmmu_bytes += size;
	return p;
}

static void rig_v_free(void *ctx, void *ptr, size_t size)
{
	struct bench_rig *r = ctx;

	if (ptr)
		r->vsmmu_bytes -= size;
	free(ptr);
}

int bench_rig_add_sid(struct bench_rig *r, uint32_t psid, uint32_t *vsid)
{
	int ret = psmmu_dev_add(r->p, psid, &psid, 1);

	return ret ? ret : viommu_vsid_alloc(r->vd, r->be_idx, psid, 1, vsid);
}

static int rig_viommu(struct bench_rig *r)
{
	struct viommu_cfg vc;
	unsigned int i;
	int ret;

	memset(&vc, 0, sizeof(vc));
	vc.type = VIOMMU_TYPE_SMMUV3;
	vc.restore = VIOMMU_RESTORE_ABORT;
	ret = viommu_dom_create(&vc, &rig_viommu_ops, r, 1, &r->vd);
	if (!ret)
		ret = viommu_psmmu_backend_init(&r->fwd.be, r->p, r->pdom);
	if (ret)
		return ret;
	r->fwd.pol = r->o.pol;
	ret = viommu_add_backend(r->vd, &bench_fwd_ops, &r->fwd, &r->be_idx);
	for (i = 0; !ret && i < 2; i++)
		ret = bench_rig_add_sid(r, BENCH_DEV_PSID0 + i, &r->vsid[i]);
	if (ret)
		return ret;
	memset(&r->vcfg, 0, sizeof(r->vcfg));
	r->vcfg.sid_bits = 16;
	memset(&r->vops, 0, sizeof(r->vops));
	r->vops.gpa_read = rig_v_gpa_read;
	r->vops.gpa_write = rig_v_gpa_write;
	r->vops.msi_write = rig_v_msi;
	r->vops.sev = rig_v_sev;
	r->vops.mem.alloc = rig_v_alloc;
	r->vops.mem.free = rig_v_free;
	return vsmmu_create(&r->vcfg, &r->vops, r, r->vd, &r->vs);
}

/* ---- Traps ----------------------------------------------------------------- */

int bench_trap_read(struct bench_rig *r, uint32_t off, unsigned int size,
		    uint64_t *val)
{
	bool prev;
	int ret;

	if (r->o.native) {
		prev = bench_ic_model_enter();
		r->traps_r++;
		ret = smmu_model_mmio_read(r->model, off, size, val);
		bench_ic_model_leave(prev);
		return ret;
	}
	prev = bench_ic_hyp_enter();
	ret = vsmmu_mmio_read(r->vs, off, size, val);

	bench_ic_hyp_leave(prev);
	r->traps_r++;
	return ret;
}

int bench_trap_write(struct bench_rig *r, uint32_t off, unsigned int size,
		     uint64_t val)
{
	bool prev;
	int ret;

	if (r->o.native) {
		prev = bench_ic_model_enter();
		r->traps_w++;
		ret = smmu_model_mmio_write(r->model, off, size, val);
		bench_ic_model_leave(prev);
		return ret;
	}
	prev = bench_ic_hyp_enter();
	ret = vsmmu_mmio_write(r->vs, off, size, val);

	/* Bounded work left over: the host's resume runs it (still ours). */
	while (ret == VSMMU_PENDING)
		ret = vsmmu_resume(r->vs);
	bench_ic_hyp_leave(prev);
	r->traps_w++;
	return ret;
}

/* ---- The guest --------------------------------------------------------- */

static int rig_g_rd(void *ctx, uint32_t off, unsigned int size, uint64_t *v)
{
	return bench_trap_read(ctx, off, size, v);
}

static int rig_g_wr(void *ctx, uint32_t off, unsigned int size, uint64_t v)
{
	return bench_trap_write(ctx, off, size, v);
}

static int rig_g_mrd(void *ctx, uint64_t a, void *buf, size_t n)
{
	return bench_gpa_read(ctx, a, buf, n);
}

static int rig_g_mwr(void *ctx, uint64_t a, const void *buf, size_t n)
{
	return bench_gpa_write(ctx, a, buf, n);
}

static int rig_g_alloc(void *ctx, size_t size, uint64_t *addr)
{
	struct bench_rig *r = ctx;
	static const uint8_t zero[4096];
	uint64_t off;
	int ret = sim_palloc_alloc(&r->gram, size, 0, addr);

	for (off = 0; !ret && off < size; off += sizeof(zero))
		ret = bench_gpa_write(r, *addr + off, zero,
				      VSMMU_MIN(sizeof(zero), size - off));
	return ret;
}

static void rig_g_free(void *ctx, uint64_t addr, size_t size)
{
	struct bench_rig *r = ctx;

	sim_palloc_free(&r->gram, addr, size);
}

static int rig_guest(struct bench_rig *r)
{
	struct gsmmu_ops go;
	struct gsmmu_config gc;
	int ret;

	ret = sim_palloc_init(&r->gram, r->ram_ipa, BENCH_RAM_SIZE,
			      1ull << 26);
	if (ret || r->o.no_guest)
		return ret;
	memset(&go, 0, sizeof(go));
	go.mmio_read = rig_g_rd;
	go.mmio_write = rig_g_wr;
	go.mem_read = rig_g_mrd;
	go.mem_write = rig_g_mwr;
	go.alloc = rig_g_alloc;
	go.free = rig_g_free;
	go.ctx = r;
	memset(&gc, 0, sizeof(gc));
	gc.poll_max = 100000;
	gc.lazy = r->o.lazy;
	ret = gsmmu_probe(&r->drv, &go, &gc);
	return ret ? ret : gsmmu_reset(&r->drv);
}

int bench_rig_init(struct bench_rig *r, const struct bench_rig_opts *o)
{
	int ret;

	memset(r, 0, sizeof(*r));
	if (o)
		r->o = *o;
	/*
	 * mmap, not calloc: pages are zero and only those touched cost
	 * anything, also under AddressSanitizer (whose allocator would
	 * poison 512 MiB of shadow for every rig).
	 */
	r->mem = mmap(NULL, BENCH_PHYS_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (r->mem == MAP_FAILED) {
		r->mem = NULL;
		return -VSMMU_ERR_NOMEM;
	}
	ret = sim_palloc_init(&r->phys, BENCH_PHYS_BASE, BENCH_PHYS_SIZE,
			      1ull << 21);
	if (!ret)
		ret = rig_model(r);
	if (!ret && r->o.native) {
		/* No stage 2: the driver's memory is physical memory. */
		ret = rig_phys_alloc(r, BENCH_RAM_SIZE, 2u << 20, &r->ram_pa);
		r->ram_ipa = r->ram_pa;
		r->vsid[0] = BENCH_DEV_PSID0;
		r->vsid[1] = BENCH_DEV_PSID0 + 1;
	} else {
		if (!ret)
			ret = rig_psmmu(r);
		if (!ret)
			ret = rig_stage2(r);
		if (!ret)
			ret = rig_viommu(r);
	}
	if (!ret)
		ret = rig_guest(r);
	if (ret)
		bench_rig_fini(r);
	return ret;
}

void bench_rig_fini(struct bench_rig *r)
{
	unsigned int i;

	/* The guest's domains go first, while the stack still runs. */
	if (r->drv.enabled) {
		for (i = 0; i < GSMMU_MAX_MASTERS; i++)
			if (r->drv.masters[i].used && r->drv.masters[i].dom)
				gsmmu_set_abort(&r->drv, r->drv.masters[i].sid);
	}
	for (i = 0; i < r->ndoms; i++)
		gsmmu_domain_free(r->doms[i]);
	if (r->drv.enabled)
		gsmmu_remove(&r->drv);
	vsmmu_destroy(r->vs);
	viommu_dom_destroy(r->vd);
	if (r->pdom)
		psmmu_domain_destroy(r->p, r->pdom);
	if (r->p)
		psmmu_destroy(r->p);
	if (r->model)
		smmu_model_destroy(r->model);
	if (r->gram.free)
		sim_palloc_fini(&r->gram);
	if (r->phys.free)
		sim_palloc_fini(&r->phys);
	if (r->mem)
		munmap(r->mem, BENCH_PHYS_SIZE);
	memset(r, 0, sizeof(*r));
}

/* ---- Raw guest commands and device translations ----------------------- */

int bench_guest_cmds(struct bench_rig *r, const struct smmu_cmd *cmds,
		     unsigned int n, bool sync)
{
	struct gsmmu_queue *q = &r->drv.cmdq;
	struct smmu_qpos p = smmu_qpos_unpack(q->prod, q->log2);
	struct smmu_cmd s;
	uint64_t w[2], v = 0;
	unsigned int i, polls;
	int ret;

	if (n + 1 > (1u << q->log2))
		return -VSMMU_ERR_RANGE;
	memset(&s, 0, sizeof(s));
	s.op = SMMU_CMD_SYNC;
	s.cs = SMMU_SYNC_CS_NONE;
	for (i = 0; i < n + (sync ? 1u : 0u); i++) {
		uint64_t slot = q->base + (uint64_t)p.idx * SMMU_CMD_BYTES;

		ret = smmu_cmd_encode(i < n ? &cmds[i] : &s, w);
		/* Queue entries are little-endian in memory. */
		w[0] = vsmmu_cpu_to_le64(w[0]);
		w[1] = vsmmu_cpu_to_le64(w[1]);
		if (!ret)
			ret = bench_gpa_write(r, slot, w, sizeof(w));
		if (ret)
			return ret;
		p = smmu_qpos_next(p, q->log2);
	}
	/* The queue was empty before (every batch waits for CONS), so
	 * n + 1 <= its size is all the space check needed. */
	q->prod = smmu_qpos_pack(p, q->log2);
	ret = bench_trap_write(r, SMMU_CMDQ_PROD, 4, q->prod);
	for (polls = 0; !ret && polls < 100000; polls++) {
		ret = bench_trap_read(r, SMMU_CMDQ_CONS, 4, &v);
		if ((v & SMMU_Q_IDX_WRP) == q->prod) {
			q->cons = q->prod;
			return (uint32_t)smmu_field_get(SMMU_CMDQ_CONS_ERR, v) ?
			       -VSMMU_ERR_HW : 0;
		}
	}
	return ret ? ret : -VSMMU_ERR_TIMEOUT;
}

int bench_rig_domain(struct bench_rig *r, bool strict,
		     struct gsmmu_domain **out)
{
	int ret;

	if (r->ndoms == VSMMU_ARRAY_SIZE(r->doms))
		return -VSMMU_ERR_FULL;
	ret = gsmmu_domain_alloc(&r->drv, strict, out);
	if (!ret)
		r->doms[r->ndoms++] = *out;
	return ret;
}

int bench_rig_attach(struct bench_rig *r, unsigned int idx, bool strict,
		     struct gsmmu_domain **out)
{
	int ret = bench_rig_domain(r, strict, out);

	return ret ? ret : gsmmu_attach(*out, r->vsid[idx]);
}

int bench_translate(struct bench_rig *r, uint32_t psid, uint64_t iova)
{
	struct smmu_model_result res;
	bool prev = bench_ic_model_enter();
	int ret = smmu_model_translate(r->model, psid, SMMU_MODEL_NO_SSID,
				       iova, 0, &res);

	bench_ic_model_leave(prev);
	return ret;
}
