"""Paired before/after change: the mean, its 95% confidence interval (Student's t) and n.

No SciPy on a ward PC: the t quantile is found by bisection on Student's t distribution,
whose CDF comes from the regularised incomplete beta function (Lentz's continued fraction).
Accurate to far better than the two decimals a report prints.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""

    def floor(v: float) -> float:
        return v if abs(v) > 1e-300 else 1e-300

    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 / floor(1.0 - qab * x / qap)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        for aa in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 / floor(1.0 + aa * d)
            c = floor(1.0 + aa / c)
            h *= d * c
        if abs(d * c - 1.0) < 1e-14:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


@lru_cache(maxsize=512)
def t_quantile(p: float, df: int) -> float:
    """The t value below which a fraction `p` (0.5 < p < 1) of Student's t(df) lies."""
    if not 0.5 < p < 1.0 or df < 1:
        raise ValueError("t_quantile needs 0.5 < p < 1 and df >= 1")
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2.0
    for _ in range(200):
        mid = (low + high) / 2.0
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
        if high - low < 1e-12:
            break
    return (low + high) / 2.0


@dataclass(frozen=True)
class PairedChange:
    """Before and after from the same people: their means, the mean change and its 95% CI."""

    n: int
    mean_before: float
    mean_after: float
    mean_change: float
    ci_low: float | None  # None with fewer than two pairs
    ci_high: float | None


def paired_change(before: Sequence[float], after: Sequence[float]) -> PairedChange | None:
    """None without any pairs. The CI is mean ± t(0.975, n-1) · sd / √n of the differences."""
    if len(before) != len(after):
        raise ValueError("before and after must pair up")
    n = len(before)
    if n == 0:
        return None
    diffs = [a - b for b, a in zip(before, after, strict=True)]
    mean = sum(diffs) / n
    low = high = None
    if n >= 2:
        sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1))
        half = t_quantile(0.975, n - 1) * sd / math.sqrt(n)
        low, high = mean - half, mean + half
    return PairedChange(
        n=n,
        mean_before=sum(before) / n,
        mean_after=sum(after) / n,
        mean_change=mean,
        ci_low=low,
        ci_high=high,
    )
