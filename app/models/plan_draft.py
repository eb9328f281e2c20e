"""A group-session plan being built in the editor, the TOML it saves as, reading a saved plan
back into a draft, and its problems, found by the same validator `content check` runs on plans."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.models import session_plan, toml_write
from app.models.toml_doc import TomlDoc

_NAMED = re.compile(r"`([a-z_]+)`")


@dataclass
class PlanPauseDraft:
    at: float
    question: str


@dataclass
class PlanScenarioDraft:
    id: str
    minutes: float = 15.0
    prompts: list[str] = field(default_factory=list)
    notes: str = ""
    # Not edited in the builder, but kept: a plan written by hand keeps its pause points.
    pauses: list[PlanPauseDraft] = field(default_factory=list)


@dataclass
class DebriefPart:
    phase: str
    question: str


def default_debrief() -> list[DebriefPart]:
    return [DebriefPart(phase, question) for phase, question in session_plan.DEFAULT_DEBRIEF]


@dataclass
class PlanDraft:
    id: str = ""
    title: str = ""
    audience: str = ""
    summary: str = ""
    welcome: str = ""  # empty: the standard welcome
    minutes: float = 60.0
    reveal_prompts: bool = False
    ground_rules: list[str] = field(default_factory=lambda: list(session_plan.DEFAULT_GROUND_RULES))
    scenarios: list[PlanScenarioDraft] = field(default_factory=list)
    tallies: list[str] = field(default_factory=list)  # questions, answered 1 to 5
    # The ids of tallies read from a saved plan, by question: saving again keeps them, so
    # counts recorded against a tally in earlier sessions still match it.
    tally_ids: dict[str, str] = field(default_factory=dict)
    debrief: list[DebriefPart] = field(default_factory=default_debrief)
    takeaways: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)  # empty: the organisation's settings

    def text(self) -> str:
        head = toml_write.table(
            "plan",
            {
                "id": self.id,
                "title": self.title,
                "audience": self.audience or None,
                "summary": self.summary or None,
                "welcome": self.welcome or None,
                "minutes": round(float(self.minutes), 1),
                "reveal_prompts": self.reveal_prompts,
                # Written even when empty, so that `content check` says what is missing rather
                # than the session quietly falling back to the standard ones.
                "ground_rules": list(self.ground_rules),
                "takeaways": list(self.takeaways) or None,
                "support": list(self.support) or None,
            },
        )
        debrief = [
            toml_write.table(
                "plan.debrief", {"phase": part.phase, "question": part.question}, array=True
            )
            for part in self.debrief
        ]
        tallies = [
            toml_write.table("plan.tallies", {"id": tally_id, "question": q}, array=True)
            for tally_id, q in zip(self._tally_ids(), self.tallies, strict=True)
        ]
        scenarios = [_scenario_text(s) for s in self.scenarios]
        note = "# Made in Casebook's session plan builder; content check validates it.\n"
        return note + toml_write.document([head, *debrief, *tallies, *scenarios])

    def saved_tally_ids(self) -> dict[str, str]:
        """Each tally's question and the id it is saved with."""
        return dict(zip(self.tallies, self._tally_ids(), strict=True))

    def _tally_ids(self) -> list[str]:
        kept = [self.tally_ids.get(q) for q in self.tallies]
        taken = {i for i in kept if i}
        out: list[str] = []
        n = 0
        for tally_id in kept:
            if not tally_id or tally_id in out:
                n += 1
                while f"tally-{n}" in taken:
                    n += 1
                tally_id = f"tally-{n}"
                taken.add(tally_id)
            out.append(tally_id)
        return out


def _scenario_text(s: PlanScenarioDraft) -> str:
    text = toml_write.table(
        "plan.scenarios",
        {
            "id": s.id,
            "minutes": round(float(s.minutes), 1),
            "notes": s.notes or None,
            "prompts": list(s.prompts),
        },
        array=True,
    )
    for pause in s.pauses:
        text += toml_write.table(
            "plan.scenarios.pauses", {"at": float(pause.at), "question": pause.question}, array=True
        )
    return text


def read_draft(path: Path) -> PlanDraft:
    """A saved plan as the builder shows it; PlanDraftError when it cannot be read or is broken."""
    plan, found = session_plan.read_plan(path)
    if plan is None:
        first = found[0].message if found else "it is not a session plan"
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise PlanDraftError(f"{path.name} cannot be opened: {first}{more}")
    return PlanDraft(
        id=plan.id,
        title=plan.title,
        audience=plan.audience,
        summary=plan.summary,
        welcome="" if plan.welcome == session_plan.DEFAULT_WELCOME else plan.welcome,
        minutes=plan.minutes,
        reveal_prompts=plan.reveal_prompts,
        ground_rules=list(plan.ground_rules),
        scenarios=[
            PlanScenarioDraft(
                s.id,
                s.minutes,
                list(s.prompts),
                s.notes,
                [PlanPauseDraft(p.at_seconds, p.question) for p in s.pauses],
            )
            for s in plan.scenarios
        ],
        tallies=[t.question for t in plan.tallies],
        tally_ids={t.question: t.id for t in plan.tallies},
        debrief=[DebriefPart(phase, question) for phase, question in plan.debrief],
        takeaways=list(plan.takeaways),
        support=list(plan.support),
    )


class PlanDraftError(ValueError):
    """A saved plan that cannot be opened in the builder, in words."""


def problems(
    draft: PlanDraft, folder: Path, scenario_ids: set[str], other_plans: Iterable[str] = ()
) -> list[str]:
    """What stops the plan from saving, in words (empty when it can be saved).

    `other_plans`: ids of plans saved in the folder other than the one being edited; saving
    over one of them would lose it."""
    found: list[str] = []
    if not draft.id or not re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", draft.id):
        found.append(
            'the plan id should use lowercase letters, digits and hyphens, like "ward-team"'
        )
    elif draft.id in set(other_plans):
        found.append(
            f'a plan with the id "{draft.id}" is already saved; open it to change it, '
            "or give this one another id"
        )
    if not draft.ground_rules:
        found.append("write at least one ground rule; the room hears them before any clip")
    if not draft.debrief:
        found.append('write at least one debrief part, like "Gather: What happened?"')
    broken_part = any(not p.phase.strip() or not p.question.strip() for p in draft.debrief)
    if broken_part:
        found.append(
            "write each debrief part as its phase, a colon and its question, like "
            '"Gather: What happened?"'
        )
    doc = TomlDoc.parse(folder / "sessions" / f"{draft.id or 'new-plan'}.toml", draft.text())
    for problem in session_plan.validate(doc):
        if broken_part and problem.message.startswith("each debrief part"):
            continue  # said above, in the builder's own words
        found.append(_NAMED.sub(lambda m: m.group(1), problem.message))
    for s in draft.scenarios:
        if s.id not in scenario_ids:
            found.append(f'the scenario "{s.id}" is not in the library on this PC')
    return found


def from_json(raw: dict) -> PlanDraft:
    """A draft from `dataclasses.asdict(draft)` (kept as JSON while unsaved)."""
    scenarios = [
        PlanScenarioDraft(
            **{k: v for k, v in s.items() if k != "pauses"},
            pauses=[PlanPauseDraft(**p) for p in s.get("pauses", [])],
        )
        for s in raw.get("scenarios", [])
    ]
    debrief = [DebriefPart(**d) for d in raw.get("debrief", [])]
    rest = {k: v for k, v in raw.items() if k not in ("scenarios", "debrief")}
    return PlanDraft(**rest, scenarios=scenarios, debrief=debrief)
