// SPDX-License-Identifier: MIT
/*
 * hyp_main: from QEMU's EL2 entry to the guest at EL1.
 *
 * 1. console, EL2 identity map, heap in the hypervisor's 32 MiB;
 * 2. the platform from QEMU's DTB at the start of RAM (the host tree);
 * 3. the DTB for the guest, preloaded at GUEST_DTB (the same machine tree
 *    plus /chosen for Linux): its memory node loses the hypervisor's
 *    memory; the SMMU node stays where it is (the vSMMU answers there);
 * 4. stage 2 (1:1 except the SMMU window and hypervisor memory);
 * 5. psmmu + viommu + vsmmu on QEMU's SMMUv3;
 * 6. EL1 state, then ERET to the kernel with x0 = DTB.
 */
#include "hyp.h"

extern char __hyp_start[], __heap_start[];

uint64_t hyp_smmu_base, hyp_smmu_size;

/* The binding's names (facts §9), in the order of hyp_smmu_cfg.spi. */
static const char *const smmu_irq_names[4] = {
	"eventq", "priq", "cmdq-sync", "gerror",
};

static uint64_t dt_reg(const void *fdt, const char *node, const char *compat,
		       unsigned int idx, uint64_t *size)
{
	uint32_t len;
	const uint8_t *p = dt_prop(fdt, node, compat, "reg", &len);

	/* QEMU virt: #address-cells = #size-cells = 2 everywhere used. */
	if (!p || len < 16 * (idx + 1))
		return 0;
	if (size)
		*size = be64(p + 16 * idx + 8);
	return be64(p + 16 * idx);
}

/*
 * The StreamIDs of the PCI host bridge: iommu-map = <rid-base &smmu
 * sid-base length> must be the identity (RID = SID, the virt machine's
 * map), limited to the RIDs of its bus-range.
 */
static uint32_t pci_sids(const void *fdt)
{
	const uint8_t *map, *bus;
	uint32_t len, blen, n;

	map = dt_prop(fdt, NULL, "pci-host-ecam-generic", "iommu-map", &len);
	bus = dt_prop(fdt, NULL, "pci-host-ecam-generic", "bus-range", &blen);
	if (!map || len != 16 || be32(map) != 0 || be32(map + 8) != 0 ||
	    !bus || blen != 8 || be32(bus) != 0 || be32(bus + 4) > 0xff)
		hyp_panic("PCI host bridge: expected iommu-map <0 &smmu 0 n> "
			  "and a bus-range from bus 0");
	n = (be32(bus + 4) + 1) << 8;
	return VSMMU_MIN(n, be32(map + 12));
}

static void canary_init(void)
{
	volatile uint64_t *c = (volatile uint64_t *)(uintptr_t)HYP_CANARY_PA;
	unsigned int i;

	for (i = 0; i < 4096 / 8; i++)
		c[i] = HYP_CANARY ^ i;
}

void el1_setup(void)
{
	uint64_t pmcr = read_sysreg(pmcr_el0);

	/*
	 * RW: EL1 is AArch64; TSC: SMCs trap (PSCI, hyp_psci); VM: stage 2
	 * on; SWIO. No trapping of WFx or of the GIC (the guest owns it).
	 */
	write_sysreg(hcr_el2, (1ull << 31) | (1ull << 19) | (1ull << 1) |
		     (1ull << 0));
	write_sysreg(cnthctl_el2, 3);		/* EL1PCTEN, EL1PCEN */
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(cptr_el2, 0x33ff);		/* no FP/SIMD trap */
	write_sysreg(mdcr_el2, (pmcr >> 11) & 0x1f);	/* HPMN = PMCR.N */
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(vmpidr_el2, read_sysreg(mpidr_el1));
	write_sysreg(sctlr_el1, 0x30d00800);
	/* ICC_SRE_EL2: SRE, DFB, DIB, Enable (EL1 uses the system regs). */
	write_sysreg(S3_4_C12_C9_5, 0xf);
	isb();
}

