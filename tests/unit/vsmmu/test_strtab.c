// SPDX-License-Identifier: MIT
/*
 * src/vsmmu/strtab.c: finding guest STEs (linear, 2-level with the guest's
 * SPLIT and Span) and canonicalising them; ILLEGAL and reserved STEs are
 * ordinary guest errors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "fakes/vsmmu_fake_host.h"

#define PSID 0x40u
#define VSID 5u

static void setup_lay(struct vfx *f, const struct vfx_layout *lay)
{
	vfx_init(f, 4 << 20);
	vfx_map(f, PSID, VSID);
	vfx_create(f);
	vfx_linux_reset(f, lay);
	viommu_mock_clear(&f->mock);
}

static void setup(struct vfx *f)
{
	struct vfx_layout lay;

	vfx_default_layout(&lay);
	setup_lay(f, &lay);
}

static void s1_ste(struct smmu_ste *s)
{
	memset(s, 0, sizeof(*s));
	s->v = true;
	s->config = SMMU_STE_CFG_S1;
	s->s1ctxptr = 0x300000;
}

static void cfgi_sync(struct vfx *f, uint32_t sid)
{
	vfx_cfgi_ste(f, sid);
	vfx_sync(f, SMMU_SYNC_CS_NONE, 0, 0);
	vfx_cmd_publish(f);
	assert_int_equal(vfx_rd32(f, SMMU_CMDQ_CONS), f->prod);
}

static uint32_t evt_prod(struct vfx *f)
{
	return vfx_rd32(f, SMMU_EVENTQ_PROD) & (uint32_t)SMMU_Q_IDX_WRP;
}

/* Only the stage-1 fields are taken; stage 2 and attributes ignored. */
static void test_canonical_fields(void **state)
{
	struct psmmu_s1_cfg s1;
	struct smmu_ste s;
	uint64_t w[8];
	struct vfx f;

	(void)state;
	setup(&f);
	s1_ste(&s);
	s.s1cdmax = 8;
	s.s1fmt = SMMU_STE_S1FMT_4K_L2;
	s.s1dss = SMMU_STE_S1DSS_BYPASS;
	s.s1cir = 1;
	s.s1cor = 2;
	s.s1csh = 3;
	/* Noise the guest may leave in stage-2 and attribute fields. */
	s.eats = 1;		/* no ATS advertised: dropped */
	s.mev = false;
	s.shcfg = 1;
	s.s2vmid = 0x77;
	s.s2t0sz = 25;
	s.s2ttb = 0x12340000;
	s.s2aa64 = true;
	s.cont = 3;
	s.dcp = true;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	vfx_ste_write(&f, VSID, w);
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, &s1), VMOCK_STE_S1);
	assert_int_equal(s1.s1ctxptr, 0x300000);
	assert_int_equal(s1.s1cdmax, 8);
	assert_int_equal(s1.s1fmt, SMMU_STE_S1FMT_4K_L2);
	assert_int_equal(s1.s1dss, SMMU_STE_S1DSS_BYPASS);
	assert_int_equal(s1.s1cir, 1);
	assert_int_equal(s1.s1cor, 2);
	assert_int_equal(s1.s1csh, 3);
	assert_int_equal(s1.eats, 0);
	assert_false(s1.s1stalld);

	/* S1Fmt and S1DSS are ignored without substreams. */
	s.s1cdmax = 0;
	s.s1fmt = 3;
	s.s1dss = 3;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	vfx_ste_write(&f, VSID, w);
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, &s1), VMOCK_STE_S1);
	assert_int_equal(s1.s1fmt, 0);
	assert_int_equal(s1.s1dss, 0);
	/* S1Fmt 0b11 behaves as linear. */
	s.s1cdmax = 4;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	vfx_ste_write(&f, VSID, w);
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, &s1), VMOCK_STE_S1);
	assert_int_equal(s1.s1fmt, SMMU_STE_S1FMT_LINEAR);
	assert_int_equal(s1.s1dss, SMMU_STE_S1DSS_TERMINATE);
	assert_int_equal(evt_prod(&f), 0);
	vfx_fini(&f);
}

