// SPDX-License-Identifier: MIT
/*
 * src/model/cmdq.c - the command-queue consumer of the SMMUv3 model
 * (IHI 0070 §4, §7.1; facts §5, §8.2-8.4).
 *
 * Commands are consumed in order from CONS; CONS only moves past a command
 * once it has taken effect. A command that cannot be fetched (CERROR_ABT)
 * or is malformed or not applicable here (CERROR_ILL) stops the queue:
 * CONS stays on it, CMDQ_CONS.ERR holds the reason and GERROR.CMDQ_ERR is
 * raised; consumption resumes from CONS when software acknowledges it
 * through GERRORN. Every run is bounded by its budget and by the queue
 * size.
 */
#include "vsmmu/env.h"
#include "vsmmu/model.h"
#include "internal.h"

static bool has0_(const struct smmu_model *m, uint64_t bit)
{
	return (m->cfg.idr[0] & bit) != 0;
}

/* Input addresses are compared on bits [55:0] (see tlb.c). */
#define SMMU_MODEL_VA_MASK_ SMMU_GENMASK(55, 0)

/*
 * The address range of a TLBI (facts §5.4): one address when TG = 0,
 * else (NUM + 1) * 2^SCALE granules from the address.
 */
static void smmu_model_tlbi_range_(const struct smmu_cmd *c,
				   struct smmu_model_tlbi_ *t)
{
	uint64_t lo = c->addr & SMMU_MODEL_VA_MASK_, len, hi;
	unsigned int g, scale;

	t->match_addr = true;
	t->lo = lo;
	t->hi = lo;
	if (c->tg == SMMU_CMD_TG_ANY)
		return;
	g = c->tg == SMMU_CMD_TG_4K ? 12 : c->tg == SMMU_CMD_TG_16K ? 14 : 16;
	scale = c->scale > 39 ? 39 : c->scale;
	/* (NUM + 1) <= 32 and 2^(39 + 16): at most 2^60, no overflow. */
	len = ((uint64_t)c->num + 1) << (scale + g);
	if (vsmmu_add_overflow(lo, len - 1, &hi) || hi > SMMU_MODEL_VA_MASK_)
		hi = SMMU_MODEL_VA_MASK_;
	t->hi = hi;
}

/*
 * The implementation checks smmu_cmd_decode leaves to us (facts §5.1):
 * the opcode must be usable on what IDR0/IDR3 advertise.
 */
static bool smmu_model_cmd_ok_(const struct smmu_model *m,
			       const struct smmu_cmd *c)
{
	bool s1 = has0_(m, SMMU_IDR0_S1P), s2 = has0_(m, SMMU_IDR0_S2P);

	if (c->ssec)		/* Non-secure queue (facts §5.2) */
		return false;
	switch (c->op) {
	case SMMU_CMD_PREFETCH_CONFIG: case SMMU_CMD_PREFETCH_ADDR:
	case SMMU_CMD_CFGI_STE: case SMMU_CMD_CFGI_STE_RANGE:
	case SMMU_CMD_TLBI_NSNH_ALL: case SMMU_CMD_SYNC:
		break;
	case SMMU_CMD_CFGI_CD: case SMMU_CMD_CFGI_CD_ALL:
		return s1;
	case SMMU_CMD_CFGI_VMS_PIDM:
		return (m->cfg.idr[3] & SMMU_IDR3_MPAM) != 0;
	case SMMU_CMD_TLBI_NH_ALL: case SMMU_CMD_TLBI_NH_ASID:
	case SMMU_CMD_TLBI_NH_VA: case SMMU_CMD_TLBI_NH_VAA:
		if (!s1)
			return false;
		break;
	case SMMU_CMD_TLBI_EL2_ALL: case SMMU_CMD_TLBI_EL2_ASID:
	case SMMU_CMD_TLBI_EL2_VA: case SMMU_CMD_TLBI_EL2_VAA:
		if (!s1 || !has0_(m, SMMU_IDR0_HYP))
			return false;
		break;
	case SMMU_CMD_TLBI_S12_VMALL: case SMMU_CMD_TLBI_S2_IPA:
		if (!s2)
			return false;
		break;
	case SMMU_CMD_ATC_INV:
		return has0_(m, SMMU_IDR0_ATS);
	case SMMU_CMD_PRI_RESP:
		return has0_(m, SMMU_IDR0_PRI);
	default:
		/* EL3 and Secure TLBIs, RESUME/STALL_TERM without stall
		 * support (STALL_MODEL = 01), reserved opcodes. */
		return false;
	}
	/* Range fields are RES0 without IDR3.RIL (facts §5.4). */
	if (!(m->cfg.idr[3] & SMMU_IDR3_RIL) &&
	    (c->num || c->scale || c->tg || c->ttl))
		return false;
	/*
	 * Without IDR5.DS, SCALE is bits 24:20 (bit 25 RES0), and TTL =
	 * 0b01 with a 16K TG counts as 0b00, so with NUM = SCALE = 0 it is
	 * the reserved single-granule form (IHI 0070 §4.4.1.1, facts §5.4).
	 */
	if (!(m->cfg.idr[5] & SMMU_IDR5_DS) &&
	    (c->scale > 31 ||
	     (c->tg == SMMU_CMD_TG_16K && c->ttl == 1 && !c->num &&
	      !c->scale)))
		return false;
	return true;
}

