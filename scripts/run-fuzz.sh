#!/bin/sh
# Run every built libFuzzer target for a bounded time on a scratch copy of
# its committed seed corpus. Any crash, leak or sanitizer report fails.
#   run-fuzz.sh <build-dir> <seconds-per-target>
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
secs=${2:-20}
found=0
fail=0
for bin in "$build"/tests/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	found=$((found + 1))
	work=$(mktemp -d)
	seeds="$top/tests/fuzz/corpus/${name#fuzz_}"
	[ -d "$seeds" ] && cp -r "$seeds/." "$work/" 2>/dev/null || true
	log="$build/$name.log"
	if (cd "$work" && "$bin" -max_total_time="$secs" -timeout=10 -artifact_prefix="$build/$name-" \
		-rss_limit_mb=2048 -print_final_stats=1 "$work" >"$log" 2>&1); then
		runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
		echo "fuzz: $name OK (${runs:-?} executions in ${secs}s)"
	else
		echo "fuzz: $name FAILED; log follows" >&2
		tail -60 "$log" >&2
		fail=$((fail + 1))
	fi
	rm -rf "$work"
done
echo "fuzz: $found targets run, $fail failed"
[ "$fail" -eq 0 ]
