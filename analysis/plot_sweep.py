#!/usr/bin/env python3
"""Plot a figure of a servesim sweep against a swept key: one line per series, with 95%
confidence intervals as error bars and a marker per series; small multiples with --col.

Reads the sweep.csv of `servesim sweep` (docs/sweep.md) with pandas: for every point it takes the
row `replication = mean` as the value and the row `replication = ci95` as the error bar (none with
one replication). x = the values of --x (a numeric axis when they are all numbers, else one
category per value in sweep order), or --x-expr, an arithmetic expression of swept keys and
figures (`workload.arrival.rate/16000` turns a rate into a load). Series: one per combination of
the --by keys' values (`label` is the sweep's own label column); without --by, one per label when
the sweep has labels. Legend names: --label KEY=VALUE:NAME (first match wins), else the sweep's
label, else the --by values. Every other swept key must not put two points of one series on one
x; fix it with --where KEY=VALUE or leave points out with --exclude KEY=VALUE.

Points whose `stable` column (or `stability.stable`) says 0/false are drawn hollow, and the
legend says "hollow: unstable"; sweeps without the column are drawn as they are. Tail latencies
(p99, p99.9, p99.99, max) get a log y axis by default (--logy / --no-logy); log axes are ticked
at 1, 2, 5 x 10^n with plain numbers.

Paper-ready defaults: one column (3.4 x 2.4 in), 8 pt fonts, TrueType fonts in PDFs, no creation
date in the files (same input, same bytes). Several -o write several formats of one figure.

Usage:
  tools/python.sh analysis/plot_sweep.py SWEEP.csv --x KEY | --x-expr EXPR --y FIGURE
        [--by KEY ...] [--col KEY] [--where KEY=VALUE ...] [--exclude KEY=VALUE ...]
        [--label KEY=VALUE:NAME ...] -o FILE.{pdf,png} [-o ...] [--logx] [--logy | --no-logy]
        [--xlim LO HI] [--ylim LO HI] [--xlabel TEXT] [--ylabel TEXT] [--title TEXT]
        [--width IN] [--height IN] [--dpi N]

Exit codes: 0 success; 2 bad input or usage (one `error:` line naming the file or option, no
output file left behind); 1 internal error. The functions sweep_series, sweep_panels,
make_figure and make_panels are the script's tested interface.
"""

import ast
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from figure_output import (ArgumentParser, InputError, add_figure_arguments,  # noqa: E402
                           add_output_argument, check_figure_arguments, check_outputs, paper_rc,
                           plain_log_ticks, save_figure)
from sweep_table import (LOG_BY_DEFAULT, add_point_filter_arguments, label_of,  # noqa: E402
                         load_sweep, number, parse_pairs, parse_where)

LINESTYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
UNSTABLE_LABEL = "hollow: unstable"


class Series:
    """One line: its label, x positions, y values (means), half-widths (ci95) and stability
    (True / False / None per point), in x order."""

    def __init__(self, label, x, y, err, stable=None):
        self.label, self.x, self.y, self.err = label, x, y, err
        self.stable = stable if stable is not None else [None] * len(x)


def parse_labels(items):
    """`KEY=VALUE:NAME` strings -> [(key, value, name)]."""
    labels = []
    for item in items or []:
        if "=" not in item or ":" not in item.split("=", 1)[1]:
            raise InputError(f"error: --label {item!r}: expected KEY=VALUE:NAME")
        key, rest = item.split("=", 1)
        value, name = rest.split(":", 1)
        labels.append((key.strip(), value.strip(), name.strip()))
    return labels


