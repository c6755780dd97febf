#!/bin/sh
# Prerequisites of the Linux demo (make linux-demo, tests/linux):
#  - QEMU >= 10 from bookworm-backports (stage 2 and nested SMMUv3);
#  - Debian's arm64 kernel and busybox-static, cached under build/linux/;
#  - an initramfs with busybox, the kernel's modules for virtio-pci,
#    virtio-blk and nvme, and tests/linux/init as /init.
#
# Idempotent: each step is skipped when its result is already there. Only
# Debian package registries are used, through apt. Must run as root when
# something has to be installed.
#
# Usage: scripts/linux-deps.sh [--offline]
#   --offline: install nothing and download nothing.
# Exit status: 0 ready; 2 a prerequisite is missing and cannot be had here
# (not root, --offline, or the Debian archive unreachable): tests/linux
# then skips with this script's message; 1 anything else (a real failure).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/linux
offline=0
[ "${1:-}" = "--offline" ] && offline=1

say() { echo "linux-deps: $*"; }
unavailable() { say "unavailable: $*" >&2; exit 2; }
need() {
	if [ $offline -eq 1 ]; then
		say "missing: $* (run scripts/linux-deps.sh as root)" >&2
		exit 2
	fi
	if [ "$(id -u)" -ne 0 ]; then
		say "missing: $*; run this script as root" >&2
		exit 2
	fi
}

mkdir -p "$out/deb"

# One instance at a time per tree: engineers share the checkout and may
# run make check at the same time.
if [ -z "${VSMMU_LINUX_DEPS_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
	VSMMU_LINUX_DEPS_LOCKED=1 exec flock "$out/.deps.lock" sh "$0" "$@"
fi

# ---- QEMU from bookworm-backports -------------------------------------
qemu_ok() {
	command -v qemu-system-aarch64 >/dev/null 2>&1 || return 1
	v=$(qemu-system-aarch64 --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
	[ -n "$v" ] && [ "$v" -ge 10 ]
}

# The URI of the machine's own Debian archive (deb822 or one-line format).
debian_uri() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
			/^[ \t]*$/ { if (uri != "" && suite) { print uri; exit }
				     uri = ""; suite = 0; next }
			/^URIs:/ { uri = $2 }
			/^Suites:/ { for (i = 2; i <= NF; i++)
					if ($i == "bookworm") suite = 1 }
			END { if (uri != "" && suite) print uri }' "$f" | head -n1
	done | head -n1
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '$1 == "deb" { u = $2; s = $3; if ($2 ~ /^\[/) { u = $3; s = $4 }
		     if (s == "bookworm") { print u; exit } }' "$f"
	done | head -n1
}

