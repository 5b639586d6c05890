#!/usr/bin/env bash
# Builds everything and runs the whole test suite (C++ unit, statistical and whole-program
# tests, and the Python analysis tests) through CTest. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release -j "$(nproc)"
