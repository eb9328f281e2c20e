"""Prompt packs: reflection questions and models, read from TOML, validated, and composed into
the question set for one viewing (or one free-standing reflection).

A pack file has a `[pack]` table and any of three arrays of tables, kept flat so every problem
can be reported with the line it sits on:

    [pack]       id, title, description, version (text; "1" when not given)
    [[model]]    id, title, summary                     a reflection model (Gibbs, NMC, ...)
    [[section]]  id, title, stage, model, intro,        a heading questions sit under; its
                 roles, topics, scenarios               applies-to lists are the questions' defaults
    [[question]] id, section, kind, text, help, roles, topics, scenarios, except_topics,
                 when, action, options, correct, explanation, min, max, labels

A question may sit in a section of another pack (an organisation can add a question to the
bundled "ward-nurse" section); those links and the uniqueness of ids across packs are checked
when all packs are loaded together (`load_packs`), since one file alone cannot know them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.errors import CasebookError
from app.models.content import ROLES, Scenario
from app.models.toml_doc import Problem, TomlDoc

KINDS: dict[str, str] = {
    "text": "free text",
    "scale": "a rating on a scale",
    "choice": "one option (a knowledge check when it has a correct answer)",
    "checklist": "any number of options",
    "marker": "a moment marked while watching, and what was noticed",
}
# Composition order: the universal core, the role's questions, the scenario's, then the model's.
STAGES = ("core", "role", "scenario", "model")
WHEN = ("any", "clip", "free")

DEFAULT_MODEL: dict[str, str] = {
    "ward-nurse": "nmc",
    "ed-nurse": "nmc",
    "mh-practitioner": "gibbs",
    "teacher": "brookfield",
    "school-support": "brookfield",
    "facilitator": "driscoll",
}

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_SCALE_MAX_STEPS = 10  # a longer scale is hard to use with a keyboard and hard to read back

_PACK_KEYS = ("id", "title", "description", "version")
DEFAULT_PACK_VERSION = "1"
_MODEL_KEYS = ("id", "title", "summary")
_SECTION_KEYS = ("id", "title", "stage", "model", "intro", "roles", "topics", "scenarios")
_QUESTION_KEYS = (
    "id",
    "section",
    "kind",
    "text",
    "help",
    "roles",
    "topics",
    "except_topics",
    "scenarios",
    "when",
    "action",
    "options",
    "correct",
    "explanation",
    "min",
    "max",
    "labels",
)
_TOP_KEYS = ("pack", "model", "section", "question")


@dataclass(frozen=True)
class Question:
    """One question; answers are stored under its id, so the id never changes once shipped."""

    id: str
    section: str
    kind: str
    text: str
    help: str = ""
    roles: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    scenarios: tuple[str, ...] = ()
    # Left out when the scenario is about any of these (a question about pupils in lessons
    # does not fit a clip about staff wellbeing).
    except_topics: tuple[str, ...] = ()
    when: str = "any"
    action: bool = False  # an "action point": gathered on the PDF summary
    options: tuple[str, ...] = ()
    correct: str | None = None
    explanation: str = ""
    min: int = 1
    max: int = 5
    labels: tuple[str, ...] = ()  # words for the two ends of a scale
    # The pack it came from, and that pack's version: stored with each answer (entry.py).
    pack: str = field(default="", compare=False)
    pack_version: str = field(default="", compare=False)
    source: Path | None = field(default=None, compare=False)
    line: int = field(default=0, compare=False)

    @property
    def is_knowledge_check(self) -> bool:
        return self.kind == "choice" and self.correct is not None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for `--json`, the reflection form and the PDF."""
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "help": self.help,
            "options": list(self.options),
            "action": self.action,
        }
        if self.kind == "scale":
            out.update(min=self.min, max=self.max, labels=list(self.labels))
        if self.kind == "choice" and self.correct is not None:
            out.update(correct=self.correct, explanation=self.explanation)
        return out


