// SPDX-License-Identifier: MIT
/*
 * Print a blob as DTS source for people (vsmmu-dt --dts): strings where a
 * value is a list of printable strings, cells where its length is a
 * multiple of 4, bytes otherwise. Phandle references stay numbers: the
 * blob has no labels.
 */
#include <ctype.h>
#include <stdio.h>
#include <libfdt.h>

#include "vsmmu-dt.h"

static int vdt_is_strings(const char *v, int len)
{
	int i, start = 0;

	if (len <= 0 || v[len - 1] != '\0')
		return 0;
	for (i = 0; i < len; i++) {
		if (v[i] == '\0') {
			if (i == start)
				return 0; /* empty string: not text */
			start = i + 1;
		} else if (!isprint((unsigned char)v[i])) {
			return 0;
		}
	}
	return 1;
}

static void vdt_print_prop(FILE *f, const char *name, const void *val, int len)
{
	const unsigned char *b = val;
	int i;

	if (len == 0) {
		fprintf(f, "%s;\n", name);
		return;
	}
	fprintf(f, "%s = ", name);
	if (vdt_is_strings(val, len)) {
		const char *s = val;

		for (i = 0; i < len; i++) {
			if (i == 0)
				fputc('"', f);
			if (s[i] == '\0') {
				fputc('"', f);
				if (i + 1 < len)
					fputs(", \"", f);
			} else {
				if (s[i] == '"' || s[i] == '\\')
					fputc('\\', f);
				fputc(s[i], f);
			}
		}
	} else if (len % 4 == 0) {
		fputc('<', f);
		for (i = 0; i < len / 4; i++)
			fprintf(f, "%s0x%x", i ? " " : "",
				fdt32_ld((const fdt32_t *)val + i));
		fputc('>', f);
	} else {
		fputc('[', f);
		for (i = 0; i < len; i++)
			fprintf(f, "%s%02x", i ? " " : "", b[i]);
		fputc(']', f);
	}
	fputs(";\n", f);
}

static void vdt_indent(FILE *f, int n)
{
	while (n-- > 0)
		fputc('\t', f);
}

void vdt_print_dts(FILE *f, const void *fdt)
{
	int off, depth = 0, open = 0, p, len;
	const char *name, *pn;
	const void *v;

	fputs("/dts-v1/;\n\n", f);
	for (off = fdt_next_node(fdt, -1, &depth); off >= 0;
	     off = fdt_next_node(fdt, off, &depth)) {
		/* Close the nodes the walk has left: depth 1 is the root. */
		for (; open >= depth; open--) {
			vdt_indent(f, open - 1);
			fputs("};\n", f);
		}
		name = fdt_get_name(fdt, off, NULL);
		if (depth > 1)
			fputc('\n', f);
		vdt_indent(f, depth - 1);
		fprintf(f, "%s {\n", depth == 1 ? "/" : name);
		fdt_for_each_property_offset(p, fdt, off)
		{
			v = fdt_getprop_by_offset(fdt, p, &pn, &len);
			if (!v)
				continue;
			vdt_indent(f, depth);
			vdt_print_prop(f, pn, v, len);
		}
		open = depth;
	}
	for (; open >= 1; open--) {
		vdt_indent(f, open - 1);
		fputs("};\n", f);
	}
}
