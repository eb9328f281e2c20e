"""The typed, versioned record inside one sealed journal entry (and one autosaved draft).

The sealed format stays JSON: `EntryRecord.to_dict()` is what is sealed and
`EntryRecord.from_dict()` reads every payload written so far (old entries, drafts, group
sessions, damaged values) without raising. Readers use the record and never re-check the dict.

Schema versions:
  1  (no "schema" key) answers by question id only; the questions lived in the prompt packs.
  2  each answered question is stored as it was asked (`questions`): text, kind, section,
     options, scale ends, knowledge-check answer, and the pack id and version it came from.
     `questions_source` says whether they were recorded when the person answered ("as-asked")
     or filled in from the packs of the day when an older entry was upgraded
     ("filled-in-later"); views say so for the latter.

A professional record must not change because a prompt pack was reworded later, so views,
the PDF, `journal show` and backups read `questions`, never today's packs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.models import prompts

SCHEMA_VERSION = 2
KINDS = ("scenario", "free", "group-session")

AS_ASKED = "as-asked"
FILLED_IN_LATER = "filled-in-later"
QUESTIONS_SOURCES = (AS_ASKED, FILLED_IN_LATER)
FILLED_IN_NOTE = "Questions as worded when this entry was upgraded, not necessarily as first asked."

Answer = str | int | float | list[str]

# Keys the record knows; anything else in a payload is kept as it was (see `EntryRecord.more`).
_KNOWN = (
    "schema",
    "kind",
    "scenario_id",
    "title",
    "role",
    "model",
    "answers",
    "questions",
    "questions_source",
    "markers",
    "confidence_before",
    "confidence_after",
    "knowledge",
    "tags",
    "private",
    "wellbeing",
    "extra",
    "scenario",
    "entry_id",
)


def needs_questions(payload: Mapping[str, Any]) -> bool:
    """A payload of schema 1 (its questions not stored): cheap, for every entry at each read."""
    schema = payload.get("schema")
    return not isinstance(schema, int) or isinstance(schema, bool) or schema < 2


def answer_ok(value: Any) -> bool:
    """Text, a finite number, or a list of text (a bool is not an answer)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, str | int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(v for v in value if isinstance(v, str))


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _ratings(value: Any) -> dict[str, int]:
    if not isinstance(value, Mapping):
        return {}
    out: dict[str, int] = {}
    for k, v in value.items():
        if isinstance(v, bool) or not isinstance(v, int | float):
            continue
        if isinstance(v, float) and not math.isfinite(v):
            continue
        out[str(k)] = int(v)
    return out


@dataclass(frozen=True)
class AskedQuestion:
    """One question as it was put to the person, kept with their answer."""

    id: str
    text: str
    kind: str = "text"
    section: str = ""  # the section's title, as shown
    section_id: str = ""
    options: tuple[str, ...] = ()
    pack: str = ""
    pack_version: str = ""
    help: str = ""
    action: bool = False
    min: int = 1
    max: int = 5
    labels: tuple[str, ...] = ()
    correct: str | None = None
    explanation: str = ""

    @classmethod
    def of(
        cls, question: prompts.Question, section: prompts.Section | None = None
    ) -> AskedQuestion:
        return cls(
            id=question.id,
            text=question.text,
            kind=question.kind,
            section=section.title if section else "",
            section_id=section.id if section else question.section,
            options=tuple(question.options),
            pack=question.pack,
            pack_version=question.pack_version,
            help=question.help,
            action=question.action,
            min=question.min,
            max=question.max,
            labels=tuple(question.labels),
            correct=question.correct,
            explanation=question.explanation,
        )

    @classmethod
    def from_dict(cls, data: Any) -> AskedQuestion | None:
        """None for a value that is not a question (damaged or from a future we cannot read)."""
        if not isinstance(data, Mapping):
            return None
        qid, text = data.get("id"), data.get("text")
        if not isinstance(qid, str) or not qid or not isinstance(text, str):
            return None
        kind = data.get("kind")
        correct = data.get("correct")
        return cls(
            id=qid,
            text=text,
            kind=kind if isinstance(kind, str) and kind in prompts.KINDS else "text",
            section=_text(data.get("section")),
            section_id=_text(data.get("section_id")),
            options=_texts(data.get("options")),
            pack=_text(data.get("pack")),
            pack_version=str(data.get("pack_version") or ""),
            help=_text(data.get("help")),
            action=data.get("action") is True,
            min=_int(data.get("min"), 1),
            max=_int(data.get("max"), 5),
            labels=_texts(data.get("labels")),
            correct=correct if isinstance(correct, str) else None,
            explanation=_text(data.get("explanation")),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "section": self.section,
            "section_id": self.section_id,
            "options": list(self.options),
            "pack": self.pack,
            "pack_version": self.pack_version,
        }
        if self.help:
            out["help"] = self.help
        if self.action:
            out["action"] = True
        if self.kind == "scale":
            out.update(min=self.min, max=self.max, labels=list(self.labels))
        if self.correct is not None:
            out["correct"] = self.correct
            if self.explanation:
                out["explanation"] = self.explanation
        return out

    def as_question(self) -> prompts.Question:
        """The stored question in the prompt model's shape, for code that renders questions."""
        return prompts.Question(
            id=self.id,
            section=self.section_id,
            kind=self.kind,
            text=self.text,
            help=self.help,
            action=self.action,
            options=self.options,
            correct=self.correct,
            explanation=self.explanation,
            min=self.min,
            max=self.max,
            labels=self.labels,
            pack=self.pack,
            pack_version=self.pack_version,
        )


