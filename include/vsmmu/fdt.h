/* SPDX-License-Identifier: MIT */
/*
 * vsmmu/fdt.h - device trees for the vSMMU, with libfdt.
 *
 * The toolstack / domain-builder side of the library:
 *  - read a host tree: every "arm,smmu-v3" node and every StreamID that a
 *    device ("iommus") or a PCI host bridge ("iommu-map") routes to one;
 *  - parse the small xl.cfg subset a domain's vIOMMU needs;
 *  - build a guest tree: the vSMMU node, plus a passthrough fragment whose
 *    "iommus" / "iommu-map" are rewritten from host (phandle, pSID) to
 *    (vSMMU phandle, vSID), with vSIDs allocated through the framework;
 *  - build the hardware domain's tree: one vSMMU per physical SMMU at the
 *    host address, vSID = pSID.
 *
 * Binding: facts sheet §9 ("arm,smmu-v3", iommus, iommu-map, iommu-map-mask)
 * and the generic IOMMU / PCI-IOMMU bindings it cites.
 *
 * Memory (as libfdt): the caller owns every buffer and array. An array is
 * passed as (pointer, capacity) and the function sets the count it used; a
 * buffer or array that is too small gives -VSMMU_ERR_NOSPACE.
 *
 * Errors: 0 or a count on success, -VSMMU_ERR_* on failure. Every function
 * that reads a tree or a config takes an error-message buffer (err, errlen;
 * NULL/0 allowed) and writes one line into it naming the node and the
 * property, or the config line, at fault. Malformed input is
 * -VSMMU_ERR_BADFDT (trees) or -VSMMU_ERR_BADCFG (configs), never a crash.
 *
 * Nothing here keeps state between calls; nothing loops without a bound
 * set by the size of the input.
 */
#ifndef VSMMU_FDT_H
#define VSMMU_FDT_H

#include "vsmmu/env.h"
#include "vsmmu/base.h"

/* ---- Limits ------------------------------------------------------------- */

#define VFDT_PATH_MAX		   256u /* longest node path, with its NUL */
#define VFDT_MAX_DEPTH		   32	/* deeper trees are refused (BADFDT) */
#define VFDT_IRQ_MAX		   4u /* binding: 1 to 4 interrupt specifiers */
#define VFDT_IRQ_CELLS_MAX	   4u /* largest #interrupt-cells accepted */
#define VFDT_IRQ_NAME_MAX	   16u /* "cmdq-sync" and "combined" fit */
#define VFDT_MSI_CELLS_MAX	   4u  /* largest #msi-cells accepted */
#define VFDT_DTDEV_MAX		   32u /* dtdev entries in a domain config */

/* ---- Guest defaults ----------------------------------------------------- */

#define VFDT_VSMMU_BASE_DEFAULT	   0x04040000ull
#define VFDT_VSMMU_SIZE		   0x20000ull /* Page 0 + Page 1 (facts §9) */
/*
 * Guest interrupts are GIC INTIDs, as in xl.cfg's "irqs" (SPI n is INTID
 * 32 + n; the device tree cell holds n).
 */
#define VFDT_SPI_FIRST		   32u
#define VFDT_SPI_LAST		   1019u
#define VFDT_VSMMU_IRQ_DEFAULT	   76u	  /* SPI 44 */
#define VFDT_VSMMU_PHANDLE_DEFAULT 65001u /* next to the guest GIC's */
#define VFDT_GIC_PHANDLE_DEFAULT   65000u /* the guest GIC (interrupt-parent) */

/* ---- Host tree ---------------------------------------------------------- */

/* One interrupt specifier of an SMMU, raw cells as the host tree has them. */
struct vfdt_irq {
	uint32_t cells[VFDT_IRQ_CELLS_MAX];
	uint32_t ncells;	      /* #interrupt-cells of the parent */
	char name[VFDT_IRQ_NAME_MAX]; /* "" without interrupt-names */
};

/* A physical SMMUv3 node with status "okay" (or no status). */
struct vfdt_psmmu {
	unsigned int index; /* position in vfdt_host.smmus: the pSMMU index */
	char path[VFDT_PATH_MAX];
	uint64_t base; /* reg, translated through the parents' ranges */
	uint64_t size;
	uint32_t phandle;    /* 0 when no device refers to it */
	uint32_t irq_parent; /* phandle of the interrupt controller or 0 */
	uint32_t nirqs;
	struct vfdt_irq irqs[VFDT_IRQ_MAX];
	bool dma_coherent;
	/* msi-parent: phandle then #msi-cells specifier cells; 0 cells: none */
	uint32_t msi_parent[1 + VFDT_MSI_CELLS_MAX];
	uint32_t msi_parent_ncells;
	/*
	 * Set by the caller, not the reader (which clears it): this SMMU
	 * gets no vSMMU in the hardware domain (it cannot nest, or has
	 * nesting errata). vfdt_hwdom_build then removes its node and every
	 * iommus / iommu-map entry that names it, and maps none of its SIDs.
	 */
	bool hidden;
};

