#!/usr/bin/env bash
# Builds everything and runs the whole test suite (C++ unit, statistical and whole-program
# tests, and the Python analysis tests) through CTest. .ci/run calls exactly this.
# Opt-in extras (docs/hardening.md), off by default to keep CI under its 20-minute budget:
#   SERVESIM_CI_ASAN=1       also build the asan preset (ASan + UBSan + debug invariants) and run
#                            the suite under it, without the statistical `system` label
#   SERVESIM_CI_FUZZ=SECONDS also run every libFuzzer harness for SECONDS (tools/fuzz.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/deps.sh --tests
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release -j "$(nproc)"

if [ "${SERVESIM_CI_ASAN:-0}" = "1" ]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan
  # The system label holds the statistical theory checks: millions of simulated requests each,
  # 5-10x slower under ASan, and they test numbers, not memory safety, which the other labels
  # (including whole runs in cli/) already exercise under the sanitizers.
  ctest --preset asan -j "$(nproc)" -LE system
fi
if [ "${SERVESIM_CI_FUZZ:-0}" != "0" ]; then
  FUZZ_JOBS="$(nproc)" ./tools/fuzz.sh "$SERVESIM_CI_FUZZ"
fi
