#!/bin/sh
# run_expect.sh PATTERN COMMAND [ARGS...]
# Run COMMAND; fail with its status when it fails, else fail unless its
# output (stdout and stderr) matches the extended regular expression.
set -u
pat=$1
shift
out=$("$@" 2>&1)
st=$?
printf '%s\n' "$out"
if [ "$st" -ne 0 ]; then
	echo "run_expect: exit status $st" >&2
	exit "$st"
fi
if ! printf '%s\n' "$out" | grep -Eq -- "$pat"; then
	echo "run_expect: output does not match: $pat" >&2
	exit 1
fi
exit 0
