"""Journal entries: the plain row around one sealed JSON payload.

Payload keys (stored exactly as given): kind ("scenario" | "free" | "group-session"),
scenario_id, title, role, model, answers {question_id: str | number | [str]},
markers [{"at": seconds, "note": str}], confidence_before / confidence_after
{objective: 1-5}, knowledge {question_id: {"answer": ..., "correct": bool}}, tags [str],
private [question_id], wellbeing {...}, extra {...}.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

KINDS = ("scenario", "free", "group-session")
STATUSES = ("draft", "final")

# Record kinds bound into each sealed value's AAD.
SEAL_ENTRY = "entry"
SEAL_REVISION = "revision"
SEAL_DRAFT = "autosave"
SEAL_PREFS = "profile-prefs"
SEAL_BACKUP = "backup"


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

    @property
    def kind(self) -> str:
        return str(self.payload.get("kind") or ("scenario" if self.scenario_id else "free"))

    @property
    def scenario_id(self) -> str | None:
        value = self.payload.get("scenario_id")
        return str(value) if value else None

    @property
    def title(self) -> str:
        return str(self.payload.get("title") or "")

    @property
    def tags(self) -> list[str]:
        return list(self.payload.get("tags") or [])

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.payload.get("answers") or {})

    @property
    def markers(self) -> list[dict[str, Any]]:
        return list(self.payload.get("markers") or [])

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
    if isinstance(value, bool):
        return False
    if isinstance(value, (str, int, float)):
        return True
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def decode_payload(data: bytes) -> dict[str, Any]:
    value = json.loads(data.decode("utf-8"))
    if not isinstance(value, dict):
        raise ValueError("payload is not an object")
    return value


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

    walk(payload)
    return "\n".join(parts)
