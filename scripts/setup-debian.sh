#!/usr/bin/env bash
# Installs what fairweather needs to build, test and run, from Debian 12's
# own packages. Run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake git ca-certificates clang-format
  libcurl4-openssl-dev libsimdjson-dev prometheus-cpp-dev libcivetweb-dev
  libtomlplusplus-dev libboost-test-dev libsqlite3-dev libcli11-dev libexpected-dev
  prometheus tzdata jq curl
)

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
