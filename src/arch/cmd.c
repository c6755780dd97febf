// SPDX-License-Identifier: MIT
/*
 * Command queue entries (IHI 0070 §4, facts §5): one table of the fields
 * any command has, and one row per opcode naming the fields it carries.
 *
 * Decode is strict (IHI 0070 §4.1.5 lets an implementation check RES0
 * fields and answer CERROR_ILL): a bit that the facts sheet gives no field
 * for the opcode makes the command illegal. The exceptions are positions
 * the facts sheet could not confirm, which are ignored rather than
 * rejected so that a correct command is never refused on a guess:
 * PREFETCH_ADDR's Stride and NS (somewhere in dw1 11:5) and everything of
 * TLBI_EL3_VA beyond the fields it is assumed to share with TLBI_EL2_VAA.
 *
 * Fields whose meaning depends on another field (NUM and TTL are RES0
 * when TG = 0, §5.4) are decoded as they are and left to the consumer,
 * which ignores them in that case; only the combinations the facts sheet
 * calls reserved are rejected here.
 */
#include "vsmmu/env.h"
#include "vsmmu/arch.h"
#include "internal.h"

enum {
	CF_SSEC, CF_SSV, CF_SSID, CF_SID, CF_VMID, CF_ASID, CF_NUM, CF_SCALE,
	CF_GLOBAL, CF_ACTION, CF_CS, CF_MSH, CF_MSIATTR, CF_MSIDATA,
	CF_LEAF, CF_RANGE, CF_PSIZE, CF_TTL128, CF_TTL, CF_TG, CF_VA, CF_IPA,
	CF_ATC_SIZE, CF_PRGIDX, CF_RESP, CF_STAG, CF_MSIADDR,
	CF_COUNT_
};

#define V_(dw, m, f) SMMU_FV_(struct smmu_cmd, dw, m, f)
#define A_(dw, m, f) SMMU_FA_(struct smmu_cmd, dw, m, f)

/* Every command field of facts §5.2-5.4. */
static const struct smmu_fdesc_ smmu_cmd_fields_[CF_COUNT_] = {
	[CF_SSEC] = V_(0, SMMU_CMD0_SSEC, ssec),
	[CF_SSV] = V_(0, SMMU_CMD0_SSV, ssv),
	[CF_SSID] = V_(0, SMMU_CMD0_SSID, ssid),
	[CF_SID] = V_(0, SMMU_CMD0_SID, sid),
	[CF_VMID] = V_(0, SMMU_CMD0_VMID, vmid),
	[CF_ASID] = V_(0, SMMU_CMD0_ASID, asid),
	[CF_NUM] = V_(0, SMMU_CMD0_NUM, num),
	[CF_SCALE] = V_(0, SMMU_CMD0_SCALE, scale),
	[CF_GLOBAL] = V_(0, SMMU_CMD0_GLOBAL, global),
	[CF_ACTION] = V_(0, SMMU_CMD0_RESUME_ACTION, action),
	[CF_CS] = V_(0, SMMU_CMD0_SYNC_CS, cs),
	[CF_MSH] = V_(0, SMMU_CMD0_SYNC_MSH, msh),
	[CF_MSIATTR] = V_(0, SMMU_CMD0_SYNC_MSIATTR, msiattr),
	[CF_MSIDATA] = V_(0, SMMU_CMD0_SYNC_MSIDATA, msidata),
	[CF_LEAF] = V_(1, SMMU_CMD1_LEAF, leaf),
	[CF_RANGE] = V_(1, SMMU_CMD1_RANGE, range),
	[CF_PSIZE] = V_(1, SMMU_CMD1_PREFETCH_SIZE, size),
	[CF_TTL128] = V_(1, SMMU_CMD1_TTL128, ttl128),
	[CF_TTL] = V_(1, SMMU_CMD1_TTL, ttl),
	[CF_TG] = V_(1, SMMU_CMD1_TG, tg),
	[CF_VA] = A_(1, SMMU_CMD1_VA, addr),   /* also PREFETCH and ATC Addr */
	[CF_IPA] = A_(1, SMMU_CMD1_IPA, addr),
	[CF_ATC_SIZE] = V_(1, SMMU_CMD1_ATC_SIZE, size),
	[CF_PRGIDX] = V_(1, SMMU_CMD1_PRGIDX, prgidx),
	[CF_RESP] = V_(1, SMMU_CMD1_PRI_RESP, resp),
	[CF_STAG] = V_(1, SMMU_CMD1_STAG, stag),
	[CF_MSIADDR] = A_(1, SMMU_CMD1_MSIADDR, msiaddr),
};

#undef V_
#undef A_

#define B_(f) (1u << (f))

/* Field groups shared by several opcodes. */
#define STREAM_ (B_(CF_SSV) | B_(CF_SSID) | B_(CF_SID))
/*
 * The VA/IPA-based TLBIs (facts §5.3-5.4). TTL128 is given by §5.4 for
 * range invalidation in general, not only in the TLBI_NH_VA row, so it is
 * accepted on each of them.
 */
