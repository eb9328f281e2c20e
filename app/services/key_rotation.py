"""Key rotation: a new data key for a profile, every sealed value re-sealed under it.

Re-wrapping the data key (a new passphrase) leaves any old copy of the wrapped key — an old
backup, the copy made before a migration — able to open everything written afterwards. Only a
new data key retires an old passphrase or recovery code. Rotation is crash-safe:

1. start: the next key is stored wrapped under the current one (table `rotations`), in one
   transaction. Nothing else changes: the current passphrase still opens everything.
2. re-seal: entries, revisions, drafts, portfolio records and slip codes are re-sealed a batch to a
   transaction. A value is written only if it still holds what was read (a save in between
   wins; step 3 catches it).
3. switch: in one transaction, any value still under the current key is re-sealed, the
   preferences too, the passphrase and recovery slots are replaced by ones wrapping the next
   key, and the rotation row is removed. Before this commit only the current key is in the
   slots; after it only the next one.

A process stopped during step 2 leaves a mix: the next unlock (with the current passphrase or
recovery code, the only ones that work then) undoes it with `undo_unfinished`, putting every
value back under the current key, so the journal always opens whole.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from app.errors import CasebookError
from app.models import crypto
from app.models.evidence import SEAL_EVIDENCE_CODE
from app.models.journal import (
    SEAL_DRAFT,
    SEAL_ENTRY,
    SEAL_PORTFOLIO,
    SEAL_PREFS,
    SEAL_REVISION,
    utc_now,
)
from app.models.store import checkpoint, guarded

Progress = Callable[[int, int], None]  # (values re-sealed, total)
BATCH = 500
_NEXT_SLOT = "rotation-next"


@dataclass(frozen=True)
class _Table:
    name: str
    kind: str
    record: Callable[[tuple[Any, ...]], str]  # (id, extra) -> the AAD's record id
    extra: str  # a second column the record id needs ('' when none)


# revision ids bind the entry too (see JournalService.revision_record_id)
_TABLES = (
    _Table("entries", SEAL_ENTRY, lambda r: str(r[0]), ""),
    _Table("revisions", SEAL_REVISION, lambda r: f"{r[1]}/{r[0]}", "entry_id"),
    _Table("drafts", SEAL_DRAFT, lambda r: str(r[0]), ""),
    # CPD activities, accounts and records (app/services/portfolio.py)
    _Table("portfolio", SEAL_PORTFOLIO, lambda r: str(r[0]), ""),
    # each programme's code on anonymous progress slips (app/services/evidence.py)
    _Table("evidence_pseudonyms", SEAL_EVIDENCE_CODE, lambda r: str(r[0]), ""),
)


# A rotation of even a very large journal takes seconds; one older than this was cut short.
STALE_MINUTES = 30


def _minutes_ago(minutes: int) -> str:
    when = datetime.now(UTC) - timedelta(minutes=minutes)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # the format of utc_now(), so they compare


def _owner() -> str:
    return f"{platform.node()}:{os.getpid()}"


def _alive(owner: str) -> bool:
    """Is the process that started a rotation still running (on this computer)?"""
    host, _, pid = owner.rpartition(":")
    if host != platform.node() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


class _Resealer:
    """Opens under one key and seals under another, for one profile."""

    def __init__(self, profile_id: str, old: bytes | bytearray, new: bytes | bytearray) -> None:
        self.profile_id = profile_id
        self.old = crypto.Sealer(old)
        self.new = crypto.Sealer(new)

    def reseal(self, sealed: bytes, kind: str, record_id: str) -> bytes | None:
        """The value under the new key; None when it is already there or opens under neither
        (a damaged value stays as it is, damaged either way)."""
        ids = {"kind": kind, "profile_id": self.profile_id, "record_id": record_id}
        try:
            self.new.open(sealed, **ids)
            return None
        except crypto.DamagedValue:
            pass
        try:
            plain = self.old.open(sealed, **ids)
        except crypto.DamagedValue:
            return None
        return self.new.seal(plain, **ids)

    def forget(self) -> None:
        self.old.forget()
        self.new.forget()


def _rows(
    db: sqlite_utils.Database, table: _Table, profile_id: str
) -> Iterator[list[tuple[Any, ...]]]:
    extra = f", {table.extra}" if table.extra else ", ''"
    cursor = db.execute(
        f"SELECT id{extra}, CAST(sealed AS BLOB) FROM {table.name} WHERE profile_id = ?",
        [profile_id],
    )
    while batch := cursor.fetchmany(BATCH):
        yield batch


def _count(db: sqlite_utils.Database, profile_id: str) -> int:
    return sum(
        db.execute(f"SELECT count(*) FROM {t.name} WHERE profile_id = ?", [profile_id]).fetchone()[
            0
        ]
        for t in _TABLES
    )


def _sweep(
    db: sqlite_utils.Database,
    resealer: _Resealer,
    *,
    path: Path,
    commit_each_batch: bool,
    progress: Progress | None = None,
) -> int:
    """Re-seal every value of the profile that is not yet under the new key; returns how many."""
    total = _count(db, resealer.profile_id) if progress else 0
    seen = changed = 0
    for table in _TABLES:
        # Read everything first: updating rows while a cursor walks them is not safe.
        batches = list(_rows(db, table, resealer.profile_id))
        for batch in batches:
            updates = []
            for row_id, extra, sealed in batch:
                fresh = resealer.reseal(sealed, table.kind, table.record((row_id, extra)))
                if fresh is not None:
                    updates.append((fresh, row_id, sealed))
            if updates:
                sql = f"UPDATE {table.name} SET sealed = ? WHERE id = ? AND sealed = ?"
                if commit_each_batch:
                    with guarded(path), db.atomic():
                        db.conn.executemany(sql, updates)
                else:
                    db.conn.executemany(sql, updates)
            changed += len(updates)
            seen += len(batch)
            if progress:
                progress(seen, total)
    return changed


def _wrap_next(current: bytes | bytearray, nxt: bytes | bytearray, profile_id: str) -> bytes:
    return crypto.wrap_key(
        current,
        nxt,
        slot=_NEXT_SLOT,
        params=crypto.KdfParams(0, 0, 0),
        salt=b"",
        profile_id=profile_id,
    )


def _unwrap_next(current: bytes | bytearray, wrapped: bytes, profile_id: str) -> bytearray:
    return crypto.unwrap_key(
        current,
        wrapped,
        slot=_NEXT_SLOT,
        params=crypto.KdfParams(0, 0, 0),
        salt=b"",
        profile_id=profile_id,
    )


def undo_unfinished(
    db: sqlite_utils.Database, path: Path, profile_id: str, current: bytes | bytearray
) -> bool:
    """After a rotation that stopped half way: every value back under the current key.

    Returns True when there was one to undo. Raises CasebookError while another running
    Casebook is still rotating this profile (its switch will finish the job)."""
    row = db.execute(
        "SELECT owner, started_at, CAST(wrapped_next AS BLOB) FROM rotations WHERE profile_id = ?",
        [profile_id],
    ).fetchone()
    if row is None:
        return False
    owner, started_at, wrapped = row
    # A process id can be reused after a crash: only a recent rotation counts as running.
    if _alive(owner) and str(started_at) > _minutes_ago(STALE_MINUTES):
        raise CasebookError(
            "This profile's key is being changed in another Casebook window. "
            "Try again when it has finished (a minute or two at most)."
        )
    try:
        nxt = _unwrap_next(current, bytes(wrapped), profile_id)
    except crypto.WrongKey:
        nxt = None  # a tampered row: nothing can have been sealed under a key nobody can read
    try:
        if nxt is not None:
            back = _Resealer(profile_id, nxt, current)
            try:
                _sweep(db, back, path=path, commit_each_batch=True)
            finally:
                back.forget()
        with guarded(path), db.atomic():
            db.execute("DELETE FROM rotations WHERE profile_id = ?", [profile_id])
    finally:
        crypto.wipe(nxt)
    return True


def rotate(
    db: sqlite_utils.Database,
    path: Path,
    profile_id: str,
    current: bytes | bytearray,
    new_slots: Callable[[bytearray], dict[str, Any]],
    *,
    progress: Progress | None = None,
    hold: AbstractContextManager[Any] | None = None,
) -> bytearray:
    """Re-seal the profile under a new data key; returns that key (the caller owns it).

    `new_slots(next_key)` gives the profile columns that wrap the next key (passphrase and
    recovery slots); they replace the current ones in the switch. `hold` is held for the
    switch only: the open journal's guard, so no save sealed under the old key slips in
    between the final sweep and the moment the caller starts using the new key.
    """
    undo_unfinished(db, path, profile_id, current)
    nxt = crypto.new_data_key()
    try:
        columns = new_slots(nxt)
        with guarded(path), db.atomic():
            db.execute(
                "INSERT INTO rotations (profile_id, started_at, owner, wrapped_next) "
                "VALUES (?, ?, ?, ?)",
                [profile_id, utc_now(), _owner(), _wrap_next(current, nxt, profile_id)],
            )
        resealer = _Resealer(profile_id, current, nxt)
        try:
            _sweep(db, resealer, path=path, commit_each_batch=True, progress=progress)
            with hold or nullcontext(), guarded(path):
                db.conn.execute("BEGIN IMMEDIATE")
                try:
                    _sweep(db, resealer, path=path, commit_each_batch=False)
                    prefs = db.execute(
                        "SELECT CAST(prefs AS BLOB) FROM profiles WHERE id = ?", [profile_id]
                    ).fetchone()[0]
                    fresh = resealer.reseal(prefs, SEAL_PREFS, profile_id)
                    if fresh is not None:
                        columns = {**columns, "prefs": fresh}
                    assignments = ", ".join(f"{name} = ?" for name in columns)
                    db.execute(
                        f"UPDATE profiles SET {assignments} WHERE id = ?",
                        [*columns.values(), profile_id],
                    )
                    db.execute("DELETE FROM rotations WHERE profile_id = ?", [profile_id])
                    db.conn.execute("COMMIT")
                except BaseException:
                    db.conn.execute("ROLLBACK")
                    raise
        finally:
            resealer.forget()
    except BaseException:
        crypto.wipe(nxt)
        raise
    # Old values may linger in the WAL until the next checkpoint: copy back and empty it now.
    checkpoint(db)
    return nxt
