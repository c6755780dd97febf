// SPDX-License-Identifier: MIT
/*
 * Command queue: one producer (this driver), batches of up to 64 commands
 * and an optional CMD_SYNC per CMDQ_PROD write, waiting for space and for
 * completion with bounded polls.
 *
 * Completion: with MSIs and coherent queue accesses the CMD_SYNC asks for
 * an MSI whose address is its own queue slot and whose payload is 0, and
 * the driver polls that word until the SMMU overwrites the opcode with 0
 * (facts §8.2). Otherwise it asks for SEV and polls CMDQ_CONS.
 */
#include <string.h>

#include "internal.h"

int gsmmu_cmdq_init_(struct gsmmu *s)
{
	size_t bytes = (size_t)SMMU_CMD_BYTES << s->cmdq.log2;
	int ret;

	if (bytes < 32)
		bytes = 32; /* queue bases are at least 32-byte aligned */
	ret = s->ops.alloc(s->ops.ctx, bytes, &s->cmdq.base);
	if (ret)
		return gsmmu_fail_(s, ret, "no memory for the command queue");
	s->cmdq.ent_bytes = SMMU_CMD_BYTES;
	return 0;
}

void gsmmu_batch_init_(struct gsmmu_batch *b)
{
	b->n = 0;
}

static uint64_t gsmmu_cmdq_slot(struct gsmmu *s, uint32_t pos)
{
	uint32_t idx = pos & ((1u << s->cmdq.log2) - 1);

	return s->cmdq.base + (uint64_t)idx * SMMU_CMD_BYTES;
}

static void gsmmu_build_sync(struct gsmmu *s, uint32_t pos, uint64_t out[2])
{
	struct smmu_cmd c;

	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_SYNC;
	if (s->feat & GSMMU_FEAT_MSI_SYNC) {
		c.cs = SMMU_SYNC_CS_IRQ;
		c.msh = SMMU_SH_ISH;
		c.msiattr = 0xf; /* Normal write-back */
		c.msidata = 0;
		c.msiaddr = gsmmu_cmdq_slot(s, pos);
	} else {
		c.cs = SMMU_SYNC_CS_SEV;
	}
	smmu_cmd_encode(&c, out);
}

static uint32_t gsmmu_cmdq_read_cons(struct gsmmu *s)
{
	s->cmdq.cons = gsmmu_rd32_(s, SMMU_CMDQ_CONS) & SMMU_Q_IDX_WRP;
	return s->cmdq.cons;
}

/* Wait until n entries are free. */
static int gsmmu_cmdq_wait_space(struct gsmmu *s, uint32_t n)
{
	unsigned int log2 = s->cmdq.log2, polls;

	for (polls = 0;; polls++) {
		struct smmu_qpos p = smmu_qpos_unpack(s->cmdq.prod, log2);
		struct smmu_qpos c =
			smmu_qpos_unpack(gsmmu_cmdq_read_cons(s), log2);

		if (smmu_q_space(p, c, log2) >= n)
			return 0;
		if (polls >= s->cfg.poll_max)
			return gsmmu_fail_(
				s, -VSMMU_ERR_TIMEOUT,
				"command queue full (prod %#x cons %#x)",
				s->cmdq.prod, s->cmdq.cons);
		gsmmu_relax_(s);
	}
}

static int gsmmu_wait_sync(struct gsmmu *s, uint32_t sync_pos,
			   uint32_t end_prod)
{
	unsigned int log2 = s->cmdq.log2, polls;

	for (polls = 0;; polls++) {
		if (s->feat & GSMMU_FEAT_MSI_SYNC) {
			uint32_t w = 1;

			if (s->ops.mem_read(s->ops.ctx,
					    gsmmu_cmdq_slot(s, sync_pos), &w,
					    sizeof(w)))
				return gsmmu_fail_(
					s, -VSMMU_ERR_GMEM,
					"cannot read the CMD_SYNC slot");
			if (w == 0)
				return 0;
		} else {
			struct smmu_qpos p = smmu_qpos_unpack(end_prod, log2);
			struct smmu_qpos c =
				smmu_qpos_unpack(gsmmu_cmdq_read_cons(s), log2);

			/* The sync is done once CONS has passed it. */
			if (smmu_q_is_empty(p, c))
				return 0;
		}
		if (polls >= s->cfg.poll_max) {
			s->st.sync_timeouts++;
			return gsmmu_fail_(
				s, -VSMMU_ERR_TIMEOUT,
				"CMD_SYNC at %#x timed out (cons %#x)",
				sync_pos, gsmmu_cmdq_read_cons(s));
		}
		gsmmu_relax_(s);
	}
}

