"""The unlock screen: the profiles on this PC, a passphrase field, and a kind way back in.

Key derivation runs on a worker thread with a busy indicator. After a few wrong passphrases
the service asks for a growing pause; the button stays disabled with a countdown until then.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.profiles.profile_dialogs import CreateProfileDialog, RecoverDialog, _error_text
from app.ui.shared.flow_layout import FlowLayout
from app.ui.shared.session_state import SessionState
from app.ui.shared.tasks import Task

_ID_ROLE = Qt.ItemDataRole.UserRole


class UnlockView(QWidget):
    """Pick a profile, type its passphrase, and the session becomes unlocked.

    Without a session (saving a group session's notes) it only emits `unlocked`: the caller
    uses the profile briefly and locks it again, and the app's own session stays as it was.
    """

    unlocked = Signal(object)  # the service's Unlocked, after SessionState has it
    restore_requested = Signal()  # the window opens the restore dialog
    profile_count_changed = Signal(int)  # 0: first start (the profile bar says so)

    def __init__(
        self,
        service: Any,
        session: SessionState | None,
        parent: QWidget | None = None,
        *,
        tick_ms: int = 250,
        clock: Callable[[], float] = time.monotonic,
        title: str = "Who is reflecting today?",
        offer_demo: bool = True,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._session = session
        self._title = title
        self._offer_demo = offer_demo
        # The countdown reads the same clock as the service's pause (tests pass a fake one and
        # move it); the tick only decides how often the button looks at it.
        self._clock = clock
        self._wait_until: float | None = None
        self._task = Task(self)
        self._task.finished.connect(self._on_unlocked)
        self._task.failed.connect(self._on_failed)
        self._countdown = QTimer(self)
        self._countdown.setInterval(tick_ms)
        self._countdown.timeout.connect(self._tick)
        self._last_unlocked: str | None = None
        if session is not None:
            session.unlocked.connect(self._remember)
        self._build()
        self.refresh()

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = title = QLabel(self._title)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        title.setAccessibleName(self._title)
        self.hint = QLabel(
            "Choose your profile and type your passphrase. Your journal stays private to you."
        )
        self.hint.setWordWrap(True)

        self.profiles = QListWidget()
        self.profiles.setAccessibleName("Profiles on this computer")
        self.profiles.setSpacing(4)
        self.profiles.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.profiles.currentItemChanged.connect(self._profile_changed)
        self.profiles.itemActivated.connect(lambda _item: self.passphrase.setFocus())
        self.empty = QLabel(
            "There are no profiles on this computer yet. Make one to start your private journal."
        )
        self.empty.setWordWrap(True)

        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setPlaceholderText("Passphrase")
        self.passphrase.returnPressed.connect(self.submit)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # a busy indicator: key derivation has no steps to count
        self.busy.setAccessibleName("Opening your journal")
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.message.hide()

        self.forgot_button = QPushButton("I &forgot my passphrase")
        self.forgot_button.setFlat(True)
        self.forgot_button.clicked.connect(self.open_recover)
        self.new_button = QPushButton("&New profile…")
        self.new_button.clicked.connect(self.open_create)
        # First start only: a sample journal to look around in, its passphrase shown openly.
        self.demo_button = QPushButton("&Try the demo profile")
        self.demo_button.setToolTip("A sample ward nurse's journal, to see how Casebook works")
        self.demo_button.clicked.connect(self.add_demo)
        # A new PC, or after a disk was replaced: bring a journal back from its backup file.
        self.restore_button = QPushButton("&Restore from a backup…")
        self.restore_button.setFlat(True)
        self.restore_button.clicked.connect(self.restore_requested)
        self._demo_task = Task(self)
        self._demo_task.finished.connect(self._demo_ready)
        self._demo_task.failed.connect(self._demo_failed)

        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        extras = FlowLayout()  # wraps rather than cutting a label short at large text
        extras.add_widget(self.forgot_button)
        extras.addStretch(1)
        extras.add_widget(self.new_button)
        extras.add_widget(self.demo_button)

        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        # About 80 characters: 560 px at the normal font, and wider with larger text.
        card.setMaximumWidth(max(560, self.fontMetrics().averageCharWidth() * 80))
        card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 24, 24, 24)
        inner.addWidget(title)
        inner.addWidget(self.hint)
        inner.addWidget(self.profiles)
        inner.addWidget(self.empty)
        inner.addLayout(row)
        inner.addWidget(self.busy)
        inner.addWidget(self.message)
        inner.addLayout(extras)
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.restore_button)
        restore_row.addStretch(1)
        inner.addLayout(restore_row)

        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(card)
        column.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        self.setTabOrder(self.profiles, self.passphrase)
        self.setTabOrder(self.passphrase, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.forgot_button)
        self.setTabOrder(self.forgot_button, self.restore_button)
        self.setTabOrder(self.restore_button, self.new_button)
        self.setTabOrder(self.new_button, self.demo_button)

    # -- the list ----------------------------------------------------------------------------

    def refresh(self, select_id: str | None = None) -> None:
        """Reload the profiles from the service, keeping (or moving to) a selection."""
        keep = select_id or self.selected_id()
        self.profiles.clear()
        # The profile that just locked stays selected: the same person coming back finds
        # themselves, and every unlock screen in the window agrees on who that is.
        keep = keep or self._last_unlocked
        for info in self._service.list_profiles():
            label = f"{info.name}  ·  {info.role_label}"
            if info.demo:
                label += "  ·  demo"
            item = QListWidgetItem(label)
            item.setData(_ID_ROLE, info.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, label)
            self.profiles.addItem(item)
            if info.id == keep:
                self.profiles.setCurrentItem(item)
        if self.profiles.count() and self.profiles.currentItem() is None:
            self.profiles.setCurrentRow(0)
        has = self.profiles.count() > 0
        self._fit_list()
        self.profiles.setVisible(has)
        # With no profile there is nothing to unlock: no passphrase field, no "forgot".
        welcome = not has and self._offer_demo
        self.empty.setVisible(not has and not welcome)
        self.passphrase.setEnabled(has)
        self.passphrase.setVisible(not welcome)
        self.unlock_button.setVisible(not welcome)
        self.forgot_button.setVisible(not welcome)
        self.forgot_button.setEnabled(has)
        self.demo_button.setVisible(self._offer_demo and not has)
        self._welcome(first_start=not has)
        self._update_button()
        self.profile_count_changed.emit(self.profiles.count())

    def _welcome(self, *, first_start: bool) -> None:
        """On a PC with no profile yet there is nothing to choose or unlock: say welcome and
        offer to create one (the demo beside it)."""
        if first_start and self._offer_demo:
            self.title.setText("Welcome to Casebook")
            self.hint.setText(
                "Casebook keeps a private journal of your reflections on this computer. "
                "Create your profile to begin; only your passphrase opens it."
            )
            self.new_button.setText("&Create your profile…")
            self.new_button.setDefault(True)
            self.unlock_button.setDefault(False)
        else:
            self.title.setText(self._title)
            self.hint.setText(
                "Choose your profile and type your passphrase. Your journal stays private to you."
            )
            self.new_button.setText("&New profile…")
            self.new_button.setDefault(False)
            self.unlock_button.setDefault(True)

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        # Profiles may have been added or removed (e.g. from the command line) since last shown.
        ids = [self.profiles.item(i).data(_ID_ROLE) for i in range(self.profiles.count())]
        if ids != [p.id for p in self._service.list_profiles()]:
            self.refresh()
        super().showEvent(event)
        QTimer.singleShot(0, self, self.focus_passphrase)

    def _fit_list(self) -> None:
        # Tall enough for every profile (up to eight, then it scrolls), no empty box below.
        rows = min(max(self.profiles.count(), 2), 8)
        row_height = self.profiles.sizeHintForRow(0) if self.profiles.count() else 0
        row_height = max(row_height, self.profiles.fontMetrics().height()) + 2 * 4
        self.profiles.setMaximumHeight(rows * row_height + 2 * self.profiles.frameWidth() + 4)

    def _remember(self, unlocked: Any) -> None:
        profile = getattr(unlocked, "profile", None)
        self._last_unlocked = getattr(profile, "id", None)
        if self._last_unlocked:
            self.select(self._last_unlocked)

    def selected_id(self) -> str | None:
        item = self.profiles.currentItem()
        return item.data(_ID_ROLE) if item is not None else None

    def select(self, profile_id: str) -> None:
        for row in range(self.profiles.count()):
            if self.profiles.item(row).data(_ID_ROLE) == profile_id:
                self.profiles.setCurrentRow(row)
                return

    def _selected_info(self) -> Any:
        pid = self.selected_id()
        return next((p for p in self._service.list_profiles() if p.id == pid), None)

    def _profile_changed(self, *_: object) -> None:
        self.passphrase.clear()
        self._say("")
        self._start_wait(self._service.retry_after(self.selected_id()) if self.selected_id() else 0)

    # -- unlocking -----------------------------------------------------------------------------

    def focus_passphrase(self) -> None:
        (self.passphrase if self.profiles.count() else self.new_button).setFocus()

    def submit(self) -> None:
        pid = self.selected_id()
        if pid is None or self._task.running or self.wait_seconds_left > 0:
            return
        phrase = self.passphrase.text()
        if not phrase:
            self._say("Please type your passphrase, then press Enter.")
            self.passphrase.setFocus()
            return
        # The field is cleared at once: the text only lives on in the worker's call.
        self.passphrase.clear()
        self._say("")
        self._task.start(lambda: self._service.unlock(pid, phrase))
        self._busy(True)

    def _busy(self, on: bool) -> None:
        self.busy.setVisible(on)
        self.profiles.setEnabled(not on)
        self.passphrase.setEnabled(not on)
        self.new_button.setEnabled(not on)
        self._update_button()

    def _on_unlocked(self, unlocked: object) -> None:
        self._busy(False)
        self._say("")
        if self._session is not None:
            self._session.set_unlocked(unlocked)
        self.unlocked.emit(unlocked)

    def _on_failed(self, exc: object) -> None:
        self._busy(False)
        pid = self.selected_id()
        wait = self._service.retry_after(pid) if pid else 0.0
        text = _error_text(exc)
        if wait > 0 and getattr(exc, "seconds", None) is None:  # TooSoon already says how long
            text += (
                f" To keep your journal safe, please wait {math.ceil(wait)} seconds"
                " before the next try."
            )
        self._say(text)
        self._start_wait(wait)
        self.passphrase.setFocus()

    @property
    def working(self) -> bool:
        """True while a passphrase is being checked (the result is still to come)."""
        return self._task.running

    # -- the growing pause ---------------------------------------------------------------------

    @property
    def wait_seconds_left(self) -> int:
        """Whole seconds until the next try is allowed, by the clock; 0 when it may go now."""
        if self._wait_until is None:
            return 0
        return max(0, math.ceil(self._wait_until - self._clock()))

    def _start_wait(self, seconds: float) -> None:
        self._wait_until = self._clock() + seconds if seconds > 0 else None
        if self.wait_seconds_left:
            self._countdown.start()
        else:
            self._wait_until = None
            self._countdown.stop()
        self._update_button()

    def _tick(self) -> None:
        if not self.wait_seconds_left:
            self._wait_until = None
            self._countdown.stop()
        self._update_button()

    def _update_button(self) -> None:
        left = self.wait_seconds_left
        if left:
            self.unlock_button.setText(f"Try again in {left} s")
        else:
            self.unlock_button.setText("&Unlock")
        self.unlock_button.setEnabled(
            self.profiles.count() > 0 and not self._task.running and not left
        )

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- the demo profile -----------------------------------------------------------------------

    def add_demo(self) -> None:
        """Create the demo profile off the GUI thread, then select it with its passphrase."""
        from app.services.demo import DemoService

        if self._demo_task.running:
            return
        service = DemoService(self._service.paths)
        self._demo_task.start(service.create)
        self.demo_button.setEnabled(False)
        self._busy(True)

    def _demo_ready(self, result: Any) -> None:
        from app.services.demo import DEMO_PASSPHRASE

        info, _count = result
        self._busy(False)
        self.demo_button.setEnabled(True)
        self.refresh(select_id=info.id)
        self.passphrase.setText(DEMO_PASSPHRASE)
        self._say(
            f"The demo profile is ready. Its passphrase is “{DEMO_PASSPHRASE}” (it is filled in "
            "for you). Press Enter to look around. You can delete it later from its profile menu."
        )
        self.passphrase.setFocus()

    def _demo_failed(self, exc: object) -> None:
        self.demo_button.setEnabled(True)
        self._on_failed(exc)

    # -- dialogs ------------------------------------------------------------------------------

    def open_create(self) -> CreateProfileDialog:
        # With the app's session, the new profile opens at once: the person has just typed
        # its passphrase twice and should not be asked for it a third time.
        dialog = CreateProfileDialog(self._service, self, unlock=self._session is not None)
        dialog.created.connect(self._created)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _created(self, info: Any) -> None:
        self.refresh(select_id=info.id)
        dialog = self.sender()
        unlocked = dialog.take_unlocked() if isinstance(dialog, CreateProfileDialog) else None
        if unlocked is not None and self._session is not None:
            self._session.set_unlocked(unlocked)
            self.unlocked.emit(unlocked)
            return
        self._say("Your profile is ready. Type your passphrase to open your journal.")
        self.passphrase.setFocus()

    def open_recover(self) -> RecoverDialog | None:
        info = self._selected_info()
        if info is None:
            return None
        dialog = RecoverDialog(self._service, info, self)
        dialog.recovered.connect(self._recovered)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _recovered(self) -> None:
        self._start_wait(0)
        self._say("Your new passphrase is set. Type it to open your journal.")
        self.passphrase.setFocus()


class UnlockGate(QStackedWidget):
    """Stands in front of a view that needs an unlocked profile: the unlock view while locked,
    the view itself once unlocked, and back to the unlock view the moment the session locks."""

    def __init__(
        self, content: QWidget, service: Any, session: SessionState, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.content = content
        self.unlock_view = UnlockView(service, session)
        self.addWidget(self.unlock_view)
        self.addWidget(content)
        # Bound methods, not lambdas: Qt drops the connection when the gate is destroyed.
        session.unlocked.connect(self._show_content)
        session.locked.connect(self._show_unlock)
        self.setCurrentWidget(content if session.is_unlocked else self.unlock_view)

    def _show_content(self, _unlocked: object = None) -> None:
        self.setCurrentWidget(self.content)

    def _show_unlock(self) -> None:
        self.setCurrentWidget(self.unlock_view)

    def show_home(self) -> None:
        home = getattr(self.content, "show_home", None)
        if home is not None and self.currentWidget() is self.content:
            home()
