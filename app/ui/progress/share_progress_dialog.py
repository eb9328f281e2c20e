"""Share anonymous progress: shows exactly what the slip holds, in words and as the file itself,
before anything is written; then saves it where the person chooses.

It takes the unlocked session and uses its evidence use case (the same one as
`casebook evidence export`). It closes when the profile locks: what it shows comes from the
journal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import CasebookError
from app.models.evidence import Slip, describe
from app.services.evidence import default_slip_name, programme_problem, slip_text
from app.services.session import UnlockedSession
from app.ui.shared.dialogs import ask_save_file

INTRO = (
    "This saves a small file for your training lead, who puts many people's files together "
    "to see whether the programme helped. It holds numbers only: nothing you wrote, no titles "
    "or tags, no names, and no dates finer than the month. Below is everything it holds; the "
    "wording in quotes is shown here to help you read it, and stays on this PC."
)
TRADE_OFF = (
    "A random code stands in for you, different for each programme and kept sealed in your "
    "profile. It lets your lead replace an earlier file of yours with a later one and compare "
    "your confidence before and after, without knowing who you are. The price: anyone holding "
    "two of your files for this programme can tell they come from the same person."
)


def _text_box(name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    return box


class ShareProgressDialog(QDialog):
    """Preview, then save, one anonymous progress slip."""

    def __init__(
        self, session: UnlockedSession, parent: QWidget | None = None, *, state=None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("share-progress-dialog")
        self.setWindowTitle("Share anonymous progress")
        self.setAccessibleName("Share anonymous progress")
        self.session = session
        self.slip: Slip | None = None
        self.saved_to: str | None = None

        layout = QVBoxLayout(self)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.programme = QLineEdit(session.evidence.programme())
        self.programme.setAccessibleName("Programme id")
        self.programme.setPlaceholderText("such as ward-mh-2026, from your training lead")
        self.programme.editingFinished.connect(self.refresh)
        form.addRow("&Programme:", self.programme)
        layout.addLayout(form)

        self.tabs = QTabWidget()
        self.words = _text_box("What the file holds, in words")
        self.file_text = _text_box("The file itself")
        self.tabs.addTab(self.words, "In &words")
        self.tabs.addTab(self.file_text, "The &file itself")
        layout.addWidget(self.tabs, 1)
        trade = QLabel(TRADE_OFF)
        trade.setWordWrap(True)
        trade.setObjectName("trade-off")
        layout.addWidget(trade)

        buttons = QDialogButtonBox()
        self.save_button = QPushButton("&Save file…")
        self.save_button.setAccessibleName("Save the anonymous progress file")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 560)
        if state is not None:
            state.clear_on_lock(self.words, self.file_text)
            state.locked.connect(self.reject)
        self.refresh()

    def refresh(self) -> None:
        """Show what a file for this programme would hold (or why there can be none)."""
        programme = self.programme.text().strip()
        problem = programme_problem(programme)
        self.slip = None
        if problem is None:
            try:
                self.slip = self.session.evidence.preview(programme)
            except CasebookError as exc:
                problem = str(exc)
        if self.slip is None:
            self.words.setPlainText(problem or "")
            self.file_text.setPlainText("")
            self.save_button.setEnabled(False)
            return
        questions = {
            q.id: q.text for pack in self.session.reflections.packs for q in pack.questions
        }
        lines = describe(self.slip, self.session.scenarios, questions)
        self.words.setPlainText("\n".join(lines))
        self.file_text.setPlainText(slip_text(self.slip))
        self.save_button.setEnabled(True)

    def save(self) -> None:
        if self.slip is None:
            return
        path = ask_save_file(
            self,
            "Save anonymous progress",
            default_slip_name(self.slip.programme),
            "Evidence slips (*.json)",
        )
        if not path:
            return
        if not path.lower().endswith(".json"):
            path += ".json"
        try:
            written, _ = self.session.evidence.write(self.slip, path)
        except CasebookError as exc:
            QMessageBox.warning(self, "Not saved", str(exc))
            return
        self.saved_to = str(written)
        QMessageBox.information(
            self,
            "Saved",
            f"Saved to {written}. Give this file to your training lead.",
        )
        self.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt API)
        # Enter in the programme box previews; it never saves by surprise.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.programme.hasFocus():
            self.refresh()
            return
        super().keyPressEvent(event)
