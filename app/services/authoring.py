"""Saving a scenario made in the editor into the organisation content folder.

The clip and captions are copied beside the manifest, the manifest and the scenario's questions
(a prompt pack in `prompts/`) are written as plain TOML; each file is written whole to a
temporary name and renamed into place, so a power cut leaves the old file or the new one, never
half of one. The bundled library is never written to.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from app.config import Paths
from app.errors import CasebookError
from app.models import plan_draft, prompts, scenario_draft, session_plan
from app.models.captions import CaptionError, Cue, read_captions
from app.models.content import Scenario
from app.models.plan_draft import PlanDraft
from app.models.prompts import Section
from app.models.scenario_draft import DraftPause, DraftQuestion, ScenarioDraft
from app.platform.replace import replace_file
from app.services import library

log = logging.getLogger(__name__)


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        replace_file(name, target)
    finally:
        Path(name).unlink(missing_ok=True)


def _copy_atomically(source: Path, target: Path) -> None:
    if target.exists() and source.resolve() == target.resolve():
        return  # saving again: the clip is already in place
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(source, name)
        replace_file(name, target)
    finally:
        Path(name).unlink(missing_ok=True)


def read_cues(path: Path) -> tuple[list[Cue], str | None]:
    """The captions file's cues, or [] and a sentence saying what is wrong with it."""
    try:
        return read_captions(path), None
    except CaptionError as exc:
        return [], f"these captions cannot be read: {exc}"
    except OSError as exc:
        return [], f"these captions cannot be read ({exc.strerror or exc})"


def taken_ids(paths: Paths) -> dict[str, Path]:
    """Scenario ids already in use, and the manifest using each."""
    return {s.id: s.manifest for s in library.load_library(paths).scenarios if s.manifest}


def target_folder(paths: Paths) -> Path:
    folder = paths.content_folder()
    bundled = paths.resources.resolve()
    if folder.resolve() == bundled or folder.resolve().is_relative_to(bundled):
        raise CasebookError(
            "the content folder is set to Casebook's bundled library, which updates replace; "
            "choose another folder for your organisation's content"
        )
    return folder


def save_scenario(
    paths: Paths,
    draft: ScenarioDraft,
    clip: Path,
    *,
    cues: list[Cue] | None = None,
    caption_offset: float = 0.0,
) -> Path:
    """Save `draft` with its clip (and `cues`, moved by the offset) into the content folder."""
    folder = target_folder(paths)
    videos = folder / "videos"
    draft = replace(
        draft,
        video=f"{draft.id}{clip.suffix.lower()}",
        captions=f"{draft.id}.srt" if cues else "",
    )
    found = scenario_draft.problems(draft, folder, clip=clip, taken_ids=taken_ids(paths))
    if found:
        name, messages = next(iter(found.items()))
        raise CasebookError(f"not saved: {name.replace('_', ' ')}: {messages[0]}")
    _copy_atomically(clip, videos / draft.video)
    if cues:
        text = scenario_draft.srt_text(scenario_draft.shifted(cues, caption_offset))
        _write_atomically(videos / draft.captions, text.encode("utf-8"))
    manifest = videos / f"{draft.id}.toml"
    _write_atomically(manifest, draft.manifest_text().encode("utf-8"))
    pack = folder / "prompts" / f"{draft.pack_id}.toml"
    pack_text = draft.prompt_pack_text()
    if pack_text is not None:
        _write_atomically(pack, pack_text.encode("utf-8"))
    else:
        pack.unlink(missing_ok=True)  # questions removed since the last save
    return manifest


# ------------------------------------------------------------------ work not saved yet

UNSAVED_FILE = "editor-unsaved.json"


def _unsaved_path(paths: Paths) -> Path:
    # In the data folder, not the content folder: that one may be shared or read-only.
    return paths.data_dir / UNSAVED_FILE


def keep_unsaved(
    paths: Paths,
    draft: ScenarioDraft,
    clip: Path | None,
    captions: Path | None,
    cues: list[Cue],
    caption_offset: float,
) -> None:
    """Keep the editor's unsaved work (a power cut, a closed window) to offer it back."""
    state = {
        "draft": asdict(draft),
        "clip": str(clip) if clip else None,
        "captions": str(captions) if captions else None,
        "cues": [[c.start, c.end, c.text] for c in cues],
        "caption_offset": caption_offset,
    }
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    _write_atomically(_unsaved_path(paths), json.dumps(state, ensure_ascii=False).encode("utf-8"))


@dataclass
class Unsaved:
    draft: ScenarioDraft
    clip: Path | None
    captions: Path | None
    cues: list[Cue]
    caption_offset: float


