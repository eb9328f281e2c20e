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
    assert "3 passed" in result.stdout


def test_one_screen_puts_a_compact_strip_over_the_wall(qtbot, paths, tmp_path):
    plan, _ = read_plan(RESOURCES / "sessions" / "school-staff.toml")
    session = GroupSession.open(plan, scenarios(make_clip(tmp_path)))
    run = SessionRun(paths, session)
    assert run.single_screen and run.stage is not None
    qtbot.addWidget(run.stage)
    run.console._confirm_leave = lambda: True
    qtbot.waitExposed(run.stage)
    assert run.console.compact and run.audience.window() is run.stage
    assert (
        run.console.geometry().bottom() < run.audience.geometry().top() + 1
    )  # strip above the wall
    assert run.console.height() < run.stage.height() * 0.2
    qtbot.keyClick(run.stage, Qt.Key.Key_Right)
    assert session.index == 1 and run.audience.slide_title.text() == "Ground rules"
    qtbot.keyClick(run.audience, Qt.Key.Key_B)
    assert run.audience.kind == "blank"
    qtbot.keyClick(run.audience, Qt.Key.Key_B)
    # the full console, as a second window to drag, follows the same session
    run.console.open_full_console()
    full = run.console._extra_windows[0]
    qtbot.addWidget(full)
    qtbot.mouseClick(full.next_button, Qt.MouseButton.LeftButton)
    assert session.index == 2 and run.console.now_label.text().startswith("Now (3 of")
    qtbot.keyClick(full, Qt.Key.Key_PageDown)  # keys in the second window drive it once, not twice
    assert session.index == 3
    with qtbot.waitSignal(run.finished):
        qtbot.keyClick(run.stage, Qt.Key.Key_Escape)
