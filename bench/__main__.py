"""Runs every benchmark module (bench/bench_*.py, each with `run(report)`) and prints a table.

Usage: python -m bench [NAME ...]   (NAME matches part of a module name)
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback
from pathlib import Path

from bench.report import Report

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if argv:
        names = [n for n in names if any(a in n for a in argv)]
    report = Report()
    failed = []
    for name in names:
        print(f"== {name}", flush=True)
        try:
            importlib.import_module(f"bench.{name}").run(report)
        except Exception:
            traceback.print_exc()
            failed.append(name)
    print()
    print(report.table())
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(report.as_dicts(), indent=2))
    misses = report.misses()
    if misses:
        print("\nMissed targets:\n  " + "\n  ".join(misses))
    return 1 if failed or misses else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
