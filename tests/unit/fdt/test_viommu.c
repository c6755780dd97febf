// SPDX-License-Identifier: MIT
/*
 * Tests of src/fdt/viommu.c: the vIOMMU framework as the allocator of a
 * guest build and of the hardware domain's identity maps.
 */
#include "vfdt_test.h"
#include "vsmmu/arch.h"
#include "vsmmu/viommu.h"

static int vt_bctx[VFDT_VIOMMU_MAX];

static void *vt_valloc(void *ctx, size_t size)
{
	(void)ctx;
	return calloc(1, size);
}

static void vt_vfree(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

static int vt_allow(void *ctx, enum viommu_acl_op op, uint32_t domid,
		    uint32_t arg)
{
	(void)ctx;
	(void)op;
	(void)domid;
	(void)arg;
	return 0;
}

static int vt_s1(void *b, uint32_t psid, const struct psmmu_s1_cfg *s1)
{
	(void)b;
	(void)psid;
	(void)s1;
	return 0;
}

static int vt_sid(void *b, uint32_t psid)
{
	(void)b;
	(void)psid;
	return 0;
}

static int vt_inv(void *b, const struct smmu_cmd *c)
{
	(void)b;
	(void)c;
	return 0;
}

static int vt_none(void *b)
{
	(void)b;
	return 0;
}

static void vt_idr(void *b, uint32_t idr[6], uint32_t *iidr, uint32_t *aidr)
{
	(void)b;
	memset(idr, 0, 6 * sizeof(*idr));
	idr[0] = (uint32_t)(SMMU_IDR0_S1P | SMMU_IDR0_S2P |
			    smmu_field_prep(SMMU_IDR0_TTF, SMMU_IDR0_TTF_AA64));
	idr[5] = (uint32_t)SMMU_IDR5_GRAN4K;
	*iidr = 0;
	*aidr = 0;
}

static uint16_t vt_vmid(void *b)
{
	(void)b;
	return 3;
}

static const struct viommu_host_ops vt_hops = {
	.alloc = vt_valloc,
	.free = vt_vfree,
	.access_check = vt_allow,
};

static const struct viommu_backend_ops vt_bops = {
	.install_s1 = vt_s1,
	.set_abort = vt_sid,
	.set_bypass = vt_sid,
	.inv_add = vt_inv,
	.inv_commit = vt_none,
	.sync = vt_none,
	.get_idr = vt_idr,
	.vmid = vt_vmid,
};

static struct viommu_dom *vt_dom(bool identity)
{
	struct viommu_cfg cfg = {.type = VIOMMU_TYPE_SMMUV3,
				 .identity = identity};
	struct viommu_dom *d = NULL;

	assert_int_equal(viommu_dom_create(&cfg, &vt_hops, NULL, 1, &d), 0);
	return d;
}

/* A guest over two SMMUs with the same pSID: the framework's map. */
static void test_guest(void **state)
{
	struct vt_host t;
	size_t hl, pl;
	void *host = vt_load("two-smmus-host.dtb", &hl);
	void *pt = vt_load("two-smmus-pt.dtb", &pl);
	char *text = vt_example_text("two-smmus/guest.cfg");
	struct vfdt_domain_cfg cfg;
	struct vfdt_viommu v = {0};
	struct vfdt_vsid_ops ops;
	struct vfdt_vsid_ent ents[VT_MAP];
	struct vfdt_guest_out res = {.map = {ents, VT_MAP, 0}};
	void *out = calloc(1, VT_BUF);
	char err[256];
	unsigned int i, idx;
	uint32_t psid;

	(void)state;
	assert_int_equal(vt_host_read(host, hl, &t, NULL, 0), 0);
	vfdt_cfg_init(&cfg);
	assert_int_equal(
		vfdt_cfg_parse(text, strlen(text), &cfg, err, sizeof(err)), 0);
	v.dom = vt_dom(false);
	/* backends in the reverse order: indexes need not be the host's */
	for (i = 0; i < 2; i++)
		assert_int_equal(viommu_add_backend(v.dom, &vt_bops,
						    &vt_bctx[i],
						    &v.backend[1 - i]),
				 0);
	vfdt_viommu_ops(&v, &ops);
	struct vfdt_guest_in in = {host, hl, &t.h, &cfg, pt, pl, &ops};

	assert_int_equal(
		vfdt_guest_build(&in, out, VT_BUF, &res, err, sizeof(err)), 0);
	assert_int_equal(res.map.n, 4);
	assert_int_equal(viommu_vsid_count(v.dom), 4);
	for (i = 0; i < res.map.n; i++) {
		assert_int_equal(
			viommu_vsid_lookup(v.dom, ents[i].vsid, &idx, &psid),
			0);
		assert_int_equal(idx, v.backend[ents[i].smmu]);
		assert_int_equal(psid, ents[i].psid);
	}
	assert_int_not_equal(ents[0].vsid, ents[1].vsid);
	vt_cells(out, "/passthrough/dma@e7400000", "iommus", 2, 65001,
		 ents[1].vsid);

	/* a second build of the same domain: the pSIDs are mapped already */
	assert_int_equal(
		vfdt_guest_build(&in, out, VT_BUF, &res, err, sizeof(err)),
		-VSMMU_ERR_EXIST);
	vt_err_has(err, "/soc/dma@e7300000");
	/* a failure part way gives back what this build allocated */
	viommu_dom_destroy(v.dom);
	v.dom = vt_dom(false);
	for (i = 0; i < 2; i++)
		assert_int_equal(viommu_add_backend(v.dom, &vt_bops,
						    &vt_bctx[i], &v.backend[i]),
				 0);
	assert_int_equal(viommu_vsid_alloc(v.dom, v.backend[1], 0x12, 1, &psid),
			 0);
	assert_int_equal(
		vfdt_guest_build(&in, out, VT_BUF, &res, err, sizeof(err)),
		-VSMMU_ERR_EXIST);
	vt_err_has(err, "/soc/dma@e7410000");
	assert_int_equal(viommu_vsid_count(v.dom), 1);
	/* no domain: NOENT */
	viommu_dom_destroy(v.dom);
	v.dom = NULL;
	assert_int_equal(
		vfdt_guest_build(&in, out, VT_BUF, &res, err, sizeof(err)),
		-VSMMU_ERR_NOENT);
	free(out);
	free(text);
	free(host);
	free(pt);
}

/* The hardware domain: one identity domain per SMMU. */
static void test_hwdom(void **state)
{
	struct vt_host t;
	size_t hl;
	void *host = vt_load("two-smmus-host.dtb", &hl);
	struct vfdt_viommu v = {0};
	struct vfdt_vsid_ops ops;
	struct vfdt_vsid_ent ents[VT_MAP];
	struct vfdt_vsid_map map = {ents, VT_MAP, 0};
	void *out = calloc(1, VT_BUF);
	char err[256];
	unsigned int i, idx;
	uint32_t psid;

	(void)state;
	assert_int_equal(vt_host_read(host, hl, &t, NULL, 0), 0);
	for (i = 0; i < 2; i++) {
		v.hwdom[i] = vt_dom(true);
		assert_int_equal(viommu_add_backend(v.hwdom[i], &vt_bops,
						    &vt_bctx[i], &v.backend[i]),
				 0);
	}
	vfdt_viommu_ops(&v, &ops);
	assert_int_equal(vfdt_hwdom_build(host, hl, &t.h, &ops, out, VT_BUF,
					  &map, err, sizeof(err)),
			 0);
	assert_int_equal(viommu_vsid_count(v.hwdom[0]), 2);
	assert_int_equal(viommu_vsid_count(v.hwdom[1]), 3);
	assert_int_equal(viommu_vsid_lookup(v.hwdom[1], 0x10, &idx, &psid), 0);
	assert_int_equal(psid, 0x10);
	assert_int_equal(viommu_vsid_lookup(v.hwdom[0], 0x10, &idx, &psid), 0);

	/* a domain not in identity mode cannot give vSID = pSID */
	for (i = 0; i < 2; i++)
		viommu_dom_destroy(v.hwdom[i]);
	v.hwdom[0] = vt_dom(false);
	v.hwdom[1] = NULL;
	assert_int_equal(viommu_add_backend(v.hwdom[0], &vt_bops, &vt_bctx[0],
					    &v.backend[0]),
			 0);
	assert_int_equal(vfdt_hwdom_build(host, hl, &t.h, &ops, out, VT_BUF,
					  &map, err, sizeof(err)),
			 -VSMMU_ERR_STATE);
	assert_int_equal(viommu_vsid_count(v.hwdom[0]), 0);
	viommu_dom_destroy(v.hwdom[0]);
	free(out);
	free(host);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guest),
		cmocka_unit_test(test_hwdom),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
