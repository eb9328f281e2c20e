"""Scenarios: a clip and its metadata, read from TOML manifests and validated on load."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.models.toml_doc import Problem  # noqa: F401  (re-exported)

ROLES: dict[str, str] = {
    "ward-nurse": "Ward nurse",
    "ed-nurse": "Emergency department nurse",
    "mh-practitioner": "Mental-health practitioner",
    "teacher": "Teacher",
    "school-support": "School support staff",
    "facilitator": "Facilitator",
}
LEVELS = ("introductory", "complex")


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
    extra: dict = field(default_factory=dict, compare=False, hash=False)
