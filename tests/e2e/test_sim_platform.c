// SPDX-License-Identifier: MIT
/*
 * The simulated platform's own parts: sparse memory (zero reads, holes,
 * backed regions, the watch hook), the range allocator (alignment, reuse,
 * double free) and the bus (windows, edges, level lines, MSI doorbells
 * against plain memory writes).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vsmmu/base.h"
#include "bus.h"
#include "mem.h"
#include "palloc.h"

static void test_mem_sparse(void **state)
{
	struct sim_mem *m;
	uint8_t b[8192];
	uint64_t v;

	(void)state;
	assert_int_equal(sim_mem_create(48, &m), 0);
	memset(b, 0xff, sizeof(b));
	/* Never written: zeros, and no page is allocated for reading. */
	assert_int_equal(sim_mem_read(m, 0x123456789000ull, b, sizeof(b)), 0);
	assert_int_equal(sim_mem_pages(m), 0);
	assert_int_equal(b[0] | b[8191], 0);
	/* A write across a page boundary lands on two pages. */
	assert_int_equal(sim_mem_write64(m, 0x1ffc, 0x1122334455667788ull), 0);
	assert_int_equal(sim_mem_pages(m), 2);
	assert_int_equal(sim_mem_read64(m, 0x1ffc, &v), 0);
	assert_int_equal(v, 0x1122334455667788ull);
	/* Beyond the address space: refused, nothing copied. */
	assert_int_equal(sim_mem_read64(m, (1ull << 48) - 4, &v),
			 -VSMMU_ERR_RANGE);
	assert_int_equal(sim_mem_write64(m, UINT64_MAX - 3, 1),
			 -VSMMU_ERR_RANGE);
	/* Holes fail every access that touches them. */
	assert_int_equal(sim_mem_add_hole(m, 0x10000, 0x1000), 0);
	assert_int_equal(sim_mem_read64(m, 0x10ff8, &v), -VSMMU_ERR_RANGE);
	assert_int_equal(sim_mem_write(m, 0xfffc, b, 8), -VSMMU_ERR_RANGE);
	assert_int_equal(sim_mem_read64(m, 0x11000, &v), 0);
	assert_int_equal(sim_mem_faults(m), 4);
	/* Zeroing does not allocate what reads as zero anyway. */
	assert_int_equal(sim_mem_zero(m, 0x100000, 1 << 20), 0);
	assert_int_equal(sim_mem_pages(m), 2);
	assert_int_equal(sim_mem_zero(m, 0x1000, 0x2000), 0);
	assert_int_equal(sim_mem_read64(m, 0x1ffc, &v), 0);
	assert_int_equal(v, 0);
	/* Many pages: the table grows and keeps every page. */
	for (v = 0; v < 5000; v++)
		assert_int_equal(sim_mem_write64(m, 0x40000000 + v * 4096, v),
				 0);
	for (v = 0; v < 5000; v++) {
		uint64_t x;

		assert_int_equal(sim_mem_read64(m, 0x40000000 + v * 4096, &x),
				 0);
		assert_int_equal(x, v);
	}
	sim_mem_destroy(m);
}

static uint64_t hits;

static void watch(void *ctx, uint64_t pa, size_t len, bool write)
{
	(void)ctx;
	(void)pa;
	(void)len;
	if (write)
		hits++;
}

static void test_mem_backed(void **state)
{
	struct sim_mem *m;
	uint8_t *buf = calloc(1, 8192);
	uint32_t v;

	(void)state;
	assert_int_equal(sim_mem_create(40, &m), 0);
	assert_int_equal(sim_mem_add_backed(m, 0x8000, 8192, buf), 0);
	assert_int_equal(sim_mem_add_backed(m, 0x8001, 4096, buf),
			 -VSMMU_ERR_INVAL);
	/* The CPU pointer and the address are the same bytes. */
	buf[4100] = 0x5a;
	assert_int_equal(sim_mem_read32(m, 0x8000 + 4100, &v), 0);
	assert_int_equal(v & 0xff, 0x5a);
	sim_mem_set_watch(m, watch, NULL);
	assert_int_equal(sim_mem_write32(m, 0x8010, 0xcafef00d), 0);
	sim_mem_set_watch(m, NULL, NULL);
	assert_int_equal(hits, 1);
	assert_memory_equal(buf + 0x10, "\x0d\xf0\xfe\xca", 4);
	assert_int_equal(sim_mem_pages(m), 0);
	sim_mem_destroy(m);
	free(buf);
}

static void test_palloc(void **state)
{
	struct sim_palloc p;
	uint64_t a, b, c, d;

	(void)state;
	assert_int_equal(sim_palloc_init(&p, 0x100000, 0x100000, 1 << 20), 0);
	/* Aligned to the size rounded up to a power of two. */
	assert_int_equal(sim_palloc_alloc(&p, 4096, 0, &a), 0);
	assert_int_equal(sim_palloc_alloc(&p, 0x3000, 0, &b), 0);
	assert_int_equal(b & 0x3fff, 0);
	assert_int_equal(sim_palloc_alloc(&p, 100, 0x10000, &c), 0);
	assert_int_equal(c & 0xffff, 0);
	assert_true(a != b && b != c);
	/* Double free and foreign ranges are refused. */
	assert_int_equal(sim_palloc_free(&p, b, 0x3000), 0);
	assert_int_not_equal(sim_palloc_free(&p, b, 0x3000), 0);
	assert_int_not_equal(sim_palloc_free(&p, 0x300000, 4096), 0);
	/* Freed space comes back, merged. */
	assert_int_equal(sim_palloc_free(&p, a, 4096), 0);
	assert_int_equal(sim_palloc_free(&p, c, 100), 0);
	assert_int_equal(p.in_use, 0);
	assert_int_equal(p.nfree, 1);
	assert_int_equal(sim_palloc_alloc(&p, 0x100000, 0, &d), 0);
	assert_int_equal(d, 0x100000);
	assert_int_equal(sim_palloc_alloc(&p, 4096, 0, &a), -VSMMU_ERR_NOMEM);
	sim_palloc_fini(&p);
}

