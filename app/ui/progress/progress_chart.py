"""A small confidence-over-time chart drawn with QPainter (QtCharts is not in PySide6-Essentials).

Each viewing is one column: confidence before (hollow circle) and after (filled square) on a 1-5
scale, joined by a short bar so the change reads at a glance; the "after" marks are joined
across viewings to show the trend. When more viewings than fit side by side, neighbouring ones
are averaged into one column (a mark per pixel helps nobody and is slow to draw). Shapes as well
as colours tell before from after, so the chart also reads in greyscale and for colour-blind
people. The same figures are in the table beside it (the accessible way to read them); the
chart's accessible description sums them up.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.models.progress import RatingPoint
from app.ui.shared.theme import focus_ring_width, paint_focus_ring

BEFORE_COLOUR = QColor("#e69f00")  # Okabe-Ito orange
AFTER_COLOUR = QColor("#0072b2")  # Okabe-Ito blue
SCALE = (1, 5)


def _avg(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def bucketed(points: Sequence[RatingPoint], columns: int) -> list[RatingPoint]:
    """At most `columns` points: runs of neighbouring viewings averaged, dated by their last."""
    n = len(points)
    if n <= columns:
        return list(points)
    size = -(-n // columns)  # ceiling division
    out = []
    for i in range(0, n, size):
        run = points[i : i + size]
        out.append(
            RatingPoint(
                run[-1].at,
                run[-1].entry_id,
                _avg([p.before for p in run if p.before is not None]),
                _avg([p.after for p in run if p.after is not None]),
            )
        )
    return out


class ConfidenceChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Confidence over time")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._points: list[RatingPoint] = []
        self._title = ""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        h = self.fontMetrics().height()
        return QSize(h * 30, h * 14)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        h = self.fontMetrics().height()
        return QSize(h * 16, h * 9)

    @property
    def points(self) -> list[RatingPoint]:
        return list(self._points)

    def set_points(self, points: Sequence[RatingPoint], title: str = "") -> None:
        self._points = [p for p in points if p.before is not None or p.after is not None]
        self._title = title
        self.setAccessibleDescription(self.describe())
        self.update()

    def clear(self) -> None:
        self.set_points([], "")

    def describe(self) -> str:
        """A sentence with what the chart shows, for screen readers."""
        if not self._points:
            return "No confidence ratings yet."
        first = next((p.before for p in self._points if p.before is not None), None)
        last = next((p.after for p in reversed(self._points) if p.after is not None), None)
        text = f"{self._title}: {len(self._points)} viewings."
        if first is not None and last is not None:
            text += (
                f" Confidence went from {first:g} before the first to {last:g} after the latest."
            )
        return text

    # -- drawing --------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        self._paint_chart()
        if self.hasFocus():  # drawn by hand, so the focus ring is too
            painter = QPainter(self)
            paint_focus_ring(
                painter, self.rect(), self.palette(), focus_ring_width(self.fontMetrics())
            )
            painter.end()

    def _paint_chart(self) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        fm = self.fontMetrics()
        line = fm.height()
        text_pen = QPen(pal.color(QPalette.ColorRole.Text))
        faint = QColor(pal.color(QPalette.ColorRole.Text))
        faint.setAlpha(50)

        # Legend along the top.
        painter.setPen(text_pen)
        x = line * 0.5
        y = line * 0.5
        painter.drawText(QRectF(x, y, self.width() - line, line), self._title)
        legend_y = y + line * 1.6
        self._before_mark(painter, QPointF(x + line * 0.4, legend_y))
        painter.setPen(text_pen)
        painter.drawText(QPointF(x + line, legend_y + fm.ascent() / 2 - 1), "Before the clip")
        lx = x + line * 1.5 + fm.horizontalAdvance("Before the clip") + line
        self._after_mark(painter, QPointF(lx, legend_y))
        painter.setPen(text_pen)
        painter.drawText(QPointF(lx + line * 0.6, legend_y + fm.ascent() / 2 - 1), "After")

        left = fm.horizontalAdvance("5") + line
        top = legend_y + line
        bottom = self.height() - line * 2
        right = self.width() - line
        if bottom - top < line * 2 or right - left < line * 2:
            painter.end()
            return
        plot = QRectF(left, top, right - left, bottom - top)

        def y_of(value: float) -> float:
            lo, hi = SCALE
            return plot.bottom() - (value - lo) / (hi - lo) * plot.height()

        for level in range(SCALE[0], SCALE[1] + 1):
            yy = y_of(level)
            painter.setPen(QPen(faint, 1))
            painter.drawLine(QPointF(plot.left(), yy), QPointF(plot.right(), yy))
            painter.setPen(text_pen)
            painter.drawText(
                QRectF(0, yy - line / 2, left - line * 0.4, line),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                str(level),
            )
        if not self._points:
            painter.setPen(text_pen)
            painter.drawText(
                plot,
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                "No confidence ratings yet. They appear here after you rate a clip.",
            )
            painter.end()
            return

        points = bucketed(self._points, max(1, int(plot.width() // (line * 1.2))))
        n = len(points)
        step = plot.width() / n
        xs = [plot.left() + step * (i + 0.5) for i in range(n)]
        # The trend of "after" ratings across viewings.
        painter.setPen(QPen(AFTER_COLOUR, 2))
        previous: QPointF | None = None
        for xx, p in zip(xs, points, strict=True):
            if p.after is None:
                continue
            here = QPointF(xx, y_of(p.after))
            if previous is not None:
                painter.drawLine(previous, here)
            previous = here
        last_label_right = -1e9
        for xx, p in zip(xs, points, strict=True):
            if p.before is not None and p.after is not None:
                painter.setPen(QPen(faint, 3))
                painter.drawLine(QPointF(xx, y_of(p.before)), QPointF(xx, y_of(p.after)))
            if p.before is not None:
                self._before_mark(painter, QPointF(xx, y_of(p.before)))
            if p.after is not None:
                self._after_mark(painter, QPointF(xx, y_of(p.after)))
            label = p.at.astimezone().strftime("%d %b %y")
            width = fm.horizontalAdvance(label)
            if xx - width / 2 > last_label_right + line * 0.5:  # skip labels that would overlap
                painter.setPen(text_pen)
                painter.drawText(QPointF(xx - width / 2, plot.bottom() + line * 1.2), label)
                last_label_right = xx + width / 2
        painter.end()

    def _before_mark(self, painter: QPainter, at: QPointF) -> None:
        r = self.fontMetrics().height() * 0.3
        painter.setPen(QPen(BEFORE_COLOUR, 2))
        painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
        painter.drawEllipse(at, r, r)

    def _after_mark(self, painter: QPainter, at: QPointF) -> None:
        r = self.fontMetrics().height() * 0.3
        painter.setPen(QPen(AFTER_COLOUR, 1))
        painter.setBrush(AFTER_COLOUR)
        painter.drawRect(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r))
