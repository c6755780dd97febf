// SPDX-License-Identifier: MIT
/*
 * Fuzz the SMMUv3 hardware model through everything a driver and a device
 * can do to it: MMIO reads and writes at any offset, of any size and
 * value; physical memory holding queues, stream tables, CDs and page
 * tables (raw bytes, or structures built with the arch encoders so the
 * walk gets deep); smmu_model_step() in deferred mode; device DMA and
 * translations.
 *
 * Invariants, checked after every call into the model (register values
 * are read back through MMIO, queue arithmetic is written here):
 *  - every call returns, with a return code the header allows, and an
 *    access the header calls bad reads as zero;
 *  - CMDQ: CONS never passes PROD (it advances only over entries between
 *    CONS and PROD of a consistent pair), never moves on a CONS write
 *    while CMDQEN, advances at most cmd_budget per write in immediate
 *    mode, only in smmu_model_step() in deferred mode, and the step
 *    returns exactly how far CONS moved;
 *  - EVENTQ: PROD never passes CONS; OVFLG toggles only when no overflow
 *    is pending;
 *  - GERROR changes only by the toggle protocol (a bit flips only while
 *    inactive) and GERRORN only by a write to it;
 *  - memory is written only as event records into the slots PROD moved
 *    over, as MSIs to a configured GERROR/EVENTQ target or to the address
 *    of a CMD_SYNC consumed in that call, and as DMA data during a DMA
 *    write (at most its length); nothing else;
 *  - CR0ACK and IRQ_CTRLACK never show a bit their register lacks;
 *  - the ID registers do not change.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vsmmu/arch.h"
#include "vsmmu/model.h"

/* An invariant: name it on stderr, then abort (libFuzzer keeps the input). */
#define check(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: invariant failed: %s\n",\
				__FILE__, __LINE__, #cond);		\
			abort();					\
		}							\
	} while (0)

#ifdef FZ_STATS
/* -DFZ_STATS: what the corpus reaches, from the model's own counters. */
static struct smmu_model_counters fz_tot;
static void fz_stats_print(void)
{
	fprintf(stderr, "cmds %llu cmd_errors %llu events %llu dropped %llu "
		"overflows %llu msis %llu msi_err %llu translations %llu "
		"faults %llu walks %llu tlb_hits %llu dma_bytes %llu "
		"syncs %llu cfgi_ste %llu tlbi_va %llu\n",
		(unsigned long long)fz_tot.cmds,
		(unsigned long long)fz_tot.cmd_errors,
		(unsigned long long)fz_tot.events_written,
		(unsigned long long)fz_tot.events_dropped,
		(unsigned long long)fz_tot.overflows,
		(unsigned long long)fz_tot.msis,
		(unsigned long long)fz_tot.msi_errors,
		(unsigned long long)fz_tot.translations,
		(unsigned long long)fz_tot.faults,
		(unsigned long long)fz_tot.walks,
		(unsigned long long)fz_tot.tlb_hits,
		(unsigned long long)fz_tot.dma_bytes,
		(unsigned long long)fz_tot.cmds_by_op[0x46],
		(unsigned long long)fz_tot.cmds_by_op[0x03],
		(unsigned long long)fz_tot.cmds_by_op[0x12]);
}
#define FZ_STAT(f) do {							\
	static int once_;						\
	struct smmu_model_counters k_;					\
	if (!once_++)							\
		atexit(fz_stats_print);					\
	smmu_model_counters_get((f)->m, &k_);				\
	fz_tot.cmds += k_.cmds;						\
	fz_tot.cmd_errors += k_.cmd_errors;				\
	fz_tot.events_written += k_.events_written;			\
	fz_tot.events_dropped += k_.events_dropped;			\
	fz_tot.overflows += k_.overflows;				\
	fz_tot.msis += k_.msis;						\
	fz_tot.msi_errors += k_.msi_errors;				\
	fz_tot.translations += k_.translations;				\
	fz_tot.faults += k_.faults;					\
	fz_tot.walks += k_.walks;					\
	fz_tot.tlb_hits += k_.tlb_hits;					\
	fz_tot.dma_bytes += k_.dma_bytes;				\
	for (int i_ = 0; i_ < 256; i_++)				\
		fz_tot.cmds_by_op[i_] += k_.cmds_by_op[i_];		\
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

