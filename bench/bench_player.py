"""The player: scenario open to first video frame, and peak memory while playing.

Both are measured in a fresh subprocess, so other benchmarks' memory does not count and
libvlc starts cold the same way for the floor and for Casebook. The floor is bare libvlc
(python-vlc with video callbacks in RV32) from play() to its first decoded picture of the
same clip; Casebook's figure runs from PlayerView.open(scenario) to that picture painted in
the page. Each process creates its libvlc instance (the plugin scan) before timing.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.report import Report

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "app" / "resources" / "videos" / "low-mood-inpatient.mp4"
RUNS = 5
ROUNDS = 3  # floor and Casebook alternate, so a busy moment on the machine hits both

BARE = r"""
import json, sys
sys.path.insert(0, sys.argv[3])
from bench.floors import bare_vlc_first_frame_ms
times = bare_vlc_first_frame_ms(sys.argv[1], (640, 360), int(sys.argv[2]))
print(json.dumps({"first_frame_ms": times}))
"""

CASEBOOK = r"""
import dataclasses, json, statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.media.player import shared_instance
from app.models.content import Scenario
from app.ui.player.player_view import PlayerView

def run_loop(quit_signal=None, ms=10000):
    # Block in an event loop as the app does: a busy processEvents() loop would hold the
    # GIL that libvlc's frame callbacks need, and slow the very thing being timed.
    loop = QEventLoop()
    if quit_signal is not None:
        quit_signal.connect(loop.quit)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    if quit_signal is not None:
        quit_signal.disconnect(loop.quit)

clip, runs = Path(sys.argv[1]), int(sys.argv[2])
shared_instance()  # the plugin scan, outside the timing as in the floor
scenario = Scenario(id="bench", title="Bench", summary="", video=clip, duration_seconds=0,
                    captions=None, roles=("ward-nurse",), topics=(), setting="",
                    level="introductory", learning_objectives=())
view = PlayerView(renderer="frames")
view.resize(1366, 768)
view.show()
app.processEvents()
times = []
for i in range(runs + 1):
    view.video.clear()
    t0 = time.perf_counter()
    view.open(scenario)
    run_loop(view.player.first_frame)
    assert view.video.has_frame()
    app.processEvents()  # the frame is painted
    if i:
        times.append((time.perf_counter() - t0) * 1000)
    view.player.stop()
# Peak memory: play for a while with markers and captions as a person would.
view.open(scenario)
run_loop(ms=6000)
view.mark()
# VmHWM is this process's own peak: ru_maxrss would also carry the parent's peak across exec.
with open("/proc/self/status") as status:
    rss = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
frames = view.player.frames_delivered()
view.player.release()
print(json.dumps({"first_frame_ms": times, "peak_rss_mib": rss,
                  "frames": frames}))
"""


def _clip(folder: Path) -> Path:
    if DEMO.is_file():
        return DEMO
    path = folder / "clip.mp4"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-f", "lavfi", "-i", "sine",
         "-t", "10", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", str(path)],
        check=True,
    )  # fmt: skip
    return path


def _child(code: str, clip: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code, str(clip), str(RUNS), str(ROOT)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=180, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        clip = _clip(Path(tmp))
        bare, ours, peaks = [], [], []
        for _ in range(ROUNDS):
            bare += _child(BARE, clip)["first_frame_ms"]
            result = _child(CASEBOOK, clip)
            ours += result["first_frame_ms"]
            peaks.append(result["peak_rss_mib"])
    report.add(
        "player: scenario open to first frame",
        statistics.median(ours),
        "ms",
        floor=statistics.median(bare),
        max_ratio=1.5,
    )
    report.add("player: peak memory while playing", max(peaks), "MiB", max_value=250)
