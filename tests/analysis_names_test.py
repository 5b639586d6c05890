#!/usr/bin/env python3
"""Every output name that analysis/*.py reads is declared in the simulator.

usage: tools/python.sh tests/analysis_names_test.py REPO SERVESIM

Scripts checked: analysis/*.py and traces/*.py (the trace converter writes servesim's input
format).

The declared names come from the binary (`servesim metrics --json`: summary.json's figures and
sweep.csv's columns, and the columns of every CSV output) and the scenario keys from `servesim
keys` (sweep.csv's swept columns), so no name is written here a second time. The names the
scripts read are found in their syntax tree:

1. a dotted string whose first part is a summary group ("latency_ms.p999", "cost.usd_total",
   f"cost.breakdown.{part}"), unless it is a scenario key ("redundancy.k");
2. a chain of subscripts or .get() on a summary object ('summary["latency_ms"]["p999"]',
   'summary.get("stability", {}).get("stable")', and the same through a variable assigned such
   a chain), read as the dotted key ("latency_ms.p999"; a "ci95" part is dropped, since a
   summary holds each half-width beside its figure);
3. in a script that names an output file ("timeseries.csv"), a string ending in a unit suffix
   (_s, _ms, _usd) must be a column of a file it names;
4. a tuple or list of three or more strings, one of them a declared column, holds only
   declared columns;
5. a list of strings compared with something or added to something (a CSV header:
   'header != ["latency_ms", "fraction"]', '["time_s"] + rows') holds only columns of a declared
   file, an input or an output.

Each name must match a declaration (patterns such as "pools.<pool>.utilization" match any
name). The script first checks itself on a snippet with a misspelt name, so a broken extractor
cannot pass silently. Exit 0 when all are declared, 1 with one line per undeclared name.
"""
import ast
import glob
import json
import os
import re
import subprocess
import sys

UNIT_SUFFIX = re.compile(r"^[a-z][a-z0-9_]*_(s|ms|usd)$")
DOTTED = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z0-9_<>]+)+$")
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def matches(pattern, name):
    """Does `name` instantiate `pattern` ("pools.<pool>.utilization")? A "<>" in `name` (an
    f-string's hole) matches a pattern's placeholder only."""
    if "<" in name:
        return re.sub(r"<[^>]*>", "<>", name) == re.sub(r"<[^>]*>", "<>", pattern)
    if "<" not in pattern:
        return pattern == name
    head, rest = pattern.split("<", 1)
    tail = rest.split(">", 1)[1]
    return (len(name) > len(head) + len(tail) and name.startswith(head)
            and name.endswith(tail))


class Declared:
    def __init__(self, names_json, keys_text):
        data = json.loads(names_json)
        self.summary = set()
        for metric in data["summary"]:
            self.summary.add(metric["name"])
            self.summary.add(metric["column"])
        self.groups = {name.split(".")[0] for name in self.summary if "." in name}
        # A column that is only a placeholder (sweep.csv's "<key>" and "<figure>") stands for
        # names checked as figures and keys instead.
        self.files = {file: [column["name"] for column in entry["columns"]
                             if not column["name"].startswith("<")]
                      for file, entry in data["files"].items() if not entry["input"]}
        self.columns = {name for columns in self.files.values() for name in columns}
        self.all_columns = {column["name"] for entry in data["files"].values()
                            for column in entry["columns"]}
        # `servesim keys` lines start with the key; upper-case parts (pools.I, models.NAME)
        # stand for any index or name.
        self.keys = [line.split()[0] for line in keys_text.splitlines() if line.strip()]

    def is_figure(self, name):
        return any(matches(pattern, name) for pattern in self.summary)

    def is_key(self, name):
        parts = name.split(".")
        for key in self.keys:
            key_parts = key.split(".")
            if len(key_parts) < len(parts):
                continue  # a key may be read as a prefix of a longer one (a section)
            if all(k == p or (k.isupper() and p) for k, p in zip(key_parts, parts)):
                return True
        return False

    def is_column(self, name, files):
        return any(matches(pattern, name)
                   for file in files for pattern in self.files.get(file, []))


