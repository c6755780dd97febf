// SPDX-License-Identifier: MIT
/*
 * Tests of src/viommu/inv.c: guest invalidations translated, fanned out
 * only where needed, once each, one physical batch per guest batch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vsmmu/viommu.h"
#include "fakes/viommu_mock_backend.h"
#include "test_host.h"

struct fx {
	struct th_host h;
	struct viommu_mock m[3];
	struct viommu_dom *d;
	uint32_t va, vb;	/* vSIDs on SMMU 0 and SMMU 1 */
};

/* Three SMMUs; devices of the domain on 0 and 1 only. */
static struct fx *fx_new(void)
{
	struct fx *f = test_calloc(1, sizeof(*f));
	unsigned int idx;

	th_init(&f->h);
	f->d = th_dom(&f->h, NULL);
	for (unsigned int i = 0; i < 3; i++) {
		viommu_mock_init(&f->m[i], (uint16_t)(0x100 + i));
		assert_int_equal(viommu_add_backend(f->d, &viommu_mock_ops,
						    &f->m[i], &idx), 0);
	}
	assert_int_equal(viommu_vsid_alloc(f->d, 0, 0x30, 2, &f->va), 0);
	assert_int_equal(viommu_vsid_alloc(f->d, 1, 0x30, 1, &f->vb), 0);
	return f;
}

static void fx_free(struct fx *f)
{
	viommu_dom_destroy(f->d);
	for (unsigned int i = 0; i < 3; i++)
		viommu_mock_fini(&f->m[i]);
	assert_int_equal(f->h.live_bytes, 0);
	assert_false(f->h.recursion);
	test_free(f);
}

static void test_nsnh_all(void **state)
{
	struct fx *f = fx_new();
	struct smmu_cmd g = { .op = SMMU_CMD_TLBI_NSNH_ALL };
	struct viommu_inv b;

	(void)state;
	viommu_inv_begin(f->d, &b);
	assert_int_equal(viommu_inv_add(f->d, &b, &g), 0);
	assert_int_equal(b.ncmds, 2);
	assert_int_equal(viommu_inv_commit(f->d, &b), 0);
	for (unsigned int i = 0; i < 2; i++) {
		const struct viommu_mock_call *c =
			viommu_mock_nth(&f->m[i], VMOCK_INV_ADD, 0);

		assert_int_equal(viommu_mock_count(&f->m[i], VMOCK_INV_ADD), 1);
		assert_int_equal(c->cmd.op, SMMU_CMD_TLBI_NH_ALL);
		assert_int_equal(c->cmd.vmid, 0x100 + i);
		assert_int_equal(viommu_mock_count(&f->m[i], VMOCK_INV_COMMIT),
				 1);
	}
	/* no device of the domain behind SMMU 2: nothing reaches it */
	assert_int_equal(f->m[2].ncalls, 0);
	fx_free(f);
}

