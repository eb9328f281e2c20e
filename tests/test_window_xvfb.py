"""The main window on a real X screen of a 1366×768 ward PC: it opens using the whole screen.

Seen as a person met it: on a 1366×768 display the window opened at 1280×728 where no window
manager maximised it (a kiosk session, a remote desktop without one, Xvfb), cutting off
summaries. Asking for "maximised" alone leaves it to the window manager.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_player_xvfb import _start_xvfb
from tests.tools import tools

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.xvfb, tools("Xvfb", "xdotool")]


def _window_size(display: str) -> tuple[int, int] | None:
    env = {**os.environ, "DISPLAY": display}
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", "^Casebook$"],
        env=env, capture_output=True, text=True, timeout=10,
    )  # fmt: skip
    ids = found.stdout.split()
    if not ids:
        return None
    shown = subprocess.run(
        ["xdotool", "getwindowgeometry", ids[0]],
        env=env, capture_output=True, text=True, timeout=10,
    )  # fmt: skip
    match = re.search(r"Geometry: (\d+)x(\d+)", shown.stdout)
    return (int(match[1]), int(match[2])) if match else None


def test_the_window_fills_a_small_screen_without_a_window_manager(tmp_path):
    xvfb, display = _start_xvfb()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    app = subprocess.Popen(
        [sys.executable, "-m", "app", "--home", str(tmp_path / "home")],
        cwd=ROOT, env={**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        size = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # another process's window: poll for it
            size = _window_size(display)
            if size is not None and size[0] >= 1366:
                break
            time.sleep(0.2)
        assert size is not None, "the window never appeared"
        width, height = size
        assert width == 1366 and height >= 700, f"the window opened at {width}×{height}"
    finally:
        app.kill()
        app.wait(10)
        xvfb.terminate()
        xvfb.wait(10)
