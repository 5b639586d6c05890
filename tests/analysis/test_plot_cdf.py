"""Tests of analysis/plot_cdf.py.

Run from the repository root:  /usr/bin/python3 -m unittest discover -s tests/analysis

The inputs are synthetic run folders whose cdf.csv holds an exponential distribution computed from
its closed form F(x) = 1 - exp(-x / mean), so every plotted value has a known expected value. The
tests check the interface functions (load_cdf, tail_points, make_figure), the files the command
line writes (PNG signature / PDF header, size), and the exit code 2 paths.
"""

import importlib.util
import math
import os
import subprocess
import sys
import tempfile
import unittest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO_ROOT, "analysis", "plot_cdf.py")

# Digits written to the synthetic cdf.csv; the tolerances below follow from them.
LATENCY_DECIMALS = 6
FRACTION_DIGITS = 12


def load_module():
    spec = importlib.util.spec_from_file_location("plot_cdf", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


plot_cdf = load_module()


def exponential_points(mean_ms):
    """Latencies at which the CDF is written: a log-spaced grid reaching 1 - F = 1e-5, the exact
    median mean*ln 2, and (last row) a point with fraction exactly 1 as a run's maximum would."""
    tail_targets = [10.0 ** (-k / 4.0) for k in range(0, 21)]  # 1 .. 1e-5, 4 points per decade
    xs = sorted({-mean_ms * math.log(t) for t in tail_targets} | {mean_ms * math.log(2.0)})
    return xs


def write_run(run_dir, mean_ms, scenario=None):
    os.makedirs(run_dir)
    rows = []
    for x in exponential_points(mean_ms):
        x_text = f"{x:.{LATENCY_DECIMALS}f}"
        fraction = 1.0 - math.exp(-float(x_text) / mean_ms)
        rows.append(f"{x_text},{fraction:.{FRACTION_DIGITS}f}")
    rows.append(f"{-mean_ms * math.log(1e-6):.{LATENCY_DECIMALS}f},1.0")
    with open(os.path.join(run_dir, "cdf.csv"), "w", encoding="utf-8") as handle:
        handle.write("latency_ms,fraction\n" + "\n".join(rows) + "\n")
    if scenario is not None:
        with open(os.path.join(run_dir, "summary.json"), "w", encoding="utf-8") as handle:
            handle.write('{"scenario": "%s", "seed": 1}\n' % scenario)


def run_script(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True,
                           cwd=REPO_ROOT, timeout=120)


class PlotCdfTest(unittest.TestCase):
    MEANS_MS = (5.0, 20.0)

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.runs = []
        for mean_ms in self.MEANS_MS:
            run_dir = os.path.join(self.tmp.name, f"exp_mean_{mean_ms:g}ms")
            write_run(run_dir, mean_ms, scenario=None if mean_ms == 5.0 else "exp20")
            self.runs.append(run_dir)

    # -- interface functions -------------------------------------------------------------------

    def test_load_cdf_returns_file_values(self):
        latency, fraction = plot_cdf.load_cdf(os.path.join(self.runs[0], "cdf.csv"))
        self.assertEqual(latency.size, fraction.size)
        self.assertEqual(fraction[-1], 1.0)
        for x, f in zip(latency[:-1], fraction[:-1]):
            self.assertAlmostEqual(f, 1.0 - math.exp(-x / 5.0), delta=10.0 ** -FRACTION_DIGITS)

    def test_tail_at_median_is_one_half(self):
        for mean_ms, run_dir in zip(self.MEANS_MS, self.runs):
            x, y = plot_cdf.tail_points(*plot_cdf.load_cdf(os.path.join(run_dir, "cdf.csv")))
            median = mean_ms * math.log(2.0)
            idx = int((abs(x - median)).argmin())
            self.assertAlmostEqual(x[idx], median, delta=10.0 ** -LATENCY_DECIMALS)
            # Rounding: the latency to 1e-6 ms moves F by at most 0.5e-6 * f(x) < 1e-6 / mean,
            # plus the 1e-12 rounding of the fraction itself.
            self.assertAlmostEqual(y[idx], 0.5, delta=1e-6 / mean_ms + 1e-12)

    def test_tail_points_are_one_minus_fraction_without_zero(self):
        latency, fraction = plot_cdf.load_cdf(os.path.join(self.runs[1], "cdf.csv"))
        x, y = plot_cdf.tail_points(latency, fraction)
        self.assertEqual(x.size, latency.size - 1)  # only the fraction = 1 row is dropped
        self.assertTrue((y > 0).all())
        self.assertEqual(list(x), list(latency[:-1]))
        self.assertEqual(list(y), list(1.0 - fraction[:-1]))
        # The tail reaches 1e-5 (closed form: 1 - F(x) = exp(-x/mean)).
        self.assertAlmostEqual(y[-1], math.exp(-x[-1] / 20.0), delta=1e-11)
        self.assertLess(y[-1], 1.1e-5)

    def test_figure_lines_hold_exactly_the_tail_points(self):
        series = []
        for label, run_dir in zip(("a", "b"), self.runs):
            latency, fraction = plot_cdf.load_cdf(os.path.join(run_dir, "cdf.csv"))
            series.append((label, latency, fraction))
        fig = plot_cdf.make_figure(series, title="t")
        ax = fig.axes[0]
        self.assertEqual(len(ax.lines), 2)
        for line, (label, latency, fraction) in zip(ax.lines, series):
            x, y = plot_cdf.tail_points(latency, fraction)
            self.assertEqual(line.get_label(), label)
            self.assertEqual(list(line.get_xdata()), list(x))
            self.assertEqual(list(line.get_ydata()), list(y))
        self.assertEqual(ax.get_yscale(), "log")
        bottom, top = ax.get_ylim()
        self.assertEqual(bottom, 1.0)  # inverted axis: the deep tail at the top
        self.assertLessEqual(top, 1e-5)
        labels = [plot_cdf.percentile_label(t) for t in ax.get_yticks()]
        for wanted in ("p50", "p90", "p99", "p99.9", "p99.99"):
            self.assertIn(wanted, labels)

    def test_run_label(self):
        self.assertEqual(plot_cdf.run_label(self.runs[0]), "exp_mean_5ms")
        self.assertEqual(plot_cdf.run_label(self.runs[1]), "exp20")  # from summary.json
        self.assertEqual(plot_cdf.run_label(self.runs[1], "given"), "given")

    # -- command line --------------------------------------------------------------------------

    def check_output(self, path, signature):
        self.assertTrue(os.path.isfile(path), path)
        with open(path, "rb") as handle:
            head = handle.read(len(signature))
        self.assertEqual(head, signature)
        self.assertGreater(os.path.getsize(path), 5000)  # a real plot, not an empty canvas

    def test_writes_png_and_pdf(self):
        png = os.path.join(self.tmp.name, "tail.png")
        pdf = os.path.join(self.tmp.name, "tail.pdf")
        result = run_script(*self.runs, "-o", png, "--labels", "mean 5", "mean 20", "--title", "x")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.check_output(png, b"\x89PNG\r\n\x1a\n")
        result = run_script(*self.runs, "-o", pdf, "--logx")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.check_output(pdf, b"%PDF-")

    def test_same_input_same_bytes(self):
        outputs = []
        for name in ("one.pdf", "two.pdf"):
            path = os.path.join(self.tmp.name, name)
            self.assertEqual(run_script(*self.runs, "-o", path).returncode, 0)
            with open(path, "rb") as handle:
                outputs.append(handle.read())
        self.assertEqual(outputs[0], outputs[1])

    def test_help(self):
        result = run_script("--help")
        self.assertEqual(result.returncode, 0)
        self.assertIn("RUN_DIR", result.stdout)

    def test_missing_cdf_is_exit_2_naming_the_file(self):
        empty_run = os.path.join(self.tmp.name, "no_such_run")
        os.makedirs(empty_run)
        out = os.path.join(self.tmp.name, "never.png")
        result = run_script(self.runs[0], empty_run, "-o", out)
        self.assertEqual(result.returncode, 2)
        self.assertIn(os.path.join(empty_run, "cdf.csv"), result.stderr)
        self.assertIn("error:", result.stderr)
        self.assertFalse(os.path.exists(out))  # no partial output

    def test_bad_inputs_are_exit_2(self):
        bad_run = os.path.join(self.tmp.name, "bad")
        os.makedirs(bad_run)
        cases = {
            "latency,frac\n1,0.5\n": ":1: error: header",
            "latency_ms,fraction\n1,0.5\n2,0.4\n": ":3: error:",
            "latency_ms,fraction\n1,1.5\n": ":2: error: fraction",
            "latency_ms,fraction\n1,abc\n": ":2: error: not a number",
            "latency_ms,fraction\n": "error: no data rows",
        }
        out = os.path.join(self.tmp.name, "never.png")
        for content, message in cases.items():
            with open(os.path.join(bad_run, "cdf.csv"), "w", encoding="utf-8") as handle:
                handle.write(content)
            result = run_script(bad_run, "-o", out)
            self.assertEqual(result.returncode, 2, content)
            self.assertIn(message, result.stderr, content)
            self.assertFalse(os.path.exists(out))
        for args in ([self.runs[0], "-o", os.path.join(self.tmp.name, "x.jpg")],
                     [self.runs[0], "-o", out, "--labels", "one", "two"],
                     [self.runs[0]]):
            result = run_script(*args)
            self.assertEqual(result.returncode, 2, args)
            self.assertIn("error:", result.stderr)


if __name__ == "__main__":
    unittest.main()
