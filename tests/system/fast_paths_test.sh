#!/usr/bin/env bash
# The fast paths change nothing (issue 18): every shipped scenario (scenarios/, sweep files
# excepted, and bench/scenarios/) run with its fast paths and again with `--no-fast-paths`
# (scenario::RunConfig::fast_paths: the engine's source slot and entry reuse, the pools'
# lone-task starts, the frontend's direct path) writes the same summary.json, cdf.csv and
# timeseries.csv, byte for byte. Small runs (--requests 2000, run.warmup=300) keep it to a few
# seconds; the fast paths are taken from the first request on.
# Usage: fast_paths_test.sh SERVESIM SOURCE_DIR
set -euo pipefail
servesim=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$source_dir"

# Calibration files (scenarios/*/calibrate/) are not scenarios; their base scenarios are.
scenarios=$( (find scenarios -name '*.yaml' -not -path 'scenarios/sweeps/*.yaml' \
  -not -path 'scenarios/*/calibrate/*' -o -path 'scenarios/sweeps/base/*.yaml';
  find bench/scenarios -name '*.yaml') | sort -u)
compared=0
failed=0
for scenario in $scenarios; do
  for mode in fast general; do
    flags=()
    [[ $mode == general ]] && flags=(--no-fast-paths)
    "$servesim" run "$scenario" --requests 2000 --set run.warmup=300 --no-timing -q \
      -o "$work/$mode" "${flags[@]}" 2>"$work/$mode.err" ||
      { echo "FAIL: $scenario ($mode) exited with $?:"; cat "$work/$mode.err"; failed=1; continue 2; }
  done
  for file in summary.json cdf.csv timeseries.csv; do
    if ! cmp -s "$work/fast/$file" "$work/general/$file"; then
      echo "FAIL: $scenario: $file differs without the fast paths:"
      diff "$work/fast/$file" "$work/general/$file" | head -20
      failed=1
    fi
  done
  compared=$((compared + 1))
done
echo "$compared scenarios compared"
[[ $compared -ge 30 ]] || { echo "FAIL: expected at least 30 scenarios"; failed=1; }
exit $failed
