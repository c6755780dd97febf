// SPDX-License-Identifier: MIT
/*
 * Tests of src/model/model.c: argument checks, allocation failure, the
 * lock discipline, and robustness: random register writes, random command
 * queues and random stream tables must never crash, hang or leak (ASan and
 * UBSan watch), and every call must return.
 */
#include <stdio.h>

#include "helpers.h"

static int allocs_left;

static void *fail_alloc(void *ctx, size_t n)
{
	(void)ctx;
	if (allocs_left-- <= 0)
		return NULL;
	return calloc(1, n);
}

static void plain_free(void *ctx, void *p, size_t n)
{
	(void)ctx;
	(void)n;
	free(p);
}

static void test_alloc_failure(void **state)
{
	struct smmu_model_config c;
	struct smmu_model_ops ops = { 0 };
	struct smmu_model *m;
	struct mmem mem;

	(void)state;
	mmem_init(&mem, 0);
	ops.mem_read = mmem_read;
	ops.mem_write = mmem_write;
	ops.alloc.alloc = fail_alloc;
	ops.alloc.free = plain_free;
	ops.ctx = &mem;
	smmu_model_config_default(&c);
	for (int n = 0; n < 3; n++) {
		allocs_left = n;
		assert_int_equal(smmu_model_create(&c, &ops, &m),
				 -VSMMU_ERR_NOMEM);
	}
	allocs_left = 3;
	assert_int_equal(smmu_model_create(&c, &ops, &m), 0);
	smmu_model_destroy(m);
	smmu_model_destroy(NULL);
	mmem_fini(&mem);
}

