"""The scenario library: every manifest under the content roots, validated, with its problems.

A broken file is reported and skipped, never fatal: the rest of the library still loads.
`check()` is what `casebook content check` runs over manifests, prompt packs and session plans.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from app.config import Paths, bundled_resources
from app.models import content
from app.models.captions import CAPTION_SUFFIXES, check_captions
from app.models.content import Scenario
from app.models.toml_doc import Problem, TomlDoc
from app.services.clip_check import ClipProbe, clip_problems
from app.services.cross_check import cross_file_problems

log = logging.getLogger(__name__)

# Where each kind of content lives under a content root, and the top-level table that marks it.
CONTENT_FOLDERS = ("videos", "prompts", "sessions", "frameworks")
VALIDATORS = {
    "scenario": "app.models.content",
    "pack": "app.models.prompts",
    "plan": "app.models.session_plan",
    "framework": "app.models.framework",
}


@dataclass
class Library:
    """The scenarios that loaded, in order, and the problems found on the way."""

    scenarios: list[Scenario] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def get(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    def by_id(self) -> dict[str, Scenario]:
        return {s.id: s for s in self.scenarios}

    def topics(self) -> list[str]:
        return sorted({t for s in self.scenarios for t in s.topics})

    def settings(self) -> list[str]:
        return sorted({s.setting for s in self.scenarios})

    def roles(self) -> list[str]:
        return [r for r in content.ROLES if any(r in s.roles for s in self.scenarios)]


def _roots(where: Paths | Iterable[Path | str]) -> list[Path]:
    return where.content_roots() if isinstance(where, Paths) else [Path(r) for r in where]


def _tomls(folder: Path) -> list[Path]:
    """Every .toml in `folder` and its subfolders (videos/ward/..., videos/school/...)."""
    return sorted(folder.rglob("*.toml"), key=lambda p: p.relative_to(folder).parts)


def manifest_files(roots: Iterable[Path]) -> list[Path]:
    """`videos/**/*.toml` under each root, bundled root first, in path order within a root."""
    return [p for root in roots for p in _tomls(Path(root) / "videos")]


def _missing_root_problems(roots: Sequence[Path]) -> list[Problem]:
    # The bundled root always exists; an organisation folder that vanished (an unplugged
    # drive, a typo in CASEBOOK_CONTENT) should be said, not silently ignored.
    return [
        Problem(
            root,
            1,
            "this content folder was not found; check CASEBOOK_CONTENT or the "
            "content folder setting",
        )
        for root in roots
        if not root.is_dir()
    ]


def load_library(where: Paths | Iterable[Path | str]) -> Library:
    """Load every scenario under the content roots (a Paths, or the roots themselves)."""
    roots = _roots(where)
    library = Library(problems=_missing_root_problems(roots))
    seen: dict[str, Path] = {}
    for path in manifest_files(roots):
        scenario, problems = content.load_scenario(path)
        library.problems.extend(problems)
        if scenario is None:
            continue
        if scenario.id in seen:
            library.problems.append(_duplicate(path, scenario.id, seen[scenario.id]))
            continue
        seen[scenario.id] = path
        library.scenarios.append(scenario)
    # Info, not warning: the callers show the problems themselves (a banner, `casebook: skipped:`
    # lines); a warning would also reach the terminal of every command through Python's
    # last-resort handler, so each problem would be printed twice.
    for problem in library.problems:
        log.info("content problem: %s", problem)
    return library


def load_scenarios(where: Paths | Iterable[Path | str]) -> tuple[list[Scenario], list[Problem]]:
    """The scenarios that loaded and the problems found (see `load_library`)."""
    library = load_library(where)
    return library.scenarios, library.problems


def _duplicate(path: Path, scenario_id: str, first: Path) -> Problem:
    doc = TomlDoc.read(path)
    return Problem(
        path,
        doc.line_of("id", content.TABLE),
        f'the id "{scenario_id}" is already used by {first}; give this scenario its own id',
    )


# ------------------------------------------------------------------ content check


def content_files(roots: Iterable[Path]) -> list[Path]:
    """Every TOML content file under the content roots: manifests, packs, plans, frameworks."""
    return [p for root in roots for folder in CONTENT_FOLDERS for p in _tomls(Path(root) / folder)]


def _expand(target: Path) -> list[Path]:
    if not target.is_dir():
        return [target]
    if any((target / f).is_dir() for f in CONTENT_FOLDERS):  # a content root
        return content_files([target])
    return sorted(target.rglob("*.toml"))


def _validate_file(path: Path) -> tuple[list[Problem], Scenario | None, str | None]:
    """Problems in one file, the scenario it describes, and the scenario id it declares."""
    if path.suffix.lower() in CAPTION_SUFFIXES:
        return check_captions(path), None, None
    if not path.exists():
        return [Problem(path, 1, "this file was not found; check the path")], None, None
    if path.suffix.lower() != ".toml":
        return (
            [
                Problem(
                    path,
                    1,
                    "Casebook checks .toml content files and .srt/.vtt/.ass captions; "
                    "give the path of one of those",
                )
            ],
            None,
            None,
        )
    doc = TomlDoc.read(path)
    if doc.problems:
        return list(doc.problems), None, None
    kinds = [k for k in VALIDATORS if isinstance(doc.data.get(k), dict)]
    if not kinds and content.looks_like_scenario(doc):
        kinds = ["scenario"]  # the header is missing: say that, the way the library does
    if not kinds:
        return (
            [
                Problem(
                    path,
                    1,
                    "this file has none of the tables Casebook knows; a scenario starts "
                    "with [scenario], a prompt pack with [pack], a session plan with [plan], "
                    "a framework with [framework]",
                )
            ],
            None,
            None,
        )
    kind = kinds[0]
    if kind == "scenario":
        # The same reading the library does, so check and library list the same problems.
        scenario, problems = content.load_scenario(path)
        table = doc.data.get("scenario")
        sid = table.get("id") if isinstance(table, dict) else None
        return problems, scenario, sid if isinstance(sid, str) else None
    module = importlib.import_module(VALIDATORS[kind])
    return list(module.validate(doc)), None, None


def check(
    targets: Sequence[Path | str] | None = None,
    paths: Paths | None = None,
    probe: ClipProbe | None = None,
) -> list[Problem]:
    """Validate the given files/folders, or every content file under the content roots.

    With `probe`, every scenario's clip is opened (libvlc, as the player will) and what it
    really holds is checked against its manifest. Cross-file checks (a scenario id used twice,
    plans naming scenarios, prompts naming roles, sections and scenarios) run over everything
    checked together.
    """
    if targets:
        files = [f for t in targets for f in _expand(Path(t))]
        problems: list[Problem] = []
    else:
        if paths is None:
            raise ValueError("check() needs targets or paths")
        roots = paths.content_roots()
        files = content_files(roots)
        problems = _missing_root_problems(roots)
    seen: dict[str, Path] = {}
    scenarios: list[Scenario] = []
    for path in files:
        found, scenario, scenario_id = _validate_file(path)
        problems.extend(found)
        if isinstance(scenario_id, str):
            if scenario_id in seen:
                problems.append(_duplicate(path, scenario_id, seen[scenario_id]))
                continue
            seen[scenario_id] = path
        if scenario is not None:
            scenarios.append(scenario)
    if probe is not None:
        problems.extend(probe_clips(scenarios, probe))
    installed = set(seen) | (_bundled_ids() if targets else set())
    problems.extend(cross_file_problems(files, installed))
    return problems


def _bundled_ids() -> set[str]:
    """Scenario ids shipped with Casebook (a plan or pack checked alone may name them)."""
    ids = set()
    for path in manifest_files([bundled_resources()]):
        table = TomlDoc.read(path).data.get(content.TABLE)
        if isinstance(table, dict) and isinstance(table.get("id"), str):
            ids.add(table["id"])
    return ids


def probe_clips(scenarios: Sequence[Scenario], probe: ClipProbe) -> list[Problem]:
    """Open every scenario's clip (a few at a time: each waits on libvlc more than the CPU)."""
    if not scenarios:
        return []
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="probe") as pool:
        facts = list(pool.map(lambda s: probe(s.video), scenarios))
    return [p for s, f in zip(scenarios, facts, strict=True) for p in clip_problems(s, f)]
