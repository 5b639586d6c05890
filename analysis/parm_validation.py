#!/usr/bin/env python3
"""Runs every ParM latency experiment of scenarios/parm/ and writes docs/validation/parm.md.

Each experiment of parm_testbed.md (Fig. 9a, 9b, 10, 11, 12, 13 and the batch-size study) is run
for ParM and its baseline(s) through the real `servesim run`, and the simulated median, p99 and
p99.9 are tabulated with the headline comparisons of Kosaian et al. (SOSP'19): the p99.9-median
gap versus Equal-Resources, and the relative p99.9 reduction.

Usage: tools/python.sh analysis/parm_validation.py [--servesim PATH] [-o docs/validation/parm.md]
       [--requests N] [--quick]
"""
import argparse
import os
import pathlib
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from servesim_runs import run_summary  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
# ParM's highest rate -> 90% utilisation of its deployed instances, background slowdown included
# (see the doc): GPU 390 qps on 12 T4-profile instances, CPU 240 qps on 24 measured-CPU ones.
GPU_SCALE = 13.30
CPU_SCALE = 4.03


def figures(summary):
    lat = summary["latency_ms"]
    ci = lat.get("ci95", {})
    return {
        "p50": lat["p50"], "p99": lat["p99"], "p999": lat["p999"],
        "p999_ci": ci.get("p999", 0.0),
        "reconstructed": summary["served"]["reconstructed"],
        "backup": summary["served"]["backup"],
        "usd_per_m": summary["cost"]["usd_per_million_requests"],
    }


def fmt(x, digits=2):
    return f"{x:.{digits}f}"


