#!/usr/bin/env python3
"""Convert an Azure LLM inference trace (2023) to servesim's arrival-trace format.

The source files are `data/AzureLLMInferenceTrace_{code,conv}.csv` of the GitHub repository
Azure/AzurePublicDataset (commit b469a113cedca53ddc3bdea71a143dc4b7d8700c), licensed CC BY 4.0,
released with Patel et al., "Splitwise: Efficient Generative LLM Inference Using Phase
Splitting", ISCA'24. Their schema is `TIMESTAMP,ContextTokens,GeneratedTokens`, one row per
request, with timestamps such as `2023-11-16 18:17:03.9799600` (100 ns resolution, no time zone).

What this script writes (see traces/README.md):

  * the arrival trace, a CSV with the single header `time_s` and one row per arrival: seconds since
    the first arrival of the file, fixed-point with --decimals digits (default 6, i.e. 1 us), in
    ascending order. The token columns are dropped.
  * optionally (--counts-out) per-interval arrival counts: a CSV with the single header `count` and
    one row per interval of --interval-s seconds (default 60), interval i covering
    [i * interval_s, (i + 1) * interval_s) seconds after the first arrival. Empty intervals are
    written as 0. The last interval is usually only partly covered by the trace; it is still
    written (see --drop-partial-last).

All time arithmetic is done on integers (100 ns ticks), so the conversion is exact: with 6
decimals it is lossless whenever every source timestamp is a whole microsecond, which holds for
both 2023 files; the script warns if rounding changed any value. After writing, the script re-reads
its own output and prints statistics (rows, span, mean rate, inter-arrival mean/CV/percentiles,
per-interval counts) so that README figures come from the converted files, not the source.

Usage:
  /usr/bin/python3 traces/convert_azure_llm.py SRC.csv OUT.csv [--decimals 6]
        [--counts-out COUNTS.csv] [--interval-s 60] [--drop-partial-last] [--quiet]

Example (what traces/README.md was built with):
  D=/work/shared/data/traces
  python3 traces/convert_azure_llm.py $D/AzureLLMInferenceTrace_conv.csv \\
      traces/azure_llm_2023_conv.csv
  python3 traces/convert_azure_llm.py $D/AzureLLMInferenceTrace_code.csv \\
      traces/azure_llm_2023_code.csv --counts-out traces/azure_llm_2023_code_per_minute.csv

Exit codes: 0 success; 2 bad input or usage (message `FILE:LINE: error: ...` on stderr, no
partial output left behind); 1 internal error. Python 3 standard library only.
"""

import argparse
import csv
import datetime
import math
import os
import sys
import tempfile

TICKS_PER_S = 10_000_000  # the source timestamps have 7 fractional digits (100 ns)
SOURCE_FRACTION_DIGITS = 7


class InputError(Exception):
    """A problem with the user's input: reported with exit code 2."""


def parse_timestamp(text, where):
    """Returns the timestamp `YYYY-MM-DD HH:MM:SS[.fffffff]` as an integer count of 100 ns ticks
    since 0001-01-01 00:00:00 (a naive time scale; only differences are used)."""
    try:
        date_part, time_part = text.strip().split(" ")
        day = datetime.date.fromisoformat(date_part).toordinal()
        if "." in time_part:
            hms, frac = time_part.split(".")
        else:
            hms, frac = time_part, ""
        if not frac.isdigit() and frac != "":
            raise ValueError(frac)
        if len(frac) > SOURCE_FRACTION_DIGITS:
            raise ValueError("more than 7 fractional digits")
        hours, minutes, seconds = (int(x) for x in hms.split(":"))
        if not (0 <= hours < 24 and 0 <= minutes < 60 and 0 <= seconds < 61):
            raise ValueError("clock field out of range")
    except ValueError:
        raise InputError(f"{where}: error: cannot parse timestamp {text!r} "
                         "(expected 'YYYY-MM-DD HH:MM:SS.fffffff')") from None
    whole_s = day * 86400 + hours * 3600 + minutes * 60 + seconds
    return whole_s * TICKS_PER_S + int(frac.ljust(SOURCE_FRACTION_DIGITS, "0") or "0")


