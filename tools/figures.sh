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
$py analysis/plot_cdf.py "$work/quickstart" -o "$figs/quickstart_cdf.pdf"
$py analysis/plot_cdf.py "$work/quickstart" -o "$figs/quickstart_cdf.png"

# 2. Redundancy schemes on one cluster: latency CDFs of several runs on one log-tail axis.
step "redundancy CDFs"
runs=()
labels=()
for kind in none replicate hedge hedge_percentile; do
  "$SERVESIM" run "scenarios/redundancy/$kind.yaml" -o "$work/redundancy_$kind" -q --no-timing
  runs+=("$work/redundancy_$kind")
  labels+=("$kind")
done
for ext in pdf png; do
  $py analysis/plot_cdf.py "${runs[@]}" --labels "${labels[@]}" --logx \
      -o "$figs/redundancy_cdf.$ext"
done

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
#    Kosaian et al.'s Fig. 9a, as latency CDFs.
step "ParM Fig. 9a CDFs"
"$SERVESIM" run scenarios/parm/fig9a_gpu.yaml -o "$work/parm_fig9a_parity" -q --no-timing
"$SERVESIM" run scenarios/parm/fig9a_gpu.yaml -o "$work/parm_fig9a_equal_resources" -q \
    --no-timing --set redundancy.kind=equal_resources
for ext in pdf png; do
  $py analysis/plot_cdf.py "$work/parm_fig9a_parity" "$work/parm_fig9a_equal_resources" \
      --labels "ParM (k=2)" "Equal-Resources" -o "$figs/parm_fig9a_cdf.$ext"
done

step "wrote $(ls "$figs" | wc -l) files to $figs/"
