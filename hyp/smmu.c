// SPDX-License-Identifier: MIT
/*
 * The vSMMU chain of the hypervisor, embedded as a real hypervisor would:
 *
 *   psmmu   on QEMU's SMMUv3 (the physical SMMU), with one stage-2
 *           domain whose tables are the CPU's (VTTBR_EL2);
 *   viommu  one hardware-domain instance, identity vSIDs for the PCI
 *           RIDs, the psmmu-nested backend and a fault router;
 *   vsmmu   the emulated SMMUv3 at the physical SMMU's address.
 *
 * Host services: guest memory is reached 1:1 after a bounds check against
 * guest RAM; the vSMMU's wired interrupts become edge SPIs set pending in
 * the distributor the guest owns; MSI writes are never doorbells here (the
 * guest's MSI-polled CMD_SYNC lands in its own memory).
 *
 * Locks (spinlocks; EL2 runs with interrupts masked): one per vSMMU, per
 * viommu domain, for the router and for the psmmu driver, in the order
 * vsmmu -> viommu -> psmmu (the library's order; the router is a leaf).
 * The heap and the console have their own leaf locks.
 */
#include "hyp.h"
#include "vsmmu/arch.h"
#include "vsmmu/psmmu.h"
#include "vsmmu/viommu.h"
#include "vsmmu/vsmmu.h"

/* The IIDR our guest sees: ProductID 0x76d, Implementer 0 (not Arm's). */
#define HYP_VSMMU_IIDR 0x76d00000u

#define GICD_ISPENDR 0x200

static struct hyp_smmu {
	struct hyp_smmu_cfg cfg;
	struct psmmu *p;
	struct psmmu_domain *pdom;
	struct viommu_dom *vd;
	struct viommu_router *router;
	struct viommu_psmmu_backend be;
	struct vsmmu *v;
	uint32_t pending;		/* vsmmu_resume wanted (atomic) */
	unsigned int s2_faults, other_events;
	uint64_t cpu_traps[HYP_MAX_CPUS];	/* vSMMU accesses per CPU */
	struct hyp_lock psmmu_lock, viommu_lock, router_lock, vsmmu_lock;
} hs;

static void ps_lock(void *ctx)
{
	(void)ctx;
	hyp_lock(&hs.psmmu_lock);
}

static void ps_unlock(void *ctx)
{
	(void)ctx;
	hyp_unlock(&hs.psmmu_lock);
}

/* The vsmmu_lock_ops / viommu shape: the handle is a struct hyp_lock. */
static void lock_handle(void *ctx, void *lock)
{
	(void)ctx;
	hyp_lock(lock);
}

static void unlock_handle(void *ctx, void *lock)
{
	(void)ctx;
	hyp_unlock(lock);
}

/* ---- psmmu host services ------------------------------------------------ */

static int ps_rd32(void *ctx, uint32_t off, uint32_t *val)
{
	(void)ctx;
	*val = mmio_rd32(hs.cfg.base + off);
	return 0;
}

static int ps_wr32(void *ctx, uint32_t off, uint32_t val)
{
	(void)ctx;
	dsb(st);
	mmio_wr32(hs.cfg.base + off, val);
	return 0;
}

static int ps_rd64(void *ctx, uint32_t off, uint64_t *val)
{
	(void)ctx;
	*val = *(volatile uint64_t *)(uintptr_t)(hs.cfg.base + off);
	return 0;
}

static int ps_wr64(void *ctx, uint32_t off, uint64_t val)
{
	(void)ctx;
	dsb(st);
	*(volatile uint64_t *)(uintptr_t)(hs.cfg.base + off) = val;
	return 0;
}

static int ps_dma_alloc(void *ctx, size_t size, size_t align,
			struct psmmu_dma *out)
{
	void *va = heap_alloc(size, align);

	(void)ctx;
	if (!va)
		return -VSMMU_ERR_NOMEM;
	out->va = va;
	out->pa = smmu_pa((uint64_t)(uintptr_t)va);
	out->size = size;
	return 0;
}

static void ps_dma_free(void *ctx, const struct psmmu_dma *d)
{
	(void)ctx;
	heap_free(d->va, d->size);
}

static void ps_delay_us(void *ctx, unsigned int us)
{
	uint64_t f = read_sysreg(cntfrq_el0), t0 = read_sysreg(cntpct_el0);
	uint64_t ticks = f / 1000000 * us;

	(void)ctx;
	while (read_sysreg(cntpct_el0) - t0 < ticks)
		;
}

