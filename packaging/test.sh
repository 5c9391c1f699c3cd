#!/usr/bin/env bash
# README command 2: install dependencies, build with AddressSanitizer + UndefinedBehaviorSanitizer
# and warnings as errors, run every test (unit, integration, end-to-end) with ctest, then every
# libFuzzer target for FUZZ_SECONDS each (default 30; 0 skips; tests/fuzz/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev "$@"
fuzz_seconds=${FUZZ_SECONDS:-30}
if [[ "$fuzz_seconds" != 0 ]]; then
  TKR_WITH_FUZZ=1 bash packaging/install-deps.sh
  bash tests/fuzz/run.sh "$fuzz_seconds"
fi
