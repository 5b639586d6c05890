#!/usr/bin/env python3
"""Plot a figure of a servesim sweep against a swept key: one line per value of other swept
key(s), with 95% confidence intervals as error bars.

Reads the sweep.csv of `servesim sweep` (docs/sweep.md): for every point it takes the row
`replication = mean` as the value and the row `replication = ci95` as the error bar (none with
one replication). x = the values of --x (a numeric axis when they are all numbers, else one
category per value in sweep order); one line per combination of the --by keys' values (legend
"key=value"); every other swept key must take a single value among the plotted points, fixed
with --where KEY=VALUE when the sweep varies it. Tail latencies (p99, p99.9, p99.99, max) get a
log y axis by default (--logy / --no-logy to choose).

Paper-ready defaults as plot_cdf.py: one column (3.4 x 2.4 in), 8 pt fonts, TrueType fonts in
PDFs, no creation date in the files (same input, same bytes). Several -o write several formats
of one figure (.pdf and .png).

Usage:
  tools/python.sh analysis/plot_sweep.py SWEEP.csv --x KEY --y FIGURE [--by KEY ...]
        [--where KEY=VALUE ...] -o FILE.{pdf,png} [-o ...] [--logx] [--logy | --no-logy]
        [--xlabel TEXT] [--ylabel TEXT] [--title TEXT] [--width IN] [--height IN] [--dpi N]

Exit codes: 0 success; 2 bad input or usage (one `error:` line naming the file or option, no
output file left behind); 1 internal error. The functions sweep_series and make_figure are the
script's tested interface.
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from figure_output import (ArgumentParser, InputError, add_figure_arguments,  # noqa: E402
                           check_figure_arguments, check_outputs, paper_rc, save_figure)
from sweep_table import LOG_BY_DEFAULT, label_of, load_sweep, number, parse_where  # noqa: E402

LINESTYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


class Series:
    """One line: its label, x positions, y values (means) and half-widths (ci95), in x order."""

    def __init__(self, label, x, y, err):
        self.label, self.x, self.y, self.err = label, x, y, err


def sweep_series(table, x_key, y_key, by=(), where=None):
    """The lines to draw. Returns (series, x_ticks): x_ticks is None for a numeric x axis, else
    the category names (x positions are then 0, 1, ...). Raises InputError when a key or figure
    is unknown, or when a swept key that is neither --x nor --by still varies."""
    where = where or {}
    table.require_key(x_key, "--x")
    table.require_figure(y_key, "--y")
    for key in by:
        table.require_key(key, "--by")
        if key == x_key:
            raise InputError(f"error: --by {key}: is already the x axis")
    points = table.select(where)
    if not points:
        raise InputError(f"{table.path}: error: no point matches --where "
                         f"{' '.join(f'{k}={v}' for k, v in where.items())}")
    for key in table.keys:
        if key == x_key or key in by or key in where:
            continue
        values = []
        for point in points:
            if point.values[key] not in values:
                values.append(point.values[key])
        if len(values) > 1:
            raise InputError(f"{table.path}: error: the sweep also varies {key} "
                             f"({', '.join(values)}); add it to --by or fix it with "
                             f"--where {key}={values[0]}")
    x_values = []
    for point in points:
        if point.values[x_key] not in x_values:
            x_values.append(point.values[x_key])
    numeric = all(not math.isnan(number(v)) for v in x_values)
    ticks = None if numeric else x_values

    groups = {}  # label -> [(x, y, err)]
    for point in points:
        if len(by) == 1:  # the legend title names the key
            label = point.values[by[0]]
        elif by:
            label = ", ".join(f"{key}={point.values[key]}" for key in by)
        else:
            label = y_key
        x = number(point.values[x_key]) if numeric else float(x_values.index(point.values[x_key]))
        mean, half = point.figure(y_key)
        groups.setdefault(label, []).append((x, mean, half))
    series = []
    for label, rows in groups.items():
        rows.sort(key=lambda row: row[0])
        series.append(Series(label, [r[0] for r in rows], [r[1] for r in rows],
                             [r[2] for r in rows]))
    return series, ticks


def make_figure(series, x_ticks=None, xlabel="", ylabel="", title=None, logx=False, logy=False,
                legend_title=None, width_in=3.4, height_in=2.4):
    """The figure: one errorbar line per series, through exactly its (x, y) values, with
    vertical bars of +-err. Returns the matplotlib Figure."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context(paper_rc()):
        fig, ax = plt.subplots(figsize=(width_in, height_in))
        for idx, line in enumerate(series):
            ax.errorbar(line.x, line.y, yerr=line.err, label=line.label,
                        linestyle=LINESTYLES[idx % len(LINESTYLES)],
                        marker=MARKERS[idx % len(MARKERS)], markersize=3.5, elinewidth=0.8)
        if x_ticks is not None:
            ax.set_xticks(range(len(x_ticks)))
            ax.set_xticklabels(x_ticks, rotation=20 if max(map(len, x_ticks)) > 8 else 0)
        if logx:
            ax.set_xscale("log")
        if logy:
            ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.grid(True, which="major", linewidth=0.4, alpha=0.5)
        if title:
            ax.set_title(title)
        if len(series) > 1 or legend_title:
            ax.legend(loc="best", frameon=False, title=legend_title)
        fig.tight_layout(pad=0.2)
    return fig


