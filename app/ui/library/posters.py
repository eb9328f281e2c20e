"""Posters for the library made in the background: one worker thread, results as Qt signals.

The cache itself (keys, atomic writes, old posters dropped) is app/services/thumbnails.py;
the picture is taken through libvlc by app/media/poster.py. This queue only decides when.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal

from app.config import Paths
from app.media.poster import save_poster
from app.media.probe import clip_length
from app.models.content import Scenario
from app.services.thumbnails import Thumbnails


def poster_cache(paths: Paths) -> Thumbnails:
    """The poster cache, taking missing posters through libvlc."""
    return Thumbnails(paths, save_poster, measure=clip_length)


class PosterQueue(QObject):
    """Makes missing posters on one background thread and reports each as it is ready.

    `ready(scenario id, poster path)` is emitted from the worker thread; Qt delivers it queued
    to receivers on the GUI thread. Posters are made one at a time: libvlc decoding several
    clips at once would compete with the window for the machine's few cores.
    """

    ready = Signal(str, str)
    length_known = Signal(str, float)  # scenario id, the clip's real length in seconds
    finished = Signal()  # every requested poster has been tried

    def __init__(self, thumbnails: Thumbnails, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thumbnails = thumbnails
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []
        self._closed = False
        self._lock = threading.Lock()

    def request(self, scenarios: Iterable[Scenario]) -> int:
        """Queue the scenarios without a cached poster; returns how many were queued."""
        wanted = [
            s for s in scenarios if self.thumbnails.wanted(s) or self.thumbnails.wants_length(s)
        ]
        with self._lock:
            if self._closed or not wanted:
                if not self._closed:
                    self.finished.emit()
                return 0
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="posters")
            futures = [self._pool.submit(self._one, s) for s in wanted]
            self._pending = [f for f in self._pending if not f.done()] + futures
            futures[-1].add_done_callback(lambda _f: self._maybe_finished())
        return len(wanted)

    def _one(self, scenario: Scenario) -> None:
        if self._closed:
            return
        if self.thumbnails.wants_length(scenario):
            seconds = self.thumbnails.measure_length(scenario)
            if seconds is not None and not self._closed:
                self.length_known.emit(scenario.id, seconds)
        if self._closed or not self.thumbnails.wanted(scenario):
            return
        path = self.thumbnails.make(scenario)
        if path is not None and not self._closed:
            self.ready.emit(scenario.id, str(path))

    def _maybe_finished(self) -> None:
        with self._lock:
            busy = any(not f.done() for f in self._pending)
        if not busy and not self._closed:
            self.finished.emit()

    def busy(self) -> bool:
        with self._lock:
            return any(not f.done() for f in self._pending)

    def close(self) -> None:
        """Drop queued work and wait for the poster being made (at most one clip's worth)."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
            pending, self._pending = self._pending, []
        # Cancel outside the lock: cancelling runs done-callbacks at once, and they take it.
        for future in pending:
            future.cancel()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