@dataclass(frozen=True)
class Section:
    """A heading questions sit under: the core, a role, a scenario, or one stage of a model."""

    id: str
    title: str
    stage: str
    model: str | None = None
    intro: str = ""
    roles: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    scenarios: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    source: Path | None = field(default=None, compare=False)
    line: int = field(default=0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "stage": self.stage,
            "model": self.model,
            "intro": self.intro,
            "questions": [q.to_dict() for q in self.questions],
        }


@dataclass(frozen=True)
class ReflectionModel:
    """A reflection model; its stages are the sections that name it, in file order."""

    id: str
    title: str
    summary: str = ""
    source: Path | None = field(default=None, compare=False)
    line: int = field(default=0, compare=False)


_Item = ReflectionModel | Section | Question  # what a pack defines, each with an id


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    path: Path
    description: str = ""
    version: str = DEFAULT_PACK_VERSION
    models: tuple[ReflectionModel, ...] = ()
    sections: tuple[Section, ...] = ()  # as written: without their questions
    questions: tuple[Question, ...] = ()


# ---------------------------------------------------------------- reading one file


def validate(doc: TomlDoc) -> list[Problem]:
    """Every problem in one pack file, `path:line: what is wrong and what to do`.

    Includes the document's own reading problems (syntax, encoding). Checks that need every
    pack at once (ids unique across packs, sections defined elsewhere) are made by `load_packs`.
    """
    return _parse(doc)[1]


def read_pack(path: Path) -> tuple[Pack | None, list[Problem]]:
    """One pack file: the pack when it has no problems, else None and the problems."""
    return _parse(TomlDoc.read(path))


def _parse(doc: TomlDoc) -> tuple[Pack | None, list[Problem]]:
    problems = list(doc.problems)
    if problems:
        return None, problems
    r = _Reader(doc, problems)
    data = doc.data
    for key in data:
        if key not in _TOP_KEYS:
            if key in _PACK_KEYS and not isinstance(data[key], (dict, list)):
                r.add(
                    doc.line_of(key), f"'{key}' belongs in the [pack] table; move it below [pack]"
                )
                continue
            kind = "table" if isinstance(data[key], (dict, list)) else "key"
            r.unknown(key, _TOP_KEYS, "", None, what=kind)

    head = data.get("pack")
    if not isinstance(head, dict):
        r.add(1, "a prompt pack starts with a [pack] table holding its id and title; add one")
        return None, problems
    r.unknown_keys(head, _PACK_KEYS, "pack", None)
    pack_id = r.ident(head, "pack", None)
    title = r.text(head, "title", "pack", None, required=True)
    description = r.text(head, "description", "pack", None)
    version = _pack_version(r, head)

    models = [m for i, t in enumerate(r.tables("model")) if (m := _read_model(r, t, i))]
    sections = [s for i, t in enumerate(r.tables("section")) if (s := _read_section(r, t, i))]
    questions = [q for i, t in enumerate(r.tables("question")) if (q := _read_question(r, t, i))]
    if not (models or sections or questions) and not problems:
        r.add(
            doc.line_of(None, "pack"), "this pack has no [[question]], [[section]] or [[model]] yet"
        )

    r.duplicates(models, "model", "model ids")
    r.duplicates(sections, "section", "section ids")
    r.duplicates(questions, "question", "question ids (answers are kept by id)")
    if problems:
        return None, problems
    return (
        Pack(
            id=pack_id or "",
            title=title,
            path=doc.path,
            description=description,
            version=version,
            models=tuple(models),
            sections=tuple(sections),
            questions=tuple(
                replace(q, pack=pack_id or "", pack_version=version) for q in questions
            ),
        ),
        problems,
    )


