"""Dialogs for a profile's life: create (with its recovery code), change passphrase, recover,
delete, preferences.

Each dialog collects input, calls the profile service (slow key work through a Task, off the
GUI thread) and shows one plain message when something needs doing. None of them sees journal text.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.content import ROLES
from app.ui.shared.dialogs import ask_save_file
from app.ui.shared.keyboard import buttons_as_laid_out
from app.ui.shared.tasks import Task

# Used when no prompt pack names its models (for example, content failed to load).
FALLBACK_MODELS: tuple[tuple[str, str], ...] = (
    ("gibbs", "Gibbs' reflective cycle"),
    ("driscoll", "Driscoll: What? So what? Now what?"),
    ("kolb", "Kolb's learning cycle"),
    ("brookfield", "Brookfield's four lenses"),
    ("nmc", "NMC reflective account"),
)


def _message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName("Message")
    label.hide()
    return label


def _say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def _error_text(exc: object) -> str:
    """The service's own kind message for errors it expects; a calm general line otherwise."""
    from app.errors import CasebookError

    if isinstance(exc, CasebookError):
        return str(exc)
    return "Something went wrong and nothing was changed. Please try again."


def _tab_in_order(*widgets: QWidget) -> None:
    """Tab follows the visual order. Qt's default follows the order widgets joined their
    parent, which put the buttons between the name and the passphrase: a multi-word passphrase
    then landed on Cancel and its first space closed the dialog."""
    for before, after in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(before, after)


def _plain_buttons(*buttons: QPushButton) -> None:
    """Buttons take the focus by Tab or click only, and never by being the 'auto default':
    Enter in a text field presses the dialog's one default button, never Cancel."""
    for button in buttons:
        button.setAutoDefault(False)


