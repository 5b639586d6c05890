"""Smoke test of analysis/serverless_validation.py: a quick run writes every table with numbers."""
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import unittest

ROOT = pathlib.Path(os.environ.get("SERVESIM_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
SERVESIM = pathlib.Path(os.environ.get("SERVESIM_BINARY",
                                       ROOT / "build" / "release" / "sim" / "cli" / "servesim"))
SCRIPT = ROOT / "analysis" / "serverless_validation.py"


@unittest.skipUnless(SERVESIM.exists(), f"{SERVESIM} not built")
class ServerlessValidationTest(unittest.TestCase):
    def test_quick_run_writes_all_tables_with_numbers(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = pathlib.Path(tmp) / "serverless_ensemble.md"
            subprocess.run([sys.executable, str(SCRIPT), "--quick", "--servesim", str(SERVESIM),
                            "-o", str(out)], check=True, cwd=ROOT, capture_output=True)
            text = out.read_text(encoding="utf-8")
        for title in ("The seed's claims against servesim", "Serial vs parallel",
                      "Sensitivity", "Ensemble width", "Keep-alive", "Assumptions and sources",
                      "What it would take to calibrate"):
            self.assertIn(title, text)
        # Batch rows (batch 1 and 1000, cold and warm): positive latencies and costs.
        rows = [line for line in text.splitlines() if re.match(r"\| (1|1000) \| (cold|warm) \| [\d.]+ \|", line)]
        self.assertGreaterEqual(len(rows), 4)
        for row in rows:
            cells = [c.strip() for c in row.strip("|").split("|")]
            self.assertGreater(float(cells[2]), 0.0, row)
        # Width rows 1..5, keep-alive rows for 4 policies x 2 speeds.
        self.assertEqual(len(re.findall(r"^\| [1-5] \| [\d.]+ / ", text, re.M)), 5)
        self.assertEqual(len(re.findall(r"^\| [\d.]+x \| (fixed|hybrid)", text, re.M)), 8)
        self.assertIn("77.36 %", text)
        self.assertIn("sandbox-hours", text)

    def test_missing_binary_exits_2(self):
        result = subprocess.run([sys.executable, str(SCRIPT), "--servesim", "/nonexistent/servesim"],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 2)
        self.assertIn("/nonexistent/servesim", result.stderr)


if __name__ == "__main__":
    unittest.main()