void hyp_main(void);
void hyp_main(void)
{
	uint8_t *fdt = (uint8_t *)(uintptr_t)GUEST_DTB;
	const uint8_t *host = (const uint8_t *)(uintptr_t)HYP_RAM_BASE;
	struct s2_layout l = { 0 };
	struct hyp_smmu_cfg sc = { 0 };
	uint64_t ram_base, ram_size, gicd;
	const uint8_t *irq;
	const char *names;
	uint32_t len, nlen, i;
	uint8_t *reg;

	uart_init(0x09000000);
	hlog("vsmmu reference hypervisor at EL%llu, image %llx-%llx",
	     (unsigned long long)(read_sysreg(CurrentEL) >> 2),
	     (unsigned long long)(uintptr_t)__hyp_start,
	     (unsigned long long)(uintptr_t)__heap_start);
	el2_mmu_init();
	el2_mmu_enable();
	heap_init((uint64_t)(uintptr_t)__heap_start, HYP_CANARY_PA);
	canary_init();

	if (!dt_valid(fdt))
		hyp_panic("no prepared DTB at 0x4f000000 (-device loader)");
	if (!dt_valid(host)) {
		hlog("no DTB from QEMU at %llx (%08x): reading the guest's",
		     (unsigned long long)HYP_RAM_BASE, be32(host));
		host = fdt;
	}
	ram_base = dt_reg(host, "memory", NULL, 0, &ram_size);
	if (ram_base != HYP_RAM_BASE || ram_size <= HYP_SIZE + 0x10000000)
		hyp_panic("unexpected memory node");
	hyp_smmu_base = dt_reg(host, NULL, "arm,smmu-v3", 0, &hyp_smmu_size);
	gicd = dt_reg(host, NULL, "arm,gic-v3", 0, NULL);
	if (!hyp_smmu_base || !gicd)
		hyp_panic("no arm,smmu-v3 or arm,gic-v3 node");
	if (hyp_smmu_size < 0x20000 ||
	    dt_reg(fdt, NULL, "arm,smmu-v3", 0, NULL) != hyp_smmu_base)
		hyp_panic("the SMMU's window differs from the binding's "
			  "or between the trees");
	irq = dt_prop(host, NULL, "arm,smmu-v3", "interrupts", &len);
	names = dt_prop(host, NULL, "arm,smmu-v3", "interrupt-names", &nlen);
	if (!irq || len != 4 * 12 || !names)
		hyp_panic("SMMU node: expected four named interrupts");
	for (i = 0; i < 4; i++) {
		int k = dt_string_index(names, nlen, smmu_irq_names[i]);

		if (k < 0 || k >= 4 || be32(irq + 12 * k) != 0)
			hyp_panic("SMMU node: a named SPI is missing");
		sc.spi[i] = be32(irq + 12 * k + 4);
	}
	hlog("host DTB %llx (%u bytes): RAM %llx+%llx, SMMU %llx+%llx SPIs "
	     "%u %u %u %u, GICD %llx", (unsigned long long)(uintptr_t)host,
	     dt_size(host),
	     (unsigned long long)ram_base, (unsigned long long)ram_size,
	     (unsigned long long)hyp_smmu_base,
	     (unsigned long long)hyp_smmu_size, sc.spi[0], sc.spi[1],
	     sc.spi[2], sc.spi[3], (unsigned long long)gicd);

	/* The guest's memory node: everything after the hypervisor. */
	reg = (uint8_t *)dt_prop(fdt, "memory", NULL, "reg", &len);
	if (!reg || len != 16)
		hyp_panic("guest DTB: unexpected memory node");
	put_be32(reg, (uint32_t)(GUEST_RAM_BASE >> 32));
	put_be32(reg + 4, (uint32_t)GUEST_RAM_BASE);
	put_be32(reg + 8, (uint32_t)((ram_size - HYP_SIZE) >> 32));
	put_be32(reg + 12, (uint32_t)(ram_size - HYP_SIZE));
	hlog("guest DTB %llx (%u bytes): memory node %llx+%llx (the "
	     "hypervisor's %llu MiB removed)", (unsigned long long)GUEST_DTB,
	     dt_size(fdt), (unsigned long long)GUEST_RAM_BASE,
	     (unsigned long long)(ram_size - HYP_SIZE),
	     (unsigned long long)(HYP_SIZE >> 20));

	l.ram_base = GUEST_RAM_BASE;
	l.ram_end = ram_base + ram_size;
	l.smmu_base = hyp_smmu_base;
	l.smmu_size = hyp_smmu_size;
	l.dev_end = HYP_RAM_BASE;
	if (s2_init(&l))
		hyp_panic("stage 2");

	sc.base = hyp_smmu_base;
	sc.gicd = gicd;
	sc.nsids = pci_sids(host);
	sc.ram_base = l.ram_base;
	sc.ram_end = l.ram_end;
	if (hyp_smmu_init(&sc))
		hyp_panic("SMMU set-up failed");
	hyp_canary_check("before the guest");

	el1_setup();
	hlog("entering the guest at EL1: kernel %llx, DTB %llx",
	     (unsigned long long)GUEST_KERNEL, (unsigned long long)GUEST_DTB);
	hyp_enter_guest(GUEST_KERNEL, GUEST_DTB);
}
