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


if __name__ == "__main__":
    raise SystemExit(pytest.main([__file__]))
