"""The sound controls when the computer has no sound, and the player's verdict through real
libvlc (offscreen: libvlc's silent output, with libvlc's failure message counted in as the
edge where a real computer without sound would give it)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible

from app.media import vlc_log
from app.media.audio import NO_SOUND
from app.media.player import MediaPlayer
from app.ui.player.player_controls import PlayerControls
from tests.player_fixtures import clip_folder, tone_clip


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    return clip_folder(tmp_path_factory)


@pytest.fixture
def controls(qtbot):
    c = PlayerControls()
    qtbot.addWidget(c)
    c.resize(1100, 80)
    c.show()
    qtbot.waitExposed(c)
    return c


def _said(widget) -> tuple[str, str]:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name), iface.text(QAccessible.Text.Description)


def test_no_sound_turns_the_sound_controls_off_and_says_why(controls):
    assert controls.no_sound.isHidden() and controls.sound_available()
    controls.set_sound_available(False)
    assert controls.no_sound.isVisible()
    assert controls.no_sound.text() == NO_SOUND
    assert not controls.volume.isEnabled() and controls.volume.isVisible()
    assert not controls.mute.isEnabled() and not controls.mute.isVisible()  # the notice instead
    assert _said(controls.volume) == ("Volume", NO_SOUND)
    name, description = _said(controls.no_sound)
    assert name == NO_SOUND and "Captions still show" in description
    assert not controls.sound_available()

    controls.set_sound_available(True)  # speakers plugged in, the next clip had sound
    assert controls.no_sound.isHidden()
    assert controls.volume.isEnabled() and controls.mute.isEnabled() and controls.mute.isVisible()
    assert _said(controls.volume) == ("Volume", "")
    assert controls.sound_available()


def test_a_keyboard_user_meets_the_no_sound_notice(qtbot, controls):
    controls.set_sound_available(False)
    controls.speed.setFocus()
    qtbot.waitUntil(controls.speed.hasFocus)
    reached = []
    for _ in range(12):
        qtbot.keyClick(controls.focusWidget(), Qt.Key.Key_Tab)
        reached.append(controls.focusWidget())
    # The disabled sound controls are skipped; the notice, between them and captions, is not.
    assert controls.no_sound in reached
    assert reached.index(controls.no_sound) < reached.index(controls.captions)
    assert controls.volume not in reached and controls.mute not in reached


@pytest.mark.tools("ffmpeg")
def test_the_player_goes_quiet_on_failure_and_hears_again_on_the_next_clip(qtbot, clips):
    player = MediaPlayer(renderer="frames")
    verdicts = []
    player.sound_available_changed.connect(verdicts.append)
    try:
        clip = tone_clip(clips, 5.0)
        assert player.load(clip)
        player.play()
        qtbot.waitUntil(lambda: player.state() == "playing", timeout=10000)
        vlc_log._count_audio_failure()  # what libvlc's "failed to create audio output" does
        qtbot.waitUntil(lambda: verdicts == [False], timeout=5000)
        assert not player.sound_available()
        # libvlc would retry the output dozens of times a second: the clip's sound is off.
        qtbot.waitUntil(lambda: player._player.audio_get_track() == -1, timeout=1000)
        assert player.state() == "playing"  # still playing, silently (an ended clip has -1 too)
        qtbot.waitUntil(lambda: player.state() == "ended", timeout=15000)

        player.play()  # watched again: the output is tried afresh, and quietened again
        qtbot.waitUntil(lambda: player._player.audio_get_track() != -1, timeout=5000)
        vlc_log._count_audio_failure()
        qtbot.waitUntil(lambda: player._player.audio_get_track() == -1, timeout=1000)
        assert player.state() == "playing" and verdicts == [False]
        player.stop()

        assert player.load(clip)  # the next clip: this time the output opens
        player.play()
        qtbot.waitUntil(lambda: verdicts == [False, True], timeout=10000)
        assert player.sound_available()
        assert player._player.audio_get_track() != -1
    finally:
        player.release()


def test_the_scenario_editor_also_says_when_there_is_no_sound(qtbot):
    """The editor's timeline shares the player's controls, so it shares the notice too."""
    from app.ui.editor.timeline_panel import TimelinePanel

    panel = TimelinePanel()
    qtbot.addWidget(panel)
    panel.player.sound_available_changed.emit(False)
    assert not panel.controls.sound_available()
    assert not panel.controls.volume.isEnabled()
    panel.player.sound_available_changed.emit(True)
    assert panel.controls.sound_available()
