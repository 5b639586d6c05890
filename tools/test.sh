#!/usr/bin/env bash
# Builds everything and runs the whole test suite (C++ unit, statistical and whole-program
# tests, and the Python analysis tests) through CTest, in the release preset. This is the
# README's test command. CI (.ci/run) runs it and then tools/hardening.sh: the same suite under
# ASan + UBSan with the debug invariants, and every libFuzzer harness for 30 s.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/deps.sh --tests
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release -j "$(nproc)"
