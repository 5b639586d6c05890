#!/usr/bin/env bash
# `mpirun -np 2 servesim sweep` writes the same sweep.csv, byte for byte, as `servesim sweep -j 1`
# (and as -j 2). Registered by tests/CMakeLists.txt only when servesim is built with MPI.
# Usage: sweep_mpi_test.sh SERVESIM MPIEXEC SOURCE_DIR
set -euo pipefail
servesim=$1
mpiexec=$2
source_dir=$3
# Containers often forbid the cross-memory attach Open MPI uses for large shared-memory messages;
# rows are small, but say so rather than print warnings. Under ASan, Open MPI's own allocations
# at exit are not servesim's leaks.
export OMPI_MCA_btl_vader_single_copy_mechanism=none
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/base.yaml" <<'YAML'
name: tiny
seed: 5
run: {requests: 3000, warmup: 100, replications: 2}
workload: {arrival: {kind: poisson, rate: 700}}
models:
  m: {latency: {dist: exponential, mean: 1}}
pools:
  - {name: p, model: m, instances: 1}
YAML
cat > "$work/sweep.yaml" <<'YAML'
base: base.yaml
grid:
  workload.arrival.rate: [300, 500, 700]
  pools.0.instances: [1, 2, 3]
replications: 3
YAML

"$servesim" sweep "$work/sweep.yaml" -o "$work/threads" -j 1 -q
# Open MPI refuses to start as root without --allow-run-as-root, and more ranks than cores
# without --oversubscribe (CI machines have two cores).
flags=(--oversubscribe)
if [ "$(id -u)" -eq 0 ]; then flags+=(--allow-run-as-root); fi
"$mpiexec" "${flags[@]}" -np 2 "$servesim" sweep "$work/sweep.yaml" -o "$work/mpi" > "$work/mpi.out"
cat "$work/mpi.out"
grep -q "x 2 MPI ranks" "$work/mpi.out" || { echo "FAIL: the run did not use 2 MPI ranks"; exit 1; }
cmp "$work/threads/sweep.csv" "$work/mpi/sweep.csv" || { echo "FAIL: MPI sweep.csv differs from -j 1"; exit 1; }
[ ! -e "$work/mpi/sweep.rows.jsonl" ] || { echo "FAIL: row log left behind"; exit 1; }
# Three ranks, two threads each, and a resume under MPI after a completed run.
"$mpiexec" "${flags[@]}" -np 3 "$servesim" sweep "$work/sweep.yaml" -o "$work/mpi3" -j 2 -q
cmp "$work/threads/sweep.csv" "$work/mpi3/sweep.csv" || { echo "FAIL: -np 3 -j 2 differs"; exit 1; }
echo "PASS: mpirun -np 2 and -np 3 sweep.csv equal the -j 1 sweep.csv ($(wc -l < "$work/mpi/sweep.csv") lines)"
