"""A bar chart of a 1-5 show of hands, before (and after), drawn large enough for a room."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.group.audience import theme

SERIES_COLOURS = (theme.BEFORE, theme.ACCENT)


class TallyChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._series: list[tuple[str, list[int]]] = []
        self._screen_height = 1080
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_series(self, series: list[tuple[str, list[int]]], screen_height: int) -> None:
        self._series = [(str(label), [int(c) for c in counts]) for label, counts in series]
        self._screen_height = screen_height
        names = ", ".join(
            f"{label}: " + ", ".join(f"{i + 1}: {c}" for i, c in enumerate(counts))
            for label, counts in self._series
        )
        self.setAccessibleName("Show of hands chart")
        self.setAccessibleDescription(names)
        self.update()

    def series(self) -> list[tuple[str, list[int]]]:
        return list(self._series)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if not self._series:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self._screen_height
        label_font = theme.font(h, theme.ITEM, bold=True)
        small_font = theme.font(h, theme.SMALL)
        w_rect = QRectF(self.rect())
        legend_h = h * 0.07
        axis_h = h * 0.07
        plot = w_rect.adjusted(w_rect.width() * 0.08, legend_h, -w_rect.width() * 0.08, -axis_h)
        top = max([max(c) for _, c in self._series] + [1])
        n_series = len(self._series)
        group_w = plot.width() / 5
        bar_w = group_w * 0.7 / n_series
        # legend: colour blocks with the series name; the numbers on the bars carry the data too
        p.setFont(small_font)
        x = plot.left()
        for s, (label, _) in enumerate(self._series):
            colour = SERIES_COLOURS[s % len(SERIES_COLOURS)]
            p.fillRect(QRectF(x, legend_h * 0.2, legend_h * 0.5, legend_h * 0.5), colour)
            p.setPen(theme.TEXT)
            text_rect = QRectF(x + legend_h * 0.7, 0, w_rect.width() * 0.3, legend_h * 0.9)
            p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
            x += w_rect.width() * 0.25
        p.setPen(QPen(theme.MUTED, max(2, h // 400)))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        for value in range(5):
            gx = plot.left() + value * group_w + group_w * 0.15
            for s, (_, counts) in enumerate(self._series):
                count = counts[value] if value < len(counts) else 0
                bar_h = (plot.height() - h * 0.06) * count / top
                bar = QRectF(gx + s * bar_w, plot.bottom() - bar_h, bar_w * 0.92, bar_h)
                p.fillRect(bar, SERIES_COLOURS[s % len(SERIES_COLOURS)])
                p.setFont(small_font)
                p.setPen(theme.TEXT)
                above = QRectF(bar.left() - bar_w, bar.top() - h * 0.055, bar_w * 2.92, h * 0.05)
                p.drawText(above, Qt.AlignmentFlag.AlignCenter, str(count))
            p.setFont(label_font)
            p.setPen(theme.TEXT)
            axis = QRectF(plot.left() + value * group_w, plot.bottom(), group_w, axis_h)
            p.drawText(axis, Qt.AlignmentFlag.AlignCenter, str(value + 1))
        p.end()