static void test_tlbi_vmid_forced(void **state)
{
	struct fx *f = fx_new();
	struct smmu_cmd g[] = {
		{ .op = SMMU_CMD_TLBI_NH_ALL, .vmid = 0x7777 },
		{ .op = SMMU_CMD_TLBI_NH_ASID, .vmid = 0x7777, .asid = 5 },
		{ .op = SMMU_CMD_TLBI_NH_VA, .vmid = 0x7777, .asid = 5,
		  .addr = 0x12345000, .leaf = true, .tg = SMMU_CMD_TG_4K,
		  .num = 3, .scale = 1, .ttl = 3 },
		{ .op = SMMU_CMD_TLBI_NH_VAA, .vmid = 0x7777, .asid = 9,
		  .addr = 0xabc000 },
	};
	struct viommu_inv b;

	(void)state;
	viommu_inv_begin(f->d, &b);
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(viommu_inv_add(f->d, &b, &g[i]), 0);
	assert_int_equal(b.ncmds, 8);
	assert_int_equal(viommu_inv_commit(f->d, &b), 0);
	for (unsigned int k = 0; k < 2; k++) {
		assert_int_equal(viommu_mock_count(&f->m[k], VMOCK_INV_ADD), 4);
		for (unsigned int i = 0; i < 4; i++) {
			const struct smmu_cmd *c =
				&viommu_mock_nth(&f->m[k], VMOCK_INV_ADD, i)->cmd;

			assert_int_equal(c->op, g[i].op);
			assert_int_equal(c->vmid, 0x100 + k);
			assert_int_equal(c->addr, g[i].addr);
			/* NH_VAA has no ASID */
			assert_int_equal(c->asid, i == 3 ? 0 : g[i].asid);
		}
		/* the range survives intact on an SMMU with RIL */
		{
			const struct smmu_cmd *c =
				&viommu_mock_nth(&f->m[k], VMOCK_INV_ADD, 2)->cmd;

			assert_true(c->leaf);
			assert_int_equal(c->tg, SMMU_CMD_TG_4K);
			assert_int_equal(c->num, 3);
			assert_int_equal(c->scale, 1);
			assert_int_equal(c->ttl, 3);
		}
		/* one batch: every command before the single commit */
		assert_int_equal(viommu_mock_count(&f->m[k], VMOCK_INV_COMMIT),
				 1);
		assert_int_equal(viommu_mock_nth(&f->m[k], VMOCK_INV_ADD, 3)
					 ->batch, 0);
	}
	fx_free(f);
}

/* A range TLBI reaching an SMMU without RIL is never cut to one page. */
static void test_range_without_ril(void **state)
{
	struct fx *f = fx_new();
	struct smmu_cmd range = { .op = SMMU_CMD_TLBI_NH_VA, .asid = 5,
				  .addr = 0x40000, .tg = SMMU_CMD_TG_4K,
				  .num = 7, .scale = 0, .ttl = 3 };
	struct smmu_cmd hint = { .op = SMMU_CMD_TLBI_NH_VA, .asid = 5,
				 .addr = 0x40000, .leaf = true,
				 .tg = SMMU_CMD_TG_4K, .ttl = 3 };
	struct smmu_cmd vaa = { .op = SMMU_CMD_TLBI_NH_VAA,
				.addr = 0x40000, .tg = SMMU_CMD_TG_4K,
				.num = 1 };
	const struct smmu_cmd *c;
	struct viommu_inv b;

	(void)state;
	f->m[1].idr[3] &= ~(uint32_t)SMMU_IDR3_RIL;
	/* the cached IDRs are read at add time: re-add as a fresh domain */
	viommu_dom_destroy(f->d);
	f->d = th_dom(&f->h, NULL);
	for (unsigned int i = 0; i < 2; i++) {
		unsigned int idx;

		assert_int_equal(viommu_add_backend(f->d, &viommu_mock_ops,
						    &f->m[i], &idx), 0);
		assert_int_equal(viommu_vsid_alloc(f->d, idx, 0x30, 1, &f->va),
				 0);
		viommu_mock_clear(&f->m[i]);
	}
	viommu_inv_begin(f->d, &b);
	assert_int_equal(viommu_inv_add(f->d, &b, &range), 0);
	assert_int_equal(viommu_inv_add(f->d, &b, &hint), 0);
	assert_int_equal(viommu_inv_add(f->d, &b, &vaa), 0);
	assert_int_equal(viommu_inv_commit(f->d, &b), 0);
	/* SMMU 0 has RIL: exactly what the guest asked */
	c = &viommu_mock_nth(&f->m[0], VMOCK_INV_ADD, 0)->cmd;
	assert_int_equal(c->op, SMMU_CMD_TLBI_NH_VA);
	assert_int_equal(c->num, 7);
	/* SMMU 1: the range becomes the ASID, never a single page */
	c = &viommu_mock_nth(&f->m[1], VMOCK_INV_ADD, 0)->cmd;
	assert_int_equal(c->op, SMMU_CMD_TLBI_NH_ASID);
	assert_int_equal(c->asid, 5);
	assert_int_equal(c->vmid, 0x101);
	assert_int_equal(c->tg, 0);
	/* a one-page TTL hint stays a one-page TLBI without the hint */
	c = &viommu_mock_nth(&f->m[1], VMOCK_INV_ADD, 1)->cmd;
	assert_int_equal(c->op, SMMU_CMD_TLBI_NH_VA);
	assert_int_equal(c->addr, 0x40000);
	assert_true(c->leaf);
	assert_int_equal(c->tg, 0);
	assert_int_equal(c->ttl, 0);
	/* NH_VAA range: all of the VMID's stage 1 */
	c = &viommu_mock_nth(&f->m[1], VMOCK_INV_ADD, 2)->cmd;
	assert_int_equal(c->op, SMMU_CMD_TLBI_NH_ALL);
	assert_int_equal(c->vmid, 0x101);
	fx_free(f);
}

