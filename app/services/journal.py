"""One profile's journal while it is unlocked: save, edit, list, search, delete, autosave.

Every payload is sealed before it reaches SQLite. Decrypted entries and the search index live
only in this object's memory and are dropped when the profile locks.

Entries written before answers carried their questions (schema 1, see app/models/entry.py) are
upgraded the first time they are read: the questions are filled in from the packs of that day,
marked "filled-in-later", and the entry is sealed again (see `_upgrade`).
"""

from __future__ import annotations

import functools
import logging
import sqlite3
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Literal, ParamSpec, TypeVar

from app.config import Paths
from app.errors import CasebookError
from app.models import crypto
from app.models.entry import needs_questions
from app.models.journal import (
    SEAL_DRAFT,
    SEAL_ENTRY,
    SEAL_REVISION,
    STATUSES,
    Entry,
    PayloadError,
    decode_payload,
    encode_payload,
    new_id,
    normalise,
    searchable_text,
    utc_now,
)
from app.models.store import checkpoint, guarded, open_db
from app.services.profiles import Unlocked

_P = ParamSpec("_P")
_R = TypeVar("_R")


@dataclass(frozen=True)
class JournalChange:
    """What changed in the journal: an entry added, updated (edited, tagged) or deleted."""

    kind: Literal["added", "updated", "deleted"]
    entry_id: str
    entry: Entry | None = None  # the new version; None when deleted


