"""The facilitator's console: runs a group session on the laptop while the wall shows the room.

It drives a GroupSession (the plan, timers, tallies, notes) and tells the audience window
what to show, as plain display data only. A clicker always drives the session: arrows /
Page Up / Page Down step, Space plays or pauses, B or "." blanks and returns, H hides or
reveals, F shows the wall on its own (one screen), Esc leaves a box, then the session. Count
boxes never take the clicker's keys; in a note Page Up / Page Down still step, and the console
says the other keys are typing until Esc.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.models.session_plan import KIND_LABELS
from app.models.tally import parse_counts
from app.services.group_session import GroupSession, Wall
from app.ui.group.audience import AudienceWindow
from app.ui.shared.dialogs import ask_yes_no
from app.ui.shared.flow_layout import FlowLayout

log = logging.getLogger(__name__)

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown}
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp}
ARROWS = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down}
PAGE_KEYS = {Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}  # a clicker's own two buttons
BLANK_KEYS = {Qt.Key.Key_B, Qt.Key.Key_Period}  # many clickers send "." for their blank button
WALL_VIEW_KEYS = {Qt.Key.Key_F, Qt.Key.Key_F11}
ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
TEXT_ENTRY = (QLineEdit, QTextEdit, QPlainTextEdit, QComboBox)


def mmss(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 60:02d}:{s % 60:02d}"


def capture_mode(widget: QWidget | None) -> str:
    """How a focused widget shares the keys with the clicker.

    "count": a count box; digits type, every clicker key still drives the session.
    "text": notes, take-aways, quick entry; letters, Space and arrows type, Page Up/Down drive.
    "list": the prompts or steps list, entered on purpose; arrows choose, the rest drive.
    "": nothing captures; every key drives the session.
    """
    if isinstance(widget, QAbstractSpinBox):
        return "count"
    if isinstance(widget, TEXT_ENTRY):
        return "text"
    if isinstance(widget, QAbstractItemView):
        return "list"
    return ""


class _Picture(QLabel):
    """A picture of the wall, as wide as it can be and always 16:9 (no black bands)."""

    def __init__(self) -> None:
        super().__init__()
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return width * 9 // 16

    def set_frame(self, frame: QPixmap) -> None:
        self._frame = frame
        self._show_frame()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._show_frame()

    def _show_frame(self) -> None:
        frame = getattr(self, "_frame", None)
        if frame is not None and not frame.isNull():
            self.setPixmap(
                frame.scaled(
                    self.size() - QSize(2, 2),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )


class CountBox(QSpinBox):
    """A count of hands: typing replaces it (a 0 never becomes 70 when you type 7)."""

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        QTimer.singleShot(0, self.selectAll)


class _Keys(QObject):
    """Application-wide key filter while a session runs: the console or the wall may have
    focus, and a clicker's keys must work in both, including from a count box or a note."""

    def __init__(self, console: FacilitatorConsole) -> None:
        super().__init__(console)
        self.console = console

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress:
            return False
        # Only the widget a key is delivered to (not its QWindow first, or it would count twice),
        # and only in our windows: a dialog such as the confirmation keeps its own keys.
        if not isinstance(obj, QWidget) or obj.window() not in self.console.windows():
            return False
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            return False  # shortcuts (Alt+N, Ctrl+C in a note) are the widgets' own
        # the widget the key goes to is the focused one (or the window, when none has focus)
        focus = obj if capture_mode(obj) else obj.window().focusWidget()
        mode = capture_mode(focus)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            if self.console.wall_view:
                # one screen, the wall alone: Esc brings the console back, never a question
                # the room would read
                self.console.wall_view_requested.emit()
            elif mode:
                self.console.leave_box()  # Esc leaves a box first; the next Esc asks to leave
            else:
                self.console.request_leave()
            return True
        if key in PAGE_KEYS:
            return self.console.handle_key(key)
        if mode in ("text", "list"):
            self.console._show_clicker_state()  # say so wherever the focus came from
        if mode == "text" or (mode == "list" and (key in ARROWS or key in ENTER_KEYS)):
            return False
        if mode == "count":
            if key in ENTER_KEYS:
                assert isinstance(focus, QAbstractSpinBox)
                focus.interpretText()
                self.console.leave_box()
                return True
            return self.console.handle_key(key)  # digits type; the clicker's keys drive
        if self.console.wall_typing(key, event.text()):
            return True
        return self.console.handle_key(key)


