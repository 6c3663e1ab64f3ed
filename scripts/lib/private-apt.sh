# shellcheck shell=bash
# apt-get with its own sources, lists and cache in a folder of ours, so that
# fetching another QEMU release (binaries or sources) never touches the
# machine's apt configuration. Source this file, then:
#
#   private_apt_init DIR "deb http://deb.debian.org/debian bookworm-backports main" ...
#   (cd somewhere && private_apt DIR download qemu-utils=1:10.0.2+ds-2+deb13u1~bpo12+1)
#
# Each argument after DIR is one sources.list line; private_apt_init writes
# them and refreshes the lists. Release files are checked against the Debian
# archive keys the system already trusts.

private_apt() {
  local dir=$1
  shift
  apt-get \
    -o Dir::Etc::sourcelist="$dir/sources.list" \
    -o Dir::Etc::sourceparts=/dev/null \
    -o Dir::State::Lists="$dir/lists" \
    -o Dir::Cache="$dir/cache" \
    -o Debug::NoLocking=1 \
    -o APT::Sandbox::User="$(id -un)" \
    "$@"
}

private_apt_init() {
  local dir=$1
  shift
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
  printf '%s\n' "$@" >"$dir/sources.list"
  private_apt "$dir" update -qq
}
