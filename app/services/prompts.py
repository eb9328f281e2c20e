"""The question set for a reflection: prompt packs from every content root, composed for a role,
a scenario (or none, for a free-standing reflection) and a reflection model."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.config import Paths
from app.errors import CasebookError
from app.models import prompts
from app.models.content import PausePoint, Scenario
from app.models.toml_doc import Problem, TomlDoc

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
    # The content library validates manifests fully; use it when it offers a loader.
    try:
        library = importlib.import_module("app.services.library")
    except ModuleNotFoundError as exc:
        if exc.name != "app.services.library":
            raise
        library = None
    loader = getattr(library, "load_scenarios", None)
    if loader is not None:
        return list(loader(paths)[0])
    return _manifest_scenarios(paths)


def _manifest_scenarios(paths: Paths) -> list[Scenario]:
    """The scenarios in `videos/*.toml` under each content root, read leniently: enough to
    compose questions and run a reflection. `casebook content check` reports what is wrong."""
    found: list[Scenario] = []
    seen: set[str] = set()
    for root in paths.content_roots():
        for path in sorted((root / "videos").glob("*.toml")):
            table = TomlDoc.read(path).data.get("scenario")
            if not isinstance(table, dict) or not isinstance(table.get("id"), str):
                continue
            if table["id"] in seen:
                continue  # the first one wins, as in the library
            seen.add(table["id"])
            try:
                found.append(_scenario_from(path, table))
            except (TypeError, ValueError):
                log.warning("scenario manifest skipped: %s", path)
    return found


def _scenario_from(path: Path, t: dict) -> Scenario:
    def strings(key: str) -> tuple[str, ...]:
        value = t.get(key, ())
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    captions = t.get("captions")
    pauses = t.get("pause", [])
    return Scenario(
        id=t["id"],
        title=str(t.get("title", t["id"])),
        summary=str(t.get("summary", "")),
        video=path.parent / str(t.get("video", "")),
        duration_seconds=float(t.get("duration", 0)),
        captions=path.parent / captions if isinstance(captions, str) and captions else None,
        roles=strings("roles"),
        topics=strings("topics"),
        setting=str(t.get("setting", "")),
        level=str(t.get("level", "")),
        learning_objectives=strings("learning_objectives"),
        content_warnings=strings("content_warnings"),
        pause_points=tuple(
            PausePoint(float(p["at"]), str(p.get("label", "")))
            for p in (pauses if isinstance(pauses, list) else [])
            if isinstance(p, dict) and "at" in p
        ),
        demo=bool(t.get("demo", False)),
        manifest=path,
    )
