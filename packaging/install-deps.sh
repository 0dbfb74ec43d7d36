#!/usr/bin/env bash
# Installs the Debian 12 packages Nucleus builds and tests with. Idempotent and non-interactive:
# packages already present are skipped, and `apt-get update` runs at most once.
#
# Usage: packaging/install-deps.sh [--bench] [--fuzz]
#   --bench  also the benchmark drivers (wrk, nginx) used by tests/bench/run.sh
#   --fuzz   also clang's libFuzzer runtime, for NUCLEUS_FUZZ=ON builds
set -euo pipefail

packages=(
  # Toolchain and build.
  build-essential cmake ninja-build ccache pkg-config git ca-certificates curl
  # Kernel libraries: Boost (Asio, Beast, DLL), JSON, protobuf, TLS, logging.
  libboost-dev nlohmann-json3-dev libprotobuf-dev protobuf-compiler libssl-dev openssl
  libspdlog-dev
  # Tests: doctest, and python3-protobuf for the wire-compatibility check.
  doctest-dev python3 python3-protobuf
)

for arg in "$@"; do
  case "$arg" in
    --bench) packages+=(wrk nginx-light) ;;
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    *) echo "install-deps.sh: unknown option '$arg' (known: --bench, --fuzz)" >&2; exit 1 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps.sh: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps.sh: run as root (or install sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps.sh: installing ${missing[*]}"
$sudo apt-get update -qq
# policy-rc.d keeps package scripts (nginx) from starting services on a build machine.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
