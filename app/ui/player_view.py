"""Watching a scenario: content-warning gate, video, controls, pause points and marked moments.

Markers are plain data ({"at": seconds, "note": str}). When the clip ends, or the viewer
says they are ready, `reflect_requested(scenario, markers)` fires for the reflection flow.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
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
from app.models.content import Scenario
from app.ui.library_model import format_duration
from app.ui.player_controls import PlayerControls
from app.ui.shortcuts_dialog import ShortcutsDialog
from app.ui.video_view import VideoView

log = logging.getLogger(__name__)


def _heading(text: str, scale: float = 1.3) -> QLabel:
    label = QLabel(text, wordWrap=True)
    f = label.font()
    f.setPointSizeF(f.pointSizeF() * scale)
    f.setBold(True)
    label.setFont(f)
    return label


class WarningGate(QWidget):
    """Shown before a clip with content warnings: the viewer chooses to go on or not."""

    continue_clicked = Signal()
    choose_another = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = _heading("")
        self.text = QLabel(wordWrap=True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.continue_button = QPushButton("&Continue to the clip")
        self.another_button = QPushButton("C&hoose another")
        self.continue_button.clicked.connect(self.continue_clicked)
        self.another_button.clicked.connect(self.choose_another)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.another_button)
        buttons.addWidget(self.continue_button)
        box = QFrame()
        box.setMaximumWidth(720)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addWidget(self.text)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def show_for(self, scenario: Scenario) -> None:
        self.title.setText(f"Before you watch: {scenario.title}")
        warnings = "\n".join(f"\u2022 {w}" for w in scenario.content_warnings)
        self.text.setText(
            "This clip includes:\n" + warnings + "\n\nTake a moment if you need it. You can stop at any "
            "time, and it is fine to choose another clip or come back later. If it brings something "
            "up for you, talk to someone you trust or your support service."
        )
        self.continue_button.setFocus()


class PlayerView(QWidget):
    reflect_requested = Signal(object, list)  # Scenario, [{"at": seconds, "note": str}]
    back_requested = Signal()
    full_screen_requested = Signal(bool)

    def __init__(self, player: MediaPlayer | None = None, parent=None) -> None:
        super().__init__(parent)
        self.player = player or MediaPlayer(self)
        self.scenario: Scenario | None = None
        self.markers: list[dict] = []
        self._done_pauses: set[int] = set()
        self._resume_after_note = False
        self._reflect_sent = False

        self.stack = QStackedWidget()
        self.gate = WarningGate()
        self.gate.continue_clicked.connect(self._start)
        self.gate.choose_another.connect(self.back_requested)

        self.title = _heading("", 1.2)
        self.demo_label = QLabel("Demo clip: synthetic, not clinical guidance")
        self.message = QLabel(wordWrap=True, accessibleName="Player message")
        self.message.setStyleSheet("background: #fff4d6; color: #3d2f00; padding: 6px;")
        self.message.hide()
        self.video = VideoView(self.player)
        self.video.double_clicked.connect(self.toggle_full_screen)
        self.pause_panel = QFrame()
        self.pause_panel.setStyleSheet("QFrame { background: #e8f1f2; } QLabel { color: #12343a; }")
        self.pause_label = QLabel(wordWrap=True, accessibleName="Pause point")
        self.pause_continue = QPushButton("C&ontinue")
        self.pause_continue.clicked.connect(self.continue_from_pause)
        pause_row = QHBoxLayout(self.pause_panel)
        pause_row.addWidget(self.pause_label, 1)
        pause_row.addWidget(self.pause_continue)
        self.pause_panel.hide()
        self.controls = PlayerControls()

        self.back_button = QPushButton("\u2190 &Library")
        self.back_button.clicked.connect(self._back)
        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addWidget(self.title, 1)
        head.addWidget(self.demo_label)
        main = QVBoxLayout()
        main.addLayout(head)
        main.addWidget(self.message)
        main.addWidget(self.video, 1)
        main.addWidget(self.pause_panel)
        main.addWidget(self.controls)

        self.side = QWidget()
        self.side.setMaximumWidth(300)
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(_heading("Moments you marked", 1.05))
        hint = QLabel("Press K to mark a moment. Type a note if you like, then Enter to carry on.", wordWrap=True)
        side.addWidget(hint)
        self.marker_list = QListWidget(accessibleName="Marked moments")
        self.marker_list.itemActivated.connect(self._marker_clicked)
        self.marker_list.itemClicked.connect(self._marker_clicked)
        side.addWidget(self.marker_list, 1)
        self.note_edit = QLineEdit(placeholderText="A short note (optional), then Enter")
        self.note_edit.setAccessibleName("Note for this moment")
        self.note_edit.returnPressed.connect(self._note_entered)
        self.note_edit.textEdited.connect(lambda _t: self.player.pause())
        self.note_edit.hide()
        side.addWidget(self.note_edit)
        self.reflect_button = QPushButton("I'm ready to &reflect")
        self.reflect_button.clicked.connect(self.request_reflection)
        side.addWidget(self.reflect_button)

        page = QWidget()
        row = QHBoxLayout(page)
        row.addLayout(main, 1)
        row.addWidget(self.side)
        self.player_page = page
        self.stack.addWidget(self.gate)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._wire()
        self._bind_keys()

    # ----- wiring -------------------------------------------------------------------------

    def _wire(self) -> None:
        p, c = self.player, self.controls
        c.play_pause.connect(p.toggle)
        c.seek_to.connect(self.seek)
        c.jump.connect(lambda d: self.seek(p.position() + d))
        c.speed_chosen.connect(p.set_rate)
        c.volume_chosen.connect(p.set_volume)
        c.mute_toggled.connect(p.set_muted)
        c.captions_toggled.connect(p.set_captions)
        c.full_screen.connect(self.toggle_full_screen)
        c.mark_moment.connect(self.mark_moment)
        c.shortcuts.connect(self.show_shortcuts)
        p.position_changed.connect(c.show_position)
        p.position_changed.connect(self._check_pause_points)
        p.duration_changed.connect(c.show_duration)
        p.state_changed.connect(c.show_state)
        p.rate_changed.connect(c.show_rate)
        p.volume_changed.connect(c.show_volume)
        p.captions_changed.connect(c.show_captions)
        p.error.connect(self._on_error)
        p.ended.connect(self._on_ended)

    def _bind_keys(self) -> None:
        p = self.player
        keys = {
            "Space": p.toggle,
            "Left": lambda: self.seek(p.position() - 5_000),
            "Right": lambda: self.seek(p.position() + 5_000),
            "Shift+Left": lambda: self.seek(p.position() - 10_000),
            "Shift+Right": lambda: self.seek(p.position() + 10_000),
            "[": lambda: p.set_rate(round(p.rate() - 0.25, 2)),
            "]": lambda: p.set_rate(round(p.rate() + 0.25, 2)),
            "=": lambda: p.set_rate(1.0),
            "Up": lambda: p.set_volume(p.volume() + 10),
            "Down": lambda: p.set_volume(p.volume() - 10),
            "M": lambda: p.set_muted(not p.is_muted()),
            "C": lambda: p.set_captions(not p.captions_enabled()),
            "F": self.toggle_full_screen,
            "Escape": lambda: self.toggle_full_screen() if self.side.isHidden() else None,
            "K": self.mark_moment,
            "Ctrl+M": self.mark_moment,
            "F1": self.show_shortcuts,
            "?": self.show_shortcuts,
        }
        self.shortcuts: dict[str, QShortcut] = {}
        for key, fn in keys.items():
            sc = QShortcut(QKeySequence(key), self.player_page)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(fn)
            self.shortcuts[key] = sc

    # ----- opening ------------------------------------------------------------------------

    def open(self, scenario: Scenario) -> None:
        """Show the content warning if there is one, else start the clip."""
        self.player.stop()
        self.scenario = scenario
        self.markers = []
        self.marker_list.clear()
        self._done_pauses = set()
        self._reflect_sent = False
        self.pause_panel.hide()
        self.note_edit.hide()
        self.message.hide()
        self.video.clear()
        self.title.setText(scenario.title)
        self.demo_label.setVisible(scenario.demo)
        if scenario.content_warnings:
            self.gate.show_for(scenario)
            self.stack.setCurrentWidget(self.gate)
            self.gate.continue_button.setFocus()
        else:
            self._start()

    def _start(self) -> None:
        s = self.scenario
        if s is None:
            return
        self.stack.setCurrentWidget(self.player_page)
        self.controls.show_duration(int(s.duration_seconds * 1000))
        self.video.set_cues(self._cues(s))
        self.video.setFocus()
        if self.player.load(s.video, s.captions):
            self.player.play()

    def _cues(self, s: Scenario) -> list[tuple[int, int, str]]:
        if s.captions is None or not s.captions.is_file() or self.player.renderer != "frames":
            return []  # missing captions are reported by the player; native mode lets libvlc draw
        from app.models.captions import CaptionError, read_captions

        try:
            cues = read_captions(s.captions)
        except (CaptionError, OSError, UnicodeDecodeError) as exc:
            log.info("captions unreadable for %s: %s", s.id, type(exc).__name__)
            self._show_message("The captions for this clip could not be read, so it will play without "
                               "them. Your IT team can run \u201ccasebook content check\u201d to see why.")
            return []
        return [(int(c.start * 1000), int(c.end * 1000), c.text) for c in cues]

    # ----- actions ------------------------------------------------------------------------

    def seek(self, ms: int) -> None:
        t = ms / 1000
        # Going back before a pause point means it should pause there again.
        self._done_pauses = {i for i in self._done_pauses
                             if self.scenario and self.scenario.pause_points[i].at_seconds <= t}
        self.player.seek(ms)

    def _check_pause_points(self, ms: int) -> None:
        if self.scenario is None or self.player.state() != "playing":
            return
        for i, point in enumerate(self.scenario.pause_points):
            if i not in self._done_pauses and ms >= point.at_seconds * 1000:
                self._done_pauses.add(i)
                self.player.pause()
                self.pause_label.setText(f"Pause and think: {point.label}")
                self.pause_panel.show()
                self.pause_continue.setFocus()
                return

    def continue_from_pause(self) -> None:
        self.pause_panel.hide()
        self.video.setFocus()
        self.player.play()

    def mark_moment(self) -> None:
        if self.scenario is None or self.stack.currentWidget() is not self.player_page:
            return
        self._resume_after_note = self.player.state() == "playing"
        self.player.pause()
        marker = {"at": round(self.player.position() / 1000, 1), "note": ""}
        self.markers.append(marker)
        item = QListWidgetItem(self._marker_text(marker))
        item.setData(Qt.ItemDataRole.UserRole, marker["at"])
        self.marker_list.addItem(item)
        self.marker_list.setCurrentItem(item)
        self.note_edit.clear()
        self.note_edit.show()
        self.note_edit.setFocus()

    @staticmethod
    def _marker_text(marker: dict) -> str:
        note = f" \u2013 {marker['note']}" if marker["note"] else ""
        return f"{format_duration(marker['at'])}{note}"

    def _note_entered(self) -> None:
        if self.markers:
            self.markers[-1]["note"] = self.note_edit.text().strip()[:280]
            self.marker_list.item(self.marker_list.count() - 1).setText(self._marker_text(self.markers[-1]))
        self.note_edit.hide()
        self.video.setFocus()
        if self._resume_after_note or self.note_edit.text():
            self.player.play()

    def _marker_clicked(self, item: QListWidgetItem) -> None:
        self.seek(int(float(item.data(Qt.ItemDataRole.UserRole)) * 1000))

    def request_reflection(self) -> None:
        if self.scenario is None:
            return
        self.player.pause()
        self._reflect_sent = True
        self.reflect_requested.emit(self.scenario, [dict(m) for m in self.markers])

    def _on_ended(self) -> None:
        self.reflect_button.setFocus()
        if not self._reflect_sent:
            self.request_reflection()

    def _on_error(self, kind: str, message: str) -> None:
        self._show_message(message)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def toggle_full_screen(self) -> None:
        full = not self.side.isHidden()
        for w in (self.side, self.back_button, self.title, self.demo_label):
            w.setVisible(not full)
        window = self.window()
        if full:
            window.showFullScreen()
        else:
            window.showNormal()
        self.full_screen_requested.emit(full)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).exec()

    def _back(self) -> None:
        self.player.stop()
        self.back_requested.emit()


def take_screenshots(studio) -> None:
    from app.ui.app_window import load_content

    scenarios, _problems = load_content(studio.paths)
    if not scenarios:
        return
    warned = next((s for s in scenarios if s.content_warnings), None)
    view = PlayerView()
    if warned is not None:
        view.open(warned)
        studio.save("player-warning", view)
    plain = next((s for s in scenarios if s.pause_points), scenarios[0])
    view.scenario = None
    view.open(plain)
    view._start() if view.stack.currentWidget() is view.gate else None
    from PySide6.QtWidgets import QApplication
    from PySide6.QtCore import QElapsedTimer

    timer = QElapsedTimer()
    timer.start()
    target = min(plain.duration_seconds * 400, 8000)
    view.player.seek(int(target))
    while view.player.frames_delivered() < 10 and timer.elapsed() < 8000:
        QApplication.processEvents()
    view.player.pause()
    view.markers.append({"at": round(target / 1000, 1), "note": "Her voice went quiet here"})
    view.marker_list.addItem(view._marker_text(view.markers[-1]))
    studio.save("player", view)
    view.player.release()
