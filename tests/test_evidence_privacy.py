"""The small-group rule: counts from fewer than k people are hidden, and no subtraction of
shown counts gives a hidden one (or any group of 1 to k-1 people) back."""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import product

import pytest

from app.models.evidence_privacy import COMPLEMENT, SMALL, Count, protect, threshold

K = 5


def rank(rows: list[list[Fraction]]) -> int:
    """Rank over the rationals, by Gaussian elimination (exact: no rounding to fool it)."""
    m = [list(r) for r in rows]
    r = 0
    cols = len(m[0]) if m else 0
    for c in range(cols):
        pivot = next((i for i in range(r, len(m)) if m[i][c] != 0), None)
        if pivot is None:
            continue
        m[r], m[pivot] = m[pivot], m[r]
        for i in range(len(m)):
            if i != r and m[i][c] != 0:
                f = m[i][c] / m[r][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[r], strict=True)]
        r += 1
    return r


def recoverable(hidden: list[Fraction], shown: list[list[Fraction]]) -> bool:
    """A hidden count is recoverable when its membership is a linear combination of shown
    ones (the whole, parts, sums and differences of any of them)."""
    return rank([*shown, hidden]) == rank(shown) if shown else False


def role_table(counts: dict[str, int]) -> tuple[Count, dict[Count, list[Fraction]]]:
    """Total -> settings -> roles, as DESIGN's participants table; vectors over the roles."""
    tree = {"health": ["ward", "ed", "mh"], "school": ["teacher", "support"], "general": ["fac"]}
    roles = [r for rs in tree.values() for r in rs]
    vectors: dict[Count, list[Fraction]] = {}
    settings = []
    for setting, members in tree.items():
        parts = [Count(counts[r], r) for r in members]
        for r, p in zip(members, parts, strict=True):
            vectors[p] = [Fraction(int(x == r)) for x in roles]
        whole = Count(sum(p.value for p in parts), setting).split(*parts)
        vectors[whole] = [Fraction(int(x in members)) for x in roles]
        settings.append(whole)
    total = Count(sum(s.value for s in settings), "total").split(*settings)
    vectors[total] = [Fraction(1)] * len(roles)
    return total, vectors


def check(vectors: dict[Count, list[Fraction]], k: int = K) -> None:
    shown = [c for c in vectors if c.shown]
    for c in shown:
        assert c.value == 0 or c.value >= k, f"{c.label} = {c.value} shown"
    # Any shown count minus a shown count nested in it (membership 0/1 vectors).
    for a in shown:
        for b in shown:
            if a is b:
                continue
            va, vb = vectors[a], vectors[b]
            if all(x >= y for x, y in zip(va, vb, strict=True)):
                gap = a.value - b.value
                assert gap == 0 or gap >= k, f"{a.label} - {b.label} = {gap}"
                for h in vectors:
                    if not h.shown:
                        diff = [x - y for x, y in zip(va, vb, strict=True)]
                        assert diff != vectors[h] or h.value == 0
    for h in vectors:
        if not h.shown and h.value > 0:
            assert not recoverable(vectors[h], [vectors[c] for c in shown]), h.label


def test_the_threshold_is_never_below_five():
    assert threshold(None) == 5
    assert threshold(2) == 5
    assert threshold(0) == 5
    assert threshold(8) == 8


def test_a_small_role_hides_a_sibling_so_the_setting_total_does_not_give_it_away():
    total, vectors = role_table(
        {"ward": 3, "ed": 12, "mh": 9, "teacher": 20, "support": 7, "fac": 0}
    )
    protect([total], K)
    by = {c.label: c for c in vectors}
    assert by["ward"].hidden == SMALL and by["ward"].display(K) == "fewer than 5"
    # ward = health - ed - mh would give it back: the smallest other part is hidden too,
    # and the two hidden parts hold at least 5 people between them.
    assert by["mh"].hidden == COMPLEMENT and by["mh"].display(K) == "hidden"
    assert by["ed"].shown and by["health"].shown and by["total"].shown
    assert by["fac"].shown and by["fac"].value == 0  # a 0 reveals nobody
    check(vectors)


def test_a_lone_small_setting_hides_another_setting():
    total, vectors = role_table({"ward": 8, "ed": 7, "mh": 6, "teacher": 9, "support": 8, "fac": 2})
    protect([total], K)
    by = {c.label: c for c in vectors}
    assert by["fac"].hidden == SMALL and by["general"].hidden == SMALL
    assert not by["school"].shown  # total - health - school would give "general" back
    check(vectors)


