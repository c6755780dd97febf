// SPDX-License-Identifier: MIT
/*
 * vIOMMU types behind one ops table, and the two ways a type is chosen:
 * a domain configuration line (xl.cfg: viommu = "smmuv3") and a
 * hypervisor-wide boot option (viommu=smmuv3).
 */
#include "vsmmu/env.h"
#include "vsmmu/viommu.h"
#include "internal.h"

/* Read-only: a table of constants, not mutable state. */
static const struct viommu_type_ops_ viommu_smmuv3_ops_ = {
	.type = VIOMMU_TYPE_SMMUV3,
	.name = "smmuv3",
	.idr_init = viommu_smmuv3_idr_init_,
	.idr_merge = viommu_smmuv3_idr_merge_,
	.idr_usable = viommu_smmuv3_idr_usable_,
	.event_is_guest = viommu_smmuv3_event_is_guest_,
	.event_rewrite = viommu_smmuv3_event_rewrite_,
};

const struct viommu_type_ops_ *viommu_type_ops_(enum viommu_type t)
{
	return t == VIOMMU_TYPE_SMMUV3 ? &viommu_smmuv3_ops_ : NULL;
}

const char *viommu_type_name(enum viommu_type t)
{
	switch (t) {
	case VIOMMU_TYPE_NONE:
		return "none";
	case VIOMMU_TYPE_SMMUV3:
		return "smmuv3";
	}
	return "unknown";
}

/* A bounded view of the input: parsing stops at len or at a NUL byte. */
struct viommu_cur_ {
	const char *s;
	size_t i, n;
};

static int cur_peek(const struct viommu_cur_ *c)
{
	return c->i < c->n && c->s[c->i] ? (unsigned char)c->s[c->i] : -1;
}

static bool is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static bool is_ident(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
}

static void cur_skip_space(struct viommu_cur_ *c)
{
	while (is_space(cur_peek(c)))
		c->i++;
}

static bool span_eq(const char *s, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!lit[i] || lit[i] != s[i])
			return false;
	return lit[i] == '\0';
}

/* Exact, case-sensitive names: "smmuv3", "none". */
static int type_from_span(const char *s, size_t n, enum viommu_type *out)
{
	if (span_eq(s, n, "smmuv3")) {
		*out = VIOMMU_TYPE_SMMUV3;
		return 0;
	}
	if (span_eq(s, n, "none")) {
		*out = VIOMMU_TYPE_NONE;
		return 0;
	}
	return -VSMMU_ERR_BADCFG;
}

int viommu_parse_domain_cfg_line(const char *line, size_t len,
				 enum viommu_type *out)
{
	struct viommu_cur_ c = { line, 0, len };
	size_t k0, v0, vn;
	int q, ch, err;
	enum viommu_type t;

	if (!line || !out)
		return -VSMMU_ERR_INVAL;
	cur_skip_space(&c);
	k0 = c.i;
	while (is_ident(cur_peek(&c)))
		c.i++;
	if (!span_eq(line + k0, c.i - k0, "viommu"))
		return -VSMMU_ERR_NOENT;	/* blank, comment, other key */
	cur_skip_space(&c);
	if (cur_peek(&c) != '=')
		return -VSMMU_ERR_BADCFG;
	c.i++;
	cur_skip_space(&c);
	q = cur_peek(&c);
	if (q != '"' && q != '\'')
		return -VSMMU_ERR_BADCFG;	/* xl.cfg strings are quoted */
	c.i++;
	v0 = c.i;
	while ((ch = cur_peek(&c)) != -1 && ch != q)
		c.i++;
	if (ch != q)
		return -VSMMU_ERR_BADCFG;	/* no closing quote */
	vn = c.i - v0;
	c.i++;
	cur_skip_space(&c);
	if (cur_peek(&c) == ';')
		c.i++;
	cur_skip_space(&c);
	ch = cur_peek(&c);
	if (ch != -1 && ch != '#')
		return -VSMMU_ERR_BADCFG;	/* trailing garbage */
	err = type_from_span(line + v0, vn, &t);
	if (err)
		return err;
	*out = t;
	return 0;
}

int viommu_parse_boot_option(const char *opt, size_t len,
			     enum viommu_type *out)
{
	struct viommu_cur_ c = { opt, 0, len };
	size_t k0, kn, v0;
	enum viommu_type t;
	int err;

	if (!opt || !out)
		return -VSMMU_ERR_INVAL;
	cur_skip_space(&c);
	k0 = c.i;
	while (is_ident(cur_peek(&c)))
		c.i++;
	kn = c.i - k0;
	if (cur_peek(&c) != '=') {
		/* A bare word: a type name, "viommu" without a value, or
		 * some other option. */
		size_t end = c.i;

		cur_skip_space(&c);
		if (cur_peek(&c) != -1)
			return -VSMMU_ERR_NOENT;
		if (span_eq(opt + k0, kn, "viommu"))
			return -VSMMU_ERR_BADCFG;
		if (type_from_span(opt + k0, end - k0, &t))
			return -VSMMU_ERR_NOENT;
		*out = t;
		return 0;
	}
	if (!span_eq(opt + k0, kn, "viommu"))
		return -VSMMU_ERR_NOENT;
	c.i++;
	v0 = c.i;
	while (is_ident(cur_peek(&c)))
		c.i++;
	err = type_from_span(opt + v0, c.i - v0, &t);
	cur_skip_space(&c);
	if (err || cur_peek(&c) != -1)
		return -VSMMU_ERR_BADCFG;
	*out = t;
	return 0;
}
