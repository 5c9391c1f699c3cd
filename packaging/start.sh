#!/usr/bin/env bash
# README command 1: install dependencies, build a release, start tokenrouterd on built-in
# defaults (127.0.0.1:8787, SQLite under $XDG_DATA_HOME/tokenrouter). On the first start it
# prints a dev key. Extra arguments go to tokenrouterd (e.g. --config FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
exec ./build/release/daemon/tokenrouterd "$@"