/* One ILLEGAL STE: abort and C_BAD_STE with the vSID, no crash. */
static void check_illegal(struct vfx *f, const uint64_t w[8],
			  unsigned int nevents)
{
	struct smmu_evt e;

	vfx_ste_write(f, VSID, w);
	cfgi_sync(f, VSID);
	assert_int_equal(viommu_mock_ste(&f->mock, PSID, NULL),
			 VMOCK_STE_ABORT);
	assert_int_equal(evt_prod(f), nevents);
	vfx_evt(f, nevents - 1, &e);
	assert_int_equal(e.id, SMMU_EVT_C_BAD_STE);
	assert_int_equal(e.sid, VSID);
	assert_int_equal(vfx_rd32(f, SMMU_GERROR), 0);
}

static void test_illegal_ste(void **state)
{
	struct smmu_ste s;
	uint64_t w[8];
	struct vfx f;
	unsigned int n = 0;

	(void)state;
	setup(&f);
	/* S1CDMax above SSIDSIZE (20). */
	s1_ste(&s);
	s.s1cdmax = 21;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	check_illegal(&f, w, ++n);
	/* Config 0b110 and 0b111: we advertise no stage 2. */
	s1_ste(&s);
	s.config = SMMU_STE_CFG_S2;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	check_illegal(&f, w, ++n);
	s.config = SMMU_STE_CFG_NESTED;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	check_illegal(&f, w, ++n);
	/* S1STALLD without stall support. */
	s1_ste(&s);
	s.s1stalld = true;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	check_illegal(&f, w, ++n);
	/* A StreamWorld other than NS-EL1. */
	s1_ste(&s);
	s.strw = SMMU_STE_STRW_EL2;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	check_illegal(&f, w, ++n);
	/* A valid config afterwards is accepted again. */
	s1_ste(&s);
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	vfx_ste_write(&f, VSID, w);
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_S1);
	assert_int_equal(evt_prod(&f), n);
	vfx_fini(&f);
}

/* S1Fmt != 0 is ILLEGAL when the SMMU has no 2-level CD tables. */
static void test_illegal_s1fmt_without_cd2l(void **state)
{
	struct vfx_layout lay;
	struct smmu_ste s;
	uint64_t w[8];
	struct vfx f;

	(void)state;
	vfx_init(&f, 4 << 20);
	f.mock.idr[0] &= ~(uint32_t)SMMU_IDR0_CD2L;
	vfx_map(&f, PSID, VSID);
	vfx_create(&f);
	vfx_default_layout(&lay);
	vfx_linux_reset(&f, &lay);
	s1_ste(&s);
	s.s1cdmax = 4;
	s.s1fmt = SMMU_STE_S1FMT_4K_L2;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	check_illegal(&f, w, 1);
	vfx_fini(&f);
}

/* Reserved Config 0b001-0b011 and V = 0: abort without an event. */
static void test_reserved_config(void **state)
{
	uint64_t w[8];
	struct vfx f;
	unsigned int cfg;

	(void)state;
	setup(&f);
	for (cfg = 0; cfg < 4; cfg++) {
		memset(w, 0, sizeof(w));
		w[0] = SMMU_STE0_V | smmu_field_prep(SMMU_STE0_CFG, cfg);
		vfx_ste_write(&f, VSID, w);
		cfgi_sync(&f, VSID);
		assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL),
				 VMOCK_STE_ABORT);
	}
	memset(w, 0, sizeof(w));
	w[0] = smmu_field_prep(SMMU_STE0_CFG, SMMU_STE_CFG_S1);	/* V = 0 */
	vfx_ste_write(&f, VSID, w);
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_ABORT);
	assert_int_equal(viommu_mock_count(&f.mock, VMOCK_SET_ABORT), 5);
	assert_int_equal(evt_prod(&f), 0);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR), 0);
	vfx_fini(&f);
}

