// SPDX-License-Identifier: MIT
/*
 * Command queue entries (IHI 0070 §4, facts §5): one list of the fields
 * any command has, and one list of the opcodes naming the fields each
 * carries. Both lists are X-macros, and the decoder, the encoder and the
 * names are generated from them at compile time: every opcode is one case
 * of a switch whose RES0 masks and field shifts are constants. That keeps
 * the codec exactly as strict as the lists say and takes it off the
 * profile of the command path (every forwarded guest command is decoded;
 * docs/bench.md, row 2).
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

/*
 * Every command field of facts §5.2-5.4:
 * X(a, b, NAME, dword, mask, struct smmu_cmd member, kind), kind V for a
 * value (stored shifted down to bit 0 of the member) or A for a byte
 * address (bits kept in place). a and b are passed through to X.
 */
#define CMD_FIELDS_(X, a, b) \
	X(a, b, SSEC, 0, SMMU_CMD0_SSEC, ssec, V) \
	X(a, b, SSV, 0, SMMU_CMD0_SSV, ssv, V) \
	X(a, b, SSID, 0, SMMU_CMD0_SSID, ssid, V) \
	X(a, b, SID, 0, SMMU_CMD0_SID, sid, V) \
	X(a, b, VMID, 0, SMMU_CMD0_VMID, vmid, V) \
	X(a, b, ASID, 0, SMMU_CMD0_ASID, asid, V) \
	X(a, b, NUM, 0, SMMU_CMD0_NUM, num, V) \
	X(a, b, SCALE, 0, SMMU_CMD0_SCALE, scale, V) \
	X(a, b, GLOBAL, 0, SMMU_CMD0_GLOBAL, global, V) \
	X(a, b, ACTION, 0, SMMU_CMD0_RESUME_ACTION, action, V) \
	X(a, b, CS, 0, SMMU_CMD0_SYNC_CS, cs, V) \
	X(a, b, MSH, 0, SMMU_CMD0_SYNC_MSH, msh, V) \
	X(a, b, MSIATTR, 0, SMMU_CMD0_SYNC_MSIATTR, msiattr, V) \
	X(a, b, MSIDATA, 0, SMMU_CMD0_SYNC_MSIDATA, msidata, V) \
	X(a, b, LEAF, 1, SMMU_CMD1_LEAF, leaf, V) \
	X(a, b, RANGE, 1, SMMU_CMD1_RANGE, range, V) \
	X(a, b, PSIZE, 1, SMMU_CMD1_PREFETCH_SIZE, size, V) \
	X(a, b, TTL128, 1, SMMU_CMD1_TTL128, ttl128, V) \
	X(a, b, TTL, 1, SMMU_CMD1_TTL, ttl, V) \
	X(a, b, TG, 1, SMMU_CMD1_TG, tg, V) \
	/* VA is also PREFETCH_ADDR's and ATC_INV's Addr */ \
	X(a, b, VA, 1, SMMU_CMD1_VA, addr, A) \
	X(a, b, IPA, 1, SMMU_CMD1_IPA, addr, A) \
	X(a, b, ATC_SIZE, 1, SMMU_CMD1_ATC_SIZE, size, V) \
	X(a, b, PRGIDX, 1, SMMU_CMD1_PRGIDX, prgidx, V) \
	X(a, b, RESP, 1, SMMU_CMD1_PRI_RESP, resp, V) \
	X(a, b, STAG, 1, SMMU_CMD1_STAG, stag, V) \
	X(a, b, MSIADDR, 1, SMMU_CMD1_MSIADDR, msiaddr, A)

#define CF_ENUM_(a, b, n, dw, m, mem, k) CF_##n,
enum { CMD_FIELDS_(CF_ENUM_, 0, 0) CF_COUNT_ };
#undef CF_ENUM_

#define B_(f) (1u << (f))
_Static_assert(CF_COUNT_ <= 32, "a field set is a uint32_t");

/*
 * The struct member of each field can hold it (what _Generic gives the
 * table-driven codecs of internal.h): a value field's maximum fits the
 * member's type, an address field is a uint64_t.
 */
