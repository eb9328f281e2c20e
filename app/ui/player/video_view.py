"""Where the picture goes: a native window libvlc draws into, or frames painted by Qt.

With frame callbacks the captions are painted here over the picture, because libvlc does not
blend subtitles into the callback buffer. With native embedding libvlc draws them itself.
Independent of the main window, so the audience screen can reuse it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from app.ui.shared.theme import focus_ring_width, paint_focus_ring


class VideoView(QWidget):
    """Shows the clip letterboxed on black, with an optional caption and a message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = QImage()
        self._captions: list[tuple[str, str]] = []  # (text, "top" or "bottom"), oldest first
        self._message = ""
        self.surface: QWidget | None = None  # the native window, when embedding
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName("Video")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so the page's keys work after a click

    def bind(self, player) -> None:
        """Show `player`'s picture here, whichever renderer it uses."""
        if player.renderer == "native":
            if self.surface is None:
                self.surface = QWidget(self)
                self.surface.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
                self.surface.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
                self.surface.setAutoFillBackground(True)
                pal = self.surface.palette()
                pal.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
                self.surface.setPalette(pal)
                # Clicks on the native window should still focus the page, not vanish into it.
                self.surface.setFocusProxy(self)
                lay = QVBoxLayout(self)
                # A border of our own around the native window, where the focus ring shows.
                ring = focus_ring_width(self.fontMetrics())
                lay.setContentsMargins(ring, ring, ring, ring)
                lay.addWidget(self.surface)
            player.attach_window(int(self.surface.winId()))
        else:
            player.frame_ready.connect(self.set_image)

    # ----- frames ------------------------------------------------------------------------

    def set_image(self, image: QImage) -> None:
        self._image = image
        self.update()

    def image(self) -> QImage:
        return self._image

    def has_frame(self) -> bool:
        return not self._image.isNull()

    def clear(self) -> None:
        self._image = QImage()
        self._captions = []
        self.update()

    def set_caption(self, text: str) -> None:
        self.set_captions([(text, "bottom")] if text else [])

    def set_captions(self, captions: list[tuple[str, str]]) -> None:
        """The captions showing now, oldest first: (text, "top" or "bottom") each.

        Overlapping cues are all shown, stacked, so a line is not lost when a sound
        description starts during it.
        """
        captions = [(t, pos) for t, pos in captions if t]
        if captions != self._captions:
            self._captions = captions
            self.update()

    def caption(self) -> str:
        """Every caption showing, one after another (top ones first)."""
        ordered = [t for t, pos in self._captions if pos == "top"]
        ordered += [t for t, pos in self._captions if pos != "top"]
        return "\n".join(ordered)

    def captions(self) -> list[tuple[str, str]]:
        return list(self._captions)

    def set_message(self, text: str) -> None:
        """A message in place of the picture (a clip that cannot play); '' to clear."""
        self._message = text
        if self.surface is not None:
            self.surface.setVisible(not text)
        self.update()

    def message(self) -> str:
        return self._message

    # ----- painting ----------------------------------------------------------------------

    def picture_rect(self) -> QRect:
        if self._image.isNull():
            return self.rect()
        size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRect(
            (self.width() - size.width()) // 2,
            (self.height() - size.height()) // 2,
            size.width(),
            size.height(),
        )

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), Qt.GlobalColor.black)
        if self._message:
            self._paint_message(p)
        elif not self._image.isNull():
            target = self.picture_rect()
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(QRectF(target), self._image)
            if self._captions:
                self._paint_captions(p, target)
        if self.hasFocus():  # the page's keys act on the clip: show that they will
            paint_focus_ring(p, self.rect(), self.palette(), focus_ring_width(self.fontMetrics()))
        p.end()

    def _paint_message(self, p: QPainter) -> None:
        p.setPen(QColor("#f0f0f0"))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        p.setFont(font)
        box = self.rect().adjusted(32, 32, -32, -32)
        p.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._message)

    def _paint_captions(self, p: QPainter, picture: QRect) -> None:
        # Follow the system font, but grow with the picture so captions stay readable.
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 1.3, picture.height() / 26))
        p.setFont(font)
        margin = max(8, picture.height() // 30)
        area = picture.adjusted(margin * 2, margin, -margin * 2, -margin)
        wrap = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
        top = [t for t, pos in self._captions if pos == "top"]
        bottom = [t for t, pos in self._captions if pos != "top"]
        y = area.top()
        for text in top:  # first started at the top, later ones below it
            box = p.boundingRect(QRect(area.left(), y, area.width(), area.height()), wrap, text)
            self._paint_one(p, box, text, margin)
            y = box.bottom() + margin
        y = area.bottom()
        for text in reversed(bottom):  # the latest sits lowest, earlier ones stack above
            box = p.boundingRect(QRect(area.left(), 0, area.width(), area.height()), wrap, text)
            box.moveBottom(y)
            self._paint_one(p, box, text, margin)
            y = box.top() - margin

    def _paint_one(self, p: QPainter, box: QRect, text: str, margin: int) -> None:
        p.fillRect(box.adjusted(-margin, -margin // 2, margin, margin // 2), QColor(0, 0, 0, 190))
        p.setPen(Qt.GlobalColor.white)
        p.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap, text)
