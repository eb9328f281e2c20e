"""Poster thumbnails for the library: one frame from inside each clip, cached on disk.

Posters are taken through app/media's poster helper (libvlc) on one background thread, so
the library window never waits for a clip to decode. A cached poster is reused until its
clip changes (the cache key covers the clip's path, size and modification time). Without
libvlc, or for a clip that gives no picture, there is simply no poster: the library draws a
placeholder instead.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.config import Paths
from app.models.content import Scenario

log = logging.getLogger(__name__)

POSTER_WIDTH = 320


def poster_time(scenario: Scenario) -> float:
    """Where in the clip to take the poster: past any title card, well before the end."""
    duration = max(0.0, scenario.duration_seconds)
    if duration <= 0:
        return 1.0
    return round(min(duration * 0.3, 20.0), 2)


class Thumbnails:
    """Finds, and makes, the cached poster of a scenario's clip."""

    def __init__(self, paths: Paths, width: int = POSTER_WIDTH) -> None:
        self.folder = paths.cache_dir / "posters"
        self.width = width

    def path_for(self, scenario: Scenario) -> Path | None:
        """Where this clip's poster lives in the cache; None when the clip is missing."""
        try:
            stat = scenario.video.stat()
        except OSError:
            return None
        key = f"{scenario.video.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{self.width}"
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return self.folder / f"{_safe(scenario.id)}-{digest}.png"

    def cached(self, scenario: Scenario) -> Path | None:
        path = self.path_for(scenario)
        return path if path is not None and path.is_file() else None

    def make(self, scenario: Scenario) -> Path | None:
        """Take the poster now (slow: decodes the clip) and cache it; None if there is none.

        Safe to call from a worker thread; never raises for a bad clip or a missing libvlc.
        """
        cached = self.cached(scenario)
        if cached is not None:
            return cached
        target = self.path_for(scenario)
        if target is None:
            return None
        from app.media.poster import grab_poster
        from app.media.vlc_loader import VlcMissing

        try:
            image = grab_poster(scenario.video, poster_time(scenario), width=self.width)
        except VlcMissing:
            return None
        except Exception as exc:  # noqa: BLE001  a broken clip must not stop the library
            log.warning("no poster for scenario %s: %s", scenario.id, type(exc).__name__)
            return None
        if image is None or image.isNull():
            log.info("no poster for scenario %s: the clip gave no picture", scenario.id)
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        # Write beside, then rename: a half-written poster is never picked up as cached.
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        if not image.save(str(tmp), "PNG"):
            tmp.unlink(missing_ok=True)
            return None
        os.replace(tmp, target)
        self._forget_older(scenario, target)
        return target

    def _forget_older(self, scenario: Scenario, keep: Path) -> None:
        # Posters of earlier versions of this clip: the cache should not grow for ever.
        for old in self.folder.glob(f"{_safe(scenario.id)}-*.png"):
            if old != keep:
                old.unlink(missing_ok=True)


class PosterQueue(QObject):
    """Makes missing posters on one background thread and reports each as it is ready.

    `ready(scenario id, poster path)` is emitted from the worker thread; Qt delivers it queued
    to receivers on the GUI thread. Posters are made one at a time: libvlc decoding several
    clips at once would compete with the window for the machine's few cores.
    """

    ready = Signal(str, str)
    finished = Signal()  # every requested poster has been tried

    def __init__(self, thumbnails: Thumbnails, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thumbnails = thumbnails
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future] = []
        self._closed = False
        self._lock = threading.Lock()

    def request(self, scenarios: Iterable[Scenario]) -> int:
        """Queue the scenarios without a cached poster; returns how many were queued."""
        wanted = [s for s in scenarios if self.thumbnails.cached(s) is None]
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


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:60] or "scenario"
