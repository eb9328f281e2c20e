"""The readable difference between two versions of a reflection."""

from __future__ import annotations

from app.ui.journal.revision_diff import changes_html, word_diff


def test_changed_words_are_struck_and_underlined():
    html = word_diff("The handover was rushed.", "The handover was rushed and loud.")
    assert "<u" in html and "and loud" in html
    html = word_diff("I felt <calm>", "I felt tense")
    assert "&lt;calm&gt;" in html and "<s" in html  # text is escaped, never markup


def test_added_removed_and_unchanged_answers():
    html = changes_html(
        {"a": "same", "b": "old words", "c": "gone"},
        {"a": "same", "b": "new words", "d": ["x", "y"]},
        {"a": "Q A", "b": "Q B", "c": "Q C", "d": "Q D"},
        newer_label="the current version",
    )
    assert "Q A" not in html  # unchanged answers are not listed
    assert "Q B" in html and "Taken out" in html and "Added" in html and "x, y" in html
    same = changes_html({"a": "1"}, {"a": "1"}, {}, newer_label="the current version")
    assert "No answers changed" in same
