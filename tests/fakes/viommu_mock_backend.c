// SPDX-License-Identifier: MIT
/* The recording mock backend: see viommu_mock_backend.h. */
#include <stdlib.h>
#include <string.h>

#include "fakes/viommu_mock_backend.h"

static struct viommu_mock_call *mock_rec(struct viommu_mock *m,
					 enum viommu_mock_op op)
{
	struct viommu_mock_call *c;

	if (m->ncalls == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		void *n = realloc(m->calls, cap * sizeof(*m->calls));

		if (!n)
			abort();	/* test code: out of memory is fatal */
		m->calls = n;
		m->cap = cap;
	}
	c = &m->calls[m->ncalls++];
	memset(c, 0, sizeof(*c));
	c->op = op;
	return c;
}

/* Count a call and say whether it must fail. */
static int mock_fail(struct viommu_mock *m)
{
	m->counted++;
	if (m->fail_at && m->counted == m->fail_at) {
		m->fail_at = 0;
		return m->fail_err;
	}
	return 0;
}

static int mock_install_s1(void *bctx, uint32_t psid,
			   const struct psmmu_s1_cfg *s1)
{
	struct viommu_mock *m = bctx;
	struct viommu_mock_call *c = mock_rec(m, VMOCK_INSTALL_S1);

	c->psid = psid;
	if (s1)
		c->s1 = *s1;
	return c->ret = mock_fail(m);
}

static int mock_set_abort(void *bctx, uint32_t psid)
{
	struct viommu_mock *m = bctx;
	struct viommu_mock_call *c = mock_rec(m, VMOCK_SET_ABORT);

	c->psid = psid;
	return c->ret = mock_fail(m);
}

static int mock_set_bypass(void *bctx, uint32_t psid)
{
	struct viommu_mock *m = bctx;
	struct viommu_mock_call *c = mock_rec(m, VMOCK_SET_BYPASS);

	c->psid = psid;
	return c->ret = mock_fail(m);
}

static int mock_inv_add(void *bctx, const struct smmu_cmd *pcmd)
{
	struct viommu_mock *m = bctx;
	struct viommu_mock_call *c = mock_rec(m, VMOCK_INV_ADD);

	c->cmd = *pcmd;
	c->batch = m->commits;
	m->pending++;
	return c->ret = mock_fail(m);
}

static int mock_inv_commit(void *bctx)
{
	struct viommu_mock *m = bctx;
	struct viommu_mock_call *c = mock_rec(m, VMOCK_INV_COMMIT);

	c->batch = m->commits++;
	m->pending = 0;
	return c->ret = mock_fail(m);
}

static int mock_sync(void *bctx)
{
	struct viommu_mock *m = bctx;
	struct viommu_mock_call *c = mock_rec(m, VMOCK_SYNC);

	return c->ret = mock_fail(m);
}

static void mock_get_idr(void *bctx, uint32_t idr[6], uint32_t *iidr,
			 uint32_t *aidr)
{
	struct viommu_mock *m = bctx;

	memcpy(idr, m->idr, sizeof(m->idr));
	*iidr = m->iidr;
	*aidr = m->aidr;
}

static uint16_t mock_vmid(void *bctx)
{
	return ((struct viommu_mock *)bctx)->vmid;
}

const struct viommu_backend_ops viommu_mock_ops = {
	.install_s1 = mock_install_s1,
	.set_abort = mock_set_abort,
	.set_bypass = mock_set_bypass,
	.inv_add = mock_inv_add,
	.inv_commit = mock_inv_commit,
	.sync = mock_sync,
	.get_idr = mock_get_idr,
	.vmid = mock_vmid,
};

