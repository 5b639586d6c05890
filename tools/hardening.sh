#!/usr/bin/env bash
# The hardening checks (docs/hardening.md) that CI runs after tools/test.sh:
#  1. the asan preset: the whole test suite, statistical tests included, built with ASan + UBSan
#     and without NDEBUG, so the debug invariants are checked on every event of every run;
#  2. every libFuzzer harness of fuzz/ for SERVESIM_FUZZ_SECONDS (default 60) seconds each,
#     as many at a time as there are cores (tools/fuzz.sh).
# SERVESIM_FUZZ_SECONDS=0 leaves the fuzzers out.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${SERVESIM_FUZZ_SECONDS:-60}"
if [ "$seconds" != "0" ]; then ./tools/deps.sh --tests --fuzz; else ./tools/deps.sh --tests; fi

start=$SECONDS
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan -j "$(nproc)"
echo "hardening: asan preset built and passed in $((SECONDS - start)) s; CPU time so far:"
times

if [ "$seconds" != "0" ]; then
  start=$SECONDS
  FUZZ_JOBS="$(nproc)" ./tools/fuzz.sh "$seconds"
  echo "hardening: fuzzers built and ran clean in $((SECONDS - start)) s; CPU time so far:"
  times
fi
