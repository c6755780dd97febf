// SPDX-License-Identifier: MIT
/*
 * Forwarding policies for rows 5 and 6, as a viommu backend that wraps the
 * psmmu-nested backend (struct viommu_backend_ops is the framework's own
 * seam between a domain and a physical SMMU, so no layer needs a switch):
 *
 *  - PRECISE: the library unchanged; viommu translates each guest
 *    invalidation one-for-one and the backend submits one physical batch
 *    with one CMD_SYNC per guest CMDQ_PROD write.
 *  - FLUSH_ALL: what the first Xen series did: every guest TLBI_NH_*
 *    becomes TLBI_S12_VMALL of the domain's VMID (a whole-domain flush,
 *    both stages, every device of the guest).
 *  - UNBATCHED: precise commands, but each submitted on its own with its
 *    own CMD_SYNC, as a forwarder without batching would.
 */
#include "bench.h"

#define PB viommu_psmmu_backend_ops

static int fwd_install_s1(void *bctx, uint32_t psid,
			  const struct psmmu_s1_cfg *s1)
{
	struct bench_fwd *f = bctx;

	return PB.install_s1(&f->be, psid, s1);
}

static int fwd_set_abort(void *bctx, uint32_t psid)
{
	struct bench_fwd *f = bctx;

	return PB.set_abort(&f->be, psid);
}

static int fwd_set_bypass(void *bctx, uint32_t psid)
{
	struct bench_fwd *f = bctx;

	return PB.set_bypass(&f->be, psid);
}

static bool fwd_is_tlbi_nh(uint8_t op)
{
	return op == SMMU_CMD_TLBI_NH_ALL || op == SMMU_CMD_TLBI_NH_ASID ||
	       op == SMMU_CMD_TLBI_NH_VA || op == SMMU_CMD_TLBI_NH_VAA;
}

static int fwd_inv_add(void *bctx, const struct smmu_cmd *pcmd)
{
	struct bench_fwd *f = bctx;
	int ret;

	switch (f->pol) {
	case BENCH_FWD_FLUSH_ALL:
		if (!fwd_is_tlbi_nh(pcmd->op))
			return PB.inv_add(&f->be, pcmd);
		/* Open the backend's batch as its own inv_add would. */
		if (!f->be.batch_open) {
			psmmu_batch_init(f->be.p, &f->be.batch);
			f->be.batch_open = true;
		}
		return psmmu_batch_inv_vmid(&f->be.batch, f->be.dom);
	case BENCH_FWD_UNBATCHED:
		ret = PB.inv_add(&f->be, pcmd);
		if (!ret)
			ret = PB.inv_commit(&f->be);
		return ret;
	case BENCH_FWD_PRECISE:
	default:
		return PB.inv_add(&f->be, pcmd);
	}
}

/* The same policies for a command in its queue form, as viommu passes
 * forwarded guest commands (inv_add_words). */
static int fwd_inv_add_words(void *bctx, const uint64_t pcmd[2])
{
	struct bench_fwd *f = bctx;
	int ret;

	switch (f->pol) {
	case BENCH_FWD_FLUSH_ALL:
		if (!fwd_is_tlbi_nh((uint8_t)smmu_field_get(SMMU_CMD0_OP,
							    pcmd[0])))
			return PB.inv_add_words(&f->be, pcmd);
		if (!f->be.batch_open) {
			psmmu_batch_init(f->be.p, &f->be.batch);
			f->be.batch_open = true;
		}
		return psmmu_batch_inv_vmid(&f->be.batch, f->be.dom);
	case BENCH_FWD_UNBATCHED:
		ret = PB.inv_add_words(&f->be, pcmd);
		if (!ret)
			ret = PB.inv_commit(&f->be);
		return ret;
	case BENCH_FWD_PRECISE:
	default:
		return PB.inv_add_words(&f->be, pcmd);
	}
}

static int fwd_inv_commit(void *bctx)
{
	struct bench_fwd *f = bctx;

	/* Unbatched: every command was synced already; a guest CMD_SYNC
	 * has nothing left to wait for. */
	if (f->pol == BENCH_FWD_UNBATCHED && !f->be.batch_open)
		return 0;
	return PB.inv_commit(&f->be);
}

static int fwd_sync(void *bctx)
{
	struct bench_fwd *f = bctx;

	return PB.sync(&f->be);
}

static void fwd_get_idr(void *bctx, uint32_t idr[6], uint32_t *iidr,
			uint32_t *aidr)
{
	struct bench_fwd *f = bctx;

	PB.get_idr(&f->be, idr, iidr, aidr);
}

static uint16_t fwd_vmid(void *bctx)
{
	struct bench_fwd *f = bctx;

	return PB.vmid(&f->be);
}

const struct viommu_backend_ops bench_fwd_ops = {
	.install_s1 = fwd_install_s1,
	.set_abort = fwd_set_abort,
	.set_bypass = fwd_set_bypass,
	.inv_add = fwd_inv_add,
	.inv_add_words = fwd_inv_add_words,
	.inv_commit = fwd_inv_commit,
	.sync = fwd_sync,
	.get_idr = fwd_get_idr,
	.vmid = fwd_vmid,
};
