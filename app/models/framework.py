"""Frameworks: what a professional body asks a person to keep for revalidation or appraisal.

A framework is content (TOML under `frameworks/` in a content root, validated by
`casebook content check`): the cycle's length, the CPD hours and participatory hours required,
how many reflective accounts, the account's questions, the themes or standards an item can
evidence, and the labels of the discussion and confirmation records. Bundled: NMC revalidation,
the Teachers' Standards (England) and a generic CPD record; an organisation adds its own (HCPC,
GTC Scotland, a state's professional-development hours) beside them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

from app.models.toml_doc import Problem, TomlDoc

TABLE = "framework"
FOLDER = "frameworks"
_ID = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")


@dataclass(frozen=True)
class Theme:
    """A theme of a code, or a standard, that an activity or account can evidence."""

    id: str
    title: str


@dataclass(frozen=True)
class AccountQuestion:
    """One field of the reflective-account form, and which journal answers draft it."""

    id: str
    text: str
    draws_from: tuple[str, ...] = ()
    rest: bool = False  # gathers the answers no other field drew


@dataclass(frozen=True)
class RecordLabels:
    """How a framework names its discussion or confirmation record and its fields."""

    title: str
    partner_label: str
    registration_label: str


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    regulator: str
    cycle_years: int
    required_hours: float
    required_participatory_hours: float
    reflective_accounts: int
    evidence_label: str
    date_label: str
    themes: tuple[Theme, ...]
    account_questions: tuple[AccountQuestion, ...]
    discussion: RecordLabels
    confirmation: RecordLabels
    methods: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def theme_title(self, theme_id: str) -> str:
        return next((t.title for t in self.themes if t.id == theme_id), theme_id)

    def question_for(self, question_id: str, section_id: str = "") -> AccountQuestion | None:
        """The account field that drafts from this journal question: the longest id match."""
        best: tuple[int, AccountQuestion] | None = None
        for q in self.account_questions:
            for stem in q.draws_from:
                for candidate in (question_id, section_id):
                    if candidate and (candidate == stem or candidate.startswith(stem + ".")):
                        if best is None or len(stem) > best[0]:
                            best = (len(stem), q)
        if best is not None:
            return best[1]
        return next((q for q in self.account_questions if q.rest), None)


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def validate(doc: TomlDoc) -> list[Problem]:
    """Every problem in a framework file, as `path:line: what to change`. Empty when fine."""
    problems: list[Problem] = list(doc.problems)
    if problems:
        return problems

    def at(line: int, message: str) -> None:
        problems.append(Problem(doc.path, line, message))

    fw = doc.data.get(TABLE)
    if not isinstance(fw, dict):
        at(1, "a framework starts with a [framework] table; add one with id and title")
        return problems
    top = doc.line_of(None, TABLE)

    def line(key: str, table: str = TABLE, n: int = 0) -> int:
        return doc.line_of(key, table, n)

    fid = fw.get("id")
    if not _text(fid):
        at(top, 'add an id to [framework], such as id = "hcpc-cpd"')
    elif not _ID.match(str(fid)):
        at(line("id"), "the id should be lower-case letters, digits and dashes, like hcpc-cpd")
    if not _text(fw.get("title")):
        at(line("title") if "title" in fw else top, "add a title to [framework] (some text)")
    for key in ("regulator", "evidence_label", "date_label"):
        if key in fw and not isinstance(fw[key], str):
            at(line(key), f"{key} should be text in quotes")
    years = fw.get("cycle_years")
    if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 10:
        at(
            line("cycle_years") if "cycle_years" in fw else top,
            "cycle_years should be a whole number of years from 1 to 10, such as 3",
        )
    hours = fw.get("required_hours")
    if not _number(hours) or not 0 <= hours <= 1000:
        at(
            line("required_hours") if "required_hours" in fw else top,
            "required_hours should be a number of hours from 0 to 1000, such as 35",
        )
    part = fw.get("required_participatory_hours", 0)
    if not _number(part) or part < 0:
        at(line("required_participatory_hours"), "required_participatory_hours should be 0 or more")
    elif _number(hours) and 0 <= hours and part > hours:
        at(
            line("required_participatory_hours"),
            "required_participatory_hours cannot be more than required_hours",
        )
    accounts = fw.get("reflective_accounts", 0)
    if not isinstance(accounts, int) or isinstance(accounts, bool) or not 0 <= accounts <= 50:
        at(line("reflective_accounts"), "reflective_accounts should be a whole number, 0 to 50")
    for key in ("methods", "roles"):
        value = fw.get(key, [])
        if not isinstance(value, list) or not all(_text(v) for v in value):
            at(line(key), f'{key} should be a list of texts, like ["Course", "Reading"]')

    themes = fw.get("themes", [])
    if not isinstance(themes, list) or not themes:
        at(top, "add at least one theme or standard: a [[framework.themes]] table with id, title")
        themes = []
    seen: set[str] = set()
    for n, theme in enumerate(themes):
        tline = doc.line_of(None, f"{TABLE}.themes", n)
        if not isinstance(theme, dict) or not _text(theme.get("id")):
            at(tline, "each theme needs an id")
            continue
        if not _text(theme.get("title")):
            at(tline, f'the theme "{theme["id"]}" needs a title')
        if theme["id"] in seen:
            at(tline, f'the theme id "{theme["id"]}" is used twice; give each its own id')
        seen.add(theme["id"])

    questions = fw.get("account_questions", [])
    if not isinstance(questions, list) or (not questions and accounts):
        at(top, "add the account's questions: [[framework.account_questions]] with id and text")
        questions = []
    qseen: set[str] = set()
    for n, q in enumerate(questions):
        qtable = f"{TABLE}.account_questions"
        qline = doc.line_of(None, qtable, n)
        if not isinstance(q, dict) or not _text(q.get("id")):
            at(qline, "each account question needs an id")
            continue
        if not _text(q.get("text")):
            at(qline, f'the account question "{q["id"]}" needs its text')
        if q["id"] in qseen:
            at(qline, f'the account question id "{q["id"]}" is used twice')
        qseen.add(q["id"])
        draws = q.get("draws_from", [])
        if not isinstance(draws, list) or not all(_text(d) for d in draws):
            at(
                doc.line_of("draws_from", qtable, n),
                'draws_from should be a list of question or section ids, like ["gibbs.analysis"]',
            )
        if "rest" in q and not isinstance(q["rest"], bool):
            at(doc.line_of("rest", qtable, n), "rest should be true or false")

    for key in ("discussion", "confirmation"):
        rec = fw.get(key)
        table = f"{TABLE}.{key}"
        if not isinstance(rec, dict):
            at(top, f"add a [{table}] table with title, partner_label and registration_label")
            continue
        for label in ("title", "partner_label", "registration_label"):
            if not _text(rec.get(label)):
                at(doc.line_of(label, table), f"add {label} to [{table}] (some text)")
    return problems


def from_doc(doc: TomlDoc) -> Framework:
    """The framework of a file that passed `validate`."""
    fw = doc.data[TABLE]

    def labels(key: str) -> RecordLabels:
        rec = fw[key]
        return RecordLabels(
            str(rec["title"]), str(rec["partner_label"]), str(rec["registration_label"])
        )

    return Framework(
        id=str(fw["id"]),
        title=str(fw["title"]),
        regulator=str(fw.get("regulator", "")),
        cycle_years=int(fw["cycle_years"]),
        required_hours=float(fw["required_hours"]),
        required_participatory_hours=float(fw.get("required_participatory_hours", 0)),
        reflective_accounts=int(fw.get("reflective_accounts", 0)),
        evidence_label=str(fw.get("evidence_label") or "Themes"),
        date_label=str(fw.get("date_label") or "Revalidation date"),
        themes=tuple(Theme(str(t["id"]), str(t["title"])) for t in fw.get("themes", [])),
        account_questions=tuple(
            AccountQuestion(
                str(q["id"]),
                str(q["text"]),
                tuple(str(d) for d in q.get("draws_from", [])),
                bool(q.get("rest", False)),
            )
            for q in fw.get("account_questions", [])
        ),
        discussion=labels("discussion"),
        confirmation=labels("confirmation"),
        methods=tuple(str(m) for m in fw.get("methods", [])),
        roles=tuple(str(r) for r in fw.get("roles", [])),
        path=doc.path,
    )


def read_framework(path: Path) -> tuple[Framework | None, list[Problem]]:
    doc = TomlDoc.read(path)
    problems = validate(doc)
    return (None, problems) if problems else (from_doc(doc), [])


def load_frameworks(roots: Iterable[Path]) -> tuple[list[Framework], list[Problem]]:
    """Every valid framework under the roots' `frameworks/` folders (first id wins)."""
    found: dict[str, Framework] = {}
    problems: list[Problem] = []
    for root in roots:
        for path in sorted(Path(root).joinpath(FOLDER).glob("*.toml")):
            framework, errs = read_framework(path)
            problems.extend(errs)
            if framework is None:
                continue
            if framework.id in found:
                problems.append(
                    Problem(
                        path,
                        1,
                        f'the framework id "{framework.id}" is already used by '
                        f"{found[framework.id].path}; give this framework its own id",
                    )
                )
                continue
            found[framework.id] = framework
    return list(found.values()), problems
