"""The controls under the video. They emit intents; `follow` ties the shared ones to a player."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from app.media.audio import NO_SOUND, NO_SOUND_DETAIL
from app.models.timefmt import format_clock
from app.ui.player.shortcuts_dialog import key_text
from app.ui.shared.flow_layout import FlowLayout

SPEEDS: tuple[float, ...] = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def clock(ms: int) -> str:
    """m:ss (or h:mm:ss) for a time in milliseconds."""
    return format_clock(max(0, int(ms)) // 1000)  # whole seconds: a playhead truncates


def step_speed(rate: float, steps: int) -> float:
    """The next speed up (steps > 0) or down from `rate` in SPEEDS."""
    nearest = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - rate))
    return SPEEDS[max(0, min(len(SPEEDS) - 1, nearest + steps))]


def _button(text: str, name: str, action: str | None = None) -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(name)
    b.setToolTip(f"{name} ({key_text(action)})" if action else name)
    return b


class PlayerControls(QWidget):
    """Play/pause, seek bar with times, jumps, speed, volume, captions, full screen."""

    toggle_requested = Signal()
    seek_requested = Signal(int)  # ms
    jump_requested = Signal(int)  # ms, negative goes back
    rate_requested = Signal(float)
    volume_requested = Signal(int)
    mute_requested = Signal(bool)
    captions_requested = Signal(bool)
    caption_track_requested = Signal(int)  # an embedded subtitle track's id
    fullscreen_requested = Signal()
    shortcuts_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._setting = False  # True while we move widgets to show the player's state

        self.elapsed = QLabel("0:00")
        self.elapsed.setAccessibleName("Time elapsed")
        self.total = QLabel("0:00")
        self.total.setAccessibleName("Length of the clip")
        self.seek = QSlider(Qt.Orientation.Horizontal)
        self.seek.setAccessibleName("Position in the clip")
        self.seek.setRange(0, 0)
        self.seek.setSingleStep(5000)
        self.seek.setPageStep(10000)
        self.seek.valueChanged.connect(self._on_seek_value)
        self.seek.sliderReleased.connect(lambda: self.seek_requested.emit(self.seek.value()))

        self.play = _button("Play", "Play or pause", "toggle")
        self.play.clicked.connect(self.toggle_requested)
        jumps = []
        for text, delta, action, name in (
            ("−10 s", -10000, "back_10", "Back 10 seconds"),
            ("−5 s", -5000, "back_5", "Back 5 seconds"),
            ("+5 s", 5000, "forward_5", "Forward 5 seconds"),
            ("+10 s", 10000, "forward_10", "Forward 10 seconds"),
        ):
            b = _button(text, name, action)
            # The style's 80 px button floor would push the volume slider out of a 1366 px row.
            b.setMinimumWidth(b.fontMetrics().horizontalAdvance(f"  {text}  ") + 8)
            b.clicked.connect(lambda _=False, d=delta: self.jump_requested.emit(d))
            jumps.append(b)
        self.jumps = jumps

        self.speed = QComboBox()
        self.speed.setAccessibleName("Speed")
        self.speed.setToolTip(
            f"Speed ({key_text('slower')}, {key_text('faster')}, {key_text('normal_speed')})"
        )
        for rate in SPEEDS:
            self.speed.addItem(f"{rate:g}×", rate)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(self._on_speed)

        self.mute = _button("Sound on", "Sound on or off", "mute")
        self.mute.setCheckable(True)
        self.mute.toggled.connect(self._on_mute)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setAccessibleName("Volume")
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setMaximumWidth(120)
        self.volume.setMinimumWidth(self.fontMetrics().averageCharWidth() * 8)  # never a dot
        self.volume.valueChanged.connect(self._on_volume)
        # Shown instead of a volume that does nothing: the clip plays on, silently.
        self.no_sound = QLabel(NO_SOUND)
        self.no_sound.setAccessibleName(NO_SOUND)
        self.no_sound.setAccessibleDescription(NO_SOUND_DETAIL)
        self.no_sound.setToolTip(NO_SOUND_DETAIL)
        self.no_sound.setProperty("role", "notice")
        # Focusable, so someone moving through the controls by keyboard hears why the
        # sound controls are skipped.
        self.no_sound.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.no_sound.hide()

        self.captions = _button("Captions", "Captions on or off", "captions")
        self.captions.setCheckable(True)
        self.captions.setChecked(True)
        self.captions.toggled.connect(self._on_captions)
        # A clip may carry its own subtitle tracks (an MKV in several languages): which one.
        self.caption_track = QComboBox()
        self.caption_track.setAccessibleName("Captions track")
        self.caption_track.setToolTip("Which captions track in the clip to show")
        self.caption_track.currentIndexChanged.connect(self._on_caption_track)
        self.caption_track.hide()
        self.fullscreen = _button("Full screen", "Full screen", "fullscreen")
        self.fullscreen.clicked.connect(self.fullscreen_requested)
        self.help = _button("Keys", "Keyboard shortcuts", "shortcuts")
        self.help.clicked.connect(self.shortcuts_requested)

        top = QHBoxLayout()
        top.addWidget(self.elapsed)
        top.addWidget(self.seek, 1)
        top.addWidget(self.total)
        # The buttons wrap onto a second line when the row is narrow (large text, a small
        # screen) rather than squeezing their labels; the transport keeps the spare width.
        transport = QWidget()
        transport_row = QHBoxLayout(transport)
        transport_row.setContentsMargins(0, 0, 0, 0)
        transport_row.addWidget(self.play)
        for b in jumps:
            transport_row.addWidget(b)
        transport_row.addSpacing(12)
        transport_row.addWidget(self.speed)
        transport_row.addStretch(1)
        row = FlowLayout()
        row.add_widget(transport, stretch=1)
        row.add_group(self.mute, self.no_sound, self.volume)
        row.add_group(self.captions, self.caption_track)
        row.add_group(self.fullscreen, self.help)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(row)

    # ----- intents from the widgets ------------------------------------------------------

    def _on_seek_value(self, value: int) -> None:
        self.elapsed.setText(clock(value))
        # Dragging shows the time; the seek goes on release. Keys and clicks seek at once.
        if not self._setting and not self.seek.isSliderDown():
            self.seek_requested.emit(value)

    def _on_speed(self, index: int) -> None:
        if not self._setting and index >= 0:
            self.rate_requested.emit(float(self.speed.itemData(index)))

    def _on_mute(self, muted: bool) -> None:
        self.mute.setText("Sound off" if muted else "Sound on")
        if not self._setting:
            self.mute_requested.emit(muted)

    def _on_volume(self, value: int) -> None:
        if not self._setting:
            self.volume_requested.emit(value)

    def _on_captions(self, on: bool) -> None:
        if not self._setting:
            self.captions_requested.emit(on)

    def _on_caption_track(self, index: int) -> None:
        if not self._setting and index >= 0:
            self.caption_track_requested.emit(int(self.caption_track.itemData(index)))

    # ----- showing the player's state ------------------------------------------------------

    def _quietly(self, fn) -> None:
        self._setting = True
        try:
            fn()
        finally:
            self._setting = False

    def follow(self, player) -> None:
        """Show `player`'s state here and send the settings it owns (speed, volume) to it.

        Play, seek and jump stay with each page: the player page and the editor move through
        a clip differently."""
        self.rate_requested.connect(player.set_rate)
        self.volume_requested.connect(player.set_volume)
        self.mute_requested.connect(player.set_muted)
        player.state_changed.connect(self.set_state)
        player.duration_changed.connect(self.set_duration)
        player.position_changed.connect(self.set_position)
        player.rate_changed.connect(self.set_rate)
        player.volume_changed.connect(self.set_volume)
        player.sound_available_changed.connect(self.set_sound_available)

    def set_state(self, state: str) -> None:
        self.play.setText("Pause" if state == "playing" else "Play")

    def set_duration(self, ms: int) -> None:
        self._quietly(lambda: self.seek.setRange(0, max(0, ms)))
        self.total.setText(clock(ms))

    def set_position(self, ms: int) -> None:
        if not self.seek.isSliderDown():
            self._quietly(lambda: self.seek.setValue(ms))

    def set_rate(self, rate: float) -> None:
        index = self.speed.findData(rate)
        if index < 0:
            index = SPEEDS.index(step_speed(rate, 0))
        self._quietly(lambda: self.speed.setCurrentIndex(index))

    def set_volume(self, volume: int, muted: bool) -> None:
        def apply() -> None:
            self.volume.setValue(volume)
            self.mute.setChecked(muted)

        self._quietly(apply)

    def set_sound_available(self, available: bool) -> None:
        """With no sound on this computer, the sound controls are off and say why."""
        for control in (self.mute, self.volume):
            control.setEnabled(available)
            control.setAccessibleDescription("" if available else NO_SOUND)
        self.mute.setToolTip(f"Sound on or off ({key_text('mute')})" if available else NO_SOUND)
        self.volume.setToolTip("" if available else NO_SOUND)
        # The notice takes the place of the mute button (turning nothing off means nothing),
        # so a 1366-pixel screen still holds the whole row; the disabled volume stays in view.
        self.mute.setVisible(available)
        self.no_sound.setVisible(not available)

    def sound_available(self) -> bool:
        return self.no_sound.isHidden()

    def set_captions(self, available: bool, on: bool) -> None:
        self.captions.setEnabled(available)
        self.captions.setToolTip("Captions on or off" if available else "This clip has no captions")
        self._quietly(lambda: self.captions.setChecked(available and on))

    def set_caption_tracks(self, tracks: list, current: int) -> None:
        """The clip's own subtitle tracks [(id, name)]; the chooser shows when there are two+."""

        def apply() -> None:
            self.caption_track.clear()
            for track_id, name in tracks:
                self.caption_track.addItem(name, track_id)
            index = self.caption_track.findData(current)
            self.caption_track.setCurrentIndex(max(0, index))

        self._quietly(apply)
        self.caption_track.setVisible(len(tracks) > 1)