def asked_questions(
    sections: Iterable[prompts.Section], answers: Mapping[str, Any]
) -> list[AskedQuestion]:
    """The answered questions of these sections as asked, in the order they were shown."""
    return [
        AskedQuestion.of(q, section)
        for section in sections
        for q in section.questions
        if q.id in answers
    ]


@dataclass(frozen=True)
class Marker:
    """A moment marked while watching: seconds into the clip and what was noticed."""

    at: float
    note: str = ""

    @classmethod
    def from_dict(cls, data: Any) -> Marker | None:
        if not isinstance(data, Mapping):
            return None
        at = data.get("at")
        if isinstance(at, bool) or not isinstance(at, int | float) or not math.isfinite(at):
            at = 0.0
        return cls(float(at), _text(data.get("note")))

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at, "note": self.note}


@dataclass(frozen=True)
class KnowledgeResult:
    """One answered knowledge check: the option chosen and whether it was the suggested one."""

    answer: str
    correct: bool

    def to_dict(self) -> dict[str, Any]:
        return {"answer": self.answer, "correct": self.correct}


@dataclass
class EntryRecord:
    """What one journal entry (or one autosaved draft) holds, typed."""

    kind: str = "free"
    scenario_id: str | None = None
    title: str = ""
    role: str = ""
    model: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    questions: list[AskedQuestion] = field(default_factory=list)
    questions_source: str = AS_ASKED
    markers: list[Marker] = field(default_factory=list)
    confidence_before: dict[str, int] = field(default_factory=dict)
    confidence_after: dict[str, int] = field(default_factory=dict)
    knowledge: dict[str, KnowledgeResult] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    private: list[str] = field(default_factory=list)
    wellbeing: dict[str, Any] | None = None
    extra: dict[str, Any] | None = None  # a group session's record
    scenario: dict[str, Any] | None = None  # a draft's scenario stub (the clip may be gone)
    entry_id: str | None = None  # a draft of an entry already saved
    schema: int = SCHEMA_VERSION
    more: dict[str, Any] = field(default_factory=dict)  # keys this version does not know

    # -- reading ------------------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Any) -> EntryRecord:
        """Any payload written so far; a damaged value is left out, never raised."""
        if not isinstance(data, Mapping):
            return cls(schema=1)
        schema = data.get("schema")
        schema = schema if isinstance(schema, int) and not isinstance(schema, bool) else 1
        scenario_id = data.get("scenario_id")
        scenario_id = str(scenario_id) if scenario_id else None
        kind = data.get("kind")
        if kind not in KINDS:
            kind = "scenario" if scenario_id else "free"
        answers_in = data.get("answers")
        answers: dict[str, Answer] = {}
        if isinstance(answers_in, Mapping):
            answers = {str(k): v for k, v in answers_in.items() if answer_ok(v)}
        questions: list[AskedQuestion] = []
        seen: set[str] = set()
        for raw in _list(data.get("questions")):
            q = AskedQuestion.from_dict(raw)
            if q is not None and q.id not in seen:
                seen.add(q.id)
                questions.append(q)
        source = data.get("questions_source")
        knowledge: dict[str, KnowledgeResult] = {}
        if isinstance(data.get("knowledge"), Mapping):
            for qid, result in data["knowledge"].items():
                if isinstance(result, Mapping):
                    knowledge[str(qid)] = KnowledgeResult(
                        str(result.get("answer") or ""), result.get("correct") is True
                    )
        markers = [m for m in map(Marker.from_dict, _list(data.get("markers"))) if m]
        return cls(
            kind=kind,
            scenario_id=scenario_id,
            title=_text(data.get("title")),
            role=_text(data.get("role")),
            model=_text(data.get("model")),
            answers=answers,
            questions=questions,
            questions_source=source if source in QUESTIONS_SOURCES else AS_ASKED,
            markers=markers,
            confidence_before=_ratings(data.get("confidence_before")),
            confidence_after=_ratings(data.get("confidence_after")),
            knowledge=knowledge,
            tags=[str(t) for t in _list(data.get("tags")) if isinstance(t, str | int | float)],
            private=[str(q) for q in _list(data.get("private")) if isinstance(q, str)],
            wellbeing=dict(data["wellbeing"])
            if isinstance(data.get("wellbeing"), Mapping)
            else None,
            extra=dict(data["extra"]) if isinstance(data.get("extra"), Mapping) else None,
            scenario=dict(data["scenario"]) if isinstance(data.get("scenario"), Mapping) else None,
            entry_id=str(data["entry_id"]) if data.get("entry_id") else None,
            schema=schema,
            more={k: v for k, v in data.items() if k not in _KNOWN},
        )

    @property
    def needs_questions(self) -> bool:
        """Written before questions were stored with answers (schema 1): upgrade it."""
        return self.schema < 2

    @property
    def filled_in_later(self) -> bool:
        return self.questions_source == FILLED_IN_LATER

    def question(self, question_id: str) -> AskedQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def sections(self) -> list[prompts.Section]:
        """The stored questions grouped under their sections, in the order they were asked.

        In the prompt model's shape so that renderers need not know where questions came from.
        """
        grouped: dict[tuple[str, str], list[prompts.Question]] = {}
        for q in self.questions:
            grouped.setdefault((q.section_id, q.section), []).append(q.as_question())
        return [
            prompts.Section(id=sid or title, title=title, stage="core", questions=tuple(qs))
            for (sid, title), qs in grouped.items()
        ]

    def unasked(self) -> list[str]:
        """Answered ids with no stored question (a group session's notes, a lost question)."""
        stored = {q.id for q in self.questions}
        return [k for k in self.answers if k not in stored]

    # -- writing ------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The JSON object that is sealed. The schema version stays what it was read as: a
        record of schema 1 becomes 2 only when its questions are filled in
        (`ReflectionService.fill_in_questions`), never by being written again."""
        out: dict[str, Any] = {
            "schema": self.schema,
            "kind": self.kind,
            "scenario_id": self.scenario_id,
            "title": self.title,
            "role": self.role,
            "model": self.model,
            "answers": {k: list(v) if isinstance(v, list) else v for k, v in self.answers.items()},
            "questions": [q.to_dict() for q in self.questions],
            "questions_source": self.questions_source,
            "markers": [m.to_dict() for m in self.markers],
            "confidence_before": dict(self.confidence_before),
            "confidence_after": dict(self.confidence_after),
            "knowledge": {k: r.to_dict() for k, r in self.knowledge.items()},
            "tags": list(self.tags),
            "private": list(self.private),
        }
        if self.wellbeing is not None:
            out["wellbeing"] = dict(self.wellbeing)
        if self.extra is not None:
            out["extra"] = dict(self.extra)
        if self.scenario is not None:
            out["scenario"] = dict(self.scenario)
        if self.entry_id:
            out["entry_id"] = self.entry_id
        for key, value in self.more.items():
            out.setdefault(key, value)
        return out


def _list(value: Any) -> Sequence[Any]:
    return value if isinstance(value, list) else ()
