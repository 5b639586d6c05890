#!/usr/bin/env python3
"""Plot the latency distributions of servesim runs with a log-scale tail axis.

Reads RUN_DIR/cdf.csv of each run folder (written by `servesim run -o RUN_DIR`; header
`latency_ms,fraction`, fraction = F(latency) non-decreasing up to 1.0) and draws one line per run:
x = latency in ms (linear, or log with --logx), y = the complementary fraction 1 - F on a log axis
whose ticks are labelled as percentiles (1 - F = 0.5 is p50, 0.1 is p90, 0.01 is p99, 1e-3 is
p99.9, ...). The y axis is inverted so that higher percentiles sit higher, as in the usual
"tail at scale" plot: the curve rises like a CDF, and the tail, compressed to nothing on a linear
CDF axis, gets one decade per "nine". Points with F = 1 (1 - F = 0, e.g. the maximum) cannot be
shown on a log axis and are left out, as are points with latency 0 under --logx.

Legend: --labels if given, else the "scenario" field of RUN_DIR/summary.json when present, else
the run folder's name. With --sweep SWEEP.csv (a sweep run with `outputs: {cdf: true}`), the
runs are the sweep's points (their `point_dir`), chosen with --where/--exclude, and named by the
sweep's labels or --label KEY=VALUE:NAME.

Bands: a folder that also holds per-replication CDFs (`cdf.0.csv`, `cdf.1.csv`, ..., as sweeps
write them) gets a shaded 95% confidence band around its line: at each tail level, the Student-t
interval of the mean of the replications' latencies (--no-bands to leave them out). Log latency
axes (--logx) are ticked at 1, 2, 5 x 10^n with plain numbers. The output format follows the extension of -o: .pdf or .png. Defaults are
paper-ready for one column: 3.4 x 2.4 in, 8 pt fonts, tight bounding box; PDF fonts are embedded as
TrueType (Type 42) and the files carry no creation date, so the same input gives the same bytes.

Usage:
  tools/python.sh analysis/plot_cdf.py RUN_DIR [RUN_DIR ...] -o FILE.{pdf,png} [-o ...]
        [--labels L1 L2 ...] [--title TEXT] [--logx] [--no-bands] [--width IN] [--height IN]
        [--dpi N]
  tools/python.sh analysis/plot_cdf.py --sweep SWEEP.csv [--where K=V ...] [--exclude K=V ...]
        [--label KEY=VALUE:NAME ...] -o FILE.pdf [-o FILE.png] ...

Exit codes: 0 success; 2 bad input or usage (one line `FILE:LINE: error: message` or
`error: message` on stderr, and no output file left behind); 1 internal error.
Needs python3-matplotlib, python3-numpy and python3-pandas (tools/deps.sh installs them).
The functions load_cdf, tail_points, run_label, replication_cdfs, band and make_figure are the
script's tested interface.
"""

import glob
import json
import math
import os
import re
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from figure_output import (ArgumentParser, InputError, add_figure_arguments,  # noqa: E402
                           add_output_argument, check_figure_arguments, check_outputs, paper_rc,
                           plain_log_ticks, save_figure)

# Line styles cycle with colours so that runs stay apart in grey-scale print.
LINESTYLES = ("-", "--", "-.", ":")


