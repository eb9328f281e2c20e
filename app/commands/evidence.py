"""`casebook evidence export` and `casebook evidence merge`: programme evaluation without names.

A learner exports an anonymous slip (numbers and content ids only, see docs/evidence.md); a
programme lead merges everyone's slips into a PDF and CSV tables in which small groups are
hidden. Bad slips are listed per file on stderr and left out; they never stop the merge.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.commands.profile import open_session
from app.config import Paths, Settings
from app.errors import CasebookError
from app.models.evidence import describe
from app.services.evidence import merge, write_csv, write_report


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "evidence", help="anonymous progress slips and programme evaluation"
    )
    sub = group.add_subparsers(dest="evidence_command", metavar="ACTION", required=True)
    ex = sub.add_parser(
        "export",
        help="write your anonymous progress slip for a programme",
        description="Write an anonymous slip of your progress (numbers only: no words you "
        "wrote, no names, no exact dates) for your training programme's evaluation. "
        "The passphrase comes from CASEBOOK_PASSPHRASE or a prompt.",
    )
    ex.add_argument("--profile", required=True, metavar="NAME")
    ex.add_argument(
        "--programme",
        metavar="ID",
        help="the programme id (default: the organisation's programme_id setting)",
    )
    ex.add_argument("--out", required=True, metavar="FILE", help="where to save the slip (.json)")
    ex.add_argument("--show", action="store_true", help="also print what the slip holds")
    ex.add_argument("--json", action="store_true", help="machine-readable output")
    ex.set_defaults(func=_export)

    mg = sub.add_parser(
        "merge",
        help="merge slips into a programme evaluation PDF (and CSV tables)",
        description="Merge anonymous slips (files, or folders of .json files) into one "
        "programme evaluation. Counts from fewer than the organisation's threshold of people "
        "(never below 5) are hidden.",
    )
    mg.add_argument("sources", nargs="+", metavar="FILE|DIR")
    mg.add_argument("--out", required=True, metavar="REPORT.pdf", help="where to save the PDF")
    mg.add_argument("--csv", metavar="DIR", help="also write one CSV per table into DIR")
    mg.add_argument(
        "--programme",
        metavar="ID",
        help="merge this programme's slips (default: the organisation's, else the most common)",
    )
    mg.add_argument("--json", action="store_true", help="machine-readable output")
    mg.set_defaults(func=_merge)


def _export(args: argparse.Namespace, paths: Paths) -> int:
    out = Path(args.out)
    if not out.is_dir() and out.suffix.lower() != ".json":
        raise CasebookError("Give the slip a name ending in .json, such as my-progress.json.")
    with open_session(paths, args.profile) as session:
        written, slip = session.evidence.export(out, args.programme)
        lines = describe(slip, session.scenarios) if args.show else []
    if args.json:
        print(json.dumps({"path": str(written), "programme": slip.programme}))
        return 0
    for line in lines:
        print(line)
    print(f"Saved your anonymous progress slip for {slip.programme} to {written}.")
    return 0


def _merge(args: argparse.Namespace, paths: Paths) -> int:
    if not args.out.lower().endswith(".pdf"):
        raise CasebookError("Give the report a name ending in .pdf, such as evaluation.pdf.")
    evaluation = merge([Path(s) for s in args.sources], paths, programme=args.programme)
    for problem in evaluation.problems:
        print(f"casebook: skipped {problem.source}: {problem.message}.", file=sys.stderr)
    if not evaluation.programme or not evaluation.participants:
        what = f" for {evaluation.programme}" if evaluation.programme else ""
        raise CasebookError(f"No slip{what} could be merged, so no report was written.")
    organisation = Settings.load(paths).organisation
    report = write_report(evaluation, Path(args.out), organisation=organisation)
    csvs = write_csv(evaluation, Path(args.csv)) if args.csv else []
    if args.json:
        print(
            json.dumps(
                {
                    "programme": evaluation.programme,
                    "participants": evaluation.participants
                    if evaluation.total.shown
                    else evaluation.total.display(evaluation.k),
                    "files": evaluation.slips_read,
                    "skipped": [{"file": p.source, "why": p.message} for p in evaluation.problems],
                    "replaced": evaluation.replaced,
                    "report": str(report),
                    "csv": [str(c) for c in csvs],
                }
            )
        )
        return 0
    people = evaluation.total.display(evaluation.k)
    print(
        f"Merged slips from {people} people for {evaluation.programme} "
        f"({len(evaluation.problems)} file(s) skipped) into {report}."
    )
    if csvs:
        print(f"Wrote {len(csvs)} CSV tables to {csvs[0].parent}.")
    return 0
