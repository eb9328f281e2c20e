"""Large text and small screens: every place of the main window and the facilitator console
fits 1093 px wide at the normal font (a 1366x768 screen at 125% scaling) and 1366 px at 1.5x
text, with no button or label cut short at that width; and at 1.5x text the keyboard still
reaches every control."""

from __future__ import annotations

import pytest
from keyboard_walk import check_walk, label
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QStyle,
    QTextEdit,
    QWidget,
)
from tools import tools

PASS = "amber lantern quietly folds"
# (text scale, width, height): a 1366x768 screen at 125% display scaling has 1093x614
# logical pixels, 582 high above a taskbar; at 1.5x text the window must still fit the plain
# 1366x768 screen above its taskbar.
SIZES = [(1.0, 1093, 582), (1.5, 1366, 728)]


@pytest.fixture
def text_scale(request, qapp):
    scale, width, height = request.param
    normal = qapp.font()
    bigger = qapp.font()
    bigger.setPointSizeF(normal.pointSizeF() * scale)
    qapp.setFont(bigger)
    yield scale, width, height
    qapp.setFont(normal)


def text_needs(w: QAbstractButton | QLabel) -> int:
    """The width `w`'s text needs. A push button's size hint has the style's floor (80 px in
    Fusion) in it, however short its text: the text and the button's own margins count."""
    if isinstance(w, QPushButton):
        style = w.style()
        margins = 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, w)
        margins += 2 * style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, w)
        icon = w.iconSize().width() + 4 if not w.icon().isNull() else 0
        return w.fontMetrics().horizontalAdvance(w.text().replace("&", "")) + margins + icon
    return w.sizeHint().width()


def clipped(root: QWidget) -> list[str]:
    """Buttons and one-line labels shown narrower than their text needs."""
    found = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, (QAbstractButton, QLabel)):
            continue
        if not w.isVisible() or not w.visibleRegion().boundingRect().isValid():
            continue
        if isinstance(w, QLabel) and (w.wordWrap() or not w.text()):
            continue
        if isinstance(w, QAbstractButton) and not w.text():
            continue
        need = text_needs(w)
        if w.width() < need:
            found.append(f"{label(w)} is {w.width()} px wide, its text needs {need}")
    return found


CONTROLS = (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QSlider,
)


