"""The journal of an unlocked profile: saving, revisions, damage, search, autosave, privacy."""

from __future__ import annotations

import tempfile
import time
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import CasebookError
from app.models.entry import SCHEMA_VERSION
from app.models.journal import normalise
from app.services.journal import JournalService
from app.services.profiles import ProfileService

PASS = "plum kettle orbit 7 window"


@pytest.fixture
def journal(paths, fast_kdf):
    service = ProfileService(paths)
    info, _ = service.create("Alex", "ward-nurse", "", PASS)
    j = JournalService(paths, service.unlock(info.id, PASS))
    yield j
    j.close()


def payload(title="A night shift", **more):
    return {
        "kind": "free",
        "scenario_id": None,
        "title": title,
        "role": "ward-nurse",
        "model": "gibbs",
        "answers": {"q1": "I noticed the patient withdrew."},
        "markers": [{"at": 12.5, "note": "eye contact"}],
        "tags": ["nights"],
        **more,
    }


def test_add_get_and_list(journal):
    e = journal.add(payload(), "draft")
    got = journal.get(e.id)
    # Stored in the current schema: every key the record knows, the given values unchanged;
    # given without a schema, its questions were filled in (q1 is in no pack: none found).
    assert got.payload == {
        **normalise(payload()),
        "schema": SCHEMA_VERSION,
        "questions_source": "filled-in-later",
    }
    assert {k: got.payload[k] for k in payload()} == payload()
    assert got.status == "draft" and not got.damaged
    assert got.title == "A night shift" and got.tags == ["nights"] and got.scenario_id is None
    assert got.markers == [{"at": 12.5, "note": "eye contact"}]
    assert uuid.UUID(e.id).version == 4
    assert got.created_at.endswith("Z") and got.created_at == got.updated_at
    second = journal.add(payload("Second"), "final")
    assert [x.id for x in journal.list_entries()] == [second.id, e.id]


def test_scenario_payload_properties(journal):
    e = journal.add(
        {
            "kind": "scenario",
            "scenario_id": "low-mood-ward",
            "title": "Clip",
            "answers": {"a": ["one", "two"], "b": 4},
        }
    )
    got = journal.get(e.id)
    assert got.scenario_id == "low-mood-ward" and got.kind == "scenario"
    assert got.answers == {"a": ["one", "two"], "b": 4}


@pytest.mark.parametrize(
    "bad",
    [
        {"answers": {"q": {"nested": 1}}},
        {"answers": {"q": True}},
        {"answers": "text"},
        {"kind": "diary"},
    ],
)
def test_unstorable_payloads_are_refused_kindly(journal, bad):
    with pytest.raises(CasebookError):
        journal.add({"title": "x", **bad})
    assert journal.list_entries() == []


def test_status_must_be_draft_or_final(journal):
    with pytest.raises(CasebookError, match="draft or final"):
        journal.add(payload(), "published")


def test_editing_a_draft_keeps_no_revision_but_a_final_does(journal):
    e = journal.add(payload("v1"), "draft")
    journal.update(e.id, payload("v2"), "final")
    assert journal.revisions(e.id) == []
    journal.update(e.id, payload("v3"), "final")
    journal.update(e.id, payload("v4"), "draft")
    got = journal.get(e.id)
    assert got.title == "v4" and got.revision_count == 2 and got.status == "draft"
    assert [r.title for r in journal.revisions(e.id)] == ["v3", "v2"]
    assert got.updated_at >= got.created_at


def test_delete_removes_entry_and_revisions_for_real(journal, paths):
    e = journal.add(payload("v1"), "final")
    journal.update(e.id, payload("v2"), "final")
    sealed = [
        r[0]
        for r in journal.db.execute(
            "SELECT sealed FROM entries UNION ALL SELECT sealed FROM revisions"
        )
    ]
    keep = journal.add(payload("keep"), "final")
    journal.delete(e.id)
    with pytest.raises(CasebookError, match="no entry"):
        journal.get(e.id)
    assert journal.db.execute("SELECT count(*) FROM revisions").fetchone()[0] == 0
    assert [x.id for x in journal.list_entries()] == [keep.id]
    # secure_delete plus a truncating checkpoint: not even the ciphertext is left in the files
    for f in paths.data_dir.glob("casebook.db*"):
        raw = f.read_bytes()
        assert not any(s[20:60] in raw for s in sealed), f


def _flip(journal, entry_id, index):
    sealed = bytearray(
        journal.db.execute("SELECT sealed FROM entries WHERE id = ?", [entry_id]).fetchone()[0]
    )
    sealed[index] ^= 0x5A
    with journal.db.atomic():
        journal.db.execute("UPDATE entries SET sealed = ? WHERE id = ?", [bytes(sealed), entry_id])


def test_any_single_byte_flip_marks_only_that_entry_damaged(journal):
    entries = [journal.add(payload(f"entry {i}"), "final") for i in range(3)]
    victim = entries[1].id
    original = journal.db.execute("SELECT sealed FROM entries WHERE id = ?", [victim]).fetchone()[0]
    for i in range(len(original)):
        _flip(journal, victim, i)
        listed = {e.id: e for e in journal.list_entries()}
        assert listed[victim].damaged and listed[victim].payload == {}, i
        assert [listed[e.id].title for e in entries if e.id != victim] == ["entry 0", "entry 2"]
        _flip(journal, victim, i)  # flip back
    assert not journal.get(victim).damaged


def test_damaged_entry_can_still_be_deleted_or_overwritten(journal):
    e = journal.add(payload("x"), "final")
    _flip(journal, e.id, 5)
    assert journal.get(e.id).damaged
    journal.update(e.id, payload("rewritten"), "final")
    assert journal.get(e.id).title == "rewritten"
    journal.delete(e.id)


