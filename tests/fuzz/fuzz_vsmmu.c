// SPDX-License-Identifier: MIT
/*
 * Fuzz the emulated SMMUv3 as a hostile guest drives it: MMIO reads and
 * writes at any offset, size and value; guest memory holding queues,
 * stream tables and CDs (raw, or built with the arch encoders); resume
 * calls; stage-1 events arriving from the physical side; software
 * translations. The vSMMU runs over the vIOMMU framework with one or two
 * recording mock backends (tests/fakes/viommu_mock_backend.c), so every
 * call that would reach hardware can be judged.
 *
 * A second mode (header bit) puts the real physical side behind the
 * framework instead: the psmmu-nested backend, the psmmu driver and the
 * SMMUv3 model (tests/fakes/psmmu_model_glue.c), with a neighbour device
 * of another stage-2 domain on the same SMMU. There, after every call:
 * every physical STE of the domain's pSIDs is valid with Config abort,
 * stage 2 or nested, its stage-2 words are exactly the hypervisor's, a
 * nested one has MEV set; the neighbour's STE never changes; every
 * command the SMMU consumed carries the domain's VMID (TLBIs) or one of
 * its pSIDs (CFGI, ATC), and none is a hypervisor-wide one (NSNH_ALL,
 * EL2, S2_IPA of another VMID); a device access the physical SMMU
 * translates for a domain pSID lands inside the domain's stage-2 image,
 * and the neighbour's never translates; the driver hands over only that
 * device's stage-1 faults, which reach the guest with its vSID. After teardown no pSID is left
 * nested.
 *
 * Invariants, checked after every call:
 *  - what the backends received is canonical: install_s1 only for a pSID
 *    mapped on that backend, with legal encodings (S1Fmt, S1CDMax within
 *    SSIDSIZE, S1DSS, 2-bit attributes, aligned in-range S1ContextPtr,
 *    no S1STALLD without stall, no EATS without ATS); abort/bypass only
 *    for mapped pSIDs; invalidations only of the guest-forwardable kinds,
 *    TLBIs with this backend's VMID, CFGI_CD* with a pSID mapped there;
 *    no invalidation left uncommitted when a call returns;
 *  - CMDQ: CONS never passes PROD, at most cmd_budget commands complete
 *    per call, and a PROD write or resume that returns 0 (not pending)
 *    leaves no runnable command behind;
 *  - EVENTQ: PROD never passes CONS; OVFLG toggles only with no overflow
 *    pending; every record carries a vSID below 2^SIDSIZE, and records
 *    of a routed physical event carry the vSID of its pSID;
 *  - GERROR changes only by the toggle protocol, GERRORN only when
 *    written;
 *  - guest memory is written only as event records into the slots PROD
 *    moved over and as MSI data to GERROR/EVENTQ_IRQ_CFG0 or to the
 *    MSIAddress of a CMD_SYNC consumed in that call;
 *  - the event rate limit holds; return codes are the documented ones.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vsmmu/arch.h"
#include "vsmmu/viommu.h"
#include "vsmmu/vsmmu.h"
#include "fakes/viommu_mock_backend.h"
#include "fakes/psmmu_model_glue.h"
#include "psmmu/internal.h"

/* The call being judged, named in a failure report. */
static char fz_last[128];

#define check(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: invariant failed: %s "	\
				"(after %s)\n", __FILE__, __LINE__,	\
				#cond, fz_last);			\
			abort();					\
		}							\
	} while (0)

#ifdef FZ_STATS
/* -DFZ_STATS: what the inputs reach, from the vSMMU's own counters. */
static struct vsmmu_counters fz_tot;
static unsigned long fz_calls[VMOCK_NOPS];
static void fz_stats_print(void)
{
	fprintf(stderr, "cmds %llu cmd_errors %llu attach_s1 %llu abort %llu "
		"bypass %llu inv_cmds %llu syncs %llu events %llu overflow "
		"%llu msis %llu gerrors %llu resumes %llu xlate_faults %llu "
		"tlb_hits %llu | mock install %lu inv_add %lu commit %lu\n",
		(unsigned long long)fz_tot.cmds,
		(unsigned long long)fz_tot.cmd_errors,
		(unsigned long long)fz_tot.attach_s1,
		(unsigned long long)fz_tot.attach_abort,
		(unsigned long long)fz_tot.attach_bypass,
		(unsigned long long)fz_tot.inv_cmds,
		(unsigned long long)fz_tot.syncs,
		(unsigned long long)fz_tot.events,
		(unsigned long long)fz_tot.events_overflow,
		(unsigned long long)fz_tot.msis,
		(unsigned long long)fz_tot.gerrors,
		(unsigned long long)fz_tot.resumes,
		(unsigned long long)fz_tot.xlate_faults,
		(unsigned long long)fz_tot.tlb_hits,
		fz_calls[VMOCK_INSTALL_S1], fz_calls[VMOCK_INV_ADD],
		fz_calls[VMOCK_INV_COMMIT]);
}
#define FZ_STAT(f) do {							\
	static int once_;						\
	struct vsmmu_counters k_;					\
	if (!once_++)							\
		atexit(fz_stats_print);					\
	vsmmu_get_counters((f)->v, &k_);				\
	for (size_t i_ = 0; i_ < sizeof(k_) / 8; i_++)			\
		((uint64_t *)&fz_tot)[i_] += ((uint64_t *)&k_)[i_];	\
	for (unsigned int b_ = 0; b_ < (f)->nb; b_++)			\
		for (size_t i_ = 0; i_ < (f)->mock[b_].ncalls; i_++)	\
			fz_calls[(f)->mock[b_].calls[i_].op]++;		\
} while (0)
#else
#define FZ_STAT(f) do { } while (0)
#endif

/* ---- Input --------------------------------------------------------------- */

struct fz_in {
	const uint8_t *p;
	size_t n;
};

static uint8_t fz_u8(struct fz_in *in)
{
	uint8_t v;

	if (!in->n)
		return 0;
	v = *in->p++;
	in->n--;
	return v;
}

static uint16_t fz_u16(struct fz_in *in)
{
	return (uint16_t)(fz_u8(in) | fz_u8(in) << 8);
}

static uint64_t fz_u64(struct fz_in *in)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < 8; i++)
		v |= (uint64_t)fz_u8(in) << (8 * i);
	return v;
}

/* ---- The host ------------------------------------------------------------ */

#define FZ_RAM 0x10000u		/* guest RAM at GPA 0 */
#define FZ_MAX_WR 512u
#define FZ_NB 2u		/* mock backends */
#define FZ_EVT_BURST 16u
#define FZ_EVT_RATE 4u

struct fz_wr {
	uint64_t gpa;
	uint32_t len;
	uint32_t data;
	bool msi;		/* an msi_write call */
	/* queue slots holding a CMD_SYNC (CS = SIG_IRQ) for this MSI when
	 * it was sent: commands may be rewritten during a call (an MSI
	 * written into the queue), so the match is taken at the time */
	uint64_t sync_slots[4];
	uint64_t w0;		/* first dword (event records) */
};

struct fz {
	uint8_t *ram;		/* ram_buf, or the stage-2 image */
	uint8_t ram_buf[FZ_RAM];
	bool fail_page;
	uint64_t fail_base;
	int msi_ret;		/* what msi_write answers for doorbells */
	struct fz_wr wr[FZ_MAX_WR];
	unsigned int nwr;
	bool wr_lost;
	/* the command queue during the current call */
	uint64_t cq_addr;
	unsigned int cq_log2;

	struct viommu_dom *d;
	struct viommu_mock mock[FZ_NB];
	unsigned int bidx[FZ_NB];
	size_t seen[FZ_NB];	/* mock calls already judged */
	unsigned int nb;
	struct vsmmu *v;
	struct vsmmu_cfg cfg;
	unsigned int budget, sid_bits, cmdqs, evtqs, ssidsize;
	unsigned int ticks;

