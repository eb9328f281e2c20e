"""`casebook export pdf`: a supervision summary of one profile's reflections, as a PDF."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from app.commands.journal import resolve_id
from app.commands.profile import open_session, pdf_password
from app.config import Paths
from app.errors import CasebookError
from app.models.report import PAPER_SIZES
from app.models.report.protect import password_warnings
from app.services.export import ExportRequest, parse_day


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("export", help="export reflections for supervision")
    sub = group.add_subparsers(dest="export_command", metavar="FORMAT", required=True)
    pdf = sub.add_parser(
        "pdf",
        help="a PDF summary for supervision",
        description="Write a PDF summary of your reflections for a supervision session. "
        "The passphrase comes from CASEBOOK_PASSPHRASE or a prompt.",
    )
    pdf.add_argument("--profile", required=True, metavar="NAME")
    pdf.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day to include")
    pdf.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day to include")
    pdf.add_argument(
        "--entry",
        action="append",
        default=[],
        metavar="ID",
        help="include only this entry (repeatable)",
    )
    pdf.add_argument("--supervisor", default="", metavar="NAME", help="your supervisor's name")
    pdf.add_argument(
        "--private",
        action="append",
        default=[],
        metavar="QUESTION_ID",
        help="print this question's answers as 'kept private' (repeatable)",
    )
    pdf.add_argument("--paper", choices=PAPER_SIZES, default="a4", help="paper size (default a4)")
    pdf.add_argument(
        "--password-env",
        metavar="VAR",
        help="protect the PDF with the password held in this environment variable",
    )
    pdf.add_argument("--out", required=True, metavar="FILE.pdf", help="where to save the PDF")
    pdf.add_argument("--json", action="store_true", help="machine-readable output")
    pdf.set_defaults(func=_pdf)


def _pdf(args: argparse.Namespace, paths: Paths) -> int:
    # Everything that can be checked without the journal is checked before unlocking it.
    request = ExportRequest(
        start=parse_day(args.start, "--from") if args.start else None,
        end=parse_day(args.end, "--to") if args.end else None,
        entry_ids=tuple(args.entry),
        private=frozenset(args.private),
        supervisor=args.supervisor,
        paper=args.paper,
        password=pdf_password(args.password_env),
    )
    if not args.out.lower().endswith(".pdf"):
        raise CasebookError("Give the file a name ending in .pdf, such as summary.pdf.")
    for warning in password_warnings(request.password):
        print(f"casebook: warning: {warning}", file=sys.stderr)
    with open_session(paths, args.profile) as session:
        # --entry takes a unique start of an id (6 characters or more), as `journal show` does.
        ids = tuple(resolve_id(session, given) for given in request.entry_ids)
        request = dataclasses.replace(request, entry_ids=ids)
        missing = session.export.unprintable(request)
        if missing:
            print(f"casebook: warning: {missing}", file=sys.stderr)
        result = session.export.export(request, args.out)
    if args.json:
        print(
            json.dumps(
                {
                    "path": str(result.path),
                    "entries": result.entries,
                    "bytes": result.size,
                    "password": bool(request.password),
                }
            )
        )
        return 0
    noun = "reflection" if result.entries == 1 else "reflections"
    protected = " (password protected)" if request.password else ""
    print(f"Saved {result.entries} {noun} to {result.path}{protected}.", file=sys.stdout)
    return 0