static void ps_s1_fault(void *ctx, struct psmmu *p, uint32_t sid,
			const struct smmu_evt *evt, const uint64_t raw[4])
{
	int err;

	(void)ctx;
	(void)p;
	err = viommu_router_event(hs.router, sid, raw);
	hlog("pSMMU: stage-1 %s sid %u iova %llx -> guest (%s)",
	     smmu_evt_name(evt->id), sid,
	     (unsigned long long)evt->input_addr,
	     err ? vsmmu_strerror(err) : "delivered");
}

static void ps_other_event(void *ctx, struct psmmu *p,
			   const struct smmu_evt *evt, const uint64_t raw[4])
{
	(void)ctx;
	(void)p;
	(void)raw;
	if (evt->s2)
		hs.s2_faults++;
	if (++hs.other_events > 8)
		return;		/* counted; the first ones are enough */
	hlog("pSMMU: event %s (0x%02x) sid %u %s input %llx ipa %llx%s",
	     smmu_evt_name(evt->id), evt->id, evt->sid,
	     evt->s2 ? "stage 2" : "stage 1", (unsigned long long)evt->input_addr,
	     (unsigned long long)evt->ipa,
	     evt->s2 && evt->ipa >= HYP_RAM_BASE &&
	     evt->ipa < HYP_RAM_BASE + HYP_SIZE ? " (hypervisor memory)" : "");
	hyp_canary_check("after the stage-2 fault");
}

static const struct psmmu_host_ops ps_ops = {
	.read32 = ps_rd32,
	.write32 = ps_wr32,
	.read64 = ps_rd64,
	.write64 = ps_wr64,
	.dma_alloc = ps_dma_alloc,
	.dma_free = ps_dma_free,
	.alloc = hyp_zalloc,
	.free = hyp_free,
	.delay_us = ps_delay_us,
	.log = hyp_log_cb,
	.lock = ps_lock,
	.unlock = ps_unlock,
	.s1_fault = ps_s1_fault,
	.other_event = ps_other_event,
};

/* ---- viommu host services ----------------------------------------------- */

static int vi_access_check(void *ctx, enum viommu_acl_op op, uint32_t domid,
			   uint32_t arg)
{
	(void)ctx;
	(void)op;
	(void)domid;
	(void)arg;
	return 0;	/* the hardware domain may use every StreamID */
}

static const struct viommu_host_ops vi_ops = {
	.alloc = hyp_zalloc,
	.free = hyp_free,
	.lock = lock_handle,
	.unlock = unlock_handle,
	.log = hyp_log_cb,
	.access_check = vi_access_check,
};

/* ---- vsmmu host services ------------------------------------------------ */

static bool gpa_ok(uint64_t gpa, size_t len)
{
	return gpa >= hs.cfg.ram_base &&
	       smmu_range_ok(gpa - hs.cfg.ram_base, len,
			     hs.cfg.ram_end - hs.cfg.ram_base);
}

static int vs_gpa_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	(void)ctx;
	if (!gpa_ok(gpa, len))
		return -VSMMU_ERR_RANGE;
	vsmmu_memcpy(buf, (const void *)(uintptr_t)gpa, len);
	return 0;
}

static int vs_gpa_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	(void)ctx;
	if (!gpa_ok(gpa, len))
		return -VSMMU_ERR_RANGE;
	vsmmu_memcpy((void *)(uintptr_t)gpa, buf, len);
	dsb(ish);
	return 0;
}

/* Lines in the order of the guest tree's interrupt-names. */
static void vs_irq_set(void *ctx, enum vsmmu_irq_line line, bool level)
{
	uint32_t spi, intid;

	(void)ctx;
	if (!level)
		return;		/* edges: the rising edge sets pending */
	switch (line) {
	case VSMMU_IRQ_EVENTQ:
		spi = hs.cfg.spi[0];
		break;
	case VSMMU_IRQ_PRIQ:
		spi = hs.cfg.spi[1];
		break;
	case VSMMU_IRQ_CMDQ_SYNC:
		spi = hs.cfg.spi[2];
		break;
	case VSMMU_IRQ_GERROR:
		spi = hs.cfg.spi[3];
		break;
	default:
		return;
	}
	intid = 32 + spi;
	dsb(st);
	mmio_wr32(hs.cfg.gicd + GICD_ISPENDR + 4 * (intid / 32),
		  1u << (intid % 32));
}

static int vs_msi_write(void *ctx, uint64_t addr, uint32_t data)
{
	(void)ctx;
	(void)addr;
	(void)data;
	return -VSMMU_ERR_NOENT;
}

