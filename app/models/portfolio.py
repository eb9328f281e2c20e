"""A revalidation or appraisal portfolio: CPD activities, reflective accounts, the discussion and
confirmation records, and how far they are from what the framework asks. No Qt, no storage.

Activities come from two places: the journal (each finished scenario reflection is individual
learning, each group session participatory learning; see `derive_activities`) and the person
(a study day, a course). A derived activity can be edited or left out; the edit is kept as a
record of its own with the entry's id, so the journal entry itself never changes.

Everything that depends on "today" takes it as an argument, so tests fix the clock.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from app.errors import CasebookError
from app.models.framework import Framework
from app.models.identifiers import Finding, scan_answers
from app.models.journal import Entry

MANUAL = "manual"
REFLECTION = "reflection"
GROUP_SESSION = "group-session"
SOURCES = (MANUAL, REFLECTION, GROUP_SESSION)

REFLECTION_METHOD = "Simulation clip and written reflection"
GROUP_METHOD = "Group session"

# How long a scenario reflection took, from what the entry holds: the clip's running time
# plus writing at a steady reflective pace. Capped, because an entry left open over lunch
# is not two hours of learning; the person can always edit the figure.
WORDS_PER_MINUTE = 20.0
MIN_REFLECTION_MINUTES = 15.0
MAX_REFLECTION_HOURS = 1.5
MAX_GROUP_HOURS = 8.0
MAX_DAY_HOURS = 24.0

DISCUSSION = "discussion"
CONFIRMATION = "confirmation"


class PortfolioError(CasebookError):
    """Input the portfolio cannot take; the message says what to change."""


def new_id() -> str:
    return str(uuid.uuid4())


def round_hours(value: float) -> float:
    return round(value + 0.0, 2)


# --------------------------------------------------------------------------- checking input


def parse_hours(value: object, what: str = "Hours") -> float:
    """Hours as a number from 0 to 24 (text from a form or the command line is accepted)."""
    if isinstance(value, bool):
        raise PortfolioError(f"{what} should be a number, such as 1.5.")
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise PortfolioError(
                f"{what} should be a number, such as 1.5, not {value!r}."
            ) from None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        raise PortfolioError(f"{what} should be a number, such as 1.5.")
    if not math.isfinite(number):
        raise PortfolioError(f"{what} should be a number, such as 1.5.")
    if number < 0:
        raise PortfolioError(f"{what} cannot be negative.")
    if number > MAX_DAY_HOURS:
        raise PortfolioError(f"{what} cannot be more than 24 in one day.")
    return round_hours(number)


def parse_day(value: object, what: str = "date") -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise PortfolioError(
            f"The {what} should look like 2025-03-31 (year-month-day), not {value!r}."
        ) from None


@dataclass(frozen=True)
class Cycle:
    """The revalidation or appraisal period: from `start` up to and including `end`."""

    start: date
    end: date

    @classmethod
    def ending(cls, end: date, years: int) -> Cycle:
        try:
            start = end.replace(year=end.year - years)
        except ValueError:  # 29 February
            start = end.replace(year=end.year - years, day=28)
        return cls(start, end)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def check_day(day: date, today: date, cycle: Cycle | None, what: str = "date") -> date:
    """A day something happened: not in the future, and inside the cycle when one is set."""
    if day > today:
        raise PortfolioError(
            f"The {what} {day.isoformat()} is in the future. Record activities once they "
            "have happened."
        )
    if cycle is not None and day not in cycle:
        raise PortfolioError(
            f"The {what} {day.isoformat()} is outside this cycle "
            f"({cycle.start.isoformat()} to {cycle.end.isoformat()})."
        )
    return day


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Activity:
    """One CPD activity: date, method, topic, hours, participatory hours, themes, evidence."""

    id: str
    day: date
    title: str
    method: str
    hours: float
    participatory_hours: float = 0.0
    themes: tuple[str, ...] = ()
    evidence: str = ""
    source: str = MANUAL
    entry_id: str | None = None  # the journal entry it came from
    excluded: bool = False  # a derived activity the person left out

    @property
    def participatory(self) -> bool:
        return self.participatory_hours > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.day.isoformat(),
            "title": self.title,
            "method": self.method,
            "hours": self.hours,
            "participatory_hours": self.participatory_hours,
            "themes": list(self.themes),
            "evidence": self.evidence,
            "source": self.source,
            "entry_id": self.entry_id,
            "excluded": self.excluded,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Activity:
        return cls(
            id=str(data["id"]),
            day=date.fromisoformat(str(data["date"])),
            title=str(data.get("title") or ""),
            method=str(data.get("method") or ""),
            hours=float(data.get("hours") or 0),
            participatory_hours=float(data.get("participatory_hours") or 0),
            themes=tuple(str(t) for t in data.get("themes") or ()),
            evidence=str(data.get("evidence") or ""),
            source=str(data.get("source") or MANUAL),
            entry_id=str(data["entry_id"]) if data.get("entry_id") else None,
            excluded=data.get("excluded") is True,
        )


def make_activity(
    *,
    day: object,
    title: str,
    hours: object,
    method: str = "",
    participatory: bool = False,
    participatory_hours: object | None = None,
    themes: Sequence[str] = (),
    evidence: str = "",
    today: date,
    cycle: Cycle | None = None,
    framework: Framework | None = None,
    same_day_hours: float = 0.0,
    activity_id: str | None = None,
    source: str = MANUAL,
    entry_id: str | None = None,
) -> Activity:
    """A checked activity, or PortfolioError saying what to change. Nothing is half made."""
    when = check_day(parse_day(day), today, cycle)
    if not title.strip():
        raise PortfolioError("Give the activity a title, such as 'Safeguarding study day'.")
    total = parse_hours(hours)
    if total == 0:
        raise PortfolioError("Hours should be more than 0.")
    if participatory_hours is None:
        part = total if participatory else 0.0
    else:
        part = parse_hours(participatory_hours, "Participatory hours")
        if part > total:
            raise PortfolioError("Participatory hours cannot be more than the activity's hours.")
    if same_day_hours + total > MAX_DAY_HOURS:
        raise PortfolioError(
            f"That makes more than 24 hours on {when.isoformat()} "
            f"({round_hours(same_day_hours)} already recorded that day)."
        )
    if framework is not None:
        unknown = [t for t in themes if t not in {th.id for th in framework.themes}]
        if unknown:
            known = ", ".join(t.id for t in framework.themes)
            raise PortfolioError(f"Unknown theme {unknown[0]!r}; this framework has: {known}.")
    return Activity(
        id=activity_id or new_id(),
        day=when,
        title=title.strip(),
        method=method.strip() or "Other",
        hours=total,
        participatory_hours=part,
        themes=tuple(dict.fromkeys(themes)),
        evidence=evidence.strip(),
        source=source,
        entry_id=entry_id,
    )


@dataclass(frozen=True)
class Account:
    """A reflective account on the framework's form, drafted from a journal entry."""

    id: str
    entry_id: str | None
    day: date
    title: str
    answers: dict[str, str]
    themes: tuple[str, ...] = ()
    final: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "entry_id": self.entry_id,
            "date": self.day.isoformat(),
            "title": self.title,
            "answers": dict(self.answers),
            "themes": list(self.themes),
            "final": self.final,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Account:
        answers = data.get("answers") or {}
        return cls(
            id=str(data["id"]),
            entry_id=str(data["entry_id"]) if data.get("entry_id") else None,
            day=date.fromisoformat(str(data["date"])),
            title=str(data.get("title") or ""),
            answers={str(k): str(v) for k, v in answers.items()},
            themes=tuple(str(t) for t in data.get("themes") or ()),
            final=data.get("final") is True,
        )

    def identifiers(self) -> dict[str, list[Finding]]:
        """What in the account's text may identify a patient, pupil or colleague."""
        return scan_answers(self.answers, {"title": self.title})


