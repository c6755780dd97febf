// SPDX-License-Identifier: MIT
/* The results table: lines grouped by row, printed as Markdown. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define TABLE_MAX 96u

struct table_line {
	unsigned int row;
	char what[160];
	char value[400];
	char target[48];
	enum bench_verdict v;
	bool number;
};

static struct table_line table[TABLE_MAX];
static unsigned int table_n;

void bench_line(unsigned int row, const char *what, const char *target,
		enum bench_verdict v, bool number, const char *fmt, ...)
{
	struct table_line *l;
	va_list ap;

	if (table_n == TABLE_MAX)
		return;
	l = &table[table_n++];
	l->row = row;
	snprintf(l->what, sizeof(l->what), "%s", what);
	snprintf(l->target, sizeof(l->target), "%s", target ? target : "");
	l->v = v;
	l->number = number;
	va_start(ap, fmt);
	vsnprintf(l->value, sizeof(l->value), fmt, ap);
	va_end(ap);
}

static const char *table_verdict(enum bench_verdict v)
{
	switch (v) {
	case BENCH_MET:
		return "met";
	case BENCH_MISSED:
		return "**MISSED**";
	case BENCH_UNMEASURED:
		return "not measured";
	case BENCH_INFO:
	default:
		return "";
	}
}

void bench_table_print(FILE *f)
{
	unsigned int i, row;

	fprintf(f, "| row | measurement | result | target | status |\n");
	fprintf(f, "|---|---|---|---|---|\n");
	/* Row by row, lines in the order they were made. */
	for (row = 1; row <= 8; row++) {
		for (i = 0; i < table_n; i++) {
			const struct table_line *l = &table[i];

			if (l->row != row)
				continue;
			fprintf(f, "| %u | %s | %s | %s | %s |\n", l->row,
				l->what, l->value, l->target,
				table_verdict(l->v));
		}
	}
}

unsigned int bench_table_missing(unsigned int nrows)
{
	unsigned int row, i, missing = 0;

	for (row = 1; row <= nrows; row++) {
		bool ok = false;

		for (i = 0; i < table_n; i++)
			ok |= table[i].row == row && table[i].number;
		missing += !ok;
	}
	return missing;
}
