#!/bin/sh
# tests/linux: Debian's arm64 kernel, unmodified, under hyp/ (our EL2
# hypervisor embedding libvsmmu) on QEMU's virt machine with its nested
# SMMUv3. Checks, from the console and QEMU's smmuv3_* trace:
#   1. hyp boots at EL2 and enters the guest at EL1;
#   2. the guest's arm-smmu-v3 driver probes our vSMMU, and its read of
#      IIDR returns the vSMMU's value (not the physical SMMU's);
#   3. virtio-blk-pci (iommu_platform=on) and nvme join IOMMU groups of
#      type DMA, and a disk image read through each matches its host
#      checksum;
#   4. QEMU translated those devices' DMA nested (stage=3: the guest's
#      stage 1 over the hypervisor's stage 2);
#   5. with edu's STE in bypass (stage 2 only), its DMA aimed at
#      hypervisor memory faults at stage 2 (QEMU's trace and the
#      hypervisor's event log) and the canary there is intact;
#   6. with edu back in a DMA domain (nested STE), its DMA to an IOVA the
#      guest never mapped faults at stage 1; the hypervisor forwards the
#      event with the vSID and the guest's driver reports it (the vSMMU's
#      event queue and its edge SPI).
# Skips (exit 0, with the reason) only when scripts/linux-deps.sh says a
# prerequisite cannot be had on this machine; fails with the console log
# otherwise.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/linux/test
mkdir -p "$out"

# This run's files; the last passing run's are kept in $out.
dir=$(mktemp -d "$out/run.XXXXXX")
con=$dir/console.log trace=$dir/smmuv3-trace.log

sh "$top/scripts/linux-deps.sh" >"$dir/deps.log" 2>&1
rc=$?
if [ $rc -eq 2 ]; then
	echo "tests/linux: SKIP: $(grep 'linux-deps:' "$dir/deps.log" | tail -n1)"
	rm -rf "$dir"
	exit 0
elif [ $rc -ne 0 ]; then
	cat "$dir/deps.log"
	echo "tests/linux: FAIL: scripts/linux-deps.sh failed"
	exit 1
fi
t0=$(date +%s)
LINUX_DEPS_OPTS=--offline sh "$top/scripts/linux-run.sh" -T 240 \
	-t "$trace" -l "$con" >"$dir/run.log" 2>&1
t1=$(date +%s)
if [ ! -s "$con" ]; then
	cat "$dir/run.log"
	echo "tests/linux: FAIL: no console (hyp/ build or QEMU failed; above)"
	exit 1
fi
[ -f "$trace" ] || : >"$trace"
tr -d '\r' <"$con" >"$con.tmp" && mv "$con.tmp" "$con"
sum=$(sha256sum "$top/build/linux/disk.img" | cut -d' ' -f1)

fails=0
ok() { echo "tests/linux: ok: $*"; }
bad() { echo "tests/linux: FAIL: $*"; fails=$((fails + 1)); }
has() { grep -qE "$1" "$con"; }
check() {	# check <description> <regex>
	if has "$2"; then ok "$1"; else bad "$1 (no line matching: $2)"; fi
}

check "hyp runs at EL2" '^hyp: vsmmu reference hypervisor at EL2'
check "hyp reads the platform from QEMU's DTB" \
	'^hyp: host DTB 40000000 .* SMMU 9050000\+20000 SPIs 74 75 76 77'
check "the guest's DTB has the hypervisor's memory removed" \
	'^hyp: guest DTB 4f000000 .* memory node 42000000\+'
check "Linux's memory starts after the hypervisor" \
	'node +0: \[mem 0x0000000042000000-0x000000007fffffff\]'
check "psmmu + viommu + vsmmu set up on QEMU's SMMUv3" \
	'^hyp: vSMMU at 9050000 \(hardware domain\)'
check "the guest runs at EL1" 'CPU: All CPU\(s\) started at EL1'
check "PSCI CPU_ON trapped: the second CPU enters the guest from EL2" \
	'^hyp: CPU 1 at EL2: entering the guest at EL1'
