"""Small groups never reveal a person: which counts a programme report may publish.

Every count in a report is a number of people. They nest: all participants split into
settings, settings into roles; all participants split into those who completed a scenario and
those who did not; those who answered a question into those who got it right and those who did
not. A `Count` knows the partitions it splits into.

The rule `protect` enforces, for a threshold k (never below 5):

1. a count of 1 to k-1 people is hidden and shown as "fewer than k" (a 0 reveals nobody);
2. within any split, the hidden parts are never exactly one, and together they hold 0 or at
   least k people: otherwise the whole minus the shown parts gives a hidden part (or a small
   group) back. More parts are hidden, smallest first, until that holds ("complementary
   suppression"), and when no part is left to hide, the whole is hidden too;
3. no shown count minus a shown count nested inside it leaves 1 to k-1 people;
4. a hidden count never has all the parts of a split shown (their sum would give it back).

Hiding is repeated until nothing changes; it only ever adds hidden counts, so it ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

MIN_THRESHOLD = 5
SHOWN = ""
SMALL = "small"  # from fewer than k people
COMPLEMENT = "complement"  # hidden so that a small one cannot be worked out by subtraction


def threshold(k: object) -> int:
    """The organisation's threshold, never below 5 (a setting that is not a number is 5)."""
    if isinstance(k, bool) or not isinstance(k, int | float | str):
        return MIN_THRESHOLD
    try:
        return max(MIN_THRESHOLD, int(k))
    except ValueError:
        return MIN_THRESHOLD


@dataclass(eq=False)
class Count:
    """A number of people, and the ways it splits into smaller counts that add up to it."""

    value: int
    label: str = ""
    splits: list[list[Count]] = field(default_factory=list)
    hidden: str = SHOWN

    def split(self, *parts: Count) -> Count:
        total = sum(p.value for p in parts)
        if total != self.value:
            raise ValueError(f"{self.label}: parts add up to {total}, not {self.value}")
        self.splits.append(list(parts))
        return self

    @property
    def shown(self) -> bool:
        return self.hidden == SHOWN

    def display(self, k: int) -> str:
        if self.hidden == SMALL:
            return f"fewer than {k}"
        if self.hidden == COMPLEMENT:
            return "hidden"
        return str(self.value)

    def csv(self, k: int) -> str:
        return str(self.value) if self.shown else self.display(k)


def walk(roots: Iterable[Count]) -> Iterator[Count]:
    """Every count under these roots once, parents before their parts."""
    seen: set[int] = set()
    stack = list(roots)[::-1]
    while stack:
        c = stack.pop()
        if id(c) in seen:
            continue
        seen.add(id(c))
        yield c
        for part in c.splits:
            stack.extend(reversed(part))


def _descendants(c: Count) -> Iterator[Count]:
    for part in c.splits:
        for child in part:
            yield child
            yield from _descendants(child)


def protect(roots: Iterable[Count], k: int) -> list[Count]:
    """Hide counts under these roots until the rule above holds; returns every count."""
    k = threshold(k)
    counts = list(walk(roots))
    for c in counts:
        if 0 < c.value < k:
            c.hidden = SMALL
    changed = True
    while changed:
        changed = False
        for c in counts:
            for part in c.splits:
                if not c.shown and all(p.shown for p in part) and c.value > 0:
                    # A hidden whole whose parts are all shown is just their sum.
                    min(part, key=lambda p: (p.value == 0, p.value)).hidden = COMPLEMENT
                    changed = True
                while True:
                    hidden = [p for p in part if not p.shown]
                    if not hidden:
                        break
                    held = sum(p.value for p in hidden)
                    # Two or more hidden parts holding k or more people (or an unknown whole).
                    if len(hidden) >= 2 and (held >= k or not c.shown):
                        break
                    candidates = sorted((p for p in part if p.shown), key=lambda p: p.value)
                    if candidates:
                        candidates[0].hidden = COMPLEMENT
                        changed = True
                        continue
                    if c.shown:
                        c.hidden = COMPLEMENT
                        changed = True
                    break
            if not c.shown:
                continue
            for d in _descendants(c):
                if d.shown and 0 < c.value - d.value < k:
                    d.hidden = COMPLEMENT
                    changed = True
    return counts