/* Run one decoded command; returns a CERROR_* code. */
static unsigned int smmu_model_cmd_exec_(struct smmu_model *m,
					 const struct smmu_cmd *c)
{
	struct smmu_model_tlbi_ t;
	bool s2p = has0_(m, SMMU_IDR0_S2P);
	bool e2h = (m->cr2 & SMMU_CR2_E2H) != 0;
	uint64_t span;

	if (!smmu_model_cmd_ok_(m, c))
		return SMMU_CERROR_ILL;
	vsmmu_memset(&t, 0, sizeof(t));
	/* VMID in NH_* is matched only when stage 2 exists (facts §5.5). */
	t.match_vmid = s2p;
	t.vmid = c->vmid;
	t.asid = c->asid;
	switch (c->op) {
	case SMMU_CMD_CFGI_STE:
		smmu_model_cfgc_inval_(m, c->sid, c->sid, false, 0);
		return SMMU_CERROR_NONE;
	case SMMU_CMD_CFGI_STE_RANGE:
		if (c->range == SMMU_CFGI_RANGE_ALL) {
			smmu_model_cfgc_inval_(m, 0, UINT32_MAX, false, 0);
			return SMMU_CERROR_NONE;
		}
		/* 2^(Range + 1) SIDs, aligned down (facts §5.3). */
		span = 1ull << (c->range + 1);
		smmu_model_cfgc_inval_(m, c->sid & ~(span - 1),
				       (c->sid & ~(span - 1)) + span - 1,
				       false, 0);
		return SMMU_CERROR_NONE;
	case SMMU_CMD_CFGI_CD:
		smmu_model_cfgc_inval_(m, c->sid, c->sid, true, c->ssid);
		return SMMU_CERROR_NONE;
	case SMMU_CMD_CFGI_CD_ALL:
		smmu_model_cfgc_inval_(m, c->sid, c->sid, false, 0);
		return SMMU_CERROR_NONE;
	case SMMU_CMD_TLBI_NH_ALL:
		t.kind = SMMU_MODEL_TLB_NH_;
		break;
	case SMMU_CMD_TLBI_NH_ASID:
		t.kind = SMMU_MODEL_TLB_NH_;
		t.match_asid = true;
		break;
	case SMMU_CMD_TLBI_NH_VA:
		t.kind = SMMU_MODEL_TLB_NH_;
		t.asid_or_global = true;
		smmu_model_tlbi_range_(c, &t);
		break;
	case SMMU_CMD_TLBI_NH_VAA:
		t.kind = SMMU_MODEL_TLB_NH_;
		smmu_model_tlbi_range_(c, &t);
		break;
	case SMMU_CMD_TLBI_EL2_ALL:
		t.kind = SMMU_MODEL_TLB_EL2_;
		t.match_vmid = false;
		break;
	case SMMU_CMD_TLBI_EL2_ASID:
		t.kind = SMMU_MODEL_TLB_EL2_;
		t.match_vmid = false;
		/* Without E2H EL2 has no ASIDs: nothing is ASID-tagged. */
		t.match_asid = true;
		break;
	case SMMU_CMD_TLBI_EL2_VA:
		t.kind = SMMU_MODEL_TLB_EL2_;
		t.match_vmid = false;
		t.asid_or_global = e2h;
		smmu_model_tlbi_range_(c, &t);
		break;
	case SMMU_CMD_TLBI_EL2_VAA:
		t.kind = SMMU_MODEL_TLB_EL2_;
		t.match_vmid = false;
		smmu_model_tlbi_range_(c, &t);
		break;
	case SMMU_CMD_TLBI_S12_VMALL:
		t.kind = 0;
		t.match_vmid = true;
		break;
	case SMMU_CMD_TLBI_S2_IPA:
		/* Stage-2-only entries; combined ones stay (facts §5.5). */
		t.kind = SMMU_MODEL_TLB_S2_;
		t.match_vmid = true;
		smmu_model_tlbi_range_(c, &t);
		break;
	case SMMU_CMD_TLBI_NSNH_ALL:
		t.kind = 0;
		t.match_vmid = false;
		break;
	default:
		/* PREFETCH_* (hints), CFGI_VMS_PIDM, ATC_INV, PRI_RESP,
		 * CMD_SYNC (signalled by the caller once CONS moved). */
		return SMMU_CERROR_NONE;
	}
	smmu_model_tlb_inval_(m, &t);
	return SMMU_CERROR_NONE;
}

