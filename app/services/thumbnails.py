"""Poster thumbnails for the library: one frame from inside each clip, cached on disk.

This module keeps the cache: where a clip's poster lives, whether it is still current (the
key covers the clip's path, size and modification time), and writing a new one safely. It
imports no Qt: the picture itself is taken by a `PosterTaker` handed in by the caller
(app/media/poster.py's `save_poster`, through libvlc), and the queue that makes posters in
the background lives with the library view (app/ui/library/posters.py). Without libvlc, or
for a clip that gives no picture, there is simply no poster: the library draws a placeholder.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from app.config import Paths
from app.errors import CasebookError
from app.models.content import Scenario
from app.platform.replace import replace_file

log = logging.getLogger(__name__)

POSTER_WIDTH = 320

# A manifest's duration may be rounded; beyond this the clip's real length is shown instead.
LENGTH_SLACK = 1.0

LengthTaker = Callable[[Path], float]
"""measure(clip): the clip's real length in seconds, 0 when it cannot be told."""

PosterTaker = Callable[[Path, float, int, Path], bool]
"""take(clip, at_seconds, width, target): writes the frame as a PNG to `target` and returns
True, or returns False when there is no picture (a clip without video, or no libvlc)."""


def poster_time(scenario: Scenario) -> float:
    """Where in the clip to take the poster: past any title card, well before the end."""
    duration = max(0.0, scenario.duration_seconds)
    if duration <= 0:
        return 1.0
    return round(min(duration * 0.3, 20.0), 2)


class Thumbnails:
    """Finds, and makes, the cached poster of a scenario's clip."""

    def __init__(
        self,
        paths: Paths,
        take: PosterTaker,
        width: int = POSTER_WIDTH,
        measure: LengthTaker | None = None,
    ) -> None:
        self.folder = paths.cache_dir / "posters"
        self.width = width
        self._take = take
        self._measure = measure

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

    def failed(self, scenario: Scenario) -> bool:
        """This version of the clip gave no poster before: do not try (and wait) again.

        The mark's name carries the same key as the poster's (path, size, time), so a clip
        that is replaced or re-copied is tried afresh.
        """
        path = self.path_for(scenario)
        return path is not None and path.with_suffix(".none").is_file()

    def wanted(self, scenario: Scenario) -> bool:
        """Neither cached nor known to fail: worth a try in the background."""
        return self.cached(scenario) is None and not self.failed(scenario)

    def length(self, scenario: Scenario) -> float | None:
        """The clip's real length as measured before (None: not yet, or unknown)."""
        path = self.path_for(scenario)
        if path is None:
            return None
        try:
            value = float(path.with_suffix(".len").read_text(encoding="ascii"))
        except (OSError, ValueError):
            return None
        return value if value > 0 else None

    def wants_length(self, scenario: Scenario) -> bool:
        path = self.path_for(scenario)
        return (
            self._measure is not None and path is not None and not path.with_suffix(".len").exists()
        )

    def measure_length(self, scenario: Scenario) -> float | None:
        """Ask the clip its length (a quick parse, no decoding) and remember it with the poster.

        The library then shows the real length: a manifest saying 300 s for a 5 s clip would
        otherwise show "5:00". Safe to call from a worker thread.
        """
        target = self.path_for(scenario)
        if self._measure is None or target is None:
            return None
        try:
            seconds = float(self._measure(scenario.video))
        except Exception as exc:  # noqa: BLE001  a broken clip must not stop the library
            log.info("length of scenario %s unknown: %s", scenario.id, type(exc).__name__)
            seconds = 0.0
        self.folder.mkdir(parents=True, exist_ok=True)
        target.with_suffix(".len").write_text(f"{seconds:.3f}", encoding="ascii")
        return seconds if seconds > 0 else None

    def make(self, scenario: Scenario) -> Path | None:
        """Take the poster now (slow: decodes the clip) and cache it; None if there is none.

        Safe to call from a worker thread; never raises for a bad clip or a missing libvlc.
        """
        cached = self.cached(scenario)
        if cached is not None or self.failed(scenario):
            return cached
        target = self.path_for(scenario)
        if target is None:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        # Write beside, then rename: a half-written poster is never picked up as cached.
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            taken = self._take(scenario.video, poster_time(scenario), self.width, tmp)
        except Exception as exc:  # noqa: BLE001  a broken clip must not stop the library
            log.warning("no poster for scenario %s: %s", scenario.id, type(exc).__name__)
            taken = False
        if not taken or not tmp.is_file():
            tmp.unlink(missing_ok=True)
            log.info("no poster for scenario %s: the clip gave no picture", scenario.id)
            # Each try of a bad clip costs its whole timeout: remember, until the file changes.
            self._forget_older(scenario, target)
            target.with_suffix(".none").touch()
            return None
        try:
            replace_file(tmp, target)
        except (OSError, CasebookError) as exc:
            # Kept in the log for IT (an antivirus holding the cache, a full disk); the
            # library shows the scenario without its poster and tries again next time.
            log.warning("poster for scenario %s not saved: %s", scenario.id, exc)
            tmp.unlink(missing_ok=True)
            return None
        self._forget_older(scenario, target)
        return target

    def _forget_older(self, scenario: Scenario, keep: Path) -> None:
        # Posters of earlier versions of this clip: the cache should not grow for ever.
        for old in self.folder.glob(f"{_safe(scenario.id)}-*.*"):
            if old.stem != keep.stem and old.suffix in (".png", ".none", ".len"):
                old.unlink(missing_ok=True)


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:60] or "scenario"


def shown_length(scenario: Scenario, measured: float | None) -> float:
    """The length to show: the measured one when the manifest's is clearly wrong."""
    if measured and abs(measured - scenario.duration_seconds) > LENGTH_SLACK:
        return measured
    return scenario.duration_seconds
