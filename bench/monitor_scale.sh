#!/usr/bin/env bash
# The monitor at scale: N repositories at the default pace against loopback
# fakes, and what on-call notices of it. Usage:
#   bench/monitor_scale.sh [BUILD_DIR] [REPOS]      (defaults: build 100)
# Prints: time to /healthz and to /readyz, resident memory when ready,
# /metrics size and series, sequential scrape latency over one kept-alive
# connection (200 scrapes, p50/p99), resident memory across 100 more scrapes,
# and wrk -t2 -c8 for 10 s; then the same scrape figures for Debian's
# prometheus-node-exporter on the same machine when it is installed.
# START_ONLY=1 stops after the start figures.
# Needs curl and wrk (apt-get install wrk); node exporter optional
# (apt-get install prometheus-node-exporter).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
repos=${2:-100}
real=${FAIRWEATHER_REAL_FIXTURES:-../shared/fixtures/real}
bench=$build/bin/fairweather-bench
monitor=$build/bin/fairweather-monitor
[ -x "$bench" ] && [ -x "$monitor" ] || { echo "build first (scripts/build.sh $build)"; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }

work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

wait_for_file() { while [ ! -s "$1" ]; do sleep 0.05; done; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# p50 and p99 (ms) of `count` sequential GETs of `url` over one connection:
# curl reuses its connection across the URLs of one invocation.
sequential() {
  local url=$1 count=$2
  # shellcheck disable=SC2046
  curl -s -w '%{time_total}\n' $(for _ in $(seq "$count"); do echo "-o /dev/null $url"; done) |
    sort -n | awk '{ t[NR] = $1 * 1000 } END {
      printf "p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d scrapes)\n",
        t[int(NR * 0.50 + 0.5)], t[int(NR * 0.99 + 0.5)], t[NR], NR }'
}

load() {
  wrk -t2 -c8 -d10s --latency "$1" |
    awk '/Requests\/sec/ { rps = $2 } /^ +99%/ { p99 = $2 } /^ +50%/ { p50 = $2 }
         END { printf "wrk -t2 -c8 -d10s: %s requests/s, p50 %s, p99 %s\n", rps, p50, p99 }'
}

"$bench" serve "$real/statuspage/githubstatus_summary_2024-02-05_all_operational.json" > "$work/url" &
pids+=($!)
"$bench" serve-github "$repos" tests/fixtures/github/runs_healthy.json \
  "$real/github_rest/list_releases.example.json" > "$work/gh_url" &
pids+=($!)
wait_for_file "$work/url"
wait_for_file "$work/gh_url"
{
  printf '[monitor]\nlisten = "127.0.0.1:0"\nstate_dir = "%s"\n' "$work/state"
  printf '[[status_pages]]\nname = "github"\nurl = "%s"\n' "$(cat "$work/url")"
  printf 'components = ["br0l2tvcx85d", "brv1bkgrwx7q", "8l4ygp009s5s", "4230lsnqdsld"]\n'
  printf '[github]\napi_url = "%s"\n' "$(cat "$work/gh_url")"
  for i in $(seq 0 $((repos - 1))); do
    printf '[[repos]]\nname = "bench/repo-%d"\nrelease_workflow = "release.yml"\nwindow = "3650d"\n' "$i"
  done
} > "$work/monitor.toml"

# One python3 process watches the start over a kept-alive connection (a
# curl process every 10 ms would take CPU from the monitor on 2 cores).
cat > "$work/watch.py" <<'PY'
import http.client, re, sys, time
log = sys.argv[1]
open(log + ".watching", "w").close()  # imported: the monitor may start
while not open(log).read().strip():
    time.sleep(0.001)
start = float(open(log + ".start").read())
while True:
    m = re.search(r"http://([0-9.]+):([0-9]+)", open(log).read())
    if m:
        break
    time.sleep(0.005)
serving = time.time() - start
conn = http.client.HTTPConnection(m.group(1), int(m.group(2)), timeout=5)
def ok(path):
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        r.read()
        return r.status == 200
    except OSError:
        conn.close()
        return False
while not ok("/healthz"):
    time.sleep(0.005)
healthz = time.time() - start
while not ok("/readyz"):
    time.sleep(0.01)
print(int(healthz * 1000), int((time.time() - start) * 1000), m.group(0), int(serving * 1000))
PY
: > "$work/monitor.log"
python3 "$work/watch.py" "$work/monitor.log" > "$work/start.txt" &
watch_pid=$!
while [ ! -e "$work/monitor.log.watching" ]; do sleep 0.01; done
date +%s.%N > "$work/monitor.log.start"
"$monitor" --config "$work/monitor.toml" 2> "$work/monitor.log" &
monitor_pid=$!
pids+=("$monitor_pid")
wait "$watch_pid"
read -r healthz readyz base serving < "$work/start.txt"
echo "== fairweather-monitor, $repos repositories (default intervals) =="
echo "start to its \"serving\" line: $serving ms; to /healthz: $healthz ms; to /readyz: $readyz ms"
[ -z "${START_ONLY:-}" ] || exit 0
sleep 12
echo "resident memory 12 s after ready: $(rss_kib "$monitor_pid") KiB"
curl -s "$base/metrics" > "$work/metrics.txt"
echo "/metrics: $(wc -c < "$work/metrics.txt") bytes, $(grep -vc '^#' "$work/metrics.txt") series"
echo "sequential: $(sequential "$base/metrics" 200)"
before=$(rss_kib "$monitor_pid")
# shellcheck disable=SC2046
curl -s $(for _ in $(seq 100); do echo "-o /dev/null $base/metrics"; done)
echo "resident memory across 100 scrapes: $before KiB before, $(rss_kib "$monitor_pid") KiB after"
echo "$(load "$base/metrics")"
echo "resident memory after wrk: $(rss_kib "$monitor_pid") KiB, peak $(awk '/VmHWM/ {print $2}' "/proc/$monitor_pid/status") KiB"
ticks=$(getconf CLK_TCK)
read -r utime stime < <(awk '{print $14, $15}' "/proc/$monitor_pid/stat")
echo "monitor CPU so far: $(( (utime + stime) * 1000 / ticks )) ms"

node_exporter=$(command -v prometheus-node-exporter || true)
if [ -n "$node_exporter" ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$node_exporter" --web.listen-address="127.0.0.1:$port" 2> "$work/node.log" &
  pids+=($!)
  until curl -sf -o /dev/null "http://127.0.0.1:$port/metrics"; do sleep 0.05; done
  curl -s "http://127.0.0.1:$port/metrics" > "$work/node.txt"
  echo "== prometheus-node-exporter (Debian), same machine =="
  echo "/metrics: $(wc -c < "$work/node.txt") bytes, $(grep -vc '^#' "$work/node.txt") series"
  echo "sequential: $(sequential "http://127.0.0.1:$port/metrics" 200)"
  echo "$(load "http://127.0.0.1:$port/metrics")"
else
  echo "(apt-get install prometheus-node-exporter for the comparison)"
fi