	/* physical mode: psmmu + model (the rig outlives the input) */
	bool phys;
	struct pm_rig *rig;
	struct psmmu_domain *pdom;
	struct viommu_psmmu_backend pb;
	uint32_t psids[4];
	unsigned int npsid;
	uint64_t ref_w2, ref_w3;	/* the hypervisor's stage-2 words */
	uint32_t mcons;		/* physical CMDQ_CONS last judged */
	unsigned int ns1_seen;	/* physical stage-1 faults routed */
};

/*
 * The physical rig is built once per process (creating the model, probing
 * and resetting the driver costs 25 ms, mostly the rig's 64 MiB of
 * memory): every input starts from the domain's pSIDs at stage 2 or
 * abort, which is what the previous input's teardown leaves.
 */
static struct pm_rig fz_rig;
static bool fz_rig_ready;
static struct psmmu_domain *fz_pdom, *fz_ndom;
/*
 * The domain's stage 2 maps IPA [0, FZ_RAM) (the guest RAM the vSMMU
 * sees) to PA [fz_img, fz_img + FZ_RAM) of the rig; nothing else.
 */
static uint64_t fz_img;
static struct pgt_table fz_s2t;
static uint64_t fz_nb_ste[8];		/* the neighbour's STE */
static const uint32_t fz_cand[8] = {
	0x10, 0x11, 0x13, 0x14, 0x16, 0x17, 0x19, 0x1a,
};

#define FZ_NEIGHBOUR_SID 0x30u

static bool fz_fails(const struct fz *f, uint64_t gpa, size_t len)
{
	uint64_t end;

	if (__builtin_add_overflow(gpa, (uint64_t)len, &end) || end > FZ_RAM)
		return true;
	return f->fail_page && gpa < f->fail_base + 0x1000u &&
	       end > f->fail_base;
}

static int fz_gpa_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct fz *f = ctx;

	if (fz_fails(f, gpa, len))
		return -VSMMU_ERR_GMEM;
	memcpy(buf, f->ram + gpa, len);
	return 0;
}

/* Mark the queue slots that hold a CMD_SYNC asking for this MSI now. */
static void fz_sync_scan(struct fz *f, struct fz_wr *w)
{
	for (uint32_t i = 0; i < (1u << f->cq_log2) && i < 256; i++) {
		uint8_t raw[16];
		uint64_t w0 = 0, w1 = 0;

		if (fz_gpa_read(f, f->cq_addr + 16ull * i, raw, 16))
			continue;
		for (int k = 7; k >= 0; k--) {
			w0 = (w0 << 8) | raw[k];
			w1 = (w1 << 8) | raw[8 + k];
		}
		if ((w0 & 0xff) == SMMU_CMD_SYNC && ((w0 >> 12) & 3) == 1 &&
		    (w1 & 0x00fffffffffffffcull) == w->gpa &&
		    (uint32_t)(w0 >> 32) == w->data)
			w->sync_slots[i / 64] |= 1ull << (i % 64);
	}
}

static void fz_log(struct fz *f, uint64_t gpa, size_t len, const uint8_t *b,
		   uint32_t data, bool msi)
{
	struct fz_wr *w;

	if (f->nwr == FZ_MAX_WR) {
		f->wr_lost = true;
		return;
	}
	w = &f->wr[f->nwr++];
	memset(w, 0, sizeof(*w));
	w->gpa = gpa;
	w->len = (uint32_t)len;
	w->data = data;
	w->msi = msi;
	for (size_t i = 0; b && i < 8 && i < len; i++)
		w->w0 |= (uint64_t)b[i] << (8 * i);
	if (b && !msi) {
		w->data = 0;
		for (size_t i = 0; i < 4 && i < len; i++)
			w->data |= (uint32_t)b[i] << (8 * i);
	}
	if (len == 4)
		fz_sync_scan(f, w);
}

static int fz_gpa_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	struct fz *f = ctx;

	fz_log(f, gpa, len, buf, 0, false);
	if (fz_fails(f, gpa, len))
		return -VSMMU_ERR_GMEM;
	memcpy(f->ram + gpa, buf, len);
	return 0;
}

/* RAM addresses are not doorbells: the vSMMU writes the data itself. */
static int fz_msi_write(void *ctx, uint64_t addr, uint32_t data)
{
	struct fz *f = ctx;

	fz_log(f, addr, 4, NULL, data, true);
	if (addr < FZ_RAM)
		return -VSMMU_ERR_NOENT;
	return f->msi_ret;
}

static void *fz_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return calloc(1, size);
}

static void fz_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

static int fz_acl(void *ctx, enum viommu_acl_op op, uint32_t domid,
		  uint32_t arg)
{
	(void)ctx;
	(void)op;
	(void)domid;
	(void)arg;
	return 0;
}

/* ---- Registers ----------------------------------------------------------- */

struct fz_regs {
	uint32_t cr0ack, irq_ctrlack, ge, gen;
	uint64_t ge_cfg0, ev_cfg0;
	uint32_t ge_cfg1, ev_cfg1;
	uint64_t cmdq_base, evtq_base;
	uint32_t cmdq_prod, cmdq_cons, evtq_prod, evtq_cons;
};

static uint64_t fz_rd(struct fz *f, uint32_t off, unsigned int size)
{
	uint64_t v = 0x1234;

	check(vsmmu_mmio_read(f->v, off, size, &v) == 0);
	return v;
}

static unsigned int fz_q_log2(uint64_t base, unsigned int max)
{
	unsigned int l = (unsigned int)(base & 0x1f);

	return l < max ? l : max;
}

static uint64_t fz_q_addr(uint64_t base, unsigned int log2n, unsigned int esz)
{
	uint64_t bytes = (uint64_t)esz << log2n;

	if (bytes < 32)
		bytes = 32;
	return base & 0x00ffffffffffffe0ull & ~(bytes - 1);
}

static uint32_t fz_q_pos(uint32_t reg, unsigned int log2n)
{
	return reg & ((2u << log2n) - 1);
}

static uint32_t fz_q_dist(uint32_t a, uint32_t b, unsigned int log2n)
{
	return (fz_q_pos(b, log2n) - fz_q_pos(a, log2n)) & ((2u << log2n) - 1);
}

static bool fz_q_ok(uint32_t prod, uint32_t cons, unsigned int log2n)
{
	return fz_q_dist(cons, prod, log2n) <= (1u << log2n);
}

static void fz_snap(struct fz *f, struct fz_regs *r)
{
	unsigned int nwr = f->nwr;

	r->cr0ack = (uint32_t)fz_rd(f, SMMU_CR0ACK, 4);
	r->irq_ctrlack = (uint32_t)fz_rd(f, SMMU_IRQ_CTRLACK, 4);
	r->ge = (uint32_t)fz_rd(f, SMMU_GERROR, 4);
	r->gen = (uint32_t)fz_rd(f, SMMU_GERRORN, 4);
	r->ge_cfg0 = fz_rd(f, SMMU_GERROR_IRQ_CFG0, 8);
	r->ge_cfg1 = (uint32_t)fz_rd(f, SMMU_GERROR_IRQ_CFG1, 4);
	r->ev_cfg0 = fz_rd(f, SMMU_EVENTQ_IRQ_CFG0, 8);
	r->ev_cfg1 = (uint32_t)fz_rd(f, SMMU_EVENTQ_IRQ_CFG1, 4);
	r->cmdq_base = fz_rd(f, SMMU_CMDQ_BASE, 8);
	r->evtq_base = fz_rd(f, SMMU_EVENTQ_BASE, 8);
	r->cmdq_prod = (uint32_t)fz_rd(f, SMMU_CMDQ_PROD, 4);
	r->cmdq_cons = (uint32_t)fz_rd(f, SMMU_CMDQ_CONS, 4);
	r->evtq_prod = (uint32_t)fz_rd(f, SMMU_EVENTQ_PROD, 4);
	r->evtq_cons = (uint32_t)fz_rd(f, SMMU_EVENTQ_CONS, 4);
	check(f->nwr == nwr);	/* reads write no guest memory */
}

