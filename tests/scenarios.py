"""Scenario objects for tests that need one in memory, without a manifest or a clip."""

from __future__ import annotations

from pathlib import Path

from app.models.content import Scenario


def make_scenario(sid: str, topics: tuple[str, ...] = (), **overrides) -> Scenario:
    """A ward-nurse scenario with `sid` and `topics`; any other field by keyword."""
    fields = dict(
        id=sid,
        title=sid.replace("-", " ").title(),
        summary="",
        video=Path(f"{sid}.mp4"),
        duration_seconds=60.0,
        captions=None,
        roles=("ward-nurse",),
        topics=topics,
        setting="ward",
        level="introductory",
        learning_objectives=("Notice early signs",),
    )
    fields.update(overrides)
    return Scenario(**fields)


def wellbeing_scenario(warned: bool = True, **overrides) -> Scenario:
    """The "After a hard shift" scenario: for nurses and teachers, with two objectives and,
    unless not `warned`, a content warning."""
    fields = dict(
        title="After a hard shift",
        summary="A colleague struggles after a long week.",
        video=Path("/nowhere/staff-wellbeing.mp4"),
        roles=("ward-nurse", "teacher"),
        learning_objectives=("Notice signs of stress in a colleague", "Know where support is"),
        content_warnings=("distress",) if warned else (),
    )
    fields.update(overrides)
    return make_scenario("staff-wellbeing", ("staff-wellbeing",), **fields)
