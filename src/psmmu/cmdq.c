// SPDX-License-Identifier: MIT
/*
 * The command queue (IHI 0070 §3.5, §4, facts §5, §8.2-8.4): batches of
 * encoded commands written in one go with one CMD_SYNC at the end, waiting
 * (bounded) for space when the queue wraps, and recovery from
 * GERROR.CMDQ_ERR.
 *
 * Only this file writes CMDQ_PROD. The software PROD is the truth; CONS
 * is re-read from the SMMU when space runs out or a sync is awaited.
 */
#include "vsmmu/env.h"
#include "vsmmu/psmmu.h"
#include "internal.h"

/* CERROR_ABT is retried this many times per submit, then skipped. */
#define CMDQ_ABT_RETRIES 3u

int psmmu_cmdq_alloc_(struct psmmu *p)
{
	struct psmmu_queue_ *q = &p->cmdq;
	size_t size;
	int err;

	q->log2 = VSMMU_MIN(p->cfg.cmdq_log2, p->feat.cmdq_log2_max);
	if (q->log2 < PSMMU_MIN_CMDQ_LOG2)
		q->log2 = PSMMU_MIN_CMDQ_LOG2;
	size = (size_t)SMMU_CMD_BYTES << q->log2;
	/* base aligned to MAX(queue bytes, 32) (facts §2.15) */
	err = p->ops->dma_alloc(p->ctx, size, VSMMU_MAX(size, (size_t)32),
				&q->mem);
	if (err || !q->mem.va) {
		vsmmu_memset(&q->mem, 0, sizeof(q->mem));
		return err ? err : -VSMMU_ERR_NOMEM;
	}
	return 0;
}

static uint64_t *cmdq_slot_(struct psmmu *p, uint32_t idx)
{
	return (uint64_t *)p->cmdq.mem.va + (size_t)idx * 2u;
}

static int cmdq_read_cons_(struct psmmu *p, uint32_t *raw)
{
	uint32_t v;
	int err = psmmu_rd32_(p, SMMU_CMDQ_CONS, &v);

	if (err)
		return err;
	p->cmdq.cons = smmu_qpos_unpack(v & (uint32_t)SMMU_Q_IDX_WRP,
					p->cmdq.log2);
	if (raw)
		*raw = v;
	return 0;
}

/*
 * GERROR.CMDQ_ERR (facts §8.3): consumption stopped with CONS.RD on the
 * bad command and CONS.ERR saying why. CERROR_ILL: overwrite the command
 * with a CMD_SYNC that signals nothing, so the queue goes on and the
 * caller's own sync still completes. CERROR_ABT (the fetch failed) and
 * CERROR_ATC_INV_SYNC: retry a few times, then skip the same way. Then
 * acknowledge only CMDQ_ERR, leaving the other bits to
 * psmmu_handle_gerror. The caller's submit reports -VSMMU_ERR_HW.
 */
int psmmu_cmdq_recover_(struct psmmu *p)
{
	struct smmu_cmd sync = { .op = SMMU_CMD_SYNC };
	uint32_t raw, ge, gen, code;
	uint64_t w[2], *slot;
	bool skip;
	int err;

	err = cmdq_read_cons_(p, &raw);
	if (err)
		return err;
	code = (uint32_t)smmu_field_get(SMMU_CMDQ_CONS_ERR, raw);
	slot = cmdq_slot_(p, p->cmdq.cons.idx);
	skip = true;
	if (code == SMMU_CERROR_ABT || code == SMMU_CERROR_ATC_INV_SYNC)
		skip = p->abt_retries++ >= CMDQ_ABT_RETRIES;
	psmmu_logf_(p, VSMMU_LOG_ERR,
		    "psmmu: command error %u on %s at CONS 0x%x: %s",
		    code, smmu_cmd_name((uint8_t)psmmu_load64_(&slot[0])), raw,
		    skip ? "skipped" : "retried");
	if (skip) {
		sync.cs = SMMU_SYNC_CS_NONE;
		(void)smmu_cmd_encode(&sync, w);
		psmmu_store64_(&slot[1], w[1]);
		psmmu_store64_(&slot[0], w[0]);
		psmmu_dma_to_dev_(p, &p->cmdq.mem,
				  (size_t)p->cmdq.cons.idx * SMMU_CMD_BYTES,
				  SMMU_CMD_BYTES);
	}
	p->stats.cmd_errors++;
	p->cmd_err = -VSMMU_ERR_HW;

	err = psmmu_rd32_(p, SMMU_GERROR, &ge);
	if (!err)
		err = psmmu_rd32_(p, SMMU_GERRORN, &gen);
	if (err)
		return err;
	gen = (gen & ~(uint32_t)SMMU_GERROR_CMDQ_ERR) |
	      (ge & (uint32_t)SMMU_GERROR_CMDQ_ERR);
	p->stats.gerrors++;
	return psmmu_wr32_(p, SMMU_GERRORN, gen);
}

