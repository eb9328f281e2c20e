"""Evidence slips: what one person shares, anonymously, for a programme's evaluation.

A slip is a small JSON object holding numbers and content identifiers only: the programme id,
role, setting, and per completed scenario the month it was completed, confidence before and
after on each learning objective (by its number in the scenario), knowledge-check results per
question id, the reflection model and the watching time in coarse bands; a facilitator's slip
also carries the before/after hand counts of the group sessions they ran. It never holds free
text, titles, tags, names, profile or entry ids, or exact times. docs/evidence.md documents
the schema; `SCHEMA_VERSION` changes whenever its meaning does.

Reading is strict on purpose: a key this version does not know, a value outside its range or
any identifier that is not a short lowercase slug is refused, so a slip edited to smuggle text
(or an impossible figure) into a programme report is reported and skipped, never merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.models.content import ROLES, Scenario
from app.models.journal import Entry
from app.models.support import GENERAL, HEALTH, SCHOOL, setting_of_role

FORMAT = "casebook-evidence"
# The seal kind of a profile's sealed slip code (table `evidence_pseudonyms`); key rotation
# re-seals these with everything else.
SEAL_EVIDENCE_CODE = "evidence-pseudonym"
SCHEMA_VERSION = 1
SETTINGS = (HEALTH, SCHOOL, GENERAL)
CONFIDENCE_SCALE = (1, 5)
TALLY_SCALE = 5
# Watching time per scenario (clip length times finished reflections), never exact.
TIME_BANDS: dict[str, str] = {
    "under-15-min": "under 15 minutes",
    "15-30-min": "15 to 30 minutes",
    "30-60-min": "30 to 60 minutes",
    "over-60-min": "over an hour",
}
FIRST_MONTH = (2020, 1)  # Casebook did not exist before; an earlier month is impossible

# Content identifiers (scenario, question, model, plan, tally, programme ids): short slugs.
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,78}[a-z0-9])?$")
_PSEUDONYM = re.compile(r"^[0-9a-f]{32}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")

# Bounds that no real slip comes near; beyond them a value is tampered or impossible.
MAX_SCENARIOS = 500
MAX_OBJECTIVES = 50
MAX_QUESTIONS = 200
MAX_REFLECTIONS = 10_000
MAX_TALLIES = 1_000
MAX_HANDS = 1_000


# Why a slip was left out, in a few fixed words: what a report prints (never a file's own
# text or name). The message beside it gives the detail to the lead on their own screen.
NOT_A_SLIP = "not a Casebook evidence slip"
NOT_JSON = "not JSON"
UNREADABLE = "could not be read"
OTHER_SCHEMA = "another schema version"
UNKNOWN_FIELD = "a field this version does not know"
IMPOSSIBLE = "a value missing, out of range or impossible"
FUTURE = "a month in the future"
OTHER_PROGRAMME = "for another programme"
TWO_PROGRAMMES = "the same person's code under two programmes"
MISSING = "no such file or folder"


class SlipError(ValueError):
    """A slip that cannot be merged; the message says why in plain words."""

    def __init__(self, message: str, reason: str = IMPOSSIBLE) -> None:
        super().__init__(message)
        self.reason = reason


def is_slug(value: Any) -> bool:
    return isinstance(value, str) and _SLUG.match(value) is not None


def setting_for_role(role: str) -> str:
    return setting_of_role(role) or GENERAL


def month_of(stamp: str) -> str:
    """'2026-11-30T10:00:00Z' -> '2026-11': the only part of a time a slip keeps."""
    return stamp[:7]


def time_band(minutes: float) -> str:
    if minutes < 15:
        return "under-15-min"
    if minutes < 30:
        return "15-30-min"
    if minutes < 60:
        return "30-60-min"
    return "over-60-min"


# ---------------------------------------------------------------- the slip


@dataclass(frozen=True)
class ObjectiveRating:
    """Confidence on one learning objective: first rating before, latest rating after."""

    objective: int  # 1-based, in the scenario's order
    before: int | None
    after: int | None

    @property
    def paired(self) -> bool:
        return self.before is not None and self.after is not None


@dataclass(frozen=True)
class KnowledgeResult:
    """One knowledge-check question: right at the first try, right at the latest."""

    question: str
    first: bool
    latest: bool


@dataclass(frozen=True)
class ScenarioRecord:
    id: str
    month: str  # when it was first completed
    reflections: int
    model: str | None = None
    time_band: str | None = None
    confidence: tuple[ObjectiveRating, ...] = ()
    knowledge: tuple[KnowledgeResult, ...] = ()


@dataclass(frozen=True)
class TallyRecord:
    """A show of hands on a 1-5 question in one group session: counts before and after."""

    plan: str
    tally: str
    month: str
    before: tuple[int, ...]
    after: tuple[int, ...]


@dataclass(frozen=True)
class Slip:
    programme: str
    pseudonym: str
    sequence: int  # a later export from the same person has a higher number
    role: str
    setting: str
    scenarios: tuple[ScenarioRecord, ...] = ()
    tallies: tuple[TallyRecord, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "schema": SCHEMA_VERSION,
            "programme": self.programme,
            "pseudonym": self.pseudonym,
            "sequence": self.sequence,
            "role": self.role,
            "setting": self.setting,
            "scenarios": [
                {
                    "id": s.id,
                    "month": s.month,
                    "reflections": s.reflections,
                    "model": s.model,
                    "time_band": s.time_band,
                    "confidence": [
                        {"objective": c.objective, "before": c.before, "after": c.after}
                        for c in s.confidence
                    ],
                    "knowledge": [
                        {"question": k.question, "first": int(k.first), "latest": int(k.latest)}
                        for k in s.knowledge
                    ],
                }
                for s in self.scenarios
            ],
            "tallies": [
                {
                    "plan": t.plan,
                    "tally": t.tally,
                    "month": t.month,
                    "before": list(t.before),
                    "after": list(t.after),
                }
                for t in self.tallies
            ],
        }


# ---------------------------------------------------------------- reading, strictly


def _keys(
    value: Any, where: str, required: set[str], optional: frozenset[str] | set[str] = frozenset()
) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise SlipError(f"{where} is not an object")
    unknown = set(value) - required - optional
    if unknown:
        # Field names are echoed only when they are identifiers, never as free text.
        named = sorted(k for k in unknown if is_slug(k))
        raise SlipError(
            f"{where} has fields this version does not know"
            + (f": {', '.join(named)}" if len(named) == len(unknown) else ""),
            UNKNOWN_FIELD,
        )
    missing = required - set(value)
    if missing:
        raise SlipError(f"{where} lacks {', '.join(sorted(missing))}")
    return dict(value)


def _int(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        # Only a number is echoed back: a slip's text never reaches a message or a report.
        number = isinstance(value, int | float) and abs(value) < 1e12
        raise SlipError(
            f"{where} should be a whole number from {low} to {high}"
            + (f", not {value!r}" if number else "")
        )
    return value


def _slug(value: Any, where: str) -> str:
    if not is_slug(value):
        raise SlipError(f"{where} is not an identifier")
    return str(value)


def _list(value: Any, where: str, most: int) -> list[Any]:
    if not isinstance(value, list):
        raise SlipError(f"{where} is not a list")
    if len(value) > most:
        raise SlipError(f"{where} has more than {most} items")
    return value


def _month(value: Any, where: str, today: date) -> str:
    found = _MONTH.match(value) if isinstance(value, str) else None
    if not found:
        raise SlipError(f"{where} is not a month like 2026-03")
    year, month = int(found[1]), int(found[2])
    if not 1 <= month <= 12 or (year, month) < FIRST_MONTH:
        raise SlipError(f"{where} is not a possible month")
    if (year, month) > (today.year, today.month):
        raise SlipError(f"{where} ({value}) is in the future", FUTURE)
    return str(value)


def _rating(value: Any, where: str) -> int | None:
    if value is None:
        return None
    return _int(value, where, *CONFIDENCE_SCALE)


# Ten thousand slips hold about a million values: the common, well-formed item is checked in
# one expression, and only an item that fails it goes through the checks that say what is wrong.
_RATING_KEYS = frozenset({"objective", "before", "after"})
_RESULT_KEYS = frozenset({"question", "first", "latest"})
_LOW, _HIGH = CONFIDENCE_SCALE


def _plain_int(value: Any, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high  # a bool is not a rating


def _fast_rating(item: Any) -> ObjectiveRating | None:
    if type(item) is not dict or item.keys() != _RATING_KEYS:
        return None
    number, before, after = item["objective"], item["before"], item["after"]
    if (
        _plain_int(number, 1, MAX_OBJECTIVES)
        and (before is None or _plain_int(before, _LOW, _HIGH))
        and (after is None or _plain_int(after, _LOW, _HIGH))
    ):
        return ObjectiveRating(number, before, after)
    return None


def _rating_checked(item: Any, i: int, sid: str) -> ObjectiveRating:
    c = _keys(item, f"confidence {i + 1} of {sid}", {"objective", "before", "after"})
    number = _int(c["objective"], f"an objective number in {sid}", 1, MAX_OBJECTIVES)
    return ObjectiveRating(
        number,
        _rating(c["before"], f"confidence before on objective {number} of {sid}"),
        _rating(c["after"], f"confidence after on objective {number} of {sid}"),
    )


def _fast_result(item: Any) -> KnowledgeResult | None:
    if type(item) is not dict or item.keys() != _RESULT_KEYS:
        return None
    qid, first, latest = item["question"], item["first"], item["latest"]
    if _plain_int(first, 0, 1) and _plain_int(latest, 0, 1) and is_slug(qid):
        return KnowledgeResult(qid, bool(first), bool(latest))
    return None


def _result_checked(item: Any, i: int, sid: str) -> KnowledgeResult:
    k = _keys(item, f"knowledge result {i + 1} of {sid}", {"question", "first", "latest"})
    qid = _slug(k["question"], f"a question id in {sid}")
    first = _int(k["first"], f"the first result of {qid}", 0, 1)
    latest = _int(k["latest"], f"the latest result of {qid}", 0, 1)
    return KnowledgeResult(qid, bool(first), bool(latest))


def _scenario(raw: Any, where: str, today: date) -> ScenarioRecord:
    d = _keys(
        raw,
        where,
        {"id", "month", "reflections", "confidence", "knowledge"},
        {"model", "time_band"},
    )
    sid = _slug(d["id"], f"{where}'s id")
    ratings: list[ObjectiveRating] = []
    seen: set[int] = set()
    for i, item in enumerate(_list(d["confidence"], f"{where}'s confidence", MAX_OBJECTIVES)):
        rating = _fast_rating(item) or _rating_checked(item, i, sid)
        if rating.objective in seen:
            raise SlipError(f"objective {rating.objective} of {sid} appears twice")
        seen.add(rating.objective)
        ratings.append(rating)
    results: list[KnowledgeResult] = []
    asked: set[str] = set()
    for i, item in enumerate(_list(d["knowledge"], f"{where}'s knowledge", MAX_QUESTIONS)):
        result = _fast_result(item) or _result_checked(item, i, sid)
        if result.question in asked:
            raise SlipError(f"question {result.question} appears twice in {sid}")
        asked.add(result.question)
        results.append(result)
    model = d.get("model")
    if model is not None:
        model = _slug(model, f"the model of {sid}")
    band = d.get("time_band")
    if band is not None and band not in TIME_BANDS:
        raise SlipError(f"the time band of {sid} is not one of {', '.join(TIME_BANDS)}")
    return ScenarioRecord(
        id=sid,
        month=_month(d["month"], f"the month of {sid}", today),
        reflections=_int(d["reflections"], f"the reflections on {sid}", 1, MAX_REFLECTIONS),
        model=model,
        time_band=band,
        confidence=tuple(ratings),
        knowledge=tuple(results),
    )


def _counts(value: Any, where: str) -> tuple[int, ...]:
    items = _list(value, where, TALLY_SCALE)
    if len(items) != TALLY_SCALE:
        raise SlipError(f"{where} should have {TALLY_SCALE} counts")
    return tuple(_int(v, where, 0, MAX_HANDS) for v in items)


def _tally(raw: Any, where: str, today: date) -> TallyRecord:
    d = _keys(raw, where, {"plan", "tally", "month", "before", "after"})
    plan, tally = _slug(d["plan"], f"{where}'s plan"), _slug(d["tally"], f"{where}'s id")
    return TallyRecord(
        plan=plan,
        tally=tally,
        month=_month(d["month"], f"the month of {where}", today),
        before=_counts(d["before"], f"the counts before in {where}"),
        after=_counts(d["after"], f"the counts after in {where}"),
    )


def parse_slip(data: Any, *, today: date) -> Slip:
    """A slip from its decoded JSON; SlipError says what is wrong with anything else."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise SlipError("this is not a Casebook evidence slip", NOT_A_SLIP)
    schema = data.get("schema")
    if schema != SCHEMA_VERSION or isinstance(schema, bool):
        said = repr(schema) if isinstance(schema, int) else "not a number"
        raise SlipError(
            f"the slip is schema version {said}; this Casebook reads version {SCHEMA_VERSION}",
            OTHER_SCHEMA,
        )
    d = _keys(
        data,
        "the slip",
        {"format", "schema", "programme", "pseudonym", "sequence", "role", "setting"},
        {"scenarios", "tallies"},
    )
    role = d["role"]
    if role not in ROLES:
        raise SlipError("the role is not one Casebook knows")
    setting = d["setting"]
    if setting != setting_for_role(role):
        raise SlipError("the setting does not match the role")
    pseudonym = d["pseudonym"]
    if not isinstance(pseudonym, str) or not _PSEUDONYM.match(pseudonym):
        raise SlipError("the pseudonym is not 32 hexadecimal digits")
    scenarios = [
        _scenario(raw, f"scenario {i + 1}", today)
        for i, raw in enumerate(_list(d.get("scenarios", []), "scenarios", MAX_SCENARIOS))
    ]
    ids = [s.id for s in scenarios]
    if len(set(ids)) != len(ids):
        raise SlipError("a scenario appears twice")
    tallies = [
        _tally(raw, f"tally {i + 1}", today)
        for i, raw in enumerate(_list(d.get("tallies", []), "tallies", MAX_TALLIES))
    ]
    return Slip(
        programme=_slug(d["programme"], "the programme id"),
        pseudonym=pseudonym,
        sequence=_int(d["sequence"], "the sequence number", 1, 10**9),
        role=role,
        setting=setting,
        scenarios=tuple(scenarios),
        tallies=tuple(tallies),
    )


