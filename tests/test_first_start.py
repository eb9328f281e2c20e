"""First start and the shared PC, in the real window: a welcome that offers to create a
profile, unlocked straight after creating it, five names visible at once, and a predictable
preselected profile after a lock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

PASS = "amber lantern quietly folds"


def test_first_start_welcomes_and_offers_to_create_a_profile(qtbot, window):
    window.show_place("journal")
    unlock = window.place_widget("journal").unlock_view
    qtbot.waitUntil(unlock.isVisible)
    assert "Choose your profile" not in unlock.hint.text()
    assert "Create your profile" in unlock.new_button.text().replace("&", "")
    assert unlock.demo_button.isVisible()
    assert "Locked" not in window.profile_bar.who.text()
    assert "Create your profile" in window.profile_bar.unlock_button.text().replace("&", "")


def test_a_new_profile_is_open_at_once_without_typing_the_passphrase_again(qtbot, window):
    window.show_place("journal")
    unlock = window.place_widget("journal").unlock_view
    qtbot.mouseClick(unlock.new_button, Qt.MouseButton.LeftButton)
    from app.ui.profiles.profile_dialogs import CreateProfileDialog

    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CreateProfileDialog))
    qtbot.keyClicks(dialog.name, "Priya Nair")
    qtbot.keyClicks(dialog.passphrase.first, PASS)
    qtbot.keyClicks(dialog.passphrase.second, PASS)
    qtbot.keyClick(dialog.passphrase.second, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10000)
    assert not window.session.is_unlocked  # not until the code is kept
    qtbot.keyClick(dialog.code_panel.kept, Qt.Key.Key_Space)
    qtbot.mouseClick(dialog.code_panel.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.is_unlocked)
    assert window.session.current.profile.name == "Priya Nair"
    assert "Priya Nair" in window.profile_bar.who.text()


def test_five_profiles_show_without_scrolling_at_1366x768(qtbot, window):
    for n in range(6):
        window.service.create(f"Nurse Number {n}", "ward-nurse", "", PASS)
    window.show_place("journal")
    unlock = window.place_widget("journal").unlock_view
    unlock.refresh()
    qtbot.waitUntil(unlock.isVisible)
    QApplication.processEvents()
    shown = [
        r
        for r in range(unlock.profiles.count())
        if unlock.profiles.viewport()
        .rect()
        .contains(unlock.profiles.visualItemRect(unlock.profiles.item(r)))
    ]
    assert len(shown) >= 5


def test_after_a_lock_the_profile_that_locked_is_preselected_everywhere(qtbot, window):
    a, _ = window.service.create("Alex Amber", "ward-nurse", "", PASS)
    b, _ = window.service.create("Bo Birch", "teacher", "", PASS)
    window.show_place("journal")
    journal_unlock = window.place_widget("journal").unlock_view
    progress_unlock = window.place_widget("progress").unlock_view
    journal_unlock.refresh()
    progress_unlock.refresh()
    # Bo unlocks from the journal's screen; the progress screen had Alex selected.
    journal_unlock.select(b.id)
    progress_unlock.select(a.id)
    window.session.set_unlocked(window.service.unlock(b.id, PASS))
    window.session.lock()
    assert journal_unlock.selected_id() == b.id
    assert progress_unlock.selected_id() == b.id