class XExpr:
    """An arithmetic expression of swept keys and figures (+ - * / ** and numbers), e.g.
    `workload.arrival.rate/16000`. Dotted names are read whole."""

    def __init__(self, text, table):
        self.text = text
        names = sorted(set(table.keys) | set(table.figures), key=len, reverse=True)
        code, self.names = text, {}
        for idx, name in enumerate(names):
            if name in code:
                code = code.replace(name, f"_v{idx}")
                self.names[f"_v{idx}"] = name
        try:
            self.tree = ast.parse(code, mode="eval")
        except SyntaxError:
            raise InputError(f"error: --x-expr {text!r}: not an expression") from None
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name) and node.id not in self.names:
                raise InputError(f"error: --x-expr {text!r}: {node.id!r} is neither a swept key "
                                 "nor a figure of this sweep")
            if not isinstance(node, (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Load,
                                     ast.Constant, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow,
                                     ast.USub, ast.UAdd)):
                raise InputError(f"error: --x-expr {text!r}: only + - * / ** of numbers and keys")

    def __call__(self, point):
        def value(node):
            if isinstance(node, ast.Expression):
                return value(node.body)
            if isinstance(node, ast.Constant):
                return float(node.value)
            if isinstance(node, ast.Name):
                return number(point.field(self.names[node.id]))
            if isinstance(node, ast.UnaryOp):
                return -value(node.operand) if isinstance(node.op, ast.USub) else value(node.operand)
            left, right = value(node.left), value(node.right)
            ops = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
                   ast.Mult: lambda a, b: a * b, ast.Pow: lambda a, b: a ** b,
                   ast.Div: lambda a, b: a / b if b != 0 else math.nan}
            return ops[type(node.op)](left, right)
        return value(self.tree)


def series_name(point, by, labels, table):
    for key, value, name in labels:
        if point.field(key) == value:
            return name
    if not by and table.labelled:
        return point.label
    if len(by) == 1:
        return point.field(by[0])
    if by:
        return ", ".join(f"{key}={point.field(key)}" for key in by)
    return None


def sweep_series(table, x_key, y_key, by=(), where=None, exclude=None, labels=(), x_expr=None,
                 points=None):
    """The lines to draw. Returns (series, x_ticks): x_ticks is None for a numeric x axis, else
    the category names (x positions are then 0, 1, ...). Raises InputError when a key or figure
    is unknown, or when two points of one series fall on one x (a swept key still varies)."""
    where = where or {}
    if x_expr is None and not (x_key == "label" and table.labelled):
        table.require_key(x_key, "--x")
    table.require_figure(y_key, "--y")
    for key in by:
        if key == "label" and table.labelled:
            continue
        table.require_key(key, "--by")
        if key == x_key:
            raise InputError(f"error: --by {key}: is already the x axis")
    for key, _, _ in labels:
        table.require_field(key, "--label")
    if points is None:
        points = table.select(where, exclude)
    if not points:
        raise InputError(f"{table.path}: error: no point matches --where/--exclude")
    numeric = True
    x_values = []
    if x_expr is None:
        for point in points:
            if point.field(x_key) not in x_values:
                x_values.append(point.field(x_key))
        numeric = all(not math.isnan(number(v)) for v in x_values)
    ticks = None if numeric else x_values

    groups = {}  # series key -> (name, [(x, y, err, stable, point)])
    for point in points:
        key = tuple(point.field(k) for k in by) if by else (point.label if table.labelled else "")
        if x_expr is not None:
            x = x_expr(point)
        elif numeric:
            x = number(point.field(x_key))
        else:
            x = float(x_values.index(point.field(x_key)))
        mean, half = point.figure(y_key)
        if key not in groups:
            groups[key] = (series_name(point, by, labels, table) or y_key, [])
        groups[key][1].append((x, mean, half, point.stable(), point))
    for name, rows in groups.values():
        seen = {}
        for row in rows:
            if row[0] in seen:
                other = seen[row[0]]
                varying = [k for k in table.keys if k != x_key and k not in by and k not in where
                           and row[4].values[k] != other.values[k]]
                key = varying[0] if varying else "label"
                values = [other.field(key), row[4].field(key)]
                raise InputError(f"{table.path}: error: the sweep also varies {key} "
                                 f"({', '.join(values)}) within series {name!r}; add it to --by, "
                                 f"fix it with --where {key}={values[0]} or leave points out "
                                 f"with --exclude")
            seen[row[0]] = row[4]
    series = []
    for name, rows in groups.values():
        rows.sort(key=lambda row: row[0])
        series.append(Series(name, [r[0] for r in rows], [r[1] for r in rows],
                             [r[2] for r in rows], [r[3] for r in rows]))
    return series, ticks


