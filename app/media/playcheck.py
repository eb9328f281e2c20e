"""Plays a clip for a moment through libvlc and counts the pictures: `casebook doctor --play`.

Proves, on the machine itself, that the libvlc in use (a packaged app's own copy, or the
installed VLC) really decodes and shows video, not just that it loads. Pictures go to a small
buffer through libvlc's vmem callbacks, as the probe's do, so no window or Qt is needed;
sound goes to the dummy output so a check never makes a noise.
"""

from __future__ import annotations

import ctypes
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from app.media.vlc_loader import load_vlc, shared_instance

_W, _H = 64, 36


@dataclass(frozen=True)
class PlayCheck:
    clip: Path
    seconds: float  # how long it played
    frames: int  # pictures shown in that time
    error: str = ""  # libvlc reported an error, or the clip ended at once

    @property
    def ok(self) -> bool:
        return self.frames > 0 and not self.error


@dataclass(frozen=True)
class Played:
    """What one muted play into a small buffer saw."""

    frames: int  # pictures shown
    waited: float  # seconds until the first picture (or until giving up)
    played: float  # seconds played after the first picture
    failed: bool  # libvlc reported an error
    ended: bool  # the clip ended


def play_muted(
    clip: Path,
    *,
    start: float = 0.0,
    then: float = 0.0,
    timeout: float = 10.0,
    options: tuple[str, ...] = (),
    size: tuple[int, int] = (_W, _H),
) -> Played:
    """Play `clip` from `start` without sound into a `size` buffer until its first picture
    (at most `timeout` seconds), then on for `then` seconds unless it ends or fails first.

    The one way Casebook plays a clip with no window: the probe's first-frame checks and
    `doctor --play` both come here."""
    vlc = load_vlc()
    width, height = size
    frames = 0
    first = threading.Event()
    failed = threading.Event()
    over = threading.Event()
    buffer = (ctypes.c_ubyte * (width * height * 4))()
    deco = vlc.CallbackDecorators

    @deco.VideoLockCb
    def lock(_opaque, planes):
        planes[0] = ctypes.addressof(buffer)
        return None

    @deco.VideoUnlockCb
    def unlock(_opaque, _picture, _planes):
        pass

    @deco.VideoDisplayCb
    def display(_opaque, _picture):
        nonlocal frames
        frames += 1
        first.set()

    def on_error(_event) -> None:
        failed.set()
        over.set()

    def on_end(_event) -> None:
        over.set()

    media = shared_instance().media_new_path(str(clip))
    for option in (":no-audio", ":no-sub-autodetect-file", f":start-time={start:.2f}", *options):
        media.add_option(option)
    player = shared_instance().media_player_new()
    player.video_set_callbacks(lock, unlock, display, None)
    player.video_set_format("RV32", width, height, width * 4)
    events = player.event_manager()
    events.event_attach(vlc.EventType.MediaPlayerEncounteredError, on_error)
    events.event_attach(vlc.EventType.MediaPlayerEndReached, on_end)
    player.set_media(media)
    began = time.perf_counter()
    try:
        player.play()
        deadline = began + timeout
        while not first.is_set() and not over.is_set() and time.perf_counter() < deadline:
            first.wait(0.01)
        waited = time.perf_counter() - began
        if first.is_set() and then > 0:
            over.wait(then)
        played = time.perf_counter() - began - waited if first.is_set() else 0.0
        shown = frames
    finally:
        player.stop()  # from this thread, never from inside a callback
        player.release()
        media.release()
    return Played(shown, waited, played, failed.is_set(), over.is_set() and not failed.is_set())


def play_for(clip: Path, seconds: float = 1.0, timeout: float = 10.0) -> PlayCheck:
    """Play `clip` muted for `seconds` after its first picture (waiting at most `timeout`)."""
    seen = play_muted(clip, then=seconds, timeout=timeout)
    if seen.failed:
        return PlayCheck(clip, seen.played, seen.frames, "libvlc reported an error playing it")
    if not seen.frames:
        return PlayCheck(clip, seen.played, 0, f"no picture arrived within {timeout:.0f} s")
    return PlayCheck(clip, seen.played, seen.frames)