def draft_account(framework: Framework, entry: Entry, today: date) -> Account:
    """The framework's account form filled from the entry's answers (private ones left out).

    Each answer goes to the field whose `draws_from` matches its question or section best;
    the Code's themes chosen in the NMC model are carried over as the account's themes.
    """
    if entry.damaged:
        raise PortfolioError(
            "This journal entry is damaged and cannot be read, so no account can be drafted "
            "from it. Choose another entry."
        )
    record = entry.record
    hidden = set(record.private)
    sections = {q.id: q.section_id for q in record.questions}
    texts: dict[str, list[str]] = {q.id: [] for q in framework.account_questions}
    themes: list[str] = []
    by_title = {t.title.casefold(): t.id for t in framework.themes}
    for qid, answer in record.answers.items():
        if qid in hidden:
            continue
        if isinstance(answer, list):
            for choice in answer:
                theme = by_title.get(choice.casefold())
                if theme:
                    themes.append(theme)
            answer = ", ".join(answer)
        text = str(answer).strip()
        if not text:
            continue
        target = framework.question_for(qid, sections.get(qid, ""))
        if target is not None:
            texts[target.id].append(text)
    day = _entry_day(entry) or today
    return Account(
        id=new_id(),
        entry_id=entry.id,
        day=min(day, today),
        title=entry.title or "Reflective account",
        answers={qid: "\n\n".join(parts) for qid, parts in texts.items()},
        themes=tuple(dict.fromkeys(themes)),
    )


