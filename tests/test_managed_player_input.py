"""libvlc's own mouse and key handling is turned off, so clicks and keys reach our window."""

from __future__ import annotations

import pytest

from app.media.player import MediaPlayer
from app.media.vlc_loader import load_vlc
from tests.player_fixtures import clip_folder, tone_clip


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    return clip_folder(tmp_path_factory)


def test_native_player_gives_mouse_and_keys_to_our_window(qtbot, clips, monkeypatch):
    vlc = load_vlc()
    calls: list[tuple[str, object]] = []
    real_mouse = vlc.MediaPlayer.video_set_mouse_input
    real_keys = vlc.MediaPlayer.video_set_key_input

    def mouse(self, on):
        calls.append(("mouse", on))
        return real_mouse(self, on)  # still reaches the real libvlc

    def keys(self, on):
        calls.append(("keys", on))
        return real_keys(self, on)

    monkeypatch.setattr(vlc.MediaPlayer, "video_set_mouse_input", mouse)
    monkeypatch.setattr(vlc.MediaPlayer, "video_set_key_input", keys)
    player = MediaPlayer(renderer="native")
    try:
        assert player.load(tone_clip(clips, 1.0))
        assert ("mouse", False) in calls
        assert ("keys", False) in calls
        assert all(on is False for _, on in calls)
    finally:
        player.release()
