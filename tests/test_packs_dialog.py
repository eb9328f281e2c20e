"""File > Content packs… in the real window: the installed packs listed as the command line lists
them, Remove after a confirmation, going back to the kept version after a confirmation, and Add
from the same dialog; each calls the packs service and the library follows."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.models import pack as packfmt
from app.services import packs
from app.ui.window.packs_dialog import installed_when
from tests.pack_fixtures import make
from tests.test_packs_window import library_ids


@pytest.fixture
def window(qtbot, paths, monkeypatch):
    from app.ui.window.app_window import MainWindow

    monkeypatch.delenv("CASEBOOK_PACKS", raising=False)
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


def open_dialog(window):
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "Content &packs…")
    action.trigger()
    from app.ui.window.packs_dialog import PacksDialog

    return window.findChild(PacksDialog)


def rows(dialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.topLevelItem(r).text(c) for c in range(table.columnCount())]
        for r in range(table.topLevelItemCount())
    ]


def answer(monkeypatch, button):
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or button
    )
    return asked


def test_the_dialog_lists_what_the_command_line_lists(window, qtbot, paths, tmp_path):
    key = packfmt.new_private_key()
    packs.install(paths, make(tmp_path, version="1.0", key=key))
    packs.install(paths, make(tmp_path, version="1.1", key=key))
    packs.install(paths, make(tmp_path, pack_id="school-pack", sid="pk-school", version="3"))
    dialog = open_dialog(window())

    listed = {p["id"]: p for p in (x.as_json() for x in packs.installed(paths))}
    shown = {row[0]: row for row in rows(dialog)}
    assert sorted(shown) == sorted(listed) == ["northshire-ward", "school-pack"]
    ward = shown["northshire-ward"]
    assert ward[1:4] == ["Ward scenarios", "1.1", "Northshire NHS Trust"]
    assert ward[4] == "Signed, key " + listed["northshire-ward"]["signed_by"]
    assert ward[6] == "1.0"  # kept to go back to
    assert shown["school-pack"][4] == "Not signed"
    assert shown["school-pack"][6] == "none"
    when = shown["school-pack"][5]
    assert re.fullmatch(r"\d\d [A-Z][a-z]{2} \d{4}, \d\d:\d\d", when)  # not ISO text
    assert when == installed_when(listed["school-pack"]["installed_at"])
    assert dialog.remove_button.isEnabled()
    assert dialog.table.accessibleName() and dialog.remove_button.accessibleName()


def test_remove_asks_first_then_removes_and_the_library_follows(
    window, qtbot, paths, tmp_path, monkeypatch
):
    packs.install(paths, make(tmp_path))
    w = window()
    assert "pk-ward" in library_ids(w)
    dialog = open_dialog(w)

    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "Remove “Ward scenarios” (northshire-ward) 1.0" in asked[0]
    assert dialog.status.text() == "Kept northshire-ward."
    assert [p.manifest.id for p in packs.installed(paths)] == ["northshire-ward"]

    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Removed"), timeout=10000)
    assert dialog.status.text() == "Removed northshire-ward 1.0."
    assert packs.installed(paths) == []
    assert rows(dialog) == [] and not dialog.empty.isHidden()
    assert "pk-ward" not in library_ids(w)
    assert not dialog.remove_button.isEnabled()


def test_going_back_to_the_kept_version_asks_first(window, qtbot, paths, tmp_path, monkeypatch):
    packs.install(paths, make(tmp_path, version="1.0", title="Old title"))
    packs.install(paths, make(tmp_path, version="2.0", title="New title"))
    w = window()
    dialog = open_dialog(w)
    assert dialog.rollback_button.text() == "&Go back to version 1.0…"

    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.mouseClick(dialog.rollback_button, Qt.MouseButton.LeftButton)
    assert "Go back from version 2.0 of “Ward scenarios” to version 1.0" in asked[0]
    assert packs.installed(paths)[0].manifest.version == "2.0"

    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.rollback_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "back at version" in dialog.status.text(), timeout=10000)
    assert dialog.status.text() == "northshire-ward is back at version 1.0."
    assert rows(dialog)[0][2] == "1.0" and rows(dialog)[0][6] == "2.0"  # and forward again
    titles = {s.id: s.title for s in w.place_widget("library").library.model.scenarios()}
    assert titles["pk-ward"] == "Old title"


def test_add_from_the_dialog_installs_and_lists_it(window, qtbot, paths, tmp_path, monkeypatch):
    pack_file = make(tmp_path)
    dialog = open_dialog(window())
    assert rows(dialog) == [] and not dialog.empty.isHidden()
    assert not dialog.rollback_button.isEnabled()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pack_file), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.topLevelItemCount() == 1, timeout=20000)
    assert rows(dialog)[0][:3] == ["northshire-ward", "Ward scenarios", "1.0"]


def test_a_failed_removal_is_said_and_changes_nothing(window, qtbot, paths, tmp_path, monkeypatch):
    """Another window removed the pack first: the dialog says so in words and lists what is."""
    packs.install(paths, make(tmp_path))
    dialog = open_dialog(window())
    packs.remove(paths, "northshire-ward")  # as `casebook content remove` in a terminal
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Nothing changed"), timeout=10000)
    assert 'no pack "northshire-ward" is installed' in dialog.status.text()
    assert rows(dialog) == []