# ---------------------------------------------------------------- making one from a journal


@dataclass
class _Scenario:
    month: str
    reflections: int = 0
    model: str | None = None
    before: dict[int, int] = field(default_factory=dict)
    after: dict[int, int] = field(default_factory=dict)
    first: dict[str, bool] = field(default_factory=dict)
    latest: dict[str, bool] = field(default_factory=dict)


def _objective_numbers(scenario: Scenario | None) -> dict[str, int]:
    if scenario is None:
        return {}
    return {text: i for i, text in enumerate(scenario.learning_objectives[:MAX_OBJECTIVES], 1)}


def _in_scale(value: int) -> bool:
    return CONFIDENCE_SCALE[0] <= value <= CONFIDENCE_SCALE[1]


def _hands(value: Any) -> tuple[int, ...]:
    vals = list(value)[:TALLY_SCALE] if isinstance(value, list) else []
    vals = [v if isinstance(v, int) and 0 <= v <= MAX_HANDS else 0 for v in vals]
    return tuple(vals + [0] * (TALLY_SCALE - len(vals)))


def _tallies_of(entry: Entry) -> list[TallyRecord]:
    extra = entry.record.extra or {}
    plan = (extra.get("plan") or {}).get("id") if isinstance(extra.get("plan"), Mapping) else None
    if not is_slug(plan):
        return []
    out = []
    for raw in extra.get("tallies") or []:
        if not isinstance(raw, Mapping) or not is_slug(raw.get("id")):
            continue

        before, after = _hands(raw.get("before")), _hands(raw.get("after"))
        if sum(before) or sum(after):
            out.append(
                TallyRecord(str(plan), str(raw["id"]), month_of(entry.created_at), before, after)
            )
    return out


