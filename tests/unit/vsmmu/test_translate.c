// SPDX-License-Identifier: MIT
/*
 * src/vsmmu/translate.c: software translation for emulated devices through
 * the guest's STE, CD and stage-1 tables in guest memory; faults as events
 * with the vSID; the cache and its invalidation by the guest's commands;
 * emulated and passthrough devices side by side.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "fakes/vsmmu_fake_host.h"

#define PSID 0x40u
#define PT_VSID 5u	/* passthrough: mapped to a physical SID */
#define EM_VSID 6u	/* emulated: no physical SID */
#define CD_BASE 0x300000ull
#define ASID 3u

struct tx {
	struct vfx f;
	struct pgt_table t;
	uint64_t next;		/* bump allocator for table pages */
};

static int tx_read(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	struct vfx *f = ctx;

	memcpy(buf, f->mem + pa.v, len);
	return 0;
}

static int tx_write(void *ctx, smmu_pa_t pa, const void *buf, size_t len)
{
	struct vfx *f = ctx;

	memcpy(f->mem + pa.v, buf, len);
	return 0;
}

static int tx_alloc(void *ctx, size_t size, smmu_pa_t *pa)
{
	struct tx *x = ctx;

	x->next = (x->next + size - 1) & ~(uint64_t)(size - 1);
	*pa = smmu_pa(x->next);
	memset(x->f.mem + x->next, 0, size);
	x->next += size;
	return 0;
}

static void tx_free(void *ctx, smmu_pa_t pa, size_t size)
{
	(void)ctx;
	(void)pa;
	(void)size;
}

static void write_cd(struct tx *x, uint64_t at, bool v, bool r)
{
	struct smmu_cd cd;
	uint64_t w[8];
	unsigned int i;

	memset(&cd, 0, sizeof(cd));
	cd.v = v;
	cd.aa64 = true;
	cd.t0sz = 25;
	cd.tg0 = SMMU_CD_TG0_4K;
	cd.epd1 = true;
	cd.ips = SMMU_OAS_48;
	cd.r = r;
	cd.a = true;
	cd.asid = ASID;
	cd.ttb0 = x->t.root.v;
	cd.mair = 0xff;
	assert_int_equal(smmu_cd_encode(&cd, w), 0);
	for (i = 0; i < 8; i++)
		vfx_mem_w64(&x->f, at + i * 8, w[i]);
}

static void write_ste(struct tx *x, uint32_t sid, unsigned int config,
		      unsigned int cdmax, unsigned int fmt, unsigned int dss)
{
	struct smmu_ste s;
	uint64_t w[8];

	memset(&s, 0, sizeof(s));
	s.v = true;
	s.config = (uint8_t)config;
	s.s1ctxptr = CD_BASE;
	s.s1cdmax = (uint8_t)cdmax;
	s.s1fmt = (uint8_t)fmt;
	s.s1dss = (uint8_t)dss;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	vfx_ste_write(&x->f, sid, w);
}

static void map(struct tx *x, uint64_t iova, uint64_t pa, uint64_t size,
		unsigned int flags)
{
	/* Devices access unprivileged: Linux maps with AP[1] = 1. */
	struct pgt_prot p = { .flags = flags | PGT_PROT_UNPRIV, .attr = 0,
			      .sh = 3 };

	assert_int_equal(pgt_map(&x->t, iova, pa, size, &p), 0);
}

static void setup(struct tx *x)
{
	const struct pgt_mem mem = { tx_read, tx_write, &x->f };
	const struct pgt_alloc_ops ops = { tx_alloc, tx_free, x };
	struct pgt_table_cfg tc;
	struct vfx_layout lay;

	memset(x, 0, sizeof(*x));
	vfx_init(&x->f, 8 << 20);
	vfx_map(&x->f, PSID, PT_VSID);
	vfx_create(&x->f);
	vfx_default_layout(&lay);
	vfx_linux_reset(&x->f, &lay);
	viommu_mock_clear(&x->f.mock);
	x->next = 0x400000;
	memset(&tc, 0, sizeof(tc));
	tc.fmt = PGT_FMT_S1;
	tc.granule = PGT_GRAN_4K;
	tc.tsz = 25;
	tc.oas = 48;
	assert_int_equal(pgt_table_init(&x->t, &tc, &mem, &ops), 0);
	map(x, 0x10000, 0x500000, 0x2000, PGT_PROT_R | PGT_PROT_W);
	map(x, 0x20000, 0x600000, 0x1000, PGT_PROT_R);
	write_cd(x, CD_BASE, true, true);
	write_ste(x, EM_VSID, SMMU_STE_CFG_S1, 0, 0, 0);
}

