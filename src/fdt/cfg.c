// SPDX-License-Identifier: MIT
/*
 * The subset of xl.cfg (xl.cfg(5)) that a domain's vIOMMU needs: viommu,
 * dtdev, and the vSMMU's placement. Other keys are ordinary xl keys: their
 * syntax is checked so that a typo in a value does not hide the next line,
 * and their values are ignored.
 */
#include "vsmmu/env.h"
#include "vsmmu/fdt.h"
#include "internal.h"

/* A value: a string, an integer, or a list of those (not nested). */
enum vfdt_vtype_ { VFDT_V_STR_, VFDT_V_INT_, VFDT_V_LIST_ };

#define VFDT_LIST_MAX_ VFDT_DTDEV_MAX

struct vfdt_item_ {
	bool is_str;
	const char *s; /* inside the text: escapes not yet undone */
	size_t slen;
	uint64_t n;
	unsigned int line;
};

struct vfdt_value_ {
	enum vfdt_vtype_ type;
	unsigned int nitems; /* items seen; only the first LIST_MAX kept */
	struct vfdt_item_ items[VFDT_LIST_MAX_];
};

struct vfdt_lex_ {
	const char *p, *end;
	unsigned int line;
	struct vfdt_err_ *e;
};

/* Lines on which each known key was set, to refuse a second setting. */
struct vfdt_seen_ {
	unsigned int viommu, dtdev, base, irq, mode, phandle, gic, coherent;
	unsigned int irq_count; /* lines given by vsmmu_irq, 0 if not */
};

static bool vfdt_isspace_(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool vfdt_iskey_(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (!first && ((c >= '0' && c <= '9') || c == '.' || c == '-'));
}

/* Skip blanks and comments; newlines too when nl is true. */
static void vfdt_skip_(struct vfdt_lex_ *l, bool nl)
{
	while (l->p < l->end) {
		char c = *l->p;

		if (vfdt_isspace_(c)) {
			l->p++;
		} else if (c == '#') {
			while (l->p < l->end && *l->p != '\n')
				l->p++;
		} else if (c == '\n' && nl) {
			l->line++;
			l->p++;
		} else {
			break;
		}
	}
}

static int vfdt_parse_str_(struct vfdt_lex_ *l, struct vfdt_item_ *it)
{
	char q = *l->p++;

	it->is_str = true;
	it->s = l->p;
	it->line = l->line;
	while (l->p < l->end && *l->p != q) {
		if (*l->p == '\n' || *l->p == '\0')
			break;
		if (*l->p == '\\' && l->p + 1 < l->end && l->p[1] != '\n')
			l->p++;
		l->p++;
	}
	if (l->p >= l->end || *l->p != q)
		return VFDT_FAIL_(l->e, -VSMMU_ERR_BADCFG,
				  "line %u: unterminated string", it->line);
	it->slen = (size_t)(l->p - it->s);
	l->p++;
	return 0;
}

static int vfdt_parse_int_(struct vfdt_lex_ *l, struct vfdt_item_ *it)
{
	unsigned int base = 10, d, nd = 0;
	uint64_t v = 0;

	it->is_str = false;
	it->line = l->line;
	if (l->end - l->p > 2 && l->p[0] == '0' &&
	    (l->p[1] == 'x' || l->p[1] == 'X')) {
		base = 16;
		l->p += 2;
	}
	for (; l->p < l->end; l->p++, nd++) {
		char c = *l->p;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned int)(c - 'A' + 10);
		else
			break;
		if (vsmmu_mul_overflow(v, (uint64_t)base, &v) ||
		    vsmmu_add_overflow(v, (uint64_t)d, &v))
			return VFDT_FAIL_(l->e, -VSMMU_ERR_BADCFG,
					  "line %u: number too large",
					  it->line);
	}
	if (!nd || (l->p < l->end && vfdt_iskey_(*l->p, false)))
		return VFDT_FAIL_(l->e, -VSMMU_ERR_BADCFG,
				  "line %u: malformed number", it->line);
	it->n = v;
	return 0;
}

