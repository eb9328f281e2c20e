"""The rate limiter for libvlc's and ALSA's messages, with a fake clock; what it counts by;
the sound verdict from counted audio output failures; ALSA missing is no crash."""

from __future__ import annotations

import threading

import pytest

from app.media import alsa_log
from app.media.audio import CONFIRM_MS, SoundCheck
from app.media.log_limit import MAX_TEMPLATES, MessageLimiter
from app.media.vlc_log import printf_safe, template_of


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_flood_is_cut_to_the_limit_a_minute_and_the_rest_is_counted():
    clock = FakeClock()
    limiter = MessageLimiter(5, clock=clock)
    # 24 a second for a minute: the rate of ALSA's lines with no sound card.
    answers = []
    for _ in range(60 * 24):
        answers.append(limiter.allow(b"cannot find card '%s'"))
        clock.now += 1 / 24
    let_through = [a for a in answers if a is not None]
    assert answers[:5] == [0, 0, 0, 0, 0]  # the first few at once, nothing dropped yet
    assert answers[5] is None
    # 5 at once, then one every 12 seconds as the bucket refills: 9 or 10 in the minute.
    assert 9 <= len(let_through) <= 10
    # Every line is let through or counted: reported with a later line, or still pending.
    pending = limiter.pending().get(b"cannot find card '%s'", 0)
    assert len(let_through) + sum(let_through) + pending == 60 * 24
    assert all(a > 200 for a in let_through[5:])  # each later one reports the ones it stood for


def test_each_template_has_its_own_allowance():
    clock = FakeClock()
    limiter = MessageLimiter(2, clock=clock)
    assert [limiter.allow("a") for _ in range(4)] == [0, 0, None, None]
    assert limiter.allow("b") == 0  # "a" flooding does not silence "b"
    clock.now += 30  # half a minute: one more "a"
    assert limiter.allow("a") == 2
    assert limiter.allow("a") is None


def test_a_quiet_spell_refills_only_up_to_the_limit():
    clock = FakeClock()
    limiter = MessageLimiter(3, clock=clock)
    for _ in range(3):
        limiter.allow("x")
    clock.now += 3600  # an hour of quiet is not an hour's worth of lines
    assert [limiter.allow("x") for _ in range(5)] == [0, 0, 0, None, None]


def test_pending_reports_what_was_dropped_once():
    clock = FakeClock()
    limiter = MessageLimiter(1, clock=clock)
    for _ in range(4):
        limiter.allow("x")
    limiter.allow("y")
    assert limiter.pending() == {"x": 3}
    assert limiter.pending() == {}


def test_many_templates_do_not_grow_without_bound():
    limiter = MessageLimiter(1, clock=FakeClock())
    for n in range(MAX_TEMPLATES * 3):
        limiter.allow(f"template {n}")
    assert len(limiter._buckets) <= MAX_TEMPLATES


def test_threads_share_one_allowance():
    limiter = MessageLimiter(50, clock=FakeClock())
    allowed = []

    def flood() -> None:
        allowed.extend(a for a in (limiter.allow("t") for _ in range(1000)) if a is not None)

    threads = [threading.Thread(target=flood) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(allowed) == 50


def test_a_limit_below_one_is_refused():
    with pytest.raises(ValueError):
        MessageLimiter(0)


def test_placeholder_only_templates_are_told_apart_by_their_text():
    assert template_of(b"STTS table of %u entries", "STTS table of 3 entries") == (
        b"STTS table of %u entries"
    )
    assert template_of(b"%s", "Audio output failed") == "Audio output failed"
    assert template_of(b"%s: %s", "PulseAudio: refused") == "PulseAudio: refused"


def test_windows_printf_is_not_given_c99_sizes():
    assert printf_safe(b"%s (%d x %d) at %.2f", windows=True)
    for fmt in (b"%zu bytes", b"pts %lld", b"%jd", b"%hhu", b"read %5zu of %s"):
        assert not printf_safe(fmt, windows=True), fmt
        assert printf_safe(fmt, windows=False), fmt  # glibc's printf knows them


def test_sound_fails_when_libvlc_could_not_open_an_output():
    failures = [0]
    check = SoundCheck(failures=lambda: failures[0])
    check.new_clip()
    assert check.update(0, lambda: True) is None
    failures[0] += 3
    assert check.update(250, lambda: True) is False
    assert check.update(2000, lambda: True) is None  # one answer a clip


def test_sound_works_when_a_clip_with_sound_plays_a_second_without_failure():
    failures = [7]  # failures during an earlier clip do not count against this one
    check = SoundCheck(failures=lambda: failures[0])
    check.new_clip()
    assert check.update(5000, lambda: True) is None  # started from a seek: from here
    assert check.update(5000 + CONFIRM_MS - 1, lambda: True) is None
    assert check.update(5000 + CONFIRM_MS, lambda: True) is True


def test_a_clip_without_sound_says_nothing_about_sound():
    check = SoundCheck(failures=lambda: 0)
    check.new_clip()
    check.update(0, lambda: False)
    assert check.update(CONFIRM_MS * 3, lambda: False) is None


def test_no_libasound_is_no_crash(monkeypatch):
    monkeypatch.setattr(alsa_log, "_handler", None)
    assert alsa_log.route_alsa_errors("libasound-not-on-this-computer.so.9") is False
    assert alsa_log._handler is None
