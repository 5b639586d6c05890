#!/usr/bin/env bash
# Quick start: install what is missing, build servesim, run the default scenario, print its
# summary and draw its latency CDF (out/quickstart/cdf.png).
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target servesim
./build/release/sim/cli/servesim run scenarios/quickstart.yaml -o out/quickstart
./tools/python.sh analysis/plot_cdf.py out/quickstart -o out/quickstart/cdf.png
echo "latency CDF: out/quickstart/cdf.png"
