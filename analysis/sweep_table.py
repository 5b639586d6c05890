"""Reading servesim's sweep.csv for the plotting scripts (plot_sweep.py, plot_tradeoff.py).

sweep.csv (docs/sweep.md): a header, then per point one row per replication (`replication` =
0, 1, ...), a row `replication = mean` and a row `replication = ci95` (the 95% half-width of that
mean; empty with one replication). The columns before `replication` are the swept keys, the
ones after it the figures (`latency_ms.p999`, `accuracy`, `cost.usd_per_million_requests`, ...).

Only the standard library and numpy; errors are figure_output.InputError with
`FILE:LINE: error: message`.
"""

import csv
import math

from figure_output import InputError

FIGURE_LABELS = {
    "latency_ms.mean": "mean latency (ms)",
    "latency_ms.p50": "median latency (ms)",
    "latency_ms.p90": "p90 latency (ms)",
    "latency_ms.p99": "p99 latency (ms)",
    "latency_ms.p999": "p99.9 latency (ms)",
    "latency_ms.p9999": "p99.99 latency (ms)",
    "latency_ms.max": "max latency (ms)",
    "accuracy": "accuracy",
    "cost.usd_total": "cost (USD)",
    "cost.usd_per_million_requests": "cost (USD per million requests)",
    "slo.attainment": "SLO attainment",
    "workload.arrival.rate": "load (requests/s)",
    "redundancy.kind": "redundancy",
    "redundancy.k": "k",
    "redundancy.r": "r",
}

# Figures whose spread spans decades: drawn on a log axis by default ("log tail axes").
LOG_BY_DEFAULT = ("latency_ms.p99", "latency_ms.p999", "latency_ms.p9999", "latency_ms.max")


def label_of(key):
    """Axis label of a swept key or figure."""
    return FIGURE_LABELS.get(key, key)


def number(text):
    """The cell as a float; nan for an empty or non-numeric cell."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return math.nan
    return value if math.isfinite(value) else math.nan


class Point:
    """One point of a sweep: its swept values (dict key -> text), its replication rows and its
    mean and ci95 rows (dict column -> text)."""

    def __init__(self, values):
        self.values = values
        self.replications = []
        self.mean = None
        self.ci95 = None

    def figure(self, key):
        """(mean, ci95 half-width) of a figure as floats; nan where missing, half-width 0 when
        the ci95 cell is empty (one replication)."""
        mean = number(self.mean.get(key)) if self.mean else math.nan
        half = number(self.ci95.get(key)) if self.ci95 else math.nan
        return mean, (0.0 if math.isnan(half) else half)


class SweepTable:
    """A parsed sweep.csv: `keys` (swept, in column order), `figures` (the other columns) and
    `points` in file order."""

    def __init__(self, path, keys, figures, points):
        self.path = path
        self.keys = keys
        self.figures = figures
        self.points = points

    def values_of(self, key):
        """The distinct values of a swept key, in order of first appearance."""
        seen = []
        for point in self.points:
            if point.values[key] not in seen:
                seen.append(point.values[key])
        return seen

    def require_figure(self, key, option):
        if key not in self.figures:
            close = [f for f in self.figures if key.split(".")[-1] in f]
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InputError(f"{self.path}: error: {option} {key}: no such figure{hint}")

    def require_key(self, key, option):
        if key not in self.keys:
            raise InputError(f"{self.path}: error: {option} {key}: not a swept key of this "
                             f"sweep (swept: {', '.join(self.keys) or 'none'})")

    def select(self, where):
        """Points whose swept values match every (key, text) of `where`."""
        for key in where:
            self.require_key(key, "--where")
        return [p for p in self.points if all(p.values[k] == v for k, v in where.items())]


def load_sweep(path):
    """Reads sweep.csv. Raises InputError naming the file (and line) for a missing file, a
    header without `replication`, or rows of the wrong width."""
    try:
        handle = open(path, newline="", encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: error: no such file (expected the sweep.csv of "
                         "`servesim sweep`)") from None
    except OSError as err:
        raise InputError(f"{path}: error: cannot read: {err.strerror}") from None
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header or "replication" not in header:
            raise InputError(f"{path}:1: error: no 'replication' column; is this a sweep.csv?")
        split = header.index("replication")
        keys, figures = header[:split], header[split + 1:]
        points, by_values = [], {}
        for row in reader:
            if not row:
                continue
            if len(row) != len(header):
                raise InputError(f"{path}:{reader.line_num}: error: expected {len(header)} "
                                 f"fields, got {len(row)}")
            values = dict(zip(keys, row[:split]))
            ident = tuple(row[:split])
            point = by_values.get(ident)
            if point is None:
                point = by_values[ident] = Point(values)
                points.append(point)
            cells = dict(zip(figures, row[split + 1:]))
            kind = row[split]
            if kind == "mean":
                point.mean = cells
            elif kind == "ci95":
                point.ci95 = cells
            else:
                point.replications.append(cells)
    if not points:
        raise InputError(f"{path}: error: no data rows")
    for point in points:
        if point.mean is None:
            raise InputError(f"{path}: error: point {point.values} has no 'mean' row")
    return SweepTable(path, keys, figures, points)


def parse_where(items):
    """`KEY=VALUE` strings -> dict. Raises InputError for an item without '='."""
    where = {}
    for item in items or []:
        if "=" not in item:
            raise InputError(f"error: --where {item!r}: expected KEY=VALUE")
        key, value = item.split("=", 1)
        where[key.strip()] = value.strip()
    return where
