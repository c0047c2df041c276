#!/usr/bin/env bash
# Runs fairweather's benchmarks side by side with curl + jq doing the same
# extraction, timed as whole processes by hyperfine (Debian: apt-get install
# hyperfine). Usage: bench/run.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
fixtures=${FAIRWEATHER_REAL_FIXTURES:-../shared/fixtures/real}/statuspage
bench=$build/bin/fairweather-bench
gate=$build/bin/fairweather-gate
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)"; exit 1; }
command -v jq >/dev/null || { echo "bench: needs jq (apt-get install jq)"; exit 1; }
[ -x "$bench" ] || { echo "bench: build first (scripts/build.sh $build)"; exit 1; }

work=$(mktemp -d)
trap 'kill "${server_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
n=2000

echo "== 1. parse throughput: $n summaries in one process =="
for name in githubstatus_summary_2020-04-02_major_outage_unresolved_incident githubstatus_summary_2024-02-05_all_operational twilio_summary_2020-06-16_minor_degraded_groups_unresolved_and_maintenances; do
  file=$fixtures/$name.json
  for _ in $(seq $n); do cat "$file"; done > "$work/$name.stream.json"
  "$bench" parse --iterations $n "$file" > /dev/null
  hyperfine --warmup 1 --runs 5 -N \
    "$bench parse --iterations $n $file" \
    "jq -r -f bench/extract.jq $work/$name.stream.json"
done

echo "== 2. the gate end to end against a loopback server =="
file=$fixtures/githubstatus_summary_2020-04-02_major_outage_unresolved_incident.json
"$bench" serve "$file" > "$work/url" &
server_pid=$!
while [ ! -s "$work/url" ]; do sleep 0.1; done
url=$(cat "$work/url")
hyperfine --warmup 1 --runs 10 -i \
  "$gate check --kind regular --status-url $url" \
  "sh -c 'curl -s $url/api/v2/summary.json | jq -r -f bench/extract.jq'"
