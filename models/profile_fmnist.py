#!/usr/bin/env python3
"""Measure the CPU inference latency of the Fashion-MNIST models of models/parity/train_fmnist.py
(logreg, mlp, lenet, widecnn) per batch size, and fit profiles with `servesim fit`.

What is timed, as in profile_torchvision.py: one forward pass `model(x)` (random weights, which
cost the same compute as trained ones; eval mode; inside torch.no_grad) on a float32 input of
shape (batch, 1, 28, 28) already in memory: no decoding, no serving framework. A parity model has
its deployed model's architecture (ParM), so one profile serves both. The clock is
time.perf_counter_ns() around the call, with torch.set_num_threads(--threads) (default 1: the
thread count the models were trained with, and one instance per core).

Order and guard: the models take turns by chunk (about --chunk-s seconds of rounds, one call of
each batch size per round), with one untimed call before each chunk. After each chunk two figures
decide whether it is kept (the guard of measure_cpu_latency.py / profile_torchvision.py):
other processes' share of the machine's CPU time (/proc/stat), which must be at most
--max-other-cpu, and this process's run-queue wait (/proc/self/task/*/schedstat), which must be at
most --max-run-queue-wait of the chunk. On a machine where other sessions compile all the time the
first can never be met; then run pinned to one CPU (taskset -c N) at --nice -20 (root) with
--max-other-cpu 1, so that the run-queue wait alone says whether the timed thread was held up
(what remains shared, caches and memory bandwidth with the other CPU's work, is not filtered:
models/measurements/README.md says so for the committed run).

Outputs: models/measurements/fmnist_<model>_cpu_<host>.csv (`batch,latency_ms`, one row per kept
call), models/measurements/fmnist_cpu_<host>.json (machine, load average, software, chunks), and
with --fit SERVESIM models/profiles/fmnist_<model>_cpu_fit.yaml.

Usage, from the repository root:
  taskset -c 1 /usr/bin/python3 models/profile_fmnist.py --nice -20 --max-other-cpu 1 \
      --fit build/release/sim/cli/servesim
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "parity"))
from measure_cpu_latency import (  # noqa: E402
    MALLOC_TUNABLES, REPO_ROOT, available_cpus, cpu_model_name, default_host_label, lscpu_field,
    run_guarded_chunk, write_csv)
from profile_torchvision import raise_priority, run_queue_wait_s  # noqa: E402

MODELS = ["logreg", "mlp", "lenet", "widecnn"]


def reps_of(args, batch):
    return args.reps_large if batch >= 16 else args.reps


def measure(args, batches, n_cpus, log):
    import torch
    from train_fmnist import MODEL_NAMES, make_model
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    nets = {m: make_model(torch, m).eval() for m in args.models}
    inputs = {b: torch.rand(b, 1, 28, 28) for b in batches}
    order = {m: [] for m in args.models}
    count = {(m, b): 0 for m in args.models for b in batches}
    chunk_log = {m: [] for m in args.models}
    rounds_of = {}
    with torch.no_grad():
        for m in args.models:
            round_s = 0.0
            for b in batches:
                fastest = float("inf")
                for _ in range(args.warmup):
                    t0 = time.perf_counter()
                    nets[m](inputs[b])
                    fastest = min(fastest, time.perf_counter() - t0)
                round_s += fastest
            rounds_of[m] = max(2, round(args.chunk_s / round_s))
        log("rounds per chunk: " + ", ".join(f"{m} {r}" for m, r in rounds_of.items()))
        start = time.monotonic()
        while time.monotonic() - start < args.budget_s:
            todo = [m for m in args.models if any(count[(m, b)] < reps_of(args, b) for b in batches)]
            if not todo:
                break
            for m in todo:
                net = nets[m]
                need = {b: reps_of(args, b) - count[(m, b)] for b in batches}
                calls = [(b, lambda b=b: net(inputs[b])) for b in batches if need[b] > 0]
                net(inputs[calls[0][0]])
                wait_before, wall_before = run_queue_wait_s(), time.monotonic()
                kept, other, faults, chunk = run_guarded_chunk(
                    calls, rounds_of[m], need, args.max_other_cpu, n_cpus)
                wait_after, now = run_queue_wait_s(), time.monotonic()
                wait = (0.0 if wait_before is None or wait_after is None else
                        (wait_after - wait_before) / ((now - wall_before) * args.threads))
                kept = kept and wait <= args.max_run_queue_wait
                chunk_log[m].append((kept, other, faults, wait))
                if kept:
                    order[m].extend(chunk)
                    for b, _ in chunk:
                        count[(m, b)] += 1
        log(f"measured for {time.monotonic() - start:.0f} s")
    return order, chunk_log, torch.__version__, MODEL_NAMES


def fit(meta, servesim, profiles_dir, names):
    status = 0
    for m, info in meta["models"].items():
        out = os.path.join(profiles_dir, f"fmnist_{m}_cpu_fit.yaml")
        cmd = [servesim, "fit", os.path.join(REPO_ROOT, info["samples"]), "--model",
               f"fmnist_{m}", "--hardware", f"CPU: {meta['machine']}; {meta['software']}",
               "--source", (f"measured by servesim on {meta['date_utc'][:10]}: {info['samples']} "
                            f"(models/profile_fmnist.py; {names[m]}, input 1x28x28, random "
                            f"weights; run details in {meta['details']})"),
               "--note", (f"{names[m]} for Fashion-MNIST (models/parity/train_fmnist.py) on this "
                          "machine's CPU; also the profile of its ParM parity model (same "
                          "architecture). Measured while other sessions compiled on the other "
                          "CPU: see models/measurements/README.md."),
               "-o", out]
        print("$ servesim fit " + info["samples"] + " -o " + out, flush=True)
        if subprocess.run(cmd).returncode != 0:
            status = 1
    return status


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", nargs="+", default=MODELS, choices=MODELS)
    parser.add_argument("--batches", default="1,2,4,8,16,32,64")
    parser.add_argument("--reps", type=int, default=3000, help="timed calls per batch size")
    parser.add_argument("--reps-large", type=int, default=1000,
                        help="timed calls per batch size >= 16 (default 1000: p99 from the 10 "
                             "largest)")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk-s", type=float, default=1.0)
    parser.add_argument("--max-other-cpu", type=float, default=0.03)
    parser.add_argument("--max-run-queue-wait", type=float, default=0.01)
    parser.add_argument("--budget-s", type=float, default=900.0)
    parser.add_argument("--nice", type=int, default=0)
    parser.add_argument("--host", default=None)
    parser.add_argument("--out-dir", default=os.path.join(REPO_ROOT, "models", "measurements"))
    parser.add_argument("--profiles-dir", default=os.path.join(REPO_ROOT, "models", "profiles"))
    parser.add_argument("--fit", metavar="SERVESIM")
    parser.add_argument("--fit-only", metavar="RUN.json")
    args = parser.parse_args(argv)
    if args.fit_only:
        with open(args.fit_only, encoding="utf-8") as handle:
            meta = json.load(handle)
        names = {m: info["description"] for m, info in meta["models"].items()}
        return fit(meta, args.fit, args.profiles_dir, names)
    if "GLIBC_TUNABLES" not in os.environ and argv is None:
        env = dict(os.environ, GLIBC_TUNABLES=MALLOC_TUNABLES)
        os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)
    batches = [int(b) for b in args.batches.split(",")]
    if args.nice:
        problem = raise_priority(args.nice)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
    n_cpus = os.cpu_count() or 1   # the guard compares with the whole machine, pinned or not
    host = args.host or default_host_label(n_cpus)
    load_before = os.getloadavg()

    def log(message):
        print(message, file=sys.stderr, flush=True)

    wall_start = time.monotonic()
    order, chunk_log, torch_version, names = measure(args, batches, n_cpus, log)
    os.makedirs(args.out_dir, exist_ok=True)
    details = os.path.join(args.out_dir, f"fmnist_cpu_{host}.json")
    meta = {
        "details": os.path.relpath(details, REPO_ROOT),
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": (f"{cpu_model_name()} (lscpu: family {lscpu_field('CPU family')}, model "
                    f"{lscpu_field('Model')}), {n_cpus} CPUs, pinned to "
                    f"{sorted(os.sched_getaffinity(0))}, {platform.system()} {platform.release()}"),
        "software": (f"torch {torch_version}, Python {platform.python_version()}, {args.threads} "
                     f"torch threads, GLIBC_TUNABLES={os.environ.get('GLIBC_TUNABLES', '(unset)')}"),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "nice": args.nice, "max_other_cpu": args.max_other_cpu,
        "max_run_queue_wait": args.max_run_queue_wait,
        "reps_asked": {str(b): reps_of(args, b) for b in batches},
        "wall_s": round(time.monotonic() - wall_start, 1), "models": {},
    }
    for m in args.models:
        path = os.path.join(args.out_dir, f"fmnist_{m}_cpu_{host}.csv")
        write_csv(path, "batch,latency_ms", (f"{b},{ms:.4f}" for b, ms in order[m]))
        log_m = chunk_log[m]
        kept = [entry for entry in log_m if entry[0]]
        meta["models"][m] = {
            "description": names[m], "samples": os.path.relpath(path, REPO_ROOT),
            "repetitions_kept": {str(b): sum(1 for cb, _ in order[m] if cb == b) for b in batches},
            "chunks_kept": len(kept), "chunks_discarded": len(log_m) - len(kept),
            "other_cpu_in_kept_chunks_max": round(max((e[1] for e in kept), default=0), 4),
            "other_cpu_in_kept_chunks_mean": round(
                sum(e[1] for e in kept) / max(len(kept), 1), 4),
            "run_queue_wait_in_kept_chunks_max": round(max((e[3] for e in kept), default=0), 4),
        }
        if not order[m]:
            print(f"error: no chunk kept for {m}", file=sys.stderr)
            return 1
    write_csv(details, json.dumps(meta, indent=1), [])
    print(json.dumps(meta, indent=1))
    if args.fit:
        return fit(meta, args.fit, args.profiles_dir, names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
