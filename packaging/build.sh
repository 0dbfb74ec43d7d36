#!/usr/bin/env bash
# Configures and builds Nucleus into ./build (Ninja, ccache).
# Usage: packaging/build.sh [TARGET...]   (default: everything, tests included)
set -euo pipefail
cd "$(dirname "$0")/.."
# Paths relative to the checkout, so that ccache hits across clones in other directories.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
cmake -S . -B build -G Ninja >/dev/null
targets=()
for target in "$@"; do targets+=(--target "$target"); done
cmake --build build -j"$(nproc)" "${targets[@]}"
