"""Scenarios: a clip and its metadata, read from TOML manifests and validated on load.

A manifest is one `[scenario]` table plus optional `[[scenario.pause]]` tables. Every problem
is reported as `path:line: what is wrong and how to fix it`; a manifest with any problem gives
no Scenario (the library skips it and lists the problems).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.models import file_names
from app.models.captions import check_captions
from app.models.toml_doc import Problem, TomlDoc

ROLES: dict[str, str] = {
    "ward-nurse": "Ward nurse",
    "ed-nurse": "Emergency department nurse",
    "mh-practitioner": "Mental-health practitioner",
    "teacher": "Teacher",
    "school-support": "School support staff",
    "facilitator": "Facilitator",
}
LEVELS = ("introductory", "complex")

TABLE = "scenario"
PAUSE_TABLE = "scenario.pause"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class PausePoint:
    at_seconds: float
    label: str


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    summary: str
    video: Path  # absolute
    duration_seconds: float
    captions: Path | None  # absolute
    roles: tuple[str, ...]
    topics: tuple[str, ...]
    setting: str
    level: str
    learning_objectives: tuple[str, ...]
    content_warnings: tuple[str, ...] = ()
    pause_points: tuple[PausePoint, ...] = ()
    demo: bool = False
    manifest: Path | None = None
    # What is wrong but does not stop it playing (caption flaws, a corrected duration).
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def as_json(self) -> dict[str, Any]:
        """The fields `casebook content list --json` prints (stable: scripts read them)."""
        return {
            "id": self.id,
            "title": self.title,
            "roles": list(self.roles),
            "topics": list(self.topics),
            "duration": self.duration_seconds,
            "file": str(self.video),
            "warnings": list(self.content_warnings),
            "captions": str(self.captions) if self.captions else None,
            "setting": self.setting,
            "level": self.level,
            "summary": self.summary,
            "learning_objectives": list(self.learning_objectives),
            "pause_points": [{"at": p.at_seconds, "label": p.label} for p in self.pause_points],
            "demo": self.demo,
            "manifest": str(self.manifest) if self.manifest else None,
        }


# ------------------------------------------------------------------ the manifest's shape

# kind: "text", "number", "texts" (list of strings), "bool", "tables" (array of tables)
_FIELDS: dict[str, tuple[str, bool]] = {  # name -> (kind, required)
    "id": ("text", True),
    "title": ("text", True),
    "summary": ("text", True),
    "video": ("text", True),
    "duration": ("number", True),
    "captions": ("text", False),
    "roles": ("texts", True),
    "topics": ("texts", True),
    "setting": ("text", True),
    "level": ("text", True),
    "learning_objectives": ("texts", True),
    "content_warnings": ("texts", False),
    "demo": ("bool", False),
    "pause": ("tables", False),
}
_PAUSE_FIELDS: dict[str, tuple[str, bool]] = {"at": ("number", True), "label": ("text", True)}

_KIND_WORDS = {
    "text": 'text in quotes, like "Ward round"',
    "number": "a number, like 72.5",
    "texts": 'a list of text, like ["one", "two"]',
    "bool": "true or false",
    "tables": "[[scenario.pause]] tables, each with `at` and `label`",
}


# What a text field looks like, for "add it as ..." (a file name is not "Ward round").
_EXAMPLES = {
    "id": '"low-mood-ward"',
    "title": '"Quiet in bay four"',
    "summary": '"A nurse checks in with a patient who has gone quiet."',
    "video": '"quiet-in-bay-four.mp4" (the clip, beside this file)',
    "captions": '"quiet-in-bay-four.srt"',
    "setting": '"inpatient ward"',
    "level": '"introductory" or "complex"',
}
# Names people reach for (some are the keys `casebook content list --json` prints).
_OTHER_NAMES = {
    "file": "video",
    "clip": "video",
    "warnings": "content_warnings",
    "objectives": "learning_objectives",
}


def _add_as(name: str, kind: str) -> str:
    if kind == "text" and name in _EXAMPLES:
        return f"text in quotes, like {_EXAMPLES[name]}"
    return _KIND_WORDS[kind]


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _fits(kind: str, value: object) -> bool:
    if kind == "text":
        return isinstance(value, str)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "texts":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "tables":
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    raise ValueError(kind)


def _close(name: str, known: list[str]) -> str | None:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _check_fields(
    doc: TomlDoc,
    table: dict,
    fields: dict[str, tuple[str, bool]],
    table_name: str,
    occurrence: int = 0,
) -> bool:
    """Report missing, unknown and wrongly typed fields; True when there were none."""
    ok = True
    header = f"[[{table_name}]]" if table_name == PAUSE_TABLE else f"[{table_name}]"
    suggested: set[str] = set()
    for name, value in table.items():
        if name not in fields:
            other = _OTHER_NAMES.get(name)
            close = other if other in fields else _close(name, list(fields))
            if isinstance(value, dict | list) and doc.line_of(None, f"{table_name}.{name}") > 1:
                # A misspelt sub-table ([[scenario.pauses]]) is reported at its own header.
                hint = f"did you mean [[{table_name}.{close}]]?" if close else ""
                doc.problem(
                    doc.line_of(None, f"{table_name}.{name}"),
                    f"unknown table [[{table_name}.{name}]]; {hint}".rstrip("; "),
                )
                suggested.add(close or "")
                ok = False
                continue
            hint = f"did you mean `{close}`?" if close else "known fields: " + ", ".join(fields)
            doc.problem(
                doc.line_of(name, table_name, occurrence),
                f"unknown field `{name}` in {header}; {hint}",
            )
            suggested.add(close or "")
            ok = False
        elif not _fits(fields[name][0], value):
            doc.problem(
                doc.line_of(name, table_name, occurrence),
                f"`{name}` should be {_KIND_WORDS[fields[name][0]]}, not {_kind_of(value)}",
            )
            ok = False
    for name, (kind, required) in fields.items():
        # A misspelt field was already reported with its right name: one line, not two.
        if required and name not in table and name not in suggested:
            doc.problem(
                doc.line_of(None, table_name, occurrence),
                f"{header} is missing `{name}`; add it as {_add_as(name, kind)}",
            )
            ok = False
    return ok


def _usable(table: dict, fields: dict[str, tuple[str, bool]]) -> dict:
    """The known fields whose values have the right type."""
    return {k: v for k, v in table.items() if k in fields and _fits(fields[k][0], v)}


def looks_like_scenario(doc: TomlDoc) -> bool:
    """A manifest whose [scenario] header was left out: its fields sit at the top level."""
    # (A later [[scenario.pause]] still makes a `scenario` table, holding only `pause`.)
    return sum(1 for k in doc.data if k in _FIELDS and k != "pause") >= 3


def scenario_from_doc(doc: TomlDoc, check_files: bool = True) -> Scenario | None:
    """The Scenario a manifest describes, or None; problems are added to `doc.problems`."""
    if errors(doc.problems):  # unreadable or not TOML
        return None
    doc.problems.extend(doc.notes)
    data = doc.data
    if looks_like_scenario(doc):
        # One cause, one line: not "unexpected `id`", "unexpected `title`"... for every field.
        first = min(doc.line_of(k) for k in data if k in _FIELDS)
        doc.problem(
            first,
            "the [scenario] header is missing; add a line [scenario] at the top of the file, "
            "above this one",
        )
        return None
    for name in data:
        if name != TABLE:
            doc.problem(
                doc.line_of(name) if not isinstance(data[name], dict) else doc.line_of(None, name),
                f"unexpected `{name}` outside [scenario]; "
                "a manifest holds one [scenario] table and its [[scenario.pause]] tables",
            )
    t = data.get(TABLE)
    if not isinstance(t, dict):
        doc.problem(1, "this manifest has no [scenario] table; start the file with [scenario]")
        return None
    # Report every problem in one pass: the checks below look only at fields that are present
    # and of the right type (the others were reported by _check_fields).
    _check_fields(doc, t, _FIELDS, TABLE)
    g = _usable(t, _FIELDS)
    base = doc.path.parent
    here = doc.line_of

    if "id" in g and not _ID.match(g["id"]):
        doc.problem(
            here("id", TABLE),
            f'the id "{g["id"]}" should use lowercase letters, digits and '
            'hyphens only, like "low-mood-inpatient"',
        )
    for key in ("title", "summary", "setting"):
        if key in g and not g[key].strip():
            doc.problem(here(key, TABLE), f"`{key}` is empty; write a few words")
    if "duration" in g and g["duration"] <= 0:
        doc.problem(
            here("duration", TABLE), "`duration` should be the clip's length in seconds, above 0"
        )
    if "roles" in g and not g["roles"]:
        doc.problem(
            here("roles", TABLE), "`roles` is empty; list at least one of: " + ", ".join(ROLES)
        )
    for role in g.get("roles", []):
        if role not in ROLES:
            close = difflib.get_close_matches(role, list(ROLES), n=1, cutoff=0.6)
            hint = f'did you mean "{close[0]}"? ' if close else ""
            doc.problem(
                here("roles", TABLE),
                f'unknown role "{role}"; {hint}known roles: {", ".join(ROLES)}',
            )
    for topic in g.get("topics", []):
        if not _ID.match(topic):
            doc.problem(
                here("topics", TABLE),
                f'the topic "{topic}" should be a short lowercase id with hyphens, like "low-mood"',
            )
    if "level" in g and g["level"] not in LEVELS:
        doc.problem(
            here("level", TABLE), f'unknown level "{g["level"]}"; use "introductory" or "complex"'
        )

    video = (base / g["video"]).resolve() if "video" in g else None
    captions = (base / g["captions"]).resolve() if g.get("captions") else None
    if check_files:
        if video is not None:
            found = file_names.find(base, g["video"])
            if found.path is not None:
                video = found.path
            else:
                doc.problem(
                    here("video", TABLE),
                    f'the video file "{g["video"]}" was not found next to this manifest; '
                    + (found.problem or "check the name or copy the clip here"),
                )
        if captions is not None:
            found = file_names.find(base, g["captions"])
            if found.path is None:
                doc.problem(
                    here("captions", TABLE),
                    f'the captions file "{g["captions"]}" was not found '
                    "next to this manifest; "
                    + (found.problem or "check the name, or remove `captions`"),
                )
            else:
                captions = found.path
                # A caption flaw is a warning: the clip plays with what can be read.
                doc.problems.extend(check_captions(captions))

    pauses: list[PausePoint] = []
    for n, table in enumerate(g.get("pause", [])):
        _check_fields(doc, table, _PAUSE_FIELDS, PAUSE_TABLE, n)
        pg = _usable(table, _PAUSE_FIELDS)
        at, length = pg.get("at"), g.get("duration")
        if at is not None and (at < 0 or (length is not None and 0 < length < at)):
            doc.problem(
                here("at", PAUSE_TABLE, n),
                f"this pause point at {at} s is outside the clip "
                f"(0 to {length} s); move it inside or change `duration`",
            )
        if "label" in pg and not pg["label"].strip():
            doc.problem(
                here("label", PAUSE_TABLE, n), "`label` is empty; write the question to show"
            )
        if at is not None and "label" in pg:
            pauses.append(PausePoint(float(at), pg["label"]))

    if errors(doc.problems) or video is None:
        return None
    return Scenario(
        id=t["id"],
        title=t["title"],
        summary=t["summary"],
        video=video,
        duration_seconds=float(t["duration"]),
        captions=captions,
        roles=tuple(t["roles"]),
        topics=tuple(t["topics"]),
        setting=t["setting"],
        level=t["level"],
        learning_objectives=tuple(t["learning_objectives"]),
        content_warnings=tuple(w for w in t.get("content_warnings", []) if w.strip()),
        pause_points=tuple(sorted(pauses, key=lambda p: p.at_seconds)),
        demo=bool(t.get("demo", False)),
        manifest=doc.path,
        warnings=tuple(p for p in doc.problems if p.warning),
    )


def load_scenario(path: Path) -> tuple[Scenario | None, list[Problem]]:
    """Read and validate one manifest."""
    doc = TomlDoc.read(Path(path))
    scenario = scenario_from_doc(doc)
    return scenario, _in_order(doc)


def validate(doc: TomlDoc) -> list[Problem]:
    """The problems in a `[scenario]` manifest (same contract as prompts/session_plan.validate)."""
    scenario_from_doc(doc)
    return _in_order(doc)


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that keep a file out of the library (not the warnings)."""
    return [p for p in problems if not p.warning]


def _in_order(doc: TomlDoc) -> list[Problem]:
    """The manifest's own problems by line, then those found in the files it names."""
    return sorted(doc.problems, key=lambda p: (p.path != doc.path, p.line))
