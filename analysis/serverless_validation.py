#!/usr/bin/env python3
"""Runs the serverless-ensemble experiments of issue 4 and writes docs/validation/serverless_ensemble.md.

The seed (../shared/data/serverless_ensemble_seed.md: Lee, Choi, Lee, Kookmin University, an AWS
Step Functions + Lambda ensemble of EfficientNetB0, MobileNetV2 and NASNetMobile) claims that the
parallel ensemble is up to 2.6x faster than the serial one, and that at batch size 1000 it takes
only 7.7 % longer than the slowest single model, for 77.36 % top-1 against 74.89 / 71.49 / 74.29.
This script runs, through the real `servesim run` and `servesim sweep`:

1. scenarios/serverless/ensemble_seed.yaml: serial and parallel, cold and warm, invocation batch
   sizes 1, 10, 100, 1000 (the points of scenarios/sweeps/serverless_ensemble_batch.yaml), and each
   member alone at the same points (a one-member ensemble);
2. the same at batch 1000 with the profiles extrapolated from batch 1..8 alone (what the doc
   used before batch 16..64 were measured), and the extrapolated against the measured means at
   batch 16, 32, 64, as a check of `servesim fit --extrapolate`;
3. scenarios/sweeps/serverless_ensemble_width.yaml (width 1..5; Lambda, CPU servers, GPU servers);
4. scenarios/sweeps/serverless_keep_alive.yaml (fixed TTLs vs the hybrid histogram, bursty trace);

and writes the tables, the claims and the assumptions into one Markdown file.

Usage: tools/python.sh analysis/serverless_validation.py [--servesim PATH]
       [-o docs/validation/serverless_ensemble.md] [--quick]
--quick runs batch sizes 1 and 1000 only, with 3000 requests per run, and skips the sweeps'
replications (for the smoke test); its numbers are not the doc's.
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from servesim_runs import run_summary  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED = "scenarios/serverless/ensemble_seed.yaml"
MEMBERS = ["efficientnet_b0", "mobilenet_v2", "nasnet_mobile"]
LABEL = {"efficientnet_b0": "EfficientNet-B0", "mobilenet_v2": "MobileNetV2",
         "nasnet_mobile": "NASNet-Mobile (MNASNet stand-in)"}
# The same members' profiles with batch 16, 32, 64 extrapolated from the batch 1..8 samples.
FROM_BATCH_8 = {"efficientnet_b0": "models/profiles/efficientnet_b0_cpu_extrapolated.yaml",
                "mobilenet_v2": "models/profiles/mobilenet_v2_cpu_extrapolated.yaml",
                "nasnet_mobile": "models/profiles/mnasnet1_0_cpu_extrapolated.yaml"}
# torchvision name of each member's samples (models/measurements/).
SAMPLES = {"efficientnet_b0": "efficientnet_b0", "mobilenet_v2": "mobilenet_v2",
           "nasnet_mobile": "mnasnet1_0"}
SAMPLES_FILE = "models/measurements/{}_torchvision_cpu_amd-epyc-2cpu.csv"
NOTES = """## Assumptions and sources

Every input of the runs above, with its source or labelled as an assumption.