static void fini(struct tx *x)
{
	vfx_fini(&x->f);
}

static const struct pgt_access RD = { PGT_ACC_READ, false };
static const struct pgt_access WR = { PGT_ACC_WRITE, false };

static int xl(struct tx *x, uint32_t sid, uint32_t ssid, uint64_t iova,
	      struct pgt_access a, struct vsmmu_xlate *o)
{
	return vsmmu_translate(x->f.v, sid, ssid, iova, a, o);
}

static unsigned int nevt(struct tx *x)
{
	return vfx_rd32(&x->f, SMMU_EVENTQ_PROD) & (uint32_t)SMMU_Q_IDX_WRP;
}

static void last_evt(struct tx *x, struct smmu_evt *e)
{
	vfx_evt(&x->f, nevt(x) - 1, e);
}

static void cmd_sync(struct tx *x, const struct smmu_cmd *c)
{
	vfx_cmd(&x->f, c);
	vfx_sync(&x->f, SMMU_SYNC_CS_NONE, 0, 0);
	vfx_cmd_publish(&x->f);
}

static void test_translate_and_cache(void **state)
{
	struct vsmmu_counters cnt;
	struct vsmmu_xlate o;
	struct tx x;

	(void)state;
	setup(&x);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10010, RD, &o), 0);
	assert_int_equal(o.ipa, 0x500010);
	assert_false(o.bypass);
	assert_int_equal(o.size_log2, 12);
	assert_true(o.perm & PGT_PERM_PW);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x11008, WR, &o), 0);
	assert_int_equal(o.ipa, 0x501008);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10020, WR, &o), 0);
	vsmmu_get_counters(x.f.v, &cnt);
	assert_int_equal(cnt.tlb_misses, 2);
	assert_int_equal(cnt.tlb_hits, 1);
	assert_int_equal(nevt(&x), 0);
	/* Nothing of this reached the backend. */
	assert_int_equal(x.f.mock.ncalls, 0);
	fini(&x);
}

static void test_faults(void **state)
{
	struct vsmmu_xlate o;
	struct smmu_evt e;
	struct tx x;

	(void)state;
	setup(&x);
	/* Write to a read-only page. */
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x20004, WR, &o),
			 -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_F_PERMISSION);
	assert_int_equal(e.sid, EM_VSID);
	assert_int_equal(e.input_addr, 0x20004);
	assert_false(e.rnw);
	assert_false(e.s2);
	/* A read of the same page is fine (cache or not). */
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x20004, RD, &o), 0);
	assert_int_equal(o.ipa, 0x600004);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x20004, WR, &o),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(nevt(&x), 2);
	/* Unmapped. */
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x30000, RD, &o),
			 -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_F_TRANSLATION);
	assert_true(e.rnw);
	assert_int_equal(e.input_addr, 0x30000);
	/* Out of the 39-bit input range. */
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 1ull << 40, RD, &o),
			 -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_F_TRANSLATION);
	/* CD.R = 0: terminated without a record. */
	write_cd(&x, CD_BASE, true, false);
	{
		struct smmu_cmd c = { .op = SMMU_CMD_CFGI_CD_ALL,
				      .sid = EM_VSID };

		cmd_sync(&x, &c);
	}
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x30000, RD, &o),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(nevt(&x), 4);
	/* A table read that aborts: F_WALK_EABT with the address. */
	write_cd(&x, CD_BASE, true, true);
	vfx_cfgi_ste(&x.f, EM_VSID);
	vfx_cmd_publish(&x.f);
	x.f.rfail_lo = x.t.root.v;
	x.f.rfail_hi = x.t.root.v + 4096;
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10000, RD, &o),
			 -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_F_WALK_EABT);
	assert_int_equal(e.fetch_addr & ~0xfffull, x.t.root.v);
	x.f.rfail_hi = 0;
	fini(&x);
}

