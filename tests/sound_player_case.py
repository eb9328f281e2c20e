"""Run only by tests/test_sound_no_device.py, in a subprocess whose stderr the test reads.

    sound_player_case.py player CLIP LOG_DIR     the media player alone plays CLIP to its end
    sound_player_case.py view CLIP SRT LOG_DIR   the player page plays CLIP with captions

Qt is offscreen by its -platform argument, not QT_QPA_PLATFORM, so libvlc uses this
computer's real audio output (the offscreen variable would choose libvlc's silent one).
Prints one JSON line of what was seen.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.logs import setup_logging

TIMEOUT_MS = 30000


def play_alone(app: QApplication, clip: Path) -> dict:
    from app.media.player import MediaPlayer  # noqa: PLC0415  (after logging is set up)

    player = MediaPlayer(renderer="frames")
    seen: dict = {"errors": []}
    player.ended.connect(app.quit)
    player.error.connect(lambda kind, _message: (seen["errors"].append(kind), app.quit()))
    player.load(clip)
    player.play()
    QTimer.singleShot(TIMEOUT_MS, app.quit)
    app.exec()
    seen["state"] = player.state()
    player.release()
    return seen


def play_page(app: QApplication, clip: Path, srt: Path) -> dict:
    from app.ui.player.player_view import PlayerView  # noqa: PLC0415
    from tests.player_fixtures import scenario_for  # noqa: PLC0415

    view = PlayerView(renderer="frames")
    view.resize(1366, 768)
    view.show()
    seen: dict = {"captions": [], "reflect": False, "errors": []}
    controls = view.controls

    def on_position(_ms: int) -> None:
        text = view.video.caption()
        if text and text not in seen["captions"]:
            seen["captions"].append(text)
        if not controls.sound_available() and "indicator" not in seen:
            seen["indicator"] = {
                "label_visible": controls.no_sound.isVisible(),
                "label": controls.no_sound.text(),
                "label_name": controls.no_sound.accessibleName(),
                "volume_enabled": controls.volume.isEnabled(),
                "mute_enabled": controls.mute.isEnabled(),
                "volume_description": controls.volume.accessibleDescription(),
            }
            controls.grab().save(str(Path(sys.argv[-1]) / "controls-no-sound.png"))

    def on_reflect(*_args) -> None:
        seen["reflect"] = True
        QTimer.singleShot(200, app.quit)

    view.player.position_changed.connect(on_position)
    view.player.error.connect(lambda kind, _message: seen["errors"].append(kind))
    view.reflect_requested.connect(on_reflect)
    view.open(scenario_for(clip, captions=srt, duration=3.0))
    QTimer.singleShot(TIMEOUT_MS, app.quit)
    app.exec()
    seen["sound_available"] = view.player.sound_available()
    seen["state"] = view.player.state()
    view.player.release()
    return seen


def main() -> int:
    mode = sys.argv[1]
    setup_logging(Path(sys.argv[-1]))
    app = QApplication(["casebook-sound-case", "-platform", "offscreen"])
    if mode == "player":
        seen = play_alone(app, Path(sys.argv[2]))
    else:
        seen = play_page(app, Path(sys.argv[2]), Path(sys.argv[3]))
    print(json.dumps(seen), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
