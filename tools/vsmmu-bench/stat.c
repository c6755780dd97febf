// SPDX-License-Identifier: MIT
/* Wall-clock time and the median / spread of a few runs. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int stat_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void bench_stat_of(double *v, unsigned int n, struct bench_stat *s)
{
	memset(s, 0, sizeof(*s));
	if (!n)
		return;
	qsort(v, n, sizeof(*v), stat_cmp);
	s->n = n;
	s->min = v[0];
	s->max = v[n - 1];
	s->med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	s->q1 = v[n / 4];
	s->q3 = v[(3 * n) / 4 < n ? (3 * n) / 4 : n - 1];
}

double bench_stat_spread(const struct bench_stat *s)
{
	/* Robust to one run preempted on a shared host, as max - min
	 * is not. */
	return s->med > 0 ? (s->q3 - s->q1) / 2 / s->med * 100 : 0;
}
