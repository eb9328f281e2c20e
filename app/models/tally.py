"""Quick tallies: a show of hands on a 1-5 question, counted before and after a session.

Only counts are kept. There is nowhere to put a name, on purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SCALE = 5
PHASES = ("before", "after")


def parse_counts(text: str) -> list[int]:
    """Quick entry of a show of hands: "2 5 7 4 1" is the hands for 1, 2, 3, 4 and 5.

    Spaces, commas or slashes separate the counts. Raises ValueError with a message a
    facilitator can act on.
    """
    parts = [p for p in re.split(r"[\s,;/]+", text.strip()) if p]
    if not parts:
        raise ValueError(f"Type {SCALE} counts, one for each answer, e.g. 2 5 7 4 1.")
    if not all(p.isdigit() for p in parts):
        raise ValueError("Counts are whole numbers of hands, e.g. 2 5 7 4 1.")
    if len(parts) != SCALE:
        raise ValueError(
            f"That is {len(parts)} count{'s' if len(parts) != 1 else ''}; type {SCALE}, "
            "one for each answer from 1 to 5 (0 where no hands went up)."
        )
    counts = [int(p) for p in parts]
    if any(c > 999 for c in counts):
        raise ValueError("A count over 999 looks like a typing slip; please check it.")
    return counts


def _zeros() -> list[int]:
    return [0] * SCALE


@dataclass
class Tally:
    id: str
    question: str
    before: list[int] = field(default_factory=_zeros)  # before[i] = hands for value i + 1
    after: list[int] = field(default_factory=_zeros)

    def counts(self, phase: str) -> list[int]:
        if phase not in PHASES:
            raise ValueError(f"phase must be one of {PHASES}")
        return self.before if phase == "before" else self.after

    def set(self, phase: str, value: int, count: int) -> None:
        """Hands raised for `value` (1..5) in `phase`; counts are never negative."""
        if not 1 <= value <= SCALE:
            raise ValueError(f"value must be 1 to {SCALE}")
        self.counts(phase)[value - 1] = max(0, int(count))

    def add(self, phase: str, value: int, delta: int = 1) -> None:
        c = self.counts(phase)
        self.set(phase, value, c[value - 1] + delta)

    def total(self, phase: str) -> int:
        return sum(self.counts(phase))

    def mean(self, phase: str) -> float | None:
        c = self.counts(phase)
        n = sum(c)
        return None if n == 0 else sum((i + 1) * k for i, k in enumerate(c)) / n

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "question": self.question,
            "before": list(self.before),
            "after": list(self.after),
        }

    @classmethod
    def from_dict(cls, d: dict) -> Tally:
        def counts(key: str) -> list[int]:
            raw = list(d.get(key, ()))[:SCALE]
            return [max(0, int(x)) for x in raw] + [0] * (SCALE - len(raw))

        return cls(
            id=str(d["id"]),
            question=str(d["question"]),
            before=counts("before"),
            after=counts("after"),
        )

    def describe(self, phase: str) -> str:
        """One line for reports: '12 hands, average 2.8'."""
        m = self.mean(phase)
        n = self.total(phase)
        return "no hands counted" if m is None else f"{n} hands, average {m:.1f}"
