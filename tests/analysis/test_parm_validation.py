"""Smoke test of analysis/parm_validation.py: a quick run calibrates (a small budget), runs every
experiment and writes every section with numbers taken from the runs."""
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import unittest

ROOT = pathlib.Path(os.environ.get("SERVESIM_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
SERVESIM = ROOT / "build" / "release" / "sim" / "cli" / "servesim"


@unittest.skipUnless(SERVESIM.exists(), f"{SERVESIM} not built")
class ParmValidationTest(unittest.TestCase):
    def test_quick_run_writes_all_tables_with_numbers(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = pathlib.Path(tmp) / "parm.md"
            subprocess.run([sys.executable, str(ROOT / "analysis/parm_validation.py"), "--quick",
                            "--requests", "3000", "--max-evaluations", "12", "-j", "2",
                            "--fit-dir", str(pathlib.Path(tmp) / "fit"),
                            "--servesim", str(SERVESIM), "-o", str(out)],
                           check=True, cwd=ROOT, capture_output=True)
            text = out.read_text(encoding="utf-8")
            fit_json = (pathlib.Path(tmp) / "fit" / "fit.json").read_text(encoding="utf-8")
        self.assertIn("## What was fitted, on Fig. 9a alone", text)
        self.assertIn('"evaluations": 12', fit_json)
        for title in ("Fig. 9a", "Fig. 9b", "Fig. 10", "Fig. 11", "Fig. 12", "Fig. 13",
                      "Section 6.2.3"):
            self.assertIn(f"## {title}", text)
        # The six slide targets, each with a simulated value.
        targets = [line for line in text.splitlines()
                   if re.match(r"\| (ParM|Equal-Resources) \| latency_ms\.", line)]
        self.assertEqual(len(targets), 6)
        # Every table row carries numbers: p50 values are positive milliseconds.
        rows = [line for line in text.splitlines()
                if re.match(r"\| (\d+ qps|k = |\d+ shuffles|batch )", line)]
        self.assertGreaterEqual(len(rows), 2 * 4 + 3 + 4 + 3)
        for row in rows:
            cells = [c.strip() for c in row.strip("|").split("|")]
            self.assertGreater(float(cells[1]), 0.0, row)

    def test_missing_binary_exits_2(self):
        result = subprocess.run([sys.executable, str(ROOT / "analysis/parm_validation.py"),
                                 "--servesim", "/nonexistent/servesim"], capture_output=True, text=True)
        self.assertEqual(result.returncode, 2)
        self.assertIn("/nonexistent/servesim", result.stderr)


if __name__ == "__main__":
    unittest.main()
