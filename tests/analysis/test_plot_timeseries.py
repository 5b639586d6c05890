"""Tests of analysis/plot_timeseries.py.

Run from the repository root:  /usr/bin/python3 -m unittest discover -s tests/analysis

The input is a synthetic timeseries.csv with known values (a linear ramp of arrivals, constant
utilisation, a threshold present only in the second half), so the loaded frame can be checked
cell by cell; the command line must write a PNG and refuse bad input with exit code 2.
"""

import importlib.util
import os
import subprocess
import sys
import tempfile
import unittest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO_ROOT, "analysis", "plot_timeseries.py")


def load_module():
    spec = importlib.util.spec_from_file_location("plot_timeseries", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


plot_timeseries = load_module()

HEADER = ("time_s,arrivals_per_s,resolved_per_s,in_system,utilization.deployed,cost_usd,"
          "hedge_threshold_ms\n")


def write_run(folder, rows=10):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "timeseries.csv"), "w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for idx in range(1, rows + 1):
            threshold = f"{2.5 + idx}" if idx > rows // 2 else ""
            handle.write(f"{idx * 0.5},{100 * idx},{100 * idx - 1},{idx % 3},0.75,"
                         f"{0.01 * idx},{threshold}\n")
    return folder


class LoadTimeseries(unittest.TestCase):
    def test_values_and_missing_threshold(self):
        with tempfile.TemporaryDirectory() as tmp:
            frame = plot_timeseries.load_timeseries(
                os.path.join(write_run(os.path.join(tmp, "r")), "timeseries.csv"))
        self.assertEqual(len(frame), 10)
        self.assertEqual(list(frame["arrivals_per_s"][:3]), [100, 200, 300])
        self.assertAlmostEqual(frame["utilization.deployed"][4], 0.75)
        self.assertTrue(frame["hedge_threshold_ms"][:5].isna().all())
        self.assertAlmostEqual(frame["hedge_threshold_ms"][9], 12.5)

    def test_missing_column_is_an_input_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "timeseries.csv")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("time_s,arrivals_per_s\n1,2\n")
            with self.assertRaises(plot_timeseries.InputError):
                plot_timeseries.load_timeseries(path)


def write_run_with_latency(folder, rows=8):
    """A run with the latency percentile columns; the first interval has no answer (empty)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "timeseries.csv"), "w", encoding="utf-8") as handle:
        handle.write(HEADER.rstrip("\n") + ",latency_p50_ms,latency_p99_ms,latency_p999_ms\n")
        for idx in range(1, rows + 1):
            latency = ",," if idx == 1 else f"{idx},{10 * idx},{20 * idx}"
            handle.write(f"{idx * 0.5},{100 * idx},{100 * idx - 1},{idx % 3},0.75,"
                         f"{0.01 * idx},,{latency}\n")
    return folder


class LatencyPanel(unittest.TestCase):
    def test_four_panels_with_percentiles_three_without(self):
        with tempfile.TemporaryDirectory() as tmp:
            with_latency = plot_timeseries.load_timeseries(os.path.join(
                write_run_with_latency(os.path.join(tmp, "l")), "timeseries.csv"))
            without = plot_timeseries.load_timeseries(
                os.path.join(write_run(os.path.join(tmp, "r")), "timeseries.csv"))
        self.assertTrue(with_latency["latency_p99_ms"][:1].isna().all())
        self.assertAlmostEqual(with_latency["latency_p999_ms"][7], 160)
        fig = plot_timeseries.make_figure([("a", with_latency), ("b", without)])
        self.assertEqual(fig.axes[0].get_ylabel(), "latency (ms)")
        self.assertEqual(len(fig.axes[0].get_lines()), 3)  # p50, p99, p99.9 of run "a"
        self.assertEqual(fig.axes[0].get_yscale(), "log")
        fig = plot_timeseries.make_figure([("b", without)])
        self.assertNotIn("latency (ms)", [axis.get_ylabel() for axis in fig.axes])


class CommandLine(unittest.TestCase):
    def run_script(self, *args):
        return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True,
                              check=False)

    def test_writes_a_png_for_two_runs(self):
        with tempfile.TemporaryDirectory() as tmp:
            first = write_run(os.path.join(tmp, "a"))
            second = write_run(os.path.join(tmp, "b"), rows=6)
            out = os.path.join(tmp, "ts.png")
            result = self.run_script(first, second, "-o", out, "--labels", "A", "B")
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(out, "rb") as handle:
                self.assertEqual(handle.read(8), b"\x89PNG\r\n\x1a\n")

    def test_missing_run_folder_exits_2(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = self.run_script(os.path.join(tmp, "none"), "-o", os.path.join(tmp, "x.png"))
            self.assertEqual(result.returncode, 2)
            self.assertIn("no such file", result.stderr)
            self.assertFalse(os.path.exists(os.path.join(tmp, "x.png")))


if __name__ == "__main__":
    unittest.main()
