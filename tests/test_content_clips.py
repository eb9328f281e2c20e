"""The bundled demo clips as a viewer gets them: they play through real libvlc, they have a
voice, their captions fit the clip and never run over a pause point, and the committed
captions and manifests are exactly what the generator makes from the dialogue."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.config import bundled_resources
from app.models import captions
from app.services import library
from tests.tools import SETUP_HINT, tools

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def bundled():
    scenarios, problems = library.load_scenarios([bundled_resources()])
    assert problems == []
    assert len(scenarios) >= 5
    return scenarios


def _vlc():
    from app.media.vlc_loader import VlcMissing, load_vlc

    try:
        return load_vlc()
    except VlcMissing:
        pytest.fail(f"libvlc is not installed: {SETUP_HINT}", pytrace=False)


def test_every_bundled_clip_plays_through_libvlc():
    vlc = _vlc()
    instance = vlc.Instance("--vout", "dummy", "--aout", "dummy", "--no-video-title-show")
    try:
        for scenario in bundled():
            player = instance.media_player_new()
            player.set_media(instance.media_new(str(scenario.video)))
            played = threading.Event()
            errors: list[str] = []

            # libvlc calls these on its own thread: only set flags there, never call back in.
            def on_time(event, played=played):
                if event.u.new_time >= 1500:
                    played.set()

            def on_error(event, errors=errors, played=played):
                errors.append("error")
                played.set()

            events = player.event_manager()
            events.event_attach(vlc.EventType.MediaPlayerTimeChanged, on_time)
            events.event_attach(vlc.EventType.MediaPlayerEncounteredError, on_error)
            assert player.play() == 0, scenario.id
            try:
                assert played.wait(20), f"{scenario.id}: playback did not get past 1.5 s"
                assert errors == [], f"{scenario.id}: libvlc reported an error"
                assert player.video_get_size(0) == (640, 360), scenario.id
                assert player.audio_get_track_count() >= 1, scenario.id
                length = player.get_length() / 1000
                assert abs(length - scenario.duration_seconds) < 0.5, scenario.id
            finally:
                events.event_detach(vlc.EventType.MediaPlayerTimeChanged)
                events.event_detach(vlc.EventType.MediaPlayerEncounteredError)
                player.stop()
                player.release()
    finally:
        instance.release()


@tools("ffmpeg")
def test_every_bundled_clip_has_a_voice_track():
    for scenario in bundled():
        result = subprocess.run(
            [
                "ffmpeg",
                "-hide_banner",
                "-nostats",
                "-i",
                str(scenario.video),
                "-vn",
                "-af",
                "volumedetect",
                "-f",
                "null",
                "-",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        mean = float(re.search(r"mean_volume: (-?[\d.]+) dB", result.stderr).group(1))
        peak = float(re.search(r"max_volume: (-?[\d.]+) dB", result.stderr).group(1))
        # Speech with gaps between lines: clearly audible, and not clipped.
        assert -40 < mean < -10, (scenario.id, mean)
        assert -12 < peak <= 0, (scenario.id, peak)


def test_captions_fit_the_clip_and_leave_pause_points_clear():
    for scenario in bundled():
        assert scenario.demo, scenario.id
        assert 45 <= scenario.duration_seconds <= 90, scenario.id
        cues = captions.read(scenario.captions)
        assert len(cues) >= 10, scenario.id
        for before, after in zip(cues, cues[1:], strict=False):
            assert before.end <= after.start + 1e-6, (scenario.id, before, after)
        assert 0 < cues[0].start and cues[-1].end < scenario.duration_seconds, scenario.id
        # Every caption line names its speaker on the first cue of what they say.
        assert re.match(r"^[A-Z][\w .']+: ", cues[0].text), (scenario.id, cues[0].text)
        for pause in scenario.pause_points:
            assert cues[0].start < pause.at_seconds < cues[-1].end, scenario.id
            showing = captions.cue_at(cues, pause.at_seconds)
            assert showing is None, f"{scenario.id}: the pause at {pause.at_seconds} s cuts a line"
    assert any(s.captions.suffix == ".vtt" for s in bundled())
    assert any(s.captions.suffix == ".srt" for s in bundled())


@tools("espeak-ng", "ffmpeg")
def test_committed_captions_and_manifests_are_what_the_script_makes(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    make = importlib.import_module("make_demo_videos")
    try:
        by_id = {s.id: s for s in bundled()}
        for script in make.SCRIPTS:
            scenario = by_id[script.id]
            work = tmp_path / script.id
            work.mkdir()
            spoken, pauses, _total = make.build_timeline(script, work)
            out = work / scenario.captions.name
            make.write_captions(make.caption_cues(script, spoken), out, script.captions_format)
            assert out.read_bytes() == scenario.captions.read_bytes(), script.id
            manifest = work / scenario.manifest.name
            make.write_manifest(
                script,
                scenario.video.name,
                scenario.captions.name,
                scenario.duration_seconds,
                pauses,
                manifest,
            )
            assert manifest.read_bytes() == scenario.manifest.read_bytes(), script.id
    finally:
        for name in ("make_demo_videos", "demo_scripts"):
            sys.modules.pop(name, None)
