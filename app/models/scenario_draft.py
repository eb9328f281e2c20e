"""A scenario being made in the editor: its fields, the TOML it saves as, and its problems by
field, found by the same validators `content check` runs.

The draft is written out as the manifest text and read back with `content.scenario_from_doc`
(and the questions with `prompts.validate`), so the editor can never accept what the library
would then reject. Each problem is tied to the field it is about, to be shown beside it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.models import content, prompts, toml_write
from app.models.captions import TOP, Cue
from app.models.toml_doc import Problem, TomlDoc

# The fields shown in the editor, in order; problems are keyed by these names.
FIELDS = (
    "video",
    "title",
    "id",
    "summary",
    "setting",
    "level",
    "roles",
    "topics",
    "learning_objectives",
    "content_warnings",
    "pause",
    "captions",
    "questions",
)
QUESTION_KINDS = ("text", "scale", "choice", "checklist")
_NAMED = re.compile(r"`([a-z_]+)`")


@dataclass
class DraftPause:
    at: float
    label: str = ""


@dataclass
class DraftQuestion:
    role: str
    kind: str = "text"
    text: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class ScenarioDraft:
    id: str = ""
    title: str = ""
    summary: str = ""
    setting: str = ""
    level: str = "introductory"
    roles: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    learning_objectives: list[str] = field(default_factory=list)
    content_warnings: list[str] = field(default_factory=list)
    duration: float = 0.0
    video: str = ""  # the clip's file name, beside the manifest
    captions: str = ""  # the captions' file name, or ""
    pauses: list[DraftPause] = field(default_factory=list)
    questions: list[DraftQuestion] = field(default_factory=list)

    @property
    def pack_id(self) -> str:
        return f"scenario-{self.id}"

    def manifest_text(self) -> str:
        head = toml_write.table(
            content.TABLE,
            {
                "id": self.id,
                "title": self.title,
                "summary": self.summary,
                "video": self.video,
                "duration": round(float(self.duration), 3),
                "captions": self.captions or None,
                "roles": list(self.roles),
                "topics": list(self.topics),
                "setting": self.setting,
                "level": self.level,
                "learning_objectives": list(self.learning_objectives),
                "content_warnings": list(self.content_warnings),
            },
        )
        pauses = [
            toml_write.table(
                content.PAUSE_TABLE, {"at": round(p.at, 3), "label": p.label}, array=True
            )
            for p in sorted(self.pauses, key=lambda p: p.at)
        ]
        note = "# Made in Casebook's scenario editor; content check validates it like any other.\n"
        return note + toml_write.document([head, *pauses])

    def prompt_pack_text(self) -> str | None:
        """The scenario's own questions as a prompt pack: a section per role; None if none."""
        if not self.questions:
            return None
        tables = [
            toml_write.table(
                "pack", {"id": self.pack_id, "title": self.title or self.id, "version": "1"}
            )
        ]
        roles = list(dict.fromkeys(q.role for q in self.questions))
        for role in roles:
            tables.append(
                toml_write.table(
                    "section",
                    {
                        "id": f"{self.id}.{role}",
                        "title": self.title or self.id,
                        "stage": "scenario",
                        "scenarios": [self.id],
                        "roles": [role],
                    },
                    array=True,
                )
            )
        counts: dict[str, int] = {}
        for q in self.questions:
            counts[q.role] = counts.get(q.role, 0) + 1
            fields: dict[str, toml_write.Value | None] = {
                "id": f"{self.id}.{q.role}.{counts[q.role]}",
                "section": f"{self.id}.{q.role}",
                "kind": q.kind,
                "text": q.text,
            }
            if q.kind in ("choice", "checklist"):
                fields["options"] = list(q.options)
            tables.append(toml_write.table("question", fields, array=True))
        return toml_write.document(tables)


def _line_fields(doc: TomlDoc, pauses: list[DraftPause]) -> dict[int, str]:
    """Line -> editor field (and which pause point), for the manifest text the draft wrote."""
    header = doc.line_of(None, content.TABLE)
    lines: dict[int, str] = {}
    for name in (*FIELDS, "duration"):
        line = doc.line_of(name, content.TABLE)
        if line > header:
            lines[line] = "video" if name == "duration" else name
    for n, pause in enumerate(sorted(pauses, key=lambda p: p.at)):
        for key in ("at", "label"):
            lines[doc.line_of(key, content.PAUSE_TABLE, n)] = f"pause:{pause.at:g}"
    return lines


def _field_of(lines: dict[int, str], problem: Problem) -> tuple[str, str]:
    """(editor field, message in words) for a manifest problem: by its line, else the field it
    names. A pause point's problem says which pause point it is."""
    message = _words(problem.message)
    field = lines.get(problem.line)
    if field is None:
        named = [n for n in _NAMED.findall(problem.message) if n in FIELDS]
        field = named[0] if named else "title"
    if field.startswith("pause:"):
        at = field.split(":", 1)[1]
        if at not in message:
            message = f"pause point at {at} s: {message}"
        field = "pause"
    return field, message