static int vfdt_parse_item_(struct vfdt_lex_ *l, struct vfdt_item_ *it)
{
	char c;

	if (l->p >= l->end)
		return VFDT_FAIL_(
			l->e, -VSMMU_ERR_BADCFG,
			"line %u: value missing at the end of the file",
			l->line);
	c = *l->p;
	if (c == '"' || c == '\'')
		return vfdt_parse_str_(l, it);
	if (c >= '0' && c <= '9')
		return vfdt_parse_int_(l, it);
	return VFDT_FAIL_(l->e, -VSMMU_ERR_BADCFG,
			  "line %u: expected a string, a number or a list",
			  l->line);
}

static int vfdt_parse_value_(struct vfdt_lex_ *l, struct vfdt_value_ *v)
{
	struct vfdt_item_ scratch;
	unsigned int open_line = l->line;
	int rc;

	v->nitems = 0;
	if (l->p >= l->end || *l->p != '[') {
		v->type = VFDT_V_STR_;
		rc = vfdt_parse_item_(l, &v->items[0]);
		if (rc == 0) {
			v->type =
				v->items[0].is_str ? VFDT_V_STR_ : VFDT_V_INT_;
			v->nitems = 1;
		}
		return rc;
	}
	v->type = VFDT_V_LIST_;
	l->p++;
	/* Every pass consumes an item or stops: bounded by the text. */
	for (;;) {
		vfdt_skip_(l, true);
		if (l->p >= l->end)
			return VFDT_FAIL_(
				l->e, -VSMMU_ERR_BADCFG,
				"line %u: list opened here is not closed",
				open_line);
		if (*l->p == ']') {
			l->p++;
			return 0;
		}
		rc = vfdt_parse_item_(l, v->nitems < VFDT_LIST_MAX_
						 ? &v->items[v->nitems]
						 : &scratch);
		if (rc)
			return rc;
		if (v->nitems < UINT32_MAX)
			v->nitems++;
		vfdt_skip_(l, true);
		if (l->p < l->end && *l->p == ',') {
			l->p++;
		} else if (l->p < l->end && *l->p != ']') {
			return VFDT_FAIL_(
				l->e, -VSMMU_ERR_BADCFG,
				"line %u: expected ',' or ']' in a list",
				l->line);
		}
	}
}

/* The item's string equals s (no escapes in the compared values). */
static bool vfdt_item_is_(const struct vfdt_item_ *it, const char *s)
{
	size_t n = vfdt_strnlen_(s, it->slen + 1);

	return it->is_str && n == it->slen && vsmmu_memcmp(it->s, s, n) == 0;
}

/* Copy a string item into dst, undoing backslash escapes. */
static bool vfdt_item_copy_(const struct vfdt_item_ *it, char *dst, size_t size)
{
	size_t i, o = 0;

	for (i = 0; i < it->slen; i++) {
		if (it->s[i] == '\\' && i + 1 < it->slen)
			i++;
		if (o + 1 >= size)
			return false;
		dst[o++] = it->s[i];
	}
	if (o >= size)
		return false;
	dst[o] = '\0';
	return true;
}

/* A number given as an integer or as a string holding one ("0x4040000"). */
static int vfdt_item_num_(struct vfdt_lex_ *l, const struct vfdt_item_ *it,
			  const char *key, uint64_t *out)
{
	struct vfdt_lex_ sub;
	struct vfdt_item_ n;

	if (!it->is_str) {
		*out = it->n;
		return 0;
	}
	sub = (struct vfdt_lex_){it->s, it->s + it->slen, it->line, l->e};
	if (!it->slen || vfdt_parse_int_(&sub, &n) || sub.p != sub.end)
		return VFDT_FAIL_(l->e, -VSMMU_ERR_BADCFG,
				  "line %u: %s: expected a number", it->line,
				  key);
	*out = n.n;
	return 0;
}

static int vfdt_once_(struct vfdt_lex_ *l, unsigned int *seen, const char *key,
		      unsigned int line)
{
	if (*seen)
		return VFDT_FAIL_(l->e, -VSMMU_ERR_BADCFG,
				  "line %u: %s set twice (first on line %u)",
				  line, key, *seen);
	*seen = line;
	return 0;
}