static void vs_sev(void *ctx)
{
	(void)ctx;
	__asm__ volatile("dsb ish; sev" ::: "memory");
}

static void vs_kick(void *ctx)
{
	(void)ctx;
	__atomic_store_n(&hs.pending, 1, __ATOMIC_RELEASE);
}

static const struct vsmmu_host_ops vs_ops = {
	.gpa_read = vs_gpa_read,
	.gpa_write = vs_gpa_write,
	.irq_set = vs_irq_set,
	.msi_write = vs_msi_write,
	.sev = vs_sev,
	.kick = vs_kick,
	.log = hyp_log_cb,
	.mem = { hyp_zalloc, hyp_free },
	.lock_ops = { lock_handle, unlock_handle },
};

/* ---- Set-up ------------------------------------------------------------ */

#define CHECK(what, call) do { \
	int e_ = (call); \
	if (e_ < 0) { \
		hlog("%s: %s", what, vsmmu_strerror(e_)); \
		return e_; \
	} \
} while (0)

int hyp_smmu_init(const struct hyp_smmu_cfg *c)
{
	struct psmmu_cfg pcfg = {
		.irq_mode = PSMMU_IRQ_NONE,	/* polled on every trap */
	};
	struct psmmu_s2_cfg s2 = {
		.vttb = smmu_pa(s2_root()),
		.granule_log2 = 12,
		.tsz = S2_TSZ,
		.sl0 = S2_SL0,
		.ps_bits = S2_PS_BITS,
		.ir = 1, .orgn = 1, .sh = 3,
	};
	struct viommu_cfg vcfg = {
		.type = VIOMMU_TYPE_SMMUV3,
		.identity = true,
		.restore = VIOMMU_RESTORE_BYPASS,
		.evt_burst = 64,
		.evt_rate = 16,
		.lock = &hs.viommu_lock,
	};
	struct vsmmu_cfg cfg = {
		.lock = &hs.vsmmu_lock,
		.cmdq_log2_max = 12,
		.evtq_log2_max = 10,
		.iidr = HYP_VSMMU_IIDR,
	};
	const struct psmmu_features *f;
	enum psmmu_refusal why = PSMMU_REFUSE_NONE;
	unsigned int idx;
	uint32_t sid, first;
	int err;

	hs.cfg = *c;
	err = psmmu_probe(&ps_ops, "psmmu", &pcfg, &hs.p, &why);
	if (err) {
		hlog("psmmu_probe: %s (%s)", vsmmu_strerror(err),
		     psmmu_refusal_name(why));
		return err;
	}
	f = psmmu_get_features(hs.p);
	hlog("pSMMU at %llx: IDR0 %08x IDR1 %08x IIDR %08x AIDR %08x, "
	     "%u-bit SIDs, OAS %u, nesting %s", (unsigned long long)c->base,
	     f->idr[0], f->idr[1], f->iidr, f->aidr, f->sid_bits, f->oas_bits,
	     psmmu_can_nest(hs.p) ? "yes" : "no");
	CHECK("psmmu_reset", psmmu_reset(hs.p));
	CHECK("psmmu_domain_create", psmmu_domain_create(hs.p, &s2, &hs.pdom));
	for (sid = 0; sid < c->nsids; sid++)
		CHECK("psmmu_dev_add", psmmu_dev_add(hs.p, sid, &sid, 1));

	CHECK("viommu_dom_create",
	      viommu_dom_create(&vcfg, &vi_ops, "viommu", 0, &hs.vd));
	CHECK("viommu_psmmu_backend_init",
	      viommu_psmmu_backend_init(&hs.be, hs.p, hs.pdom));
	CHECK("viommu_add_backend",
	      viommu_add_backend(hs.vd, &viommu_psmmu_backend_ops, &hs.be,
				 &idx));
	CHECK("viommu_vsid_alloc",
	      viommu_vsid_alloc(hs.vd, idx, 0, c->nsids, &first));
	CHECK("viommu_router_create",
	      viommu_router_create(&vi_ops, "router", &hs.router_lock,
				   &hs.router));
	CHECK("viommu_router_add",
	      viommu_router_add(hs.router, 0, c->nsids, hs.vd, idx));

	cfg.log_level = VSMMU_LOG_INFO;
	cfg.sid_bits = f->sid_bits;	/* vSID = pSID: the same space */
	CHECK("vsmmu_create", vsmmu_create(&cfg, &vs_ops, "vsmmu", hs.vd,
					   &hs.v));
	hlog("vSMMU at %llx (hardware domain): vSID = pSID for %u StreamIDs "
	     "from %u, VMID %u, stage 2 shared with the CPU (VTTBR %llx)",
	     (unsigned long long)c->base, c->nsids, first,
	     psmmu_domain_vmid(hs.pdom), (unsigned long long)s2_root());
	return 0;
}