void viommu_mock_default_idrs(uint32_t idr[6], uint32_t *iidr, uint32_t *aidr)
{
	memset(idr, 0, 6 * sizeof(*idr));
	idr[0] = (uint32_t)(SMMU_IDR0_S2P | SMMU_IDR0_S1P |
		 smmu_field_prep(SMMU_IDR0_TTF, SMMU_IDR0_TTF_AA64) |
		 SMMU_IDR0_COHACC | SMMU_IDR0_HYP | SMMU_IDR0_ASID16 |
		 SMMU_IDR0_MSI | SMMU_IDR0_SEV | SMMU_IDR0_VMID16 |
		 SMMU_IDR0_CD2L |
		 smmu_field_prep(SMMU_IDR0_TTENDIAN, SMMU_IDR0_TTENDIAN_LE) |
		 smmu_field_prep(SMMU_IDR0_STALL_MODEL,
				 SMMU_IDR0_STALL_MODEL_NOSTALL) |
		 smmu_field_prep(SMMU_IDR0_ST_LEVEL, SMMU_IDR0_ST_LEVEL_2LVL));
	idr[1] = (uint32_t)(smmu_field_prep(SMMU_IDR1_SIDSIZE, 16) |
		 smmu_field_prep(SMMU_IDR1_SSIDSIZE, 20) |
		 smmu_field_prep(SMMU_IDR1_EVENTQS, 19) |
		 smmu_field_prep(SMMU_IDR1_CMDQS, 19));
	idr[3] = (uint32_t)(SMMU_IDR3_HAD | SMMU_IDR3_XNX | SMMU_IDR3_RIL);
	idr[5] = (uint32_t)(smmu_field_prep(SMMU_IDR5_OAS, SMMU_OAS_48) |
		 SMMU_IDR5_GRAN4K | SMMU_IDR5_GRAN16K | SMMU_IDR5_GRAN64K);
	*iidr = (uint32_t)(smmu_field_prep(SMMU_IIDR_PRODUCTID,
					   SMMU_IIDR_PRODUCTID_MMU700) |
		 smmu_field_prep(SMMU_IIDR_IMPLEMENTER,
				 SMMU_IIDR_IMPLEMENTER_ARM));
	*aidr = 0x02;
}

void viommu_mock_init(struct viommu_mock *m, uint16_t vmid)
{
	memset(m, 0, sizeof(*m));
	viommu_mock_default_idrs(m->idr, &m->iidr, &m->aidr);
	m->vmid = vmid;
	m->fail_err = -VSMMU_ERR_HW;
}

void viommu_mock_fini(struct viommu_mock *m)
{
	free(m->calls);
	m->calls = NULL;
	m->ncalls = m->cap = 0;
}

void viommu_mock_clear(struct viommu_mock *m)
{
	m->ncalls = 0;
}

void viommu_mock_fail_call(struct viommu_mock *m, unsigned long nth, int err)
{
	m->fail_at = nth ? m->counted + nth : 0;
	m->fail_err = err;
}

size_t viommu_mock_count(const struct viommu_mock *m, enum viommu_mock_op op)
{
	size_t n = 0;

	for (size_t i = 0; i < m->ncalls; i++)
		n += m->calls[i].op == op;
	return n;
}

const struct viommu_mock_call *viommu_mock_nth(const struct viommu_mock *m,
					       enum viommu_mock_op op,
					       size_t n)
{
	for (size_t i = 0; i < m->ncalls; i++)
		if (m->calls[i].op == op && n-- == 0)
			return &m->calls[i];
	return NULL;
}

enum viommu_mock_ste viommu_mock_ste(const struct viommu_mock *m,
				     uint32_t psid, struct psmmu_s1_cfg *s1)
{
	for (size_t i = m->ncalls; i-- > 0;) {
		const struct viommu_mock_call *c = &m->calls[i];

		if (c->ret || c->psid != psid)
			continue;
		switch (c->op) {
		case VMOCK_INSTALL_S1:
			if (s1)
				*s1 = c->s1;
			return VMOCK_STE_S1;
		case VMOCK_SET_ABORT:
			return VMOCK_STE_ABORT;
		case VMOCK_SET_BYPASS:
			return VMOCK_STE_BYPASS;
		default:
			break;
		}
	}
	return VMOCK_STE_UNSET;
}

const char *viommu_mock_op_name(enum viommu_mock_op op)
{
	static const char *const names[VMOCK_NOPS] = {
		"install_s1", "set_abort", "set_bypass",
		"inv_add", "inv_commit", "sync",
	};

	return (unsigned int)op < VMOCK_NOPS ? names[op] : "?";
}
