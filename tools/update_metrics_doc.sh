#!/usr/bin/env bash
# usage: tools/update_metrics_doc.sh [SERVESIM]
# Rewrites the metrics table of docs/scenario.md (between its BEGIN/END metrics markers) with
# `servesim metrics --markdown`, the table generated from sim/run/metrics.cpp. The test
# MetricsDoc.TheTableInDocsScenarioIsGeneratedFromTheDeclarations fails until this is run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$repo/build/release/sim/cli/servesim}
doc=$repo/docs/scenario.md
table=$("$bin" metrics --markdown)
/usr/bin/python3 - "$doc" "$table" <<'PY'
import sys
path, table = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
begin = text.index("<!-- BEGIN metrics")
first = text.index("\n", begin) + 1
end = text.index("<!-- END metrics -->")
open(path, "w", encoding="utf-8").write(text[:first] + table + "\n" + text[end:])
PY
echo "updated $doc"
