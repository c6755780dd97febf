// SPDX-License-Identifier: MIT
/*
 * The whole stack, nested: the guest driver on a vSMMU, the vIOMMU
 * framework, the psmmu driver and the SMMU model, on the platform of
 * examples/two-guests (guest1 with a vSMMU, guest2 without).
 *
 * Isolation, STE transitions (attach, abort, bypass, re-attach), a guest
 * that resets and re-probes its SMMU, teardown of a domain whose devices
 * are still configured, and strict against lazy invalidation counted in
 * physical commands.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vsmmu/base.h"
#include "hyp.h"
#include "workload.h"
#include "guest/internal.h"

#define EX SIM_SRC_DIR "/examples/two-guests/"

static struct sim_host H;
static FILE *devnull;

static int setup(void **state)
{
	struct sim_host_opts o;
	struct sim_domain *d;
	char err[512];
	int ret;

	(void)state;
	memset(&o, 0, sizeof(o));
	if (!getenv("SIM_VERBOSE")) {
		devnull = fopen("/dev/null", "w");
		o.out = devnull;
	}
	ret = sim_host_init(&H, EX "host.dts", &o, err, sizeof(err));
	if (ret)
		fprintf(stderr, "%s\n", err);
	assert_int_equal(ret, 0);
	assert_int_equal(
		sim_domain_create(&H, EX "guest1.cfg", &d, err, sizeof(err)),
		0);
	assert_int_equal(
		sim_domain_create(&H, EX "guest2.cfg", &d, err, sizeof(err)),
		0);
	assert_int_equal(sim_domain_boot(H.doms[0]), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sim_host_fini(&H);
	if (devnull)
		fclose(devnull);
	devnull = NULL;
	return 0;
}

/* The first device of a domain (with a vSID when the domain has one). */
static struct sim_dev *first_dev(struct sim_domain *d)
{
	assert_true(d->ndevs > 0);
	return &H.dev[d->devs[0]];
}

static struct smmu_model_counters model_counters(unsigned int i)
{
	struct smmu_model_counters c;

	smmu_model_counters_get(H.smmu[i].hw.model, &c);
	return c;
}

/* Accesses to a watched physical range. */
static uint64_t w_base, w_size, w_hits;

static void watch(void *ctx, uint64_t pa, size_t len, bool write)
{
	(void)ctx;
	(void)write;
	if (pa < w_base + w_size && pa + len > w_base)
		w_hits++;
}

/* Guest 1's stage 1 aimed at guest 2's memory faults at stage 2. */
static void test_isolation(void **state)
{
	struct sim_domain *d1 = H.doms[0], *d2 = H.doms[1];
	struct sim_dev *dev = first_dev(d1);
	struct gsmmu_domain *gd;
	uint64_t s2_before, iova = 0x10000000, top = d1->ram_ipa + d1->ram_size;
	unsigned int ev_before;
	uint8_t buf[64], back[64];

	(void)state;
	assert_true(dev->has_vsid);
	assert_int_equal(gsmmu_domain_alloc(&d1->vi[0].gos.drv, true, &gd), 0);
	assert_int_equal(gsmmu_attach(gd, dev->vsid), 0);
	/* A secret in guest 2, at the top of its RAM. */
	assert_int_equal(sim_domain_gpa_write(d2,
					      d2->ram_ipa + d2->ram_size - 4096,
					      "secret!", 8),
			 0);
	/* Guest 1 maps an IOVA to guest 2's physical address, as an IPA. */
	assert_true(d2->ram_pa >= top ||
		    d2->ram_pa + d2->ram_size <= d1->ram_ipa);
	assert_int_equal(gsmmu_map(gd, iova, d2->ram_pa + d2->ram_size - 4096,
				   4096, true),
			 0);
	s2_before = H.smmu[0].s2_faults;
	ev_before = d1->vi[0].gos.nevents;
	w_base = d2->ram_pa;
	w_size = d2->ram_size;
	w_hits = 0;
	sim_mem_set_watch(H.mem, watch, NULL);
	memset(back, 0, sizeof(back));
	assert_int_equal(sim_dma_read(&dev->dma, iova, back, sizeof(back)),
			 -VSMMU_ERR_FAULT);
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(sim_dma_write(&dev->dma, iova, buf, sizeof(buf)),
			 -VSMMU_ERR_FAULT);
	sim_mem_set_watch(H.mem, NULL, NULL);
	assert_int_equal(w_hits, 0);
	assert_null(memmem(back, sizeof(back), "secret", 6));
	/* Stage-2 faults stay with the hypervisor; the guest hears nothing. */
	sim_wait_guest_events(&d1->vi[0], ev_before, 50);
	assert_true(H.smmu[0].s2_faults >= s2_before + 2);
	assert_int_equal(d1->vi[0].gos.nevents, ev_before);
	/* The same IPA number in guest 1 is guest 1's own memory. */
	assert_int_equal(gsmmu_unmap(gd, iova, 4096), 0);
	assert_int_equal(gsmmu_map(gd, iova, top - 4096, 4096, true), 0);
	assert_int_equal(sim_dma_write(&dev->dma, iova, "mine", 5), 0);
	assert_int_equal(sim_domain_gpa_read(d1, top - 4096, back, 5), 0);
	assert_memory_equal(back, "mine", 5);
	assert_int_equal(sim_domain_gpa_read(d2,
					     d2->ram_ipa + d2->ram_size - 4096,
					     back, 8),
			 0);
	assert_memory_equal(back, "secret!", 8);
	assert_int_equal(gsmmu_set_abort(&d1->vi[0].gos.drv, dev->vsid), 0);
	assert_int_equal(gsmmu_domain_free(gd), 0);
}

