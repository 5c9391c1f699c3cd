#!/usr/bin/env bash
# A fresh machine: no config file at all. The daemon starts on built-in defaults, creates its
# database under $XDG_DATA_HOME, prints a dev key, answers /health and /ready, and the CLI sees
# the same database and the running daemon.
source "$(dirname "$0")/lib.bash"
start_daemon
db="$XDG_DATA_HOME/tokenrouter/tokenrouter.db"
test -f "$db" || { echo "FAIL: no database at $db"; exit 1; }
[[ "$DEV_KEY" == tr-* ]] || { echo "FAIL: no dev key printed"; exit 1; }
curl -fsS "$DAEMON_URL/health" | grep -q '"ok"'
curl -fsS "$DAEMON_URL/ready" | grep -q '"ok"'
status=$(TOKENROUTER_LISTEN="${DAEMON_URL#http://}" "$TOKENROUTER" --json status)
echo "$status" | grep -q "\"database\": \"$db\"" || { echo "FAIL: status: $status"; exit 1; }
echo "$status" | grep -q '"up": true' || { echo "FAIL: daemon not seen: $status"; exit 1; }
kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID" && echo "ok   fresh start, clean stop"
