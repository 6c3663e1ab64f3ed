#!/usr/bin/env bash
# Regenerates src/libvirt/generated/ from libvirt's RPC protocol files
# (remote_protocol.x, qemu_protocol.x, virnetprotocol.x) in Debian 12's
# `libvirt` source package, fetched once through private apt lists (the
# machine's apt configuration is not touched) into a cache outside the repository.
#
#   bash scripts/generate-libvirt.sh            fetch the sources if needed, regenerate
#   bash scripts/generate-libvirt.sh --check    regenerate into a temporary folder and
#                                               fail if the committed output differs
#
# QMON_LIBVIRT_SOURCE=DIR uses an existing libvirt source tree instead.
set -euo pipefail
cd "$(dirname "$0")/.."

libvirt_version=9.0
out_dir=src/libvirt/generated
cache_root=${XDG_CACHE_HOME:-$HOME/.cache}/qmon/libvirt-source
cache_dir=$cache_root/libvirt-$libvirt_version

say() { printf 'generate-libvirt: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

cleanup=()
trap 'rm -rf "${cleanup[@]}"' EXIT

check=false
for arg in "$@"; do
  case $arg in
    --check) check=true ;;
    *) die "unknown option $arg (use --check)" ;;
  esac
done

protocol_files=(src/remote/remote_protocol.x src/remote/qemu_protocol.x src/rpc/virnetprotocol.x)
has_protocol() { local f; for f in "${protocol_files[@]}"; do [ -f "$1/$f" ] || return 1; done; }

# apt-get source with its own sources list, lists and cache: a deb-src entry for
# bookworm that exists only for this command.
fetch_sources() {
  command -v apt-get >/dev/null || die "apt-get not found: set QMON_LIBVIRT_SOURCE to a libvirt $libvirt_version source tree"
  command -v dpkg-source >/dev/null || die "dpkg-source is missing (apt-get install dpkg-dev)"
  local apt_dir scratch
  apt_dir=$(mktemp -d); scratch=$(mktemp -d)
  cleanup+=("$apt_dir" "$scratch")
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  cat >"$apt_dir/sources.list" <<'LIST'
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
LIST
  local apt_options=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=/dev/null
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache")
  say "reading bookworm's source index into private apt lists"
  apt-get "${apt_options[@]}" update -qq >/dev/null || die "apt-get update (private lists) failed"
  say "downloading Debian's libvirt source package"
  (cd "$scratch" && apt-get "${apt_options[@]}" source -qq libvirt >/dev/null 2>&1) || die "apt-get source libvirt failed"
  local tree
  tree=$(find "$scratch" -mindepth 1 -maxdepth 1 -type d -name 'libvirt-*' | head -n 1)
  [ -n "$tree" ] && has_protocol "$tree" || die "the source package has no protocol files where expected"
  rm -rf "$cache_dir"
  mkdir -p "$cache_dir/src/remote" "$cache_dir/src/rpc"
  for f in "${protocol_files[@]}"; do cp "$tree/$f" "$cache_dir/$f"; done
  sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$tree/debian/changelog" >"$cache_dir/debian-version"
}

if [ -n "${QMON_LIBVIRT_SOURCE:-}" ]; then
  source_dir=$QMON_LIBVIRT_SOURCE
  has_protocol "$source_dir" || die "QMON_LIBVIRT_SOURCE=$source_dir lacks ${protocol_files[*]}"
else
  source_dir=$cache_dir
  has_protocol "$source_dir" || fetch_sources
fi

label="libvirt $libvirt_version"
[ -f "$source_dir/debian-version" ] && label="Debian source package libvirt $(cat "$source_dir/debian-version")"

generate() {
  node --import tsx src/libvirt/generator/main.ts --source "$source_dir" --out "$1" --source-label "$label"
}

if $check; then
  fresh=$(mktemp -d)
  cleanup+=("$fresh")
  generate "$fresh"
  diff -ru "$out_dir" "$fresh" >&2 || die "$out_dir is out of date: run bash scripts/generate-libvirt.sh"
  say "$out_dir is up to date"
else
  mkdir -p "$out_dir"
  generate "$out_dir"
fi
