"""A column of controls that scrolls up and down when the window is too short for it, and never
sideways: it asks for the width its controls need (and the scroll bar's), none of their height.
On a short screen (a laptop at 125% scaling, or large text) the column scrolls instead of its
controls being squeezed over one another."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QScrollArea, QWidget

from app.ui.shared.keyboard import scrolls_with_focus


class ColumnScroll(QScrollArea):
    def __init__(self, column: QWidget, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)  # taller screens give the column (and its picture) room
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidget(column)
        self.setAccessibleName(name)
        scrolls_with_focus(self)  # Tab goes to the controls, and the column follows it

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        hint = super().minimumSizeHint()
        column = self.widget()
        if column is None:
            return hint
        # Room for the scroll bar is kept even while it is hidden, so that its showing up on
        # a shorter window does not cut the column's buttons short.
        need = (
            column.minimumSizeHint().width()
            + self.verticalScrollBar().sizeHint().width()
            + 2 * self.frameWidth()
        )
        return QSize(max(hint.width(), need), hint.height())
