#!/usr/bin/env python3
"""Measure torchvision ResNet-18 inference latency on this machine's CPU, per batch size.

What is timed: one forward pass `model(x)` of torchvision's resnet18 (random, untrained weights;
eval mode; inside torch.no_grad) on a float32 input of shape (batch, 3, 224, 224) that is already
in memory. Pre-processing (JPEG decode, resize) and any serving framework are NOT included. The
clock is time.perf_counter_ns() around the call. torch.set_num_threads(N) with N = the CPUs this
process may run on (default), as the ParM CPU workers ran one model per machine.

The batch sizes are measured round-robin (one repetition of each batch size per round), so slow
drift of the machine (frequency, neighbours on the host) affects every batch size alike instead of
biasing whichever ran last. Warm-up repetitions per batch size run first and are discarded.
Rounds run in chunks (--chunk-rounds); a chunk during which other processes on this machine used
more than --max-other-cpu of its CPU time (from /proc/stat) is discarded and repeated, because the
profile should describe an undisturbed machine (interference is a scenario's `interference`
section). Only kept chunks are written; the count of discarded chunks is printed.

Outputs, in --out-dir (default models/measurements):
  resnet18_cpu_<host>.csv   header `batch,latency_ms`, one row per timed repetition, in the order
                            they ran
  resnet18_cpu_b<N>.csv     header `latency_ms`, the samples of batch size N (same order)
and, with --profiles-dir (default models/profiles):
  resnet18_cpu.yaml            per batch size {dist: lognormal, median, p99}: the lognormal whose
                               median and 99th percentile equal the samples' (linear-interpolation
                               percentiles); status measured
  resnet18_cpu_empirical.yaml  per batch size {dist: empirical, file: models/measurements/...b<N>.csv}
A description of the machine (CPU model, cores, torch version) is printed; copy it into
models/measurements/README.md.

Needs Debian's python3-torch and python3-torchvision:
  apt-get install -y python3-torch python3-torchvision
  /usr/bin/python3 models/measure_cpu_latency.py            # from the repository root

Paths written into the profiles are relative to the repository root (the parent of models/).

Usage:
  measure_cpu_latency.py [--batches 1,2,4,8] [--reps 200] [--reps-b8 N] [--warmup 20]
                         [--threads N] [--host NAME] [--out-dir DIR] [--profiles-dir DIR]
                         [--no-profiles] [--seed 0]
"""

import argparse
import math
import os
import platform
import re
import resource
import subprocess
import sys
import time

# glibc malloc settings for the measurement (see README "allocator"): serve every allocation up to
# 32 MB (the largest mmap threshold glibc accepts on 64-bit) from the heap and never trim it, so that
# the activation buffers are reused instead of being unmapped and page-faulted in again on every call.
MALLOC_TUNABLES = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967296"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
Z99 = 2.3263478740408408  # standard normal quantile at 0.99 (Phi^-1(0.99))


