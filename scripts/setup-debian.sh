#!/usr/bin/env bash
# Installs what fairweather needs to build, test and run, from Debian 12's
# own packages. Run as root (or with sudo available).
set -euo pipefail

# What building the binaries needs (--build-only: just these, as the GitHub
# Action does when it builds the gate on a runner).
packages=(
  build-essential cmake ca-certificates
  libcurl4-openssl-dev libsimdjson-dev prometheus-cpp-dev libcivetweb-dev
  libtomlplusplus-dev libsqlite3-dev libcli11-dev libexpected-dev tzdata
)
# What the tests and the checks need besides: Boost.Test, yaml-cpp, clang-format,
# and the real servers and tools the tests start (Prometheus, promtool, a
# Pushgateway, systemd-analyze).
if [ "${1:-}" != "--build-only" ]; then
  packages+=(
    git clang-format libboost-test-dev libyaml-cpp-dev
    prometheus prometheus-pushgateway systemd jq curl
  )
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} Debian packages already installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
