"""Answers are checked against the composed question set: unknown ids and wrong types are
reported in plain words; good answers of every kind pass."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.config import bundled_resources
from app.models import prompts

PACKS, _ = prompts.load_packs([bundled_resources()])
# A free-standing reflection for a teacher in Gibbs, plus one question of each remaining kind.
EXTRA = prompts.Section(
    id="extra",
    title="Extra",
    stage="role",
    questions=(
        prompts.Question("x.scale", "extra", "scale", "How sure?", min=0, max=4),
        prompts.Question("x.choice", "extra", "choice", "Which?", options=("Yes", "No")),
        prompts.Question("x.list", "extra", "checklist", "Which ones?", options=("A", "B", "C")),
        prompts.Question("x.marker", "extra", "marker", "Which moment?"),
    ),
)
SECTIONS = [*prompts.compose("teacher", None, "gibbs", PACKS), EXTRA]


def check(answers):
    return prompts.check_answers(SECTIONS, answers)


def test_good_answers_of_every_kind_pass():
    answers = {
        "core-free.what-happened": "A pupil was upset after break.",
        "teacher.confidence": 4,
        "x.scale": 0,
        "x.choice": "No",
        "x.list": ["A", "C"],
        "x.marker": "At 0:42 she looked away.",
    }
    assert check(answers) == []
    assert check({}) == []  # nothing answered yet: a draft


def test_unknown_question_id():
    assert check({"teacher.confidnce": 3}) == [
        "'teacher.confidnce' is not a question in this reflection. Did you mean "
        "'teacher.confidence'? `casebook prompts show` lists the question ids."
    ]
    # a question from another role's pack is not part of this reflection
    [message] = check({"ward-nurse.record": "Notes"})
    assert message.startswith("'ward-nurse.record' is not a question in this reflection.")


def test_wrong_types():
    assert check({"core-free.what-happened": 5}) == [
        "'core-free.what-happened': the answer should be text."
    ]
    assert check({"x.marker": ["0:42"]}) == ["'x.marker': the answer should be text."]
    assert check({"teacher.confidence": "4"}) == [
        "'teacher.confidence': the answer should be a whole number from 1 to 5."
    ]
    assert check({"teacher.confidence": True}) == [
        "'teacher.confidence': the answer should be a whole number from 1 to 5."
    ]
    assert check({"teacher.confidence": 4.0}) == [
        "'teacher.confidence': the answer should be a whole number from 1 to 5."
    ]
    assert check({"x.scale": 5}) == [
        "'x.scale': 5 is outside the scale; choose a number from 0 to 4."
    ]
    assert check({"x.choice": "Maybe"}) == ['\'x.choice\': choose one of: "Yes"; "No".']
    assert check({"x.choice": ["Yes"]}) == ['\'x.choice\': choose one of: "Yes"; "No".']
    assert check({"x.list": "A"}) == [
        "'x.list': the answer should be a list of options, like [\"A\"]."
    ]
    assert check({"x.list": ["A", "D"]}) == [
        '\'x.list\': "D" is not one of the options; choose from: "A"; "B"; "C".'
    ]
    assert check({"x.list": ["A", "A"]}) == ["'x.list': each option should be listed once."]


def test_every_problem_is_reported_not_just_the_first():
    assert len(check({"nope": 1, "x.scale": 9, "x.choice": "?"})) == 3


def test_answers_must_be_an_object():
    [message] = check(["not", "an", "object"])
    assert message.startswith("Answers should be a JSON object of question id to answer")


@given(st.data())
def test_any_valid_answer_for_a_composed_set_passes(data):
    sections = prompts.compose("ward-nurse", None, "nmc", PACKS) + [EXTRA]
    answers = {}
    for q in prompts.questions_of(sections).values():
        if not data.draw(st.booleans()):
            continue
        if q.kind in ("text", "marker"):
            answers[q.id] = data.draw(st.text())
        elif q.kind == "scale":
            answers[q.id] = data.draw(st.integers(q.min, q.max))
        elif q.kind == "choice":
            answers[q.id] = data.draw(st.sampled_from(q.options))
        else:
            answers[q.id] = data.draw(st.lists(st.sampled_from(q.options), unique=True))
    assert prompts.check_answers(sections, answers) == []
