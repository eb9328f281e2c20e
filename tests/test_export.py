"""Exporting a real journal as a supervision PDF, read back with pypdf and pdftotext."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pypdf
import pytest

from app.errors import CasebookError
from app.models.content import Scenario
from app.services.export import ExportRequest, ExportService, page_count, page_images

PASS = "amber lantern quietly folds"


def low_mood() -> Scenario:
    return Scenario(
        id="low-mood-inpatient",
        title="Low mood on the ward",
        summary="",
        video=Path("/nowhere/low-mood.mp4"),
        duration_seconds=90.0,
        captions=None,
        roles=("ward-nurse",),
        topics=("depression", "suicide-risk"),
        setting="ward",
        level="introductory",
        learning_objectives=("Recognise low mood", "Ask about hopelessness"),
    )


SCENARIOS = {"low-mood-inpatient": low_mood()}


def make_profile(paths, name="Robin Ashby", role="ward-nurse", setting="Ward 7"):
    from app.services.profiles import ProfileService

    profiles = ProfileService(paths)
    info, _ = profiles.create(name, role, setting, PASS)
    return profiles.unlock(info.id, PASS)


@pytest.fixture
def journal(paths, fast_kdf):
    from app.services.journal import JournalService

    unlocked = make_profile(paths)
    j = JournalService(paths, unlocked)
    yield j
    j.close()
    unlocked.lock()


def service_for(paths, journal) -> ExportService:
    return ExportService(paths, journal, scenarios=SCENARIOS)


def add(
    paths,
    journal,
    answers,
    *,
    scenario=True,
    private=(),
    status="final",
    title="",
    when: datetime | None = None,
    before=None,
    after=None,
    markers=(),
):
    from app.services.reflection import ReflectionService

    reflections = ReflectionService(paths, journal, scenarios=SCENARIOS)
    refl = reflections.start(
        "ward-nurse",
        SCENARIOS["low-mood-inpatient"] if scenario else None,
        title=title,
        markers=markers,
    )
    if before:
        refl.confidence_before = dict(before)
    payload = reflections.build_payload(refl, answers, private=private, confidence_after=after)
    entry = reflections.save(refl, payload, status)
    if when is not None:
        stamp = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        with journal.db.atomic():
            journal.db.execute(
                "UPDATE entries SET created_at = ?, updated_at = ? WHERE id = ?",
                [stamp, stamp, entry.id],
            )
    return entry


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def text_layer(data: bytes, password: str | None = None) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if password is not None:
        assert reader.decrypt(password)
    return [p.extract_text() or "" for p in reader.pages]


def pdftotext(data: bytes) -> str | None:
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    return subprocess.run(
        [tool, "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")


def metadata_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    outline = " ".join(
        str(getattr(o, "title", o)) for o in reader.outline if not isinstance(o, list)
    )
    return meta + " " + outline


SEEN = "Curtains drawn all morning, answers in single words, breakfast untouched zephyrquartz."
NEXT = "Ask directly about hopelessness and tell the liaison team before handover quillmarrow."
SECRET = "This reminded me of my own father and I cried in the sluice room vorpalhush."


def test_answers_print_and_private_answers_do_not(paths, journal):
    add(
        paths,
        journal,
        {
            "core.stood-out": SEEN,
            "ward-nurse.next-shift": NEXT,
            "core.respond": SECRET,
            "ward-nurse.confidence": 4,
        },
        private=["core.respond"],
        before={"Recognise low mood": 2},
        after={"Recognise low mood": 4},
        markers=[{"at": 75, "note": "She looks away."}],
    )
    service = service_for(paths, journal)
    data, count = service.build(ExportRequest(supervisor="Dr Sam Okafor", compress=False))
    assert count == 1
    pages = text_layer(data)
    whole = norm(" ".join(pages))
    assert SEEN in whole and NEXT in whole
    assert "Kept private by the author." in whole
    assert "Dr Sam Okafor" in whole and "Low mood on the ward" in whole
    assert "1:15" in whole and "She looks away." in whole
    assert "depression, suicide risk" in whole  # topics read as words, as in the library
    # The action point is gathered into the summary as well as printed in the entry.
    assert whole.count("quillmarrow") == 2
    for secret_word in ("vorpalhush", "sluice room"):
        assert secret_word not in whole
        assert secret_word.encode() not in data
        assert secret_word not in metadata_text(data)
        poppler = pdftotext(data)
        if poppler is not None:
            assert secret_word not in poppler
    for n, text in enumerate(pages, start=1):
        assert "Robin Ashby" in text
        assert f"Page {n} of {len(pages)}" in text
        assert "Confidential \u2014 reflective practice record" in text


def test_private_chosen_at_export_is_left_out(paths, journal):
    add(paths, journal, {"core.stood-out": SEEN, "ward-nurse.next-shift": NEXT})
    service = service_for(paths, journal)
    choices = {c.id: c for c in service.question_choices(service.select(ExportRequest()))}
    assert "ward-nurse.next-shift" in choices and choices["core.stood-out"].entries == 1
    data, _ = service.build(
        ExportRequest(private=frozenset({"ward-nurse.next-shift"}), compress=False)
    )
    whole = norm(" ".join(text_layer(data)))
    assert SEEN in whole
    assert "quillmarrow" not in whole and b"quillmarrow" not in data
    # Not in the summary's action points either.
    assert "No action points were written, or they were kept private." in whole


def test_period_and_entry_choice(paths, journal):
    a = add(
        paths,
        journal,
        {"core.stood-out": "March words alphaword"},
        when=datetime(2025, 3, 10, 12, tzinfo=UTC),
    )
    b = add(
        paths,
        journal,
        {"core.stood-out": "April words betaword"},
        when=datetime(2025, 4, 10, 12, tzinfo=UTC),
    )
    service = service_for(paths, journal)
    march = ExportRequest(start=date(2025, 3, 1), end=date(2025, 3, 31))
    assert [e.id for e in service.select(march)] == [a.id]
    whole = norm(" ".join(text_layer(service.build(march)[0])))
    assert "alphaword" in whole and "betaword" not in whole
    assert "1 March 2025 to 31 March 2025" in whole
    assert [e.id for e in service.select(ExportRequest(entry_ids=(b.id,)))] == [b.id]
    assert [e.id for e in service.select(ExportRequest())] == [a.id, b.id]  # oldest first
    with pytest.raises(CasebookError, match="No reflections match"):
        service.build(ExportRequest(start=date(2026, 1, 1)))
    with pytest.raises(CasebookError, match="start date is after the end date"):
        service.build(ExportRequest(start=date(2025, 4, 1), end=date(2025, 3, 1)))


def test_password_protects_with_aes_256_revision_6(paths, journal):
    add(paths, journal, {"core.stood-out": SEEN})
    data, _ = service_for(paths, journal).build(ExportRequest(password="tide pool 42"))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    with pytest.raises(pypdf.errors.FileNotDecryptedError):
        _ = reader.pages[0].extract_text()
    assert not pypdf.PdfReader(io.BytesIO(data)).decrypt("wrong guess")
    assert b"/V 5" in data and b"/AESV3" in data  # AES-256; RC4 would be /V 2 or /V 1
    # Revision 6: the hardened hash of PDF 2.0, not revision 5's single SHA-256 per guess.
    assert re.search(rb"/R 6\b", data) and not re.search(rb"/R 5\b", data)
    assert SEEN in norm(" ".join(text_layer(data, "tide pool 42")))
    tool = shutil.which("pdftotext")
    if tool is not None:  # a second, independent reader: poppler
        wrong = subprocess.run(
            [tool, "-upw", "wrong guess", "-", "-"], input=data, capture_output=True, check=False
        )
        assert wrong.returncode != 0 and SEEN.encode() not in wrong.stdout
        right = subprocess.run(
            [tool, "-upw", "tide pool 42", "-", "-"], input=data, capture_output=True, check=True
        )
        assert SEEN in norm(right.stdout.decode("utf-8"))


HOSTILE = {
    "markup": "<b>not bold</b> <font size=40>big</font> &amp; &lt; 'single' \"double\" "
    "<para>end</para> markupword",
    "control": "bell\x07 null\x00 escape\x1b form\x0c tab\there controlword",
    "rtl": "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 rtlword",
    "emoji": "Felt \U0001f622 then \U0001f44d\U0001f3fd ZWJ \U0001f469\u200d\u2695\ufe0f emojiword",
    "cjk": "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8 \ud55c\uad6d\uc5b4 cjkword",
}


def test_hostile_text_never_breaks_the_export(paths, journal):
    add(
        paths,
        journal,
        {
            "core.stood-out": HOSTILE["markup"],
            "core.respond": HOSTILE["control"],
            "ward-nurse.record": HOSTILE["rtl"],
            "ward-nurse.escalate": HOSTILE["emoji"],
            "ward-nurse.next-shift": HOSTILE["cjk"],
        },
        title='<i>title</i> & "quotes"',
    )
    data, _ = service_for(paths, journal).build(ExportRequest(supervisor="<b>Sup</b> & Co"))
    whole = norm(" ".join(text_layer(data)))
    assert "<b>not bold</b> <font size=40>big</font> &amp; &lt; 'single' \"double\"" in whole
    assert '<i>title</i> & "quotes"' in whole
    assert "<b>Sup</b> & Co" in whole
    assert "bell null escape form tab here controlword" in norm(whole)
    assert "\u05e9\u05dc\u05d5\u05dd" in whole or "rtlword" in whole
    for word in ("emojiword", "cjkword", "rtlword"):
        assert word in whole  # scripts the font lacks may show boxes, but nothing is dropped


def test_a_200000_character_answer_flows_across_pages(paths, journal):
    words = [f"w{i:05d}" for i in range(200_000 // 7 + 2)]
    long = " ".join(words)[:200_000]
    assert len(long) == 200_000
    add(paths, journal, {"core.stood-out": long})
    data, _ = service_for(paths, journal).build(ExportRequest())
    assert page_count(data) > 30
    whole = norm(" ".join(text_layer(data)))
    # Every word, in order, not one lost at a page break.
    found = re.findall(r"w\d{5}", whole)
    assert found == re.findall(r"w\d{5}", long)


def test_greek_and_cyrillic_names_and_answers(paths, fast_kdf):
    from app.services.journal import JournalService

    unlocked = make_profile(paths, name="Αλεξάνδρα Παπαδοπούλου", setting="Πτέρυγα 3")
    journal = JournalService(paths, unlocked)
    try:
        answer = "Пациентка молчала всё утро. Η ασθενής ήταν σιωπηλή."
        add(paths, journal, {"core.stood-out": answer})
        data, _ = service_for(paths, journal).build(ExportRequest(supervisor="Ирина Соколова"))
        pages = text_layer(data)
        whole = norm(" ".join(pages))
        assert answer in whole and "Ирина Соколова" in whole and "Πτέρυγα 3" in whole
        assert all("Αλεξάνδρα Παπαδοπούλου" in p for p in pages)
        poppler = pdftotext(data)
        if poppler is not None:
            assert answer in norm(poppler)
    finally:
        journal.close()
        unlocked.lock()


@pytest.mark.slow
def test_an_export_of_200_entries(paths, journal, tmp_path):
    for i in range(200):
        add(
            paths,
            journal,
            {
                "core.stood-out": f"Entry number {i} uniq{i:03d}x",
                "ward-nurse.confidence": 1 + i % 5,
            },
        )
    seen = []
    result = service_for(paths, journal).export(
        ExportRequest(), tmp_path / "all.pdf", progress=lambda d, t: seen.append((d, t))
    )
    assert result.entries == 200
    data = result.path.read_bytes()
    whole = norm(" ".join(text_layer(data)))
    for i in range(200):
        assert f"uniq{i:03d}x" in whole
    assert seen[-1] == (200, 200)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_writes_atomically_and_says_why_it_cannot(paths, journal, tmp_path, monkeypatch):
    add(paths, journal, {"core.stood-out": SEEN})
    service = service_for(paths, journal)
    folder = tmp_path / "out"
    target = folder / "summary.pdf"
    with pytest.raises(CasebookError, match="does not exist"):
        service.export(ExportRequest(), target)
    folder.mkdir()
    (folder / "taken.pdf").mkdir()
    with pytest.raises(CasebookError, match="is a folder"):
        service.export(ExportRequest(), folder / "taken.pdf")
    with pytest.raises(CasebookError, match="ending in .pdf"):
        service.export(ExportRequest(), folder / "summary.txt")

    target.write_bytes(b"an earlier export")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    # The disk filling up half way: the earlier file stays whole and no part file is left.
    monkeypatch.setattr("app.models.report.writer.os.fsync", disk_full)
    with pytest.raises(CasebookError, match="No space left on device. Nothing was written"):
        service.export(ExportRequest(), target)
    monkeypatch.undo()
    assert target.read_bytes() == b"an earlier export"
    assert sorted(p.name for p in folder.iterdir()) == ["summary.pdf", "taken.pdf"]

    result = service.export(ExportRequest(paper="letter"), target)
    reader = pypdf.PdfReader(result.path)
    assert round(float(reader.pages[0].mediabox.width)) == 612  # US Letter
    assert sorted(p.name for p in folder.iterdir()) == ["summary.pdf", "taken.pdf"]


def test_a_failure_while_building_leaves_nothing(paths, journal, tmp_path):
    add(paths, journal, {"core.stood-out": SEEN})

    def stop(done, total):
        raise RuntimeError("stopped")

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(RuntimeError):
        service_for(paths, journal).export(ExportRequest(), folder / "x.pdf", progress=stop)
    assert list(folder.iterdir()) == []


def test_entries_from_a_changed_pack_and_free_reflections_still_print(paths, journal):
    entry = add(
        paths,
        journal,
        {"core-free.what-happened": "A free reflection freeword"},
        scenario=False,
        title="Night shift",
    )
    payload = dict(entry.payload)
    payload["answers"] = {**payload["answers"], "gone.question": "Old answer oldpackword"}
    journal.update(entry.id, payload, "final")
    data, _ = service_for(paths, journal).build(ExportRequest())
    whole = norm(" ".join(text_layer(data)))
    assert "freeword" in whole and "oldpackword" in whole and "Other answers" in whole
    assert "A reflection on your own practice" in whole
    assert "1 earlier version" in whole


def test_preview_images_come_through_a_pipe(paths, journal):
    add(paths, journal, {"core.stood-out": SEEN})
    data, _ = service_for(paths, journal).build(ExportRequest())
    images = page_images(data, [1, page_count(data)], dpi=30)
    assert len(images) == 2 and all(i.startswith(b"\x89PNG") for i in images)
