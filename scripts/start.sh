#!/usr/bin/env bash
# qmon's main job, from a fresh clone: install what is missing, then the web
# dashboard with a demo VM (examples/dashboard.ts). `npm run quickstart` runs the
# library tour instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node --import tsx examples/dashboard.ts "$@"
