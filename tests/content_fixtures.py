"""Scenario manifests written into a temporary content folder, good or broken on purpose."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def write_scenario(folder: Path, scenario_id: str = "quiet-word", text: str | None = None) -> Path:
    """A manifest and the files it names; the clip is a placeholder (only its presence counts)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{scenario_id}.mp4").write_bytes(b"\0" * 16)
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
