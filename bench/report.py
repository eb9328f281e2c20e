"""Figures measured in one run, each beside the floor it is compared with."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    floor: float | None = None  # the same work done by the bare library, measured in this run
    target: str = ""  # e.g. "<= 2x floor" or "<= 0.5 s"
    met: bool | None = None


class Report:
    def __init__(self) -> None:
        self.figures: list[Figure] = []

    def add(
        self,
        name: str,
        value: float,
        unit: str,
        *,
        floor: float | None = None,
        max_ratio: float | None = None,
        max_value: float | None = None,
    ) -> Figure:
        """Record a figure; targets are a ratio to the floor and/or an absolute ceiling."""
        met = True
        targets = []
        if max_ratio is not None and floor:
            met &= value <= max_ratio * floor
            targets.append(f"<= {max_ratio:g}x floor")
        if max_value is not None:
            met &= value <= max_value
            targets.append(f"<= {max_value:g} {unit}")
        fig = Figure(name, value, unit, floor, ", ".join(targets), met if targets else None)
        self.figures.append(fig)
        return fig

    def table(self) -> str:
        rows = [("figure", "value", "floor", "ratio", "target", "met")]
        for f in self.figures:
            ratio = f"{f.value / f.floor:.2f}x" if f.floor else ""
            floor = f"{f.floor:.4g} {f.unit}" if f.floor is not None else ""
            met = "" if f.met is None else ("yes" if f.met else "NO")
            rows.append((f.name, f"{f.value:.4g} {f.unit}", floor, ratio, f.target, met))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)
        return "\n".join(lines)

    def as_dicts(self) -> list[dict]:
        return [asdict(f) for f in self.figures]

    def misses(self) -> list[str]:
        return [
            f"{f.name}: {f.value:.4g} {f.unit} (target {f.target})"
            for f in self.figures
            if f.met is False
        ]


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of `fn` in seconds over `repeat` runs."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