def _discard_confirmed(dialog: QWidget, what: str) -> bool:
    """Closing a form with something typed in asks first: Escape or a stray click must not
    throw away a name and a passphrase typed twice."""
    answer = QMessageBox.question(
        dialog,
        "Close without finishing?",
        f"What you typed {what} will be lost. Close anyway?",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


def _fit(dialog: QDialog, width: int) -> None:
    """Open `width` wide and as tall as the wrapped help text needs at that width (a plain
    resize to the minimum height squeezes wrapped labels to one clipped line)."""
    layout = dialog.layout()
    height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else 0
    dialog.resize(width, height)


class PassphraseFields(QWidget):
    """A new passphrase typed twice, with live feedback from the service's strength rule."""

    changed = Signal()
    ADVICE = "A few unrelated words make a passphrase that is strong and easy to remember."

    def __init__(
        self,
        service: Any,
        name: str | QLineEdit = "",
        parent: QWidget | None = None,
        *,
        label: str = "&Passphrase",
    ) -> None:
        super().__init__(parent)
        self._service = service
        # The profile name is passed to the strength check: a passphrase built on it is weak.
        self._name_source = name
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("New passphrase")
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName("New passphrase again")
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        # A fixed height: in a squeezed form the bar shrank to nothing and the advice below it
        # was clipped.
        self.meter.setFixedHeight(8)
        self.meter.setAccessibleName("Passphrase strength")
        self.feedback = QLabel(self.ADVICE)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName("Passphrase advice")
        # Public so a dialog can put its own rows (current passphrase, code) in the same columns.
        self.form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(label, self.first)
        form.addRow("", self.meter)
        form.addRow("", self.feedback)
        form.addRow("Type it &again", self.second)
        # zxcvbn gets slower as text grows: check once typing pauses, not on every key.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh)
        self.first.textChanged.connect(self._debounce.start)
        self.second.textChanged.connect(self._debounce.start)
        if isinstance(name, QLineEdit):
            name.textChanged.connect(self._debounce.start)

    def _name(self) -> str:
        if isinstance(self._name_source, QLineEdit):
            return self._name_source.text().strip()
        return self._name_source

    def problem(self) -> str | None:
        """What still needs doing before this passphrase can be used, or None."""
        text = self.first.text()
        if not text:
            return "Please choose a passphrase."
        problem = self._service.passphrase_problem(text, self._name())
        if problem:
            return problem
        if self.second.text() != text:
            return "The two passphrases are not the same yet. Please type it again."
        return None

    def refresh(self) -> None:
        text = self.first.text()
        if not text:
            # An emptied field is not "a good passphrase" any more.
            self.meter.setValue(0)
            self.feedback.setText(self.ADVICE)
            self.changed.emit()
            return
        problem = self._service.passphrase_problem(text, self._name())
        self.meter.setValue(_score(text, self._name()) if problem else 4)
        if problem:
            self.feedback.setText(problem)
        elif self.second.text() and self.second.text() != text:
            self.feedback.setText("That is a good passphrase. The second copy does not match yet.")
        else:
            self.feedback.setText("That is a good passphrase.")
        self.changed.emit()

    def passphrase(self) -> str:
        return self.first.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()
        self.meter.setValue(0)
        self.feedback.setText(self.ADVICE)

    def filled(self) -> bool:
        return bool(self.first.text() or self.second.text())


def _score(text: str, name: str) -> int:
    # The meter only; whether a passphrase is accepted is the service's passphrase_problem.
    from zxcvbn import zxcvbn

    return int(zxcvbn(text[:72], user_inputs=[w for w in name.split() if w])["score"])


class RecoveryCodePanel(QWidget):
    """Shows a recovery code once, offers a printable PDF, and asks that it be kept."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code: str | None = None
        self._name = ""
        title = QLabel("<b>Your recovery code</b>")
        explain = QLabel(
            "If you ever forget your passphrase, this code is the only way back into your "
            "journal. Nobody else can reset it for you, not even IT. "
            "Print it or write it down, and keep it somewhere private. "
            "You will not see it again."
        )
        explain.setWordWrap(True)
        self.code_label = QLabel()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setWordWrap(True)
        self.code_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.code_label.setAccessibleName("Recovery code")
        self.code_label.setMinimumHeight(self.code_label.fontMetrics().height() * 2)
        self.print_button = QPushButton("&Print…")
        self.print_button.setAccessibleDescription("Prints the code on paper; no file is left")
        self.print_button.clicked.connect(self.print_sheet)
        self.save_pdf = QPushButton("&Save as PDF…")
        self.save_pdf.setAccessibleDescription(
            "Saves the code as a file; anyone with that file can open your journal"
        )
        self.save_pdf.clicked.connect(self.save_sheet)
        self.kept = QCheckBox("I have &kept it somewhere safe")
        self.kept.toggled.connect(self._kept_changed)
        self.message = _message_label()
        self.finish_button = QPushButton("&Finish")
        self.finish_button.setEnabled(False)
        self.finish_button.clicked.connect(self.finish)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_pdf)
        buttons.addStretch(1)
        buttons.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addSpacing(8)
        layout.addWidget(self.code_label)
        layout.addSpacing(8)
        layout.addWidget(self.kept)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def show_code(self, profile_name: str, code: str) -> None:
        self._name, self._code = profile_name, code
        self.code_label.setText(code)
        self.kept.setChecked(False)
        self.kept.setFocus()

    @property
    def code(self) -> str | None:
        return self._code

    @property
    def confirmed(self) -> bool:
        return self.kept.isChecked()

    def _kept_changed(self, on: bool) -> None:
        self.finish_button.setEnabled(on)
        self.finish_button.setDefault(on)
        if on:
            _say(self.message, "")

    def nag(self) -> None:
        _say(self.message, "Please keep your recovery code and tick the box before you finish.")
        self.kept.setFocus()

    def finish(self) -> None:
        if not self.kept.isChecked():
            self.nag()
            return
        # Shown once: forget it as soon as the person is done with it.
        self._code = None
        self.code_label.clear()
        self.done.emit()

    def print_sheet(self) -> bool:
        """Print the code through the system's print dialog: paper, and no file left behind
        on a shared PC."""
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if not self._code:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("Casebook recovery code")
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print your recovery code")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        document = QTextDocument()
        document.setHtml(
            "<h1>Casebook recovery code</h1>"
            f"<p>Profile: {escape(self._name)}</p>"
            f"<p style='font-size:20pt; font-family:monospace'><b>{escape(self._code)}</b></p>"
            "<p>If you forget your passphrase, this code opens your journal. Anyone who has "
            "it can read your reflections: keep this paper somewhere private.</p>"
        )
        document.print_(printer)
        _say(self.message, "Sent to the printer. Keep the paper somewhere private.")
        return True

    def save_sheet(self) -> Path | None:
        from app.services.recovery_sheet import write_recovery_sheet

        if not self._code:
            return None
        # No folder suggested: on a shared PC the home folder is everyone's. The person picks
        # a place only they use (a USB stick, their own drive), warned in the title.
        chosen = ask_save_file(
            self,
            "Save your recovery code (anyone with this file can open your journal)",
            "casebook-recovery-code.pdf",
            "PDF (*.pdf)",
            in_documents=False,
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            write_recovery_sheet(path, self._name, self._code)
        except OSError:
            _say(self.message, "That folder could not be written to. Please choose another place.")
            return None
        _say(
            self.message,
            f"Saved to {path}. Anyone who has this file can open your journal: keep it "
            "somewhere only you can reach, or print it and delete the file.",
        )
        return path


class CreateProfileDialog(QDialog):
    """Create a profile, then show its recovery code once and ask that it be kept."""

    created = Signal(object)  # ProfileInfo, after the person confirms they kept the code

    def __init__(
        self,
        service: Any,
        parent: QWidget | None = None,
        *,
        setting: str = "",
        unlock: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New profile")
        self._service = service
        self._profile: Any = None
        # Open the new profile straight away (the caller takes it with take_unlocked()).
        self._unlock = unlock
        self._unlocked: Any = None
        self.finished.connect(self._drop_unlocked)
        self._discarding = False
        self._task = Task(self)
        self._task.finished.connect(self._on_created)
        self._task.failed.connect(self._on_failed)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._details_page(setting))
        self.code_panel = RecoveryCodePanel()
        self.code_panel.done.connect(self.accept)
        self.pages.addWidget(self.code_panel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        _fit(self, 560)
        _make_default(self, self.create_button)
        _tab_in_order(
            self.name,
            self.role,
            self.setting,
            self.passphrase.first,
            self.passphrase.second,
            self.cancel_button,
            self.create_button,
        )

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self.pages.currentIndex() == 0:
            self.name.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    # -- page 1: who, and a passphrase -----------------------------------------------------

    def _details_page(self, setting: str) -> QWidget:
        page = QWidget()
        intro = QLabel(
            "Your profile keeps your reflections private on this computer. "
            "Only your passphrase opens it."
        )
        intro.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("How you want to be shown, e.g. Sam P.")
        self.role = QComboBox()
        self.role.setAccessibleName("Your role")
        for role_id, label in ROLES.items():
            self.role.addItem(label, role_id)
        self.setting = QLineEdit(setting)
        self.setting.setAccessibleName("Where you work")
        self.setting.setPlaceholderText("e.g. Ward 7, or Year 5 at Hill Primary (optional)")
        self.passphrase = PassphraseFields(self._service, self.name)
        self.message = _message_label()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName("Creating your profile")
        self.busy.hide()
        self.create_button = QPushButton("&Create profile")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.submit)
        self.cancel_button = cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.create_button)

        form = self.passphrase.form
        form.insertRow(0, "&Name", self.name)
        form.insertRow(1, "&Role", self.role)
        form.insertRow(2, "&Where you work", self.setting)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def submit(self) -> None:
        if self._task.running:
            return
        name = self.name.text().strip()
        if not name:
            _say(self.message, "Please type your name, so you can find your profile later.")
            self.name.setFocus()
            return
        problem = self.passphrase.problem()
        if problem:
            _say(self.message, problem)
            self.passphrase.first.setFocus()
            return
        _say(self.message, "")
        role, setting, phrase = (
            self.role.currentData(),
            self.setting.text().strip(),
            self.passphrase.passphrase(),
        )
        self._set_busy(True)
        service, unlock = self._service, self._unlock

        def work() -> tuple[Any, str, Any]:
            info, code = service.create(name, role, setting, phrase)
            return info, code, service.unlock(info.id, phrase) if unlock else None

        self._task.start(work)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.create_button.setEnabled(not busy)
        for w in (self.name, self.role, self.setting, self.passphrase):
            w.setEnabled(not busy)

    def _on_failed(self, exc: object) -> None:
        self._set_busy(False)
        _say(self.message, _error_text(exc))

    def _on_created(self, result: object) -> None:
        self._set_busy(False)
        self._profile, code, self._unlocked = result  # type: ignore[misc]
        self.passphrase.clear()
        self.pages.setCurrentIndex(1)
        self.code_panel.show_code(self._profile.name, code)

    @property
    def profile(self) -> Any:
        """The created profile (None until the service has made it)."""
        return self._profile

    def take_unlocked(self) -> Any:
        """The new profile, already unlocked (when asked for); the caller owns it now."""
        unlocked, self._unlocked = self._unlocked, None
        return unlocked

    def _drop_unlocked(self, *_: object) -> None:
        # Nobody took it (the window closed first): lock it, so no key stays in memory.
        unlocked, self._unlocked = self._unlocked, None
        if unlocked is not None:
            QTimer.singleShot(0, unlocked.lock)

    def accept(self) -> None:
        if self.pages.currentIndex() != 1 or not self.code_panel.confirmed:
            return
        # Told first, so the caller can take the unlocked profile before "finished" drops it.
        self.created.emit(self._profile)
        super().accept()

    def reject(self) -> None:
        # Once the profile exists its code must not vanish unseen: closing waits for the tick.
        if self.pages.currentIndex() == 1:
            self.code_panel.nag()
            return
        if self._task.running:
            return
        if (
            self.filled()
            and not self._discarding
            and not _discard_confirmed(self, "for your new profile")
        ):
            return
        super().reject()

    def filled(self) -> bool:
        return bool(self.name.text().strip() or self.passphrase.filled())


def discard(dialog: Any) -> None:
    """Close without asking (a lock, the app closing): what was typed goes with the dialog."""
    dialog._discarding = True
    try:
        dialog.reject()
    finally:
        dialog._discarding = False


class _PassphraseResetForm(QWidget):
    """What changing and recovering a passphrase share: a proof (the current passphrase or the
    recovery code), the new passphrase twice, a message line, a busy bar and the buttons."""

    def __init__(
        self,
        service: Any,
        profile: Any,
        *,
        intro: str,
        proof: QLineEdit,
        proof_label: str,
        ok_text: str,
        busy_name: str,
    ) -> None:
        super().__init__()
        self.proof = proof
        self.options: list[QWidget] = []  # shown after the new passphrase (e.g. rotation)
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.new = PassphraseFields(service, profile.name, label="&New passphrase")
        self.new.form.insertRow(0, proof_label, proof)
        self.message = _message_label()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.busy.setAccessibleName(busy_name)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro_label)
        layout.addWidget(self.new)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def ready(self, missing_proof: str) -> bool:
        """True when both parts are filled in well; otherwise say what to do and focus it."""
        if not self.proof.text().strip():
            _say(self.message, missing_proof)
            self.proof.setFocus()
            return False
        problem = self.new.problem()
        if problem:
            _say(self.message, problem)
            self.new.first.setFocus()
            return False
        _say(self.message, "")
        return True

    def set_busy(self, on: bool) -> None:
        self.busy.setVisible(on)
        self.ok.setEnabled(not on)
        self.proof.setEnabled(not on)
        self.new.setEnabled(not on)

    def clear(self) -> None:
        self.proof.clear()
        self.new.clear()

    def filled(self) -> bool:
        return bool(self.proof.text().strip() or self.new.filled())

    def order_tabs(self) -> None:
        """Proof, new passphrase twice, any options, then the buttons in the order shown."""
        # The layout's order, not positions: those are not set yet when the form is shown.
        buttons = [
            b for b in buttons_as_laid_out(self.buttons) if b.isVisible() or not self.isVisible()
        ]
        _tab_in_order(self.proof, self.new.first, self.new.second, *self.options, *buttons)

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.order_tabs()  # the button box places its buttons only once shown
        self.proof.setFocus(Qt.FocusReason.ActiveWindowFocusReason)


class ChangePassphraseDialog(QDialog):
    """Asks for the current passphrase again (the PC may have been left open), then a new one."""

    changed = Signal()

    def __init__(
        self, service: Any, profile: Any, parent: QWidget | None = None, *, session: Any = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change passphrase")
        self._session = session  # the open session: a rotation carries on with its journal
        self._service = service
        self._profile = profile
        self._discarding = False
        self._task = Task(self)
        self._task.finished.connect(self._on_done)
        self._task.failed.connect(self._on_failed)
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setAccessibleName("Current passphrase")
        self.form = _PassphraseResetForm(
            service,
            profile,
            intro=f"Change the passphrase for <b>{escape(profile.name)}</b>. "
            "Your reflections stay as they are.",
            proof=self.current,
            proof_label="&Current passphrase",
            ok_text="&Change passphrase",
            busy_name="Changing your passphrase",
        )
        self.new, self.message, self.ok = self.form.new, self.form.message, self.form.ok
        self.form.buttons.accepted.connect(self.submit)
        self.form.buttons.rejected.connect(self.reject)
        self._add_rotation_option()
        QVBoxLayout(self).addWidget(self.form)
        _fit(self, 520)
        _make_default(self, self.ok)

    def submit(self) -> None:
        if self._task.running or not self.form.ready("Please type your current passphrase first."):
            return
        current, new, pid = self.current.text(), self.new.passphrase(), self._profile.id
        if self.rotate.isChecked():
            self.form.set_busy(True)
            self._task.start(self._rotation_work(current, new))
            return

        def work() -> None:
            # A separate short-lived unlock proves the current passphrase and re-wraps the key.
            check = self._service.unlock(pid, current)
            try:
                self._service.change_passphrase(check, new)
            finally:
                check.lock()

        self.form.set_busy(True)
        self._task.start(work)

    def _on_failed(self, exc: object) -> None:
        self.form.set_busy(False)
        self.current.clear()
        self.current.setFocus()
        _say(self.message, _error_text(exc))

    def _on_done(self, result: object) -> None:
        self.form.set_busy(False)
        self.form.clear()
        super().accept()
        self.changed.emit()
        if isinstance(result, str) and result:
            show_new_recovery_code(self.parentWidget(), self._profile.name, result)

    # -- rotation: "I think my passphrase was seen" ----------------------------------------------

    def _add_rotation_option(self) -> None:
        self.rotate = QCheckBox("I think my passphrase was &seen")
        self.rotate.setAccessibleName("I think my passphrase was seen")
        self.rotate.setAccessibleDescription(
            "Also replace the key that locks your reflections and your recovery code, so an "
            "old passphrase, recovery code or backup opens nothing written from now on."
        )
        self.rotate.setToolTip(self.rotate.accessibleDescription())
        layout = self.form.layout()
        layout.insertWidget(layout.indexOf(self.form.message), self.rotate)
        self.form.options.append(self.rotate)  # in the tab order after the new passphrase
        self._task.progress.connect(self._rotation_progress)

    def _rotation_work(self, current: str, new: str) -> Any:
        service, session, pid, task = self._service, self._session, self._profile.id, self._task

        def work() -> str:
            # The current passphrase is proved by its own short unlock, as for a plain change.
            service.unlock(pid, current).lock()
            if session is not None and not session.is_locked:
                return service.change_passphrase(
                    session.unlocked,
                    new,
                    rotate=True,
                    progress=task.report,
                    hold=session.journal.paused(),
                )
            check = service.unlock(pid, current)
            try:
                return service.change_passphrase(check, new, rotate=True, progress=task.report)
            finally:
                check.lock()

        return work

    def _rotation_progress(self, done: int, total: int) -> None:
        self.form.busy.setRange(0, max(total, 1))
        self.form.busy.setValue(done)
        self.form.busy.setFormat("Re-sealing your reflections: %v of %m")

    def reject(self) -> None:
        if self._task.running:
            return
        if self.form.filled() and not self._discarding and not _discard_confirmed(self, "here"):
            return
        super().reject()

    def discard(self) -> None:
        """Close without asking (the session locked)."""
        discard(self)


def show_new_recovery_code(parent: QWidget | None, name: str, code: str) -> QDialog:
    """The new recovery code after a rotation, shown once like the first one."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Your new recovery code")
    panel = RecoveryCodePanel()
    panel.done.connect(dialog.accept)
    panel.show_code(name, code)
    dialog.reject = panel.nag  # type: ignore[method-assign]  # closing waits for the tick
    QVBoxLayout(dialog).addWidget(panel)
    _fit(dialog, 520)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