def _serialised(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """One call at a time: autosave and export use the journal from worker threads."""

    @functools.wraps(method)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with args[0]._guard:  # type: ignore[attr-defined]
            return method(*args, **kwargs)

    return run


log = logging.getLogger(__name__)

FillIn = Callable[[dict[str, Any]], dict[str, Any]]
# Old entries are re-sealed this many to a transaction: each batch is all or nothing.
UPGRADE_BATCH = 100


def revision_record_id(entry_id: str, revision_id: str) -> str:
    # Binding both ids means a revision cannot be passed off as another entry's history.
    return f"{entry_id}/{revision_id}"


class JournalService:
    """The journal of one unlocked profile, owned by its UnlockedSession (one per unlock).

    Public methods are serialised, so the GUI thread and a worker may share it."""

    def __init__(
        self,
        paths: Paths,
        unlocked: Unlocked,
        *,
        on_change: Callable[[JournalChange], None] | None = None,
        fill_in: FillIn | None = None,
    ) -> None:
        if unlocked.is_locked:
            raise CasebookError("This profile is locked. Unlock it with your passphrase first.")
        self.paths = paths
        self.unlocked = unlocked
        self.profile_id = unlocked.profile.id
        # The profile service checked the file when it unlocked; no need to scan it twice.
        self.db = open_db(paths.database, check=False)
        self._cache: dict[str, Entry] | None = None
        self._index: sqlite3.Connection | None = None
        self._texts: dict[str, str] = {}
        self._guard = threading.RLock()
        self._on_change = on_change
        # Fills in the questions of an entry written before they were stored (schema 1);
        # by default the reflection service's, over the packs installed today.
        self._fill_in = fill_in
        self._stop_watching_lock = unlocked.on_lock(self._forget)

    # --- plumbing -------------------------------------------------------------------------

    def _sealer(self) -> crypto.Sealer:
        if self.unlocked.is_locked:
            raise CasebookError("This profile is locked. Unlock it with your passphrase first.")
        return self.unlocked.sealer

    @_serialised
    def _forget(self) -> None:
        """Drop every decrypted value and the search index (called on lock)."""
        self._cache = None
        self._texts = {}
        if self._index is not None:
            self._index.close()
            self._index = None

    def paused(self) -> AbstractContextManager[Any]:
        """Held, no other call on this journal runs: a key rotation's switch holds it so that
        no save sealed under the old key slips in between its last sweep and the new key."""
        return self._guard

    @_serialised
    def close(self) -> None:
        self._stop_watching_lock()
        self._forget()
        self.db.close()

    def _tell(self, change: JournalChange) -> None:
        if self._on_change is not None:
            self._on_change(change)

    def _seal(self, payload: dict[str, Any], kind: str, record_id: str) -> bytes:
        try:
            data = encode_payload(payload)
        except PayloadError as exc:
            raise CasebookError(str(exc)) from None
        return self._sealer().seal(data, kind=kind, profile_id=self.profile_id, record_id=record_id)

    def _open(self, sealed: bytes, kind: str, record_id: str) -> dict[str, Any] | None:
        """The payload, or None when the value is damaged (never raises for damage)."""
        try:
            data = self._sealer().open(
                sealed, kind=kind, profile_id=self.profile_id, record_id=record_id
            )
            return decode_payload(data)
        except (crypto.DamagedValue, ValueError):
            return None

    def _entry(self, row: tuple, revisions: int, payload: dict[str, Any] | None = None) -> Entry:
        entry_id, created_at, updated_at, status, sealed = row
        if payload is None:
            payload = self._open(sealed, SEAL_ENTRY, entry_id)
        return Entry(
            id=entry_id,
            profile_id=self.profile_id,
            created_at=created_at,
            updated_at=updated_at,
            status=status,
            payload=payload or {},
            damaged=payload is None,
            revision_count=revisions,
        )

    def _revision_count(self, entry_id: str) -> int:
        return self.db.execute(
            "SELECT count(*) FROM revisions WHERE entry_id = ?", [entry_id]
        ).fetchone()[0]

    def _remember(self, entry: Entry) -> None:
        if self._cache is not None:
            self._cache[entry.id] = entry
        if self._index is not None:
            self._index.execute("DELETE FROM fts WHERE id = ?", [entry.id])
            self._index_one(entry)

    def _index_one(self, entry: Entry) -> None:
        assert self._index is not None
        if entry.damaged:
            return
        text = searchable_text(entry.payload)
        self._texts[entry.id] = text.casefold()
        self._index.execute("INSERT INTO fts (id, body) VALUES (?, ?)", [entry.id, text])

    def _current(self, payload: dict[str, Any]) -> dict[str, Any]:
        """The payload in the current schema; checked first so a bad value is a clear error.

        A writer that gives no schema (an older caller) gets its questions filled in from
        today's packs now, marked as filled in later, rather than an entry without them."""
        try:
            encode_payload(payload)
        except PayloadError as exc:
            raise CasebookError(str(exc)) from None
        current = normalise(payload)
        if needs_questions(current):
            current = self._filler()(current)
        return current

    # --- upgrading entries of schema 1 ------------------------------------------------------

    def _filler(self) -> FillIn:
        if self._fill_in is None:
            from app.services.progress import load_scenarios
            from app.services.reflection import ReflectionService

            service = ReflectionService(self.paths, scenarios=load_scenarios(self.paths))
            self._fill_in = service.fill_in_questions
        return self._fill_in

    def _upgrade(self, rows: Sequence[tuple]) -> dict[str, dict[str, Any] | None]:
        """The opened payload of each row, entries of schema 1 upgraded and sealed again.

        Why here, lazily at the first read, rather than in a pass at unlock: every reader
        (the journal view, the PDF, `journal show`, progress, a backup) goes through
        `list_entries` or `get`, which open each value anyway, so an unlock that only saves
        costs nothing, and the questions are pinned before anyone sees the entry: from then on
        every view and print shows the same stored wording, whatever the packs become.

        Crash-safe and idempotent: entries are re-sealed a batch to a transaction, each row only
        if it still holds the value just read (a save in between wins); an interrupted batch
        leaves those entries in schema 1, to be upgraded at the next read. `updated_at` is not
        touched (nothing the person wrote changed) and no revision is kept. When the file
        cannot be written (read-only, disk full) the upgraded payload is still what is shown.
        """
        opened: dict[str, dict[str, Any] | None] = {}
        pending: list[tuple[str, bytes, dict[str, Any]]] = []
        for row in rows:
            entry_id, sealed = row[0], row[-1]
            payload = self._open(sealed, SEAL_ENTRY, entry_id)
            if payload is not None and needs_questions(payload):
                payload = self._filler()(payload)
                pending.append((entry_id, sealed, payload))
            opened[entry_id] = payload
        for start in range(0, len(pending), UPGRADE_BATCH):
            batch = []
            for entry_id, old, payload in pending[start : start + UPGRADE_BATCH]:
                try:
                    batch.append((self._seal(payload, SEAL_ENTRY, entry_id), entry_id, old))
                except CasebookError:
                    continue  # a value JSON cannot hold: shown upgraded, stored as it was
            try:
                with guarded(self.paths.database), self.db.atomic():
                    self.db.conn.executemany(
                        "UPDATE entries SET sealed = ? WHERE id = ? AND sealed = ?", batch
                    )
            except CasebookError as exc:
                log.warning("Older entries could not be upgraded yet: %s", exc)
                break
        return opened

    # --- reading --------------------------------------------------------------------------

    @_serialised
    def list_entries(self) -> list[Entry]:
        """Every entry, newest first. Damaged ones are flagged, never raised.

        Read and decrypted once per unlock; after that the cache is kept in step by every
        change made through this journal (the only one open for this profile)."""
        self._sealer()
        if self._cache is not None:
            return sorted(self._cache.values(), key=lambda e: e.updated_at, reverse=True)
        counts = dict(
            self.db.execute(
                "SELECT entry_id, count(*) FROM revisions WHERE profile_id = ? GROUP BY entry_id",
                [self.profile_id],
            ).fetchall()
        )
        rows = self.db.execute(
            "SELECT id, created_at, updated_at, status, CAST(sealed AS BLOB) AS sealed "
            "FROM entries "
            "WHERE profile_id = ? ORDER BY updated_at DESC",
            [self.profile_id],
        ).fetchall()
        payloads = self._upgrade(rows)
        entries = [self._entry(r, counts.get(r[0], 0), payloads.get(r[0])) for r in rows]
        self._cache = {e.id: e for e in entries}
        return entries

    @_serialised
    def get(self, entry_id: str) -> Entry:
        self._sealer()
        row = self.db.execute(
            "SELECT id, created_at, updated_at, status, CAST(sealed AS BLOB) AS sealed "
            "FROM entries "
            "WHERE id = ? AND profile_id = ?",
            [entry_id, self.profile_id],
        ).fetchone()
        if row is None:
            raise CasebookError(
                f"There is no entry {entry_id} in this journal. "
                "`casebook journal list` shows the entries."
            )
        return self._entry(row, self._revision_count(entry_id), self._upgrade([row]).get(entry_id))

    @_serialised
    def revisions(self, entry_id: str) -> list[Entry]:
        """Earlier versions of a final entry, newest first (id is the revision's id)."""
        self.get(entry_id)
        rows = self.db.execute(
            "SELECT id, created_at, status, CAST(sealed AS BLOB) AS sealed FROM revisions "
            "WHERE entry_id = ? "
            "AND profile_id = ? ORDER BY created_at DESC",
            [entry_id, self.profile_id],
        ).fetchall()
        result = []
        for rev_id, created_at, status, sealed in rows:
            payload = self._open(sealed, SEAL_REVISION, revision_record_id(entry_id, rev_id))
            if payload is not None and needs_questions(payload):
                # A revision keeps what it had; only this reading of it gets the questions.
                payload = self._filler()(payload)
            result.append(
                Entry(
                    id=rev_id,
                    profile_id=self.profile_id,
                    created_at=created_at,
                    updated_at=created_at,
                    status=status,
                    payload=payload or {},
                    damaged=payload is None,
                )
            )
        return result

    # --- writing --------------------------------------------------------------------------

    @staticmethod
    def _check_status(status: str) -> None:
        if status not in STATUSES:
            raise CasebookError("An entry is either a draft or final.")

    @_serialised
    def add(self, payload: dict[str, Any], status: str = "draft") -> Entry:
        self._check_status(status)
        entry_id = new_id()
        now = utc_now()
        payload = self._current(payload)
        sealed = self._seal(payload, SEAL_ENTRY, entry_id)
        with guarded(self.paths.database), self.db.atomic():
            self.db.execute(
                "INSERT INTO entries (id, profile_id, created_at, updated_at, status, sealed) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [entry_id, self.profile_id, now, now, status, sealed],
            )
        entry = Entry(
            id=entry_id,
            profile_id=self.profile_id,
            created_at=now,
            updated_at=now,
            status=status,
            payload=decode_payload(encode_payload(payload)),
        )
        self._remember(entry)
        self._tell(JournalChange("added", entry.id, entry))
        return entry

    @_serialised
    def update(
        self, entry_id: str, payload: dict[str, Any], status: str = "draft", revise: bool = True
    ) -> Entry:
        """Save a new version. When the stored version was final it is kept as a revision,
        unless `revise` is False: an addition that completes the same version (the wellbeing
        check-in just after saving) is not an edit worth an "earlier version"."""
        self._check_status(status)
        old = self.get(entry_id)
        now = utc_now()
        if now <= old.updated_at:  # clocks can step back; order must not
            now = old.updated_at
        payload = self._current(payload)
        sealed = self._seal(payload, SEAL_ENTRY, entry_id)
        revision = None
        if revise and old.status == "final" and not old.damaged:
            rev_id = new_id()
            revision = (
                rev_id,
                self._seal(old.payload, SEAL_REVISION, revision_record_id(entry_id, rev_id)),
            )
        with guarded(self.paths.database), self.db.atomic():
            if revision:
                self.db.execute(
                    "INSERT INTO revisions (id, entry_id, profile_id, created_at, status, sealed) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        revision[0],
                        entry_id,
                        self.profile_id,
                        old.updated_at,
                        old.status,
                        revision[1],
                    ],
                )
            self.db.execute(
                "UPDATE entries SET updated_at = ?, status = ?, sealed = ? WHERE id = ?",
                [now, status, sealed, entry_id],
            )
        entry = Entry(
            id=entry_id,
            profile_id=self.profile_id,
            created_at=old.created_at,
            updated_at=now,
            status=status,
            payload=decode_payload(encode_payload(payload)),
            revision_count=old.revision_count + (1 if revision else 0),
        )
        self._remember(entry)
        self._tell(JournalChange("updated", entry.id, entry))
        return entry

    @_serialised
    def delete(self, entry_id: str) -> None:
        """Gone for real: the entry and its revisions, pages overwritten (secure_delete)."""
        self.get(entry_id)
        with guarded(self.paths.database):
            with self.db.atomic():
                self.db.execute(
                    "DELETE FROM entries WHERE id = ? AND profile_id = ?",
                    [entry_id, self.profile_id],
                )
            # Copy the zeroed pages back and empty the WAL so old versions do not linger there.
            checkpoint(self.db)
        if self._cache is not None:
            self._cache.pop(entry_id, None)
        self._texts.pop(entry_id, None)
        if self._index is not None:
            self._index.execute("DELETE FROM fts WHERE id = ?", [entry_id])
        self._tell(JournalChange("deleted", entry_id))

    # --- search ---------------------------------------------------------------------------

    @_serialised
    def build_index(self) -> None:
        """The in-memory full-text index over decrypted entries (nothing of it reaches disk)."""
        if self._cache is None:
            self.list_entries()
        assert self._cache is not None
        index = sqlite3.connect(":memory:", check_same_thread=False)
        index.execute(
            "CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        self._index = index
        self._texts = {}
        with index:
            for entry in self._cache.values():
                self._index_one(entry)

    @staticmethod
    def _fts_query(text: str) -> str:
        # Each word quoted (so punctuation is literal) and matched as a prefix; all must appear.
        return " ".join('"' + word.replace('"', '""') + '"*' for word in text.split())

    @_serialised
    def search(self, text: str) -> list[Entry]:
        """Entries containing every word of `text` (word prefixes, any case), best first."""
        self._sealer()
        if not text.strip():
            return []
        if self._index is None:
            self.build_index()
        assert self._index is not None and self._cache is not None
        cache = self._cache
        try:
            ids = [
                r[0]
                for r in self._index.execute(
                    "SELECT id FROM fts WHERE fts MATCH ? ORDER BY rank", [self._fts_query(text)]
                )
            ]
        except sqlite3.OperationalError:
            ids = []
        if not ids:
            # Scripts without spaces between words (and fragments inside words) still match.
            needle = text.strip().casefold()
            ids = [i for i, body in self._texts.items() if needle in body]
            ids.sort(key=lambda i: cache[i].updated_at if i in cache else "", reverse=True)
        return [cache[i] for i in ids if i in cache]

    # --- autosave (crash recovery of the reflection form) ------------------------------------

    def _drafts(self) -> list[tuple[str, dict[str, Any]]]:
        rows = self.db.execute(
            "SELECT id, CAST(sealed AS BLOB) FROM drafts WHERE profile_id = ?", [self.profile_id]
        ).fetchall()
        found = []
        for draft_id, sealed in rows:
            value = self._open(sealed, SEAL_DRAFT, draft_id)
            if value is not None:
                found.append((draft_id, value))
        return found

    @_serialised
    def save_autosave_draft(self, key: str, payload: dict[str, Any]) -> None:
        existing = [d for d, v in self._drafts() if v.get("key") == key]
        draft_id = existing[0] if existing else new_id()
        sealed = self._seal({"key": key, "payload": payload}, SEAL_DRAFT, draft_id)
        with guarded(self.paths.database), self.db.atomic():
            self.db.execute(
                "INSERT INTO drafts (id, profile_id, updated_at, sealed) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, "
                "sealed = excluded.sealed",
                [draft_id, self.profile_id, utc_now(), sealed],
            )

    @_serialised
    def load_autosave_drafts(self) -> dict[str, dict[str, Any]]:
        return {str(v.get("key")): v.get("payload") or {} for _, v in self._drafts()}

    @_serialised
    def discard_autosave_draft(self, key: str) -> None:
        ids = [d for d, v in self._drafts() if v.get("key") == key]
        if ids:
            with guarded(self.paths.database), self.db.atomic():
                self.db.conn.executemany("DELETE FROM drafts WHERE id = ?", [[i] for i in ids])