/*
 * Recover if GERROR.CMDQ_ERR is active; *stopped says whether it was.
 * *msi_abt (may be NULL) reports GERROR.MSI_CMDQ_ABT_ERR: a CMD_SYNC MSI
 * that could not be written, left for psmmu_handle_gerror to acknowledge.
 */
static int cmdq_check_error_(struct psmmu *p, bool *stopped, bool *msi_abt)
{
	uint32_t ge, gen, active;
	int err;

	*stopped = false;
	err = psmmu_rd32_(p, SMMU_GERROR, &ge);
	if (!err)
		err = psmmu_rd32_(p, SMMU_GERRORN, &gen);
	if (err)
		return err;
	active = smmu_gerror_active(ge, gen);
	if (msi_abt)
		*msi_abt = (active & SMMU_GERROR_MSI_CMDQ_ABT_ERR) != 0;
	if (!(active & SMMU_GERROR_CMDQ_ERR))
		return 0;
	*stopped = true;
	return psmmu_cmdq_recover_(p);
}

/* Wait until the queue has room for at least one command. */
static int cmdq_wait_space_(struct psmmu *p)
{
	struct psmmu_queue_ *q = &p->cmdq;
	unsigned int n;
	bool stopped;
	int err;

	if (smmu_q_space(q->prod, q->cons, q->log2))
		return 0;
	for (n = 0; n < p->cfg.poll_max; n++) {
		err = cmdq_read_cons_(p, NULL);
		if (err)
			return err;
		if (smmu_q_space(q->prod, q->cons, q->log2))
			return 0;
		err = cmdq_check_error_(p, &stopped, NULL);
		if (err)
			return err;
		if (!stopped)
			psmmu_delay_(p);
	}
	p->stats.timeouts++;
	psmmu_log_(p, VSMMU_LOG_ERR, "psmmu: timeout waiting for CMDQ space");
	return -VSMMU_ERR_TIMEOUT;
}

/* Copy commands into the free slots, then publish PROD once per chunk. */
static int cmdq_write_(struct psmmu *p, const uint64_t (*cmds)[2],
		       unsigned int n)
{
	struct psmmu_queue_ *q = &p->cmdq;
	uint32_t space, k, i, first;
	uint64_t *slot;
	int err;

	while (n) {
		err = cmdq_wait_space_(p);
		if (err)
			return err;
		space = smmu_q_space(q->prod, q->cons, q->log2);
		k = VSMMU_MIN(space, n);
		first = q->prod.idx;
		for (i = 0; i < k; i++) {
			slot = cmdq_slot_(p, q->prod.idx);
			psmmu_store64_(&slot[0], cmds[i][0]);
			psmmu_store64_(&slot[1], cmds[i][1]);
			q->prod = smmu_qpos_next(q->prod, q->log2);
		}
		/* the chunk may wrap: clean both pieces */
		if (first + k <= (1u << q->log2)) {
			psmmu_dma_to_dev_(p, &q->mem,
					  (size_t)first * SMMU_CMD_BYTES,
					  (size_t)k * SMMU_CMD_BYTES);
		} else {
			psmmu_dma_to_dev_(p, &q->mem,
					  (size_t)first * SMMU_CMD_BYTES,
					  ((size_t)(1u << q->log2) - first) *
					  SMMU_CMD_BYTES);
			psmmu_dma_to_dev_(p, &q->mem, 0,
					  (size_t)(first + k -
						   (1u << q->log2)) *
					  SMMU_CMD_BYTES);
		}
		err = psmmu_wr32_(p, SMMU_CMDQ_PROD,
				  smmu_qpos_pack(q->prod, q->log2));
		if (err)
			return err;
		p->stats.cmds += k;
		cmds += k;
		n -= k;
	}
	return 0;
}

