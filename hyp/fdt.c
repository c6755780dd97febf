// SPDX-License-Identifier: MIT
/*
 * Just enough of the flattened device tree format (DTSpec v0.4 §5) to
 * read the platform and to edit a property in place: the structure block
 * is walked token by token with every offset checked against the blob.
 */
#include "hyp.h"

#define FDT_MAGIC	0xd00dfeedu
#define FDT_BEGIN_NODE	1u
#define FDT_END_NODE	2u
#define FDT_PROP	3u
#define FDT_NOP		4u
#define FDT_END		9u

bool dt_valid(const void *fdt)
{
	const uint8_t *h = fdt;

	return be32(h) == FDT_MAGIC && be32(h + 4) >= 40 &&
	       be32(h + 4) <= 0x200000 && be32(h + 20) >= 16;
}

uint32_t dt_size(const void *fdt)
{
	return be32((const uint8_t *)fdt + 4);
}

static size_t dt_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool str_prefix_node(const char *name, const char *want)
{
	while (*want && *name == *want) {
		name++;
		want++;
	}
	return !*want && (!*name || *name == '@');
}

/*
 * Walk every node; in the first that matches, return prop. Matching by
 * compat needs the node's "compatible", which may come after prop, so
 * both are looked up per node before moving on.
 */
const void *dt_prop(const void *fdt, const char *node, const char *compat,
		    const char *prop, uint32_t *len)
{
	const uint8_t *b = fdt;
	uint32_t total = dt_size(fdt), off_st = be32(b + 8);
	uint32_t off_str = be32(b + 12), size_st = be32(b + 36);
	uint32_t p, end;
	const uint8_t *found = NULL;
	uint32_t found_len = 0;
	bool match = false;

	if (!dt_valid(fdt) || off_st > total || size_st > total - off_st)
		return NULL;
	p = off_st;
	end = off_st + size_st;
	while (p + 4 <= end) {
		uint32_t tok = be32(b + p);

		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)b + p;
			uint32_t n = 0;

			if (match && found)
				break;
			while (p + n < end && b[p + n])
				n++;
			p = (p + n + 4) & ~3u;
			found = NULL;
			match = node && str_prefix_node(name, node);
		} else if (tok == FDT_PROP) {
			uint32_t l, nameoff;
			const char *pn;

			if (p + 8 > end)
				return NULL;
			l = be32(b + p);
			nameoff = be32(b + p + 4);
			p += 8;
			if (l > end - p || nameoff >= total - off_str)
				return NULL;
			pn = (const char *)b + off_str + nameoff;
			if (!node && !vsmmu_memcmp(pn, "compatible", 11) &&
			    dt_string_index((const char *)b + p, l, compat) >= 0)
				match = true;
			if (!vsmmu_memcmp(pn, prop, dt_strlen(prop) + 1)) {
				found = b + p;
				found_len = l;
			}
			p = (p + l + 3) & ~3u;
		} else if (tok == FDT_END_NODE) {
			if (match && found)
				break;
			match = false;
			found = NULL;
		} else if (tok == FDT_NOP) {
			continue;
		} else {
			break;
		}
	}
	if (!(match && found))
		return NULL;
	if (len)
		*len = found_len;
	return found;
}

int dt_string_index(const char *list, uint32_t len, const char *want)
{
	uint32_t i = 0;
	int idx = 0;

	while (i < len) {
		uint32_t j = 0;

		while (want[j] && i + j < len && list[i + j] == want[j])
			j++;
		if (!want[j] && i + j < len && !list[i + j])
			return idx;
		while (i < len && list[i])
			i++;
		i++;
		idx++;
	}
	return -1;
}
