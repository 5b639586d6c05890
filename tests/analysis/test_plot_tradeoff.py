"""Tests of analysis/plot_tradeoff.py (cost vs tail latency vs accuracy, Pareto front marked).

Run from the repository root:  tools/python.sh -m unittest discover -s tests/analysis

A synthetic sweep with a hand-checked Pareto front (which points are dominated, in two and in
three objectives) checks pareto_front, front_2d and the plotted data; a small real sweep (when the
servesim binary is available) checks the script on `servesim sweep` output; the command line's
files, --help and exit code 2 paths are checked too.
"""

import importlib.util
import math
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sweep_fixtures  # noqa: E402

SCRIPT = os.path.join(sweep_fixtures.ANALYSIS, "plot_tradeoff.py")
sys.path.insert(0, sweep_fixtures.ANALYSIS)


def load_module():
    spec = importlib.util.spec_from_file_location("plot_tradeoff", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


plot_tradeoff = load_module()
sweep_table = importlib.import_module("sweep_table")

KEYS = ("design",)
FIGURES = ("cost.usd_per_million_requests", "latency_ms.p999", "accuracy")
# design: (cost, p999, accuracy)
DESIGNS = {
    "a": (1.0, 50.0, 0.90),   # cheapest: on every front
    "b": (2.0, 20.0, 0.90),   # on the (cost, latency) front
    "c": (3.0, 10.0, 0.90),   # on the (cost, latency) front
    "d": (3.0, 30.0, 0.90),   # dominated by c (same cost, slower, same accuracy)
    "e": (2.5, 25.0, 0.95),   # dominated by b in (cost, latency), but the most accurate
    "f": (4.0, 10.0, 0.85),   # dominated by c everywhere
}


def run_script(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True,
                          cwd=sweep_fixtures.REPO_ROOT, timeout=120)


class PlotTradeoffTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.csv = os.path.join(self.tmp.name, "sweep.csv")
        points = [((name,), {"cost.usd_per_million_requests": (cost, cost / 100),
                             "latency_ms.p999": (lat, lat / 10), "accuracy": (acc, 0.0)})
                  for name, (cost, lat, acc) in DESIGNS.items()]
        sweep_fixtures.write_sweep(self.csv, KEYS, points, FIGURES, replications=3)

    def points(self):
        table = sweep_table.load_sweep(self.csv)
        return plot_tradeoff.tradeoff_points(table, "cost.usd_per_million_requests",
                                             "latency_ms.p999", "accuracy")

    def names(self, points, indices):
        return sorted(points[i].values["design"] for i in indices)

    def test_points_are_the_mean_rows(self):
        points = self.points()
        self.assertEqual(len(points), len(DESIGNS))
        for point in points:
            cost, lat, acc = DESIGNS[point.values["design"]]
            self.assertEqual((point.x, point.y, point.z), (cost, lat, acc))
            self.assertEqual(point.xerr, cost / 100)
            self.assertEqual(point.yerr, lat / 10)

    def test_pareto_front_in_three_and_two_objectives(self):
        points = self.points()
        self.assertEqual(self.names(points, plot_tradeoff.pareto_front(points, True)),
                         ["a", "b", "c", "e"])
        self.assertEqual(self.names(points, plot_tradeoff.pareto_front(points, False)),
                         ["a", "b", "c"])
        stairs = plot_tradeoff.front_2d(points)
        self.assertEqual([points[i].values["design"] for i in stairs], ["a", "b", "c"])

    def test_figure_marks_the_front_and_draws_every_point(self):
        points = self.points()
        fig = plot_tradeoff.make_figure(points, use_z=True, zlabel="accuracy")
        ax = fig.axes[0]
        from matplotlib.collections import PathCollection
        drawn = sorted(tuple(xy) for c in ax.collections if isinstance(c, PathCollection)
                       for xy in c.get_offsets())
        self.assertEqual(drawn, sorted((p.x, p.y) for p in points))
        lines = {line.get_label(): line for line in ax.lines}
        rings = lines["Pareto-optimal"]
        self.assertEqual(sorted(zip(rings.get_xdata(), rings.get_ydata())),
                         [(1.0, 50.0), (2.0, 20.0), (2.5, 25.0), (3.0, 10.0)])
        stairs = lines["(x, y) front"]
        self.assertEqual(list(stairs.get_xdata()), [1.0, 2.0, 3.0])
        self.assertEqual(list(stairs.get_ydata()), [50.0, 20.0, 10.0])
        self.assertEqual(len(fig.axes), 2)  # the accuracy colour bar
        self.assertEqual(fig.axes[1].get_ylabel(), "accuracy")

    def test_writes_pdf_and_png(self):
        pdf = os.path.join(self.tmp.name, "t.pdf")
        png = os.path.join(self.tmp.name, "t.png")
        result = run_script(self.csv, "--by", "design", "--label", "design", "-o", pdf, "-o", png)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(pdf, "rb") as handle:
            self.assertEqual(handle.read(5), b"%PDF-")
        with open(png, "rb") as handle:
            self.assertEqual(handle.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(png), 5000)

    def test_help_and_bad_input(self):
        result = run_script("--help")
        self.assertEqual(result.returncode, 0)
        self.assertIn("Pareto", result.stdout)
        out = os.path.join(self.tmp.name, "never.png")
        for args, message in [
                ([self.csv, "-o", out, "--y", "latency_ms.p99"], "no such figure"),
                ([self.csv, "-o", out, "--by", "nope"], "not a swept key"),
                ([os.path.join(self.tmp.name, "missing.csv"), "-o", out], "no such file"),
                ([self.csv, "-o", os.path.join(self.tmp.name, "t.svg")], "extension"),
                ([self.csv], "error:")]:
            result = run_script(*args)
            self.assertEqual(result.returncode, 2, args)
            self.assertIn(message, result.stderr, args)
            self.assertFalse(os.path.exists(out))


@unittest.skipUnless(sweep_fixtures.servesim_binary(), "servesim binary not built")
class PlotRealTradeoffTest(unittest.TestCase):
    def test_plots_a_small_real_sweep(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = sweep_fixtures.run_tiny_sweep(tmp)
            png = os.path.join(tmp, "tradeoff.png")
            result = run_script(path, "--by", "pools.0.instances", "-o", png)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertGreater(os.path.getsize(png), 5000)
            table = sweep_table.load_sweep(path)
            points = plot_tradeoff.tradeoff_points(table, "cost.usd_per_million_requests",
                                                   "latency_ms.p999", "accuracy")
            self.assertEqual(len(points), 6)
            for point in points:
                self.assertTrue(math.isfinite(point.x) and point.x > 0)
                self.assertAlmostEqual(point.z, 0.9, places=9)  # the model's accuracy
            self.assertFalse(plot_tradeoff.z_varies(points))
            front = plot_tradeoff.pareto_front(points, False)
            self.assertTrue(front)
            for i in front:  # nothing on the front is beaten in both cost and latency
                for q in points:
                    self.assertFalse(q.x < points[i].x and q.y < points[i].y)


if __name__ == "__main__":
    unittest.main()
