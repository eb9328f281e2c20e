"""Run only by tests/test_player_xvfb.py, in a subprocess on an Xvfb display (Qt's xcb).

Plays a red|blue split clip through the player page with native embedding, grabs the X
screen (libvlc's picture lives in a native window that widget.grab() cannot see) and
prints the colours at the middle of each half of the video area.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.ui.player.player_view import PlayerView
from tests.player_fixtures import scenario_for


def main() -> int:
    clip, out = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication([])
    view = PlayerView()
    print("renderer", view.player.renderer, flush=True)
    view.resize(1366, 768)
    view.show()
    state = {"first": False}

    def shoot() -> None:
        view.player.pause()
        shot = QGuiApplication.primaryScreen().grabWindow(0).toImage()
        shot.save(str(out))
        video = view.video
        left = video.mapToGlobal(QPoint(video.width() // 4, video.height() // 2))
        right = video.mapToGlobal(QPoint(video.width() * 3 // 4, video.height() // 2))
        for name, point in (("left", left), ("right", right)):
            c = shot.pixelColor(point)
            print(name, c.red(), c.green(), c.blue(), flush=True)
        print("first-frame", state["first"], flush=True)
        app.quit()

    def on_first() -> None:
        state["first"] = True
        QTimer.singleShot(800, shoot)  # the vout exists; give it a moment to draw

    view.player.first_frame.connect(on_first)
    view.open(scenario_for(clip, duration=4.0))
    QTimer.singleShot(20000, app.quit)
    app.exec()
    view.player.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
