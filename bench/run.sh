#!/usr/bin/env bash
# The side-by-side benchmark: direct to the mock upstream, nginx as a plain reverse proxy, and
# tokenrouterd (keys on, pipeline on, ledger durability "ack") — in ONE run, with the shared
# harness (../shared/bench: wrk + Node load generators, loopback only, bounded in time).
#
#   bench/run.sh            # full run (~8 min)
#   QUICK=1 bench/run.sh    # short phases (~3 min), for a quick look
#
# Prints the harness's markdown table (ratios against nginx are the headline) and keeps
# everything under bench/out/run-<time>/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${TKR_SHARED_BENCH:-$root/../shared/bench}
[[ -d "$shared" ]] || { echo "bench: no harness at $shared (set TKR_SHARED_BENCH)" >&2; exit 2; }

bash "$root/packaging/install-deps.sh"
cmake --preset release -S "$root" >/dev/null
cmake --build --preset release

work=$(mktemp -d /tmp/tkr-bench.XXXXXX)
cp -r "$shared/." "$work/harness"
cat > "$work/bench.toml" <<TOML
[server]
listen = "127.0.0.1:18041"
threads = 1200
[store]
durability = "ack"
[log]
level = "warn"
[[providers]]
name = "json-mock"
kind = "openai-compatible"
base_url = "http://127.0.0.1:18001/v1"
api_key_env = "BENCH_UPSTREAM_KEY"
[[providers]]
name = "sse-mock"
kind = "openai-compatible"
base_url = "http://127.0.0.1:18002/v1"
api_key_env = "BENCH_UPSTREAM_KEY"
[[models]]
name = "gpt-4o-mini"
provider = "json-mock"
[[models]]
name = "gpt-4o"
provider = "json-mock"
[[models]]
name = "gpt-4o-mini-stream"
provider = "sse-mock"
TOML
db="$work/bench.db"
key=$("$root/build/release/cli/tokenrouter" --config "$work/bench.toml" --db "$db" --json \
        keys create --name bench | sed -n 's/.*"key": "\(tr-[^"]*\)".*/\1/p')
[[ -n "$key" ]] || { echo "bench: could not create a key" >&2; exit 1; }

if [[ "${QUICK:-0}" == 1 ]]; then
  export LAT_DURATION=5 LAT_WARMUP=1 CONC_DURATION=3 TP_DURATION=5 SSE_N=50 HOLD_N=300
fi
export BENCH_UPSTREAM_KEY=unused
export TARGETS="${TARGETS:-direct nginx}"
export TARGET_NAME=tokenrouterd
export TARGET_URL=http://127.0.0.1:18041/v1/chat/completions
export TARGET_HEADERS="Authorization: Bearer $key"
export TARGET_CMD="$root/build/release/daemon/tokenrouterd --config $work/bench.toml --db $db"
export OUT_DIR="$root/bench/out"
mkdir -p "$OUT_DIR"
cd "$work/harness"
./run-peers.sh
