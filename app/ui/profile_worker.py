"""Runs slow profile work (Argon2 key derivation) off the GUI thread.

Deriving a key takes a noticeable fraction of a second by design; doing it on the GUI thread
would freeze the window, so unlock, create and passphrase changes go through a Task.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    # Lives on the GUI thread, so emitting from the pool thread queues delivery to the GUI thread.
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
    """One background call at a time; `finished(result)` or `failed(exc)` on the GUI thread."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def start(self, fn: Callable[[], Any]) -> None:
        if self._running:
            raise RuntimeError("a profile task is already running")
        self._running = True
        QThreadPool.globalInstance().start(_Job(fn, self._relay))

    def _on_done(self, result: object) -> None:
        self._running = False
        self.finished.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._running = False
        self.failed.emit(exc)
