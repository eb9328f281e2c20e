"""Shared pieces for the group-session tests: a short real clip and scenarios that use it."""

from __future__ import annotations

from pathlib import Path

from app.config import bundled_resources
from app.models.content import PausePoint, Scenario
from tests import clips

RESOURCES = bundled_resources()
DEMO_IDS = (
    "low-mood-inpatient",
    "ed-agitation",
    "anxious-pupil",
    "pupil-disclosure",
    "staff-wellbeing",
)


def make_clip(folder: Path) -> Path:
    """A 4-second H.264 clip without sound (real media for real libvlc), made once per folder."""
    path = folder / "clip.mp4"
    return path if path.exists() else clips.make_clip(path, 4, audio=False)


def make_captions(folder: Path) -> Path:
    path = folder / "clip.srt"
    path.write_text(
        "1\n00:00:00,000 --> 00:00:03,500\nI have not slept for days.\n", encoding="utf-8"
    )
    return path


def scenarios(clip: Path, captions: Path | None = None) -> dict[str, Scenario]:
    return {
        sid: Scenario(
            id=sid,
            title=sid.replace("-", " ").capitalize(),
            summary="A synthetic demo scenario.",
            video=clip,
            duration_seconds=4,
            captions=captions,
            roles=("ward-nurse",),
            topics=(),
            setting="ward",
            level="introductory",
            learning_objectives=(),
            content_warnings=("Talk of low mood",),
            pause_points=(PausePoint(1.5, "What do you notice so far?"),)
            if sid == DEMO_IDS[0]
            else (),
        )
        for sid in DEMO_IDS
    }
