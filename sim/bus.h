/* SPDX-License-Identifier: MIT */
/*
 * sim/bus.h - an address space as one CPU (or one guest) sees it: MMIO
 * windows dispatched to handlers, memory behind everything else, wired
 * interrupt lines and MSI doorbells.
 *
 * Interrupts are recorded when they fire (count, last MSI data) and kept
 * pending until sim_bus_deliver() runs the handler registered for the
 * line, the way an interrupt controller holds an edge until the CPU takes
 * it. The platform calls sim_bus_deliver() between steps, so a handler
 * never runs inside the device callback that raised it.
 */
#ifndef SIM_BUS_H
#define SIM_BUS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Memory behind the bus: physical memory, or a guest's IPA space. */
struct sim_mem_ops {
	int (*read)(void *ctx, uint64_t addr, void *buf, size_t len);
	int (*write)(void *ctx, uint64_t addr, const void *buf, size_t len);
	void *ctx;
};

/* An MMIO window; off is relative to the window base. */
struct sim_mmio_ops {
	int (*read)(void *ctx, uint64_t off, unsigned int size, uint64_t *val);
	int (*write)(void *ctx, uint64_t off, unsigned int size, uint64_t val);
	void *ctx;
};

typedef void (*sim_irq_fn)(void *ctx, unsigned int line);

#define SIM_BUS_MAX_WINDOWS 32u
#define SIM_BUS_MAX_LINES   64u
#define SIM_NAME_LEN	    32u

/* What a line (wired or MSI doorbell) has seen. */
struct sim_irq_stat {
	char name[SIM_NAME_LEN];
	bool is_msi;
	uint64_t doorbell;  /* MSI: the doorbell address */
	uint64_t count;	    /* edges or MSI writes */
	uint64_t delivered; /* handler runs */
	uint32_t last_data; /* MSI: last payload */
	bool level;	    /* wired: current level (level-set API) */
};

struct sim_bus;

int sim_bus_create(const char *name, const struct sim_mem_ops *mem,
		   struct sim_bus **out);
void sim_bus_destroy(struct sim_bus *b);

/* Map a window; overlapping windows are refused (-VSMMU_ERR_EXIST). */
int sim_bus_add_mmio(struct sim_bus *b, const char *name, uint64_t base,
		     uint64_t size, const struct sim_mmio_ops *ops);

/*
 * A CPU access: MMIO when addr hits a window (size 4 or 8), memory
 * otherwise. Returns the handler's or memory's result.
 */
int sim_bus_read(struct sim_bus *b, uint64_t addr, unsigned int size,
		 uint64_t *val);
int sim_bus_write(struct sim_bus *b, uint64_t addr, unsigned int size,
		  uint64_t val);
/* Bulk memory access (never MMIO). */
int sim_bus_mem_read(struct sim_bus *b, uint64_t addr, void *buf, size_t len);
int sim_bus_mem_write(struct sim_bus *b, uint64_t addr, const void *buf,
		      size_t len);

/* A wired line; returns its number (>= 0) or -VSMMU_ERR_FULL. */
int sim_bus_add_line(struct sim_bus *b, const char *name);
/* An MSI doorbell at addr (a 32-bit write there is an interrupt). */
int sim_bus_add_doorbell(struct sim_bus *b, const char *name, uint64_t addr);
/* Find a line by name; -VSMMU_ERR_NOENT. */
int sim_bus_find_line(const struct sim_bus *b, const char *name);
int sim_bus_set_handler(struct sim_bus *b, unsigned int line, sim_irq_fn fn,
			void *ctx);

/* Raise an edge on a wired line. */
void sim_bus_pulse(struct sim_bus *b, unsigned int line);
/* Drive a wired line's level; a rising edge pends it. */
void sim_bus_set_level(struct sim_bus *b, unsigned int line, bool level);
/*
 * A 32-bit MSI write: an interrupt when addr is a doorbell, a memory
 * write otherwise (the CMD_SYNC completion trick writes memory).
 */
int sim_bus_msi(struct sim_bus *b, uint64_t addr, uint32_t data);

/*
 * Run the handlers of pending lines until none is pending or rounds
 * passes are done. Returns the number of handler runs.
 */
unsigned int sim_bus_deliver(struct sim_bus *b, unsigned int rounds);
bool sim_bus_pending(const struct sim_bus *b);

const struct sim_irq_stat *sim_bus_line_stat(const struct sim_bus *b,
					     unsigned int line);
unsigned int sim_bus_nlines(const struct sim_bus *b);
const char *sim_bus_name(const struct sim_bus *b);

/* MMIO counters: accesses that hit a window, and ones that hit nothing. */
uint64_t sim_bus_mmio_count(const struct sim_bus *b);

#endif /* SIM_BUS_H */
