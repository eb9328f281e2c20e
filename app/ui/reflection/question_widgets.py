"""One small widget per kind of question, each giving back its answer as plain data.

Every widget shows the question, its help, and an input with an accessible name; emits
`changed` on any edit (autosave listens); `value()` is the answer in the journal's type
(text and marker: str; scale: int; choice: str; checklist: list[str]; None when unanswered);
`set_value()` restores one; `clear()` drops the text and its undo history (lock).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette, QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.models.prompts import Question
from app.models.timefmt import format_clock


def marker_label(marker: dict) -> str:
    note = str(marker.get("note") or "").strip()
    # Whole seconds, as the playhead read when the moment was marked (the player's list agrees).
    at = format_clock(int(float(marker.get("at", 0))))
    return f"{at} — {note}" if note else f"{at} — (no note)"


def _muted(label: QLabel) -> QLabel:
    # Help text follows the system font; only its colour is softened, via the palette role.
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class QuestionWidget(QWidget):
    """The common frame: the question text, its help, then the kind's input below."""

    changed = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setObjectName(f"question:{question.id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.setSpacing(4)
        self.label = QLabel(question.text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        layout.addWidget(self.label)
        if question.help:
            help_label = _muted(QLabel(question.help))
            help_label.setWordWrap(True)
            help_label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(help_label)
        self.body = QVBoxLayout()
        self.body.setSpacing(2)
        layout.addLayout(self.body)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        self.set_value(None)

    def focus_input(self) -> None:
        self.focusNextChild()

    def select_text(self, start: int, end: int) -> bool:
        """Select a stretch of the answer's text (to show what the identifier check found)."""
        return False


def _text_edit(name: str, on_change) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)  # Tab moves on, so the whole form works from the keyboard
    lines = edit.fontMetrics().lineSpacing()
    edit.setMinimumHeight(lines * 4 + 12)
    edit.setMaximumHeight(lines * 6 + 12)
    edit.textChanged.connect(on_change)
    return edit


def _clear_edit(edit: QPlainTextEdit) -> None:
    edit.clear()
    edit.document().clearUndoRedoStacks()


def _select(edit: QPlainTextEdit, start: int, end: int) -> bool:
    cursor = edit.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    edit.setFocus(Qt.FocusReason.OtherFocusReason)
    return True


class TextQuestion(QuestionWidget):
    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.edit = _text_edit(question.text, self.changed.emit)
        self.body.addWidget(self.edit)
        self.label.setBuddy(self.edit)

    def value(self) -> str | None:
        return self.edit.toPlainText() or None

    def set_value(self, value: Any) -> None:
        if value is None:
            _clear_edit(self.edit)
        else:
            self.edit.setPlainText(str(value))
            # Carrying on with a draft: the cursor waits after the words, not before them.
            self.edit.moveCursor(QTextCursor.MoveOperation.End)

    def focus_input(self) -> None:
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_text(self, start: int, end: int) -> bool:
        return _select(self.edit, start, end)


class _OptionLabel(QLabel):
    """An option's words beside its button, wrapped to the form's width (a button's own text
    never wraps: a long option pushed the whole form sideways at large text sizes). A click
    on the words works like a click on the button."""

    def __init__(self, text: str, button: QAbstractButton) -> None:
        super().__init__(text)
        self.button = button
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        self.button.click()
        self.button.setFocus(Qt.FocusReason.MouseFocusReason)


def _option(body: QVBoxLayout, button: QAbstractButton, text: str) -> QAbstractButton:
    """Add `button` with `text` beside it as a wrapping label; the button is named by it."""
    button.setAccessibleName(text)
    row = QHBoxLayout()
    row.setSpacing(6)
    row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(_OptionLabel(text, button), 1)
    body.addLayout(row)
    return button


_NEXT = (Qt.Key.Key_Down, Qt.Key.Key_Right)
_PREVIOUS = (Qt.Key.Key_Up, Qt.Key.Key_Left)


class _ButtonsQuestion(QuestionWidget):
    """Shared by the kinds whose input is a set of buttons. Arrow keys move along them (and
    choose, for one-of-several questions), as in any radio group."""

    select_on_arrow = True

    def _buttons(self) -> list[QAbstractButton]:
        raise NotImplementedError

    def _watch_arrows(self) -> None:
        for button in self._buttons():
            button.installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.KeyPress and event.key() in (*_NEXT, *_PREVIOUS):
            buttons = self._buttons()
            if watched in buttons:
                step = 1 if event.key() in _NEXT else -1
                target = buttons[(buttons.index(watched) + step) % len(buttons)]
                target.setFocus(Qt.FocusReason.TabFocusReason)
                if self.select_on_arrow:
                    target.setChecked(True)
                return True
        return super().eventFilter(watched, event)

    def focus_input(self) -> None:
        buttons = self._buttons()
        target = next((b for b in buttons if b.isChecked()), buttons[0] if buttons else None)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)


