"""Real clips for the player tests, made with ffmpeg once per test session."""

from __future__ import annotations

import subprocess
from pathlib import Path

from app.models.content import PausePoint, Scenario
from tests.clips import make_clip
from tests.clips import needs_ffmpeg as needs_ffmpeg  # the player tests take it from here
from tests.tools import require_tools


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", *args], check=True, timeout=60)


def split_clip(folder: Path, seconds: float = 1.5) -> Path:
    """Left half red, right half blue, 320x240: pixel colours at known places."""
    path = folder / "split.mp4"
    if not path.exists():
        _ffmpeg(
            "-f", "lavfi", "-i", f"color=c=red:s=160x240:r=25:d={seconds}",
            "-f", "lavfi", "-i", f"color=c=blue:s=160x240:r=25:d={seconds}",
            "-filter_complex", "[0:v][1:v]hstack",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path),
        )  # fmt: skip
    return path


def tone_clip(folder: Path, seconds: float = 3.0, size: str = "320x240") -> Path:
    """testsrc with a sine tone, H.264/AAC like the bundled clips."""
    path = folder / f"testsrc-{seconds:g}-{size}.mp4"
    return path if path.exists() else make_clip(path, seconds, size)


def captions_for(clip: Path) -> Path:
    path = clip.with_suffix(".srt")
    path.write_text(
        "1\n00:00:00,000 --> 00:00:01,500\nI have not slept for days.\n\n"
        "2\n00:00:01,600 --> 00:00:05,000\nIt is hard to say this out loud.\n",
        encoding="utf-8",
    )
    return path


def scenario_for(
    clip: Path,
    captions: Path | None = None,
    warnings: tuple[str, ...] = (),
    pauses: tuple[PausePoint, ...] = (),
    duration: float = 3.0,
) -> Scenario:
    return Scenario(
        id="test-clip",
        title="A test clip",
        summary="A synthetic clip for tests.",
        video=clip,
        duration_seconds=duration,
        captions=captions,
        roles=("ward-nurse",),
        topics=("low mood",),
        setting="ward",
        level="introductory",
        learning_objectives=("Notice changes in mood.",),
        content_warnings=warnings,
        pause_points=pauses,
        demo=True,
    )


def clip_folder(tmp_path_factory) -> Path:
    """A session-wide folder for clips (each test module wraps this in a `clips` fixture)."""
    require_tools("ffmpeg")
    return tmp_path_factory.mktemp("clips")