class FacilitatorConsole(QWidget):
    """Current and next step, the wall and the next step in pictures, clocks, notes, tallies."""

    left = Signal()  # the session was ended
    save_requested = Signal()  # "Save to my journal": the host asks for an unlock first
    export_requested = Signal()
    changed = Signal()  # the session moved on, or its counts or take-aways changed
    notes_changed = Signal()  # the facilitator's own words changed (kept sealed, never plain)
    wall_view_requested = Signal()  # F / F11: one screen, show the wall alone (or come back)
    show_on_requested = Signal()  # "Show on…": choose the wall's screen
    swap_requested = Signal()  # "Swap screens"

    def __init__(
        self,
        session: GroupSession,
        audience: AudienceWindow,
        *,
        cues_for: Callable[[str], list[tuple[int, int, str]]] | None = None,
        owns_keys: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.audience = audience
        self._cues_for = cues_for or (lambda _path: [])
        self._confirm_leave: Callable[[], bool] = self._ask_leave
        self._grabbing = False
        self._ended = False
        self.wall_view = False  # one screen: the wall is up on its own, this console is away
        self._countdown_end: float | None = None
        self._panel_index = -1  # the step the panel was last filled for
        self.setWindowTitle(f"Facilitator console - {session.plan.title}")
        self.setAccessibleName("Facilitator console")
        # the console itself holds the focus, so no list or box takes the clicker's keys
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._preview_wall = AudienceWindow()  # drawn off screen, never shown to anyone
        self._preview_wall.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self._preview_wall.resize(640, 360)  # small enough for any screen to hold it
        self._build()
        self._wire()
        self.owns_keys = owns_keys
        self._keys = _Keys(self)
        if owns_keys:
            QApplication.instance().installEventFilter(self._keys)
        self.session.start()  # the session clock starts with the session, not the first click
        self.refresh()
        self.setFocus()
        self._show_clicker_state()

    # ------------------------------------------------------------ building

    def _button(self, text: str, tip: str, slot, name: str = "") -> QPushButton:
        b = QPushButton(text)
        b.setToolTip(tip)
        b.setAccessibleName(name or text.replace("&", ""))
        b.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click must not steal Space from the player
        b.clicked.connect(slot)
        return b

    def _label(self, name: str, scale: float = 1.0, bold: bool = False) -> QLabel:
        lab = QLabel()
        lab.setAccessibleName(name)
        f = lab.font()
        f.setPointSizeF(f.pointSizeF() * scale)
        f.setBold(bold)
        lab.setFont(f)
        return lab

    def _build(self) -> None:
        s = self.session
        self.now_label = self._label("Current step", 1.25, bold=True)
        self.now_label.setWordWrap(True)
        self.next_label = self._label("Next step")
        self.next_label.setWordWrap(True)
        self.elapsed_label = self._label("Session time", 2.2, bold=True)
        self.time_of_day = self._label("Time now", 1.2)
        self.step_time_label = self._label("Time on this step")
        self.position_label = self._label("Clip position")
        self.wall_state = self._label("What the wall shows")
        self.wall_state.setWordWrap(True)
        self.clicker_state = self._label("Clicker")
        self.clicker_state.setWordWrap(True)
        self.screen_message = self._label("Screens")
        self.screen_message.setWordWrap(True)
        self.screen_message.setVisible(False)
        self.screen_message.setStyleSheet(
            "background: #fff3cd; color: #4d3800; padding: 6px; border: 1px solid #c9a227;"
        )

        self.prev_button = self._button(
            "◀ &Previous", "Previous step (Left, Up or Page Up)", self.go_previous, "Previous step"
        )
        self.next_button = self._button(
            "&Next ▶", "Next step (Right, Down or Page Down)", self.go_next, "Next step"
        )
        self.play_button = self._button(
            "Play / &pause", "Play or pause the clip (Space)", self.toggle_play
        )
        self.restart_button = self._button(
            "&Restart part", "Play this part of the clip from its start", self.restart_clip
        )
        self.blank_button = self._button(
            "&Blank wall", "Blank the wall; press B again to return", self.toggle_blank
        )
        self.blank_button.setCheckable(True)
        self.hide_button = self._button(
            "&Hide",
            "Hide this step from the wall, then reveal it (H)",
            self.toggle_hidden,
            "Hide or reveal",
        )
        self.end_button = self._button(
            "&End session", "Leave the session (Esc)", self.request_leave
        )
        self.wall_view_button = self._button(
            "&Wall only (F)",
            "One screen: show the wall on its own; F again brings this console back",
            self.wall_view_requested.emit,
            "Show the wall on its own",
        )
        self.show_on_button = self._button(
            "Show &on…", "Choose the screen the wall is shown on", self.show_on_requested.emit
        )
        self.swap_button = self._button(
            "S&wap screens", "Wall and console change screens", self.swap_requested.emit
        )

        controls = FlowLayout()  # wraps onto two lines at large text rather than widening
        for b in (
            self.prev_button,
            self.next_button,
            self.play_button,
            self.restart_button,
            self.blank_button,
            self.hide_button,
        ):
            controls.addWidget(b)

        self.steps_list = QListWidget()
        self.steps_list.setAccessibleName("Steps of the plan")
        self.steps_list.setWordWrap(True)
        self.steps_list.setMinimumWidth(220)
        for n, step in enumerate(s.steps, start=1):
            self.steps_list.addItem(f"{n}. {step.label}")
        self.steps_list.itemActivated.connect(lambda item: self.go_to(self.steps_list.row(item)))

        self.step_notes = QLabel()
        self.step_notes.setWordWrap(True)
        self.step_notes.setAccessibleName("Facilitator notes for this step")

        # Small floors: the pictures grow with the window, and at their floor the console
        # still fits a 1366 px screen at 125% scaling (1093 px).
        self.thumbnail = self._picture("What the wall shows now", 240)
        self.next_preview = self._picture("What the wall shows next", 160)
        now_box = QVBoxLayout()
        now_box.addWidget(QLabel("On the wall now"))
        now_box.addWidget(self.thumbnail, 1)
        next_box = QVBoxLayout()
        next_box.addWidget(QLabel("Next"))
        next_box.addWidget(self.next_preview, 1)
        pictures = QHBoxLayout()
        pictures.addLayout(now_box, 3)
        pictures.addLayout(next_box, 2)
        pictures.setAlignment(next_box, Qt.AlignmentFlag.AlignTop)

        centre = QWidget()
        c = QVBoxLayout(centre)
        c.addWidget(self.now_label)
        c.addWidget(self.next_label)
        c.addWidget(self.step_notes)
        c.addLayout(pictures)
        c.addWidget(self.wall_state)
        c.addWidget(self.position_label)
        c.addLayout(controls)
        c.addStretch(1)

        # right: prompts, show of hands, notes, take-aways, follow-up
        self.tabs = QTabWidget()
        self.tabs.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        # every tab's name in full: the panel keeps the width its tabs need
        self.tabs.tabBar().setUsesScrollButtons(False)
        self.tabs.tabBar().setExpanding(False)
        self.prompts = QListWidget()
        self.prompts.setAccessibleName("Prompts for this scenario")
        self.prompts.setWordWrap(True)
        self.prompts.itemActivated.connect(lambda _item: self.show_selected_prompt())
        self.show_prompt_button = self._button(
            "&Show on screen", "Put the chosen prompt on the wall", self.show_selected_prompt
        )
        prompt_tab = QWidget()
        pl = QVBoxLayout(prompt_tab)
        pl.addWidget(self.prompts, 1)
        pl.addWidget(self.show_prompt_button)
        self.tabs.addTab(prompt_tab, "Prompts")

        self.tally_box = QGroupBox("Show of hands (counts only, no names)")
        tl = QGridLayout(self.tally_box)
        self.tally_question = QLabel()
        self.tally_question.setWordWrap(True)
        tl.addWidget(self.tally_question, 0, 0, 1, 5)
        self.quick_counts = QLineEdit()
        self.quick_counts.setAccessibleName("Counts for 1 to 5, then Enter")
        self.quick_counts.setPlaceholderText("Counts for 1 to 5, e.g. 2 5 7 4 1, then Enter")
        self.quick_counts.returnPressed.connect(self.enter_quick_counts)
        quick_label = QLabel("&Quick entry")
        quick_label.setBuddy(self.quick_counts)
        tl.addWidget(quick_label, 1, 0)
        tl.addWidget(self.quick_counts, 1, 1, 1, 4)
        self.tally_spins: list[QSpinBox] = []
        for v in range(5):
            lab = QLabel(f"{v + 1}")
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            spin = CountBox()
            spin.setRange(0, 999)
            spin.setAccessibleName(f"Hands for {v + 1}")
            # a count counts once it is typed in full (Enter or leaving the box), not per digit
            spin.setKeyboardTracking(False)
            lab.setBuddy(spin)
            spin.valueChanged.connect(lambda count, value=v + 1: self._tally_changed(value, count))
            tl.addWidget(lab, 2, v)
            tl.addWidget(spin, 3, v)
            self.tally_spins.append(spin)
        self.tally_total = QLabel()
        self.tally_total.setAccessibleName("Hands counted")
        tl.addWidget(self.tally_total, 4, 0, 1, 5)
        self.reveal_chart_button = self._button(
            "Reveal &chart", "Show the chart on the wall", self.reveal
        )
        tl.addWidget(self.reveal_chart_button, 5, 0, 1, 5)
        tl.setRowStretch(6, 1)  # keep the counts together at the top
        self.tabs.addTab(self.tally_box, "Hands")

        self.notes_edit = QPlainTextEdit(s.notes)
        self.notes_edit.setAccessibleName("Session notes")
        self.notes_edit.setPlaceholderText("Your notes. Only you see these. No names, please.")
        self.notes_edit.textChanged.connect(self._notes_changed)
        self.tabs.addTab(self.notes_edit, "Notes")
        self.takeaways_edit = QPlainTextEdit("\n".join(s.takeaways))
        self.takeaways_edit.setAccessibleName("Key take-aways, one per line")
        self.takeaways_edit.textChanged.connect(self._takeaways_changed)
        self.tabs.addTab(self.takeaways_edit, "Take-aways")
        self.actions_edit = QPlainTextEdit("\n".join(s.actions))
        self.actions_edit.setAccessibleName("Follow-up actions, one per line")
        self.actions_edit.setPlaceholderText("One action per line")
        self.actions_edit.textChanged.connect(self._notes_changed)
        self.tabs.addTab(self.actions_edit, "Follow-up")

        self.save_button = self._button(
            "Save to my &journal…",
            "Save notes, tallies and take-aways, encrypted",
            self.save_requested.emit,
        )
        self.export_button = self._button(
            "E&xport summary PDF…",
            "A summary for your records; no names",
            self.export_requested.emit,
        )
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName("Saved")
        self.saved_label.setWordWrap(True)
        right = QWidget()
        r = QVBoxLayout(right)
        r.addWidget(self.tabs, 1)
        r.addWidget(self.save_button)
        r.addWidget(self.export_button)
        r.addWidget(self.saved_label)

        splitter = QSplitter()
        splitter.addWidget(self.steps_list)
        splitter.addWidget(centre)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([240, 660, 420])

        # the clocks: the session's time large, the time of day, and an optional countdown
        self.countdown_minutes = QSpinBox()
        self.countdown_minutes.setRange(1, 90)
        self.countdown_minutes.setValue(5)
        self.countdown_minutes.setSuffix(" min")
        self.countdown_minutes.setAccessibleName("Countdown minutes")
        self.countdown_button = self._button(
            "Start countdown", "Time a discussion (shown here only)", self.toggle_countdown
        )
        self.countdown_label = self._label("Countdown", 2.2, bold=True)
        clocks = QVBoxLayout()
        clocks.addWidget(self.elapsed_label, 0, Qt.AlignmentFlag.AlignRight)
        clocks.addWidget(self.time_of_day, 0, Qt.AlignmentFlag.AlignRight)
        countdown = QVBoxLayout()
        countdown.addWidget(self.countdown_label, 0, Qt.AlignmentFlag.AlignRight)
        cd_row = QHBoxLayout()
        cd_row.addWidget(self.countdown_minutes)
        cd_row.addWidget(self.countdown_button)
        countdown.addLayout(cd_row)

        head = QHBoxLayout()
        title_box = QVBoxLayout()
        title = QLabel(s.plan.title)
        tf = title.font()
        tf.setBold(True)
        title.setFont(tf)
        title_box.addWidget(title)
        title_box.addWidget(self.step_time_label)
        title_box.addWidget(self.clicker_state)
        head.addLayout(title_box, 1)
        head.addLayout(countdown)
        head.addSpacing(24)
        head.addLayout(clocks)

        screens_row = QHBoxLayout()
        self.wall_place = QLabel()
        self.wall_place.setAccessibleName("Where the wall is")
        screens_row.addWidget(self.wall_place, 1)
        for b in (self.wall_view_button, self.show_on_button, self.swap_button, self.end_button):
            screens_row.addWidget(b)

        outer = QVBoxLayout(self)
        outer.addLayout(head)
        outer.addWidget(self.screen_message)
        outer.addWidget(splitter, 1)
        outer.addLayout(screens_row)

    def _picture(self, name: str, min_width: int) -> _Picture:
        lab = _Picture()
        lab.setAccessibleName(name)
        lab.setMinimumSize(min_width, min_width * 9 // 16)
        lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lab.setStyleSheet("background: black; border: 1px solid palette(mid);")
        return lab

    def _wire(self) -> None:
        a = self.audience
        a.key_pressed.connect(self._wall_key)
        a.clip.position_changed.connect(self._clip_position)
        a.clip.reached_stop.connect(self._clip_stopped)
        a.clip.problem.connect(self._clip_problem)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_times)
        self._tick.start()
        self._thumb_timer = QTimer(self)
        self._thumb_timer.setSingleShot(True)
        self._thumb_timer.setInterval(200)  # at most five thumbnails a second
        self._thumb_timer.timeout.connect(self.update_thumbnail)
        a.painted.connect(self._wall_painted)
        QApplication.instance().focusChanged.connect(self._focus_moved)

    # ------------------------------------------------------------ keys

    def windows(self) -> list[QWidget]:
        """Top-level windows whose keys drive the session."""
        return [self.window(), self.audience.window()]

    def handle_key(self, key: int) -> bool:
        if key in NEXT_KEYS:
            self.go_next()
        elif key in PREVIOUS_KEYS:
            self.go_previous()
        elif key == Qt.Key.Key_Space:
            self.toggle_play()
        elif key in BLANK_KEYS:
            self.toggle_blank()
        elif key == Qt.Key.Key_H:
            self.toggle_hidden()
        elif key in WALL_VIEW_KEYS:
            self.wall_view_requested.emit()
        elif key == Qt.Key.Key_Escape:
            self.request_leave()
        else:
            return False
        return True

    def wall_typing(self, key: int, text: str) -> bool:
        """Digits at a show of hands, typed anywhere but a box: quick entry of the counts.

        With the console in view they go to the quick-entry box; in the wall-only view (one
        screen) they are collected here and shown small at the foot of the wall, never as a
        chart, until Enter stores them. Next then reveals the chart.
        """
        if self.session.current.kind != "tally" or self.session.blanked:
            return False
        typing = bool(self.quick_counts.text())
        if text.isdigit():
            self.quick_counts.setText(self.quick_counts.text() + text)
        elif typing and key in (Qt.Key.Key_Space, Qt.Key.Key_Comma):
            self.quick_counts.setText(self.quick_counts.text() + " ")
        elif typing and key == Qt.Key.Key_Backspace:
            self.quick_counts.setText(self.quick_counts.text()[:-1])
        elif typing and key in ENTER_KEYS:
            self.enter_quick_counts()
        else:
            return False
        if not self.wall_view and self.quick_counts.text():
            self.tabs.setCurrentWidget(self.tally_box)
            self.quick_counts.setFocus()
            self.quick_counts.end(False)
            self._show_clicker_state()
        self._show_wall_entry()
        return True

    def _show_wall_entry(self) -> None:
        text = self.quick_counts.text().strip()
        self.audience.show_entry(f"Counts: {text}" if self.wall_view and text else "")

    def _wall_key(self, key: int) -> None:
        # keys that reach the wall (when it has focus and the filter did not take them)
        self.handle_key(key)

    def leave_box(self) -> None:
        """Enter or Esc out of a box or list: the clicker drives again."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._show_clicker_state()

    def _focus_moved(self, _old: QWidget | None, _new: QWidget | None) -> None:
        if not self._ended:
            self._show_clicker_state()

    def _show_clicker_state(self) -> None:
        new = self.window().focusWidget()
        mode = capture_mode(new)
        if mode == "text":
            where = new.accessibleName() or "a box"
            text = (
                f"Clicker paused while you type in {where}: arrows, Space and B type here. "
                "Page Up / Page Down still step. Esc returns to the clicker."
            )
        elif mode == "list":
            text = (
                "Clicker paused: arrows choose in the list, Enter shows it. "
                "Page Up / Page Down still step. Esc returns to the clicker."
            )
        else:
            text = "Clicker ready: Page Down / Page Up, arrows, Space, B."
        self.clicker_state.setText(text)
        self.clicker_state.setStyleSheet(
            "color: #8a4b00; font-weight: bold;" if mode in ("text", "list") else ""
        )

    @property
    def clicker_paused(self) -> bool:
        """Some of the clicker's keys type or choose in a box or list just now."""
        return capture_mode(self.window().focusWidget()) in ("text", "list")

    # ------------------------------------------------------------ actions

    def go_next(self) -> None:
        if self.session.go_next():
            self.refresh()

    def go_previous(self) -> None:
        if self.session.go_previous():
            self.refresh()

    def go_to(self, index: int) -> None:
        if self.session.go_to(index):
            self.refresh()

    def toggle_blank(self) -> None:
        self.session.toggle_blank()
        self.refresh()

    def toggle_hidden(self) -> None:
        self.session.toggle_hidden()
        self.refresh()

    def reveal(self) -> None:
        if self.session.current.kind == "tally":
            if not self.session.reveal_chart():
                self.tally_total.setText("Type the counts first: no hands, no chart.")
                return
        else:
            self.session.reveal()
        self.refresh()

    def toggle_play(self) -> None:
        if self.session.current.kind != "clip" or self.session.blanked or self.session.hidden:
            return
        if not self.audience.clip.toggle() and self.audience.clip.at_stop:
            self.position_label.setText(
                self._position_text(self.audience.clip.position_ms)
                + " - paused at the pause point. Press Next for the question."
            )

    def restart_clip(self) -> None:
        if self.session.current.kind == "clip":
            self.audience.clip.restart(self.session.current.start)

    def show_selected_prompt(self) -> None:
        item = self.prompts.currentItem()
        if item is not None:
            self.session.show_prompt(item.text())
            self.refresh()
            self.leave_box()

    def show_prompt(self, text: str) -> None:
        self.session.show_prompt(text)
        self.refresh()

    def set_tally(self, value: int, count: int) -> None:
        """Type a count into the current tally step (what the spin boxes do)."""
        self.tally_spins[value - 1].setValue(count)

    def enter_quick_counts(self) -> bool:
        """Store "2 5 7 4 1" as the counts for 1..5; the wall changes only when revealed."""
        if self.session.current.kind != "tally":
            return False
        try:
            counts = parse_counts(self.quick_counts.text())
        except ValueError as exc:
            self.tally_total.setText(str(exc))
            return False
        self.session.set_counts(counts)
        self.quick_counts.clear()
        self._show_wall_entry()
        self.refresh()
        self.leave_box()
        return True

    def toggle_countdown(self) -> None:
        if self._countdown_end is None:
            self._countdown_end = self.session.clock() + self.countdown_minutes.value() * 60
            self.countdown_button.setText("Stop countdown")
        else:
            self._countdown_end = None
            self.countdown_button.setText("Start countdown")
        self._update_times()

    def request_leave(self) -> None:
        if self._ended:
            return
        if self._confirm_leave():
            self.end()

    def _ask_leave(self) -> bool:
        return ask_yes_no(
            self,
            "Leave the session?",
            "Leave this group session? The wall will be cleared.\n\n"
            "You can resume it later from the Group session page. Save your notes to your "
            "journal if you want to keep them for good.",
        )

    def end(self) -> None:
        self._ended = True
        if self.owns_keys:
            QApplication.instance().removeEventFilter(self._keys)
        QApplication.instance().focusChanged.disconnect(self._focus_moved)
        self._tick.stop()
        self._thumb_timer.stop()
        self.audience.clip.release()
        self._preview_wall.close()
        self.left.emit()

    def warn_screens(self, text: str) -> None:
        """A message about the screens (a projector unplugged or back), on the console only."""
        self.screen_message.setText(text)
        self.screen_message.setVisible(bool(text))

    def confirm(self, text: str) -> None:
        """Say that a save or an export worked, where the facilitator looks."""
        self.saved_label.setText(text)

    # ------------------------------------------------------------ refresh

    def refresh(self) -> None:
        """Put the session's current state on the wall and in the console."""
        s = self.session
        wall = s.wall()
        cues: list = []
        if wall.kind == "clip" and wall.captions:
            cues = self._cues_for(wall.captions)
        self.audience.show_content(**wall.as_display(), cues=cues)
        self._refresh_panel()
        self.update_preview()
        self.changed.emit()

    def _refresh_panel(self) -> None:
        """The console's own labels and lists, after the session changed."""
        s = self.session
        wall = s.wall()
        step = s.current
        n = s.index + 1
        self.now_label.setText(f"Now ({n} of {len(s.steps)}): {step.label}")
        nxt = s.next_step
        self.next_label.setText(f"Next: {nxt.label}" if nxt else "Next: the end of the plan")
        wall_text = {
            "blank": "The wall is blank. Press B to return.",
            "logo": "The wall shows a holding screen. Press Next or H to reveal.",
        }
        if step.kind == "tally" and wall.kind == "prompt" and not s.blanked and not s.shown_prompt:
            shown = "The wall shows the question. Type the counts, then Next shows the chart."
        else:
            shown = wall_text.get(
                wall.kind, f"The wall shows: {KIND_LABELS.get(wall.style, wall.kind)}"
            )
        self.wall_state.setText(shown)
        self.blank_button.setChecked(s.blanked)
        self.hide_button.setText("Re&veal" if s.hidden else "&Hide")
        is_clip = step.kind == "clip"
        self.play_button.setEnabled(is_clip)
        self.restart_button.setEnabled(is_clip)
        self.position_label.setVisible(is_clip)
        self.prev_button.setEnabled(s.index > 0 or s.blanked or bool(s.shown_prompt))
        self.next_button.setEnabled(not s.at_end or s.blanked or s.hidden or bool(s.shown_prompt))
        self._update_times()
        self.steps_list.setCurrentRow(s.index)
        self.step_notes.setText(f"Your note: {step.notes}" if step.notes else "")
        self.step_notes.setVisible(bool(step.notes))
        prompts = s.prompt_list()
        if [self.prompts.item(i).text() for i in range(self.prompts.count())] != prompts:
            self.prompts.clear()
            self.prompts.addItems(prompts)
        is_tally = step.kind == "tally"
        if s.index != self._panel_index:
            # counts half typed belong to the step they were typed at, not the next one
            self._panel_index = s.index
            if self.quick_counts.text():
                self.quick_counts.clear()
                self._show_wall_entry()
            if self.window().focusWidget() is self.quick_counts:
                self.leave_box()
        self.tally_box.setEnabled(is_tally)
        focus_in_tabs = self.tabs.isAncestorOf(self.window().focusWidget())
        if is_tally:
            t = s.tally(step.tally_id)
            phase = "before" if step.phase == "before" else "after"
            self.tally_box.setTitle(
                f"Show of hands, {'at the start' if phase == 'before' else 'at the end'}"
                " (counts only, no names)"
            )
            self.tally_question.setText(t.question)
            for spin, count in zip(self.tally_spins, t.counts(phase), strict=True):
                spin.blockSignals(True)
                spin.setValue(count)
                spin.blockSignals(False)
            total = t.total(phase)
            self.tally_total.setText(
                f"n = {total} hands" if total else "No hands counted yet: the chart stays hidden."
            )
            self.reveal_chart_button.setEnabled(s.hidden and total > 0)
            self.tabs.setCurrentWidget(self.tally_box)
        else:
            self.tally_question.setText("The next show of hands will appear here.")
            self.tally_total.setText("")
            if self.tabs.currentWidget() is self.tally_box:
                self.tabs.setCurrentIndex(0)
        if focus_in_tabs and capture_mode(self.window().focusWidget()) == "count":
            # a tab change carries the focus into a count box by itself: the clicker keeps it
            self.leave_box()

    def _update_times(self) -> None:
        s = self.session
        self.elapsed_label.setText(mmss(s.elapsed()))
        self.elapsed_label.setToolTip("Time since the session started")
        self.time_of_day.setText(datetime.now().strftime("%H:%M"))
        planned = s.current.minutes * 60
        text = f"This step {mmss(s.step_elapsed())}"
        if planned:
            text += f" of {mmss(planned)}"
        self.step_time_label.setText(text)
        over = s.step_overrun()
        self.step_time_label.setStyleSheet("color: #b00020; font-weight: bold;" if over else "")
        self.step_time_label.setAccessibleDescription("over the planned time" if over else "")
        if self._countdown_end is None:
            self.countdown_label.setText("")
            self.countdown_label.setVisible(False)
        else:
            left = self._countdown_end - s.clock()
            self.countdown_label.setVisible(True)
            self.countdown_label.setText(mmss(left) if left > 0 else "Time's up")
            self.countdown_label.setStyleSheet("color: #b00020;" if left <= 0 else "")

    def _position_text(self, ms: int) -> str:
        step = self.session.current
        stop = f", pauses at {mmss(step.stop)}" if step.stop is not None else ""
        return f"Clip {mmss(ms / 1000)}{stop}"

    def _clip_position(self, ms: int) -> None:
        if self.session.current.kind != "clip":
            return
        text = self._position_text(ms)
        if self.audience.clip.at_stop:
            text += " - paused at the pause point. Press Next for the question."
        self.position_label.setText(text)

    def _clip_stopped(self) -> None:
        self.position_label.setText(
            self._position_text(self.audience.clip.position_ms)
            + " - paused at the pause point. Press Next for the question."
        )

    def _clip_problem(self, message: str) -> None:
        # shown on the console only: the wall never shows messages
        self.wall_state.setText(message)

    def _notes_changed(self) -> None:
        s = self.session
        s.notes = self.notes_edit.toPlainText()
        s.actions = [t.strip() for t in self.actions_edit.toPlainText().splitlines() if t.strip()]
        self.notes_changed.emit()

    def _takeaways_changed(self) -> None:
        self.session.takeaways = [
            t.strip() for t in self.takeaways_edit.toPlainText().splitlines() if t.strip()
        ]
        if self.session.current.kind == "takeaways" or (
            self.session.next_step is not None and self.session.next_step.kind == "takeaways"
        ):
            self.refresh()  # what the facilitator edits is what the wall shows
        else:
            self.changed.emit()

    def _tally_changed(self, value: int, count: int) -> None:
        step = self.session.current
        if step.kind != "tally":
            return
        self.session.set_tally(step.tally_id, step.phase, value, count)
        self.refresh()  # a revealed chart follows a corrected count

    # ------------------------------------------------------------ pictures

    def _wall_painted(self) -> None:
        if not self._grabbing and not self._thumb_timer.isActive() and not self._ended:
            self._thumb_timer.start()

    def update_thumbnail(self) -> None:
        """A live picture of the wall, so the facilitator never has to turn round."""
        if self._ended:
            return
        if self.audience.isVisible():
            self._grabbing = True
            try:
                frame: QPixmap = self.audience.grab()
            finally:
                self._grabbing = False
        else:
            # one screen, console in view: the wall is away, so draw what it would show
            frame = self._draw_wall(self.session.wall())
        self.thumbnail.set_frame(frame)

    def update_preview(self) -> None:
        """The next step as the wall will show it (as a presenter view does)."""
        self.next_preview.set_frame(self._draw_wall(self.session.next_wall()))
        if not self.audience.isVisible():
            self.update_thumbnail()

    def _draw_wall(self, wall: Wall | None) -> QPixmap:
        """A wall drawn off screen: never shown, and a clip only by its title."""
        if wall is None:
            self._preview_wall.show_content(kind="logo", title="The end of the plan")
        elif wall.kind == "clip":
            # a picture of the clip's title, so the drawing never opens the media
            self._preview_wall.show_content(kind="logo", title=f"▶ Clip: {wall.title}")
        else:
            self._preview_wall.show_content(**wall.as_display())
        self._preview_wall.show()
        return self._preview_wall.grab()

    def thumbnail_pixmap(self) -> QPixmap:
        return self.thumbnail.pixmap()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.owns_keys and not self._ended:
            if not self._confirm_leave():
                event.ignore()
                return
            self.end()
        super().closeEvent(event)


def shortcut_help() -> str:
    keys = [
        ("Next step", "Right, Down, Page Down"),
        ("Previous step", "Left, Up, Page Up"),
        ("Play or pause", QKeySequence(Qt.Key.Key_Space).toString()),
        ("Blank the wall, and return", "B"),
        ("Hide or reveal", "H"),
        ("The wall on its own (one screen)", "F or F11"),
        ("Counts at a show of hands", "type 2 5 7 4 1, then Enter"),
        ("Leave a box", "Esc or Enter"),
        ("Leave", "Esc"),
    ]
    return "\n".join(f"{a}: {k}" for a, k in keys)