static void fz_snap_before(struct fz *f, struct fz_regs *r)
{
	unsigned int qs;

	fz_snap(f, r);
	qs = fz_q_log2(r->cmdq_base, f->cmdqs);
	f->cq_log2 = qs;
	f->cq_addr = fz_q_addr(r->cmdq_base, qs, 16);
}

/* ---- Backend calls ------------------------------------------------------- */

static bool fz_psid_mapped(struct fz *f, unsigned int b, uint32_t psid)
{
	uint32_t vsid;

	return viommu_psid_lookup(f->d, f->bidx[b], psid, &vsid) == 0;
}

static bool fz_dom_psid(const struct fz *f, uint32_t psid)
{
	for (unsigned int i = 0; i < f->npsid; i++)
		if (f->psids[i] == psid)
			return true;
	return false;
}

static const uint64_t *fz_pste(struct fz *f, uint32_t sid)
{
	const uint64_t *w = psmmu_strtab_ste_(f->rig->p, sid, NULL, NULL);

	check(w != NULL);
	return w;
}

/* What the physical SMMU holds and was told (physical mode). */
static void fz_check_phys(struct fz *f, bool torn_down)
{
	uint64_t base = 0, cons = 0;
	unsigned int qs;

	for (unsigned int i = 0; i < f->npsid; i++) {
		const uint64_t *w = fz_pste(f, f->psids[i]);
		uint64_t d0 = vsmmu_le64_to_cpu(w[0]);
		unsigned int cfg = (unsigned int)((d0 >> 1) & 7);

		check(d0 & 1);
		check(cfg == 0 || cfg == 6 || (cfg == 7 && !torn_down));
		if (cfg == 6 || cfg == 7) {
			check(vsmmu_le64_to_cpu(w[2]) == f->ref_w2);
			check(vsmmu_le64_to_cpu(w[3]) == f->ref_w3);
		}
		if (cfg == 7)
			check(vsmmu_le64_to_cpu(w[1]) & SMMU_STE1_MEV);
	}
	check(memcmp(fz_pste(f, FZ_NEIGHBOUR_SID), fz_nb_ste,
		     sizeof(fz_nb_ste)) == 0);

	/* the commands the SMMU consumed since the last look */
	smmu_model_mmio_read(f->rig->m, SMMU_CMDQ_BASE, 8, &base);
	smmu_model_mmio_read(f->rig->m, SMMU_CMDQ_CONS, 4, &cons);
	qs = fz_q_log2(base, 19);
	for (uint32_t n = fz_q_dist(f->mcons, (uint32_t)cons, qs), i = 0;
	     i < n; i++) {
		uint32_t idx = (f->mcons + i) & ((1u << qs) - 1);
		const uint8_t *raw = pf_mem_va(&f->rig->h.mem,
					       fz_q_addr(base, qs, 16) +
					       16ull * idx);
		uint64_t w[2] = { 0, 0 };
		struct smmu_cmd c;

		check(raw != NULL);
		for (int k = 7; k >= 0; k--) {
			w[0] = (w[0] << 8) | raw[k];
			w[1] = (w[1] << 8) | raw[8 + k];
		}
		/*
		 * A CMD_SYNC completed with the MSI-polling trick has its
		 * first word overwritten by the MSI data (0): what is left
		 * is MSIAddress = the slot itself.
		 */
		if (w[0] == 0 && (w[1] & 0x00fffffffffffffcull) ==
				 fz_q_addr(base, qs, 16) + 16ull * idx)
			continue;
		check(smmu_cmd_decode(w, &c) == 0);
		switch (c.op) {
		case SMMU_CMD_TLBI_NH_ALL:
		case SMMU_CMD_TLBI_NH_ASID:
		case SMMU_CMD_TLBI_NH_VA:
		case SMMU_CMD_TLBI_NH_VAA:
		case SMMU_CMD_TLBI_S12_VMALL:
		case SMMU_CMD_TLBI_S2_IPA:
			check(c.vmid == psmmu_domain_vmid(f->pdom));
			break;
		case SMMU_CMD_CFGI_STE:
		case SMMU_CMD_CFGI_CD:
		case SMMU_CMD_CFGI_CD_ALL:
		case SMMU_CMD_ATC_INV:
			check(fz_dom_psid(f, c.sid));
			break;
		case SMMU_CMD_CFGI_STE_RANGE:
			/* only a range holding nothing but domain pSIDs */
			check(c.range != SMMU_CFGI_RANGE_ALL);
			for (uint64_t sid = c.sid & ~((2ull << c.range) - 1);
			     sid < (c.sid & ~((2ull << c.range) - 1)) +
				   (2ull << c.range) && sid < 0x100; sid++)
				check(sid != FZ_NEIGHBOUR_SID);
			break;
		case SMMU_CMD_SYNC:
		case SMMU_CMD_PREFETCH_CONFIG:
		case SMMU_CMD_PREFETCH_ADDR:
			break;
		default:
			check(0);	/* NSNH_ALL, EL2, ... */
		}
	}
	f->mcons = (uint32_t)cons;
}

static void fz_check_backends(struct fz *f)
{
	if (f->phys)
		fz_check_phys(f, false);
	for (unsigned int b = 0; b < f->nb; b++) {
		struct viommu_mock *m = &f->mock[b];

		for (size_t i = f->seen[b]; i < m->ncalls; i++) {
			const struct viommu_mock_call *c = &m->calls[i];
			const struct psmmu_s1_cfg *s = &c->s1;

			switch (c->op) {
			case VMOCK_INSTALL_S1:
				check(fz_psid_mapped(f, b, c->psid));
				check(s->s1fmt <= 2);
				check(s->s1cdmax <= f->ssidsize);
				check(s->s1dss <= 2);
				check(s->s1cir <= 3 && s->s1cor <= 3 &&
				      s->s1csh <= 3);
				check(!s->s1stalld);	/* no stall model */
				check(s->eats == 0);	/* no ATS */
				check((s->s1ctxptr & 63) == 0);
				check(s->s1ctxptr >> 56 == 0);
				break;
			case VMOCK_SET_ABORT:
			case VMOCK_SET_BYPASS:
				check(fz_psid_mapped(f, b, c->psid));
				break;
			case VMOCK_INV_ADD:
				check(!c->cmd.ssec);
				switch (c->cmd.op) {
				case SMMU_CMD_TLBI_NH_ALL:
				case SMMU_CMD_TLBI_NH_ASID:
				case SMMU_CMD_TLBI_NH_VA:
				case SMMU_CMD_TLBI_NH_VAA:
					check(c->cmd.vmid == m->vmid);
					break;
				case SMMU_CMD_CFGI_CD:
				case SMMU_CMD_CFGI_CD_ALL:
					check(fz_psid_mapped(f, b,
							     c->cmd.sid));
					break;
				default:
					/* S2, EL2, NSNH, CFGI_STE, ATC, ... */
					check(0);
				}
				break;
			default:
				break;
			}
		}
		f->seen[b] = m->ncalls;
		/* every invalidation is committed before the call returns */
		check(m->pending == 0);
	}
}

/* ---- Invariants around one call ------------------------------------------ */

enum fz_kind {
	FZ_K_READ,
	FZ_K_WRITE,
	FZ_K_RESUME,
	FZ_K_EVENT,
	FZ_K_XLATE,
};

struct fz_call {
	enum fz_kind kind;
	uint32_t off;
	unsigned int size;
	int ret;
	uint32_t evt_vsid;	/* FZ_K_EVENT: the vSID of the pSID, or ~0 */
};

static bool fz_wrote(const struct fz_call *c, uint32_t reg, unsigned int w)
{
	return c->kind == FZ_K_WRITE && c->off < reg + w &&
	       reg < c->off + (c->size ? c->size : 1);
}

