"""The player page: a content-warning gate, then the clip with its controls and markers.

It owns one MediaPlayer and connects the controls' intents to it. What the person marks is
kept here as plain data ({"at": seconds, "note": str}); when they are ready to reflect
(the button, or the end of the clip) `reflect_requested(scenario, markers)` hands over.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.media.player import CAPTIONS, MediaPlayer
from app.models import captions
from app.models.captions import Cue
from app.models.content import PausePoint, Scenario
from app.models.toml_doc import Problem
from app.ui.player.player_controls import PlayerControls, clock, step_speed
from app.ui.player.shortcuts_dialog import SHORTCUTS, ShortcutsDialog, key_text
from app.ui.player.video_view import VideoView
from app.ui.shared.content_warning import ContentWarningPage
from app.ui.shared.headings import style_heading

log = logging.getLogger(__name__)


def read_cues(path) -> tuple[list[Cue], list[Problem]]:
    """The readable captions, and warnings about the rest (never raises for a bad file)."""
    found = captions.load(path)
    return found.cues, found.problems


def marker_label(marker: dict) -> str:
    at = clock(int(float(marker["at"]) * 1000))
    return f"{at}  {marker['note']}" if marker.get("note") else f"{at}  (no note)"


_ARROWS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right)


class KeepOwnKeys(QObject):
    """Lets a focused button keep Space, and a list or combo box keep the arrows.

    The player's single-key shortcuts would otherwise take those keys, and a keyboard user
    could not press a button or move through the markers.
    """

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and not event.modifiers():
            key = event.key()
            if isinstance(obj, QAbstractButton) and key in (Qt.Key.Key_Space, Qt.Key.Key_Return):
                event.accept()
            elif isinstance(obj, (QListWidget, QComboBox)) and key in (*_ARROWS, Qt.Key.Key_Space):
                event.accept()
        return False


class PlayerView(QWidget):
    """Plays one scenario at a time."""

    reflect_requested = Signal(object, list)  # Scenario, [{"at": seconds, "note": str}]
    back_requested = Signal()  # "choose another scenario"

    def __init__(self, parent: QWidget | None = None, renderer: str | None = None) -> None:
        super().__init__(parent)
        self.player = MediaPlayer(self, renderer=renderer)
        self._scenario: Scenario | None = None
        self._markers: list[dict] = []
        self._editing: int | None = None  # index of the marker whose note is being typed
        self._paused_for_note = False
        self._cues: list[Cue] = []
        self._pauses: list[PausePoint] = []
        self._passed_ms = 0  # pause points at or before this time have had their turn
        self._at_pause: PausePoint | None = None
        self._reflect_sent = False

        self.title = QLabel()
        self.title.setWordWrap(True)
        style_heading(self.title)
        self.back = QPushButton("Choose another scenario")
        self.back.clicked.connect(self._go_back)
        self.notice = QLabel()  # problems that do not stop playback (e.g. captions)
        self.notice.setWordWrap(True)
        self.notice.setProperty("role", "notice")
        self.notice.hide()
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.back)

        self.gate = ContentWarningPage("Before you watch", "&Continue to the clip")
        self.gate.accepted.connect(self._start)
        self.gate.declined.connect(self._go_back)

        self.video = VideoView()
        self.video.bind(self.player)
        self.pause_box = self._build_pause_box()
        self.controls = PlayerControls()
        self.side = self._build_side()
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.video, 1)
        left.addWidget(self.pause_box)
        left.addWidget(self.controls)
        watching = QWidget()
        row = QHBoxLayout(watching)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(left, 1)
        row.addWidget(self.side)
        self.watching = watching

        self.pages = QStackedWidget()
        self.pages.addWidget(self.gate)
        self.pages.addWidget(watching)
        self.header_box = QWidget()
        self.header_box.setLayout(header)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header_box)
        layout.addWidget(self.notice)
        layout.addWidget(self.pages, 1)

        self._wire()
        self._bind_keys()

    # ----- building ----------------------------------------------------------------------

    def _build_pause_box(self) -> QFrame:
        # Under the picture, not over it: the paused frame stays visible while the person
        # thinks, and nothing needs drawing above a native video window.
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        self.pause_heading = QLabel("A moment to pause")
        bold = self.pause_heading.font()
        bold.setBold(True)
        self.pause_heading.setFont(bold)
        self.pause_label = QLabel()
        self.pause_label.setWordWrap(True)
        self.pause_label.setTextFormat(Qt.TextFormat.PlainText)
        self.pause_continue = QPushButton("&Continue")
        self.pause_continue.setAccessibleName("Continue the clip")
        self.pause_continue.clicked.connect(self._continue_after_pause)
        text = QVBoxLayout()
        text.addWidget(self.pause_heading)
        text.addWidget(self.pause_label)
        row = QHBoxLayout(box)
        row.addLayout(text, 1)
        row.addWidget(self.pause_continue, 0, Qt.AlignmentFlag.AlignVCenter)
        box.hide()
        return box

    def _build_side(self) -> QWidget:
        side = QWidget()
        side.setMaximumWidth(320)
        side.setMinimumWidth(240)
        heading = QLabel("Moments you marked")
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        self.marker_list = QListWidget()
        self.marker_list.setAccessibleName("Moments you marked")
        self.marker_list.setToolTip("Choose a moment to watch it again")
        self.marker_list.setWordWrap(True)  # a note reads whole in the narrow side column
        self.marker_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.marker_list.itemActivated.connect(self._seek_to_marker)
        self.marker_list.itemClicked.connect(self._seek_to_marker)
        heading.setBuddy(self.marker_list)
        self.mark_button = QPushButton("Mark this moment")
        self.mark_button.setAccessibleName("Mark this moment")
        self.mark_button.setToolTip(f"Mark this moment ({key_text('mark')})")
        self.mark_button.clicked.connect(self.mark)
        note_label = QLabel("&Note for this moment (optional)")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note for this moment")
        self.note.setPlaceholderText("Type, then Enter to carry on")
        self.note.setMaxLength(200)
        note_label.setBuddy(self.note)
        self.note.textEdited.connect(self._note_typed)
        self.note.returnPressed.connect(self._note_done)
        self.hint = QLabel("Typing a note pauses the clip. Enter carries on.")
        self.hint.setWordWrap(True)
        self.reflect_button = QPushButton("I'm &ready to reflect")  # Alt+R from the keyboard
        self.reflect_button.setAccessibleName("I'm ready to reflect")
        self.reflect_button.clicked.connect(self.request_reflection)
        lay = QVBoxLayout(side)
        lay.setContentsMargins(8, 0, 0, 0)
        lay.addWidget(heading)
        lay.addWidget(self.marker_list, 1)
        lay.addWidget(self.mark_button)
        lay.addWidget(note_label)
        lay.addWidget(self.note)
        lay.addWidget(self.hint)
        lay.addSpacing(12)
        lay.addWidget(self.reflect_button)
        return side

    def _wire(self) -> None:
        p, c = self.player, self.controls
        c.follow(p)
        c.toggle_requested.connect(self.toggle)
        c.seek_requested.connect(self.seek)
        c.jump_requested.connect(lambda d: self.seek(p.position() + d))
        c.captions_requested.connect(self._set_captions)
        c.caption_track_requested.connect(p.set_subtitle_track)
        p.subtitle_tracks_changed.connect(self._on_subtitle_tracks)
        c.fullscreen_requested.connect(self.toggle_fullscreen)
        c.shortcuts_requested.connect(self.show_shortcuts)
        p.state_changed.connect(self._on_state)
        p.position_changed.connect(self._on_position)
        p.ended.connect(self._on_ended)
        p.error.connect(self._on_error)

    def _bind_keys(self) -> None:
        actions = {
            "toggle": self.toggle,
            "back_5": lambda: self.jump(-5000),
            "forward_5": lambda: self.jump(5000),
            "back_10": lambda: self.jump(-10000),
            "forward_10": lambda: self.jump(10000),
            "slower": lambda: self.player.set_rate(step_speed(self.player.rate(), -1)),
            "faster": lambda: self.player.set_rate(step_speed(self.player.rate(), 1)),
            "normal_speed": lambda: self.player.set_rate(1.0),
            "volume_up": lambda: self.player.set_volume(self.player.volume() + 10),
            "volume_down": lambda: self.player.set_volume(self.player.volume() - 10),
            "mute": lambda: self.player.set_muted(not self.player.is_muted()),
            "captions": lambda: (
                self.controls.captions.isEnabled() and self.controls.captions.toggle()
            ),
            "fullscreen": self.toggle_fullscreen,
            "mark": self.mark,
            "shortcuts": self.show_shortcuts,
        }
        self.shortcuts: dict[str, list[QShortcut]] = {}
        for s in SHORTCUTS:
            for keys in s.keys:
                sc = QShortcut(QKeySequence(keys), self.watching)
                sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                sc.activated.connect(actions[s.action])
                self.shortcuts.setdefault(s.action, []).append(sc)
        self._keep_keys = KeepOwnKeys(self)
        for w in self.watching.findChildren(QWidget):
            if isinstance(w, (QAbstractButton, QListWidget, QComboBox)):
                w.installEventFilter(self._keep_keys)
        leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.watching)
        leave.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        leave.activated.connect(self._escape)

    # ----- opening a scenario ------------------------------------------------------------

    def scenario(self) -> Scenario | None:
        return self._scenario

    def markers(self) -> list[dict]:
        """What the person marked, oldest first, as plain data."""
        return [dict(m) for m in self._markers]

    def open(self, scenario: Scenario, *, warning_accepted: bool = False) -> None:
        """Show `scenario`: its content warning first if it has one (unless the person has
        just accepted it before the confidence step), else start the clip."""
        self.player.stop()
        self._scenario = scenario
        self._markers = []
        self._editing = None
        self._paused_for_note = False
        self._reflect_sent = False
        self._at_pause = None
        self._passed_ms = 0
        self._pauses = sorted(scenario.pause_points, key=lambda pp: pp.at_seconds)
        self.marker_list.clear()
        self.note.clear()
        self.pause_box.hide()
        self.notice.hide()
        self.video.clear()
        self.video.set_message("")
        self.controls.set_position(0)
        self.controls.set_duration(int(scenario.duration_seconds * 1000))
        demo = " (demo)" if scenario.demo else ""
        self.title.setText(f"{scenario.title}{demo}")
        if scenario.content_warnings and not warning_accepted:
            self.gate.show_for(scenario)
            self.pages.setCurrentWidget(self.gate)
            self.back.hide()  # the gate has its own "Choose another scenario"
            self.gate.continue_button.setFocus()
        else:
            self._start()

    def _start(self) -> None:
        scenario = self._scenario
        if scenario is None:
            return
        self.pages.setCurrentWidget(self.watching)
        self.back.show()
        captions = self._load_cues(scenario)
        self.controls.set_captions(
            bool(self._cues) or captions is not None, self.player.captions_enabled()
        )
        if self.player.load(scenario.video, captions):
            self.player.play()
        self.video.setFocus()

    def _load_cues(self, scenario: Scenario):
        """Parse the captions for drawing; the captions path to hand libvlc, or None."""
        self._cues = []
        path = scenario.captions
        if path is None:
            return None
        if not path.is_file():
            return path  # the player says it is missing, and plays on without
        self._cues, problems = read_cues(path)
        if not self._cues:
            log.warning("captions could not be read (%d warnings)", len(problems))
            self._say(
                "The captions for this clip could not be read, so it plays without them. "
                "Whoever looks after your clips can check the file with “casebook content check”."
            )
            return None
        if any("left out" in p.message or "never shows" in p.message for p in problems):
            self._say(
                "Some captions for this clip could not be read, so a few lines are missing. "
                "Whoever looks after your clips can check the file with “casebook content check”."
            )
        return path

    # ----- playback --------------------------------------------------------------------

    def toggle(self) -> None:
        if self._at_pause is not None:
            self._continue_after_pause()
        else:
            self.player.toggle()

    def jump(self, delta_ms: int) -> None:
        self.seek(self.player.position() + delta_ms)

    def seek(self, ms: int) -> None:
        ms = max(0, int(ms))
        # Going back re-arms the pause points after the new position.
        self._passed_ms = min(self._passed_ms, ms)
        self.player.seek(ms)

    def _on_subtitle_tracks(self, tracks: list) -> None:
        # A clip with its own captions (an MKV's subtitle track) can show them too.
        has_file = bool(self._cues) or self.player.captions_path() is not None
        self.controls.set_captions(has_file or bool(tracks), self.player.captions_enabled())
        own = tracks if self.player.embedded_captions() else []
        self.controls.set_caption_tracks(own, self.player.subtitle_track())

    def _set_captions(self, on: bool) -> None:
        self.player.set_captions(on)
        self._show_cue(self.player.position())

    def _on_state(self, state: str) -> None:
        if state == "playing" and self._at_pause is not None:
            self._at_pause = None
            self.pause_box.hide()

    def _on_position(self, ms: int) -> None:
        self._show_cue(ms)
        if self.player.state() != "playing":
            self._passed_ms = max(self._passed_ms, ms)
            return
        due = [pp for pp in self._pauses if self._passed_ms < pp.at_seconds * 1000 <= ms]
        self._passed_ms = max(self._passed_ms, ms)
        if due:
            self._pause_at(due[-1])

    def _pause_at(self, point: PausePoint) -> None:
        self.player.pause()
        self._at_pause = point
        self.pause_label.setText(point.label)
        self.pause_box.show()
        self.pause_continue.setFocus()

    def _continue_after_pause(self) -> None:
        self._at_pause = None
        self.pause_box.hide()
        self.player.play()
        self.video.setFocus()

    def paused_at(self) -> PausePoint | None:
        return self._at_pause

    def _show_cue(self, ms: int) -> None:
        showing: list[tuple[str, str]] = []
        # libvlc draws the captions itself into a native window.
        if self._cues and self.player.captions_enabled() and self.player.renderer == "frames":
            showing = [(c.text, c.position) for c in captions.cues_at(self._cues, ms / 1000)]
        self.video.set_captions(showing)

    def _on_ended(self) -> None:
        self.video.set_caption("")
        if not self._reflect_sent:
            self.request_reflection()

    def _on_error(self, kind: str, message: str) -> None:
        if kind == CAPTIONS:
            self._say(message)
            return
        self.video.set_message(message)
        self.back.setFocus()

    def _say(self, message: str) -> None:
        self.notice.setText(message)
        self.notice.show()

    # ----- markers ---------------------------------------------------------------------

    def mark(self) -> None:
        """Record this moment; the note field takes the keys next."""
        if self._scenario is None:
            return
        self._add_marker(self.player.position())
        self.note.clear()
        self.note.setFocus()

    def _add_marker(self, ms: int) -> None:
        marker = {"at": round(ms / 1000, 1), "note": ""}
        self._markers.append(marker)
        self._editing = len(self._markers) - 1
        item = QListWidgetItem(marker_label(marker))
        item.setData(Qt.ItemDataRole.UserRole, ms)
        self.marker_list.addItem(item)
        self.marker_list.setCurrentItem(item)

    def _note_typed(self, _text: str) -> None:
        if self._editing is None and self._scenario is not None:
            self._add_marker(self.player.position())  # typing first marks the moment too
        if self.player.state() == "playing":
            self.player.pause()
            self._paused_for_note = True

    def _note_done(self) -> None:
        if self._editing is not None:
            marker = self._markers[self._editing]
            marker["note"] = self.note.text().strip()
            self.marker_list.item(self._editing).setText(marker_label(marker))
        self._editing = None
        self.note.clear()
        if self._paused_for_note:
            self._paused_for_note = False
            self.player.play()
        self.video.setFocus()

    def _seek_to_marker(self, item: QListWidgetItem) -> None:
        self.seek(int(item.data(Qt.ItemDataRole.UserRole)))

    # ----- leaving ---------------------------------------------------------------------

    def request_reflection(self) -> None:
        if self._scenario is None:
            return
        if self.note.text().strip():
            self._note_done()  # a note typed but not yet entered still counts
        self.player.pause()
        self._reflect_sent = True
        self.reflect_requested.emit(self._scenario, self.markers())

    def _go_back(self) -> None:
        self.player.stop()
        self._leave_fullscreen()
        self.back_requested.emit()

    def toggle_fullscreen(self) -> None:
        window = self.window()
        if window.isFullScreen():
            self._leave_fullscreen()
        else:
            self.side.hide()
            self.header_box.hide()
            window.showFullScreen()

    def _leave_fullscreen(self) -> None:
        window = self.window()
        self.side.show()
        self.header_box.show()
        if window.isFullScreen():
            window.showNormal()

    def _escape(self) -> None:
        if self.note.hasFocus() and self._editing is not None:
            # Esc while typing: keep the moment, drop the note, carry on.
            self.note.clear()
            self._note_done()
        elif self.window().isFullScreen():
            self._leave_fullscreen()

    def show_shortcuts(self) -> ShortcutsDialog:
        """The list of keys; the clip waits while it is read, and carries on after."""
        was_playing = self.player.state() == "playing"
        if was_playing:
            self.player.pause()
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if was_playing:
            dialog.finished.connect(lambda _result: self.player.play())
        dialog.open()
        return dialog

    def hideEvent(self, event) -> None:  # noqa: N802
        # Another place was chosen: never leave a clip talking in the background.
        if self.player.state() == "playing":
            self.player.pause()
        super().hideEvent(event)
