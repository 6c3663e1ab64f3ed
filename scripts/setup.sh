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
