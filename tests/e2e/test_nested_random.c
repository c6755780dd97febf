// SPDX-License-Identifier: MIT
/*
 * A seeded random walk over the nested stack, checked against a shadow
 * of what the guest configured: three devices of examples/two-guests
 * (guest 1's DMA controller and two PCIe functions), each with its own
 * stage-1 domain, through a few thousand operations - allocate and fill
 * buffers, free them (strict or lazy), read them back, write them from the
 * CPU, switch the STE between stage 1, abort and bypass, and touch
 * unmapped IOVAs. After every operation the device's view must match the
 * shadow byte for byte, and every stage-1 fault must reach the guest with
 * the device's vSID (and no other fault may).
 *
 * Deterministic: the generator is seeded; a failure names the seed and
 * the step so it can be replayed.
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

#define EX    SIM_SRC_DIR "/examples/two-guests/"
#define NBUF  12u
#define NDEV  3u
#define STEPS 3000u

enum mode { M_S1, M_ABORT, M_BYPASS };

struct buf {
	bool live;
	uint64_t iova, ipa, len;
	uint32_t seed;
};

struct rdev {
	struct sim_dev *dev;
	struct gsmmu_domain *gd;
	enum mode mode;
	struct buf b[NBUF];
	uint64_t scratch; /* an IPA for bypass checks */
};

static struct sim_host H;
static FILE *devnull;
static uint64_t rng;

static uint32_t rnd(uint32_t n)
{
	/* xorshift64*: small, seedable, good enough for a test's choices */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545F4914F6CDD1Dull) >> 33) % n;
}

