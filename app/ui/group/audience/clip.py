"""The clip on the wall: video frames scaled to fit, with large captions in a fixed band under them.

The player lives inside this page and is created on first use, from a media path only.
The caption band keeps its height for the whole clip (two lines, empty or not), so the
picture never moves or changes size as captions come and go.
"""

from __future__ import annotations

import bisect
import logging

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.media.audio import NO_SOUND, NO_SOUND_DETAIL
from app.ui.group.audience import theme

log = logging.getLogger(__name__)


class FrameView(QWidget):
    """Draws the latest frame, letterboxed on black."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = QImage()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_image(self, image: QImage) -> None:
        self._image = image
        self.update()

    def clear(self) -> None:
        self._image = QImage()
        self.update()

    def has_frame(self) -> bool:
        return not self._image.isNull()

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), Qt.GlobalColor.black)
        if not self._image.isNull():
            size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = (self.width() - size.width()) / 2
            y = (self.height() - size.height()) / 2
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(QRectF(x, y, size.width(), size.height()), self._image)
        p.end()


class ClipPage(QWidget):
    """Plays one segment of a clip (start..stop seconds) and pauses itself at the stop."""

    state_changed = Signal(str)
    position_changed = Signal(int)  # ms
    reached_stop = Signal()
    first_frame = Signal()
    problem = Signal(str)  # a message for the facilitator, never shown on the wall

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frames = FrameView(self)
        self.caption = QLabel(self)
        self.caption.setProperty("role", "caption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.caption.setAccessibleName("Captions")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.frames, 1)
        lay.addWidget(self.caption)
        self._player = None
        self._media = ""
        self._stop_ms: int | None = None
        self._cue_starts: list[int] = []
        self._cues: list[tuple[int, int, str]] = []
        self._screen_height = 1080
        self._segment: tuple[str, float, float | None] | None = None
        self._left = False  # the wall moved away from this part (blank, hide, a prompt)
        self._was_playing = False  # ... while it was playing, so coming back plays on
        self.at_stop = False  # paused at the part's pause point

    # the player is made on first use so slides never pay for libvlc
    def _ensure_player(self):
        if self._player is None:
            from app.media.player import MediaPlayer

            self._player = MediaPlayer(self)
            self._player.use_frame_callbacks()
            self._player.frame_ready.connect(self.frames.set_image)
            self._player.first_frame.connect(self.first_frame)
            self._player.state_changed.connect(self.state_changed)
            self._player.position_changed.connect(self._on_position)
            self._player.error.connect(lambda _kind, message: self.problem.emit(message))
            self._player.sound_available_changed.connect(self._sound_available)
        return self._player

    def _sound_available(self, available: bool) -> None:
        # The room hears nothing: the facilitator is told, and the captions carry the words.
        if not available:
            self.problem.emit(f"{NO_SOUND}. {NO_SOUND_DETAIL}")

    def set_screen_height(self, height: int) -> None:
        self._screen_height = height
        font = theme.font(height, theme.CAPTION, bold=True)
        self.caption.setFont(font)
        # two lines and the padding, always: a caption's length never moves the picture
        self.caption.setFixedHeight(QFontMetrics(font).lineSpacing() * 2 + font.pixelSize())

    def show_segment(
        self,
        media: str,
        start: float,
        stop: float | None,
        cues: list[tuple[int, int, str]] | None = None,
        autoplay: bool = True,
    ) -> None:
        player = self._ensure_player()
        segment = (media, start, stop)
        loaded = media == self._media and player.state() not in ("idle", "error", "stopped")
        if loaded and segment == self._segment:
            # The same part again (back from blank, hide or a prompt, or a refresh): carry on
            # from the exact place, never from the start of the part.
            if self._left and self._was_playing and not self.at_stop:
                player.play()
            self._left = False
            return
        self._segment = segment
        self._left = False
        self.at_stop = False
        self._stop_ms = None if stop is None else int(stop * 1000)
        self._cues = sorted(cues or [])
        self._cue_starts = [c[0] for c in self._cues]
        self.caption.setText("")
        self.caption.setVisible(bool(self._cues))
        fresh = media != self._media or player.state() in ("idle", "error", "stopped", "ended")
        if fresh:
            self.frames.clear()
            self._media = media
            if not player.load(media):
                self._media = ""
                return
        if not fresh or start > 0:
            # a seek at the very start makes libvlc flush and decode again: skip it when new
            player.seek(int(start * 1000))
        if autoplay:
            player.play()
        else:
            player.pause()

    def play(self) -> None:
        if self._player is not None and self._media:
            self._player.play()

    def pause(self) -> None:
        if self._player is not None:
            self._player.pause()

    def toggle(self) -> bool:
        """Play or pause; refused at the pause point (the next part is the next step's)."""
        if self._player is None or not self._media or self.at_stop:
            return False
        self._player.toggle()
        return True

    def restart(self, start: float) -> None:
        if self._player is not None and self._media:
            if self._segment is not None and self._segment[2] is not None:
                self._stop_ms = int(self._segment[2] * 1000)
            self.at_stop = False
            self._player.seek(int(start * 1000))
            self._player.play()

    def leave(self) -> None:
        """The wall moved away: pause where we are (the clip stays loaded to come back to)."""
        if self._player is not None and not self._left:
            self._was_playing = self._player.state() in ("playing", "opening")
            self._left = True
            self._player.pause()

    def release(self) -> None:
        if self._player is not None:
            self._player.release()
            self._player = None
            self._media = ""
            self._segment = None

    @property
    def state(self) -> str:
        return self._player.state() if self._player is not None else "idle"

    @property
    def position_ms(self) -> int:
        return self._player.position() if self._player is not None else 0

    def _on_position(self, ms: int) -> None:
        self.position_changed.emit(ms)
        if self._stop_ms is not None and ms >= self._stop_ms and self.state == "playing":
            self._player.pause()
            self._stop_ms = None
            self.at_stop = True
            self.reached_stop.emit()
        self._show_cue(ms)

    def _show_cue(self, ms: int) -> None:
        if not self._cues:
            return
        i = bisect.bisect_right(self._cue_starts, ms) - 1
        text = ""
        if i >= 0 and self._cues[i][0] <= ms < self._cues[i][1]:
            text = self._cues[i][2]
        if text != self.caption.text():
            self.caption.setText(text)