def main(argv=None):
    parser = ArgumentParser(
        description="Plot a figure of a servesim sweep.csv against a swept key, one line per "
                    "value of other swept keys, with 95%% confidence intervals.",
        epilog="Example: plot_sweep.py out/load/sweep.csv --x workload.arrival.rate "
               "--y latency_ms.p999 --by redundancy -o load.pdf -o load.png")
    parser.add_argument("sweep", metavar="SWEEP.csv", help="sweep.csv of `servesim sweep`")
    parser.add_argument("--x", required=True, metavar="KEY", help="swept key on the x axis")
    parser.add_argument("--y", required=True, metavar="FIGURE",
                        help="figure on the y axis, e.g. latency_ms.p999")
    parser.add_argument("--by", nargs="+", default=[], metavar="KEY",
                        help="swept key(s) whose values make the lines")
    parser.add_argument("--where", nargs="+", default=[], metavar="KEY=VALUE",
                        help="keep only points with these swept values")
    parser.add_argument("-o", "--output", action="append", required=True, metavar="FILE",
                        help="output figure, .pdf or .png (repeat for both)")
    parser.add_argument("--logx", action="store_true", help="log-scale x axis")
    logy = parser.add_mutually_exclusive_group()
    logy.add_argument("--logy", dest="logy", action="store_true", default=None,
                      help="log-scale y axis (default for p99, p99.9, p99.99 and max)")
    logy.add_argument("--no-logy", dest="logy", action="store_false", help="linear y axis")
    parser.add_argument("--xlabel", help="x label (default: from the key)")
    parser.add_argument("--ylabel", help="y label (default: from the figure)")
    add_figure_arguments(parser, height_in=2.4)
    args = parser.parse_args(argv)
    try:
        check_outputs(args.output)
        check_figure_arguments(args)
        table = load_sweep(args.sweep)
        series, ticks = sweep_series(table, args.x, args.y, args.by, parse_where(args.where))
    except InputError as err:
        print(err, file=sys.stderr)
        return 2
    logy = args.logy if args.logy is not None else args.y in LOG_BY_DEFAULT
    fig = make_figure(series, ticks, xlabel=args.xlabel or label_of(args.x),
                      ylabel=args.ylabel or label_of(args.y), title=args.title, logx=args.logx,
                      logy=logy, legend_title=", ".join(label_of(k) for k in args.by) or None,
                      width_in=args.width, height_in=args.height)
    for path in args.output:
        save_figure(fig, path, args.dpi)
    return 0


if __name__ == "__main__":
    sys.exit(main())
