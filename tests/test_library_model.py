"""The library's item model and filter without any window, and the poster cache."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from clips import make_clip, needs_ffmpeg
from PySide6.QtCore import Qt

from app.models.content import Scenario


def _scenario(sid: str, **kw) -> Scenario:
    base = dict(
        id=sid,
        title=sid.replace("-", " ").title(),
        summary=f"About {sid}.",
        video=Path(f"/nowhere/{sid}.mp4"),
        duration_seconds=75,
        captions=None,
        roles=("ward-nurse",),
        topics=("low-mood",),
        setting="inpatient ward",
        level="introductory",
        learning_objectives=("Notice how the person presents",),
    )
    base.update(kw)
    return Scenario(**base)


SCENARIOS = [
    _scenario(
        "quiet-bay", topics=("low-mood", "depression"), content_warnings=("self-harm",), demo=True
    ),
    _scenario(
        "waiting-area",
        roles=("ed-nurse", "mh-practitioner"),
        topics=("agitation", "de-escalation"),
        setting="emergency department",
    ),
    _scenario(
        "science-lab",
        roles=("teacher", "school-support"),
        topics=("anxiety",),
        setting="secondary school",
        summary="Maya avoids her science lesson.",
    ),
]


@pytest.fixture
def proxy(qapp):
    from app.ui.library.library_model import LibraryFilter, LibraryModel

    model = LibraryModel()
    model.set_scenarios(SCENARIOS)
    proxy = LibraryFilter()
    proxy.setSourceModel(model)
    return proxy


def _ids(proxy) -> list[str]:
    return [proxy.scenario_at(r).id for r in range(proxy.rowCount())]


def test_roles_give_what_the_cards_show(qapp):
    from app.ui.library.library_model import (
        DemoRole,
        DurationTextRole,
        LibraryModel,
        RoleNamesRole,
        ScenarioRole,
        TopicsTextRole,
        WarningRole,
    )

    model = LibraryModel()
    model.set_scenarios(SCENARIOS)
    first = model.index(0)
    assert model.rowCount() == 3
    assert first.data() == "Quiet Bay"
    assert first.data(ScenarioRole) is SCENARIOS[0]
    assert first.data(DurationTextRole) == "1:15"
    assert first.data(TopicsTextRole) == "low mood, depression"
    assert first.data(RoleNamesRole) == ["Ward nurse"]
    assert first.data(WarningRole) is True and first.data(DemoRole) is True
    assert model.index(1).data(TopicsTextRole) == "agitation, de-escalation"
    assert model.index(1).data(WarningRole) is False
    spoken = first.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "content warning" in spoken and "demo" in spoken and "1:15" in spoken


def test_filters_by_role_topic_setting_and_words(proxy):
    assert _ids(proxy) == ["quiet-bay", "waiting-area", "science-lab"]
    proxy.set_role("mh-practitioner")
    assert _ids(proxy) == ["waiting-area"]
    proxy.set_role("")
    proxy.set_topic("anxiety")
    assert _ids(proxy) == ["science-lab"]
    proxy.set_topic("")
    proxy.set_setting("inpatient ward")
    assert _ids(proxy) == ["quiet-bay"]
    proxy.set_setting("")
    # Words match titles, summaries, readable topics and role names, in any case and order.
    proxy.set_text("SCIENCE maya")
    assert _ids(proxy) == ["science-lab"]
    proxy.set_text("low mood")
    assert _ids(proxy) == ["quiet-bay"]
    proxy.set_text("emergency nurse")
    assert _ids(proxy) == ["waiting-area"]
    # Filters combine.
    proxy.set_text("nurse")
    proxy.set_role("ward-nurse")
    assert _ids(proxy) == ["quiet-bay"]
    proxy.set_topic("anxiety")
    assert _ids(proxy) == []


def test_a_poster_arriving_updates_only_its_row(qapp, qtbot):
    from PySide6.QtGui import QImage

    from app.ui.library.library_model import LibraryModel, PosterRole

    model = LibraryModel()
    model.set_scenarios(SCENARIOS)
    assert model.index(1).data(PosterRole) is None
    image = QImage(32, 18, QImage.Format.Format_RGB32)
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.set_poster("waiting-area", image)
    assert changed.args[0].row() == changed.args[1].row() == 1
    assert model.index(1).data(PosterRole) == image


def test_a_kind_word_when_nothing_suits_the_role(qtbot, paths):
    from app.ui.library.library_view import LibraryView

    view = LibraryView(paths)
    qtbot.addWidget(view)
    view.set_library(SCENARIOS, [], load_posters=False)
    view.set_person_role("teacher")
    assert view.proxy.rowCount() == 1 and "your role (Teacher)" in view.role_note.text()
    view.set_person_role("facilitator")  # no scenario is written for facilitators here
    assert view.proxy.rowCount() == 3  # everything, rather than an empty list
    assert not view.role_note.isHidden()
    assert "no scenarios written for your role (Facilitator)" in view.role_note.text()
    view.set_person_role("")
    assert view.role_note.isHidden() and view.proxy.rowCount() == 3


# ------------------------------------------------------------------------ posters


def _never(*_args) -> bool:
    raise AssertionError("no poster should be taken here")


def test_no_poster_for_a_missing_clip(paths):
    from app.ui.library.posters import poster_cache

    thumbs = poster_cache(paths)
    assert thumbs.path_for(SCENARIOS[0]) is None  # the clip is not there
    assert thumbs.make(SCENARIOS[0]) is None


@needs_ffmpeg
def test_no_poster_and_no_error_without_vlc(paths, monkeypatch, tmp_path):
    from app.media import vlc_loader
    from app.ui.library.posters import poster_cache

    clip = make_clip(tmp_path / "clip.mp4", seconds=1)
    monkeypatch.setattr(vlc_loader, "_vlc", None)
    monkeypatch.setattr(vlc_loader, "_error", "disabled for this test")
    assert poster_cache(paths).make(replace(SCENARIOS[0], video=clip)) is None
    assert not list(paths.cache_dir.glob("posters/*.png"))  # the library draws a placeholder


def test_the_cache_key_follows_the_clip(paths, tmp_path):
    import os

    from app.services.thumbnails import Thumbnails

    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"one")
    scenario = replace(SCENARIOS[0], video=clip)
    thumbs = Thumbnails(paths, take=_never)
    first = thumbs.path_for(scenario)
    assert first.parent == paths.cache_dir / "posters"
    clip.write_bytes(b"two, longer")
    os.utime(clip, ns=(1, 2))
    assert thumbs.path_for(scenario) != first  # an edited clip gets a new poster


@needs_ffmpeg
def test_posters_are_made_off_the_gui_thread_and_kept(qtbot, paths, tmp_path):
    import threading

    from app.ui.library.posters import PosterQueue, poster_cache

    clip = make_clip(tmp_path / "clip.mp4", seconds=2)
    scenario = replace(SCENARIOS[1], video=clip, duration_seconds=2)
    thumbs = poster_cache(paths)
    queue = PosterQueue(thumbs)
    made_on: list[str] = []
    original = thumbs.make

    def spy(s):
        made_on.append(threading.current_thread().name)
        return original(s)

    thumbs.make = spy
    try:
        with qtbot.waitSignal(queue.ready, timeout=20000) as ready:
            assert queue.request([scenario]) == 1
    finally:
        queue.close()
    assert ready.args[0] == "waiting-area"
    poster = Path(ready.args[1])
    assert poster.is_file() and poster.is_relative_to(paths.cache_dir)
    assert made_on and made_on[0] != threading.main_thread().name
    # Already cached: nothing is queued the second time.
    again = PosterQueue(thumbs)
    assert again.request([scenario]) == 0
    again.close()
