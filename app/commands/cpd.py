"""`casebook cpd`: the CPD log of a profile's portfolio — add, list, edit and remove activities.

Activities from scenario reflections and group sessions appear by themselves; these commands
add the others (a study day, a course, reading) and correct the derived ones.
"""

from __future__ import annotations

import argparse
import json

from app.commands.profile import open_session
from app.config import Paths
from app.models.portfolio import Activity, parse_day, parse_hours


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("cpd", help="your CPD log: activities and hours")
    sub = group.add_subparsers(dest="cpd_command", metavar="ACTION", required=True)

    add = sub.add_parser(
        "add",
        help="record a CPD activity (a study day, a course, reading)",
        description="Record a CPD activity. The passphrase comes from CASEBOOK_PASSPHRASE "
        "or a prompt.",
    )
    add.add_argument("--profile", required=True, metavar="NAME")
    add.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="when it happened")
    add.add_argument("--title", required=True, help="the topic, such as 'Sepsis study day'")
    add.add_argument("--hours", required=True, metavar="H", help="hours spent, such as 1.5")
    add.add_argument(
        "--participatory", action="store_true", help="learning with other people (all its hours)"
    )
    add.add_argument(
        "--participatory-hours", metavar="H", help="only some of its hours were participatory"
    )
    add.add_argument("--method", default="", help="course, study day, reading, peer review…")
    add.add_argument(
        "--theme",
        action="append",
        default=[],
        metavar="ID",
        help="a theme or standard it evidences",
    )
    add.add_argument("--evidence", default="", help="notes on the evidence you keep")
    add.add_argument("--json", action="store_true", help="machine-readable output")
    add.set_defaults(func=_add)

    listing = sub.add_parser("list", help="every activity in the CPD log, with totals")
    listing.add_argument("--profile", required=True, metavar="NAME")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(func=_list)

    edit = sub.add_parser("edit", help="correct an activity's hours, title or evidence")
    edit.add_argument("--profile", required=True, metavar="NAME")
    edit.add_argument("--id", required=True, help="the activity's id (from `cpd list`)")
    edit.add_argument("--hours", metavar="H")
    edit.add_argument("--participatory-hours", metavar="H")
    edit.add_argument("--title")
    edit.add_argument("--evidence")
    edit.add_argument("--json", action="store_true", help="machine-readable output")
    edit.set_defaults(func=_edit)

    remove = sub.add_parser("remove", help="take an activity out of the CPD log")
    remove.add_argument("--profile", required=True, metavar="NAME")
    remove.add_argument("--id", required=True, help="the activity's id (from `cpd list`)")
    remove.set_defaults(func=_remove)


def _line(a: Activity) -> str:
    part = f", {a.participatory_hours:g} participatory" if a.participatory_hours else ""
    return f"{a.id}  {a.day.isoformat()}  {a.hours:g} h{part}  {a.method}: {a.title}"


def _add(args: argparse.Namespace, paths: Paths) -> int:
    # What can be checked without the journal is checked before unlocking it.
    parse_day(args.date)
    parse_hours(args.hours)
    if args.participatory_hours is not None:
        parse_hours(args.participatory_hours, "Participatory hours")
    with open_session(paths, args.profile) as session:
        activity = session.portfolio.add_activity(
            day=args.date,
            title=args.title,
            hours=args.hours,
            method=args.method,
            participatory=args.participatory,
            participatory_hours=args.participatory_hours,
            themes=args.theme,
            evidence=args.evidence,
        )
    print(json.dumps(activity.to_dict()) if args.json else f"Added {_line(activity)}")
    return 0


def _list(args: argparse.Namespace, paths: Paths) -> int:
    with open_session(paths, args.profile) as session:
        standing = session.portfolio.standing()
    activities = standing.counted_activities
    t = standing.totals
    if args.json:
        print(
            json.dumps(
                {
                    "activities": [a.to_dict() for a in activities],
                    "totals": {
                        "hours": t.hours,
                        "participatory_hours": t.participatory_hours,
                        "activities": t.activities,
                    },
                },
                ensure_ascii=False,
            )
        )
        return 0
    for a in activities:
        print(_line(a))
    print(
        f"Total: {t.hours:g} hours, {t.participatory_hours:g} participatory, "
        f"{t.activities} activities"
    )
    return 0


def _edit(args: argparse.Namespace, paths: Paths) -> int:
    changes: dict = {}
    if args.hours is not None:
        changes["hours"] = parse_hours(args.hours)
    if args.participatory_hours is not None:
        changes["participatory_hours"] = parse_hours(
            args.participatory_hours, "Participatory hours"
        )
    if args.title is not None:
        changes["title"] = args.title
    if args.evidence is not None:
        changes["evidence"] = args.evidence
    with open_session(paths, args.profile) as session:
        activity = session.portfolio.edit_activity(args.id, **changes)
    print(json.dumps(activity.to_dict()) if args.json else f"Saved {_line(activity)}")
    return 0


def _remove(args: argparse.Namespace, paths: Paths) -> int:
    with open_session(paths, args.profile) as session:
        session.portfolio.remove_activity(args.id)
    print("Taken out of the CPD log.")
    return 0
