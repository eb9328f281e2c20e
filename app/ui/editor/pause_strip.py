"""A strip under the clip showing its pause points as marks: click one to select it, drag it to
move it (to the nearest 0.1 s). The list beside does the same by keyboard."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

_GRAB = 8  # pixels either side of a mark that still pick it up


class PauseStrip(QWidget):
    selected = Signal(int)  # index into the times given
    moved = Signal(int, float)  # index, new time in seconds (while dragging and on release)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._times: list[float] = []
        self._duration = 0.0
        self._playhead = 0.0
        self._current = -1
        self._dragging = -1
        self._left, self._right = 4, 4  # where the clip's start and end sit, in pixels
        self.setMinimumHeight(22)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Pause points on the clip; drag one to move it")
        self.setToolTip("Drag a pause point to move it")

    def set_times(self, times: list[float], current: int) -> None:
        self._times, self._current = list(times), current
        if self._dragging >= 0:
            self._dragging = current  # the order changed as it passed another mark
        self.update()

    def set_duration(self, seconds: float) -> None:
        self._duration = max(0.0, seconds)
        self.update()

    def set_playhead(self, seconds: float) -> None:
        self._playhead = seconds
        self.update()

    def set_span(self, left: int, right: int) -> None:
        """Line the strip up with the seek bar: its start `left` px in, its end `right` px
        from the right edge."""
        self._left, self._right = max(4, left), max(4, right)
        self.update()

    def _length(self) -> float:
        return max(1.0, self.width() - self._left - self._right)

    def x_of(self, seconds: float) -> float:
        if self._duration <= 0:
            return float(self._left)
        return self._left + self._length() * min(1.0, max(0.0, seconds / self._duration))

    def time_at(self, x: float) -> float:
        if self._duration <= 0:
            return 0.0
        fraction = min(1.0, max(0.0, (x - self._left) / self._length()))
        return round(fraction * self._duration, 1)

    def _mark_near(self, x: float) -> int:
        near = [(abs(self.x_of(t) - x), i) for i, t in enumerate(self._times)]
        near = [(d, i) for d, i in near if d <= _GRAB]
        return min(near)[1] if near else -1

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        index = self._mark_near(event.position().x())
        if index >= 0:
            self._dragging = index
            self.selected.emit(index)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if self._dragging >= 0:
            self.moved.emit(self._dragging, self.time_at(event.position().x()))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if self._dragging >= 0:
            self.moved.emit(self._dragging, self.time_at(event.position().x()))
            self._dragging = -1
        event.accept()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        mid = self.height() / 2
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(QPointF(self._left, mid), QPointF(self.width() - self._right, mid))
        if self._duration > 0:
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            x = self.x_of(self._playhead)
            painter.drawLine(QPointF(x, 2), QPointF(x, self.height() - 2))
        for i, t in enumerate(self._times):
            x = self.x_of(t)
            color = (
                palette.color(QPalette.ColorRole.Highlight)
                if i == self._current
                else QColor(palette.color(QPalette.ColorRole.Text))
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawPolygon(
                QPolygonF([QPointF(x - 6, 2), QPointF(x + 6, 2), QPointF(x, self.height() - 3)])
            )
        painter.end()
