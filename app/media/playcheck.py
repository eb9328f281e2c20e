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


def play_for(clip: Path, seconds: float = 1.0, timeout: float = 10.0) -> PlayCheck:
    """Play `clip` muted for `seconds` after its first picture (waiting at most `timeout`)."""
    vlc = load_vlc()
    frames = 0
    first = threading.Event()
    failed = threading.Event()
    buffer = (ctypes.c_ubyte * (_W * _H * 4))()
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

    media = shared_instance().media_new_path(str(clip))
    for option in (":no-audio", ":no-sub-autodetect-file"):
        media.add_option(option)
    player = shared_instance().media_player_new()
    player.video_set_callbacks(lock, unlock, display, None)
    player.video_set_format("RV32", _W, _H, _W * 4)
    player.event_manager().event_attach(vlc.EventType.MediaPlayerEncounteredError, on_error)
    player.set_media(media)
    try:
        player.play()
        deadline = time.perf_counter() + timeout
        while not first.is_set() and not failed.is_set() and time.perf_counter() < deadline:
            first.wait(0.01)
        began = time.perf_counter()
        if first.is_set():
            failed.wait(seconds)
        played = time.perf_counter() - began
        shown = frames
    finally:
        player.stop()  # from this thread, never from inside a callback
        player.release()
        media.release()
    if failed.is_set():
        return PlayCheck(clip, played, shown, "libvlc reported an error playing it")
    if not shown:
        return PlayCheck(clip, played, 0, f"no picture arrived within {timeout:.0f} s")
    return PlayCheck(clip, played, shown)
