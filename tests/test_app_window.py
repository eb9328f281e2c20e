"""The real main window in a fresh data folder: places by keyboard, the unlock gate, the
library -> player -> reflection path, window state, help, and locking on close."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

PASS = "amber lantern quietly folds"


@pytest.fixture
def window(qtbot, paths, fast_kdf):
    from app.ui.window.app_window import MainWindow

    w = MainWindow(paths)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    yield w
    w.close()


@pytest.fixture
def profile(window):
    info, _recovery_code = window.service.create("Robin Ash", "ward-nurse", "", PASS)
    return info


def _unlock(window, profile):
    window.session.set_unlocked(window.service.unlock(profile.id, PASS))


def _scenario(window, sid):
    return window.context.scenarios_by_id()[sid]


def test_places_by_keyboard(window, qtbot):
    from app.ui.group.group_session_page import GroupSessionPage
    from app.ui.library.library_page import LibraryPage

    assert window.current_place() == "library"
    assert isinstance(window.stack.currentWidget(), LibraryPage)
    # Each place by its shortcut, from wherever focus is.
    for key, place in (
        (Qt.Key.Key_2, "journal"),
        (Qt.Key.Key_3, "progress"),
        (Qt.Key.Key_4, "group"),
        (Qt.Key.Key_1, "library"),
    ):
        qtbot.keyClick(
            QApplication.focusWidget() or window, key, Qt.KeyboardModifier.ControlModifier
        )
        assert window.current_place() == place
        assert window.stack.currentWidget() is window.place_widget(place)
    group = window.place_widget("group")
    assert isinstance(group, GroupSessionPage)
    assert "Scenarios: Quiet in bay four" in group.details.text()  # titles, not ids
    # And with the arrows in the list of places.
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_place() == "journal"
    assert window.nav.accessibleName() == "Places"


def test_unlock_gate_stands_in_front_of_the_journal(window, qtbot, profile):
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    gate = window.place_widget("journal")
    assert gate.currentWidget() is gate.unlock_view  # locked: no journal shown
    unlock = gate.unlock_view
    unlock.select(profile.id)
    qtbot.keyClicks(unlock.passphrase, PASS)
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gate.currentWidget() is gate.content, timeout=10000)
    assert window.session.is_unlocked
    assert "Robin Ash" in window.profile_bar.who.text()
    # Offscreen, hiding the focused unlock screen leaves no active window; a desktop keeps it.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: gate.content.isAncestorOf(QApplication.focusWidget()))
    # The lock shortcut from anywhere in the window puts the gate back.
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
    )
    assert not window.session.is_unlocked
    assert gate.currentWidget() is gate.unlock_view
    assert "Locked" in window.status.text()


def test_profile_bar_unlock_shows_the_unlock_screen(window, qtbot, profile):
    assert window.current_place() == "library"
    window.profile_bar.unlock_button.click()
    assert window.current_place() == "journal"
    gate = window.place_widget("journal")
    assert gate.currentWidget() is gate.unlock_view


def test_open_scenario_unlocked_asks_confidence_then_plays(window, qtbot, profile):
    _unlock(window, profile)
    page = window.place_widget("library")
    scenario = _scenario(window, "low-mood-inpatient")
    assert page.library.model.rowCount() >= 5
    page.library.select(scenario.id)
    page.library.list.setFocus()
    with qtbot.waitSignal(page.library.open_requested):
        qtbot.keyClick(page.library.list, Qt.Key.Key_Return)
    assert page.current_step() == "reflection"
    # A warned scenario: its warning comes first, before the confidence questions name it.
    assert page.flow.confidence is None
    warning = page.flow.warning_page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is warning.continue_button)
    qtbot.keyClick(warning.continue_button, Qt.Key.Key_Return)
    confidence = page.flow.confidence
    assert confidence is not None  # then "how confident are you"
    # The keyboard lands on the first scale: Space rates, arrows move the rating.
    first = next(iter(confidence.groups.values()))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first.button(1))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert first.checkedId() == 2
    with qtbot.waitSignal(confidence.done) as done:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter goes on
    assert list(done.args[0].values()) == [2]
    assert page.current_step() == "player"
    assert page.player_view.scenario() == scenario
    # The player's "ready to reflect" brings the form for this scenario.
    page.player_view.request_reflection()
    assert page.current_step() == "reflection"
    qtbot.waitUntil(lambda: page.flow.form is not None)
    assert page.flow.reflection.scenario_id == scenario.id
    # Typing goes straight into the first answer.
    first_answer = next(iter(page.flow.form.widgets.values()))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClicks(QApplication.focusWidget(), "He stopped eating")
    assert first_answer.value() == "He stopped eating"
    # Alt+letter on the form's buttons must not be taken by the menu bar.
    menus = {a.text().split("&")[1][0].lower() for a in window.menuBar().actions()}
    for button in (page.flow.form.final_button, page.flow.form.draft_button):
        assert button.text().split("&")[1][0].lower() not in menus
    page.show_library()
    assert page.current_step() == "library"


def test_watching_needs_no_profile_but_reflecting_asks_to_unlock(window, qtbot, profile):
    page = window.place_widget("library")
    scenario = _scenario(window, "low-mood-inpatient")
    page.open_scenario(scenario)
    assert page.current_step() == "player"  # anyone may watch
    page.player_view.request_reflection()
    assert page.current_step() == "reflection"
    assert page.flow_gate.currentWidget() is page.flow_gate.unlock_view
    assert page.flow.form is None
    _unlock(window, profile)
    qtbot.waitUntil(lambda: page.flow.form is not None)
    assert page.flow_gate.currentWidget() is page.flow_gate.content
    assert page.flow.reflection.scenario_id == scenario.id


def test_a_refresher_from_progress_opens_that_scenario(window, qtbot, profile):
    _unlock(window, profile)
    window.show_place("progress")
    progress = window.place_widget("progress").content
    with qtbot.waitSignal(window.context.open_scenario_requested):
        progress.refresher_requested.emit("staff-wellbeing")
    assert window.current_place() == "library"
    page = window.place_widget("library")
    assert page.current_step() != "library"
    assert page.library.list.currentIndex().data() == _scenario(window, "staff-wellbeing").title


def test_closing_locks_and_the_window_comes_back_where_it_was(qtbot, window, profile, paths):
    from app.ui.window.app_window import MainWindow

    _unlock(window, profile)
    window.show_place("progress")
    window.close()
    assert not window.session.is_unlocked
    state = (paths.data_dir / "window.ini").read_text(encoding="utf-8")
    assert "progress" in state
    assert "Robin" not in state and PASS not in state
    again = MainWindow(paths)
    qtbot.addWidget(again)
    assert again.current_place() == "progress"


def test_fits_a_ward_pc_screen(window):
    # 1366x768 with a task bar: the window's minimum leaves room on such a screen.
    assert window.minimumSize().width() <= 1366 and window.minimumSize().height() <= 700
    # On a small screen it opens maximised (filling whatever the screen is); else it fits.
    assert window.isMaximized() or (window.width() <= 1366 and window.height() <= 768)


def test_help_lists_every_shortcut_and_says_what_casebook_is(window, qtbot):
    dialog = window.show_shortcuts()
    rows = dialog.rows()
    assert ("Ctrl+1", "Go to Library") in rows
    assert ("Ctrl+4", "Go to Group session") in rows
    assert any(keys == "Ctrl+L" for keys, _ in rows)
    assert any(text.startswith("Player:") for _, text in rows)
    dialog.reject()
    box = window.show_about()
    assert "offline" in box.text()
    box.reject()


def test_content_problems_are_said_and_the_rest_loads(qtbot, paths, tmp_path, monkeypatch):
    from app.ui.window.app_window import MainWindow

    org = tmp_path / "org"
    (org / "videos").mkdir(parents=True)
    (org / "videos" / "broken.toml").write_text("[scenario\nid = 'x'\n", encoding="utf-8")
    monkeypatch.setenv("CASEBOOK_CONTENT", str(org))
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.place_widget("library")
    assert page.library.banner.isVisible()
    assert "broken.toml" in page.library.banner.details.toPlainText()
    assert page.library.model.rowCount() >= 5  # the bundled scenarios are all there
    assert "content problem" in window.status.text()


def test_a_draft_left_in_the_window_is_in_the_journal_at_the_next_unlock(
    qtbot, window, profile, paths
):
    from app.ui.window.app_window import MainWindow

    _unlock(window, profile)
    page = window.place_widget("library")
    page.reflect(_scenario(window, "low-mood-inpatient"), [{"at": 12.0, "note": "eyes down"}])
    flow = page.flow
    assert flow.form is not None
    qtbot.keyClicks(flow.form.widgets["core.stood-out"].edit, "He stopped eating")
    qtbot.waitUntil(lambda: flow.autosaver.saves >= 1, timeout=5000)
    window.close()  # locks: the form is gone, the sealed draft stays

    again = MainWindow(paths)
    qtbot.addWidget(again)
    again.show()
    again.show_place("journal")
    _unlock(again, profile)
    journal = again.place_widget("journal").content
    qtbot.waitUntil(lambda: journal.proxy.rowCount() == 1)
    assert journal.proxy.entry_at(0).status == "draft"
    page = again.place_widget("library")
    page.reflect(_scenario(again, "low-mood-inpatient"), [])
    assert page.current_step() == "reflection"
    assert page.flow.form.widgets["core.stood-out"].value() == "He stopped eating"
    assert page.flow.reflection.markers[0]["note"] == "eyes down"
    again.close()


def test_without_vlc_the_status_bar_says_what_to_install(window, monkeypatch):
    from app.media import vlc_loader

    monkeypatch.setattr(vlc_loader, "_vlc", None)
    monkeypatch.setattr(vlc_loader, "_error", "disabled for this test")
    window.check_video_support()
    message = window.statusBar().currentMessage()
    assert "VLC" in message and "install" in message.lower()
    # The library still works without it.
    assert window.place_widget("library").library.model.rowCount() >= 5


def test_full_screen_shows_only_the_player(window, qtbot):
    page = window.place_widget("library")
    page.play(_scenario(window, "low-mood-inpatient"))
    window.showFullScreen()
    qtbot.waitUntil(window.isFullScreen)
    assert window.nav.isHidden() and window.profile_bar.isHidden()
    assert window.menuBar().isHidden() and window.statusBar().isHidden()
    window.showNormal()
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.nav.isVisible() and window.profile_bar.isVisible()
    assert window.menuBar().isVisible()


def test_a_draft_from_the_journal_flow_is_offered_once(qtbot, window, profile):
    """The journal keeps its own reflection flow; after a lock it must not offer drafts too."""
    from app.ui.reflection.autosave import DraftOffer

    _unlock(window, profile)
    window.show_place("journal")
    journal = window.place_widget("journal").content
    journal.new_free_reflection()
    flow = journal.flow
    assert flow.form is not None
    first = next(w for w in flow.form.widgets.values() if hasattr(w, "edit"))
    qtbot.keyClicks(first.edit, "A long shift")
    qtbot.waitUntil(lambda: flow.autosaver.saves >= 1, timeout=5000)
    window.session.lock()
    _unlock(window, profile)  # at once: no turn of the event loop in between
    qtbot.waitUntil(lambda: window.place_widget("library").flow.draft_offer is not None)
    QApplication.processEvents()
    offers = [w for w in QApplication.topLevelWidgets() if isinstance(w, DraftOffer)]
    offers += window.findChildren(DraftOffer)
    shown = {id(w) for w in offers if w.isVisible()}
    assert len(shown) == 1


def _mnemonics(window):
    """Alt+letter keys of the visible menus, buttons and labelled fields, with their texts."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    found = [(a.text(), window.menuBar()) for a in window.menuBar().actions()]
    for w in window.findChildren(QAbstractButton):
        if w.isVisibleTo(window) and w.isEnabled():
            found.append((w.text(), w))
    for w in window.findChildren(QLabel):
        if w.isVisibleTo(window) and w.buddy() is not None:
            found.append((w.text(), w))
    keys: dict[str, list[str]] = {}
    for text, _w in found:
        m = re.search(r"&([^&])", text.replace("&&", ""))
        if m:
            keys.setdefault(m.group(1).lower(), []).append(text)
    return {k: v for k, v in keys.items() if len(v) > 1}


def test_no_two_visible_controls_share_an_alt_key(window, qtbot, profile):
    _unlock(window, profile)
    for place in ("library", "journal", "progress", "group", "portfolio", "evaluation"):
        window.show_place(place)
        assert _mnemonics(window) == {}, place
    tabs = window.place_widget("portfolio").content.tabs
    for tab in range(tabs.count()):
        tabs.setCurrentIndex(tab)
        assert _mnemonics(window) == {}, tabs.tabText(tab)
    window.show_place("library")
    page = window.place_widget("library")
    page.reflect(_scenario(window, "low-mood-inpatient"), [{"at": 3.0, "note": "eyes down"}])
    qtbot.waitUntil(lambda: page.flow.form is not None)
    assert _mnemonics(window) == {}, "reflection form"