class _Reader:
    """Typed access to table values, recording a problem (with its line) for each bad one."""

    def __init__(self, doc: TomlDoc, problems: list[Problem]):
        self.doc = doc
        self.problems = problems

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.doc.path, line, message))

    def line(self, table: str, index: int | None, key: str | None = None) -> int:
        if index is None:
            return self.doc.line_of(key, table)
        return self.doc.line_of(key, table, index)

    def tables(self, name: str) -> list[dict]:
        value = self.doc.data.get(name, [])
        if isinstance(value, list) and all(isinstance(t, dict) for t in value):
            return value
        self.add(self.doc.line_of(name), f"'{name}' should be a list of [[{name}]] tables")
        return []

    def unknown(
        self, key: str, known: Sequence[str], table: str, index: int | None, what: str = "key"
    ) -> None:
        hint = difflib.get_close_matches(key, known, n=1)
        advice = f"did you mean '{hint[0]}'?" if hint else "known ones: " + ", ".join(known)
        where = f" in [{table}]" if table else ""
        if table:
            line = self.line(table, index, key)
        elif isinstance(self.doc.data.get(key), (dict, list)):
            line = self.doc.line_of(None, key)  # a [table] or [[table]] header
        else:
            line = self.doc.line_of(key)  # a bare key before the first table
        self.add(line, f"unknown {what} '{key}'{where}; {advice}")

    def unknown_keys(self, t: dict, known: Sequence[str], table: str, index: int | None) -> None:
        for key in t:
            if key not in known:
                self.unknown(key, known, table, index)

    def ident(self, t: dict, table: str, index: int | None) -> str | None:
        value = t.get("id")
        line = self.line(table, index, "id")
        if value is None:
            self.add(line, f'this [{table}] has no id; add id = "a-short-name"')
            return None
        if not isinstance(value, str) or not _ID.match(value):
            self.add(
                line,
                f"id {value!r} should be lowercase letters, digits, '.', '-' or '_' "
                '(for example "ward-nurse.escalation")',
            )
            return None
        return value

    def text(self, t: dict, key: str, table: str, index: int | None, required: bool = False) -> str:
        value = t.get(key)
        if value is None:
            if required:
                self.add(self.line(table, index), f'this [{table}] has no {key}; add {key} = "..."')
            return ""
        if not isinstance(value, str):
            self.add(self.line(table, index, key), f"{key} should be text in quotes")
            return ""
        if required and not value.strip():
            self.add(self.line(table, index, key), f"{key} is empty; write a few words")
        return value.strip()

    def strings(self, t: dict, key: str, table: str, index: int | None) -> tuple[str, ...]:
        value = t.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(
                self.line(table, index, key), f'{key} should be a list of text, like ["a", "b"]'
            )
            return ()
        return tuple(v.strip() for v in value)

    def roles(self, t: dict, table: str, index: int | None) -> tuple[str, ...]:
        roles = self.strings(t, "roles", table, index)
        for role in roles:
            if role not in ROLES:
                self.add(
                    self.line(table, index, "roles"),
                    f"unknown role '{role}'; use one of: {', '.join(ROLES)}",
                )
        return roles

    def integer(self, t: dict, key: str, default: int, table: str, index: int | None) -> int:
        value = t.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(
                self.line(table, index, key), f"{key} should be a whole number, like {default}"
            )
            return default
        return value

    def duplicates(self, items: Sequence[_Item], table: str, what: str) -> None:
        seen: dict[str, int] = {}
        for item in items:
            if item.id in seen:
                self.add(
                    item.line,
                    f"{table} id '{item.id}' is used twice (first at line {seen[item.id]}); "
                    f"{what} must be unique",
                )
            else:
                seen[item.id] = item.line


def _pack_version(r: _Reader, head: dict) -> str:
    """The pack's version as text ("2", "2025.1"); a whole number is accepted too."""
    value = head.get("version")
    if value is None:
        return DEFAULT_PACK_VERSION
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        r.add(r.line("pack", None, "version"), 'version should be text in quotes, like "2"')
        return DEFAULT_PACK_VERSION
    return str(value).strip()


def _read_model(r: _Reader, t: dict, i: int) -> ReflectionModel | None:
    before = len(r.problems)
    r.unknown_keys(t, _MODEL_KEYS, "model", i)
    ident = r.ident(t, "model", i)
    title = r.text(t, "title", "model", i, required=True)
    summary = r.text(t, "summary", "model", i)
    if len(r.problems) > before or ident is None:
        return None
    return ReflectionModel(ident, title, summary, r.doc.path, r.line("model", i))


