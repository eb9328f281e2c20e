"""MediaPlayer through real libvlc with the frame-callback renderer (offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from app.media.frames import fit_size
from app.media.player import CAPTIONS, MISSING, NO_VLC, UNSUPPORTED, MediaPlayer
from tests.player_fixtures import captions_for, clip_folder, split_clip, tone_clip


@pytest.fixture(scope="session")
def clips(tmp_path_factory):
    return clip_folder(tmp_path_factory)


@pytest.fixture
def player(qtbot):
    p = MediaPlayer(renderer="frames")
    yield p
    p.release()


def _close(color: int, expected: str) -> bool:
    got, want = QColor.fromRgb(color), QColor(expected)
    return all(abs(a - b) <= 24 for a, b in zip(got.getRgb()[:3], want.getRgb()[:3], strict=True))


def test_frames_keep_the_clip_layout(qtbot, player, clips):
    # A wrong chroma or pitch squeezes the picture into a strip; colours at known places catch it.
    frames = []
    player.frame_ready.connect(frames.append)
    assert player.load(split_clip(clips))
    player.play()
    qtbot.waitUntil(lambda: len(frames) >= 3, timeout=10000)
    image = frames[-1]
    assert (image.width(), image.height()) == (320, 240)
    for x, y in ((5, 5), (80, 120), (150, 235)):
        assert _close(image.pixel(x, y), "red"), (x, y, hex(image.pixel(x, y)))
    for x, y in ((170, 5), (240, 120), (315, 235)):
        assert _close(image.pixel(x, y), "blue"), (x, y, hex(image.pixel(x, y)))


def test_a_new_load_never_shows_the_previous_clip(qtbot, player, clips):
    seen = []
    player.frame_ready.connect(lambda image: seen.append(image.size().toTuple()))
    player.load(split_clip(clips))
    player.play()
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=10000)
    player.load(tone_clip(clips, 1.0, size="160x120"))
    seen.clear()
    with qtbot.waitSignal(player.first_frame, timeout=10000):
        player.play()
    assert seen[0] == (160, 120), seen[:5]


def test_plays_to_the_end_once(qtbot, player, clips):
    ended, positions, states = [], [], []
    player.ended.connect(lambda: ended.append(1))
    player.position_changed.connect(positions.append)
    player.state_changed.connect(states.append)
    with qtbot.waitSignal(player.first_frame, timeout=10000):
        assert player.load(tone_clip(clips, 1.0))
        player.play()
    qtbot.waitUntil(lambda: player.duration() > 0, timeout=5000)
    assert 900 <= player.duration() <= 1200
    qtbot.waitUntil(lambda: bool(ended), timeout=10000)
    with qtbot.assertNotEmitted(player.ended, wait=300):  # no stray second end
        pass
    assert ended == [1]
    assert player.state() == "ended"
    assert "playing" in states and states[-1] == "ended"
    assert max(positions) >= 500
    assert player.frames_delivered() > 5


def test_replay_after_the_end_ends_again(qtbot, player, clips):
    ended = []
    player.ended.connect(lambda: ended.append(1))
    player.load(tone_clip(clips, 1.0))
    player.play()
    qtbot.waitUntil(lambda: len(ended) == 1, timeout=10000)
    player.play()
    qtbot.waitUntil(lambda: len(ended) == 2, timeout=10000)


def test_seek_rate_volume_and_captions(qtbot, player, clips):
    clip = tone_clip(clips, 3.0)
    player.load(clip, captions_for(clip))
    assert player.captions_path() == clip.with_suffix(".srt")
    with qtbot.waitSignal(player.first_frame, timeout=10000):
        player.play()
    player.pause()
    qtbot.waitUntil(lambda: player.state() == "paused", timeout=5000)
    player.seek(2000)
    qtbot.waitUntil(lambda: player.position() >= 1900, timeout=5000)
    player.jump(-1500)
    assert 300 <= player.position() <= 700
    with qtbot.waitSignal(player.rate_changed) as rate:
        player.set_rate(5)
    assert rate.args == [2.0] and player.rate() == 2.0
    player.set_rate(0.1)
    assert player.rate() == 0.5
    player.set_volume(140)
    player.set_muted(True)
    assert player.volume() == 100 and player.is_muted()
    with qtbot.waitSignal(player.captions_changed) as caps:
        player.set_captions(False)
    assert caps.args == [False] and not player.captions_enabled()


def test_seek_before_playing_is_applied_once_running(qtbot, player, clips):
    player.load(tone_clip(clips, 3.0))
    player.seek(2000)
    positions = []
    player.position_changed.connect(positions.append)
    player.play()
    qtbot.waitUntil(lambda: player.state() == "playing", timeout=10000)
    # position() says 2000 from the seek on; libvlc's own reports show where playback is.
    qtbot.waitUntil(lambda: bool(positions) and positions[-1] >= 2300, timeout=5000)
    assert min(positions) >= 1900, positions  # it started at the seek, not from the beginning


def test_missing_file(qtbot, player, tmp_path):
    with qtbot.waitSignal(player.error) as err:
        assert not player.load(tmp_path / "gone.mp4")
    kind, message = err.args
    assert kind == MISSING and "gone.mp4" in message and "choose another" in message
    assert player.state() == "error"


@pytest.mark.parametrize("content", [b"", b"This is not a video, only some words.\n" * 50])
def test_text_renamed_to_mp4(qtbot, player, tmp_path, content):
    fake = tmp_path / "fake.mp4"
    fake.write_bytes(content)
    with qtbot.waitSignal(player.error, timeout=10000) as err:
        if player.load(fake):
            player.play()
    assert err.args[0] == UNSUPPORTED and "fake.mp4" in err.args[1]
    assert player.state() == "error"


def test_missing_captions_still_plays(qtbot, player, clips, tmp_path):
    with qtbot.waitSignal(player.error) as err:
        assert player.load(tone_clip(clips, 1.0), tmp_path / "gone.srt")
    assert err.args[0] == CAPTIONS and "without captions" in err.args[1]
    with qtbot.waitSignal(player.first_frame, timeout=10000):
        player.play()


def test_without_libvlc_says_what_to_install(qtbot, clips, monkeypatch):
    monkeypatch.setenv("CASEBOOK_NO_VLC", "1")
    monkeypatch.setattr("app.media.vlc_loader._vlc", None)
    monkeypatch.setattr("app.media.vlc_loader._error", None)
    monkeypatch.setattr("app.media.vlc_loader._instance", None)
    p = MediaPlayer(renderer="frames")
    with qtbot.waitSignal(p.error) as err:
        assert not p.load(tone_clip(clips, 1.0))
    assert err.args[0] == NO_VLC and "VLC 3" in err.args[1] and "install" in err.args[1].lower()
    p.release()


def test_fit_size_keeps_shape_and_even_numbers():
    assert fit_size(320, 240) == (320, 240)
    assert fit_size(1920, 1080) == (1280, 720)
    w, h = fit_size(1001, 3001)
    assert h <= 720 and w % 2 == 0 and h % 2 == 0
    assert fit_size(0, 0) == (640, 360)


@pytest.mark.parametrize("size", ["640x360", "1000x562"])
def test_frames_and_posters_keep_the_real_shape(qtbot, player, clips, size):
    # H.264 rounds the coded size up to whole blocks (360 lines arrive as 368); the picture
    # must still come out at its real proportions.
    from app.media.poster import grab_poster

    w, h = map(int, size.split("x"))
    clip = tone_clip(clips, 1.0, size=size)
    with qtbot.waitSignal(player.frame_ready, timeout=10000) as frame:
        player.load(clip)
        player.play()
    assert frame.args[0].size().toTuple() == (w, h)
    poster = grab_poster(clip, 0.2, width=320)
    assert poster is not None
    assert (poster.width(), poster.height()) == (320, round(320 * h / w))


def test_hardware_decoding_is_a_setting_on_by_default(paths, monkeypatch):
    from app.config import Settings
    from app.media import vlc_loader

    monkeypatch.delenv(vlc_loader.HW_ENV, raising=False)
    assert vlc_loader.decoding_args() == ["--avcodec-hw=any"]
    settings = Settings.load(paths)
    settings.hardware_decoding = False
    settings.save(paths)
    assert vlc_loader.decoding_args() == ["--avcodec-hw=none"]
    monkeypatch.setenv(vlc_loader.HW_ENV, "1")  # IT can override it for one PC
    assert vlc_loader.decoding_args() == ["--avcodec-hw=any"]
