"""A token bucket per message template, so a library repeating itself cannot flood the log.

With no sound device, libvlc retries its audio output for every block of sound and ALSA
explains each failure in eight lines: about 24 lines a second, 36,000 in 25 minutes. The
first few of each kind say all there is to say; the rest are counted, and the count is
written with the next line of that kind that is let through.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

# Templates are the format strings of libvlc and ALSA: a few hundred at most in their
# sources. More than this means something is wrong, and forgetting is safe.
MAX_TEMPLATES = 512

K = TypeVar("K", bound=Hashable)


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    suppressed: int = 0


class MessageLimiter(Generic[K]):
    """At most `per_minute` messages of each template a minute (and that many at once).

    `allow(template)` answers None when the message should be dropped, else the number of
    messages of that template dropped since the last one let through (usually 0), for a
    "N similar messages suppressed" line. Thread-safe: libvlc logs from several threads.
    """

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self._clock = clock
        self._buckets: dict[K, _Bucket] = {}
        # Held only for a dictionary update; nobody calls out while holding it.
        self._lock = threading.Lock()

    def allow(self, template: K) -> int | None:
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(template)
            if bucket is None:
                if len(self._buckets) >= MAX_TEMPLATES:
                    self._buckets.clear()
                bucket = self._buckets[template] = _Bucket(float(self.per_minute), now)
            else:
                refill = (now - bucket.stamp) * self.per_minute / 60.0
                bucket.tokens = min(float(self.per_minute), bucket.tokens + refill)
                bucket.stamp = now
            if bucket.tokens < 1.0:
                bucket.suppressed += 1
                return None
            bucket.tokens -= 1.0
            dropped, bucket.suppressed = bucket.suppressed, 0
            return dropped

    def pending(self) -> dict[K, int]:
        """Templates with dropped messages not yet reported, and how many (then forgets them)."""
        with self._lock:
            found = {key: b.suppressed for key, b in self._buckets.items() if b.suppressed}
            for key in found:
                self._buckets[key].suppressed = 0
        return found
