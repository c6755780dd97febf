// SPDX-License-Identifier: MIT
/*
 * Instruction counts with callgrind. Wall time on a shared host moves by
 * tens of percent; the instructions a path executes do not. The parent
 * runs this binary again under
 *
 *     valgrind --tool=callgrind --collect-atstart=no ... --child <section>
 *
 * and the child switches collection on only while the hypervisor side
 * runs (a trap into the vSMMU) and off again while the SMMU model runs
 * (the model is the hardware; its cost is not ours), with callgrind's
 * client requests. The parent reads the total from the output file.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define BENCH_HAVE_CALLGRIND 1
#endif
#endif
#ifndef BENCH_HAVE_CALLGRIND
#define CALLGRIND_TOGGLE_COLLECT do { } while (0)
#define RUNNING_ON_VALGRIND 0
#endif

static bool ic_armed;	/* inside a row's measured section */
static bool ic_on;	/* callgrind is collecting */

static void ic_set(bool on)
{
	if (on != ic_on) {
		CALLGRIND_TOGGLE_COLLECT;
		ic_on = on;
	}
}

void bench_ic_arm(bool on)
{
	ic_armed = on;
	if (!on)
		ic_set(false);
}

void bench_ic_arm_all(bool on)
{
	ic_armed = on;
	ic_set(on);
}

bool bench_ic_hyp_enter(void)
{
	bool prev = ic_on;

	if (ic_armed)
		ic_set(true);
	return prev;
}

void bench_ic_hyp_leave(bool prev)
{
	if (ic_armed)
		ic_set(prev);
}

bool bench_ic_model_enter(void)
{
	bool prev = ic_on;

	ic_set(false);
	return prev;
}

void bench_ic_model_leave(bool prev)
{
	ic_set(prev);
}

bool bench_ic_under_valgrind(void)
{
	return RUNNING_ON_VALGRIND != 0;
}

/* "totals: N" (or "summary: N") of a callgrind output file. */
static int64_t ic_parse(const char *path)
{
	char line[256];
	int64_t total = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "totals:", 7))
			total = strtoll(line + 7, NULL, 10);
		else if (!strncmp(line, "summary:", 8) && total < 0)
			total = strtoll(line + 8, NULL, 10);
	}
	fclose(f);
	return total;
}

int64_t bench_ic_measure(const char *self, const char *name, uint64_t *ops,
			 bool quick)
{
	char out[64], arg[300], buf[256];
	int pfd[2], status;
	int64_t total;
	ssize_t n;
	size_t got = 0;
	pid_t pid;

	*ops = 0;
#ifndef BENCH_HAVE_CALLGRIND
	(void)self;
	(void)name;
	(void)quick;
	return -1;
#else
	snprintf(out, sizeof(out), "/tmp/vsmmu-bench.%d.cg", (int)getpid());
	snprintf(arg, sizeof(arg), "--callgrind-out-file=%s", out);
	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(pfd[1], 1);
		if (null >= 0)
			dup2(null, 2);
		close(pfd[0]);
		execlp("valgrind", "valgrind", "-q", "--tool=callgrind",
		       "--collect-atstart=no", arg, self, "--child", name,
		       quick ? "--quick" : NULL, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	while (got < sizeof(buf) - 1 &&
	       (n = read(pfd[0], buf + got, sizeof(buf) - 1 - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	buf[got] = 0;
	close(pfd[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		unlink(out);
		return -1;
	}
	if (sscanf(buf, "ops=%" SCNu64, ops) != 1 || !*ops) {
		unlink(out);
		return -1;
	}
	total = ic_parse(out);
	unlink(out);
	return total;
#endif
}
