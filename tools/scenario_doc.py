#!/usr/bin/env python3
"""Pastes the generated key tables into docs/scenario.md, or checks that they are current.

The tables come from `servesim keys --markdown`, which prints each reference table between
    <!-- BEGIN generated keys: ID (servesim keys --markdown) -->
    <!-- END generated keys: ID -->
markers, from the field tables the loader reads with (sim/io/field_table.hpp). The doc holds the
same markers; everything outside them is hand-written and left alone.

    tools/scenario_doc.py --write SERVESIM [DOC]   rewrite the regions in DOC
    tools/scenario_doc.py --check SERVESIM [DOC]   exit 1, with a diff, when DOC is stale
DOC defaults to docs/scenario.md next to this script.
"""
import argparse
import difflib
import pathlib
import re
import subprocess
import sys

REGION = re.compile(
    r"<!-- BEGIN generated keys: (?P<id>\S+) \(servesim keys --markdown\) -->\n"
    r"(?P<body>.*?)"
    r"<!-- END generated keys: (?P=id) -->\n",
    re.DOTALL)


def regions(text):
    return {match.group("id"): match.group("body") for match in REGION.finditer(text)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="rewrite the regions in DOC")
    mode.add_argument("--check", action="store_true", help="fail when DOC is stale")
    parser.add_argument("servesim", help="the servesim binary")
    parser.add_argument("doc", nargs="?",
                        default=pathlib.Path(__file__).resolve().parent.parent / "docs" / "scenario.md")
    args = parser.parse_args()

    generated = subprocess.run([args.servesim, "keys", "--markdown"], check=True,
                               capture_output=True, text=True).stdout
    wanted = regions(generated)
    doc_path = pathlib.Path(args.doc)
    old = doc_path.read_text(encoding="utf-8")
    present = regions(old)

    problems = []
    for section in wanted:
        if section not in present:
            problems.append(f"{doc_path}: no region for the generated keys of '{section}'; add\n"
                            f"<!-- BEGIN generated keys: {section} (servesim keys --markdown) -->\n"
                            f"<!-- END generated keys: {section} -->")
    for section in present:
        if section not in wanted:
            problems.append(f"{doc_path}: region '{section}' is not a section of "
                            "`servesim keys --markdown`; remove it")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1

    def replace(match):
        section = match.group("id")
        return (f"<!-- BEGIN generated keys: {section} (servesim keys --markdown) -->\n"
                + wanted[section] + f"<!-- END generated keys: {section} -->\n")

    new = REGION.sub(replace, old)
    if args.write:
        if new != old:
            doc_path.write_text(new, encoding="utf-8")
            print(f"updated {doc_path}")
        return 0
    if new != old:
        sys.stdout.writelines(difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            fromfile=str(doc_path), tofile="generated"))
        print(f"{doc_path} is stale: run tools/scenario_doc.py --write {args.servesim}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
