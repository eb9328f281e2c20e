"""Plain input for reports: what the person chose to include, already decided and mapped.

The report layer knows nothing of the journal store; services map entries to these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

PAPER_SIZES = ("a4", "letter")


@dataclass(frozen=True)
class ReportPerson:
    name: str
    role: str = ""
    organisation: str = ""  # organisation or setting, e.g. "Ward 7, City Hospital"


@dataclass(frozen=True)
class ReportItem:
    """One question and its answer. `kind` is text, rating, choice, checklist or yes-no."""

    question: str
    answer: str | int | float | list[str] | tuple[str, ...] | None
    kind: str = "text"
    private: bool = False
    options: tuple[str, ...] = ()
    scale: tuple[int, int] = (1, 5)  # lowest and highest value of a rating
    action: bool = False  # an "action plan" style answer: gathered into the summary's action points
    question_id: str = ""


@dataclass(frozen=True)
class ReportSection:
    title: str
    items: tuple[ReportItem, ...] = ()


@dataclass(frozen=True)
class ReportMarker:
    seconds: float
    note: str


@dataclass(frozen=True)
class KnowledgeResult:
    question: str
    correct: bool
    answer: str = ""


@dataclass(frozen=True)
class ReportEntry:
    title: str
    scenario_title: str = ""
    topics: tuple[str, ...] = ()
    date: date | datetime | None = None
    model: str = ""  # reflection model's name, e.g. "Gibbs' reflective cycle"
    status: str = "final"
    last_edited: datetime | None = None
    revisions: int = 0
    sections: tuple[ReportSection, ...] = ()
    markers: tuple[ReportMarker, ...] = ()
    confidence_before: dict[str, int] = field(default_factory=dict)
    confidence_after: dict[str, int] = field(default_factory=dict)
    knowledge: tuple[KnowledgeResult, ...] = ()
    id: str = ""
    note: str = ""  # a word about the record itself, printed under its facts


@dataclass(frozen=True)
class ReportOptions:
    paper: str = "a4"
    supervisor: str = ""
    period: tuple[date | None, date | None] = (None, None)
    password: str | None = None
    exported_on: date | None = None  # today when left out
    compress: bool = True  # tests switch it off to search the raw bytes
