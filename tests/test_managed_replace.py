"""A finished file held open by another program (Windows: a PDF in Acrobat or Edge, antivirus,
OneDrive) is retried briefly, then the person is asked to close it: in the service, the CLI and
the export dialog. `os.replace` is faked to refuse the way Windows does; all else is real."""

from __future__ import annotations

import errno
import os

import pytest
from PySide6.QtCore import Qt

from app.config import Settings
from app.errors import CasebookError
from app.platform import replace as replace_module
from app.platform.replace import RETRY_DELAYS, FileHeldOpen, replace_file
from tests import test_export_cli as cli_tests
from tests import test_export_dialog as dialog_tests

real_replace = os.replace

# Real fixtures of the export tests: a CLI with a profile and an entry; the export dialog.
cli = cli_tests.cli
entry_id = cli_tests.entry_id
session = dialog_tests.session
dialog = dialog_tests.dialog


def held_open(times: int | None, suffix: str = ""):
    """os.replace that refuses, like Windows for an open target, `times` times (None: always)
    for targets ending in `suffix`; other replacements go through."""
    refused: list[str] = []

    def fake(src, dst):
        if str(dst).endswith(suffix) and (times is None or len(refused) < times):
            refused.append(str(dst))
            error = PermissionError(errno.EACCES, "Access is denied", str(dst))
            error.winerror = 32  # ERROR_SHARING_VIOLATION, as Windows sets it
            raise error
        real_replace(src, dst)

    fake.refused = refused
    return fake


@pytest.fixture
def no_waiting(monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(replace_module.time, "sleep", waits.append)
    return waits


def test_a_brief_hold_is_waited_out(tmp_path, no_waiting):
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"old")
    new = tmp_path / "new.part"
    new.write_bytes(b"new")
    fake = held_open(3)
    replace_file(new, target, replace=fake)
    assert target.read_bytes() == b"new" and not new.exists()
    assert len(fake.refused) == 3
    assert no_waiting == list(RETRY_DELAYS[:3])


def test_a_file_kept_open_asks_to_close_it_after_about_two_seconds(tmp_path, no_waiting):
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"old")
    new = tmp_path / "new.part"
    new.write_bytes(b"new")
    with pytest.raises(FileHeldOpen, match="Close the PDF and try again") as caught:
        replace_file(new, target, replace=held_open(None))
    assert isinstance(caught.value, CasebookError)
    assert "may not write" not in str(caught.value)
    assert target.read_bytes() == b"old"
    assert len(no_waiting) == len(RETRY_DELAYS)
    assert 1.5 <= sum(no_waiting) <= 3.0


def test_a_refusal_that_is_not_a_hold_is_not_retried(tmp_path, no_waiting):
    # No file at the target: the folder itself refuses, which waiting does not mend.
    new = tmp_path / "new.part"
    new.write_bytes(b"new")

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    with pytest.raises(PermissionError):
        replace_file(new, tmp_path / "absent.pdf", replace=refuse)
    assert no_waiting == []


def test_cli_export_over_an_open_pdf_says_close_it(
    cli, entry_id, tmp_path, monkeypatch, no_waiting
):
    out = tmp_path / "summary.pdf"
    out.write_bytes(b"%PDF-1.4 the copy open in Acrobat")
    monkeypatch.setattr(replace_module.os, "replace", held_open(None, suffix=".pdf"))
    code, stdout, err = cli("export", "pdf", "--profile", "Ярослава", "--out", str(out))
    assert code != 0
    assert "Close the PDF and try again" in err
    assert "Traceback" not in err + stdout
    assert out.read_bytes() == b"%PDF-1.4 the copy open in Acrobat"
    assert [p.name for p in tmp_path.glob(".summary-*")] == []  # the temporary file is gone


def test_cli_export_succeeds_when_the_reader_lets_go(
    cli, entry_id, tmp_path, monkeypatch, no_waiting
):
    out = tmp_path / "summary.pdf"
    out.write_bytes(b"%PDF-1.4 old")
    monkeypatch.setattr(replace_module.os, "replace", held_open(2, suffix=".pdf"))
    code, stdout, err = cli("export", "pdf", "--profile", "Ярослава", "--out", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF") and len(out.read_bytes()) > 1000


def test_export_dialog_over_an_open_pdf_says_close_it(
    qtbot, dialog, tmp_path, monkeypatch, no_waiting
):
    out = tmp_path / "for-supervision.pdf"
    out.write_bytes(b"%PDF-1.4 open in Edge")
    monkeypatch.setattr(
        "app.ui.shared.dialogs.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), "PDF (*.pdf)"),
    )
    monkeypatch.setattr(replace_module.os, "replace", held_open(None, suffix=".pdf"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)
    assert "Close the PDF and try again" in dialog.status.text()
    assert "may not write" not in dialog.status.text()
    assert out.read_bytes() == b"%PDF-1.4 open in Edge"


def test_settings_save_over_a_held_file_gives_a_sentence(paths, monkeypatch, no_waiting):
    Settings(organisation="Northfield").save(paths)
    monkeypatch.setattr(replace_module.os, "replace", held_open(None, suffix="settings.json"))
    settings = Settings.load(paths)
    settings.organisation = "Southfield"
    with pytest.raises(CasebookError, match="settings"):
        settings.save(paths)
    assert Settings.load(paths).organisation == "Northfield"
    assert not list(paths.data_dir.glob("*.tmp"))


def test_a_poster_that_cannot_be_put_in_place_is_logged_not_dropped(
    paths, tmp_path, monkeypatch, no_waiting, caplog
):
    from dataclasses import replace as with_fields

    from app.services.library import load_scenarios
    from app.services.thumbnails import Thumbnails

    scenarios, _ = load_scenarios(paths)
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"a clip")
    scenario = with_fields(scenarios[0], video=clip, duration_seconds=40)

    def take(video, at, width, target) -> bool:
        target.write_bytes(b"png")
        return True

    thumbs = Thumbnails(paths, take)
    monkeypatch.setattr(replace_module.os, "replace", held_open(None, suffix=".png"))
    with caplog.at_level("WARNING"):
        assert thumbs.make(scenario) is None  # shown without a poster, tried again next time
    assert any("poster" in r.getMessage() and "not saved" in r.getMessage() for r in caplog.records)
    assert not [p for p in thumbs.folder.iterdir() if p.name.endswith(".tmp")]


def test_preferences_that_cannot_be_saved_are_logged_not_raised(
    paths, monkeypatch, no_waiting, caplog
):
    from app.services.progress import ProgressService

    Settings().save(paths)
    monkeypatch.setattr(replace_module.os, "replace", held_open(None, suffix="settings.json"))
    settings = Settings.load(paths)
    settings.contrast = "high"
    with caplog.at_level("WARNING"):
        assert settings.save_preference(paths) is False
        ProgressService(paths, journal=None).set_refresher_days(30)  # the interval box
    held = [r for r in caplog.records if "another program has it open" in r.getMessage()]
    assert len(held) == 2
    assert Settings.load(paths).contrast == "system"
