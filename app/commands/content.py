"""`casebook content check` and `casebook content list`: the scenario library from the shell."""

from __future__ import annotations

import argparse
import json
import sys

from app.config import Paths
from app.models.timefmt import format_clock
from app.services import library


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "content", help="check and list scenarios, prompt packs and plans"
    )
    sub = group.add_subparsers(dest="content_command", metavar="ACTION", required=True)

    check = sub.add_parser(
        "check",
        help="validate content files",
        description="Validate scenario manifests, prompt packs and session plans: "
        "the bundled ones and "
        "your organisation's content folder, or the files and folders given. Prints one line per "
        "problem as path:line: message, and exits 1 when there is any.",
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to check")
    check.add_argument(
        "--no-clips",
        action="store_true",
        help="check the files only, without opening each clip with VLC",
    )
    check.set_defaults(func=_check)

    listing = sub.add_parser(
        "list",
        help="list the scenarios",
        description="List the scenarios that load: "
        "id, title, roles, topics, duration, file, warnings.",
    )
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(func=_list)


def _check(args: argparse.Namespace, paths: Paths) -> int:
    probe = None
    if not args.no_clips:
        from app.media import probe as clip_probe  # noqa: PLC0415  (loads libvlc: only here)
        from app.media.vlc_loader import VlcMissing  # noqa: PLC0415

        try:
            clip_probe.load_vlc()
            probe = clip_probe.probe
        except VlcMissing as exc:
            print(f"casebook: clips were not opened. {exc}", file=sys.stderr)
    problems = library.check(args.paths or None, paths=paths, probe=probe)
    for problem in problems:
        print(problem)
    errors = [p for p in problems if not p.warning]
    warnings = len(problems) - len(errors)
    said = f"{warnings} warning{'s' if warnings != 1 else ''}"
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        also = f" and {said}" if warnings else ""
        print(
            f"casebook: {len(errors)} {noun}{also} found; each line says where and what to change.",
            file=sys.stderr,
        )
        return 1
    if warnings:
        print(
            f"casebook: {said}; the scenarios still load and play. "
            "Each line says where and what to change.",
            file=sys.stderr,
        )
        return 0
    print("All content files look good.", file=sys.stderr)
    return 0


def _list(args: argparse.Namespace, paths: Paths) -> int:
    lib = library.load_library(paths)
    for problem in lib.problems:
        print(f"casebook: skipped: {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps([s.as_json() for s in lib.scenarios], indent=2, ensure_ascii=False))
        return 0
    if not lib.scenarios:
        print("No scenarios found. `casebook content check` shows what needs fixing.")
        return 0
    for s in lib.scenarios:
        print(f"{s.id}  {s.title}  ({format_clock(s.duration_seconds)})")
        print(f"    roles: {', '.join(s.roles)}")
        print(f"    topics: {', '.join(s.topics)}")
        print(f"    file: {s.video}")
        if s.content_warnings:
            print(f"    content warning: {' '.join(s.content_warnings)}")
    return 0