def _words(message: str) -> str:
    """A validator's message for a form: no TOML punctuation around field names."""
    return _NAMED.sub(lambda m: m.group(1).replace("_", " "), message)


def problems(
    draft: ScenarioDraft,
    folder: Path,
    *,
    clip: Path | None,
    captions_problem: str | None = None,
    taken_ids: dict[str, Path] | None = None,
) -> dict[str, list[str]]:
    """Problems by field, in words, for `draft` about to be saved into `folder`/videos."""
    found: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        found.setdefault(name, []).append(message)

    manifest_path = folder / "videos" / f"{draft.id or 'new-scenario'}.toml"
    doc = TomlDoc.parse(manifest_path, draft.manifest_text())
    content.scenario_from_doc(doc, check_files=False)
    lines = _line_fields(doc, draft.pauses)
    for problem in content.errors(doc.problems):
        if "`video`" in problem.message and clip is not None:
            continue  # the clip is copied beside the manifest on saving
        name, message = _field_of(lines, problem)
        if name == "video" and clip is None:
            continue  # its length comes with the clip: one line says to choose it
        if name == "id" and not draft.id:
            message = "the id is empty; write one, or a title to make it from"
        if name == "roles" and not draft.roles:
            message = "tick at least one role this scenario is for"
        add(name, message)
    if clip is None:
        add("video", "choose the clip this scenario plays")
    elif not clip.is_file():
        add("video", f"the clip {clip.name} was not found; choose it again")
    if draft.id and taken_ids and draft.id in taken_ids:
        owner = taken_ids[draft.id]
        if owner.resolve() != manifest_path.resolve():
            add("id", f'the id "{draft.id}" is already used by {owner}; choose another')
    if captions_problem:
        add("captions", captions_problem)
    if not any(o.strip() for o in draft.learning_objectives):
        add("learning_objectives", "write at least one learning objective, one per line")
    for n, q in enumerate(draft.questions, start=1):
        if q.role not in draft.roles:
            add("questions", f"question {n} is for a role this scenario is not for")
        if q.kind in ("choice", "checklist") and len(q.options) < 2:
            add("questions", f"question {n} needs at least two options")
    pack_text = draft.prompt_pack_text()
    if pack_text is not None and not found.get("questions"):
        pack_doc = TomlDoc.parse(folder / "prompts" / f"{draft.pack_id}.toml", pack_text)
        for problem in prompts.validate(pack_doc):
            add("questions", _words(problem.message))
    return found


def shifted(cues: list[Cue], offset: float) -> list[Cue]:
    """Cues moved by `offset` seconds; any that would end before the clip starts are dropped."""
    out = []
    for cue in cues:
        start, end = cue.start + offset, cue.end + offset
        if end > 0:
            out.append(replace(cue, start=max(0.0, start), end=end))
    return out


def srt_text(cues: list[Cue]) -> str:
    def stamp(seconds: float) -> str:
        ms = int(round(seconds * 1000))
        h, rest = divmod(ms, 3_600_000)
        m, rest = divmod(rest, 60_000)
        s, ms = divmod(rest, 1000)
        return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"

    def text(cue: Cue) -> str:
        # {\an8} is how SubRip keeps a caption at the top (players and Casebook read it).
        return ("{\\an8}" if cue.position == TOP else "") + cue.text

    blocks = [
        f"{n}\n{stamp(c.start)} --> {stamp(c.end)}\n{text(c)}\n" for n, c in enumerate(cues, 1)
    ]
    return "\n".join(blocks)


def read_draft(manifest: Path) -> ScenarioDraft:
    """A saved scenario (and its questions pack beside it, if any) back as a draft."""
    t = tomllib.loads(manifest.read_text(encoding="utf-8"))[content.TABLE]
    draft = ScenarioDraft(
        id=t["id"],
        title=t["title"],
        summary=t["summary"],
        setting=t["setting"],
        level=t["level"],
        roles=list(t["roles"]),
        topics=list(t["topics"]),
        learning_objectives=list(t["learning_objectives"]),
        content_warnings=list(t.get("content_warnings", [])),
        duration=float(t["duration"]),
        video=t["video"],
        captions=t.get("captions", ""),
        pauses=[DraftPause(float(p["at"]), p["label"]) for p in t.get("pause", [])],
    )
    pack = manifest.parent.parent / "prompts" / f"{draft.pack_id}.toml"
    if pack.is_file():
        data = tomllib.loads(pack.read_text(encoding="utf-8"))
        sections = {s["id"]: s.get("roles", [""])[0] for s in data.get("section", [])}
        draft.questions = [
            DraftQuestion(
                sections.get(q["section"], ""), q["kind"], q["text"], list(q.get("options", []))
            )
            for q in data.get("question", [])
        ]
    return draft
