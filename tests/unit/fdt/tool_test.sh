#!/bin/sh
# vsmmu-dt end to end. Each example's output is decompiled with dtc and
# compared with the expected source in expected/ (compiled and decompiled
# the same way, so only content can differ). Then the failure paths: a
# clear error, and no output file, partial or otherwise.
#   tool_test.sh VSMMU_DT DTC SOURCE_DIR WORK_DIR
set -u
tool=$1 dtc=$2 top=$3 out=$4
ex=$top/examples
exp=$top/tests/unit/fdt/expected
fail=0
rm -rf "$out" && mkdir -p "$out" || exit 1

bad() {
	echo "FAIL: $*" >&2
	fail=1
}

check() {
	name=$1
	shift
	if ! "$tool" "$@" -q -o "$out/$name.dtb"; then
		bad "$name: vsmmu-dt failed"
		return
	fi
	"$dtc" -q -I dtb -O dts -o "$out/$name.got.dts" "$out/$name.dtb" &&
	"$dtc" -q -I dts -O dtb -o "$out/$name.exp.dtb" "$exp/$name.dts" &&
	"$dtc" -q -I dtb -O dts -o "$out/$name.exp.dts" "$out/$name.exp.dtb" ||
		{ bad "$name: dtc failed"; return; }
	diff -u "$out/$name.exp.dts" "$out/$name.got.dts" || bad "$name: output differs"
}

check basic "$ex/basic/host.dts" --domain "$ex/basic/guest.cfg" \
	--passthrough "$ex/basic/pt.dts"
check two-smmus "$ex/two-smmus/host.dts" --domain "$ex/two-smmus/guest.cfg" \
	--passthrough "$ex/two-smmus/pt.dts"
check two-guests-guest1 "$ex/two-guests/host.dts" \
	--domain "$ex/two-guests/guest1.cfg" --passthrough "$ex/two-guests/pt1.dts"
check two-guests-guest2 "$ex/two-guests/host.dts" \
	--domain "$ex/two-guests/guest2.cfg" --passthrough "$ex/two-guests/pt2.dts"
check hwdom "$ex/hwdom/host.dts" --hwdom

# The vSID map it prints: same pSID on two SMMUs, two vSIDs.
"$tool" "$ex/two-smmus/host.dts" --domain "$ex/two-smmus/guest.cfg" >"$out/map.txt" ||
	bad "map: vsmmu-dt failed"
grep -q "vSID 0x0 <- /soc/iommu@2b400000 pSID 0x10  /soc/dma@e7300000" "$out/map.txt" ||
	bad "map: vSID 0x0 missing"
grep -q "vSID 0x1 <- /soc/iommu@2b500000 pSID 0x10  /soc/dma@e7400000" "$out/map.txt" ||
	bad "map: vSID 0x1 missing"

# --dts prints source dtc accepts.
"$tool" "$ex/basic/host.dts" --domain "$ex/basic/guest.cfg" -q --dts >"$out/print.dts" &&
	"$dtc" -q -I dts -O dtb -o "$out/print.dtb" "$out/print.dts" ||
	bad "--dts: not valid source"

# A bad config: an error with its line, and no output file.
printf 'name = "g"\nviommu = "smmuv9"\n' >"$out/bad.cfg"
if "$tool" "$ex/basic/host.dts" --domain "$out/bad.cfg" -o "$out/bad.dtb" 2>"$out/bad.err"; then
	bad "bad config accepted"
fi
grep -q "bad.cfg: line 2: viommu" "$out/bad.err" || bad "bad config: message: $(cat "$out/bad.err")"
[ ! -e "$out/bad.dtb" ] || bad "bad config: output written"

# A failing run leaves an existing output as it was, and no temp files.
printf 'viommu = "smmuv3"\ndtdev = [ "/soc/dma@e7300000" ]\nvsmmu_irq = 132\n' >"$out/clash.cfg"
cp "$out/basic.dtb" "$out/keep.dtb"
if "$tool" "$ex/basic/host.dts" --domain "$out/clash.cfg" -o "$out/keep.dtb" 2>"$out/clash.err"; then
	bad "SPI clash accepted"
fi
grep -q "assigned device /soc/dma@e7300000" "$out/clash.err" || bad "SPI clash: message: $(cat "$out/clash.err")"
cmp -s "$out/basic.dtb" "$out/keep.dtb" || bad "failing run changed an existing output"
ls "$out" | grep -q '\.dtb\.' && bad "temporary file left behind"

# A truncated host blob is an error, not a crash.
head -c 200 "$out/hwdom.dtb" >"$out/trunc.dtb"
"$tool" "$out/trunc.dtb" --hwdom -o "$out/trunc-out.dtb" 2>"$out/trunc.err" && bad "truncated host accepted"
grep -q "not a valid device tree blob" "$out/trunc.err" || bad "truncated: message: $(cat "$out/trunc.err")"
[ ! -e "$out/trunc-out.dtb" ] || bad "truncated: output written"

# --hide: the SMMU and every reference to it are gone.
"$tool" "$ex/hwdom/host.dts" --hwdom --hide /iobus/iommu@0 -q -o "$out/hide.dtb" ||
	bad "--hide: vsmmu-dt failed"
"$dtc" -q -I dtb -O dts -o "$out/hide.dts" "$out/hide.dtb" || bad "--hide: dtc failed"
grep -q "iommu@0 {" "$out/hide.dts" && bad "--hide: SMMU node kept"
grep -q "iommu-map" "$out/hide.dts" && bad "--hide: iommu-map kept"
grep -q "iommu@2b400000 {" "$out/hide.dts" || bad "--hide: the other SMMU is gone"
"$tool" "$ex/hwdom/host.dts" --hwdom --hide /soc/dma@e7300000 2>/dev/null &&
	bad "--hide of a device accepted"

# Usage errors.
"$tool" 2>/dev/null && bad "no arguments accepted"
"$tool" "$ex/basic/host.dts" --hwdom --domain "$ex/basic/guest.cfg" 2>/dev/null &&
	bad "--hwdom with --domain accepted"

[ $fail = 0 ] && echo "tool_test: all checks passed"
exit $fail
