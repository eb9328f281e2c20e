"""Arabic, Chinese and emoji in a report: shaped right to left, printed in a font that has the
glyphs, every font embedded (no Helvetica reference left)."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import unicodedata

import pypdf
import pytest
from tools import tools

from app.models.report import ReportOptions, supervision_report
from app.models.report.sample import PERSON, sample_entries
from app.models.report.scripts import needs_paragraph, unprintable, visual

ARABIC = "مرحبا بالعالم"
CHINESE = "你好世界"


@pytest.fixture(scope="module")
def pdf() -> bytes:
    entries = [
        dataclasses.replace(e, title=f"{ARABIC} {CHINESE} \U0001f600") for e in sample_entries(2)
    ]
    return supervision_report(PERSON, entries, ReportOptions())


def test_arabic_is_shaped_and_in_visual_order():
    shown = visual(ARABIC)
    assert any("\ufe70" <= ch <= "\ufeff" for ch in shown)  # joined (presentation) forms
    # Visual order: read backwards and un-shaped, it is the text as typed.
    assert unicodedata.normalize("NFKC", shown[::-1]) == ARABIC
    assert visual("plain text") == "plain text"


def _fonts(reader: pypdf.PdfReader) -> dict[str, pypdf.generic.DictionaryObject]:
    found = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            found[str(font["/BaseFont"])] = font
    return found


def test_every_font_is_embedded_and_cjk_has_a_fallback(pdf):
    fonts = _fonts(pypdf.PdfReader(io.BytesIO(pdf)))
    assert not [name for name in fonts if "Helvetica" in name]
    for name, font in fonts.items():
        descriptor = font.get("/FontDescriptor")
        assert descriptor is not None and "/FontFile2" in descriptor, name
    assert any("DroidSansFallback" in name for name in fonts)


@tools("pdftotext")
def test_chinese_and_arabic_come_back_out_of_the_pdf(pdf):
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert CHINESE in text
    assert "\ufffd" not in text
    # poppler reads the shaped, visually ordered glyphs back as the words typed.
    assert ARABIC in unicodedata.normalize("NFKC", text)


def test_what_no_font_can_print_is_named():
    assert needs_paragraph(CHINESE) and needs_paragraph(ARABIC) and not needs_paragraph("Zoë")
    assert unprintable(f"{CHINESE} Zoë") == set()
    assert unprintable("\U000f0000") == {"\U000f0000"}  # private use: no font has it


def test_a_long_right_to_left_answer_wraps_in_reading_order():
    from app.models.report.scripts import RightToLeftParagraph
    from app.models.report.styles import make_styles

    typed = "كان المريض هادئا في البداية ثم بدأ يتحدث عن عائلته. " * 6 + "النهاية."
    para = RightToLeftParagraph(typed, make_styles().answer)
    _, height = para.wrap(300, 1000)
    lines = para._inner.text.split("<br/>")
    assert len(lines) > 2 and height > 3 * make_styles().answer.leading
    first = unicodedata.normalize("NFKC", lines[0][::-1])
    last = unicodedata.normalize("NFKC", lines[-1][::-1])
    assert first.startswith("كان المريض")  # the first words read are on the first line
    assert last.strip().endswith("النهاية.") or "النهاية" in last
