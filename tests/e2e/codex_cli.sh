#!/usr/bin/env bash
# The real Codex CLI (npm @openai/codex) configured as the README says, against the daemon:
# one turn on a translated model (Anthropic upstream) and one passed through (OpenAI upstream).
source "$(dirname "$0")/lib.bash"
SDK_DIR="$TKR_SOURCE_DIR/tests/sdk"
if [[ ! -x "$SDK_DIR/node_modules/.bin/codex" ]]; then
  command -v npm >/dev/null || { echo "npm not installed: skipped"; exit 125; }
  (cd "$SDK_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
start_fake
write_routes "$WORK/config.toml"
start_daemon --config "$WORK/config.toml" --db "$WORK/t.db"
export CODEX_HOME="$WORK/codex" TOKENROUTER_API_KEY="$DEV_KEY"
mkdir -p "$CODEX_HOME"
fail=0
for model in claude-sonnet-4-5 gpt-4o; do
  cat > "$CODEX_HOME/config.toml" <<TOML
model_provider = "tokenrouter"
model = "$model"
[model_providers.tokenrouter]
name = "tokenrouter"
base_url = "$DAEMON_URL/v1"
env_key = "TOKENROUTER_API_KEY"
wire_api = "responses"
TOML
  out=$(cd "$WORK" && timeout 120 "$SDK_DIR/node_modules/.bin/codex" exec --skip-git-repo-check "Say hello" 2>&1 || true)
  if grep -q "Hello from the fake upstream." <<<"$out"; then
    echo "ok   codex exec through tokenrouter ($model)"
  else
    echo "FAIL codex exec ($model):"; echo "$out" | tail -20; fail=1
  fi
done
exit $fail
