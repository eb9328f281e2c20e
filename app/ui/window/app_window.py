"""The main window: the profile bar on top, places on the left, the current place on the right.

Places (Library, Journal, Progress, Group session, Portfolio, Programme evaluation) are
registered in PLACES, each with a factory taking the window's shared `WindowContext`; a place
is built the first time it is shown, so start-up pays only for the library. Places that hold
journal text are wrapped in an UnlockGate. Closing the window locks the session.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import Paths
from app.models.content import Scenario
from app.ui.shared.session_state import SessionState

log = logging.getLogger(__name__)

# The start-up test and benchmark set this: print a line once the window is shown and the
# event loop is idle, then quit (exit 0).
QUIT_AFTER_START_ENV = "CASEBOOK_QUIT_AFTER_START"
READY_LINE = "casebook-ready"
WINDOW_STATE_FILE = "window.ini"  # geometry and last place only; never journal text


def load_content(paths: Paths) -> tuple[list[Scenario], list]:
    """Scenarios and content problems from the library service (broken files are skipped)."""
    from app.services.library import load_scenarios

    scenarios, problems = load_scenarios(paths)
    return list(scenarios), list(problems)


class WindowContext(QObject):
    """What the places share: paths, the profile session, the library, and hand-offs."""

    open_scenario_requested = Signal(object)  # Scenario: show it in the library and open it
    show_place_requested = Signal(str)  # place key
    content_changed = Signal()  # a scenario was saved or a pack installed: read the library again
    notice = Signal(str)  # a sentence for the status line (e.g. where a draft was kept)
    restore_requested = Signal()  # from the unlock screen: restore a profile from a backup
    profile_count_changed = Signal(int)  # from the unlock screens
    open_entry_requested = Signal(str)  # entry id: show it in the journal

    def __init__(self, paths: Paths, session: SessionState, service, parent=None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.session = session
        self.service = service
        self.scenarios, self.problems = load_content(paths)
        self._backups = None

    def backups(self):
        """The backup service the command line uses too, made when first needed."""
        if self._backups is None:
            from app.services.backup import BackupService

            self._backups = BackupService(self.paths)
        return self._backups

    def scenarios_by_id(self, _paths: Paths | None = None) -> dict[str, Scenario]:
        return {s.id: s for s in self.scenarios}

    def gate(self, view: QWidget) -> QWidget:
        """`view` behind the unlock screen while no profile is unlocked."""
        from app.ui.profiles.unlock_view import UnlockGate

        gate = UnlockGate(view, self.service, self.session)
        gate.unlock_view.restore_requested.connect(self.restore_requested)
        gate.unlock_view.profile_count_changed.connect(self.profile_count_changed)
        return gate


# --------------------------------------------------------------------------- places


def _library(context: WindowContext) -> QWidget:
    from app.ui.library.library_page import LibraryPage

    return LibraryPage(context)


def _journal(context: WindowContext) -> QWidget:
    from app.ui.journal.journal_view import JournalView

    view = JournalView(context.paths, context.session, scenarios=context.scenarios_by_id())
    return context.gate(view)


def _progress(context: WindowContext) -> QWidget:
    from app.ui.progress.progress_view import ProgressView

    view = ProgressView(context.paths, context.session, scenarios=context.scenarios_by_id())

    def watch_again(scenario_id: str) -> None:
        scenario = context.scenarios_by_id().get(scenario_id)
        if scenario is not None:
            context.open_scenario_requested.emit(scenario)

    view.refresher_requested.connect(watch_again)
    return context.gate(view)


def _portfolio(context: WindowContext) -> QWidget:
    from app.ui.portfolio.portfolio_view import PortfolioView

    return context.gate(PortfolioView(context.session))


def _group(context: WindowContext) -> QWidget:
    from app.ui.group.group_session_page import GroupSessionPage

    return GroupSessionPage(
        context.paths, scenarios=context.scenarios_by_id, app_session=context.session
    )


def _editor(context: WindowContext) -> QWidget:
    from app.ui.editor.editor_place import EditorPlace

    editor = EditorPlace(context.paths, lambda: context.scenarios)
    editor.content_saved.connect(context.content_changed)
    return editor


def _evaluation(context: WindowContext) -> QWidget:
    from app.ui.evaluation.evaluation_page import EvaluationPage

    return EvaluationPage(context.paths)  # anonymous slips only: no unlock needed


@dataclass
class Place:
    key: str
    title: str
    factory: Callable[[WindowContext], QWidget]
    description: str
    widget: QWidget | None = field(default=None)


# To add a place: one line here. Ctrl+1..n follow this order.
PLACES: tuple[tuple[str, str, Callable[[WindowContext], QWidget], str], ...] = (
    ("library", "Library", _library, "Scenarios to watch and reflect on"),
    ("journal", "Journal", _journal, "Your private reflections"),
    ("progress", "Progress", _progress, "Your confidence over time, and refreshers due"),
    ("group", "Group session", _group, "Run a session for a team on a projector"),
    ("portfolio", "Portfolio", _portfolio, "Your CPD log and revalidation evidence"),
    ("editor", "Scenario editor", _editor, "Make a scenario from a clip, for content leads"),
    ("evaluation", "Programme evaluation", _evaluation, "Merge anonymous progress files"),
)


# --------------------------------------------------------------------------- the window


class LazyProfileService:
    """The ProfileService, imported on first use.

    Its database and crypto stacks (sqlite-utils, cryptography) cost about a tenth of a second
    at start-up, and nothing touches profiles until someone goes to unlock.
    """

    def __init__(self, paths: Paths) -> None:
        self._paths = paths
        self._service = None

    def __getattr__(self, name: str):
        if self._service is None:
            from app.services.profiles import ProfileService

            self._service = ProfileService(self._paths)
        return getattr(self._service, name)


class MainWindow(QMainWindow):
    """Casebook's one main window."""

    def __init__(self, paths: Paths, *, service=None) -> None:
        super().__init__()
        from app.ui.profiles.profile_bar import ProfileBar, reflection_models

        self.setWindowTitle("Casebook")
        self.setObjectName("casebook-main-window")
        self.paths = paths
        # The unlocked session shares the library's scenarios rather than reading them again.
        self.session = SessionState(self, scenarios=lambda: self.context.scenarios_by_id())
        self.service = service or LazyProfileService(paths)
        self.context = WindowContext(paths, self.session, self.service, self)
        self.profile_bar = ProfileBar(
            self.service, self.session, self, models=lambda: reflection_models(paths)
        )
        self.places = [Place(k, t, f, d) for k, t, f, d in PLACES]

        self.nav = QListWidget()
        self.nav.setAccessibleName("Places")
        self.nav.setAccessibleDescription(
            f"Ctrl+1 to Ctrl+{len(self.places)} go straight to a place"
        )
        for n, place in enumerate(self.places, start=1):
            item = QListWidgetItem(place.title)
            item.setToolTip(f"{place.description} (Ctrl+{n})")
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, place.description)
            self.nav.addItem(item)
        width = max(
            self.nav.sizeHintForColumn(0), self.fontMetrics().horizontalAdvance("Group session")
        )
        self.nav.setFixedWidth(width + 6 * self.fontMetrics().averageCharWidth())
        self.nav.setSpacing(2)
        # Roomier rows are easier to hit and to read; sizes follow the system font.
        self.nav.setStyleSheet("QListWidget::item { padding: 0.4em 0.5em; }")
        self.nav.currentRowChanged.connect(self._show_row)
        # A click (or Enter) on a place always opens that place's own first page, also when
        # it is already the current place and shows an entry or a finished form.
        self.nav.itemClicked.connect(lambda item: self.go_to(self.places[self.nav.row(item)].key))
        self.nav.itemActivated.connect(lambda item: self.go_to(self.places[self.nav.row(item)].key))
        self.stack = QStackedWidget()
        self._own_policies: dict[QWidget, QSizePolicy] = {}

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.profile_bar)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        column.addWidget(line)
        self._chrome = (self.profile_bar, line, self.nav)
        row = QHBoxLayout()
        row.setContentsMargins(4, 4, 4, 4)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        column.addLayout(row, 1)
        self.setCentralWidget(body)

        from app.ui.window.content_packs import ContentPacks

        self.content_packs = ContentPacks(paths, self)
        self._build_menus()
        self.status = QLabel()
        self.status.setAccessibleName("Status")
        self.statusBar().addWidget(self.status, 1)
        self._show_library_status()
        self.content_packs.message.connect(self._show_pack_message)
        self.content_packs.installed.connect(self.reload_content)
        self.context.content_changed.connect(self.reload_content)
        self.content_packs.sync_at_start()  # new packs from the shared folder, off the GUI thread

        self.profile_bar.unlock_requested.connect(self._unlock_requested)
        self.context.show_place_requested.connect(self.show_place)
        self.context.restore_requested.connect(self.open_restore)
        self.context.open_entry_requested.connect(self._open_entry)
        self.context.profile_count_changed.connect(self.profile_bar.set_profile_count)
        self.profile_bar.backup_requested.connect(self.open_backup)
        self.profile_bar.restore_requested.connect(self.open_restore)
        self.session.unlocked.connect(self._after_unlock)
        self.context.notice.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.context.open_scenario_requested.connect(self._open_scenario)
        self.session.locked.connect(self._after_lock)
        # The unlock screen had the focus; once it steps aside, keyboard users land in the view.
        self.session.unlocked.connect(lambda _u: QTimer.singleShot(0, self._focus_current))

        from app.config import Settings

        self.set_contrast(Settings.load(paths).contrast, save=False)
        self._style_hints = QGuiApplication.styleHints()  # kept: its wrapper owns the next
        self._accessibility_hints = self._style_hints.accessibility()
        self._accessibility_hints.contrastPreferenceChanged.connect(self._system_contrast_changed)
        # No database yet: a first start, known without loading the profile stack.
        if not paths.database.exists():
            self.profile_bar.set_profile_count(0)

        self.resize(self._default_size())
        self.setMinimumSize(QSize(900, 560))
        self._restore_state()

    # -- menus ------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        add_pack = file_menu.addAction("&Add content pack…")
        add_pack.triggered.connect(self.content_packs.choose_and_install)
        packs_action = file_menu.addAction("Content &packs…")
        packs_action.triggered.connect(self.open_content_packs)
        self.backup_action = file_menu.addAction("&Back up my journal…")
        self.backup_action.triggered.connect(self.open_backup)
        self.backup_action.setEnabled(False)
        self.restore_action = file_menu.addAction("&Restore from a backup…")
        self.restore_action.triggered.connect(self.open_restore)
        file_menu.addSeparator()
        quit_action = file_menu.addAction("&Quit Casebook")
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)

        go = bar.addMenu("&Go")
        self.place_actions: list[QAction] = []
        for n, place in enumerate(self.places, start=1):
            action = go.addAction(place.title)
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, key=place.key: self.go_to(key))
            self.place_actions.append(action)
            self.addAction(action)  # works while the menu bar is hidden (full screen)

        view = bar.addMenu("&View")
        contrast = view.addMenu("&Contrast")
        group = QActionGroup(self)
        self.contrast_actions: dict[str, QAction] = {}
        for mode, text in (
            ("system", "Follow the &system"),
            ("high", "&High contrast"),
            ("standard", "S&tandard"),
        ):
            action = contrast.addAction(text)
            action.setCheckable(True)
            action.triggered.connect(lambda _on=False, m=mode: self.set_contrast(m))
            group.addAction(action)
            self.contrast_actions[mode] = action

        help_menu = bar.addMenu("&Help")
        self.shortcuts_action = help_menu.addAction("&Keyboard shortcuts")
        self.shortcuts_action.setShortcut(QKeySequence("Ctrl+/"))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        about = help_menu.addAction("&About Casebook")
        about.triggered.connect(self.show_about)

    def show_shortcuts(self) -> QWidget:
        from app.ui.window.window_help import ShortcutsHelp

        dialog = ShortcutsHelp([(p.title, f"Ctrl+{n}") for n, p in enumerate(self.places, 1)], self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def show_about(self) -> QMessageBox:
        from app.ui.window.window_help import about_box

        box = about_box(self)
        box.open()
        return box

    # -- places -----------------------------------------------------------------------------

    def place(self, key: str) -> Place:
        return next(p for p in self.places if p.key == key)

    def place_widget(self, key: str) -> QWidget:
        """The widget of a place, built (but not shown) if needed."""
        place = self.place(key)
        if place.widget is None:
            place.widget = place.factory(self.context)
            place.widget.setObjectName(f"place-{key}")
            self.stack.addWidget(place.widget)
            self._only_current_sets_minimum()  # built in the background: no say in it yet
        return place.widget

    def show_place(self, key: str) -> QWidget:
        row = next(i for i, p in enumerate(self.places) if p.key == key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # _show_row does the rest
        else:
            self._show_row(row)
        return self.place_widget(key)

    def go_to(self, key: str) -> QWidget:
        """What the sidebar and Ctrl+1..n do: open the place at its own first page."""
        widget = self.show_place(key)
        home = getattr(widget, "show_home", None)
        if home is not None:
            home()
        return widget

    def current_place(self) -> str:
        row = self.nav.currentRow()
        return self.places[row].key if row >= 0 else ""

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        place = self.places[row]
        widget = self.place_widget(place.key)
        self.stack.setCurrentWidget(widget)
        self._only_current_sets_minimum()
        widget.setFocus()

    def _only_current_sets_minimum(self) -> None:
        """The window is as narrow as the place shown allows, not as the widest place once
        visited: a stack's minimum is its widest page's, so places left behind take an
        ignored size policy (which leaves them out of it) until shown again."""
        current = self.stack.currentWidget()
        for place in self.places:
            page = place.widget
            if page is None:
                continue
            own = self._own_policies.setdefault(page, page.sizePolicy())
            if page is current:
                page.setSizePolicy(own)
            else:
                page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.stack.updateGeometry()  # the layouts above keep the old minimum until told

    def _focus_current(self) -> None:
        widget = self.stack.currentWidget()
        if widget is None:
            return
        inner = getattr(widget, "currentWidget", None)
        target = inner() if callable(inner) and inner() is not None else widget
        focused = QApplication.focusWidget()
        # A gate holding the focus itself is not "in the view": move on into what it shows.
        if focused is None or (focused is not target and not target.isAncestorOf(focused)):
            target.setFocus()

    def _unlock_requested(self) -> None:
        # The unlock screen stands in front of the journal; show it there.
        if self.current_place() not in ("journal", "progress"):
            self.show_place("journal")
        widget = self.place_widget(self.current_place())
        unlock = getattr(widget, "unlock_view", None)
        if unlock is not None:
            unlock.setFocus()

    def _open_entry(self, entry_id: str) -> None:
        gate = self.show_place("journal")
        journal = getattr(gate, "content", gate)
        journal.open_entry(entry_id)

    def _open_scenario(self, scenario: Scenario) -> None:
        page = self.show_place("library")
        page.open_scenario(scenario)

    # -- contrast ---------------------------------------------------------------------------

    def set_contrast(self, mode: str, *, save: bool = True) -> bool:
        """Apply a contrast mode (and keep it for next time); True when high contrast is on."""
        from app.config import Settings
        from app.ui.shared.theme import CONTRAST_MODES, apply_contrast

        mode = mode if mode in CONTRAST_MODES else "system"
        self.contrast_actions[mode].setChecked(True)
        if save:
            settings = Settings.load(self.paths)
            if settings.contrast != mode:
                settings.contrast = mode
                settings.save_preference(self.paths)
        self.contrast = mode
        high = apply_contrast(mode)
        # Widgets styled by a style sheet keep the palette they were polished with: polish again.
        for widget in self.findChildren(QWidget):
            if widget.styleSheet():
                widget.setStyleSheet(widget.styleSheet())
        return high

    def _system_contrast_changed(self, *_: object) -> None:
        if getattr(self, "contrast", "system") == "system":
            self.set_contrast("system", save=False)

    # -- backups ----------------------------------------------------------------------------

    def open_backup(self) -> QWidget | None:
        from app.ui.profiles.backup_dialogs import BackupDialog

        current = self.session.current
        if current is None:
            return None
        dialog = BackupDialog(self.context.backups(), self.service, current.unlocked, self)
        # An idle lock closes it: the journal it would copy has gone.
        self.session.locked.connect(dialog.reject)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_restore(self) -> QWidget:
        from app.ui.profiles.backup_dialogs import RestoreDialog

        dialog = RestoreDialog(self.context.backups(), self)
        dialog.restored.connect(self._restored)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _restored(self, profile_id: str) -> None:
        # A restored profile shows on the unlock screens at once.
        for place in self.places:
            unlock = getattr(place.widget, "unlock_view", None)
            if unlock is not None:
                unlock.refresh(select_id=profile_id)
        current = self.session.current
        if current is not None and current.profile.id == profile_id:
            # The open journal read its entries at unlock; opening it again reads the restored
            # ones too (the restore dialog has said what changed).
            self.session.lock()
            self.statusBar().showMessage(
                "Restored. Unlock again to see your journal with the restored reflections.", 30000
            )

    def _after_unlock(self, unlocked) -> None:
        from datetime import UTC, datetime

        from app.models.profiles import backup_reminder

        self.backup_action.setEnabled(True)
        reminder = backup_reminder(unlocked.profile, datetime.now(UTC))
        if reminder:
            self.statusBar().showMessage(reminder, 30000)

    def _after_lock(self) -> None:
        self.backup_action.setEnabled(False)
        # Say why: an idle lock surprises someone who stepped away mid-sentence.
        self.status.setText(self.session.lock_reason or "Locked. Your journal is private.")
        QTimer.singleShot(4000, self._show_library_status)

    # -- status -----------------------------------------------------------------------------

    def _show_library_status(self) -> None:
        n = len(self.context.scenarios)
        text = f"{n} scenario{'s' if n != 1 else ''} in the library"
        if self.context.problems:
            k = len(self.context.problems)
            text += f" · {k} content problem{'s' if k != 1 else ''} (see the library)"
        self.status.setText(text)

    def _show_pack_message(self, text: str) -> None:
        self.status.setText(text)
        QTimer.singleShot(30000, self._show_library_status)

    def open_content_packs(self) -> QWidget:
        """The installed packs, to add, remove or go back a version (File > Content packs…)."""
        from app.ui.window.packs_dialog import PacksDialog

        dialog = PacksDialog(self.paths, self.content_packs, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def reload_content(self) -> None:
        """Read the library again after content packs were installed."""
        self.context.scenarios, self.context.problems = load_content(self.paths)
        page = self.place("library").widget
        if page is not None:
            page.library.set_library(self.context.scenarios, self.context.problems)
        group = self.place("group").widget
        if group is not None and getattr(group, "run", None) is None:
            group.reload()  # plans saved in the editor or installed in a pack; never mid-session
        self._show_library_status()

    def check_video_support(self) -> None:
        """Say once, in the status bar, when VLC is missing; the rest of the app still works."""
        from app.media.vlc_loader import install_hint, vlc_available

        if not vlc_available():
            self.statusBar().showMessage(install_hint())

    # -- size and state ---------------------------------------------------------------------

    def _default_size(self) -> QSize:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return QSize(1280, 720)
        free = screen.availableGeometry().size()
        # Fits a 1366x768 ward PC with its task bar; no bigger than needed on large screens.
        return QSize(min(1280, free.width() - 40), min(760, free.height() - 40))

    @staticmethod
    def small_screen() -> bool:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return False
        size = screen.availableGeometry().size()
        return size.width() <= 1440 or size.height() <= 900

    def _settings(self) -> QSettings:
        return QSettings(str(self.paths.data_dir / WINDOW_STATE_FILE), QSettings.Format.IniFormat)

    def _restore_state(self) -> None:
        settings = self._settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        elif self.small_screen():
            # A ward PC's 1366x768: every pixel is needed (summaries were cut off at 1280x728).
            # The whole screen first: with no window manager to maximise it (a kiosk session,
            # some remote desktops) the window would otherwise keep its default size.
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                self.setGeometry(screen.availableGeometry())
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        keys = [p.key for p in self.places]
        last = settings.value("window/place", "library")
        # The library is cheap to build; other places wait until someone goes there, but
        # coming back to where one left off is worth building it now.
        self.show_place(last if last in keys else "library")

    def save_state(self) -> None:
        settings = self._settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/place", self.current_place())
        settings.sync()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        # The player asks for full screen on its window: then only the clip should show.
        if event.type() == QEvent.Type.WindowStateChange:
            full = self.isFullScreen()
            for widget in (*self._chrome, self.menuBar(), self.statusBar()):
                widget.setVisible(not full)
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.save_state()
        self.session.lock()  # closing always locks: the key and decrypted text go now
        for place in self.places:
            close = getattr(place.widget, "shutdown", None)
            if close is not None:
                close()
        super().closeEvent(event)


def build_main_window(paths: Paths) -> MainWindow:
    window = MainWindow(paths)
    # Once the window is up: say in the status bar if VLC is missing (loading it takes a moment).
    QTimer.singleShot(1500, window.check_video_support)
    if os.environ.get(QUIT_AFTER_START_ENV):
        quit_when_interactive(window)
    return window


def quit_when_interactive(window: QMainWindow) -> None:
    """Print READY_LINE once the window is shown and the event loop has gone idle, then quit.

    A zero-time timer fires only after the events queued by show() (expose, layout, first
    paint) have been handled, so the line means: a person could click now.
    """

    def idle() -> None:
        if not window.isVisible():
            QTimer.singleShot(10, idle)
            return
        log.info("start-up: window interactive")
        print(READY_LINE, flush=True)
        QTimer.singleShot(0, QApplication.quit)

    QTimer.singleShot(0, idle)


# --------------------------------------------------------------------------- screenshots