/* Out of the table: C_BAD_STREAMID (only with CR2.RECINVSID). */
static void test_bad_streamid(void **state)
{
	struct vfx_layout lay;
	struct smmu_evt e;
	struct vfx f;

	(void)state;
	vfx_default_layout(&lay);
	lay.st_log2 = 2;		/* SIDs 0..3: vSID 5 is outside */
	setup_lay(&f, &lay);
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_ABORT);
	assert_int_equal(evt_prod(&f), 1);
	vfx_evt(&f, 0, &e);
	assert_int_equal(e.id, SMMU_EVT_C_BAD_STREAMID);
	assert_int_equal(e.sid, VSID);
	/* Without RECINVSID: abort, no event. */
	vfx_wr32(&f, SMMU_CR0, (uint32_t)(SMMU_CR0_EVENTQEN |
					  SMMU_CR0_CMDQEN));
	vfx_wr32(&f, SMMU_CR2, 0);
	vfx_wr32(&f, SMMU_CR0, (uint32_t)(SMMU_CR0_EVENTQEN |
					  SMMU_CR0_CMDQEN | SMMU_CR0_SMMUEN));
	cfgi_sync(&f, VSID);
	assert_int_equal(evt_prod(&f), 1);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_ABORT);
	vfx_fini(&f);
}

/* An unreadable STE: F_STE_FETCH with the address, abort. */
static void test_ste_fetch_abort(void **state)
{
	struct smmu_evt e;
	struct vfx f;

	(void)state;
	setup(&f);
	f.rfail_lo = f.strtab + VSID * 64;
	f.rfail_hi = f.rfail_lo + 64;
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_ABORT);
	vfx_evt(&f, 0, &e);
	assert_int_equal(e.id, SMMU_EVT_F_STE_FETCH);
	assert_int_equal(e.sid, VSID);
	assert_int_equal(e.fetch_addr, f.rfail_lo);
	/* The command queue itself goes on. */
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR), 0);
	vfx_fini(&f);
}

/*
 * 2-level stream table with the guest's SPLIT (not a constant) and the L1
 * descriptor's Span honoured.
 */
static void check_2lvl(unsigned int split, uint32_t vsid)
{
	struct vfx_layout lay;
	struct psmmu_s1_cfg s1;
	struct smmu_l1std d;
	struct smmu_ste s;
	uint64_t w[8], l1, l2 = 0x180000;
	struct smmu_evt e;
	unsigned int i;
	struct vfx f;

	vfx_default_layout(&lay);
	lay.strtab = 0x100000;
	lay.st_log2 = 16;
	lay.two_level = 1;
	lay.split = split;
	vfx_init(&f, 4 << 20);
	vfx_map(&f, PSID, vsid);
	vfx_create(&f);
	vfx_linux_reset(&f, &lay);
	viommu_mock_clear(&f.mock);

	/* L1 descriptor for vsid: Span covers the whole L2 (SPLIT+1). */
	d.span = (uint8_t)(split + 1);
	d.l2ptr = l2;
	assert_int_equal(smmu_l1std_encode(&d, &l1), 0);
	vfx_mem_w64(&f, lay.strtab + (uint64_t)(vsid >> split) * 8, l1);
	s1_ste(&s);
	s.s1ctxptr = 0x2c0000 + split * 0x1000;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	for (i = 0; i < 8; i++)
		vfx_mem_w64(&f, l2 + (uint64_t)(vsid & ((1u << split) - 1u)) *
				64 + i * 8, w[i]);
	cfgi_sync(&f, vsid);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, &s1), VMOCK_STE_S1);
	assert_int_equal(s1.s1ctxptr, 0x2c0000 + split * 0x1000);

	/* A Span too small for the SID: C_BAD_STREAMID, abort. */
	d.span = 1;	/* one STE: only low index 0 */
	assert_int_equal(smmu_l1std_encode(&d, &l1), 0);
	vfx_mem_w64(&f, lay.strtab + (uint64_t)(vsid >> split) * 8, l1);
	cfgi_sync(&f, vsid);
	if (vsid & ((1u << split) - 1u)) {
		assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL),
				 VMOCK_STE_ABORT);
		vfx_evt(&f, 0, &e);
		assert_int_equal(e.id, SMMU_EVT_C_BAD_STREAMID);
		assert_int_equal(e.sid, vsid);
	}
	/* Span 0: invalid. */
	vfx_mem_w64(&f, lay.strtab + (uint64_t)(vsid >> split) * 8, l2);
	cfgi_sync(&f, vsid);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_ABORT);
	vfx_fini(&f);
}