static void test_bad_args(void **state)
{
	struct smmu_model_result r;
	struct smmu_model_counters c;
	uint64_t v;
	uint8_t b[4];
	struct mh h;

	(void)state;
	mh_init(&h, NULL, false);
	assert_int_equal(smmu_model_mmio_read(NULL, 0, 4, &v), -VSMMU_ERR_INVAL);
	assert_int_equal(smmu_model_mmio_write(NULL, 0, 4, 0), -VSMMU_ERR_INVAL);
	assert_int_equal(smmu_model_translate(NULL, 0, 0, 0, 0, &r),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(smmu_model_translate(h.m, 0, 0, 0, 0, NULL),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(smmu_model_translate(h.m, 0, 1u << 20, 0, 0, &r),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(smmu_model_dma_read(h.m, 0, SMMU_MODEL_NO_SSID, 0,
					     NULL, 4, 0, &r), -VSMMU_ERR_INVAL);
	assert_int_equal(smmu_model_dma_read(h.m, 0, SMMU_MODEL_NO_SSID, 0, b,
					     4, SMMU_MODEL_ACC_WRITE, &r),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(smmu_model_dma_write(h.m, 0, SMMU_MODEL_NO_SSID, 0,
					      NULL, 4, 0, &r), -VSMMU_ERR_INVAL);
	assert_int_equal(smmu_model_counters_get(h.m, NULL), -VSMMU_ERR_INVAL);
	assert_int_equal(smmu_model_counters_get(NULL, &c), -VSMMU_ERR_INVAL);
	/* Zero-length DMA is a no-op. */
	assert_int_equal(smmu_model_dma_read(h.m, 0, SMMU_MODEL_NO_SSID, 0, b,
					     0, 0, &r), 0);
	assert_int_equal(r.done, 0);
	mh_fini(&h);
}

/* xorshift64*: deterministic, so a failure reproduces. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1Dull;
}

#define h_m(f) ((f)->h.m)

static const uint32_t regs[] = {
	0x20, 0x28, 0x2C, 0x44, 0x50, 0x64, 0x68, 0x6C, 0x70, 0x74, 0x80,
	0x84, 0x88, 0x90, 0x94, 0x98, 0x9C, 0xA0, 0xA4, 0xA8, 0xAC, 0xB0,
	0xB8, 0xBC, 0xC0, 0xD0, 0x100A8, 0x100AC, 0x100C8, 0x100CC, 0x30,
	0x1FFFC,
};

static const uint8_t ops[] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x10, 0x11, 0x12, 0x13, 0x20,
	0x21, 0x22, 0x23, 0x28, 0x2A, 0x30, 0x46, 0x46, 0x46, 0x07, 0x44,
};

/* Near-valid STEs and CDs: valid ones with a few random bit flips. */
static void random_tables(struct fx *f, const struct pgt_s2_cfg *s2c,
			  uint64_t *seed)
{
	for (uint32_t sid = 0; sid < 32; sid++) {
		static const unsigned int cfgs[] = { 4, 5, 6, 7 };
		uint64_t ste[8], cd[8];
		unsigned int cfg = cfgs[rnd(seed) % 4];

		ste_init(ste, cfg);
		ste_s1(ste, MH_CD + 64 * (sid % 8), (unsigned int)(rnd(seed) % 3),
		       0, (unsigned int)(rnd(seed) % 3));
		ste_s2(ste, (unsigned int)(rnd(seed) % 3), s2c, rnd(seed) & 1);
		memcpy(cd, f->cd, sizeof(cd));
		mh_bits(cd, 63, 48, rnd(seed) % 4);
		for (unsigned int k = rnd(seed) % 3; k > 0; k--) {
			unsigned int bit = (unsigned int)(rnd(seed) % 256);

			ste[bit / 64] ^= 1ull << (bit % 64);
			bit = (unsigned int)(rnd(seed) % 192);
			cd[bit / 64] ^= 1ull << (bit % 64);
		}
		mh_ste_put(&f->h, sid, ste);
		put_words(&f->h, MH_CD + 64 * (sid % 8), cd, 8);
	}
}

static void test_random_robustness(void **state)
{
	uint64_t seed = 0x1234567887654321ull;
	uint64_t tot_walks = 0, tot_cmds = 0, tot_ok = 0;
	struct smmu_model_config cfg;

	(void)state;
	for (int round = 0; round < 64; round++) {
		struct smmu_model_result r;
		struct smmu_model_counters c;
		struct pgt_table s2;
		struct pgt_s2_cfg s2c;
		struct pgt_mem mem;
		struct pgt_alloc_ops al;
		uint8_t buf[64];
		struct fx f;

		smmu_model_config_default(&cfg);
		cfg.deferred = round & 1;
		cfg.tlb_entries = round % 3 ? 16 : 0;
		cfg.cfg_cache_entries = round % 5 ? 8 : 0;
		fx_init(&f, &cfg, round & 4);
		tree_init(&f.h, &s2, true, &mem, &al);
		tree_map(&s2, MH_POOL, MH_POOL, 0x100000, RW);
		tree_map(&s2, MH_CD, MH_CD, 0x1000, RW);
		tree_map(&s2, MH_DATA, MH_DATA, 0x4000, RW);
		tree_map(&s2, VA0, MH_DATA, 0x4000, RW);
		assert_int_equal(pgt_table_s2_cfg(&s2, &s2c), 0);
		random_tables(&f, &s2c, &seed);
		for (int i = 0; i < 400; i++) {
			uint64_t x = rnd(&seed), v = rnd(&seed);

			switch (x % 8) {
			case 0: {
				uint32_t off = regs[(x >> 8) % (sizeof(regs) /
								 sizeof(regs[0]))];
				unsigned int size = (x >> 20) & 1 ? 8 : 4;

				/* Rarely: random register writes. */
				if ((x >> 30) % 4 == 0)
					smmu_model_mmio_write(h_m(&f), off +
						((x >> 24) & 4), size, v);
				break;
			}
			case 1: {
				uint64_t w0 = ops[(x >> 8) % sizeof(ops)] |
					      (v & 0xFFFFFFFF00000000ull);
				uint64_t w1 = rnd(&seed) & ((x >> 44) & 1 ?
					~0ull : 0x000000FFFFFFF001ull);

				if (x & (1ull << 40))
					w0 |= v & 0x01FF3000ull;
				mh_cmd(&f.h, w0, w1);
				break;
			}
			case 2:
				smmu_model_step(f.h.m, (unsigned int)(v % 20));
				break;
			case 3:
			case 4:
				if (smmu_model_translate(f.h.m, (uint32_t)(v % 40),
						(x >> 8) & 1 ? SMMU_MODEL_NO_SSID :
						(uint32_t)(v >> 40) & 3,
						VA0 + (rnd(&seed) & 0x7FF8),
						(unsigned int)(x >> 16) & 7,
						&r) == 0)
					tot_ok++;
				break;
			case 5:
				smmu_model_dma_read(f.h.m, (uint32_t)(v % 40),
						    SMMU_MODEL_NO_SSID,
						    VA0 + (rnd(&seed) & 0x7FFF),
						    buf, sizeof(buf), 0, &r);
				break;
			case 6: {
				/* A driver recovering: the bad command is
				 * replaced by a CMD_SYNC, then acknowledged. */
				uint32_t ge = mh_rd32(&f.h, R_GERROR);
				uint32_t cons = mh_rd32(&f.h, R_CMDQ_CONS);

				if ((ge ^ mh_rd32(&f.h, R_GERRORN)) & GERR_CMDQ) {
					uint64_t a = MH_CMDQ + 16ull *
						   (cons & ((1u << f.h.cmdq_log2) - 1));

					mmem_put64(&f.h.mem, a, 0x46);
					mmem_put64(&f.h.mem, a + 8, 0);
				}
				mh_wr32(&f.h, R_GERRORN, ge);
				break;
			}
			default: {
				uint64_t e[4];

				mh_evt_pop(&f.h, e);
				if ((x >> 8) % 16 == 0)
					random_tables(&f, &s2c, &seed);
				break;
			}
			}
		}
		assert_int_equal(smmu_model_counters_get(f.h.m, &c), 0);
		tot_walks += c.walks;
		tot_cmds += c.cmds;
		assert_int_equal(f.h.lock_depth, 0);
		assert_int_equal(f.h.locks, f.h.unlocks);
		fx_fini(&f);
	}
	/* The run reached the interesting paths. */
	fprintf(stderr, "random: %llu walks, %llu commands, %llu translated\n",
		(unsigned long long)tot_walks, (unsigned long long)tot_cmds,
		(unsigned long long)tot_ok);
	assert_true(tot_walks > 100);
	assert_true(tot_cmds > 100);
	assert_true(tot_ok > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_failure),
		cmocka_unit_test(test_bad_args),
		cmocka_unit_test(test_random_robustness),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
