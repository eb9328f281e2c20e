"""The export preview draws pages in memory with PDFium: no poppler, no process, no file."""

from __future__ import annotations

import io
import subprocess

import pytest
from PIL import Image

from app.errors import CasebookError
from app.services.export import ExportRequest, page_images, page_texts
from tests import test_export_dialog as dialog_tests
from tests.test_export import service_for

pytestmark = pytest.mark.usefixtures("no_poppler")

# The export dialog on a real unlocked journal with two entries, as in its own tests.
session = dialog_tests.session
dialog = dialog_tests.dialog


@pytest.fixture
def no_poppler(monkeypatch, tmp_path_factory):
    """No pdftoppm anywhere on PATH (as on Windows and macOS), and no program may start."""
    monkeypatch.setenv("PATH", str(tmp_path_factory.mktemp("empty-bin")))

    def refuse(*args, **kwargs):
        raise AssertionError(f"the preview started a program: {args[0]!r}")

    monkeypatch.setattr(subprocess, "Popen", refuse)


def _ink(png: bytes) -> float:
    """The share of pixels that are not white: a blank page gives 0."""
    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()  # 256 counts of grey levels
    return sum(histogram[:200]) / (image.width * image.height)


def test_dialog_preview_draws_real_pages_without_pdftoppm_and_writes_nothing(
    qtbot, dialog, tmp_path
):
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    assert dialog.preview_button.isEnabled()
    assert "pdftoppm" not in dialog.preview_note.text()
    assert dialog.start_preview()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)
    labels = [dialog.pages_layout.itemAt(i).widget() for i in range(dialog.pages_layout.count())]
    assert labels
    first = labels[0].pixmap().toImage()
    assert first.width() > 100 and first.height() > first.width()  # a portrait page
    assert "Nothing has been saved" in dialog.status.text()
    after = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    assert after == before  # no temporary file, not even one removed again


def test_page_images_are_pngs_with_the_pages_drawn_and_text_is_read_back(paths, dialog):
    journal = dialog.session.current.journal
    data, _ = service_for(paths, journal).build(ExportRequest())
    images = page_images(data, [1, 2], dpi=40)
    assert [png[:8] for png in images] == [b"\x89PNG\r\n\x1a\n"] * 2
    assert all(_ink(png) > 0.002 for png in images), [_ink(p) for p in images]
    assert any("dialogwordseen" in text for text in page_texts(data))


def test_a_damaged_pdf_gives_a_kind_message():
    with pytest.raises(CasebookError, match="preview could not be drawn"):
        page_images(b"%PDF-1.4 not really", [1])
