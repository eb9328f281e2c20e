"""The "Group session" place: choose a plan and a projector, then run the session.

`SessionRun` creates the two windows and puts them on their screens: the audience window
full screen on the projector and the console on the laptop; with one screen, a compact
strip over the audience view in one window. No profile is needed to run a plan; saving the
notes asks the facilitator to unlock theirs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import Paths, Settings
from app.errors import CasebookError
from app.models.content import Scenario
from app.models.journal import Entry
from app.models.session_plan import Plan, PlanError, load_plans
from app.models.support import support_for_plan
from app.services.group_session import GroupSession, export_summary, save_to_journal
from app.services.session import UnlockedSession
from app.ui.group import screens
from app.ui.group.audience import AudienceWindow
from app.ui.group.facilitator_console import FacilitatorConsole
from app.ui.shared.session_state import SessionState
from app.ui.shared.tasks import Task

log = logging.getLogger(__name__)

ScenarioLoader = Callable[[Paths], Mapping[str, Scenario]]


def default_scenarios(paths: Paths) -> dict[str, Scenario]:
    """Installed scenarios, from the content library."""
    from app.services import library  # the library service reads and validates manifests

    scenarios, _problems = library.load_scenarios(paths)  # (scenarios, problems)
    return {s.id: s for s in scenarios}


def caption_cues(path: str) -> list[tuple[int, int, str]]:
    """Cues for large captions on the wall (none when the file cannot be read)."""
    from app.models import captions

    try:
        return [(int(c.start * 1000), int(c.end * 1000), c.text) for c in captions.read(Path(path))]
    except (OSError, ValueError, AttributeError):
        log.warning("captions could not be read for the wall")
        return []


class UnlockToSaveDialog(QDialog):
    """The unlock screen in a dialog: pick your profile and type its passphrase.

    The same view as the app's own unlock screen (key derivation off the GUI thread, the
    growing pause after wrong tries, the way back with a recovery code), without touching the
    app's session: the profile is unlocked only to save these notes.
    """

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.services.profiles import ProfileService
        from app.ui.profiles.unlock_view import UnlockView

        self.setWindowTitle("Save to your journal")
        self.service = ProfileService(paths)
        self.unlocked = None
        self.view = UnlockView(self.service, None, title="Save to your journal", offer_demo=False)
        self.view.hint.setText(
            "Choose your profile and type your passphrase. "
            "Your notes are saved encrypted in your own journal."
        )
        self.view.unlocked.connect(self._unlocked)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view)
        lay.addWidget(self.buttons)

    def _unlocked(self, unlocked) -> None:
        self.unlocked = unlocked
        self.accept()

    def reject(self) -> None:
        # Closing mid-check would leave the profile it opens unlocked with nobody to lock it.
        if not self.view.working:
            super().reject()


class SessionRun(QObject):
    """One running group session: its windows, their screens, saving and exporting."""

    finished = Signal()
    saved = Signal(str)  # entry id
    exported = Signal(object)  # the summary PDF's Path

    def __init__(
        self,
        paths: Paths,
        session: GroupSession,
        projector: QScreen | None = None,
        *,
        laptop: QScreen | None = None,
        single_screen: bool | None = None,
        app_session: SessionState | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.session = session
        self.app_session = app_session
        self._export_task = Task(self)
        self._export_task.finished.connect(self._exported)
        self._export_task.failed.connect(self._export_failed)
        laptop = laptop or QGuiApplication.primaryScreen()
        if single_screen is None:
            projector = projector or screens.projector_screen()
            single_screen = projector is None
        self.single_screen = single_screen
        self.audience = AudienceWindow()
        self.stage: QWidget | None = None
        if single_screen:
            # one screen: the compact console strip sits over the audience view, in one window
            self.stage = QWidget()
            self.stage.setWindowTitle(f"Group session - {session.plan.title}")
            self.console = FacilitatorConsole(
                session, self.audience, compact=True, cues_for=caption_cues
            )
            lay = QVBoxLayout(self.stage)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(0)
            lay.addWidget(self.console)
            lay.addWidget(self.audience, 1)
            screens.put_on(self.stage, laptop)
        else:
            self.console = FacilitatorConsole(session, self.audience, cues_for=caption_cues)
            screens.put_full_screen(self.audience, projector)
            screens.put_on(self.console, laptop)
        self.console.left.connect(self._close)
        self.console.save_requested.connect(self.save)
        self.console.export_requested.connect(self.export)
        self.console.activateWindow()

    def move_audience_to(self, screen: QScreen) -> None:
        if not self.single_screen:
            screens.put_full_screen(self.audience, screen)

    def save(self) -> str | None:
        try:
            entry = self._save()
        except CasebookError as exc:
            QMessageBox.warning(self.console, "Not saved", str(exc))
            return None
        if entry is None:
            return None
        QMessageBox.information(
            self.console, "Saved", "Your notes, tallies and take-aways are in your journal."
        )
        self.saved.emit(entry.id)
        return entry.id

    def _save(self) -> Entry | None:
        # The facilitator's profile already open in this app: save into that one session.
        if self.app_session is not None and self.app_session.current is not None:
            return save_to_journal(self.session, self.app_session.current.journal)
        dialog = UnlockToSaveDialog(self.paths, self.console)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.unlocked is None:
            return None
        # Opened only for this save, and locked straight after: not left open in a room.
        with UnlockedSession(dialog.unlocked) as unlocked:
            return save_to_journal(self.session, unlocked.journal)

    def export(self) -> bool:
        """Ask where, then lay out and write the summary PDF on a worker (atomically)."""
        if self._export_task.running:
            return False
        name = f"group-session-{self.session.plan.id}.pdf"
        target, _ = QFileDialog.getSaveFileName(
            self.console, "Export summary PDF", str(Path.home() / name), "PDF (*.pdf)"
        )
        if not target:
            return False
        group, organisation = self.session, Settings.load(self.paths).organisation
        self._export_task.start(lambda: export_summary(group, Path(target), organisation))
        return True

    def _exported(self, path: object) -> None:
        self.exported.emit(path)
        QMessageBox.information(self.console, "Summary saved", f"Saved to {path}.")

    def _export_failed(self, exc: object) -> None:
        message = (
            str(exc)
            if isinstance(exc, CasebookError)
            else f"The summary could not be made. Nothing was saved. ({type(exc).__name__})"
        )
        QMessageBox.warning(self.console, "Not saved", message)

    def _close(self) -> None:
        self.audience.close()
        if self.stage is not None:
            self.stage.close()
        self.console.close()
        self.finished.emit()


class GroupSessionPage(QWidget):
    """Pick a plan and where the wall is, then start."""

    def __init__(
        self,
        paths: Paths,
        scenarios: ScenarioLoader = default_scenarios,
        parent: QWidget | None = None,
        *,
        app_session: SessionState | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.app_session = app_session  # the app's unlocked profile, if any, for saving notes
        self._scenarios = scenarios
        self._titles: dict[str, str] | None = None  # scenario titles, read on first need
        self.run: SessionRun | None = None
        self.plans: list[Plan] = []
        self.plan_list = QListWidget()
        self.plan_list.setAccessibleName("Session plans")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.screen_choice = QComboBox()
        self.screen_choice.setAccessibleName("Show the wall on")
        self.start_button = QPushButton("&Start session")
        self.start_button.clicked.connect(self.start)
        self.message = QLabel()
        self.message.setWordWrap(True)
        heading = QLabel("Run a group session")
        f = heading.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.3)
        heading.setFont(f)
        intro = QLabel(
            "The wall shows only the clip, the questions and the slides. Your notes and "
            "journal stay on this screen. You do not need to unlock a profile to run a plan."
        )
        intro.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.plan_list, 1)
        row.addWidget(self.details, 2)
        form = QFormLayout()
        form.addRow("Show the &wall on", self.screen_choice)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(intro)
        lay.addLayout(row, 1)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignRight)
        self.plan_list.currentRowChanged.connect(self._show_details)
        self.reload()

    def reload(self) -> None:
        self.plans, problems = load_plans(self.paths.content_roots())
        self._titles = None
        self.plan_list.clear()
        for plan in self.plans:
            self.plan_list.addItem(plan.title)
        if self.plans:
            self.plan_list.setCurrentRow(0)
        self.message.setText(
            f"{len(problems)} problem(s) in plan files; 'casebook content check' lists them."
            if problems
            else ""
        )
        self.screen_choice.clear()
        projector = screens.projector_screen()
        for s in screens.all_screens():
            self.screen_choice.addItem(screens.describe(s), s.name())
        self.screen_choice.addItem("This screen only (a strip over the wall's view)", "")
        self.screen_choice.setCurrentIndex(
            screens.all_screens().index(projector) if projector else self.screen_choice.count() - 1
        )

    def _show_details(self, row: int) -> None:
        if not 0 <= row < len(self.plans):
            self.details.setText(
                "No session plans yet. Add one to the sessions folder of your content."
            )
            return
        p = self.plans[row]
        lines = [
            p.summary,
            "",
            f"For: {p.audience}" if p.audience else "",
            f"About {p.minutes:g} minutes" if p.minutes else "",
            "Scenarios: " + ", ".join(self._title(s.id) for s in p.scenarios),
        ]
        self.details.setText("\n".join(x for x in lines if x is not None))

    def _title(self, scenario_id: str) -> str:
        """A scenario's title for the facilitator; its id when it is not installed."""
        if self._titles is None:
            self._titles = {sid: sc.title for sid, sc in self._scenarios(self.paths).items()}
        return self._titles.get(scenario_id, scenario_id)

    def start(self) -> SessionRun | None:
        row = self.plan_list.currentRow()
        if not 0 <= row < len(self.plans):
            return None
        plan, scenarios = self.plans[row], self._scenarios(self.paths)
        support = support_for_plan(plan, scenarios, Settings.load(self.paths))
        try:
            session = GroupSession.open(plan, scenarios, support=support.items)
        except PlanError as exc:
            self.message.setText(str(exc))
            return None
        name = self.screen_choice.currentData()
        chosen = (
            next((s for s in screens.all_screens() if s.name() == name), None) if name else None
        )
        self.run = SessionRun(
            self.paths,
            session,
            chosen,
            single_screen=chosen is None or chosen is QGuiApplication.primaryScreen(),
            app_session=self.app_session,
        )
        self.run.finished.connect(self._finished)
        return self.run

    def _finished(self) -> None:
        self.run = None
