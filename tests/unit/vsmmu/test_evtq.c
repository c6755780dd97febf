// SPDX-License-Identifier: MIT
/*
 * src/vsmmu/evtq.c: the guest's event queue. Records with the vSID, PROD,
 * interrupts on empty -> non-empty only, OVFLG on a full queue (never an
 * abort), EVENTQ_ABT_ERR on a failed write, discards while disabled, and
 * physical events routed through the framework.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "fakes/vsmmu_fake_host.h"
#include "vsmmu/internal.h"		/* src/vsmmu: PROD under the lock */

#define PSID 0x40u
#define VSID 5u

static void setup(struct vfx *f, unsigned int evtq_log2)
{
	struct vfx_layout lay;

	vfx_init(f, 4 << 20);
	vfx_map(f, PSID, VSID);
	vfx_create(f);
	vfx_default_layout(&lay);
	lay.evtq_log2 = evtq_log2;
	vfx_linux_reset(f, &lay);
}

static void deliver(struct vfx *f, uint8_t id, uint64_t addr)
{
	struct smmu_evt e;
	uint64_t rec[4];

	memset(&e, 0, sizeof(e));
	e.id = id;
	e.sid = VSID;
	e.input_addr = addr;
	e.rnw = true;
	e.class_ = SMMU_EVT_CLASS_IN;
	assert_int_equal(smmu_evt_encode(&e, rec), 0);
	assert_int_equal(vsmmu_deliver_event(f->v, rec), 0);
}

static uint32_t prod_rd(struct vfx *f)
{
	return vfx_rd32(f, SMMU_EVENTQ_PROD);
}

static void test_records_and_irq(void **state)
{
	struct smmu_evt e;
	struct vfx f;

	(void)state;
	setup(&f, 3);
	deliver(&f, SMMU_EVT_F_TRANSLATION, 0x1000);
	assert_int_equal(prod_rd(&f), 1);
	assert_int_equal(f.edges[VSMMU_IRQ_EVENTQ], 1);
	vfx_evt(&f, 0, &e);
	assert_int_equal(e.id, SMMU_EVT_F_TRANSLATION);
	assert_int_equal(e.sid, VSID);
	assert_int_equal(e.input_addr, 0x1000);
	/* Not empty -> non-empty: no new interrupt. */
	deliver(&f, SMMU_EVT_F_PERMISSION, 0x2000);
	assert_int_equal(prod_rd(&f), 2);
	assert_int_equal(f.edges[VSMMU_IRQ_EVENTQ], 1);
	/* The guest consumes everything: the next record interrupts. */
	vfx_wr32(&f, SMMU_EVENTQ_CONS, 2);
	deliver(&f, SMMU_EVT_F_ACCESS, 0x3000);
	assert_int_equal(f.edges[VSMMU_IRQ_EVENTQ], 2);
	vfx_evt(&f, 2, &e);
	assert_int_equal(e.id, SMMU_EVT_F_ACCESS);
	/* Wrap: 8 entries, the index returns to 0 with the wrap bit. */
	vfx_wr32(&f, SMMU_EVENTQ_CONS, 3);
	for (unsigned int i = 0; i < 6; i++)
		deliver(&f, SMMU_EVT_F_TRANSLATION, 0x4000 + i);
	assert_int_equal(prod_rd(&f), 8 | 1);
	vfx_evt(&f, 0, &e);
	assert_int_equal(e.input_addr, 0x4000 + 5);
	vfx_fini(&f);
}

