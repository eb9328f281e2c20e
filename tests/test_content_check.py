"""`casebook content check` on each kind of broken manifest: its `path:line:` and exit code."""

from __future__ import annotations

import pytest
from content_fixtures import GOOD, casebook, write_scenario


def broken(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


CASES = [
    # (name, manifest text, line, words in the message)
    ("syntax", broken('title = "A quiet word"', 'title = "A quiet word'), 3, "TOML syntax error"),
    (
        "missing",
        broken('summary = "A nurse checks in with a patient who has gone quiet."\n', ""),
        1,
        "missing `summary`",
    ),
    (
        "unknown",
        broken("title =", "titel ="),
        3,
        "unknown field `titel` in [scenario]; did you mean `title`?",
    ),
    (
        "other-name",  # `file` is what `content list --json` prints
        broken('video = "', 'file = "'),
        5,
        "unknown field `file` in [scenario]; did you mean `video`?",
    ),
    (
        "missing-level",
        broken('level = "introductory"\n', ""),
        1,
        'missing `level`; add it as text in quotes, like "introductory" or "complex"',
    ),
    ("type", broken("duration = 60", 'duration = "sixty"'), 6, "`duration` should be a number"),
    (
        "list-type",
        broken('topics = ["low-mood"]', 'topics = "low-mood"'),
        9,
        "should be a list of text",
    ),
    (
        "role",
        broken('"ward-nurse", "mh-practitioner"', '"ward-nurse", "wardnurse"'),
        8,
        'unknown role "wardnurse"; did you mean "ward-nurse"? known roles: ward-nurse, ed-nurse',
    ),
    (
        "level",
        broken('level = "introductory"', 'level = "advanced"'),
        11,
        'unknown level "advanced"',
    ),
    (
        "video",
        broken('video = "{id}.mp4"', 'video = "elsewhere.mp4"'),
        5,
        'the video file "elsewhere.mp4" was not found',
    ),
    (
        "captions",
        broken('captions = "{id}.srt"', 'captions = "gone.srt"'),
        7,
        'the captions file "gone.srt" was not found',
    ),
    ("pause-late", broken("at = 20", "at = 75"), 17, "outside the clip (0 to 60 s)"),
    (
        "pause-field",
        broken('label = "What did you notice?"', 'lable = "What did you notice?"'),
        18,
        "unknown field `lable` in [[scenario.pause]]; did you mean `label`?",
    ),
    (
        "pause-missing",
        broken('label = "What did you notice?"', ""),
        16,
        "[[scenario.pause]] is missing `label`",
    ),
    ("stray-table", GOOD + "\n[extras]\nnote = 1\n", 20, "unexpected `extras` outside [scenario]"),
    ("id", broken('id = "{id}"', 'id = "Quiet Word"'), 2, "lowercase letters, digits and hyphens"),
]


@pytest.mark.parametrize(("name", "text", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_each_broken_manifest_gives_its_line_and_exit_1(home, tmp_path, name, text, line, words):
    manifest = write_scenario(tmp_path / "videos", text=text)
    result = casebook("content", "check", str(manifest))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines, result.stderr
    assert lines[0].startswith(f"{manifest}:{line}: "), lines
    assert words in lines[0]
    assert "problem" in result.stderr


def test_good_manifest_checks_clean(home, tmp_path):
    manifest = write_scenario(tmp_path / "videos")
    result = casebook("content", "check", str(manifest))
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


def test_broken_captions_are_a_warning_at_their_own_line(home, tmp_path):
    manifest = write_scenario(tmp_path / "videos")
    captions = manifest.with_suffix(".srt")
    captions.write_text("1\n00:00:01,000 to 00:00:03,000\nHello.\n", encoding="utf-8")
    result = casebook("content", "check", str(manifest))
    # The scenario still plays (without captions): a warning, not a failure.
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"{captions}:2: warning: this timing line could not be read")
    assert "still load and play" in result.stderr


def test_duplicate_ids_across_a_folder(home, tmp_path):
    write_scenario(tmp_path / "videos", "quiet-word")
    second = write_scenario(tmp_path / "videos", "second")
    second.write_text(second.read_text().replace('id = "second"', 'id = "quiet-word"'))
    result = casebook("content", "check", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f'{second}:2: the id "quiet-word" is already used by '
        f"{tmp_path / 'videos' / 'quiet-word.toml'}; "
        "give this scenario its own id"
    ]


def test_file_of_unknown_kind_and_missing_path(home, tmp_path):
    other = tmp_path / "other.toml"
    other.write_text('[something]\nname = "x"\n')
    result = casebook("content", "check", str(other), str(tmp_path / "absent.toml"))
    assert result.returncode == 1
    first, second = result.stdout.splitlines()
    assert first.startswith(f"{other}:1: this file has none of the tables Casebook knows")
    assert second.startswith(f"{tmp_path / 'absent.toml'}:1: this file was not found")


def test_organisation_folder_is_checked_with_the_bundled_one(home, tmp_path):
    org = tmp_path / "org"
    manifest = write_scenario(
        org / "videos", text=broken('level = "introductory"', 'level = "hard"')
    )
    result = casebook("content", "check", content=org)
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if str(org) in line] == [
        f'{manifest}:11: unknown level "hard"; use "introductory" or "complex"'
    ]


def test_every_problem_in_a_manifest_is_reported_in_line_order(home, tmp_path):
    text = (
        GOOD.replace('video = "{id}.mp4"', 'video = "nope.mp4"')
        .replace("duration = 60", 'duration = "long"')
        .replace('"ward-nurse", "mh-practitioner"', '"nurse"')
        .replace('level = "introductory"', 'level = "hard"')
        .replace('label = "What did you notice?"', "")
    )
    manifest = write_scenario(tmp_path / "videos", text=text)
    manifest.with_suffix(".srt").write_text("nonsense\n", encoding="utf-8")
    result = casebook("content", "check", str(manifest))
    assert result.returncode == 1
    where = [line.split(": ")[0] for line in result.stdout.splitlines()]
    assert where == [f"{manifest}:{n}" for n in (5, 6, 8, 11, 16)] + [
        f"{manifest.with_suffix('.srt')}:1"
    ]
    assert "5 problems and 1 warning found" in result.stderr


def test_whole_installed_library_checks_clean(home):
    """Bundled scenarios, prompt packs and session plans, as shipped."""
    result = casebook("content", "check")
    assert (result.returncode, result.stdout) == (0, ""), result.stdout