/* ---- Run time ---------------------------------------------------------- */

void hyp_smmu_poll(void)
{
	unsigned int n;

	if (!hs.v)
		return;
	for (n = 0; n < 1024; n++) {
		if (!__atomic_exchange_n(&hs.pending, 0, __ATOMIC_ACQUIRE))
			break;
		if (vsmmu_resume(hs.v) == VSMMU_PENDING)
			__atomic_store_n(&hs.pending, 1, __ATOMIC_RELEASE);
	}
	psmmu_handle_gerror(hs.p);
	psmmu_poll_events(hs.p, 0);
}

/* The guest read IIDR: say so, with what the chain has done so far. */
static void hyp_smmu_report(uint32_t iidr)
{
	struct vsmmu_counters vc;
	struct psmmu_stats ps;

	vsmmu_get_counters(hs.v, &vc);
	psmmu_get_stats(hs.p, &ps);
	hlog("guest read vSMMU IIDR = %08x (pSMMU IIDR %08x)", iidr,
	     psmmu_get_features(hs.p)->iidr);
	hlog("vSMMU: %llu traps, %llu guest commands, %llu STEs re-derived "
	     "(nested %llu, bypass %llu, abort %llu), %llu invalidations "
	     "forwarded in %llu batches, %llu syncs, %llu IRQs",
	     (unsigned long long)(vc.mmio_reads + vc.mmio_writes),
	     (unsigned long long)vc.cmds, (unsigned long long)vc.cfgi_ste,
	     (unsigned long long)vc.attach_s1,
	     (unsigned long long)vc.attach_bypass,
	     (unsigned long long)vc.attach_abort,
	     (unsigned long long)vc.inv_cmds,
	     (unsigned long long)vc.inv_commits, (unsigned long long)vc.syncs,
	     (unsigned long long)vc.irqs);
	hlog("vSMMU accesses per CPU: %llu %llu %llu %llu",
	     (unsigned long long)vsmmu_load_relaxed64(&hs.cpu_traps[0]),
	     (unsigned long long)vsmmu_load_relaxed64(&hs.cpu_traps[1]),
	     (unsigned long long)vsmmu_load_relaxed64(&hs.cpu_traps[2]),
	     (unsigned long long)vsmmu_load_relaxed64(&hs.cpu_traps[3]));
	hlog("pSMMU: %llu commands, %llu syncs, %llu events (%llu stage-1 "
	     "to the guest, %u stage-2 faults kept), %llu command errors",
	     (unsigned long long)ps.cmds, (unsigned long long)ps.syncs,
	     (unsigned long long)ps.events, (unsigned long long)ps.s1_faults,
	     hs.s2_faults, (unsigned long long)ps.cmd_errors);
	hyp_canary_check("at this trap");
}

int hyp_smmu_mmio(uint32_t off, unsigned int size, bool write, uint64_t *val)
{
	int err;

	if (!hs.v) {
		*val = 0;
		return 0;
	}
	if (hyp_cpu_id() < HYP_MAX_CPUS)
		vsmmu_add_relaxed64(&hs.cpu_traps[hyp_cpu_id()], 1);
	if (write) {
		err = vsmmu_mmio_write(hs.v, off, size, *val);
		if (err == VSMMU_PENDING) {
			__atomic_store_n(&hs.pending, 1, __ATOMIC_RELEASE);
			err = 0;
		}
	} else {
		err = vsmmu_mmio_read(hs.v, off, size, val);
		if (off == 0x18)	/* IIDR: the test compares both */
			hyp_smmu_report((uint32_t)*val);
	}
	return err;
}

void hyp_canary_check(const char *when)
{
	const volatile uint64_t *c =
		(const volatile uint64_t *)(uintptr_t)HYP_CANARY_PA;
	unsigned int i, bad = 0;

	for (i = 0; i < 4096 / 8; i++)
		if (c[i] != (HYP_CANARY ^ i))
			bad++;
	hlog("canary at %llx %s: %s", (unsigned long long)HYP_CANARY_PA, when,
	     bad ? "CORRUPTED" : "intact");
}
