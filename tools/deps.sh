#!/usr/bin/env bash
# deps.sh: install the Debian 12 packages sipscope needs that are missing.
#   tools/deps.sh build   compiler, CMake, libwireshark-dev, tshark
#   tools/deps.sh test    build + cmocka, python3, Wireshark GUI, Xvfb and screenshot tools,
#                         clang with the libFuzzer/sanitizer runtimes, valgrind
# Runs apt-get as root, or through sudo when not root. Does nothing when all are present.
set -euo pipefail
what="${1:-test}"
pkgs=(build-essential cmake pkg-config tshark libwireshark-dev libglib2.0-dev)
if [ "$what" = test ]; then
  pkgs+=(libcmocka-dev python3 wireshark-qt xvfb x11-utils xdotool imagemagick util-linux
         clang libclang-rt-14-dev valgrind)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps.sh: installing ${missing[*]}" >&2
if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo); fi
# wireshark-common asks whether non-root users may capture; answer no, non-interactively
echo "wireshark-common wireshark-common/install-setuid boolean false" | "${sudo[@]}" debconf-set-selections
"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
