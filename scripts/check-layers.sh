#!/bin/sh
# The include graph of the core, as docs/design.md draws it. A layer includes
# its own header, the base headers and the headers of the layers it depends
# on; nothing in src/ reaches into another layer's folder; only freestanding
# C headers come from the system (src/fdt also takes libfdt).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

allowed() {
	case $1 in
	base) echo "env base" ;;
	arch) echo "env base arch" ;;
	pgtable) echo "env base arch pgtable" ;;
	model) echo "env base arch pgtable model" ;;
	psmmu) echo "env base arch psmmu" ;;
	viommu) echo "env base arch psmmu viommu" ;;
	vsmmu) echo "env base arch pgtable viommu vsmmu" ;;
	fdt) echo "env base arch psmmu viommu fdt" ;;
	esac
}

bad=0
for layer in base arch pgtable model psmmu viommu vsmmu fdt; do
	files=""
	[ -d "src/$layer" ] && files=$(find "src/$layer" -name '*.[ch]')
	[ -f "include/vsmmu/$layer.h" ] && files="$files include/vsmmu/$layer.h"
	[ -n "$files" ] || continue
	ok=$(allowed "$layer")
	for f in $files; do
		grep -hoE '^#[[:space:]]*include[[:space:]]*[<"][^>"]+[>"]' "$f" |
			sed -E 's/^#[[:space:]]*include[[:space:]]*//' | while read -r inc; do
			name=$(echo "$inc" | tr -d '<>"')
			case $name in
			vsmmu/*.h)
				h=$(basename "$name" .h)
				case " $ok " in
				*" $h "*) ;;
				*) echo "$f: layer '$layer' may not include $name"; echo x >>"$top/.layers.bad" ;;
				esac ;;
			internal.h|*/internal.h)
				[ "$name" = internal.h ] || { echo "$f: includes another layer's $name"; echo x >>"$top/.layers.bad"; } ;;
			stdint.h|stddef.h|stdbool.h|stdarg.h|limits.h|stdalign.h) ;;
			libfdt.h|libfdt_env.h|fdt.h)
				[ "$layer" = fdt ] || { echo "$f: only src/fdt may include $name"; echo x >>"$top/.layers.bad"; } ;;
			*.h)
				case $inc in
				\"*) [ -f "$(dirname "$f")/$name" ] || { echo "$f: unknown include $inc"; echo x >>"$top/.layers.bad"; } ;;
				*) echo "$f: hosted header $inc in the freestanding core"; echo x >>"$top/.layers.bad" ;;
				esac ;;
			esac
		done
	done
done
if [ -f "$top/.layers.bad" ]; then
	rm -f "$top/.layers.bad"
	echo "check-layers: include graph violated" >&2
	exit 1
fi
echo "check-layers: include graph OK"
