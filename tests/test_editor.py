"""The scenario editor, driven through its widgets with a real clip: metadata with live problems,
two pause points at the playhead, captions with an offset and a fixed cue, questions for two
roles; saved as TOML into the content folder; the learner's library lists it with its pause
points and questions; a pack made from it installs on a second, empty home."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from app.config import Paths
from app.models import pack as packfmt
from app.services import library, packs
from app.services.prompts import compose_for
from tests.clips import make_clip, needs_ffmpeg

SRT = """1
00:00:00,200 --> 00:00:01,500
Hello, I'm Sam.

2
00:00:01,500 --> 00:00:03,000
I haven't been sleeping well.
"""


@pytest.fixture
def paths(home, monkeypatch):
    monkeypatch.delenv("CASEBOOK_PACKS", raising=False)
    return Paths.resolve(home).ensure()


@pytest.fixture
def editor(qtbot, paths):
    from app.ui.editor.editor_view import ScenarioEditor

    view = ScenarioEditor(paths, lambda: library.load_library(paths).scenarios, renderer="frames")
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    qtbot.waitExposed(view)
    yield view
    view.shutdown()


def choose_files(monkeypatch, *files: Path) -> None:
    queue = [str(f) for f in files]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (queue.pop(0), ""))


def seek_to(qtbot, editor, seconds: float) -> None:
    player = editor.timeline.player
    player.seek(int(seconds * 1000))
    qtbot.waitUntil(lambda: abs(player.position() - seconds * 1000) < 60, timeout=10000)


def add_pause(qtbot, editor, seconds: float, question: str) -> None:
    seek_to(qtbot, editor, seconds)
    editor.timeline.pause_list.setFocus()
    qtbot.keyClick(editor.timeline.pause_list, Qt.Key.Key_P)
    qtbot.keyClicks(editor.timeline.label, question)


def visible_problem(editor, field: str) -> str:
    label = editor.form.problems[field]
    return label.text() if label.isVisible() else ""


@needs_ffmpeg
def test_build_save_list_and_ship_a_scenario(qtbot, editor, paths, tmp_path, monkeypatch):
    clip = make_clip(tmp_path / "clips" / "night_handover.mp4", seconds=4.0)
    captions = tmp_path / "clips" / "night.srt"
    captions.write_text(SRT, encoding="utf-8")
    choose_files(monkeypatch, clip, captions)

    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.duration > 0, timeout=20000)
    assert editor.duration == pytest.approx(4.0, abs=0.2)
    assert editor.form.title.text() == "Night handover"  # proposed from the file name

    form = editor.form
    form.title.selectAll()
    qtbot.keyClicks(form.title, "Handover at night")
    assert form.id.text() == "handover-at-night"
    # Live problems beside the fields, in words, before anything is saved.
    qtbot.waitUntil(lambda: "summary is empty" in visible_problem(editor, "summary").lower())
    assert not editor.save_button.isEnabled()
    qtbot.keyClicks(form.summary, "A nurse hands over a patient who has been unsettled.")
    qtbot.keyClicks(form.setting.lineEdit(), "inpatient ward")
    for role in ("ward-nurse", "mh-practitioner"):
        form.roles[role].setFocus()
        qtbot.keyClick(form.roles[role], Qt.Key.Key_Space)
    assert editor.questions.role.count() == 2
    qtbot.keyClicks(form.topics, "handover, Low Mood")
    qtbot.waitUntil(lambda: "low mood" in visible_problem(editor, "topics").lower())
    form.topics.clear()
    qtbot.keyClicks(form.topics, "handover, low-mood")
    qtbot.keyClicks(form.objectives, "Hand over what matters for the night.")
    qtbot.keyClicks(form.warnings, "Talk of low mood.")

    # Two pause points at the playhead, one nudged by +0.1 s and +1 s.
    add_pause(qtbot, editor, 1.0, "What have you noticed so far?")
    add_pause(qtbot, editor, 2.0, "What would you say next?")
    timeline = editor.timeline
    assert timeline.pause_list.currentRow() == 1
    qtbot.mouseClick(timeline.nudge_buttons[2], Qt.MouseButton.LeftButton)  # +0.1 s
    qtbot.mouseClick(timeline.nudge_buttons[3], Qt.MouseButton.LeftButton)  # +1 s
    assert [(p.at, p.label) for p in timeline.pauses()] == [
        (1.0, "What have you noticed so far?"),
        (3.1, "What would you say next?"),
    ]

    # Captions: attach, shift by half a second, fix a cue's words.
    editor.tabs.setCurrentWidget(editor.captions)
    qtbot.mouseClick(editor.captions.attach, Qt.MouseButton.LeftButton)
    assert editor.captions.table.rowCount() == 2
    editor.captions.offset.setValue(0.5)
    assert editor.captions.table.item(0, 0).text() == "0:00.70"
    editor.captions.table.item(1, 2).setText("I haven't slept well for a week.")
    # In sync over the picture, with the offset and the fixed words.
    seek_to(qtbot, editor, 2.5)
    qtbot.waitUntil(
        lambda: editor.timeline.video.caption() == "I haven't slept well for a week.", timeout=5000
    )

    # A question for each of the two roles, one a choice.
    editor.tabs.setCurrentWidget(editor.questions)
    panel = editor.questions
    panel.role.setCurrentIndex(panel.role.findData("ward-nurse"))
    qtbot.keyClicks(panel.text, "What would you hand over first?")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    panel.role.setCurrentIndex(panel.role.findData("mh-practitioner"))
    panel.kind.setCurrentIndex(panel.kind.findData("choice"))
    qtbot.keyClicks(panel.text, "Who would you involve tonight?")
    qtbot.keyClicks(panel.options, "The liaison team; Nobody yet")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert panel.list.count() == 2

    # Preview as a ward nurse: the composed form a learner sees, with this role's question only.
    panel.preview_role.setCurrentIndex(panel.preview_role.findData("ward-nurse"))
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    dialog = editor.findChild(QDialog)
    assert dialog is not None and dialog.isVisible()
    shown = dialog.question_texts()
    assert "What would you hand over first?" in shown
    assert "Who would you involve tonight?" not in shown
    assert any("stood out" in text.lower() for text in shown)  # the core questions come too
    dialog.reject()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    editor.questions.list.setFocus()

    qtbot.waitUntil(lambda: editor.save_button.isEnabled(), timeout=5000)
    assert editor.validate() == {}
    qtbot.keyClick(editor.questions.list, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.status.text().startswith("Saved"), timeout=20000)
    assert not editor.dirty

    # Plain TOML in the organisation content folder, never in the bundled library.
    folder = paths.content_folder()
    manifest = folder / "videos" / "handover-at-night.toml"
    data = tomllib.loads(manifest.read_text(encoding="utf-8"))["scenario"]
    assert data["video"] == "handover-at-night.mp4"
    assert (folder / "videos" / "handover-at-night.mp4").read_bytes() == clip.read_bytes()
    saved_srt = (folder / "videos" / "handover-at-night.srt").read_text(encoding="utf-8")
    assert "00:00:00,700 --> 00:00:02,000" in saved_srt
    assert "I haven't slept well for a week." in saved_srt
    assert not (paths.resources / "videos" / "handover-at-night.toml").exists()
    assert library.check([folder]) == []

    # The learner's library lists it with its pause points; each role gets its question.
    scenario = library.load_library(paths).get("handover-at-night")
    assert scenario is not None
    assert [(p.at_seconds, p.label) for p in scenario.pause_points] == [
        (1.0, "What have you noticed so far?"),
        (3.1, "What would you say next?"),
    ]
    assert scenario.roles == ("ward-nurse", "mh-practitioner")
    nurse = [q.text for s in compose_for(paths, "ward-nurse", scenario.id).sections
             for q in s.questions]  # fmt: skip
    mh = [q for s in compose_for(paths, "mh-practitioner", scenario.id).sections
          for q in s.questions]  # fmt: skip
    assert "What would you hand over first?" in nurse
    assert "Who would you involve tonight?" not in nurse
    choice = next(q for q in mh if q.text == "Who would you involve tonight?")
    assert choice.kind == "choice" and list(choice.options) == ["The liaison team", "Nobody yet"]

    # The learner's player stops at the first pause point and asks its question.
    from app.ui.player.player_view import PlayerView

    player = PlayerView(renderer="frames")
    qtbot.addWidget(player)
    player.show()
    player.open(scenario)
    qtbot.mouseClick(player.gate.continue_button, Qt.MouseButton.LeftButton)  # its warning
    qtbot.waitUntil(lambda: player.paused_at() == scenario.pause_points[0], timeout=10000)
    assert player.pause_label.text() == "What have you noticed so far?"
    player.player.release()

    # Reopening shows exactly what was saved.
    from app.ui.editor.editor_view import ScenarioEditor

    again = ScenarioEditor(paths, lambda: library.load_library(paths).scenarios, renderer="frames")
    qtbot.addWidget(again)
    again.open_saved(manifest)
    assert again.form.title.text() == "Handover at night"
    assert [(p.at, p.label) for p in again.timeline.pauses()] == [
        (1.0, "What have you noticed so far?"),
        (3.1, "What would you say next?"),
    ]
    assert again.captions.table.item(0, 0).text() == "0:00.70"
    assert again.questions.list.count() == 2
    assert again.validate() == {}
    again.shutdown()

    # A pack made from the content folder installs on a second, empty home.
    out = tmp_path / "night.casebook"
    packs.make_pack(folder, out, pack_id="night-ward", title="Night", version="1", publisher="NS")
    second = Paths.resolve(tmp_path / "second-home").ensure()
    packs.install(second, out)
    shipped = library.load_library(second).get("handover-at-night")
    assert shipped is not None
    assert shipped.pause_points == scenario.pause_points
    assert shipped.manifest.is_relative_to(second.installed_packs_dir)
    assert packfmt.MANIFEST_NAME in {
        p.name for p in (second.installed_packs_dir / "night-ward").iterdir()
    }


def test_the_editor_never_saves_into_the_bundled_library(paths, monkeypatch):
    from app.errors import CasebookError
    from app.models.scenario_draft import ScenarioDraft
    from app.services import authoring

    monkeypatch.setenv("CASEBOOK_CONTENT", str(paths.resources))
    with pytest.raises(CasebookError, match="bundled library"):
        authoring.save_scenario(paths, ScenarioDraft(id="x"), paths.resources / "videos" / "x.mp4")


def test_unsaved_work_is_offered_back_after_the_editor_closes(qtbot, paths):
    """A content lead types, the PC is shut down (the editor closes): the next editor offers
    the work back, exactly as it was; discarding it forgets it."""
    from app.models.scenario_draft import DraftPause
    from app.ui.editor.editor_view import ScenarioEditor

    clip = paths.resources / "videos" / "low-mood-inpatient.mp4"
    first = ScenarioEditor(paths, lambda: [], renderer="frames")
    qtbot.addWidget(first)
    first.set_clip(clip)
    first.form.title.setText("Handover at night")
    qtbot.keyClicks(first.form.summary, "Half written")
    first.timeline.set_pauses([DraftPause(2.5, "What next?")])
    first.shutdown()

    second = ScenarioEditor(paths, lambda: [], renderer="frames")
    qtbot.addWidget(second)
    assert not second.unsaved_banner.isHidden()
    assert "Handover at night" in second.unsaved_label.text()
    assert not second.new_button.isEnabled()
    qtbot.mouseClick(second.restore_button, Qt.MouseButton.LeftButton)
    assert second.form.title.text() == "Handover at night"
    assert second.form.summary.toPlainText() == "Half written"
    assert [(p.at, p.label) for p in second.timeline.pauses()] == [(2.5, "What next?")]
    assert second.clip == clip and second.new_button.isEnabled()
    second.shutdown()

    third = ScenarioEditor(paths, lambda: [], renderer="frames")
    qtbot.addWidget(third)
    qtbot.mouseClick(third.discard_button, Qt.MouseButton.LeftButton)
    third.shutdown()
    fourth = ScenarioEditor(paths, lambda: [], renderer="frames")
    qtbot.addWidget(fourth)
    assert fourth.unsaved_banner.isHidden()
    fourth.shutdown()


def test_typing_a_p_in_a_pause_question_types_it(qtbot, paths):
    """P adds a pause point from the clip and its list, but in a text field it is just a p."""
    from app.ui.editor.editor_view import ScenarioEditor

    editor = ScenarioEditor(paths, lambda: [], renderer="frames")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    editor.timeline.pause_list.setFocus()
    qtbot.keyClick(editor.timeline.pause_list, Qt.Key.Key_P)
    assert len(editor.timeline.pauses()) == 1
    qtbot.keyClicks(editor.timeline.label, "Did the patient sleep?")
    assert [p.label for p in editor.timeline.pauses()] == ["Did the patient sleep?"]
    editor.shutdown()


def test_drag_a_pause_point_along_the_clip(qtbot, paths):
    from app.models.scenario_draft import DraftPause
    from app.ui.editor.editor_view import ScenarioEditor

    editor = ScenarioEditor(paths, lambda: [], renderer="frames")
    qtbot.addWidget(editor)
    editor.resize(1200, 760)
    editor.show()
    qtbot.waitExposed(editor)
    editor.set_clip(paths.resources / "videos" / "low-mood-inpatient.mp4")
    qtbot.waitUntil(lambda: editor.duration > 0, timeout=20000)
    timeline = editor.timeline
    timeline.set_pauses([DraftPause(10.0, "First"), DraftPause(20.0, "Second")])
    strip = timeline.strip
    start = QPoint(round(strip.x_of(10.0)), strip.height() // 2)
    end = QPoint(round(strip.x_of(30.0)), strip.height() // 2)

    qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(strip, pos=end)
    qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=end)

    moved = timeline.pauses()
    assert [p.label for p in moved] == ["Second", "First"]  # it passed the other one
    assert moved[1].at == pytest.approx(30.0, abs=0.3)
    assert timeline.pause_list.currentRow() == 1  # still the one being dragged
    editor.shutdown()
