#!/usr/bin/env bash
# Regenerates every figure of docs/figures.md (docs/figures/*.pdf and *.png) from the committed
# scenarios and sweep files: one command, same bytes for the same binary (seeds are fixed,
# sweep.csv is identical for any -j, and the plots carry no creation dates).
#
#   tools/figures.sh              build servesim (release preset) and draw everything
#   SERVESIM=path/to/servesim tools/figures.sh   use an existing binary instead of building
#
# Work files (run folders, sweep.csv) go to out/figures/; the figures to docs/figures/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${SERVESIM:-}" ]; then
  ./tools/deps.sh
  cmake --preset release >/dev/null
  cmake --build --preset release --target servesim
  SERVESIM=build/release/sim/cli/servesim
fi
py=./tools/python.sh
work=out/figures
figs=docs/figures
jobs=$(nproc)
mkdir -p "$work" "$figs"

step() { echo "figures: $*" >&2; }

# 1. The quickstart's latency CDF (README).
step "quickstart CDF"
"$SERVESIM" run scenarios/quickstart.yaml -o "$work/quickstart" -q --no-timing
$py analysis/plot_cdf.py "$work/quickstart" -o "$figs/quickstart_cdf.pdf" \
    -o "$figs/quickstart_cdf.png"

# 2. Redundancy schemes on one cluster: latency CDFs of several runs on one log-tail axis.
step "redundancy CDFs"
runs=()
labels=()
for kind in none replicate hedge hedge_percentile; do
  "$SERVESIM" run "scenarios/redundancy/$kind.yaml" -o "$work/redundancy_$kind" -q --no-timing
  runs+=("$work/redundancy_$kind")
  labels+=("$kind")
done
$py analysis/plot_cdf.py "${runs[@]}" --labels "${labels[@]}" --logx \
    -o "$figs/redundancy_cdf.pdf" -o "$figs/redundancy_cdf.png"

# 3. Tail latency versus load, one line per redundancy scheme (scenarios/sweeps/load.yaml).
step "load sweep"
"$SERVESIM" sweep scenarios/sweeps/load.yaml -o "$work/load" -j "$jobs" -q
$py analysis/plot_sweep.py "$work/load/sweep.csv" --x workload.arrival.rate \
    --y latency_ms.p999 --by redundancy -o "$figs/load_p999.pdf" -o "$figs/load_p999.png"

# 4. Cost versus p99.9 versus accuracy, Pareto front marked (scenarios/sweeps/tradeoff.yaml).
step "trade-off sweep"
"$SERVESIM" sweep scenarios/sweeps/tradeoff.yaml -o "$work/tradeoff" -j "$jobs" -q
$py analysis/plot_tradeoff.py "$work/tradeoff/sweep.csv" --by redundancy.kind \
    -o "$figs/tradeoff.pdf" -o "$figs/tradeoff.png"

# 5. Validation (docs/validation/parm.md): ParM against Equal-Resources in the setting of
#    Kosaian et al.'s Fig. 9a, calibrated on the talk slide's percentiles (servesim calibrate),
#    as latency CDFs of the fitted scenario.
step "ParM Fig. 9a calibration and CDFs"
"$SERVESIM" calibrate scenarios/parm/calibrate/fig9a.yaml -o "$work/parm_calibration" -j "$jobs" -q
"$SERVESIM" run "$work/parm_calibration/scenario.yaml" -o "$work/parm_fig9a_parity" -q --no-timing
"$SERVESIM" run "$work/parm_calibration/scenario.yaml" -o "$work/parm_fig9a_equal_resources" -q \
    --no-timing --set redundancy.kind=equal_resources
$py analysis/plot_cdf.py "$work/parm_fig9a_parity" "$work/parm_fig9a_equal_resources" \
    --labels "ParM (k=2)" "Equal-Resources" -o "$figs/parm_fig9a_cdf.pdf" \
    -o "$figs/parm_fig9a_cdf.png"

# 6. Equal hardware (16 GPUs): p99.9 versus load for none / hedge / replicate / parity k = 2, 3, 4,
#    with 95% CIs; legend names from the sweep's labels, x per GPU by --x-expr.
step "equal-hardware sweep"
"$SERVESIM" sweep scenarios/sweeps/equal_hardware.yaml -o "$work/equal_hardware" -j "$jobs" -q
$py analysis/plot_sweep.py "$work/equal_hardware/sweep.csv" --x-expr workload.arrival.rate/16 \
    --xlabel "requests/s per GPU (16 T4 GPUs)" --y latency_ms.p999 --ylim 2 3000 \
    --width 3.4 --height 2.8 -o "$figs/equal_hardware_p999.pdf" -o "$figs/equal_hardware_p999.png"

# 7. CDFs of sweep points with 95% bands across replications (the same sweep's per-point CDFs).
step "CDF bands"
$py analysis/plot_cdf.py --sweep "$work/equal_hardware/sweep.csv" \
    --where workload.arrival.rate=3000 --exclude label=replicate "label=parity k=3 (12+4)" \
    "label=parity k=4 (12+4)" --logx -o "$figs/equal_hardware_cdf.pdf" \
    -o "$figs/equal_hardware_cdf.png"

# 8. Serverless ensemble: what the bill is made of, by invocation batch (share of the total).
step "serverless cost breakdown"
"$SERVESIM" sweep scenarios/sweeps/serverless_ensemble_batch.yaml -o "$work/serverless_batch" \
    -j "$jobs" -q
$py analysis/plot_cost.py "$work/serverless_batch/sweep.csv" --share \
    --where platform.keep_alive.ttl_s=360 --name ensemble.execution pools.0.batching.max_batch \
    --width 3.4 --height 2.8 -o "$figs/serverless_cost.pdf" -o "$figs/serverless_cost.png"

# 9. Small multiples: the same sweep's p99 against the invocation batch (log x), one panel per
#    keep-alive setting.
step "facets"
$py analysis/plot_sweep.py "$work/serverless_batch/sweep.csv" --x pools.0.batching.max_batch \
    --xlabel "invocation batch" --y latency_ms.p99 --by ensemble.execution --logx --logy \
    --col platform.keep_alive.ttl_s --width 3.4 --height 2.4 \
    -o "$figs/serverless_facets.pdf" -o "$figs/serverless_facets.png"

step "wrote $(ls "$figs" | wc -l) files to $figs/"
