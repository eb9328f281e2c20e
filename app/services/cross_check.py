"""Checks that span files: what one content file names must exist in another.

Session plans name scenarios; prompt questions name sections (perhaps in another pack) and
scenarios. The app would later refuse or quietly skip such a link, so `content check` says so
first, at the line that names it. The bundled packs are always read for reference, so an
organisation's pack may add questions to a bundled section.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from app.config import bundled_resources
from app.models import prompts
from app.models.toml_doc import Problem, TomlDoc


def _hint(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"? ' if close else ""


def _kind(path: Path) -> str | None:
    doc = TomlDoc.read(path)
    if doc.problems:
        return None
    return next((k for k in ("pack", "plan") if isinstance(doc.data.get(k), dict)), None)


def cross_file_problems(files: Sequence[Path], scenario_ids: set[str]) -> list[Problem]:
    """Links from the checked files to things that do not exist (problems in `files` only)."""
    checked = {p.resolve() for p in files}
    kinds = {p: _kind(p) for p in files if p.suffix.lower() == ".toml"}
    bundled = prompts.pack_files([bundled_resources()])
    pack_paths = list(dict.fromkeys([*bundled, *(p for p, k in kinds.items() if k == "pack")]))
    out: list[Problem] = []

    packs = [pack for path in pack_paths if (pack := prompts.read_pack(path)[0]) is not None]
    _kept, found = prompts.check_packs(packs, [])
    out.extend(p for p in found if p.path.resolve() in checked)
    if scenario_ids:
        for pack in packs:
            if pack.path is None or pack.path.resolve() not in checked:
                continue
            for q in pack.questions:
                for sid in q.scenarios:
                    if sid not in scenario_ids:
                        out.append(
                            Problem(
                                q.source or pack.path,
                                q.line,
                                f'question "{q.id}" names the scenario "{sid}", which is not '
                                f"installed; {_hint(sid, scenario_ids)}the question will never "
                                "be asked until it is",
                            )
                        )
    for path, kind in kinds.items():
        if kind == "plan":
            out.extend(_plan_links(path, scenario_ids))
    return out


def _plan_links(path: Path, scenario_ids: set[str]) -> list[Problem]:
    doc = TomlDoc.read(path)
    plan = doc.data.get("plan")
    listed = plan.get("scenarios") if isinstance(plan, dict) else None
    out: list[Problem] = []
    for n, sc in enumerate(listed if isinstance(listed, list) else []):
        sid = sc.get("id") if isinstance(sc, dict) else None
        if isinstance(sid, str) and sid and sid not in scenario_ids:
            out.append(
                Problem(
                    path,
                    doc.line_of("id", "plan.scenarios", n),
                    f'this plan uses the scenario "{sid}", which is not installed; '
                    f"{_hint(sid, scenario_ids)}the plan cannot be run until it is",
                )
            )
    return out