def build_slip(
    entries: Iterable[Entry],
    scenarios: Mapping[str, Scenario],
    *,
    programme: str,
    pseudonym: str,
    sequence: int,
    role: str,
) -> Slip:
    """The slip for one journal: finished, readable entries only, oldest first.

    Confidence pairs the first rating before with the latest rating after (the same change the
    Progress place shows). Objectives are numbered in the scenario's order, so their wording
    never leaves the PC; an objective the installed scenario no longer lists is left out.
    """
    if not is_slug(programme):
        raise SlipError("a programme id is a short identifier such as ward-mh-2026")
    finals = sorted(
        (e for e in entries if e.status == "final" and not e.damaged), key=lambda e: e.created_at
    )
    found: dict[str, _Scenario] = {}
    tallies: list[TallyRecord] = []
    for entry in finals:
        record = entry.record
        if record.kind == "group-session":
            tallies += _tallies_of(entry)
            continue
        sid = record.scenario_id
        if not sid or not is_slug(sid):
            continue  # free reflections: nothing of them is shared
        s = found.setdefault(sid, _Scenario(month=month_of(entry.created_at)))
        s.reflections += 1
        if is_slug(record.model):
            s.model = record.model
        numbers = _objective_numbers(scenarios.get(sid))
        for text, value in record.confidence_before.items():
            n = numbers.get(text)
            if n is not None and _in_scale(value):
                s.before.setdefault(n, value)
        for text, value in record.confidence_after.items():
            n = numbers.get(text)
            if n is not None and _in_scale(value):
                s.after[n] = value
        for qid, result in record.knowledge.items():
            if is_slug(qid):
                s.first.setdefault(qid, result.correct)
                s.latest[qid] = result.correct
    records = []
    for sid, s in found.items():
        scenario = scenarios.get(sid)
        band = (
            time_band(scenario.duration_seconds * s.reflections / 60.0)
            if scenario is not None and scenario.duration_seconds > 0
            else None
        )
        records.append(
            ScenarioRecord(
                id=sid,
                month=s.month,
                reflections=min(s.reflections, MAX_REFLECTIONS),
                model=s.model,
                time_band=band,
                confidence=tuple(
                    ObjectiveRating(n, s.before.get(n), s.after.get(n))
                    for n in sorted(set(s.before) | set(s.after))
                ),
                knowledge=tuple(
                    KnowledgeResult(q, s.first[q], s.latest[q]) for q in sorted(s.first)
                ),
            )
        )
    records.sort(key=lambda r: r.id)
    return Slip(
        programme=programme,
        pseudonym=pseudonym,
        sequence=sequence,
        role=role,
        setting=setting_for_role(role),
        scenarios=tuple(records),
        tallies=tuple(tallies[:MAX_TALLIES]),
    )