| input | value | source / status |
|---|---|---|
| member latency, CPU | `models/profiles/{efficientnet_b0,mobilenet_v2,mnasnet1_0}_cpu_fit.yaml` | **measured** by servesim at batch 1, 2, 4, 8, 16, 32, 64 (torchvision, PyTorch 1.13 eager, random weights, 2-vCPU AMD EPYC VM; `models/measurements/README.md`); larger batches **extrapolated** by servesim's linear extension through batch 32 and 64. The seed ran Keras/TensorFlow models with trained weights; the framework is not modelled. |
| NASNet-Mobile | MNASNet 1.0 | **stand-in**: torchvision has no NASNet. MNASNet is cheaper per image at batch 8 than the other two, while the seed found NASNetMobile the slowest at batch 1000. |
| batch-1 anomaly | batch 1 slower than batch 2 for all three members | measured (`models/measurements/README.md`); it makes every member about 50 ms at batch 1 and bends the extrapolation line |
| page faults | at batch 8 MobileNetV2 and EfficientNet-B0 pay about 2 300 minor faults per call (4 KiB pages); at batch 16..64 every member pays 3 600 to 5 500 per call, made cheaper by transparent huge pages (`glibc.malloc.hugetlb=1`) | measured and kept in the profiles (a Lambda runtime would pay them too, on 4 KiB pages unless it sets the same); the batch 16..64 run's setting makes those batches cheaper per image than batch 8 for MobileNetV2 and EfficientNet-B0 (`models/measurements/README.md`) |
| Lambda CPU | 3538 MB = 2 vCPUs, profile applies unchanged | law of docs/serverless.md (one vCPU per 1769 MB, S16); **assumption** that a Lambda vCPU equals a vCPU of the measuring VM; the seed's memory size is not stated |
| batch of 1000 in one invocation | linear in batch size | **assumption**; Keras `predict` splits large inputs into mini-batches of 32, and a batch of 1000 224x224 images would not fit a Lambda's memory in one forward pass, so a linear cost per image is the natural reading |
| cold start | lognormal, median 5.7 s, p99 13.5 s (`models/serverless/aws_coldstart_ml_container_s3_140mb.yaml`) | published quantiles of a 140 MB model in a Lambda container image (S15, empirical.md 3.3): the measured case closest to the seed's 14-29 MB Keras models; `bill_init: true` (container images bill init) |
| keep-alive | cold: TTL 0; warm: TTL 360 s with bursts 120 s apart | 360 s from AWS's 2021 idle data (docs/serverless.md) |
| arrivals (batch study) | bursts of 1000 images every 120 s (`traces/bursts_1000x21_every_120s.csv`) | **assumption**: the seed processed 50 000 validation images in batches; the time between batches is not stated |
| account concurrency | unlimited | **assumption**: 1000 images at batch 1 need 3000 sandboxes at once; the default quota of 1000 (S16) is raisable |
| Step Functions price | $0.025 per 1000 state transitions, shared by the images of a workflow | Standard workflows, empirical.md 3.7 [V-3p S17]; transitions per workflow: n + 1 serial, n + 2 parallel (docs/scenario.md) |
| Step Functions latency | 100 ms per workflow, 20 ms per transition, 0 per branch | **estimates** [E] of empirical.md 3.8 (no measurement exists) |
| aggregation | 25 ms | warm Lambda invoke median, Peeking (ATC'18) [V-3p], empirical.md 3.8; the ensemble Lambda's own bill is not modelled (one request per workflow: under $0.2 per million workflows plus its duration) |
| Lambda prices | $0.0000166667 per GB-s, $0.20 per million requests, 1 ms rounding | empirical.md 3.7 [V-3p S17] |
| CPU server | $0.085 per hour, as fast as the measuring VM | c5.large on-demand, empirical.md 3.7 [V-3p S17]; speed **assumed** |
| GPU server | $0.526 per hour, T4 | g4dn.xlarge, empirical.md 3.7 [V-3p S17]; profiles `models/profiles/*_t4.yaml`: **estimates** of empirical.md 2.7 (EfficientNet-B0, MobileNetV2, NASNet-Mobile, ResNet-18) and published Triton numbers (ResNet-50, 2.1) |
| accuracy | 77.36 % (ensemble), 74.89 / 71.49 / 74.29 % (members) | the seed's table, `models/accuracy/imagenet_ensemble.csv`; no accuracy for widths 2, 4, 5 |

## What servesim leaves out

- ARIMA forecasting of the hybrid policy, Lambda's scaling rate, the free tier and the 10 s init
  cap (docs/serverless.md, "Not modelled").
- Moving images between states: Step Functions passes at most 256 KB per state (empirical.md
  3.6), so images travel by reference (S3); their transfer time is not modelled.

## What it would take to calibrate

1. **Member latency on Lambda**: invoke each member's function (the seed's Keras models) warm at
   each batch size, 200+ times, and log the billed duration (SeBS `perf-cost` records it,
   empirical.md 3.9). That replaces the 2-vCPU VM profiles, the stand-in, the memory law and the
   extrapolation at once; `servesim fit` turns the log into profiles.
