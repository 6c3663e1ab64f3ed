#!/usr/bin/env bash
# Runs every benchmark in bench/ against real QEMU; each prints ratios against a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
for bench in bench/*.bench.ts; do
  if [ $# -gt 0 ] && [[ ! " $* " == *" $(basename "$bench" .bench.ts) "* ]]; then continue; fi
  node --import tsx "$bench"
done
