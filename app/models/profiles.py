"""Profiles on a shared PC: what is shown before unlock, and what a passphrase must be."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from app.models.content import ROLES

DEFAULT_IDLE_LOCK_MINUTES = 5
DEFAULT_BACKUP_REMINDER_DAYS = 30
MIN_PASSPHRASE_LENGTH = 10
MIN_ZXCVBN_SCORE = 3
NAME_MAX = 60


@dataclass(frozen=True)
class ProfileInfo:
    """A profile. Before unlock only id, name, role and demo are known; the rest is sealed."""

    id: str
    name: str
    role: str
    setting: str = ""
    created_at: str = ""
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES
    default_model: str = ""
    demo: bool = False
    # Sealed with the other preferences: when this profile was last backed up (ISO 8601 UTC,
    # "" for never) and after how many days a gentle reminder appears (0: never remind).
    last_backup_at: str = ""
    backup_reminder_days: int = DEFAULT_BACKUP_REMINDER_DAYS

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    def with_prefs(self, prefs: dict[str, Any]) -> ProfileInfo:
        return replace(
            self,
            setting=str(prefs.get("setting", "")),
            created_at=str(prefs.get("created_at", "")),
            idle_lock_minutes=int(prefs.get("idle_lock_minutes", DEFAULT_IDLE_LOCK_MINUTES)),
            default_model=str(prefs.get("default_model", "")),
            last_backup_at=str(prefs.get("last_backup_at", "")),
            backup_reminder_days=int(
                prefs.get("backup_reminder_days", DEFAULT_BACKUP_REMINDER_DAYS)
            ),
        )

    def prefs(self) -> dict[str, Any]:
        return {
            "setting": self.setting,
            "created_at": self.created_at,
            "idle_lock_minutes": self.idle_lock_minutes,
            "default_model": self.default_model,
            "last_backup_at": self.last_backup_at,
            "backup_reminder_days": self.backup_reminder_days,
        }

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "role": self.role, "demo": self.demo}


def name_problem(name: str) -> str | None:
    name = name.strip()
    if not name:
        return "Please give the profile a name, such as your first name."
    if len(name) > NAME_MAX:
        return f"Please keep the name to {NAME_MAX} characters or fewer."
    return None


def role_problem(role: str) -> str | None:
    if role not in ROLES:
        return "Please choose a role: " + ", ".join(ROLES) + "."
    return None


def passphrase_problem(passphrase: str, name: str = "") -> str | None:
    """A kind sentence saying how to make the passphrase stronger, or None when it is fine."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return (
            f"Please use at least {MIN_PASSPHRASE_LENGTH} characters. "
            "A few unrelated words make a strong passphrase that is easy to remember."
        )
    from zxcvbn import zxcvbn  # imported here: it loads large word lists

    # zxcvbn only looks at the first 72 characters; long passphrases are fine by length.
    result = zxcvbn(passphrase[:72], user_inputs=[w for w in name.split() if w])
    if result["score"] >= MIN_ZXCVBN_SCORE:
        return None
    warning = result["feedback"].get("warning") or ""
    tip = "Try adding another word or two that are not about you."
    return " ".join(p for p in ["This passphrase would be easy to guess.", warning, tip] if p)


def backup_reminder(info: ProfileInfo, now: datetime) -> str | None:
    """A gentle sentence when this profile's last backup (or, never backed up, its start) is
    older than its reminder setting; None when nothing is due or reminders are off."""
    if info.demo or info.backup_reminder_days <= 0:
        return None
    since = _parse_utc(info.last_backup_at) or _parse_utc(info.created_at)
    if since is None:
        return None
    days = (now - since).days
    if days < info.backup_reminder_days:
        return None
    if info.last_backup_at:
        return (
            f"Your last backup was {days} days ago. File \u203a Back up my journal\u2026 keeps "
            "a copy on a USB stick or in a folder you choose."
        )
    return (
        "Your journal has not been backed up yet. File \u203a Back up my journal\u2026 keeps "
        "a copy on a USB stick or in a folder you choose."
    )


def _parse_utc(stamp: str) -> datetime | None:
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
