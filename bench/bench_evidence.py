"""Programme evaluation: merging 10,000 slip files, beside merely reading and parsing them.

Slips are generated like real ones (a role, 2-6 of 10 scenarios each with 3-4 objectives
rated before and after and two knowledge checks, a few facilitators' show-of-hands counts)
and written one file each, as learners hand them in. The merge is the whole use case: list the
folder, read and check every slip strictly, keep each person's latest, build every table and
hide the small counts. The floor is reading every file and `json.loads` on it, nothing else.
Sizes 1,000, 5,000 and 10,000 show how it grows. Target: 10,000 slips <= 5 s.
Writing the PDF and CSV tables afterwards is timed separately (it does not grow with slips).
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

from app.config import Paths
from app.models.content import ROLES
from app.models.evidence import (
    KnowledgeResult,
    ObjectiveRating,
    ScenarioRecord,
    Slip,
    TallyRecord,
    setting_for_role,
)
from app.services.evidence import merge, write_csv, write_report

PROGRAMME = "bench-programme"
SCENARIOS = [f"scenario-{i}" for i in range(10)]
SIZES = (1_000, 5_000, 10_000)


def _slip(rng: random.Random, n: int) -> Slip:
    role = rng.choice(list(ROLES))
    scenarios = []
    for sid in rng.sample(SCENARIOS, rng.randint(2, 6)):
        ratings = []
        for number in range(1, rng.randint(3, 4) + 1):
            before = rng.randint(1, 4)
            after = max(1, min(5, before + rng.randint(-1, 2)))
            ratings.append(ObjectiveRating(number, before if rng.random() > 0.1 else None, after))
        scenarios.append(
            ScenarioRecord(
                id=sid,
                month=f"2026-{rng.randint(1, 10):02d}",
                reflections=rng.randint(1, 3),
                model="gibbs",
                time_band="under-15-min",
                confidence=tuple(ratings),
                knowledge=tuple(
                    KnowledgeResult(f"{sid}.q{q}", rng.random() < 0.6, rng.random() < 0.8)
                    for q in (1, 2)
                ),
            )
        )
    tallies = ()
    if role == "facilitator":
        tallies = (
            TallyRecord(
                "ward-team",
                "confidence",
                "2026-06",
                tuple(rng.randint(0, 4) for _ in range(5)),
                tuple(rng.randint(0, 4) for _ in range(5)),
            ),
        )
    return Slip(
        programme=PROGRAMME,
        pseudonym=f"{n:032x}",
        sequence=1,
        role=role,
        setting=setting_for_role(role),
        scenarios=tuple(scenarios),
        tallies=tallies,
    )


def _write(folder: Path, count: int, rng: random.Random) -> None:
    folder.mkdir(parents=True)
    for n in range(count):
        data = json.dumps(_slip(rng, n).to_dict(), indent=1)
        (folder / f"slip-{n:05d}.json").write_text(data, encoding="utf-8")


def _read_only(folder: Path) -> int:
    count = 0
    for path in sorted(folder.rglob("*.json")):
        json.loads(path.read_bytes().decode("utf-8"))
        count += 1
    return count


def _timed(fn) -> tuple[float, float]:  # noqa: ANN001
    """(wall, CPU) seconds, each the fastest of three runs: other work on this machine's two
    shared cores only ever adds time, so the minimum compares most steadily."""
    wall = cpu = float("inf")
    for _ in range(3):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu


def run(report) -> None:  # noqa: ANN001
    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = Paths(data_dir=root / "home", log_dir=root / "logs", cache_dir=root / "cache")
        paths.ensure()
        names = ({}, {}, {})  # the content is not installed here: ids name things
        result = None
        for size in SIZES:
            folder = root / f"slips-{size}"
            _write(folder, size, rng)
            floor, floor_cpu = _timed(lambda folder=folder: _read_only(folder))

            def merged(folder: Path = folder) -> None:
                nonlocal result
                result = merge([folder], paths, programme=PROGRAMME, names=names)

            value, cpu = _timed(merged)
            report.add(
                f"merge {size:,} slips",
                value,
                "s",
                floor=floor,
                max_value=5.0 if size == SIZES[-1] else None,
            )
            report.add(f"merge {size:,} slips, CPU time", cpu, "s", floor=floor_cpu)
        assert result is not None and result.participants == SIZES[-1]
        out = root / "out"
        out.mkdir()
        t0 = time.perf_counter()
        write_report(result, out / "evaluation.pdf")
        write_csv(result, out / "tables")
        report.add("evaluation PDF + CSV of 10,000 slips", time.perf_counter() - t0, "s")
