#!/usr/bin/env bash
# Step 1 of the fairweather gate action: find fairweather-gate (GATE_PATH, or
# on PATH), or build it from the action's own source (SOURCE_DIR) on a
# Debian/Ubuntu runner. Writes gate=<path> to $GITHUB_OUTPUT.
set -euo pipefail

found=""
if [ -n "${GATE_PATH:-}" ]; then
  if [ ! -x "$GATE_PATH" ]; then
    echo "::error title=fairweather gate::gate-path $GATE_PATH is not an executable file; give the path of a built fairweather-gate or leave gate-path empty"
    exit 1
  fi
  found=$GATE_PATH
elif command -v fairweather-gate >/dev/null 2>&1; then
  found=$(command -v fairweather-gate)
else
  source_dir=${SOURCE_DIR:?SOURCE_DIR is the fairweather source tree}
  build_dir=${RUNNER_TEMP:-/tmp}/fairweather-gate-build
  echo "fairweather-gate is not installed; building it from $source_dir (set gate-path to skip this)"
  "$source_dir/scripts/setup-debian.sh" --build-only
  cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
    -DFAIRWEATHER_TESTS=OFF -DFAIRWEATHER_BENCH=OFF >/dev/null
  cmake --build "$build_dir" -j"$(nproc)" --target fairweather-gate >/dev/null
  found=$build_dir/bin/fairweather-gate
fi
echo "using $found ($("$found" --version))"
echo "gate=$found" >> "${GITHUB_OUTPUT:-/dev/null}"
