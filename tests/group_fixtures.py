"""Shared pieces for the group-session tests: a short real clip and scenarios that use it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from app.models.content import PausePoint, Scenario

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
DEMO_IDS = (
    "low-mood-inpatient",
    "ed-agitation",
    "anxious-pupil",
    "pupil-disclosure",
    "staff-wellbeing",
)


def make_clip(folder: Path) -> Path:
    """A 4-second H.264 clip made with ffmpeg (real media for real libvlc)."""
    path = folder / "clip.mp4"
    if not path.exists():
        subprocess.run(
            [
                "ffmpeg",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=320x240:rate=25",
                "-t",
                "4",
                "-c:v",
                "libx264",
                "-pix_fmt",
                "yuv420p",
                str(path),
            ],
            check=True,
        )
    return path


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
