// SPDX-License-Identifier: MIT
/*
 * A minimal snprintf for log lines of the freestanding core. It supports
 * what the core's messages use and nothing more.
 */
#include <stdarg.h>

#include "vsmmu/env.h"
#include "vsmmu/base.h"

struct fmt_out {
	char *buf;
	size_t n;   /* capacity, including the NUL */
	size_t len; /* characters produced so far */
};

static void fmt_put(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->n)
		o->buf[o->len] = c;
	o->len++;
}

static void fmt_pad(struct fmt_out *o, unsigned int count, char c)
{
	while (count--)
		fmt_put(o, c);
}

static void fmt_str(struct fmt_out *o, const char *s, unsigned int width,
		    bool left)
{
	unsigned int len = 0;

	if (!s)
		s = "(null)";
	while (s[len] && len < 4096)
		len++;
	if (!left && width > len)
		fmt_pad(o, width - len, ' ');
	for (unsigned int i = 0; i < len; i++)
		fmt_put(o, s[i]);
	if (left && width > len)
		fmt_pad(o, width - len, ' ');
}

static void fmt_num(struct fmt_out *o, uint64_t v, bool neg, unsigned int base,
		    bool upper, unsigned int width, bool zero, bool left)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	unsigned int len = 0, total;

	do {
		tmp[len++] = digits[v % base];
		v /= base;
	} while (v);
	total = len + (neg ? 1 : 0);
	if (!left && !zero && width > total)
		fmt_pad(o, width - total, ' ');
	if (neg)
		fmt_put(o, '-');
	if (!left && zero && width > total)
		fmt_pad(o, width - total, '0');
	while (len)
		fmt_put(o, tmp[--len]);
	if (left && width > total)
		fmt_pad(o, width - total, ' ');
}

int vsmmu_snprintf(char *buf, size_t n, const char *fmt, ...)
{
	struct fmt_out o = { buf, n, 0 };
	va_list ap;

	va_start(ap, fmt);
	for (const char *p = fmt; *p; p++) {
		bool zero = false, left = false;
		unsigned int width = 0, lng = 0;
		uint64_t u;
		int64_t s;

		if (*p != '%') {
			fmt_put(&o, *p);
			continue;
		}
		p++;
		for (;; p++) {
			if (*p == '0')
				zero = true;
			else if (*p == '-')
				left = true;
			else
				break;
		}
		while (*p >= '0' && *p <= '9' && width < 1000)
			width = width * 10 + (unsigned int)(*p++ - '0');
		while (*p == 'l' || *p == 'z') {
			lng += *p == 'z' ? 2 : 1;
			p++;
		}
		switch (*p) {
		case 'd':
		case 'i':
			s = lng >= 2 ? va_arg(ap, long long)
			    : lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
			u = s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
			fmt_num(&o, u, s < 0, 10, false, width, zero, left);
			break;
		case 'u':
		case 'x':
		case 'X':
			u = lng >= 2 ? va_arg(ap, unsigned long long)
			    : lng == 1 ? va_arg(ap, unsigned long)
				       : va_arg(ap, unsigned int);
			fmt_num(&o, u, false, *p == 'u' ? 10 : 16, *p == 'X',
				width, zero, left);
			break;
		case 'p':
			fmt_put(&o, '0');
			fmt_put(&o, 'x');
			fmt_num(&o, (uint64_t)(uintptr_t)va_arg(ap, void *),
				false, 16, false, width, zero, left);
			break;
		case 's':
			fmt_str(&o, va_arg(ap, const char *), width, left);
			break;
		case 'c':
			fmt_put(&o, (char)va_arg(ap, int));
			break;
		case '%':
			fmt_put(&o, '%');
			break;
		case '\0':
			p--;
			break;
		default:
			fmt_put(&o, '%');
			fmt_put(&o, *p);
			break;
		}
	}
	va_end(ap);
	if (n)
		buf[o.len < n ? o.len : n - 1] = '\0';
	return o.len > 0x7fffffff ? 0x7fffffff : (int)o.len;
}
