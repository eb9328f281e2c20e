"""A group session in a real room: a clicker used from anywhere on the console, blank and hide
that keep the clip's place, a picture that holds still under captions, counts typed quickly,
take-aways that reach the wall, and a session that can be resumed with its notes sealed.

Real widgets driven with keys, real libvlc playing a real clip, a real journal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSpinBox

from app.models.session_plan import read_plan
from app.services.group_session import GroupSession, running_path
from app.ui.group.audience import AudienceWindow
from app.ui.group.facilitator_console import FacilitatorConsole
from tests.group_fixtures import RESOURCES, make_clip, scenarios

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return make_clip(tmp_path_factory.mktemp("media"))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def open_run(qtbot, clip, plan_id="ward-team", clock=None):
    plan, problems = read_plan(RESOURCES / "sessions" / f"{plan_id}.toml")
    assert not problems
    kwargs = {"clock": clock} if clock is not None else {}
    session = GroupSession.open(plan, scenarios(clip), support=("A support line",), **kwargs)
    audience = AudienceWindow()
    qtbot.addWidget(audience)
    console = FacilitatorConsole(session, audience)
    qtbot.addWidget(console)
    console._confirm_leave = lambda: True
    audience.resize(1920, 1080)
    audience.show()
    console.resize(1366, 768)
    console.show()
    console.activateWindow()
    qtbot.waitActive(console)
    return session, audience, console


def step_of(session, kind, phase=None, scenario=None):
    return next(
        i
        for i, s in enumerate(session.steps)
        if s.kind == kind
        and (phase is None or s.phase == phase)
        and (scenario is None or s.scenario_id == scenario)
    )


# ---------------------------------------------------------------- the clicker


def test_page_down_after_typing_a_count_moves_on_and_leaves_the_count(qtbot, clip):
    session, audience, console = open_run(qtbot, clip)
    console.go_to(step_of(session, "tally") - 1)
    # arriving at the show of hands by clicker leaves the focus where it was, not in a count box
    qtbot.keyClick(console, Qt.Key.Key_PageDown)
    assert session.current.kind == "tally"
    assert not isinstance(console.focusWidget(), QSpinBox)
    spin = console.tally_spins[2]
    qtbot.mouseClick(spin, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: spin.text() == "0" and spin.hasFocus())
    qtbot.wait(10)  # the box selects its count once it has the focus
    qtbot.keyClicks(spin, "7")
    qtbot.keyClick(spin, Qt.Key.Key_Return)  # Enter stores the count and leaves the box
    tally = session.tally(session.current.tally_id)
    assert tally.before == [0, 0, 7, 0, 0]
    assert not isinstance(console.focusWidget(), QSpinBox)
    qtbot.keyClick(console, Qt.Key.Key_PageDown)  # reveal the chart
    assert audience.kind == "chart" and audience.chart.series() == [("Before", [0, 0, 7, 0, 0])]
    # back in the count box, the clicker still drives: no count goes down, the chart holds
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_PageDown)
    assert tally.before == [0, 0, 7, 0, 0]
    assert session.index == step_of(session, "tally") + 1
    qtbot.keyClick(console, Qt.Key.Key_PageUp)  # back to the question
    assert audience.kind == "prompt"
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Down)  # a clicker sending arrows: reveals, does not count
    assert tally.before == [0, 0, 7, 0, 0] and session.index == step_of(session, "tally")
    assert audience.kind == "chart"


def test_the_clicker_after_a_note_and_the_console_says_when_it_is_paused(qtbot, clip):
    session, audience, console = open_run(qtbot, clip)
    assert "Clicker ready" in console.clicker_state.text()
    console.tabs.setCurrentWidget(console.notes_edit)
    qtbot.mouseClick(console.notes_edit.viewport(), Qt.MouseButton.LeftButton)
    console.notes_edit.setFocus()
    qtbot.keyClicks(console.notes_edit, "Quiet room b")
    assert session.notes == "Quiet room b" and session.index == 0 and not session.blanked
    assert console.clicker_paused and "Esc" in console.clicker_state.text()
    qtbot.keyClick(console.notes_edit, Qt.Key.Key_PageDown)  # the clicker's own key: steps
    assert session.index == 1 and session.notes == "Quiet room b"
    qtbot.keyClick(console.notes_edit, Qt.Key.Key_Escape)  # Esc leaves the box, not the session
    assert not console._ended and console.focusWidget() is console
    assert not console.clicker_paused and "Clicker ready" in console.clicker_state.text()
    qtbot.keyClick(console, Qt.Key.Key_Right)
    qtbot.keyClick(console, Qt.Key.Key_B)
    assert session.index == 2 and session.blanked
    qtbot.keyClick(console, Qt.Key.Key_B)


def test_arrows_choose_a_prompt_only_in_a_list_entered_on_purpose(qtbot, clip):
    session, audience, console = open_run(qtbot, clip)
    console.go_to(step_of(session, "prompt"))
    here = session.index
    qtbot.keyClick(console, Qt.Key.Key_Down)  # the console has the focus: arrows step
    assert session.index == here + 1
    qtbot.keyClick(console, Qt.Key.Key_Up)
    console.prompts.setCurrentRow(0)
    console.prompts.setFocus(Qt.FocusReason.TabFocusReason)  # tabbed into on purpose
    qtbot.keyClick(console.prompts, Qt.Key.Key_Down)
    assert session.index == here and console.prompts.currentRow() == 1
    assert console.clicker_paused
    qtbot.keyClick(console.prompts, Qt.Key.Key_Return)
    assert audience.kind == "prompt"
    assert audience.prompt_text.text() == console.prompts.item(1).text()
    assert not console.clicker_paused  # showing it hands the keys back to the clicker
    qtbot.keyClick(console, Qt.Key.Key_Right)
    assert audience.prompt_text.text() == session.current.title


def test_quick_count_entry_from_the_console(qtbot, clip):
    session, audience, console = open_run(qtbot, clip)
    console.go_to(step_of(session, "tally"))
    qtbot.keyClick(console, Qt.Key.Key_PageDown)  # no counts yet: no chart of zeros
    assert session.current.kind != "tally" and audience.kind != "chart"
    qtbot.keyClick(console, Qt.Key.Key_PageUp)
    assert session.current.kind == "tally" and audience.kind == "prompt"
    assert not console.reveal_chart_button.isEnabled()
    qtbot.keyClick(console, Qt.Key.Key_2)  # typed anywhere on the console: into the quick entry
    assert console.focusWidget() is console.quick_counts
    qtbot.keyClicks(console.quick_counts, " 5")
    qtbot.keyClick(console.quick_counts, Qt.Key.Key_Return)
    assert "type 5" in console.tally_total.text()  # a kind word, nothing stored
    assert session.tally(session.current.tally_id).before == [0] * 5
    qtbot.keyClicks(console.quick_counts, " 7 4 1")
    assert audience.kind == "prompt"  # never a chart while digits are typed
    qtbot.keyClick(console.quick_counts, Qt.Key.Key_Return)
    assert session.tally(session.current.tally_id).before == [2, 5, 7, 4, 1]
    assert console.tally_total.text() == "n = 19 hands"
    assert audience.kind == "prompt" and console.focusWidget() is console
    qtbot.keyClick(console, Qt.Key.Key_PageDown)
    assert audience.kind == "chart" and audience.chart.series() == [("Before", [2, 5, 7, 4, 1])]
    # counts half typed stay with their step: moving on clears them and frees the clicker
    qtbot.keyClick(console, Qt.Key.Key_3)
    qtbot.keyClick(console.quick_counts, Qt.Key.Key_PageDown)
    assert console.quick_counts.text() == "" and console.focusWidget() is console


# ---------------------------------------------------------------- blank, hide and pause


def wait_playing_past(qtbot, audience, ms):
    qtbot.waitUntil(
        lambda: audience.clip.state == "playing" and audience.clip.position_ms >= ms,
        timeout=15000,
    )


def test_blank_and_hide_keep_the_clips_place(qtbot, clip):
    session, audience, console = open_run(qtbot, clip)
    console.go_to(step_of(session, "clip", scenario="ed-agitation"))  # one part, 0 to 4 s
    wait_playing_past(qtbot, audience, 800)
    positions: list[int] = []
    audience.clip.position_changed.connect(positions.append)
    qtbot.keyClick(console, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: audience.clip.state == "paused", timeout=5000)
    held = audience.clip.position_ms
    assert held >= 800
    positions.clear()
    qtbot.keyClick(console, Qt.Key.Key_B)
    assert audience.kind == "clip"
    # the positions libvlc reports as it plays on (they arrive as events, later under load)
    qtbot.waitUntil(lambda: bool(positions) and positions[-1] >= held + 200, timeout=15000)
    assert min(positions) >= held - 150  # carried on; never back to the start of the part
    # ten presses of B: paused and resumed where it was, never rewound
    for _ in range(10):
        qtbot.keyClick(console, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: audience.clip.state == "playing", timeout=5000)
    assert min(positions) >= held - 150
    qtbot.keyClick(console, Qt.Key.Key_H)
    assert audience.kind == "logo"
    qtbot.waitUntil(lambda: audience.clip.state == "paused", timeout=5000)
    hidden_at = audience.clip.position_ms
    qtbot.keyClick(console, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: audience.clip.state in ("playing", "ended"), timeout=5000)
    assert min(positions) >= held - 150 and audience.clip.position_ms >= hidden_at - 150


def test_the_picture_holds_still_as_captions_come_and_go(qtbot, clip):
    audience = AudienceWindow()
    qtbot.addWidget(audience)
    audience.resize(1920, 1080)
    audience.show()
    qtbot.waitExposed(audience)
    long = "I have not slept for days and I do not know who to tell about it any more"
    audience.show_content(
        kind="clip",
        media=str(clip),
        cues=[(0, 900, "Hello."), (900, 2000, long), (2000, 4000, "")],
    )
    qtbot.waitUntil(lambda: audience.clip.caption.text() == "Hello.", timeout=15000)
    one_line = audience.clip.frames.geometry()
    qtbot.waitUntil(lambda: audience.clip.caption.text() == long, timeout=15000)
    assert audience.clip.caption.heightForWidth(audience.clip.caption.width()) > 80  # two lines
    assert audience.clip.frames.geometry() == one_line
    qtbot.waitUntil(lambda: audience.clip.caption.text() == "", timeout=15000)
    assert audience.clip.frames.geometry() == one_line
    audience.close()  # stops libvlc before the window goes (the test holds no console)


# ---------------------------------------------------------------- what the wall shows


def test_edited_takeaways_reach_the_wall(qtbot, clip):
    session, audience, console = open_run(qtbot, clip)
    console.go_to(step_of(session, "takeaways"))
    console.takeaways_edit.appendPlainText("Check in with the night staff too.")
    shown = audience.slide_items.text()
    assert "Check in with the night staff too." in shown
    assert shown.count("<tr>") == len(session.plan.takeaways) + 1
    assert session.record()["takeaways"][-1] == "Check in with the night staff too."


def ink_lines(image, background):
    """(top, bottom, leftmost ink x) for each run of rows that holds ink."""
    lines, start, left = [], None, 10**6
    for y in range(image.height()):
        xs = [x for x in range(0, image.width(), 2) if image.pixelColor(x, y).lightness() > 128]
        if xs and start is None:
            start, left = y, min(xs)
        elif xs:
            left = min(left, min(xs))
        elif start is not None:
            lines.append((start, y, left))
            start, left = None, 10**6
    return lines


def test_wrapped_bullets_sit_under_their_text(qtbot):
    audience = AudienceWindow()
    qtbot.addWidget(audience)
    audience.resize(1280, 720)
    audience.show()
    qtbot.waitExposed(audience)
    long = "Lower your voice, give space and offer choices before anything else, every time"
    audience.show_content(kind="slide", style="takeaways", title="Take-aways", items=[long])
    image = audience.slide_items.grab().toImage()
    lines = ink_lines(image, audience.palette().window().color())
    assert len(lines) >= 2, lines  # the item wraps
    bullet_x, wrapped_x = lines[0][2], lines[1][2]
    assert wrapped_x > bullet_x + 10  # the second line starts under the text, not the bullet


def test_the_session_clock_starts_with_the_session(qtbot, clip):
    clock = FakeClock()
    session, audience, console = open_run(qtbot, clip, clock=clock)
    assert session.started_at == 1000.0
    clock.now += 125
    console._update_times()
    assert console.elapsed_label.text() == "02:05"  # no click needed to start it
    assert session.next_wall() is not None
    console.countdown_minutes.setValue(2)
    console.toggle_countdown()
    clock.now += 30
    console._update_times()
    assert console.countdown_label.text() == "01:30"
    clock.now += 200
    console._update_times()
    assert console.countdown_label.text() == "Time's up"


def test_the_ward_plan_shows_the_health_support_list(qtbot, paths, clip):
    from app.ui.group.group_session_page import GroupSessionPage

    page = GroupSessionPage(paths, scenarios=lambda _p: scenarios(clip))
    qtbot.addWidget(page)
    page.plan_list.setCurrentRow(next(i for i, p in enumerate(page.plans) if p.id == "ward-team"))
    run = page.start()
    assert run is not None
    qtbot.addWidget(run.console)
    qtbot.addWidget(run.audience)
    run.console._confirm_leave = lambda: True
    run.console.go_to(len(run.session.steps) - 1)
    shown = run.audience.slide_items.text()
    assert "Professional Nurse Advocate" in shown and "Education Support" not in shown
    run.console.request_leave()


# ---------------------------------------------------------------- resuming


def test_a_session_resumes_after_a_crash_with_its_notes_sealed(qtbot, paths, clip, fast_kdf):
    from app.services.profiles import ProfileService
    from app.ui.group.group_session_page import GroupSessionPage
    from app.ui.shared.session_state import SessionState

    profiles = ProfileService(paths)
    info, _code = profiles.create(
        "Robin Facil", "ward-nurse", "Ward 9", "a long and quiet harbour 1987"
    )
    state = SessionState()
    state.set_unlocked(profiles.unlock(info.id, "a long and quiet harbour 1987"))

    page = GroupSessionPage(paths, scenarios=lambda _p: scenarios(clip), app_session=state)
    qtbot.addWidget(page)
    assert not page.resume_button.isVisible()
    page.plan_list.setCurrentRow(next(i for i, p in enumerate(page.plans) if p.id == "ward-team"))
    run = page.start()
    qtbot.addWidget(run.console)
    qtbot.addWidget(run.audience)
    console = run.console
    console.go_to(step_of(run.session, "tally"))
    console.session.set_counts([1, 2, 3, 0, 0])
    console.takeaways_edit.appendPlainText("A take-away the room saw")
    console.notes_edit.setPlainText("NOTE-5d2e: the charge nurse went quiet")
    console.actions_edit.setPlainText("ACTION-77 book a refresher")
    qtbot.keyClick(console, Qt.Key.Key_PageDown)
    where = run.session.index
    qtbot.waitUntil(lambda: not run._notes_timer.isActive(), timeout=5000)
    # what is on disk now, as after a crash: the place in clear, the notes nowhere in clear
    snap = json.loads(running_path(paths.data_dir).read_text())
    assert snap["index"] == where and snap["tallies"][0]["before"] == [1, 2, 3, 0, 0]
    assert snap["notes_profile"] == info.id
    raw = b"".join(p.read_bytes() for p in paths.data_dir.rglob("*") if p.is_file())
    for secret in (b"NOTE-5d2e", b"charge nurse", b"ACTION-77"):
        assert secret not in raw

    # the app is gone without leaving the session: a new page offers to resume it
    run.console._ended = True  # as if the process had died
    page2 = GroupSessionPage(paths, scenarios=lambda _p: scenarios(clip), app_session=state)
    qtbot.addWidget(page2)
    assert not page2.resume_button.isHidden() and "step" in page2.resume_label.text()
    run2 = page2.resume()
    assert run2 is not None
    qtbot.addWidget(run2.console)
    qtbot.addWidget(run2.audience)
    run2.console._confirm_leave = lambda: True
    s2 = run2.session
    assert s2.index == where and s2.tally(s2.steps[step_of(s2, "tally")].tally_id).before == [
        1,
        2,
        3,
        0,
        0,
    ]
    assert "A take-away the room saw" in s2.takeaways
    assert s2.notes == "NOTE-5d2e: the charge nurse went quiet"
    assert run2.console.notes_edit.toPlainText() == s2.notes
    assert s2.actions == ["ACTION-77 book a refresher"]
    run2.console.request_leave()
    # leaving keeps it resumable until discarded
    assert not page2.resume_button.isHidden()
    page2.discard_running()
    assert not running_path(paths.data_dir).exists() and page2.resume_button.isHidden()
    assert state.current.journal.load_autosave_drafts().get("group-session") is None
    state.lock()


def test_without_a_profile_notes_stay_out_of_the_resumable_state(qtbot, paths, clip):
    from app.ui.group.group_session_page import GroupSessionPage

    page = GroupSessionPage(paths, scenarios=lambda _p: scenarios(clip))
    qtbot.addWidget(page)
    run = page.start()
    qtbot.addWidget(run.console)
    qtbot.addWidget(run.audience)
    run.console._confirm_leave = lambda: True
    run.console.notes_edit.setPlainText("NOTE-aa11 private")
    run.keep_notes()
    qtbot.keyClick(run.console, Qt.Key.Key_PageDown)
    assert "not kept for resuming" in run.console.saved_label.text()
    raw = b"".join(p.read_bytes() for p in paths.data_dir.rglob("*") if p.is_file())
    assert b"NOTE-aa11" not in raw
    assert json.loads(running_path(paths.data_dir).read_text())["index"] == 1
    run.console.request_leave()


def test_a_long_support_list_fits_on_the_wall(qtbot, clip):
    from app.models.support import BUNDLED, HEALTH

    audience = AudienceWindow()
    qtbot.addWidget(audience)
    audience.resize(1920, 1080)
    audience.show()
    qtbot.waitExposed(audience)
    items = list(BUNDLED[HEALTH])
    audience.show_content(
        kind="slide",
        style="support",
        title="Looking after yourself",
        body="If today brought something up, you are not alone.",
        items=items,
    )
    label = audience.slide_items
    # the whole list, down to the emergency number, is inside the wall and drawn in full
    assert label.geometry().bottom() <= audience.height()
    assert label.heightForWidth(label.width()) <= label.height()
    assert label.font().pixelSize() >= 0.04 * 1080  # still readable from the back row
