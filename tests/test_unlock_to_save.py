"""Saving group-session notes asks the facilitator to unlock, in the app's own unlock view."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.group.group_session_page import UnlockToSaveDialog

PASS = "amber lantern quietly folds"


def _robin(paths):
    from app.services.profiles import ProfileService

    info, _code = ProfileService(paths).create("Robin Ash", "ward-nurse", "Ward 7", PASS)
    return info


def test_right_passphrase_unlocks_for_the_caller_only(qtbot, paths, fast_kdf):
    info = _robin(paths)
    dialog = UnlockToSaveDialog(paths)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.view.selected_id() == info.id
    assert not dialog.view.demo_button.isVisible()
    qtbot.keyClicks(dialog.view.passphrase, PASS)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.view.passphrase, Qt.Key.Key_Return)
    assert dialog.unlocked is not None and dialog.unlocked.profile.id == info.id
    dialog.unlocked.lock()


def test_wrong_passphrase_says_so_and_stays_open(qtbot, paths, fast_kdf):
    _robin(paths)
    dialog = UnlockToSaveDialog(paths)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.view.passphrase, "not the passphrase at all")
    dialog.view.submit()
    assert dialog.view.working
    dialog.reject()  # closing mid-check waits: the profile it may open must be locked again
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.view.working, timeout=10_000)
    assert dialog.view.message.text()
    assert dialog.unlocked is None and dialog.isVisible()