#define RANGE_ (B_(CF_NUM) | B_(CF_SCALE) | B_(CF_LEAF) | B_(CF_TTL128) | \
		B_(CF_TTL) | B_(CF_TG))

enum {
	CMDF_RANGE_TLBI_ = 1u << 0,   /* TG != 0 with NUM=SCALE=TTL=0 is ILL */
};

struct smmu_cmd_desc_ {
	uint8_t op;
	uint8_t flags;
	uint32_t fields;     /* B_(CF_*) */
	uint64_t ignore[2];  /* unconfirmed positions: neither read nor checked */
	const char *name;
};

/* Sorted by opcode: smmu_cmd_find_ searches it by halves. */
static const struct smmu_cmd_desc_ smmu_cmds_[] = {
	{ SMMU_CMD_PREFETCH_CONFIG, 0, B_(CF_SSEC) | STREAM_, { 0, 0 },
	  "CMD_PREFETCH_CONFIG" },
	/* Stride and NS have no confirmed position (facts §5.3) */
	{ SMMU_CMD_PREFETCH_ADDR, 0,
	  B_(CF_SSEC) | STREAM_ | B_(CF_PSIZE) | B_(CF_VA),
	  { 0, SMMU_GENMASK(11, 5) }, "CMD_PREFETCH_ADDR" },
	{ SMMU_CMD_CFGI_STE, 0, B_(CF_SSEC) | B_(CF_SID) | B_(CF_LEAF),
	  { 0, 0 }, "CMD_CFGI_STE" },
	{ SMMU_CMD_CFGI_STE_RANGE, 0, B_(CF_SSEC) | B_(CF_SID) | B_(CF_RANGE),
	  { 0, 0 }, "CMD_CFGI_STE_RANGE" },
	/* CFGI_CD has an SSID but no SSV (facts §5.3) */
	{ SMMU_CMD_CFGI_CD, 0,
	  B_(CF_SSEC) | B_(CF_SSID) | B_(CF_SID) | B_(CF_LEAF), { 0, 0 },
	  "CMD_CFGI_CD" },
	{ SMMU_CMD_CFGI_CD_ALL, 0, B_(CF_SSEC) | B_(CF_SID), { 0, 0 },
	  "CMD_CFGI_CD_ALL" },
	{ SMMU_CMD_CFGI_VMS_PIDM, 0, B_(CF_SSEC) | B_(CF_VMID), { 0, 0 },
	  "CMD_CFGI_VMS_PIDM" },
	{ SMMU_CMD_TLBI_NH_ALL, 0, B_(CF_VMID), { 0, 0 }, "CMD_TLBI_NH_ALL" },
	{ SMMU_CMD_TLBI_NH_ASID, 0, B_(CF_VMID) | B_(CF_ASID), { 0, 0 },
	  "CMD_TLBI_NH_ASID" },
	{ SMMU_CMD_TLBI_NH_VA, CMDF_RANGE_TLBI_,
	  RANGE_ | B_(CF_VMID) | B_(CF_ASID) | B_(CF_VA), { 0, 0 },
	  "CMD_TLBI_NH_VA" },
	{ SMMU_CMD_TLBI_NH_VAA, CMDF_RANGE_TLBI_,
	  RANGE_ | B_(CF_VMID) | B_(CF_VA), { 0, 0 }, "CMD_TLBI_NH_VAA" },
	{ SMMU_CMD_TLBI_EL3_ALL, 0, 0, { 0, 0 }, "CMD_TLBI_EL3_ALL" },
	/*
	 * TLBI_EL3_VA's layout is only assumed to be TLBI_EL2_VAA's
	 * (facts §5.3): decode those fields, ignore every other bit and do
	 * not apply the reserved-range check to unconfirmed positions.
	 */
	{ SMMU_CMD_TLBI_EL3_VA, 0, RANGE_ | B_(CF_VA),
	  { SMMU_GENMASK(63, 8), SMMU_GENMASK(63, 0) }, "CMD_TLBI_EL3_VA" },
	{ SMMU_CMD_TLBI_EL2_ALL, 0, 0, { 0, 0 }, "CMD_TLBI_EL2_ALL" },
	{ SMMU_CMD_TLBI_EL2_ASID, 0, B_(CF_ASID), { 0, 0 },
	  "CMD_TLBI_EL2_ASID" },
	{ SMMU_CMD_TLBI_EL2_VA, CMDF_RANGE_TLBI_,
	  RANGE_ | B_(CF_ASID) | B_(CF_VA), { 0, 0 }, "CMD_TLBI_EL2_VA" },
	{ SMMU_CMD_TLBI_EL2_VAA, CMDF_RANGE_TLBI_, RANGE_ | B_(CF_VA),
	  { 0, 0 }, "CMD_TLBI_EL2_VAA" },
	{ SMMU_CMD_TLBI_S12_VMALL, 0, B_(CF_VMID), { 0, 0 },
	  "CMD_TLBI_S12_VMALL" },
	{ SMMU_CMD_TLBI_S2_IPA, CMDF_RANGE_TLBI_,
	  RANGE_ | B_(CF_VMID) | B_(CF_IPA), { 0, 0 }, "CMD_TLBI_S2_IPA" },
	{ SMMU_CMD_TLBI_NSNH_ALL, 0, 0, { 0, 0 }, "CMD_TLBI_NSNH_ALL" },
	{ SMMU_CMD_ATC_INV, 0,
	  B_(CF_GLOBAL) | STREAM_ | B_(CF_ATC_SIZE) | B_(CF_VA), { 0, 0 },
	  "CMD_ATC_INV" },
	{ SMMU_CMD_PRI_RESP, 0, STREAM_ | B_(CF_PRGIDX) | B_(CF_RESP),
	  { 0, 0 }, "CMD_PRI_RESP" },
	{ SMMU_CMD_RESUME, 0,
	  B_(CF_SSEC) | B_(CF_ACTION) | B_(CF_SID) | B_(CF_STAG), { 0, 0 },
	  "CMD_RESUME" },
	{ SMMU_CMD_STALL_TERM, 0, B_(CF_SSEC) | B_(CF_SID), { 0, 0 },
	  "CMD_STALL_TERM" },
	{ SMMU_CMD_SYNC, 0,
	  B_(CF_CS) | B_(CF_MSH) | B_(CF_MSIATTR) | B_(CF_MSIDATA) |
	  B_(CF_MSIADDR), { 0, 0 }, "CMD_SYNC" },
};

