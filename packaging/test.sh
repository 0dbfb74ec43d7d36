#!/usr/bin/env bash
# Builds Nucleus and runs every test with ctest (fuzz runs are excluded: see docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/build.sh
ctest --test-dir build --output-on-failure --label-exclude fuzz -j"$(nproc)" "$@"