static int vfdt_set_viommu_(struct vfdt_lex_ *l, const struct vfdt_value_ *v,
			    struct vfdt_domain_cfg *c, unsigned int line)
{
	if (v->type != VFDT_V_STR_)
		return VFDT_FAIL_(
			l->e, -VSMMU_ERR_BADCFG,
			"line %u: viommu: expected \"smmuv3\" or \"none\"",
			line);
	if (vfdt_item_is_(&v->items[0], "smmuv3"))
		c->viommu = true;
	else if (vfdt_item_is_(&v->items[0], "none"))
		c->viommu = false;
	else
		return VFDT_FAIL_(l->e, -VSMMU_ERR_BADCFG,
				  "line %u: viommu: unknown type (expected "
				  "\"smmuv3\" or \"none\")",
				  line);
	return 0;
}

static int vfdt_set_dtdev_(struct vfdt_lex_ *l, const struct vfdt_value_ *v,
			   struct vfdt_domain_cfg *c, unsigned int line)
{
	unsigned int i, j;

	if (v->type != VFDT_V_LIST_)
		return VFDT_FAIL_(l->e, -VSMMU_ERR_BADCFG,
				  "line %u: dtdev: expected a list of paths",
				  line);
	if (v->nitems > VFDT_DTDEV_MAX)
		return VFDT_FAIL_(l->e, -VSMMU_ERR_BADCFG,
				  "line %u: dtdev: %u devices, at most %u",
				  line, v->nitems, VFDT_DTDEV_MAX);
	for (i = 0; i < v->nitems; i++) {
		const struct vfdt_item_ *it = &v->items[i];

		if (!it->is_str ||
		    !vfdt_item_copy_(it, c->dtdev[i], VFDT_PATH_MAX) ||
		    c->dtdev[i][0] != '/')
			return VFDT_FAIL_(
				l->e, -VSMMU_ERR_BADCFG,
				"line %u: dtdev: entry %u is not an absolute "
				"node path of at most %u bytes",
				it->line, i, VFDT_PATH_MAX - 1);
		for (j = 0; j < i; j++)
			if (vfdt_streq_(c->dtdev[j], c->dtdev[i]))
				return VFDT_FAIL_(
					l->e, -VSMMU_ERR_BADCFG,
					"line %u: dtdev: %s listed twice",
					it->line, c->dtdev[i]);
	}
	c->ndtdev = v->nitems;
	return 0;
}

static int vfdt_set_irq_(struct vfdt_lex_ *l, const struct vfdt_value_ *v,
			 struct vfdt_domain_cfg *c, struct vfdt_seen_ *seen,
			 unsigned int line)
{
	unsigned int i, n = v->type == VFDT_V_LIST_ ? v->nitems : 1;
	uint64_t x;
	int rc;

	if (n < 1 || n > 2)
		return VFDT_FAIL_(l->e, -VSMMU_ERR_BADCFG,
				  "line %u: vsmmu_irq: give one INTID "
				  "(combined) or two (eventq, gerror)",
				  line);
	for (i = 0; i < n; i++) {
		rc = vfdt_item_num_(l, &v->items[i], "vsmmu_irq", &x);
		if (rc)
			return rc;
		if (x < VFDT_SPI_FIRST || x > VFDT_SPI_LAST)
			return VFDT_FAIL_(l->e, -VSMMU_ERR_BADCFG,
					  "line %u: vsmmu_irq: %llu is not an "
					  "SPI INTID (%u..%u)",
					  v->items[i].line,
					  (unsigned long long)x, VFDT_SPI_FIRST,
					  VFDT_SPI_LAST);
		c->irq[i] = (uint32_t)x;
	}
	if (n == 2 && c->irq[0] == c->irq[1])
		return VFDT_FAIL_(
			l->e, -VSMMU_ERR_BADCFG,
			"line %u: vsmmu_irq: the two lines must differ", line);
	c->irq_fixed = true;
	c->irq_mode = n == 2 ? VFDT_IRQ_SEPARATE : VFDT_IRQ_COMBINED;
	seen->irq_count = n;
	return 0;
}