@dataclass(frozen=True)
class PartnerRecord:
    """The reflective discussion or the confirmation: who, their registration, when, notes."""

    kind: str  # DISCUSSION or CONFIRMATION
    name: str
    registration: str
    day: date
    contact: str = ""
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "registration": self.registration,
            "date": self.day.isoformat(),
            "contact": self.contact,
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PartnerRecord:
        return cls(
            kind=str(data["kind"]),
            name=str(data.get("name") or ""),
            registration=str(data.get("registration") or ""),
            day=date.fromisoformat(str(data["date"])),
            contact=str(data.get("contact") or ""),
            notes=str(data.get("notes") or ""),
        )


def make_partner_record(
    kind: str,
    *,
    name: str,
    registration: str,
    day: object,
    today: date,
    cycle: Cycle | None,
    contact: str = "",
    notes: str = "",
) -> PartnerRecord:
    if kind not in (DISCUSSION, CONFIRMATION):
        raise PortfolioError("A record is either the discussion or the confirmation.")
    if not name.strip():
        raise PortfolioError("Give the name of the person you met.")
    if not registration.strip():
        raise PortfolioError("Give their registration number (or role), as the form asks.")
    when = check_day(parse_day(day), today, cycle)
    return PartnerRecord(kind, name.strip(), registration.strip(), when, contact.strip(), notes)


@dataclass(frozen=True)
class Settings:
    """The person's framework and the date their cycle ends (revalidation or appraisal)."""

    framework_id: str = ""
    due: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"framework_id": self.framework_id, "due": self.due.isoformat() if self.due else ""}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        due = data.get("due")
        return cls(str(data.get("framework_id") or ""), date.fromisoformat(due) if due else None)


# --------------------------------------------------------------------------- from the journal


def _entry_day(entry: Entry) -> date | None:
    try:
        return datetime.fromisoformat(entry.created_at.replace("Z", "+00:00")).astimezone().date()
    except (ValueError, AttributeError):
        return None


def _words(value: object) -> int:
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, list):
        return sum(len(str(v).split()) for v in value)
    return 0