static int setup(void **state)
{
	struct sim_host_opts o;
	struct sim_domain *d;
	char err[512];

	(void)state;
	memset(&o, 0, sizeof(o));
	if (!getenv("SIM_VERBOSE")) {
		devnull = fopen("/dev/null", "w");
		o.out = devnull;
	}
	assert_int_equal(sim_host_init(&H, EX "host.dts", &o, err, sizeof(err)),
			 0);
	assert_int_equal(
		sim_domain_create(&H, EX "guest1.cfg", &d, err, sizeof(err)),
		0);
	assert_int_equal(sim_domain_boot(d), 0);
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

static unsigned int events(struct sim_vinst *v)
{
	return v->gos.nevents;
}

/* The device's view of one live buffer matches its pattern. */
static void check_buf(struct rdev *r, struct buf *b, unsigned int step)
{
	uint8_t *x = malloc(b->len);
	int ret;

	assert_non_null(x);
	ret = sim_dma_read(&r->dev->dma, b->iova, x, b->len);
	if (ret || sim_pattern_diff(x, b->len, b->seed, 0)) {
		print_error(
			"step %u: %s iova %#llx len %llu: ret %d, %zu bytes "
			"differ\n",
			step, r->dev->name, (unsigned long long)b->iova,
			(unsigned long long)b->len, ret,
			sim_pattern_diff(x, b->len, b->seed, 0));
		fail();
	}
	free(x);
}

static void run(uint64_t seed, bool lazy)
{
	struct sim_domain *d = H.doms[0];
	struct sim_vinst *v = &d->vi[0];
	struct rdev r[NDEV];
	uint64_t top = d->ram_ipa + d->ram_size;
	unsigned int step, i, k, faults = 0, modes = 0;

	rng = seed;
	assert_true(d->ndevs >= NDEV);
	memset(r, 0, sizeof(r));
	for (i = 0; i < NDEV; i++) {
		r[i].dev = &H.dev[d->devs[i]];
		assert_true(r[i].dev->has_vsid);
		assert_int_equal(
			gsmmu_domain_alloc(&v->gos.drv, !lazy, &r[i].gd), 0);
		assert_int_equal(gsmmu_attach(r[i].gd, r[i].dev->vsid), 0);
		r[i].mode = M_S1;
		r[i].scratch = top - (i + 1) * 4096;
	}
	for (step = 0; step < STEPS; step++) {
		struct rdev *x = &r[rnd(NDEV)];
		struct buf *b = &x->b[rnd(NBUF)];
		unsigned int op = rnd(10), ev = events(v);
		uint8_t tmp[64];

		switch (op) {
		case 0:
		case 1:
		case 2: /* allocate and fill */
			if (b->live || x->mode != M_S1)
				break;
			b->len = (1 + rnd(6)) * 4096 - rnd(2) * 100;
			b->seed = (uint32_t)(seed ^ step);
			assert_int_equal(gsmmu_dma_alloc(x->gd, b->len,
							 &b->iova, &b->ipa),
					 0);
			{
				uint8_t *p = malloc(b->len);

				sim_pattern(p, b->len, b->seed, 0);
				assert_int_equal(sim_dma_write(&x->dev->dma,
							       b->iova, p,
							       b->len),
						 0);
				free(p);
			}
			assert_int_equal(sim_verify_nested(d, x->gd, b->iova,
							   b->ipa, b->len,
							   b->seed),
					 0);
			b->live = true;
			break;
		case 3: /* free */
			if (!b->live)
				break;
			assert_int_equal(
				gsmmu_dma_free(x->gd, b->iova, b->ipa, b->len),
				0);
			b->live = false;
			/* Freed and flushed: stage 1 now faults there. */
			if (x->mode == M_S1) {
				assert_int_equal(sim_dma_read(&x->dev->dma,
							      b->iova, tmp, 8),
						 -VSMMU_ERR_FAULT);
				faults++;
				sim_wait_guest_events(v, ev, 200);
				assert_int_equal(events(v), ev + 1);
				assert_int_equal(
					v->gos.events[(ev) % SIM_GOS_MAX_EVENTS]
						.sid,
					x->dev->vsid);
			}
			break;
		case 4:
		case 5: /* read back */
			if (b->live && x->mode == M_S1)
				check_buf(x, b, step);
			break;
		case 6: /* the CPU rewrites it */
			if (!b->live)
				break;
			b->seed = (uint32_t)(seed * 31 + step);
			{
				uint8_t *p = malloc(b->len);

				sim_pattern(p, b->len, b->seed, 0);
				assert_int_equal(sim_domain_gpa_write(
							 d, b->ipa, p, b->len),
						 0);
				free(p);
			}
			if (x->mode == M_S1)
				check_buf(x, b, step);
			break;
		case 7:
		case 8: { /* change the STE */
			enum mode m = (enum mode)rnd(3);

			modes++;
			if (m == M_S1)
				assert_int_equal(
					gsmmu_attach(x->gd, x->dev->vsid), 0);
			else if (m == M_ABORT)
				assert_int_equal(gsmmu_set_abort(&v->gos.drv,
								 x->dev->vsid),
						 0);
			else
				assert_int_equal(gsmmu_set_bypass(&v->gos.drv,
								  x->dev->vsid),
						 0);
			x->mode = m;
			break;
		}
		case 9: /* a probe that must not leak */
			if (x->mode == M_ABORT) {
				assert_int_equal(sim_dma_read(&x->dev->dma,
							      x->scratch, tmp,
							      8),
						 -VSMMU_ERR_FAULT);
			} else if (x->mode == M_BYPASS) {
				sim_pattern(tmp, 8, step, 0);
				assert_int_equal(sim_dma_write(&x->dev->dma,
							       x->scratch, tmp,
							       8),
						 0);
				assert_int_equal(sim_domain_gpa_read(
							 d, x->scratch, tmp, 8),
						 0);
				assert_int_equal(
					sim_pattern_diff(tmp, 8, step, 0), 0);
			} else {
				/* An IOVA the guest never maps. */
				assert_int_equal(
					sim_dma_read(&x->dev->dma,
						     0x7000000000ull +
							     step * 4096ull,
						     tmp, 8),
					-VSMMU_ERR_FAULT);
				faults++;
				sim_wait_guest_events(v, ev, 200);
				assert_int_equal(events(v), ev + 1);
			}
			break;
		}
		sim_run(&H);
		/* No stray event: every one was expected above. */
		if (op != 3 && op != 9)
			assert_int_equal(events(v), ev);
		if (v->gos.nevents > SIM_GOS_MAX_EVENTS - 8)
			v->gos.nevents = 0; /* keep the log's tail */
	}
	/* Everything still live reads back once stage 1 is on again. */
	for (i = 0; i < NDEV; i++) {
		assert_int_equal(gsmmu_attach(r[i].gd, r[i].dev->vsid), 0);
		for (k = 0; k < NBUF; k++)
			if (r[i].b[k].live) {
				check_buf(&r[i], &r[i].b[k], STEPS);
				assert_int_equal(gsmmu_dma_free(r[i].gd,
								r[i].b[k].iova,
								r[i].b[k].ipa,
								r[i].b[k].len),
						 0);
			}
		assert_int_equal(gsmmu_set_abort(&v->gos.drv, r[i].dev->vsid),
				 0);
		assert_int_equal(gsmmu_domain_free(r[i].gd), 0);
	}
	if (getenv("SIM_VERBOSE"))
		print_message("seed %#llx: %u faults, %u STE changes, %llu "
			      "guest commands\n",
			      (unsigned long long)seed, faults, modes,
			      (unsigned long long)v->gos.drv.st.cmds);
	assert_true(faults > 10);
	assert_true(modes > 10);
	assert_int_equal(v->gos.drv.st.gerrors, 0);
	assert_int_equal(v->gos.drv.st.sync_timeouts, 0);
}

static void test_random_strict(void **state)
{
	(void)state;
	run(0x5eed0001u, false);
}

static void test_random_lazy(void **state)
{
	(void)state;
	run(0x5eed0002u, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_random_strict, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_random_lazy, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
