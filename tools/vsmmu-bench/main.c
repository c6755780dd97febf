// SPDX-License-Identifier: MIT
/*
 * vsmmu-bench: what the emulated SMMUv3 costs, row by row (docs/bench.md).
 *
 *     vsmmu-bench [--quick] [--no-icount] [--out FILE]
 *     vsmmu-bench --child SECTION [--quick]     (run by the tool itself
 *                                                under callgrind)
 *
 * Prints the table as Markdown and, with --out, writes it with the
 * machine, the date and the command that produced it. --quick is the
 * smoke run of `make check`: a few iterations, no callgrind, and the exit
 * status says only whether every row produced a number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define BENCH_ROWS 8u

static void usage(FILE *f)
{
	fprintf(f, "usage: vsmmu-bench [--quick] [--no-icount] [--out FILE]\n"
		   "       vsmmu-bench --child SECTION [--quick]\n");
}

/* The callgrind child: one section, collection armed around its work. */
static int child(const char *name, bool quick)
{
	size_t all = strlen(BENCH_IC_ALL);
	bool ic_all = !strncmp(name, BENCH_IC_ALL, all);
	const struct bench_sec *s;
	struct bench_run m;
	int ret;

	if (ic_all)
		name += all;
	s = bench_sec_find(name);
	if (!s)
		return 2;
	memset(&m, 0, sizeof(m));
	m.ic = true;
	m.ic_all = ic_all;
	m.quick = quick;
	/* Run by hand it still works, but nothing is counted. */
	if (!bench_ic_under_valgrind())
		fprintf(stderr, "vsmmu-bench: --child outside callgrind: "
			"no instruction count\n");
	ret = s->fn(&m, name);
	if (ret)
		return 1;
	printf("ops=%llu\n", (unsigned long long)m.ops);
	return 0;
}

static void cpu_model(char *buf, size_t n)
{
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "r");

	snprintf(buf, n, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':');

		if (strncmp(line, "model name", 10) || !c)
			continue;
		c += 1 + (c[1] == ' ');
		c[strcspn(c, "\n")] = 0;
		snprintf(buf, n, "%s", c);
		break;
	}
	fclose(f);
}

static void header(FILE *f, int argc, char **argv, const struct bench_opts *o)
{
	struct utsname u;
	char cpu[128], date[64];
	time_t now = time(NULL);
	int i;

	cpu_model(cpu, sizeof(cpu));
	if (uname(&u))
		snprintf(u.machine, sizeof(u.machine), "unknown");
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M UTC", gmtime(&now));
	fprintf(f, "# vsmmu-bench results\n\n");
	fprintf(f, "- machine: `%s`, %s, %ld cores online\n", u.machine, cpu,
		sysconf(_SC_NPROCESSORS_ONLN));
	fprintf(f, "- date: %s\n", date);
#ifndef BENCH_BUILD
#define BENCH_BUILD "unknown flags"
#endif
	fprintf(f, "- build: `%s`, gcc-compatible `%s`\n", BENCH_BUILD,
		__VERSION__);
	fprintf(f, "- command: `");
	for (i = 0; i < argc; i++)
		fprintf(f, "%s%s", i ? " " : "", argv[i]);
	fprintf(f, "` (`make bench` runs `build/bench/tools/vsmmu-bench "
		"--out bench/results.md`)\n");
	fprintf(f, "- wall time: median of %s runs ± half the interquartile range; "
		"instructions: callgrind, hypervisor side only (the SMMU model "
		"excluded)%s\n\n", o->quick ? "3" : "9",
		o->icount ? "" : " — not taken in this run");
}

int main(int argc, char **argv)
{
	struct bench_opts o = { .icount = true };
	const char *out = NULL, *child_name = NULL;
	static char self[4096];
	unsigned int fails, missing;
	ssize_t n;
	FILE *f;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick"))
			o.quick = true;
		else if (!strcmp(argv[i], "--no-icount"))
			o.icount = false;
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--child") && i + 1 < argc)
			child_name = argv[++i];
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (child_name)
		return child(child_name, o.quick);
	/* The smoke run stays fast and sanitizer-friendly: no callgrind. */
	if (o.quick)
		o.icount = false;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = 0;
		o.self = self;
	} else {
		o.self = argv[0];
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	fails = bench_rows(&o);
	header(stdout, argc, argv, &o);
	bench_table_print(stdout);
	if (out) {
		f = fopen(out, "w");
		if (!f) {
			perror(out);
			return 1;
		}
		header(f, argc, argv, &o);
		bench_table_print(f);
		fclose(f);
	}
	missing = bench_table_missing(BENCH_ROWS);
	if (fails || missing) {
		fprintf(stderr, "vsmmu-bench: %u section%s failed, %u row%s "
			"without a number\n", fails, fails == 1 ? "" : "s",
			missing, missing == 1 ? "" : "s");
		return 1;
	}
	return 0;
}
