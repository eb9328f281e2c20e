"""Screenshots of group (drives app.ui.group.group_session_page)."""

from __future__ import annotations

import logging
from pathlib import Path

from app.config import Paths, Settings
from app.models.content import Scenario
from app.models.session_plan import Plan, load_plans
from app.models.support import support_for_plan
from app.services.group_session import GroupSession
from app.ui.group.audience import AudienceWindow
from app.ui.group.facilitator_console import FacilitatorConsole
from app.ui.group.group_session_page import caption_cues, default_scenarios

log = logging.getLogger(__name__)


def take_screenshots(studio) -> None:
    """The console and the wall at each kind of step, as the back row would see it."""
    import time

    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    plans, _ = load_plans([studio.paths.resources])
    plan = next(p for p in plans if p.id == "ward-team")
    scenarios = _demo_scenarios(studio.paths, plan)
    support = support_for_plan(plan, scenarios, Settings.load(studio.paths))
    session = GroupSession.open(plan, scenarios, support=support.items)
    audience = AudienceWindow()
    console = FacilitatorConsole(session, audience, cues_for=caption_cues)
    console._confirm_leave = lambda: True
    projector = QSize(1920, 1080)
    shots = [
        ("welcome", "welcome", None),
        ("ground-rules", "ground-rules", None),
        ("warning", "warnings", None),
        ("clip", "clip", None),
        ("prompt", "prompt", None),
        ("tally-chart", "tally", "after"),
        ("debrief", "debrief", None),
        ("support", "support", None),
    ]
    for name, kind, phase in shots:
        if kind == "tally":
            # the counts typed quickly, before the chart is revealed
            console.go_to(_step(session, kind, "before"))
            console.wall_typing(0, "2")
            console.quick_counts.setText("2 5 7 4 1")
            studio.save("group-wall-tally-question", audience, projector)
            console.update_thumbnail()
            studio.save("group-console-tally-entry", console)
        index = next(
            i
            for i, s in enumerate(session.steps)
            if s.kind == kind and (phase is None or s.phase == phase)
        )
        console.go_to(index)
        if kind == "tally":
            for tid in session.tallies:
                for value, (before, after) in enumerate(
                    ((1, 0), (4, 1), (6, 3), (2, 6), (0, 3)), start=1
                ):
                    session.set_tally(tid, "before", value, before)
                    session.set_tally(tid, "after", value, after)
            console.reveal()
        if kind == "clip":
            deadline = time.monotonic() + 8
            audience.resize(projector)
            audience.show()
            while not audience.clip.frames.has_frame() and time.monotonic() < deadline:
                QApplication.processEvents()
            console.audience.clip.pause()
        studio.save(f"group-wall-{name}", audience, projector)
        console.update_thumbnail()
        studio.save(f"group-console-{name}", console)
    console.end()
    audience.close()
    console.close()
    _one_screen(studio, plan, scenarios, support.items)


def _step(session: GroupSession, kind: str, phase: str | None = None) -> int:
    return next(
        i
        for i, s in enumerate(session.steps)
        if s.kind == kind and (phase is None or s.phase == phase)
    )


def _one_screen(studio, plan: Plan, scenarios, support) -> None:
    """One screen: the console, then the wall on its own (F) with counts being typed."""
    import tempfile

    from PySide6.QtCore import Qt

    from app.ui.group.group_session_page import SessionRun

    with tempfile.TemporaryDirectory(prefix="casebook-shots-") as tmp:
        paths = Paths.resolve(tmp).ensure()  # the run keeps its place here, not in a real folder
        session = GroupSession.open(plan, scenarios, support=support)
        run = SessionRun(paths, session, single_screen=True)
        run.console._confirm_leave = lambda: True
        run.console.go_to(_step(session, "tally", "before"))
        # the offscreen platform's one screen is 800 x 800: the pictures are taken at the
        # ward PC's size instead, as the windows would fill it
        run.console.showNormal()
        studio.save("group-one-screen-console", run.console)
        run.toggle_wall_view()
        for key, text in ((Qt.Key.Key_2, "2"), (Qt.Key.Key_Space, " "), (Qt.Key.Key_5, "5")):
            run.console.wall_typing(key, text)
        run.audience.showNormal()
        studio.save("group-one-screen-wall-counting", run.audience)
        run.console.quick_counts.setText("2 5 7 4 1")
        run.console.enter_quick_counts()
        run.console.go_next()  # the facilitator reveals the chart
        studio.save("group-one-screen-wall-chart", run.audience)
        run.console.request_leave()


def _demo_scenarios(paths: Paths, plan: Plan) -> dict[str, Scenario]:
    """Installed scenarios; stand-ins (no clip) for any the screenshots cannot find."""
    found = dict(default_scenarios(paths))
    for ps in plan.scenarios:
        if ps.id not in found:
            found[ps.id] = Scenario(
                id=ps.id,
                title=ps.id.replace("-", " ").capitalize(),
                summary="",
                video=Path(ps.id + ".mp4"),
                duration_seconds=60,
                captions=None,
                roles=(),
                topics=(),
                setting="",
                level="introductory",
                learning_objectives=(),
                content_warnings=("Talk of low mood and distress",),
            )
    return found
