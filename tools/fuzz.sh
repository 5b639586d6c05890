#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ with clang (ASan + UBSan + libFuzzer) into a build tree
# (build/fuzz unless FUZZ_BUILD_DIR names another) and runs each for N seconds (default 60),
# seeded from fuzz/corpus/<harness>/. New inputs go to <tree>/corpus/<harness>/, never into the
# committed corpus; findings (crash-*, leak-*, timeout-*) go to <tree>/artifacts/<harness>/ and
# make the script exit 1.
#   tools/fuzz.sh [seconds] [harness ...]        FUZZ_JOBS=2 runs two harnesses at a time.
#   FUZZ_BUILD_DIR=build/asan-fuzz tools/fuzz.sh  uses a tree the asan-fuzz preset configured
#                                                (tools/hardening.sh), instead of configuring one.
# Minimising the committed corpus after a long run:
#   build/fuzz/fuzz/<h> -merge=1 fuzz/corpus/<h>.min fuzz/corpus/<h> build/fuzz/corpus/<h>
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(scenario_fuzz sweep_fuzz trace_fuzz samples_fuzz profile_fuzz accuracy_table_fuzz)
jobs="${FUZZ_JOBS:-1}"
tree="${FUZZ_BUILD_DIR:-build/fuzz}"

if [ -z "${FUZZ_BUILD_DIR:-}" ]; then
  cxx="$(command -v clang++-14 || command -v clang++)"
  # fuzzer-no-link instruments the libraries for coverage; the harnesses add -fsanitize=fuzzer.
  flags="-gline-tables-only -O1 -fno-omit-frame-pointer -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined"
  cmake -S . -B "$tree" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DSERVESIM_FUZZ=ON -DSERVESIM_BUILD_TESTS=OFF -DSERVESIM_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$tree" --target "${harnesses[@]}"

run_one() {
  local name="$1"
  mkdir -p "$tree/corpus/$name" "$tree/artifacts/$name"
  local dict=()
  [ -f "fuzz/${name%_fuzz}.dict" ] && dict=("-dict=fuzz/${name%_fuzz}.dict")
  # -rss_limit_mb: the loaders cap what they read; 2 GB flags runaway growth as a finding.
  if "$tree/fuzz/$name" -max_total_time="$seconds" -max_len=8192 -rss_limit_mb=2048 \
      -timeout=10 -print_final_stats=1 "${dict[@]}" \
      -artifact_prefix="$tree/artifacts/$name/" \
      "$tree/corpus/$name" "fuzz/corpus/$name" >"$tree/$name.log" 2>&1; then
    echo "fuzz: $name: clean, $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$tree/$name.log" | grep -o '[0-9]*$') execs in ${seconds} s"
  else
    echo "fuzz: $name: FINDING, see $tree/$name.log and $tree/artifacts/$name/" >&2
    tail -40 "$tree/$name.log" >&2
    return 1
  fi
}

status=0
running=0
for name in "${harnesses[@]}"; do
  run_one "$name" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
exit "$status"
