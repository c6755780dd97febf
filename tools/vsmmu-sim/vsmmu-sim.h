/* SPDX-License-Identifier: MIT */
/* tools/vsmmu-sim/vsmmu-sim.h - shared by the tool's files. */
#ifndef VSMMU_SIM_TOOL_H
#define VSMMU_SIM_TOOL_H

#include <stdio.h>

#include "host.h"
#include "hyp.h"
#include "workload.h"

/* The human summary: one table per device, per vSMMU, per pSMMU. */
void vsim_report_text(FILE *f, struct sim_host *h, int fails);
/* The same as one JSON object. */
void vsim_report_json(FILE *f, struct sim_host *h, int fails);

#endif /* VSMMU_SIM_TOOL_H */