/*
 * Append a CMD_SYNC and wait for it (facts §8.2). With MSI write-back the
 * sync's MSI targets its own queue slot with data 0, and the first word of
 * the slot (never 0 while it holds the sync's opcode) is polled;
 * otherwise the sync signals nothing and CONS is polled until it reaches
 * PROD (we hold the lock, so nothing follows our sync).
 */
static int cmdq_sync_(struct psmmu *p)
{
	struct psmmu_queue_ *q = &p->cmdq;
	struct smmu_cmd c = { .op = SMMU_CMD_SYNC };
	uint64_t w[1][2];
	const uint32_t *word = NULL;
	unsigned int n;
	uint32_t slot;
	bool stopped, msi_abt;
	int err;

	err = cmdq_wait_space_(p);
	if (err)
		return err;
	slot = q->prod.idx;
	if (p->sync_msi) {
		c.cs = SMMU_SYNC_CS_IRQ;
		c.msh = SMMU_SH_ISH;
		c.msiattr = 0xF;	/* Normal WB (facts §7.6) */
		c.msidata = 0;
		c.msiaddr = q->mem.pa.v + (uint64_t)slot * SMMU_CMD_BYTES;
		word = (const uint32_t *)cmdq_slot_(p, slot);
	}
	err = smmu_cmd_encode(&c, w[0]);
	if (err)
		return -VSMMU_ERR_INTERNAL;
	err = cmdq_write_(p, w, 1);
	if (err)
		return err;

	for (n = 0; n < p->cfg.poll_max; n++) {
		if (word) {
			psmmu_dma_from_dev_(p, &q->mem,
					    (size_t)slot * SMMU_CMD_BYTES, 4);
			if (vsmmu_le32_to_cpu(*(const volatile uint32_t *)word)
			    == 0)
				goto done;
		} else {
			err = cmdq_read_cons_(p, NULL);
			if (err)
				return err;
			if (smmu_q_is_empty(q->prod, q->cons))
				goto done;
		}
		err = cmdq_check_error_(p, &stopped, &msi_abt);
		if (err)
			return err;
		/*
		 * The write-back will never come: the MSI aborted, or the
		 * recovery replaced our sync (its fetch kept aborting) by one
		 * that signals nothing. CONS passing it is completion too
		 * (facts §8.2): watch CONS instead.
		 */
		if (msi_abt || (stopped && word &&
				psmmu_load64_(cmdq_slot_(p, slot)) != w[0][0]))
			word = NULL;
		if (!stopped)
			psmmu_delay_(p);
	}
	p->stats.timeouts++;
	psmmu_log_(p, VSMMU_LOG_ERR, "psmmu: CMD_SYNC timed out");
	return -VSMMU_ERR_TIMEOUT;
done:
	p->stats.syncs++;
	return 0;
}

static void batch_init_(struct psmmu *p, struct psmmu_batch *b, bool locked)
{
	b->p = p;
	b->n = 0;
	b->flushed = false;
	b->locked = locked;
	b->err = 0;
}

