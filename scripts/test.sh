#!/usr/bin/env bash
# The one command that runs every test: setup, type-check (tests included), lint,
# then the suites against the system's QEMU 7.2, then the suites that talk to a
# real QEMU or qemu-ga once more against QEMU 10.0 (fetched by the setup).
#
#   bash scripts/test.sh                  everything
#   bash scripts/test.sh FILE...          those files, on every version
#   QMON_TEST_QEMU_VERSIONS=10.0 bash scripts/test.sh FILE...   on one version
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx --no-install tsc --noEmit
npx --no-install tsc -p web/tsconfig.json
npx --no-install biome check --error-on-warnings --reporter=summary . >/dev/null || npx --no-install biome check --error-on-warnings .
npx --no-install tsc -p tsconfig.build.json
node scripts/bundle-cli.mjs
# The browser tests load the dashboard the daemon serves from dist/web.
npx --no-install vite build -c web/vite.config.ts

# What every version runs: the suites where the QEMU version shows (QMP, the
# agent, HMP, the launcher, the CLI, the demo guest, the daemon's consoles
# (VNC passwords, screendump as PNG), the schema against the binary). Unit tests, and the multiplexer's load and fault suites, whose
# subject is qmon itself, run on 7.2 only.
version_suites=(
  test/cli
  test/daemon/console-streams.test.ts
  test/fleet/migration-tls.test.ts
  test/guest
  test/hmp/hmp-console.test.ts
  test/launch/demo-guest-vm.test.ts
  test/launch/devices.test.ts
  test/launch/lifecycle.test.ts
  test/mux/events.test.ts
  test/mux/protocol.test.ts
  test/qga/client.test.ts
  test/qga/exec.test.ts
  test/qga/faults.test.ts
  test/qga/file-copy.test.ts
  test/qga/guest.test.ts
  test/qmp/connect.test.ts
  test/qmp/events.test.ts
  test/qmp/execute.test.ts
  test/qmp/schema-check.test.ts
  test/qmp/typed-api.test.ts
  test/replay
  test/schema/real-qemu-schema.test.ts
)

mapfile -t all_files < <(find test -name '*.test.ts' | sort)
mapfile -t again_files < <(find "${version_suites[@]}" -name '*.test.ts' | sort)
if [ $# -gt 0 ]; then all_files=("$@"); again_files=("$@"); fi

run_suites() {
  local version=$1
  shift
  printf '\n# QEMU %s: %d test files\n' "$version" "$#"
  QMON_QEMU=$version node --import tsx --test --test-concurrency=2 --test-timeout=300000 "$@"
}

versions=${QMON_TEST_QEMU_VERSIONS:-7.2 10.0}
status=0
for version in $versions; do
  if [ "$version" = 7.2 ]; then files=("${all_files[@]}"); else files=("${again_files[@]}"); fi
  run_suites "$version" "${files[@]}" || status=1
done
exit $status
