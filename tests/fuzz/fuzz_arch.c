// SPDX-License-Identifier: MIT
/*
 * Fuzz the arch codecs with guest-shaped bytes: every STE, CD, L1
 * descriptor, command and event record a guest or a device can produce.
 * Invariants, not just "no crash":
 *  - decode never fails on an STE/CD (every pattern has a meaning) and
 *    encode(decode(w)) is a fixed point: re-decoding and re-encoding it
 *    gives the same words;
 *  - an STE/CD without RES0 bits encodes back to exactly the input;
 *  - a command that decodes re-encodes to a command that decodes to the
 *    same encoding (strict decode accepts what encode produces);
 *  - queue arithmetic never reports more entries than the queue holds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vsmmu/arch.h"

static void check(int cond)
{
	if (!cond)
		abort();
}

static uint64_t word(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void fuzz_ste(const uint64_t *w)
{
	struct smmu_ste s;
	uint64_t e1[SMMU_STE_DWORDS], e2[SMMU_STE_DWORDS];
	bool res0 = smmu_ste_decode(w, &s);

	check(smmu_ste_encode(&s, e1) == 0);
	if (!res0)
		check(memcmp(e1, w, sizeof(e1)) == 0);
	check(!smmu_ste_decode(e1, &s));
	check(smmu_ste_encode(&s, e2) == 0);
	check(memcmp(e1, e2, sizeof(e1)) == 0);
}

static void fuzz_cd(const uint64_t *w)
{
	struct smmu_cd c;
	uint64_t e1[SMMU_CD_DWORDS], e2[SMMU_CD_DWORDS];
	bool res0 = smmu_cd_decode(w, &c);

	check(smmu_cd_encode(&c, e1) == 0);
	if (!res0)
		check(memcmp(e1, w, sizeof(e1)) == 0);
	check(!smmu_cd_decode(e1, &c));
	check(smmu_cd_encode(&c, e2) == 0);
	check(memcmp(e1, e2, sizeof(e1)) == 0);
}

static void fuzz_l1(uint64_t w)
{
	struct smmu_l1std st;
	struct smmu_l1cd cd;
	uint64_t e;

	smmu_l1std_decode(w, &st);
	check(smmu_l1std_encode(&st, &e) == 0);
	smmu_l1cd_decode(w, &cd);
	check(smmu_l1cd_encode(&cd, &e) == 0);
}

static void fuzz_cmd(const uint64_t *w)
{
	struct smmu_cmd c;
	uint64_t e1[2], e2[2];

	if (smmu_cmd_decode(w, &c) != 0)
		return;
	check(smmu_cmd_name(c.op) != NULL);
	check(smmu_cmd_encode(&c, e1) == 0);
	check(smmu_cmd_decode(e1, &c) == 0);
	check(smmu_cmd_encode(&c, e2) == 0);
	check(e1[0] == e2[0] && e1[1] == e2[1]);
}

static void fuzz_evt(const uint64_t *w)
{
	struct smmu_evt ev;
	uint64_t e1[SMMU_EVT_DWORDS], e2[SMMU_EVT_DWORDS];

	if (smmu_evt_decode(w, &ev) != 0)
		return;
	check(smmu_evt_encode(&ev, e1) == 0);
	check(smmu_evt_decode(e1, &ev) == 0);
	check(smmu_evt_encode(&ev, e2) == 0);
	check(memcmp(e1, e2, sizeof(e1)) == 0);
}

static void fuzz_queue(uint64_t w)
{
	unsigned int log2n = (unsigned int)(w & 0x1f) % (SMMU_Q_MAX_LOG2 + 1);
	struct smmu_qpos p = smmu_qpos_unpack((uint32_t)(w >> 8), log2n);
	struct smmu_qpos c = smmu_qpos_unpack((uint32_t)(w >> 36), log2n);
	uint32_t used;

	if (!smmu_q_consistent(p, c, log2n))
		return;
	used = smmu_q_used(p, c, log2n);
	check(used <= (1u << log2n));
	check(smmu_q_is_empty(p, c) == (used == 0));
	check(smmu_q_is_full(p, c) == (used == (1u << log2n)));
	check(smmu_q_is_empty(smmu_qpos_add(c, used, log2n), p) ||
	      smmu_q_is_full(p, c));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t w[8];

	/* First byte picks the structure; the rest fills the words. */
	while (size >= 1 + 64) {
		uint8_t kind = data[0];

		for (int i = 0; i < 8; i++)
			w[i] = word(data + 1 + 8 * i);
		switch (kind % 6) {
		case 0: fuzz_ste(w); break;
		case 1: fuzz_cd(w); break;
		case 2: fuzz_l1(w[0]); break;
		case 3: fuzz_cmd(w); break;
		case 4: fuzz_evt(w); break;
		default: fuzz_queue(w[0]); break;
		}
		data += 65;
		size -= 65;
	}
	return 0;
}
