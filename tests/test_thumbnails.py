"""The poster cache (Qt-free) and the background poster queue of the library view."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest

from app.models.content import Scenario
from app.services.library import load_scenarios
from app.services.thumbnails import Thumbnails, poster_time
from app.ui.library.posters import PosterQueue, poster_cache


@pytest.fixture
def scenario(paths, tmp_path) -> Scenario:
    scenarios, problems = load_scenarios(paths)
    assert not problems and scenarios
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"not really a clip")
    return replace(scenarios[0], video=clip, duration_seconds=40)


def test_a_poster_is_written_once_then_served_from_the_cache(paths, scenario):
    calls: list[tuple[Path, float, int]] = []

    def take(video: Path, at: float, width: int, target: Path) -> bool:
        calls.append((video, at, width))
        target.write_bytes(b"png")
        return True

    thumbs = Thumbnails(paths, take)
    poster = thumbs.make(scenario)
    assert poster is not None and poster == thumbs.cached(scenario)
    assert poster.read_bytes() == b"png"
    assert calls == [(scenario.video, poster_time(scenario), 320)]
    assert poster_time(scenario) == 12.0  # 30% in, past any title card
    assert thumbs.make(scenario) == poster and len(calls) == 1  # cached: not taken again
    assert [p.name for p in thumbs.folder.iterdir()] == [poster.name]  # no temporary left


def test_no_picture_or_a_broken_clip_leaves_no_poster_and_no_temporary_file(paths, scenario):
    def nothing(video: Path, at: float, width: int, target: Path) -> bool:
        target.write_bytes(b"half")  # even a half-written file must not be kept
        return False

    def broken(video: Path, at: float, width: int, target: Path) -> bool:
        raise RuntimeError("the decoder gave up")

    for take in (nothing, broken):
        thumbs = Thumbnails(paths, take)
        assert thumbs.make(scenario) is None
        assert thumbs.cached(scenario) is None
        # Only the mark that this version of the clip gave no poster: no temporary, no PNG.
        assert [p.suffix for p in thumbs.folder.iterdir()] == [".none"]
        for mark in thumbs.folder.iterdir():
            mark.unlink()


def test_a_clip_that_gave_no_poster_is_not_tried_again_until_it_changes(paths, scenario):
    """A bad clip used to cost its 10-second timeout at every start of the library."""
    tries: list[Path] = []

    def take(video: Path, at: float, width: int, target: Path) -> bool:
        tries.append(video)
        if video.read_bytes().startswith(b"fixed"):
            target.write_bytes(b"png")
            return True
        return False

    thumbs = Thumbnails(paths, take)
    assert thumbs.make(scenario) is None and thumbs.failed(scenario)
    assert not thumbs.wanted(scenario)
    assert Thumbnails(paths, take).make(scenario) is None  # a later start: remembered
    queue = PosterQueue(Thumbnails(paths, take))
    assert queue.request([scenario]) == 0  # nothing queued for it
    queue.close()
    assert len(tries) == 1
    scenario.video.write_bytes(b"fixed: copied again from the source")
    assert thumbs.wanted(scenario)
    assert thumbs.make(scenario) is not None and len(tries) == 2
    assert [p.suffix for p in thumbs.folder.iterdir()] == [".png"]  # the old mark is gone


def test_a_new_version_of_a_clip_replaces_its_old_poster(paths, scenario):
    def take(video: Path, at: float, width: int, target: Path) -> bool:
        target.write_bytes(video.read_bytes())
        return True

    thumbs = Thumbnails(paths, take)
    first = thumbs.make(scenario)
    scenario.video.write_bytes(b"an edited clip, longer")
    second = thumbs.make(scenario)
    assert first is not None and second is not None and first != second
    assert not first.exists() and second.read_bytes() == b"an edited clip, longer"


def test_closing_with_posters_still_queued_returns(qapp, paths):
    scenarios, problems = load_scenarios(paths)
    assert not problems and len(scenarios) >= 3
    queue = PosterQueue(poster_cache(paths))
    assert queue.request(scenarios) == len(scenarios)  # a cold cache: all are queued
    closer = threading.Thread(target=queue.close, daemon=True)
    closer.start()
    closer.join(timeout=30)
    assert not closer.is_alive(), "closing the poster queue hung"
    assert not queue.busy()


def test_a_clip_s_length_is_measured_once_per_version_of_the_clip(paths, scenario):
    from app.services.thumbnails import shown_length

    measured: list[Path] = []

    def measure(video: Path) -> float:
        measured.append(video)
        if video.read_bytes().startswith(b"broken"):
            raise RuntimeError("no length")
        return 5.0

    thumbs = Thumbnails(paths, lambda *a: False, measure=measure)
    assert thumbs.wants_length(scenario) and thumbs.length(scenario) is None
    assert thumbs.measure_length(scenario) == 5.0
    assert Thumbnails(paths, lambda *a: False, measure=measure).length(scenario) == 5.0
    assert not thumbs.wants_length(scenario) and len(measured) == 1
    assert shown_length(scenario, 5.0) == 5.0  # the manifest says 40 s: the clip wins
    assert shown_length(replace(scenario, duration_seconds=5.4), 5.0) == 5.4  # rounding: kept
    scenario.video.write_bytes(b"broken copy")
    assert thumbs.wants_length(scenario)  # a new version of the clip is measured again
    assert thumbs.measure_length(scenario) is None and not thumbs.wants_length(scenario)
