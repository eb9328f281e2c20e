"""The callback renderer: libvlc decodes into our buffer and each frame becomes a QImage.

Used where native embedding does not work (Wayland, offscreen runs, tests) and for posters.
libvlc calls these functions on its own threads; they only copy memory and emit a queued
signal, and never call back into libvlc.
"""

from __future__ import annotations

import ctypes
import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage

# Frames larger than this are scaled down by libvlc: the player never shows them bigger
# than a laptop screen, and every frame is copied once.
MAX_WIDTH = 1280
MAX_HEIGHT = 720


def fit_size(width: int, height: int) -> tuple[int, int]:
    """Size no larger than MAX_WIDTH x MAX_HEIGHT with the same shape, even numbers."""
    if width <= 0 or height <= 0:
        return 640, 360
    scale = min(1.0, MAX_WIDTH / width, MAX_HEIGHT / height)
    return max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)


class FrameSink(QObject):
    """Receives decoded frames from libvlc and emits them on the receiver's thread."""

    frame_ready = Signal(QImage)
    _frame_from_vlc = Signal(QImage, int)  # the frame, and the load it belongs to

    def __init__(self, parent: QObject | None = None, direct=None) -> None:
        """`direct(image)`, when given, is called on libvlc's thread instead of signalling
        (for callers without an event loop, such as the poster grabber)."""
        super().__init__(parent)
        self._direct = direct
        self._lock = threading.Lock()
        self._buffer: ctypes.Array | None = None
        self._width = 0
        self._height = 0
        self._waiting = False  # a frame is queued and not yet delivered: drop newer ones
        self.frames_delivered = 0
        self.last_frame: QImage | None = None
        self._frame_from_vlc.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._callbacks: tuple = ()
        self._source_size: tuple[int, int] | None = None
        self._generation = 0
        # libvlc's setup callback is given the decoder's coded size, which codecs round up
        # (640x360 H.264 arrives as 640x368), so frames come squeezed. The picture's real size
        # is asked for on our thread (never inside a libvlc callback) and frames are
        # reshaped to it. `visible_size()` returns (0, 0) until libvlc knows it.
        self.visible_size = None
        self._shape: tuple[int, int] | None = None

    def new_media(self) -> None:
        """Forget the previous clip's picture size and frames (call before each load)."""
        with self._lock:
            self._source_size = None
            # Frames of the previous clip may still be queued: they are dropped on arrival.
            self._generation += 1
            self._waiting = False
        self.last_frame = None
        self._shape = None

    def attach(self, vlc, player) -> None:
        """Route `player`'s video into this sink (before play)."""
        deco = vlc.CallbackDecorators

        # python-vlc declares `chroma` as c_char_p, which ctypes hands us as a copy; it must be
        # written in place, so the callback is declared with a raw pointer and cast.
        raw_format_cb = ctypes.CFUNCTYPE(
            ctypes.c_uint,
            ctypes.POINTER(ctypes.c_void_p),
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_uint),
            ctypes.POINTER(ctypes.c_uint),
            ctypes.POINTER(ctypes.c_uint),
            ctypes.POINTER(ctypes.c_uint),
        )

        @raw_format_cb
        def setup(opaque, chroma, width, height, pitches, lines):
            # libvlc asks again after its hardware decoders decline, sometimes with padded
            # lines (720 becomes 738); the first size asked for is the picture's real one.
            if self._source_size is None:
                self._source_size = (width[0], height[0])
            w, h = fit_size(*self._source_size)
            ctypes.memmove(chroma, b"RV32", 4)
            width[0], height[0] = w, h
            pitches[0] = w * 4
            lines[0] = h
            with self._lock:
                self._buffer = (ctypes.c_ubyte * (w * h * 4))()
                self._width, self._height = w, h
            return 1

        @deco.VideoCleanupCb
        def cleanup(opaque):
            pass  # the buffer is replaced on the next setup and freed with this object

        @deco.VideoLockCb
        def lock(opaque, planes):
            self._lock.acquire()
            planes[0] = ctypes.addressof(self._buffer)
            return None

        @deco.VideoUnlockCb
        def unlock(opaque, picture, planes):
            self._lock.release()

        @deco.VideoDisplayCb
        def display(opaque, picture):
            with self._lock:
                if self._waiting or self._buffer is None:
                    return
                w, h = self._width, self._height
                # One copy out of libvlc's buffer (a view, then copy()) before it is reused.
                view = memoryview(self._buffer).cast("B")
                image = QImage(view, w, h, w * 4, QImage.Format.Format_RGB32).copy()
                self._waiting = self._direct is None
                generation = self._generation
            if self._direct is not None:
                self._direct(image)
            else:
                self._frame_from_vlc.emit(image, generation)

        # ctypes callbacks must outlive the player, or libvlc calls freed memory.
        setup_cb = ctypes.cast(setup, deco.VideoFormatCb)
        self._callbacks = (setup, setup_cb, cleanup, lock, unlock, display)
        player.video_set_format_callbacks(setup_cb, cleanup)
        player.video_set_callbacks(lock, unlock, display, None)

    def _deliver(self, image: QImage, generation: int) -> None:
        with self._lock:
            stale = generation != self._generation
            if not stale:
                self._waiting = False
        if stale:
            return
        image = self._reshaped(image)
        self.frames_delivered += 1
        self.last_frame = image
        self.frame_ready.emit(image)

    def _reshaped(self, image: QImage) -> QImage:
        if self._shape is None and self.visible_size is not None:
            w, h = _turned(self.visible_size(), self._source_size)
            if w > 0 and h > 0:
                self._shape = fit_size(w, h)
        if self._shape is None or self._shape == (image.width(), image.height()):
            return image
        return image.scaled(
            *self._shape,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )


def real_shape(image: QImage, visible: tuple[int, int]) -> QImage:
    """`image` reshaped to the picture's real proportions (see FrameSink.visible_size)."""
    w, h = _turned(visible, (image.width(), image.height()))
    if w <= 0 or h <= 0:
        return image
    shape = fit_size(w, h)
    if shape == (image.width(), image.height()):
        return image
    return image.scaled(
        *shape, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def _turned(visible: tuple[int, int], decoded: tuple[int, int] | None) -> tuple[int, int]:
    """`visible` (libvlc's size of the picture as coded) turned the way libvlc turned it.

    A phone records portrait video as a landscape picture with a rotation flag; libvlc turns
    the frames it hands us upright, but still reports the coded size. Padding (640x368 for
    640x360) never changes which side is longer, so a swap of sides means a quarter turn.
    """
    w, h = visible
    if decoded is None or w <= 0 or h <= 0:
        return w, h
    dw, dh = decoded
    if (w > h and dw < dh) or (w < h and dw > dh):
        return h, w
    return w, h
