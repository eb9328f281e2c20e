"""The session plan builder: pick scenarios from the library, put them in order, write the
prompts that go on the wall for each, the ground rules, the show-of-hands tallies, the debrief
and the take-aways; saved as a plan that `content check` accepts, into `sessions/` of the
organisation content folder. A saved plan opens again exactly as it was saved, and work not
saved yet is kept aside (as the scenario editor does) and offered back the next time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.config import Paths
from app.errors import CasebookError
from app.models import plan_draft
from app.models.content import Scenario
from app.models.plan_draft import DebriefPart, PlanDraft, PlanDraftError, PlanScenarioDraft
from app.models.session_plan import DEFAULT_WELCOME
from app.services import authoring
from app.ui.editor.fields import ProblemLabel
from app.ui.editor.metadata_form import slug
from app.ui.editor.unsaved_banner import UnsavedBanner
from app.ui.shared.dialogs import ask_yes_no
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


def _debrief_lines(parts: list[DebriefPart]) -> str:
    return "\n".join(f"{p.phase}: {p.question}" for p in parts)


def _debrief_parts(edit: QPlainTextEdit) -> list[DebriefPart]:
    """Each line "Phase: question"; a line without a colon is a part with no phase (a problem)."""
    parts = []
    for line in _lines(edit):
        phase, colon, question = line.partition(":")
        parts.append(
            DebriefPart(phase.strip(), question.strip()) if colon else DebriefPart("", line)
        )
    return parts


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
        self._showing = False  # True while fields are filled in from a draft, not typed
        # The saved plan being changed (None: a new plan), and what the builder does not edit
        # but must keep when it saves again (the summary and tally ids of a plan opened).
        self.opened: Path | None = None
        self._kept = PlanDraft()
        self._saving = PlanDraft()
        self.dirty = False

        self.new_button = QPushButton("&New plan")
        self.new_button.setAccessibleName("Start a new session plan")
        self.new_button.clicked.connect(self.new_plan)
        self.open_button = QPushButton("Open sa&ved plan…")
        self.open_button.setAccessibleName("Open a saved session plan to change it")
        self.open_button.clicked.connect(self.choose_saved)

        self.title = QLineEdit()
        self.title.setAccessibleName("Plan title")
        self.id = QLineEdit()
        self.id.setAccessibleName("Plan id")
        self.id.setPlaceholderText("made from the title")
        self.audience = QLineEdit()
        self.audience.setAccessibleName("Audience")
        self.total = _minutes("Whole session, minutes", 60)
        self.reveal = QCheckBox("Hide each clip's prompts until I reveal them")
        self.welcome = QLineEdit()
        self.welcome.setAccessibleName("Welcome, shown first on the wall")
        self.welcome.setPlaceholderText(DEFAULT_WELCOME)
        self.ground_rules = _lines_edit(
            "Ground rules, one per line", "What is shared here stays here …"
        )
        self.tallies = _lines_edit("Show of hands questions, one per line", "How confident …?")
        self.debrief = _lines_edit(
            "Debrief parts, one per line: the phase, a colon, then its question",
            "Gather: What happened?",
        )
        self.takeaways = _lines_edit("Take-aways, one per line", "One thing to remember …")
        about = QFormLayout()
        about.addRow("&Title", self.title)
        about.addRow("&Id", self.id)
        about.addRow("&Audience", self.audience)
        about.addRow("&Minutes", self.total)
        about.addRow("", self.reveal)
        opening = QFormLayout()
        opening.addRow("&Welcome", self.welcome)
        opening.addRow("&Ground rules", self.ground_rules)
        opening.addRow("Show of &hands", self.tallies)
        closing = QFormLayout()
        closing.addRow("&Debrief\n(Phase: question)", self.debrief)
        closing.addRow("Ta&ke-aways", self.takeaways)

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
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)
        top.addWidget(self.status, 1)
        top.addWidget(self.save_button)
        self.unsaved_banner = self._build_unsaved_banner()

        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        for title, form in (
            ("About the plan", about),
            ("Opening", opening),
            ("Closing", closing),
        ):
            box = QGroupBox(title)
            box.setLayout(form)
            left_column.addWidget(box)
        left_column.addStretch(1)  # the fields keep their height; the space goes below them
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(left)
        scroll.setMinimumWidth(left.sizeHint().width() + 24)

        # Everything that edits the plan, set aside while unsaved work waits to be restored or
        # discarded: typing into it then would start a second piece of work that nothing keeps.
        self.body = QWidget()
        row = QHBoxLayout(self.body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(scroll, 2)
        right = QVBoxLayout()
        right.addLayout(lists, 1)
        right.addWidget(self.step_box)
        row.addLayout(right, 3)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.unsaved_banner)
        column.addWidget(self.body, 1)
        column.addWidget(self.problem)

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
            self.welcome.textChanged,
            self.ground_rules.textChanged,
            self.tallies.textChanged,
            self.debrief.textChanged,
            self.takeaways.textChanged,
        ):
            signal.connect(self._edited)
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
        self.show_draft(PlanDraft(), None)
        self._offer_unsaved()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        # Scenarios saved or installed since it was last shown can be picked straight away.
        self.refresh_library()
        super().showEvent(event)

    # -- unsaved work ------------------------------------------------------------------------

    def _build_unsaved_banner(self) -> UnsavedBanner:
        banner = UnsavedBanner("plan")
        self.unsaved_label = banner.label
        self.restore_button = banner.restore_button
        self.discard_button = banner.discard_button
        self.restore_button.clicked.connect(self.restore_unsaved)
        self.discard_button.clicked.connect(self.discard_unsaved)
        return banner

    def _offer_unsaved(self) -> None:
        kept = authoring.unsaved_plan(self.paths)
        if kept is None:
            return
        name = kept[0].title or "a new plan"
        self.unsaved_banner.offer(
            f"The plan “{name}” was not saved when the builder last closed. Restore it, or "
            "discard it to start another."
        )
        # One piece of unsaved work at a time: decide about it before starting another.
        self._set_editing_enabled(False)

    def _set_editing_enabled(self, enabled: bool) -> None:
        for widget in (self.new_button, self.open_button, self.body):
            widget.setEnabled(enabled)
        self.setFocusProxy(None if enabled else self.restore_button)

    def _close_banner(self) -> None:
        self.unsaved_banner.hide()
        self._set_editing_enabled(True)
        self.validate()

    def restore_unsaved(self) -> None:
        kept = authoring.unsaved_plan(self.paths)
        self._close_banner()
        if kept is None:
            return
        draft, opened = kept
        self.show_draft(draft, opened)
        self.dirty = True  # still not saved
        self.status.setText("The unsaved plan is back. Save it when it is ready.")

    def discard_unsaved(self) -> None:
        authoring.forget_unsaved_plan(self.paths)
        self._close_banner()

    def keep_unsaved(self) -> None:
        """Write the work so far aside (each check while typing, and on close)."""
        if not self.dirty or not self.unsaved_banner.isHidden():
            return  # never over work still waiting to be restored
        try:
            authoring.keep_unsaved_plan(self.paths, self.draft(), self.opened)
        except OSError as exc:
            log.warning("could not keep the plan builder's unsaved work: %s", exc)

    def shutdown(self) -> None:
        self._timer.stop()
        self.keep_unsaved()

    def _may_replace(self) -> bool:
        """True when the plan shown may be put aside: it is saved, or the person says so."""
        if not self.dirty:
            return True
        name = self.title.text().strip() or "this plan"
        return ask_yes_no(
            self,
            "Put this plan aside?",
            f"The changes to “{name}” are not saved. Put them aside without saving?",
        )

    # -- opening ----------------------------------------------------------------------------

    def new_plan(self) -> None:
        if not self._may_replace():
            return
        self.show_draft(PlanDraft(), None)
        authoring.forget_unsaved_plan(self.paths)
        self.status.setText("A new plan. Plans are saved in the sessions folder.")
        self.title.setFocus()

    def choose_saved(self) -> None:
        start = self.paths.content_folder() / "sessions"
        name, _ = QFileDialog.getOpenFileName(
            self, "Open a saved session plan", str(start), "Session plans (*.toml)"
        )
        if name:
            self.open_saved(Path(name))

    def open_saved(self, path: Path) -> bool:
        """Show a saved plan exactly as it was saved, to change it; False when it cannot be."""
        if not self._may_replace():
            return False
        try:
            draft = plan_draft.read_draft(path)
        except PlanDraftError as exc:
            self.status.setText(f"Not opened: {exc}")
            return False
        # A plan from the bundled library or an installed pack is saved as a copy of its own
        # in the content folder; only a plan already there is changed in place.
        own = path.resolve().parent == (self.paths.content_folder() / "sessions").resolve()
        self.show_draft(draft, path if own else None)
        authoring.forget_unsaved_plan(self.paths)
        where = "" if own else " Saving makes a copy in the content folder."
        self.status.setText(f"Opened {path.name}.{where}")
        return True

    def show_draft(self, draft: PlanDraft, opened: Path | None) -> None:
        self._showing = True
        self.opened = opened
        self._kept = draft
        self._id_typed = bool(draft.id)
        self.title.setText(draft.title)
        self.id.setText(draft.id)
        self.audience.setText(draft.audience)
        self.total.setValue(draft.minutes)
        self.reveal.setChecked(draft.reveal_prompts)
        self.welcome.setText(draft.welcome)
        self.ground_rules.setPlainText("\n".join(draft.ground_rules))
        self.tallies.setPlainText("\n".join(draft.tallies))
        self.debrief.setPlainText(_debrief_lines(draft.debrief))
        self.takeaways.setPlainText("\n".join(draft.takeaways))
        self._steps = [
            PlanScenarioDraft(s.id, s.minutes, list(s.prompts), s.notes, list(s.pauses))
            for s in draft.scenarios
        ]
        self._refresh_steps(0 if self._steps else -1)
        self._showing = False
        self.dirty = False
        self._timer.stop()
        self.validate()

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
        self._edited()

    def move(self, delta: int) -> None:
        row = self.steps.currentRow()
        to = row + delta
        if row < 0 or not 0 <= to < len(self._steps):
            return
        self._steps[row], self._steps[to] = self._steps[to], self._steps[row]
        self._refresh_steps(to)
        self._edited()

    def remove_selected(self) -> None:
        row = self.steps.currentRow()
        if row >= 0:
            del self._steps[row]
            self._refresh_steps(min(row, len(self._steps) - 1))
            self._edited()

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
        showing, self._showing = self._showing, True
        step = self._steps[row] if has else PlanScenarioDraft("")
        self.step_minutes.setValue(step.minutes)
        self.step_prompts.setPlainText("\n".join(step.prompts))
        self.step_notes.setText(step.notes)
        self._showing = showing

    def _step_edited(self) -> None:
        row = self.steps.currentRow()
        if self._showing or not 0 <= row < len(self._steps):
            return
        step = self._steps[row]
        step.minutes = self.step_minutes.value()
        step.prompts = _lines(self.step_prompts)
        step.notes = self.step_notes.text().strip()
        self._edited()

    # -- the plan -----------------------------------------------------------------------------

    def _edited(self) -> None:
        if self._showing:
            return
        self.dirty = True
        self._timer.start()

    def _title_changed(self, text: str) -> None:
        if not self._id_typed and not self._showing:
            self.id.setText(slug(text))
        self._edited()

    def _id_edited(self, _text: str) -> None:
        self._id_typed = True

    def draft(self) -> PlanDraft:
        return PlanDraft(
            id=self.id.text().strip(),
            title=self.title.text().strip(),
            audience=self.audience.text().strip(),
            summary=self._kept.summary,
            welcome=self.welcome.text().strip(),
            minutes=self.total.value(),
            reveal_prompts=self.reveal.isChecked(),
            ground_rules=_lines(self.ground_rules),
            scenarios=[
                PlanScenarioDraft(s.id, s.minutes, list(s.prompts), s.notes, list(s.pauses))
                for s in self._steps
            ],
            tallies=_lines(self.tallies),
            tally_ids=dict(self._kept.tally_ids),
            debrief=_debrief_parts(self.debrief),
            takeaways=_lines(self.takeaways),
            support=list(self._kept.support),
        )

    def validate(self) -> list[str]:
        ids = {s.id for s in self._scenarios()}
        others = [
            plan_id
            for plan_id, path in authoring.saved_plan_ids(self.paths).items()
            if self.opened is None or path.resolve() != self.opened.resolve()
        ]
        found = plan_draft.problems(self.draft(), self.paths.content_folder(), ids, others)
        self.problem.show_messages(found)
        waiting = not self.unsaved_banner.isHidden()
        self.save_button.setEnabled(not found and not self.save_task.running and not waiting)
        if self.dirty:
            self.keep_unsaved()
        return found

    def save(self) -> None:
        self._timer.stop()
        if self.validate() or self.save_task.running:
            return
        draft, opened = self.draft(), self.opened
        self._saving = draft
        self.save_button.setEnabled(False)
        self.status.setText("Saving…")
        self.save_task.start(lambda: authoring.save_plan(self.paths, draft, opened))

    def _saved(self, path: Path) -> None:
        saved = self._saving
        # The tallies keep the ids they were saved with, even if reordered before the next save.
        saved.tally_ids = saved.saved_tally_ids()
        self.opened = path
        self._kept = saved
        self.dirty = self.draft() != saved  # typed while it was saving: still to keep
        authoring.forget_unsaved_plan(self.paths)
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
