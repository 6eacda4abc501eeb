#!/usr/bin/env bash
# run.sh [SECONDS] [HARNESS...]: build the libFuzzer harnesses with clang (ASan+UBSan) in
# build-fuzz/ and fuzz each for SECONDS (default 60), starting from fuzz/corpus/<name>/ (the seed
# corpus, extracted from testdata by fuzz/seed.sh). New crashers are copied to
# fuzz/regressions/<name>/ (replayed by ctest in every normal build); the run fails if any.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
secs="${1:-60}"; shift || true
command -v clang >/dev/null || { echo "run.sh: clang is needed (apt-get install clang libclang-rt-14-dev)"; exit 2; }
CC=clang cmake -S "$root" -B "$root/build-fuzz" -DSIPSCOPE_FUZZ=ON -DSIPSCOPE_TESTS=OFF -DSIPSCOPE_WERROR=ON >/dev/null
cmake --build "$root/build-fuzz" -j"$(nproc)" >/dev/null
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  for f in "$root"/fuzz/fuzz_*.c; do h=$(basename "$f" .c); harnesses+=("${h#fuzz_}"); done
fi
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"
fail=0
for h in "${harnesses[@]}"; do
  work="$root/build-fuzz/work/$h"; rm -rf "$work"; mkdir -p "$work/corpus" "$work/crashes" "$root/fuzz/corpus/$h"
  cp -r "$root/fuzz/corpus/$h/." "$work/corpus/" 2>/dev/null || true
  echo "== fuzz_$h for ${secs}s"
  if ! "$root/build-fuzz/fuzz/fuzz_$h" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$work/crashes/" -print_final_stats=1 "$work/corpus" 2>"$work/log" ; then
    fail=1
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|cov:" "$work/log" | tail -3
  if compgen -G "$work/crashes/*" >/dev/null; then
    mkdir -p "$root/fuzz/regressions/$h"
    cp "$work/crashes/"* "$root/fuzz/regressions/$h/"
    echo "fuzz_$h: crasher(s) saved in fuzz/regressions/$h/:"; ls "$work/crashes"
    grep -m5 -E "ERROR|SUMMARY|runtime error" "$work/log" || true
    fail=1
  fi
done
exit $fail
