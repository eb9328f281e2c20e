"""Run only by tests/test_player_xvfb.py, in a subprocess on an Xvfb display (Qt's xcb).

Plays each clip given through the player page with native embedding and prints one line per
clip: its name, then "picture" when the first picture came, or the player's error kind.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.ui.player.player_view import PlayerView
from tests.player_fixtures import scenario_for


def main() -> int:
    clips = [Path(p) for p in sys.argv[1:]]
    app = QApplication([])
    view = PlayerView()
    print("renderer", view.player.renderer, flush=True)
    view.resize(1100, 700)
    view.show()
    now: dict = {}

    def next_clip() -> None:
        if not clips:
            app.quit()
            return
        clip = clips.pop(0)
        now.update(clip=clip, said=False)
        view.open(scenario_for(clip, duration=3.0))
        QTimer.singleShot(10000, lambda c=clip: say(c, "nothing"))

    def say(clip: Path, what: str) -> None:
        if now.get("clip") != clip or now["said"]:
            return
        now["said"] = True
        print(clip.name, what, flush=True)
        view.player.stop()
        QTimer.singleShot(0, next_clip)

    def after_a_second() -> None:
        # The picture is there; a second later it must still be playing, not refused.
        clip = now["clip"]
        QTimer.singleShot(1500, lambda: say(clip, "picture " + state()))

    def state() -> str:
        return "refused" if view.player.state() == "error" else "ok"

    view.player.first_frame.connect(after_a_second)
    view.player.error.connect(lambda kind, _message: say(now["clip"], kind))
    QTimer.singleShot(0, next_clip)
    app.exec()
    view.player.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
