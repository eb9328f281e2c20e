"""The question set for a reflection: prompt packs from every content root, composed for a role,
a scenario (or none, for a free-standing reflection) and a reflection model."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from app.config import Paths
from app.errors import CasebookError
from app.models import prompts
from app.models.content import Scenario
from app.models.toml_doc import Problem
from app.services import library

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PromptSet:
    """A composed question set and what it was composed for."""

    role: str
    model: prompts.ReflectionModel
    scenario: Scenario | None
    sections: list[prompts.Section]
    problems: Sequence[Problem] = ()  # pack files that were skipped or trimmed

    def to_list(self) -> list[dict]:
        return [s.to_dict() for s in self.sections]


def load(paths: Paths) -> tuple[list[prompts.Pack], list[Problem]]:
    """Every prompt pack under the content roots; broken files are reported and skipped."""
    packs, problems = prompts.load_packs(paths.content_roots())
    for problem in problems:
        log.warning("prompt pack skipped or trimmed: %s", problem)
    return packs, problems


def compose_for(
    paths: Paths, role: str, scenario_id: str | None, model_id: str | None = None
) -> PromptSet:
    """The question set for `role` on scenario `scenario_id` (None: a free-standing reflection)."""
    packs, problems = load(paths)
    scenario = find_scenario(paths, scenario_id) if scenario_id else None
    sections = prompts.compose(role, scenario, model_id, packs)
    model_id = model_id or prompts.DEFAULT_MODEL[role]
    model = next(m for m in prompts.models_of(packs) if m.id == model_id)
    return PromptSet(role, model, scenario, sections, tuple(problems))


def find_scenario(paths: Paths, scenario_id: str) -> Scenario:
    """The scenario with this id from the content library, or a clear error."""
    for scenario in _scenarios(paths):
        if scenario.id == scenario_id:
            return scenario
    raise CasebookError(
        f"There is no scenario '{scenario_id}'. `casebook content list` shows the scenarios; "
        "use --free for a reflection without a clip."
    )


def _scenarios(paths: Paths) -> list[Scenario]:
    """The scenarios that load from the content library (broken manifests are skipped;
    `casebook content check` reports them)."""
    return library.load_scenarios(paths)[0]
