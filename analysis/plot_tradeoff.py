#!/usr/bin/env python3
"""Plot the cost / tail latency / accuracy trade-off of a servesim sweep, with the Pareto front
marked.

Reads the sweep.csv of `servesim sweep` and draws every point (its `replication = mean` row) at
x = cost (cost.usd_per_million_requests) and y = tail latency (latency_ms.p999, log axis), with
95% confidence intervals as error bars in both directions, coloured by accuracy (a colour bar)
when the sweep's accuracy is known and varies. Markers differ by the --by key's values (legend).

The Pareto front: a point is Pareto-optimal when no other point is at least as good in every
objective and strictly better in one; objectives are lower x, lower y and, when accuracy is
drawn, higher accuracy (--z). Accuracy is an axis only when the sweep's scenarios have accuracy
tables that make it differ between points; otherwise the figure says "accuracy not shown: no
accuracy table in these scenarios". Each point is annotated with the sweep's label (its `label`
column) unless --label names other keys; `--by label` gives each label its own marker.
Pareto-optimal points get a black ring, and the front of the two
axes alone (lower x, lower y) is drawn as a dashed staircase, so a reader sees both what costs
least for a tail latency and what accuracy that costs.

Paper-ready defaults as plot_cdf.py (one column, 8 pt fonts, TrueType fonts in PDFs, no
creation dates). Several -o write several formats (.pdf and .png).

Usage:
  tools/python.sh analysis/plot_tradeoff.py SWEEP.csv -o FILE.{pdf,png} [-o ...]
        [--x FIGURE] [--y FIGURE] [--z FIGURE | --no-z] [--by KEY] [--where KEY=VALUE ...]
        [--exclude KEY=VALUE ...] [--label KEY ...] [--logx] [--no-logy] [--title T] [--width IN] [--height IN] [--dpi N]

Exit codes: 0 success; 2 bad input or usage (one `error:` line, no output file left behind);
1 internal error. tradeoff_points, pareto_front, front_2d and make_figure are the tested
interface.
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from figure_output import (ArgumentParser, InputError, add_figure_arguments,  # noqa: E402
                           add_output_argument, check_figure_arguments, check_outputs, paper_rc,
                           save_figure)
from sweep_table import (LOG_BY_DEFAULT, add_point_filter_arguments, label_of,  # noqa: E402
                         load_sweep, parse_pairs, parse_where)

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")


class TradeoffPoint:
    """One sweep point: its swept values and (mean, half-width) of x, y and z."""

    def __init__(self, values, x, xerr, y, yerr, z, label=""):
        self.values = values
        self.x, self.xerr, self.y, self.yerr, self.z = x, xerr, y, yerr, z
        self.label = label

    def field(self, key):
        return self.label if key == "label" else self.values.get(key, "")


def tradeoff_points(table, x_key, y_key, z_key=None, where=None, exclude=None):
    """Points with finite x and y (and z when z_key is given and known), in sweep order."""
    table.require_figure(x_key, "--x")
    table.require_figure(y_key, "--y")
    if z_key:
        table.require_figure(z_key, "--z")
    points = []
    for point in table.select(where or {}, exclude):
        x, xerr = point.figure(x_key)
        y, yerr = point.figure(y_key)
        z = point.figure(z_key)[0] if z_key else math.nan
        if math.isnan(x) or math.isnan(y):
            continue
        points.append(TradeoffPoint(point.values, x, xerr, y, yerr, z, point.label))
    if not points:
        raise InputError(f"{table.path}: error: no point has both {x_key} and {y_key}")
    return points


def dominates(a, b, use_z):
    """a is at least as good as b everywhere (lower x, lower y, higher z) and better somewhere."""
    no_worse = a.x <= b.x and a.y <= b.y and (not use_z or a.z >= b.z)
    better = a.x < b.x or a.y < b.y or (use_z and a.z > b.z)
    return no_worse and better


def pareto_front(points, use_z):
    """Indices of the Pareto-optimal points (over x, y and, with use_z, z)."""
    return [i for i, p in enumerate(points)
            if not any(dominates(q, p, use_z) for j, q in enumerate(points) if j != i)]


def front_2d(points):
    """Indices of the (x, y) Pareto front, sorted by x: the staircase."""
    return sorted(pareto_front(points, False), key=lambda i: (points[i].x, points[i].y))


def z_varies(points):
    """True when every point has z and z differs by more than rounding (accuracy mixes of one
    model differ in the 14th digit)."""
    values = [p.z for p in points if not math.isnan(p.z)]
    if len(values) != len(points):
        return False
    return max(values) - min(values) > 1e-9 * max(1.0, abs(max(values)))


# Shown on the figure when accuracy is not an axis, so a reader does not take its absence for
# equal accuracy.
NO_ACCURACY_NOTE = "accuracy not shown: no accuracy table in these scenarios"


def make_figure(points, by=None, labels=(), xlabel="", ylabel="", zlabel="", use_z=True,
                title=None, logx=False, logy=True, width_in=3.4, height_in=2.4, note=None):
    """The figure. Axes 0 holds one errorbar container per --by group (every point once, at
    exactly its x, y), the Pareto rings (a Line2D labelled 'Pareto-optimal') and the staircase
    (a Line2D labelled '(x, y) front'); with use_z a colour bar (axes 1)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import Normalize

    with plt.rc_context(paper_rc()):
        fig, ax = plt.subplots(figsize=(width_in, height_in))
        norm = cmap = None
        if use_z:
            zs = [p.z for p in points]
            norm = Normalize(vmin=min(zs), vmax=max(zs))
            cmap = plt.get_cmap("viridis")
        groups = {}
        for idx, point in enumerate(points):
            key = point.field(by) if by else ""
            groups.setdefault(key, []).append(idx)
        for gidx, (key, members) in enumerate(groups.items()):
            xs = [points[i].x for i in members]
            ys = [points[i].y for i in members]
            ax.errorbar(xs, ys, xerr=[points[i].xerr for i in members],
                        yerr=[points[i].yerr for i in members], fmt="none", ecolor="0.6",
                        elinewidth=0.6, capsize=1.5, zorder=1)
            colours = [cmap(norm(points[i].z)) for i in members] if use_z else "C0"
            ax.scatter(xs, ys, c=colours, marker=MARKERS[gidx % len(MARKERS)], s=18,
                       edgecolors="none", zorder=2,
                       label=key if by else None)
        front = pareto_front(points, use_z)
        ax.plot([points[i].x for i in front], [points[i].y for i in front], linestyle="none",
                marker="o", markersize=7.5, markerfacecolor="none", markeredgecolor="black",
                markeredgewidth=0.9, label="Pareto-optimal", zorder=3)
        stairs = front_2d(points)
        ax.plot([points[i].x for i in stairs], [points[i].y for i in stairs], drawstyle="steps-post",
                linestyle="--", color="0.3", linewidth=0.8, label="(x, y) front", zorder=0)
        for point in points:
            if labels:
                text = ",".join(point.field(k) for k in labels)
                ax.annotate(text, (point.x, point.y), fontsize=5, xytext=(2, 2),
                            textcoords="offset points")
        if note:
            ax.text(0.99, 0.99, note, transform=ax.transAxes, ha="right", va="top", fontsize=5,
                    color="0.35", gid="note")
        if use_z:
            mappable = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
            bar = fig.colorbar(mappable, ax=ax, pad=0.02)
            bar.set_label(zlabel)
        if logx:
            ax.set_xscale("log")
        if logy:
            ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.grid(True, which="major", linewidth=0.4, alpha=0.5)
        if title:
            ax.set_title(title)
        # Above the axes, so that it never hides a point; markers in grey, since their colour
        # is the accuracy of each point, not of the group.
        legend = ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.01), ncol=3,
                           frameon=False, fontsize=6, borderaxespad=0.0, columnspacing=0.8,
                           handletextpad=0.3, title=label_of(by) if by else None,
                           title_fontsize=6)
        for handle in getattr(legend, "legend_handles", None) or legend.legendHandles:
            if hasattr(handle, "set_facecolor") and handle.get_label() not in ("Pareto-optimal",):
                handle.set_facecolor("0.45")
        fig.tight_layout(pad=0.2)
    return fig


