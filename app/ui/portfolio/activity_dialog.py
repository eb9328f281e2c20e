"""Adding or correcting a CPD activity: a dumb dialog that only collects the values."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.models.framework import Framework
from app.models.portfolio import MANUAL, Activity


class ActivityDialog(QDialog):
    """`values()` gives day, title, method, hours, participatory_hours, themes, evidence."""

    def __init__(
        self,
        framework: Framework,
        today: date,
        activity: Activity | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        editing = activity is not None
        self.setWindowTitle("Edit CPD activity" if editing else "Add CPD activity")
        self.setAccessibleName(self.windowTitle())
        form = QFormLayout()

        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        when = activity.day if activity else today
        self.day.setDate(QDate(when.year, when.month, when.day))
        self.day.setAccessibleName("Date of the activity")
        form.addRow("&Date:", self.day)

        self.title = QLineEdit(activity.title if activity else "")
        self.title.setPlaceholderText("e.g. Sepsis study day")
        self.title.setAccessibleName("Topic")
        form.addRow("&Topic:", self.title)

        self.method = QComboBox()
        self.method.setEditable(True)
        self.method.addItems(list(framework.methods))
        self.method.setCurrentText(activity.method if activity else "")
        self.method.setAccessibleName("Method")
        form.addRow("&Method:", self.method)

        self.hours = QDoubleSpinBox()
        self.hours.setRange(0.0, 24.0)
        self.hours.setSingleStep(0.25)
        self.hours.setDecimals(2)
        self.hours.setSuffix(" hours")
        self.hours.setValue(activity.hours if activity else 1.0)
        self.hours.setAccessibleName("Hours")
        form.addRow("&Hours:", self.hours)

        self.participatory = QCheckBox("&Learning with other people (participatory)")
        self.participatory.setChecked(bool(activity and activity.participatory))
        form.addRow("", self.participatory)
        self.part_hours = QDoubleSpinBox()
        self.part_hours.setRange(0.0, 24.0)
        self.part_hours.setSingleStep(0.25)
        self.part_hours.setDecimals(2)
        self.part_hours.setSuffix(" hours")
        self.part_hours.setValue(activity.participatory_hours if activity else 0.0)
        self.part_hours.setAccessibleName("Participatory hours")
        self.participatory.toggled.connect(self._participatory_toggled)
        self.hours.valueChanged.connect(self._hours_changed)
        form.addRow("&Participatory hours:", self.part_hours)
        self._participatory_toggled(self.participatory.isChecked())

        self.themes = QListWidget()
        self.themes.setAccessibleName(framework.evidence_label)
        chosen = set(activity.themes) if activity else set()
        for theme in framework.themes:
            item = QListWidgetItem(theme.title)
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if theme.id in chosen else Qt.CheckState.Unchecked
            )
            self.themes.addItem(item)
        self.themes.setMaximumHeight(110)
        form.addRow(QLabel(f"{framework.evidence_label}:"), self.themes)

        self.evidence = QPlainTextEdit(activity.evidence if activity else "")
        self.evidence.setPlaceholderText("Certificate, notes, where the evidence is kept")
        self.evidence.setAccessibleName("Evidence")
        self.evidence.setTabChangesFocus(True)
        self.evidence.setMaximumHeight(80)
        form.addRow("&Evidence:", self.evidence)

        if activity is not None and activity.source != MANUAL:
            note = QLabel("From your journal: changing it here leaves the journal entry as it is.")
            note.setWordWrap(True)
            form.addRow("", note)
            self.day.setEnabled(False)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addLayout(form)
        outer.addWidget(buttons)

    def _participatory_toggled(self, on: bool) -> None:
        self.part_hours.setEnabled(on)
        if on and self.part_hours.value() == 0:
            self.part_hours.setValue(self.hours.value())
        if not on:
            self.part_hours.setValue(0.0)

    def _hours_changed(self, value: float) -> None:
        if self.participatory.isChecked() and self.part_hours.value() > value:
            self.part_hours.setValue(value)

    def values(self) -> dict[str, Any]:
        themes = [
            self.themes.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.themes.count())
            if self.themes.item(i).checkState() == Qt.CheckState.Checked
        ]
        return {
            "day": self.day.date().toString("yyyy-MM-dd"),
            "title": self.title.text(),
            "method": self.method.currentText(),
            "hours": self.hours.value(),
            "participatory_hours": self.part_hours.value()
            if self.participatory.isChecked()
            else 0.0,
            "themes": themes,
            "evidence": self.evidence.toPlainText(),
        }