static void test_two_level(void **state)
{
	(void)state;
	check_2lvl(6, 0x1c5);	/* L1 index 7, low 5 */
	check_2lvl(8, 0x1c5);	/* L1 index 1, low 0xc5 */
	check_2lvl(10, 0x7c5);	/* L1 index 1, low 0x3c5 */
}

/*
 * 2-level addresses below their alignment are used aligned down (facts
 * §3.1: the L1 table to MAX(64 bytes, its size); §3.2: an L2 array to its
 * size, 2^(Span-1) STEs). Both pointers here are 0x40 past it; the slots
 * at the unaligned addresses hold nothing valid.
 */
static void test_two_level_alignment(void **state)
{
	const unsigned int split = 8;
	const uint32_t vsid = 0x1c5;	/* L1 index 1, low 0xc5 */
	uint64_t w[8], l1, l1base = 0x100000, l2 = 0x180000;
	struct vfx_layout lay;
	struct psmmu_s1_cfg s1;
	struct smmu_l1std d;
	struct smmu_ste s;
	unsigned int i;
	struct vfx f;

	(void)state;
	vfx_default_layout(&lay);
	lay.strtab = l1base + 0x40;	/* 256 L1 entries: 2 KiB aligned */
	lay.st_log2 = 16;
	lay.two_level = 1;
	lay.split = split;
	vfx_init(&f, 4 << 20);
	vfx_map(&f, PSID, vsid);
	vfx_create(&f);
	vfx_linux_reset(&f, &lay);
	viommu_mock_clear(&f.mock);

	d.span = (uint8_t)(split + 1);	/* 256 STEs: 16 KiB aligned */
	d.l2ptr = l2 + 0x40;
	assert_int_equal(smmu_l1std_encode(&d, &l1), 0);
	vfx_mem_w64(&f, l1base + (uint64_t)(vsid >> split) * 8, l1);
	s1_ste(&s);
	s.s1ctxptr = 0x2c8000;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	for (i = 0; i < 8; i++)
		vfx_mem_w64(&f, l2 + (uint64_t)(vsid & 0xff) * 64 + i * 8,
			    w[i]);
	cfgi_sync(&f, vsid);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, &s1), VMOCK_STE_S1);
	assert_int_equal(s1.s1ctxptr, 0x2c8000);
	vfx_fini(&f);
}

/* FMT = linear in STRTAB_BASE_CFG: no L1 walk, whatever SPLIT says. */
static void test_fmt_follows_guest(void **state)
{
	struct vfx_layout lay;
	struct smmu_ste s;
	uint64_t w[8];
	struct vfx f;

	(void)state;
	vfx_default_layout(&lay);
	setup_lay(&f, &lay);
	/* Re-program with SPLIT set but FMT linear. */
	vfx_wr32(&f, SMMU_CR0, (uint32_t)(SMMU_CR0_EVENTQEN |
					  SMMU_CR0_CMDQEN));
	vfx_wr32(&f, SMMU_STRTAB_BASE_CFG, (uint32_t)(
		smmu_field_prep(SMMU_STRTAB_BASE_CFG_SPLIT, 8) |
		smmu_field_prep(SMMU_STRTAB_BASE_CFG_LOG2SIZE, 8)));
	s1_ste(&s);
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	vfx_ste_write(&f, VSID, w);
	viommu_mock_clear(&f.mock);
	vfx_wr32(&f, SMMU_CR0, (uint32_t)(SMMU_CR0_EVENTQEN |
					  SMMU_CR0_CMDQEN | SMMU_CR0_SMMUEN));
	/* SMMUEN 0 -> 1 re-derived the vSID from the linear table. */
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_S1);
	vfx_fini(&f);
}