/* A vSID the domain does not own configures nothing physical. */
static void test_unowned_vsid(void **state)
{
	struct sim_domain *d1 = H.doms[0], *d2 = H.doms[1];
	struct sim_dev *other = first_dev(d2);
	struct gsmmu_domain *gd;
	uint64_t ipa;
	uint8_t b[16];

	(void)state;
	assert_int_equal(gsmmu_domain_alloc(&d1->vi[0].gos.drv, true, &gd), 0);
	/* 0x80 is not in guest 1's tree: the write is the guest's only. */
	assert_int_equal(gsmmu_attach(gd, 0x80), 0);
	/* Guest 2's device still goes through its stage 2 alone. */
	assert_int_equal(sim_gos_alloc(&d2->vi[0].gos, 4096, &ipa), 0);
	assert_int_equal(sim_dma_write(&other->dma, ipa, "s2 only", 8), 0);
	assert_int_equal(sim_domain_gpa_read(d2, ipa, b, 8), 0);
	assert_memory_equal(b, "s2 only", 8);
	assert_int_equal(gsmmu_set_abort(&d1->vi[0].gos.drv, 0x80), 0);
	assert_int_equal(gsmmu_domain_free(gd), 0);
}

/* Attach, abort, bypass, re-attach: each takes effect physically. */
static void test_transitions(void **state)
{
	struct sim_domain *d1 = H.doms[0];
	struct sim_dev *dev = first_dev(d1);
	struct gsmmu_domain *gd;
	struct vsmmu_counters c0, c1;
	uint64_t iova, ipa, spare = d1->ram_ipa + d1->ram_size - 8192;
	unsigned int ev;
	uint8_t b[16];

	(void)state;
	vsmmu_get_counters(d1->vi[0].vs, &c0);
	assert_int_equal(gsmmu_domain_alloc(&d1->vi[0].gos.drv, true, &gd), 0);
	assert_int_equal(gsmmu_attach(gd, dev->vsid), 0);
	assert_int_equal(gsmmu_dma_alloc(gd, 4096, &iova, &ipa), 0);
	assert_int_equal(sim_dma_write(&dev->dma, iova, "stage1", 7), 0);
	assert_int_equal(sim_domain_gpa_read(d1, ipa, b, 7), 0);
	assert_memory_equal(b, "stage1", 7);

	/* Abort: terminated silently, nothing reaches memory or the guest. */
	ev = d1->vi[0].gos.nevents;
	assert_int_equal(gsmmu_set_abort(&d1->vi[0].gos.drv, dev->vsid), 0);
	assert_int_equal(sim_dma_write(&dev->dma, iova, "abort!", 7),
			 -VSMMU_ERR_FAULT);
	assert_int_equal(sim_domain_gpa_read(d1, ipa, b, 7), 0);
	assert_memory_equal(b, "stage1", 7);
	sim_wait_guest_events(&d1->vi[0], ev, 20);
	assert_int_equal(d1->vi[0].gos.nevents, ev);

	/* Bypass (stage 2 only): the device's address is an IPA. */
	assert_int_equal(gsmmu_set_bypass(&d1->vi[0].gos.drv, dev->vsid), 0);
	assert_int_equal(sim_dma_write(&dev->dma, spare, "bypass", 7), 0);
	assert_int_equal(sim_domain_gpa_read(d1, spare, b, 7), 0);
	assert_memory_equal(b, "bypass", 7);
	/* ... so the old IOVA is now read as an IPA, not through stage 1. */
	{
		uint8_t direct[7];

		assert_int_equal(sim_dma_read(&dev->dma, iova, b, 7), 0);
		assert_int_equal(sim_domain_gpa_read(d1, iova, direct, 7), 0);
		assert_memory_equal(b, direct, 7);
		assert_memory_not_equal(b, "stage1", 7);
	}

	/* Back to stage 1, from bypass (three STE rounds). */
	assert_int_equal(gsmmu_attach(gd, dev->vsid), 0);
	assert_int_equal(sim_dma_read(&dev->dma, iova, b, 7), 0);
	assert_memory_equal(b, "stage1", 7);
	assert_int_not_equal(sim_dma_write(&dev->dma, spare, "x", 1), 0);

	vsmmu_get_counters(d1->vi[0].vs, &c1);
	assert_true(c1.attach_s1 >= c0.attach_s1 + 2);
	assert_true(c1.attach_abort >= c0.attach_abort + 1);
	assert_true(c1.attach_bypass >= c0.attach_bypass + 1);
	assert_int_equal(c1.cmd_errors, c0.cmd_errors);

	assert_int_equal(gsmmu_dma_free(gd, iova, ipa, 4096), 0);
	assert_int_equal(gsmmu_set_abort(&d1->vi[0].gos.drv, dev->vsid), 0);
	assert_int_equal(gsmmu_domain_free(gd), 0);
}

