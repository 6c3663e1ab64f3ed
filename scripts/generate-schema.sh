#!/usr/bin/env bash
# Regenerates src/schema/generated/qemu-X.Y/ from QEMU's QAPI schema sources
# (qapi/*.json, qga/qapi-schema.json) of the exact Debian source package of the
# binaries qmon is tested with (scripts/lib/qemu-releases.sh pins them). The
# sources are fetched once, through private apt lists (the machine's apt
# configuration is never changed), into a cache outside the repository.
#
#   bash scripts/generate-schema.sh [VERSION...]   regenerate (default: every bundled version)
#   bash scripts/generate-schema.sh --check        regenerate into a temporary folder and
#                                                  fail if the committed output differs
#   bash scripts/generate-schema.sh --refresh      fetch the sources again first
#
# QMON_QEMU_SOURCE=DIR uses an existing QEMU source tree instead of fetching
# one (only with a single VERSION).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/qemu-releases.sh
source scripts/lib/qemu-releases.sh
# shellcheck source=lib/private-apt.sh
source scripts/lib/private-apt.sh

say() { printf 'generate-schema: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

cleanup=()
trap 'rm -rf "${cleanup[@]}"' EXIT

check=false
refresh=false
versions=()
for arg in "$@"; do
  case $arg in
    --check) check=true ;;
    --refresh) refresh=true ;;
    -*) die "unknown option $arg (use --check or --refresh)" ;;
    *) versions+=("$arg") ;;
  esac
done
[ ${#versions[@]} -gt 0 ] || versions=("${bundled_qemu_releases[@]}")
if [ -n "${QMON_QEMU_SOURCE:-}" ] && [ ${#versions[@]} -ne 1 ]; then
  die "QMON_QEMU_SOURCE needs exactly one VERSION"
fi

cache_root=${XDG_CACHE_HOME:-$HOME/.cache}/qmon/qemu-source

has_schema() { [ -f "$1/qapi/qapi-schema.json" ] && [ -f "$1/qga/qapi-schema.json" ]; }

# Fetches the source package into $1. The full package (Debian's patches applied:
# 7.2's point releases are patches) when its .dsc is on the mirror; otherwise the
# upstream tarball alone (bookworm-backports keeps only that; no Debian patch of
# 10.0 touches qapi/ or qga/).
fetch_sources() {
  local tree=$1
  command -v apt-get >/dev/null || die "apt-get not found: fetch QEMU sources by hand and set QMON_QEMU_SOURCE"
  local scratch
  scratch=$(mktemp -d)
  cleanup+=("$scratch")
  say "reading the source lists of ${release_sources[*]}"
  private_apt_init "$scratch/apt" "${release_sources[@]}" || die "apt-get update failed for the private source lists"
  mkdir "$scratch/src"
  say "downloading Debian's qemu $release_debian source package"
  if (cd "$scratch/src" && private_apt "$scratch/apt" source -qq --download-only "qemu=$release_debian" >/dev/null 2>&1); then
    command -v dpkg-source >/dev/null || die "dpkg-source is needed to unpack the source package (apt-get install dpkg-dev)"
    (cd "$scratch/src" && dpkg-source --no-check -x ./*.dsc tree >/dev/null) || die "dpkg-source could not unpack qemu $release_debian"
  else
    rm -f "$scratch"/src/*
    (cd "$scratch/src" && private_apt "$scratch/apt" source -qq --tar-only --download-only "qemu=$release_debian" >/dev/null) ||
      die "apt-get source could not get qemu $release_debian"
    mkdir "$scratch/src/tree"
    tar -xf "$scratch"/src/*.orig.tar.* -C "$scratch/src/tree" --strip-components=1 \
      --wildcards '*/qapi/*' '*/qga/*' '*/VERSION' || die "could not unpack the upstream tarball"
  fi
  has_schema "$scratch/src/tree" || die "the source package has no QAPI schema where expected"
  local found
  found=$(cat "$scratch/src/tree/VERSION")
  [ "$found" = "$release_upstream" ] || die "the source package is QEMU $found, not $release_upstream"
  rm -rf "$tree"
  mkdir -p "$(dirname "$tree")"
  mv "$scratch/src/tree" "$tree"
}

generate_version() {
  local version=$1
  qemu_release "$version" || exit 1
  local out_dir=src/schema/generated/qemu-$version
  local source_dir
  if [ -n "${QMON_QEMU_SOURCE:-}" ]; then
    source_dir=$QMON_QEMU_SOURCE
    has_schema "$source_dir" || die "QMON_QEMU_SOURCE=$source_dir has no qapi/qapi-schema.json and qga/qapi-schema.json"
  else
    source_dir=$cache_root/qemu-$release_upstream
    if $refresh || ! has_schema "$source_dir"; then fetch_sources "$source_dir"; fi
  fi
  local label="QEMU $(cat "$source_dir/VERSION"), Debian source package qemu $release_debian"
  generate() {
    node --import tsx src/schema/generate.ts --source "$source_dir" --out "$1" \
      --version "$version" --profile "$release_profile" --source-label "$label"
  }
  if $check; then
    local fresh
    fresh=$(mktemp -d)
    cleanup+=("$fresh")
    generate "$fresh"
    diff -ru "$out_dir" "$fresh" >&2 || die "$out_dir is out of date: run bash scripts/generate-schema.sh $version"
    say "$out_dir is up to date"
  else
    generate "$out_dir"
  fi
}

for version in "${versions[@]}"; do generate_version "$version"; done
