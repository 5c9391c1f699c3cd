#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz": clang, ASan + UBSan, core only) and runs each
# for a bounded time on a scratch copy of its seed corpus (tests/fuzz/corpus/<target>/).
#
#   tests/fuzz/run.sh            # 60 s per target (CI uses FUZZ_SECONDS=30)
#   tests/fuzz/run.sh 3600       # a long run
#   FUZZ_TARGETS="fuzz_config" tests/fuzz/run.sh 600
#
# Exits non-zero when a target crashes; the reproducer is kept in build/fuzz/findings/<target>/
# (replay it with build/fuzz/tests/fuzz/<target> <file>). Every crash found becomes a seed in
# tests/fuzz/corpus/<target>/ (regression) once fixed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-${FUZZ_SECONDS:-60}}
cd "$root"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
targets=${FUZZ_TARGETS:-$(cd tests/fuzz/corpus && ls)}
status=0
summary=""
for target in $targets; do
  work="build/fuzz/findings/$target"
  rm -rf "$work" && mkdir -p "$work/corpus"
  cp -r "tests/fuzz/corpus/$target/." "$work/corpus/"
  log="$work/fuzz.log"
  if "build/fuzz/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -max_len=65536 -artifact_prefix="$work/" -print_final_stats=1 "$work/corpus" >"$log" 2>&1; then
    result=ok
  else
    result=CRASH
    status=1
    tail -40 "$log" >&2
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  line=$(printf '%-24s %-6s %10s execs %8s/s' "$target" "$result" "${runs:-?}" "${rate:-?}")
  echo "$line"
  summary+="$line"$'\n'
done
printf '\nfuzz summary (%s s per target):\n%s' "$seconds" "$summary"
exit $status
