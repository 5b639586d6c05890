"""Runs `servesim run` for the validation scripts (parm_validation.py, serverless_validation.py)
and returns its summary.json."""

import json
import os
import pathlib
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run_summary(servesim, scenario, sets, requests=0, nice=False):
    """`servesim run ROOT/scenario --set key=value ... [--requests N]` in a temporary folder,
    from the repository root; returns the parsed summary.json. `nice` lowers its priority."""
    with tempfile.TemporaryDirectory() as out:
        args = ["nice"] if nice else []
        args += [servesim, "run", str(ROOT / scenario), "-o", out, "-q", "--no-timing"]
        for key, value in sets.items():
            args += ["--set", f"{key}={value}"]
        if requests:
            args += ["--requests", str(requests)]
        subprocess.run(args, check=True, cwd=ROOT)
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            return json.load(f)
