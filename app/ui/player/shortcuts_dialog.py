"""The player's keyboard shortcuts: one table, used both to bind the keys and to list them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.shared.keyboard import tab_leaves


@dataclass(frozen=True)
class Shortcut:
    action: str  # the player view's name for what the keys do
    keys: tuple[str, ...]  # QKeySequence strings, portable form
    text: str  # what the person reads in the dialog


# VLC's keys where VLC has one (Space, arrows, F, M, [ ], =), so people who know VLC feel at home.
SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("toggle", ("Space",), "Play or pause"),
    Shortcut("back_5", ("Left",), "Back 5 seconds"),
    Shortcut("forward_5", ("Right",), "Forward 5 seconds"),
    Shortcut("back_10", ("Shift+Left",), "Back 10 seconds"),
    Shortcut("forward_10", ("Shift+Right",), "Forward 10 seconds"),
    Shortcut("slower", ("[",), "Slower"),
    Shortcut("faster", ("]",), "Faster"),
    Shortcut("normal_speed", ("=",), "Back to normal speed"),
    Shortcut("volume_up", ("Up",), "Louder"),
    Shortcut("volume_down", ("Down",), "Quieter"),
    Shortcut("mute", ("M",), "Sound off or on"),
    Shortcut("captions", ("C", "V"), "Captions on or off"),
    Shortcut("fullscreen", ("F",), "Full screen on or off (Esc leaves it)"),
    Shortcut("mark", ("K", "Ctrl+M"), "Mark this moment (type a note, Enter to carry on)"),
    Shortcut("shortcuts", ("F1", "?"), "Show these shortcuts"),
)


def keys_for(action: str) -> tuple[str, ...]:
    for s in SHORTCUTS:
        if s.action == action:
            return s.keys
    raise KeyError(action)


def key_text(action: str) -> str:
    """The keys as this computer names them, for tooltips: "K or Ctrl+M"."""
    names = [
        QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys_for(action)
    ]
    return " or ".join(names)


class ShortcutsDialog(QDialog):
    """Lists every player shortcut; nothing to choose, Close or Esc leaves."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        intro = QLabel("While a clip is playing, these keys work anywhere on the player page.")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(SHORTCUTS), 2, self)
        self.table.setAccessibleName("Keyboard shortcuts")
        tab_leaves(self.table)
        self.table.setHorizontalHeaderLabels(["Keys", "What they do"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for row, s in enumerate(SHORTCUTS):
            keys = QTableWidgetItem(key_text(s.action))
            keys.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, 0, keys)
            self.table.setItem(row, 1, QTableWidgetItem(s.text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        # Tall enough for every row: a list of keys that needs scrolling hides half of them.
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        frame = 2 * self.table.frameWidth()
        self.table.setMinimumHeight(
            rows + self.table.horizontalHeader().sizeHint().height() + frame
        )
        self.resize(max(520, self.sizeHint().width()), self.sizeHint().height())