static int vfdt_set_mode_(struct vfdt_lex_ *l, const struct vfdt_value_ *v,
			  struct vfdt_domain_cfg *c, unsigned int line)
{
	if (v->type == VFDT_V_STR_ && vfdt_item_is_(&v->items[0], "combined"))
		c->irq_mode = VFDT_IRQ_COMBINED;
	else if (v->type == VFDT_V_STR_ &&
		 vfdt_item_is_(&v->items[0], "separate"))
		c->irq_mode = VFDT_IRQ_SEPARATE;
	else
		return VFDT_FAIL_(l->e, -VSMMU_ERR_BADCFG,
				  "line %u: vsmmu_irq_mode: expected "
				  "\"combined\" or \"separate\"",
				  line);
	return 0;
}

static int vfdt_set_num_(struct vfdt_lex_ *l, const struct vfdt_value_ *v,
			 const char *key, uint64_t *out, unsigned int line)
{
	if (v->type == VFDT_V_LIST_)
		return VFDT_FAIL_(l->e, -VSMMU_ERR_BADCFG,
				  "line %u: %s: expected a number, not a list",
				  line, key);
	return vfdt_item_num_(l, &v->items[0], key, out);
}

static int vfdt_apply_(struct vfdt_lex_ *l, const char *key, size_t klen,
		       const struct vfdt_value_ *v, struct vfdt_domain_cfg *c,
		       struct vfdt_seen_ *seen, unsigned int line)
{
	struct vfdt_item_ k = {.is_str = true, .s = key, .slen = klen};
	uint64_t x;
	int rc;

	if (vfdt_item_is_(&k, "viommu")) {
		rc = vfdt_once_(l, &seen->viommu, "viommu", line);
		return rc ? rc : vfdt_set_viommu_(l, v, c, line);
	}
	if (vfdt_item_is_(&k, "dtdev")) {
		rc = vfdt_once_(l, &seen->dtdev, "dtdev", line);
		return rc ? rc : vfdt_set_dtdev_(l, v, c, line);
	}
	if (vfdt_item_is_(&k, "vsmmu_irq")) {
		rc = vfdt_once_(l, &seen->irq, "vsmmu_irq", line);
		return rc ? rc : vfdt_set_irq_(l, v, c, seen, line);
	}
	if (vfdt_item_is_(&k, "vsmmu_irq_mode")) {
		rc = vfdt_once_(l, &seen->mode, "vsmmu_irq_mode", line);
		return rc ? rc : vfdt_set_mode_(l, v, c, line);
	}
	if (vfdt_item_is_(&k, "vsmmu_base")) {
		rc = vfdt_once_(l, &seen->base, "vsmmu_base", line);
		if (rc == 0)
			rc = vfdt_set_num_(l, v, "vsmmu_base", &x, line);
		if (rc)
			return rc;
		/* The two 64 KiB pages must sit on a 128 KiB boundary and fit.
		 */
		if (x % VFDT_VSMMU_SIZE || x > UINT64_MAX - VFDT_VSMMU_SIZE + 1)
			return VFDT_FAIL_(l->e, -VSMMU_ERR_BADCFG,
					  "line %u: vsmmu_base: 0x%llx is not "
					  "128 KiB aligned",
					  line, (unsigned long long)x);
		c->vsmmu_base = x;
		return 0;
	}
	if (vfdt_item_is_(&k, "vsmmu_phandle") ||
	    vfdt_item_is_(&k, "gic_phandle")) {
		bool gic = key[0] == 'g';

		rc = vfdt_once_(l, gic ? &seen->gic : &seen->phandle,
				gic ? "gic_phandle" : "vsmmu_phandle", line);
		if (rc == 0)
			rc = vfdt_set_num_(
				l, v, gic ? "gic_phandle" : "vsmmu_phandle", &x,
				line);
		if (rc)
			return rc;
		if (x == 0 || x >= 0xffffffffull)
			return VFDT_FAIL_(
				l->e, -VSMMU_ERR_BADCFG,
				"line %u: %s: 0x%llx is not a phandle", line,
				gic ? "gic_phandle" : "vsmmu_phandle",
				(unsigned long long)x);
		if (gic)
			c->gic_phandle = (uint32_t)x;
		else
			c->phandle = (uint32_t)x;
		return 0;
	}
	if (vfdt_item_is_(&k, "vsmmu_coherent")) {
		rc = vfdt_once_(l, &seen->coherent, "vsmmu_coherent", line);
		if (rc == 0)
			rc = vfdt_set_num_(l, v, "vsmmu_coherent", &x, line);
		if (rc)
			return rc;
		if (x > 1)
			return VFDT_FAIL_(
				l->e, -VSMMU_ERR_BADCFG,
				"line %u: vsmmu_coherent: expected 0 or 1",
				line);
		c->dma_coherent = x == 1;
		return 0;
	}
	return 0; /* another xl key */
}

