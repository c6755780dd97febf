// SPDX-License-Identifier: MIT
/*
 * Access permissions granted by a leaf, per privilege (facts §7.3, §7.4;
 * Arm ARM D8.4 "Memory access control").
 */
#include "vsmmu/env.h"
#include "vsmmu/pgtable.h"
#include "internal.h"

/*
 * Stage 1, a regime with two privilege levels (a CD of an NS-EL1 stream).
 * AP[2:1] (facts §7.3): AP[2] makes the page read-only at both levels,
 * AP[1] gives EL0 the same data access as EL1; privileged reads are always
 * allowed. The table restrictions collected on the way down (APTable,
 * PXNTable, UXNTable) only ever remove rights.
 *
 * Execute: PXN/UXN; WXN makes any writable page execute-never for the
 * privilege that can write it; and the Arm ARM makes every page that EL0
 * can write privileged-execute-never regardless of PXN. PAN removes
 * privileged data access to pages EL0 can access (AP[1] = 1); it does
 * not affect instruction fetches.
 */
unsigned int pgt_s1_perm_(const struct pgt_s1_cfg *c, const struct pgt_leaf_ *l)
{
	bool ro = (l->desc & PGT_S1_AP2) || (l->tbl & PGT_T_AP_RO);
	bool el0 = (l->desc & PGT_S1_AP1) && !(l->tbl & PGT_T_AP_NOEL0);
	bool pxn = (l->desc & PGT_S1_PXN) || (l->tbl & PGT_T_PXNTABLE);
	bool uxn = (l->desc & PGT_S1_UXN) || (l->tbl & PGT_T_UXNTABLE);
	bool pr = true, pw = !ro, ur = el0, uw = el0 && !ro;
	bool px, ux;

	ux = !uxn && !(c->wxn && uw);
	px = !pxn && !(c->wxn && pw) && !uw;
	if (c->pan && el0)
		pr = pw = false;
	return (pr ? PGT_PERM_PR : 0u) | (pw ? PGT_PERM_PW : 0u) |
	       (px ? PGT_PERM_PX : 0u) | (ur ? PGT_PERM_UR : 0u) |
	       (uw ? PGT_PERM_UW : 0u) | (ux ? PGT_PERM_UX : 0u);
}

/*
 * Stage 2 (facts §7.4): S2AP[0] read, S2AP[1] write, the same for both
 * privileges. XN[1] (bit 54) forbids execution; with IDR3.XNX, XN[0]
 * (bit 53) splits it by privilege: 01 not at EL1, 11 not at EL0.
 */
unsigned int pgt_s2_perm_(const struct pgt_s2_cfg *c, uint64_t desc)
{
	unsigned int p = 0, xn;

	if (desc & PGT_S2_AP_R)
		p |= PGT_PERM_PR | PGT_PERM_UR;
	if (desc & PGT_S2_AP_W)
		p |= PGT_PERM_PW | PGT_PERM_UW;
	xn = (desc & PGT_S2_XN1) ? 2u : 0u;
	if (c->xnx && (desc & PGT_S2_XN0))
		xn |= 1u;
	switch (xn) {
	case 0:
		p |= PGT_PERM_PX | PGT_PERM_UX;
		break;
	case 1:
		p |= PGT_PERM_UX;
		break;
	case 3:
		p |= PGT_PERM_PX;
		break;
	default:
		break;
	}
	return p;
}
