"""The one place the GUI knows who is unlocked, and the one place that locks.

`current` is the UnlockedSession (app/services/session.py): the one owner of the open journal
and its use cases. Views are given this object and take what they need from `current`; they
never build services. Views connect to `unlocked(session)`, `changed(JournalChange)` and
`locked()`. On `locked` every view must drop decrypted text and its undo stack; this object has
already dropped the key and our clipboard content. Keep its signals stable: many views use them.
"""

from __future__ import annotations

import hashlib
import time
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

if TYPE_CHECKING:
    from app.models.content import Scenario
    from app.services.profiles import Unlocked
    from app.services.session import UnlockedSession

DEFAULT_IDLE_MINUTES = 5

# Input that counts as "someone is here". Paint, timer and focus events do not.
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


def _idle_clock() -> float:
    """Seconds on a clock that keeps counting while the PC sleeps, where the OS offers one.

    A ward PC suspended with a journal open must be locked when it wakes if the idle time
    has passed; a plain monotonic clock on Linux stops during suspend.
    """
    try:
        return time.clock_gettime(time.CLOCK_BOOTTIME)  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return time.monotonic()


def _digest(text: str) -> bytes:
    # We remember a digest of what we copied, never the text itself.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def wipe_text(widget: QObject) -> None:
    """Empty a text field and its undo history, so Ctrl+Z cannot bring journal text back."""
    if isinstance(widget, QLineEdit):
        widget.setText("")  # unlike clear(), setText() also drops the undo history
    elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
        widget.clear()
        widget.document().clearUndoRedoStacks()


