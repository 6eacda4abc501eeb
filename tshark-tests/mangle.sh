#!/usr/bin/env bash
# mangle.sh: bad input never crashes or hangs sipscope.
#
# Every capture in testdata/captures/ and the public captures is (a) mangled with
# `editcap -E` under two seeds and (b) truncated with `editcap -s`, and each variant goes
# through tshark with the plugin in four modes: single pass with sipscope fields, two-pass
# (-2) with the sipscope taps when they exist, -V (full tree), and a single pass without a tree
# (sipscope reads Wireshark's taps). A run passes when tshark
# exits 0 within the time limit and prints no sanitizer report and no "Dissector bug".
#
#   mangle.sh [--so PATH] [--jobs N] [--quick]
# With a sanitizer build of the plugin (-DSIPSCOPE_SANITIZE=ON) the sanitizer runtimes are
# preloaded into tshark automatically.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
so="$root/build/sipscope.so"
jobs=2
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --so) so="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    *) echo "mangle.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

public=$(python3 "$root/tshark-tests/public_captures.py" || true)

work=$(mktemp -d /tmp/sipscope-mangle.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

captures=()
for f in "$root"/testdata/captures/*.pcap "$root"/testdata/captures/*.pcapng; do
  [ -e "$f" ] && captures+=("$f")
done
if [ -d "$public" ]; then
  for f in "$public"/*.pcap "$public"/*.pcapng "$public"/*.cap; do
    [ -e "$f" ] && captures+=("$f")
  done
else
  echo "mangle.sh: public captures not found; testing testdata/ only" >&2
fi
[ "$quick" = 1 ] && captures=("${captures[@]:0:6}")

# (tools/sipscope-tshark preloads the sanitizer runtimes for an instrumented plugin)
sanitized=$(ldd "$so" 2>/dev/null | grep -c 'lib\(a\|ub\)san\.so' || true)

# taps once they are registered (probe: a -z name tshark does not know is an error;
# this also works where extcap discovery is unavailable)
taps=()
if [ ${#captures[@]} -gt 0 ]; then
  for t in sipladder sipcdr; do
    if timeout 120 "$root/tools/sipscope-tshark" --so "$so" -r "${captures[0]}" -q -z "$t" >/dev/null 2>&1; then
      taps+=(-z "$t")
    fi
  done
fi

# every sipscope field that exists (so the single-pass mode renders all of them)
fields=(-e frame.number)
for f in $("$root/tools/sipscope-tshark" --so "$so" -G fields 2>/dev/null |
           awk -F'\t' '$1=="F" && $3 ~ /^(sipdialog|sipauth|stunverify|mediabind)\./ {print $3}'); do
  fields+=(-e "$f")
done

n=0
list="$work/list"
: > "$list"
for cap in "${captures[@]}"; do
  base=$(basename "$cap"); base=${base%.*}
  h=$(printf '%s' "$base" | cksum | cut -d' ' -f1)
  for seed in $((h % 1000 + 1)) $((h % 1000 + 2)); do
    out="$work/$base.E$seed.pcap"
    editcap -E 0.03 --seed "$seed" "$cap" "$out" 2>/dev/null || continue
    echo "$out" >> "$list"
  done
  snap=$((40 + h % 160))
  out="$work/$base.s$snap.pcap"
  editcap -s "$snap" "$cap" "$out" 2>/dev/null && echo "$out" >> "$list"
  n=$((n + 1))
done
chmod -R a+rX "$work"

run_one() {
  local f="$1" mode log rc
  for mode in fields twopass verbose taps; do
    log="$f.$mode.log"
    case "$mode" in
      fields)  args=(-r "$f" -T fields "${fields[@]}") ;;
      twopass) args=(-r "$f" -2 -q "${taps[@]}" -z expert) ;;
      verbose) args=(-r "$f" -V) ;;
      taps)    args=(-r "$f" -q "${taps[@]}") ;;   # one pass, no tree: input from Wireshark's taps
    esac
    timeout 300 "$root/tools/sipscope-tshark" --so "$so" -- "${args[@]}" >/dev/null 2>"$log"
    rc=$?
    if [ $rc -ne 0 ] || grep -qE "AddressSanitizer|runtime error:|Dissector bug|LeakSanitizer" "$log"; then
      echo "FAIL $(basename "$f") [$mode] exit=$rc"
      grep -vE "^Some fields aren't valid" "$log" | head -40 | sed 's/^/    /'
      return 1
    fi
  done
  return 0
}
export -f run_one
export so root
taps_str="${taps[*]:-}"
fields_str="${fields[*]}"
export taps_str fields_str

variants=$(wc -l < "$list")
echo "mangle.sh: $n captures, $variants variants, 4 modes each, $jobs in parallel$([ "$sanitized" -gt 0 ] && echo ", sanitizer build")"
fails=$(xargs -a "$list" -P "$jobs" -I{} bash -c 'taps=($taps_str); fields=($fields_str); run_one "$@"' _ {} | tee "$work/results" >&2; grep -c '^FAIL' "$work/results")
if [ "$fails" -ne 0 ]; then
  echo "mangle.sh: $fails variant(s) failed"
  exit 1
fi
echo "mangle.sh: all $variants variants passed"
