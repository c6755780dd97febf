// SPDX-License-Identifier: MIT
/*
 * The vSMMU's SPIs must not collide with an interrupt the guest already
 * has: a passthrough fragment node's, or an assigned host device's (Xen
 * routes a passthrough device's SPIs 1:1, so the host number is the guest
 * number). Only GIC specifiers are understood: three cells, <type number
 * flags>, type 0 = SPI, number = INTID - 32 (GIC binding).
 */
#include "vsmmu/env.h"
#include "vsmmu/fdt.h"
#include "internal.h"

#define VFDT_NSPI_ (VFDT_SPI_LAST - VFDT_SPI_FIRST + 1u)

struct vfdt_spiset_ {
	uint8_t used[(VFDT_NSPI_ + 7u) / 8u];
};

static void vfdt_spi_mark_(struct vfdt_spiset_ *s, uint32_t intid)
{
	if (intid >= VFDT_SPI_FIRST && intid <= VFDT_SPI_LAST) {
		intid -= VFDT_SPI_FIRST;
		s->used[intid / 8u] |= (uint8_t)(1u << (intid % 8u));
	}
}

static bool vfdt_spi_used_(const struct vfdt_spiset_ *s, uint32_t intid)
{
	intid -= VFDT_SPI_FIRST;
	return s->used[intid / 8u] & (1u << (intid % 8u));
}

/*
 * Mark the SPIs of node off. In the host tree the parent's
 * #interrupt-cells decides, and a non-GIC parent is skipped; in the guest
 * tree, see below.
 * If want is one of them, *hit is set.
 */
static int vfdt_spi_node_(const void *fdt, int off, bool guest,
			  struct vfdt_spiset_ *s, uint32_t want, bool *hit,
			  struct vfdt_err_ *e)
{
	const void *p;
	int len, parent, rc;
	uint32_t cells = 3, i;
	char path[VFDT_PATH_MAX];

	p = fdt_getprop(fdt, off, "interrupts", &len);
	if (!p)
		return 0;
	if (guest) {
		struct vfdt_err_ quiet = {NULL, 0};

		/*
		 * A parent found inside the fragment is one of its own
		 * controllers: only a three-cell (GIC) one shares the SPI
		 * space. Otherwise the parent is the guest GIC, which the
		 * fragment names by number only.
		 */
		rc = vfdt_irq_parent_(fdt, off, &parent, &cells, &quiet);
		if (rc == 0 && cells != 3)
			return 0;
		cells = 3;
	} else {
		rc = vfdt_irq_parent_(fdt, off, &parent, &cells, e);
		if (rc == -VSMMU_ERR_NOENT || (rc == 0 && cells != 3))
			return 0;
		if (rc)
			return rc;
	}
	if (len % 12)
		return VFDT_FAIL_(e, -VSMMU_ERR_BADFDT,
				  "node %s property interrupts: length %d is "
				  "not a whole number of 3-cell GIC specifiers",
				  vfdt_path_(fdt, off, path, sizeof(path)),
				  len);
	for (i = 0; i < (uint32_t)len / 12u; i++) {
		uint32_t type = vfdt_cell_(p, i * 3u),
			 num = vfdt_cell_(p, i * 3u + 1);

		if (type != VFDT_GIC_SPI_ ||
		    num > VFDT_SPI_LAST - VFDT_SPI_FIRST)
			continue;
		vfdt_spi_mark_(s, num + VFDT_SPI_FIRST);
		if (num + VFDT_SPI_FIRST == want)
			*hit = true;
	}
	return 0;
}

/*
 * Mark every SPI in use; with want != 0, stop at the first node that uses
 * it and name it in who.
 */
static int vfdt_spi_scan_(const void *gt, const void *host_fdt,
			  const struct vfdt_domain_cfg *cfg,
			  struct vfdt_spiset_ *s, uint32_t want, char *who,
			  size_t wholen, struct vfdt_err_ *e)
{
	int off, depth = 0, rc;
	unsigned int i;
	bool hit = false;

	for (off = fdt_next_node(gt, -1, &depth); off >= 0;
	     off = fdt_next_node(gt, off, &depth)) {
		rc = vfdt_spi_node_(gt, off, true, s, want, &hit, e);
		if (rc)
			return rc;
		if (hit) {
			char p[VFDT_PATH_MAX];

			vsmmu_snprintf(who, wholen, "passthrough node %s",
				       vfdt_path_(gt, off, p, sizeof(p)));
			return 1;
		}
	}
	for (i = 0; i < cfg->ndtdev; i++) {
		off = fdt_path_offset(host_fdt, cfg->dtdev[i]);
		if (off < 0)
			continue; /* reported by the caller's own check */
		rc = vfdt_spi_node_(host_fdt, off, false, s, want, &hit, e);
		if (rc)
			return rc;
		if (hit) {
			vsmmu_snprintf(who, wholen,
				       "assigned device %s (host tree)",
				       cfg->dtdev[i]);
			return 1;
		}
	}
	return 0;
}

int vfdt_irq_choose_(const void *gt, const void *host_fdt,
		     const struct vfdt_domain_cfg *cfg, uint32_t irq[2],
		     unsigned int *nirqs, struct vfdt_err_ *e)
{
	struct vfdt_spiset_ s;
	unsigned int n = cfg->irq_mode == VFDT_IRQ_SEPARATE ? 2u : 1u, k;
	uint32_t cand;
	char who[VFDT_PATH_MAX + 32];
	int rc;

	for (k = 0; k < n; k++) {
		if (cfg->irq[k] < VFDT_SPI_FIRST || cfg->irq[k] > VFDT_SPI_LAST)
			return VFDT_FAIL_(e, -VSMMU_ERR_BADCFG,
					  "vsmmu_irq: %u is not an SPI INTID",
					  cfg->irq[k]);
	}
	if (cfg->irq_fixed) {
		for (k = 0; k < n; k++) {
			vsmmu_memset(&s, 0, sizeof(s));
			rc = vfdt_spi_scan_(gt, host_fdt, cfg, &s, cfg->irq[k],
					    who, sizeof(who), e);
			if (rc < 0)
				return rc;
			if (rc > 0)
				return VFDT_FAIL_(
					e, -VSMMU_ERR_EXIST,
					"vsmmu_irq %u (GIC_SPI %u) is also "
					"used by %s; choose another or leave "
					"vsmmu_irq unset",
					cfg->irq[k],
					cfg->irq[k] - VFDT_SPI_FIRST, who);
			irq[k] = cfg->irq[k];
		}
		*nirqs = n;
		return 0;
	}
	vsmmu_memset(&s, 0, sizeof(s));
	rc = vfdt_spi_scan_(gt, host_fdt, cfg, &s, 0, who, sizeof(who), e);
	if (rc < 0)
		return rc;
	/* Start at the configured default and move up past used SPIs. */
	cand = cfg->irq[0];
	for (k = 0; k < n; k++) {
		while (cand <= VFDT_SPI_LAST && vfdt_spi_used_(&s, cand))
			cand++;
		if (cand > VFDT_SPI_LAST)
			return VFDT_FAIL_(e, -VSMMU_ERR_FULL,
					  "vsmmu_irq: no free SPI at or above "
					  "%u for the vSMMU",
					  cfg->irq[0]);
		irq[k] = cand;
		vfdt_spi_mark_(&s, cand);
	}
	*nirqs = n;
	return 0;
}
