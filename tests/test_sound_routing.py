"""libvlc's messages reach the log through the callback, formatted with their arguments (libc's
vsnprintf given libvlc's own va_list), and stop when the callback is unset."""

from __future__ import annotations

import logging
import time

import pytest

from app.media import vlc_log
from app.media.log_limit import MessageLimiter
from app.media.vlc_loader import load_vlc, new_instance


@pytest.fixture
def fresh_limiter(monkeypatch):
    # Other tests in this process may have used up this minute's allowance for a template;
    # and a clock that stands still keeps the count from depending on how fast libvlc is.
    limiter = MessageLimiter(vlc_log.PER_MINUTE, clock=lambda: 0.0)
    monkeypatch.setattr(vlc_log, "_limiter", limiter)
    return limiter


def _open_missing(instance, path) -> None:
    player = instance.media_player_new()
    player.set_media(instance.media_new_path(str(path)))
    player.play()
    done = (load_vlc().State.Error, load_vlc().State.Ended)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and player.get_state() not in done:
        time.sleep(0.05)
    player.stop()
    player.release()


def _vlc_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "casebook.vlc"]


def test_messages_are_formatted_with_their_arguments_and_stop_when_unset(
    tmp_path, caplog, fresh_limiter
):
    caplog.set_level(logging.INFO)
    instance = new_instance(headless_audio=True)
    assert instance in vlc_log._routed
    try:
        missing = tmp_path / "no-such-clip-4711.mp4"
        _open_missing(instance, missing)
        lines = [r for r in _vlc_lines(caplog) if str(missing) in r.getMessage()]
        # libvlc's error "cannot open file %s (%s)", filled in: the path and the reason.
        assert any(
            r.levelno == logging.WARNING
            and r.getMessage()
            == f"filesystem: cannot open file {missing} (No such file or directory)"
            for r in lines
        ), [r.getMessage() for r in _vlc_lines(caplog)]

        vlc_log.stop_routing(instance)
        assert instance not in vlc_log._routed
        caplog.clear()
        _open_missing(instance, tmp_path / "another-missing-clip.mp4")
        assert _vlc_lines(caplog) == []  # unset: libvlc keeps its messages to itself again
    finally:
        vlc_log.stop_routing(instance)
        instance.release()


def test_unsetting_reports_what_was_dropped(tmp_path, caplog, fresh_limiter, monkeypatch):
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(vlc_log, "_routed", [])  # as if this were the process's only instance
    instance = new_instance(headless_audio=True)
    try:
        for n in range(vlc_log.PER_MINUTE + 3):
            _open_missing(instance, tmp_path / f"missing-{n}.mp4")
        opened = [r for r in _vlc_lines(caplog) if "cannot open file" in r.getMessage()]
        assert len(opened) == vlc_log.PER_MINUTE
        caplog.clear()
        vlc_log.stop_routing(instance)  # the last instance routed: the counts are written out
        said = [r.getMessage() for r in _vlc_lines(caplog)]
        assert "3 similar messages suppressed: cannot open file %s (%s)" in said, said
    finally:
        vlc_log.stop_routing(instance)
        instance.release()
