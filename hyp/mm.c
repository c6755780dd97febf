// SPDX-License-Identifier: MIT
/*
 * Memory of the hypervisor: a heap in its own 32 MiB, the EL2 identity
 * map, and the guest's stage 2 built with the pgtable layer. The same
 * stage-2 tables are handed to the physical SMMU (psmmu_domain_create),
 * so the CPU and the devices see one guest physical address space.
 */
#include "hyp.h"
#include "vsmmu/pgtable.h"

/* ---- Heap: bump allocation with free lists per power-of-two class ------ */

#define HEAP_CLASSES 28

struct heap_free {
	struct heap_free *next;
};

static uint64_t heap_cur, heap_end;
static struct heap_free *heap_lists[HEAP_CLASSES];
static struct hyp_lock heap_lock;

void heap_init(uint64_t start, uint64_t end)
{
	heap_cur = start;
	heap_end = end;
}

static unsigned int heap_class(size_t size)
{
	unsigned int c = 4;

	while (c < HEAP_CLASSES - 1 && (1ull << c) < size)
		c++;
	return c;
}

/* Zeroed, aligned to max(align, 16), size rounded to a power of two. */
void *heap_alloc(size_t size, size_t align)
{
	unsigned int c = heap_class(size);
	uint64_t sz = 1ull << c, p;

	if ((1ull << c) < size)
		return NULL;
	hyp_lock(&heap_lock);
	if (heap_lists[c] && align <= sz) {
		struct heap_free *f = heap_lists[c];

		heap_lists[c] = f->next;
		hyp_unlock(&heap_lock);
		vsmmu_memset(f, 0, sz);
		return f;
	}
	/* Natural alignment, so freed blocks keep any alignment <= size. */
	if (align < sz)
		align = sz;
	if (align < 16)
		align = 16;
	p = (heap_cur + align - 1) & ~(uint64_t)(align - 1);
	if (p > heap_end || sz > heap_end - p) {
		hyp_unlock(&heap_lock);
		return NULL;
	}
	heap_cur = p + sz;
	hyp_unlock(&heap_lock);
	vsmmu_memset((void *)(uintptr_t)p, 0, sz);
	return (void *)(uintptr_t)p;
}

void heap_free(void *ptr, size_t size)
{
	unsigned int c = heap_class(size);
	struct heap_free *f = ptr;

	if (!ptr)
		return;
	hyp_lock(&heap_lock);
	f->next = heap_lists[c];
	heap_lists[c] = f;
	hyp_unlock(&heap_lock);
}

void *hyp_zalloc(void *ctx, size_t size)
{
	(void)ctx;
	return heap_alloc(size, 16);
}

void hyp_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	heap_free(p, size);
}

/* ---- EL2 identity map: 1 GiB blocks over 4 GiB ------------------------- */

#define MAIR_DEV_nGnRnE	0x00ull
#define MAIR_NORMAL_WB	0xffull
#define PTE_BLOCK	0x1ull
#define PTE_AF		(1ull << 10)
#define PTE_SH_INNER	(3ull << 8)
#define PTE_AP1		(1ull << 6)	/* RES1 in the EL2 regime */
#define PTE_XN		(1ull << 54)

static uint64_t el2_l1[512] __attribute__((aligned(4096)));

void el2_mmu_init(void)
{
	uint64_t gib;

	for (gib = 0; gib < 4; gib++) {
		uint64_t d = (gib << 30) | PTE_BLOCK | PTE_AF | PTE_AP1;

		if (gib == 0)	/* devices */
			d |= (0ull << 2) | PTE_XN;
		else		/* RAM (QEMU virt: from 1 GiB) */
			d |= (1ull << 2) | PTE_SH_INNER;
		el2_l1[gib] = d;
	}
	dsb(sy);
}

void el2_mmu_enable(void)
{
	write_sysreg(mair_el2, MAIR_DEV_nGnRnE | MAIR_NORMAL_WB << 8);
	/* T0SZ 32, WBWA inner/outer, inner shareable, 4K, PS 40 bits. */
	write_sysreg(tcr_el2, (1ull << 31) | (1ull << 23) | (2ull << 16) |
		     (3ull << 12) | (1ull << 10) | (1ull << 8) | 32);
	write_sysreg(ttbr0_el2, (uint64_t)(uintptr_t)el2_l1);
	isb();
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb(sy);
	isb();
	/* M, C, I, plus the RES1 bits of SCTLR_EL2. */
	write_sysreg(sctlr_el2, 0x30c50830ull | (1ull << 0) | (1ull << 2) |
		     (1ull << 12));
	isb();
}