/* A CMD_SYNC with CS = SIG_IRQ among the n commands from cons asked for
 * this MSI (slots marked when it was sent). */
static bool fz_sync_target(struct fz *f, const struct fz_regs *b, uint32_t n,
			   const struct fz_wr *w)
{
	unsigned int qs = fz_q_log2(b->cmdq_base, f->cmdqs);
	uint32_t idx = b->cmdq_cons & ((1u << qs) - 1);

	for (uint32_t i = 0; i < n; i++) {
		uint32_t slot = (idx + i) & ((1u << qs) - 1);

		if (slot < 256 && (w->sync_slots[slot / 64] >> (slot % 64)) & 1)
			return true;
	}
	return false;
}

static bool fz_msi_ok(struct fz *f, const struct fz_regs *b,
		      const struct fz_regs *a, uint32_t consumed,
		      const struct fz_wr *w)
{
	uint64_t addr = w->gpa;
	uint32_t data = w->data;
	const struct fz_regs *s[2] = { b, a };

	for (int i = 0; i < 2; i++) {
		uint64_t ge = s[i]->ge_cfg0 & 0x00fffffffffffffcull;
		uint64_t ev = s[i]->ev_cfg0 & 0x00fffffffffffffcull;

		if ((s[i]->irq_ctrlack & 1) && ge && ge == addr &&
		    s[i]->ge_cfg1 == data)
			return true;
		if ((s[i]->irq_ctrlack & 4) && ev && ev == addr &&
		    s[i]->ev_cfg1 == data)
			return true;
	}
	return consumed && fz_sync_target(f, b, consumed, w);
}

static bool fz_event_slot(const struct fz_wr *w, uint64_t ebase,
			  unsigned int eqs, uint32_t first, uint32_t slots)
{
	uint64_t off;
	uint32_t slot, d;

	if (!slots || w->gpa < ebase || w->gpa - ebase >= (32ull << eqs))
		return false;
	off = w->gpa - ebase;
	if ((off & 31) + w->len > 32)
		return false;
	slot = (uint32_t)(off / 32);
	d = (slot - first) & ((1u << eqs) - 1);
	return d < slots || slots >= (1u << eqs);
}

static void fz_invariants(struct fz *f, const struct fz_regs *b,
			  const struct fz_regs *a, const struct fz_call *c)
{
	uint32_t consumed = 0, produced = 0;
	unsigned int qs, eqs = 0;
	uint64_t ebase = 0;
	bool evq_same;

	fz_check_backends(f);
	if (!fz_wrote(c, SMMU_GERRORN, 4))
		check(a->gen == b->gen);
	check(((a->ge ^ b->ge) & (b->ge ^ a->gen)) == 0);

	/* ---- command queue ---- */
	qs = fz_q_log2(a->cmdq_base, f->cmdqs);
	if (a->cmdq_base == b->cmdq_base) {
		if (fz_wrote(c, SMMU_CMDQ_CONS, 4)) {
			if (b->cr0ack & 8)
				check(fz_q_pos(a->cmdq_cons, qs) ==
				      fz_q_pos(b->cmdq_cons, qs));
		} else {
			consumed = fz_q_dist(b->cmdq_cons, a->cmdq_cons, qs);
		}
		if (consumed) {
			check((b->cr0ack | a->cr0ack) & 8);
			check(fz_q_ok(a->cmdq_prod, b->cmdq_cons, qs));
			check(consumed <= fz_q_dist(b->cmdq_cons,
						    a->cmdq_prod, qs));
			check(c->kind == FZ_K_WRITE || c->kind == FZ_K_RESUME);
			check(consumed <= f->budget);
		}
		/* finished: nothing runnable is left behind */
		if ((c->kind == FZ_K_RESUME ||
		     (fz_wrote(c, SMMU_CMDQ_PROD, 4) &&
		      a->cmdq_prod != b->cmdq_prod)) &&
		    c->ret == 0 && (a->cr0ack & 8) &&
		    !((a->ge ^ a->gen) & SMMU_GERROR_CMDQ_ERR) &&
		    fz_q_ok(a->cmdq_prod, a->cmdq_cons, qs))
			check(fz_q_pos(a->cmdq_prod, qs) ==
			      fz_q_pos(a->cmdq_cons, qs));
	} else {
		check(!(b->cr0ack & 8));
		check(c->kind == FZ_K_WRITE);
	}

	/* ---- event queue ---- */
	/* (the page-0 alias of EVENTQ_PROD is optional: either may be
	 * written by the guest) */
	evq_same = a->evtq_base == b->evtq_base &&
		   !fz_wrote(c, SMMU_EVENTQ_PROD, 4) &&
		   !fz_wrote(c, SMMU_EVENTQ_PROD_P0, 4);
	if (evq_same) {
		eqs = fz_q_log2(a->evtq_base, f->evtqs);
		ebase = fz_q_addr(a->evtq_base, eqs, 32);
		produced = fz_q_dist(b->evtq_prod, a->evtq_prod, eqs);
		if (produced) {
			check((b->cr0ack | a->cr0ack) & 4);
			check(fz_q_ok(a->evtq_prod, a->evtq_cons, eqs));
		}
		if ((a->evtq_prod ^ b->evtq_prod) & 0x80000000u)
			check(((b->evtq_prod ^ b->evtq_cons) &
			       0x80000000u) == 0);
	} else if (a->evtq_base != b->evtq_base) {
		check(!(b->cr0ack & 4));
		check(c->kind == FZ_K_WRITE);
	}

	/* ---- guest memory writes ---- */
	check(!f->wr_lost);
	for (unsigned int i = 0; i < f->nwr; i++) {
		const struct fz_wr *w = &f->wr[i];
		bool ok = false;

		if (w->msi) {
			if (!fz_msi_ok(f, b, a, consumed, w))
				fprintf(stderr, "msi %#llx data %#x; "
					"irq_ctrlack "
					"%#x/%#x gerror cfg0 %#llx/%#llx cfg1 "
					"%#x/%#x eventq cfg0 %#llx/%#llx cfg1 "
					"%#x/%#x; consumed %u from cons %#x\n",
					(unsigned long long)w->gpa, w->data,
					b->irq_ctrlack, a->irq_ctrlack,
					(unsigned long long)b->ge_cfg0,
					(unsigned long long)a->ge_cfg0,
					b->ge_cfg1, a->ge_cfg1,
					(unsigned long long)b->ev_cfg0,
					(unsigned long long)a->ev_cfg0,
					b->ev_cfg1, a->ev_cfg1, consumed,
					b->cmdq_cons);
			check(fz_msi_ok(f, b, a, consumed, w));
			continue;
		}
		if (evq_same &&
		    fz_event_slot(w, ebase, eqs, b->evtq_prod,
				  produced + ((a->ge ^ b->ge) & 4 ? 1 : 0))) {
			ok = true;
			/* a whole record: its StreamID is a vSID */
			if (w->len == 32 && ((w->gpa - ebase) & 31) == 0) {
				uint32_t sid = (uint32_t)(w->w0 >> 32);

				check(f->sid_bits >= 32 ||
				      sid < (1u << f->sid_bits));
				if (c->kind == FZ_K_EVENT)
					check(sid == c->evt_vsid);
			}
		}
		/* MSI data the host bounced back as a RAM write */
		if (!ok && w->len == 4 &&
		    fz_msi_ok(f, b, a, consumed, w))
			ok = true;
		if (!ok)
			fprintf(stderr, "write gpa %#llx len %u data %#x "
				"call %d off %#x; evtq base %#llx prod "
				"%#x->%#x cons %#x; gerror %#x->%#x; "
				"consumed %u\n", (unsigned long long)w->gpa,
				w->len, w->data, c->kind, c->off,
				(unsigned long long)a->evtq_base, b->evtq_prod,
				a->evtq_prod, a->evtq_cons, b->ge, a->ge,
				consumed);
		check(ok);
	}
	f->nwr = 0;

	/* the event rate limit of the domain */
	{
		struct viommu_stats st;

		viommu_get_stats(f->d, &st);
		check(st.evt_delivered <= FZ_EVT_BURST +
					   (uint64_t)FZ_EVT_RATE * f->ticks);
	}
}

