#!/usr/bin/env bash
# build.sh [BUILD_DIR] [CMAKE_OPTION...]: configure and build sipscope (default dir: build/).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="${1:-$root/build}"
shift || true
cmake -S "$root" -B "$dir" -DSIPSCOPE_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