/*
 * Every forwarded guest command is looked up here twice (decode, then
 * the physical encode), so the sorted table is searched by halves.
 */
static const struct smmu_cmd_desc_ *smmu_cmd_find_(uint8_t op)
{
	size_t lo = 0, hi = VSMMU_ARRAY_SIZE(smmu_cmds_);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (smmu_cmds_[mid].op == op)
			return &smmu_cmds_[mid];
		if (smmu_cmds_[mid].op < op)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *smmu_cmd_name(uint8_t op)
{
	const struct smmu_cmd_desc_ *d = smmu_cmd_find_(op);

	return d ? d->name : "CMD_RESERVED";
}

/* Reserved values of defined fields (facts §5.3-5.4). */
static bool smmu_cmd_reserved_value_(const struct smmu_cmd_desc_ *d,
				     const struct smmu_cmd *c)
{
	if (d->op == SMMU_CMD_SYNC && c->cs == 3u)
		return true;
	if (d->op == SMMU_CMD_PRI_RESP && c->resp == 3u)
		return true;
	if ((d->flags & CMDF_RANGE_TLBI_) && c->tg != SMMU_CMD_TG_ANY &&
	    c->num == 0 && c->scale == 0 && c->ttl == 0)
		return true;
	return false;
}

int smmu_cmd_decode(const uint64_t in[2], struct smmu_cmd *c)
{
	const struct smmu_cmd_desc_ *d;
	uint64_t used[2] = { SMMU_CMD0_OP, 0 };
	uint32_t bits;

	vsmmu_memset(c, 0, sizeof(*c));
	c->op = (uint8_t)smmu_field_get(SMMU_CMD0_OP, in[0]);
	d = smmu_cmd_find_(c->op);
	if (!d)
		return -VSMMU_ERR_ILL;
	used[0] |= d->ignore[0];
	used[1] |= d->ignore[1];
	/* One pass over the opcode's fields only (set bits of d->fields). */
	for (bits = d->fields; bits; bits &= bits - 1) {
		const struct smmu_fdesc_ *f =
			&smmu_cmd_fields_[vsmmu_ctz64(bits)];

		used[f->dw] |= f->mask;
		smmu_fget_(f, in, c);
	}
	if ((in[0] & ~used[0]) || (in[1] & ~used[1])) {
		/* Illegal: only the opcode is defined (arch.h). */
		vsmmu_memset(c, 0, sizeof(*c));
		c->op = d->op;
		return -VSMMU_ERR_ILL;
	}
	if (smmu_cmd_reserved_value_(d, c))
		return -VSMMU_ERR_ILL;
	return 0;
}

int smmu_cmd_encode(const struct smmu_cmd *c, uint64_t out[2])
{
	const struct smmu_cmd_desc_ *d = smmu_cmd_find_(c->op);
	uint32_t bits;
	int rc = 0;

	out[0] = 0;
	out[1] = 0;
	if (!d)
		return -VSMMU_ERR_ILL;
	out[0] = smmu_field_prep(SMMU_CMD0_OP, c->op);
	for (bits = d->fields; bits; bits &= bits - 1)
		if (!smmu_fput_(&smmu_cmd_fields_[vsmmu_ctz64(bits)], c, out))
			rc = -VSMMU_ERR_RANGE;
	return rc;
}
