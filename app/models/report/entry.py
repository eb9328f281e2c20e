"""One reflection: what it was about, each question with its answer, markers, ratings, status."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table

from app.models.report.data import ReportEntry, ReportItem
from app.models.report.page import MARGIN, Anchor
from app.models.report.scripts import RightToLeftParagraph, has_rtl, needs_paragraph
from app.models.report.styles import (
    ACCENT,
    RULE,
    SHADE,
    ReportDrawing,
    ReportStyles,
    table_style,
)
from app.models.report.text import chunks, clean, markup, one_line
from app.models.timefmt import format_clock

PRIVATE_LINE = "Kept private by the author."
NO_ANSWER = "No answer."
TICKED, UNTICKED = "\u2611", "\u2610"


def answer_paragraphs(text: object, styles: ReportStyles) -> list[Flowable]:
    """A free-text answer as paragraphs; long ones in pieces so they flow across pages quickly."""
    pieces = chunks(text)
    out: list[Flowable] = []
    for i, piece in enumerate(pieces):
        style = styles.answer if i == len(pieces) - 1 else styles.answer_more
        if has_rtl(piece):
            out.append(RightToLeftParagraph(clean(piece), style))  # wraps in reading order
        else:
            out.append(Paragraph(markup(piece), style))
    return out


def rating_bar(value: float, scale: tuple[int, int], width: float = 40 * mm) -> Drawing:
    lo, hi = scale
    span = max(1, hi - lo)
    filled = max(0.0, min(1.0, (float(value) - lo) / span)) if hi > lo else 1.0
    d = ReportDrawing(width, 8)
    track = Rect(0, 1, width, 6)
    track.fillColor, track.strokeColor, track.strokeWidth = SHADE, RULE, 0.4
    d.add(track)
    if filled:
        bar = Rect(0, 1, width * filled, 6)
        bar.fillColor, bar.strokeColor = ACCENT, None
        d.add(bar)
    return d


# Headings keep with what follows by asking for room first: reportlab's keepWithNext groups
# each heading with the next flowable and wraps the whole group again, which doubled the
# layout time of a long export. The heights are a heading plus two or three lines of answer.
QUESTION_ROOM = 14 * mm
NARROWEST_FRAME = A4[0] - 2 * MARGIN  # A4 is narrower than US Letter
SECTION_ROOM = 22 * mm


class RatingLine(Flowable):
    """ "3 of 5" and a small bar, drawn straight on the canvas: a Table holding a Drawing per
    rating made a long export noticeably slower."""

    def __init__(self, value: float, scale: tuple[int, int], styles: ReportStyles) -> None:
        super().__init__()
        self.value, self.scale, self.style = value, scale, styles.cell
        self.indent = styles.answer.leftIndent

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, self.style.leading + 6
        return self.width, self.height

    def draw(self):
        canv, st = self.canv, self.style
        lo, hi = self.scale
        canv.setFont(st.fontName, st.fontSize)
        canv.setFillColor(st.textColor)
        canv.drawString(self.indent, 5, f"{self.value:g} of {hi}")
        x, w = self.indent + 22 * mm, 40 * mm
        filled = max(0.0, min(1.0, (float(self.value) - lo) / (hi - lo))) if hi > lo else 1.0
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.setFillColor(SHADE)
        canv.rect(x, 4, w, 6, stroke=1, fill=1)
        if filled:
            canv.setFillColor(ACCENT)
            canv.rect(x, 4, w * filled, 6, stroke=0, fill=1)


def _wrapped(text: object, style, width: float) -> str | Paragraph:
    """Plain text broken into lines that fit `width`, for a plain table cell: far cheaper than
    a Paragraph in every cell, and it prints markup-like text literally with no escaping.
    Text the bundled font cannot set alone (right-to-left, CJK, emoji) gets a Paragraph, which
    shapes it and switches fonts."""
    line = one_line(text)
    if needs_paragraph(line):
        return Paragraph(markup(line), style)
    return "\n".join(simpleSplit(line, style.fontName, style.fontSize, width))


def item_part(item: ReportItem, styles: ReportStyles) -> list[Flowable]:
    s = styles
    out: list[Flowable] = [
        CondPageBreak(QUESTION_ROOM),
        Paragraph(markup(item.question) or "Question", s.question),
    ]
    if item.private:
        # Never the text, never its length: only that something was kept back.
        out.append(Paragraph(PRIVATE_LINE, s.redacted))
        return out
    answer = item.answer
    if answer is None or answer == "" or answer == [] or answer == ():
        out.append(Paragraph(NO_ANSWER, s.redacted))
    elif item.kind == "rating" and isinstance(answer, int | float) and not isinstance(answer, bool):
        out.append(RatingLine(answer, item.scale, s))
    elif item.kind == "checklist" or isinstance(answer, list | tuple):
        chosen = [str(a) for a in answer] if isinstance(answer, list | tuple) else [str(answer)]
        options = list(item.options) or chosen
        # Ticked choices the options do not list (an older prompt pack) still print.
        options += [c for c in chosen if c not in options]
        # One paragraph for the whole list: a checklist is short, and each Paragraph costs.
        lines = [f"{TICKED if o in chosen else UNTICKED} {markup(o)}" for o in options]
        out.append(Paragraph("<br/>".join(lines), s.answer))
    else:
        out += answer_paragraphs(answer, s)
    return out


def _meta_table(entry: ReportEntry, styles: ReportStyles, width: float) -> Table:
    s = styles
    when = f"{entry.date.day} {entry.date:%B %Y}" if entry.date else ""
    edited = ""
    if entry.last_edited:
        e = entry.last_edited
        edited = f"{e.day} {e:%B %Y, %H:%M}"
    status = ["Draft" if entry.status == "draft" else "Final"]
    if edited:
        status.append(f"last edited {edited}")
    status.append(
        "no earlier versions"
        if entry.revisions <= 0
        else "1 earlier version"
        if entry.revisions == 1
        else f"{entry.revisions} earlier versions"
    )
    rows = [
        ("Scenario", entry.scenario_title),
        ("Topics", ", ".join(one_line(t) for t in entry.topics)),
        ("Date", when),
        ("Reflection model", entry.model),
        ("Status", "; ".join(status)),
    ]
    # Plain cells wrapped by hand (see _wrapped); padding is 6 points a side.
    value_width = width - 35 * mm - 12
    data = [[k, _wrapped(v, s.cell, value_width)] for k, v in rows if v]
    table = Table(data, colWidths=[35 * mm, width - 35 * mm], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                *_plain_cells(s, (0, 0), (0, -1), bold=True),
                *_plain_cells(s, (1, 0), (1, -1)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _plain_cells(
    s: ReportStyles, start: tuple[int, int], end: tuple[int, int], bold: bool = False
) -> list[tuple]:
    style = s.cell_bold if bold else s.cell
    return [
        ("FONTNAME", start, end, style.fontName),
        ("FONTSIZE", start, end, style.fontSize),
        ("LEADING", start, end, style.leading),
        ("TEXTCOLOR", start, end, style.textColor),
    ]


def entry_part(
    styles: ReportStyles,
    entry: ReportEntry,
    key: str,
    on_laid_out=None,
    width: float = NARROWEST_FRAME,
) -> list[Flowable]:
    """An entry's flowables; `key` names its bookmark (and the cover's contents line).
    `width` is the frame's: text in tables is wrapped to it."""
    s = styles
    title = one_line(entry.title) or one_line(entry.scenario_title) or "Untitled reflection"
    out: list[Flowable] = [
        Anchor(key, title, on_laid_out),
        Paragraph(markup(title), s.h1),
        _meta_table(entry, s, width),
    ]
    if entry.note:
        out.append(Paragraph(f"<i>{markup(entry.note)}</i>", s.answer))
    for section in entry.sections:
        out += [
            CondPageBreak(SECTION_ROOM),
            Paragraph(markup(section.title) or "Reflection", s.section),
        ]
        for item in section.items:
            out += item_part(item, s)
    if entry.confidence_before or entry.confidence_after:
        out += [CondPageBreak(SECTION_ROOM), Paragraph("Confidence", s.section)]
        names = list(dict.fromkeys([*entry.confidence_before, *entry.confidence_after]))
        rows: list[list] = [["Learning objective", "Before", "After"]]
        for name in names:
            b, a = entry.confidence_before.get(name), entry.confidence_after.get(name)
            rows.append(
                [
                    _wrapped(name, s.cell, width - 40 * mm - 12),
                    "\u2014" if b is None else one_line(b),
                    "\u2014" if a is None else one_line(a),
                ]
            )
        table = Table(
            rows, colWidths=[width - 40 * mm, 20 * mm, 20 * mm], hAlign="LEFT", repeatRows=1
        )
        table.setStyle(
            table_style(
                [
                    *_plain_cells(s, (0, 0), (-1, 0), bold=True),
                    *_plain_cells(s, (0, 1), (-1, -1)),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        out.append(table)
    if entry.knowledge:
        right = sum(1 for k in entry.knowledge if k.correct)
        out += [
            CondPageBreak(SECTION_ROOM),
            Paragraph(f"Knowledge check: {right} of {len(entry.knowledge)}", s.section),
        ]
        lines = []
        for k in entry.knowledge:
            mark = "\u2713" if k.correct else "\u2717"
            verdict = "answered well" if k.correct else "worth another look"
            lines.append(f"{mark} {markup(k.question)} <font color='#52606d'>({verdict})</font>")
        out.append(Paragraph("<br/>".join(lines), s.answer))
    if entry.markers:
        out += [CondPageBreak(SECTION_ROOM), Paragraph("Moments marked in the clip", s.section)]
        # Whole seconds, as the playhead read when the moment was marked.
        lines = [
            f"<b>{format_clock(int(m.seconds))}</b> {markup(m.note)}"
            for m in sorted(entry.markers, key=lambda m: m.seconds)
        ]
        out.append(Paragraph("<br/>".join(lines), s.answer))
    return out
