/* SPDX-License-Identifier: MIT */
/*
 * A recording mock of struct viommu_backend_ops (hosted test code).
 *
 * It plays one physical SMMU behind a vIOMMU domain and records every call
 * that reaches it, with its arguments, so a test can assert exactly what
 * the "hardware" was told:
 *
 *	struct viommu_mock m;
 *	unsigned int idx;
 *
 *	viommu_mock_init(&m, 7);		// VMID 7, default IDRs
 *	m.idr[5] &= ~SMMU_IDR5_GRAN16K;		// tweak what it advertises
 *	viommu_add_backend(d, &viommu_mock_ops, &m, &idx);
 *	...
 *	assert_int_equal(viommu_mock_count(&m, VMOCK_INV_ADD), 1);
 *	assert_int_equal(viommu_mock_nth(&m, VMOCK_INV_ADD, 0)->cmd.vmid, 7);
 *	assert_int_equal(viommu_mock_ste(&m, 0x42, NULL), VMOCK_STE_BYPASS);
 *	viommu_mock_fini(&m);
 *
 * Failure injection: viommu_mock_fail_call(&m, n, err) makes the n-th
 * counted call from now (1 = the next one) return err instead of doing
 * anything; the call is still recorded, with ret = err. get_idr and vmid
 * cannot fail and are not counted or recorded.
 */
#ifndef VIOMMU_MOCK_BACKEND_H
#define VIOMMU_MOCK_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "vsmmu/viommu.h"

enum viommu_mock_op {
	VMOCK_INSTALL_S1,
	VMOCK_SET_ABORT,
	VMOCK_SET_BYPASS,
	VMOCK_INV_ADD,
	VMOCK_INV_COMMIT,
	VMOCK_SYNC,
	VMOCK_NOPS
};

/* The configuration a pSID was last given successfully. */
enum viommu_mock_ste {
	VMOCK_STE_UNSET,	/* never configured through the mock */
	VMOCK_STE_S1,
	VMOCK_STE_ABORT,
	VMOCK_STE_BYPASS,
};

struct viommu_mock_call {
	enum viommu_mock_op op;
	uint32_t psid;			/* INSTALL_S1, SET_ABORT, SET_BYPASS */
	struct psmmu_s1_cfg s1;		/* INSTALL_S1 */
	struct smmu_cmd cmd;		/* INV_ADD */
	/*
	 * INV_ADD: the number of INV_COMMITs before it (so commands of one
	 * physical batch share it); INV_COMMIT: its own 0-based number.
	 */
	unsigned int batch;
	int ret;			/* what the mock returned */
};

struct viommu_mock {
	/* What get_idr and vmid answer; change them freely. */
	uint32_t idr[6];
	uint32_t iidr, aidr;
	uint16_t vmid;

	/* Recorded calls, in order. */
	struct viommu_mock_call *calls;
	size_t ncalls, cap;
	unsigned int commits;		/* successful or not */
	unsigned int pending;		/* INV_ADDs since the last commit */

	/* Failure injection (see above). */
	unsigned long counted;		/* counted calls so far */
	unsigned long fail_at;		/* 0: never */
	int fail_err;
};

extern const struct viommu_backend_ops viommu_mock_ops;

/*
 * A nesting-capable SMMU like the model's default: S1P, S2P, AArch64 LE
 * tables, 2-level stream table and CDs, ASID16, VMID16, MSI, SEV, Hyp,
 * COHACC, no stall, 16-bit SIDs, 20-bit SSIDs, RIL, HAD, XNX, BBML 0,
 * 4K/16K/64K granules, OAS 48, IIDR Arm MMU-700, AIDR v3.2.
 */
void viommu_mock_default_idrs(uint32_t idr[6], uint32_t *iidr, uint32_t *aidr);

void viommu_mock_init(struct viommu_mock *m, uint16_t vmid);
void viommu_mock_fini(struct viommu_mock *m);
/* Forget the recorded calls (configuration and pSID states are lost). */
void viommu_mock_clear(struct viommu_mock *m);

void viommu_mock_fail_call(struct viommu_mock *m, unsigned long nth, int err);

size_t viommu_mock_count(const struct viommu_mock *m, enum viommu_mock_op op);
/* The n-th (0-based) recorded call of op, or NULL. */
const struct viommu_mock_call *viommu_mock_nth(const struct viommu_mock *m,
					       enum viommu_mock_op op,
					       size_t n);
/* Last successful configuration of psid; *s1 filled for VMOCK_STE_S1. */
enum viommu_mock_ste viommu_mock_ste(const struct viommu_mock *m,
				     uint32_t psid, struct psmmu_s1_cfg *s1);
const char *viommu_mock_op_name(enum viommu_mock_op op);

#endif /* VIOMMU_MOCK_BACKEND_H */
