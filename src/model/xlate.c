// SPDX-License-Identifier: MIT
/*
 * src/model/xlate.c - translation of one device access (IHI 0070 §3.2,
 * §5.5, §7.3; facts §6.4, §7.7).
 *
 * SMMUEN = 0: GBPA decides (abort, or bypass up to OAS, both silent).
 * Otherwise the configuration comes from the cache or from the stream
 * table, then the TLB or a walk gives the output. Stage-1 translation
 * faults obey CD.R (record) and CD.A (abort, else RAZ/WI); stage-2 ones
 * obey STE.S2R and always abort; every other fault aborts and records.
 * MEV merging is not done: each fault writes its own record.
 */
#include "vsmmu/env.h"
#include "vsmmu/model.h"
#include "internal.h"

static uint8_t smmu_model_fault_id_(enum pgt_fault_type t)
{
	switch (t) {
	case PGT_FAULT_ADDR_SIZE: return SMMU_EVT_F_ADDR_SIZE;
	case PGT_FAULT_ACCESS: return SMMU_EVT_F_ACCESS;
	case PGT_FAULT_PERMISSION: return SMMU_EVT_F_PERMISSION;
	case PGT_FAULT_WALK_EABT: return SMMU_EVT_F_WALK_EABT;
	default: return SMMU_EVT_F_TRANSLATION;
	}
}

/* Terminate the access: record the event (if any and asked), say how. */
static int smmu_model_terminate_(struct smmu_model *m, uint32_t sid,
				 uint32_t ssid, uint64_t addr, unsigned int acc,
				 struct smmu_model_fault_ *f,
				 struct smmu_model_result *r)
{
	struct smmu_evt *e = &f->evt;

	m->cnt.faults++;
	r->outcome = f->razwi ? SMMU_MODEL_RAZWI : SMMU_MODEL_ABORT;
	if (e->id) {
		e->sid = sid;
		e->ssv = ssid != SMMU_MODEL_NO_SSID;
		e->ssid = e->ssv ? ssid : 0;
		if (smmu_evt_is_translation_fault(e->id) ||
		    e->id == SMMU_EVT_F_WALK_EABT) {
			e->input_addr = addr;
			e->rnw = !(acc & SMMU_MODEL_ACC_WRITE);
			e->ind = (acc & SMMU_MODEL_ACC_EXEC) &&
				 !(acc & SMMU_MODEL_ACC_WRITE);
			e->pnu = (acc & SMMU_MODEL_ACC_PRIV) != 0;
		}
		r->evt = *e;
		if (f->record)
			r->recorded = smmu_model_evt_record_(m, e);
	}
	return -VSMMU_ERR_FAULT;
}

/* A walk fault as an event (facts §6.2-6.3). */
static void smmu_model_walk_fault_(const struct smmu_model_cfg_ *c,
				   const struct pgt_fault *pf,
				   struct smmu_model_fault_ *f)
{
	struct smmu_evt *e = &f->evt;

	vsmmu_memset(f, 0, sizeof(*f));
	e->id = smmu_model_fault_id_(pf->type);
	e->s2 = pf->stage == 2;
	if (e->s2) {
		e->class_ = (uint8_t)pf->cls;
		e->ipa = pf->ipa.v & SMMU_EVT3_IPA;
		/*
		 * F_PERMISSION with CLASS = TT: TTRnW says whether a
		 * descriptor read (1) or write (0) faulted (IHI 0070
		 * §7.3.16, facts §6.2). Without HTTU the walk only reads.
		 */
		e->ttrnw = pf->type == PGT_FAULT_PERMISSION &&
			   e->class_ == SMMU_EVT_CLASS_TT;
	} else {
		/* Stage-1 faults: the walk (TT) for a descriptor abort,
		 * else the input (IN). */
		e->class_ = pf->type == PGT_FAULT_WALK_EABT ?
			    SMMU_EVT_CLASS_TT : SMMU_EVT_CLASS_IN;
	}
	if (pf->type == PGT_FAULT_WALK_EABT) {
		e->fetch_addr = pf->fetch_pa.v & SMMU_EVT3_FETCHADDR;
		f->record = true;
	} else if (e->s2) {
		f->record = c->s2r;
	} else {
		f->record = c->cd_r;
		f->razwi = !c->cd_a;
	}
}

/* Bypass with an input size check (facts §7.7 F_ADDR_SIZE). */
static bool smmu_model_in_range_(uint64_t addr, unsigned int bits)
{
	return bits >= 64 || (addr >> bits) == 0;
}