/* Full queue: OVFLG toggles once per overflow episode; no abort. */
static void test_overflow(void **state)
{
	struct vsmmu_counters cnt;
	struct vfx f;
	uint32_t p;

	(void)state;
	setup(&f, 1);		/* two entries */
	deliver(&f, SMMU_EVT_F_TRANSLATION, 1);
	deliver(&f, SMMU_EVT_F_TRANSLATION, 2);
	assert_int_equal(prod_rd(&f), 2);	/* full: wrap set, idx 0 */
	deliver(&f, SMMU_EVT_F_TRANSLATION, 3);
	p = prod_rd(&f);
	assert_int_equal(p, SMMU_Q_OVF | 2);
	deliver(&f, SMMU_EVT_F_TRANSLATION, 4);
	/* Already pending: not toggled again. */
	assert_int_equal(prod_rd(&f), SMMU_Q_OVF | 2);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR), 0);
	vsmmu_get_counters(f.v, &cnt);
	assert_int_equal(cnt.events_overflow, 2);
	assert_int_equal(cnt.events, 2);
	/* Records are intact: the overflow discarded the new ones. */
	{
		struct smmu_evt e;

		vfx_evt(&f, 0, &e);
		assert_int_equal(e.input_addr, 1);
		vfx_evt(&f, 1, &e);
		assert_int_equal(e.input_addr, 2);
	}
	/* The guest consumes and acknowledges (Linux copies OVFLG). */
	vfx_wr32(&f, SMMU_EVENTQ_CONS, (uint32_t)SMMU_Q_OVF | 2);
	deliver(&f, SMMU_EVT_F_TRANSLATION, 5);
	assert_int_equal(prod_rd(&f), SMMU_Q_OVF | 3);
	deliver(&f, SMMU_EVT_F_TRANSLATION, 6);
	deliver(&f, SMMU_EVT_F_TRANSLATION, 7);
	/* A new overflow toggles OVFLG back. */
	assert_int_equal(prod_rd(&f), 0);
	vfx_fini(&f);
}

/* A failed guest write: EVENTQ_ABT_ERR, queue unwritable until acked. */
static void test_write_abort(void **state)
{
	struct vsmmu_counters cnt;
	struct vfx f;
	uint32_t ge;

	(void)state;
	setup(&f, 3);
	f.wfail_lo = f.evtq;
	f.wfail_hi = f.evtq + 32;
	deliver(&f, SMMU_EVT_F_TRANSLATION, 1);
	ge = vfx_rd32(&f, SMMU_GERROR);
	assert_int_equal(ge, SMMU_GERROR_EVENTQ_ABT_ERR);
	assert_int_equal(f.edges[VSMMU_IRQ_GERROR], 1);
	assert_int_equal(prod_rd(&f), 0);
	f.wfail_hi = 0;
	deliver(&f, SMMU_EVT_F_TRANSLATION, 2);
	assert_int_equal(prod_rd(&f), 0);	/* discarded while active */
	vfx_wr32(&f, SMMU_GERRORN, ge);
	deliver(&f, SMMU_EVT_F_TRANSLATION, 3);
	assert_int_equal(prod_rd(&f), 1);
	vsmmu_get_counters(f.v, &cnt);
	assert_int_equal(cnt.events_discarded, 2);
	assert_int_equal(cnt.events_overflow, 0);
	vfx_fini(&f);
}

/* EVENTQEN = 0: discarded, not an overflow, no interrupt. */
static void test_disabled(void **state)
{
	struct vsmmu_counters cnt;
	struct vfx f;

	(void)state;
	setup(&f, 3);
	vfx_wr32(&f, SMMU_CR0, (uint32_t)(SMMU_CR0_SMMUEN | SMMU_CR0_CMDQEN));
	deliver(&f, SMMU_EVT_F_TRANSLATION, 1);
	assert_int_equal(prod_rd(&f), 0);
	assert_int_equal(f.edges[VSMMU_IRQ_EVENTQ], 0);
	vsmmu_get_counters(f.v, &cnt);
	assert_int_equal(cnt.events_discarded, 1);
	assert_int_equal(cnt.events_overflow, 0);
	assert_int_equal(vsmmu_deliver_event(f.v, NULL), -VSMMU_ERR_INVAL);
	vfx_fini(&f);
}