/* SMMUEN 1 -> 0 hands every vSID to GBPA; 0 -> 1 back to its STE. */
static void test_smmuen_transitions(void **state)
{
	struct smmu_ste s;
	uint64_t w[8];
	struct vfx f;

	(void)state;
	setup(&f);
	s1_ste(&s);
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	vfx_ste_write(&f, VSID, w);
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_S1);
	vfx_wr32(&f, SMMU_CR0, (uint32_t)(SMMU_CR0_EVENTQEN |
					  SMMU_CR0_CMDQEN));
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL),
			 VMOCK_STE_BYPASS);
	/* CFGI while SMMUEN = 0 leaves GBPA in charge. */
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL),
			 VMOCK_STE_BYPASS);
	vfx_wr32(&f, SMMU_GBPA, (uint32_t)(SMMU_GBPA_UPDATE | SMMU_GBPA_ABORT));
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_ABORT);
	vfx_wr32(&f, SMMU_CR0, (uint32_t)(SMMU_CR0_EVENTQEN |
					  SMMU_CR0_CMDQEN | SMMU_CR0_SMMUEN));
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_S1);
	/* GBPA changes while SMMUEN = 1 do not touch the streams. */
	vfx_wr32(&f, SMMU_GBPA, (uint32_t)SMMU_GBPA_UPDATE);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_S1);
	/* A vSID mapped later is synchronised on request. */
	vfx_map(&f, 0x99, 6);
	vfx_ste_write(&f, 6, w);
	assert_int_equal(vsmmu_sync_vsid(f.v, 6), 0);
	assert_int_equal(viommu_mock_ste(&f.mock, 0x99, NULL), VMOCK_STE_S1);
	assert_int_equal(vsmmu_sync_vsid(f.v, 77), -VSMMU_ERR_NOENT);
	vfx_fini(&f);
}

/*
 * A misaligned linear table: logged when it comes into use, its low bits
 * ignored (facts §3.1: ADDR[LOG2SIZE+5:0] treated as 0).
 */
static void test_strtab_alignment(void **state)
{
	struct vfx_layout lay;
	struct psmmu_s1_cfg s1;
	struct smmu_ste s;
	uint64_t w[8];
	struct vfx f;
	unsigned int logs;

	(void)state;
	vfx_init(&f, 4 << 20);
	vfx_map(&f, PSID, VSID);
	vfx_create(&f);
	vfx_default_layout(&lay);
	lay.strtab = 0x101000;	/* 256 STEs need 16 KiB alignment */
	f.guest_logs = 0;
	vfx_linux_reset(&f, &lay);
	logs = f.guest_logs;
	assert_int_equal(logs, 1);
	s1_ste(&s);
	s.s1ctxptr = 0x3a0000;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	f.strtab = 0x100000;	/* where the SMMU really looks */
	vfx_ste_write(&f, VSID, w);
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, &s1), VMOCK_STE_S1);
	assert_int_equal(s1.s1ctxptr, 0x3a0000);
	vfx_fini(&f);
}

/* A backend failure is the host's problem: counted, the queue goes on. */
static void test_backend_failure(void **state)
{
	struct vsmmu_counters cnt;
	struct smmu_ste s;
	uint64_t w[8];
	struct vfx f;

	(void)state;
	setup(&f);
	s1_ste(&s);
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	vfx_ste_write(&f, VSID, w);
	viommu_mock_fail_call(&f.mock, 1, -VSMMU_ERR_HW);
	cfgi_sync(&f, VSID);
	vsmmu_get_counters(f.v, &cnt);
	assert_int_equal(cnt.backend_errors, 1);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR), 0);
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_S1);
	vfx_fini(&f);
}