#define CF_MAX_(mem) _Generic(((struct smmu_cmd *)0)->mem, \
	bool: 1ull, uint8_t: 0xffull, uint16_t: 0xffffull, \
	uint32_t: 0xffffffffull, uint64_t: ~0ull)
#define CF_FITS_V_(m, mem) ((m) / ((m) & -(m)) <= CF_MAX_(mem))
#define CF_FITS_A_(m, mem) (CF_MAX_(mem) == ~0ull)
#define CF_FITS_(a, b, n, dw, m, mem, k) \
	_Static_assert(CF_FITS_##k##_(m, mem), \
		       "command field " #n " does not fit its member");
CMD_FIELDS_(CF_FITS_, 0, 0)
#undef CF_FITS_

/*
 * The bits of dword d that the fields in set fl occupy: a constant
 * expression, so each opcode's RES0 check is two ANDs with constants.
 */
#define CF_MASK_(fl, d, n, dw, m, mem, k) \
	| ((((fl) & B_(CF_##n)) && (dw) == (d)) ? (m) : 0ull)
#define CMD_MASK_(fl, d) (0ull CMD_FIELDS_(CF_MASK_, fl, d))

/* Field groups shared by several opcodes. */
#define STREAM_ (B_(CF_SSV) | B_(CF_SSID) | B_(CF_SID))
/*
 * The VA/IPA-based TLBIs (facts §5.3-5.4). TTL128 is given by §5.4 for
 * range invalidation in general, not only in the TLBI_NH_VA row, so it is
 * accepted on each of them.
 */
#define RANGE_ (B_(CF_NUM) | B_(CF_SCALE) | B_(CF_LEAF) | B_(CF_TTL128) | \
		B_(CF_TTL) | B_(CF_TG))

/* Reserved values of defined fields (facts §5.3-5.4). */
enum {
	CMDF_RANGE_TLBI_ = 1u << 0,   /* TG != 0 with NUM=SCALE=TTL=0 is ILL */
	CMDF_CS_ = 1u << 1,           /* CMD_SYNC CS = 0b11 is ILL */
	CMDF_RESP_ = 1u << 2,         /* PRI_RESP Resp = 0b11 is ILL */
};

/*
 * Every opcode of facts §5.1 that we know:
 * X(a, b, NAME, flags, fields, ignore dw0, ignore dw1). The ignore masks
 * are the unconfirmed positions, neither decoded nor checked:
 *  - PREFETCH_ADDR: Stride and NS have no confirmed position (§5.3);
 *  - CFGI_CD has an SSID but no SSV (§5.3), so it lists the two alone;
 *  - TLBI_EL3_VA's layout is only assumed to be TLBI_EL2_VAA's (§5.3):
 *    those fields are decoded, every other bit is ignored and the
 *    reserved-range check is not applied to unconfirmed positions.
 */
#define CMD_OPS_(X, a, b) \
	X(a, b, PREFETCH_CONFIG, 0, B_(CF_SSEC) | STREAM_, 0, 0) \
	X(a, b, PREFETCH_ADDR, 0, \
	  B_(CF_SSEC) | STREAM_ | B_(CF_PSIZE) | B_(CF_VA), \
	  0, SMMU_GENMASK(11, 5)) \
	X(a, b, CFGI_STE, 0, B_(CF_SSEC) | B_(CF_SID) | B_(CF_LEAF), 0, 0) \
	X(a, b, CFGI_STE_RANGE, 0, \
	  B_(CF_SSEC) | B_(CF_SID) | B_(CF_RANGE), 0, 0) \
	X(a, b, CFGI_CD, 0, \
	  B_(CF_SSEC) | B_(CF_SSID) | B_(CF_SID) | B_(CF_LEAF), 0, 0) \
	X(a, b, CFGI_CD_ALL, 0, B_(CF_SSEC) | B_(CF_SID), 0, 0) \
	X(a, b, CFGI_VMS_PIDM, 0, B_(CF_SSEC) | B_(CF_VMID), 0, 0) \
	X(a, b, TLBI_NH_ALL, 0, B_(CF_VMID), 0, 0) \
	X(a, b, TLBI_NH_ASID, 0, B_(CF_VMID) | B_(CF_ASID), 0, 0) \
	X(a, b, TLBI_NH_VA, CMDF_RANGE_TLBI_, \
	  RANGE_ | B_(CF_VMID) | B_(CF_ASID) | B_(CF_VA), 0, 0) \
	X(a, b, TLBI_NH_VAA, CMDF_RANGE_TLBI_, \
	  RANGE_ | B_(CF_VMID) | B_(CF_VA), 0, 0) \
	X(a, b, TLBI_EL3_ALL, 0, 0, 0, 0) \
	X(a, b, TLBI_EL3_VA, 0, RANGE_ | B_(CF_VA), \
	  SMMU_GENMASK(63, 8), SMMU_GENMASK(63, 0)) \
	X(a, b, TLBI_EL2_ALL, 0, 0, 0, 0) \
	X(a, b, TLBI_EL2_ASID, 0, B_(CF_ASID), 0, 0) \
	X(a, b, TLBI_EL2_VA, CMDF_RANGE_TLBI_, \
	  RANGE_ | B_(CF_ASID) | B_(CF_VA), 0, 0) \
	X(a, b, TLBI_EL2_VAA, CMDF_RANGE_TLBI_, RANGE_ | B_(CF_VA), 0, 0) \
	X(a, b, TLBI_S12_VMALL, 0, B_(CF_VMID), 0, 0) \
	X(a, b, TLBI_S2_IPA, CMDF_RANGE_TLBI_, \
	  RANGE_ | B_(CF_VMID) | B_(CF_IPA), 0, 0) \
	X(a, b, TLBI_NSNH_ALL, 0, 0, 0, 0) \
	X(a, b, ATC_INV, 0, \
	  B_(CF_GLOBAL) | STREAM_ | B_(CF_ATC_SIZE) | B_(CF_VA), 0, 0) \
	X(a, b, PRI_RESP, CMDF_RESP_, \
	  STREAM_ | B_(CF_PRGIDX) | B_(CF_RESP), 0, 0) \
	X(a, b, RESUME, 0, \
	  B_(CF_SSEC) | B_(CF_ACTION) | B_(CF_SID) | B_(CF_STAG), 0, 0) \
	X(a, b, STALL_TERM, 0, B_(CF_SSEC) | B_(CF_SID), 0, 0) \
	X(a, b, SYNC, CMDF_CS_, \
	  B_(CF_CS) | B_(CF_MSH) | B_(CF_MSIATTR) | B_(CF_MSIDATA) | \
	  B_(CF_MSIADDR), 0, 0)

const char *smmu_cmd_name(uint8_t op)
{
	switch (op) {
#define NAME_(a, b, n, flags, fl, ig0, ig1) \
	case SMMU_CMD_##n: \
		return "CMD_" #n;
	CMD_OPS_(NAME_, 0, 0)
#undef NAME_
	default:
		return "CMD_RESERVED";
	}
}

/*
 * Reserved values of defined fields (facts §5.3-5.4), read straight from
 * the words so that smmu_cmd_check and smmu_cmd_decode share the rule.
 */
static inline bool smmu_cmd_reserved_value_(unsigned int flags,
					    const uint64_t in[2])
{
	if ((flags & CMDF_CS_) &&
	    smmu_field_get(SMMU_CMD0_SYNC_CS, in[0]) == 3u)
		return true;
	if ((flags & CMDF_RESP_) &&
	    smmu_field_get(SMMU_CMD1_PRI_RESP, in[1]) == 3u)
		return true;
	if ((flags & CMDF_RANGE_TLBI_) && (in[1] & SMMU_CMD1_TG) &&
	    !(in[0] & (SMMU_CMD0_NUM | SMMU_CMD0_SCALE)) &&
	    !(in[1] & SMMU_CMD1_TTL))
		return true;
	return false;
}

/* A bit outside the opcode's fields and unconfirmed positions (RES0). */
#define CMD_RES0_(in, fl, ig0, ig1) \
	(((in)[0] & ~(SMMU_CMD0_OP | (ig0) | CMD_MASK_(fl, 0))) | \
	 ((in)[1] & ~((ig1) | CMD_MASK_(fl, 1))))

int smmu_cmd_check(const uint64_t in[2])
{
	switch ((uint8_t)smmu_field_get(SMMU_CMD0_OP, in[0])) {
#define CHK_(a, b, n, flags, fl, ig0, ig1) \
	case SMMU_CMD_##n: \
		if (CMD_RES0_(in, fl, ig0, ig1) || \
		    smmu_cmd_reserved_value_(flags, in)) \
			return -VSMMU_ERR_ILL; \
		return 0;
	CMD_OPS_(CHK_, 0, 0)
#undef CHK_
	default:
		return -VSMMU_ERR_ILL;
	}
}

/* Decode field n of set fl from w[] into c (constant fl: no code for the
 * fields the opcode does not have). */
#define CF_GET_V_(m, x) smmu_field_get((m), (x))
#define CF_GET_A_(m, x) ((x) & (m))
#define CF_GET_(fl, w, n, dw, m, mem, k) \
	if ((fl) & B_(CF_##n)) \
		c->mem = CF_GET_##k##_(m, (w)[dw]);

int smmu_cmd_decode(const uint64_t in[2], struct smmu_cmd *c)
{
	uint8_t op = (uint8_t)smmu_field_get(SMMU_CMD0_OP, in[0]);

	/* On -VSMMU_ERR_ILL only the opcode is defined (arch.h). */
	vsmmu_memset(c, 0, sizeof(*c));
	c->op = op;
	switch (op) {
#define DEC_(a, b, n, flags, fl, ig0, ig1) \
	case SMMU_CMD_##n: \
		if (CMD_RES0_(in, fl, ig0, ig1)) \
			return -VSMMU_ERR_ILL; \
		CMD_FIELDS_(CF_GET_, fl, in) \
		return smmu_cmd_reserved_value_(flags, in) ? -VSMMU_ERR_ILL : 0;
	CMD_OPS_(DEC_, 0, 0)
#undef DEC_
	default:
		return -VSMMU_ERR_ILL;
	}
}

/*
 * OR x into field m of *w; false when it does not fit (a value above the
 * field's maximum, or an address with bits outside the mask). The fitting
 * bits are written either way.
 */
static inline bool smmu_cmd_put_v_(uint64_t *w, uint64_t m, uint64_t x)
{
	*w |= smmu_field_prep(m, x);
	return x <= smmu_field_get(m, m);
}

static inline bool smmu_cmd_put_a_(uint64_t *w, uint64_t m, uint64_t x)
{
	*w |= x & m;
	return (x & ~m) == 0;
}

#define CF_PUT_V_ smmu_cmd_put_v_
#define CF_PUT_A_ smmu_cmd_put_a_
#define CF_PUT_(fl, w, n, dw, m, mem, k) \
	if ((fl) & B_(CF_##n)) \
		ok &= CF_PUT_##k##_(&(w)[dw], (m), (uint64_t)c->mem);

int smmu_cmd_encode(const struct smmu_cmd *c, uint64_t out[2])
{
	uint64_t w[2] = { smmu_field_prep(SMMU_CMD0_OP, c->op), 0 };
	bool ok = true;

	switch (c->op) {
#define ENC_(a, b, n, flags, fl, ig0, ig1) \
	case SMMU_CMD_##n: \
		CMD_FIELDS_(CF_PUT_, fl, w) \
		break;
	CMD_OPS_(ENC_, 0, 0)
#undef ENC_
	default:
		out[0] = 0;
		out[1] = 0;
		return -VSMMU_ERR_ILL;
	}
	out[0] = w[0];
	out[1] = w[1];
	return ok ? 0 : -VSMMU_ERR_RANGE;
}