def reflection_minutes(entry: Entry, clip_seconds: float) -> float:
    """Minutes a scenario reflection took, from what the entry holds (see WORDS_PER_MINUTE)."""
    stored = entry.record.more.get("minutes_spent")
    if isinstance(stored, int | float) and not isinstance(stored, bool) and stored > 0:
        minutes = float(stored)
    else:
        words = sum(_words(v) for v in entry.record.answers.values())
        words += sum(_words(m.note) for m in entry.record.markers)
        minutes = max(clip_seconds, 0.0) / 60.0 + words / WORDS_PER_MINUTE
        minutes = max(minutes, MIN_REFLECTION_MINUTES)
    # Quarter hours, as CPD logs count time (and sums of quarters stay exact): 23 minutes
    # counts as 30, so the log never shows 0.17 hours.
    minutes = math.ceil(minutes / 15.0) * 15.0
    return min(minutes, MAX_REFLECTION_HOURS * 60.0)


def _group_day(entry: Entry) -> date | None:
    extra = entry.record.extra or {}
    try:
        return date.fromisoformat(str(extra.get("date")))
    except ValueError:
        return _entry_day(entry)


def derive_activities(
    entries: Iterable[Entry], clip_seconds: Mapping[str, float], titles: Mapping[str, str]
) -> list[Activity]:
    """The activities the journal shows by itself: a finished scenario reflection is individual
    learning; a group session is participatory. Damaged entries and drafts give none."""
    found: list[Activity] = []
    for entry in entries:
        if entry.damaged or entry.status != "final":
            continue
        kind = entry.kind
        if kind == "scenario" and entry.scenario_id:
            day = _entry_day(entry)
            if day is None:
                continue
            minutes = reflection_minutes(entry, clip_seconds.get(entry.scenario_id, 0.0))
            title = titles.get(entry.scenario_id) or entry.title or entry.scenario_id
            found.append(
                Activity(
                    id=f"entry:{entry.id}",
                    day=day,
                    title=title,
                    method=REFLECTION_METHOD,
                    hours=round_hours(minutes / 60.0),
                    source=REFLECTION,
                    entry_id=entry.id,
                    evidence="Written reflection in the journal",
                )
            )
        elif kind == "group-session":
            day = _group_day(entry)
            if day is None:
                continue
            extra = entry.record.extra or {}
            raw = extra.get("minutes")
            minutes = float(raw) if isinstance(raw, int | float) and raw > 0 else 0.0
            hours = round_hours(min(minutes / 60.0, MAX_GROUP_HOURS))
            plan = extra.get("plan")
            plan = plan if isinstance(plan, dict) else {}
            title = str(plan.get("title") or entry.title or "Group session")
            found.append(
                Activity(
                    id=f"entry:{entry.id}",
                    day=day,
                    title=title,
                    method=GROUP_METHOD,
                    hours=hours,
                    participatory_hours=hours,
                    source=GROUP_SESSION,
                    entry_id=entry.id,
                    evidence="Group session record in the journal",
                )
            )
    return found


def merge_activities(derived: Iterable[Activity], stored: Iterable[Activity]) -> list[Activity]:
    """The CPD log: stored activities, and derived ones unless the person edited or left them
    out (an edit is stored with the entry's id and replaces the derived one). Edits whose entry
    was deleted go with it. Oldest first."""
    derived_list = list(derived)
    stored = list(stored)
    edits = {a.entry_id: a for a in stored if a.entry_id}
    log: list[Activity] = []
    for activity in derived_list:
        edit = edits.get(activity.entry_id) if activity.entry_id else None
        chosen = edit if edit is not None else activity
        if not chosen.excluded:
            log.append(chosen)
    # An edit whose entry was deleted is not in `derived`, so it goes with its entry.
    log += [a for a in stored if a.entry_id is None and not a.excluded]
    log.sort(key=lambda a: (a.day, a.title))
    return log


# --------------------------------------------------------------------------- totals


@dataclass(frozen=True)
class Totals:
    hours: float
    participatory_hours: float
    activities: int
    accounts_final: int
    accounts_draft: int


