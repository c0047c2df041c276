#!/usr/bin/env bash
# Fetches the source of the simdjson that Debian installed (libsimdjson-dev)
# from Debian's own archive, for the portable gate (cmake/PortableGate.cmake
# links simdjson statically; Debian ships no libsimdjson.a). apt verifies the
# download against the archive's signed Sources index, with a private list
# and cache, so the system's apt configuration is not touched and root is not
# needed. Leaves .tools/simdjson-<version>/singleheader/simdjson.{h,cpp} and
# checks that the header is byte for byte the installed one.
#   scripts/fetch-simdjson-source.sh [DEST]   (default: <repo>/.tools)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$repo/.tools}

header=/usr/include/simdjson.h
if [ ! -f "$header" ]; then
  echo "fetch-simdjson-source: $header is missing: install libsimdjson-dev (scripts/setup-debian.sh) first" >&2
  exit 1
fi
version=$(sed -n 's/^#define SIMDJSON_VERSION \([0-9.]*\)$/\1/p' "$header")
out=$dest/simdjson-$version/singleheader
if [ -f "$out/simdjson.cpp" ] && cmp -s "$out/simdjson.h" "$header"; then
  echo "fetch-simdjson-source: simdjson $version source already in $out"
  exit 0
fi

# The source package of the installed binary package, at its exact version.
src_version=$(dpkg-query -W -f='${source:Version}' libsimdjson-dev)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/parts" "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
# The release this machine runs, with its updates and security suites: the
# installed version is in one of them.
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
cat > "$work/parts/debian-src.sources" <<SOURCES
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $codename $codename-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: $codename-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
apt_options=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$work/parts"
             -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
             -o "APT::Sandbox::User=$(id -un)")
echo "fetch-simdjson-source: downloading Debian's simdjson $src_version source"
if ! apt-get "${apt_options[@]}" -qq update ||
   ! (cd "$work/src" && apt-get "${apt_options[@]}" -qq source --download-only "simdjson=$src_version"); then
  echo "fetch-simdjson-source: could not download simdjson $src_version from deb.debian.org;" \
       "check the network or a proxy (apt's settings apply), or put simdjson.{h,cpp} of" \
       "version $version in $out by hand" >&2
  exit 1
fi
mkdir -p "$out"
tar -xzf "$work/src"/simdjson_*.orig.tar.gz -C "$work/src" --wildcards '*/singleheader/simdjson.*'
cp "$work/src"/simdjson-*/singleheader/simdjson.{h,cpp} "$out/"
if ! cmp -s "$out/simdjson.h" "$header"; then
  echo "fetch-simdjson-source: Debian's simdjson $src_version source has a header unlike $header" >&2
  rm -rf "$dest/simdjson-$version"
  exit 1
fi
echo "fetch-simdjson-source: simdjson $version source in $out"
