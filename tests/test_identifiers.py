"""The gentle identifier check: what it finds, and what it leaves alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.models.identifiers import find_identifiers, nhs_checksum_ok, scan_answers


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_identifiers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I sat with Mrs Jane Smith for a while.", [("name", "Mrs Jane Smith")]),
        ("Dr. Khan came to the bay.", [("name", "Dr. Khan")]),
        ("Her son rang on 07700 900123 twice.", [("phone", "07700 900123")]),
        (
            "Call +44 7700 900123 or (020) 7946 0958.",
            [("phone", "+44 7700 900123"), ("phone", "(020) 7946 0958")],
        ),
        ("Ring +1 415-555-0132 after six", [("phone", "+1 415-555-0132")]),
        ("NHS no 943 476 5919 on the wristband", [("nhs-number", "943 476 5919")]),
        ("number 9434765919 noted", [("nhs-number", "9434765919")]),
        ("write to j.smith@example.org soon", [("email", "j.smith@example.org")]),
        ("DOB: 03/05/1961, lives alone", [("date-of-birth", "DOB: 03/05/1961")]),
        ("D.O.B 3rd May 1961.", [("date-of-birth", "D.O.B 3rd May 1961.")]),
        ("seen on 14/02/2024 at the clinic", [("date", "14/02/2024")]),
        ("Mr  Ahmed O’Neill-Brown said", [("name", "Mr  Ahmed O’Neill-Brown")]),
        ("Miss Zoë Étienne", [("name", "Miss Zoë Étienne")]),
    ],
)
def test_finds_identifying_text(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I felt unsure at first, then calmer once I sat down with him.",
        "Gave 10 mg at 14:30; obs were stable. Ward 3, bed 12.",
        "The Mrs in the clip seemed withdrawn and tired.",
        "Dr said we should wait.",
        "It was 2024 and year 10 had 32 pupils.",
        "Score 7/10 for confidence, up from 4/10.",
        "",
    ],
)
def test_ordinary_text_passes(text):
    assert find_identifiers(text) == []


def test_spans_point_at_the_text():
    text = "Spoke with Ms Ada Lovelace, tel 07700 900123, mail ada@example.com."
    for f in find_identifiers(text):
        assert text[f.start : f.end] == f.text
        assert f.label  # a plain description for the prompt
    assert {f.kind for f in find_identifiers(text)} == {"name", "phone", "email"}


def test_nhs_checksum():
    assert nhs_checksum_ok("9434765919")
    assert not nhs_checksum_ok("9434765918")
    assert not nhs_checksum_ok("12345")


def test_scan_answers_keys_by_field_and_skips_non_text():
    found = scan_answers(
        {"q1": "Mrs Jane Smith was upset", "q2": 4, "q3": ["a", "b"], "q4": "fine"},
        {"title": "Call 07700 900123"},
    )
    assert set(found) == {"q1", "title"}
    assert found["q1"][0].kind == "name"


@given(st.text())
def test_any_text_gives_sorted_non_overlapping_spans(text):
    found = find_identifiers(text)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    for f in found:
        assert text[f.start : f.end] == f.text
