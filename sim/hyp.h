/* SPDX-License-Identifier: MIT */
/*
 * sim/hyp.h - the hypervisor side of the simulation: guest domains.
 *
 * A domain gets guest RAM carved from physical memory and mapped by a
 * stage-2 table (built with the pgtable builder), a psmmu stage-2 domain
 * (a VMID) on every physical SMMU that holds one of its devices, and -
 * with viommu = "smmuv3" - a viommu domain with one psmmu-nested backend
 * per such SMMU and a vsmmu instance whose 128 KiB window is trapped on
 * the guest's bus. Its guest tree comes from the fdt layer (vSIDs through
 * the framework); the guest OS (sim/guest) boots from that tree.
 */
#ifndef SIM_HYP_H
#define SIM_HYP_H

#include "vsmmu/pgtable.h"
#include "vsmmu/viommu.h"
#include "vsmmu/vsmmu.h"
#include "vsmmu/fdt.h"
#include "host.h"
#include "guest/gos.h"

#define SIM_GUEST_RAM_IPA  0x40000000ull /* as Xen's GUEST_RAM0_BASE */
#define SIM_GUEST_IPA_BITS 40u
#define SIM_GUEST_FDT_MAX  65536
#define SIM_DOM_MAX_DEVS   32u
#define SIM_VSMMU_LINES	   5u
/* The guest ITS's doorbell (GITS_TRANSLATER of a GICv3 ITS at 0x08080000). */
#define SIM_GUEST_DOORBELL 0x08090040ull

/*
 * One vSMMU of a domain: its viommu instance, the vsmmu, the trapped
 * window on the guest's bus, its interrupt lines, and the guest driver
 * that runs it. A guest has one (or, without vIOMMU, one with no vSMMU:
 * the guest OS is still there); the hardware domain has one per physical
 * SMMU, each in its own identity-mode viommu instance (vSID = pSID).
 */
struct sim_vinst {
	struct sim_domain *dom;
	unsigned int idx;
	char name[72]; /* "guest1", or "dom0.smmu1" */
	uint64_t base; /* window on the guest's bus */
	struct viommu_dom *vd;
	struct vsmmu *vs;
	struct vsmmu_cfg vcfg;
	struct vsmmu_host_ops vops;
	bool resume_pending;
	int gline[SIM_VSMMU_LINES]; /* per enum vsmmu_irq_line, or -1 */
	uint32_t irq[2];	    /* INTIDs: eventq (or combined), gerror */
	unsigned int nirqs;
	uint64_t traps_read, traps_write, resumes;
	/* the guest OS's view: this SMMU's node and its driver */
	struct sim_gos gos;
};

struct sim_domain {
	struct sim_host *host;
	uint32_t domid;
	char name[64];
	char cfg_path[512];
	struct vfdt_domain_cfg cfg;
	bool hwdom; /* the hardware domain (dom0) */
	/* memory */
	uint64_t ram_ipa, ram_size, ram_pa;
	struct pgt_table s2;
	struct pgt_s2_cfg s2cfg;
	bool s2_ready;
	/* physical side, per host SMMU */
	struct psmmu_domain *pdom[SIM_MAX_PSMMU];
	struct viommu_psmmu_backend be[SIM_MAX_PSMMU];
	unsigned int be_idx[SIM_MAX_PSMMU];
	struct viommu_dom *be_dom[SIM_MAX_PSMMU]; /* the backend's owner */
	/* the vSMMUs (vi[0] always exists: it holds the guest OS) */
	struct sim_vinst vi[SIM_MAX_PSMMU];
	unsigned int nvi;
	/* the guest's machine */
	struct sim_bus *gbus;
	/* libfdt wants its blobs 8-byte aligned */
	uint8_t gfdt[SIM_GUEST_FDT_MAX] __attribute__((aligned(16)));
	size_t gfdt_size;
	struct vfdt_vsid_ent map[SIM_DOM_MAX_DEVS];
	size_t nmap;
	/* devices assigned (indices into host->dev) */
	unsigned int devs[SIM_MAX_DEVS];
	unsigned int ndevs;
	uint64_t gpa_faults;
	/*
	 * Physical commands the hypervisor's drivers issued while this
	 * domain's guest ran (boot and workload), per host SMMU; filled by
	 * whoever runs the domain (the tool), for the summary.
	 */
	uint64_t phys_cmds[SIM_MAX_PSMMU], phys_syncs[SIM_MAX_PSMMU];
};

/*
 * Create and start a domain from an xl-style config: memory, stage 2,
 * device assignment, vIOMMU, guest tree. The guest OS is not booted yet.
 */
int sim_domain_create(struct sim_host *h, const char *cfg_path,
		      struct sim_domain **out, char *err, size_t errlen);
/*
 * The hardware domain: every host device, direct-mapped RAM (IPA = PA,
 * mem_mb MiB), and one vSMMU per physical SMMU at the host address with
 * vSID = pSID, from the fdt layer's hardware-domain tree. Create it first.
 */
int sim_hwdom_create(struct sim_host *h, uint64_t mem_mb,
		     struct sim_domain **out, char *err, size_t errlen);
/*
 * Tear the domain down while its devices may still be configured: the
 * vSMMU goes, the framework puts every pSID back to abort, the VMIDs are
 * invalidated and freed, the stage-2 tables and RAM are returned.
 */
void sim_domain_destroy(struct sim_domain *d);

/* One step of the domain's machine (vSMMU work, guest interrupts). */
void sim_domain_run(struct sim_domain *d);

/* Guest memory by IPA, through the domain's stage 2. */
int sim_domain_gpa_read(struct sim_domain *d, uint64_t ipa, void *buf,
			size_t len);
int sim_domain_gpa_write(struct sim_domain *d, uint64_t ipa, const void *buf,
			 size_t len);
/* Where the stage 2 sends ipa; -VSMMU_ERR_FAULT outside guest RAM. */
int sim_domain_ipa_to_pa(struct sim_domain *d, uint64_t ipa, uint64_t *pa);

/* The vSMMU instance a device of the domain sits behind, or NULL. */
struct sim_vinst *sim_domain_vinst_of(struct sim_domain *d,
				      const struct sim_dev *dev);

#endif /* SIM_HYP_H */
