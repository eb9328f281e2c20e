"""Session plans: validation, loading, step expansion; tallies; running a session."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import bundled_resources
from app.models.content import PausePoint, Scenario
from app.models.session_plan import (
    DEFAULT_GROUND_RULES,
    PlanError,
    expand,
    load_plans,
    read_plan,
    validate,
)
from app.models.tally import Tally
from app.models.toml_doc import TomlDoc
from app.services.group_session import GroupSession

RESOURCES = bundled_resources()
DEMO_IDS = {
    "low-mood-inpatient",
    "ed-agitation",
    "anxious-pupil",
    "pupil-disclosure",
    "staff-wellbeing",
}


def scenario(sid: str, pauses=(), warnings=("Low mood",)) -> Scenario:
    return Scenario(
        id=sid,
        title=sid.replace("-", " ").title(),
        summary="A demo.",
        video=Path(f"/clips/{sid}.mp4"),
        duration_seconds=60,
        captions=None,
        roles=("ward-nurse",),
        topics=(),
        setting="ward",
        level="introductory",
        learning_objectives=(),
        content_warnings=tuple(warnings),
        pause_points=tuple(PausePoint(t, q) for t, q in pauses),
    )


def demo_scenarios() -> dict[str, Scenario]:
    return {
        sid: scenario(
            sid,
            pauses=[(20, f"What do you notice in {sid}?")] if sid == "low-mood-inpatient" else (),
        )
        for sid in DEMO_IDS
    }


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "plan.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_demo_plans_are_valid_and_use_demo_scenarios():
    plans, problems = load_plans([RESOURCES])
    assert problems == []
    assert {p.id for p in plans} == {"ward-team", "school-staff"}
    for plan in plans:
        assert {s.id for s in plan.scenarios} <= DEMO_IDS
        assert plan.tallies and plan.takeaways


def test_problems_point_at_the_line(tmp_path):
    path = write(
        tmp_path,
        """[plan]
id = "x"
title = ""
minutes = -3

[[plan.scenarios]]
id = "a"
prompts = ["ok", 3]
pauses = [{at = 30, question = "q"}, {at = 10, question = "r"}]

[[plan.scenarios]]
id = "a"

