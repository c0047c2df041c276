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

echo "== 3. the monitor watching 100 repositories =="
repos=100
runs_file=tests/fixtures/github/runs_healthy.json
releases_file=${FAIRWEATHER_REAL_FIXTURES:-../shared/fixtures/real}/github_rest/list_releases.example.json
"$bench" serve-github $repos "$runs_file" "$releases_file" > "$work/gh_url" &
gh_pid=$!
while [ ! -s "$work/gh_url" ]; do sleep 0.1; done
gh_url=$(cat "$work/gh_url")
{
  printf '[monitor]\npoll_interval = "5s"\nlisten = "127.0.0.1:0"\nstate_dir = "%s"\n' "$work/state"
  printf '[[status_pages]]\nname = "github"\nurl = "%s"\n' "$url"
  printf 'components = ["br0l2tvcx85d", "brv1bkgrwx7q", "8l4ygp009s5s", "4230lsnqdsld"]\n'
  printf '[github]\napi_url = "%s"\n' "$gh_url"
  for i in $(seq 0 $((repos - 1))); do
    printf '[[repos]]\nname = "bench/repo-%d"\nrelease_workflow = "release.yml"\nwindow = "3650d"\nreleases_interval = "1m"\n' "$i"
  done
} > "$work/monitor.toml"
seconds=${MONITOR_SECONDS:-60}
"$build/bin/fairweather-monitor" --config "$work/monitor.toml" 2> "$work/monitor.log" &
monitor_pid=$!
while ! grep -q "serving /metrics" "$work/monitor.log"; do sleep 0.1; done
metrics_url=$(grep -o 'http://[0-9.:]*' "$work/monitor.log" | head -1)/metrics
sleep "$seconds"
ticks=$(getconf CLK_TCK)
read -r utime stime < <(awk '{print $14, $15}' "/proc/$monitor_pid/stat")
echo "monitor after ${seconds}s with $repos repos (poll 5s): cpu $(( (utime + stime) * 1000 / ticks )) ms," \
     "$(grep VmRSS "/proc/$monitor_pid/status" | awk '{print $2}') KiB resident," \
     "peak $(grep VmHWM "/proc/$monitor_pid/status" | awk '{print $2}') KiB"
curl -s "$metrics_url" | grep -E '^fairweather_source_not_modified_total\{source="actions:bench/repo-0"\}|^fairweather_source_polls_total\{result="success",source="actions:bench/repo-0"\}'
echo "== 4. /metrics latency under load (wrk, 2 threads, 8 connections, 10 s) =="
echo "metrics page: $(curl -s "$metrics_url" | wc -c) bytes"
if command -v wrk >/dev/null; then
  wrk -t2 -c8 -d10s --latency "$metrics_url"
else
  echo "(install wrk for this part: apt-get install wrk)"
fi
kill "$monitor_pid" "$gh_pid"
wait "$monitor_pid" 2>/dev/null || true
