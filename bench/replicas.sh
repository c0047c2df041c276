#!/usr/bin/env bash
# Monitors sharing one PostgreSQL database: the requests the status page and
# GitHub get from 1 replica and from N over the same time, and how long the
# followers take to lead again after the leader is killed. Usage:
#   bench/replicas.sh [BUILD_DIR] [REPLICAS] [SECONDS] [REPOS]   (defaults: build 3 60 10)
# Runs a private PostgreSQL (as the postgres user when root) in a temporary
# directory, the loopback fakes of bench/fairweather-bench, and the real
# monitor (with a GitHub token, so the quota does not stretch the polls) with
# poll_interval 5s and the lease of $LEASE (default 15s) renewed every $RENEW
# (default 5s).
# Prints: requests per replica count, then for N replicas the time from the
# leader's SIGKILL to "now leading" in another replica's log (five kills).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
replicas=${2:-3}
seconds=${3:-60}
repos=${4:-10}
lease=${LEASE:-15s}
renew=${RENEW:-5s}
export GITHUB_TOKEN=bench-token
real=${FAIRWEATHER_REAL_FIXTURES:-../shared/fixtures/real}
bench=$build/bin/fairweather-bench
monitor=$build/bin/fairweather-monitor
[ -x "$bench" ] && [ -x "$monitor" ] || { echo "build first (scripts/build.sh $build)"; exit 1; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] || { echo "needs PostgreSQL (apt-get install postgresql)"; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
pids=()
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  [ -f "$work/pg/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres "$work/pg"
as_pg "$pgbin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/log" -w \
  -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null

wait_for_file() { while [ ! -s "$1" ]; do sleep 0.05; done; }

# Runs `count` monitors on database `db` for `seconds`; prints the requests
# the status page and GitHub fakes answered.
requests_with() {
  local count=$1 db=$2
  as_pg "$pgbin/psql" -q -h "$work/pg" -p "$port" -U postgres -c "CREATE DATABASE $db" postgres
  "$bench" serve "$real/statuspage/githubstatus_summary_2024-02-05_all_operational.json" \
    > "$work/url" 2> "$work/status.err" &
  local status_pid=$!
  "$bench" serve-github "$repos" tests/fixtures/github/runs_healthy.json \
    "$real/github_rest/list_releases.example.json" > "$work/gh_url" 2> "$work/github.err" &
  local github_pid=$!
  wait_for_file "$work/url"; wait_for_file "$work/gh_url"
  {
    echo '[monitor]'; echo 'poll_interval = "5s"'
    echo '[state]'; echo "url = \"postgresql://postgres@127.0.0.1:$port/$db\""
    echo "lease = \"$lease\""; echo "renew_interval = \"$renew\""
    echo '[[status_pages]]'; echo 'name = "github"'; echo "url = \"$(cat "$work/url")\""
    echo '[github]'; echo "api_url = \"$(cat "$work/gh_url")\""
    for i in $(seq 0 $((repos - 1))); do
      echo '[[repos]]'; echo "name = \"bench/repo-$i\""
    done
  } > "$work/$db.toml"
  local monitors=()
  for i in $(seq "$count"); do
    "$monitor" --config "$work/$db.toml" --listen 127.0.0.1:0 2> "$work/$db-$i.log" &
    monitors+=($!)
  done
  sleep "$seconds"
  kill -TERM "${monitors[@]}"; wait "${monitors[@]}" 2>/dev/null || true
  kill -TERM "$status_pid" "$github_pid"; wait "$status_pid" "$github_pid" 2>/dev/null || true
  local s g
  s=$(awk '/^requests:/ {print $2}' "$work/status.err")
  g=$(awk '/^requests:/ {print $2}' "$work/github.err")
  echo "$count replica(s), $seconds s, $repos repositories: status page $s requests, GitHub $g requests"
  rm -f "$work/url" "$work/gh_url"
}

requests_with 1 one
requests_with "$replicas" many

# Failover: the leader killed, the time until another replica leads.
[ "$replicas" -ge 2 ] || exit 0
as_pg "$pgbin/psql" -q -h "$work/pg" -p "$port" -U postgres -c "CREATE DATABASE failover" postgres
"$bench" serve "$real/statuspage/githubstatus_summary_2024-02-05_all_operational.json" \
  > "$work/url" 2>/dev/null &
pids+=($!)
wait_for_file "$work/url"
{
  echo '[state]'; echo "url = \"postgresql://postgres@127.0.0.1:$port/failover\""
  echo "lease = \"$lease\""; echo "renew_interval = \"$renew\""
  echo '[[status_pages]]'; echo 'name = "github"'; echo "url = \"$(cat "$work/url")\""
} > "$work/failover.toml"
declare -A logs
start_replica() {
  local n=$1
  "$monitor" --config "$work/failover.toml" --listen 127.0.0.1:0 2> "$work/f-$n.log" &
  logs[$!]="$work/f-$n.log"
  pids+=($!)
}
for i in $(seq "$replicas"); do start_replica "$i"; done
next=$((replicas + 1))
for kill_round in 1 2 3 4 5; do
  leader=""
  while [ -z "$leader" ]; do
    for pid in "${!logs[@]}"; do
      log=${logs[$pid]}
      # The leader: its last leadership line says it leads.
      if [ "$(grep -E 'now leading|no longer leading' "$log" | tail -1 | grep -c 'now leading')" = 1 ]; then
        leader=$pid
      fi
    done
    sleep 0.05
  done
  unset "logs[$leader]"
  before=$(cat "${logs[@]}" | grep -c 'now leading' || true)
  kill -KILL "$leader"; t0=$(date +%s.%N)
  while [ "$(cat "${logs[@]}" | grep -c 'now leading' || true)" -le "$before" ]; do sleep 0.01; done
  t1=$(date +%s.%N)
  printf "kill %d: leader killed -> another replica leads in %.2f s (lease $lease, renew_interval $renew)\n" \
    "$kill_round" "$(echo "$t1 - $t0" | bc)"
  start_replica "$next"; next=$((next + 1))
done
