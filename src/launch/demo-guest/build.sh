#!/usr/bin/env bash
# Builds qmon's tiny demo guest from Debian's packages: a cloud kernel and an
# initramfs holding busybox, the real qemu-ga and its libraries, and the virtio
# modules. Nothing is installed on the host: packages are fetched with
# `apt-get download` and unpacked with `dpkg-deb -x`.
#
#   build.sh OUTDIR   writes OUTDIR/{vmlinuz,initrd.img,cmdline,key,manifest.txt}
#   build.sh --key    prints the cache key (this script + the package versions)
#
# Progress goes to stderr, one line per step, prefixed "demo-guest:".
set -euo pipefail

say() { printf 'demo-guest: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Modules in load order (the cloud kernel builds virtio as modules; ext4 is built in).
MODULES=(virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci
  virtio_console virtio_blk failover net_failover virtio_net)
CMDLINE='console=ttyS0 quiet panic=-1 tsc=reliable no_timer_check i8042.noaux i8042.nomux i8042.nopnp cryptomgr.notests random.trust_cpu=on'
TOP_PACKAGES=(linux-image-cloud-amd64 busybox-static qemu-guest-agent)
ARCH_LIB=lib/x86_64-linux-gnu

self=$(readlink -f "${BASH_SOURCE[0]}")

# One line per package: "name version dep..." for the candidate version, with the
# first alternative of each Depends/Pre-Depends entry. Packages apt does not know
# are left out.
pkginfo() {
  apt-cache show --no-all-versions "$@" 2>/dev/null | awk '
    /^Package:/ { p = $2 } /^Version:/ { v = $2 }
    /^(Pre-)?Depends:/ { sub(/^[^:]*: /, ""); d = d "," $0 }
    /^$/ { if (p != "") { n = split(d, a, ","); l = p " " v
             for (i = 1; i <= n; i++) { sub(/\|.*/, "", a[i]); sub(/\(.*/, "", a[i]); sub(/:any/, "", a[i])
               gsub(/[ \t]/, "", a[i]); if (a[i] != "") l = l " " a[i] }
             print l }
           p = ""; v = ""; d = "" }' || true
}

cache_key() {
  { cat "$self"; pkginfo "${TOP_PACKAGES[@]}" | cut -d' ' -f1,2; } | sha256sum | cut -c1-16
}

if [ "${1:-}" = --key ]; then
  cache_key
  exit 0
fi
[ $# -eq 1 ] || die "usage: build.sh OUTDIR | build.sh --key"

for tool in apt-get apt-cache dpkg-deb gzip sha256sum find sort touch; do
  command -v "$tool" >/dev/null || die "'$tool' is missing: the demo guest is built from Debian packages on a Debian-like host"
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    die "'$*' needs root; run it as root once, then build again"
  fi
}

# apt-get download needs the package lists; fetch them once when they are missing.
if [ -z "$(pkginfo linux-image-cloud-amd64)" ]; then
  say "apt has no package lists; running apt-get update"
  as_root apt-get update -qq >&2 || die "apt-get update failed"
  [ -n "$(pkginfo linux-image-cloud-amd64)" ] || die "apt knows no linux-image-cloud-amd64 (is this Debian with 'main' enabled?)"
fi

out=$(mkdir -p "$1" && cd "$1" && pwd)
work=$(mktemp -d "$out/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 143' TERM INT
debs=$work/debs x=$work/x root=$work/root
mkdir -p "$debs" "$x" "$root"

# The packages: the kernel metapackage and the versioned kernel it depends on,
# busybox, the agent, and the closure of the agent's library dependencies.
declare -A version=()
pinned=() frontier=("${TOP_PACKAGES[@]}") kernel_pkg=''
while [ ${#frontier[@]} -gt 0 ]; do
  next=()
  while read -r name ver deps; do
    [ -z "${version[$name]:-}" ] || continue
    version[$name]=$ver
    pinned+=("$name=$ver")
    for d in $deps; do
      case $name:$d in
        linux-image-cloud-amd64:linux-image-*) kernel_pkg=$d next+=("$d") ;;
        linux-image-* | busybox-static:*) ;;
        *:lib*) [ -n "${version[$d]:-}" ] || next+=("$d") ;;
      esac
    done
  done < <(pkginfo "${frontier[@]}")
  frontier=("${next[@]}")
done
for p in "${TOP_PACKAGES[@]}"; do [ -n "${version[$p]:-}" ] || die "apt knows no package $p"; done
[ -n "$kernel_pkg" ] && [ -n "${version[$kernel_pkg]:-}" ] || die "cannot find the kernel package that linux-image-cloud-amd64 depends on"
boot_pkgs=() agent_pkgs=()
for p in "${pinned[@]}"; do
  case $p in linux-image-* | busybox-static=*) boot_pkgs+=("$p") ;; *) agent_pkgs+=("$p") ;; esac
