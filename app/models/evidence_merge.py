"""Many people's slips into one programme evaluation, with small groups hidden.

`choose` picks the slips that count (one programme; one slip per person, the latest), and
reports the others; `evaluate` turns them into the report's tables, every count a `Count`
protected by app/models/evidence_privacy.py. Means and rates are shown only where the count
they come from is shown, so no figure rests on fewer than k people.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from app.models.content import ROLES, Scenario
from app.models.evidence import (
    IMPOSSIBLE,
    OTHER_PROGRAMME,
    SETTINGS,
    TALLY_SCALE,
    TWO_PROGRAMMES,
    Slip,
    setting_for_role,
)
from app.models.evidence_privacy import Count, protect, threshold
from app.models.evidence_stats import PairedChange, paired_change

SETTING_LABELS = {"health": "Health", "school": "School", "general": "Other"}


@dataclass(frozen=True)
class Problem:
    """A slip left out of the merge, and why (per file, in plain words)."""

    source: str
    message: str  # the detail, for the lead's own screen
    reason: str = IMPOSSIBLE  # a few fixed words, for the report


@dataclass
class Selection:
    programme: str
    slips: list[Slip]
    problems: list[Problem] = field(default_factory=list)
    replaced: int = 0  # earlier slips from someone whose later slip was used


def choose(named: Sequence[tuple[str, Slip]], programme: str | None = None) -> Selection:
    """One programme's slips, the latest per person.

    A code that appears under two programmes cannot be right (codes are random per programme):
    every slip carrying it is left out. Without a programme given, the most common one is used.
    """
    programmes: dict[str, set[str]] = defaultdict(set)
    for _, slip in named:
        programmes[slip.pseudonym].add(slip.programme)
    problems: list[Problem] = []
    fine: list[tuple[str, Slip]] = []
    for source, slip in named:
        seen = programmes[slip.pseudonym]
        if len(seen) > 1:
            problems.append(
                Problem(
                    source,
                    "the same person's code appears under programmes "
                    f"{' and '.join(sorted(seen))}, so none of their slips can be trusted",
                    TWO_PROGRAMMES,
                )
            )
        else:
            fine.append((source, slip))
    if programme is None:
        tally = Counter(s.programme for _, s in fine)
        programme = min(tally, key=lambda p: (-tally[p], p)) if tally else ""
    latest: dict[str, tuple[str, Slip]] = {}
    replaced = 0
    for source, slip in fine:
        if slip.programme != programme:
            problems.append(
                Problem(
                    source,
                    f"it is for programme {slip.programme}, not {programme}",
                    OTHER_PROGRAMME,
                )
            )
            continue
        held = latest.get(slip.pseudonym)
        if held is not None:
            replaced += 1
            if held[1].sequence >= slip.sequence:
                continue
        latest[slip.pseudonym] = (source, slip)
    return Selection(programme, [s for _, s in latest.values()], problems, replaced)


# ---------------------------------------------------------------- the tables


@dataclass
class RoleRow:
    setting: str
    role: str  # "" for the setting's subtotal
    count: Count

    @property
    def label(self) -> str:
        if self.role:
            return ROLES.get(self.role, self.role)
        return f"All {SETTING_LABELS.get(self.setting, self.setting).lower()} roles"


@dataclass
class CompletionRow:
    scenario: str
    title: str
    completed: Count
    not_completed: Count


@dataclass
class ObjectiveRow:
    scenario: str
    title: str
    number: int
    objective: str
    pairs: Count
    change: PairedChange | None

    @property
    def shows_figures(self) -> bool:
        """Means and interval only from k or more pairs."""
        return self.change is not None and self.pairs.shown and self.pairs.value > 0


@dataclass
class KnowledgeRow:
    scenario: str
    question: str
    text: str
    answered: Count
    first_right: Count
    first_wrong: Count
    latest_right: Count
    latest_wrong: Count

    @staticmethod
    def _rate(right: Count, answered: Count) -> float | None:
        # Both shown, or the rate would give a hidden count back (right = rate x answered).
        if not (right.shown and answered.shown) or answered.value == 0:
            return None
        return right.value / answered.value

    @property
    def first_rate(self) -> float | None:
        return self._rate(self.first_right, self.answered)

    @property
    def latest_rate(self) -> float | None:
        return self._rate(self.latest_right, self.answered)


@dataclass
class TallyRow:
    plan: str
    tally: str
    label: str
    hands_before: Count
    hands_after: Count
    mean_before: float | None
    mean_after: float | None


@dataclass
class Evaluation:
    programme: str
    k: int
    total: Count
    roles: list[RoleRow]
    completion: list[CompletionRow]
    objectives: list[ObjectiveRow]
    knowledge: list[KnowledgeRow]
    tallies: list[TallyRow]
    problems: list[Problem] = field(default_factory=list)
    slips_read: int = 0
    replaced: int = 0

    @property
    def participants(self) -> int:
        return self.total.value


def _mean_of_counts(counts: Sequence[int]) -> float | None:
    n = sum(counts)
    return sum((i + 1) * c for i, c in enumerate(counts)) / n if n else None


def evaluate(
    selection: Selection,
    *,
    k: int = 5,
    scenarios: Mapping[str, Scenario] | None = None,
    questions: Mapping[str, str] | None = None,
    tally_labels: Mapping[tuple[str, str], str] | None = None,
    problems: Iterable[Problem] = (),
    slips_read: int = 0,
) -> Evaluation:
    """The report's tables from the chosen slips. `scenarios`, `questions` and `tally_labels`
    only name things (titles, objective and question wording from the content installed on
    the lead's PC); without them ids are shown."""
    k = threshold(k)
    scenarios = scenarios or {}
    questions = questions or {}
    tally_labels = tally_labels or {}
    slips = selection.slips
    total = Count(len(slips), "All participants")

    by_role = Counter(s.role for s in slips)
    roles: list[RoleRow] = []
    setting_counts: list[Count] = []
    for setting in SETTINGS:
        members = [r for r in ROLES if setting_for_role(r) == setting]
        parts = [Count(by_role[r], ROLES[r]) for r in members]
        whole = Count(sum(p.value for p in parts), SETTING_LABELS[setting]).split(*parts)
        setting_counts.append(whole)
        roles += [RoleRow(setting, r, p) for r, p in zip(members, parts, strict=True)]
        roles.append(RoleRow(setting, "", whole))
    total.split(*setting_counts)

    completed: Counter[str] = Counter()
    pairs: dict[tuple[str, int], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    answered: Counter[tuple[str, str]] = Counter()
    first_right: Counter[tuple[str, str]] = Counter()
    latest_right: Counter[tuple[str, str]] = Counter()
    hands: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for slip in slips:
        for s in slip.scenarios:
            completed[s.id] += 1
            for c in s.confidence:
                if c.before is not None and c.after is not None:
                    b, a = pairs[(s.id, c.objective)]
                    b.append(c.before)
                    a.append(c.after)
            for q in s.knowledge:
                key = (s.id, q.question)
                answered[key] += 1
                first_right[key] += q.first
                latest_right[key] += q.latest
        for t in slip.tallies:
            before, after = hands.setdefault((t.plan, t.tally), ([0] * 5, [0] * 5))
            for i in range(TALLY_SCALE):
                before[i] += t.before[i]
                after[i] += t.after[i]

    def title(sid: str) -> str:
        return scenarios[sid].title if sid in scenarios else sid

    completion: list[CompletionRow] = []
    for sid in sorted(completed, key=lambda s: (title(s).lower(), s)):
        done = Count(completed[sid], f"completed {sid}")
        rest = Count(total.value - completed[sid], f"not completed {sid}")
        total.split(done, rest)
        completion.append(CompletionRow(sid, title(sid), done, rest))

    roots: list[Count] = [total]
    objectives: list[ObjectiveRow] = []
    for sid, number in sorted(pairs, key=lambda key: (title(key[0]).lower(), key)):
        before, after = pairs[(sid, number)]
        # Not split from those who completed the scenario: that some people did not rate an
        # objective both times says nothing about anyone's answers, and hiding it would hide
        # the means the report exists for.
        n = Count(len(before), f"pairs {sid} {number}")
        roots.append(n)
        scenario = scenarios.get(sid)
        text = (
            scenario.learning_objectives[number - 1]
            if scenario and number <= len(scenario.learning_objectives)
            else f"Objective {number}"
        )
        objectives.append(
            ObjectiveRow(sid, title(sid), number, text, n, paired_change(before, after))
        )

    knowledge: list[KnowledgeRow] = []
    for sid, qid in sorted(answered, key=lambda key: (title(key[0]).lower(), key)):
        key = (sid, qid)
        asked_n = answered[key]
        asked = Count(asked_n, f"answered {qid}")  # a root, like the pairs above
        roots.append(asked)
        fr = Count(first_right[key], f"first right {qid}")
        fw = Count(asked_n - first_right[key], f"first wrong {qid}")
        lr = Count(latest_right[key], f"latest right {qid}")
        lw = Count(asked_n - latest_right[key], f"latest wrong {qid}")
        asked.split(fr, fw).split(lr, lw)
        knowledge.append(KnowledgeRow(sid, qid, questions.get(qid, qid), asked, fr, fw, lr, lw))

    tallies: list[TallyRow] = []
    for (plan, tid), (before, after) in sorted(hands.items()):
        hb, ha = Count(sum(before), f"hands before {tid}"), Count(sum(after), f"hands after {tid}")
        roots += [hb, ha]
        tallies.append(
            TallyRow(
                plan,
                tid,
                tally_labels.get((plan, tid), f"{plan}: {tid}"),
                hb,
                ha,
                _mean_of_counts(before) if hb.value >= k else None,
                _mean_of_counts(after) if ha.value >= k else None,
            )
        )

    protect(roots, k)
    return Evaluation(
        programme=selection.programme,
        k=k,
        total=total,
        roles=roles,
        completion=completion,
        objectives=objectives,
        knowledge=knowledge,
        tallies=tallies,
        problems=[*problems, *selection.problems],
        slips_read=slips_read,
        replaced=selection.replaced,
    )
