#!/usr/bin/env bash
# The GitHub Action from `uses:` to a decision, against a loopback release
# server: gate/action/install.sh (download the release archive, check its
# SHA-256, unpack it into the tool cache) then gate/action/check.sh (the gate
# reads a status page and decides), timed by hyperfine with an empty tool
# cache (a GitHub-hosted runner's first job) and a warm one (a self-hosted
# runner's next job). Usage:
#   bench/action_start.sh [ARTIFACTS_DIR] [RUNS]   (defaults: build/artifacts 10)
# ARTIFACTS_DIR is what scripts/package.sh left (the archive and SHA256SUMS).
# The status page serves the real githubstatus.com summary of 2024-02-05
# (all operational) from $FAIRWEATHER_REAL_FIXTURES (../shared/fixtures/real).
# BUILD_FROM_SOURCE=1 also times the action's old way, building the gate on
# the runner (configure + build of fairweather-gate, once, in a scratch dir).
set -euo pipefail
cd "$(dirname "$0")/.."
artifacts=$(cd "${1:-build/artifacts}" && pwd)
runs=${2:-10}
real=${FAIRWEATHER_REAL_FIXTURES:-../shared/fixtures/real}
summary=$real/statuspage/githubstatus_summary_2024-02-05_all_operational.json
version=$(sed -n 's/^project(fairweather VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
archive=fairweather-gate-$version-linux-x86_64.tar.gz
[ -f "$artifacts/$archive" ] || { echo "no $archive in $artifacts: run scripts/package.sh first"; exit 1; }
[ -f "$summary" ] || { echo "no $summary: set FAIRWEATHER_REAL_FIXTURES"; exit 1; }

work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/www/releases/download/v$version" "$work/www/api/v2"
ln -s "$artifacts/$archive" "$artifacts/SHA256SUMS" "$work/www/releases/download/v$version/"
ln -s "$(cd "$(dirname "$summary")" && pwd)/$(basename "$summary")" "$work/www/api/v2/summary.json"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/api/v2/summary.json" >/dev/null && break
  sleep 0.1
done
printf '[[status_pages]]\nname = "github"\nurl = "http://127.0.0.1:%s"\n' "$port" > "$work/fairweather.toml"

# The two steps of action.yml, with the environment the runner gives them.
cat > "$work/step.sh" <<STEP
#!/usr/bin/env bash
set -euo pipefail
export SOURCE_DIR=$PWD RELEASES_URL=http://127.0.0.1:$port/releases/download
export RUNNER_TOOL_CACHE=$work/cache RUNNER_TEMP=$work/tmp GITHUB_ACTIONS=true
mkdir -p "\$RUNNER_TEMP"
: > "\$RUNNER_TEMP/output"; : > "\$RUNNER_TEMP/summary"
export GITHUB_OUTPUT=\$RUNNER_TEMP/output GITHUB_STEP_SUMMARY=\$RUNNER_TEMP/summary
gate/action/install.sh > /dev/null
export FAIRWEATHER_GATE=\$(sed -n 's/^gate=//p' "\$GITHUB_OUTPUT")
INPUT_KIND=regular INPUT_CONFIG=$work/fairweather.toml gate/action/check.sh > /dev/null
grep -q '^decision=proceed$' "\$GITHUB_OUTPUT"
STEP
chmod +x "$work/step.sh"
"$work/step.sh" || { echo "the action did not reach a proceed; run $work/step.sh by hand"; exit 1; }

echo "archive: $(stat -c %s "$artifacts/$archive") bytes ($archive)"
# Two runs of hyperfine: its --prepare would apply to every command of one.
hyperfine --style basic --warmup 1 --runs "$runs" --prepare "rm -rf $work/cache" \
  -n "cold tool cache: download, verify, unpack, check" "$work/step.sh"
hyperfine --style basic --warmup 1 --runs "$runs" \
  -n "warm tool cache: find the cached gate, check" "$work/step.sh"

if [ "${BUILD_FROM_SOURCE:-0}" = 1 ]; then
  start=$(date +%s.%N)
  cmake -S . -B "$work/from-source" -DCMAKE_BUILD_TYPE=Release \
    -DFAIRWEATHER_TESTS=OFF -DFAIRWEATHER_BENCH=OFF >/dev/null
  cmake --build "$work/from-source" -j"$(nproc)" --target fairweather-gate >/dev/null
  echo "building fairweather-gate from source (configure + build, -j$(nproc)):" \
       "$(echo "$(date +%s.%N) - $start" | bc) s (packages already installed)"
fi
