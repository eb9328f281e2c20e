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
