"""Reflecting after a clip, or on an experience from practice: the use case behind the form.

Starts a reflection for a role, a scenario (or none) and a reflection model; turns the form's
plain answers into the journal payload; checks it; saves drafts and final entries through the
journal; keeps sealed autosave drafts so nothing typed is lost when a ward PC is switched off.
The GUI and the command line share this; it knows nothing of widgets.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.config import Paths
from app.errors import CasebookError
from app.models import prompts
from app.models.content import Scenario
from app.models.entry import (
    FILLED_IN_LATER,
    SCHEMA_VERSION,
    AskedQuestion,
    EntryRecord,
    Marker,
    asked_questions,
)
from app.models.form_plan import FormPlan, identifier_guidance, plan_form
from app.models.identifiers import Finding, scan_answers

# Fallback names for the model picker when a pack gives a model no title.
MODEL_TITLES: dict[str, str] = {
    "gibbs": "Gibbs' reflective cycle",
    "driscoll": "Driscoll: What? So what? Now what?",
    "kolb": "Kolb's learning cycle",
    "brookfield": "Brookfield's four lenses",
    "nmc": "NMC reflective account",
}

Composer = Callable[[str, Scenario | None, str | None], list[prompts.Section]]


@dataclass
class Reflection:
    """One reflection in progress: who, on what, in which model, and the questions to answer."""

    role: str
    model_id: str
    sections: list[prompts.Section]
    scenario: Scenario | None = None
    scenario_id: str | None = None
    title: str = ""
    markers: list[dict[str, Any]] = field(default_factory=list)
    confidence_before: dict[str, int] = field(default_factory=dict)
    # The autosave slot: one per reflection, so two open drafts never overwrite each other.
    key: str = field(default_factory=lambda: uuid.uuid4().hex)
    entry_id: str | None = None  # set once saved, so later saves update the same entry
    restored: dict[str, Any] | None = None  # the payload a restored draft carried

    @property
    def kind(self) -> str:
        return "scenario" if self.scenario_id else "free"

    @property
    def objectives(self) -> tuple[str, ...]:
        return self.scenario.learning_objectives if self.scenario else ()

    @property
    def content_warned(self) -> bool:
        return bool(self.scenario and self.scenario.content_warnings)

    @property
    def questions(self) -> dict[str, prompts.Question]:
        return prompts.questions_of(self.sections)

    @property
    def kept_questions(self) -> list[AskedQuestion]:
        """Questions an edited entry was asked that today's packs no longer compose: an answer
        to one keeps the question it was given under."""
        if not self.restored:
            return []
        composed = self.questions
        return [q for q in EntryRecord.from_dict(self.restored).questions if q.id not in composed]


def clean_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Drop questions left blank: an unanswered question is simply not in the journal."""
    out: dict[str, Any] = {}
    for qid, value in answers.items():
        if value is None or value == [] or (isinstance(value, str) and not value.strip()):
            continue
        out[qid] = value
    return out


def scenario_stub(scenario: Scenario) -> dict[str, Any]:
    """What a draft needs of its scenario to come back whole, even if the clip's folder is gone."""
    return {
        "id": scenario.id,
        "title": scenario.title,
        "video": str(scenario.video),
        "roles": list(scenario.roles),
        "topics": list(scenario.topics),
        "learning_objectives": list(scenario.learning_objectives),
        "content_warnings": list(scenario.content_warnings),
    }


def scenario_from_stub(stub: Mapping[str, Any]) -> Scenario:
    return Scenario(
        id=str(stub["id"]),
        title=str(stub.get("title") or stub["id"]),
        summary="",
        video=Path(str(stub.get("video") or "")),
        duration_seconds=0.0,
        captions=None,
        roles=tuple(stub.get("roles") or ()),
        topics=tuple(stub.get("topics") or ()),
        setting="",
        level="",
        learning_objectives=tuple(stub.get("learning_objectives") or ()),
        content_warnings=tuple(stub.get("content_warnings") or ()),
    )