def unsaved(paths: Paths) -> Unsaved | None:
    """The editor's unsaved work, if any was kept (None when it is unreadable)."""
    try:
        state = json.loads(_unsaved_path(paths).read_text(encoding="utf-8"))
        raw = state["draft"]
        draft = ScenarioDraft(
            **{k: v for k, v in raw.items() if k not in ("pauses", "questions")},
            pauses=[DraftPause(**p) for p in raw.get("pauses", [])],
            questions=[DraftQuestion(**q) for q in raw.get("questions", [])],
        )
        return Unsaved(
            draft,
            Path(state["clip"]) if state.get("clip") else None,
            Path(state["captions"]) if state.get("captions") else None,
            [Cue(float(a), float(b), str(t)) for a, b, t in state.get("cues", [])],
            float(state.get("caption_offset", 0.0)),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("the editor's unsaved work could not be read; it is set aside")
        return None


def forget_unsaved(paths: Paths) -> None:
    _unsaved_path(paths).unlink(missing_ok=True)


# ------------------------------------------------------------------ preview as a learner


@dataclass
class Preview:
    scenario: Scenario
    sections: list[Section]
    models: list[tuple[str, str]]
    model_id: str


def preview(paths: Paths, draft: ScenarioDraft, clip: Path, role: str) -> Preview:
    """The questions a person in `role` would get for this draft, composed as for a learner:
    the installed prompt packs with the draft's own questions in place of any saved ones."""
    scenario = Scenario(
        id=draft.id,
        title=draft.title,
        summary=draft.summary,
        video=clip,
        duration_seconds=draft.duration,
        captions=None,
        roles=tuple(draft.roles),
        topics=tuple(draft.topics),
        setting=draft.setting,
        level=draft.level,
        learning_objectives=tuple(draft.learning_objectives),
        content_warnings=tuple(draft.content_warnings),
    )
    loaded, _problems = prompts.load_packs(paths.content_roots())
    packs = [p for p in loaded if p.id != draft.pack_id]
    text = draft.prompt_pack_text()
    if text is not None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{draft.pack_id}.toml"
            path.write_text(text, encoding="utf-8")
            pack, found = prompts.read_pack(path)
        if pack is None:
            raise CasebookError(f"the questions cannot be shown yet: {found[0].message}")
        packs.append(pack)
    model_id = prompts.DEFAULT_MODEL[role]
    sections = prompts.compose(role, scenario, model_id, packs)
    models = [(m.id, m.title or m.id) for m in prompts.models_of(packs)]
    return Preview(scenario, sections, models, model_id)


# ------------------------------------------------------------------ session plans


def saved_plan_ids(paths: Paths) -> dict[str, Path]:
    """Plans saved in `sessions/` of the content folder, by id and by file name (a file that
    does not read is still there, and saving must not replace it unasked)."""
    folder = paths.content_folder() / "sessions"
    if not folder.is_dir():
        return {}
    found = {path.stem: path for path in folder.glob("*.toml")}
    plans, _problems = session_plan.load_plans([folder.parent])
    found.update({p.id: p.source for p in plans if p.source is not None})
    return found


def save_plan(paths: Paths, draft: PlanDraft, replacing: Path | None = None) -> Path:
    """Save a session plan into `sessions/` of the content folder, once it passes the checks.

    `replacing`: the saved plan this draft was opened from; saving under a new id renames it."""
    folder = target_folder(paths)
    ids = {s.id for s in library.load_library(paths).scenarios}
    others = [
        plan_id
        for plan_id, path in saved_plan_ids(paths).items()
        if replacing is None or path.resolve() != replacing.resolve()
    ]
    found = plan_draft.problems(draft, folder, ids, others)
    if found:
        raise CasebookError(f"not saved: {found[0]}")
    target = folder / "sessions" / f"{draft.id}.toml"
    _write_atomically(target, draft.text().encode("utf-8"))
    if replacing is not None and replacing.resolve() != target.resolve():
        if replacing.resolve().parent == target.resolve().parent:
            replacing.unlink(missing_ok=True)  # the id changed: one file per plan
    return target


PLAN_UNSAVED_FILE = "plan-builder-unsaved.json"


def keep_unsaved_plan(paths: Paths, draft: PlanDraft, opened: Path | None) -> None:
    """Keep the plan builder's unsaved work (a power cut, a closed window) to offer it back."""
    state = {"draft": asdict(draft), "opened": str(opened) if opened else None}
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    data = json.dumps(state, ensure_ascii=False).encode("utf-8")
    _write_atomically(paths.data_dir / PLAN_UNSAVED_FILE, data)


def unsaved_plan(paths: Paths) -> tuple[PlanDraft, Path | None] | None:
    """The plan builder's unsaved work and the saved plan it was opened from, if any was kept."""
    try:
        state = json.loads((paths.data_dir / PLAN_UNSAVED_FILE).read_text(encoding="utf-8"))
        opened = state.get("opened")
        return plan_draft.from_json(state["draft"]), Path(opened) if opened else None
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        log.warning("the plan builder's unsaved work could not be read; it is set aside")
        return None


def forget_unsaved_plan(paths: Paths) -> None:
    (paths.data_dir / PLAN_UNSAVED_FILE).unlink(missing_ok=True)