class RecoverDialog(QDialog):
    """Set a new passphrase with the recovery code, then show the next recovery code once."""

    recovered = Signal()

    def __init__(self, service: Any, profile: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Forgotten passphrase")
        self._service = service
        self._profile = profile
        self._discarding = False
        self._task = Task(self)
        self._task.finished.connect(self._on_done)
        self._task.failed.connect(self._on_failed)
        self.code = QLineEdit()
        self.code.setAccessibleName("Recovery code")
        self.code.setPlaceholderText("Capitals, spaces and dashes do not matter")
        self.form = _PassphraseResetForm(
            service,
            profile,
            intro="Type the recovery code you kept when you made "
            f"<b>{escape(profile.name)}</b>'s profile, then choose a new passphrase. "
            "Your reflections stay as they are.",
            proof=self.code,
            proof_label="Recovery &code",
            ok_text="&Set new passphrase",
            busy_name="Checking your recovery code",
        )
        self.new, self.message, self.ok = self.form.new, self.form.message, self.form.ok
        self.form.buttons.accepted.connect(self.submit)
        self.form.buttons.rejected.connect(self.reject)
        # The old code is used up: the service gives a new one, shown once like the first.
        self.code_panel = RecoveryCodePanel()
        self.code_panel.done.connect(self._finish)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.form)
        self.pages.addWidget(self.code_panel)
        QVBoxLayout(self).addWidget(self.pages)
        _fit(self, 560)
        _make_default(self, self.ok)

    def submit(self) -> None:
        if self._task.running or not self.form.ready("Please type your recovery code first."):
            return
        code, new, pid = self.code.text().strip(), self.new.passphrase(), self._profile.id
        self.form.set_busy(True)
        # Recovery rotates the data key (the service's default): its progress fills the bar.
        self._task.progress.connect(self._recovery_progress, Qt.ConnectionType.UniqueConnection)
        self._task.start(lambda: self._service.recover(pid, code, new, progress=self._task.report))

    def _recovery_progress(self, done: int, total: int) -> None:
        self.form.busy.setRange(0, max(total, 1))
        self.form.busy.setValue(done)
        self.form.busy.setFormat("Re-sealing your reflections: %v of %m")

    def _on_failed(self, exc: object) -> None:
        self.form.set_busy(False)
        _say(self.message, _error_text(exc))

    def _on_done(self, next_code: object) -> None:
        self.form.set_busy(False)
        self.form.clear()
        if isinstance(next_code, str) and next_code:
            self.pages.setCurrentIndex(1)
            self.code_panel.show_code(self._profile.name, next_code)
        else:
            self._finish()

    def _finish(self) -> None:
        super().accept()
        self.recovered.emit()

    def accept(self) -> None:
        # Enter in a field must not skip the recovery-code page; the buttons decide.
        pass

    def reject(self) -> None:
        if self.pages.currentIndex() == 1:
            self.code_panel.nag()
            return
        if self._task.running:
            return
        if self.form.filled() and not self._discarding and not _discard_confirmed(self, "here"):
            return
        super().reject()