class SessionState(QObject):
    """Who is unlocked now; locks on request, on idle, and when the app quits."""

    unlocked = Signal(object)  # the UnlockedSession
    changed = Signal(object)  # JournalChange: an entry added, updated or deleted
    locked = Signal()
    # Just before the key goes, while the journal is still open: a form keeps what was typed
    # in the last second (autosave waits for a pause) as a draft.
    locking = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        scenarios: Callable[[], Mapping[str, Scenario]] | None = None,
        clock: Callable[[], float] = _idle_clock,
        check_interval_ms: int = 1000,
    ) -> None:
        super().__init__(parent)
        self._current: UnlockedSession | None = None
        self.lock_reason = ""  # why the last lock happened, when it was not asked for
        self._scenarios = scenarios
        self._clock = clock
        self._last_activity = clock()
        self._idle_seconds = DEFAULT_IDLE_MINUTES * 60.0
        self._copied: set[bytes] = set()
        self._filtering = False
        self._wipe_on_lock: weakref.WeakSet[QObject] = weakref.WeakSet()
        # One cheap periodic check instead of restarting a timer on every mouse move.
        self._idle_timer = QTimer(self)
        self._check_interval_ms = check_interval_ms
        self._idle_timer.setInterval(check_interval_ms)
        self._idle_timer.timeout.connect(self.check_idle)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.lock)

    # -- who is unlocked -------------------------------------------------------------------

    @property
    def current(self) -> UnlockedSession | None:
        """The unlocked session while a profile is open, else None."""
        return self._current

    @property
    def is_unlocked(self) -> bool:
        return self._current is not None

    def set_unlocked(self, unlocked: Unlocked | UnlockedSession) -> UnlockedSession:
        """Open a session for the unlocked profile (locking any other first) and start the
        idle clock. Returns the session, which this object owns until lock."""
        # Imported here: the window opens (and is measured) before anyone unlocks.
        from app.services.session import UnlockedSession

        if isinstance(unlocked, UnlockedSession):
            session = unlocked
        else:
            scenarios = self._scenarios() if self._scenarios is not None else None
            session = UnlockedSession(unlocked, scenarios=scenarios)
        if self._current is not None and self._current is not session:
            self.lock()
        self._current = session
        # Changes may be made on a worker thread; a queued signal brings them to the GUI thread.
        session.on_change(self.changed.emit)
        minutes = getattr(session.profile, "idle_lock_minutes", None)
        self.set_idle_minutes(minutes or DEFAULT_IDLE_MINUTES)
        self.note_activity()
        self._watch_input(True)
        self._idle_timer.start()
        self.unlocked.emit(session)
        return session

    def lock(self, reason: str = "") -> None:
        """Drop the key, clear our clipboard content, and tell every view to clear itself.
        `reason` says why, when it was not the person's own choice (read as `lock_reason`)."""
        if self._current is not None:
            self.lock_reason = reason
        if self._current is not None:
            self.locking.emit()
        was = self._current
        self._current = None
        self._idle_timer.stop()
        self._watch_input(False)
        if was is None:
            return
        try:
            was.lock()
        finally:
            self._clear_our_clipboard()
            for widget in list(self._wipe_on_lock):
                if shiboken6.isValid(widget):  # its C++ side may already be gone
                    wipe_text(widget)
            self.locked.emit()

    def clear_on_lock(self, *widgets: QObject) -> None:
        """Text fields to empty (with their undo history) on every lock; held weakly."""
        self._wipe_on_lock.update(widgets)

    # -- idle lock -------------------------------------------------------------------------

    @property
    def idle_seconds(self) -> float:
        return self._idle_seconds

    def set_idle_minutes(self, minutes: float) -> None:
        self.set_idle_seconds(float(minutes) * 60.0)

    def set_idle_seconds(self, seconds: float) -> None:
        """Tests use short timeouts; people set minutes in their preferences."""
        self._idle_seconds = max(0.05, float(seconds))
        # Check often enough that a short timeout is honoured within a quarter of itself.
        wanted = int(self._idle_seconds * 250.0)
        self._idle_timer.setInterval(max(10, min(self._check_interval_ms, wanted)))

    def note_activity(self) -> None:
        self._last_activity = self._clock()

    def seconds_idle(self) -> float:
        return self._clock() - self._last_activity

    def check_idle(self) -> None:
        if self._current is not None and self.seconds_idle() >= self._idle_seconds:
            minutes = max(1, round(self._idle_seconds / 60))
            self.lock(
                reason=f"Locked after {minutes} minute{'s' if minutes != 1 else ''} without use, "
                "to keep your journal private. Anything you were writing is kept as a draft."
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _ACTIVITY:
            self._last_activity = self._clock()
        return False

    def _watch_input(self, on: bool) -> None:
        # Watch application-wide input only while unlocked: nothing to time out otherwise.
        app = QCoreApplication.instance()
        if app is None or on == self._filtering:
            return
        clipboard = QGuiApplication.clipboard() if isinstance(app, QGuiApplication) else None
        if on:
            app.installEventFilter(self)
            if clipboard is not None:
                clipboard.dataChanged.connect(self._clipboard_changed)
        else:
            app.removeEventFilter(self)
            if clipboard is not None:
                clipboard.dataChanged.disconnect(self._clipboard_changed)
        self._filtering = on

    # -- clipboard -------------------------------------------------------------------------

    def copy_text(self, text: str) -> None:
        """Put text on the clipboard and remember it is ours, so lock can take it back."""
        self._copied.add(_digest(text))
        QGuiApplication.clipboard().setText(text)

    def _clipboard_changed(self) -> None:
        # A copy made while one of our windows is active (Ctrl+C in any text field) is ours,
        # even on platforms where ownsClipboard() cannot tell.
        if QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive:
            text = QGuiApplication.clipboard().text()
            if text:
                self._copied.add(_digest(text))

    def _clear_our_clipboard(self) -> None:
        if QCoreApplication.instance() is None:
            return
        clipboard = QGuiApplication.clipboard()
        modes = [QClipboard.Mode.Clipboard]
        if clipboard.supportsSelection():
            modes.append(QClipboard.Mode.Selection)
        for mode in modes:
            text = clipboard.text(mode)
            # ownsClipboard covers plain Ctrl+C in any of our text fields while unlocked.
            owned = (
                clipboard.ownsClipboard()
                if mode == QClipboard.Mode.Clipboard
                else clipboard.ownsSelection()
            )
            if owned or (text and _digest(text) in self._copied):
                clipboard.clear(mode)
        self._copied.clear()
