"""The database file: pragmas, permissions, migrations from every earlier schema, damage."""

from __future__ import annotations

import sqlite3
import stat

import pytest
import sqlite_utils

from app.errors import CasebookError
from app.models import store
from app.models.crypto import Sealer
from app.models.journal import SEAL_ENTRY, encode_payload, new_id, utc_now
from app.models.profiles import ProfileInfo
from app.services.journal import JournalService
from app.services.profiles import (
    SLOT_PASSPHRASE,
    SLOT_RECOVERY,
    ProfileService,
    _slot_columns,
    seal_prefs,
)

PASS = "plum kettle orbit 7 window"


def test_pragmas_and_user_only_files(paths):
    db = store.open_db(paths.database)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert store.schema_version(db) == store.SCHEMA_VERSION >= 3
        with db.atomic():
            db.execute("CREATE TABLE scratch (x)")  # make the -wal file exist
        for f in paths.data_dir.glob("casebook.db*"):
            assert stat.S_IMODE(f.stat().st_mode) & 0o077 == 0, f
    finally:
        db.close()


def test_fresh_database_makes_no_backup_copy(paths):
    store.open_db(paths.database).close()
    store.open_db(paths.database).close()
    assert not list(paths.backups_dir.glob("*.db"))


def _database_at(paths, version: int) -> sqlite_utils.Database:
    """A database holding the schema as it was at `version` (1-based)."""
    conn = sqlite3.connect(paths.database)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    if version < store.SCHEMA_VERSION:
        store.MIGRATIONS.apply(db, stop_before=store.MIGRATION_NAMES[version])
    else:
        store.MIGRATIONS.apply(db)
    assert store.schema_version(db) == version
    return db


def _write_old_profile(db) -> tuple[str, list[str]]:
    """Rows as that schema held them, sealed for real, so the migrated file must still open."""
    info = ProfileInfo(
        id=new_id(), name="Old Timer", role="teacher", setting="Year 9", created_at=utc_now()
    )
    from app.models import crypto

    key = crypto.new_data_key()
    row = {"id": info.id, "name": info.name, "role": info.role}
    row |= _slot_columns(PASS, key, info.id, SLOT_PASSPHRASE)
    row |= _slot_columns(crypto.new_recovery_code(), key, info.id, SLOT_RECOVERY)
    sealer = Sealer(key)
    row["prefs"] = seal_prefs(sealer, info)
    db["profiles"].insert(row)
    ids = []
    for i in range(3):
        eid = new_id()
        sealed = sealer.seal(
            encode_payload({"kind": "free", "title": f"Lesson {i}"}),
            kind=SEAL_ENTRY,
            profile_id=info.id,
            record_id=eid,
        )
        db["entries"].insert(
            {
                "id": eid,
                "profile_id": info.id,
                "created_at": utc_now(),
                "updated_at": utc_now(),
                "status": "final",
                "sealed": sealed,
            }
        )
        ids.append(eid)
    db.conn.commit()
    return info.id, ids


@pytest.mark.parametrize("version", range(1, store.SCHEMA_VERSION))
def test_migrates_from_every_earlier_schema(paths, fast_kdf, version):
    db = _database_at(paths, version)
    profile_id, ids = _write_old_profile(db)
    db.close()

    migrated = store.open_db(paths.database)
    assert store.schema_version(migrated) == store.SCHEMA_VERSION
    assert store.integrity_problems(migrated) == []
    migrated.close()
    copies = list(paths.backups_dir.glob("casebook-*-before-*.db"))
    assert len(copies) == 1
    assert store.MIGRATION_NAMES[version] in copies[0].name
    old = sqlite_utils.Database(copies[0])
    assert store.schema_version(old) == version and old["entries"].count == 3
    old.close()

    service = ProfileService(paths)
    [info] = service.list_profiles()
    assert (info.id, info.name, info.demo) == (profile_id, "Old Timer", False)
    unlocked = service.unlock(profile_id, PASS)
    assert unlocked.profile.setting == "Year 9"
    journal = JournalService(paths, unlocked)
    entries = journal.list_entries()
    assert sorted(e.id for e in entries) == sorted(ids)
    assert not any(e.damaged for e in entries)
    # the new tables work on a migrated file
    journal.update(ids[0], {"kind": "free", "title": "Lesson 0, again"}, "final")
    assert len(journal.revisions(ids[0])) == 1
    journal.save_autosave_draft("k", {"a": 1})
    assert journal.load_autosave_drafts() == {"k": {"a": 1}}
    journal.close()


def test_not_a_database_names_the_file_and_the_latest_copy(paths):
    paths.backups_dir.mkdir()
    copy = paths.backups_dir / "casebook-20250101T000000Z-before-x.db"
    copy.write_bytes(b"")
    paths.database.write_bytes(b"this is a shopping list, not a database\n" * 50)
    with pytest.raises(CasebookError) as err:
        store.open_db(paths.database)
    message = str(err.value)
    assert str(paths.database) in message and str(copy) in message
    assert "\n" not in message


def test_not_a_database_without_copies_says_what_to_do(paths):
    paths.database.write_bytes(b"\x00" * 4096)
    with pytest.raises(CasebookError, match="casebook restore"):
        store.open_db(paths.database)


def test_corrupted_pages_fail_the_check_with_a_clear_error(paths, fast_kdf):
    service = ProfileService(paths)
    info, _ = service.create("Sam", "teacher", "", PASS)
    journal = JournalService(paths, service.unlock(info.id, PASS))
    for i in range(200):
        journal.add({"kind": "free", "title": f"t{i}", "answers": {"q": "x" * 300}})
    journal.close()
    data = bytearray(paths.database.read_bytes())
    page = 4096
    for p in range(2, len(data) // page - 1):  # every b-tree page header, not the file header
        data[p * page : p * page + 8] = b"\xff" * 8
    paths.database.write_bytes(bytes(data))
    with pytest.raises(CasebookError) as err:
        store.open_db(paths.database)
    assert str(paths.database) in str(err.value)


def test_disk_full_is_a_clear_error_and_loses_nothing(paths, fast_kdf):
    service = ProfileService(paths)
    info, _ = service.create("Sam", "teacher", "", PASS)
    journal = JournalService(paths, service.unlock(info.id, PASS))
    kept = journal.add({"kind": "free", "title": "kept"}, "final")
    pages = journal.db.execute("PRAGMA page_count").fetchone()[0]
    journal.db.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(CasebookError, match="not enough free disk space"):
        for _ in range(50):
            journal.add({"kind": "free", "title": "big", "answers": {"q": "y" * 20000}})
    journal.db.execute("PRAGMA max_page_count = 1000000")
    assert journal.get(kept.id).title == "kept"
    journal.close()


def test_read_only_is_a_clear_error(paths, fast_kdf):
    service = ProfileService(paths)
    info, _ = service.create("Sam", "teacher", "", PASS)
    journal = JournalService(paths, service.unlock(info.id, PASS))
    journal.db.execute("PRAGMA query_only = ON")
    with pytest.raises(CasebookError, match="read-only"):
        journal.add({"kind": "free", "title": "x"})
    journal.close()
