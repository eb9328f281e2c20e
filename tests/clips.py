"""Small real clips and content folders for player and library tests, made with ffmpeg."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.tools import tools

needs_ffmpeg = tools("ffmpeg")


def make_clip(
    path: Path, seconds: float = 3.0, size: str = "320x240", *, audio: bool = True
) -> Path:
    """An H.264 MP4 with a moving test picture and, unless `audio` is off, an AAC tone.

    The one place tests and benchmarks make clips, so every test clip is alike."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tone = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"] if audio else []
    aac = ["-c:a", "aac", "-shortest"] if audio else []
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"testsrc=size={size}:rate=25", *tone,
         "-t", str(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p", *aac, str(path)],
        check=True,
        timeout=60,
    )  # fmt: skip
    return path


SRT = """1
00:00:00,000 --> 00:00:01,500
Hello, I'm Sam.

2
00:00:01,500 --> 00:00:05,000
I haven't been sleeping well.
"""


def write_scenario(
    root: Path,
    sid: str,
    clip: Path,
    *,
    title: str,
    roles: list[str],
    topics: list[str],
    setting: str,
    warnings: list[str] = (),
    pauses: list[tuple[float, str]] = (),
    captions: str | None = SRT,
    duration: float = 3.0,
) -> Path:
    videos = root / "videos"
    videos.mkdir(parents=True, exist_ok=True)
    target = videos / f"{sid}.mp4"
    if clip != target:
        shutil.copyfile(clip, target)
    lines = [
        "[scenario]",
        f'id = "{sid}"',
        f'title = "{title}"',
        f'summary = "A short test scenario about {", ".join(topics)}."',
        f'video = "{sid}.mp4"',
        f"duration = {duration}",
        f"roles = {list(roles)!r}".replace("'", '"'),
        f"topics = {list(topics)!r}".replace("'", '"'),
        f'setting = "{setting}"',
        'level = "introductory"',
        'learning_objectives = ["Notice how the person presents"]',
        f"content_warnings = {list(warnings)!r}".replace("'", '"'),
        "demo = true",
    ]
    if captions is not None:
        (videos / f"{sid}.srt").write_text(captions, encoding="utf-8")
        lines.append(f'captions = "{sid}.srt"')
    for at, label in pauses:
        lines += ["", "[[scenario.pause]]", f"at = {at}", f'label = "{label}"']
    manifest = videos / f"{sid}.toml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def make_library(root: Path, clip: Path) -> Path:
    """Three scenarios (ward, ED, school) and one broken manifest."""
    write_scenario(
        root,
        "t-low-mood",
        clip,
        title="Low mood on the ward",
        roles=["ward-nurse", "mh-practitioner"],
        topics=["depression"],
        setting="inpatient ward",
        pauses=[(1.0, "What do you notice?")],
    )
    write_scenario(
        root,
        "t-agitation",
        clip,
        title="Agitation in ED",
        roles=["ed-nurse"],
        topics=["agitation", "de-escalation"],
        setting="emergency department",
        warnings=["raised voices"],
    )
    write_scenario(
        root,
        "t-anxious-pupil",
        clip,
        title="An anxious pupil",
        roles=["teacher", "school-support"],
        topics=["anxiety"],
        setting="school",
    )
    (root / "videos" / "broken.toml").write_text("[scenario\nid = 1\n", encoding="utf-8")
    return root
