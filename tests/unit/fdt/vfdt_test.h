/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the fdt tests: fixtures, a recording vSID allocator, property
 * checks, and tree surgery for malformed inputs. Hosted code.
 */
#ifndef VFDT_TEST_H
#define VFDT_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include "vsmmu/fdt.h"

#define VT_SMMUS 8
#define VT_SIDS	 64
#define VT_MAP	 64
#define VT_BUF	 (256 * 1024) /* every fixture buffer: room to grow */

/* A fixture compiled by the build, in a malloc'ed (aligned) buffer with
 * extra bytes to grow into. */
static inline void *vt_load(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	long n;
	void *b;

	snprintf(path, sizeof(path), "%s/%s", VFDT_FIXTURES, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("fixture %s missing", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	assert_true(n > 0 && n < VT_BUF / 2);
	b = calloc(1, VT_BUF);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* A text file of examples/ (a domain config), NUL-terminated. */
static inline char *vt_example_text(const char *name)
{
	char path[512];
	FILE *f;
	char *b = calloc(1, 65536);
	size_t n;

	assert_non_null(b);
	snprintf(path, sizeof(path), "%s/%s", VFDT_EXAMPLES, name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("example %s missing", path);
	n = fread(b, 1, 65535, f);
	b[n] = '\0';
	fclose(f);
	return b;
}

/* A host description with room for everything the fixtures hold. */
struct vt_host {
	struct vfdt_psmmu smmus[VT_SMMUS];
	struct vfdt_sids sids[VT_SIDS];
	struct vfdt_host h;
};

static inline int vt_host_read(const void *fdt, size_t len, struct vt_host *t,
			       char *err, size_t errlen)
{
	t->h = (struct vfdt_host){t->smmus, VT_SMMUS, 0, t->sids, VT_SIDS, 0};
	return vfdt_host_read(fdt, len, &t->h, err, errlen);
}

/* A vSID allocator that hands out vSIDs in order and records each call. */
struct vt_call {
	unsigned int smmu;
	uint32_t psid, count;
	bool identity;
};

struct vt_alloc {
	uint32_t next;
	unsigned int calls;
	int fail_at; /* call number that fails (1-based), 0: none */
	struct vt_call log[64];
	unsigned int nrel; /* release calls, recorded in rel[] */
	struct vt_call rel[64];
};

static inline int vt_alloc_fn(void *ctx, unsigned int smmu, uint32_t psid,
			      uint32_t count, uint32_t *vsid)
{
	struct vt_alloc *a = ctx;

	if (a->calls < 64)
		a->log[a->calls] = (struct vt_call){smmu, psid, count, false};
	if ((int)++a->calls == a->fail_at)
		return -VSMMU_ERR_FULL;
	*vsid = a->next;
	a->next += count;
	return 0;
}

static inline int vt_identity_fn(void *ctx, unsigned int smmu, uint32_t psid,
				 uint32_t count)
{
	struct vt_alloc *a = ctx;

	if (a->calls < 64)
		a->log[a->calls] = (struct vt_call){smmu, psid, count, true};
	if ((int)++a->calls == a->fail_at)
		return -VSMMU_ERR_EXIST;
	return 0;
}

/* rel[].psid holds the released vSID */
static inline void vt_release_fn(void *ctx, unsigned int smmu, uint32_t vsid,
				 uint32_t count)
{
	struct vt_alloc *a = ctx;

	if (a->nrel < 64)
		a->rel[a->nrel] = (struct vt_call){smmu, vsid, count, false};
	a->nrel++;
}

static inline struct vfdt_vsid_ops vt_ops(struct vt_alloc *a)
{
	return (struct vfdt_vsid_ops){a, vt_alloc_fn, vt_identity_fn,
				      vt_release_fn};
}

/* Node offset by path; fails the test when absent. */
static inline int vt_node(const void *fdt, const char *path)
{
	int off = fdt_path_offset(fdt, path);

	if (off < 0)
		fail_msg("node %s: %s", path, fdt_strerror(off));
	return off;
}

/* Property of path equals the n cells given. */
static inline void vt_cells(const void *fdt, const char *path, const char *name,
			    unsigned int n, ...)
{
	const fdt32_t *p;
	int len;
	va_list ap;

	p = fdt_getprop(fdt, vt_node(fdt, path), name, &len);
	if (!p)
		fail_msg("%s %s: absent", path, name);
	if (len != (int)(4 * n))
		fail_msg("%s %s: length %d, expected %u cells", path, name, len,
			 n);
	va_start(ap, n);
	for (unsigned int i = 0; i < n; i++) {
		uint32_t want = va_arg(ap, uint32_t);

		if (fdt32_ld(p + i) != want) {
			va_end(ap);
			fail_msg("%s %s: cell %u is 0x%x, expected 0x%x", path,
				 name, i, fdt32_ld(p + i), want);
		}
	}
	va_end(ap);
}

/* Property of path is exactly these bytes (strings with their NULs). */
static inline void vt_bytes(const void *fdt, const char *path, const char *name,
			    const void *v, int n)
{
	const void *p;
	int len;

	p = fdt_getprop(fdt, vt_node(fdt, path), name, &len);
	if (!p)
		fail_msg("%s %s: absent", path, name);
	assert_int_equal(len, n);
	assert_memory_equal(p, v, (size_t)n);
}

static inline bool vt_has(const void *fdt, const char *path, const char *name)
{
	return fdt_getprop(fdt, vt_node(fdt, path), name, NULL) != NULL;
}

/* Set a property on a copy of a fixture (the buffer has room to grow). */
static inline void vt_set(void *fdt, const char *path, const char *name,
			  const void *v, int len)
{
	int rc;

	assert_int_equal(fdt_open_into(fdt, fdt, VT_BUF), 0);
	rc = fdt_setprop(fdt, vt_node(fdt, path), name, v, len);
	if (rc)
		fail_msg("setprop %s %s: %s", path, name, fdt_strerror(rc));
	assert_int_equal(fdt_pack(fdt), 0);
}

static inline void vt_set_cells(void *fdt, const char *path, const char *name,
				unsigned int n, ...)
{
	fdt32_t c[16];
	va_list ap;

	assert_true(n <= 16);
	va_start(ap, n);
	for (unsigned int i = 0; i < n; i++)
		c[i] = cpu_to_fdt32(va_arg(ap, uint32_t));
	va_end(ap);
	vt_set(fdt, path, name, c, (int)(4 * n));
}

/* The message names what it must name. */
#define vt_err_has(err, s)                                                     \
	do {                                                                   \
		if (!strstr((err), (s)))                                       \
			fail_msg("error \"%s\" does not mention \"%s\"",       \
				 (err), (s));                                  \
	} while (0)

#endif