/*
 * A configuration the backend refuses must not leave the previous one
 * live: the guest replaced it (DESIGN.md "A re-issued config replaces the
 * old one; bypass/abort after S1 really drops the S1 config"). The stream
 * falls back to abort, the safe state.
 */
static void test_backend_failure_drops_old(void **state)
{
	struct psmmu_s1_cfg s1;
	struct smmu_ste s;
	uint64_t w[8];
	struct vfx f;

	(void)state;
	setup(&f);
	s1_ste(&s);
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	vfx_ste_write(&f, VSID, w);
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, &s1), VMOCK_STE_S1);
	assert_int_equal(s1.s1ctxptr, 0x300000);

	/* A new stage-1 config the backend refuses: not the old one. */
	s.s1ctxptr = 0x340000;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	vfx_ste_write(&f, VSID, w);
	viommu_mock_fail_call(&f.mock, 1, -VSMMU_ERR_RANGE);
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL),
			 VMOCK_STE_ABORT);

	/* Bypass after S1, refused by the backend: S1 is dropped anyway. */
	s.s1ctxptr = 0x300000;
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	vfx_ste_write(&f, VSID, w);
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL), VMOCK_STE_S1);
	memset(w, 0, sizeof(w));
	w[0] = SMMU_STE0_V | smmu_field_prep(SMMU_STE0_CFG,
					     SMMU_STE_CFG_BYPASS);
	vfx_ste_write(&f, VSID, w);
	viommu_mock_fail_call(&f.mock, 1, -VSMMU_ERR_HW);
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, NULL),
			 VMOCK_STE_ABORT);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR), 0);
	vfx_fini(&f);
}

/*
 * A guest told STALL_MODEL = 0b01 (cfg.stall off) on hardware that can
 * stall: its CD.S = 1 must be ILLEGAL (C_BAD_CD, facts §4.4) on the
 * physical SMMU too, never a stall the guest cannot answer (CMD_RESUME is
 * CERROR_ILL for it). The physical STE says S1STALLD = 1.
 */
static void test_no_stall_sets_s1stalld(void **state)
{
	struct vfx_layout lay;
	struct psmmu_s1_cfg s1;
	struct smmu_ste s;
	uint64_t w[8];
	struct vfx f;

	(void)state;
	vfx_init(&f, 4 << 20);
	f.mock.idr[0] = (uint32_t)smmu_field_set(SMMU_IDR0_STALL_MODEL,
						 f.mock.idr[0],
						 SMMU_IDR0_STALL_MODEL_BOTH);
	vfx_map(&f, PSID, VSID);
	vfx_create(&f);
	assert_int_equal(smmu_field_get(SMMU_IDR0_STALL_MODEL,
					vfx_rd32(&f, SMMU_IDR0)),
			 SMMU_IDR0_STALL_MODEL_NOSTALL);
	vfx_default_layout(&lay);
	vfx_linux_reset(&f, &lay);
	s1_ste(&s);
	assert_int_equal(smmu_ste_encode(&s, w), 0);
	vfx_ste_write(&f, VSID, w);
	cfgi_sync(&f, VSID);
	assert_int_equal(viommu_mock_ste(&f.mock, PSID, &s1), VMOCK_STE_S1);
	assert_true(s1.s1stalld);
	vfx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_fields),
		cmocka_unit_test(test_illegal_ste),
		cmocka_unit_test(test_illegal_s1fmt_without_cd2l),
		cmocka_unit_test(test_reserved_config),
		cmocka_unit_test(test_bad_streamid),
		cmocka_unit_test(test_ste_fetch_abort),
		cmocka_unit_test(test_two_level),
		cmocka_unit_test(test_two_level_alignment),
		cmocka_unit_test(test_fmt_follows_guest),
		cmocka_unit_test(test_smmuen_transitions),
		cmocka_unit_test(test_strtab_alignment),
		cmocka_unit_test(test_backend_failure),
		cmocka_unit_test(test_backend_failure_drops_old),
		cmocka_unit_test(test_no_stall_sets_s1stalld),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
