"""Start-up, first frame and memory, each beside a floor measured in this run.

- cold start: `python -m app` in a fresh process (fresh data folder) until the library window
  is shown and taking events, vs a bare PySide6 window plus `vlc.Instance()` in a process.
- first frame: opening a bundled scenario in the player until its first picture arrives, vs
  bare libvlc (instance, player, media, frame callbacks) until its first picture, same clip.
- peak memory (RSS) of a process playing a bundled scenario through the player view.
Every measurement runs in its own subprocess so nothing is warm from the previous one.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
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

FLOOR_FRAME = textwrap.dedent(
    """
    import ctypes, sys, threading, time
    import vlc
    clip = sys.argv[1]
    t0 = time.perf_counter()
    instance = vlc.Instance(["--quiet", "--aout=dummy"])
    player = instance.media_player_new()
    w, h = 1280, 720
    buf = (ctypes.c_ubyte * (w * h * 4))()
    got = threading.Event()
    d = vlc.CallbackDecorators
    @d.VideoLockCb
    def lock(opaque, planes):
        planes[0] = ctypes.addressof(buf)
    @d.VideoUnlockCb
    def unlock(opaque, picture, planes):
        pass
    @d.VideoDisplayCb
    def display(opaque, picture):
        got.set()
    player.video_set_callbacks(lock, unlock, display, None)
    player.video_set_format("RV32", w, h, w * 4)
    player.set_media(instance.media_new_path(clip))
    player.play()
    got.wait(20)
    print(f"first-frame {time.perf_counter() - t0:.6f}", flush=True)
    player.stop()
    """
)

APP_FRAME = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtWidgets import QApplication
    from app.config import Paths
    from app.services.library import load_library
    app = QApplication([])
    from app.ui.player_view import PlayerView
    scenarios = load_library(Paths.resolve()).scenarios
    scenario = next(s for s in scenarios if str(s.video) == sys.argv[1])
    scenario = type(scenario)(**{**scenario.__dict__, "content_warnings": ()})  # no gate to click
    view = PlayerView()
    view.resize(1366, 768)
    view.show()
    app.processEvents()
    done = {}
    def first():
        done.setdefault("t", time.perf_counter() - t0)
        app.quit()
    view.player.first_frame.connect(first)
    t0 = time.perf_counter()
    view.open(scenario)
    app.exec()
    print(f"first-frame {done['t']:.6f}", flush=True)
    view.player.release()
    """
)

APP_MEMORY = textwrap.dedent(
    """
    import resource, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from app.config import Paths
    from app.services.library import load_library
    app = QApplication([])
    from app.ui.player_view import PlayerView
    scenarios = load_library(Paths.resolve()).scenarios
    scenario = next(s for s in scenarios if str(s.video) == sys.argv[1])
    scenario = type(scenario)(**{**scenario.__dict__, "content_warnings": (), "pause_points": ()})
    view = PlayerView()
    view.resize(1366, 768)
    view.show()
    view.player.ended.connect(app.quit)
    view.player.first_frame.connect(lambda: view.player.set_rate(2.0))
    QTimer.singleShot(60000, app.quit)
    view.open(scenario)
    app.exec()
    print(f"peak-rss-kib {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
    view.player.release()
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
        for line in proc.stdout:
            if line.strip() == "casebook-ready":
                elapsed = time.perf_counter() - t0
        proc.wait(120)
    if elapsed is None:
        raise RuntimeError(f"{cmd} never said it was ready")
    return elapsed


def _value(cmd: list[str], key: str) -> float:
    with tempfile.TemporaryDirectory() as home:
        out = subprocess.run(
            cmd, cwd=ROOT, env=_env(home), capture_output=True, text=True, timeout=120
        )
    for line in out.stdout.splitlines():
        if line.startswith(key):
            return float(line.split()[1])
    raise RuntimeError(f"{cmd[:3]} gave no {key}: {out.stderr[-800:]}")


def _median(fn) -> float:
    fn()  # one warm-up run so the OS file cache is in the same state for both sides
    return statistics.median(fn() for _ in range(RUNS))


def run(report) -> None:
    py = sys.executable
    clip = sorted((ROOT / "resources" / "videos").glob("*.mp4"))[0]
    floor = _median(lambda: _time_to_ready([py, "-c", FLOOR_START]))
    start = _median(lambda: _time_to_ready([py, "-m", "app"]))
    report.add("cold start to library window", start, "s", floor=floor, max_ratio=2)
    floor_frame = _median(lambda: _value([py, "-c", FLOOR_FRAME, str(clip)], "first-frame"))
    app_frame = _median(lambda: _value([py, "-c", APP_FRAME, str(clip)], "first-frame"))
    report.add("scenario open to first frame", app_frame, "s", floor=floor_frame, max_ratio=1.5)
    rss = _value([py, "-c", APP_MEMORY, str(clip)], "peak-rss-kib") / 1024
    report.add("peak memory while playing", rss, "MiB", max_value=250)
