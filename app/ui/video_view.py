"""Where the picture goes: a native child window libvlc draws into, or our own painting of
the frames libvlc hands over (with captions drawn on top). Independent of the main window,
so the audience screen of a group session can use it too."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QFrame, QStackedLayout, QWidget

from app.media.player import MediaPlayer


class _NativeSurface(QFrame):
    """A plain native window for libvlc; Qt must not paint over it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
        self.setStyleSheet("background: black;")


class VideoView(QWidget):
    """Shows a MediaPlayer's picture. Double-click asks for full screen."""

    double_clicked = Signal()

    def __init__(self, player: MediaPlayer, parent=None) -> None:
        super().__init__(parent)
        self.player = player
        self.image: QImage | None = None
        self.caption_text = ""
        self.cues: list[tuple[int, int, str]] = []
        self.caption_scale = 1.0
        self.setAccessibleName("Video")
        self.setMinimumSize(320, 180)
        self.setAutoFillBackground(False)
        self._native: _NativeSurface | None = None
        if player.renderer == "native":
            layout = QStackedLayout(self)
            layout.setContentsMargins(0, 0, 0, 0)
            self._native = _NativeSurface(self)
            layout.addWidget(self._native)
            player.attach_window(int(self._native.winId()))
        else:
            player.frame_ready.connect(self._on_frame)
        player.position_changed.connect(self._on_position)
        player.captions_changed.connect(lambda _on: self._on_position(player.position()))

    def set_cues(self, cues: list[tuple[int, int, str]]) -> None:
        """Captions to draw ourselves (frame renderer; libvlc draws them in native mode)."""
        self.cues = list(cues)
        self.caption_text = ""
        self.update()

    def clear(self) -> None:
        self.image = None
        self.caption_text = ""
        self.update()

    def _on_frame(self, image: QImage) -> None:
        self.image = image
        self.update()

    def _on_position(self, ms: int) -> None:
        text = ""
        if self.player.captions_enabled():
            text = next((t for s, e, t in self.cues if s <= ms < e), "")
        if text != self.caption_text:
            self.caption_text = text
            self.update()

    def mouseDoubleClickEvent(self, event) -> None:
        self.double_clicked.emit()

    def paintEvent(self, event) -> None:
        if self._native is not None:
            return
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        target = self.rect()
        if self.image is not None and not self.image.isNull():
            size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(self.rect().center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self.image)
        if self.caption_text:
            self._draw_caption(painter, target)
        painter.end()

    def _draw_caption(self, painter: QPainter, frame: QRect) -> None:
        font = QFont(self.font())
        # Captions scale with the picture so they stay readable in full screen and small windows.
        font.setPointSizeF(max(font.pointSizeF(), frame.height() / 22) * self.caption_scale)
        painter.setFont(font)
        margin = frame.height() // 20
        box = QRect(frame.left() + margin, frame.top(), frame.width() - 2 * margin, frame.height() - margin)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap
        bounds = painter.boundingRect(box, flags, self.caption_text)
        back = bounds.adjusted(-margin // 2, -margin // 4, margin // 2, margin // 4)
        path = QPainterPath()
        path.addRoundedRect(back, margin / 4, margin / 4)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillPath(path, QColor(0, 0, 0, 190))
        painter.setPen(QPen(QColor("white")))
        painter.drawText(box, flags, self.caption_text)
