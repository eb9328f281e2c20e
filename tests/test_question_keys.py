"""Answer buttons driven with the keyboard, and long options at large text sizes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.models.prompts import Question
from app.ui.reflection.question_widgets import make_question_widget

LONG = "Ask directly about plans, stay with them, and help them reach support the same day"


def _widget(qtbot, kind, options):
    q = Question(id="q", section="s", kind=kind, text="Which?", options=tuple(options))
    w = make_question_widget(q, [])
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    return w


def test_arrow_keys_move_along_and_choose_in_a_one_of_several_question(qtbot):
    w = _widget(qtbot, "choice", ["First", "Second", "Third"])
    w.focus_input()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert w.value() == "Second"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert w.value() == "Second"


def test_arrow_keys_move_in_a_checklist_and_space_ticks(qtbot):
    w = _widget(qtbot, "checklist", ["First", "Second", "Third"])
    w.focus_input()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.boxes[0])
    qtbot.keyClick(w.boxes[0], Qt.Key.Key_Down)
    assert QApplication.focusWidget() is w.boxes[1]
    qtbot.keyClick(w.boxes[1], Qt.Key.Key_Space)
    assert w.value() == ["Second"]


def test_a_long_option_wraps_instead_of_widening_the_form(qtbot):
    app = QApplication.instance()
    font = app.font()
    larger = app.font()
    larger.setPointSizeF(font.pointSizeF() * 1.5)
    app.setFont(larger)
    try:
        w = _widget(qtbot, "choice", [LONG, "Short"])
        assert w.minimumSizeHint().width() < 500
        # A click on the words chooses, as a click on the button would.
        label = next(c for c in w.findChildren(type(w.label)) if c.text() == LONG)
        qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
        assert w.value() == LONG
    finally:
        app.setFont(font)
