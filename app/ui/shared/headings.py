"""The one look of a heading at the top of a place or page: bold, a third larger than text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def style_heading(label: QLabel) -> QLabel:
    """Make `label` a heading (it follows the application font, so 150% text scales it)."""
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    return label


def heading(text: str) -> QLabel:
    """A new heading label, named for screen readers by its own words."""
    label = style_heading(QLabel(text))
    label.setAccessibleName(text)
    return label
