// SPDX-License-Identifier: MIT
/* The fake host and guest for the vSMMU tests: see vsmmu_fake_host.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fakes/vsmmu_fake_host.h"
#include "fakes/host_std.h"

static int vfx_overlap(uint64_t a, size_t len, uint64_t lo, uint64_t hi)
{
	return hi && a < hi && a + len > lo;
}

static int vfx_gpa_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct vfx *f = ctx;

	f->gmem_reads++;
	if (vfx_overlap(gpa, len, f->rfail_lo, f->rfail_hi))
		return -VSMMU_ERR_GMEM;
	if (gpa > f->mem_size || len > f->mem_size - gpa)
		return -VSMMU_ERR_GMEM;
	memcpy(buf, f->mem + gpa, len);
	return 0;
}

static int vfx_gpa_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	struct vfx *f = ctx;

	if (vfx_overlap(gpa, len, f->wfail_lo, f->wfail_hi))
		return -VSMMU_ERR_GMEM;
	if (gpa > f->mem_size || len > f->mem_size - gpa)
		return -VSMMU_ERR_GMEM;
	memcpy(f->mem + gpa, buf, len);
	return 0;
}

static void vfx_irq_set(void *ctx, enum vsmmu_irq_line line, bool level)
{
	struct vfx *f = ctx;

	assert_true(line <= VSMMU_IRQ_COMBINED);
	if (level && !f->level[line])
		f->edges[line]++;
	f->level[line] = level;
}

static int vfx_msi_write(void *ctx, uint64_t addr, uint32_t data)
{
	struct vfx *f = ctx;

	if (f->msi_fail)
		return f->msi_fail;
	if (addr < VFX_DOORBELL)
		return -VSMMU_ERR_NOENT;	/* guest RAM */
	if (f->nmsi < VFX_MAX_MSI) {
		f->msi[f->nmsi].addr = addr;
		f->msi[f->nmsi].data = data;
	}
	f->nmsi++;
	return 0;
}

static void vfx_sev(void *ctx)
{
	((struct vfx *)ctx)->sevs++;
}

static void vfx_kick(void *ctx)
{
	((struct vfx *)ctx)->kicks++;
}

static void vfx_log(void *ctx, enum vsmmu_log_level lvl, const char *msg)
{
	struct vfx *f = ctx;

	if (lvl == VSMMU_LOG_GUEST)
		f->guest_logs++;
	if (!f->quiet && getenv("VFX_VERBOSE"))
		fprintf(stderr, "vsmmu[%d]: %s\n", (int)lvl, msg);
}

static const struct viommu_host_ops vfx_viommu_ops = {
	.alloc = host_std_alloc,
	.free = host_std_free,
	.access_check = host_std_acl_allow,
};

void vfx_init(struct vfx *f, size_t mem_size)
{
	struct viommu_cfg vc;

	memset(f, 0, sizeof(*f));
	f->mem = calloc(1, mem_size);
	assert_non_null(f->mem);
	f->mem_size = mem_size;
	pthread_mutex_init(&f->lock, NULL);

	memset(&vc, 0, sizeof(vc));
	vc.type = VIOMMU_TYPE_SMMUV3;
	assert_int_equal(viommu_dom_create(&vc, &vfx_viommu_ops, f, 1, &f->d),
			 0);
	viommu_mock_init(&f->mock, 7);

	f->ops.gpa_read = vfx_gpa_read;
	f->ops.gpa_write = vfx_gpa_write;
	f->ops.irq_set = vfx_irq_set;
	f->ops.msi_write = vfx_msi_write;
	f->ops.sev = vfx_sev;
	f->ops.kick = vfx_kick;
	f->ops.log = vfx_log;
	f->ops.mem.alloc = host_std_alloc;
	f->ops.mem.free = host_std_free;
	f->ops.lock_ops.lock = host_std_lock;
	f->ops.lock_ops.unlock = host_std_unlock;
	f->cfg.lock = &f->lock;
	f->cfg.log_level = VSMMU_LOG_DEBUG;
}

