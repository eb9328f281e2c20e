"""The controls under the video. They only emit intents; the player view acts on them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from app.ui.library_model import format_duration

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


class PlayerControls(QWidget):
    play_pause = Signal()
    seek_to = Signal(int)  # ms
    jump = Signal(int)  # ms, negative goes back
    speed_chosen = Signal(float)
    volume_chosen = Signal(int)
    mute_toggled = Signal(bool)
    captions_toggled = Signal(bool)
    full_screen = Signal()
    mark_moment = Signal()
    shortcuts = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._dragging = False
        self.play_button = QPushButton("Play")
        self.play_button.setAccessibleName("Play or pause")
        self.back10 = QPushButton("\u221210 s", accessibleName="Back 10 seconds")
        self.back5 = QPushButton("\u22125 s", accessibleName="Back 5 seconds")
        self.fwd5 = QPushButton("+5 s", accessibleName="Forward 5 seconds")
        self.fwd10 = QPushButton("+10 s", accessibleName="Forward 10 seconds")
        self.slider = QSlider(Qt.Orientation.Horizontal, accessibleName="Position in the clip")
        self.slider.setRange(0, 0)
        self.slider.setPageStep(10_000)
        self.slider.setSingleStep(5_000)
        self.time_label = QLabel("0:00 / 0:00", accessibleName="Elapsed and total time")
        self.speed_box = QComboBox(accessibleName="Playback speed")
        for s in SPEEDS:
            self.speed_box.addItem(f"{s:g}\u00d7", s)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.mute_button = QPushButton("Mute", accessibleName="Mute")
        self.mute_button.setCheckable(True)
        self.volume = QSlider(Qt.Orientation.Horizontal, accessibleName="Volume")
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setMaximumWidth(120)
        self.captions_button = QPushButton("Captions on", accessibleName="Captions")
        self.captions_button.setCheckable(True)
        self.captions_button.setChecked(True)
        self.full_button = QPushButton("Full screen", accessibleName="Full screen")
        self.mark_button = QPushButton("Mark a moment", accessibleName="Mark a moment")
        self.keys_button = QPushButton("Keys", accessibleName="Keyboard shortcuts")

        row1 = QHBoxLayout()
        row1.addWidget(self.slider, 1)
        row1.addWidget(self.time_label)
        row2 = QHBoxLayout()
        for w in (self.back10, self.back5, self.play_button, self.fwd5, self.fwd10):
            row2.addWidget(w)
        row2.addStretch(1)
        row2.addWidget(QLabel("Speed"))
        row2.addWidget(self.speed_box)
        for w in (self.mute_button, self.volume, self.captions_button, self.full_button,
                  self.mark_button, self.keys_button):
            row2.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row1)
        layout.addLayout(row2)

        self.play_button.clicked.connect(self.play_pause)
        for b, d in ((self.back10, -10_000), (self.back5, -5_000), (self.fwd5, 5_000), (self.fwd10, 10_000)):
            b.clicked.connect(lambda _c=False, d=d: self.jump.emit(d))
        self.slider.sliderPressed.connect(lambda: setattr(self, "_dragging", True))
        self.slider.sliderReleased.connect(self._released)
        self.slider.actionTriggered.connect(self._slider_action)
        self.speed_box.activated.connect(lambda i: self.speed_chosen.emit(self.speed_box.itemData(i)))
        self.volume.valueChanged.connect(self.volume_chosen)
        self.mute_button.toggled.connect(self.mute_toggled)
        self.captions_button.toggled.connect(self.captions_toggled)
        self.full_button.clicked.connect(self.full_screen)
        self.mark_button.clicked.connect(self.mark_moment)
        self.keys_button.clicked.connect(self.shortcuts)

    def _released(self) -> None:
        self._dragging = False
        self.seek_to.emit(self.slider.value())

    def _slider_action(self, action: int) -> None:
        if not self._dragging:  # keyboard or page clicks on the slider
            self.seek_to.emit(self.slider.sliderPosition())

    # ----- reflecting the player's state (called by the view) ---------------------------

    def show_position(self, ms: int) -> None:
        if not self._dragging:
            self.slider.blockSignals(True)
            self.slider.setValue(ms)
            self.slider.blockSignals(False)
        self.time_label.setText(f"{format_duration(ms / 1000)} / {format_duration(self.slider.maximum() / 1000)}")

    def show_duration(self, ms: int) -> None:
        self.slider.setRange(0, ms)
        self.show_position(self.slider.value())

    def show_state(self, state: str) -> None:
        self.play_button.setText("Pause" if state == "playing" else "Play")

    def show_rate(self, rate: float) -> None:
        i = self.speed_box.findData(rate)
        if i < 0:
            self.speed_box.addItem(f"{rate:g}\u00d7", rate)
            i = self.speed_box.count() - 1
        self.speed_box.setCurrentIndex(i)

    def show_volume(self, volume: int, muted: bool) -> None:
        for w, fn in ((self.volume, lambda: self.volume.setValue(volume)),
                      (self.mute_button, lambda: self.mute_button.setChecked(muted))):
            w.blockSignals(True)
            fn()
            w.blockSignals(False)
        self.mute_button.setText("Unmute" if muted else "Mute")

    def show_captions(self, on: bool) -> None:
        self.captions_button.blockSignals(True)
        self.captions_button.setChecked(on)
        self.captions_button.blockSignals(False)
        self.captions_button.setText("Captions on" if on else "Captions off")
