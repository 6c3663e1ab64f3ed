#!/usr/bin/env bash
# qmon's main job, from a fresh clone: install what is missing, then drive a real QEMU.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node --import tsx examples/quickstart.ts "$@"
