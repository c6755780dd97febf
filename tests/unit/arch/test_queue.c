// SPDX-License-Identifier: MIT
/*
 * Tests of the queue index arithmetic of vsmmu/arch.h (facts §8.4, §2.16).
 *
 * The reference model is the one the facts sheet states: a PROD or CONS
 * value is a position on a circle of 2 * 2^QS steps (wrap bit and index
 * together), entries used = (PROD - CONS) mod 2^(QS+1), a pair is
 * consistent when that is at most 2^QS, empty when it is 0 and full when
 * it is 2^QS. Every pair of values is checked for QS = 0..6, plus
 * hand-written boundaries at QS = 19 and for the one-entry queue.
 */
#include "arch_test.h"

static uint32_t lin(uint32_t reg, unsigned int qs)
{
	return reg & ((2u << qs) - 1u);   /* wrap bit and index */
}

static void test_queue_exhaustive(void **state)
{
	unsigned int qs;

	(void)state;
	for (qs = 0; qs <= 6; qs++) {
		uint32_t size = 1u << qs, circle = 2u << qs, p, c, n;

		for (p = 0; p < circle; p++) {
			struct smmu_qpos pp = smmu_qpos_unpack(p, qs);

			/* unpack/pack: index in the low QS bits, wrap at QS */
			assert_int_equal(pp.idx, p % size);
			assert_int_equal(pp.wrap, p >= size);
			assert_int_equal(smmu_qpos_pack(pp, qs), p);
			/* advancing by n moves n steps round the circle */
			for (n = 0; n <= size; n++) {
				struct smmu_qpos a = smmu_qpos_add(pp, n, qs);

				assert_int_equal(smmu_qpos_pack(a, qs),
						 (p + n) % circle);
			}
			assert_int_equal(smmu_qpos_pack(smmu_qpos_next(pp, qs),
							qs), (p + 1) % circle);
			for (c = 0; c < circle; c++) {
				struct smmu_qpos cc = smmu_qpos_unpack(c, qs);
				uint32_t used = (lin(p, qs) + circle -
						 lin(c, qs)) % circle;
				bool ok = used <= size;

				assert_int_equal(smmu_q_consistent(pp, cc, qs),
						 ok);
				assert_int_equal(smmu_q_is_empty(pp, cc),
						 used == 0);
				assert_int_equal(smmu_q_is_full(pp, cc),
						 used == size);
				if (!ok)
					continue;
				assert_int_equal(smmu_q_used(pp, cc, qs), used);
				assert_int_equal(smmu_q_space(pp, cc, qs),
						 size - used);
				/* producing the free space fills the queue */
				assert_true(smmu_q_is_full(
					smmu_qpos_add(pp, size - used, qs), cc));
				/* consuming what is used empties it */
				assert_true(smmu_q_is_empty(pp,
					smmu_qpos_add(cc, used, qs)));
			}
		}
	}
}

static void test_queue_one_entry(void **state)
{
	struct smmu_qpos z = smmu_qpos_unpack(0, 0), o = smmu_qpos_unpack(1, 0);

	(void)state;
	/* QS = 0: the wrap bit is bit 0, the index is always 0 */
	assert_int_equal(z.idx, 0);
	assert_false(z.wrap);
	assert_int_equal(o.idx, 0);
	assert_true(o.wrap);
	/* an increment toggles the wrap bit */
	assert_int_equal(smmu_qpos_pack(smmu_qpos_next(z, 0), 0), 1);
	assert_int_equal(smmu_qpos_pack(smmu_qpos_next(o, 0), 0), 0);
	assert_true(smmu_q_is_empty(z, z));
	assert_true(smmu_q_is_full(o, z));
	assert_true(smmu_q_is_full(z, o));
	assert_int_equal(smmu_q_used(o, z, 0), 1);
	assert_int_equal(smmu_q_space(o, z, 0), 0);
	assert_int_equal(smmu_q_space(z, z, 0), 1);
	/* bits above the wrap bit (e.g. CONS.ERR) do not matter */
	assert_int_equal(smmu_qpos_unpack(0x01000002u, 0).wrap, false);
	assert_int_equal(smmu_qpos_unpack(0x01000003u, 0).wrap, true);
}