def read_source(path):
    """Returns the list of arrival times (ticks) of an Azure LLM trace, in file order."""
    try:
        handle = open(path, newline="", encoding="utf-8")
    except OSError as err:
        raise InputError(f"{path}: error: cannot open: {err.strerror}") from None
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise InputError(f"{path}:1: error: empty file")
        header = [h.strip() for h in header]
        if "TIMESTAMP" not in header:
            raise InputError(f"{path}:1: error: no TIMESTAMP column (header is {','.join(header)})")
        column = header.index("TIMESTAMP")
        ticks = []
        for row in reader:
            if not row or all(not cell.strip() for cell in row):
                continue
            where = f"{path}:{reader.line_num}"
            if column >= len(row):
                raise InputError(f"{where}: error: row has no TIMESTAMP field")
            ticks.append(parse_timestamp(row[column], where))
    if not ticks:
        raise InputError(f"{path}: error: no data rows")
    return ticks


def format_seconds(ticks, decimals):
    """Fixed-point decimal of `ticks` (100 ns units, >= 0) with `decimals` digits, rounded half
    up."""
    scale = 10 ** (SOURCE_FRACTION_DIGITS - decimals)
    units = (ticks + scale // 2) // scale
    whole, frac = divmod(units, 10 ** decimals)
    return f"{whole}.{frac:0{decimals}d}" if decimals > 0 else f"{whole}"


def write_atomically(path, lines):
    """Writes `lines` (each without newline) to `path` via a temporary file and rename, so a
    failure never leaves a partial file behind."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".convert_", dir=directory)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
            for line in lines:
                handle.write(line + "\n")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file ordinary permissions
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def interval_counts(relative_ticks, interval_ticks, drop_partial_last):
    """Arrivals per interval [i*interval, (i+1)*interval) of the relative times (integer ticks,
    ascending, first 0). Integer arithmetic, so no arrival lands in the wrong interval by
    rounding."""
    n_intervals = relative_ticks[-1] // interval_ticks + 1
    counts = [0] * n_intervals
    for t in relative_ticks:
        counts[t // interval_ticks] += 1
    # The trace ends inside the last interval unless its last arrival is exactly on a boundary
    # (then that interval holds a single instant of it, which is just as partial).
    if drop_partial_last and n_intervals > 1:
        counts.pop()
    return counts


def percentile(sorted_values, q):
    """Linear-interpolation percentile (numpy's default method), q in [0, 100]."""
    if not sorted_values:
        return float("nan")
    pos = (len(sorted_values) - 1) * q / 100.0
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def trace_statistics(times_s):
    """Statistics of a relative arrival trace (seconds, ascending)."""
    gaps = [b - a for a, b in zip(times_s, times_s[1:])]
    span = times_s[-1] - times_s[0]
    mean_gap = sum(gaps) / len(gaps) if gaps else float("nan")
    var_gap = (sum((g - mean_gap) ** 2 for g in gaps) / len(gaps)) if gaps else float("nan")
    sorted_gaps = sorted(gaps)
    return {
        "rows": len(times_s),
        "span_s": span,
        "rate_per_s": len(times_s) / span if span > 0 else float("nan"),
        "gap_mean_s": mean_gap,
        "gap_cv": math.sqrt(var_gap) / mean_gap if gaps and mean_gap > 0 else float("nan"),
        "gap_p50_s": percentile(sorted_gaps, 50),
        "gap_p99_s": percentile(sorted_gaps, 99),
        "gap_max_s": sorted_gaps[-1] if gaps else float("nan"),
        "gaps_below_1ms": sum(1 for g in gaps if g < 1e-3),
    }


def read_time_s(path):
    """Reads a servesim arrival trace (header `time_s`) back as floats."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        if header != ["time_s"]:
            raise RuntimeError(f"{path}: unexpected header {header}")
        return [float(row[0]) for row in reader]


def read_counts(path):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        if header != ["count"]:
            raise RuntimeError(f"{path}: unexpected header {header}")
        return [int(row[0]) for row in reader]


def print_statistics(out_path, counts_path, interval_s):
    times_s = read_time_s(out_path)
    st = trace_statistics(times_s)
    print(f"{out_path}: rows {st['rows']}, span {st['span_s']:.3f} s, "
          f"mean rate {st['rate_per_s']:.3f} req/s (rows/span)")
    print(f"  inter-arrival: mean {st['gap_mean_s'] * 1e3:.1f} ms, CV {st['gap_cv']:.3f}, "
          f"p50 {st['gap_p50_s'] * 1e3:.1f} ms, p99 {st['gap_p99_s'] * 1e3:.1f} ms, "
          f"max {st['gap_max_s']:.3f} s, gaps < 1 ms: {st['gaps_below_1ms']}")
    if counts_path:
        counts = read_counts(counts_path)
        sorted_counts = sorted(counts)
        print(f"{counts_path}: {len(counts)} intervals of {interval_s:g} s, total {sum(counts)}, "
              f"min {sorted_counts[0]}, median {percentile(sorted_counts, 50):g}, "
              f"max {sorted_counts[-1]}")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Convert an Azure LLM inference trace (Azure/AzurePublicDataset, CC BY 4.0) "
                    "to servesim's arrival-trace CSV (header time_s: seconds since the first "
                    "arrival), optionally also per-interval counts (header count).",
        epilog="Example: convert_azure_llm.py AzureLLMInferenceTrace_code.csv "
               "traces/azure_llm_2023_code.csv --counts-out "
               "traces/azure_llm_2023_code_per_minute.csv")
    parser.add_argument("source", help="Azure LLM trace CSV (header TIMESTAMP,ContextTokens,...)")
    parser.add_argument("output", help="servesim trace CSV to write (header time_s)")
    parser.add_argument("--decimals", type=int, default=6,
                        help="fractional digits of time_s, 0..7 (default 6 = 1 us; 7 = the "
                             "source's 100 ns)")
    parser.add_argument("--counts-out", metavar="FILE",
                        help="also write per-interval arrival counts (header count) to FILE")
    parser.add_argument("--interval-s", type=float, default=60.0,
                        help="interval length for --counts-out, seconds (default 60)")
    parser.add_argument("--drop-partial-last", action="store_true",
                        help="with --counts-out, leave out the last interval when the trace "
                             "ends inside it")
    parser.add_argument("--quiet", action="store_true", help="do not print statistics")
    args = parser.parse_args(argv)

    try:
        if not 0 <= args.decimals <= SOURCE_FRACTION_DIGITS:
            raise InputError(f"error: --decimals must be in 0..7 (got {args.decimals})")
        if not args.interval_s > 0:
            raise InputError(f"error: --interval-s must be > 0 (got {args.interval_s:g})")
        ticks = read_source(args.source)
        if any(b < a for a, b in zip(ticks, ticks[1:])):
            print(f"{args.source}: warning: timestamps not in order; sorting", file=sys.stderr)
        ticks.sort()
        first = ticks[0]
        relative = [t - first for t in ticks]
        scale = 10 ** (SOURCE_FRACTION_DIGITS - args.decimals)
        changed = sum(1 for t in relative if t % scale)
        if changed:
            print(f"{args.source}: warning: {changed} timestamps rounded to {args.decimals} "
                  "decimals", file=sys.stderr)
        write_atomically(args.output,
                         ["time_s"] + [format_seconds(t, args.decimals) for t in relative])
        if args.counts_out:
            interval_ticks = round(args.interval_s * TICKS_PER_S)
            if interval_ticks < 1:
                raise InputError(f"error: --interval-s too small (got {args.interval_s:g})")
            counts = interval_counts(relative, interval_ticks, args.drop_partial_last)
            write_atomically(args.counts_out, ["count"] + [str(c) for c in counts])
        if not args.quiet:
            print_statistics(args.output, args.counts_out, args.interval_s)
    except InputError as err:
        print(err, file=sys.stderr)
        return 2
    except OSError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