/*
 * A device moves from one of the guest's domains to another: the CD
 * changes ASID and table together (broken, then rebuilt), and the old
 * domain's mappings stop working at once.
 */
static void test_domain_switch(void **state)
{
	struct sim_domain *d1 = H.doms[0];
	struct sim_dev *dev = first_dev(d1);
	struct gsmmu_domain *a, *b;
	uint64_t ia, pa_, ib, pb, ib0, pb0;
	uint8_t x[8];

	(void)state;
	assert_int_equal(gsmmu_domain_alloc(&d1->vi[0].gos.drv, true, &a), 0);
	assert_int_equal(gsmmu_domain_alloc(&d1->vi[0].gos.drv, true, &b), 0);
	assert_int_equal(gsmmu_attach(a, dev->vsid), 0);
	assert_int_equal(gsmmu_dma_alloc(a, 4096, &ia, &pa_), 0);
	/*
	 * b's IOVA allocator starts where a's does: take a's IOVA out of b
	 * again, so that b has nothing mapped there.
	 */
	assert_int_equal(gsmmu_dma_alloc(b, 4096, &ib0, &pb0), 0);
	assert_int_equal(ib0, ia);
	assert_int_equal(gsmmu_dma_alloc(b, 4096, &ib, &pb), 0);
	assert_int_equal(gsmmu_dma_free(b, ib0, pb0, 4096), 0);
	assert_int_equal(sim_dma_write(&dev->dma, ia, "in a", 5), 0);
	assert_int_equal(sim_domain_gpa_read(d1, pa_, x, 5), 0);
	assert_memory_equal(x, "in a", 5);
	assert_int_equal(sim_dma_write(&dev->dma, ib, "x", 1),
			 -VSMMU_ERR_FAULT);

	assert_int_equal(gsmmu_attach(b, dev->vsid), 0);
	assert_int_equal(sim_dma_write(&dev->dma, ib, "in b", 5), 0);
	assert_int_equal(sim_domain_gpa_read(d1, pb, x, 5), 0);
	assert_memory_equal(x, "in b", 5);
	/* a's IOVA now means nothing, even though a still maps it. */
	assert_int_equal(sim_dma_read(&dev->dma, ia, x, 5), -VSMMU_ERR_FAULT);

	assert_int_equal(gsmmu_set_abort(&d1->vi[0].gos.drv, dev->vsid), 0);
	assert_int_equal(gsmmu_dma_free(a, ia, pa_, 4096), 0);
	assert_int_equal(gsmmu_domain_free(a), 0);
	assert_int_equal(gsmmu_domain_free(b), 0);
}

