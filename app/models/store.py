"""Opens the one SQLite file that holds profiles and journals, and keeps its schema current.

Every connection is made by `open_db`: user-only files, synchronous=FULL (ward PCs get
switched off mid-save), foreign keys, secure_delete. The schema moves forward through
sqlite-utils' Migrations; the file is copied to `backups/` before any migration runs.

The journal mode depends on where the file is. On a local disk: WAL, so a reader never waits
for a writer. On a network drive WAL is unsafe (its index is shared memory, which two PCs
cannot share): there the file uses a rollback journal (journal_mode=DELETE) and exclusive
locking, so one PC at a time has it. An exclusive lock would also shut out this process's own
second connection, so on a network drive every `open_db` of the file shares one connection.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from app.errors import CasebookError
from app.platform import drives

MIGRATIONS = Migrations("casebook")
SQLITE_MAGIC = b"SQLite format 3\x00"


@MIGRATIONS(name="0001_profiles_and_entries")
def _m0001(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE profiles (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            kdf_t INTEGER NOT NULL, kdf_m INTEGER NOT NULL, kdf_p INTEGER NOT NULL,
            salt BLOB NOT NULL,
            wrapped_key BLOB NOT NULL,
            rec_t INTEGER NOT NULL, rec_m INTEGER NOT NULL, rec_p INTEGER NOT NULL,
            rec_salt BLOB NOT NULL,
            rec_wrapped_key BLOB NOT NULL,
            prefs BLOB NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE entries (
            id TEXT PRIMARY KEY,
            profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('draft', 'final')),
            sealed BLOB NOT NULL
        )"""
    )