/* Stale until invalidated; TLBI_NH_VA / NH_ASID / CFGI drop entries. */
static void test_invalidation(void **state)
{
	struct vsmmu_xlate o;
	struct smmu_cmd c;
	struct tx x;

	(void)state;
	setup(&x);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10000, RD, &o), 0);
	assert_int_equal(pgt_unmap(&x.t, 0x10000, 0x1000), 0);
	/* Cached: the architecture allows the stale entry. */
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10000, RD, &o), 0);
	/* A TLBI elsewhere keeps it. */
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_VA;
	c.asid = ASID;
	c.addr = 0x50000;
	cmd_sync(&x, &c);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10000, RD, &o), 0);
	/* A range TLBI covering it drops it. */
	c.addr = 0xf000;
	c.tg = SMMU_CMD_TG_4K;
	c.num = 1;
	c.scale = 0;
	cmd_sync(&x, &c);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10000, RD, &o),
			 -VSMMU_ERR_FAULT);
	/* NH_ASID of another ASID keeps, of ours drops. */
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x11000, RD, &o), 0);
	assert_int_equal(pgt_unmap(&x.t, 0x11000, 0x1000), 0);
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_ASID;
	c.asid = ASID + 1;
	cmd_sync(&x, &c);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x11000, RD, &o), 0);
	c.asid = ASID;
	cmd_sync(&x, &c);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x11000, RD, &o),
			 -VSMMU_ERR_FAULT);
	/* A changed STE takes effect at its CFGI_STE. */
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x20000, RD, &o), 0);
	write_ste(&x, EM_VSID, SMMU_STE_CFG_BYPASS, 0, 0, 0);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x20000, RD, &o), 0);
	assert_int_equal(o.ipa, 0x600000);
	vfx_cfgi_ste(&x.f, EM_VSID);
	vfx_cmd_publish(&x.f);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x20000, RD, &o), 0);
	assert_int_equal(o.ipa, 0x20000);
	assert_true(o.bypass);
	/* The CFGI of the emulated vSID never reached the backend. */
	assert_int_equal(viommu_mock_count(&x.f.mock, VMOCK_INSTALL_S1), 0);
	assert_int_equal(viommu_mock_count(&x.f.mock, VMOCK_SET_BYPASS), 0);
	fini(&x);
}

/*
 * TTB1 at the very top of the address space: a range TLBI that runs past
 * 2^64 must still drop the cached entry (no wrap-around escape).
 */
static void test_invalidate_top_of_va(void **state)
{
	const struct pgt_mem mem = { tx_read, tx_write, NULL };
	struct pgt_alloc_ops ops = { tx_alloc, tx_free, NULL };
	const uint64_t top = 0xfffffffffffff000ull;
	struct pgt_prot p = { PGT_PROT_R | PGT_PROT_UNPRIV, 0, 3 };
	struct pgt_table_cfg tc;
	struct pgt_table t1;
	struct vsmmu_xlate o;
	struct pgt_mem m;
	struct smmu_cmd c;
	struct smmu_cd cd;
	uint64_t w[8];
	unsigned int i;
	struct tx x;

	(void)state;
	setup(&x);
	m = mem;
	m.ctx = &x.f;
	ops.ctx = &x;
	memset(&tc, 0, sizeof(tc));
	tc.fmt = PGT_FMT_S1;
	tc.granule = PGT_GRAN_4K;
	tc.tsz = 25;
	tc.oas = 48;
	tc.ttb1 = true;
	assert_int_equal(pgt_table_init(&t1, &tc, &m, &ops), 0);
	assert_int_equal(pgt_map(&t1, top, 0x700000, 0x1000, &p), 0);
	memset(&cd, 0, sizeof(cd));
	cd.v = cd.aa64 = cd.r = cd.a = true;
	cd.t0sz = cd.t1sz = 25;
	cd.epd0 = true;
	cd.tg1 = SMMU_CD_TG1_4K;
	cd.ips = SMMU_OAS_48;
	cd.asid = ASID;
	cd.ttb1 = t1.root.v;
	assert_int_equal(smmu_cd_encode(&cd, w), 0);
	for (i = 0; i < 8; i++)
		vfx_mem_w64(&x.f, CD_BASE + i * 8, w[i]);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, top + 8, RD, &o), 0);
	assert_int_equal(o.ipa, 0x700008);
	assert_int_equal(pgt_unmap(&t1, top, 0x1000), 0);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, top + 8, RD, &o), 0);
	/* 32 pages from 0xffff...f0000: the range's end wraps past 2^64. */
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_VA;
	c.asid = ASID;
	c.addr = 0xffffffffffff0000ull;
	c.tg = SMMU_CMD_TG_4K;
	c.num = 31;
	c.ttl = 3;
	c.leaf = true;
	cmd_sync(&x, &c);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, top + 8, RD, &o),
			 -VSMMU_ERR_FAULT);
	fini(&x);
}

