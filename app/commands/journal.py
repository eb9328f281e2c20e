"""`casebook journal add|list|show|search|delete` for one profile (passphrase from the
environment or a prompt)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from app.commands.profile import open_session
from app.config import Paths
from app.errors import CasebookError, UsageError
from app.models.entry import FILLED_IN_NOTE, EntryRecord
from app.models.journal import Entry, answer_value_ok
from app.services.prompts import find_scenario
from app.services.session import UnlockedSession


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("journal", help="add, list, read, search and delete entries")
    sub = group.add_subparsers(dest="journal_command", metavar="ACTION", required=True)

    add = sub.add_parser(
        "add",
        help="add an entry; prints its id",
        description="Add a journal entry. Answers are a JSON object of question "
        "id to text, number or list of text (see `casebook prompts show`).",
    )
    add.add_argument("--profile", required=True, metavar="NAME")
    which = add.add_mutually_exclusive_group(required=True)
    which.add_argument("--scenario", metavar="ID", help="the scenario this reflects on")
    which.add_argument("--free", action="store_true", help="a reflection without a clip")
    add.add_argument("--title", help="a short title (needed with --free)")
    add.add_argument("--answers", metavar="FILE", help="JSON file of answers, or - for stdin")
    add.add_argument("--model", metavar="MODEL", help="reflection model (default: the role's)")
    add.add_argument("--tag", action="append", default=[], metavar="TAG", help="a tag (repeatable)")
    add.add_argument("--final", action="store_true", help="save as final (default: draft)")
    add.set_defaults(func=_add)

    listing = sub.add_parser("list", help="every entry, newest first")
    listing.add_argument("--profile", required=True, metavar="NAME")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(func=_list)

    show = sub.add_parser("show", help="one entry in full")
    show.add_argument("--profile", required=True, metavar="NAME")
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(func=_show)

    search = sub.add_parser("search", help="entries containing every word given")
    search.add_argument("--profile", required=True, metavar="NAME")
    search.add_argument("text", metavar="TEXT")
    search.add_argument("--json", action="store_true", help="machine-readable output")
    search.set_defaults(func=_search)

    delete = sub.add_parser("delete", help="erase one entry and its earlier versions")
    delete.add_argument("--profile", required=True, metavar="NAME")
    delete.add_argument("id", metavar="ID")
    delete.add_argument("--yes", action="store_true", help="confirm: erase it for good")
    delete.set_defaults(func=_delete)


def _with_session(paths: Paths, name: str, work: Callable[[UnlockedSession], int]) -> int:
    with open_session(paths, name) as session:
        return work(session)


def _read_answers(source: str | None) -> dict[str, Any]:
    if source is None:
        return {}
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CasebookError(f"There is no answers file at {source}.") from None
    except UnicodeDecodeError:
        raise CasebookError(f"{source} is not UTF-8 text. Save it as UTF-8 JSON.") from None
    try:
        answers = json.loads(text) if text.strip() else {}
    except ValueError as exc:
        raise CasebookError(
            f"The answers are not valid JSON ({exc.msg}, line {exc.lineno}). "
            'They should look like {"question-id": "your answer"}.'
        ) from None
    except RecursionError:
        raise CasebookError(
            "The answers are nested too deeply to read. They should be one JSON object of "
            'answers, like {"question-id": "your answer"}.'
        ) from None
    if not isinstance(answers, dict):
        raise CasebookError('The answers should be a JSON object, like {"question-id": "text"}.')
    return answers


def _add(args: argparse.Namespace, paths: Paths) -> int:
    """The same path as the reflection form: start, build the payload, check it, save it, so
    an entry added here holds exactly what the form would store for the same answers."""
    if args.free and not (args.title or "").strip():
        raise UsageError("A free-standing reflection needs a short title: add --title TEXT.")
    answers = _read_answers(args.answers)
    bad = [k for k, v in answers.items() if not answer_value_ok(v)]
    if bad:
        raise CasebookError(
            f"The answer to '{bad[0]}' should be text, a number, or a list of text."
        )

    def work(session: UnlockedSession) -> int:
        profile = session.profile
        reflections = session.reflections
        scenario = None if args.free else find_scenario(paths, args.scenario)
        known = {m for m, _ in reflections.models()}
        if args.model and args.model not in known:
            raise CasebookError(
                f"There is no reflection model '{args.model}'. "
                f"Choose one of: {', '.join(sorted(known)) or '(none)'}."
            )
        reflection = reflections.start(
            profile.role,
            scenario,
            args.model or profile.default_model or None,
            title=(args.title or "").strip(),
        )
        payload = reflections.build_payload(reflection, answers, tags=args.tag)
        entry = reflections.save(reflection, payload, "final" if args.final else "draft")
        print(entry.id)
        return 0

    return _with_session(paths, args.profile, work)


MIN_ID_PREFIX = 6


def local_time(stamp: str) -> str:
    """A stored UTC time as this computer's local time, to the minute (JSON keeps ISO UTC)."""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def entry_title(e: Entry, scenarios: Mapping[str, Any]) -> str:
    """What a person calls an entry: its own title, else its scenario's title."""
    if e.damaged:
        return "(damaged: this entry cannot be opened)"
    if e.title:
        return e.title
    scenario = scenarios.get(e.scenario_id) if e.scenario_id else None
    if scenario is not None:
        return scenario.title
    return e.scenario_id or "(untitled)"