def _read_section(r: _Reader, t: dict, i: int) -> Section | None:
    before = len(r.problems)
    r.unknown_keys(t, _SECTION_KEYS, "section", i)
    ident = r.ident(t, "section", i)
    title = r.text(t, "title", "section", i, required=True)
    intro = r.text(t, "intro", "section", i)
    stage = t.get("stage")
    if stage not in STAGES:
        said = "has no stage" if stage is None else f"has stage {stage!r}"
        r.add(
            r.line("section", i, "stage" if stage is not None else None),
            f"this [[section]] {said}; use one of: {', '.join(STAGES)}",
        )
    model = t.get("model")
    if stage == "model" and not isinstance(model, str):
        r.add(r.line("section", i, "model"), 'a stage = "model" section needs model = "<model id>"')
    elif stage != "model" and model is not None:
        r.add(
            r.line("section", i, "model"),
            'model only applies to stage = "model" sections; remove it',
        )
    roles = r.roles(t, "section", i)
    topics = r.strings(t, "topics", "section", i)
    scenarios = r.strings(t, "scenarios", "section", i)
    if len(r.problems) > before or ident is None or not isinstance(stage, str):
        return None
    return Section(
        id=ident,
        title=title,
        stage=stage,
        model=model if stage == "model" else None,
        intro=intro,
        roles=roles,
        topics=topics,
        scenarios=scenarios,
        source=r.doc.path,
        line=r.line("section", i),
    )


def _read_question(r: _Reader, t: dict, i: int) -> Question | None:
    before = len(r.problems)
    r.unknown_keys(t, _QUESTION_KEYS, "question", i)
    ident = r.ident(t, "question", i)
    section = t.get("section")
    if not isinstance(section, str) or not section:
        r.add(r.line("question", i, "section"), 'this [[question]] needs section = "<section id>"')
    kind = t.get("kind")
    if kind not in KINDS:
        line = r.line("question", i, "kind")
        if kind is None:
            r.add(line, f"this [[question]] has no kind; use one of: {', '.join(KINDS)}")
        else:
            hint = difflib.get_close_matches(str(kind), KINDS, n=1)
            advice = f"did you mean '{hint[0]}'?" if hint else f"use one of: {', '.join(KINDS)}"
            r.add(line, f"unknown question kind {kind!r}; {advice}")
    text = r.text(t, "text", "question", i, required=True)
    help_text = r.text(t, "help", "question", i)
    roles = r.roles(t, "question", i)
    topics = r.strings(t, "topics", "question", i)
    except_topics = r.strings(t, "except_topics", "question", i)
    scenarios = r.strings(t, "scenarios", "question", i)
    when = t.get("when", "any")
    if when not in WHEN:
        r.add(
            r.line("question", i, "when"),
            f'when should be "clip" (after watching), "free" (a reflection without a clip) '
            f'or "any", not {when!r}',
        )
    action = t.get("action", False)
    if not isinstance(action, bool):
        r.add(r.line("question", i, "action"), "action should be true or false")

    options: tuple[str, ...] = ()
    correct = None
    explanation = ""
    low, high = 1, 5
    labels: tuple[str, ...] = ()
    if kind in ("choice", "checklist"):
        options = r.strings(t, "options", "question", i)
        if len(options) < 2:
            r.add(r.line("question", i, "options"), f"a {kind} question needs at least two options")
        elif len(set(options)) != len(options) or not all(options):
            r.add(
                r.line("question", i, "options"), "options should each be different and not empty"
            )
    elif "options" in t:
        r.add(
            r.line("question", i, "options"), "options only apply to choice and checklist questions"
        )
    if kind == "choice":
        correct = t.get("correct")
        explanation = r.text(t, "explanation", "question", i)
        if correct is not None and (not isinstance(correct, str) or correct not in options):
            r.add(
                r.line("question", i, "correct"),
                f"the correct answer {correct!r} is not one of the options; "
                "copy it exactly from options",
            )
        if explanation and correct is None:
            r.add(
                r.line("question", i, "explanation"),
                "an explanation is shown after a knowledge check; "
                'add correct = "<the right option>"',
            )
    else:
        for key in ("correct", "explanation"):
            if key in t:
                r.add(r.line("question", i, key), f"{key} only applies to choice questions")
    if kind == "scale":
        low = r.integer(t, "min", 1, "question", i)
        high = r.integer(t, "max", 5, "question", i)
        if low >= high:
            r.add(r.line("question", i, "max"), f"max ({high}) should be larger than min ({low})")
        elif high - low > _SCALE_MAX_STEPS:
            r.add(
                r.line("question", i, "max"),
                f"a scale from {low} to {high} is long to answer; "
                f"keep it within {_SCALE_MAX_STEPS} steps",
            )
        labels = r.strings(t, "labels", "question", i)
        if labels and len(labels) != 2:
            r.add(
                r.line("question", i, "labels"),
                "labels names the two ends of the scale, "
                'like ["Not at all confident", "Very confident"]',
            )
    else:
        for key in ("min", "max", "labels"):
            if key in t:
                r.add(r.line("question", i, key), f"{key} only applies to scale questions")

    if (
        len(r.problems) > before
        or ident is None
        or not isinstance(section, str)
        or not isinstance(kind, str)
    ):
        return None
    return Question(
        id=ident,
        section=section,
        kind=kind,
        text=text,
        help=help_text,
        roles=roles,
        topics=topics,
        scenarios=scenarios,
        except_topics=except_topics,
        when=when,
        action=action,
        options=options,
        correct=correct,
        explanation=explanation,
        min=low,
        max=high,
        labels=labels,
        source=r.doc.path,
        line=r.line("question", i),
    )


