"""Real clips of the kinds organisations bring, played through libvlc with frame callbacks
(the renderer of Wayland, VNC and offscreen runs): picture, rotation, captions, posters."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.media.poster import grab_poster, has_picture
from app.ui.library.library_model import ScenarioRole
from app.ui.player.player_view import PlayerView
from tests.player_fixtures import scenario_for

PLAYABLE = ["ward.mp4", "phone-rotated.mp4", "hevc.mp4", "vp9.webm", "slides.wmv", "subtitled.mkv"]


@pytest.fixture
def view(qtbot):
    v = PlayerView(renderer="frames")
    qtbot.addWidget(v)
    v.resize(1100, 700)
    v.show()
    qtbot.waitExposed(v)
    yield v
    v.player.release()


def _red(c: QColor) -> bool:
    return c.red() > 180 and c.blue() < 80


def _blue(c: QColor) -> bool:
    return c.blue() > 180 and c.red() < 80


@pytest.mark.parametrize("name", PLAYABLE)
def test_each_playable_format_shows_frames_and_reaches_its_end(qtbot, view, real_world, name):
    clip = real_world["clips"][name]
    reflected = []
    view.reflect_requested.connect(lambda s, m: reflected.append(s))
    began = time.perf_counter()
    view.open(scenario_for(clip, duration=3.0))
    qtbot.waitUntil(view.video.has_frame, timeout=10000)
    print(f"\n{name}: first frame after {time.perf_counter() - began:.3f} s")
    qtbot.waitUntil(lambda: bool(reflected), timeout=15000)
    assert view.video.message() == ""


def test_a_phone_clip_is_shown_upright_in_the_player_and_its_poster(qtbot, view, real_world):
    """Coded 320x180 with rotate=90: upright it is portrait, the red third at the bottom
    (where ffmpeg's own auto-rotation puts it too)."""
    clip = real_world["clips"]["phone-rotated.mp4"]
    view.open(scenario_for(clip, duration=2.0))
    qtbot.waitUntil(view.video.has_frame, timeout=10000)
    frame = view.video.image()
    assert frame.height() > frame.width()  # portrait, not squeezed sideways
    w, h = frame.width(), frame.height()
    assert _blue(frame.pixelColor(w // 2, h // 8)) and _red(frame.pixelColor(w // 2, h * 7 // 8))
    poster = grab_poster(clip, 0.5, width=160)
    assert poster is not None and poster.height() > poster.width()
    assert _red(poster.pixelColor(80, poster.height() * 7 // 8))


def test_a_clip_that_opens_on_black_gets_a_poster_with_a_picture(qapp, real_world):
    """The WMV starts with a second of black, where the poster time falls."""
    poster = grab_poster(real_world["clips"]["slides.wmv"], 0.6)
    assert poster is not None and has_picture(poster)


def test_top_placed_and_overlapping_captions_are_all_drawn(qtbot, view, real_world, tmp_path):
    clip = real_world["clips"]["ward.mp4"]
    view.open(scenario_for(clip, captions=real_world["captions"]["tags.srt"]))
    qtbot.waitUntil(lambda: len(view.video.captions()) == 2, timeout=10000)
    view.player.pause()
    assert view.video.captions() == [
        ("Monitor beeping", "top"),  # {\an8}: at the top; <font> is styling, not words
        ("Nurse: Breathe with me", "bottom"),  # overlaps it: both show
    ]
    shot = view.video.grab().toImage()
    shot.save(str(tmp_path / "captions.png"))
    picture = view.video.picture_rect()
    # The caption boxes are dark bands across the middle of the picture, top and bottom.
    x = picture.center().x()
    top_rows = range(picture.top(), picture.top() + 60)
    low_rows = range(picture.bottom() - 60, picture.bottom())
    top = [shot.pixelColor(x, y).lightness() for y in top_rows]
    low = [shot.pixelColor(x, y).lightness() for y in low_rows]
    assert min(top) < 60 and min(low) < 60


def test_an_mkv_s_own_subtitle_track_can_be_switched_on_and_off(qtbot, view, real_world):
    clip = real_world["clips"]["subtitled.mkv"]
    view.open(scenario_for(clip))  # no captions file: the clip carries its own
    qtbot.waitUntil(lambda: view.player.subtitle_tracks() != [], timeout=10000)
    (track, name), *_ = view.player.subtitle_tracks()
    assert "English" in name
    assert view.controls.captions.isEnabled() and view.controls.captions.isChecked()
    qtbot.waitUntil(lambda: view.player.subtitle_track() == track, timeout=5000)
    qtbot.mouseClick(view.controls.captions, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.player.subtitle_track() == -1, timeout=5000)
    qtbot.mouseClick(view.controls.captions, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.player.subtitle_track() == track, timeout=5000)


def test_a_poster_is_taken_even_when_the_manifest_says_the_clip_is_longer(qapp, real_world):
    """duration = 300 on a 3 s clip puts the poster time (20 s) past the real end."""
    poster = grab_poster(real_world["clips"]["ward.mp4"], 20.0)
    assert poster is not None and has_picture(poster)


@pytest.mark.parametrize("name", ["dead.mp4", "voice-only.m4a", "truncated.mp4"])
def test_a_clip_without_a_picture_gives_no_poster_and_no_error(qapp, real_world, name):
    poster = grab_poster(real_world["clips"][name], 4.0)
    assert poster is None or has_picture(poster)  # the truncated clip's start has a picture


def test_the_library_shows_a_clip_s_real_length_not_the_manifest_s(qtbot, paths, real_world):
    """duration = 300 on a 3 s clip showed "5:00" in the library."""
    from dataclasses import replace

    from app.ui.library.library_model import DurationTextRole
    from app.ui.library.library_view import LibraryView

    clip = real_world["clips"]["ward.mp4"]
    wrong = replace(scenario_for(clip), id="too-long", duration_seconds=300.0)
    right = replace(scenario_for(clip), id="about-right", duration_seconds=3.4)
    view = LibraryView(paths)
    qtbot.addWidget(view)
    view.set_library([wrong, right], [], load_posters=False)
    shown = {
        view.model.index(r).data(ScenarioRole).id: view.model.index(r).data(DurationTextRole)
        for r in range(2)
    }
    assert shown == {"too-long": "5:00", "about-right": "0:03"}
    view.posters.load([wrong, right])  # in the background, as the library does
    qtbot.waitUntil(lambda: view.model.index(0).data(DurationTextRole) == "0:03", timeout=15000)
    assert view.model.index(0).data(ScenarioRole).duration_seconds == pytest.approx(3.0, abs=0.1)
    assert view.model.index(1).data(ScenarioRole).duration_seconds == 3.4  # close enough: kept
    view.posters.close()
    # Next time the library opens, the length is known at once, from the cache.
    again = LibraryView(paths)
    qtbot.addWidget(again)
    again.set_library([wrong], [], load_posters=True)
    assert again.model.index(0).data(DurationTextRole) == "0:03"
    again.posters.close()
