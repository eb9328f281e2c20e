"""Tab reaches every control of every place and dialog, with real key presses, and never gets
stuck: walked forwards and backwards, compared with every shown, enabled, focusable control."""

from __future__ import annotations

import pytest
from keyboard_walk import check_walk
from PySide6.QtWidgets import QApplication

PASS = "amber lantern quietly folds"


@pytest.fixture
def window(qtbot, paths, fast_kdf):
    from app.ui.window.app_window import MainWindow

    w = MainWindow(paths)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def _walk(root, where, problems):
    QApplication.processEvents()
    problems.extend(check_walk(root, where))


def test_every_place_first_start(qtbot, window):
    problems: list[str] = []
    for place in window.places:
        window.show_place(place.key)
        _walk(window, f"{place.key} (first start)", problems)
    assert not problems, "\n".join(problems)


def test_every_place_unlocked_and_their_inner_pages(qtbot, window):
    problems: list[str] = []
    info, _ = window.service.create("Robin Ash", "ward-nurse", "", PASS)
    for place in ("journal", "progress"):
        window.place_widget(place).unlock_view.refresh()
        window.show_place(place)
        _walk(window, f"{place} (locked)", problems)
    window.session.set_unlocked(window.service.unlock(info.id, PASS))
    window.session.current.journal.add({"title": "A shift", "answers": {}}, "final")
    for place in window.places:
        window.show_place(place.key)
        _walk(window, f"{place.key} (unlocked)", problems)
    page = window.show_place("library")
    page.reflect(window.context.scenarios_by_id()["low-mood-inpatient"], [{"at": 3, "note": "x"}])
    qtbot.waitUntil(lambda: page.flow.form is not None)
    _walk(window, "reflection form", problems)
    page.flow.form.show_more(True)
    _walk(window, "reflection form, all questions", problems)
    page.show_library()
    page.play(window.context.scenarios_by_id()["low-mood-inpatient"])
    _walk(window, "player (warning)", problems)
    page.player_view.gate.continue_button.click()
    _walk(window, "player", problems)
    page.show_library()
    journal = window.show_place("journal").content
    qtbot.waitUntil(lambda: journal.proxy.rowCount() >= 1)
    journal.open_selected()
    _walk(window, "journal entry", problems)
    assert not problems, "\n".join(problems)


def test_every_dialog(qtbot, window):
    from app.ui.profiles.profile_dialogs import CreateProfileDialog, RecoverDialog

    problems: list[str] = []
    info, _ = window.service.create("Robin Ash", "ward-nurse", "", PASS)
    window.session.set_unlocked(window.service.unlock(info.id, PASS))
    window.session.current.journal.add({"title": "A shift", "answers": {}}, "final")
    journal = window.show_place("journal").content
    qtbot.waitUntil(lambda: journal.proxy.rowCount() >= 1)
    dialogs = [
        ("preferences", window.profile_bar.open_preferences()),
        ("change passphrase", window.profile_bar.open_change_passphrase()),
        ("backup", window.open_backup()),
        ("restore", window.open_restore()),
        ("export", journal.open_export()),
        ("keys", window.show_shortcuts()),
        ("new profile", CreateProfileDialog(window.service, window)),
        ("forgotten passphrase", RecoverDialog(window.service, info, window)),
    ]
    for name, dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        _walk(dialog, name, problems)
        dialog.hide()
    assert not problems, "\n".join(problems)


def test_wellbeing_check_in_reaches_save(qtbot):
    from app.models.support import SupportList
    from app.ui.reflection.wellbeing_dialog import WellbeingDialog

    support = SupportList("Casebook's list", ("Talk to someone",), "bundled", "general")
    dialog = WellbeingDialog(["Mentions a death."], support)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    problems = check_walk(dialog, "wellbeing")
    assert not problems, "\n".join(problems)