/* ---- Physical memory ----------------------------------------------------- */

/*
 * 64 KiB of RAM at PA 0; above it, reads return zero and writes are
 * dropped up to 2^40, where every access fails; one input-chosen 4 KiB
 * page of RAM fails too.
 */
#define FZ_RAM 0x10000u
#define FZ_HOLE (1ull << 40)
#define FZ_MAX_WR 256u

struct fz_wr {
	uint64_t pa;
	uint32_t len;
	uint32_t data;		/* first 4 bytes (MSI data) */
	bool msi;		/* through the msi callback */
	/* queue slots holding a CMD_SYNC (CS = SIG_IRQ) for this MSI when
	 * it was sent: commands may be rewritten during a call (an MSI
	 * written into the queue), so the match is taken at the time */
	uint64_t sync_slots[4];
};

struct fz {
	struct smmu_model *m;
	struct smmu_model_config cfg;
	uint8_t ram[FZ_RAM];
	bool fail_page;
	uint64_t fail_base;
	bool dma_write;
	bool msi_cb;
	struct fz_wr wr[FZ_MAX_WR];
	unsigned int nwr;
	bool wr_lost;
	/* the command queue during the current call */
	uint64_t cq_addr;
	unsigned int cq_log2;
};

static bool fz_fails(const struct fz *f, uint64_t pa, size_t len)
{
	uint64_t end;

	if (__builtin_add_overflow(pa, (uint64_t)len, &end) || end > FZ_HOLE)
		return true;
	return f->fail_page && pa < f->fail_base + 0x1000u &&
	       end > f->fail_base;
}

static int fz_mem_read(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	struct fz *f = ctx;
	uint8_t *b = buf;

	if (fz_fails(f, pa.v, len))
		return -VSMMU_ERR_IO;
	for (size_t i = 0; i < len; i++)
		b[i] = pa.v + i < FZ_RAM ? f->ram[pa.v + i] : 0;
	return 0;
}

/* Mark the queue slots that hold a CMD_SYNC asking for this MSI now. */
static void fz_sync_scan(struct fz *f, struct fz_wr *w)
{
	for (uint32_t i = 0; i < (1u << f->cq_log2) && i < 256; i++) {
		uint8_t raw[16];
		uint64_t w0 = 0, w1 = 0;

		if (fz_mem_read(f, smmu_pa(f->cq_addr + 16ull * i), raw, 16))
			continue;
		for (int k = 7; k >= 0; k--) {
			w0 = (w0 << 8) | raw[k];
			w1 = (w1 << 8) | raw[8 + k];
		}
		if ((w0 & 0xff) == SMMU_CMD_SYNC && ((w0 >> 12) & 3) == 1 &&
		    (w1 & 0x00fffffffffffffcull) == w->pa &&
		    (uint32_t)(w0 >> 32) == w->data)
			w->sync_slots[i / 64] |= 1ull << (i % 64);
	}
}

static void fz_log(struct fz *f, uint64_t pa, size_t len, uint32_t data,
		   bool msi)
{
	if (f->nwr == FZ_MAX_WR) {
		f->wr_lost = true;
		return;
	}
	f->wr[f->nwr] = (struct fz_wr){ pa, (uint32_t)len, data, msi, {0} };
	if (len == 4)
		fz_sync_scan(f, &f->wr[f->nwr]);
	f->nwr++;
}