def compare_table(rows, base_name):
    """rows: list of (label, parm, base) figure dicts."""
    lines = [
        f"| point | ParM p50 | ParM p99 | ParM p99.9 | {base_name} p50 | {base_name} p99 | "
        f"{base_name} p99.9 | gap ratio | p99.9 reduction | reconstructed |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    best_gap, best_cut = 0.0, 0.0
    for label, parm, base in rows:
        gap_parm = parm["p999"] - parm["p50"]
        gap_base = base["p999"] - base["p50"]
        ratio = gap_base / gap_parm if gap_parm > 0 else float("nan")
        cut = 100.0 * (1 - parm["p999"] / base["p999"])
        best_gap, best_cut = max(best_gap, ratio), max(best_cut, cut)
        lines.append(
            f"| {label} | {fmt(parm['p50'])} | {fmt(parm['p99'])} | {fmt(parm['p999'])} ± "
            f"{fmt(parm['p999_ci'])} | {fmt(base['p50'])} | {fmt(base['p99'])} | "
            f"{fmt(base['p999'])} ± {fmt(base['p999_ci'])} | {ratio:.2f}x | {cut:.0f}% | "
            f"{100 * parm['reconstructed']:.1f}% |")
    lines.append("")
    lines.append(f"Largest gap ratio here: **{best_gap:.2f}x**; largest p99.9 reduction: "
                 f"**{best_cut:.0f}%**.")
    return "\n".join(lines), best_gap, best_cut


def experiment(servesim, scenario, points, base_sets, requests):
    rows = []
    for label, sets in points:
        parm = figures(run_summary(servesim, scenario, sets, requests))
        base = figures(run_summary(servesim, scenario, {**sets, **base_sets}, requests))
        rows.append((label, parm, base))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servesim", default=str(ROOT / "build/release/sim/cli/servesim"))
    parser.add_argument("-o", "--output", default=str(ROOT / "docs/validation/parm.md"))
    parser.add_argument("--requests", type=int, default=0, help="override run.requests")
    parser.add_argument("--quick", action="store_true", help="two points per experiment")
    args = parser.parse_args(argv)
    if not os.access(args.servesim, os.X_OK):
        print(f"error: {args.servesim}: not an executable (build first)", file=sys.stderr)
        return 2

    gpu_rates = list(range(150, 391, 30))
    cpu_rates = list(range(120, 241, 24))
    if args.quick:
        gpu_rates, cpu_rates = [150, 390], [120, 240]
    er = {"redundancy.kind": "equal_resources"}
    sections = []
    headline = []

    def add(title, note, rows, base_name="Equal-Resources"):
        table, gap, cut = compare_table(rows, base_name)
        sections.append(f"## {title}\n\n{note}\n\n{table}\n")
        headline.append((title, gap, cut))

    gpu_points = [(f"{q} qps (sim {round(q * GPU_SCALE)}/s)",
                   {"workload.arrival.rate": round(q * GPU_SCALE)}) for q in gpu_rates]
    add("Fig. 9a: GPU, n = 12, k = 2, 4 shuffles",
        "ParM (12 deployed + 6 parity) against Equal-Resources (18 deployed).",
        experiment(args.servesim, "scenarios/parm/fig9a_gpu.yaml", gpu_points, er, args.requests))
    cpu_points = [(f"{q} qps (sim {round(q * CPU_SCALE)}/s)",
                   {"workload.arrival.rate": round(q * CPU_SCALE)}) for q in cpu_rates]
    add("Fig. 9b: CPU, n = 24, k = 2, 4 shuffles",
        "ParM (24 + 12 parity) against Equal-Resources (36), measured CPU profile.",
        experiment(args.servesim, "scenarios/parm/fig9b_cpu.yaml", cpu_points, er, args.requests))
    add("Fig. 10: effect of k at 270 qps",
        "Equal-Resources gets ceil(12 (k + 1) / k) instances for each k.",
        experiment(args.servesim, "scenarios/parm/fig10_k.yaml",
                   [(f"k = {k}", {"redundancy.k": k}) for k in (2, 3, 4)], er, args.requests))
    add("Fig. 11: background load at 270 qps",
        "Number of concurrent shuffles.",
        experiment(args.servesim, "scenarios/parm/fig11_shuffles.yaml",
                   [(f"{n} shuffles", {"interference.shuffles.count": n}) for n in (2, 3, 4, 5)],
                   er, args.requests))
    add("Fig. 12: inference multi-tenancy instead of shuffles",
        "A co-located system on 2 workers, Poisson 28 qps x 13.30 = 372/s.",
        experiment(args.servesim, "scenarios/parm/fig12_multitenant.yaml", gpu_points, er,
                   args.requests))
    # Fig. 13: ParM from fig9a against the backup baseline at the same rates.
    rows = []
    for label, sets in gpu_points:
        parm = figures(run_summary(args.servesim, "scenarios/parm/fig9a_gpu.yaml", sets, args.requests))
        base = figures(run_summary(args.servesim, "scenarios/parm/fig13_backup.yaml", sets, args.requests))
        rows.append((label, parm, base))
    add("Fig. 13: ParM against the approximate backup",
        "Backup: 12 deployed + 6 MobileNetV2 instances (width 1.0 ESTIMATE standing in for "
        "width 0.25; see assumptions), backup answers served from the running median on.",
        rows, "Backup")
    add("Section 6.2.3: batch size at 300 qps",
        "Batches of 1, 2, 4 queries in every mode; ParM codes groups of k = 2 batches, and its "
        "parity query is one batch of encoded queries, as in the paper.",
        experiment(args.servesim, "scenarios/parm/batch_size.yaml",
                   [(f"batch {b}", {"pools.0.batching.max_batch": b}) for b in (1, 2, 4)], er,
                   args.requests))

    summary_lines = ["| experiment | largest gap ratio | largest p99.9 reduction |", "|---|---|---|"]
    summary_lines += [f"| {t} | {g:.2f}x | {c:.0f}% |" for t, g, c in headline]
    text = HEADER.format(summary="\n".join(summary_lines)) + "\n".join(sections) + FOOTER
    pathlib.Path(args.output).write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


HEADER = """# ParM in servesim: the latency experiments of Kosaian et al. (SOSP'19)

Generated by `tools/python.sh analysis/parm_validation.py` from the scenarios in
`scenarios/parm/`. Every number here comes from a `servesim run` (3 replications; p99.9 with its
95% half-width). "Gap ratio" is (p99.9 - p50) of the baseline divided by that of ParM;
"p99.9 reduction" is 1 - ParM p99.9 / baseline p99.9. The paper's headline claims, for
comparison: the p99.9-median gap is **up to 3.5x smaller** than with approaches using equal
resources, and p99.9 is **up to 48% lower** under load imbalance (parm_testbed.md).

{summary}

Checks against theory, from `tests/system/parity_test.cpp` (10 replications; no queueing,
exponential service with mean 1 ms, free encode/decode, so that
P(T > t) = e^(-t) (1 - (1 - e^(-t))^k)):

| k | p99 simulated | p99 theory | p99.9 simulated | p99.9 theory | reconstructed | 1/(k+1) |
|---|---|---|---|---|---|---|
| 2 | 2.626 ± 0.017 | 2.631 | 3.794 ± 0.033 | 3.795 | 0.3335 | 0.3333 |
| 4 | 2.954 ± 0.012 | 2.957 | 4.138 ± 0.025 | 4.135 | 0.2001 | 0.2000 |

The same file checks four more things. With r = 2, two missing members are rebuilt from two
parities. Cancelled originals never run: utilisation matches the work actually done. Accuracy is
(1 - f) x available + f x degraded exactly. ParM's p99.9 stays below Equal-Resources' beyond both
95% intervals at equal medians (a Fig. 9a-shaped setting with stragglers).

Coded batches (`tests/system/parity_batches_test.cpp`): with batches of 4 whose service time is
Exp(mean 1 ms), the same closed form holds per batch, hence per request. Simulated (10
replications): k = 2, p99 2.643 ± 0.013 (theory 2.631), p99.9 3.774 ± 0.044 (3.795),
reconstructed 0.3336 (1/3); k = 4, p99 2.951 ± 0.016 (2.957), p99.9 4.081 ± 0.053 (4.135),
reconstructed 0.2005 (1/5); every deployed and parity batch held exactly 4 queries. The same
file checks that a reconstructed batch answers all its requests and cancels its queued batch,
and that a batching timeout sends a partial batch.

What this shows: servesim reproduces the *mechanism* of ParM's result. Equal-Resources spreads the
same instances over all queries and so cannot escape a slow instance, while ParM reconstructs a
slow query from its group's parity. That gives a much smaller tail at nearly the same median.
It does not reproduce the paper's *numbers*. The magnitudes depend on assumptions (below) that
have not been calibrated against measured latencies. In particular, a stronger coupling between
shuffles and service time widens the baselines' tails and therefore widens ParM's advantage.

"""

FOOTER = """
## Assumptions (each stated in the scenario files)

- **Hardware.** ParM measured ResNet-18 on K80 GPUs (p2.xlarge) and on c5.xlarge CPUs. We have no
  K80 profile; the GPU runs use the T4 **estimate** `models/profiles/resnet18_t4.yaml`. The CPU
  runs use our own measurement on a 2-vCPU AMD EPYC VM (`models/profiles/resnet18_cpu.yaml`).
- **Rates.** ParM's rates are rescaled so that its highest rate loads ParM's deployed instances
  to 90%, including the mean slowdown of the background load: 4 shuffles touch 8 of the
  12 + 6 = 18 GPU instances on average, a mean factor of 1 + 0.5 x 8/18 = 1.222. GPU: x 13.30
  (390 qps -> 5,187/s on 12 instances of mean 1.704 ms x 1.222). CPU: x 4.03 (240 qps ->
  967/s on 24 instances of mean 20.09 ms x (1 + 0.5 x 8/36)). ParM's own service time
  (JPEG decode + resize + inference) is not public, so only relative load carries over. An
  earlier mapping that ignored the background slowdown pushed ParM's 12 deployed instances past
  saturation at the top rates, while Equal-Resources' 18 were not.
- **Background load.** 4 shuffles of U{128..256} MB each way between random instance pairs
  over all pools, as in ParM. How strongly a transfer slows an instance's inference was not
  measured anywhere we know of. `slowdown_per_transfer: 0.5` (a batch on an instance in one
  transfer takes 1.5x) is our assumption, and it drives the size of the tails. Multi-tenancy
  (Fig. 12) assumes a co-located job halves the host's speed (`slowdown: 2`).
- **Encoder and decoder.** 0.4 ms to sum and normalise k images (measured with numpy on 2 cores,
  parm_testbed.md). ParM's encoder also JPEG-decodes k images, which is not included. Decoding
  is a 1 µs subtraction.
- **Network.** Lognormal one-way hops with median 0.1 ms and p99 0.3 ms, 10 Gbps, 110 KB JPEG
  queries and 602,112-byte parity tensors. These are the [E] defaults of empirical.md §4.
- **Backup baseline.** ParM used MobileNet-V2 with width 0.25. We only have a width-1.0 T4
  estimate, which is slower than our ResNet-18 estimate. Six such instances serve about 2,700/s,
  less than most rates here, so the backups arrive late and the baseline is **understated**.
  Supply a measured width-0.25 profile to compare fairly.

## Limits of the model

- The batch-size study fixes the batch size (full batches of N, a 100 ms timeout as a safety
  net) in every mode; ParM's paper does not say whether its baselines waited for full batches.
- A request whose original is refused (full queue) is dropped at once, not reconstructed.
- The frontend is not a bottleneck: encoding does not queue behind other encodes.

## What calibration would take

1. A latency profile of the real deployed path: per-query samples of JPEG decode + resize +
   inference on the target GPU/CPU at each batch size, fitted with `servesim fit` or used as
   `{dist: empirical}`.
2. The slowdown of an instance while it is part of 0, 1, 2, ... bulk transfers, measured by
   timing inference during controlled iperf-style transfers. That gives `slowdown_per_transfer`,
   or a measured table if the effect is not linear.
3. The encoder's real cost (JPEG decode of k images plus the sum), as a distribution.
4. The same arrival rates as the testbed. With (1) the rescaling above becomes unnecessary.
   Then compare the simulated median, p99 and p99.9 with the paper's figures point by point.
"""

if __name__ == "__main__":
    sys.exit(main())
