"""Editing a reflective account on the framework's form: one field per question, the themes."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.models.framework import Framework
from app.models.portfolio import Account
from app.ui.shared.keyboard import scrolls_with_focus


class AccountDialog(QDialog):
    """Shows a drafted or saved account; `account()` is the edited copy, `final` whether the
    person chose "Save as final" (the view runs the identifier check before saving it)."""

    def __init__(
        self, framework: Framework, account: Account, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reflective account")
        self.setAccessibleName("Reflective account")
        self._account = account
        self._framework = framework
        self.final = False
        inner = QWidget()
        form = QFormLayout(inner)
        intro = QLabel(
            "Drafted from your journal entry; edit it freely (the entry itself stays as it "
            "is). Leave out anything that could identify a patient, pupil or colleague."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.title = QLineEdit(account.title)
        self.title.setAccessibleName("Account title")
        form.addRow("&Title:", self.title)
        self.fields: dict[str, QPlainTextEdit] = {}
        for q in framework.account_questions:
            label = QLabel(q.text)
            label.setWordWrap(True)
            edit = QPlainTextEdit(account.answers.get(q.id, ""))
            edit.setAccessibleName(q.text)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(90)
            label.setBuddy(edit)
            form.addRow(label)
            form.addRow(edit)
            self.fields[q.id] = edit
        self.themes = QListWidget()
        self.themes.setAccessibleName(framework.evidence_label)
        for theme in framework.themes:
            item = QListWidgetItem(theme.title)
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = theme.id in account.themes
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.themes.addItem(item)
        self.themes.setMaximumHeight(120)
        themes_label = QLabel(f"{framework.evidence_label}:")
        themes_label.setBuddy(self.themes)
        form.addRow(themes_label)
        form.addRow(self.themes)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scrolls_with_focus(scroll)

        buttons = QDialogButtonBox()
        self.save_draft = QPushButton("Save as &draft")
        self.save_final = QPushButton("Save as &final")
        buttons.addButton(self.save_draft, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.save_final, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_draft.clicked.connect(lambda: self._done(False))
        self.save_final.clicked.connect(lambda: self._done(True))
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(buttons)
        self.resize(720, 640)

    def _done(self, final: bool) -> None:
        self.final = final
        self.accept()

    def account(self) -> Account:
        themes = tuple(
            self.themes.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.themes.count())
            if self.themes.item(i).checkState() == Qt.CheckState.Checked
        )
        return replace(
            self._account,
            title=self.title.text().strip() or self._account.title,
            answers={qid: edit.toPlainText() for qid, edit in self.fields.items()},
            themes=themes,
        )