static int fz_mem_write(void *ctx, smmu_pa_t pa, const void *buf, size_t len)
{
	struct fz *f = ctx;
	const uint8_t *b = buf;
	uint32_t d = 0;

	for (size_t i = 0; i < 4 && i < len; i++)
		d |= (uint32_t)b[i] << (8 * i);
	fz_log(f, pa.v, len, d, false);
	if (fz_fails(f, pa.v, len))
		return -VSMMU_ERR_IO;
	for (size_t i = 0; i < len; i++)
		if (pa.v + i < FZ_RAM)
			f->ram[pa.v + i] = b[i];
	return 0;
}

static int fz_msi(void *ctx, uint64_t addr, uint32_t data)
{
	struct fz *f = ctx;

	fz_log(f, addr, 4, data, true);
	return fz_fails(f, addr, 4) ? -VSMMU_ERR_IO : 0;
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

/* ---- Register snapshots -------------------------------------------------- */

struct fz_regs {
	uint32_t idr0, idr1;
	uint32_t cr0, cr0ack, irq_ctrl, irq_ctrlack, ge, gen;
	uint64_t ge_cfg0, ev_cfg0;
	uint32_t ge_cfg1, ev_cfg1;
	uint64_t cmdq_base, evtq_base;
	uint32_t cmdq_prod, cmdq_cons, evtq_prod, evtq_cons;
};

static uint64_t fz_rd(struct fz *f, uint32_t off, unsigned int size)
{
	uint64_t v = 0xdeadbeefull;

	check(smmu_model_mmio_read(f->m, off, size, &v) == 0);
	return v;
}

static void fz_snap(struct fz *f, struct fz_regs *r)
{
	/* reads have no side effects on memory */
	unsigned int nwr = f->nwr;

	r->idr0 = (uint32_t)fz_rd(f, SMMU_IDR0, 4);
	r->idr1 = (uint32_t)fz_rd(f, SMMU_IDR1, 4);
	r->cr0 = (uint32_t)fz_rd(f, SMMU_CR0, 4);
	r->cr0ack = (uint32_t)fz_rd(f, SMMU_CR0ACK, 4);
	r->irq_ctrl = (uint32_t)fz_rd(f, SMMU_IRQ_CTRL, 4);
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
	check(f->nwr == nwr);
}

static unsigned int fz_q_log2(uint64_t base, unsigned int max);
static uint64_t fz_q_addr(uint64_t base, unsigned int log2n, unsigned int esz);

/* Registers, and a copy of the command queue, before a call. */
static void fz_snap_before(struct fz *f, struct fz_regs *r)
{
	unsigned int qs;

	fz_snap(f, r);
	qs = fz_q_log2(r->cmdq_base, (r->idr1 >> 21) & 0x1f);
	f->cq_log2 = qs;
	f->cq_addr = fz_q_addr(r->cmdq_base, qs, 16);
}

/* ---- Queue arithmetic (facts §8.4, §2.15), independent of arch.h ------ */

/* log2 of the entries: LOG2SIZE capped at the IDR1 maximum. */
static unsigned int fz_q_log2(uint64_t base, unsigned int max)
{
	unsigned int l = (unsigned int)(base & 0x1f);

	return l < max ? l : max;
}

/* Base address, aligned to MAX(queue bytes, 32). */
static uint64_t fz_q_addr(uint64_t base, unsigned int log2n, unsigned int esz)
{
	uint64_t bytes = (uint64_t)esz << log2n;

	if (bytes < 32)
		bytes = 32;
	return base & 0x00ffffffffffffe0ull & ~(bytes - 1);
}

/* Index and wrap bit as one number modulo 2^(log2n + 1). */
static uint32_t fz_q_pos(uint32_t reg, unsigned int log2n)
{
	return reg & ((2u << log2n) - 1);
}

/* How far b is ahead of a, modulo 2^(log2n + 1). */
static uint32_t fz_q_dist(uint32_t a, uint32_t b, unsigned int log2n)
{
	return (fz_q_pos(b, log2n) - fz_q_pos(a, log2n)) & ((2u << log2n) - 1);
}

/* A PROD/CONS pair holding at most 2^log2n entries. */
static bool fz_q_ok(uint32_t prod, uint32_t cons, unsigned int log2n)
{
	return fz_q_dist(cons, prod, log2n) <= (1u << log2n);
}

/* ---- Invariants around one call ------------------------------------------ */

enum fz_kind {
	FZ_K_READ,
	FZ_K_WRITE,
	FZ_K_STEP,
	FZ_K_DMA,
};

struct fz_call {
	enum fz_kind kind;
	uint32_t off;		/* FZ_K_WRITE */
	unsigned int size;
	unsigned int budget;	/* FZ_K_STEP */
	int ret;		/* FZ_K_STEP: return */
	size_t dma_len;		/* FZ_K_DMA write */
};

static bool fz_wrote(const struct fz_call *c, uint32_t reg, unsigned int w)
{
	/* any write whose bytes overlap [reg, reg + w) */
	return c->kind == FZ_K_WRITE && c->off < reg + w &&
	       reg < c->off + (c->size ? c->size : 1);
}

/* A CMD_SYNC with CS = SIG_IRQ among the n commands from cons asked for
 * this MSI (slots marked when it was sent). */
static bool fz_sync_target(const struct fz_regs *b, uint32_t n,
			   const struct fz_wr *w)
{
	unsigned int qs = fz_q_log2(b->cmdq_base, (b->idr1 >> 21) & 0x1f);
	uint32_t idx = b->cmdq_cons & ((1u << qs) - 1);

	for (uint32_t i = 0; i < n; i++) {
		uint32_t slot = (idx + i) & ((1u << qs) - 1);

		if (slot < 256 && (w->sync_slots[slot / 64] >> (slot % 64)) & 1)
			return true;
	}
	return false;
}

static bool fz_msi_ok(const struct fz_regs *b, const struct fz_regs *a,
		      uint32_t consumed, const struct fz_wr *w)
{
	uint64_t addr = w->pa;
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
	return consumed && fz_sync_target(b, consumed, w);
}

/* A write inside one of `slots` event records from PROD `first`. */
static bool fz_event_slot(const struct fz_wr *w, uint64_t ebase,
			  unsigned int eqs, uint32_t first, uint32_t slots)
{
	uint64_t off;
	uint32_t slot, d;

	if (!slots || w->pa < ebase || w->pa - ebase >= (32ull << eqs))
		return false;
	off = w->pa - ebase;
	if ((off & 31) + w->len > 32)
		return false;
	slot = (uint32_t)(off / 32);
	d = (slot - first) & ((1u << eqs) - 1);
	return d < slots || slots >= (1u << eqs);
}

static void fz_invariants(struct fz *f, const struct fz_regs *b,
			  const struct fz_regs *a, const struct fz_call *c)
{
	unsigned int cqs_max = (b->idr1 >> 21) & 0x1f;
	unsigned int eqs_max = (b->idr1 >> 16) & 0x1f;
	uint32_t consumed = 0, produced = 0;
	unsigned int eqs = 0;
	uint64_t ebase = 0;
	size_t dma_bytes = 0;

	/* ID registers are constants. */
	check(a->idr0 == b->idr0 && a->idr1 == b->idr1);
	check(a->idr0 == f->cfg.idr[0] && a->idr1 == f->cfg.idr[1]);
	/* ACKs never show an enable their register lacks. */
	check((a->cr0ack & ~a->cr0) == 0);
	check((a->irq_ctrlack & ~a->irq_ctrl) == 0);
	check(((a->cr0ack ^ a->cr0) & 0xdu) == 0);
	check(((a->irq_ctrlack ^ a->irq_ctrl) & 0x5u) == 0);

	/* GERRORN: only the guest writes it. */
	if (!fz_wrote(c, SMMU_GERRORN, 4))
		check(a->gen == b->gen);
	/* GERROR: a bit toggles only while inactive (facts §8.3). */
	check(((a->ge ^ b->ge) & (b->ge ^ a->gen)) == 0);

	/* ---- command queue ---- */
	if (a->cmdq_base == b->cmdq_base) {
		unsigned int qs = fz_q_log2(a->cmdq_base, cqs_max);

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
			check(c->kind == FZ_K_WRITE || c->kind == FZ_K_STEP);
			if (f->cfg.deferred)
				check(c->kind == FZ_K_STEP);
			if (fz_wrote(c, SMMU_CMDQ_PROD, 4) &&
			    f->cfg.cmd_budget)
				check(consumed <= f->cfg.cmd_budget);
		}
		if (c->kind == FZ_K_STEP) {
			check(c->ret >= 0);
			check((uint32_t)c->ret == consumed);
			check(consumed <= c->budget);
		}
	} else {
		/* the base changes only while the queue is off */
		check(!(b->cr0ack & 8));
		check(c->kind == FZ_K_WRITE);
	}

	/* ---- event queue ---- */
	if (a->evtq_base == b->evtq_base &&
	    !fz_wrote(c, SMMU_EVENTQ_PROD, 4) &&
	    !fz_wrote(c, SMMU_EVENTQ_PROD_P0, 4)) {
		eqs = fz_q_log2(a->evtq_base, eqs_max);
		ebase = fz_q_addr(a->evtq_base, eqs, 32);
		produced = fz_q_dist(b->evtq_prod, a->evtq_prod, eqs);
		if (produced) {
			check((b->cr0ack | a->cr0ack) & 4);
			check(produced <= (1u << eqs));
			/* PROD never passes CONS */
			check(fz_q_ok(a->evtq_prod, a->evtq_cons, eqs));
		}
		/* OVFLG toggles only with no overflow pending */
		if ((a->evtq_prod ^ b->evtq_prod) & 0x80000000u)
			check(((b->evtq_prod ^ b->evtq_cons) &
			       0x80000000u) == 0);
	} else if (a->evtq_base != b->evtq_base) {
		check(!(b->cr0ack & 4));
		check(c->kind == FZ_K_WRITE);
	}

	/* ---- memory writes ---- */
	check(!f->wr_lost);
	for (unsigned int i = 0; i < f->nwr; i++) {
		const struct fz_wr *w = &f->wr[i];
		bool ok = false;

		if (w->msi) {
			check(fz_msi_ok(b, a, consumed, w));
			continue;
		}
		/* an event record in a slot PROD moved over (or the slot
		 * at PROD when the record write failed) */
		if (fz_event_slot(w, ebase, eqs, b->evtq_prod,
				  produced + ((a->ge ^ b->ge) & 4 ? 1 : 0)))
			ok = true;
		/* an MSI as a plain 32-bit write (no msi callback) */
		if (!ok && !f->msi_cb && w->len == 4 &&
		    fz_msi_ok(b, a, consumed, w))
			ok = true;
		if (!ok && c->kind == FZ_K_DMA && f->dma_write) {
			dma_bytes += w->len;
			ok = dma_bytes <= c->dma_len;
		}
		if (!ok)
			fprintf(stderr, "write pa %#llx len %u data %#x msi %d "
				"call %d off %#x; evtq base %#llx "
				"prod %#x->%#x "
				"cons %#x; gerror %#x->%#x; consumed %u\n",
				(unsigned long long)w->pa, w->len, w->data,
				w->msi, c->kind, c->off,
				(unsigned long long)a->evtq_base, b->evtq_prod,
				a->evtq_prod, a->evtq_cons, b->ge, a->ge,
				consumed);
		check(ok);
	}
	f->nwr = 0;
}

