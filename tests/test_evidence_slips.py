"""Reading slips strictly: every kind of bad slip is refused with a message that says why."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from app.models.evidence import SlipError, parse_slip

TODAY = date(2026, 11, 30)
GOOD = {
    "format": "casebook-evidence",
    "schema": 1,
    "programme": "ward-mh-2026",
    "pseudonym": "0123456789abcdef0123456789abcdef",
    "sequence": 2,
    "role": "ward-nurse",
    "setting": "health",
    "scenarios": [
        {
            "id": "low-mood-inpatient",
            "month": "2026-11",
            "reflections": 1,
            "model": "nmc",
            "time_band": "under-15-min",
            "confidence": [{"objective": 1, "before": 2, "after": 4}],
            "knowledge": [{"question": "low-mood-inpatient.ask-directly", "first": 0, "latest": 1}],
        }
    ],
    "tallies": [
        {
            "plan": "ward-team",
            "tally": "confidence-low-mood",
            "month": "2026-10",
            "before": [1, 2, 3, 0, 0],
            "after": [0, 0, 1, 2, 3],
        }
    ],
}


def changed(path: str, value):
    slip = copy.deepcopy(GOOD)
    *parents, last = path.split(".")
    target = slip
    for p in parents:
        target = target[int(p)] if p.isdigit() else target[p]
    if value is KeyError:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return slip


def test_a_good_slip_reads_back_as_written():
    slip = parse_slip(GOOD, today=TODAY)
    assert slip.to_dict() == GOOD
    assert slip.scenarios[0].confidence[0].paired
    assert slip.scenarios[0].knowledge[0].first is False


@pytest.mark.parametrize(
    "path, value, says",
    [
        ("format", "something-else", "not a Casebook evidence slip"),
        ("schema", 2, "schema version 2; this Casebook reads version 1"),
        ("schema", True, "schema version True"),
        ("programme", "Ward MH 2026", "programme id is not an identifier"),
        ("pseudonym", "Robin Ashby", "pseudonym is not 32 hexadecimal digits"),
        ("sequence", 0, "sequence number should be a whole number"),
        ("role", "surgeon", "role is not one Casebook knows"),
        ("setting", "school", "setting does not match the role"),
        ("name", "Robin", "does not know: name"),
        ("scenarios.0.note", "felt awful", "does not know: note"),
        ("scenarios.0.month", "2026-12", "(2026-12) is in the future"),
        ("scenarios.0.month", "2026-13", "not a possible month"),
        ("scenarios.0.month", "2019-12", "not a possible month"),
        ("scenarios.0.month", "2026-11-30", "not a month like 2026-03"),
        ("scenarios.0.id", "Quiet in bay four", "scenario 1's id is not an identifier"),
        ("scenarios.0.model", "my own model, see notes", "model of low-mood-inpatient"),
        ("scenarios.0.time_band", "17 minutes", "time band of low-mood-inpatient"),
        ("scenarios.0.reflections", 0, "reflections on low-mood-inpatient"),
        ("scenarios.0.confidence.0.after", 9, "from 1 to 5, not 9"),
        ("scenarios.0.confidence.0.before", 2.5, "not 2.5"),
        ("scenarios.0.confidence.0.before", True, "not True"),
        ("scenarios.0.confidence.0.objective", 0, "objective number"),
        ("scenarios.0.knowledge.0.first", 2, "first result"),
        ("scenarios.0.knowledge.0.question", "what I said", "question id"),
        ("scenarios.0.confidence", "3", "confidence is not a list"),
        ("tallies.0.before", [1, 2, 3], "should have 5 counts"),
        ("tallies.0.after", [0, 0, 0, 0, -1], "counts after"),
        ("tallies.0.month", "3026-01", "in the future"),
        ("role", KeyError, "lacks role"),
    ],
)
def test_a_bad_slip_is_refused_saying_why(path, value, says):
    with pytest.raises(SlipError) as caught:
        parse_slip(changed(path, value), today=TODAY)
    assert says in str(caught.value)


def test_a_scenario_or_question_twice_is_refused():
    twice = copy.deepcopy(GOOD)
    twice["scenarios"].append(copy.deepcopy(twice["scenarios"][0]))
    with pytest.raises(SlipError, match="a scenario appears twice"):
        parse_slip(twice, today=TODAY)
    again = copy.deepcopy(GOOD)
    again["scenarios"][0]["knowledge"].append(again["scenarios"][0]["knowledge"][0])
    with pytest.raises(SlipError, match="appears twice"):
        parse_slip(again, today=TODAY)


def test_not_an_object_is_refused():
    for value in (None, [], "slip", 3):
        with pytest.raises(SlipError, match="not a Casebook evidence slip"):
            parse_slip(value, today=TODAY)


def test_text_in_a_slip_never_reaches_the_message():
    """A tampered slip's text must not travel into a report through its error message."""
    with pytest.raises(SlipError) as caught:
        parse_slip(changed("scenarios.0.confidence.0.after", "Robin felt awful"), today=TODAY)
    assert "Robin" not in str(caught.value)
    assert "should be a whole number from 1 to 5" in str(caught.value)
    with pytest.raises(SlipError) as caught:
        parse_slip(changed("Robin felt awful", 1), today=TODAY)
    assert "Robin" not in str(caught.value)
