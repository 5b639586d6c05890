#!/usr/bin/env python3
"""Plot the time series of one or more servesim runs (RUN_DIR/timeseries.csv) in three or four panels.

timeseries.csv (written by `servesim run -o RUN_DIR`, sim/run/timeseries_csv.hpp) has one row per
interval of simulated time: time_s, arrivals_per_s, resolved_per_s, in_system,
utilization.<pool> (one column per pool), cost_usd, hedge_threshold_ms (empty when none), and
latency_p50_ms, latency_p99_ms, latency_p999_ms (empty in intervals with no answer; older files
lack them). Panels, sharing the time axis: (0) when the latency columns are present, the
latency percentiles of the requests answered in each interval (log scale); (1) load: arrivals and resolved requests per second; (2) queue and
utilisation: requests in the system (left axis) and each pool's utilisation (right axis);
(3) cost so far in USD, with the hedge threshold in ms on a right axis when a run has one.
One line style per run; legend from --labels, else summary.json's "scenario", else the folder.

Usage:
  /usr/bin/python3 analysis/plot_timeseries.py RUN_DIR [RUN_DIR ...] -o FILE.{pdf,png}
        [--labels L1 L2 ...] [--title TEXT] [--width IN] [--height IN] [--dpi N]

Exit codes: 0 success; 2 bad input or usage (`error: message` on stderr, no output left behind);
1 internal error. Needs python3-matplotlib and python3-pandas.
The functions load_timeseries and make_figure are the script's tested interface.
"""

import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from figure_output import (ArgumentParser, InputError, add_figure_arguments,  # noqa: E402
                           check_figure_arguments, check_outputs, paper_rc, save_figure)

REQUIRED = ("time_s", "arrivals_per_s", "resolved_per_s", "in_system", "cost_usd",
            "hedge_threshold_ms")
LINESTYLES = ("-", "--", "-.", ":")
PERCENTILES = (("latency_p50_ms", "p50"), ("latency_p99_ms", "p99"), ("latency_p999_ms", "p99.9"))


def load_timeseries(path):
    """Reads a timeseries.csv into a pandas DataFrame. Raises InputError naming the file when it
    is missing, lacks a column of REQUIRED, has no rows, or time_s is not increasing."""
    import pandas as pd
    if not os.path.exists(path):
        raise InputError(f"{path}: error: no such file (expected the timeseries.csv of a "
                         "servesim run)")
    try:
        frame = pd.read_csv(path)
    except (ValueError, OSError) as err:
        raise InputError(f"{path}: error: cannot read as CSV: {err}") from None
    missing = [column for column in REQUIRED if column not in frame.columns]
    if missing:
        raise InputError(f"{path}: error: missing column(s) {', '.join(missing)}")
    if frame.empty:
        raise InputError(f"{path}: error: no rows")
    times = frame["time_s"].to_numpy()
    if not all(math.isfinite(t) for t in times) or any(b <= a for a, b in zip(times, times[1:])):
        raise InputError(f"{path}: error: time_s must be finite and increasing")
    return frame


def run_label(run_dir, given):
    if given:
        return given
    try:
        with open(os.path.join(run_dir, "summary.json"), encoding="utf-8") as handle:
            return str(json.load(handle)["scenario"])
    except (OSError, ValueError, KeyError):
        return os.path.basename(os.path.normpath(run_dir))


