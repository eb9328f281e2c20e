"""The bar across the top of the window: who is unlocked, Lock (Ctrl+L), and profile actions."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QToolButton, QWidget

from app.ui.profiles.profile_dialogs import (
    FALLBACK_MODELS,
    ChangePassphraseDialog,
    DeleteProfileDialog,
    PreferencesDialog,
)
from app.ui.shared.session_state import SessionState

LOCK_SHORTCUT = "Ctrl+L"


class ProfileBar(QWidget):
    """Shows the open profile and offers Lock; when locked, offers Unlock instead."""

    unlock_requested = Signal()  # the window shows the unlock view
    profile_deleted = Signal(str)
    backup_requested = Signal()
    restore_requested = Signal()

    def __init__(
        self,
        service: Any,
        session: SessionState,
        parent: QWidget | None = None,
        *,
        models: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Profile")
        self._service = service
        self._session = session
        # A callable giving [(model id, title)] for preferences; loaded only when needed.
        self._models = models
        self._first_start = False  # told by the unlock screen, which lists the profiles
        self.who = QLabel()
        self.who.setAccessibleName("Who is signed in")
        self.lock_button = QPushButton("&Lock")
        self.lock_button.setToolTip(f"Lock your journal ({LOCK_SHORTCUT})")
        self.lock_button.setAccessibleDescription(f"Locks your journal. Shortcut {LOCK_SHORTCUT}.")
        self.lock_button.clicked.connect(session.lock)
        self.unlock_button = QPushButton("&Unlock…")
        self.unlock_button.clicked.connect(self.unlock_requested)
        self.menu_button = QToolButton()
        self.menu_button.setText("Profile")
        self.menu_button.setAccessibleName("Profile menu")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.menu_button)
        self.change_action = menu.addAction("Change &passphrase…", self.open_change_passphrase)
        self.prefs_action = menu.addAction("P&references…", self.open_preferences)
        self.switch_action = menu.addAction("&Switch profile", self.switch_profile)
        menu.addSeparator()
        self.backup_action = menu.addAction("&Back up my journal…", self.backup_requested.emit)
        self.restore_action = menu.addAction("&Restore from a backup…", self.restore_requested.emit)
        menu.addSeparator()
        self.delete_action = menu.addAction("&Delete this profile…", self.open_delete)
        self.menu_button.setMenu(menu)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.who, 1)
        layout.addWidget(self.menu_button)
        layout.addWidget(self.lock_button)
        layout.addWidget(self.unlock_button)

        # Window-wide: works from any view in this window, including text fields.
        self.lock_shortcut = QShortcut(QKeySequence(LOCK_SHORTCUT), self)
        self.lock_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.lock_shortcut.activated.connect(session.lock)

        session.unlocked.connect(self._show_state)
        session.locked.connect(self._show_state)
        self._show_state()

    def _show_state(self, *_: object) -> None:
        current = self._session.current
        if current is None and self._first_start:
            self.who.setText("Welcome. Nobody has a profile on this computer yet.")
            self.unlock_button.setText("&Create your profile…")
        elif current is None:
            self.who.setText("Locked. Your journal is private.")
            self.unlock_button.setText("&Unlock…")
        else:
            profile = current.profile
            self.who.setText(f"<b>{escape(profile.name)}</b> · {escape(profile.role_label)}")
        on = current is not None
        self.lock_button.setVisible(on)
        self.menu_button.setVisible(on)
        self.unlock_button.setVisible(not on)
        self.lock_shortcut.setEnabled(on)

    def set_profile_count(self, count: int) -> None:
        """How many profiles the unlock screen found: none means a first start."""
        self._first_start = count == 0
        self._show_state()

    def switch_profile(self) -> None:
        self._session.lock()
        self.unlock_requested.emit()

    # -- dialogs (open(), not exec(): the idle lock keeps running while they are up) ----------

    def open_change_passphrase(self) -> ChangePassphraseDialog | None:
        current = self._session.current
        if current is None:
            return None
        dialog = ChangePassphraseDialog(
            self._service, current.profile, self.window(), session=current
        )
        # A lock closes it without asking: the passphrases typed go with it.
        self._session.locked.connect(dialog.discard)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_preferences(self) -> PreferencesDialog | None:
        current = self._session.current
        if current is None:
            return None
        models = self._models() if callable(self._models) else FALLBACK_MODELS
        dialog = PreferencesDialog(
            self._service, current.unlocked, models or FALLBACK_MODELS, self.window()
        )
        dialog.saved.connect(
            lambda values: self._session.set_idle_minutes(values["idle_lock_minutes"])
        )
        self._session.locked.connect(dialog.reject)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_delete(self) -> DeleteProfileDialog | None:
        current = self._session.current
        if current is None:
            return None
        dialog = DeleteProfileDialog(
            self._service, current.profile, self.window(), before_delete=self._session.lock
        )
        dialog.deleted.connect(self._deleted)
        # An idle lock closes it: nobody deletes a profile left open while its owner is away.
        self._session.locked.connect(dialog.reject)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _deleted(self, profile_id: str) -> None:
        self.profile_deleted.emit(profile_id)
        self.unlock_requested.emit()


def reflection_models(paths: Any) -> list[tuple[str, str]]:
    """(id, title) of every reflection model in the prompt packs, for the preferences picker."""
    from app.models.prompts import models_of
    from app.services import prompts

    packs, _problems = prompts.load(paths)
    return [(m.id, m.title) for m in models_of(packs)] or list(FALLBACK_MODELS)