static void test_config_errors(void **state)
{
	struct vsmmu_xlate o;
	struct smmu_evt e;
	uint64_t zero[8] = { 0 };
	struct tx x;

	(void)state;
	setup(&x);
	/* STE V = 0: C_BAD_STE. */
	vfx_ste_write(&x.f, 7, zero);
	assert_int_equal(xl(&x, 7, VSMMU_SSID_NONE, 0x10000, RD, &o),
			 -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_C_BAD_STE);
	assert_int_equal(e.sid, 7);
	/* Config abort: no event. */
	write_ste(&x, 7, SMMU_STE_CFG_ABORT, 0, 0, 0);
	assert_int_equal(xl(&x, 7, VSMMU_SSID_NONE, 0x10000, RD, &o),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(nevt(&x), 1);
	/* Outside the stream table: C_BAD_STREAMID. */
	assert_int_equal(xl(&x, 300, VSMMU_SSID_NONE, 0x10000, RD, &o),
			 -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_C_BAD_STREAMID);
	assert_int_equal(e.sid, 300);
	/* Beyond SIDSIZE: the embedder's bug. */
	assert_int_equal(xl(&x, 1u << 16, VSMMU_SSID_NONE, 0, RD, &o),
			 -VSMMU_ERR_RANGE);
	/* A SubstreamID without substreams: C_BAD_SUBSTREAMID. */
	assert_int_equal(xl(&x, EM_VSID, 1, 0x10000, RD, &o),
			 -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_C_BAD_SUBSTREAMID);
	assert_int_equal(e.ssid, 1);
	/* CD.S = 1 while the SMMU does not stall: C_BAD_CD. */
	write_cd(&x, CD_BASE, true, true);
	vfx_mem_w64(&x.f, CD_BASE, vfx_mem_r64(&x.f, CD_BASE) | SMMU_CD0_S);
	vfx_cfgi_ste(&x.f, EM_VSID);
	vfx_cmd_publish(&x.f);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10000, RD, &o),
			 -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_C_BAD_CD);
	/* CD V = 0: C_BAD_CD. */
	write_cd(&x, CD_BASE, false, true);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10000, RD, &o),
			 -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_C_BAD_CD);
	/* Unreadable CD: F_CD_FETCH. */
	x.f.rfail_lo = CD_BASE;
	x.f.rfail_hi = CD_BASE + 64;
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10000, RD, &o),
			 -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_F_CD_FETCH);
	assert_int_equal(e.fetch_addr, CD_BASE);
	x.f.rfail_hi = 0;
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0, RD,
			    &o), -VSMMU_ERR_FAULT);
	assert_int_equal(vsmmu_translate(NULL, 0, 0, 0, RD, &o),
			 -VSMMU_ERR_INVAL);
	fini(&x);
}

