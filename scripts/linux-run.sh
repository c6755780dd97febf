#!/bin/sh
# Boot Debian's arm64 kernel under hyp (our EL2 hypervisor embedding
# libvsmmu) on QEMU's virt machine with a nested SMMUv3, and print the
# console. Used by `make linux-demo` and tests/linux/run.sh.
#
# Usage: scripts/linux-run.sh [-t trace-file] [-l console-log] [-T secs]
#   -t FILE   also write QEMU's smmuv3_* trace (log backend) to FILE
#   -l FILE   write the console to FILE as well as to stdout, and QEMU's
#             exit status to FILE.rc
#   -T SECS   time limit (default 120)
# Needs scripts/linux-deps.sh to have run (it is called here).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/linux
trace="" log="" limit=120
while getopts t:l:T: o; do
	case $o in
	t) trace=$OPTARG ;;
	l) log=$OPTARG ;;
	T) limit=$OPTARG ;;
	*) exit 2 ;;
	esac
done

# One boot at a time per tree (build/hyp, the DTB and the disk are shared).
mkdir -p "$out"
if [ -z "${VSMMU_LINUX_RUN_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
	VSMMU_LINUX_RUN_LOCKED=1 exec flock "$out/.run.lock" sh "$0" "$@"
fi

# shellcheck disable=SC2086
sh "$top/scripts/linux-deps.sh" ${LINUX_DEPS_OPTS:-}
make -s -C "$top/hyp" -j2 O="$top/build/hyp" >/dev/null

# Guest memory map (hyp/hyp.h): hypervisor 0x40000000-0x42000000, kernel
# at 0x42000000, initramfs at 0x4c000000, DTB at 0x4f000000.
KERNEL=0x42000000 INITRD=0x4c000000 DTB=0x4f000000
MACHINE="virt,virtualization=on,gic-version=3,iommu=smmuv3,highmem=off"
SMP=${LINUX_SMP:-2}
COMMON="-M $MACHINE -cpu cortex-a57 -smp $SMP -m 1G -nographic -nic none"

# A disk whose content the guest checksums through both devices.
if [ ! -f "$out/disk.img" ]; then
	dd if="$out/Image" of="$out/disk.img" bs=1M count=4 2>/dev/null
fi
sum=$(sha256sum "$out/disk.img" | cut -d' ' -f1)

# The machine's own tree, with /chosen for Linux (hyp removes its memory).
rm -f "$out/host.dtb"
# shellcheck disable=SC2086
qemu-system-aarch64 $COMMON -machine dumpdtb="$out/host.dtb" >/dev/null 2>&1 || true
[ -s "$out/host.dtb" ] || { echo "linux-run: dumpdtb failed" >&2; exit 1; }
isize=$(stat -c %s "$out/initrd.cpio.gz")
fdtput -t s "$out/host.dtb" /chosen bootargs \
	"console=ttyAMA0 nokaslr panic=-1 rdinit=/init iomem=relaxed vsmmu.disksum=$sum vsmmu.canary=0x41f00000"
fdtput -t x "$out/host.dtb" /chosen linux,initrd-start 0 $INITRD
fdtput -t x "$out/host.dtb" /chosen linux,initrd-end 0 \
	"$(printf '%x' $((INITRD + isize)))"

tr=""
[ -n "$trace" ] && tr="-d trace:smmuv3_*,trace:smmu_ptw_invalid_pte,trace:smmu_ptw_level -D $trace"
# shellcheck disable=SC2086
set -- timeout "$limit" qemu-system-aarch64 $COMMON -no-reboot \
	-kernel "$top/build/hyp/hyp.elf" \
	-device loader,file="$out/Image",addr=$KERNEL,force-raw=on \
	-device loader,file="$out/initrd.cpio.gz",addr=$INITRD,force-raw=on \
	-device loader,file="$out/host.dtb",addr=$DTB,force-raw=on \
	-drive if=none,id=vd0,file="$out/disk.img",format=raw,readonly=on \
	-device virtio-blk-pci,drive=vd0,iommu_platform=on,disable-legacy=on \
	-drive if=none,id=nv0,file="$out/disk.img",format=raw,readonly=on \
	-device nvme,drive=nv0,serial=vsmmu0 \
	-device edu,dma_mask=0xffffffffffffffff \
	$tr
if [ -n "$log" ]; then
	# QEMU's exit status goes to $log.rc (124: the time limit hit).
	{ rc=0; "$@" 2>&1 || rc=$?; echo $rc >"$log.rc"; } | tee "$log"
else
	"$@" 2>&1
fi
