// SPDX-License-Identifier: MIT
/*
 * src/vsmmu/irq.c: GERROR toggling, interrupts gated by IRQ_CTRL and never
 * retroactive, MSIs and wired lines, the combined line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "fakes/vsmmu_fake_host.h"

static void setup(struct vfx *f, int msi, bool combined)
{
	struct vfx_layout lay;

	vfx_init(f, 4 << 20);
	f->cfg.irq_combined = combined;
	vfx_create(f);
	vfx_default_layout(&lay);
	lay.use_msi = msi;
	vfx_linux_reset(f, &lay);
}

/* Queue an illegal command: GERROR.CMDQ_ERR becomes active. */
static void bad_cmd(struct vfx *f)
{
	vfx_cmd_raw(f, 0x08, 0);
	vfx_cmd_publish(f);
}

static void fix_and_ack(struct vfx *f)
{
	uint32_t cons = vfx_rd32(f, SMMU_CMDQ_CONS) & (uint32_t)SMMU_Q_IDX_WRP;

	/* Linux moves on by replacing the command with a CMD_SYNC. */
	vfx_mem_w64(f, f->cmdq + (uint64_t)(cons & 0xff) * 16,
		    SMMU_CMD_SYNC);
	vfx_wr32(f, SMMU_GERRORN, vfx_rd32(f, SMMU_GERROR));
}

static void test_gerror_toggle(void **state)
{
	struct vfx f;

	(void)state;
	setup(&f, 0, false);
	bad_cmd(&f);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR), SMMU_GERROR_CMDQ_ERR);
	assert_int_equal(vfx_rd32(&f, SMMU_GERRORN), 0);
	assert_int_equal(f.edges[VSMMU_IRQ_GERROR], 1);
	fix_and_ack(&f);
	assert_int_equal(vfx_rd32(&f, SMMU_GERRORN), SMMU_GERROR_CMDQ_ERR);
	/* The next error toggles the bit back to 0: active = differ. */
	bad_cmd(&f);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR), 0);
	assert_int_equal(vfx_rd32(&f, SMMU_GERRORN), SMMU_GERROR_CMDQ_ERR);
	assert_int_equal(f.edges[VSMMU_IRQ_GERROR], 2);
	fix_and_ack(&f);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR) ^
			 vfx_rd32(&f, SMMU_GERRORN), 0);
	/* GERRORN keeps only implemented bits. */
	vfx_wr32(&f, SMMU_GERRORN, 0xffffffff);
	assert_int_equal(vfx_rd32(&f, SMMU_GERRORN) & ~0x1fdu, 0);
	vfx_fini(&f);
}

/* IRQEN gates the interrupt; enabling later raises nothing. */
static void test_irq_gating_not_retroactive(void **state)
{
	struct vfx f;
	uint64_t rec[4] = { SMMU_EVT_F_TRANSLATION, 0, 0, 0 };

	(void)state;
	setup(&f, 0, false);
	vfx_wr32(&f, SMMU_IRQ_CTRL, 0);
	bad_cmd(&f);
	assert_true(vfx_rd32(&f, SMMU_GERROR) & SMMU_GERROR_CMDQ_ERR);
	assert_int_equal(vsmmu_deliver_event(f.v, rec), 0);
	assert_int_equal(vfx_rd32(&f, SMMU_EVENTQ_PROD), 1);
	assert_int_equal(f.edges[VSMMU_IRQ_GERROR], 0);
	assert_int_equal(f.edges[VSMMU_IRQ_EVENTQ], 0);
	vfx_wr32(&f, SMMU_IRQ_CTRL, (uint32_t)(SMMU_IRQ_CTRL_GERROR_IRQEN |
					      SMMU_IRQ_CTRL_EVENTQ_IRQEN));
	assert_int_equal(f.edges[VSMMU_IRQ_GERROR], 0);
	assert_int_equal(f.edges[VSMMU_IRQ_EVENTQ], 0);
	/* An already-active error raised again is not a new condition. */
	bad_cmd(&f);
	assert_int_equal(f.edges[VSMMU_IRQ_GERROR], 0);
	/* New conditions do interrupt. */
	fix_and_ack(&f);
	bad_cmd(&f);
	assert_int_equal(f.edges[VSMMU_IRQ_GERROR], 1);
	vfx_wr32(&f, SMMU_EVENTQ_CONS, 1);
	assert_int_equal(vsmmu_deliver_event(f.v, rec), 0);
	assert_int_equal(f.edges[VSMMU_IRQ_EVENTQ], 1);
	vfx_fini(&f);
}

/* MSIs when CFG0 is set (the wired line pulses as well). */
static void test_gerror_msi(void **state)
{
	struct vfx f;

	(void)state;
	setup(&f, 1, false);
	bad_cmd(&f);
	assert_int_equal(f.nmsi, 1);
	assert_int_equal(f.msi[0].addr, VFX_DOORBELL);
	assert_int_equal(f.msi[0].data, 0x11);
	assert_int_equal(f.edges[VSMMU_IRQ_GERROR], 1);
	/* IRQ_CFG2 keeps SH and MemAttr only. */
	vfx_wr32(&f, SMMU_IRQ_CTRL, 0);
	vfx_wr32(&f, SMMU_GERROR_IRQ_CFG2, 0xffffffff);
	assert_int_equal(vfx_rd32(&f, SMMU_GERROR_IRQ_CFG2), 0x3f);
	vfx_wr64(&f, SMMU_GERROR_IRQ_CFG0, ~0ull);
	assert_int_equal(vfx_rd64(&f, SMMU_GERROR_IRQ_CFG0),
			 SMMU_IRQ_CFG0_ADDR);
	vfx_fini(&f);
}

static void test_combined_line(void **state)
{
	struct vfx f;
	uint64_t rec[4] = { SMMU_EVT_F_TRANSLATION, 0, 0, 0 };

	(void)state;
	setup(&f, 0, true);
	bad_cmd(&f);
	assert_int_equal(vsmmu_deliver_event(f.v, rec), 0);
	assert_int_equal(f.edges[VSMMU_IRQ_COMBINED], 2);
	assert_int_equal(f.edges[VSMMU_IRQ_GERROR], 0);
	assert_int_equal(f.edges[VSMMU_IRQ_EVENTQ], 0);
	assert_int_equal(f.level[VSMMU_IRQ_COMBINED], 0);	/* a pulse */
	vfx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gerror_toggle),
		cmocka_unit_test(test_irq_gating_not_retroactive),
		cmocka_unit_test(test_gerror_msi),
		cmocka_unit_test(test_combined_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
