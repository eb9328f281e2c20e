"""Autosave for the reflection form: a sealed draft within moments of each change.

A ward PC may be switched off at any time, so work in progress is sealed into the journal's
autosave slot about a second after typing stops (well inside the 3 s we promise). Sealing and
the SQLite write (synchronous=FULL, so an fsync) run on a worker Task through the unlocked
session's journal (which serialises its calls); the GUI thread only gathers the answers, which
is cheap. On the next unlock the drafts found are offered back (DraftOffer).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.errors import CasebookError
from app.services.journal import JournalService
from app.ui.shared.tasks import Task

log = logging.getLogger(__name__)

DEBOUNCE_MS = 1000
# Someone typing without a pause still gets a save this soon after their first unsaved change.
MAX_WAIT_MS = 2500

Collect = Callable[[], tuple[str, dict[str, Any]] | None]


class Autosaver(QObject):
    """Debounced, off-thread sealed drafts. `touch()` on every change; `stop()` before a save."""

    saved = Signal(str)  # a short "Draft kept at 14:32" for the form's status line
    failed = Signal(str)

    def __init__(
        self,
        journal: JournalService,
        collect: Collect,
        *,
        delay_ms: int = DEBOUNCE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.collect = collect
        self.saves = 0
        self._task = Task(self)
        self._task.finished.connect(self._report)
        self._again = False  # a change arrived while a save was being written
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_now)
        self._max_wait = QTimer(self)
        self._max_wait.setSingleShot(True)
        self._max_wait.setInterval(max(delay_ms, MAX_WAIT_MS))
        self._max_wait.timeout.connect(self.save_now)

    def touch(self) -> None:
        """Something changed: save once the person pauses, or soon anyway if they do not."""
        self._timer.start()
        if not self._max_wait.isActive():
            self._max_wait.start()

    @property
    def waiting(self) -> bool:
        return self._timer.isActive() or self._max_wait.isActive() or self._task.running

    def save_now(self) -> None:
        self._timer.stop()
        self._max_wait.stop()
        if self._task.running:
            self._again = True  # one save at a time; the newest text follows straight after
            return
        item = self.collect()
        if item is None or self.journal.unlocked.is_locked:
            return
        key, data = item
        journal = self.journal
        self._task.start(lambda: _write(journal, key, data))

    def _report(self, error: str | None) -> None:
        if error:
            self.failed.emit(error)
        else:
            self.saves += 1
            self.saved.emit(f"Draft kept at {datetime.now():%H:%M}")
        if self._again:
            self._again = False
            self.save_now()

    def stop(self) -> None:
        """Cancel a pending save and wait for one in flight (before a save or discard)."""
        self._timer.stop()
        self._max_wait.stop()
        self._again = False
        self._task.wait()

    def close(self) -> None:
        self.stop()
        self._task.cancel()


def _write(journal: JournalService, key: str, data: dict[str, Any]) -> str | None:
    """Seal and write one draft (on the worker): None, or what to tell the person."""
    try:
        journal.save_autosave_draft(key, data)
    except CasebookError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - reported to the person, never lost silently
        log.exception("autosave failed")
        return (
            f"Your draft could not be kept just now ({type(exc).__name__}). "
            "Save a draft yourself to be safe."
        )
    return None


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