@dataclass
class Standing:
    """Totals against the framework's requirements, and what is still missing."""

    framework: Framework
    settings: Settings
    cycle: Cycle | None
    today: date
    activities: list[Activity]
    accounts: list[Account]
    discussion: PartnerRecord | None
    confirmation: PartnerRecord | None
    totals: Totals = field(init=False)
    missing: list[str] = field(init=False)

    def __post_init__(self) -> None:
        counted = self.counted_activities
        self.totals = Totals(
            hours=round_hours(sum(a.hours for a in counted)),
            participatory_hours=round_hours(sum(a.participatory_hours for a in counted)),
            activities=len(counted),
            accounts_final=sum(1 for a in self.accounts if a.final),
            accounts_draft=sum(1 for a in self.accounts if not a.final),
        )
        self.missing = self._missing()

    @property
    def counted_activities(self) -> list[Activity]:
        """Activities inside the cycle (all of them while no date is set)."""
        if self.cycle is None:
            return list(self.activities)
        return [a for a in self.activities if a.day in self.cycle]

    @property
    def days_left(self) -> int | None:
        return (self.settings.due - self.today).days if self.settings.due else None

    def _missing(self) -> list[str]:
        fw, t = self.framework, self.totals
        out: list[str] = []
        if self.settings.due is None:
            out.append(f"Set your {fw.date_label.lower()} so the cycle can be counted.")
        if t.hours < fw.required_hours:
            out.append(f"{_h(fw.required_hours - t.hours)} more hours of CPD.")
        if t.participatory_hours < fw.required_participatory_hours:
            out.append(
                f"{_h(fw.required_participatory_hours - t.participatory_hours)} more "
                "participatory hours (learning with other people)."
            )
        if t.accounts_final < fw.reflective_accounts:
            need = fw.reflective_accounts - t.accounts_final
            out.append(f"{need} more reflective account{'s' if need != 1 else ''} marked final.")
        if fw.reflective_accounts and self.discussion is None:
            out.append(f"The {fw.discussion.title.lower()} record.")
        if self.confirmation is None:
            out.append(f"The {fw.confirmation.title.lower()} record.")
        return out

    def to_dict(self) -> dict[str, Any]:
        fw, t = self.framework, self.totals
        return {
            "framework": {
                "id": fw.id,
                "title": fw.title,
                "regulator": fw.regulator,
                "account_fields": [{"id": q.id, "text": q.text} for q in fw.account_questions],
                "themes": [{"id": th.id, "title": th.title} for th in fw.themes],
            },
            "due": self.settings.due.isoformat() if self.settings.due else None,
            "cycle": {"start": self.cycle.start.isoformat(), "end": self.cycle.end.isoformat()}
            if self.cycle
            else None,
            "days_left": self.days_left,
            "totals": {
                "hours": t.hours,
                "participatory_hours": t.participatory_hours,
                "activities": t.activities,
                "accounts_final": t.accounts_final,
                "accounts_draft": t.accounts_draft,
            },
            "required": {
                "hours": fw.required_hours,
                "participatory_hours": fw.required_participatory_hours,
                "reflective_accounts": fw.reflective_accounts,
            },
            "accounts": [
                {
                    "id": a.id,
                    "entry_id": a.entry_id,
                    "date": a.day.isoformat(),
                    "title": a.title,
                    "themes": list(a.themes),
                    "final": a.final,
                }
                for a in self.accounts
            ],
            "discussion": self.discussion.to_dict() if self.discussion else None,
            "confirmation": self.confirmation.to_dict() if self.confirmation else None,
            "missing": list(self.missing),
            "complete": not self.missing,
        }


def _h(value: float) -> str:
    return f"{round_hours(value):g}"


def cycle_for(framework: Framework, settings: Settings) -> Cycle | None:
    return Cycle.ending(settings.due, framework.cycle_years) if settings.due else None


def edited(activity: Activity, **changes: Any) -> Activity:
    return replace(activity, **changes)