/* ---- Calls --------------------------------------------------------------- */

static void fz_mmio_write(struct fz *f, uint32_t off, unsigned int size,
			  uint64_t val)
{
	struct fz_regs b, a;
	struct fz_call c = { .kind = FZ_K_WRITE, .off = off, .size = size };
	int ret;

	fz_snap_before(f, &b);
	ret = smmu_model_mmio_write(f->m, off, size, val);
	check(ret == (off < SMMU_MMIO_SIZE ? 0 : -VSMMU_ERR_RANGE));
	fz_snap(f, &a);
	fz_invariants(f, &b, &a, &c);
}

static void fz_mmio_read(struct fz *f, uint32_t off, unsigned int size)
{
	struct fz_regs b, a;
	struct fz_call c = { .kind = FZ_K_READ };
	uint64_t v = 0x5a5a5a5a5a5a5a5aull;
	unsigned int w;
	int ret;

	fz_snap(f, &b);
	ret = smmu_model_mmio_read(f->m, off, size, &v);
	if (off >= SMMU_MMIO_SIZE) {
		check(ret == -VSMMU_ERR_RANGE);
	} else {
		check(ret == 0);
		/* undefined offsets and wrong sizes read as zero */
		w = smmu_reg_width(off & ~3u);
		if (size != 4 && size != 8)
			check(v == 0);
		if (w == 0 || (off & 3))
			check(v == 0);
		if (w == 4 && size == 8)
			check(v == 0);
		if (size == 4)
			check(v <= 0xffffffffull);
	}
	fz_snap(f, &a);
	fz_invariants(f, &b, &a, &c);
}

