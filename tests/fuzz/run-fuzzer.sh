#!/usr/bin/env bash
# Builds one libFuzzer target with clang and runs it for a while.
# Usage: run-fuzzer.sh NAME SECONDS SOURCE_DIR FUZZ_BUILD_DIR
# Exits 77 (ctest: skipped) with the reason when clang's libFuzzer is not installed.
set -euo pipefail
name=$1 seconds=$2 source=$3 build=$4
if ! command -v clang++ >/dev/null; then
  echo "SKIP: clang++ is not installed (packaging/install-deps.sh --fuzz installs it)"; exit 77
fi
if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }' |
    clang++ -x c++ -fsanitize=fuzzer - -o /dev/null 2>/dev/null; then
  echo "SKIP: clang cannot link -fsanitize=fuzzer (packaging/install-deps.sh --fuzz installs libclang-rt)"; exit 77
fi
cmake -S "$source" -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DNUCLEUS_FUZZ=ON -DNUCLEUS_TESTS=OFF -DNUCLEUS_BENCH=OFF >/dev/null
ninja -C "$build" "fuzz_$name"
corpus="$build/corpus-$name"
mkdir -p "$corpus"
cp -n "$source/tests/fuzz/seeds/$name/"* "$corpus/" 2>/dev/null || true
"$build/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 "$corpus"
