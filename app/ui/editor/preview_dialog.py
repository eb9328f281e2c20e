"""The scenario's questions as a learner in one role would see them, in the real reflection
form; nothing typed here is kept."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.models.content import ROLES
from app.services.authoring import Preview
from app.ui.reflection.reflection_form import ReflectionForm


class PreviewDialog(QDialog):
    def __init__(self, preview: Preview, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name = ROLES.get(role, role).lower()
        self.setWindowTitle(f"Preview as a {name}")
        note = QLabel(
            f"What a {name} is asked after “{preview.scenario.title}”, exactly as they will see "
            "it. Nothing typed here is kept."
        )
        note.setWordWrap(True)
        self.form = ReflectionForm(
            preview.sections,
            heading=f"Reflecting on: {preview.scenario.title}",
            models=preview.models,
            model_id=preview.model_id,
        )
        for button in (self.form.draft_button, self.form.final_button):
            button.setEnabled(False)  # a preview saves nothing
            button.setToolTip("A preview saves nothing")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(note)
        column.addWidget(self.form, 1)
        column.addWidget(buttons)
        self.resize(900, 680)

    def question_texts(self) -> list[str]:
        return [q.text for s in self.form.sections for q in s.questions]