def main(argv=None):
    parser = ArgumentParser(
        description="Plot cost vs tail latency vs accuracy of a servesim sweep.csv, with the "
                    "Pareto front marked.",
        epilog="Example: plot_tradeoff.py out/tradeoff/sweep.csv --by redundancy.kind "
               "-o tradeoff.pdf -o tradeoff.png")
    parser.add_argument("sweep", metavar="SWEEP.csv", help="sweep.csv of `servesim sweep`")
    add_output_argument(parser)
    parser.add_argument("--x", default="cost.usd_per_million_requests", metavar="FIGURE",
                        help="x axis, lower is better (default cost.usd_per_million_requests)")
    parser.add_argument("--y", default="latency_ms.p999", metavar="FIGURE",
                        help="y axis, lower is better (default latency_ms.p999)")
    zgroup = parser.add_mutually_exclusive_group()
    zgroup.add_argument("--z", default="accuracy", metavar="FIGURE",
                        help="colour, higher is better (default accuracy; left out when unknown "
                             "or constant)")
    zgroup.add_argument("--no-z", action="store_true", help="no colour objective")
    parser.add_argument("--by", metavar="KEY", help="swept key whose values get their own marker")
    add_point_filter_arguments(parser)
    parser.add_argument("--label", nargs="*", default=None, metavar="KEY",
                        help="annotate each point with these swept values (default: the "
                             "sweep's label, when it has labels; `--label` alone: none)")
    parser.add_argument("--logx", action="store_true", help="log-scale x axis")
    parser.add_argument("--no-logy", action="store_true",
                        help="linear y axis (default: log for tail latencies)")
    add_figure_arguments(parser, height_in=2.6)
    args = parser.parse_args(argv)
    try:
        check_outputs(args.output)
        check_figure_arguments(args)
        table = load_sweep(args.sweep)
        if args.by and not (args.by == "label" and table.labelled):
            table.require_key(args.by, "--by")
        if args.label is None:
            args.label = ["label"] if table.labelled else []
        for key in args.label:
            if not (key == "label" and table.labelled):
                table.require_key(key, "--label")
        z_key = None if args.no_z else args.z
        if z_key and z_key not in table.figures:
            table.require_figure(z_key, "--z")
        points = tradeoff_points(table, args.x, args.y, z_key, parse_where(args.where),
                                 parse_pairs(args.exclude))
    except InputError as err:
        print(err, file=sys.stderr)
        return 2
    use_z = bool(z_key) and z_varies(points)
    note = None
    if z_key == "accuracy" and not use_z:
        note = NO_ACCURACY_NOTE
    fig = make_figure(points, by=args.by, labels=args.label, xlabel=label_of(args.x),
                      ylabel=label_of(args.y), zlabel=label_of(z_key or ""), use_z=use_z,
                      title=args.title, logx=args.logx,
                      logy=not args.no_logy and args.y in LOG_BY_DEFAULT,
                      width_in=args.width, height_in=args.height, note=note)
    for path in args.output:
        save_figure(fig, path, args.dpi)
    return 0


if __name__ == "__main__":
    sys.exit(main())