/* Completion of a CMD_SYNC, after CONS has moved past it (facts §8.2). */
static void smmu_model_sync_signal_(struct smmu_model *m,
				    const struct smmu_cmd *c)
{
	if (c->cs == SMMU_SYNC_CS_IRQ) {
		if (has0_(m, SMMU_IDR0_MSI) && c->msiaddr &&
		    smmu_model_msi_(m, c->msiaddr, c->msidata))
			smmu_model_gerror_raise_(
				m, (uint32_t)SMMU_GERROR_MSI_CMDQ_ABT_ERR);
		smmu_model_pulse_(m, SMMU_MODEL_IRQ_CMDQ_SYNC);
	} else if (c->cs == SMMU_SYNC_CS_SEV && has0_(m, SMMU_IDR0_SEV)) {
		m->sev_pending = true;
		m->cnt.sevs++;
	}
}

static void smmu_model_cmd_error_(struct smmu_model *m, unsigned int cerr,
				  uint32_t cons_idx)
{
	m->cmdq.cons = (uint32_t)smmu_field_set(SMMU_CMDQ_CONS_ERR,
						m->cmdq.cons, cerr);
	m->cnt.cmd_errors++;
	SMMU_MODEL_LOG_(m, VSMMU_LOG_GUEST,
			"model: command at CONS 0x%x failed, CERROR %u",
			cons_idx, cerr);
	smmu_model_gerror_raise_(m, (uint32_t)SMMU_GERROR_CMDQ_ERR);
}

int smmu_model_cmdq_run_(struct smmu_model *m, unsigned int budget)
{
	unsigned int log2n, n = 0;
	struct smmu_qpos prod, cons;
	uint64_t base;

	if (m->in_cmdq || !(m->cr0ack & SMMU_CR0_CMDQEN) ||
	    (smmu_gerror_active(m->gerror, m->gerrorn) & SMMU_GERROR_CMDQ_ERR))
		return 0;
	log2n = smmu_model_q_log2_(m->cmdq.base,
				   smmu_model_idr_(m, 1, SMMU_IDR1_CMDQS));
	prod = smmu_qpos_unpack(m->cmdq.prod, log2n);
	cons = smmu_qpos_unpack(m->cmdq.cons, log2n);
	if (!smmu_q_consistent(prod, cons, log2n)) {
		SMMU_MODEL_LOG_(m, VSMMU_LOG_GUEST,
				"model: inconsistent CMDQ PROD 0x%x CONS 0x%x",
				m->cmdq.prod, m->cmdq.cons);
		return 0;
	}
	base = smmu_model_q_addr_(m->cmdq.base, log2n, SMMU_CMD_BYTES);
	m->in_cmdq = true;
	while (n < budget && !smmu_q_is_empty(prod, cons)) {
		uint64_t w[2];
		struct smmu_cmd c;
		uint64_t pa = base + (uint64_t)cons.idx * SMMU_CMD_BYTES;
		unsigned int cerr;

		if (m->ops.mem_read(m->ops.ctx, smmu_pa(pa), w, sizeof(w))) {
			smmu_model_cmd_error_(m, SMMU_CERROR_ABT, cons.idx);
			break;
		}
		w[0] = vsmmu_le64_to_cpu(w[0]);
		w[1] = vsmmu_le64_to_cpu(w[1]);
		if (smmu_cmd_decode(w, &c))
			cerr = SMMU_CERROR_ILL;
		else
			cerr = smmu_model_cmd_exec_(m, &c);
		if (cerr != SMMU_CERROR_NONE) {
			smmu_model_cmd_error_(m, cerr, cons.idx);
			break;
		}
		m->cnt.cmds++;
		m->cnt.cmds_by_op[c.op]++;
		cons = smmu_qpos_next(cons, log2n);
		m->cmdq.cons = (m->cmdq.cons & ~(uint32_t)SMMU_Q_IDX_WRP) |
			       smmu_qpos_pack(cons, log2n);
		n++;
		if (c.op == SMMU_CMD_SYNC)
			smmu_model_sync_signal_(m, &c);
	}
	m->in_cmdq = false;
	return (int)n;
}

void smmu_model_cmdq_kick_(struct smmu_model *m)
{
	unsigned int budget = m->cfg.cmd_budget, i;

	if (m->cfg.deferred)
		return;
	/*
	 * A host without a lock may re-enter from an MSI callback while
	 * commands run (a GERRORN acknowledgement, a PROD write): remember
	 * the kick and run again afterwards, a bounded number of times.
	 */
	if (m->in_cmdq) {
		m->kick_pending = true;
		return;
	}
	/* The whole queue at most: 2^19 commands. */
	if (!budget)
		budget = 1u << SMMU_Q_MAX_LOG2;
	for (i = 0; i < 4; i++) {
		m->kick_pending = false;
		smmu_model_cmdq_run_(m, budget);
		if (!m->kick_pending)
			break;
	}
}
