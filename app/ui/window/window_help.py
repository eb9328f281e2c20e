"""The Help menu's two dialogs: every keyboard shortcut in one list, and About."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.ui.player.shortcuts_dialog import SHORTCUTS, key_text
from app.ui.shared.keyboard import tab_leaves

# Keys that work across the window, whatever place is shown.
WINDOW_KEYS: tuple[tuple[str, str], ...] = (
    ("Ctrl+L", "Lock your journal"),
    ("Ctrl+F", "Search the journal (in the journal)"),
    ("Ctrl+/", "Show these shortcuts"),
    ("Ctrl+Q", "Quit Casebook (your journal is locked first)"),
    ("Up, Down, Enter", "Choose a scenario in the library and open it"),
)


def _native(keys: str) -> str:
    if "," in keys:
        return keys
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


class ShortcutsHelp(QDialog):
    """Window keys, the keys of each place, and the player's keys, in one table."""

    def __init__(self, places: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows: list[tuple[str, str]] = [(f"Go to {title}", keys) for title, keys in places]
        rows += [(text, keys) for keys, text in WINDOW_KEYS]
        rows += [(f"Player: {s.text}", key_text(s.action)) for s in SHORTCUTS]
        intro = QLabel(
            "Everything in Casebook can be reached with the keyboard. Tab moves "
            "between parts of a screen."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setAccessibleName("Keyboard shortcuts")
        tab_leaves(self.table)
        self.table.setHorizontalHeaderLabels(["Keys", "What they do"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for row, (text, keys) in enumerate(rows):
            key_item = QTableWidgetItem(_native(keys))
            key_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, 0, key_item)
            self.table.setItem(row, 1, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(620, 600)

    def rows(self) -> list[tuple[str, str]]:
        return [
            (self.table.item(r, 0).text(), self.table.item(r, 1).text())
            for r in range(self.table.rowCount())
        ]


ABOUT_TEXT = (
    "<h3>Casebook {version}</h3>"
    "<p>Watch short simulation clips, reflect on them in a way that fits your role, and keep "
    "a private journal of your practice.</p>"
    "<p>Casebook works offline. Your journal is encrypted with your passphrase and stays on "
    "this computer unless you export it.</p>"
    "<p>The bundled clips are synthetic demos: drawn scenes and synthesised voices. They are "
    "for practice, not clinical guidance.</p>"
)


def about_box(parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle("About Casebook")
    box.setIcon(QMessageBox.Icon.Information)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(ABOUT_TEXT.format(version=__version__))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box
