"""Group session on the projector: key press to new wall frame, and the clip's first frame.

Floors measured in the same run: a bare PySide6 label repainted after a text change, and
bare libvlc (python-vlc with video callbacks) from play() to its first decoded picture.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.floors import bare_vlc_first_frame_ms
from bench.report import Report

STEPS = 12


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _wait(app, done, limit: float = 10.0) -> None:
    end = time.perf_counter() + limit
    while not done():
        app.processEvents()
        if time.perf_counter() > end:
            raise TimeoutError("the frame never arrived")


def _clip(folder: Path) -> Path:
    from tests.clips import make_clip  # the same clips the tests play

    return make_clip(folder / "clip.mp4", 6, "1280x720", audio=False)


def _bare_label_ms(app) -> float:
    from PySide6.QtWidgets import QLabel

    painted = []

    class Label(QLabel):
        def paintEvent(self, event):  # noqa: N802
            super().paintEvent(event)
            painted.append(1)

    label = Label("0")
    label.resize(1920, 1080)
    label.show()
    _wait(app, lambda: painted)
    times = []
    for n in range(STEPS):
        painted.clear()
        t0 = time.perf_counter()
        label.setText(f"Slide {n}")
        _wait(app, lambda: painted)
        times.append((time.perf_counter() - t0) * 1000)
    label.close()
    return statistics.median(times)


def _step_latency_ms(app, clip: Path) -> float:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from app.config import bundled_resources
    from app.models.session_plan import read_plan
    from app.services.group_session import GroupSession
    from app.ui.group.audience import AudienceWindow
    from app.ui.group.facilitator_console import FacilitatorConsole
    from tests.group_fixtures import scenarios

    plan, _ = read_plan(bundled_resources() / "sessions" / "ward-team.toml")
    session = GroupSession.open(plan, scenarios(clip))
    audience = AudienceWindow()
    audience.resize(1920, 1080)
    audience.show()
    console = FacilitatorConsole(session, audience)
    console._confirm_leave = lambda: True
    console.resize(1366, 768)
    console.show()
    painted = []
    audience.painted.connect(lambda: painted.append(1))
    _wait(app, lambda: painted)
    times = []
    for _ in range(3 * STEPS):
        if session.at_end or len(times) >= STEPS:
            break
        nxt = session.next_step
        if session.current.kind == "clip" or (nxt is not None and nxt.kind == "clip"):
            console.go_next()  # clip frames are measured separately
            continue
        painted.clear()
        t0 = time.perf_counter()
        QTest.keyClick(console, Qt.Key.Key_Right)
        _wait(app, lambda: painted)
        times.append((time.perf_counter() - t0) * 1000)
    console.end()
    console.close()
    audience.close()
    return statistics.median(times)


def _wall_first_frame_ms(app, clip: Path) -> float:
    from PySide6.QtCore import QEventLoop, QTimer

    from app.media.player import shared_instance
    from app.ui.group.audience import AudienceWindow

    shared_instance()  # libvlc's plugin scan happens once per process; the floor excludes it too
    times = []
    for _ in range(3):
        audience = AudienceWindow()
        audience.resize(1920, 1080)
        audience.show()
        # The floor makes its libvlc player before timing: so does this (the wall makes its
        # player once per session, on the first clip).
        audience.clip._ensure_player()
        app.processEvents()
        loop = QEventLoop()
        audience.clip.first_frame.connect(loop.quit)
        QTimer.singleShot(10_000, loop.quit)
        t0 = time.perf_counter()
        audience.show_content(kind="clip", media=str(clip))
        # Block in an event loop as the app does: a busy processEvents() loop would hold the
        # GIL that libvlc's frame callbacks need, and slow the very thing being timed.
        if not audience.clip.frames.has_frame():
            loop.exec()
        if not audience.clip.frames.has_frame():
            raise TimeoutError("the frame never arrived")
        app.processEvents()  # the frame is painted on the wall
        times.append((time.perf_counter() - t0) * 1000)
        audience.clip.release()
        audience.close()
    return statistics.median(times)


def run(report: Report) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = _app()
    with tempfile.TemporaryDirectory() as tmp:
        clip = _clip(Path(tmp))
        floor = _bare_label_ms(app)
        report.add(
            "group: key press to new wall frame",
            _step_latency_ms(app, clip),
            "ms",
            floor=floor,
            max_value=100,
        )
        bare = statistics.median(bare_vlc_first_frame_ms(clip, (1280, 720), 3))
        report.add(
            "group: clip first frame on the wall",
            _wall_first_frame_ms(app, clip),
            "ms",
            floor=bare,
            max_ratio=1.5,
        )
