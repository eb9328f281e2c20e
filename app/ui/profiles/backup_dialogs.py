"""Back up the open journal to a place the person chooses, and restore from a backup file.

Both call the backup service the command line uses (`casebook backup` / `casebook restore`), so
the file, its encryption and the merge rules are the same. Slow work (key derivation, sealing,
the file write) runs on a Task, off the GUI thread. A restore first shows what it would change
and waits for the person to agree; newer work on this computer is never overwritten.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models.journal import utc_now
from app.services.restore_plans import forget_plan
from app.ui.shared.dialogs import ask_save_file, documents_folder
from app.ui.shared.keyboard import tabs_follow_buttons
from app.ui.shared.tasks import Task

BACKUP_SUFFIX = ".casebook-backup"
BACKUP_FILTER = f"Casebook backup (*{BACKUP_SUFFIX});;All files (*)"


def _label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _error_text(exc: object) -> str:
    from app.errors import CasebookError

    if isinstance(exc, CasebookError):
        return str(exc)
    if isinstance(exc, OSError):
        return (
            "That place could not be written to or read from (is the USB stick still in?). "
            "Please choose another place and try again."
        )
    return "Something went wrong and nothing was changed. Please try again."


def _busy_bar(name: str) -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setFixedHeight(8)
    bar.setAccessibleName(name)
    bar.hide()
    return bar


def suggested_backup_name(profile_name: str, today: date) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in profile_name).strip("-") or "profile"
    return f"casebook-{safe}-{today.isoformat()}{BACKUP_SUFFIX}"


class BackupDialog(QDialog):
    """Write the open profile's backup to a file in a folder or on a USB stick."""

    saved = Signal(object)  # Path

    def __init__(
        self,
        backups: Any,
        profiles: Any,
        unlocked: Any,
        parent: QWidget | None = None,
        *,
        start_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Back up my journal")
        self._backups = backups
        self._profiles = profiles
        self._unlocked = unlocked
        self._start_dir = start_dir or documents_folder()
        self._task = Task(self)
        self._task.finished.connect(self._on_done)
        self._task.failed.connect(self._on_failed)
        profile = unlocked.profile
        intro = _label(
            "A backup is one encrypted file holding your whole journal. Your passphrase "
            "(the one you have today) opens it, on this computer or another one. "
            "Keep it on a USB stick or in a folder only you use."
        )
        last = profile.last_backup_at[:10] if profile.last_backup_at else ""
        self.last_label = _label(
            f"Your last backup from Casebook was on {last}." if last else "No backup made yet."
        )
        self.path_edit = QLineEdit(
            str(self._start_dir / suggested_backup_name(profile.name, date.today()))
        )
        self.path_edit.setAccessibleName("Backup file")
        self.choose_button = QPushButton("&Choose where…")
        self.choose_button.clicked.connect(self.choose)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow("Save to", where)
        self.message = _label()
        self.message.setAccessibleName("Message")
        self.busy = _busy_bar("Saving your backup")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton(
            "&Save backup", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        tabs_follow_buttons(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.last_label)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())

    def choose(self) -> None:
        chosen = ask_save_file(self, "Save your backup", self.path_edit.text(), BACKUP_FILTER)
        if chosen:
            self.path_edit.setText(chosen)

    def target(self) -> Path:
        path = Path(self.path_edit.text().strip()).expanduser()
        if path.suffix != BACKUP_SUFFIX:
            path = path.with_name(path.name + BACKUP_SUFFIX)
        return path

    def submit(self) -> None:
        if self._task.running:
            return
        if not self.path_edit.text().strip():
            self.message.setText("Please choose where to save the backup.")
            return
        out = self.target()
        backups, unlocked = self._backups, self._unlocked
        self._set_busy(True)
        self.message.setText("")
        self._task.start(lambda: (out, backups.write(unlocked, out)))

    def _set_busy(self, on: bool) -> None:
        self.busy.setVisible(on)
        self.save_button.setEnabled(not on)
        self.choose_button.setEnabled(not on)
        self.path_edit.setEnabled(not on)

    def _on_failed(self, exc: object) -> None:
        self._set_busy(False)
        self.message.setText(_error_text(exc))

    def _on_done(self, result: object) -> None:
        self._set_busy(False)
        out, count = result  # type: ignore[misc]
        if not self._unlocked.is_locked:
            # Remembered (sealed, with the other preferences) for the reminder.
            self._profiles.update_preferences(self._unlocked, last_backup_at=utc_now())
        noun = "reflection" if count == 1 else "reflections"
        self.message.setText(
            f"Saved {count} {noun} to {out}. If that is a USB stick, remove it safely and "
            "keep it somewhere private."
        )
        self.save_button.setEnabled(False)
        self.saved.emit(out)

    def reject(self) -> None:
        if not self._task.running:
            super().reject()


class RestoreDialog(QDialog):
    """Choose a backup file, type the passphrase it was made with, see what would change,
    then restore."""

    restored = Signal(str)  # profile id

    def __init__(
        self, backups: Any, parent: QWidget | None = None, *, start_dir: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
        self._backups = backups
        self._start_dir = start_dir or documents_folder()
        self._plan: Any = None
        self._task = Task(self)
        self._task.finished.connect(self._on_done)
        self._task.failed.connect(self._on_failed)
        intro = _label(
            "Bring back a journal from its backup file. Work on this computer that is newer "
            "than the backup is never overwritten: Casebook shows what would change and asks "
            "first."
        )
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Backup file")
        self.path_edit.setPlaceholderText("The backup file, for example on your USB stick")
        self.choose_button = QPushButton("&Choose file…")
        self.choose_button.clicked.connect(self.choose)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(self.choose_button)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase of the backup")
        self.passphrase.setPlaceholderText("The passphrase the profile had when it was backed up")
        form = QFormLayout()
        form.addRow("&File", where)
        form.addRow("&Passphrase", self.passphrase)
        self.plan_label = _label()
        self.plan_label.setAccessibleName("What the restore would change")
        self.message = _label()
        self.message.setAccessibleName("Message")
        self.busy = _busy_bar("Reading the backup")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.check_button = self.buttons.addButton(
            "C&heck the backup", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button = self.buttons.addButton(
            "&Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        self.check_button.setDefault(True)
        tabs_follow_buttons(self.buttons)
        self.check_button.clicked.connect(self.check)
        self.buttons.accepted.connect(self.restore)
        self.buttons.rejected.connect(self.reject)
        # A new file or passphrase means a new check: an old plan must not be applied.
        self.path_edit.textChanged.connect(self._forget_plan)
        self.passphrase.textChanged.connect(self._forget_plan)
        self.passphrase.returnPressed.connect(self.check)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())

    def choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Choose a backup file", str(self._start_dir), BACKUP_FILTER
        )
        if chosen:
            self.path_edit.setText(chosen)
            self.passphrase.setFocus()

    def _forget_plan(self, *_: object) -> None:
        if self._plan is not None:
            forget_plan(self._plan)
            self._plan = None
        self.plan_label.setText("")
        self.restore_button.setEnabled(False)
        self.check_button.setDefault(True)

    def check(self) -> None:
        if self._task.running:
            return
        path = self.path_edit.text().strip()
        if not path:
            self.message.setText("Please choose the backup file first.")
            return
        if not self.passphrase.text():
            self.message.setText("Please type the passphrase the backup was made with.")
            self.passphrase.setFocus()
            return
        self._forget_plan()
        source, phrase, backups = Path(path).expanduser(), self.passphrase.text(), self._backups
        self._busy(True)
        self.message.setText("")
        self._task.start(lambda: ("plan", backups.plan_restore(source, phrase)))

    def restore(self) -> None:
        plan = self._plan
        if self._task.running or plan is None or plan.nothing_to_do:
            return
        backups = self._backups
        self._busy(True)
        self._task.start(lambda: ("applied", backups.apply(plan)))

    def _busy(self, on: bool) -> None:
        self.busy.setVisible(on)
        self.check_button.setEnabled(not on)
        self.restore_button.setEnabled(not on and self._plan is not None)
        self.path_edit.setEnabled(not on)
        self.passphrase.setEnabled(not on)

    def _on_failed(self, exc: object) -> None:
        self._busy(False)
        self.message.setText(_error_text(exc))

    def _on_done(self, result: object) -> None:
        kind, value = result  # type: ignore[misc]
        if kind == "plan":
            self._plan = value
            self._busy(False)
            self.plan_label.setText(value.describe())
            if value.nothing_to_do:
                self.restore_button.setEnabled(False)
            else:
                self.restore_button.setEnabled(True)
                self.restore_button.setDefault(True)
                self.restore_button.setFocus()
            return
        plan = self._plan
        self._plan = None
        self._busy(False)
        self.passphrase.clear()
        self.plan_label.setText("")
        self.restore_button.setEnabled(False)
        self.message.setText(
            f"Restored \u201c{plan.restore_name}\u201d: {len(plan.add)} added, "
            f"{len(plan.replace)} updated (this computer's version kept as an earlier one), "
            f"{len(plan.keep)} kept as they were."
        )
        forget_plan(plan)
        self.restored.emit(plan.header["profile_id"])

    def reject(self) -> None:
        if self._task.running:
            return
        self._forget_plan()
        super().reject()
