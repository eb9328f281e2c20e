"""Save dialogs start in the person's Documents folder (on managed PCs often their network
home), not the home folder; every save dialog goes through one helper."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from app.ui.shared import dialogs
from tests import test_export_dialog as dialog_tests

APP = Path(__file__).resolve().parent.parent / "app"

session = dialog_tests.session
dialog = dialog_tests.dialog


@pytest.fixture
def documents(tmp_path, monkeypatch):
    folder = tmp_path / "Documents"
    folder.mkdir()
    real = QStandardPaths.writableLocation

    def location(kind):
        if kind == QStandardPaths.StandardLocation.DocumentsLocation:
            return str(folder)
        return real(kind)

    monkeypatch.setattr(QStandardPaths, "writableLocation", location)
    return folder


@pytest.fixture
def asked(monkeypatch):
    """The file dialog, cancelled, remembering where it was opened."""
    starts: list[str] = []

    def save(parent, caption, start, file_filter):
        starts.append(start)
        return "", ""

    def folder(parent, caption, start):
        starts.append(start)
        return ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", folder)
    return starts


def test_export_dialog_starts_in_documents(qtbot, dialog, documents, asked):
    assert not dialog.choose_and_export()  # cancelled
    assert len(asked) == 1
    start = Path(asked[0])
    assert start.parent == documents and start.name.startswith("reflections-")


def test_documents_missing_falls_back_to_home(qtbot, tmp_path, monkeypatch, asked):
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda kind: str(tmp_path / "gone"))
    assert dialogs.documents_folder() == Path.home()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda kind: "")
    assert dialogs.documents_folder() == Path.home()
    dialogs.ask_save_file(None, "Save", "x.pdf", "PDF (*.pdf)")
    assert asked == [str(Path.home() / "x.pdf")]


def test_full_paths_and_the_recovery_code_are_left_as_given(qtbot, documents, asked):
    dialogs.ask_save_file(None, "Save", "/media/usb/backup.casebook-backup", "*")
    dialogs.ask_save_file(None, "Save", "code.pdf", "PDF (*.pdf)", in_documents=False)
    dialogs.ask_save_folder(None, "Save tables into")
    assert asked == ["/media/usb/backup.casebook-backup", "code.pdf", str(documents)]


def test_every_save_dialog_goes_through_the_helper():
    direct = []
    for path in APP.rglob("*.py"):
        if path == APP / "ui" / "shared" / "dialogs.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "getSaveFileName":
                direct.append(str(path.relative_to(APP)))
    assert direct == []