# ---------------------------------------------------------------- all packs together


def pack_files(roots: Iterable[Path]) -> list[Path]:
    """`prompts/*.toml` under each content root, roots in order, files by name."""
    files: list[Path] = []
    for root in roots:
        folder = Path(root) / "prompts"
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.toml")))
    return files


def load_packs(roots: Iterable[Path]) -> tuple[list[Pack], list[Problem]]:
    """Every pack under the content roots. A broken file is reported and skipped; an item that
    clashes with an earlier pack (a reused id, a link to nothing) is reported and left out."""
    packs: list[Pack] = []
    problems: list[Problem] = []
    for path in pack_files(roots):
        pack, found = read_pack(path)
        problems.extend(found)
        if pack is not None:
            packs.append(pack)
    return check_packs(packs, problems)


def check_packs(
    packs: Sequence[Pack], problems: list[Problem] | None = None
) -> tuple[list[Pack], list[Problem]]:
    """Cross-pack checks, in load order: the first use of an id wins, later ones are reported."""
    problems = problems if problems is not None else []
    pack_ids: dict[str, Pack] = {}
    models: dict[str, ReflectionModel] = {}
    sections: dict[str, Section] = {}
    questions: dict[str, Question] = {}
    model_packs: dict[str, Path] = {}  # where each model id was first read

    def clash(item: _Item, what: str, first: _Item, pack: Pack) -> None:
        problems.append(
            Problem(
                item.source or pack.path,
                item.line,
                f"{what} id '{item.id}' is already used in {first.source}:{first.line}; "
                f"pick another id (ids must be unique across all prompt packs)",
            )
        )

    kept: list[Pack] = []
    for pack in packs:
        if pack.id in pack_ids:
            first = pack_ids[pack.id]
            problems.append(
                Problem(
                    pack.path,
                    1,
                    f"pack id '{pack.id}' is already used by {first.path}; pick another id",
                )
            )
            continue
        pack_ids[pack.id] = pack
        keep_models = []
        for m in pack.models:
            model_packs.setdefault(m.id, pack.path)
            if m.id in models:
                clash(m, "model", models[m.id], pack)
            else:
                models[m.id] = m
                keep_models.append(m)
        keep_sections = []
        for s in pack.sections:
            if s.id in sections:
                clash(s, "section", sections[s.id], pack)
            else:
                sections[s.id] = s
                keep_sections.append(s)
        kept.append(replace(pack, models=tuple(keep_models), sections=tuple(keep_sections)))

    # Links are checked once every model and section is known, so packs may refer to each other.
    out: list[Pack] = []
    dropped: set[str] = set()
    for pack in kept:
        keep_sections = []
        for s in pack.sections:
            if s.model is not None and s.model not in models:
                problems.append(
                    Problem(
                        s.source or pack.path,
                        s.line,
                        f"there is no reflection model '{s.model}'; "
                        f"use one of: {', '.join(models) or '(none loaded)'}",
                    )
                )
                del sections[s.id]
                dropped.add(s.id)
            else:
                keep_sections.append(s)
        keep_questions = []
        for q in pack.questions:
            if q.id in questions:
                clash(q, "question", questions[q.id], pack)
                continue
            if q.section in dropped:
                continue  # its section was reported above
            if q.section not in sections:
                hint = difflib.get_close_matches(q.section, sections, n=1)
                advice = f"did you mean '{hint[0]}'?" if hint else "add a [[section]] with that id"
                problems.append(
                    Problem(
                        q.source or pack.path,
                        q.line,
                        f"there is no section '{q.section}'; {advice}",
                    )
                )
                continue
            questions[q.id] = q
            keep_questions.append(q)
        out.append(replace(pack, sections=tuple(keep_sections), questions=tuple(keep_questions)))

    used_models = {s.model for p in out for s in p.sections}
    for m in models.values():
        if m.id not in used_models:
            problems.append(
                Problem(
                    m.source or model_packs[m.id],
                    m.line,
                    f"model '{m.id}' has no stages yet; add [[section]] tables "
                    f'with stage = "model" and model = "{m.id}"',
                )
            )
    return out, problems


