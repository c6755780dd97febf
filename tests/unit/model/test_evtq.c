// SPDX-License-Identifier: MIT
/*
 * Tests of src/model/irq.c: the event queue (records, PROD, wrap, OVFLG),
 * EVENTQ and GERROR interrupts and MSIs (facts §8.1, §8.3, §8.5).
 * Events are provoked with an invalid STE (C_BAD_STE, which is never
 * cached, so every access records one).
 */
#include "helpers.h"

#define SID_BAD 7u

static void setup(struct mh *h, const struct smmu_model_config *c,
		  unsigned int evtq_log2)
{
	uint64_t ste[8] = { 0 };	/* V = 0 */

	mh_init(h, c, false);
	mh_setup(h, false, 0, evtq_log2);
	mh_ste_put(h, SID_BAD, ste);
}

static int fault(struct mh *h)
{
	struct smmu_model_result r;

	return smmu_model_translate(h->m, SID_BAD, SMMU_MODEL_NO_SSID,
				    0x1000, 0, &r);
}

static uint32_t prod(struct mh *h)
{
	return mh_rd32(h, R_EVENTQ_PROD);
}

static void test_record_and_irq(void **state)
{
	struct smmu_model_result r;
	struct tev e;
	struct mh h;

	(void)state;
	setup(&h, NULL, 0);
	mh_wr32(&h, R_IRQ_CTRL, 0x4);			/* EVENTQ_IRQEN */
	assert_int_equal(smmu_model_translate(h.m, SID_BAD, 0x1234, 0x1000,
					      0, &r), -VSMMU_ERR_FAULT);
	assert_int_equal(r.outcome, SMMU_MODEL_ABORT);
	assert_int_equal(r.evt.id, EVT_C_BAD_STE);
	assert_true(r.recorded);
	assert_int_equal(prod(&h), 1);
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_EVENTQ], 1);
	/* A second event into a non-empty queue: no new interrupt. */
	assert_int_equal(fault(&h), -VSMMU_ERR_FAULT);
	assert_int_equal(prod(&h), 2);
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_EVENTQ], 1);
	e = pop1(&h);
	assert_int_equal(e.id, EVT_C_BAD_STE);
	assert_int_equal(e.sid, SID_BAD);
	assert_int_equal(e.ssv, 1);
	assert_int_equal(e.ssid, 0x1234);
	e = pop1(&h);
	assert_int_equal(e.ssv, 0);
	assert_int_equal(e.ssid, 0);
	/* Empty again: the next event interrupts again. */
	assert_int_equal(fault(&h), -VSMMU_ERR_FAULT);
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_EVENTQ], 2);
	mh_fini(&h);
}

static void test_irq_disabled_and_not_retroactive(void **state)
{
	struct mh h;

	(void)state;
	setup(&h, NULL, 0);
	fault(&h);
	assert_int_equal(prod(&h), 1);
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_EVENTQ], 0);
	/* Enabling later does not fire for the old condition. */
	mh_wr32(&h, R_IRQ_CTRL, 0x4);
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_EVENTQ], 0);
	fault(&h);				/* not empty -> no edge */
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_EVENTQ], 0);
	mh_fini(&h);
}

static void test_msi(void **state)
{
	struct mh h;

	(void)state;
	setup(&h, NULL, 0);
	mh_wr64(&h, R_EVENTQ_IRQ_CFG0, 0x0000000812345678ull & ~3ull);
	mh_wr32(&h, R_EVENTQ_IRQ_CFG1, 0xfeedu);
	mh_wr32(&h, R_EVENTQ_IRQ_CFG2, 0x1);
	mh_wr32(&h, R_IRQ_CTRL, 0x4);
	fault(&h);
	assert_int_equal(h.nmsi, 1);
	assert_int_equal(h.msi[0].addr, 0x0000000812345678ull & ~3ull);
	assert_int_equal(h.msi[0].data, 0xfeedu);
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_EVENTQ], 1);
	mh_fini(&h);
}

static uint32_t seen_prod;
static uint64_t seen_id;

static void hook_evt(struct mh *h, enum smmu_model_irq line)
{
	if (line != SMMU_MODEL_IRQ_EVENTQ)
		return;
	seen_prod = mh_rd32(h, R_EVENTQ_PROD);
	seen_id = mmem_get64(&h->mem, MH_EVTQ) & 0xff;
}

static void test_irq_after_data(void **state)
{
	struct mh h;

	(void)state;
	setup(&h, NULL, 0);
	mh_wr32(&h, R_IRQ_CTRL, 0x4);
	h.on_irq = hook_evt;
	seen_prod = 0;
	seen_id = 0;
	fault(&h);
	assert_int_equal(seen_prod, 1);
	assert_int_equal(seen_id, EVT_C_BAD_STE);
	mh_fini(&h);
}

