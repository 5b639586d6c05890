#!/usr/bin/env bash
# The hardening checks (docs/hardening.md) that CI runs after tools/test.sh:
#  1. the whole test suite, statistical tests included, built with ASan + UBSan and without
#     NDEBUG, so the debug invariants are checked on every event of every run;
#  2. every libFuzzer harness of fuzz/ for SERVESIM_FUZZ_SECONDS (default 30) seconds each,
#     as many at a time as there are cores (tools/fuzz.sh).
# Both come from one build: the asan-fuzz preset is the asan preset plus the edge counters
# libFuzzer needs (not its comparison tracing, which made the suite half as slow again), so
# sim/ is compiled with sanitizers once, not twice. Long fuzz runs use tools/fuzz.sh's own build,
# fully instrumented.
# SERVESIM_FUZZ_SECONDS=0 leaves the fuzzers out and builds the plain asan preset.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${SERVESIM_FUZZ_SECONDS:-30}"
if [ "$seconds" != "0" ]; then
  ./tools/deps.sh --tests --fuzz
  preset=asan-fuzz
else
  ./tools/deps.sh --tests
  preset=asan
fi

start=$SECONDS
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" -j "$(nproc)"
echo "hardening: $preset preset built and passed in $((SECONDS - start)) s; CPU time so far:"
times

if [ "$seconds" != "0" ]; then
  start=$SECONDS
  FUZZ_BUILD_DIR="build/$preset" FUZZ_JOBS="$(nproc)" ./tools/fuzz.sh "$seconds"
  echo "hardening: fuzzers ran clean in $((SECONDS - start)) s; CPU time so far:"
  times
fi