def models_of(packs: Iterable[Pack]) -> list[ReflectionModel]:
    """Every reflection model, in load order (for pickers)."""
    return [m for p in packs for m in p.models]


# ---------------------------------------------------------------- composing a viewing


def compose(
    role: str, scenario: Scenario | None, model_id: str | None, packs: Sequence[Pack]
) -> list[Section]:
    """The question set for one reflection, as ordered sections with their questions.

    Questions written for everyone carry examples from the person's own sector only (`for_role`).
    Order: the universal core, the role's questions, the scenario's own questions, then the
    stages of the chosen model (the role's default when `model_id` is None). `scenario` None
    is a free-standing reflection on an experience from practice: no clip, so the core asks
    what happened rather than what was seen.
    """
    if role not in ROLES:
        raise CasebookError(f"There is no role '{role}'. Choose one of: {', '.join(ROLES)}.")
    model_id = model_id or DEFAULT_MODEL[role]
    models = {m.id: m for m in models_of(packs)}
    if model_id not in models:
        raise CasebookError(
            f"There is no reflection model '{model_id}'. "
            f"Choose one of: {', '.join(models) or '(none)'}."
        )
    by_section: dict[str, list[Question]] = {}
    for pack in packs:
        for q in pack.questions:
            by_section.setdefault(q.section, []).append(q)

    composed: list[Section] = []
    for stage in STAGES:
        for pack in packs:
            for section in pack.sections:
                if section.stage != stage:
                    continue
                if stage == "model" and section.model != model_id:
                    continue
                if stage == "scenario" and scenario is None:
                    continue
                chosen = tuple(
                    tailored(q, role)
                    for q in by_section.get(section.id, ())
                    if _applies(q, section, role, scenario)
                )
                if chosen:
                    composed.append(replace(section, questions=chosen))
    return composed


HEALTH_ROLES = ("ward-nurse", "ed-nurse", "mh-practitioner")
SCHOOL_ROLES = ("teacher", "school-support")

# -- words for the person's own setting -----------------------------------------------------

# Core and model questions are written for everyone ("a patient, a pupil, a client or a
# colleague"); a ward nurse should not be asked about pupils, nor a teacher about patients.
_FOR_HEALTH = {
    "a patient, a pupil, a client or a colleague": "a patient, a client or a colleague",
    "the pupil, patient or colleague": "the patient or colleague",
    "the pupil or person you work with": "the patient or person you work with",
    '(for example "a patient" or "a Year 9 pupil")': '(for example "a patient")',
}
_FOR_SCHOOL = {
    "a patient, a pupil, a client or a colleague": "a pupil, a parent or a colleague",
    "the pupil, patient or colleague": "the pupil or colleague",
    '(for example "a patient" or "a Year 9 pupil")': '(for example "a Year 9 pupil")',
}


