/* SPDX-License-Identifier: MIT */
/* vsmmu-dt: shared declarations of the tool's files. */
#ifndef VSMMU_DT_TOOL_H
#define VSMMU_DT_TOOL_H

#include <stdio.h>

#include "vsmmu/fdt.h"

/* domain.c: vIOMMU domains backed by malloc, one trivial backend per SMMU. */
struct vdt_domains;
int vdt_domains_create(const struct vfdt_host *h, bool hwdom,
		       struct vdt_domains **out, struct vfdt_vsid_ops *ops);
void vdt_domains_destroy(struct vdt_domains *d);

/* print.c: a device tree blob as DTS source. */
void vdt_print_dts(FILE *f, const void *fdt);

#endif
