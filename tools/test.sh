#!/usr/bin/env bash
# test.sh: install what is missing, build, and pass the whole suite:
#   1. the normal build: unit tests, tshark tests, the mangled-capture check, the GUI smoke test;
#   2. a sanitizer build (ASan+UBSan): unit tests, tshark tests and the mangled-capture check again;
#   3. every libFuzzer harness for a short bounded time (fuzz/run.sh; new crashers fail the run);
#   4. valgrind memcheck on tshark with the plugin over the testdata and public captures
#      (tshark-tests/valgrind.sh).
# Options: --quick  only step 1 without the mangled-capture check (for development).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
quick=0
[ "${1:-}" = "--quick" ] && quick=1
"$root/tools/deps.sh" test
jobs=$(nproc)

echo "== build (warnings are errors)"
"$root/tools/build.sh" "$root/build" -DSIPSCOPE_TESTS=ON
echo "== unit, tshark and GUI tests"
if [ "$quick" = 1 ]; then
  (cd "$root/build" && ctest --output-on-failure -j"$jobs" -LE mangle)
  exit 0
fi
(cd "$root/build" && ctest --output-on-failure -j"$jobs")

echo "== sanitizer build (ASan + UBSan)"
"$root/tools/build.sh" "$root/build-asan" -DSIPSCOPE_TESTS=ON -DSIPSCOPE_SANITIZE=ON
# (tools/sipscope-tshark preloads the sanitizer runtimes into tshark for this plugin)
(cd "$root/build-asan" && ctest --output-on-failure -j"$jobs" -L "unit|tshark|mangle")

echo "== fuzzing (${SIPSCOPE_FUZZ_SECONDS:-15} s per harness)"
"$root/fuzz/run.sh" "${SIPSCOPE_FUZZ_SECONDS:-15}"

echo "== valgrind memcheck (testdata and public captures, concatenated)"
vcaps=("$root"/testdata/captures/*.pcap)
public=$(python3 "$root/tshark-tests/public_captures.py" || true)
if [ -n "$public" ]; then
  for f in "$public"/*.pcap "$public"/*.pcapng "$public"/*.cap; do [ -f "$f" ] && vcaps+=("$f"); done
fi
"$root/tshark-tests/valgrind.sh" --so "$root/build/sipscope.so" -j "$jobs" "${vcaps[@]}"
echo "== all tests passed"
