#!/usr/bin/env bash
# Installs what fairweather needs to build, test and run, from Debian 12's
# own packages. Run as root (or with sudo available).
set -euo pipefail

# What building the binaries needs (--build-only: just these, as the GitHub
# Action does when it builds the gate on a runner).
packages=(
  build-essential cmake ca-certificates
  libcurl4-openssl-dev libsimdjson-dev
  libtomlplusplus-dev libsqlite3-dev libpq-dev libcli11-dev libexpected-dev tzdata
)
# What the tests and the checks need besides: Boost.Test, yaml-cpp, clang-format,
# and the real servers and tools the tests start (Prometheus, promtool, a
# Pushgateway, systemd-analyze, the sqlite3 shell that edits a state database
# as an operator would, a PostgreSQL server the PostgreSQL store's tests start
# privately), and clang with libFuzzer for the fuzz smoke
# run (libclang-rt-14-dev, only a Recommends of clang's, so it is named; and
# llvm-14's llvm-symbolizer, so a crash's stack names functions and lines),
# and lintian, which checks the .deb files scripts/package.sh builds.
if [ "${1:-}" != "--build-only" ]; then
  packages+=(
    git clang-format libboost-test-dev libyaml-cpp-dev
    prometheus prometheus-pushgateway systemd jq curl sqlite3 postgresql
    clang libclang-rt-14-dev llvm-14 lintian
  )
  # Node.js and npm, for action-validator (below). A machine with an npm
  # already keeps it: NodeSource's nodejs carries its own and conflicts with
  # Debian's npm package.
  if ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
  fi
fi

# After the packages: the source of Debian's simdjson, which the portable
# gate of the release archive links statically (scripts/package.sh).
fetch_sources() {
  if [ "${1:-}" != "--build-only" ]; then
    "$(dirname "$0")/fetch-simdjson-source.sh"
  fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} Debian packages already installed"
else
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
fetch_sources "${1:-}"

# action-validator checks gate/action.yml and the workflows against GitHub's
# schemas (a delivery test runs it), from npm into the repository's
# git-ignored .tools/npm. Pinned: a newer schema may reject what passes today.
if [ "${1:-}" != "--build-only" ]; then
  action_validator=0.6.0
  tools=$(cd "$(dirname "$0")/.." && pwd)/.tools/npm
  installed=$(node -p "require('$tools/node_modules/@action-validator/cli/package.json').version" \
    2>/dev/null || true)
  if [ "$installed" = "$action_validator" ]; then
    echo "setup: action-validator $action_validator already installed in $tools"
  else
    echo "setup: installing action-validator $action_validator in $tools"
    npm install --prefix "$tools" --no-audit --no-fund --save-exact \
      "@action-validator/cli@$action_validator" "@action-validator/core@$action_validator"
  fi
fi
