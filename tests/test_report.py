"""The report layer on its own: plain input in, a PDF read back out with pypdf and pdftotext."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
from datetime import date

import pypdf
import pytest
from reportlab.lib.pagesizes import A4, LETTER

from app.errors import CasebookError
from app.models.report import (
    ReportEntry,
    ReportItem,
    ReportOptions,
    ReportPerson,
    ReportSection,
    supervision_report,
    write_atomic,
)
from app.models.report.sample import PERSON, sample_entries, sample_entry

SECRET = "zanzibar-marmalade-quokka private thought"


def _reader(data: bytes, password: str | None = None) -> pypdf.PdfReader:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if password is not None:
        assert reader.decrypt(password) != pypdf.PasswordType.NOT_DECRYPTED
    return reader


def _pages_text(data: bytes, password: str | None = None) -> list[str]:
    return [page.extract_text() or "" for page in _reader(data, password).pages]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pdftotext(data: bytes) -> str | None:
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    done = subprocess.run([tool, "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def _entry(title: str, answer: str, **kw) -> ReportEntry:
    return ReportEntry(
        title=title,
        scenario_title="A scenario",
        topics=("communication",),
        date=date(2025, 3, 3),
        model="Gibbs' reflective cycle",
        sections=(ReportSection("What happened", (ReportItem("What happened?", answer),)),),
        **kw,
    )


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
        assert "Confidential \u2014 reflective practice record" in text
        assert f"Page {n} of {len(pages)}" in text
    poppler = _pdftotext(data)
    if poppler is not None:
        assert f"Page {len(pages)} of {len(pages)}" in poppler


def test_private_answer_is_nowhere_in_the_file():
    private = ReportItem("Anything to keep for yourself?", SECRET, private=True, action=True)
    shown = ReportItem("What would you do next time?", "Ask the liaison team early.", action=True)
    entry = _entry("Handover", "The handover was rushed.")
    entry = dataclasses.replace(
        entry, sections=(*entry.sections, ReportSection("Action plan", (shown, private)))
    )
    data = supervision_report(PERSON, [entry], ReportOptions(compress=False))
    assert b"zanzibar" not in data  # raw bytes: page streams are not compressed here
    text = " ".join(_pages_text(data))
    assert "zanzibar" not in text
    assert "Kept private by the author." in text
    # The shown action point is gathered into the summary as well as printed in the entry.
    assert _norm(text).count("Ask the liaison team early.") == 2
    meta = _reader(data).metadata
    assert "zanzibar" not in " ".join(str(v) for v in meta.values())
    assert meta.title == "Reflective practice summary"
    assert meta.author == PERSON.name
    assert meta.subject.startswith("Reflective practice record for supervision")
    assert meta.creator.startswith("Casebook")


def test_metadata_carries_no_journal_text():
    entry = _entry("A title that is journal text", "An answer with unique words quillwort")
    data = supervision_report(PERSON, [entry], ReportOptions(compress=False))
    meta = " ".join(str(v) for v in _reader(data).metadata.values())
    assert "quillwort" not in meta and "journal text" not in meta


def test_password_protected_pdf_needs_its_password_and_uses_aes_256():
    entry = _entry("Break duty", "A pupil was upset at break: mistletoe-harbour.")
    data = supervision_report(PERSON, [entry], ReportOptions(password="correct horse"))
    assert b"mistletoe" not in data
    locked = pypdf.PdfReader(io.BytesIO(data))
    assert locked.is_encrypted
    assert locked.decrypt("wrong guess") == pypdf.PasswordType.NOT_DECRYPTED
    with pytest.raises(pypdf.errors.FileNotDecryptedError):
        locked.pages[0].extract_text()
    opened = _reader(data, "correct horse")
    text = " ".join(p.extract_text() for p in opened.pages)
    assert "mistletoe-harbour" in text
    encrypt = opened.trailer["/Encrypt"].get_object()
    assert encrypt["/V"] == 5 and encrypt["/R"] >= 5  # AES-256, not RC4 (V 1-2)
    assert encrypt["/CF"]["/StdCF"]["/CFM"] == "/AESV3"


def test_hostile_text_prints_literally_and_never_drops_an_entry():
    hostile = [
        ("Markup", "<b>not bold</b> <font size=40>big?</font> <br/> </para>"),
        ("Entities", "Fish &amp; chips & mushy peas &lt;3 &#x41; &bogus;"),
        ("Quotes", "She said \"enough\" and 'no more' \u2014 \u201cplease\u201d"),
        ("Controls", "bell\x07 null\x00 escape\x1b form\x0c tab\tend \ud800 lone"),
        ("Right to left", "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u202emirrored"),
        ("Emoji", "Feeling \U0001f62c then \U0001f642 \U0001f469\u200d\u2695\ufe0f"),
        ("CJK", "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8 \ud55c\uad6d\uc5b4 \u4e2d\u6587"),
    ]
    entries = [_entry(f"{title} <i>title</i> & co", text) for title, text in hostile]
    person = ReportPerson("Zo\u00eb <O'Brien> & \u0421\u0430\u0448\u0430", "Teacher", "<School>")
    data = supervision_report(person, entries, ReportOptions(compress=False))
    pages = _pages_text(data)
    whole = _norm(" ".join(pages))
    for title, _ in hostile:
        assert f"{title} <i>title</i> & co" in whole  # each entry is there, markup as typed
    assert "<b>not bold</b> <font size=40>big?</font> <br/> </para>" in whole
    assert "Fish &amp; chips & mushy peas &lt;3 &#x41; &bogus;" in whole
    assert "She said \"enough\" and 'no more'" in whole
    assert "bell null escape form" in whole
    assert "Zo\u00eb <O'Brien> & \u0421\u0430\u0448\u0430" in pages[-1]
    assert len(_reader(data).outline) == len(hostile)


def test_greek_and_cyrillic_print_as_written():
    person = ReportPerson("Ελένη Παπαδοπούλου", "Ward nurse", "Αθήνα")
    greek = "Η ασθενής ήταν ήρεμη."
    cyrillic = "Пациентка молчала всю смену."
    entries = [_entry("Διάλογος", greek), _entry("Разговор", cyrillic)]
    data = supervision_report(person, entries, ReportOptions())
    pages = _pages_text(data)
    for text in pages:
        assert person.name in text
    whole = _norm(" ".join(pages))
    assert greek in whole and cyrillic in whole
    poppler = _pdftotext(data)
    if poppler is not None:
        assert greek in _norm(poppler) and cyrillic in _norm(poppler)


def test_a_200000_character_answer_flows_across_pages_in_full():
    words = [f"w{i:06d}" for i in range(25_000)]  # 25,000 unique words, 200,000 characters
    answer = " ".join(words) + "."
    assert len(answer) == 200_000
    data = supervision_report(PERSON, [_entry("Long", answer)], ReportOptions())
    pages = _pages_text(data)
    assert len(pages) > 20
    found = re.findall(r"w\d{6}", " ".join(pages))
    # Every word of the answer, in order (the first is also in no other place).
    expected = re.findall(r"w\d{6}", answer)
    assert found == expected


def test_an_export_of_200_entries_keeps_each_one():
    entries = [sample_entry(i) for i in range(200)]
    data = supervision_report(PERSON, entries, ReportOptions(supervisor="Dr Jo Ellis"))
    reader = _reader(data)
    assert len(reader.outline) == 200
    first_pages = " ".join(p.extract_text() for p in reader.pages[:8])
    assert "reflection 200" in first_pages  # the contents lists the last entry too
    last = reader.pages[-1].extract_text()
    assert "Supervisor: Dr Jo Ellis" in last
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in last


def test_contents_gives_the_page_each_entry_starts_on():
    entries = sample_entries(3)
    data = supervision_report(PERSON, entries, ReportOptions())
    reader = _reader(data)
    starts = [reader.get_destination_page_number(o) + 1 for o in reader.outline]
    cover = _norm(reader.pages[0].extract_text())
    for entry, page in zip(entries, starts, strict=True):
        assert re.search(re.escape(entry.title) + r".*? " + str(page) + r"\b", cover)
        assert entry.title in reader.pages[page - 1].extract_text()


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("letter", LETTER)])
def test_paper_size(paper, size):
    data = supervision_report(PERSON, sample_entries(1), ReportOptions(paper=paper))
    box = _reader(data).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (round(size[0]), round(size[1]))


def test_unknown_paper_size_says_what_to_choose():
    with pytest.raises(CasebookError, match="a4 or letter"):
        supervision_report(PERSON, sample_entries(1), ReportOptions(paper="a5"))


def test_progress_reports_each_entry_and_can_stop_the_export():
    seen = []
    supervision_report(
        PERSON,
        sample_entries(3),
        ReportOptions(),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[0] == (1, 3) and seen[-1] == (3, 3)

    class Stop(Exception):
        pass

    def stop(done, total):
        raise Stop

    with pytest.raises(Stop):
        supervision_report(PERSON, sample_entries(3), ReportOptions(), progress=stop)


def test_atomic_write_replaces_the_file_whole(tmp_path):
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"old")
    write_atomic(b"%PDF-new", target)
    assert target.read_bytes() == b"%PDF-new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.pdf"]


def test_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"old")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(CasebookError, match="No space left on device. Nothing was written"):
        write_atomic(b"%PDF-new", target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.pdf"]


def test_write_to_a_missing_or_read_only_folder_says_why(tmp_path, monkeypatch):
    with pytest.raises(CasebookError, match="does not exist"):
        write_atomic(b"%PDF", tmp_path / "missing" / "summary.pdf")

    # Tests may run as root, who can write anywhere: the refusal is the operating system's.
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("app.models.report.writer.tempfile.mkstemp", refuse)
    with pytest.raises(CasebookError, match="may not write"):
        write_atomic(b"%PDF", tmp_path / "summary.pdf")
    assert list(tmp_path.iterdir()) == []