2. **Cold starts**: the same functions invoked after more than the keep-alive (SeBS `cold`), to
   replace the 140 MB container fit; separate init from model load if the logs allow.
3. **Step Functions**: per-transition and per-branch latency from the execution history
   (`GetExecutionHistory` timestamps) of the seed's state machine, for
   `ensemble.orchestrator.transition` and `branch`.
4. **The seed's own figure**: the per-batch-size latencies behind its latency figure (not in its
   text) would allow a point-by-point comparison instead of the two headline ratios.
"""

WORKFLOW_USD = 0.000025  # Step Functions Standard, per state transition (empirical.md 3.7)
COLD, WARM = 0, 360      # platform.keep_alive.ttl_s


def default_servesim():
    return os.environ.get("SERVESIM_BINARY", str(ROOT / "build/release/sim/cli/servesim"))


def sweep(servesim, sweep_file, quick):
    """Runs a shipped sweep file; returns its `mean` rows as dicts (one per point)."""
    with tempfile.TemporaryDirectory() as out:
        path = ROOT / sweep_file
        if quick:  # one replication: a copy of the sweep file whose base is an absolute path
            lines = []
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("base:"):
                    line = f"base: {(path.parent / line.split(':', 1)[1].strip()).resolve()}"
                elif line.startswith("replications:"):
                    line = "replications: 1"
                lines.append(line)
            path = pathlib.Path(out) / "quick_sweep.yaml"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        subprocess.run(["nice", servesim, "sweep", str(path), "-o", os.path.join(out, "sweep"),
                        "-j", "2", "-q"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        frame = pd.read_csv(os.path.join(out, "sweep", "sweep.csv"), dtype=str,
                            keep_default_na=False)
        return frame[frame["replication"] == "mean"].to_dict("records")


def point(servesim, execution, ttl, batch, members=None, profiles=None, requests=0):
    sets = {"ensemble.execution": execution, "platform.keep_alive.ttl_s": ttl,
            "pools.0.batching.max_batch": batch,
            "ensemble.orchestrator.usd_per_transition": f"{WORKFLOW_USD / batch:.12g}"}
    if members:
        sets["ensemble.members"] = "[" + ", ".join(members) + "]"
        sets["pools.0.name"] = members[0]
        sets["pools.0.model"] = members[0]
    for model, profile in (profiles or {}).items():
        sets[f"models.{model}.profile"] = profile
    summary = run_summary(servesim, SEED, sets, requests, nice=True)
    lat = summary["latency_ms"]
    return {"p50": lat["p50"], "p99": lat["p99"], "mean": lat["mean"],
            "accuracy": summary["accuracy"],
            "usd_per_m": summary["cost"]["usd_per_million_requests"],
            "cold": sum(p["cold_start_fraction"] for p in summary["pools"].values())
            / len(summary["pools"])}


def batch_means(samples_csv):
    """Mean latency (ms) per batch size of a `batch,latency_ms` samples file."""
    means = pd.read_csv(samples_csv).groupby("batch", sort=False)["latency_ms"].mean()
    return {int(batch): float(mean) for batch, mean in means.items()}


def least_squares_line(means):
    """(slope, intercept) of the least-squares line through {batch: mean}: numpy's polyfit, an
    independent computation of what `servesim fit --extrapolate` does with Eigen."""
    import numpy  # here: the rest of the script runs without it
    batches = sorted(means)
    slope, intercept = numpy.polyfit(batches, [means[b] for b in batches], 1)
    return float(slope), float(intercept)


def s(ms):
    """Milliseconds as seconds, 2 decimals."""
    return f"{ms / 1000:.2f}"


def pct(x):
    return f"{100 * x:.2f} %"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servesim", default=default_servesim())
    parser.add_argument("-o", "--output",
                        default=str(ROOT / "docs/validation/serverless_ensemble.md"))
    parser.add_argument("--quick", action="store_true", help="batch 1 and 1000, 3000 requests")
    args = parser.parse_args(argv)
    if not os.access(args.servesim, os.X_OK):
        print(f"error: {args.servesim}: not an executable (build first)", file=sys.stderr)
        return 2
    batches = [1, 1000] if args.quick else [1, 10, 100, 1000]
    requests = 3000 if args.quick else 0
    sv = args.servesim

    # 1. The seed's ensemble and its members, per (keep-alive, batch).
    ens, single = {}, {}
    for ttl in (COLD, WARM):
        for batch in batches:
            for execution in ("serial", "parallel"):
                ens[(execution, ttl, batch)] = point(sv, execution, ttl, batch, requests=requests)
            for member in MEMBERS:
                single[(member, ttl, batch)] = point(sv, "serial", ttl, batch, [member],
                                                     requests=requests)

    out = []
    w = out.append
    w("# Validation: the serverless ensemble seed (issue 4)\n")
    w("Written by `tools/python.sh analysis/serverless_validation.py` from actual `servesim` runs; "
      "do not edit the numbers by hand. Every figure below is a simulated result of the scenarios "
      "named, whose inputs are listed under [Assumptions](#assumptions-and-sources). One "
      "replication per point unless said otherwise; the batch runs measure 20 000 images (20 "
      "bursts of 1000, one warm-up burst before them), so at batch 1000 a percentile is over 20 "
      "invocations per member and p99 is close to the largest of them.\n")

    # Claims.
    speedups = {(ttl, b): ens[("serial", ttl, b)]["p50"] / ens[("parallel", ttl, b)]["p50"]
                for ttl in (COLD, WARM) for b in batches}
    best = max(speedups, key=speedups.get)
    mean_speedups = {(ttl, b): ens[("serial", ttl, b)]["mean"] / ens[("parallel", ttl, b)]["mean"]
                     for ttl in (COLD, WARM) for b in batches}
    big = batches[-1]

    def vs_slowest(ttl, table_single, table_ens):
        slowest = max(MEMBERS, key=lambda m: table_single[(m, ttl, big)]["p50"])
        return slowest, table_ens[("parallel", ttl, big)]["p50"] / table_single[(slowest, ttl, big)]["p50"] - 1

    slow_warm, over_warm = vs_slowest(WARM, single, ens)
    slow_cold, over_cold = vs_slowest(COLD, single, ens)
    acc_ens = ens[("parallel", WARM, big)]["accuracy"]
    w("## The seed's claims against servesim\n")
    w("| claim (seed) | servesim | verdict |")
    w("|---|---|---|")
    best_mean = max(mean_speedups, key=mean_speedups.get)
    w(f"| parallel up to 2.6x faster than serial | by median up to {speedups[best]:.2f}x "
      f"({'cold' if best[0] == COLD else 'warm'}, batch {best[1]}), range "
      f"{min(speedups.values()):.2f}x to {max(speedups.values()):.2f}x over batch sizes "
      f"{', '.join(map(str, batches))}, cold and warm; by mean up to "
      f"{mean_speedups[best_mean]:.2f}x ({'cold' if best_mean[0] == COLD else 'warm'}, batch "
      f"{best_mean[1]}) | same order. Three members give at most 3x; the fixed workflow overhead "
      f"(about 0.15 s) pulls the ratio down at small batch, unequal members at large batch (our "
      f"NASNet stand-in is faster than the other two there), and cold starts of downstream "
      f"functions push the serial mean up (below) |")
    w(f"| at batch {big} parallel only 7.7 % slower than the slowest single model (NASNetMobile) | "
      f"warm: {100 * over_warm:+.1f} % against the slowest single member, which here is "
      f"{LABEL[slow_warm]}; cold: {100 * over_cold:+.1f} % ({LABEL[slow_cold]}) | same shape "
      f"(parallel = max of members + orchestration); the slowest member differs (our NASNet "
      f"stand-in is the fastest at large batch). Warm, the slowest member is the slowest in "
      f"nearly every burst, and with common random numbers its function draws the same times "
      f"alone and in the ensemble, so the gap is only the parallel state's extra overhead, which "
      f"servesim has no data for (branch start 0); cold, the max of three cold starts adds to it |")
    w(f"| ensemble top-1 77.36 % vs members 74.89 / 71.49 / 74.29 % | {pct(acc_ens)} vs "
      + " / ".join(pct(single[(m, WARM, big)]["accuracy"]) for m in MEMBERS)
      + " | an input: servesim reads the seed's table (models/accuracy/imagenet_ensemble.csv); "
      "it checks only that the run serves every image with the full ensemble |")
    w(f"| serial = sum of member times, parallel = max | serial p50 / sum of single p50s at batch "
      + ", ".join(f"{b}: {ens[('serial', WARM, b)]['p50'] / sum(single[(m, WARM, b)]['p50'] for m in MEMBERS):.2f}"
                  for b in batches)
      + " (warm); parallel p50 / slowest single p50: "
      + ", ".join(f"{b}: {ens[('parallel', WARM, b)]['p50'] / max(single[(m, WARM, b)]['p50'] for m in MEMBERS):.2f}"
                  for b in batches)
      + " | holds where member times dominate (batch 100 and up). At small batch each single run "
      "carries the whole workflow overhead (100 ms workflow, 20 ms transition, 25 ms aggregation), "
      "which the sum counts three times, so serial / sum is below 1; parallel / slowest is above "
      "1 where the three members' times are close, since the max of three draws exceeds one |\n")

    # Latency / cost table.
    w("## Serial vs parallel, cold vs warm, per invocation batch size\n")
    w(f"`{SEED}` with `--set ensemble.execution=…`, `platform.keep_alive.ttl_s=0` (cold: every "
      "invocation starts a sandbox) or `360` (warm), `pools.0.batching.max_batch=B` and "
      f"`ensemble.orchestrator.usd_per_transition={WORKFLOW_USD}/B` (the same points as "
      "`scenarios/sweeps/serverless_ensemble_batch.yaml`). Latency in seconds, per image, from "
      "the burst's arrival to the answer (every image of a batch waits for its batch). $/M = "
      "USD per million images: Lambda requests and GB-seconds (init billed for container images) "
      "and Step Functions transitions.\n")
    w("| batch | start | serial p50 | serial p99 | parallel p50 | parallel p99 | speed-up (p50) "
      "| speed-up (mean) | serial $/M | parallel $/M | cold-start fraction (parallel) | accuracy |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for b in batches:
        for ttl in (COLD, WARM):
            se, pa = ens[("serial", ttl, b)], ens[("parallel", ttl, b)]
            w(f"| {b} | {'cold' if ttl == COLD else 'warm'} | {s(se['p50'])} | {s(se['p99'])} | "
              f"{s(pa['p50'])} | {s(pa['p99'])} | {se['p50'] / pa['p50']:.2f}x | "
              f"{se['mean'] / pa['mean']:.2f}x | "
              f"{se['usd_per_m']:.2f} | {pa['usd_per_m']:.2f} | {pa['cold']:.3f} | "
              f"{pct(pa['accuracy'])} |")
    w("")
    se1, pa1 = ens[("serial", WARM, batches[0])], ens[("parallel", WARM, batches[0])]
    w(f"Cold-start fraction counts every invocation, the warm-up burst's included (1/21 = 0.048 "
      f"when only the first burst is cold). The warm serial p99 at batch {batches[0]} "
      f"({s(se1['p99'])} s against {s(pa1['p99'])} s parallel) is a real effect of serial "
      f"execution: in the cold first burst the second and third functions receive their images "
      f"spread out by the first function's cold starts, so they start fewer sandboxes than a "
      f"warm burst later needs at once; the missing ones start cold, a few per cent of images. "
      f"Parallel execution gives every function the whole burst at once from the start. The "
      f"cost per image falls roughly as 1/batch until the per-image compute dominates: request "
      f"fees, Step Functions transitions (parallel pays one more per workflow) and billed cold "
      f"starts (container image init) are paid per invocation or workflow and shared by its "
      f"images. $/M covers the whole run, the cold warm-up burst included (docs/scenario.md), "
      f"so the warm rows carry 1/21 of a cold burst's init bill.\n")
    w("Each member alone (a one-member workflow: one transition, the aggregation step, the "
      "workflow overhead), median / p99 in seconds and $/M:\n")
    w("| batch | start | " + " | ".join(LABEL[m] for m in MEMBERS) + " | parallel ensemble vs slowest |")
    w("|---|---|" + "---|" * len(MEMBERS) + "---|")
    for b in batches:
        for ttl in (COLD, WARM):
            cells = [f"{s(single[(m, ttl, b)]['p50'])} / {s(single[(m, ttl, b)]['p99'])} / "
                     f"${single[(m, ttl, b)]['usd_per_m']:.2f}" for m in MEMBERS]
            slowest = max(single[(m, ttl, b)]["p50"] for m in MEMBERS)
            w(f"| {b} | {'cold' if ttl == COLD else 'warm'} | " + " | ".join(cells) + " | "
              f"{100 * (ens[('parallel', ttl, b)]['p50'] / slowest - 1):+.1f} % |")
    w("")

    # 2. Sensitivity to the extrapolation rule at the largest batch.
    sens_ens = {(e, WARM, big): point(sv, e, WARM, big, profiles=FROM_BATCH_8, requests=requests)
                for e in ("serial", "parallel")}
    sens_single = {(m, WARM, big): point(sv, "serial", WARM, big, [m],
                                         profiles={m: FROM_BATCH_8[m]}, requests=requests)
                   for m in MEMBERS}
    slow_s, over_s = vs_slowest(WARM, sens_single, sens_ens)
    w(f"## Sensitivity: batch {big} is an extrapolation\n")
    w("Batch sizes 1 to 64 were measured; above 64 servesim continues the line through the "
      "two largest measured sizes (32 and 64), so batch 1000 is 15 times beyond the data. "
      "How much rests on the extrapolation shows in what the line through batch 1..8 alone "
      "predicted for 16, 32 and 64 (`servesim fit --extrapolate`: the least-squares line "
      "through the per-batch mean latencies), against the means measured there, in ms:\n")
    w("| member | batch | measured mean | line through 1..8 | error |")
    w("|---|---|---|---|---|")
    for m in MEMBERS:
        means = batch_means(ROOT / SAMPLES_FILE.format(SAMPLES[m]))
        small = {b: v for b, v in means.items() if b <= 8}
        slope, intercept = least_squares_line(small)
        for b in sorted(b for b in means if b > 8):
            predicted = intercept + slope * b
            w(f"| {LABEL[m]} | {b} | {means[b]:.1f} | {predicted:.1f} | "
              f"{100 * (predicted / means[b] - 1):+.1f} % |")
    w("")
    w(f"Running the batch study on those earlier profiles (`*_cpu_extrapolated.yaml`, rows 16, "
      f"32, 64 from the 1..8 line) instead of the measured ones gives, warm, at batch {big}:\n")
    w("| profiles | " + " | ".join(f"{LABEL[m]} p50" for m in MEMBERS)
      + " | serial p50 | parallel p50 | speed-up | parallel vs slowest |")
    w("|---|" + "---|" * (len(MEMBERS) + 4))
    w("| `*_cpu_fit.yaml` (measured 1..64) | "
      + " | ".join(s(single[(m, WARM, big)]["p50"]) for m in MEMBERS)
      + f" | {s(ens[('serial', WARM, big)]['p50'])} | {s(ens[('parallel', WARM, big)]['p50'])} | "
      f"{speedups[(WARM, big)]:.2f}x | {100 * over_warm:+.1f} % ({LABEL[slow_warm]}) |")
    w("| `*_cpu_extrapolated.yaml` (line through 1..8) | "
      + " | ".join(s(sens_single[(m, WARM, big)]["p50"]) for m in MEMBERS)
      + f" | {s(sens_ens[('serial', WARM, big)]['p50'])} | "
      f"{s(sens_ens[('parallel', WARM, big)]['p50'])} | "
      f"{sens_ens[('serial', WARM, big)]['p50'] / sens_ens[('parallel', WARM, big)]['p50']:.2f}x | "
      f"{100 * over_s:+.1f} % ({LABEL[slow_s]}) |\n")

    # 3. Width sweep.
    rows = sweep(sv, "scenarios/sweeps/serverless_ensemble_width.yaml", args.quick)
    w("## Ensemble width 1..5: Lambda vs servers\n")
    w("`servesim sweep scenarios/sweeps/serverless_ensemble_width.yaml` (2 replications, means; "
      "one image per request, Poisson 4 images/s, parallel execution). Lambda: CPU profiles at "
      "3538 MB with Step Functions; CPU servers: one 2-vCPU instance per member at $0.085/h "
      "(c5.large), same CPU profiles; GPU servers: one T4 per member at $0.526/h (g4dn.xlarge), "
      "T4 estimates. Members in order: EfficientNet-B0, MobileNetV2, NASNet-Mobile (MNASNet), "
      "ResNet-18, ResNet-50. Latency in ms.\n")
    platforms = ["Lambda (CPU, 3538 MB)", "CPU servers (c5.large-like)", "GPU servers (T4)"]
    w("| width | " + " | ".join(f"{p} p50 / p99 / $/M" for p in platforms) + " |")
    w("|---|" + "---|" * len(platforms))
    by_width = {}
    for row in rows:
        width = row["ensemble.members"].count(",") + 1
        if "serverless" in row["platform"]:
            kind = 0
        else:
            kind = 1 if "0.085" in row["platform"] else 2
        by_width.setdefault(width, {})[kind] = row
    for width in sorted(by_width):
        cells = []
        for kind in range(3):
            r = by_width[width][kind]
            cells.append(f"{float(r['latency_ms.p50']):.1f} / {float(r['latency_ms.p99']):.1f} / "
                         f"{float(r['cost.usd_per_million_requests']):.2f}")
        w(f"| {width} | " + " | ".join(cells) + " |")
    w("")
    lam1 = float(by_width[min(by_width)][0]["cost.usd_per_million_requests"])
    w("Servers bill every hour whether busy or not, so their $/M falls as load rises; at 4 "
      "images/s each 2-vCPU server is about 20 % busy. Lambda's $/M does not depend on load, and "
      f"most of it is Step Functions: n + 2 transitions at $25 per million, $75 of the width-1 "
      f"${lam1:.2f}. Adding ResNet-18 and ResNet-50 (widths 4, 5) leaves the latency almost "
      "unchanged on every platform, because at batch 1 both are faster than the slowest of the "
      "first three (see the batch-1 anomaly); it adds their full cost.\n")

    # 4. Keep-alive sweep.
    rows = sweep(sv, "scenarios/sweeps/serverless_keep_alive.yaml", args.quick)
    w("## Keep-alive: fixed TTL vs hybrid histogram on a bursty trace\n")
    w("`servesim sweep scenarios/sweeps/serverless_keep_alive.yaml`: the parallel ensemble, one "
      "image per invocation, on the Azure LLM code trace (inter-arrival CV 13) at its own speed "
      "and 20 times slower. Cold-start fraction = cold starts / invocations, averaged over the "
      "three functions, warm-up included. Sandbox-hours: sandboxes alive, summed over the three "
      "functions, from the start to the last answer (`pools.<name>.sandbox_s`; x 3538 / 1024 "
      "for GB-hours): the memory that keep-alive costs the provider. Latency in ms.\n")
    w("| trace speed | keep-alive | cold-start fraction | sandbox-hours | p50 | p99 | p99.9 | $/M |")
    w("|---|---|---|---|---|---|---|---|")
    keep = {}
    for row in rows:
        colds = [float(v) for k, v in row.items() if k.endswith(".cold_start_fraction") and v]
        sandbox_h = sum(float(v) for k, v in row.items() if k.endswith(".sandbox_s") and v) / 3600
        policy = row["platform.keep_alive"]
        policy = ("hybrid histogram" if "hybrid" in policy
                  else "fixed " + policy.split("ttl_s:")[1].strip(" }") + " s")
        peak = max(int(float(v)) for k, v in row.items()
                   if k.startswith("pools.") and k.endswith(".instances") and v)
        keep[(row["workload.arrival.speedup"], policy)] = (sum(colds) / len(colds), sandbox_h,
                                                           peak)
        w(f"| {row['workload.arrival.speedup']}x | {policy} | {sum(colds) / len(colds):.4f} | "
          f"{sandbox_h:.1f} | "
          f"{float(row['latency_ms.p50']):.1f} | {float(row['latency_ms.p99']):.1f} | "
          f"{float(row['latency_ms.p999']):.1f} | {float(row['cost.usd_per_million_requests']):.2f} |")
    w("")
    def versus(speed):
        (c_h, m_h, p_h), (c_f, m_f, p_f) = (keep[(speed, "hybrid histogram")],
                                            keep[(speed, "fixed 360 s")])
        return (f"{c_h:.4f} against {c_f:.4f} cold starts per invocation, {m_h:.1f} against "
                f"{m_f:.1f} sandbox-hours, and at most {p_h} against {p_f} sandboxes of one "
                "function at once")
    w("Longer fixed keep-alives give fewer cold starts for more sandbox-hours. The hybrid "
      "histogram gives more cold starts than any fixed TTL on this trace. It learns the "
      "function's idle times, which on a busy bursty function are short (mostly 0 while another "
      "invocation is in flight, docs/serverless.md). The trace's gaps have a p99 of 2.2 s at its "
      "own speed and 44 s at 0.05x (traces/README.md), so the 99th percentile of idle times "
      "falls in the first one-minute bin and the rule of docs/serverless.md keeps a sandbox "
      "(0 + 1) x 60 s x 1.1 = 66 s, with no pre-warm, against 6 to 20 min. The sandboxes of a "
      "function that scaled out in a burst idle much longer than the function does, and they "
      f"expire before the next burst. Against the fixed 360 s: at 0.05x, {versus('0.05')}, "
      "so the policy trades the user's cold starts (5.7 s each here, which reach the p99) for "
      f"the provider's memory; at the trace's own speed, {versus('1')}: it loses on both, "
      "because each 5.7 s cold start in a burst makes the requests arriving meanwhile start "
      "sandboxes of their own, and the extra sandboxes outweigh the shorter keep-alive. On a "
      "rarely used function (scenarios/serverless/hybrid_keep_alive.yaml) the histogram "
      "pre-warms and wins (docs/serverless.md, Validation). The $/M differences are billed cold "
      "starts (bill_init).\n")

    w(NOTES)
    text = "\n".join(out)
    pathlib.Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    tmp = pathlib.Path(args.output + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