static void test_cfgi_cd_translated(void **state)
{
	struct fx *f = fx_new();
	struct smmu_cmd cd = { .op = SMMU_CMD_CFGI_CD, .sid = 0, .ssid = 17,
			       .leaf = true, .ssec = true };
	struct smmu_cmd all = { .op = SMMU_CMD_CFGI_CD_ALL };
	struct smmu_cmd atc = { .op = SMMU_CMD_ATC_INV, .ssid = 3,
				.ssv = true, .addr = 0x7000, .size = 2 };
	const struct smmu_cmd *c;
	struct viommu_inv b;

	(void)state;
	cd.sid = f->va + 1;
	all.sid = f->vb;
	atc.sid = f->va;
	viommu_inv_begin(f->d, &b);
	assert_int_equal(viommu_inv_add(f->d, &b, &cd), 0);
	assert_int_equal(viommu_inv_add(f->d, &b, &all), 0);
	assert_int_equal(viommu_inv_add(f->d, &b, &atc), 0);
	assert_int_equal(b.touched, 3u);
	assert_int_equal(viommu_inv_commit(f->d, &b), 0);

	assert_int_equal(viommu_mock_count(&f->m[0], VMOCK_INV_ADD), 2);
	c = &viommu_mock_nth(&f->m[0], VMOCK_INV_ADD, 0)->cmd;
	assert_int_equal(c->op, SMMU_CMD_CFGI_CD);
	assert_int_equal(c->sid, 0x31);
	assert_int_equal(c->ssid, 17);
	assert_true(c->leaf);
	assert_false(c->ssec);		/* never the Secure stream */
	c = &viommu_mock_nth(&f->m[0], VMOCK_INV_ADD, 1)->cmd;
	assert_int_equal(c->op, SMMU_CMD_ATC_INV);
	assert_int_equal(c->sid, 0x30);
	assert_int_equal(c->ssid, 3);
	assert_true(c->ssv);
	assert_int_equal(c->addr, 0x7000);
	assert_int_equal(c->size, 2);
	assert_int_equal(viommu_mock_count(&f->m[1], VMOCK_INV_ADD), 1);
	c = &viommu_mock_nth(&f->m[1], VMOCK_INV_ADD, 0)->cmd;
	assert_int_equal(c->op, SMMU_CMD_CFGI_CD_ALL);
	assert_int_equal(c->sid, 0x30);
	assert_int_equal(f->m[2].ncalls, 0);
	fx_free(f);
}