enum vfdt_sid_kind {
	VFDT_SID_IOMMUS,    /* one "iommus" entry of a device: count 1 */
	VFDT_SID_IOMMU_MAP, /* one "iommu-map" tuple of a PCI host bridge */
};

/* A range of StreamIDs of one physical SMMU that belongs to one node. */
struct vfdt_sids {
	char path[VFDT_PATH_MAX]; /* the device or the host bridge */
	enum vfdt_sid_kind kind;
	unsigned int smmu; /* index into vfdt_host.smmus */
	uint32_t sid_base;
	uint32_t count;
	uint32_t rid_base; /* iommu-map: first RID of the tuple */
	uint32_t rid_mask; /* iommu-map-mask, 0xffffffff when absent */
};

/* What vfdt_host_read() fills: the caller sets the arrays and capacities. */
struct vfdt_host {
	struct vfdt_psmmu *smmus;
	size_t smmus_max;
	size_t nsmmus;
	struct vfdt_sids *sids;
	size_t sids_max;
	size_t nsids;
};

/*
 * Read the host tree fdt (size bytes; checked with fdt_check_full first).
 * Fills h->smmus in tree order and h->sids in tree order (each device's
 * entries in property order).
 *
 * Errors: BADFDT (truncated or corrupt blob, a format version before 17,
 * a tree deeper than VFDT_MAX_DEPTH, a bad phandle, #iommu-cells other
 * than 1 on an SMMUv3, a property whose length is not a whole number of
 * entries, a bad reg, ranges or interrupt specifier, interrupt parents
 * that loop), NOTSUPP (interrupts-extended on an SMMU, more than 2 address
 * or size cells on its bus), NOSPACE (an array is too small), INVAL (NULL,
 * or a blob over 2 GiB).
 * "iommus" entries that point to another kind of IOMMU are skipped; they
 * still need a valid phandle and #iommu-cells.
 */
int vfdt_host_read(const void *fdt, size_t size, struct vfdt_host *h, char *err,
		   size_t errlen);

/* Index of the SMMU with this phandle, or -VSMMU_ERR_NOENT. */
int vfdt_host_smmu_by_phandle(const struct vfdt_host *h, uint32_t phandle);

/* ---- Domain configuration (xl.cfg subset) ------------------------------ */

enum vfdt_irq_mode {
	VFDT_IRQ_COMBINED, /* one line named "combined" */
	VFDT_IRQ_SEPARATE, /* "eventq", "gerror": a legal binding prefix */
};

struct vfdt_domain_cfg {
	bool viommu;		     /* viommu = "smmuv3" (else "none") */
	uint64_t vsmmu_base;	     /* vsmmu_base, 128 KiB aligned */
	enum vfdt_irq_mode irq_mode; /* vsmmu_irq_mode, or vsmmu_irq's length */
	uint32_t irq[2];	     /* vsmmu_irq: INTIDs, one per line */
	bool irq_fixed;		     /* vsmmu_irq was given: never moved */
	uint32_t phandle;	     /* vsmmu_phandle */
	uint32_t gic_phandle;	     /* gic_phandle: the vSMMU's parent */
	bool dma_coherent;	     /* vsmmu_coherent = 0|1 */
	unsigned int ndtdev;
	char dtdev[VFDT_DTDEV_MAX][VFDT_PATH_MAX];
};

/* Defaults: viommu off, base, IRQ and phandles as above, coherent. */
void vfdt_cfg_init(struct vfdt_domain_cfg *c);

/*
 * Parse an xl.cfg text (len bytes, need not be NUL-terminated) on top of
 * the values already in c. Syntax: KEY = VALUE per line (or separated by
 * ';'), VALUE a "string", 'string', integer (decimal or 0x) or a [ list ]
 * that may span lines; '#' starts a comment. Keys: viommu, dtdev,
 * vsmmu_base, vsmmu_irq (INTID or list of 1 or 2 INTIDs), vsmmu_irq_mode
 * ("combined" | "separate"), vsmmu_phandle, gic_phandle, vsmmu_coherent.
 * Other keys are ordinary xl keys: checked for syntax, then ignored.
 *
 * Errors: BADCFG with "line N: ..." in err; INVAL for NULL.
 */
int vfdt_cfg_parse(const char *text, size_t len, struct vfdt_domain_cfg *c,
		   char *err, size_t errlen);

/* ---- vSID allocation ---------------------------------------------------- */

/*
 * How the builders obtain vSIDs: the vIOMMU framework's allocator for the
 * domain (viommu_vsid_alloc / viommu_vsid_map) or a test fake. smmu is the
 * pSMMU index of vfdt_host. Both return 0 or -VSMMU_ERR_*.
 */
struct vfdt_vsid_ops {
	void *ctx;
	/* count consecutive vSIDs for pSIDs psid..psid+count-1 of smmu */
	int (*alloc)(void *ctx, unsigned int smmu, uint32_t psid,
		     uint32_t count, uint32_t *vsid_first);
	/* vSID = pSID for psid..psid+count-1 on smmu's own vSMMU (hwdom) */
	int (*identity)(void *ctx, unsigned int smmu, uint32_t psid,
			uint32_t count);
	/*
	 * Optional: undo an alloc or identity of vSIDs vsid..vsid+count-1
	 * (smmu as given to it), when a later one of the same build fails,
	 * so that a failed build leaves the domain as it was.
	 */
	void (*release)(void *ctx, unsigned int smmu, uint32_t vsid,
			uint32_t count);
};