check "the guest runs on 2 CPUs" 'smp: Brought up 1 node, 2 CPUs'
check "arm-smmu-v3 probes the vSMMU" \
	'arm-smmu-v3 9050000\.smmuv3: allocated [0-9]+ entries for evtq'
if has 'arm-smmu-v3 .*(failed|probe .* error)'; then
	bad "arm-smmu-v3 reported a failure"
fi
piidr=$(sed -n 's/^hyp: guest read vSMMU IIDR = \([0-9a-f]*\) (pSMMU IIDR \([0-9a-f]*\)).*/\1 \2/p' "$con" | head -n1)
if [ -n "$piidr" ] && [ "${piidr% *}" = 76d00000 ] &&
   [ "${piidr#* }" != 76d00000 ] && has '^LINUX: vSMMU IIDR 0x76D00000'; then
	ok "the guest reads the vSMMU's IIDR 0x76d00000 (pSMMU: ${piidr#* })"
else
	bad "the guest's IIDR read did not return the vSMMU's value"
fi

sid_of() {	# PCI address 0000:BB:DD.F -> RID (= SID) in hex
	b=$(echo "$1" | cut -d: -f2) df=$(echo "$1" | cut -d: -f3)
	printf '0x%x' $(( (0x$b << 8) | (0x${df%.*} << 3) | ${df#*.} ))
}
for dev in "0x1af4:0x1042 virtio-pci" "0x1b36:0x0010 nvme"; do
	id=${dev% *} drv=${dev#* }
	line=$(grep -E "^LINUX: pci [0-9a-f:.]+ $id driver $drv " "$con" | head -n1)
	if echo "$line" | grep -qE 'iommu_group [0-9]+ type DMA'; then
		ok "$drv: $(echo "$line" | cut -d' ' -f3,7-)"
	else
		bad "$drv ($id) is not in an IOMMU group of type DMA: ${line:-no line}"
		continue
	fi
	sid=$(sid_of "$(echo "$line" | cut -d' ' -f3)")
	n=$(grep -cE "smmuv3_translate_success .* sid=$sid .* stage=3\$" "$trace")
	if [ "$n" -gt 0 ]; then
		ok "$drv (SID $sid): $n nested translations (stage=3) in QEMU's trace"
	else
		bad "$drv (SID $sid): no nested (stage=3) translation in QEMU's trace"
	fi
	if grep -qE "smmuv3_translate_success .* sid=$sid .* stage=[12]\$" "$trace"; then
		bad "$drv (SID $sid): some DMA was translated by one stage only"
	fi
done
vmid=$(sed -n 's/^hyp: vSMMU at .* VMID \([0-9]*\),.*/\1/p' "$con" | head -n1)
n=$(grep -cE "smmuv3_range_inval vmid=${vmid:-x} asid=[0-9]+ .* stage=1\$" "$trace")
if [ "$n" -gt 0 ] && [ "${vmid:-0}" -ne 0 ]; then
	ok "guest TLBIs reached QEMU's SMMU as $n stage-1 invalidations of VMID $vmid"
else
	bad "no forwarded stage-1 invalidation with the domain's VMID (${vmid:-?}) in QEMU's trace"
fi

# The SMMU's stage-2 walks start at the CPU's stage-2 root (VTTBR_EL2).
root=$(sed -n 's/^hyp: vSMMU at .*(VTTBR \([0-9a-f]*\)).*/\1/p' "$con" | head -n1)
n=$(grep -cE "^smmu_ptw_level stage=2 level=1 .* baseaddr=0x${root:-x} " "$trace")
other=$(grep -E "^smmu_ptw_level stage=2 level=1 " "$trace" |
	grep -cvE "baseaddr=0x${root:-x} ")
if [ -n "$root" ] && [ "$n" -gt 0 ] && [ "$other" -eq 0 ]; then
	ok "QEMU's SMMU walked stage 2 from the CPU's VTTBR root $root ($n walks, no other root)"
else
	bad "stage-2 walks: $n from the CPU's root ${root:-?}, $other from another"
fi

for b in vda nvme0n1; do
	check "$b reads back the disk image, 3 rounds concurrently with the other disk (sha256 $sum)" \
		"^LINUX: disk $b sha256 $sum match"
done
if has '^LINUX: disk .* differs'; then
	bad "a disk read round differed from the first"
fi

check "a guest CPU read of hypervisor memory traps and reads as zero" \
	'^LINUX: read of hypervisor memory at 0x41f00000: 0x0+$'
check "the hypervisor saw that read" \
	'^hyp: guest: read of unmapped ipa 41f00000 at pc [0-9a-f]+ ignored'
check "edu's IOMMU group switched to bypass" \
	'^LINUX: edu [0-9a-f:.]+ group [0-9]+ type identity'
esid=$(sid_of "$(sed -n 's/^LINUX: edu \([0-9a-f:.]*\) group.*identity/\1/p' "$con" | head -n1)" 2>/dev/null)
# A fault record for edu right after a stage-2 walk found no descriptor.
n=$(awk -v sid="$esid" '
	/^smmuv3_record_event SMMU_EVT_F_TRANSLATION / && $3 == "sid=" sid &&
	    prev ~ /^smmu_ptw_invalid_pte stage=2 / { n++ }
	{ prev = $0 }
	END { print n + 0 }' "$trace")
if [ "$n" -gt 0 ]; then
	ok "QEMU's trace: edu's (SID $esid) DMA ended in $n stage-2 translation faults"
else
	bad "QEMU's trace shows no stage-2 translation fault for edu (SID $esid)"
fi
if grep -qE "smmuv3_translate_success .* sid=$esid .*translated=0x41f" "$trace"; then
	bad "edu's DMA was translated into hypervisor memory"
fi
check "the hypervisor got edu's stage-2 fault on hypervisor memory" \
	'^hyp: pSMMU: event F_TRANSLATION \(0x10\) sid [0-9]+ stage 2 input 41f0.* \(hypervisor memory\)'
check "the canary in hypervisor memory is intact after the fault" \
	'^hyp: canary at 41f00000 after the stage-2 fault: intact'
if has 'CORRUPTED|^hyp: PANIC'; then
	bad "the hypervisor reported corruption or panicked"
fi
check "edu's IOMMU group back to a DMA domain (nested STE)" \
	'^LINUX: edu [0-9a-f:.]+ group [0-9]+ type DMA$'
check "the hypervisor forwarded edu's stage-1 fault to the vSMMU" \
	'^hyp: pSMMU: stage-1 F_TRANSLATION sid [0-9]+ iova 7e570000 -> guest \(delivered\)'
evsid=$(printf '%08x' $((esid)) 2>/dev/null)
check "the guest's driver got the event (eventq SPI) with vSID $esid" \
	"arm-smmu-v3 9050000\.smmuv3:[[:space:]]+0x${evsid}00000010"
check "the guest ran to the end" '^LINUX: done'
qrc=$(cat "$con.rc" 2>/dev/null)
if has 'reboot: Power down' && [ "$qrc" = 0 ]; then
	ok "PSCI SYSTEM_OFF, forwarded by the hypervisor, powered QEMU off"
else
	bad "QEMU did not power off cleanly (exit status ${qrc:-?}; 124: time limit)"
fi

if [ $fails -ne 0 ]; then
	echo "tests/linux: $fails check(s) failed; console log ($con):"
	sed 's/^/  | /' "$con"
	echo "tests/linux: FAIL ($fails), QEMU trace in $trace"
	exit 1
fi
echo "tests/linux: info: $(grep '^hyp: vSMMU accesses per CPU' "$con" | tail -n1 | cut -d' ' -f2-)"
mv "$con" "$trace" "$out/" && rm -rf "$dir"
echo "tests/linux: PASS (boot to poweroff $((t1 - t0)) s)"
