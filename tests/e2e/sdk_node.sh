#!/usr/bin/env bash
# The official Node SDKs (openai, @anthropic-ai/sdk) against the daemon: streaming and not, a
# tool call, both directions of translation, typed errors.
source "$(dirname "$0")/lib.bash"
command -v npm >/dev/null || { echo "npm not installed: skipped"; exit 125; }
SDK_DIR="$TKR_SOURCE_DIR/tests/sdk"
if [[ ! -d "$SDK_DIR/node_modules/openai" || ! -d "$SDK_DIR/node_modules/@anthropic-ai/sdk" ]]; then
  (cd "$SDK_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
start_fake --tool read_file
write_routes "$WORK/config.toml"
start_daemon --config "$WORK/config.toml" --db "$WORK/t.db"
node "$SDK_DIR/sdk_test.mjs" "$DAEMON_URL" "$DEV_KEY"