/* ---- Calls --------------------------------------------------------------- */

static void fz_mmio_write(struct fz *f, uint32_t off, unsigned int size,
			  uint64_t val)
{
	struct fz_regs b, a;
	struct fz_call c = { .kind = FZ_K_WRITE, .off = off, .size = size };

	snprintf(fz_last, sizeof(fz_last), "mmio_write(%#x, %u, %#llx)", off,
		 size, (unsigned long long)val);
	fz_snap_before(f, &b);
	c.ret = vsmmu_mmio_write(f->v, off, size, val);
	if (off >= SMMU_MMIO_SIZE)
		check(c.ret == -VSMMU_ERR_RANGE);
	else
		check(c.ret == 0 || c.ret == VSMMU_PENDING);
	fz_snap(f, &a);
	fz_invariants(f, &b, &a, &c);
}

static void fz_mmio_read(struct fz *f, uint32_t off, unsigned int size)
{
	struct fz_regs b, a;
	struct fz_call c = { .kind = FZ_K_READ };
	uint64_t v = 0x5a5a5a5a5a5a5a5aull;
	int ret;

	snprintf(fz_last, sizeof(fz_last), "mmio_read(%#x, %u)", off, size);
	fz_snap_before(f, &b);
	ret = vsmmu_mmio_read(f->v, off, size, &v);
	if (off >= SMMU_MMIO_SIZE) {
		check(ret == -VSMMU_ERR_RANGE);
		check(v == 0);
	} else {
		unsigned int w = smmu_reg_width(off & ~3u);

		check(ret == 0);
		if ((size != 4 && size != 8) || (off & 3) || w == 0 ||
		    (w == 4 && size == 8))
			check(v == 0);
		if (size == 4)
			check(v <= 0xffffffffull);
	}
	fz_snap(f, &a);
	fz_invariants(f, &b, &a, &c);
}

static void fz_resume(struct fz *f)
{
	struct fz_regs b, a;
	struct fz_call c = { .kind = FZ_K_RESUME };

	snprintf(fz_last, sizeof(fz_last), "resume");
	fz_snap_before(f, &b);
	c.ret = vsmmu_resume(f->v);
	check(c.ret == 0 || c.ret == VSMMU_PENDING);
	fz_snap(f, &a);
	fz_invariants(f, &b, &a, &c);
}

/* A stage-1 (or other) physical event for a pSID, routed to the guest. */
static void fz_event(struct fz *f, struct fz_in *in)
{
	static const uint8_t ids[] = {
		SMMU_EVT_C_BAD_STE, SMMU_EVT_F_STREAM_DISABLED,
		SMMU_EVT_C_BAD_SUBSTREAMID, SMMU_EVT_C_BAD_CD,
		SMMU_EVT_F_TRANSLATION, SMMU_EVT_F_ADDR_SIZE,
		SMMU_EVT_F_ACCESS, SMMU_EVT_F_PERMISSION,
		SMMU_EVT_F_WALK_EABT, SMMU_EVT_F_STE_FETCH,
		SMMU_EVT_C_BAD_STREAMID, SMMU_EVT_F_UUT,
	};
	struct fz_regs b, a;
	struct fz_call c = { .kind = FZ_K_EVENT, .evt_vsid = ~0u };
	uint8_t sel = fz_u8(in), bsel = fz_u8(in);
	unsigned int bi = bsel % f->nb;
	uint32_t psid = fz_u16(in), vsid;
	struct smmu_evt e;
	uint64_t rec[4];
	int ret;

	memset(&e, 0, sizeof(e));
	e.id = ids[sel % sizeof(ids)];
	e.sid = psid;
	e.s2 = sel & 0x80;
	e.ssv = sel & 0x40;
	e.ssid = e.ssv ? fz_u8(in) : 0;
	e.input_addr = fz_u64(in);
	e.ipa = (uint64_t)fz_u16(in) << 12;
	e.rnw = bsel & 2;
	e.class_ = (bsel >> 2) & 3;
	smmu_evt_encode(&e, rec);
	if (viommu_psid_lookup(f->d, f->bidx[bi], psid, &vsid) == 0)
		c.evt_vsid = vsid;
	snprintf(fz_last, sizeof(fz_last), "route_event(%u, %#x, id %#x)", bi,
		 psid, e.id);
	fz_snap_before(f, &b);
	ret = viommu_route_event(f->d, f->bidx[bi], psid, rec);
	check(ret == 0 || ret == -VSMMU_ERR_NOENT ||
	      ret == -VSMMU_ERR_NOTSUPP || ret == -VSMMU_ERR_BUSY);
	if (ret == 0)
		check(c.evt_vsid != ~0u);
	fz_snap(f, &a);
	fz_invariants(f, &b, &a, &c);
}

static void fz_xlate(struct fz *f, struct fz_in *in)
{
	struct fz_regs b, a;
	struct fz_call c = { .kind = FZ_K_XLATE };
	uint8_t fl = fz_u8(in);
	uint32_t vsid = fz_u8(in);
	uint32_t ssid = (fl & 1) ? fz_u8(in) & 7 : VSMMU_SSID_NONE;
	uint64_t iova = (fl & 2) ? fz_u64(in) : (uint64_t)fz_u16(in) << 4;
	struct pgt_access acc = {
		.type = (enum pgt_acc_type)(((fl >> 2) & 3) % 3),
		.priv = fl & 16,
	};
	struct vsmmu_xlate x;
	int ret;

	if (fl & 0x80)
		vsid |= (uint32_t)fz_u16(in) << 8;
	snprintf(fz_last, sizeof(fz_last), "translate(%#x, %#x, %#llx)", vsid,
		 ssid, (unsigned long long)iova);
	fz_snap_before(f, &b);
	ret = vsmmu_translate(f->v, vsid, ssid, iova, acc, &x);
	if (f->sid_bits < 32 && vsid >= (1u << f->sid_bits))
		check(ret == -VSMMU_ERR_RANGE || ret == -VSMMU_ERR_INVAL);
	else
		check(ret == 0 || ret == -VSMMU_ERR_FAULT);
	if (ret == 0 && !x.bypass)
		check(pgt_perm_allows(x.perm, acc));
	fz_snap(f, &a);
	fz_invariants(f, &b, &a, &c);
}

/*
 * Physical mode: a device's access translated by the physical SMMU (the
 * model) through the guest's stage 1 and the hypervisor's stage 2. A
 * domain device only ever reaches the domain's stage-2 image; the
 * neighbour (another domain, empty stage 2) reaches nothing.
 */
