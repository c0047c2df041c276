#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds fairweather-monitor and runs it with the
# default config: GitHub's status page polled every 30s, metrics served on
# http://127.0.0.1:9464/metrics. Extra arguments go to fairweather-monitor
# (e.g. --config FILE, --listen HOST:PORT).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)" --target fairweather-monitor fairweather-gate
exec build/bin/fairweather-monitor "$@"
