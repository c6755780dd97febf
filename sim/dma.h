/* SPDX-License-Identifier: MIT */
/*
 * sim/dma.h - DMA masters: devices with a StreamID behind an SMMU model.
 *
 * A master reads and writes through smmu_model_dma_read/write, so every
 * access is translated (or faulted) by the SMMU exactly as a real device's
 * would be. Patterns are deterministic in (seed, offset) so a checker can
 * tell which transfer put which byte where.
 */
#ifndef SIM_DMA_H
#define SIM_DMA_H

#include <stddef.h>
#include <stdint.h>

#include "vsmmu/model.h"

struct sim_dma_stats {
	uint64_t reads, writes;		    /* transfers attempted */
	uint64_t bytes_read, bytes_written; /* bytes that completed */
	uint64_t faults;		    /* transfers aborted or RAZ/WI */
};

struct sim_dma {
	char name[32];
	struct smmu_model *smmu;
	uint32_t sid;
	uint32_t ssid; /* SMMU_MODEL_NO_SSID normally */
	struct sim_dma_stats st;
	struct smmu_model_result last; /* of the last transfer */
};

void sim_dma_init(struct sim_dma *d, const char *name, struct smmu_model *smmu,
		  uint32_t sid);

/*
 * One transfer. Returns 0 when every byte went through, -VSMMU_ERR_FAULT
 * when the SMMU terminated it (d->last says how), or another error.
 */
int sim_dma_write(struct sim_dma *d, uint64_t iova, const void *buf,
		  size_t len);
int sim_dma_read(struct sim_dma *d, uint64_t iova, void *buf, size_t len);

/* Fill buf with the pattern of seed, as it would sit at offset off. */
void sim_pattern(void *buf, size_t len, uint32_t seed, uint64_t off);
/* Bytes of buf that differ from the pattern (0 = all match). */
size_t sim_pattern_diff(const void *buf, size_t len, uint32_t seed,
			uint64_t off);

#endif /* SIM_DMA_H */
