"""The player page with real libvlc (frame callbacks, offscreen): gate, markers, pause points."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.models.content import PausePoint
from app.ui.player.player_controls import SPEEDS, clock, step_speed
from app.ui.player.player_view import PlayerView
from app.ui.player.shortcuts_dialog import SHORTCUTS, ShortcutsDialog
from tests.player_fixtures import captions_for, clip_folder, scenario_for, tone_clip


@pytest.fixture(scope="session")
def clips(tmp_path_factory):
    return clip_folder(tmp_path_factory)


@pytest.fixture
def view(qtbot):
    v = PlayerView(renderer="frames")
    qtbot.addWidget(v)
    v.resize(1366, 768)
    v.show()
    qtbot.waitExposed(v)
    v.activateWindow()
    yield v
    v.player.release()


def _playing(view):
    return view.player.state() == "playing"


def test_content_warning_gate_then_continue(qtbot, view, clips):
    sc = scenario_for(tone_clip(clips, 3.0), warnings=("self-harm is talked about",))
    view.open(sc)
    assert view.pages.currentWidget() is view.gate
    assert "self-harm is talked about" in view.gate.text.text()
    assert view.player.state() == "idle"  # nothing plays before the person chooses
    qtbot.mouseClick(view.gate.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(view.video.has_frame, timeout=10000)
    assert view.pages.currentWidget() is view.watching


def test_content_warning_gate_choose_another(qtbot, view, clips):
    view.open(scenario_for(tone_clip(clips, 3.0), warnings=("distress",)))
    with qtbot.waitSignal(view.back_requested):
        qtbot.mouseClick(view.gate.back_button, Qt.MouseButton.LeftButton)
    assert view.player.state() == "idle"


def test_no_warning_plays_at_once_and_hands_over_at_the_end(qtbot, view, clips):
    sc = scenario_for(tone_clip(clips, 1.0), duration=1.0)
    got = []
    view.reflect_requested.connect(lambda s, m: got.append((s, m)))
    view.open(sc)
    qtbot.waitUntil(view.video.has_frame, timeout=10000)
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    with qtbot.assertNotEmitted(view.reflect_requested, wait=300):
        pass
    assert got == [(sc, [])]
    assert view.controls.total.text() == "0:01"


def test_mark_a_moment_type_a_note_enter_carries_on(qtbot, view, clips):
    view.open(scenario_for(tone_clip(clips, 4.0), duration=4.0))
    qtbot.waitUntil(lambda: _playing(view) and view.player.position() > 300, timeout=10000)
    view.video.setFocus()
    qtbot.keyClick(view.video, Qt.Key.Key_K)
    assert len(view.markers()) == 1 and view.note.hasFocus()
    qtbot.keyClicks(view.note, "She looks away")
    qtbot.waitUntil(lambda: view.player.state() == "paused", timeout=5000)
    qtbot.keyClick(view.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _playing(view), timeout=5000)
    [marker] = view.markers()
    assert marker["note"] == "She looks away" and 0.2 <= marker["at"] <= 4.0
    assert "She looks away" in view.marker_list.item(0).text()
    # Typing with no marker first marks the moment it started.
    view.note.setFocus()
    qtbot.keyClicks(view.note, "x")
    qtbot.keyClick(view.note, Qt.Key.Key_Return)
    assert [m["note"] for m in view.markers()] == ["She looks away", "x"]
    # The list is plain data: changing the copy does not change the page.
    view.markers()[0]["note"] = "changed"
    assert view.markers()[0]["note"] == "She looks away"


def test_choosing_a_marker_seeks_there(qtbot, view, clips):
    view.open(scenario_for(tone_clip(clips, 4.0), duration=4.0))
    qtbot.waitUntil(lambda: _playing(view) and view.player.position() > 2500, timeout=10000)
    view.mark()
    view.note.setFocus()
    qtbot.keyClick(view.note, Qt.Key.Key_Return)
    at = view.markers()[0]["at"] * 1000
    view.seek(0)
    view.player.pause()
    qtbot.waitUntil(lambda: view.player.position() < 1500, timeout=5000)
    item = view.marker_list.item(0)
    rect = view.marker_list.visualItemRect(item)
    qtbot.mouseClick(view.marker_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: abs(view.player.position() - at) < 400, timeout=5000)


def test_pause_point_pauses_and_shows_its_label(qtbot, view, clips):
    point = PausePoint(1.0, "What do you notice about her sleep?")
    view.open(scenario_for(tone_clip(clips, 3.0), pauses=(point,)))
    qtbot.waitUntil(lambda: view.paused_at() == point, timeout=10000)
    qtbot.waitUntil(lambda: view.player.state() == "paused", timeout=5000)
    assert view.pause_box.isVisible() and view.pause_label.text() == point.label
    assert 900 <= view.player.position() <= 1800
    qtbot.mouseClick(view.pause_continue, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _playing(view), timeout=5000)
    assert not view.pause_box.isVisible()
    qtbot.waitUntil(lambda: view.player.position() > 1900, timeout=5000)
    assert view.paused_at() is None  # the point had its turn and does not come back


def test_ready_to_reflect_button(qtbot, view, clips):
    sc = scenario_for(tone_clip(clips, 4.0), duration=4.0)
    view.open(sc)
    qtbot.waitUntil(lambda: _playing(view), timeout=10000)
    view.mark()
    view.note.setText("not yet entered")
    with qtbot.waitSignal(view.reflect_requested) as sig:  # Alt+R, from the keyboard
        qtbot.keyClick(view, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert sig.args[0] is sc and sig.args[1][0]["note"] == "not yet entered"
    qtbot.waitUntil(lambda: view.player.state() == "paused", timeout=5000)


def test_captions_drawn_over_frames_and_toggled(qtbot, view, clips):
    clip = tone_clip(clips, 4.0)
    view.open(scenario_for(clip, captions=captions_for(clip), duration=4.0))
    qtbot.waitUntil(lambda: view.video.caption() == "I have not slept for days.", timeout=10000)
    assert view.controls.captions.isEnabled() and view.controls.captions.isChecked()
    view.video.setFocus()
    qtbot.keyClick(view.video, Qt.Key.Key_C)
    assert not view.player.captions_enabled() and view.video.caption() == ""
    qtbot.keyClick(view.video, Qt.Key.Key_C)
    assert view.player.captions_enabled()
    qtbot.waitUntil(lambda: view.video.caption() != "", timeout=5000)


def test_broken_captions_say_so_and_play_on(qtbot, view, clips, tmp_path):
    broken = tmp_path / "broken.srt"
    broken.write_text("1\nnot a time at all\nHello\n", encoding="utf-8")
    view.open(scenario_for(tone_clip(clips, 3.0), captions=broken))
    assert "captions" in view.notice.text() and not view.notice.isHidden()
    qtbot.waitUntil(view.video.has_frame, timeout=10000)
    assert not view.controls.captions.isEnabled()


def test_missing_captions_say_so_and_play_on(qtbot, view, clips, tmp_path):
    view.open(scenario_for(tone_clip(clips, 3.0), captions=tmp_path / "gone.srt"))
    assert "without captions" in view.notice.text()
    qtbot.waitUntil(view.video.has_frame, timeout=10000)


def test_missing_and_unreadable_video_say_what_to_do(qtbot, view, tmp_path):
    view.open(scenario_for(tmp_path / "gone.mp4"))
    assert "missing" in view.video.message() and "choose another" in view.video.message()
    fake = tmp_path / "fake.mp4"
    fake.write_text("not a video\n" * 100)
    view.open(scenario_for(fake))
    qtbot.waitUntil(lambda: "could not be played" in view.video.message(), timeout=10000)
    with qtbot.waitSignal(view.back_requested):
        qtbot.mouseClick(view.back, Qt.MouseButton.LeftButton)


def test_keys_speed_volume_mute_jump(qtbot, view, clips):
    view.open(scenario_for(tone_clip(clips, 4.0), duration=4.0))
    qtbot.waitUntil(lambda: _playing(view), timeout=10000)
    view.video.setFocus()
    qtbot.keyClick(view.video, Qt.Key.Key_BracketRight)
    assert view.player.rate() == 1.25 and view.controls.speed.currentData() == 1.25
    qtbot.keyClick(view.video, Qt.Key.Key_BracketLeft)
    qtbot.keyClick(view.video, Qt.Key.Key_BracketLeft)
    assert view.player.rate() == 0.75
    qtbot.keyClick(view.video, Qt.Key.Key_Equal)
    assert view.player.rate() == 1.0
    qtbot.keyClick(view.video, Qt.Key.Key_M)
    assert view.player.is_muted() and view.controls.mute.isChecked()
    volume = view.player.volume()
    qtbot.keyClick(view.video, Qt.Key.Key_Down)
    assert view.player.volume() == volume - 10 and view.controls.volume.value() == volume - 10
    qtbot.keyClick(view.video, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: view.player.state() == "paused", timeout=5000)
    view.seek(3000)
    qtbot.waitUntil(lambda: view.player.position() >= 2900, timeout=5000)
    qtbot.keyClick(view.video, Qt.Key.Key_Left)
    assert view.player.position() == 0  # back 5 s stops at the start
    qtbot.keyClick(view.video, Qt.Key.Key_Right)
    # Forward 5 s from the start of a 4 s clip stops just before the end.
    qtbot.waitUntil(lambda: view.player.position() >= 3800, timeout=5000)
    assert view.player.position() < view.player.duration()


def test_space_on_a_button_presses_the_button(qtbot, view, clips):
    view.open(scenario_for(tone_clip(clips, 4.0), duration=4.0))
    qtbot.waitUntil(lambda: _playing(view), timeout=10000)
    view.mark_button.setFocus()
    qtbot.keyClick(view.mark_button, Qt.Key.Key_Space)
    assert len(view.markers()) == 1
    assert view.player.state() == "playing"


def test_seek_bar_seeks(qtbot, view, clips):
    view.open(scenario_for(tone_clip(clips, 4.0), duration=4.0))
    qtbot.waitUntil(lambda: _playing(view), timeout=10000)
    view.player.pause()
    view.controls.seek.setValue(3000)  # a click or key on the bar
    qtbot.waitUntil(lambda: view.player.position() >= 2900, timeout=5000)
    assert view.controls.elapsed.text() == "0:03"


def test_shortcuts_dialog_lists_every_action(qtbot):
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    texts = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert texts == [s.text for s in SHORTCUTS]
    keys = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "Space" in keys[0] and all(keys)


def test_the_keys_list_fits_without_scrolling_and_the_clip_waits_while_it_is_open(
    qtbot, view, clips
):
    view.open(scenario_for(tone_clip(clips, 3.0)))
    qtbot.waitUntil(lambda: _playing(view), timeout=10000)
    dialog = view.show_shortcuts()
    qtbot.waitExposed(dialog)
    # not talking on behind the list (libvlc confirms the pause a moment later)
    qtbot.waitUntil(lambda: view.player.state() == "paused", timeout=5000)
    assert not dialog.table.verticalScrollBar().isVisible()  # every key in view at once
    dialog.reject()
    qtbot.waitUntil(lambda: _playing(view), timeout=10000)  # and on again where it was


def test_clock_and_speed_steps():
    assert clock(0) == "0:00" and clock(61_500) == "1:01" and clock(3_600_000) == "1:00:00"
    assert step_speed(1.0, 1) == 1.25 and step_speed(2.0, 1) == 2.0 and step_speed(0.5, -1) == 0.5
    assert step_speed(1.1, 0) == 1.0 and SPEEDS[0] == 0.5 and SPEEDS[-1] == 2.0


def test_volume_slider_stays_usable_beside_the_video_on_a_ward_pc(qtbot):
    from app.ui.player.player_controls import PlayerControls

    controls = PlayerControls()
    qtbot.addWidget(controls)
    controls.resize(873, 60)  # the width the controls get in a 1366x768 window
    controls.show()
    qtbot.waitExposed(controls)
    assert controls.volume.width() >= controls.fontMetrics().averageCharWidth() * 8
    assert all(b.width() >= b.fontMetrics().horizontalAdvance(b.text()) for b in controls.jumps)


def test_a_marked_moment_reads_the_same_while_watching_and_reflecting():
    from app.ui.player.player_view import marker_label as watching
    from app.ui.reflection.question_widgets import marker_label as reflecting

    marker = {"at": 2.6, "note": "eyes down"}  # the playhead read 0:02 when it was marked
    assert watching(marker).startswith("0:02")
    assert reflecting(marker).startswith("0:02")


@pytest.mark.parametrize(
    ("clip", "duration", "words"),
    [
        ("truncated.mp4", 5.0, "stopped at 0:0"),
        ("voice-only.m4a", 3.0, "has sound but no picture"),
    ],
)
def test_a_clip_cut_short_or_without_picture_says_so_and_does_not_open_the_reflection(
    qtbot, view, real_world, clip, duration, words
):
    """A truncated download used to play a second, jump to "ended" and open the reflection."""
    reflected = []
    view.reflect_requested.connect(lambda s, m: reflected.append(s))
    view.open(scenario_for(real_world["clips"][clip], duration=duration))
    qtbot.waitUntil(lambda: view.video.message() != "", timeout=15000)
    assert words in view.video.message()
    assert "casebook content check" in view.video.message()
    assert view.player.state() == "error"
    qtbot.wait(300)  # any late "ended" from libvlc has arrived by now
    assert reflected == []
    assert view.back.hasFocus()
