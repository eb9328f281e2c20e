"""The clip and its pause points: scrub, press P to add a pause at the playhead, nudge it by
0.1 s or 1 s, write the question it asks, preview it. Captions show over the picture in sync,
with the offset being tried."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.media.player import MediaPlayer
from app.models.captions import Cue, cue_at
from app.models.scenario_draft import DraftPause
from app.ui.editor.pause_strip import PauseStrip
from app.ui.player.player_controls import PlayerControls
from app.ui.player.video_view import VideoView
from app.ui.shared.flow_layout import FlowLayout

NUDGES = (  # (seconds, button text, key)
    (-1.0, "−1 s", "Shift+Alt+Left"),
    (-0.1, "−0.1 s", "Alt+Left"),
    (0.1, "+0.1 s", "Alt+Right"),
    (1.0, "+1 s", "Shift+Alt+Right"),
)


def _stamp(seconds: float) -> str:
    m, s = divmod(seconds, 60)
    return f"{int(m)}:{s:04.1f}"


class TimelinePanel(QWidget):
    changed = Signal()
    duration_known = Signal(float)  # seconds

    def __init__(self, renderer: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player = MediaPlayer(self, renderer=renderer)
        self._pauses: list[DraftPause] = []
        self._cues: list[Cue] = []
        self._offset = 0.0
        self._first_pause_done = False
        self._stop_at: int | None = None  # a preview stops here (ms)

        self.video = VideoView()
        self.video.bind(self.player)
        # Small enough that the column fits a short screen (a laptop at 125% scaling); the
        # picture keeps its shape, letterboxed, at any size.
        self.video.setMinimumSize(192, 108)
        self.controls = PlayerControls()
        # The editor shows captions as they will be saved, and has no full screen or key list.
        for extra in (self.controls.captions, self.controls.fullscreen, self.controls.help):
            extra.hide()
        p, c = self.player, self.controls
        c.follow(p)
        c.toggle_requested.connect(p.toggle)
        c.seek_requested.connect(p.seek)
        c.jump_requested.connect(p.jump)
        p.duration_changed.connect(lambda ms: self.duration_known.emit(ms / 1000))
        p.position_changed.connect(self._show_caption)
        p.first_frame.connect(self._hold_first_frame)

        self.pause_list = QListWidget()
        self.pause_list.setAccessibleName("Pause points")
        lines = self.pause_list.fontMetrics().lineSpacing()
        self.pause_list.setMaximumHeight(lines * 6 + 12)
        self.pause_list.setMinimumHeight(lines * 3 + 12)  # the selected point and its neighbours
        self.pause_list.currentRowChanged.connect(self._selected)
        self.strip = PauseStrip()
        p.duration_changed.connect(lambda ms: self.strip.set_duration(ms / 1000))
        p.position_changed.connect(lambda ms: self.strip.set_playhead(ms / 1000))
        self.strip.selected.connect(self.pause_list.setCurrentRow)
        self.strip.moved.connect(self.move_to)
        self.add_button = QPushButton("&Add pause at playhead (P)")
        self.add_button.setAccessibleName("Add a pause point at the playhead")
        self.add_button.clicked.connect(self.add_at_playhead)
        self.label = QLineEdit()
        self.label.setAccessibleName("Question asked at this pause point")
        self.label.setPlaceholderText("The question this pause asks")
        self.label.textEdited.connect(self._label_edited)
        self.nudge_buttons = []
        nudges = FlowLayout()  # wraps when narrow, rather than setting the window's width
        for delta, text, key in NUDGES:
            button = QPushButton(text)
            button.setAccessibleName(f"Move the pause point {text.replace('−', 'back ')}")
            button.setToolTip(f"Move the selected pause point by {text} ({key})")
            button.clicked.connect(lambda _c=False, d=delta: self.nudge(d))
            nudges.addWidget(button)
            self.nudge_buttons.append(button)
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=delta: self.nudge(d))
        self.preview_button = QPushButton("Pre&view")
        self.preview_button.setAccessibleName("Play up to the selected pause point")
        self.preview_button.clicked.connect(self.preview)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove the selected pause point")
        self.remove_button.clicked.connect(self.remove_selected)
        nudges.addStretch(1)
        nudges.addWidget(self.preview_button)
        nudges.addWidget(self.remove_button)
        add_key = QShortcut(QKeySequence("P"), self)
        add_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add_key.activated.connect(self.add_at_playhead)

        heading = QLabel("Pause points")
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.video, 1)
        column.addWidget(self.strip)
        column.addWidget(self.controls)
        column.addWidget(heading)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.label, 1)
        column.addLayout(row)
        column.addWidget(self.pause_list)
        column.addLayout(nudges)
        self._refresh()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._line_up_strip()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self._line_up_strip()

    def _line_up_strip(self) -> None:
        # The marks sit above the same moments on the seek bar (the handle's centre travels
        # half a handle in from each end of the slider).
        seek = self.controls.seek
        handle = seek.style().pixelMetric(seek.style().PixelMetric.PM_SliderLength, None, seek)
        left = seek.mapTo(self, seek.rect().topLeft()).x() - self.strip.x() + handle // 2
        right = (
            self.strip.x()
            + self.strip.width()
            - (seek.mapTo(self, seek.rect().topRight()).x() - handle // 2)
        )
        self.strip.set_span(left, right)

    # -- the clip -----------------------------------------------------------------------------

    def load(self, path) -> bool:
        """Open the clip and show its first picture (playing a moment tells its length)."""
        self._first_pause_done = False
        if not self.player.load(path):
            return False
        self.player.set_muted(True)
        self.player.play()
        return True

    def _hold_first_frame(self) -> None:
        if not self._first_pause_done:
            self._first_pause_done = True
            self.player.pause()
            self.player.set_muted(False)

    def playhead(self) -> float:
        return self.player.position() / 1000

    # -- pause points -------------------------------------------------------------------------

    def pauses(self) -> list[DraftPause]:
        return [DraftPause(p.at, p.label) for p in self._pauses]

    def set_pauses(self, pauses: list[DraftPause]) -> None:
        self._pauses = sorted((DraftPause(p.at, p.label) for p in pauses), key=lambda p: p.at)
        self._refresh()

    def add_at_playhead(self) -> None:
        pause = DraftPause(round(self.playhead(), 1))
        self._pauses.append(pause)
        self._pauses.sort(key=lambda p: p.at)
        self._refresh(select=self._pauses.index(pause))
        self.label.setFocus()
        self.changed.emit()

    def nudge(self, delta: float) -> None:
        row = self.pause_list.currentRow()
        if row >= 0:
            self.move_to(row, self._pauses[row].at + delta)

    def move_to(self, row: int, seconds: float) -> None:
        """Put pause point `row` at `seconds` (to 0.1 s), and show the picture there."""
        if not 0 <= row < len(self._pauses):
            return
        pause = self._pauses[row]
        pause.at = max(0.0, round(seconds, 1))
        self._pauses.sort(key=lambda p: p.at)
        self._refresh(select=self._pauses.index(pause))
        self.player.seek(int(pause.at * 1000))
        self.changed.emit()

    def remove_selected(self) -> None:
        row = self.pause_list.currentRow()
        if row >= 0:
            del self._pauses[row]
            self._refresh(select=min(row, len(self._pauses) - 1))
            self.changed.emit()

    def preview(self) -> None:
        """Play the three seconds leading up to the selected pause point, then stop there."""
        row = self.pause_list.currentRow()
        if row < 0:
            return
        at_ms = int(self._pauses[row].at * 1000)
        self.player.seek(max(0, at_ms - 3000))
        self.player.play()
        self._stop_at = at_ms

    def _label_edited(self, text: str) -> None:
        row = self.pause_list.currentRow()
        if row >= 0:
            self._pauses[row].label = text
            self.pause_list.item(row).setText(self._row_text(self._pauses[row]))
            self.changed.emit()

    def _selected(self, row: int) -> None:
        has = row >= 0
        self.strip.set_times([p.at for p in self._pauses], row)
        for w in (self.label, self.preview_button, self.remove_button, *self.nudge_buttons):
            w.setEnabled(has)
        self.label.setText(self._pauses[row].label if has else "")

    def _row_text(self, pause: DraftPause) -> str:
        return f"{_stamp(pause.at)}  {pause.label or '(write the question)'}"

    def _refresh(self, select: int = -1) -> None:
        self.pause_list.blockSignals(True)
        self.pause_list.clear()
        for pause in self._pauses:
            item = QListWidgetItem(self._row_text(pause))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Pause at {_stamp(pause.at)} seconds")
            self.pause_list.addItem(item)
        self.pause_list.setCurrentRow(select)
        self.pause_list.blockSignals(False)
        self._selected(select)
        self.strip.set_times([p.at for p in self._pauses], select)

    # -- captions -----------------------------------------------------------------------------

    def set_cues(self, cues: list[Cue], offset: float) -> None:
        self._cues, self._offset = cues, offset
        self._show_caption(self.player.position())

    def _show_caption(self, ms: int) -> None:
        if self._stop_at is not None and ms >= self._stop_at and self.player.state() == "playing":
            self.player.pause()
            self._stop_at = None
        cue = cue_at(self._cues, ms / 1000 - self._offset) if self._cues else None
        self.video.set_caption(cue.text if cue else "")

    def shutdown(self) -> None:
        self.player.release()
