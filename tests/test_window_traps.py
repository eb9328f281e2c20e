"""Traps a nurse met in the real window, driven with clicks and keys: the sidebar always opens
the place clicked, and an unfinished reflection never vanishes from view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

PASS = "amber lantern quietly folds"


@pytest.fixture
def profile(window):
    info, _code = window.service.create("Robin Ash", "ward-nurse", "", PASS)
    return info


def _unlock(window, profile):
    window.session.set_unlocked(window.service.unlock(profile.id, PASS))


def _click_place(qtbot, window, title):
    row = next(i for i, p in enumerate(window.places) if p.title == title)
    item = window.nav.item(row)
    rect = window.nav.visualItemRect(item)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _reflect_and_type(qtbot, window, text="He stopped eating"):
    page = window.place_widget("library")
    scenario = window.context.scenarios_by_id()["low-mood-inpatient"]
    page.reflect(scenario, [])
    qtbot.waitUntil(lambda: page.flow.form is not None)
    edit = page.flow.form.widgets["core.stood-out"].edit
    qtbot.keyClicks(edit, text)
    return page, scenario


def _finish(qtbot, page):
    flow = page.flow
    flow._kept_findings = set()
    qtbot.mouseClick(flow.form.final_button, Qt.MouseButton.LeftButton)
    # The identifier check and the closing confidence page may follow: go through them.
    for _ in range(3):
        if flow.identifier_prompt is not None:
            flow.identifier_prompt.keep_requested.emit()
        if flow.confidence is not None:
            flow.confidence.skipped.emit()
    qtbot.waitUntil(lambda: flow.stack.currentWidget() is flow.done_page)


def test_library_in_the_sidebar_opens_the_library_after_saving(qtbot, window, profile):
    _unlock(window, profile)
    page, _ = _reflect_and_type(qtbot, window)
    _finish(qtbot, page)
    _click_place(qtbot, window, "Library")
    assert page.current_step() == "library"
    # And Ctrl+1 too, from the done page.
    page.reflect(window.context.scenarios_by_id()["low-mood-inpatient"], [])
    qtbot.waitUntil(lambda: page.flow.form is not None)
    _finish(qtbot, page)
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier
    )
    assert page.current_step() == "library"


def test_the_next_person_after_a_lock_sees_the_library_not_a_stale_page(qtbot, window, profile):
    _unlock(window, profile)
    page, _ = _reflect_and_type(qtbot, window)
    _finish(qtbot, page)
    window.session.lock()
    assert page.current_step() == "library"


def test_journal_in_the_sidebar_leaves_an_open_entry(qtbot, window, profile):
    _unlock(window, profile)
    window.session.current.journal.add({"title": "A shift", "answers": {}}, "final")
    window.show_place("journal")
    journal = window.place_widget("journal").content
    qtbot.waitUntil(lambda: journal.proxy.rowCount() == 1)
    journal.open_selected()
    assert journal.stack.currentWidget() is journal.entry_page
    _click_place(qtbot, window, "Journal")
    assert journal.stack.currentWidget() is journal.list_page


def test_delete_is_not_where_export_was(qtbot, window, profile):
    _unlock(window, profile)
    window.session.current.journal.add({"title": "A shift", "answers": {}}, "final")
    window.show_place("journal")
    journal = window.place_widget("journal").content
    qtbot.waitUntil(lambda: journal.proxy.rowCount() == 1)
    export_at = journal.export_button.mapTo(window, journal.export_button.rect().center())
    journal.open_selected()
    qtbot.waitUntil(journal.delete_button.isVisible)
    delete_rect = journal.delete_button.rect().translated(
        journal.delete_button.mapTo(window, journal.delete_button.rect().topLeft())
    )
    assert not delete_rect.adjusted(-40, -40, 40, 40).contains(export_at)


def test_leaving_the_form_keeps_a_draft_listed_in_the_journal_at_once(qtbot, window, profile):
    _unlock(window, profile)
    page, scenario = _reflect_and_type(qtbot, window)
    back = next(
        b
        for b in page.flow_page.findChildren(type(page.flow.form.final_button))
        if "Back to the library" in b.text()
    )
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert page.current_step() == "library"
    # Said where it went.
    assert "draft" in window.statusBar().currentMessage().lower()
    # Listed in the journal at once, once.
    window.show_place("journal")
    journal = window.place_widget("journal").content
    qtbot.waitUntil(lambda: journal.proxy.rowCount() == 1)
    assert journal.proxy.entry_at(0).status == "draft"
    # Reopening the scenario carries on with it rather than a blank form.
    window.show_place("library")
    page.reflect(scenario, [])
    qtbot.waitUntil(lambda: page.flow.form is not None)
    assert page.flow.form.widgets["core.stood-out"].value() == "He stopped eating"
    qtbot.keyClicks(page.flow.form.widgets["core.stood-out"].edit, " again")
    _click_place(qtbot, window, "Journal")
    qtbot.waitUntil(lambda: journal.proxy.rowCount() == 1)
    # Still one draft, holding the newest words; none split off after a lock and unlock.
    window.session.lock()
    _unlock(window, profile)
    qtbot.waitUntil(lambda: journal.proxy.rowCount() >= 1)
    entries = window.session.current.journal.list_entries()
    assert len(entries) == 1
    assert entries[0].payload["answers"]["core.stood-out"] == "He stopped eating again"
    assert window.session.current.reflections.pending_drafts() == []


def _visible_text(widget):
    from PySide6.QtWidgets import QLabel

    return " ".join(
        label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)
    )


def test_a_warned_scenario_shows_nothing_of_itself_before_its_warning_is_accepted(
    qtbot, window, profile
):
    _unlock(window, profile)
    page = window.place_widget("library")
    scenario = window.context.scenarios_by_id()["colleague-suicidal-thoughts"]
    assert scenario.content_warnings and scenario.learning_objectives
    page.library.select(scenario.id)
    page.library.list.setFocus()
    qtbot.keyClick(page.library.list, Qt.Key.Key_Return)
    shown = _visible_text(window)
    for objective in scenario.learning_objectives:
        assert objective not in shown
    assert page.flow.confidence is None
    warning = page.flow.warning_page
    assert warning is not None and warning.isVisible()
    assert scenario.content_warnings[0] in warning.text.text()
    # Choosing another scenario goes back to the library, having seen nothing more.
    qtbot.mouseClick(warning.back_button, Qt.MouseButton.LeftButton)
    assert page.current_step() == "library"
    # Accepting goes on to the confidence step, then the clip, without a second warning.
    qtbot.keyClick(page.library.list, Qt.Key.Key_Return)
    qtbot.mouseClick(page.flow.warning_page.continue_button, Qt.MouseButton.LeftButton)
    assert page.flow.confidence is not None
    page.flow.confidence.skipped.emit()
    assert page.current_step() == "player"
    assert page.player_view.pages.currentWidget() is not page.player_view.gate


def _visible_questions(form):
    return [qid for qid, w in form.widgets.items() if w.isVisibleTo(form)]


def test_the_form_is_short_follows_the_model_and_says_how_far_along(qtbot, window, profile):
    from PySide6.QtWidgets import QGroupBox

    _unlock(window, profile)
    page, _ = _reflect_and_type(qtbot, window, "")
    form = page.flow.form
    shown = _visible_questions(form)
    assert 6 <= len(shown) <= 9, shown
    assert len(form.widgets) > len(shown)  # the rest wait behind "More questions"
    # The model's stages are the headings (NMC for a ward nurse), no core/role/scenario boxes.
    titles = [b.title() for b in form.findChildren(QGroupBox) if b.isVisibleTo(form)]
    assert titles[0] == "The activity or experience"
    assert "As a ward nurse" not in titles and "What you noticed" not in titles
    # One confidence question, on the confidence page: not a second scale in the form.
    assert not any(qid.endswith(".confidence") for qid in form.widgets)
    # Progress, in words.
    assert form.progress.text() == f"0 of {len(shown)} answered"
    qtbot.keyClicks(form.widgets[shown[0]].edit, "He kept the curtains drawn")
    assert form.progress.text() == f"1 of {len(shown)} answered"
    # What to leave out is said before the first free-text answer.
    first_text = form.widgets["core.stood-out"]
    assert form.guidance.isVisible()
    assert (
        form.guidance.mapTo(form, form.guidance.rect().topLeft()).y()
        < first_text.mapTo(form, first_text.rect().topLeft()).y()
    )
    assert "identify" in form.guidance.text()
    # A ward nurse is not asked about pupils.
    text = _visible_text(form).lower()
    assert "pupil" not in text, text[max(0, text.find("pupil") - 120) : text.find("pupil") + 40]
    qtbot.mouseClick(form.more_button, Qt.MouseButton.LeftButton)
    assert len(_visible_questions(form)) == len(form.widgets)
    assert "pupil" not in _visible_text(form).lower()
    assert form.progress.text() == f"1 of {len(shown)} answered"  # extras stay optional


def test_after_saving_the_next_steps_are_offered(qtbot, window, profile):
    _unlock(window, profile)
    page, _ = _reflect_and_type(qtbot, window)
    _finish(qtbot, page)
    flow = page.flow
    buttons = [
        b.text().replace("&", "") for b in flow.done_page.findChildren(type(flow.done_button))
    ]
    assert buttons.count("Back to the library") == 1
    assert "Open in journal" in buttons and "Export PDF…" in buttons
    qtbot.mouseClick(flow.open_entry_button, Qt.MouseButton.LeftButton)
    assert window.current_place() == "journal"
    journal = window.place_widget("journal").content
    assert journal.stack.currentWidget() is journal.entry_page
    assert journal.current.id == flow.last_entry.id or journal.current is not None


def test_an_idle_lock_says_why(qtbot, window, profile):
    _unlock(window, profile)
    window.session.set_idle_seconds(0.05)
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=3000)
    assert "without use" in window.status.text()
    _unlock(window, profile)
    window.session.lock()  # the person's own lock needs no explanation
    assert window.status.text() == "Locked. Your journal is private."


def test_preferences_say_one_minute(qtbot, window, profile):
    _unlock(window, profile)
    dialog = window.profile_bar.open_preferences()
    dialog.idle.setValue(1)
    assert dialog.idle.text() == "1 minute"
    dialog.idle.setValue(2)
    assert dialog.idle.text() == "2 minutes"
    dialog.reject()


def test_the_window_fills_a_small_screen_on_first_start(window):
    from PySide6.QtGui import QGuiApplication

    size = QGuiApplication.primaryScreen().availableGeometry().size()
    if size.width() <= 1440:
        assert window.isMaximized()


def test_the_library_shows_what_this_person_reflected_on_and_when(qtbot, window, profile):
    from app.ui.library.library_model import ReflectedRole

    _unlock(window, profile)
    page, scenario = _reflect_and_type(qtbot, window)
    _finish(qtbot, page)
    model = page.library.model
    row = next(r for r in range(model.rowCount()) if model.index(r).data() == scenario.title)
    said = model.index(row).data(ReflectedRole)
    assert said.startswith("Reflected ")
    assert said in model.index(row).data(Qt.ItemDataRole.AccessibleTextRole)
    others = [model.index(r).data(ReflectedRole) for r in range(model.rowCount()) if r != row]
    assert not any(others)
    window.session.lock()  # the next person must not see whose reflections these were
    assert not model.index(row).data(ReflectedRole)


def test_high_contrast_from_the_view_menu_is_kept_for_next_time(qtbot, window, paths):
    from PySide6.QtGui import QPalette

    from app.config import Settings
    from app.ui.window.app_window import MainWindow

    app = QApplication.instance()
    try:
        window.contrast_actions["high"].trigger()
        assert app.palette().color(QPalette.ColorRole.Window).name() == "#000000"
        assert app.palette().color(QPalette.ColorRole.WindowText).name() == "#ffffff"
        assert Settings.load(paths).contrast == "high"
        again = MainWindow(paths)
        qtbot.addWidget(again)
        assert again.contrast_actions["high"].isChecked()
        window.contrast_actions["standard"].trigger()
        assert app.palette().color(QPalette.ColorRole.Window).name() != "#000000"
    finally:
        window.set_contrast("standard", save=False)
