"""Contents links and bookmarks land on the page each entry starts on; the finished PDF is
valid for every reader we have, and a password uses AES-256 revision 6."""

from __future__ import annotations

import io
import subprocess

import pypdf
import pytest
from tools import tools

from app.models.report import ReportOptions, supervision_report
from app.models.report.protect import password_warnings
from app.models.report.sample import PERSON, sample_entries


def _entry_start_pages(reader: pypdf.PdfReader, titles: list[str]) -> dict[str, int]:
    """The page (0-based) whose text starts with each title: where that entry begins."""
    found = {}
    for number, page in enumerate(reader.pages):
        text = (page.extract_text() or "").lstrip()
        for title in titles:
            if title not in found and text.startswith(title):
                found[title] = number
    assert set(found) == set(titles)
    return found


@pytest.fixture(scope="module")
def report() -> tuple[bytes, list[str]]:
    entries = sample_entries(5)
    return supervision_report(PERSON, entries, ReportOptions()), [e.title for e in entries]


def test_each_bookmark_lands_on_its_entry(report):
    data, titles = report
    reader = pypdf.PdfReader(io.BytesIO(data))
    starts = _entry_start_pages(reader, titles)
    assert len(reader.outline) == len(titles)
    landed = {o.title: reader.get_destination_page_number(o) for o in reader.outline}
    assert landed == {t: starts[t] for t in titles}
    assert len(set(landed.values())) == len(titles)  # not all on one page


def test_each_contents_link_lands_on_its_entry(report):
    data, titles = report
    reader = pypdf.PdfReader(io.BytesIO(data))
    starts = _entry_start_pages(reader, titles)
    named = reader.named_destinations
    targets = []
    for annot in reader.pages[0].get("/Annots", []):
        annot = annot.get_object()
        if annot.get("/Subtype") != "/Link":
            continue
        dest = annot.get("/Dest")
        if dest is None and "/A" in annot:
            dest = annot["/A"].get("/D")
        if isinstance(dest, (str, bytes)) or hasattr(dest, "original_bytes"):
            dest = named[str(dest)]
            targets.append(reader.get_destination_page_number(dest))
        else:
            targets.append(reader._get_page_number_by_indirect(dest[0]))
    assert sorted(targets) == sorted(starts[t] for t in titles)


def test_the_document_title_is_shown_and_in_xmp(report):
    data, _ = report
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.dc_title


@tools("qpdf", "pdfinfo")
@pytest.mark.parametrize("password", [None, "tide pool 42"])
def test_qpdf_pdfinfo_and_pypdf_agree_the_file_is_valid(password, tmp_path):
    data = supervision_report(PERSON, sample_entries(2), ReportOptions(password=password))
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(data)
    qpdf = ["qpdf", "--check", *([f"--password={password}"] if password else []), str(pdf)]
    checked = subprocess.run(qpdf, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No syntax or stream encoding errors" in checked.stdout
    info = subprocess.run(
        ["pdfinfo", *(["-upw", password] if password else []), str(pdf)],
        capture_output=True,
        text=True,
    )
    assert info.returncode == 0 and "Syntax Error" not in info.stderr, info.stderr
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    if password:
        assert reader.decrypt(password) != pypdf.PasswordType.NOT_DECRYPTED
        assert reader._encryption.R == 6  # noqa: SLF001 - the revision is the point
    assert len(reader.pages) > 2


def test_password_warnings():
    assert password_warnings("tide pool 42") == []
    assert any("32 characters" in w for w in password_warnings("x" * 33 + " long words here"))
    assert any("shorter than" in w for w in password_warnings("abc"))


def test_each_action_point_says_which_question_it_answers(report):
    data, _ = report
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    summary = text[text.index("Action points") :]
    assert "In answer to: If it arose again, what would you do?" in " ".join(summary.split())


def test_a_heading_never_ends_a_page():
    """Each summary heading has its first lines of content on the same page (with three
    entries "Action points" used to stand alone at the foot of page 2)."""
    data = supervision_report(PERSON, sample_entries(3), ReportOptions())
    reader = pypdf.PdfReader(io.BytesIO(data))
    headings = ("Scenarios and reflections by topic", "Confidence before and after")
    headings += ("Knowledge checks", "Action points")
    for page in reader.pages:
        lines = [
            line.strip()
            for line in (page.extract_text() or "").splitlines()
            if line.strip() and not line.startswith(("Page ", "Confidential", PERSON.name))
        ]
        if lines and lines[-1] in headings:
            raise AssertionError(f"'{lines[-1]}' stands alone at the foot of a page")