/* ---- Stage 2 ------------------------------------------------------------- */

static struct pgt_table s2;

static int s2_read(void *ctx, smmu_pa_t pa, void *buf, size_t len)
{
	(void)ctx;
	vsmmu_memcpy(buf, (const void *)(uintptr_t)pa.v, len);
	return 0;
}

static int s2_write(void *ctx, smmu_pa_t pa, const void *buf, size_t len)
{
	(void)ctx;
	vsmmu_memcpy((void *)(uintptr_t)pa.v, buf, len);
	return 0;
}

static int s2_alloc(void *ctx, size_t size, smmu_pa_t *pa)
{
	void *p = heap_alloc(size, size);

	(void)ctx;
	if (!p)
		return -VSMMU_ERR_NOMEM;
	*pa = smmu_pa((uint64_t)(uintptr_t)p);
	return 0;
}

static void s2_free(void *ctx, smmu_pa_t pa, size_t size)
{
	(void)ctx;
	heap_free((void *)(uintptr_t)pa.v, size);
}

/* Stage-2 MemAttr (facts §7.4): Normal WB, or Device-nGnRE. */
#define S2_MEMATTR_NORMAL 0xf
#define S2_MEMATTR_DEVICE 0x1

static int s2_map(uint64_t base, uint64_t end, bool ram)
{
	struct pgt_prot prot = {
		.flags = PGT_PROT_R | PGT_PROT_W | (ram ? PGT_PROT_X : 0),
		.attr = ram ? S2_MEMATTR_NORMAL : S2_MEMATTR_DEVICE,
		.sh = ram ? 3 : 0,
	};
	int err;

	if (end <= base)
		return 0;
	err = pgt_map(&s2, base, base, end - base, &prot);
	if (err)
		hlog("stage 2: map %llx-%llx: %s", (unsigned long long)base,
		     (unsigned long long)end, vsmmu_strerror(err));
	return err;
}

int s2_init(const struct s2_layout *l)
{
	static const struct pgt_mem mem = { s2_read, s2_write, NULL };
	static const struct pgt_alloc_ops ops = { s2_alloc, s2_free, NULL };
	struct pgt_table_cfg cfg = {
		.fmt = PGT_FMT_S2,
		.granule = PGT_GRAN_4K,
		.tsz = S2_TSZ,
		.oas = S2_PS_BITS,
		.sl0 = S2_SL0,
	};
	int err;

	err = pgt_table_init(&s2, &cfg, &mem, &ops);
	if (err)
		return err;
	/* Devices 1:1, except the SMMU window, which traps to the vSMMU. */
	err = s2_map(0, l->smmu_base, false);
	if (!err)
		err = s2_map(l->smmu_base + l->smmu_size, l->dev_end, false);
	if (!err)
		err = s2_map(l->ram_base, l->ram_end, true);
	if (err)
		return err;
	dsb(ish);
	s2_enable();
	__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	isb();
	hlog("stage 2: root %llx, %u tables, start level %u; RAM %llx-%llx, "
	     "devices 0-%llx except the SMMU window %llx+%llx",
	     (unsigned long long)s2.root.v, s2.ntables, s2.start_level,
	     (unsigned long long)l->ram_base, (unsigned long long)l->ram_end,
	     (unsigned long long)l->dev_end, (unsigned long long)l->smmu_base,
	     (unsigned long long)l->smmu_size);
	return 0;
}

void s2_enable(void)
{
	/* T0SZ, SL0, WBWA walks, inner shareable, 4K, PS 40 bits. */
	write_sysreg(vtcr_el2, (1ull << 31) | (2ull << 16) | (3ull << 12) |
		     (1ull << 10) | (1ull << 8) | ((uint64_t)S2_SL0 << 6) |
		     S2_TSZ);
	write_sysreg(vttbr_el2, ((uint64_t)GUEST_VMID << 48) | s2.root.v);
	isb();
}

uint64_t s2_root(void)
{
	return s2.root.v;
}
