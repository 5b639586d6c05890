#!/usr/bin/env python3
"""Measure the CPU inference latency of several torchvision architectures, per batch size, and
(optionally) fit profiles to the samples with `servesim fit`.

What is timed, as in measure_cpu_latency.py: one forward pass `model(x)` (random, untrained
weights; eval mode; inside torch.no_grad) on a float32 input of shape (batch, 3, 224, 224) that is
already in memory; no JPEG decoding, resizing or serving framework. The clock is
time.perf_counter_ns() around the call; torch.set_num_threads(N) with N = the CPUs this process
may use. Random weights cost the same compute as trained ones.

Models (torchvision names): resnet18, resnet50, mobilenet_v2, efficientnet_b0, mnasnet1_0.
torchvision has no NASNet; MNASNet 1.0 (a mobile architecture from a neural architecture search,
like NASNet-Mobile) stands in for NASNet-Mobile, and its profile says so.

Order: the models take turns by chunk (a chunk = as many rounds over that model's batch sizes,
one call of each batch size per round, as fill about --chunk-s seconds), so slow drift of the
machine spreads over every model and batch size. Before each chunk one untimed call of the model's smallest batch brings its
weights back into the caches after the previous model's chunk (a dedicated serving instance
keeps its model warm). Each chunk goes through the interference guard of measure_cpu_latency.py
(run_guarded_chunk): a chunk during which other processes used more than --max-other-cpu of the
machine's CPU time is discarded and repeated; before each chunk the script sleeps until a 1 s
window shows the machine quiet, so that it does not spend CPU on chunks that would be discarded
(--budget-s limits the time spent measuring, --max-wall-s the time in all). On a machine that
is never quiet, --nice -20 (root) runs the script ahead of other sessions instead, so that they
get little CPU during a chunk; it then does not wait, and the guard alone decides. The script re-runs itself under the same glibc
malloc setting as measure_cpu_latency.py (models/measurements/README.md, "Allocator setting").

Outputs, in --out-dir (default models/measurements):
  <model>_torchvision_cpu_<host>.csv  header `batch,latency_ms`, one row per kept timed call, in
                                      the order they ran
  torchvision_cpu_<host>.json         the run's details: machine, software, repetitions asked and
                                      kept, chunks kept and discarded per model
and, with --fit SERVESIM (the servesim binary), in --profiles-dir (default models/profiles):
  <model>_cpu_fit.yaml                `servesim fit` of the model's samples
`--fit-only RUN.json` re-runs only the fits, from an earlier run's files (no torch needed).

Usage, from the repository root (Debian's python3-torch and python3-torchvision):
  /usr/bin/python3 models/profile_torchvision.py [--models resnet18,resnet50,...]
      [--batches 1,2,4,8] [--reps 200] [--reps-large N] [--budget-s 1200]
      [--fit build/release/sim/cli/servesim]
"""

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure_cpu_latency import (  # noqa: E402  (the shared guard and machine description)
    MALLOC_TUNABLES, REPO_ROOT, available_cpus, cpu_model_name, default_host_label, lscpu_field,
    run_guarded_chunk, system_cpu_s, write_csv)

# torchvision constructor name -> what the profile says about the model.
MODELS = {
    "resnet18": "ResNet-18 (torchvision resnet18)",
    "resnet50": "ResNet-50 (torchvision resnet50)",
    "mobilenet_v2": "MobileNetV2 (torchvision mobilenet_v2)",
    "efficientnet_b0": "EfficientNet-B0 (torchvision efficientnet_b0)",
    "mnasnet1_0": ("MNASNet 1.0 (torchvision mnasnet1_0), the stand-in for NASNet-Mobile, which "
                   "torchvision does not have"),
}


def parse_list(text, convert, what):
    try:
        values = [convert(x.strip()) for x in text.split(",") if x.strip()]
    except ValueError:
        raise SystemExit(f"error: {what}: not a comma-separated list: {text!r}")
    if not values:
        raise SystemExit(f"error: {what}: empty")
    return values


