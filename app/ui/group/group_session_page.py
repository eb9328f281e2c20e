"""The "Group session" place: choose a plan and a projector, then run the session.

`SessionRun` creates the two windows and puts them on their screens: the audience window
full screen on the projector and the console on the laptop; with one screen, the console,
and the wall on its own when the facilitator presses F. No profile is needed to run a plan;
saving the notes asks the facilitator to unlock theirs. A running session's place is kept on
disk so that it can be resumed; its notes only ever sealed in an unlocked journal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
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
from app.services.group_session import (
    GroupSession,
    export_summary,
    forget_running,
    keep_running,
    running_session,
    save_to_journal,
    seal_notes,
    unseal_notes,
)
from app.services.session import UnlockedSession
from app.ui.group import screens
from app.ui.group.audience import AudienceWindow
from app.ui.group.facilitator_console import FacilitatorConsole
from app.ui.shared.dialogs import ask_save_file, ask_yes_no
from app.ui.shared.headings import style_heading
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
    """One running group session: its windows, their screens, keeping its state, saving.

    Two screens: the wall full screen on the projector, the console on the laptop. One screen
    (a single display, or a mirrored one): the console, and on F a wall-only view that shows
    the room nothing else. Screens may come and go while the session runs: the wall never
    lands behind the console on the laptop; it waits, and comes back with the projector.
    """

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
        self.console_screen: QScreen = laptop or QGuiApplication.primaryScreen()
        if single_screen is None:
            projector = projector or screens.projector_screen()
        elif single_screen:
            projector = None
        self.wall_screen: QScreen | None = projector
        self._lost_wall = ""  # the name of a projector that went away, to welcome it back
        self.audience = AudienceWindow()
        self.console = FacilitatorConsole(session, self.audience, cues_for=caption_cues)
        screens.put_on(self.console, self.console_screen)
        self._place_wall()
        self.console.left.connect(self._close)
        self.console.save_requested.connect(self.save)
        self.console.export_requested.connect(self.export)
        self.console.wall_view_requested.connect(self.toggle_wall_view)
        self.console.show_on_requested.connect(self.choose_screen)
        self.console.swap_requested.connect(self.swap_screens)
        app = QGuiApplication.instance()
        app.screenAdded.connect(self._screen_added)
        app.screenRemoved.connect(self._screen_removed)
        # keeping the state: the place at once on every change, the notes sealed, a moment later
        self._notes_timer = QTimer(self)
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(1500)
        self._notes_timer.timeout.connect(self.keep_notes)
        self.console.changed.connect(self.keep_place)
        self.console.notes_changed.connect(self._notes_timer.start)
        self._notes_profile = ""
        # closing the app while notes wait to be sealed: seal them first
        app.aboutToQuit.connect(self._flush_notes)
        self.keep_place()
        self.console.activateWindow()

    # ------------------------------------------------------------ screens

    @property
    def single_screen(self) -> bool:
        wall = screens.alive(self.wall_screen)
        return wall is None or screens.same(wall, self.console_screen)

    def _place_wall(self) -> None:
        self.console.wall_view = False
        if not self.single_screen:
            assert self.wall_screen is not None
            screens.put_full_screen(self.audience, self.wall_screen)
            where = f"The wall is on {screens.describe(self.wall_screen)}."
        else:
            # one screen: the wall shows only when asked for (F), never under the console
            self.audience.hide()
            where = "One screen: press F (or F11) to show the wall on its own, F to come back."
        self.console.wall_place.setText(where)
        self.console.wall_view_button.setEnabled(self.single_screen)
        self.console.swap_button.setEnabled(not self.single_screen)
        self.console.show()
        self.console.raise_()

    def toggle_wall_view(self) -> None:
        """One screen: the wall alone, full screen (what the room sees); again: the console."""
        if not self.single_screen:
            return
        if self.console.wall_view:
            self.console.wall_view = False
            self.audience.show_entry("")
            self.audience.hide()
            self.console.show()
            self.console.raise_()
            self.console.activateWindow()
            self.console.setFocus()
        else:
            self.console.wall_view = True
            screens.put_full_screen(self.audience, self.console_screen)
            self.audience.raise_()
            self.audience.activateWindow()
            self.audience.setFocus()

    def move_audience_to(self, screen: QScreen) -> None:
        """Show the wall on `screen`; the console's own screen means one-screen mode."""
        self.wall_screen = screen
        self._lost_wall = ""
        self.console.warn_screens("")
        self._place_wall()

    def swap_screens(self) -> None:
        if self.single_screen or self.wall_screen is None:
            return
        self.console_screen, self.wall_screen = self.wall_screen, self.console_screen
        screens.put_on(self.console, self.console_screen)
        self._place_wall()

    def choose_screen(self) -> None:
        """ "Show on…": a menu of the screens there are now."""
        menu = QMenu(self.console)
        menu.setAccessibleName("Show the wall on")
        for s in screens.all_screens():
            label = screens.describe(s)
            if screens.same(s, self.console_screen):
                label += " (one screen: the wall on F)"
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(screens.same(s, self.wall_screen))
            action.triggered.connect(lambda _checked=False, s=s: self.move_audience_to(s))
        menu.exec(
            self.console.show_on_button.mapToGlobal(self.console.show_on_button.rect().bottomLeft())
        )

    def _screen_removed(self, screen: QScreen) -> None:
        if screens.same(screen, self.console_screen):
            others = [s for s in screens.all_screens() if not screens.same(s, screen)]
            self.console_screen = next(
                (s for s in others if not screens.same(s, self.wall_screen)),
                QGuiApplication.primaryScreen(),
            )
            screens.put_on(self.console, self.console_screen)
            if screens.same(self.console_screen, self.wall_screen):
                # the laptop's screen went and the console had to go to the projector's: the
                # facilitator's notes must not go up on the wall, so the wall steps aside
                self.wall_screen = None
                self._place_wall()
                self.console.warn_screens(
                    "The console's screen was disconnected, so the console is on the other "
                    "screen now and the wall is hidden. Use Show on… to choose."
                )
                return
        if not screens.same(screen, self.wall_screen) and screens.alive(self.wall_screen):
            return
        self._lost_wall = screen.name()
        self.wall_screen = None
        self.audience.clip.pause()  # nobody can see it: wait where it is
        self._place_wall()
        self.console.warn_screens(
            f"The projector ({screen.name() or 'screen'}) was disconnected. The wall is hidden "
            "and the clip paused; your session, counts and notes are all here. Plug it back in "
            "and the wall returns, or use Show on… to choose a screen."
        )
        log.info("the wall's screen was removed")

    def _screen_added(self, screen: QScreen) -> None:
        if self.wall_screen is not None and not self.single_screen:
            self.console.warn_screens(
                f"A screen was connected: {screens.describe(screen)}. "
                "Use Show on… to move the wall there."
            )
            return
        if screens.same(screen, self.console_screen):
            return
        was_lost = bool(self._lost_wall)
        self.wall_screen = screen
        self._lost_wall = ""
        self._place_wall()
        self.console.warn_screens(
            f"The wall is {'back ' if was_lost else ''}on {screens.describe(screen)}."
            + (
                " Press Space to carry on with the clip."
                if self.session.current.kind == "clip"
                else ""
            )
        )

    # ------------------------------------------------------------ keeping the state

    def _journal(self):
        current = self.app_session.current if self.app_session is not None else None
        return None if current is None else current

    def keep_place(self) -> None:
        """Where the session is, written at once (a crash or a switch-off loses nothing)."""
        try:
            keep_running(self.paths.data_dir, self.session, self._notes_profile)
        except OSError:
            log.warning("the running session's place could not be written")

    def keep_notes(self) -> None:
        """The facilitator's notes, sealed in their unlocked journal; never written in clear.

        With no profile unlocked they stay in memory only, and the console says so.
        """
        unlocked = self._journal()
        if unlocked is None:
            if self.session.notes or self.session.actions:
                self.console.confirm(
                    "Your notes are not kept for resuming until you unlock your profile "
                    "(Save to my journal…): they are never written down unsealed."
                )
            return
        seal_notes(self.session, unlocked.journal)
        if self._notes_profile != unlocked.profile.id:
            self._notes_profile = unlocked.profile.id
            self.keep_place()

    def _flush_notes(self) -> None:
        if self._notes_timer.isActive():
            self._notes_timer.stop()
            self.keep_notes()

    def restore_notes(self) -> bool:
        unlocked = self._journal()
        if unlocked is None:
            return False
        if not unseal_notes(self.session, unlocked.journal):
            return False
        self._notes_profile = unlocked.profile.id
        for edit, text in (
            (self.console.notes_edit, self.session.notes),
            (self.console.actions_edit, "\n".join(self.session.actions)),
        ):
            edit.blockSignals(True)
            edit.setPlainText(text)
            edit.blockSignals(False)
        return True

    # ------------------------------------------------------------ saving and exporting

    def save(self) -> str | None:
        try:
            entry = self._save()
        except CasebookError as exc:
            QMessageBox.warning(self.console, "Not saved", str(exc))
            return None
        if entry is None:
            return None
        self.console.confirm("Saved: your notes, tallies and take-aways are in your journal.")
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
        """Ask where (and whether the notes go in), then write the PDF on a worker, atomically."""
        if self._export_task.running:
            return False
        name = f"group-session-{self.session.plan.id}.pdf"
        target = ask_save_file(self.console, "Export summary PDF", name, "PDF (*.pdf)")
        if not target:
            return False
        include_notes = False
        if self.session.notes.strip():
            include_notes = ask_yes_no(
                self.console,
                "Include your notes?",
                "Put your session notes in the summary? Anyone you give the PDF to will "
                "read them. Counts, take-aways and actions go in either way.",
            )
        group, organisation = self.session, Settings.load(self.paths).organisation
        person = self._facilitator()
        self.console.confirm("Making the summary PDF…")
        self._export_task.start(
            lambda: export_summary(
                group,
                Path(target),
                organisation,
                facilitator=person,
                include_notes=include_notes,
            )
        )
        return True

    def _facilitator(self) -> tuple[str, str]:
        """The facilitator's name and role, from their unlocked profile (else left blank)."""
        unlocked = self._journal()
        if unlocked is None:
            return ("", "")
        return (unlocked.profile.name, unlocked.profile.role_label)

    def _exported(self, path: object) -> None:
        self.exported.emit(path)
        self.console.confirm(f"Summary saved to {path}.")
        QMessageBox.information(self.console, "Summary saved", f"Saved to {path}.")

    def _export_failed(self, exc: object) -> None:
        message = (
            str(exc)
            if isinstance(exc, CasebookError)
            else f"The summary could not be made. Nothing was saved. ({type(exc).__name__})"
        )
        self.console.confirm(message)
        QMessageBox.warning(self.console, "Not saved", message)

    def _close(self) -> None:
        app = QGuiApplication.instance()
        app.screenAdded.disconnect(self._screen_added)
        app.screenRemoved.disconnect(self._screen_removed)
        app.aboutToQuit.disconnect(self._flush_notes)
        self._flush_notes()
        self.audience.close()
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
        self.screen_choice.setAccessibleName("Show the room's screen on")
        self.start_button = QPushButton("&Start session")
        self.start_button.clicked.connect(lambda: self.start())
        # a session that was running when the page was left, the app closed or crashed
        self.resume_label = QLabel()
        self.resume_label.setWordWrap(True)
        self.resume_button = QPushButton("&Resume session")
        self.resume_button.setAccessibleName("Resume the session that was running")
        self.resume_button.clicked.connect(self.resume)
        self.discard_button = QPushButton("&Discard it")
        self.discard_button.setAccessibleName("Discard the session that was running")
        self.discard_button.clicked.connect(self.discard_running)
        resume_row = QHBoxLayout()
        resume_row.addWidget(self.resume_label, 1)
        resume_row.addWidget(self.resume_button)
        resume_row.addWidget(self.discard_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        heading = QLabel("Run a group session")
        style_heading(heading)
        intro = QLabel(
            "The room sees the projector screen (\u201cthe wall\u201d on the console): only the "
            "clip, the questions and the slides. Your notes and journal stay on this screen. "
            "You do not need to unlock a profile to run a plan."
        )
        intro.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.plan_list, 1)
        row.addWidget(self.details, 2)
        form = QFormLayout()
        form.addRow("Show the room's screen (the &wall) on", self.screen_choice)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(intro)
        lay.addLayout(row, 1)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addLayout(resume_row)
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
        self._show_running()
        self.screen_choice.clear()
        projector = screens.projector_screen()
        for s in screens.all_screens():
            self.screen_choice.addItem(screens.describe(s), s.name())
        self.screen_choice.addItem("This screen only (one screen: the room sees it too)", "")
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

    def start(self, restore: dict | None = None) -> SessionRun | None:
        row = self.plan_list.currentRow()
        if not 0 <= row < len(self.plans):
            return None
        plan, scenarios = self.plans[row], self._scenarios(self.paths)
        support = support_for_plan(plan, scenarios, Settings.load(self.paths))
        try:
            session = GroupSession.open(plan, scenarios, support=support.items)
            if restore is not None:
                session.restore(restore)
        except (PlanError, ValueError) as exc:
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
        self._show_running()
        return self.run

    def _finished(self) -> None:
        self.run = None
        self._show_running()

    def _show_running(self) -> None:
        snap = running_session(self.paths.data_dir)
        plan = self._plan(snap.get("plan", "")) if snap else None
        can_resume = snap is not None and plan is not None and self.run is None
        if can_resume:
            assert snap is not None and plan is not None
            self.resume_label.setText(
                f"A session was running: {plan.title}, step {int(snap.get('index', 0)) + 1} "
                f"of {snap.get('steps', '?')}, after {int(float(snap.get('elapsed', 0)) // 60)} "
                "minutes. Resume it where it was, with its counts and take-aways."
            )
        self.resume_label.setVisible(can_resume)
        self.resume_button.setVisible(can_resume)
        self.discard_button.setVisible(can_resume)

    def _plan(self, plan_id: str) -> Plan | None:
        return next((p for p in self.plans if p.id == plan_id), None)

    def resume(self) -> SessionRun | None:
        """Open the session that was running, at its step, with its counts and take-aways;
        its notes come back when the profile they were sealed in is unlocked."""
        snap = running_session(self.paths.data_dir)
        plan = self._plan(snap.get("plan", "")) if snap else None
        if snap is None or plan is None:
            self._show_running()
            return None
        self.plan_list.setCurrentRow(self.plans.index(plan))
        run = self.start(restore=snap)
        if run is not None and snap.get("notes_profile") and not run.restore_notes():
            run.console.confirm(
                "Your notes from before are sealed in your journal. Unlock the profile you "
                "were using, then resume again, to bring them back."
            )
        return run

    def discard_running(self) -> None:
        current = self.app_session.current if self.app_session is not None else None
        forget_running(self.paths.data_dir, current.journal if current is not None else None)
        self._show_running()
