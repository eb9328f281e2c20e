"""What content check finds across files and in manifests written by hand on Windows and Mac:
each problem once, at its own line, with its cause, and the same in the library."""

from __future__ import annotations

from content_fixtures import GOOD, casebook, write_scenario

from app.services.library import load_library


def _lines(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": warning: " not in line]


def test_a_misspelt_pause_table_is_reported_at_its_own_line(home, tmp_path):
    manifest = write_scenario(
        tmp_path / "videos", text=GOOD.replace("[[scenario.pause]]", "[[scenario.pauses]]")
    )
    result = casebook("content", "check", str(manifest))
    assert _lines(result) == [
        f"{manifest}:16: unknown table [[scenario.pauses]]; did you mean [[scenario.pause]]?"
    ]


def test_a_missing_scenario_header_is_one_problem_in_check_and_library(home, tmp_path):
    manifest = write_scenario(tmp_path / "videos", text=GOOD.replace("[scenario]\n", ""))
    result = casebook("content", "check", str(manifest))
    expected = (
        f"{manifest}:1: the [scenario] header is missing; add a line [scenario] at the top of "
        "the file, above this one"
    )
    assert _lines(result) == [expected]
    library = load_library([tmp_path])
    assert [str(p) for p in library.problems] == [expected]  # one source of truth


def test_word_quotes_windows_paths_and_capitals_are_named(home, tmp_path):
    folder = tmp_path / "videos"
    curly = write_scenario(folder, "curly", GOOD.replace('"A quiet word"', "“A quiet word”"))
    escaped = write_scenario(
        folder, "escaped", GOOD.replace('video = "{id}.mp4"', 'video = "C:\\Users\\sam\\a.mp4"')
    )
    drive = write_scenario(
        folder, "drive", GOOD.replace('video = "{id}.mp4"', "video = 'C:\\Users\\sam\\a.mp4'")
    )
    capitals = write_scenario(
        folder, "capitals", GOOD.replace('video = "{id}.mp4"', 'video = "CAPITALS.MP4"')
    )
    result = casebook("content", "check", str(folder))
    lines = _lines(result)
    assert f"{curly}:3: this value is in curly quotes (“ ”)" in "\n".join(lines)
    assert f"{escaped}:5: a backslash (\\) inside double quotes starts an escape" in "\n".join(
        lines
    )
    assert any(
        line.startswith(f"{drive}:5: ") and "a path on a Windows PC" in line for line in lines
    )
    assert any(
        line.startswith(f"{capitals}:5: ")
        and 'there is "capitals.mp4", which differs only in capitals' in line
        for line in lines
    )


def test_plans_and_prompts_naming_what_does_not_exist_are_caught(home, tmp_path):
    root = tmp_path / "org"
    write_scenario(root / "videos", "quiet-word")
    (root / "sessions").mkdir(parents=True)
    plan = root / "sessions" / "ward.toml"
    plan.write_text(
        '[plan]\nid = "ward"\ntitle = "Ward team"\n\n'
        '[[plan.scenarios]]\nid = "quiet-word"\n\n'
        '[[plan.scenarios]]\nid = "low-mood-inpatent"\n',
        encoding="utf-8",
    )
    (root / "prompts").mkdir()
    pack = root / "prompts" / "ours.toml"
    pack.write_text(
        '[pack]\nid = "ours"\ntitle = "Our questions"\n\n'
        '[[question]]\nid = "ours.handover"\nsection = "ward-nurses"\nkind = "text"\n'
        'text = "What would you hand over?"\n\n'
        '[[question]]\nid = "ours.quiet"\nsection = "core"\nkind = "text"\n'
        'text = "What did you notice?"\nscenarios = ["quiet-wrd"]\n',
        encoding="utf-8",
    )
    result = casebook("content", "check", str(root))
    lines = _lines(result)
    assert f'{plan}:9: this plan uses the scenario "low-mood-inpatent", which is not ' in (
        "\n".join(lines)
    )
    assert 'did you mean "low-mood-inpatient"?' in result.stdout  # a bundled scenario
    assert any(line.startswith(f"{pack}:5: ") and "ward-nurses" in line for line in lines)
    assert any(
        line.startswith(f"{pack}:11: ") and '"quiet-wrd", which is not installed' in line
        for line in lines
    )
    assert result.returncode == 1