def other_cpu_fraction(window_s, n_cpus):
    """The share of the machine's CPU time that other processes used during the next `window_s`
    seconds (this process sleeps meanwhile), from /proc/stat; 0 when it cannot tell."""
    sys_before, own_before, wall_before = system_cpu_s(), time.process_time(), time.monotonic()
    time.sleep(window_s)
    sys_after, own, wall = system_cpu_s(), time.process_time() - own_before, \
        time.monotonic() - wall_before
    if sys_before is None or sys_after is None:
        return 0.0
    return max((sys_after[0] - sys_before[0]) - own, 0.0) / (wall * n_cpus)


def run_queue_wait_s():
    """Seconds that this process's threads have spent runnable but waiting for a CPU, summed over
    its threads (field 2 of /proc/self/task/*/schedstat, ns), or None where the kernel does not
    keep it. Unlike the machine-wide busy time, this says directly whether the timed code was
    held up by other processes."""
    total = 0
    try:
        for tid in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{tid}/schedstat", encoding="utf-8") as handle:
                total += int(handle.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return total / 1e9


def raise_priority(nice):
    """Runs this process (and the threads it starts later) at `nice`, and its autogroup too: with
    the kernel's autogroup scheduling (/proc/sys/kernel/sched_autogroup_enabled), CPU time is
    first shared between sessions, so a process nice alone does not outweigh other sessions'
    builds. Returns an error text, or ''."""
    try:
        os.setpriority(os.PRIO_PROCESS, 0, nice)
    except OSError as err:
        return f"--nice {nice}: {err} (negative values need root)"
    try:
        with open("/proc/self/autogroup", "w", encoding="utf-8") as handle:
            handle.write(str(nice))
    except OSError:
        pass  # no autogroup scheduling here: the process nice is all there is
    return ""


def measure(models, batches, reps_of, warmup, threads, seed, chunk_s, max_other, max_wait,
            budget_s, max_wall_s, n_cpus, wait_quiet=True):
    """Times every (model, batch) pair; returns (kept samples in run order per model, chunk log
    per model, measuring seconds, torch version, torchvision version).

    The models take turns by chunk until each has its repetitions, until `budget_s` seconds have
    been spent measuring (kept and discarded chunks), or until `max_wall_s` seconds have passed.
    A chunk is as many rounds over the model's batch sizes as fill about `chunk_s` seconds (from
    the fastest warm-up calls; at least 2), so that /proc/stat's 10 ms ticks are small against
    the 3 % allowance. Before each chunk the script waits, sleeping, until a 1 s window shows the
    machine quiet (other processes under `max_other`): on a shared machine this spends waiting
    time instead of CPU on chunks that the guard would discard anyway. With `wait_quiet` False
    (under --nice) it does not wait: the guard alone decides. Besides the guard's limit on other
    processes' CPU time, a chunk is kept only if this process's threads waited for a CPU (run
    queue) for at most `max_wait` of the chunk's duration times `threads`."""
    import torch
    import torchvision

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    nets = {name: getattr(torchvision.models, name)(weights=None).eval() for name in models}
    inputs = {b: torch.randn(b, 3, 224, 224, dtype=torch.float32) for b in batches}
    order = {name: [] for name in models}  # (batch, latency_ms) of kept chunks, in run order
    count = {(name, b): 0 for name in models for b in batches}
    # (kept?, other fraction, faults per call, run-queue wait fraction) per chunk
    chunk_log = {name: [] for name in models}
    rounds_of = {}
    with torch.no_grad():
        for name in models:
            round_s = 0.0
            for b in batches:
                fastest = float("inf")
                for _ in range(max(warmup, 1)):
                    t0 = time.perf_counter()
                    nets[name](inputs[b])
                    fastest = min(fastest, time.perf_counter() - t0)
                round_s += fastest
            rounds_of[name] = max(2, round(chunk_s / round_s))
        print("  rounds per chunk: " + ", ".join(f"{n} {r}" for n, r in rounds_of.items()),
              file=sys.stderr, flush=True)
        start = time.monotonic()
        measuring_s = 0.0
        last_report = start
        while measuring_s < budget_s and time.monotonic() - start < max_wall_s:
            todo = [name for name in models
                    if any(count[(name, b)] < reps_of[b] for b in batches)]
            if not todo:
                break
            for name in todo:
                while (wait_quiet and other_cpu_fraction(1.0, n_cpus) > max_other
                       and time.monotonic() - start < max_wall_s):
                    pass
                if measuring_s >= budget_s or time.monotonic() - start >= max_wall_s:
                    break
                chunk_start = time.monotonic()
                net = nets[name]
                need = {b: reps_of[b] - count[(name, b)] for b in batches}
                calls = [(b, lambda b=b: net(inputs[b])) for b in batches if need[b] > 0]
                net(inputs[calls[0][0]])  # untimed: this model's weights back into the caches
                wait_before, wall_before = run_queue_wait_s(), time.monotonic()
                kept, other_fraction, faults, chunk = run_guarded_chunk(
                    calls, rounds_of[name], need, max_other, n_cpus)
                wait_after, now = run_queue_wait_s(), time.monotonic()
                measuring_s += now - chunk_start
                wait_fraction = (0.0 if wait_before is None or wait_after is None else
                                 (wait_after - wait_before) / ((now - wall_before) * threads))
                kept = kept and wait_fraction <= max_wait
                chunk_log[name].append((kept, other_fraction, faults, wait_fraction))
                print(f"  chunk {name}: {'kept' if kept else 'discarded'}; other processes "
                      f"{100 * other_fraction:.1f}% of the CPUs, run-queue wait "
                      f"{100 * wait_fraction:.2f}%", file=sys.stderr, flush=True)
                if kept:
                    order[name].extend(chunk)
                    for b, _ in chunk:
                        count[(name, b)] += 1
            now = time.monotonic()
            if now - last_report >= 60:
                last_report = now
                done = ", ".join(f"{name} {min(count[(name, b)] for b in batches)}"
                                 for name in models)
                discarded = sum(1 for log in chunk_log.values() for entry in log if not entry[0])
                kept_n = sum(1 for log in chunk_log.values() for entry in log if entry[0])
                print(f"  {now - start:.0f} s ({measuring_s:.0f} s measuring): fewest samples "
                      f"per batch: {done}; chunks kept {kept_n}, discarded {discarded}",
                      file=sys.stderr, flush=True)
    return order, chunk_log, measuring_s, torch.__version__, torchvision.__version__


def fit_profiles(meta, servesim, profiles_dir):
    """Runs `servesim fit` on each model's samples; writes <model>_cpu_fit.yaml. Returns the exit
    status (0 when every fit succeeded)."""
    os.makedirs(profiles_dir, exist_ok=True)
    status = 0
    for name, info in meta["models"].items():
        out = os.path.join(profiles_dir, f"{name}_cpu_fit.yaml")
        notes = [f"{MODELS.get(name, name)} on this machine's CPU: made by models/"
                 "profile_torchvision.py --fit; see models/README.md and "
                 "models/measurements/README.md."]
        faults = info.get("minor_faults_per_call_in_kept_chunks_mean", 0)
        if faults > 100:
            notes.append(f"Page faults: the kept calls averaged {faults:g} minor page faults per "
                         "call (all batch sizes together): activation buffers above glibc's "
                         "32 MiB mmap limit are mapped afresh on every call, and the samples "
                         "include that cost (models/measurements/README.md).")
        cmd = [servesim, "fit", os.path.join(REPO_ROOT, info["samples"]),
               "--model", name,
               "--hardware", f"CPU: {meta['machine']}; {meta['software']}",
               "--source", (f"measured by servesim on {meta['date_utc'][:10]}: {info['samples']} "
                            f"(models/profile_torchvision.py; {MODELS.get(name, name)}, random "
                            f"weights; run details in {meta['details']})"),
               "-o", out]
        for note in notes:
            cmd += ["--note", note]
        print("$ " + " ".join(cmd[:3]) + " ... -o " + out, flush=True)
        result = subprocess.run(cmd)
        if result.returncode != 0:
            print(f"error: servesim fit failed for {name} (exit {result.returncode})",
                  file=sys.stderr)
            status = 1
    return status


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Time torchvision architectures (random weights, eval, no_grad, 224x224 fp32) "
                    "on this CPU at several batch sizes; write samples; optionally fit profiles "
                    "with `servesim fit`.")
    parser.add_argument("--models", default=",".join(MODELS),
                        help=f"comma-separated torchvision names (default {','.join(MODELS)})")
    parser.add_argument("--batches", default="1,2,4,8", help="comma-separated batch sizes")
    parser.add_argument("--reps", type=int, default=200, help="timed repetitions per point")
    parser.add_argument("--reps-large", type=int, default=None,
                        help="timed repetitions for batch sizes >= 8 (default: --reps)")
    parser.add_argument("--warmup", type=int, default=10, help="discarded calls per point")
    parser.add_argument("--threads", type=int, default=None,
                        help="torch threads (default: CPUs this process may use)")
    parser.add_argument("--host", default=None, help="label in the file names "
                        "(default: from the CPU model name and CPU count)")
    parser.add_argument("--out-dir", default="models/measurements")
    parser.add_argument("--seed", type=int, default=0, help="seed for weights and inputs")
    parser.add_argument("--chunk-s", type=float, default=1.5,
                        help="seconds of calls per interference-checked chunk (default 1.5)")
    parser.add_argument("--max-other-cpu", type=float, default=0.03,
                        help="discard a chunk when other processes used more than this fraction "
                             "of the machine's CPU time during it (default 0.03)")
    parser.add_argument("--max-run-queue-wait", type=float, default=0.01,
                        help="discard a chunk when this process's threads waited for a CPU for "
                             "more than this fraction of the chunk's time (/proc/self/task/*/"
                             "schedstat; default 0.01)")
    parser.add_argument("--budget-s", type=float, default=1200.0,
                        help="stop after this many seconds of measuring, kept and discarded "
                             "chunks (default 1200)")
    parser.add_argument("--max-wall-s", type=float, default=3600.0,
                        help="stop after this many seconds in all, waiting for a quiet machine "
                             "included (default 3600)")
    parser.add_argument("--nice", type=int, default=0,
                        help="run at this nice value, process and autogroup (e.g. -20, as root), "
                             "so that other processes get little CPU during a chunk; the script "
                             "then does not wait for a quiet machine and the guard alone decides "
                             "(default 0: no change, wait for quiet)")
    parser.add_argument("--malloc-defaults", action="store_true",
                        help="keep glibc's default malloc settings")
    parser.add_argument("--fit", metavar="SERVESIM",
                        help="after measuring, run `SERVESIM fit` on each model's samples")
    parser.add_argument("--profiles-dir", default="models/profiles")
    parser.add_argument("--fit-only", metavar="RUN.json",
                        help="measure nothing: fit profiles (needs --fit) from an earlier run's "
                             "details file and the samples it names")
    args = parser.parse_args(argv)

    if args.fit_only:
        if not args.fit:
            print("error: --fit-only needs --fit SERVESIM", file=sys.stderr)
            return 2
        try:
            with open(args.fit_only, encoding="utf-8") as handle:
                meta = json.load(handle)
        except (OSError, ValueError) as err:
            print(f"{args.fit_only}: error: {err}", file=sys.stderr)
            return 2
        return fit_profiles(meta, args.fit, args.profiles_dir)

    if not args.malloc_defaults and "GLIBC_TUNABLES" not in os.environ and argv is None:
        env = dict(os.environ, GLIBC_TUNABLES=MALLOC_TUNABLES)
        os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)

    models = parse_list(args.models, str, "--models")
    unknown = [m for m in models if m not in MODELS]
    if unknown:
        print(f"error: --models: unknown {unknown} (known: {', '.join(MODELS)})", file=sys.stderr)
        return 2
    batches = parse_list(args.batches, int, "--batches")
    if min(batches) < 1 or args.reps < 1 or args.warmup < 0 or args.chunk_s <= 0:
        print("error: batch sizes and --reps must be >= 1, --warmup >= 0, --chunk-s > 0",
              file=sys.stderr)
        return 2
    if any(importlib.util.find_spec(name) is None for name in ("torch", "torchvision")):
        print("error: needs torch and torchvision: apt-get install -y python3-torch "
              "python3-torchvision, then run with /usr/bin/python3", file=sys.stderr)
        return 2

    n_cpus = available_cpus()
    threads = args.threads or n_cpus
    host = args.host or default_host_label(n_cpus)
    reps_of = {b: (args.reps_large if (args.reps_large and b >= 8) else args.reps)
               for b in batches}
    os.makedirs(args.out_dir, exist_ok=True)

    if args.nice:
        problem = raise_priority(args.nice)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
    wall_start = time.monotonic()
    order, chunk_log, measuring_s, torch_version, tv_version = measure(
        models, batches, reps_of, args.warmup, threads, args.seed, args.chunk_s,
        args.max_other_cpu, args.max_run_queue_wait, args.budget_s, args.max_wall_s, n_cpus,
        wait_quiet=not args.nice)
    wall_s = time.monotonic() - wall_start
    if any(not order[name] for name in models):
        print("error: no undisturbed chunk for some model within --budget-s; nothing written "
              "(the machine is busy: try again when it is idle)", file=sys.stderr)
        return 1

    details = os.path.join(args.out_dir, f"torchvision_cpu_{host}.json")
    meta = {
        "details": os.path.relpath(details, REPO_ROOT),
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": (f"{cpu_model_name()} (lscpu: family {lscpu_field('CPU family')}, "
                    f"model {lscpu_field('Model')}), {n_cpus} CPUs "
                    f"({lscpu_field('Core(s) per socket')} cores per socket, "
                    f"{lscpu_field('Thread(s) per core')} thread per core), "
                    f"{platform.system()} {platform.release()}"),
        "software": (f"torch {torch_version}, torchvision {tv_version}, Python "
                     f"{platform.python_version()}, {threads} torch threads, GLIBC_TUNABLES="
                     f"{os.environ.get('GLIBC_TUNABLES', '(unset)')}"),
        "batches": batches,
        "repetitions_asked": {str(b): reps_of[b] for b in batches},
        "warmup_per_point": args.warmup,
        "seed": args.seed,
        "chunk_s": args.chunk_s,
        "max_other_cpu": args.max_other_cpu,
        "max_run_queue_wait": args.max_run_queue_wait,
        "nice": args.nice,
        "budget_s": args.budget_s,
        "max_wall_s": args.max_wall_s,
        "measuring_s": round(measuring_s, 1),
        "wall_s": round(wall_s, 1),
        "models": {},
    }
    short = []
    for name in models:
        path = os.path.join(args.out_dir, f"{name}_torchvision_cpu_{host}.csv")
        write_csv(path, "batch,latency_ms", (f"{b},{ms:.4f}" for b, ms in order[name]))
        log = chunk_log[name]
        kept = [frac for ok, frac, _, _ in log if ok]
        faults = [f for ok, _, f, _ in log if ok]
        waits = [w for ok, _, _, w in log if ok]
        reps_kept = {str(b): sum(1 for cb, _ in order[name] if cb == b) for b in batches}
        short += [(name, b) for b in batches if reps_kept[str(b)] < reps_of[b]]
        meta["models"][name] = {
            "description": MODELS[name],
            "samples": os.path.relpath(path, REPO_ROOT),
            "repetitions_kept": reps_kept,
            "chunks_kept": len(kept),
            "chunks_discarded": len(log) - len(kept),
            "max_other_cpu_in_kept_chunks": round(max(kept), 4),
            "max_run_queue_wait_in_kept_chunks": round(max(waits), 4),
            "minor_faults_per_call_in_kept_chunks_mean": round(sum(faults) / len(faults), 2),
        }
    write_csv(details, json.dumps(meta, indent=1), [])
    print(f"machine: {meta['machine']}; {meta['software']}")
    print(f"measured for {measuring_s:.1f} s in {wall_s:.1f} s; details in {details}")
    for name, info in meta["models"].items():
        print(f"  {name}: kept {info['repetitions_kept']}; chunks kept {info['chunks_kept']}, "
              f"discarded {info['chunks_discarded']}; other processes at most "
              f"{100 * info['max_other_cpu_in_kept_chunks']:.2f}% of CPU in kept chunks")
    if short:
        print(f"warning: budget ran out: fewer repetitions than asked for {short}",
              file=sys.stderr)
    if args.fit:
        return fit_profiles(meta, args.fit, args.profiles_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
