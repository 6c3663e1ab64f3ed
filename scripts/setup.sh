#!/usr/bin/env bash
# Installs what qmon needs on a Debian machine: QEMU and friends through apt-get,
# and the npm dependencies. Idempotent and quiet when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'qmon setup: %s\n' "$*" >&2; }

missing=()
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
command -v qemu-img >/dev/null || missing+=(qemu-utils)
[ -x /usr/bin/qemu-ga ] || command -v qemu-ga >/dev/null || missing+=(qemu-guest-agent)
# The CLI benchmark compares qmon with socat doing the same exchange.
command -v socat >/dev/null || missing+=(socat)
# The fd-passing addon is compiled at install time.
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
command -v python3 >/dev/null || missing+=(python3)
# qmon serve makes a self-signed TLS certificate with openssl when bound beyond loopback.
command -v openssl >/dev/null || missing+=(openssl)
# A fleet of daemons (qmon serve --fleet) joins through NATS JetStream; its tests run
# three nats-server processes on loopback.
command -v nats-server >/dev/null || missing+=(nats-server)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    say "missing Debian packages: ${missing[*]}"
    say "install them as root:  apt-get install ${missing[*]}"
    exit 1
  fi
  say "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >/dev/null || say "apt-get update failed; trying the install anyway"
  if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    say "apt-get could not install ${missing[*]}; install them by hand and run this again"
    exit 1
  fi
fi

# The unprivileged user QEMU runs as when qmon runs as root (see docs/confinement.md).
if [ "$(id -u)" -eq 0 ] && ! getent passwd qmon-qemu >/dev/null; then
  say "creating the system user qmon-qemu"
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin --comment "qmon QEMU processes" qmon-qemu
  if getent group kvm >/dev/null; then usermod -a -G kvm qmon-qemu; fi
fi

# libvirt targets: the monolithic libvirtd with its QEMU driver, and virsh (tests and the
# benchmark start their own libvirtd; see docs/libvirt.md). No systemd needed.
if ! command -v libvirtd >/dev/null || ! command -v virsh >/dev/null || [ ! -e /usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so ]; then
  if [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; then
    as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo -n)
    say "installing libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get install -y -qq --no-install-recommends libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients >/dev/null \
      || say "apt-get could not install libvirt; libvirt targets and their tests are unavailable"
  else
    say "libvirt is missing (apt-get install --no-install-recommends libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients)"
  fi
fi
# libvirtd refuses to start unless the user its qemu.conf defaults to exists.
if command -v libvirtd >/dev/null && ! getent passwd libvirt-qemu >/dev/null && [ "$(id -u)" -eq 0 ]; then
  say "creating the libvirt-qemu system user"
  useradd --system --no-create-home --home-dir /var/lib/libvirt --shell /usr/sbin/nologin libvirt-qemu
fi

# libvirtd (system mode, no systemd) reads /etc/libvirt/qemu.conf, which has no private
# location. Write it only when the file does not exist (no libvirt configuration of the
# machine's own); an existing one is never changed. docs/libvirt.md lists the settings.
qemu_conf=/etc/libvirt/qemu.conf
if command -v libvirtd >/dev/null && [ ! -e "$qemu_conf" ] && [ "$(id -u)" -eq 0 ]; then
  say "writing $qemu_conf for libvirtd without systemd (QEMU as root, logs to files)"
  tmp=$(mktemp "$qemu_conf.XXXXXX")
  cat >"$tmp" <<'CONF'
# Written by qmon's scripts/setup.sh: libvirtd without systemd, as its tests run it.
# qemu:///system domains run QEMU as root with stdio logged to files (no virtlogd),
# without cgroups or mount namespaces (containers). Edit freely: setup never rewrites it.
stdio_handler = "file"
user = "root"
group = "root"
dynamic_ownership = 0
cgroup_controllers = [ ]
namespaces = [ ]
CONF
  chmod 0644 "$tmp" && sync "$tmp" && mv "$tmp" "$qemu_conf"