def text_of(node):
    """A string constant, or an f-string with its holes as "<>"; None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                parts.append("<>")
        return "".join(parts)
    return None


def chain(node, variables):
    """The dotted key read by a chain of ["k"] / .get("k") on a summary, or None."""
    keys = []
    while True:
        if isinstance(node, ast.Subscript) and text_of(node.slice) is not None:
            keys.append(text_of(node.slice))
            node = node.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "get" and node.args and text_of(node.args[0]) is not None):
            keys.append(text_of(node.args[0]))
            node = node.func.value
        else:
            break
    keys.reverse()
    if isinstance(node, ast.Name) and node.id in variables:
        keys = variables[node.id] + keys
    return keys


def names_read(source, declared):
    """(line, name, rule) for every output name `source` reads."""
    tree = ast.parse(source)
    found = []
    files = {text for node in ast.walk(tree)
             if (text := text_of(node)) is not None and text in declared.files}

    # Rule 2, with variables assigned a summary chain (lat = summary["latency_ms"]).
    variables = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(
                node.targets[0], ast.Name):
            keys = chain(node.value, variables)
            if keys and keys[0] in declared.groups:
                variables[node.targets[0].id] = keys
    seen_chains = set()
    for node in ast.walk(tree):
        keys = chain(node, variables)
        if len(keys) >= 2 and keys[0] in declared.groups:
            name = ".".join(key for key in keys if key != "ci95")
            if name.count(".") >= 1 and (node.lineno, name) not in seen_chains:
                seen_chains.add((node.lineno, name))
                found.append((node.lineno, name, "summary"))

    # The pieces of an f-string are read with it, not on their own.
    pieces = {id(value) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
              for value in node.values}
    for node in ast.walk(tree):
        text = text_of(node)
        if text is None or id(node) in pieces:
            continue
        # Rule 1.
        if DOTTED.match(text) and text.split(".")[0] in declared.groups:
            found.append((node.lineno, text, "summary"))
        # Rule 3.
        elif files and UNIT_SUFFIX.match(text):
            found.append((node.lineno, text, "column:" + ",".join(sorted(files))))
    # Rule 4.
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List)):
            # A list of names: three or more strings and nothing else (a pair such as
            # ("latency_p50_ms", "p50") is a column and its label).
            texts = [text_of(element) for element in node.elts]
            if len(texts) < 3 or None in texts:
                continue
            if any(text in declared.columns for text in texts):
                for text in texts:
                    if text and IDENTIFIER.match(text):
                        found.append((node.lineno, text, "column:*"))
    # Rule 5.
    for node in ast.walk(tree):
        sides = []
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            sides = [node.left, node.right]
        for side in sides:
            if isinstance(side, ast.List) and side.elts:
                texts = [text_of(element) for element in side.elts]
                if None not in texts:
                    found.extend((node.lineno, text, "header") for text in texts)
    return found


def undeclared(source, declared):
    """(line, name) for every name `source` reads that nothing declares."""
    missing = []
    for line, name, rule in names_read(source, declared):
        if rule == "summary":
            ok = declared.is_figure(name) or declared.is_key(name)
        elif rule == "header":
            ok = name in declared.all_columns
        elif rule == "column:*":
            ok = name in declared.columns or declared.is_column(name, declared.files)
        else:  # a summary group ("latency_ms") is read from summary.json
            ok = (declared.is_column(name, rule.split(":", 1)[1].split(","))
                  or name in declared.groups)
        if not ok:
            missing.append((line, name))
    return missing


def self_check(declared):
    """The extractor finds a misspelt name under each rule (else this test cannot fail)."""
    snippet = "\n".join([
        'a = "latency_ms.p9995"',
        'b = summary["latency_ms"]["p9995"]',
        'lat = summary["latency_ms"]',
        'c = lat.get("p9995")',
        'd = frame["latency_p9995_ms"]  # timeseries.csv',
        'e = "timeseries.csv"',
        'f = ("time_s", "in_system", "arrivals_per_sec")',
        'h = header != ["latency_ms", "fractions"]',
        'g = f"cost.breakdowns.{part}"',
        'ok = ("latency_ms.p999", summary["latency_ms"]["p999"], "time_s", "redundancy.k")',
    ])
    got = {name for _, name in undeclared(snippet, declared)}
    want = {"latency_ms.p9995", "latency_p9995_ms", "arrivals_per_sec", "cost.breakdowns.<>",
            "fractions"}
    if got != want:
        sys.exit(f"analysis_names_test: the extractor is broken: flagged {sorted(got)}, "
                 f"expected {sorted(want)}")


def main():
    repo, binary = sys.argv[1], sys.argv[2]
    names_json = subprocess.run([binary, "metrics", "--json"], check=True, capture_output=True,
                                text=True).stdout
    keys_text = subprocess.run([binary, "keys"], check=True, capture_output=True,
                               text=True).stdout
    declared = Declared(names_json, keys_text)
    self_check(declared)
    failures = []
    checked = 0
    scripts = sorted(glob.glob(os.path.join(repo, "analysis", "*.py")) +
                     glob.glob(os.path.join(repo, "traces", "*.py")))
    for path in scripts:
        source = open(path, encoding="utf-8").read()
        checked += len(names_read(source, declared))
        for line, name in undeclared(source, declared):
            failures.append(f"{os.path.relpath(path, repo)}:{line}: error: '{name}' is not a "
                            f"declared figure, column or key (`servesim metrics`, "
                            f"`servesim metrics --file NAME`, `servesim keys`)")
    for failure in failures:
        print(failure)
    print(f"{checked} names read by analysis/*.py and traces/*.py checked, "
          f"{len(failures)} undeclared")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
