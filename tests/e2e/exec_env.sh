#!/usr/bin/env bash
# tokenrouter exec runs a command with the base URLs and key set and passes its exit status
# through; `env` prints the same as export lines (or JSON); --start starts the daemon.
source "$(dirname "$0")/lib.bash"
fail=0
expect_eq() { # expect_eq NAME GOT WANT
  if [[ "$2" == "$3" ]]; then echo "ok   $1"; else echo "FAIL $1: got '$2', want '$3'"; fail=1; fi
}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$WORK/config.toml" <<TOML
[server]
listen = "127.0.0.1:$port"
TOML
TR=("$TOKENROUTER" --config "$WORK/config.toml" --db "$WORK/tr.db")
show='printf "%s|%s|%s|%s\n" "$ANTHROPIC_BASE_URL" "$OPENAI_BASE_URL" "$ANTHROPIC_API_KEY" "$OPENAI_API_KEY"; exit 7'

set +e
out=$("${TR[@]}" exec --key tr-testkey -- sh -c "$show"); code=$?
set -e
expect_eq "exec: exit status passed through" "$code" 7
expect_eq "exec: variables" "$out" "http://127.0.0.1:$port|http://127.0.0.1:$port/v1|tr-testkey|tr-testkey"

out=$(TOKENROUTER_KEY=tr-fromenv "${TR[@]}" exec -- sh -c 'echo "$OPENAI_API_KEY"')
expect_eq "exec: key from \$TOKENROUTER_KEY" "$out" tr-fromenv
out=$(ANTHROPIC_AUTH_TOKEN=sk-real-provider-token "${TR[@]}" exec --key tr-k -- sh -c 'echo "$ANTHROPIC_AUTH_TOKEN"')
expect_eq "exec: a provider bearer token in the environment is replaced" "$out" tr-k
out=$("${TR[@]}" exec --key tr-k -- sh -c 'echo "${ANTHROPIC_AUTH_TOKEN-unset}"')
expect_eq "exec: no ANTHROPIC_AUTH_TOKEN added when there was none" "$out" unset

set +e
err=$(env -u TOKENROUTER_KEY "${TR[@]}" exec -- true 2>&1); code=$?
set -e
expect_eq "exec without a key fails" "$code" 2
[[ "$err" == *"tokenrouter keys create"* ]] && echo "ok   the error says how to create a key" \
  || { echo "FAIL missing hint: $err"; fail=1; }
set +e
"${TR[@]}" exec --key k -- /nonexistent/agent 2>/dev/null; code=$?
set -e
expect_eq "exec: a missing command exits 127" "$code" 127

exports=$("${TR[@]}" env --key "tr-it's")
expect_eq "env: export line" "$(grep OPENAI_BASE_URL <<<"$exports")" "export OPENAI_BASE_URL='http://127.0.0.1:$port/v1'"
out=$(eval "$exports"; echo "$ANTHROPIC_API_KEY")
expect_eq "env: quoting survives eval" "$out" "tr-it's"
json=$("${TR[@]}" --json env --key tr-j)
expect_eq "env --json" "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["ANTHROPIC_BASE_URL"], d["OPENAI_API_KEY"])' <<<"$json")" \
  "http://127.0.0.1:$port tr-j"

# --start: no daemon answers on the port yet; exec starts one and the command reaches it.
set +e
out=$("${TR[@]}" exec --start --key tr-k -- sh -c 'curl -sf "$ANTHROPIC_BASE_URL/health"' 2>"$WORK/start.err"); code=$?
set -e
pid=$(grep -o 'pid [0-9]*' "$WORK/start.err" | awk '{print $2}' || true)
[[ -n "$pid" ]] && PIDS+=("$pid")
expect_eq "exec --start: the command reached the started daemon" "$code" 0
[[ "$out" == *'"status":"ok"'* ]] && echo "ok   /health answered" || { echo "FAIL /health: $out"; cat "$WORK/start.err"; fail=1; }
out=$("${TR[@]}" exec --start --key tr-k -- true 2>&1)
expect_eq "exec --start: a running daemon is not started twice" "$out" ""
[[ -n "$pid" ]] && kill "$pid" 2>/dev/null
exit $fail