def resolve_id(session: UnlockedSession, given: str) -> str:
    """The entry id `given` names: the whole id, or (as git does) a unique start of it of at
    least six characters."""
    ids = [e.id for e in session.journal.list_entries()]
    if given in ids:
        return given
    if len(given) < MIN_ID_PREFIX:
        raise CasebookError(
            f"There is no entry {given}. Give the whole id, or at least its first "
            f"{MIN_ID_PREFIX} characters (`casebook journal list` shows them)."
        )
    found = [i for i in ids if i.startswith(given)]
    if len(found) == 1:
        return found[0]
    if found:
        raise CasebookError(
            f"{given} is the start of {len(found)} entries: "
            + ", ".join(found[:5])
            + ". Give more of the id."
        )
    raise CasebookError(
        f"There is no entry {given} in this journal. `casebook journal list` shows the entries."
    )


def _print_entries(
    entries: list[Entry], as_json: bool, scenarios: Mapping[str, Any] | None = None
) -> None:
    if as_json:
        print(json.dumps([e.summary() for e in entries], ensure_ascii=False))
        return
    if not entries:
        print("No entries.")
    for e in entries:
        title = entry_title(e, scenarios or {})
        print(f"{e.id}  {local_time(e.updated_at)}  {e.status:<5}  {title}")


def _list(args: argparse.Namespace, paths: Paths) -> int:
    def work(session: UnlockedSession) -> int:
        journal = session.journal
        _print_entries(journal.list_entries(), args.json, session.scenarios)
        return 0

    return _with_session(paths, args.profile, work)


def _search(args: argparse.Namespace, paths: Paths) -> int:
    def work(session: UnlockedSession) -> int:
        journal = session.journal
        _print_entries(journal.search(args.text), args.json, session.scenarios)
        return 0

    return _with_session(paths, args.profile, work)


def _show(args: argparse.Namespace, paths: Paths) -> int:
    def work(session: UnlockedSession) -> int:
        journal = session.journal
        e = journal.get(resolve_id(session, args.id))
        if e.damaged:
            raise CasebookError(
                f"Entry {e.id} is damaged and cannot be opened. "
                "The rest of the journal is not affected."
            )
        record = e.record
        if args.json:
            print(
                json.dumps(
                    {
                        "id": e.id,
                        "created_at": e.created_at,
                        "updated_at": e.updated_at,
                        "scenario_id": e.scenario_id,
                        "title": e.title,
                        "status": e.status,
                        "answers": e.answers,
                        "markers": e.markers,
                        "tags": e.tags,
                        "revisions": e.revision_count,
                        "damaged": False,
                        # Each answered question as it was asked (stored with the entry).
                        "questions": [q.to_dict() for q in record.questions],
                        "questions_source": record.questions_source,
                        "payload": e.payload,
                    },
                    ensure_ascii=False,
                )
            )
            return 0
        print(entry_title(e, session.scenarios))
        scenario = session.scenarios.get(e.scenario_id) if e.scenario_id else None
        print(
            f"{'Finished' if e.status == 'final' else 'Draft'}, saved {local_time(e.updated_at)}"
            + (
                f", scenario: {scenario.title if scenario else e.scenario_id}"
                if e.scenario_id
                else ""
            )
        )
        if e.tags:
            print("Tags: " + ", ".join(e.tags))
        if record.filled_in_later and record.questions:
            print(f"({FILLED_IN_NOTE})")
        heading = None
        for qid, value in _in_order(record):
            q = record.question(qid)
            if q is not None and q.section and q.section != heading:
                heading = q.section
                print(f"\n== {heading} ==")
            print(f"\n{q.text}  [{qid}]" if q else f"\n[{qid}]")
            print("\n".join(value) if isinstance(value, list) else value)
        for m in record.markers:
            print(f"\nMarker at {m.at:g} s: {m.note}")
        if e.revision_count:
            print(f"\n{e.revision_count} earlier version(s) kept.")
        return 0

    return _with_session(paths, args.profile, work)


def _in_order(record: EntryRecord) -> list[tuple[str, Any]]:
    """Answers in the order their questions were asked, then any with no stored question."""
    asked = [q.id for q in record.questions if q.id in record.answers]
    return [(qid, record.answers[qid]) for qid in [*asked, *record.unasked()]]


def _delete(args: argparse.Namespace, paths: Paths) -> int:
    if not args.yes:
        raise UsageError(
            "This erases the entry and its earlier versions for good. Add --yes to confirm."
        )

    def work(session: UnlockedSession) -> int:
        journal = session.journal
        entry_id = resolve_id(session, args.id)
        journal.delete(entry_id)
        print(f"Entry {entry_id} is erased.")
        return 0

    return _with_session(paths, args.profile, work)
