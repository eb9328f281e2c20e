"""Growth over time, from a journal's finished reflections: no Qt, no storage, just figures.

DOMAIN.md asks us to measure growth, not attendance: confidence on each learning objective
before and after every viewing, knowledge-check results, which scenarios were completed, and
which are due a refresher (skills fade; quarterly boosters help). Everything here is computed
from entries already decrypted in memory, the scenarios' metadata, and a clock passed in, so
tests can fix "now".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.models.content import Scenario
from app.models.journal import Entry

DEFAULT_REFRESHER_DAYS = 90
OTHER_TOPIC = "other"  # a reflection whose scenario is no longer installed


def parse_time(stamp: str) -> datetime:
    """An entry's ISO 8601 UTC timestamp as an aware datetime."""
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _ratings(value: object) -> dict[str, int]:
    """Only whole-number ratings count; anything else in a payload is ignored, not guessed at."""
    if not isinstance(value, Mapping):
        return {}
    return {
        str(k): int(v)
        for k, v in value.items()
        if isinstance(v, (int, float)) and not isinstance(v, bool)
    }


@dataclass(frozen=True)
class Viewing:
    """One finished reflection on a scenario, with its confidence ratings."""

    entry_id: str
    scenario_id: str
    title: str
    at: datetime
    topics: tuple[str, ...]
    before: dict[str, int]
    after: dict[str, int]


@dataclass(frozen=True)
class RatingPoint:
    """Confidence at one viewing: mean before and after (None when not rated)."""

    at: datetime
    entry_id: str
    before: float | None
    after: float | None


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return round(sum(values) / len(values), 2) if values else None


class _ConfidenceSeries:
    """Confidence ratings over a series of viewings (needs a `points` list, oldest first)."""

    points: list[RatingPoint]

    @property
    def viewings(self) -> int:
        return len(self.points)

    @property
    def first_before(self) -> float | None:
        return next((p.before for p in self.points if p.before is not None), None)

    @property
    def latest_after(self) -> float | None:
        return next((p.after for p in reversed(self.points) if p.after is not None), None)

    @property
    def change(self) -> float | None:
        """Latest confidence after a viewing minus the first confidence before one."""
        if self.first_before is None or self.latest_after is None:
            return None
        return round(self.latest_after - self.first_before, 2)


@dataclass
class ObjectiveProgress(_ConfidenceSeries):
    """Confidence on one learning objective, viewing by viewing."""

    objective: str
    scenario_id: str
    topics: tuple[str, ...]
    points: list[RatingPoint] = field(default_factory=list)


@dataclass
class TopicProgress(_ConfidenceSeries):
    """Confidence across every objective of every scenario on one topic."""

    topic: str
    points: list[RatingPoint] = field(default_factory=list)
    knowledge_correct: int = 0
    knowledge_total: int = 0

    @property
    def mean_before(self) -> float | None:
        return _mean(p.before for p in self.points if p.before is not None)

    @property
    def mean_after(self) -> float | None:
        return _mean(p.after for p in self.points if p.after is not None)


@dataclass(frozen=True)
class Refresher:
    """A scenario last reflected on longer ago than the refresher interval."""

    scenario_id: str
    title: str
    last_reflected: datetime
    days_since: int


@dataclass
class ProgressReport:
    viewings: list[Viewing]
    topics: list[TopicProgress]
    objectives: list[ObjectiveProgress]
    knowledge_correct: int
    knowledge_total: int
    completed: list[tuple[str, str, int]]  # (scenario id, title, finished reflections)
    refreshers: list[Refresher]
    refresher_days: int
    free_reflections: int = 0

    @property
    def knowledge_percent(self) -> int | None:
        if not self.knowledge_total:
            return None
        return round(100 * self.knowledge_correct / self.knowledge_total)

    def topic(self, topic: str) -> TopicProgress | None:
        return next((t for t in self.topics if t.topic == topic), None)

    def objective(self, text: str) -> ObjectiveProgress | None:
        return next((o for o in self.objectives if o.objective == text), None)


