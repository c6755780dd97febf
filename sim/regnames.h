/* SPDX-License-Identifier: MIT */
/* sim/regnames.h - SMMUv3 register names for traces and tables. */
#ifndef SIM_REGNAMES_H
#define SIM_REGNAMES_H

#include <stdint.h>

/* "CMDQ_PROD", "EVENTQ_CONS", "STRTAB_BASE+4", or "reg?" */
const char *sim_reg_name(uint32_t off);

#endif /* SIM_REGNAMES_H */
