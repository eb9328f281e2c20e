"""Changing the passphrase with "I think my passphrase was seen" ticked rotates the data key
while the journal stays open; the new recovery code is shown once."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from app.models import crypto
from app.models.journal import SEAL_ENTRY
from app.services.profiles import SLOT_PASSPHRASE, unwrap_slot
from app.ui.profiles.profile_bar import ProfileBar
from app.ui.shared.session_state import SessionState

PASS = "amber lantern quietly folds"
NEW_PASS = "copper kettle hums at dawn"


@pytest.fixture
def service(paths, fast_kdf):
    from app.services.profiles import ProfileService

    return ProfileService(paths)


@pytest.fixture
def session(qtbot):
    state = SessionState()
    yield state
    state.lock()


def _row(paths):
    conn = sqlite3.connect(paths.database)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("SELECT * FROM profiles").fetchone())
    finally:
        conn.close()


def test_seen_passphrase_rotates_the_key_and_the_journal_stays_open(qtbot, paths, service, session):
    info, old_code = service.create("Robin Ash", "ward-nurse", "Ward 7", PASS)
    session.set_unlocked(service.unlock(info.id, PASS))
    journal = session.current.journal
    for i in range(40):
        journal.add({"kind": "free", "title": f"shift {i}"}, "final")
    stolen = _row(paths)
    bar = ProfileBar(service, session)
    qtbot.addWidget(bar)
    bar.show()
    dialog = bar.open_change_passphrase()
    qtbot.keyClicks(dialog.current, PASS)
    qtbot.keyClicks(dialog.new.first, NEW_PASS)
    qtbot.keyClicks(dialog.new.second, NEW_PASS)
    assert dialog.rotate.accessibleName() == "I think my passphrase was seen"
    qtbot.waitExposed(dialog)
    dialog.new.second.setFocus()
    qtbot.keyClick(dialog.new.second, Qt.Key.Key_Tab)  # reachable by keyboard, next in line
    assert dialog.focusWidget() is dialog.rotate
    qtbot.keyClick(dialog.rotate, Qt.Key.Key_Space)
    assert dialog.rotate.isChecked()
    seen = []
    dialog._task.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(dialog.changed, timeout=20000):
        dialog.ok.click()
    assert seen and seen[-1][0] == seen[-1][1] >= 40
    shown = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QDialog) and w.windowTitle() == "Your new recovery code"
    ]
    assert shown and shown[0].isVisible()
    shown[0].grab().save(str(paths.data_dir.parent / "new-code.png"))
    shown[0].close()  # closing waits for the tick
    assert shown[0].isVisible()

    # The open session carries on under the new key, and writes with it.
    assert not [e for e in journal.list_entries() if e.damaged]
    later = journal.add({"kind": "free", "title": "after"}, "final")
    old = crypto.Sealer(unwrap_slot(stolen, PASS, SLOT_PASSPHRASE))
    conn = sqlite3.connect(paths.database)
    sealed = conn.execute("SELECT sealed FROM entries WHERE id = ?", [later.id]).fetchone()[0]
    conn.close()
    with pytest.raises(crypto.DamagedValue):
        old.open(sealed, kind=SEAL_ENTRY, profile_id=info.id, record_id=later.id)
    session.lock()
    again = service.unlock(info.id, NEW_PASS)
    assert again.profile.setting == "Ward 7"
    again.lock()
