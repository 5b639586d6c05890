#!/usr/bin/env bash
# usage: tools/update_metrics_doc.sh [SERVESIM]
# Rewrites the generated tables of the outputs: docs/scenario.md's summary.json table (between
# its BEGIN/END metrics markers, `servesim metrics --markdown`, from sim/run/metrics.cpp) and
# every CSV file's column table (between `<!-- BEGIN columns: FILE` and `<!-- END columns: FILE
# -->` in the doc that `servesim metrics --json` names for it, `servesim metrics --file NAME
# --markdown`, from the table beside the file's writer). The tests MetricsDoc.* fail until this
# is run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$repo/build/release/sim/cli/servesim}
"$repo/tools/python.sh" - "$repo" "$bin" <<'PY'
import json, subprocess, sys
repo, binary = sys.argv[1], sys.argv[2]

def run(*args):
    return subprocess.run([binary, "metrics", *args], check=True, capture_output=True,
                          text=True).stdout

def replace(path, begin, end, table):
    text = open(path, encoding="utf-8").read()
    start = text.index(begin)
    first = text.index("\n", start) + 1
    stop = text.index(end, first)
    new = text[:first] + table + text[stop:]
    if new != text:
        open(path, "w", encoding="utf-8").write(new)
        print(f"updated {path} ({end})")

replace(f"{repo}/docs/scenario.md", "<!-- BEGIN metrics", "<!-- END metrics -->",
        run("--markdown"))
for file, entry in json.loads(run("--json"))["files"].items():
    replace(f"{repo}/{entry['doc']}", f"<!-- BEGIN columns: {file} ",
            f"<!-- END columns: {file} -->", run("--file", entry["name"], "--markdown"))
PY