def load_cdf(path):
    """Reads a servesim cdf.csv and returns (latency_ms, fraction) as float64 numpy arrays.

    REQUIRES: header `latency_ms,fraction`; at least one row; every value finite; latency >= 0 and
    non-decreasing; fraction in [0, 1] and non-decreasing. Raises InputError naming the file and
    line otherwise (a missing file included)."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, header=None,
                            skip_blank_lines=True)
    except FileNotFoundError:
        raise InputError(f"{path}: error: no such file (expected the cdf.csv of a servesim run)") \
            from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}:1: error: header must be 'latency_ms,fraction' "
                         "(got 'an empty file')") from None
    except pd.errors.ParserError as err:
        raise InputError(f"{path}: error: {str(err).strip()}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: error: cannot read: {err}") from None
    header = [str(h).strip() for h in frame.iloc[0]]
    if header != ["latency_ms", "fraction"]:
        raise InputError(f"{path}:1: error: header must be 'latency_ms,fraction' "
                         f"(got {','.join(h for h in header if h)!r})")
    body = frame.iloc[1:]
    if body.empty:
        raise InputError(f"{path}: error: no data rows")
    values = body.apply(pd.to_numeric, errors="coerce")
    lines = np.arange(len(body)) + 2  # 1-based, after the header
    bad = values.isna().any(axis=1).to_numpy()
    if bad.any():
        idx = int(np.argmax(bad))
        raise InputError(f"{path}:{lines[idx]}: error: not a number: "
                         f"{','.join(body.iloc[idx])!r}")
    latency = values.iloc[:, 0].to_numpy(dtype=np.float64)
    fraction = values.iloc[:, 1].to_numpy(dtype=np.float64)
    checks = [
        (~np.isfinite(latency) | ~np.isfinite(fraction), lambda i: "value not finite"),
        (latency < 0, lambda i: f"latency_ms must be >= 0 (got {latency[i]:g})"),
        ((fraction < 0) | (fraction > 1), lambda i: f"fraction must be in [0, 1] "
                                                    f"(got {fraction[i]:g})"),
    ]
    for mask, message in checks:
        if mask.any():
            idx = int(np.argmax(mask))
            raise InputError(f"{path}:{lines[idx]}: error: {message(idx)}")
    decreasing = np.zeros(len(latency), dtype=bool)
    decreasing[1:] = (np.diff(latency) < 0) | (np.diff(fraction) < 0)
    if decreasing.any():
        idx = int(np.argmax(decreasing))
        raise InputError(f"{path}:{lines[idx]}: error: latency_ms and fraction must be "
                         "non-decreasing")
    return latency, fraction


def replication_cdfs(run_dir):
    """The per-replication CDFs of a folder (cdf.0.csv, cdf.1.csv, ... as sweeps with
    `outputs: {cdf: true}` write them), in replication order; [] when there are none."""
    found = []
    for path in glob.glob(os.path.join(run_dir, "cdf.*.csv")):
        match = re.fullmatch(r"cdf\.(\d+)\.csv", os.path.basename(path))
        if match:
            found.append((int(match.group(1)), path))
    return [load_cdf(path) for _, path in sorted(found)]


def t95(dof):
    """Two-sided 95% Student-t quantile with `dof` degrees of freedom."""
    from scipy.stats import t
    return float(t.ppf(0.975, dof))


def band(replications, tails):
    """(low, high) latency at each tail level (1 - F) of `tails`: the 95% Student-t interval of
    the mean over replications of each replication's latency at that level (linear
    interpolation in its CDF). REQUIRES: at least two replications."""
    at = np.array([np.interp(1.0 - tails, fraction, latency)
                   for latency, fraction in replications])
    mean = at.mean(axis=0)
    half = t95(len(replications) - 1) * at.std(axis=0, ddof=1) / math.sqrt(len(replications))
    return mean - half, mean + half


def tail_points(latency_ms, fraction):
    """The points the plot draws for one run: (x, y) with x = latency_ms and y = 1 - fraction,
    keeping only points with y > 0 (a log axis cannot show 0). Values are not rounded or
    resampled."""
    latency_ms = np.asarray(latency_ms, dtype=np.float64)
    tail = 1.0 - np.asarray(fraction, dtype=np.float64)
    keep = tail > 0.0
    return latency_ms[keep], tail[keep]


def run_label(run_dir, given=None):
    """Legend text of a run: `given` if not None, else summary.json's "scenario" (a string, or an
    object with a "name"), else the folder's base name."""
    if given is not None:
        return given
    summary_path = os.path.join(run_dir, "summary.json")
    try:
        with open(summary_path, encoding="utf-8") as handle:
            scenario = json.load(handle).get("scenario")
    except (OSError, ValueError, AttributeError):
        scenario = None
    if isinstance(scenario, dict):
        scenario = scenario.get("name")
    if isinstance(scenario, str) and scenario.strip():
        return scenario
    return os.path.basename(os.path.normpath(run_dir))


def percentile_label(tail):
    """'p50' for 0.5, 'p90' for 0.1, 'p99.9' for 1e-3, ...: the percentile at 1 - F = tail."""
    pct = 100.0 * (1.0 - tail)
    return "p" + (f"{pct:.10f}".rstrip("0").rstrip("."))


def y_ticks(min_tail):
    """Tick positions (1 - F) from 0.5 down to the decade at or below min_tail (at least 1e-4,
    so a short run still shows the range the figures are about)."""
    # The 1e-9 slack keeps a tail of 0.99999999e-5 (1 - F computed in floating point) from
    # adding a whole empty decade.
    lowest_decade = min(-4, int(math.floor(math.log10(min_tail) + 1e-9))) if min_tail > 0 else -4
    return [0.5] + [10.0 ** -k for k in range(1, -lowest_decade + 1)]


