"""Captions for the scenario: attach a file, shift every timing by an offset, fix a cue's text.

The cues are kept here as edited; saving writes them (moved by the offset) as a fresh .srt
beside the clip, so the original file is never changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.captions import Cue
from app.ui.editor.fields import ProblemLabel
from app.ui.shared.keyboard import tab_leaves


def _stamp(seconds: float) -> str:
    m, s = divmod(max(0.0, seconds), 60)
    return f"{int(m)}:{s:05.2f}"


class CaptionsPanel(QWidget):
    changed = Signal()
    attach_requested = Signal()  # the editor asks for a file and calls set_captions

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: Path | None = None
        self._cues: list[Cue] = []
        self._filling = False
        self.attach = QPushButton("Attach &captions…")
        self.attach.setAccessibleName("Attach a captions file")
        self.attach.clicked.connect(self.attach_requested)
        self.file_label = QLabel("No captions")
        self.offset = QDoubleSpinBox()
        self.offset.setAccessibleName("Caption offset in seconds")
        self.offset.setRange(-600.0, 600.0)
        self.offset.setSingleStep(0.1)
        self.offset.setDecimals(1)
        self.offset.setSuffix(" s")
        self.offset.setToolTip("Shift every caption later (positive) or earlier (negative)")
        self.offset.valueChanged.connect(self._offset_changed)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Caption cues; the text can be edited")
        tab_leaves(self.table)  # arrows move between cues; Tab goes on to the next control
        self.table.setHorizontalHeaderLabels(["From", "To", "Text"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._text_edited)
        self.problem = ProblemLabel("captions")

        top = QHBoxLayout()
        top.addWidget(self.attach)
        top.addWidget(self.file_label, 1)
        offset_label = QLabel("&Offset")
        offset_label.setBuddy(self.offset)
        top.addWidget(offset_label)
        top.addWidget(self.offset)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.problem)
        column.addWidget(self.table)

    def set_captions(self, source: Path, cues: list[Cue], problem: str | None) -> None:
        self.source = source
        self._cues = list(cues)
        self.file_label.setText(source.name)
        self.problem.show_messages([problem] if problem else [])
        self._fill()
        self.changed.emit()

    def cues(self) -> list[Cue]:
        return list(self._cues)

    def offset_seconds(self) -> float:
        return round(self.offset.value(), 1)

    def _offset_changed(self, _value: float) -> None:
        self._fill()
        self.changed.emit()

    def _fill(self) -> None:
        self._filling = True
        self.table.setRowCount(len(self._cues))
        off = self.offset_seconds()
        for row, cue in enumerate(self._cues):
            for col, text in enumerate((_stamp(cue.start + off), _stamp(cue.end + off))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, item)
            self.table.setItem(row, 2, QTableWidgetItem(cue.text))
        self._filling = False

    def _text_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 2:
            return
        cue = self._cues[item.row()]
        self._cues[item.row()] = Cue(cue.start, cue.end, item.text())
        self.changed.emit()