static void test_stall_answers(void **state)
{
	struct fx *f = fx_new();
	struct smmu_cmd r = { .op = SMMU_CMD_RESUME, .stag = 0x1234,
			      .action = SMMU_RESUME_RETRY, .ssec = true };
	struct smmu_cmd t = { .op = SMMU_CMD_STALL_TERM };
	const struct smmu_cmd *c;
	struct viommu_inv b;

	(void)state;
	r.sid = f->vb;
	t.sid = f->va + 1;
	viommu_inv_begin(f->d, &b);
	assert_int_equal(viommu_inv_add(f->d, &b, &r), 0);
	assert_int_equal(viommu_inv_add(f->d, &b, &t), 0);
	assert_int_equal(viommu_inv_commit(f->d, &b), 0);
	c = &viommu_mock_nth(&f->m[1], VMOCK_INV_ADD, 0)->cmd;
	assert_int_equal(c->op, SMMU_CMD_RESUME);
	assert_int_equal(c->sid, 0x30);
	assert_int_equal(c->stag, 0x1234);
	assert_int_equal(c->action, SMMU_RESUME_RETRY);
	assert_false(c->ssec);
	c = &viommu_mock_nth(&f->m[0], VMOCK_INV_ADD, 0)->cmd;
	assert_int_equal(c->op, SMMU_CMD_STALL_TERM);
	assert_int_equal(c->sid, 0x31);
	assert_int_equal(viommu_mock_count(&f->m[0], VMOCK_INV_ADD), 1);
	assert_int_equal(viommu_mock_count(&f->m[1], VMOCK_INV_ADD), 1);
	fx_free(f);
}

static void test_only_touched_committed(void **state)
{
	struct fx *f = fx_new();
	struct smmu_cmd cd = { .op = SMMU_CMD_CFGI_CD_ALL };
	struct viommu_inv b;
	struct viommu_stats st;

	(void)state;
	cd.sid = f->vb;
	viommu_inv_begin(f->d, &b);
	assert_int_equal(viommu_inv_add(f->d, &b, &cd), 0);
	assert_int_equal(viommu_inv_add(f->d, &b, &cd), 0);
	assert_int_equal(viommu_inv_commit(f->d, &b), 0);
	assert_int_equal(f->m[0].ncalls, 0);
	assert_int_equal(viommu_mock_count(&f->m[1], VMOCK_INV_ADD), 2);
	assert_int_equal(viommu_mock_count(&f->m[1], VMOCK_INV_COMMIT), 1);
	/* an empty guest batch touches no hardware */
	viommu_inv_begin(f->d, &b);
	assert_int_equal(viommu_inv_commit(f->d, &b), 0);
	assert_int_equal(viommu_mock_count(&f->m[1], VMOCK_INV_COMMIT), 1);
	viommu_get_stats(f->d, &st);
	assert_int_equal(st.inv_cmds, 2);
	assert_int_equal(st.inv_commits, 1);
	fx_free(f);
}

static void test_refused_and_errors(void **state)
{
	struct fx *f = fx_new();
	static const uint8_t not_ours[] = {
		SMMU_CMD_CFGI_STE, SMMU_CMD_CFGI_STE_RANGE, SMMU_CMD_SYNC,
		SMMU_CMD_PREFETCH_CONFIG, SMMU_CMD_TLBI_S12_VMALL,
		SMMU_CMD_TLBI_S2_IPA, SMMU_CMD_TLBI_EL2_ALL, SMMU_CMD_PRI_RESP,
		SMMU_CMD_CFGI_VMS_PIDM, 0xff,
	};
	struct smmu_cmd g;
	struct viommu_inv b;

	(void)state;
	viommu_inv_begin(f->d, &b);
	for (size_t i = 0; i < sizeof(not_ours); i++) {
		memset(&g, 0, sizeof(g));
		g.op = not_ours[i];
		g.sid = f->va;
		assert_int_equal(viommu_inv_add(f->d, &b, &g),
				 -VSMMU_ERR_INVAL);
	}
	/* an unmapped vSID: nothing added */
	memset(&g, 0, sizeof(g));
	g.op = SMMU_CMD_CFGI_CD;
	g.sid = 999;
	assert_int_equal(viommu_inv_add(f->d, &b, &g), -VSMMU_ERR_NOENT);
	assert_int_equal(b.touched, 0);
	assert_int_equal(viommu_inv_commit(f->d, &b), 0);
	assert_int_equal(f->m[0].ncalls + f->m[1].ncalls + f->m[2].ncalls, 0);

	/* a backend refusing one command: the other still gets it, and
	 * both batches are committed */
	viommu_mock_fail_call(&f->m[0], 1, -VSMMU_ERR_RANGE);
	memset(&g, 0, sizeof(g));
	g.op = SMMU_CMD_TLBI_NH_ASID;
	g.asid = 1;
	viommu_inv_begin(f->d, &b);
	assert_int_equal(viommu_inv_add(f->d, &b, &g), -VSMMU_ERR_RANGE);
	viommu_mock_fail_call(&f->m[1], 1, -VSMMU_ERR_TIMEOUT);
	assert_int_equal(viommu_inv_commit(f->d, &b), -VSMMU_ERR_TIMEOUT);
	assert_int_equal(viommu_mock_count(&f->m[0], VMOCK_INV_COMMIT), 1);
	assert_int_equal(viommu_mock_count(&f->m[1], VMOCK_INV_ADD), 1);
	assert_int_equal(viommu_mock_count(&f->m[1], VMOCK_INV_COMMIT), 1);
	/* sync reaches the SMMUs with devices */
	assert_int_equal(viommu_sync(f->d), 0);
	assert_int_equal(viommu_mock_count(&f->m[0], VMOCK_SYNC), 1);
	assert_int_equal(viommu_mock_count(&f->m[1], VMOCK_SYNC), 1);
	assert_int_equal(viommu_mock_count(&f->m[2], VMOCK_SYNC), 0);
	fx_free(f);
}