def make_figure(series, title=None, logx=False, width_in=3.4, height_in=2.4, bands=None):
    """Builds the figure. `series` is a list of (label, latency_ms, fraction); returns the
    matplotlib Figure, whose axes hold one Line2D per series with exactly tail_points' data
    (less any latency-0 points when logx). `bands`, if given, holds per series a list of
    replication CDFs; two or more make a shaded band (a PolyCollection with gid 'band')."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    with plt.rc_context(paper_rc()):
        fig, ax = plt.subplots(figsize=(width_in, height_in))
        min_tail, max_x, min_x = 1.0, 0.0, math.inf
        for idx, (label, latency_ms, fraction) in enumerate(series):
            x, y = tail_points(latency_ms, fraction)
            if logx:  # a log axis cannot show latency 0 either
                x, y = x[x > 0], y[x > 0]
            line, = ax.plot(x, y, label=label, linestyle=LINESTYLES[idx % len(LINESTYLES)])
            reps = bands[idx] if bands else []
            if len(reps) >= 2 and y.size:
                tails = np.geomspace(0.5, max(float(y.min()), 1e-6), 200)
                low, high = band(reps, tails)
                if logx:
                    low = np.maximum(low, float(x[x > 0].min()) / 1.1 if (x > 0).any() else 1e-9)
                ax.fill_betweenx(tails, low, high, color=line.get_color(), alpha=0.25,
                                 linewidth=0, gid="band")
            if y.size:
                min_tail = min(min_tail, float(y.min()))
            positive = x[x > 0]
            if positive.size:
                min_x = min(min_x, float(positive.min()))
            if x.size:
                max_x = max(max_x, float(x.max()))
        ax.set_yscale("log")
        ticks = y_ticks(min_tail)
        ax.set_ylim(1.0, ticks[-1])  # inverted: p0 at the bottom, the deepest tail at the top
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: percentile_label(v)))
        ax.yaxis.set_minor_locator(NullLocator())
        if logx:
            ax.set_xscale("log")
            if math.isfinite(min_x) and max_x > 0:
                ax.set_xlim(min_x / 1.1, max_x * 1.1)
            plain_log_ticks(ax.xaxis)
        else:
            ax.set_xlim(left=0.0)
        ax.set_xlabel("latency (ms)")
        ax.set_ylabel("percentile (log 1-F)")
        ax.grid(True, which="major", linewidth=0.4, alpha=0.5)
        if title:
            ax.set_title(title)
        if series:
            ax.legend(loc="best", frameon=False)
        fig.tight_layout(pad=0.2)
    return fig


def sweep_runs(sweep_csv, where, exclude, labels):
    """[(run folder, label)] of the points of a sweep run with `outputs: {cdf: true}`."""
    from plot_sweep import parse_labels, series_name
    from sweep_table import load_sweep, parse_pairs, parse_where
    table = load_sweep(sweep_csv)
    if "point_dir" not in table.figures:
        raise InputError(f"{sweep_csv}: error: no point_dir column; run the sweep with "
                         "`outputs: {cdf: true}` to keep its points' CDFs")
    labels = parse_labels(labels)
    runs = []
    for point in table.select(parse_where(where), parse_pairs(exclude)):
        name = series_name(point, [], labels, table)
        if not name:
            name = ", ".join(f"{k}={v}" for k, v in point.values.items())
        runs.append((os.path.join(os.path.dirname(sweep_csv), point.mean["point_dir"]), name))
    if not runs:
        raise InputError(f"{sweep_csv}: error: no point matches --where/--exclude")
    return runs


def main(argv=None):
    parser = ArgumentParser(
        description="Plot latency CDFs of servesim runs (RUN_DIR/cdf.csv) with a log tail axis "
                    "labelled in percentiles (p50, p90, p99, p99.9, p99.99).",
        epilog="Example: plot_cdf.py out/none out/parity -o tail.pdf -o tail.png "
               "--labels none ParM")
    parser.add_argument("run_dirs", nargs="*", metavar="RUN_DIR",
                        help="run folder holding cdf.csv (and optionally summary.json, "
                             "cdf.<r>.csv)")
    parser.add_argument("--sweep", metavar="SWEEP.csv",
                        help="plot the points of this sweep (run with outputs: {cdf: true})")
    from sweep_table import add_point_filter_arguments  # as above: pandas only when needed
    add_point_filter_arguments(parser, "with --sweep: ")
    parser.add_argument("--label", action="append", default=[], metavar="KEY=VALUE:NAME",
                        help="with --sweep: legend name of the points with KEY=VALUE")
    add_output_argument(parser)
    parser.add_argument("--labels", nargs="+", metavar="LABEL",
                        help="legend labels, one per RUN_DIR, in the same order")
    parser.add_argument("--logx", action="store_true", help="log-scale latency axis")
    parser.add_argument("--no-bands", action="store_true",
                        help="no confidence bands from per-replication CDFs")
    add_figure_arguments(parser)
    args = parser.parse_args(argv)

    try:
        check_outputs(args.output)
        if bool(args.run_dirs) == bool(args.sweep):
            raise InputError("error: give RUN_DIR folders or --sweep SWEEP.csv (one of them)")
        if args.sweep:
            runs = sweep_runs(args.sweep, args.where, args.exclude, args.label)
        else:
            runs = [(run_dir, None) for run_dir in args.run_dirs]
        if args.labels is not None and len(args.labels) != len(runs):
            raise InputError(f"error: --labels: {len(args.labels)} labels for "
                             f"{len(runs)} run folders")
        check_figure_arguments(args)
        series, bands = [], []
        for idx, (run_dir, name) in enumerate(runs):
            latency_ms, fraction = load_cdf(os.path.join(run_dir, "cdf.csv"))
            label = run_label(run_dir, args.labels[idx] if args.labels else name)
            series.append((label, latency_ms, fraction))
            bands.append([] if args.no_bands else replication_cdfs(run_dir))
    except InputError as err:
        print(err, file=sys.stderr)
        return 2
    fig = make_figure(series, title=args.title, logx=args.logx, width_in=args.width,
                      height_in=args.height, bands=bands)
    for path in args.output:
        save_figure(fig, path, args.dpi)
    return 0


if __name__ == "__main__":
    sys.exit(main())