class ReflectionService:
    """Composes, builds, checks and saves reflections for one unlocked profile."""

    def __init__(
        self,
        paths: Paths,
        journal: Any = None,
        *,
        packs: Sequence[prompts.Pack] | None = None,
        scenarios: Mapping[str, Scenario] | None = None,
    ) -> None:
        self.paths = paths
        self.journal = journal  # JournalService; None for composing only (screenshots, benches)
        self._packs = list(packs) if packs is not None else None
        self._scenarios = dict(scenarios) if scenarios is not None else None
        self._index: tuple[dict[str, prompts.Question], dict[str, prompts.Section]] | None = None
        self._composed: dict[tuple[str, str | None, str, bool], list[prompts.Section]] = {}

    # -- content ----------------------------------------------------------------------------

    @property
    def packs(self) -> list[prompts.Pack]:
        if self._packs is None:
            # Broken packs are reported by `casebook content check`; here we use what loads.
            self._packs, _problems = prompts.load_packs(self.paths.content_roots())
        return self._packs

    def models(self) -> list[tuple[str, str]]:
        """(id, title) of every reflection model, for the picker."""
        found = [
            (m.id, m.title or MODEL_TITLES.get(m.id, m.id)) for m in prompts.models_of(self.packs)
        ]
        return found or list(MODEL_TITLES.items())

    def default_model(self, role: str, preferred: str | None = None) -> str:
        known = {m for m, _ in self.models()}
        if preferred and preferred in known:
            return preferred
        return prompts.DEFAULT_MODEL.get(role, "gibbs")

    def scenario(self, scenario_id: str | None) -> Scenario | None:
        """The scenario with this id, or None when it is gone (a draft outlives its clip)."""
        if not scenario_id:
            return None
        if self._scenarios is not None:
            return self._scenarios.get(scenario_id)
        from app.services.prompts import find_scenario

        try:
            return find_scenario(self.paths, scenario_id)
        except CasebookError:
            return None

    # -- starting ---------------------------------------------------------------------------

    def start(
        self,
        role: str,
        scenario: Scenario | None,
        model_id: str | None = None,
        *,
        title: str = "",
        markers: Sequence[Mapping[str, Any]] = (),
    ) -> Reflection:
        """A new reflection: the composed sections for this role, scenario and model."""
        model = self.default_model(role, model_id)
        sections = prompts.compose(role, scenario, model, self.packs)
        return Reflection(
            role=role,
            model_id=model,
            sections=sections,
            scenario=scenario,
            scenario_id=scenario.id if scenario else None,
            title=title or (scenario.title if scenario else ""),
            markers=[dict(m) for m in markers],
        )

    def form_plan(
        self, reflection: Reflection, answered: Mapping[str, Any] | None = None
    ) -> FormPlan:
        """How the form lays out this reflection: the model's stages with the other questions
        folded in, about eight on the default path, the rest behind "More questions"."""
        return plan_form(
            reflection.sections,
            confidence_page=bool(reflection.objectives),
            answered=answered,
        )

    @staticmethod
    def identifier_guidance(role: str) -> str:
        return identifier_guidance(role)

    def change_model(self, reflection: Reflection, model_id: str) -> Reflection:
        """The same reflection in another model; answers to shared questions carry over."""
        sections = prompts.compose(reflection.role, reflection.scenario, model_id, self.packs)
        return replace(reflection, model_id=model_id, sections=sections)

    def resume(self, payload: Mapping[str, Any], key: str | None = None) -> Reflection:
        """A reflection rebuilt from a saved payload (an autosaved draft or a journal entry)."""
        record = EntryRecord.from_dict(payload)
        scenario_id = record.scenario_id
        scenario = self.scenario(scenario_id)
        if scenario is None and record.scenario and record.scenario.get("id"):
            scenario = scenario_from_stub(record.scenario)
        role = record.role
        if role not in prompts.DEFAULT_MODEL:
            raise CasebookError("This draft has no role we know, so its questions cannot be shown.")
        model = self.default_model(role, record.model or None)
        refl = Reflection(
            role=role,
            model_id=model,
            sections=prompts.compose(role, scenario, model, self.packs),
            scenario=scenario,
            scenario_id=scenario_id,
            title=record.title,
            markers=[m.to_dict() for m in record.markers],
            confidence_before=dict(record.confidence_before),
            entry_id=record.entry_id,
            restored=dict(payload),
        )
        if key:
            refl.key = key
        return refl

    # -- the payload ------------------------------------------------------------------------

    def build_payload(
        self,
        reflection: Reflection,
        answers: Mapping[str, Any],
        *,
        title: str | None = None,
        confidence_after: Mapping[str, int] | None = None,
        tags: Sequence[str] = (),
        private: Sequence[str] = (),
        wellbeing: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The journal payload: an `EntryRecord` (app/models/entry.py) as the JSON that is sealed,
        with each answered question stored as it was asked."""
        kept = clean_answers(answers)
        questions = asked_questions(reflection.sections, kept)
        asked = {q.id for q in questions}
        questions += [q for q in reflection.kept_questions if q.id in kept and q.id not in asked]
        record = EntryRecord(
            kind=reflection.kind,
            scenario_id=reflection.scenario_id,
            title=(title if title is not None else reflection.title).strip(),
            role=reflection.role,
            model=reflection.model_id,
            answers=kept,
            questions=questions,
            markers=[m for m in map(Marker.from_dict, reflection.markers) if m],
            confidence_before=dict(reflection.confidence_before),
            confidence_after=dict(confidence_after or {}),
            tags=list(tags),
            private=[q for q in private if q in kept],
            wellbeing=dict(wellbeing) if wellbeing else None,
        )
        payload = record.to_dict()
        # Scored against the questions as asked (the same ones just stored).
        payload["knowledge"] = prompts.knowledge_results(reflection.sections, kept)
        return payload

    def problems(self, reflection: Reflection, payload: Mapping[str, Any]) -> list[str]:
        """What stops this payload being saved, in plain sentences (empty when it is fine)."""
        sections = list(reflection.sections)
        kept = reflection.kept_questions
        if kept:
            sections += EntryRecord(questions=kept).sections()
        messages = prompts.check_answers(sections, payload.get("answers", {}))
        if reflection.kind == "free" and not str(payload.get("title") or "").strip():
            messages.append("Give this reflection a short title, so you can find it later.")
        return messages

    @staticmethod
    def identifier_findings(payload: Mapping[str, Any]) -> dict[str, list[Finding]]:
        """Text that may identify a patient or pupil, per question id, "title" or marker note."""
        extra = {"title": str(payload.get("title") or "")}
        for i, m in enumerate(payload.get("markers") or []):
            extra[f"marker:{i}"] = str(m.get("note") or "")
        return scan_answers(payload.get("answers") or {}, extra)

    # -- upgrading entries written before questions were stored ---------------------------

    def fill_in_questions(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """An entry of schema 1 in the current schema, its questions taken from today's packs
        and marked as filled in later (a view says so: they may have been worded differently
        when the person answered). Answers and everything else are kept as they were."""
        record = EntryRecord.from_dict(payload)
        sections: list[prompts.Section] = []
        data = dict(payload)
        sid = record.scenario_id
        if sid and self.scenario(sid) is None and record.scenario is None:
            # The clip is not installed here: its id still picks the scenario's own questions.
            data["scenario"] = {"id": sid, "title": record.title or sid}
        # Many old entries share a role, scenario and model: compose each combination once.
        key = (record.role, sid, record.model, bool(data.get("scenario")))
        if key not in self._composed:
            try:
                self._composed[key] = self.resume(data).sections
            except (CasebookError, KeyError, TypeError, ValueError):
                self._composed[key] = []  # unknown role or model: questions are found by id
        sections = self._composed[key]
        questions = asked_questions(sections, record.answers)
        found = {q.id for q in questions}
        by_id, titles = self._by_id()
        for qid in record.answers:
            q = by_id.get(qid)
            if q is not None and qid not in found:
                questions.append(AskedQuestion.of(q, titles.get(q.section)))
                found.add(qid)
        # Everything else stays exactly as it was stored: only the questions are added.
        return {
            **payload,
            "schema": SCHEMA_VERSION,
            "questions": [q.to_dict() for q in questions],
            "questions_source": FILLED_IN_LATER,
        }

    def _by_id(self) -> tuple[dict[str, prompts.Question], dict[str, prompts.Section]]:
        if self._index is None:
            self._index = (
                {q.id: q for pack in self.packs for q in pack.questions},
                {s.id: s for pack in self.packs for s in pack.sections},
            )
        return self._index

    # -- saving -----------------------------------------------------------------------------

    def _journal(self) -> Any:
        if self.journal is None:
            raise CasebookError("Unlock your profile to save a reflection.")
        return self.journal

    def save(self, reflection: Reflection, payload: Mapping[str, Any], status: str) -> Any:
        """Save as a draft or final entry; the first save adds it, later ones update it.

        The autosaved draft is discarded once the entry itself holds the text.
        """
        if status not in ("draft", "final"):
            raise CasebookError("A reflection is saved as a draft or as final.")
        problems = self.problems(reflection, payload)
        if problems:
            raise CasebookError(" ".join(problems))
        journal = self._journal()
        if reflection.entry_id:
            entry = journal.update(reflection.entry_id, dict(payload), status)
        else:
            entry = journal.add(dict(payload), status)
            reflection.entry_id = entry.id
        journal.discard_autosave_draft(reflection.key)
        return entry

    def autosave(self, reflection: Reflection, payload: Mapping[str, Any]) -> None:
        """Seal the work in progress under this reflection's autosave slot."""
        self._journal().save_autosave_draft(reflection.key, self.draft_record(reflection, payload))

    @staticmethod
    def draft_record(reflection: Reflection, payload: Mapping[str, Any]) -> dict[str, Any]:
        """What an autosave keeps: the payload, plus what `resume` needs to rebuild the form."""
        data = dict(payload)
        if reflection.entry_id:
            data["entry_id"] = reflection.entry_id
        if reflection.scenario is not None:
            data["scenario"] = scenario_stub(reflection.scenario)
        return data

    def pending_drafts(self) -> list[tuple[str, dict[str, Any]]]:
        """Autosaved drafts left by a reflection that never reached the journal: (key, payload)."""
        found = self._journal().load_autosave_drafts()
        items = found.items() if isinstance(found, Mapping) else found
        return [(str(k), dict(p)) for k, p in items]

    def pending_drafts_by_key(self) -> dict[str, dict[str, Any]]:
        return dict(self.pending_drafts())

    def discard_draft(self, key: str) -> None:
        self._journal().discard_autosave_draft(key)
