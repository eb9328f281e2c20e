"""What `content check` says about a scenario's clip once libvlc has opened it.

The facts come from app/media/probe.py (libvlc, the engine that will play the clip, so check
and playback agree); this module turns them into `path:line:` problems a training lead can act
on: which file, what is wrong, and what to do (often the ffmpeg command that fixes it).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.models import captions, content
from app.models.content import Scenario
from app.models.toml_doc import Problem, TomlDoc

if TYPE_CHECKING:
    from app.media.probe import ClipFacts

ClipProbe = Callable[[Path], "ClipFacts"]
"""probe(clip) -> ClipFacts; raises VlcMissing when libvlc is not installed."""

# A manifest's duration may be rounded; beyond this the real one is said (and used).
DURATION_SLACK = 1.0


def _q(path: Path) -> str:
    return shlex.quote(path.name)


def h264_copy_command(video: Path, height: int = 1080) -> str:
    """The ffmpeg command that makes a copy every ward PC plays smoothly."""
    target = video.with_name(f"{video.stem}-{height}p.mp4")
    return (
        f"ffmpeg -i {_q(video)} -vf \"scale=-2:'min({height},ih)'\" -c:v libx264 -preset slow "
        f"-crf 20 -pix_fmt yuv420p -c:a aac -b:a 128k -movflags +faststart {_q(target)}"
    )


def clip_problems(scenario: Scenario, facts: ClipFacts) -> list[Problem]:
    """Problems and warnings about one scenario's clip, at the manifest's lines."""
    from app.media import probe  # noqa: PLC0415  (constants only; keeps the import Qt-free)

    manifest = scenario.manifest or scenario.video
    doc = TomlDoc.read(manifest) if scenario.manifest else TomlDoc(manifest)
    video_line = doc.line_of("video", content.TABLE)
    name = scenario.video.name
    out: list[Problem] = []

    def error(line: int, message: str) -> None:
        out.append(Problem(manifest, line, message))

    def warn(line: int, message: str) -> None:
        out.append(Problem(manifest, line, message, warning=True))

    if facts.problem == probe.NOT_A_VIDEO:
        error(
            video_line,
            f'"{name}" is not a video Casebook can open: it may be damaged, or another kind of '
            "file with a video's name; copy the clip again, or ask for an MP4 (H.264) copy",
        )
        return out
    if facts.problem == probe.NO_VIDEO:
        error(
            video_line,
            f'"{name}" has sound but no picture; Casebook plays clips with a picture. '
            "Use the video file this sound came from",
        )
        return out
    if facts.problem == probe.TRUNCATED:
        error(
            video_line,
            f'"{name}" stops partway: its header promises {facts.duration:g} s but the file '
            "ends early (an interrupted download or copy); copy the clip again from its source",
        )
        return out
    if facts.problem == probe.UNDECODABLE:
        codec = facts.video.codec if facts.video else "unknown"
        error(
            video_line,
            f'the picture in "{name}" ({codec}) cannot be decoded on this PC; make an MP4 '
            f"(H.264) copy with: {h264_copy_command(scenario.video)}",
        )
        return out

    real = facts.duration
    if real > 0 and abs(real - scenario.duration_seconds) > DURATION_SLACK:
        warn(
            doc.line_of("duration", content.TABLE),
            f"`duration` is {scenario.duration_seconds:g} s but the clip is {real:.1f} s long; "
            f"Casebook uses {real:.1f} s. Change it to duration = {round(real, 1):g}",
        )
    if real > 0:
        for n, point in enumerate(_pause_tables(doc)):
            at = point.get("at")
            if isinstance(at, int | float) and at > real:
                error(
                    doc.line_of("at", content.PAUSE_TABLE, n),
                    f"this pause point at {at:g} s is after the clip ends ({real:.1f} s), so it "
                    "would never show; move it inside the clip",
                )
        if scenario.captions is not None and scenario.captions.is_file():
            cues = captions.load(scenario.captions).cues
            if cues and all(c.start >= real for c in cues):
                warn(
                    doc.line_of("captions", content.TABLE),
                    f'every caption in "{scenario.captions.name}" starts after the clip ends '
                    f"({real:.1f} s); check that it belongs to this clip",
                )
            elif any(c.start >= real for c in cues):
                late = sum(1 for c in cues if c.start >= real)
                warn(
                    doc.line_of("captions", content.TABLE),
                    f'{late} caption(s) in "{scenario.captions.name}" start after the clip ends '
                    f"({real:.1f} s) and will not show",
                )
    if facts.heavy():
        video = facts.video
        assert video is not None
        depth = f" {video.bits}-bit" if video.bits > 8 else ""
        warn(
            video_line,
            f'"{name}" is {video.width}x{video.height} {video.codec.upper()}{depth}, heavier than '
            "a ward PC should be asked to decode (it may stutter or turn grey); make a 1080p "
            f"H.264 copy with: {h264_copy_command(scenario.video)}",
        )
    return out


def _pause_tables(doc: TomlDoc) -> list[dict]:
    table = doc.data.get(content.TABLE)
    pauses = table.get("pause") if isinstance(table, dict) else None
    return [p for p in pauses if isinstance(p, dict)] if isinstance(pauses, list) else []
