"""`python -m app` starts, shows the library window and quits cleanly, in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# `python -m app`, saying at exit whether python-vlc was imported and whether libvlc loads.
PROBE = (
    "import atexit, runpy, sys\n"
    "from app.media import vlc_loader\n"
    "atexit.register(lambda: print('vlc imported:', 'vlc' in sys.modules,"
    " 'libvlc:', vlc_loader.vlc_available(), flush=True))\n"
    "runpy.run_module('app', run_name='__main__', alter_sys=True)\n"
)


def _run(
    home: Path, extra_env: dict[str, str] | None = None, *, probe: bool = False
) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        CASEBOOK_HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        CASEBOOK_QUIT_AFTER_MS="0",
        CASEBOOK_QUIT_AFTER_START="1",
        **(extra_env or {}),
    )
    env.pop("CASEBOOK_CONTENT", None)
    return subprocess.run(
        [sys.executable, *(["-c", PROBE] if probe else ["-m", "app"])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_app_starts_shows_the_window_and_quits(home):
    result = _run(home)
    assert result.returncode == 0, result.stderr
    assert "casebook-ready" in result.stdout
    assert (home / "logs" / "casebook.log").is_file()


def test_app_starts_without_vlc(home):
    # libvlc missing: the window still comes up; playback says what to install when asked.
    result = _run(home, {"CASEBOOK_NO_VLC": "1"}, probe=True)
    assert result.returncode == 0, result.stderr
    assert "casebook-ready" in result.stdout
    assert "vlc imported: False libvlc: False" in result.stdout  # it really ran without VLC
    assert "Traceback" not in result.stderr


def test_the_probe_sees_libvlc_when_it_is_there(home):
    # The check above could not fail if the probe always said False.
    result = _run(home, probe=True)
    assert result.returncode == 0, result.stderr
    assert "casebook-ready" in result.stdout
    assert "libvlc: True" in result.stdout
