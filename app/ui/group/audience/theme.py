"""Projector theme: high contrast, and type sized from the screen's height so it reads from the
back of a room (body text at least ~4% of the height, as a 2 m wide image seen from 10 m needs)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

BACKGROUND = QColor("#0b0b0b")
TEXT = QColor("#ffffff")
MUTED = QColor("#c8c8c8")  # still 11:1 on the background
ACCENT = QColor("#ffd84d")  # titles and the "after" bars; 13:1 on the background
BEFORE = QColor("#7fb2ff")

# Fractions of the screen height.
TITLE = 0.08
PROMPT = 0.072
BODY = 0.058
ITEM = 0.056
CAPTION = 0.055
SMALL = 0.04  # the floor: nothing the room must read is smaller


def font(height: int, fraction: float, bold: bool = False) -> QFont:
    f = QFont()  # the system family; only the size is the projector's
    f.setPixelSize(max(12, round(height * fraction)))
    f.setBold(bold)
    return f


def stylesheet() -> str:
    return (
        f"QWidget#audience {{ background: {BACKGROUND.name()}; }}"
        f"QLabel {{ color: {TEXT.name()}; background: transparent; }}"
        f"QLabel[role='title'] {{ color: {ACCENT.name()}; }}"
        f"QLabel[role='muted'] {{ color: {MUTED.name()}; }}"
        "QLabel[role='caption'] { background: rgba(0, 0, 0, 200); padding: 0.2em 0.6em; }"
    )
