#!/usr/bin/env bash
# Step 1 of the fairweather gate action: find the fairweather-gate to run and
# write gate=<path> to $GITHUB_OUTPUT. In order:
#   1. GATE_PATH (input gate-path): that file, whatever its version.
#   2. BUILD_FROM_SOURCE=true (input build-from-source): built from the
#      action's own source (SOURCE_DIR) on a Debian/Ubuntu runner, minutes.
#   3. fairweather-gate on PATH, only when its --version is the action's own
#      version; one of another version is left alone with a notice (give it
#      as gate-path to use it anyway).
#   4. The release of the action's own version, from the runner's tool cache
#      or downloaded once into it and checked against the release's SHA256SUMS.
# The action's version is the one in SOURCE_DIR/CMakeLists.txt: SOURCE_DIR is
# the action's checkout at the ref the workflow gave in `uses:`, so a pinned
# ref runs the gate released from it.
#
# Environment (set by action.yml from the inputs):
#   GATE_PATH, BUILD_FROM_SOURCE, SOURCE_DIR,
#   RELEASES_URL  where releases are, <base> of
#                 <base>/v<VERSION>/fairweather-gate-<VERSION>-linux-<ARCH>.tar.gz
#                 and <base>/v<VERSION>/SHA256SUMS (input releases-url, else
#                 https://github.com/<the action's repository>/releases/download)
#   ACTION_REPOSITORY  the action's repository (github.action_repository),
#                 else read off SOURCE_DIR, else fairweather-ci/fairweather
#   RUNNER_TOOL_CACHE, RUNNER_TEMP  set by the runner
#   FAIRWEATHER_ARCH  overrides `uname -m`; for the action's tests only, which
#                     check the message for an architecture with no release
set -euo pipefail

# Every failure ends here: one annotation saying what and what to do.
fail() {
  echo "::error title=fairweather gate::$*"
  exit 1
}

# A URL as it may be printed: credentials in it (a mirror's user:password@)
# are replaced by ***.
printable() {
  sed -E 's#://[^/@]+@#://***@#' <<<"$1"
}

# Builds the gate from SOURCE_DIR and prints the binary's path.
build_from_source() {
  local build_dir=${RUNNER_TEMP:-/tmp}/fairweather-gate-build
  echo "building fairweather-gate from $source_dir (build-from-source is true)" >&2
  "$source_dir/scripts/setup-debian.sh" --build-only >&2
  cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
    -DFAIRWEATHER_TESTS=OFF -DFAIRWEATHER_BENCH=OFF >/dev/null
  cmake --build "$build_dir" -j"$(nproc)" --target fairweather-gate >/dev/null
  echo "$build_dir/bin/fairweather-gate"
}

# Downloads $1 to file $2. On failure it fails the step naming the URL; a
# 404 means there is no such release (or no such asset in it).
download() {
  local url=$1 to=$2 status err
  err=$(mktemp)
  # Retries cover timeouts and 408/429/5xx answers, not a refused connection
  # or a 404, which fail at once.
  if status=$(curl -fsSL --connect-timeout 10 --max-time 300 --retry 3 --retry-delay 2 \
    --retry-max-time 60 -w '%{http_code}' -o "$to" "$url" 2>"$err"); then
    rm -f "$err"
    return 0
  fi
  local why
  why=$(tr '\n' ' ' <"$err")
  rm -f "$err" "$to"
  if [ "$status" = "404" ]; then
    fail "no fairweather-gate $version release at $(printable "$url") (HTTP 404): check that v$version is released there and that releases-url is right; or set gate-path to a built fairweather-gate, or build-from-source: true"
  fi
  fail "could not download $(printable "$url") (${why% }): check releases-url and the runner's network; or set gate-path to a built fairweather-gate, or build-from-source: true"
}

source_dir=${SOURCE_DIR:?SOURCE_DIR is the fairweather source tree}
version=$(sed -n 's/^project(fairweather VERSION \([0-9][0-9A-Za-z.+-]*\).*/\1/p' \
  "$source_dir/CMakeLists.txt" 2>/dev/null | head -n 1)
if [ -z "$version" ]; then
  fail "cannot read the action's version from $source_dir/CMakeLists.txt (no line 'project(fairweather VERSION x.y.z ...)'); is the action checked out whole? Set gate-path to a built fairweather-gate to go on"
fi

found=""
if [ -n "${GATE_PATH:-}" ]; then
  if [ ! -x "$GATE_PATH" ]; then
    fail "gate-path $GATE_PATH is not an executable file; give the path of a built fairweather-gate or leave gate-path empty"
  fi
  found=$GATE_PATH
