"""An invented person and reflections, for screenshots, benchmarks and tests.

Everything here is invented; it describes no real person, patient or pupil.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.models.report.data import (
    KnowledgeResult,
    ReportEntry,
    ReportItem,
    ReportMarker,
    ReportPerson,
    ReportSection,
)

PERSON = ReportPerson("Alex Morgan", "Ward nurse", "Ward 7 (acute medicine), Riverside Hospital")

_SCENARIOS = [
    ("Low mood on the ward", ("depression", "communication")),
    ("An agitated visitor at handover", ("de-escalation", "safety")),
    ("A pupil who has stopped eating lunch", ("eating difficulties", "safeguarding")),
    ("Talking about suicidal thoughts", ("suicide prevention", "communication")),
]


def sample_entry(n: int, start: date = date(2025, 3, 3)) -> ReportEntry:
    title, topics = _SCENARIOS[n % len(_SCENARIOS)]
    day = start + timedelta(days=3 * n)
    return ReportEntry(
        id=f"sample-{n}",
        title=f"{title} \u2014 reflection {n + 1}",
        scenario_title=title,
        topics=topics,
        date=day,
        model="Gibbs' reflective cycle",
        status="final" if n % 3 else "draft",
        last_edited=datetime(day.year, day.month, day.day, 16, 40),
        revisions=n % 4,
        sections=(
            ReportSection(
                "Description",
                (
                    ReportItem(
                        "What happened?",
                        "The patient sat with the curtains drawn and answered in single words. "
                        "When I offered breakfast she said there was no point. Her daughter "
                        "had phoned twice asking how she was sleeping.",
                        question_id="gibbs-d",
                    ),
                ),
            ),
            ReportSection(
                "Feelings",
                (
                    ReportItem(
                        "What were you thinking and feeling?",
                        "I felt rushed, and worried I would say the wrong thing. Afterwards I "
                        "was glad I had stayed a few minutes longer.",
                        question_id="gibbs-f",
                    ),
                    ReportItem(
                        "How confident did you feel in that moment?",
                        3,
                        kind="rating",
                        scale=(1, 5),
                        question_id="conf-moment",
                    ),
                ),
            ),
            ReportSection(
                "Evaluation",
                (
                    ReportItem(
                        "Which signs stood out to you?",
                        ["Flat tone of voice", "Poor sleep", "Withdrawal from others"],
                        kind="checklist",
                        options=(
                            "Flat tone of voice",
                            "Poor sleep",
                            "Withdrawal from others",
                            "Talk of hopelessness",
                            "Self-neglect",
                        ),
                        question_id="signs",
                    ),
                ),
            ),
            ReportSection(
                "Action plan",
                (
                    ReportItem(
                        "If it arose again, what would you do?",
                        "Ask directly about mood and hopelessness, note it in the care plan "
                        "and talk to the liaison team before the end of my shift.",
                        action=True,
                        question_id="gibbs-a",
                    ),
                    ReportItem(
                        "Anything you want to keep for yourself?",
                        "This reminded me of my own family.",
                        private=True,
                        question_id="private-note",
                    ),
                ),
            ),
        ),
        markers=(
            ReportMarker(42, "She looks away when asked about sleep."),
            ReportMarker(95, "Daughter mentions weight loss."),
        ),
        confidence_before={"Recognising low mood": 2, "Asking about suicide": 1},
        confidence_after={"Recognising low mood": 4, "Asking about suicide": 3},
        knowledge=(
            KnowledgeResult("Early waking is a common sign of depression.", True),
            KnowledgeResult("Asking about suicide puts the idea in someone's head.", n % 2 == 0),
        ),
    )


def sample_entries(count: int = 4) -> list[ReportEntry]:
    return [sample_entry(i) for i in range(count)]
