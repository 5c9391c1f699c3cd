#!/usr/bin/env bash
# The Prometheus alert rules are valid (promtool when installed, else their YAML shape), their
# unit tests fire as expected, the Grafana dashboard parses, and every metric the dashboard and
# the rules use is exported by a live tokenrouterd's /metrics.
source "$(dirname "$0")/../e2e/lib.bash"
SRC=${TKR_SOURCE_DIR:?}
RULES="$SRC/packaging/prometheus/tokenrouter-rules.yml"
DASHBOARD="$SRC/packaging/grafana/tokenrouter.json"
fail=0
check() { # check NAME COMMAND…
  if "${@:2}"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}

if command -v promtool >/dev/null; then
  check "promtool check rules" promtool check rules "$RULES"
  check "promtool test rules" promtool test rules "$SRC/tests/packaging/rules_test.yml"
else
  echo "promtool not installed (Debian: apt-get install prometheus): checking the YAML shape only"
fi
# The shape Prometheus expects, checked without promtool: groups of named rules, each alert
# with an expression, a severity and a summary.
if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "skip rules: YAML shape (python3-yaml not installed)"
else
check "rules: YAML shape" python3 - "$RULES" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
assert set(doc) == {"groups"}, doc.keys()
names = set()
for group in doc["groups"]:
    assert group["name"] and group["rules"], group
    for rule in group["rules"]:
        assert set(rule) <= {"alert", "expr", "for", "labels", "annotations"}, rule
        assert rule["alert"] not in names, rule["alert"]
        names.add(rule["alert"])
        assert isinstance(rule["expr"], str) and rule["expr"].strip()
        assert rule["labels"]["severity"] in ("critical", "warning"), rule
        assert rule["annotations"]["summary"], rule
        if "for" in rule:
            assert str(rule["for"])[-1] in "smh", rule["for"]
expected = {"TokenrouterHighErrorRate", "TokenrouterLowCacheHitRatio", "TokenrouterProviderErrors",
            "TokenrouterQuotaNearlyUsed", "TokenrouterDedupWaitTimeouts"}
assert expected <= names, expected - names
PY
fi
check "dashboard: JSON with panels and queries" python3 - "$DASHBOARD" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
queries = [t["expr"] for p in d["panels"] for t in p.get("targets", [])]
assert len(queries) >= 20 and all(q.strip() for q in queries)
titles = " ".join(p["title"] for p in d["panels"])
for row in ("Overview", "Cache", "Billing", "Providers", "Resources"):
    assert row in titles, row
PY

# Every metric family named in the rules or the dashboard, against a live daemon's families.
used=$( { cat "$RULES"; python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("\n".join(t["expr"] for p in d["panels"] for t in p.get("targets",[])) + "\n" + json.dumps(d["templating"]))' "$DASHBOARD"; } \
  | grep -oE '\b(tokenrouter|process)_[a-z0-9_]+' | sed -E 's/_(bucket|sum|count)$//' | sort -u)
start_daemon --db "$WORK/t.db"
curl -sf "$DAEMON_URL/metrics" > "$WORK/metrics.txt"
exported=$(awk '/^# TYPE /{print $3}' "$WORK/metrics.txt" | sort -u)
for metric in $used; do
  if grep -qx "$metric" <<<"$exported"; then echo "ok   exported: $metric"; else echo "FAIL not exported: $metric"; fail=1; fi
done
[[ $(wc -w <<<"$used") -ge 15 ]] || { echo "FAIL: only $(wc -w <<<"$used") metrics found in the rules and dashboard"; fail=1; }
exit $fail
