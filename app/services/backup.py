"""Encrypted backup of one profile to one file, and restore that never silently loses newer work.

File layout:
    line 1  "CASEBOOK-BACKUP 1"
    line 2  JSON header: profile id, name, role, demo, KDF parameters, salts, wrapped keys
            (the same things the database keeps plain), the backup's time and entry count
    rest    one sealed value under the profile's data key holding every entry and revision as
            stored (already sealed), bound to a hash of the header so neither can be swapped.
The passphrase the profile had when the backup was made opens it on any PC.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.config import Paths
from app.errors import CasebookError
from app.models import crypto
from app.models.journal import (
    SEAL_BACKUP,
    SEAL_ENTRY,
    SEAL_PREFS,
    SEAL_REVISION,
    new_id,
    utc_now,
)
from app.models.store import guarded, open_db
from app.platform.replace import FileHeldOpen, replace_file
from app.services.journal import JournalService, revision_record_id
from app.services.profiles import (
    SLOT_PASSPHRASE,
    Unlocked,
    WrongPassphrase,
    name_key,
    unwrap_slot,
)

MAGIC = b"CASEBOOK-BACKUP 1\n"
_SLOT_COLUMNS = (
    "kdf_t",
    "kdf_m",
    "kdf_p",
    "salt",
    "wrapped_key",
    "rec_t",
    "rec_m",
    "rec_p",
    "rec_salt",
    "rec_wrapped_key",
)
_BLOBS = {"salt", "wrapped_key", "rec_salt", "rec_wrapped_key", "prefs", "sealed"}


def _b64(row: dict[str, Any]) -> dict[str, Any]:
    return {k: base64.b64encode(v).decode() if k in _BLOBS else v for k, v in row.items()}


class _Malformed(ValueError):
    """A backup field is not of the shape Casebook writes."""


def _unb64(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if k in _BLOBS:
            if not isinstance(v, str):
                raise _Malformed(f"{k} is not text")
            try:
                v = base64.b64decode(v, validate=True)
            except (binascii.Error, ValueError):
                raise _Malformed(f"{k} is not base64") from None
        out[k] = v
    return out


_HEADER_TEXT = ("profile_id", "name", "role")
_ENTRY_TEXT = ("id", "created_at", "updated_at", "status", "sealed")
_REVISION_TEXT = ("id", "entry_id", "created_at", "status", "sealed")


def _check_header(header: object) -> dict[str, Any]:
    """Every field the restore reads, of the type it expects, before any key is derived."""
    if not isinstance(header, dict):
        raise _Malformed("the header is not an object")
    for name in (*_HEADER_TEXT, *(c for c in _SLOT_COLUMNS if c in _BLOBS)):
        if not isinstance(header.get(name), str) or not header[name]:
            raise _Malformed(f"{name} is missing")
    for name in ("kdf_t", "kdf_m", "kdf_p", "rec_t", "rec_m", "rec_p"):
        if name not in header:
            raise _Malformed(f"{name} is missing")
    if len(header["name"]) > 200:
        raise _Malformed("the name is too long")
    return header


def _check_body(body: object) -> dict[str, Any]:
    if not isinstance(body, dict) or not isinstance(body.get("prefs"), str):
        raise _Malformed("the contents are not an object")
    for part, fields in (("entries", _ENTRY_TEXT), ("revisions", _REVISION_TEXT)):
        rows = body.get(part)
        if not isinstance(rows, list):
            raise _Malformed(f"{part} are missing")
        for row in rows:
            if not isinstance(row, dict) or not all(isinstance(row.get(f), str) for f in fields):
                raise _Malformed(f"one of the {part} is not complete")
            if part == "entries" and row["status"] not in ("draft", "final"):
                raise _Malformed("an entry has an unknown status")
    return body


def _rows(db, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


@dataclass
class RestorePlan:
    """What a restore would do. `needs_confirmation` when it changes an existing profile."""

    source: Path
    header: dict[str, Any]
    body: dict[str, Any]
    key: bytearray
    profile_exists: bool
    restore_name: str
    add: list[str] = field(default_factory=list)
    replace: list[str] = field(default_factory=list)  # backup newer: local kept as a revision
    keep: list[str] = field(default_factory=list)  # this PC's copy is as new or newer
    new_revisions: int = 0
    portfolio: int = 0  # portfolio records new or newer in the backup

    @property
    def needs_confirmation(self) -> bool:
        return self.profile_exists and bool(
            self.add or self.replace or self.new_revisions or self.portfolio
        )

    @property
    def nothing_to_do(self) -> bool:
        return self.profile_exists and not (
            self.add or self.replace or self.new_revisions or self.portfolio
        )

    def describe(self) -> str:
        n = len(self.body["entries"])
        if not self.profile_exists:
            return f"Restore profile '{self.restore_name}' with {n} journal entries."
        if self.nothing_to_do:
            return (
                f"Profile '{self.restore_name}' on this computer already has everything in "
                "this backup. Nothing to do."
            )
        parts = [f"Profile '{self.restore_name}' is already on this computer. The backup would:"]
        parts.append(f"add {len(self.add)} entries this computer does not have;")
        parts.append(
            f"update {len(self.replace)} entries that are newer in the backup "
            "(this computer's version is kept as an earlier revision);"
        )
        parts.append(f"keep {len(self.keep)} entries that are as new or newer here, unchanged.")
        if self.portfolio:
            parts.append(f"It also brings {self.portfolio} newer portfolio records.")
        return " ".join(parts)

    def summary(self) -> dict[str, Any]:
        return {
            "profile": self.restore_name,
            "profile_exists": self.profile_exists,
            "add": len(self.add),
            "update": len(self.replace),
            "keep": len(self.keep),
            "new_revisions": self.new_revisions,
            "portfolio": self.portfolio,
        }


class BackupService:
    def __init__(self, paths: Paths) -> None:
        self.paths = paths

    # --- writing ---------------------------------------------------------------------------

    def write(self, unlocked: Unlocked, out: Path) -> int:
        """Write the profile's backup to `out` (atomically); returns the number of entries."""
        out = Path(out)
        if out.exists() and not self.is_backup(out):
            raise CasebookError(
                f"{out} already exists and is not a Casebook backup. "
                "Please choose another file name."
            )
        profile_id = unlocked.profile.id
        self.paths.ensure()
        # Entries written before answers carried their questions get them first (the journal
        # upgrades at its first read), so a backup holds each question as the journal shows it.
        journal = JournalService(self.paths, unlocked)
        try:
            journal.list_entries()
        finally:
            journal.close()
        db = open_db(self.paths.database)
        try:
            profile = _rows(db, "SELECT * FROM profiles WHERE id = ?", [profile_id])
            if not profile:
                raise CasebookError("That profile is no longer on this computer.")
            entries = _rows(
                db,
                "SELECT id, created_at, updated_at, status, CAST(sealed AS BLOB) AS sealed "
                "FROM entries "
                "WHERE profile_id = ?",
                [profile_id],
            )
            revisions = _rows(
                db,
                "SELECT id, entry_id, created_at, status, CAST(sealed AS BLOB) AS sealed "
                "FROM revisions "
                "WHERE profile_id = ?",
                [profile_id],
            )
            # CPD activities, accounts and records: sealed values, copied as stored.
            portfolio = _rows(
                db,
                "SELECT id, updated_at, CAST(sealed AS BLOB) AS sealed FROM portfolio "
                "WHERE profile_id = ?",
                [profile_id],
            )
        finally:
            db.close()
        row = profile[0]
        header = {
            "format": 1,
            "backup_id": new_id(),
            "made_at": utc_now(),
            "profile_id": profile_id,
            "name": row["name"],
            "role": row["role"],
            "demo": bool(row.get("demo")),
            **_b64({k: row[k] for k in _SLOT_COLUMNS}),
            "entries": len(entries),
        }
        header_bytes = json.dumps(header, sort_keys=True).encode()
        body = json.dumps(
            {
                "prefs": base64.b64encode(row["prefs"]).decode(),
                "entries": [_b64(e) for e in entries],
                "revisions": [_b64(r) for r in revisions],
                "portfolio": [_b64(r) for r in portfolio],
            }
        ).encode()
        sealed = unlocked.sealer.seal(
            body,
            kind=SEAL_BACKUP,
            profile_id=profile_id,
            record_id=hashlib.sha256(header_bytes).hexdigest(),
        )
        os.umask(0o077)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".partial")
        try:
            with open(tmp, "wb") as fh:
                fh.write(MAGIC + header_bytes + b"\n" + sealed)
                fh.flush()
                os.fsync(fh.fileno())
            replace_file(tmp, out)
        except FileHeldOpen:
            tmp.unlink(missing_ok=True)
            raise
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise CasebookError(
                f"Could not write the backup to {out}: {exc.strerror or exc}. "
                "Nothing in the journal was changed."
            ) from None
        return len(entries)

    @staticmethod
    def is_backup(path: Path) -> bool:
        try:
            with open(path, "rb") as fh:
                return fh.read(len(MAGIC)) == MAGIC
        except OSError:
            return False

    # --- restoring -------------------------------------------------------------------------

    def read_header(self, source: Path) -> tuple[dict[str, Any], bytes, bytes]:
        source = Path(source)
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            raise CasebookError(f"There is no file at {source}.") from None
        if not data.startswith(MAGIC):
            raise CasebookError(f"{source} is not a Casebook backup file.")
        header_bytes, _, sealed = data[len(MAGIC) :].partition(b"\n")
        try:
            header = _check_header(json.loads(header_bytes))
        except (ValueError, RecursionError) as exc:
            raise self._damaged(source, exc) from None
        return header, header_bytes, sealed

    @staticmethod
    def _damaged(source: Path, why: object = None) -> CasebookError:
        detail = f" ({why})" if isinstance(why, (_Malformed, crypto.MalformedSlot)) else ""
        return CasebookError(f"The backup file {source} is damaged{detail} and cannot be restored.")

    def plan_restore(self, source: Path, passphrase: str) -> RestorePlan:
        header, header_bytes, sealed = self.read_header(source)
        try:
            slot_row = {
                "id": header["profile_id"],
                **_unb64({k: header[k] for k in _SLOT_COLUMNS}),
            }
            key = unwrap_slot(slot_row, passphrase, SLOT_PASSPHRASE)
        except (_Malformed, crypto.MalformedSlot) as exc:
            raise self._damaged(source, exc) from None
        except crypto.WrongKey:
            raise WrongPassphrase(
                "That passphrase did not open this backup. Use the passphrase "
                "the profile had when the backup was made."
            ) from None
        sealer = crypto.Sealer(key)
        try:
            body = _check_body(
                json.loads(
                    sealer.open(
                        sealed,
                        kind=SEAL_BACKUP,
                        profile_id=header["profile_id"],
                        record_id=hashlib.sha256(header_bytes).hexdigest(),
                    )
                )
            )
            for row in (*body["entries"], *body["revisions"]):
                _unb64({"sealed": row["sealed"]})
        except (crypto.DamagedValue, ValueError, RecursionError) as exc:
            crypto.wipe(key)
            raise self._damaged(source, exc) from None
        self.paths.ensure()
        db = open_db(self.paths.database)
        try:
            profiles = _rows(db, "SELECT id, name, CAST(prefs AS BLOB) AS prefs FROM profiles", [])
            local = {
                r["id"]: r
                for r in _rows(
                    db,
                    "SELECT id, updated_at FROM entries WHERE profile_id = ?",
                    [header["profile_id"]],
                )
            }
            local_revs = {
                r[0]
                for r in db.execute(
                    "SELECT id FROM revisions WHERE profile_id = ?", [header["profile_id"]]
                )
            }
            local_portfolio = dict(
                db.execute(
                    "SELECT id, updated_at FROM portfolio WHERE profile_id = ?",
                    [header["profile_id"]],
                )
            )
        finally:
            db.close()
        exists = any(p["id"] == header["profile_id"] for p in profiles)
        name = header["name"]
        if exists:
            here = next(p for p in profiles if p["id"] == header["profile_id"])
            name = here["name"]
            try:
                sealer.open(
                    here["prefs"],
                    kind=SEAL_PREFS,
                    profile_id=header["profile_id"],
                    record_id=header["profile_id"],
                )
            except crypto.DamagedValue:
                # The profile's data key was rotated after this backup was made: its entries
                # are sealed under the old key, which this computer's journal no longer uses.
                crypto.wipe(key)
                raise CasebookError(
                    f"This backup was made before the key of '{name}' was changed on this "
                    "computer, so it opens only the entries it holds and cannot be merged "
                    "into the profile here. Restore it on another computer, or delete the "
                    "profile here first."
                ) from None
        elif any(name_key(p["name"]) == name_key(name) for p in profiles):
            name = f"{name} (restored)"
        plan = RestorePlan(Path(source), header, body, key, exists, name)
        for e in body["entries"]:
            mine = local.get(e["id"])
            if mine is None:
                plan.add.append(e["id"])
            elif mine["updated_at"] < e["updated_at"]:
                plan.replace.append(e["id"])
            else:
                plan.keep.append(e["id"])
        if exists:
            plan.new_revisions = sum(1 for r in body["revisions"] if r["id"] not in local_revs)
            plan.portfolio = sum(
                1
                for r in body.get("portfolio", [])
                if local_portfolio.get(r["id"], "") < r["updated_at"]
            )
        return plan

    def apply(self, plan: RestorePlan) -> None:
        """Carry out a plan (after the person agreed, when it needed agreeing to)."""
        pid = plan.header["profile_id"]
        sealer = crypto.Sealer(plan.key)
        entries = {e["id"]: _unb64(e) for e in plan.body["entries"]}
        db = open_db(self.paths.database)
        try:
            with guarded(self.paths.database), db.atomic():
                if not plan.profile_exists:
                    row = {
                        "id": pid,
                        "name": plan.restore_name,
                        "role": plan.header["role"],
                        "demo": int(bool(plan.header.get("demo"))),
                        "prefs": base64.b64decode(plan.body["prefs"]),
                        **_unb64({k: plan.header[k] for k in _SLOT_COLUMNS}),
                    }
                    db.table("profiles").insert(row)
                for entry_id in plan.add:
                    e = entries[entry_id]
                    db.execute(
                        "INSERT INTO entries (id, profile_id, created_at, updated_at, status, "
                        "sealed) VALUES (?, ?, ?, ?, ?, ?)",
                        [entry_id, pid, e["created_at"], e["updated_at"], e["status"], e["sealed"]],
                    )
                for entry_id in plan.replace:
                    self._replace(db, sealer, pid, entries[entry_id])
                have = {
                    r[0] for r in db.execute("SELECT id FROM revisions WHERE profile_id = ?", [pid])
                }
                present = {
                    r[0] for r in db.execute("SELECT id FROM entries WHERE profile_id = ?", [pid])
                }
                self._restore_portfolio(db, pid, plan.body.get("portfolio", []))
                for r in plan.body["revisions"]:
                    if r["id"] not in have and r["entry_id"] in present:
                        r = _unb64(r)
                        db.execute(
                            "INSERT INTO revisions (id, entry_id, profile_id, created_at, "
                            "status, sealed) VALUES (?, ?, ?, ?, ?, ?)",
                            [
                                r["id"],
                                r["entry_id"],
                                pid,
                                r["created_at"],
                                r["status"],
                                r["sealed"],
                            ],
                        )
        finally:
            db.close()
            sealer.forget()
            crypto.wipe(plan.key)

    @staticmethod
    def _restore_portfolio(db, pid: str, rows: list[dict[str, Any]]) -> None:
        """Portfolio records this computer lacks are added; a newer one in the backup wins.
        (Backups made before the portfolio existed have none.)"""
        local = dict(db.execute("SELECT id, updated_at FROM portfolio WHERE profile_id = ?", [pid]))
        for raw in rows:
            r = _unb64(raw)
            mine = local.get(r["id"])
            if mine is not None and mine >= r["updated_at"]:
                continue
            db.execute(
                "INSERT INTO portfolio (id, profile_id, updated_at, sealed) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, "
                "sealed = excluded.sealed",
                [r["id"], pid, r["updated_at"], r["sealed"]],
            )

    @staticmethod
    def _replace(db, sealer: crypto.Sealer, pid: str, e: dict[str, Any]) -> None:
        """The backup's newer version wins; this computer's version becomes a revision."""
        old = db.execute(
            "SELECT updated_at, status, CAST(sealed AS BLOB) AS sealed FROM entries WHERE id = ?",
            [e["id"]],
        ).fetchone()
        try:
            plain = sealer.open(old[2], kind=SEAL_ENTRY, profile_id=pid, record_id=e["id"])
        except crypto.DamagedValue:
            plain = None  # a damaged local copy has nothing to keep
        if plain is not None:
            rev_id = new_id()
            resealed = sealer.seal(
                plain,
                kind=SEAL_REVISION,
                profile_id=pid,
                record_id=revision_record_id(e["id"], rev_id),
            )
            db.execute(
                "INSERT INTO revisions (id, entry_id, profile_id, created_at, status, sealed) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [rev_id, e["id"], pid, old[0], old[1], resealed],
            )
        db.execute(
            "UPDATE entries SET updated_at = ?, status = ?, sealed = ? WHERE id = ?",
            [e["updated_at"], e["status"], e["sealed"], e["id"]],
        )