/* The backend is added lazily so a test can change f->mock.idr first. */
static void vfx_backend(struct vfx *f)
{
	if (f->have_backend)
		return;
	assert_int_equal(viommu_add_backend(f->d, &viommu_mock_ops, &f->mock,
					    &f->bidx), 0);
	f->have_backend = 1;
}

void vfx_map(struct vfx *f, uint32_t psid, uint32_t vsid)
{
	vfx_backend(f);
	assert_int_equal(viommu_vsid_map(f->d, f->bidx, psid, vsid), 0);
}

void vfx_create(struct vfx *f)
{
	vfx_backend(f);
	assert_int_equal(vsmmu_create(&f->cfg, &f->ops, f, f->d, &f->v), 0);
	assert_non_null(f->v);
}

void vfx_fini(struct vfx *f)
{
	vsmmu_destroy(f->v);
	viommu_dom_destroy(f->d);
	viommu_mock_fini(&f->mock);
	pthread_mutex_destroy(&f->lock);
	free(f->mem);
}

uint32_t vfx_rd32(struct vfx *f, uint32_t off)
{
	uint64_t v = 0xdeadbeefdeadbeefull;

	assert_int_equal(vsmmu_mmio_read(f->v, off, 4, &v), 0);
	assert_true(v <= 0xffffffffull);
	return (uint32_t)v;
}

uint64_t vfx_rd64(struct vfx *f, uint32_t off)
{
	uint64_t v = 0;

	assert_int_equal(vsmmu_mmio_read(f->v, off, 8, &v), 0);
	return v;
}

int vfx_wr32(struct vfx *f, uint32_t off, uint32_t val)
{
	int ret = vsmmu_mmio_write(f->v, off, 4, val);

	assert_true(ret == 0 || ret == VSMMU_PENDING);
	return ret;
}

int vfx_wr64(struct vfx *f, uint32_t off, uint64_t val)
{
	int ret = vsmmu_mmio_write(f->v, off, 8, val);

	assert_true(ret == 0 || ret == VSMMU_PENDING);
	return ret;
}

void vfx_mem_w64(struct vfx *f, uint64_t gpa, uint64_t val)
{
	assert_true(gpa + 8 <= f->mem_size);
	memcpy(f->mem + gpa, &val, 8);	/* the test host is little-endian */
}

uint64_t vfx_mem_r64(struct vfx *f, uint64_t gpa)
{
	uint64_t v;

	assert_true(gpa + 8 <= f->mem_size);
	memcpy(&v, f->mem + gpa, 8);
	return v;
}

uint32_t vfx_mem_r32(struct vfx *f, uint64_t gpa)
{
	uint32_t v;

	assert_true(gpa + 4 <= f->mem_size);
	memcpy(&v, f->mem + gpa, 4);
	return v;
}

void vfx_default_layout(struct vfx_layout *lay)
{
	memset(lay, 0, sizeof(*lay));
	lay->strtab = 0x100000;		/* 2^8 STEs = 16 KiB */
	lay->st_log2 = 8;
	lay->cmdq = 0x200000;
	lay->cmdq_log2 = 8;		/* 4 KiB */
	lay->evtq = 0x210000;
	lay->evtq_log2 = 7;		/* 4 KiB */
	lay->use_msi = 0;
}

static void vfx_poll(struct vfx *f, uint32_t off, uint32_t mask, uint32_t want)
{
	unsigned int n;

	for (n = 0; n < 100; n++)
		if ((vfx_rd32(f, off) & mask) == want)
			return;
	fail_msg("poll of 0x%x for 0x%x never completed", off, want);
}