/* Freeing the last device of an SMMU stops TLBIs to it, after one last
 * NH_ALL of the domain's VMID there. */
static void test_last_device_leaves(void **state)
{
	struct fx *f = fx_new();
	struct smmu_cmd g = { .op = SMMU_CMD_TLBI_NH_ASID, .asid = 4 };
	const struct viommu_mock_call *c;
	struct viommu_inv b;

	(void)state;
	assert_int_equal(viommu_vsid_free(f->d, f->vb, 1), 0);
	assert_int_equal(viommu_mock_count(&f->m[1], VMOCK_INV_ADD), 1);
	c = viommu_mock_nth(&f->m[1], VMOCK_INV_ADD, 0);
	assert_int_equal(c->cmd.op, SMMU_CMD_TLBI_NH_ALL);
	assert_int_equal(c->cmd.vmid, 0x101);
	assert_int_equal(viommu_mock_count(&f->m[1], VMOCK_INV_COMMIT), 1);
	viommu_inv_begin(f->d, &b);
	assert_int_equal(viommu_inv_add(f->d, &b, &g), 0);
	assert_int_equal(viommu_inv_commit(f->d, &b), 0);
	assert_int_equal(viommu_mock_count(&f->m[1], VMOCK_INV_ADD), 1);
	assert_int_equal(viommu_mock_count(&f->m[0], VMOCK_INV_ADD), 1);
	/* freeing one of two devices on SMMU 0 sends nothing */
	viommu_mock_clear(&f->m[0]);
	assert_int_equal(viommu_vsid_free(f->d, f->va, 1), 0);
	assert_int_equal(viommu_mock_count(&f->m[0], VMOCK_INV_ADD), 0);
	fx_free(f);
}

/* A backend that takes words: the mock, plus inv_add_words recording. */
static uint64_t words_seen[8][2];
static unsigned int nwords_seen;

static int words_inv_add_words(void *bctx, const uint64_t pcmd[2])
{
	(void)bctx;
	if (nwords_seen < 8) {
		words_seen[nwords_seen][0] = pcmd[0];
		words_seen[nwords_seen][1] = pcmd[1];
	}
	nwords_seen++;
	return 0;
}

/*
 * viommu_inv_add_words: the guest's words with only VMID or StreamID
 * replaced (SSec cleared), handed to inv_add_words when the backend has
 * it; words that smmu_cmd_decode would refuse never reach a backend.
 */
