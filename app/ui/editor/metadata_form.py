"""The scenario's words: title, id, summary, setting, level, roles, topics, objectives and
content warnings, each with its problems beside it. Emits `changed`; knows nothing of saving."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.models.content import LEVELS, ROLES
from app.models.scenario_draft import ScenarioDraft
from app.ui.editor.fields import ProblemLabel, with_problem


def slug(title: str) -> str:
    """An id from a title: "Quiet in bay 4" -> "quiet-in-bay-4"."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-")


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


def _short_text(name: str, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


class MetadataForm(QWidget):
    changed = Signal()

    def __init__(
        self, settings: list[str], topics: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.problems: dict[str, ProblemLabel] = {}
        self._id_typed = False  # once the id is typed, the title no longer proposes one

        self.title = QLineEdit()
        self.title.setAccessibleName("Title")
        self.id = QLineEdit()
        self.id.setAccessibleName("Scenario id")
        self.id.setPlaceholderText("made from the title")
        self.summary = _short_text("Summary")
        self.setting = QComboBox()
        self.setting.setEditable(True)
        self.setting.setAccessibleName("Setting")
        self.setting.addItems(settings)
        self.setting.setCurrentText("")
        self.level = QComboBox()
        self.level.setAccessibleName("Level")
        self.level.addItems(list(LEVELS))
        self.roles: dict[str, QCheckBox] = {}
        role_box = QWidget()
        grid = QGridLayout(role_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for n, (role, name) in enumerate(ROLES.items()):
            box = QCheckBox(name)
            box.setAccessibleName(f"For {name}")
            box.setObjectName(f"role-{role}")
            box.toggled.connect(self.changed)
            self.roles[role] = box
            grid.addWidget(box, n, 0)  # one column: fits large text
        self.topics = QLineEdit()
        self.topics.setAccessibleName("Topics, separated by commas")
        self.topics.setPlaceholderText("low-mood, handover")
        completer = QCompleter(topics, self.topics)
        self.topics.setCompleter(completer)
        self.objectives = _short_text("Learning objectives, one per line")
        self.warnings = _short_text("Content warnings, one per line", 2)

        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # large text
        form.setContentsMargins(0, 0, 0, 0)
        rows = (
            ("&Title", "title", self.title),
            ("&Id", "id", self.id),
            ("S&ummary", "summary", self.summary),
            ("Se&tting", "setting", self.setting),
            ("&Level", "level", self.level),
            ("Roles", "roles", role_box),
            ("To&pics", "topics", self.topics),
            ("&Objectives", "learning_objectives", self.objectives),
            ("&Warnings", "content_warnings", self.warnings),
        )
        for label, field, widget in rows:
            problem = ProblemLabel(field)
            self.problems[field] = problem
            caption = QLabel(label)
            if widget is not role_box:
                caption.setBuddy(widget)  # Alt+letter goes to the field
            form.addRow(caption, with_problem(widget, problem))

        self.title.textChanged.connect(self._title_changed)
        self.id.textEdited.connect(self._id_edited)
        for signal in (
            self.id.textChanged,
            self.summary.textChanged,
            self.setting.currentTextChanged,
            self.level.currentTextChanged,
            self.topics.textChanged,
            self.objectives.textChanged,
            self.warnings.textChanged,
        ):
            signal.connect(self.changed)

    def _title_changed(self, text: str) -> None:
        if not self._id_typed:
            self.id.setText(slug(text))
        self.changed.emit()

    def _id_edited(self, _text: str) -> None:
        self._id_typed = True

    def read_into(self, draft: ScenarioDraft) -> None:
        draft.title = self.title.text().strip()
        draft.id = self.id.text().strip()
        draft.summary = self.summary.toPlainText().strip()
        draft.setting = self.setting.currentText().strip()
        draft.level = self.level.currentText()
        draft.roles = [r for r, box in self.roles.items() if box.isChecked()]
        draft.topics = [t.strip() for t in self.topics.text().split(",") if t.strip()]
        draft.learning_objectives = _lines(self.objectives)
        draft.content_warnings = _lines(self.warnings)

    def show_draft(self, draft: ScenarioDraft) -> None:
        self._id_typed = True
        self.title.setText(draft.title)
        self.id.setText(draft.id)
        self.summary.setPlainText(draft.summary)
        self.setting.setCurrentText(draft.setting)
        self.level.setCurrentText(draft.level)
        for role, box in self.roles.items():
            box.setChecked(role in draft.roles)
        self.topics.setText(", ".join(draft.topics))
        self.objectives.setPlainText("\n".join(draft.learning_objectives))
        self.warnings.setPlainText("\n".join(draft.content_warnings))
