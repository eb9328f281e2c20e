"""SessionState: who is unlocked, locking on request and on idle, and what a lock clears."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.shared.session_state import DEFAULT_IDLE_MINUTES, SessionState, wipe_text

PASS = "amber lantern quietly folds"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def service(paths, fast_kdf):
    from app.services.profiles import ProfileService

    return ProfileService(paths)


@pytest.fixture
def unlock(service):
    """Creates a profile and returns a function that opens it (a real Unlocked each time)."""
    info, _code = service.create("Robin", "ward-nurse", "Ward 7", PASS)
    return lambda: service.unlock(info.id, PASS)


@pytest.fixture
def session(qtbot):
    clock = FakeClock()
    state = SessionState(clock=clock, check_interval_ms=10)
    state.clock = clock  # for the tests
    yield state
    state.lock()


def test_set_unlocked_emits_and_lock_drops_the_key(qtbot, session, unlock):
    unlocked = unlock()
    with qtbot.waitSignal(session.unlocked) as blocker:
        session.set_unlocked(unlocked)
    # The holder wraps the profile in the one unlocked session that owns its journal.
    [opened] = blocker.args
    assert opened is session.current and opened.unlocked is unlocked and session.is_unlocked
    assert opened.journal.list_entries() == []
    assert session.idle_seconds == DEFAULT_IDLE_MINUTES * 60
    with qtbot.waitSignal(session.locked):
        session.lock()
    assert session.current is None
    assert unlocked.is_locked


def test_lock_when_nothing_is_open_emits_nothing(qtbot, session):
    with qtbot.assertNotEmitted(session.locked):
        session.lock()


def test_unlocking_another_profile_locks_the_first(qtbot, session, unlock):
    first, second = unlock(), unlock()
    session.set_unlocked(first)
    with qtbot.waitSignal(session.locked):
        session.set_unlocked(second)
    assert first.is_locked and not second.is_locked
    assert session.current is not None and session.current.unlocked is second


def test_idle_lock_follows_the_profile_and_input_postpones_it(qtbot, session, service, unlock):
    unlocked = unlock()
    service.update_preferences(unlocked, idle_lock_minutes=2)
    field = QLineEdit()
    qtbot.addWidget(field)
    session.set_unlocked(unlocked)
    assert session.idle_seconds == 120
    session.clock.now += 100
    qtbot.keyClicks(field, "x")  # someone is here: the idle clock starts again
    session.clock.now += 100
    session.check_idle()
    assert session.current is not None and session.current.unlocked is unlocked
    session.clock.now += 21
    with qtbot.waitSignal(session.locked, timeout=2000):
        pass  # the periodic check notices by itself
    assert unlocked.is_locked


def test_auto_lock_after_a_short_real_timeout(qtbot, unlock):
    # The real clock this time: only the timeout is shortened.
    state = SessionState(check_interval_ms=10)
    state.set_unlocked(unlock())
    state.set_idle_seconds(0.2)
    qtbot.waitUntil(lambda: state.current is None, timeout=3000)


def test_lock_clears_our_clipboard_text_but_not_someone_elses(qtbot, session, unlock):
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("copied before anyone unlocked")
    session.set_unlocked(unlock())
    session.lock()
    assert clipboard.text() == "copied before anyone unlocked"

    session.set_unlocked(unlock())
    session.copy_text("I felt out of my depth on the night shift")
    assert clipboard.text() == "I felt out of my depth on the night shift"
    session.lock()
    assert clipboard.text() == ""


def test_ctrl_c_from_our_window_while_unlocked_is_cleared_on_lock(qtbot, session, unlock):
    window = QWidget()
    field = QLineEdit(window)
    QVBoxLayout(window).addWidget(field)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(
        lambda: QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
    )
    session.set_unlocked(unlock())
    field.setText("a private sentence")
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "a private sentence"
    session.lock()
    assert QGuiApplication.clipboard().text() == ""


def test_views_registered_for_wiping_lose_text_and_undo(qtbot, session, unlock):
    line, rich, plain = QLineEdit(), QTextEdit(), QPlainTextEdit()
    for w in (line, rich, plain):
        qtbot.addWidget(w)
    session.clear_on_lock(line, rich, plain)
    session.set_unlocked(unlock())
    qtbot.keyClicks(line, "what stood out")
    qtbot.keyClicks(rich, "the patient's silence")
    qtbot.keyClicks(plain, "my own tiredness")
    assert line.isUndoAvailable() and rich.document().isUndoAvailable()
    session.lock()
    assert (line.text(), rich.toPlainText(), plain.toPlainText()) == ("", "", "")
    assert not line.isUndoAvailable()
    assert not rich.document().isUndoAvailable()
    assert not plain.document().isUndoAvailable()
    line.undo()
    rich.undo()
    assert line.text() == "" and rich.toPlainText() == ""


def test_wipe_text_ignores_widgets_that_hold_no_text(qtbot):
    # Only fields a person types into are wiped: labels and the like are the app's own words.
    other = QWidget()
    label = QLabel("Your journal is locked.", other)
    box = QCheckBox("Remember me", other)
    box.setChecked(True)
    qtbot.addWidget(other)
    for widget in (other, label, box):
        wipe_text(widget)
    assert label.text() == "Your journal is locked."
    assert box.text() == "Remember me" and box.isChecked()
