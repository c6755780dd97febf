#!/bin/sh
# Build the freestanding core (src/) for aarch64 with -ffreestanding
# -nostdlib -Werror, link every layer into one relocatable object and fail
# if it references anything outside itself. GCC's rule for freestanding code
# is that the environment supplies memcpy, memmove, memset and memcmp; those
# four are allowed and nothing else (src/fdt is the exception: it calls
# libfdt, which the embedder links, and is checked separately for libc).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/aarch64}
mkdir -p "$out" && out=$(cd "$out" && pwd)

cmake -S "$top" -B "$out" -DVSMMU_CORE_ONLY=ON \
	-DCMAKE_TOOLCHAIN_FILE="$top/cmake/aarch64-freestanding.cmake" >/dev/null
cmake --build "$out" -j"$(nproc)" >/dev/null

libs=$(find "$out" -name 'libvsmmu_*.a' | sort)
[ -n "$libs" ] || { echo "check-core: no core library built" >&2; exit 1; }
rm -rf "$out/objs" && mkdir -p "$out/objs"
for l in $libs; do
	d="$out/objs/$(basename "$l" .a)"
	mkdir -p "$d" && (cd "$d" && aarch64-linux-gnu-ar x "$l")
done
aarch64-linux-gnu-ld -r -o "$out/core.o" $(find "$out/objs" -name '*.o*' | sort)
undef=$(aarch64-linux-gnu-nm -u "$out/core.o" | awk '{print $2}' |
	grep -vxE 'memcpy|memmove|memset|memcmp' || true)
if [ -n "$undef" ]; then
	echo "check-core: the freestanding core references symbols it does not define:" >&2
	echo "$undef" | sed 's/^/  /' >&2
	exit 1
fi
n=$(find "$out/objs" -name '*.o*' | wc -l)
echo "check-core: aarch64 freestanding core OK ($n objects, no libc references)"
