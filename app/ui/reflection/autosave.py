"""Autosave for the reflection form: a sealed draft within moments of each change.

A ward PC may be switched off at any time, so work in progress is sealed into the journal's
autosave slot about a second after typing stops (well inside the 3 s we promise). Sealing and
the SQLite write (synchronous=FULL, so an fsync) run on one worker thread with its own journal
connection; the GUI thread only gathers the answers, which is cheap. On the next unlock the
drafts found are offered back (DraftOffer).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.config import Paths
from app.errors import CasebookError

log = logging.getLogger(__name__)

DEBOUNCE_MS = 1000
# Someone typing without a pause still gets a save this soon after their first unsaved change.
MAX_WAIT_MS = 2500

Collect = Callable[[], tuple[str, dict[str, Any]] | None]


class Autosaver(QObject):
    """Debounced, off-thread sealed drafts. `touch()` on every change; `stop()` before a save."""

    saved = Signal(str)  # a short "Draft kept at 14:32" for the form's status line
    failed = Signal(str)
    _finished = Signal(object)  # from the worker thread, delivered queued on the GUI thread

    def __init__(
        self,
        paths: Paths,
        unlocked: Any,
        collect: Collect,
        *,
        delay_ms: int = DEBOUNCE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.unlocked = unlocked
        self.collect = collect
        self.saves = 0
        self._journal: Any = None  # created on the worker thread, used only there
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
        self._pending: Future | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_now)
        self._max_wait = QTimer(self)
        self._max_wait.setSingleShot(True)
        self._max_wait.setInterval(max(delay_ms, MAX_WAIT_MS))
        self._max_wait.timeout.connect(self.save_now)
        self._finished.connect(self._report, Qt.ConnectionType.QueuedConnection)

    def touch(self) -> None:
        """Something changed: save once the person pauses, or soon anyway if they do not."""
        self._timer.start()
        if not self._max_wait.isActive():
            self._max_wait.start()

    @property
    def waiting(self) -> bool:
        return (
            self._timer.isActive()
            or self._max_wait.isActive()
            or (self._pending is not None and not self._pending.done())
        )

    def save_now(self) -> None:
        self._timer.stop()
        self._max_wait.stop()
        item = self.collect()
        if item is None or self.unlocked.is_locked:
            return
        key, data = item
        self._pending = self._pool.submit(self._write, key, data)

    def _write(self, key: str, data: dict[str, Any]) -> None:
        # Runs on the worker thread.
        try:
            if self._journal is None:
                from app.services.journal import JournalService

                self._journal = JournalService(self.paths, self.unlocked)
            self._journal.save_autosave_draft(key, data)
            self._finished.emit(None)
        except CasebookError as exc:
            self._finished.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported to the person, never lost silently
            log.exception("autosave failed")
            self._finished.emit(
                f"Your draft could not be kept just now ({type(exc).__name__}). "
                "Save a draft yourself to be safe."
            )

    def _report(self, error: str | None) -> None:
        if error:
            self.failed.emit(error)
        else:
            self.saves += 1
            self.saved.emit(f"Draft kept at {datetime.now():%H:%M}")

    def stop(self) -> None:
        """Cancel a pending save and wait for one in flight (before a save or discard)."""
        self._timer.stop()
        self._max_wait.stop()
        if self._pending is not None:
            self._pending.result()
            self._pending = None

    def close(self) -> None:
        self.stop()
        journal, self._journal = self._journal, None
        if journal is not None:
            self._pool.submit(journal.close).result()
        self._pool.shutdown(wait=True)


def describe_draft(payload: dict[str, Any]) -> str:
    title = str(payload.get("title") or "").strip() or "A reflection without a title"
    answered = len(payload.get("answers") or {})
    return f"“{title}”, {answered} answer{'s' if answered != 1 else ''} so far"


class DraftOffer(QDialog):
    """Offers back the reflections that were not finished: Restore, Discard, or Later."""

    restore_requested = Signal(str)
    discard_requested = Signal(str)

    def __init__(self, drafts: Sequence[tuple[str, dict[str, Any]]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("draft-offer")
        self.setWindowTitle("Carry on where you left off?")
        self.drafts = list(drafts)
        layout = QVBoxLayout(self)
        key, payload = self.drafts[0]
        self.key = key
        more = len(self.drafts) - 1
        text = QLabel(
            "We kept a reflection you had not finished:\n\n"
            f"{describe_draft(payload)}\n\n"
            "Would you like to carry on with it?"
            + (
                f"\n\n(There {'is' if more == 1 else 'are'} {more} more after this one.)"
                if more
                else ""
            )
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(text)
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton("&Carry on")
        self.restore_button.setDefault(True)
        self.discard_button = QPushButton("&Discard it")
        self.later_button = QPushButton("&Later")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(
            lambda: (self.accept(), self.restore_requested.emit(key))
        )
        self.discard_button.clicked.connect(
            lambda: (self.accept(), self.discard_requested.emit(key))
        )
        self.later_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