def make_figure(series, title=None, width_in=3.4, height_in=4.2):
    """series: list of (label, DataFrame). Returns a matplotlib Figure with three panels, four
    (latency first) when any run has the latency percentile columns."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    with_latency = any(all(column in frame.columns for column, _ in PERCENTILES)
                       for _, frame in series)
    with plt.rc_context(paper_rc()):
        fig, axes = plt.subplots(4 if with_latency else 3, 1, sharex=True,
                                 figsize=(width_in, height_in * (4 / 3 if with_latency else 1)))
        latency_ax = axes[0] if with_latency else None
        load_ax, queue_ax, cost_ax = axes[-3:]
        util_ax = queue_ax.twinx()
        hedge_ax = None
        for idx, (label, frame) in enumerate(series):
            style = LINESTYLES[idx % len(LINESTYLES)]
            time = frame["time_s"]
            if latency_ax is not None and all(c in frame.columns for c, _ in PERCENTILES):
                for p_idx, (column, name) in enumerate(PERCENTILES):
                    latency_ax.plot(time, frame[column], style, color=f"C{p_idx}",
                                    label=f"{label}: {name}")
            load_ax.plot(time, frame["arrivals_per_s"], style, color="C0",
                         label=f"{label}: arrivals")
            load_ax.plot(time, frame["resolved_per_s"], style, color="C1",
                         label=f"{label}: answered")
            queue_ax.plot(time, frame["in_system"], style, color="C2", label=f"{label}: in system")
            for pool_idx, column in enumerate(c for c in frame.columns
                                               if c.startswith("utilization.")):
                util_ax.plot(time, frame[column], style, color=f"C{3 + pool_idx}",
                             label=f"{label}: {column[len('utilization.'):]} util.")
            cost_ax.plot(time, frame["cost_usd"], style, color="C7", label=f"{label}: cost")
            threshold = frame["hedge_threshold_ms"]
            if threshold.notna().any():
                hedge_ax = hedge_ax or cost_ax.twinx()
                hedge_ax.plot(time, threshold, style, color="C8",
                              label=f"{label}: hedge threshold")
        if latency_ax is not None:
            latency_ax.set_yscale("log")
            latency_ax.set_ylabel("latency (ms)")
            latency_ax.legend(loc="upper left", frameon=False, fontsize=6)
        load_ax.set_ylabel("requests/s")
        queue_ax.set_ylabel("in system")
        util_ax.set_ylabel("utilisation")
        util_ax.set_ylim(0, 1.05)
        cost_ax.set_ylabel("cost (USD)")
        cost_ax.set_xlabel("simulated time (s)")
        if hedge_ax is not None:
            hedge_ax.set_ylabel("hedge after (ms)")
        for axis in (load_ax, queue_ax, util_ax, cost_ax) + ((hedge_ax,) if hedge_ax else ()):
            handles, labels = axis.get_legend_handles_labels()
            if handles and axis in (load_ax, queue_ax, cost_ax):
                extra = util_ax if axis is queue_ax else hedge_ax if axis is cost_ax else None
                more_h, more_l = extra.get_legend_handles_labels() if extra else ([], [])
                axis.legend(handles + more_h, labels + more_l, loc="upper left", frameon=False,
                            fontsize=6)
        if title:
            axes[0].set_title(title)
        fig.align_ylabels(axes)
        return fig


def main(argv=None):
    parser = ArgumentParser(
        description="Plot servesim time series (RUN_DIR/timeseries.csv): latency "
                    "percentiles, load, queue and utilisation, cost and hedge threshold over "
                    "simulated time.",
        epilog="Example: plot_timeseries.py out/hedge -o timeseries.png")
    parser.add_argument("run_dirs", nargs="+", metavar="RUN_DIR",
                        help="run folder holding timeseries.csv (and optionally summary.json)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="output figure; the format follows the extension (.pdf or .png)")
    parser.add_argument("--labels", nargs="+", metavar="LABEL",
                        help="legend labels, one per RUN_DIR, in the same order")
    add_figure_arguments(parser, height_in=4.2)
    args = parser.parse_args(argv)
    try:
        check_outputs([args.output])
        if args.labels is not None and len(args.labels) != len(args.run_dirs):
            raise InputError(f"error: --labels: {len(args.labels)} labels for "
                             f"{len(args.run_dirs)} run folders")
        check_figure_arguments(args)
        series = []
        for idx, run_dir in enumerate(args.run_dirs):
            frame = load_timeseries(os.path.join(run_dir, "timeseries.csv"))
            series.append((run_label(run_dir, args.labels[idx] if args.labels else None), frame))
    except InputError as err:
        print(err, file=sys.stderr)
        return 2
    fig = make_figure(series, title=args.title, width_in=args.width, height_in=args.height)
    save_figure(fig, args.output, args.dpi)
    return 0


if __name__ == "__main__":
    sys.exit(main())
