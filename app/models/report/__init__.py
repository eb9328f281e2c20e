"""PDF reports for supervision, built from composable parts (cover, summary, entry, sign-off).

Each part is a function returning reportlab flowables, so other reports (a group session's
summary) reuse them with their own content. Input is plain data (`data.py`): the report layer
never reads the journal itself.
"""

from app.models.report.build import render, supervision_report
from app.models.report.data import (
    PAPER_SIZES,
    KnowledgeResult,
    ReportEntry,
    ReportItem,
    ReportMarker,
    ReportOptions,
    ReportPerson,
    ReportSection,
)
from app.models.report.writer import write_atomic

__all__ = [
    "PAPER_SIZES",
    "KnowledgeResult",
    "ReportEntry",
    "ReportItem",
    "ReportMarker",
    "ReportOptions",
    "ReportPerson",
    "ReportSection",
    "render",
    "supervision_report",
    "write_atomic",
]
