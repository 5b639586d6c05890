#!/usr/bin/env python3
"""Checks every #include in sim/ against the folder dependency table of STYLE.md.

Each folder of sim/ may include only itself and the folders listed for it below, which mirror the
target_link_libraries lines of sim/*/CMakeLists.txt. A wrong-way include, even of a header-only
file, fails this test. Exit 0 when clean, 1 with one line per violation otherwise.
"""
import pathlib
import re
import sys

# folder -> folders it may include (besides itself). Keep in step with sim/*/CMakeLists.txt.
ALLOWED = {
    "core": set(),
    "dist": {"core"},
    "stats": {"core"},
    # stats: the hedge policy keeps a running latency histogram.
    "policy": {"core", "dist", "stats"},
    "cluster": {"core", "dist", "stats", "policy"},
    "scenario": {"cluster", "policy", "dist", "core"},
    "io": {"scenario", "stats", "cluster", "policy", "dist", "core"},
    "run": {"cluster", "io", "scenario", "policy", "stats", "dist", "core"},
    # fit: the statistics of `servesim fit` (distributions fitted to measured samples).
    "fit": {"core", "dist", "stats"},
    "cli": {"run", "io", "scenario", "fit", "dist", "core"},
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"sim/([a-z_]+)/')


def violations(root: pathlib.Path):
    for path in sorted((root / "sim").rglob("*")):
        if path.suffix not in {".hpp", ".cpp", ".h"}:
            continue
        folder = path.relative_to(root / "sim").parts[0]
        allowed = ALLOWED.get(folder)
        if allowed is None:
            yield f"{path.relative_to(root)}: folder '{folder}' is missing from the layering table"
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = INCLUDE.match(line)
            if match and match.group(1) != folder and match.group(1) not in allowed:
                yield (f"{path.relative_to(root)}:{number}: sim/{folder} may not include "
                       f"sim/{match.group(1)} (allowed: {', '.join(sorted(allowed)) or 'nothing'})")


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    found = list(violations(root))
    for line in found:
        print(line)
    checked = sum(1 for p in (root / "sim").rglob("*") if p.suffix in {".hpp", ".cpp"})
    print(f"layering: {checked} files checked, {len(found)} violations")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
