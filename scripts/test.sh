#!/usr/bin/env bash
# Sets up a Debian 12 machine and runs every check fairweather has: the
# formatting check, the tests in a normal build, the tests again under
# AddressSanitizer + UndefinedBehaviorSanitizer, and a short run of each fuzz
# target. CI (.ci/run) runs this.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-debian.sh
scripts/check-format.sh

scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo
ctest --test-dir build --output-on-failure -j"$(nproc)"

scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DFAIRWEATHER_SANITIZE=ON -DFAIRWEATHER_BENCH=OFF
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)"

# A few seconds of each libFuzzer target (fuzz/) over its seeds; a crash
# fails the run naming the target and the crash file. Long runs:
# scripts/fuzz.sh long.
scripts/fuzz.sh smoke

echo "test.sh: all checks passed"