fi

# The dashboard's tests and benchmark drive Debian's Chromium through playwright-core
# (nothing is downloaded by npm). Optional: without it only those tests cannot run.
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; then
    as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo -n)
    say "installing chromium with apt-get (for the dashboard's browser tests)"
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
      || { "${as_root[@]}" apt-get update -qq >/dev/null 2>&1 || true
           "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
      || say "apt-get could not install chromium; the dashboard's browser tests will fail until 'apt-get install chromium' works (or set QMON_CHROMIUM to a Chromium binary)"
  else
    say "chromium is missing: as root run 'apt-get install --no-install-recommends chromium' (or set QMON_CHROMIUM to a Chromium binary) for the dashboard's browser tests"
  fi
fi

command -v node >/dev/null || { say "Node.js 20 or newer is required (apt-get install nodejs npm)"; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { say "Node.js 20 or newer is required; this is $(node --version)"; exit 1; }

# Reinstall when the lockfile changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  npm ci --no-fund --no-audit --loglevel=error >/dev/null
fi
[ -f build/Release/fd_passing.node ] || npm rebuild --loglevel=error >/dev/null 2>&1 || true
[ -f dist/index.js ] || npx --no-install tsc -p tsconfig.build.json
[ -f dist/web/index.html ] || npx --no-install vite build -c web/vite.config.ts

# QEMU 10.0 beside the system's 7.2, for the tests and benchmarks on both: the
# pinned packages from bookworm-backports, fetched through private apt lists and
# unpacked (not installed) into the cache. Nothing of the system's apt changes.
fetch_qemu_release() {
  local version=$1
  # shellcheck source=lib/qemu-releases.sh
  source scripts/lib/qemu-releases.sh
  # shellcheck source=lib/private-apt.sh
  source scripts/lib/private-apt.sh
  qemu_release "$version"
  # As root, QEMU runs as qmon-qemu, which cannot reach root's 0700 home.
  local cache=${QMON_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/qmon}
  [ -n "${QMON_CACHE_DIR:-}" ] || [ "$(id -u)" -ne 0 ] || cache=/var/cache/qmon
  local root=$cache/qemu-$release_upstream
  if [ "$(cat "$root/.debian-version" 2>/dev/null)" = "$release_debian" ]; then return 0; fi
  say "fetching QEMU $release_upstream ($release_debian) into $root"
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
    { say "apt-get and dpkg-deb are needed to fetch QEMU $release_upstream"; exit 1; }
  local work
  mkdir -p "$cache"
  chmod a+rx "$cache"
  work=$(mktemp -d "$cache/.qemu-$release_upstream.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT
  private_apt_init "$work/apt" "${release_sources[@]}" ||
    { say "could not read the package lists of ${release_sources[*]}"; exit 1; }
  local packages=() name
  for name in qemu-system-x86 qemu-system-common qemu-system-data qemu-utils qemu-guest-agent; do
    packages+=("$name=$release_debian")
  done
  # 10.0's BIOS wants the newer seabios of the same suite.
  packages+=(seabios/bookworm-backports)
  mkdir -p "$work/debs" "$work/root"
  (cd "$work/debs" && private_apt "$work/apt" download -qq "${packages[@]}") ||
    { say "could not download ${packages[*]}; QEMU $release_upstream is required for the tests"; exit 1; }
  local deb
  for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
  "$work/root/usr/bin/qemu-system-x86_64" --version >/dev/null ||
    { say "the unpacked QEMU $release_upstream does not run (missing libraries? ldd $work/root/usr/bin/qemu-system-x86_64)"; exit 1; }
  printf '%s\n' "$release_debian" >"$work/root/.debian-version"
  rm -rf "$root"
  mv "$work/root" "$root"
  rm -rf "$work"
  trap - EXIT
}
fetch_qemu_release 10.0
