#!/bin/sh
# src/fdt builds for a freestanding aarch64 target (-ffreestanding
# -nostdlib) against libfdt.h with a libc-free libfdt_env.h, and its
# objects reference nothing but libfdt, the other vsmmu layers and the four
# functions GCC requires of a freestanding environment.
#   freestanding_check.sh CC SOURCE_DIR WORK_DIR LIBFDT_INCLUDE_DIR NM
set -eu
cc=$1 top=$2 out=$3 inc=$4 nm=$5
rm -rf "$out" && mkdir -p "$out/inc" "$out/obj"
# libfdt.h includes "libfdt_env.h" from its own folder: copy it next to ours.
cp "$inc/libfdt.h" "$inc/fdt.h" "$out/inc/"
cp "$top/tests/unit/fdt/freestanding/libfdt_env.h" "$out/inc/"
for f in "$top"/src/fdt/*.c; do
	"$cc" -std=c11 -O2 -ffreestanding -nostdlib -Wall -Wextra -Werror \
		-I"$top/include" -I"$out/inc" -c "$f" \
		-o "$out/obj/$(basename "$f" .c).o"
done
bad=$("$nm" -u "$out"/obj/*.o | awk 'NF == 2 {print $2}' | sort -u |
	grep -vE '^(fdt_|vfdt_|vsmmu_|viommu_)' |
	grep -vxE 'memcpy|memmove|memset|memcmp' || true)
if [ -n "$bad" ]; then
	echo "src/fdt references outside libfdt and the core:" >&2
	echo "$bad" | sed 's/^/  /' >&2
	exit 1
fi
echo "freestanding_check: src/fdt OK for $cc"
