# Shared helpers for the e2e scenarios: a scratch HOME, the fake upstream, a daemon, cleanup.
set -euo pipefail
: "${TOKENROUTERD:?}" "${TOKENROUTER:?}" "${TKR_FAKE_UPSTREAM:?}"
WORK=$(mktemp -d)
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share"
mkdir -p "$HOME"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_fake [ARGS…]: starts tkr_fake_upstream, sets FAKE_URL.
start_fake() {
  "$TKR_FAKE_UPSTREAM" "$@" > "$WORK/fake.out" 2>&1 &
  PIDS+=($!)
  # Sanitizer builds on a loaded machine can take seconds to start: wait up to 60 s.
  for _ in $(seq 1200); do
    if grep -q '^port ' "$WORK/fake.out" 2>/dev/null; then break; fi
    sleep 0.05
  done
  local port
  port=$(awk '/^port /{print $2}' "$WORK/fake.out")
  [[ -n "$port" ]] || { echo "the fake upstream did not start:"; cat "$WORK/fake.out"; return 1; }
  FAKE_URL="http://127.0.0.1:$port"
}

# write_routes FILE: the test routes of tests/support/http_client.cpp, against $FAKE_URL.
write_routes() {
  cat > "$1" <<TOML
[[providers]]
name = "oa"
kind = "openai"
base_url = "$FAKE_URL/v1"
api_key_env = "FAKE_OPENAI_KEY"
[[providers]]
name = "an"
kind = "anthropic"
base_url = "$FAKE_URL"
api_key_env = "FAKE_ANTHROPIC_KEY"
[[models]]
name = "gpt-4o"
provider = "oa"
[[models]]
name = "claude-sonnet-4-5"
provider = "an"
[[models]]
name = "claude-via-openai"
provider = "oa"
upstream = "gpt-4o"
[[models]]
name = "gpt-via-anthropic"
provider = "an"
upstream = "claude-sonnet-4-5"
TOML
}
export FAKE_OPENAI_KEY=sk-fake-openai FAKE_ANTHROPIC_KEY=sk-ant-fake

# start_daemon ARGS…: starts tokenrouterd on a free port; sets DAEMON_URL and DEV_KEY.
start_daemon() {
  "$TOKENROUTERD" --listen 127.0.0.1:0 "$@" > "$WORK/daemon.out" 2> "$WORK/daemon.err" &
  DAEMON_PID=$!
  PIDS+=($DAEMON_PID)
  for _ in $(seq 1200); do
    if grep -q 'listening on' "$WORK/daemon.err" 2>/dev/null; then break; fi
    sleep 0.05
  done
  DAEMON_URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/daemon.err" | head -1)
  [[ -n "$DAEMON_URL" ]] || { cat "$WORK/daemon.err" >&2; return 1; }
  DEV_KEY=$(grep -o 'tr-[0-9A-Za-z]*' "$WORK/daemon.out" | head -1 || true)
}