/* Substreams: linear and 2-level CD tables, S1DSS. */
static void test_substreams(void **state)
{
	struct vsmmu_xlate o;
	struct smmu_evt e;
	struct tx x;
	struct smmu_l1cd d;
	uint64_t l1;

	(void)state;
	setup(&x);
	/* Linear table of 4 CDs; no-SSID traffic uses CD 0 (S1DSS=10). */
	write_cd(&x, CD_BASE + 64, true, true);
	write_ste(&x, EM_VSID, SMMU_STE_CFG_S1, 2, SMMU_STE_S1FMT_LINEAR,
		  SMMU_STE_S1DSS_SSID0);
	assert_int_equal(xl(&x, EM_VSID, 1, 0x10000, RD, &o), 0);
	assert_int_equal(o.ipa, 0x500000);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10000, RD, &o), 0);
	/* SSID 0 with S1DSS = SSID0 is F_STREAM_DISABLED. */
	assert_int_equal(xl(&x, EM_VSID, 0, 0x10000, RD, &o),
			 -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_F_STREAM_DISABLED);
	/* SSID >= 2^S1CDMax. */
	assert_int_equal(xl(&x, EM_VSID, 4, 0x10000, RD, &o),
			 -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_C_BAD_SUBSTREAMID);
	/* CD 2 is not valid (zeroed). */
	assert_int_equal(xl(&x, EM_VSID, 2, 0x10000, RD, &o),
			 -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_C_BAD_CD);
	assert_true(e.ssv);
	assert_int_equal(e.ssid, 2);

	/* S1DSS = terminate; S1DSS = bypass. */
	write_ste(&x, 8, SMMU_STE_CFG_S1, 2, 0, SMMU_STE_S1DSS_TERMINATE);
	assert_int_equal(xl(&x, 8, VSMMU_SSID_NONE, 0x10000, RD, &o),
			 -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_F_STREAM_DISABLED);
	assert_int_equal(e.sid, 8);
	write_ste(&x, 9, SMMU_STE_CFG_S1, 2, 0, SMMU_STE_S1DSS_BYPASS);
	assert_int_equal(xl(&x, 9, VSMMU_SSID_NONE, 0x1234, RD, &o), 0);
	assert_int_equal(o.ipa, 0x1234);
	assert_true(o.bypass);

	/* 2-level CD table, 4K leaves (64 CDs): SSID 0x45 -> L1 1. */
	write_ste(&x, 10, SMMU_STE_CFG_S1, 8, SMMU_STE_S1FMT_4K_L2,
		  SMMU_STE_S1DSS_TERMINATE);
	memset(&d, 0, sizeof(d));
	d.v = true;
	d.l2ptr = 0x310000;
	assert_int_equal(smmu_l1cd_encode(&d, &l1), 0);
	vfx_mem_w64(&x.f, CD_BASE + 8, l1);
	write_cd(&x, 0x310000 + 5 * 64, true, true);
	assert_int_equal(xl(&x, 10, 0x45, 0x11000, RD, &o), 0);
	assert_int_equal(o.ipa, 0x501000);
	/* L1CD V = 0: C_BAD_SUBSTREAMID. */
	assert_int_equal(xl(&x, 10, 0x85, 0x11000, RD, &o), -VSMMU_ERR_FAULT);
	last_evt(&x, &e);
	assert_int_equal(e.id, SMMU_EVT_C_BAD_SUBSTREAMID);
	assert_int_equal(e.sid, 10);
	fini(&x);
}

/* SMMUEN = 0: GBPA decides for emulated devices too. */
static void test_gbpa(void **state)
{
	struct vsmmu_xlate o;
	struct tx x;

	(void)state;
	setup(&x);
	vfx_wr32(&x.f, SMMU_CR0, (uint32_t)(SMMU_CR0_CMDQEN |
					    SMMU_CR0_EVENTQEN));
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10000, RD, &o), 0);
	assert_int_equal(o.ipa, 0x10000);
	assert_true(o.bypass);
	vfx_wr32(&x.f, SMMU_GBPA, (uint32_t)(SMMU_GBPA_UPDATE |
					     SMMU_GBPA_ABORT));
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10000, RD, &o),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(nevt(&x), 0);
	/* Back on: the stage-1 translation again (cache was dropped). */
	vfx_wr32(&x.f, SMMU_CR0, (uint32_t)(SMMU_CR0_CMDQEN |
					    SMMU_CR0_EVENTQEN |
					    SMMU_CR0_SMMUEN));
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10000, RD, &o), 0);
	assert_int_equal(o.ipa, 0x500000);
	fini(&x);
}

/* Passthrough and emulated devices on one vSMMU. */
static void test_mixed_devices(void **state)
{
	struct vsmmu_xlate o;
	struct tx x;

	(void)state;
	setup(&x);
	write_ste(&x, PT_VSID, SMMU_STE_CFG_S1, 0, 0, 0);
	vfx_cfgi_ste(&x.f, PT_VSID);
	vfx_cfgi_ste(&x.f, EM_VSID);
	vfx_sync(&x.f, SMMU_SYNC_CS_NONE, 0, 0);
	vfx_cmd_publish(&x.f);
	assert_int_equal(viommu_mock_count(&x.f.mock, VMOCK_INSTALL_S1), 1);
	assert_int_equal(viommu_mock_nth(&x.f.mock, VMOCK_INSTALL_S1, 0)->psid,
			 PSID);
	assert_int_equal(xl(&x, EM_VSID, VSMMU_SSID_NONE, 0x10000, RD, &o), 0);
	assert_int_equal(o.ipa, 0x500000);
	/* The same guest tables also translate in software for the
	 * passthrough vSID (e.g. for a host-side model of it). */
	assert_int_equal(xl(&x, PT_VSID, VSMMU_SSID_NONE, 0x20000, RD, &o), 0);
	assert_int_equal(o.ipa, 0x600000);
	fini(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_translate_and_cache),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_invalidation),
		cmocka_unit_test(test_invalidate_top_of_va),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_substreams),
		cmocka_unit_test(test_gbpa),
		cmocka_unit_test(test_mixed_devices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
