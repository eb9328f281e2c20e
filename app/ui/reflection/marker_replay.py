"""A small player beside the reflection form that replays a marked moment of the clip.

The player is created on the first replay, not with the form: opening the form stays quick,
and a PC without VLC can still reflect (it is told kindly that replay needs VLC).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

LEAD_IN_MS = 3000  # start a little before the mark, so the moment is seen in context


class MarkerReplay(QWidget):
    """Shows frames of the clip from a marked moment; Pause and Replay again."""

    message = Signal(str)

    def __init__(self, video: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.video = video
        self.player = None
        self._last_ms = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.screen = QLabel("Choose a moment to replay it here.")
        self.screen.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.screen.setWordWrap(True)
        self.screen.setMinimumSize(240, 135)
        self.screen.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.screen.setAccessibleName("Replay of the marked moment")
        self.screen.setFrameShape(QLabel.Shape.StyledPanel)
        layout.addWidget(self.screen)
        row = QHBoxLayout()
        self.pause_button = QPushButton("Pause")
        self.pause_button.setEnabled(False)
        self.pause_button.clicked.connect(self.toggle)
        row.addWidget(self.pause_button)
        row.addStretch(1)
        layout.addLayout(row)

    def replay(self, seconds: float) -> None:
        if self.video is None:
            self.screen.setText("There is no clip to replay for this reflection.")
            return
        if self.player is None and not self._make_player():
            return
        self._last_ms = max(0, int(seconds * 1000) - LEAD_IN_MS)
        self.player.seek(self._last_ms)
        self.player.play()
        self.pause_button.setEnabled(True)
        self.pause_button.setText("Pause")

    def toggle(self) -> None:
        if self.player is None:
            return
        playing = self.player.state() == "playing"
        self.player.toggle()
        self.pause_button.setText("Play" if playing else "Pause")

    def _make_player(self) -> bool:
        from app.media.player import MediaPlayer  # imported late: loading libvlc takes time

        player = MediaPlayer(self, renderer="frames")
        player.error.connect(lambda _kind, text: self.screen.setText(text))
        player.frame_ready.connect(self._show_frame)
        if not player.load(self.video):
            player.release()
            return False
        self.player = player
        return True

    def _show_frame(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image).scaled(
            self.screen.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.screen.setPixmap(pixmap)

    def release(self) -> None:
        if self.player is not None:
            self.player.release()
            self.player = None
        self.screen.clear()
