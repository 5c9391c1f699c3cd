#!/usr/bin/env bash
# The official openai Node SDK's Responses API (responses.create / responses.stream) against the
# daemon: pass-through to a Responses upstream, translation to Anthropic, previous_response_id.
source "$(dirname "$0")/lib.bash"
command -v npm >/dev/null || { echo "npm not installed: skipped"; exit 125; }
SDK_DIR="$TKR_SOURCE_DIR/tests/sdk"
if [[ ! -d "$SDK_DIR/node_modules/openai" ]]; then
  (cd "$SDK_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
start_fake --tool read_file
write_routes "$WORK/config.toml"
start_daemon --config "$WORK/config.toml" --db "$WORK/t.db"
node "$SDK_DIR/responses_test.mjs" "$DAEMON_URL" "$DEV_KEY"
