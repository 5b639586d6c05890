"""Reading servesim's sweep.csv for the plotting scripts (plot_sweep.py, plot_tradeoff.py).

sweep.csv (docs/sweep.md): a header, then per point one row per replication (`replication` =
0, 1, ...), a row `replication = mean` and a row `replication = ci95` (the 95% half-width of that
mean; empty with one replication). The columns before `replication` are the swept keys (and
`label`, the point's label, when the sweep gives labels), the ones after it the figures
(`latency_ms.p999`, `accuracy`, `cost.usd_per_million_requests`, `point_dir`, `stable`, ...).

The CSV is read with pandas (every cell as text, so that values print as the sweep wrote them);
errors are figure_output.InputError with `FILE[:LINE]: error: message`.
"""

import math

import pandas as pd

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


# Columns that may hold the stability verdict (docs/sweep.md; added by the stability work).
STABLE_COLUMNS = ("stable", "stability.stable")


class Point:
    """One point of a sweep: its swept values (dict key -> text), its label ("" without one),
    its replication rows and its mean and ci95 rows (dict column -> text)."""

    def __init__(self, values, label=""):
        self.values = values
        self.label = label
        self.replications = []
        self.mean = None
        self.ci95 = None

    def stable(self):
        """False when the sweep flags the point unstable (a `stable` cell of 0 or false in any
        replication or in the mean), True when it says stable, None when the sweep has no
        verdict."""
        rows = list(self.replications) + ([self.mean] if self.mean else [])
        verdict = None
        for column in STABLE_COLUMNS:
            for row in rows:
                text = str(row.get(column, "")).strip().lower()
                if text in ("", "nan"):
                    continue
                if text in ("0", "false") or (not math.isnan(number(text)) and number(text) < 1):
                    return False
                verdict = True
        return verdict

    def field(self, key):
        """A swept value, `label`, or a figure's mean cell, as text ("" when absent)."""
        if key == "label":
            return self.label
        if key in self.values:
            return self.values[key]
        return (self.mean or {}).get(key, "")

    def figure(self, key):
        """(mean, ci95 half-width) of a figure as floats; nan where missing, half-width 0 when
        the ci95 cell is empty (one replication)."""
        mean = number(self.mean.get(key)) if self.mean else math.nan
        half = number(self.ci95.get(key)) if self.ci95 else math.nan
        return mean, (0.0 if math.isnan(half) else half)


class SweepTable:
    """A parsed sweep.csv: `keys` (swept, in column order), `figures` (the other columns) and
    `points` in file order."""

    def __init__(self, path, keys, figures, points, labelled=False):
        self.path = path
        self.keys = keys
        self.figures = figures
        self.points = points
        self.labelled = labelled

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

    def require_field(self, key, option):
        """A swept key, `label` (when the sweep has labels) or a figure."""
        if key in self.keys or key in self.figures or (key == "label" and self.labelled):
            return
        raise InputError(f"{self.path}: error: {option} {key}: neither a swept key nor a figure "
                         f"of this sweep (swept: {', '.join(self.keys) or 'none'})")

    def select(self, where, exclude=None):
        """Points whose fields match every (key, text) of `where` and none of `exclude` (a list
        of (key, text) pairs). Keys are swept keys, `label` or figures."""
        for key in where:
            self.require_field(key, "--where")
        for key, _ in exclude or []:
            self.require_field(key, "--exclude")
        return [p for p in self.points
                if all(p.field(k) == v for k, v in where.items())
                and not any(p.field(k) == v for k, v in exclude or [])]


def load_sweep(path):
    """Reads sweep.csv. Raises InputError naming the file (and line) for a missing file, a
    header without `replication`, or rows of the wrong width."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    except FileNotFoundError:
        raise InputError(f"{path}: error: no such file (expected the sweep.csv of "
                         "`servesim sweep`)") from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}:1: error: no 'replication' column; is this a sweep.csv?") \
            from None
    except pd.errors.ParserError as err:
        raise InputError(f"{path}: error: {str(err).strip()}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: error: cannot read: {err}") from None
    header = list(frame.columns)
    if "replication" not in header:
        raise InputError(f"{path}:1: error: no 'replication' column; is this a sweep.csv?")
    split = header.index("replication")
    keys = [k for k in header[:split] if k != "label"]
    labelled = "label" in header[:split]
    figures = header[split + 1:]
    # pandas pads short rows with empty cells; a row with too many cells gets unnamed columns.
    if any(str(c).startswith("Unnamed:") for c in header):
        raise InputError(f"{path}: error: a row has more fields than the header")
    points, by_values = [], {}
    for record in frame.to_dict("records"):
        ident = tuple(record[k] for k in header[:split])
        point = by_values.get(ident)
        if point is None:
            point = by_values[ident] = Point({k: record[k] for k in keys},
                                             record["label"] if labelled else "")
            points.append(point)
        cells = {f: record[f] for f in figures}
        kind = record["replication"]
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
    return SweepTable(path, keys, figures, points, labelled)


def add_point_filter_arguments(parser, context=""):
    """--where and --exclude (KEY=VALUE lists; parse with parse_where and parse_pairs).
    `context` prefixes the help, e.g. "with --sweep: "."""
    parser.add_argument("--where", nargs="+", default=[], metavar="KEY=VALUE",
                        help=f"{context}keep only points with these values")
    parser.add_argument("--exclude", nargs="+", action="extend", default=[],
                        metavar="KEY=VALUE",
                        help=f"{context}leave out points with any of these values")


def parse_where(items, option="--where"):
    """`KEY=VALUE` strings -> dict. Raises InputError for an item without '='."""
    return dict(parse_pairs(items, option))


def parse_pairs(items, option="--exclude"):
    """`KEY=VALUE` strings -> list of (key, value), repeats allowed."""
    pairs = []
    for item in items or []:
        if "=" not in item:
            raise InputError(f"error: {option} {item!r}: expected KEY=VALUE")
        key, value = item.split("=", 1)
        pairs.append((key.strip(), value.strip()))
    return pairs
