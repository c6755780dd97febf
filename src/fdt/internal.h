/* SPDX-License-Identifier: MIT */
/*
 * src/fdt/internal.h - helpers shared by the files of the fdt layer.
 *
 * Files: util.c (checks, cells, paths, messages), addr.c (reg, ranges,
 * address windows), host.c (host tree reader), cfg.c (xl.cfg subset),
 * irq.c (SPI collisions), passthrough.c
 * (fragment rewriter), guest.c (guest tree), hwdom.c (hardware domain),
 * viommu.c (the framework as allocator).
 *
 * libfdt is the only library: every blob access goes through it, and no
 * libc function is called (the few string helpers are below).
 */
#ifndef VSMMU_FDT_INTERNAL_H
#define VSMMU_FDT_INTERNAL_H

#include "vsmmu/env.h"
#include "vsmmu/base.h"
#include "vsmmu/fdt.h"

#include <libfdt.h>

/* The caller's error-message buffer. */
struct vfdt_err_ {
	char *buf;
	size_t len;
};

/*
 * Write one message into the caller's buffer and evaluate to code, so that
 * `return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT, "...", ...);` reads as one step.
 */
#define VFDT_FAIL_(e, code, ...)                                               \
	((void)vsmmu_snprintf((e)->buf, (e)->len, __VA_ARGS__), (code))

/* The SMMUv3 binding's compatible string (facts §9). */
#define VFDT_SMMUV3_COMPAT_   "arm,smmu-v3"

/* A GIC interrupt specifier: <type number flags> (type 0 = SPI). */
#define VFDT_GIC_SPI_	      0u
#define VFDT_GIC_EDGE_RISING_ 1u

/* ---- util.c ------------------------------------------------------------- */

size_t vfdt_strnlen_(const char *s, size_t max);
bool vfdt_streq_(const char *a, const char *b);
/* Copy a NUL-terminated string; false (and dst = "") if it does not fit. */
bool vfdt_strlcpy_(char *dst, const char *src, size_t size);

/* Cell i of a property value (big-endian, possibly unaligned). */
static inline uint32_t vfdt_cell_(const void *prop, size_t i)
{
	return fdt32_ld((const fdt32_t *)prop + i);
}

/*
 * The path of a node for a message: buf, or "<node at offset N>" when
 * libfdt cannot name it. Never fails.
 */
const char *vfdt_path_(const void *fdt, int off, char *buf, size_t len);

/*
 * Check a blob before anything else reads it: fdt_check_full over size
 * bytes (header, blocks inside the buffer, structure, strings), then the
 * nesting depth against VFDT_MAX_DEPTH. what names the blob in messages.
 * BADFDT, or INVAL for a size libfdt cannot take.
 */
int vfdt_check_blob_(const void *fdt, size_t size, const char *what,
		     struct vfdt_err_ *e);

/*
 * A one-cell property. 0 and *v, -VSMMU_ERR_NOENT when absent, BADFDT
 * (with a message) when its length is not 4.
 */
int vfdt_get_u32_(const void *fdt, int off, const char *name, uint32_t *v,
		  struct vfdt_err_ *e);

/*
 * The node that cell value ph of property prop of node off refers to.
 * Offset, or BADFDT: phandle 0 or 0xffffffff, or no node has it.
 */
int vfdt_phandle_node_(const void *fdt, int off, const char *prop, uint32_t ph,
		       struct vfdt_err_ *e);

/* status absent, "okay" or "ok". */
bool vfdt_node_okay_(const void *fdt, int off);

bool vfdt_is_smmuv3_(const void *fdt, int off);

/*
 * The interrupt parent of node off (its interrupt-parent, or its nearest
 * ancestor's) and that controller's #interrupt-cells. 0, -VSMMU_ERR_NOENT
 * when the tree names none, BADFDT when it names a bad one.
 */
int vfdt_irq_parent_(const void *fdt, int off, int *parent, uint32_t *cells,
		     struct vfdt_err_ *e);

/* A libfdt error from a write into the output: NOSPACE or INTERNAL. */
int vfdt_out_err_(int fdterr, const char *what, struct vfdt_err_ *e);

/*
 * Give back the first n ranges of map (ops->release, if there is one):
 * a build whose allocation failed part way leaves the domain as it was.
 */
void vfdt_release_(const struct vfdt_vsid_ops *ops,
		   const struct vfdt_vsid_map *map, size_t n);

/* ---- host.c ------------------------------------------------------------- */

/* Index of the host SMMU whose path is that of node off, or -NOENT. */
int vfdt_host_smmu_by_path_(const struct vfdt_host *h, const char *path);

/* ---- addr.c ------------------------------------------------------------- */

/* A reg or ranges value of n (1 or 2) cells at cell i as a 64-bit number. */
uint64_t vfdt_cells64_(const void *p, size_t i, int n);

/* #address-cells and #size-cells that bus's children use; BADFDT. */
int vfdt_bus_cells_(const void *fdt, int bus, int *ac, int *sc,
		    struct vfdt_err_ *e);

/*
 * A bus address of bus's children as a CPU address, through the ranges of
 * bus and its ancestors. BADFDT (outside every range, malformed ranges,
 * wraps), NOTSUPP (more than 2 address or size cells).
 */
int vfdt_translate_(const void *fdt, int bus, uint64_t *addr,
		    struct vfdt_err_ *e);

/*
 * 0 when no reg of the tree (as CPU addresses) meets [base, base + size);
 * EXIST naming the node otherwise; BADFDT for a malformed reg. size > 0
 * and base + size - 1 must not wrap.
 */
int vfdt_window_user_(const void *fdt, uint64_t base, uint64_t size,
		      struct vfdt_err_ *e);

/* ---- irq.c -------------------------------------------------------------- */

/*
 * Choose the vSMMU's INTIDs (cfg->irq, one or two lines) so that no node
 * of the guest tree gt (GIC specifiers, three cells) and no assigned host
 * device (the dtdev nodes of host_fdt) uses them. A fixed choice that is
 * used: EXIST naming the user. A default one moves up to the next free
 * SPIs: FULL when none is left.
 */
int vfdt_irq_choose_(const void *gt, const void *host_fdt,
		     const struct vfdt_domain_cfg *cfg, uint32_t irq[2],
		     unsigned int *nirqs, struct vfdt_err_ *e);

/* ---- passthrough.c ------------------------------------------------------ */

/*
 * Walk the guest tree gt: every "iommus" and "iommu-map" must name a host
 * SMMUv3 and pSIDs inside map (vfdt_guest_build's plan). With commit
 * false, only check; with commit true, write the (vSMMU phandle, vSID)
 * values in place (same length, so offsets do not move). BADFDT / BADCFG.
 */
int vfdt_pt_rewrite_(void *gt, const struct vfdt_host *h,
		     const struct vfdt_vsid_map *map, uint32_t vsmmu_phandle,
		     bool commit, struct vfdt_err_ *e);

/* Remove "iommus", "iommu-map" and "iommu-map-mask" from every node. */
int vfdt_pt_strip_(void *gt, struct vfdt_err_ *e);

#endif /* VSMMU_FDT_INTERNAL_H */
