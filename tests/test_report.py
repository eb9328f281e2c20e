"""The report layer on its own: plain input in, a PDF read back out."""

from __future__ import annotations

import io
import re

import pypdf

from app.models.report import ReportOptions, supervision_report
from app.models.report.sample import PERSON, sample_entries


def _pages_text(data: bytes, password: str | None = None) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if password is not None:
        reader.decrypt(password)
    return [page.extract_text() or "" for page in reader.pages]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_sample_report_has_every_answer_and_numbered_pages():
    entries = sample_entries(4)
    data = supervision_report(PERSON, entries, ReportOptions())
    pages = _pages_text(data)
    whole = _norm(" ".join(pages))
    for entry in entries:
        for section in entry.sections:
            for item in section.items:
                if isinstance(item.answer, str) and not item.private:
                    assert _norm(item.answer) in whole
    for n, text in enumerate(pages, start=1):
        assert PERSON.name in text
        assert f"Page {n} of {len(pages)}" in text
