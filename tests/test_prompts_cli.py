"""`casebook prompts show`, run as a person or a script would."""

from __future__ import annotations

import json
import subprocess
import sys


def show(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "prompts", "show", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_json_is_a_list_of_sections_with_their_questions(home):
    result = show("--role", "ward-nurse", "--free", "--json")
    assert result.returncode == 0, result.stderr
    sections = json.loads(result.stdout)
    assert [s["id"] for s in sections][:2] == ["core-free", "ward-nurse"]
    assert [s["id"] for s in sections][2:] == [
        "nmc.nature",
        "nmc.learned",
        "nmc.changed",
        "nmc.code",
    ]
    for section in sections:
        assert set(section) >= {"id", "title", "questions"}
        assert section["questions"]
        for q in section["questions"]:
            assert set(q) >= {"id", "kind", "text", "help", "options"}
            assert q["kind"] in ("text", "scale", "choice", "checklist", "marker")
    themes = next(q for s in sections for q in s["questions"] if q["id"] == "nmc.code.themes")
    assert themes["options"][0] == "Prioritise people"
    scale = next(q for s in sections for q in s["questions"] if q["kind"] == "scale")
    assert (scale["min"], scale["max"]) == (1, 5)


def test_model_can_be_chosen(home):
    result = show("--role", "ward-nurse", "--free", "--model", "driscoll", "--json")
    assert result.returncode == 0, result.stderr
    ids = [s["id"] for s in json.loads(result.stdout)]
    assert ids[-3:] == ["driscoll.what", "driscoll.so-what", "driscoll.now-what"]


def test_plain_text_output(home):
    result = show("--role", "teacher", "--free")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "Teacher · a reflection without a clip · Brookfield's four lenses"
    )
    assert "[teacher.confidence]" in result.stdout
    assert "(scale 1 to 5: Not at all confident … Very confident)" in result.stdout


def test_unknown_model_or_scenario_exits_1_with_one_line(home):
    result = show("--role", "teacher", "--free", "--model", "schon")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "casebook: There is no reflection model 'schon'. "
        "Choose one of: gibbs, driscoll, kolb, brookfield, nmc."
    ]
    result = show("--role", "teacher", "--scenario", "no-such-clip")
    assert result.returncode == 1
    assert "There is no scenario 'no-such-clip'" in result.stderr


def test_usage_errors_exit_2(home):
    assert show("--role", "nurse", "--free").returncode == 2
    assert show("--role", "teacher").returncode == 2  # neither --scenario nor --free
    assert show("--role", "teacher", "--free", "--scenario", "x").returncode == 2


def test_a_broken_organisation_pack_is_reported_and_skipped(home, tmp_path, monkeypatch):
    org = tmp_path / "org"
    (org / "prompts").mkdir(parents=True)
    broken = org / "prompts" / "ours.toml"
    broken.write_text(
        '[pack]\nid = "ours"\ntitle = "Ours"\n\n[[question]]\nid = "ours.a"\n', "utf-8"
    )
    monkeypatch.setenv("CASEBOOK_CONTENT", str(org))
    result = show("--role", "teacher", "--free", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)[0]["id"] == "core-free"
    assert f"casebook: skipped: {broken}:5:" in result.stderr


MANIFEST = """\
[scenario]
id = "night-shift"
title = "Night shift"
summary = "A short scene."
video = "night-shift.mp4"
duration = 61.5
captions = "night-shift.srt"
roles = ["ward-nurse", "teacher"]
topics = ["staff-wellbeing"]
setting = "staff room"
level = "introductory"
learning_objectives = ["Notice strain in a colleague."]
content_warnings = ["Mentions a death."]
demo = true

[[scenario.pause]]
at = 30.0
label = "What do you notice?"
"""


def write_night_shift(org) -> None:
    """The manifest with its clip and captions beside it: the library loads only scenarios
    whose files are there (the clip's bytes do not matter to the prompts)."""
    videos = org / "videos"
    videos.mkdir(parents=True)
    (videos / "night-shift.toml").write_text(MANIFEST, encoding="utf-8")
    (videos / "night-shift.mp4").write_bytes(b"placeholder clip")
    (videos / "night-shift.srt").write_text(
        "1\n00:00:01,000 --> 00:00:03,000\nYou're still here.\n", encoding="utf-8"
    )