static void test_words(void **state)
{
	struct fx *f = fx_new();
	struct viommu_backend_ops wops = viommu_mock_ops;
	struct viommu_mock wm;
	struct viommu_inv b;
	const struct smmu_cmd *c;
	unsigned int idx;
	uint32_t v;
	/* NH_VA ASID 7, guest VMID 0x77, VA 0x5000, leaf, TG 4K NUM 1 */
	uint64_t va[2] = { 0x0007007700001012ull,
			   0x5000ull | 1u << 10 | 1u };
	uint64_t cd[2] = { SMMU_CMD_CFGI_CD | 1u << 10 | 17u << 12, 1 };
	uint64_t bad[2];

	(void)state;
	nwords_seen = 0;
	wops.inv_add_words = words_inv_add_words;
	viommu_mock_init(&wm, 0x1ff);
	assert_int_equal(viommu_add_backend(f->d, &wops, &wm, &idx), 0);
	assert_int_equal(viommu_vsid_alloc(f->d, idx, 0x90, 1, &v), 0);
	cd[0] |= (uint64_t)v << 32;

	viommu_inv_begin(f->d, &b);
	assert_int_equal(viommu_inv_add_words(f->d, &b, va), 0);
	assert_int_equal(viommu_inv_add_words(f->d, &b, cd), 0);
	/* the word-taking backend got words, never inv_add */
	assert_int_equal(viommu_mock_count(&wm, VMOCK_INV_ADD), 0);
	assert_int_equal(nwords_seen, 2);
	assert_true(words_seen[0][0] == 0x000701FF00001012ull);
	assert_true(words_seen[0][1] == va[1]);
	/* CFGI_CD: pSID 0x90 in place of the vSID, SSec cleared */
	assert_true(words_seen[1][0] ==
		    (SMMU_CMD_CFGI_CD | 17u << 12 | 0x90ull << 32));
	assert_true(words_seen[1][1] == 1);
	/* the struct-taking mocks got the same NH_VA, VMID forced */
	c = &viommu_mock_nth(&f->m[0], VMOCK_INV_ADD, 0)->cmd;
	assert_int_equal(c->op, SMMU_CMD_TLBI_NH_VA);
	assert_int_equal(c->vmid, 0x100);
	assert_int_equal(c->asid, 7);
	assert_int_equal(c->addr, 0x5000);
	assert_int_equal(c->num, 1);
	assert_int_equal(c->tg, 1);
	assert_true(c->leaf);

	/* refused: a RES0 bit, a reserved value, an opcode not forwarded */
	nwords_seen = 0;
	viommu_mock_clear(&f->m[0]);
	bad[0] = va[0];
	bad[1] = va[1] | 1u << 6;
	assert_int_equal(viommu_inv_add_words(f->d, &b, bad), -VSMMU_ERR_ILL);
	bad[0] = va[0] & ~SMMU_CMD0_NUM;
	bad[1] = va[1];
	assert_int_equal(viommu_inv_add_words(f->d, &b, bad), -VSMMU_ERR_ILL);
	bad[0] = SMMU_CMD_CFGI_STE;
	bad[1] = 0;
	assert_int_equal(viommu_inv_add_words(f->d, &b, bad),
			 -VSMMU_ERR_INVAL);
	bad[0] = SMMU_CMD_SYNC | 3u << 12;
	assert_int_equal(viommu_inv_add_words(f->d, &b, bad),
			 -VSMMU_ERR_INVAL);
	assert_int_equal(nwords_seen, 0);
	assert_int_equal(viommu_mock_count(&f->m[0], VMOCK_INV_ADD), 0);
	assert_int_equal(viommu_inv_commit(f->d, &b), 0);

	assert_int_equal(viommu_vsid_free(f->d, v, 1), 0);
	viommu_dom_destroy(f->d);
	f->d = NULL;
	viommu_mock_fini(&wm);
	for (unsigned int i = 0; i < 3; i++)
		viommu_mock_fini(&f->m[i]);
	assert_int_equal(f->h.live_bytes, 0);
	test_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nsnh_all),
		cmocka_unit_test(test_tlbi_vmid_forced),
		cmocka_unit_test(test_range_without_ril),
		cmocka_unit_test(test_cfgi_cd_translated),
		cmocka_unit_test(test_stall_answers),
		cmocka_unit_test(test_only_touched_committed),
		cmocka_unit_test(test_refused_and_errors),
		cmocka_unit_test(test_last_device_leaves),
		cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
