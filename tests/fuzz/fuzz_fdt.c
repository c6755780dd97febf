// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the host-tree reader (src/fdt/host.c), and for the
 * builders fed with what it accepted: the input is a host device tree
 * blob. The reader must return 0 or a -VSMMU_ERR_* code with a
 * NUL-terminated message, never crash or read outside the blob; a tree it
 * accepted must build a hardware-domain tree and a guest tree (or fail
 * cleanly) and what they write must be a valid blob.
 *
 *   clang -fsanitize=fuzzer,address -Iinclude tests/fuzz/fuzz_fdt.c \
 *         src/fdt/{util,addr,host,cfg,irq,passthrough,guest,hwdom}.c \
 *         src/base/{fmt,strerror}.c -lfdt
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

#include "vsmmu/fdt.h"

#define FZ_SMMUS 8
#define FZ_SIDS	 64
#define FZ_OUT	 (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t fz_next;

static int fz_alloc(void *ctx, unsigned int smmu, uint32_t psid, uint32_t count,
		    uint32_t *vsid)
{
	(void)ctx;
	(void)smmu;
	(void)psid;
	*vsid = fz_next;
	fz_next += count;
	return 0;
}

static int fz_identity(void *ctx, unsigned int smmu, uint32_t psid,
		       uint32_t count)
{
	(void)ctx;
	(void)smmu;
	(void)psid;
	(void)count;
	return 0;
}

static void fz_check_msg(const char *err, size_t n)
{
	if (!memchr(err, '\0', n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vfdt_psmmu smmus[FZ_SMMUS];
	static struct vfdt_sids sids[FZ_SIDS];
	static struct vfdt_vsid_ent ents[FZ_SIDS];
	static struct vfdt_domain_cfg cfg;
	struct vfdt_host h = {smmus, FZ_SMMUS, 0, sids, FZ_SIDS, 0};
	struct vfdt_vsid_ops ops = {NULL, fz_alloc, fz_identity, NULL};
	struct vfdt_vsid_map map = {ents, FZ_SIDS, 0};
	struct vfdt_guest_out res = {.map = {ents, FZ_SIDS, 0}};
	char err[256];
	void *blob, *out;
	int rc;

	if (size > FZ_OUT / 2)
		return 0;
	/* libfdt wants an 8-byte aligned blob; malloc gives one. The copy
	 * is exactly size bytes so that ASan sees any read past the end. */
	blob = malloc(size ? size : 1);
	if (!blob)
		return 0;
	memcpy(blob, data, size);
	memset(err, 'x', sizeof(err));
	rc = vfdt_host_read(blob, size, &h, err, sizeof(err));
	if (rc > 0 || rc < -VSMMU_ERR_MAX || h.nsmmus > FZ_SMMUS ||
	    h.nsids > FZ_SIDS)
		abort();
	if (rc) {
		fz_check_msg(err, sizeof(err));
		free(blob);
		return 0;
	}
	for (size_t i = 0; i < h.nsids; i++)
		if (sids[i].smmu >= h.nsmmus || sids[i].count == 0)
			abort();

	out = malloc(FZ_OUT);
	if (!out) {
		free(blob);
		return 0;
	}
	rc = vfdt_hwdom_build(blob, size, &h, &ops, out, FZ_OUT, &map, err,
			      sizeof(err));
	if (rc == 0 && fdt_check_full(out, fdt_totalsize(out)))
		abort();
	/* Again with the first SMMU hidden: its references are cut out. */
	if (h.nsmmus) {
		smmus[0].hidden = true;
		rc = vfdt_hwdom_build(blob, size, &h, &ops, out, FZ_OUT, &map,
				      err, sizeof(err));
		if (rc == 0 && fdt_check_full(out, fdt_totalsize(out)))
			abort();
		smmus[0].hidden = false;
	}

	/* A guest of the first device, with the host tree as its fragment:
	 * the fragment's iommus then name host SMMUs, as a real one does. */
	vfdt_cfg_init(&cfg);
	cfg.viommu = true;
	if (h.nsids) {
		cfg.ndtdev = 1;
		memcpy(cfg.dtdev[0], sids[0].path, sizeof(cfg.dtdev[0]));
	}
	struct vfdt_guest_in in = {blob, size, &h, &cfg, blob, size, &ops};

	fz_next = 0;
	rc = vfdt_guest_build(&in, out, FZ_OUT, &res, err, sizeof(err));
	if (rc == 0 && fdt_check_full(out, fdt_totalsize(out)))
		abort();
	fz_check_msg(err, sizeof(err));
	free(out);
	free(blob);
	return 0;
}
