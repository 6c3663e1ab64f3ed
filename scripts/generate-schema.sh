#!/usr/bin/env bash
# Regenerates src/schema/generated/qemu-7.2/ from QEMU's QAPI schema sources
# (qapi/*.json, qga/qapi-schema.json), taken from Debian 12's `qemu` source
# package. The sources are fetched once into a cache outside the repository.
#
#   bash scripts/generate-schema.sh            fetch the sources if needed, regenerate
#   bash scripts/generate-schema.sh --check    regenerate into a temporary folder and
#                                              fail if the committed output differs
#   bash scripts/generate-schema.sh --refresh  fetch the sources again first
#
# QMON_QEMU_SOURCE=DIR uses an existing QEMU source tree instead of fetching one.
set -euo pipefail
cd "$(dirname "$0")/.."

qemu_version=7.2
profile=debian-bookworm-amd64
out_dir=src/schema/generated/qemu-$qemu_version
cache_dir=${XDG_CACHE_HOME:-$HOME/.cache}/qmon/qemu-source/qemu-$qemu_version
deb_src_file=/etc/apt/sources.list.d/qmon-deb-src.sources

say() { printf 'generate-schema: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

cleanup=()
trap 'rm -rf "${cleanup[@]}"' EXIT

check=false
refresh=false
for arg in "$@"; do
  case $arg in
    --check) check=true ;;
    --refresh) refresh=true ;;
    *) die "unknown option $arg (use --check or --refresh)" ;;
  esac
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    die "this step needs root: $*  (run it as root, or set QMON_QEMU_SOURCE to a QEMU $qemu_version source tree)"
  fi
}

has_schema() { [ -f "$1/qapi/qapi-schema.json" ] && [ -f "$1/qga/qapi-schema.json" ]; }

has_qemu_source_entry() {
  local records
  records=$(apt-cache showsrc qemu 2>/dev/null || true)
  grep -q '^Package: qemu$' <<<"$records"
}

# A deb-src twin of the Debian entries apt already has (same mirrors, suites, keys).
add_deb_src_entry() {
  local entry
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    entry=$(sed -E 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources)
  else
    entry=$(cat <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
)
  fi
  say "adding a deb-src entry in $deb_src_file"
  printf '%s\n' "$entry" | as_root tee "$deb_src_file" >/dev/null
}

fetch_sources() {
  command -v apt-get >/dev/null || die "apt-get not found: fetch QEMU $qemu_version sources by hand and set QMON_QEMU_SOURCE"
  if ! has_qemu_source_entry; then
    [ -f "$deb_src_file" ] || add_deb_src_entry
    as_root apt-get update -qq || die "apt-get update failed"
    has_qemu_source_entry || die "apt still knows no 'qemu' source package; check $deb_src_file"
  fi
  if ! command -v dpkg-source >/dev/null; then
    say "installing dpkg-dev (dpkg-source unpacks the source package)"
    as_root apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null || die "could not install dpkg-dev"
  fi

  local scratch
  scratch=$(mktemp -d)
  cleanup+=("$scratch")
  say "downloading Debian's qemu source package"
  if ! (cd "$scratch" && apt-get source -qq qemu >/dev/null 2>&1); then
    as_root apt-get update -qq || true
    (cd "$scratch" && apt-get source -qq qemu >/dev/null) || die "apt-get source qemu failed"
  fi
  local tree
  tree=$(find "$scratch" -mindepth 1 -maxdepth 1 -type d -name 'qemu-*' | head -n 1)
  has_schema "$tree" || die "the source package has no QAPI schema where expected"
  case $(cat "$tree/VERSION") in
    "$qemu_version".*) ;;
    *) die "the source package is QEMU $(cat "$tree/VERSION"), not $qemu_version" ;;
  esac
  rm -rf "$cache_dir"
  mkdir -p "$(dirname "$cache_dir")"
  mv "$tree" "$cache_dir"
}

if [ -n "${QMON_QEMU_SOURCE:-}" ]; then
  source_dir=$QMON_QEMU_SOURCE
  has_schema "$source_dir" || die "QMON_QEMU_SOURCE=$source_dir has no qapi/qapi-schema.json and qga/qapi-schema.json"
else
  source_dir=$cache_dir
  if $refresh || ! has_schema "$source_dir"; then fetch_sources; fi
fi

label="QEMU $(cat "$source_dir/VERSION" 2>/dev/null || echo "$qemu_version")"
if [ -f "$source_dir/debian/changelog" ]; then
  label="$label, Debian source package qemu $(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$source_dir/debian/changelog")"
fi

generate() {
  node --import tsx src/schema/generate.ts --source "$source_dir" --out "$1" \
    --version "$qemu_version" --profile "$profile" --source-label "$label"
}

if $check; then
  fresh=$(mktemp -d)
  cleanup+=("$fresh")
  generate "$fresh"
  if ! diff -ru "$out_dir" "$fresh" >&2; then
    die "$out_dir is out of date: run bash scripts/generate-schema.sh"
  fi
  say "$out_dir is up to date"
else
  generate "$out_dir"
fi
