"""The one way Casebook runs slow work off the GUI thread: a Task owned by a widget or object.

Argon2 key derivation, laying out a PDF, sealing an autosaved draft and drawing a group
summary would each freeze the window on the GUI thread. A Task runs one call at a time on Qt's
thread pool and delivers `finished(result)`, `failed(exc)` and `progress(done, total)` on the
GUI thread.

A Task lives no longer than its owner. When the owner is destroyed (a dialog closed while its
PDF is still being laid out), the Task is cancelled: the work's `cancelled` event is set so it
can stop early, and whatever it returns is dropped. The relay that crosses threads belongs to
the job, not to the owner, so a late result never reaches a deleted object.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    """Raised inside work (by `Task.check`) when its owner has gone or asked it to stop."""


class _Relay(QObject):
    # Made on the GUI thread with no parent: emitting from the pool thread queues delivery to
    # the GUI thread, and the job keeps it alive until then.
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        _LIVE.add(self)
        # Connected after the Task's own slots, so this runs last, on the GUI thread.
        self.done.connect(self._end)
        self.failed.connect(self._end)

    def _end(self, _value: object) -> None:
        _LIVE.discard(self)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, ended: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay
        self._ended = ended

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # handed to the GUI thread, shown there as one clear message
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)
        finally:
            self._ended.set()


class Task(QObject):
    """One background call at a time, tied to its owner (`parent`)."""

    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay: _Relay | None = None
        self._stop = threading.Event()
        self._ended = threading.Event()
        self._ended.set()
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    @property
    def cancelled(self) -> threading.Event:
        """Set when the owner stops the work or goes away; long work polls it (or `check`)."""
        return self._stop

    def check(self) -> None:
        """Call from the work between steps: raises Cancelled once the Task is cancelled."""
        if self._stop.is_set():
            raise Cancelled

    def start(self, fn: Callable[[], Any]) -> None:
        if self._running:
            raise RuntimeError("a task is already running")
        self._running = True
        stop = self._stop = threading.Event()
        # The owner going away stops the work; Qt drops the queued results meant for it.
        self.destroyed.connect(lambda *_: stop.set())
        relay = _Relay()
        relay.done.connect(self._on_done)
        relay.failed.connect(self._on_failed)
        relay.progress.connect(self._on_progress)
        self._relay = relay
        self._ended = threading.Event()
        QThreadPool.globalInstance().start(_Job(fn, relay, self._ended))

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current work has returned (its result still arrives queued).

        For the few moments that must not overlap with it, such as saving an entry while an
        autosave of the same text is being written. True when nothing is left running."""
        return self._ended.wait(timeout)

    def report(self, done: int, total: int) -> None:
        """Called from the worker thread: queued to `progress` on the GUI thread."""
        relay = self._relay
        if relay is not None:
            relay.progress.emit(done, total)

    def cancel(self) -> None:
        """Stop listening: the work is told to stop, and its result is dropped."""
        self._stop.set()
        relay, self._relay = self._relay, None
        if relay is not None:
            # Queued deliveries to this Task are cut; the relay itself waits for its job.
            relay.done.disconnect(self._on_done)
            relay.failed.disconnect(self._on_failed)
            relay.progress.disconnect(self._on_progress)
        self._running = False

    def _release(self) -> None:
        self._relay = None
        self._running = False

    def _on_progress(self, done: int, total: int) -> None:
        if shiboken6.isValid(self):
            self.progress.emit(done, total)

    def _on_done(self, result: object) -> None:
        self._release()
        self.finished.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._release()
        self.failed.emit(exc)


# Relays of jobs still running (a Task may be gone by the time its job ends).
_LIVE: set[_Relay] = set()
