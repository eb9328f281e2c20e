"""The content library as other commands see it: `casebook content` without an action is a
usage error, and `casebook doctor` names a broken manifest while the good ones still load."""

from __future__ import annotations

import json
import subprocess
import sys

GOOD = """\
[scenario]
id = "night-shift"
title = "Night shift"
summary = "A short scene."
video = "night-shift.mp4"
duration = 61.5
roles = ["ward-nurse"]
topics = ["staff-wellbeing"]
setting = "staff room"
level = "introductory"
learning_objectives = ["Notice strain in a colleague."]
"""


def casebook(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *argv], capture_output=True, text=True, timeout=60
    )


def test_content_without_an_action_is_a_usage_error(home):
    result = casebook("content")
    assert result.returncode == 2
    assert "casebook content" in result.stderr and "ACTION" in result.stderr


def test_doctor_names_a_broken_manifest_and_the_rest_still_loads(home, tmp_path, monkeypatch):
    videos = tmp_path / "org" / "videos"
    videos.mkdir(parents=True)
    (videos / "night-shift.toml").write_text(GOOD, encoding="utf-8")
    (videos / "night-shift.mp4").write_bytes(b"placeholder clip")
    broken = videos / "handover.toml"
    broken.write_text(GOOD.replace("night-shift", "handover").replace("61.5", '"soon"'), "utf-8")
    monkeypatch.setenv("CASEBOOK_CONTENT", str(tmp_path / "org"))

    result = casebook("doctor", "--json")
    assert result.returncode == 1, result.stderr
    content = [f for f in json.loads(result.stdout) if f["area"] == "content"]
    messages = [f["message"] for f in content if not f["ok"]]
    assert len(messages) == len(content) == 2, content
    assert messages[0].startswith(f'{broken}:5: the video file "handover.mp4" was not found')
    assert messages[1].startswith(f"{broken}:6: `duration` should be a number")

    listed = json.loads(casebook("content", "list", "--json").stdout)
    ids = [s["id"] for s in listed]
    assert "night-shift" in ids and "handover" not in ids
    assert "staff-wellbeing" in ids  # the bundled library is still there


def test_content_list_names_each_skipped_file_once(home, tmp_path, monkeypatch):
    videos = tmp_path / "org" / "videos"
    videos.mkdir(parents=True)
    broken = videos / "handover.toml"
    broken.write_text(GOOD.replace("night-shift", "handover"), encoding="utf-8")
    monkeypatch.setenv("CASEBOOK_CONTENT", str(tmp_path / "org"))
    result = casebook("content", "list")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f'casebook: skipped: {broken}:5: the video file "handover.mp4" was not found next to '
        "this manifest; check the name or copy the clip here"
    ]
    assert "staff-wellbeing" in result.stdout