static void fz_dev(struct fz *f, struct fz_in *in)
{
	struct fz_regs b, a;
	struct fz_call c = { .kind = FZ_K_XLATE };
	struct smmu_model_result r;
	uint8_t sel = fz_u8(in), fl = fz_u8(in);
	bool nb = (sel & 0x80) || !f->npsid;
	uint32_t sid = nb ? FZ_NEIGHBOUR_SID : f->psids[sel % f->npsid];
	uint32_t ssid = (sel & 0x40) ? fz_u8(in) & 7 : SMMU_MODEL_NO_SSID;
	uint64_t iova = (fl & 1) ? fz_u64(in) : (uint64_t)fz_u16(in) << 4;
	unsigned int acc = (fl >> 1) & 7;
	uint32_t vsid;
	int ret;

	snprintf(fz_last, sizeof(fz_last), "device(%#x, %#x, %#llx)", sid,
		 ssid, (unsigned long long)iova);
	fz_snap_before(f, &b);
	ret = smmu_model_translate(f->rig->m, sid, ssid, iova, acc, &r);
	check(ret == 0 || ret == -VSMMU_ERR_FAULT);
	if (ret == 0) {
		check(!nb);
		check(r.pa >= fz_img && r.pa - fz_img < FZ_RAM);
	}
	/*
	 * The host's event path: the driver drains the physical queue and
	 * hands stage-1 faults of nested pSIDs over, which are routed to
	 * the guest. Only this device's stage-1 faults may come out;
	 * stage-2 faults and the neighbour's stay with the hypervisor.
	 */
	check(psmmu_poll_events(f->rig->p, 0) >= 0);
	while (f->ns1_seen != f->rig->h.ns1) {
		const struct pf_fault *pf =
			&f->rig->h.s1[f->ns1_seen % PF_REC];
		int rret;

		f->ns1_seen++;
		check(!nb && pf->sid == sid && !pf->evt.s2);
		check(viommu_psid_lookup(f->d, f->bidx[0], sid, &vsid) == 0);
		c.kind = FZ_K_EVENT;
		c.evt_vsid = vsid;
		rret = viommu_route_event(f->d, f->bidx[0], pf->sid, pf->raw);
		check(rret == 0 || rret == -VSMMU_ERR_BUSY);
	}
	fz_snap(f, &a);
	fz_invariants(f, &b, &a, &c);
}

/* ---- Guest structures ---------------------------------------------------- */

static void fz_poke_words(struct fz *f, uint64_t gpa, const uint64_t *w,
			  unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int k = 0; k < 8; k++)
			if (gpa + 8 * i + k < FZ_RAM)
				f->ram[gpa + 8 * i + k] =
					(uint8_t)(w[i] >> (8 * k));
}

static uint64_t fz_rd_now(struct fz *f, uint32_t off)
{
	uint64_t v = 0;

	vsmmu_mmio_read(f->v, off, smmu_reg_width(off) == 8 ? 8 : 4, &v);
	return v;
}

static uint64_t fz_ram_addr(uint8_t b, unsigned int a)
{
	return ((uint64_t)b << a) & (FZ_RAM - 1);
}

static const uint8_t fz_ops[] = {
	SMMU_CMD_PREFETCH_CONFIG, SMMU_CMD_PREFETCH_ADDR, SMMU_CMD_CFGI_STE,
	SMMU_CMD_CFGI_STE_RANGE, SMMU_CMD_CFGI_CD, SMMU_CMD_CFGI_CD_ALL,
	SMMU_CMD_CFGI_VMS_PIDM, SMMU_CMD_TLBI_NH_ALL, SMMU_CMD_TLBI_NH_ASID,
	SMMU_CMD_TLBI_NH_VA, SMMU_CMD_TLBI_NH_VAA, SMMU_CMD_TLBI_EL3_ALL,
	SMMU_CMD_TLBI_EL2_ALL, SMMU_CMD_TLBI_EL2_ASID, SMMU_CMD_TLBI_EL2_VA,
	SMMU_CMD_TLBI_S12_VMALL, SMMU_CMD_TLBI_S2_IPA, SMMU_CMD_TLBI_NSNH_ALL,
	SMMU_CMD_ATC_INV, SMMU_CMD_PRI_RESP, SMMU_CMD_RESUME,
	SMMU_CMD_STALL_TERM, SMMU_CMD_SYNC, SMMU_CMD_SYNC, 0x00, 0xff,
};

static void fz_put_cmd(struct fz *f, struct fz_in *in)
{
	uint8_t sel = fz_u8(in), slot = fz_u8(in), fl = fz_u8(in);
	uint64_t base = fz_rd_now(f, SMMU_CMDQ_BASE), w[2];
	unsigned int qs = fz_q_log2(base, f->cmdqs);
	uint64_t qaddr = fz_q_addr(base, qs, 16);
	struct smmu_cmd c;

	memset(&c, 0, sizeof(c));
	c.op = fz_ops[sel % sizeof(fz_ops)];
	c.sid = fz_u8(in);
	c.ssid = fl & 1 ? fz_u8(in) : 0;
	c.leaf = fl & 2;
	c.range = fz_u8(in) & 31;
	c.vmid = fz_u8(in);
	c.asid = fz_u8(in);
	if (fl & 4) {
		c.num = fz_u8(in) & 31;
		c.scale = fz_u8(in) & 31;
		c.tg = fz_u8(in) & 3;
		c.ttl = fz_u8(in) & 3;
	}
	c.addr = (uint64_t)fz_u16(in) << 12;
	c.cs = (fl >> 3) & 3;
	c.msidata = fz_u8(in);
	slot &= (uint8_t)((1u << qs) - 1);
	c.msiaddr = (fl & 0x20) ? qaddr + 16ull * slot :
				  fz_ram_addr(fz_u8(in), 2);
	smmu_cmd_encode(&c, w);
	fz_poke_words(f, qaddr + 16ull * slot, w, 2);
	if (fl & 0x40) {
		uint32_t prod = (uint32_t)fz_rd_now(f, SMMU_CMDQ_PROD);
		uint32_t n = 1 + ((fl >> 7) & 1);

		prod = (fz_q_pos(prod, qs) + n) & ((2u << qs) - 1);
		fz_mmio_write(f, SMMU_CMDQ_PROD, 4, prod);
	}
}

static void fz_put_ste(struct fz *f, struct fz_in *in)
{
	static const uint8_t cfgs[8] = { 0, 4, 5, 6, 7, 5, 1, 2 };
	uint8_t sid = fz_u8(in), fl = fz_u8(in), more = fz_u8(in);
	uint64_t base = fz_rd_now(f, SMMU_STRTAB_BASE) & 0x00ffffffffffffc0ull;
	struct smmu_ste s;
	uint64_t w[8];

	memset(&s, 0, sizeof(s));
	s.v = !(fl & 0x80) || (fl & 1);
	s.config = cfgs[fl & 7];
	s.s1fmt = (fl >> 3) & 3;
	s.s1ctxptr = fz_ram_addr(fz_u8(in), 6);
	s.s1cdmax = fz_u8(in) & 31;
	s.s1dss = (fl >> 5) & 3;
	s.s1cir = more & 3;
	s.s1cor = (more >> 2) & 3;
	s.s1csh = (more >> 4) & 3;
	s.s1stalld = more & 0x40;
	s.eats = (more >> 7) & 1;
	/* stage-2 and attribute fields the vSMMU must ignore */
	if (more & 0x80) {
		s.s2vmid = fz_u16(in);
		s.s2ttb = fz_ram_addr(fz_u8(in), 12);
		s.s2t0sz = 25;
		s.s2aa64 = true;
		s.memattr = 0xf;
		s.privcfg = 3;
	}
	smmu_ste_encode(&s, w);
	fz_poke_words(f, base + 64ull * sid, w, 8);
}

static void fz_put_cd(struct fz *f, struct fz_in *in)
{
	uint8_t at = fz_u8(in), fl = fz_u8(in);
	struct smmu_cd c;
	uint64_t w[8];

	memset(&c, 0, sizeof(c));
	c.v = !(fl & 0x80) || (fl & 1);
	c.t0sz = 25 + fz_u8(in) % 8;
	c.epd1 = true;
	c.ips = 5;
	c.aa64 = true;
	c.affd = fl & 2;
	c.r = fl & 4;
	c.a = fl & 8;
	c.asid = fz_u8(in);
	c.ttb0 = fz_ram_addr(fz_u8(in), 12);
	c.mair = 0xff04ull;
	smmu_cd_encode(&c, w);
	fz_poke_words(f, fz_ram_addr(at, 6), w, 8);
}

static void fz_put_pte(struct fz *f, struct fz_in *in)
{
	uint16_t at = fz_u16(in);
	uint8_t to = fz_u8(in), fl = fz_u8(in);
	uint64_t d = fz_ram_addr(to, 12) | (fl & 3) | 0x400u |
		     ((uint64_t)(fl & 0xfc) << 2);

	fz_poke_words(f, ((uint64_t)at << 3) & (FZ_RAM - 1), &d, 1);
}

