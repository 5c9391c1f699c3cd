#!/usr/bin/env bash
# Replay throughput: responses per second tokenrouterd answers from a cassette (no upstream),
# non-streaming and streaming, with [replay] speed = 0. Every answer is still parsed,
# translated, priced and written to the usage ledger (durability "ack"), as in CI.
#
#   bench/replay_throughput.sh                 # N=2000 requests of each kind, J=4 in flight
#   BUILD=build/release FAKE=build/dev/tests/tkr_fake_upstream N=5000 J=8 bench/replay_throughput.sh
#
# 1. `tokenrouter cassette import` makes two request-only cassettes (N distinct chat requests,
#    non-streaming and streaming) from generated JSONL;
# 2. a daemon in replay-or-forward mode records their answers from the fake upstream;
# 3. a daemon in replay mode answers them again while `tokenrouter replay -j J` sends them;
#    the wall time of that run gives responses/s (zero errors required).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build/release}
fake=${FAKE:-$build/tests/tkr_fake_upstream}
n=${N:-2000}
jobs=${J:-4}
port=${PORT:-18093}
for bin in "$build/daemon/tokenrouterd" "$build/cli/tokenrouter" "$fake"; do
  [[ -x "$bin" ]] || { echo "replay bench: missing $bin (set BUILD / FAKE)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/tkr-replay-bench.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

coproc FAKE_UPSTREAM { exec "$fake"; }
pids+=("$FAKE_UPSTREAM_PID")
read -r _ upstream_port <&"${FAKE_UPSTREAM[0]}"

config() { # $1 = replay mode
  cat <<TOML
[server]
listen = "127.0.0.1:$port"
[auth]
mode = "open"
[log]
level = "warn"
[replay]
mode = "$1"
dir = "$work/cassettes"
cassette = "answers"
speed = 0
[[providers]]
name = "fake"
kind = "openai"
base_url = "http://127.0.0.1:$upstream_port/v1"
api_key_env = "FAKE_KEY"
[[models]]
name = "gpt-4o"
provider = "fake"
TOML
}

tr() { "$build/cli/tokenrouter" --db "$work/tokenrouter.db" --config "$work/$1.toml" "${@:2}"; }

start_daemon() { # $1 = replay mode
  config "$1" > "$work/$1.toml"
  FAKE_KEY=unused "$build/daemon/tokenrouterd" --config "$work/$1.toml" --db "$work/tokenrouter.db" \
    2>> "$work/daemon.log" &
  daemon_pid=$!
  pids+=("$daemon_pid")
  for _ in $(seq 600); do
    curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "replay bench: the daemon did not start; see $work/daemon.log" >&2
  exit 1
}

stop_daemon() { kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true; }

for kind in once stream; do
  stream=$([[ $kind == stream ]] && echo true || echo false)
  for i in $(seq "$n"); do
    printf '{"model":"gpt-4o","stream":%s,"stream_options":{"include_usage":%s},"messages":[{"role":"system","content":"You are a coding agent."},{"role":"user","content":"request %d: list the files in src/ and explain each"}]}\n' \
      "$stream" "$stream" "$i"
  done | sed 's/,"stream_options":{"include_usage":false}//' > "$work/$kind.jsonl"
done

config off > "$work/off.toml"
tr off cassette import "$work/once.jsonl" --cassette requests-once --dialect openai >/dev/null
tr off cassette import "$work/stream.jsonl" --cassette requests-stream --dialect openai >/dev/null

start_daemon replay-or-forward
tr replay-or-forward replay requests-once --target "http://127.0.0.1:$port" -j "$jobs" --max-errors 0 >/dev/null
tr replay-or-forward replay requests-stream --target "http://127.0.0.1:$port" -j "$jobs" --max-errors 0 >/dev/null
stop_daemon
recorded=$(wc -l < "$work/cassettes/answers/exchanges.jsonl")

start_daemon replay
echo "replay throughput: $n requests of each kind, -j $jobs, speed = 0, $recorded recorded answers"
for kind in once stream; do
  started=$(date +%s%N)
  tr replay replay "requests-$kind" --target "http://127.0.0.1:$port" -j "$jobs" --max-errors 0 --json \
    > "$work/summary-$kind.json"
  elapsed_ns=$(( $(date +%s%N) - started ))
  python3 - "$work/summary-$kind.json" "$elapsed_ns" "$kind" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
seconds = int(sys.argv[2]) / 1e9
label = "non-streaming" if sys.argv[3] == "once" else "streaming"
print(f"  {label:13s}: {summary['requests'] / seconds:8.0f} responses/s "
      f"({summary['requests']} in {seconds:.2f} s, {summary['errors']} errors, "
      f"latency p50 {summary['latency_ms']['p50']} ms, p99 {summary['latency_ms']['p99']} ms)")
PY
done
stop_daemon
replayed=$(sqlite3 "$work/tokenrouter.db" "SELECT count(*) FROM requests WHERE replayed = 1" 2>/dev/null || echo "?")
echo "  usage rows flagged replayed: $replayed; upstream untouched during replay (mode = \"replay\")"
[[ -n ${KEEP:-} ]] && echo "  kept $work" || rm -rf "$work"