/* Write n commands (and a sync) at PROD, publish PROD, maybe wait. */
static int gsmmu_cmdq_issue(struct gsmmu *s, uint64_t (*cmds)[2],
			    unsigned int n, bool sync)
{
	unsigned int log2 = s->cmdq.log2, i;
	struct smmu_qpos p;
	uint32_t sync_pos = 0;
	uint64_t w[2];
	int ret;

	ret = gsmmu_cmdq_wait_space(s, n + (sync ? 1 : 0));
	if (ret)
		return ret;
	p = smmu_qpos_unpack(s->cmdq.prod, log2);
	for (i = 0; i < n + (sync ? 1 : 0); i++) {
		uint32_t pos = smmu_qpos_pack(p, log2);
		uint64_t slot = gsmmu_cmdq_slot(s, pos);

		if (i < n) {
			w[0] = cmds[i][0];
			w[1] = cmds[i][1];
		} else {
			sync_pos = pos;
			gsmmu_build_sync(s, pos, w);
		}
		s->st.cmds++;
		s->st.cmds_by_op[w[0] & 0xff]++;
		/* dword 1 first: the opcode word is the one sync polls. */
		if (gsmmu_mem_wr64_(s, slot + 8, w[1]) ||
		    gsmmu_mem_wr64_(s, slot, w[0]))
			return gsmmu_fail_(s, -VSMMU_ERR_GMEM,
					   "cannot write the command queue");
		p = smmu_qpos_next(p, log2);
	}
	s->cmdq.prod = smmu_qpos_pack(p, log2);
	gsmmu_wr32_(s, SMMU_CMDQ_PROD, s->cmdq.prod);
	s->st.batches++;
	if (!sync)
		return 0;
	s->st.syncs++;
	return gsmmu_wait_sync(s, sync_pos, s->cmdq.prod);
}

int gsmmu_batch_add_(struct gsmmu *s, struct gsmmu_batch *b,
		     const struct smmu_cmd *c)
{
	int ret;

	if (b->n == GSMMU_BATCH_MAX) {
		ret = gsmmu_cmdq_issue(s, b->cmd, b->n, false);
		b->n = 0;
		if (ret)
			return ret;
	}
	ret = smmu_cmd_encode(c, b->cmd[b->n]);
	if (ret)
		return gsmmu_fail_(s, ret, "cannot encode %s",
				   smmu_cmd_name(c->op));
	b->n++;
	return 0;
}

int gsmmu_batch_sync_(struct gsmmu *s, struct gsmmu_batch *b)
{
	int ret = gsmmu_cmdq_issue(s, b->cmd, b->n, true);

	b->n = 0;
	return ret;
}

int gsmmu_cmd_sync_(struct gsmmu *s, const struct smmu_cmd *c)
{
	struct gsmmu_batch b;
	int ret;

	gsmmu_batch_init_(&b);
	ret = gsmmu_batch_add_(s, &b, c);
	return ret ? ret : gsmmu_batch_sync_(s, &b);
}

/*
 * GERROR.CMDQ_ERR: CONS stopped on the bad command. An illegal command is
 * replaced by a CMD_SYNC (without a signal) so the queue moves on; an
 * abort or ATC timeout is retried as it stands.
 */
void gsmmu_cmdq_skip_err_(struct gsmmu *s)
{
	uint32_t cons = gsmmu_rd32_(s, SMMU_CMDQ_CONS);
	uint32_t err = (uint32_t)smmu_field_get(SMMU_CMDQ_CONS_ERR, cons);
	uint64_t slot = gsmmu_cmdq_slot(s, cons & SMMU_Q_IDX_WRP);
	uint64_t bad[2] = {0, 0}, w[2];
	struct smmu_cmd c;

	s->st.cmdq_errors++;
	gsmmu_mem_rd64_(s, slot, &bad[0]);
	gsmmu_mem_rd64_(s, slot + 8, &bad[1]);
	gsmmu_log_(s, "CMDQ error %u at cons %#x: %s (%#llx %#llx)", err,
		   (unsigned int)(cons & SMMU_Q_IDX_WRP),
		   smmu_cmd_name((uint8_t)bad[0]), (unsigned long long)bad[0],
		   (unsigned long long)bad[1]);
	if (err != SMMU_CERROR_ILL)
		return;
	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_SYNC;
	c.cs = SMMU_SYNC_CS_NONE;
	smmu_cmd_encode(&c, w);
	gsmmu_mem_wr64_(s, slot + 8, w[1]);
	gsmmu_mem_wr64_(s, slot, w[0]);
}