def for_role(text: str, role: str) -> str:
    """`text` with examples from the other sector left out, for this role."""
    table = _FOR_HEALTH if role in HEALTH_ROLES else _FOR_SCHOOL if role in SCHOOL_ROLES else {}
    for general, own in table.items():
        text = text.replace(general, own)
    return text


def tailored(question: Question, role: str) -> Question:
    text, help_text = for_role(question.text, role), for_role(question.help, role)
    if text == question.text and help_text == question.help:
        return question
    return replace(question, text=text, help=help_text)


def _applies(q: Question, s: Section, role: str, scenario: Scenario | None) -> bool:
    if q.when == "clip" and scenario is None or q.when == "free" and scenario is not None:
        return False
    roles = q.roles or s.roles
    if roles and role not in roles:
        return False
    scenarios = q.scenarios or s.scenarios
    if scenarios and (scenario is None or scenario.id not in scenarios):
        return False
    topics = q.topics or s.topics
    if topics and (scenario is None or not set(topics) & set(scenario.topics)):
        return False
    if scenario is not None and set(q.except_topics) & set(scenario.topics):
        return False
    return True


def questions_of(sections: Iterable[Section]) -> dict[str, Question]:
    return {q.id: q for s in sections for q in s.questions}


def action_points(
    sections: Iterable[Section], answers: Mapping[str, Any]
) -> list[tuple[Question, Any]]:
    """The answered questions marked as action points, in order (the PDF summary gathers them)."""
    return [
        (q, answers[q.id])
        for s in sections
        for q in s.questions
        if q.action and answers.get(q.id) not in (None, "", [])
    ]


def knowledge_results(
    sections: Iterable[Section], answers: Mapping[str, Any]
) -> dict[str, dict[str, Any]]:
    """{question id: {"answer", "correct"}} for each answered knowledge check."""
    return {
        q.id: {"answer": answers[q.id], "correct": answers[q.id] == q.correct}
        for q in questions_of(sections).values()
        if q.is_knowledge_check and isinstance(answers.get(q.id), str)
    }


# ---------------------------------------------------------------- checking answers


def check_answers(sections: Sequence[Section], answers: object) -> list[str]:
    """One clear sentence per problem with a set of answers; an empty list means they fit.

    Answers are keyed by question id. Types: text and marker take text; scale a whole number in
    its range; choice one of its options; checklist a list of its options. Leaving a question
    unanswered is fine (drafts, and people may skip questions).
    """
    if not isinstance(answers, Mapping):
        return [
            "Answers should be a JSON object of question id to answer, "
            'like {"core.stood-out": "..."}.'
        ]
    known = questions_of(sections)
    messages: list[str] = []
    for key, value in answers.items():
        q = known.get(key)
        if q is None:
            hint = difflib.get_close_matches(str(key), known, n=1)
            advice = f" Did you mean '{hint[0]}'?" if hint else ""
            messages.append(
                f"'{key}' is not a question in this reflection.{advice} "
                "`casebook prompts show` lists the question ids."
            )
            continue
        problem = _answer_problem(q, value)
        if problem:
            messages.append(f"'{key}': {problem}")
    return messages


def _answer_problem(q: Question, value: object) -> str | None:
    if q.kind in ("text", "marker"):
        if not isinstance(value, str):
            return "the answer should be text."
    elif q.kind == "scale":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"the answer should be a whole number from {q.min} to {q.max}."
        if not q.min <= value <= q.max:
            return f"{value} is outside the scale; choose a number from {q.min} to {q.max}."
    elif q.kind == "choice":
        if not isinstance(value, str) or value not in q.options:
            return "choose one of: " + "; ".join(f'"{o}"' for o in q.options) + "."
    elif q.kind == "checklist":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return 'the answer should be a list of options, like ["' + q.options[0] + '"].'
        unknown = [v for v in value if v not in q.options]
        if unknown:
            return (
                f'"{unknown[0]}" is not one of the options; choose from: '
                + "; ".join(f'"{o}"' for o in q.options)
                + "."
            )
        if len(set(value)) != len(value):
            return "each option should be listed once."
    return None