if ! qemu_ok; then
	need "qemu-system-arm (>= 10) from bookworm-backports"
	uri=$(debian_uri | head -n1)
	[ -n "$uri" ] || { say "no bookworm source found in /etc/apt" >&2; exit 1; }
	list=/etc/apt/sources.list.d/vsmmu-backports.list
	if ! grep -qs bookworm-backports /etc/apt/sources.list \
	    /etc/apt/sources.list.d/*; then
		say "adding bookworm-backports from $uri"
		echo "deb $uri bookworm-backports main" > "$list"
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null || unavailable "apt-get update failed"
	apt-get install -y -q --no-install-recommends -t bookworm-backports \
		qemu-system-arm >/dev/null ||
		unavailable "qemu-system-arm from bookworm-backports"
	qemu_ok || { say "QEMU >= 10 still missing" >&2; exit 1; }
fi

for tool in cpio depmod; do
	if ! command -v $tool >/dev/null 2>&1 && [ ! -x /sbin/$tool ]; then
		need "$tool"
		apt-get install -y -q --no-install-recommends cpio kmod \
			>/dev/null || unavailable "cpio, kmod"
	fi
done

# ---- arm64 kernel and busybox ------------------------------------------
fetch() {	# fetch <package>: its arm64 .deb, cached in $out/deb
	if ! ls "$out/deb/$1"_*_arm64.deb >/dev/null 2>&1; then
		need "$1:arm64 (.deb)"
		# apt's sandbox user may not write here; the download is
		# verified by apt all the same.
		(cd "$out/deb" && apt-get download -q "$1:arm64" 2>&1 |
			grep -v 'unsandboxed' >&2 || true)
		ls "$out/deb/$1"_*_arm64.deb >/dev/null 2>&1 ||
			unavailable "apt-get download $1:arm64"
	fi
	ls "$out/deb/$1"_*_arm64.deb | head -n1
}

if [ ! -f "$out/Image" ] || [ ! -f "$out/busybox" ]; then
	[ $offline -eq 1 ] && need "build/linux/Image and busybox"
	need "the arm64 kernel and busybox packages"
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		dpkg --add-architecture arm64
	fi
	# Fresh lists, so the kernel's package name and version resolve to
	# what the archive has now.
	apt-get update -q >/dev/null || unavailable "apt-get update failed"
	kpkg=$(apt-cache depends linux-image-arm64:arm64 |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\).*/\1/p' | head -n1)
	[ -n "$kpkg" ] || unavailable "linux-image-arm64:arm64 not in the apt lists"
	kdeb=$(fetch "${kpkg%:arm64}") || exit $?
	bdeb=$(fetch busybox-static) || exit $?
	rm -rf "$out/kernel" "$out/bb" && mkdir -p "$out/kernel" "$out/bb"
	dpkg-deb -x "$kdeb" "$out/kernel"
	dpkg-deb -x "$bdeb" "$out/bb"
	img=$(ls "$out"/kernel/boot/vmlinuz-* | head -n1)
	# Debian's arm64 vmlinuz is a gzip'd Image (no EFI stub loader here).
	if gzip -t "$img" 2>/dev/null; then
		gzip -dc "$img" > "$out/Image.tmp"
	else
		cp "$img" "$out/Image.tmp"
	fi
	mv "$out/Image.tmp" "$out/Image"
	cp "$out/bb/bin/busybox" "$out/busybox"
fi

# ---- initramfs ----------------------------------------------------------
init=$top/tests/linux/init
if [ ! -f "$out/initrd.cpio.gz" ] || [ "$init" -nt "$out/initrd.cpio.gz" ] ||
   [ "$0" -nt "$out/initrd.cpio.gz" ]; then
	kver=$(ls "$out/kernel/lib/modules" | head -n1)
	r=$out/rootfs
	rm -rf "$r" && mkdir -p "$r/bin" "$r/sbin" "$r/proc" "$r/sys" "$r/dev" \
		"$r/tmp" "$r/lib/modules/$kver"
	cp "$out/busybox" "$r/bin/busybox"
	for a in sh mount umount cat echo ls mkdir insmod modprobe sleep md5sum \
	    sha256sum dd devmem poweroff reboot grep sed head dmesg readlink \
	    basename find printf test true false hexdump od cut tr wc sync; do
		ln -sf busybox "$r/bin/$a"
	done
	km=$out/kernel/lib/modules/$kver
	# The modules the test needs with their dependencies, as modprobe
	# resolves them on the whole module tree of the package.
	[ -f "$km/modules.dep" ] || /sbin/depmod -b "$out/kernel" "$kver"
	for m in virtio_pci virtio_blk nvme pci-stub crc64_rocksoft_generic \
	    crct10dif_generic; do
		/sbin/modprobe -d "$out/kernel" -S "$kver" --show-depends "$m" |
			sed -n 's/^insmod \([^ ]*\).*/\1/p'
	done | sort -u | while read -r f; do
		d=$r/lib/modules/$kver/${f#"$km"/}
		mkdir -p "$(dirname "$d")"
		cp "$f" "$d"
	done
	# Decompress so busybox modprobe needs no xz support.
	find "$r/lib/modules" -name '*.ko.xz' -exec xz -d {} + 2>/dev/null || true
	cp "$km/modules.order" "$km/modules.builtin" "$r/lib/modules/$kver/" 2>/dev/null || true
	/sbin/depmod -b "$r" "$kver" 2>/dev/null || depmod -b "$r" "$kver"
	cp "$init" "$r/init" && chmod 755 "$r/init"
	(cd "$r" && find . | cpio -o -H newc --quiet | gzip -1) > "$out/initrd.tmp"
	mv "$out/initrd.tmp" "$out/initrd.cpio.gz"
	say "initramfs built ($(du -k "$out/initrd.cpio.gz" | cut -f1) KiB, kernel $kver)"
fi
exit 0