def test_scenario_questions_for_a_scenario_in_the_content_folder(home, tmp_path, monkeypatch):
    org = tmp_path / "org"
    write_night_shift(org)
    (org / "prompts").mkdir()
    (org / "prompts" / "night.toml").write_text(
        '[pack]\nid = "night"\ntitle = "Night shift"\n\n'
        '[[section]]\nid = "night-shift"\ntitle = "Night shift"\nstage = "scenario"\n'
        'scenarios = ["night-shift"]\n\n'
        '[[question]]\nid = "night-shift.nurse"\nsection = "night-shift"\nkind = "text"\n'
        'roles = ["ward-nurse"]\ntext = "Who checks in on your ward?"\n\n'
        '[[question]]\nid = "night-shift.teacher"\nsection = "night-shift"\nkind = "text"\n'
        'roles = ["teacher"]\ntext = "Who checks in at your school?"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CASEBOOK_CONTENT", str(org))

    def scenario_ids(role: str) -> list[str]:
        result = show("--role", role, "--scenario", "night-shift", "--json")
        assert result.returncode == 0, result.stderr
        sections = json.loads(result.stdout)
        assert sections[0]["id"] == "core"  # after a clip: the four post-clip questions
        return [q["id"] for s in sections if s["stage"] == "scenario" for q in s["questions"]]

    assert scenario_ids("ward-nurse") == ["night-shift.nurse"]
    assert scenario_ids("teacher") == ["night-shift.teacher"]
    # staff-wellbeing topic: the teacher's own wellbeing question, not the classroom ones
    result = show("--role", "teacher", "--scenario", "night-shift", "--json")
    role_ids = [
        q["id"] for s in json.loads(result.stdout) if s["stage"] == "role" for q in s["questions"]
    ]
    assert "teacher.own-support" in role_ids and "teacher.classroom-signs" not in role_ids


def test_find_scenario_reads_what_the_reflection_needs(paths, tmp_path, monkeypatch):
    from app.services.prompts import find_scenario

    org = tmp_path / "org"
    write_night_shift(org)
    monkeypatch.setenv("CASEBOOK_CONTENT", str(org))
    scenario = find_scenario(paths, "night-shift")
    assert scenario.content_warnings == ("Mentions a death.",)
    assert scenario.learning_objectives == ("Notice strain in a colleague.",)
    assert scenario.duration_seconds == 61.5
    assert scenario.video == org / "videos" / "night-shift.mp4"
    assert [(p.at_seconds, p.label) for p in scenario.pause_points] == [
        (30.0, "What do you notice?")
    ]


def bundled_manifests() -> list:
    from app.config import bundled_resources

    return sorted((bundled_resources() / "videos").glob("*.toml"))


def test_nurse_and_teacher_on_the_bundled_staff_wellbeing_clip(home):
    assert any(p.stem == "staff-wellbeing" for p in bundled_manifests())
    nurse = show("--role", "ward-nurse", "--scenario", "staff-wellbeing", "--json")
    teacher = show("--role", "teacher", "--scenario", "staff-wellbeing", "--json")
    assert nurse.returncode == teacher.returncode == 0, nurse.stderr + teacher.stderr
    n_titles = [s["title"] for s in json.loads(nurse.stdout)]
    t_titles = [s["title"] for s in json.loads(teacher.stdout)]
    assert "After the shift: on your ward or unit" in n_titles
    assert "After a hard day in school" in t_titles
    assert n_titles[1:] != t_titles[1:]


def test_every_bundled_scenario_has_questions_for_each_of_its_roles(paths):
    from app.models import prompts
    from app.services.library import load_scenarios

    manifests = bundled_manifests()
    assert manifests, "app/resources/videos has no bundled scenarios"
    packs, problems = prompts.load_packs(paths.content_roots())
    assert problems == []
    scenarios, content_problems = load_scenarios(paths)
    assert content_problems == []
    assert len(scenarios) == len(manifests)
    for scenario in scenarios:
        for role in scenario.roles:
            sections = prompts.compose(role, scenario, None, packs)
            own = [q for s in sections if s.stage == "scenario" for q in s.questions]
            assert any(q.is_knowledge_check for q in own), (scenario.id, role)
            assert any(q.kind == "checklist" for q in own), (scenario.id, role)
