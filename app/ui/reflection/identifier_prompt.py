"""A gentle check before saving: some of this text may identify a patient or pupil.

Never blocks saving: the person can edit (we take them to the first finding) or keep it as
written. Opened window-modal with open(), not exec(), so nothing waits on a nested loop.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.models.identifiers import Finding

MAX_LISTED = 6


class IdentifierPrompt(QDialog):
    """Emits edit_requested(field, finding) or keep_requested()."""

    edit_requested = Signal(str, object)
    keep_requested = Signal()

    def __init__(
        self,
        findings: Mapping[str, list[Finding]],
        field_names: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("identifier-prompt")
        self.setWindowTitle("A quick check before saving")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.findings = dict(findings)
        layout = QVBoxLayout(self)
        head = QLabel("Journals should not name patients or pupils.")
        font = head.font()
        font.setBold(True)
        head.setFont(font)
        layout.addWidget(head)
        lines = []
        for field, found in self.findings.items():
            where = field_names.get(field, field)
            for f in found:
                lines.append(f"• {f.text} — {f.label}, in “{where}”")
        shown = lines[:MAX_LISTED]
        if len(lines) > MAX_LISTED:
            shown.append(f"• and {len(lines) - MAX_LISTED} more")
        body = QLabel(
            "Some of what you wrote looks like it could identify someone:\n\n"
            + "\n".join(shown)
            + "\n\nYou could use a role or initials instead, like “the patient” or “pupil A”. "
            "If it is fine as it is, keep it."
        )
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        layout.addWidget(body)
        self.body = body
        buttons = QDialogButtonBox()
        self.edit_button = QPushButton("&Edit my answers")
        self.edit_button.setDefault(True)
        self.keep_button = QPushButton("&Keep as written")
        buttons.addButton(self.edit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.edit_button.clicked.connect(self._edit)
        self.keep_button.clicked.connect(self._keep)
        layout.addWidget(buttons)

    def _edit(self) -> None:
        field, found = next(iter(self.findings.items()))
        self.done(QDialog.DialogCode.Rejected)
        self.edit_requested.emit(field, found[0])

    def _keep(self) -> None:
        self.done(QDialog.DialogCode.Accepted)
        self.keep_requested.emit()

    def reject(self) -> None:  # Escape or the window's close button: back to editing
        if self.isVisible():
            self._edit()
