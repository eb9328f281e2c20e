"""Profiles: create, unlock, lock, change or recover the passphrase, delete, preferences.

Argon2 is slow on purpose; the GUI calls `unlock`, `create`, `change_passphrase` and `recover`
from a worker thread (each call opens its own connection, so that is safe).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
from app.models.store import guarded, open_db

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

    def __repr__(self) -> str:  # never show the key
        state = "locked" if self.is_locked else "unlocked"
        return f"<Unlocked {self.profile.id} {state}>"


def _params(row: dict[str, Any], prefix: str) -> KdfParams:
    return KdfParams(t=row[f"{prefix}_t"], m_kib=row[f"{prefix}_m"], p=row[f"{prefix}_p"])


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
    """The data key from a profile row (or a backup header of the same shape); WrongKey if not."""
    if slot == SLOT_PASSPHRASE:
        params, salt, wrapped = _params(row, "kdf"), row["salt"], row["wrapped_key"]
    else:
        params, salt, wrapped = _params(row, "rec"), row["rec_salt"], row["rec_wrapped_key"]
        secret = crypto.normalise_recovery_code(secret)
    kek = crypto.derive_kek(secret, bytes(salt), params)
    try:
        return crypto.unwrap_key(
            kek, bytes(wrapped), slot=slot, params=params, salt=bytes(salt), profile_id=row["id"]
        )
    finally:
        crypto.wipe(kek)


def seal_prefs(sealer: Sealer, info: ProfileInfo) -> bytes:
    data = json.dumps(info.prefs(), ensure_ascii=False).encode("utf-8")
    return sealer.seal(data, kind=SEAL_PREFS, profile_id=info.id, record_id=info.id)


def open_prefs(sealer: Sealer, info: ProfileInfo, sealed: bytes) -> ProfileInfo:
    try:
        prefs = json.loads(
            sealer.open(sealed, kind=SEAL_PREFS, profile_id=info.id, record_id=info.id)
        )
    except (crypto.DamagedValue, ValueError):
        prefs = {}  # damaged preferences fall back to defaults; the journal is unaffected
    return info.with_prefs(prefs)


class _Attempts:
    """Wrong passphrases per profile in this process: unlocks run on worker threads, so every
    read and write holds the lock (one instance, shared by every ProfileService)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count: dict[str, int] = {}
        self._last: dict[str, float] = {}

    def count(self, profile_id: str) -> int:
        with self._lock:
            return self._count.get(profile_id, 0)

    def last(self, profile_id: str) -> float:
        with self._lock:
            return self._last.get(profile_id, 0.0)

    def failed(self, profile_id: str, when: float) -> None:
        with self._lock:
            self._count[profile_id] = self._count.get(profile_id, 0) + 1
            self._last[profile_id] = when

    def forget(self, profile_id: str) -> None:
        with self._lock:
            self._count.pop(profile_id, None)
            self._last.pop(profile_id, None)


ATTEMPTS = _Attempts()


class ProfileService:
    """Profiles on this PC. Failed-attempt counts are kept per process (ATTEMPTS)."""

    FREE_ATTEMPTS = 3
    MAX_DELAY_SECONDS = 60.0

    def __init__(self, paths: Paths, clock: Callable[[], float] = time.monotonic) -> None:
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
        if any(p.name.casefold() == name.casefold() for p in self.list_profiles()):
            raise CasebookError(
                f"A profile called '{name}' already exists. Please pick another name."
            )
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
        with self._db() as db, db.atomic():
            db.table("profiles").insert(row)
        return info, code

    def delete(self, profile_id: str) -> None:
        """Erase a profile and everything in its journal (secure_delete overwrites the pages)."""
        with self._db() as db:
            self._row(db, profile_id)
            with db.atomic():
                db.execute("DELETE FROM profiles WHERE id = ?", [profile_id])
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        ATTEMPTS.forget(profile_id)

    # --- unlocking --------------------------------------------------------------------------

    def failed_attempts(self, profile_id: str) -> int:
        return ATTEMPTS.count(profile_id)

    def retry_delay(self, profile_id: str) -> float:
        """Seconds the next attempt must wait: none for the first few, then doubling to a minute."""
        extra = self.failed_attempts(profile_id) - self.FREE_ATTEMPTS + 1
        if extra <= 0:
            return 0.0
        return min(self.MAX_DELAY_SECONDS, 2.0**extra)

    def retry_after(self, profile_id: str) -> float:
        """Seconds left before another attempt is allowed (0 when it may go ahead now)."""
        delay = self.retry_delay(profile_id)
        if not delay:
            return 0.0
        waited = self._clock() - ATTEMPTS.last(profile_id)
        return max(0.0, delay - waited)

    def _failed(self, profile_id: str) -> None:
        ATTEMPTS.failed(profile_id, self._clock())

    def unlock(self, profile_id: str, passphrase: str) -> Unlocked:
        wait = self.retry_after(profile_id)
        if wait > 0:
            raise TooSoon(f"Please wait {int(wait + 0.999)} seconds, then try again.", wait)
        with self._db() as db:
            row = self._row(db, profile_id)
        try:
            key = unwrap_slot(row, passphrase, SLOT_PASSPHRASE)
        except crypto.WrongKey:
            self._failed(profile_id)
            raise WrongPassphrase(
                "That passphrase did not open this profile. Check that Caps Lock is off and "
                "try again. If you have forgotten it, your recovery code can reset it."
            ) from None
        ATTEMPTS.forget(profile_id)
        if not _params(row, "kdf").at_least(crypto.POLICY):
            # The policy rose since this profile was made: re-wrap under the stronger one.
            with self._db() as db, db.atomic():
                db.table("profiles").update(
                    profile_id, _slot_columns(passphrase, key, profile_id, SLOT_PASSPHRASE)
                )
        unlocked = Unlocked(_info(row), key, self.paths)
        unlocked.profile = open_prefs(unlocked.sealer, unlocked.profile, row["prefs"])
        return unlocked

    def change_passphrase(self, unlocked: Unlocked, new_passphrase: str) -> None:
        """Re-wraps the 32-byte data key; no entry is re-encrypted."""
        problem = passphrase_problem(new_passphrase, unlocked.profile.name)
        if problem:
            raise CasebookError(problem)
        cols = _slot_columns(new_passphrase, unlocked.key(), unlocked.profile.id, SLOT_PASSPHRASE)
        with self._db() as db, db.atomic():
            self._row(db, unlocked.profile.id)
            db.table("profiles").update(unlocked.profile.id, cols)

    def recover(self, profile_id: str, recovery_code: str, new_passphrase: str) -> str:
        """Set a new passphrase with the recovery code; returns the next one-time recovery code."""
        with self._db() as db:
            row = self._row(db, profile_id)
        problem = passphrase_problem(new_passphrase, row["name"])
        if problem:
            raise CasebookError(problem)
        try:
            key = unwrap_slot(row, recovery_code, SLOT_RECOVERY)
        except crypto.WrongKey:
            raise WrongPassphrase(
                "That recovery code did not open this profile. Check it against your printed "
                "copy; capitals, spaces and dashes do not matter."
            ) from None
        code = crypto.new_recovery_code()
        try:
            cols = _slot_columns(new_passphrase, key, profile_id, SLOT_PASSPHRASE)
            cols |= _slot_columns(code, key, profile_id, SLOT_RECOVERY)
        finally:
            crypto.wipe(key)
        with self._db() as db, db.atomic():
            db.table("profiles").update(profile_id, cols)
        ATTEMPTS.forget(profile_id)
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
