#!/usr/bin/env python3
"""Plot what a servesim bill is made of: one stacked bar per sweep point, one segment per part of
summary.json's `cost.breakdown` (compute, idle, provisioned, init, requests, orchestrator), so a
reader sees at once where the money goes (e.g. cold-start init or Step Functions transitions in a
serverless ensemble).

Reads sweep.csv (pandas) and takes each point's `replication = mean` row. The parts sum to
`cost.usd_total` exactly (docs/serverless.md), so the bar's height is the total. Parts that are
zero at every plotted point are left out of the legend. --share draws each part as a fraction of
its point's total instead of dollars. Bar names: the sweep's labels, else --name KEY... values,
else every swept key that varies among the plotted points (`key=value, ...`).

Usage:
  tools/python.sh analysis/plot_cost.py SWEEP.csv -o FILE.{pdf,png} [-o ...] [--share]
        [--where KEY=VALUE ...] [--exclude KEY=VALUE ...] [--name KEY ...] [--logy]
        [--title T] [--width IN] [--height IN] [--dpi N]

Exit codes: 0 success; 2 bad input or usage (one `error:` line, no output file left behind);
1 internal error. cost_bars and make_figure are the tested interface.
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from figure_output import (ArgumentParser, InputError, add_figure_arguments,  # noqa: E402
                           add_output_argument, check_figure_arguments, check_outputs, paper_rc,
                           save_figure)
from sweep_table import (add_point_filter_arguments, load_sweep, number,  # noqa: E402
                         parse_pairs, parse_where)

PARTS = ("compute", "idle", "provisioned", "init", "requests", "orchestrator")
PART_LABELS = {"compute": "compute", "idle": "idle capacity", "provisioned": "provisioned",
               "init": "cold-start init", "requests": "request fees",
               "orchestrator": "orchestrator transitions"}
HATCHES = ("", "//", "..", "xx", "\\\\", "--")


def cost_bars(table, where=None, exclude=None, names=()):
    """(bar names, {part: [dollars per bar]}, totals) of the selected points, in sweep order.
    Raises InputError when the sweep has no cost.breakdown columns."""
    columns = [f"cost.breakdown.{p}" for p in PARTS]
    if not all(c in table.figures for c in columns):
        raise InputError(f"{table.path}: error: no cost.breakdown.* columns (a sweep.csv from "
                         "servesim before the cost breakdown?)")
    points = table.select(where or {}, exclude)
    if not points:
        raise InputError(f"{table.path}: error: no point matches --where/--exclude")
    for key in names:
        table.require_field(key, "--name")
    varying = [k for k in table.keys if len({p.values[k] for p in points}) > 1]
    bars = []
    for point in points:
        if names:
            bars.append(", ".join(point.field(k) for k in names))
        elif table.labelled:
            bars.append(point.label)
        else:
            bars.append(", ".join(f"{k.split('.')[-1]}={point.values[k]}" for k in varying))
    parts = {p: [number(point.mean[f"cost.breakdown.{p}"]) for point in points] for p in PARTS}
    totals = [number(point.mean["cost.usd_total"]) for point in points]
    return bars, parts, totals


def make_figure(bars, parts, totals, share=False, logy=False, title=None, width_in=3.4,
                height_in=2.6):
    """Stacked bars: one BarContainer per part that is non-zero somewhere (its label the part's
    name), stacked in PARTS order. Returns the matplotlib Figure."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context(paper_rc()):
        fig, ax = plt.subplots(figsize=(width_in, height_in))
        positions = list(range(len(bars)))
        bottom = [0.0] * len(bars)
        for idx, part in enumerate(PARTS):
            values = parts[part]
            if all(v == 0 or math.isnan(v) for v in values):
                continue
            if share:
                values = [v / t if t > 0 else 0.0 for v, t in zip(values, totals)]
            ax.bar(positions, values, bottom=bottom, label=PART_LABELS[part], color=f"C{idx}",
                   hatch=HATCHES[idx % len(HATCHES)], edgecolor="white", linewidth=0.3)
            bottom = [b + v for b, v in zip(bottom, values)]
        ax.set_xticks(positions)
        ax.set_xticklabels(bars, rotation=45 if max(map(len, bars)) > 6 else 0, ha="right"
                           if max(map(len, bars)) > 6 else "center")
        ax.set_ylabel("share of the bill" if share else "cost (USD)")
        if logy and not share:
            ax.set_yscale("log")
        ax.grid(True, axis="y", linewidth=0.4, alpha=0.5)
        if title:
            ax.set_title(title)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.01), ncol=3, frameon=False,
                  fontsize=6)
        fig.tight_layout(pad=0.2)
    return fig


def main(argv=None):
    parser = ArgumentParser(
        description="Plot the cost breakdown of a servesim sweep.csv as stacked bars.",
        epilog="Example: plot_cost.py out/serverless/sweep.csv --share -o cost.pdf -o cost.png")
    parser.add_argument("sweep", metavar="SWEEP.csv", help="sweep.csv of `servesim sweep`")
    add_output_argument(parser)
    parser.add_argument("--share", action="store_true", help="parts as fractions of the total")
    parser.add_argument("--logy", action="store_true", help="log-scale cost axis")
    add_point_filter_arguments(parser)
    parser.add_argument("--name", nargs="+", default=[], metavar="KEY",
                        help="name bars by these keys' values")
    add_figure_arguments(parser, height_in=2.6)
    args = parser.parse_args(argv)
    try:
        check_outputs(args.output)
        check_figure_arguments(args)
        table = load_sweep(args.sweep)
        bars, parts, totals = cost_bars(table, parse_where(args.where), parse_pairs(args.exclude),
                                        args.name)
    except InputError as err:
        print(err, file=sys.stderr)
        return 2
    fig = make_figure(bars, parts, totals, share=args.share, logy=args.logy, title=args.title,
                      width_in=args.width, height_in=args.height)
    for path in args.output:
        save_figure(fig, path, args.dpi)
    return 0


if __name__ == "__main__":
    sys.exit(main())