/* The guest turns its SMMU off, probes it again, and works as before. */
static void test_reprobe(void **state)
{
	struct sim_domain *d1 = H.doms[0];
	struct sim_dev *dev = first_dev(d1);
	struct gsmmu_domain *gd;
	uint64_t iova, ipa, v;
	uint8_t b[16];

	(void)state;
	sim_gos_shutdown(&d1->vi[0].gos);
	assert_int_equal(vsmmu_mmio_read(d1->vi[0].vs, SMMU_CR0, 4, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(sim_domain_boot(d1), 0);
	assert_int_equal(vsmmu_mmio_read(d1->vi[0].vs, SMMU_CR0ACK, 4, &v), 0);
	assert_true(v & SMMU_CR0_SMMUEN);
	assert_int_equal(gsmmu_domain_alloc(&d1->vi[0].gos.drv, true, &gd), 0);
	assert_int_equal(gsmmu_attach(gd, dev->vsid), 0);
	assert_int_equal(gsmmu_dma_alloc(gd, 4096, &iova, &ipa), 0);
	assert_int_equal(sim_dma_write(&dev->dma, iova, "again", 6), 0);
	assert_int_equal(sim_domain_gpa_read(d1, ipa, b, 6), 0);
	assert_memory_equal(b, "again", 6);
	assert_int_equal(gsmmu_dma_free(gd, iova, ipa, 4096), 0);
	assert_int_equal(gsmmu_set_abort(&d1->vi[0].gos.drv, dev->vsid), 0);
	assert_int_equal(gsmmu_domain_free(gd), 0);
}

/* Destroy a domain whose device is attached with live mappings. */
static void test_teardown_live(void **state)
{
	struct sim_domain *d1 = H.doms[0], *d2 = H.doms[1], *n;
	struct sim_dev *dev = first_dev(d1), *other = first_dev(d2);
	struct gsmmu_domain *gd;
	uint64_t iova, ipa, old_pa = d1->ram_pa, old_size = d1->ram_size;
	char err[512];
	uint8_t b[16];

	(void)state;
	assert_int_equal(gsmmu_domain_alloc(&d1->vi[0].gos.drv, true, &gd), 0);
	assert_int_equal(gsmmu_attach(gd, dev->vsid), 0);
	assert_int_equal(gsmmu_dma_alloc(gd, 65536, &iova, &ipa), 0);
	assert_int_equal(sim_dma_write(&dev->dma, iova, "live", 5), 0);

	sim_domain_destroy(d1);
	/* The guest's domain lived in its RAM; only the host part remains. */
	sim_palloc_fini(&gd->iova);
	free(gd);
	assert_int_equal(H.ndoms, 1);
	assert_int_equal(dev->owner, -1);

	/* Its device now aborts and never reaches the old memory. */
	w_base = old_pa;
	w_size = old_size;
	w_hits = 0;
	sim_mem_set_watch(H.mem, watch, NULL);
	assert_int_equal(sim_dma_read(&dev->dma, iova, b, 5), -VSMMU_ERR_FAULT);
	assert_int_equal(sim_dma_write(&dev->dma, ipa, "x", 1),
			 -VSMMU_ERR_FAULT);
	sim_run(&H);
	sim_mem_set_watch(H.mem, NULL, NULL);
	assert_int_equal(w_hits, 0);

	/* The other domain never noticed. */
	assert_int_equal(sim_gos_alloc(&d2->vi[0].gos, 4096, &ipa), 0);
	assert_int_equal(sim_dma_write(&other->dma, ipa, "still", 6), 0);
	assert_int_equal(sim_domain_gpa_read(d2, ipa, b, 6), 0);
	assert_memory_equal(b, "still", 6);

	/* Everything came back: the same config starts again and works. */
	assert_int_equal(
		sim_domain_create(&H, EX "guest1.cfg", &n, err, sizeof(err)),
		0);
	assert_int_equal(sim_domain_boot(n), 0);
	assert_int_equal(sim_workload_run(n, &(struct sim_wl_opts){0}), 0);
}

/* Count physical commands over n unmaps in one mode. */
static void unmap_round(struct sim_domain *d1, struct sim_dev *dev, bool strict,
			uint64_t *guest_syncs, uint64_t *p_va, uint64_t *p_wide,
			uint64_t *p_sync)
{
	struct gsmmu_domain *gd;
	struct smmu_model_counters a, b;
	uint64_t iova[8], ipa[8], s0;
	unsigned int i;

	assert_int_equal(gsmmu_domain_alloc(&d1->vi[0].gos.drv, strict, &gd),
			 0);
	assert_int_equal(gsmmu_attach(gd, dev->vsid), 0);
	for (i = 0; i < 8; i++) {
		assert_int_equal(gsmmu_dma_alloc(gd, 4096, &iova[i], &ipa[i]),
				 0);
		assert_int_equal(sim_dma_write(&dev->dma, iova[i], "abc", 4),
				 0);
	}
	s0 = d1->vi[0].gos.drv.st.cmds_by_op[SMMU_CMD_SYNC];
	a = model_counters(dev->smmu);
	for (i = 0; i < 8; i++)
		assert_int_equal(gsmmu_dma_unmap(gd, iova[i], 4096), 0);
	assert_int_equal(gsmmu_flush(gd), 0);
	b = model_counters(dev->smmu);
	*guest_syncs = d1->vi[0].gos.drv.st.cmds_by_op[SMMU_CMD_SYNC] - s0;
	*p_va = b.cmds_by_op[SMMU_CMD_TLBI_NH_VA] -
		a.cmds_by_op[SMMU_CMD_TLBI_NH_VA];
	*p_wide = b.cmds_by_op[SMMU_CMD_TLBI_NH_ALL] -
		  a.cmds_by_op[SMMU_CMD_TLBI_NH_ALL] +
		  b.cmds_by_op[SMMU_CMD_TLBI_S12_VMALL] -
		  a.cmds_by_op[SMMU_CMD_TLBI_S12_VMALL] +
		  b.cmds_by_op[SMMU_CMD_TLBI_NSNH_ALL] -
		  a.cmds_by_op[SMMU_CMD_TLBI_NSNH_ALL];
	*p_sync = b.cmds_by_op[SMMU_CMD_SYNC] - a.cmds_by_op[SMMU_CMD_SYNC];
	/* Unmapped means gone, in both modes, once flushed. */
	for (i = 0; i < 8; i++) {
		uint8_t x[4];

		assert_int_equal(sim_dma_read(&dev->dma, iova[i], x, 4),
				 -VSMMU_ERR_FAULT);
		sim_gos_free(&d1->vi[0].gos, ipa[i], 4096);
	}
	assert_int_equal(gsmmu_set_abort(&d1->vi[0].gos.drv, dev->vsid), 0);
	assert_int_equal(gsmmu_domain_free(gd), 0);
}

static void test_strict_vs_lazy(void **state)
{
	struct sim_domain *d1 = H.doms[0];
	struct sim_dev *dev = first_dev(d1);
	uint64_t gs, va, wide, ps;

	(void)state;
	/* Strict: a sync per unmap; every TLBI forwarded as a TLBI_NH_VA,
	 * never widened to a whole-VMID flush. */
	unmap_round(d1, dev, true, &gs, &va, &wide, &ps);
	assert_int_equal(gs, 8);
	assert_int_equal(va, 8);
	assert_int_equal(wide, 0);
	assert_int_equal(ps, 8);
	/* Lazy: one batch, one guest sync, one physical sync. */
	unmap_round(d1, dev, false, &gs, &va, &wide, &ps);
	assert_int_equal(gs, 1);
	assert_int_equal(va, 8);
	assert_int_equal(wide, 0);
	assert_int_equal(ps, 1);
}

/* An illegal guest command: CERROR_ILL, GERROR, the guest recovers. */
static void test_guest_cmd_error(void **state)
{
	struct sim_domain *d1 = H.doms[0];
	struct vsmmu_counters c0, c1;
	struct gsmmu_batch b;
	struct smmu_cmd c;
	uint64_t ge, gen;

	(void)state;
	vsmmu_get_counters(d1->vi[0].vs, &c0);
	gsmmu_batch_init_(&b);
	b.cmd[0][0] = 0x0f; /* a reserved opcode */
	b.cmd[0][1] = 0;
	b.n = 1;
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_ASID;
	c.asid = 9;
	assert_int_equal(gsmmu_batch_add_(&d1->vi[0].gos.drv, &b, &c), 0);
	assert_int_equal(gsmmu_batch_sync_(&d1->vi[0].gos.drv, &b), 0);
	vsmmu_get_counters(d1->vi[0].vs, &c1);
	assert_int_equal(c1.cmd_errors, c0.cmd_errors + 1);
	assert_int_equal(d1->vi[0].gos.drv.st.cmdq_errors, 1);
	assert_int_equal(vsmmu_mmio_read(d1->vi[0].vs, SMMU_GERROR, 4, &ge), 0);
	assert_int_equal(vsmmu_mmio_read(d1->vi[0].vs, SMMU_GERRORN, 4, &gen),
			 0);
	assert_int_equal(ge, gen);
	/* The queue goes on. */
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_TLBI_NH_ALL;
	assert_int_equal(gsmmu_cmd_sync_(&d1->vi[0].gos.drv, &c), 0);
}

/* More stage-1 faults than the guest's event queue holds: OVFLG. */
static void test_guest_evtq_overflow(void **state)
{
	struct sim_domain *d1 = H.doms[0];
	struct sim_dev *dev = first_dev(d1);
	struct gsmmu_domain *gd;
	unsigned int i, n = (1u << d1->vi[0].gos.drv.evtq.log2) + 16, ev0;
	int line = d1->vi[0].gline[VSMMU_IRQ_EVENTQ];
	uint64_t prod;
	uint8_t b[4];

	(void)state;
	assert_true(line >= 0);
	assert_int_equal(gsmmu_domain_alloc(&d1->vi[0].gos.drv, true, &gd), 0);
	assert_int_equal(gsmmu_attach(gd, dev->vsid), 0);
	ev0 = d1->vi[0].gos.nevents;
	/* The guest does not take its interrupt for a while. */
	sim_bus_set_handler(d1->gbus, (unsigned int)line, NULL, NULL);
	for (i = 0; i < n; i++) {
		assert_int_equal(sim_dma_read(&dev->dma,
					      0x20000000 + i * 4096ull, b,
					      sizeof(b)),
				 -VSMMU_ERR_FAULT);
		sim_run(&H); /* the hypervisor drains its own queue */
	}
	assert_int_equal(
		vsmmu_mmio_read(d1->vi[0].vs, SMMU_EVENTQ_PROD, 4, &prod), 0);
	assert_true(prod & SMMU_Q_OVF);
	assert_int_equal(d1->vi[0].gos.nevents, ev0);
	/* Now it runs its handler: a full queue of records, overflow acked
	 * (the fixture is torn down after, so the line stays unbound). */
	gsmmu_evtq_irq(&d1->vi[0].gos.drv);
	assert_int_equal(d1->vi[0].gos.nevents - ev0,
			 1u << d1->vi[0].gos.drv.evtq.log2);
	assert_int_equal(d1->vi[0].gos.drv.st.overflows, 1);
	for (i = ev0; i < d1->vi[0].gos.nevents; i++)
		assert_int_equal(
			d1->vi[0].gos.events[i % SIM_GOS_MAX_EVENTS].sid,
			dev->vsid);
	assert_int_equal(gsmmu_set_abort(&d1->vi[0].gos.drv, dev->vsid), 0);
	assert_int_equal(gsmmu_domain_free(gd), 0);
}

/* The workload the tool runs passes on both guests. */
static void test_workload(void **state)
{
	struct sim_wl_opts o;

	(void)state;
	memset(&o, 0, sizeof(o));
	assert_int_equal(sim_workload_run(H.doms[0], &o), 0);
	assert_int_equal(sim_workload_run(H.doms[1], &o), 0);
	o.lazy = true;
	assert_int_equal(sim_workload_run(H.doms[0], &o), 0);
}

/*
 * An event storm from guest A's device, with the per-domain rate limit
 * on: A loses events to its budget, the hypervisor counts them, and
 * guest B's single fault still arrives with B's vSID.
 */
static void test_storm(void **state)
{
	struct sim_host_opts o;
	struct sim_domain *a, *b;
	struct sim_dev *da, *db;
	struct viommu_stats sa, sb;
	struct gsmmu_domain *ga, *gb;
	unsigned int i, evb = 0;
	char err[512];
	uint8_t x[4];

	(void)state;
	memset(&o, 0, sizeof(o));
	if (!getenv("SIM_VERBOSE")) {
		devnull = fopen("/dev/null", "w");
		o.out = devnull;
	}
	o.evt_burst = 64;
	o.evt_rate = 8;
	assert_int_equal(sim_host_init(&H,
				       SIM_SRC_DIR "/examples/basic/host.dts",
				       &o, err, sizeof(err)),
			 0);
	assert_int_equal(sim_domain_create(
				 &H, SIM_SRC_DIR "/tests/e2e/storm/guest-a.cfg",
				 &a, err, sizeof(err)),
			 0);
	assert_int_equal(sim_domain_create(
				 &H, SIM_SRC_DIR "/tests/e2e/storm/guest-b.cfg",
				 &b, err, sizeof(err)),
			 0);
	assert_int_equal(sim_domain_boot(a), 0);
	assert_int_equal(sim_domain_boot(b), 0);
	da = first_dev(a);
	db = first_dev(b);
	assert_int_equal(gsmmu_domain_alloc(&a->vi[0].gos.drv, true, &ga), 0);
	assert_int_equal(gsmmu_attach(ga, da->vsid), 0);
	assert_int_equal(gsmmu_domain_alloc(&b->vi[0].gos.drv, true, &gb), 0);
	assert_int_equal(gsmmu_attach(gb, db->vsid), 0);

	for (i = 0; i < 1000; i++) {
		sim_dma_read(&da->dma, 0x30000000 + i * 4096ull, x, sizeof(x));
		if (i == 500) {
			/* B's one fault, in the middle of A's storm. */
			evb = b->vi[0].gos.nevents;
			assert_int_equal(sim_dma_write(&db->dma, 0x7000, x, 4),
					 -VSMMU_ERR_FAULT);
		}
		if (i % 50 == 49)
			sim_run(&H);
	}
	sim_wait_guest_events(&b->vi[0], evb, 100);
	assert_int_equal(b->vi[0].gos.nevents, evb + 1);
	assert_int_equal(b->vi[0].gos.events[evb].sid, db->vsid);
	assert_int_equal(b->vi[0].gos.events[evb].input_addr, 0x7000);
	viommu_get_stats(a->vi[0].vd, &sa);
	viommu_get_stats(b->vi[0].vd, &sb);
	assert_true(sa.evt_rate_dropped > 0);
	assert_true(sa.evt_delivered >= 64);
	assert_true(sa.evt_delivered + sa.evt_rate_dropped <= 1000);
	assert_int_equal(sb.evt_rate_dropped, 0);
	assert_int_equal(sb.evt_delivered, 1);
	assert_int_equal(gsmmu_set_abort(&a->vi[0].gos.drv, da->vsid), 0);
	assert_int_equal(gsmmu_domain_free(ga), 0);
	assert_int_equal(gsmmu_set_abort(&b->vi[0].gos.drv, db->vsid), 0);
	assert_int_equal(gsmmu_domain_free(gb), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_workload, setup, teardown),
		cmocka_unit_test_setup_teardown(test_isolation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unowned_vsid, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_transitions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_domain_switch, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reprobe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_teardown_live, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_strict_vs_lazy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_guest_cmd_error, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_guest_evtq_overflow, setup,
						teardown),
		cmocka_unit_test_teardown(test_storm, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