def describe(
    slip: Slip,
    scenarios: Mapping[str, Scenario] | None = None,
    questions: Mapping[str, str] | None = None,
) -> list[str]:
    """What the slip holds, in plain sentences with its numbers: shown before it is written.

    Titles and wording in quotes come from the content on this PC, to help the person read
    it; the file itself holds only the ids and numbers."""
    scenarios = scenarios or {}
    questions = questions or {}
    lines = [
        f"Programme: {slip.programme}.",
        f"Your role: {ROLES.get(slip.role, slip.role)}; setting: {slip.setting}.",
        f"A random code for you in this programme only: {slip.pseudonym} "
        f"(export number {slip.sequence}).",
    ]
    if not slip.scenarios:
        lines.append("No finished reflections on scenarios yet.")
    for s in slip.scenarios:
        scenario = scenarios.get(s.id)
        title = f"\u201c{scenario.title}\u201d ({s.id})" if scenario else s.id
        objectives = scenario.learning_objectives if scenario else ()
        band = TIME_BANDS.get(s.time_band or "", "not known")
        lines.append(
            f"{title}: first completed {s.month}, {s.reflections} finished "
            f"reflection{'s' if s.reflections != 1 else ''}, model {s.model or 'not recorded'}, "
            f"watching time {band}."
        )
        for c in s.confidence:
            before = c.before if c.before is not None else "not rated"
            after = c.after if c.after is not None else "not rated"
            said = (
                f" \u201c{objectives[c.objective - 1]}\u201d"
                if c.objective <= len(objectives)
                else ""
            )
            lines.append(
                f"  Objective {c.objective}{said}: "
                f"confidence before {before}, after {after} (of 5)."
            )
        for k in s.knowledge:
            asked = f" \u201c{questions[k.question]}\u201d" if k.question in questions else ""
            lines.append(
                f"  Knowledge check {k.question}{asked}: "
                f"first try {'right' if k.first else 'not right'}, "
                f"latest {'right' if k.latest else 'not right'}."
            )
    for t in slip.tallies:
        lines.append(
            f"Group session {t.plan} ({t.month}), show of hands {t.tally}: "
            f"counts 1-5 before {list(t.before)}, after {list(t.after)}."
        )
    lines.append(
        "Nothing else: no words you wrote, no titles, tags, names, or dates finer than the month."
    )
    return lines