/* Full queue: discard and toggle OVFLG once (facts §8.5). */
static void test_overflow(void **state)
{
	struct smmu_model_counters c;
	struct smmu_model_result r;
	struct mh h;

	(void)state;
	setup(&h, NULL, 1);			/* 2 entries */
	mh_wr32(&h, R_IRQ_CTRL, 0x4);
	fault(&h);
	fault(&h);
	assert_int_equal(prod(&h), 2);		/* idx 0, wrap 1: full */
	smmu_model_translate(h.m, SID_BAD, SMMU_MODEL_NO_SSID, 0, 0, &r);
	assert_false(r.recorded);
	assert_int_equal(r.outcome, SMMU_MODEL_ABORT);
	assert_int_equal(prod(&h), 0x80000002u);	/* OVFLG toggled */
	assert_int_equal(mmem_get64(&h.mem, MH_EVTQ + 64), 0); /* no write */
	/* A second discard while the overflow is pending: no toggle. */
	fault(&h);
	assert_int_equal(prod(&h), 0x80000002u);
	assert_int_equal(smmu_model_counters_get(h.m, &c), 0);
	assert_int_equal(c.events_dropped, 2);
	assert_int_equal(c.overflows, 1);
	assert_int_equal(c.events_written, 2);
	/* The architecture's rule, not QEMU's: no EVENTQ_ABT_ERR. */
	assert_int_equal(mh_rd32(&h, R_GERROR), 0);
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_EVENTQ], 1);
	/* Consume one (mh_evt_pop copies OVFLG into OVACKFLG). */
	assert_int_equal(pop1(&h).id, EVT_C_BAD_STE);
	assert_int_equal(mh_rd32(&h, R_EVENTQ_CONS), 0x80000001u);
	fault(&h);				/* recorded: idx 0, wrap 1 */
	assert_int_equal(prod(&h), 0x80000003u);
	/* Full again: a new overflow may be signalled (OVFLG toggles
	 * back, != the acknowledged flag). */
	fault(&h);
	assert_int_equal(prod(&h), 0x00000003u);
	mh_fini(&h);
}

/* Overflow not acknowledged: recording goes on when space frees. */
static void test_overflow_unacked(void **state)
{
	struct mh h;

	(void)state;
	setup(&h, NULL, 1);
	fault(&h);
	fault(&h);
	fault(&h);
	assert_int_equal(prod(&h), 0x80000002u);
	mh_wr32(&h, R_EVENTQ_CONS, 1);		/* consume, no ack */
	fault(&h);
	assert_int_equal(prod(&h), 0x80000003u);
	fault(&h);				/* full, overflow pending */
	assert_int_equal(prod(&h), 0x80000003u);
	mh_fini(&h);
}

static void test_disabled_discards(void **state)
{
	struct smmu_model_counters c;
	struct mh h;

	(void)state;
	setup(&h, NULL, 1);
	mh_wr32(&h, R_CR0, CR0_SMMUEN | CR0_CMDQEN);	/* EVENTQEN = 0 */
	for (int i = 0; i < 4; i++)
		fault(&h);
	assert_int_equal(prod(&h), 0);			/* no OVFLG */
	assert_int_equal(smmu_model_counters_get(h.m, &c), 0);
	assert_int_equal(c.events_discarded, 4);
	assert_int_equal(c.overflows, 0);
	mh_fini(&h);
}

static void test_write_abort(void **state)
{
	struct mh h;

	(void)state;
	setup(&h, NULL, 0);
	mh_wr64(&h, R_GERROR_IRQ_CFG0, 0x9000);
	mh_wr32(&h, R_GERROR_IRQ_CFG1, 0x77);
	mh_wr32(&h, R_IRQ_CTRL, 0x5);
	mmem_fail(&h.mem, MH_EVTQ, MH_EVTQ + 0xfff, false, true);
	fault(&h);
	assert_int_equal(prod(&h), 0);
	assert_int_equal(mh_rd32(&h, R_GERROR), GERR_EVTQ_ABT);
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_GERROR], 1);
	assert_int_equal(h.nmsi, 1);
	assert_int_equal(h.msi[0].addr, 0x9000);
	assert_int_equal(h.msi[0].data, 0x77);
	/* While EVENTQ_ABT_ERR is active the queue is not writable. */
	mmem_fail_clear(&h.mem);
	fault(&h);
	assert_int_equal(prod(&h), 0);
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_GERROR], 1);
	/* Acknowledge: recording resumes. */
	mh_wr32(&h, R_GERRORN, GERR_EVTQ_ABT);
	fault(&h);
	assert_int_equal(prod(&h), 1);
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_EVENTQ], 1);
	mh_fini(&h);
}

/* A failing GERROR MSI raises MSI_GERROR_ABT_ERR once, and stops. */
static void test_gerror_msi_abort(void **state)
{
	struct mh h;

	(void)state;
	setup(&h, NULL, 0);
	mh_wr64(&h, R_GERROR_IRQ_CFG0, 0x9000);
	mh_wr32(&h, R_IRQ_CTRL, 0x1);
	h.msi_fail = true;
	mh_cmd(&h, 0x08, 0);			/* CERROR_ILL */
	assert_int_equal(mh_rd32(&h, R_GERROR), 0x1u | 0x80u);
	/* Two activations in one call: pulses may coalesce (facts §8.1). */
	assert_int_equal(h.irqs[SMMU_MODEL_IRQ_GERROR], 1);
	mh_fini(&h);
}

static void test_wrap_many(void **state)
{
	struct mh h;

	(void)state;
	setup(&h, NULL, 2);			/* 4 entries */
	for (unsigned int i = 1; i <= 13; i++) {
		fault(&h);
		assert_int_equal(prod(&h), i & 7u);
		assert_int_equal(pop1(&h).sid, SID_BAD);
	}
	mh_fini(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_and_irq),
		cmocka_unit_test(test_irq_disabled_and_not_retroactive),
		cmocka_unit_test(test_msi),
		cmocka_unit_test(test_irq_after_data),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_overflow_unacked),
		cmocka_unit_test(test_disabled_discards),
		cmocka_unit_test(test_write_abort),
		cmocka_unit_test(test_gerror_msi_abort),
		cmocka_unit_test(test_wrap_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
