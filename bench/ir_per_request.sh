#!/usr/bin/env bash
# Marginal instructions per request (docs/performance.md, "Ir / request"): callgrind's Ir count of
# a run of 300 000 requests minus that of a run of 100 000, divided by 200 000, so start-up and
# summary costs cancel. Prints the figure for servesim on a scenario, and with --bare also for
# the bare M/M/10 loop and the ratio bare / servesim (the performance goal is >= 0.8).
#
# usage: bench/ir_per_request.sh [--build DIR] [--bare] [--keep DIR] [--set K=V]... [SCENARIO.yaml]
#   --build DIR  the release build folder (default build/release)
#   --bare       also count the bare loop (bench/bare_mmc) and print the ratio
#   --keep DIR   keep the callgrind output files there (callgrind_annotate them for per-function
#                costs; a build with -g gives per-line costs)
#   --set K=V    passed on to servesim run (repeatable), e.g. --set pools.0.instances=1000
#   SCENARIO     default scenarios/theory/mmc_rho09.yaml
# Needs valgrind (apt-get install valgrind). Runs with --no-timing into a temporary folder.
set -euo pipefail

build=build/release
bare=0
keep=""
sets=()
scenario=scenarios/theory/mmc_rho09.yaml
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --bare) bare=1; shift ;;
    --keep) keep="$2"; shift 2 ;;
    --set) sets+=(--set "$2"); shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "ir_per_request.sh: unknown option $1" >&2; exit 2 ;;
    *) scenario="$1"; shift ;;
  esac
done
command -v valgrind >/dev/null || { echo "ir_per_request.sh: needs valgrind" >&2; exit 2; }
[[ -x "$build/sim/cli/servesim" ]] || { echo "ir_per_request.sh: no $build/sim/cli/servesim" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out_dir="${keep:-$work}"
mkdir -p "$out_dir"

# Ir of one command, its callgrind file kept as $out_dir/$1.out.
count_ir() {
  local label="$1"; shift
  valgrind --tool=callgrind --callgrind-out-file="$out_dir/$label.out" "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

marginal() {  # label, then the command with NNN for the request count
  local label="$1"; shift
  local low high
  low=$(count_ir "$label.100000" "${@//NNN/100000}")
  high=$(count_ir "$label.300000" "${@//NNN/300000}")
  awk -v a="$low" -v b="$high" 'BEGIN { printf "%.1f\n", (b - a) / 200000 }'
}

servesim_ir=$(marginal servesim "$build/sim/cli/servesim" run "$scenario" --requests NNN \
  "${sets[@]}" --no-timing -q -o "$work/run")
echo "servesim $scenario: $servesim_ir Ir/request"
if [[ $bare == 1 ]]; then
  bare_ir=$(marginal bare "$build/bench/bare_mmc" NNN)
  echo "bare M/M/10 loop: $bare_ir Ir/request"
  awk -v s="$servesim_ir" -v b="$bare_ir" 'BEGIN { printf "ratio bare/servesim: %.3f\n", b / s }'
fi