static void fz_step(struct fz *f, unsigned int budget)
{
	struct fz_regs b, a;
	struct fz_call c = { .kind = FZ_K_STEP, .budget = budget };

	fz_snap_before(f, &b);
	c.ret = smmu_model_step(f->m, budget);
	fz_snap(f, &a);
	fz_invariants(f, &b, &a, &c);
}

static void fz_dma(struct fz *f, struct fz_in *in)
{
	struct fz_regs b, a;
	struct fz_call c = { .kind = FZ_K_DMA };
	struct smmu_model_result r;
	uint8_t op = fz_u8(in), buf[256];
	uint64_t end;
	uint32_t sid = fz_u8(in);
	uint32_t ssid = (op & 8) ? fz_u8(in) & 7 : SMMU_MODEL_NO_SSID;
	uint64_t addr = (op & 16) ? fz_u64(in) : (uint64_t)fz_u16(in) << 4;
	size_t len = fz_u8(in);
	unsigned int acc = (op >> 5) & 7;
	int ret;

	if (op & 4)
		sid |= (uint32_t)fz_u16(in) << 8;	/* beyond SIDSIZE */
	memset(buf, 0xcc, sizeof(buf));
	fz_snap(f, &b);
	switch (op & 3) {
	case 0:
		ret = smmu_model_translate(f->m, sid, ssid, addr, acc, &r);
		check(ret == 0 || ret == -VSMMU_ERR_FAULT);
		if (ret == 0)
			check(r.outcome == SMMU_MODEL_OK);
		break;
	case 1:
		ret = smmu_model_dma_read(f->m, sid, ssid, addr, buf, len,
					  acc & ~SMMU_MODEL_ACC_WRITE, &r);
		check(ret == 0 || ret == -VSMMU_ERR_FAULT ||
		      ret == -VSMMU_ERR_IO || ret == -VSMMU_ERR_RANGE);
		check(r.done <= len);
		break;
	default:
		for (size_t i = 0; i < len; i++)
			buf[i] = fz_u8(in);
		c.dma_len = len;
		f->dma_write = true;
		ret = smmu_model_dma_write(f->m, sid, ssid, addr, buf, len,
					   acc | SMMU_MODEL_ACC_WRITE, &r);
		check(ret == 0 || ret == -VSMMU_ERR_FAULT ||
		      ret == -VSMMU_ERR_IO || ret == -VSMMU_ERR_RANGE);
		check(r.done <= len);
		break;
	}
	/* a range that wraps the address space is refused (not in the
	 * header's list: reported) */
	if (ret == -VSMMU_ERR_RANGE)
		check((op & 3) && __builtin_add_overflow(addr, (uint64_t)len,
							 &end));
	else if (ret == 0)
		check(r.outcome != SMMU_MODEL_ABORT);
	fz_snap(f, &a);
	fz_invariants(f, &b, &a, &c);
	f->dma_write = false;
}