done
say "downloading ${#pinned[@]} packages"
(cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "${boot_pkgs[@]}" >&2) ||
  die "apt-get download of the kernel and busybox failed"
agent_root=$x
if ! (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "${agent_pkgs[@]}" >&2); then
  [ -x /usr/sbin/qemu-ga ] || die "apt-get download of qemu-guest-agent failed and the host has no qemu-ga"
  say "warning: could not download qemu-guest-agent; using the host's /usr/sbin/qemu-ga and libraries"
  agent_root=/
fi
for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$x"; done

bb=$x/bin/busybox
[ -x "$bb" ] || die "busybox-static has no /bin/busybox"
kver=${kernel_pkg#linux-image-}
[ -f "$x/boot/vmlinuz-$kver" ] || die "no /boot/vmlinuz-$kver in $kernel_pkg"

# --- the tree -------------------------------------------------------------
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,run,tmp,mnt/data,root,home/demo,lib/modules,lib64,"$ARCH_LIB",var}
ln -s ../run "$root/var/run"
ln -s /proc/self/mounts "$root/etc/mtab"
chmod 1777 "$root/tmp"
cp "$bb" "$root/bin/busybox"
for applet in $("$bb" --list-full); do
  [ -e "$root/$applet" ] || [ -L "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done

# Modules, flat, decompressed when the kernel ships them compressed.
moddir=$x/lib/modules/$kver
for m in "${MODULES[@]}"; do
  f=$(find "$moddir" -name "$m.ko*" | head -n1)
  [ -n "$f" ] || die "module $m not found in $kernel_pkg"
  case $f in
    *.ko) cp "$f" "$root/lib/modules/$m.ko" ;;
    *.ko.xz) "$bb" xz -dc "$f" >"$root/lib/modules/$m.ko" ;;
    *.ko.gz) gzip -dc "$f" >"$root/lib/modules/$m.ko" ;;
    *.ko.zst) zstd -qdc "$f" >"$root/lib/modules/$m.ko" ;;
    *) die "unknown module format: $f" ;;
  esac
done
printf '%s\n' "${MODULES[@]}" >"$root/lib/modules/order"

# qemu-ga and the libraries its own dynamic loader resolves inside the unpacked tree.
cp "$agent_root/usr/sbin/qemu-ga" "$root/usr/sbin/qemu-ga"
ldso=$agent_root/$ARCH_LIB/ld-linux-x86-64.so.2
[ -x "$ldso" ] || die "no dynamic loader at $ldso"
cp -L "$ldso" "$root/lib64/ld-linux-x86-64.so.2"
libs=$("$ldso" --inhibit-cache --library-path "$agent_root/$ARCH_LIB:$agent_root/usr/$ARCH_LIB" \
  --list "$agent_root/usr/sbin/qemu-ga") || die "cannot list qemu-ga's libraries: $libs"
