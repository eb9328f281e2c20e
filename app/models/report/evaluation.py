"""The programme evaluation PDF: who took part, what they completed, how confidence moved,
which knowledge checks people get wrong, and the rooms' show of hands, with charts.

Every figure comes from app/models/evidence_tables.py, the same text the CSV files and the
app show; a count from fewer than k people reads "fewer than k" here too. Nothing in it names
anyone: slips carry no names, and the report adds only the organisation's name.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from app.models.evidence_merge import Evaluation, ObjectiveRow
from app.models.evidence_tables import Table as TextTable
from app.models.evidence_tables import knowledge_order, tables
from app.models.report.build import frame_width, render
from app.models.report.data import ReportPerson
from app.models.report.styles import (
    ACCENT,
    ACCENT_SOFT,
    FONT,
    INK,
    MUTED,
    RULE,
    SHADE,
    ReportStyles,
    make_styles,
)
from app.models.report.text import markup

LABEL = "Programme evaluation \u2014 anonymous, no names"
TITLE = "Programme evaluation"
CHART_ROWS = 30  # a chart taller than this would not fit a page: it is drawn in pieces

# Columns each PDF table shows (ids stay in the CSV; people read titles).
_SHOWN: dict[str, tuple[str, ...]] = {
    "participants.csv": ("setting", "role", "participants"),
    "completion.csv": ("scenario", "completed", "not_completed", "participants"),
    "objectives.csv": (
        "objective",
        "pairs",
        "mean_before",
        "mean_after",
        "mean_change",
        "ci95_low",
        "ci95_high",
    ),
    "knowledge.csv": ("question", "answered", "rate_first_try", "rate_latest"),
    "tallies.csv": ("question", "hands_before", "mean_before", "hands_after", "mean_after"),
}
_HEADINGS = {
    "setting": "Setting",
    "role": "Role",
    "participants": "People",
    "scenario": "Scenario",
    "completed": "Completed",
    "not_completed": "Not yet",
    "objective": "Learning objective",
    "pairs": "n",
    "mean_before": "Before",
    "mean_after": "After",
    "mean_change": "Change",
    "ci95_low": "95% CI from",
    "ci95_high": "to",
    "question": "Question",
    "answered": "Answered",
    "rate_first_try": "Right first try",
    "rate_latest": "Right latest",
    "hands_before": "Hands at start",
    "hands_after": "Hands at end",
}
_WIDE = {"role", "scenario", "objective", "question"}
# Widths (mm) that keep "fewer than 5" and "not shown" on one line at the cell's size.
_WIDTHS = {
    "setting": 20,
    "participants": 22,
    "completed": 22,
    "not_completed": 22,
    "pairs": 22,
    "mean_before": 17,
    "mean_after": 17,
    "mean_change": 17,
    "ci95_low": 17,
    "ci95_high": 17,
    "answered": 22,
    "rate_first_try": 22,
    "rate_latest": 22,
    "hands_before": 22,
    "hands_after": 22,
}


def _table(t: TextTable, styles: ReportStyles, width: float) -> Flowable:
    keep = _SHOWN[t.file]
    index = [t.columns.index(c) for c in keep]
    fixed = sum(_WIDTHS.get(c, 0) for c in keep if c not in _WIDE) * mm
    wide_columns = sum(c in _WIDE for c in keep) or 1
    wide = max(40 * mm, (width - fixed) / wide_columns)
    widths = [wide if c in _WIDE else _WIDTHS.get(c, 20) * mm for c in keep]
    # A size smaller than the supervision report's cells: "fewer than 5" fits on one line.
    cell = ParagraphStyle("evaluation-cell", styles.cell, fontSize=8, leading=10.5)
    bold = ParagraphStyle("evaluation-cell-bold", styles.cell_bold, fontSize=8, leading=10.5)
    head = [Paragraph(markup(_HEADINGS[c]), bold) for c in keep]
    body = [[Paragraph(markup(row[i]), cell) for i in index] for row in t.rows]
    table = Table([head, *body], colWidths=widths, hAlign="LEFT", repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _bars(
    items: list[tuple[str, float]], width: float, *, scale_label: str, high: float = 1.0
) -> Drawing:
    """Horizontal bars from 0 to `high`, one per item, labelled on the left."""
    row, label_w = 6 * mm, 62 * mm
    chart_w = width - label_w - 14 * mm
    d = Drawing(width, row * len(items) + 8 * mm)
    top = row * len(items) + 6 * mm
    for i, (label, value) in enumerate(items):
        y = top - (i + 1) * row
        d.add(String(0, y + 1.5 * mm, _clip(label, 44), fontName=FONT, fontSize=7.5, fillColor=INK))
        track = Rect(label_w, y + 0.8 * mm, chart_w, row - 2 * mm)
        track.fillColor, track.strokeColor, track.strokeWidth = SHADE, RULE, 0.3
        d.add(track)
        bar = Rect(label_w, y + 0.8 * mm, chart_w * max(0.0, min(1.0, value / high)), row - 2 * mm)
        bar.fillColor, bar.strokeColor = ACCENT, None
        d.add(bar)
        d.add(
            String(
                label_w + chart_w + 1.5 * mm,
                y + 1.5 * mm,
                f"{round(100 * value / high)}%" if high == 1.0 else f"{value:.1f}",
                fontName=FONT,
                fontSize=7.5,
                fillColor=INK,
            )
        )
    d.add(String(label_w, 0, scale_label, fontName=FONT, fontSize=7, fillColor=MUTED))
    return d


def _forest(rows: list[ObjectiveRow], width: float) -> Drawing | None:
    """Mean change in confidence with its 95% interval, one line per objective shown."""
    rows = [r for r in rows if r.shows_figures and r.change is not None][:CHART_ROWS]
    if not rows:
        return None
    row, label_w = 7 * mm, 70 * mm
    chart_w = width - label_w - 4 * mm
    low = min(-1.0, *(r.change.ci_low or r.change.mean_change for r in rows if r.change))
    high = max(2.0, *(r.change.ci_high or r.change.mean_change for r in rows if r.change))
    low, high = float(int(low) - (1 if low < int(low) else 0)), float(int(high) + 1)

    def x(v: float) -> float:
        return label_w + chart_w * (v - low) / (high - low)

    d = Drawing(width, row * len(rows) + 12 * mm)
    top = row * len(rows) + 8 * mm
    zero = Line(x(0), 6 * mm, x(0), top)
    zero.strokeColor, zero.strokeWidth = RULE, 0.6
    d.add(zero)
    for tick in range(int(low), int(high) + 1):
        d.add(
            String(
                x(tick) - 1.5 * mm, 2 * mm, f"{tick:+d}" if tick else "0", fontName=FONT, fontSize=7
            )
        )
    for i, r in enumerate(rows):
        c = r.change
        assert c is not None
        y = top - (i + 0.5) * row
        label = f"{r.number}. {r.objective}"
        d.add(String(0, y - 1 * mm, _clip(label, 50), fontName=FONT, fontSize=7.5, fillColor=INK))
        if c.ci_low is not None and c.ci_high is not None:
            ci = Line(x(c.ci_low), y, x(c.ci_high), y)
            ci.strokeColor, ci.strokeWidth = ACCENT_SOFT, 2.5
            d.add(ci)
        dot = Rect(x(c.mean_change) - 1.2 * mm, y - 1.2 * mm, 2.4 * mm, 2.4 * mm)
        dot.fillColor, dot.strokeColor = ACCENT, None
        d.add(dot)
    d.add(
        String(
            label_w, top + 1 * mm, "Change in confidence (points on 1-5)", fontName=FONT, fontSize=7
        )
    )
    return d


def _clip(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "\u2026"


def evaluation_pdf(
    ev: Evaluation, *, organisation: str = "", made_on: date | None = None, paper: str = "a4"
) -> bytes:
    styles = make_styles()
    width = frame_width(paper)
    made_on = made_on or date.today()
    by_file = {t.file: t for t in tables(ev)}
    k = ev.k
    story: list[Flowable] = [
        Spacer(1, 4 * mm),
        Paragraph(TITLE, styles.title),
        Paragraph(markup(f"Programme {ev.programme or '(none)'}"), styles.subtitle),
    ]
    facts = [
        ("Organisation", organisation),
        ("Made on", f"{made_on.day} {made_on:%B %Y}"),
        ("People", ev.total.display(k)),
        ("Slip files read", str(ev.slips_read)),
        ("Earlier slips replaced by a later one", str(ev.replaced)),
        ("Slip files left out", str(len(ev.problems))),
    ]
    fact_rows = [
        [Paragraph(markup(a), styles.cell_bold), Paragraph(markup(b), styles.cell)]
        for a, b in facts
        if b
    ]
    ft = Table(fact_rows, colWidths=[62 * mm, None], hAlign="LEFT")
    ft.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]))
    story += [
        ft,
        Spacer(1, 4 * mm),
        Paragraph(
            markup(
                f"Built from anonymous slips that learners chose to share. A count from fewer "
                f"than {k} people reads \u201cfewer than {k}\u201d; a few other counts read "
                "\u201chidden\u201d so that a small group cannot be worked out by subtracting "
                "one figure from another. Means and rates are shown only where their count is."
            ),
            styles.muted,
        ),
    ]

    story.append(Paragraph("Who took part", styles.h1))
    story.append(_table(by_file["participants.csv"], styles, width))
    roles = [
        (r.label, r.count.value / ev.total.value)
        for r in ev.roles
        if r.role and r.count.shown and r.count.value and ev.total.shown and ev.total.value
    ]
    if roles:
        story += [Spacer(1, 3 * mm), _bars(roles, width, scale_label="Share of all participants")]

    story.append(CondPageBreak(50 * mm))
    story.append(Paragraph("Completion per scenario", styles.h1))
    comp = by_file["completion.csv"]
    if comp.rows:
        story.append(_table(comp, styles, width))
        shown = [
            (r.title, r.completed.value / ev.total.value)
            for r in ev.completion
            if r.completed.shown and ev.total.shown and ev.total.value
        ]
        for start in range(0, len(shown), CHART_ROWS):
            chart = _bars(
                shown[start : start + CHART_ROWS], width, scale_label="Share who completed"
            )
            story += [CondPageBreak(chart.height + 4 * mm), Spacer(1, 3 * mm), chart]
    else:
        story.append(Paragraph("No scenario was completed.", styles.muted))

    story.append(CondPageBreak(60 * mm))
    story.append(Paragraph("Confidence before and after", styles.h1))
    obj = by_file["objectives.csv"]
    if obj.rows:
        story.append(Paragraph(markup(obj.note), styles.muted))
        # One table and chart per scenario keeps the objective wording readable.
        for sid in dict.fromkeys(r[0] for r in obj.rows):
            rows = [r for r in obj.rows if r[0] == sid]
            part = TextTable(obj.file, obj.title, obj.columns, rows)
            story += [
                CondPageBreak(40 * mm),
                Paragraph(markup(rows[0][1]), styles.h3),
                _table(part, styles, width),
            ]
            forest = _forest([r for r in ev.objectives if r.scenario == sid], width)
            if forest is not None:
                story += [CondPageBreak(forest.height + 4 * mm), Spacer(1, 2 * mm), forest]
    else:
        story.append(Paragraph("No confidence ratings before and after.", styles.muted))

    story.append(CondPageBreak(60 * mm))
    story.append(Paragraph("Knowledge checks", styles.h1))
    kn = by_file["knowledge.csv"]
    if kn.rows:
        story.append(Paragraph(markup(kn.note), styles.muted))
        story.append(_table(kn, styles, width))
        rated = [
            (r.text, r.first_rate)
            for r in knowledge_order(ev.knowledge)
            if r.first_rate is not None
        ][:CHART_ROWS]
        if rated:
            story += [
                Spacer(1, 3 * mm),
                _bars(
                    [(t, v) for t, v in rated if v is not None],
                    width,
                    scale_label="Right at the first try",
                ),
            ]
    else:
        story.append(Paragraph("No knowledge checks answered.", styles.muted))

    story.append(CondPageBreak(40 * mm))
    story.append(Paragraph("Group sessions", styles.h1))
    ta = by_file["tallies.csv"]
    if ta.rows:
        story.append(Paragraph(markup(ta.note), styles.muted))
        story.append(_table(ta, styles, width))
    else:
        story.append(Paragraph("No show-of-hands counts from group sessions.", styles.muted))

    if ev.problems:
        story.append(CondPageBreak(30 * mm))
        story.append(Paragraph("Slip files left out", styles.h1))
        # Reasons and how many files, never file names: a learner may have named theirs.
        story.append(
            Paragraph(
                "The lead\u2019s copy of the list, file by file, is in the app and on the "
                "command line.",
                styles.muted,
            )
        )
        for reason, count in Counter(p.reason for p in ev.problems).most_common():
            files = "1 file" if count == 1 else f"{count} files"
            story.append(Paragraph(markup(f"{files}: {reason}."), styles.small))

    person = ReportPerson(name=organisation or "Programme lead", organisation=organisation)
    return render(
        story,
        person=person,
        paper=paper,
        title=f"{TITLE}: {ev.programme}",
        subject="Programme evaluation from anonymous slips",
        label=LABEL,
    )
