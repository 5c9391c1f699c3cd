#!/usr/bin/env bash
# README command 2: install dependencies, build with AddressSanitizer + UndefinedBehaviorSanitizer
# and warnings as errors, then run every test (unit, integration, end-to-end) with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev "$@"
