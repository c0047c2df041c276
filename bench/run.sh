#!/usr/bin/env bash
# Runs fairweather's benchmarks side by side with curl + jq doing the same
# extraction, timed as whole processes by hyperfine (Debian: apt-get install
# hyperfine). Usage: bench/run.sh [BUILD_DIR]   (default: build)
# SECTIONS="3 5" runs only those sections (default: all). CADENCE=1 gives the
# monitor of section 3 a release policy, so it also keeps the cadence metrics
# of its 100 repositories.
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
want() { [ -z "${SECTIONS:-}" ] || [[ " $SECTIONS " == *" $1 "* ]]; }

if want 1; then
echo "== 1. parse throughput: $n summaries in one process =="
for name in githubstatus_summary_2020-04-02_major_outage_unresolved_incident githubstatus_summary_2024-02-05_all_operational twilio_summary_2020-06-16_minor_degraded_groups_unresolved_and_maintenances; do
  file=$fixtures/$name.json
  for _ in $(seq $n); do cat "$file"; done > "$work/$name.stream.json"
  "$bench" parse --iterations $n "$file" > /dev/null
  hyperfine --warmup 1 --runs 5 -N \
    "$bench parse --iterations $n $file" \
    "jq -r -f bench/extract.jq $work/$name.stream.json"
done

fi

want 2 && echo "== 2. the gate end to end against a loopback server =="
file=$fixtures/githubstatus_summary_2020-04-02_major_outage_unresolved_incident.json
"$bench" serve "$file" > "$work/url" &
server_pid=$!
while [ ! -s "$work/url" ]; do sleep 0.1; done
url=$(cat "$work/url")
want 2 && hyperfine --warmup 1 --runs 10 -i \
  "$gate check --kind regular --status-url $url" \
  "sh -c 'curl -s $url/api/v2/summary.json | jq -r -f bench/extract.jq'"

if want 3 || want 4; then
echo "== 3. the monitor watching 100 repositories =="
repos=100
runs_file=tests/fixtures/github/runs_healthy.json
releases_file=${FAIRWEATHER_REAL_FIXTURES:-../shared/fixtures/real}/github_rest/list_releases.example.json
[ "${CADENCE:-0}" = 1 ] && releases_file=tests/fixtures/github/releases_widget.json
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
  if [ "${CADENCE:-0}" = 1 ]; then
    printf '[policy]\nscheme = "semver"\ncadence = "monthly"\nday = 20\n'
    printf 'anchor = { version = "1.0.0", date = "2026-01-20" }\nsupport_months = 2\n'
  fi
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
curl -s "$metrics_url" | grep -E '^fairweather_source_http_responses_total\{code="304",source="actions:bench/repo-0"\}|^fairweather_source_polls_total\{result="success",source="actions:bench/repo-0"\}'
echo "== 4. /metrics latency under load (wrk, 2 threads, 8 connections, 10 s) =="
echo "metrics page: $(curl -s "$metrics_url" | wc -c) bytes"
if command -v wrk >/dev/null; then
  wrk -t2 -c8 -d10s --latency "$metrics_url"
else
  echo "(install wrk for this part: apt-get install wrk)"
fi
kill "$monitor_pid" "$gh_pid"
wait "$monitor_pid" 2>/dev/null || true
fi

if want 5; then
echo "== 5. the release-delay report =="
real=${FAIRWEATHER_REAL_FIXTURES:-../shared/fixtures/real}
# Real history: Wasmtime 2020-2026 (206 releases), Actions incidents 2023-2025 (145),
# beside `plan` on the same config (the process, config and policy baseline).
hyperfine --warmup 1 --runs 10 -N \
  "$gate report --repo bytecodealliance/wasmtime --config config/examples/wasmtime.toml --releases $real/wasmtime_releases.csv --incidents $real/github_actions_incidents.csv" \
  "$gate plan --config config/examples/wasmtime.toml --date 2025-11-20 --current 39.0.0"
# A century of monthly majors with three patches each (4,800 releases) and
# 10,000 incidents: the report should stay linear-ish.
awk 'BEGIN { print "version,released_on";
  for (m = 0; m < 1200; m++) { y = 2022 + int((m + 8) / 12); mo = ((m + 8) % 12) + 1;
    printf "%d.0.0,%04d-%02d-%02d\n", m + 1, y, mo, (m % 4 == 0 ? 22 : 20);
    for (p = 1; p <= 3; p++) printf "%d.0.%d,%04d-%02d-%02d\n", m + 1, p, y, mo, 24 + p } }' > "$work/releases.csv"
awk 'BEGIN { print "id,name,impact,created_at,resolved_at,components";
  for (i = 0; i < 10000; i++) { day = i * 43 / 10; y = 2022 + int(day / 365); doy = int(day) % 365;
    mo = int(doy / 31) + 1; if (mo > 12) mo = 12; dd = (doy % 28) + 1;
    printf "inc%05d,Incident with Actions,minor,%04d-%02d-%02dT%02d:00:00Z,%04d-%02d-%02dT%02d:30:00Z,Actions\n",
      i, y, mo, dd, i % 20, y, mo, dd, i % 20 + 2 } }' > "$work/incidents.csv"
for format in md html; do
  /usr/bin/time -f "report --format $format, 4800 releases x 10000 incidents: %e s wall, %M KiB peak" \
    "$gate" report --repo bench/big --config config/examples/wasmtime.toml \
    --releases "$work/releases.csv" --incidents "$work/incidents.csv" --format $format > /dev/null
done
fi
