#!/usr/bin/env bash
# The one command that runs every test: setup, type-check (tests included), lint, then the suites.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx --no-install tsc --noEmit
npx --no-install biome check --error-on-warnings --reporter=summary . >/dev/null || npx --no-install biome check --error-on-warnings .
mapfile -t files < <(find test -name '*.test.ts' | sort)
if [ $# -gt 0 ]; then files=("$@"); fi
npx --no-install tsc -p tsconfig.build.json
exec node --import tsx --test --test-concurrency=2 --test-timeout=300000 "${files[@]}"
