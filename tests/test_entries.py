"""Self-contained entries: each answer keeps the question as it was asked, whatever the packs
become; older entries are upgraded once; the command line saves what the form saves.

Real SQLite, real bundled packs and an organisation's own pack in a content folder.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pypdf
import pytest

from app.cli import main
from app.models import prompts
from app.models.entry import (
    AS_ASKED,
    FILLED_IN_LATER,
    FILLED_IN_NOTE,
    SCHEMA_VERSION,
    AskedQuestion,
    EntryRecord,
)
from app.models.journal import (
    SEAL_ENTRY,
    SEAL_REVISION,
    decode_payload,
    encode_payload,
    new_id,
)
from app.models.store import open_db
from app.services.journal import JournalService, revision_record_id
from app.services.profiles import ProfileService
from app.services.reflection import ReflectionService
from app.ui.journal.entry_render import entry_html

PASS = "plum kettle orbit 7 window"

ASKED = "Who did you tell first, and why them?"
REWORDED = "Whom did you escalate to?"
RATING = "How safe did the bay feel at handover?"


def org_pack(version: str = "3", reworded: bool = False) -> str:
    """An organisation's pack: two questions for ward nurses; the later version rewords the
    first and removes the second."""
    text = REWORDED if reworded else ASKED
    out = f'''
[pack]
id = "org-ward"
title = "Ward 7 questions"
version = "{version}"

[[section]]
id = "org-ward"
title = "On Ward 7"
stage = "role"
roles = ["ward-nurse"]

[[question]]
id = "org-ward.escalate"
section = "org-ward"
kind = "text"
text = "{text}"
'''
    if not reworded:
        out += f'''
[[question]]
id = "org-ward.rating"
section = "org-ward"
kind = "scale"
min = 1
max = 5
labels = ["Not at all", "Completely"]
text = "{RATING}"
'''
    return out


ANSWERS = {
    "core-free.what-happened": "The handover was rushed and a fall was missed.",
    "org-ward.escalate": "The nurse in charge, because she knew the patient.",
    "org-ward.rating": 2,
}


@pytest.fixture
def org(tmp_path, monkeypatch):
    folder = tmp_path / "org-content"
    (folder / "prompts").mkdir(parents=True)
    (folder / "prompts" / "org-ward.toml").write_text(org_pack(), encoding="utf-8")
    monkeypatch.setenv("CASEBOOK_CONTENT", str(folder))
    return folder / "prompts" / "org-ward.toml"


@pytest.fixture
def cli(home, fast_kdf, monkeypatch, capsys):
    monkeypatch.setenv("CASEBOOK_PASSPHRASE", PASS)
    monkeypatch.setattr("app.commands.profile.can_prompt", lambda: False)

    def run(*argv: str, stdin: str | None = None) -> str:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv))
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    return run


def unlock(paths, name="Robin", role="ward-nurse"):
    profiles = ProfileService(paths)
    found = next((p for p in profiles.list_profiles() if p.name == name), None)
    info = found or profiles.create(name, role, "", PASS)[0]
    return profiles.unlock(info.id, PASS)


def save_as_the_form_does(paths, journal, answers, scenario_id=None, title="", tags=()):
    reflections = ReflectionService(paths, journal)
    scenario = reflections.scenario(scenario_id) if scenario_id else None
    profile = journal.unlocked.profile
    refl = reflections.start(profile.role, scenario, profile.default_model or None, title=title)
    payload = reflections.build_payload(refl, answers, tags=tags)
    return reflections.save(refl, payload, "final")


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ----------------------------------------------------------------------------- packs


def test_a_pack_has_a_version_and_each_question_knows_its_pack(tmp_path):
    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "org-ward.toml").write_text(org_pack("2025.2"), encoding="utf-8")
    (folder / "plain.toml").write_text(
        org_pack().replace('version = "3"\n', "").replace("org-ward", "plain"), encoding="utf-8"
    )
    packs, problems = prompts.load_packs([tmp_path])
    assert problems == []
    by_id = {p.id: p for p in packs}
    assert by_id["org-ward"].version == "2025.2" and by_id["plain"].version == "1"
    q = by_id["org-ward"].questions[0]
    assert (q.pack, q.pack_version) == ("org-ward", "2025.2")

    (folder / "org-ward.toml").write_text(org_pack().replace('"3"', "[1]"), encoding="utf-8")
    _, problems = prompts.load_packs([tmp_path])
    assert any("version should be text" in p.message for p in problems)


# ----------------------------------------------------------------------------- the record


def test_the_record_reads_every_shape_written_so_far():
    old = {
        "kind": "free",
        "title": "Old",
        "answers": {"a": "text", "b": True, "c": ["x", 3], "d": 4},
        "markers": [{"at": "soon", "note": "n"}, "junk", {"at": 3}],
        "knowledge": {"k": {"answer": "x", "correct": True}, "j": "junk"},
        "confidence_before": {"obj": 2, "bad": "high", "nan": float("inf")},
        "tags": ["t", None],
        "scenario": {"id": "gone", "title": "Gone"},
        "entry_id": "e1",
        "future-key": {"kept": True},
    }
    record = EntryRecord.from_dict(old)
    assert record.schema == 1 and record.needs_questions
    assert record.answers == {"a": "text", "d": 4}
    assert [(m.at, m.note) for m in record.markers] == [(0.0, "n"), (3.0, "")]
    assert list(record.knowledge) == ["k"] and record.confidence_before == {"obj": 2}
    assert record.tags == ["t"] and record.scenario == {"id": "gone", "title": "Gone"}
    out = record.to_dict()
    assert out["future-key"] == {"kept": True} and out["entry_id"] == "e1"
    assert out["schema"] == 1  # becomes 2 only when its questions are filled in
    for junk in (None, [], "text", {"answers": "x", "questions": "y", "kind": "weird"}):
        assert EntryRecord.from_dict(junk).answers == {}

    asked = AskedQuestion(
        id="q", text="Asked?", kind="scale", section="S", max=7, labels=("a", "b")
    )
    again = EntryRecord.from_dict(EntryRecord(answers={"q": 6}, questions=[asked, asked]).to_dict())
    assert again.questions == [asked] and again.schema == SCHEMA_VERSION
    [section] = again.sections()
    assert section.title == "S" and section.questions[0].max == 7


# ----------------------------------------------------------------------------- one save path


def test_the_command_line_stores_what_the_form_stores(cli, paths, org):
    cli("profile", "create", "--name", "Robin", "--role", "ward-nurse")
    answers = {
        "core.stood-out": "He would not look at anyone.",
        "core.respond": "   ",  # blank: not in the journal
        "low-mood-inpatient.signs": ["Not eating"],
        "low-mood-inpatient.ask-directly": "Avoid the subject, so as not to put the idea "
        "in their head",
        "org-ward.rating": 4,
    }
    from_cli = cli(
        "journal",
        "add",
        "--profile",
        "Robin",
        "--scenario",
        "low-mood-inpatient",
        "--answers",
        "-",
        "--tag",
        "low mood",
        "--final",
        stdin=json.dumps(answers),
    ).strip()

    unlocked = unlock(paths)
    journal = JournalService(paths, unlocked)
    try:
        from_form = save_as_the_form_does(
            paths, journal, answers, "low-mood-inpatient", tags=["low mood"]
        )
        by_cli, by_form = journal.get(from_cli), journal.get(from_form.id)
    finally:
        journal.close()
        unlocked.lock()

    assert by_cli.payload == by_form.payload
    p = by_cli.payload
    assert p["title"] == "Quiet in bay four"  # the scenario's own title
    assert "core.respond" not in p["answers"] and p["private"] == []
    assert p["knowledge"] == {
        "low-mood-inpatient.ask-directly": {
            "answer": answers["low-mood-inpatient.ask-directly"],
            "correct": False,
        }
    }
    assert p["confidence_before"] == {} and p["confidence_after"] == {}
    assert p["schema"] == SCHEMA_VERSION and p["questions_source"] == AS_ASKED
    asked = {q["id"]: q for q in p["questions"]}
    assert set(asked) == set(p["answers"])
    assert asked["org-ward.rating"]["pack"] == "org-ward"
    assert asked["org-ward.rating"]["pack_version"] == "3"
    assert asked["core.stood-out"]["pack"] == "core"
    assert asked["core.stood-out"]["pack_version"] == "1"  # the bundled packs give none
    assert asked["low-mood-inpatient.signs"]["kind"] == "checklist"
    assert "Not eating" in asked["low-mood-inpatient.signs"]["options"]


# ----------------------------------------------------------------------------- rewording


def test_a_reworded_pack_does_not_change_an_old_entry(cli, paths, org, tmp_path):
    cli("profile", "create", "--name", "Robin", "--role", "ward-nurse")
    entry_id = cli(
        "journal",
        "add",
        "--profile",
        "Robin",
        "--free",
        "--title",
        "A rushed handover",
        "--answers",
        "-",
        "--final",
        stdin=json.dumps(ANSWERS),
    ).strip()
    org.write_text(org_pack("4", reworded=True), encoding="utf-8")

    shown = json.loads(cli("journal", "show", "--profile", "Robin", entry_id, "--json"))
    asked = {q["id"]: q for q in shown["questions"]}
    assert asked["org-ward.escalate"]["text"] == ASKED
    assert asked["org-ward.escalate"]["pack_version"] == "3"
    assert asked["org-ward.rating"]["text"] == RATING  # removed from the pack since
    assert asked["org-ward.escalate"]["section"] == "On Ward 7"
    assert shown["questions_source"] == AS_ASKED
    text = cli("journal", "show", "--profile", "Robin", entry_id)
    assert ASKED in text and RATING in text and REWORDED not in text

    out = tmp_path / "summary.pdf"
    cli("export", "pdf", "--profile", "Robin", "--out", str(out))
    printed = pdf_text(out.read_bytes())
    assert ASKED in printed and RATING in printed and REWORDED not in printed
    assert "Other answers" not in printed and FILLED_IN_NOTE not in printed

    unlocked = unlock(paths)
    journal = JournalService(paths, unlocked)
    try:
        entry = journal.get(entry_id)
        html = plain(entry_html(entry, entry.record.sections()))
    finally:
        journal.close()
        unlocked.lock()
    assert ASKED in html and RATING in html and REWORDED not in html
    assert "2 of 5 (Not at all … Completely)" in html


# ----------------------------------------------------------------------------- upgrading


def _write_old(paths, unlocked, payload, revision=None) -> tuple[str, str | None]:
    """An entry (and a revision) sealed in the shape written before questions were stored."""
    sealer, pid = unlocked.sealer, unlocked.profile.id
    entry_id, stamp = new_id(), "2025-01-02T10:00:00.000000Z"
    db = open_db(paths.database)
    rev_id = None
    with db.atomic():
        db.execute(
            "INSERT INTO entries (id, profile_id, created_at, updated_at, status, sealed) "
            "VALUES (?, ?, ?, ?, 'final', ?)",
            [
                entry_id,
                pid,
                stamp,
                stamp,
                sealer.seal(
                    encode_payload(payload), kind=SEAL_ENTRY, profile_id=pid, record_id=entry_id
                ),
            ],
        )
        if revision is not None:
            rev_id = new_id()
            sealed = sealer.seal(
                encode_payload(revision),
                kind=SEAL_REVISION,
                profile_id=pid,
                record_id=revision_record_id(entry_id, rev_id),
            )
            db.execute(
                "INSERT INTO revisions (id, entry_id, profile_id, created_at, status, sealed) "
                "VALUES (?, ?, ?, ?, 'final', ?)",
                [rev_id, entry_id, pid, "2025-01-01T10:00:00.000000Z", sealed],
            )
    db.close()
    return entry_id, rev_id


def _stored(paths, unlocked, table, row_id, record_id, kind):
    db = open_db(paths.database)
    try:
        sealed, updated = db.execute(
            f"SELECT CAST(sealed AS BLOB), {'updated_at' if table == 'entries' else 'created_at'} "
            f"FROM {table} WHERE id = ?",
            [row_id],
        ).fetchone()
    finally:
        db.close()
    data = unlocked.sealer.open(
        sealed, kind=kind, profile_id=unlocked.profile.id, record_id=record_id
    )
    return decode_payload(data), sealed, updated


OLD = {
    "kind": "free",
    "scenario_id": None,
    "title": "Before questions were kept",
    "role": "ward-nurse",
    "model": "nmc",
    "answers": {
        "core-free.what-happened": "A patient fell at night.",
        "org-ward.escalate": "The nurse in charge.",
        "nmc.learned": "Check the bed rails.",
        "retired.question": "An answer to a question no pack has now.",
    },
    "markers": [],
    "tags": ["nights"],
}


def test_older_entries_are_upgraded_once_and_keep_their_words(paths, fast_kdf, org, tmp_path):
    unlocked = unlock(paths)
    entry_id, rev_id = _write_old(
        paths, unlocked, OLD, revision={**OLD, "answers": {"nmc.learned": "First try."}}
    )

    journal = JournalService(paths, unlocked)
    try:
        [entry] = journal.list_entries()
    finally:
        journal.close()
    record = entry.record
    assert record.schema == SCHEMA_VERSION and record.questions_source == FILLED_IN_LATER
    asked = {q.id: q for q in record.questions}
    assert (
        asked["org-ward.escalate"].text == ASKED and asked["org-ward.escalate"].pack_version == "3"
    )
    assert asked["nmc.learned"].pack == "models" and asked["nmc.learned"].section
    assert "retired.question" not in asked and record.unasked() == ["retired.question"]
    assert record.answers == OLD["answers"] and record.tags == ["nights"]

    # Sealed again with the questions; the time of the last edit is not touched.
    stored, sealed, updated = _stored(paths, unlocked, "entries", entry_id, entry_id, SEAL_ENTRY)
    assert stored == entry.payload and updated == "2025-01-02T10:00:00.000000Z"
    assert {k: stored[k] for k in OLD} == OLD
    # The revision keeps what it had; only its reading gets questions.
    rev_stored, _, _ = _stored(
        paths, unlocked, "revisions", rev_id, revision_record_id(entry_id, rev_id), SEAL_REVISION
    )
    assert "schema" not in rev_stored and "questions" not in rev_stored

    # Once only: pinned, whatever the packs become.
    org.write_text(org_pack("4", reworded=True), encoding="utf-8")
    journal = JournalService(paths, unlocked)
    try:
        again = journal.get(entry_id)
        [rev] = journal.revisions(entry_id)
    finally:
        journal.close()
    assert _stored(paths, unlocked, "entries", entry_id, entry_id, SEAL_ENTRY)[1] == sealed
    assert again.record.question("org-ward.escalate").text == ASKED
    assert rev.record.filled_in_later and rev.record.question("nmc.learned") is not None

    html = plain(entry_html(again, again.record.sections()))
    assert FILLED_IN_NOTE in html and ASKED in html and REWORDED not in html
    assert "Other answers" in html and "retired.question" in html

    from app.services.export import ExportRequest, ExportService

    data, _ = ExportService(paths, JournalService(paths, unlocked), scenarios={}).build(
        ExportRequest(compress=False)
    )
    printed = pdf_text(data)
    assert FILLED_IN_NOTE in printed and ASKED in printed and REWORDED not in printed
    unlocked.lock()


def test_an_upgrade_never_overwrites_a_save_made_in_between(paths, fast_kdf, org):
    unlocked = unlock(paths)
    entry_id, _ = _write_old(paths, unlocked, OLD)
    journal = JournalService(paths, unlocked)
    other = JournalService(paths, unlocked)
    try:
        # The other window saved a new version after this one read the old value.
        db = open_db(paths.database)
        row = db.execute(
            "SELECT id, created_at, updated_at, status, CAST(sealed AS BLOB) FROM entries"
        ).fetchone()
        db.close()
        other.update(entry_id, {**OLD, "title": "Saved elsewhere"}, "final")
        [payload] = journal._upgrade([row]).values()
        assert payload is not None and payload["title"] == OLD["title"]
        assert journal.get(entry_id).title == "Saved elsewhere"
    finally:
        journal.close()
        other.close()
        unlocked.lock()


def test_a_backup_holds_the_questions_of_older_entries(paths, fast_kdf, org, tmp_path):
    from app.services.backup import BackupService

    unlocked = unlock(paths)
    entry_id, _ = _write_old(paths, unlocked, OLD)
    BackupService(paths).write(unlocked, tmp_path / "journal.casebook-backup")
    stored, _, _ = _stored(paths, unlocked, "entries", entry_id, entry_id, SEAL_ENTRY)
    assert stored["schema"] == SCHEMA_VERSION and stored["questions"]
    unlocked.lock()


def test_search_finds_the_persons_words_not_the_questions(paths, fast_kdf, org):
    unlocked = unlock(paths)
    journal = JournalService(paths, unlocked)
    try:
        save_as_the_form_does(paths, journal, ANSWERS, title="Handover")
        assert journal.search("fall was missed")
        assert journal.search("escalate") == [] and journal.search("Ward 7") == []
    finally:
        journal.close()
        unlocked.lock()


def test_a_pack_file_path_is_not_needed_to_read_an_entry(paths, fast_kdf, org):
    """The organisation's folder can go away entirely: the entry still reads whole."""
    unlocked = unlock(paths)
    journal = JournalService(paths, unlocked)
    try:
        entry = save_as_the_form_does(paths, journal, ANSWERS, title="Handover")
        org.unlink()
        Path(org.parent).rmdir()
        again = journal.get(entry.id)
    finally:
        journal.close()
        unlocked.lock()
    html = plain(entry_html(again, again.record.sections()))
    assert ASKED in html and RATING in html and "Other answers" not in html