def lscpu_field(name):
    """The value of one `lscpu` field, or '' when lscpu is missing."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ""
    for line in out.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == name:
            return value.strip()
    return ""


def cpu_model_name():
    name = lscpu_field("Model name")
    if name:
        return name
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown-cpu"


def available_cpus():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def default_host_label(n_cpus):
    """A file-name-safe description of the machine, e.g. `amd-epyc-2cpu` (hostnames of cloud VMs
    say nothing about the hardware)."""
    slug = re.sub(r"[^a-z0-9]+", "-", cpu_model_name().lower()).strip("-")
    slug = re.sub(r"-(r|tm|cpu|processor)(?=-|$)", "", slug)
    return f"{slug}-{n_cpus}cpu"


def percentile(values, q):
    """Linear-interpolation percentile (numpy's default), q in [0, 100]."""
    data = sorted(values)
    pos = (len(data) - 1) * q / 100.0
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def fmt(value, digits=4):
    """A latency in ms with `digits` significant digits, no exponent (for YAML and tables)."""
    if value == 0:
        return "0"
    decimals = max(0, digits - 1 - int(math.floor(math.log10(abs(value)))))
    return f"{value:.{decimals}f}"


def write_csv(path, header, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\n")
        for row in rows:
            handle.write(row + "\n")
    os.replace(tmp, path)


def system_cpu_s():
    """(busy, steal) CPU seconds of the whole machine so far, from /proc/stat (Linux), or None."""
    try:
        with open("/proc/stat", encoding="utf-8") as handle:
            fields = handle.readline().split()
    except OSError:
        return None
    ticks = [int(x) for x in fields[1:]]
    hz = os.sysconf("SC_CLK_TCK")
    # user nice system idle iowait irq softirq steal ...
    busy = sum(ticks[:3]) + sum(ticks[5:7])
    return busy / hz, ticks[7] / hz if len(ticks) > 7 else 0.0


def measure(batches, reps_of, warmup, threads, seed, chunk_rounds, max_other, budget_s, n_cpus):
    """Times the model; returns (samples per batch, kept samples in run order, chunk log,
    torch version, torchvision version).

    Repetitions run in chunks of `chunk_rounds` rounds. After each chunk, the CPU time that the
    rest of the machine used during it (busy time from /proc/stat minus this process's own CPU
    time) is compared with the CPU time available (wall * n_cpus). A chunk in which other processes
    used more than `max_other` of it is discarded and repeated: its samples describe a shared
    machine, not the dedicated one a profile should describe (interference is modelled separately,
    in a scenario's `interference` section). Stops when every batch size has its repetitions or
    after `budget_s` seconds of measuring."""
    import torch
    import torchvision

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    model = torchvision.models.resnet18(weights=None).eval()
    inputs = {b: torch.randn(b, 3, 224, 224, dtype=torch.float32) for b in batches}
    samples = {b: [] for b in batches}
    order = []  # (batch, latency_ms) of kept chunks, in the order they ran
    chunk_log = []  # (kept?, other-process CPU fraction, minor page faults per call) per chunk
    with torch.no_grad():
        for b in batches:
            for _ in range(warmup):
                model(inputs[b])
        start = time.monotonic()
        while (any(len(samples[b]) < reps_of[b] for b in batches)
               and time.monotonic() - start < budget_s):
            chunk = []
            sys_before, own_before, wall_before = system_cpu_s(), time.process_time(), \
                time.monotonic()
            faults_before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            for _ in range(chunk_rounds):
                for b in batches:
                    if len(samples[b]) + sum(1 for cb, _ in chunk if cb == b) >= reps_of[b]:
                        continue
                    t0 = time.perf_counter_ns()
                    model(inputs[b])
                    chunk.append((b, (time.perf_counter_ns() - t0) / 1e6))
            wall = time.monotonic() - wall_before
            own = time.process_time() - own_before
            sys_after = system_cpu_s()
            if sys_before is None or sys_after is None or wall <= 0:
                other_fraction = 0.0  # cannot tell (not Linux): keep
            else:
                other = (sys_after[0] - sys_before[0]) - own
                other_fraction = max(other, 0.0) / (wall * n_cpus)
            faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults_before
            kept = other_fraction <= max_other
            chunk_log.append((kept, other_fraction, faults / max(len(chunk), 1)))
            if kept:
                for b, ms in chunk:
                    samples[b].append(ms)
                order.extend(chunk)
            else:
                print(f"  chunk discarded: other processes used {100 * other_fraction:.1f}% "
                      "of the CPUs", file=sys.stderr)
    return samples, order, chunk_log, torch.__version__, torchvision.__version__


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Time torchvision ResNet-18 (random weights, eval, no_grad, 224x224 fp32) on "
                    "this CPU at several batch sizes; write per-repetition samples and profiles.")
    parser.add_argument("--batches", default="1,2,4,8", help="comma-separated batch sizes")
    parser.add_argument("--reps", type=int, default=200, help="timed repetitions per batch size")
    parser.add_argument("--reps-b8", type=int, default=None,
                        help="timed repetitions for batch sizes >= 8 (default: --reps)")
    parser.add_argument("--warmup", type=int, default=20, help="discarded runs per batch size")
    parser.add_argument("--threads", type=int, default=None,
                        help="torch threads (default: CPUs this process may use)")
    parser.add_argument("--host", default=None, help="label in the sample file name "
                        "(default: from the CPU model name and CPU count)")
    parser.add_argument("--out-dir", default="models/measurements")
    parser.add_argument("--profiles-dir", default="models/profiles")
    parser.add_argument("--no-profiles", action="store_true", help="do not write profile YAMLs")
    parser.add_argument("--seed", type=int, default=0, help="seed for weights and inputs")
    parser.add_argument("--chunk-rounds", type=int, default=10,
                        help="rounds per interference-checked chunk (default 10)")
    parser.add_argument("--max-other-cpu", type=float, default=0.03,
                        help="discard a chunk when other processes used more than this fraction "
                             "of the machine's CPU time during it (default 0.03)")
    parser.add_argument("--budget-s", type=float, default=540.0,
                        help="stop measuring after this many seconds (default 540)")
    parser.add_argument("--malloc-defaults", action="store_true",
                        help="keep glibc's default malloc settings (by default the script re-runs "
                             "itself with GLIBC_TUNABLES=" + MALLOC_TUNABLES + ")")
    args = parser.parse_args(argv)

    if not args.malloc_defaults and "GLIBC_TUNABLES" not in os.environ and argv is None:
        env = dict(os.environ, GLIBC_TUNABLES=MALLOC_TUNABLES)
        os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)

    try:
        batches = [int(x) for x in args.batches.split(",") if x.strip()]
    except ValueError:
        print(f"error: --batches: not a list of integers: {args.batches!r}", file=sys.stderr)
        return 2
    if not batches or min(batches) < 1 or args.reps < 1 or args.warmup < 0:
        print("error: batch sizes and --reps must be >= 1, --warmup >= 0", file=sys.stderr)
        return 2
    try:
        import torch  # noqa: F401  (checked here to give a clear message)
        import torchvision  # noqa: F401
    except ImportError:
        print("error: needs torch and torchvision: apt-get install -y python3-torch "
              "python3-torchvision, then run with /usr/bin/python3", file=sys.stderr)
        return 2

    n_cpus = available_cpus()
    threads = args.threads or n_cpus
    host = args.host or default_host_label(n_cpus)
    reps_of = {b: (args.reps_b8 if (args.reps_b8 and b >= 8) else args.reps) for b in batches}
    os.makedirs(args.out_dir, exist_ok=True)

    wall_start = time.monotonic()
    samples, order, chunk_log, torch_version, tv_version = measure(
        batches, reps_of, args.warmup, threads, args.seed, args.chunk_rounds, args.max_other_cpu,
        args.budget_s, n_cpus)
    wall_s = time.monotonic() - wall_start
    short = [b for b in batches if len(samples[b]) < reps_of[b]]
    if any(not samples[b] for b in batches):
        print("error: no undisturbed chunk within --budget-s; nothing written (the machine is "
              "busy: try again when it is idle)", file=sys.stderr)
        return 1

    all_path = os.path.join(args.out_dir, f"resnet18_cpu_{host}.csv")
    write_csv(all_path, "batch,latency_ms", (f"{b},{ms:.4f}" for b, ms in order))
    per_batch_paths = {}
    for b in batches:
        path = os.path.join(args.out_dir, f"resnet18_cpu_b{b}.csv")
        write_csv(path, "latency_ms", (f"{ms:.4f}" for ms in samples[b]))
        per_batch_paths[b] = path

    machine = (f"{cpu_model_name()} (lscpu: family {lscpu_field('CPU family')}, "
               f"model {lscpu_field('Model')}), {n_cpus} CPUs "
               f"({lscpu_field('Core(s) per socket')} cores per socket, "
               f"{lscpu_field('Thread(s) per core')} thread per core), "
               f"{platform.system()} {platform.release()}; torch {torch_version}, "
               f"torchvision {tv_version}, {threads} torch threads, "
               f"GLIBC_TUNABLES={os.environ.get('GLIBC_TUNABLES', '(unset)')}")
    print(f"machine: {machine}")
    kept = [frac for ok, frac, _ in chunk_log if ok]
    faults_per_call = [f for ok, _, f in chunk_log if ok]
    print(f"measured in {wall_s:.1f} s; chunks of {args.chunk_rounds} rounds: {len(kept)} kept, "
          f"{len(chunk_log) - len(kept)} discarded (other processes > "
          f"{100 * args.max_other_cpu:g}% of CPU); in kept chunks other processes used at most "
          f"{100 * max(kept):.2f}% of CPU; minor page faults per call in kept chunks: mean "
          f"{sum(faults_per_call) / len(faults_per_call):.1f}, max {max(faults_per_call):.1f}; "
          f"samples: {all_path}")
    if short:
        print(f"warning: budget ran out: fewer repetitions than asked for batch sizes {short}",
              file=sys.stderr)
    print("batch  n    min      median   mean     p90      p99      max      sigma(p50,p99)")
    rows = {}
    for b in batches:
        xs = samples[b]
        p50, p99 = percentile(xs, 50), percentile(xs, 99)
        sigma = math.log(p99 / p50) / Z99
        rows[b] = (p50, p99, sigma)
        print(f"{b:<6} {len(xs):<4} {min(xs):<8.3f} {p50:<8.3f} {sum(xs) / len(xs):<8.3f} "
              f"{percentile(xs, 90):<8.3f} {p99:<8.3f} {max(xs):<8.3f} {sigma:.4f}")

    if not args.no_profiles:
        os.makedirs(args.profiles_dir, exist_ok=True)
        hardware = f"CPU: {machine}"
        rel_samples = os.path.relpath(all_path, REPO_ROOT)
        lines = [
            "# Generated by models/measure_cpu_latency.py; see models/README.md.",
            "model: resnet18",
            f'hardware: "{hardware}"',
            f'source: "measured by servesim: {rel_samples} (models/measure_cpu_latency.py)"',
            "status: measured",
            "# Fit: per batch size, the lognormal whose median and p99 equal the samples' median",
            "# and p99 (linear-interpolation percentiles); sigma = ln(p99/median)/2.326. This is",
            "# median/p99 matching, not a likelihood fit; `servesim fit` will replace it.",
            "# Timed: the forward pass only (no JPEG decode/resize, no serving framework).",
            "latency_by_batch:          # milliseconds",
        ]
        for b in batches:
            p50, p99, sigma = rows[b]
            lines.append(f"  {b}: {{dist: lognormal, median: {fmt(p50)}, p99: {fmt(p99)}}}"
                         f"   # n={len(samples[b])}, sigma={sigma:.3f}")
        write_csv(os.path.join(args.profiles_dir, "resnet18_cpu.yaml"), lines[0], lines[1:])
        lines = [
            "# Generated by models/measure_cpu_latency.py; see models/README.md.",
            "model: resnet18",
            f'hardware: "{hardware}"',
            f'source: "measured by servesim: {rel_samples} (models/measure_cpu_latency.py)"',
            "status: measured",
            "# The measured samples themselves, one file per batch size (header latency_ms).",
            "latency_by_batch:          # milliseconds",
        ]
        for b in batches:
            lines.append(f"  {b}: {{dist: empirical, file: {os.path.relpath(per_batch_paths[b], REPO_ROOT)}}}"
                         f"   # n={len(samples[b])}")
        write_csv(os.path.join(args.profiles_dir, "resnet18_cpu_empirical.yaml"), lines[0],
                  lines[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