void vfx_linux_reset(struct vfx *f, const struct vfx_layout *lay)
{
	uint32_t cr0, cfg;

	/* Disable and wait for the ACK. */
	vfx_wr32(f, SMMU_CR0, 0);
	vfx_poll(f, SMMU_CR0ACK, ~0u, 0);
	vfx_wr32(f, SMMU_CR1, (uint32_t)(
		smmu_field_prep(SMMU_CR1_TABLE_SH, SMMU_SH_ISH) |
		smmu_field_prep(SMMU_CR1_TABLE_OC, SMMU_CACHE_WB) |
		smmu_field_prep(SMMU_CR1_TABLE_IC, SMMU_CACHE_WB) |
		smmu_field_prep(SMMU_CR1_QUEUE_SH, SMMU_SH_ISH) |
		smmu_field_prep(SMMU_CR1_QUEUE_OC, SMMU_CACHE_WB) |
		smmu_field_prep(SMMU_CR1_QUEUE_IC, SMMU_CACHE_WB)));
	vfx_wr32(f, SMMU_CR2, (uint32_t)(SMMU_CR2_PTM | SMMU_CR2_RECINVSID));

	/* Stream table. */
	vfx_wr64(f, SMMU_STRTAB_BASE, SMMU_STRTAB_BASE_RA | lay->strtab);
	cfg = (uint32_t)smmu_field_prep(SMMU_STRTAB_BASE_CFG_LOG2SIZE,
					lay->st_log2);
	if (lay->two_level)
		cfg |= (uint32_t)(smmu_field_prep(SMMU_STRTAB_BASE_CFG_FMT,
						  SMMU_STRTAB_FMT_2LVL) |
				  smmu_field_prep(SMMU_STRTAB_BASE_CFG_SPLIT,
						  lay->split));
	vfx_wr32(f, SMMU_STRTAB_BASE_CFG, cfg);
	f->strtab = lay->strtab;

	/* Command queue. */
	vfx_wr64(f, SMMU_CMDQ_BASE, SMMU_Q_BASE_RWA | lay->cmdq |
		 lay->cmdq_log2);
	vfx_wr32(f, SMMU_CMDQ_PROD, 0);
	vfx_wr32(f, SMMU_CMDQ_CONS, 0);
	f->cmdq = lay->cmdq;
	f->cmdq_log2 = lay->cmdq_log2;
	f->prod = 0;
	cr0 = (uint32_t)SMMU_CR0_CMDQEN;
	vfx_wr32(f, SMMU_CR0, cr0);
	vfx_poll(f, SMMU_CR0ACK, ~0u, cr0);

	/* Invalidate everything cached. */
	{
		struct smmu_cmd c;

		memset(&c, 0, sizeof(c));
		c.op = SMMU_CMD_CFGI_STE_RANGE;
		c.range = SMMU_CFGI_RANGE_ALL;
		vfx_cmd(f, &c);
		memset(&c, 0, sizeof(c));
		c.op = SMMU_CMD_TLBI_NSNH_ALL;
		vfx_cmd(f, &c);
		vfx_sync(f, SMMU_SYNC_CS_SEV, 0, 0);
		vfx_cmd_publish(f);
		vfx_poll(f, SMMU_CMDQ_CONS, (uint32_t)SMMU_Q_IDX_WRP, f->prod);
	}

	/* Event queue (PROD/CONS on page 1). */
	vfx_wr64(f, SMMU_EVENTQ_BASE, SMMU_Q_BASE_RWA | lay->evtq |
		 lay->evtq_log2);
	vfx_wr32(f, SMMU_EVENTQ_PROD, 0);
	vfx_wr32(f, SMMU_EVENTQ_CONS, 0);
	f->evtq = lay->evtq;
	f->evtq_log2 = lay->evtq_log2;
	cr0 |= (uint32_t)SMMU_CR0_EVENTQEN;
	vfx_wr32(f, SMMU_CR0, cr0);
	vfx_poll(f, SMMU_CR0ACK, ~0u, cr0);

	/* Interrupts. */
	vfx_wr32(f, SMMU_IRQ_CTRL, 0);
	vfx_poll(f, SMMU_IRQ_CTRLACK, ~0u, 0);
	vfx_wr64(f, SMMU_GERROR_IRQ_CFG0, lay->use_msi ? VFX_DOORBELL : 0);
	vfx_wr32(f, SMMU_GERROR_IRQ_CFG1, 0x11);
	vfx_wr32(f, SMMU_GERROR_IRQ_CFG2, 1);
	vfx_wr64(f, SMMU_EVENTQ_IRQ_CFG0, lay->use_msi ? VFX_DOORBELL + 4 : 0);
	vfx_wr32(f, SMMU_EVENTQ_IRQ_CFG1, 0x22);
	vfx_wr32(f, SMMU_EVENTQ_IRQ_CFG2, 1);
	vfx_wr32(f, SMMU_IRQ_CTRL, (uint32_t)(SMMU_IRQ_CTRL_GERROR_IRQEN |
					      SMMU_IRQ_CTRL_EVENTQ_IRQEN));
	vfx_poll(f, SMMU_IRQ_CTRLACK, ~0u, (uint32_t)(
		SMMU_IRQ_CTRL_GERROR_IRQEN | SMMU_IRQ_CTRL_EVENTQ_IRQEN));

	cr0 |= (uint32_t)SMMU_CR0_SMMUEN;
	vfx_wr32(f, SMMU_CR0, cr0);
	vfx_poll(f, SMMU_CR0ACK, ~0u, cr0);
}