def point_of(viewing: Viewing, keys: Iterable[str] | None = None) -> RatingPoint:
    wanted = set(keys) if keys is not None else None

    def pick(ratings: dict[str, int]) -> float | None:
        if wanted is None:
            values = list(ratings.values())
        else:
            values = [v for k, v in ratings.items() if k in wanted]
        return round(sum(values) / len(values), 2) if values else None

    return RatingPoint(viewing.at, viewing.entry_id, pick(viewing.before), pick(viewing.after))


def compute(
    entries: Iterable[Entry],
    scenarios: Mapping[str, Scenario],
    now: datetime,
    refresher_days: int = DEFAULT_REFRESHER_DAYS,
) -> ProgressReport:
    """Figures from finished, readable entries. Drafts and damaged entries are left out:
    a draft's ratings may be half done, and a damaged one cannot be read."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    finals = sorted(
        (e for e in entries if e.status == "final" and not e.damaged),
        key=lambda e: e.created_at,
    )
    viewings: list[Viewing] = []
    topics: dict[str, TopicProgress] = {}
    objectives: dict[tuple[str, str], ObjectiveProgress] = {}
    completed: dict[str, int] = {}
    last_seen: dict[str, datetime] = {}
    titles: dict[str, str] = {}
    knowledge_correct = knowledge_total = 0
    free = 0

    for entry in finals:
        sid = entry.scenario_id
        knowledge = entry.payload.get("knowledge") or {}
        right = sum(
            1 for k in knowledge.values() if isinstance(k, Mapping) and k.get("correct") is True
        )
        asked = sum(1 for k in knowledge.values() if isinstance(k, Mapping))
        knowledge_correct += right
        knowledge_total += asked
        if sid is None:
            free += 1
            continue
        scenario = scenarios.get(sid)
        topic_ids = tuple(scenario.topics) if scenario and scenario.topics else (OTHER_TOPIC,)
        title = scenario.title if scenario else (entry.title or sid)
        viewing = Viewing(
            entry_id=entry.id,
            scenario_id=sid,
            title=title,
            at=parse_time(entry.created_at),
            topics=topic_ids,
            before=_ratings(entry.payload.get("confidence_before")),
            after=_ratings(entry.payload.get("confidence_after")),
        )
        viewings.append(viewing)
        completed[sid] = completed.get(sid, 0) + 1
        titles[sid] = title
        last_seen[sid] = max(viewing.at, last_seen.get(sid, viewing.at))

        point = point_of(viewing)
        for topic in topic_ids:
            tp = topics.setdefault(topic, TopicProgress(topic))
            if point.before is not None or point.after is not None:
                tp.points.append(point)
            tp.knowledge_correct += right
            tp.knowledge_total += asked

        # Objectives: the scenario's own list, in its order, plus any rated one it no longer has.
        names = list(scenario.learning_objectives) if scenario else []
        names += [k for k in (*viewing.before, *viewing.after) if k not in names]
        for name in names:
            if name not in viewing.before and name not in viewing.after:
                continue
            op = objectives.setdefault((sid, name), ObjectiveProgress(name, sid, topic_ids))
            b, a = viewing.before.get(name), viewing.after.get(name)
            op.points.append(
                RatingPoint(
                    viewing.at,
                    entry.id,
                    float(b) if b is not None else None,
                    float(a) if a is not None else None,
                )
            )

    refreshers = [
        Refresher(sid, titles[sid], seen, (now - seen).days)
        for sid, seen in last_seen.items()
        if (now - seen).days > refresher_days
    ]
    refreshers.sort(key=lambda r: r.last_reflected)
    return ProgressReport(
        viewings=viewings,
        topics=sorted(topics.values(), key=lambda t: t.topic),
        objectives=list(objectives.values()),
        knowledge_correct=knowledge_correct,
        knowledge_total=knowledge_total,
        completed=sorted(((s, titles[s], n) for s, n in completed.items()), key=lambda c: c[1]),
        refreshers=refreshers,
        refresher_days=refresher_days,
        free_reflections=free,
    )


def topic_label(topic: str) -> str:
    """'staff-wellbeing' -> 'Staff wellbeing' (topic ids are short lowercase words)."""
    if topic == OTHER_TOPIC:
        return "Other (scenario no longer installed)"
    text = topic.replace("-", " ").replace("_", " ")
    return text[:1].upper() + text[1:]
