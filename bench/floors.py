"""Floors shared by several benchmarks: the same work done by the bare library."""

from __future__ import annotations

import ctypes
import threading
import time
from pathlib import Path


def bare_vlc_first_frame_ms(clip: Path | str, size: tuple[int, int], runs: int) -> list[float]:
    """libvlc alone: open `clip` into a callback buffer of `size` and wait for the first frame.

    One warm-up run first (file cache, codecs), as the measured side also gets; then `runs`
    timings in milliseconds. The player is made before timing, the media opened inside it.
    """
    from app.media.vlc_loader import load_vlc, new_instance

    vlc = load_vlc()
    instance = new_instance(headless_audio=True)
    w, h = size
    times = []
    for i in range(runs + 1):
        player = instance.media_player_new()
        buf = (ctypes.c_ubyte * (w * h * 4))()
        first = threading.Event()

        @vlc.CallbackDecorators.VideoLockCb
        def lock(opaque, planes, buf=buf):
            planes[0] = ctypes.addressof(buf)

        @vlc.CallbackDecorators.VideoUnlockCb
        def unlock(opaque, picture, planes):
            pass

        @vlc.CallbackDecorators.VideoDisplayCb
        def display(opaque, picture, first=first):
            first.set()

        player.video_set_callbacks(lock, unlock, display, None)
        player.video_set_format("RV32", w, h, w * 4)
        t0 = time.perf_counter()
        player.set_media(instance.media_new_path(str(clip)))
        player.play()
        first.wait(10)
        if i:
            times.append((time.perf_counter() - t0) * 1000)
        player.stop()
        player.release()
    instance.release()
    return times
