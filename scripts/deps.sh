#!/bin/sh
# Install the Debian packages vsmmu needs to build, test and run its demo.
# Idempotent: asks dpkg first and only calls apt-get when something is
# missing. Must run as root on Debian 12 (bookworm) when anything is missing.
set -eu

PKGS="build-essential cmake pkg-config libcmocka-dev libfdt-dev \
device-tree-compiler gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu \
clang libclang-rt-14-dev valgrind"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages and not root; install them:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086
apt-get install -y --no-install-recommends $missing
