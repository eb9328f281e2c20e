"""How the reflection form lays out one composed question set, for ten minutes on a ward PC.

`prompts.compose` gives every question that applies (core, role, scenario, then the model's
stages): about twenty. Shown as they come, that is too long, repeats itself ("respond", "next
shift", "change practice") and asks confidence twice. The plan:

- the chosen model's stages are the structure; core, role and scenario questions fold into
  them (what was noticed into the first stage, the role's and the scenario's own questions into
  the middle one, the role's and core's action questions into the last);
- about eight questions make the default path: in each stage its first question (or the core
  question that says the same thing), the first checklist and the first knowledge check of the
  scenario, the role's first question, and every action question of the model;
- the rest sit behind "More questions", never removed: an answer to any of them is kept, and a
  restored answer shows its question;
- the role's own confidence scale is left out when the confidence page asks about the
  scenario's learning objectives (one confidence question, on one scale).

Nothing here changes what is stored: answers are still stored with their questions as asked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from app.models.prompts import HEALTH_ROLES, SCHOOL_ROLES, Question, Section


@dataclass(frozen=True)
class FormPlan:
    """Sections to show (the model's stages, questions folded in, in order), the question ids
    behind "More questions", and the ids left out of the form altogether."""

    sections: tuple[Section, ...]
    more: frozenset[str]
    left_out: frozenset[str] = frozenset()

    @property
    def essential(self) -> tuple[str, ...]:
        """The default path's question ids, in the order shown."""
        return tuple(q.id for s in self.sections for q in s.questions if q.id not in self.more)


def plan_form(
    sections: Sequence[Section],
    *,
    confidence_page: bool,
    answered: Mapping[str, Any] | None = None,
) -> FormPlan:
    """The plan for `sections` (as composed). `confidence_page`: the scenario's objectives are
    rated on their own page. `answered`: answers already given (a draft, an edit); a left-out
    question with an answer is shown behind "More questions" instead."""
    answered = answered or {}
    stages = [s for s in sections if s.stage == "model"]
    if not stages:
        return FormPlan(tuple(sections), frozenset())
    first, mid = 0, (len(stages) - 1) // 2
    # Action questions join the stage that asks the model's own action question (the NMC
    # account's "your practice", not its closing "the Code"); else the last stage.
    acting = [i for i, s in enumerate(stages) if any(q.action for q in s.questions)]
    last = acting[-1] if acting else len(stages) - 1
    extra: dict[int, list[Question]] = {first: [], mid: [], last: []}
    lead: list[Question] = []  # what was noticed: opens the first stage, before its own
    more: set[str] = set()
    left_out: set[str] = set()

    core = [q for s in sections if s.stage == "core" for q in s.questions]
    role = [q for s in sections if s.stage == "role" for q in s.questions]
    scenario = [q for s in sections if s.stage == "scenario" for q in s.questions]

    core_text = next((q for q in core if q.kind == "text" and not q.action), None)
    for q in core:
        if q.action or q.id.endswith(".support"):
            extra[last].append(q)
            more.add(q.id)
        else:
            lead.append(q)
            if q is not core_text:
                more.add(q.id)

    role_first = True
    for q in role:
        if q.kind == "scale" and confidence_page:
            if q.id in answered:
                extra[last].append(q)
                more.add(q.id)
            else:
                left_out.add(q.id)
            continue
        if q.action:
            extra[last].append(q)
            more.add(q.id)
            continue
        extra[mid].append(q)
        if role_first and q.kind != "scale":
            role_first = False
        else:
            more.add(q.id)

    checklist_first = choice_first = True
    for q in scenario:
        if q.action:
            extra[last].append(q)
            more.add(q.id)
        elif q.kind == "checklist":
            lead.append(q)
            if checklist_first:
                checklist_first = False
            else:
                more.add(q.id)
        elif q.kind == "choice":
            extra[mid].append(q)
            if choice_first:
                choice_first = False
            else:
                more.add(q.id)
        else:
            extra[mid].append(q)
            more.add(q.id)

    planned: list[Section] = []
    for i, stage in enumerate(stages):
        own = list(stage.questions)
        for n, q in enumerate(own):
            # The first stage's own opening question asks what the core one already asks
            # ("what happened"): it waits behind "More questions" when the core one leads.
            replaced = i == first and n == 0 and core_text is not None
            if (n > 0 and not q.action) or replaced:
                more.add(q.id)
        ordered = (lead if i == first else []) + own + extra.get(i, [])
        planned.append(replace(stage, questions=tuple(_unique(ordered))))
    return FormPlan(tuple(planned), frozenset(more), frozenset(left_out))


def _unique(questions: Sequence[Question]) -> list[Question]:
    seen: set[str] = set()
    out = []
    for q in questions:
        if q.id not in seen:
            seen.add(q.id)
            out.append(q)
    return out


def identifier_guidance(role: str) -> str:
    """Said before the first free-text answer: what to leave out, in the person's own words."""
    if role in HEALTH_ROLES:
        who, example = "a patient, a colleague or a service user", "\u201can older patient\u201d"
    elif role in SCHOOL_ROLES:
        who, example = "a pupil, their family or a colleague", "\u201ca Year 9 pupil\u201d"
    else:
        who, example = "anyone", "\u201ca colleague\u201d"
    return (
        f"Please leave out names and anything that could identify {who}: describe people by "
        f"their role, for example {example}. "
        "Your journal is private, but a reflection may later be shared for supervision."
    )
