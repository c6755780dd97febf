// SPDX-License-Identifier: MIT
/* Names of the vsmmu error codes. */
#include "vsmmu/env.h"
#include "vsmmu/base.h"

static const char *const vsmmu_err_names[VSMMU_ERR_MAX + 1] = {
	[0] = "success",
	[VSMMU_ERR_NOENT] = "no such object",
	[VSMMU_ERR_EXIST] = "already exists",
	[VSMMU_ERR_FULL] = "table full",
	[VSMMU_ERR_FAULT] = "translation fault",
	[VSMMU_ERR_BUSY] = "busy",
	[VSMMU_ERR_INVAL] = "invalid parameter",
	[VSMMU_ERR_RANGE] = "out of range",
	[VSMMU_ERR_NOTSUPP] = "not supported",
	[VSMMU_ERR_STATE] = "wrong state",
	[VSMMU_ERR_PERM] = "permission denied",
	[VSMMU_ERR_NOSPACE] = "buffer too small",
	[VSMMU_ERR_ILL] = "malformed structure",
	[VSMMU_ERR_BADFDT] = "malformed device tree",
	[VSMMU_ERR_BADCFG] = "malformed configuration",
	[VSMMU_ERR_NOMEM] = "out of memory",
	[VSMMU_ERR_GMEM] = "guest memory access failed",
	[VSMMU_ERR_IO] = "hardware access failed",
	[VSMMU_ERR_TIMEOUT] = "hardware timed out",
	[VSMMU_ERR_HW] = "hardware error",
	[VSMMU_ERR_INTERNAL] = "internal error",
};

const char *vsmmu_strerror(int err)
{
	unsigned int e = err < 0 ? (unsigned int)-(long)err : (unsigned int)err;

	if (e > VSMMU_ERR_MAX)
		return "unknown error";
	return vsmmu_err_names[e];
}
