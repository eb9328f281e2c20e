"""A row of controls that wraps onto the next line when the window is narrow.

Filter rows (a label and a box, five times over) set the whole window's minimum width when
laid out in one row: at 1.5x text the journal's alone was wider than a 1366-pixel screen.
Here each group keeps its own minimum and the row breaks between groups instead.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QSpacerItem,
    QStyle,
    QWidget,
)


class FlowLayout(QLayout):
    """Items left to right, wrapping at the right edge; each line's items share its spare
    width in proportion to their stretch (given when added)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = -1) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: list[int] = []
        self._spacing = spacing
        self._width = -1  # the width last laid out at: the minimum height follows it
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # -- what goes in ------------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt API)
        self._items.append(item)
        self._stretch.append(0)

    def add_widget(self, widget: QWidget, stretch: int = 0) -> None:
        self.addWidget(widget)
        self._stretch[-1] = stretch

    def addStretch(self, stretch: int = 0) -> None:  # noqa: N802 (as QBoxLayout's)
        """Spare width on the line goes here, pushing what follows to the right."""
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))
        self._stretch[-1] = stretch

    def add_group(self, *widgets: QWidget, stretch: int = 0) -> QWidget:
        """Widgets that stay together on one line (a label and its box)."""
        group = QWidget()
        row = QHBoxLayout(group)
        row.setContentsMargins(0, 0, 0, 0)
        for w in widgets:
            row.addWidget(w, 1 if stretch and w is widgets[-1] else 0)
        group.setSizePolicy(
            QSizePolicy.Policy.Expanding if stretch else QSizePolicy.Policy.Preferred,
            QSizePolicy.Policy.Fixed,
        )
        self.add_widget(group, stretch)
        return group

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        if 0 <= index < len(self._items):
            self._stretch.pop(index)
            return self._items.pop(index)
        return None

    # -- sizes -------------------------------------------------------------------------------

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt API)
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt API)
        super().setGeometry(rect)
        if rect.width() != self._width:
            before = self.minimumSize().height()
            self._width = rect.width()
            if self.minimumSize().height() != before:
                # Wrapped onto more lines (or fewer): the layouts above, and splitters that
                # know nothing of height-for-width, must make room (or take it back).
                self.invalidate()
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        # One line: as wide as every item side by side.
        shown = self._shown()
        width = sum(item.sizeHint().width() for item, _ in shown)
        width += self._gap() * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for item, _ in shown), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt API)
        # As narrow as the widest single item: the rest wraps. As tall as the lines are at
        # the width last laid out at.
        size = QSize()
        for item, _ in self._shown():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        size += QSize(m.left() + m.right(), m.top() + m.bottom())
        if self._width > 0:
            size.setHeight(max(size.height(), self.heightForWidth(self._width)))
        return size

    # -- placing -----------------------------------------------------------------------------

    def _gap(self) -> int:
        """The given spacing, else twice the style's: a label and its box sit closer to each
        other than to the next pair, so the pairs read as pairs."""
        if self._spacing >= 0:
            return self._spacing
        parent = self.parentWidget()
        style = parent.style() if parent is not None else None
        metric = (
            style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
            if style is not None
            else -1
        )
        return 2 * (metric if metric >= 0 else 6)

    def _shown(self) -> list[tuple[QLayoutItem, int]]:
        return [
            (i, s)
            for i, s in zip(self._items, self._stretch, strict=True)
            if not i.isEmpty() or isinstance(i, QSpacerItem)
        ]

    def _lines(self, width: int) -> list[list[tuple[QLayoutItem, int]]]:
        lines: list[list[tuple[QLayoutItem, int]]] = [[]]
        used = 0
        for item, stretch in self._shown():
            w = item.sizeHint().width()
            needed = w if not lines[-1] else used + self._gap() + w
            if lines[-1] and needed > width:
                lines.append([])
                used = w
            else:
                used = needed
            lines[-1].append((item, stretch))
        return [line for line in lines if line]

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        y = area.y()
        gap = self._gap()
        for line in self._lines(area.width()):
            hints = [min(item.sizeHint().width(), area.width()) for item, _ in line]
            hints = [
                max(h, item.minimumSize().width()) for h, (item, _) in zip(hints, line, strict=True)
            ]
            spare = max(0, area.width() - sum(hints) - gap * (len(line) - 1))
            stretches = [s for _, s in line]
            total = sum(stretches)
            height = max(item.sizeHint().height() for item, _ in line)
            x = area.x()
            for (item, stretch), w in zip(line, hints, strict=True):
                if total:
                    w += spare * stretch // total
                if place:
                    item.setGeometry(QRect(QPoint(x, y), QSize(w, height)))
                x += w + gap
            y += height + gap
        return y - gap - rect.y() + m.bottom() if y > area.y() else 0
