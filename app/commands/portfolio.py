"""`casebook portfolio`: revalidation or appraisal at a glance, accounts, records and export."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from app.commands.profile import open_session, pdf_password
from app.config import Paths
from app.errors import CasebookError
from app.models.portfolio import CONFIRMATION, DISCUSSION, parse_day


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "portfolio", help="revalidation or appraisal: totals, accounts, export"
    )
    sub = group.add_subparsers(dest="portfolio_command", metavar="ACTION", required=True)

    show = sub.add_parser("show", help="totals against the framework and what is missing")
    show.add_argument("--profile", required=True, metavar="NAME")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(func=_show)

    choose = sub.add_parser("set", help="choose the framework and your revalidation date")
    choose.add_argument("--profile", required=True, metavar="NAME")
    choose.add_argument("--framework", metavar="ID", help="nmc-revalidation, generic-cpd…")
    choose.add_argument(
        "--date", metavar="YYYY-MM-DD", help="your revalidation (or appraisal) date"
    )
    choose.set_defaults(func=_set)

    account = sub.add_parser(
        "account",
        help="write a reflective account from a journal entry",
        description="Drafts a reflective account from the entry's answers into the "
        "framework's questions (the entry itself is not changed).",
    )
    account.add_argument("--profile", required=True, metavar="NAME")
    which = account.add_mutually_exclusive_group(required=True)
    which.add_argument("--entry", metavar="ID", help="draft a new account from this entry")
    which.add_argument("--id", metavar="ID", help="change an account already saved")
    account.add_argument(
        "--answers",
        metavar="FILE",
        help='your edited text: JSON like {"learned": "..."} (field ids from `portfolio show '
        "--json`), or - for stdin",
    )
    account.add_argument("--title", help="the account's title")
    account.add_argument(
        "--theme", action="append", default=[], metavar="ID", help="a theme or standard"
    )
    account.add_argument(
        "--final", action="store_true", help="mark it final (runs the identifier check)"
    )
    account.add_argument(
        "--keep-identifiers",
        action="store_true",
        help="mark it final even though the check found something that may identify someone",
    )
    account.add_argument("--json", action="store_true", help="machine-readable output")
    account.set_defaults(func=_account)

    for kind, text in (
        (DISCUSSION, "the reflective discussion"),
        (CONFIRMATION, "the confirmation"),
    ):
        rec = sub.add_parser(kind, help=f"record {text}")
        rec.add_argument("--profile", required=True, metavar="NAME")
        rec.add_argument("--name", required=True, help="who you met")
        rec.add_argument(
            "--registration", required=True, help="their registration number (e.g. NMC Pin)"
        )
        rec.add_argument("--date", required=True, metavar="YYYY-MM-DD")
        rec.add_argument("--contact", default="", help="email, professional address or postcode")
        rec.add_argument("--notes", default="")
        rec.set_defaults(func=_record, kind=kind)

    export = sub.add_parser(
        "export",
        help="the portfolio as a PDF (and the CPD log as CSV)",
        description="Write the portfolio PDF, laid out with the framework's fields. "
        "The passphrase comes from CASEBOOK_PASSPHRASE or a prompt.",
    )
    export.add_argument("--profile", required=True, metavar="NAME")
    export.add_argument("--out", required=True, metavar="FILE.pdf")
    export.add_argument("--csv", metavar="FILE.csv", help="also save the CPD log as CSV")
    export.add_argument(
        "--password-env",
        metavar="VAR",
        help="protect the PDF with the password held in this environment variable",
    )
    export.add_argument("--json", action="store_true", help="machine-readable output")
    export.set_defaults(func=_export)


def _show(args: argparse.Namespace, paths: Paths) -> int:
    with open_session(paths, args.profile) as session:
        standing = session.portfolio.standing()
    data = standing.to_dict()
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    t, r = data["totals"], data["required"]
    print(f"{data['framework']['title']}")
    if data["due"]:
        print(f"Date: {data['due']} ({data['days_left']} days)")
    print(f"CPD hours: {t['hours']:g} of {r['hours']:g}")
    if r["participatory_hours"]:
        print(f"Participatory hours: {t['participatory_hours']:g} of {r['participatory_hours']:g}")
    if r["reflective_accounts"]:
        print(f"Reflective accounts: {t['accounts_final']} of {r['reflective_accounts']}")
    for item in data["missing"]:
        print(f"Missing: {item}")
    return 0


def _set(args: argparse.Namespace, paths: Paths) -> int:
    if args.framework is None and args.date is None:
        raise CasebookError("Give --framework, --date or both.")
    if args.date:
        parse_day(args.date)
    with open_session(paths, args.profile) as session:
        settings = session.portfolio.choose(args.framework, args.date)
        framework = session.portfolio.framework()
    due = settings.due.isoformat() if settings.due else "not set"
    print(f"{framework.title}; {framework.date_label.lower()}: {due}.")
    return 0


def _account(args: argparse.Namespace, paths: Paths) -> int:
    edits = _read_answers(args.answers)
    with open_session(paths, args.profile) as session:
        portfolio = session.portfolio
        draft = portfolio.draft_account(args.entry) if args.entry else portfolio.account(args.id)
        known = {q.id for q in portfolio.framework().account_questions}
        unknown = sorted(set(edits) - known)
        if unknown:
            raise CasebookError(
                f"The account has no field {unknown[0]!r}; "
                f"its fields are: {', '.join(sorted(known))}."
            )
        draft = replace(
            draft,
            answers={**draft.answers, **edits},
            title=(args.title or "").strip() or draft.title,
            themes=tuple(dict.fromkeys([*draft.themes, *args.theme])),
        )
        saved = portfolio.save_account(
            draft, final=args.final, keep_identifiers=args.keep_identifiers
        )
    if args.json:
        print(json.dumps(saved.to_dict(), ensure_ascii=False))
    else:
        state = "final" if saved.final else "a draft"
        print(f"Saved account {saved.id} ({state}).")
    return 0


def _read_answers(source: str | None) -> dict[str, str]:
    if source is None:
        return {}
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CasebookError(f"There is no file at {source}.") from None
    except UnicodeDecodeError:
        raise CasebookError(f"{source} is not UTF-8 text. Save it as UTF-8 JSON.") from None
    try:
        value = json.loads(text) if text.strip() else {}
    except ValueError as exc:
        raise CasebookError(
            f"The account text is not valid JSON ({exc.msg}, line {exc.lineno})."
        ) from None
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise CasebookError('The account text should be a JSON object, like {"learned": "..."}.')
    return {str(k): v for k, v in value.items()}


def _record(args: argparse.Namespace, paths: Paths) -> int:
    parse_day(args.date)
    with open_session(paths, args.profile) as session:
        record = session.portfolio.set_record(
            args.kind,
            name=args.name,
            registration=args.registration,
            day=args.date,
            contact=args.contact,
            notes=args.notes,
        )
    print(f"Saved the {args.kind} record ({record.day.isoformat()}).")
    return 0


def _export(args: argparse.Namespace, paths: Paths) -> int:
    password = pdf_password(args.password_env)
    if not args.out.lower().endswith(".pdf"):
        raise CasebookError("Give the file a name ending in .pdf, such as portfolio.pdf.")
    if args.csv and not args.csv.lower().endswith(".csv"):
        raise CasebookError("Give the CPD log a file name ending in .csv, such as cpd.csv.")
    with open_session(paths, args.profile) as session:
        result = session.portfolio.export(
            Path(args.out), csv_out=Path(args.csv) if args.csv else None, password=password
        )
    if args.json:
        print(
            json.dumps(
                {
                    "path": str(result.pdf),
                    "csv": str(result.csv) if result.csv else None,
                    "bytes": result.pages_bytes,
                    "password": bool(password),
                }
            )
        )
        return 0
    also = f" and the CPD log to {result.csv}" if result.csv else ""
    protected = " (password protected)" if password else ""
    print(f"Saved the portfolio to {result.pdf}{protected}{also}.", file=sys.stdout)
    return 0