@MIGRATIONS(name="0002_revisions_and_drafts")
def _m0002(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE revisions (
            id TEXT PRIMARY KEY,
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            status TEXT NOT NULL,
            sealed BLOB NOT NULL
        )"""
    )
    db.execute("CREATE INDEX revisions_by_entry ON revisions(entry_id)")
    # Autosaved reflection forms for crash recovery; their key is inside the sealed value.
    db.execute(
        """CREATE TABLE drafts (
            id TEXT PRIMARY KEY,
            profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
            updated_at TEXT NOT NULL,
            sealed BLOB NOT NULL
        )"""
    )


@MIGRATIONS(name="0003_demo_flag_and_order_index")
def _m0003(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE profiles ADD COLUMN demo INTEGER NOT NULL DEFAULT 0")
    db.execute("CREATE INDEX entries_by_profile ON entries(profile_id, updated_at)")


@MIGRATIONS(name="0004_wait_counts_and_key_rotation")
def _m0004(db: sqlite_utils.Database) -> None:
    # Wrong-passphrase count and the wall-clock time of the last one, so the growing wait holds
    # across processes (not secret: DESIGN.md's table of plain fields).
    db.execute("ALTER TABLE profiles ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE profiles ADD COLUMN last_failure REAL NOT NULL DEFAULT 0")
    # A key rotation under way: the next data key, wrapped under the current one. Present only
    # between the start of a rotation and its atomic switch (or its undoing after a crash).
    db.execute(
        """CREATE TABLE rotations (
            profile_id TEXT PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
            started_at TEXT NOT NULL,
            owner TEXT NOT NULL,
            wrapped_next BLOB NOT NULL
        )"""
    )


@MIGRATIONS(name="0005_portfolio_records")
def _m0005(db: sqlite_utils.Database) -> None:
    # CPD activities, reflective accounts, the discussion and confirmation records and the
    # portfolio's settings: each one sealed value (its kind is inside it, not in a column).
    db.execute(
        """CREATE TABLE portfolio (
            id TEXT PRIMARY KEY,
            profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
            updated_at TEXT NOT NULL,
            sealed BLOB NOT NULL
        )"""
    )
    db.execute("CREATE INDEX portfolio_by_profile ON portfolio(profile_id)")


@MIGRATIONS(name="0006_evidence_pseudonyms")
def _m0006(db: sqlite_utils.Database) -> None:
    # One row per profile and programme: the random code on that person's evidence slips,
    # sealed with the programme id and an export counter (app/services/evidence.py).
    db.execute(
        """CREATE TABLE evidence_pseudonyms (
            id TEXT PRIMARY KEY,
            profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
            sealed BLOB NOT NULL
        )"""
    )


# Every table the app reads; a file whose migrations say otherwise has been tampered with.
REQUIRED_TABLES = (
    "profiles",
    "entries",
    "revisions",
    "drafts",
    "rotations",
    "portfolio",
    "evidence_pseudonyms",
)

SCHEMA_VERSION = len(MIGRATIONS._migrations)
MIGRATION_NAMES = [m.name for m in MIGRATIONS._migrations]


def schema_version(db: sqlite_utils.Database) -> int:
    return len(MIGRATIONS.applied(db))


def latest_backup(backups_dir: Path) -> Path | None:
    copies = (
        sorted(backups_dir.glob("*.db"), key=lambda p: p.stat().st_mtime)
        if backups_dir.is_dir()
        else []
    )
    return copies[-1] if copies else None


def _unusable(path: Path, what: str) -> CasebookError:
    backup = latest_backup(path.parent / "backups")
    if backup:
        hint = (
            f"The most recent copy is {backup}: close Casebook and copy it over the damaged "
            "file, or restore a profile from its backup file with `casebook restore`."
        )
    else:
        hint = (
            "There is no earlier copy in the backups folder; restore a profile from its "
            "backup file with `casebook restore`, or ask IT for help."
        )
    return CasebookError(f"The journal database {path} {what}. {hint}")


def _disk_full(folder: Path) -> bool:
    # SQLite often says only "disk I/O error" when a -wal or -shm file cannot grow.
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        return False


def _read_only(folder: Path) -> bool:
    """A folder this process cannot write: permissions, or a read-only mount (which even an
    administrator cannot write, and `os.access` does not always see)."""
    if not folder.is_dir():
        return False
    if not os.access(folder, os.W_OK):
        return True
    if sys.platform != "win32":
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    return False


LOW_SPACE_BYTES = 1024 * 1024


def storage_error(exc: sqlite3.Error | OSError, path: Path) -> CasebookError:
    """Turns SQLite's (and the file system's) failures into one sentence a person can act on."""
    text = str(exc).lower()
    if not path.parent.is_dir():
        return CasebookError(
            f"The data folder {path.parent} does not exist (an unplugged drive or a moved "
            "folder?). Reconnect it, or choose another folder with --home."
        )
    if "readonly" in text or "read-only" in text or _read_only(path.parent):
        return CasebookError(
            f"Casebook cannot write to {path.parent} because it is read-only. Nothing already "
            "saved was lost. Ask IT for write access, or choose another folder with --home."
        )
    if "full" in text or "no space" in text or _disk_full(path.parent):
        return CasebookError(
            f"There is not enough free disk space to save in {path.parent}. Nothing already "
            "saved was lost. Free some space and try again."
        )
    if "locked" in text or "busy" in text:
        if drives.locate(path.parent).network:
            return CasebookError(
                f"The journal database {path} is on a network drive and is open in Casebook "
                "on another computer (or in another Casebook window). Close it there, then "
                "try again: only one may use it at a time."
            )
        return CasebookError("Another Casebook window is saving right now. Try again in a moment.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return _unusable(path, "is damaged")
    return CasebookError(f"Casebook could not save to {path}: {exc}.")


@contextlib.contextmanager
def guarded(path: Path) -> Iterator[None]:
    """Wrap database work so disk-full, read-only and damage give a clear CasebookError."""
    try:
        yield
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from exc


def _backup_copy(conn: sqlite3.Connection, path: Path, before: str) -> Path:
    backups = path.parent / "backups"
    backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups / f"{path.stem}-{stamp}-before-{before}.db"
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)  # consistent even with a live WAL
    finally:
        dest.close()
    return target


# What link(2) says on a file system without hard links.
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV}
WAL = "wal"
ROLLBACK = "delete"


def journal_mode_for(path: Path) -> tuple[str, drives.Location]:
    """WAL on a local disk; a rollback journal on a network drive (see the module's note)."""
    where = drives.locate(path.parent)
    return (ROLLBACK if where.network else WAL), where


class _SharedConnection(sqlite3.Connection):
    """A network database's one connection in this process, closed when its last user
    closes it (each `open_db` caller closes its Database as before)."""

    users = 0
    key = ""

    def close(self) -> None:
        with _SHARED_LOCK:
            self.users -= 1
            if self.users > 0:
                return
            if _SHARED.get(self.key) is self:
                del _SHARED[self.key]
        super().close()


_SHARED: dict[str, _SharedConnection] = {}
_SHARED_LOCK = threading.RLock()


def _create_fresh(path: Path, mode: str = WAL) -> None:
    """Make a new, fully migrated database at `path`, or leave the one another process made.

    Built under a private name and linked into place in one step, so no process ever sees a
    half-made file: an empty `casebook.db` can then only mean damage, never "being created"."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.new")
    conn = sqlite3.connect(tmp)
    try:
        db = sqlite_utils.Database(conn, execute_plugins=False)
        db.execute("PRAGMA synchronous=FULL")
        MIGRATIONS.apply(db)
        if mode == WAL:
            db.enable_wal()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass  # another process made it first: use theirs
    except OSError as exc:
        # Many SMB and some NFS shares cannot make hard links. Put the file in place by
        # renaming instead, unless another process made one meanwhile (a narrow window).
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if not path.exists():
            os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            leftover.unlink(missing_ok=True)


def open_db(path: Path | str, *, check: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the database, verify it and apply pending migrations."""
    path = Path(path)
    os.umask(0o077)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode, _where = journal_mode_for(path)
        if mode == ROLLBACK:
            with _SHARED_LOCK:
                shared = _SHARED.get(str(path.resolve()))
                if shared is not None:
                    shared.users += 1
                    return sqlite_utils.Database(shared, execute_plugins=False)
        if not path.exists():
            _create_fresh(path, mode)
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except PermissionError as exc:
        raise _unusable(path, "cannot be read by this user account") from exc
    except (OSError, sqlite3.Error) as exc:
        raise storage_error(exc, path) from exc
    if not head:
        raise _unusable(path, "is empty (0 bytes): it is damaged, and Casebook has not replaced it")
    if head != SQLITE_MAGIC:
        raise _unusable(path, "is not a Casebook database (it may be damaged)")
    try:
        factory = _SharedConnection if mode == ROLLBACK else sqlite3.Connection
        conn = sqlite3.connect(path, timeout=10, check_same_thread=False, factory=factory)
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from exc
    try:
        db = sqlite_utils.Database(conn, execute_plugins=False)
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA secure_delete=ON")
        db.execute("PRAGMA synchronous=FULL")
        _set_journal_mode(db, mode)
        if check:
            result = db.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise _unusable(path, "failed its integrity check")
        pending = MIGRATIONS.pending(db)
        if pending:
            existing = MIGRATIONS.applied(db) or db.table_names()
            if existing:
                _backup_copy(conn, path, pending[0].name)
            MIGRATIONS.apply(db)
        missing = [t for t in REQUIRED_TABLES if not db[t].exists()]
        if missing:
            raise _unusable(path, f"is damaged (its {', '.join(missing)} table is missing)")
    except CasebookError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        text = str(exc).lower()
        if "not a database" in text or "malformed" in text or "corrupt" in text:
            raise _unusable(path, "is damaged and cannot be read") from exc
        raise storage_error(exc, path) from exc
    if isinstance(conn, _SharedConnection):
        with _SHARED_LOCK:
            conn.users, conn.key = 1, str(path.resolve())
            _SHARED[conn.key] = conn
    return db


def _set_journal_mode(db: sqlite_utils.Database, mode: str) -> None:
    if mode == ROLLBACK:
        # Exclusive first: leaving WAL needs sole use, and then no -shm index is ever made.
        db.execute("PRAGMA locking_mode=EXCLUSIVE")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != ROLLBACK:
            db.execute("PRAGMA journal_mode=DELETE")
        # Take the lock now, not at the first write: another PC is then told at once.
        db.execute("BEGIN EXCLUSIVE")
        db.execute("COMMIT")
    elif db.execute("PRAGMA journal_mode").fetchone()[0] != WAL:
        db.enable_wal()  # back on a local disk (a file copied off a network drive)


def journal_mode(db: sqlite_utils.Database) -> str:
    """The open file's journal mode: "wal" on a local disk, "delete" on a network drive."""
    return str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower()


def locking_mode(db: sqlite_utils.Database) -> str:
    return str(db.execute("PRAGMA locking_mode").fetchone()[0]).lower()


def checkpoint(db: sqlite_utils.Database) -> None:
    """Copy the WAL back into casebook.db and empty it, so a copy of the file alone is whole.

    Best effort: a reader elsewhere can hold the WAL; the next checkpoint catches up. With a
    rollback journal (network drives) every commit already lands in the file: nothing to do."""
    if journal_mode(db) != WAL:
        return
    with contextlib.suppress(sqlite3.Error):
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def integrity_problems(db: sqlite_utils.Database) -> list[str]:
    """Full `PRAGMA integrity_check` (slower than the quick check done on open)."""
    rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows
