"""Tests of analysis/plot_sweep.py (a figure of a sweep against a swept key, CI error bars).

Run from the repository root:  tools/python.sh -m unittest discover -s tests/analysis

Synthetic sweep.csv files with known means and half-widths check that every plotted point and
error bar is exactly the file's mean and ci95 rows; a small real sweep (when the servesim binary
is available) checks the script on `servesim sweep` output; the command line's files, --help and
exit code 2 paths are checked too.
"""

import csv
import importlib.util
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sweep_fixtures  # noqa: E402

SCRIPT = os.path.join(sweep_fixtures.ANALYSIS, "plot_sweep.py")
sys.path.insert(0, sweep_fixtures.ANALYSIS)


def load_module():
    spec = importlib.util.spec_from_file_location("plot_sweep", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


plot_sweep = load_module()
sweep_table = importlib.import_module("sweep_table")

KEYS = ("workload.arrival.rate", "redundancy.kind", "run.requests")
FIGURES = ("scenario", "latency_ms.p999", "accuracy")


def p999(rate, kind):
    """The synthetic figure: a known function of the point, with a known half-width."""
    return (rate / 100.0 + (0.0 if kind == "none" else 3.0), rate / 1000.0)


def run_script(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True,
                          cwd=sweep_fixtures.REPO_ROOT, timeout=120)


class PlotSweepTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.csv = os.path.join(self.tmp.name, "sweep.csv")
        points = []
        # Sweep order deliberately not sorted by rate: the lines must come out sorted.
        for rate in (400, 100, 200):
            for kind in ("none", "hedge"):
                points.append(((rate, kind, 1000), {"scenario": ("s", 0),
                                                    "latency_ms.p999": p999(rate, kind),
                                                    "accuracy": None}))
        sweep_fixtures.write_sweep(self.csv, KEYS, points, FIGURES)

    def test_series_are_the_mean_and_ci95_rows(self):
        table = sweep_table.load_sweep(self.csv)
        self.assertEqual(table.keys, list(KEYS))
        series, ticks = plot_sweep.sweep_series(table, "workload.arrival.rate", "latency_ms.p999",
                                                ["redundancy.kind"])
        self.assertIsNone(ticks)
        self.assertEqual([s.label for s in series], ["none", "hedge"])
        for line in series:
            self.assertEqual(line.x, [100.0, 200.0, 400.0])
            for x, y, err in zip(line.x, line.y, line.err):
                mean, half = p999(x, line.label)
                self.assertEqual(y, mean)
                self.assertEqual(err, half)

    def test_figure_draws_exactly_the_series(self):
        table = sweep_table.load_sweep(self.csv)
        series, ticks = plot_sweep.sweep_series(table, "workload.arrival.rate", "latency_ms.p999",
                                                ["redundancy.kind"])
        fig = plot_sweep.make_figure(series, ticks, logy=True, legend_title="redundancy")
        ax = fig.axes[0]
        self.assertEqual(len(ax.containers), 2)
        for container, line in zip(ax.containers, series):
            data_line, _caps, bars = container.lines
            self.assertEqual(list(data_line.get_xdata()), line.x)
            self.assertEqual(list(data_line.get_ydata()), line.y)
            # Each error bar spans mean - half .. mean + half.
            segments = bars[0].get_segments()
            for segment, y, err in zip(segments, line.y, line.err):
                self.assertAlmostEqual(segment[0][1], y - err)
                self.assertAlmostEqual(segment[1][1], y + err)
        self.assertEqual(ax.get_yscale(), "log")
        self.assertEqual([t.get_text() for t in ax.get_legend().get_texts()], ["none", "hedge"])

    def test_categorical_x_and_where(self):
        table = sweep_table.load_sweep(self.csv)
        series, ticks = plot_sweep.sweep_series(table, "redundancy.kind", "latency_ms.p999", [],
                                                {"workload.arrival.rate": "200"})
        self.assertEqual(ticks, ["none", "hedge"])
        self.assertEqual(len(series), 1)
        self.assertEqual(series[0].x, [0.0, 1.0])
        self.assertEqual(series[0].y, [p999(200, "none")[0], p999(200, "hedge")[0]])

    def test_a_key_that_still_varies_is_an_error(self):
        table = sweep_table.load_sweep(self.csv)
        with self.assertRaises(sweep_table.InputError) as caught:
            plot_sweep.sweep_series(table, "workload.arrival.rate", "latency_ms.p999")
        self.assertIn("also varies redundancy.kind", str(caught.exception))
        self.assertIn("--where redundancy.kind=none", str(caught.exception))

    def test_writes_pdf_and_png_with_the_same_bytes_every_time(self):
        outputs = []
        for name in ("a", "b"):
            pdf = os.path.join(self.tmp.name, name + ".pdf")
            png = os.path.join(self.tmp.name, name + ".png")
            result = run_script(self.csv, "--x", "workload.arrival.rate", "--y", "latency_ms.p999",
                                "--by", "redundancy.kind", "-o", pdf, "-o", png)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(pdf, "rb") as handle:
                head = handle.read()
            self.assertTrue(head.startswith(b"%PDF-"))
            with open(png, "rb") as handle:
                self.assertEqual(handle.read(8), b"\x89PNG\r\n\x1a\n")
            self.assertGreater(os.path.getsize(png), 5000)
            outputs.append(head)
        self.assertEqual(outputs[0], outputs[1])

    def test_help_and_bad_input(self):
        result = run_script("--help")
        self.assertEqual(result.returncode, 0)
        self.assertIn("--by", result.stdout)
        out = os.path.join(self.tmp.name, "never.png")
        cases = [
            ([self.csv, "--x", "workload.arrival.rate", "--y", "latency_ms.p99", "-o", out],
             "no such figure"),
            ([self.csv, "--x", "nope", "--y", "latency_ms.p999", "-o", out], "not a swept key"),
            ([self.csv, "--x", "workload.arrival.rate", "--y", "latency_ms.p999", "-o", out],
             "also varies"),
            ([os.path.join(self.tmp.name, "missing.csv"), "--x", "a", "--y", "b", "-o", out],
             "no such file"),
            ([self.csv, "--x", "workload.arrival.rate", "--y", "latency_ms.p999",
              "-o", os.path.join(self.tmp.name, "x.jpg")], "extension"),
            ([self.csv, "--y", "latency_ms.p999", "-o", out], "error:"),
        ]
        for args, message in cases:
            result = run_script(*args)
            self.assertEqual(result.returncode, 2, args)
            self.assertIn(message, result.stderr, args)
            self.assertFalse(os.path.exists(out))


@unittest.skipUnless(sweep_fixtures.servesim_binary(), "servesim binary not built")
class PlotRealSweepTest(unittest.TestCase):
    def test_plots_a_small_real_sweep(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = sweep_fixtures.run_tiny_sweep(tmp)
            png = os.path.join(tmp, "p999.png")
            result = run_script(path, "--x", "workload.arrival.rate", "--y", "latency_ms.p999",
                                "--by", "pools.0.instances", "-o", png)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertGreater(os.path.getsize(png), 5000)
            table = sweep_table.load_sweep(path)
            series, _ = plot_sweep.sweep_series(table, "workload.arrival.rate", "latency_ms.p999",
                                                ["pools.0.instances"])
            self.assertEqual([s.label for s in series], ["1", "2"])
            with open(path, newline="", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            for line in series:
                for x, y, err in zip(line.x, line.y, line.err):
                    match = [r for r in rows if float(r["workload.arrival.rate"]) == x
                             and r["pools.0.instances"] == line.label]
                    mean = [r for r in match if r["replication"] == "mean"][0]
                    ci95 = [r for r in match if r["replication"] == "ci95"][0]
                    self.assertEqual(y, float(mean["latency_ms.p999"]))
                    self.assertEqual(err, float(ci95["latency_ms.p999"]))
                    reps = [float(r["latency_ms.p999"]) for r in match
                            if r["replication"] not in ("mean", "ci95")]
                    self.assertEqual(len(reps), 3)
                    self.assertAlmostEqual(y, sum(reps) / 3, places=9)
            # More instances, lower tail, at the highest load.
            self.assertLess(series[1].y[-1], series[0].y[-1])


if __name__ == "__main__":
    unittest.main()
