"""The session plan builder's ground rules, debrief and reopening, driven through its widgets:
a plan built with its own ground rules and debrief is saved, opened again exactly as saved,
passes content check, and runs in the group session with them; unsaved work survives a close."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.models import session_plan
from app.services import authoring
from tests.content_fixtures import casebook
from tests.test_plan_builder import builder_for, pick

RULES = ["Stay with what you saw on the screen.", "No names of patients or colleagues."]
DEBRIEF = "Reactions: How did that feel to watch?\nAnalysis: What helped Alan most?"


def plan_file(paths, plan_id: str):
    return paths.content_folder() / "sessions" / f"{plan_id}.toml"


def type_lines(qtbot, edit, text: str) -> None:
    """Replace what an edit holds, typing as a person does (Enter between lines)."""
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    for n, line in enumerate(text.split("\n")):
        if n:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.keyClicks(edit, line)


def build_and_save(qtbot, view) -> None:
    qtbot.keyClicks(view.title, "Night team huddle")
    qtbot.keyClicks(view.audience, "Night staff")
    qtbot.keyClicks(view.welcome, "Welcome, night team.")
    pick(qtbot, view, "low-mood-inpatient")
    qtbot.keyClicks(view.step_prompts, "What did Alan stop doing?")
    type_lines(qtbot, view.ground_rules, "\n".join(RULES))
    qtbot.keyClicks(view.tallies, "How confident are you asking about low mood?")
    type_lines(qtbot, view.debrief, DEBRIEF)
    qtbot.keyClicks(view.takeaways, "Ask directly, and ask again.")
    qtbot.waitUntil(view.save_button.isEnabled, timeout=5000)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.status.text().startswith("Saved"), timeout=10000)


def shown(view) -> dict:
    """Everything the builder shows of a plan, read from its widgets."""
    steps = []
    for row in range(view.steps.count()):
        view.steps.setCurrentRow(row)
        steps.append(
            (
                view.steps.item(row).text(),
                view.step_minutes.value(),
                view.step_prompts.toPlainText(),
                view.step_notes.text(),
            )
        )
    return {
        "title": view.title.text(),
        "id": view.id.text(),
        "audience": view.audience.text(),
        "minutes": view.total.value(),
        "reveal": view.reveal.isChecked(),
        "welcome": view.welcome.text(),
        "ground_rules": view.ground_rules.toPlainText(),
        "tallies": view.tallies.toPlainText(),
        "debrief": view.debrief.toPlainText(),
        "takeaways": view.takeaways.toPlainText(),
        "steps": steps,
    }


def test_ground_rules_and_debrief_are_saved_reopened_checked_and_run(qtbot, paths, monkeypatch):
    view = builder_for(qtbot, paths)
    # A new plan starts from the standard ground rules and debrief, to change or keep.
    assert view.ground_rules.toPlainText().splitlines() == list(session_plan.DEFAULT_GROUND_RULES)
    assert view.debrief.toPlainText().startswith("Gather: What happened?")
    build_and_save(qtbot, view)
    before = shown(view)

    saved = plan_file(paths, "night-team-huddle")
    checked = casebook("content", "check", str(paths.content_folder()))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "All content files look good." in checked.stderr

    again = builder_for(qtbot, paths)
    assert again.unsaved_banner.isHidden()  # saved: nothing is offered back
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(saved), ""))
    qtbot.mouseClick(again.open_button, Qt.MouseButton.LeftButton)
    assert again.status.text() == "Opened night-team-huddle.toml."
    assert shown(again) == before
    assert again.ground_rules.toPlainText().splitlines() == RULES
    assert again.debrief.toPlainText() == DEBRIEF
    assert not again.dirty

    # The facilitator's list has it, and running it puts its own rules and debrief on the wall.
    from app.ui.group.group_session_page import GroupSessionPage

    page = GroupSessionPage(paths)
    qtbot.addWidget(page)
    titles = [page.plan_list.item(n).text() for n in range(page.plan_list.count())]
    assert "Night team huddle" in titles
    page.plan_list.setCurrentRow(titles.index("Night team huddle"))
    run = page.start()
    assert run is not None
    qtbot.addWidget(run.console)
    qtbot.addWidget(run.audience)
    steps = run.session.steps
    assert steps[0].body == "Welcome, night team."
    run.console.go_to(next(n for n, s in enumerate(steps) if s.kind == "ground-rules"))
    wall = run.audience.slide_items.text()
    assert all(rule in wall for rule in RULES)
    assert session_plan.DEFAULT_GROUND_RULES[1] not in wall
    debrief = [n for n, s in enumerate(steps) if s.kind == "debrief"]
    assert [(steps[n].title, steps[n].body) for n in debrief] == [
        ("Reactions", "How did that feel to watch?"),
        ("Analysis", "What helped Alan most?"),
    ]
    run.console.go_to(debrief[1])
    assert "Analysis" in run.audience.slide_title.text()
    assert "What helped Alan most?" in run.audience.slide_body.text()
    run.console._confirm_leave = lambda: True
    run.console.request_leave()


def test_a_reopened_plan_changed_and_saved_keeps_what_the_builder_does_not_edit(qtbot, paths):
    """A hand-written plan (pause points, a summary, its own support list and tally ids)
    opened, changed and saved again loses none of them."""
    hand = plan_file(paths, "by-hand")
    hand.parent.mkdir(parents=True, exist_ok=True)
    hand.write_text(
        "[plan]\n"
        'id = "by-hand"\ntitle = "By hand"\nsummary = "Written in a text editor."\n'
        'support = ["Call the duty manager on 4321."]\n'
        "[[plan.tallies]]\n"
        'id = "confidence"\nquestion = "How confident are you?"\n'
        "[[plan.scenarios]]\n"
        'id = "low-mood-inpatient"\nminutes = 10\n'
        'pauses = [{at = 3.0, question = "What do you notice?"}]\n',
        encoding="utf-8",
    )
    view = builder_for(qtbot, paths)
    assert view.open_saved(hand)
    # Not written in the file: the standard ones, shown so they can be changed.
    assert view.ground_rules.toPlainText().splitlines() == list(session_plan.DEFAULT_GROUND_RULES)
    qtbot.keyClicks(view.takeaways, "Notice early.")
    qtbot.waitUntil(view.save_button.isEnabled, timeout=5000)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.status.text().startswith("Saved"), timeout=10000)

    plan, problems = session_plan.read_plan(hand)
    assert problems == [] and plan is not None
    assert plan.summary == "Written in a text editor."
    assert plan.support == ("Call the duty manager on 4321.",)
    assert [(t.id, t.question) for t in plan.tallies] == [("confidence", "How confident are you?")]
    assert [(p.at_seconds, p.question) for p in plan.scenarios[0].pauses] == [
        (3.0, "What do you notice?")
    ]
    assert plan.takeaways == ("Notice early.",)
    assert plan.ground_rules == session_plan.DEFAULT_GROUND_RULES


def test_a_debrief_line_without_its_phase_is_explained_and_not_saved(qtbot, paths):
    view = builder_for(qtbot, paths)
    qtbot.keyClicks(view.title, "Short")
    pick(qtbot, view, "low-mood-inpatient")
    type_lines(qtbot, view.debrief, "What happened?")
    qtbot.waitUntil(lambda: "phase, a colon and its question" in view.problem.text())
    assert not view.save_button.isEnabled()
    type_lines(qtbot, view.ground_rules, "")
    qtbot.waitUntil(lambda: "at least one ground rule" in view.problem.text())
    assert not view.save_button.isEnabled()


def test_a_new_plan_may_not_save_over_another_saved_plan(qtbot, paths):
    first = builder_for(qtbot, paths)
    build_and_save(qtbot, first)
    second = builder_for(qtbot, paths)
    qtbot.keyClicks(second.title, "Night team huddle")
    pick(qtbot, second, "ed-agitation")
    qtbot.waitUntil(lambda: "is already saved" in second.problem.text())
    assert not second.save_button.isEnabled()
    assert session_plan.read_plan(plan_file(paths, "night-team-huddle"))[0].scenarios[0].id == (
        "low-mood-inpatient"
    )


def test_unsaved_plan_edits_are_offered_back_after_the_window_closes(qtbot, paths):
    """A content lead is half way through a plan and closes Casebook: the next start offers it
    back exactly as it was; restoring it and saving it clears the offer."""
    from app.ui.window.app_window import MainWindow

    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.show()
    view = window.go_to("editor").plan
    qtbot.keyClicks(view.title, "Half done")
    pick(qtbot, view, "low-mood-inpatient")
    qtbot.keyClicks(view.step_prompts, "What did you notice?")
    type_lines(qtbot, view.debrief, "Feelings: How was that?")
    before = shown(view)
    window.close()  # straight away: the check after typing has not run yet

    second = MainWindow(paths)
    qtbot.addWidget(second)
    second.show()
    again = second.go_to("editor").plan
    assert not again.unsaved_banner.isHidden()
    assert "Half done" in again.unsaved_label.text()
    assert not again.open_button.isEnabled()
    qtbot.mouseClick(again.restore_button, Qt.MouseButton.LeftButton)
    assert shown(again) == before
    qtbot.waitUntil(again.save_button.isEnabled, timeout=5000)
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.status.text().startswith("Saved"), timeout=10000)
    assert authoring.unsaved_plan(paths) is None
    second.close()


def test_opening_another_plan_over_unsaved_edits_asks_first(qtbot, paths, monkeypatch):
    view = builder_for(qtbot, paths)
    qtbot.keyClicks(view.title, "Not yet saved")
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text, *a: asked.append(text) or QMessageBox.StandardButton.No,
    )
    bundled = paths.resources / "sessions" / "ward-team.toml"
    assert not view.open_saved(bundled)
    assert "“Not yet saved” are not saved" in asked[0]
    assert view.title.text() == "Not yet saved"
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2 and view.title.text() == "Not yet saved"

    # A bundled plan opens as a copy to save in the content folder, never over the bundle.
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    assert view.open_saved(bundled)
    assert "Saving makes a copy in the content folder" in view.status.text()
    assert view.opened is None and view.id.text() == "ward-team"


def test_a_plan_saved_in_the_window_is_in_the_group_sessions_list_at_once(qtbot, paths):
    """The facilitator had the Group session page open before; the new plan is listed there
    as soon as it is saved, as a scenario is in the library."""
    from app.ui.window.app_window import MainWindow

    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.show()
    group = window.go_to("group")
    assert "Night team huddle" not in [p.title for p in group.plans]
    view = window.go_to("editor").plan
    build_and_save(qtbot, view)
    window.go_to("group")
    titles = [group.plan_list.item(n).text() for n in range(group.plan_list.count())]
    assert "Night team huddle" in titles
    window.close()


def test_while_unsaved_work_waits_the_plan_cannot_be_edited_and_tallies_keep_their_ids(
    qtbot, paths
):
    first = builder_for(qtbot, paths)
    qtbot.keyClicks(first.title, "Kept aside")
    first.shutdown()
    second = builder_for(qtbot, paths)
    assert not second.body.isEnabled() and not second.save_button.isEnabled()
    qtbot.mouseClick(second.discard_button, Qt.MouseButton.LeftButton)
    assert second.body.isEnabled() and authoring.unsaved_plan(paths) is None

    # Saved tallies keep their ids when reordered, so earlier counts still match them.
    build_and_save(qtbot, second)
    type_lines(
        qtbot, second.tallies, "A new question?\nHow confident are you asking about low mood?"
    )
    qtbot.waitUntil(second.save_button.isEnabled, timeout=5000)
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not second.dirty and second.save_button.isEnabled(), timeout=10000)
    plan, _ = session_plan.read_plan(plan_file(paths, "night-team-huddle"))
    assert [(t.id, t.question) for t in plan.tallies] == [
        ("tally-2", "A new question?"),
        ("tally-1", "How confident are you asking about low mood?"),
    ]
