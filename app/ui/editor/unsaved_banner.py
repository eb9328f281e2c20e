"""The line offering back work left unsaved when an editor last closed: Restore or Discard."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class UnsavedBanner(QWidget):
    """Hidden until `offer(text)`; its buttons are connected by the editor that owns it."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.restore_button = QPushButton("&Restore it")
        self.restore_button.setAccessibleName(f"Restore the unsaved {what}")
        self.discard_button = QPushButton("Discard")
        self.discard_button.setAccessibleName(f"Discard the unsaved {what}")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.discard_button)
        self.hide()

    def offer(self, text: str) -> None:
        self.label.setText(text)
        self.show()
