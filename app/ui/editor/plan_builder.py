"""The session plan builder: pick scenarios from the library, put them in order, write the
prompts that go on the wall for each, the show-of-hands tallies and the take-aways; saved as a
plan that `content check` accepts, into `sessions/` of the organisation content folder."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import Paths
from app.errors import CasebookError
from app.models import plan_draft
from app.models.content import Scenario
from app.models.plan_draft import PlanDraft, PlanScenarioDraft
from app.services import authoring
from app.ui.editor.fields import ProblemLabel
from app.ui.editor.metadata_form import slug
from app.ui.shared.tasks import Task

log = logging.getLogger(__name__)


def _lines_edit(name: str, placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
    return edit


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


def _minutes(name: str, value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setAccessibleName(name)
    box.setRange(0, 600)
    box.setDecimals(0)
    box.setSuffix(" min")
    box.setValue(value)
    return box


class PlanBuilder(QWidget):
    saved = Signal(Path)

    def __init__(
        self, paths: Paths, scenarios: Callable[[], list[Scenario]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self._scenarios = scenarios
        self._steps: list[PlanScenarioDraft] = []
        self._id_typed = False
        self._showing = False  # True while a step's fields are filled in from the draft

        self.title = QLineEdit()
        self.title.setAccessibleName("Plan title")
        self.id = QLineEdit()
        self.id.setAccessibleName("Plan id")
        self.id.setPlaceholderText("made from the title")
        self.audience = QLineEdit()
        self.audience.setAccessibleName("Audience")
        self.total = _minutes("Whole session, minutes", 60)
        self.reveal = QCheckBox("Hide each clip's prompts until I reveal them")
        self.tallies = _lines_edit("Show of hands questions, one per line", "How confident …?")
        self.takeaways = _lines_edit("Take-aways, one per line", "One thing to remember …")
        about = QFormLayout()
        about.addRow("&Title", self.title)
        about.addRow("&Id", self.id)
        about.addRow("&Audience", self.audience)
        about.addRow("&Minutes", self.total)
        about.addRow("", self.reveal)
        about.addRow("Show of &hands", self.tallies)
        about.addRow("Ta&ke-aways", self.takeaways)

        self.library = QListWidget()
        self.library.setAccessibleName("Scenarios in the library")
        self.add_button = QPushButton("Add to the plan →")
        self.add_button.clicked.connect(self.add_selected)
        self.library.itemActivated.connect(lambda _item: self.add_selected())
        self.steps = QListWidget()
        self.steps.setAccessibleName("Scenarios in the plan, in order")
        self.steps.currentRowChanged.connect(self._show_step)
        self.up = QPushButton("Move &up")
        self.up.clicked.connect(lambda: self.move(-1))
        self.down = QPushButton("Move d&own")
        self.down.clicked.connect(lambda: self.move(1))
        self.remove = QPushButton("Remove")
        self.remove.setAccessibleName("Remove the scenario from the plan")
        self.remove.clicked.connect(self.remove_selected)
        self.step_minutes = _minutes("Minutes for this scenario", 15)
        self.step_prompts = _lines_edit(
            "Prompts shown on the wall for this scenario, one per line", "What stood out …?"
        )
        self.step_notes = QLineEdit()
        self.step_notes.setAccessibleName("Notes for the facilitator only")
        step_form = QFormLayout()
        step_form.addRow("Minutes", self.step_minutes)
        step_form.addRow("&Prompts on the wall", self.step_prompts)
        step_form.addRow("&Notes (facilitator only)", self.step_notes)
        self.step_box = QGroupBox("The selected scenario")
        self.step_box.setLayout(step_form)

        pick = QVBoxLayout()
        pick.addWidget(QLabel("In the library"))
        pick.addWidget(self.library, 1)
        pick.addWidget(self.add_button)
        order = QVBoxLayout()
        order.addWidget(QLabel("In the plan"))
        order.addWidget(self.steps, 1)
        moves = QHBoxLayout()
        for button in (self.up, self.down, self.remove):
            moves.addWidget(button)
        order.addLayout(moves)
        lists = QHBoxLayout()
        lists.addLayout(pick, 1)
        lists.addLayout(order, 1)

        self.problem = ProblemLabel("plan")
        self.save_button = QPushButton("&Save plan")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel("Plans are saved in the sessions folder of the content folder.")
        self.status.setAccessibleName("Plan builder status")
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)

        column = QVBoxLayout(self)
        row = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(about)
        left.addStretch(1)  # the fields keep their height; the space goes below them
        row.addLayout(left, 2)
        right = QVBoxLayout()
        right.addLayout(lists, 1)
        right.addWidget(self.step_box)
        row.addLayout(right, 3)
        column.addLayout(row, 1)
        column.addWidget(self.problem)
        column.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.validate)
        self.title.textChanged.connect(self._title_changed)
        self.id.textEdited.connect(self._id_edited)
        for signal in (
            self.id.textChanged,
            self.audience.textChanged,
            self.total.valueChanged,
            self.reveal.toggled,
            self.tallies.textChanged,
            self.takeaways.textChanged,
        ):
            signal.connect(self._timer.start)
        for signal in (
            self.step_minutes.valueChanged,
            self.step_prompts.textChanged,
            self.step_notes.textChanged,
        ):
            signal.connect(self._step_edited)
        self.save_task = Task(self)
        self.save_task.finished.connect(self._saved)
        self.save_task.failed.connect(self._save_failed)
        self.refresh_library()
        self._show_step(-1)
        self.validate()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        # Scenarios saved or installed since it was last shown can be picked straight away.
        self.refresh_library()
        super().showEvent(event)

    # -- the library and the steps ------------------------------------------------------------

    def refresh_library(self) -> None:
        row = self.library.currentRow()
        self.library.clear()
        for s in self._scenarios():
            item = QListWidgetItem(f"{s.title} ({s.id})")
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            self.library.addItem(item)
        self.library.setCurrentRow(max(0, min(row, self.library.count() - 1)))

    def add_selected(self) -> None:
        item = self.library.currentItem()
        if item is None:
            return
        sid = item.data(Qt.ItemDataRole.UserRole)
        if any(step.id == sid for step in self._steps):
            self.status.setText("That scenario is already in the plan.")
            return
        self._steps.append(PlanScenarioDraft(sid))
        self._refresh_steps(len(self._steps) - 1)
        self._timer.start()

    def move(self, delta: int) -> None:
        row = self.steps.currentRow()
        to = row + delta
        if row < 0 or not 0 <= to < len(self._steps):
            return
        self._steps[row], self._steps[to] = self._steps[to], self._steps[row]
        self._refresh_steps(to)
        self._timer.start()

    def remove_selected(self) -> None:
        row = self.steps.currentRow()
        if row >= 0:
            del self._steps[row]
            self._refresh_steps(min(row, len(self._steps) - 1))
            self._timer.start()

    def _refresh_steps(self, select: int) -> None:
        titles = {s.id: s.title for s in self._scenarios()}
        self.steps.blockSignals(True)
        self.steps.clear()
        for n, step in enumerate(self._steps, start=1):
            self.steps.addItem(f"{n}. {titles.get(step.id, step.id)}")
        self.steps.setCurrentRow(select)
        self.steps.blockSignals(False)
        self._show_step(select)

    def _show_step(self, row: int) -> None:
        has = 0 <= row < len(self._steps)
        self.step_box.setEnabled(has)
        for w in (self.up, self.down, self.remove):
            w.setEnabled(has)
        self._showing = True
        step = self._steps[row] if has else PlanScenarioDraft("")
        self.step_minutes.setValue(step.minutes)
        self.step_prompts.setPlainText("\n".join(step.prompts))
        self.step_notes.setText(step.notes)
        self._showing = False

    def _step_edited(self) -> None:
        row = self.steps.currentRow()
        if self._showing or not 0 <= row < len(self._steps):
            return
        step = self._steps[row]
        step.minutes = self.step_minutes.value()
        step.prompts = _lines(self.step_prompts)
        step.notes = self.step_notes.text().strip()
        self._timer.start()

    # -- the plan -----------------------------------------------------------------------------

    def _title_changed(self, text: str) -> None:
        if not self._id_typed:
            self.id.setText(slug(text))
        self._timer.start()

    def _id_edited(self, _text: str) -> None:
        self._id_typed = True

    def draft(self) -> PlanDraft:
        return PlanDraft(
            id=self.id.text().strip(),
            title=self.title.text().strip(),
            audience=self.audience.text().strip(),
            minutes=self.total.value(),
            reveal_prompts=self.reveal.isChecked(),
            scenarios=[
                PlanScenarioDraft(s.id, s.minutes, list(s.prompts), s.notes) for s in self._steps
            ],
            tallies=_lines(self.tallies),
            takeaways=_lines(self.takeaways),
        )

    def validate(self) -> list[str]:
        ids = {s.id for s in self._scenarios()}
        found = plan_draft.problems(self.draft(), self.paths.content_folder(), ids)
        self.problem.show_messages(found)
        self.save_button.setEnabled(not found and not self.save_task.running)
        return found

    def save(self) -> None:
        self._timer.stop()
        if self.validate() or self.save_task.running:
            return
        draft = self.draft()
        self.save_button.setEnabled(False)
        self.status.setText("Saving…")
        self.save_task.start(lambda: authoring.save_plan(self.paths, draft))

    def _saved(self, path: Path) -> None:
        self.status.setText(f"Saved {path.name} in {path.parent}.")
        self.saved.emit(path)
        self.validate()

    def _save_failed(self, exc: object) -> None:
        if isinstance(exc, CasebookError | OSError):
            text = str(exc)
        else:
            log.error("saving a plan failed: %r", exc)
            text = "something went wrong; the log file has the details"
        self.status.setText(f"Not saved: {text}")
        self.validate()