/* ---- Structures in memory ------------------------------------------------ */

static void fz_poke(struct fz *f, uint64_t pa, const void *src, size_t len)
{
	const uint8_t *s = src;

	for (size_t i = 0; i < len; i++)
		if (pa + i < FZ_RAM)
			f->ram[pa + i] = s[i];
}

static void fz_poke_words(struct fz *f, uint64_t pa, const uint64_t *w,
			  unsigned int n)
{
	uint8_t b[64];

	for (unsigned int i = 0; i < n; i++)
		for (unsigned int k = 0; k < 8; k++)
			b[8 * i + k] = (uint8_t)(w[i] >> (8 * k));
	fz_poke(f, pa, b, 8u * n);
}

/* Read a register without checking around it (for building inputs). */
static uint64_t fz_rd_now(struct fz *f, uint32_t off)
{
	uint64_t v = 0;

	smmu_model_mmio_read(f->m, off, smmu_reg_width(off) == 8 ? 8 : 4, &v);
	return v;
}

/* A RAM address aligned to 2^a from one byte. */
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
	SMMU_CMD_ATC_INV, SMMU_CMD_PRI_RESP, SMMU_CMD_RESUME, SMMU_CMD_SYNC,
	SMMU_CMD_SYNC, SMMU_CMD_SYNC, 0x00, 0xff,
};