[[plan.tallies]]
id = "t"
""",
    )
    problems = [str(p) for p in validate(TomlDoc.read(path))]
    assert f"{path}:3: add a title to [plan] (some text)" in problems
    assert any(p.startswith(f"{path}:4: minutes") for p in problems)
    assert any(p.startswith(f"{path}:8: prompts") for p in problems)
    assert any(p.startswith(f"{path}:9: list the pauses in time order") for p in problems)
    assert any(p.startswith(f"{path}:12: scenario 'a' is listed twice") for p in problems)
    assert any(p.startswith(f"{path}:14: each tally needs") for p in problems)
    assert not any("invalid" in p.lower() for p in problems)


def test_missing_id_reads_as_plain_english(tmp_path):
    path = write(tmp_path, '[plan]\ntitle = "Ward team"\n')
    problems = [str(p) for p in validate(TomlDoc.read(path))]
    assert f"{path}:1: add an id to [plan] (some text)" in problems


def test_syntax_error_and_missing_plan_table(tmp_path):
    bad = write(tmp_path, "[plan]\nid = = 3\n")
    assert ":2: TOML syntax error" in str(validate(TomlDoc.read(bad))[0])
    other = tmp_path / "other.toml"
    other.write_text("[scenario]\nid='x'\n")
    assert "starts with a [plan] table" in str(validate(TomlDoc.read(other))[0])


def test_broken_file_is_reported_and_skipped(tmp_path):
    (tmp_path / "sessions").mkdir()
    (tmp_path / "sessions" / "bad.toml").write_text("[plan]\nid = 1\n")
    plans, problems = load_plans([RESOURCES, tmp_path])
    assert len(plans) == 2 and problems and all("bad.toml" in str(p) for p in problems)


def test_steps_follow_the_agreed_order():
    plan, problems = read_plan(RESOURCES / "sessions" / "ward-team.toml")
    assert not problems
    steps = expand(plan, demo_scenarios(), support=["Call someone"])
    kinds = [s.kind for s in steps]
    assert kinds[:4] == ["welcome", "ground-rules", "warnings", "tally"]
    assert steps[1].items == DEFAULT_GROUND_RULES
    assert steps[2].items == ("Low mood",)  # warnings gathered once across scenarios
    # first scenario: clip split at its pause point, question, rest of the clip, then its prompts
    first = kinds.index("clip")
    assert kinds[first : first + 3] == ["clip", "pause", "clip"]
    assert (
        steps[first].stop == 20 and steps[first + 2].start == 20 and steps[first + 2].stop is None
    )
    assert kinds[first + 3 : first + 6] == ["prompt"] * 3
    assert [s.title for s in steps if s.kind == "debrief"] == ["Gather", "Analyse", "Summarise"]
    assert kinds[-3:] == ["debrief", "takeaways", "support"]
    assert steps[-1].items == ("Call someone",)
    assert [s.phase for s in steps if s.kind == "tally"] == ["before", "after"]


def test_missing_scenario_is_a_clear_error():
    plan, _ = read_plan(RESOURCES / "sessions" / "school-staff.toml")
    with pytest.raises(PlanError, match="not installed: anxious-pupil"):
        expand(plan, {k: v for k, v in demo_scenarios().items() if k != "anxious-pupil"})


def test_tally_counts_only():
    t = Tally("c", "How confident?")
    t.set("before", 2, 4)
    t.add("before", 4)
    t.set("after", 5, -3)
    assert t.before == [0, 4, 0, 1, 0] and t.after == [0] * 5
    assert t.mean("before") == pytest.approx((2 * 4 + 4) / 5)
    assert t.mean("after") is None and t.describe("after") == "no hands counted"
    with pytest.raises(ValueError):
        t.set("before", 6, 1)
    assert Tally.from_dict(t.as_dict()) == t
    assert set(t.as_dict()) == {"id", "question", "before", "after"}


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_running_a_whole_plan():
    plan, _ = read_plan(RESOURCES / "sessions" / "school-staff.toml")
    clock = FakeClock()
    s = GroupSession.open(plan, demo_scenarios(), support=["EAP"], clock=clock)
    assert s.wall().kind == "slide" and s.wall().style == "welcome"
    s.start()
    clock.now += 90
    assert s.elapsed() == 90 and s.step_elapsed() == 90
    seen = []
    while True:
        seen.append((s.current.kind, s.wall().kind))
        if s.current.kind == "tally":
            s.set_tally(s.current.tally_id, s.current.phase, 3, 7)
        if not s.go_next():
            break
        clock.now += 10
    assert s.at_end and s.current.kind == "support"
    # school plan reveals prompts: each prompt is first held (logo), then revealed
    assert ("prompt", "logo") in seen and ("prompt", "prompt") in seen
    # tallies: the question with a 1-5 hint first, then the chart
    assert ("tally", "prompt") in seen and ("tally", "chart") in seen
    assert s.step_elapsed() == 10  # the clock moved once since the last step began
    rec = s.record()
    assert rec["tallies"][0]["before"] == [0, 0, 7, 0, 0] and rec["tallies"][0]["after"] == [
        0,
        0,
        7,
        0,
        0,
    ]
    assert "What did you notice about how the pupil was feeling?" in rec["prompts_used"]


def test_blank_reveal_and_show_on_screen():
    plan, _ = read_plan(RESOURCES / "sessions" / "ward-team.toml")
    s = GroupSession.open(plan, demo_scenarios())
    s.toggle_blank()
    assert s.wall().kind == "blank" and s.wall().title == ""
    assert (
        s.go_next() and s.index == 0 and s.wall().kind == "slide"
    )  # next returns from blank first
    s.show_prompt("Anything else?")
    assert s.wall().kind == "prompt" and s.wall().title == "Anything else?"
    assert s.go_previous() and s.index == 0 and s.wall().style == "welcome"
    while s.current.kind != "tally":
        s.go_next()
    wall = s.wall()
    assert wall.kind == "prompt" and wall.items == ("1", "2", "3", "4", "5")
    s.toggle_hidden()
    assert s.hidden and s.wall().kind == "prompt"  # no hands counted: nothing to chart
    s.set_tally(s.current.tally_id, "before", 2, 3)
    s.go_next()
    assert s.wall().kind == "chart" and s.wall().chart == (("Before", (0, 3, 0, 0, 0)),)
    s.toggle_hidden()
    assert s.wall().kind == "prompt"
    display = s.wall().as_display()
    assert all(isinstance(v, str | int | float | list | type(None)) for v in display.values())


def test_a_step_titled_as_its_kind_is_named_once():
    from app.models.session_plan import Step

    assert Step(kind="ground-rules", title="Ground rules").label == "Ground rules"
    assert Step(kind="clip", title="Quiet in bay four").label == "Clip: Quiet in bay four"