def test_search_is_in_memory_and_forgotten_on_lock(journal, paths):
    journal.add(payload("Handover", answers={"q1": "Café conversation about sleep"}), "final")
    other = journal.add(payload("Staff room", answers={"q1": "A pupil in Year 9 was upset"}))
    journal.add(payload("病棟での夜勤", answers={"q1": "患者さんが眠れなかった"}))
    files_before = sorted(p.name for p in paths.data_dir.rglob("*"))
    assert [e.title for e in journal.search("cafe")] == ["Handover"]
    assert [e.title for e in journal.search("SLE")] == ["Handover"]  # prefix, any case
    assert [e.id for e in journal.search("year 9 upset")] == [other.id]
    assert [e.title for e in journal.search("眠れ")] == ["病棟での夜勤"]
    assert journal.search("nothing like this") == [] and journal.search("   ") == []
    assert journal.search('quote " and (brackets') == []
    added = journal.add(payload("Later", answers={"q1": "zebra crossing"}))
    assert [e.id for e in journal.search("zebra")] == [added.id]
    journal.update(added.id, payload("Later", answers={"q1": "pelican"}))
    assert journal.search("zebra") == [] and len(journal.search("pelican")) == 1
    journal.delete(added.id)
    assert journal.search("pelican") == []
    assert sorted(p.name for p in paths.data_dir.rglob("*")) == files_before
    journal.unlocked.lock()
    assert journal._index is None and journal._cache is None and journal._texts == {}
    with pytest.raises(CasebookError, match="locked"):
        journal.search("cafe")
    with pytest.raises(CasebookError, match="locked"):
        journal.list_entries()


def test_autosave_drafts(journal):
    journal.save_autosave_draft("form-1", {"answers": {"q": "half a thought"}})
    journal.save_autosave_draft("form-1", {"answers": {"q": "a whole thought"}})
    journal.save_autosave_draft("form-2", {"answers": {}})
    assert journal.load_autosave_drafts() == {
        "form-1": {"answers": {"q": "a whole thought"}},
        "form-2": {"answers": {}},
    }
    assert journal.db.execute("SELECT count(*) FROM drafts").fetchone()[0] == 2
    journal.discard_autosave_draft("form-1")
    journal.discard_autosave_draft("never-existed")
    assert list(journal.load_autosave_drafts()) == ["form-2"]


def test_locked_profile_cannot_open_a_journal(paths, fast_kdf):
    service = ProfileService(paths)
    info, _ = service.create("Alex", "teacher", "", PASS)
    unlocked = service.unlock(info.id, PASS)
    unlocked.lock()
    with pytest.raises(CasebookError, match="locked"):
        JournalService(paths, unlocked)


def _scan(roots: list[Path], markers: list[bytes], since: float) -> list[str]:
    hits = []
    for root in roots:
        for f in root.rglob("*"):
            try:
                if not f.is_file() or f.stat().st_mtime < since:
                    continue
                raw = f.read_bytes()
            except OSError:
                continue
            hits.extend(f"{f}: {m!r}" for m in markers if m in raw)
    return hits


def test_no_journal_text_reaches_disk(paths, fast_kdf, tmp_path, monkeypatch):
    """Marker strings in every field, saved, revised, autosaved, searched, then locked."""
    start = time.time() - 1
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setenv("SQLITE_TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    marker = "ZQXMARK" + uuid.uuid4().hex[:8]
    service = ProfileService(paths)
    info, _ = service.create("Alex", "teacher", f"{marker}-setting", PASS)
    unlocked = service.unlock(info.id, PASS)
    service.update_preferences(unlocked, default_model=f"{marker}-model")
    journal = JournalService(paths, unlocked)
    big = f"{marker} " * 5000
    for i in range(30):
        p = {
            "kind": "free",
            "title": f"{marker}-title-{i}",
            "answers": {"q": f"{marker} ünï {i}", "long": big},
            "markers": [{"at": 1, "note": f"{marker}-note"}],
            "tags": [f"{marker}-tag"],
            "extra": {"notes": f"{marker}-extra"},
        }
        e = journal.add(p, "final")
        journal.update(e.id, p | {"title": f"{marker}-v2"}, "final")
        journal.save_autosave_draft(f"{marker}-key-{i}", p)
    assert len(journal.search(marker)) == 30
    journal.delete(e.id)
    forms = [marker.encode(), marker.encode("utf-16-le"), marker.lower().encode()]
    roots = [paths.data_dir, private_tmp, Path(tempfile.gettempdir())]
    assert _scan(roots, forms, start) == []
    unlocked.lock()
    journal.close()
    assert _scan(roots, forms, start) == []
    # and the system temp folder, in case anything ignored TMPDIR
    assert _scan([Path("/tmp")], forms[:1], start) == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    answers=st.dictionaries(
        st.text(min_size=1, max_size=30),
        st.one_of(
            st.text(max_size=300),
            st.integers(-(10**6), 10**6),
            st.lists(st.text(max_size=40), max_size=5),
        ),
        max_size=6,
    ),
    title=st.text(max_size=100),
)
def test_any_unicode_answers_round_trip_exactly(journal, answers, title):
    e = journal.add({"kind": "free", "title": title, "answers": answers}, "final")
    fresh = JournalService(journal.paths, journal.unlocked)  # from disk, not the cache
    got = fresh.get(e.id)
    fresh.db.close()
    assert got.answers == answers and got.title == title
    assert not got.damaged
