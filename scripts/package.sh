#!/usr/bin/env bash
# Builds every release artifact into OUTDIR:
#   fairweather-gate_<version>_amd64.deb, fairweather-monitor_<version>_amd64.deb
#       (CPack, cmake/Package.cmake; Depends from dpkg-shlibdeps)
#   fairweather-gate-<version>-linux-x86_64.tar.gz
#       bin/fairweather-gate (the portable gate, cmake/PortableGate.cmake) and
#       lib/ with the shared libraries it needs beyond glibc, licenses/ with
#       their Debian copyright files; runs on glibc 2.35 or newer
#   SHA256SUMS of all of them (sha256sum format)
#
#   scripts/package.sh OUTDIR [BUILD_DIR]
# With BUILD_DIR, the binaries already built there are packaged and nothing
# is built (the tests pass their own build, whose binaries other tests are
# running meanwhile); without it, a Release build is made in build-package/.
# SOURCE_DATE_EPOCH (default: the last commit's time) dates the changelog and
# the archive's files, so one commit gives the same archive twice.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: scripts/package.sh OUTDIR [BUILD_DIR]" >&2
  exit 64
fi
mkdir -p "$1"
out=$(cd "$1" && pwd)
build=${2:-$repo/build-package}
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)
fi
export SOURCE_DATE_EPOCH

targets=(fairweather-monitor fairweather-gate fairweather-gate-portable)
if [ $# -lt 2 ]; then
  "$repo/scripts/fetch-simdjson-source.sh"
  cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DFAIRWEATHER_TESTS=OFF -DFAIRWEATHER_BENCH=OFF >/dev/null
  cmake --build "$build" -j"$(nproc)" --target "${targets[@]}"
fi
if [ ! -f "$build/CPackConfig.cmake" ]; then
  echo "package.sh: $build is not a configured fairweather build directory" >&2
  exit 1
fi
for target in "${targets[@]}"; do
  if [ ! -x "$build/bin/$target" ]; then
    echo "package.sh: $build/bin/$target is missing: build it first" \
         "(cmake --build $build --target ${targets[*]}); fairweather-gate-portable" \
         "also needs simdjson's source (scripts/fetch-simdjson-source.sh, then configure again)" >&2
    exit 1
  fi
done
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")

# The Debian packages. CPack's own scratch space stays in the build tree.
rm -f "$out"/fairweather-gate_*.deb "$out"/fairweather-monitor_*.deb
(cd "$build" && cpack --config CPackConfig.cmake -B "$build/cpack" >/dev/null)
cp "$build/cpack"/fairweather-gate_"$version"_*.deb "$build/cpack"/fairweather-monitor_"$version"_*.deb "$out/"

# The gate archive: the portable gate and every library the dynamic linker
# finds for it that is not glibc's own (glibc is the one thing the runner
# brings). Each bundled library is found through the binary's $ORIGIN/../lib.
arch=$(uname -m)
archive=fairweather-gate-$version-linux-$arch.tar.gz
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/lib" "$stage/licenses"
cp "$build/bin/fairweather-gate-portable" "$stage/bin/fairweather-gate"
strip --strip-unneeded "$stage/bin/fairweather-gate"
is_glibc() {
  case "$1" in
    linux-vdso.so.*|ld-linux*.so.*|libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|libresolv.so.*|libutil.so.*|libanl.so.*) return 0 ;;
    *) return 1 ;;
  esac
}
while read -r name _ path _; do
  is_glibc "$name" && continue
  if [ ! -f "$path" ]; then
    echo "package.sh: the portable gate needs $name, which the dynamic linker cannot find" >&2
    exit 1
  fi
  cp -L "$path" "$stage/lib/$name"
  chmod 0644 "$stage/lib/$name"
  strip --strip-unneeded "$stage/lib/$name"
  real=$(readlink -f "$path")
  package=$(dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null || true)
  package=${package%%:*}
  if [ -n "$package" ] && [ -f "/usr/share/doc/$package/copyright" ]; then
    cp "/usr/share/doc/$package/copyright" "$stage/licenses/$package.copyright"
  fi
done < <(ldd "$build/bin/fairweather-gate-portable" | awk '/=>/ {print $1, $2, $3, $4}')
cp "$repo/packaging/debian/copyright" "$stage/licenses/fairweather.copyright"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
  -C "$stage" -cf - bin lib licenses | gzip -9n > "$out/$archive"

(cd "$out" && sha256sum fairweather-gate_"$version"_*.deb fairweather-monitor_"$version"_*.deb "$archive" > SHA256SUMS)
echo "package.sh: in $out:"
(cd "$out" && ls -l fairweather-gate_"$version"_*.deb fairweather-monitor_"$version"_*.deb "$archive" SHA256SUMS)
