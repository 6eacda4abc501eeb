#!/usr/bin/env bash
# valgrind.sh: memcheck on tshark with the plugin over the testdata captures. Fails on any
# invalid read/write, use of uninitialised values or definite/indirect leak whose stack goes
# through sipscope.so (tshark's own leaks at exit are not ours and are ignored).
#
#   valgrind.sh [--so PATH] [-j JOBS] [--each] [CAPTURE...]
# Each capture runs three times: single pass with -V (every field rendered), -2 with the taps,
# and a single pass without a tree (-q with the taps: sipscope reads Wireshark's taps).
# Without --each the captures (default: all of testdata/captures/) are first concatenated into
# one (mergecap -a), so tshark's slow start under valgrind is paid twice rather than per capture.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
so="$root/build/sipscope.so"
jobs=1
each=0
while [ $# -gt 0 ]; do
  case "$1" in
    --so) so="$2"; shift 2 ;;
    -j) jobs="$2"; shift 2 ;;
    --each) each=1; shift ;;
    *) break ;;
  esac
done
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed"; exit 2; }
caps=("$@")
[ ${#caps[@]} -eq 0 ] && caps=("$root"/testdata/captures/*.pcap)
logs=$(mktemp -d /tmp/sipscope-vg.XXXXXX); chmod 1777 "$logs"
trap 'rm -rf "$logs"' EXIT
if [ "$each" = 0 ] && [ ${#caps[@]} -gt 1 ]; then
  mergecap -a -F pcapng -w "$logs/testdata-merged.pcapng" "${caps[@]}" ||
    { echo "valgrind.sh: mergecap failed"; exit 2; }
  chmod 644 "$logs/testdata-merged.pcapng"
  echo "valgrind.sh: ${#caps[@]} captures concatenated into one"
  caps=("$logs/testdata-merged.pcapng")
fi
taps=()
for t in sipladder sipcdr; do
  timeout 120 "$root/tools/sipscope-tshark" --so "$so" -r "${caps[0]}" -q -z "$t" >/dev/null 2>&1 && taps+=(-z "$t")
done
# check CAPTURE MODE: prints ok/FAIL and returns 1 on a report through sipscope.so
check() {
  local cap="$1" mode="$2" b log n args
  b=$(basename "$cap")
  log="$logs/$b.$mode.log"
  case "$mode" in
    onepass) args=(-r "$cap" -V) ;;
    twopass) args=(-r "$cap" -2 -q "${taps[@]}" -z expert) ;;
    taps)    args=(-r "$cap" -q "${taps[@]}") ;;
  esac
  timeout 1800 "$root/tools/sipscope-tshark" --so "$so" --program valgrind -- \
    --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect --num-callers=30 \
    --keep-debuginfo=yes --fullpath-after= \
    --log-file="$log" tshark "${args[@]}" >/dev/null 2>&1
  # count the error/leak blocks whose stack goes through our code: frames show our source files
  # by full path (--fullpath-after=), kept after the plugin is unloaded (--keep-debuginfo=yes)
  n=$(python3 - "$log" "$root/" <<'PY'
import re, sys
text = open(sys.argv[1], errors="replace").read()
blocks = re.split(r"\n==\d+== \n", text)
ours = [b for b in blocks if ("sipscope.so" in b or sys.argv[2] in b) and re.search(
        r"Invalid (read|write)|uninitialised|Conditional jump|definitely lost|indirectly lost|Invalid free|Mismatched", b)]
for b in ours[:5]:
    print(b, file=sys.stderr)
print(len(ours))
PY
)
  if [ "$n" != 0 ]; then
    echo "FAIL $b [$mode]: $n memcheck report(s) through sipscope.so"; return 1
  fi
  grep -q "ERROR SUMMARY" "$log" || { echo "FAIL $b [$mode]: valgrind did not finish"; return 1; }
  echo "ok   $b [$mode]"
}
bad=0
running=0
for cap in "${caps[@]}"; do
  for mode in onepass twopass taps; do
    check "$cap" "$mode" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
      wait -n || bad=1
      running=$((running - 1))
    fi
  done
done
while [ "$running" -gt 0 ]; do
  wait -n || bad=1
  running=$((running - 1))
done
exit $bad
