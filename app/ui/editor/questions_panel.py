"""The scenario's own questions, for each role it is for, of the kinds prompt packs support."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models.content import ROLES
from app.models.prompts import KINDS
from app.models.scenario_draft import QUESTION_KINDS, DraftQuestion
from app.ui.editor.fields import ProblemLabel


class QuestionsPanel(QWidget):
    changed = Signal()
    preview_requested = Signal(str)  # role

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._questions: list[DraftQuestion] = []
        self.role = QComboBox()
        self.role.setAccessibleName("Role the question is for")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of question")
        # Its longest choice no longer sets the editor's width; the list shows them whole.
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind.setMinimumContentsLength(16)
        for kind in QUESTION_KINDS:
            self.kind.addItem(f"{kind}: {KINDS[kind]}", kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.text = QLineEdit()
        self.text.setAccessibleName("Question text")
        self.text.setPlaceholderText("What would you ask, say or do next?")
        self.text.returnPressed.connect(self.add_question)
        self.options = QLineEdit()
        self.options.setAccessibleName("Options, separated by semicolons")
        self.options.setPlaceholderText("First option; second option; …")
        self.add_button = QPushButton("Add &question")
        self.add_button.clicked.connect(self.add_question)
        self.list = QListWidget()
        self.list.setAccessibleName("The scenario's questions")
        self.remove_button = QPushButton("Remove question")
        self.remove_button.clicked.connect(self.remove_selected)
        self.problem = ProblemLabel("questions")
        self.preview_role = QComboBox()
        self.preview_role.setAccessibleName("Role to preview the questions as")
        self.preview_button = QPushButton("Pre&view as a learner")
        self.preview_button.clicked.connect(
            lambda: self.preview_requested.emit(self.preview_role.currentData())
        )

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # large text
        form.addRow("For", self.role)
        form.addRow("Kind", self.kind)
        form.addRow("Question", self.text)
        form.addRow("Options", self.options)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.problem)
        column.addWidget(self.list)
        preview = QHBoxLayout()
        preview.addStretch(1)
        preview.addWidget(self.preview_role)
        preview.addWidget(self.preview_button)
        column.addLayout(preview)
        self._kind_changed()
        self.set_roles([])

    def set_roles(self, roles: list[str]) -> None:
        """Offer only the roles the scenario is for."""
        for box in (self.role, self.preview_role):
            current = box.currentData()
            box.clear()
            for role in roles:
                box.addItem(ROLES.get(role, role), role)
            if current in roles:
                box.setCurrentIndex(roles.index(current))
        self.add_button.setEnabled(bool(roles))
        self.preview_button.setEnabled(bool(roles))

    def _kind_changed(self, _index: int = 0) -> None:
        self.options.setEnabled(self.kind.currentData() in ("choice", "checklist"))

    def add_question(self) -> None:
        role, text = self.role.currentData(), self.text.text().strip()
        if not role or not text:
            self.problem.show_messages(["choose a role and write the question first"])
            return
        kind = self.kind.currentData()
        options = (
            [o.strip() for o in self.options.text().split(";") if o.strip()]
            if kind in ("choice", "checklist")
            else []
        )
        self._questions.append(DraftQuestion(role, kind, text, options))
        self.text.clear()
        self.options.clear()
        self._refresh()
        self.changed.emit()

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            del self._questions[row]
            self._refresh()
            self.changed.emit()

    def questions(self) -> list[DraftQuestion]:
        return [DraftQuestion(q.role, q.kind, q.text, list(q.options)) for q in self._questions]

    def set_questions(self, questions: list[DraftQuestion]) -> None:
        self._questions = [
            DraftQuestion(q.role, q.kind, q.text, list(q.options)) for q in questions
        ]
        self._refresh()

    def _refresh(self) -> None:
        self.list.clear()
        for q in self._questions:
            extra = f" ({'; '.join(q.options)})" if q.options else ""
            self.list.addItem(f"{ROLES.get(q.role, q.role)} · {q.kind}: {q.text}{extra}")
        self.list.setCurrentRow(len(self._questions) - 1)
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
