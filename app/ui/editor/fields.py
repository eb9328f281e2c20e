"""A labelled field with its problems shown beside it, in words, as they are typed."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ProblemLabel(QLabel):
    """What is wrong with one field; hidden when nothing is."""

    def __init__(self, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"problem-{field}")
        self.setWordWrap(True)
        self.setProperty("role", "notice")
        self.setStyleSheet("color: palette(link);")
        self.setAccessibleName(f"Problem with {field.replace('_', ' ')}")
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        text = "\n".join(m[:1].upper() + m[1:] for m in messages)
        self.setText(text)
        self.setVisible(bool(text))


def with_problem(widget: QWidget, problem: ProblemLabel) -> QWidget:
    """`widget` with its problem line under it, as one form row."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    column.addWidget(problem)
    return box
