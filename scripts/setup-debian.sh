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
  fetch_sources "${1:-}"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fetch_sources "${1:-}"
