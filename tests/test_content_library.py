"""The scenario library: bundled demo content, organisation folders, broken files skipped."""

from __future__ import annotations

import json
import subprocess

import pytest
from content_fixtures import GOOD, casebook, write_scenario
from tools import tools

from app.config import bundled_resources
from app.models.captions import read_captions
from app.models.content import ROLES, load_scenario
from app.services import library

# In file order (bundled manifests load sorted by name), which is also alphabetical.
DEMO_IDS = [
    "angry-parent",
    "anxious-pupil",
    "colleague-suicidal-thoughts",
    "ed-agitation",
    "low-mood-inpatient",
    "psychosis-voices",
    "pupil-disclosure",
    "pupil-self-harm",
    "staff-wellbeing",
]
VIDEOS = bundled_resources() / "videos"


def test_bundled_demo_library_loads_clean(paths):
    lib = library.load_library(paths)
    assert lib.problems == []
    assert sorted(s.id for s in lib.scenarios) == DEMO_IDS
    for s in lib.scenarios:
        assert s.demo and s.video.is_file() and s.manifest.parent == VIDEOS
        assert 45 <= s.duration_seconds <= 90
        assert set(s.roles) <= set(ROLES) and s.topics and s.learning_objectives
        assert read_captions(s.captions), s.captions
        assert all(0 < p.at_seconds < s.duration_seconds for p in s.pause_points)
    by_id = lib.by_id()
    assert set(by_id["staff-wellbeing"].roles) == set(ROLES)
    assert by_id["pupil-disclosure"].content_warnings
    assert {s.captions.suffix for s in lib.scenarios} == {".srt", ".vtt"}
    assert sum(len(s.pause_points) for s in lib.scenarios) >= 3
    # both worlds are covered
    assert {"inpatient ward", "emergency department", "secondary school"} <= set(lib.settings())
    assert "facilitator" in lib.roles() and "de-escalation" in lib.topics()


@tools("ffprobe")
def test_bundled_clips_are_h264_aac_within_the_size_budget(paths):
    total = 0
    for s in library.load_library(paths).scenarios:
        out = subprocess.run(
            [
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "stream=codec_name:format=duration",
                "-of",
                "json",
                str(s.video),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        info = json.loads(out)
        assert sorted(st["codec_name"] for st in info["streams"]) == ["aac", "h264"]
        assert float(info["format"]["duration"]) == pytest.approx(s.duration_seconds, abs=0.1)
        total += s.video.stat().st_size
    assert total <= 15 * 1024 * 1024


def test_bundled_videos_folder_checks_clean(home):
    result = casebook("content", "check", str(VIDEOS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_a_broken_file_next_to_good_ones_is_skipped_and_reported(tmp_path):
    videos = tmp_path / "org" / "videos"
    write_scenario(videos, "first-one")
    write_scenario(videos, "second-one")
    broken = write_scenario(
        videos, "third-one", GOOD.replace('level = "introductory"', "level = 3")
    )
    (videos / "notes.toml").write_text("this is = = not toml", encoding="utf-8")
    lib = library.load_library([tmp_path / "org"])
    assert [s.id for s in lib.scenarios] == ["first-one", "second-one"]
    assert [(p.path.name, p.line) for p in lib.problems] == [("notes.toml", 1), (broken.name, 11)]


def test_organisation_scenarios_follow_bundled_ones_and_cannot_reuse_an_id(
    paths, tmp_path, monkeypatch
):
    org = tmp_path / "org"
    write_scenario(org / "videos", "own-clip")
    clash = write_scenario(org / "videos", "clash").with_name("clash.toml")
    clash.write_text(clash.read_text().replace('id = "clash"', 'id = "ed-agitation"'))
    monkeypatch.setenv("CASEBOOK_CONTENT", str(org))
    lib = library.load_library(paths)
    assert [s.id for s in lib.scenarios] == DEMO_IDS + ["own-clip"]
    assert lib.get("ed-agitation").manifest.parent == VIDEOS
    (problem,) = lib.problems
    assert (problem.path, problem.line) == (clash, 2)
    assert "already used by" in problem.message


def test_a_missing_organisation_folder_is_reported(paths, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEBOOK_CONTENT", str(tmp_path / "unplugged"))
    scenarios, problems = library.load_scenarios(paths)
    assert len(scenarios) == len(DEMO_IDS)
    assert [p.path for p in problems] == [tmp_path / "unplugged"]
    assert "content folder was not found" in problems[0].message


def test_load_scenario_returns_problems_instead_of_raising(tmp_path):
    manifest = write_scenario(tmp_path, text=GOOD.replace("roles =", "rolez ="))
    scenario, problems = load_scenario(manifest)
    assert scenario is None
    assert [str(p) for p in problems][0].startswith(f"{manifest}:8: unknown field `rolez`")


def test_content_list_json_fields(home, tmp_path):
    org = tmp_path / "org"
    write_scenario(org / "videos", "own-clip")
    write_scenario(org / "videos", "broken-clip", GOOD.replace("duration = 60", "duration = -1"))
    result = casebook("content", "list", "--json", content=org)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [i["id"] for i in items] == DEMO_IDS + ["own-clip"]
    for item in items:
        assert {"id", "title", "roles", "topics", "duration", "file", "warnings"} <= set(item)
        assert isinstance(item["duration"], float) and isinstance(item["warnings"], list)
    own = items[-1]
    assert own["file"] == str((org / "videos" / "own-clip.mp4").resolve())
    assert own["warnings"] == ["Mentions sadness."]
    assert own["pause_points"] == [{"at": 20.0, "label": "What did you notice?"}]
    assert "skipped:" in result.stderr and "broken-clip.toml:6:" in result.stderr


def test_content_list_text(home):
    result = casebook("content", "list")
    assert result.returncode == 0
    assert "low-mood-inpatient  Quiet in bay four  (1:17)" in result.stdout
    assert "content warning: A pupil discloses" in result.stdout
