#!/usr/bin/env bash
# Configures and builds Nucleus into ./build (Ninja, ccache). Extra arguments go to CMake's
# configure step, e.g. packaging/build.sh -DNUCLEUS_BENCH=OFF.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja "$@" >/dev/null
cmake --build build -j"$(nproc)"
