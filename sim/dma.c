// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>

#include "dma.h"

void sim_dma_init(struct sim_dma *d, const char *name, struct smmu_model *smmu,
		  uint32_t sid)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name ? name : "dev");
	d->smmu = smmu;
	d->sid = sid;
	d->ssid = SMMU_MODEL_NO_SSID;
}

static int sim_dma_done(struct sim_dma *d, int ret)
{
	if (ret || d->last.outcome != SMMU_MODEL_OK) {
		d->st.faults++;
		if (!ret)
			ret = -VSMMU_ERR_FAULT;
	}
	return ret;
}

int sim_dma_write(struct sim_dma *d, uint64_t iova, const void *buf, size_t len)
{
	int ret;

	memset(&d->last, 0, sizeof(d->last));
	d->st.writes++;
	ret = smmu_model_dma_write(d->smmu, d->sid, d->ssid, iova, buf, len,
				   SMMU_MODEL_ACC_WRITE, &d->last);
	d->st.bytes_written += ret				  ? d->last.done
			       : d->last.outcome == SMMU_MODEL_OK ? len
								  : 0;
	return sim_dma_done(d, ret);
}

int sim_dma_read(struct sim_dma *d, uint64_t iova, void *buf, size_t len)
{
	int ret;

	memset(&d->last, 0, sizeof(d->last));
	d->st.reads++;
	ret = smmu_model_dma_read(d->smmu, d->sid, d->ssid, iova, buf, len, 0,
				  &d->last);
	d->st.bytes_read += ret				       ? d->last.done
			    : d->last.outcome == SMMU_MODEL_OK ? len
							       : 0;
	return sim_dma_done(d, ret);
}

/* A byte of the pattern: a hash of seed and position, never constant. */
static uint8_t sim_pattern_byte(uint32_t seed, uint64_t pos)
{
	uint64_t x = (pos + 1) * 0x9E3779B97F4A7C15ull ^ ((uint64_t)seed << 17);

	x ^= x >> 29;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 32;
	return (uint8_t)x;
}

void sim_pattern(void *buf, size_t len, uint32_t seed, uint64_t off)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = sim_pattern_byte(seed, off + i);
}

size_t sim_pattern_diff(const void *buf, size_t len, uint32_t seed,
			uint64_t off)
{
	const uint8_t *p = buf;
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += p[i] != sim_pattern_byte(seed, off + i);
	return n;
}