static int smmu_model_addr_size_(struct smmu_model *m, uint32_t sid,
				 uint32_t ssid, uint64_t addr,
				 unsigned int acc, struct smmu_model_result *r)
{
	struct smmu_model_fault_ f;

	vsmmu_memset(&f, 0, sizeof(f));
	f.evt.id = SMMU_EVT_F_ADDR_SIZE;
	f.evt.class_ = SMMU_EVT_CLASS_IN;
	f.record = true;
	return smmu_model_terminate_(m, sid, ssid, addr, acc, &f, r);
}

int smmu_model_xlate_(struct smmu_model *m, uint32_t sid, uint32_t ssid,
		      uint64_t addr, unsigned int acc,
		      struct smmu_model_result *r)
{
	const struct smmu_model_cfg_ *c;
	struct smmu_model_cfg_ fresh;
	struct smmu_model_fault_ f;
	const struct smmu_model_tlbe_ *e;
	struct pgt_access pa;
	struct pgt_result res;
	int err;

	m->cnt.translations++;
	pa.type = (acc & SMMU_MODEL_ACC_WRITE) ? PGT_ACC_WRITE :
		  (acc & SMMU_MODEL_ACC_EXEC) ? PGT_ACC_EXEC : PGT_ACC_READ;
	pa.priv = (acc & SMMU_MODEL_ACC_PRIV) != 0;
	vsmmu_memset(&f, 0, sizeof(f));

	if (!(m->cr0ack & SMMU_CR0_SMMUEN)) {
		/* GBPA: abort, or bypass; above OAS aborts, no event. */
		if ((m->gbpa & SMMU_GBPA_ABORT) ||
		    !smmu_model_in_range_(addr, m->oas_bits))
			return smmu_model_terminate_(m, sid, ssid, addr, acc,
						     &f, r);
		r->pa = addr;
		r->size_log2 = 12;
		r->perm = 0;
		return 0;
	}

	c = smmu_model_cfgc_lookup_(m, sid, ssid);
	if (c) {
		m->cnt.cfg_hits++;
	} else {
		m->cnt.cfg_misses++;
		err = smmu_model_cfg_fetch_(m, sid, ssid, &fresh, &f);
		if (err == -VSMMU_ERR_FAULT)
			return smmu_model_terminate_(m, sid, ssid, addr, acc,
						     &f, r);
		if (err)
			return err;
		smmu_model_cfgc_insert_(m, &fresh);
		c = &fresh;
	}

	if (!c->s1 && !c->s2) {
		/* Full bypass: inputs above OAS fault at stage 1. */
		if (!smmu_model_in_range_(addr, m->oas_bits))
			return smmu_model_addr_size_(m, sid, ssid, addr, acc, r);
		r->pa = addr;
		r->size_log2 = 12;
		r->perm = 0;
		return 0;
	}
	/*
	 * Stage 1 bypassed in front of stage 2: inputs above IAS, which is
	 * at least 40 bits when AArch32 tables exist (facts §7.7, §3.8).
	 */
	if (!c->s1 && !smmu_model_in_range_(addr, smmu_model_ias_(m)))
		return smmu_model_addr_size_(m, sid, ssid, addr, acc, r);

	e = smmu_model_tlb_lookup_(m, c, addr);
	if (e && pgt_perm_allows(e->perm, pa)) {
		m->cnt.tlb_hits++;
		r->size_log2 = e->size_log2;
		r->perm = e->perm;
		r->pa = e->out | (addr & ((1ull << e->size_log2) - 1));
		return 0;
	}
	/* A miss, or a hit without the permission: walk for the fault. */
	m->cnt.tlb_misses++;
	m->cnt.walks++;
	if (c->s1 && c->s2)
		err = pgt_walk_nested(&c->s1c, &c->s2c, &m->pmem,
				      smmu_va(addr), pa, &res);
	else if (c->s1)
		err = pgt_walk_s1(&c->s1c, &m->pmem, smmu_va(addr), pa, &res);
	else
		err = pgt_walk_s2(&c->s2c, &m->pmem, smmu_ipa(addr), pa, &res);
	m->cnt.walk_reads += res.reads;
	if (err == -VSMMU_ERR_FAULT) {
		smmu_model_walk_fault_(c, &res.fault, &f);
		return smmu_model_terminate_(m, sid, ssid, addr, acc, &f, r);
	}
	if (err) {
		/* A configuration the walker refuses (checked at fetch,
		 * so not expected): abort as a bad CD/STE would. */
		f.evt.id = c->s1 ? SMMU_EVT_C_BAD_CD : SMMU_EVT_C_BAD_STE;
		f.record = true;
		return smmu_model_terminate_(m, sid, ssid, addr, acc, &f, r);
	}
	smmu_model_tlb_insert_(m, c, &res);
	r->pa = res.out;
	r->size_log2 = res.size_log2;
	r->perm = res.perm;
	return 0;
}
