"""Journal entries: the plain row around one sealed JSON payload.

The payload's shape is the typed, versioned `EntryRecord` in app/models/entry.py; `Entry.record`
reads it. `Entry.payload` is the JSON object exactly as it was stored.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from app.models.entry import KINDS, EntryRecord, answer_ok

STATUSES = ("draft", "final")

# Record kinds bound into each sealed value's AAD.
SEAL_ENTRY = "entry"
SEAL_REVISION = "revision"
SEAL_DRAFT = "autosave"
SEAL_PREFS = "profile-prefs"
SEAL_BACKUP = "backup"
SEAL_PORTFOLIO = "portfolio"


def utc_now() -> str:
    """ISO 8601 UTC with microseconds, so that string order is time order."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Entry:
    """One journal entry as the app sees it after unlock. A damaged entry has an empty payload."""

    id: str
    profile_id: str
    created_at: str
    updated_at: str
    status: str
    payload: dict[str, Any] = field(default_factory=dict)
    damaged: bool = False
    revision_count: int = 0

    @cached_property
    def record(self) -> EntryRecord:
        """The payload, typed (read once; a damaged entry gives an empty record)."""
        return EntryRecord.from_dict(self.payload)

    @property
    def kind(self) -> str:
        return self.record.kind

    @property
    def scenario_id(self) -> str | None:
        return self.record.scenario_id

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def tags(self) -> list[str]:
        return list(self.record.tags)

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.record.answers)

    @property
    def markers(self) -> list[dict[str, Any]]:
        return [m.to_dict() for m in self.record.markers]

    def summary(self) -> dict[str, Any]:
        """The fields `journal list --json` promises."""
        return {
            "id": self.id,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "scenario_id": self.scenario_id,
            "title": self.title,
            "status": self.status,
            "damaged": self.damaged,
            "tags": self.tags,
            "revisions": self.revision_count,
        }


class PayloadError(ValueError):
    """A payload that cannot be stored; the message says what to change."""


def encode_payload(payload: dict[str, Any]) -> bytes:
    if not isinstance(payload, dict):
        raise PayloadError("A journal entry must be a JSON object.")
    kind = payload.get("kind")
    if kind is not None and kind not in KINDS:
        raise PayloadError(f"The entry kind must be one of {', '.join(KINDS)}.")
    answers = payload.get("answers", {})
    if not isinstance(answers, dict):
        raise PayloadError("Answers must be a JSON object of question id to answer.")
    for qid, value in answers.items():
        if not answer_value_ok(value):
            raise PayloadError(
                f"The answer to '{qid}' should be text, a number, or a list of text."
            )
    try:
        return json.dumps(
            payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise PayloadError(f"This entry holds something that cannot be saved: {exc}.") from None


def answer_value_ok(value: Any) -> bool:
    return answer_ok(value)


def normalise(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload in the current schema, as it is sealed (see app/models/entry.py)."""
    return EntryRecord.from_dict(payload).to_dict()


def decode_payload(data: bytes) -> dict[str, Any]:
    value = json.loads(data.decode("utf-8"))
    if not isinstance(value, dict):
        raise ValueError("payload is not an object")
    return value


# Stored with the entry but not the person's words: searching "happened" should not match
# every entry because the question asked what happened.
_NOT_SEARCHED = ("questions", "questions_source", "schema")


def searchable_text(payload: dict[str, Any]) -> str:
    """Every piece of text in a payload, for the in-memory search index."""
    parts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk({k: v for k, v in payload.items() if k not in _NOT_SEARCHED})
    return "\n".join(parts)
