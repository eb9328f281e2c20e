"""Broken prompt packs are reported as `path:line: what is wrong`, and skipped, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.models import prompts
from app.models.toml_doc import TomlDoc

GOOD = """\
[pack]
id = "good"
title = "A good pack"

[[section]]
id = "good"
title = "Good questions"
stage = "role"
roles = ["teacher"]

[[question]]
id = "good.one"
section = "good"
kind = "text"
text = "What did you notice?"
"""


def write(folder: Path, name: str, text: str) -> Path:
    (folder / "prompts").mkdir(parents=True, exist_ok=True)
    path = folder / "prompts" / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> tuple[Path, list[str]]:
    path = write(tmp_path, "broken.toml", text)
    return path, [str(p) for p in prompts.validate(TomlDoc.read(path))]


def question(body: str, kind: str = "text") -> str:
    """GOOD (15 lines) plus a question: its table on line 17, `kind` on 20, `body` from 21."""
    return GOOD + f'\n[[question]]\nid = "good.two"\nsection = "good"\nkind = "{kind}"\n' + body


def test_a_good_pack_has_no_problems(tmp_path):
    assert problems_of(tmp_path, GOOD)[1] == []


def test_syntax_error(tmp_path):
    path, found = problems_of(tmp_path, GOOD + '\n[[question]]\nid = "oops\n')
    assert len(found) == 1
    assert found[0].startswith(f"{path}:18: TOML syntax error")


def test_unknown_kind_suggests_the_closest(tmp_path):
    path, found = problems_of(tmp_path, question('text = "How sure are you?"\n', kind="scael"))
    assert found == [f"{path}:20: unknown question kind 'scael'; did you mean 'scale'?"]


def test_missing_text(tmp_path):
    path, found = problems_of(tmp_path, question('help = "No question here"\n'))
    assert found == [f'{path}:17: this [question] has no text; add text = "..."']


def test_empty_text(tmp_path):
    path, found = problems_of(tmp_path, question('text = "  "\n'))
    assert found == [f"{path}:21: text is empty; write a few words"]


def test_unknown_role_lists_the_known_ones(tmp_path):
    path, found = problems_of(tmp_path, question('text = "Who?"\nroles = ["nurse"]\n'))
    assert len(found) == 1
    assert found[0].startswith(f"{path}:22: unknown role 'nurse'; use one of: ward-nurse, ed-nurse")


def test_correct_answer_not_among_options(tmp_path):
    body = 'text = "Which?"\noptions = ["Yes", "No"]\ncorrect = "Maybe"\nexplanation = "Because."\n'
    path, found = problems_of(tmp_path, question(body, kind="choice"))
    assert found == [
        f"{path}:23: the correct answer 'Maybe' is not one of the options; "
        "copy it exactly from options"
    ]


def test_choice_needs_options(tmp_path):
    path, found = problems_of(tmp_path, question('text = "Which?"\noptions = ["Only"]\n', "choice"))
    assert found == [f"{path}:22: a choice question needs at least two options"]


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("min = 5\nmax = 1\n", 23, "max (1) should be larger than min (5)"),
        (
            "min = 0\nmax = 100\n",
            23,
            "a scale from 0 to 100 is long to answer; keep it within 10 steps",
        ),
        ('max = "five"\n', 22, "max should be a whole number, like 5"),
        ('labels = ["Low"]\n', 22, "labels names the two ends of the scale"),
    ],
)
def test_bad_scale(tmp_path, body, line, message):
    path, found = problems_of(tmp_path, question('text = "How sure?"\n' + body, kind="scale"))
    assert len(found) == 1
    assert found[0].startswith(f"{path}:{line}: {message}")


def test_options_on_a_text_question(tmp_path):
    path, found = problems_of(tmp_path, question('text = "What?"\noptions = ["a", "b"]\n'))
    assert found == [f"{path}:22: options only apply to choice and checklist questions"]


def test_unknown_key_suggests_the_closest(tmp_path):
    path, found = problems_of(tmp_path, question('txt = "What?"\n'))
    assert f"{path}:21: unknown key 'txt' in [question]; did you mean 'text'?" in found


def test_bad_id(tmp_path):
    path, found = problems_of(tmp_path, GOOD.replace('id = "good.one"', 'id = "Good One"'))
    assert len(found) == 1 and found[0].startswith(f"{path}:12: id 'Good One' should be lowercase")


def test_duplicate_question_id_in_one_file(tmp_path):
    text = (
        GOOD + '\n[[question]]\nid = "good.one"\nsection = "good"\nkind = "text"\ntext = "Again?"\n'
    )
    path, found = problems_of(tmp_path, text)
    assert found == [
        f"{path}:17: question id 'good.one' is used twice (first at line 11); "
        "question ids (answers are kept by id) must be unique"
    ]


def test_section_stage_and_model(tmp_path):
    text = GOOD.replace('stage = "role"', 'stage = "model"')
    path, found = problems_of(tmp_path, text)
    assert found == [f'{path}:5: a stage = "model" section needs model = "<model id>"']
    path, found = problems_of(tmp_path, GOOD.replace('stage = "role"', 'stage = "middle"'))
    assert found == [
        f"{path}:8: this [[section]] has stage 'middle'; use one of: core, role, scenario, model"
    ]


def test_missing_pack_table(tmp_path):
    path, found = problems_of(tmp_path, GOOD.replace("[pack]", "[pak]"))
    assert f"{path}:1: unknown table 'pak'; did you mean 'pack'?" in found
    assert any("starts with a [pack] table" in p for p in found)


def test_duplicate_question_id_across_packs(tmp_path):
    first = write(tmp_path, "a.toml", GOOD)
    second = write(
        tmp_path,
        "b.toml",
        '[pack]\nid = "other"\ntitle = "Other"\n\n'
        '[[question]]\nid = "good.one"\nsection = "good"\nkind = "text"\ntext = "Same id?"\n',
    )
    packs, problems = prompts.load_packs([tmp_path])
    assert [str(p) for p in problems] == [
        f"{second}:5: question id 'good.one' is already used in {first}:11; "
        "pick another id (ids must be unique across all prompt packs)"
    ]
    # the first stays, the clash is left out, the rest of the second pack loads
    assert [q.id for p in packs for q in p.questions] == ["good.one"]
    assert [p.id for p in packs] == ["good", "other"]


def test_unknown_section_and_model_across_packs(tmp_path):
    path = write(
        tmp_path,
        "a.toml",
        GOOD
        + '\n[[question]]\nid = "good.two"\nsection = "god"\nkind = "text"\ntext = "Where?"\n'
        + '\n[[section]]\nid = "mine.one"\ntitle = "One"\nstage = "model"\nmodel = "mine"\n',
    )
    packs, problems = prompts.load_packs([tmp_path])
    assert sorted(str(p) for p in problems) == sorted(
        [
            f"{path}:17: there is no section 'god'; did you mean 'good'?",
            f"{path}:23: there is no reflection model 'mine'; use one of: (none loaded)",
        ]
    )


def test_a_broken_file_is_skipped_and_the_good_ones_load(tmp_path):
    write(tmp_path, "a.toml", GOOD)
    broken = write(tmp_path, "b.toml", "[pack\n")
    packs, problems = prompts.load_packs([tmp_path])
    assert [p.id for p in packs] == ["good"]
    assert len(problems) == 1 and str(problems[0]).startswith(f"{broken}:1: TOML syntax error")


def test_the_bundled_packs_validate_one_by_one():
    files = prompts.pack_files([prompts_root()])
    assert len(files) >= 13
    for path in files:
        assert prompts.validate(TomlDoc.read(path)) == [], path


def prompts_root() -> Path:
    from app.config import bundled_resources

    return bundled_resources()


def test_a_stray_key_before_the_first_table(tmp_path):
    path, found = problems_of(tmp_path, 'title = "Oops"\n' + GOOD)
    assert found == [f"{path}:1: 'title' belongs in the [pack] table; move it below [pack]"]
    path, found = problems_of(tmp_path, "colour = 3\n" + GOOD)
    assert found == [f"{path}:1: unknown key 'colour'; known ones: pack, model, section, question"]
