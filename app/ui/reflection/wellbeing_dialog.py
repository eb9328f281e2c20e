"""After a scenario with a content warning: a short, optional check-in and where to find support.

Never blocking: it opens beside the app (modeless), every part is optional, and closing it is
the same as skipping. Emits finished_checkin(answers) — {} when skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.models.support import SupportList

FEELINGS = (
    "I'm okay",
    "A bit unsettled",
    "It brought something up for me",
    "I'd like to talk to someone",
)


class WellbeingDialog(QDialog):
    finished_checkin = Signal(dict)

    def __init__(
        self, warnings: Sequence[str], support: SupportList, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wellbeing")
        self.setWindowTitle("Taking a moment")
        self.setModal(False)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self._sent = False
        layout = QVBoxLayout(self)
        head = QLabel("That scenario touched on hard things. How are you doing?")
        font = head.font()
        font.setBold(True)
        head.setFont(font)
        head.setWordWrap(True)
        layout.addWidget(head)
        # Content warnings are written as sentences ("Mentions the death of a patient.").
        notes = [w.strip() for w in warnings if w.strip()]
        about = " ".join(n if n.endswith((".", "!", "?")) else f"{n}." for n in notes)
        intro = QLabel(
            (f"Its content note said: {about} " if about else "")
            + "It is normal for scenarios like this to stay with you. "
            "You can answer, or just close this. Your answer stays in your own journal."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)
        self.group = QButtonGroup(self)
        for i, text in enumerate(FEELINGS):
            b = QRadioButton(text)
            b.setAccessibleName(text)
            self.group.addButton(b, i)
            layout.addWidget(b)
        support_head = QLabel("Support you can use, at any time:")
        support_head.setFont(font)
        layout.addWidget(support_head)
        # Which list this is, so nobody mistakes Casebook's defaults for their employer's.
        self.support_name = QLabel(support.name)
        self.support_name.setWordWrap(True)
        self.support_name.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.support_name)
        self.support = QLabel(
            "\n".join(f"• {r}" for r in support.items)
            or "• Talk to your manager or a colleague you trust"
        )
        self.support.setWordWrap(True)
        self.support.setTextFormat(Qt.TextFormat.PlainText)
        self.support.setAccessibleName("Support resources")
        self.support.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        layout.addWidget(self.support)
        layout.addWidget(QLabel("Take a break before your next clip if you need one."))
        buttons = QDialogButtonBox()
        self.save_button = QPushButton("&Save my check-in")
        self.skip_button = QPushButton("&Close")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.skip_button, QDialogButtonBox.ButtonRole.RejectRole)
        # Made the default once inside the box: set before, it left Save out of the Tab order.
        self.skip_button.setDefault(True)
        self.save_button.clicked.connect(self.accept)
        self.skip_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(self._send)

    def answers(self) -> dict:
        n = self.group.checkedId()
        return {"feeling": FEELINGS[n]} if n != -1 else {}

    def _send(self, result: int) -> None:
        if self._sent:
            return
        self._sent = True
        accepted = result == QDialog.DialogCode.Accepted.value
        self.finished_checkin.emit(self.answers() if accepted else {})
