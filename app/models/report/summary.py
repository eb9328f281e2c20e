"""The summary: counts by topic, confidence before and after, knowledge checks, action points.

`summarise()` turns report entries into a `ReportSummary`; `summary_part()` draws any summary,
so a group session can fill a `ReportSummary` from its own data and reuse the drawing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from app.models.report.data import ReportEntry
from app.models.report.entry import QUESTION_ROOM, _plain_cells, _wrapped, answer_paragraphs
from app.models.report.styles import (
    ACCENT,
    ACCENT_SOFT,
    FONT,
    RULE,
    SHADE,
    ReportDrawing,
    ReportStyles,
    table_style,
)
from app.models.report.text import markup, one_line

NO_TOPIC = "Other"


@dataclass(frozen=True)
class TopicCount:
    topic: str
    scenarios: int
    reflections: int


@dataclass(frozen=True)
class TopicConfidence:
    topic: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class KnowledgeLine:
    label: str  # the scenario or entry the checks belong to
    correct: int
    total: int


@dataclass(frozen=True)
class ActionPoint:
    source: str  # where it came from, e.g. "Ward handover, 3 March 2025"
    text: str
    question: str = ""  # the question it answers, as it was asked


@dataclass
class ReportSummary:
    counts: list[TopicCount] = field(default_factory=list)
    confidence: list[TopicConfidence] = field(default_factory=list)
    knowledge: list[KnowledgeLine] = field(default_factory=list)
    actions: list[ActionPoint] = field(default_factory=list)
    confidence_scale: tuple[int, int] = (1, 5)


def _label(entry: ReportEntry) -> str:
    when = ""
    if entry.date:
        d = entry.date
        when = f", {d.day} {d:%B %Y}"
    return one_line(entry.title or entry.scenario_title or "Untitled") + when


def summarise(entries: list[ReportEntry]) -> ReportSummary:
    """Counts and averages over the included entries; private answers never enter it."""
    scenarios: dict[str, set[str]] = defaultdict(set)
    reflections: dict[str, int] = defaultdict(int)
    before: dict[str, list[float]] = defaultdict(list)
    after: dict[str, list[float]] = defaultdict(list)
    summary = ReportSummary()
    for entry in entries:
        topics = entry.topics or (NO_TOPIC,)
        b = [v for v in entry.confidence_before.values() if isinstance(v, int | float)]
        a = [v for v in entry.confidence_after.values() if isinstance(v, int | float)]
        for topic in topics:
            scenarios[topic].add(entry.scenario_title or entry.title)
            reflections[topic] += 1
            if b:
                before[topic].append(mean(b))
            if a:
                after[topic].append(mean(a))
        if entry.knowledge:
            right = sum(1 for k in entry.knowledge if k.correct)
            summary.knowledge.append(KnowledgeLine(_label(entry), right, len(entry.knowledge)))
        for section in entry.sections:
            for item in section.items:
                if item.action and not item.private and _has_text(item.answer):
                    summary.actions.append(
                        ActionPoint(_label(entry), _as_text(item.answer), item.question)
                    )
    for topic in sorted(reflections, key=lambda t: (t == NO_TOPIC, t.lower())):
        summary.counts.append(TopicCount(topic, len(scenarios[topic]), reflections[topic]))
        if before[topic] or after[topic]:
            summary.confidence.append(
                TopicConfidence(
                    topic,
                    round(mean(before[topic]), 1) if before[topic] else None,
                    round(mean(after[topic]), 1) if after[topic] else None,
                )
            )
    return summary


def _has_text(answer: object) -> bool:
    return bool(_as_text(answer).strip())


def _as_text(answer: object) -> str:
    if isinstance(answer, list | tuple):
        return "; ".join(str(a) for a in answer)
    return "" if answer is None else str(answer)


def _table(
    rows: Sequence[list[Paragraph] | list[str] | list[str | Paragraph]],
    widths: list[float],
    header: bool = True,
) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0)
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(table_style(style))
    return table


def confidence_chart(items: list[TopicConfidence], scale: tuple[int, int], width: float) -> Drawing:
    """Horizontal bars, one pair per topic: before (light) and after (dark)."""
    bar_h = 7
    plot_h = max(1, len(items)) * (2 * bar_h + 10)
    height = plot_h + 46
    drawing = ReportDrawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 110, 30
    chart.width, chart.height = round(width - 130), plot_h  # whole points
    chart.data = [
        [c.before if c.before is not None else 0 for c in items],
        [c.after if c.after is not None else 0 for c in items],
    ]
    chart.categoryAxis.categoryNames = [_short(c.topic, 22) for c in items]
    chart.categoryAxis.reverseDirection = 1  # first topic at the top
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    # The scale's real range (1 to 5), not 0: no one can rate their confidence 0.
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = scale[0], scale[1]
    chart.valueAxis.valueStep = 1
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.25
    chart.barWidth = bar_h
    chart.groupSpacing = 8
    chart.bars[0].fillColor = ACCENT_SOFT
    chart.bars[1].fillColor = ACCENT
    chart.bars.strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 110, height - 4
    legend.fontName, legend.fontSize = FONT, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 90
    legend.colorNamePairs = [(ACCENT_SOFT, "Before the clip"), (ACCENT, "After reflecting")]
    drawing.add(legend)
    drawing.add(
        String(
            110, 10, f"Confidence, {scale[0]} (low) to {scale[1]} (high)", fontName=FONT, fontSize=8
        )
    )
    return drawing


def _short(text: str, n: int) -> str:
    text = one_line(text)
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def _num(v: float | None) -> str:
    return "\u2014" if v is None else f"{v:g}"


# A heading needs room for itself and the first lines of what follows, or it moves on with
# them: keepWithNext alone does not hold when the next flowable is a page-break check.
HEADING_ROOM = 45 * mm


def _heading(text: str, style: ParagraphStyle) -> list[Flowable]:
    return [CondPageBreak(HEADING_ROOM), Paragraph(markup(text), style)]


def summary_part(
    styles: ReportStyles, summary: ReportSummary, width: float, heading: str = "Summary"
) -> list[Flowable]:
    """Summary flowables for a frame `width` points wide."""
    s = styles
    out: list[Flowable] = [Paragraph(markup(heading), s.h1)]

    out += _heading("Scenarios and reflections by topic", s.h2)
    if summary.counts:
        rows = [
            [
                Paragraph("Topic", s.cell_bold),
                Paragraph("Scenarios", s.cell_bold),
                Paragraph("Reflections", s.cell_bold),
            ]
        ]
        rows += [
            [
                Paragraph(markup(c.topic), s.cell),
                Paragraph(str(c.scenarios), s.cell),
                Paragraph(str(c.reflections), s.cell),
            ]
            for c in summary.counts
        ]
        out.append(_table(rows, [width - 60 * mm, 30 * mm, 30 * mm]))
    else:
        out.append(Paragraph("No reflections in this period.", s.muted))

    out += _heading("Confidence before and after", s.h2)
    if summary.confidence:
        chart = confidence_chart(summary.confidence, summary.confidence_scale, width)
        rows = [
            [
                Paragraph("Topic", s.cell_bold),
                Paragraph("Before", s.cell_bold),
                Paragraph("After", s.cell_bold),
            ]
        ]
        rows += [
            [
                Paragraph(markup(c.topic), s.cell),
                Paragraph(_num(c.before), s.cell),
                Paragraph(_num(c.after), s.cell),
            ]
            for c in summary.confidence
        ]
        # The numbers sit under the chart, so the figures are there when printed in grey.
        out.append(KeepTogether([chart, Spacer(1, 2 * mm)]))
        out.append(_table(rows, [width - 60 * mm, 30 * mm, 30 * mm]))
    else:
        out.append(Paragraph("No confidence ratings were recorded.", s.muted))

    out += _heading("Knowledge checks", s.h2)
    if summary.knowledge:
        # One row per reflection: plain cells wrapped by hand, cheap on a long export.
        plain: list[list[str | Paragraph]] = [["Reflection", "Answered well"]]
        plain += [
            [_wrapped(k.label, s.cell, width - 40 * mm - 12), f"{k.correct} of {k.total}"]
            for k in summary.knowledge
        ]
        total = sum(k.total for k in summary.knowledge)
        right = sum(k.correct for k in summary.knowledge)
        plain.append(["All", f"{right} of {total}"])
        table = _table(plain, [width - 40 * mm, 40 * mm])
        table.setStyle(
            table_style(
                [
                    *_plain_cells(s, (0, 0), (-1, 0), bold=True),
                    *_plain_cells(s, (0, 1), (-1, -2)),
                    *_plain_cells(s, (0, -1), (-1, -1), bold=True),
                ]
            )
        )
        out.append(table)
    else:
        out.append(Paragraph("No knowledge checks were answered.", s.muted))

    out += _heading("Action points", s.h2)
    if summary.actions:
        for action in summary.actions:
            # Room asked for up front rather than keepWithNext (see entry.py).
            out += [CondPageBreak(QUESTION_ROOM), Paragraph(markup(action.source), s.question)]
            if action.question:
                out.append(Paragraph(f"<i>In answer to: {markup(action.question)}</i>", s.muted))
            out += answer_paragraphs(action.text, s)
    else:
        out.append(Paragraph("No action points were written, or they were kept private.", s.muted))
    return out
