"""Screenshots of player (drives app.ui.player.player_view)."""

from __future__ import annotations

import logging

from app.models.content import Scenario
from app.ui.player.player_view import PlayerView

log = logging.getLogger(__name__)


# ----- the screenshot studio -------------------------------------------------------------


def _demo_scenario(paths) -> Scenario | None:
    from app.services import library

    scenarios, _problems = library.load_scenarios(paths)
    by_id = {s.id: s for s in scenarios}
    return by_id.get("low-mood-inpatient") or (scenarios[0] if scenarios else None)


def _wait_for(condition, seconds: float = 15.0) -> bool:
    """Spin the event loop until `condition()` (the studio runs without pytest-qt)."""
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    return bool(condition())


def take_screenshots(studio) -> None:
    """player-warning (the gate) and player (paused on a captioned frame, two marked moments
    and a pause point), from a bundled demo scenario."""
    import dataclasses

    scenario = _demo_scenario(studio.paths)
    if scenario is None:
        log.warning("no demo scenario for the player screenshots")
        return
    view = PlayerView(renderer="frames")
    warned = scenario
    if not scenario.content_warnings:
        warned = dataclasses.replace(scenario, content_warnings=("Talk of low mood.",))
    view.open(warned)
    studio.save("player-warning", view)

    view.open(dataclasses.replace(scenario, content_warnings=(), pause_points=()))
    view.player.set_muted(True)
    view.seek(8_600)
    _wait_for(lambda: view.video.has_frame() and view.player.position() >= 8_600)
    shown = view.player.frames_delivered()  # a frame from after the seek, not before it
    _wait_for(lambda: view.player.frames_delivered() >= shown + 3)
    view.player.pause()
    _wait_for(lambda: view.player.state() == "paused")
    for ms, note in ((5_200, "He says he is not hungry"), (8_300, "")):
        view._add_marker(ms)
        view.note.setText(note)
        view._editing = len(view._markers) - 1
        view._note_done()
    if scenario.pause_points:
        view._pause_at(scenario.pause_points[0])
    view.player.set_muted(False)
    studio.save("player", view)
    view.player.release()
    view.close()