while read -r name arrow path _; do
  [ "$arrow" = '=>' ] || continue
  case $name in /*) continue ;; esac
  [ "$path" != 'not' ] || die "qemu-ga needs $name, which no downloaded package provides"
  case $path in "$agent_root"/*) ;; *) say "warning: $name comes from the host ($path)" ;; esac
  cp -L "$path" "$root/$ARCH_LIB/$name"
done <<<"$libs"

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
demo:x:1000:1000:qmon demo user:/home/demo:/bin/sh
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
demo:x:1000:
EOF
cat >"$root/etc/shadow" <<'EOF'
root:*:19700:0:99999:7:::
demo:*:19700:0:99999:7:::
EOF
chmod 600 "$root/etc/shadow"
chmod 700 "$root/root"
cat >"$root/etc/os-release" <<'EOF'
NAME="qmon demo guest"
ID=qmon-demo
ID_LIKE=debian
PRETTY_NAME="qmon demo guest (Debian 12 kernel, busybox, qemu-ga)"
VERSION_ID=1
EOF
echo qmon-guest >"$root/etc/hostname"
echo 'nameserver 10.0.2.3' >"$root/etc/resolv.conf"

rm -f "$root/sbin/shutdown" "$root/usr/sbin/chpasswd" # never write through an applet link
# qemu-ga runs `/sbin/shutdown -h -P +0 "hypervisor initiated shutdown"` (-r: reboot,
# -H: halt) and waits for it: answer at once, act a moment later.
cat >"$root/sbin/shutdown" <<'EOF'
#!/bin/sh
action=poweroff
for arg in "$@"; do
  case $arg in -r | --reboot) action=reboot ;; -H | --halt) action=halt ;; esac
done
echo "qmon-guest: $action requested" >/dev/console
sync
(sleep 0.2; "$action" -f) </dev/null >/dev/null 2>&1 &
exit 0
EOF

# guest-set-user-password pipes "user:password" lines to chpasswd (-e: already crypted).
cat >"$root/usr/sbin/chpasswd" <<'EOF'
#!/bin/sh
crypted=0
for arg in "$@"; do case $arg in -e | --encrypted) crypted=1 ;; esac; done
while IFS= read -r line; do
  user=${line%%:*} pass=${line#*:}
  grep -q "^$user:" /etc/shadow || { echo "chpasswd: unknown user '$user'" >&2; exit 1; }
  if [ "$crypted" = 0 ]; then
    pass=$(printf '%s\n' "$pass" | mkpasswd -m sha512 -P 0) || exit 1
  fi
  awk -F: -v OFS=: -v u="$user" -v p="$pass" '$1 == u { $2 = p } { print }' /etc/shadow >/etc/shadow.new &&
    mv /etc/shadow.new /etc/shadow || exit 1
done
EOF

cat >"$root/init" <<'EOF'
#!/bin/sh
# PID 1 of qmon's demo guest: set up the devices, then keep qemu-ga running forever.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
say() { echo "qmon-guest: $* (uptime $(cut -d' ' -f1 /proc/uptime)s)"; }
say "init started"
hostname -F /etc/hostname

for m in $(cat /lib/modules/order); do
  insmod "/lib/modules/$m.ko" || say "insmod $m failed"
done

# No udev: link the agent's port by its name, which the host sends shortly after probing.
port=/dev/virtio-ports/org.qemu.guest_agent.0
i=0
while [ ! -e "$port" ] && [ $i -lt 250 ]; do
  for f in /sys/class/virtio-ports/*/name; do
    [ -r "$f" ] && [ "$(cat "$f")" = org.qemu.guest_agent.0 ] || continue
    d=${f%/name}
    mkdir -p /dev/virtio-ports
    ln -sf "../${d##*/}" "$port"
  done
  [ -e "$port" ] || { usleep 20000; i=$((i + 1)); }
done

if [ -b /dev/vda ]; then
  mkdir -p /mnt/data
  mount -t ext4 /dev/vda /mnt/data && say "mounted /dev/vda on /mnt/data" || say "could not mount /dev/vda"
fi

ip link set lo up
if [ -e /sys/class/net/eth0 ]; then
  ip link set eth0 up
  ip addr add 10.0.2.15/24 dev eth0
  ip route add default via 10.0.2.2
fi

# Logged-in users for guest-get-users: glibc utmp records (384 bytes each).
le32() {
  printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"
}
pad() { printf '%s' "$1"; head -c $(($2 - ${#1})) /dev/zero; }
utmp_login() {
  { le32 7; le32 $$; pad "$2" 32; pad "$3" 4; pad "$1" 32; pad '' 256; le32 0; le32 0
    le32 "$(date +%s)"; le32 0; pad '' 36; } >>/run/utmp
}
utmp_login root console c0
utmp_login demo ttyS0 S0

mkdir -p /run/qemu-ga
if [ ! -e "$port" ]; then
  say "no virtio port named org.qemu.guest_agent.0; idling"
  while :; do sleep 3600; done
fi
while :; do
  say "agent starting"
  qemu-ga -m virtio-serial -p "$port" -t /run/qemu-ga -f /run/qemu-ga.pid
  say "agent exited with status $?; restarting"
  sleep 1
done
EOF
chmod 755 "$root/init" "$root/sbin/shutdown" "$root/usr/sbin/chpasswd"

# --- the artefacts --------------------------------------------------------
say "packing the initramfs"
find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . | LC_ALL=C sort | "$bb" cpio -o -H newc -R 0:0 --renumber-inodes --ignore-devno 2>/dev/null) |
  gzip -9n >"$work/initrd.img"
cp "$x/boot/vmlinuz-$kver" "$work/vmlinuz"
printf '%s\n' "$CMDLINE" >"$work/cmdline"
{
  for p in "${pinned[@]}"; do printf '%s\n' "$p"; done
  [ "$agent_root" = "$x" ] || printf 'qemu-ga from the host\n'
} >"$work/manifest.txt"
cache_key >"$work/key"
mv "$work/vmlinuz" "$work/initrd.img" "$work/cmdline" "$work/manifest.txt" "$work/key" "$out/"
say "built $(cat "$out/key"): initrd $(($(stat -c %s "$out/initrd.img") / 1024)) KiB, kernel $kver"
