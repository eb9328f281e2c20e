"""Where the windows go: two screens (in a subprocess, since the platform is chosen before
the QApplication exists) and one screen (here, on the default offscreen platform)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.models.session_plan import read_plan
from app.services.group_session import GroupSession
from app.ui.group.group_session_page import SessionRun
from tests.group_fixtures import RESOURCES, make_clip, scenarios

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.timeout(240)
def test_two_screens_in_a_subprocess(tmp_path):
    config = tmp_path / "screens.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": 1366,
                        "height": 768,
                        "logicalDpi": 96,
                    },
                    {
                        "name": "projector",
                        "x": 1366,
                        "y": 0,
                        "width": 1920,
                        "height": 1080,
                        "logicalDpi": 96,
                    },
                ]
            }
        )
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/audience_two_screens_case.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=220,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout


def test_one_screen_wall_only_view_and_counts_that_do_not_cover_it(qtbot, paths, tmp_path):
    plan, _ = read_plan(RESOURCES / "sessions" / "ward-team.toml")
    session = GroupSession.open(plan, scenarios(make_clip(tmp_path)))
    run = SessionRun(paths, session)
    qtbot.addWidget(run.console)
    qtbot.addWidget(run.audience)
    run.console._confirm_leave = lambda: True
    qtbot.waitExposed(run.console)
    assert run.single_screen
    # the console alone: the wall is not half-shown under a strip of timers
    assert not run.audience.isVisible() and run.audience.window() is run.audience
    qtbot.keyClick(run.console, Qt.Key.Key_F)
    assert run.console.wall_view and run.audience.isVisible() and run.audience.isFullScreen()
    assert run.audience.screen() is run.console.screen()
    # what the room sees now: the wall's own texts only, no "Next:", no clock, no hidden prompt
    seen = " ".join(run.audience.visible_texts())
    assert run.console.next_label.text().startswith("Next: ")
    for private in (run.console.next_label.text(), run.console.elapsed_label.text(), "Next:"):
        assert private not in seen
    assert not run.audience.findChildren(type(run.console))
    tally = next(i for i, s in enumerate(session.steps) if s.kind == "tally")
    while session.index < tally:
        qtbot.keyClick(run.audience, Qt.Key.Key_PageDown)
    assert run.audience.kind == "prompt"  # the question, hands up for 1 to 5
    qtbot.keyClick(run.audience, Qt.Key.Key_PageDown)  # no counts yet: no all-zero chart
    assert session.index == tally + 1 and run.audience.kind != "chart"
    qtbot.keyClick(run.audience, Qt.Key.Key_PageUp)
    assert session.index == tally
    qtbot.keyClicks(run.audience, "2 5 7 4 1")
    assert run.audience.kind == "prompt"  # never a chart while digits are typed
    assert run.audience.entry.isVisible() and run.audience.entry.text() == "Counts: 2 5 7 4 1"
    assert run.audience.entry.geometry().bottom() <= run.audience.height()
    assert run.audience.entry.height() < run.audience.height() * 0.1  # a line, not a cover
    qtbot.keyClick(run.audience, Qt.Key.Key_Return)
    assert session.tally(session.current.tally_id).before == [2, 5, 7, 4, 1]
    assert run.audience.kind == "prompt" and not run.audience.entry.isVisible()
    assert run.console.tally_total.text() == "n = 19 hands"
    qtbot.keyClick(run.audience, Qt.Key.Key_PageDown)  # the facilitator reveals it
    assert run.audience.kind == "chart"
    assert run.audience.chart.series() == [("Before", [2, 5, 7, 4, 1])]
    # F again (or Esc): the console comes back, the wall goes away
    qtbot.keyClick(run.audience, Qt.Key.Key_F11)
    assert not run.console.wall_view and not run.audience.isVisible()
    qtbot.keyClick(run.console, Qt.Key.Key_F)
    asked = []
    run.console._confirm_leave = lambda: asked.append(1) or False
    qtbot.keyClick(run.audience, Qt.Key.Key_Escape)  # no "Leave?" question on the wall
    assert asked == [] and not run.console.wall_view and not run.audience.isVisible()
    run.console._confirm_leave = lambda: True
    with qtbot.waitSignal(run.finished):
        qtbot.keyClick(run.console, Qt.Key.Key_Escape)
