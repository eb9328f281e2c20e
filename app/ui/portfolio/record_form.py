"""The reflective discussion or the confirmation record: who, their number, when, notes."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from app.models.framework import RecordLabels
from app.models.portfolio import PartnerRecord


class RecordForm(QGroupBox):
    """Emits `save_requested(kind, values)`; knows nothing of storage."""

    save_requested = Signal(str, object)

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        form = QFormLayout(self)
        # Labels go above their fields when there is no room beside them (large text).
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.name = QLineEdit()
        self.registration = QLineEdit()
        self.contact = QLineEdit()
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)
        self.save = QPushButton("Save")
        self.save.clicked.connect(self._save)
        self._rows: dict[str, Any] = {}
        for key, widget in (
            ("name", self.name),
            ("registration", self.registration),
            ("contact", self.contact),
            ("date", self.day),
            ("notes", self.notes),
        ):
            form.addRow(key, widget)
        form.addRow("", self.save)
        self._form = form

    def set_labels(self, labels: RecordLabels, today: date) -> None:
        self.setTitle(labels.title)
        # Both forms show side by side: each save button needs its own Alt key.
        key = "&Save" if self.kind == "discussion" else "Sa&ve"
        self.save.setText(f"{key} the {labels.title.lower()}")
        texts = {
            self.name: f"{labels.partner_label}: name",
            self.registration: labels.registration_label,
            self.contact: "Email, professional address or postcode",
            self.day: "Date",
            self.notes: "Notes",
        }
        for widget, text in texts.items():
            label = self._form.labelForField(widget)
            if label is not None:
                label.setText(text + ":")  # type: ignore[attr-defined]
                label.setWordWrap(True)  # type: ignore[attr-defined]
            widget.setAccessibleName(f"{labels.title}: {text}")
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))

    def show_record(self, record: PartnerRecord | None, today: date) -> None:
        self.name.setText(record.name if record else "")
        self.registration.setText(record.registration if record else "")
        self.contact.setText(record.contact if record else "")
        day = record.day if record else today
        self.day.setDate(QDate(day.year, day.month, day.day))
        self.notes.setPlainText(record.notes if record else "")

    def clear(self) -> None:
        for edit in (self.name, self.registration, self.contact):
            edit.setText("")
        self.notes.clear()
        self.notes.document().clearUndoRedoStacks()

    def _save(self) -> None:
        self.save_requested.emit(
            self.kind,
            {
                "name": self.name.text(),
                "registration": self.registration.text(),
                "contact": self.contact.text(),
                "day": self.day.date().toString("yyyy-MM-dd"),
                "notes": self.notes.toPlainText(),
            },
        )
