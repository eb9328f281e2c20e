"""The facilitator's console: runs a group session on the laptop while the wall shows the room.

It drives a GroupSession (the plan, timers, tallies, notes) and tells the audience window
what to show, as plain display data only. Keys work whether the console or the wall has
focus: arrows / Page Up / Page Down step (clickers send these), Space plays or pauses,
B blanks and returns, H hides or reveals, Esc leaves after a confirmation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
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
from app.services.group_session import GroupSession
from app.ui.group.audience import AudienceWindow

log = logging.getLogger(__name__)

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown}
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp}
BLANK_KEYS = {Qt.Key.Key_B, Qt.Key.Key_Period}  # many clickers send "." for their blank button
TEXT_ENTRY = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)


def mmss(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 60:02d}:{s % 60:02d}"


class _Keys(QObject):
    """Application-wide key filter while a session runs: the console, the wall or the strip
    may have focus, and a clicker's keys must work in all of them, but never while the
    facilitator types notes or a tally."""

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
        typing = isinstance(obj, TEXT_ENTRY) or isinstance(QApplication.focusWidget(), TEXT_ENTRY)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.console.request_leave()
            return True
        if typing:
            return False
        return self.console.handle_key(key)


class FacilitatorConsole(QWidget):
    """Current and next step, notes, timers, player controls, prompts, tallies, thumbnail."""

    left = Signal()  # the session was ended
    save_requested = Signal()  # "Save to my journal": the host asks for an unlock first
    export_requested = Signal()
    changed = Signal()  # the session moved on (a second console follows)

    def __init__(
        self,
        session: GroupSession,
        audience: AudienceWindow,
        *,
        compact: bool = False,
        cues_for: Callable[[str], list[tuple[int, int, str]]] | None = None,
        owns_keys: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.audience = audience
        self.compact = compact
        self._cues_for = cues_for or (lambda _path: [])
        self._extra_windows: list[QWidget] = []
        self._confirm_leave: Callable[[], bool] = self._ask_leave
        self._grabbing = False
        self._ended = False
        self.setWindowTitle(f"Facilitator console - {session.plan.title}")
        self.setAccessibleName("Facilitator console")

        self._build()
        self._wire()
        self.owns_keys = owns_keys
        self._keys = _Keys(self)
        if owns_keys:
            QApplication.instance().installEventFilter(self._keys)
        self.refresh()

    # ------------------------------------------------------------ building

    def _button(self, text: str, tip: str, slot, name: str = "") -> QPushButton:
        b = QPushButton(text)
        b.setToolTip(tip)
        b.setAccessibleName(name or text.replace("&", ""))
        b.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click must not steal Space from the player
        b.clicked.connect(slot)
        return b

    def _build(self) -> None:
        s = self.session
        self.now_label = QLabel()
        self.now_label.setWordWrap(True)
        self.now_label.setAccessibleName("Current step")
        f = self.now_label.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.25)
        self.now_label.setFont(f)
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.next_label.setAccessibleName("Next step")
        self.elapsed_label = QLabel()
        self.elapsed_label.setAccessibleName("Session time")
        self.step_time_label = QLabel()
        self.step_time_label.setAccessibleName("Time on this step")
        self.position_label = QLabel()
        self.position_label.setAccessibleName("Clip position")
        self.wall_state = QLabel()
        self.wall_state.setAccessibleName("What the wall shows")

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

        controls = QHBoxLayout()
        for b in (
            self.prev_button,
            self.next_button,
            self.play_button,
            self.restart_button,
            self.blank_button,
            self.hide_button,
        ):
            controls.addWidget(b)

        if self.compact:
            self._build_compact(controls)
            return

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

        self.thumbnail = QLabel()
        self.thumbnail.setAccessibleName("What the wall shows now")
        self.thumbnail.setMinimumSize(320, 180)
        self.thumbnail.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("background: black; border: 1px solid palette(mid);")

        centre = QWidget()
        c = QVBoxLayout(centre)
        c.addWidget(self.now_label)
        c.addWidget(self.next_label)
        c.addWidget(self.step_notes)
        c.addWidget(self.thumbnail, 1)
        c.addWidget(self.wall_state)
        c.addWidget(self.position_label)
        c.addLayout(controls)

        # right: prompts, show of hands, notes, take-aways, follow-up
        self.tabs = QTabWidget()
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
        self.tally_spins: list[QSpinBox] = []
        for v in range(5):
            lab = QLabel(f"{v + 1}")
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            spin = QSpinBox()
            spin.setRange(0, 999)
            spin.setAccessibleName(f"Hands for {v + 1}")
            lab.setBuddy(spin)
            spin.valueChanged.connect(lambda count, value=v + 1: self._tally_changed(value, count))
            tl.addWidget(lab, 1, v)
            tl.addWidget(spin, 2, v)
            self.tally_spins.append(spin)
        self.reveal_chart_button = self._button(
            "Reveal &chart", "Show the chart on the wall", self.reveal
        )
        tl.addWidget(self.reveal_chart_button, 3, 0, 1, 5)
        tl.setRowStretch(4, 1)  # keep the counts together at the top
        self.tabs.addTab(self.tally_box, "Hands")

        self.notes_edit = QPlainTextEdit(s.notes)
        self.notes_edit.setAccessibleName("Session notes")
        self.notes_edit.setPlaceholderText("Your notes. Only you see these. No names, please.")
        self.notes_edit.textChanged.connect(self._notes_changed)
        self.tabs.addTab(self.notes_edit, "Notes")
        self.takeaways_edit = QPlainTextEdit("\n".join(s.takeaways))
        self.takeaways_edit.setAccessibleName("Key take-aways, one per line")
        self.takeaways_edit.textChanged.connect(self._notes_changed)
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
        right = QWidget()
        r = QVBoxLayout(right)
        r.addWidget(self.tabs, 1)
        r.addWidget(self.save_button)
        r.addWidget(self.export_button)

        splitter = QSplitter()
        splitter.addWidget(self.steps_list)
        splitter.addWidget(centre)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([260, 640, 420])

        head = QHBoxLayout()
        title = QLabel(s.plan.title)
        tf = title.font()
        tf.setBold(True)
        title.setFont(tf)
        head.addWidget(title, 1)
        head.addWidget(self.elapsed_label)
        head.addSpacing(16)
        head.addWidget(self.step_time_label)
        head.addSpacing(16)
        head.addWidget(self.end_button)

        outer = QVBoxLayout(self)
        outer.addLayout(head)
        outer.addWidget(splitter, 1)

    def _build_compact(self, controls: QHBoxLayout) -> None:
        """One screen only: a strip over the wall's view, with the full console a click away."""
        self.more_button = self._button(
            "Console…",
            "Open the full console in a window you can move",
            self.open_full_console,
            "Open full console",
        )
        controls.addWidget(self.more_button)
        controls.addWidget(self.end_button)
        texts = QVBoxLayout()
        texts.addWidget(self.now_label)
        texts.addWidget(self.next_label)
        times = QVBoxLayout()
        times.addWidget(self.elapsed_label)
        times.addWidget(self.step_time_label)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addLayout(texts, 1)
        row.addLayout(times)
        row.addWidget(self.position_label)
        row.addLayout(controls)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

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

    # ------------------------------------------------------------ actions

    def windows(self) -> list[QWidget]:
        """Top-level windows whose keys drive the session."""
        out = [self.window(), self.audience.window()] + [w.window() for w in self._extra_windows]
        return out

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
        elif key == Qt.Key.Key_Escape:
            self.request_leave()
        else:
            return False
        return True

    def _wall_key(self, key: int) -> None:
        # keys that reach the wall (when it has focus and the filter did not take them)
        self.handle_key(key)

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
        self.session.reveal()
        self.refresh()

    def toggle_play(self) -> None:
        if self.session.current.kind == "clip" and not self.session.blanked:
            self.audience.clip.toggle()

    def restart_clip(self) -> None:
        if self.session.current.kind == "clip":
            self.audience.clip.restart(self.session.current.start)

    def show_selected_prompt(self) -> None:
        item = self.prompts.currentItem() if not self.compact else None
        if item is not None:
            self.session.show_prompt(item.text())
            self.refresh()

    def show_prompt(self, text: str) -> None:
        self.session.show_prompt(text)
        self.refresh()

    def set_tally(self, value: int, count: int) -> None:
        """Type a count into the current tally step (what the spin boxes do)."""
        self.tally_spins[value - 1].setValue(count)

    def request_leave(self) -> None:
        if self._ended:
            return
        if self._confirm_leave():
            self.end()

    def _ask_leave(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Leave the session?",
            "Leave this group session? The wall will be cleared.\n\n"
            "Save your notes to your journal first if you want to keep them.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def end(self) -> None:
        self._ended = True
        if self.owns_keys:
            QApplication.instance().removeEventFilter(self._keys)
        self._tick.stop()
        self._thumb_timer.stop()
        self.audience.clip.release()
        self.left.emit()

    def open_full_console(self) -> None:
        """From the compact strip: the full console in a second window (drag it where you like)."""
        full = FacilitatorConsole(
            self.session, self.audience, cues_for=self._cues_for, owns_keys=False
        )
        full.end_button.clicked.disconnect()
        full.end_button.clicked.connect(self.request_leave)
        full.save_requested.connect(self.save_requested)
        full.export_requested.connect(self.export_requested)
        full.changed.connect(self._refresh_panel)
        self.changed.connect(full._refresh_panel)
        self.left.connect(full.close)
        self._extra_windows.append(full)
        full.resize(1100, 700)
        full.show()

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
        self.changed.emit()

    def _refresh_panel(self) -> None:
        """The console's own labels and lists, after the session changed (here or in a peer)."""
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
        self.wall_state.setText(
            wall_text.get(wall.kind, f"The wall shows: {KIND_LABELS.get(wall.style, wall.kind)}")
        )
        self.blank_button.setChecked(s.blanked)
        self.hide_button.setText("Re&veal" if s.hidden else "&Hide")
        is_clip = step.kind == "clip"
        self.play_button.setEnabled(is_clip)
        self.restart_button.setEnabled(is_clip)
        self.position_label.setVisible(is_clip)
        self.prev_button.setEnabled(s.index > 0 or s.blanked or bool(s.shown_prompt))
        self.next_button.setEnabled(not s.at_end or s.blanked or s.hidden or bool(s.shown_prompt))
        self._update_times()
        if self.compact:
            return
        self.steps_list.setCurrentRow(s.index)
        self.step_notes.setText(f"Your note: {step.notes}" if step.notes else "")
        self.step_notes.setVisible(bool(step.notes))
        prompts = s.prompt_list()
        if [self.prompts.item(i).text() for i in range(self.prompts.count())] != prompts:
            self.prompts.clear()
            self.prompts.addItems(prompts)
        is_tally = step.kind == "tally"
        self.tally_box.setEnabled(is_tally)
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
            self.reveal_chart_button.setEnabled(s.hidden)
            self.tabs.setCurrentWidget(self.tally_box)
        else:
            self.tally_question.setText("The next show of hands will appear here.")
            if self.tabs.currentWidget() is self.tally_box:
                self.tabs.setCurrentIndex(0)
        # the wall-facing console re-renders the thumbnail on its own after the wall paints

    def _update_times(self) -> None:
        s = self.session
        self.elapsed_label.setText(f"Session {mmss(s.elapsed())}")
        planned = s.current.minutes * 60
        text = f"This step {mmss(s.step_elapsed())}"
        if planned:
            text += f" of {mmss(planned)}"
        self.step_time_label.setText(text)
        over = s.step_overrun()
        self.step_time_label.setStyleSheet("color: #b00020; font-weight: bold;" if over else "")
        self.step_time_label.setAccessibleDescription("over the planned time" if over else "")

    def _clip_position(self, ms: int) -> None:
        step = self.session.current
        if step.kind != "clip":
            return
        stop = f", pauses at {mmss(step.stop)}" if step.stop is not None else ""
        self.position_label.setText(f"Clip {mmss(ms / 1000)}{stop}")

    def _clip_stopped(self) -> None:
        self.position_label.setText(
            self.position_label.text() + " - paused. Press Next for the question."
        )

    def _clip_problem(self, message: str) -> None:
        # shown on the console only: the wall never shows messages
        self.wall_state.setText(message)

    def _notes_changed(self) -> None:
        s = self.session
        s.notes = self.notes_edit.toPlainText()
        s.takeaways = [
            t.strip() for t in self.takeaways_edit.toPlainText().splitlines() if t.strip()
        ]
        s.actions = [t.strip() for t in self.actions_edit.toPlainText().splitlines() if t.strip()]

    def _tally_changed(self, value: int, count: int) -> None:
        step = self.session.current
        if step.kind != "tally":
            return
        self.session.set_tally(step.tally_id, step.phase, value, count)
        if self.session.wall().kind == "chart":
            self.refresh()  # the revealed chart follows the counts live

    # ------------------------------------------------------------ thumbnail

    def _wall_painted(self) -> None:
        if not self._grabbing and not self._thumb_timer.isActive() and not self._ended:
            self._thumb_timer.start()

    def update_thumbnail(self) -> None:
        """A live picture of the wall, so the facilitator never has to turn round."""
        if self.compact or self._ended:
            return
        self._grabbing = True
        try:
            frame: QPixmap = self.audience.grab()
        finally:
            self._grabbing = False
        self.thumbnail.setPixmap(
            frame.scaled(
                self.thumbnail.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def thumbnail_pixmap(self) -> QPixmap:
        return self.thumbnail.pixmap()

    def closeEvent(self, event) -> None:  # noqa: N802
        # closing the main console is leaving; a second console opened from the strip just closes
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
        ("Leave", "Esc"),
    ]
    return "\n".join(f"{a}: {k}" for a, k in keys)
