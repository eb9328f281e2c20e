"""The session plan builder, driven through its widgets: pick scenarios, order them, write the
prompts for the wall, tallies and take-aways; the saved plan passes content check and the group
session can step through it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.models import session_plan
from app.services import library


def builder_for(qtbot, paths):
    from app.ui.editor.plan_builder import PlanBuilder

    view = PlanBuilder(paths, lambda: library.load_library(paths).scenarios)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def pick(qtbot, view, scenario_id: str) -> None:
    for row in range(view.library.count()):
        if view.library.item(row).data(Qt.ItemDataRole.UserRole) == scenario_id:
            view.library.setCurrentRow(row)
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)


def test_build_a_plan_that_content_check_accepts(qtbot, paths):
    view = builder_for(qtbot, paths)
    qtbot.waitUntil(lambda: "at least one scenario" in view.problem.text())
    assert not view.save_button.isEnabled()

    qtbot.keyClicks(view.title, "Night team huddle")
    assert view.id.text() == "night-team-huddle"
    qtbot.keyClicks(view.audience, "Night staff")
    pick(qtbot, view, "low-mood-inpatient")
    pick(qtbot, view, "ed-agitation")
    qtbot.keyClicks(view.step_prompts, "What early signs did you see?")
    view.step_minutes.setValue(20)
    qtbot.mouseClick(view.up, Qt.MouseButton.LeftButton)  # the ED clip goes first
    assert view.steps.item(0).text().startswith("1. ")
    view.steps.setCurrentRow(1)
    qtbot.keyClicks(view.step_prompts, "What did Alan stop doing?")
    qtbot.keyClicks(view.tallies, "How confident are you asking about low mood?")
    qtbot.keyClicks(view.takeaways, "Ask directly, and ask again.")

    qtbot.waitUntil(view.save_button.isEnabled, timeout=5000)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.status.text().startswith("Saved"), timeout=10000)

    saved = paths.content_folder() / "sessions" / "night-team-huddle.toml"
    assert library.check([saved]) == []
    plans, problems = session_plan.load_plans(paths.content_roots())
    plan = next(p for p in plans if p.id == "night-team-huddle")
    assert [s.id for s in plan.scenarios] == ["ed-agitation", "low-mood-inpatient"]
    assert plan.scenarios[0].prompts == ("What early signs did you see?",)
    assert plan.scenarios[0].minutes == 20
    assert plan.scenarios[1].prompts == ("What did Alan stop doing?",)
    steps = session_plan.expand(plan, library.load_library(paths).by_id())
    kinds = [s.kind for s in steps]
    assert kinds[0] == "welcome" and "tally" in kinds and kinds.count("prompt") == 2
    assert not (paths.resources / "sessions" / "night-team-huddle.toml").exists()


def test_a_plan_with_a_scenario_twice_is_not_offered_for_saving(qtbot, paths):
    view = builder_for(qtbot, paths)
    view.title.setText("Twice")
    pick(qtbot, view, "ed-agitation")
    pick(qtbot, view, "ed-agitation")
    assert view.steps.count() == 1
    assert "already in the plan" in view.status.text()