def sweep_panels(table, col, **kwargs):
    """[(panel title, series, ticks)] for small multiples: one panel per value of swept key
    `col` (in sweep order)."""
    table.require_field(col, "--col")
    where = kwargs.pop("where", None) or {}
    exclude = kwargs.pop("exclude", None)
    points = table.select(where, exclude)
    panels = []
    values = []
    for point in points:
        if point.field(col) not in values:
            values.append(point.field(col))
    for value in values:
        members = [p for p in points if p.field(col) == value]
        series, ticks = sweep_series(table, where=dict(where, **{col: value}) if col in table.keys
                                     else where, points=members, **kwargs)
        name = label_of(col) if label_of(col) != col else col.split(".")[-1]
        panels.append((f"{name} = {value}", series, ticks))
    return panels


def draw_series(ax, series, x_ticks=None, logx=False, logy=False, xlim=None, ylim=None):
    """Draws the series on one axes; returns True when some point was unstable."""
    any_unstable = False
    for idx, line in enumerate(series):
        container = ax.errorbar(line.x, line.y, yerr=line.err, label=line.label,
                                linestyle=LINESTYLES[idx % len(LINESTYLES)],
                                marker=MARKERS[idx % len(MARKERS)], markersize=3.5,
                                elinewidth=0.8)
        colour = container.lines[0].get_color()
        hollow = [i for i, stable in enumerate(line.stable) if stable is False]
        if hollow:
            any_unstable = True
            ax.plot([line.x[i] for i in hollow], [line.y[i] for i in hollow], linestyle="none",
                    marker=MARKERS[idx % len(MARKERS)], markersize=3.5, markerfacecolor="white",
                    markeredgecolor=colour, zorder=3, gid="unstable")
    if x_ticks is not None:
        ax.set_xticks(range(len(x_ticks)))
        ax.set_xticklabels(x_ticks, rotation=20 if max(map(len, x_ticks)) > 8 else 0)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    if xlim:
        ax.set_xlim(*xlim)
    if ylim:
        ax.set_ylim(*ylim)
    if logx:
        plain_log_ticks(ax.xaxis)
    if logy:
        plain_log_ticks(ax.yaxis)
    ax.grid(True, which="major", linewidth=0.4, alpha=0.5)
    return any_unstable


def add_legend(ax, series, any_unstable, legend_title, **kwargs):
    from matplotlib.lines import Line2D
    handles, names = ax.get_legend_handles_labels()
    if any_unstable:
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=3.5,
                              markerfacecolor="white", markeredgecolor="0.3"))
        names.append(UNSTABLE_LABEL)
    if len(series) > 1 or legend_title or any_unstable:
        ax.legend(handles, names, frameon=False, title=legend_title, **kwargs)


def make_figure(series, x_ticks=None, xlabel="", ylabel="", title=None, logx=False, logy=False,
                legend_title=None, width_in=3.4, height_in=2.4, xlim=None, ylim=None):
    """The figure: one errorbar line per series, through exactly its (x, y) values, with
    vertical bars of +-err; unstable points hollow. Returns the matplotlib Figure."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context(paper_rc()):
        fig, ax = plt.subplots(figsize=(width_in, height_in))
        unstable = draw_series(ax, series, x_ticks, logx, logy, xlim, ylim)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        add_legend(ax, series, unstable, legend_title, loc="best")
        fig.tight_layout(pad=0.2)
    return fig


def make_panels(panels, xlabel="", ylabel="", title=None, logx=False, logy=False,
                legend_title=None, width_in=3.4, height_in=2.4, xlim=None, ylim=None):
    """Small multiples side by side with a shared y axis; one legend, above the panels."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context(paper_rc()):
        fig, axes = plt.subplots(1, len(panels), figsize=(width_in, height_in), sharey=True,
                                 squeeze=False)
        unstable = False
        for ax, (panel_title, series, ticks) in zip(axes[0], panels):
            unstable |= draw_series(ax, series, ticks, logx, logy, xlim, ylim)
            ax.set_title(panel_title)
            ax.set_xlabel(xlabel)
        axes[0][0].set_ylabel(ylabel)
        if title:
            fig.suptitle(title)
        first = panels[0][1]
        handles, names = axes[0][0].get_legend_handles_labels()
        if unstable:
            from matplotlib.lines import Line2D
            handles.append(Line2D([], [], linestyle="none", marker="o", markersize=3.5,
                                  markerfacecolor="white", markeredgecolor="0.3"))
            names.append(UNSTABLE_LABEL)
        if len(first) > 1 or legend_title or unstable:
            fig.legend(handles, names, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                       ncol=min(4, len(names)), frameon=False, title=legend_title)
        fig.tight_layout(pad=0.2)
    return fig