class ScaleQuestion(_ButtonsQuestion):
    """A row of numbered radio buttons with words at both ends ("Not at all" ... "Very")."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.group = QButtonGroup(self)
        row = QHBoxLayout()
        low, high = (list(question.labels) + ["", ""])[:2]
        if low:
            row.addWidget(_muted(QLabel(low)))
        for n in range(question.min, question.max + 1):
            button = QRadioButton(str(n))
            ends = {question.min: low, question.max: high}.get(n)
            extra = f", {ends}" if ends else ""
            button.setAccessibleName(f"{n} of {question.max}{extra}")
            self.group.addButton(button, n)
            row.addWidget(button)
        if high:
            row.addWidget(_muted(QLabel(high)))
        row.addStretch(1)
        self.body.addLayout(row)
        self._watch_arrows()
        self.group.idToggled.connect(lambda _id, on: on and self.changed.emit())

    def _buttons(self) -> list[QAbstractButton]:
        return self.group.buttons()

    def value(self) -> int | None:
        n = self.group.checkedId()
        return None if n == -1 else n

    def set_value(self, value: Any) -> None:
        button = self.group.button(int(value)) if isinstance(value, int) else None
        if button is not None:
            button.setChecked(True)
            return
        self.group.setExclusive(False)
        for b in self.group.buttons():
            b.setChecked(False)
        self.group.setExclusive(True)


class ChoiceQuestion(_ButtonsQuestion):
    """One option; a knowledge check says kindly whether it matched, and why, once answered."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.group = QButtonGroup(self)
        self.options = list(question.options)
        for i, option in enumerate(self.options):
            self.group.addButton(_option(self.body, QRadioButton(), option), i)
        self._watch_arrows()
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback.setObjectName("knowledge-feedback")
        self.feedback.hide()
        self.body.addWidget(self.feedback)
        self.group.idToggled.connect(self._toggled)

    def _toggled(self, _id: int, on: bool) -> None:
        if on:
            self._show_feedback()
            self.changed.emit()

    def _show_feedback(self) -> None:
        q = self.question
        answer = self.value()
        if q.correct is None or answer is None:
            self.feedback.hide()
            return
        if answer == q.correct:
            text = "Yes, that's the one."
        else:
            text = f"Not quite. The answer we were looking for is: {q.correct}."
        if q.explanation:
            text += " " + q.explanation
        self.feedback.setText(text)
        self.feedback.setAccessibleDescription(text)
        self.feedback.show()

    def _buttons(self) -> list[QAbstractButton]:
        return self.group.buttons()

    def value(self) -> str | None:
        n = self.group.checkedId()
        return None if n == -1 else self.options[n]

    def set_value(self, value: Any) -> None:
        if isinstance(value, str) and value in self.options:
            self.group.button(self.options.index(value)).setChecked(True)
            return
        self.group.setExclusive(False)
        for b in self.group.buttons():
            b.setChecked(False)
        self.group.setExclusive(True)
        self._show_feedback()


class ChecklistQuestion(_ButtonsQuestion):
    """Any number of options, kept in the order they are listed."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.boxes: list[QCheckBox] = []
        self.options = list(question.options)
        for option in self.options:
            box = QCheckBox()
            _option(self.body, box, option)
            box.toggled.connect(lambda _on: self.changed.emit())
            self.boxes.append(box)
        self._watch_arrows()

    def _buttons(self) -> list[QAbstractButton]:
        return list(self.boxes)

    def focus_input(self) -> None:
        if self.boxes:
            self.boxes[0].setFocus(Qt.FocusReason.OtherFocusReason)

    select_on_arrow = False  # arrows move; Space ticks

    def value(self) -> list[str] | None:
        return [o for o, b in zip(self.options, self.boxes, strict=True) if b.isChecked()] or None

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for option, b in zip(self.options, self.boxes, strict=True):
            b.setChecked(option in chosen)


_MARKER_REF = re.compile(r"^\[(\d+):(\d{2})\] ?")


class MarkerQuestion(QuestionWidget):
    """Pick a moment marked while watching and say what you noticed.

    Stored as one string, "[m:ss] what I noticed", so it reads well in the journal and PDF and
    still says which moment it was about.
    """

    def __init__(
        self, question: Question, markers: Sequence[dict] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(question, parent)
        self.markers = list(markers)
        self.combo = QComboBox()
        self.combo.setAccessibleName("The moment you marked")
        if self.markers:
            self.combo.addItem("Choose a moment you marked…", None)
            for m in self.markers:
                self.combo.addItem(marker_label(m), float(m.get("at", 0)))
        else:
            self.combo.addItem("You did not mark any moments; just write what you noticed.", None)
            self.combo.setEnabled(False)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.body.addWidget(self.combo)
        self.edit = _text_edit(question.text, self.changed.emit)
        self.body.addWidget(self.edit)
        self.label.setBuddy(self.combo if self.markers else self.edit)

    def value(self) -> str | None:
        text = self.edit.toPlainText()
        at = self.combo.currentData()
        if at is None:
            return text or None
        return f"[{format_clock(int(at))}] {text}".rstrip()

    def set_value(self, value: Any) -> None:
        if value is None:
            self.combo.setCurrentIndex(0)
            _clear_edit(self.edit)
            return
        text = str(value)
        m = _MARKER_REF.match(text)
        index = 0
        if m:
            at = int(m.group(1)) * 60 + int(m.group(2))
            for i in range(1, self.combo.count()):
                if int(self.combo.itemData(i)) == at:
                    index = i
                    break
            if index:
                text = text[m.end() :]
        self.combo.setCurrentIndex(index)
        self.edit.setPlainText(text)

    def focus_input(self) -> None:
        (self.combo if self.markers else self.edit).setFocus(Qt.FocusReason.OtherFocusReason)

    def select_text(self, start: int, end: int) -> bool:
        # Findings are offsets in value(); the prefix "[m:ss] " is not in the text box.
        offset = len(self.value() or "") - len(self.edit.toPlainText())
        return _select(self.edit, max(0, start - offset), max(0, end - offset))


def make_question_widget(
    question: Question, markers: Sequence[dict] = (), parent: QWidget | None = None
) -> QuestionWidget:
    if question.kind == "text":
        return TextQuestion(question, parent)
    if question.kind == "scale":
        return ScaleQuestion(question, parent)
    if question.kind == "choice":
        return ChoiceQuestion(question, parent)
    if question.kind == "checklist":
        return ChecklistQuestion(question, parent)
    if question.kind == "marker":
        return MarkerQuestion(question, markers, parent)
    raise ValueError(f"no widget for question kind {question.kind!r}")
