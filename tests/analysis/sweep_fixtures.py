"""Shared by the sweep plotting tests: synthetic sweep.csv files with known values, and a small
real sweep run through the servesim binary (SERVESIM_BINARY, set by CTest) when it exists."""

import csv
import os
import shutil
import subprocess

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ANALYSIS = os.path.join(REPO_ROOT, "analysis")


def write_sweep(path, keys, points, figures, replications=2):
    """Writes a sweep.csv: `points` is a list of (values tuple, {figure: (mean, half)}); each
    replication row holds mean -/+ half (so their mean is the mean row), then mean and ci95.
    A text figure is (text, anything): the same text in every row, an empty ci95 cell."""
    def cell(stat, rep):
        if stat is None:
            return ""
        mean, half = stat
        if isinstance(mean, str):
            return "" if rep == "ci95" else mean
        if rep == "mean":
            return repr(mean)
        if rep == "ci95":
            return repr(half)
        return repr(mean + (-half if rep % 2 == 0 else half))

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(list(keys) + ["replication"] + list(figures))
        for values, stats in points:
            for rep in list(range(replications)) + ["mean", "ci95"]:
                writer.writerow(list(values) + [rep] + [cell(stats.get(f), rep) for f in figures])


def servesim_binary():
    """The servesim binary to run, or None (the real-sweep tests are then skipped)."""
    candidates = [os.environ.get("SERVESIM_BINARY"),
                  os.path.join(REPO_ROOT, "build", "release", "sim", "cli", "servesim")]
    for path in candidates:
        if path and os.access(path, os.X_OK):
            return path
    return shutil.which("servesim")


TINY_BASE = """name: tiny
seed: 3
run: {requests: 3000, warmup: 300, replications: 2}
workload: {arrival: {kind: poisson, rate: 500}}
models:
  m: {latency: {dist: exponential, mean: 1}, accuracy: 0.9}
pools:
  - {name: p, model: m, instances: 1}
platform: {kind: servers, usd_per_instance_hour: 1}
"""

TINY_SWEEP = """name: tiny
base: base.yaml
grid:
  workload.arrival.rate: [200, 400, 600]
  pools.0.instances: [1, 2]
replications: 3
"""


def run_tiny_sweep(directory):
    """Runs a 6-point sweep into directory/out and returns the sweep.csv path."""
    with open(os.path.join(directory, "base.yaml"), "w", encoding="utf-8") as handle:
        handle.write(TINY_BASE)
    with open(os.path.join(directory, "sweep.yaml"), "w", encoding="utf-8") as handle:
        handle.write(TINY_SWEEP)
    out = os.path.join(directory, "out")
    subprocess.run([servesim_binary(), "sweep", os.path.join(directory, "sweep.yaml"), "-o", out,
                    "-q", "-j", "2"], check=True, timeout=120)
    return os.path.join(out, "sweep.csv")
