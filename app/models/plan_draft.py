"""A group-session plan being built in the editor, the TOML it saves as, and its problems,
found by the same validator `content check` runs on plans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from app.models import session_plan, toml_write
from app.models.toml_doc import TomlDoc

_NAMED = re.compile(r"`([a-z_]+)`")


@dataclass
class PlanScenarioDraft:
    id: str
    minutes: float = 15.0
    prompts: list[str] = field(default_factory=list)
    notes: str = ""


@dataclass
class PlanDraft:
    id: str = ""
    title: str = ""
    audience: str = ""
    summary: str = ""
    minutes: float = 60.0
    reveal_prompts: bool = False
    scenarios: list[PlanScenarioDraft] = field(default_factory=list)
    tallies: list[str] = field(default_factory=list)  # questions, answered 1 to 5
    takeaways: list[str] = field(default_factory=list)

    def text(self) -> str:
        head = toml_write.table(
            "plan",
            {
                "id": self.id,
                "title": self.title,
                "audience": self.audience or None,
                "summary": self.summary or None,
                "minutes": round(float(self.minutes), 1),
                "reveal_prompts": self.reveal_prompts,
                "takeaways": list(self.takeaways) or None,
            },
        )
        tallies = [
            toml_write.table("plan.tallies", {"id": f"tally-{n}", "question": q}, array=True)
            for n, q in enumerate(self.tallies, start=1)
        ]
        scenarios = [
            toml_write.table(
                "plan.scenarios",
                {
                    "id": s.id,
                    "minutes": round(float(s.minutes), 1),
                    "notes": s.notes or None,
                    "prompts": list(s.prompts),
                },
                array=True,
            )
            for s in self.scenarios
        ]
        note = "# Made in Casebook's session plan builder; content check validates it.\n"
        return note + toml_write.document([head, *tallies, *scenarios])


def problems(draft: PlanDraft, folder: Path, scenario_ids: set[str]) -> list[str]:
    """What stops the plan from saving, in words (empty when it can be saved)."""
    found: list[str] = []
    if not draft.id or not re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", draft.id):
        found.append(
            'the plan id should use lowercase letters, digits and hyphens, like "ward-team"'
        )
    doc = TomlDoc.parse(folder / "sessions" / f"{draft.id or 'new-plan'}.toml", draft.text())
    for problem in session_plan.validate(doc):
        found.append(_NAMED.sub(lambda m: m.group(1), problem.message))
    for s in draft.scenarios:
        if s.id not in scenario_ids:
            found.append(f'the scenario "{s.id}" is not in the library on this PC')
    return found
