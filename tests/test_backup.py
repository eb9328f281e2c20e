"""Backup of one profile to one sealed file, and restore that never loses newer work."""

from __future__ import annotations

import pytest

from app.config import Paths
from app.errors import CasebookError
from app.services.backup import MAGIC, BackupService
from app.services.journal import JournalService
from app.services.profiles import ProfileService, WrongPassphrase

PASS = "plum kettle orbit 7 window"
NEW = "seven quiet harbour lamps"


@pytest.fixture
def setup(paths, fast_kdf, tmp_path):
    service = ProfileService(paths)
    info, _ = service.create("Alex", "teacher", "Oak School", PASS)
    unlocked = service.unlock(info.id, PASS)
    journal = JournalService(paths, unlocked)
    a = journal.add({"kind": "free", "title": "First", "answers": {"q": "ünïcode ✓"}}, "final")
    journal.update(a.id, {"kind": "free", "title": "First, edited"}, "final")
    b = journal.add({"kind": "free", "title": "Second"}, "draft")
    out = tmp_path / "alex.casebook-backup"
    assert BackupService(paths).write(unlocked, out) == 2
    return paths, service, unlocked, journal, out, (a, b)


def fresh_paths(tmp_path, name="other-pc") -> Paths:
    return Paths.resolve(tmp_path / name).ensure()


def test_backup_file_is_sealed(setup):
    paths, *_, out, _ = setup
    raw = out.read_bytes()
    assert raw.startswith(MAGIC)
    for text in (b"First", b"Second", b"Oak School", "ünïcode".encode()):
        assert text not in raw


def test_restore_onto_a_fresh_data_dir(setup, tmp_path):
    _, _, _, journal, out, (a, b) = setup
    other = fresh_paths(tmp_path)
    service = BackupService(other)
    plan = service.plan_restore(out, PASS)
    assert not plan.profile_exists and not plan.needs_confirmation
    assert sorted(plan.add) == sorted([a.id, b.id])
    service.apply(plan)
    profiles = ProfileService(other)
    [info] = profiles.list_profiles()
    unlocked = profiles.unlock(info.id, PASS)
    assert unlocked.profile.setting == "Oak School"
    restored = JournalService(other, unlocked)
    assert {e.id: e.title for e in restored.list_entries()} == {
        a.id: "First, edited",
        b.id: "Second",
    }
    assert [r.title for r in restored.revisions(a.id)] == ["First"]
    assert restored.get(b.id).status == "draft"


def test_wrong_passphrase_and_damaged_files(setup, tmp_path):
    *_, out, _ = setup
    service = BackupService(fresh_paths(tmp_path))
    with pytest.raises(WrongPassphrase, match="did not open this backup"):
        service.plan_restore(out, NEW)
    broken = tmp_path / "broken"
    data = bytearray(out.read_bytes())
    data[-40] ^= 1
    broken.write_bytes(bytes(data))
    with pytest.raises(CasebookError, match="damaged"):
        service.plan_restore(broken, PASS)
    renamed = tmp_path / "renamed"
    renamed.write_bytes(out.read_bytes().replace(b'"name": "Alex"', b'"name": "Eve"'))
    with pytest.raises(CasebookError, match="damaged"):
        service.plan_restore(renamed, PASS)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    with pytest.raises(CasebookError, match="not a Casebook backup"):
        service.plan_restore(notes, PASS)
    with pytest.raises(CasebookError, match="no file"):
        service.plan_restore(tmp_path / "missing", PASS)


def test_backup_works_after_a_passphrase_change_with_the_old_one(setup, tmp_path):
    paths, profiles, unlocked, _, out, _ = setup
    profiles.change_passphrase(unlocked, NEW)
    # The backup was sealed before the change: the passphrase it was made with opens it.
    other = fresh_paths(tmp_path)
    with pytest.raises(WrongPassphrase):
        BackupService(other).plan_restore(out, NEW)
    BackupService(other).apply(BackupService(other).plan_restore(out, PASS))
    [info] = ProfileService(other).list_profiles()
    restored = ProfileService(other).unlock(info.id, PASS)
    try:
        titles = {e.title for e in JournalService(other, restored).list_entries()}
    finally:
        restored.lock()
    assert titles == {"First, edited", "Second"}