void vfx_ste_write(struct vfx *f, uint32_t sid, const uint64_t w[8])
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		vfx_mem_w64(f, f->strtab + (uint64_t)sid * 64 + i * 8, w[i]);
}

void vfx_cmd_raw(struct vfx *f, uint64_t w0, uint64_t w1)
{
	uint32_t n = 1u << f->cmdq_log2;
	uint32_t idx = f->prod & (n - 1u);
	uint64_t gpa = f->cmdq + (uint64_t)idx * 16;

	vfx_mem_w64(f, gpa, w0);
	vfx_mem_w64(f, gpa + 8, w1);
	f->prod = (f->prod + 1u) & ((2u << f->cmdq_log2) - 1u);
}

void vfx_cmd(struct vfx *f, const struct smmu_cmd *c)
{
	uint64_t w[2];

	assert_int_equal(smmu_cmd_encode(c, w), 0);
	vfx_cmd_raw(f, w[0], w[1]);
}

int vfx_cmd_publish(struct vfx *f)
{
	return vfx_wr32(f, SMMU_CMDQ_PROD, f->prod);
}

void vfx_cfgi_ste(struct vfx *f, uint32_t sid)
{
	struct smmu_cmd c;

	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_CFGI_STE;
	c.sid = sid;
	c.leaf = true;
	vfx_cmd(f, &c);
}

void vfx_sync(struct vfx *f, unsigned int cs, uint64_t msiaddr,
	      uint32_t msidata)
{
	struct smmu_cmd c;

	memset(&c, 0, sizeof(c));
	c.op = SMMU_CMD_SYNC;
	c.cs = (uint8_t)cs;
	if (msiaddr == ~0ull)	/* Linux: the CMD_SYNC's own slot */
		msiaddr = f->cmdq + (uint64_t)(f->prod &
					       ((1u << f->cmdq_log2) - 1u)) * 16;
	c.msiaddr = msiaddr;
	c.msidata = msidata;
	c.msh = SMMU_SH_ISH;
	c.msiattr = 0xf;
	vfx_cmd(f, &c);
}

unsigned int vfx_drain(struct vfx *f, unsigned int max)
{
	unsigned int n;

	for (n = 0; n < max; n++) {
		int ret = vsmmu_resume(f->v);

		assert_true(ret == 0 || ret == VSMMU_PENDING);
		if (ret == 0)
			return n + 1;
	}
	fail_msg("work still pending after %u resumes", max);
	return max;
}

void vfx_evt(struct vfx *f, unsigned int slot, struct smmu_evt *e)
{
	uint64_t rec[4];
	unsigned int i;

	for (i = 0; i < 4; i++)
		rec[i] = vfx_mem_r64(f, f->evtq + (uint64_t)slot * 32 + i * 8);
	assert_int_equal(smmu_evt_decode(rec, e), 0);
}