static int mem_rd(void *ctx, uint64_t a, void *b, size_t n)
{
	return sim_mem_read(ctx, a, b, n);
}

static int mem_wr(void *ctx, uint64_t a, const void *b, size_t n)
{
	return sim_mem_write(ctx, a, b, n);
}

static uint64_t reg;
static int mmio_rd(void *ctx, uint64_t off, unsigned int size, uint64_t *v)
{
	(void)ctx;
	(void)size;
	*v = reg + off;
	return 0;
}

static int mmio_wr(void *ctx, uint64_t off, unsigned int size, uint64_t v)
{
	(void)ctx;
	(void)size;
	reg = v + off;
	return 0;
}

static unsigned int runs[4];

static void handler(void *ctx, unsigned int line)
{
	(void)ctx;
	runs[line]++;
}

static void test_bus(void **state)
{
	struct sim_mem *m;
	struct sim_mem_ops mo;
	struct sim_mmio_ops io = {mmio_rd, mmio_wr, NULL};
	struct sim_bus *b;
	uint64_t v;
	int l0, l1, db;
	uint32_t w;

	(void)state;
	assert_int_equal(sim_mem_create(40, &m), 0);
	mo.read = mem_rd;
	mo.write = mem_wr;
	mo.ctx = m;
	assert_int_equal(sim_bus_create("t", &mo, &b), 0);
	assert_int_equal(sim_bus_add_mmio(b, "dev", 0x1000, 0x1000, &io), 0);
	assert_int_equal(sim_bus_add_mmio(b, "overlap", 0x1800, 0x1000, &io),
			 -VSMMU_ERR_EXIST);
	/* Window hits go to the handler, the rest to memory. */
	assert_int_equal(sim_bus_write(b, 0x1008, 4, 0x10), 0);
	assert_int_equal(reg, 0x18);
	assert_int_equal(sim_bus_read(b, 0x1004, 4, &v), 0);
	assert_int_equal(v, 0x1c);
	assert_int_equal(sim_bus_write(b, 0x3000, 8, 0xabc), 0);
	assert_int_equal(sim_mem_read64(m, 0x3000, &v), 0);
	assert_int_equal(v, 0xabc);
	assert_int_equal(sim_bus_mmio_count(b), 2);

	l0 = sim_bus_add_line(b, "edge");
	l1 = sim_bus_add_line(b, "level");
	db = sim_bus_add_doorbell(b, "its", 0x8000040);
	assert_true(l0 >= 0 && l1 >= 0 && db >= 0);
	assert_int_equal(sim_bus_find_line(b, "its"), db);
	sim_bus_set_handler(b, (unsigned int)l0, handler, NULL);
	sim_bus_set_handler(b, (unsigned int)l1, handler, NULL);
	sim_bus_set_handler(b, (unsigned int)db, handler, NULL);
	/* Two edges before delivery are taken as one interrupt. */
	sim_bus_pulse(b, (unsigned int)l0);
	sim_bus_pulse(b, (unsigned int)l0);
	/* A level line pends on its rising edge only. */
	sim_bus_set_level(b, (unsigned int)l1, true);
	sim_bus_set_level(b, (unsigned int)l1, true);
	sim_bus_set_level(b, (unsigned int)l1, false);
	assert_true(sim_bus_pending(b));
	assert_int_equal(sim_bus_deliver(b, 4), 2);
	assert_int_equal(runs[l0], 1);
	assert_int_equal(runs[l1], 1);
	assert_int_equal(sim_bus_line_stat(b, (unsigned int)l0)->count, 2);
	assert_int_equal(sim_bus_line_stat(b, (unsigned int)l1)->count, 1);
	assert_false(sim_bus_pending(b));
	/* An MSI to the doorbell is an interrupt; elsewhere, a write. */
	assert_int_equal(sim_bus_msi(b, 0x8000040, 7), 0);
	assert_int_equal(sim_bus_line_stat(b, (unsigned int)db)->last_data, 7);
	assert_int_equal(sim_bus_msi(b, 0x5000, 0), 0);
	assert_int_equal(sim_bus_msi(b, 0x5004, 0x1234), 0);
	assert_int_equal(sim_mem_read32(m, 0x5004, &w), 0);
	assert_int_equal(w, 0x1234);
	assert_int_equal(sim_bus_deliver(b, 4), 1);
	assert_int_equal(runs[db], 1);
	sim_bus_destroy(b);
	sim_mem_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mem_sparse),
		cmocka_unit_test(test_mem_backed),
		cmocka_unit_test(test_palloc),
		cmocka_unit_test(test_bus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