static void test_queue_log2n_19(void **state)
{
	const unsigned int qs = SMMU_Q_MAX_LOG2;
	struct smmu_qpos last = smmu_qpos_unpack(0x7FFFFu, qs);
	struct smmu_qpos p, c;

	(void)state;
	assert_int_equal(qs, 19);
	assert_int_equal(last.idx, 0x7FFFF);
	assert_false(last.wrap);
	/* the last index wraps to 0 with the wrap bit (bit 19) set */
	assert_int_equal(smmu_qpos_pack(smmu_qpos_next(last, qs), qs), 0x80000);
	assert_int_equal(smmu_qpos_pack(smmu_qpos_next(
		smmu_qpos_unpack(0xFFFFFu, qs), qs), qs), 0);
	/* EVENTQ_PROD with OVFLG (bit 31) set unpacks the same */
	p = smmu_qpos_unpack(0x80080005u, qs);
	assert_int_equal(p.idx, 5);
	assert_true(p.wrap);
	/* prod 0x80005, cons 0x7FFFE: 2 + 5 = 7 entries used */
	c = smmu_qpos_unpack(0x7FFFEu, qs);
	assert_true(smmu_q_consistent(p, c, qs));
	assert_int_equal(smmu_q_used(p, c, qs), 7);
	assert_int_equal(smmu_q_space(p, c, qs), 0x80000 - 7);
	/* full: same index, different wrap */
	p = smmu_qpos_unpack(0x80000u | 0x1234u, qs);
	c = smmu_qpos_unpack(0x1234u, qs);
	assert_true(smmu_q_is_full(p, c));
	assert_int_equal(smmu_q_used(p, c, qs), 0x80000);
	assert_int_equal(smmu_q_space(p, c, qs), 0);
	/* prod behind cons with equal wraps: inconsistent */
	p = smmu_qpos_unpack(0x10u, qs);
	c = smmu_qpos_unpack(0x11u, qs);
	assert_false(smmu_q_consistent(p, c, qs));
	/* prod ahead of cons with different wraps: inconsistent */
	p = smmu_qpos_unpack(0x80012u, qs);
	assert_false(smmu_q_consistent(p, c, qs));
	/* a whole lap toggles only the wrap bit */
	assert_int_equal(smmu_qpos_pack(smmu_qpos_add(last, 0x80000u, qs), qs),
			 0xFFFFF);
	/* an index outside the queue is never consistent */
	p.idx = 0x80000;
	p.wrap = false;
	c = smmu_qpos_unpack(0, qs);
	assert_false(smmu_q_consistent(p, c, qs));
	assert_false(smmu_q_consistent(c, p, qs));
}

/* The packed advance is pack(next(unpack)) for every position, 2^0..2^19. */
static void test_queue_packed_next(void **state)
{
	unsigned int log2n;
	uint32_t reg;

	(void)state;
	for (log2n = 0; log2n <= 19; log2n++) {
		uint32_t end = 2u << log2n, step = log2n > 8 ? 997u : 1u;

		for (reg = 0; reg < end; reg += step) {
			struct smmu_qpos p = smmu_qpos_unpack(reg, log2n);
			struct smmu_qpos q = smmu_qpos_next(p, log2n);

			assert_int_equal(smmu_qpos_packed_next(reg, log2n),
					 smmu_qpos_pack(q, log2n));
		}
		/* the two ends: the last index of each wrap */
		reg = (1u << log2n) - 1u;
		assert_int_equal(smmu_qpos_packed_next(reg, log2n),
				 1u << log2n);
		reg = end - 1u;
		assert_int_equal(smmu_qpos_packed_next(reg, log2n), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queue_exhaustive),
		cmocka_unit_test(test_queue_one_entry),
		cmocka_unit_test(test_queue_log2n_19),
		cmocka_unit_test(test_queue_packed_next),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