/* A command at a queue slot, built with the encoder; maybe PROD += n. */
static void fz_put_cmd(struct fz *f, struct fz_in *in)
{
	uint8_t sel = fz_u8(in), slot = fz_u8(in), fl = fz_u8(in);
	uint64_t base = fz_rd_now(f, SMMU_CMDQ_BASE), w[2];
	unsigned int qs = fz_q_log2(base, (f->cfg.idr[1] >> 21) & 0x1f);
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
	c.addr = ((uint64_t)fz_u16(in) << 12);
	c.cs = (fl >> 3) & 3;
	c.msidata = fz_u8(in);
	/* the MSI-polling trick points at the command itself */
	c.msiaddr = (fl & 0x20) ? fz_q_addr(base, qs, 16) +
				  16ull * (slot & ((1u << qs) - 1)) :
				  fz_ram_addr(fz_u8(in), 2);
	smmu_cmd_encode(&c, w);
	fz_poke_words(f, fz_q_addr(base, qs, 16) +
		      16ull * (slot & ((1u << qs) - 1)), w, 2);
	if (fl & 0x40) {
		uint32_t prod = (uint32_t)fz_rd_now(f, SMMU_CMDQ_PROD);
		uint32_t n = 1 + ((fl >> 7) & 1);

		prod = (fz_q_pos(prod, qs) + n) & ((2u << qs) - 1);
		fz_mmio_write(f, SMMU_CMDQ_PROD, 4, prod);
	}
}

/* An STE at a SID of a linear stream table. */
static void fz_put_ste(struct fz *f, struct fz_in *in)
{
	static const uint8_t cfgs[8] = { 0, 4, 5, 6, 7, 5, 7, 1 };
	uint8_t sid = fz_u8(in), fl = fz_u8(in);
	uint64_t base = fz_rd_now(f, SMMU_STRTAB_BASE) & 0x00ffffffffffffc0ull;
	struct smmu_ste s;
	uint64_t w[8];

	memset(&s, 0, sizeof(s));
	s.v = !(fl & 0x80) || (fl & 1);
	s.config = cfgs[fl & 7];
	s.s1fmt = (fl >> 3) & 1;
	s.s1ctxptr = fz_ram_addr(fz_u8(in), 6);
	s.s1cdmax = fz_u8(in) % 4;
	s.s1dss = (fl >> 4) & 3;
	s.s2vmid = fz_u8(in);
	s.s2t0sz = 25 + fz_u8(in) % 8;
	s.s2sl0 = 1;
	s.s2tg = 0;
	s.s2ps = 5;
	s.s2aa64 = true;
	s.s2affd = fl & 0x40;
	s.s2r = true;
	s.s2ttb = fz_ram_addr(fz_u8(in), 12);
	s.mev = true;
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
	c.tg0 = 0;
	c.epd1 = true;
	c.ips = 5;
	c.aa64 = true;
	c.affd = fl & 2;
	c.r = fl & 4;
	c.a = fl & 8;
	c.tbi0 = fl & 16;
	c.asid = fz_u8(in);
	c.ttb0 = fz_ram_addr(fz_u8(in), 12);
	c.mair = 0xff04ull;
	smmu_cd_encode(&c, w);
	fz_poke_words(f, fz_ram_addr(at, 6), w, 8);
}

