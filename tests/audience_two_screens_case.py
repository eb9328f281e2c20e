"""Run only by tests/test_audience_screens.py, in a subprocess whose Qt platform has two
screens (a laptop 1366x768 at 0,0 and a projector 1920x1080 at 1366,0)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.models.session_plan import read_plan
from app.services.group_session import GroupSession
from app.ui.group import screens
from app.ui.group.group_session_page import GroupSessionPage, SessionRun
from tests.group_fixtures import RESOURCES, make_clip, scenarios


def test_two_screens_are_seen(qapp):
    names = [s.name() for s in QGuiApplication.screens()]
    assert names == ["laptop", "projector"]
    assert screens.projector_screen().name() == "projector"


def test_audience_full_screen_on_projector_console_on_laptop(qtbot, paths, tmp_path):
    plan, _ = read_plan(RESOURCES / "sessions" / "ward-team.toml")
    session = GroupSession.open(plan, scenarios(make_clip(tmp_path)))
    run = SessionRun(paths, session)
    qtbot.addWidget(run.console)
    qtbot.addWidget(run.audience)
    run.console._confirm_leave = lambda: True
    qtbot.waitExposed(run.audience)
    assert not run.single_screen
    assert run.audience.screen().name() == "projector"
    assert run.audience.isFullScreen()
    assert run.audience.geometry().getRect() == (1366, 0, 1920, 1080)
    assert run.console.screen().name() == "laptop"
    assert QGuiApplication.screens()[0].geometry().contains(run.console.geometry().center())
    # body text on the wall is at least 4% of the projector's height
    assert run.audience.slide_body.font().pixelSize() >= 0.04 * 1080
    assert run.audience.prompt_text.font().pixelSize() >= 0.04 * 1080
    # the whole plan, with the clicker's keys
    while not session.at_end:
        qtbot.keyClick(run.console, Qt.Key.Key_PageDown)
    assert run.audience.kind == "slide" and run.audience.isFullScreen()
    with qtbot.waitSignal(run.finished):
        qtbot.keyClick(run.console, Qt.Key.Key_Escape)


def test_start_page_offers_the_projector(qtbot, paths, tmp_path):
    page = GroupSessionPage(paths, scenarios=lambda _p: scenarios(make_clip(tmp_path)))
    qtbot.addWidget(page)
    assert page.screen_choice.currentData() == "projector"
    assert page.plan_list.count() == 2
    run = page.start()
    assert run is not None and not run.single_screen
    qtbot.addWidget(run.console)
    qtbot.addWidget(run.audience)
    run.console._confirm_leave = lambda: True
    assert run.audience.screen().name() == "projector"
    run.console.request_leave()
    assert page.run is None


def screen(name):
    return next(s for s in QGuiApplication.screens() if s.name() == name)


def on(widget) -> str:
    return widget.screen().name()


def unplug(name):
    """What Qt does when a cable is pulled: say the screen is gone (the offscreen platform
    cannot drop one of its screens while running, so its own signal is sent for it)."""
    QGuiApplication.instance().screenRemoved.emit(screen(name))


def plug_in(name):
    QGuiApplication.instance().screenAdded.emit(screen(name))


def test_a_whole_session_with_the_projector_unplugged_and_back_mid_clip(qtbot, paths, tmp_path):
    plan, _ = read_plan(RESOURCES / "sessions" / "ward-team.toml")
    session = GroupSession.open(plan, scenarios(make_clip(tmp_path)))
    run = SessionRun(paths, session)
    qtbot.addWidget(run.console)
    qtbot.addWidget(run.audience)
    run.console._confirm_leave = lambda: True
    qtbot.waitExposed(run.audience)
    unplugged = False
    while not session.at_end:
        step = session.current
        if step.kind == "tally":
            run.console.set_tally(4, 3)
        if step.kind == "clip" and not unplugged:
            unplugged = True
            qtbot.waitUntil(
                lambda: (
                    run.audience.clip.state == "playing" and run.audience.clip.position_ms > 300
                ),
                timeout=15000,
            )
            session.set_tally(session.plan.tallies[0].id, "before", 2, 5)
            run.console.notes_edit.setPlainText("kept through the unplugging")
            index = session.index
            unplug("projector")
            # the wall does not land on the laptop behind the console: it waits, paused
            assert not run.audience.isVisible()
            qtbot.waitUntil(lambda: run.audience.clip.state == "paused", timeout=5000)
            held = run.audience.clip.position_ms
            assert run.console.screen_message.isVisible()
            assert "disconnected" in run.console.screen_message.text()
            assert run.console.isVisible() and on(run.console) == "laptop"
            assert session.index == index and session.notes == "kept through the unplugging"
            qtbot.keyClick(run.console, Qt.Key.Key_PageDown)  # the clicker still drives
            qtbot.keyClick(run.console, Qt.Key.Key_PageUp)
            assert session.index == index
            plug_in("projector")
            # the wall comes back to the projector, full screen, where the clip was
            assert run.audience.isVisible() and run.audience.isFullScreen()
            assert on(run.audience) == "projector"
            assert run.audience.geometry().getRect() == (1366, 0, 1920, 1080)
            assert "back on" in run.console.screen_message.text()
            assert abs(run.audience.clip.position_ms - held) < 400
            qtbot.keyClick(run.console, Qt.Key.Key_Space)
            qtbot.waitUntil(lambda: run.audience.clip.state in ("playing", "ended"), timeout=5000)
            assert session.tally(session.plan.tallies[0].id).before[1] == 5
        qtbot.keyClick(run.console, Qt.Key.Key_PageDown)
    assert unplugged and run.audience.kind == "slide" and on(run.audience) == "projector"
    with qtbot.waitSignal(run.finished):
        qtbot.keyClick(run.console, Qt.Key.Key_Escape)


def test_show_on_and_swap_screens_during_a_session(qtbot, paths, tmp_path):
    plan, _ = read_plan(RESOURCES / "sessions" / "ward-team.toml")
    session = GroupSession.open(plan, scenarios(make_clip(tmp_path)))
    run = SessionRun(paths, session)
    qtbot.addWidget(run.console)
    qtbot.addWidget(run.audience)
    run.console._confirm_leave = lambda: True
    qtbot.waitExposed(run.audience)
    assert run.console.swap_button.isEnabled() and not run.console.wall_view_button.isEnabled()
    qtbot.mouseClick(run.console.swap_button, Qt.MouseButton.LeftButton)
    assert on(run.audience) == "laptop" and run.audience.isFullScreen()
    assert run.audience.geometry().getRect() == (0, 0, 1366, 768)
    assert on(run.console) == "projector"
    qtbot.keyClick(run.console, Qt.Key.Key_PageDown)  # keys still drive, wherever it is
    assert session.index == 1 and run.audience.slide_title.text() == "Ground rules"
    run.swap_screens()
    assert on(run.audience) == "projector" and on(run.console) == "laptop"
    # "Show on…" the laptop: the facilitator chose one screen; the wall shows on F only
    run.move_audience_to(screen("laptop"))
    assert run.single_screen and not run.audience.isVisible()
    qtbot.keyClick(run.console, Qt.Key.Key_F)
    assert run.audience.isVisible() and on(run.audience) == "laptop"
    qtbot.keyClick(run.audience, Qt.Key.Key_F)
    assert not run.audience.isVisible()
    run.move_audience_to(screen("projector"))
    assert run.audience.isVisible() and on(run.audience) == "projector"
    # a screen plugged in while the wall is on the projector is only mentioned
    plug_in("laptop")
    assert on(run.audience) == "projector" and "Show on" in run.console.screen_message.text()
    with qtbot.waitSignal(run.finished):
        qtbot.keyClick(run.console, Qt.Key.Key_Escape)


if __name__ == "__main__":
    raise SystemExit(pytest.main([__file__]))
