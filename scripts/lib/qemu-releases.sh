# shellcheck shell=bash
# The QEMU releases qmon bundles types for and tests against, pinned to the
# exact Debian package versions. Source this file, then `qemu_release 10.0`
# sets:
#   release_debian    the Debian package version (binaries and sources)
#   release_upstream  the QEMU version that package is (its VERSION file)
#   release_profile   the build profile in src/schema/build-profiles.ts
#   release_sources   sources.list lines (deb and deb-src) of the suites holding it
#   release_system    true if it is the system's own QEMU (installed by apt-get)
#
# Adding a release: a case here, a build profile, then
# `bash scripts/generate-schema.sh X.Y` (and, to test on it, src/launch/qemu-build.ts).

bundled_qemu_releases=(7.2 10.0)

qemu_release() {
  local debian=http://deb.debian.org/debian
  case $1 in
    7.2)
      release_debian=1:7.2+dfsg-7+deb12u18
      release_upstream=7.2.22
      release_profile=debian-bookworm-amd64
      release_system=true
      release_sources=(
        "deb-src $debian bookworm main"
        "deb-src $debian bookworm-updates main"
        "deb-src http://deb.debian.org/debian-security bookworm-security main"
      )
      ;;
    10.0)
      release_debian=1:10.0.2+ds-2+deb13u1~bpo12+1
      release_upstream=10.0.2
      release_profile=debian-bookworm-backports-amd64
      release_system=false
      release_sources=(
        "deb $debian bookworm-backports main"
        "deb-src $debian bookworm-backports main"
      )
      ;;
    *)
      printf 'unknown QEMU release %s (known: %s)\n' "$1" "${bundled_qemu_releases[*]}" >&2
      return 1
      ;;
  esac
}