/* A translation-table descriptor pointing into RAM. */
static void fz_put_pte(struct fz *f, struct fz_in *in)
{
	uint16_t at = fz_u16(in);
	uint8_t to = fz_u8(in), fl = fz_u8(in);
	uint64_t d = fz_ram_addr(to, 12) | (fl & 3) | 0x400u |
		     ((uint64_t)(fl & 0xfc) << 2);

	fz_poke_words(f, ((uint64_t)at << 3) & (FZ_RAM - 1), &d, 1);
}

/*
 * Bring-up in one go, as a driver does (facts §8.6), with the bases and
 * sizes from the input.
 */
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
			      fz_ram_addr(fz_u8(in), 2));
		fz_mmio_write(f, SMMU_IRQ_CTRL, 4, 5);
	}
	fz_mmio_write(f, SMMU_CR0, 4, 0xd);
}

/* MMIO offsets worth hitting, and the neighbours of 64-bit ones. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz f;
	struct fz_in in = { data, size };
	struct smmu_model_ops ops;
	uint8_t h0, h1;
	unsigned int nops = 0;

	memset(&f, 0, sizeof(f));
	h0 = fz_u8(&in);
	h1 = fz_u8(&in);
	smmu_model_config_default(&f.cfg);
	/* small queues so they wrap and fill */
	f.cfg.idr[1] = (f.cfg.idr[1] & ~(0x3ffu << 16)) |
		       (uint32_t)(1 + (h0 & 7)) << 21 |
		       (uint32_t)(h0 >> 3 & 3) << 16;
	f.cfg.deferred = h0 & 0x20;
	f.cfg.cmd_budget = h1 & 7;
	f.cfg.cfg_cache_entries = (h0 & 0x40) ? 0 : 8;
	f.cfg.tlb_entries = (h0 & 0x80) ? 0 : 16;
	f.fail_page = h1 & 0x10;
	f.fail_base = (uint64_t)(h1 >> 5) << 12;

	memset(&ops, 0, sizeof(ops));
	ops.mem_read = fz_mem_read;
	ops.mem_write = fz_mem_write;
	f.msi_cb = h1 & 8;
	ops.msi = f.msi_cb ? fz_msi : NULL;
	ops.alloc.alloc = fz_alloc;
	ops.alloc.free = fz_free;
	ops.ctx = &f;
	if (smmu_model_create(&f.cfg, &ops, &f.m))
		abort();

	while (in.n && nops++ < 256) {
		uint8_t op = fz_u8(&in);

		switch (op % 12) {
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

			for (unsigned int i = 0; i < len; i++) {
				uint8_t v = fz_u8(&in);

				fz_poke(&f, (uint64_t)(at + i) & (FZ_RAM - 1),
					&v, 1);
			}
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
			fz_step(&f, fz_u8(&in) & 15);
			break;
		case 9:
			fz_dma(&f, &in);
			break;
		case 10:
			fz_bringup(&f, &in);
			break;
		default: {
			/* acknowledge like a driver: GERRORN = GERROR, and
			 * consume every event with the overflow acked */
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
	FZ_STAT(&f);
	smmu_model_destroy(f.m);
	return 0;
}
