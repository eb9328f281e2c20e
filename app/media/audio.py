"""Whether this computer can play sound, judged afresh with each clip that has some.

libvlc gives no direct answer: with no sound card its device list still offers "default" and
"null", and the volume reads as set. What it does do, on every platform, is log "failed to
create audio output" as soon as a clip's sound reaches an output that cannot be opened
(vlc_log counts these). So: a failure during a clip means no sound; a clip with sound that
plays on for a second without one means sound works (headphones plugged in since, say).
"""

from __future__ import annotations

from collections.abc import Callable

from app.media import vlc_log

# Measured here (no sound card, no sound server): the first failure comes about 10 ms after
# play, long before the picture's first second; a second is a safe margin on a slow PC.
CONFIRM_MS = 1000

NO_SOUND = "No sound on this computer"
NO_SOUND_DETAIL = (
    "Casebook found no working speakers or headphones, so clips play without sound. "
    "Captions still show what is said. Connect speakers or headphones to hear the next clip."
)


class SoundCheck:
    """For one player: asked with each position update, answers once per clip."""

    def __init__(self, failures: Callable[[], int] = vlc_log.audio_output_failures) -> None:
        self._failures = failures
        self._base = failures()
        self._first_ms: int | None = None
        self._settled = False

    def new_clip(self) -> None:
        self._base = self._failures()
        self._first_ms = None
        self._settled = False

    def update(self, position_ms: int, has_sound_track: Callable[[], bool]) -> bool | None:
        """False when sound failed in this clip, True when it is playing fine, else None.

        Each clip gets one answer; a clip with no sound track never gets one.
        """
        if self._settled:
            return None
        if self._failures() > self._base:
            self._settled = True
            return False
        if self._first_ms is None:
            self._first_ms = position_ms
        if position_ms - self._first_ms < CONFIRM_MS:
            return None
        self._settled = True
        return True if has_sound_track() else None