static void fz_bringup(struct fz *f, struct fz_in *in)
{
	uint8_t a = fz_u8(in), b = fz_u8(in), c = fz_u8(in), sz = fz_u8(in);

	fz_mmio_write(f, SMMU_CR0, 4, 0);
	fz_mmio_write(f, SMMU_STRTAB_BASE, 8, fz_ram_addr(a, 12));
	fz_mmio_write(f, SMMU_STRTAB_BASE_CFG, 4, 6);
	fz_mmio_write(f, SMMU_CMDQ_BASE, 8, fz_ram_addr(b, 12) | (sz & 7));
	fz_mmio_write(f, SMMU_CMDQ_PROD, 4, 0);
	fz_mmio_write(f, SMMU_CMDQ_CONS, 4, 0);
	fz_mmio_write(f, SMMU_EVENTQ_BASE, 8,
		      fz_ram_addr(c, 12) | ((sz >> 3) & 3));
	fz_mmio_write(f, SMMU_EVENTQ_PROD, 4, 0);
	fz_mmio_write(f, SMMU_EVENTQ_CONS, 4, 0);
	if (sz & 0x20) {
		fz_mmio_write(f, SMMU_EVENTQ_IRQ_CFG0, 8,
			      fz_ram_addr(fz_u8(in), 2));
		fz_mmio_write(f, SMMU_GERROR_IRQ_CFG0, 8,
			      (sz & 0x40) ? 0x80000000u :
					    fz_ram_addr(fz_u8(in), 2));
		fz_mmio_write(f, SMMU_IRQ_CTRL, 4, 5);
	}
	fz_mmio_write(f, SMMU_CR0, 4, 0xd);
}

static const uint32_t fz_regs_tab[] = {
	SMMU_CR0, SMMU_CR1, SMMU_CR2, SMMU_GBPA, SMMU_IRQ_CTRL, SMMU_GERRORN,
	SMMU_GERROR_IRQ_CFG0, SMMU_GERROR_IRQ_CFG1, SMMU_GERROR_IRQ_CFG2,
	SMMU_STRTAB_BASE, SMMU_STRTAB_BASE_CFG, SMMU_CMDQ_BASE,
	SMMU_CMDQ_PROD, SMMU_CMDQ_CONS, SMMU_EVENTQ_BASE,
	SMMU_EVENTQ_IRQ_CFG0, SMMU_EVENTQ_IRQ_CFG1, SMMU_EVENTQ_IRQ_CFG2,
	SMMU_EVENTQ_PROD, SMMU_EVENTQ_CONS, SMMU_EVENTQ_PROD_P0,
	SMMU_EVENTQ_CONS_P0, SMMU_PRIQ_BASE, SMMU_PRIQ_PROD, SMMU_PRIQ_CONS,
	SMMU_GERROR, SMMU_CR0ACK, SMMU_IDR0, SMMU_IDR1, SMMU_GATOS_CTRL,
	SMMU_S2PII, SMMU_PIDR2,
};

static uint32_t fz_off(struct fz_in *in)
{
	uint8_t c = fz_u8(in);

	if (c & 0x80)
		return fz_u16(in) | (uint32_t)(c & 0x3) << 16;
	return fz_regs_tab[c % (sizeof(fz_regs_tab) / 4)] + (c & 0x40 ? 4 : 0);
}

static unsigned int fz_size(uint8_t b)
{
	static const uint8_t s[8] = { 4, 4, 8, 8, 4, 1, 2, 3 };

	return s[b & 7];
}

/* ---- Setup --------------------------------------------------------------- */

static const struct viommu_host_ops fz_vhost = {
	.alloc = fz_alloc,
	.free = fz_free,
	.access_check = fz_acl,
};

static struct vsmmu_host_ops fz_host = {
	.gpa_read = fz_gpa_read,
	.gpa_write = fz_gpa_write,
	.msi_write = fz_msi_write,
	.mem = { .alloc = fz_alloc, .free = fz_free },
};

/*
 * The physical side: the model, the psmmu driver, the domain's stage 2
 * and a neighbour device in another stage-2 domain.
 */
/* pgtable callbacks over the rig's physical memory (the stage-2 tables) */
static int fz_pf_read(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	void *p = pf_mem_va(ctx, pa.v);

	if (!p)
		return -VSMMU_ERR_IO;
	memcpy(buf, p, len);
	return 0;
}

static int fz_pf_write(void *ctx, smmu_pa_t pa, const void *buf, size_t len)
{
	void *p = pf_mem_va(ctx, pa.v);

	if (!p)
		return -VSMMU_ERR_IO;
	memcpy(p, buf, len);
	return 0;
}

static int fz_pf_alloc(void *ctx, size_t size, smmu_pa_t *pa)
{
	*pa = smmu_pa(pf_mem_alloc(ctx, size, size));
	return 0;
}

static void fz_pf_free(void *ctx, smmu_pa_t pa, size_t size)
{
	(void)ctx;
	(void)pa;
	(void)size;
}

/* The domain's stage 2: IPA [0, FZ_RAM) -> fz_img, read/write/exec. */
static smmu_pa_t fz_build_s2(void)
{
	const struct pgt_mem pm = {
		.read = fz_pf_read, .write = fz_pf_write, .ctx = &fz_rig.h.mem,
	};
	const struct pgt_alloc_ops ao = {
		.alloc = fz_pf_alloc, .free = fz_pf_free, .ctx = &fz_rig.h.mem,
	};
	const struct pgt_table_cfg tc = {
		.fmt = PGT_FMT_S2, .granule = PGT_GRAN_4K, .tsz = 24,
		.oas = 48, .sl0 = 1,
	};
	const struct pgt_prot prot = {
		.flags = PGT_PROT_R | PGT_PROT_W | PGT_PROT_X, .attr = 0xf,
		.sh = 3,
	};
	struct pgt_s2_cfg sc;

	fz_img = pf_mem_alloc(&fz_rig.h.mem, FZ_RAM, FZ_RAM);
	if (pgt_table_init(&fz_s2t, &tc, &pm, &ao) ||
	    pgt_map(&fz_s2t, 0, fz_img, FZ_RAM, &prot) ||
	    pgt_table_s2_cfg(&fz_s2t, &sc))
		abort();
	return sc.vttb;
}

static void fz_phys_setup(struct fz *f, struct fz_in *in)
{
	struct psmmu_s2_cfg s2 = { .granule_log2 = 12, .tsz = 24, .sl0 = 1,
				   .ps_bits = 48, .ir = 1, .orgn = 1, .sh = 3 };
	uint32_t nsid = FZ_NEIGHBOUR_SID;
	uint8_t n = fz_u8(in);

	if (!fz_rig_ready) {
		if (pm_rig_init(&fz_rig, NULL, NULL))
			abort();
		if (psmmu_dev_add(fz_rig.p, 1, fz_cand, 8) ||
		    psmmu_dev_add(fz_rig.p, 2, &nsid, 1))
			abort();
		s2.vttb = fz_build_s2();
		if (psmmu_domain_create(fz_rig.p, &s2, &fz_pdom))
			abort();
		s2.vttb = smmu_pa(pf_mem_alloc(&fz_rig.h.mem, 8192, 8192));
		if (psmmu_domain_create(fz_rig.p, &s2, &fz_ndom) ||
		    psmmu_attach_s2(fz_rig.p, nsid, fz_ndom))
			abort();
		memcpy(fz_nb_ste, psmmu_strtab_ste_(fz_rig.p, nsid, NULL, NULL),
		       sizeof(fz_nb_ste));
		fz_rig_ready = true;
	}
	f->rig = &fz_rig;
	f->pdom = fz_pdom;
	/* whatever an earlier input left in the physical event queue */
	while (psmmu_poll_events(fz_rig.p, 256) > 0)
		;
	f->ns1_seen = fz_rig.h.ns1;
	/* the guest's RAM is what its stage 2 maps */
	f->ram = pf_mem_va(&fz_rig.h.mem, fz_img);
	memset(f->ram, 0, FZ_RAM);
	f->npsid = 1 + (n & 3);
	for (unsigned int i = 0; i < f->npsid; i++)
		f->psids[i] = fz_cand[2 * i + ((n >> 4) & 1)];
	if (viommu_psmmu_backend_init(&f->pb, f->rig->p, f->pdom))
		abort();
	if (viommu_add_backend(f->d, &viommu_psmmu_backend_ops, &f->pb,
			       &f->bidx[0]))
		abort();
	f->nb = 1;
}

