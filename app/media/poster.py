"""A poster frame for the library: one picture from inside a clip, taken through libvlc.

Runs without an event loop (it is called from a worker thread), so it waits on a
threading.Event instead of Qt signals.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app.media.frames import FrameSink, real_shape
from app.media.vlc_loader import VlcMissing, load_vlc, shared_instance

BLANK_FRAMES_TO_SKIP = 150  # about 6 s of a 25 fps clip


def has_picture(image: QImage) -> bool:
    """False for a frame of one flat colour (black, grey): it would make a blank poster."""
    w, h = image.width(), image.height()
    if w <= 0 or h <= 0:
        return False
    levels = [
        image.pixelColor(w * x // 9, h * y // 9).lightness()
        for x in range(1, 9)
        for y in range(1, 9)
    ]
    return max(levels) - min(levels) > 24


def grab_poster(
    video: Path, at_seconds: float, width: int = 320, timeout: float = 10.0
) -> QImage | None:
    """The frame at `at_seconds` scaled to `width`, or None if the clip gives no picture."""
    vlc = load_vlc()
    got = threading.Event()
    frames: list[QImage] = []
    seen = [0]

    def on_frame(image: QImage) -> None:
        # A fade from black or a title on black (common in WMV and slide exports) makes a
        # solid black poster: wait for a frame with a picture, for a few seconds of frames.
        if got.is_set():
            return
        seen[0] += 1
        frames[:] = [image]
        if has_picture(image) or seen[0] >= BLANK_FRAMES_TO_SKIP:
            got.set()

    def on_over(_event) -> None:
        # A dead file, or a poster time past the clip's real end: no need to wait it out.
        got.set()

    media = shared_instance().media_new_path(str(video))
    media.add_option(f":start-time={max(0.0, at_seconds):.2f}")
    media.add_option(":no-audio")
    media.add_option(":no-sub-autodetect-file")
    player = shared_instance().media_player_new()
    sink = FrameSink(direct=on_frame)
    sink.attach(vlc, player)
    player.set_media(media)
    events = player.event_manager()
    for kind in (vlc.EventType.MediaPlayerEndReached, vlc.EventType.MediaPlayerEncounteredError):
        events.event_attach(kind, on_over)
    visible = (0, 0)
    try:
        player.play()
        if got.wait(timeout) or frames:
            try:  # this thread, after the callback: safe to ask libvlc
                visible = player.video_get_size(0)
            except Exception:  # noqa: BLE001  python-vlc raises when there is no video
                visible = (0, 0)
    finally:
        player.stop()  # from this thread, never from inside the callback
        player.release()
        media.release()
    if not frames:
        if at_seconds > 0 and got.is_set():
            # The manifest's duration may be far longer than the clip: try its start.
            return grab_poster(video, 0.0, width, timeout)
        return None
    image = real_shape(frames[0], visible)
    return image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)


def save_poster(video: Path, at_seconds: float, width: int, target: Path) -> bool:
    """Write the poster frame to `target` as a PNG; False when there is no picture or no libvlc.

    The `PosterTaker` of app/services/thumbnails.py: safe to call from a worker thread.
    """
    try:
        image = grab_poster(video, at_seconds, width=width)
    except VlcMissing:
        return False
    if image is None or image.isNull():
        return False
    # PySide6 takes the format as str; its stubs say bytes (and raise ValueError for bytes).
    return image.save(str(target), "PNG")  # type: ignore[call-overload]
