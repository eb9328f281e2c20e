"""Content packs in the real window: the shared folder at start, and File > Add content pack…"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services import packs
from tests.pack_fixtures import make


@pytest.fixture
def open_window(qtbot, paths, monkeypatch):
    from app.ui.window.app_window import MainWindow

    made = []

    def build():
        w = MainWindow(paths)
        qtbot.addWidget(w)
        w.show()
        made.append(w)
        return w

    yield build
    for w in made:
        w.close()


def library_ids(window) -> list[str]:
    model = window.place_widget("library").library.model
    return [s.id for s in model.scenarios()]


def test_new_packs_in_the_shared_folder_install_at_start_and_show(
    open_window, qtbot, tmp_path, monkeypatch
):
    share = tmp_path / "share"
    share.mkdir()
    make(tmp_path, name="share/ward.casebook")
    monkeypatch.setenv("CASEBOOK_PACKS", str(share))

    window = open_window()

    qtbot.waitUntil(lambda: "Installed 1 content pack" in window.status.text(), timeout=20000)
    assert window.status.text() == "Installed 1 content pack: Ward scenarios 1.0."
    assert "pk-ward" in window.context.scenarios_by_id()
    assert "pk-ward" in library_ids(window)


def test_an_unreachable_share_is_said_and_the_library_works(
    open_window, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setenv("CASEBOOK_PACKS", str(tmp_path / "unplugged"))
    window = open_window()
    qtbot.waitUntil(lambda: "could not be reached" in window.status.text(), timeout=20000)
    assert "low-mood-inpatient" in library_ids(window)


def test_add_content_pack_asks_before_going_back(open_window, qtbot, paths, tmp_path, monkeypatch):
    monkeypatch.delenv("CASEBOOK_PACKS", raising=False)
    packs.install(paths, make(tmp_path, version="2.0"))
    older = make(tmp_path, version="1.0")
    window = open_window()
    asked = []
    shown = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(older), ""))
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))

    action = next(a for a in window.menuBar().actions()[0].menu().actions() if "pack" in a.text())
    action.trigger()

    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "older than the installed version 2.0" in asked[0]
    assert shown[0].startswith("Went back from 2.0 to")
    assert packs.installed(paths)[0].manifest.version == "1.0"
    assert "pk-ward" in library_ids(window)


def test_a_refused_pack_is_explained(open_window, qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv("CASEBOOK_PACKS", raising=False)
    bad = tmp_path / "bad.casebook"
    bad.write_bytes(b"not a zip")
    window = open_window()
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    window.content_packs.install(bad)
    qtbot.waitUntil(lambda: bool(warned), timeout=20000)
    assert "damaged or not a Casebook content pack" in warned[0]
    assert window.status.text().startswith("Content pack not installed:")


def test_the_window_offers_the_same_pack_files_the_service_makes():
    from app.models.pack import PACK_SUFFIX
    from app.ui.window import content_packs

    assert content_packs.PACK_SUFFIX == PACK_SUFFIX
