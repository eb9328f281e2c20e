"""The facilitator console and the audience screen, driven with real keys, real libvlc, a
real journal and a real PDF. Two-screen placement runs in a subprocess (test_audience_screens)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QMenuBar, QWidget

from app.models.session_plan import read_plan
from app.services.group_session import GroupSession, save_to_journal
from app.ui.group.audience import AudienceWindow
from app.ui.group.facilitator_console import FacilitatorConsole
from tests.group_fixtures import RESOURCES, make_clip, scenarios

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return make_clip(tmp_path_factory.mktemp("media"))


def open_run(qtbot, clip, plan_id="ward-team", support=("Your employee assistance programme",)):
    plan, problems = read_plan(RESOURCES / "sessions" / f"{plan_id}.toml")
    assert not problems
    session = GroupSession.open(plan, scenarios(clip), support=support)
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
    qtbot.waitExposed(console)
    return session, audience, console


def press(qtbot, widget, key):
    qtbot.keyClick(widget, key)


def wall_texts(audience: AudienceWindow) -> list[str]:
    """Every text anywhere in the audience tree, visible or not."""
    out = [audience.windowTitle(), audience.accessibleName(), audience.toolTip()]
    for w in audience.findChildren(QWidget):
        out += [
            w.windowTitle(),
            w.accessibleName(),
            w.accessibleDescription(),
            w.toolTip(),
            w.statusTip(),
            w.whatsThis(),
        ]
        if hasattr(w, "text") and callable(w.text):
            out.append(w.text())
    return [t for t in out if t]


def test_stepping_through_a_whole_plan_with_keys(qtbot, clip):
    session, audience, console = open_run(qtbot, clip)
    kinds_seen = []
    for _ in range(len(session.steps) * 2 + 2):
        step = session.current
        kinds_seen.append((step.kind, audience.kind))
        if step.kind == "clip":
            qtbot.waitUntil(audience.clip.frames.has_frame, timeout=10000)
        if step.kind == "tally":
            console.set_tally(3, 2)  # with no hands counted there would be no chart
        press(qtbot, console, Qt.Key.Key_PageDown if len(kinds_seen) % 2 else Qt.Key.Key_Right)
    assert session.at_end and audience.kind == "slide"
    assert "Your employee assistance programme" in audience.slide_items.text()
    kinds = {k for k, _ in kinds_seen}
    assert kinds == {
        "welcome",
        "ground-rules",
        "warnings",
        "tally",
        "clip",
        "pause",
        "prompt",
        "debrief",
        "takeaways",
        "support",
    }
    assert ("clip", "clip") in kinds_seen and ("tally", "chart") in kinds_seen
    # and back again with the clicker's other keys
    for key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp):
        before = session.index
        press(qtbot, console, key)
        assert session.index == before - 1
    assert console.now_label.text().startswith(f"Now ({session.index + 1} of {len(session.steps)})")


def test_clip_pauses_at_its_pause_point_and_space_toggles(qtbot, clip):
    session, audience, console = open_run(qtbot, clip)
    console.go_to(next(i for i, s in enumerate(session.steps) if s.kind == "clip"))
    assert session.current.stop == 1.5
    with qtbot.waitSignal(audience.clip.reached_stop, timeout=15000):
        pass
    qtbot.waitUntil(lambda: audience.clip.state == "paused", timeout=5000)
    assert "pauses at 00:01" in console.position_label.text()
    stopped_at = audience.clip.position_ms
    # Space at the pause point does not play on into the next part: the console says why
    press(qtbot, console, Qt.Key.Key_Space)
    qtbot.wait(400)
    assert audience.clip.state == "paused" and audience.clip.position_ms == stopped_at
    assert "Press Next for the question" in console.position_label.text()
    assert session.current.kind == "clip" and session.current.stop == 1.5
    press(qtbot, console, Qt.Key.Key_Right)
    assert audience.kind == "prompt" and audience.prompt_text.text() == "What do you notice so far?"


def test_blank_and_return(qtbot, clip):
    session, audience, console = open_run(qtbot, clip)
    press(qtbot, console, Qt.Key.Key_B)
    assert audience.kind == "blank" and audience.visible_texts() == []
    assert console.blank_button.isChecked()
    image = audience.grab().toImage()
    assert {
        image.pixelColor(x, y).name() for x in range(0, 1920, 97) for y in range(0, 1080, 61)
    } == {"#000000"}
    press(qtbot, console, Qt.Key.Key_B)
    assert audience.kind == "slide" and session.index == 0
    press(qtbot, console, Qt.Key.Key_Period)  # a clicker's blank button
    assert audience.kind == "blank"
    press(qtbot, console, Qt.Key.Key_Right)  # next returns from blank first, without moving on
    assert audience.kind == "slide" and session.index == 0
    # keys pressed while the wall has focus work too
    qtbot.keyClick(audience, Qt.Key.Key_Right)
    assert session.index == 1


def test_hide_then_reveal_a_prompt_and_show_on_screen(qtbot, clip):
    session, audience, console = open_run(qtbot, clip, plan_id="school-staff")
    first_prompt = next(i for i, s in enumerate(session.steps) if s.kind == "prompt")
    console.go_to(first_prompt)
    assert audience.kind == "logo"  # this plan holds prompts until revealed
    assert session.current.title not in wall_texts(audience)
    press(qtbot, console, Qt.Key.Key_Right)
    assert audience.kind == "prompt" and audience.prompt_text.text() == session.current.title
    assert session.index == first_prompt
    press(qtbot, console, Qt.Key.Key_H)
    assert audience.kind == "logo"
    press(qtbot, console, Qt.Key.Key_H)
    assert audience.kind == "prompt"
    console.prompts.setCurrentRow(console.prompts.count() - 1)
    chosen = console.prompts.currentItem().text()
    qtbot.mouseClick(console.show_prompt_button, Qt.MouseButton.LeftButton)
    assert audience.prompt_text.text() == chosen
    assert chosen in session.prompts_used


def test_tallies_and_chart(qtbot, clip):
    session, audience, console = open_run(qtbot, clip)
    console.go_to(next(i for i, s in enumerate(session.steps) if s.kind == "tally"))
    assert audience.kind == "prompt" and audience.prompt_items.text().split() == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    assert console.tabs.currentWidget() is console.tally_box
    for value, count in ((2, 3), (3, 5), (4, 1)):
        console.tally_spins[value - 1].setValue(count)
    assert audience.kind == "prompt"  # counts are typed before the room sees the chart
    qtbot.mouseClick(console.reveal_chart_button, Qt.MouseButton.LeftButton)
    assert audience.kind == "chart"
    assert audience.chart.series() == [("Before", [0, 3, 5, 1, 0])]
    console.tally_spins[4].setValue(2)  # a late hand: the chart follows
    assert audience.chart.series() == [("Before", [0, 3, 5, 1, 2])]
    console.go_to(max(i for i, s in enumerate(session.steps) if s.kind == "tally"))
    console.set_tally(5, 4)
    press(qtbot, console, Qt.Key.Key_PageDown)
    assert audience.chart.series() == [("Before", [0, 3, 5, 1, 2]), ("After", [0, 0, 0, 0, 4])]
    assert "Before: 1: 0, 2: 3" in audience.chart.accessibleDescription()


def test_typing_notes_does_not_step_and_esc_asks_first(qtbot, clip):
    session, audience, console = open_run(qtbot, clip)
    console.tabs.setCurrentWidget(console.notes_edit)
    console.notes_edit.setFocus()
    qtbot.keyClicks(console.notes_edit, "Good energy b")
    press(qtbot, console.notes_edit, Qt.Key.Key_Right)
    assert session.index == 0 and not session.blanked
    assert session.notes == "Good energy b"
    asked = []
    console._confirm_leave = lambda: asked.append(1) or False
    with qtbot.assertNotEmitted(console.left):
        press(qtbot, console.notes_edit, Qt.Key.Key_Escape)  # the first Esc leaves the note
        assert asked == [] and not console.notes_edit.hasFocus()
        press(qtbot, console, Qt.Key.Key_Escape)
    assert asked == [1]
    console._confirm_leave = lambda: True
    with qtbot.waitSignal(console.left):
        press(qtbot, console, Qt.Key.Key_Escape)


def test_thumbnail_shows_the_wall(qtbot, clip):
    session, audience, console = open_run(qtbot, clip)
    press(qtbot, console, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: not console.thumbnail_pixmap().isNull(), timeout=5000)
    qtbot.waitUntil(
        lambda: console.thumbnail_pixmap().toImage().pixelColor(5, 5).name() == "#000000",
        timeout=5000,
    )
    press(qtbot, console, Qt.Key.Key_B)
    qtbot.waitUntil(
        lambda: console.thumbnail_pixmap().toImage().pixelColor(5, 5).name() == "#0b0b0b",
        timeout=5000,
    )


def test_audience_takes_display_data_only(qtbot):
    audience = AudienceWindow()
    qtbot.addWidget(audience)
    with pytest.raises(TypeError, match="display data only"):
        audience.show_content(kind="slide", title=object())
    with pytest.raises(TypeError):
        audience.show_content(kind="slide", items=["ok", Path("/x")])


def test_no_private_data_reaches_the_wall(qtbot, clip, paths, fast_kdf):
    from app.services.journal import JournalService
    from app.services.profiles import ProfileService

    profiles = ProfileService(paths)
    info, _code = profiles.create(
        "Quentin Zephyrine", "ward-nurse", "Ward 9", "a long and quiet harbour 1987"
    )
    unlocked = profiles.unlock(info.id, "a long and quiet harbour 1987")
    journal = JournalService(paths, unlocked)
    marker = "MARKER-7f3a journal text about bed 12"
    journal.add(
        {"kind": "free", "title": "MARKER-TITLE-55", "answers": {"q": marker}}, status="final"
    )

    session, audience, console = open_run(qtbot, clip)
    secrets = [marker, "MARKER", "Quentin", "Zephyrine", "bed 12"]
    shown = False
    for _ in range(len(session.steps) * 3):
        if session.current.kind == "tally":
            console.set_tally(3, 4)
        if session.current.kind == "prompt" and not shown:
            shown = True
            console.prompts.setCurrentRow(0)
            console.show_selected_prompt()
        texts = wall_texts(audience)
        assert not [t for t in texts for s in secrets if s in t]
        assert not audience.findChildren(QMenuBar) and not audience.findChildren(QMenu)
        frame = audience.grab().toImage()
        if audience.kind in ("slide", "prompt", "chart", "logo", "blank"):
            # nothing (such as a menu bar) along the top: the projector theme's margin is empty
            top = {
                frame.pixelColor(x, y).name()
                for x in range(0, frame.width(), 13)
                for y in range(0, 40, 4)
            }
            assert top <= {"#0b0b0b", "#000000"}
        console.go_next()
    assert session.at_end
    # the wall's window list holds only the wall; no app dialog was parented to it
    assert [w for w in QApplication.topLevelWidgets() if w.parent() is audience] == []

    # notes are saved in the facilitator's journal, sealed
    console.notes_edit.setPlainText("NOTES-9c1d: the room was quiet after the second clip")
    entry = save_to_journal(session, journal)
    raw = b"".join(p.read_bytes() for p in paths.data_dir.glob("casebook.db*"))
    assert b"NOTES-9c1d" not in raw and b"the room was quiet" not in raw
    back = JournalService(paths, unlocked).get(entry.id)
    assert back.payload["kind"] == "group-session"
    assert back.payload["extra"]["notes"].startswith("NOTES-9c1d")
    assert back.payload["extra"]["tallies"][0]["before"] == [0, 0, 4, 0, 0]
    journal.close()


def test_summary_pdf_reads_back(qtbot, clip, tmp_path):
    from pypdf import PdfReader

    from app.models.report.group_summary import group_summary_pdf

    session, audience, console = open_run(qtbot, clip)
    while not session.at_end:
        if session.current.kind == "tally":
            console.set_tally(2 if session.current.phase == "before" else 4, 6)
        console.go_next()
    console.actions_edit.setPlainText("Book a refresher in three months")
    console.notes_edit.setPlainText("private facilitator note")
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(group_summary_pdf(session.record(), facilitator="Facilitator A"))
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Group session summary" in text and session.plan.title in text
    assert "What specific behaviours stood out to you in the video?" in text  # a prompt used
    assert "Average at the start: 2.0 of 5 (6 hands)" in text
    assert "Average at the end: 4.0 of 5 (6 hands)" in text
    assert "Book a refresher in three months" in text
    assert "Hand over what you noticed, not only what was done." in text  # a take-away
    assert "private facilitator note" not in text  # notes only when asked for