void vfdt_cfg_init(struct vfdt_domain_cfg *c)
{
	if (!c)
		return;
	vsmmu_memset(c, 0, sizeof(*c));
	c->viommu = false;
	c->vsmmu_base = VFDT_VSMMU_BASE_DEFAULT;
	c->irq_mode = VFDT_IRQ_COMBINED;
	c->irq[0] = VFDT_VSMMU_IRQ_DEFAULT;
	c->irq[1] = VFDT_VSMMU_IRQ_DEFAULT + 1;
	c->phandle = VFDT_VSMMU_PHANDLE_DEFAULT;
	c->gic_phandle = VFDT_GIC_PHANDLE_DEFAULT;
	c->dma_coherent = true;
}

int vfdt_cfg_parse(const char *text, size_t len, struct vfdt_domain_cfg *c,
		   char *err, size_t errlen)
{
	struct vfdt_err_ e = {err, errlen};
	struct vfdt_lex_ l = {text, text + len, 1, &e};
	struct vfdt_seen_ seen = {0};
	struct vfdt_value_ v;
	const char *key;
	size_t klen;
	unsigned int line;
	int rc;

	if (err && errlen)
		err[0] = '\0';
	if (!c || (!text && len))
		return VFDT_FAIL_(&e, -VSMMU_ERR_INVAL,
				  "config: bad arguments");
	/* Each pass consumes at least one character or returns. */
	for (;;) {
		vfdt_skip_(&l, true);
		while (l.p < l.end && *l.p == ';') {
			l.p++;
			vfdt_skip_(&l, true);
		}
		if (l.p >= l.end)
			break;
		line = l.line;
		if (*l.p == '\0' || !vfdt_iskey_(*l.p, true))
			return VFDT_FAIL_(&e, -VSMMU_ERR_BADCFG,
					  "line %u: expected KEY = VALUE",
					  line);
		key = l.p;
		while (l.p < l.end && vfdt_iskey_(*l.p, false))
			l.p++;
		klen = (size_t)(l.p - key);
		vfdt_skip_(&l, false);
		if (l.p >= l.end || *l.p != '=')
			return VFDT_FAIL_(&e, -VSMMU_ERR_BADCFG,
					  "line %u: expected '=' after the key",
					  line);
		l.p++;
		vfdt_skip_(&l, false);
		rc = vfdt_parse_value_(&l, &v);
		if (rc)
			return rc;
		vfdt_skip_(&l, false);
		if (l.p < l.end && *l.p != '\n' && *l.p != ';')
			return VFDT_FAIL_(
				&e, -VSMMU_ERR_BADCFG,
				"line %u: unexpected text after the value",
				l.line);
		rc = vfdt_apply_(&l, key, klen, &v, c, &seen, line);
		if (rc)
			return rc;
	}
	/* vsmmu_irq's length and vsmmu_irq_mode must agree. */
	if (seen.irq && seen.mode &&
	    seen.irq_count != (c->irq_mode == VFDT_IRQ_SEPARATE ? 2u : 1u))
		return VFDT_FAIL_(&e, -VSMMU_ERR_BADCFG,
				  "line %u: vsmmu_irq_mode does not match the "
				  "%u INTID(s) of vsmmu_irq on line %u",
				  seen.mode, seen.irq_count, seen.irq);
	if (!seen.irq && c->irq_mode == VFDT_IRQ_SEPARATE &&
	    c->irq[1] == c->irq[0])
		c->irq[1] = c->irq[0] + 1;
	return 0;
}
