"""Runs slow work (Argon2 key derivation, laying out a PDF) off the GUI thread.

Deriving a key takes a noticeable fraction of a second by design, and a long journal's PDF
takes longer; doing either on the GUI thread would freeze the window, so unlock, create,
passphrase changes and export go through a Task.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    # Lives on the GUI thread, so emitting from the pool thread queues delivery to the GUI thread.
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # handed to the GUI thread, shown there as one clear message
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


class Task(QObject):
    """One background call at a time; `finished(result)` or `failed(exc)` on the GUI thread.

    Work that can say how far it has got calls `report(done, total)` from its thread, which
    arrives as `progress(done, total)` on the GUI thread.
    """

    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._relay.progress.connect(self.progress)
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def start(self, fn: Callable[[], Any]) -> None:
        if self._running:
            raise RuntimeError("a task is already running")
        self._running = True
        QThreadPool.globalInstance().start(_Job(fn, self._relay))

    def report(self, done: int, total: int) -> None:
        """Called from the worker thread: queued to `progress` on the GUI thread."""
        self._relay.progress.emit(done, total)

    def _on_done(self, result: object) -> None:
        self._running = False
        self.finished.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._running = False
        self.failed.emit(exc)