/* A physical stage-1 fault reaches the guest with the vSID. */
static void test_routed_physical_event(void **state)
{
	struct smmu_evt e;
	uint64_t rec[4];
	struct vfx f;

	(void)state;
	setup(&f, 3);
	memset(&e, 0, sizeof(e));
	e.id = SMMU_EVT_F_TRANSLATION;
	e.sid = PSID;
	e.ssv = true;
	e.ssid = 3;
	e.input_addr = 0xabc000;
	assert_int_equal(smmu_evt_encode(&e, rec), 0);
	assert_int_equal(viommu_route_event(f.d, f.bidx, PSID, rec), 0);
	assert_int_equal(prod_rd(&f), 1);
	vfx_evt(&f, 0, &e);
	assert_int_equal(e.id, SMMU_EVT_F_TRANSLATION);
	assert_int_equal(e.sid, VSID);
	assert_true(e.ssv);
	assert_int_equal(e.ssid, 3);
	assert_int_equal(e.input_addr, 0xabc000);
	/* After destroy the framework no longer calls us. */
	vsmmu_destroy(f.v);
	f.v = NULL;
	assert_int_not_equal(viommu_route_event(f.d, f.bidx, PSID, rec), 0);
	vfx_fini(&f);
}

/* MSI for the event queue when CFG0 is programmed. */
static void test_msi(void **state)
{
	struct vfx_layout lay;
	struct vfx f;

	(void)state;
	vfx_init(&f, 4 << 20);
	vfx_create(&f);
	vfx_default_layout(&lay);
	lay.use_msi = 1;
	vfx_linux_reset(&f, &lay);
	deliver(&f, SMMU_EVT_F_TRANSLATION, 1);
	assert_int_equal(f.nmsi, 1);
	assert_int_equal(f.msi[0].addr, VFX_DOORBELL + 4);
	assert_int_equal(f.msi[0].data, 0x22);
	/* A failing MSI raises MSI_EVENTQ_ABT_ERR (and its own IRQ). */
	vfx_wr32(&f, SMMU_EVENTQ_CONS, 1);
	f.msi_fail = -VSMMU_ERR_IO;
	deliver(&f, SMMU_EVT_F_TRANSLATION, 2);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR),
			 SMMU_GERROR_MSI_EVENTQ_ABT_ERR |
			 SMMU_GERROR_MSI_GERROR_ABT_ERR);
	/* The record itself was written. */
	assert_int_equal(prod_rd(&f), 2);
	vfx_fini(&f);
}

/*
 * The event-queue MSI is sent after its data is visible (facts §8.1): at
 * the moment of the MSI the record is in guest memory and PROD already
 * counts it. The MSI callback runs under the vSMMU lock, so the spy reads
 * PROD from the state itself.
 */
static struct vfx *g_f;
static uint32_t g_prod_at_msi;
static uint64_t g_rec_at_msi;

static int msi_spy(void *ctx, uint64_t addr, uint32_t data)
{
	(void)ctx;
	(void)addr;
	(void)data;
	g_prod_at_msi = g_f->v->eventq_prod;
	g_rec_at_msi = vfx_mem_r64(g_f, g_f->evtq + 16);
	return 0;
}

static void test_msi_after_data(void **state)
{
	struct vfx_layout lay;
	struct vfx f;

	(void)state;
	vfx_init(&f, 4 << 20);
	f.ops.msi_write = msi_spy;
	vfx_create(&f);
	vfx_default_layout(&lay);
	lay.use_msi = 1;
	vfx_linux_reset(&f, &lay);
	g_f = &f;
	g_prod_at_msi = 0;
	g_rec_at_msi = 0;
	deliver(&f, SMMU_EVT_F_TRANSLATION, 0xabc000);
	assert_int_equal(g_prod_at_msi & SMMU_Q_IDX_WRP, 1);
	assert_int_equal(g_rec_at_msi, 0xabc000);	/* InputAddr, dword 2 */
	g_f = NULL;
	vfx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_and_irq),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_write_abort),
		cmocka_unit_test(test_disabled),
		cmocka_unit_test(test_routed_physical_event),
		cmocka_unit_test(test_msi),
		cmocka_unit_test(test_msi_after_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
