"""The library: its item model and filter without a window, then the real view."""

from __future__ import annotations

import pytest
from clips import make_clip, make_library, needs_ffmpeg
from PySide6.QtCore import Qt

pytestmark = needs_ffmpeg


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return make_clip(tmp_path_factory.mktemp("clip") / "clip.mp4", seconds=3)


@pytest.fixture
def content(tmp_path, clip, monkeypatch, paths):
    root = make_library(tmp_path / "org", clip)
    monkeypatch.setenv("CASEBOOK_CONTENT", str(root))
    return root


def _library(paths):
    from app.ui.window.app_window import load_content

    scenarios, problems = load_content(paths)
    org = [s for s in scenarios if s.id in ("t-low-mood", "t-agitation", "t-anxious-pupil")]
    return org, problems


def test_model_and_filter(qtbot, paths, content):
    from app.ui.library.library_model import (
        DurationTextRole,
        LibraryFilter,
        LibraryModel,
        RoleNamesRole,
        WarningRole,
    )

    scenarios, problems = _library(paths)
    assert len(scenarios) == 3
    assert any("broken.toml" in str(p) for p in problems)
    model = LibraryModel()
    model.set_scenarios(scenarios)
    proxy = LibraryFilter()
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 3
    row = next(r for r in range(3) if model.index(r).data() == "Agitation in ED")
    assert model.index(row).data(WarningRole) is True
    assert model.index(row).data(DurationTextRole) == "0:03"
    assert model.index(row).data(RoleNamesRole) == ["Emergency department nurse"]
    proxy.set_role("teacher")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["An anxious pupil"]
    proxy.set_role("")
    proxy.set_topic("depression")
    assert proxy.rowCount() == 1
    proxy.set_topic("")
    proxy.set_setting("emergency department")
    assert proxy.rowCount() == 1
    proxy.set_setting("")
    proxy.set_text("de-escalation")
    assert proxy.rowCount() == 1
    proxy.set_text("nothing like this")
    assert proxy.rowCount() == 0


def test_view_filters_keyboard_and_banner(qtbot, paths, content):
    from app.ui.library.library_view import LibraryView

    scenarios, problems = _library(paths)
    view = LibraryView(paths)
    qtbot.addWidget(view)
    view.set_library(scenarios, problems, load_posters=False)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    assert view.banner.isVisible()
    assert "broken.toml" in view.banner.details.toPlainText()
    qtbot.keyClicks(view.search, "pupil")
    assert view.proxy.rowCount() == 1
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert opened.args[0].id == "t-anxious-pupil"
    view.search.clear()
    view.role_box.setCurrentIndex(view.role_box.findData("ed-nurse"))
    assert view.proxy.rowCount() == 1
    view.role_box.setCurrentIndex(0)
    view.list.setFocus()
    view.list.setCurrentIndex(view.proxy.index(0, 0))
    qtbot.keyClick(view.list, Qt.Key.Key_Down)
    assert view.list.currentIndex().row() == 1
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.keyClick(view.list, Qt.Key.Key_Return)
    assert opened.args[0] is view.proxy.index(1, 0).data(Qt.ItemDataRole.UserRole + 1)
    view.search.setText("zzz")
    assert view.empty.isVisible()


def test_posters_are_taken_and_cached(qtbot, paths, content):
    from app.ui.library.library_model import PosterRole
    from app.ui.library.library_view import LibraryView
    from app.ui.library.posters import poster_cache

    scenarios, _ = _library(paths)
    view = LibraryView(paths)
    qtbot.addWidget(view)
    view.set_library(scenarios, [])
    view.destroyed.connect(view.posters.close)
    qtbot.waitUntil(
        lambda: all(view.model.index(r).data(PosterRole) is not None for r in range(3)),
        timeout=20000,
    )
    thumbs = poster_cache(paths)
    poster = thumbs.cached(scenarios[0])
    assert poster is not None and poster.is_relative_to(paths.cache_dir)
    stamp = poster.stat().st_mtime_ns
    assert thumbs.make(scenarios[0]) == poster
    assert poster.stat().st_mtime_ns == stamp  # served from the cache, not taken again
    image = view.model.index(0).data(PosterRole)
    assert image.width() == 320


def test_a_scenario_whose_captions_are_flawed_is_listed_and_the_banner_says_it_plays(
    qtbot, paths, clip, tmp_path, monkeypatch
):
    """A zero-length cue or a Windows-1252 file used to remove the whole scenario."""
    from app.ui.library.library_view import LibraryView
    from tests.clips import write_scenario

    root = tmp_path / "org"
    write_scenario(
        root,
        "t-captions",
        clip,
        title="Flawed captions",
        roles=["ward-nurse"],
        topics=["low-mood"],
        setting="ward",
        captions="1\n00:00:01,000 --> 00:00:01,000\nNever shows\n\n"
        "2\n00:00:01,500 --> 00:00:02,500\nCaf\xe9\n",
    )
    srt = root / "videos" / "t-captions.srt"
    srt.write_bytes(srt.read_text(encoding="utf-8").encode("cp1252"))
    monkeypatch.setenv("CASEBOOK_CONTENT", str(root))
    from app.ui.window.app_window import load_content

    every, problems = load_content(paths)
    assert "t-captions" in {s.id for s in every}
    view = LibraryView(paths)
    qtbot.addWidget(view)
    view.set_library(every, problems, load_posters=False)
    view.show()
    qtbot.waitExposed(view)
    assert "Every scenario still plays" in view.banner.label.text()
    details = view.banner.details.toPlainText()
    assert "t-captions.srt:1: warning: saved as Windows-1252; read as such" in details
    assert "t-captions.srt:2: warning: this caption starts and ends at the same moment" in details