def test_restore_merges_and_never_overwrites_newer_work(setup):
    paths, _, unlocked, journal, out, (a, b) = setup
    # after the backup: A edited again here (newer than the backup), C added here
    journal.update(a.id, {"kind": "free", "title": "First, edited here later"}, "final")
    c = journal.add({"kind": "free", "title": "Third, only here"})
    service = BackupService(paths)
    plan = service.plan_restore(out, PASS)
    assert plan.profile_exists and plan.nothing_to_do and sorted(plan.keep) == sorted([a.id, b.id])
    # now B is deleted here: the backup would bring it back, and asks first
    journal.delete(b.id)
    plan = service.plan_restore(out, PASS)
    assert plan.needs_confirmation and plan.add == [b.id] and plan.replace == []
    assert "add 1" in plan.describe()
    service.apply(plan)
    titles = {e.id: e.title for e in JournalService(paths, unlocked).list_entries()}
    assert titles == {a.id: "First, edited here later", b.id: "Second", c.id: "Third, only here"}


def test_restore_newer_backup_keeps_this_computers_version_as_a_revision(setup, tmp_path):
    paths, _, unlocked, journal, out, (a, b) = setup
    # the other PC has the older version of A
    other = fresh_paths(tmp_path)
    BackupService(other).apply(BackupService(other).plan_restore(out, PASS))
    # here A moves on, and a new backup is taken
    journal.update(a.id, {"kind": "free", "title": "First, newest"}, "final")
    newer = tmp_path / "newer.casebook-backup"
    BackupService(paths).write(unlocked, newer)
    plan = BackupService(other).plan_restore(newer, PASS)
    assert plan.replace == [a.id] and plan.needs_confirmation
    BackupService(other).apply(plan)
    [info] = ProfileService(other).list_profiles()
    restored = JournalService(other, ProfileService(other).unlock(info.id, PASS))
    assert restored.get(a.id).title == "First, newest"
    assert [r.title for r in restored.revisions(a.id)].count("First, edited") >= 1


def test_a_different_profile_with_the_same_name_is_not_touched(setup, tmp_path, fast_kdf):
    *_, out, _ = setup
    other = fresh_paths(tmp_path)
    ProfileService(other).create("Alex", "ward-nurse", "", NEW)
    BackupService(other).apply(BackupService(other).plan_restore(out, PASS))
    names = sorted(p.name for p in ProfileService(other).list_profiles())
    assert names == ["Alex", "Alex (restored)"]


def test_backup_refuses_to_overwrite_a_file_that_is_not_a_backup(setup, tmp_path):
    paths, _, unlocked, *_ = setup
    precious = tmp_path / "thesis.docx"
    precious.write_bytes(b"my thesis")
    with pytest.raises(CasebookError, match="not a Casebook backup"):
        BackupService(paths).write(unlocked, precious)
    assert precious.read_bytes() == b"my thesis"


def test_the_portfolio_travels_with_the_backup(setup, tmp_path):
    from app.services.session import UnlockedSession

    paths, service, unlocked, journal, _out, _ = setup
    journal.close()
    session = UnlockedSession(unlocked)
    session.portfolio.add_activity(day="2025-01-10", title="Safeguarding course", hours=3)
    session.portfolio.set_record("discussion", name="Ade", registration="Mentor", day="2025-02-01")
    out = tmp_path / "with-portfolio.casebook-backup"
    BackupService(paths).write(unlocked, out)
    assert b"Safeguarding" not in out.read_bytes()
    other = fresh_paths(tmp_path)
    restore = BackupService(other)
    restore.apply(restore.plan_restore(out, PASS))
    profiles = ProfileService(other)
    [info] = profiles.list_profiles()
    with UnlockedSession(profiles.unlock(info.id, PASS)) as again:
        assert [a.title for a in again.portfolio.activities()] == ["Safeguarding course"]
        assert again.portfolio.record("discussion").name == "Ade"
    # Restoring onto the same computer again finds only what is newer.
    plan = BackupService(paths).plan_restore(out, PASS)
    assert plan.portfolio == 0 and plan.nothing_to_do