@pytest.mark.parametrize("seed", range(300))
def test_random_role_tables_never_give_a_hidden_count_back(seed):
    rng = random.Random(seed)
    counts = {
        r: rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15, 40])
        for r in ("ward", "ed", "mh", "teacher", "support", "fac")
    }
    k = rng.choice([5, 5, 6, 8])
    total, vectors = role_table(counts)
    protect([total], k)
    check(vectors, k)


@pytest.mark.parametrize(
    "answers", list(product([0, 1, 2, 4, 5, 7, 30], [0, 1, 3, 6, 30], [0, 2, 5, 30], [0, 4, 9]))
)
def test_right_and_wrong_at_two_tries_never_give_each_other_back(answers):
    """answered -> right/wrong at the first try, and right/wrong at the latest: four kinds of
    person (right both times, right then wrong, wrong then right, wrong both times)."""
    rr, rw, wr, ww = answers
    atoms = ["rr", "rw", "wr", "ww"]

    def vec(*names: str) -> list[Fraction]:
        return [Fraction(int(a in names)) for a in atoms]

    asked = Count(rr + rw + wr + ww, "answered")
    fr, fw = Count(rr + rw, "first right"), Count(wr + ww, "first wrong")
    lr, lw = Count(rr + wr, "latest right"), Count(rw + ww, "latest wrong")
    asked.split(fr, fw).split(lr, lw)
    protect([asked], K)
    check(
        {
            asked: vec(*atoms),
            fr: vec("rr", "rw"),
            fw: vec("wr", "ww"),
            lr: vec("rr", "wr"),
            lw: vec("rw", "ww"),
        }
    )


def test_completion_split_hides_completed_when_a_few_did_not():
    total = Count(40, "total")
    done, rest = Count(37, "completed"), Count(3, "not completed")
    total.split(done, rest)
    protect([total], K)
    assert rest.hidden == SMALL and done.hidden == COMPLEMENT and total.shown
    assert done.display(K) == "hidden"


def test_parts_must_add_up():
    with pytest.raises(ValueError):
        Count(5, "total").split(Count(2), Count(2))


# ------------------------------------------------------------------ on a whole evaluation


def _random_slips(seed: int):
    from app.models.content import ROLES
    from app.models.evidence import (
        KnowledgeResult,
        ObjectiveRating,
        ScenarioRecord,
        Slip,
        setting_for_role,
    )

    rng = random.Random(seed)
    weights = {r: rng.choice([0, 1, 2, 3, 4, 6, 12]) for r in ROLES}
    slips = []
    for n, role in enumerate(r for r, w in weights.items() for _ in range(w)):
        scenarios = []
        for sid in rng.sample(["a", "b", "c"], rng.randint(1, 3)):
            scenarios.append(
                ScenarioRecord(
                    id=sid,
                    month="2026-01",
                    reflections=1,
                    confidence=(ObjectiveRating(1, rng.randint(1, 3), rng.randint(2, 5)),),
                    knowledge=(
                        KnowledgeResult(f"{sid}.q", rng.random() < 0.7, rng.random() < 0.8),
                    ),
                )
            )
        slips.append(Slip("p", f"{n:032x}", 1, role, setting_for_role(role), tuple(scenarios)))
    return slips


@pytest.mark.parametrize("seed", range(60))
def test_a_whole_evaluation_keeps_the_rule_in_every_split(seed):
    """Every count of a real evaluation (roles, completion, knowledge at both tries)."""
    from app.models.evidence_merge import Selection, evaluate
    from app.models.evidence_privacy import _descendants, walk

    ev = evaluate(Selection("p", _random_slips(seed)), k=5)
    roots = [ev.total] + [r.answered for r in ev.knowledge] + [o.pairs for o in ev.objectives]
    for c in walk(roots):
        if c.shown:
            assert c.value == 0 or c.value >= 5, c.label
            for d in _descendants(c):
                if d.shown:
                    gap = c.value - d.value
                    assert gap == 0 or gap >= 5, (c.label, d.label, gap)
        for part in c.splits:
            hidden = [p for p in part if not p.shown]
            # One hidden part only where it is the whole split (a setting with one role), and
            # then the whole is hidden with it.
            lone = len(part) == 1 and not c.shown
            assert len(hidden) != 1 or lone, (c.label, [p.label for p in part])
            if c.shown and hidden:
                assert sum(p.value for p in hidden) >= 5
            if not c.shown and c.value:
                assert hidden, c.label  # all parts shown would add up to it
    # A rate is never shown beside a hidden count it would give back.
    for r in ev.knowledge:
        if r.first_rate is not None:
            assert r.first_right.shown and r.answered.shown
    for o in ev.objectives:
        if o.shows_figures:
            assert o.pairs.value >= 5