class DeleteProfileDialog(QDialog):
    """Erase a profile and its journal, after the name is typed exactly."""

    deleted = Signal(str)  # profile id

    def __init__(
        self,
        service: Any,
        profile: Any,
        parent: QWidget | None = None,
        *,
        before_delete: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Delete profile")
        self._service = service
        self._profile = profile
        self._before_delete = before_delete
        self._deleting = False
        intro = QLabel(
            f"This erases <b>{escape(profile.name)}</b>'s profile and every reflection in it from "
            "this computer. It cannot be undone. Backup files you saved elsewhere are not touched."
            f"<br><br>To go ahead, type the profile name: <b>{escape(profile.name)}</b>"
        )
        intro.setWordWrap(True)
        self.confirm = QLineEdit()
        self.confirm.setAccessibleName("Type the profile name to confirm")
        self.message = _message_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = self.buttons.addButton(
            "&Delete for good", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.confirm.textChanged.connect(self._typed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.confirm)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        _fit(self, 480)
        # Enter deletes only once the name is typed: the button stays disabled until then.
        _make_default(self, self.delete_button)

    def _typed(self, text: str) -> None:
        self.delete_button.setEnabled(text.strip() == self._profile.name)

    def submit(self) -> None:
        if self.confirm.text().strip() != self._profile.name:
            _say(self.message, "Type the profile name exactly as shown to delete it.")
            return
        self._deleting = True
        try:
            if self._before_delete is not None:
                self._before_delete()
            self._service.delete(self._profile.id)
        except Exception as exc:
            _say(self.message, _error_text(exc))
            return
        finally:
            self._deleting = False
        super().accept()
        self.deleted.emit(self._profile.id)

    def reject(self) -> None:
        # Locking (which the delete itself does first) must not cancel a delete under way.
        if not self._deleting:
            super().reject()


class PreferencesDialog(QDialog):
    """A profile's own preferences: when to lock, which reflection model to start with, setting."""

    saved = Signal(object)  # dict of what was saved

    def __init__(
        self,
        service: Any,
        unlocked: Any,
        models: Sequence[tuple[str, str]] = FALLBACK_MODELS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Profile preferences")
        self._service = service
        self._unlocked = unlocked
        profile = unlocked.profile
        self.idle = QSpinBox()
        self.idle.setRange(1, 120)
        self.idle.valueChanged.connect(
            lambda n: self.idle.setSuffix(" minute" if n == 1 else " minutes")
        )
        self.idle.setSuffix(" minutes")
        self.idle.setValue(int(getattr(profile, "idle_lock_minutes", None) or 5))
        self.idle.setSuffix(" minute" if self.idle.value() == 1 else " minutes")
        self.idle.setAccessibleName("Lock after this many idle minutes")
        self.model = QComboBox()
        self.model.setAccessibleName("Reflection model to start with")
        self.model.addItem("The one suggested for my role", "")
        for model_id, title in models:
            self.model.addItem(title, model_id)
        current = getattr(profile, "default_model", None) or ""
        index = self.model.findData(current)
        self.model.setCurrentIndex(max(0, index))
        self.setting = QLineEdit(getattr(profile, "setting", "") or "")
        self.setting.setAccessibleName("Where you work")
        self.message = _message_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Lock when idle for", self.idle)
        form.addRow("Reflection &model", self.model)
        form.addRow("&Where you work", self.setting)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {
            "idle_lock_minutes": self.idle.value(),
            "default_model": self.model.currentData() or None,
            "setting": self.setting.text().strip(),
        }

    def submit(self) -> None:
        values = self.values()
        try:
            self._service.update_preferences(self._unlocked, **values)
        except Exception as exc:
            _say(self.message, _error_text(exc))
            return
        super().accept()
        self.saved.emit(values)


def _make_default(dialog: QDialog, button: QPushButton) -> None:
    """Enter presses `button` only. Set once the button is inside the dialog: a default set
    on a page before it joins the dialog is lost, and Qt would pick another button (Cancel)."""
    _plain_buttons(*dialog.findChildren(QPushButton))
    for other in dialog.findChildren(QPushButton):
        other.setDefault(False)
    button.setDefault(True)