elif [ "${BUILD_FROM_SOURCE:-false}" = "true" ]; then
  found=$(build_from_source)
elif on_path=$(command -v fairweather-gate 2>/dev/null) &&
  [ "$("$on_path" --version 2>/dev/null || true)" = "$version" ]; then
  found=$on_path
else
  if [ -n "${on_path:-}" ]; then
    echo "::notice title=fairweather gate::not using $on_path ($("$on_path" --version 2>/dev/null || echo "no --version")): the action is version $version and uses its own release; set gate-path: $on_path to use that one"
  fi
  arch=${FAIRWEATHER_ARCH:-$(uname -m)}
  if [ "$arch" != "x86_64" ]; then
    fail "no fairweather-gate release is built for $arch (only x86_64): set build-from-source: true to build it on the runner, or gate-path to a built fairweather-gate"
  fi
  # Laid out as @actions/tool-cache does: <tool>/<version>/<arch>/ and a
  # <arch>.complete marker written only once the directory is whole, so an
  # interrupted install is never used and is simply done again.
  cache_dir=${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/fairweather-gate/$version/$arch
  marker=$cache_dir.complete
  found=$cache_dir/bin/fairweather-gate
  if [ -f "$marker" ] && [ -x "$found" ]; then
    echo "fairweather-gate $version found in the tool cache ($cache_dir); not downloading it"
  else
    # github.action_repository is empty inside composite actions
    # (actions/runner#2525); the runner keeps a remote action's checkout in
    # _actions/OWNER/NAME/REF, which names it too.
    repository=${ACTION_REPOSITORY:-}
    if [ -z "$repository" ] && [[ "$source_dir" =~ /_actions/([^/]+/[^/]+)/ ]]; then
      repository=${BASH_REMATCH[1]}
    fi
    base=${RELEASES_URL:-https://github.com/${repository:-fairweather-ci/fairweather}/releases/download}
    base=${base%/}/v$version
    archive=fairweather-gate-$version-linux-$arch.tar.gz
    parent=$(dirname "$cache_dir")
    mkdir -p "$parent"
    work=$(mktemp -d "$parent/.download.XXXXXX")
    # Whatever happens, the download goes; so do the version's folders when
    # nothing else is in them, leaving no trace of a failed install.
    trap 'rm -rf "$work"; rmdir "$parent" "$(dirname "$parent")" 2>/dev/null || true' EXIT

    # SHA256SUMS first: a release without a checksum for the archive is
    # refused before the archive is fetched.
    download "$base/SHA256SUMS" "$work/SHA256SUMS"
    expected=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print tolower($1); exit }' \
      "$work/SHA256SUMS")
    if ! [[ "$expected" =~ ^[0-9a-f]{64}$ ]]; then
      fail "$(printable "$base/SHA256SUMS") has no SHA-256 line for $archive, so it cannot be checked and was not installed: the release may be incomplete; set gate-path to a built fairweather-gate, or build-from-source: true"
    fi
    echo "downloading $(printable "$base/$archive")"
    download "$base/$archive" "$work/$archive"
    actual=$(sha256sum "$work/$archive" | cut -d' ' -f1)
    if [ "$actual" != "$expected" ]; then
      rm -f "$work/$archive"
      fail "checksum mismatch for $(printable "$base/$archive"): SHA256SUMS says $expected, the download is $actual; it was deleted and nothing was installed. Try again (a broken download), check releases-url (a bad mirror), or set gate-path / build-from-source: true"
    fi

    mkdir "$work/tree"
    if ! tar -xzf "$work/$archive" -C "$work/tree" || [ ! -x "$work/tree/bin/fairweather-gate" ]; then
      fail "$(printable "$base/$archive") is not a fairweather-gate archive (no executable bin/fairweather-gate in it); set gate-path to a built fairweather-gate, or build-from-source: true"
    fi
    # The gate must run here (its libraries in lib/ found) and be the version
    # asked for before it is cached.
    got=$("$work/tree/bin/fairweather-gate" --version 2>&1) || got="does not run: $got"
    if [ "$got" != "$version" ]; then
      fail "the fairweather-gate in $(printable "$base/$archive") is not version $version ($got); set gate-path to a built fairweather-gate, or build-from-source: true"
    fi
    rm -rf "$cache_dir" "$marker"
    chmod 755 "$work/tree"  # mktemp's 0700 is not needed once it is the cache
    mv "$work/tree" "$cache_dir"
    touch "$marker"
    echo "fairweather-gate $version installed in the tool cache ($cache_dir)"
  fi
fi
echo "using $found (fairweather-gate $("$found" --version); the action is version $version)"
echo "gate=$found" >>"${GITHUB_OUTPUT:-/dev/null}"