/*
 * Keep the pSIDs the map took, and read the hypervisor's stage-2 words
 * from a stage-2-only attach of one of them.
 */
static void fz_phys_ref(struct fz *f)
{
	unsigned int k = 0;
	uint64_t cons = 0;
	uint32_t vsid;

	for (unsigned int i = 0; i < f->npsid; i++)
		if (!viommu_psid_lookup(f->d, f->bidx[0], f->psids[i], &vsid))
			f->psids[k++] = f->psids[i];
	f->npsid = k;
	if (k) {
		const uint64_t *w;

		check(!viommu_psid_lookup(f->d, f->bidx[0], f->psids[0],
					  &vsid));
		if (viommu_attach_bypass(f->d, vsid))
			abort();
		w = fz_pste(f, f->psids[0]);
		check(((vsmmu_le64_to_cpu(w[0]) >> 1) & 7) == 6);
		f->ref_w2 = vsmmu_le64_to_cpu(w[2]);
		f->ref_w3 = vsmmu_le64_to_cpu(w[3]);
	}
	smmu_model_mmio_read(f->rig->m, SMMU_CMDQ_CONS, 4, &cons);
	f->mcons = (uint32_t)cons;
}

static bool fz_setup(struct fz *f, struct fz_in *in)
{
	struct viommu_cfg vc = {
		.type = VIOMMU_TYPE_SMMUV3,
		.max_vsids = 256,
		.evt_burst = FZ_EVT_BURST,
		.evt_rate = FZ_EVT_RATE,
	};
	uint8_t h0 = fz_u8(in), h1 = fz_u8(in), nmap = fz_u8(in);

	if (viommu_dom_create(&vc, &fz_vhost, f, 1, &f->d))
		abort();
	f->phys = nmap & 8;
	if (f->phys) {
		fz_phys_setup(f, in);
	} else {
		f->nb = 1 + (h1 & 1);
		for (unsigned int i = 0; i < f->nb; i++) {
			viommu_mock_init(&f->mock[i], (uint16_t)(7 + 2 * i));
			if (viommu_add_backend(f->d, &viommu_mock_ops,
					       &f->mock[i], &f->bidx[i]))
				abort();
		}
	}
	f->cfg.cmd_budget = 1 + (h0 & 7);
	f->cfg.sid_bits = 4 + ((h0 >> 3) & 7);
	f->cfg.cmdq_log2_max = 1 + ((h1 >> 1) & 7);
	f->cfg.evtq_log2_max = (h1 >> 4) & 3;
	f->cfg.tlb_entries = (h0 & 0x40) ? 1 : 8;
	f->cfg.irq_combined = h0 & 0x80;
	/*
	 * pSIDs of the domain's devices, at input-chosen vSIDs the guest
	 * can name (below 2^SIDSIZE: a vSID above it would reach the guest
	 * in events it cannot address; see docs/security.md)
	 */
	for (unsigned int i = 0; i < (nmap & 7u); i++) {
		uint8_t b = fz_u8(in);
		uint32_t psid = fz_u16(in), vsid = fz_u8(in);

		vsid &= (1u << f->cfg.sid_bits) - 1;
		if (f->phys) {
			/* the devices registered with the SMMU */
			psid = f->psids[b % f->npsid];
		}
		viommu_vsid_map(f->d, f->bidx[b % f->nb], psid, vsid);
	}
	if (f->phys)
		fz_phys_ref(f);
	f->budget = f->cfg.cmd_budget;
	f->sid_bits = f->cfg.sid_bits;
	f->cmdqs = f->cfg.cmdq_log2_max;
	f->evtqs = f->cfg.evtq_log2_max;
	f->ssidsize = 20;	/* the mock's SSIDSIZE */
	f->fail_page = h1 & 0x40;
	f->fail_base = (uint64_t)(nmap >> 4) << 12;
	f->msi_ret = (h1 & 0x80) ? -VSMMU_ERR_IO : 0;
	if (vsmmu_create(&f->cfg, &fz_host, f, f->d, &f->v))
		abort();
	/* the sizes the guest is told (0 in the cfg means a default) */
	{
		uint32_t idr1 = (uint32_t)fz_rd(f, SMMU_IDR1, 4);

		check(f->sid_bits == (idr1 & 0x3f));
		f->evtqs = (idr1 >> 16) & 0x1f;
		check(f->cmdqs == ((idr1 >> 21) & 0x1f));
		check(f->ssidsize >= ((idr1 >> 6) & 0x1f));
		f->ssidsize = (idr1 >> 6) & 0x1f;
	}
	for (unsigned int i = 0; i < f->nb; i++)
		f->seen[i] = 0;
	fz_check_backends(f);
	f->nwr = 0;
	return true;
}

static void fz_teardown(struct fz *f)
{
	FZ_STAT(f);
	vsmmu_destroy(f->v);
	viommu_dom_destroy(f->d);
	if (f->phys) {
		/* no guest stage 1 stays live */
		fz_check_phys(f, true);
		return;
	}
	for (unsigned int i = 0; i < f->nb; i++)
		viommu_mock_fini(&f->mock[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz f;
	struct fz_in in = { data, size };
	unsigned int nops = 0;

	memset(&f, 0, sizeof(f));
	f.ram = f.ram_buf;
	fz_setup(&f, &in);
	while (in.n && nops++ < 256) {
		uint8_t op = fz_u8(&in);

		switch (op % 14) {
		case 0:
		case 1: {
			uint32_t off = fz_off(&in);
			uint8_t s = fz_u8(&in);

			fz_mmio_write(&f, off, fz_size(s),
				      s & 0x80 ? fz_u64(&in) : fz_u8(&in));
			break;
		}
		case 2: {
			uint32_t off = fz_off(&in);

			fz_mmio_read(&f, off, fz_size(fz_u8(&in)));
			break;
		}
		case 3: {
			uint16_t at = fz_u16(&in);
			uint8_t len = fz_u8(&in) & 31;

			for (unsigned int i = 0; i < len; i++)
				f.ram[(at + i) & (FZ_RAM - 1)] = fz_u8(&in);
			break;
		}
		case 4:
			fz_put_cmd(&f, &in);
			break;
		case 5:
			fz_put_ste(&f, &in);
			break;
		case 6:
			fz_put_cd(&f, &in);
			break;
		case 7:
			fz_put_pte(&f, &in);
			break;
		case 8:
			fz_resume(&f);
			break;
		case 9:
			fz_event(&f, &in);
			break;
		case 10:
			if (f.phys && (op & 0x80))
				fz_dev(&f, &in);
			else
				fz_xlate(&f, &in);
			break;
		case 11:
			fz_bringup(&f, &in);
			break;
		case 12:
			viommu_tick(f.d);
			f.ticks++;
			break;
		default: {
			uint64_t ge = fz_rd_now(&f, SMMU_GERROR) & 0xffffffffu;
			uint64_t p = fz_rd_now(&f, SMMU_EVENTQ_PROD) &
				     0xffffffffu;

			if (op & 0x10)
				fz_mmio_write(&f, SMMU_GERRORN, 4, ge);
			else
				fz_mmio_write(&f, SMMU_EVENTQ_CONS, 4, p);
			break;
		}
		}
	}
	fz_teardown(&f);
	return 0;
}
