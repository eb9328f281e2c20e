"""Scenario manifests written into a temporary content folder, good or broken on purpose."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.tools import require_tools

GOOD = """\
[scenario]
id = "{id}"
title = "A quiet word"
summary = "A nurse checks in with a patient who has gone quiet."
video = "{id}.mp4"
duration = 60
captions = "{id}.srt"
roles = ["ward-nurse", "mh-practitioner"]
topics = ["low-mood"]
setting = "inpatient ward"
level = "introductory"
learning_objectives = ["Notice low mood."]
content_warnings = ["Mentions sadness."]
demo = true

[[scenario.pause]]
at = 20
label = "What did you notice?"
"""

SRT = "1\n00:00:01,000 --> 00:00:03,000\nHello.\n"


_CLIP: Path | None = None


def sixty_second_clip() -> Path:
    """A real 60 s clip, tiny (160x90, 5 frames a second), made once per test run.

    `content check` opens every clip with libvlc, so a placeholder file would be reported as
    "not a video"; the manifests here say duration = 60.
    """
    global _CLIP
    if _CLIP is None or not _CLIP.exists():
        require_tools("ffmpeg")
        path = Path(tempfile.mkdtemp(prefix="casebook-clip-")) / "sixty.mp4"
        subprocess.run(
            ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi",
             "-i", "testsrc=size=160x90:rate=5:duration=60", "-c:v", "libx264",
             "-pix_fmt", "yuv420p", "-g", "25", str(path)],
            check=True, timeout=60,
        )  # fmt: skip
        _CLIP = path
    return _CLIP


def write_scenario(folder: Path, scenario_id: str = "quiet-word", text: str | None = None) -> Path:
    """A manifest and the files it names, with a real 60-second clip."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sixty_second_clip(), folder / f"{scenario_id}.mp4")
    (folder / f"{scenario_id}.srt").write_text(SRT, encoding="utf-8")
    manifest = folder / f"{scenario_id}.toml"
    manifest.write_text((text or GOOD).format(id=scenario_id), encoding="utf-8")
    return manifest


def casebook(*args: str, content: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess (CASEBOOK_HOME comes from the `home` fixture)."""
    env = dict(os.environ)
    env.pop("CASEBOOK_CONTENT", None)
    if content is not None:
        env["CASEBOOK_CONTENT"] = str(content)
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env
    )
