"""Backup and restore from the app, driven with clicks and typing over the real backup service
(the one `casebook backup` and `casebook restore` use); a reminder when a backup is due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from app.config import Paths
from app.models.profiles import ProfileInfo, backup_reminder
from app.ui.profiles.backup_dialogs import BackupDialog, RestoreDialog

PASS = "amber lantern quietly folds"


def _window(qtbot, paths):
    from app.ui.window.app_window import MainWindow

    w = MainWindow(paths)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(qtbot, paths, fast_kdf):
    w = _window(qtbot, paths)
    yield w
    w.close()


def _dialog(cls):
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]
    assert len(found) == 1
    return found[0]


def test_back_up_to_a_usb_stick_then_restore_on_another_pc(
    qtbot, window, tmp_path, monkeypatch, fast_kdf
):
    info, _ = window.service.create("Robin Ash", "ward-nurse", "", PASS)
    window.session.set_unlocked(window.service.unlock(info.id, PASS))
    window.session.current.journal.add({"title": "Night shift", "answers": {}}, "final")
    stick = tmp_path / "usb"
    stick.mkdir()
    chosen = stick / "robin"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))

    assert window.backup_action.isEnabled()
    window.backup_action.trigger()
    dialog = _dialog(BackupDialog)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved 1 reflection" in dialog.message.text(), timeout=10000)
    written = list(stick.iterdir())
    assert [p.name for p in written] == ["robin.casebook-backup"]
    assert b"Night shift" not in written[0].read_bytes()  # sealed
    assert window.session.current.profile.last_backup_at  # remembered for the reminder
    dialog.reject()

    # Another PC: nothing on it yet. The first screen offers the restore.
    other = _window(qtbot, Paths.resolve(tmp_path / "other-pc").ensure())
    other.show_place("journal")
    unlock = other.place_widget("journal").unlock_view
    assert unlock.restore_button.isVisible()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(written[0]), ""))
    qtbot.mouseClick(unlock.restore_button, Qt.MouseButton.LeftButton)
    restore = _dialog(RestoreDialog)
    qtbot.mouseClick(restore.choose_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(restore.passphrase, "not the passphrase")
    qtbot.keyClick(restore.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "did not open" in restore.message.text(), timeout=10000)
    assert not restore.restore_button.isEnabled()
    restore.passphrase.clear()
    qtbot.keyClicks(restore.passphrase, PASS)
    qtbot.mouseClick(restore.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "Restore profile 'Robin Ash'" in restore.plan_label.text(), timeout=10000
    )
    assert "1 journal entries" in restore.plan_label.text()
    qtbot.mouseClick(restore.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Restored" in restore.message.text(), timeout=10000)
    assert "1 added" in restore.message.text()
    assert unlock.profiles.currentItem().text().startswith("Robin Ash")
    restore.reject()
    other.close()


def test_restoring_again_says_nothing_would_change(qtbot, window, tmp_path, monkeypatch):
    info, _ = window.service.create("Robin Ash", "ward-nurse", "", PASS)
    unlocked = window.service.unlock(info.id, PASS)
    out = tmp_path / "b.casebook-backup"
    window.context.backups().write(unlocked, out)
    unlocked.lock()
    restore = window.open_restore()
    restore.path_edit.setText(str(out))
    qtbot.keyClicks(restore.passphrase, PASS)
    qtbot.mouseClick(restore.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Nothing to do" in restore.plan_label.text(), timeout=10000)
    assert not restore.restore_button.isEnabled()
    restore.reject()


def test_a_reminder_appears_when_the_last_backup_is_older_than_the_setting(qtbot, window):
    info, _ = window.service.create("Robin Ash", "ward-nurse", "", PASS)
    unlocked = window.service.unlock(info.id, PASS)
    old = (datetime.now(UTC) - timedelta(days=45)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    window.service.update_preferences(unlocked, last_backup_at=old)
    window.session.set_unlocked(unlocked)
    assert "45 days ago" in window.statusBar().currentMessage()


def test_backup_reminder_rule():
    now = datetime(2026, 6, 1, tzinfo=UTC)
    fresh = ProfileInfo("p", "Robin", "ward-nurse", created_at="2026-05-20T09:00:00.000000Z")
    assert backup_reminder(fresh, now) is None
    old = ProfileInfo("p", "Robin", "ward-nurse", created_at="2026-04-01T09:00:00.000000Z")
    assert "not been backed up yet" in backup_reminder(old, now)
    backed = ProfileInfo(
        "p",
        "Robin",
        "ward-nurse",
        created_at="2026-01-01T09:00:00.000000Z",
        last_backup_at="2026-05-25T09:00:00.000000Z",
    )
    assert backup_reminder(backed, now) is None
    off = ProfileInfo(
        "p", "Robin", "ward-nurse", created_at="2026-01-01T09:00:00Z", backup_reminder_days=0
    )
    assert backup_reminder(off, now) is None
