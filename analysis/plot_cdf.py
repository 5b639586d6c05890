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
the run folder's name. The output format follows the extension of -o: .pdf or .png. Defaults are
paper-ready for one column: 3.4 x 2.4 in, 8 pt fonts, tight bounding box; PDF fonts are embedded as
TrueType (Type 42) and the files carry no creation date, so the same input gives the same bytes.

Usage:
  /usr/bin/python3 analysis/plot_cdf.py RUN_DIR [RUN_DIR ...] -o FILE.{pdf,png}
        [--labels L1 L2 ...] [--title TEXT] [--logx] [--width IN] [--height IN] [--dpi N]

Exit codes: 0 success; 2 bad input or usage (one line `FILE:LINE: error: message` or
`error: message` on stderr, and no output file left behind); 1 internal error.
Needs python3-matplotlib and python3-numpy (Debian 12: apt-get install -y python3-matplotlib).
The functions load_cdf, tail_points, run_label and make_figure are the script's tested interface.
"""

import csv
import json
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from figure_output import (ArgumentParser, InputError, add_figure_arguments,  # noqa: E402
                           check_figure_arguments, check_outputs, paper_rc, save_figure)

# Line styles cycle with colours so that runs stay apart in grey-scale print.
LINESTYLES = ("-", "--", "-.", ":")


def load_cdf(path):
    """Reads a servesim cdf.csv and returns (latency_ms, fraction) as float64 numpy arrays.

    REQUIRES: header `latency_ms,fraction`; at least one row; every value finite; latency >= 0 and
    non-decreasing; fraction in [0, 1] and non-decreasing. Raises InputError naming the file and
    line otherwise (a missing file included)."""
    try:
        handle = open(path, newline="", encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: error: no such file (expected the cdf.csv of a servesim run)") \
            from None
    except OSError as err:
        raise InputError(f"{path}: error: cannot read: {err.strerror}") from None
    latency, fraction = [], []
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != ["latency_ms", "fraction"]:
            raise InputError(f"{path}:1: error: header must be 'latency_ms,fraction' "
                             f"(got {','.join(header) if header else 'an empty file'!r})")
        for row in reader:
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != 2:
                raise InputError(f"{path}:{line}: error: expected 2 fields, got {len(row)}")
            try:
                lat, frac = float(row[0]), float(row[1])
            except ValueError:
                raise InputError(f"{path}:{line}: error: not a number: {','.join(row)!r}") \
                    from None
            if not (math.isfinite(lat) and math.isfinite(frac)):
                raise InputError(f"{path}:{line}: error: value not finite")
            if lat < 0:
                raise InputError(f"{path}:{line}: error: latency_ms must be >= 0 (got {lat:g})")
            if not 0.0 <= frac <= 1.0:
                raise InputError(f"{path}:{line}: error: fraction must be in [0, 1] "
                                 f"(got {frac:g})")
            if latency and (lat < latency[-1] or frac < fraction[-1]):
                raise InputError(f"{path}:{line}: error: latency_ms and fraction must be "
                                 "non-decreasing")
            latency.append(lat)
            fraction.append(frac)
    if not latency:
        raise InputError(f"{path}: error: no data rows")
    return np.asarray(latency, dtype=np.float64), np.asarray(fraction, dtype=np.float64)


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


def make_figure(series, title=None, logx=False, width_in=3.4, height_in=2.4):
    """Builds the figure. `series` is a list of (label, latency_ms, fraction); returns the
    matplotlib Figure, whose axes hold one Line2D per series with exactly tail_points' data
    (less any latency-0 points when logx)."""
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
            ax.plot(x, y, label=label, linestyle=LINESTYLES[idx % len(LINESTYLES)])
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


def main(argv=None):
    parser = ArgumentParser(
        description="Plot latency CDFs of servesim runs (RUN_DIR/cdf.csv) with a log tail axis "
                    "labelled in percentiles (p50, p90, p99, p99.9, p99.99).",
        epilog="Example: plot_cdf.py out/none out/parity -o tail.pdf --labels none ParM")
    parser.add_argument("run_dirs", nargs="+", metavar="RUN_DIR",
                        help="run folder holding cdf.csv (and optionally summary.json)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="output figure; the format follows the extension (.pdf or .png)")
    parser.add_argument("--labels", nargs="+", metavar="LABEL",
                        help="legend labels, one per RUN_DIR, in the same order")
    parser.add_argument("--logx", action="store_true", help="log-scale latency axis")
    add_figure_arguments(parser)
    args = parser.parse_args(argv)

    try:
        check_outputs([args.output])
        if args.labels is not None and len(args.labels) != len(args.run_dirs):
            raise InputError(f"error: --labels: {len(args.labels)} labels for "
                             f"{len(args.run_dirs)} run folders")
        check_figure_arguments(args)
        series = []
        for idx, run_dir in enumerate(args.run_dirs):
            latency_ms, fraction = load_cdf(os.path.join(run_dir, "cdf.csv"))
            label = run_label(run_dir, args.labels[idx] if args.labels else None)
            series.append((label, latency_ms, fraction))
    except InputError as err:
        print(err, file=sys.stderr)
        return 2
    fig = make_figure(series, title=args.title, logx=args.logx, width_in=args.width,
                      height_in=args.height)
    save_figure(fig, args.output, args.dpi)
    return 0


if __name__ == "__main__":
    sys.exit(main())