void psmmu_batch_init(struct psmmu *p, struct psmmu_batch *b)
{
	batch_init_(p, b, false);
}

void psmmu_batch_init_locked_(struct psmmu *p, struct psmmu_batch *b)
{
	batch_init_(p, b, true);
}

static int batch_flush_locked_(struct psmmu_batch *b)
{
	struct psmmu *p = b->p;
	int err;

	if (p->failed)
		return -VSMMU_ERR_HW;
	if (!p->cmdq_on)
		return -VSMMU_ERR_STATE;
	if (!b->flushed) {
		p->cmd_err = 0;
		p->abt_retries = 0;
	}
	err = cmdq_write_(p, (const uint64_t (*)[2])b->cmds, b->n);
	b->n = 0;
	b->flushed = true;
	return err;
}

/* A full batch goes to the queue (without a sync) before the next add. */
static int batch_flush_full_(struct psmmu_batch *b)
{
	int err;

	if (!b->locked)
		psmmu_lock_(b->p);
	err = batch_flush_locked_(b);
	if (!b->locked)
		psmmu_unlock_(b->p);
	if (err && !b->err)
		b->err = err;
	return err;
}

/* Append one encoded command; inline, as every forwarded command ends here. */
static inline int batch_push_(struct psmmu_batch *b, const uint64_t w[2])
{
	if (vsmmu_unlikely(b->n == PSMMU_BATCH_MAX)) {
		int err = batch_flush_full_(b);

		if (err)
			return err;
	}
	b->cmds[b->n][0] = w[0];
	b->cmds[b->n][1] = w[1];
	b->n++;
	return 0;
}

int psmmu_batch_add(struct psmmu_batch *b, const struct smmu_cmd *c)
{
	uint64_t w[2];
	int err;

	if (!b || !c || !b->p)
		return -VSMMU_ERR_INVAL;
	/* the driver owns CMD_SYNC: one per batch, at the end */
	if (c->op == SMMU_CMD_SYNC)
		return -VSMMU_ERR_ILL;
	err = smmu_cmd_encode(c, w);
	if (err)
		return err;
	return batch_push_(b, w);
}

int psmmu_batch_add_words(struct psmmu_batch *b, const uint64_t cmd[2])
{
	if (!b || !cmd || !b->p)
		return -VSMMU_ERR_INVAL;
	/*
	 * The words are the caller's to vouch for (smmu_cmd_check), as the
	 * field values are psmmu_batch_add's caller's: viommu checks every
	 * guest command before it patches it, so checking again here would
	 * be paid twice per forwarded command (docs/bench.md, row 2). A
	 * command the SMMU refuses anyway is recovered by the submit
	 * (CERROR_ILL, psmmu.h). Only the sync stays the driver's.
	 */
	if (smmu_field_get(SMMU_CMD0_OP, cmd[0]) == SMMU_CMD_SYNC)
		return -VSMMU_ERR_ILL;
	return batch_push_(b, cmd);
}

int psmmu_batch_submit_locked_(struct psmmu_batch *b)
{
	struct psmmu *p = b->p;
	int err;

	err = batch_flush_locked_(b);
	if (!err)
		err = cmdq_sync_(p);
	p->stats.batches++;
	if (!err)
		err = p->cmd_err;
	if (!err)
		err = b->err;
	batch_init_(p, b, b->locked);
	return err;
}

int psmmu_batch_submit(struct psmmu_batch *b)
{
	int err;

	if (!b || !b->p)
		return -VSMMU_ERR_INVAL;
	psmmu_lock_(b->p);
	err = psmmu_batch_submit_locked_(b);
	psmmu_unlock_(b->p);
	return err;
}

int psmmu_batch_cfgi_ste_(struct psmmu_batch *b, uint32_t sid, bool leaf)
{
	struct smmu_cmd c = { .op = SMMU_CMD_CFGI_STE };

	c.sid = sid;
	c.leaf = leaf;
	return psmmu_batch_add(b, &c);
}
