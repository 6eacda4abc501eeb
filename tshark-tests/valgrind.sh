#!/usr/bin/env bash
# valgrind.sh: memcheck on tshark with the plugin over the testdata captures. Fails on any
# invalid read/write, use of uninitialised values or definite/indirect leak whose stack goes
# through sipscope.so (tshark's own leaks at exit are not ours and are ignored).
#
#   valgrind.sh [--so PATH] [CAPTURE...]    (default: every testdata/captures/*.pcap)
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
so="$root/build/sipscope.so"
if [ "${1:-}" = "--so" ]; then so="$2"; shift 2; fi
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed"; exit 2; }
caps=("$@")
[ ${#caps[@]} -eq 0 ] && caps=("$root"/testdata/captures/*.pcap)
logs=$(mktemp -d /tmp/sipscope-vg.XXXXXX); chmod 1777 "$logs"
trap 'rm -rf "$logs"' EXIT
taps=()
for t in sipladder sipcdr; do
  timeout 120 "$root/tools/sipscope-tshark" --so "$so" -r "${caps[0]}" -q -z "$t" >/dev/null 2>&1 && taps+=(-z "$t")
done
bad=0
for cap in "${caps[@]}"; do
  b=$(basename "$cap")
  for mode in onepass twopass; do
    log="$logs/$b.$mode.log"
    if [ "$mode" = onepass ]; then args=(-r "$cap" -V); else args=(-r "$cap" -2 -q "${taps[@]}" -z expert); fi
    timeout 1800 "$root/tools/sipscope-tshark" --so "$so" --program valgrind -- \
      --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect --num-callers=30 \
      --log-file="$log" tshark "${args[@]}" >/dev/null 2>&1
    # count the error/leak blocks whose stack mentions sipscope.so
    n=$(python3 - "$log" <<'PY'
import re, sys
text = open(sys.argv[1], errors="replace").read()
blocks = re.split(r"\n==\d+== \n", text)
ours = [b for b in blocks if "sipscope.so" in b and re.search(
        r"Invalid (read|write)|uninitialised|Conditional jump|definitely lost|indirectly lost|Invalid free|Mismatched", b)]
for b in ours[:5]:
    print(b, file=sys.stderr)
print(len(ours))
PY
)
    if [ "$n" != 0 ]; then
      echo "FAIL $b [$mode]: $n memcheck report(s) through sipscope.so"; bad=1
    else
      echo "ok   $b [$mode]"
    fi
  done
done
exit $bad
