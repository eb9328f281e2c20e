"""Profiles: create, unlock, lock, change or recover the passphrase, delete, preferences.

Argon2 is slow on purpose; the GUI calls `unlock`, `create`, `change_passphrase` and `recover`
from a worker thread (each call opens its own connection, so that is safe).
"""

from __future__ import annotations

import json
import logging
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from typing import Any

import sqlite_utils

from app.config import Paths
from app.errors import CasebookError
from app.models import crypto
from app.models.crypto import KdfParams, Sealer
from app.models.journal import SEAL_PREFS, new_id, utc_now
from app.models.profiles import (
    ProfileInfo,
    name_problem,
    passphrase_problem,
    role_problem,
)
from app.models.store import checkpoint, guarded, open_db
from app.services import key_rotation

log = logging.getLogger(__name__)

SLOT_PASSPHRASE = "passphrase"
SLOT_RECOVERY = "recovery"


class WrongPassphrase(CasebookError):
    """The passphrase (or recovery code) did not open the profile."""


class TooSoon(WrongPassphrase):
    """Several wrong passphrases in a row: the next try must wait a little."""

    def __init__(self, message: str, seconds: float) -> None:
        super().__init__(message)
        self.seconds = seconds


class Unlocked:
    """An open profile of the data folder `paths`: its data key in one bytearray, overwritten
    by `lock()`."""

    def __init__(self, profile: ProfileInfo, key: bytearray, paths: Paths) -> None:
        self.profile = profile
        self.paths = paths
        self._key: bytearray | None = key
        self.sealer = Sealer(key)
        self._on_lock: list[Callable[[], None]] = []
        self._lock = threading.Lock()
        # Set when the sealed preferences did not open: defaults are in use until saved again.
        self.prefs_damaged = False

    @property
    def is_locked(self) -> bool:
        return self._key is None

    def key(self) -> bytearray:
        if self._key is None:
            raise CasebookError("This profile is locked. Unlock it with your passphrase first.")
        return self._key

    def on_lock(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Run `callback` when the profile locks (the session drops its decrypted text).

        Returns a function that takes the callback back, for an owner that closes first."""
        with self._lock:
            self._on_lock.append(callback)

        def forget() -> None:
            with self._lock:
                if callback in self._on_lock:
                    self._on_lock.remove(callback)

        return forget

    def rekey(self, key: bytearray) -> None:
        """Use `key` from now on (after a rotation); the old key buffer is overwritten."""
        with self._lock:
            if self._key is None:
                crypto.wipe(key)
                raise CasebookError("This profile is locked. Unlock it with your passphrase first.")
            old, old_sealer = self._key, self.sealer
            self._key = key
            self.sealer = Sealer(key)
            crypto.wipe(old)
            old_sealer.forget()

    def lock(self) -> None:
        with self._lock:
            if self._key is None:
                return
            callbacks, self._on_lock = self._on_lock, []
            crypto.wipe(self._key)
            self._key = None
            self.sealer.forget()
        for callback in callbacks:
            callback()
        # A copy of casebook.db alone should hold everything saved so far: empty the WAL now.
        if not self.paths.database.exists():
            return  # erased with its profile, or its folder is gone: nothing to copy back
        try:
            db = open_db(self.paths.database, check=False)
        except CasebookError:
            return
        try:
            checkpoint(db)
        finally:
            db.close()

    def __repr__(self) -> str:  # never show the key
        state = "locked" if self.is_locked else "unlocked"
        return f"<Unlocked {self.profile.id} {state}>"


def _params(row: dict[str, Any], prefix: str) -> KdfParams:
    return KdfParams(t=row[f"{prefix}_t"], m_kib=row[f"{prefix}_m"], p=row[f"{prefix}_p"])


def name_key(name: str) -> str:
    """What two names must not share: "Alex", "ALEX" and "Ａｌｅｘ" are one name on screen."""
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()


def _info(row: dict[str, Any]) -> ProfileInfo:
    return ProfileInfo(id=row["id"], name=row["name"], role=row["role"], demo=bool(row.get("demo")))


def _slot_columns(secret: str, key: bytearray, profile_id: str, slot: str) -> dict[str, Any]:
    """Derive a key-encryption key for `secret` and wrap the data key under it."""
    params = crypto.policy_for_new_keys()
    salt = crypto.new_salt()
    kek = crypto.derive_kek(secret, salt, params)
    try:
        wrapped = crypto.wrap_key(
            kek, key, slot=slot, params=params, salt=salt, profile_id=profile_id
        )
    finally:
        crypto.wipe(kek)
    if slot == SLOT_PASSPHRASE:
        return {
            "kdf_t": params.t,
            "kdf_m": params.m_kib,
            "kdf_p": params.p,
            "salt": salt,
            "wrapped_key": wrapped,
        }
    return {
        "rec_t": params.t,
        "rec_m": params.m_kib,
        "rec_p": params.p,
        "rec_salt": salt,
        "rec_wrapped_key": wrapped,
    }


def unwrap_slot(row: dict[str, Any], secret: str, slot: str) -> bytearray:
    """The data key from a profile row (or a backup header of the same shape); WrongKey if not.

    The stored parameters are checked before Argon2 runs (MalformedSlot when they are not of
    a shape Casebook writes): a crafted file must not hang or exhaust the computer."""
    prefix, salt_col, wrapped_col = (
        ("kdf", "salt", "wrapped_key")
        if slot == SLOT_PASSPHRASE
        else ("rec", "rec_salt", "rec_wrapped_key")
    )
    if slot != SLOT_PASSPHRASE:
        secret = crypto.normalise_recovery_code(secret)
    if not isinstance(row.get("id"), str) or not row["id"]:
        raise crypto.MalformedSlot("the profile id is missing")
    params, salt, wrapped = crypto.checked_slot(
        row.get(f"{prefix}_t"),
        row.get(f"{prefix}_m"),
        row.get(f"{prefix}_p"),
        row.get(salt_col),
        row.get(wrapped_col),
    )
    kek = crypto.derive_kek(secret, salt, params)
    try:
        return crypto.unwrap_key(
            kek, wrapped, slot=slot, params=params, salt=salt, profile_id=row["id"]
        )
    finally:
        crypto.wipe(kek)


def seal_prefs(sealer: Sealer, info: ProfileInfo) -> bytes:
    data = json.dumps(info.prefs(), ensure_ascii=False).encode("utf-8")
    return sealer.seal(data, kind=SEAL_PREFS, profile_id=info.id, record_id=info.id)


def open_prefs(sealer: Sealer, info: ProfileInfo, sealed: bytes) -> tuple[ProfileInfo, bool]:
    """The profile with its preferences, and whether they were damaged (defaults used then;
    the journal itself is unaffected)."""
    try:
        prefs = json.loads(
            sealer.open(bytes(sealed), kind=SEAL_PREFS, profile_id=info.id, record_id=info.id)
        )
        return info.with_prefs(prefs), False
    except (crypto.DamagedValue, ValueError, TypeError, RecursionError, AttributeError):
        log.warning("A profile's preferences did not open; defaults are used until saved again")
        return info, True


PREFS_DAMAGED = (
    "This profile's preferences (setting, auto-lock time, default model) were damaged and "
    "could not be read: the defaults are used until you change them. Your journal is not "
    "affected."
)


def damaged_profile(name: str, problem: crypto.MalformedSlot) -> CasebookError:
    return CasebookError(
        f"The profile '{name}' is damaged in the journal database ({problem}), so it cannot be "
        "unlocked. Restore it from a backup file with `casebook restore`."
    )


class ProfileService:
    """Profiles on this PC. Wrong-passphrase counts and the time of the last one are kept per
    profile in the database, so the growing wait holds across processes and restarts."""

    FREE_ATTEMPTS = 3
    MAX_DELAY_SECONDS = 60.0

    def __init__(self, paths: Paths, clock: Callable[[], float] = time.time) -> None:
        self.paths = paths
        self._clock = clock

    @contextmanager
    def _db(self) -> Iterator[sqlite_utils.Database]:
        self.paths.ensure()
        db = open_db(self.paths.database)
        try:
            with guarded(self.paths.database):
                yield db
        finally:
            db.close()

    @contextmanager
    def _write_locked(self) -> Iterator[sqlite_utils.Database]:
        """A transaction holding SQLite's write lock from its start: a check and the write that
        depends on it (a unique name, an attempt count) cannot interleave with another process."""
        with self._db() as db:
            db.conn.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.conn.execute("ROLLBACK")
                raise
            db.conn.execute("COMMIT")

    def _row(self, db: sqlite_utils.Database, profile_id: str) -> dict[str, Any]:
        rows = list(db.table("profiles").rows_where("id = ?", [profile_id]))
        if not rows:
            raise CasebookError("That profile is no longer on this computer.")
        return rows[0]

    # --- reading ------------------------------------------------------------------------

    def list_profiles(self) -> list[ProfileInfo]:
        with self._db() as db:
            rows = db.execute("SELECT id, name, role, demo FROM profiles").fetchall()
        infos = [ProfileInfo(id=r[0], name=r[1], role=r[2], demo=bool(r[3])) for r in rows]
        return sorted(infos, key=lambda p: p.name.casefold())

    def find(self, name_or_id: str) -> ProfileInfo:
        profiles = self.list_profiles()
        for p in profiles:
            if p.id == name_or_id:
                return p
        wanted = name_or_id.strip().casefold()
        for p in profiles:
            if p.name.casefold() == wanted:
                return p
        raise CasebookError(
            f"There is no profile called '{name_or_id}' on this computer. "
            "`casebook profile list` shows the profiles here."
        )

    def passphrase_problem(self, passphrase: str, name: str = "") -> str | None:
        return passphrase_problem(passphrase, name)

    # --- creating and deleting -----------------------------------------------------------

    def create(
        self,
        name: str,
        role: str,
        setting: str,
        passphrase: str,
        *,
        demo: bool = False,
        check_strength: bool = True,
    ) -> tuple[ProfileInfo, str]:
        """A new profile and its one-time recovery code (show it once; it is never stored)."""
        name = name.strip()
        problem = name_problem(name) or role_problem(role)
        if not problem and check_strength:
            problem = passphrase_problem(passphrase, name)
        if problem:
            raise CasebookError(problem)
        self._refuse_taken(name, self.list_profiles())
        info = ProfileInfo(
            id=new_id(),
            name=name,
            role=role,
            setting=setting.strip(),
            created_at=utc_now(),
            demo=demo,
        )
        key = crypto.new_data_key()
        code = crypto.new_recovery_code()
        try:
            row: dict[str, Any] = {
                "id": info.id,
                "name": info.name,
                "role": info.role,
                "demo": int(demo),
            }
            row |= _slot_columns(passphrase, key, info.id, SLOT_PASSPHRASE)
            row |= _slot_columns(code, key, info.id, SLOT_RECOVERY)
            sealer = Sealer(key)
            row["prefs"] = seal_prefs(sealer, info)
            sealer.forget()
        finally:
            crypto.wipe(key)
        # Checked again under the write lock: two people creating "Alex" at once get one each.
        with self._write_locked() as db:
            names = [
                ProfileInfo(id=r[0], name=r[1], role="")
                for r in db.execute("SELECT id, name FROM profiles")
            ]
            self._refuse_taken(name, names)
            db.table("profiles").insert(row)
        return info, code

    @staticmethod
    def _refuse_taken(name: str, profiles: list[ProfileInfo]) -> None:
        if any(name_key(p.name) == name_key(name) for p in profiles):
            raise CasebookError(
                f"A profile called '{name}' already exists. Please pick another name."
            )

    def delete(self, profile_id: str) -> None:
        """Erase a profile and everything in its journal (secure_delete overwrites the pages)."""
        with self._db() as db:
            self._row(db, profile_id)
            with db.atomic():
                db.execute("DELETE FROM profiles WHERE id = ?", [profile_id])
            checkpoint(db)

    # --- unlocking --------------------------------------------------------------------------

    def failed_attempts(self, profile_id: str) -> int:
        with self._db() as db:
            return int(self._row(db, profile_id).get("failed_attempts") or 0)

    def _delay_for(self, failures: int) -> float:
        extra = failures - self.FREE_ATTEMPTS + 1
        if extra <= 0:
            return 0.0
        return min(self.MAX_DELAY_SECONDS, 2.0**extra)

    def retry_delay(self, profile_id: str) -> float:
        """Seconds the next attempt must wait: none for the first few, then doubling to a minute."""
        return self._delay_for(self.failed_attempts(profile_id))

    def _wait_left(self, row: dict[str, Any]) -> float:
        delay = self._delay_for(int(row.get("failed_attempts") or 0))
        if not delay:
            return 0.0
        waited = self._clock() - float(row.get("last_failure") or 0.0)
        if waited < 0:
            return 0.0  # the clock was put back: do not lock anyone out until it catches up
        return max(0.0, delay - waited)

    def retry_after(self, profile_id: str) -> float:
        """Seconds left before another attempt is allowed (0 when it may go ahead now)."""
        with self._db() as db:
            return self._wait_left(self._row(db, profile_id))

    def _begin_attempt(self, profile_id: str) -> dict[str, Any]:
        """Check the wait and count this attempt as failed before Argon2 runs (forgiven when it
        succeeds): parallel guesses, or a process killed mid-check, cannot skip the count."""
        with self._write_locked() as db:
            row = self._row(db, profile_id)
            wait = self._wait_left(row)
            if wait > 0:
                raise TooSoon(f"Please wait {int(wait + 0.999)} seconds, then try again.", wait)
            db.execute(
                "UPDATE profiles SET failed_attempts = failed_attempts + 1, last_failure = ? "
                "WHERE id = ?",
                [self._clock(), profile_id],
            )
        return row

    def _forgive(self, profile_id: str) -> None:
        with self._db() as db, db.atomic():
            db.execute(
                "UPDATE profiles SET failed_attempts = 0, last_failure = 0 WHERE id = ?",
                [profile_id],
            )

    def _key_from(self, row: dict[str, Any], secret: str, slot: str) -> bytearray:
        """Unwrap a slot, naming a damaged row in one sentence; then undo any rotation that a
        stopped process left half way, so the journal opens whole under this key."""
        try:
            key = unwrap_slot(row, secret, slot)
        except crypto.MalformedSlot as exc:
            raise damaged_profile(str(row.get("name")), exc) from None
        if slot == SLOT_PASSPHRASE:
            self._forgive(row["id"])  # the right passphrase, whatever happens next
        try:
            with self._db() as db:
                if key_rotation.undo_unfinished(db, self.paths.database, row["id"], key):
                    log.warning("An unfinished key change was undone")
        except BaseException:
            crypto.wipe(key)
            raise
        return key

    def unlock(self, profile_id: str, passphrase: str) -> Unlocked:
        row = self._begin_attempt(profile_id)
        try:
            key = self._key_from(row, passphrase, SLOT_PASSPHRASE)
        except crypto.WrongKey:
            raise WrongPassphrase(
                "That passphrase did not open this profile. Check that Caps Lock is off and "
                "try again. If you have forgotten it, your recovery code can reset it."
            ) from None
        if not _params(row, "kdf").at_least(crypto.POLICY):
            # The policy rose since this profile was made: re-wrap under the stronger one.
            with self._db() as db, db.atomic():
                db.table("profiles").update(
                    profile_id, _slot_columns(passphrase, key, profile_id, SLOT_PASSPHRASE)
                )
        unlocked = Unlocked(_info(row), key, self.paths)
        unlocked.profile, unlocked.prefs_damaged = open_prefs(
            unlocked.sealer, unlocked.profile, row["prefs"]
        )
        return unlocked

    def recovery_below_policy(self, profile_id: str) -> bool:
        """The recovery slot is wrapped under an older, weaker policy. It cannot be re-wrapped
        without the code (never stored): a new code (`rotate_key`) is what raises it."""
        with self._db() as db:
            return not _params(self._row(db, profile_id), "rec").at_least(crypto.POLICY)

    def renew_recovery_code(self, unlocked: Unlocked) -> str:
        """A new recovery code under today's policy (the old one stops working); returned to
        be shown once. Re-wraps only: no entry is re-sealed."""
        pid = unlocked.profile.id
        code = crypto.new_recovery_code()
        cols = _slot_columns(code, unlocked.key(), pid, SLOT_RECOVERY)
        with self._db() as db, db.atomic():
            self._row(db, pid)
            db.table("profiles").update(pid, cols)
        return code

    def rotate_key(
        self,
        unlocked: Unlocked,
        passphrase: str,
        *,
        progress: key_rotation.Progress | None = None,
        hold: AbstractContextManager[Any] | None = None,
    ) -> str:
        """A new data key: every entry, revision, draft and the preferences re-sealed under it,
        wrapped under `passphrase` and a new recovery code (returned: show it once).

        Old passphrases, old recovery codes and any old copy of the wrapped keys (an old
        backup, a pre-migration copy) open nothing written or re-sealed after this."""
        problem = passphrase_problem(passphrase, unlocked.profile.name)
        if problem:
            raise CasebookError(problem)
        pid = unlocked.profile.id
        code = crypto.new_recovery_code()

        def slots(next_key: bytearray) -> dict[str, Any]:
            return _slot_columns(passphrase, next_key, pid, SLOT_PASSPHRASE) | _slot_columns(
                code, next_key, pid, SLOT_RECOVERY
            )

        with self._db() as db:
            self._row(db, pid)
            new_key = key_rotation.rotate(
                db, self.paths.database, pid, unlocked.key(), slots, progress=progress, hold=hold
            )
        unlocked.rekey(new_key)
        return code

    def change_passphrase(
        self,
        unlocked: Unlocked,
        new_passphrase: str,
        *,
        rotate: bool = False,
        progress: key_rotation.Progress | None = None,
        hold: AbstractContextManager[Any] | None = None,
    ) -> str | None:
        """Re-wraps the 32-byte data key; no entry is re-encrypted. With `rotate` (the person
        thinks their passphrase was seen) the data key itself is replaced (`rotate_key`) and
        the new recovery code is returned."""
        problem = passphrase_problem(new_passphrase, unlocked.profile.name)
        if problem:
            raise CasebookError(problem)
        if rotate:
            return self.rotate_key(unlocked, new_passphrase, progress=progress, hold=hold)
        cols = _slot_columns(new_passphrase, unlocked.key(), unlocked.profile.id, SLOT_PASSPHRASE)
        with self._db() as db, db.atomic():
            self._row(db, unlocked.profile.id)
            db.table("profiles").update(unlocked.profile.id, cols)
        return None

    def recover(
        self,
        profile_id: str,
        recovery_code: str,
        new_passphrase: str,
        *,
        rotate: bool = True,
        progress: key_rotation.Progress | None = None,
    ) -> str:
        """Set a new passphrase with the recovery code; returns the next one-time recovery code.

        By default the data key is rotated too: someone needing the code may have lost the
        passphrase to someone else, and only a new data key retires it."""
        with self._db() as db:
            row = self._row(db, profile_id)
        problem = passphrase_problem(new_passphrase, row["name"])
        if problem:
            raise CasebookError(problem)
        try:
            key = self._key_from(row, recovery_code, SLOT_RECOVERY)
        except crypto.WrongKey:
            raise WrongPassphrase(
                "That recovery code did not open this profile. Check it against your printed "
                "copy; capitals, spaces and dashes do not matter."
            ) from None
        if rotate:
            unlocked = Unlocked(_info(row), key, self.paths)
            try:
                code = self.rotate_key(unlocked, new_passphrase, progress=progress)
            finally:
                unlocked.lock()
            self._forgive(profile_id)
            return code
        code = crypto.new_recovery_code()
        try:
            cols = _slot_columns(new_passphrase, key, profile_id, SLOT_PASSPHRASE)
            cols |= _slot_columns(code, key, profile_id, SLOT_RECOVERY)
        finally:
            crypto.wipe(key)
        with self._db() as db, db.atomic():
            db.table("profiles").update(profile_id, cols)
        self._forgive(profile_id)
        return code

    def update_preferences(self, unlocked: Unlocked, **changes: Any) -> ProfileInfo:
        allowed = {
            "idle_lock_minutes",
            "default_model",
            "setting",
            "last_backup_at",
            "backup_reminder_days",
        }
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"unknown preference(s): {', '.join(sorted(unknown))}")
        if "idle_lock_minutes" in changes:
            minutes = int(changes["idle_lock_minutes"])
            if not 1 <= minutes <= 240:
                raise CasebookError("Please choose an auto-lock time between 1 and 240 minutes.")
            changes["idle_lock_minutes"] = minutes
        if "backup_reminder_days" in changes:
            days = int(changes["backup_reminder_days"])
            if not 0 <= days <= 365:
                raise CasebookError("Please choose a backup reminder between 0 and 365 days.")
            changes["backup_reminder_days"] = days
        info = replace(unlocked.profile, **changes)
        sealed = seal_prefs(unlocked.sealer, info)
        with self._db() as db, db.atomic():
            db.table("profiles").update(info.id, {"prefs": sealed})
        unlocked.profile = info
        return info
