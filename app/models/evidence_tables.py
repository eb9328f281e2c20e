"""The evaluation's tables as text, cell by cell: the one wording of every figure.

The PDF, the CSV files and the Programme evaluation place all show these rows, so a figure
reads the same wherever a lead finds it, and a hidden count is hidden everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.models.evidence_merge import SETTING_LABELS, Evaluation, KnowledgeRow, ObjectiveRow

NOT_SHOWN = "not shown"  # a mean or rate whose count is hidden


@dataclass(frozen=True)
class Table:
    file: str  # the CSV's name
    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    note: str = ""


def number(value: float | None, places: int = 2) -> str:
    return NOT_SHOWN if value is None else f"{value:.{places}f}"


def signed(value: float | None) -> str:
    return NOT_SHOWN if value is None else f"{value:+.2f}"


def percent(rate: float | None) -> str:
    return NOT_SHOWN if rate is None else f"{round(100 * rate)}%"


def objective_figures(row: ObjectiveRow) -> tuple[str, str, str, str, str]:
    """Mean before, mean after, mean change, CI low, CI high (or "not shown")."""
    if not row.shows_figures or row.change is None:
        return (NOT_SHOWN,) * 5
    c = row.change
    return (
        number(c.mean_before),
        number(c.mean_after),
        signed(c.mean_change),
        signed(c.ci_low),
        signed(c.ci_high),
    )


def knowledge_order(rows: list[KnowledgeRow]) -> list[KnowledgeRow]:
    """Most often wrong at the first try first; rows without a shown rate last."""
    return sorted(
        rows,
        key=lambda r: (r.first_rate is None, r.first_rate or 0.0, r.scenario, r.question),
    )


def tables(ev: Evaluation) -> list[Table]:
    k = ev.k
    participants = Table(
        "participants.csv",
        "Participants by role and setting",
        ("setting", "role", "participants"),
        [(SETTING_LABELS[r.setting], r.label, r.count.csv(k)) for r in ev.roles]
        + [("All", "All participants", ev.total.csv(k))],
    )
    completion = Table(
        "completion.csv",
        "Completion per scenario",
        ("scenario_id", "scenario", "completed", "not_completed", "participants"),
        [
            (r.scenario, r.title, r.completed.csv(k), r.not_completed.csv(k), ev.total.csv(k))
            for r in ev.completion
        ],
    )
    objectives = Table(
        "objectives.csv",
        "Confidence on each learning objective, before and after (paired)",
        (
            "scenario_id",
            "scenario",
            "objective_number",
            "objective",
            "pairs",
            "mean_before",
            "mean_after",
            "mean_change",
            "ci95_low",
            "ci95_high",
        ),
        [
            (r.scenario, r.title, str(r.number), r.objective, r.pairs.csv(k), *objective_figures(r))
            for r in ev.objectives
        ],
        note="Confidence on a 1-5 scale. Change is after minus before for the same people; "
        "the interval is a 95% confidence interval (Student's t).",
    )
    knowledge = Table(
        "knowledge.csv",
        "Knowledge checks: how often the suggested answer was chosen",
        (
            "scenario_id",
            "question_id",
            "question",
            "answered",
            "right_first_try",
            "rate_first_try",
            "right_latest",
            "rate_latest",
        ),
        [
            (
                r.scenario,
                r.question,
                r.text,
                r.answered.csv(k),
                r.first_right.csv(k),
                percent(r.first_rate),
                r.latest_right.csv(k),
                percent(r.latest_rate),
            )
            for r in knowledge_order(ev.knowledge)
        ],
        note="Most often wrong at the first try first.",
    )
    tallies = Table(
        "tallies.csv",
        "Group sessions: show of hands before and after",
        ("plan", "tally", "question", "hands_before", "mean_before", "hands_after", "mean_after"),
        [
            (
                t.plan,
                t.tally,
                t.label,
                t.hands_before.csv(k),
                number(t.mean_before),
                t.hands_after.csv(k),
                number(t.mean_after),
            )
            for t in ev.tallies
        ],
        note="Hands counted on a 1-5 question at the start and end of sessions, all rooms "
        "together.",
    )
    return [participants, completion, objectives, knowledge, tallies]