def shown_rect(widget: QWidget, root: QWidget) -> QRect:
    """The part of `widget` its ancestors show, in `root`'s coordinates: a control scrolled
    partly out of its scroll area counts by the part in view."""
    rect = QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        rect = rect.intersected(QRect(parent.mapTo(root, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect


def overlapping(root: QWidget) -> list[str]:
    """Pairs of shown controls drawn over one another: a row that wrapped onto a second line
    without the rows below moving down would show here."""
    shown = [
        w
        for w in root.findChildren(QWidget)
        if (isinstance(w, CONTROLS) or w.focusPolicy() != Qt.FocusPolicy.NoFocus)
        and w.isVisible()
        and not w.visibleRegion().isEmpty()
        and not isinstance(w.parentWidget(), (QComboBox, QAbstractSpinBox))
    ]
    boxes = [(w, shown_rect(w, root)) for w in shown]
    found = []
    for i, (a, ra) in enumerate(boxes):
        for b, rb in boxes[i + 1 :]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            common = ra.intersected(rb)
            if common.width() > 1 and common.height() > 1:
                found.append(f"{label(a)} and {label(b)} overlap")
    return found


def fits(window: QWidget, width: int, height: int, where: str) -> list[str]:
    """Problems with `window` laid out `width` by `height` pixels."""
    QApplication.processEvents()
    problems = []
    least = max(window.minimumSizeHint().width(), window.minimumWidth())
    if least > width:
        problems.append(f"{where}: needs {least} px, more than {width}")
    window.resize(width, height)
    QApplication.processEvents()
    problems += [f"{where}: {c}" for c in clipped(window)]
    problems += [f"{where}: {c}" for c in overlapping(window)]
    return problems


@pytest.fixture
def window(qtbot, paths, fast_kdf, text_scale):
    from app.ui.window.app_window import MainWindow

    w = MainWindow(paths)
    qtbot.addWidget(w)
    w.resize(1366, 700)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


@pytest.mark.parametrize("text_scale", SIZES, indirect=True, ids=["1x", "1.5x"])
def test_every_place_fits_and_nothing_is_cut(qtbot, window, text_scale):
    scale, width, height = text_scale
    problems: list[str] = []
    for place in window.places:
        window.show_place(place.key)
        problems += fits(window, width, height, f"{place.key} (first start) at {scale}x")
    info, _ = window.service.create("Robin Ash", "ward-nurse", "", PASS)
    for place in ("journal", "progress", "portfolio"):
        window.place_widget(place).unlock_view.refresh()
        window.show_place(place)
        problems += fits(window, width, height, f"{place} (locked) at {scale}x")
    # The unlock card with every button it can show at once.
    card = window.show_place("journal").unlock_view
    card.demo_button.show()
    problems += fits(window, width, height, f"unlock card, all its buttons, at {scale}x")
    card.refresh()
    window.session.set_unlocked(window.service.unlock(info.id, PASS))
    window.session.current.journal.add({"title": "A shift", "answers": {}}, "final")
    for place in window.places:
        window.show_place(place.key)
        problems += fits(window, width, height, f"{place.key} at {scale}x")
        if scale > 1:  # and the keyboard still reaches everything
            problems += check_walk(window, f"{place.key} at {scale}x")
    if scale > 1:  # keys still reach their targets: Ctrl+1.. each place, Enter a scenario
        for n, place in enumerate(window.places, start=1):
            qtbot.keyClick(
                QApplication.focusWidget() or window,
                getattr(Qt.Key, f"Key_{n}"),
                Qt.KeyboardModifier.ControlModifier,
            )
            if window.current_place() != place.key:
                problems.append(f"Ctrl+{n} at {scale}x did not open {place.key}")
        library = window.place_widget("library").library
        library.list.setFocus()
        with qtbot.waitSignal(library.open_requested, timeout=2000):
            qtbot.keyClick(library.list, Qt.Key.Key_Return)
    page = window.show_place("library")
    page.show_library()
    page.reflect(window.context.scenarios_by_id()["low-mood-inpatient"], [{"at": 3, "note": "x"}])
    qtbot.waitUntil(lambda: page.flow.form is not None)
    problems += fits(window, width, height, f"reflection form at {scale}x")
    page.show_library()
    page.play(window.context.scenarios_by_id()["low-mood-inpatient"])
    problems += fits(window, width, height, f"player (warning) at {scale}x")
    page.player_view.gate.continue_button.click()
    problems += fits(window, width, height, f"player at {scale}x")
    page.show_library()
    journal = window.show_place("journal").content
    qtbot.waitUntil(lambda: journal.proxy.rowCount() >= 1)
    journal.open_selected()
    problems += fits(window, width, height, f"journal entry at {scale}x")
    assert not problems, "\n".join(problems)


@tools("ffmpeg")
@pytest.mark.parametrize("text_scale", SIZES, indirect=True, ids=["1x", "1.5x"])
def test_facilitator_console_fits(qtbot, tmp_path, text_scale):
    from app.models.session_plan import read_plan
    from app.services.group_session import GroupSession
    from app.ui.group.audience import AudienceWindow
    from app.ui.group.facilitator_console import FacilitatorConsole
    from tests.group_fixtures import RESOURCES, make_clip, scenarios

    scale, width, height = text_scale
    plan, _ = read_plan(RESOURCES / "sessions" / "ward-team.toml")
    session = GroupSession.open(plan, scenarios(make_clip(tmp_path)), support=("Someone",))
    audience = AudienceWindow()
    qtbot.addWidget(audience)
    console = FacilitatorConsole(session, audience)
    qtbot.addWidget(console)
    console._confirm_leave = lambda: True
    console.resize(1366, 700)
    console.show()
    qtbot.waitExposed(console)
    problems = fits(console, width, height, f"facilitator console at {scale}x")
    if scale > 1:
        problems += check_walk(console, f"facilitator console at {scale}x")
    console.close()
    assert not problems, "\n".join(problems)


def test_the_checks_find_a_cut_label_and_an_overlap(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    cut = QPushButton("A button with a long label", host)
    cut.setGeometry(0, 0, 60, 30)
    over = QPushButton("Over", host)
    over.setGeometry(30, 10, 90, 30)
    host.resize(200, 100)
    host.show()
    qtbot.waitExposed(host)
    assert [c for c in clipped(host) if "long label" in c]
    assert overlapping(host) == [f"{label(cut)} and {label(over)} overlap"]


@pytest.mark.parametrize("text_scale", SIZES, indirect=True, ids=["1x", "1.5x"])
def test_scenario_editor_fits_a_short_screen(qtbot, window, text_scale):
    """At 1093x582 the clip column's picture covered the player's controls: now the picture
    shrinks and the column scrolls, and Tab brings its last controls into view."""
    from app.models.scenario_draft import DraftPause

    scale, width, height = text_scale
    editor = window.show_place("editor").scenario
    problems = fits(window, width, height, f"editor at {scale}x")
    timeline = editor.timeline
    timeline.set_pauses([DraftPause(1.0, "What do you notice?")])
    timeline.pause_list.setCurrentRow(0)
    timeline.pause_list.setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(12):
        if QApplication.focusWidget() is timeline.remove_button:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    remove = timeline.remove_button
    assert QApplication.focusWidget() is remove, "Tab did not reach Remove"
    shown = shown_rect(remove, window)
    if shown.size() != remove.size():
        problems.append(f"Remove, focused, shows {shown.height()} of its {remove.height()} px")
    assert not problems, "\n".join(problems)


def test_a_wide_place_once_visited_leaves_the_others_narrow(qtbot, paths, fast_kdf):
    from app.ui.window.app_window import MainWindow

    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.show()

    def least() -> int:
        QApplication.processEvents()
        return window.minimumSizeHint().width()

    window.show_place("library")
    narrow = least()
    window.place_widget("editor")  # built, not shown
    assert least() == narrow
    window.show_place("editor")
    assert least() > narrow  # the editor needs more room
    window.show_place("library")
    assert least() == narrow
