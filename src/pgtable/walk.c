// SPDX-License-Identifier: MIT
/*
 * The table walk of one translation stage (Arm ARM D8.2-D8.3; facts §7.2,
 * §6.4). Stage 1, stage 2 and nested walks all go through
 * pgt_walk_stage_(); they differ in their geometry and in how a
 * descriptor is fetched.
 *
 * The loop runs at most four times (levels start..3) whatever the tables
 * contain, and reads exactly one descriptor per level.
 */
#include "vsmmu/env.h"
#include "vsmmu/pgtable.h"
#include "internal.h"

void pgt_result_init_(struct pgt_result *r, uint64_t in, struct pgt_access acc)
{
	vsmmu_memset(r, 0, sizeof(*r));
	r->in = in;
	r->fault.write = acc.type == PGT_ACC_WRITE;
	r->fault.exec = acc.type == PGT_ACC_EXEC;
	r->fault.priv = acc.priv;
}

int pgt_fault_(struct pgt_result *r, enum pgt_fault_type type,
	       unsigned int stage, unsigned int level)
{
	r->fault.type = type;
	r->fault.stage = (uint8_t)stage;
	r->fault.level = (uint8_t)level;
	r->fault.cls = PGT_CLASS_IN;
	return -VSMMU_ERR_FAULT;
}

int pgt_fetch_pa_(const struct pgt_fetch_ *f, uint64_t addr, uint64_t *desc,
		  struct pgt_result *r)
{
	uint64_t raw = 0;
	int err;

	r->reads++;
	err = f->mem->read(f->mem->ctx, smmu_pa(addr), &raw, sizeof(raw));
	if (err) {
		/*
		 * An external abort on a descriptor fetch: F_WALK_EABT with
		 * the fetch address (facts §6.2 FetchAddr). The caller fills
		 * in stage, level and class.
		 */
		r->fault.type = PGT_FAULT_WALK_EABT;
		r->fault.fetch_pa = smmu_pa(addr);
		r->fault.fetch_err = err < 0 ? err : -VSMMU_ERR_IO;
		return -VSMMU_ERR_FAULT;
	}
	*desc = vsmmu_le64_to_cpu(raw);
	return 0;
}

int pgt_walk_stage_(const struct pgt_geom_ *geo, const struct pgt_fetch_ *f,
		    uint64_t base, uint64_t in, unsigned int stage, bool had,
		    struct pgt_leaf_ *leaf, struct pgt_result *r)
{
	uint64_t table = base, tbl = 0, desc = 0, oa;
	unsigned int level, bits = geo->sbits, shift = 0;
	int ret;

	if (geo->start > 3u || !bits || bits > 63u)
		return pgt_fault_(r, PGT_FAULT_TRANSLATION, stage, 0);
	for (level = geo->start; level <= 3u; level++) {
		uint64_t idx;

		shift = pgt_shift_(geo->g, level);
		idx = (in >> shift) & ((1ull << bits) - 1u);
		ret = f->fetch(f, table + idx * 8u, &desc, r);
		if (ret) {
			if (r->fault.type == PGT_FAULT_WALK_EABT &&
			    r->fault.stage == 0) {
				/* our own read failed (not a nested S2 walk) */
				r->fault.stage = (uint8_t)stage;
				r->fault.level = (uint8_t)level;
				r->fault.cls = stage == 1u ? PGT_CLASS_TT :
							     PGT_CLASS_IN;
			}
			return ret;
		}
		bits = pgt_stride_(geo->g);

		if (!(desc & PGT_D_VALID))
			return pgt_fault_(r, PGT_FAULT_TRANSLATION, stage,
					  level);
		if (level == 3u) {
			/* 0b01 at level 3 is reserved: treated as invalid. */
			if (!(desc & PGT_D_TYPE))
				return pgt_fault_(r, PGT_FAULT_TRANSLATION,
						  stage, level);
			break;
		}
		if (!(desc & PGT_D_TYPE)) {
			if (!pgt_block_ok_(geo->g, level))
				return pgt_fault_(r, PGT_FAULT_TRANSLATION,
						  stage, level);
			break;
		}
		/* Table: next-level address is desc[47:g] (facts §7.2). */
		table = desc & PGT_GENMASK_(PGT_D_OA_TOP, geo->g);
		if (table >> geo->oa)
			return pgt_fault_(r, PGT_FAULT_ADDR_SIZE, stage, level);
		if (!had)
			tbl |= desc & (PGT_T_PXNTABLE | PGT_T_UXNTABLE |
				       PGT_T_AP_NOEL0 | PGT_T_AP_RO);
	}

	/* Block or page: OA is desc[47:shift] plus the input's low bits. */
	oa = desc & PGT_GENMASK_(PGT_D_OA_TOP, shift);
	if (oa >> geo->oa)
		return pgt_fault_(r, PGT_FAULT_ADDR_SIZE, stage, level);
	leaf->oa = oa | (in & ((1ull << shift) - 1u));
	leaf->desc = desc;
	leaf->tbl = tbl;
	leaf->level = level;
	leaf->size_log2 = shift;
	return 0;
}
