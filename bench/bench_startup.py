"""Cold start beside its floor measured in this run.

`python -m app` in a fresh process (fresh data folder) until the library window is shown and
taking events, vs a bare PySide6 window plus `vlc.Instance()` in a process. Each run is its own
subprocess so nothing is warm from the previous one. (Scenario open to first frame and peak
memory while playing are measured in bench_player.py.)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5

FLOOR_START = textwrap.dedent(
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
    import vlc
    app = QApplication([])
    instance = vlc.Instance(["--quiet"])
    w = QMainWindow()
    w.setCentralWidget(QLabel("Library"))
    w.resize(1280, 720)
    w.show()
    def ready():
        print("casebook-ready", flush=True)
        QTimer.singleShot(0, app.quit)
    QTimer.singleShot(0, ready)
    app.exec()
    """
)


def _env(home: str) -> dict[str, str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CASEBOOK_HOME=home,
        CASEBOOK_QUIT_AFTER_START="1",
        CASEBOOK_QUIT_AFTER_MS="0",
    )
    env.pop("CASEBOOK_CONTENT", None)
    return env


def _time_to_ready(cmd: list[str]) -> float:
    """Seconds from process launch to its 'casebook-ready' line."""
    with tempfile.TemporaryDirectory() as home:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=_env(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        elapsed = None
        watchdog = threading.Timer(60, proc.kill)  # a start-up stuck on a dialog ends the run
        watchdog.start()
        for line in proc.stdout:
            if line.strip() == "casebook-ready":
                elapsed = time.perf_counter() - t0
        proc.wait(120)
        watchdog.cancel()
    if elapsed is None:
        raise RuntimeError(f"{cmd} never said it was ready")
    return elapsed


def _median(fn) -> float:
    fn()  # one warm-up run so the OS file cache is in the same state for both sides
    return statistics.median(fn() for _ in range(RUNS))


def run(report) -> None:
    py = sys.executable
    floor = _median(lambda: _time_to_ready([py, "-c", FLOOR_START]))
    start = _median(lambda: _time_to_ready([py, "-m", "app"]))
    report.add("cold start to library window", start, "s", floor=floor, max_ratio=2)