/* One mapped range, for the caller to print or to hand to the hypervisor. */
struct vfdt_vsid_ent {
	char path[VFDT_PATH_MAX]; /* the host device or host bridge */
	unsigned int smmu;
	uint32_t psid;
	uint32_t vsid;
	uint32_t count;
};

struct vfdt_vsid_map {
	struct vfdt_vsid_ent *ents; /* caller's array */
	size_t max;
	size_t n; /* set by the builders */
};

/* ---- The vIOMMU framework as the allocator ------------------------------ */

struct viommu_dom;

/*
 * vfdt_vsid_ops over the framework (vsmmu/viommu.h). Guest: one domain,
 * dom, whose backend for host SMMU i is backend[i]; alloc calls
 * viommu_vsid_alloc. Hardware domain: one identity-mode domain per
 * physical SMMU, hwdom[i] (backend[i] in it); identity calls
 * viommu_vsid_alloc there and checks that vSID = pSID. Unused pointers
 * stay NULL; a NULL domain for an SMMU gives -VSMMU_ERR_NOENT.
 */
#define VFDT_VIOMMU_MAX 32u /* as VIOMMU_MAX_BACKENDS */

struct vfdt_viommu {
	struct viommu_dom *dom;
	struct viommu_dom *hwdom[VFDT_VIOMMU_MAX];
	unsigned int backend[VFDT_VIOMMU_MAX];
};

/* Fill ops so that it allocates through v (ops->ctx = v). */
void vfdt_viommu_ops(struct vfdt_viommu *v, struct vfdt_vsid_ops *ops);

/* ---- Guest tree --------------------------------------------------------- */

struct vfdt_guest_in {
	const void *host_fdt; /* the tree host was read from */
	size_t host_size;
	const struct vfdt_host *host;
	const struct vfdt_domain_cfg *cfg;
	const void *pt_fdt; /* passthrough fragment, or NULL */
	size_t pt_size;
	const struct vfdt_vsid_ops *ops; /* may be NULL when !cfg->viommu */
};

struct vfdt_guest_out {
	struct vfdt_vsid_map map; /* caller sets ents and max */
	uint32_t irq[2];	  /* the vSMMU's INTIDs after any move */
	unsigned int nirqs;	  /* 0 without a vIOMMU */
};

/*
 * Build the guest tree into out (outsize bytes): the passthrough fragment
 * (or an empty tree with #address-cells = #size-cells = 2), its "iommus"
 * and "iommu-map" rewritten to the vSMMU, and the vSMMU node at the root.
 * With cfg->viommu false: no vSMMU node, and "iommus", "iommu-map" and
 * "iommu-map-mask" are removed from the fragment.
 *
 * Every dtdev must be a host node; each of its SID ranges gets vSIDs
 * (ops->alloc), listed in out->map. A fragment entry must name a host
 * SMMUv3 phandle and pSIDs that belong to a dtdev (and, when the node has
 * "xen,path", to that device). The vSMMU's SPIs must not be used by a
 * fragment node or an assigned host device: a fixed vsmmu_irq that is used
 * is refused; a default one moves to the next free SPI.
 *
 * Compute first, then commit: every check and the whole output are done
 * before the first ops->alloc. If an ops->alloc fails, the ranges this
 * call allocated before it are given back through ops->release (without
 * release they stay: tear the domain down).
 *
 * Errors: BADFDT / BADCFG / NOENT (a dtdev missing from the host tree) /
 * EXIST (the vSMMU's phandle or node name is taken, or a fixed SPI is
 * used), NOSPACE (out or the map), or what ops->alloc returns.
 */
int vfdt_guest_build(const struct vfdt_guest_in *in, void *out, int outsize,
		     struct vfdt_guest_out *res, char *err, size_t errlen);

/* ---- Hardware-domain tree ----------------------------------------------- */

/*
 * Build the hardware domain's tree from the host tree: every SMMUv3 node
 * stays where it is (reg, interrupts, interrupt-names, phandle) and becomes
 * the vSMMU the hardware domain drives; "iommus" and "iommu-map" are kept
 * as they are, since vSID = pSID. Properties the emulation does not offer
 * (msi-parent, implementation quirks) are removed. Every SID range of the
 * host gets ops->identity, listed in map. An SMMU marked hidden is removed
 * with every reference to it (a device whose only IOMMU it was then has
 * none, so its driver does not wait for one). Same errors as
 * vfdt_guest_build.
 */
int vfdt_hwdom_build(const void *host_fdt, size_t host_size,
		     const struct vfdt_host *h, const struct vfdt_vsid_ops *ops,
		     void *out, int outsize, struct vfdt_vsid_map *map,
		     char *err, size_t errlen);

#endif /* VSMMU_FDT_H */
