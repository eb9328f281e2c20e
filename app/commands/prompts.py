"""`casebook prompts show`: the reflection questions a role would be asked, for checking packs."""

from __future__ import annotations

import argparse
import json
import sys

from app.config import Paths
from app.models.content import ROLES
from app.models.prompts import Question
from app.services import prompts as service


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("prompts", help="see the reflection questions for a role")
    sub = group.add_subparsers(dest="prompts_command", metavar="ACTION")
    show = sub.add_parser(
        "show",
        help="print the questions for a role and a scenario",
        description="Print the reflection questions a role is asked after a scenario "
        "(or, with --free, in a reflection without a clip).",
    )
    show.add_argument("--role", required=True, choices=list(ROLES), help="the person's role")
    which = show.add_mutually_exclusive_group(required=True)
    which.add_argument("--scenario", metavar="ID", help="the scenario id (see `content list`)")
    which.add_argument(
        "--free", action="store_true", help="a reflection on an experience, without a clip"
    )
    show.add_argument(
        "--model", metavar="MODEL", help="reflection model (default: the role's usual one)"
    )
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(func=_show)


def _show(args: argparse.Namespace, paths: Paths) -> int:
    result = service.compose_for(paths, args.role, None if args.free else args.scenario, args.model)
    for problem in result.problems:
        print(f"casebook: skipped: {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps(result.to_list(), indent=2, ensure_ascii=False))
        return 0
    about = result.scenario.title if result.scenario else "a reflection without a clip"
    print(f"{ROLES[args.role]} · {about} · {result.model.title}")
    for section in result.sections:
        print()
        print(section.title)
        print("-" * len(section.title))
        if section.intro:
            print(section.intro)
        for q in section.questions:
            print(f"  [{q.id}] {q.text}")
            for line in _details(q):
                print(f"      {line}")
    return 0


def _details(q: Question) -> list[str]:
    lines = []
    if q.kind == "scale":
        ends = f": {q.labels[0]} … {q.labels[1]}" if q.labels else ""
        lines.append(f"(scale {q.min} to {q.max}{ends})")
    elif q.kind in ("choice", "checklist"):
        lines.append("(choose one)" if q.kind == "choice" else "(tick any)")
        for option in q.options:
            mark = "  ✓ correct" if option == q.correct else ""
            lines.append(f"- {option}{mark}")
    elif q.kind == "marker":
        lines.append("(a moment marked while watching, and what you noticed)")
    if q.action:
        lines.append("(an action point)")
    if q.help:
        lines.append(q.help)
    return lines