def pair(text):
    try:
        low, high = (float(v) for v in text)
    except ValueError:
        raise InputError(f"error: limits must be numbers, got {' '.join(text)}") from None
    return low, high


def main(argv=None):
    parser = ArgumentParser(
        description="Plot a figure of a servesim sweep.csv against a swept key, one line per "
                    "series, with 95%% confidence intervals.",
        epilog="Example: plot_sweep.py out/load/sweep.csv --x-expr workload.arrival.rate/16000 "
               "--y latency_ms.p999 --by label -o load.pdf -o load.png")
    parser.add_argument("sweep", metavar="SWEEP.csv", help="sweep.csv of `servesim sweep`")
    xgroup = parser.add_mutually_exclusive_group(required=True)
    xgroup.add_argument("--x", metavar="KEY", help="swept key on the x axis")
    xgroup.add_argument("--x-expr", metavar="EXPR",
                        help="x from an expression of swept keys and figures, e.g. "
                             "workload.arrival.rate/16000 (then give --xlabel)")
    parser.add_argument("--y", required=True, metavar="FIGURE",
                        help="figure on the y axis, e.g. latency_ms.p999")
    parser.add_argument("--by", nargs="+", default=[], metavar="KEY",
                        help="swept key(s) whose values make the lines (`label`: the sweep's "
                             "labels; the default when the sweep has them)")
    parser.add_argument("--col", metavar="KEY", help="one panel per value of this key")
    add_point_filter_arguments(parser)
    parser.add_argument("--label", action="append", default=[], metavar="KEY=VALUE:NAME",
                        help="legend name of the series whose points have KEY=VALUE (repeat)")
    add_output_argument(parser)
    parser.add_argument("--logx", action="store_true", help="log-scale x axis")
    logy = parser.add_mutually_exclusive_group()
    logy.add_argument("--logy", dest="logy", action="store_true", default=None,
                      help="log-scale y axis (default for p99, p99.9, p99.99 and max)")
    logy.add_argument("--no-logy", dest="logy", action="store_false", help="linear y axis")
    parser.add_argument("--xlim", nargs=2, metavar=("LO", "HI"), help="x axis limits")
    parser.add_argument("--ylim", nargs=2, metavar=("LO", "HI"), help="y axis limits")
    parser.add_argument("--xlabel", help="x label (default: from the key)")
    parser.add_argument("--ylabel", help="y label (default: from the figure)")
    add_figure_arguments(parser, height_in=2.4)
    args = parser.parse_args(argv)
    try:
        check_outputs(args.output)
        check_figure_arguments(args)
        table = load_sweep(args.sweep)
        xlim = pair(args.xlim) if args.xlim else None
        ylim = pair(args.ylim) if args.ylim else None
        x_expr = XExpr(args.x_expr, table) if args.x_expr else None
        options = dict(x_key=args.x, y_key=args.y, by=args.by, where=parse_where(args.where),
                       exclude=parse_pairs(args.exclude), labels=parse_labels(args.label),
                       x_expr=x_expr)
        if args.col:
            panels = sweep_panels(table, args.col, **options)
        else:
            series, ticks = sweep_series(table, **options)
    except InputError as err:
        print(err, file=sys.stderr)
        return 2
    logy = args.logy if args.logy is not None else args.y in LOG_BY_DEFAULT
    legend_title = ", ".join(label_of(k) for k in args.by if k != "label") or None
    common = dict(xlabel=args.xlabel or (label_of(args.x) if args.x else args.x_expr),
                  ylabel=args.ylabel or label_of(args.y), title=args.title, logx=args.logx,
                  logy=logy, legend_title=legend_title, width_in=args.width,
                  height_in=args.height, xlim=xlim, ylim=ylim)
    if args.col:
        fig = make_panels(panels, **common)
    else:
        fig = make_figure(series, ticks, **common)
    for path in args.output:
        save_figure(fig, path, args.dpi)
    return 0


if __name__ == "__main__":
    sys.exit(main())
